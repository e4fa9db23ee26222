//! End to end in a real browser: `broadsheet serve --watch` with headless Chromium (Debian's
//! `chromium` package, which `.ci/run` installs), driven over the Chrome DevTools Protocol.
//!
//! An editor's morning, compressed: open an article, save a new title into its file, and the
//! open tab shows it with no reload sent by anyone but the server; break the file, and the tab
//! shows the error over the last good page; fix it, and the error goes. Then a reader going
//! through thirty pages in one tab, each loading at once (left pages give back their
//! live-reload connections), and pages served without `--watch`, which open no stream at all.
//!
//! The protocol is spoken directly (a WebSocket and JSON) rather than through a browser
//! automation framework: the test needs a handful of commands, and the browser is Debian's.
//! Without Chromium the test fails, saying how to install it; it never skips.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// The article the test edits, below the site's folder.
const ARTICLE: &str = "articles/以价值创造为社会工作添彩.md";
/// Where that article is served, below the site's base URL.
const ARTICLE_PAGE: &str = "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/";
const OLD_TITLE: &str = "以价值创造为社会工作添彩";
const NEW_TITLE: &str = "从“破难”到“创造价值”：株洲社会工作再出发";

/// The longest any one step may take: starting a program, a rebuild reaching the page.
const WAIT: Duration = Duration::from_secs(10);
/// How often the page is looked at while waiting.
const POLL: Duration = Duration::from_millis(50);

#[test]
fn the_open_page_follows_saves_and_shows_errors_in_headless_chromium() {
    let site = common::sample_site();
    let article = site.path().join(ARTICLE);
    let good = std::fs::read_to_string(&article).expect("read the article");
    assert!(good.contains(&format!("\ntitle: {OLD_TITLE}\n")), "{good}");
    assert!(good.contains("\nauthor: "), "{good}");

    let server = Server::start(site.path());
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    // The Network domain reports the live-reload stream's messages: `hello` says it is open.
    browser.call("Network.enable", json!({}));

    // 1. Open the article and wait for its live-reload stream.
    let url = format!("{}{ARTICLE_PAGE}", server.base);
    let navigated = browser.call("Page.navigate", json!({ "url": url }));
    assert!(
        navigated.get("errorText").is_none(),
        "Chromium could not open {url}: {navigated}\n{}",
        server.log()
    );
    let view = browser.wait_for("the article page to load", &server, |view| {
        view.ready == "complete" && view.href == url && view.h1.as_deref() == Some(OLD_TITLE)
    });
    assert!(
        view.overlay.is_none(),
        "an error overlay on a good page: {view:?}"
    );
    assert!(
        browser.eval_ok("document.querySelector('script[src=\"/__broadsheet/live.js\"]') !== null")
            == Value::Bool(true),
        "the page has no live-reload script\n{}",
        server.log()
    );
    browser.wait_for_hellos(1, &server);
    browser.eval_ok("window.__marker = 'before the save'");

    // 2. Save a new title: the open page shows it, reloaded by the server's word alone.
    let hellos = browser.hellos();
    let retitled = good.replacen(
        &format!("\ntitle: {OLD_TITLE}\n"),
        &format!("\ntitle: {NEW_TITLE}\n"),
        1,
    );
    common::write(site.path(), ARTICLE, &retitled);
    let view = browser.wait_for("the page to show the new title", &server, |view| {
        view.ready == "complete" && view.h1.as_deref() == Some(NEW_TITLE)
    });
    assert_eq!(
        view.marker, None,
        "the new title appeared without a reload: {view:?}"
    );
    assert_eq!(view.href, url, "the reload left the page");
    assert!(
        view.overlay.is_none(),
        "an error overlay after a good save: {view:?}"
    );
    // The reloaded page's own stream, so that what follows is announced to it.
    browser.wait_for_hellos(hellos + 1, &server);

    // 3. Break the file: the error is shown over the last good page.
    let broken = retitled.replacen("\nauthor: ", "\nauther: ", 1);
    common::write(site.path(), ARTICLE, &broken);
    let place = format!("{ARTICLE}:3:1");
    let view = browser.wait_for("the error overlay", &server, |view| {
        view.overlay
            .as_deref()
            .is_some_and(|text| text.contains(&place) && text.contains("auther"))
    });
    assert_eq!(
        view.overlays, 1,
        "one overlay, not one per notice: {view:?}"
    );
    assert_eq!(view.overlay_role.as_deref(), Some("alert"), "{view:?}");
    assert_eq!(
        view.h1.as_deref(),
        Some(NEW_TITLE),
        "the page under the overlay is not the last good one: {view:?}"
    );
    let screenshot = browser.screenshot();
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-overlay.png");
    std::fs::write(&shot, screenshot).expect("save the screenshot");
    eprintln!(
        "the error overlay, as Chromium showed it: {}",
        shot.display()
    );

    // 4. Fix the file: the overlay goes.
    common::write(site.path(), ARTICLE, &retitled);
    let view = browser.wait_for("the error overlay to go", &server, |view| {
        view.ready == "complete" && view.overlays == 0
    });
    assert_eq!(view.h1.as_deref(), Some(NEW_TITLE), "{view:?}");
    assert_eq!(view.href, url, "{view:?}");
}

