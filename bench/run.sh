#!/usr/bin/env bash
# Benchmarks `broadsheet build` on generated archives (issue 4).
#
#   bench/run.sh                       # N = 1000, 10000, 100000; 5 runs each
#   SIZES="1000 10000" RUNS=7 bench/run.sh
#
# For each N it generates a corpus once (examples/gen_corpus.rs, kept in /dev/shm and reused
# while the generator's version and N match), then, for each output target (tmpfs: /dev/shm,
# disk: target/bench-out), times RUNS full builds (nothing in the output's place before each),
# each followed by a *second* build into the same output with nothing changed (issue 4's
# "second build"), then RUNS more unchanged *rebuilds* (the steady state: third build onwards).
# Each run is a fresh process under GNU time: wall time (bash's $EPOCHREALTIME, µs), CPU time
# (user+sys) and peak RSS come from it; pages from the binary's summary line; per-stage times
# from `--verbose`. It also checks that the output is byte-identical across all these builds,
# and how many files the second build left untouched (same size and modification time).
#
# The table is printed and written to bench/results.md (RESULTS to change).
#
# Environment:
#   SIZES        article counts                       [1000 10000 100000]
#   RUNS         timed runs per N, target and kind    [5]
#   TARGETS      output targets: tmpfs and/or disk    [tmpfs disk]
#   BENCH_SHM    tmpfs work folder (corpora, tmpfs output) [/dev/shm/broadsheet-bench]
#   BENCH_DISK   on-disk output folder                [<repo>/target/bench-out]
#   REV          measure this commit (e.g. HEAD) instead of the working tree: it is exported with
#                `git archive` and built in target/bench-rev, so others' uncommitted edits are
#                left out; the generator always comes from the working tree
#   BROADSHEET   a prebuilt binary to measure instead of building target/release/broadsheet
#   RESULTS      where to write the Markdown report   [<repo>/bench/results.md]
#   DROP_CACHES=1  before each disk run, after `sync`, drop the kernel's caches (root only):
#                times then include reading metadata back from the disk        [0]
#   CLEAN_CORPORA=1  remove the generated corpora at the end too
#
# Why disk outputs are never deleted between runs: on ext4 without a journal (this VM's root
# file system), inodes deleted in the last 60 s (360 s while their inode-table block is dirty in
# the cache) are skipped, one cached-block lookup each, when new ones are allocated. When each
# run followed the deletion of the previous run's site, disk times grew run after run (10,000
# articles: 2.4 s, 3.3 s, 4.8 s, 8.2 s, 11.2 s; 100,000: 16 s to 61 s). So each full disk build
# writes into a fresh folder, and all of them are deleted when the script ends (RUNS × the
# output size: about 1.5 GiB per 100,000 articles). A deletion shortly before the script (an
# earlier run of it) can still slow its first disk runs; DROP_CACHES=1 avoids that, at the cost
# of cold metadata.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-5}
TARGETS=${TARGETS:-"tmpfs disk"}
SHM=${BENCH_SHM:-/dev/shm/broadsheet-bench}
DISK=${BENCH_DISK:-$ROOT/target/bench-out}
RESULTS=${RESULTS:-$ROOT/bench/results.md}
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZES must be numbers, not '$n'"; done
for t in $TARGETS; do [[ $t == tmpfs || $t == disk ]] || die "TARGETS are tmpfs and disk, not '$t'"; done
(( RUNS >= 5 )) || log "warning: RUNS=$RUNS; issue 4 asks for medians over at least 5 runs"
"$TIME" --version 2>&1 | grep -q 'GNU' \
    || die "$TIME is not GNU time: install it (apt-get install -y time)"
[[ -d /dev/shm && -w /dev/shm ]] || die "/dev/shm is missing or not writable"
DROP_CACHES=${DROP_CACHES:-0}
case $DROP_CACHES in
    1) [[ -w /proc/sys/vm/drop_caches ]] || die "DROP_CACHES=1 needs a writable /proc/sys/vm/drop_caches (root)" ;;
    0) ;;
    *) die "DROP_CACHES is 0 or 1, not '$DROP_CACHES'" ;;
