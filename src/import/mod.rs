//! `broadsheet import`: the raw text of one printed page in, one article file per article out.
//!
//! [`parse`] reads text and touches no file: it finds the articles (headline, byline, column
//! label, pull quote, text, affiliation, note), joins the sentences the layout cut in two, and
//! reads the page's credits, reporting every guess that could be wrong as a warning naming
//! its line, and every line that fits no article as an error. [`run`] is the thin layer around
//! it that reads the page, refuses to overwrite files or to drop text, and writes the articles
//! (and, when asked, the credits into `site.yaml`).

mod body;
mod line;
mod parse;
mod text;
mod write;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use text::normalize_punctuation;
pub use write::SettingChange;

use crate::config::{CONFIG_FILE, Config};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};

/// What a page holds.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// In the order they stand on the page.
    pub articles: Vec<Article>,
    pub credits: Credits,
    /// Guesses that could be wrong, each at its line of the page.
    pub warnings: Vec<Diagnostic>,
    /// Text that fits no article, at its lines: the page is not imported (nothing of its text
    /// may be dropped).
    pub errors: Vec<Diagnostic>,
}

/// One article as found on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    /// The page's line that holds the headline.
    pub title_line: usize,
    /// The byline's names; empty when the page gives none (a warning says so).
    pub authors: Vec<String>,
    /// The column label printed above the headline, if any.
    pub label: Option<String>,
    /// The column label, else the page's name.
    pub section: Option<String>,
    /// The pull quote, without its 【】.
    pub summary: Option<String>,
    /// From `(作者单位:…)`.
    pub affiliation: Option<String>,
    /// From `【本文系…】`, without its 【】.
    pub note: Option<String>,
    pub body: Vec<Block>,
}

/// A piece of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A numbered heading: level 2 for 一、…, 3 for (一)…, 4 for 1.…
    Heading { level: u8, text: String },
    /// One paragraph, its lines joined again.
    Paragraph(String),
}

impl Article {
    /// The number of paragraphs of text (headings not counted).
    pub fn paragraphs(&self) -> usize {
        self.body
            .iter()
            .filter(|b| matches!(b, Block::Paragraph(_)))
            .count()
    }

    /// The article's file name without `.md`: its headline, as the files in `articles/` are
    /// named.
    pub fn file_stem(&self) -> String {
        write::file_stem(&self.title)
    }

    /// The text of the article's file: front matter in the order and format of `articles/*.md`,
    /// then the Markdown body. `date` (`YYYY-MM-DD`) is written only when given.
    pub fn file_text(&self, date: Option<&str>) -> String {
        write::article_file(self, date)
    }
}

/// The page's credits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credits {
    /// The page's own name (版名), such as 评论.
    pub page_name: Option<String>,
    pub page_name_line: Option<usize>,
    /// 责任编辑, in the order printed.
    pub editors: Vec<String>,
    /// How each 责任编辑 line was read into names.
    pub editors_read: Vec<EditorsReading>,
    /// 投稿邮箱.
    pub submission_email: Option<String>,
    /// Other credits (美编, 校对…), as label and value.
    pub other: Vec<(String, String)>,
    /// The page's lines that hold credits (the page name's not included).
    pub lines: Vec<usize>,
}

impl Credits {
    /// Whether the credits hold anything that `--write-site-yaml` writes (the page's name, its
    /// editors, the submission address).
    pub fn has_site_settings(&self) -> bool {
        !write::credit_settings(self).is_empty()
    }
}

/// A 责任编辑 line as printed, and how its spaces were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorsReading {
    pub line: usize,
    pub printed: String,
    pub decisions: Vec<String>,
}

/// Finds the articles and credits in the text of a page. `path` is used in messages only.
/// Every line of text goes into an article, or into `errors`: nothing is dropped.
pub fn parse(path: &Path, text: &str) -> Page {
    parse::parse(path, text)
}

