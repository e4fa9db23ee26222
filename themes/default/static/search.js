// Search for a broadsheet site, in the browser, with no server: reads the index the build
// writes to search/data/ (see src/search.rs for its layout) and, on the search page, shows
// ranked results with highlighted excerpts as the reader types.
//
// Text is cut into tokens exactly as the build cuts it: each pair of neighbouring Han (kana,
// hangul) characters; every two and three neighbouring characters of a run of letters or
// digits (lower-cased, full-width folded); and a run's first and last character with the Han
// character it touches. An article is a candidate when it holds every token of the query; the
// page then checks the query's text itself in the article's text, which the index holds too
// (t/), before it shows the article.
//
// API (an ES module): find(query) → {total, ids, segments} (the candidates, best first);
// details(ids) → [{path, title, authors, section, date}]; excerpt(doc, pieces) → the excerpt,
// or null when the article does not hold the pieces; new Results(found) → verified results,
// page by page (more(n)), with their count (count, exact); search(query) → {total, results},
// every candidate with its details.

const root = new URL("../", import.meta.url);
const data = new URL("search/data/", root);
const FORMAT = 2;
const TITLE = 4;
const MAX_WORD_BYTES = 48;
const TF_WEIGHT = [0, 1, 1.6, 2.2];

// ---- Tokens (mirror of src/search.rs) ----

const CJK = 1, WORD = 2, OTHER = 3;
const letterOrDigit = /[\p{Alphabetic}\p{N}]/u;
const upper = /\p{Uppercase}/u;

// A copy of the tables of src/cjk.rs, which says which Unicode blocks each holds and why; a
// test in tests/browser.rs runs classOf over every code point of planes 0–3 against the
// build's, so a change to one side alone fails it.
const HAN = [[0x3007, 0x3007], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x3ffff]];
const KANA_AND_HANGUL = [[0x3041, 0x3096], [0x30a1, 0x30fa], [0xac00, 0xd7af]];
const FULL_WIDTH_LATIN = [[0xff10, 0xff19], [0xff21, 0xff3a], [0xff41, 0xff5a]];
const PUNCTUATION_BLOCKS = [[0x3000, 0x303f], [0xfe30, 0xfe4f], [0xff00, 0xffef]];
// General Punctuation holds no letter or digit: as in src/search.rs, a shortcut to OTHER.
const GENERAL_PUNCTUATION = [[0x2000, 0x206f]];

const within = (ranges, n) => ranges.some(([first, last]) => n >= first && n <= last);

// What a character is to the tokenizer (src/search.rs's `class`).
export function classOf(c) {
  const n = c.codePointAt(0);
  if (n < 0x80) return /[0-9A-Za-z]/.test(c) ? WORD : OTHER;
  if (within(HAN, n) || within(KANA_AND_HANGUL, n)) return CJK;
  if (within(FULL_WIDTH_LATIN, n)) return WORD;
  if (within(GENERAL_PUNCTUATION, n) || within(PUNCTUATION_BLOCKS, n)) return OTHER;
  return letterOrDigit.test(c) ? WORD : OTHER;
}

// A letter or digit as it is indexed: full-width Latin as ASCII, letters lower-cased.
export function fold(c) {
  const n = c.codePointAt(0);
  if (n < 0x80) return c.toLowerCase();
  if (within(FULL_WIDTH_LATIN, n)) return String.fromCodePoint(n - 0xfee0).toLowerCase();
  return upper.test(c) ? [...c.toLowerCase()][0] : c;
}

const utf8 = new TextEncoder();

// The tokens of a run of letters or digits (src/search.rs's `finish_run`): the one with the
// Han character before it, its own pieces (all of them, or for a query only its first and last
// three characters), the one with the Han character after it.
function finishRun(out, run, before, after, ends) {
  const chars = [...run];
  const n = chars.length;
  if (n === 0 || utf8.encode(run).length > MAX_WORD_BYTES) return;
  const piece = (at, len) => chars.slice(at, at + len).join("");
  if (before) out.push(before + chars[0]);
  if (!ends) {
    for (let at = 0; at < n; at++) {
      if (at + 2 <= n) out.push(piece(at, 2));
      if (at + 3 <= n) out.push(piece(at, 3));
    }
  } else if (n === 2) {
    out.push(piece(0, 2));
  } else if (n >= 3) {
    out.push(piece(0, 3));
    if (n > 3) out.push(piece(n - 3, 3));
  }
  if (after) out.push(chars[n - 1] + after);
}

