#!/usr/bin/env python3
"""Indexes a built site with Pagefind, RUNS times, and reports wall time, peak RSS and index size.

    python3 bench/search/pagefind_index.py --site /dev/shm/search-eval/10k-dist --runs 3

Installs Pagefind from npm into --prefix (default /tmp/pf) if it isn't there (`npm install
pagefind@1`), and uses the platform package's binary: @pagefind/linux-x64 ships only
`pagefind_extended` (the build that segments Chinese and Japanese), so that is what runs.

Each run deletes <site>/pagefind first (unless --keep-output: a rebuild over an existing index,
which Pagefind 1.6 does about twice as fast), then runs, under /usr/bin/time -v:
  pagefind_extended --site SITE --root-selector article.article --glob 'articles/*/index.html'
i.e. only article pages, and within them only the <article> element (the templates have no
data-pagefind-body; Pagefind also always drops <footer>, <nav>, <script>, <form>, ... inside it).
The language comes from <html lang="zh-CN"> (Pagefind reports "zh-cn").
The index is left in <site>/pagefind/ for eval.py.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ARGS = ["--root-selector", "article.article", "--glob", "articles/*/index.html"]


def ensure_pagefind(prefix):
    binary = os.path.join(prefix, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended")
    if not os.path.exists(binary):
        os.makedirs(prefix, exist_ok=True)
        if not os.path.exists(os.path.join(prefix, "package.json")):
            subprocess.run(["npm", "init", "-y"], cwd=prefix, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["npm", "install", "pagefind@1"], cwd=prefix, check=True)
    if not os.path.exists(binary):
        sys.exit(f"no {binary}: the npm package has no extended binary for this platform")
    return binary


def dir_size(path):
    total, files = 0, 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--prefix", default="/tmp/pf", help="npm prefix holding pagefind")
    ap.add_argument("--binary", help="a pagefind binary to use instead")
    ap.add_argument("--extra", default="", help="more pagefind arguments, space-separated")
    ap.add_argument("--keep-output", action="store_true",
                    help="don't delete <site>/pagefind before each run (a rebuild over an existing index)")
    ap.add_argument("--out", help="also write the JSON summary here")
    args = ap.parse_args()
    binary = args.binary or ensure_pagefind(args.prefix)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    site = os.path.abspath(args.site)
    out_dir = os.path.join(site, "pagefind")
    cmd = [binary, "--site", site, *ARGS, *args.extra.split()]
    runs = []
    for i in range(args.runs):
        if not args.keep_output:
            shutil.rmtree(out_dir, ignore_errors=True)
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
        wall = time.perf_counter() - t
        if p.returncode != 0:
            sys.exit(f"pagefind failed:\n{p.stdout}\n{p.stderr}")
        rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
        user = float(re.search(r"User time \(seconds\): ([\d.]+)", p.stderr).group(1))
        sys_t = float(re.search(r"System time \(seconds\): ([\d.]+)", p.stderr).group(1))
        pages = re.search(r"Indexed (\d+) pages", p.stdout)
        words = re.search(r"Indexed (\d+) words", p.stdout)
        runs.append({"wall_s": wall, "cpu_s": user + sys_t, "peak_rss_kib": rss_kb,
                     "pages": int(pages.group(1)) if pages else None,
                     "words": int(words.group(1)) if words else None})
        print(f"run {i + 1}: {wall:.2f} s wall, {user + sys_t:.2f} s CPU, {rss_kb / 1024:.0f} MiB peak RSS",
              file=sys.stderr)
    size, files = dir_size(out_dir)
    by_kind = {}
    for root, _, names in os.walk(out_dir):
        for n in names:
            kind = os.path.basename(root) if root != out_dir else (
                "wasm" if n.startswith("wasm.") else "meta" if n.endswith(".pf_meta") else
                "js/css/json (UI etc.)")
            k = by_kind.setdefault(kind, [0, 0])
            k[0] += os.path.getsize(os.path.join(root, n))
            k[1] += 1
    summary = {
        "version": version, "binary": binary, "command": " ".join(cmd),
        "output_deleted_before_each_run": not args.keep_output,
        "median_wall_s": statistics.median(r["wall_s"] for r in runs),
        "median_cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "max_peak_rss_mib": max(r["peak_rss_kib"] for r in runs) / 1024,
        "index_bytes": size, "index_files": files,
        "by_kind": {k: {"bytes": v[0], "files": v[1]} for k, v in sorted(by_kind.items())},
        "runs": runs,
    }
    print(json.dumps(summary, indent=1))
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(summary, fh, indent=1)


if __name__ == "__main__":
    main()
