#!/usr/bin/env bash
# Load on the dev server while files change: `wrk` with 200 connections for 20 s against
# `broadsheet serve --watch` on a copy of the sample site, over loopback, while a loop saves the
# article being requested every 200 ms (so each request races the rebuilds). Prints requests/s,
# latency (p50, p99, max), errors (socket errors and non-2xx answers), the rebuilds done, and
# the server's memory (VmRSS and VmHWM of /proc/PID/status) before and after.
#
#   bench/serve_load.sh
#   CONNECTIONS=50 DURATION=10 bench/serve_load.sh
#
# Needs `wrk` (Debian: apt-get install -y wrk). Builds target/release/broadsheet first (set
# BROADSHEET to measure a binary of your own). Everything it starts (the server, the save loop,
# wrk) is stopped when it ends, however it ends, and its copy of the site is removed; it gives up
# after DURATION + 120 s in all.
#
# Environment:
#   CONNECTIONS  open connections                    [200]
#   THREADS      wrk threads                         [2]
#   DURATION     seconds of load                     [20]
#   EVERY        seconds between two saves           [0.2]
#   SAVES        the most saves made                 [DURATION / EVERY + 10]
#   BROADSHEET   the binary to measure               [target/release/broadsheet, built]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
DURATION=${DURATION:-20}
EVERY=${EVERY:-0.2}
SAVES=${SAVES:-$(awk -v d="$DURATION" -v e="$EVERY" 'BEGIN { printf "%d", d / e + 10 }')}
# The article the loop saves, and its page, which wrk asks for.
ARTICLE=articles/以价值创造为社会工作添彩.md
PAGE=articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/

die() { echo "serve_load: $*" >&2; exit 1; }
log() { echo "serve_load: $*" >&2; }

for n in "$CONNECTIONS" "$THREADS" "$DURATION" "$SAVES"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS, THREADS, DURATION and SAVES are whole numbers, not '$n'"
done
[[ $EVERY =~ ^[0-9]*\.?[0-9]+$ ]] || die "EVERY is a number of seconds, not '$EVERY'"
command -v wrk >/dev/null || die "needs wrk: apt-get install -y wrk"

if [[ -z ${BROADSHEET:-} ]]; then
  log "building the release binary"
  (cd "$ROOT" && cargo build --release --locked --quiet)
  BROADSHEET=$ROOT/target/release/broadsheet
fi
[[ -x $BROADSHEET ]] || die "no binary at $BROADSHEET"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-load.XXXXXX")
server_pid=""
saver_pid=""
stop() {
  # Only what this script started, by its process id.
  [[ -n $saver_pid ]] && kill "$saver_pid" 2>/dev/null || true
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 130' INT TERM

SITE=$WORK/site
mkdir -p "$SITE"
cp -R "$ROOT/articles" "$ROOT/site.yaml" "$SITE/"
# The two versions the loop saves in turn: a paragraph more, and the article as it is.
cp "$SITE/$ARTICLE" "$WORK/a.md"
{ cat "$WORK/a.md"; printf '\n压力测试时保存的一段。\n'; } >"$WORK/b.md"

# Port 0: the system gives a free one, and the server prints which.
"$BROADSHEET" serve --watch --source "$SITE" --bind 127.0.0.1 --port 0 >"$WORK/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 300); do
  kill -0 "$server_pid" 2>/dev/null || die "the server stopped: $(cat "$WORK/server.log")"
  if grep -q '^Watching for changes' "$WORK/server.log"; then
    url=$(sed -n 's/^Serving .* at \(http:\/\/127\.0\.0\.1:[0-9]*\/.*\)$/\1/p' "$WORK/server.log" | head -n 1)
    break
  fi
  sleep 0.1
done
[[ -n $url ]] || die "the server did not say where it serves within 30 s: $(cat "$WORK/server.log")"
target="$url$PAGE"
status=$(curl -s -o /dev/null -w '%{http_code}' "$target" 2>/dev/null || echo "no curl")
log "serving at $url (pid $server_pid); GET $PAGE: $status"

memory() { awk '/^(VmRSS|VmHWM):/ { printf "%s %.1f MiB  ", $1, $2 / 1024 }' "/proc/$server_pid/status"; }
before=$(memory)

# Saved as editors save: the new text beside the file, renamed over it.
(
  for i in $(seq "$SAVES"); do
    if (( i % 2 )); then from=b; else from=a; fi
    cp "$WORK/$from.md" "$SITE/$ARTICLE.tmp"
    mv "$SITE/$ARTICLE.tmp" "$SITE/$ARTICLE"
    sleep "$EVERY"
  done
) &
saver_pid=$!

command=(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$target")
log "${command[*]}"
timeout $((DURATION + 120)) "${command[@]}" >"$WORK/wrk.txt" || die "wrk failed: $(cat "$WORK/wrk.txt")"
after=$(memory)
kill "$saver_pid" 2>/dev/null || true
wait "$saver_pid" 2>/dev/null || true
saver_pid=""

cat "$WORK/wrk.txt"
field() { awk "$1" "$WORK/wrk.txt"; }
requests=$(field '/^Requests\/sec:/ { print $2 }')
p50=$(field '/^ +50%/ { print $2 }')
p99=$(field '/^ +99%/ { print $2 }')
max=$(field '/^ +Latency / { print $4 }')
total=$(field '/requests in/ { print $1 }')
socket=$(field '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }')
non2xx=$(field '/Non-2xx or 3xx responses:/ { print $NF }')
rebuilds=$(grep -c '^Rebuilt' "$WORK/server.log" || true)
failed=$(grep -c 'rebuild failed' "$WORK/server.log" || true)

echo
echo "broadsheet serve --watch under load ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores)"
echo "  command:        ${command[*]}"
echo "  requests:       $total in ${DURATION} s, $requests/s"
echo "  latency:        p50 $p50, p99 $p99, max $max"
echo "  socket errors:  ${socket:-none}"
echo "  non-2xx:        ${non2xx:-0}"
echo "  saves:          every ${EVERY} s (at most $SAVES); rebuilds: $rebuilds ($failed failed)"
echo "  server memory:  before: $before"
echo "                  after:  $after"
