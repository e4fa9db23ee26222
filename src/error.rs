//! The library's error type: every problem a build can meet, each with a place when it has one.

use std::fmt;
use std::path::PathBuf;

/// One problem in one input file, at a line and column (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to the site's folder where possible).
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl Diagnostic {
    /// Where it is: `path`, `path:line` or `path:line:column`, as much as is known.
    pub fn place(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.path.display().to_string(),
            (line, 0) => format!("{}:{line}", self.path.display()),
            (line, column) => format!("{}:{line}:{column}", self.path.display()),
        }
    }
}

/// `place: message`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's content or theme has problems; all of them are listed, sorted by file and line.
    #[error("{} problem{} found", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Content(Vec<Diagnostic>),
    /// The file system refused something that is not the content's fault.
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }

    /// The error as a person reads it: each problem of the content on a line of its own, or
    /// the error followed by its whole `source()` chain (Tera keeps its detail there).
    pub fn describe(&self) -> String {
        match self {
            Error::Content(problems) => problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            other => {
                let mut text = other.to_string();
                let mut source = std::error::Error::source(other);
                while let Some(cause) = source {
                    text.push_str(": ");
                    text.push_str(&cause.to_string());
                    source = cause.source();
                }
                text
            }
        }
    }

    /// Collects diagnostics into one error, sorted so that output is stable.
    pub fn content(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Error::Content(diagnostics)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The 1-based line and column of the byte at `offset` in `bytes`, for a [`Diagnostic`]:
/// `\r\n`, a lone `\r` and `\n` each end a line; columns count characters.
pub fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in before.iter().enumerate() {
        // `\r\n` is one break: its `\n` is counted, its `\r` is not.
        let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
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
    fn positions_count_characters_and_every_kind_of_line_end() {
        let text = "---\n标题: x\u{0}".as_bytes();
        assert_eq!(position_of(text, 4), (2, 1));
        assert_eq!(position_of(text, 4 + 6), (2, 3));
        for breaks in ["\n", "\r", "\r\n"] {
            let text = format!("一{breaks}二{breaks}三");
            let at = text.find('三').unwrap();
            assert_eq!(position_of(text.as_bytes(), at), (3, 1), "{breaks:?}");
        }
    }
}
