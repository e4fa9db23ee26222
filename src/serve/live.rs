//! The site the dev server shows: built into memory by the same pipeline as `build`, and
//! rebuilt after each change. Articles whose file did not change are kept from the previous
//! build (not read or parsed again), and a page whose fingerprint did not change keeps its
//! bytes (not rendered again); so a save re-renders only the pages it touches.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

use crate::cache::SourceCache;
use crate::error::Result;
use crate::load::FileKey;
use crate::output::{Entry, Sink};
use crate::validate::Article;
use crate::{BuildOptions, Summary};

/// One file of the site in memory.
#[derive(Debug, Clone)]
pub struct File {
    pub fingerprint: u64,
    pub bytes: Bytes,
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
    current: Arc<Snapshot>,
    /// What the search index of the current snapshot is to be made from, until it is made.
    search: Option<crate::search::Input>,
}

impl LiveSite {
    pub fn new(options: BuildOptions) -> LiveSite {
        LiveSite {
            options,
            known: HashMap::new(),
            current: Arc::new(Snapshot::default()),
            search: None,
        }
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
    /// every file. On failure the last good site stays as it was.
    pub fn rebuild(&mut self, changed: Option<&HashSet<PathBuf>>) -> Result<Changes> {
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
        let built = crate::build_into(
            &self.options,
            &SourceCache::default(),
            &known,
            false,
            true,
            || Ok(&sink),
        )?;
        let mut written = sink
            .written
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());

        let mut files = HashMap::with_capacity(built.files.len());
        let mut changes = Changes::default();
        for (path, entry) in built.files {
            let file = match written.remove(&path) {
                Some(file) => file,
                None => match previous.files.get(&path) {
                    Some(file) => file.clone(),
                    // `reuse` only keeps what the previous snapshot has.
                    None => continue,
                },
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
        changes.summary = Some(Summary {
            stages: built.timer.stages,
            ..built.summary
        });

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

    /// Makes the search index of the last good build, if it is not made yet; true when the
    /// snapshot changed. Its files keep their bytes where they are unchanged.
    pub fn index_search(&mut self) -> Result<bool> {
        let Some(input) = self.search.take() else {
            return Ok(false);
        };
        let previous = Arc::clone(&self.current);
        let sink = MemorySink {
            previous: &previous.files,
            written: Mutex::new(HashMap::new()),
        };
        let (index, stats) = crate::search::write(&input, &sink)?;
        if stats.written == 0
            && index.len()
                == previous
                    .files
                    .keys()
                    .filter(|path| path.starts_with(crate::search::DATA))
                    .count()
        {
            return Ok(false);
        }
        let mut written = sink
            .written
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut files: HashMap<String, File> = previous
            .files
            .iter()
            .filter(|(path, _)| !path.starts_with(crate::search::DATA))
            .map(|(path, file)| (path.clone(), file.clone()))
            .collect();
        for (path, _) in index {
            let file = match written.remove(&path) {
                Some(file) => file,
                None => match previous.files.get(&path) {
                    Some(file) => file.clone(),
                    None => continue,
                },
            };
            files.insert(path, file);
        }
        self.current = Arc::new(Snapshot {
            files,
            base_path: previous.base_path.clone(),
        });
        Ok(true)
    }
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
            .map(|file| memory_entry(fingerprint, &file.bytes)))
    }

    fn write(&self, path: &str, fingerprint: u64, bytes: &[u8]) -> std::io::Result<Entry> {
        let file = File {
            fingerprint,
            bytes: Bytes::copy_from_slice(bytes),
        };
        let entry = memory_entry(fingerprint, bytes);
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.to_owned(), file);
        Ok(entry)
    }
}

/// A file in memory has no time or inode: its size stands for its version.
fn memory_entry(fingerprint: u64, bytes: &[u8]) -> Entry {
    Entry {
        fingerprint,
        file: FileKey {
            size: bytes.len() as u64,
            ..FileKey::default()
        },
    }
}
