//! `broadsheet import`: the raw text of printed pages in; one article file per article, and
//! each day's pages in that day's edition file (`editions/2026-03-27.yaml`), out.
//!
//! [`parse`] reads text and touches no file: it finds the articles (headline, byline, column
//! label, pull quote, text, affiliation, note), joins the sentences the layout cut in two, and
//! reads the page's credits, reporting every guess that could be wrong as a warning naming
//! its line, and every line that fits no article as an error. [`run`] is the thin layer around
//! it that reads the pages, dates them (`--date`, or the file name: `file_name.rs`), refuses to
//! overwrite files, to drop text or to put a page into its edition twice, and writes the
//! articles, the edition files (`edition_file.rs`: an existing one keeps every line) and, when
//! asked, the credits into `site.yaml`.

mod body;
mod edition_file;
mod file_name;
mod line;
mod parse;
mod text;
mod write;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use edition_file::describe_page;
pub use text::{full_width, normalize_punctuation};
pub use write::SettingChange;
pub(crate) use write::yaml_scalar;

use edition_file::{EditionText, Entry};

use crate::config::{CONFIG_FILE, Config};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};
use crate::output::{in_folder, write_whole};

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
    /// The role printed with the names in the byline (`本报记者`), if any: the affiliation,
    /// when the article's tail gives none.
    pub role: Option<String>,
    /// The column label printed above the headline, if any.
    pub label: Option<String>,
    /// The column label (the article's own or its box's), else the page's name.
    pub section: Option<String>,
    /// The 引题 printed above the headline.
    pub kicker: Option<String>,
    /// The 副题 printed under the headline, with its dash (`——从一份调查说起`).
    pub subtitle: Option<String>,
    /// The pull quote, without its 【】.
    pub summary: Option<String>,
    /// The 导语 under the byline, without its label.
    pub standfirst: Option<String>,
    /// From `(作者单位:…)`, `（作者系…）`, `（作者为…）`, or the byline's role.
    pub affiliation: Option<String>,
    /// From `（摘编自《…》）`, `（来源：…）`: the inside of the brackets, as printed.
    pub source: Option<String>,
    /// From `【本文系…】`, `（本系列完）` or an editor's note under the byline, without the
    /// brackets.
    pub note: Option<String>,
    /// The banner and editor's note of the box this article opens, which go into its `note:`
    /// before its own.
    pub box_note: Option<String>,
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
    /// then the Markdown body.
    pub fn file_text(&self) -> String {
        write::article_file(self)
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
    /// 美编 (美术编辑, 版式设计), in the order printed.
    pub designers: Vec<String>,
    /// 校对, in the order printed.
    pub proofreaders: Vec<String>,
    /// 图片编辑, in the order printed.
    pub picture_editors: Vec<String>,
    /// The page's number as its header prints it (`第5版`), and the header's line.
    pub number: Option<(u32, usize)>,
    /// The date as the page's header prints it (`2025年4月1日 星期二`, as `2025-04-01`), and
    /// the header's line.
    pub date: Option<(String, usize)>,
    /// How each line of names (责任编辑, 美编, 校对) was read.
    pub names_read: Vec<NamesReading>,
    /// 投稿邮箱.
    pub submission_email: Option<String>,
    /// The page's lines that hold credits (the page name's not included).
    pub lines: Vec<usize>,
}

impl Credits {
    /// The names credited in `role`.
    pub fn names(&self, role: CreditRole) -> &[String] {
        match role {
            CreditRole::Editors => &self.editors,
            CreditRole::Designers => &self.designers,
            CreditRole::Proofreaders => &self.proofreaders,
            CreditRole::PictureEditors => &self.picture_editors,
        }
    }

    fn names_mut(&mut self, role: CreditRole) -> &mut Vec<String> {
        match role {
            CreditRole::Editors => &mut self.editors,
            CreditRole::Designers => &mut self.designers,
            CreditRole::Proofreaders => &mut self.proofreaders,
            CreditRole::PictureEditors => &mut self.picture_editors,
        }
    }
}

