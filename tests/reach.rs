//! What readers' tools see: Atom feeds read by a real feed parser (Python's feedparser), the
//! sitemap and robots.txt, and each article's schema.org JSON-LD and Open Graph tags.

mod common;

use common::{build_ok, python, read, sample_site, write};

const READ_FEED: &str = r#"
import sys, feedparser
feed = feedparser.parse(sys.argv[1])
assert not feed.bozo, feed.bozo_exception
print("title", feed.feed.title)
print("self", feed.feed.links[0].href)
for e in feed.entries:
    print("entry", e.title, "|", e.link, "|", e.published, "|", ",".join(a.name for a in e.authors), "|", e.tags[0].term, "|", len(e.content[0].value) if "content" in e else 0)
"#;

#[test]
fn every_feed_parses_and_carries_the_right_articles() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let whole = python(READ_FEED, &[&dist.join("atom.xml")]);
    assert!(whole.contains("title 株洲日报·评论\n"), "{whole}");
    assert!(
        whole.contains("self https://example.org/opinion/atom.xml\n"),
        "{whole}"
    );
    assert_eq!(
        whole.lines().filter(|l| l.starts_with("entry ")).count(),
        7,
        "{whole}"
    );
    let li_jun = whole
        .lines()
        .find(|l| l.contains("以价值创造为社会工作添彩"))
        .expect("李军's article");
    assert!(
        li_jun.starts_with(
            "entry 以价值创造为社会工作添彩 | https://example.org/opinion/articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/ | 2026-03-27T00:00:00Z | 李军 | 基层治理 | "
        ),
        "{li_jun}"
    );
    let content_length: usize = li_jun.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(
        content_length > 500,
        "the whole text is in the feed: {li_jun}"
    );

    let section = python(READ_FEED, &[&dist.join("sections/ping-lun/atom.xml")]);
    assert!(
        section.contains("title 株洲日报·评论 · 评论\n"),
        "{section}"
    );
    let entries: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("entry "))
        .collect();
    assert_eq!(entries.len(), 2, "{section}");
    assert!(
        entries
            .iter()
            .any(|e| e.contains("在深入群众中厚植执政根基") && e.contains("| 李宏 |"))
    );

    let author = python(
        READ_FEED,
        &[&dist.join("authors/yang-shuang-shuang/atom.xml")],
    );
    assert_eq!(
        author.lines().filter(|l| l.starts_with("entry ")).count(),
        1,
        "{author}"
    );
}

