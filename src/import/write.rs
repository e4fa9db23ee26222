//! An imported article as the text of its file (YAML front matter in the order and format of
//! `articles/*.md`, then Markdown), its file name, and the credits merged into `site.yaml`.
//! Text only: `mod.rs` does the writing. (The edition file is `edition_file.rs`'s.)

use super::{Article, Block, Credits};

/// The article's file: front matter (title, kicker, subtitle, author, section, summary,
/// standfirst, affiliation, source, note; only those it has; a box's head goes into the note
/// of its first piece, before the piece's own), a blank line, then the body, paragraphs separated by a blank line. There is no
/// `date:`: the edition that lists the article gives its date.
pub fn article_file(article: &Article) -> String {
    let mut out = String::from("---\n");
    let field = |out: &mut String, key: &str, value: Option<&str>| {
        if let Some(value) = value {
            out.push_str(&format!("{key}: {}\n", yaml_scalar(value, false)));
        }
    };
    field(&mut out, "title", Some(&article.title));
    field(&mut out, "kicker", article.kicker.as_deref());
    field(&mut out, "subtitle", article.subtitle.as_deref());
    match article.authors.as_slice() {
        [] => {}
        [one] => field(&mut out, "author", Some(one)),
        many => {
            let items: Vec<String> = many.iter().map(|a| yaml_scalar(a, true)).collect();
            out.push_str(&format!("author: [{}]\n", items.join(", ")));
        }
    }
    field(&mut out, "section", article.section.as_deref());
    field(&mut out, "summary", article.summary.as_deref());
    field(&mut out, "standfirst", article.standfirst.as_deref());
    field(&mut out, "affiliation", article.affiliation.as_deref());
    field(&mut out, "source", article.source.as_deref());
    let note = match (&article.box_note, &article.note) {
        (Some(head), Some(own)) => Some(format!("{head}　{own}")),
        (head, own) => head.clone().or_else(|| own.clone()),
    };
    field(&mut out, "note", note.as_deref());
    out.push_str("---\n");
    for block in &article.body {
        out.push('\n');
        match block {
            Block::Heading { level, text } => {
                for _ in 0..*level {
                    out.push('#');
                }
                out.push(' ');
                out.push_str(&escape_markdown(text, false));
            }
            Block::Paragraph(text) => out.push_str(&escape_markdown(text, true)),
        }
        out.push('\n');
    }
    out
}

/// `value` as a YAML scalar: plain when YAML reads it back as the same string, else in double
/// quotes. `in_flow` is for items of a `[…]` list, where `,[]{}` also need quotes.
pub fn yaml_scalar(value: &str, in_flow: bool) -> String {
    if is_plain_safe(value, in_flow) {
        value.to_owned()
    } else {
        let mut quoted = String::with_capacity(value.len() + 2);
        quoted.push('"');
        for c in value.chars() {
            match c {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                '\n' => quoted.push_str("\\n"),
                '\t' => quoted.push_str("\\t"),
                '\r' => quoted.push_str("\\r"),
                c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                    quoted.push_str(&format!("\\u{:04x}", c as u32));
                }
                c => quoted.push(c),
            }
        }
        quoted.push('"');
        quoted
    }
}

/// Whether YAML reads `value`, written plain, back as the same string.
fn is_plain_safe(value: &str, in_flow: bool) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if value.trim() != value
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || value.contains(": ")
        || value.contains(" #")
        || value.ends_with(':')
        || value
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}'))
        || (in_flow && value.contains([',', '[', ']', '{', '}']))
    {
        return false;
    }
    // Words YAML reads as booleans or null, and anything that could be read as a number.
    let lower = value.to_ascii_lowercase();
    let special = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf",
        ".nan",
    ];
    if special.contains(&lower.as_str()) {
        return false;
    }
    let numeric_chars = |c: char| c.is_ascii_hexdigit() || "+-._xXoO:".contains(c);
    !(value.chars().all(numeric_chars) && value.chars().any(|c| c.is_ascii_digit()))
}

/// Backslashes before what Markdown would read as markup, so that the text shows as printed:
/// emphasis, code, links, raw HTML and entities anywhere; headings, quotes, lists and rules at
/// the start of a paragraph. Chinese print text has none of these as a rule.
pub fn escape_markdown(text: &str, block_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '[' | '&' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    if !block_start {
        return out;
    }
    let first = out.chars().next();
    let second = out.chars().nth(1);
    let starts_block = match first {
        Some('#' | '>' | '=' | '|') => true,
        Some('-' | '+') => second.is_none_or(|c| c == ' ' || c == '-' || c == '+'),
        _ => false,
    };
    if starts_block {
        out.insert(0, '\\');
    } else if let Some(digits) = out.find(|c: char| !c.is_ascii_digit())
        && (1..=9).contains(&digits)
        && out[digits..].starts_with(['.', ')'])
        && out[digits + 1..].starts_with(' ')
    {
        out.insert(digits, '\\');
    }
    out
}

