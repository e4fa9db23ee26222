//! `broadsheet serve`: the binary started on a free port against a temporary copy of the sample
//! site, spoken to over plain sockets (HTTP/1.1 and Server-Sent Events written by hand, so that
//! nothing between the test and the server normalises a path or hides a framing mistake).
//!
//! Every wait is bounded and polls; every server is killed when its test ends, passed or not.

mod common;

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{
    capture, card_titles, dechunk, entries, h1s, read_tree, repo_root, sample_site, write,
};

/// How long anything the server should do may take before a test gives up on it.
const PATIENCE: Duration = Duration::from_secs(5);
/// How often a test looks again.
const POLL: Duration = Duration::from_millis(20);

const LI_JUN: &str = "articles/以价值创造为社会工作添彩.md";
const LI_JUN_TITLE: &str = "以价值创造为社会工作添彩";
const LI_JUN_PAGE: &str = "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/";
/// 李军's only article is the only one of 基层治理.
const LI_JUN_SECTION: &str = "sections/ji-ceng-zhi-li/";
const LI_JUN_AUTHOR: &str = "authors/li-jun/";
/// What the sample's 404 page says.
const NOT_FOUND_TEXT: &str = "找不到这一页";

// ---------------------------------------------------------------------------------------------
// The server

/// A running `broadsheet serve`, killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`, as the server printed it.
    address: String,
    /// The path the site is served under (`/opinion/`).
    base: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on right now (another test may take it first: the server then takes
/// the next one and says so, and the tests read the address it prints).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind a free port")
        .port()
}

/// Polls `check` every `POLL` until it gives a value, for at most `PATIENCE`.
fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "waited {PATIENCE:?} for {what}"
        );
        std::thread::sleep(POLL);
    }
}

impl Server {
    /// `broadsheet serve --watch --source <site> --port <a free port>`.
    fn watch(site: &Path) -> Server {
        Server::start(site, &["--watch", "--port", &free_port().to_string()])
    }

