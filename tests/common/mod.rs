//! Helpers shared by the integration tests: copying a site into a temporary folder, running
//! the binary hermetically, reading front matter and pages, and resolving links in the output.
//!
//! The HTML is read with plain string scanning on purpose: the tests must not depend on an
//! HTML parser's leniency, and what they look for (attributes, headings, paragraphs) is simple.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub mod pictures;

/// The repository's root, which holds the sample site (`articles/`, `site.yaml`).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<case>`.
pub fn fixture(case: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(case)
}

/// A temporary folder holding a copy of the sample site: `articles/` and `site.yaml` only
/// (never the repository's own `dist/`).
pub fn sample_site() -> TempDir {
    let dir = tempdir();
    copy_dir(&repo_root().join("articles"), &dir.path().join("articles"));
    copy_dir(&repo_root().join("editions"), &dir.path().join("editions"));
    std::fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml"))
        .expect("copy site.yaml");
    dir
}

/// A temporary folder holding a copy of `tests/fixtures/<case>`.
pub fn fixture_site(case: &str) -> TempDir {
    let from = fixture(case);
    assert!(from.is_dir(), "no fixture {}", from.display());
    let dir = tempdir();
    copy_dir(&from, dir.path());
    dir
}

pub fn tempdir() -> TempDir {
    tempfile::Builder::new()
        .prefix("broadsheet-test-")
        .tempdir()
        .expect("create a temporary folder")
}

/// Copies the folder `from` into `to` (created when missing), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the target folder");
    for entry in std::fs::read_dir(from).expect("read the fixture folder") {
        let entry = entry.expect("read a fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// Writes `text` to `site/relative`, creating folders as needed.
pub fn write(site: &Path, relative: &str, text: impl AsRef<[u8]>) {
    let path = site.join(relative);
    std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create folders");
    std::fs::write(&path, text).expect("write a file into the test site");
}

/// The binary, with the user's environment cleared so that nothing outside the test leaks in.
pub fn broadsheet() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    command.env_clear();
    command
}

/// What one run of the binary printed.
pub struct Run {
    pub success: bool,
    /// The exit status; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `broadsheet <args…>` in `cwd`.
pub fn run_command(cwd: &Path, args: &[&str]) -> Run {
    ran(broadsheet().current_dir(cwd).args(args))
}

/// Runs `command` to its end: what it printed, and how it ended.
fn ran(command: &mut assert_cmd::Command) -> Run {
    let output = command.output().expect("run broadsheet");
    Run {
        success: output.status.success(),
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The sample page's headlines in print order (its edition, `editions/2026-03-27.yaml`, as
/// `import` reads them from tests/fixtures/seed_page.txt), the lead first.
pub const PRINT_ORDER: [&str; 7] = [
    "在深入群众中厚植执政根基",
    "新业态背景下株洲大学生高质量就业路径探索",
    "以价值创造为社会工作添彩",
    "携手护航春秋假落地生根",
    "身体是事业最重要的“合伙人”",
    "让“外脑”激活国企治理效能",
    "以创意让传统产业焕发新生机",
];

/// The sample's edition file, as the repository holds it.
pub fn sample_edition() -> String {
    std::fs::read_to_string(repo_root().join("editions/2026-03-27.yaml"))
        .expect("the sample's edition")
}

/// `html` without its tags, unescaped and trimmed.
pub fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(text.trim())
}

/// Runs `broadsheet build --source <site> <extra…>` from a scratch working folder.
pub fn build(site: &Path, extra: &[&str]) -> Run {
    let cwd = tempdir();
    run_in(cwd.path(), site, extra)
}

/// Runs `broadsheet build --source <site> <extra…>` with `cwd` as the working folder.
pub fn run_in(cwd: &Path, site: &Path, extra: &[&str]) -> Run {
    ran(broadsheet()
        .current_dir(cwd)
        .arg("build")
        .arg("--source")
        .arg(site)
        .args(extra))
}

/// Builds `site` into `site/dist` and panics, showing stderr, when the build fails.
pub fn build_ok(site: &Path, extra: &[&str]) -> Run {
    let run = build(site, extra);
    assert!(
        run.success,
        "the build failed:\n{}\n{}",
        run.stdout, run.stderr
    );
    run
}

/// Builds through the library rather than the binary.
pub fn build_with_library(site: &Path, drafts: bool) -> broadsheet::Summary {
    broadsheet::build(&broadsheet::BuildOptions {
        source: site.to_path_buf(),
        output: None,
        drafts,
        now: None,
        future: broadsheet::Future::LeaveOut,
    })
    .unwrap_or_else(|error| panic!("the build failed: {error:?}"))
}

/// What the tests need of an article's front matter, read line by line.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The file name without `.md`.
    pub stem: String,
    pub fields: BTreeMap<String, String>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    pub fn title(&self) -> &str {
        self.get("title").expect("every sample article has a title")
    }

    pub fn author(&self) -> &str {
        self.get("author")
            .expect("every sample article has an author")
    }

    pub fn section(&self) -> &str {
        self.get("section")
            .expect("every sample article has a section")
    }
}

/// The top-level `key: value` lines between the opening `---` and the next `---` of every
/// `.md` file in `site/articles`, sorted by file name.
pub fn front_matters(site: &Path) -> Vec<FrontMatter> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(site.join("articles")).expect("read articles/") {
        let path = entry.expect("an article entry").path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("articles are UTF-8");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("---"), "{}", path.display());
        let mut fields = BTreeMap::new();
        for line in lines.by_ref() {
            if line == "---" {
                break;
            }
            if let Some((key, value)) = line.split_once(':')
                && !key.starts_with([' ', '\t'])
            {
                fields.insert(key.trim().to_owned(), value.trim().to_owned());
            }
        }
        let stem = path
            .file_stem()
            .expect("a file stem")
            .to_string_lossy()
            .into_owned();
        found.push(FrontMatter { stem, fields });
    }
    found.sort_by(|a, b| a.stem.cmp(&b.stem));
    found
}

