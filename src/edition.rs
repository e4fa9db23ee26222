//! Edition files: `editions/2026-03-27.yaml`, one per date of the paper, saying which pages
//! were printed that day (版次, 版名, the page's editors) and their articles in print order.
//! `RawEdition` is exactly what a file says; `EditionFile` is it checked, with the place of
//! every article entry for the errors found later (an entry naming no file, or listed twice).
//! Parses text only: the load stage reads the files.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Date;
use crate::error::Diagnostic;
use crate::front_matter::{self, OneOrMany, Scalar, Scan};

pub use crate::load::EDITIONS_DIR;

/// What an edition file says, before any check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    issue: Option<Scalar>,
    pages: Option<Vec<RawPage>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    number: Option<Scalar>,
    name: Option<Scalar>,
    editors: Option<OneOrMany>,
    designers: Option<OneOrMany>,
    picture_editors: Option<OneOrMany>,
    proofreaders: Option<OneOrMany>,
    submission_email: Option<Scalar>,
    articles: Option<Vec<Scalar>>,
}

/// The keys of an edition file and of its pages, for suggestions.
const EDITION_KEYS: &[&str] = &[
    "issue",
    "pages",
    "number",
    "name",
    "editors",
    "designers",
    "picture_editors",
    "proofreaders",
    "submission_email",
    "articles",
];

/// One edition file, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EditionFile {
    /// As shown in messages: `editions/2026-03-27.yaml`.
    pub source: PathBuf,
    /// From the file's name; a date without a time.
    pub date: Date,
    /// The issue number (期号) as printed: `第12345期`, `总第12345期`, or a bare number.
    pub issue: Option<String>,
    pub pages: Vec<PageFacts>,
    /// The hash of the text it was parsed from (`digest`): the dev server keeps an edition
    /// whose file's text is the same, rather than parse it again.
    pub digest: u64,
}

/// The hash of an edition file's text, by which a parse of it is known again.
pub fn digest(text: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// What an edition file says of one printed page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageFacts {
    /// The page number (版次).
    pub number: Option<u32>,
    /// The page's name (版名).
    pub name: Option<String>,
    /// 责任编辑; the site's when `None`.
    pub editors: Option<Vec<String>>,
    /// 美编.
    pub designers: Vec<String>,
    /// 图片编辑.
    pub picture_editors: Vec<String>,
    /// 校对.
    pub proofreaders: Vec<String>,
    /// 投稿邮箱; the site's when `None`.
    pub submission_email: Option<String>,
    /// In print order, the lead first.
    pub articles: Vec<Entry>,
}

/// An article as an edition names it: its file below `articles/`, without `.md`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    pub name: String,
    /// Where the entry is written (line, column), for errors about it.
    pub at: (usize, usize),
}

impl Entry {
    /// The article file this entry names, as the load stage shows it: `articles/x.md`.
    pub fn file(&self) -> PathBuf {
        Path::new(crate::load::ARTICLES_DIR).join(format!("{}.md", self.name))
    }
}

/// The date an edition file's name gives (`2026-03-27.yaml`), or what to rename it to.
pub fn date_of(shown: &Path) -> Result<Date, Diagnostic> {
    let stem = shown
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bad = |what: String| Diagnostic::new(shown, 1, 1, what);
    let date = Date::parse(&stem).map_err(|_| {
        bad(format!(
            "an edition file is named by the edition's date, such as {}/2026-03-27.yaml: rename `{stem}`",
            EDITIONS_DIR
        ))
    })?;
    if date.time.is_some() || stem.len() != 10 {
        return Err(bad(format!(
            "an edition file is named by its date alone, YYYY-MM-DD.yaml: rename `{stem}`"
        )));
    }
    Ok(date)
}

