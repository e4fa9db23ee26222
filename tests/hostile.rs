//! Hostile input and faults, through the real binary: an output folder that is someone else's,
//! files added to the output by hand, outputs that are links or files, a read-only output,
//! article files that are FIFOs, devices, huge files or loops of folder links. Nothing the user
//! made is ever deleted, and nothing hangs.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{build, build_ok, read_tree, sample_site, tempdir, write};

const LI_JUN: &str = "articles/以价值创造为社会工作添彩.md";

/// Adds a sentence to an article, so that the next build has something to write.
fn edit(site: &Path, n: usize) {
    let path = site.join(LI_JUN);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n第{n}次修改。\n"));
    std::fs::write(&path, text).unwrap();
}

/// Every entry in `dir` whose name starts with `prefix` (the files kept beside an output).
fn beside(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect();
    names.sort();
    names
}

#[test]
fn refuses_an_output_folder_it_did_not_make_and_never_touches_its_files() {
    let site = sample_site();
    let theirs = tempdir();
    let web = theirs.path().join("website");
    write(&web, "notes.txt", "someone's own file");
    write(&web, "photos/1.jpg", "a picture");
    let before = read_tree(&web);
    for _ in 0..2 {
        let run = build(site.path(), &["--output", web.to_str().unwrap()]);
        assert_eq!(run.code, Some(1), "{}", run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "{}: this folder holds files that broadsheet did not write (such as `",
                web.display()
            )) && run.stderr.contains(
                "and a build replaces its output folder as a whole: choose a new or empty folder \
                 with --output, or move those files away"
            ),
            "{}",
            run.stderr
        );
        assert_eq!(read_tree(&web), before);
        assert_eq!(beside(theirs.path(), ".website"), Vec::<String>::new());
    }
    // An empty folder is fine, and so is a new one.
    let empty = theirs.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_ok(site.path(), &["--output", empty.to_str().unwrap()]);
    assert!(empty.join("index.html").is_file());
    // Once it is ours, it stays ours.
    build_ok(site.path(), &["--output", empty.to_str().unwrap()]);
}

