//! Redirects, through the real binary: an article's old addresses (`aliases:`) each get a page
//! that sends the reader on (canonical link, `meta refresh`, `noindex`), and the hosts' files
//! (`_redirects`, `nginx-redirects.map`) list them under the site's base path; aliases that
//! clash with one another or with a page are errors naming both files; bad aliases are errors
//! at their place; a page of the last build that a build no longer has is a warning saying how
//! to keep it.

mod common;

use std::path::Path;

use common::{build, build_ok, read, relist, sample_site, write};

const LI_JUN: &str = "articles/以价值创造为社会工作添彩.md";
const LI_JUN_PATH: &str = "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/";

/// Puts `lines` at the top of the front matter of the article file `relative`.
fn add_to_front_matter(site: &Path, relative: &str, lines: &str) {
    let path = site.join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("---\n", &format!("---\n{lines}"), 1)).unwrap();
}

#[test]
fn each_old_address_gets_a_page_that_sends_the_reader_on() {
    let site = sample_site();
    add_to_front_matter(
        site.path(),
        LI_JUN,
        "aliases:\n  - /2026/03/old-slug/\n  - articles/old\n  - /html/2026-03/27/content_123.htm\n",
    );
    let run = build_ok(site.path(), &[]);
    assert!(
        run.stdout.contains(
            "\nRedirects: 3 old addresses lead to their articles (_redirects, nginx-redirects.map)\n"
        ),
        "{}",
        run.stdout
    );
    let dist = site.path().join("dist");
    let page = read(&dist, "2026/03/old-slug/index.html");
    assert_eq!(
        page,
        format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>以价值创造为社会工作添彩 · 株洲日报·评论</title>\n\
             <meta name=\"robots\" content=\"noindex\">\n\
             <link rel=\"canonical\" href=\"https://example.org/opinion/{LI_JUN_PATH}\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url=../../../{LI_JUN_PATH}\">\n\
             </head>\n<body>\n\
             <p>本文已移至新地址：<a href=\"../../../{LI_JUN_PATH}\">以价值创造为社会工作添彩</a></p>\n\
             </body>\n</html>\n"
        )
    );
    assert!(read(&dist, "articles/old/index.html").contains(&format!("url=../../{LI_JUN_PATH}\"")));
    assert!(
        read(&dist, "html/2026-03/27/content_123.htm")
            .contains(&format!("url=../../../{LI_JUN_PATH}\""))
    );
    // Redirects are no pages of the site: not in the sitemap, the feeds or the search index.
    for file in ["sitemap.xml", "atom.xml", "search/data/d/0.json"] {
        let text = read(&dist, file);
        assert!(
            !text.contains("old-slug") && !text.contains("articles/old/"),
            "{file}"
        );
    }

    assert_eq!(
        read(&dist, "_redirects"),
        format!(
            "# Old addresses of articles (their `aliases:`) and where they lead, made by broadsheet.\n\
             # Netlify and Cloudflare Pages read this file at the root of the site they serve.\n\
             /opinion/2026/03/old-slug/ /opinion/{LI_JUN_PATH} 301\n\
             /opinion/articles/old/ /opinion/{LI_JUN_PATH} 301\n\
             /opinion/html/2026-03/27/content_123.htm /opinion/{LI_JUN_PATH} 301\n"
        )
    );
    assert_eq!(
        read(&dist, "nginx-redirects.map"),
        format!(
            "# Old addresses of articles (their `aliases:`) and where they lead, made by broadsheet.\n\
             # In nginx.conf, inside `http {{ … }}`:\n\
             #     include /path/to/dist/nginx-redirects.map;\n\
             # and inside the site's `server {{ … }}`:\n\
             #     if ($redirect_to) {{ return 301 $redirect_to; }}\n\
             map $uri $redirect_to {{\n    \
             \"/opinion/2026/03/old-slug/\" \"/opinion/{LI_JUN_PATH}\";\n    \
             \"/opinion/2026/03/old-slug\" \"/opinion/{LI_JUN_PATH}\";\n    \
             \"/opinion/articles/old/\" \"/opinion/{LI_JUN_PATH}\";\n    \
             \"/opinion/articles/old\" \"/opinion/{LI_JUN_PATH}\";\n    \
             \"/opinion/html/2026-03/27/content_123.htm\" \"/opinion/{LI_JUN_PATH}\";\n\
             }}\n"
        )
    );

    // At a domain's root, the paths start at `/`; the canonical link follows base_url.
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    std::fs::write(
        site.path().join("site.yaml"),
        yaml.replace("https://example.org/opinion/", "https://news.example.org/"),
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert!(read(&dist, "_redirects").contains(&format!("\n/articles/old/ /{LI_JUN_PATH} 301\n")));
    assert!(
        read(&dist, "nginx-redirects.map")
            .contains(&format!("    \"/articles/old\" \"/{LI_JUN_PATH}\";\n"))
    );
    assert!(read(&dist, "articles/old/index.html").contains(&format!(
        "<link rel=\"canonical\" href=\"https://news.example.org/{LI_JUN_PATH}\">"
    )));

    // Without aliases, no redirect files.
    let plain = sample_site();
    build_ok(plain.path(), &[]);
    assert!(!plain.path().join("dist/_redirects").exists());
    assert!(!plain.path().join("dist/nginx-redirects.map").exists());
}

