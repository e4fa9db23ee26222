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
/// line and closes with the next line that is exactly `---` (or `...`). Lines end at `\r\n`,
/// `\r` or `\n`, as CommonMark and YAML read them.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first_end, yaml_start) = line_end(text, 0);
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::new(
            path,
            1,
            1,
            "the file does not start with front matter: put a line `---`, then `title:`, `author:` \
             and the other fields, then a line `---` before the text",
        ));
    }
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let (end, next) = line_end(text, offset);
        let content = text[offset..end].trim_end();
        if content == "---" || content == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[next..],
                body_line: line + 1,
            });
        }
        offset = next;
        line += 1;
    }
    Err(Diagnostic::new(
        path,
        1,
        1,
        "the front matter opened here is never closed: add a line `---` after its last field",
    ))
}

/// Where the line that starts at byte `start` of `text` ends (before its line break), and where
/// the next one starts. `\r\n`, `\r` and `\n` each end a line: files saved by old Mac tools end
/// their lines with `\r` alone, and every position reported must count those lines.
pub fn line_end(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    match bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
    {
        None => (text.len(), text.len()),
        Some(i) => {
            let end = start + i;
            let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
            (end, end + 1 + usize::from(crlf))
        }
    }
}

/// The lines of `text`, without their breaks (`\r\n`, `\r` or `\n`).
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let (end, next) = line_end(text, start);
        let line = &text[start..end];
        start = next;
        Some(line)
    })
}

/// The 1-based line and column (in characters) of byte `offset` of `text`, lines ending as in
/// [`line_end`].
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    crate::error::position_of(text.as_bytes(), offset)
}

/// The text with every line break (`\r\n`, `\r`) written as `\n`, so that the Markdown
/// renderer reads lone `\r` line endings as line breaks too (pulldown-cmark misreads them
/// in fenced code).
pub fn with_lf_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// What one pass over a file's bytes found, so that the rarer checks run only on the files
/// that need them. The pass is branch-free over each chunk, so that it is vectorised: it runs
/// on every article of the site (about 5 GB/s on the benchmark machine).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scan(u8);

impl Scan {
    /// A character XML 1.0 forbids: C0 controls other than tab, LF and CR; U+FFFE, U+FFFF.
    const XML_FORBIDDEN: u8 = 1;
    /// A carriage return.
    const CR: u8 = 2;
    /// `&#`, which may start a character reference that Markdown turns into any character.
    const CHAR_REF: u8 = 4;
    /// U+0085, U+2028 or U+2029: YAML 1.1 (serde_yaml) reads them as line breaks.
    const YAML_BREAK: u8 = 8;

    pub fn of(bytes: &[u8]) -> Scan {
        #[inline(always)]
        fn c0(b: u8) -> bool {
            (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')
        }
        #[inline(always)]
        fn flags(x: u8, y: u8, z: u8) -> u8 {
            (c0(x) | ((x == 0xEF) & (y == 0xBF) & (z >= 0xBE))) as u8
                | ((x == b'\r') as u8) << 1
                | (((x == b'&') & (y == b'#')) as u8) << 2
                | ((((x == 0xC2) & (y == 0x85))
                    | ((x == 0xE2) & (y == 0x80) & ((z == 0xA8) | (z == 0xA9))))
                    as u8)
                    << 3
        }
        let n = bytes.len();
        let mut found = 0;
        if n >= 3 {
            let (a, b, c) = (&bytes[..n - 2], &bytes[1..n - 1], &bytes[2..]);
            for ((a, b), c) in a.chunks(4096).zip(b.chunks(4096)).zip(c.chunks(4096)) {
                found |= a
                    .iter()
                    .zip(b)
                    .zip(c)
                    .fold(0, |acc, ((&x, &y), &z)| acc | flags(x, y, z));
            }
        }
        // The last two bytes start no sequence of three.
        for (i, &x) in bytes.iter().enumerate().skip(n.saturating_sub(2)) {
            found |= flags(x, bytes.get(i + 1).copied().unwrap_or(0), 0);
        }
        Scan(found)
    }

    /// Whether the text holds a character that [`character_problems`] reports.
    pub fn has_bad_characters(self) -> bool {
        self.0 & (Self::XML_FORBIDDEN | Self::YAML_BREAK) != 0
    }

    /// Whether the text holds a carriage return.
    pub fn has_cr(self) -> bool {
        self.0 & Self::CR != 0
    }

    /// Whether the text holds `&#`.
    pub fn has_char_ref(self) -> bool {
        self.0 & Self::CHAR_REF != 0
    }
}

/// Whether XML 1.0 forbids `c`, so that a feed or sitemap holding it is not XML.
pub fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether serde_yaml (YAML 1.1) reads `c` as a line break; YAML 1.2 does not.
fn is_yaml_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// How many bad characters of one file are listed one by one; a file full of them (one saved
/// as UTF-16 has a NUL in every other byte) gets one more line for the rest.
const CHARACTERS_LISTED: usize = 20;

/// Every character of `text` that XML forbids, and in its first `yaml_end` bytes (the front
/// matter, or the whole of site.yaml) every character YAML would take for a line break, each
/// at its line and column: deleting them silently would change what the user wrote.
pub fn character_problems(path: &Path, text: &str, yaml_end: usize) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut more = 0;
    let (mut line, mut column) = (1, 1);
    let mut after_cr = false;
    for (offset, c) in text.char_indices() {
        let bad = is_forbidden_in_xml(c) || (offset < yaml_end && is_yaml_break(c));
        if bad && problems.len() < CHARACTERS_LISTED {
            problems.push(Diagnostic::new(path, line, column, character_message(c)));
        } else if bad {
            if more == 0 {
                problems.push(Diagnostic::new(path, line, column, String::new()));
            }
            more += 1;
        }
        match c {
            '\n' if after_cr => {}
            '\n' | '\r' => (line, column) = (line + 1, 1),
            _ => column += 1,
        }
        after_cr = c == '\r';
    }
    if more > 0 {
        let last = problems
            .last_mut()
            .expect("the line for the rest was pushed");
        last.message = format!(
            "{more} more characters from here on that feeds cannot carry (control characters): was the file saved as UTF-16? Save it as UTF-8"
        );
    }
    problems
}

