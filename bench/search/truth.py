#!/usr/bin/env python3
"""Ground truth for site search: which article pages contain a query as a substring.

The searchable text of a page is the visible text inside its <article> element: kicker, title,
bylines, pull-quote, body, and the article's own footer (author's unit, notes such as a grant
number, the date) — minus the elements in --exclude (by default the neighbour links, which hold
*other* articles' titles, the word-count chrome, and never-visible elements).

Text is normalised the same way for pages and queries (see normalise()):
  * tags stripped, entities decoded (html.parser);
  * block elements (p, h1, li, ...) and tag chips (class="tag") end a run of text: a query never
    matches across two of them; inline elements (a, em, span, ...) don't break it;
  * runs of whitespace become one space, and whitespace between two Han characters is removed
    (source line breaks inside Chinese text);
  * lower case (Latin; digits and Han are unaffected).

    python3 bench/search/truth.py --site /dev/shm/search-eval/seed-dist --queries bench/search/queries-seed.txt
prints one line per query: count, query, then the matching paths (articles/<slug>/).
"""

import argparse
import glob
import hashlib
import json
import os
import re
import sys
from html.parser import HTMLParser

# The default exclusions: simple selectors, "tag", ".class" or "tag.class".
DEFAULT_EXCLUDE = "nav,.word-count,script,style,noscript,template,svg,iframe"
# Also drop the article's footer: the region Pagefind indexes (it always removes footer and nav).
NO_FOOTER_EXCLUDE = DEFAULT_EXCLUDE + ",footer"

INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "rb", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "u", "var", "wbr", "font",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Inline elements that are still separate words on screen (tag chips): treated as blocks.
SEPARATE_CLASSES = {"tag"}
BLOCK_SEP = "\x00"  # never in a query, not whitespace: a match can't span it

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_GAP = re.compile(f"(?<=[{HAN}])\\s+(?=[{HAN}])")
_SPACES = re.compile(r"\s+")
_IS_HAN = re.compile(f"^[{HAN}]+$")


def normalise(text: str) -> str:
    text = _HAN_GAP.sub("", text)
    text = _SPACES.sub(" ", text)
    return text.strip().lower()


def parse_selectors(spec: str):
    out = []
    for sel in filter(None, (s.strip() for s in spec.split(","))):
        tag, _, cls = sel.partition(".")
        out.append((tag.lower() or None, cls or None))
    return out


class ArticleText(HTMLParser):
    """Collects the text of the first <root> element, without excluded subtrees."""

    def __init__(self, root="article", exclude=DEFAULT_EXCLUDE):
        super().__init__(convert_charrefs=True)
        self.root = root
        self.exclude = parse_selectors(exclude)
        self.depth = 0          # depth inside the root element (0: outside)
        self.done = False
        self.skip_depth = 0     # >0: inside an excluded element, at this depth
        self.parts = []
        self.stack = []         # per open element inside the root: does it separate text?

    def _excluded(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        return any((t is None or t == tag) and (c is None or c in classes) for t, c in self.exclude)

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.depth == 0:
            if tag == self.root:
                self.depth = 1
            return
        if tag == "br":
            self.parts.append(" ")
            return
        if tag in VOID:
            return
        self.depth += 1
        if not self.skip_depth and self._excluded(tag, attrs):
            self.skip_depth = self.depth
        self.stack.append(tag not in INLINE or bool(SEPARATE_CLASSES & set(
            (dict(attrs).get("class") or "").split())))
        if self.stack[-1]:
            self.parts.append(BLOCK_SEP)

    def handle_startendtag(self, tag, attrs):
        if self.depth and tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.depth == 0 or self.done or tag in VOID:
            return
        if self.stack.pop() if self.stack else tag not in INLINE:
            self.parts.append(BLOCK_SEP)
        if self.skip_depth == self.depth:
            self.skip_depth = 0
        self.depth -= 1
        if self.depth == 0:
            self.done = True

    def handle_data(self, data):
        if self.depth and not self.skip_depth and not self.done:
            self.parts.append(data)

    def text(self):
        blocks = "".join(self.parts).split(BLOCK_SEP)
        return BLOCK_SEP.join(b for b in (normalise(b) for b in blocks) if b)


def page_text(html: str, exclude=DEFAULT_EXCLUDE, root="article") -> str:
    p = ArticleText(root=root, exclude=exclude)
    p.feed(html)
    p.close()
    return p.text()


def article_files(site):
    return sorted(glob.glob(os.path.join(site, "articles", "*", "index.html")))


def site_texts(site, exclude=DEFAULT_EXCLUDE, cache_dir=None):
    """{"articles/<slug>/": normalised text}; cached while no article page changed."""
    files = article_files(site)
    if not files:
        sys.exit(f"no articles/*/index.html under {site}")
    sig = hashlib.sha256()
    for f in files:
        st = os.stat(f)
        sig.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    sig.update(exclude.encode())
    sig.update(open(__file__, "rb").read())
    digest = sig.hexdigest()[:16]
    cache = None
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
        cache = os.path.join(cache_dir, f"texts-{digest}.json")
        if os.path.exists(cache):
            with open(cache, encoding="utf-8") as fh:
                return json.load(fh)
    texts = {}
    for f in files:
        rel = os.path.relpath(os.path.dirname(f), site).replace(os.sep, "/") + "/"
        with open(f, encoding="utf-8") as fh:
            texts[rel] = page_text(fh.read(), exclude=exclude)
    if cache:
        tmp = cache + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(texts, fh, ensure_ascii=False)
        os.replace(tmp, cache)
    return texts


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(line.strip())
    return out


def truth(texts, query):
    q = normalise(query)
    return sorted(p for p, t in texts.items() if q in t)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True)
    ap.add_argument("--queries", help="file, one query a line (# comments)")
    ap.add_argument("-q", "--query", action="append", default=[])
    ap.add_argument("--exclude", default=DEFAULT_EXCLUDE,
                    help=f"comma-separated simple selectors to leave out [{DEFAULT_EXCLUDE}]")
    ap.add_argument("--no-footer", action="store_true", help="also leave out <footer> (Pagefind's region)")
    ap.add_argument("--cache-dir", default="/dev/shm/search-eval/cache")
    ap.add_argument("--json", action="store_true", help="print {query: [paths]} as JSON")
    ap.add_argument("--dump", metavar="PATH", help="print the extracted text of one page (articles/<slug>/)")
    args = ap.parse_args()
    exclude = args.exclude + (",footer" if args.no_footer else "")
    texts = site_texts(args.site, exclude=exclude, cache_dir=args.cache_dir)
    if args.dump:
        print(texts[args.dump].replace(BLOCK_SEP, "\n"))
        return
    queries = (read_queries(args.queries) if args.queries else []) + args.query
    res = {q: truth(texts, q) for q in queries}
    if args.json:
        json.dump(res, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for q, paths in res.items():
            print(f"{len(paths)}\t{q}\t{' '.join(paths[:5])}{' ...' if len(paths) > 5 else ''}")


if __name__ == "__main__":
    main()
