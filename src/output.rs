//! Writes the site so that a build killed at any moment leaves the old site or the new one,
//! never a mixture, and so that a page whose content did not change keeps its file (bytes,
//! inode and modification time: upload tools such as rsync skip it).
//!
//! Two trees live side by side: the output folder (`dist/`, the live site) and a work tree
//! (`.dist.prev/`, the site as it was one build earlier). A build brings the work tree up to
//! date: a page whose fingerprint (a hash of everything its template sees) matches the live
//! page's is hard-linked from the live tree, or left alone when the work tree already holds
//! that very file; other pages are written as new files, never written through an existing one
//! (it may be a link shared with the live tree). Stale files are removed. Then the two folders
//! are exchanged in one `renameat2(RENAME_EXCHANGE)` call, and the old live tree becomes the
//! next build's work tree, so no tree is ever deleted file by file.
//!
//! Beside them, `.dist.manifest` records for each live file its fingerprint, size,
//! modification time and inode; `.dist.prev.manifest` does the same for the work tree. A file
//! is only reused when what is on disk still matches its record, so a hand-edited or
//! half-written file is never trusted. A work tree's manifest is replaced by a one-line
//! marker before the tree is touched, which marks it unreliable (but ours) until the build
//! that touched it has finished.
//!
//! Nothing this tool did not write is ever deleted. An output folder that holds files but has
//! no manifest beside it is someone else's, and is refused before anything is written (so is
//! a work tree that is neither ours nor empty). Files added by hand to a live tree that is ours
//! (a host's `CNAME`, a verification file) are kept, in every build: each build finds them,
//! links them into the new tree and records them in the manifest as kept, so that a file the
//! user later deletes from the live tree is not brought back from the work tree.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::FileKey;

/// What is recorded of one output file: its content's fingerprint and the version of the
/// file on disk that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: u64,
    pub file: FileKey,
}

impl Entry {
    fn of(fingerprint: u64, meta: &std::fs::Metadata) -> Entry {
        Entry {
            fingerprint,
            file: FileKey::of(meta),
        }
    }

    /// Whether `meta` describes the very file this entry was recorded for, unchanged.
    fn matches(&self, meta: &std::fs::Metadata) -> bool {
        meta.is_file() && FileKey::of(meta) == self.file
    }
}

type Manifest = HashMap<String, Entry>;

/// Files found in a tree that the site did not make, by path.
type Kept = HashSet<String>;

/// What a manifest file says.
#[derive(Debug, Default)]
struct Record {
    /// The site's files.
    files: Manifest,
    /// Files kept that this tool did not write.
    kept: Kept,
}

/// The first line of a work tree's manifest while the tree is being changed: the tree is ours,
/// but what it holds is not known.
const UNFINISHED: &str = "unfinished\n";

/// Where a build puts its files: the output folder, or the dev server's memory.
pub trait Sink: Sync {
    /// Keeps the file at `path` from the previous build when its fingerprint is `fingerprint`
    /// and it is as recorded; `None` when the page must be rendered.
    fn reuse(&self, path: &str, fingerprint: u64) -> std::io::Result<Option<Entry>>;
    /// Stores `bytes` as the file at `path` (a `/`-separated path below the site's root).
    fn write(&self, path: &str, fingerprint: u64, bytes: &[u8]) -> std::io::Result<Entry>;
}

impl Sink for Output {
    fn reuse(&self, path: &str, fingerprint: u64) -> std::io::Result<Option<Entry>> {
        Ok(self.reuse(path, fingerprint)?.map(|(entry, _)| entry))
    }

    fn write(&self, path: &str, fingerprint: u64, bytes: &[u8]) -> std::io::Result<Entry> {
        self.write(path, fingerprint, bytes)
    }
}

