//! `broadsheet import` writes editions (`editions/<date>.yaml`, /work/shared/spec/EDITIONS.md):
//! a page's number comes from `--page` or its file name and is never invented; the date from
//! `--date` or the file name; several pages of a day go into one file; an existing edition file
//! keeps every line, hand edits included, and gets the new page in number order; the same page
//! again is refused without `--force` and replaced with it; and a bad page among several stops
//! the whole import. Every run goes through the binary.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Run, repo_root, tempdir};
use serde::Deserialize;

/// The seed page, as the newsroom received it.
fn seed() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/seed_page.txt")).expect("the seed")
}

/// A small page of two articles made up for these tests (not a newspaper's text): a theory
/// page (理论) with designers and proofreaders in its credits, and a sentence cut by the layout.
const THEORY_PAGE: &str = "用好社区议事的“小板凳”

陈晓岚

社区里的大事小情,居民最有发言权。把议事会开到楼栋口,让居民坐下来说、围起来议,许多难题便有

了解法。

议事不是走过场。每一条意见都要有回音,办没办、怎么办,都要在下一次议事时讲清楚。

(作者单位:株洲市社区治理研究会)

城市观察

夜间经济要亮更要暖

周正平

【烟火气背后,是城市对普通人的体贴。】

夜市的灯火点亮了街巷,也考验着城市的管理能力。摊位如何规划,垃圾如何清运,噪声如何控制,样样都需细致安排。

让夜间经济既亮起来又暖起来,城市才更有温度。

理论

责任编辑:刘思远

美编:王小丫

校对:林 森

投稿邮箱:llb@example.cn
";

/// The seed page's entry in an edition, after `number` (when it has one): the sample's.
fn seed_entry() -> String {
    let edition = common::sample_edition();
    let (_, entry) = edition
        .split_once("  - ")
        .expect("the sample's edition has a page");
    format!("    {entry}")
}

/// The theory page's entry, after `number`.
const THEORY_ENTRY: &str = "    name: 理论
    editors: [刘思远]
    designers: [王小丫]
    proofreaders: [林森]
    submission_email: llb@example.cn
    articles:
      - 用好社区议事的“小板凳”
      - 夜间经济要亮更要暖
";

/// A page's entry with its number: `  - number: 5` and the rest.
fn numbered(number: u32, rest: &str) -> String {
    format!("  - number: {number}\n{rest}")
}

/// Runs `broadsheet <args>` in `cwd`.
fn try_run(cwd: &Path, args: &[&str]) -> Run {
    common::run_command(cwd, args)
}

