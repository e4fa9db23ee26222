//! HTTP: the site from memory, with clean URLs, its own 404 page, and (with `--watch`) a
//! live-reload script injected into every HTML page, with the event stream it listens to.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use percent_encoding::percent_decode_str;

use super::{Notice, ServerState};

/// Where the dev server's own files live; no site page can be there.
pub const PREFIX: &str = "/__broadsheet/";

pub fn router(state: Arc<ServerState>) -> Router {
    let mut router = Router::new();
    if state.live {
        router = router
            .route("/__broadsheet/live.js", get(live_script))
            .route("/__broadsheet/events", get(events));
    }
    router.fallback(get(page)).with_state(state)
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
const LIVE_SCRIPT: &str = r#"(() => {
  const me = document.currentScript;
  const served = me ? me.dataset.generation : null;
  let overlay = null;
  const show = (text) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "broadsheet-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem 1.25rem;background:#2b0d0e;color:#ffe9e9;border-top:4px solid #e0575d;" +
        "font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;box-shadow:0 -4px 24px #0008";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "broadsheet: the last save could not be built; the page shows the last good version.\n\n" + text;
  };
  const clear = () => { if (overlay) { overlay.remove(); overlay = null; } };
  let events = null;
  const open = () => {
    if (events) return;
    events = new EventSource("/__broadsheet/events");
    // A page coming back whose build is not the current one reloads.
    events.addEventListener("hello", (e) => { if (served !== null && e.data !== served) location.reload(); });
    events.addEventListener("reload", () => location.reload());
    events.addEventListener("css", (e) => {
      clear();
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const url = new URL(link.href);
        url.searchParams.set("v", e.data);
        link.href = url.href;
      }
    });
    events.addEventListener("problems", (e) => show(e.data));
    events.addEventListener("fixed", clear);
  };
  const close = () => { if (events) { events.close(); events = null; } };
  // A page left for another goes into the back/forward cache, frozen but alive, and its open
  // stream with it: each one held one of the six connections a browser keeps to a host, and
  // the seventh page waited a minute for one. So the stream closes when the page is hidden
  // or frozen, and opens again when it is shown or resumed (its `hello` then says whether
  // the site changed meanwhile).
  addEventListener("pagehide", close);
  document.addEventListener("freeze", close);
  addEventListener("pageshow", open);
  document.addEventListener("resume", open);
  open();
})();
"#;

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
    fn names_content_types_with_charsets() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("a/B.PNG"), "image/png");
    }
}
