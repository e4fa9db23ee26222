//! Builds that must fail: broken articles, a broken theme, an output folder that would
//! replace the site. Each pins the exact text users see, and checks that the previous output
//! folder is left as it was with nothing new beside it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{build, entries, fixture_site, read_tree, sample_site, tempdir, write};

const MARKER: &str = "dist/marker.txt";
const MARKER_TEXT: &str = "the previous build\n";

/// Puts a previous build's `dist/` into `site`: the sample site built there by broadsheet,
/// plus a marker file added by hand (which later builds keep).
fn add_previous_build(site: &Path) {
    let sample = sample_site();
    let dist = site.join("dist");
    let run = build(
        sample.path(),
        &["--output", dist.to_str().expect("a UTF-8 path")],
    );
    assert!(run.success, "the previous build failed: {}", run.stderr);
    write(site, MARKER, MARKER_TEXT);
}

/// A snapshot of what the site folder holds at its top and in `dist/`.
fn state(site: &Path) -> (BTreeSet<String>, BTreeMap<String, Vec<u8>>) {
    (entries(site), read_tree(&site.join("dist")))
}

fn assert_untouched(site: &Path, before: &(BTreeSet<String>, BTreeMap<String, Vec<u8>>)) {
    let after = state(site);
    assert_eq!(after.0, before.0, "files appeared or vanished beside dist/");
    assert!(
        after.1.contains_key("marker.txt") && after.1.contains_key("index.html"),
        "dist/ lost the previous build"
    );
    assert_eq!(after.1, before.1, "dist/ changed");
}

/// Builds `site` over a previous build's `dist/`: the build must fail with exactly `stderr`
/// (exit status 1) and leave `dist/` and the site's folder as they were.
fn fails_leaving_dist_untouched(site: &Path, stderr: &str) {
    add_previous_build(site);
    let before = state(site);
    let run = build(site, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr, stderr);
    assert_untouched(site, &before);
}

/// An article saved as GBK, as older newsroom tools do: `标题` is B1EA CCE2 there.
const GBK_ARTICLE: &[u8] =
    b"---\ntitle: \xb1\xea\xcc\xe2\nauthor: \xc0\xee\xba\xea\n---\n\n\xd5\xfd\xce\xc4\n";

#[test]
fn reports_every_problem_of_a_broken_site_with_its_place_and_keeps_dist() {
    let site = fixture_site("broken");
    write(site.path(), "articles/gbk.md", GBK_ARTICLE);
    add_previous_build(site.path());
    let before = state(site.path());

    let run = build(site.path(), &[]);

    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "articles/bad-date.md:4:7: `2026-02-30` is not a day of the calendar: check the month and day\n\
         articles/dup-b.md:4:7: this article and articles/dup-a.md would both be at articles/same/: give one of them another `slug:`\n\
         articles/gbk.md:2:8: not valid UTF-8 text here: save the file as UTF-8\n\
         articles/typo.md:3:1: unknown key `auther` (did you mean `author`?)\n\
         articles/unclosed.md:1:1: the front matter opened here is never closed: add a line `---` after its last field\n\
         articles/yaml-syntax.md:3:10: YAML: mapping values are not allowed in this context (a value containing `: ` must be quoted, as in `title: \"标题: 副题\"`)\n\
         articles/缺标题.md:1:1: missing `title`: add a line `title: 文章标题` to the front matter\n\
         error: the build failed: 7 problems found; the output folder was left as it was\n"
    );
    assert_untouched(site.path(), &before);
}

#[test]
fn errors_on_duplicate_slug_naming_both_files() {
    let site = fixture_site("duplicate-slug");
    fails_leaving_dist_untouched(
        site.path(),
        "articles/dup-b.md:4:7: this article and articles/dup-a.md would both be at articles/same/: give one of them another `slug:`\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n",
    );
}

