#!/usr/bin/env bash
# Old against new, interleaved in one session: the build before editions (issue 12) on the
# corpus of its own generator, against the build with editions on the corpus with editions.
#
#   bench/editions.sh                          # 10,000 articles × 5 runs, 100,000 × 3
#   SIZES="1000:5 10000:7" bench/editions.sh
#
# "old": commit OLD_REV (3629aaa, main before editions), its binary and its
# examples/gen_corpus.rs (version 1: every article dated, no editions/), both built from
# `git archive` in target/bench-rev. The old binary cannot build the new corpus (it ignores
# editions/ and then the undated articles fail), so each binary builds its own generator's
# corpus. "new": the working tree's binary and generator (version 2: seven articles an edition,
# editions/YYYY-MM-DD.yaml, no `date:` in the articles; otherwise the same article bytes).
# The two corpora have the same articles, so pages differ only by what the builds make of them
# (new: an edition page a day, the archive by year, a one-page home; old: the home paginated).
# Hence the per-page figure: wall time / pages of the summary line.
#
# For each size: both corpora generated in BENCH_SHM (tmpfs), then RUNS rounds; each round
# runs both builds, the order alternating (old first in odd rounds, new first in even ones), so
# that drift in the machine's load falls on both alike. Each build is a fresh process under GNU
# time, a *full* build: its output folder (and what broadsheet keeps beside it) removed first,
# on tmpfs; `sync` before it. Wall time from bash's $EPOCHREALTIME, CPU time (user+sys) and
# peak RSS from GNU time, pages from the summary line, the load average after each build.
#
# A Markdown section "Editions (issue 12)" (medians, min–max, every run) is printed and
# appended to RESULTS; nothing in RESULTS is overwritten.
#
# Environment:
#   SIZES        N:RUNS pairs (N alone takes RUNS)        [10000:5 100000:3]
#   RUNS         rounds for an N given alone              [5]
#   OLD_REV      the "old" commit                         [3629aaa]
#   OLD_BIN, OLD_GEN, NEW_BIN, NEW_GEN   prebuilt binaries instead of building them
#   BENCH_SHM    tmpfs work folder (corpora, outputs)     [/dev/shm/broadsheet-editions]
#   RESULTS      where the section is appended            [<repo>/bench/results.md]
#   CLEAN_CORPORA=1  remove the generated corpora at the end too
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"10000:5 100000:3"}
RUNS=${RUNS:-5}
OLD_REV=${OLD_REV:-3629aaa}
SHM=${BENCH_SHM:-/dev/shm/broadsheet-editions}
RESULTS=${RESULTS:-$ROOT/bench/results.md}
TIME=/usr/bin/time

die() { echo "bench/editions: $*" >&2; exit 1; }
log() { echo "bench/editions: $*" >&2; }

for s in $SIZES; do [[ $s =~ ^[1-9][0-9]*(:[1-9][0-9]*)?$ ]] || die "SIZES are N or N:RUNS, not '$s'"; done
"$TIME" --version 2>&1 | grep -q 'GNU' || die "$TIME is not GNU time: install it (apt-get install -y time)"
[[ -d /dev/shm && -w /dev/shm ]] || die "/dev/shm is missing or not writable"
(( BASH_VERSINFO[0] >= 5 )) || die "bash 5 is needed (for \$EPOCHREALTIME)"

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-editions.XXXXXX")
cleanup() {
    local status=$?
    rm -rf "${SHM:?}/out"
    if [[ ${CLEAN_CORPORA:-0} == 1 ]]; then rm -rf "$SHM"/corpus-old-* "$SHM"/corpus-new-*; fi
    rmdir "$SHM" 2>/dev/null || true
    rm -rf "$SCRATCH"
    (( status == 0 )) || echo "bench/editions: FAILED (exit $status)" >&2
}
trap cleanup EXIT

# ---- Binaries: copied into SCRATCH, so that cargo builds during the runs change nothing -----
old_rev=$(git -C "$ROOT" rev-parse --short --verify "$OLD_REV^{commit}") || die "no commit '$OLD_REV'"
if [[ -z ${OLD_BIN:-} || -z ${OLD_GEN:-} ]]; then
    log "building broadsheet and gen_corpus at $old_rev (git archive, target/bench-rev)"
    mkdir "$SCRATCH/src"
    git -C "$ROOT" archive "$old_rev" | tar -x -C "$SCRATCH/src"
    CARGO_TARGET_DIR=$ROOT/target/bench-rev cargo build --release --quiet --bin broadsheet \
        --example gen_corpus --manifest-path "$SCRATCH/src/Cargo.toml"
    OLD_BIN=${OLD_BIN:-$ROOT/target/bench-rev/release/broadsheet}
    OLD_GEN=${OLD_GEN:-$ROOT/target/bench-rev/release/examples/gen_corpus}
