//! Issue 15 through the binary: tags as topics (专题) with their pages, index and feeds; each
//! article's related reading (延伸阅读), found or pinned; what a Chinese news page carries
//! (原标题, the piece's 责任编辑, its 来源); and the foot of every page from site.yaml.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{build, build_ok, read, read_tree, run_command, tempdir, write};

/// A site of `articles` (file name, front matter lines, text) under `site_yaml`.
fn site(site_yaml: &str, articles: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), "site.yaml", site_yaml);
    for (name, front, text) in articles {
        write(
            dir.path(),
            &format!("articles/{name}.md"),
            format!("---\n{front}\n---\n\n{text}\n"),
        );
    }
    dir
}

const SITE: &str = "title: 测试评论\npaper: 测试日报\nbase_url: https://example.org/opinion/\n";

/// The headlines linked from a page's 延伸阅读, in order.
fn related(html: &str) -> Vec<String> {
    let Some(aside) = common::between(html, "<aside class=\"related\"", "</aside>") else {
        return Vec::new();
    };
    common::elements(aside, "a")
        .iter()
        .map(|a| common::text_of(a))
        .collect()
}

/// The related reading of article `name` of the site built in `dist`.
fn related_of(dist: &Path, name: &str) -> Vec<String> {
    related(&read(dist, &format!("articles/{name}/index.html")))
}

/// Articles on three subjects, and five tagged ones: the texts and tags make the answer known.
fn reading_site() -> tempfile::TempDir {
    site(
        &format!("{SITE}paginate: 2\n"),
        &[
            (
                "t",
                "title: 醴陵陶瓷盲盒走红\nauthor: 甲\ndate: 2026-03-20",
                "醴陵陶瓷盲盒杯季销六万件，陶瓷盲盒带来情绪价值。醴陵陶瓷产业以盲盒破局，陶瓷盲盒成为社交货币。",
            ),
            (
                "x1",
                "title: 陶瓷盲盒的启示\nauthor: 乙\ndate: 2026-03-10",
                "醴陵陶瓷盲盒杯为何走红？陶瓷盲盒让年轻人喜欢，醴陵陶瓷借盲盒转型。",
            ),
            (
                "x2",
                "title: 传统产业如何转型\nauthor: 丙\ndate: 2026-03-11",
                "传统产业转型需要创意，醴陵陶瓷也在探索新路，窑火千年不熄。",
            ),
            (
                "x3",
                "title: 春秋假怎样托管\nauthor: 丁\ndate: 2026-03-12",
                "学生放假家长不放假，托管服务需要学校与社区协同发力，春秋假才能落地。",
            ),
            (
                "x4",
                "title: 外部董事上岗\nauthor: 戊\ndate: 2026-03-13",
                "外部董事正式上岗履新，国企治理迎来鲶鱼，决策更加科学。",
            ),
            (
                "x5",
                "title: 体检不能走过场\nauthor: 己\ndate: 2026-03-14",
                "身体是事业的合伙人，体检报告要认真读，健康管理贵在坚持。",
            ),
            // Tagged: p shares both topics with q, one with r, s and u; r is the newest.
            (
                "p",
                "title: 老街改造有温度\nauthor: 庚\ndate: 2026-03-15\ntags: [城市, 更新]",
                "老街改造要留住烟火气，居民的意见要听进去。",
            ),
            (
                "q",
                "title: 更新不是推倒重来\nauthor: 辛\ndate: 2026-03-01\ntags: [更新, 城市]",
                "城市更新要久久为功，小步慢走。",
            ),
            (
                "r",
                "title: 城市的夜晚\nauthor: 壬\ndate: 2026-03-19\ntags: [城市]",
                "夜经济点亮城市，也要守住安宁。",
            ),
            (
                "s",
                "title: 旧厂房的新用途\nauthor: 癸\ndate: 2026-03-05\ntags: [更新]",
                "旧厂房变身文创园，更新有了新路径。",
            ),
            (
                "u",
                "title: 城市的公园\nauthor: 子\ndate: 2026-02-01\ntags: [城市]",
                "口袋公园方便居民，城市更宜居。",
            ),
        ],
    )
}