#[test]
fn a_draft_that_takes_a_published_articles_url_is_an_error_with_or_without_drafts() {
    for flags in [&[][..], &["--drafts"][..]] {
        let site = sample_site();
        write(
            site.path(),
            "articles/新稿.md",
            "---\ntitle: 新稿\nauthor: 李宏\ndate: 2026-03-27\nslug: yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai\ndraft: true\n---\n\n还没写完。\n",
        );
        add_previous_build(site.path());
        let before = state(site.path());
        let run = build(site.path(), flags);
        assert_eq!(run.code, Some(1), "{flags:?}: {}", run.stdout);
        assert_eq!(
            run.stderr,
            "articles/新稿.md:5:7: this article and articles/以价值创造为社会工作添彩.md would both be at articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/: give one of them another `slug:`\n\
             error: the build failed: 1 problem found; the output folder was left as it was\n",
            "{flags:?}"
        );
        assert_untouched(site.path(), &before);
    }
}

#[test]
fn errors_on_a_file_that_is_not_utf8_at_its_first_bad_byte() {
    let site = sample_site();
    let mut bytes = "---\ntitle: 乱码\nauthor: 李宏\n---\n\n第一段"
        .as_bytes()
        .to_vec();
    bytes.extend([0xff, 0xfe, b'\n']);
    write(site.path(), "articles/乱码.md", bytes);
    write(site.path(), "articles/gbk.md", GBK_ARTICLE);
    fails_leaving_dist_untouched(
        site.path(),
        "articles/gbk.md:2:8: not valid UTF-8 text here: save the file as UTF-8\n\
         articles/乱码.md:6:4: not valid UTF-8 text here: save the file as UTF-8\n\
         error: the build failed: 2 problems found; the output folder was left as it was\n",
    );
}

#[test]
fn names_the_theme_file_and_line_of_a_template_syntax_error() {
    let site = fixture_site("theme-syntax-error");
    // Line 5 is `  {{ card.title | upper( }}`; column 26 is its `}}`.
    fails_leaving_dist_untouched(
        site.path(),
        "themes/mine/templates/article.html:5:26: Found `}}` but expected identifier.\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n",
    );
}

#[test]
fn a_template_that_fails_while_rendering_leaves_dist_as_it_was() {
    // Unlike a syntax error, this one is found only while pages are being written into the
    // staging folder, which must then be removed.
    let site = fixture_site("theme-override");
    write(
        site.path(),
        "themes/mine/templates/article.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ card.title }}</h1>\n\
         <p>{{ card.no_such_field | upper }}</p>\n{% endblock main %}\n",
    );
    // Line 4 is `<p>{{ card.no_such_field | upper }}</p>`; column 7 is `card`.
    fails_leaving_dist_untouched(
        site.path(),
        "themes/mine/templates/article.html:4:7: Invalid type for the value, expected `string` but got `undefined` (on 2 pages)\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n",
    );
}

#[test]
fn errors_when_the_source_has_no_articles_folder() {
    let site = tempdir();
    let run = build(site.path(), &[]);

    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "articles: no articles folder: create {}/ and put one .md file per article in it\n\
             error: the build failed: 1 problem found; the output folder was left as it was\n",
            site.path().join("articles").display()
        )
    );
    assert!(
        entries(site.path()).is_empty(),
        "the build wrote into the folder"
    );
}

#[test]
fn refuses_an_output_folder_that_is_the_site_or_its_articles() {
    let site = sample_site();
    let before = read_tree(site.path());
    let absolute = |relative: &str| site.path().join(relative).display().to_string();

    // (working folder, --source, --output); the message names the output as it was given.
    let site_path = site.path().display().to_string();
    let cases = [
        (None, site_path.clone(), site_path.clone()),
        (None, site_path.clone(), absolute("articles")),
        (None, site_path.clone(), format!("{site_path}/articles/")),
        (None, site_path.clone(), absolute("articles/2026")),
        (Some(site.path()), ".".to_owned(), ".".to_owned()),
        (Some(site.path()), ".".to_owned(), "articles".to_owned()),
        (Some(site.path()), ".".to_owned(), "./articles".to_owned()),
    ];
    for (cwd, source, output) in cases {
        let scratch = tempdir();
        let cwd = cwd.unwrap_or(scratch.path());
        let run = common::run_in(cwd, Path::new(&source), &["--output", &output]);
        assert_eq!(run.code, Some(1), "--output {output} was accepted");
        assert_eq!(
            run.stderr,
            format!(
                "{output}: the output folder would replace the site's own files: choose another --output, such as dist\n\
                 error: the build failed: 1 problem found; the output folder was left as it was\n"
            ),
            "--source {source} --output {output}"
        );
        assert!(entries(scratch.path()).is_empty());
        assert_eq!(
            read_tree(site.path()),
            before,
            "--output {output} changed the site"
        );
    }
}

