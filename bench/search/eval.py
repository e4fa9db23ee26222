#!/usr/bin/env python3
"""Evaluates a site-search engine in headless Chromium against substring ground truth.

    python3 bench/search/eval.py --engine pagefind --site /dev/shm/search-eval/10k-dist \\
        --queries bench/search/queries-10k.txt

1. Ground truth (truth.py): for each query, the article pages whose <article> text contains it.
   A second truth leaves out the article's <footer> (author's unit, notes, date) — the region
   Pagefind indexes, since it always drops <footer> and <nav> — to tell the two causes apart.
2. serve.py serves the site at / and eval.html at /__eval/; Chromium (a fresh profile) opens
   /__eval/eval.html?engine=E&mode=all, which runs every query through the engine's JS API,
   loads every result's path, and posts them back.
3. "First query" downloads: for each --first query, a fresh Chromium profile opens
   ?mode=first&q=Q, which loads the engine, searches, and shows the first 10 results with their
   excerpts; every byte the server sent meanwhile, except the eval page itself, is counted.
4. A Markdown report is printed and written to --out (default results/<engine>-<site>.md), with
   the raw results as JSON beside it.

Engines: pagefind (index at <site>/pagefind/), pagefind-exact (the same, query in "quotes"),
broadsheet (<site>/static/search.js; see eval.js).
"""

import argparse
import gzip
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import serve  # noqa: E402
import truth  # noqa: E402

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-domain-reliability", "--no-pings", "--metrics-recording-only",
    "--disable-breakpad", "--mute-audio", "--window-size=1200,900",
]