#[test]
fn refuses_a_work_folder_it_did_not_make() {
    let site = sample_site();
    write(site.path(), ".dist.prev/mine.txt", "not broadsheet's");
    let run = build(site.path(), &[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(".dist.prev: broadsheet keeps the previous site here, but this was not made by broadsheet"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join(".dist.prev/mine.txt")).unwrap(),
        "not broadsheet's"
    );
    assert!(!site.path().join("dist").exists());
}

#[test]
fn keeps_files_added_to_the_output_by_hand_in_every_build() {
    let site = sample_site();
    let dist = site.path().join("dist");
    build_ok(site.path(), &[]);
    write(&dist, "CNAME", "opinion.example.org\n");
    write(
        &dist,
        ".well-known/security.txt",
        "Contact: mailto:x@example.org\n",
    );
    for n in 0..4 {
        // Builds that change pages (and so swap the whole tree) and one that changes nothing.
        if n != 2 {
            edit(site.path(), n);
        }
        let run = build_ok(site.path(), &[]);
        assert!(
            run.stdout.contains(
                "Kept 2 files in ") && run.stdout.contains(
                " that broadsheet did not write: .well-known/security.txt, CNAME (files the site publishes belong in static/)"
            ),
            "build {n}: {}",
            run.stdout
        );
        assert_eq!(
            std::fs::read_to_string(dist.join("CNAME")).unwrap(),
            "opinion.example.org\n",
            "build {n}"
        );
        assert!(dist.join(".well-known/security.txt").is_file(), "build {n}");
    }
    // Deleted by hand, it stays deleted: the previous tree's copy does not come back.
    std::fs::remove_file(dist.join("CNAME")).unwrap();
    for n in 10..13 {
        edit(site.path(), n);
        let run = build_ok(site.path(), &[]);
        assert!(!dist.join("CNAME").exists(), "build {n}");
        assert!(
            run.stdout.contains("Kept 1 file in "),
            "build {n}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_hand_made_file_where_the_site_now_has_a_page_fails_the_build_and_stays() {
    let site = sample_site();
    let dist = site.path().join("dist");
    build_ok(site.path(), &[]);
    write(
        &dist,
        "articles/new-piece/index.html",
        "<p>made by hand</p>",
    );
    write(
        site.path(),
        "articles/new-piece.md",
        "---\ntitle: 新文章\nauthor: 李宏\ndate: 2026-03-27\n---\n\n正文。\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "articles/new-piece/index.html: this file was not written by broadsheet, and the site now has a file here: move it away (a site's own files belong in static/)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dist.join("articles/new-piece/index.html")).unwrap(),
        "<p>made by hand</p>"
    );
}

#[test]
fn an_output_path_that_is_a_file_or_a_link_is_refused_and_leaves_nothing_behind() {
    let site = sample_site();
    let place = tempdir();
    let file = place.path().join("site.html");
    std::fs::write(&file, "a file").unwrap();
    std::fs::create_dir(place.path().join("real")).unwrap();
    let link = place.path().join("linked");
    std::os::unix::fs::symlink(place.path().join("real"), &link).unwrap();

    let run = build(site.path(), &["--output", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(
            "site.html: the output path is a file, not a folder: choose a new or empty folder with --output"
        ),
        "{}",
        run.stderr
    );
    let run = build(site.path(), &["--output", link.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("linked: the output folder is a link: broadsheet replaces its output folder as a whole, and would replace the link; give the folder it leads to as --output"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a file");
    assert!(link.is_symlink());
    assert_eq!(
        beside(place.path(), "."),
        Vec::<String>::new(),
        "nothing may be left beside them"
    );
}

/// Runs the binary as the unprivileged user 65534 (nobody), on a copy of the binary inside the
/// site's temporary folder: as root, permission bits are not enforced, and a read-only folder
/// would not be read-only.
fn build_as_nobody(site: &Path) -> common::Run {
    let binary = site.join("broadsheet-bin");
    if !binary.exists() {
        std::fs::copy(env!("CARGO_BIN_EXE_broadsheet"), &binary).unwrap();
    }
    let status = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(site)
        .status()
        .expect("chown runs");
    assert!(status.success());
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&binary)
        .arg("build")
        .current_dir(site)
        .env_clear()
        .output()
        .expect("setpriv (util-linux) runs the binary as nobody");
    common::Run {
        success: output.status.success(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn an_output_made_read_only_by_hand_does_not_break_later_builds() {
    let running_as_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    let site = sample_site();
    let build = |site: &Path| {
        if running_as_root {
            build_as_nobody(site)
        } else {
            common::build(site, &[])
        }
    };
    let first = build(site.path());
    assert!(first.success, "{}", first.stderr);
    let chmod = std::process::Command::new("chmod")
        .args(["-R", "a-w"])
        .arg(site.path().join("dist"))
        .status()
        .unwrap();
    assert!(chmod.success());
    for n in 0..3 {
        edit(site.path(), n);
        let run = build(site.path());
        assert!(run.success, "build {n}: {}", run.stderr);
        let page =
            std::fs::read_to_string(site.path().join(
                "dist/articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/index.html",
            ))
            .unwrap();
        assert!(page.contains(&format!("第{n}次修改。")), "build {n}");
    }
    // Cleaned up for the temporary folder's removal.
    let _ = std::process::Command::new("chmod")
        .args(["-R", "u+w"])
        .arg(site.path())
        .status();
}

/// Runs `build` with a deadline: a hang fails the test instead of stalling the suite.
fn build_within(site: &Path, limit: Duration) -> common::Run {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("build")
        .arg("--source")
        .arg(site)
        .env_clear()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read as it comes: a build that prints more than a pipe holds would wait for a reader.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    use std::io::Read as _;
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return common::Run {
                success: status.success(),
                code: status.code(),
                stdout: stdout.join().unwrap(),
                stderr: stderr.join().unwrap(),
            };
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_fifo_a_device_a_huge_file_and_a_loop_of_links_are_reported_not_read() {
    let site = sample_site();
    let articles = site.path().join("articles");
    mkfifo(&articles.join("pipe.md"));
    std::os::unix::fs::symlink("/dev/zero", articles.join("zero.md")).unwrap();
    let mut big = String::from("---\ntitle: 大\nauthor: 李宏\n---\n\n");
    while big.len() < 5 << 20 {
        big.push_str("这是一句很长的话。");
    }
    write(site.path(), "articles/big.md", &big);
    std::fs::create_dir(articles.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", articles.join("sub/up")).unwrap();

    let run = build_within(site.path(), Duration::from_secs(30));
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "articles/big.md: this file is 5.0 MiB, over the 4 MiB limit for such a file: split it, or check that it is the file you meant\n\
         articles/pipe.md: this is a named pipe (FIFO), not a regular file: broadsheet reads only regular files; replace it with the file itself\n\
         articles/sub/up: this link leads back to a folder it is in (a loop of folder links): remove the link, or make it lead elsewhere\n\
         articles/zero.md: this is a device, not a regular file: broadsheet reads only regular files; replace it with the file itself\n\
         error: the build failed: 4 problems found; the output folder was left as it was\n"
    );
}

#[test]
fn a_fifo_as_site_yaml_a_static_file_or_a_template_is_reported_not_read() {
    let site = sample_site();
    std::fs::create_dir(site.path().join("static")).unwrap();
    mkfifo(&site.path().join("static/feed.xml"));
    std::os::unix::fs::symlink("../static", site.path().join("static/again")).unwrap();
    let run = build_within(site.path(), Duration::from_secs(30));
    assert_eq!(
        run.stderr,
        "static/again: this link leads back to a folder it is in (a loop of folder links): remove the link, or make it lead elsewhere\n\
         static/feed.xml: this is a named pipe (FIFO), not a regular file: broadsheet reads only regular files; replace it with the file itself\n\
         error: the build failed: 2 problems found; the output folder was left as it was\n"
    );
    std::fs::remove_dir_all(site.path().join("static")).unwrap();

    std::fs::create_dir_all(site.path().join("themes/mine/templates")).unwrap();
    mkfifo(&site.path().join("themes/mine/templates/article.html"));
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    std::fs::write(
        site.path().join("site.yaml"),
        format!("{yaml}theme: mine\n"),
    )
    .unwrap();
    let run = build_within(site.path(), Duration::from_secs(30));
    assert_eq!(
        run.stderr,
        "themes/mine/templates/article.html: this is a named pipe (FIFO), not a regular file: broadsheet reads only regular files; replace it with the file itself\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n"
    );

    std::fs::remove_file(site.path().join("site.yaml")).unwrap();
    mkfifo(&site.path().join("site.yaml"));
    let run = build_within(site.path(), Duration::from_secs(30));
    assert_eq!(
        run.stderr,
        "site.yaml: this is a named pipe (FIFO), not a regular file: broadsheet reads only regular files; replace it with the file itself\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n"
    );
}

#[test]
fn a_bad_byte_after_lone_cr_line_ends_is_placed_at_its_line() {
    let site = sample_site();
    let mut bytes = b"---\rtitle: x\rauthor: y\rdate: 2026-03-27\r---\r".to_vec();
    bytes.extend("\r第一段".as_bytes());
    bytes.extend([0xff, b'\r']);
    write(site.path(), "articles/cr.md", bytes);
    let run = build(site.path(), &[]);
    assert_eq!(
        run.stderr,
        "articles/cr.md:7:4: not valid UTF-8 text here: save the file as UTF-8\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n"
    );
}

#[test]
fn a_site_yaml_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
    let site = sample_site();
    // `title: 株洲日报` saved as GBK on the second line.
    write(
        site.path(),
        "site.yaml",
        b"language: zh-CN\ntitle: \xd6\xea\xd6\xde\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(
        run.stderr,
        "site.yaml:2:8: not valid UTF-8 text here: save the file as UTF-8\n\
         error: the build failed: 1 problem found; the output folder was left as it was\n"
    );
}

#[test]
fn an_edition_file_of_a_hundred_thousand_entries_naming_no_article_is_reported_in_bounded_time() {
    // 3 MB on one line: pages in a flow list, each entry written with a YAML escape and
    // naming no article file. Placing each entry once searched the rest of the file and
    // counted lines from its start (hours); each suggestion compares a name with every
    // article's, so only the first few get one.
    let site = sample_site();
    let mut text = String::from("pages: [");
    for n in 0..100_000 {
        text.push_str(&format!("{{articles: [\"\\u7532{n}\"]}}, "));
    }
    text.push_str("]\n");
    write(site.path(), "editions/2026-03-28.yaml", &text);
    let run = build_within(site.path(), Duration::from_secs(60));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 100_001);
    assert!(
        lines[0].starts_with("editions/2026-03-28.yaml:1:"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("no article file articles/甲0.md"),
        "{}",
        lines[0]
    );
    assert_eq!(
        *lines.last().unwrap(),
        "error: the build failed: 100000 problems found; the output folder was left as it was"
    );
}

#[test]
fn a_page_deleted_from_the_output_by_hand_is_made_again_by_a_build_that_changes_nothing() {
    let site = sample_site();
    let dist = site.path().join("dist");
    build_ok(site.path(), &[]);
    // A build that changes a page swaps in a tree that shares every other file with the
    // previous one, kept beside it: the next build with nothing changed finds those there.
    edit(site.path(), 1);
    build_ok(site.path(), &[]);
    // Pages the edit did not change.
    let deleted = dist.join("sections/ping-man-hua/index.html");
    let replaced = dist.join("editions/index.html");
    for page in [&deleted, &replaced] {
        let links = std::os::unix::fs::MetadataExt::nlink(&std::fs::metadata(page).unwrap());
        assert_eq!(
            links,
            2,
            "{} is not shared with the tree beside",
            page.display()
        );
    }
    let (deleted_text, replaced_text) = (
        std::fs::read(&deleted).unwrap(),
        std::fs::read(&replaced).unwrap(),
    );
    std::fs::remove_file(&deleted).unwrap();
    // Replaced by another file, as an editor saving it would.
    std::fs::remove_file(&replaced).unwrap();
    std::fs::write(&replaced, "<p>edited by hand</p>").unwrap();
    let run = build_ok(site.path(), &[]);
    assert_eq!(
        std::fs::read(&deleted).unwrap(),
        deleted_text,
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(&replaced).unwrap(),
        replaced_text,
        "{}",
        run.stdout
    );
    // And they stay in the builds after.
    build_ok(site.path(), &[]);
    assert_eq!(std::fs::read(&deleted).unwrap(), deleted_text);
}

#[test]
fn a_closed_standard_output_does_not_make_a_build_panic() {
    let site = sample_site();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["build", "--source"])
        .arg(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the build writes its summary (as `broadsheet build | head -0` would).
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(site.path().join("dist/index.html").is_file());
}
