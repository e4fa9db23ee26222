#!/usr/bin/env python3
"""Self-test of the harness: a brute-force engine with the `broadsheet` API.

Copies a built site and writes into the copy's static/:
  search-mock.json   {path: text} as truth.py extracts it
  search.js          export async function search(query) -> {total, results: [{path, title, excerpt}]}
                     (a substring scan with truth.py's normalisation)
so that `eval.py --engine broadsheet` on the copy must score recall 1 and precision 1 on every
query. It also shows the API the broadsheet adapter in eval.js expects.

    python3 bench/search/mock_engine.py --site /dev/shm/search-eval/seed-dist --out /dev/shm/search-eval/seed-mock
    python3 bench/search/eval.py --engine broadsheet --site /dev/shm/search-eval/seed-mock \\
        --queries bench/search/queries-seed.txt --out /tmp/mock.md
"""

import argparse
import json
import os
import shutil

import truth

SEARCH_JS = r"""// Brute-force mock of the broadsheet search API (bench/search/mock_engine.py): not an engine.
let texts = null;
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
function normalise(s) {
  return s.replace(new RegExp(`(?<=[${HAN}])\\s+(?=[${HAN}])`, "gu"), "")
          .replace(/\s+/g, " ").trim().toLowerCase();
}
export async function search(query) {
  texts ??= await (await fetch(new URL("search-mock.json", import.meta.url))).json();
  const q = normalise(query);
  const results = [];
  if (q) for (const [path, text] of Object.entries(texts)) {
    const i = text.indexOf(q);
    if (i < 0) continue;
    const title = text.split("\u0000")[1] ?? "";
    const excerpt = text.slice(Math.max(0, i - 20), i).replaceAll("\u0000", " ") + "<mark>" +
      text.slice(i, i + q.length) + "</mark>" + text.slice(i + q.length, i + q.length + 20).replaceAll("\u0000", " ");
    results.push({ path, title, excerpt });
  }
  return { total: results.length, results };
}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True)
    ap.add_argument("--out", required=True, help="where to copy the site (replaced)")
    args = ap.parse_args()
    texts = truth.site_texts(args.site)
    if os.path.abspath(args.out) == os.path.abspath(args.site):
        raise SystemExit("--out must be a copy, not the site itself")
    shutil.rmtree(args.out, ignore_errors=True)
    shutil.copytree(args.site, args.out, ignore=shutil.ignore_patterns("pagefind"))
    os.makedirs(os.path.join(args.out, "static"), exist_ok=True)
    with open(os.path.join(args.out, "static", "search-mock.json"), "w", encoding="utf-8") as fh:
        json.dump(texts, fh, ensure_ascii=False)
    with open(os.path.join(args.out, "static", "search.js"), "w", encoding="utf-8") as fh:
        fh.write(SEARCH_JS)
    print(f"mock engine over {len(texts)} articles in {args.out}/static/")


if __name__ == "__main__":
    main()