#[test]
fn related_reading_puts_shared_topics_first_then_the_nearest_texts() {
    let site = reading_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    // The nearest text first; unrelated ones (春秋假, 外部董事, 体检) not at all.
    assert_eq!(
        related_of(&dist, "t"),
        ["陶瓷盲盒的启示", "传统产业如何转型"]
    );
    assert_eq!(
        related_of(&dist, "x1"),
        ["醴陵陶瓷盲盒走红", "传统产业如何转型"]
    );
    assert!(related_of(&dist, "x3").is_empty());
    // No list, no heading: the page ends with its neighbours.
    assert!(!read(&dist, "articles/x3/index.html").contains("延伸阅读"));
    // q shares both topics; then those sharing one, the newest first (r, s, u).
    assert_eq!(
        related_of(&dist, "p"),
        [
            "更新不是推倒重来",
            "城市的夜晚",
            "旧厂房的新用途",
            "城市的公园"
        ]
    );
    // Each item is a headline link with its date and column.
    let page = read(&dist, "articles/p/index.html");
    let aside = common::between(&page, "<aside class=\"related\"", "</aside>").unwrap();
    assert!(
        aside.contains("<h2 id=\"related-heading\">延伸阅读</h2>"),
        "{aside}"
    );
    assert!(
        aside.contains("<li><a href=\"../../articles/q/\">更新不是推倒重来</a><span class=\"related-meta\"><time datetime=\"2026-03-01T00:00:00Z\">2026年3月1日</time> · 评论</span></li>"),
        "{aside}"
    );
}

#[test]
fn related_reading_fills_up_to_five_and_breaks_ties_by_date_then_slug() {
    // Seven copies of one text: equally near each other, so the newest come first, and of
    // those of one day, the first slug.
    let text = "醴陵陶瓷盲盒杯季销六万件，陶瓷盲盒带来情绪价值，醴陵陶瓷产业以盲盒破局。";
    let articles: Vec<(String, String)> = [
        ("a", "2026-03-01"),
        ("b", "2026-03-05"),
        ("c", "2026-03-05"),
        ("d", "2026-03-03"),
        ("e", "2026-03-04"),
        ("f", "2026-03-02"),
        ("g", "2026-03-06"),
    ]
    .iter()
    .map(|(name, date)| {
        (
            (*name).to_owned(),
            format!("title: 陶瓷盲盒{name}\nauthor: 甲\ndate: {date}"),
        )
    })
    .collect();
    let mut list: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|(name, front)| (name.as_str(), front.as_str(), text))
        .collect();
    // Other subjects, so that the copies' pairs are rarer than in every article.
    list.extend([
        (
            "x3",
            "title: 春秋假怎样托管\nauthor: 丁\ndate: 2026-03-12",
            "学生放假家长不放假，托管服务需要学校与社区协同发力。",
        ),
        (
            "x4",
            "title: 外部董事上岗\nauthor: 戊\ndate: 2026-03-13",
            "外部董事正式上岗履新，国企治理迎来鲶鱼。",
        ),
        (
            "x5",
            "title: 体检不能走过场\nauthor: 己\ndate: 2026-03-14",
            "身体是事业的合伙人，体检报告要认真读。",
        ),
    ]);
    let site = site(SITE, &list);
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    assert_eq!(
        related_of(&dist, "a"),
        [
            "陶瓷盲盒g",
            "陶瓷盲盒b",
            "陶瓷盲盒c",
            "陶瓷盲盒e",
            "陶瓷盲盒d"
        ]
    );
    assert_eq!(
        related_of(&dist, "g"),
        [
            "陶瓷盲盒b",
            "陶瓷盲盒c",
            "陶瓷盲盒e",
            "陶瓷盲盒d",
            "陶瓷盲盒f"
        ]
    );
}

