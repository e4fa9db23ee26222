//! Watches the site's files and rebuilds after each batch of changes. Debounced, so that an
//! editor's save-by-rename, a burst of saves or a `git checkout` gives one rebuild; editors'
//! temporary and swap files are ignored. The site's folders are followed whatever happens to
//! them: made after the start, moved away and back, deleted, replaced.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::{LiveSite, ServerState};
use crate::error::Error;

/// How long after a rebuild, with no newer one, the search index starts being made.
const INDEX_QUIET: Duration = Duration::from_millis(500);

/// How long all the site's files must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(15);

/// How long the debouncer waits after a path's last event before it reports the path.
const PATH_QUIET: Duration = Duration::from_millis(5);

/// The folders of the site that are watched, each with everything below it.
const FOLDERS: [&str; 4] = [
    crate::load::ARTICLES_DIR,
    crate::load::EDITIONS_DIR,
    "themes",
    crate::STATIC_DIR,
];

/// What a changed path means for the site.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Kind {
    /// An article file: only it is read again.
    Article,
    /// `site.yaml`: every article depends on its defaults.
    Settings,
    /// An edition file (all of them are read again in every build), a theme or static file.
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
        crate::load::EDITIONS_DIR | "themes" | crate::STATIC_DIR => Some(Kind::Other),
        _ => None,
    }
}

/// Starts watching `source` and a thread that rebuilds `site` after changes, publishing each
/// result to `state`.
/// `verbose`: each rebuild's line gives the time of each stage.
pub fn start(
    source: &Path,
    mut site: LiveSite,
    state: Arc<ServerState>,
    verbose: bool,
) -> Result<(), Error> {
    let source = std::path::absolute(source).unwrap_or_else(|_| source.to_path_buf());
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let pictures = PictureMaking {
        ready: sender.clone(),
        source: source.clone(),
        in_hand: Arc::default(),
    };
    let mut debouncer = new_debouncer(PATH_QUIET, Some(Duration::from_millis(2)), sender)
        .map_err(|e| Error::io("watch", &source)(std::io::Error::other(e)))?;
    // The site's folder itself only for site.yaml and for its folders coming and going; each
    // of `FOLDERS` on its own, recursively. Not the whole site folder recursively: it holds
    // dist/, .dist.prev/ and, often, a repository's target/, thousands of folders that would
    // each take an inotify watch (a walk at the start, against the user's limit of watches) and
    // wake the server on every write of a build; while a folder of the site that is made,
    // moved or replaced always shows in the site folder's own events, which say when to watch
    // it again.
    debouncer
        .watch(&source, RecursiveMode::NonRecursive)
        .map_err(|e| Error::io("watch", &source)(std::io::Error::other(e)))?;
    let mut folders = Folders::default();
    for (name, watched) in FOLDERS.iter().zip(&mut folders.watched) {
        let dir = source.join(name);
        *watched = identity(&dir);
        if watched.is_some() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Error::io("watch", &dir)(std::io::Error::other(e)))?;
        }
    }

    std::thread::spawn(move || {
        // The debouncer stops watching when dropped: it lives as long as this thread.
        let mut debouncer = debouncer;
        while let Ok(batch) = receiver.recv() {
            let mut batch = match batch {
                Ok(events) => Batch::of(events),
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
            if batch.rescan
                || batch
                    .paths
                    .iter()
                    .any(|path| classify(&source, path).is_some())
            {
                loop {
                    match receiver.recv_timeout(QUIET) {
                        Ok(Ok(events)) => batch.add(events),
                        Ok(Err(_)) => {}
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            }
            // A folder that came, went or was replaced is watched anew; what happened in it
            // meanwhile (while it was elsewhere, or before its watch was there) sent no events,
            // so every article file is then looked at again (by its size, time and inode: the
            // unchanged ones are still not read). So too when the watcher lost events.
            let refollowed = folders.follow(&mut debouncer, &source, &batch.paths, batch.rescan);
            let kinds: Vec<Kind> = batch
                .paths
                .iter()
                .filter_map(|path| classify(&source, path))
                .collect();
            if kinds.is_empty() && !refollowed && !batch.rescan {
                continue;
            }
            if kinds.contains(&Kind::Settings) || batch.rescan {
                site.forget_articles();
            }
            // An index still being made is stale now: stop it (what it finished is kept).
            site.finish_indexing(true);
            let started = Instant::now();
            // Each changed path, as the watcher reports it (absolute): the site's other
            // articles are kept without looking at their files.
            let changed: Option<std::collections::HashSet<PathBuf>> =
                (!refollowed && !batch.rescan).then(|| batch.paths.iter().cloned().collect());
            // A saved article is shown at once: a picture it shows that is not made yet is
            // left out, made beside, and shown by the rebuild that its making asks for.
            let unmade = if batch.pictures_made {
                crate::Unmade::Now
            } else {
                crate::Unmade::Later
            };
            let result = site.rebuild(changed.as_ref(), unmade);
            let took = started.elapsed().as_secs_f64() * 1000.0;
            match &result {
                Ok(changes) => crate::say!(
                    "Rebuilt in {took:.0} ms: {} file{} changed, {} removed{}{}",
                    changes.changed.len(),
                    if changes.changed.len() == 1 { "" } else { "s" },
                    changes.removed.len(),
                    match changes.unmade.len() {
                        0 => String::new(),
                        1 => "; 1 picture is being made, and is shown when it is ready".to_owned(),
                        n => format!(
                            "; {n} pictures are being made, and are shown when they are ready"
                        ),
                    },
                    if verbose {
                        stage_times(changes)
                    } else {
                        String::new()
                    }
                ),
                Err(error) => eprintln!(
                    "{}\nerror: the rebuild failed; still serving the last good site",
                    error.describe()
                ),
            }
            state.publish(&site, &result);
            if let Ok(changes) = &result {
                pictures.make(&site, &changes.unmade);
            }
            start_indexing(&mut site, &state, INDEX_QUIET, verbose);
        }
    });
    Ok(())
}

/// What marks the event by which pictures made in the background ask for a rebuild.
const PICTURES_MADE: &str = "broadsheet: pictures made";

/// The pictures being made in the background, and how to ask for the rebuild that shows them.
struct PictureMaking {
    /// Where the watcher's events go: the rebuild thread.
    ready: std::sync::mpsc::Sender<DebounceEventResult>,
    source: PathBuf,
    /// The picture files being made now (not made twice when saved again meanwhile).
    in_hand: Arc<std::sync::Mutex<std::collections::HashSet<PathBuf>>>,
}

impl PictureMaking {
    /// Makes the pictures `unmade` (those not in hand already) on a thread of their own,
    /// then asks for a rebuild naming their files, which finds them made.
    fn make(&self, site: &LiveSite, unmade: &[PathBuf]) {
        let files: Vec<PathBuf> = {
            let mut in_hand = self.in_hand.lock().unwrap_or_else(|p| p.into_inner());
            unmade
                .iter()
                .filter(|file| in_hand.insert((*file).clone()))
                .cloned()
                .collect()
        };
        if files.is_empty() {
            return;
        }
        let maker = site.picture_maker();
        let (ready, source, in_hand) = (
            self.ready.clone(),
            self.source.clone(),
            Arc::clone(&self.in_hand),
        );
        std::thread::spawn(move || {
            let started = Instant::now();
            let made = maker(&files);
            crate::say!(
                "Made {made} of {} picture{} in {:.0} ms",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                started.elapsed().as_secs_f64() * 1000.0
            );
            in_hand
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .retain(|file| !files.contains(file));
            let mut event = notify::Event::new(notify::EventKind::Other).set_info(PICTURES_MADE);
            for file in &files {
                event = event.add_path(source.join(file));
            }
            let _ = ready.send(Ok(vec![notify_debouncer_full::DebouncedEvent::new(
                event,
                Instant::now(),
            )]));
        });
    }
}

/// Which of `FOLDERS` are watched, and which folder (device and inode) each watch was put on.
#[derive(Default)]
struct Folders {
    /// In the order of `FOLDERS`.
    watched: [Option<(u64, u64)>; FOLDERS.len()],
}

impl Folders {
    /// Watches again each folder that `paths` name (it was made, removed or moved: notify drops
    /// the watch of a folder moved away, even when it comes back), or that is not the folder
    /// watched before (replaced, or gone, between two looks), or every folder with `all`.
    /// Whether any was.
    fn follow(
        &mut self,
        debouncer: &mut Debouncer<notify::RecommendedWatcher, RecommendedCache>,
        source: &Path,
        paths: &[PathBuf],
        all: bool,
    ) -> bool {
        let mut any = false;
        for (name, watched) in FOLDERS.iter().zip(&mut self.watched) {
            let dir = source.join(name);
            let now = identity(&dir);
            if !all && now == *watched && !paths.contains(&dir) {
                continue;
            }
            any = true;
            // Forgets the old watch, if notify still has it (or it would stay on a folder
            // elsewhere); an error only says that it had none.
            let _ = debouncer.unwatch(&dir);
            *watched = None;
            if now.is_some() {
                match debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => *watched = now,
                    Err(error) => eprintln!("watching {}: {error}", dir.display()),
                }
            }
        }
        any
    }
}

/// The folder at `path`'s device and inode, or `None` when there is no folder there.
fn identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        // Without inodes a replaced folder is seen by its events alone.
        let _ = meta;
        Some((0, 0))
    }
}