function cut(text, ends) {
  const out = [];
  let prev = null, prevClass = OTHER, run = "", before = null;
  for (const c of text) {
    const kind = classOf(c);
    if (kind !== WORD && prevClass === WORD) {
      finishRun(out, run, before, kind === CJK ? c : null, ends);
      run = "";
      before = null;
    }
    if (kind === CJK) {
      if (prevClass === CJK) out.push(prev + c);
    } else if (kind === WORD) {
      if (prevClass !== WORD) before = prevClass === CJK ? prev : null;
      run += fold(c);
    }
    prev = c;
    prevClass = kind;
  }
  if (prevClass === WORD) finishRun(out, run, before, null, ends);
  return out;
}

// The tokens the index holds of `text` (src/search.rs's `tokens`).
export const tokens = (text) => cut(text, false);
// The tokens a query looks for (src/search.rs's `query_tokens`): of a long run of letters or
// digits, only its first and last three characters.
export const queryTokens = (text) => cut(text, true);

// The query's pieces between punctuation and spaces, folded: what an article's text must hold.
export function segments(query) {
  const out = [];
  let piece = "";
  for (const c of query) {
    const kind = classOf(c);
    if (kind === OTHER) {
      if (piece) out.push(piece);
      piece = "";
    } else {
      piece += kind === WORD ? fold(c) : c;
    }
  }
  if (piece) out.push(piece);
  return out;
}

// FNV-1a (32 bits) of the token's UTF-8 bytes: the shard it is in.
export function shardOf(token, shards) {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(token)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & (shards - 1);
}

// ---- Index files ----

let metaPromise = null;
const shardPromises = new Map();
const chunkPromises = new Map();

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response;
}

function meta() {
  metaPromise ??= fetchOk(new URL("meta.json", data)).then((r) => r.json()).then((m) => {
    if (m.format !== FORMAT) throw new Error(`search index format ${m.format}, expected ${FORMAT}: rebuild the site`);
    return m;
  });
  return metaPromise;
}

function readVarint(bytes, at) {
  let value = 0, scale = 1, byte;
  do {
    byte = bytes[at.i++];
    value += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte >= 0x80);
  return value;
}

const utf8Decoder = new TextDecoder();

function shard(i, shards) {
  if (!shardPromises.has(i)) {
    const digits = Math.max(1, (shards - 1).toString(16).length);
    const name = `g/${i.toString(16).padStart(digits, "0")}.bin`;
    shardPromises.set(i, fetchOk(new URL(name, data)).then((r) => r.arrayBuffer()).then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const at = { i: 0 };
      const lists = new Map();
      const count = readVarint(bytes, at);
      for (let k = 0; k < count; k++) {
        const len = readVarint(bytes, at);
        const token = utf8Decoder.decode(bytes.subarray(at.i, at.i + len));
        at.i += len;
        const df = readVarint(bytes, at);
        const size = readVarint(bytes, at);
        lists.set(token, { df, bytes: bytes.subarray(at.i, at.i + size) });
        at.i += size;
      }
      return lists;
    }));
  }
  return shardPromises.get(i);
}

function decode(list) {
  const docs = new Map();
  const at = { i: 0 };
  let doc = 0;
  while (at.i < list.bytes.length) {
    const value = readVarint(list.bytes, at);
    doc += Math.floor(value / 8);
    docs.set(doc, value % 8);
  }
  return docs;
}

// ---- Queries ----

