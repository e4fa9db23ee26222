//! Finds the article files below `articles/` and reads them as UTF-8 text, in parallel.
//! Skips hidden files and editors' temporary and swap files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result, position_of};
use crate::markdown::BodyDigest;

pub const ARTICLES_DIR: &str = "articles";

/// The folder of edition files (see `edition`), beside `articles/`.
pub const EDITIONS_DIR: &str = "editions";

/// The largest article file (or `site.yaml`) read: a long commentary is some 30 kB, so a file
/// this big is not an article, and reading it whole would only use up memory.
pub const MAX_TEXT_FILE: u64 = 4 << 20;

/// The largest static or theme file read (the dev server holds every file in memory).
pub const MAX_STATIC_FILE: u64 = 256 << 20;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file once links are followed: a FIFO, a socket, a device or a folder,
    /// which could block the build for ever or give endless bytes.
    NotAFile(&'static str),
    /// Larger than the limit given.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl ReadError {
    /// What went wrong and what to do, for a message at the file's path.
    pub fn explain(&self) -> String {
        match self {
            ReadError::NotAFile(kind) => format!(
                "this is {kind}, not a regular file: broadsheet reads only regular files; \
                 replace it with the file itself"
            ),
            ReadError::TooLarge { size, limit } => format!(
                "this file is {:.1} MiB, over the {} MiB limit for such a file: split it, or \
                 check that it is the file you meant",
                *size as f64 / f64::from(1 << 20),
                limit >> 20
            ),
            ReadError::Io(e) => format!("cannot read: {e}"),
        }
    }

    /// The build's error: a problem at `shown` for what the user can fix (a FIFO, a file too
    /// large), an I/O failure at `path` for the rest.
    pub fn into_error(self, path: &Path, shown: &Path) -> Error {
        match self {
            ReadError::Io(e) => Error::io("read", path)(e),
            other => Error::content(vec![Diagnostic::new(shown, 0, 0, other.explain())]),
        }
    }
}

/// What kind of thing `meta` (links followed) describes, when it is not a regular file.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    if meta.is_dir() {
        return Some("a folder");
    }
    (!meta.is_file()).then_some("not a file")
}

/// Reads the regular file at `path` (links followed), up to `limit` bytes. Never blocks on a
/// FIFO or reads endlessly from a device: the file is opened without blocking (`O_NONBLOCK`:
/// opening a FIFO then returns at once) and looked at (the very file opened, whatever
/// replaced the name since) before a byte is read.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    // Where a FIFO cannot be opened without blocking, it must not be opened at all.
    #[cfg(not(target_os = "linux"))]
    if let Some(kind) = not_a_file(&std::fs::metadata(path).map_err(ReadError::Io)?) {
        return Err(ReadError::NotAFile(kind));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = not_a_file(&meta) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read stops at the limit too.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Where picture files may be: the site's folder as the system resolves it, and the folders
/// of pictures found inside it so far (most pictures share a few folders: each is resolved
/// once).
pub struct PictureFolders {
    site: Option<PathBuf>,
    inside: std::sync::Mutex<std::collections::HashMap<PathBuf, bool>>,
}

impl PictureFolders {
    pub fn of(source: &Path) -> PictureFolders {
        PictureFolders {
            site: std::fs::canonicalize(source).ok(),
            inside: Default::default(),
        }
    }

    /// Whether `path` (a regular file, or a link to one) is inside the site's folder once its
    /// links are followed.
    fn holds(&self, path: &Path, is_link: bool) -> bool {
        let Some(site) = &self.site else {
            return false;
        };
        if is_link {
            return std::fs::canonicalize(path).is_ok_and(|real| real.starts_with(site));
        }
        let Some(folder) = path.parent() else {
            return false;
        };
        let known = self
            .inside
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(folder)
            .copied();
        known.unwrap_or_else(|| {
            let inside = std::fs::canonicalize(folder).is_ok_and(|real| real.starts_with(site));
            self.inside
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(folder.to_path_buf(), inside);
            inside
        })
    }
}

/// The picture file `file` (below the site's folder `source`, as an article names it):
/// where it is, and its version (size, time, inode), or why it cannot be used. A link that
/// leads outside the site is refused, as in `static/`, and so is a file in a folder that does.
pub fn picture(
    source: &Path,
    file: &Path,
    folders: &PictureFolders,
) -> Result<(PathBuf, FileKey), String> {
    let path = source.join(file);
    let not_found = || {
        "there is no such file: check the name (upper and lower case count) and the folder"
            .to_owned()
    };
    let cannot = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => not_found(),
        _ => format!("cannot be read: {e}"),
    };
    let mut meta = std::fs::symlink_metadata(&path).map_err(cannot)?;
    let is_link = meta.file_type().is_symlink();
    if is_link {
        meta = std::fs::metadata(&path).map_err(cannot)?;
    }
    if let Some(kind) = not_a_file(&meta) {
        return Err(ReadError::NotAFile(kind).explain());
    }
    if !folders.holds(&path, is_link) {
        return Err("this is a link to a file outside the site's folder: copy the picture into the site instead".to_owned());
    }
    Ok((path, FileKey::of(&meta)))
}

