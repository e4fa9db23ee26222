//! The page's structure, found from the shape of its lines, never from this or that page's
//! wording or order: an article starts at a title followed by a byline; a column label is a
//! short line without punctuation right above a title; a 【…】 line right under the byline is
//! the pull quote; `(作者单位:…)` and `【本文系…】` close an article; the credits block
//! (page name, 责任编辑:, 投稿邮箱:) may stand anywhere and is taken out of the flow of text.
//! Every guess that could be wrong is reported as a warning naming its line; every line of
//! text goes into an article, or is an error naming it (nothing is dropped).

use std::path::Path;

use super::text::{
    cannot_start_line, chars, ends_mid_sentence, ends_sentence, is_label_like, is_personal_name,
    join_lines, split_lines, split_names,
};
use super::{Article, Block, Credits, EditorsReading, Page};
use crate::error::Diagnostic;

/// A line of the page that holds something (blank lines, such as the cartoon's, hold nothing).
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    /// 1-based line number in the page.
    line: usize,
    /// The line without surrounding white space (full-width spaces included).
    text: &'a str,
}

/// What a credits line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CreditKind {
    Editors,
    Email,
    Other,
}

/// Labels that open a credits line, longest first where one contains another.
const CREDIT_LABELS: &[(&str, CreditKind)] = &[
    ("本版责任编辑", CreditKind::Editors),
    ("责任编辑", CreditKind::Editors),
    ("本版编辑", CreditKind::Editors),
    ("责编", CreditKind::Editors),
    ("美术编辑", CreditKind::Other),
    ("美编", CreditKind::Other),
    ("校对", CreditKind::Other),
    ("投稿邮箱", CreditKind::Email),
    ("投稿信箱", CreditKind::Email),
    ("电子邮箱", CreditKind::Email),
    ("邮箱", CreditKind::Email),
];

/// The fields of a credits line (`责任编辑:胡文洁 周 菁`), or `None` when the line is not one.
/// One line may hold several fields (`责任编辑:胡文洁 投稿邮箱:a@b.c`).
fn credit_fields(text: &str) -> Option<Vec<(&'static str, CreditKind, String)>> {
    if chars(text) > 80 {
        return None;
    }
    // (label, kind, where the label starts, where its value starts)
    let mut found: Vec<(&'static str, CreditKind, usize, usize)> = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let matched = CREDIT_LABELS.iter().find_map(|&(label, kind)| {
            let after = rest.strip_prefix(label)?;
            let trimmed = after.trim_start();
            let value = trimmed
                .strip_prefix(':')
                .or_else(|| trimmed.strip_prefix('：'))?;
            Some((label, kind, text.len() - value.len()))
        });
        match matched {
            Some((label, kind, value_start)) => {
                found.push((label, kind, at, value_start));
                at = value_start;
            }
            None if found.is_empty() => return None,
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    let fields = found
        .iter()
        .enumerate()
        .map(|(i, &(label, kind, _, value_start))| {
            let end = found.get(i + 1).map_or(text.len(), |next| next.2);
            (label, kind, text[value_start..end].trim().to_owned())
        })
        .collect();
    Some(fields)
}

/// `## ` for 一、…, `### ` for (一)…, `#### ` for 1. or 1、…: the level of a numbered heading.
/// A numbered line that ends a sentence is a numbered paragraph, not a heading.
pub(super) fn heading_level(text: &str) -> Option<u8> {
    if chars(text) > 40 || ends_sentence(text) {
        return None;
    }
    let is_numeral = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let numeral_end = text.find(|c: char| !is_numeral(c)).unwrap_or(text.len());
    if numeral_end > 0 && text[numeral_end..].starts_with('、') {
        return Some(2);
    }
    if let Some(inner) = text.strip_prefix(['(', '（']) {
        let end = inner.find(|c: char| !is_numeral(c)).unwrap_or(inner.len());
        if end > 0 && inner[end..].starts_with([')', '）']) && inner.len() > end + 1 {
            return Some(3);
        }
    }
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if (1..=2).contains(&digits_end) && text[digits_end..].starts_with(['、', '.', '．']) {
        let rest = &text[digits_end..];
        let after = rest.chars().nth(1);
        // `1.5亿` is a number, not a heading.
        if after.is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace()) {
            return Some(4);
        }
    }
    None
}

/// Whether the line is wholly in 【】.
fn is_bracketed(text: &str) -> bool {
    text.starts_with('【') && text.ends_with('】') && chars(text) >= 2
}

/// The inside of a 【…】 line.
fn bracket_inner(text: &str) -> &str {
    text.trim_start_matches('【')
        .strip_suffix('】')
        .unwrap_or(text)
        .trim()
}