/// The output folder being brought up to date.
pub struct Output {
    target: PathBuf,
    work: PathBuf,
    manifest: PathBuf,
    work_manifest: PathBuf,
    /// The live site's files.
    live: Manifest,
    /// The files in the work tree when the build started, when known.
    work_files: Manifest,
    /// The files the work tree holds that were kept from the live tree, when known.
    work_kept: Kept,
    /// The files of the live tree that the last build that changed it kept (not written by
    /// this tool), as it recorded them.
    live_kept: Kept,
    /// Whether the work tree was made ready to change (see `prepare`).
    prepared: std::sync::OnceLock<std::result::Result<(), String>>,
    /// Live files the new site keeps that the work tree does not hold yet: linked on commit,
    /// and only if the site changed at all.
    to_link: std::sync::Mutex<Vec<String>>,
    written: std::sync::atomic::AtomicUsize,
    committed: bool,
}

/// How a file got into the new site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The work tree already holds the live file.
    Kept,
    /// The live file is kept; the work tree gets a link to it on commit.
    Linked,
    /// Written afresh: `write` returns no `Outcome`, so only the tests' record of a build
    /// names it.
    #[cfg(test)]
    Written,
}

/// What `commit` did beyond the site's own files.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Committed {
    /// Files in the output folder that this tool did not write, kept as they are
    /// (`/`-separated, below the output folder).
    pub kept: Vec<String>,
}

/// Reads the manifest of the output folder `target`, refusing an output folder, or a work tree
/// beside it, that this tool did not make and that holds files (building there would move them
/// aside and later delete them), and an output path that is a link or a file. Touches nothing
/// but a manifest a killed build left under its new name (see `read_live_manifest`).
fn read_ours(target: &Path) -> Result<Record> {
    let refuse = |path: &Path, message: String| {
        Err(Error::content(vec![crate::error::Diagnostic::new(
            path, 0, 0, message,
        )]))
    };
    let live = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("look at", target)(e)),
        Ok(meta) if meta.file_type().is_symlink() => {
            return refuse(
                target,
                "the output folder is a link: broadsheet replaces its output folder as a whole, \
                 and would replace the link; give the folder it leads to as --output"
                    .to_owned(),
            );
        }
        Ok(meta) if !meta.is_dir() => {
            return refuse(
                target,
                "the output path is a file, not a folder: choose a new or empty folder with --output"
                    .to_owned(),
            );
        }
        Ok(_) => {
            let live = read_live_manifest(target);
            if live.is_none()
                && let Some(example) = first_entry(target)?
            {
                return refuse(
                    target,
                    format!(
                        "this folder holds files that broadsheet did not write (such as `{example}`), \
                         and a build replaces its output folder as a whole: choose a new or empty \
                         folder with --output, or move those files away"
                    ),
                );
            }
            live
        }
    };
    let work = beside(target, "prev");
    if std::fs::symlink_metadata(&work).is_ok_and(|meta| meta.file_type().is_symlink()) {
        return refuse(
            &work,
            "broadsheet keeps the previous site here, and this is a link: move it away".to_owned(),
        );
    }
    let work_is_ours = live.is_some() || beside(target, "prev.manifest").exists();
    if !work_is_ours
        && std::fs::symlink_metadata(&work).is_ok()
        && (!work.is_dir() || first_entry(&work)?.is_some())
    {
        return refuse(
            &work,
            format!(
                "broadsheet keeps the previous site here, but this was not made by broadsheet \
                 (no {} beside it): move it away, or choose another --output",
                beside(target, "prev.manifest").display()
            ),
        );
    }
    Ok(live.unwrap_or_default())
}

/// The name of some entry in the folder `dir`, if it has any.
fn first_entry(dir: &Path) -> Result<Option<String>> {
    let mut entries = std::fs::read_dir(dir).map_err(Error::io("read the folder", dir))?;
    match entries.next() {
        None => Ok(None),
        Some(entry) => Ok(Some(
            entry
                .map_err(Error::io("read the folder", dir))?
                .file_name()
                .to_string_lossy()
                .into_owned(),
        )),
    }
}