/// What a line of names in the credits credits them with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditRole {
    /// 责任编辑 (责编, 本版编辑).
    Editors,
    /// 美编 (美术编辑, 版式设计).
    Designers,
    /// 校对.
    Proofreaders,
    /// 图片编辑.
    PictureEditors,
}

/// A line of names in the credits as printed, and how its spaces were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamesReading {
    pub line: usize,
    pub role: CreditRole,
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
                &mut article.kicker,
                &mut article.subtitle,
                &mut article.summary,
                &mut article.standfirst,
                &mut article.affiliation,
                &mut article.source,
                &mut article.note,
                &mut article.box_note,
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
    read_text(path, "save the page as UTF-8 text")
}

/// Reads `path` as UTF-8 text; an invalid byte is an error at its line and column, `advice`
/// saying what to do.
fn read_text(path: &Path, advice: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(Error::io("read", path))?;
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let (line, column) = text::position_of(bytes, offset);
        Error::content(vec![Diagnostic::new(
            path,
            line,
            column,
            format!("not valid UTF-8 (byte 0x{:02X}): {advice}", bytes[offset]),
        )])
    })
}

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The pages' text files, in the order given.
    pub pages: Vec<PathBuf>,
    /// The folder the article files go into: the site's `articles/`, or a folder inside it.
    pub into: PathBuf,
    /// The date of every page's edition (`YYYY-MM-DD`); when not given, each page's file name
    /// may give it (`2026-03-27.txt`, `2026-03-27-05.txt`).
    pub date: Option<String>,
    /// The page's number (版次), for one page; when not given, its file name may give it.
    pub page_number: Option<u32>,
    /// Report what would be written, and write nothing.
    pub dry_run: bool,
    /// Overwrite existing article files, put a page in place of the same page in its edition
    /// file, and replace credits already in `site.yaml`.
    pub force: bool,
    /// Make half-width punctuation in Chinese text full-width.
    pub normalize_punctuation: bool,
    /// Write the page's name and credits into `site.yaml`, as the site's defaults.
    pub write_site_yaml: bool,
}

/// One page of the import, as read and dated.
#[derive(Debug, Clone)]
pub struct ImportedPage {
    /// The page's file, as the user named it.
    pub path: PathBuf,
    pub page: Page,
    /// The date of its edition (`YYYY-MM-DD`), from `--date` or the file name.
    pub date: Option<String>,
    /// Its page number, from `--page` or the file name; never guessed.
    pub number: Option<u32>,
}

impl ImportedPage {
    /// `page 5 评论`, `page 评论`…: the page as messages name it.
    pub fn describe(&self) -> String {
        describe_page(self.number, self.page.credits.page_name.as_deref())
    }
}

/// One article file to write.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub path: PathBuf,
    /// Which of the report's `pages`.
    pub page: usize,
    /// Which of that page's articles.
    pub article: usize,
    /// The file was there before.
    pub existed: bool,
}

/// One edition file to write.
#[derive(Debug, Clone)]
pub struct EditionPlan {
    pub path: PathBuf,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The file was there before (its lines are kept).
    pub existed: bool,
    /// The pages of this import it gets, in the order given.
    pub pages: Vec<EditionPage>,
    /// The whole new text.
    pub text: String,
}