/// What to say of a character [`character_problems`] found.
fn character_message(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    match c {
        '\u{b}' => format!(
            "a control character {code} (vertical tab) here: delete it, or start a new line (Word's manual line break, Shift+Enter, pastes as {code})"
        ),
        '\u{fffe}' | '\u{ffff}' => {
            format!("a noncharacter {code} here, which feeds and sitemaps cannot carry: delete it")
        }
        '\u{85}' | '\u{2028}' | '\u{2029}' => format!(
            "{code} ({}) here, which YAML reads as a line break: delete it, or write a space",
            character_name(c)
        ),
        c => format!(
            "a control character {code} ({}) here: delete it",
            character_name(c)
        ),
    }
}

fn character_name(c: char) -> &'static str {
    const C0: [&str; 32] = [
        "null",
        "start of heading",
        "start of text",
        "end of text",
        "end of transmission",
        "enquiry",
        "acknowledge",
        "bell",
        "backspace",
        "tab",
        "line feed",
        "vertical tab",
        "form feed",
        "carriage return",
        "shift out",
        "shift in",
        "data link escape",
        "device control one",
        "device control two",
        "device control three",
        "device control four",
        "negative acknowledge",
        "synchronous idle",
        "end of transmission block",
        "cancel",
        "end of medium",
        "substitute",
        "escape",
        "file separator",
        "group separator",
        "record separator",
        "unit separator",
    ];
    match c {
        '\u{85}' => "next line",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        c => C0.get(c as usize).copied().unwrap_or("noncharacter"),
    }
}

/// The escapes in the double-quoted scalars of `yaml` that stand for characters XML forbids
/// (`"\v"`, `"\x0b"`, `"\u0001"`), each at its line and column (shifted by `first_line`).
/// Run when the YAML holds a backslash; the parsed values are checked too, so that a text
/// that merely looks like an escape is never reported, and a real one is never missed.
pub fn escape_problems(path: &Path, yaml: &str, first_line: usize) -> Vec<Diagnostic> {
    // Only these escapes can write such a character (`\"`, `\\`, `\n`, `\t` cannot); the
    // second parse of the YAML is paid only when one of them is there.
    let may_write_one = yaml
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && b"0abvfexuU".contains(&w[1]));
    if !may_write_one || !values_hold_forbidden(yaml) {
        return Vec::new();
    }
    let found = forbidden_escapes(yaml);
    if found.is_empty() {
        return vec![Diagnostic::new(
            path,
            first_line,
            1,
            "a value below holds a control character written as an escape (such as `\\v`): delete it",
        )];
    }
    found
        .into_iter()
        .map(|(offset, written, c)| {
            let (line, column) = position(yaml, offset);
            let code = format!("U+{:04X}", u32::from(c));
            let message = match c {
                '\u{fffe}' | '\u{ffff}' => format!(
                    "`{written}` here writes the noncharacter {code}, which feeds and sitemaps cannot carry: delete it"
                ),
                c => format!(
                    "`{written}` here writes a control character {code} ({}), which feeds and sitemaps cannot carry: delete it",
                    character_name(c)
                ),
            };
            Diagnostic::new(path, line + first_line - 1, column, message)
        })
        .collect()
}