impl Output {
    /// Reads what is known of the output folder `target` and its work tree, refusing them when
    /// they are not this tool's (see `read_ours`); touches nothing.
    pub fn open(target: &Path) -> Result<Output> {
        let live = read_ours(target)?;
        let manifest = beside(target, "manifest");
        let work_manifest = beside(target, "prev.manifest");
        let work = read_manifest(&work_manifest).unwrap_or_default();
        Ok(Output {
            target: target.to_path_buf(),
            work: beside(target, "prev"),
            manifest,
            work_manifest,
            live: live.files,
            live_kept: live.kept,
            work_files: work.files,
            work_kept: work.kept,
            prepared: std::sync::OnceLock::new(),
            to_link: std::sync::Mutex::new(Vec::new()),
            written: std::sync::atomic::AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Makes the work tree ready to change, once: from here on its manifest no longer
    /// describes it, and a tree without a manifest is not trusted but started afresh.
    fn prepare(&self) -> std::io::Result<()> {
        let result = self.prepared.get_or_init(|| {
            let run = || -> std::io::Result<()> {
                // The marker first: from here on the tree is ours but unknown (a marker cut
                // short by a kill reads as an empty manifest, which says the same).
                std::fs::write(&self.work_manifest, UNFINISHED)?;
                if self.work_files.is_empty()
                    && std::fs::symlink_metadata(&self.work).is_ok()
                    && std::fs::remove_dir_all(&self.work).is_err()
                {
                    make_tree_writable(&self.work)?;
                    std::fs::remove_dir_all(&self.work)?;
                }
                std::fs::create_dir_all(&self.work)
            };
            run().map_err(|e| format!("cannot prepare {}: {e}", self.work.display()))
        });
        result.clone().map_err(std::io::Error::other)
    }

    /// Keeps the live file at `path` in the new site when its fingerprint is `fingerprint` and
    /// it is as recorded; `None` when the page must be rendered.
    pub fn reuse(&self, path: &str, fingerprint: u64) -> std::io::Result<Option<(Entry, Outcome)>> {
        let Some(entry) = self.live.get(path).filter(|e| e.fingerprint == fingerprint) else {
            return Ok(None);
        };
        // The work tree holds that very file already (a link to it): nothing to do, unless
        // the live tree's link to it is gone (deleted or replaced by hand): then the file has
        // one link left, and the page is made again.
        if self.work_files.get(path) == Some(entry)
            && std::fs::symlink_metadata(self.work.join(path))
                .is_ok_and(|meta| entry.matches(&meta) && shared(&meta))
        {
            return Ok(Some((*entry, Outcome::Kept)));
        }
        if !std::fs::symlink_metadata(self.target.join(path)).is_ok_and(|meta| entry.matches(&meta))
        {
            return Ok(None);
        }
        self.to_link
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(path.to_owned());
        Ok(Some((*entry, Outcome::Linked)))
    }

    /// Writes `bytes` as a new file at `path` (a `/`-separated path below the site's root).
    pub fn write(&self, path: &str, fingerprint: u64, bytes: &[u8]) -> std::io::Result<Entry> {
        self.prepare()?;
        self.written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let in_work = self.work.join(path);
        let mut file = self.in_writable(&in_work, || {
            self.replace_in_work(&in_work, |to| std::fs::File::create_new(to))
        })?;
        file.write_all(bytes)?;
        Ok(Entry::of(fingerprint, &file.metadata()?))
    }

    /// Puts a new file at `in_work` with `make` (never writing through the file that is
    /// there: it may be a link shared with the live site), making its folder when missing.
    fn replace_in_work<T>(
        &self,
        in_work: &Path,
        make: impl Fn(&Path) -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        remove_file_if_present(in_work)?;
        match make(in_work) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create_parent(in_work)?;
                make(in_work)
            }
            other => other,
        }
    }

    /// Runs `change` on `path` in the work tree; when a folder on the way was made read-only
    /// by hand (in an earlier live site, now the work tree), gives the owner write permission
    /// on the folders from the work tree down to `path` and runs it again.
    fn in_writable<T>(
        &self,
        path: &Path,
        change: impl Fn() -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        match change() {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                let mut dirs: Vec<&Path> = path
                    .ancestors()
                    .skip(1)
                    .take_while(|d| d.starts_with(&self.work))
                    .collect();
                dirs.reverse();
                for dir in dirs.into_iter().filter(|d| d.is_dir()) {
                    make_writable(dir)?;
                }
                change()
            }
            other => other,
        }
    }