/// Runs `broadsheet <args>` in `cwd` and panics, showing what it printed, unless it succeeds.
fn run_ok(cwd: &Path, args: &[&str]) -> Run {
    let run = try_run(cwd, args);
    assert_eq!(
        run.code,
        Some(0),
        "{args:?}\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}

/// A scratch folder holding the given pages.
fn folder_with(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempdir();
    for (name, text) in pages {
        common::write(dir.path(), name, text);
    }
    dir
}

/// Every file below `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::read_tree(dir)
}

/// An edition file as EDITIONS.md defines it: no key it does not name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecEdition {
    #[allow(dead_code)]
    issue: Option<serde_yaml::Value>,
    pages: Vec<SpecPage>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct SpecPage {
    number: Option<u32>,
    name: Option<String>,
    editors: Option<Vec<String>>,
    designers: Option<Vec<String>>,
    proofreaders: Option<Vec<String>>,
    submission_email: Option<String>,
    articles: Vec<String>,
}

/// Reads `editions/<date>.yaml` below `site`, checks it against the spec (every article
/// named exists as `articles/<entry>.md`) and gives its pages' numbers and names.
fn edition_pages(site: &Path, date: &str) -> Vec<(Option<u32>, Option<String>)> {
    let text = common::read(site, &format!("editions/{date}.yaml"));
    let edition: SpecEdition =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    for page in &edition.pages {
        for article in &page.articles {
            assert!(
                site.join("articles")
                    .join(format!("{article}.md"))
                    .is_file(),
                "{article} is listed but has no file:\n{text}"
            );
        }
    }
    edition
        .pages
        .into_iter()
        .map(|page| (page.number, page.name))
        .collect()
}

#[test]
fn page_gives_the_pages_number() {
    let dir = folder_with(&[("page.txt", &seed())]);
    let run = run_ok(
        dir.path(),
        &["import", "page.txt", "--date", "2026-03-27", "--page", "5"],
    );
    assert_eq!(
        common::read(dir.path(), "editions/2026-03-27.yaml"),
        format!(
            "# 2026年3月27日 星期五\npages:\n{}",
            numbered(5, &seed_entry())
        )
    );
    assert!(
        run.stdout
            .starts_with("page.txt: 7 articles found (2026-03-27, page 5)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nwrote editions/2026-03-27.yaml (page 5 评论, 7 articles)\n"),
        "{}",
        run.stdout
    );
    edition_pages(dir.path(), "2026-03-27");
}

#[test]
fn a_file_named_by_date_and_number_is_dated_and_numbered_from_its_name() {
    let dir = folder_with(&[("pages/2026-03-28-06.txt", &seed())]);
    let run = run_ok(dir.path(), &["import", "pages/2026-03-28-06.txt"]);
    assert_eq!(
        common::read(dir.path(), "editions/2026-03-28.yaml"),
        format!(
            "# 2026年3月28日 星期六\npages:\n{}",
            numbered(6, &seed_entry())
        )
    );
    assert!(
        run.stdout
            .starts_with("pages/2026-03-28-06.txt: 7 articles found (2026-03-28, page 6)\n"),
        "{}",
        run.stdout
    );
    assert_eq!(common::entries(&dir.path().join("articles")).len(), 7);

    // A name with only the date dates the page and gives it no number.
    let dir = folder_with(&[("2026-03-29.txt", THEORY_PAGE)]);
    run_ok(dir.path(), &["import", "2026-03-29.txt"]);
    assert_eq!(
        common::read(dir.path(), "editions/2026-03-29.yaml"),
        format!("# 2026年3月29日 星期日\npages:\n  - {}", &THEORY_ENTRY[4..])
    );

    // A flag that says otherwise than the name is refused, naming the file.
    let dir = folder_with(&[("2026-03-28-06.txt", &seed())]);
    for (flags, says) in [
        (
            &["--date", "2026-03-27"][..],
            "2026-03-28-06.txt: the file name says 2026-03-28, --date says 2026-03-27: rename the file, or leave --date out\n",
        ),
        (
            &["--page", "5"][..],
            "2026-03-28-06.txt: the file name says page 6, --page says 5: rename the file, or leave --page out\n",
        ),
    ] {
        let mut args = vec!["import", "2026-03-28-06.txt"];
        args.extend_from_slice(flags);
        let refused = try_run(dir.path(), &args);
        assert_eq!(refused.code, Some(1), "{}", refused.stdout);
        assert!(refused.stderr.contains(says), "{}", refused.stderr);
        assert_eq!(
            common::entries(dir.path()),
            ["2026-03-28-06.txt".to_owned()].into()
        );
    }
    // A name that is almost a date is refused too.
    let dir = folder_with(&[("2026-02-30.txt", &seed())]);
    let refused = try_run(dir.path(), &["import", "2026-02-30.txt"]);
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains(
            "2026-02-30.txt: the file name's date 2026-02-30 is not a day of the calendar: rename the file"
        ),
        "{}",
        refused.stderr
    );
}

