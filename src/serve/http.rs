//! HTTP: the site from memory, with clean URLs, its own 404 page, and (with `--watch`) a
//! live-reload script injected into every HTML page, with the event stream it listens to.
//! Only requests for the machine's own names are answered (`Hosts`).

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, Version, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use percent_encoding::percent_decode_str;

use super::{Notice, ServerState};

/// Where the dev server's own files live; no site page can be there.
pub const PREFIX: &str = "/__broadsheet/";

pub fn router(state: Arc<ServerState>, hosts: Hosts) -> Router {
    let mut router = Router::new();
    if state.live {
        router = router
            .route("/__broadsheet/live.js", get(live_script))
            .route("/__broadsheet/events", get(events));
    }
    let hosts = Arc::new(hosts);
    router
        .fallback(get(page))
        .with_state(state)
        .layer(axum::middleware::from_fn(move |request, next| {
            let hosts = Arc::clone(&hosts);
            async move { hosts.check(request, next).await }
        }))
}

/// The host names the server answers to. A page of another site can have its own name resolve
/// to 127.0.0.1 (DNS rebinding) and then read whatever the browser fetches from "its" server:
/// the preview of unpublished articles. The request's `Host` still names the other site, so
/// refusing names that are not this machine's stops it.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// The address the server listens on (`--bind`), answered by its number too.
    bind: IpAddr,
}

impl Hosts {
    pub fn new(bind: IpAddr) -> Hosts {
        Hosts { bind }
    }

    /// Listening on every address (`--bind 0.0.0.0` or `::`) asks to be reached from the
    /// network, by whatever names and addresses the machine has there: every host is answered.
    pub fn any(&self) -> bool {
        self.bind.is_unspecified()
    }

    /// Whether a request for `host` (a `Host` header: a name or an address, with or without
    /// a port) is answered: `localhost` and `*.localhost` (RFC 6761: always this machine),
    /// 127.0.0.0/8, `[::1]`, and the `--bind` address.
    pub fn accepts(&self, host: &str) -> bool {
        if self.any() {
            return true;
        }
        let Some(name) = without_port(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        let address = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(v6) => v6
                .parse::<std::net::Ipv6Addr>()
                .ok()
                .map(|ip| ip.to_ipv4_mapped().map_or(IpAddr::V6(ip), IpAddr::V4)),
            None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
        };
        address.is_some_and(|ip| ip.is_loopback() || ip == self.bind)
    }

    /// What the refusal says are the names answered.
    fn accepted(&self) -> String {
        let mut names = "localhost, *.localhost, 127.0.0.1 (or any 127.x.y.z), [::1]".to_owned();
        if !self.bind.is_loopback() {
            match self.bind {
                IpAddr::V4(ip) => names.push_str(&format!(" and {ip}")),
                IpAddr::V6(ip) => names.push_str(&format!(" and [{ip}]")),
            }
        }
        names
    }

    /// Passes the request on if its host is answered; refuses it otherwise.
    async fn check(&self, request: Request, next: Next) -> Response {
        // An absolute request target (`GET http://host/ HTTP/1.1`) names the host instead of
        // the header (RFC 9112, 3.2.2).
        let host = match request.uri().authority() {
            Some(authority) => Some(authority.as_str().to_owned()),
            None => request
                .headers()
                .get(header::HOST)
                .map(|value| value.to_str().unwrap_or_default().to_owned()),
        };
        match host {
            Some(host) if self.accepts(&host) => next.run(request).await,
            // HTTP/1.0 has no Host header; browsers, the only way to a rebinding attack,
            // always send one.
            None if request.version() <= Version::HTTP_10 => next.run(request).await,
            None => refuse(
                StatusCode::BAD_REQUEST,
                "broadsheet serve: the request has no Host header\n".to_owned(),
            ),
            Some(host) => {
                let shown: String = host.chars().take(100).collect();
                refuse(
                    StatusCode::FORBIDDEN,
                    format!(
                        "broadsheet serve answers requests for {} only, on any port; not for {shown}. \
                         Open the site at one of those names (or serve it to the network with \
                         --bind 0.0.0.0).\n",
                        self.accepted()
                    ),
                )
            }
        }
    }
}