    /// Makes the work tree the new site (links for the files it keeps, no stale files) and
    /// swaps it in for the live one. When nothing was written and the site has the same files
    /// as before, the live site already is the new site: nothing is touched. Files in the live
    /// tree that this tool did not write are kept in the new one; a page of the site at the
    /// path of such a file is an error, and the live site stays as it was.
    pub fn commit(mut self, files: &[(String, Entry)]) -> Result<Committed> {
        let written = self.written.load(std::sync::atomic::Ordering::Relaxed);
        let same_files = files.len() == self.live.len()
            && files.iter().all(|(path, _)| self.live.contains_key(path));
        if written == 0 && same_files && self.target.is_dir() {
            // Nothing to do: the live tree, with every file added to it by hand, stays as it
            // is. Those the last changing build found are named (those still there); one
            // added since is found by the next build that changes the site. Not looking
            // through the tree keeps a build with nothing changed cheap (at 10,000 articles
            // the walk cost a fifth of it).
            let mut kept: Vec<String> = self
                .live_kept
                .iter()
                .filter(|path| std::fs::symlink_metadata(self.target.join(path)).is_ok())
                .cloned()
                .collect();
            kept.sort_unstable();
            self.committed = true;
            return Ok(Committed { kept });
        }
        // Every file of the live tree that this tool did not write is kept in the new one.
        let foreign = if self.target.is_dir() {
            find_foreign(&self.target, &self.live)
                .map_err(Error::io("look through", &self.target))?
        } else {
            Kept::new()
        };
        let mut kept: Vec<String> = foreign.iter().cloned().collect();
        kept.sort_unstable();
        let keep: HashSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
        let clashes: Vec<_> = kept
            .iter()
            .filter(|path| keep.contains(path.as_str()))
            .map(|path| {
                crate::error::Diagnostic::new(
                    self.target.join(path),
                    0,
                    0,
                    "this file was not written by broadsheet, and the site now has a file here: \
                     move it away (a site's own files belong in static/)",
                )
            })
            .collect();
        if !clashes.is_empty() {
            return Err(Error::content(clashes));
        }

        self.prepare().map_err(Error::io("prepare", &self.work))?;
        let mut to_link =
            std::mem::take(&mut *self.to_link.lock().unwrap_or_else(|p| p.into_inner()));
        to_link.extend(kept.iter().cloned());
        to_link
            .par_iter()
            .try_for_each(|path| {
                let (live, in_work) = (self.target.join(path), self.work.join(path));
                self.in_writable(&in_work, || {
                    self.replace_in_work(&in_work, |to| std::fs::hard_link(&live, to))
                })
            })
            .map_err(Error::io("link into", &self.work))?;

        let mut stale: Vec<&String> = self
            .work_files
            .keys()
            .chain(&self.work_kept)
            .filter(|path| !keep.contains(path.as_str()) && !foreign.contains(*path))
            .collect();
        stale.sort_unstable_by(|a, b| b.cmp(a));
        stale.dedup();
        for path in stale {
            let full = self.work.join(path);
            self.in_writable(&full, || remove_file_if_present(&full))
                .map_err(Error::io("remove", &full))?;
            // Folders left empty go too (a deleted article's folder); a full one stays.
            let mut dir = full.parent();
            while let Some(d) = dir.filter(|d| *d != self.work) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }

        let new_manifest = self.manifest.with_extension("manifest.new");
        write_manifest(&new_manifest, files, &foreign)
            .map_err(Error::io("write", &new_manifest))?;
        if let Err(e) = exchange(&self.work, &self.target) {
            let _ = std::fs::remove_file(&new_manifest);
            return Err(e);
        }
        // The old live tree is now the work tree, and its manifest goes with it.
        if self.manifest.exists() {
            std::fs::rename(&self.manifest, &self.work_manifest)
                .map_err(Error::io("rename", &self.manifest))?;
        } else {
            // The first build: the work tree became the output folder, and there is no other.
            remove_if_present(&self.work_manifest)?;
        }
        std::fs::rename(&new_manifest, &self.manifest)
            .map_err(Error::io("rename", &new_manifest))?;
        self.committed = true;
        Ok(Committed { kept })
    }
}