#[test]
fn refuses_an_output_path_that_names_the_site_through_dot_dot() {
    // The site sits inside another temporary folder so that whatever a failed build moves
    // beside it is cleaned up with the test.
    let outer = tempdir();
    let site = outer.path().join("site");
    let sample = sample_site();
    common::copy_dir(sample.path(), &site);
    let before = read_tree(&site);
    let output = format!("{}/../site", site.display());

    let run = build(&site, &["--output", &output]);

    assert!(
        site.join("articles").is_dir() && site.join("site.yaml").is_file(),
        "the site's own files were moved away; beside it now: {:?}",
        entries(outer.path())
    );
    assert_eq!(read_tree(&site), before, "the site's files changed");
    assert!(!run.success, "--output {output} was accepted");
    assert!(
        run.stderr
            .contains("the output folder would replace the site's own files"),
        "{}",
        run.stderr
    );
    assert_eq!(entries(outer.path()), BTreeSet::from(["site".to_owned()]));
}

#[test]
fn refuses_static_files_that_link_outside_the_site() {
    let site = sample_site();
    let outside = tempdir();
    write(outside.path(), "secret.txt", "outside the site");
    write(site.path(), "static/own.txt", "the site's own");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/leak.txt"),
    )
    .unwrap();
    fails_leaving_dist_untouched(
        site.path(),
        "static/leak.txt: links outside the site's folder (or nowhere): copy the file into the site instead\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n",
    );
}

/// A site of `articles` (file name → text) and `site.yaml`, and nothing else.
fn small_site(site_yaml: &str, articles: &[(&str, &str)]) -> tempfile::TempDir {
    let site = tempdir();
    write(site.path(), "site.yaml", site_yaml);
    for (name, text) in articles {
        write(site.path(), &format!("articles/{name}"), text);
    }
    site
}

const A_DATE: &str = "defaults:\n  date: 2026-03-27\n";

#[test]
fn reports_each_control_character_that_xml_forbids_at_its_place_and_names_it() {
    let site = small_site(
        A_DATE,
        &[
            (
                "控制字符.md",
                "---\ntitle: 标题\u{b}换行\nauthor: 李宏\nsummary: 导语\u{1}\nextra:\n  credit: 图\u{fffe}\n---\n\n第一段\u{c}。\n\n第二段\u{0}与\u{ffff}。\n",
            ),
            (
                "转义.md",
                "---\ntitle: 转义\nauthor: 李宏\nnote: \"注\\x0b释\"\ntags: [\"a\\u0001\", 'b\\v']\n---\n\n正文。\n",
            ),
            (
                "字符引用.md",
                "---\ntitle: 字符引用\nauthor: 李宏\n---\n\n正文&#11;与&#x1F;。\n",
            ),
            (
                "正文.md",
                "---\ntitle: 正文\nauthor: 李宏\n---\n\n正文\u{8}。\n",
            ),
        ],
    );
    fails_leaving_dist_untouched(
        site.path(),
        "articles/字符引用.md:6:3: `&#11;` here stands for a control character U+000B, which feeds and sitemaps cannot carry: delete it\n\
         articles/字符引用.md:6:9: `&#x1F;` here stands for a control character U+001F, which feeds and sitemaps cannot carry: delete it\n\
         articles/控制字符.md:2:10: a control character U+000B (vertical tab) here: delete it, or start a new line (Word's manual line break, Shift+Enter, pastes as U+000B)\n\
         articles/控制字符.md:4:12: a control character U+0001 (start of heading) here: delete it\n\
         articles/控制字符.md:6:12: a noncharacter U+FFFE here, which feeds and sitemaps cannot carry: delete it\n\
         articles/控制字符.md:9:4: a control character U+000C (form feed) here: delete it\n\
         articles/控制字符.md:11:4: a control character U+0000 (null) here: delete it\n\
         articles/控制字符.md:11:6: a noncharacter U+FFFF here, which feeds and sitemaps cannot carry: delete it\n\
         articles/正文.md:6:3: a control character U+0008 (backspace) here: delete it\n\
         articles/转义.md:4:9: `\\x0b` here writes a control character U+000B (vertical tab), which feeds and sitemaps cannot carry: delete it\n\
         articles/转义.md:5:10: `\\u0001` here writes a control character U+0001 (start of heading), which feeds and sitemaps cannot carry: delete it\n\
         error: the build failed: 11 problems found; the output folder was left as it was\n",
    );
}

