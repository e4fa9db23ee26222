//! Builds a copy of the repository's sample site (the seed's seven articles) with the binary
//! and reads the output: counts, permalinks, listings, the text of the articles, footers,
//! links and reproducibility.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{
    article_pages, between, build_ok, elements, front_matters, h1s, links, listings, read,
    read_pages, read_tree, resolve, sample_site,
};

/// The permalink of each sample article, by file name: these URLs are public and must not
/// change from one version of the tool to the next.
const PERMALINKS: &[(&str, &str)] = &[
    (
        "以价值创造为社会工作添彩",
        "yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai",
    ),
    (
        "以创意让传统产业焕发新生机",
        "yi-chuang-yi-rang-chuan-tong-chan-ye-huan-fa-xin-sheng-ji",
    ),
    (
        "在深入群众中厚植执政根基",
        "zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji",
    ),
    (
        "携手护航春秋假落地生根",
        "xie-shou-hu-hang-chun-qiu-jia-luo-di-sheng-gen",
    ),
    (
        "新业态背景下株洲大学生高质量就业路径探索",
        "xin-ye-tai-bei-jing-xia-zhu-zhou-da-xue-sheng-gao-zhi-liang-jiu-ye-lu-jing-tan-suo",
    ),
    (
        "让“外脑”激活国企治理效能",
        "rang-wai-nao-ji-huo-guo-qi-zhi-li-xiao-neng",
    ),
    (
        "身体是事业最重要的“合伙人”",
        "shen-ti-shi-shi-ye-zui-zhong-yao-de-he-huo-ren",
    ),
];

/// The path part of the sample's `base_url`, read from its site.yaml.
fn base_path(site: &Path) -> String {
    let yaml = read(site, "site.yaml");
    let url = yaml
        .lines()
        .find_map(|line| line.strip_prefix("base_url:"))
        .expect("the sample sets base_url")
        .trim();
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

#[test]
fn reports_the_counts_of_articles_sections_authors_and_pages() {
    let site = sample_site();
    let run = build_ok(site.path(), &[]);

    let articles = front_matters(site.path());
    let sections: BTreeSet<&str> = articles.iter().map(|a| a.section()).collect();
    let authors: BTreeSet<&str> = articles.iter().map(|a| a.author()).collect();
    assert_eq!(
        (articles.len(), sections.len(), authors.len()),
        (7, 6, 7),
        "the sample has 7 articles in 6 sections by 7 authors"
    );
    // Ten articles a page: one page each for home, every article, the section and author
    // indexes, every section, every author, the search page and the 404 page; and the
    // edition's page, the archive's front and its one year.
    let pages = 1 + articles.len() + 1 + sections.len() + 1 + authors.len() + 1 + 1 + 3;
    let dist = site.path().join("dist");
    let tree = read_tree(&dist);
    let html_files = tree.keys().filter(|p| p.ends_with(".html")).count();
    assert_eq!(html_files, pages, "pages written: {:?}", tree.keys());

    // Besides the HTML: a feed for the site, each section and each author; sitemap; robots.
    let feeds = 1 + sections.len() + authors.len();
    let xml = tree.keys().filter(|p| p.ends_with("atom.xml")).count();
    assert_eq!(xml, feeds, "feeds written: {:?}", tree.keys());
    let all_pages = pages + feeds + 2;
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "stdout: {}", run.stdout);
    let expected = format!(
        "Built 7 articles, 6 sections, 7 authors: {all_pages} pages ({} files, 0 unchanged) in ",
        tree.len()
    );
    assert!(
        lines[0].starts_with(&expected),
        "stdout {:?} should start with {expected:?}",
        lines[0]
    );
    // The search index: its description, one shard, one chunk of article details and each
    // article's text.
    let index: Vec<usize> = tree
        .iter()
        .filter(|(path, _)| path.starts_with("search/data/"))
        .map(|(_, bytes)| bytes.len())
        .collect();
    let kilobytes = index.iter().sum::<usize>() as f64 / 1e3;
    assert_eq!(
        lines[1],
        format!("Search index: {kilobytes:.1} kB in 10 files (10 written)")
    );
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
}