    /// `broadsheet serve --source <site> <extra…>`, from `site` as the working folder; returns
    /// once the server listens (and watches, with `--watch`).
    fn start(site: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .env_clear()
            .current_dir(site)
            .arg("serve")
            .arg("--source")
            .arg(site)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start broadsheet serve");
        let stdout = capture(child.stdout.take().expect("piped stdout"));
        let stderr = capture(child.stderr.take().expect("piped stderr"));
        let mut server = Server {
            child,
            address: String::new(),
            base: String::new(),
            stdout,
            stderr,
        };
        let watching = extra.contains(&"--watch");
        let (address, base) = eventually("the server to say where it serves", || {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "broadsheet serve exited ({status}):\n{}\n{}",
                    server.stdout(),
                    server.stderr()
                );
            }
            let out = server.stdout();
            if watching && !out.contains("Watching for changes") {
                return None;
            }
            let line = out.lines().find(|line| line.starts_with("Serving "))?;
            let (_, at) = line.rsplit_once(" at http://")?;
            let slash = at.find('/').unwrap_or(at.len());
            let base = if slash == at.len() { "/" } else { &at[slash..] };
            Some((at[..slash].to_owned(), base.to_owned()))
        });
        server.address = address;
        server.base = base;
        server
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn port(&self) -> u16 {
        let (_, port) = self
            .address
            .rsplit_once(':')
            .expect("an address has a port");
        port.parse().expect("a port number")
    }

    /// `GET <path>`, the path sent exactly as given.
    fn get_raw(&self, path: &str) -> Response {
        get(&self.address, path)
    }

    /// `GET <base path><relative>`.
    fn get(&self, relative: &str) -> Response {
        self.get_raw(&format!("{}{relative}", self.base))
    }

    /// Connects a live-reload client and reads its `hello`.
    fn events(&self) -> EventStream {
        EventStream::connect(&self.address)
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP over a bare socket

#[derive(Debug)]
struct Response {
    status: u16,
    /// Names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Status line and headers of a response head (without the blank line).
fn parse_head(head: &[u8]) -> (u16, Vec<(String, String)>) {
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(
        parts.next().map(|v| v.starts_with("HTTP/1.")),
        Some(true),
        "not an HTTP response: {status_line:?}"
    );
    let status = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {status_line:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    (status, headers)
}

/// One `GET` with `Connection: close`; the request target is written byte for byte.
fn get(address: &str, target: &str) -> Response {
    get_for(address, address, target)
}

/// `get`, for the host `host` (the `Host` header) whatever the address connected to.
fn get_for(address: &str, host: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(address).expect("connect to the server");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send a request");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("read the response to GET {target}: {e}"));
    let end = find(&raw, b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete head in the response to GET {target}"));
    let (status, headers) = parse_head(&raw[..end]);
    let mut response = Response {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    };
    if response
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        response.body = dechunk(&response.body);
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length.parse().expect("a numeric content-length");
        assert_eq!(response.body.len(), length, "the body of GET {target}");
    }
    response
}

/// The page `html` without the live-reload script, which must be there exactly once, just
/// before `</body>`; and the build number the script names.
fn without_script(html: &str) -> (String, u64) {
    const OPEN: &str = "<script src=\"/__broadsheet/live.js\" data-generation=\"";
    const CLOSE: &str = "\"></script>";
    assert_eq!(
        html.matches("/__broadsheet/live.js").count(),
        1,
        "the live-reload script once: {html}"
    );
    let start = html.find(OPEN).expect("the live-reload script tag");
    let number_end = start + OPEN.len() + html[start + OPEN.len()..].find(CLOSE).unwrap();
    let generation = html[start + OPEN.len()..number_end]
        .parse()
        .expect("a build number");
    let end = number_end + CLOSE.len();
    assert!(
        html[end..].to_ascii_lowercase().starts_with("</body>"),
        "the script goes right before </body>"
    );
    (format!("{}{}", &html[..start], &html[end..]), generation)
}

// ---------------------------------------------------------------------------------------------
// Server-Sent Events over a bare socket

/// One event as the stream framed it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    /// The `event:` field; `message` when there is none.
    name: String,
    /// The `data:` lines joined by newlines; `None` when the event has no `data:` line, which
    /// a browser's `EventSource` then never dispatches (HTML, "dispatch the event": an empty
    /// data buffer means no event).
    data: Option<String>,
}

impl Event {
    fn data(&self) -> &str {
        self.data.as_deref().unwrap_or_default()
    }

    fn generation(&self) -> u64 {
        self.data()
            .parse()
            .unwrap_or_else(|_| panic!("a build number in {self:?}"))
    }
}

/// A client of `/__broadsheet/events`.
struct EventStream {
    stream: TcpStream,
    chunked: bool,
    /// Bytes read and not yet de-chunked.
    raw: Vec<u8>,
    /// The event stream's text not yet parsed.
    text: Vec<u8>,
    name: Option<String>,
    data: Option<String>,
    /// Every event so far, for failure messages.
    seen: Vec<Event>,
    /// The build number `hello` gave.
    hello: u64,
}

impl EventStream {
    /// Connects and reads the `hello` the server sends first.
    fn connect(address: &str) -> EventStream {
        let mut stream = TcpStream::connect(address).expect("connect to the server");
        stream.set_write_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__broadsheet/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send the request");
        let started = Instant::now();
        let mut raw = Vec::new();
        let end = loop {
            if let Some(end) = find(&raw, b"\r\n\r\n") {
                break end;
            }
            let left = PATIENCE.saturating_sub(started.elapsed());
            assert!(!left.is_zero(), "no response head from the event stream");
            stream.set_read_timeout(Some(left)).unwrap();
            let mut buffer = [0; 4096];
            match stream.read(&mut buffer) {
                Ok(0) => panic!("the event stream closed before its head"),
                Ok(n) => raw.extend_from_slice(&buffer[..n]),
                Err(e) => panic!("read the event stream's head: {e}"),
            }
        };
        let (status, headers) = parse_head(&raw[..end]);
        assert_eq!(status, 200, "the event stream's status");
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        assert_eq!(
            header("content-type").as_deref(),
            Some("text/event-stream"),
            "the event stream's type"
        );
        let chunked = header("transfer-encoding").is_some_and(|v| v == "chunked");
        let mut events = EventStream {
            stream,
            chunked,
            raw: raw[end + 4..].to_vec(),
            text: Vec::new(),
            name: None,
            data: None,
            seen: Vec::new(),
            hello: 0,
        };
        // The head's read may have brought the first events with it.
        events.dechunk();
        let hello = events.next(PATIENCE).expect("a first event");
        assert_eq!(hello.name, "hello", "the first event");
        events.hello = hello.generation();
        events
    }

    /// Moves what can be de-chunked from `raw` to `text`.
    fn dechunk(&mut self) {
        if !self.chunked {
            self.text.append(&mut self.raw);
            return;
        }
        while let Some(line_end) = find(&self.raw, b"\r\n") {
            let size = String::from_utf8_lossy(&self.raw[..line_end]).into_owned();
            let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16)
                .unwrap_or_else(|_| panic!("a chunk size, not {size:?}"));
            let start = line_end + 2;
            if self.raw.len() < start + size + 2 {
                return;
            }
            self.text.extend_from_slice(&self.raw[start..start + size]);
            self.raw.drain(..start + size + 2);
        }
    }

    /// The next complete event in `text`, if any.
    fn parse(&mut self) -> Option<Event> {
        while let Some(newline) = self.text.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.text.drain(..=newline).collect();
            let line = String::from_utf8(line).expect("the event stream is UTF-8");
            let line = line.trim_end_matches('\n').trim_end_matches('\r');
            if line.is_empty() {
                if self.name.is_none() && self.data.is_none() {
                    continue;
                }
                return Some(Event {
                    name: self.name.take().unwrap_or_else(|| "message".to_owned()),
                    data: self.data.take(),
                });
            }
            if line.starts_with(':') {
                continue; // a comment: keep-alive
            }
            let (field, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "event" => self.name = Some(value.to_owned()),
                "data" => {
                    self.data = Some(match self.data.take() {
                        Some(before) => format!("{before}\n{value}"),
                        None => value.to_owned(),
                    })
                }
                _ => {}
            }
        }
        None
    }

    /// The next event, or `None` when none comes within `within`.
    fn next(&mut self, within: Duration) -> Option<Event> {
        let started = Instant::now();
        loop {
            if let Some(event) = self.parse() {
                self.seen.push(event.clone());
                return Some(event);
            }
            let left = within.saturating_sub(started.elapsed());
            if left.is_zero() {
                return None;
            }
            self.stream.set_read_timeout(Some(left)).unwrap();
            let mut buffer = [0; 4096];
            match self.stream.read(&mut buffer) {
                Ok(0) => return None,
                Ok(n) => {
                    self.raw.extend_from_slice(&buffer[..n]);
                    self.dechunk();
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None;
                }
                Err(e) => panic!("read the event stream: {e}"),
            }
        }
    }

    /// The next event whose name is one of `names`, skipping none: any other event first
    /// fails the test.
    fn expect(&mut self, names: &[&str]) -> Event {
        match self.next(PATIENCE) {
            Some(event) if names.contains(&event.name.as_str()) => event,
            Some(event) => panic!(
                "expected one of {names:?}, got {event:?}; all events: {:?}",
                self.seen
            ),
            None => panic!(
                "no event within {PATIENCE:?} (expected one of {names:?}); all events: {:?}",
                self.seen
            ),
        }
    }

    /// Asserts that no event comes within `within`.
    fn expect_quiet(&mut self, within: Duration, why: &str) {
        if let Some(event) = self.next(within) {
            panic!("{why}: got {event:?}; all events: {:?}", self.seen);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers about the site

/// Replaces `from` (which must be there) by `to` in the site's file `relative`, saved as many
/// editors save: the new text into a hidden file beside it, renamed over it. So the server never
/// sees a half-written file, whatever the machine's load.
fn edit(site: &Path, relative: &str, from: &str, to: &str) {
    let path = site.join(relative);
    let text = std::fs::read_to_string(&path).expect("read a site file");
    assert!(text.contains(from), "{relative} holds no {from:?}");
    let name = path.file_name().unwrap().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temporary, text.replacen(from, to, 1)).expect("write the new text");
    std::fs::rename(&temporary, &path).expect("save over the file");
}

/// The URL path below the base of the file `relative` of the output folder: `index.html` by
/// its folder's URL.
fn url_of(relative: &str) -> &str {
    relative.strip_suffix("index.html").unwrap_or(relative)
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn the_served_site_is_what_build_writes_plus_the_live_reload_script() {
    let site = sample_site();
    common::build_ok(site.path(), &[]);
    let built = read_tree(&site.path().join("dist"));
    assert!(built.len() > 20, "the sample builds {} files", built.len());
    let server = Server::watch(site.path());
    assert_eq!(server.base, "/opinion/", "the sample's base_url's path");

    for (relative, bytes) in &built {
        let response = server.get(url_of(relative));
        assert_eq!(response.status, 200, "GET {}", url_of(relative));
        assert_eq!(
            response.header("cache-control"),
            Some("no-store"),
            "{relative}"
        );
        if relative.ends_with(".html") {
            assert_eq!(
                response.header("content-type"),
                Some("text/html; charset=utf-8"),
                "{relative}"
            );
            let served = String::from_utf8(response.body).expect("pages are UTF-8");
            let (served, generation) = without_script(&served);
            assert_eq!(generation, 1, "the first build is number 1");
            assert!(
                served == String::from_utf8_lossy(bytes),
                "{relative} differs from the built file"
            );
        } else {
            assert!(
                &response.body == bytes,
                "{relative} differs from the built file"
            );
        }
    }
    let css = server.get("static/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));

    // And nothing more is served than build writes: a page build does not make is not found.
    assert_eq!(server.get("articles/no-such-article/").status, 404);
}

#[test]
fn without_watch_the_served_site_is_what_build_writes_with_no_live_reload_script() {
    let site = sample_site();
    common::build_ok(site.path(), &[]);
    let built = read_tree(&site.path().join("dist"));
    let server = Server::start(site.path(), &["--port", &free_port().to_string()]);

    for (relative, bytes) in &built {
        let response = server.get(url_of(relative));
        assert_eq!(response.status, 200, "GET {}", url_of(relative));
        assert!(
            !response.text().contains("/__broadsheet/"),
            "{relative} has the live-reload script without --watch"
        );
        assert!(
            &response.body == bytes,
            "{relative} differs from the built file"
        );
    }
    // Nothing would ever come down the stream: there is none, nor its script.
    for own in ["/__broadsheet/events", "/__broadsheet/live.js"] {
        assert_eq!(server.get_raw(own).status, 404, "GET {own}");
    }
}

#[test]
fn clean_urls_redirect_and_unknown_pages_get_the_sites_404_page() {
    let site = sample_site();
    let server = Server::watch(site.path());

    let slug = LI_JUN_PAGE.trim_end_matches('/');
    let response = server.get(slug);
    assert_eq!(response.status, 301, "GET /opinion/{slug}");
    let location = response.header("location").expect("a Location");
    assert!(location.ends_with(&format!("/{slug}/")), "{location}");
    // The redirect leads to the page.
    let page = server.get_raw(location);
    assert_eq!(page.status, 200);
    assert_eq!(h1s(&page.text()), [LI_JUN_TITLE]);

    for (from, to) in [("/", "/opinion/"), ("/opinion", "/opinion/")] {
        let response = server.get_raw(from);
        assert!(
            matches!(response.status, 301 | 302 | 307 | 308),
            "GET {from}: {}",
            response.status
        );
        assert_eq!(response.header("location"), Some(to), "GET {from}");
    }

    for unknown in [
        "/opinion/articles/no-such-article/",
        "/opinion/no-such-page.html",
        "/elsewhere/",
    ] {
        let response = server.get_raw(unknown);
        assert_eq!(response.status, 404, "GET {unknown}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8"),
            "GET {unknown}"
        );
        let text = response.text();
        assert!(text.contains(NOT_FOUND_TEXT), "GET {unknown}: {text}");
        // The 404 page reloads too when the site changes.
        without_script(&text);
    }
}

#[test]
fn requests_cannot_read_outside_the_site() {
    let site = sample_site();
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let server = Server::watch(site.path());
    for target in [
        "/opinion/../Cargo.toml",
        "/opinion/../site.yaml",
        "/opinion/%2e%2e/%2e%2e/etc/passwd",
        "/opinion/%2E%2E/site.yaml",
        "/opinion/articles/..%2f..%2fsite.yaml",
        "/opinion/articles/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/opinion/..%5csite.yaml",
        "/opinion/site.yaml%00.html",
        "/opinion/%00",
        "/opinion/..\\site.yaml",
        "/opinion\\..\\site.yaml",
        "/opinion//etc/passwd",
        "/opinion/%2fetc%2fpasswd",
        "/opinion/./../site.yaml",
        "/opinion/%c0%ae%c0%ae/site.yaml",
        "/site.yaml",
        "/opinion/site.yaml",
    ] {
        let response = server.get_raw(target);
        assert!(
            matches!(response.status, 400 | 404),
            "GET {target}: status {}",
            response.status
        );
        let body = response.text();
        assert!(
            !body.contains("base_url:") && !body.contains(config.lines().next().unwrap()),
            "GET {target} shows site.yaml: {body}"
        );
        assert!(!body.contains("[package]"), "GET {target} shows Cargo.toml");
        assert!(
            !body.contains("root:x:0:0"),
            "GET {target} shows /etc/passwd"
        );
    }
    // The server is still up and well after all that.
    assert_eq!(server.get("").status, 200);
}

#[test]
fn requests_for_other_host_names_are_refused_so_that_dns_rebinding_reads_nothing() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let port = server.port();
    let page = format!("{}{LI_JUN_PAGE}", server.base);

    // A page of evil.example whose name now resolves to 127.0.0.1: its requests say so.
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        for target in [page.as_str(), "/opinion/", "/__broadsheet/events"] {
            let response = get_for(&server.address, &host, target);
            assert_eq!(response.status, 403, "GET {target} for {host}");
            assert_eq!(
                response.header("content-type"),
                Some("text/plain; charset=utf-8")
            );
            let text = response.text();
            assert!(
                text.contains("localhost") && text.contains("127.0.0.1") && text.contains("[::1]"),
                "the refusal says which names are answered: {text}"
            );
            assert!(!text.contains(LI_JUN_TITLE), "{text}");
        }
    }
    // No Host at all, in HTTP/1.1: refused too.
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET {page} HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    assert!(
        raw.starts_with(b"HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&raw)
    );

    // The machine's own names, with or without the port, are answered.
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_owned(),
        format!("localhost:{port}"),
        "localhost".to_owned(),
        format!("preview.localhost:{port}"),
        format!("127.0.0.2:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = get_for(&server.address, &host, &page);
        assert_eq!(response.status, 200, "GET {page} for {host}");
        assert_eq!(h1s(&response.text()), [LI_JUN_TITLE], "for {host}");
    }
}

#[test]
fn an_edited_title_shows_on_the_article_home_and_section_pages() {
    let site = sample_site();
    let server = Server::watch(site.path());
    assert!(server.get("").text().contains(LI_JUN_TITLE));

    const NEW: &str = "以价值创造为城市发展添彩";
    edit(
        site.path(),
        LI_JUN,
        &format!("title: {LI_JUN_TITLE}"),
        &format!("title: {NEW}"),
    );
    let pages = ["", LI_JUN_PAGE, LI_JUN_SECTION, LI_JUN_AUTHOR];
    let served = eventually("the new title on every page", || {
        let texts: Vec<String> = pages.iter().map(|p| server.get(p).text()).collect();
        texts.iter().all(|text| text.contains(NEW)).then_some(texts)
    });
    for (page, text) in pages.iter().zip(&served) {
        assert!(
            !text.contains(LI_JUN_TITLE),
            "/opinion/{page} shows the old title"
        );
    }
    assert_eq!(h1s(&served[1]), [NEW]);
    assert!(card_titles(&served[0]).contains(&NEW.to_owned()));
    assert_eq!(card_titles(&served[2]), [NEW]);
    // Its address comes from the file's name, which did not change.
    assert_eq!(server.get(LI_JUN_PAGE).status, 200);
}

#[test]
fn an_added_article_gets_its_page_and_a_place_on_the_home_page() {
    let site = sample_site();
    let server = Server::watch(site.path());
    const TITLE: &str = "开发服务器上的新评论";
    assert_eq!(server.get("articles/kai-fa-fu-wu-qi/").status, 404);

    write(
        site.path(),
        "articles/开发服务器.md",
        format!(
            "---\ntitle: {TITLE}\nauthor: 李军\ndate: 2026-03-27\nsection: 评论\nslug: kai-fa-fu-wu-qi\n---\n\n新文章的正文。\n"
        ),
    );
    let page = eventually("the new article's page", || {
        let response = server.get("articles/kai-fa-fu-wu-qi/");
        (response.status == 200).then_some(response)
    });
    let page = page.text();
    assert_eq!(h1s(&page), [TITLE]);
    assert!(page.contains("新文章的正文。"));
    let home = card_titles(&server.get("").text());
    assert!(home.contains(&TITLE.to_owned()), "{home:?}");
    assert_eq!(home.len(), 8, "{home:?}");
    let author = card_titles(&server.get(LI_JUN_AUTHOR).text());
    assert!(author.contains(&TITLE.to_owned()), "{author:?}");
    let section = card_titles(&server.get("sections/ping-lun/").text());
    assert!(section.contains(&TITLE.to_owned()), "{section:?}");
}

#[test]
fn a_saved_edition_file_reorders_the_home_page_and_its_articles_dates() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let home = card_titles(&server.get("").text());
    assert_eq!(home[0], "在深入群众中厚植执政根基", "{home:?}");

    // The desk moves 以价值创造为社会工作添彩 to the top of the page: the lead changes.
    common::relist(site.path(), "以价值创造为社会工作添彩", None);
    let path = site.path().join("editions/2026-03-27.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "    articles:\n",
            "    articles:\n      - 以价值创造为社会工作添彩\n",
        ),
    )
    .unwrap();
    eventually("the new lead on the home page", || {
        let home = card_titles(&server.get("").text());
        (home[0] == LI_JUN_TITLE).then_some(())
    });
    let edition = server.get("editions/2026/03/27/").text();
    assert_eq!(card_titles(&edition)[0], LI_JUN_TITLE);

    // A second edition file, a day later, takes the article and its date with it.
    common::relist(site.path(), "以价值创造为社会工作添彩", None);
    write(
        site.path(),
        "editions/2026-03-28.yaml",
        "pages:\n  - name: 评论\n    articles: [以价值创造为社会工作添彩]\n",
    );
    let page = eventually("the article in the next day's edition", || {
        let response = server.get(LI_JUN_PAGE);
        let text = response.text();
        text.contains("2026年3月28日").then_some(text)
    });
    assert!(page.contains("editions/2026/03/28/"), "{page}");
    assert_eq!(server.get("editions/2026/03/28/").status, 200);
}