#[test]
fn related_pins_an_articles_own_list() {
    let site = reading_site();
    write(
        site.path(),
        "articles/t.md",
        "---\ntitle: 醴陵陶瓷盲盒走红\nauthor: 甲\ndate: 2026-03-20\nrelated:\n  - x4\n  - p\n---\n\n醴陵陶瓷盲盒杯季销六万件。\n",
    );
    // An empty list turns the reading off.
    write(
        site.path(),
        "articles/x1.md",
        "---\ntitle: 陶瓷盲盒的启示\nauthor: 乙\ndate: 2026-03-10\nrelated: []\n---\n\n醴陵陶瓷盲盒杯为何走红？陶瓷盲盒让年轻人喜欢。\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    assert_eq!(related_of(&dist, "t"), ["外部董事上岗", "老街改造有温度"]);
    assert!(related_of(&dist, "x1").is_empty());
}

#[test]
fn a_related_name_of_no_article_is_an_error_at_its_place_with_the_nearest_name() {
    let site = reading_site();
    write(
        site.path(),
        "articles/t.md",
        "---\ntitle: 醴陵陶瓷盲盒走红\nauthor: 甲\ndate: 2026-03-20\nrelated: [x4, x9, t]\n---\n\n正文。\n",
    );
    write(
        site.path(),
        "articles/x2.md",
        "---\ntitle: 传统产业如何转型\nauthor: 丙\ndate: 2026-03-11\nrelated:\n  - p.md\n  - x1\n  - x1\n---\n\n正文。\n",
    );
    std::fs::create_dir_all(site.path().join("dist")).unwrap();
    let run = build(site.path(), &[]);
    assert!(!run.success);
    let problems: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("articles/"))
        .collect();
    assert_eq!(
        problems,
        [
            "articles/t.md:5:15: `related` names no article file articles/x9.md: did you mean `x1`?",
            "articles/t.md:5:19: `related` names this article itself: list other articles",
            "articles/x2.md:6:5: `related` names no article file articles/p.md.md: write it without .md: `p`",
            "articles/x2.md:8:5: `x1` is given twice in `related`; the first is at line 7",
        ],
        "{}",
        run.stderr
    );
    // `check` says the same.
    let cwd = tempdir();
    let checked = run_command(
        cwd.path(),
        &["check", "--source", site.path().to_str().unwrap()],
    );
    assert!(!checked.success);
    assert!(
        checked.stdout.contains(
            "articles/t.md:5:15: `related` names no article file articles/x9.md: did you mean `x1`?"
        ) || checked.stderr.contains(
            "articles/t.md:5:15: `related` names no article file articles/x9.md: did you mean `x1`?"
        ),
        "{}\n{}",
        checked.stdout,
        checked.stderr
    );
}

#[test]
fn two_builds_of_one_site_are_byte_identical_and_so_is_an_incremental_one() {
    let site = reading_site();
    let out = |name: &str| site.path().join(name);
    build_ok(site.path(), &["--output", out("one").to_str().unwrap()]);
    build_ok(site.path(), &["--output", out("two").to_str().unwrap()]);
    assert_eq!(read_tree(&out("one")), read_tree(&out("two")));
    // The sketches of unchanged files come from the cache: the lists are the same.
    write(
        site.path(),
        "articles/x5.md",
        "---\ntitle: 体检不能走过场\nauthor: 己\ndate: 2026-03-14\n---\n\n身体是事业的合伙人，醴陵陶瓷盲盒杯季销六万件，陶瓷盲盒带来情绪价值。\n",
    );
    build_ok(site.path(), &["--output", out("one").to_str().unwrap()]);
    build_ok(site.path(), &["--output", out("fresh").to_str().unwrap()]);
    assert_eq!(read_tree(&out("one")), read_tree(&out("fresh")));
    assert!(related_of(&out("one"), "t").contains(&"体检不能走过场".to_owned()));
}

#[test]
fn a_page_whose_related_list_changed_is_rendered_again() {
    let site = reading_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let before = read(&dist, "articles/t/index.html");
    assert_eq!(
        related_of(&dist, "t"),
        ["陶瓷盲盒的启示", "传统产业如何转型"]
    );
    let untouched = std::fs::metadata(dist.join("articles/x4/index.html")).unwrap();
    // Another article's text changes, not t's: x2 no longer speaks of 醴陵陶瓷.
    write(
        site.path(),
        "articles/x2.md",
        "---\ntitle: 传统产业如何转型\nauthor: 丙\ndate: 2026-03-11\n---\n\n传统产业转型需要创意，窑火千年不熄。\n",
    );
    let run = build_ok(site.path(), &[]);
    assert_eq!(related_of(&dist, "t"), ["陶瓷盲盒的启示"], "{}", run.stdout);
    assert_ne!(before, read(&dist, "articles/t/index.html"));
    // A page whose list did not change is left as it was.
    let after = std::fs::metadata(dist.join("articles/x4/index.html")).unwrap();
    assert_eq!(untouched.modified().unwrap(), after.modified().unwrap());
    // And a headline shown in a list, changed, shows on the pages that list it.
    write(
        site.path(),
        "articles/x1.md",
        "---\ntitle: 陶瓷盲盒何以走红\nauthor: 乙\ndate: 2026-03-10\n---\n\n醴陵陶瓷盲盒杯为何走红？陶瓷盲盒让年轻人喜欢，醴陵陶瓷借盲盒转型。\n",
    );
    build_ok(site.path(), &[]);
    assert_eq!(related_of(&dist, "t"), ["陶瓷盲盒何以走红"]);
}