#[test]
fn writes_each_article_at_its_permalink_with_its_title_and_byline() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let permalinks: BTreeMap<&str, &str> = PERMALINKS.iter().copied().collect();

    let folders = common::entries(&dist.join("articles"));
    let expected: BTreeSet<String> = permalinks.values().map(|s| (*s).to_owned()).collect();
    assert_eq!(folders, expected);

    let articles = front_matters(site.path());
    assert_eq!(articles.len(), 7);
    for article in &articles {
        let slug = permalinks
            .get(article.stem.as_str())
            .unwrap_or_else(|| panic!("no permalink pinned for {}", article.stem));
        let html = read(&dist, &format!("articles/{slug}/index.html"));
        assert_eq!(h1s(&html), [article.title()], "articles/{slug}/");
        let byline = between(&html, "class=\"byline\">", "</p>")
            .unwrap_or_else(|| panic!("articles/{slug}/ has no byline"));
        assert!(
            byline.contains(&format!(">{}</a>", article.author())),
            "articles/{slug}/ byline {byline:?} should name {}",
            article.author()
        );
    }
}

#[test]
fn lists_each_article_on_its_sections_page_and_its_authors_page_and_nowhere_else() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");

    let mut by_section: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_author: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for article in front_matters(site.path()) {
        let title = article.title().to_owned();
        by_section
            .entry(article.section().to_owned())
            .or_default()
            .insert(title.clone());
        by_author
            .entry(article.author().to_owned())
            .or_default()
            .insert(title);
    }
    let shown = |folder: &str| -> BTreeMap<String, BTreeSet<String>> {
        listings(&dist, folder)
            .into_iter()
            .map(|(name, (_, titles))| (name, titles))
            .collect()
    };
    assert_eq!(shown("sections"), by_section);
    assert_eq!(shown("authors"), by_author);
}

#[test]
fn the_grassroots_governance_section_lists_li_juns_article() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let html = read(
        &site.path().join("dist"),
        "sections/ji-ceng-zhi-li/index.html",
    );

    assert_eq!(h1s(&html), ["基层治理"]);
    let cards = elements(&html, "article");
    assert_eq!(cards.len(), 1, "{html}");
    assert!(
        cards[0].contains(">以价值创造为社会工作添彩</a>"),
        "{}",
        cards[0]
    );
    let byline = between(&cards[0], "class=\"byline\">", "</p>").expect("a card has a byline");
    assert!(byline.contains(">李军</a>"), "{byline}");
}

#[test]
fn the_commentary_section_lists_exactly_the_two_long_pieces() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("dist"), "sections/ping-lun/index.html");

    assert_eq!(h1s(&html), ["评论"]);
    let titles: BTreeSet<String> = common::card_titles(&html).into_iter().collect();
    assert_eq!(
        titles,
        BTreeSet::from([
            "在深入群众中厚植执政根基".to_owned(),
            "新业态背景下株洲大学生高质量就业路径探索".to_owned(),
        ])
    );
}

#[test]
fn keeps_whole_the_sentences_the_print_layout_broke() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let pages = article_pages(&site.path().join("dist"));

    for (sentence, title) in [
        ("让领导干部以普通群众身份", "在深入群众中厚植执政根基"),
        ("而要激发主人翁意识", "在深入群众中厚植执政根基"),
        ("还需推动“共益人”从", "以价值创造为社会工作添彩"),
        ("另一核心焦点", "携手护航春秋假落地生根"),
        ("等核心诉求", "以创意让传统产业焕发新生机"),
        ("层出不穷，让艺术瓷", "以创意让传统产业焕发新生机"),
    ] {
        let (path, html) = pages
            .get(title)
            .unwrap_or_else(|| panic!("no article page headed {title}"));
        let paragraphs = elements(html, "p");
        assert!(
            paragraphs.iter().any(|p| p.contains(sentence)),
            "{path}: no paragraph holds {sentence:?} whole"
        );
    }
}