#[test]
fn a_deleted_article_takes_its_pages_with_it() {
    let site = sample_site();
    let server = Server::watch(site.path());
    for page in [LI_JUN_PAGE, LI_JUN_AUTHOR, LI_JUN_SECTION] {
        assert_eq!(server.get(page).status, 200, "{page}");
    }

    common::relist(site.path(), "以价值创造为社会工作添彩", None);
    std::fs::remove_file(site.path().join(LI_JUN)).unwrap();
    eventually("the article's page to go", || {
        (server.get(LI_JUN_PAGE).status == 404).then_some(())
    });
    // 李军 had no other article, and 基层治理 no other either.
    for page in [LI_JUN_PAGE, LI_JUN_AUTHOR, LI_JUN_SECTION] {
        let response = server.get(page);
        assert_eq!(response.status, 404, "/opinion/{page}");
        assert!(response.text().contains(NOT_FOUND_TEXT), "{page}");
    }
    let home = server.get("").text();
    assert!(!home.contains(LI_JUN_TITLE));
    assert_eq!(card_titles(&home).len(), 6);
    assert!(!server.get("authors/").text().contains("李军"));
}

#[test]
fn a_broken_file_keeps_the_last_good_page_and_reports_where_until_fixed() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let good = server.get(LI_JUN_PAGE).text();
    let mut open_tab = server.events();

    let original = std::fs::read_to_string(site.path().join(LI_JUN)).unwrap();
    edit(site.path(), LI_JUN, "\nauthor:", "\nauther:");
    let problems = open_tab.expect(&["problems"]);
    const PROBLEM: &str =
        "articles/以价值创造为社会工作添彩.md:3:1: unknown key `auther` (did you mean `author`?)";
    assert!(
        problems.data().lines().any(|line| line == PROBLEM),
        "{problems:?}"
    );
    // The terminal shows it too (printed before the event is sent, read by another thread).
    eventually("the problem on the terminal", || {
        server.stderr().contains(PROBLEM).then_some(())
    });

    // The last good site is still served, as it was.
    let response = server.get(LI_JUN_PAGE);
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), good);

    // A tab opened now learns of the problem at once.
    let mut new_tab = server.events();
    assert_eq!(new_tab.hello, open_tab.hello, "no new build was served");
    let told = new_tab.expect(&["problems"]);
    assert_eq!(told.data, problems.data);

    // Fixed: the open tab is told, and a tab opened after hears of no problem.
    write(site.path(), LI_JUN, &original);
    let cleared = open_tab.expect(&["fixed", "reload"]);
    let mut later_tab = server.events();
    later_tab.expect_quiet(
        Duration::from_millis(300),
        "a tab opened after the fix is told nothing but hello",
    );
    assert_eq!(server.get(LI_JUN_PAGE).text(), good);

    // The open tab's EventSource must actually dispatch it, to take the overlay away: an event
    // without a `data:` line is dropped by the browser.
    assert!(
        cleared.data.is_some(),
        "the `{}` event has no data line, so a browser's EventSource never dispatches it \
         and the error overlay stays up: {cleared:?}",
        cleared.name
    );
}