/// The search page, as the reader sees it: typed queries give ranked results with the query
/// marked in each, found by the index the build wrote, in the browser alone.
#[test]
fn the_search_box_finds_chinese_phrases_as_they_are_typed() {
    let site = common::sample_site();
    // An older article whose title holds 盲盒: title matches rank first, whatever the date.
    common::write(
        site.path(),
        "articles/盲盒经济的冷思考.md",
        "---\ntitle: 盲盒经济的冷思考\nauthor: 唐明\nsection: 评论\ndate: 2026-01-05\n---\n\n\
         年轻人爱买，商家更要守住质量底线。\n",
    );
    // A newer one that says 盲盒 more often than any other, but not in its title.
    common::write(
        site.path(),
        "articles/年轻人的消费新潮.md",
        "---\ntitle: 年轻人的消费新潮\nauthor: 唐明\nsection: 评论\ndate: 2026-03-26\n---\n\n\
         盲盒、盲盒、盲盒、盲盒，人人都在开盲盒。\n",
    );
    // Eleven that say 春风化雨: one more than a page of results.
    for n in 1..=11 {
        common::write(
            site.path(),
            &format!("articles/春风{n}.md"),
            format!(
                "---\ntitle: 春风第{n}篇\nauthor: 唐明\nsection: 评论\ndate: 2026-02-{n:02}\n---\n\n\
                 春风化雨，润物无声。\n"
            ),
        );
    }
    let server = Server::start(site.path());
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));

    // From the masthead's box on the home page to the search page.
    let home = server.base.clone();
    browser.call("Page.navigate", json!({ "url": home }));
    browser.wait_for("the home page", &server, |view| {
        view.ready == "complete" && view.href == home
    });
    browser.eval_ok(
        "(() => { const form = document.querySelector('form.search-box'); \
         form.q.value = '群众工作'; form.requestSubmit(); return true; })()",
    );
    let found = browser.wait_for_results("群众工作", &server, "找到 2 篇文章");
    assert!(
        found["href"]
            .as_str()
            .is_some_and(|href| href.starts_with(&format!("{home}search/?q="))),
        "{found}"
    );
    assert_eq!(
        titles(&found),
        ["在深入群众中厚植执政根基", "以价值创造为社会工作添彩"],
        "both hold the phrase; the first holds it twice: {found}"
    );
    for result in results(&found) {
        assert!(marks(result).contains(&"群众工作"), "{result}");
    }

    // Typing in the page's own box: each query replaces the results.
    for (query, status, expected, marked) in [
        (
            "盲盒",
            "找到 3 篇文章",
            &[
                "盲盒经济的冷思考",
                "年轻人的消费新潮",
                "以创意让传统产业焕发新生机",
            ][..],
            "盲盒",
        ),
        (
            "外部董事",
            "找到 1 篇文章",
            &["让“外脑”激活国企治理效能"][..],
            "外部董事",
        ),
        (
            "ZZSK2025126",
            "找到 1 篇文章",
            &["新业态背景下株洲大学生高质量就业路径探索"][..],
            "ZZSK2025126",
        ),
        (
            "zzsk2025126",
            "找到 1 篇文章",
            &["新业态背景下株洲大学生高质量就业路径探索"][..],
            "ZZSK2025126",
        ),
        (
            "2025年",
            "找到 1 篇文章",
            &["以价值创造为社会工作添彩"][..],
            "2025年",
        ),
        (
            "李宏",
            "找到 1 篇文章",
            &["在深入群众中厚植执政根基"][..],
            "李宏",
        ),
        ("量子计算机", "没有找到包含“量子计算机”的文章", &[][..], ""),
    ] {
        browser.type_query(query);
        let found = browser.wait_for_results(query, &server, status);
        assert_eq!(titles(&found), expected, "{query}: {found}");
        for result in results(&found) {
            assert!(marks(result).contains(&marked), "{query}: {result}");
            // Paragraphs run on as Chinese text does: no ASCII space between wide characters.
            let excerpt: Vec<char> = result["excerpt"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .collect();
            assert!(
                !excerpt
                    .windows(3)
                    .any(|w| !w[0].is_ascii() && w[1].is_whitespace() && !w[2].is_ascii()),
                "{query}: a space between Chinese characters: {result}"
            );
        }
        assert_eq!(
            found["more"], false,
            "{query}: no more results to show: {found}"
        );
        if let Some(first) = results(&found).first() {
            assert!(
                first["meta"]
                    .as_str()
                    .is_some_and(|m| m.contains(" · 2026年") && m.ends_with('日')),
                "{query}: the date as the pages print it: {first}"
            );
        }
        let shown = browser.eval_ok("new URL(location.href).searchParams.get('q')");
        assert_eq!(
            shown,
            Value::String(query.to_owned()),
            "the address keeps the query"
        );
    }
    // The date as the pages print it: the seven of the printed page and the one of 26 March.
    browser.type_query("2026年3月");
    let found = browser.wait_for_results("2026年3月", &server, "找到 8 篇文章");
    assert!(titles(&found).contains(&"年轻人的消费新潮"), "{found}");
    assert!(!titles(&found).contains(&"盲盒经济的冷思考"), "{found}");

    // Ten results a page, newest first among equals; the rest on demand.
    browser.type_query("春风化雨");
    let found = browser.wait_for_results("春风化雨", &server, "找到 11 篇文章");
    let expected: Vec<String> = (2..=11).rev().map(|n| format!("春风第{n}篇")).collect();
    assert_eq!(titles(&found), expected, "{found}");
    assert_eq!(found["more"], true, "{found}");
    browser.eval_ok("document.getElementById('search-more').click(), true");
    let found =
        browser.wait_for_results_where("春风化雨", &server, "找到 11 篇文章", |view| {
            results(view).len() == 11
        });
    assert_eq!(titles(&found)[10], "春风第1篇", "{found}");
    assert_eq!(found["more"], false, "{found}");

    // The page cuts queries into tokens exactly as the build cut the text.
    let cases = [
        "群众工作",
        "2025年全市累计签约合伙人800余个",
        "（ZZSK2025126）成果",
        "ＺＺＳＫ２０２５１２６",
        "第３季度",
        "Ünïcode ΑΒΓ straße",
        "カタカナ与한국어混排",
        "𠀀𠀁字",
        "“外脑”的作用、价值。",
        "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6x 短",
    ];
    let script = format!(
        "import(new URL('static/search.js', '{home}').href).then((m) => JSON.stringify({}.map(m.tokens)))",
        serde_json::to_string(&cases).unwrap()
    );
    let in_browser: Vec<Vec<String>> =
        serde_json::from_str(browser.eval_awaited(&script).as_str().unwrap()).unwrap();
    for (case, browser_tokens) in cases.iter().zip(in_browser) {
        let mut build_tokens = Vec::new();
        broadsheet::search::tokens(case, |t| {
            build_tokens.push(match t {
                broadsheet::search::Token::Pair(a, b) => format!("{a}{b}"),
                broadsheet::search::Token::Word(w) => w,
            })
        });
        assert_eq!(browser_tokens, build_tokens, "{case}");
    }

    // The title that matched is marked in the heading of its result.
    browser.type_query("盲盒");
    let found = browser.wait_for_results("盲盒", &server, "找到 3 篇文章");
    assert_eq!(
        results(&found)[0]["title_marks"],
        json!(["盲盒"]),
        "{found}"
    );

    // Opened from disk, the masthead's box leads to the search page's file, which says that
    // search needs the site served (browsers run no module script from file://).
    let out = common::tempdir();
    common::build_ok(site.path(), &["--output", &out.path().to_string_lossy()]);
    let home = format!("file://{}/index.html", out.path().display());
    browser.call("Page.navigate", json!({ "url": home }));
    let action = browser.wait_for_value("the home page from disk", &server, |page| {
        page.eval(
            "document.readyState === 'complete' && document.querySelector('form.search-box').action",
        )
    });
    let search_page = format!("file://{}/search/index.html", out.path().display());
    assert_eq!(action, search_page);
    browser.call(
        "Page.navigate",
        json!({ "url": format!("{search_page}?q=%E7%9B%B2%E7%9B%92") }),
    );
    let status = browser.wait_for_value("the search page from disk", &server, |page| {
        page.eval(
            "document.readyState === 'complete' && document.getElementById('search-status').textContent",
        )
    });
    assert_eq!(status, "从本地文件打开时无法搜索：请通过网站服务器打开本站");
}

/// A reader going from page to page in one tab: each page opens its live-reload stream, and
/// leaving the page must give the stream's connection back. Chromium keeps at most six
/// connections to a host; streams still held after their page is gone use them up, and the
/// seventh page or so then waits about a minute for one.
#[test]
fn thirty_pages_in_one_tab_each_load_in_under_a_second() {
    let site = common::sample_site();
    // The sample has 24 pages besides its 404 page: ten more articles make 30 to visit.
    for n in 1..=10 {
        common::write(
            site.path(),
            &format!("articles/漫游{n}.md"),
            format!(
                "---\ntitle: 漫游第{n}篇\nauthor: 唐明\ndate: 2026-03-27\nsection: 评论\nslug: man-you-{n}\n---\n\n\
                 从一页走到下一页。\n"
            ),
        );
    }
    let out = common::tempdir();
    common::build_ok(site.path(), &["--output", &out.path().to_string_lossy()]);
    let pages: Vec<String> = common::read_tree(out.path())
        .into_keys()
        .filter(|path| path.ends_with("index.html"))
        .map(|path| path.trim_end_matches("index.html").to_owned())
        .take(30)
        .collect();
    assert_eq!(pages.len(), 30, "the site has 30 pages to visit: {pages:?}");

    let server = Server::start(site.path());
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    browser.call("Network.enable", json!({}));
    for (n, page) in pages.iter().enumerate() {
        let url = format!("{}{page}", server.base);
        let hellos = browser.hellos();
        let took = browser.load(&url, &server);
        assert!(
            took < Duration::from_secs(1),
            "page {} of 30 ({url}) took {took:?} to load: the earlier pages' live-reload \
             streams still hold the browser's connections\n{}\n{}",
            n + 1,
            browser.log(),
            server.log()
        );
        // As a reader does, stay until the page is live: its stream is open when it is left.
        browser.wait_for_hellos(hellos + 1, &server);
        browser.eval_ok(&format!("window.__marker = 'page {n}'"));
    }

    // Back to the page before: Chromium gives it back from its back/forward cache, as it was,
    // and its stream opens again, so that it follows saves as before.
    let hellos = browser.hellos();
    browser.eval_ok("history.back(), true");
    let view = browser.wait_for("the page before, again", &server, |view| {
        view.ready == "complete" && view.href == format!("{}{}", server.base, pages[28])
    });
    assert_eq!(
        view.marker.as_deref(),
        Some("page 28"),
        "the page came back from the back/forward cache"
    );
    browser.wait_for_hellos(hellos + 1, &server);
    // Every page prints the site's title.
    let settings = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&settings).expect("read site.yaml");
    assert!(text.contains("title: 株洲日报·评论"), "{text}");
    std::fs::write(
        &settings,
        text.replace("title: 株洲日报·评论", "title: 株洲晚报·评论"),
    )
    .expect("save site.yaml");
    browser.wait_for_value("the page to follow the save", &server, |page| {
        page.eval("document.readyState === 'complete' && document.body.textContent.includes('株洲晚报') && location.href")
    });
}

/// Without `--watch` nothing changes while the server runs: no page gets the live-reload script,
/// and none opens an event stream.
#[test]
fn without_watch_pages_open_no_live_reload_stream_in_headless_chromium() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    browser.call("Network.enable", json!({}));
    for page in ["", ARTICLE_PAGE] {
        let url = format!("{}{page}", server.base);
        browser.load(&url, &server);
        let scripts =
            browser.eval_ok("document.querySelectorAll('script[src*=\"__broadsheet\"]').length");
        assert_eq!(scripts, json!(0), "{url} has the live-reload script");
    }
    // Time for a stream to open, were there one.
    browser.pump(Duration::from_millis(500));
    let asked: Vec<&str> = browser
        .events
        .iter()
        .filter(|event| event["method"] == "Network.requestWillBeSent")
        .filter_map(|event| event["params"]["request"]["url"].as_str())
        .collect();
    assert!(
        asked.iter().all(|url| !url.contains("/__broadsheet/")),
        "the pages asked the server for its live-reload files: {asked:?}"
    );
    assert!(asked.len() >= 2, "the two pages were asked for: {asked:?}");
    assert_eq!(browser.hellos(), 0, "a live-reload stream opened");
}