#[test]
fn shows_pull_quotes_affiliations_and_notes_on_their_own_articles() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let pages = article_pages(&site.path().join("dist"));

    let articles = front_matters(site.path());
    assert_eq!(
        articles
            .iter()
            .filter(|a| a.get("summary").is_some())
            .count(),
        5,
        "five sample articles have a pull quote"
    );
    for article in &articles {
        let (path, html) = &pages[article.title()];
        let quote = between(html, "<blockquote class=\"pull-quote\">", "</blockquote>");
        match article.get("summary") {
            Some(summary) => assert_eq!(
                quote.map(|q| elements(q, "p")),
                Some(vec![summary.to_owned()]),
                "{path}"
            ),
            None => assert_eq!(quote, None, "{path} has no pull quote to show"),
        }
    }

    let with_affiliation = |text: &str| -> BTreeSet<&str> {
        pages
            .iter()
            .filter(|(_, (_, html))| html.contains(text))
            .map(|(title, _)| title.as_str())
            .collect()
    };
    assert_eq!(
        with_affiliation("作者单位：株洲市委党校"),
        BTreeSet::from(["在深入群众中厚植执政根基"])
    );
    assert_eq!(
        with_affiliation("作者单位：湖南铁道职业技术学院"),
        BTreeSet::from(["新业态背景下株洲大学生高质量就业路径探索"])
    );
    assert_eq!(
        with_affiliation("ZZSK2025126"),
        BTreeSet::from(["新业态背景下株洲大学生高质量就业路径探索"])
    );
    let (_, html) = &pages["新业态背景下株洲大学生高质量就业路径探索"];
    let note = between(html, "class=\"note\">", "</p>").expect("the note is shown");
    assert!(
        note.contains("本文系株洲市社会科学成果规划课题（ZZSK2025126）成果"),
        "{note}"
    );
}

#[test]
fn names_the_submission_address_in_every_footer_and_the_pages_editors_under_each_article() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let pages = read_pages(&site.path().join("dist"));

    assert_eq!(pages.len(), 28);
    for (path, html) in &pages {
        let (main, footer) = html
            .rsplit_once("</main>")
            .unwrap_or_else(|| panic!("{path} has no <main>"));
        assert!(
            footer.contains("zzrbttsp@126.com"),
            "{path}: the footer lacks the submission address"
        );
        // The editors are the page's (editions/2026-03-27.yaml), said where the page's
        // articles are: under each article, and with the page on the edition's page.
        if path.starts_with("articles/") {
            let editors = between(main, "class=\"page-editors\">", "</p>")
                .unwrap_or_else(|| panic!("{path} names no editors"));
            assert_eq!(
                common::text_of(editors),
                "（责任编辑：胡文洁 周菁）",
                "{path}"
            );
        }
        if path.starts_with("editions/2026/03/27/") {
            let credits = between(main, "class=\"page-credits\">", "</p>").expect("credits");
            assert_eq!(
                common::text_of(credits),
                "责任编辑：胡文洁周菁投稿邮箱：zzrbttsp@126.com"
            );
        }
    }
}

