//! Publishing on time, through the real binary: an article dated in the future is left out of
//! every output (its page, the home page, its section's and author's pages and feeds, the
//! site's feed, the sitemap and the search index) until it is due, and is there with
//! `--future`; `--now` pins the moment of a build; an edition dated in the future is held back
//! whole; `expires:` takes an article down; what the build says; and the errors.

mod common;

use std::path::Path;

use common::{build, build_ok, card_titles, read, read_tree, sample_site, write};

/// The sample's moment: the morning of its edition.
const MORNING: &str = "2026-03-27T08:00:00+08:00";

const TOMORROW: &str = "articles/明日评论.md";
const TOMORROW_TITLE: &str = "明日之评论";
const TOMORROW_PAGE: &str = "articles/ming-ri-ping-lun/index.html";

/// Adds to the sample an article due at 06:00 the next morning, by an author and in a section
/// of its own (so that their pages exist only with it), and with another in 评论.
fn add_tomorrow(site: &Path) {
    write(
        site,
        TOMORROW,
        format!(
            "---\ntitle: {TOMORROW_TITLE}\nauthor: 王明\nsection: 晨报观察\ndate: 2026-03-28T06:00:00+08:00\n---\n\n明天早上六点发布的文章，写着“晨曦初照”。\n"
        ),
    );
}

