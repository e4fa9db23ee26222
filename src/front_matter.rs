//! Splits an article's `---` block from its body and parses YAML. The only module that uses
//! serde_yaml (archived upstream), so that it can be swapped for a maintained drop-in.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;

/// An article file cut in two, remembering where each part starts (1-based lines).
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The line of the file on which `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The line of the file on which `body` starts.
    pub body_line: usize,
}

/// Cuts `text` into its front matter and body. The front matter opens with `---` on the first
/// line and closes with the next line that is exactly `---` (or `...`).
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::new(
            path,
            1,
            1,
            "the file does not start with front matter: put a line `---`, then `title:`, `author:` \
             and the other fields, then a line `---` before the text",
        ));
    }
    let yaml_start = first_end;
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let content = text[offset..end].trim_end();
        if content == "---" || content == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(Diagnostic::new(
        path,
        1,
        1,
        "the front matter opened here is never closed: add a line `---` after its last field",
    ))
}

/// A value under `extra:`, passed to themes as it was written.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ExtraValue {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<ExtraValue>),
    Map(BTreeMap<String, ExtraValue>),
}

/// Extra values are part of a page's fingerprint (see `output`): floats hash by their bits.
impl std::hash::Hash for ExtraValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            ExtraValue::Null => {}
            ExtraValue::Bool(b) => b.hash(state),
            ExtraValue::Integer(i) => i.hash(state),
            ExtraValue::Float(f) => f.to_bits().hash(state),
            ExtraValue::String(s) => s.hash(state),
            ExtraValue::List(items) => items.hash(state),
            ExtraValue::Map(map) => map.hash(state),
        }
    }
}

/// One name or several.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(name) => vec![name],
            OneOrMany::Many(names) => names,
        }
    }
}

/// Exactly what an article's front matter says, before any check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<Scalar>,
    pub author: Option<OneOrMany>,
    pub date: Option<Scalar>,
    pub section: Option<Scalar>,
    pub slug: Option<Scalar>,
    pub summary: Option<Scalar>,
    pub affiliation: Option<Scalar>,
    pub note: Option<Scalar>,
    pub tags: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub extra: Option<BTreeMap<String, ExtraValue>>,
}

/// The keys an article's front matter may have, for suggestions.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "author",
    "date",
    "section",
    "slug",
    "summary",
    "affiliation",
    "note",
    "tags",
    "draft",
    "extra",
];

/// A plain YAML scalar read as text, so that `title: 2025` or `date: 2026-03-27` stay as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a single line of text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Parses YAML `text` into `T`. `first_line` is the line of the file on which `text` starts, so
/// that positions name the file's own lines; `keys` are the known keys, for "did you mean".
pub fn parse_yaml<T: DeserializeOwned + Default>(
    path: &Path,
    text: &str,
    first_line: usize,
    keys: &[&str],
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml::from_str(text).map_err(|error| {
        let (mut line, mut column) = error
            .location()
            .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
        let message = explain_yaml_error(&error.to_string(), first_line, keys);
        // serde_yaml places errors about a value's shape at the start of the document: point at
        // the key instead.
        if let Some(key) = message.strip_prefix('`').and_then(|m| m.split('`').next())
            && let Some((key_line, key_column)) = key_position(text, key)
        {
            (line, column) = (first_line + key_line - 1, key_column);
        }
        Diagnostic::new(path, line, column, message)
    })
}

/// Turns serde_yaml's wording into advice. Its own positions (" at line X column Y") are
/// dropped from the main message and moved to the file's lines in the rest.
fn explain_yaml_error(message: &str, first_line: usize, keys: &[&str]) -> String {
    let (head, context) = match message.split_once(", while ") {
        Some((head, context)) => (head, Some(context)),
        None => (message, None),
    };
    let head = head.find(" at line ").map_or(head, |i| &head[..i]);
    if let Some(rest) = head.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        return match nearest(unknown, keys) {
            Some(known) => format!("unknown key `{unknown}` (did you mean `{known}`?)"),
            None => format!("unknown key `{unknown}`: the keys are {}", keys.join(", ")),
        };
    }
    if head.contains("untagged enum OneOrMany") {
        return "`author` must be a name or a list of names, such as `author: [李宏, 杨双双]`"
            .to_owned();
    }
    let mut explained = format!("YAML: {head}");
    if head.starts_with("mapping values are not allowed") {
        explained
            .push_str(" (a value containing `: ` must be quoted, as in `title: \"标题: 副题\"`)");
    }
    if let Some(context) = context {
        // "parsing a flow sequence at line 2 column 9" → the file's line.
        let shifted = match context.split_once(" at line ") {
            Some((what, place)) => {
                let (line, rest) = place.split_once(' ').unwrap_or((place, ""));
                match line.parse::<usize>() {
                    Ok(line) => format!(
                        "{what} that starts at line {} {rest}",
                        line + first_line - 1
                    ),
                    Err(_) => context.to_owned(),
                }
            }
            None => context.to_owned(),
        };
        explained.push_str(", while ");
        explained.push_str(shifted.trim_end());
    }
    explained
}