/// A build that stops before `commit` leaves the live site as it was and removes its half-made
/// work tree; one that is killed leaves the tree, which the next build does not trust.
impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed && self.prepared.get().is_some() && remove_tree(&self.work).is_ok() {
            // No tree, no marker: the next build starts the work tree afresh either way.
            let _ = remove_file_if_present(&self.work_manifest);
        }
    }
}

/// Whether a file has a link in each tree (the live one and the work tree).
fn shared(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::nlink(meta) >= 2
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// The HTML pages of the last build into the output folder `target`, as its manifest lists
/// them, each as a page path below the site's root (`articles/x/` for
/// `articles/x/index.html`, `old.html`), sorted; none when there was no build there. For
/// the URLs that a new build would lose (`crate::disappearing_urls`).
// For `broadsheet check`, which reads what the last build made without building.
#[allow(dead_code)]
pub(crate) fn previous_pages(target: &Path) -> Vec<String> {
    read_live_manifest(target)
        .map(|record| pages_of(&record.files))
        .unwrap_or_default()
}

/// The page path of the output file `file` when it is an HTML page (`articles/x/index.html`
/// → `articles/x/`, `index.html` → ``, `old.html` → `old.html`): a part of `file`.
pub(crate) fn page_of_file(file: &str) -> Option<&str> {
    if file == "index.html" {
        return Some("");
    }
    if file.ends_with("/index.html") {
        return file.strip_suffix("index.html");
    }
    file.ends_with(".html").then_some(file)
}

fn pages_of(files: &Manifest) -> Vec<String> {
    let mut pages: Vec<String> = files
        .keys()
        .filter_map(|f| page_of_file(f))
        .map(str::to_owned)
        .collect();
    pages.sort_unstable();
    pages
}

impl Output {
    /// The HTML pages of the live site, as [`previous_pages`] gives them but borrowed and in
    /// no order: a build looks through them all, and a large site has tens of thousands.
    pub(crate) fn previous_pages(&self) -> impl Iterator<Item = &str> {
        self.live.keys().filter_map(|f| page_of_file(f))
    }
}

/// A file or folder beside the output folder `target`: `.dist.<suffix>` for `dist`.
pub fn beside(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dist".to_owned());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{suffix}"))
}

/// Swaps two folders, or moves `work` to `target` when there is no target yet.
fn exchange(work: &Path, target: &Path) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Err(_) => {
            return std::fs::rename(work, target)
                .map_err(Error::io("put the new site in place at", target));
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(Error::Io {
                action: "replace (it is not a folder)",
                path: target.to_path_buf(),
                source: std::io::Error::other("the output path must be a folder"),
            });
        }
        Ok(_) => {}
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, work, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Some file systems cannot exchange: fall back to two renames below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(Error::io("put the new site in place at", target)(e.into())),
        }
    }
    // Two renames: for a moment there is no live folder, but never a mixed one.
    let aside = work.with_extension("swap");
    std::fs::rename(target, &aside).map_err(Error::io("move aside", target))?;
    if let Err(e) = std::fs::rename(work, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(Error::io("put the new site in place at", target)(e));
    }
    std::fs::rename(&aside, work).map_err(Error::io("rename", &aside))
}

fn create_parent(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent),
        None => Ok(()),
    }
}