/// What an earlier build learnt of an article file in the version `key` (its front matter and
/// what its body gave), if it knows that version: the build's cache, handed in by the caller.
pub type Remembered<'a> = dyn Fn(&Path, &FileKey) -> Option<(String, BodyDigest)> + Sync + 'a;

/// One article file's text, before parsing.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown in messages: relative to the site's folder (`articles/x.md`).
    pub shown: PathBuf,
    /// The file name without `.md`, the slug's fallback.
    pub stem: String,
    /// Identifies this version of the file.
    pub key: FileKey,
    /// The whole file; or, when the file is unchanged since the last build, only its front
    /// matter block, with what its body gave in `cached`.
    pub text: String,
    pub cached: Option<BodyDigest>,
}

/// An article file found below `articles/`.
#[derive(Debug)]
pub enum Loaded {
    File(SourceFile),
    /// A file the caller already knows in this version (with its key when it was looked at):
    /// not read.
    Unchanged {
        shown: PathBuf,
        key: Option<FileKey>,
    },
}

/// What tells one version of a file from another without reading it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileKey {
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub modified: i128,
    pub inode: u64,
}

impl FileKey {
    pub fn of(meta: &std::fs::Metadata) -> FileKey {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        FileKey {
            size: meta.len(),
            modified,
            inode: inode(meta),
        }
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// Reads article files again, by the path shown in messages (`articles/x.md`): the text of
/// their bodies for a build that did not keep them (see `validate::Reread`). `None` when the
/// file can no longer be read as UTF-8 text.
pub fn reread(source: &Path) -> impl Fn(&Path) -> Option<String> + Send + Sync + 'static {
    let source = source.to_path_buf();
    move |shown| {
        let bytes = read_file(&source.join(shown), MAX_TEXT_FILE).ok()?;
        String::from_utf8(bytes).ok()
    }
}

/// Reads every article below `<source>/articles`: the files read, and a problem for each file
/// that is not UTF-8 (at the line and column of its first bad byte), so that they can be
/// reported with every other problem of the build. Every file's text is held at once: for the
/// build, which parses each file as soon as it is read, `find_articles` and `article`.
/// Files that `remembered` knows in this version (the previous build's cache) are not read:
/// the front matter and body digest it gives stand in.
/// Files that `unchanged` vouches for are not read either (the dev server keeps the articles
/// it parsed): it is asked first with no key, when the caller knows the file did not change
/// without looking, and then with the file's key.
pub fn articles(
    source: &Path,
    remembered: &Remembered<'_>,
    unchanged: &Unchanged<'_>,
) -> Result<(Vec<Loaded>, Vec<Diagnostic>)> {
    let (paths, mut problems) = find_articles(source)?;
    let read: Vec<Result<Loaded, Diagnostic>> = paths
        .par_iter()
        .map(|path| article(source, path, remembered, unchanged))
        .collect();
    Ok((successes(read, &mut problems), problems))
}

/// The values of `results` in their order; each problem among them onto `problems`.
fn successes<T>(results: Vec<Result<T, Diagnostic>>, problems: &mut Vec<Diagnostic>) -> Vec<T> {
    let mut values = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(problem) => problems.push(problem),
        }
    }
    values
}

/// Tells whether the caller already knows the article file `shown` in this version (see
/// `articles`).
pub type Unchanged<'a> = dyn Fn(&Path, Option<&FileKey>) -> bool + Sync + 'a;

/// Every article file below `<source>/articles`, in a fixed order (read none of them yet),
/// and the problems of the walk (folder loops).
pub fn find_articles(source: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    let dir = source.join(ARTICLES_DIR);
    if !dir.is_dir() {
        return Err(Error::content(vec![Diagnostic::new(
            ARTICLES_DIR,
            0,
            0,
            format!(
                "no articles folder: create {}/ and put one .md file per article in it",
                dir.display()
            ),
        )]));
    }
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    let mut walk = Walk {
        site: source,
        open: vec![folder_id(&dir).map_err(Error::io("read the folder", &dir))?],
        problems: &mut problems,
    };
    find_ending(&dir, ".md", &mut walk, &mut paths)?;
    // By bytes: comparing `Path`s component by component is slower, and any fixed order will do.
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok((paths, problems))
}

