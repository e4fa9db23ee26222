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
            "---\ntitle: 新稿\nauthor: 李宏\nslug: yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai\ndraft: true\n---\n\n还没写完。\n",
        );
        add_previous_build(site.path());
        let before = state(site.path());
        let run = build(site.path(), flags);
        assert_eq!(run.code, Some(1), "{flags:?}: {}", run.stdout);
        assert_eq!(
            run.stderr,
            "articles/新稿.md:4:7: this article and articles/以价值创造为社会工作添彩.md would both be at articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/: give one of them another `slug:`\n\
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