#[test]
fn two_pages_of_one_day_in_one_run_make_one_edition_file_in_page_order() {
    let dir = folder_with(&[
        ("2026-03-27-06.txt", THEORY_PAGE),
        ("2026-03-27-05.txt", &seed()),
    ]);
    // Page 6 is named first: the file still lists page 5 first.
    let run = run_ok(
        dir.path(),
        &["import", "2026-03-27-06.txt", "2026-03-27-05.txt"],
    );
    assert_eq!(
        common::entries(&dir.path().join("editions")),
        ["2026-03-27.yaml".to_owned()].into()
    );
    assert_eq!(
        common::read(dir.path(), "editions/2026-03-27.yaml"),
        format!(
            "# 2026年3月27日 星期五\npages:\n{}{}",
            numbered(5, &seed_entry()),
            numbered(6, THEORY_ENTRY)
        )
    );
    assert_eq!(
        edition_pages(dir.path(), "2026-03-27"),
        [
            (Some(5), Some("评论".to_owned())),
            (Some(6), Some("理论".to_owned()))
        ]
    );
    assert_eq!(common::entries(&dir.path().join("articles")).len(), 9);
    assert!(
        run.stdout.contains(
            "wrote 9 files into articles/\nwrote editions/2026-03-27.yaml (page 6 理论, 2 articles; page 5 评论, 7 articles)\n"
        ),
        "{}",
        run.stdout
    );
    // Both pages' tables are printed, each with its credits.
    assert!(
        run.stdout
            .starts_with("2026-03-27-06.txt: 2 articles found (2026-03-27, page 6)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n2026-03-27-05.txt: 7 articles found (2026-03-27, page 5)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  proofreaders (校对):    林森\n    line 31 prints `林 森`\n"),
        "{}",
        run.stdout
    );

    // Pages of two days make two files.
    let dir = folder_with(&[("2026-03-27.txt", &seed()), ("2026-03-28.txt", THEORY_PAGE)]);
    run_ok(dir.path(), &["import", "2026-03-27.txt", "2026-03-28.txt"]);
    assert_eq!(
        common::entries(&dir.path().join("editions")),
        ["2026-03-27.yaml".to_owned(), "2026-03-28.yaml".to_owned()].into()
    );
    assert_eq!(
        edition_pages(dir.path(), "2026-03-28"),
        [(None, Some("理论".to_owned()))]
    );
}

#[test]
fn a_second_run_adds_its_page_to_a_hand_edited_edition_keeping_every_line() {
    let dir = folder_with(&[("page.txt", &seed()), ("theory.txt", THEORY_PAGE)]);
    run_ok(
        dir.path(),
        &["import", "page.txt", "--date", "2026-03-27", "--page", "5"],
    );
    // An editor adds the issue number and a comment, and puts the lead second, with CRLF.
    let imported = common::read(dir.path(), "editions/2026-03-27.yaml");
    let edited = imported
        .replace(
            "pages:\n",
            "issue: 第12345期\n# 头条换过了(值班编辑)\npages:\n",
        )
        .replace(
            "      - 在深入群众中厚植执政根基\n      - 新业态背景下株洲大学生高质量就业路径探索\n",
            "      - 新业态背景下株洲大学生高质量就业路径探索\n      - 在深入群众中厚植执政根基  # 改为第二篇\n",
        )
        .replace('\n', "\r\n");
    assert_ne!(edited, imported.replace('\n', "\r\n"), "the edit took");
    common::write(dir.path(), "editions/2026-03-27.yaml", &edited);

    let run = run_ok(
        dir.path(),
        &[
            "import",
            "theory.txt",
            "--date",
            "2026-03-27",
            "--page",
            "6",
        ],
    );
    let want = format!(
        "{edited}{}",
        numbered(6, THEORY_ENTRY).replace('\n', "\r\n")
    );
    assert_eq!(common::read(dir.path(), "editions/2026-03-27.yaml"), want);
    assert!(
        run.stdout
            .contains("wrote editions/2026-03-27.yaml (page 6 理论, 2 articles, added)\n"),
        "{}",
        run.stdout
    );

    // A page numbered before the others goes before them; every line stays.
    common::write(
        dir.path(),
        "front.txt",
        THEORY_PAGE.replace("理论\n\n责任", "要闻\n\n责任"),
    );
    run_ok(
        dir.path(),
        &[
            "import",
            "front.txt",
            "--date",
            "2026-03-27",
            "--page",
            "1",
            "--into",
            "articles/front",
        ],
    );
    let text = common::read(dir.path(), "editions/2026-03-27.yaml");
    let front = numbered(1, THEORY_ENTRY)
        .replace("name: 理论", "name: 要闻")
        .replace("      - ", "      - front/")
        .replace('\n', "\r\n");
    assert_eq!(
        text,
        want.replacen("pages:\r\n", &format!("pages:\r\n{front}"), 1)
    );
    assert_eq!(
        edition_pages(dir.path(), "2026-03-27"),
        [
            (Some(1), Some("要闻".to_owned())),
            (Some(5), Some("评论".to_owned())),
            (Some(6), Some("理论".to_owned()))
        ]
    );
}