/// The page's script classifies characters as the build does, for every code point of planes
/// 0–3 (where `src/cjk.rs` puts every range): `search.js` holds a copy of `src/cjk.rs`'s tables,
/// and a range changed on one side alone (a block added, an end moved) fails here.
#[test]
fn the_pages_character_classes_are_the_builds_for_every_code_point_of_planes_0_to_3() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    let home = server.base.clone();
    browser.load(&home, &server);
    // The classes as runs, `[first code point, class]` wherever the class changes; the
    // surrogates are no characters, and left out on both sides.
    let script = format!(
        "import(new URL('static/search.js', '{home}').href).then((m) => {{ \
           const runs = []; let last = 0; \
           for (let n = 0; n <= 0x3ffff; n++) {{ \
             if (n >= 0xd800 && n <= 0xdfff) continue; \
             const k = m.classOf(String.fromCodePoint(n)); \
             if (k !== last) {{ runs.push([n, k]); last = k; }} \
           }} \
           return JSON.stringify(runs); }})"
    );
    let in_page: Vec<(u32, u8)> =
        serde_json::from_str(browser.eval_awaited(&script).as_str().unwrap()).unwrap();
    let mut in_build: Vec<(u32, u8)> = Vec::new();
    for c in (0..=0x3FFFF).filter_map(char::from_u32) {
        // search.js's numbers for the classes.
        let k = match broadsheet::search::class(c) {
            broadsheet::search::Class::Cjk => 1,
            broadsheet::search::Class::Word => 2,
            broadsheet::search::Class::Other => 3,
        };
        if in_build.last().is_none_or(|&(_, last)| last != k) {
            in_build.push((c as u32, k));
        }
    }
    // Every range's ends and their neighbours are where a run starts, on both sides.
    for (name, ranges) in broadsheet::cjk::TABLES {
        for &(first, last) in *ranges {
            for n in [first.saturating_sub(1), first, last, last + 1] {
                let class_at = |runs: &[(u32, u8)]| {
                    runs.iter()
                        .take_while(|&&(start, _)| start <= n)
                        .last()
                        .map(|&(_, k)| k)
                };
                assert_eq!(
                    class_at(&in_page),
                    class_at(&in_build),
                    "U+{n:04X} (at an end of {name}'s U+{first:04X}–U+{last:04X}): search.js and src/search.rs differ"
                );
            }
        }
    }
    if let Some(i) =
        (0..in_page.len().max(in_build.len())).find(|&i| in_page.get(i) != in_build.get(i))
    {
        panic!(
            "search.js and src/search.rs classify differently from run {i}: the page has {:X?}, the build {:X?} ([first code point, class]; 1 CJK, 2 word, 3 other)",
            &in_page[i.saturating_sub(1)..(i + 2).min(in_page.len())],
            &in_build[i.saturating_sub(1)..(i + 2).min(in_build.len())],
        );
    }
    assert!(in_build.len() > 100, "{} runs", in_build.len());
}

/// `query` as the page's address carries it (the few characters the queries here hold).
fn encode(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn results(found: &Value) -> &[Value] {
    found["results"].as_array().map_or(&[], Vec::as_slice)
}

fn titles(found: &Value) -> Vec<&str> {
    results(found)
        .iter()
        .filter_map(|r| r["title"].as_str())
        .collect()
}

fn marks(result: &Value) -> Vec<&str> {
    result["marks"]
        .as_array()
        .map(|marks| marks.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// What the search page shows, as JSON.
const SEARCH_VIEW: &str = r##"JSON.stringify({
    href: location.href,
    query: document.getElementById("search-query")?.value ?? null,
    status: document.getElementById("search-status")?.textContent ?? null,
    more: (() => { const b = document.getElementById("search-more"); return !!b && getComputedStyle(b).display !== "none"; })(),
    results: [...document.querySelectorAll("#search-results .search-result")].map((li) => ({
        title: li.querySelector(".result-title").textContent,
        meta: li.querySelector(".result-meta").textContent,
        title_marks: [...li.querySelectorAll(".result-title mark")].map((m) => m.textContent),
        marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
        excerpt: li.querySelector(".result-excerpt").textContent,
    })),
})"##;

/// What the test looks at on the open page.
#[derive(Debug, Default)]
struct View {
    ready: String,
    href: String,
    /// The first `<h1>`'s text.
    h1: Option<String>,
    /// `window.__marker`, which a reload clears.
    marker: Option<String>,
    /// The error overlay's text.
    overlay: Option<String>,
    overlay_role: Option<String>,
    /// How many error overlays there are.
    overlays: u64,
}

const VIEW: &str = r##"(() => {
  const h1 = document.querySelector("h1");
  const overlay = document.getElementById("broadsheet-problems");
  return JSON.stringify({
    ready: document.readyState,
    href: location.href,
    h1: h1 ? h1.textContent : null,
    marker: typeof window.__marker === "string" ? window.__marker : null,
    overlay: overlay ? overlay.textContent : null,
    overlay_role: overlay ? overlay.getAttribute("role") : null,
    overlays: document.querySelectorAll("#broadsheet-problems").length,
  });
})()"##;

impl View {
    fn parse(json: &str) -> Option<View> {
        let value: Value = serde_json::from_str(json).ok()?;
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(View {
            ready: text("ready")?,
            href: text("href")?,
            h1: text("h1"),
            marker: text("marker"),
            overlay: text("overlay"),
            overlay_role: text("overlay_role"),
            overlays: value.get("overlays")?.as_u64()?,
        })
    }
}

/// `broadsheet serve` on a free port; killed when dropped.
struct Server {
    child: Child,
    /// Where the site is served, ending in `/`: `http://127.0.0.1:PORT/opinion/`.
    base: String,
    output: Arc<Mutex<String>>,
}

impl Server {
    /// `broadsheet serve --watch`.
    fn start(site: &Path) -> Server {
        Server::start_with(site, &["--watch"])
    }

    /// `broadsheet serve <extra…>` on a free port.
    fn start_with(site: &Path, extra: &[&str]) -> Server {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .env_clear()
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .arg("--source")
            .arg(site)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start broadsheet serve");
        let output = Arc::new(Mutex::new(String::new()));
        let (lines, stdout) = mpsc::channel();
        drain(child.stdout.take(), &output, Some(lines));
        drain(child.stderr.take(), &output, None);
        let mut server = Server {
            child,
            base: String::new(),
            output,
        };
        server.base = wait_for_line(
            &stdout,
            "the server's `Serving … at http://…` line",
            |line| {
                let (_, url) = line.strip_prefix("Serving ")?.rsplit_once(" at ")?;
                url.starts_with("http://").then(|| url.to_owned())
            },
        )
        .unwrap_or_else(|what| panic!("{what}\n{}", server.log()));
        if !server.base.ends_with('/') {
            server.base.push('/');
        }
        server
    }

