//! The daily edition, through the real binary: the sample's page in print order on the home
//! page and the edition's page, every article's dateline and page editors, two editions linked
//! both ways and shown in the archive's calendar, neighbours across editions, the edition's
//! schema.org description, bad edition files, and a site without edition files.

mod common;

use std::path::Path;

use common::{
    PRINT_ORDER, between, build, build_ok, card_titles, h1s, links, read, read_tree, resolve,
    sample_site, text_of, write,
};

const EDITION_PAGE: &str = "editions/2026/03/27/index.html";
const NEXT_DAY_PAGE: &str = "editions/2026/03/28/index.html";

/// The `<p class="{class}">` of `html`, as text.
fn paragraph(html: &str, class: &str) -> Option<String> {
    between(html, &format!("<p class=\"{class}\">"), "</p>").map(text_of)
}

/// Adds the next day's edition to the sample: two pages of our own composition, numbered, with
/// an issue number, their own editors (one page's) and the site's (the other's).
/// The first heading of `html` that is more than one level below the one before it, as
/// (level before, its level), if any.
fn skipped_heading(html: &str) -> Option<(u32, u32)> {
    let mut before = 0;
    for piece in html.split("<h").skip(1) {
        let Some(level) = piece.chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        if !piece[1..].starts_with([' ', '>']) {
            continue;
        }
        if level > before + 1 {
            return Some((before, level));
        }
        before = level;
    }
    None
}

fn add_next_day(site: &Path) {
    write(
        site,
        "articles/0328/早市.md",
        "---\ntitle: 早市的灯光照亮烟火气\nauthor: 王晓\nsection: 城市观察\n---\n\n清晨五点，菜市场已经亮起了灯。\n",
    );
    write(
        site,
        "articles/0328/书声.md",
        "---\ntitle: 让社区书屋留住读书声\nauthor: 陈立\n---\n\n书屋不在大，在于有人常来。\n",
    );
    write(
        site,
        "articles/0328/网评.md",
        "---\ntitle: 网上一篇短评\nauthor: 陈立\ndate: 2026-03-28T21:00:00+08:00\n---\n\n只在网站上发。\n",
    );
    write(
        site,
        "editions/2026-03-28.yaml",
        "issue: 第10001期\npages:\n  - number: 5\n    name: 评论\n    editors: [张三, 李四]\n    articles:\n      - 0328/书声\n  - number: 6\n    name: 城市\n    articles: [0328/早市]\n",
    );
}

#[test]
fn the_home_page_and_the_editions_page_follow_the_printed_page() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let home = read(&dist, "index.html");
    assert_eq!(card_titles(&home), PRINT_ORDER);
    // The lead is set larger: it alone is the lead card.
    assert_eq!(home.matches("class=\"card lead\"").count(), 1);
    let lead = between(&home, "class=\"card lead\"", "</article>").unwrap();
    assert!(lead.contains(PRINT_ORDER[0]), "{lead}");

    let edition = read(&dist, EDITION_PAGE);
    assert_eq!(text_of(&h1s(&edition)[0]), "2026年3月27日 星期五");
    assert_eq!(card_titles(&edition), PRINT_ORDER);
    assert_eq!(
        paragraph(&edition, "edition-meta").as_deref(),
        Some("株洲日报7 篇")
    );
    assert_eq!(
        between(&edition, "<h2 class=\"print-page-label\">", "</h2>"),
        Some("评论"),
        "the seed prints no page number: none is invented"
    );
    assert_eq!(
        paragraph(&edition, "page-credits").as_deref(),
        Some("责任编辑：胡文洁周菁投稿邮箱：zzrbttsp@126.com")
    );
    // Bylines and pull quotes are on the edition's page.
    assert!(edition.contains("<a class=\"author\" href=\"../../../../authors/li-jun/\">李军</a>"));
    assert!(edition.contains("让每一份投入都能转化为群众的获得感、企业的成长力、社会的凝聚力。"));
    // One edition: no neighbour editions.
    assert!(
        !edition.contains("<span class=\"label\">上一期")
            && !edition.contains("<span class=\"label\">下一期")
    );
}