#[test]
fn a_fifo_in_articles_is_reported_and_later_saves_are_still_followed() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let mut open_tab = server.events();
    let fifo = site.path().join("articles/管道.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Reading it would block the rebuild thread for good: it is reported instead.
    let problems = open_tab.expect(&["problems"]);
    assert!(
        problems.data().lines().any(|line| line
            == "articles/管道.md: this is a named pipe (FIFO), not a regular file: broadsheet reads only regular files; replace it with the file itself"),
        "{problems:?}"
    );
    std::fs::remove_file(&fifo).unwrap();
    open_tab.expect(&["fixed"]);
    edit(site.path(), LI_JUN, "title: ", "title: 管道之后");
    eventually("the edit after the FIFO on the page", || {
        server
            .get(LI_JUN_PAGE)
            .text()
            .contains("管道之后")
            .then_some(())
    });
}

#[test]
fn verbose_rebuild_lines_give_each_stages_time_and_plain_ones_do_not() {
    for verbose in [false, true] {
        let site = sample_site();
        let port = free_port().to_string();
        let mut args = vec!["--watch", "--port", &port];
        if verbose {
            args.push("--verbose");
        }
        let server = Server::start(site.path(), &args);
        edit(site.path(), LI_JUN, "title: ", "title: 说时间");
        let line = eventually("the rebuild's line", || {
            server
                .stdout()
                .lines()
                .find(|line| line.starts_with("Rebuilt in "))
                .map(str::to_owned)
        });
        assert_eq!(
            line.contains(" (load ") && line.contains(" ms, parse "),
            verbose,
            "verbose {verbose}: {line}"
        );
        if verbose {
            eventually("the index's line", || {
                server.stdout().contains("Search index made ").then_some(())
            });
        }
    }
}

