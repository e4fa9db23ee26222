#!/usr/bin/env bash
# Lighthouse's four scores (performance, accessibility, best practices, SEO) and axe-core's
# violations on the sample site: the home page, an article, an edition and the search page,
# with Lighthouse's mobile and desktop presets, and axe at 390 and 1280 px in light and dark.
# Exits non-zero when a score is below 100 (but for the exceptions bench/lighthouse/check.mjs
# names, each with its reason) or axe finds a violation. `.ci/run` runs it.
#
# It builds the sample site into target/lighthouse/site/opinion/ (the path of the sample's
# base_url), serves it with Python's http.server on loopback, and runs the pinned npm packages
# of bench/lighthouse/package-lock.json (lighthouse, axe-core, puppeteer-core) with Debian's
# Chromium. Installs chromium, npm and python3 when they are missing. Reports:
# target/lighthouse/reports/ (HTML and JSON for each page and preset; summary.json).
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/lighthouse

as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
missing=()
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing+=(chromium fonts-noto-cjk)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "lighthouse.sh: installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium || echo /usr/bin/chromium)}"

mkdir -p "$work"
cp bench/lighthouse/package.json bench/lighthouse/package-lock.json bench/lighthouse/check.mjs "$work/"
if ! cmp -s bench/lighthouse/package-lock.json "$work/node_modules/.package-lock.json.installed" 2>/dev/null; then
  npm ci --prefix "$work" --silent --no-audit --no-fund
  cp bench/lighthouse/package-lock.json "$work/node_modules/.package-lock.json.installed"
fi

cargo build --release --locked --quiet
rm -rf "$work/site" "$work/reports"
mkdir -p "$work/site" "$work/reports"
./target/release/broadsheet build --output "$work/site/opinion" >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >"$work/http.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port/opinion/"
for _ in $(seq 100); do
  if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$base" 2>/dev/null; then
    break
  fi
  sleep 0.1
done

echo "Lighthouse $(node -p 'require("./'"$work"'/node_modules/lighthouse/package.json").version') and axe-core on $base ($("$CHROME_PATH" --version 2>/dev/null | head -1), Node $(node --version))"
(cd "$work" && node check.mjs "$base" "$PWD/reports")