fn remove_file_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

fn remove_if_present(path: &Path) -> Result<()> {
    remove_file_if_present(path).map_err(Error::io("remove", path))
}

fn remove_tree(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            std::fs::remove_dir_all(path).map_err(Error::io("remove", path))
        }
        Ok(_) => remove_if_present(path),
        Err(_) => Ok(()),
    }
}

/// One line per file: `fingerprint size modified inode path`, in hexadecimal and decimal; for
/// a kept file, `kept path`.
fn write_manifest(path: &Path, files: &[(String, Entry)], kept: &Kept) -> std::io::Result<()> {
    use std::io::Write as _;
    // Written through a buffer as it is made: at the end of a build, when memory peaks.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    for (file, e) in files {
        writeln!(
            out,
            "{:016x} {} {} {} {file}",
            e.fingerprint, e.file.size, e.file.modified, e.file.inode
        )?;
    }
    let mut kept: Vec<&String> = kept.iter().collect();
    kept.sort_unstable();
    for file in kept {
        writeln!(out, "kept {file}")?;
    }
    out.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

/// The manifest of the live site in `target`. A build killed after swapping its tree in and
/// before putting that tree's manifest in place (`.dist.manifest.new`, written before the
/// swap) has its last step done here, so that the site it made is still known as ours.
fn read_live_manifest(target: &Path) -> Option<Record> {
    let path = beside(target, "manifest");
    if let Some(record) = read_manifest(&path) {
        return Some(record);
    }
    let new = path.with_extension("manifest.new");
    let record = read_manifest(&new)?;
    if !path.exists() {
        let _ = std::fs::rename(&new, &path);
    }
    Some(record)
}

/// The manifest at `path`: `None` when it is missing or is not a manifest of ours; empty when
/// it is our marker of an unfinished tree (every page is then rendered).
fn read_manifest(path: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut record = Record {
        files: Manifest::with_capacity(text.len() / 80),
        kept: Kept::new(),
    };
    if text == UNFINISHED {
        return Some(record);
    }
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("kept ") {
            record.kept.insert(path.to_owned());
            continue;
        }
        let mut parts = line.splitn(5, ' ');
        let fingerprint = u64::from_str_radix(parts.next()?, 16).ok()?;
        let file = FileKey {
            size: parts.next()?.parse().ok()?,
            modified: parts.next()?.parse().ok()?,
            inode: parts.next()?.parse().ok()?,
        };
        record
            .files
            .insert(parts.next()?.to_owned(), Entry { fingerprint, file });
    }
    Some(record)
}

/// Every file (or link) below `target` that `ours` does not list. The folders are read in
/// parallel: a site has a folder per article.
fn find_foreign(target: &Path, ours: &Manifest) -> std::io::Result<Kept> {
    fn walk(dir: &Path, prefix: &str, ours: &Manifest) -> std::io::Result<Vec<String>> {
        let mut found = Vec::new();
        let mut folders = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                // Not a name this tool writes, nor one the manifest can record: say so.
                return Err(std::io::Error::other(format!(
                    "{} has a name that is not UTF-8: rename or move it",
                    entry.path().display()
                )));
            };
            let path = if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}/{name}")
            };
            if entry.file_type()?.is_dir() {
                folders.push((entry.path(), path));
            } else if !ours.contains_key(&path) {
                found.push(path);
            }
        }
        let below: Vec<Vec<String>> = folders
            .par_iter()
            .map(|(dir, path)| walk(dir, path, ours))
            .collect::<std::io::Result<_>>()?;
        found.extend(below.into_iter().flatten());
        Ok(found)
    }
    Ok(walk(target, "", ours)?.into_iter().collect())
}

/// Gives the owner full permission on the folder `dir` when it lacks it (a folder made
/// read-only by hand in the live site, which later became the work tree).
fn make_writable(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = std::fs::symlink_metadata(dir)?;
        let mode = meta.permissions().mode();
        if meta.is_dir() && mode & 0o700 != 0o700 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode | 0o700))?;
        }
    }
    Ok(())
}

