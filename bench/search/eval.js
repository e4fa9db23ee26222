// Search evaluation page: runs queries through one engine's JS API in the browser.
// See eval.html for the URL parameters and README.md for the whole harness.
//
// An engine adapter is an async factory returning:
//   search(q)        -> opaque result object (ALL matches)
//   total(r)         -> number of matches the engine reports
//   allPaths(r)      -> Promise<string[]>: every match's page, "articles/<slug>/" relative to site root
//   show(r, n)       -> Promise<[{path, title, excerpt}]>: what a results page shows for the first n
//   explain(q)       -> optional: a string reported per query (e.g. how the query was split)
// plus an optional `info` object that is reported as is.

const params = new URLSearchParams(location.search);
const ENGINE = params.get("engine") || "pagefind";
const MODE = params.get("mode") || "all";
const SITE = new URL("../", location.href); // the site under test is served at /

// Normalises an engine's URL/path to "articles/<slug>/" (relative to the site root).
function sitePath(u) {
  if (u == null) return null;
  let p = new URL(u, SITE).pathname;
  const root = SITE.pathname;
  if (p.startsWith(root)) p = p.slice(root.length);
  p = p.replace(/index\.html$/, "");
  if (p && !p.endsWith("/") && !/\.[a-z0-9]+$/i.test(p)) p += "/";
  return decodeURI(p);
}

// Runs async fn over items with at most `limit` in flight; keeps order.
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------
// engine=pagefind, engine=pagefind-exact (the query in double quotes: Pagefind's phrase search)
// Index: <site>/pagefind/ as written by `pagefind --site <site>`.
async function pagefindAdapter({ exact }) {
  const pf = await import(new URL("pagefind/pagefind.js", SITE).href);
  await pf.options({ excerptLength: 30 });
  await pf.init();
  const seg = new Intl.Segmenter("zh-CN", { granularity: "word" });
  return {
    info: { exact },
    // How pagefind.js splits the query (it uses the browser's Intl.Segmenter for zh/ja/th).
    explain: (q) => [...seg.segment(q)].map((s) => s.segment).filter((s) => s.trim()).join(" / "),
    search: async (q) => pf.search(exact ? `"${q}"` : q),
    total: (r) => r.results.length,
    allPaths: async (r) => mapLimit(r.results, 16, async (x) => sitePath((await x.data()).url)),
    show: async (r, n) =>
      Promise.all(r.results.slice(0, n).map(async (x) => {
        const d = await x.data();
        return { path: sitePath(d.url), title: d.meta?.title ?? "", excerpt: d.excerpt };
      })),
  };
}

// ---------------------------------------------------------------------------------------------
// ===== engine=broadsheet: the in-house Chinese bigram index (src/search.rs, static/search.js) ==
// The module exports find(query) -> {total, ids, segments} (ranked candidates, from the index
// alone), details(ids) -> [{path, url, title, ...}] and, since format 2, Results: the search
// page's verified results (each candidate's text, from the index's t/ files, checked for the
// query itself), filled page by page. `show` takes the first n as the page does. Format 1
// (excerpt(url, segments), from the article page) is still measured, to compare.
// A module with only search(query) -> {total, results: [{path|url, title?, excerpt?}]} (all
// matches; mock_engine.py writes one) is measured through that instead.
async function broadsheetAdapter() {
  const mod = await import(new URL("static/search.js", SITE).href);
  if (typeof mod.find !== "function") return simpleAdapter(mod);
  const showVerified = async (r, n) => {
    const results = new mod.Results(r);
    await results.fill(n);
    r.verified = results; // for mode=pages
    return results.verified.slice(0, n).map(({ doc, place }) => ({
      path: sitePath(doc.path), title: doc.title,
      excerpt: place ? place.text.slice(place.from, place.to) : "",
    }));
  };
  const showFormat1 = async (r, n) => {
    const docs = await mod.details(r.ids.slice(0, n));
    return Promise.all(docs.map(async (d) => {
      const found = await mod.excerpt(d.url, r.segments);
      const excerpt = found ? found.text.slice(found.from, found.to) : "";
      return { path: sitePath(d.path), title: d.title, excerpt };
    }));
  };
  return {
    info: { verified: typeof mod.Results === "function" },
    search: (q) => mod.find(q),
    total: (r) => r.total,
    allPaths: async (r) => (await mod.details(r.ids)).map((d) => sitePath(d.path)),
    show: typeof mod.Results === "function" ? showVerified : showFormat1,
    // Every result, page after page, as a reader clicking 更多结果 to the end would get them.
    showAll: async (r) => {
      if (typeof mod.Results !== "function") {
        for (let at = 0; at < r.ids.length; at += 10) await showFormat1({ ...r, ids: r.ids.slice(at) }, 10);
        return { shown: r.ids.length, exact: false };
      }
      const results = new mod.Results(r);
      for (let want = 10; ; want += 10) {
        await results.fill(want);
        if (results.exact && results.verified.length <= want) break;
      }
      return { shown: results.verified.length, exact: results.exact, count: results.count };
    },
  };
}

