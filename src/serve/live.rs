//! The site the dev server shows: built into memory by the same pipeline as `build`, and
//! rebuilt after each change. Articles whose file did not change are kept from the previous
//! build (not read or parsed again), and a page whose fingerprint did not change keeps its
//! bytes (not rendered again); so a save re-renders only the pages it touches.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::error::Result;
use crate::load::FileKey;
use crate::output::{Entry, Sink};
use crate::validate::Article;
use crate::{BuildOptions, Summary};

/// One file of the site in memory, LZ4-compressed when that saves a quarter or more: the pages
/// are most of the server's memory, and a page is made whole again in microseconds.
#[derive(Debug, Clone)]
pub struct File {
    pub fingerprint: u64,
    stored: Bytes,
    compressed: bool,
    size: usize,
}

impl File {
    pub fn new(fingerprint: u64, bytes: &[u8]) -> File {
        let packed = lz4_flex::block::compress(bytes);
        let compressed = packed.len() * 4 <= bytes.len() * 3;
        File {
            fingerprint,
            stored: if compressed {
                Bytes::from(packed)
            } else {
                Bytes::copy_from_slice(bytes)
            },
            compressed,
            size: bytes.len(),
        }
    }

    /// The file's bytes.
    pub fn bytes(&self) -> Bytes {
        if !self.compressed {
            return self.stored.clone();
        }
        // Only `new` compresses, so this cannot fail; an empty file if it ever did.
        lz4_flex::block::decompress(&self.stored, self.size)
            .map(Bytes::from)
            .unwrap_or_default()
    }
}

/// A complete site, as one build made it; never changed once made.
#[derive(Debug)]
pub struct Snapshot {
    /// Path below the site's root (`articles/x/index.html`) → file.
    pub files: HashMap<String, File>,
    /// The path part of `base_url`, where the site is served (`/`, `/opinion/`).
    pub base_path: String,
}

/// Before the first good build: no files, served at the root.
impl Default for Snapshot {
    fn default() -> Snapshot {
        Snapshot {
            files: HashMap::new(),
            base_path: "/".to_owned(),
        }
    }
}

/// What a rebuild changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Files that are new or whose content changed.
    pub changed: Vec<String>,
    /// Files that are gone.
    pub removed: Vec<String>,
    pub summary: Option<Summary>,
    /// With `Unmade::Later`, the picture files the new pages leave out because they are not
    /// made yet (below the site's folder): [`LiveSite::make_pictures`] makes them.
    pub unmade: Vec<PathBuf>,
}

impl Changes {
    /// Only stylesheets changed: the open page can swap them without reloading.
    pub fn only_css(&self) -> bool {
        self.removed.is_empty()
            && !self.changed.is_empty()
            && self.changed.iter().all(|path| path.ends_with(".css"))
    }
}

/// The dev server's site and what it keeps between builds.
pub struct LiveSite {
    options: BuildOptions,
    /// The articles of the last good build, by file, to keep those whose file is unchanged.
    /// Keyed by the path's bytes: hashing a `Path` walks its components, which costs more here.
    known: HashMap<std::ffi::OsString, Arc<Article>>,
    /// The edition files of the last good build, to keep those whose text is the same, or all
    /// of them when none changed.
    known_editions: Vec<Arc<crate::edition::EditionFile>>,
    /// Whether an edition file may have changed since the last good build.
    editions_changed: bool,
    current: Arc<Snapshot>,
    /// What the search index of the current snapshot is to be made from, until it is made.
    search: Option<crate::search::Input>,
    indexing: Option<Indexing>,
}

impl LiveSite {
    pub fn new(options: BuildOptions) -> LiveSite {
        LiveSite {
            options,
            known: HashMap::new(),
            known_editions: Vec::new(),
            editions_changed: true,
            current: Arc::new(Snapshot::default()),
            search: None,
            indexing: None,
        }
    }