#[test]
fn feeds_escape_what_they_carry_and_can_carry_summaries_only() {
    let site = sample_site();
    write(
        site.path(),
        "articles/escape.md",
        "---\ntitle: 标题 <b>粗</b> & “引号”\nauthor: 李宏\ndate: 2026-03-27\nsummary: 摘要 <script>x</script>\n---\n\n正文 & <i>斜</i>。\n",
    );
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    write(
        site.path(),
        "site.yaml",
        config.replace("feed_content: full", "feed_content: summary"),
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let feed = python(READ_FEED, &[&dist.join("atom.xml")]);
    assert!(feed.contains("entry 标题 <b>粗</b> & “引号” |"), "{feed}");
    assert!(
        feed.lines()
            .filter(|l| l.starts_with("entry "))
            .all(|l| l.ends_with("| 0")),
        "summaries only: {feed}"
    );
    assert!(
        read(&dist, "atom.xml")
            .contains("<summary type=\"text\">摘要 &lt;script&gt;x&lt;&#x2F;script&gt;</summary>")
            || read(&dist, "atom.xml")
                .contains("<summary type=\"text\">摘要 &lt;script&gt;x&lt;/script&gt;</summary>")
    );
}

#[test]
fn pages_link_their_feeds_and_the_sitemap_lists_every_page() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    assert!(read(&dist, "index.html").contains(r#"<link rel="alternate" type="application/atom+xml" title="株洲日报·评论" href="./atom.xml">"#));
    assert!(
        read(&dist, "sections/ji-ceng-zhi-li/index.html")
            .contains(r#"href="../../sections/ji-ceng-zhi-li/atom.xml""#)
    );
    assert!(
        read(&dist, "authors/li-jun/index.html")
            .contains(r#"href="../../authors/li-jun/atom.xml""#)
    );

    let sitemap = python(
        r#"
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
for url in ET.parse(sys.argv[1]).getroot().findall("s:url", ns):
    lastmod = url.find("s:lastmod", ns)
    print(url.find("s:loc", ns).text, lastmod.text if lastmod is not None else "-")
"#,
        &[&dist.join("sitemap.xml")],
    );
    // Every page but the 404, the search page (which asks search engines not to index it) and
    // the archive's front (the newest year's page under another address: the year's is listed).
    let html_pages = common::read_tree(&dist)
        .keys()
        .filter(|p| {
            p.ends_with(".html")
                && !["404.html", "search/index.html", "editions/index.html"].contains(&p.as_str())
        })
        .count();
    assert_eq!(sitemap.lines().count(), html_pages, "{sitemap}");
    assert!(!sitemap.contains("/search/"), "{sitemap}");
    assert!(read(&dist, "search/index.html").contains(r#"<meta name="robots" content="noindex">"#));
    assert!(
        sitemap.contains("https://example.org/opinion/ -\n"),
        "{sitemap}"
    );
    assert!(sitemap.contains(
        "https://example.org/opinion/articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/ 2026-03-27\n"
    ));
    assert!(sitemap.contains(
        "https://example.org/opinion/editions/2026/03/27/ 2026-03-27\nhttps://example.org/opinion/editions/2026/ -\n"
    ), "{sitemap}");
    assert_eq!(
        read(&dist, "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/opinion/sitemap.xml\n"
    );
}

#[test]
fn article_pages_describe_themselves_to_search_engines_and_social_cards() {
    let site = sample_site();
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    write(
        site.path(),
        "site.yaml",
        format!("{config}schema_types: {{市场观察: NewsArticle}}\n"),
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let page =
        dist.join("articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/index.html");
    let facts = python(
        r#"
import sys, json, re
html = open(sys.argv[1], encoding="utf-8").read()
data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
print(data["@type"], data["headline"], data["articleSection"], data["datePublished"])
for a in data["author"]:
    print("author", a["@type"], a["name"], a["url"], a.get("affiliation", {}).get("name"))
print("editors", ",".join(e["name"] for e in data["editor"]))
print("publisher", data["publisher"]["name"])
print("printed", data.get("printEdition"), data.get("printPage"), data.get("printSection"))
for prop in re.findall(r'<meta property="(og:type|article:published_time|article:author|article:section)" content="([^"]*)">', html):
    print("meta", *prop)
"#,
        &[&page],
    );
    assert_eq!(
        facts,
        "OpinionNewsArticle 在深入群众中厚植执政根基 评论 2026-03-27T00:00:00Z\n\
         author Person 李宏 https://example.org/opinion/authors/li-hong/ 株洲市委党校\n\
         editors 胡文洁,周菁\n\
         publisher 株洲日报\n\
         printed 2026年3月27日 None 评论\n\
         meta og:type article\n\
         meta article:published_time 2026-03-27T00:00:00Z\n\
         meta article:section 评论\n\
         meta article:author https://example.org/opinion/authors/li-hong/\n"
    );
    // A section set to plain news.
    let market = read(
        &dist,
        "articles/yi-chuang-yi-rang-chuan-tong-chan-ye-huan-fa-xin-sheng-ji/index.html",
    );
    assert!(market.contains(r#""@type":"NewsArticle""#));
}

/// Parses every `.xml` file below the folder in argv[1] with a strict XML parser, and every
/// JSON-LD block and search-index JSON file with a strict JSON parser (control characters in
/// strings refused); prints one line per file read.
const READ_STRICTLY: &str = r#"
import sys, os, re, json, xml.etree.ElementTree as ET
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        path = os.path.join(folder, name)
        if name.endswith(".xml"):
            ET.parse(path)
            print("xml", os.path.relpath(path, sys.argv[1]))
        elif name.endswith(".json"):
            json.loads(open(path, encoding="utf-8").read())
            print("json", os.path.relpath(path, sys.argv[1]))
        elif name.endswith(".html"):
            html = open(path, encoding="utf-8").read()
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
                json.loads(block)
                print("json-ld", os.path.relpath(path, sys.argv[1]))
"#;

#[test]
fn feeds_and_sitemap_stay_xml_with_every_character_xml_allows() {
    let site = sample_site();
    // Tab, CR, CRLF and LF, U+0085 and U+2028 in the text, and a tab in the headline; the
    // feeds carry the whole text.
    write(
        site.path(),
        "articles/allowed.md",
        "---\ntitle: 允许\t的字符\nauthor: 李宏\nsummary: \"导语\\t与\\u2028\"\ndate: 2026-03-28\n---\n\n第一段\t有制表符\r第二行\r\n第三行\u{85}与\u{2028}分隔。\n\n```\n代码\t\r```\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let read = python(READ_STRICTLY, &[&dist]);
    for file in [
        "xml atom.xml",
        "xml sitemap.xml",
        "xml sections/ping-lun/atom.xml",
        "xml authors/li-hong/atom.xml",
        "json search/data/meta.json",
        "json-ld articles/allowed/index.html",
    ] {
        assert!(
            read.lines().any(|line| line == file),
            "{file} not read:\n{read}"
        );
    }
    let feed = python(READ_FEED, &[&dist.join("atom.xml")]);
    assert!(feed.contains("entry 允许\t的字符 |"), "{feed}");
}

#[test]
fn a_site_whose_text_holds_control_characters_is_refused_not_published_as_broken_xml() {
    let site = sample_site();
    write(
        site.path(),
        "articles/vt.md",
        "---\ntitle: 竖线\nauthor: 李宏\ndate: 2026-03-28\n---\n\n第一段\u{b}第二行\u{1}。\n",
    );
    // YAML refused such characters in the front matter already; in the text, they reached
    // the feeds.
    let run = common::build(site.path(), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "articles/vt.md:7:4: a control character U+000B (vertical tab) here: delete it, or start a new line (Word's manual line break, Shift+Enter, pastes as U+000B)\n\
         articles/vt.md:7:8: a control character U+0001 (start of heading) here: delete it\n\
         error: the build failed: 2 problems found; the output folder was left as it was\n"
    );
    assert!(!site.path().join("dist").exists());
    // With the characters deleted, as the messages say, every XML file parses.
    write(
        site.path(),
        "articles/vt.md",
        "---\ntitle: 竖线\nauthor: 李宏\ndate: 2026-03-28\n---\n\n第一段第二行。\n",
    );
    build_ok(site.path(), &[]);
    let read = python(READ_STRICTLY, &[&site.path().join("dist")]);
    assert!(read.contains("xml atom.xml\n"), "{read}");
}