// The articles holding every token of `query`, best first: those whose title or author names
// hold them all, then by a tf-idf score; ties newest first.
export async function find(query) {
  const wanted = [...new Set(queryTokens(query))];
  const pieces = segments(query);
  if (wanted.length === 0) return { total: 0, ids: [], segments: pieces, tooShort: pieces.length > 0 };
  const m = await meta();
  const lists = await Promise.all(wanted.map(async (t) => (await shard(shardOf(t, m.shards), m.shards)).get(t)));
  if (lists.some((l) => !l)) return { total: 0, ids: [], segments: pieces };
  lists.sort((a, b) => a.df - b.df);
  let scores = null;
  for (const list of lists) {
    const idf = Math.log(1 + m.docs / list.df);
    const docs = decode(list);
    const next = new Map();
    for (const [doc, flags] of docs) {
      const before = scores ? scores.get(doc) : { score: 0, title: true };
      if (!before) continue;
      next.set(doc, {
        score: before.score + idf * (TF_WEIGHT[flags & 3] + (flags & TITLE ? 2 : 0)),
        title: before.title && (flags & TITLE) !== 0,
      });
    }
    scores = next;
  }
  const ids = [...scores.keys()].sort((a, b) => {
    const x = scores.get(a), y = scores.get(b);
    return (y.title - x.title) || (y.score - x.score) || (a - b);
  });
  return { total: ids.length, ids, segments: pieces };
}

function chunk(i) {
  if (!chunkPromises.has(i)) {
    chunkPromises.set(i, fetchOk(new URL(`d/${i}.json`, data)).then((r) => r.json()));
  }
  return chunkPromises.get(i);
}

// Each article's path (below the site's root), title, authors, section and date.
export async function details(ids) {
  const m = await meta();
  return Promise.all(ids.map(async (id) => {
    const [path, title, authors, section, date] = (await chunk(Math.floor(id / m.chunk)))[id % m.chunk];
    return { id, path, url: new URL(path, root).href, title, authors, section, date };
  }));
}

// Every candidate with its details (for tools and tests; the page verifies and shows them ten
// at a time).
export async function search(query) {
  const found = await find(query);
  return { total: found.total, results: await details(found.ids) };
}

// ---- Article text ----

// An article's text as the index holds it (t/, one file an article, named after its page's
// path): {head: [kicker, subtitle], lines: [standfirst, pull quote, paragraphs, …]}. The last
// few are kept, for a reader going back and forth between queries.
const texts = new Map();
const KEPT_TEXTS = 200;
function articleText(doc) {
  let text = texts.get(doc.path);
  if (!text) {
    text = fetchOk(new URL(`t/${doc.path.replace(/\/$/, "")}.json`, data))
      .then((r) => r.json())
      .then(([head, lines]) => ({ head, lines }));
    texts.set(doc.path, text);
    text.catch(() => texts.delete(doc.path));
    if (texts.size > KEPT_TEXTS) texts.delete(texts.keys().next().value);
  }
  return text;
}

// Whether the article holds every piece of the query, within one of its lines (the index cuts
// no token across two): its headline, authors, column, date as printed, or any line of its text.
function holds(doc, text, pieces) {
  const lines = [doc.title, doc.authors, doc.section, printed(doc.date), ...text.head, ...text.lines];
  const folded = foldText(lines.join("\n"));
  return pieces.every((piece) => folded.includes(piece));
}

// ---- Excerpts ----

// Whether `c` is set without spaces around it: Han (and kana, Hangul) and the punctuation of
// Chinese text (“”、。…—, full-width forms).
function wide(c) {
  if (c === undefined) return false;
  const n = c.codePointAt(0);
  return classOf(c) === CJK || (n >= 0x2010 && n <= 0x206f) || within(PUNCTUATION_BLOCKS, n);
}

// The characters before and after `at` in `text`, whole (a character beyond the BMP is two
// units there).
const before = (text, at) => at > 0 ? String.fromCodePoint(text.codePointAt(at - (at > 1 && /[\udc00-\udfff]/.test(text[at - 1]) ? 2 : 1))) : undefined;
const after = (text, at) => at < text.length ? String.fromCodePoint(text.codePointAt(at)) : undefined;