/// Makes the search index after the pages, in the background: served without a reload (an open
/// search page finds the new text on its next query).
pub(super) fn start_indexing(
    site: &mut LiveSite,
    state: &Arc<ServerState>,
    quiet: Duration,
    verbose: bool,
) {
    let state = Arc::clone(state);
    let started = Instant::now();
    site.start_indexing(quiet, move |snapshot| {
        state.replace_snapshot(snapshot);
        if verbose {
            crate::say!(
                "Search index made {:.0} ms after the rebuild",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    });
}

/// ` (load 12 ms, parse 1 ms, …)`, for `serve --verbose`.
fn stage_times(changes: &super::Changes) -> String {
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

/// What one or more of the debouncer's batches say happened.
struct Batch {
    /// The paths that were created, changed or removed.
    paths: Vec<PathBuf>,
    /// The watcher lost events (its queue overflowed): anything may have changed.
    rescan: bool,
    /// Pictures made in the background ask for this rebuild (see `PictureMaking`).
    pictures_made: bool,
}

impl Batch {
    fn of(events: Vec<notify_debouncer_full::DebouncedEvent>) -> Batch {
        let mut batch = Batch {
            paths: Vec::new(),
            rescan: false,
            pictures_made: false,
        };
        batch.add(events);
        batch
    }

    /// Adds the paths that were created, changed or removed. Reading a file (as a build does)
    /// is not a change, nor is a change of its metadata alone: the first read of a new file
    /// updates its access time, which would otherwise start another rebuild.
    fn add(&mut self, events: Vec<notify_debouncer_full::DebouncedEvent>) {
        use notify::event::{EventKind, ModifyKind};
        for event in events {
            self.rescan |= event.need_rescan();
            self.pictures_made |= event.info() == Some(PICTURES_MADE);
            if !matches!(
                event.event.kind,
                EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
            ) {
                self.paths.extend(event.event.paths);
            }
        }
    }
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