function simpleAdapter(mod) {
  const pathOf = (x) => sitePath(x.path ?? x.url);
  return {
    info: {},
    search: (q) => mod.search(q),
    total: (r) => r.total ?? r.results.length,
    allPaths: async (r) => r.results.map(pathOf),
    show: async (r, n) => r.results.slice(0, n).map((x) => ({
      path: pathOf(x), title: x.title ?? "", excerpt: x.excerpt ?? "",
    })),
  };
}
// ===== end of engine=broadsheet ================================================================

const ENGINES = {
  pagefind: () => pagefindAdapter({ exact: false }),
  "pagefind-exact": () => pagefindAdapter({ exact: true }),
  broadsheet: () => broadsheetAdapter(),
};

// ---------------------------------------------------------------------------------------------
const $ = (id) => document.getElementById(id);

async function report(obj) {
  const json = JSON.stringify(obj);
  $("out").textContent = json;
  try {
    await fetch("/__results", { method: "POST", body: json, headers: { "Content-Type": "application/json" } });
  } catch (e) { /* opened without serve.py: the DOM has it */ }
}

async function mark(name) {
  try { await fetch(`/__mark?name=${encodeURIComponent(name)}`, { method: "POST" }); } catch (e) {}
}

async function runAll() {
  const config = await (await fetch("/__eval/config")).json();
  const queries = params.getAll("q").length ? params.getAll("q") : config.queries;
  const t0 = performance.now();
  const engine = await ENGINES[ENGINE]();
  const initMs = performance.now() - t0;
  const out = [];
  for (const [i, q] of queries.entries()) {
    $("status").textContent = `${ENGINE}: query ${i + 1}/${queries.length}: ${q}`;
    const row = { q };
    try {
      const a = performance.now();
      const r = await engine.search(q);
      const b = performance.now();
      const shown = await engine.show(r, 10);
      const c = performance.now();
      const paths = await engine.allPaths(r);
      const d = performance.now();
      Object.assign(row, {
        total: engine.total(r), paths, first10: shown.map((s) => s.path),
        search_ms: b - a, show10_ms: c - b, all_paths_ms: d - c,
        explain: engine.explain ? engine.explain(q) : null,
      });
    } catch (e) {
      row.error = String(e && e.stack || e);
    }
    out.push(row);
  }
  $("status").textContent = `${ENGINE}: done`;
  await report({ engine: ENGINE, mode: MODE, info: engine.info, userAgent: navigator.userAgent,
                 init_ms: initMs, queries: out });
}

async function runFirst() {
  const q = params.get("q");
  await mark("start");
  const t0 = performance.now();
  let res;
  try {
    const engine = await ENGINES[ENGINE]();
    const t1 = performance.now();
    const r = await engine.search(q);
    const t2 = performance.now();
    const shown = await engine.show(r, 10);
    const list = $("results");
    for (const s of shown) {
      const li = document.createElement("li");
      li.innerHTML = `<a href="${SITE}${s.path}"></a><p></p>`;
      li.querySelector("a").textContent = s.title || s.path;
      li.querySelector("p").innerHTML = s.excerpt; // engines return HTML with <mark>
      list.append(li);
    }
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    const t3 = performance.now();
    res = { engine: ENGINE, mode: MODE, q, total: engine.total(r), shown,
            init_ms: t1 - t0, search_ms: t2 - t1, show_ms: t3 - t2, total_ms: t3 - t0,
            since_navigation_ms: t3 };
  } catch (e) {
    res = { engine: ENGINE, mode: MODE, q, error: String(e && e.stack || e) };
  }
  await mark("shown");
  $("status").textContent = `${ENGINE}: ${q}: shown`;
  await report(res);
}

// mode=pages&q=…: a fresh page runs one query and goes through all its results, ten at a time,
// as a reader clicking 更多结果 to the end would; eval.py counts the bytes.
async function runPages() {
  const q = params.get("q");
  await mark("start");
  const t0 = performance.now();
  let res;
  try {
    const engine = await ENGINES[ENGINE]();
    const r = await engine.search(q);
    const t1 = performance.now();
    const first = await engine.show(r, 10);
    const t2 = performance.now();
    const all = await engine.showAll(r);
    const t3 = performance.now();
    res = { engine: ENGINE, mode: MODE, q, total: engine.total(r), first: first.length, ...all,
            search_ms: t1 - t0, first_ms: t2 - t1, all_ms: t3 - t2 };
  } catch (e) {
    res = { engine: ENGINE, mode: MODE, q, error: String(e && e.stack || e) };
  }
  await mark("shown");
  $("status").textContent = `${ENGINE}: ${q}: all pages shown`;
  await report(res);
}

const MODES = { first: runFirst, pages: runPages, all: runAll };
(MODES[MODE] ?? runAll)().catch((e) =>
  report({ engine: ENGINE, mode: MODE, error: String(e && e.stack || e) }));