#[test]
fn aliases_that_clash_are_errors_naming_both_files() {
    let site = sample_site();
    write(
        site.path(),
        "articles/a.md",
        "---\ntitle: 甲\nauthor: 王明\ndate: 2026-03-27\naliases: [/old/, /articles/b/, /articles/a/]\n---\n\n正文。\n",
    );
    write(
        site.path(),
        "articles/b.md",
        "---\ntitle: 乙\nauthor: 王明\ndate: 2026-03-27\naliases:\n  - /sections/\n  - old\n---\n\n正文。\n",
    );
    // A draft's address is its own too.
    write(
        site.path(),
        "articles/c.md",
        "---\ntitle: 丙\nauthor: 王明\ndate: 2026-03-27\ndraft: true\n---\n\n正文。\n",
    );
    add_to_front_matter(site.path(), LI_JUN, "aliases: [articles/c]\n");
    let run = build(site.path(), &[]);
    assert!(!run.success);
    let problems: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        problems,
        [
            "articles/a.md:5:18: `/articles/b/` is the address of articles/b.md: an alias cannot take another article's page; remove it from `aliases:`, or give that article another `slug:`",
            "articles/a.md:5:32: `/articles/a/` is this article's own address: remove it from `aliases:`",
            "articles/b.md:7:5: `/old/` is also an alias of articles/a.md (line 5): an old address leads to one article; remove it from one of them",
            "articles/以价值创造为社会工作添彩.md:2:11: `/articles/c/` is the address of articles/c.md: an alias cannot take another article's page; remove it from `aliases:`, or give that article another `slug:`",
            "error: the build failed: 4 problems found; the output folder was left as it was",
        ],
        "{}",
        run.stderr
    );

    // One that takes a page the site makes itself is found once the site is planned.
    let site = sample_site();
    add_to_front_matter(
        site.path(),
        LI_JUN,
        "aliases:\n  - /sections/\n  - editions/2026\n  - /atom.xml\n",
    );
    let run = build(site.path(), &[]);
    assert!(!run.success);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "articles/以价值创造为社会工作添彩.md:3:5: `/sections/` is a page the site makes itself (sections/index.html): an alias cannot take it; remove it from `aliases:`",
            "articles/以价值创造为社会工作添彩.md:4:5: `/editions/2026/` is a page the site makes itself (editions/2026/index.html): an alias cannot take it; remove it from `aliases:`",
            "articles/以价值创造为社会工作添彩.md:5:5: `/atom.xml/` is a page the site makes itself (atom.xml): an alias cannot take it; remove it from `aliases:`",
            "error: the build failed: 3 problems found; the output folder was left as it was",
        ]
    );
}

#[test]
fn an_alias_that_is_no_path_of_the_site_is_an_error_at_its_place() {
    let site = sample_site();
    add_to_front_matter(
        site.path(),
        LI_JUN,
        "aliases:\n  - https://old.example.org/a/\n  - /a/../b/\n  - /a/?id=3\n  - /评论/\n  - /a/\n  - a\naliases_x: 1\n",
    );
    let run = build(site.path(), &[]);
    assert!(!run.success);
    // An unknown key is a YAML error: it stops the file's other checks.
    assert!(run.stderr.starts_with("articles/以价值创造为社会工作添彩.md:9:1: unknown key `aliases_x` (did you mean `aliases`?)\n"), "{}", run.stderr);

    let site = sample_site();
    add_to_front_matter(
        site.path(),
        LI_JUN,
        "aliases:\n  - https://old.example.org/a/\n  - /a/../b/\n  - /a/?id=3\n  - /评论/\n  - /a/\n  - a\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "articles/以价值创造为社会工作添彩.md:3:5: `https://old.example.org/a/` is a full address: an alias is a path from the site's root, such as /articles/old-slug/ (redirects from another site belong to that site)",
            "articles/以价值创造为社会工作添彩.md:4:5: `/a/../b/` has a `..` part: write the path from the site's root as it is, without `.` or `..`",
            "articles/以价值创造为社会工作添彩.md:5:5: `/a/?id=3` has a query string (`?id=3`): hosts redirect by the path alone; write the path without it",
            "articles/以价值创造为社会工作添彩.md:6:5: `/评论/` holds `评`: an alias may hold ASCII letters, digits, `/` and -._~!*'(),+=:@",
            "articles/以价值创造为社会工作添彩.md:8:5: `/a/` is given twice in `aliases`; the first is at line 7",
            // (An article that fails its checks is missing from its edition too.)
            "editions/2026-03-27.yaml:9:9: no article file articles/以价值创造为社会工作添彩.md: write the name of its file in articles/, without .md",
            "error: the build failed: 6 problems found; the output folder was left as it was",
        ]
    );
}

