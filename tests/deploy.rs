//! `broadsheet deploy` against a real S3 server on loopback (s3s-fs, which `test.sh` installs
//! with cargo when it is missing; a test fails without it): the first deploy sends every file,
//! one after an edit sends only what the build rewrote, one after a deletion deletes only what a
//! deploy sent, a dry run sends nothing, and a deploy killed half-way is resumed.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, read_tree, run_command, sample_site, tempdir, write};

/// An S3 server storing its buckets in a folder, stopped when dropped.
struct S3 {
    child: Child,
    port: u16,
    root: tempfile::TempDir,
}

impl Drop for S3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3 {
    fn start() -> S3 {
        let root = tempdir();
        std::fs::create_dir(root.path().join("site")).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(s3s_fs())
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", "test-key", "--secret-key", "test-secret"])
            .arg(root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start s3s-fs");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "s3s-fs did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        S3 { child, port, root }
    }

    /// The objects below `s3://site/<prefix>`, as path → bytes.
    fn objects(&self, prefix: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
        let dir = self.root.path().join("site").join(prefix);
        if !dir.exists() {
            return Default::default();
        }
        read_tree(&dir)
            .into_iter()
            .filter(|(path, _)| !path.starts_with(".broadsheet") && !is_metadata(path))
            .collect()
    }

    fn deploy(&self, site: &Path, extra: &[&str]) -> Run {
        let endpoint = format!("http://127.0.0.1:{}", self.port);
        let mut command = self.command(site, &endpoint);
        command.args(extra);
        let output = command.output().expect("run broadsheet deploy");
        Run {
            success: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    fn command(&self, site: &Path, endpoint: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
        command
            .current_dir(site)
            .args(["deploy", "s3://site/opinion", "--endpoint", endpoint])
            .env("AWS_ACCESS_KEY_ID", "test-key")
            .env("AWS_SECRET_ACCESS_KEY", "test-secret")
            .env("AWS_REGION", "us-east-1")
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_PROFILE");
        command
    }
}

impl S3 {
    /// The `Content-Type` and `Cache-Control` the store keeps for `s3://site/<key>` (s3s-fs
    /// writes them to `.bucket-<b64>.object-<b64>.metadata.json` at its root).
    fn headers(&self, key: &str) -> (String, String) {
        let name = format!(
            ".bucket-{}.object-{}.metadata.json",
            base64_url("site"),
            base64_url(key)
        );
        let text = std::fs::read_to_string(self.root.path().join(&name))
            .unwrap_or_else(|e| panic!("no metadata for {key} ({name}): {e}"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let field = |f: &str| value[f].as_str().unwrap_or_default().to_owned();
        (field("content_type"), field("cache_control"))
    }
}

/// URL-safe base64 without padding.
fn base64_url(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// s3s-fs keeps an object's metadata beside it in files of its own.
fn is_metadata(path: &str) -> bool {
    path.contains(".s3s-fs") || path.ends_with(".metadata.json")
}

/// The s3s-fs binary: on PATH or in cargo's bin folder.
fn s3s_fs() -> PathBuf {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("s3s-fs"))
            .find(|candidate| candidate.is_file())
    });
    let in_cargo = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin/s3s-fs"))
        .filter(|candidate| candidate.is_file());
    on_path.or(in_cargo).expect(
        "s3s-fs is not installed: ./test.sh installs it (cargo install s3s-fs --version 0.14.1 --features binary --locked)",
    )
}

/// `sent N files`, `deleted N`, `N unchanged` of a deploy's summary.
fn counts(stdout: &str) -> (usize, usize, usize) {
    let number_after = |word: &str| -> usize {
        let at = stdout
            .find(word)
            .unwrap_or_else(|| panic!("no `{word}` in {stdout}"))
            + word.len();
        stdout[at..]
            .trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or_else(|_| panic!("no number after `{word}` in {stdout}"))
    };
    let unchanged = {
        let at = stdout.find(" unchanged").expect("unchanged");
        stdout[..at].rsplit(' ').next().unwrap().parse().unwrap()
    };
    (number_after("sent "), number_after("deleted "), unchanged)
}

/// The number of files a build wrote, from its summary (`(50 files, 44 unchanged)`).
fn written(build: &Run) -> usize {
    let inside = build
        .stdout
        .split('(')
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the build's counts");
    let numbers: Vec<usize> = inside
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    numbers[0] - numbers[1]
}

#[test]
fn deploys_send_what_changed_pages_last_and_delete_only_what_they_sent() {
    let s3 = S3::start();
    let site = sample_site();
    let build = run_command(site.path(), &["build"]);
    assert!(build.success, "{}", build.stderr);
    let dist = read_tree(&site.path().join("dist"));

    // A dry run says what it would do, and sends nothing.
    let dry = s3.deploy(site.path(), &["--dry-run"]);
    assert!(dry.success, "{}\n{}", dry.stdout, dry.stderr);
    assert!(
        dry.stdout.starts_with(&format!(
            "Deploy to s3://site/opinion: would send {} files",
            dist.len()
        )),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("\n  send   index.html\n"),
        "{}",
        dry.stdout
    );
    assert!(s3.objects("opinion").is_empty());

    // The first deploy sends every file, as built.
    let first = s3.deploy(site.path(), &[]);
    assert!(first.success, "{}\n{}", first.stdout, first.stderr);
    assert_eq!(
        counts(&first.stdout),
        (dist.len(), 0, 0),
        "{}",
        first.stdout
    );
    assert_eq!(
        s3.objects("opinion"),
        dist,
        "the store holds the site as built"
    );
    for (key, content_type, cache) in [
        (
            "opinion/index.html",
            "text/html; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "opinion/atom.xml",
            "application/atom+xml; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "opinion/static/style.css",
            "text/css; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "opinion/search/data/meta.json",
            "application/json; charset=utf-8",
            "public, max-age=300",
        ),
    ] {
        assert_eq!(
            s3.headers(key),
            (content_type.to_owned(), cache.to_owned()),
            "{key}"
        );
    }
    // A file put in the bucket by hand, which no deploy sent.
    write(
        &s3.root.path().join("site"),
        "opinion/verify-me.txt",
        "mine",
    );

    // Nothing changed: nothing sent.
    let again = s3.deploy(site.path(), &[]);
    assert_eq!(
        counts(&again.stdout),
        (0, 0, dist.len()),
        "{}",
        again.stdout
    );

    // One edit: only what the build wrote again is sent.
    let path = site.path().join("articles/以价值创造为社会工作添彩.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("“十五五”开局之年", "“十五五”开局之年（改）", 1),
    )
    .unwrap();
    let build = run_command(site.path(), &["build"]);
    assert!(build.success, "{}", build.stderr);
    // What the edit changed: the page, its listings, feeds, editions and the search index's
    // parts that hold its text; every other file is as it was.
    let after = read_tree(&site.path().join("dist"));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, bytes)| dist.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        !changed.is_empty() && changed.len() < dist.len() / 2,
        "{changed:?}"
    );
    assert!(written(&build) >= changed.len());
    let edited = s3.deploy(site.path(), &[]);
    assert_eq!(
        counts(&edited.stdout),
        (changed.len(), 0, dist.len() - changed.len()),
        "{}\nchanged: {changed:?}",
        edited.stdout
    );
    let page = "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/index.html";
    let stored = &s3.objects("opinion")[page];
    assert!(String::from_utf8_lossy(stored).contains("开局之年（改）"));

    // A deletion: the article's page goes from the store; the hand-made file stays.
    std::fs::remove_file(&path).unwrap();
    let edition = site.path().join("editions/2026-03-27.yaml");
    let listed = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(
        &edition,
        listed.replace("      - 以价值创造为社会工作添彩\n", ""),
    )
    .unwrap();
    let build = run_command(site.path(), &["build"]);
    assert!(build.success, "{}", build.stderr);
    let deleted = s3.deploy(site.path(), &[]);
    assert!(deleted.success, "{}", deleted.stderr);
    let (_, gone, _) = counts(&deleted.stdout);
    assert!(gone >= 1, "{}", deleted.stdout);
    let objects = s3.objects("opinion");
    assert!(!objects.contains_key(page));
    assert_eq!(objects["verify-me.txt"], b"mine");
    let mut expected = read_tree(&site.path().join("dist"));
    expected.insert("verify-me.txt".to_owned(), b"mine".to_vec());
    assert_eq!(objects, expected);
}

#[test]
fn a_deploy_killed_half_way_is_resumed_by_the_next() {
    let s3 = S3::start();
    let dir = tempdir();
    for n in 0..600 {
        write(
            dir.path(),
            &format!("articles/a{n}.md"),
            format!(
                "---\ntitle: 第{n}篇评论\nauthor: 李宏\ndate: 2026-03-27\n---\n\n正文第{n}段。\n"
            ),
        );
    }
    let build = run_command(dir.path(), &["build", "--quiet"]);
    assert!(build.success, "{}", build.stderr);
    let total = read_tree(&dir.path().join("dist")).len();

    let endpoint = format!("http://127.0.0.1:{}", s3.port);
    let mut child = s3
        .command(dir.path(), &endpoint)
        .args(["--jobs", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while s3.objects("opinion").len() < 50 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the deploy sent nothing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let _ = child.wait();
    let sent_before = s3.objects("opinion").len();
    assert!(
        sent_before < total,
        "the deploy finished before it was killed"
    );

    let resumed = s3.deploy(dir.path(), &[]);
    assert!(resumed.success, "{}\n{}", resumed.stdout, resumed.stderr);
    let (sent, _, _) = counts(&resumed.stdout);
    assert!(
        resumed
            .stdout
            .contains("sent already by a deploy that stopped"),
        "{}",
        resumed.stdout
    );
    // Only what the first did not finish is sent again (one in flight at most).
    assert!(
        sent <= total - sent_before + 1,
        "sent {sent} of {total}, {sent_before} there already"
    );
    assert_eq!(s3.objects("opinion"), read_tree(&dir.path().join("dist")));
}