/// A page of the import in its edition file.
#[derive(Debug, Clone)]
pub struct EditionPage {
    /// Which of the report's `pages`.
    pub page: usize,
    /// The line of the existing file whose page it replaces (`--force`); `None` when added.
    pub replaces: Option<usize>,
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
    /// The pages that could be read, in the order given.
    pub pages: Vec<ImportedPage>,
    pub into: PathBuf,
    pub files: Vec<PlannedFile>,
    pub editions: Vec<EditionPlan>,
    pub site_yaml: Option<SiteYamlPlan>,
    /// Why nothing was written (pages that cannot be read or fit no article, missing dates,
    /// existing files, a page already in its edition, settings in the way); empty when the
    /// import went through.
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

/// How to say which name to give a page's file.
const NAME_THE_FILE: &str =
    "give --date 2026-03-27, or name the file 2026-03-27.txt (2026-03-27-05.txt for page 5)";

/// Reads every page, finds its articles, and writes one file per article into
/// `options.into`, and each day's pages into that day's edition file; unless a page has a
/// problem (a line that fits no article, no date where other pages have one), a file is in the
/// way or a page is already in its edition (then nothing at all is written, and `problems`
/// lists every one), or this is a dry run. With no date anywhere, the articles are written
/// without an edition (a warning on each page says so). Errors are failures to read or write.
pub fn run(options: &ImportOptions) -> Result<Report> {
    let mut problems = check_flags(options);
    let mut pages = Vec::new();
    for path in &options.pages {
        let text = match read_page(path) {
            Ok(text) => text,
            // Not UTF-8: a problem of this page, reported with the others'.
            Err(Error::Content(found)) => {
                problems.extend(found);
                continue;
            }
            Err(error) => return Err(error),
        };
        let mut page = parse(path, &text);
        if options.normalize_punctuation {
            page.normalize_punctuation();
        }
        if page.articles.is_empty() {
            problems.push(Diagnostic::new(
                path,
                0,
                0,
                "no article found: an article starts with its headline on a line of its own and the author's name alone on the line after it",
            ));
        }
        // Text that fits no article stops the import: nothing of it may be dropped.
        problems.extend(page.errors.iter().cloned());
        let (date, number) = date_and_number(path, options, &page.credits, &mut problems);
        pages.push(ImportedPage {
            path: path.clone(),
            page,
            date,
            number,
        });
    }

    // With no date anywhere, the articles are imported as before, without an edition; once
    // one page is dated, an undated one is a mistake.
    let dated = pages.iter().any(|p| p.date.is_some());
    for page in &mut pages {
        if page.date.is_some() {
            continue;
        }
        if dated {
            problems.push(Diagnostic::new(
                &page.path,
                0,
                0,
                format!("has no date, while other pages of this import have one: {NAME_THE_FILE}"),
            ));
        } else {
            page.page.warnings.push(Diagnostic::new(
                &page.path,
                0,
                0,
                format!(
                    "the page has no date, so no edition is written and its articles have none: {NAME_THE_FILE}"
                ),
            ));
        }
    }

    let place = articles_place(&options.into);
    if dated && place.is_none() {
        problems.push(Diagnostic::new(
            &options.into,
            0,
            0,
            "--into is not the site's articles/ folder nor inside it, so the edition cannot name the articles: import into articles/ (or a folder inside it)",
        ));
    }

    let (files, entries) = plan_files(&mut pages, options, place.as_ref(), &mut problems);

    let editions = match (&place, dated) {
        (Some(place), true) => {
            plan_editions(&pages, &entries, &place.site, options.force, &mut problems)?
        }
        _ => Vec::new(),
    };

    let site_yaml = match pages.as_slice() {
        [only] if options.write_site_yaml => {
            let folder = place
                .as_ref()
                .map_or_else(|| parent_folder(&options.into), |p| p.site.clone());
            plan_site_yaml(&folder, &only.page.credits, options.force, &mut problems)?
        }
        _ => None,
    };

    let mut report = Report {
        pages,
        into: options.into.clone(),
        files,
        editions,
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
        let article = &report.pages[file.page].page.articles[file.article];
        write_whole(&file.path, article.file_text().as_bytes())?;
    }
    for edition in &report.editions {
        if let Some(folder) = edition.path.parent() {
            std::fs::create_dir_all(folder).map_err(Error::io("create", folder))?;
        }
        write_whole(&edition.path, edition.text.as_bytes())?;
    }
    if let Some(plan) = &report.site_yaml
        && plan.changes.iter().any(|(_, change)| {
            matches!(
                change,
                SettingChange::Added | SettingChange::Replaced { .. }
            )
        })
    {
        write_whole(&plan.path, plan.text.as_bytes())?;
    }
    report.written = true;
    Ok(report)
}

/// The problems of the flags themselves: a `--date` that is not one day, `--page` out of range
/// or given for several pages, `--write-site-yaml` for several pages.
fn check_flags(options: &ImportOptions) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if let Some(date) = &options.date {
        match Date::parse(date) {
            Err(message) => problems.push(Diagnostic::new("--date", 0, 0, message)),
            Ok(parsed) if parsed.time.is_some() => problems.push(Diagnostic::new(
                "--date",
                0,
                0,
                format!(
                    "`{date}` has a time of day, but an edition is a day: give {}",
                    parsed.iso_date()
                ),
            )),
            Ok(_) => {}
        }
    }
    if let Some(number) = options.page_number {
        if !(1..=999).contains(&number) {
            problems.push(Diagnostic::new(
                "--page",
                0,
                0,
                format!("{number} is not a page number: pages are numbered 1 to 999"),
            ));
        }
        if options.pages.len() > 1 {
            problems.push(Diagnostic::new(
                "--page",
                0,
                0,
                format!(
                    "gives one page's number, but {} pages are imported: leave it out and name each file by its date and number (2026-03-27-05.txt for page 5)",
                    options.pages.len()
                ),
            ));
        }
    }
    if options.write_site_yaml && options.pages.len() > 1 {
        problems.push(Diagnostic::new(
            "--write-site-yaml",
            0,
            0,
            format!(
                "writes one page's credits into site.yaml, but {} pages are imported: import the page whose credits are the site's defaults with it alone (each page's credits are in its edition file anyway)",
                options.pages.len()
            ),
        ));
    }
    problems
}