#[test]
fn every_article_says_where_it_was_printed_and_ends_with_its_pages_editors() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let pages = common::article_pages(&site.path().join("dist"));
    assert_eq!(pages.len(), 7);
    for (title, (path, html)) in &pages {
        assert_eq!(
            paragraph(html, "dateline").as_deref(),
            Some("2026年3月27日 星期五 · 株洲日报 评论"),
            "{title}"
        );
        let dateline = between(html, "<p class=\"dateline\">", "</p>").unwrap();
        assert_eq!(
            links(dateline)
                .iter()
                .filter_map(|l| resolve(path, l, "/opinion/"))
                .collect::<Vec<_>>(),
            [Ok(EDITION_PAGE.to_owned())]
        );
        assert_eq!(
            paragraph(html, "page-editors").as_deref(),
            Some("（责任编辑：胡文洁 周菁）"),
            "{title}"
        );
    }
    // Neighbours follow print order: the second article's are the lead and the third.
    let (_, second) = &pages[PRINT_ORDER[1]];
    assert!(second.contains(&format!(
        "<span class=\"label\">上一篇</span>{}</a>",
        PRINT_ORDER[0]
    )));
    assert!(second.contains(&format!(
        "<span class=\"label\">下一篇</span>{}</a>",
        PRINT_ORDER[2]
    )));
    let (_, lead) = &pages[PRINT_ORDER[0]];
    assert!(
        !lead.contains("<span class=\"label\">上一篇"),
        "the lead of the newest edition comes first"
    );
}