#[test]
fn every_internal_link_leads_to_a_file_in_the_output() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let base = base_path(site.path());
    assert_eq!(base, "/opinion/");
    let tree = read_tree(&dist);

    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, html) in read_pages(&dist) {
        let internal: Vec<_> = links(&html)
            .into_iter()
            .filter_map(|link| resolve(&page, &link, &base).map(|target| (link, target)))
            .collect();
        assert!(!internal.is_empty(), "{page} links nowhere");
        for (link, target) in internal {
            checked += 1;
            match target {
                Ok(file) if tree.contains_key(&file) => {}
                Ok(file) => broken.push(format!("{page}: {link} → {file}, which is missing")),
                Err(why) => broken.push(format!("{page}: {why}")),
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    // Every page links at least to the style sheet, home, the indexes and six sections.
    assert!(checked > 24 * 10, "only {checked} links were checked");
}

#[test]
fn each_page_but_the_404_names_its_canonical_address_under_base_url() {
    let site = sample_site();
    build_ok(site.path(), &[]);

    for (page, html) in read_pages(&site.path().join("dist")) {
        let canonical: Vec<&str> = html
            .lines()
            .filter(|line| line.contains("rel=\"canonical\""))
            .collect();
        if page == "404.html" {
            assert_eq!(
                canonical,
                Vec::<&str>::new(),
                "the 404 page is served at any address"
            );
            continue;
        }
        let folder = page
            .strip_suffix("index.html")
            .expect("pages are folders' index.html");
        // The archive's front shows the newest year, whose own page is the address.
        let folder = if folder == "editions/" {
            "editions/2026/"
        } else {
            folder
        };
        assert_eq!(
            canonical,
            [format!(
                "<link rel=\"canonical\" href=\"https://example.org/opinion/{folder}\">"
            )],
            "{page}"
        );
    }
}

#[test]
fn the_link_checker_reads_attributes_and_resolves_like_a_browser() {
    let html = r##"<a class="x" href="../../sections/">s</a><img src='pic.png'>
        <script>document.querySelectorAll("a[href]"); a.getAttribute("href");</script>
        <a href="mailto:a@b.c">m</a><a href="/opinion/authors/#top">a</a><a
        href="https://example.org/">e</a><a href="#x">f</a><a href="x&amp;y/">q</a>"##;
    let found = links(html);
    assert_eq!(
        found,
        [
            "../../sections/",
            "pic.png",
            "mailto:a@b.c",
            "/opinion/authors/#top",
            "https://example.org/",
            "#x",
            "x&y/",
        ]
    );
    let page = "articles/x/index.html";
    let resolved: Vec<_> = found
        .iter()
        .map(|link| resolve(page, link, "/opinion/"))
        .collect();
    assert_eq!(
        resolved,
        [
            Some(Ok("sections/index.html".to_owned())),
            Some(Ok("articles/x/pic.png".to_owned())),
            None,
            Some(Ok("authors/index.html".to_owned())),
            None,
            None,
            Some(Ok("articles/x/x&y/index.html".to_owned())),
        ]
    );
    assert_eq!(
        resolve("index.html", "./", "/"),
        Some(Ok("index.html".to_owned()))
    );
    assert!(matches!(resolve("index.html", "../x", "/"), Some(Err(_))));
    assert!(matches!(
        resolve("index.html", "/elsewhere/", "/opinion/"),
        Some(Err(_))
    ));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let first = sample_site();
    build_ok(first.path(), &[]);
    let dist = first.path().join("dist");
    let once = read_tree(&dist);
    build_ok(first.path(), &[]);
    let twice = read_tree(&dist);
    // A second copy in another folder: no absolute path may leak into the output.
    let second = sample_site();
    build_ok(second.path(), &[]);
    let elsewhere = read_tree(&second.path().join("dist"));

    // 28 HTML pages, 14 Atom feeds, the sitemap, robots.txt, the stylesheet, the icon, the
    // search script and the search index (its description, one shard, one chunk of articles,
    // the text of each of the 7 articles).
    assert_eq!(once.len(), 57);
    for (name, other) in [("rebuilt", &twice), ("built elsewhere", &elsewhere)] {
        let paths: Vec<&String> = once.keys().collect();
        let other_paths: Vec<&String> = other.keys().collect();
        assert_eq!(paths, other_paths, "{name}: different files");
        let differing: Vec<&String> = once
            .iter()
            .filter(|(path, bytes)| other[*path] != **bytes)
            .map(|(path, _)| path)
            .collect();
        assert!(
            differing.is_empty(),
            "{name}: these files differ: {differing:?}"
        );
    }
}

#[test]
fn every_page_opens_with_a_skip_link_to_its_text_and_names_an_icon_the_site_has() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let tree = read_tree(&dist);
    let pages = read_pages(&dist);
    assert_eq!(pages.len(), 28);
    for (path, html) in &pages {
        let body = html
            .split_once("<body>\n")
            .unwrap_or_else(|| panic!("{path} has no <body>"))
            .1;
        assert!(
            body.starts_with("<a class=\"skip-link\" href=\"#main\">跳到正文</a>\n"),
            "{path}: the first thing in the page is not the skip link"
        );
        assert_eq!(html.matches("<main id=\"main\">").count(), 1, "{path}");
        assert!(
            html.contains("<meta name=\"color-scheme\" content=\"light dark\">"),
            "{path}"
        );
        let icon = between(html, "<link rel=\"icon\" href=\"", "\"")
            .unwrap_or_else(|| panic!("{path} names no icon"));
        // The 404 page is served at any depth: its links start at the site's path.
        let page = if path == "404.html" {
            "index.html"
        } else {
            path
        };
        let icon = icon
            .strip_prefix("/opinion/")
            .map_or(icon.to_owned(), |i| format!("./{i}"));
        let target = resolve(page, &icon, "/opinion/")
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("{path}: {icon} is not a link in the site"));
        assert_eq!(target, "static/favicon.svg", "{path}");
        assert!(tree.contains_key(&target), "{path}: no {target}");
    }
    assert!(tree["static/favicon.svg"].starts_with(b"<svg "));
}