/// Whether any key or value of `yaml`, as parsed, holds a character XML forbids.
fn values_hold_forbidden(yaml: &str) -> bool {
    fn holds(value: &serde_yaml::Value) -> bool {
        use serde_yaml::Value;
        let bad = |s: &str| s.chars().any(is_forbidden_in_xml);
        match value {
            Value::String(s) => bad(s),
            Value::Sequence(items) => items.iter().any(holds),
            Value::Mapping(map) => map.iter().any(|(k, v)| holds(k) || holds(v)),
            Value::Tagged(tagged) => holds(&tagged.value),
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }
    serde_yaml::from_str::<serde_yaml::Value>(yaml).is_ok_and(|value| holds(&value))
}

/// Escapes in double-quoted scalars that decode to a character XML forbids: (byte offset, the
/// escape as written, the character). A quote opens a scalar only where YAML lets one start
/// (after `: `, `- `, `[`, `{`, `,` or at a line's start), so quotes inside plain text are
/// passed over; comments and single-quoted scalars are skipped.
fn forbidden_escapes(yaml: &str) -> Vec<(usize, &str, char)> {
    let bytes = yaml.as_bytes();
    let mut found = Vec::new();
    // The last byte that was not a space or tab, and the byte just before this one.
    let (mut previous, mut before) = (b'\n', b'\n');
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let may_start = matches!(
            previous,
            b'\n' | b'\r' | b':' | b'-' | b'[' | b'{' | b',' | b'?'
        );
        match b {
            b'#' if matches!(before, b' ' | b'\t' | b'\n' | b'\r') => {
                i = line_end(yaml, i).0;
                continue;
            }
            b'\'' if may_start => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'"' if may_start => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] != b'\\' {
                        i += 1;
                        continue;
                    }
                    let hex = |digits: usize| {
                        yaml.get(i + 2..i + 2 + digits)
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                            .map(|c| (c, 2 + digits))
                    };
                    let decoded = match bytes.get(i + 1) {
                        Some(b'0') => Some(('\0', 2)),
                        Some(b'a') => Some(('\u{7}', 2)),
                        Some(b'b') => Some(('\u{8}', 2)),
                        Some(b'v') => Some(('\u{b}', 2)),
                        Some(b'f') => Some(('\u{c}', 2)),
                        Some(b'e') => Some(('\u{1b}', 2)),
                        Some(b'x') => hex(2),
                        Some(b'u') => hex(4),
                        Some(b'U') => hex(8),
                        _ => None,
                    };
                    match decoded {
                        Some((c, len)) => {
                            if is_forbidden_in_xml(c) {
                                found.push((i, &yaml[i..i + len], c));
                            }
                            i += len;
                        }
                        // Any other escape is two characters long; a multi-byte one is
                        // stepped over byte by byte below.
                        None => i += 2,
                    }
                }
            }
            _ => {}
        }
        if i < bytes.len() {
            if !matches!(bytes[i], b' ' | b'\t') {
                previous = bytes[i];
            }
            before = bytes[i];
        }
        i += 1;
    }
    found
}