/// Reads the article file at `path` (one of `find_articles`), unless `unchanged` or
/// `remembered` know it in this version (see `articles`); a problem when it is not a regular
/// file or not UTF-8 text.
pub fn article(
    source: &Path,
    path: &Path,
    remembered: &Remembered<'_>,
    unchanged: &Unchanged<'_>,
) -> Result<Loaded, Diagnostic> {
    let shown = path.strip_prefix(source).unwrap_or(path).to_path_buf();
    let cannot_read = |e: ReadError| Diagnostic::new(&shown, 0, 0, e.explain());
    // An article that is a folder (`articles/x/index.md`, with its pictures) takes the
    // folder's name.
    let named = match path.file_name() {
        Some(name)
            if name == "index.md" && path.parent() != Some(source.join(ARTICLES_DIR).as_path()) =>
        {
            path.parent()
        }
        _ => Some(path),
    };
    let stem = named
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if unchanged(&shown, None) {
        return Ok(Loaded::Unchanged { shown, key: None });
    }
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(ReadError::Io(e)))?;
    if let Some(kind) = not_a_file(&meta) {
        return Err(cannot_read(ReadError::NotAFile(kind)));
    }
    let key = FileKey::of(&meta);
    if unchanged(&shown, Some(&key)) {
        return Ok(Loaded::Unchanged {
            shown,
            key: Some(key),
        });
    }
    if let Some((front_matter, body)) = remembered(&shown, &key) {
        let text = format!("---\n{front_matter}---\n");
        return Ok(Loaded::File(SourceFile {
            shown,
            stem,
            key,
            text,
            cached: Some(body),
        }));
    }
    let bytes = read_file(path, MAX_TEXT_FILE).map_err(cannot_read)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Loaded::File(SourceFile {
            shown,
            stem,
            key,
            text,
            cached: None,
        })),
        Err(e) => {
            let (line, column) = position_of(e.as_bytes(), e.utf8_error().valid_up_to());
            Err(Diagnostic::new(
                shown,
                line,
                column,
                "not valid UTF-8 text here: save the file as UTF-8",
            ))
        }
    }
}

/// One edition file's text, before parsing.
#[derive(Debug)]
pub struct EditionText {
    /// As shown in messages: `editions/2026-03-27.yaml`.
    pub shown: PathBuf,
    pub text: String,
}

/// Reads every edition file (`.yaml`) below `editions/`, when the site has that folder. They
/// are small (a few hundred bytes) and are read in every build: 11,000 of them, thirty years
/// of a daily, take some 0.1 s. A `.yml` file there is a problem, not left out unseen.
pub fn editions(source: &Path) -> Result<(Vec<EditionText>, Vec<Diagnostic>)> {
    let dir = source.join(EDITIONS_DIR);
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return Ok((Vec::new(), problems));
    }
    let mut paths = Vec::new();
    let mut others = Vec::new();
    let mut walk = Walk {
        site: source,
        open: vec![folder_id(&dir).map_err(Error::io("read the folder", &dir))?],
        problems: &mut problems,
    };
    find_ending(&dir, ".yaml", &mut walk, &mut paths)?;
    find_ending(&dir, ".yml", &mut walk, &mut others)?;
    for path in others {
        let shown = path.strip_prefix(source).unwrap_or(&path);
        problems.push(Diagnostic::new(
            shown,
            0,
            0,
            "edition files end in .yaml: rename this one, or it is not read",
        ));
    }
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    let read: Vec<Result<EditionText, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let shown = path.strip_prefix(source).unwrap_or(path).to_path_buf();
            let bytes = read_file(path, MAX_TEXT_FILE)
                .map_err(|e| Diagnostic::new(&shown, 0, 0, e.explain()))?;
            String::from_utf8(bytes)
                .map(|text| EditionText {
                    shown: shown.clone(),
                    text,
                })
                .map_err(|e| {
                    let (line, column) = position_of(e.as_bytes(), e.utf8_error().valid_up_to());
                    Diagnostic::new(
                        &shown,
                        line,
                        column,
                        "not valid UTF-8 text here: save the file as UTF-8",
                    )
                })
        })
        .collect();
    Ok((successes(read, &mut problems), problems))
}