/// `【本文系…】`: a note, such as a funding line.
fn is_note(text: &str) -> bool {
    is_bracketed(text) && bracket_inner(text).starts_with("本文系")
}

/// What closes an article: the author's affiliation and a note.
#[derive(Debug, Default)]
struct Trailer {
    affiliation: Option<String>,
    note: Option<String>,
}

/// The affiliation `(作者单位:…)` (half- or full-width parentheses and colon) and the note
/// `【本文系…】` on a line that holds nothing else, in any order; `None` for other lines.
fn trailer(text: &str) -> Option<Trailer> {
    let mut found = Trailer::default();
    let mut rest = text.trim();
    if let Some(value) = rest.strip_prefix("作者单位")
        && let Some(value) = value
            .trim_start()
            .strip_prefix([':', '：'])
            .filter(|v| !v.contains(['(', '（', '【']))
    {
        found.affiliation = Some(value.trim().to_owned());
        return Some(found);
    }
    while !rest.is_empty() {
        if let Some(inside) = rest.strip_prefix(['(', '（']) {
            let inside = inside.trim_start();
            let value = inside
                .strip_prefix("作者单位")?
                .trim_start()
                .strip_prefix([':', '：'])?;
            let close = matching_close(value, &['(', '（'], &[')', '）'])?;
            if found.affiliation.is_some() {
                return None;
            }
            found.affiliation = Some(value[..close].trim().to_owned());
            rest = value[close..].trim_start_matches([')', '）']).trim_start();
        } else if let Some(inside) = rest.strip_prefix('【') {
            if !inside.trim_start().starts_with("本文系") {
                return None;
            }
            let close = matching_close(inside, &['【'], &['】'])?;
            if found.note.is_some() {
                return None;
            }
            found.note = Some(inside[..close].trim().to_owned());
            rest = inside[close..].trim_start_matches('】').trim_start();
        } else {
            return None;
        }
    }
    (found.affiliation.is_some() || found.note.is_some()).then_some(found)
}

/// The byte offset of the bracket that closes one already open at the start of `text`.
fn matching_close(text: &str, opens: &[char], closes: &[char]) -> Option<usize> {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        if opens.contains(&c) {
            depth += 1;
        } else if closes.contains(&c) {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The most characters of a headline that only its shape tells.
const HEADLINE_MAX: usize = 40;

/// The most characters of a headline whose place tells it: a byline under it, or an affiliation
/// or note right above it that ends the article before. Two lines of a wide column (36–40
/// characters each) hold a long main headline with its subtitle (——…); a line longer than that
/// without a full stop is a paragraph that lost its punctuation, not a headline.
const LONG_HEADLINE_MAX: usize = 80;

/// Whether the line could be a headline of at most 40 characters.
fn is_title_like(text: &str) -> bool {
    is_headline_shaped(text, HEADLINE_MAX)
}

/// Whether the line could be a headline of at most `max` characters: not a sentence's end (a
/// headline may end in ？ or ！), not a numbered heading, a bracketed line or an affiliation.
fn is_headline_shaped(text: &str, max: usize) -> bool {
    let count = chars(text);
    if !(2..=max).contains(&count) || heading_level(text).is_some() || trailer(text).is_some() {
        return false;
    }
    let Some(first) = text.chars().next() else {
        return false;
    };
    let opens_well = first.is_alphanumeric() || "“‘《「『\"".contains(first);
    let core = text.trim_end_matches(['”', '’', '」', '』', '》', '"']);
    let ends_like_prose = core.ends_with(['。', '.', '．', '…']) || ends_mid_sentence(text);
    // Two or more names with spaces between them are a byline, never a headline.
    let names = byline(text).map_or(0, |(names, _)| names.len());
    opens_well && !ends_like_prose && !text.contains(['。', '【']) && names < 2
}

/// The names of a byline: one line of one to four names, each of 2–4 Han characters (a layout
/// space inside a name allowed), or a staff byline such as 本报评论员. A leading `文/` or a
/// box mark is dropped.
fn byline(text: &str) -> Option<(Vec<String>, Vec<String>)> {
    let mut text = text.trim();
    for prefix in ["文/", "文／", "文 / ", "□", "■", "◎", "●", "○"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim();
        }
    }
    // Names in a byline are set apart by spaces or 、; a comma or colon makes a sentence.
    if chars(text) > 24 || text.is_empty() || text.contains(['，', ',', '；', ';', '：', ':']) {
        return None;
    }
    if matches!(text, "本报评论员" | "本报特约评论员" | "特约评论员") {
        return Some((vec![text.to_owned()], Vec::new()));
    }
    let names = split_names(text);
    let ok = (1..=4).contains(&names.names.len())
        && names.names.iter().all(|name| is_personal_name(name));
    ok.then_some((names.names, names.decisions))
}

/// What each line of the page was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Text,
    Credit,
    PageName,
    Label,
    Title,
    Byline,
}

