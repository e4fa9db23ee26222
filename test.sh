#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing, then runs every
# test. On a fresh Debian machine with only Rust, it installs Debian's chromium (and CJK fonts,
# for the browser test's screenshots), Python's feedparser and the S3 server s3s-fs (with cargo),
# then runs `cargo test`. No test
# skips: one whose tool is missing fails, and this script is what makes the tool be there.
# Arguments are passed to `cargo test` (e.g. `./test.sh --test serve`).
set -euo pipefail
cd "$(dirname "$0")"

as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    "${as_root[@]}" apt-get update -qq
    apt_updated=1
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Debian's chromium and CJK fonts (tests/browser.rs)"
  apt_install chromium fonts-noto-cjk
fi

if ! command -v python3 >/dev/null; then
  echo "test.sh: installing python3 (tests/reach.rs reads the feeds with feedparser)"
  apt_install python3
fi
if ! python3 -c 'import feedparser' 2>/dev/null; then
  echo "test.sh: installing Python's feedparser (tests/reach.rs)"
  # pip where Python allows it; Debian's own python3 refuses pip installs, and has the package.
  python3 -m pip install --quiet --disable-pip-version-check feedparser 2>/dev/null \
    || apt_install python3-feedparser
  python3 -c 'import feedparser' || {
    echo "test.sh: feedparser is still missing for $(command -v python3)" >&2
    exit 1
  }
fi

if ! command -v s3s-fs >/dev/null && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/s3s-fs" ]; then
  echo "test.sh: installing s3s-fs (tests/deploy.rs deploys to a real S3 server on loopback)"
  cargo install --quiet s3s-fs --version 0.14.1 --features binary
fi

exec cargo test --locked "$@"