#[test]
fn reports_control_characters_in_site_yaml_at_their_place() {
    let site = small_site(
        "title: 株洲日报\u{b}评论\ndescription: \"评论\\b版\"\n",
        &[(
            "a.md",
            "---\ntitle: 甲\nauthor: 李宏\ndate: 2026-03-27\n---\n",
        )],
    );
    fails_leaving_dist_untouched(
        site.path(),
        "site.yaml:1:12: a control character U+000B (vertical tab) here: delete it, or start a new line (Word's manual line break, Shift+Enter, pastes as U+000B)\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n",
    );
    write(
        site.path(),
        "site.yaml",
        "title: 株洲日报\ndescription: \"评论\\b版\"\n",
    );
    fails_leaving_dist_untouched(
        site.path(),
        "site.yaml:2:17: `\\b` here writes a control character U+0008 (backspace), which feeds and sitemaps cannot carry: delete it\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n",
    );
}

#[test]
fn refuses_in_front_matter_the_characters_yaml_reads_as_line_breaks() {
    let site = small_site(
        A_DATE,
        &[(
            "a.md",
            "---\ntitle: 甲\u{2028}乙\nauthor: 李宏\nsummary: 导\u{85}语\n---\n\n正文\u{2028}与\u{85}都可以。\n",
        )],
    );
    fails_leaving_dist_untouched(
        site.path(),
        "articles/a.md:2:9: U+2028 (line separator) here, which YAML reads as a line break: delete it, or write a space\n\
         articles/a.md:4:11: U+0085 (next line) here, which YAML reads as a line break: delete it, or write a space\n\
         error: the build failed: 2 problems found; the output folder was left as it was\n",
    );
}

#[test]
fn a_subtitle_over_two_lines_and_a_misspelt_subtitle_are_errors_at_their_place() {
    let site = small_site(
        A_DATE,
        &[
            (
                "副题.md",
                "---\ntitle: 甲\nauthor: 李宏\nsubtitle: \"a\\nb\"\n---\n\n正文。\n",
            ),
            (
                "拼错.md",
                "---\ntitle: 乙\nauthor: 李宏\nsubtitel: ——从一份调查说起\n---\n\n正文。\n",
            ),
        ],
    );
    fails_leaving_dist_untouched(
        site.path(),
        "articles/副题.md:4:11: `subtitle` is one line of text, but this one holds a line break: join its lines into one\n\
         articles/拼错.md:4:1: unknown key `subtitel` (did you mean `subtitle`?)\n\
         error: the build failed: 2 problems found; the output folder was left as it was\n",
    );
}

#[test]
fn counts_lines_ended_by_a_lone_carriage_return() {
    let site = small_site(
        A_DATE,
        &[
            ("cr.md", "---\rtitle: 甲\rauther: 李宏\r---\r\r正文。\r"),
            (
                "crlf.md",
                "---\r\ntitle: 乙\r\nauthor: 李宏\r\ndate: 2026-02-30\r\n---\r\n",
            ),
            (
                "mixed.md",
                "---\ntitle: 丙\r\nauthor: 李宏\rtags: [a\n---\n",
            ),
        ],
    );
    fails_leaving_dist_untouched(
        site.path(),
        "articles/cr.md:3:1: unknown key `auther` (did you mean `author`?)\n\
         articles/crlf.md:4:7: `2026-02-30` is not a day of the calendar: check the month and day\n\
         articles/mixed.md:5:1: YAML: did not find expected ',' or ']', while parsing a flow sequence that starts at line 4 column 7\n\
         error: the build failed: 3 problems found; the output folder was left as it was\n",
    );
}