/// One article's lines: where its title, byline and label stand, as indices into the units.
#[derive(Debug, Clone, Copy)]
struct Start {
    title: usize,
    byline: Option<usize>,
    label: Option<usize>,
}

impl Start {
    fn first(&self) -> usize {
        self.label.unwrap_or(self.title)
    }
}

/// Collects warnings, each naming a line of the page.
struct Warnings<'p> {
    path: &'p Path,
    found: Vec<Diagnostic>,
}

impl Warnings<'_> {
    fn at(&mut self, line: usize, message: impl Into<String>) {
        self.found
            .push(Diagnostic::new(self.path, line, 0, message.into()));
    }
}

/// Warns that the headline at `unit`, found by its `place`, has no byline under it.
fn warn_no_byline(warnings: &mut Warnings, unit: Unit, place: &str) {
    warnings.at(
        unit.line,
        format!(
            "{} looks like a headline {place}, but no byline (the author's name alone on a line) follows it: imported without an author; add `author:` to its file",
            quote(unit.text)
        ),
    );
}

/// A short quotation of a line for messages.
fn quote(text: &str) -> String {
    const MAX: usize = 24;
    if chars(text) <= MAX {
        format!("「{text}」")
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("「{head}…」")
    }
}

pub(super) fn parse(path: &Path, text: &str) -> Page {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // `\r\n`, `\r` and `\n` each end a line, so that every message names the page's line.
    let units: Vec<Unit> = split_lines(text)
        .into_iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let text = line.trim();
            (!text.is_empty()).then_some(Unit { line: i + 1, text })
        })
        .collect();
    let mut warnings = Warnings {
        path,
        found: Vec::new(),
    };
    let n = units.len();
    let mut role = vec![Role::Text; n];

    // Credits first: their lines are never article text.
    let credits_of: Vec<_> = units.iter().map(|u| credit_fields(u.text)).collect();
    for (i, fields) in credits_of.iter().enumerate() {
        if fields.is_some() {
            role[i] = Role::Credit;
        }
    }

    // Titles with a byline under them. A line followed by a byline is very likely a headline
    // even when long: up to 80 characters, when it cannot be the rest of a sentence the layout
    // cut (the line above closes what came before, or the line is the page's first).
    let bylines: Vec<_> = units.iter().map(|u| byline(u.text)).collect();
    let starts_fresh = |role: &[Role], t: usize| {
        let closes = |j: usize| closes_what_is_above(units[j].text, role[j]);
        t == 0 || closes(t - 1) || (is_label_like(units[t - 1].text) && (t == 1 || closes(t - 2)))
    };
    // A name right above the credits is the page's (评论), not a byline.
    let byline_at = |role: &[Role], b: usize| {
        bylines[b].is_some() && !(b + 1 < n && role[b + 1] == Role::Credit)
    };
    let pair_at = |t: usize| {
        t + 1 < n
            && role[t] == Role::Text
            && role[t + 1] == Role::Text
            && byline_at(&role, t + 1)
            && (is_title_like(units[t].text)
                || (is_headline_shaped(units[t].text, LONG_HEADLINE_MAX) && starts_fresh(&role, t)))
    };
    let mut pairs: Vec<usize> = Vec::new();
    let mut t = 0;
    while t + 1 < n {
        if pair_at(t) {
            // A line that is both a byline and a title (a two-character headline) belongs to
            // the later reading: a byline is followed by text, not by another byline.
            if pair_at(t + 1) {
                t += 1;
                continue;
            }
            pairs.push(t);
            t += 2;
        } else {
            t += 1;
        }
    }
    // An article has text: a "byline" straight followed by the next title is that title's
    // column label, and the "title" above it is something else (often the page's name).
    let mut kept = Vec::with_capacity(pairs.len());
    for (k, &t) in pairs.iter().enumerate() {
        if pairs.get(k + 1) == Some(&(t + 2)) {
            warnings.at(
                units[t].line,
                format!(
                    "{} and {} look like a headline and byline, but the next headline follows at once (line {}): read {} as its column label",
                    quote(units[t].text),
                    quote(units[t + 1].text),
                    units[t + 2].line,
                    quote(units[t + 1].text),
                ),
            );
        } else {
            kept.push(t);
        }
    }
    let mut starts: Vec<Start> = kept
        .iter()
        .map(|&t| {
            role[t] = Role::Title;
            role[t + 1] = Role::Byline;
            Start {
                title: t,
                byline: Some(t + 1),
                label: None,
            }
        })
        .collect();

    // Headlines whose byline is missing. They start an article (without an author, which the
    // warning asks for) where the page leaves no other reading: under a column label, above a
    // pull quote, right after an affiliation or note (which close the article before), or as
    // the page's first line. Elsewhere such a line stays text of the article it stands in (a
    // sub-heading looks the same), and build_body names it.
    let followed_by_text = |role: &[Role], i: usize| {
        i + 1 < n
            && role[i + 1] == Role::Text
            && !(is_label_like(units[i + 1].text) && i + 2 < n && role[i + 2] == Role::Title)
    };
    // Credits lines, and a page's name beside them (a short line next to credits), stand
    // outside the flow of text.
    let outside_flow = |role: &[Role], j: usize| {
        let beside_credits =
            (j > 0 && role[j - 1] == Role::Credit) || (j + 1 < n && role[j + 1] == Role::Credit);
        role[j] == Role::Credit || (is_label_like(units[j].text) && beside_credits)
    };
    // The line above `i` in the flow of text.
    let flow_above = |role: &[Role], i: usize| (0..i).rev().find(|&j| !outside_flow(role, j));
    for i in 0..n {
        // A line right above a headline is its column label, not a headline of its own.
        let above_a_title = i + 1 < n && role[i + 1] == Role::Title;
        if role[i] != Role::Text
            || above_a_title
            || !is_headline_shaped(units[i].text, LONG_HEADLINE_MAX)
        {
            continue;
        }
        let short = is_title_like(units[i].text);
        let closes = |j: usize| closes_what_is_above(units[j].text, role[j]);
        // A column label right above it, standing where something was finished.
        let label =
            (i > 0 && role[i - 1] == Role::Text && is_label_like(units[i - 1].text)).then(|| i - 1);
        let label_above = label.is_some() && (i < 2 || closes(i - 2));
        let quote_below = i + 1 < n
            && role[i + 1] == Role::Text
            && is_bracketed(units[i + 1].text)
            && !is_note(units[i + 1].text)
            && (i == 0 || closes(i - 1) || label_above);
        let above = flow_above(&role, label.unwrap_or(i));
        // After an affiliation or note (and a column label under it): the article above has
        // ended as surely as a byline would start this one.
        let after_trailer = !is_label_like(units[i].text)
            && followed_by_text(&role, i)
            && above.is_some_and(|j| role[j] == Role::Text && trailer(units[j].text).is_some());
        // Up to 40 characters under a label or above a pull quote; up to 80 right after an
        // affiliation or note, or where two signs agree (a label above and a pull quote
        // below; either of them on top of the page).
        let on_top = above.is_none();
        let sure = after_trailer
            || (label_above && quote_below)
            || (on_top && (label_above || quote_below));
        if !(sure || (short && (label_above || quote_below))) {
            continue;
        }
        let place = if label_above {
            "under a column label"
        } else if quote_below {
            "above a pull quote"
        } else {
            "right after the affiliation or note that ends the article above"
        };
        role[i] = Role::Title;
        warn_no_byline(&mut warnings, units[i], place);
        starts.push(Start {
            title: i,
            byline: None,
            label: None,
        });
    }
    // The page's first line of text (up to 80 characters), when the page has other articles:
    // nothing stands before it for it to go on. (A page with no article found otherwise is no
    // page of articles; a short line without punctuation on top is more likely the paper's or
    // the page's name.)
    if !starts.is_empty()
        && let Some(i) = (0..n).find(|&i| !outside_flow(&role, i))
        && role[i] == Role::Text
        && is_headline_shaped(units[i].text, LONG_HEADLINE_MAX)
        && !is_label_like(units[i].text)
        && followed_by_text(&role, i)
    {
        role[i] = Role::Title;
        warn_no_byline(&mut warnings, units[i], "at the top of the page");
        starts.push(Start {
            title: i,
            byline: None,
            label: None,
        });
    }
    starts.sort_by_key(|s| s.title);
    let is_title = |i: usize| starts.iter().any(|s| s.title == i);

    // A line shaped like a headline but longer than one can be, or going on from a cut
    // sentence, above what reads as a byline (not a column label: no headline right under
    // it) is never merged into the article before unsaid.
    let mut errors = Vec::new();
    for t in 0..n.saturating_sub(1) {
        let count = chars(units[t].text);
        if role[t] != Role::Text
            || role[t + 1] != Role::Text
            || !byline_at(&role, t + 1)
            || (t + 2 < n && role[t + 2] == Role::Title)
            || count <= HEADLINE_MAX
            || !is_headline_shaped(units[t].text, usize::MAX)
        {
            continue;
        }
        let (line, by) = (units[t].line, units[t + 1]);
        if !starts_fresh(&role, t) {
            warnings.at(
                line,
                format!(
                    "{} stands above what looks like a byline ({}, line {}), but goes on from the unfinished sentence above it (line {}): read as text of the article it stands in; if it is a headline, give the line above its closing punctuation",
                    quote(units[t].text),
                    quote(by.text),
                    by.line,
                    units[t - 1].line,
                ),
            );
        } else {
            errors.push(Diagnostic::new(
                path,
                line,
                0,
                format!(
                    "{} has {count} characters, more than a headline can have ({LONG_HEADLINE_MAX}), yet what looks like a byline stands under it ({}, line {}): if it is a headline, shorten it on the page (its file's title can be edited after); if it is text, give it its closing punctuation",
                    quote(units[t].text),
                    quote(by.text),
                    by.line,
                ),
            ));
        }
    }

    // The page's name: a label-like line just above (or else just below) a run of credits
    // lines, when it is not a column label of a headline.
    let mut page_name: Option<(usize, String)> = None;
    let mut i = 0;
    while i < n {
        if role[i] != Role::Credit {
            i += 1;
            continue;
        }
        let first = i;
        while i < n && role[i] == Role::Credit {
            i += 1;
        }
        let last = i - 1;
        let candidate = |u: usize| role[u] == Role::Text && is_label_like(units[u].text);
        let found = if first > 0 && candidate(first - 1) && !is_title(first) {
            Some(first - 1)
        } else if last + 1 < n && candidate(last + 1) && !is_title(last + 2) {
            Some(last + 1)
        } else {
            None
        };
        if let Some(u) = found {
            role[u] = Role::PageName;
            match &page_name {
                None => page_name = Some((u, units[u].text.to_owned())),
                Some((_, name)) if name == units[u].text => {}
                Some((_, name)) => warnings.at(
                    units[u].line,
                    format!(
                        "a second page name {} beside credits; the page is called {name} (the first)",
                        quote(units[u].text)
                    ),
                ),
            }
        }
    }

    // Column labels: a label-like line just above a headline.
    for start in &mut starts {
        let t = start.title;
        if t == 0 || role[t - 1] != Role::Text {
            continue;
        }
        let above = units[t - 1].text;
        if is_label_like(above) {
            role[t - 1] = Role::Label;
            start.label = Some(t - 1);
        } else if chars(above) <= 12
            && !ends_sentence(above)
            && !is_bracketed(above)
            && trailer(above).is_none()
        {
            warnings.at(
                units[t - 1].line,
                format!(
                    "{} stands right above the headline {} but does not look like a column label (a short line without punctuation): kept as text of the article before",
                    quote(above),
                    quote(units[t].text)
                ),
            );
        }
    }

    // The credits themselves.
    let mut credits = Credits {
        page_name: page_name.as_ref().map(|(_, name)| name.clone()),
        page_name_line: page_name.as_ref().map(|&(u, _)| units[u].line),
        ..Credits::default()
    };
    for (i, fields) in credits_of.iter().enumerate() {
        let Some(fields) = fields else { continue };
        let line = units[i].line;
        credits.lines.push(line);
        for (label, kind, value) in fields {
            match kind {
                CreditKind::Editors => {
                    let names = split_names(value);
                    if names.names.is_empty() {
                        warnings.at(line, format!("{label}: names no one"));
                    }
                    for name in &names.names {
                        if !is_personal_name(name) {
                            warnings.at(
                                line,
                                format!(
                                    "{label}: {} does not look like a name (2–4 Han characters): check it",
                                    quote(name)
                                ),
                            );
                        }
                        if !credits.editors.contains(name) {
                            credits.editors.push(name.clone());
                        }
                    }
                    credits.editors_read.push(EditorsReading {
                        line,
                        printed: value.clone(),
                        decisions: names.decisions,
                    });
                }
                CreditKind::Email => {
                    let address = value
                        .split_whitespace()
                        .find(|word| word.contains('@'))
                        .map(|word| word.trim_matches(|c: char| !c.is_ascii_graphic()));
                    match address {
                        Some(address) if credits.submission_email.is_none() => {
                            credits.submission_email = Some(address.to_owned());
                        }
                        Some(address) => {
                            if credits.submission_email.as_deref() != Some(address) {
                                warnings.at(
                                    line,
                                    format!(
                                        "a second submission address {address}: kept the first"
                                    ),
                                );
                            }
                        }
                        None => warnings.at(
                            line,
                            format!("{label}: {} is not an e-mail address", quote(value)),
                        ),
                    }
                }
                CreditKind::Other => credits.other.push((label.to_string(), value.clone())),
            }
        }
    }

    // Lines before the first article belong to none, and no text may be dropped: the import
    // stops, naming each run of such lines.
    let first_start = starts.first().map_or(n, Start::first);
    let mut u = 0;
    while u < first_start {
        if role[u] != Role::Text {
            u += 1;
            continue;
        }
        let from = u;
        while u < first_start && role[u] == Role::Text {
            u += 1;
        }
        let (first, last) = (units[from], units[u - 1]);
        let one = from == u - 1;
        let subject = if one {
            quote(first.text)
        } else {
            format!(
                "lines {}–{} ({} to {})",
                first.line,
                last.line,
                quote(first.text),
                quote(last.text)
            )
        };
        let verb =
            |singular: &'static str, plural: &'static str| if one { singular } else { plural };
        let message = match starts.first() {
            Some(start) => format!(
                "{subject} {} before the first article ({} at line {}) and {} to none: delete {} from the page, or, if {} an article, put its author's name alone on the line under its headline",
                verb("comes", "come"),
                quote(units[start.title].text),
                units[start.title].line,
                verb("belongs", "belong"),
                verb("it", "them"),
                verb("it starts", "they are"),
            ),
            None => format!(
                "{subject} {} no article: no headline on the page has a byline (the author's name alone on the line under it), a column label or a pull quote",
                verb("fits", "fit"),
            ),
        };
        errors.push(Diagnostic::new(path, first.line, 0, message));
    }

    // Each article: from its label or headline to the next article's.
    let mut articles = Vec::with_capacity(starts.len());
    for (k, start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(n, Start::first);
        let head = start.byline.unwrap_or(start.title) + 1;
        let title = units[start.title].text.to_owned();
        let (authors, decisions) = start
            .byline
            .and_then(|b| bylines[b].clone())
            .unwrap_or_default();
        if let Some(b) = start.byline {
            for decision in decisions {
                warnings.at(units[b].line, format!("byline: {decision}"));
            }
        }
        let label = start.label.map(|l| units[l].text.to_owned());
        let section = label.clone().or_else(|| credits.page_name.clone());

        // The credits block may stand inside an article: its text goes on after it.
        let mut body: Vec<Unit> = Vec::new();
        let mut interrupted_at: Option<usize> = None;
        for u in head..end {
            match role[u] {
                Role::Credit | Role::PageName => {
                    if !body.is_empty() && interrupted_at.is_none() {
                        interrupted_at = Some(u);
                    }
                }
                _ => {
                    if let Some(at) = interrupted_at.take() {
                        warnings.at(
                            units[at].line,
                            format!(
                                "the credits stand inside the article {}: its text goes on after them, at line {}",
                                quote(&title),
                                units[u].line
                            ),
                        );
                    }
                    body.push(units[u]);
                }
            }
        }

        let mut article = Article {
            title,
            title_line: units[start.title].line,
            authors,
            label,
            section,
            summary: None,
            affiliation: None,
            note: None,
            body: Vec::new(),
        };
        if let Some(first) = body.first()
            && is_bracketed(first.text)
            && !is_note(first.text)
        {
            article.summary = Some(bracket_inner(first.text).to_owned());
            body.remove(0);
        }
        build_body(&mut article, &body, &mut warnings);
        articles.push(article);
    }

    // In the page's order (stable: what one line gives keeps its order).
    let mut warnings = warnings.found;
    warnings.sort_by_key(|w| w.line);
    errors.sort_by_key(|e| e.line);
    Page {
        articles,
        credits,
        warnings,
        errors,
    }
}