#[test]
fn a_good_rebuild_sends_reload_with_a_newer_build_number() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let mut tab = server.events();
    let (_, first) = without_script(&server.get("").text());
    assert_eq!(first, tab.hello, "pages name the build hello names");

    edit(site.path(), LI_JUN, "基层治理的现代化", "基层治理之现代化");
    let reload = tab.expect(&["reload"]);
    assert!(
        reload.generation() > tab.hello,
        "{reload:?} after hello {}",
        tab.hello
    );
    let page = server.get(LI_JUN_PAGE).text();
    assert!(page.contains("基层治理之现代化"));
    let (_, generation) = without_script(&page);
    assert_eq!(
        generation,
        reload.generation(),
        "the page names the build the reload announced"
    );
    // One save, one rebuild.
    tab.expect_quiet(Duration::from_millis(150), "one save gives one event");
}

#[test]
fn a_change_to_the_themes_stylesheet_alone_swaps_css_without_a_reload() {
    let site = sample_site();
    let css = std::fs::read_to_string(repo_root().join("themes/default/static/style.css"))
        .expect("the default theme's stylesheet");
    write(site.path(), "themes/mine/static/style.css", &css);
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    write(site.path(), "site.yaml", format!("{config}theme: mine\n"));
    let server = Server::watch(site.path());
    let home = server.get("").text();
    let mut tab = server.events();

    write(
        site.path(),
        "themes/mine/static/style.css",
        format!("{css}\nbody {{ color: #123456; }}\n"),
    );
    let swap = tab.expect(&["css"]);
    assert!(swap.generation() > tab.hello, "{swap:?}");
    let served = server.get("static/style.css");
    assert_eq!(
        served.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert!(served.text().ends_with("body { color: #123456; }\n"));
    // The pages did not change, but for the build number in their script.
    let (before, _) = without_script(&home);
    let (after, _) = without_script(&server.get("").text());
    assert_eq!(after, before);
    tab.expect_quiet(Duration::from_millis(150), "only the swap");
}

#[test]
fn a_busy_port_makes_the_server_take_the_next_one_and_say_so() {
    let site = sample_site();
    let busy = TcpListener::bind("127.0.0.1:0").expect("occupy a port");
    let port = busy.local_addr().unwrap().port();
    let server = Server::start(site.path(), &["--port", &port.to_string()]);

    assert_ne!(server.port(), port, "{}", server.stdout());
    let said = server.stdout();
    let line = said
        .lines()
        .find(|line| line.starts_with(&format!("Port {port} is busy")))
        .unwrap_or_else(|| panic!("no word of the busy port: {said}"));
    assert_eq!(
        line,
        format!("Port {port} is busy; using {} instead", server.port())
    );
    let home = server.get("");
    assert_eq!(home.status, 200);
    assert!(home.text().contains(LI_JUN_TITLE));
    drop(busy);
}

#[test]
fn editor_temporary_files_cause_no_rebuild() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let mut tab = server.events();
    // Broken articles, were they read.
    for name in [".x.md.swp", "x.md~", ".#x.md", "4913", "#x.md#"] {
        write(
            site.path(),
            &format!("articles/{name}"),
            "---\nauther: 无人\n---\n",
        );
    }
    tab.expect_quiet(Duration::from_millis(400), "editor files are not the site");
    assert!(!server.stdout().contains("Rebuilt"), "{}", server.stdout());
    assert!(server.stderr().is_empty(), "{}", server.stderr());
    // The watcher was listening all along: a real save is seen.
    edit(site.path(), LI_JUN, "基层治理的现代化", "基层治理之现代化");
    tab.expect(&["reload"]);
}

