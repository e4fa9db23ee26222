//! Builds variations of a site — a changed copy of the sample, or a small fixture — and reads
//! the output: escaping, homophone authors, a site without site.yaml, drafts, pagination and
//! a theme that overrides one template.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{
    article_pages, between, build_ok, build_with_library, card_titles, elements, entries,
    fixture_site, h1s, links, listings, read, read_pages, read_tree, repo_root, resolve, run_in,
    sample_site, tempdir, write,
};

/// Every page of `dist` whose text contains `needle`.
fn pages_containing(dist: &Path, needle: &str) -> Vec<String> {
    read_pages(dist)
        .into_iter()
        .filter(|(_, html)| html.contains(needle))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn escapes_markup_in_a_title_and_a_pull_quote() {
    let site = sample_site();
    write(
        site.path(),
        "articles/xss.md",
        "---\ntitle: 标题<script>alert(1)</script>\nauthor: 李红\nsection: 评论\ndate: 2026-03-28\nsummary: 导语<img src=x onerror=alert(2)>\n---\n\n正文。\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let escaped = "标题&lt;script&gt;alert(1)&lt;/script&gt;";
    let page = read(&dist, "articles/xss/index.html");
    assert!(
        page.contains(&format!("<h1 class=\"article-title\">{escaped}</h1>")),
        "{page}"
    );
    assert!(
        page.contains("<p>导语&lt;img src=x onerror=alert(2)&gt;</p>"),
        "{page}"
    );
    assert!(read(&dist, "index.html").contains(escaped));
    for markup in ["<script>alert", "<img src=x"] {
        let raw: Vec<String> = read_tree(&dist)
            .into_iter()
            .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(markup))
            .map(|(path, _)| path)
            .collect();
        assert!(raw.is_empty(), "unescaped {markup} in {raw:?}");
    }
}

/// The six places where the printed page broke a sentence across lines, as in
/// tests/fixtures/seed_page.txt: (the text before the break, after it, the sentence whole).
const PRINT_BREAKS: [(&str, &str, &str); 6] = [
    (
        "株洲推行的“一把手走流程”,让领导干",
        "部以普通群众身份体验办事难。",
        "让领导干部以普通群众身份",
    ),
    (
        "群众工作不能是“干部干、群众看”,而要",
        "激发主人翁意识。",
        "而要激发主人翁意识",
    ),
    (
        "今年,还需推动",
        "“共益人”从“资源链接”向“价值共创”升级。",
        "还需推动“共益人”从",
    ),
    (
        "教学进度与学习效果,是家长关注的另一核心",
        "焦点。",
        "另一核心焦点",
    ),
    ("直击年轻人的考研、脱单等核心", "诉求。", "等核心诉求"),
    (
        "年画福碗、抽茶茶具等新品层出不穷,",
        "让艺术瓷从博物馆走向日常生活。",
        "层出不穷,让艺术瓷",
    ),
];

#[test]
fn joins_sentences_that_a_line_break_splits_as_the_print_layout_did() {
    let site = sample_site();
    let body: Vec<String> = PRINT_BREAKS
        .iter()
        .map(|(before, after, _)| format!("{before}\n{after}"))
        .collect();
    write(
        site.path(),
        "articles/print-breaks.md",
        format!(
            "---\ntitle: 排版断句\nauthor: 李宏\ndate: 2026-03-28\n---\n\n{}\n",
            body.join("\n\n")
        ),
    );
    build_ok(site.path(), &[]);

    let html = read(
        &site.path().join("dist"),
        "articles/print-breaks/index.html",
    );
    let paragraphs = elements(&html, "p");
    let broken: Vec<&str> = PRINT_BREAKS
        .iter()
        .map(|(_, _, sentence)| *sentence)
        .filter(|sentence| !paragraphs.iter().any(|p| p.contains(sentence)))
        .collect();
    assert!(
        broken.is_empty(),
        "still broken: {broken:?}\nparagraphs: {paragraphs:#?}"
    );
}

#[test]
fn gives_homophone_authors_separate_pages() {
    let site = sample_site();
    write(
        site.path(),
        "articles/hong-a.md",
        "---\ntitle: 李宏的第二篇\nauthor: 李宏\nsection: 评论\ndate: 2026-03-20\n---\n\n正文。\n",
    );
    write(
        site.path(),
        "articles/hong-b.md",
        "---\ntitle: 李红的一篇\nauthor: 李红\nsection: 评论\ndate: 2026-03-21\n---\n\n正文。\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let authors = listings(&dist, "authors");
    assert_eq!(authors.len(), 8, "{:?}", authors.keys());
    let (hong_path, hong_titles) = &authors["李宏"];
    let (red_path, red_titles) = &authors["李红"];
    assert_ne!(hong_path, red_path);
    assert_eq!(
        *hong_titles,
        BTreeSet::from([
            "在深入群众中厚植执政根基".to_owned(),
            "李宏的第二篇".to_owned()
        ])
    );
    assert_eq!(*red_titles, BTreeSet::from(["李红的一篇".to_owned()]));

    // Each byline leads to its own author's page.
    let pages = article_pages(&dist);
    for (title, author_page) in [("李宏的第二篇", hong_path), ("李红的一篇", red_path)] {
        let (path, html) = &pages[title];
        let byline = between(html, "class=\"byline\">", "</p>").expect("a byline");
        let targets: Vec<_> = links(byline)
            .iter()
            .filter_map(|link| resolve(path, link, "/opinion/"))
            .collect();
        assert_eq!(targets, [Ok(author_page.clone())], "{path}");
    }
}

#[test]
fn builds_a_site_without_site_yaml_from_another_folder() {
    let site = fixture_site("no-config");
    assert!(!site.path().join("site.yaml").exists());
    let cwd = tempdir();
    let run = run_in(cwd.path(), site.path(), &[]);
    assert!(run.success, "{}", run.stderr);
    assert!(
        run.stdout
            // 11 HTML pages (the edition's, the archive's front and its year among them), 3
            // feeds (site, section, author), the sitemap and robots.txt.
            .starts_with("Built 1 article, 1 section, 1 author: 16 pages"),
        "{}",
        run.stdout
    );
    assert!(
        entries(cwd.path()).is_empty(),
        "the working folder was written to"
    );

    let dist = site.path().join("dist");
    let pages = article_pages(&dist);
    assert_eq!(pages.keys().collect::<Vec<_>>(), ["没有配置文件也能建站"]);
    // The embedded default theme: its templates, its style sheet, the default section.
    let (_, html) = &pages["没有配置文件也能建站"];
    assert!(html.contains("<meta name=\"generator\" content=\"broadsheet\">"));
    // No absolute base_url, so no canonical address to name.
    assert!(!html.contains("rel=\"canonical\""), "{html}");
    assert_eq!(
        std::fs::read(dist.join("static/style.css")).expect("the theme's style sheet"),
        std::fs::read(repo_root().join("themes/default/static/style.css"))
            .expect("the default theme's style sheet")
    );
    assert_eq!(h1s(&read(&dist, "sections/ping-lun/index.html")), ["评论"]);

    // With no base_url, the site's root is `/`.
    let tree = read_tree(&dist);
    for (page, html) in read_pages(&dist) {
        for link in links(&html) {
            if let Some(target) = resolve(&page, &link, "/") {
                let file = target.unwrap_or_else(|why| panic!("{page}: {why}"));
                assert!(
                    tree.contains_key(&file),
                    "{page}: {link} → {file} is missing"
                );
            }
        }
    }
}

#[test]
fn leaves_drafts_out_unless_asked_for_them() {
    let site = sample_site();
    write(
        site.path(),
        "articles/draft.md",
        "---\ntitle: 草稿一篇\nauthor: 草稿人\nsection: 草稿栏\ndate: 2026-03-27\ndraft: true\n---\n\n还没写完。\n",
    );
    let dist = site.path().join("dist");

    let summary = build_with_library(site.path(), false);
    assert_eq!((summary.articles, summary.drafts_skipped), (7, 1));
    for needle in ["草稿一篇", "草稿人", "草稿栏"] {
        assert_eq!(
            pages_containing(&dist, needle),
            Vec::<String>::new(),
            "{needle}"
        );
    }
    assert!(!dist.join("articles/draft").exists());

    let run = build_ok(site.path(), &["--drafts"]);
    assert!(
        run.stdout
            .starts_with("Built 8 articles, 7 sections, 8 authors:"),
        "{}",
        run.stdout
    );
    assert_eq!(h1s(&read(&dist, "articles/draft/index.html")), ["草稿一篇"]);
    assert!(card_titles(&read(&dist, "index.html")).contains(&"草稿一篇".to_owned()));
    assert_eq!(
        listings(&dist, "authors")["草稿人"].1,
        BTreeSet::from(["草稿一篇".to_owned()])
    );
}

/// A copy of the sample with two articles a page and every article in one section (评论),
/// built.
fn paginated_sample() -> tempfile::TempDir {
    let site = sample_site();
    let yaml = read(site.path(), "site.yaml");
    assert!(yaml.contains("\npaginate: 10\n"), "{yaml}");
    write(
        site.path(),
        "site.yaml",
        yaml.replace("\npaginate: 10\n", "\npaginate: 2\n"),
    );
    for entry in std::fs::read_dir(site.path().join("articles")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text
            .lines()
            .filter(|line| !line.starts_with("section:"))
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    build_ok(site.path(), &[]);
    site
}

/// The pages of the section 评论, in order: `index.html`, `page/2/index.html`, …
const SECTION_PAGES: [&str; 4] = [
    "sections/ping-lun/index.html",
    "sections/ping-lun/page/2/index.html",
    "sections/ping-lun/page/3/index.html",
    "sections/ping-lun/page/4/index.html",
];

#[test]
fn paginates_a_section_into_pages_of_two_in_print_order() {
    let site = paginated_sample();
    let dist = site.path().join("dist");

    let mut seen = Vec::new();
    let mut counts = Vec::new();
    for page in SECTION_PAGES {
        let titles = card_titles(&read(&dist, page));
        counts.push(titles.len());
        seen.extend(titles);
    }
    assert_eq!(counts, [2, 2, 2, 1]);
    // The edition's print order, the lead first (editions/2026-03-27.yaml).
    assert_eq!(seen, common::PRINT_ORDER);
    assert!(!dist.join("sections/ping-lun/page/1").exists());
    assert!(!dist.join("sections/ping-lun/page/5").exists());
    // The home page shows the edition whole, without pages of its own.
    assert_eq!(card_titles(&read(&dist, "index.html")), seen);
    assert!(!dist.join("page").exists());
}

/// The headlines the home page lists of the editions before the newest.
fn headlines(html: &str) -> Vec<String> {
    html.split("<li class=\"headline\"><a href=\"")
        .skip(1)
        .map(|item| {
            let (_, rest) = item.split_once('>').expect("a link");
            rest.split_once("</a>").expect("a link ends").0.to_owned()
        })
        .collect()
}

/// The `href` of each `<a …>` in `html`, with the tag's own text and the link's text.
fn anchors(html: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a ") {
        rest = &rest[i..];
        let tag_end = rest.find('>').expect("a tag ends");
        let tag = &rest[..=tag_end];
        let text_end = rest.find("</a>").expect("a link ends");
        let text = &rest[tag_end + 1..text_end];
        let href = between(tag, "href=\"", "\"").expect("a link has an href");
        found.push((tag.to_owned(), href.to_owned(), text.to_owned()));
        rest = &rest[text_end..];
    }
    found
}

#[test]
fn the_page_links_of_a_paginated_section_lead_to_the_neighbouring_pages() {
    let site = paginated_sample();
    let dist = site.path().join("dist");

    let mut problems = Vec::new();
    for (i, page) in SECTION_PAGES.iter().enumerate() {
        let html = read(&dist, page);
        let nav = between(&html, "<nav class=\"pagination\"", "</nav>")
            .unwrap_or_else(|| panic!("{page} has no pagination"));
        let mut previous = None;
        let mut next = None;
        let mut numbered = BTreeMap::new();
        for (tag, href, text) in anchors(nav) {
            let target = resolve(page, &href, "/opinion/")
                .and_then(Result::ok)
                .unwrap_or_else(|| panic!("{page}: {href} is not a link in the site"));
            if tag.contains("rel=\"prev\"") {
                previous = Some(target);
            } else if tag.contains("rel=\"next\"") {
                next = Some(target);
            } else if let Ok(number) = text.parse::<usize>() {
                numbered.insert(number, target);
            }
        }
        let expected_previous = i.checked_sub(1).map(|j| SECTION_PAGES[j].to_owned());
        let expected_next = SECTION_PAGES.get(i + 1).map(|p| (*p).to_owned());
        if previous != expected_previous {
            problems.push(format!(
                "{page}: previous link {previous:?}, expected {expected_previous:?}"
            ));
        }
        if next != expected_next {
            problems.push(format!(
                "{page}: next link {next:?}, expected {expected_next:?}"
            ));
        }
        let expected_numbered: BTreeMap<usize, String> = (1..=4)
            .filter(|&n| n != i + 1)
            .map(|n| (n, SECTION_PAGES[n - 1].to_owned()))
            .collect();
        if numbered != expected_numbered {
            problems.push(format!(
                "{page}: numbered links {numbered:?}, expected {expected_numbered:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_themes_article_template_overrides_only_article_pages() {
    let site = fixture_site("theme-override");
    let summary = build_with_library(site.path(), false);
    assert_eq!(summary.articles, 2);
    let dist = site.path().join("dist");

    let pages = read_pages(&dist);
    let mut articles = 0;
    for (path, html) in &pages {
        if path.starts_with("articles/") {
            articles += 1;
            assert!(html.contains("<article class=\"mine-article\">"), "{path}");
            // The default base.html still frames the page.
            assert!(html.contains("<header class=\"masthead\">"), "{path}");
        } else {
            assert!(!html.contains("mine-"), "{path} uses the override");
            assert!(html.contains("<header class=\"masthead\">"), "{path}");
        }
    }
    assert_eq!(articles, 2);
    let first = &pages["articles/di-yi-pian/index.html"];
    assert!(
        first.contains("<h1 class=\"mine-title\">第一篇</h1>"),
        "{first}"
    );
    assert!(
        first.contains("<p class=\"mine-byline\">李宏</p>"),
        "{first}"
    );
    assert!(first.contains("<p>第一篇的正文。</p>"), "{first}");
    // The newest edition's card, then the edition before's headline.
    let home = &pages["index.html"];
    assert_eq!(card_titles(home), ["第一篇"]);
    assert_eq!(headlines(home), ["第二篇"]);
}

#[test]
fn reads_a_site_yaml_saved_with_a_byte_order_mark() {
    let site = sample_site();
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    // Keys from the first line on: a mark before a comment line was read well already.
    let keys: String = config
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| format!("{line}\n"))
        .collect();
    write(site.path(), "site.yaml", format!("\u{feff}{keys}"));
    build_ok(site.path(), &[]);
    let home = read(&site.path().join("dist"), "index.html");
    assert!(home.contains("<title>株洲日报·评论</title>"), "{home}");
}

#[test]
fn an_article_with_lone_carriage_returns_renders_as_with_line_feeds() {
    let site = sample_site();
    let lf = "---\ntitle: 换行\nauthor: 李宏\ndate: 2026-03-28\n---\n\n## 一、标题\n\n第一段第一行\n第一段第二行。\n\n```\n代码\n第二行\n```\n\n- 甲\n- 乙\n";
    write(site.path(), "articles/lf.md", lf);
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let expected = read(&dist, "articles/lf/index.html");
    for (ending, name) in [("\r", "cr"), ("\r\n", "crlf")] {
        std::fs::remove_file(site.path().join("articles/lf.md")).ok();
        for other in ["cr", "crlf"] {
            std::fs::remove_file(site.path().join(format!("articles/{other}.md"))).ok();
        }
        write(
            site.path(),
            &format!("articles/{name}.md"),
            format!("---\nslug: lf\n{}", &lf[4..]).replace('\n', ending),
        );
        build_ok(site.path(), &[]);
        assert_eq!(
            read(&dist, "articles/lf/index.html"),
            expected,
            "the page of the article with {ending:?} line endings"
        );
    }
    assert!(
        expected.contains("<pre><code>代码\n第二行\n</code></pre>"),
        "{expected}"
    );
}

#[test]
fn one_name_written_in_nfc_or_nfd_has_one_page_printed_in_nfc() {
    let site = sample_site();
    // Latin and Hangul with their accents and letters decomposed (NFD), and a Han
    // compatibility ideograph (U+F9E1, 李 as old converters write it).
    for (file, author, section) in [
        ("a", "Jos\u{e9}", "Caf\u{e9}"),
        ("b", "Jose\u{301}", "Cafe\u{301}"),
        ("c", "\u{d55c}\u{ad6d}", "评论"),
        (
            "d",
            "\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}",
            "评论",
        ),
        ("e", "\u{f9e1}宏", "评论"),
    ] {
        write(
            site.path(),
            &format!("articles/{file}.md"),
            format!(
                "---\ntitle: 篇{file}\nauthor: {author}\nsection: {section}\ndate: 2026-03-2{}\ntags: [{author}]\n---\n\n正文。\n",
                file.len()
            ),
        );
    }
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let authors = listings(&dist, "authors");
    let titles = |names: &[&str]| {
        names
            .iter()
            .map(|t| (*t).to_owned())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        authors["José"],
        (
            "authors/jose/index.html".to_owned(),
            titles(&["篇a", "篇b"])
        )
    );
    assert_eq!(authors["한국"].1, titles(&["篇c", "篇d"]));
    assert_eq!(
        authors["李宏"],
        (
            "authors/li-hong/index.html".to_owned(),
            titles(&["在深入群众中厚植执政根基", "篇e"])
        )
    );
    assert_eq!(authors.len(), 7 + 2, "{:?}", authors.keys());
    let sections = listings(&dist, "sections");
    assert_eq!(
        sections["Café"],
        (
            "sections/cafe/index.html".to_owned(),
            titles(&["篇a", "篇b"])
        )
    );

    // Printed in NFC everywhere, bylines included; titles and text stay as written.
    for (path, html) in read_pages(&dist) {
        for decomposed in ["e\u{301}", "\u{1112}\u{1161}", "\u{f9e1}"] {
            assert!(!html.contains(decomposed), "{path} prints {decomposed:?}");
        }
    }
}

/// An article with every key of a printed headline's group and of its end: 引题, 副题, 导语
/// (over two lines), the author's role and where the piece was taken from; no pull quote.
const FULL_HEAD: &str = "---\ntitle: 让调查研究成为基本功\nkicker: 坚持以人民为中心\nsubtitle: ——从一份调查说起\nauthor: 王明\nsection: 评论\ndate: 2026-03-28\nstandfirst: |\n  调查研究是谋事之基、成事之道。\n  本文从一份基层调查说起。\naffiliation: 湖南大学教授\nsource: 摘编自《学习时报》\n---\n\n调查研究是我们党的传家宝。\n";
const STANDFIRST: &str = "调查研究是谋事之基、成事之道。本文从一份基层调查说起。";

/// Where `needle` first stands in `html`, panicking when it is not there.
fn place(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("no {needle} in {html}"))
}

#[test]
fn prints_the_kicker_subtitle_standfirst_and_source_where_a_paper_does() {
    let site = sample_site();
    write(site.path(), "articles/调查.md", FULL_HEAD);
    // A pull quote and a standfirst: each is shown, once; the pull quote is the summary.
    write(
        site.path(),
        "articles/两者.md",
        "---\ntitle: 导语与摘句\nauthor: 王明\ndate: 2026-03-28T08:00:00+08:00\nsummary: 摘句在这里。\nstandfirst: 导语在这里。\naffiliation: 本报评论员\n---\n\n正文。\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let page = read(&dist, "articles/diao-cha/index.html");
    let main = between(&page, "<main id=\"main\">", "</main>").unwrap();
    // Column label, 引题, headline, 副题, byline, dateline, 导语, then the text.
    let order = [
        "<p class=\"kicker\">",
        "<p class=\"article-kicker\">坚持以人民为中心</p>",
        "<h1 class=\"article-title\">让调查研究成为基本功</h1>",
        "<p class=\"article-subtitle\">——从一份调查说起</p>",
        "<p class=\"byline\">",
        "<p class=\"dateline\">",
        &format!("<p class=\"standfirst\">{STANDFIRST}</p>"),
        "<div class=\"article-body\">",
        "<p class=\"affiliation\">（作者系湖南大学教授）</p>",
        "<p class=\"source\">（摘编自《学习时报》）</p>",
    ];
    let places: Vec<usize> = order.iter().map(|needle| place(main, needle)).collect();
    assert!(places.is_sorted(), "{order:?} at {places:?}:\n{main}");
    assert_eq!(main.matches(STANDFIRST).count(), 1, "{main}");
    assert!(!main.contains("pull-quote"), "{main}");

    // The standfirst is the summary: description, Open Graph, JSON-LD, feed and cards.
    for meta in [
        format!("<meta name=\"description\" content=\"{STANDFIRST}\">"),
        format!("<meta property=\"og:description\" content=\"{STANDFIRST}\">"),
    ] {
        assert!(page.contains(&meta), "{meta}");
    }
    let json_ld = between(&page, "<script type=\"application/ld+json\">", "</script>").unwrap();
    let json_ld: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    assert_eq!(json_ld["alternativeHeadline"], "——从一份调查说起");
    assert_eq!(json_ld["description"], STANDFIRST);
    // A role is the author's job title, not an organization.
    assert_eq!(json_ld["author"][0]["jobTitle"], "湖南大学教授");
    assert!(json_ld["author"][0].get("affiliation").is_none());
    let feed = read(&dist, "atom.xml");
    let entry = between(&feed, "<title>让调查研究成为基本功</title>", "</entry>").unwrap();
    assert!(
        entry.contains(&format!("<summary type=\"text\">{STANDFIRST}</summary>")),
        "{entry}"
    );
    let section = read(&dist, "sections/ping-lun/index.html");
    let card = between(&section, "让调查研究成为基本功</a></h2>", "</article>").unwrap();
    assert!(
        card.starts_with("\n  <p class=\"card-subtitle\">——从一份调查说起</p>"),
        "{card}"
    );
    assert!(
        card.contains(&format!("<p class=\"card-summary\">{STANDFIRST}</p>")),
        "{card}"
    );
    let edition = read(&dist, "editions/2026/03/28/index.html");
    assert!(
        edition.contains("<p class=\"card-subtitle\">——从一份调查说起</p>"),
        "{edition}"
    );
    // The 引题 is not on cards: the column label stands above their headlines already.
    assert!(!section.contains("坚持以人民为中心"));

    let both = read(&dist, "articles/liang-zhe/index.html");
    let main = between(&both, "<main id=\"main\">", "</main>").unwrap();
    assert_eq!(main.matches("导语在这里。").count(), 1, "{main}");
    assert_eq!(main.matches("摘句在这里。").count(), 1, "{main}");
    assert!(
        place(main, "<p class=\"standfirst\">导语在这里。</p>")
            < place(
                main,
                "<blockquote class=\"pull-quote\"><p>摘句在这里。</p></blockquote>"
            )
    );
    assert!(both.contains("<meta name=\"description\" content=\"摘句在这里。\">"));
    assert!(main.contains("<p class=\"affiliation\">（作者系本报评论员）</p>"));
    assert!(!main.contains("article-kicker") && !main.contains("article-subtitle"));

    // The sample's affiliations name places of work, and print as they always have.
    let pages = article_pages(&dist);
    for (title, line) in [
        ("在深入群众中厚植执政根基", "（作者单位：株洲市委党校）"),
        (
            "新业态背景下株洲大学生高质量就业路径探索",
            "（作者单位：湖南铁道职业技术学院）",
        ),
    ] {
        let (_, html) = &pages[title];
        assert!(
            html.contains(&format!("<p class=\"affiliation\">{line}</p>")),
            "{title}"
        );
        let json_ld = between(html, "<script type=\"application/ld+json\">", "</script>").unwrap();
        let json_ld: serde_json::Value = serde_json::from_str(json_ld).unwrap();
        assert_eq!(json_ld["author"][0]["affiliation"]["@type"], "Organization");
        assert!(json_ld["author"][0].get("jobTitle").is_none());
    }
}

/// A build of the site at `source` into its `dist/`, as `broadsheet build` makes it.
fn plain_options(source: &Path) -> broadsheet::BuildOptions {
    broadsheet::BuildOptions {
        source: source.to_path_buf(),
        output: None,
        drafts: false,
        future: broadsheet::Future::LeaveOut,
        now: None,
    }
}

/// Records what a build tells of its progress.
#[derive(Default)]
struct Recorded {
    stages: std::sync::Mutex<Vec<(&'static str, usize, usize)>>,
    finished: std::sync::atomic::AtomicBool,
}

impl broadsheet::Progress for Recorded {
    fn stage(&self, name: &'static str, steps: usize) {
        self.stages.lock().unwrap().push((name, steps, 0));
    }
    fn advance(&self, steps: usize) {
        if let Some(last) = self.stages.lock().unwrap().last_mut() {
            last.2 += steps;
        }
    }
    fn finish(&self) {
        self.finished
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn a_build_tells_its_progress_stage_by_stage_and_step_by_step() {
    let site = common::sample_site();
    let progress = Recorded::default();
    let options = plain_options(site.path());
    let summary = broadsheet::build_with(&options, &progress).expect("the sample builds");
    let stages = progress.stages.lock().unwrap().clone();
    let names: Vec<&str> = stages.iter().map(|s| s.0).collect();
    assert_eq!(
        names,
        ["read", "parse", "render", "static", "search", "write"]
    );
    // Every article parsed and every page rendered is a step, as many as announced.
    assert_eq!(stages[1], ("parse", 7, 7));
    assert_eq!(stages[2], ("render", summary.pages, summary.pages));
    assert!(progress.finished.load(std::sync::atomic::Ordering::SeqCst));
}

/// Issue 17: a site whose bodies fit in the build's memory budget keeps them from parsing to
/// rendering; past the budget (`BROADSHEET_BODY_BUDGET=0` here) a build keeps none, and each
/// page and the search index make the body they show again from its file (a body picture's
/// markup too): the two sites are byte for byte the same.
#[test]
fn a_build_past_its_memory_budget_keeps_no_body_and_makes_the_same_site() {
    let site = common::sample_site();
    // An article as a folder, with a picture in its body.
    common::write(
        site.path(),
        "articles/cartoon/index.md",
        "---\ntitle: 漫画一则\nauthor: 易蓉\nsection: 评论\ndate: 2026-03-27\n---\n\n春秋假落地，需要各方携手。\n\n![街头](drawing.png \"图说：街头\")\n\n正文最后一段。\n",
    );
    common::write(
        site.path(),
        "articles/cartoon/drawing.png",
        common::pictures::line_art(),
    );
    let out = common::tempdir();
    let build = |name: &str, budget: Option<&str>| {
        let dist = out.path().join(name);
        let mut command = common::broadsheet();
        command
            .arg("build")
            .arg("--verbose")
            .arg("--source")
            .arg(site.path())
            .arg("--output")
            .arg(&dist);
        if let Some(budget) = budget {
            command.env("BROADSHEET_BODY_BUDGET", budget);
        }
        let output = command.output().expect("run broadsheet");
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        assert!(output.status.success(), "{stderr}");
        let kept = stderr
            .lines()
            .find_map(|line| line.strip_prefix("Bodies kept from parsing to rendering: "))
            .map(str::to_owned);
        (dist, kept)
    };
    let (kept, kept_count) = build("kept", None);
    let (streamed, streamed_count) = build("streamed", Some("0"));
    assert_eq!(kept_count.as_deref(), Some("8"));
    assert_eq!(streamed_count.as_deref(), Some("0"));
    // A sentence of the body of 以价值创造为社会工作添彩.md, on its page and in its text for
    // the search index.
    let sentence = "株洲社会工作如何再出发";
    let found = pages_containing(&streamed, sentence);
    assert!(
        found.iter().any(|page| page.starts_with("articles/")),
        "{found:?}"
    );
    let texts = streamed.join("search/data/t/articles");
    let indexed = std::fs::read_dir(&texts)
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .filter(|text| text.contains(sentence))
        .count();
    assert_eq!(indexed, 1);
    let cartoon = common::read(&streamed, "articles/cartoon/index.html");
    assert!(
        cartoon.contains("<figcaption>图说：街头</figcaption>"),
        "{cartoon}"
    );
    let (kept, streamed) = (read_tree(&kept), read_tree(&streamed));
    assert_eq!(
        kept.keys().collect::<Vec<_>>(),
        streamed.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &kept {
        assert!(streamed[path] == *bytes, "{path} differs");
    }
}

#[test]
fn a_large_build_says_its_stages_in_plain_lines_off_a_terminal_and_nothing_when_quiet() {
    let dir = common::tempdir();
    for n in 0..1000 {
        common::write(
            dir.path(),
            &format!("articles/a{n}.md"),
            format!(
                "---\ntitle: 第{n}篇评论\nauthor: 李宏\ndate: 2026-03-27\n---\n\n正文第{n}段。\n"
            ),
        );
    }
    let run = common::run_command(dir.path(), &["build"]);
    assert!(run.success, "{}", run.stderr);
    let pages = run
        .stdout
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        run.stderr,
        format!("parse: 1000 articles\nrender: {pages} pages\nstatic…\nsearch…\nwrite…\n")
    );
    let quiet = common::run_command(dir.path(), &["build", "--quiet"]);
    assert!(quiet.success, "{}", quiet.stderr);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    // A small site's build shows no progress at all.
    let small = common::sample_site();
    let run = common::run_command(small.path(), &["build"]);
    assert_eq!(run.stderr, "");
}
