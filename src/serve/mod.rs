//! `broadsheet serve`: the site over HTTP from memory, rebuilt as files change, with the open
//! browser tab following each save. Never writes into the output folder.
//!
//! Three parts share one `ServerState`: the HTTP server (tokio + axum) reads the current
//! snapshot; the rebuild thread makes a new one after each batch of changes and announces it;
//! the watcher (notify, debounced) feeds the rebuild thread.

mod http;
mod live;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

pub use live::{Changes, LiveSite, Snapshot};

use crate::BuildOptions;
use crate::error::Error;

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub source: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Rebuild when files change, and reload the open pages.
    pub watch: bool,
    pub drafts: bool,
    /// The moment the site is shown at (seconds since 1970): articles due later are shown,
    /// marked as scheduled (定时发布); those whose `expires:` has come are left out. `None`:
    /// the system clock's when the server starts. Fixed for the whole run, so that every
    /// rebuild agrees with the first: an article falling due while the server runs keeps its
    /// mark until the server is started again.
    pub now: Option<i64>,
    /// Print each rebuild's stage times, and when the search index was made.
    pub verbose: bool,
}

/// What the open pages are told.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A rebuild changed pages: reload.
    Reload(u64),
    /// A rebuild changed only stylesheets: swap them.
    Css(u64),
    /// A rebuild succeeded and changed nothing, after one that failed.
    Fixed,
    /// A rebuild failed: the problems, as the terminal shows them.
    Problems(String),
    /// The server is stopping: event streams end.
    Shutdown,
}

/// What the HTTP server and the rebuild thread share.
pub struct ServerState {
    /// Pages get the live-reload script and its event stream (`--watch`): without watching,
    /// nothing would ever come down the stream, and each open page would hold a connection.
    live: bool,
    snapshot: RwLock<Arc<Snapshot>>,
    problems: RwLock<Option<String>>,
    generation: AtomicU64,
    notices: broadcast::Sender<Notice>,
}