/// The page's date and number: `--date` and `--page`, else what its file name says, else what
/// its header prints (`第5版`, `2025年4月1日 星期二`); two of them that disagree, or a name that
/// is almost a date, are a problem.
fn date_and_number(
    path: &Path,
    options: &ImportOptions,
    credits: &Credits,
    problems: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<u32>) {
    let named = match file_name::read(path) {
        Ok(named) => named,
        Err(message) => {
            problems.push(Diagnostic::new(path, 0, 0, message));
            file_name::Named::default()
        }
    };
    let mut conflict = |line: usize, message: String| {
        problems.push(Diagnostic::new(path, line, 0, message));
    };
    let date = agree(options.date.clone(), named.date, |given, named| {
        conflict(
            0,
            format!(
                "the file name says {named}, --date says {given}: rename the file, or leave --date out"
            ),
        );
    });
    let date_said = if options.date.is_some() {
        "--date"
    } else {
        "the file name"
    };
    let (printed_date, date_line) = credits.date.clone().unzip();
    let date = agree(date, printed_date, |date, printed| {
        conflict(
            date_line.unwrap_or(0),
            format!(
                "the page's header prints {printed}, {date_said} says {date}: which is the edition's day? Correct the one that is wrong"
            ),
        );
    });
    let number = agree(options.page_number, named.number, |given, named| {
        conflict(
            0,
            format!(
                "the file name says page {named}, --page says {given}: rename the file, or leave --page out"
            ),
        );
    });
    let number_said = if options.page_number.is_some() {
        "--page"
    } else {
        "the file name"
    };
    let (printed_number, number_line) = credits.number.unzip();
    let number = agree(number, printed_number, |number, printed| {
        conflict(
            number_line.unwrap_or(0),
            format!(
                "the page's header prints page {printed}, {number_said} says page {number}: which is it? Correct the one that is wrong"
            ),
        );
    });
    (date, number)
}

/// A page's fact (its date, its number) from the place that says it first (`first`), else from
/// the next (`then`); when both say it and differ, `differ(first, then)` is told, and `first`
/// holds.
fn agree<T: PartialEq>(
    first: Option<T>,
    then: Option<T>,
    mut differ: impl FnMut(&T, &T),
) -> Option<T> {
    match (first, then) {
        (Some(first), Some(then)) => {
            if then != first {
                differ(&first, &then);
            }
            Some(first)
        }
        (first, then) => first.or(then),
    }
}