fi
if [[ -z ${NEW_BIN:-} || -z ${NEW_GEN:-} ]]; then
    log "building the working tree's broadsheet and gen_corpus"
    (cd "$ROOT" && cargo build --release --quiet --bin broadsheet --example gen_corpus)
    NEW_BIN=${NEW_BIN:-$ROOT/target/release/broadsheet}
    NEW_GEN=${NEW_GEN:-$ROOT/target/release/examples/gen_corpus}
fi
for v in OLD_BIN OLD_GEN NEW_BIN NEW_GEN; do [[ -x ${!v} ]] || die "$v=${!v} is not an executable"; done
cp "$OLD_BIN" "$SCRATCH/broadsheet-old"; cp "$OLD_GEN" "$SCRATCH/gen_corpus-old"
cp "$NEW_BIN" "$SCRATCH/broadsheet-new"; cp "$NEW_GEN" "$SCRATCH/gen_corpus-new"
new_desc=$(git -C "$ROOT" rev-parse --short HEAD)
if [[ -n $(git -C "$ROOT" status --porcelain -- src themes build.rs Cargo.toml Cargo.lock examples/gen_corpus.rs) ]]; then
    new_desc="$new_desc + uncommitted changes"
fi
gen_version() { sed -n 's/^const VERSION: u32 = \([0-9]*\);.*/\1/p'; }
OLD_GEN_VERSION=$(git -C "$ROOT" show "$old_rev:examples/gen_corpus.rs" | gen_version)
NEW_GEN_VERSION=$(gen_version <"$ROOT/examples/gen_corpus.rs")

# ---- Helpers ----------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1;
    printf "%.6f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -g | head -n 1; }
maximum() { sort -g | tail -n 1; }

# corpus <old|new> <n>: generates $SHM/corpus-<v>-<n> unless its marker says it is there.
corpus() {
    local v=$1 n=$2 dir=$SHM/corpus-$1-$2 version
    if [[ $v == old ]]; then version=$OLD_GEN_VERSION; else version=$NEW_GEN_VERSION; fi
    if [[ "$(cat "$dir/.gen_corpus" 2>/dev/null)" == "gen_corpus version=$version n=$n" ]]; then
        log "N=$n: reusing the $v corpus in $dir"
        return
    fi
    log "N=$n: generating the $v corpus (generator version $version) in $dir"
    rm -rf "$dir"
    "$SCRATCH/gen_corpus-$v" "$n" "$dir"
}

# build <old|new> <n> <round>: one timed full build; a row in runs.tsv.
build() {
    local v=$1 n=$2 r=$3 out=$SHM/out/$1-$2
    rm -rf "$out"
    mkdir -p "$out"
    sync
    local t0=$EPOCHREALTIME
    if ! "$TIME" -o "$SCRATCH/time" -f '%U %S %M' "$SCRATCH/broadsheet-$v" build \
            --source "$SHM/corpus-$v-$n" --output "$out/site" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"; then
        cat "$SCRATCH/stderr" >&2
        die "N=$n $v: the build failed"
    fi
    local t1=$EPOCHREALTIME user sys rss pages load
    read -r user sys rss <"$SCRATCH/time"
    pages=$(sed -n 's/.*: \([0-9][0-9]*\) pages.*/\1/p' "$SCRATCH/stdout" | head -n 1)
    [[ -n $pages ]] || die "N=$n $v: no page count in the summary line: $(cat "$SCRATCH/stdout")"
    if (( r == 1 )); then
        editions=$(find "$out/site" -path '*/editions/*' -name index.html | wc -l)
        html=$(find "$out/site" -name '*.html' | wc -l)
        printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$v" "$html" "$editions" \
            "$(grep -m1 '^Built' "$SCRATCH/stdout")" >>"$SCRATCH/checks.tsv"
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    awk -v n="$n" -v v="$v" -v r="$r" -v a="$t0" -v b="$t1" -v u="$user" -v s="$sys" -v m="$rss" \
        -v p="$pages" -v l="$load" 'BEGIN { w = b - a;
        printf "%d\t%s\t%d\t%.6f\t%.2f\t%d\t%d\t%.2f\t%s\t%.2f\n", n, v, r, w, u + s, m, p, 1e6 * w / p, l, 1e6 * (u + s) / p }' \
        >>"$SCRATCH/runs.tsv"
    tail -n 1 "$SCRATCH/runs.tsv" | awk -F '\t' '{ printf "  %6d %s run %d: %7.3f s  cpu %6.2f s  rss %6.1f MiB  %d pages  %.1f µs/page  load %s\n",
        $1, $2, $3, $4, $5, $6 / 1024, $7, $8, $9 }' >&2
    rm -rf "$out"
}

