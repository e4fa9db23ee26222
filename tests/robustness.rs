//! Nothing panics on user input: thousands of articles and settings files made of random
//! pieces of real ones (cut, repeated, spliced with odd characters) go through the parsers,
//! the Markdown renderer and whole builds, and either build or fail with a placed message.

mod common;

use std::path::Path;

use broadsheet::config::Config;
use broadsheet::load::{FileKey, SourceFile};
use common::Random;

const PIECES: &[&str] = &[
    "---\n",
    "---",
    "title: ",
    "author: ",
    "[李宏, 李红]",
    "date: 2026-03-27",
    "date: 2026-02-30T25:61:00+99:99",
    "section: 基层治理",
    "slug: ../x",
    "summary: “引号”",
    "tags: [a, b",
    "extra: {a: [1, 2.5, null]}",
    "draft: yes",
    ": : :",
    "\t",
    "\r\n",
    "\u{feff}",
    "*",
    "**",
    "***",
    "_",
    "`",
    "```",
    "#",
    "## 一、",
    "> ",
    "- ",
    "1. ",
    "[链接](",
    ")",
    "<script>",
    "</div>",
    "&amp;",
    "。",
    "，",
    "“",
    "”",
    "【",
    "】",
    "\n\n",
    "\n",
    " ",
    "醴陵",
    "外脑",
    "ZZSK2025126",
    "\u{0}",
    "\u{200b}",
    "𠀀",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "~~",
];

fn random_text(random: &mut Random) -> String {
    let mut text = String::new();
    if random.below(3) > 0 {
        text.push_str("---\ntitle: 标题\nauthor: 作者\ndate: 2026-03-27\n");
    }
    for _ in 0..random.below(60) {
        text.push_str(PIECES[random.below(PIECES.len())]);
    }
    text
}

#[test]
fn random_articles_never_panic_the_parsers() {
    let config = Config::parse(Path::new("/x"), Path::new("site.yaml"), "").unwrap();
    let mut random = Random(7);
    for n in 0..5000 {
        let text = random_text(&mut random);
        let file = SourceFile {
            shown: format!("articles/{n}.md").into(),
            stem: format!("{n}"),
            key: FileKey::default(),
            text: text.clone(),
            cached: None,
        };
        match broadsheet::validate::article(&file, &config) {
            Ok(article) => assert!(article.body.html.is_some()),
            Err(problems) => {
                assert!(!problems.is_empty());
                for problem in problems {
                    assert_eq!(problem.path, file.shown, "{text:?}");
                    assert!(!problem.message.is_empty());
                }
            }
        }
        let _ = broadsheet::markdown::render(&text);
        let _ = broadsheet::date::Date::parse(&text);
        let _ = broadsheet::slug::slugify(&text);
    }
}

#[test]
fn random_settings_never_panic() {
    let mut random = Random(11);
    let keys = [
        "title: ",
        "base_url: ",
        "paginate: ",
        "theme: ",
        "defaults:\n  date: ",
        "authors: {李宏: {slug: ",
        "reading_rate: {chinese: ",
        "feed_content: ",
        "schema_types: ",
    ];
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..random.below(6) {
            text.push_str(keys[random.below(keys.len())]);
            text.push_str(PIECES[random.below(PIECES.len())]);
            text.push('\n');
        }
        if let Err(problem) = Config::parse(Path::new("/x"), Path::new("site.yaml"), &text) {
            assert_eq!(problem.path, Path::new("site.yaml"));
        }
    }
}

#[test]
fn whole_builds_of_random_sites_build_or_report() {
    let mut random = Random(13);
    for _ in 0..20 {
        let site = common::tempdir();
        for n in 0..8 {
            common::write(
                site.path(),
                &format!("articles/{n}.md"),
                random_text(&mut random),
            );
        }
        let options = broadsheet::BuildOptions {
            source: site.path().to_path_buf(),
            output: None,
            drafts: random.below(2) == 0,
            now: None,
            future: broadsheet::Future::LeaveOut,
        };
        match broadsheet::build(&options) {
            Ok(summary) => assert!(site.path().join("dist/index.html").exists(), "{summary:?}"),
            Err(broadsheet::BuildError::Content(problems)) => {
                assert!(!problems.is_empty());
                assert!(
                    !site.path().join("dist").exists(),
                    "a failed build wrote dist/"
                );
            }
            Err(other) => panic!("{other}"),
        }
    }
}