#[test]
fn the_same_page_again_is_refused_without_force_and_replaced_with_force() {
    let dir = folder_with(&[("page.txt", &seed()), ("theory.txt", THEORY_PAGE)]);
    run_ok(
        dir.path(),
        &["import", "page.txt", "--date", "2026-03-27", "--page", "5"],
    );
    let path = dir.path().join("editions/2026-03-27.yaml");
    let edited = format!(
        "{}\n  # 第6版待定\n",
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("pages:\n", "# 第5版 改过\npages:\n")
    );
    std::fs::write(&path, &edited).unwrap();
    let before = tree(dir.path());

    let refused = try_run(
        dir.path(),
        &[
            "import",
            "theory.txt",
            "--date",
            "2026-03-27",
            "--page",
            "5",
        ],
    );
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);
    // The problem and the summary, after the page's warnings (its first paragraph was cut
    // by the layout, which could be a standfirst's end).
    assert!(
        refused.stderr.ends_with(
            "\neditions/2026-03-27.yaml:4: already holds page 5 评论, which theory.txt gives again: pass --force to put the new page in its place\nerror: nothing was written: 1 problem found\n"
        ),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .lines()
            .filter(|l| !l.contains(": warning: "))
            .count()
            == 2,
        "{}",
        refused.stderr
    );
    assert_eq!(tree(dir.path()), before, "something was written");

    let forced = run_ok(
        dir.path(),
        &[
            "import",
            "theory.txt",
            "--date",
            "2026-03-27",
            "--page",
            "5",
            "--force",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!(
            "# 2026年3月27日 星期五\n# 第5版 改过\npages:\n{}\n  # 第6版待定\n",
            numbered(5, THEORY_ENTRY)
        )
    );
    assert!(
        forced.stdout.contains(
            "wrote editions/2026-03-27.yaml (page 5 理论, 2 articles, in place of the page at line 4)\n"
        ),
        "{}",
        forced.stdout
    );
    // The seed's articles are not deleted: only the page's entry was replaced.
    assert_eq!(common::entries(&dir.path().join("articles")).len(), 9);

    // Without numbers, the same name is the same page.
    let dir = folder_with(&[("page.txt", &seed())]);
    run_ok(dir.path(), &["import", "page.txt", "--date", "2026-03-27"]);
    let again = try_run(
        dir.path(),
        &["import", "page.txt", "--date", "2026-03-27", "--force"],
    );
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(
        common::read(dir.path(), "editions/2026-03-27.yaml"),
        format!("# 2026年3月27日 星期五\npages:\n  - {}", &seed_entry()[4..])
    );
    let refused = try_run(dir.path(), &["import", "page.txt", "--date", "2026-03-27"]);
    assert!(
        refused.stderr.contains(
            "editions/2026-03-27.yaml:3: already holds page 评论, which page.txt gives again"
        ),
        "{}",
        refused.stderr
    );
}

