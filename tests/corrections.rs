//! Corrections and updates, through the real binary: an article's corrections (更正) and
//! clarifications (说明) printed under its headline in date order, its schema.org description's
//! `dateModified` and `correction`, the feed's `<updated>`, the sitemap's `lastmod`, listings
//! that do not change, and the errors, each at its place.

mod common;

use std::path::Path;

use common::{between, build, build_ok, read, sample_site, text_of};

const LI_JUN: &str = "articles/以价值创造为社会工作添彩.md";
const LI_JUN_PAGE: &str = "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/index.html";
const LI_JUN_URL: &str =
    "https://example.org/opinion/articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/";

/// Puts `lines` at the top of the front matter of 李军's article.
fn add_to_front_matter(site: &Path, lines: &str) {
    let path = site.join(LI_JUN);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("---\n", &format!("---\n{lines}"), 1)).unwrap();
}

/// Two notices, written out of date order, without `updated:`; the second's text over two
/// lines, joined as the article's text joins them (no space between Chinese characters).
const CORRECTIONS: &str = "corrections:\n  - date: 2026-03-29T15:30:00+08:00\n    kind: 说明\n    text: |\n      文中数据来自市民政局，\n      截至2025年底。\n  - date: 2026-03-28\n    text: 原文第二段“2024年”应为“2025年”。\n";

/// The article's JSON-LD, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let json = between(html, "<script type=\"application/ld+json\">", "</script>").unwrap();
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_page_shows_each_notice_with_its_date_under_the_headline_oldest_first() {
    let site = sample_site();
    add_to_front_matter(site.path(), CORRECTIONS);
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("dist"), LI_JUN_PAGE);
    let header = between(&html, "<header class=\"article-header\">", "</header>").unwrap();
    let (headline, after) = header.split_once("</h1>").unwrap();
    assert!(headline.contains("以价值创造为社会工作添彩"));
    let notices = between(
        after,
        "<aside class=\"corrections\" aria-label=\"更正与说明\">",
        "</aside>",
    )
    .expect("the notices are in the header, under the headline");
    let paragraphs: Vec<String> = common::elements(notices, "p")
        .iter()
        .map(|p| text_of(p))
        .collect();
    assert_eq!(
        paragraphs,
        [
            "更正（2026年3月28日）：原文第二段“2024年”应为“2025年”。",
            "说明（2026年3月29日）：文中数据来自市民政局，截至2025年底。",
        ]
    );
    assert!(notices.contains("<time datetime=\"2026-03-28\">2026年3月28日</time>"));
    assert!(notices.contains("<time datetime=\"2026-03-29T15:30:00+08:00\">2026年3月29日</time>"));
    // The dateline still says when the article appeared; the page says when it changed.
    assert!(html.contains(
        "<meta property=\"article:modified_time\" content=\"2026-03-29T15:30:00+08:00\">"
    ));

    // An article without notices shows none.
    let other = read(
        &site.path().join("dist"),
        "articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/index.html",
    );
    assert!(!other.contains("corrections") && !other.contains("modified_time"));
}

#[test]
fn the_json_ld_the_feeds_and_the_sitemap_say_when_the_article_changed() {
    let site = sample_site();
    add_to_front_matter(site.path(), CORRECTIONS);
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let ld = json_ld(&read(&dist, LI_JUN_PAGE));
    // `updated` defaults to the latest notice's date.
    assert_eq!(ld["datePublished"], "2026-03-27T00:00:00Z");
    assert_eq!(ld["dateModified"], "2026-03-29T15:30:00+08:00");
    assert_eq!(
        ld["correction"],
        serde_json::json!([
            {"@type": "CorrectionComment", "name": "更正", "text": "原文第二段“2024年”应为“2025年”。", "datePublished": "2026-03-28"},
            {"@type": "CorrectionComment", "name": "说明", "text": "文中数据来自市民政局，截至2025年底。", "datePublished": "2026-03-29T15:30:00+08:00"},
        ])
    );

    for feed in [
        "atom.xml",
        "sections/ji-ceng-zhi-li/atom.xml",
        "authors/li-jun/atom.xml",
    ] {
        let xml = read(&dist, feed);
        let entry = between(&xml, &format!("<id>{LI_JUN_URL}</id>"), "</entry>").unwrap();
        assert!(
            entry.contains("<published>2026-03-27T00:00:00Z</published>"),
            "{feed}"
        );
        assert!(
            entry.contains("<updated>2026-03-29T15:30:00+08:00</updated>"),
            "{feed}"
        );
        // The feed changed when its latest entry did.
        let head = xml.split("<entry>").next().unwrap();
        assert!(
            head.contains("<updated>2026-03-29T15:30:00+08:00</updated>"),
            "{feed}"
        );
    }
    let sitemap = read(&dist, "sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<loc>{LI_JUN_URL}</loc><lastmod>2026-03-29T15:30:00+08:00</lastmod>"
    )));

    // `updated:` given, at or after the latest notice, is the time of the change.
    add_to_front_matter(site.path(), "updated: 2026-03-30\n");
    build_ok(site.path(), &[]);
    assert_eq!(
        json_ld(&read(&dist, LI_JUN_PAGE))["dateModified"],
        "2026-03-30T00:00:00Z"
    );
    assert!(read(&dist, "sitemap.xml").contains(&format!(
        "<loc>{LI_JUN_URL}</loc><lastmod>2026-03-30</lastmod>"
    )));
}