/// `make_writable` on `dir` and every folder below it, so that the tree can be removed.
fn make_tree_writable(dir: &Path) -> std::io::Result<()> {
    make_writable(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            make_tree_writable(&entry.path())?;
        }
    }
    Ok(())
}

/// The live site's files (path, fingerprint, size) and the files kept there that this tool
/// did not write.
pub(crate) type LiveFiles = (Vec<(String, u64, u64)>, Vec<String>);

/// The files of the live site in `target` as its manifest records them (path, fingerprint,
/// size), sorted by path, and the files kept there that this tool did not write; `None` when
/// `target` has no manifest (no build made it).
pub(crate) fn live_files(target: &Path) -> Option<LiveFiles> {
    let record = read_live_manifest(target)?;
    let mut files: Vec<(String, u64, u64)> = record
        .files
        .into_iter()
        .map(|(path, entry)| (path, entry.fingerprint, entry.file.size))
        .collect();
    files.sort();
    let mut kept: Vec<String> = record.kept.into_iter().collect();
    kept.sort();
    Some((files, kept))
}

/// `folder/name`, or `name` alone for the working folder (as the user would type it, and as
/// messages then show it).
pub(crate) fn in_folder(folder: &Path, name: impl AsRef<Path>) -> PathBuf {
    if folder == Path::new(".") {
        name.as_ref().to_path_buf()
    } else {
        folder.join(name)
    }
}

/// Writes `bytes` to `path` whole or not at all: into a hidden file beside it, then renamed
/// over it. For the files of the user's that commands change (article and edition files,
/// `site.yaml`).
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A short suffix: a headline's file name may take 243 of a name's 255 bytes.
    let temporary = path.with_file_name(format!(".{name}.write-tmp"));
    std::fs::write(&temporary, bytes).map_err(Error::io("write", &temporary))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::io("write", path)(e)
    })
}