#[test]
fn an_article_listed_on_another_page_of_the_edition_is_refused() {
    let dir = folder_with(&[("page.txt", &seed())]);
    run_ok(dir.path(), &["import", "page.txt", "--date", "2026-03-27"]);
    let before = tree(dir.path());
    // The same page again, now numbered: not the same page by the rule, but its articles are
    // listed already.
    let refused = try_run(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--date",
            "2026-03-27",
            "--page",
            "5",
            "--force",
        ],
    );
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);
    assert!(
        refused.stderr.starts_with("page.txt:143: warning: "),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains(
            "editions/2026-03-27.yaml:3: page 评论 already lists `在深入群众中厚植执政根基` and 6 more of page.txt's articles, and an article stands on one page"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn a_bad_page_among_several_writes_nothing_and_every_problem_is_named() {
    let bad = format!("本期导读:两篇评论,敬请关注。\n\n{THEORY_PAGE}");
    let dir = folder_with(&[
        ("2026-03-27-05.txt", &seed()),
        ("2026-03-27-06.txt", &bad),
        ("undated.txt", THEORY_PAGE),
    ]);
    let before = tree(dir.path());
    let refused = try_run(
        dir.path(),
        &[
            "import",
            "2026-03-27-05.txt",
            "2026-03-27-06.txt",
            "undated.txt",
        ],
    );
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);
    assert!(
        refused.stderr.contains(
            "2026-03-27-06.txt:1: 「本期导读:两篇评论,敬请关注。」 comes before the first article (「用好社区议事的“小板凳”」 at line 3) and belongs to none"
        ),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains(
            "undated.txt: has no date, while other pages of this import have one: give --date 2026-03-27, or name the file 2026-03-27.txt (2026-03-27-05.txt for page 5)\n"
        ),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .ends_with("error: nothing was written: 2 problems found\n"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stdout.contains("\nnothing written\n"),
        "{}",
        refused.stdout
    );
    assert_eq!(tree(dir.path()), before, "something was written");

    // --page names one page; with several it is refused.
    let refused = try_run(
        dir.path(),
        &["import", "2026-03-27-05.txt", "undated.txt", "--page", "5"],
    );
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains(
            "--page: gives one page's number, but 2 pages are imported: leave it out and name each file by its date and number (2026-03-27-05.txt for page 5)\n"
        ),
        "{}",
        refused.stderr
    );
    // Two pages of this import that are the same page of the day are refused.
    common::write(dir.path(), "2026-03-27-05b.txt", THEORY_PAGE);
    let refused = try_run(
        dir.path(),
        &[
            "import",
            "undated.txt",
            "2026-03-27-05b.txt",
            "--date",
            "2026-03-27",
        ],
    );
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains(
            "2026-03-27-05b.txt: is page 理论 of 2026-03-27, as undated.txt is: give each page its own number"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(tree(dir.path()).len(), before.len() + 1);
}

#[test]
fn with_no_date_anywhere_the_articles_are_written_without_an_edition_and_a_warning_says_so() {
    let dir = folder_with(&[("page.txt", &seed()), ("theory.txt", THEORY_PAGE)]);
    let run = run_ok(dir.path(), &["import", "page.txt", "theory.txt"]);
    assert_eq!(common::entries(&dir.path().join("articles")).len(), 9);
    assert!(!dir.path().join("editions").exists());
    for page in ["page.txt", "theory.txt"] {
        assert!(
            run.stderr.contains(&format!(
                "{page}: warning: the page has no date, so no edition is written and its articles have none: give --date 2026-03-27, or name the file 2026-03-27.txt (2026-03-27-05.txt for page 5)\n"
            )),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stdout
            .starts_with("page.txt: 7 articles found (no date)\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("editions/"), "{}", run.stdout);
}

#[test]
fn a_dry_run_says_what_the_edition_would_get_and_writes_nothing() {
    let dir = folder_with(&[("page.txt", &seed())]);
    let run = run_ok(
        dir.path(),
        &["import", "page.txt", "--date", "2026-03-27", "--dry-run"],
    );
    assert!(
        run.stdout
            .contains("\nwould write editions/2026-03-27.yaml (page 评论, 7 articles)\n"),
        "{}",
        run.stdout
    );
    assert_eq!(common::entries(dir.path()), ["page.txt".to_owned()].into());
}

#[test]
fn into_a_folder_inside_articles_the_entries_name_it_and_the_edition_is_the_sites() {
    let dir = folder_with(&[("theory.txt", THEORY_PAGE)]);
    run_ok(
        dir.path(),
        &[
            "import",
            "theory.txt",
            "--date",
            "2026-03-27",
            "--into",
            "site/articles/理论版",
        ],
    );
    let site = dir.path().join("site");
    assert!(common::read(&site, "editions/2026-03-27.yaml").ends_with(
        "    articles:\n      - 理论版/用好社区议事的“小板凳”\n      - 理论版/夜间经济要亮更要暖\n"
    ));
    edition_pages(&site, "2026-03-27");

    // An edition already kept in a sub-folder of editions/ is the one the page joins.
    std::fs::create_dir_all(site.join("editions/2026")).unwrap();
    std::fs::rename(
        site.join("editions/2026-03-27.yaml"),
        site.join("editions/2026/2026-03-27.yaml"),
    )
    .unwrap();
    let seed_page = dir.path().join("page.txt");
    std::fs::write(&seed_page, seed()).unwrap();
    let run = run_ok(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--date",
            "2026-03-27",
            "--into",
            "site/articles",
        ],
    );
    assert!(
        run.stdout
            .contains("wrote site/editions/2026/2026-03-27.yaml (page 评论, 7 articles, added)\n"),
        "{}",
        run.stdout
    );
    assert!(!site.join("editions/2026-03-27.yaml").exists());
    // Two files of one day: refused, naming both.
    std::fs::copy(
        site.join("editions/2026/2026-03-27.yaml"),
        site.join("editions/2026-03-27.yaml"),
    )
    .unwrap();
    let twice = try_run(
        dir.path(),
        &[
            "import",
            "theory.txt",
            "--date",
            "2026-03-27",
            "--into",
            "site/articles/x",
        ],
    );
    assert_eq!(twice.code, Some(1));
    assert!(
        twice.stderr.contains(
            "site/editions/2026/2026-03-27.yaml: the edition of 2026-03-27 is in this file and in site/editions/2026-03-27.yaml: keep one\n"
        ),
        "{}",
        twice.stderr
    );
    std::fs::remove_file(site.join("editions/2026-03-27.yaml")).unwrap();

    // Into a folder that is not in articles/, no edition can name the articles.
    let refused = try_run(
        dir.path(),
        &[
            "import",
            "theory.txt",
            "--date",
            "2026-03-28",
            "--into",
            "out",
        ],
    );
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains(
            "out: --into is not the site's articles/ folder nor inside it, so the edition cannot name the articles"
        ),
        "{}",
        refused.stderr
    );
}

#[test]
fn write_site_yaml_still_writes_the_defaults_beside_the_edition() {
    let dir = folder_with(&[("page.txt", &seed()), ("theory.txt", THEORY_PAGE)]);
    let run = run_ok(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--date",
            "2026-03-27",
            "--write-site-yaml",
        ],
    );
    assert!(
        common::read(dir.path(), "site.yaml").contains("editors: [胡文洁, 周菁]\n"),
        "{}",
        run.stdout
    );
    assert!(
        common::read(dir.path(), "editions/2026-03-27.yaml")
            .contains("    editors: [胡文洁, 周菁]\n")
    );

    common::write(dir.path(), "2026-03-28.txt", THEORY_PAGE);
    let before = tree(dir.path());
    let refused = try_run(
        dir.path(),
        &[
            "import",
            "2026-03-28.txt",
            "page.txt",
            "--date",
            "2026-03-28",
            "--write-site-yaml",
        ],
    );
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "--write-site-yaml: writes one page's credits into site.yaml, but 2 pages are imported"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn two_imported_days_build_into_two_editions_linked_both_ways() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    std::fs::write(dir.path().join("2026-03-27.txt"), seed()).unwrap();
    std::fs::write(dir.path().join("2026-03-28-06.txt"), THEORY_PAGE).unwrap();
    std::fs::write(dir.path().join("site.yaml"), "paper: 株洲日报\n").unwrap();
    run_ok(
        dir.path(),
        &["import", "2026-03-27.txt", "2026-03-28-06.txt"],
    );
    run_ok(dir.path(), &["build"]);
    let dist = dir.path().join("dist");

    // The home page opens with the newer day, its lead first, then the seed's day.
    let home = common::read(&dist, "index.html");
    assert_eq!(
        common::card_titles(&home),
        ["用好社区议事的“小板凳”", "夜间经济要亮更要暖"]
    );
    for title in common::PRINT_ORDER {
        assert!(home.contains(title), "{title} is not on the home page");
    }
    // 上一期 and 下一期 lead from each day to the other.
    let newer = common::read(&dist, "editions/2026/03/28/index.html");
    let older = common::read(&dist, "editions/2026/03/27/index.html");
    assert!(
        newer.contains(
            "href=\"../../../../editions/2026/03/27/\"><span class=\"label\">上一期</span>"
        )
    );
    assert!(
        older.contains(
            "href=\"../../../../editions/2026/03/28/\"><span class=\"label\">下一期</span>"
        )
    );
    assert!(newer.contains("<h2 class=\"print-page-label\">第6版 · 理论</h2>"));
    assert_eq!(common::card_titles(&older), common::PRINT_ORDER);
    // Both days are links in March's calendar.
    let archive = common::read(&dist, "editions/2026/index.html");
    for day in ["27", "28"] {
        assert!(
            archive.contains(&format!(
                "<td class=\"has-edition\"><a href=\"../../editions/2026/03/{day}/\">{day}</a></td>"
            )),
            "{archive}"
        );
    }
    // Each article names its day and page, and its page's editors.
    let pages = common::article_pages(&dist);
    let (_, night) = &pages["夜间经济要亮更要暖"];
    assert!(
        night.contains("星期六</a> · 株洲日报 第6版 理论</p>"),
        "{night}"
    );
    assert!(night.contains("（责任编辑：<span class=\"editor\">刘思远</span>）"));
    let (_, lead) = &pages[common::PRINT_ORDER[0]];
    assert!(lead.contains("星期五</a> · 株洲日报 评论</p>"));
}