/// Where the article files go in the site: the site's folder (which holds `articles/`,
/// `editions/` and `site.yaml`), and the path of `--into` below `articles/`.
#[derive(Debug, Clone)]
struct ArticlesPlace {
    site: PathBuf,
    /// `opinion/` for `--into articles/opinion`; empty for `articles/` itself.
    below: String,
}

/// The place of `into` in its site: the last `articles` folder of its path is the site's (the
/// build reads `articles/` of the site's folder); `None` when there is none, or when `..`
/// follows it or a name that is not UTF-8.
fn articles_place(into: &Path) -> Option<ArticlesPlace> {
    use std::path::Component;
    let components: Vec<Component> = into.components().collect();
    let k = components
        .iter()
        .rposition(|c| matches!(c, Component::Normal(name) if *name == "articles"))?;
    let mut below = String::new();
    for component in &components[k + 1..] {
        let Component::Normal(name) = component else {
            return None;
        };
        below.push_str(name.to_str()?);
        below.push('/');
    }
    let site: PathBuf = components[..k].iter().collect();
    let site = if site.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        site
    };
    Some(ArticlesPlace { site, below })
}

/// The folder above `into`: where `site.yaml` is when `into` is not inside an `articles/`.
fn parent_folder(into: &Path) -> PathBuf {
    match into.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// One file per article, named by its headline; two equal headlines (on one page or two) get
/// -2, -3…; an existing file is a problem without `--force`. Gives the files and, for each
/// page, its articles' entries in an edition (their paths below `articles/`, without `.md`).
fn plan_files(
    pages: &mut [ImportedPage],
    options: &ImportOptions,
    place: Option<&ArticlesPlace>,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<PlannedFile>, Vec<Vec<String>>) {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (p, imported) in pages.iter_mut().enumerate() {
        let mut page_entries = Vec::new();
        let page = &mut imported.page;
        for (i, article) in page.articles.iter().enumerate() {
            let stem = article.file_stem();
            let mut name = stem.clone();
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{stem}-{n}");
            }
            if n > 1 {
                page.warnings.push(Diagnostic::new(
                    &imported.path,
                    article.title_line,
                    0,
                    format!(
                        "a second article with the headline 「{}」: written as {name}.md",
                        article.title
                    ),
                ));
            }
            let path = options.into.join(format!("{name}.md"));
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
                page: p,
                article: i,
                existed,
            });
            let below = place.map_or("", |place| place.below.as_str());
            page_entries.push(format!("{below}{name}"));
        }
        entries.push(page_entries);
    }
    (files, entries)
}