esac
(( BASH_VERSINFO[0] >= 5 )) || die "bash 5 is needed (for \$EPOCHREALTIME)"

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-bench.XXXXXX")
cleanup() {
    local status=$?
    local n
    # Only what this script made: BENCH_SHM and BENCH_DISK may be folders with other things in.
    for n in $SIZES; do
        rm -rf "${SHM:?}/out/$n" "${DISK:?}/$n"
        if [[ ${CLEAN_CORPORA:-0} == 1 ]]; then rm -rf "$SHM/corpus-$n"; fi
    done
    rmdir "$SHM/out" "$DISK" "$SHM" 2>/dev/null || true
    rm -rf "$SCRATCH"
    # Written back, the deleted inodes stop slowing ext4's allocator after 60 s instead of 360 s.
    sync
    (( status == 0 )) || echo "bench: FAILED (exit $status); outputs removed" >&2
}
trap cleanup EXIT

# ---- Binaries ---------------------------------------------------------------------------------
log "building the release binary and the generator"
if [[ -n ${BROADSHEET:-} ]]; then
    (cd "$ROOT" && cargo build --release --quiet --example gen_corpus)
    BIN=$(realpath "$BROADSHEET")
elif [[ -n ${REV:-} ]]; then
    rev=$(git -C "$ROOT" rev-parse --short --verify "$REV^{commit}") || die "no commit '$REV'"
    mkdir "$SCRATCH/src"
    git -C "$ROOT" archive "$rev" | tar -x -C "$SCRATCH/src"
    (cd "$ROOT" && cargo build --release --quiet --example gen_corpus)
    CARGO_TARGET_DIR=$ROOT/target/bench-rev cargo build --release --quiet --bin broadsheet \
        --manifest-path "$SCRATCH/src/Cargo.toml"
    BIN=$ROOT/target/bench-rev/release/broadsheet
else
    (cd "$ROOT" && cargo build --release --quiet --bin broadsheet --example gen_corpus)
    BIN=$ROOT/target/release/broadsheet
fi
[[ -x $BIN ]] || die "no binary at $BIN"
# Copies, so that another cargo build into target/ during the runs changes nothing measured.
cp "$BIN" "$SCRATCH/broadsheet"
cp "$ROOT/target/release/examples/gen_corpus" "$SCRATCH/gen_corpus"
BIN=$SCRATCH/broadsheet
GEN=$SCRATCH/gen_corpus
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n ${BROADSHEET:-} ]]; then
    commit="binary $BROADSHEET"
elif [[ -n ${REV:-} ]]; then
    commit="$rev (REV=$REV, built from git archive)"