/// Whether the line above a headline-to-be closes what came before it (a finished sentence,
/// credits, an affiliation…), so that the headline cannot be the rest of a cut sentence.
fn closes_what_is_above(text: &str, role: Role) -> bool {
    role != Role::Text || ends_sentence(text) || trailer(text).is_some() || is_bracketed(text)
}

/// A paragraph being put together from the lines of a column.
struct Open {
    text: String,
    /// The last line that went into it, and that line's text.
    last_line: usize,
    last_piece: String,
    pieces: usize,
    bracketed: bool,
}

/// What to do if the open paragraph, a line of its own that could be a headline, is the
/// headline of an article whose byline is missing (it was kept as text of the article it
/// stands in); empty for other paragraphs.
fn headline_hint(open: &Open) -> &'static str {
    if open.pieces == 1 && is_headline_shaped(&open.text, LONG_HEADLINE_MAX) {
        "; if it is the headline of an article whose byline is missing, put the author's name alone on the line under it"
    } else {
        ""
    }
}

/// Warns when the open paragraph ends mid-sentence but `what` (a heading, a 【】 line) on `line`
/// keeps the next line from being joined to it.
fn warn_not_joined(warnings: &mut Warnings, open: Option<&Open>, what: &str, line: usize) {
    if let Some(o) = open
        && !o.bracketed
        && !ends_sentence(&o.text)
    {
        warnings.at(
            o.last_line,
            format!(
                "{} ends without closing punctuation, but {what} follows (line {line}): not joined; check the text",
                quote(&o.last_piece)
            ),
        );
    }
}