/// Every file below `dir`, as `/`-separated relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("read an output folder") {
        let path = entry.expect("an output entry").path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path
                .strip_prefix(base)
                .expect("below the base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(relative, std::fs::read(&path).expect("read an output file"));
        }
    }
}

/// The HTML pages below `dir`, as relative path → text.
pub fn read_pages(dir: &Path) -> BTreeMap<String, String> {
    read_tree(dir)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).expect("pages are UTF-8");
            (path, text)
        })
        .collect()
}

/// The text of `dir/relative`, panicking with the path when it is missing.
pub fn read(dir: &Path, relative: &str) -> String {
    let path = dir.join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The names of the entries directly inside `dir`, sorted.
pub fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("read a folder")
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Undoes the escaping templates apply to text and attributes.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// The text between the first `open` and the next `close` after it.
pub fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)? + open.len();
    let end = html[start..].find(close)? + start;
    Some(&html[start..end])
}

/// Every `<h1 …>text</h1>`'s text, unescaped.
pub fn h1s(html: &str) -> Vec<String> {
    elements(html, "h1")
}

/// The inner HTML of every `<tag>` or `<tag …>` element (not nested in itself).
pub fn elements(html: &str, tag: &str) -> Vec<String> {
    let mut found = Vec::new();
    let close = format!("</{tag}>");
    let mut rest = html;
    while let Some(i) = rest.find(&format!("<{tag}")) {
        let after = &rest[i + tag.len() + 1..];
        // `<p` must not match `<pre` or `<path`.
        if !after.starts_with(['>', ' ', '\n', '\t']) {
            rest = after;
            continue;
        }
        let Some(open_end) = after.find('>') else {
            break;
        };
        let inner = &after[open_end + 1..];
        let Some(end) = inner.find(&close) else {
            break;
        };
        found.push(unescape(&inner[..end]));
        rest = &inner[end + close.len()..];
    }
    found
}

/// The titles of the article cards on a listing page (`<h2 class="card-title"><a …>T</a>`).
pub fn card_titles(html: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("class=\"card-title\"") {
        rest = &rest[i + 1..];
        let end = rest.find("</a>").expect("a card title holds a link");
        let (_, title) = rest[..end]
            .rsplit_once('>')
            .expect("a card title holds a link");
        titles.push(unescape(title));
    }
    titles
}

/// The listing pages directly below `dist/<folder>/` (`sections/<slug>/index.html`), by the
/// name in their `<h1>`, each with the titles of the cards it shows.
pub fn listings(dist: &Path, folder: &str) -> BTreeMap<String, (String, BTreeSet<String>)> {
    let mut found = BTreeMap::new();
    for name in entries(&dist.join(folder)) {
        let relative = format!("{folder}/{name}/index.html");
        if !dist.join(&relative).is_file() {
            continue;
        }
        let html = read(dist, &relative);
        let heading = h1s(&html)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{relative} has no <h1>"));
        let titles: BTreeSet<String> = card_titles(&html).into_iter().collect();
        let previous = found.insert(heading.clone(), (relative.clone(), titles));
        assert!(
            previous.is_none(),
            "two pages in {folder}/ are headed {heading}"
        );
    }
    found
}