elif [[ -n $(git -C "$ROOT" status --porcelain -- src themes build.rs Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    commit="$commit + uncommitted changes"
fi
VERBOSE=()
if "$BIN" build --help 2>/dev/null | grep -q -- '--verbose'; then VERBOSE=(--verbose); fi
GEN_VERSION=$(sed -n 's/^const VERSION: u32 = \([0-9]*\);.*/\1/p' "$ROOT/examples/gen_corpus.rs")
[[ -n $GEN_VERSION ]] || die "cannot read VERSION from examples/gen_corpus.rs"

# ---- Helpers ----------------------------------------------------------------------------------
# Median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1;
    printf "%.6f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }

# A digest of every file's path and bytes below $1.
digest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }
# path, size and mtime of every file below $1.
listing() { (cd "$1" && find . -type f -printf '%P\t%s\t%T@\n' | LC_ALL=C sort); }

# Makes sure $1 holds the corpus of $2 articles, generating it when missing or stale.
corpus() {
    local dir=$1 n=$2
    if [[ "$(cat "$dir/.gen_corpus" 2>/dev/null)" == "gen_corpus version=$GEN_VERSION n=$n" ]]; then
        log "N=$n: reusing the corpus in $dir"
        return
    fi
    log "N=$n: generating the corpus in $dir"
    rm -rf "$dir"
    "$GEN" "$n" "$dir"
}

# One timed build: run <n> <target> <kind> <out>; appends a row to $SCRATCH/runs.tsv and the
# stage times to $SCRATCH/stages.tsv.
run() {
    local n=$1 target=$2 kind=$3 out=$4 corpus=$SHM/corpus-$1
    local stdout=$SCRATCH/stdout stderr=$SCRATCH/stderr times=$SCRATCH/time
    sync
    if [[ $target == disk && $DROP_CACHES == 1 ]]; then echo 3 >/proc/sys/vm/drop_caches; fi
    local t0=$EPOCHREALTIME
    if ! "$TIME" -o "$times" -f '%U %S %M' "$BIN" build --source "$corpus" --output "$out" \
            "${VERBOSE[@]}" >"$stdout" 2>"$stderr"; then
        cat "$stderr" >&2
        die "N=$n $target $kind: the build failed"
    fi
    local t1=$EPOCHREALTIME
    local wall user sys rss pages
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
    read -r user sys rss <"$times"
    pages=$(sed -n 's/.*: \([0-9][0-9]*\) pages.*/\1/p' "$stdout" | head -n 1)
    [[ -n $pages ]] || die "N=$n: no page count in the summary line: $(cat "$stdout")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$target" "$kind" "$wall" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$rss" "$pages" \
        "$user" "$sys" >>"$SCRATCH/runs.tsv"
    # "   render:     20.2 ms" → n target kind render 20.2
    awk -v p="$n	$target	$kind" '$1 ~ /:$/ && $3 == "ms" { sub(/:$/, "", $1); print p "\t" $1 "\t" $2 }' \
        "$stderr" >>"$SCRATCH/stages.tsv"
    printf '  %-6s %-7s %-8s %8.3f s  cpu %6.2f s  rss %6.1f MiB  %s pages\n' "$n" "$target" \
        "$kind" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
        "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$pages" >&2
}

# ---- Runs -------------------------------------------------------------------------------------
: >"$SCRATCH/runs.tsv"
: >"$SCRATCH/stages.tsv"
: >"$SCRATCH/checks.tsv"
mkdir -p "$SHM/out"
for n in $SIZES; do
    # Room for the corpus, and for two copies of the site while a build replaces the old one.
    need_kib=$(( n * 4 + n * 2 * 16 ))
    free_kib=$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')
    (( free_kib > need_kib )) \
        || die "N=$n needs about $(( need_kib / 1024 )) MiB in /dev/shm; $(( free_kib / 1024 )) MiB free"
    corpus "$SHM/corpus-$n" "$n"
    for target in $TARGETS; do
        # Each output gets a folder of its own: broadsheet keeps a work tree and manifests
        # beside the output folder, and a full build must start without them.
        case $target in
            tmpfs) base=$SHM/out/$n ;;
            disk)
                base=$DISK/$n
                mkdir -p "$DISK"
                need_kib=$(( RUNS * n * 16 * 2 ))
                free_kib=$(df -Pk "$DISK" | awk 'NR == 2 { print $4 }')
                (( free_kib > need_kib )) || die "N=$n needs about $(( need_kib / 1024 )) MiB free below $DISK; $(( free_kib / 1024 )) MiB free"
                ;;
        esac
        log "N=$n, output on $target ($base): $RUNS full builds, each followed by a second build"
        digests=()
        for (( r = 1; r <= RUNS; r++ )); do
            home=$base/$r
            out=$home/site
            # tmpfs: one folder, emptied; disk: a fresh folder each time (see the top).
            if [[ $target == tmpfs ]]; then rm -rf "$base"; fi
            mkdir -p "$home"
            run "$n" "$target" full "$out"
            if (( r == 1 || r == RUNS )); then digests+=("$(digest "$out")"); fi
            if (( r == 1 )); then
                html=$(find "$out" -type f -name '*.html' | wc -l)
                files=$(find "$out" -type f | wc -l)
                size=$(du -sk "$out" | cut -f1)
                listing "$out" >"$SCRATCH/before"
            fi
            run "$n" "$target" second "$out"
            if (( r == 1 )); then
                # Files whose size and mtime are as the full build left them.
                kept=$(listing "$out" | LC_ALL=C comm -12 - "$SCRATCH/before" | wc -l)
                digests+=("$(digest "$out")")
            fi
        done
        log "N=$n, output on $target: $RUNS more unchanged rebuilds"
        for (( r = 1; r <= RUNS; r++ )); do
            run "$n" "$target" rebuild "$out"
        done
        digests+=("$(digest "$out")")
        same=yes
        for d in "${digests[@]}"; do [[ $d == "${digests[0]}" ]] || same=no; done
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$target" "$html" "$files" "$size" "$same" \
            "$kept" >>"$SCRATCH/checks.tsv"
        if [[ $target == tmpfs ]]; then rm -rf "$base"; fi
    done
done

# ---- Report -----------------------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
disk_fs=$(df -PT "$(dirname "$DISK")" | awk 'NR == 2 { print $2 }')

stat_of() { # <n> <target> <kind> <column> <median|maximum>
    awk -F '\t' -v n="$1" -v t="$2" -v k="$3" -v c="$4" '$1 == n && $2 == t && $3 == k { print $c }' \
        "$SCRATCH/runs.tsv" | "$5"
}

