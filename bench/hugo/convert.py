#!/usr/bin/env python3
"""Turns a corpus of examples/gen_corpus.rs into a Hugo site: `convert.py CORPUS SITE LAYOUTS`.

For bench/hugo.sh. SITE gets:
  hugo.toml                     the corpus's site.yaml as Hugo settings: title, base URL, language,
                                20 to a page, taxonomies `authors` and `sections`, feeds of 20
  content/articles/<slug>.md    each article: title, date, authors and sections (taxonomies),
                                summary as `description`, affiliation/note/tags as params; the
                                Markdown body byte for byte. The date is the article's edition's
                                (corpus/editions/YYYY-MM-DD.yaml, issue 12; generator version 2
                                on) or, when no edition lists it, its own `date:`
  content/articles/_index.md    the section `articles` is not rendered (broadsheet has no such list)
  content/authors/<name>/_index.md  the biographies site.yaml gives
  layouts/                      a copy of LAYOUTS (bench/hugo/layouts)
  static/static/style.css       the default theme's stylesheet, at broadsheet's address
  .hugo_site                    a marker: what this site was made from

Only the shapes the generator writes are read (`key: "string"`, `key: [list]`, `date: YYYY-MM-DD`;
quoted scalars and lists as JSON reads them; in an edition file, only its article entries,
`      - name`, are read, the rest is skipped); anything else stops the conversion, naming the
file and line, rather than being guessed. Hugo gets no edition pages (broadsheet makes them).
Python's standard library only.
"""

import json
import os
import re
import shutil
import sys