    /// What the server printed so far.
    fn log(&self) -> String {
        format!(
            "--- the server's output:\n{}",
            self.output.lock().unwrap_or_else(|p| p.into_inner())
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Headless Chromium with a session on its one page; closed (or killed) when dropped.
struct Browser {
    child: Child,
    output: Arc<Mutex<String>>,
    socket: Option<WebSocket<TcpStream>>,
    /// The page's session (`Target.attachToTarget` with `flatten`).
    session: String,
    next_id: u64,
    /// Every event received, in order.
    events: Vec<Value>,
    /// Removed last, after the browser has stopped writing into it.
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch() -> Browser {
        let program = find_chromium();
        let profile = common::tempdir();
        let mut child = Command::new(&program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            // Nothing of the user's home is read or written.
            .env("HOME", profile.path())
            .env("XDG_CONFIG_HOME", profile.path().join(".config"))
            .env("XDG_CACHE_HOME", profile.path().join(".cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {}: {e}; install Debian's chromium: apt-get install -y chromium",
                    program.display()
                )
            });
        let output = Arc::new(Mutex::new(String::new()));
        let (lines, stderr) = mpsc::channel();
        drain(child.stderr.take(), &output, Some(lines));
        let mut browser = Browser {
            child,
            output,
            socket: None,
            session: String::new(),
            next_id: 1,
            events: Vec::new(),
            _profile: profile,
        };
        let endpoint = wait_for_line(
            &stderr,
            "Chromium's `DevTools listening on ws://…` line",
            |line| {
                let (_, url) = line.split_once("DevTools listening on ")?;
                url.trim()
                    .starts_with("ws://")
                    .then(|| url.trim().to_owned())
            },
        )
        .unwrap_or_else(|what| panic!("{what}\n{}", browser.log()));
        browser.connect(&endpoint);

        let targets = browser.send(None, "Target.getTargets", json!({}));
        let page = targets["targetInfos"]
            .as_array()
            .and_then(|targets| targets.iter().find(|t| t["type"] == "page"))
            .and_then(|t| t["targetId"].as_str())
            .map(str::to_owned);
        let page =
            match page {
                Some(page) => page,
                None => browser.send(None, "Target.createTarget", json!({ "url": "about:blank" }))
                    ["targetId"]
                    .as_str()
                    .expect("a new page's id")
                    .to_owned(),
            };
        let attached = browser.send(
            None,
            "Target.attachToTarget",
            json!({ "targetId": page, "flatten": true }),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session on the page")
            .to_owned();
        browser
    }

    fn connect(&mut self, endpoint: &str) {
        let host = endpoint
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("not a ws:// address: {endpoint}"));
        let stream = TcpStream::connect(host)
            .unwrap_or_else(|e| panic!("cannot connect to Chromium at {host}: {e}"));
        stream.set_read_timeout(Some(WAIT)).expect("a read timeout");
        stream.set_nodelay(true).expect("no delay");
        let (socket, _) = tungstenite::client(endpoint, stream)
            .unwrap_or_else(|e| panic!("no DevTools WebSocket at {endpoint}: {e}"));
        // Short reads from now on: every wait keeps its own deadline.
        socket
            .get_ref()
            .set_read_timeout(Some(POLL))
            .expect("a read timeout");
        self.socket = Some(socket);
    }

    /// Sends a command to the page and returns its result; panics when it fails.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    /// Sends a command (to the page's session, or to the browser) and returns its result.
    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_send(session, method, params)
            .unwrap_or_else(|error| panic!("{method} failed: {error}\n{}", self.log()))
    }

    fn try_send(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        let id = self.next_id;
        self.next_id += 1;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        let socket = self.socket.as_mut().expect("connected to Chromium");
        socket
            .send(Message::text(command.to_string()))
            .map_err(|e| format!("cannot send to Chromium: {e}"))?;
        let deadline = Instant::now() + WAIT;
        loop {
            let Some(message) = self.receive(deadline)? else {
                return Err(format!("no answer within {WAIT:?}"));
            };
            if message["id"] != json!(id) {
                continue;
            }
            if let Some(error) = message.get("error") {
                return Err(error.to_string());
            }
            return Ok(message["result"].clone());
        }
    }

    /// The next message from Chromium that answers a command, keeping events on the way;
    /// `None` once `deadline` passes.
    fn receive(&mut self, deadline: Instant) -> Result<Option<Value>, String> {
        let socket = self.socket.as_mut().expect("connected to Chromium");
        while Instant::now() < deadline {
            let text = match socket.read() {
                Ok(Message::Text(text)) => text,
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue;
                }
                Err(e) => return Err(format!("the DevTools connection failed: {e}")),
            };
            let message: Value = serde_json::from_str(text.as_str())
                .map_err(|e| format!("not JSON from Chromium ({e}): {text}"))?;
            if message.get("id").is_some() {
                return Ok(Some(message));
            }
            self.events.push(message);
        }
        Ok(None)
    }

    /// Reads the events that came in the next `time`.
    fn pump(&mut self, time: Duration) {
        let deadline = Instant::now() + time;
        while let Ok(Some(_)) = self.receive(deadline) {}
    }

    /// Evaluates `expression` in the page: its value, or why there is none (say, the page is
    /// between two loads).
    fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let session = self.session.clone();
        let result = self.try_send(
            Some(&session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        )?;
        if let Some(exception) = result.get("exceptionDetails") {
            return Err(exception.to_string());
        }
        Ok(result["result"]["value"].clone())
    }

    /// Evaluates `expression`, a promise, in the page and waits for its value.
    fn eval_awaited(&mut self, expression: &str) -> Value {
        let session = self.session.clone();
        let result = self.send(
            Some(&session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression} failed: {result}\n{}",
            self.log()
        );
        result["result"]["value"].clone()
    }

    fn eval_ok(&mut self, expression: &str) -> Value {
        self.eval(expression)
            .unwrap_or_else(|error| panic!("{expression} failed: {error}\n{}", self.log()))
    }

    /// Looks at the page every `POLL` until `done` holds, for at most `WAIT`.
    fn wait_for(&mut self, what: &str, server: &Server, done: impl Fn(&View) -> bool) -> View {
        let deadline = Instant::now() + WAIT;
        let mut last;
        loop {
            match self.eval(VIEW) {
                Ok(Value::String(json)) => match View::parse(&json) {
                    Some(view) if done(&view) => return view,
                    Some(view) => last = format!("{view:?}"),
                    None => last = json,
                },
                Ok(other) => last = other.to_string(),
                Err(error) => last = error,
            }
            if Instant::now() >= deadline {
                panic!(
                    "waited {WAIT:?} for {what}; the page: {last}\n{}\n{}",
                    self.log(),
                    server.log()
                );
            }
            self.pump(POLL);
        }
    }

    /// Waits until `look` gives a non-empty string (`false` or an error meaning not yet).
    fn wait_for_value(
        &mut self,
        what: &str,
        server: &Server,
        look: impl Fn(&mut Browser) -> Result<Value, String>,
    ) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let last = look(self);
            if let Ok(Value::String(value)) = &last {
                if !value.is_empty() {
                    return value.clone();
                }
            }
            if Instant::now() >= deadline {
                panic!(
                    "waited {WAIT:?} for {what}: {last:?}\n{}\n{}",
                    self.log(),
                    server.log()
                );
            }
            self.pump(POLL);
        }
    }

    /// Opens `url` in the tab and waits for its `load` event: how long that took. Gives up
    /// after `WAIT`, and says so, rather than wait out a stalled page.
    fn load(&mut self, url: &str, server: &Server) -> Duration {
        let seen = self.events.len();
        let started = Instant::now();
        let id = self.next_id;
        self.next_id += 1;
        let command = json!({
            "id": id,
            "method": "Page.navigate",
            "params": { "url": url },
            "sessionId": self.session,
        });
        let socket = self.socket.as_mut().expect("connected to Chromium");
        socket
            .send(Message::text(command.to_string()))
            .unwrap_or_else(|e| panic!("cannot send to Chromium: {e}"));
        // The answer comes once the page's response does; `load` once its subresources are in.
        let deadline = started + WAIT;
        let mut answered = false;
        loop {
            let loaded = self.events[seen..]
                .iter()
                .any(|event| event["method"] == "Page.loadEventFired");
            if answered && loaded || Instant::now() >= deadline {
                return started.elapsed();
            }
            // A short wait each time: `receive` returns for answers, not for events.
            let message = self
                .receive((Instant::now() + POLL).min(deadline))
                .unwrap_or_else(|error| panic!("{error}\n{}", self.log()));
            match message {
                Some(answer) if answer["id"] == json!(id) => {
                    assert!(
                        answer["result"].get("errorText").is_none()
                            && answer.get("error").is_none(),
                        "Chromium could not open {url}: {answer}\n{}\n{}",
                        self.log(),
                        server.log()
                    );
                    answered = true;
                }
                Some(_) | None => {}
            }
        }
    }

    /// Types `query` over whatever the search page's box holds, as a reader would.
    fn type_query(&mut self, query: &str) {
        self.eval_ok(
            "(() => { const box = document.getElementById('search-query'); \
             box.focus(); box.select(); return true; })()",
        );
        let session = self.session.clone();
        self.send(Some(&session), "Input.insertText", json!({ "text": query }));
    }

    /// Waits until the search page shows `status` for `query`, every result with its excerpt.
    fn wait_for_results(&mut self, query: &str, server: &Server, status: &str) -> Value {
        self.wait_for_results_where(query, server, status, |_| true)
    }

    /// `wait_for_results`, until `also` holds of the page too.
    fn wait_for_results_where(
        &mut self,
        query: &str,
        server: &Server,
        status: &str,
        also: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let last = match self.eval(SEARCH_VIEW) {
                Ok(Value::String(json)) => {
                    let view: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
                    let asked = view["href"]
                        .as_str()
                        .and_then(|href| href.split_once("?q="))
                        .is_some_and(|(_, q)| q == encode(query));
                    let done = asked
                        && also(&view)
                        && view["query"] == query
                        && view["status"] == status
                        && results(&view)
                            .iter()
                            .all(|r| r["excerpt"].as_str().is_some_and(|e| !e.is_empty()));
                    if done {
                        return view;
                    }
                    json
                }
                Ok(other) => other.to_string(),
                Err(error) => error,
            };
            if Instant::now() >= deadline {
                panic!(
                    "waited {WAIT:?} for {status:?} for {query:?}; the page: {last}\n{}\n{}",
                    self.log(),
                    server.log()
                );
            }
            self.pump(POLL);
        }
    }

    /// The `hello`s the pages' live-reload streams received: one each time a stream opens.
    fn hellos(&self) -> usize {
        self.live_events()
            .filter(|event| event["eventName"] == "hello")
            .count()
    }

    fn live_events(&self) -> impl Iterator<Item = &Value> {
        self.events
            .iter()
            .filter(|event| event["method"] == "Network.eventSourceMessageReceived")
            .map(|event| &event["params"])
    }

    /// Waits until `count` live-reload streams have opened.
    fn wait_for_hellos(&mut self, count: usize, server: &Server) {
        let deadline = Instant::now() + WAIT;
        while self.hellos() < count {
            if Instant::now() >= deadline {
                panic!(
                    "waited {WAIT:?} for the page's live-reload stream to open \
                     ({count} `hello`s)\n{}\n{}",
                    self.log(),
                    server.log()
                );
            }
            self.pump(POLL);
        }
    }

    /// The page as a PNG.
    fn screenshot(&mut self) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        let data = shot["data"].as_str().expect("a screenshot's data");
        data_encoding::BASE64
            .decode(data.as_bytes())
            .expect("a screenshot in base64")
    }

    /// What Chromium printed, and what the live-reload streams received.
    fn log(&self) -> String {
        let live: Vec<String> = self
            .live_events()
            .map(|event| format!("{}: {}", event["eventName"], event["data"]))
            .collect();
        let mut output = self
            .output
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        // Chromium is chatty; its last lines are the ones that matter.
        if let Some((at, _)) = output.char_indices().rev().nth(4000) {
            output.replace_range(..at, "…");
        }
        format!(
            "--- the live-reload messages the page received:\n{}\n--- Chromium's output:\n{output}",
            live.join("\n")
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(socket) = self.socket.as_mut() {
            let close = json!({ "id": 0, "method": "Browser.close", "params": {} });
            let _ = socket.send(Message::text(close.to_string()));
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Debian's `chromium` on `PATH` (it lives in /usr/bin), or a failure saying how to get it.
fn find_chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join("chromium"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "this test needs headless Chromium, and there is no `chromium` on PATH or in \
                 /usr/bin: install Debian's chromium: apt-get install -y chromium \
                 (`.ci/run` does so)"
            )
        })
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Reads `from` line by line on a thread of its own until it ends, keeping every line in
/// `output` and sending it to `lines`, if given.
fn drain(
    from: Option<impl Read + Send + 'static>,
    output: &Arc<Mutex<String>>,
    lines: Option<Sender<String>>,
) {
    let from = from.expect("a piped output");
    let output = Arc::clone(output);
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut bytes = Vec::new();
        while reader
            .read_until(b'\n', &mut bytes)
            .is_ok_and(|read| read > 0)
        {
            let line = String::from_utf8_lossy(&bytes).trim_end().to_owned();
            bytes.clear();
            {
                let mut output = output.lock().unwrap_or_else(|p| p.into_inner());
                output.push_str(&line);
                output.push('\n');
            }
            if let Some(lines) = &lines {
                let _ = lines.send(line);
            }
        }
    });
}