#[test]
fn the_server_never_writes_into_the_output_folder_or_the_site() {
    let site = sample_site();
    write(site.path(), "dist/marker.txt", "not the server's");
    let before = entries(site.path());
    let server = Server::watch(site.path());
    let mut tab = server.events();

    edit(site.path(), LI_JUN, "基层治理的现代化", "基层治理之现代化");
    tab.expect(&["reload"]);
    write(
        site.path(),
        "articles/new.md",
        "---\ntitle: 新\nauthor: 李宏\ndate: 2026-03-27\n---\n\n正文\n",
    );
    tab.expect(&["reload"]);
    assert_eq!(server.get("articles/new/").status, 200);
    drop(server);

    let dist = read_tree(&site.path().join("dist"));
    assert_eq!(
        dist,
        BTreeMap::from([("marker.txt".to_owned(), b"not the server's".to_vec())])
    );
    assert_eq!(entries(site.path()), before, "nothing new beside articles/");
}

#[test]
fn files_linked_from_outside_the_site_are_refused_and_never_served() {
    let site = sample_site();
    let outside = common::tempdir();
    write(outside.path(), "secret.txt", "SECRET-OUTSIDE-THE-SITE");
    write(site.path(), "static/own.txt", "the site's own file");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("static/outside")).unwrap();
    let server = Server::watch(site.path());

    // The site does not build: the server says why, on every page, and serves nothing else.
    for target in ["leak.txt", "outside/secret.txt", "own.txt", ""] {
        let response = server.get_raw(&format!("/opinion/{target}"));
        assert_eq!(response.status, 503, "GET /opinion/{target}");
        let text = response.text();
        assert!(
            !text.contains("SECRET-OUTSIDE-THE-SITE"),
            "GET /opinion/{target} shows a file outside the site"
        );
        assert!(
            text.contains("static/leak.txt: links outside the site"),
            "{text}"
        );
        assert!(
            text.contains("static/outside: links outside the site"),
            "{text}"
        );
    }
    assert!(
        server
            .stderr()
            .contains("static/leak.txt: links outside the site"),
        "{}",
        server.stderr()
    );

    // Removing the links fixes it.
    std::fs::remove_file(site.path().join("static/leak.txt")).unwrap();
    std::fs::remove_file(site.path().join("static/outside")).unwrap();
    // (The server announced the root as its address: the site's base path was not known yet.)
    let own = eventually("the site to be served", || {
        let response = server.get_raw("/opinion/own.txt");
        (response.status == 200).then_some(response)
    });
    assert_eq!(own.text(), "the site's own file");
    assert_eq!(server.get_raw("/opinion/leak.txt").status, 404);
}

#[test]
fn a_renamed_article_moves_to_its_new_address() {
    let site = sample_site();
    let server = Server::watch(site.path());
    std::fs::rename(
        site.path().join(LI_JUN),
        site.path().join("articles/价值创造.md"),
    )
    .unwrap();
    common::relist(site.path(), "以价值创造为社会工作添彩", Some("价值创造"));
    let page = eventually("the article at its new address", || {
        let response = server.get("articles/jia-zhi-chuang-zao/");
        (response.status == 200).then_some(response)
    });
    assert_eq!(h1s(&page.text()), [LI_JUN_TITLE]);
    assert_eq!(server.get(LI_JUN_PAGE).status, 404, "no stale page");
    let home = card_titles(&server.get("").text());
    assert_eq!(
        home.iter().filter(|t| *t == LI_JUN_TITLE).count(),
        1,
        "{home:?}"
    );
}

#[test]
fn articles_moved_away_and_back_are_followed_as_before() {
    let site = sample_site();
    let aside = common::tempdir();
    let server = Server::watch(site.path());
    let mut tab = server.events();

    // `mv articles ../a; mv ../a articles`
    std::fs::rename(site.path().join("articles"), aside.path().join("a")).unwrap();
    let problems = tab.expect(&["problems"]);
    assert!(
        problems.data().contains("no articles folder"),
        "{problems:?}"
    );
    std::fs::rename(aside.path().join("a"), site.path().join("articles")).unwrap();
    tab.expect(&["fixed", "reload"]);

    // Saves in the folder that came back are seen, again and again.
    edit(site.path(), LI_JUN, "基层治理的现代化", "基层治理之现代化");
    eventually("the edit on the page", || {
        server
            .get(LI_JUN_PAGE)
            .text()
            .contains("基层治理之现代化")
            .then_some(())
    });
    edit(site.path(), LI_JUN, "基层治理之现代化", "基层治理现代化");
    eventually("the second edit on the page", || {
        server
            .get(LI_JUN_PAGE)
            .text()
            .contains("基层治理现代化")
            .then_some(())
    });

    // And so are saves in a folder that replaced it.
    let copy = aside.path().join("copy");
    common::copy_dir(&site.path().join("articles"), &copy);
    std::fs::remove_dir_all(site.path().join("articles")).unwrap();
    std::fs::rename(&copy, site.path().join("articles")).unwrap();
    edit(
        site.path(),
        LI_JUN,
        "基层治理现代化",
        "基层治理的现代化进程",
    );
    eventually("an edit in the replacing folder on the page", || {
        server
            .get(LI_JUN_PAGE)
            .text()
            .contains("基层治理的现代化进程")
            .then_some(())
    });
}

