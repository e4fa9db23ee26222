//! Finds the article files below `articles/` and reads them as UTF-8 text, in parallel.
//! Skips hidden files and editors' temporary and swap files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};

pub const ARTICLES_DIR: &str = "articles";

/// One article file's text, before parsing.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown in messages: relative to the site's folder (`articles/x.md`).
    pub shown: PathBuf,
    /// The file name without `.md`, the slug's fallback.
    pub stem: String,
    pub text: String,
}

/// Reads every article below `<source>/articles`: the files read, and a problem for each file
/// that is not UTF-8 (at the line and column of its first bad byte), so that they can be
/// reported with every other problem of the build.
pub fn articles(source: &Path) -> Result<(Vec<SourceFile>, Vec<Diagnostic>)> {
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
    paths.sort();

    let read: Vec<Result<SourceFile, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let shown = path.strip_prefix(source).unwrap_or(path).to_path_buf();
            let bytes = std::fs::read(path)
                .map_err(|e| Diagnostic::new(&shown, 0, 0, format!("cannot read: {e}")))?;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match String::from_utf8(bytes) {
                Ok(text) => Ok(SourceFile { shown, stem, text }),
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
        // Follows links, so that a linked-in folder of articles counts.
        if path.is_dir() {
            find_markdown(&path, found)?;
        } else if name.ends_with(".md") {
            found.push(path);
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