/// The first line from `lines` that `find` accepts, what it found in it; or, after `WAIT`
/// or when the program stopped writing, a message saying what was missing.
fn wait_for_line<T>(
    lines: &Receiver<String>,
    what: &str,
    find: impl Fn(&str) -> Option<T>,
) -> Result<T, String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                if let Some(found) = find(&line) {
                    return Ok(found);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(format!("no {what} within {WAIT:?}"));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(format!("the program ended without printing {what}"));
            }
        }
    }
}

/// The lines a headline of each page is set in on a phone (390 px wide), as counts of
/// characters, read from the rendered page by the position of each character.
const HEADLINE_LINES: &str = r#"
(() => {
  const heading = document.querySelector('.article-title');
  const text = heading.firstChild;
  const lines = [];
  let top = null;
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const rect = range.getClientRects()[0];
    if (!rect) continue;
    if (top === null || rect.top > top + 2) { lines.push(0); top = rect.top; }
    lines[lines.length - 1] += 1;
  }
  return JSON.stringify(lines);
})()
"#;

/// For each paragraph of the article's text on the page, how many characters its last line
/// holds, when it takes more than one line.
const LAST_LINES: &str = r#"
(() => {
  const counts = [];
  for (const p of document.querySelectorAll('.article-body p')) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const tops = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.width > 0) tops.push(Math.round(rect.top));
      }
    }
    const last = tops[tops.length - 1];
    if (tops.length && tops[0] !== last) counts.push(tops.filter((t) => Math.abs(t - last) <= 2).length);
  }
  return JSON.stringify(counts);
})()
"#;

#[test]
fn headlines_on_a_phone_break_into_balanced_lines() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}),
    );
    let pages = common::article_pages(&{
        common::build_ok(site.path(), &[]);
        site.path().join("dist")
    });
    let mut broken = Vec::new();
    let mut multi_line = 0;
    for (title, (path, _)) in &pages {
        let page = path.strip_suffix("index.html").unwrap();
        browser.load(&format!("{}{page}", server.base), &server);
        let lines: Vec<usize> =
            serde_json::from_str(browser.eval_ok(HEADLINE_LINES).as_str().unwrap()).unwrap();
        assert_eq!(
            lines.iter().sum::<usize>(),
            title.chars().count(),
            "{title}"
        );
        if lines.len() > 1 {
            multi_line += 1;
            let (shortest, longest) = (lines.iter().min().unwrap(), lines.iter().max().unwrap());
            // Balanced: no line under half the longest (`效能` or `能` alone was the fault).
            if shortest * 2 < *longest {
                broken.push(format!("{title}: {lines:?}"));
            }
        }
    }
    assert!(
        multi_line >= 3,
        "{multi_line} headlines take two lines at 390 px"
    );
    assert!(broken.is_empty(), "unbalanced headlines: {broken:#?}");
}

#[test]
fn no_paragraph_on_a_phone_ends_with_one_character_alone_on_its_last_line() {
    // One character and its full stop (`量。`): a mark never starts a line, so a last line of
    // one character holds two.
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    let pages = common::article_pages(&{
        common::build_ok(site.path(), &[]);
        site.path().join("dist")
    });
    let (mut paragraphs, mut alone) = (0, Vec::new());
    // The widths of common phones.
    for width in [360, 375, 390, 393, 412, 414, 428] {
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": 844, "deviceScaleFactor": 2, "mobile": true}),
        );
        for (title, (path, _)) in &pages {
            let page = path.strip_suffix("index.html").unwrap();
            browser.load(&format!("{}{page}", server.base), &server);
            let counts: Vec<usize> =
                serde_json::from_str(browser.eval_ok(LAST_LINES).as_str().unwrap()).unwrap();
            paragraphs += counts.len();
            alone.extend(
                counts
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n < 3)
                    .map(|(i, n)| format!("{width} px: {title}, paragraph {}: {n}", i + 1)),
            );
        }
    }
    assert!(
        paragraphs > 50,
        "{paragraphs} paragraphs of more than one line"
    );
    assert!(
        alone.is_empty(),
        "last lines of one character and its mark: {alone:#?}"
    );
}

#[test]
fn an_article_prints_on_a4_with_its_address_and_without_the_sites_navigation() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    browser.load(&format!("{}{ARTICLE_PAGE}", server.base), &server);
    let shown = |browser: &mut Browser| -> Value {
        browser.eval_ok(
            r#"JSON.stringify(['.print-source', '.colophon', '.section-nav', '.neighbours', '.search-box', '.article-body']
                .map((s) => getComputedStyle(document.querySelector(s)).display !== 'none'))"#,
        )
    };
    assert_eq!(
        shown(&mut browser),
        json!("[false,true,true,true,true,true]"),
        "on screen"
    );
    browser.call("Emulation.setEmulatedMedia", json!({"media": "print"}));
    assert_eq!(
        shown(&mut browser),
        json!("[true,false,false,false,false,true]"),
        "on paper"
    );
    let source = browser.eval_ok("document.querySelector('.print-source').textContent");
    assert_eq!(
        source,
        json!(format!(
            "株洲日报·评论 · 2026年3月27日 · https://example.org/opinion/{ARTICLE_PAGE}"
        ))
    );
    // The page size the stylesheet asks for: A4, 595 × 842 points.
    let pdf = browser.call("Page.printToPDF", json!({"preferCSSPageSize": true}));
    let bytes = data_encoding::BASE64
        .decode(pdf["data"].as_str().expect("a PDF").as_bytes())
        .unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(i, _)| text[i + 11..].split(']').next().unwrap().trim())
        .collect();
    assert!(!boxes.is_empty(), "no page in the PDF");
    for media_box in &boxes {
        let numbers: Vec<f64> = media_box
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        assert!(
            (numbers[2] - 595.0).abs() < 2.0 && (numbers[3] - 842.0).abs() < 2.0,
            "not A4: {media_box}"
        );
    }
}

