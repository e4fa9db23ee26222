#!/usr/bin/env bash
# What the search index costs a build: full builds of one corpus by two binaries, interleaved,
# each into a fresh tmpfs folder, timed with /usr/bin/time -v; prints every run and the
# medians (wall, CPU, peak RSS, the search stage's wall and CPU, the index's size and files).
#
#   bench/search/build_cost.sh BEFORE AFTER CORPUS [RUNS]      # RUNS defaults to 5
#
# BEFORE and AFTER are broadsheet binaries (copy target/release/broadsheet aside for each
# commit); CORPUS a site made by `cargo run --release --example gen_corpus -- 10000 DIR`.
# Waits (up to 10 minutes) for the machine's one-minute load to fall under 1 before starting,
# and prints the load at each run: other work on the machine skews the times, not the sizes.
set -euo pipefail
BEFORE=$1 AFTER=$2 CORPUS=$3 RUNS=${4:-5}
OUT=${BENCH_SHM:-/dev/shm}/build-cost-$$
for _ in $(seq 120); do
    awk '{ exit !($1 < 1.0) }' /proc/loadavg && break
    sleep 5
done
rows=()
for i in $(seq "$RUNS"); do
    for which in before after; do
        bin=$BEFORE; [[ $which == after ]] && bin=$AFTER
        rm -rf "$OUT"
        log=$( { /usr/bin/time -v "$bin" build --verbose -s "$CORPUS" -o "$OUT" ; } 2>&1 )
        wall=$(grep 'Elapsed (wall' <<<"$log" | awk '{print $NF}' | awk -F: '{print $1*60+$2}')
        cpu=$(awk '/User time/ {u=$NF} /System time/ {s=$NF} END {print u+s}' <<<"$log")
        rss=$(awk '/Maximum resident/ {printf "%.1f", $NF/1024}' <<<"$log")
        search=$(grep 'search:' <<<"$log" | sed -E 's/.*search: +([0-9.]+) ms +\(cpu +([0-9]+) ms.*/\1 \2/')
        index=$(grep 'Search index:' <<<"$log" | sed -E 's/Search index: (.*) in ([0-9]+) files.*/\1 \2/')
        load=$(cut -d' ' -f1 /proc/loadavg)
        row="$which $i wall_s=$wall cpu_s=$cpu rss_MiB=$rss search_ms=${search% *} search_cpu_ms=${search#* } index=${index% *} files=${index##* } load=$load"
        echo "$row"
        rows+=("$row")
    done
done
rm -rf "$OUT"
for which in before after; do
    printf '%s medians:' "$which"
    for key in wall_s cpu_s rss_MiB search_ms search_cpu_ms; do
        printf ' %s=%s' "$key" "$(printf '%s\n' "${rows[@]}" | grep "^$which " | grep -o "$key=[0-9.]*" | cut -d= -f2 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
    done
    echo
done