// Text with its white space (line breaks between paragraphs) made one space between Latin
// words and none next to Chinese text, as the pages show it.
function runOn(text) {
  const trimmed = text.trim();
  return trimmed.replace(/\s+/g, (space, at) =>
    wide(before(trimmed, at)) || wide(after(trimmed, at + space.length)) ? "" : " ");
}

function foldText(text) {
  let out = "";
  for (const c of text) {
    const f = classOf(c) === WORD ? fold(c) : c;
    out += f.length === c.length ? f : c;
  }
  return out;
}

// Where the pieces occur in `text`: sorted, non-overlapping [start, end) ranges.
function matches(text, pieces) {
  const folded = foldText(text);
  const ranges = [];
  for (const piece of pieces) {
    for (let at = folded.indexOf(piece); at >= 0; at = folded.indexOf(piece, at + piece.length)) {
      ranges.push([at, at + piece.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return ranges.filter((r, i) => i === 0 || r[0] >= ranges[i - 1][1]);
}

// Text with the ranges marked, as DOM nodes (never HTML: the text is the article's own).
function marked(text, ranges, from = 0, to = text.length) {
  const fragment = document.createDocumentFragment();
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    if (start > at) fragment.append(text.slice(at, start));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(Math.max(start, at), Math.min(end, to));
    fragment.append(mark);
    at = Math.min(end, to);
  }
  if (at < to) fragment.append(text.slice(at, to));
  return fragment;
}

// The excerpt around the first place the article's text holds the query, or null when the
// article does not hold it (the index only knows that it holds each of the query's tokens
// somewhere). Its ends never cut a match, nor a word or number: they move out to take it whole.
export async function excerpt(doc, pieces, width = 90) {
  const article = await articleText(doc);
  if (!holds(doc, article, pieces)) return null;
  const text = runOn(article.lines.join("\n"));
  const ranges = matches(text, pieces);
  const first = ranges.length ? ranges[0][0] : 0;
  let from = Math.max(0, first - Math.floor(width / 3));
  let to = Math.min(text.length, from + width);
  from = Math.max(0, Math.min(from, to - width));
  const inWord = (at) => at > 0 && at < text.length && classOf(text[at - 1]) === WORD && classOf(text[at]) === WORD;
  // A word is short, and a match as long as the query: a few rounds settle both ends.
  for (let round = 0; round < 4; round++) {
    for (const [start, end] of ranges) {
      if (start < from && end > from) from = start;
      if (start < to && end > to) to = end;
    }
    for (let n = 0; n < 40 && inWord(from); n++) from--;
    for (let n = 0; n < 40 && inWord(to); n++) to++;
  }
  return { text, ranges, from, to };
}

// ---- Verified results ----

const PAGE = 10;
// The most candidates checked at once (their text files fetched together).
const MOST_AT_ONCE = 100;

// A query's results as the page shows them: its candidates (found by the index), checked in
// their order, as many at a time as are likely to give the results asked for, so that every
// result shown holds the query. `count` is exact once every candidate is checked (`exact`);
// until then it counts the candidates not yet ruled out.
export class Results {
  constructor(found) {
    this.ids = found.ids;
    this.segments = found.segments;
    this.checked = 0;
    this.rejected = 0;
    // [{doc, place}], in the candidates' order; `place` is the excerpt (null when the text
    // could not be fetched: the result is shown without one).
    this.verified = [];
  }

  get exact() { return this.checked >= this.ids.length; }
  get count() { return this.ids.length - this.rejected; }

  // Checks candidates until `want` results are verified or none is left; then, when no more
  // than a page's worth is left, those too, so that a short list's count is exact. Between
  // two rounds, `progress()` is told and `stopped()` asked.
  async fill(want, { progress = () => {}, stopped = () => false } = {}) {
    while (this.verified.length < want && !this.exact) {
      const missing = want - this.verified.length;
      // As many as the share of candidates verified so far says are needed (all rejected
      // so far: ten times as many).
      const share = this.checked ? Math.max(this.verified.length / this.checked, 0.1) : 1;
      await this.check(Math.min(MOST_AT_ONCE, Math.ceil(missing / share)));
      if (stopped()) return;
      progress();
    }
    const left = this.ids.length - this.checked;
    if (left > 0 && left <= PAGE) await this.check(left);
  }

  async check(n) {
    const docs = await details(this.ids.slice(this.checked, this.checked + n));
    const places = await Promise.all(docs.map((doc) =>
      excerpt(doc, this.segments).catch(() => undefined)));
    this.checked += docs.length;
    docs.forEach((doc, i) => {
      if (places[i] === null) this.rejected += 1;
      else this.verified.push({ doc, place: places[i] ?? null });
    });
  }
}

// ---- The search page ----

// `2026-03-27` as the pages print it: `2026年3月27日`.
function printed(date) {
  const [y, m, d] = (date ?? "").split("-");
  return d ? `${y}年${Number(m)}月${Number(d)}日` : date;
}

function setUp() {
  const input = document.getElementById("search-query");
  if (!input) return;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  let current = 0;
  let query = "";
  let results = null;
  let shown = 0;

  const say = (text) => { status.textContent = text; };
  const none = () => `没有找到包含“${query}”的文章`;

  // Each query gets a ticket; the work of a query that is no longer the current one stops.
  async function showMore(ticket) {
    more.hidden = true;
    const want = shown + PAGE;
    await results.fill(want, {
      stopped: () => ticket !== current,
      // Said only while the page is still short of results (a query whose candidates mostly
      // fail); a page filled at once shows its results with no word in between.
      progress: () => {
        if (!results.exact && results.verified.length < want) {
          say(`正在核对…（已核对 ${results.checked} / ${results.ids.length} 篇）`);
        }
      },
    });
    if (ticket !== current) return;
    for (const { doc, place } of results.verified.slice(shown, want)) {
      const li = document.createElement("li");
      li.className = "search-result";
      const a = document.createElement("a");
      a.className = "result-title";
      a.href = doc.url;
      a.append(marked(doc.title, matches(doc.title, results.segments)));
      const metaLine = document.createElement("p");
      metaLine.className = "result-meta";
      const metaText = [doc.authors, doc.section, printed(doc.date)].filter(Boolean).join(" · ");
      metaLine.append(marked(metaText, matches(metaText, results.segments)));
      const snippet = document.createElement("p");
      snippet.className = "result-excerpt";
      if (place) {
        const { text, ranges, from, to } = place;
        if (from > 0) snippet.append("…");
        snippet.append(marked(text, ranges, from, to));
        if (to < text.length) snippet.append("…");
      }
      li.append(a, metaLine, snippet);
      list.append(li);
      shown += 1;
    }
    if (results.exact) say(results.count > 0 ? `找到 ${results.count} 篇文章` : none());
    else say(`找到约 ${results.count} 篇文章`);
    more.hidden = shown >= results.verified.length && results.exact;
  }

  async function run(text) {
    const ticket = ++current;
    list.replaceChildren();
    more.hidden = true;
    const url = new URL(location.href);
    if (text) url.searchParams.set("q", text); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!text.trim()) { say(""); return; }
    say("正在搜索…");
    try {
      const found = await find(text);
      if (ticket !== current) return;
      if (found.tooShort) { say("请输入至少两个汉字、字母或数字"); return; }
      query = text.trim();
      results = new Results(found);
      shown = 0;
      if (found.total === 0) { say(none()); return; }
      await showMore(ticket);
    } catch (error) {
      if (ticket !== current) return;
      say(location.protocol === "file:"
        ? "从本地文件打开时无法搜索：请通过网站服务器打开本站"
        : `搜索暂时不可用（${error.message}）`);
    }
  }

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 150);
  });
  input.form?.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  more.addEventListener("click", () => {
    const ticket = current;
    showMore(ticket).catch((error) => {
      if (ticket === current) say(`搜索暂时不可用（${error.message}）`);
    });
  });
  const initial = new URL(location.href).searchParams.get("q") ?? "";
  if (initial) {
    input.value = initial;
    run(initial);
  }
}

if (typeof document !== "undefined") setUp();