/// The file name of an article: its headline and `.md`, as in `articles/`, with what a file
/// name cannot hold (`/`, `\`, control characters) made `-`, and the marks that would make
/// the build skip it (a leading `.` or `#`, a trailing `~`) dropped.
pub fn file_stem(title: &str) -> String {
    let mut stem: String = title
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    stem = stem
        .trim_start_matches(['.', '#'])
        .trim_end_matches('~')
        .trim()
        .to_owned();
    // File names have at most 255 bytes; leave room for `-2.md`.
    while stem.len() > 240 {
        stem.pop();
    }
    if stem.is_empty() {
        stem = "article".to_owned();
    }
    stem
}

/// The lines of `text`, each with the break that ends it (`\r\n`, `\r`, `\n`, or nothing for a
/// last line without one).
pub(super) fn lines_with_endings(text: &str) -> Vec<(&str, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let (end, next) = crate::front_matter::line_end(text, start);
        lines.push((&text[start..end], &text[end..next]));
        start = next;
    }
    lines
}

/// What `--write-site-yaml` would set in `site.yaml`, from the credits: `default_section` (the
/// page's name), `editors` and `submission_email`, each as one line.
pub fn credit_settings(credits: &Credits) -> Vec<(&'static str, String)> {
    let mut settings = Vec::new();
    if let Some(name) = &credits.page_name {
        settings.push(("default_section", yaml_scalar(name, false)));
    }
    if !credits.editors.is_empty() {
        let names: Vec<String> = credits
            .editors
            .iter()
            .map(|n| yaml_scalar(n, true))
            .collect();
        settings.push(("editors", format!("[{}]", names.join(", "))));
    }
    if let Some(email) = &credits.submission_email {
        settings.push(("submission_email", yaml_scalar(email, false)));
    }
    settings
}

/// One setting's fate in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingChange {
    /// Not there before: added at the end.
    Added,
    /// Already there with this value.
    Unchanged,
    /// There with another value, at this line (1-based), which was this.
    Replaced { line: usize, was: String },
    /// There with another value; left alone because replacing needs `--force`.
    Kept { line: usize, was: String },
}