/// Writes a new file at `path`, its folder made if missing; a file that is there (or appears
/// meanwhile) is never written over: that is an error.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(Error::io("create", path))?;
    file.write_all(bytes).map_err(Error::io("write", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inode(meta: &std::fs::Metadata) -> u64 {
        FileKey::of(meta).inode
    }

    fn build(target: &Path, files: &[(&str, u64, &str)]) -> Vec<Outcome> {
        let output = Output::open(target).unwrap();
        let mut entries = Vec::new();
        let mut outcomes = Vec::new();
        for (path, fingerprint, text) in files {
            let (entry, outcome) = match output.reuse(path, *fingerprint).unwrap() {
                Some(reused) => reused,
                None => (
                    output.write(path, *fingerprint, text.as_bytes()).unwrap(),
                    Outcome::Written,
                ),
            };
            entries.push(((*path).to_owned(), entry));
            outcomes.push(outcome);
        }
        output.commit(&entries).unwrap();
        outcomes
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn the_last_builds_pages_are_its_html_files_by_their_paths() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        assert!(previous_pages(&target).is_empty());
        build(
            &target,
            &[
                ("index.html", 1, "home"),
                ("articles/x/index.html", 2, "x"),
                ("old/123.html", 3, "old"),
                ("atom.xml", 4, "feed"),
                ("static/style.css", 5, "css"),
            ],
        );
        assert_eq!(previous_pages(&target), ["", "articles/x/", "old/123.html"]);
        let output = Output::open(&target).unwrap();
        let mut live: Vec<&str> = output.previous_pages().collect();
        live.sort_unstable();
        assert_eq!(live, ["", "articles/x/", "old/123.html"]);
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        let files = [("index.html", 1, "home"), ("articles/a/index.html", 2, "a")];
        assert_eq!(build(&target, &files), [Outcome::Written, Outcome::Written]);
        let before = std::fs::metadata(target.join("articles/a/index.html")).unwrap();

        // Nothing changed: the live site already is the new one, and nothing is touched.
        assert_eq!(build(&target, &files), [Outcome::Linked, Outcome::Linked]);
        assert!(!beside(&target, "prev").exists());
        let after = std::fs::metadata(target.join("articles/a/index.html")).unwrap();
        assert_eq!(inode(&before), inode(&after));
        assert_eq!(before.modified().unwrap(), after.modified().unwrap());

        // One page changed: the other is linked into the new tree, keeping its inode and time.
        let changed = [
            ("index.html", 3, "new home"),
            ("articles/a/index.html", 2, "a"),
        ];
        assert_eq!(
            build(&target, &changed),
            [Outcome::Written, Outcome::Linked]
        );
        let after = std::fs::metadata(target.join("articles/a/index.html")).unwrap();
        assert_eq!(
            (inode(&before), before.modified().unwrap()),
            (inode(&after), after.modified().unwrap())
        );
        assert_eq!(read(&target.join("index.html")), "new home");
        // The next change finds that file in the work tree already: kept, not even linked.
        let again = [
            ("index.html", 4, "newer home"),
            ("articles/a/index.html", 2, "a"),
        ];
        assert_eq!(build(&target, &again), [Outcome::Written, Outcome::Kept]);
        assert_eq!(read(&target.join("articles/a/index.html")), "a");
        assert_eq!(read(&target.join("index.html")), "newer home");
    }

    #[test]
    fn changed_files_are_written_without_touching_the_live_copy() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        build(&target, &[("a.html", 1, "one")]);
        build(&target, &[("a.html", 1, "one")]);
        // The work tree now links the live file: writing must not go through the link.
        let output = Output::open(&target).unwrap();
        let entry = output.write("a.html", 2, b"two").unwrap();
        assert_eq!(read(&target.join("a.html")), "one");
        output.commit(&[("a.html".to_owned(), entry)]).unwrap();
        assert_eq!(read(&target.join("a.html")), "two");
    }

    #[test]
    fn removed_pages_disappear_with_their_folders() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        let both = [
            ("index.html", 1, "home"),
            ("articles/gone/index.html", 2, "gone"),
        ];
        build(&target, &both);
        build(&target, &both);
        build(&target, &both[..1]);
        assert!(!target.join("articles/gone").exists());
        build(&target, &both[..1]);
        assert!(!target.join("articles").exists());
    }

    #[test]
    fn a_build_killed_before_its_manifest_was_in_place_is_finished_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        build(&target, &[("a.html", 1, "one"), ("b.html", 1, "b")]);
        build(&target, &[("a.html", 2, "two"), ("b.html", 1, "b")]);
        // The state between the swap and the last rename of `commit`.
        let manifest = beside(&target, "manifest");
        std::fs::rename(&manifest, manifest.with_extension("manifest.new")).unwrap();
        let outcomes = build(&target, &[("a.html", 2, "two"), ("b.html", 1, "b")]);
        assert!(
            outcomes.iter().all(|o| *o != Outcome::Written),
            "{outcomes:?}"
        );
        assert!(manifest.is_file());
        assert_eq!(read(&target.join("a.html")), "two");
    }

    #[test]
    fn a_hand_edited_file_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        build(&target, &[("a.html", 1, "one")]);
        std::fs::write(target.join("a.html"), "edited by hand!").unwrap();
        assert_eq!(build(&target, &[("a.html", 1, "one")]), [Outcome::Written]);
        assert_eq!(read(&target.join("a.html")), "one");
    }

    #[test]
    fn an_abandoned_build_leaves_the_live_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        build(&target, &[("a.html", 1, "one")]);
        let output = Output::open(&target).unwrap();
        output.write("a.html", 2, b"two").unwrap();
        drop(output);
        assert_eq!(read(&target.join("a.html")), "one");
        // The next build does not trust the half-updated work tree.
        assert_eq!(build(&target, &[("a.html", 1, "one")]), [Outcome::Linked]);
        assert_eq!(read(&target.join("a.html")), "one");
    }
}