#[test]
fn listings_do_not_repeat_whose_they_are_on_every_card() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let pages = read_pages(&dist);
    let mut cards = 0;
    for (path, html) in &pages {
        let own = if path.starts_with("sections/") && path != "sections/index.html" {
            "section"
        } else if path.starts_with("authors/") && path != "authors/index.html" {
            "author"
        } else {
            continue;
        };
        let name = between(html, "<h1>", "</h1>").expect("the listing's name");
        for card in html.split("<article class=\"card\">").skip(1) {
            cards += 1;
            let card = card.split("</article>").next().unwrap();
            match own {
                "section" => assert!(
                    !card.contains("class=\"kicker\""),
                    "{path}: a card names the section {name}: {card}"
                ),
                _ => {
                    let byline = between(card, "<p class=\"byline\">", "</p>").unwrap();
                    assert!(
                        !byline.contains(name),
                        "{path}: a card names the author {name}: {card}"
                    );
                    assert!(card.contains("class=\"kicker\""), "{path}: {card}");
                }
            }
        }
    }
    // Each article on its section's page and its author's.
    assert_eq!(cards, 14);
}

// ---- phones and cards (issue 16, items 4 and 5) ----

/// The links of a page's section navigation, each `(text, href, aria-current)`.
fn nav_links(html: &str) -> Vec<(String, String, Option<String>)> {
    let nav = between(
        html,
        "<nav class=\"section-nav\" aria-label=\"栏目\">",
        "</nav>",
    )
    .expect("every page has the section navigation");
    nav.split("<a ")
        .skip(1)
        .map(|link| {
            let (tag, rest) = link.split_once('>').expect("a link's tag ends");
            let text = rest.split("</a>").next().expect("a link ends");
            let attribute =
                |name: &str| between(tag, &format!("{name}=\""), "\"").map(str::to_owned);
            (
                common::unescape(text),
                attribute("href").expect("a link has an href"),
                attribute("aria-current"),
            )
        })
        .collect()
}

#[test]
fn the_navigation_opens_with_the_home_page_and_marks_where_each_page_is() {
    let site = sample_site();
    // Ten more in 基层治理: eleven in all, and its listing gets a second page.
    for n in 1..=10 {
        common::write(
            site.path(),
            &format!("articles/治理{n}.md"),
            format!(
                "---\ntitle: 治理第{n}篇\nauthor: 李军\nsection: 基层治理\ndate: 2026-02-{n:02}\n---\n\n\
                 社区治理，久久为功。\n"
            ),
        );
    }
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let pages = read_pages(&dist);
    let section_of: BTreeMap<String, String> = article_pages(&dist)
        .into_iter()
        .map(|(_, (path, html))| {
            // The column label above the headline: the article's section.
            let kicker = between(&html, "<p class=\"kicker\">", "</p>").expect("a column label");
            let name = kicker.rsplit_once("\">").expect("a link").1;
            (path, name.trim_end_matches("</a>").to_owned())
        })
        .collect();
    assert!(pages.contains_key("sections/ji-ceng-zhi-li/page/2/index.html"));
    let section_pages = listings(&dist, "sections");
    let mut marked_articles = 0;
    for (path, html) in &pages {
        let links = nav_links(html);
        let names: Vec<&str> = links.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "首页",
                "评论",
                "基层治理",
                "教育观察",
                "全民健康",
                "评漫画",
                "市场观察",
                "往期",
                "作者"
            ],
            "{path}"
        );
        let marked: Vec<(&str, &str)> = links
            .iter()
            .filter_map(|(name, _, current)| Some((name.as_str(), current.as_deref()?)))
            .collect();
        let heading = h1s(html).into_iter().next().unwrap_or_default();
        let expected: Vec<(&str, &str)> = match path.as_str() {
            "index.html" => vec![("首页", "page")],
            "editions/index.html" => vec![("往期", "page")],
            "authors/index.html" => vec![("作者", "page")],
            p if p.starts_with("editions/") => vec![("往期", "true")],
            p if p.starts_with("authors/") => vec![("作者", "true")],
            p if p.starts_with("sections/") && p.contains("/page/") => {
                vec![("基层治理", "true")]
            }
            "sections/index.html" => vec![],
            p if p.starts_with("sections/") => vec![(heading.as_str(), "page")],
            p if p.starts_with("articles/") => {
                marked_articles += 1;
                vec![(section_of[p].as_str(), "true")]
            }
            _ => vec![],
        };
        assert_eq!(marked, expected, "{path}");
        // Each link goes where its text says, from this page.
        let targets: Vec<String> = links
            .iter()
            .map(|(_, href, _)| resolve(path, href, "/opinion/").unwrap().unwrap())
            .collect();
        let mut expected = vec!["index.html".to_owned()];
        expected.extend(
            links[1..links.len() - 2]
                .iter()
                .map(|(name, _, _)| section_pages[name].0.clone()),
        );
        expected.extend([
            "editions/index.html".to_owned(),
            "authors/index.html".to_owned(),
        ]);
        assert_eq!(targets, expected, "{path}");
    }
    assert_eq!(marked_articles, 17);
    // The section's own page marks its link as the page itself.
    let html = &pages["sections/ji-ceng-zhi-li/index.html"];
    assert!(nav_links(html).contains(&(
        "基层治理".to_owned(),
        "../../sections/ji-ceng-zhi-li/".to_owned(),
        Some("page".to_owned())
    )));
}