impl Page {
    /// Applies [`normalize_punctuation`] to every text of every article (not to names).
    pub fn normalize_punctuation(&mut self) {
        for article in &mut self.articles {
            let fix = |text: &mut String| *text = normalize_punctuation(text);
            fix(&mut article.title);
            for text in [
                &mut article.summary,
                &mut article.affiliation,
                &mut article.note,
            ]
            .into_iter()
            .flatten()
            {
                fix(text);
            }
            for block in &mut article.body {
                match block {
                    Block::Heading { text, .. } | Block::Paragraph(text) => fix(text),
                }
            }
        }
    }
}

/// Reads a page as UTF-8 text; an invalid byte is reported at its line and column (lines ended
/// by `\r\n`, `\r` or `\n`, as [`parse`] counts them).
pub fn read_page(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(Error::io("read", path))?;
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let (line, column) = text::position_of(bytes, offset);
        Error::content(vec![Diagnostic::new(
            path,
            line,
            column,
            format!(
                "not valid UTF-8 (byte 0x{:02X}): save the page as UTF-8 text",
                bytes[offset]
            ),
        )])
    })
}

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The page's text file.
    pub page: PathBuf,
    /// The folder the article files go into (`articles/`).
    pub into: PathBuf,
    /// `date:` for every article (`YYYY-MM-DD`); none when not given.
    pub date: Option<String>,
    /// Report what would be written, and write nothing.
    pub dry_run: bool,
    /// Overwrite existing files (and replace credits already in `site.yaml`).
    pub force: bool,
    /// Make half-width punctuation in Chinese text full-width.
    pub normalize_punctuation: bool,
    /// Write the page's name and credits into the `site.yaml` beside the `into` folder.
    pub write_site_yaml: bool,
}

/// One article file to write.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub path: PathBuf,
    /// Which of `page.articles`.
    pub article: usize,
    /// The file was there before.
    pub existed: bool,
}

/// What `--write-site-yaml` does to `site.yaml`.
#[derive(Debug, Clone)]
pub struct SiteYamlPlan {
    pub path: PathBuf,
    pub changes: Vec<(&'static str, SettingChange)>,
    /// The whole new text.
    pub text: String,
}

/// What an import found and did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The page, as the user named it.
    pub page_path: PathBuf,
    pub page: Page,
    pub into: PathBuf,
    pub files: Vec<PlannedFile>,
    pub site_yaml: Option<SiteYamlPlan>,
    /// Why nothing was written (existing files, no articles, settings in the way); empty when
    /// the import went through.
    pub problems: Vec<Diagnostic>,
    pub dry_run: bool,
    /// Whether `--write-site-yaml` was given.
    pub site_yaml_asked: bool,
    /// Whether files were written.
    pub written: bool,
}

/// The settings `--write-site-yaml` touches, as `site.yaml` has them now.
#[derive(Debug, Default, Deserialize)]
struct CurrentCredits {
    default_section: Option<String>,
    editors: Option<Vec<String>>,
    submission_email: Option<String>,
}