#[test]
fn an_update_alone_changes_the_dates_but_shows_no_notice() {
    let site = sample_site();
    add_to_front_matter(site.path(), "updated: 2026-03-28T12:00:00+08:00\n");
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let html = read(&dist, LI_JUN_PAGE);
    assert!(!html.contains("class=\"corrections\""));
    let ld = json_ld(&html);
    assert_eq!(ld["dateModified"], "2026-03-28T12:00:00+08:00");
    assert!(ld.get("correction").is_none());
}

#[test]
fn listings_are_unchanged_by_corrections() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let listings = [
        "index.html",
        "editions/2026/03/27/index.html",
        "sections/ji-ceng-zhi-li/index.html",
        "authors/li-jun/index.html",
    ];
    let before: Vec<String> = listings.iter().map(|page| read(&dist, page)).collect();
    add_to_front_matter(site.path(), CORRECTIONS);
    let run = build_ok(site.path(), &[]);
    let after: Vec<String> = listings.iter().map(|page| read(&dist, page)).collect();
    assert_eq!(before, after, "{}", run.stdout);
}

#[test]
fn bad_corrections_and_updates_are_errors_at_their_place() {
    for (lines, expected) in [
        (
            "corrections:\n  - date: 2026-03-28\n    txt: 原文有误。\n",
            "articles/以价值创造为社会工作添彩.md:4:5: unknown key `txt` (did you mean `text`?)",
        ),
        (
            "corrections:\n  - date: 2026-03-32\n    text: 原文有误。\n",
            "articles/以价值创造为社会工作添彩.md:3:11: `2026-03-32` is not a day of the calendar: check the month and day",
        ),
        (
            "corrections:\n  - date: 2026-03-28\n    text: \"  \"\n",
            "articles/以价值创造为社会工作添彩.md:4:11: this correction has no `text:`: say what was wrong and what is right, such as `text: 原文第二段“2024年”应为“2025年”。`",
        ),
        (
            "corrections:\n  - text: 原文有误。\n",
            "articles/以价值创造为社会工作添彩.md:3:5: this correction has no `date:`: add the day it was made, such as `date: 2026-03-28`",
        ),
        (
            "corrections:\n  - {date: 2026-03-28, kind: 勘误, text: 原文有误。}\n",
            "articles/以价值创造为社会工作添彩.md:3:30: `kind: 勘误` is not a kind of notice: write 更正 (a correction, the default) or 说明 (a clarification)",
        ),
        (
            "corrections:\n  - 2026-03-28 原文有误。\n",
            "articles/以价值创造为社会工作添彩.md:3:5: a correction is `date:` and `text:` lines (and `kind: 说明` for a clarification) after a `- `, such as `- {date: 2026-03-28, text: 原文第二段……}`",
        ),
        (
            "corrections: 原文有误。\n",
            "articles/以价值创造为社会工作添彩.md:2:14: `corrections` is a list, one `- ` item a correction: `corrections: [{date: 2026-03-28, text: 原文第二段……}]`",
        ),
        (
            "corrections:\n  - date: 2026-03-28\n    text: |\n      一段。\n\n      又一段。\n",
            "articles/以价值创造为社会工作添彩.md:4:11: a correction's `text` is one paragraph, but this one has a blank line: join its paragraphs",
        ),
        (
            "corrections:\n  - date: 2026-03-26\n    text: 原文有误。\n",
            "articles/以价值创造为社会工作添彩.md:3:11: this correction is dated 2026-03-26, before the article (2026-03-27): check its `date:`",
        ),
        (
            "updated: 2026-03-26T23:00:00+08:00\n",
            "articles/以价值创造为社会工作添彩.md:2:10: `updated: 2026-03-26T23:00:00+08:00` is before the article's date (2026-03-27): check it, or remove `updated:`",
        ),
        (
            "updated: 2026-03-28\ncorrections:\n  - date: 2026-03-29\n    text: 原文有误。\n",
            "articles/以价值创造为社会工作添彩.md:2:10: `updated: 2026-03-28` is before the correction of 2026-03-29 (line 4): set it to that time or later, or remove `updated:` (it is then the latest correction's date)",
        ),
        (
            "updated: 昨天\n",
            "articles/以价值创造为社会工作添彩.md:2:10: `昨天` is not a date: write it as YYYY-MM-DD (2026-03-27) or RFC 3339 (2026-03-27T08:30:00+08:00)",
        ),
    ] {
        let site = sample_site();
        add_to_front_matter(site.path(), lines);
        let run = build(site.path(), &[]);
        assert!(!run.success, "{lines}");
        assert!(
            run.stderr.starts_with(&format!("{expected}\n")),
            "{lines}\nwanted {expected}\ngot {}",
            run.stderr
        );
        assert!(!site.path().join("dist").exists());
    }
}