/// The article's text: affiliation and note taken out, lines cut by the layout joined again,
/// numbered headings made headings.
fn build_body(article: &mut Article, units: &[Unit], warnings: &mut Warnings) {
    let title = quote(&article.title);
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Open> = None;

    let close = |open: Option<Open>, blocks: &mut Vec<Block>| {
        if let Some(open) = open {
            blocks.push(Block::Paragraph(open.text));
        }
    };

    for (i, unit) in units.iter().enumerate() {
        if let Some(found) = trailer(unit.text) {
            // A line is taken whole or not at all: taking its note while keeping the line as
            // text would print the note twice.
            let leftover = (found.affiliation.is_some() && article.affiliation.is_some())
                || (found.note.is_some() && article.note.is_some());
            if leftover {
                warnings.at(
                    unit.line,
                    format!(
                        "a second affiliation or note in {title}: kept as a paragraph of its text"
                    ),
                );
                close(open.take(), &mut blocks);
                blocks.push(Block::Paragraph(unit.text.to_owned()));
                continue;
            }
            if let Some(affiliation) = found.affiliation {
                article.affiliation = Some(affiliation);
            }
            if let Some(note) = found.note {
                article.note = Some(note);
            }
            if let Some(next) = units[i + 1..].iter().find(|u| trailer(u.text).is_none()) {
                warnings.at(
                    unit.line,
                    format!(
                        "the affiliation or note of {title} stands before more of its text (line {}); taken as its affiliation or note all the same",
                        next.line
                    ),
                );
            }
            continue;
        }
        if let Some(level) = heading_level(unit.text) {
            warn_not_joined(warnings, open.as_ref(), "a heading", unit.line);
            close(open.take(), &mut blocks);
            blocks.push(Block::Heading {
                level,
                text: unit.text.to_owned(),
            });
            continue;
        }
        let bracketed = is_bracketed(unit.text);
        let continues = unit.text.chars().next().is_some_and(cannot_start_line);
        let glue = match &open {
            Some(o) if !o.bracketed && !bracketed => {
                let lone_label = o.pieces == 1 && is_label_like(&o.text);
                continues || (!ends_sentence(&o.text) && !lone_label)
            }
            _ => false,
        };
        if glue {
            let o = open.as_mut().expect("glue needs an open paragraph");
            // A line of its own that could be a headline is never joined unsaid: it may be
            // one whose byline is missing.
            let short = chars(&o.last_piece) <= 30;
            let hint = headline_hint(o);
            if !continues && (short || !hint.is_empty()) && !ends_mid_sentence(&o.last_piece) {
                warnings.at(
                    o.last_line,
                    format!(
                        "{} {}ends without closing punctuation: joined with line {} as one paragraph; if it is a sub-heading, put `## ` before it in the file{hint}",
                        quote(&o.last_piece),
                        if short { "is short and " } else { "" },
                        unit.line
                    ),
                );
            }
            o.text = join_lines(&o.text, unit.text);
            o.last_line = unit.line;
            o.last_piece = unit.text.to_owned();
            o.pieces += 1;
            continue;
        }
        if let Some(o) = &open
            && !o.bracketed
            && o.pieces == 1
            && is_label_like(&o.text)
            && !ends_sentence(&o.text)
        {
            warnings.at(
                o.last_line,
                format!(
                    "{} is a short line without punctuation inside {title}: kept as a paragraph of its own; if it is a sub-heading, put `## ` before it in the file",
                    quote(&o.text)
                ),
            );
        } else if bracketed {
            warn_not_joined(warnings, open.as_ref(), "a 【】 line", unit.line);
        }
        close(open.take(), &mut blocks);
        open = Some(Open {
            text: unit.text.to_owned(),
            last_line: unit.line,
            last_piece: unit.text.to_owned(),
            pieces: 1,
            bracketed,
        });
    }
    if let Some(o) = &open
        && !o.bracketed
        && !ends_sentence(&o.text)
    {
        warnings.at(
            o.last_line,
            format!(
                "the text of {title} ends without closing punctuation ({}): check that nothing is missing",
                quote(&o.last_piece)
            ),
        );
    }
    close(open.take(), &mut blocks);
    if blocks.is_empty() {
        warnings.at(
            article.title_line,
            format!("{title} has no text (a cartoon alone?): its file holds the front matter only"),
        );
    }
    article.body = blocks;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_credits_lines() {
        let fields = credit_fields("责任编辑:胡文洁 周 菁").unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].1, CreditKind::Editors);
        assert_eq!(fields[0].2, "胡文洁 周 菁");
        let both = credit_fields("责任编辑：胡文洁 投稿邮箱: a@b.cn").unwrap();
        assert_eq!(both.len(), 2);
        assert_eq!(both[1].1, CreditKind::Email);
        assert_eq!(both[1].2, "a@b.cn");
        assert!(credit_fields("编辑部认为,这样不行。").is_none());
        assert!(credit_fields("邮箱里有很多来信").is_none());
    }

    #[test]
    fn warns_when_a_heading_or_a_bracketed_line_follows_an_unfinished_sentence() {
        let text = "以价值创造为社会工作添彩\n李军\n\n社会工作的价值在于\n\n一、把握新要求\n\n群众工作要落到实处\n\n【编者按】\n\n这是正文的最后一句。\n";
        let page = parse(Path::new("page.txt"), text);
        let messages: Vec<String> = page.warnings.iter().map(ToString::to_string).collect();
        assert!(
            messages.contains(&"page.txt:4: 「社会工作的价值在于」 ends without closing punctuation, but a heading follows (line 6): not joined; check the text".to_owned()),
            "{messages:#?}"
        );
        assert!(
            messages.contains(&"page.txt:8: 「群众工作要落到实处」 ends without closing punctuation, but a 【】 line follows (line 10): not joined; check the text".to_owned()),
            "{messages:#?}"
        );
    }

    #[test]
    fn knows_numbered_headings() {
        assert_eq!(
            heading_level("一、把握新要求,把准群众工作的时代脉搏"),
            Some(2)
        );
        assert_eq!(heading_level("十二、结语"), Some(2));
        assert_eq!(heading_level("(一)数据驱动精准匹配"), Some(3));
        assert_eq!(heading_level("（三）民生福祉得到切实改善"), Some(3));
        assert_eq!(heading_level("1.加强领导"), Some(4));
        assert_eq!(heading_level("1.5亿元投入到位"), None);
        assert_eq!(heading_level("一、要做到这一点。"), None);
        assert_eq!(heading_level("一些地方干群关系疏离"), None);
        assert_eq!(heading_level("(一)"), None);
    }

    #[test]
    fn reads_affiliations_and_notes() {
        let both = trailer(
            "(作者单位:湖南铁道职业技术学院)【本文系株洲市社会科学成果规划课题(ZZSK2025126)成果】",
        )
        .unwrap();
        assert_eq!(both.affiliation.as_deref(), Some("湖南铁道职业技术学院"));
        assert_eq!(
            both.note.as_deref(),
            Some("本文系株洲市社会科学成果规划课题(ZZSK2025126)成果")
        );
        let full = trailer("（作者单位：株洲市委党校）").unwrap();
        assert_eq!(full.affiliation.as_deref(), Some("株洲市委党校"));
        let nested = trailer("(作者单位:湖南某某(集团)公司)").unwrap();
        assert_eq!(nested.affiliation.as_deref(), Some("湖南某某(集团)公司"));
        assert!(trailer("(作者单位:株洲市委党校)他说。").is_none());
        assert!(trailer("【让每一份投入都能转化。】").is_none());
    }

    #[test]
    fn reads_bylines() {
        assert_eq!(byline("李宏").unwrap().0, ["李宏"]);
        assert_eq!(byline("周 菁").unwrap().0, ["周菁"]);
        assert_eq!(byline("李宏 杨双双").unwrap().0, ["李宏", "杨双双"]);
        assert_eq!(byline("文/任远").unwrap().0, ["任远"]);
        assert_eq!(byline("本报评论员").unwrap().0, ["本报评论员"]);
        assert!(byline("新业态背景下株洲大学生").is_none());
        assert!(byline("焦点。").is_none());
        assert!(byline("李").is_none());
        assert!(byline("正文开始,没有结束").is_none());
    }

    #[test]
    fn headline_shapes() {
        assert!(is_title_like("在深入群众中厚植执政根基"));
        assert!(is_title_like("身体是事业最重要的“合伙人”"));
        assert!(is_title_like("株洲社会工作如何再出发？"));
        assert!(!is_title_like("一、把握新要求,把准群众工作的时代脉搏"));
        assert!(!is_title_like("层出不穷,"));
        assert!(!is_title_like("【守护好国有资产。】"));
        assert!(!is_title_like("焦点。事实上"));
        assert!(!is_title_like("李宏 杨双双"));
    }
}