#[test]
fn tags_become_topic_pages_with_an_index_feeds_and_sitemap_entries() {
    let site = reading_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    // 城市 (cheng-shi): p, q, r, u; 更新 (geng-xin): p, q, s. Two a page, the newest first.
    let topic = read(&dist, "topics/cheng-shi/index.html");
    assert_eq!(common::h1s(&topic), ["城市"]);
    assert_eq!(
        common::card_titles(&topic),
        ["城市的夜晚", "老街改造有温度"]
    );
    assert!(topic.contains("共 4 篇"), "{topic}");
    assert!(
        topic.contains("href=\"../../topics/cheng-shi/atom.xml\""),
        "the page links its feed"
    );
    let second = read(&dist, "topics/cheng-shi/page/2/index.html");
    assert_eq!(
        common::card_titles(&second),
        ["更新不是推倒重来", "城市的公园"]
    );
    // A card on a topic's page names its other topics, not this one.
    let card = common::between(&topic, "老街改造有温度", "</article>").unwrap();
    assert!(
        card.contains("专题：<a href=\"../../topics/geng-xin/\">更新</a></p>"),
        "{card}"
    );
    // The index, by pinyin (no site.yaml order): 城市, 更新.
    let index = read(&dist, "topics/index.html");
    let list = common::between(&index, "<ul class=\"index-list topic-index\">", "</ul>").unwrap();
    let links: Vec<String> = common::elements(list, "li")
        .iter()
        .map(|li| common::text_of(li))
        .collect();
    assert_eq!(links, ["城市4 篇", "更新3 篇"]);
    assert!(read(&dist, "index.html").contains("<a href=\"./topics/\">全部专题</a>"));
    // A feed each, of the topic's newest articles.
    let feed = read(&dist, "topics/geng-xin/atom.xml");
    assert!(feed.contains("<title>测试评论 · 更新</title>"), "{feed}");
    assert_eq!(feed.matches("<entry>").count(), 3);
    assert!(
        feed.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/opinion/topics/geng-xin/\"/>"
        ),
        "{feed}"
    );
    // In the sitemap: the index and every page of each topic; not the feeds.
    let sitemap = read(&dist, "sitemap.xml");
    for path in [
        "topics/",
        "topics/cheng-shi/",
        "topics/cheng-shi/page/2/",
        "topics/geng-xin/",
        "topics/geng-xin/page/2/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/opinion/{path}</loc>")),
            "{path} not in the sitemap"
        );
    }
    assert!(!sitemap.contains("atom.xml"));
    // An article lists its topics as links.
    let page = read(&dist, "articles/p/index.html");
    assert!(
        page.contains("<p class=\"topics\">专题：<a class=\"topic\" href=\"../../topics/cheng-shi/\">城市</a>、<a class=\"topic\" href=\"../../topics/geng-xin/\">更新</a></p>"),
        "{page}"
    );
    // A site without tags has no topic pages and no link to them.
    let plain = common::sample_site();
    build_ok(plain.path(), &[]);
    let plain_dist = plain.path().join("dist");
    assert!(!plain_dist.join("topics").exists());
    assert!(!read(&plain_dist, "index.html").contains("全部专题"));
}