#[test]
fn an_articles_folder_made_after_the_start_is_followed() {
    let site = common::tempdir();
    std::fs::copy(repo_root().join("site.yaml"), site.path().join("site.yaml")).unwrap();
    let server = Server::watch(site.path());
    let waiting = server.get_raw("/opinion/");
    assert_eq!(waiting.status, 503);
    assert!(
        waiting.text().contains("no articles folder"),
        "{}",
        waiting.text()
    );

    // The folder and its first article, as fast as `mkdir` and a save can be.
    write(
        site.path(),
        "articles/新.md",
        "---\ntitle: 新来的文章\nauthor: 李宏\ndate: 2026-03-27\nslug: xin\n---\n\n第一稿。\n",
    );
    let page = eventually("the new folder's article served", || {
        let response = server.get_raw("/opinion/articles/xin/");
        (response.status == 200).then_some(response)
    });
    assert_eq!(h1s(&page.text()), ["新来的文章"]);

    // The folder is watched from now on: a save in it, or a new article, is seen.
    edit(site.path(), "articles/新.md", "第一稿。", "第二稿。");
    eventually("the edit on the page", || {
        server
            .get_raw("/opinion/articles/xin/")
            .text()
            .contains("第二稿。")
            .then_some(())
    });
    write(
        site.path(),
        "articles/再.md",
        "---\ntitle: 又一篇\nauthor: 李宏\ndate: 2026-03-27\nslug: zai\n---\n\n正文。\n",
    );
    eventually("the second article served", || {
        (server.get_raw("/opinion/articles/zai/").status == 200).then_some(())
    });
}

#[test]
fn a_change_of_site_yaml_rebuilds_every_page_and_can_move_the_site() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let mut tab = server.events();
    edit(
        site.path(),
        "site.yaml",
        "title: 株洲日报·评论",
        "title: 株洲晚报·评论",
    );
    tab.expect(&["reload"]);
    for page in ["", LI_JUN_PAGE, LI_JUN_SECTION, LI_JUN_AUTHOR, "404.html"] {
        let text = server.get(page).text();
        assert!(text.contains("株洲晚报·评论"), "/opinion/{page}");
        assert!(!text.contains("株洲日报·评论"), "/opinion/{page}");
    }

    edit(
        site.path(),
        "site.yaml",
        "base_url: https://example.org/opinion/",
        "base_url: https://example.org/pinglun/",
    );
    tab.expect(&["reload"]);
    let home = server.get_raw("/pinglun/");
    assert_eq!(home.status, 200);
    assert!(
        home.text()
            .contains("href=\"https://example.org/pinglun/\"")
    );
    assert_eq!(server.get_raw("/opinion/").status, 404);
    assert_eq!(server.get_raw("/").header("location"), Some("/pinglun/"));
}

#[test]
fn a_burst_of_saves_gives_one_rebuild() {
    let site = sample_site();
    let server = Server::watch(site.path());
    let mut tab = server.events();
    // As `git checkout` does: many files written one after another, as fast as it can.
    for n in 0..30 {
        write(
            site.path(),
            &format!("articles/burst-{n}.md"),
            format!("---\ntitle: 连发{n}\nauthor: 李宏\ndate: 2026-03-27\n---\n\n正文{n}。\n"),
        );
    }
    tab.expect(&["reload"]);
    tab.expect_quiet(
        Duration::from_millis(300),
        "one rebuild for the whole burst",
    );
    assert_eq!(
        server.stdout().matches("Rebuilt").count(),
        1,
        "{}",
        server.stdout()
    );
    assert_eq!(server.get("articles/burst-29/").status, 200);
}

#[test]
fn ctrl_c_stops_the_server_even_with_a_page_open() {
    let site = sample_site();
    let mut server = Server::watch(site.path());
    // An open page: its event stream is connected (it has had its `hello`).
    let _tab = server.events();
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let status = eventually("the server to stop after Ctrl-C", || {
        server.child.try_wait().unwrap()
    });
    assert!(status.success(), "{status}");
    assert!(server.stdout().contains("Stopped"), "{}", server.stdout());
}

#[test]
fn an_edit_reaches_the_search_index_after_the_pages() {
    let site = sample_site();
    let server = Server::watch(site.path());
    // The sample is one shard of the index: every token is in it, as UTF-8.
    const SHARD: &str = "search/data/g/0.bin";
    let before = server.get(SHARD);
    assert_eq!(before.status, 200);
    assert!(find(&before.body, "群众".as_bytes()).is_some());
    assert!(find(&before.body, "麒麟".as_bytes()).is_none());

    edit(
        site.path(),
        LI_JUN,
        "基层治理的现代化",
        "基层治理的现代化与麒麟",
    );
    eventually("the new word in the served index", || {
        let shard = server.get(SHARD);
        find(&shard.body, "麒麟".as_bytes()).map(|_| ())
    });
    assert!(server.get(LI_JUN_PAGE).text().contains("麒麟"));
}

// ---------------------------------------------------------------------------------------------
// Publishing on time (issue 15)

#[test]
fn articles_not_due_yet_are_shown_marked_and_expired_ones_are_not() {
    let site = sample_site();
    write(
        site.path(),
        "articles/明日评论.md",
        "---\ntitle: 明日之评论\nauthor: 李军\ndate: 2026-03-28T06:00:00+08:00\n---\n\n明天早上六点发布。\n",
    );
    write(
        site.path(),
        "articles/停水通知.md",
        "---\ntitle: 关于周末停水的说明\nauthor: 李军\ndate: 2026-03-25\nexpires: 2026-03-27\n---\n\n周末停水。\n",
    );
    let server = Server::start(
        site.path(),
        &[
            "--watch",
            "--port",
            &free_port().to_string(),
            "--now",
            "2026-03-27T08:00:00+08:00",
        ],
    );
    assert!(
        server.stdout().contains(
            "1 scheduled article shown, marked 定时发布 (next due 2026-03-28 06:00 +08:00): `build` leaves it out until due; they stay marked until the server is started again\n1 expired article taken down\n"
        ),
        "{}",
        server.stdout()
    );
    const PAGE: &str = "articles/ming-ri-ping-lun/";
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    let page = page.text();
    assert_eq!(h1s(&page), ["【定时发布】明日之评论"]);
    assert!(page.contains(
        "<p class=\"scheduled-mark\"><strong>定时发布</strong> 将于 2026-03-28 06:00 +08:00 发布，此前只在预览中可见</p>"
    ));
    // Marked on every card: the home page (its newest edition), the author's page.
    for listing in ["", LI_JUN_AUTHOR, "editions/2026/03/28/"] {
        let cards = card_titles(&server.get(listing).text());
        assert!(
            cards.contains(&"【定时发布】明日之评论".to_owned()),
            "{listing}: {cards:?}"
        );
    }
    // The articles due already are not marked.
    assert!(!server.get(LI_JUN_PAGE).text().contains("定时发布"));
    assert_eq!(server.get("articles/ting-shui-tong-zhi/").status, 404);

    // Saves keep the moment the server started with: dated earlier, the mark goes; dated
    // later again, it comes back.
    edit(
        site.path(),
        "articles/明日评论.md",
        "date: 2026-03-28T06:00:00+08:00",
        "date: 2026-03-27T06:00:00+08:00",
    );
    eventually("the article published", || {
        let text = server.get(PAGE).text();
        (h1s(&text) == ["明日之评论"] && !text.contains("scheduled-mark")).then_some(())
    });
    assert!(!server.get("").text().contains("定时发布"));
    edit(
        site.path(),
        "articles/明日评论.md",
        "date: 2026-03-27T06:00:00+08:00",
        "date: 2026-03-27T09:00:00+08:00",
    );
    eventually("the article marked again", || {
        (h1s(&server.get(PAGE).text()) == ["【定时发布】明日之评论"]).then_some(())
    });
    assert!(card_titles(&server.get("").text()).contains(&"【定时发布】明日之评论".to_owned()));
}