# ---- Runs -------------------------------------------------------------------------------------
: >"$SCRATCH/runs.tsv"
: >"$SCRATCH/checks.tsv"
mkdir -p "$SHM/out"
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PLAN=""
for s in $SIZES; do
    n=${s%%:*}
    runs=$RUNS
    [[ $s == *:* ]] && runs=${s#*:}
    PLAN+="$n:$runs "
    corpus old "$n"
    corpus new "$n"
    log "N=$n: $runs rounds of old and new, the order alternating"
    for (( r = 1; r <= runs; r++ )); do
        if (( r % 2 )); then order="old new"; else order="new old"; fi
        for v in $order; do build "$v" "$n" "$r"; done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- Report -----------------------------------------------------------------------------------
stat_of() { # <n> <old|new> <column> <median|minimum|maximum>
    awk -F '\t' -v n="$1" -v v="$2" -v c="$3" '$1 == n && $2 == v { print $c }' "$SCRATCH/runs.tsv" | "$4"
}
{
    echo
    echo "## Editions (issue 12): old against new, $STARTED"
    echo
    echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r); load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER (other work shared the machine: good side by side, not as absolute times)."
    echo "*old*: $old_rev (main before editions) on its generator's corpus (version $OLD_GEN_VERSION: dated articles, no editions); *new*: $new_desc on the corpus of version $NEW_GEN_VERSION (the same articles without \`date:\`, seven to an edition in editions/YYYY-MM-DD.yaml). Built by $(rustc --version | awk '{ print $1, $2 }')."
    echo "Full builds on tmpfs, each a fresh process, old and new interleaved (the order alternating from round to round), rounds per size: ${PLAN% } (\`bench/editions.sh\`). Medians (min–max); per page: wall time / pages of the summary line."
    echo
    echo "| articles | build | wall (s) | CPU (s) | peak RSS (MiB) | pages | µs per page | per page, new / old | CPU µs per page | CPU per page, new / old |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for s in $PLAN; do
        n=${s%%:*}
        for v in old new; do
            awk -v n="$n" -v v="$v" \
                -v w="$(stat_of "$n" "$v" 4 median)" -v w0="$(stat_of "$n" "$v" 4 minimum)" -v w1="$(stat_of "$n" "$v" 4 maximum)" \
                -v c="$(stat_of "$n" "$v" 5 median)" -v c0="$(stat_of "$n" "$v" 5 minimum)" -v c1="$(stat_of "$n" "$v" 5 maximum)" \
                -v m="$(stat_of "$n" "$v" 6 median)" -v m0="$(stat_of "$n" "$v" 6 minimum)" -v m1="$(stat_of "$n" "$v" 6 maximum)" \
                -v p="$(stat_of "$n" "$v" 7 median)" \
                -v u="$(stat_of "$n" "$v" 8 median)" -v u0="$(stat_of "$n" "$v" 8 minimum)" -v u1="$(stat_of "$n" "$v" 8 maximum)" \
                -v uo="$(stat_of "$n" old 8 median)" \
                -v k="$(stat_of "$n" "$v" 10 median)" -v ko="$(stat_of "$n" old 10 median)" \
                'BEGIN { printf "| %d | %s | %.3f (%.3f–%.3f) | %.2f (%.2f–%.2f) | %.1f (%.1f–%.1f) | %d | %.1f (%.1f–%.1f) | %s | %.1f | %s |\n",
                    n, v, w, w0, w1, c, c0, c1, m / 1024, m0 / 1024, m1 / 1024, p, u, u0, u1,
                    v == "new" ? sprintf("%+.1f%%", 100 * (u / uo - 1)) : "", k,
                    v == "new" ? sprintf("%+.1f%%", 100 * (k / ko - 1)) : "" }'
        done
    done
    echo
    echo "What the builds made (first round): HTML files, of them below editions/, and the summary line:"
    echo
    echo '```'
    cat "$SCRATCH/checks.tsv"
    echo '```'
    echo
    echo "<details><summary>Every run (articles, build, round, wall s, CPU s, peak RSS KiB, pages, µs per page, load average after, CPU µs per page)</summary>"
    echo
    echo '```'
    cat "$SCRATCH/runs.tsv"
    echo '```'
    echo "</details>"
} >"$SCRATCH/section.md"
cat "$SCRATCH/section.md"
cat "$SCRATCH/section.md" >>"$RESULTS"
log "appended to $RESULTS"