#[test]
fn site_yaml_names_describes_and_orders_the_topics() {
    let site = reading_site();
    write(
        site.path(),
        "site.yaml",
        format!(
            "{SITE}topics:\n  更新:\n    title: 城市更新专题\n    description: 关于城市更新的评论。\n  城市: {{}}\n"
        ),
    );
    // One tag written in two Unicode forms is one topic (José: é, or e and an accent).
    write(
        site.path(),
        "articles/j1.md",
        "---\ntitle: 其一\nauthor: 甲\ndate: 2026-01-01\ntags: [\"Jos\u{e9}\"]\n---\n\n正文。\n",
    );
    write(
        site.path(),
        "articles/j2.md",
        "---\ntitle: 其二\nauthor: 甲\ndate: 2026-01-02\ntags: [\"Jose\u{301}\"]\n---\n\n正文。\n",
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let index = read(&dist, "topics/index.html");
    let list = common::between(&index, "<ul class=\"index-list topic-index\">", "</ul>").unwrap();
    let names: Vec<String> = common::elements(list, "li")
        .iter()
        .map(|li| common::text_of(li))
        .collect();
    // site.yaml's order first, then the others by pinyin.
    assert_eq!(
        names,
        [
            "城市更新专题3 篇关于城市更新的评论。",
            "城市4 篇",
            "José2 篇"
        ]
    );
    let topic = read(&dist, "topics/geng-xin/index.html");
    assert_eq!(common::h1s(&topic), ["城市更新专题"]);
    assert!(topic.contains("<p class=\"topic-description\">关于城市更新的评论。</p>"));
    assert!(
        topic.contains("<title>城市更新专题 · 测试评论</title>"),
        "{topic}"
    );
    assert!(
        read(&dist, "topics/geng-xin/atom.xml").contains("<title>测试评论 · 城市更新专题</title>")
    );
    assert!(dist.join("topics/jose/index.html").is_file());
    // The article names the topic by its heading.
    assert!(
        read(&dist, "articles/s/index.html")
            .contains("<a class=\"topic\" href=\"../../topics/geng-xin/\">城市更新专题</a>")
    );
}

#[test]
fn bad_topics_and_footer_settings_are_errors_at_their_place() {
    for (yaml, expected) in [
        (
            "topics:\n  城市:\n    titel: 城市专题\n",
            "site.yaml:6:5: unknown key `titel` (did you mean `title`?)",
        ),
        (
            "topics:\n  城市: {title: 甲}\n  城市: {title: 乙}\n",
            "site.yaml:6:3: `城市` is given twice in `topics`; the first is at line 5",
        ),
        (
            "footer:\n  copyrite: 测试日报社\n",
            "site.yaml:5:3: unknown key `copyrite` (did you mean `copyright`?)",
        ),
        (
            "footer:\n  police: 湘公网安备\n",
            "site.yaml:5:11: `footer.police: 湘公网安备` has no number: write the filing as it is issued, such as `湘公网安备 43020302000123号` (its record is linked by the number)",
        ),
        (
            "footer:\n  icp: \"湘ICP备\\n12345678号\"\n",
            "site.yaml:5:8: `footer.icp` is one line of text, but this one holds a line break: join its lines into one",
        ),
    ] {
        let site = reading_site();
        write(site.path(), "site.yaml", format!("{SITE}{yaml}"));
        let run = build(site.path(), &[]);
        assert!(!run.success, "{yaml}");
        assert_eq!(
            run.stderr.lines().next(),
            Some(expected),
            "{yaml}\n{}",
            run.stderr
        );
    }
}

#[test]
fn check_warns_of_a_topic_that_no_article_has() {
    let site = reading_site();
    write(
        site.path(),
        "site.yaml",
        format!("{SITE}topics:\n  城市: {{}}\n  更薪:\n    title: 更新\n"),
    );
    let cwd = tempdir();
    let run = run_command(
        cwd.path(),
        &["check", "--source", site.path().to_str().unwrap()],
    );
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains(
            "site.yaml:6:3: warning: no article has the tag 更薪 (did you mean 更新?), so the topic has no page yet"
        ),
        "{all}"
    );
}

/// The sample's first article, printed on its page, and a web-only piece of the same day.
fn news_site(site_yaml_extra: &str) -> tempfile::TempDir {
    let site = common::sample_site();
    let yaml = read(site.path(), "site.yaml");
    write(site.path(), "site.yaml", format!("{yaml}{site_yaml_extra}"));
    write(
        site.path(),
        "articles/web.md",
        "---\ntitle: 网络评论一则\nauthor: 李宏\ndate: 2026-03-27T20:00:00+08:00\n---\n\n正文。\n",
    );
    write(
        site.path(),
        "articles/reprint.md",
        "---\ntitle: 转载一则\nauthor: 李宏\ndate: 2026-03-27T21:00:00+08:00\noriginal_title: 原来的标题\nsource: 来源：人民网\neditors: [王编辑, 赵编辑]\n---\n\n正文。\n",
    );
    site
}