    /// Makes the picture files `files` (as [`Changes::unmade`] names them) into the cache of
    /// processed pictures, where the next rebuild finds them; returns how many it made. Needs
    /// nothing of the site but where it is, so it can run beside a rebuild.
    pub fn picture_maker(&self) -> impl Fn(&[PathBuf]) -> usize + Send + 'static {
        let source = self.options.source.clone();
        let dir = crate::pictures_dir(&self.options);
        move |files| crate::make_pictures(&source, &dir, files)
    }

    /// The site as the last good build made it.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current)
    }

    /// Forgets the articles kept between builds: after a change of `site.yaml`, whose defaults
    /// every article depends on.
    pub fn forget_articles(&mut self) {
        self.known.clear();
    }

    /// Builds the site again. `changed` names the files that changed, when the watcher knows:
    /// the other articles are then kept without even looking at their files; `None` looks at
    /// every file. On failure the last good site stays as it was. With `Unmade::Later`, a
    /// picture not made yet is left out of the pages (and named in the changes) rather than
    /// made first.
    pub fn rebuild(
        &mut self,
        changed: Option<&HashSet<PathBuf>>,
        unmade: crate::Unmade,
    ) -> Result<Changes> {
        let previous = Arc::clone(&self.current);
        let sink = MemorySink {
            previous: &previous.files,
            written: Mutex::new(HashMap::new()),
        };
        let source = std::path::absolute(&self.options.source)
            .unwrap_or_else(|_| self.options.source.clone());
        // The changed files as the build names them (`articles/x.md`), compared as bytes.
        let changed: Option<HashSet<&std::ffi::OsStr>> = changed.map(|paths| {
            paths
                .iter()
                .filter_map(|path| path.strip_prefix(&source).ok())
                .map(Path::as_os_str)
                .collect()
        });
        let known = |shown: &Path, key: Option<&crate::load::FileKey>| {
            let article = self.known.get(shown.as_os_str())?;
            let fresh = match key {
                Some(key) => article.key == *key,
                None => changed
                    .as_ref()
                    .is_some_and(|changed| !changed.contains(shown.as_os_str())),
            };
            fresh.then(|| Arc::clone(article))
        };
        // Bodies are not kept: the snapshot holds every page already. The search index needs
        // every article's text, so it is made after the new pages are shown (`index_search`);
        // until then the previous index is served.
        // No cache: the server keeps the articles it parsed (`known`).
        // The edition files are read again only when the watcher saw one change (or cannot
        // say what changed); of those read, the ones whose text is the same are not parsed.
        let editions_folder = Path::new(crate::load::EDITIONS_DIR);
        self.editions_changed |= changed.as_ref().is_none_or(|changed| {
            changed
                .iter()
                .any(|path| Path::new(path).starts_with(editions_folder))
        });
        let by_file: HashMap<&Path, &Arc<crate::edition::EditionFile>> = if self.editions_changed {
            self.known_editions
                .iter()
                .map(|edition| (edition.source.as_path(), edition))
                .collect()
        } else {
            HashMap::new()
        };
        let known_edition = |shown: &Path, digest: u64| {
            let edition = by_file.get(shown)?;
            (edition.digest == digest).then(|| Arc::clone(edition))
        };
        let editions = if self.editions_changed {
            crate::Editions::Read(&known_edition)
        } else {
            crate::Editions::Unchanged(&self.known_editions)
        };
        let built = crate::prepare(
            &self.options,
            &|_, _| None,
            &|_, _| None,
            &known,
            editions,
            crate::Bodies::Drop,
            &crate::Silent,
        )?
        .write(
            &self.options.source,
            &sink,
            crate::Index::ByTheCaller,
            unmade,
            &crate::Silent,
        )?;
        drop(by_file);
        self.known_editions = built.editions;
        self.editions_changed = false;
        let mut written = sink
            .written
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());

        let mut files = HashMap::with_capacity(built.files.len());
        let mut changes = Changes {
            unmade: built.unmade,
            ..Changes::default()
        };
        for (path, entry) in built.files {
            // `reuse` only keeps what the previous snapshot has.
            let Some(file) = written_or_kept(&mut written, &previous.files, &path) else {
                continue;
            };
            if previous
                .files
                .get(&path)
                .is_none_or(|old| old.fingerprint != entry.fingerprint)
            {
                changes.changed.push(path.clone());
            }
            files.insert(path, file);
        }
        for (path, file) in &previous.files {
            if path.starts_with(crate::search::DATA) && !files.contains_key(path) {
                files.insert(path.clone(), file.clone());
            }
        }
        changes.removed = previous
            .files
            .keys()
            .filter(|path| !files.contains_key(*path))
            .cloned()
            .collect();
        changes.changed.sort();
        changes.removed.sort();
        changes.summary = Some(
            built
                .counts
                .into_summary(&built.timer, PathBuf::new(), Vec::new()),
        );

        // Kept articles stay as they are; new and changed ones come in; gone ones go.
        let count = built.articles.len();
        for article in built.articles {
            let key = article.source.as_os_str();
            if !self
                .known
                .get(key)
                .is_some_and(|old| Arc::ptr_eq(old, &article))
            {
                self.known.insert(key.to_owned(), article);
            }
        }
        if self.known.len() != count {
            let current: HashSet<std::ffi::OsString> = files_of(&self.options.source);
            self.known.retain(|key, _| current.contains(key));
        }
        self.current = Arc::new(Snapshot {
            files,
            base_path: built.base_path,
        });
        self.search = built.search;
        Ok(changes)
    }

    /// Starts making the search index of the last good build in the background, after `quiet`
    /// with no newer build, if it is not made yet; `done` gets the snapshot that holds it,
    /// unless a newer build stops it first.
    pub fn start_indexing(
        &mut self,
        quiet: Duration,
        done: impl FnOnce(Arc<Snapshot>) + Send + 'static,
    ) {
        self.finish_indexing(true);
        let Some(input) = self.search.take() else {
            return;
        };
        let base = Arc::clone(&self.current);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            // An editor saving again and again gets no index made in between, so nothing
            // competes with the rebuilds for the cores (`finish_indexing` wakes it to stop).
            let until = Instant::now() + quiet;
            loop {
                if stopped.load(Ordering::Relaxed) {
                    return Indexed::Stopped(input);
                }
                let now = Instant::now();
                if now >= until {
                    break;
                }
                std::thread::park_timeout(until - now);
            }
            index(base, input, &stopped, done)
        });
        self.indexing = Some(Indexing { stop, thread });
    }

    /// Waits for the background indexing, if any (`stop`: telling it to give up first), and
    /// keeps what it made.
    pub fn finish_indexing(&mut self, stop: bool) {
        let Some(job) = self.indexing.take() else {
            return;
        };
        if stop {
            job.stop.store(true, Ordering::Relaxed);
            job.thread.thread().unpark();
        }
        match job.thread.join() {
            Ok(Indexed::Made(snapshot)) => self.current = snapshot,
            // Made again after the next good build, or now if that build fails.
            Ok(Indexed::Stopped(input)) => self.search = Some(input),
            Ok(Indexed::Same) | Err(_) => {}
        }
    }
}

