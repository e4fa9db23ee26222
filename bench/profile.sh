#!/usr/bin/env bash
# Profiles one `broadsheet build` of a generated corpus, output on tmpfs.
#
#   bench/profile.sh [N] [full|second]          # default: 10000 full
#   PROFILER=callgrind bench/profile.sh 1000     # instruction counts, user space only
#
# perf (default): `perf record -e cpu-clock` with DWARF call graphs (a software clock, so it
# works in VMs without hardware counters; the unwinding roughly doubles the build's time), then
# bench/perf_breakdown.py splits the samples by build stage and by component, kernel included.
# callgrind: valgrind's instruction counts, inclusive, for the functions of broadsheet and its
# libraries; no kernel time, so file-system costs do not show.
#
# *full* builds into an empty folder; *second* builds once untimed, then profiles a second build
# into the same folder with nothing changed. Corpora are shared with bench/run.sh (/dev/shm).
# Environment: BROADSHEET (a prebuilt binary), BENCH_SHM, PROFILER (perf or callgrind), KEEP=1
# to keep the raw profile in bench/profile-<N>-<kind>.{perf.data,callgrind}.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-10000}
KIND=${2:-full}
PROFILER=${PROFILER:-perf}
SHM=${BENCH_SHM:-/dev/shm/broadsheet-bench}
die() { echo "profile: $*" >&2; exit 1; }

[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a number, not '$N'"
[[ $KIND == full || $KIND == second ]] || die "the kind is full or second, not '$KIND'"
case $PROFILER in
    perf) command -v perf >/dev/null || die "perf is missing: apt-get install -y linux-perf" ;;
    callgrind) command -v valgrind >/dev/null || die "valgrind is missing: apt-get install -y valgrind" ;;
    *) die "PROFILER is perf or callgrind, not '$PROFILER'" ;;
esac

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-profile.XXXXXX")
OUT=$(mktemp -d /dev/shm/broadsheet-profile.XXXXXX)
trap 'rm -rf "$SCRATCH" "$OUT"' EXIT

(cd "$ROOT" && cargo build --release --quiet --example gen_corpus)
if [[ -n ${BROADSHEET:-} ]]; then
    BIN=$(realpath "$BROADSHEET")
else
    (cd "$ROOT" && cargo build --release --quiet --bin broadsheet)
    BIN=$ROOT/target/release/broadsheet
fi
cp "$BIN" "$SCRATCH/broadsheet"
BIN=$SCRATCH/broadsheet

version=$(sed -n 's/^const VERSION: u32 = \([0-9]*\);.*/\1/p' "$ROOT/examples/gen_corpus.rs")
corpus=$SHM/corpus-$N
if [[ "$(cat "$corpus/.gen_corpus" 2>/dev/null)" != "gen_corpus version=$version n=$N" ]]; then
    rm -rf "$corpus"
    "$ROOT/target/release/examples/gen_corpus" "$N" "$corpus"
fi

site=$OUT/site
if [[ $KIND == second ]]; then
    "$BIN" build --source "$corpus" --output "$site" >/dev/null
fi
build=("$BIN" build --source "$corpus" --output "$site" --verbose)
echo "profile: $PROFILER, N=$N, $KIND build of $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)" >&2

case $PROFILER in
    perf)
        perf record -q -e cpu-clock -F 1999 -m 2048 --call-graph dwarf,16384 \
            -o "$SCRATCH/perf.data" "${build[@]}"
        perf script -i "$SCRATCH/perf.data" -F tid,ip,sym 2>/dev/null >"$SCRATCH/perf.txt"
        python3 "$ROOT/bench/perf_breakdown.py" "$SCRATCH/perf.txt"
        echo
        echo "== hottest functions (self) =="
        perf report -i "$SCRATCH/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null \
            | grep -E '^ +[0-9]' | head -n 25 | sed -E 's/ {2,}/  /g; s/( +-)+ *$//'
        if [[ ${KEEP:-0} == 1 ]]; then cp "$SCRATCH/perf.data" "$ROOT/bench/profile-$N-$KIND.perf.data"; fi
        ;;
    callgrind)
        valgrind -q --tool=callgrind --callgrind-out-file="$SCRATCH/callgrind.out" "${build[@]}"
        echo
        echo "== inclusive instructions, broadsheet's and its libraries' functions =="
        callgrind_annotate --inclusive=yes "$SCRATCH/callgrind.out" 2>/dev/null \
            | grep -E '^ *[0-9,]+ \( *[0-9.]+%\)  .*(broadsheet::|tera::tera::Tera::render_to|serde_yaml::de|pulldown_cmark::(firstpass|html)|lookup_slow).*\[' \
            | sed -E 's/^( *[0-9,]+ \( *[0-9.]+%\))  [^:]*:/\1  /; s/ \[[^]]*\]$//' | head -n 25
        echo
        echo "== self instructions =="
        callgrind_annotate "$SCRATCH/callgrind.out" 2>/dev/null | grep -E '^ *[0-9,]+ \( *[0-9.]+%\)  ' \
            | sed -E 's/^( *[0-9,]+ \( *[0-9.]+%\))  [^:]*:/\1  /; s/ \[[^]]*\]$//' | sed -n '2,21p'
        if [[ ${KEEP:-0} == 1 ]]; then cp "$SCRATCH/callgrind.out" "$ROOT/bench/profile-$N-$KIND.callgrind"; fi
        ;;
esac