/// The known key closest to `word` by edit distance, when it is close enough to be a typo.
fn nearest<'k>(word: &str, keys: &[&'k str]) -> Option<&'k str> {
    keys.iter()
        .map(|key| (edit_distance(word, key), *key))
        .filter(|(distance, key)| *distance <= 2.max(key.len() / 3))
        .min()
        .map(|(_, key)| key)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// Where a top-level `key:` stands in `yaml` (1-based line within `yaml`, and the column of its
/// value), for errors about a field's value.
pub fn key_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value_offset = key.len() + 1 + (rest.len() - rest.trim_start().len());
        Some((i + 1, line[..value_offset].chars().count() + 1))
    })
}

/// Where `child:` stands inside the top-level block `parent:` of `yaml`, as [`key_position`].
pub fn key_position_nested(yaml: &str, parent: &str, child: &str) -> Option<(usize, usize)> {
    let (parent_line, _) = key_position(yaml, parent)?;
    yaml.lines()
        .enumerate()
        .skip(parent_line)
        .take_while(|(_, line)| line.is_empty() || line.starts_with([' ', '\t']))
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start().len();
            let (_, column) = key_position(&line[indent..], child)?;
            Some((i + 1, column + line[..indent].chars().count()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RawFrontMatter, Diagnostic> {
        let split = split(Path::new("a.md"), text)?;
        parse_yaml(
            Path::new("a.md"),
            split.yaml,
            split.yaml_line,
            FRONT_MATTER_KEYS,
        )
    }

    #[test]
    fn splits_front_matter_and_remembers_the_body_line() {
        let split = split(Path::new("a.md"), "---\ntitle: 标题\n---\n正文\n").unwrap();
        assert_eq!(split.yaml, "title: 标题\n");
        assert_eq!(split.body, "正文\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn accepts_a_byte_order_mark_and_crlf() {
        let split = split(Path::new("a.md"), "\u{feff}---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!(split.yaml, "title: x\r\n");
        assert_eq!(split.body, "body");
    }

    #[test]
    fn errors_on_unclosed_front_matter() {
        let error = split(Path::new("a.md"), "---\ntitle: x\n正文\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.md:1:1: the front matter opened here is never closed: add a line `---` after its last field"
        );
    }

    #[test]
    fn errors_on_missing_front_matter() {
        let error = split(Path::new("a.md"), "正文\n").unwrap_err();
        assert!(
            error
                .message
                .starts_with("the file does not start with front matter")
        );
    }

    #[test]
    fn reads_one_author_or_several() {
        let one = parse("---\nauthor: 李宏\n---\n").unwrap();
        assert_eq!(one.author.unwrap().into_vec(), ["李宏"]);
        let many = parse("---\nauthor: [李宏, 李红]\n---\n").unwrap();
        assert_eq!(many.author.unwrap().into_vec(), ["李宏", "李红"]);
    }

    #[test]
    fn keeps_scalars_as_written() {
        let raw = parse("---\ntitle: 2025\ndate: 2026-03-27\n---\n").unwrap();
        assert_eq!(raw.title.unwrap().0, "2025");
        assert_eq!(raw.date.unwrap().0, "2026-03-27");
    }

    #[test]
    fn suggests_the_nearest_key_for_a_typo() {
        let error = parse("---\ntitle: 标题\nauther: 李宏\n---\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.column, 1);
        assert_eq!(
            error.message,
            "unknown key `auther` (did you mean `author`?)"
        );
    }

    #[test]
    fn reports_yaml_syntax_errors_at_the_files_line() {
        let error = parse("---\ntitle: 标题\nauthor: [李宏\n---\n").unwrap_err();
        assert!(error.line >= 3, "{error}");
        assert!(error.message.starts_with("YAML: "), "{error}");
    }

    #[test]
    fn finds_a_keys_value_column() {
        assert_eq!(
            key_position("title: x\ndate:  2026\n", "date"),
            Some((2, 8))
        );
        assert_eq!(key_position("title: x\n", "date"), None);
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("auther", "author"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(nearest("titel", FRONT_MATTER_KEYS), Some("title"));
        assert_eq!(nearest("zzzzzz", FRONT_MATTER_KEYS), None);
    }
}
