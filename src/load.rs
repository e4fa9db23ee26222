//! Finds the article files below `articles/` and reads them as UTF-8 text, in parallel.
//! Skips hidden files and editors' temporary and swap files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cache::{BodyDigest, SourceCache};
use crate::error::{Diagnostic, Error, Result};

pub const ARTICLES_DIR: &str = "articles";

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

/// Reads every article below `<source>/articles`: the files read, and a problem for each file
/// that is not UTF-8 (at the line and column of its first bad byte), so that they can be
/// reported with every other problem of the build.
/// Files that `cache` knows unchanged are not read: their cached front matter stands in.
/// Files that `unchanged` vouches for are not read either (the dev server keeps the articles
/// it parsed): it is asked first with no key, when the caller knows the file did not change
/// without looking, and then with the file's key.
pub fn articles(
    source: &Path,
    cache: &SourceCache,
    unchanged: &(dyn Fn(&Path, Option<&FileKey>) -> bool + Sync),
) -> Result<(Vec<Loaded>, Vec<Diagnostic>)> {
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
    find_markdown(&dir, &mut paths)?;
    // By bytes: comparing `Path`s component by component is slower, and any fixed order will do.
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));

    let read: Vec<Result<Loaded, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let shown = path.strip_prefix(source).unwrap_or(path).to_path_buf();
            let cannot_read =
                |e: std::io::Error| Diagnostic::new(&shown, 0, 0, format!("cannot read: {e}"));
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if unchanged(&shown, None) {
                return Ok(Loaded::Unchanged { shown, key: None });
            }
            let key = FileKey::of(&std::fs::metadata(path).map_err(cannot_read)?);
            if unchanged(&shown, Some(&key)) {
                return Ok(Loaded::Unchanged {
                    shown,
                    key: Some(key),
                });
            }
            if let Some(entry) = cache.get(&shown, &key) {
                let text = format!("---\n{}---\n", entry.front_matter);
                return Ok(Loaded::File(SourceFile {
                    shown,
                    stem,
                    key,
                    text,
                    cached: Some(entry.body.clone()),
                }));
            }
            let bytes = std::fs::read(path).map_err(cannot_read)?;
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
        })
        .collect();

    let mut files = Vec::with_capacity(read.len());
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    Ok((files, problems))
}

/// Every `.md` file below `dir`, leaving out what editors and tools leave behind.
fn find_markdown(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
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
        let is_dir = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => path.is_dir(),
            Ok(kind) => kind.is_dir(),
            Err(_) => path.is_dir(),
        };
        if is_dir {
            find_markdown(&path, found)?;
        } else if name.ends_with(".md") {
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
    collect_files(dir, dir, (site, &canonical), &mut found, &mut problems)?;
    found.sort_unstable();
    Ok((found, problems))
}

/// `site` is the site's folder as given (for messages) and as resolved (for the check).
fn collect_files(
    base: &Path,
    dir: &Path,
    site: (&Path, &Path),
    found: &mut Vec<String>,
    problems: &mut Vec<Diagnostic>,
) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(Error::io("read the folder", dir))? {
        let entry = entry.map_err(Error::io("read the folder", dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link && !std::fs::canonicalize(&path).is_ok_and(|target| target.starts_with(site.1)) {
            let shown = path.strip_prefix(site.0).unwrap_or(&path);
            problems.push(Diagnostic::new(
                shown,
                0,
                0,
                "links outside the site's folder (or nowhere): copy the file into the site instead",
            ));
            continue;
        }
        if path.is_dir() {
            collect_files(base, &path, site, found, problems)?;
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

/// The 1-based line and column (in characters) of byte `offset` in `bytes`.
pub fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
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

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "---\n标题: x\u{0}".as_bytes();
        assert_eq!(position_of(text, 4), (2, 1));
        assert_eq!(position_of(text, 4 + 6), (2, 3));
    }
}