/// `host` without its `:port`, if it has one; `None` when it is no host at all. IPv6 addresses
/// keep their brackets.
fn without_port(host: &str) -> Option<&str> {
    let (name, port) = match host.rfind(':') {
        Some(colon) if !host[colon..].contains(']') => (&host[..colon], Some(&host[colon + 1..])),
        _ => (host, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

fn refuse(status: StatusCode, text: String) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response();
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The site's file at the request's path.
async fn page(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let snapshot = state.snapshot();
    let Some(path) = decode(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    // No good build yet: every page is the list of problems, which reloads once they are fixed.
    if snapshot.files.is_empty() {
        let problems = state.problems().unwrap_or_default();
        let html = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>broadsheet: the site has problems</title></head>\
             <body><h1>The site has problems</h1><pre>{}</pre><p>Save a fix and this page reloads.</p></body></html>",
            escape(&problems)
        );
        return file_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            &axum::body::Bytes::from(html),
            &state,
        );
    }
    let base = snapshot.base_path.as_str();
    let Some(rest) = path.strip_prefix(base) else {
        // The site lives under a sub-path: send the bare root there.
        if path == "/" || format!("{path}/") == base {
            return redirect(base);
        }
        return not_found(&state, &snapshot);
    };
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_owned()
    };
    if let Some(file) = snapshot.files.get(&key) {
        return file_response(StatusCode::OK, &key, &file.bytes(), &state);
    }
    // A folder asked for without its slash: the slash form is the page's URL.
    if snapshot.files.contains_key(&format!("{rest}/index.html")) {
        let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        return redirect(&format!("{}/{query}", uri.path()));
    }
    not_found(&state, &snapshot)
}

fn escape(text: &str) -> String {
    let mut escaped = Vec::with_capacity(text.len());
    let _ = tera::escape_html(text, &mut escaped);
    String::from_utf8(escaped).unwrap_or_default()
}

/// The request path, decoded; `None` when it tries to leave the site or is not a plain path.
fn decode(raw: &str) -> Option<String> {
    let path = percent_decode_str(raw).decode_utf8().ok()?;
    let bad_segment = path
        .split('/')
        .any(|segment| segment == ".." || segment == ".");
    if !path.starts_with('/') || bad_segment || path.contains(['\\', '\0']) || path.contains("//") {
        return None;
    }
    Some(path.into_owned())
}

fn not_found(state: &ServerState, snapshot: &super::live::Snapshot) -> Response {
    match snapshot.files.get(crate::url::NOT_FOUND) {
        Some(file) => file_response(
            StatusCode::NOT_FOUND,
            crate::url::NOT_FOUND,
            &file.bytes(),
            state,
        ),
        None => plain(StatusCode::NOT_FOUND, "not found"),
    }
}

fn file_response(
    status: StatusCode,
    path: &str,
    bytes: &axum::body::Bytes,
    state: &ServerState,
) -> Response {
    let kind = content_type(path);
    let body = if state.live && kind.starts_with("text/html") {
        Body::from(inject(bytes, state.generation()))
    } else {
        Body::from(bytes.clone())
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page with the live-reload script before `</body>`, told which build it comes from.
fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script =
        format!("<script src=\"{PREFIX}live.js\" data-generation=\"{generation}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn live_script() -> Response {
    let mut response = LIVE_SCRIPT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Server-Sent Events: first the current state (`hello` with the build's number, and
/// `problems` if the last rebuild failed), then each notice as it comes.
async fn events(
    State(state): State<Arc<ServerState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.subscribe();
    let mut first = vec![
        Event::default()
            .event("hello")
            .data(state.generation().to_string()),
    ];
    if let Some(problems) = state.problems() {
        first.push(Event::default().event("problems").data(problems));
    }
    let current = stream::iter(first.into_iter().map(Ok));
    let updates = stream::unfold(receiver, |mut receiver| async move {
        let event = match receiver.recv().await {
            Ok(Notice::Shutdown) => return None,
            Ok(notice) => notice_event(notice),
            // Missed notices: the page is stale, whatever they were.
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                Event::default().event("reload").data("lagged")
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(event), receiver))
    });
    Sse::new(futures_util::StreamExt::chain(current, updates)).keep_alive(KeepAlive::default())
}

fn notice_event(notice: Notice) -> Event {
    match notice {
        Notice::Reload(generation) => Event::default()
            .event("reload")
            .data(generation.to_string()),
        Notice::Css(generation) => Event::default().event("css").data(generation.to_string()),
        // An event without data never reaches the page's listener.
        Notice::Fixed => Event::default().event("fixed").data("fixed"),
        Notice::Problems(text) => Event::default().event("problems").data(text),
        Notice::Shutdown => Event::default().comment("stopping"),
    }
}

/// Reloads the page after each good rebuild, swaps stylesheets when only they changed, and
/// shows the problems of a failed rebuild over the page until they are fixed.
const LIVE_SCRIPT: &str = include_str!("live.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_site() {
        for raw in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/%2E%2E/x",
            "/a/..",
            "/a\\b",
            "//etc/passwd",
            "/a%00b",
            "/./x",
        ] {
            assert_eq!(decode(raw), None, "{raw}");
        }
        assert_eq!(
            decode("/articles/%E8%AF%84/").as_deref(),
            Some("/articles/评/")
        );
    }

    #[test]
    fn injects_the_script_before_the_end_of_the_body() {
        let html = inject(b"<html><body><p>x</p></body></html>", 7);
        let html = String::from_utf8(html).unwrap();
        assert!(html.ends_with("<script src=\"/__broadsheet/live.js\" data-generation=\"7\"></script></body></html>"), "{html}");
    }

    #[test]
    fn answers_loopback_names_and_the_bind_address_only() {
        let hosts = Hosts::new("127.0.0.1".parse().unwrap());
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost.:1111",
            "preview.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:1111",
        ] {
            assert!(hosts.accepts(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "127.0.0.1.evil.example",
            "10.0.0.1:1111",
            "[::2]:1111",
            "::1",
            "localhost:",
            "localhost:x",
            ":1111",
            "",
        ] {
            assert!(!hosts.accepts(host), "{host}");
        }

        let lan = Hosts::new("192.168.1.5".parse().unwrap());
        assert!(lan.accepts("192.168.1.5") && lan.accepts("192.168.1.5:1111"));
        assert!(lan.accepts("localhost:1111"));
        assert!(!lan.accepts("192.168.1.6:1111"));
        assert!(lan.accepted().ends_with(" and 192.168.1.5"));
        let v6 = Hosts::new("fe80::1".parse().unwrap());
        assert!(v6.accepts("[fe80::1]:1111") && !v6.accepts("[fe80::2]:1111"));

        for every in ["0.0.0.0", "::"] {
            let hosts = Hosts::new(every.parse().unwrap());
            assert!(hosts.any() && hosts.accepts("evil.example:1111"), "{every}");
        }
    }

    #[test]
    fn names_content_types_with_charsets() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("a/B.PNG"), "image/png");
    }
}