/// Parses the text of the edition file `shown` (positions count from after a byte-order
/// mark, as editors show them), or gives every problem found in it.
pub fn parse(shown: &Path, text: &str) -> Result<EditionFile, Vec<Diagnostic>> {
    let digest = digest(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let date = date_of(shown).map_err(|d| vec![d])?;
    if Scan::of(text.as_bytes()).has_bad_characters() {
        return Err(front_matter::character_problems(shown, text, text.len()));
    }
    let raw: RawEdition =
        front_matter::parse_yaml(shown, text, 1, EDITION_KEYS).map_err(|d| vec![d])?;
    let mut problems = front_matter::escape_problems(shown, text, 1);
    let at = |key: &str| front_matter::key_position(text, key).unwrap_or((1, 1));
    let clean = |value: Option<Scalar>| {
        value
            .map(|Scalar(s)| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let names = |value: Option<OneOrMany>| {
        value.map(|names| {
            names
                .into_vec()
                .into_iter()
                .map(|name| crate::slug::nfc(name.trim().to_owned()))
                .filter(|name| !name.is_empty())
                .collect::<Vec<_>>()
        })
    };

    let raw_pages = raw.pages.unwrap_or_default();
    if raw_pages.is_empty() {
        let (line, column) = at("pages");
        problems.push(Diagnostic::new(
            shown,
            line,
            column,
            "an edition needs its printed pages: add `pages:` with at least one page and its `articles:` in print order",
        ));
    }
    // Each entry is found in the text after the one before, so that the same name written
    // twice is placed at each of its two lines.
    let mut cursor = find_key(text, 0, "pages").unwrap_or(0);
    // Once a page's start cannot be found (a `pages:` written as a flow list), none after it
    // can: each is then placed where the last was, rather than looked for through the rest
    // of the file each time (a file of many pages would take quadratic time).
    let mut pages_found = true;
    let mut places = Places::new(text);
    let mut pages = Vec::with_capacity(raw_pages.len());
    for (n, page) in raw_pages.into_iter().enumerate() {
        let found = if pages_found {
            find_page(text, cursor)
        } else {
            None
        };
        let page_start = match found {
            Some(start) => start,
            None => {
                pages_found = false;
                cursor
            }
        };
        cursor = page_start + 1;
        let number = match clean(page.number) {
            None => None,
            Some(given) => match given.parse::<u32>() {
                Ok(number) if (1..=999).contains(&number) && !given.starts_with('+') => {
                    Some(number)
                }
                _ => {
                    let offset = find_key(text, page_start, "number")
                        .filter(|_| pages_found)
                        .unwrap_or(page_start);
                    let (line, column) = places.at(offset);
                    problems.push(Diagnostic::new(
                        shown,
                        line,
                        column,
                        format!(
                            "`number: {given}` must be the page number (版次) as a whole number from 1 to 999, such as `number: 5`"
                        ),
                    ));
                    None
                }
            },
        };
        let entries = page.articles.unwrap_or_default();
        if entries.is_empty() {
            let (line, column) = places.at(page_start);
            problems.push(Diagnostic::new(
                shown,
                line,
                column,
                format!(
                    "page {} of this edition lists no articles: add `articles:` with the names of their files in print order, the lead first",
                    n + 1
                ),
            ));
        }
        if pages_found {
            cursor = find_key(text, page_start, "articles").unwrap_or(cursor);
        }
        let mut articles = Vec::with_capacity(entries.len());
        for Scalar(written) in entries {
            let offset = find_entry(text, cursor, &written).unwrap_or(cursor);
            cursor = offset + written.len().min(text.len() - offset);
            let at = places.at(offset);
            let name = written.trim();
            let name = name.strip_prefix("articles/").unwrap_or(name);
            let name = name.strip_suffix(".md").unwrap_or(name);
            if name.is_empty() || name.starts_with('/') || name.split('/').any(|p| p == "..") {
                problems.push(Diagnostic::new(
                    shown,
                    at.0,
                    at.1,
                    format!(
                        "`{written}` is not an article: write the name of its file in articles/, without .md"
                    ),
                ));
                continue;
            }
            articles.push(Entry {
                name: name.to_owned(),
                at,
            });
        }
        pages.push(PageFacts {
            number,
            name: clean(page.name),
            editors: names(page.editors),
            designers: names(page.designers).unwrap_or_default(),
            picture_editors: names(page.picture_editors).unwrap_or_default(),
            proofreaders: names(page.proofreaders).unwrap_or_default(),
            submission_email: clean(page.submission_email),
            articles,
        });
    }
    // Two pages with one number: the second is where the mistake is.
    let mut numbers = std::collections::HashSet::new();
    for page in &pages {
        if let Some(number) = page.number
            && !numbers.insert(number)
        {
            let (line, column) = page.articles.first().map_or((1, 1), |e| e.at);
            problems.push(Diagnostic::new(
                shown,
                line,
                column,
                format!(
                    "two pages of this edition are numbered {number}: give this page its own `number:`"
                ),
            ));
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(problems);
    }
    Ok(EditionFile {
        source: shown.to_path_buf(),
        date,
        issue: clean(raw.issue),
        pages,
        digest,
    })
}

/// Line and column of byte offsets in a text, asked in increasing order (as the entries are
/// found): each is counted on from the one before, so that placing every entry of a large file
/// (on one line, even) takes linear time. `front_matter::position`'s rules: `\r\n`, `\n` and
/// a lone `\r` end a line; columns count characters.
struct Places<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Places<'a> {
    fn new(text: &'a str) -> Places<'a> {
        Places {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    fn at(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Places::new(self.text);
        }
        let bytes = self.text.as_bytes();
        for (i, c) in self.text[self.offset..offset].char_indices() {
            let at = self.offset + i;
            let ends_line = c == '\n' || (c == '\r' && bytes.get(at + 1) != Some(&b'\n'));
            if ends_line {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// The byte at which `key:` is next written as a key at or after `from`.
fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let pattern = format!("{key}:");
    text[from..]
        .match_indices(&pattern)
        .map(|(i, _)| from + i)
        .find(|&i| {
            text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '{' | ',' | '-'))
        })
}

/// The byte at which the next page of the `pages:` list starts at or after `from`: a line
/// whose text starts with `- ` and a page's key, or `- {`.
fn find_page(text: &str, from: usize) -> Option<usize> {
    let mut offset = text[..from].rfind('\n').map_or(0, |i| i + 1);
    while offset < text.len() {
        let (end, next) = front_matter::line_end(text, offset);
        let line = &text[offset..end];
        let item = line.trim_start_matches(' ');
        let dash = offset + line.len() - item.len();
        if dash >= from
            && let Some(rest) = item.strip_prefix('-')
        {
            let rest = rest.trim_start();
            if rest.starts_with('{')
                || EDITION_KEYS[2..]
                    .iter()
                    .any(|k| rest.starts_with(&format!("{k}:")))
            {
                return Some(dash);
            }
        }
        offset = next;
    }
    None
}

/// The byte at which the list item `written` is next written at or after `from`: as a block
/// item (`- name`) or in a flow list (`[a, name]`), quoted or not. Looked for in the next
/// kilobyte only: an entry follows the one before it, and one written otherwise (with YAML
/// escapes) is not found, so each miss must cost little.
fn find_entry(text: &str, from: usize, written: &str) -> Option<usize> {
    if written.is_empty() {
        return None;
    }
    let mut end = (from + written.len() + 1024).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[from..end]
        .match_indices(written)
        .map(|(i, _)| from + i)
        .find(|&i| {
            let before = text[..i]
                .trim_end_matches(['"', '\''])
                .trim_end_matches(' ');
            before.ends_with(['-', '[', ',']) || before.is_empty()
        })
        .map(|i| {
            // At the opening quote, where the value starts as written.
            let quoted = text[..i].ends_with(['"', '\'']);
            if quoted { i - 1 } else { i }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<EditionFile, Vec<String>> {
        parse(Path::new("editions/2026-03-27.yaml"), text)
            .map_err(|problems| problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_pages_in_order_with_the_place_of_each_article() {
        let edition = parse_text(
            "# 第5版\nissue: 12345\npages:\n  - number: 5\n    name: 评论\n    editors: [胡文洁, 周菁]\n    articles:\n      - 在深入群众中厚植执政根基\n      - \"以价值创造为社会工作添彩.md\"\n  - name: 理论\n    articles: [甲, 乙]\n",
        )
        .unwrap();
        assert_eq!(edition.date.iso_date(), "2026-03-27");
        assert_eq!(edition.issue.as_deref(), Some("12345"));
        assert_eq!(edition.pages.len(), 2);
        let first = &edition.pages[0];
        assert_eq!(first.number, Some(5));
        assert_eq!(first.name.as_deref(), Some("评论"));
        assert_eq!(
            first.editors.as_deref(),
            Some(&["胡文洁".to_owned(), "周菁".to_owned()][..])
        );
        let names: Vec<(&str, (usize, usize))> = edition
            .pages
            .iter()
            .flat_map(|p| p.articles.iter().map(|e| (e.name.as_str(), e.at)))
            .collect();
        assert_eq!(
            names,
            [
                ("在深入群众中厚植执政根基", (8, 9)),
                ("以价值创造为社会工作添彩", (9, 9)),
                ("甲", (11, 16)),
                ("乙", (11, 19)),
            ]
        );
        assert_eq!(edition.pages[1].editors, None);
    }

    #[test]
    fn errors_on_an_unknown_key_with_a_suggestion() {
        assert_eq!(
            parse_text("pages:\n  - nmae: 评论\n    articles: [甲]\n").unwrap_err(),
            ["editions/2026-03-27.yaml:2:5: unknown key `nmae` (did you mean `name`?)"]
        );
    }

    #[test]
    fn errors_on_a_file_not_named_by_a_date() {
        let problem = parse(Path::new("editions/3月27日.yaml"), "pages: []\n").unwrap_err();
        assert_eq!(
            problem[0].to_string(),
            "editions/3月27日.yaml:1:1: an edition file is named by the edition's date, such as editions/2026-03-27.yaml: rename `3月27日`"
        );
    }

    #[test]
    fn errors_on_pages_without_articles_and_bad_numbers() {
        assert_eq!(
            parse_text("pages:\n  - number: 第5版\n    articles: [甲]\n  - name: 理论\n")
                .unwrap_err(),
            [
                "editions/2026-03-27.yaml:2:5: `number: 第5版` must be the page number (版次) as a whole number from 1 to 999, such as `number: 5`",
                "editions/2026-03-27.yaml:4:3: page 2 of this edition lists no articles: add `articles:` with the names of their files in print order, the lead first",
            ]
        );
        assert!(parse_text("issue: 1\n").unwrap_err()[0].contains("needs its printed pages"));
    }

    #[test]
    fn places_offsets_as_front_matter_does() {
        let text = "a: 甲\r\nb:\r乙\n\n  - 丙丁\r\n";
        let mut places = Places::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(
                    places.at(offset),
                    front_matter::position(text, offset),
                    "{offset}"
                );
            }
        }
        // Asked again for an earlier place, it counts from the start.
        assert_eq!(places.at(1), (1, 2));
    }

    #[test]
    fn a_large_file_of_entries_it_cannot_place_takes_linear_time() {
        // 3 MB on one line: pages in a flow list, their entries written with escapes, which
        // cannot be found as written. Quadratic, this took minutes.
        const PAGES: usize = 100_000;
        let mut text = String::from("pages: [");
        for n in 0..PAGES {
            text.push_str(&format!("{{articles: [\"\\u7532{n}\"]}}, "));
        }
        text.push_str("]\n");
        let started = std::time::Instant::now();
        let edition = parse_text(&text).unwrap();
        assert_eq!(edition.pages.len(), PAGES);
        assert_eq!(
            edition.pages[PAGES - 1].articles[0].name,
            format!("甲{}", PAGES - 1)
        );
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    }

    #[test]
    fn places_a_name_listed_twice_at_each_line() {
        let edition = parse_text("pages:\n  - articles:\n      - 甲\n      - 甲\n").unwrap();
        let at: Vec<(usize, usize)> = edition.pages[0].articles.iter().map(|e| e.at).collect();
        assert_eq!(at, [(3, 9), (4, 9)]);
    }
}