#[test]
fn errors_on_a_key_given_twice_at_the_second_naming_the_first() {
    let site = small_site(
        "title: 评论\ndefaults:\n  date: 2026-03-27\nauthors:\n  李宏:\n    bio: 甲\n  李军: {bio: 乙}\n  李宏:\n    bio: 丙\n",
        &[("a.md", "---\ntitle: 甲\nauthor: 李宏\n---\n")],
    );
    fails_leaving_dist_untouched(
        site.path(),
        "site.yaml:8:3: `李宏` is given twice in `authors`; the first is at line 5\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n",
    );
    write(site.path(), "site.yaml", A_DATE);
    write(
        site.path(),
        "articles/a.md",
        "---\ntitle: 甲\nauthor: 李宏\nextra:\n  source: 株洲日报\n  page: 3\n  source: 新华社\n---\n",
    );
    write(
        site.path(),
        "articles/b.md",
        "---\ntitle: 乙\nauthor: 李宏\nextra: {photo: {by: 甲, by: 乙}}\n---\n",
    );
    write(
        site.path(),
        "articles/c.md",
        "---\ntitle: 丙\nauthor: 李宏\nsection: 评论\ntitle: 丁\n---\n",
    );
    fails_leaving_dist_untouched(
        site.path(),
        "articles/a.md:7:3: `source` is given twice in `extra`; the first is at line 5\n\
         articles/b.md:4:24: `by` is given twice in `extra.photo`; the first is at line 4\n\
         articles/c.md:5:1: `title` is given twice; the first is at line 2\n\
         error: the build failed: 3 problems found; the output folder was left as it was\n",
    );
}

#[test]
fn errors_on_a_pinned_slug_that_takes_another_authors_page_naming_both() {
    let site = sample_site();
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(!config.contains("authors:"), "the sample pins no author");
    let config = format!("{config}authors:\n  李军: {{slug: li-hong}}\n");
    write(site.path(), "site.yaml", &config);
    let line = config
        .lines()
        .position(|l| l.contains("李军: {slug"))
        .unwrap()
        + 1;
    fails_leaving_dist_untouched(
        site.path(),
        &format!(
            "site.yaml:{line}:14: `slug: li-hong` for author 李军 is the page of author 李宏, whose name spells li-hong: the pin would move 李宏 to another address; give 李军 another slug\n\
             error: the build failed: 1 problem found; the output folder was left as it was\n"
        ),
    );

    let config = std::fs::read_to_string(site.path().join("site.yaml"))
        .unwrap()
        .replace(
            "李军: {slug: li-hong}",
            "李军: {slug: jun}\n  任远:\n    slug: jun",
        );
    write(site.path(), "site.yaml", &config);
    fails_leaving_dist_untouched(
        site.path(),
        &format!(
            "site.yaml:{}:11: `slug: jun` for author 任远 is also pinned for author 李军 (line {line}): two authors cannot share a page; give one of them another slug\n\
             error: the build failed: 1 problem found; the output folder was left as it was\n",
            line + 2
        ),
    );
}

#[test]
fn never_suggests_an_empty_slug() {
    let site = small_site(
        A_DATE,
        &[
            ("。。.md", "---\ntitle: 🎉🎉\nauthor: 李宏\n---\n"),
            ("、、.md", "---\ntitle: 标题\nauthor: 李宏\n---\n"),
            (
                "given.md",
                "---\ntitle: 标题\nauthor: 李宏\nslug: 。。\n---\n",
            ),
            ("。.md", "---\ntitle: 🎉\nauthor: 李宏\nslug: 🎉\n---\n"),
        ],
    );
    fails_leaving_dist_untouched(
        site.path(),
        "articles/given.md:4:7: `slug: 。。` may only use a-z, 0-9, `-`, `_` and `.`: try `slug: biao-ti`\n\
         articles/、、.md:1:1: the file name gives no URL: add `slug: biao-ti` (from the title), or rename the file\n\
         articles/。.md:4:7: `slug: 🎉` may only use a-z, 0-9, `-`, `_` and `.`: write one of those, such as `slug: article-1`\n\
         articles/。。.md:1:1: the file name gives no URL: add a `slug:` of a-z, 0-9 and `-`, such as `slug: article-1`, or give the file a name with letters or Chinese characters\n\
         error: the build failed: 4 problems found; the output folder was left as it was\n",
    );
}