/// Reads the page, finds its articles, and writes one file per article into `options.into`,
/// unless a file is in the way or a line of the page fits no article (then nothing is written,
/// and `problems` lists every one) or this is a dry run. Errors are failures to read or write,
/// and a page that is not UTF-8.
pub fn run(options: &ImportOptions) -> Result<Report> {
    let text = read_page(&options.page)?;
    let mut page = parse(&options.page, &text);
    if options.normalize_punctuation {
        page.normalize_punctuation();
    }
    let mut problems = Vec::new();
    if let Some(date) = &options.date
        && let Err(message) = Date::parse(date)
    {
        problems.push(Diagnostic::new("--date", 0, 0, message));
    }
    if page.articles.is_empty() {
        problems.push(Diagnostic::new(
            &options.page,
            0,
            0,
            "no article found: an article starts with its headline on a line of its own and the author's name alone on the line after it",
        ));
    }
    // Text that fits no article stops the import: nothing of it may be dropped.
    problems.extend(page.errors.iter().cloned());

    // One file per article, named by its headline; two equal headlines get -2, -3….
    let mut files: Vec<PlannedFile> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (i, article) in page.articles.iter().enumerate() {
        let stem = article.file_stem();
        let mut name = format!("{stem}.md");
        let mut n = 1;
        while !taken.insert(name.clone()) {
            n += 1;
            name = format!("{stem}-{n}.md");
        }
        if n > 1 {
            page.warnings.push(Diagnostic::new(
                &options.page,
                article.title_line,
                0,
                format!(
                    "a second article with the headline 「{}」: written as {name}",
                    article.title
                ),
            ));
        }
        let path = options.into.join(&name);
        let existed = path.symlink_metadata().is_ok();
        if existed && !options.force {
            problems.push(Diagnostic::new(
                &path,
                0,
                0,
                "already exists: pass --force to overwrite it",
            ));
        }
        files.push(PlannedFile {
            path,
            article: i,
            existed,
        });
    }

    let site_yaml = if options.write_site_yaml {
        plan_site_yaml(options, &page.credits, &mut problems)?
    } else {
        None
    };

    let mut report = Report {
        page_path: options.page.clone(),
        page,
        into: options.into.clone(),
        files,
        site_yaml,
        problems,
        dry_run: options.dry_run,
        site_yaml_asked: options.write_site_yaml,
        written: false,
    };
    if !report.problems.is_empty() || options.dry_run {
        return Ok(report);
    }

    std::fs::create_dir_all(&options.into).map_err(Error::io("create", &options.into))?;
    for file in &report.files {
        let article = &report.page.articles[file.article];
        write_file(&file.path, &article.file_text(options.date.as_deref()))?;
    }
    if let Some(plan) = &report.site_yaml
        && plan.changes.iter().any(|(_, change)| {
            matches!(
                change,
                SettingChange::Added | SettingChange::Replaced { .. }
            )
        })
    {
        write_file(&plan.path, &plan.text)?;
    }
    report.written = true;
    Ok(report)
}

/// The folder that holds `site.yaml`: the one above the articles' folder.
fn site_folder(into: &Path) -> PathBuf {
    match into.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What `--write-site-yaml` would make of `site.yaml`; problems when a setting is in the way
/// (without `--force`) or the result would not be a valid `site.yaml`.
fn plan_site_yaml(
    options: &ImportOptions,
    credits: &Credits,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<SiteYamlPlan>> {
    let folder = site_folder(&options.into);
    let path = if folder == Path::new(".") {
        PathBuf::from(CONFIG_FILE)
    } else {
        folder.join(CONFIG_FILE)
    };
    let settings = write::credit_settings(credits);
    if settings.is_empty() {
        return Ok(None);
    }
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("read", &path)(e)),
    };
    let current: CurrentCredits = match crate::front_matter::parse_yaml(&path, &existing, 1, &[]) {
        Ok(current) => current,
        Err(diagnostic) => {
            problems.push(diagnostic);
            return Ok(None);
        }
    };
    let holds = |key: &str| match key {
        "default_section" => {
            current.default_section.is_some() && current.default_section == credits.page_name
        }
        "editors" => current.editors.as_ref() == Some(&credits.editors),
        "submission_email" => {
            current.submission_email.is_some()
                && current.submission_email == credits.submission_email
        }
        _ => false,
    };
    let (text, changes) = write::merge_settings(&existing, &settings, options.force, &holds);
    for (key, change) in &changes {
        if let SettingChange::Kept { line, was } = change {
            let new = settings
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default();
            problems.push(Diagnostic::new(
                &path,
                *line,
                0,
                format!(
                    "`{}` already holds another value; the page says `{key}: {new}`: pass --force to replace it",
                    was.lines().next().unwrap_or(key)
                ),
            ));
        }
    }
    if let Err(diagnostic) = Config::parse(&folder, &path, &text) {
        problems.push(Diagnostic::new(
            &path,
            diagnostic.line,
            diagnostic.column,
            format!(
                "with the credits merged in, site.yaml would not be valid ({}): fix it by hand",
                diagnostic.message
            ),
        ));
    }
    Ok(Some(SiteYamlPlan {
        path,
        changes,
        text,
    }))
}

/// Writes `text` to `path` whole or not at all: into a hidden file beside it, then renamed.
fn write_file(path: &Path, text: &str) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.import-tmp"));
    std::fs::write(&temporary, text).map_err(Error::io("write", &temporary))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::io("write", path)(e)
    })
}