/// Each day's edition file: the one already there (anywhere in `editions/`), its lines kept and
/// the day's pages added; else a new `editions/<date>.yaml`. A page already in the file (the
/// same number; or, when neither has one, the same name) is a problem without `--force`, which
/// puts the new page in its place; so is an article the file lists on another page, and two
/// pages of this import that are the same page.
fn plan_editions(
    pages: &[ImportedPage],
    entries: &[Vec<String>],
    site: &Path,
    force: bool,
    problems: &mut Vec<Diagnostic>,
) -> Result<Vec<EditionPlan>> {
    let mut days: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (p, page) in pages.iter().enumerate() {
        if let Some(date) = &page.date {
            days.entry(date).or_default().push(p);
        }
    }
    let folder = in_folder(site, "editions");
    let mut plans = Vec::new();
    for (date, day_pages) in days {
        // A date that is not one day is a problem already.
        let Some(day) = Date::parse(date).ok().filter(|day| day.time.is_none()) else {
            continue;
        };
        let found = find_edition_files(&folder, date)?;
        let path = match found.as_slice() {
            [] => folder.join(format!("{date}.yaml")),
            [one] => one.clone(),
            [first, rest @ ..] => {
                let others: Vec<String> = rest.iter().map(|p| p.display().to_string()).collect();
                problems.push(Diagnostic::new(
                    first,
                    0,
                    0,
                    format!(
                        "the edition of {date} is in this file and in {}: keep one",
                        others.join(", ")
                    ),
                ));
                continue;
            }
        };
        let existed = !found.is_empty();
        let mut text = if existed {
            let read = read_text(&path, "save it as UTF-8 text").and_then(|text| {
                EditionText::read(&path, &text).map_err(|d| Error::content(vec![d]))
            });
            match read {
                Ok(text) => text,
                Err(Error::Content(found)) => {
                    problems.extend(found);
                    continue;
                }
                Err(error) => return Err(error),
            }
        } else {
            EditionText::new(&day)
        };
        let mut plan = EditionPlan {
            path: path.clone(),
            date: date.to_owned(),
            existed,
            pages: Vec::new(),
            text: String::new(),
        };
        for &p in &day_pages {
            let page = &pages[p];
            let credits = &page.page.credits;
            let entry = Entry {
                number: page.number,
                name: credits.page_name.clone(),
                editors: credits.editors.clone(),
                designers: credits.designers.clone(),
                proofreaders: credits.proofreaders.clone(),
                picture_editors: credits.picture_editors.clone(),
                submission_email: credits.submission_email.clone(),
                articles: entries[p].clone(),
            };
            let mut replaces = None;
            if let Some(same) = text.find(entry.number, entry.name.as_deref()) {
                match (same.page, same.line) {
                    (Some(other), _) => {
                        problems.push(Diagnostic::new(
                            &page.path,
                            0,
                            0,
                            format!(
                                "is {} of {date}, as {} is: give each page its own number (--page, or name the files 2026-03-27-05.txt, 2026-03-27-06.txt)",
                                page.describe(),
                                pages[other].path.display()
                            ),
                        ));
                        continue;
                    }
                    (None, Some(line)) if !force => {
                        problems.push(Diagnostic::new(
                            &path,
                            line,
                            0,
                            format!(
                                "already holds {}, which {} gives again: pass --force to put the new page in its place",
                                describe_page(same.number, same.name.as_deref()),
                                page.path.display()
                            ),
                        ));
                        continue;
                    }
                    (None, line) => replaces = line,
                }
            }
            // An article stands on one page of one edition.
            for span in &text.spans {
                if replaces.is_some() && span.line == replaces {
                    continue;
                }
                let listed: Vec<&String> = entry
                    .articles
                    .iter()
                    .filter(|article| span.articles.contains(article))
                    .collect();
                let Some(first) = listed.first() else {
                    continue;
                };
                let more = match listed.len() {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                problems.push(Diagnostic::new(
                    &path,
                    span.line.unwrap_or(0),
                    0,
                    format!(
                        "{} already lists `{first}`{more} of {}'s articles, and an article stands on one page: if it is the same page, give both its number and import again with --force; else take them out of that page by hand",
                        describe_page(span.number, span.name.as_deref()),
                        page.path.display()
                    ),
                ));
            }
            text.put(&entry, p, replaces);
            plan.pages.push(EditionPage { page: p, replaces });
        }
        plan.text = text.text();
        plans.push(plan);
    }
    Ok(plans)
}

/// The files `<date>.yaml` anywhere in `folder` (sub-folders mean nothing in `editions/`),
/// hidden files and folders skipped; none when the folder does not exist.
fn find_edition_files(folder: &Path, date: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(Error::io("read", folder)(e)),
    };
    let wanted = format!("{date}.yaml");
    let mut entries: Vec<_> = entries
        .collect::<std::io::Result<_>>()
        .map_err(Error::io("read", folder))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(Error::io("read", entry.path()))?;
        if kind.is_dir() {
            found.extend(find_edition_files(&entry.path(), date)?);
        } else if name == wanted.as_str() {
            found.push(entry.path());
        }
    }
    Ok(found)
}

/// What `--write-site-yaml` would make of the `site.yaml` in `folder`; problems when a setting
/// is in the way (without `force`) or the result would not be a valid `site.yaml`.
fn plan_site_yaml(
    folder: &Path,
    credits: &Credits,
    force: bool,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<SiteYamlPlan>> {
    let path = in_folder(folder, CONFIG_FILE);
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
    let (text, changes) = write::merge_settings(&existing, &settings, force, &holds);
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
    if let Err(diagnostic) = Config::parse(folder, &path, &text) {
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