#[test]
fn errors_on_a_base_url_that_is_not_an_address_saying_what_to_write() {
    let site = small_site(A_DATE, &[("a.md", "---\ntitle: 甲\nauthor: 李宏\n---\n")]);
    for (base_url, message) in [
        (
            "example.org",
            "`base_url: example.org` has no scheme: did you mean https://example.org/?",
        ),
        (
            "www.example.org/opinion",
            "`base_url: www.example.org/opinion` has no scheme: did you mean https://www.example.org/opinion/?",
        ),
        (
            "https://exa mple.org/",
            "`base_url: https://exa mple.org/` has a space in its host: did you mean https://example.org/?",
        ),
        (
            "javascript:alert(1)",
            "`base_url: javascript:alert(1)` is not a web address: write the site's address, such as https://example.org/opinion/, or a path such as /opinion/",
        ),
        (
            "ftp://example.org/",
            "`base_url: ftp://example.org/` is not a web address: write the site's address, such as https://example.org/opinion/, or a path such as /opinion/",
        ),
        (
            "https:/example.org",
            "`base_url: https:/example.org` needs two slashes after `https:`: did you mean https://example.org/?",
        ),
        (
            "opinion/",
            "`base_url: opinion/` is neither an address nor a path from the site's root: did you mean /opinion/?",
        ),
        (
            "//example.org/",
            "`base_url: //example.org/` starts with `//`, which browsers read as another host: did you mean https://example.org/?",
        ),
        (
            "https://例子.中国/评论/",
            "`base_url: https://例子.中国/评论/` has a host that is not ASCII: write its ASCII (punycode) form, https://xn--fsqu00a.xn--fiqs8s/评论/",
        ),
        (
            "https://example.org/评论/",
            "`base_url: https://example.org/评论/` has `评` in its path, which URLs carry escaped: write the path as /%E8%AF%84%E8%AE%BA/",
        ),
        (
            "https://example.org/my site/",
            "`base_url: https://example.org/my site/` has a space in its path, which URLs carry escaped: write the path as /my%20site/",
        ),
        (
            "https://example.org:99999/",
            "`base_url: https://example.org:99999/` has no such port `99999`: ports run from 1 to 65535, as in https://example.org:8080/",
        ),
        (
            "https://example.org/?page=1",
            "`base_url: https://example.org/?page=1` has a query or fragment (`?page=1`), which a site's address cannot: remove it",
        ),
        (
            "https://user@example.org/",
            "`base_url: https://user@example.org/` holds a user name (before `@`), which a site's address cannot: write the address without it",
        ),
        (
            "https://exa_mple.org/",
            "`base_url: https://exa_mple.org/` has `_` in its host, which a host name cannot hold: use letters, digits, `-` and `.`",
        ),
        (
            "https://example..org/",
            "`base_url: https://example..org/` has a host with an empty part (`..`, or a dot at an end): check the dots",
        ),
    ] {
        write(
            site.path(),
            "site.yaml",
            format!("title: 评论\nbase_url: {base_url}\n{A_DATE}"),
        );
        fails_leaving_dist_untouched(
            site.path(),
            &format!(
                "site.yaml:2:11: {message}\n\
                 error: the build failed: 1 problem found; the output folder was left as it was\n"
            ),
        );
    }
    for base_url in [
        "https://example.org/opinion/",
        "http://localhost:8080/x",
        "https://[::1]:8080/",
        "http://127.0.0.1/",
        "/opinion/",
        "https://xn--fsqu00a.xn--fiqs8s/%E8%AF%84%E8%AE%BA/",
    ] {
        write(
            site.path(),
            "site.yaml",
            format!("base_url: {base_url}\n{A_DATE}"),
        );
        let run = build(site.path(), &[]);
        assert!(run.success, "{base_url}: {}", run.stderr);
    }
}