#[test]
fn a_page_of_the_last_build_that_is_gone_is_a_warning_saying_how_to_keep_it() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    // The editor renames the file: its pinyin slug, and so its URL, change.
    std::fs::rename(
        site.path().join(LI_JUN),
        site.path().join("articles/价值创造为社会工作添彩.md"),
    )
    .unwrap();
    relist(
        site.path(),
        "以价值创造为社会工作添彩",
        Some("价值创造为社会工作添彩"),
    );
    let run = build_ok(site.path(), &[]);
    assert_eq!(
        run.stderr,
        format!(
            "warning: /opinion/{LI_JUN_PATH} was in the last build and is gone: add `aliases: [/{LI_JUN_PATH}]` to the article that replaced it\n"
        )
    );
    let dist = site.path().join("dist");
    assert!(!dist.join(LI_JUN_PATH).exists());
    // Built again as it is, the last build no longer had it: no warning.
    let run = build_ok(site.path(), &[]);
    assert_eq!(run.stderr, "");

    // Doing as told keeps the old address.
    std::fs::rename(
        site.path().join("articles/价值创造为社会工作添彩.md"),
        site.path().join(LI_JUN),
    )
    .unwrap();
    relist(
        site.path(),
        "价值创造为社会工作添彩",
        Some("以价值创造为社会工作添彩"),
    );
    build_ok(site.path(), &[]);
    std::fs::rename(
        site.path().join(LI_JUN),
        site.path().join("articles/价值创造为社会工作添彩.md"),
    )
    .unwrap();
    relist(
        site.path(),
        "以价值创造为社会工作添彩",
        Some("价值创造为社会工作添彩"),
    );
    add_to_front_matter(
        site.path(),
        "articles/价值创造为社会工作添彩.md",
        &format!("aliases: [/{LI_JUN_PATH}]\n"),
    );
    let run = build_ok(site.path(), &[]);
    assert_eq!(run.stderr, "");
    assert!(read(&dist, &format!("{LI_JUN_PATH}index.html")).contains("http-equiv=\"refresh\""));

    // A draft, or an article not due yet, keeps its address: it comes back.
    let drafted = site.path().join("articles/价值创造为社会工作添彩.md");
    let text = std::fs::read_to_string(&drafted).unwrap();
    std::fs::write(&drafted, text.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
    let run = build_ok(site.path(), &[]);
    assert_eq!(run.stderr, "");
}

#[test]
fn a_topic_whose_last_article_drops_its_tag_goes_without_a_warning() {
    // A topic's pages come and go with its tag, as a section's do: nothing to redirect.
    let site = sample_site();
    let text = std::fs::read_to_string(site.path().join(LI_JUN)).unwrap();
    add_to_front_matter(site.path(), LI_JUN, "tags: [社会工作]\n");
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    assert!(dist.join("topics/she-hui-gong-zuo/index.html").exists());
    std::fs::write(site.path().join(LI_JUN), text).unwrap();
    let run = build_ok(site.path(), &[]);
    assert_eq!(run.stderr, "");
    assert!(!dist.join("topics/she-hui-gong-zuo/index.html").exists());
}

#[test]
fn many_pages_gone_are_named_ten_at_a_time() {
    let site = sample_site();
    for n in 0..12 {
        write(
            site.path(),
            &format!("articles/extra/p{n:02}.md"),
            format!("---\ntitle: 篇{n}\nauthor: 王明\ndate: 2026-03-26\n---\n\n正文。\n"),
        );
    }
    build_ok(site.path(), &[]);
    std::fs::remove_dir_all(site.path().join("articles/extra")).unwrap();
    let run = build_ok(site.path(), &[]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 11, "{}", run.stderr);
    assert_eq!(
        lines[0],
        "warning: /opinion/articles/p00/ was in the last build and is gone: add `aliases: [/articles/p00/]` to the article that replaced it"
    );
    assert_eq!(
        lines[10],
        "warning: and 2 more pages of the last build are gone"
    );
    // The listings they were on (their author's page, the day's edition) come and go with them.
    assert!(!run.stderr.contains("authors/") && !run.stderr.contains("editions/"));
}

#[test]
fn a_sites_own_redirects_file_clashes_only_when_aliases_make_one() {
    let site = sample_site();
    write(site.path(), "static/_redirects", "/a/ /b/ 301\n");
    build_ok(site.path(), &[]);
    assert_eq!(
        read(&site.path().join("dist"), "_redirects"),
        "/a/ /b/ 301\n"
    );
    add_to_front_matter(site.path(), LI_JUN, "aliases: [/old/]\n");
    let run = build(site.path(), &[]);
    assert!(!run.success);
    assert!(
        run.stderr.starts_with(
            "static/_redirects: the site makes /_redirects itself: rename or move this file\n"
        ),
        "{}",
        run.stderr
    );
}
