//! `broadsheet init` and `broadsheet new` through the real binary: a new site that builds and
//! checks clean as it is, the built-in theme copied out to be edited, a new article's file with
//! its front matter, and never a file written over.

mod common;

use common::{read_tree, repo_root, run_command, sample_site, tempdir};

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let dir = tempdir();
    let run = run_command(dir.path(), &["init", "opinion"]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "wrote opinion/site.yaml\nwrote opinion/articles/rang-ping-lun-zou-jin-du-zhe-de-ri-chang.md\nmade opinion/static/\nA new site: `cd opinion && broadsheet serve --watch` to see it, `broadsheet build` to make it.\n"
    );
    let site = dir.path().join("opinion");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("\ntitle: opinion\n"), "{yaml}");
    assert!(
        yaml.contains("\n# sections: [评论, 基层治理, 教育观察]\n"),
        "{yaml}"
    );
    let built = run_command(&site, &["build"]);
    assert!(built.success, "{}\n{}", built.stdout, built.stderr);
    let page = std::fs::read_to_string(
        site.join("dist/articles/rang-ping-lun-zou-jin-du-zhe-de-ri-chang/index.html"),
    )
    .unwrap();
    assert!(page.contains("让评论走进读者的日常"));
    let checked = run_command(&site, &["check"]);
    assert!(checked.success, "{}\n{}", checked.stdout, checked.stderr);
    assert_eq!(checked.stderr, "", "the example article has no warning");

    // A folder that holds a site is refused, and left as it was.
    let before = read_tree(&site);
    let again = run_command(dir.path(), &["init", "opinion"]);
    assert_eq!(again.code, Some(1));
    assert_eq!(
        again.stderr,
        "opinion/site.yaml: already exists: this folder holds a site; init makes a new one in an empty folder (give another folder, or --theme NAME to copy the built-in theme into this site)\nerror: nothing was made: 1 problem found\n"
    );
    assert_eq!(read_tree(&site), before);
}

#[test]
fn init_theme_copies_the_built_in_theme_out_and_sets_it() {
    let site = sample_site();
    let run = run_command(site.path(), &["init", "--theme", "mine"]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    let copied = read_tree(&site.path().join("themes/mine"));
    let original = read_tree(&repo_root().join("themes/default"));
    assert_eq!(
        copied.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        copied, original,
        "the copy is the built-in theme, byte for byte"
    );
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(yaml.ends_with("\ntheme: mine\n"), "{yaml}");
    // An edit to the copy shows in the site.
    let article = site.path().join("themes/mine/templates/article.html");
    let template = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        template.replacen("<article", "<article data-mine=\"1\"", 1),
    )
    .unwrap();
    let built = run_command(site.path(), &["build"]);
    assert!(built.success, "{}", built.stderr);
    let page = std::fs::read_to_string(
        site.path()
            .join("dist/articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/index.html"),
    )
    .unwrap();
    assert!(page.contains("data-mine=\"1\""));
    // Twice is refused: the theme is there, and site.yaml sets one.
    let before = read_tree(site.path());
    let again = run_command(site.path(), &["init", "--theme", "mine"]);
    assert_eq!(again.code, Some(1));
    assert!(
        again.stderr.starts_with(
            "themes/mine: already exists: edit the theme there, or give --theme another name"
        ),
        "{}",
        again.stderr
    );
    let other = run_command(site.path(), &["init", "--theme", "other"]);
    assert_eq!(other.code, Some(1));
    assert!(
        other
            .stderr
            .contains("site.yaml:28:1: already sets `theme:`: remove that line first"),
        "{}",
        other.stderr
    );
    assert_eq!(read_tree(site.path()), before);
}

#[test]
fn new_writes_a_draft_named_by_the_headlines_pinyin_and_never_over_a_file() {
    let site = sample_site();
    let run = run_command(
        site.path(),
        &[
            "new",
            "城市更新要久久为功",
            "--author",
            "李宏",
            "--section",
            "基层治理",
            "--date",
            "2026-03-28",
        ],
    );
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "articles/cheng-shi-geng-xin-yao-jiu-jiu-wei-gong.md\n"
    );
    assert_eq!(run.stderr, "", "李宏 and 基层治理 are the site's");
    let path = site
        .path()
        .join("articles/cheng-shi-geng-xin-yao-jiu-jiu-wei-gong.md");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\ntitle: 城市更新要久久为功\nauthor: 李宏\nsection: 基层治理\ndate: 2026-03-28\ndraft: true\n---\n\n"
    );
    // A draft: not published until its `draft: true` goes; built with --drafts.
    let built = run_command(site.path(), &["build"]);
    assert!(built.success, "{}", built.stderr);
    let page = "dist/articles/cheng-shi-geng-xin-yao-jiu-jiu-wei-gong/index.html";
    assert!(!site.path().join(page).exists());
    let drafts = run_command(site.path(), &["build", "--drafts"]);
    assert!(drafts.success, "{}", drafts.stderr);
    assert!(site.path().join(page).exists());

    // The same headline again is refused, and the file is as it was.
    let before = std::fs::read(&path).unwrap();
    let again = run_command(site.path(), &["new", "城市更新要久久为功"]);
    assert_eq!(again.code, Some(1));
    assert_eq!(
        again.stderr,
        "articles/cheng-shi-geng-xin-yao-jiu-jiu-wei-gong.md: already exists: edit it, or give the new article another headline\nerror: no article written: 1 problem found\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let bad = run_command(site.path(), &["new", "另一篇", "--date", "2026-02-30"]);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr.starts_with("--date: `2026-02-30`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_name_that_sounds_or_looks_like_one_the_site_knows_gets_did_you_mean() {
    let site = sample_site();
    let run = run_command(
        site.path(),
        &[
            "new",
            "一篇新评论",
            "--author",
            "李红",
            "--section",
            "教育观测",
        ],
    );
    assert!(run.success, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: author 李红 is new to the site: did you mean 李宏 (the same pinyin, li-hong)? The file says 李红: change it there if not\n\
         warning: section 教育观测 is new to the site: did you mean 教育观察 (jiao-yu-guan-cha)? The file says 教育观测: change it there if not\n"
    );
    let text =
        std::fs::read_to_string(site.path().join("articles/yi-pian-xin-ping-lun.md")).unwrap();
    assert!(text.contains("author: 李红\n") && text.contains("section: 教育观测\n"));
}