#[test]
fn the_indexes_of_sections_and_authors_read_across_rows_in_their_order() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    for page in ["sections/", "authors/"] {
        browser.load(&format!("{}{page}", server.base), &server);
        let places: Vec<(f64, f64, String)> = serde_json::from_str(
            browser
                .eval_ok(
                    "JSON.stringify([...document.querySelectorAll('.index-list li')].map((li) => \
                     { const r = li.getBoundingClientRect(); return [r.top, r.left, li.querySelector('a').textContent]; }))",
                )
                .as_str()
                .unwrap(),
        )
        .unwrap();
        assert!(places.len() >= 6, "{page}: {places:?}");
        // At 1280 px the list takes several columns: its second item stands beside the first,
        // and each next item is to the right on the same row or starts a row below.
        assert_eq!(
            places[0].0, places[1].0,
            "{page}: the order runs down columns: {places:?}"
        );
        for pair in places.windows(2) {
            let ((top, left, _), (next_top, next_left, _)) = (&pair[0], &pair[1]);
            assert!(
                (next_top == top && next_left > left) || (next_top > top && next_left < left),
                "{page}: {pair:?} out of order"
            );
        }
    }
    // The sections in site.yaml's order.
    browser.load(&format!("{}sections/", server.base), &server);
    let names = browser.eval_ok(
        "[...document.querySelectorAll('.index-list li a')].map((a) => a.textContent).join(' ')",
    );
    assert_eq!(
        names,
        json!("评论 基层治理 教育观察 全民健康 评漫画 市场观察")
    );
}

/// How the article page sets its headline's group, standfirst and source, measured: their
/// order on the page, the sizes of headline, subtitle and text, the kicker's colour, the
/// standfirst's type and rules, and the contrast of each against the page.
const HEAD_STYLES: &str = r#"
(() => {
  const q = (s) => document.querySelector(s);
  const style = (s) => getComputedStyle(q(s));
  const box = (s) => q(s).getBoundingClientRect();
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const [r, g, b] = rgb(c);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
    return Math.round((x + 0.05) / (y + 0.05) * 100) / 100;
  };
  const paper = getComputedStyle(document.documentElement).backgroundColor;
  return JSON.stringify({
    order: [
      box('.article-kicker').bottom <= box('.article-title').top,
      box('.article-title').bottom <= box('.article-subtitle').top,
      box('.dateline').bottom <= box('.standfirst').top,
      box('.standfirst').bottom <= box('.article-body').top,
      box('.affiliation').bottom <= box('.source').top,
    ],
    sizes: ['.article-title', '.article-subtitle', '.article-body p'].map((s) => parseFloat(style(s).fontSize)),
    kicker_in_accent: style('.article-kicker').color === style('.kicker').color,
    standfirst_font: style('.standfirst').fontFamily,
    body_font: style('.article-body p').fontFamily,
    text: ['.article-kicker', '.article-title', '.article-subtitle', '.standfirst', '.source'].map((s) => contrast(style(s).color, paper)),
    rules: [style('.standfirst').borderTopStyle, contrast(style('.standfirst').borderTopColor, paper)],
  });
})()
"#;

#[test]
fn the_kicker_subtitle_and_standfirst_stand_apart_in_light_and_dark_and_on_paper() {
    let site = common::sample_site();
    common::write(
        site.path(),
        "articles/调查.md",
        "---\ntitle: 让调查研究成为基本功\nkicker: 坚持以人民为中心\nsubtitle: ——从一份调查说起\nauthor: 王明\ndate: 2026-03-28\nstandfirst: 调查研究是谋事之基、成事之道。本文从一份基层调查说起，谈谈如何把调查研究做深做实，让决策更接地气。\naffiliation: 湖南大学教授\nsource: 摘编自《学习时报》\n---\n\n调查研究是我们党的传家宝。\n",
    );
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    browser.load(&format!("{}articles/diao-cha/", server.base), &server);
    for (media, scheme) in [("screen", "light"), ("screen", "dark"), ("print", "light")] {
        browser.call(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
        let measured = browser.eval_ok(HEAD_STYLES);
        let styles: Value = serde_json::from_str(measured.as_str().unwrap()).unwrap();
        let what = format!("{media}, {scheme}: {styles}");
        assert_eq!(
            styles["order"],
            json!([true, true, true, true, true]),
            "{what}"
        );
        let sizes: Vec<f64> = serde_json::from_value(styles["sizes"].clone()).unwrap();
        assert!(sizes[0] > sizes[1] && sizes[1] > sizes[2], "{what}");
        assert_eq!(styles["kicker_in_accent"], true, "{what}");
        let font = styles["standfirst_font"].as_str().unwrap();
        assert!(font.starts_with("\"Kaiti SC\""), "{what}");
        assert_ne!(styles["standfirst_font"], styles["body_font"], "{what}");
        // Text readable against the page (WCAG AA: 4.5), the rules visible.
        let text: Vec<f64> = serde_json::from_value(styles["text"].clone()).unwrap();
        assert!(text.iter().all(|&c| c >= 4.5), "{what}");
        assert_eq!(styles["rules"][0], "solid", "{what}");
        assert!(styles["rules"][1].as_f64().unwrap() > 1.2, "{what}");
    }
}

// ---- phones and cards (issue 16, items 4 and 5) ----

/// The article of 基层治理 the navigation is looked at on.
const GRASSROOTS_ARTICLE: &str = "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/";

/// What the test reads of the masthead and the section navigation: each link's text, box and
/// marking, the list's scrolling, the page's width, and the search icon and box.
const NAV_VIEW: &str = r#"
(() => {
  const list = document.querySelector('.section-nav ul');
  const seen = list.getBoundingClientRect();
  const links = [...list.querySelectorAll('a')].map((a) => {
    const r = a.getBoundingClientRect();
    const s = getComputedStyle(a);
    return {
      text: a.textContent, top: r.top, left: r.left, right: r.right, width: r.width, height: r.height,
      current: a.getAttribute('aria-current'), color: s.color, weight: s.fontWeight, shadow: s.boxShadow,
      in_sight: r.left >= seen.left - 1 && r.right <= seen.right + 1,
    };
  });
  const toggle = document.querySelector('.search-toggle');
  const box = document.getElementById('search-box');
  const input = box && box.querySelector('input');
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const t = toggle && toggle.getBoundingClientRect();
  return JSON.stringify({
    links,
    list: { overflow: getComputedStyle(list).overflowX, scroll_width: list.scrollWidth, client_width: list.clientWidth, scroll_left: list.scrollLeft },
    page: { scroll_width: document.documentElement.scrollWidth, width: document.documentElement.clientWidth },
    toggle: toggle && {
      tag: toggle.tagName, name: toggle.getAttribute('aria-label'), expanded: toggle.getAttribute('aria-expanded'),
      href: toggle.getAttribute('href'), shown: shown(toggle), svg: !!toggle.querySelector('svg'),
      x: t.left + t.width / 2, y: t.top + t.height / 2, width: t.width, height: t.height,
    },
    box: { shown: shown(box) && shown(input), focused: !!input && document.activeElement === input },
  });
})()
"#;

/// Chromium at `width` px, as a phone below 640 px.
fn at_width(browser: &mut Browser, width: u32) {
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": 844, "deviceScaleFactor": 2, "mobile": width < 640}),
    );
}

fn nav_view(browser: &mut Browser) -> Value {
    serde_json::from_str(browser.eval_ok(NAV_VIEW).as_str().unwrap()).unwrap()
}

/// A click (a tap) at the point `x`, `y` of the page.
fn tap(browser: &mut Browser, x: f64, y: f64) {
    for kind in ["mousePressed", "mouseReleased"] {
        browser.call(
            "Input.dispatchMouseEvent",
            json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
        );
    }
}