def run_page(chromium, state, url, timeout):
    """Opens url in a fresh headless Chromium and waits for the page to POST /__results."""
    state.results = None
    state.results_event.clear()
    profile = tempfile.mkdtemp(prefix="search-eval-chromium-")
    proc = subprocess.Popen([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if not state.results_event.wait(timeout):
            raise SystemExit(f"no results from {url} within {timeout} s")
        return state.results
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # the group of the Chromium we started
            proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(profile, ignore_errors=True)


def gz_size(path):
    with open(path, "rb") as fh:
        data = fh.read()
    return len(gzip.compress(data, 6)), data[:2] == b"\x1f\x8b"


def first_query(chromium, state, base, site, engine, q, timeout, mode="first"):
    with state.lock:
        state.log.clear()
    url = f"{base}__eval/eval.html?engine={engine}&mode={mode}&q={urllib.parse.quote(q)}"
    res = run_page(chromium, state, url, timeout)
    with state.lock:
        log = list(state.log)
    marks = {e["path"]: e["t"] for e in log if e["method"] == "MARK"}
    files = {}
    for e in log:
        if e["method"] != "GET" or e["path"].startswith("/__eval/") or e["path"] == "/favicon.ico":
            continue
        if "shown" in marks and e["t"] > marks["shown"]:
            continue
        f = files.setdefault(e["path"], {"path": e["path"], "requests": 0, "bytes": 0, "status": e["status"]})
        f["requests"] += 1
        f["bytes"] += e["bytes"]
    for f in files.values():
        local = os.path.join(site, urllib.parse.unquote(f["path"]).lstrip("/"))
        if os.path.isdir(local):
            local = os.path.join(local, "index.html")
        if f["status"] == 200 and os.path.isfile(local):
            size, f["pre_gzipped"] = gz_size(local)
            f["gzip"] = f["bytes"] if f["pre_gzipped"] else min(size * f["requests"], f["bytes"])
        else:
            f["gzip"], f["pre_gzipped"] = f["bytes"], False
    res["files"] = sorted(files.values(), key=lambda f: f["path"])
    if len(res["files"]) > 60:
        # Thousands of files (every result's text, going through all results): by folder.
        folders = {}
        for f in res["files"]:
            folder = f["path"].rstrip("/").rsplit("/", 1)[0] + "/*"
            g = folders.setdefault(folder, {"path": folder, "files": 0, "requests": 0, "bytes": 0,
                                            "gzip": 0, "status": f["status"]})
            g["files"] += 1
            for key in ("requests", "bytes", "gzip"):
                g[key] += f[key]
        res["files"] = sorted(folders.values(), key=lambda f: f["path"])
    res["bytes"] = sum(f["bytes"] for f in res["files"])
    res["bytes_gzip"] = sum(f["gzip"] for f in res["files"])
    res["requests"] = sum(f["requests"] for f in res["files"])
    return res


def fmt_ms(x):
    return "–" if x is None else (f"{x:.0f}" if x >= 10 else f"{x:.1f}")


def fmt_ratio(x):
    return "–" if x is None else f"{x:.3f}"


def kib(n):
    return f"{n / 1024:.1f} KiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", required=True, help="pagefind | pagefind-exact | broadsheet")
    ap.add_argument("--site", required=True, help="the built site, with the engine's index in it")
    ap.add_argument("--queries", required=True)
    ap.add_argument("--first", action="append",
                    help="query for the first-query download measure (repeatable) [群众工作, 盲盒]")
    ap.add_argument("--no-first", action="store_true", help="skip the first-query measure")
    ap.add_argument("--pages", action="append", default=[],
                    help="query whose results are all gone through, ten at a time, in a fresh "
                         "browser; its bytes are counted as for --first (repeatable)")
    ap.add_argument("--only-bytes", action="store_true",
                    help="skip the run of every query: only the --first and --pages measures")
    ap.add_argument("--out", help="Markdown report [bench/search/results/<engine>-<site>.md]")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds for one page's run")
    ap.add_argument("--cache-dir", default="/dev/shm/search-eval/cache")
    ap.add_argument("--second-truth", choices=["footer", "date"], default="footer",
                    help="what the second truth leaves out: the article's <footer> (Pagefind's "
                         "region) or only its <time> (the date line, which broadsheet's index "
                         "does not hold) [footer]")
    args = ap.parse_args()
    site = os.path.abspath(args.site)
    first_queries = args.first or ["群众工作", "盲盒"]
    name = os.path.basename(site.rstrip("/"))
    out = args.out or os.path.join(HERE, "results", f"{args.engine}-{name}.md")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)

    queries = truth.read_queries(args.queries)
    t = time.time()
    texts = truth.site_texts(site, cache_dir=args.cache_dir)
    second = truth.NO_FOOTER_EXCLUDE if args.second_truth == "footer" else truth.DEFAULT_EXCLUDE + ",time"
    texts_nf = truth.site_texts(site, exclude=second, cache_dir=args.cache_dir)
    label = "w/o footer" if args.second_truth == "footer" else "w/o date"
    region = "the article footer (Pagefind's region)" if args.second_truth == "footer" else "the date line (not indexed by broadsheet)"
    gt = {q: set(truth.truth(texts, q)) for q in queries}
    gt_nf = {q: set(truth.truth(texts_nf, q)) for q in queries}
    print(f"ground truth: {len(texts)} articles, {len(queries)} queries in {time.time() - t:.1f} s",
          file=sys.stderr)

    server, state, base = serve.start(site)
    state.config = {"queries": queries}
    try:
        t = time.time()
        if args.only_bytes:
            run = {"queries": []}
        else:
            run = run_page(args.chromium, state, f"{base}__eval/eval.html?engine={args.engine}&mode=all",
                           args.timeout)
        print(f"all queries run in {time.time() - t:.1f} s", file=sys.stderr)
        if run.get("error"):
            raise SystemExit(f"the page failed: {run['error']}")
        firsts = []
        if not args.no_first:
            for q in first_queries:
                firsts.append(first_query(args.chromium, state, base, site, args.engine, q, args.timeout))
        pages = []
        for q in args.pages:
            pages.append(first_query(args.chromium, state, base, site, args.engine, q, args.timeout,
                                     mode="pages"))
    finally:
        server.shutdown()

    rows = []
    for r in run["queries"]:
        q = r["q"]
        truth_set, truth_nf = gt[q], gt_nf[q]
        paths = r.get("paths") or []
        found = set(paths)
        hits = len(found & truth_set)
        row = {
            "q": q, "chars": len(q), "truth": len(truth_set), "truth_nofooter": len(truth_nf),
            "total": r.get("total"), "results": len(paths), "duplicates": len(paths) - len(found),
            "hits": hits,
            "recall": hits / len(truth_set) if truth_set else None,
            "recall_nofooter": len(found & truth_nf) / len(truth_nf) if truth_nf else None,
            "precision": hits / len(found) if found else None,
            "search_ms": r.get("search_ms"), "show10_ms": r.get("show10_ms"),
            "all_paths_ms": r.get("all_paths_ms"), "error": r.get("error"), "explain": r.get("explain"),
            "missed_examples": sorted(truth_set - found)[:3],
            "extra_examples": sorted(found - truth_set)[:3],
        }
        rows.append(row)

    def mean(xs):
        xs = [x for x in xs if x is not None]
        return statistics.mean(xs) if xs else None

    def median(xs):
        xs = [x for x in xs if x is not None]
        return statistics.median(xs) if xs else None

    rec = [r["recall"] for r in rows if r["recall"] is not None]
    rec_nf = [r["recall_nofooter"] for r in rows if r["recall_nofooter"] is not None]
    prec = [r["precision"] for r in rows if r["precision"] is not None]
    lines = [
        f"# Search evaluation: {args.engine} on {name}",
        "",
        f"{datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; site `{site}` "
        f"({len(texts)} articles); queries `{os.path.relpath(os.path.abspath(args.queries), os.getcwd())}` "
        f"({len(queries)}); {run.get('userAgent', '')}",
        "",
        f"Engine load (init) {fmt_ms(run.get('init_ms'))} ms. Info: `{json.dumps(run.get('info'))}`",
        "",
        "## Summary",
        "",
        f"- recall: mean {fmt_ratio(mean(rec))}, min {fmt_ratio(min(rec) if rec else None)} "
        f"over {len(rec)} queries with matches; queries with recall < 1: "
        f"{sum(1 for x in rec if x < 1)}",
        f"- recall against the truth without {region}: mean "
        f"{fmt_ratio(mean(rec_nf))}, min {fmt_ratio(min(rec_nf) if rec_nf else None)}, "
        f"< 1: {sum(1 for x in rec_nf if x < 1)}",
        f"- precision: mean {fmt_ratio(mean(prec))}, min {fmt_ratio(min(prec) if prec else None)} "
        f"over {len(prec)} queries with results; < 1: {sum(1 for x in prec if x < 1)}",
        f"- search() time: median {fmt_ms(median([r['search_ms'] for r in rows]))} ms, "
        f"max {fmt_ms(max((r['search_ms'] for r in rows if r['search_ms'] is not None), default=None))} ms; "
        f"first 10 results' data: median {fmt_ms(median([r['show10_ms'] for r in rows]))} ms",
        f"- queries that failed: {sum(1 for r in rows if r['error'])}",
        "",
        "## Per query",
        "",
        f"Truth: pages containing the query; {label}: the same without {region}. "
        "Results: pages the engine returned (all of them). R: recall, R nf: recall against the "
        "truth without footer, P: precision. search: ms for search(); 10: ms to load the first "
        "10 results' data; all: ms to load every result's path. Split: how the engine split the "
        "query, where it tells (Pagefind: the browser's Intl.Segmenter).",
        "",
        f"| query | chars | truth | {label} | results | hits | R | R nf | P | search ms | 10 ms | all ms | split |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    def cell(x):
        return str(x).replace("|", "\\|")

    for r in rows:
        lines.append(
            f"| {cell(r['q'])} | {r['chars']} | {r['truth']} | {r['truth_nofooter']} | {r['results']} | "
            f"{r['hits']} | {fmt_ratio(r['recall'])} | {fmt_ratio(r['recall_nofooter'])} | "
            f"{fmt_ratio(r['precision'])} | {fmt_ms(r['search_ms'])} | {fmt_ms(r['show10_ms'])} | "
            f"{fmt_ms(r['all_paths_ms'])} | {cell(r['explain'] or '–')} |" + (f" error: {r['error'][:80]}" if r["error"] else ""))
    if firsts:
        lines += ["", "## Bytes downloaded by a first query",
                  "",
                  "A fresh browser profile opens the eval page, loads the engine, runs one query and "
                  "shows the first 10 results with excerpts. Counted: every file of the site the "
                  "server sent until then (the eval page's own files excluded), as stored; "
                  "'gzip' is what it would be served with gzip -6 (files already gzipped, like "
                  "Pagefind's .pf_* and .pagefind files, counted as is).", ""]
        for f in firsts:
            if f.get("error"):
                lines.append(f"- `{f['q']}`: error {f['error'][:200]}")
                continue
            lines.append(
                f"### `{f['q']}` ({len(f['q'])} characters): {f['requests']} requests, "
                f"{kib(f['bytes'])} ({f['bytes']} B) as stored, {kib(f['bytes_gzip'])} with gzip; "
                f"{f['total']} results; shown after {fmt_ms(f['total_ms'])} ms "
                f"(engine load {fmt_ms(f['init_ms'])}, search {fmt_ms(f['search_ms'])}, "
                f"10 results {fmt_ms(f['show_ms'])})")
            lines += ["", "| file | requests | bytes | gzip |", "|---|--:|--:|--:|"]
            for x in f["files"]:
                lines.append(f"| {x['path']} | {x['requests']} | {x['bytes']} | {x['gzip']} |")
            lines.append("")
    if pages:
        lines += ["", "## Bytes downloaded going through every result",
                  "",
                  "A fresh browser profile opens the eval page, runs one query, shows its first 10 "
                  "results, then every further ten until none is left (as a reader clicking 更多结果 "
                  "to the end). Counted as above.", "",
                  "| query | candidates | shown | requests | bytes | gzip | first 10 ms | all ms |",
                  "|---|--:|--:|--:|--:|--:|--:|--:|"]
        for f in pages:
            if f.get("error"):
                lines.append(f"| {cell(f['q'])} | error {f['error'][:200]} |")
                continue
            lines.append(f"| {cell(f['q'])} | {f['total']} | {f['shown']} | {f['requests']} | "
                         f"{f['bytes']} | {f['bytes_gzip']} | {fmt_ms(f['first_ms'])} | {fmt_ms(f['all_ms'])} |")
    report = "\n".join(lines) + "\n"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(report)
    with open(os.path.splitext(out)[0] + ".json", "w", encoding="utf-8") as fh:
        json.dump({"rows": rows, "first": firsts, "pages": pages, "init_ms": run.get("init_ms"),
                   "info": run.get("info"), "userAgent": run.get("userAgent")}, fh, ensure_ascii=False, indent=1)
    print(report)
    print(f"written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