#[test]
fn two_editions_link_both_ways_and_fill_the_archives_calendar() {
    let site = sample_site();
    add_next_day(site.path());
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    // The home page opens with the newest edition, in its pages' order, the web-only piece of
    // the day after them; the day before follows, as headlines.
    let home = read(&dist, "index.html");
    assert_eq!(
        card_titles(&home),
        [
            "让社区书屋留住读书声",
            "早市的灯光照亮烟火气",
            "网上一篇短评"
        ]
    );
    let earlier = between(&home, "<section class=\"earlier\"", "<p class=\"more\">")
        .expect("the editions before");
    let headlines: Vec<String> = earlier
        .split("<li class=\"headline\"><a href=\"")
        .skip(1)
        .map(|item| {
            text_of(
                item.split_once('>')
                    .unwrap()
                    .1
                    .split_once("</a>")
                    .unwrap()
                    .0,
            )
        })
        .collect();
    assert_eq!(headlines, PRINT_ORDER);

    let next_day = read(&dist, NEXT_DAY_PAGE);
    assert_eq!(text_of(&h1s(&next_day)[0]), "2026年3月28日 星期六");
    let labels: Vec<&str> = next_day
        .split("<h2 class=\"print-page-label\">")
        .skip(1)
        .map(|s| s.split_once("</h2>").unwrap().0)
        .collect();
    assert_eq!(labels, ["第5版 · 评论", "第6版 · 城市"]);
    assert!(
        paragraph(&next_day, "edition-meta")
            .unwrap()
            .contains("第10001期")
    );
    // Each page's credits: its own editors, else the site's.
    let credits: Vec<String> = next_day
        .split("<p class=\"page-credits\">")
        .skip(1)
        .map(|s| text_of(s.split_once("</p>").unwrap().0))
        .collect();
    assert_eq!(
        credits,
        [
            "责任编辑：张三李四投稿邮箱：zzrbttsp@126.com",
            "责任编辑：胡文洁周菁投稿邮箱：zzrbttsp@126.com"
        ]
    );

    // 上一期 / 下一期, both ways.
    let edition_link = |page: &str, html: &str, label: &str| -> Option<String> {
        let nav = between(html, "<nav class=\"neighbours\"", "</nav>")?;
        let anchor = nav.split("<a ").skip(1).find(|a| a.contains(label))?;
        let href = between(anchor, "href=\"", "\"")?;
        resolve(page, href, "/opinion/")?.ok()
    };
    let before = read(&dist, EDITION_PAGE);
    assert_eq!(
        edition_link(NEXT_DAY_PAGE, &next_day, "上一期").as_deref(),
        Some(EDITION_PAGE)
    );
    assert_eq!(edition_link(NEXT_DAY_PAGE, &next_day, "下一期"), None);
    assert_eq!(
        edition_link(EDITION_PAGE, &before, "下一期").as_deref(),
        Some(NEXT_DAY_PAGE)
    );

    // The archive: March 2026's calendar, its two days linked, under both addresses.
    for page in ["editions/index.html", "editions/2026/index.html"] {
        let archive = read(&dist, page);
        assert_eq!(
            archive.matches("<table class=\"calendar\">").count(),
            1,
            "{page}"
        );
        let caption = between(&archive, "<caption>", "</caption>").unwrap();
        assert_eq!(text_of(caption), "2026年3月2 期");
        let linked: Vec<(String, String)> = archive
            .split("<td class=\"has-edition\">")
            .skip(1)
            .map(|cell| {
                let href = between(cell, "href=\"", "\"").unwrap();
                let day = between(cell, "\">", "</a>").unwrap();
                (
                    day.to_owned(),
                    resolve(page, href, "/opinion/").unwrap().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            linked,
            [
                ("27".to_owned(), EDITION_PAGE.to_owned()),
                ("28".to_owned(), NEXT_DAY_PAGE.to_owned())
            ],
            "{page}"
        );
        // March 2026 starts on a Sunday: six empty cells, then the 1st.
        let first_week = between(&archive, "<tbody>", "</tr>").unwrap();
        assert_eq!(first_week.matches("<td></td>").count(), 6, "{first_week}");
    }

    // Neighbours run on from the last article of an edition into the edition before.
    let pages = common::article_pages(&dist);
    let (_, last) = &pages["网上一篇短评"];
    assert!(last.contains(&format!(
        "<span class=\"label\">下一篇</span>{}</a>",
        PRINT_ORDER[0]
    )));
    // The web-only piece names its day, but no paper page (its source is the paper, issue
    // 15) and no page editors of its own beyond the site's.
    assert_eq!(
        paragraph(last, "dateline").as_deref(),
        Some("2026年3月28日 星期六 · 来源：株洲日报")
    );
    let (_, city) = &pages["早市的灯光照亮烟火气"];
    assert_eq!(
        paragraph(city, "dateline").as_deref(),
        Some("2026年3月28日 星期六 · 株洲日报 第6版 城市")
    );
}

#[test]
fn the_edition_describes_itself_to_search_engines_and_the_sitemap_lists_it() {
    let site = sample_site();
    add_next_day(site.path());
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let html = read(&dist, NEXT_DAY_PAGE);
    let json = between(&html, "<script type=\"application/ld+json\">", "</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["@type"], "CollectionPage");
    assert_eq!(data["name"], "2026年3月28日 星期六 · 株洲日报");
    assert_eq!(
        data["url"],
        "https://example.org/opinion/editions/2026/03/28/"
    );
    assert_eq!(data["datePublished"], "2026-03-28");
    let parts: Vec<&str> = data["hasPart"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["headline"].as_str().unwrap())
        .collect();
    assert_eq!(
        parts,
        [
            "让社区书屋留住读书声",
            "早市的灯光照亮烟火气",
            "网上一篇短评"
        ]
    );

    let article = common::article_pages(&dist)["早市的灯光照亮烟火气"]
        .1
        .clone();
    let json = between(
        &article,
        "<script type=\"application/ld+json\">",
        "</script>",
    )
    .unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        (
            &data["printEdition"],
            &data["printPage"],
            &data["printSection"]
        ),
        (
            &serde_json::json!("第10001期"),
            &serde_json::json!("6"),
            &serde_json::json!("城市")
        )
    );
    assert_eq!(data["editor"][0]["name"], "胡文洁", "the site's editors");

    let sitemap = read(&dist, "sitemap.xml");
    for url in [
        "editions/2026/03/27/",
        "editions/2026/03/28/",
        "editions/2026/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/opinion/{url}</loc>")),
            "{url}: {sitemap}"
        );
    }
    assert!(sitemap.contains(
        "<loc>https://example.org/opinion/editions/2026/03/28/</loc><lastmod>2026-03-28</lastmod>"
    ));
}

