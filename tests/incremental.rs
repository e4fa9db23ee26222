//! Rebuilds: a build keeps the files of pages whose content did not change (same bytes, inode
//! and modification time, so rsync skips them), rewrites those that did, removes those that
//! went, and is never seen half-done, even when killed.

mod common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use common::{build_ok, read, read_tree, sample_site, write};

/// Inode and modification time of every file below `dir`.
fn identities(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    read_tree(dir)
        .into_keys()
        .map(|relative| {
            let meta = std::fs::metadata(dir.join(&relative)).unwrap();
            (relative, (meta.ino(), meta.modified().unwrap()))
        })
        .collect()
}

const LI_JUN: &str = "articles/以价值创造为社会工作添彩.md";
const LI_JUN_PAGE: &str = "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/index.html";

#[test]
fn a_second_build_with_nothing_changed_rewrites_no_file() {
    let site = sample_site();
    let dist = site.path().join("dist");
    let first = build_ok(site.path(), &[]);
    assert!(
        first.stdout.contains("(57 files, 0 unchanged)"),
        "{}",
        first.stdout
    );
    let before = identities(&dist);
    let bytes = read_tree(&dist);

    for _ in 0..2 {
        let again = build_ok(site.path(), &[]);
        assert!(
            again.stdout.contains("(57 files, 54 unchanged)"),
            "{}",
            again.stdout
        );
        assert_eq!(identities(&dist), before, "a file was rewritten");
        assert_eq!(read_tree(&dist), bytes);
    }
}

#[test]
fn an_edited_article_rewrites_its_page_and_leaves_the_others() {
    let site = sample_site();
    let dist = site.path().join("dist");
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    let before = identities(&dist);

    let text = std::fs::read_to_string(site.path().join(LI_JUN)).unwrap();
    write(
        site.path(),
        LI_JUN,
        text.replace("基层治理的现代化", "基层治理之现代化"),
    );
    let run = build_ok(site.path(), &[]);
    // Only the article's own page, the feeds that carry its whole text (the site's, its
    // section's and its author's), the search index's shard and the index's copy of its text
    // show its text.
    assert!(
        run.stdout.contains("(57 files, 48 unchanged)"),
        "only the article's page, its three feeds, the index's shard and its text change: {}",
        run.stdout
    );
    assert!(run.stdout.contains("Search index: "), "{}", run.stdout);
    assert!(
        run.stdout.contains("in 10 files (2 written)"),
        "{}",
        run.stdout
    );

    let after = identities(&dist);
    assert_ne!(after[LI_JUN_PAGE], before[LI_JUN_PAGE]);
    assert!(read(&dist, LI_JUN_PAGE).contains("基层治理之现代化，归根结底"));
    let kept = after
        .iter()
        .filter(|(path, id)| before.get(*path) == Some(id))
        .count();
    assert_eq!(
        kept,
        after.len() - 6,
        "every other file keeps its inode and time"
    );
    assert_ne!(after["search/data/g/0.bin"], before["search/data/g/0.bin"]);
    let copy = "search/data/t/articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai.json";
    assert_ne!(after[copy], before[copy]);
    assert!(read(&dist, copy).contains("基层治理之现代化"));
    for feed in [
        "atom.xml",
        "sections/ji-ceng-zhi-li/atom.xml",
        "authors/li-jun/atom.xml",
    ] {
        assert_ne!(after[feed], before[feed], "{feed} carries the new text");
        assert!(read(&dist, feed).contains("基层治理之现代化"), "{feed}");
    }

    // A new title shows in listings too: the home, section and author pages change with it.
    write(
        site.path(),
        LI_JUN,
        text.replace("title: 以价值创造为社会工作添彩", "title: 以价值创造添彩"),
    );
    build_ok(site.path(), &[]);
    let home = read(&dist, "index.html");
    assert!(home.contains("以价值创造添彩"));
    assert!(read(&dist, "sections/ji-ceng-zhi-li/index.html").contains("以价值创造添彩"));
    assert!(read(&dist, "authors/li-jun/index.html").contains("以价值创造添彩"));
}

#[test]
fn a_deleted_article_takes_its_pages_with_it() {
    let site = sample_site();
    let dist = site.path().join("dist");
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    std::fs::remove_file(site.path().join(LI_JUN)).unwrap();
    common::relist(site.path(), "以价值创造为社会工作添彩", None);
    build_ok(site.path(), &[]);
    assert!(
        !dist
            .join("articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai")
            .exists()
    );
    assert!(
        !dist.join("authors/li-jun").exists(),
        "李军 has no article left"
    );
    assert!(
        !dist.join("sections/ji-ceng-zhi-li").exists(),
        "基层治理 has no article left"
    );
    assert!(!read(&dist, "index.html").contains("以价值创造为社会工作添彩"));
    // And a build after that one, reusing the older tree, still has no trace of it.
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    assert!(
        !dist
            .join("articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai")
            .exists()
    );
}