KEY = re.compile(r"^([a-z_]+):(?: (.*))?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def fail(message):
    sys.exit(f"convert.py: {message}")


def value(text, where, bare=False):
    """A JSON-compatible quoted string, number or list, or a bare date (with `bare`, any bare
    word: site.yaml's `language: zh-CN`)."""
    if DATE.match(text):
        return text
    if bare and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", text):
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        fail(f"{where}: cannot read `{text}` ({e})")


def q(text):
    """A double-quoted scalar that YAML and TOML both read as `text`."""
    return json.dumps(text, ensure_ascii=False)


def site_settings(corpus):
    """The top-level scalars and lists of site.yaml, and the authors' biographies."""
    path = os.path.join(corpus, "site.yaml")
    settings, bios, author = {}, {}, None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = f"{path}:{number}"
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("    "):  # an author's field
                key, _, text = line.strip().partition(": ")
                if author is None:
                    fail(f"{where}: a field outside an author")
                if key == "bio":
                    bios[author] = value(text, where)
                continue
            if line.startswith("  "):  # an author's name
                author = value(line.strip().removesuffix(":"), where)
                continue
            m = KEY.match(line)
            if not m:
                fail(f"{where}: cannot read this line")
            key, text = m.groups()
            author = None
            if text is not None:
                settings[key] = value(text, where, bare=True)
    for key in ("title", "base_url", "paginate", "default_section", "sections"):
        if key not in settings:
            fail(f"{path}: no `{key}`")
    return settings, bios


def hugo_toml(s):
    lines = [
        "# Made by bench/hugo/convert.py from the corpus's site.yaml.",
        f"baseURL = {q(s['base_url'])}",
        f"title = {q(s['title'])}",
        f"locale = {q(s.get('language', 'zh-CN'))}",
        'defaultContentLanguage = "zh"',
        # Chinese text: word counts, reading times and automatic summaries by characters.
        "hasCJKLanguage = true",
        "enableRobotsTXT = true",
        "",
        "[pagination]",
        f"pagerSize = {int(s['paginate'])}",
        # No page/1/ redirects to the first page: broadsheet makes none.
        "disableAliases = true",
        "",
        "[taxonomies]",
        'author = "authors"',
        'section = "sections"',
        "",
        # Feeds of the newest 20, as broadsheet's (feed_limit's default); Hugo's default is all.
        "[services.rss]",
        "limit = 20",
        "",
        # A feed for the site and for each term, as broadsheet makes one for the site and each
        # section and author; none for the lists of all authors and all sections.
        "[outputs]",
        'home = ["html", "rss"]',
        'section = ["html"]',
        'taxonomy = ["html"]',
        'term = ["html", "rss"]',
        'page = ["html"]',
        "",
        "[params]",
        f"description = {q(s.get('description', ''))}",
        f"sections = [{', '.join(q(x) for x in s['sections'])}]",
        f"editors = [{', '.join(q(x) for x in s.get('editors', []))}]",
        f"submission_email = {q(s.get('submission_email', ''))}",
        "",
    ]
    return "\n".join(lines)


EDITION_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")
EDITION_ENTRY = re.compile(r"^ {6}- (\S+)$")


def edition_dates(corpus):
    """Each article's file name (`a0000001.md`) → its edition's date, from corpus/editions."""
    folder = os.path.join(corpus, "editions")
    dates = {}
    if not os.path.isdir(folder):
        return dates
    for name in sorted(os.listdir(folder)):
        m = EDITION_FILE.match(name)
        if not m:
            fail(f"{folder}/{name}: not an edition file of the generator (YYYY-MM-DD.yaml)")
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                entry = EDITION_ENTRY.match(line.rstrip("\n"))
                if not entry:
                    continue
                article = entry.group(1).removesuffix(".md") + ".md"
                if article in dates:
                    fail(f"{path}:{number}: {article} is listed in another edition too")
                dates[article] = m.group(1)
    return dates


def convert_article(src, default_section, edition_date=None):
    with open(src, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        fail(f"{src}: no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        fail(f"{src}: the front matter does not end")
    fields = {}
    for number, line in enumerate(text[4:end].split("\n"), 2):
        m = KEY.match(line)
        if not m or m.group(2) is None:
            fail(f"{src}:{number}: cannot read this line")
        fields[m.group(1)] = value(m.group(2), f"{src}:{number}")
    body = text[end + 5 :]
    if edition_date is not None:
        if "date" in fields and str(fields["date"])[:10] != edition_date:
            fail(f"{src}: dated {fields['date']}, but its edition is of {edition_date}")
        fields["date"] = edition_date
    for key in ("title", "author", "date"):
        if key not in fields:
            fail(f"{src}: no `{key}`")
    authors = fields["author"] if isinstance(fields["author"], list) else [fields["author"]]
    out = [
        "---",
        f"title: {q(fields['title'])}",
        f"date: {fields['date']}",
        f"authors: [{', '.join(q(a) for a in authors)}]",
        f"sections: [{q(fields.get('section', default_section))}]",
    ]
    if "summary" in fields:
        out.append(f"description: {q(fields['summary'])}")
    params = []
    for key in ("affiliation", "note"):
        if key in fields:
            params.append(f"  {key}: {q(fields[key])}")
    if "tags" in fields:
        params.append(f"  tags: [{', '.join(q(t) for t in fields['tags'])}]")
    if params:
        out.append("params:")
        out.extend(params)
    known = {"title", "author", "date", "section", "summary", "affiliation", "note", "tags"}
    unknown = sorted(set(fields) - known)
    if unknown:
        fail(f"{src}: fields this converter does not know: {', '.join(unknown)}")
    out.append("---")
    return "\n".join(out) + "\n" + body


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: convert.py CORPUS SITE LAYOUTS")
    corpus, site, layouts = sys.argv[1:]
    theme_css = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../themes/default/static/style.css")
    marker = os.path.join(corpus, ".gen_corpus")
    if not os.path.isfile(marker):
        fail(f"{corpus} is not a corpus of gen_corpus (no .gen_corpus)")
    if os.path.exists(site):
        if not os.path.isfile(os.path.join(site, ".hugo_site")) and os.listdir(site):
            fail(f"{site} is not empty and was not made by convert.py")
        shutil.rmtree(site)
    settings, bios = site_settings(corpus)

    articles = os.path.join(site, "content", "articles")
    os.makedirs(articles)
    with open(os.path.join(site, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write(hugo_toml(settings))
    with open(os.path.join(articles, "_index.md"), "w", encoding="utf-8") as f:
        f.write('---\ntitle: "articles"\nbuild:\n  render: never\n---\n')
    for name, bio in bios.items():
        # Hugo files a term's page under its urlized name; Han characters are kept as they are.
        folder = os.path.join(site, "content", "authors", name)
        os.makedirs(folder)
        with open(os.path.join(folder, "_index.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {q(name)}\ndescription: {q(bio)}\n---\n")
    dates = edition_dates(corpus)
    count = 0
    src_dir = os.path.join(corpus, "articles")
    for name in sorted(os.listdir(src_dir)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(articles, name), "w", encoding="utf-8") as f:
            f.write(convert_article(os.path.join(src_dir, name), settings["default_section"], dates.get(name)))
        count += 1
    missing = sorted(set(dates) - set(os.listdir(src_dir)))
    if missing:
        fail(f"{corpus}/editions lists articles that have no file: {', '.join(missing[:5])}")
    shutil.copytree(layouts, os.path.join(site, "layouts"))
    os.makedirs(os.path.join(site, "static", "static"))
    shutil.copy(theme_css, os.path.join(site, "static", "static", "style.css"))
    with open(marker, encoding="utf-8") as f:
        made_from = f.read().strip()
    with open(os.path.join(site, ".hugo_site"), "w", encoding="utf-8") as f:
        f.write(f"convert.py from {made_from}, {count} articles\n")
    print(f"convert.py: {count} articles into {site}", file=sys.stderr)


if __name__ == "__main__":
    main()