impl ServerState {
    fn new(snapshot: Arc<Snapshot>, live: bool) -> ServerState {
        ServerState {
            live,
            snapshot: RwLock::new(snapshot),
            problems: RwLock::new(None),
            generation: AtomicU64::new(1),
            notices: broadcast::channel(64).0,
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// The number of the build being served, counting from 1.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn problems(&self) -> Option<String> {
        self.problems
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.notices.subscribe()
    }

    /// Serves `snapshot` from now on, telling no open page (the search index changed).
    fn replace_snapshot(&self, snapshot: Arc<Snapshot>) {
        *self.snapshot.write().unwrap_or_else(|p| p.into_inner()) = snapshot;
    }

    /// Publishes the result of a rebuild.
    fn publish(&self, site: &LiveSite, result: &Result<Changes, Error>) {
        match result {
            Ok(changes) => {
                let had_problems = self
                    .problems
                    .write()
                    .unwrap_or_else(|p| p.into_inner())
                    .take()
                    .is_some();
                if changes.changed.is_empty() && changes.removed.is_empty() {
                    if had_problems {
                        let _ = self.notices.send(Notice::Fixed);
                    }
                    return;
                }
                *self.snapshot.write().unwrap_or_else(|p| p.into_inner()) = site.snapshot();
                let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
                let notice = if changes.only_css() && !had_problems {
                    Notice::Css(generation)
                } else {
                    Notice::Reload(generation)
                };
                let _ = self.notices.send(notice);
            }
            Err(error) => {
                let text = error.describe();
                *self.problems.write().unwrap_or_else(|p| p.into_inner()) = Some(text.clone());
                let _ = self.notices.send(Notice::Problems(text));
            }
        }
    }
}

/// Runs the server until Ctrl-C. Fails only when the first build fails or no port is free.
pub fn run(options: ServeOptions) -> Result<(), Error> {
    let build_options = BuildOptions {
        source: options.source.clone(),
        output: None,
        drafts: options.drafts,
        now: Some(options.now.unwrap_or_else(crate::date::system_now)),
        future: crate::Future::Preview,
    };
    let mut site = LiveSite::new(build_options);
    let started = Instant::now();
    // Bad content never stops the server, not even at the start: it shows the problems until
    // a save fixes them. Only a failure to read the site at all does.
    let first = site.rebuild(None, crate::Unmade::Now);
    let state = Arc::new(ServerState::new(site.snapshot(), options.watch));
    // The first search index is made before anything is served.
    watch::start_indexing(
        &mut site,
        &state,
        std::time::Duration::ZERO,
        options.verbose,
    );
    site.finish_indexing(false);
    match &first {
        Ok(changes) => {
            if let Some(summary) = &changes.summary {
                crate::say!(
                    "Built {} articles into memory: {} pages in {:.0} ms",
                    summary.articles,
                    summary.pages,
                    started.elapsed().as_secs_f64() * 1000.0
                );
                for line in timing_lines(summary) {
                    crate::say!("{line}");
                }
            }
        }
        Err(Error::Content(_)) if options.watch => {
            let error = first
                .as_ref()
                .err()
                .map(Error::describe)
                .unwrap_or_default();
            eprintln!("{error}\nerror: the site has problems; fix them and it will be served");
            *state.problems.write().unwrap_or_else(|p| p.into_inner()) = Some(error);
        }
        Err(_) => return first.map(|_| ()),
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::io("start", "the server's runtime"))?;
    runtime.block_on(async move {
        let (listener, address) = bind(options.bind, options.port).await?;
        let base = state.snapshot().base_path.clone();
        crate::say!(
            "Serving {} at http://{address}{base}",
            options.source.display()
        );
        let hosts = http::Hosts::new(options.bind);
        if hosts.any() {
            crate::say!(
                "Listening on every address (--bind {}): requests for any host name are answered",
                options.bind
            );
        }
        if options.watch {
            watch::start(&options.source, site, Arc::clone(&state), options.verbose)?;
            crate::say!("Watching for changes; press Ctrl-C to stop");
        } else {
            crate::say!("Press Ctrl-C to stop");
        }
        let notices = state.notices.clone();
        axum::serve(listener, http::router(state, hosts))
            .with_graceful_shutdown(async move {
                let _ = tokio::signal::ctrl_c().await;
                // Open pages' event streams never end by themselves: end them, so that the
                // server does not wait for the tabs to close.
                let _ = notices.send(Notice::Shutdown);
                crate::say!("\nStopped");
            })
            .await
            .map_err(Error::io("serve on", address.to_string()))
    })
}

/// What the server says of the articles not due yet (shown, marked) and of those taken down.
fn timing_lines(summary: &crate::Summary) -> Vec<String> {
    let mut lines = Vec::new();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    if let (n @ 1.., Some(next)) = (summary.scheduled, summary.next_due) {
        lines.push(format!(
            "{n} scheduled article{} shown, marked 定时发布 (next due {}): `build` leaves {} out until due; they stay marked until the server is started again",
            s(n),
            crate::date::local_minute(next),
            if n == 1 { "it" } else { "them" }
        ));
    }
    if summary.expired > 0 {
        lines.push(format!(
            "{} expired article{} taken down",
            summary.expired,
            s(summary.expired)
        ));
    }
    lines
}

/// Binds `port`, or the next free one of the ten after it, saying so.
async fn bind(ip: IpAddr, port: u16) -> Result<(tokio::net::TcpListener, SocketAddr), Error> {
    let mut last = None;
    for candidate in port..=port.saturating_add(10) {
        match tokio::net::TcpListener::bind((ip, candidate)).await {
            Ok(listener) => {
                if candidate != port {
                    crate::say!("Port {port} is busy; using {candidate} instead");
                }
                let address = listener
                    .local_addr()
                    .map_err(Error::io("bind", format!("{ip}:{candidate}")))?;
                return Ok((listener, address));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => return Err(Error::io("bind", format!("{ip}:{candidate}"))(e)),
        }
    }
    let error = last.unwrap_or_else(|| std::io::Error::other("no port"));
    Err(Error::io(
        "find a free port from",
        format!(
            "{ip}:{port} (ports {port} to {} are busy: choose another with --port)",
            port.saturating_add(10)
        ),
    )(error))
}