#[test]
fn original_title_editors_and_source_are_printed_where_a_chinese_news_page_has_them() {
    let site = news_site("");
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let pages = common::article_pages(&dist);
    let page_of = |title: &str| {
        pages
            .get(title)
            .unwrap_or_else(|| panic!("no page titled {title}"))
            .1
            .clone()
    };
    // A reprint: its original headline under the text, its own editors over the page's, and
    // its source as written; the dateline names no other.
    let reprint = page_of("转载一则");
    let footer =
        common::between(&reprint, "<footer class=\"article-footer\">", "</footer>").unwrap();
    let lines: Vec<String> = common::elements(footer, "p")
        .iter()
        .map(|p| common::text_of(p))
        .collect();
    assert_eq!(
        &lines[..3],
        [
            "（原标题：原来的标题）",
            "（来源：人民网）",
            "（责任编辑：王编辑 赵编辑）"
        ],
        "{footer}"
    );
    let dateline = common::between(&reprint, "<p class=\"dateline\">", "</p>").unwrap();
    assert!(!dateline.contains("来源"), "{dateline}");
    let json_ld = common::between(
        &reprint,
        "<script type=\"application/ld+json\">",
        "</script>",
    )
    .unwrap();
    assert!(
        json_ld.contains("\"alternateName\":\"原来的标题\""),
        "{json_ld}"
    );
    assert!(
        json_ld.contains("\"editor\":[{\"@type\":\"Person\",\"name\":\"王编辑\"},{\"@type\":\"Person\",\"name\":\"赵编辑\"}]"),
        "{json_ld}"
    );
    // A web-only piece with no `source:`: the paper, in its dateline.
    let web = page_of("网络评论一则");
    let dateline = common::between(&web, "<p class=\"dateline\">", "</p>").unwrap();
    assert!(
        dateline.ends_with(" · <span class=\"source-name\">来源：株洲日报</span>"),
        "{dateline}"
    );
    // A printed article's dateline names the paper already, and its editors are its page's.
    let printed = page_of("在深入群众中厚植执政根基");
    let dateline =
        common::text_of(common::between(&printed, "<p class=\"dateline\">", "</p>").unwrap());
    assert_eq!(dateline, "2026年3月27日 星期五 · 株洲日报 评论");
    assert!(printed.contains(
        "（责任编辑：<span class=\"editor\">胡文洁</span> <span class=\"editor\">周菁</span>）"
    ));
    assert!(!printed.contains("原标题"));
}

#[test]
fn the_footer_shows_only_what_site_yaml_gives() {
    // The sample gives a copyright and the reprint notice, and no registration numbers.
    let sample = common::sample_site();
    build_ok(sample.path(), &[]);
    let home = read(&sample.path().join("dist"), "index.html");
    let foot = common::between(&home, "<footer class=\"colophon\">", "</footer>").unwrap();
    assert!(
        foot.contains("<p class=\"copyright\">© 2026 株洲日报社</p>"),
        "{foot}"
    );
    assert!(foot.contains("<p class=\"reprint-notice\">未经授权不得转载</p>"));
    assert!(
        !foot.contains("licences") && !foot.contains("beian"),
        "{foot}"
    );

    // Without `footer:`, the site's title only.
    let bare = site(
        SITE,
        &[("a", "title: 甲\nauthor: 乙\ndate: 2026-03-01", "正文。")],
    );
    build_ok(bare.path(), &[]);
    let home = read(&bare.path().join("dist"), "index.html");
    let foot = common::between(&home, "<footer class=\"colophon\">", "</footer>").unwrap();
    assert!(
        foot.contains("<p class=\"copyright\">测试评论</p>"),
        "{foot}"
    );
    assert!(!foot.contains("reprint-notice") && !foot.contains("licences"));

    // Every line, the ICP number linked to its registry and the public-security filing to its
    // record by its number; on every page.
    let full = site(
        &format!(
            "{SITE}footer:\n  copyright: © 2026 测试日报社\n  reprint_notice: 未经授权不得转载\n  icp: 湘ICP备12345678号-1\n  news_licence: 43120170003\n  police: 湘公网安备 43020302000123号\n"
        ),
        &[("a", "title: 甲\nauthor: 乙\ndate: 2026-03-01", "正文。")],
    );
    build_ok(full.path(), &[]);
    let dist = full.path().join("dist");
    let expected = "<p class=\"licences\"><a class=\"icp\" href=\"https://beian.miit.gov.cn/\" rel=\"nofollow\">湘ICP备12345678号-1</a><span class=\"news-licence\">互联网新闻信息服务许可证：43120170003</span><a class=\"police\" href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=43020302000123\" rel=\"nofollow\">湘公网安备 43020302000123号</a>\n  </p>";
    for page in ["index.html", "articles/a/index.html", "404.html"] {
        let html = read(&dist, page);
        assert!(html.contains(expected), "{page}: {html}");
        assert!(html.contains("<p class=\"copyright\">© 2026 测试日报社</p>"));
    }
}

