#!/usr/bin/env bash
# The Pagefind side of issue 5, end to end: build both sites, index them with Pagefind (timed),
# evaluate plain and "quoted" (phrase) queries. Results land in bench/search/results/.
#
#   bench/search/run_pagefind.sh
#
# Environment: EVAL_DIR [/dev/shm/search-eval], CORPUS [/dev/shm/broadsheet-bench/corpus-10000],
#   BROADSHEET [target/release/broadsheet], RUNS [3] (indexing runs per site).
set -euo pipefail
cd "$(dirname "$0")/../.."
EVAL_DIR=${EVAL_DIR:-/dev/shm/search-eval}
CORPUS=${CORPUS:-/dev/shm/broadsheet-bench/corpus-10000}
BROADSHEET=${BROADSHEET:-target/release/broadsheet}
RUNS=${RUNS:-3}
R=bench/search/results
mkdir -p "$EVAL_DIR" "$R"

[ -x "$BROADSHEET" ] || cargo build --release
[ -d "$CORPUS/articles" ] || cargo run --release --example gen_corpus -- 10000 "$CORPUS"  # see bench/run.sh
rm -rf "$EVAL_DIR/seed-dist" "$EVAL_DIR/10k-dist"
"$BROADSHEET" build --source . --output "$EVAL_DIR/seed-dist"
"$BROADSHEET" build --source "$CORPUS" --output "$EVAL_DIR/10k-dist"

python3 bench/search/pagefind_index.py --site "$EVAL_DIR/seed-dist" --runs "$RUNS" --out $R/pagefind-index-seed.json
python3 bench/search/pagefind_index.py --site "$EVAL_DIR/10k-dist" --runs "$RUNS" --out $R/pagefind-index-10k.json

for engine in pagefind pagefind-exact; do
  python3 bench/search/eval.py --engine $engine --site "$EVAL_DIR/seed-dist" --queries bench/search/queries-seed.txt
  python3 bench/search/eval.py --engine $engine --site "$EVAL_DIR/10k-dist" --queries bench/search/queries-10k.txt
done
