//! The theme: the default one embedded in the binary, overlaid file by file by the site's own
//! `themes/<name>/`. Templates become one `Tera`; everything under `static/` is copied as is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::error::{Diagnostic, Error, Result};

/// `(path inside the theme, contents)` for every file of `themes/default`, written by build.rs.
const DEFAULT_THEME: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Every file of the embedded default theme: its path inside the theme, and its bytes.
pub fn embedded_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    DEFAULT_THEME.iter().copied()
}

/// A file's bytes and where they came from (shown in errors).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub shown: PathBuf,
    pub bytes: Vec<u8>,
}

/// The compiled templates and the static files to copy.
pub struct Theme {
    pub tera: Tera,
    /// Path below `static/` → file.
    pub static_files: BTreeMap<String, ThemeFile>,
    /// Template name → the file it came from, to name it in errors.
    pub template_paths: BTreeMap<String, PathBuf>,
    /// A hash of every template's text: part of every page's fingerprint.
    pub fingerprint: u64,
}

impl Theme {
    /// The embedded default, overlaid by `theme_dir`'s files when given.
    pub fn load(theme_dir: Option<&Path>, source: &Path) -> Result<Theme> {
        let mut files: BTreeMap<String, ThemeFile> = DEFAULT_THEME
            .iter()
            .map(|(path, bytes)| {
                let shown = PathBuf::from("(built-in) themes/default").join(path);
                (
                    (*path).to_owned(),
                    ThemeFile {
                        shown,
                        bytes: bytes.to_vec(),
                    },
                )
            })
            .collect();
        if let Some(dir) = theme_dir {
            let (own, problems) = crate::load::files_below(dir, source)?;
            if !problems.is_empty() {
                return Err(Error::content(problems));
            }
            for relative in own {
                let path = dir.join(&relative);
                let shown = path.strip_prefix(source).unwrap_or(&path).to_path_buf();
                let bytes = crate::load::read_file(&path, crate::load::MAX_STATIC_FILE)
                    .map_err(|e| e.into_error(&path, &shown))?;
                files.insert(relative, ThemeFile { shown, bytes });
            }
        }
        Self::from_files(files)
    }

    /// Compiles the templates among `files` (those under `templates/`); the ones under
    /// `static/` are kept to be copied.
    pub fn from_files(files: BTreeMap<String, ThemeFile>) -> Result<Theme> {
        let mut templates = Vec::new();
        let mut static_files = BTreeMap::new();
        let mut template_paths = BTreeMap::new();
        let mut problems = Vec::new();
        for (path, file) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(file.bytes) {
                    Ok(text) => {
                        template_paths.insert(name.to_owned(), file.shown);
                        templates.push((name.to_owned(), text));
                    }
                    Err(_) => problems.push(Diagnostic::new(
                        file.shown,
                        0,
                        0,
                        "not valid UTF-8: save the template as UTF-8",
                    )),
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.insert(name.to_owned(), file);
            }
        }
        if !problems.is_empty() {
            return Err(Error::content(problems));
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::hash::DefaultHasher::new();
            templates.hash(&mut hasher);
            hasher.finish()
        };
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // One template at a time, so that each syntax error is found and named.
        for (name, text) in &templates {
            let mut single = Tera::new();
            // Only syntax errors count here: a parent or include is not in `single`.
            if let Err(error) = single.add_raw_template(name, text)
                && matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
            {
                problems.push(template_diagnostic(&error, &template_paths));
            }
        }
        if problems.is_empty()
            && let Err(error) =
                tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            problems.push(template_diagnostic(&error, &template_paths));
        }
        if problems.is_empty() {
            Ok(Theme {
                tera,
                static_files,
                template_paths,
                fingerprint,
            })
        } else {
            Err(Error::content(problems))
        }
    }
}

/// A Tera error as `path:line:column: message`, with the whole chain of causes.
pub fn template_diagnostic(error: &tera::Error, paths: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let shown = |name: &str| {
        paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("template {name}")))
    };
    let mut message = String::new();
    let mut place = None;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = current {
        let text = match error.downcast_ref::<tera::Error>().map(tera::Error::kind) {
            Some(
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report),
            ) => {
                let span = report.span();
                place.get_or_insert((
                    report.filename().to_owned(),
                    span.start_line,
                    span.start_col + 1,
                ));
                report.message().to_owned()
            }
            _ => error.to_string(),
        };
        if !text.is_empty() && !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
        current = error.source();
    }
    match place {
        Some((name, line, column)) => Diagnostic::new(shown(&name), line, column, message),
        None => Diagnostic::new("(theme)", 0, 0, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(overrides: &[(&str, &str)]) -> Result<Theme> {
        let mut files: BTreeMap<String, ThemeFile> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| {
                (
                    (*p).to_owned(),
                    ThemeFile {
                        shown: PathBuf::from("default").join(p),
                        bytes: b.to_vec(),
                    },
                )
            })
            .collect();
        for (path, text) in overrides {
            files.insert(
                (*path).to_owned(),
                ThemeFile {
                    shown: PathBuf::from("themes/mine").join(path),
                    bytes: text.as_bytes().to_vec(),
                },
            );
        }
        Theme::from_files(files)
    }

    #[test]
    fn the_default_theme_compiles_and_has_every_page_template() {
        let theme = theme(&[]).unwrap();
        for name in [
            "base.html",
            "home.html",
            "article.html",
            "section.html",
            "sections.html",
            "author.html",
            "authors.html",
            "404.html",
        ] {
            assert!(
                theme.tera.get_template_names().any(|n| n == name),
                "{name} is missing"
            );
        }
        assert!(theme.static_files.contains_key("style.css"));
    }

    #[test]
    fn names_the_template_and_line_of_a_syntax_error() {
        let Err(Error::Content(problems)) = theme(&[(
            "templates/home.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ oops(\n{% endblock %}",
        )]) else {
            panic!("a broken template must fail");
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].path,
            PathBuf::from("themes/mine/templates/home.html")
        );
        assert!(problems[0].line >= 3, "{:?}", problems[0]);
    }
}
