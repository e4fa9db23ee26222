//! Watches the site's files and rebuilds after each batch of changes. Debounced, so that an
//! editor's save-by-rename, a burst of saves or a `git checkout` gives one rebuild; editors'
//! temporary and swap files are ignored.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::{LiveSite, ServerState, describe};
use crate::error::Error;

/// How long after a rebuild, with no newer one, the search index starts being made.
const INDEX_QUIET: Duration = Duration::from_millis(500);

/// How long all the site's files must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(15);

/// How long the debouncer waits after a path's last event before it reports the path.
const PATH_QUIET: Duration = Duration::from_millis(5);

/// What a changed path means for the site.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Kind {
    /// An article file: only it is read again.
    Article,
    /// `site.yaml`: every article depends on its defaults.
    Settings,
    /// A theme or static file.
    Other,
}

/// What the change of `path` means, or `None` when the site does not depend on it.
pub fn classify(source: &Path, path: &Path) -> Option<Kind> {
    let relative = path.strip_prefix(source).ok()?;
    let name = relative.file_name()?.to_string_lossy();
    if crate::load::is_ignored(&name) {
        return None;
    }
    let mut parts = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    match parts.next()?.as_ref() {
        crate::config::CONFIG_FILE if relative.components().count() == 1 => Some(Kind::Settings),
        crate::load::ARTICLES_DIR => Some(Kind::Article),
        "themes" | crate::STATIC_DIR => Some(Kind::Other),
        _ => None,
    }
}

/// Starts watching `source` and a thread that rebuilds `site` after changes, publishing each
/// result to `state`.
pub fn start(source: &Path, mut site: LiveSite, state: Arc<ServerState>) -> Result<(), Error> {
    let source = std::path::absolute(source).unwrap_or_else(|_| source.to_path_buf());
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(PATH_QUIET, Some(Duration::from_millis(2)), sender)
        .map_err(|e| Error::io("watch", &source)(std::io::Error::other(e)))?;
    // The site's folder itself only for site.yaml and new folders; its output and build
    // folders are never watched.
    debouncer
        .watch(&source, RecursiveMode::NonRecursive)
        .map_err(|e| Error::io("watch", &source)(std::io::Error::other(e)))?;
    for dir in [crate::load::ARTICLES_DIR, "themes", crate::STATIC_DIR] {
        let dir = source.join(dir);
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Error::io("watch", &dir)(std::io::Error::other(e)))?;
        }
    }

    std::thread::spawn(move || {
        // The debouncer stops watching when dropped: it lives as long as this thread.
        let mut debouncer = debouncer;
        while let Ok(batch) = receiver.recv() {
            let mut paths: Vec<PathBuf> = match batch {
                Ok(events) => changed_paths(events),
                Err(errors) => {
                    for error in errors {
                        eprintln!("watching: {error}");
                    }
                    continue;
                }
            };
            // The debouncer quiets each path on its own, so a burst that takes longer than that
            // (`git checkout` of many files) comes in several batches: gather them until the
            // files have been quiet for a while, for one rebuild.
            if paths.iter().any(|path| classify(&source, path).is_some()) {
                loop {
                    match receiver.recv_timeout(QUIET) {
                        Ok(Ok(events)) => paths.extend(changed_paths(events)),
                        Ok(Err(_)) => {}
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            }
            let kinds: Vec<Kind> = paths
                .iter()
                .filter_map(|path| classify(&source, path))
                .collect();
            if kinds.is_empty() {
                continue;
            }
            if kinds.contains(&Kind::Settings) {
                site.forget_articles();
            }
            // A folder that appeared after the start (themes/, static/) is watched from now on.
            for dir in ["themes", crate::STATIC_DIR] {
                let dir = source.join(dir);
                if dir.is_dir() {
                    let _ = debouncer.watch(&dir, RecursiveMode::Recursive);
                }
            }
            // An index still being made is stale now: stop it (what it finished is kept).
            site.finish_indexing(true);
            let started = Instant::now();
            // Each changed path, as the watcher reports it (absolute): the site's other
            // articles are kept without looking at their files.
            let changed: std::collections::HashSet<PathBuf> = paths.iter().cloned().collect();
            let result = site.rebuild(Some(&changed));
            let took = started.elapsed().as_secs_f64() * 1000.0;
            match &result {
                Ok(changes) => println!(
                    "Rebuilt in {took:.0} ms: {} file{} changed, {} removed{}",
                    changes.changed.len(),
                    if changes.changed.len() == 1 { "" } else { "s" },
                    changes.removed.len(),
                    stage_times(changes)
                ),
                Err(error) => eprintln!(
                    "{}\nerror: the rebuild failed; still serving the last good site",
                    describe(error)
                ),
            }
            state.publish(&site, &result);
            start_indexing(&mut site, &state, INDEX_QUIET);
        }
    });
    Ok(())
}

/// Makes the search index after the pages, in the background: served without a reload (an open
/// search page finds the new text on its next query).
pub(super) fn start_indexing(site: &mut LiveSite, state: &Arc<ServerState>, quiet: Duration) {
    let state = Arc::clone(state);
    let started = Instant::now();
    site.start_indexing(quiet, move |snapshot| {
        state.replace_snapshot(snapshot);
        if std::env::var_os("BROADSHEET_VERBOSE").is_some() {
            println!(
                "Search index made {:.0} ms after the rebuild",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    });
}

/// ` (load 12 ms, parse 1 ms, …)` when BROADSHEET_VERBOSE is set.
fn stage_times(changes: &super::Changes) -> String {
    if std::env::var_os("BROADSHEET_VERBOSE").is_none() {
        return String::new();
    }
    let stages = changes
        .summary
        .as_ref()
        .map(|s| s.stages.as_slice())
        .unwrap_or_default();
    let parts: Vec<String> = stages
        .iter()
        .map(|stage| format!("{} {:.1} ms", stage.name, stage.wall.as_secs_f64() * 1000.0))
        .collect();
    format!(" ({})", parts.join(", "))
}

/// The paths that were created, changed or removed. Reading a file (as a build does) is not a
/// change, nor is a change of its metadata alone: the first read of a new file updates its
/// access time, which would otherwise start another rebuild.
fn changed_paths(events: Vec<notify_debouncer_full::DebouncedEvent>) -> Vec<PathBuf> {
    use notify::event::{EventKind, ModifyKind};
    events
        .into_iter()
        .filter(|event| {
            !matches!(
                event.event.kind,
                EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
            )
        })
        .flat_map(|event| event.event.paths)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_what_a_change_touches() {
        let source = Path::new("/site");
        assert_eq!(
            classify(source, Path::new("/site/articles/a.md")),
            Some(Kind::Article)
        );
        assert_eq!(
            classify(source, Path::new("/site/site.yaml")),
            Some(Kind::Settings)
        );
        assert_eq!(
            classify(source, Path::new("/site/themes/mine/templates/base.html")),
            Some(Kind::Other)
        );
        assert_eq!(
            classify(source, Path::new("/site/static/logo.png")),
            Some(Kind::Other)
        );
    }

    #[test]
    fn ignores_editor_files_and_everything_else() {
        let source = Path::new("/site");
        for path in [
            "/site/articles/.a.md.swp",
            "/site/articles/a.md~",
            "/site/articles/4913",
            "/site/dist/index.html",
            "/site/.dist.prev/x",
            "/elsewhere/a.md",
        ] {
            assert_eq!(classify(source, Path::new(path)), None, "{path}");
        }
    }
}