/// A value under `extra:`, passed to themes as it was written.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// Read by hand rather than as an untagged enum: an untagged enum buffers the value and, when
/// a map inside it gives a key twice, says only that the data matched no variant.
impl<'de> Deserialize<'de> for ExtraValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ExtraValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value")
            }
            fn visit_unit<E>(self) -> Result<ExtraValue, E> {
                Ok(ExtraValue::Null)
            }
            fn visit_none<E>(self) -> Result<ExtraValue, E> {
                Ok(ExtraValue::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<ExtraValue, D::Error> {
                ExtraValue::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<ExtraValue, E> {
                Ok(ExtraValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<ExtraValue, E> {
                Ok(ExtraValue::Integer(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ExtraValue, E> {
                Ok(i64::try_from(v).map_or(ExtraValue::Float(v as f64), ExtraValue::Integer))
            }
            fn visit_f64<E>(self, v: f64) -> Result<ExtraValue, E> {
                Ok(ExtraValue::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<ExtraValue, E> {
                Ok(ExtraValue::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<ExtraValue, E> {
                Ok(ExtraValue::String(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ExtraValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(ExtraValue::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ExtraValue, A::Error> {
                unique_entries(map, false)
                    .map(|entries| ExtraValue::Map(entries.into_iter().collect()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A YAML mapping with text keys that refuses a key given twice: serde's own maps keep the
/// last value silently, and nothing the user wrote may vanish so. With `NAMES`, the keys are
/// names (authors, sections), compared and kept in NFC (see [`crate::slug::nfc`]), so that
/// two spellings of one name are one key.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueMap<V, const NAMES: bool = false>(pub BTreeMap<String, V>);

impl<V, const NAMES: bool> Default for UniqueMap<V, NAMES> {
    fn default() -> Self {
        UniqueMap(BTreeMap::new())
    }
}

impl<'de, V: Deserialize<'de>, const NAMES: bool> Deserialize<'de> for UniqueMap<V, NAMES> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        OrderedMap::<V, NAMES>::deserialize(deserializer)
            .map(|ordered| UniqueMap(ordered.0.into_iter().collect()))
    }
}

/// serde's own words for a struct's field given twice; a map's key given twice is said the
/// same way, so that [`explain_duplicate`] reads both. A name that is only spelled the same
/// way (NFC) is said with `DUPLICATE_NAME`.
const DUPLICATE_FIELD: &str = "duplicate field `";
const DUPLICATE_NAME: &str = "duplicate name `";

/// The entries of a map in the order they are written, refusing a key given twice.
fn unique_entries<'de, V: Deserialize<'de>, A: serde::de::MapAccess<'de>>(
    mut map: A,
    names: bool,
) -> Result<Vec<(String, V)>, A::Error> {
    let mut entries = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while let Some(key) = map.next_key::<String>()? {
        let (key, said) = if names {
            (crate::slug::nfc(key), DUPLICATE_NAME)
        } else {
            (key, DUPLICATE_FIELD)
        };
        if !seen.insert(key.clone()) {
            return Err(serde::de::Error::custom(format!("{said}{key}`")));
        }
        let value = map.next_value()?;
        entries.push((key, value));
    }
    Ok(entries)
}

/// [`UniqueMap`] in the order the keys are written: site.yaml's `topics:`, whose order is
/// the order of the topics' index.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V, const NAMES: bool = false>(pub Vec<(String, V)>);

impl<V, const NAMES: bool> Default for OrderedMap<V, NAMES> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>, const NAMES: bool> Deserialize<'de> for OrderedMap<V, NAMES> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<V, const NAMES: bool>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>, const NAMES: bool> serde::de::Visitor<'de> for Visitor<V, NAMES> {
            type Value = OrderedMap<V, NAMES>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of `key: value` lines")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                unique_entries(map, NAMES).map(OrderedMap)
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
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

/// One name or several, read by hand (not as an untagged enum, whose error says neither the
/// key nor where): `editors: 王五` or `editors: [王五, 赵六]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Names;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name or a list of names, such as `[王五, 赵六]`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Names, E> {
                Ok(Names(vec![v.to_owned()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(Scalar(name)) = seq.next_element()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
        }
        deserializer.deserialize_any(Visitor)
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
    pub kicker: Option<Scalar>,
    pub subtitle: Option<Scalar>,
    pub summary: Option<Scalar>,
    pub standfirst: Option<Scalar>,
    pub affiliation: Option<Scalar>,
    pub source: Option<Scalar>,
    pub note: Option<Scalar>,
    pub tags: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub expires: Option<Scalar>,
    pub updated: Option<Scalar>,
    pub corrections: Option<Vec<RawCorrection>>,
    pub aliases: Option<Vec<Scalar>>,
    /// 原标题: the headline of the piece as first printed elsewhere, when it is reprinted.
    pub original_title: Option<Scalar>,
    /// 责任编辑 of this piece, over its page's.
    pub editors: Option<Names>,
    /// Articles (their file names below articles/, without .md) to show as related reading.
    pub related: Option<Vec<Scalar>>,
    pub image: Option<RawImage>,
    pub extra: Option<UniqueMap<ExtraValue>>,
}

/// The lead picture (`image:`), exactly as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImage {
    pub file: Option<Scalar>,
    /// 图说: what the picture shows.
    pub caption: Option<Scalar>,
    /// `漫画/易蓉`, `摄影/…`, `图片来源：…`
    pub credit: Option<Scalar>,
    /// For readers who cannot see it; else the caption.
    pub alt: Option<Scalar>,
}

/// The keys of `image:`, for suggestions.
pub const IMAGE_KEYS: &[&str] = &["file", "caption", "credit", "alt"];

/// One item of `corrections:`, exactly as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrection {
    pub date: Option<Scalar>,
    pub kind: Option<Scalar>,
    pub text: Option<Scalar>,
}

/// The keys of a correction, for suggestions.
pub const CORRECTION_KEYS: &[&str] = &["date", "kind", "text"];

/// The keys an article's front matter may have, for suggestions.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "author",
    "date",
    "section",
    "slug",
    "kicker",
    "subtitle",
    "summary",
    "standfirst",
    "affiliation",
    "source",
    "note",
    "tags",
    "draft",
    "expires",
    "updated",
    "corrections",
    "aliases",
    "original_title",
    "editors",
    "related",
    "image",
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
    // serde_yaml reads a byte-order mark before two or more keys as the start of a second
    // document; articles' marks are cut off before this, settings' here.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml::from_str(text).map_err(|error| {
        // From serde_yaml's byte offset, so that lines end as everywhere else (YAML 1.1 also
        // ends them at U+0085, U+2028 and U+2029, which the checks before refuse).
        let (mut line, mut column) = error.location().map_or((first_line, 1), |l| {
            let (line, column) = position(text, l.index());
            (first_line + line - 1, column)
        });
        let raw = error.to_string();
        let map_start = error.location().map(|l| l.index());
        if let Some((message, second)) = explain_duplicate(&raw, text, map_start, first_line) {
            if let Some(offset) = second {
                let (second_line, second_column) = position(text, offset);
                (line, column) = (first_line + second_line - 1, second_column);
            }
            return Diagnostic::new(path, line, column, message);
        }
        let message = explain_yaml_error(&raw, first_line, keys);
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

/// A key given twice. serde_yaml says `extra: duplicate field `x`` at the start of the mapping;
/// this finds both places the key is written and says where the first is. Gives the message
/// and the byte offset of the second key, when both were found.
fn explain_duplicate(
    message: &str,
    yaml: &str,
    map_start: Option<usize>,
    first_line: usize,
) -> Option<(String, Option<usize>)> {
    let head = message.find(" at line ").map_or(message, |i| &message[..i]);
    let (parent, rest) = match head.split_once(": ") {
        Some((parent, rest))
            if rest.starts_with(DUPLICATE_FIELD) || rest.starts_with(DUPLICATE_NAME) =>
        {
            (Some(parent), rest)
        }
        _ => (None, head),
    };
    let (names, key) = if let Some(key) = rest.strip_prefix(DUPLICATE_FIELD) {
        (false, key.strip_suffix('`')?)
    } else {
        (true, rest.strip_prefix(DUPLICATE_NAME)?.strip_suffix('`')?)
    };
    let within = parent.map_or(String::new(), |p| format!(" in `{p}`"));
    let places = map_start.map_or_else(Vec::new, |start| key_occurrences(yaml, start, key, names));
    let written = |at: usize| unquote(yaml[at..key_end(yaml, at, false)].trim());
    Some(match places[..] {
        [first, second, ..] => {
            let spelled = if written(first) == written(second) {
                ""
            } else {
                " (the same name, written with other Unicode characters that look the same)"
            };
            (
                format!(
                    "`{key}` is given twice{within}{spelled}; the first is at line {}",
                    position(yaml, first).0 + first_line - 1
                ),
                Some(second),
            )
        }
        _ => (format!("`{key}` is given twice{within}: keep one"), None),
    })
}

/// Where `key` is written as a key of the mapping that starts at byte `start` of `yaml`: a
/// flow mapping (`{a: 1, b: 2}`) or a block one (keys one per line at the first key's column).
/// With `names`, keys are compared in NFC.
fn key_occurrences(yaml: &str, start: usize, key: &str, names: bool) -> Vec<usize> {
    let same = |written: &str| {
        let written = unquote(written.trim());
        if names {
            crate::slug::nfc(written.to_owned()) == key
        } else {
            written == key
        }
    };
    let bytes = yaml.as_bytes();
    let mut found = Vec::new();
    if bytes.get(start) == Some(&b'{') {
        let mut depth = 0;
        let mut expect_key = false;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                open @ (b'{' | b'[') => {
                    depth += 1;
                    expect_key = depth == 1 && open == b'{';
                }
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b',' if depth == 1 => expect_key = true,
                b' ' | b'\t' | b'\r' | b'\n' => {}
                _ if expect_key && depth == 1 => {
                    let end = key_end(yaml, i, true);
                    if same(&yaml[i..end]) {
                        found.push(i);
                    }
                    expect_key = false;
                    i = end;
                    continue;
                }
                b'"' | b'\'' => {
                    i = quoted_end(yaml, i);
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        return found;
    }
    let line_start = yaml[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let indent = start - line_start;
    if same(&yaml[start..key_end(yaml, start, false)]) {
        found.push(start);
    }
    let mut offset = line_end(yaml, start).1;
    while offset < yaml.len() {
        let (end, next) = line_end(yaml, offset);
        let line = &yaml[offset..end];
        let content = line.trim_start_matches(' ');
        let spaces = line.len() - content.len();
        if !(content.trim().is_empty() || content.starts_with('#')) {
            if spaces < indent {
                break;
            }
            let at = offset + spaces;
            if spaces == indent && same(&yaml[at..key_end(yaml, at, false)]) {
                found.push(at);
            }
        }
        offset = next;
    }
    found
}

/// The end of a key written at byte `start`: after its closing quote, or at the `:` that
/// follows a plain key (or, in a flow mapping, the `,` or `}` of a key without a value).
fn key_end(yaml: &str, start: usize, flow: bool) -> usize {
    let bytes = yaml.as_bytes();
    if matches!(bytes.get(start), Some(b'"' | b'\'')) {
        return quoted_end(yaml, start);
    }
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n')) => break,
            b':' if flow && matches!(bytes.get(i + 1), Some(b',' | b'}')) => break,
            b',' | b'}' if flow => break,
            b'\r' | b'\n' => break,
            _ => i += 1,
        }
    }
    i
}

/// The byte after the quote that closes the scalar opening at `start` (`"…"` with `\"`
/// escapes, or `'…'` with `''`).
fn quoted_end(yaml: &str, start: usize) -> usize {
    let bytes = yaml.as_bytes();
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// A key as written, without its quotes (escapes are not decoded: keys rarely hold any).
fn unquote(written: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = written
            .strip_prefix(quote)
            .and_then(|w| w.strip_suffix(quote))
        {
            return inner;
        }
    }
    written
}

/// Turns serde_yaml's wording into advice. Its own positions (" at line X column Y") are
/// dropped from the main message and moved to the file's lines in the rest.
fn explain_yaml_error(message: &str, first_line: usize, keys: &[&str]) -> String {
    let (head, context) = match message.split_once(", while ") {
        Some((head, context)) => (head, Some(context)),
        None => (message, None),
    };
    let head = head.find(" at line ").map_or(head, |i| &head[..i]);
    // A nested key is said after its place (`pages[0]: unknown field …`), which the
    // message's position gives already.
    let unknown = head
        .find("unknown field `")
        .filter(|&i| i == 0 || head[..i].ends_with(": "))
        .map(|i| &head[i..]);
    if let Some(rest) = unknown.and_then(|h| h.strip_prefix("unknown field `")) {
        let unknown = rest.split('`').next().unwrap_or_default();
        // A key inside a list's item (`corrections[0]: unknown field …`) is one of that item's
        // keys, which serde names after `expected`.
        let nested: Vec<&str>;
        let keys = if head.starts_with("unknown field `") {
            keys
        } else {
            nested = rest
                .split_once("expected")
                .map(|(_, expected)| expected.split('`').skip(1).step_by(2).collect())
                .unwrap_or_default();
            if nested.is_empty() { keys } else { &nested[..] }
        };
        return match nearest(unknown, keys) {
            Some(known) => format!("unknown key `{unknown}` (did you mean `{known}`?)"),
            None => format!("unknown key `{unknown}`: the keys are {}", keys.join(", ")),
        };
    }
    if head.contains("expected struct RawCorrection") {
        return "a correction is `date:` and `text:` lines (and `kind: 说明` for a clarification) after a `- `, such as `- {date: 2026-03-28, text: 原文第二段……}`".to_owned();
    }
    if head.starts_with("corrections: invalid type") {
        return "`corrections` is a list, one `- ` item a correction: `corrections: [{date: 2026-03-28, text: 原文第二段……}]`".to_owned();
    }
    if head.starts_with("aliases: invalid type") {
        return "`aliases` is a list of the article's old paths, such as `aliases: [/articles/old-slug/]`".to_owned();
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

/// The name among `names` closest to `word`, when it is close enough to be a slip (a
/// character or two of a headline mistyped): for "did you mean" on names, such as an
/// edition's entry that names no article file.
pub fn nearest_name<'a>(word: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // A quarter of the name, at least one character, and never the whole of it (`c` is no
    // slip for `a`).
    let length = word.chars().count();
    let limit = (length / 4).max(1).min(length.saturating_sub(1));
    names
        .map(|name| (edit_distance(word, name), name))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, name)| name)
}

/// The name among `names` that `name` was most likely meant to be: one that sounds the same
/// (the same pinyin: 李红 for 李宏), else one a character or so apart; with whether it sounds
/// the same. `None` when `name` is one of them, or none is near.
pub fn similar_name<'a>(
    name: &str,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Option<(&'a str, bool)> {
    if names.clone().any(|n| n == name) {
        return None;
    }
    let sound = crate::slug::slugify(name);
    let same_sound = names
        .clone()
        .find(|n| !sound.is_empty() && crate::slug::slugify(n) == sound);
    match same_sound {
        Some(found) => Some((found, true)),
        None => nearest_name(name, names).map(|found| (found, false)),
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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
    lines(yaml).enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value_offset = key.len() + 1 + (rest.len() - rest.trim_start().len());
        Some((i + 1, line[..value_offset].chars().count() + 1))
    })
}

/// Where `child:` stands inside the top-level block `parent:` of `yaml`, as [`key_position`].
pub fn key_position_nested(yaml: &str, parent: &str, child: &str) -> Option<(usize, usize)> {
    let (parent_line, _) = key_position(yaml, parent)?;
    lines(yaml)
        .enumerate()
        .skip(parent_line)
        .take_while(|(_, line)| line.is_empty() || line.starts_with([' ', '\t']))
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start().len();
            let (_, column) = key_position(&line[indent..], child)?;
            Some((i + 1, column + line[..indent].chars().count()))
        })
}

/// Where one item of a top-level list stands in the YAML: its value's line and column
/// (1-based, within the YAML), and, for an item that is a map, each key's value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemPlace {
    pub at: (usize, usize),
    pub keys: Vec<(String, (usize, usize))>,
}

impl ItemPlace {
    /// Where the value of `key` stands in this item, or the item itself.
    pub fn key(&self, key: &str) -> (usize, usize) {
        self.keys
            .iter()
            .find(|(name, _)| name == key)
            .map_or(self.at, |(_, at)| *at)
    }
}

/// Where each item of the top-level list `key:` stands in `yaml`, in order: a block list
/// (`- ` lines below the key, each a value or a map of `name: value` lines) or a flow list on
/// the key's line (`[a, {date: x, text: y}]`). Empty when the key is absent; for a list
/// written some other way (a flow list over several lines), the items found, which the
/// caller completes with the key's own place.
pub fn list_items(yaml: &str, key: &str) -> Vec<ItemPlace> {
    let all: Vec<&str> = lines(yaml).collect();
    let Some(key_line) = all.iter().position(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    }) else {
        return Vec::new();
    };
    let columns = |line: &str, byte: usize| line[..byte].chars().count() + 1;
    let after_key = &all[key_line][key.len() + 1..];
    let value = after_key.trim_start();
    if value.starts_with('[') {
        let start = all[key_line].len() - value.len();
        return flow_items(all[key_line], start)
            .into_iter()
            .map(|(at, keys)| ItemPlace {
                at: (key_line + 1, columns(all[key_line], at)),
                keys: keys
                    .into_iter()
                    .map(|(name, at)| (name, (key_line + 1, columns(all[key_line], at))))
                    .collect(),
            })
            .collect();
    }
    let mut items: Vec<ItemPlace> = Vec::new();
    // The indent of the items' `- `, and the column (byte) of the current item's map keys.
    let mut dash_indent = None;
    let mut key_indent = None;
    for (i, line) in all.iter().enumerate().skip(key_line + 1) {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        if indent == 0 && !content.starts_with('-') {
            break;
        }
        let is_dash = content == "-" || content.starts_with("- ");
        if is_dash && dash_indent.is_none_or(|d| d == indent) {
            dash_indent = Some(indent);
            let rest = content[1..].trim_start();
            let at = line.len() - rest.len();
            let mut place = ItemPlace {
                at: (i + 1, columns(line, at)),
                keys: Vec::new(),
            };
            if rest.starts_with('{') {
                place.keys = flow_map_keys(line, at)
                    .into_iter()
                    .map(|(name, at)| (name, (i + 1, columns(line, at))))
                    .collect();
                key_indent = None;
            } else if let Some((name, value_at)) = map_key(line, at) {
                place.keys.push((name, (i + 1, columns(line, value_at))));
                key_indent = Some(at);
            } else {
                key_indent = None;
            }
            items.push(place);
        } else if dash_indent.is_some_and(|d| indent <= d) {
            break;
        } else if key_indent == Some(indent)
            && let (Some(place), Some((name, value_at))) = (items.last_mut(), map_key(line, indent))
        {
            place.keys.push((name, (i + 1, columns(line, value_at))));
        }
    }
    items
}

/// A plain `name: value` key at byte `at` of `line`: its name and where its value starts.
fn map_key(line: &str, at: usize) -> Option<(String, usize)> {
    let rest = &line[at..];
    let colon = rest.find(':')?;
    let name = &rest[..colon];
    let after = &rest[colon + 1..];
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !plain || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let value_at = at + colon + 1 + (after.len() - after.trim_start().len());
    Some((name.to_owned(), value_at))
}

/// The keys of a one-line flow map opening at byte `at` of `line` (`{date: x, text: y}`),
/// with where each value starts.
fn flow_map_keys(line: &str, at: usize) -> Vec<(String, usize)> {
    flow_items(line, at)
        .into_iter()
        .next()
        .map(|(_, keys)| keys)
        .unwrap_or_default()
}

/// The items of the flow collection that opens at byte `start` of `line`: where each starts,
/// and, for an item that is a map, its keys and where their values start.
#[allow(clippy::type_complexity)]
fn flow_items(line: &str, start: usize) -> Vec<(usize, Vec<(String, usize)>)> {
    let bytes = line.as_bytes();
    let mut items: Vec<(usize, Vec<(String, usize)>)> = Vec::new();
    let mut depth = 0;
    // Whether the next non-space byte starts an item (depth 1) or a map key (depth 2).
    let mut expect = false;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' if depth == 0 => {
                depth = 1;
                expect = true;
                // A flow map alone (`{a: 1}`) is one item whose keys follow.
                if bytes[i] == b'{' {
                    items.push((i, Vec::new()));
                    depth = 2;
                }
            }
            b'{' if depth == 1 && expect => {
                items.push((i, Vec::new()));
                depth = 2;
                expect = true;
            }
            b'[' | b'{' => {
                depth += 1;
                expect = false;
            }
            b']' | b'}' => {
                depth -= 1;
                expect = false;
                if depth <= 0 {
                    break;
                }
            }
            b',' if depth <= 2 => expect = true,
            b' ' | b'\t' => {}
            b'"' | b'\'' => {
                if expect && depth == 1 {
                    items.push((i, Vec::new()));
                }
                expect = false;
                i = quoted_end(line, i);
                continue;
            }
            _ if expect && depth == 1 => {
                items.push((i, Vec::new()));
                expect = false;
            }
            _ if expect && depth == 2 => {
                expect = false;
                if let Some((name, value_at)) = map_key_flow(line, i) {
                    if let Some(item) = items.last_mut() {
                        item.1.push((name, value_at));
                    }
                    i = value_at;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    items
}

/// A key inside a flow map at byte `at` (`date: x` before a `,` or `}`).
fn map_key_flow(line: &str, at: usize) -> Option<(String, usize)> {
    let rest = &line[at..];
    let colon = rest.find(':')?;
    let name = rest[..colon].trim();
    if name.is_empty() || name.contains([',', '}', '{', '[', ']']) {
        return None;
    }
    let after = &rest[colon + 1..];
    let value_at = at + colon + 1 + (after.len() - after.trim_start().len());
    Some((name.to_owned(), value_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_where_each_item_of_a_list_stands() {
        let yaml = "title: x\naliases:\n  - /old/\n  -   articles/b/\ncorrections:\n- date: 2026-03-28\n  text: 一\n\n  kind: 说明\n- {date: 2026-03-29, text: 二}\ntags: [a]\n";
        let aliases = list_items(yaml, "aliases");
        assert_eq!(
            aliases.iter().map(|i| i.at).collect::<Vec<_>>(),
            [(3, 5), (4, 7)]
        );
        let corrections = list_items(yaml, "corrections");
        assert_eq!(corrections.len(), 2);
        assert_eq!(corrections[0].at, (6, 3));
        assert_eq!(corrections[0].key("date"), (6, 9));
        assert_eq!(corrections[0].key("text"), (7, 9));
        assert_eq!(corrections[0].key("kind"), (9, 9));
        assert_eq!(corrections[1].key("text"), (10, 28));
        let flow = list_items("aliases: [/a/, \"/b/\",  {x: 1}]\n", "aliases");
        assert_eq!(
            flow.iter().map(|i| i.at).collect::<Vec<_>>(),
            [(1, 11), (1, 16), (1, 24)]
        );
        let flow = list_items(
            "corrections: [{date: 1, text: 甲}, {text: 乙}]\n",
            "corrections",
        );
        assert_eq!(flow[0].key("text"), (1, 31));
        assert_eq!(flow[1].key("text"), (1, 42));
        assert_eq!(flow[1].key("date"), flow[1].at);
        assert!(list_items(yaml, "missing").is_empty());
    }

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
    fn ends_lines_at_crlf_cr_or_lf_alike() {
        let split = split(Path::new("a.md"), "---\rtitle: x\r\n---\r正文\n").unwrap();
        assert_eq!(
            (split.yaml, split.body, split.body_line),
            ("title: x\r\n", "正文\n", 4)
        );
        assert_eq!(
            lines("a\rb\r\nc\nd").collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(position("a\rb\r\n标题x", 8), (3, 2));
        assert_eq!(with_lf_breaks("a\rb\r\nc\n\r"), "a\nb\nc\n\n");
    }

    #[test]
    fn one_scan_finds_what_xml_forbids_and_what_needs_a_closer_look() {
        for bad in [
            "\u{b}",
            "a\u{0}",
            "标题\u{1f}",
            "\u{fffe}",
            "x\u{ffff}",
            "\u{85}",
            "\u{2028}x",
        ] {
            assert!(Scan::of(bad.as_bytes()).has_bad_characters(), "{bad:?}");
        }
        // ￥ (U+FFE5) and U+FFEF share the bytes EF BF with U+FFFE; “” and … share E2 80.
        for good in [
            "\t\n\r",
            "￥100",
            "\u{ffef}",
            "“引号”……",
            "\u{7f}\u{80}",
            "",
        ] {
            assert!(!Scan::of(good.as_bytes()).has_bad_characters(), "{good:?}");
        }
        let long = format!("{}\u{b}", "甲".repeat(5000));
        assert!(Scan::of(long.as_bytes()).has_bad_characters());
        assert!(Scan::of(b"a\rb").has_cr() && Scan::of(b"&#11;").has_char_ref());
        assert!(!Scan::of(b"a\nb&amp;").has_cr() && !Scan::of(b"&amp;").has_char_ref());
    }

    #[test]
    fn lists_twenty_bad_characters_then_counts_the_rest() {
        let text = "\u{0}".repeat(25);
        let problems = character_problems(Path::new("a.md"), &text, 0);
        assert_eq!(problems.len(), 21);
        assert_eq!(
            problems[20].to_string(),
            "a.md:1:21: 5 more characters from here on that feeds cannot carry (control characters): was the file saved as UTF-16? Save it as UTF-8"
        );
    }

    #[test]
    fn errors_on_a_key_given_twice_in_extra_at_any_depth() {
        let error = parse("---\nextra:\n  a:\n    b: 1\n    c: 2\n    b: 3\n---\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.md:6:5: `b` is given twice in `extra.a`; the first is at line 4"
        );
        let raw = parse("---\nextra: {a: [1, {b: x}], c: ~}\n---\n").unwrap();
        assert_eq!(raw.extra.unwrap().0.len(), 2);
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
    fn a_key_inside_a_correction_is_suggested_from_a_corrections_keys() {
        let message = |text: &str| parse(text).map(|_| ()).unwrap_err().to_string();
        assert_eq!(
            message("---\ncorrections:\n  - date: 2026-03-28\n    txt: x\n---\n"),
            "a.md:4:5: unknown key `txt` (did you mean `text`?)"
        );
        assert_eq!(
            message("---\ncorrections: [{date: 1, tex: 2}]\n---\n"),
            "a.md:2:25: unknown key `tex` (did you mean `text`?)"
        );
        assert_eq!(
            message("---\naliases: /old/\n---\n"),
            "a.md:2:10: `aliases` is a list of the article's old paths, such as `aliases: [/articles/old-slug/]`"
        );
        // At the top, the top's keys are suggested.
        assert_eq!(
            message("---\nexpire: x\n---\n"),
            "a.md:2:1: unknown key `expire` (did you mean `expires`?)"
        );
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