#[test]
fn topic_feeds_read_in_a_feed_reader() {
    let site = reading_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let feeds: BTreeSet<String> = read_tree(&dist.join("topics"))
        .into_keys()
        .filter(|path| path.ends_with("atom.xml"))
        .collect();
    assert_eq!(
        feeds,
        BTreeSet::from([
            "cheng-shi/atom.xml".to_owned(),
            "geng-xin/atom.xml".to_owned()
        ])
    );
    let script = "import sys, feedparser\nfor path in sys.argv[1:]:\n    feed = feedparser.parse(path)\n    assert not feed.bozo, (path, feed.bozo_exception)\n    print(feed.feed.title, len(feed.entries), feed.entries[0].title)\n";
    let paths: Vec<std::path::PathBuf> =
        feeds.iter().map(|f| dist.join("topics").join(f)).collect();
    let paths: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let read = common::python(script, &paths);
    assert_eq!(
        read,
        "测试评论 · 城市 4 城市的夜晚\n测试评论 · 更新 3 老街改造有温度\n"
    );
}

#[test]
fn bad_news_keys_are_errors_at_their_value() {
    for (front, expected) in [
        (
            "editors: {王五: 赵六}",
            "articles/a.md:5:10: YAML: editors: invalid type: map, expected a name or a list of names, such as `[王五, 赵六]`",
        ),
        (
            "original_title: \"原来\\n的标题\"",
            "articles/a.md:5:17: `original_title` is one line of text, but this one holds a line break: join its lines into one",
        ),
        (
            "related: x1",
            "articles/a.md:5:10: YAML: related: invalid type: string \"x1\", expected a sequence",
        ),
    ] {
        let site = site(
            SITE,
            &[
                (
                    "a",
                    &format!("title: 甲\nauthor: 乙\ndate: 2026-03-01\n{front}"),
                    "正文。",
                ),
                ("x1", "title: 丙\nauthor: 乙\ndate: 2026-03-02", "正文。"),
            ],
        );
        let run = build(site.path(), &[]);
        assert!(!run.success, "{front}");
        assert_eq!(run.stderr.lines().next(), Some(expected), "{}", run.stderr);
    }
    // One editor may be written without brackets.
    let site = site(
        SITE,
        &[(
            "a",
            "title: 甲\nauthor: 乙\ndate: 2026-03-01\neditors: 王五",
            "正文。",
        )],
    );
    build_ok(site.path(), &[]);
    assert!(
        read(&site.path().join("dist"), "articles/a/index.html")
            .contains("（责任编辑：<span class=\"editor\">王五</span>）")
    );
}

#[test]
fn without_related_reading_the_pages_have_none_and_the_next_build_sketches_again() {
    let site = reading_site();
    let cwd = tempdir();
    let measured = common::broadsheet()
        .current_dir(cwd.path())
        .env("BROADSHEET_NO_RELATED", "1")
        .args(["build", "--source", site.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(measured.status.success());
    let dist = site.path().join("dist");
    assert!(related_of(&dist, "t").is_empty());
    let cache = site.path().join(".dist.sources");
    let without = std::fs::metadata(&cache).unwrap().len();
    // The next build, with related reading, makes the sketches the cache lacks, and keeps
    // them there.
    build_ok(site.path(), &[]);
    assert_eq!(
        related_of(&dist, "t"),
        ["陶瓷盲盒的启示", "传统产业如何转型"]
    );
    let with = std::fs::metadata(&cache).unwrap().len();
    assert!(with > without, "{with} bytes, {without} before");
}