/// The folders being walked (from the top down to the current one), so that a link that
/// leads back into one of them is reported as a loop instead of walked for ever.
struct Walk<'a> {
    /// The site's folder, for the paths shown in messages.
    site: &'a Path,
    open: Vec<(u64, u64)>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    /// Enters the folder at `path` (a link to one, or one); `false` when it is one of the
    /// folders being walked already, which is reported.
    fn enter(&mut self, path: &Path) -> Result<bool> {
        let id = folder_id(path).map_err(Error::io("read the folder", path))?;
        if self.open.contains(&id) {
            let shown = path.strip_prefix(self.site).unwrap_or(path);
            self.problems.push(Diagnostic::new(
                shown,
                0,
                0,
                "this link leads back to a folder it is in (a loop of folder links): \
                 remove the link, or make it lead elsewhere",
            ));
            return Ok(false);
        }
        self.open.push(id);
        Ok(true)
    }
}

/// The device and inode of the folder at `path`, links followed.
fn folder_id(path: &Path) -> std::io::Result<(u64, u64)> {
    let meta = std::fs::metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Ok((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Ok((0, 0))
    }
}

/// Every file below `dir` whose name ends in `ending` (`.md`), leaving out what editors and
/// tools leave behind.
fn find_ending(
    dir: &Path,
    ending: &str,
    walk: &mut Walk<'_>,
    found: &mut Vec<PathBuf>,
) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(Error::io("read the folder", dir))? {
        let entry = entry.map_err(Error::io("read the folder", dir))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_ignored(&name) {
            continue;
        }
        let path = entry.path();
        // The type comes with the folder listing; only a link costs a look at its target, so
        // that a linked-in folder of articles counts.
        let (is_dir, is_link) = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => (path.is_dir(), true),
            Ok(kind) => (kind.is_dir(), false),
            Err(_) => (path.is_dir(), false),
        };
        if is_dir {
            // Only a link can lead back up; a plain folder needs no look.
            if is_link {
                if !walk.enter(&path)? {
                    continue;
                }
                find_ending(&path, ending, walk, found)?;
                walk.open.pop();
            } else {
                find_ending(&path, ending, walk, found)?;
            }
        } else if name.ends_with(ending) {
            found.push(path);
        }
    }
    Ok(())
}

/// Every file below `dir`, as `/`-separated paths relative to it, for copying into the site
/// (static files, a theme's files). Hidden and editors' files are skipped. A link that leads
/// outside the site's folder `site` is a problem, not followed: what the site publishes must
/// be in its folder.
pub fn files_below(dir: &Path, site: &Path) -> Result<(Vec<String>, Vec<Diagnostic>)> {
    let canonical = std::fs::canonicalize(site).map_err(Error::io("read the folder", site))?;
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut walk = Walk {
        site,
        open: vec![folder_id(dir).map_err(Error::io("read the folder", dir))?],
        problems: &mut problems,
    };
    collect_files(dir, dir, &canonical, &mut walk, &mut found)?;
    found.sort_unstable();
    Ok((found, problems))
}

/// `canonical` is the site's folder resolved, for the check that links stay inside it.
fn collect_files(
    base: &Path,
    dir: &Path,
    canonical: &Path,
    walk: &mut Walk<'_>,
    found: &mut Vec<String>,
) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(Error::io("read the folder", dir))? {
        let entry = entry.map_err(Error::io("read the folder", dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        let path = entry.path();
        let shown = path.strip_prefix(walk.site).unwrap_or(&path).to_path_buf();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link
            && !std::fs::canonicalize(&path).is_ok_and(|target| target.starts_with(canonical))
        {
            walk.problems.push(Diagnostic::new(
                shown,
                0,
                0,
                "links outside the site's folder (or nowhere): copy the file into the site instead",
            ));
            continue;
        }
        let meta = std::fs::metadata(&path).map_err(Error::io("read", &path))?;
        if meta.is_dir() {
            if is_link && !walk.enter(&path)? {
                continue;
            }
            collect_files(base, &path, canonical, walk, found)?;
            if is_link {
                walk.open.pop();
            }
        } else if let Some(kind) = not_a_file(&meta) {
            walk.problems.push(Diagnostic::new(
                shown,
                0,
                0,
                ReadError::NotAFile(kind).explain(),
            ));
        } else if let Ok(relative) = path.strip_prefix(base) {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}

/// Hidden files, and editors' backup, swap and lock files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for name in [
            ".x.md.swp",
            "x.md~",
            "#x.md#",
            ".#x.md",
            "4913",
            ".hidden.md",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("以价值创造为社会工作添彩.md"));
    }
}