/// The search index being made in the background.
struct Indexing {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Indexed>,
}

/// What making the search index came to.
enum Indexed {
    /// The snapshot with the new index.
    Made(Arc<Snapshot>),
    /// The index was already current.
    Same,
    /// Stopped by a newer build: what it was made from, to make it later.
    Stopped(crate::search::Input),
}

/// Makes the search index of `base` from `input` (its files keep their bytes where they are
/// unchanged), and hands the snapshot with the new index to `done`.
fn index(
    base: Arc<Snapshot>,
    input: crate::search::Input,
    stop: &AtomicBool,
    done: impl FnOnce(Arc<Snapshot>),
) -> Indexed {
    let sink = MemorySink {
        previous: &base.files,
        written: Mutex::new(HashMap::new()),
    };
    let (index, stats) = match crate::search::write_unless(&input, &sink, stop) {
        Ok(Some(made)) => made,
        Ok(None) => return Indexed::Stopped(input),
        Err(error) => {
            eprintln!(
                "{}\nerror: the search index could not be made; still serving the last one",
                error.describe()
            );
            return Indexed::Same;
        }
    };
    let had = base
        .files
        .keys()
        .filter(|path| path.starts_with(crate::search::DATA))
        .count();
    if stats.written == 0 && index.len() == had {
        return Indexed::Same;
    }
    let mut written = sink
        .written
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut files: HashMap<String, File> = base
        .files
        .iter()
        .filter(|(path, _)| !path.starts_with(crate::search::DATA))
        .map(|(path, file)| (path.clone(), file.clone()))
        .collect();
    for (path, _) in index {
        if let Some(file) = written_or_kept(&mut written, &base.files, &path) {
            files.insert(path, file);
        }
    }
    let snapshot = Arc::new(Snapshot {
        files,
        base_path: base.base_path.clone(),
    });
    done(Arc::clone(&snapshot));
    Indexed::Made(snapshot)
}