/// The names of the links marked current, with their `aria-current`.
fn marked(view: &Value) -> Vec<(String, String)> {
    view["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|link| link["current"].is_string())
        .map(|link| {
            (
                link["text"].as_str().unwrap().to_owned(),
                link["current"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn on_a_phone_the_navigation_is_one_scrolling_row_of_large_targets_marking_the_column() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    at_width(&mut browser, 390);
    let pages = [
        ("", ("首页", "page")),
        ("sections/shi-chang-guan-cha/", ("市场观察", "page")),
        (GRASSROOTS_ARTICLE, ("基层治理", "true")),
        ("editions/2026/03/27/", ("往期", "true")),
    ];
    for (page, current) in pages {
        browser.load(&format!("{}{page}", server.base), &server);
        let view = nav_view(&mut browser);
        let what = format!("{page:?}: {view}");
        let links = view["links"].as_array().unwrap();
        assert_eq!(links[0]["text"], "首页", "{what}");
        assert_eq!(links.len(), 9, "{what}");
        // One row: every link at the same height on the page.
        assert!(
            links.iter().all(|link| link["top"] == links[0]["top"]),
            "the navigation wraps: {what}"
        );
        // Each a finger's target.
        for link in links {
            assert!(link["height"].as_f64().unwrap() >= 44.0, "{link} {what}");
            assert!(link["width"].as_f64().unwrap() >= 44.0, "{link} {what}");
        }
        // Wider than the phone, it scrolls within itself; the page does not.
        assert_eq!(view["list"]["overflow"], "auto", "{what}");
        assert!(
            view["list"]["scroll_width"].as_f64() > view["list"]["client_width"].as_f64(),
            "{what}"
        );
        assert!(
            view["page"]["scroll_width"].as_f64() <= view["page"]["width"].as_f64(),
            "the page scrolls sideways: {what}"
        );
        // The current one marked, in sight, and set apart by more than colour.
        assert_eq!(
            marked(&view),
            [(current.0.to_owned(), current.1.to_owned())],
            "{what}"
        );
        let (on, off): (Vec<&Value>, Vec<&Value>) =
            links.iter().partition(|link| link["current"].is_string());
        let on = on[0];
        assert_eq!(
            on["in_sight"], true,
            "the current link is scrolled out of sight: {what}"
        );
        assert_ne!(on["color"], off[0]["color"], "{what}");
        assert_ne!(on["weight"], off[0]["weight"], "{what}");
        assert_ne!(on["shadow"], off[0]["shadow"], "{what}");
    }
    // The list scrolls under a finger: the last link comes into sight.
    browser.eval_ok("document.querySelector('.section-nav ul').scrollLeft = 10000");
    let view = nav_view(&mut browser);
    let links = view["links"].as_array().unwrap();
    assert!(
        view["list"]["scroll_left"].as_f64().unwrap() > 0.0,
        "{view}"
    );
    assert_eq!(links[8]["text"], "作者");
    assert_eq!(links[8]["in_sight"], true, "{view}");
    assert_eq!(links[0]["in_sight"], false, "{view}");
}

#[test]
fn on_a_phone_the_search_box_opens_from_its_icon_and_without_scripts_the_icon_leads_to_search() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    at_width(&mut browser, 390);
    let article = format!("{}{GRASSROOTS_ARTICLE}", server.base);
    browser.load(&article, &server);
    let view = nav_view(&mut browser);
    let toggle = &view["toggle"];
    assert_eq!(toggle["tag"], "BUTTON", "{view}");
    assert_eq!(toggle["name"], "搜索", "{view}");
    assert_eq!(toggle["expanded"], "false", "{view}");
    assert_eq!(toggle["shown"], true, "{view}");
    assert_eq!(toggle["svg"], true, "{view}");
    assert!(toggle["width"].as_f64().unwrap() >= 44.0, "{view}");
    assert!(toggle["height"].as_f64().unwrap() >= 44.0, "{view}");
    assert_eq!(
        view["box"]["shown"], false,
        "the box shows before the icon is tapped: {view}"
    );

    // Tapped, the icon opens the box with the cursor in it.
    let (x, y) = (toggle["x"].as_f64().unwrap(), toggle["y"].as_f64().unwrap());
    tap(&mut browser, x, y);
    let view = nav_view(&mut browser);
    assert_eq!(view["toggle"]["expanded"], "true", "{view}");
    assert_eq!(
        view["box"],
        json!({"shown": true, "focused": true}),
        "{view}"
    );
    assert!(
        view["page"]["scroll_width"].as_f64() <= view["page"]["width"].as_f64(),
        "{view}"
    );
    // Escape closes it, and the focus goes back to the icon.
    browser.call(
        "Input.dispatchKeyEvent",
        json!({"type": "keyDown", "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27}),
    );
    let view = nav_view(&mut browser);
    assert_eq!(view["box"]["shown"], false, "{view}");
    assert_eq!(
        browser.eval_ok("document.activeElement.className"),
        "search-toggle"
    );
    // Opened again, what is typed is searched for on the search page.
    tap(&mut browser, x, y);
    browser.call("Input.insertText", json!({ "text": "群众工作" }));
    browser.call(
        "Input.dispatchKeyEvent",
        json!({"type": "keyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}),
    );
    let searched = format!("{}search/?q={}", server.base, encode("群众工作"));
    browser.wait_for("the search page", &server, |view| {
        view.ready == "complete" && view.href == searched
    });

    // Without scripts the icon is a link to the search page.
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    browser.load(&article, &server);
    let tag = browser.call(
        "Runtime.evaluate",
        json!({"expression": "JSON.stringify([document.querySelector('.search-toggle').tagName, document.querySelector('.search-toggle').href, getComputedStyle(document.querySelector('.search-toggle')).display, getComputedStyle(document.getElementById('search-box')).display])", "returnByValue": true}),
    );
    assert_eq!(
        tag["result"]["value"],
        json!(json!(["A", format!("{}search/", server.base), "flex", "none"]).to_string())
    );
}

#[test]
fn on_a_wide_screen_the_navigation_and_the_search_box_stay_as_they_were() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    at_width(&mut browser, 1280);
    browser.load(&format!("{}{GRASSROOTS_ARTICLE}", server.base), &server);
    let view = nav_view(&mut browser);
    let links = view["links"].as_array().unwrap();
    assert!(
        links.iter().all(|link| link["top"] == links[0]["top"]),
        "{view}"
    );
    // Centred in the page, with nothing to scroll.
    let (first, last) = (&links[0], &links[links.len() - 1]);
    let margins = (
        first["left"].as_f64().unwrap(),
        view["page"]["width"].as_f64().unwrap() - last["right"].as_f64().unwrap(),
    );
    assert!((margins.0 - margins.1).abs() < 2.0, "{margins:?} {view}");
    assert_eq!(
        view["list"]["scroll_width"], view["list"]["client_width"],
        "{view}"
    );
    assert_eq!(marked(&view), [("基层治理".to_owned(), "true".to_owned())]);
    assert!(
        links
            .iter()
            .all(|link| link["height"].as_f64().unwrap() >= 44.0),
        "{view}"
    );
    // The box in the masthead as before, no icon.
    assert_eq!(view["toggle"]["shown"], false, "{view}");
    assert_eq!(view["box"]["shown"], true, "{view}");
}

/// The computed look of the first card summary that is a pull quote and the first that is not.
const SUMMARY_STYLES: &str = r#"
(() => {
  const look = (el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, border: s.borderLeftWidth + ' ' + s.borderLeftStyle, font: s.fontFamily, color: s.color };
  };
  return JSON.stringify({
    quote: look(document.querySelector('.card-summary.is-pull-quote')),
    plain: look(document.querySelector('.card-summary:not(.is-pull-quote)')),
  });
})()
"#;

#[test]
fn a_cards_pull_quote_looks_unlike_an_excerpt_in_light_and_dark() {
    let site = common::sample_site();
    let server = Server::start_with(site.path(), &[]);
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    for width in [390, 1280] {
        at_width(&mut browser, width);
        for scheme in ["light", "dark"] {
            browser.call(
                "Emulation.setEmulatedMedia",
                json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
            );
            for page in ["", "editions/2026/03/27/"] {
                browser.load(&format!("{}{page}", server.base), &server);
                let styles: Value =
                    serde_json::from_str(browser.eval_ok(SUMMARY_STYLES).as_str().unwrap())
                        .unwrap();
                let what = format!("{width} px, {scheme}, {page:?}: {styles}");
                let (quote, plain) = (&styles["quote"], &styles["plain"]);
                // A tinted block with a rule at its left, in another type; the excerpt plain.
                assert_ne!(quote["background"], plain["background"], "{what}");
                assert_eq!(plain["background"], "rgba(0, 0, 0, 0)", "{what}");
                assert_eq!(quote["border"], "3px solid", "{what}");
                assert!(
                    plain["border"].as_str().unwrap().ends_with("none"),
                    "{what}"
                );
                assert_ne!(quote["font"], plain["font"], "{what}");
            }
        }
    }
}

// ---- search (issue 16, item 8) ----
//
// The search page checks each candidate the index finds in the article's text, which the index
// holds too (`search/data/t/`), until a page of results is full: a query whose pieces are all
// in many articles but whose phrase is in none says so at once; the count says 约 (about)
// while candidates remain unchecked. Highlights are never cut by an excerpt's end; the start
// or the inside of a code or a number finds it; and no article page is fetched for any of it.

/// The search page of `server`, loaded, with Chromium recording its requests.
fn open_search_page(server: &Server) -> Browser {
    let mut browser = Browser::launch();
    browser.call("Page.enable", json!({}));
    browser.call("Network.enable", json!({}));
    let page = format!("{}search/", server.base);
    browser.call("Page.navigate", json!({ "url": page }));
    browser.wait_for("the search page", server, |view| {
        view.ready == "complete" && view.href == page
    });
    browser
}

/// The addresses of every request the page made so far.
fn requested(browser: &mut Browser) -> Vec<String> {
    browser.pump(POLL);
    browser
        .events
        .iter()
        .filter(|event| event["method"] == "Network.requestWillBeSent")
        .filter_map(|event| event["params"]["request"]["url"].as_str())
        .map(str::to_owned)
        .collect()
}

/// Clicks 更多结果 and waits until `count` results are shown under `status`.
fn show_more(browser: &mut Browser, server: &Server, query: &str, status: &str, count: usize) {
    browser.eval_ok("document.getElementById('search-more').click(), true");
    browser.wait_for_results_where(query, server, status, |view| results(view).len() == count);
}

/// `count` articles named `{stem}{n}`, dated one a day back from 2026-02-28, each with `body`.
fn write_articles(site: &Path, stem: &str, count: usize, title: &str, body: &str) {
    for n in 1..=count {
        common::write(
            site,
            &format!("articles/{stem}{n}.md"),
            format!(
                "---\ntitle: {title}{n}\nslug: {stem}-{n}\nauthor: 唐明\nsection: 评论\n\
                 date: 2026-{:02}-{:02}\n---\n\n{body}\n",
                1 + (n - 1) / 28,
                1 + (n - 1) % 28
            ),
        );
    }
}

#[test]
fn a_query_whose_pieces_are_everywhere_but_its_phrase_nowhere_finds_nothing_at_once() {
    let site = common::sample_site();
    // 国企 and 企业 in 25 articles (and in the sample's 让“外脑”激活国企治理效能), 国企业 in none.
    write_articles(
        site.path(),
        "guoqi",
        25,
        "国资改革",
        "国企改革要深化，现代企业制度要完善。",
    );
    // 春华秋实 in 40 articles: four pages of results.
    write_articles(site.path(), "chunhua", 40, "第", "春华秋实，岁月有声。");
    // 鸿雁传书: twelve articles hold its pairs in their titles (so they rank first) but not
    // the phrase; fifteen hold the phrase in their text.
    write_articles(
        site.path(),
        "hongyan",
        12,
        "鸿雁、雁传与传书",
        "鸿雁南飞，书信往来。",
    );
    write_articles(site.path(), "chuanshu", 15, "家书", "鸿雁传书，见字如面。");
    let server = Server::start(site.path());
    let mut browser = open_search_page(&server);

    // 26 candidates, not one of them holding the phrase: said at once, with no click.
    browser.type_query("国企业");
    let found = browser.wait_for_results("国企业", &server, "没有找到包含“国企业”的文章");
    assert!(results(&found).is_empty(), "{found}");
    assert_eq!(found["more"], false, "{found}");

    // The count is "about" while candidates are unchecked, exact once all are.
    browser.type_query("春华秋实");
    let found = browser.wait_for_results("春华秋实", &server, "找到约 40 篇文章");
    assert_eq!(results(&found).len(), 10, "{found}");
    assert_eq!(found["more"], true, "{found}");
    show_more(&mut browser, &server, "春华秋实", "找到约 40 篇文章", 20);
    // Ten are left unchecked after the third page: checked with it, so the count is exact.
    show_more(&mut browser, &server, "春华秋实", "找到 40 篇文章", 30);
    show_more(&mut browser, &server, "春华秋实", "找到 40 篇文章", 40);
    let found = browser.wait_for_results("春华秋实", &server, "找到 40 篇文章");
    assert_eq!(found["more"], false, "{found}");
    for result in results(&found) {
        assert_eq!(marks(result), ["春华秋实"], "{result}");
    }

    // The first ten candidates (their titles hold every pair) are dropped, and the page is
    // filled from the next ones before anything is shown.
    browser.type_query("鸿雁传书");
    let found = browser.wait_for_results("鸿雁传书", &server, "找到 15 篇文章");
    let shown = titles(&found);
    assert_eq!(shown.len(), 10, "{found}");
    assert!(shown.iter().all(|t| t.starts_with("家书")), "{found}");
    assert_eq!(found["more"], true, "{found}");
    show_more(&mut browser, &server, "鸿雁传书", "找到 15 篇文章", 15);
}

#[test]
fn a_highlight_at_the_end_of_an_excerpt_holds_the_whole_match() {
    let site = common::sample_site();
    // The second 值创造为 starts two characters before the 90 an excerpt shows.
    let filler = "一二三四五六七八九十".repeat(9);
    let body = format!("值创造为{}值创造为，后文还长。", &filler[..84 * 3]);
    common::write(
        site.path(),
        "articles/边缘.md",
        format!(
            "---\ntitle: 边缘之例\nslug: bian-yuan\nauthor: 唐明\nsection: 评论\ndate: 2026-03-20\n---\n\n{body}\n"
        ),
    );
    let server = Server::start(site.path());
    let mut browser = open_search_page(&server);
    browser.type_query("值创造为");
    let found = browser.wait_for_results("值创造为", &server, "找到 2 篇文章");
    let edge = results(&found)
        .iter()
        .find(|r| r["title"] == "边缘之例")
        .unwrap_or_else(|| panic!("{found}"));
    assert_eq!(marks(edge), ["值创造为", "值创造为"], "{edge}");
    let excerpt = edge["excerpt"].as_str().unwrap();
    assert!(excerpt.ends_with("值创造为…"), "{edge}");
    for result in results(&found) {
        assert!(marks(result).iter().all(|m| *m == "值创造为"), "{result}");
    }
}

#[test]
fn the_start_or_the_inside_of_a_code_or_a_number_finds_it() {
    let site = common::sample_site();
    common::write(
        site.path(),
        "articles/纪要.md",
        "---\ntitle: 会议纪要\nslug: ji-yao\nauthor: 唐明\nsection: 评论\ndate: 2026-03-20\n---\n\n\
         3月16日召开座谈会。\n",
    );
    let server = Server::start(site.path());
    let mut browser = open_search_page(&server);
    let grant = "新业态背景下株洲大学生高质量就业路径探索";
    for (query, title, marked) in [
        ("ZZSK", grant, "ZZSK"),
        ("zzsk", grant, "ZZSK"),
        ("2025126", grant, "2025126"),
        ("SK20251", grant, "SK20251"),
        ("300余项", "以价值创造为社会工作添彩", "300余项"),
        // The reader sees 6日 in 16日: it is found there.
        ("6日", "会议纪要", "6日"),
    ] {
        browser.type_query(query);
        let found = browser.wait_for_results(query, &server, "找到 1 篇文章");
        assert_eq!(titles(&found), [title], "{query}: {found}");
        assert!(
            marks(&results(&found)[0]).contains(&marked),
            "{query}: {found}"
        );
    }
    // One character of a number is not a query; two are.
    browser.type_query("6");
    browser.wait_for_results("6", &server, "请输入至少两个汉字、字母或数字");
    browser.type_query("16");
    browser.wait_for_results("16", &server, "找到 1 篇文章");

    // The page looks for the tokens the build's `query_tokens` gives.
    let cases = [
        "ZZSK2025126",
        "zzsk",
        "300余项",
        "2025年全市累计签约合伙人800余个",
        "第３季度",
        "5G手机",
        "6日",
        "Ünïcode ΑΒΓ straße",
        "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6x 短",
    ];
    let script = format!(
        "import(new URL('static/search.js', '{}').href).then((m) => JSON.stringify({}.map(m.queryTokens)))",
        server.base,
        serde_json::to_string(&cases).unwrap()
    );
    let in_browser: Vec<Vec<String>> =
        serde_json::from_str(browser.eval_awaited(&script).as_str().unwrap()).unwrap();
    for (case, browser_tokens) in cases.iter().zip(in_browser) {
        let mut build_tokens = Vec::new();
        broadsheet::search::query_tokens(case, |t| {
            build_tokens.push(match t {
                broadsheet::search::Token::Pair(a, b) => format!("{a}{b}"),
                broadsheet::search::Token::Word(w) => w,
            })
        });
        assert_eq!(browser_tokens, build_tokens, "{case}");
    }
}

#[test]
fn the_results_page_fetches_no_article_page() {
    let site = common::sample_site();
    write_articles(site.path(), "chunhua", 25, "第", "春华秋实，岁月有声。");
    let server = Server::start(site.path());
    let mut browser = open_search_page(&server);
    browser.type_query("群众工作");
    let found = browser.wait_for_results("群众工作", &server, "找到 2 篇文章");
    assert!(
        results(&found).iter().all(|r| r["excerpt"]
            .as_str()
            .is_some_and(|e| e.contains("群众工作"))),
        "{found}"
    );
    browser.type_query("春华秋实");
    browser.wait_for_results("春华秋实", &server, "找到约 25 篇文章");
    show_more(&mut browser, &server, "春华秋实", "找到 25 篇文章", 20);
    show_more(&mut browser, &server, "春华秋实", "找到 25 篇文章", 25);
    let urls = requested(&mut browser);
    let articles = format!("{}articles/", server.base);
    let pages: Vec<&String> = urls.iter().filter(|u| u.starts_with(&articles)).collect();
    assert!(pages.is_empty(), "article pages fetched: {pages:?}");
    let texts = format!("{}search/data/t/articles/", server.base);
    let fetched = urls.iter().filter(|u| u.starts_with(&texts)).count();
    // Each result's text once: two, then twenty-five.
    assert_eq!(fetched, 27, "{urls:#?}");
}