/// The article pages of `dist`, by the title in their `<h1>`, as (relative path, HTML).
pub fn article_pages(dist: &Path) -> BTreeMap<String, (String, String)> {
    let mut found = BTreeMap::new();
    for name in entries(&dist.join("articles")) {
        let relative = format!("articles/{name}/index.html");
        let html = read(dist, &relative);
        let title = h1s(&html)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{relative} has no <h1>"));
        found.insert(title, (relative, html));
    }
    found
}

/// The value of every `href="…"` and `src="…"` attribute (either quote), unescaped, in order.
/// An attribute must follow white space, so `a[href]` or `getAttribute("href")` in a script
/// are not taken for one.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    for name in ["href=", "src="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(name) {
            let at = from + i;
            from = at + name.len();
            if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
                continue;
            }
            let quote = match bytes.get(from) {
                Some(&q @ (b'"' | b'\'')) => q as char,
                _ => continue,
            };
            let value_start = from + 1;
            let Some(len) = html[value_start..].find(quote) else {
                continue;
            };
            found.push((at, unescape(&html[value_start..value_start + len])));
        }
    }
    found.sort();
    found.into_iter().map(|(_, link)| link).collect()
}

/// Where an internal link on the page at `page` (a path relative to dist, such as
/// `articles/x/index.html`) leads: the relative path of a file in dist. `None` for links out
/// of the site (`http:`, `https:`, `mailto:`) and same-page fragments. `base_path` is the path
/// part of the site's base_url (`/opinion/`): a link starting with `/` must start with it.
pub fn resolve(page: &str, link: &str, base_path: &str) -> Option<Result<String, String>> {
    let lower = link.to_ascii_lowercase();
    if link.starts_with('#')
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s))
    {
        return None;
    }
    let target = link.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = Vec::new();
    let rest = if let Some(absolute) = target.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        match absolute.strip_prefix(base) {
            Some(rest) => rest,
            None => {
                return Some(Err(format!(
                    "{link} leaves the site's base path {base_path}"
                )));
            }
        }
    } else {
        parts.extend(page.split('/'));
        parts.pop(); // the page's own file name
        target
    };
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(format!("{link} climbs above the site's root")));
                }
            }
            part => parts.push(part),
        }
    }
    let last = rest.rsplit('/').next().unwrap_or_default();
    let names_a_folder = matches!(last, "" | "." | "..");
    if names_a_folder {
        parts.push("index.html");
    }
    Some(Ok(parts.join("/")))
}

/// A small deterministic generator (splitmix64), so that a failure can be replayed.
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Copies everything a child process writes to `pipe` into a shared string, line by line.
pub fn capture(
    pipe: impl std::io::Read + Send + 'static,
) -> std::sync::Arc<std::sync::Mutex<String>> {
    let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = std::sync::Arc::clone(&text);
    std::thread::spawn(move || {
        use std::io::BufRead as _;
        let mut lines = std::io::BufReader::new(pipe);
        let mut line = String::new();
        while lines.read_line(&mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    text
}

/// The body of a complete HTTP/1.1 message sent with `Transfer-Encoding: chunked`.
pub fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size line");
        let size = std::str::from_utf8(&raw[..line_end]).expect("an ASCII chunk size");
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16)
            .expect("a hexadecimal chunk size");
        raw = &raw[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// Takes the article `name` (its file below `articles/`, without `.md`) out of the sample
/// site's edition, or, with `to`, lists it there under its new name, as an editor does who
/// deletes or renames an article file.
pub fn relist(site: &Path, name: &str, to: Option<&str>) {
    let path = site.join("editions/2026-03-27.yaml");
    let text = std::fs::read_to_string(&path).expect("the sample's edition");
    let entry = format!("      - {name}\n");
    assert!(text.contains(&entry), "{name} is not in the edition");
    let replacement = to.map_or(String::new(), |to| format!("      - {to}\n"));
    std::fs::write(&path, text.replace(&entry, &replacement)).expect("write the edition");
}

/// Runs Python with `script`, which prints one line per finding; fails the test, never skips,
/// when Python or feedparser is missing.
pub fn python(script: &str, args: &[&std::path::Path]) -> String {
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (Debian's python3; ./test.sh installs feedparser)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'feedparser'"),
        "install the feed parser the tests use: python3 -m pip install feedparser (./test.sh does)"
    );
    assert!(output.status.success(), "{stderr}");
    String::from_utf8(output.stdout).unwrap()
}