{
    echo "# broadsheet build benchmark"
    echo
    echo "Machine: $(nproc) cores, $cpu, $mem RAM, Linux $(uname -r); $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo "broadsheet $commit, $("$BIN" --version 2>/dev/null | awk '{ print $2 }'), built by $(rustc --version 2>/dev/null | awk '{ print $1, $2 }')."
    echo "Corpora: \`examples/gen_corpus.rs\` (version $GEN_VERSION), in /dev/shm; tmpfs output in $SHM/out, disk output ($disk_fs) in ${DISK#"$ROOT"/}."
    echo "Medians of $RUNS runs, each a fresh process (\`bench/run.sh\`); peak RSS is the largest of the runs."
    echo "*full*: output folder (and anything broadsheet keeps beside it) absent before the build; *second*: the build right after a full one, into the same output, nothing changed; *rebuild*: the third and later builds, nothing changed."
    if [[ $DROP_CACHES == 1 ]]; then
        echo "Before each run: \`sync\`; before each disk run also drop_caches (cold metadata). Each full disk build writes a fresh folder (see bench/run.sh for why)."
    else
        echo "Before each run: \`sync\`; caches warm. Each full disk build writes a fresh folder, nothing is deleted on disk until the end (see bench/run.sh for why)."
    fi
    echo
    echo "| articles | output | build | wall (s) | CPU (s) | CPU/wall | peak RSS (MiB) | pages | pages/s |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---:|"
    for n in $SIZES; do
        for target in $TARGETS; do
            for kind in full second rebuild; do
                wall=$(stat_of "$n" "$target" "$kind" 4 median)
                cpu_s=$(stat_of "$n" "$target" "$kind" 5 median)
                rss=$(stat_of "$n" "$target" "$kind" 6 maximum)
                pages=$(stat_of "$n" "$target" "$kind" 7 maximum)
                awk -v n="$n" -v t="$target" -v k="$kind" -v w="$wall" -v c="$cpu_s" -v r="$rss" -v p="$pages" \
                    'BEGIN { printf "| %d | %s | %s | %.3f | %.2f | %.2f | %.0f | %d | %.0f |\n", n, t, k, w, c, c / w, r / 1024, p, p / w }'
            done
        done
    done
    echo
    echo "Builds with nothing changed against a full build (medians), identical output and kept files:"
    echo
    echo "| articles | output | second / full | rebuild / full | output identical across builds | files the second build left untouched (size, mtime) | HTML files | output size (MiB) |"
    echo "|---:|---|---:|---:|---|---:|---:|---:|"
    while IFS=$'\t' read -r n target html files size same kept; do
        full=$(stat_of "$n" "$target" full 4 median)
        second=$(stat_of "$n" "$target" second 4 median)
        rebuild=$(stat_of "$n" "$target" rebuild 4 median)
        awk -v n="$n" -v t="$target" -v f="$full" -v c="$second" -v r="$rebuild" -v s="$same" -v k="$kept" -v a="$files" -v h="$html" -v z="$size" \
            'BEGIN { printf "| %d | %s | %.0f%% | %.0f%% | %s | %d of %d | %d | %.0f |\n", n, t, 100 * c / f, 100 * r / f, s, k, a, h, z / 1024 }'
    done <"$SCRATCH/checks.tsv"
    if [[ -s $SCRATCH/stages.tsv ]]; then
        echo
        echo "Stages (\`build --verbose\`), median ms:"
        echo
        stages=$(awk -F '\t' '!seen[$4]++ { printf "%s ", $4 }' "$SCRATCH/stages.tsv")
        printf '| articles | output | build |'; for s in $stages; do printf ' %s |' "$s"; done; echo
        printf '|---:|---|---|'; for s in $stages; do printf -- '---:|'; done; echo
        for n in $SIZES; do
            for target in $TARGETS; do
                for kind in full second rebuild; do
                    printf '| %s | %s | %s |' "$n" "$target" "$kind"
                    for s in $stages; do
                        v=$(awk -F '\t' -v n="$n" -v t="$target" -v k="$kind" -v s="$s" \
                            '$1 == n && $2 == t && $3 == k && $4 == s { print $5 }' "$SCRATCH/stages.tsv" | median || true)
                        if [[ -n $v ]]; then printf ' %.1f |' "$v"; else printf ' – |'; fi
                    done
                    echo
                done
            done
        done
    fi
    echo
    echo "<details><summary>Every run (articles, output, build, wall s, CPU s, peak RSS KiB, pages, user s, sys s)</summary>"
    echo
    echo '```'
    cat "$SCRATCH/runs.tsv"
    echo '```'
    echo "</details>"
} >"$SCRATCH/results.md"

mkdir -p "$(dirname "$RESULTS")"
cp "$SCRATCH/results.md" "$RESULTS"
echo
cat "$RESULTS"
log "written to $RESULTS"