#[test]
fn every_page_but_the_search_page_has_a_search_icon_that_leads_to_the_search_page() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let pages = read_pages(&site.path().join("dist"));
    for (path, html) in &pages {
        let icon = between(html, "<a class=\"search-toggle\" ", "</a>");
        if path == "search/index.html" {
            assert_eq!(icon, None, "{path}: the search page has its own box");
            assert!(!html.contains("id=\"search-box\""), "{path}");
            continue;
        }
        let icon = icon.unwrap_or_else(|| panic!("{path} has no search icon"));
        let href = between(icon, "href=\"", "\"").unwrap();
        let target = resolve(path, href, "/opinion/").and_then(Result::ok);
        assert_eq!(
            target.as_deref(),
            Some("search/index.html"),
            "{path}: {href}"
        );
        assert!(icon.contains("aria-label=\"搜索\""), "{path}: {icon}");
        assert!(icon.contains("<svg "), "{path}: {icon}");
        assert!(
            html.contains("<form class=\"search-box\" id=\"search-box\" role=\"search\""),
            "{path}"
        );
    }
}

#[test]
fn cards_set_a_pull_quote_as_a_quote_and_an_excerpt_or_a_standfirst_as_plain_text() {
    let site = sample_site();
    common::write(
        site.path(),
        "articles/调查.md",
        "---\ntitle: 让调查研究成为基本功\nauthor: 王明\ndate: 2026-03-27\nstandfirst: 调查研究是谋事之基、成事之道。\n---\n\n调查研究是我们党的传家宝。\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let pages = read_pages(&dist);
    let articles: BTreeMap<String, common::FrontMatter> = front_matters(site.path())
        .into_iter()
        .map(|article| (article.title().to_owned(), article))
        .collect();
    let (mut quotes, mut standfirsts, mut excerpts) = (0, 0, 0);
    for (path, html) in &pages {
        for card in html.split("<article class=\"card").skip(1) {
            let card = card.split("</article>").next().unwrap();
            let title = &common::card_titles(card)[0];
            let article = &articles[title];
            let (class, text) = between(card, "<p class=\"card-summary", "</p>")
                .and_then(|summary| summary.split_once("\">"))
                .unwrap_or_else(|| panic!("{path}: {title} has no summary"));
            let text = common::unescape(text);
            match (article.get("summary"), article.get("standfirst")) {
                (Some(quote), _) => {
                    quotes += 1;
                    assert_eq!(class, " is-pull-quote", "{path}: {title}");
                    assert_eq!(text, quote, "{path}: {title}");
                }
                (None, Some(standfirst)) => {
                    standfirsts += 1;
                    assert_eq!(class, "", "{path}: {title}");
                    assert_eq!(text, standfirst, "{path}: {title}");
                }
                (None, None) => {
                    excerpts += 1;
                    assert_eq!(class, "", "{path}: {title}");
                    assert!(!text.is_empty(), "{path}: {title}");
                }
            }
        }
    }
    // On the home page, the edition's page, and their section's and author's pages.
    assert_eq!((quotes, standfirsts, excerpts), (5 * 4, 4, 2 * 4));
}
