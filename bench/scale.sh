#!/usr/bin/env bash
# Full builds of generated corpora by two or more binaries, interleaved (issue 17: memory and
# time per article as the archive grows).
#
#   BINS="before:/path/to/a after:/path/to/b" SIZES="10000:5 100000:3" bench/scale.sh
#
# For each size N:R it generates the corpus once (examples/gen_corpus.rs, in CORPORA), then runs
# R rounds; each round builds with every binary once (the order alternating from round to
# round) into a fresh output folder in OUT (tmpfs or disk: say which), deleted after the run.
# Each build is a fresh process under GNU time. On a disk (OUT on ext4), set DEFER_DELETE=1: each
# build's folder is then deleted only when the script ends, since deleting 700,000 files took 8
# minutes at 300,000 articles and new files skip recently deleted inodes (see bench/run.sh); on
# tmpfs each folder is deleted after its run, to keep RAM free.
# Prints, and appends to LOG, one line a build:
#   N name round wall_s cpu_s rss_KiB us_per_article load_1min
# and at the end the medians per N and binary (peak RSS: the largest).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BINS=${BINS:?BINS="name:binary ..."}
SIZES=${SIZES:-"10000:5 100000:3"}
CORPORA=${CORPORA:-/dev/shm/broadsheet-scale}
OUT=${OUT:-/dev/shm/broadsheet-scale/out}
LOG=${LOG:-/dev/null}
mkdir -p "$CORPORA" "$OUT"
(cd "$ROOT" && cargo build --release --quiet --example gen_corpus)
GEN=$ROOT/target/release/examples/gen_corpus
read -ra bins <<<"$BINS"
results=$(mktemp)
for size in $SIZES; do
    n=${size%%:*}; rounds=${size##*:}
    corpus=$CORPORA/c$n
    [[ -d $corpus ]] || "$GEN" "$n" "$corpus" >/dev/null
    for round in $(seq 1 "$rounds"); do
        order=("${bins[@]}")
        if (( round % 2 == 0 )); then
            order=(); for (( i=${#bins[@]}-1; i>=0; i-- )); do order+=("${bins[$i]}"); done
        fi
        for entry in "${order[@]}"; do
            name=${entry%%:*}; bin=${entry#*:}
            site=$OUT/site-$name-$n-$round
            rm -rf "$site" "$OUT/.site-$name-$n-$round".*
            sync
            start=$EPOCHREALTIME
            /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$bin" build -s "$corpus" -o "$site" >/dev/null 2>"$OUT/stderr"
            end=$EPOCHREALTIME
            read -r _ user sys rss <"$OUT/time"
            wall=$(echo "$end - $start" | bc)
            cpu=$(echo "$user + $sys" | bc)
            per=$(echo "scale=1; $wall * 1000000 / $n" | bc)
            load=$(cut -d' ' -f1 /proc/loadavg)
            line="$n $name $round $wall $cpu $rss $per $load"
            echo "$line" | tee -a "$LOG"
            echo "$line" >>"$results"
            [[ ${DEFER_DELETE:-0} == 1 ]] || rm -rf "$site" "$OUT/.site-$name-$n-$round".*
        done
    done
done
echo "medians (N name wall_s cpu_s peak_rss_MiB us_per_article_wall us_per_article_cpu):"
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    n, name, _, wall, cpu, rss, _, _ = line.split()
    rows[(int(n), name)].append((float(wall), float(cpu), int(rss)))
for (n, name), runs in sorted(rows.items()):
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs) / 1024
    print(f"{n} {name} {wall:.3f} {cpu:.2f} {rss:.1f} {wall*1e6/n:.1f} {cpu*1e6/n:.1f}")
PY
rm -f "$results"
rm -rf "$OUT"/site-* "$OUT"/.site-*