/// Merges `settings` into the text of `site.yaml`: a key that is missing is added at the end;
/// a key that is there keeps its value unless `replace` (then only its own lines change);
/// every other line stays as it was. `holds(key)` tells whether the file already gives `key`
/// the new value (compared as YAML values, not as text).
pub fn merge_settings(
    existing: &str,
    settings: &[(&'static str, String)],
    replace: bool,
    holds: &dyn Fn(&str) -> bool,
) -> (String, Vec<(&'static str, SettingChange)>) {
    // Each line with its own ending (`\r\n`, `\r` or `\n`), so that the lines left alone keep
    // theirs; new lines take the file's first ending.
    let mut lines: Vec<(String, &str)> = lines_with_endings(existing)
        .into_iter()
        .map(|(line, end)| (line.to_owned(), end))
        .collect();
    let eol = lines
        .iter()
        .map(|&(_, end)| end)
        .find(|end| !end.is_empty())
        .unwrap_or("\n");
    let mut changes = Vec::new();
    let mut added = Vec::new();
    for (key, value) in settings {
        let new_line = format!("{key}: {value}");
        let found = lines.iter().position(|(line, _)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        });
        let Some(at) = found else {
            added.push(new_line);
            changes.push((*key, SettingChange::Added));
            continue;
        };
        // The key's own lines: its line, and the indented or `- ` lines that continue it.
        let mut end = at + 1;
        while end < lines.len() && (lines[end].0.starts_with([' ', '\t', '-'])) {
            end += 1;
        }
        let was = lines[at..end]
            .iter()
            .map(|(line, _)| line.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if holds(key) {
            changes.push((*key, SettingChange::Unchanged));
        } else if replace {
            let ending = lines[end - 1].1;
            lines.splice(at..end, [(new_line, ending)]);
            changes.push((*key, SettingChange::Replaced { line: at + 1, was }));
        } else {
            changes.push((*key, SettingChange::Kept { line: at + 1, was }));
        }
    }
    let mut text = String::with_capacity(existing.len() + 200);
    for (line, end) in &lines {
        text.push_str(line);
        text.push_str(if end.is_empty() { eol } else { end });
    }
    if !added.is_empty() {
        if !text.is_empty() {
            text.push_str("# The page's name and credits, from `broadsheet import`.");
            text.push_str(eol);
        }
        for line in added {
            text.push_str(&line);
            text.push_str(eol);
        }
    }
    (text, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(
            yaml_scalar("在深入群众中厚植执政根基", false),
            "在深入群众中厚植执政根基"
        );
        assert_eq!(
            yaml_scalar("守护好国有资产,助推国企", false),
            "守护好国有资产,助推国企"
        );
        assert_eq!(yaml_scalar("很明确:国资", false), "很明确:国资");
        assert_eq!(yaml_scalar("标题: 副题", false), "\"标题: 副题\"");
        assert_eq!(yaml_scalar("2025", false), "\"2025\"");
        assert_eq!(yaml_scalar("yes", false), "\"yes\"");
        assert_eq!(yaml_scalar("[注]", false), "\"[注]\"");
        assert_eq!(yaml_scalar("a, b", true), "\"a, b\"");
        assert_eq!(yaml_scalar("他说\"好\"", false), "他说\"好\"");
        assert_eq!(yaml_scalar("\"好\"", false), "\"\\\"好\\\"\"");
        assert_eq!(yaml_scalar("", false), "\"\"");
    }

    #[test]
    fn escapes_markdown_markup_only() {
        assert_eq!(
            escape_markdown("线上办理+线下走访", true),
            "线上办理+线下走访"
        );
        assert_eq!(escape_markdown("# 不是标题", true), "\\# 不是标题");
        assert_eq!(escape_markdown("1. 不是列表", true), "1\\. 不是列表");
        assert_eq!(escape_markdown("a*b*c", true), "a\\*b\\*c");
        assert_eq!(escape_markdown("2025年", true), "2025年");
    }

    #[test]
    fn file_names_keep_the_headline() {
        assert_eq!(
            file_stem("让“外脑”激活国企治理效能"),
            "让“外脑”激活国企治理效能"
        );
        assert_eq!(file_stem("甲/乙"), "甲-乙");
        assert_eq!(file_stem(".隐藏"), "隐藏");
        assert_eq!(file_stem("..."), "article");
    }

    #[test]
    fn merges_settings_keeping_other_lines() {
        let existing = "title: 株洲日报·评论\neditors: [胡文洁, 周菁]  # 责任编辑\nauthors:\n  李宏:\n    slug: li-hong\n";
        let settings = vec![
            ("editors", "[胡文洁, 周菁]".to_owned()),
            ("submission_email", "a@b.cn".to_owned()),
        ];
        let holds = |key: &str| key == "editors";
        let (text, changes) = merge_settings(existing, &settings, false, &holds);
        assert_eq!(changes[0].1, SettingChange::Unchanged);
        assert_eq!(changes[1].1, SettingChange::Added);
        assert!(text.starts_with(existing));
        assert!(text.ends_with("submission_email: a@b.cn\n"));

        let other = vec![("editors", "[王五]".to_owned())];
        let differs = |_: &str| false;
        let (kept, changes) = merge_settings(existing, &other, false, &differs);
        assert!(matches!(changes[0].1, SettingChange::Kept { line: 2, .. }));
        assert_eq!(kept, existing);
        let (replaced, _) = merge_settings(existing, &other, true, &differs);
        assert_eq!(
            replaced,
            "title: 株洲日报·评论\neditors: [王五]\nauthors:\n  李宏:\n    slug: li-hong\n"
        );
    }

    #[test]
    fn keeps_each_lines_own_ending() {
        let differs = |_: &str| false;
        for eol in ["\r\n", "\r"] {
            let existing = format!("title: x{eol}editors: [甲]{eol}base_url: /{eol}");
            let settings = [
                ("editors", "[丙]".to_owned()),
                ("submission_email", "a@b.cn".to_owned()),
            ];
            let (text, changes) = merge_settings(&existing, &settings, true, &differs);
            assert!(matches!(
                changes[0].1,
                SettingChange::Replaced { line: 2, .. }
            ));
            assert_eq!(
                text,
                format!(
                    "title: x{eol}editors: [丙]{eol}base_url: /{eol}# The page's name and credits, from `broadsheet import`.{eol}submission_email: a@b.cn{eol}"
                )
            );
        }
        let (text, _) = merge_settings("a: 1\r\nb: 2", &[("c", "3".to_owned())], false, &differs);
        assert!(text.starts_with("a: 1\r\nb: 2\r\n# "), "{text:?}");
    }

    #[test]
    fn replaces_a_block_value_with_its_lines() {
        let existing = "editors:\n  - 甲\n  - 乙\ntitle: x\n";
        let differs = |_: &str| false;
        let (text, _) = merge_settings(existing, &[("editors", "[丙]".to_owned())], true, &differs);
        assert_eq!(text, "editors: [丙]\ntitle: x\n");
    }
}