#[test]
fn a_replaced_picture_is_made_again_and_its_article_shows_the_new_one() {
    use common::pictures::{jpeg_with_exif, photo_pixels};
    let site = sample_site();
    write(
        site.path(),
        "articles/manhua/index.md",
        "---\ntitle: 漫画一则\nauthor: 易蓉\ndate: 2026-03-27\nsection: 评漫画\nimage:\n  file: photo.jpg\n  caption: 图说\n  credit: 漫画/易蓉\n---\n\n正文。\n",
    );
    write(
        site.path(),
        "articles/manhua/photo.jpg",
        jpeg_with_exif(&photo_pixels(640, 480), 6),
    );
    let server = Server::watch(site.path());
    let page = "articles/manhua/";
    let first = server.get(page).text();
    // Turned upright: 480 × 640.
    assert!(first.contains("width=\"480\" height=\"640\""), "{first}");
    let src = |html: &str| {
        let at = html.find("<img src=\"../../").expect("an img") + "<img src=\"../../".len();
        html[at..at + html[at..].find('"').unwrap()].to_owned()
    };
    let old = src(&first);
    assert_eq!(server.get(&old).status, 200);

    write(
        site.path(),
        "articles/manhua/photo.jpg",
        jpeg_with_exif(&photo_pixels(900, 600), 1),
    );
    let served = eventually("the new picture on the article's page", || {
        let text = server.get(page).text();
        text.contains("width=\"900\" height=\"600\"")
            .then_some(text)
    });
    let new = src(&served);
    assert_ne!(new, old);
    let response = server.get(&new);
    assert_eq!(response.status, 200);
    let decoded = image::load_from_memory(&response.body).expect("a picture");
    assert_eq!((decoded.width(), decoded.height()), (900, 600));
}

#[test]
fn a_saved_article_is_shown_at_once_while_its_new_picture_is_made() {
    use common::pictures::{jpeg_with_exif, photo_pixels};
    let site = sample_site();
    let server = Server::watch(site.path());
    let page = "articles/manhua/";
    assert_eq!(server.get(page).status, 404);

    // A picture large enough to take a while (a tenth of a second or more) to make, then an
    // article that shows it.
    write(
        site.path(),
        "articles/manhua/photo.jpg",
        jpeg_with_exif(&photo_pixels(2400, 1800), 1),
    );
    write(
        site.path(),
        "articles/manhua/index.md",
        "---\ntitle: 漫画一则\nauthor: 易蓉\ndate: 2026-03-27\nsection: 评漫画\nimage:\n  file: photo.jpg\n  caption: 图说\n  credit: 漫画/易蓉\n---\n\n先睹为快的正文。\n",
    );
    // The article's text comes first, without the picture, which is being made.
    let first = eventually("the saved article", || {
        let response = server.get(page);
        (response.status == 200).then(|| response.text())
    });
    assert!(first.contains("先睹为快的正文"), "{first}");
    assert!(
        !first.contains("<img"),
        "the picture is not made yet: {first}"
    );
    assert!(
        server
            .stdout()
            .contains("1 picture is being made, and is shown when it is ready"),
        "{}",
        server.stdout()
    );

    // Then the page with it, once made (the cache holds it, so nothing is made twice).
    let started = Instant::now();
    let shown = loop {
        let text = server.get(page).text();
        if text.contains("<img") {
            break text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "waited a minute for the picture: {}",
            server.stdout()
        );
        std::thread::sleep(POLL);
    };
    assert!(shown.contains("先睹为快的正文"));
    let at = shown.find("<img src=\"../../").expect("an img") + "<img src=\"../../".len();
    let src = &shown[at..at + shown[at..].find('"').unwrap()];
    let response = server.get(src);
    assert_eq!(response.status, 200, "{src}");
    let decoded = image::load_from_memory(&response.body).expect("a picture");
    assert_eq!(decoded.width() * 3, decoded.height() * 4);
    assert!(
        [480, 960, 1600].contains(&decoded.width()),
        "{}",
        decoded.width()
    );
    assert!(
        server.stdout().contains("Made 1 of 1 picture in"),
        "{}",
        server.stdout()
    );
}

#[test]
fn a_new_picture_that_cannot_be_made_is_reported_once_tried() {
    let site = sample_site();
    let server = Server::watch(site.path());
    write(
        site.path(),
        "articles/manhua/photo.jpg",
        b"not a picture at all",
    );
    write(
        site.path(),
        "articles/manhua/index.md",
        "---\ntitle: 漫画一则\nauthor: 易蓉\ndate: 2026-03-27\nsection: 评漫画\nimage:\n  file: photo.jpg\n---\n\n正文。\n",
    );
    // Tried in the background, it fails; the rebuild that follows names the file at the line
    // that shows it, and the last good site (the article without its picture) stays.
    let stderr = eventually("the picture's problem", || {
        let stderr = server.stderr();
        stderr.contains("photo.jpg").then_some(stderr)
    });
    assert!(
        stderr.contains("articles/manhua/index.md:7"),
        "{stderr}\n{}",
        server.stdout()
    );
    assert!(
        stderr.contains("still serving the last good site"),
        "{stderr}"
    );
    assert!(
        server.stdout().contains("Made 0 of 1 picture in"),
        "{}",
        server.stdout()
    );
    assert!(server.get("articles/manhua/").text().contains("正文"));
}