/// The title in a page's `<title>`, which names the site.
fn site_titles(dist: &Path) -> BTreeMap<String, String> {
    read_tree(dist)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let html = String::from_utf8(bytes).unwrap();
            let title = html
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .unwrap_or("")
                .to_owned();
            (path, title)
        })
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let site = sample_site();
    // Enough articles that a build takes a while.
    let articles = site.path().join("articles");
    let originals: Vec<_> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for copy in 0..15 {
        for (n, original) in originals.iter().enumerate() {
            let text = std::fs::read_to_string(original).unwrap();
            let text = text.replacen(
                "---\n",
                &format!("---\nslug: copy-{copy}-{n}\ndate: 2026-03-27\n"),
                1,
            );
            std::fs::write(articles.join(format!("copy-{copy}-{n}.md")), text).unwrap();
        }
    }
    let dist = site.path().join("dist");
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    build_ok(site.path(), &[]);
    let pages: Vec<String> = site_titles(&dist).into_keys().collect();
    // How long a build that changes every page takes here, to kill builds all along it.
    std::fs::write(
        site.path().join("site.yaml"),
        config.replace("株洲日报·评论", "计时"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    build_ok(site.path(), &[]);
    let full = started.elapsed().as_millis() as u64;

    let mut title = "计时".to_owned();
    let mut outcomes = Vec::new();
    for delay_ms in [0, 1, 2, 3, 5, 7, 10, 15, 20, 30].map(|k| full * k / 10) {
        let next = format!("第{delay_ms}版");
        std::fs::write(
            site.path().join("site.yaml"),
            config.replace("株洲日报·评论", &next),
        )
        .unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["build", "--source"])
            .arg(site.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();

        let titles = site_titles(&dist);
        assert_eq!(
            titles.keys().cloned().collect::<Vec<_>>(),
            pages,
            "the set of pages changed"
        );
        let old = titles
            .values()
            .filter(|t| t.contains(title.as_str()))
            .count();
        let new = titles
            .values()
            .filter(|t| t.contains(next.as_str()))
            .count();
        assert!(
            (old == pages.len() && new == 0) || (new == pages.len() && old == 0),
            "killed after {delay_ms} ms (finished: {finished}): {old} old pages and {new} new ones"
        );
        outcomes.push(new == pages.len());
        if new == pages.len() {
            title = next;
        } else {
            // Put site.yaml back to what the live site shows, for the next round.
            std::fs::write(
                site.path().join("site.yaml"),
                config.replace("株洲日报·评论", &title),
            )
            .unwrap();
        }
    }
    assert!(
        outcomes.contains(&false) && outcomes.contains(&true),
        "no kill landed mid-build: {outcomes:?}"
    );
    // Whatever was left behind, the next build completes and is right.
    build_ok(site.path(), &[]);
    assert!(
        site_titles(&dist)
            .values()
            .all(|t| t.contains(title.as_str()))
    );
}

#[test]
fn a_settings_change_renders_every_page_again_with_its_whole_text() {
    let site = sample_site();
    let dist = site.path().join("dist");
    build_ok(site.path(), &[]);
    // This build knows every article from the cache and reads none of them...
    build_ok(site.path(), &[]);
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    write(
        site.path(),
        "site.yaml",
        config.replace("株洲日报·评论", "株洲日报·言论"),
    );
    // ...and this one must read them again to render their pages.
    let run = build_ok(site.path(), &[]);
    // Every page shows the site's title; the search index does not, and is kept.
    assert!(
        run.stdout.contains("(57 files, 10 unchanged)"),
        "{}",
        run.stdout
    );
    let page = read(&dist, LI_JUN_PAGE);
    assert!(page.contains("<title>以价值创造为社会工作添彩 · 株洲日报·言论</title>"));
    assert!(
        page.contains("让“金点子”都结出“金果子”。</p>"),
        "the body is whole"
    );
}

#[test]
fn an_article_edited_in_place_to_the_same_length_is_read_again() {
    let site = sample_site();
    let dist = site.path().join("dist");
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    // Same size, same inode: only the modification time tells.
    std::thread::sleep(Duration::from_millis(20));
    let path = site.path().join(LI_JUN);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("金果子", "金种子");
    assert_eq!(edited.len(), text.len());
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .write_all(edited.as_bytes())
        .unwrap();
    build_ok(site.path(), &[]);
    assert!(read(&dist, LI_JUN_PAGE).contains("金种子"));
}

#[test]
fn the_source_cache_learns_each_edit() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let cache = site.path().join(".dist.sources");
    let before = std::fs::read(&cache).unwrap();
    let text = std::fs::read_to_string(site.path().join(LI_JUN)).unwrap();
    write(
        site.path(),
        LI_JUN,
        text.replace("title: 以价值创造为社会工作添彩", "title: 缓存记住新标题"),
    );
    build_ok(site.path(), &[]);
    let after = std::fs::read(&cache).unwrap();
    assert_ne!(after, before, "the edited file's entry was written again");
    assert!(String::from_utf8_lossy(&after).contains("title: 缓存记住新标题"));
    // Nothing changed since: the cache is left as it is.
    let modified = std::fs::metadata(&cache).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    build_ok(site.path(), &[]);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        modified
    );
}