#[test]
fn the_archive_has_a_page_for_each_year_newest_first() {
    let site = sample_site();
    write(
        site.path(),
        "articles/旧年.md",
        "---\ntitle: 去年的一篇\nauthor: 王晓\ndate: 2025-12-31\n---\n\n辞旧迎新。\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let front = read(&dist, "editions/index.html");
    let years: Vec<String> = between(&front, "<nav class=\"years\"", "</nav>")
        .expect("the years")
        .split("<li>")
        .skip(1)
        .map(text_of)
        .collect();
    assert_eq!(years, ["2026年", "2025年"]);
    assert!(
        front.contains(
            "<link rel=\"canonical\" href=\"https://example.org/opinion/editions/2026/\">"
        )
    );
    let last_year = read(&dist, "editions/2025/index.html");
    assert_eq!(h1s(&last_year), ["2025年"]);
    assert!(last_year.contains("2025年12月"));
    assert!(!last_year.contains("2026年3月"));
    // A day without an edition file is an edition of its own, its one article on no page.
    let day = read(&dist, "editions/2025/12/31/index.html");
    assert_eq!(card_titles(&day), ["去年的一篇"]);
    assert!(!day.contains("print-page-label"));
}

#[test]
fn bad_edition_files_are_errors_at_their_place_and_leave_dist_alone() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let before = read_tree(&dist);
    write(
        site.path(),
        "editions/2026-03-28.yaml",
        "pages:\n  - nmae: 评论\n    articles: [甲]\n",
    );
    write(
        site.path(),
        "editions/2026-03-29.yaml",
        "pages:\n  - articles:\n      - 以价值创造为社会工作添采\n      - 在深入群众中厚植执政根基\n",
    );
    write(site.path(), "editions/三月三十日.yaml", "pages: []\n");
    write(site.path(), "editions/2026-03-31.yml", "pages: []\n");
    let run = build(site.path(), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "editions/2026-03-28.yaml:2:5: unknown key `nmae` (did you mean `name`?)\n\
         editions/2026-03-29.yaml:3:9: no article file articles/以价值创造为社会工作添采.md: did you mean `以价值创造为社会工作添彩`?\n\
         editions/2026-03-29.yaml:4:9: 在深入群众中厚植执政根基 is listed twice; the first is at editions/2026-03-27.yaml:7: an article stands on one page of one edition\n\
         editions/2026-03-31.yml: edition files end in .yaml: rename this one, or it is not read\n\
         editions/三月三十日.yaml:1:1: an edition file is named by the edition's date, such as editions/2026-03-27.yaml: rename `三月三十日`\n\
         error: the build failed: 5 problems found; the output folder was left as it was\n"
    );
    assert_eq!(read_tree(&dist), before, "dist/ changed");

    // An article with a date of its own that its edition contradicts.
    for name in ["2026-03-28", "2026-03-29"] {
        std::fs::remove_file(site.path().join(format!("editions/{name}.yaml"))).unwrap();
    }
    std::fs::remove_file(site.path().join("editions/三月三十日.yaml")).unwrap();
    std::fs::remove_file(site.path().join("editions/2026-03-31.yml")).unwrap();
    let path = site.path().join("articles/以价值创造为社会工作添彩.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("---\n", "---\ndate: 2026-03-26\n", 1)).unwrap();
    let run = build(site.path(), &[]);
    assert_eq!(
        run.stderr,
        "articles/以价值创造为社会工作添彩.md:2:7: this article is dated 2026-03-26, but editions/2026-03-27.yaml lists it: remove its `date:` (the edition gives it) or move it to the edition of its day\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n"
    );
    assert_eq!(read_tree(&dist), before, "dist/ changed");
}

#[test]
fn a_site_without_edition_files_builds_an_edition_of_each_date() {
    let site = sample_site();
    std::fs::remove_dir_all(site.path().join("editions")).unwrap();
    // Without an edition, the sample's articles need a date: site.yaml's default gives it.
    let config = read(site.path(), "site.yaml");
    write(
        site.path(),
        "site.yaml",
        format!("{config}defaults:\n  date: 2026-03-27\n"),
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    // The documented order for a day without an edition file: the latest time first, then by
    // the URL's slug.
    let mut by_slug: Vec<(String, &str)> = PRINT_ORDER
        .iter()
        .map(|title| {
            let (path, _) = &common::article_pages(&dist)[*title];
            (path.clone(), *title)
        })
        .collect();
    by_slug.sort();
    let expected: Vec<&str> = by_slug.iter().map(|(_, t)| *t).collect();
    assert_eq!(card_titles(&read(&dist, "index.html")), expected);
    let edition = read(&dist, EDITION_PAGE);
    assert_eq!(card_titles(&edition), expected);
    assert!(!edition.contains("print-page-label"), "no page is named");
    // With no page heading, the cards' headings take its level: none is skipped.
    for (page, html) in [
        ("index.html", read(&dist, "index.html")),
        (EDITION_PAGE, edition.clone()),
    ] {
        assert_eq!(skipped_heading(&html), None, "{page}");
    }
    // The site's editors stand under each article; the dateline names no page, and so names
    // the paper as the article's source (issue 15).
    let (_, html) = &common::article_pages(&dist)[PRINT_ORDER[0]];
    assert_eq!(
        paragraph(html, "page-editors").as_deref(),
        Some("（责任编辑：胡文洁 周菁）")
    );
    assert_eq!(
        paragraph(html, "dateline").as_deref(),
        Some("2026年3月27日 星期五 · 来源：株洲日报")
    );
}

#[test]
fn a_draft_needs_a_date_only_when_drafts_are_built() {
    let site = sample_site();
    write(
        site.path(),
        "articles/草稿.md",
        "---\ntitle: 还在写的一篇\nauthor: 王晓\ndraft: true\n---\n\n未完。\n",
    );
    build_ok(site.path(), &[]);
    let run = build(site.path(), &["--drafts"]);
    assert_eq!(
        run.stderr,
        "articles/草稿.md:1:1: missing `date`: add `date: 2026-03-27`, list the article in its edition (editions/2026-03-27.yaml), or set `defaults: {date: …}` in site.yaml\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n"
    );
    // Listed in the day's edition, it takes the edition's date and its place in print order.
    common::relist(
        site.path(),
        "以创意让传统产业焕发新生机",
        Some("以创意让传统产业焕发新生机\n      - 草稿"),
    );
    build_ok(site.path(), &["--drafts"]);
    let mut expected = PRINT_ORDER.to_vec();
    expected.push("还在写的一篇");
    assert_eq!(
        card_titles(&read(&site.path().join("dist"), "index.html")),
        expected
    );
}

#[test]
fn a_pages_picture_editors_are_credited_beside_its_other_editors() {
    let site = sample_site();
    write(
        site.path(),
        "articles/0328/早市.md",
        "---\ntitle: 早市的灯光照亮烟火气\nauthor: 王晓\ndate: 2026-03-28\n---\n\n清晨五点，菜市场已经亮起了灯。\n",
    );
    write(
        site.path(),
        "editions/2026-03-28.yaml",
        "pages:\n  - number: 5\n    editors: [张三]\n    designers: [王五]\n    picture_editors: [王明]\n    proofreaders: [赵六]\n    articles: [0328/早市]\n",
    );
    build_ok(site.path(), &[]);
    assert_eq!(
        paragraph(
            &read(&site.path().join("dist"), NEXT_DAY_PAGE),
            "page-credits"
        )
        .as_deref(),
        Some("责任编辑：张三美编：王五图片编辑：王明校对：赵六投稿邮箱：zzrbttsp@126.com")
    );

    write(
        site.path(),
        "editions/2026-03-28.yaml",
        "pages:\n  - number: 5\n    picture_editor: [王明]\n    articles: [0328/早市]\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(
        run.stderr,
        "editions/2026-03-28.yaml:3:5: unknown key `picture_editor` (did you mean `picture_editors`?)\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n"
    );
}