/// The article files below the site's folder now, as the build names them: to forget the
/// articles whose file is gone.
fn files_of(source: &Path) -> HashSet<std::ffi::OsString> {
    let mut found = HashSet::new();
    let mut dirs = vec![source.join(crate::load::ARTICLES_DIR)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(shown) = path.strip_prefix(source) {
                found.insert(shown.as_os_str().to_owned());
            }
        }
    }
    found
}

/// The file at `path` as a build left it: written anew, or kept from the previous snapshot.
fn written_or_kept(
    written: &mut HashMap<String, File>,
    previous: &HashMap<String, File>,
    path: &str,
) -> Option<File> {
    written.remove(path).or_else(|| previous.get(path).cloned())
}

/// Keeps pages in memory; a page whose fingerprint is unchanged keeps its bytes.
struct MemorySink<'a> {
    previous: &'a HashMap<String, File>,
    written: Mutex<HashMap<String, File>>,
}

impl Sink for MemorySink<'_> {
    fn reuse(&self, path: &str, fingerprint: u64) -> std::io::Result<Option<Entry>> {
        Ok(self
            .previous
            .get(path)
            .filter(|file| file.fingerprint == fingerprint)
            .map(|file| memory_entry(fingerprint, file.size)))
    }

    fn write(&self, path: &str, fingerprint: u64, bytes: &[u8]) -> std::io::Result<Entry> {
        let file = File::new(fingerprint, bytes);
        let entry = memory_entry(fingerprint, bytes.len());
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.to_owned(), file);
        Ok(entry)
    }
}

/// A file in memory has no time or inode: its size stands for its version.
fn memory_entry(fingerprint: u64, size: usize) -> Entry {
    Entry {
        fingerprint,
        file: FileKey {
            size: size as u64,
            ..FileKey::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_held_compressed_and_given_back_whole() {
        let page = "<p>以“社区共益人”机制为例,2025年全市累计签约合伙人800余个。</p>\n".repeat(40);
        let file = File::new(7, page.as_bytes());
        assert!(file.compressed);
        assert!(
            file.stored.len() * 4 < page.len(),
            "{} of {}",
            file.stored.len(),
            page.len()
        );
        assert_eq!(file.bytes(), page.as_bytes());
        assert_eq!(memory_entry(7, file.size).file.size, page.len() as u64);

        // What does not shrink by a quarter is kept as it is.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                // xorshift64
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u8
            })
            .collect();
        let file = File::new(1, &noise);
        assert!(!file.compressed);
        assert_eq!(file.bytes(), noise);
        assert_eq!(File::new(2, b"").bytes(), &b""[..]);
    }
}
