//! The edition file (`editions/2026-03-27.yaml`, `/work/shared/spec/EDITIONS.md`) as text: a
//! new one, or one already there read into the lines of its pages, so that a page is added to
//! it (or, with `--force`, put in place of one) with every other line kept as it was: an editor
//! may have corrected it by hand. Text only: `mod.rs` reads and writes the file.

use std::path::Path;

use serde::Deserialize;

use super::write::{lines_with_endings, yaml_scalar};
use crate::date::Date;
use crate::error::Diagnostic;

/// One page of an edition, as import writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) number: Option<u32>,
    pub(super) name: Option<String>,
    pub(super) editors: Vec<String>,
    pub(super) designers: Vec<String>,
    pub(super) proofreaders: Vec<String>,
    pub(super) picture_editors: Vec<String>,
    pub(super) submission_email: Option<String>,
    /// Each article's file below `articles/`, without `.md`, in print order.
    pub(super) articles: Vec<String>,
}

impl Entry {
    /// The entry's lines, its `- ` at `indent` spaces and its keys two further in.
    fn lines(&self, indent: usize) -> Vec<String> {
        let pad = " ".repeat(indent + 2);
        let flow = |names: &[String]| {
            let items: Vec<String> = names.iter().map(|n| yaml_scalar(n, true)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut keys: Vec<String> = Vec::new();
        if let Some(number) = self.number {
            keys.push(format!("number: {number}"));
        }
        if let Some(name) = &self.name {
            keys.push(format!("name: {}", yaml_scalar(name, false)));
        }
        for (key, names) in [
            ("editors", &self.editors),
            ("designers", &self.designers),
            ("proofreaders", &self.proofreaders),
            ("picture_editors", &self.picture_editors),
        ] {
            if !names.is_empty() {
                keys.push(format!("{key}: {}", flow(names)));
            }
        }
        if let Some(email) = &self.submission_email {
            keys.push(format!("submission_email: {}", yaml_scalar(email, false)));
        }
        keys.push("articles:".to_owned());
        let mut lines: Vec<String> = keys
            .into_iter()
            .enumerate()
            .map(|(i, key)| {
                if i == 0 {
                    format!("{}- {key}", " ".repeat(indent))
                } else {
                    format!("{pad}{key}")
                }
            })
            .collect();
        for article in &self.articles {
            lines.push(format!("{pad}  - {}", yaml_scalar(article, false)));
        }
        lines
    }
}

/// `page 5 评论`, `page 5`, `page 评论`: a page as messages name it.
pub fn describe_page(number: Option<u32>, name: Option<&str>) -> String {
    match (number, name) {
        (Some(number), Some(name)) => format!("page {number} {name}"),
        (Some(number), None) => format!("page {number}"),
        (None, Some(name)) => format!("page {name}"),
        (None, None) => "a page with neither number nor name".to_owned(),
    }
}

/// Whether two pages are the same page of a day: the same number, or, when neither has one,
/// the same name.
pub(super) fn same_page(a: (Option<u32>, Option<&str>), b: (Option<u32>, Option<&str>)) -> bool {
    match (a.0, b.0) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.1 == b.1,
        _ => false,
    }
}

/// A page's lines in the text.
#[derive(Debug, Clone)]
pub(super) struct Span {
    /// The first line (index), the `- `.
    start: usize,
    /// After its last line that holds something (comments and blank lines after it are not
    /// its own: they stay when it is replaced).
    end: usize,
    pub(super) number: Option<u32>,
    pub(super) name: Option<String>,
    pub(super) articles: Vec<String>,
    /// Its 1-based line in the file as it was; `None` for a page this import adds.
    pub(super) line: Option<usize>,
    /// Which page of this import it is, when it is one.
    pub(super) page: Option<usize>,
}

/// An edition file's text, line by line, with where its pages stand.
#[derive(Debug, Clone)]
pub(super) struct EditionText {
    /// Each line and the break that ends it (empty for a last line without one).
    lines: Vec<(String, String)>,
    /// The break new lines get: the file's first.
    eol: String,
    /// The `pages:` line (index), once there is one.
    pages_line: Option<usize>,
    /// How far the `- ` of each page stands in.
    indent: usize,
    pub(super) spans: Vec<Span>,
}

/// What import needs of an existing edition file; other keys are the build's to check.
#[derive(Debug, Default, Deserialize)]
struct RawEdition {
    pages: Option<Vec<RawPage>>,
}

#[derive(Debug, Deserialize)]
struct RawPage {
    number: Option<serde_yaml::Value>,
    name: Option<serde_yaml::Value>,
    articles: Option<Vec<serde_yaml::Value>>,
}

/// The text of a YAML scalar, when it is one.
fn scalar_text(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// How far `line` stands in (spaces).
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether `line` holds nothing for YAML: blank, or a comment.
fn is_blank_or_comment(line: &str) -> bool {
    let text = line.trim();
    text.is_empty() || text.starts_with('#')
}

impl EditionText {
    /// A new edition file: its first line names the day (`# 2026年3月27日 星期五`), then an
    /// empty `pages:` list.
    pub(super) fn new(date: &Date) -> Self {
        let line = |text: String| (text, "\n".to_owned());
        EditionText {
            lines: vec![
                line(format!("# {} {}", date.chinese(), date.chinese_weekday())),
                line("pages:".to_owned()),
            ],
            eol: "\n".to_owned(),
            pages_line: Some(1),
            indent: 2,
            spans: Vec::new(),
        }
    }

    /// Reads an existing edition file's text (`path` for messages): its pages, and the lines
    /// each stands on. A file that is not valid YAML, or whose `pages:` list is not written one
    /// `- ` per page in block style (which import cannot add to line by line), is an error at
    /// its line.
    pub(super) fn read(path: &Path, text: &str) -> Result<Self, Diagnostic> {
        let raw: RawEdition = crate::front_matter::parse_yaml(path, text, 1, &[])?;
        let raw_pages = raw.pages.unwrap_or_default();
        let lines: Vec<(String, String)> = lines_with_endings(text)
            .into_iter()
            .map(|(line, end)| (line.to_owned(), end.to_owned()))
            .collect();
        let eol = lines
            .iter()
            .map(|(_, end)| end.as_str())
            .find(|end| !end.is_empty())
            .unwrap_or("\n")
            .to_owned();
        let cannot = |line: usize, why: &str| {
            Diagnostic::new(
                path,
                line,
                0,
                format!(
                    "{why}: import adds a page to a `pages:` list written one `- ` item per page, as it writes them; add the page by hand, or write the list so"
                ),
            )
        };
        // A byte-order mark is kept, but not read as part of the first key.
        let content = |i: usize| {
            let line = lines[i].0.as_str();
            if i == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            }
        };
        // `pages:` at the start of a line, and what follows its colon.
        let pages_key = |i: usize| {
            content(i)
                .strip_prefix("pages")
                .map(|rest| rest.trim_start_matches(' '))
                .and_then(|rest| rest.strip_prefix(':'))
        };
        let pages_line = (0..lines.len()).find(|&i| pages_key(i).is_some());
        let mut spans: Vec<Span> = Vec::new();
        let mut indent = None;
        if let Some(at) = pages_line {
            if pages_key(at).is_some_and(|rest| !is_blank_or_comment(rest)) {
                return Err(cannot(at + 1, "`pages:` has something on its own line"));
            }
            for i in at + 1..lines.len() {
                let line = content(i);
                if is_blank_or_comment(line) {
                    continue;
                }
                let depth = indent_of(line);
                let item = &line[depth..];
                let starts_item = item == "-" || item.starts_with("- ");
                match indent {
                    None if starts_item => indent = Some(depth),
                    None | Some(_) if depth == 0 && !starts_item => break,
                    Some(d) if depth > d || (starts_item && depth == d) => {}
                    _ => return Err(cannot(i + 1, "this line is in no page of the list")),
                }
                if starts_item && Some(depth) == indent {
                    spans.push(Span {
                        start: i,
                        end: i + 1,
                        number: None,
                        name: None,
                        articles: Vec::new(),
                        line: Some(i + 1),
                        page: None,
                    });
                } else if let Some(span) = spans.last_mut() {
                    span.end = i + 1;
                }
            }
        }
        if spans.len() != raw_pages.len() {
            let line = pages_line.map_or(1, |at| at + 1);
            return Err(cannot(
                line,
                &format!(
                    "its {} page{} could not be told apart line by line",
                    raw_pages.len(),
                    if raw_pages.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        for (span, raw) in spans.iter_mut().zip(raw_pages) {
            span.number = raw
                .number
                .as_ref()
                .and_then(serde_yaml::Value::as_u64)
                .and_then(|n| u32::try_from(n).ok());
            span.name = raw.name.as_ref().and_then(scalar_text);
            span.articles = raw
                .articles
                .unwrap_or_default()
                .iter()
                .filter_map(scalar_text)
                .map(|a| a.strip_suffix(".md").map(str::to_owned).unwrap_or(a))
                .collect();
        }
        Ok(EditionText {
            lines,
            eol,
            pages_line,
            indent: indent.unwrap_or(2),
            spans,
        })
    }

    /// The page of the edition that is the same page as `number` and `name`, if any.
    pub(super) fn find(&self, number: Option<u32>, name: Option<&str>) -> Option<&Span> {
        self.spans
            .iter()
            .find(|span| same_page((span.number, span.name.as_deref()), (number, name)))
    }

    /// Puts `entry` (page `page` of the import) in place of the page `replaced` (as [`find`]
    /// gave it), or adds it: before the first page with a greater number when it has a number,
    /// else after the last page. Only the lines of the page replaced change.
    pub(super) fn put(&mut self, entry: &Entry, page: usize, replaced: Option<usize>) {
        let new_lines = entry.lines(self.indent);
        let count = new_lines.len();
        let (at, removed, index) = match replaced
            .and_then(|line| self.spans.iter().position(|span| span.line == Some(line)))
        {
            Some(k) => (
                self.spans[k].start,
                self.spans[k].end - self.spans[k].start,
                k,
            ),
            None => {
                let pages_line = match self.pages_line {
                    Some(line) => line,
                    None => {
                        self.lines.push(("pages:".to_owned(), String::new()));
                        self.lines.len() - 1
                    }
                };
                self.pages_line = Some(pages_line);
                let k = entry
                    .number
                    .and_then(|n| {
                        self.spans
                            .iter()
                            .position(|span| span.number.is_some_and(|m| m > n))
                    })
                    .unwrap_or(self.spans.len());
                let at = if k == 0 {
                    pages_line + 1
                } else {
                    self.spans[k - 1].end
                };
                (at, 0, k)
            }
        };
        let eol = self.eol.clone();
        self.lines.splice(
            at..at + removed,
            new_lines.into_iter().map(|line| (line, eol.clone())),
        );
        for span in &mut self.spans {
            if span.start >= at + removed {
                span.start = span.start + count - removed;
                span.end = span.end + count - removed;
            }
        }
        let span = Span {
            start: at,
            end: at + count,
            number: entry.number,
            name: entry.name.clone(),
            articles: entry.articles.clone(),
            line: None,
            page: Some(page),
        };
        if removed > 0 {
            self.spans[index] = span;
        } else {
            self.spans.insert(index, span);
        }
    }

    /// The whole text, every line with its own break (a last line without one gets the file's).
    pub(super) fn text(&self) -> String {
        let mut text = String::new();
        for (line, end) in &self.lines {
            text.push_str(line);
            text.push_str(if end.is_empty() { &self.eol } else { end });
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(number: Option<u32>, name: &str, articles: &[&str]) -> Entry {
        Entry {
            number,
            name: Some(name.to_owned()),
            editors: vec!["胡文洁".to_owned(), "周菁".to_owned()],
            articles: articles.iter().map(|a| (*a).to_owned()).collect(),
            ..Entry::default()
        }
    }

    #[test]
    fn a_new_file_names_the_day_and_lists_the_page() {
        let mut text = EditionText::new(&Date::parse("2026-03-27").unwrap());
        text.put(&entry(Some(5), "评论", &["甲", "2025"]), 0, None);
        assert_eq!(
            text.text(),
            "# 2026年3月27日 星期五\npages:\n  - number: 5\n    name: 评论\n    editors: [胡文洁, 周菁]\n    articles:\n      - 甲\n      - \"2025\"\n"
        );
    }

    #[test]
    fn adds_pages_in_number_order_keeping_every_other_line() {
        let existing = "# 校对过\r\nissue: 第1期\r\npages:\r\n- number: 6   # 理论\r\n  articles: [乙]\r\n\r\n# 下面是第8版\r\n- number: 8\r\n  articles:\r\n  - 丙\r\nfooter: x";
        let mut text = EditionText::read(Path::new("e.yaml"), existing).unwrap();
        let numbers: Vec<Option<u32>> = text.spans.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [Some(6), Some(8)]);
        assert_eq!(text.spans[1].articles, ["丙"]);
        text.put(&entry(Some(7), "评论", &["甲"]), 0, None);
        text.put(&entry(Some(3), "要闻", &["丁"]), 1, None);
        text.put(&entry(None, "副刊", &["戊"]), 2, None);
        let got = text.text();
        assert_eq!(
            got,
            "# 校对过\r\nissue: 第1期\r\npages:\r\n- number: 3\r\n  name: 要闻\r\n  editors: [胡文洁, 周菁]\r\n  articles:\r\n    - 丁\r\n- number: 6   # 理论\r\n  articles: [乙]\r\n- number: 7\r\n  name: 评论\r\n  editors: [胡文洁, 周菁]\r\n  articles:\r\n    - 甲\r\n\r\n# 下面是第8版\r\n- number: 8\r\n  articles:\r\n  - 丙\r\n- name: 副刊\r\n  editors: [胡文洁, 周菁]\r\n  articles:\r\n    - 戊\r\nfooter: x\r\n"
        );
        // What was written reads back, with its pages in order.
        let again = EditionText::read(Path::new("e.yaml"), &got).unwrap();
        let numbers: Vec<Option<u32>> = again.spans.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [Some(3), Some(6), Some(7), Some(8), None]);
    }

    #[test]
    fn replaces_only_the_lines_of_the_page_replaced() {
        let existing = "pages:\n  - number: 5\n    name: 评论\n    articles:\n      - 旧\n  # 第6版\n  - number: 6\n    articles: [乙]\n";
        let mut text = EditionText::read(Path::new("e.yaml"), existing).unwrap();
        let line = text.find(Some(5), None).and_then(|span| span.line);
        assert_eq!(line, Some(2));
        text.put(&entry(Some(5), "评论", &["新"]), 0, line);
        assert_eq!(
            text.text(),
            "pages:\n  - number: 5\n    name: 评论\n    editors: [胡文洁, 周菁]\n    articles:\n      - 新\n  # 第6版\n  - number: 6\n    articles: [乙]\n"
        );
    }

    #[test]
    fn finds_the_same_page_by_number_or_else_by_name() {
        let text = EditionText::read(
            Path::new("e.yaml"),
            "pages:\n  - name: 评论\n    articles: [甲]\n  - number: 6\n    name: 理论\n    articles: [乙]\n",
        )
        .unwrap();
        assert_eq!(text.find(None, Some("评论")).and_then(|s| s.line), Some(2));
        assert_eq!(
            text.find(Some(6), Some("评论")).and_then(|s| s.line),
            Some(4)
        );
        assert!(text.find(Some(5), Some("评论")).is_none());
        assert!(text.find(None, Some("理论")).is_none());
    }

    #[test]
    fn a_file_without_pages_gets_its_list_at_the_end() {
        let mut text = EditionText::read(Path::new("e.yaml"), "# 手写的\nissue: 12345").unwrap();
        text.put(&entry(None, "评论", &["甲"]), 0, None);
        assert_eq!(
            text.text(),
            "# 手写的\nissue: 12345\npages:\n  - name: 评论\n    editors: [胡文洁, 周菁]\n    articles:\n      - 甲\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_add_to_line_by_line() {
        for (text, line) in [
            ("pages: [{number: 5, articles: [甲]}]\n", 1),
            ("pages: &p\n  - articles: [甲]\n", 1),
            ("\"pages\":\n  - articles: [甲]\n", 1),
        ] {
            let error = EditionText::read(Path::new("e.yaml"), text).unwrap_err();
            assert_eq!(error.line, line, "{text}: {error}");
            assert!(
                error.message.contains("add the page by hand"),
                "{text}: {error}"
            );
        }
        let invalid =
            EditionText::read(Path::new("e.yaml"), "pages:\n  - number: [\n").unwrap_err();
        assert_eq!(invalid.path, Path::new("e.yaml"));
        assert!(invalid.line >= 2, "{invalid}");
    }
}