/// Where an article of `slug` and `title` shows in a built site: each output file that names
/// it (pages, feeds, the sitemap, the search index's article list).
fn found_in(dist: &Path, slug: &str, title: &str) -> Vec<String> {
    read_tree(dist)
        .into_iter()
        .filter(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            !path.starts_with("static/") && (text.contains(slug) || text.contains(title))
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn an_article_dated_in_the_future_is_left_out_of_every_output_until_future_publishes_it() {
    let site = sample_site();
    add_tomorrow(site.path());
    let run = build_ok(site.path(), &["--now", MORNING]);
    let dist = site.path().join("dist");
    assert_eq!(
        found_in(&dist, "ming-ri-ping-lun", TOMORROW_TITLE),
        Vec::<String>::new()
    );
    assert!(!dist.join("authors/wang-ming/index.html").exists());
    assert!(!dist.join("sections/chen-bao-guan-cha/index.html").exists());
    assert!(
        run.stdout
            .starts_with("Built 7 articles, 6 sections, 7 authors")
    );
    assert!(
        run.stdout.contains(
            "\n1 scheduled article left out (next due 2026-03-28 06:00 +08:00); --future includes it\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("expired"), "{}", run.stdout);

    let run = build_ok(site.path(), &["--now", MORNING, "--future"]);
    assert!(
        run.stdout.contains(
            "1 scheduled article published ahead of time (--future; the first is due 2026-03-28 06:00 +08:00)"
        ),
        "{}",
        run.stdout
    );
    let found = found_in(&dist, "ming-ri-ping-lun", TOMORROW_TITLE);
    for path in [
        TOMORROW_PAGE,
        "index.html",
        "editions/2026/03/28/index.html",
        "sections/chen-bao-guan-cha/index.html",
        "sections/chen-bao-guan-cha/atom.xml",
        "authors/wang-ming/index.html",
        "authors/wang-ming/atom.xml",
        "atom.xml",
        "sitemap.xml",
        "search/data/d/0.json",
    ] {
        assert!(
            found.contains(&path.to_owned()),
            "{path} is not in {found:?}"
        );
    }
    // Published by --future, it is not marked: only the dev server's preview marks it.
    assert!(!read(&dist, TOMORROW_PAGE).contains("定时发布"));
}

#[test]
fn now_pins_the_moment_of_a_build_and_the_system_clock_is_the_default() {
    let site = sample_site();
    add_tomorrow(site.path());
    let dist = site.path().join("dist");
    for (now, published) in [
        ("2026-03-28T05:59:59+08:00", false),
        ("2026-03-27T21:59:59Z", false),
        ("2026-03-28T06:00:00+08:00", true),
        ("2026-03-27T22:00:00Z", true),
        // A date alone is 00:00 of that day, Beijing time.
        ("2026-03-28", false),
        ("2026-03-29", true),
    ] {
        let run = build_ok(site.path(), &["--now", now]);
        assert_eq!(dist.join(TOMORROW_PAGE).exists(), published, "{now}");
        assert_eq!(!run.stdout.contains("scheduled"), published, "{now}");
    }
    // Today (this test runs after 2026-03-28) it is out.
    build_ok(site.path(), &[]);
    assert!(dist.join(TOMORROW_PAGE).exists());

    let run = build(site.path(), &["--now", "2026-03-27T08:00"]);
    assert!(!run.success);
    assert!(
        run.stderr.contains("`2026-03-27T08:00` is not a date: write it as YYYY-MM-DD (2026-03-27) or RFC 3339 (2026-03-27T08:30:00+08:00)"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_edition_dated_in_the_future_is_held_back_whole_with_its_page() {
    let site = sample_site();
    write(
        site.path(),
        "articles/0328/早市.md",
        "---\ntitle: 早市的灯光照亮烟火气\nauthor: 王晓\n---\n\n清晨五点，菜市场已经亮起了灯。\n",
    );
    write(
        site.path(),
        "articles/0328/书声.md",
        "---\ntitle: 让社区书屋留住读书声\nauthor: 陈立\ndate: 2026-03-28T09:00:00+08:00\n---\n\n书屋不在大。\n",
    );
    write(
        site.path(),
        "editions/2026-03-28.yaml",
        "pages:\n  - number: 5\n    name: 评论\n    articles: [0328/早市, 0328/书声]\n",
    );
    let dist = site.path().join("dist");

    // The evening before: nothing of the day is out, not even its edition's page.
    let run = build_ok(site.path(), &["--now", "2026-03-27T23:59:00+08:00"]);
    assert!(
        run.stdout
            .contains("2 scheduled articles left out (next due 2026-03-28 00:00 +08:00); --future includes them"),
        "{}",
        run.stdout
    );
    assert!(!dist.join("editions/2026/03/28").exists());
    assert!(!read(&dist, "editions/2026/index.html").contains("editions/2026/03/28/"));
    assert_eq!(card_titles(&read(&dist, "index.html")), common::PRINT_ORDER);

    // At midnight the edition comes out; the piece given a time of its own follows at nine.
    let run = build_ok(site.path(), &["--now", "2026-03-28"]);
    assert!(
        run.stdout
            .contains("1 scheduled article left out (next due 2026-03-28 09:00 +08:00)")
    );
    let edition = read(&dist, "editions/2026/03/28/index.html");
    assert_eq!(card_titles(&edition), ["早市的灯光照亮烟火气"]);
    assert!(read(&dist, "editions/2026/index.html").contains("03/28/"));

    build_ok(site.path(), &["--now", "2026-03-28T09:00:00+08:00"]);
    let edition = read(&dist, "editions/2026/03/28/index.html");
    assert_eq!(
        card_titles(&edition),
        ["早市的灯光照亮烟火气", "让社区书屋留住读书声"]
    );
}

const NOTICE: &str = "articles/停水通知.md";

#[test]
fn an_article_past_its_expiry_is_taken_down_from_every_output() {
    let site = sample_site();
    write(
        site.path(),
        NOTICE,
        "---\ntitle: 关于周末停水的说明\nauthor: 本报评论员\ndate: 2026-03-25T10:00:00+08:00\nexpires: 2026-03-27\n---\n\n周末停水，请提前储水。\n",
    );
    let dist = site.path().join("dist");
    let run = build_ok(site.path(), &["--now", "2026-03-26T23:00:00+08:00"]);
    assert!(dist.join("articles/ting-shui-tong-zhi/index.html").exists());
    assert!(!run.stdout.contains("expired"), "{}", run.stdout);

    // expires: 2026-03-27 is that day's 00:00 in Beijing.
    let run = build_ok(site.path(), &["--now", "2026-03-26T16:00:00Z"]);
    assert!(
        run.stdout.contains("\n1 expired article taken down\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        found_in(&dist, "ting-shui-tong-zhi", "关于周末停水的说明"),
        Vec::<String>::new()
    );
    // Taken down, it is not a page that went missing: no warning.
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // --future does not bring it back.
    build_ok(site.path(), &["--now", MORNING, "--future"]);
    assert!(!dist.join("articles/ting-shui-tong-zhi").exists());
}

#[test]
fn an_expiry_that_is_not_after_the_articles_date_is_an_error_at_its_place() {
    let site = sample_site();
    write(
        site.path(),
        NOTICE,
        "---\ntitle: 关于周末停水的说明\nauthor: 本报评论员\ndate: 2026-03-25T10:00:00+08:00\nexpires:   2026-03-25\n---\n\n周末停水。\n",
    );
    write(
        site.path(),
        "articles/坏日期.md",
        "---\ntitle: 坏日期\nauthor: 甲\ndate: 2026-03-25\nexpires: 2026-02-30\n---\n\n正文。\n",
    );
    let run = build(site.path(), &["--now", MORNING]);
    assert!(!run.success);
    assert!(
        run.stderr.contains(
            "articles/停水通知.md:5:12: `expires: 2026-03-25` is not after the article's date (2026-03-25T10:00:00+08:00): it would never be shown; give a later time, or remove `expires:`\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "articles/坏日期.md:5:10: `2026-02-30` is not a day of the calendar: check the month and day\n"
        ),
        "{}",
        run.stderr
    );
    // An article that an edition dates is checked against the edition's day.
    let site = sample_site();
    let path = site.path().join("articles/以价值创造为社会工作添彩.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("---\n", "---\nexpires: 2026-03-26\n", 1),
    )
    .unwrap();
    let run = build(site.path(), &[]);
    assert!(
        run.stderr.contains(
            "articles/以价值创造为社会工作添彩.md:2:10: `expires: 2026-03-26` is not after the article's date (2026-03-27)"
        ),
        "{}",
        run.stderr
    );
}
