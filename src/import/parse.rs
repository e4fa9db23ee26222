//! The page's structure, found from the shape of its lines, never from this or that page's
//! wording or order: an article starts at a title followed by a byline; a column label is a
//! short line without punctuation right above a title; a 【…】 line right under the byline is
//! the pull quote; `(作者单位:…)` and `【本文系…】` close an article; the credits block
//! (page name, 责任编辑:, 投稿邮箱:) may stand anywhere and is taken out of the flow of text.
//! Every guess that could be wrong is reported as a warning naming its line; every line of
//! text goes into an article, or is an error naming it (nothing is dropped).
//!
//! [`parse`] is a row of passes over one [`Lines`] value, each deciding one thing and marking
//! the lines it decides, in this order (a later pass reads what the earlier ones marked):
//!
//! 1. [`read_lines`]: the lines that hold text, each read by its shape (`line.rs`); credits
//!    lines are marked at once, as they are never article text;
//! 2. [`find_headlines_with_bylines`]: headline and byline pairs, the surest starts;
//! 3. [`find_headlines_without_bylines`] and [`find_headline_on_top`]: the starts whose byline
//!    is missing, where the page leaves no other reading;
//! 4. [`check_long_headlines`]: lines above a byline too long to be a headline;
//! 5. [`find_page_name`]: the page's own name beside the credits;
//! 6. [`find_column_labels`]: the label above each headline;
//! 7. [`read_credits`]: what the credits lines say;
//! 8. [`name_lines_before_the_first_article`]: text that fits no article;
//! 9. [`assign_lines_to_articles`]: each article's head (headline, byline, label, pull quote)
//!    and the lines of its text;
//! 10. `body::build_body`, for each article: its text, with the cut sentences joined again.
//!
//! Warnings are then put in the page's order; what one line gives keeps the order of the
//! passes.

use std::path::Path;

use super::body::build_body;
use super::line::{
    Byline, CreditKind, HEADLINE_MAX, Header, LONG_HEADLINE_MAX, Unit, bracket_inner, byline,
    closes_editor_note, credit_fields, credit_label_starts, date_line, is_bracketed,
    is_headline_shaped, is_note, is_subtitle, is_title_like, opens_editor_note, page_header, quote,
    standfirst_text, trailer,
};
use super::text::{
    chars, ends_sentence, is_label_like, is_personal_name, join_lines, split_lines, split_names,
};
use super::{Article, Credits, NamesReading, Page};
use crate::error::Diagnostic;

/// What each line of the page was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Text,
    Credit,
    /// A page header: `第5版 2025年4月1日 星期二`.
    Header,
    PageName,
    Label,
    /// The 引题 above a headline.
    Kicker,
    Title,
    /// The 副题 under a headline, `——…`.
    Subtitle,
    Byline,
    /// A box's banner (a group headline) and editor's note, above its first piece.
    BoxHead,
}

/// One article's lines: where its title, subtitle, byline, kicker, label and box head stand,
/// as indices into the units.
#[derive(Debug, Clone, Copy, Default)]
struct Start {
    title: usize,
    subtitle: Option<usize>,
    byline: Option<usize>,
    label: Option<usize>,
    kicker: Option<usize>,
    /// The banner and editor's note of the box it opens: the first and last line.
    box_head: Option<(usize, usize)>,
    /// The label above the box head, the box's own.
    box_label: Option<usize>,
}

impl Start {
    fn first(&self) -> usize {
        [
            self.box_label,
            self.box_head.map(|(first, _)| first),
            self.label,
            self.kicker,
        ]
        .into_iter()
        .flatten()
        .chain([self.title])
        .min()
        .unwrap_or(self.title)
    }

    /// The line after the head: the byline's, else the subtitle's, else the headline's.
    fn head_end(&self) -> usize {
        self.byline.or(self.subtitle).unwrap_or(self.title) + 1
    }
}

/// A credits line's fields: label, kind and value.
type CreditFields = Vec<(&'static str, CreditKind, String)>;

/// The page's lines that hold text, what each is by its shape, and what the passes have found
/// each to be so far: the one structure every pass reads, and marks.
struct Lines<'a> {
    units: Vec<Unit<'a>>,
    /// What each line was found to be; `Text` until a pass decides otherwise.
    role: Vec<Role>,
    /// Each line's credits fields, when it is a credits line.
    credits: Vec<Option<CreditFields>>,
    /// Each line read as a byline, when it can be one.
    bylines: Vec<Option<Byline>>,
    /// Each line read as a page header, when it is one.
    headers: Vec<Option<Header>>,
}

impl<'a> Lines<'a> {
    fn len(&self) -> usize {
        self.units.len()
    }

    fn text(&self, i: usize) -> &'a str {
        self.units[i].text
    }

    /// Whether line `j` closes what came before it (see [`closes_what_is_above`]).
    fn closes(&self, j: usize) -> bool {
        closes_what_is_above(self.text(j), self.role[j])
    }

    /// Whether line `t` cannot be the rest of a sentence the layout cut: the line above closes
    /// what came before (or is a column label standing where something closed), or `t` is the
    /// page's first.
    fn starts_fresh(&self, t: usize) -> bool {
        t == 0
            || self.closes(t - 1)
            || (is_label_like(self.text(t - 1)) && (t == 1 || self.closes(t - 2)))
    }

    /// Whether line `b` is a byline. A name right above the credits is the page's (评论), not
    /// a byline.
    fn byline_at(&self, b: usize) -> bool {
        self.bylines[b].is_some()
            && !(b + 1 < self.len() && matches!(self.role[b + 1], Role::Credit | Role::Header))
    }

    /// The byline under a headline at `t`, and the subtitle (`——…`) between them if there is
    /// one.
    fn byline_under(&self, t: usize) -> Option<(Option<usize>, usize)> {
        let n = self.len();
        let text_at = |i: usize| i < n && self.role[i] == Role::Text;
        if text_at(t + 1) && self.byline_at(t + 1) {
            Some((None, t + 1))
        } else if text_at(t + 1)
            && is_subtitle(self.text(t + 1))
            && text_at(t + 2)
            && self.byline_at(t + 2)
        {
            Some((Some(t + 1), t + 2))
        } else {
            None
        }
    }

    /// Whether line `t` reads as a headline with its byline under it (a subtitle may stand
    /// between them). A line followed by a byline is very likely a headline even when long: up
    /// to 80 characters, when it cannot be the rest of a sentence the layout cut.
    fn pair_at(&self, t: usize) -> Option<(Option<usize>, usize)> {
        if self.role[t] != Role::Text {
            return None;
        }
        let under = self.byline_under(t)?;
        (is_title_like(self.text(t))
            || (is_headline_shaped(self.text(t), LONG_HEADLINE_MAX) && self.starts_fresh(t)))
        .then_some(under)
    }

    /// Whether text follows line `i`: a line of text that is not the column label of the next
    /// headline.
    fn followed_by_text(&self, i: usize) -> bool {
        let n = self.len();
        i + 1 < n
            && self.role[i + 1] == Role::Text
            && !(is_label_like(self.text(i + 1)) && i + 2 < n && self.role[i + 2] == Role::Title)
    }

    /// Credits lines, and a page's name beside them (a short line next to credits), stand
    /// outside the flow of text.
    fn outside_flow(&self, j: usize) -> bool {
        let n = self.len();
        let credit = |i: usize| self.role[i] == Role::Credit;
        let beside_credits = (j > 0 && credit(j - 1)) || (j + 1 < n && credit(j + 1));
        matches!(self.role[j], Role::Credit | Role::Header)
            || (is_label_like(self.text(j)) && beside_credits)
    }

    /// The line above `i` in the flow of text.
    fn flow_above(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !self.outside_flow(j))
    }
}

/// Collects warnings, each naming a line of the page.
pub(super) struct Warnings<'p> {
    path: &'p Path,
    found: Vec<Diagnostic>,
}

impl Warnings<'_> {
    pub(super) fn at(&mut self, line: usize, message: impl Into<String>) {
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

pub(super) fn parse(path: &Path, text: &str) -> Page {
    let mut lines = read_lines(text);
    let mut warnings = Warnings {
        path,
        found: Vec::new(),
    };
    let mut starts = find_headlines_with_bylines(&mut lines, &mut warnings);
    find_headlines_without_bylines(&mut lines, &mut starts, &mut warnings);
    find_headline_on_top(&mut lines, &mut starts, &mut warnings);
    starts.sort_by_key(|s| s.title);
    find_dates_on_top(&mut lines, &starts);
    let mut errors = check_long_headlines(&lines, path, &mut warnings);
    let page_name = find_page_name(&mut lines, &starts, &mut warnings);
    find_column_labels(&mut lines, &mut starts, &mut warnings);
    find_box_heads(&mut lines, &mut starts);
    let credits = read_credits(&lines, page_name, &mut warnings);
    errors.extend(name_lines_before_the_first_article(&lines, &starts, path));
    let heads = assign_lines_to_articles(&lines, &starts, &credits, &mut warnings);
    let articles = heads
        .into_iter()
        .map(|(mut article, body)| {
            build_body(&mut article, &body, &mut warnings);
            place_role(&mut article, &mut warnings);
            article
        })
        .collect();

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

/// The lines that hold text (blank ones hold nothing, such as the cartoon's), each trimmed and
/// numbered as the page numbers it (`\r\n`, `\r` and `\n` each end a line, and a byte-order
/// mark is no text), read by its shape as a credits line and as a byline. Credits lines are
/// marked at once: they are never article text.
fn read_lines(text: &str) -> Lines<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let units: Vec<Unit> = split_lines(text)
        .into_iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let text = line.trim();
            (!text.is_empty()).then_some(Unit { line: i + 1, text })
        })
        .collect();
    let (credits, headers): (Vec<_>, Vec<_>) = units
        .iter()
        .map(|u| match (credit_fields(u.text), page_header(u.text)) {
            (None, None) => header_then_credits(u.text),
            found => found,
        })
        .unzip();
    let role = credits
        .iter()
        .zip(&headers)
        .map(|(fields, header)| match (fields, header) {
            (Some(_), _) => Role::Credit,
            (None, Some(_)) => Role::Header,
            (None, None) => Role::Text,
        })
        .collect();
    let bylines = units.iter().map(|u| byline(u.text)).collect();
    Lines {
        units,
        role,
        credits,
        bylines,
        headers,
    }
}

/// A page header followed by credits on one line (`第5版 评论 责任编辑：张强`): the credits'
/// fields and the header, or neither.
fn header_then_credits(text: &str) -> (Option<CreditFields>, Option<Header>) {
    // Where the first credits label stands; a header and credits fit in 140 characters.
    if text.len() <= 560
        && let Some(at) = credit_label_starts(text).next().filter(|&at| at > 0)
        && let Some(fields) = credit_fields(&text[at..])
        && let Some(header) = page_header(&text[..at])
    {
        return (Some(fields), Some(header));
    }
    (None, None)
}

/// Decides which lines are a headline with its byline under it (see [`Lines::pair_at`]), and
/// marks them. An article has text: a "byline" straight followed by the next headline is that
/// headline's column label, and the "headline" above it something else (often the page's
/// name), with a warning.
fn find_headlines_with_bylines(lines: &mut Lines, warnings: &mut Warnings) -> Vec<Start> {
    let n = lines.len();
    let mut pairs: Vec<(usize, Option<usize>, usize)> = Vec::new();
    let mut t = 0;
    while t + 1 < n {
        if let Some((subtitle, b)) = lines.pair_at(t) {
            // A line that is both a byline and a title (a two-character headline) belongs to
            // the later reading: a byline is followed by text, not by another byline.
            if subtitle.is_none() && lines.pair_at(t + 1).is_some() {
                t += 1;
                continue;
            }
            pairs.push((t, subtitle, b));
            t = b + 1;
        } else {
            t += 1;
        }
    }
    let units = &lines.units;
    let mut kept = Vec::with_capacity(pairs.len());
    for (k, &(t, subtitle, b)) in pairs.iter().enumerate() {
        if subtitle.is_none() && pairs.get(k + 1).is_some_and(|next| next.0 == b + 1) {
            warnings.at(
                units[t].line,
                format!(
                    "{} and {} look like a headline and byline, but the next headline follows at once (line {}): read {} as its column label",
                    quote(units[t].text),
                    quote(units[b].text),
                    units[b + 1].line,
                    quote(units[b].text),
                ),
            );
        } else {
            kept.push((t, subtitle, b));
        }
    }
    kept.iter()
        .map(|&(t, subtitle, b)| {
            lines.role[t] = Role::Title;
            lines.role[b] = Role::Byline;
            if let Some(s) = subtitle {
                lines.role[s] = Role::Subtitle;
            }
            Start {
                title: t,
                subtitle,
                byline: Some(b),
                ..Start::default()
            }
        })
        .collect()
}

/// Decides which headlines whose byline is missing start an article (without an author, which
/// the warning asks for): those where the page leaves no other reading, under a column label,
/// above a pull quote, or right after an affiliation or note (which close the article before).
/// Elsewhere such a line stays text of the article it stands in (a sub-heading looks the
/// same), and `build_body` names it.
fn find_headlines_without_bylines(
    lines: &mut Lines,
    starts: &mut Vec<Start>,
    warnings: &mut Warnings,
) {
    let n = lines.len();
    for i in 0..n {
        // A line right above a headline is its column label, not a headline of its own.
        let above_a_title = i + 1 < n && lines.role[i + 1] == Role::Title;
        // A line over an editor's note is the banner of a box, not a headline.
        let above_a_note = i + 1 < n && opens_editor_note(lines.text(i + 1));
        if lines.role[i] != Role::Text
            || above_a_title
            || above_a_note
            || !is_headline_shaped(lines.text(i), LONG_HEADLINE_MAX)
        {
            continue;
        }
        let short = is_title_like(lines.text(i));
        // A column label right above it, standing where something was finished.
        let label = (i > 0 && lines.role[i - 1] == Role::Text && is_label_like(lines.text(i - 1)))
            .then(|| i - 1);
        let label_above = label.is_some() && (i < 2 || lines.closes(i - 2));
        let quote_below = i + 1 < n
            && lines.role[i + 1] == Role::Text
            && is_bracketed(lines.text(i + 1))
            && !is_note(lines.text(i + 1))
            && (i == 0 || lines.closes(i - 1) || label_above);
        // A subtitle (——…) under it, where it starts fresh: a headline's, whose byline is
        // missing.
        let subtitle_below = i + 1 < n
            && lines.role[i + 1] == Role::Text
            && is_subtitle(lines.text(i + 1))
            && (i == 0 || lines.closes(i - 1) || label_above);
        let above = lines.flow_above(label.unwrap_or(i));
        // After an affiliation or note (and a column label under it): the article above has
        // ended as surely as a byline would start this one.
        let after_trailer = !is_label_like(lines.text(i))
            && lines.followed_by_text(i)
            && above
                .is_some_and(|j| lines.role[j] == Role::Text && trailer(lines.text(j)).is_some());
        // Up to 40 characters under a label or above a pull quote; up to 80 right after an
        // affiliation or note, or where two signs agree (a label above and a pull quote
        // below; either of them on top of the page).
        let on_top = above.is_none();
        let sure = after_trailer
            || subtitle_below
            || (label_above && quote_below)
            || (on_top && (label_above || quote_below));
        if !(sure || (short && (label_above || quote_below))) {
            continue;
        }
        let place = if subtitle_below {
            "with a subtitle under it"
        } else if label_above {
            "under a column label"
        } else if quote_below {
            "above a pull quote"
        } else {
            "right after the affiliation or note that ends the article above"
        };
        lines.role[i] = Role::Title;
        let subtitle = subtitle_below.then(|| {
            lines.role[i + 1] = Role::Subtitle;
            i + 1
        });
        warn_no_byline(warnings, lines.units[i], place);
        starts.push(Start {
            title: i,
            subtitle,
            ..Start::default()
        });
    }
}

/// Decides whether the page's first line of text (up to 80 characters) is a headline whose
/// byline is missing, when the page has other articles: nothing stands before it for it to go
/// on. (A page with no article found otherwise is no page of articles; a short line without
/// punctuation on top is more likely the paper's or the page's name.)
fn find_headline_on_top(lines: &mut Lines, starts: &mut Vec<Start>, warnings: &mut Warnings) {
    if !starts.is_empty()
        && let Some(i) = (0..lines.len()).find(|&i| !lines.outside_flow(i))
        && lines.role[i] == Role::Text
        && is_headline_shaped(lines.text(i), LONG_HEADLINE_MAX)
        && !is_label_like(lines.text(i))
        && lines.followed_by_text(i)
        && !(i + 1 < lines.len() && opens_editor_note(lines.text(i + 1)))
    {
        lines.role[i] = Role::Title;
        warn_no_byline(warnings, lines.units[i], "at the top of the page");
        starts.push(Start {
            title: i,
            ..Start::default()
        });
    }
}

/// Marks a line that is a date alone, above the first article, as a page header: it is the
/// page's date, not text that fits no article.
fn find_dates_on_top(lines: &mut Lines, starts: &[Start]) {
    let first = starts.iter().map(|s| s.title).min().unwrap_or(0);
    for i in 0..first {
        if lines.role[i] == Role::Text
            && let Some(header) = date_line(lines.text(i))
        {
            lines.role[i] = Role::Header;
            lines.headers[i] = Some(header);
        }
    }
}

/// Decides what a line shaped like a headline but longer than one can be, or going on from a
/// cut sentence, is when it stands above what reads as a byline (not a column label: no
/// headline right under it): it is never merged into the article before unsaid. Going on from
/// a cut sentence, it is text, with a warning; else it stops the import (the errors returned).
fn check_long_headlines(lines: &Lines, path: &Path, warnings: &mut Warnings) -> Vec<Diagnostic> {
    let (n, units, role) = (lines.len(), &lines.units, &lines.role);
    let mut errors = Vec::new();
    for t in 0..n.saturating_sub(1) {
        let count = chars(units[t].text);
        if role[t] != Role::Text
            || role[t + 1] != Role::Text
            || !lines.byline_at(t + 1)
            || (t + 2 < n && role[t + 2] == Role::Title)
            || count <= HEADLINE_MAX
            || !is_headline_shaped(units[t].text, usize::MAX)
        {
            continue;
        }
        let (line, by) = (units[t].line, units[t + 1]);
        if !lines.starts_fresh(t) {
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
    errors
}

/// Decides the page's name: a label-like line just above (or else just below) a run of credits
/// lines, when it is not a column label of a headline; the first such name, with a warning for
/// any other. Returns the name's line index and text.
fn find_page_name(
    lines: &mut Lines,
    starts: &[Start],
    warnings: &mut Warnings,
) -> Option<(usize, String)> {
    let n = lines.len();
    let is_title = |i: usize| starts.iter().any(|s| s.title == i);
    let mut page_name: Option<(usize, String)> = None;
    let mut i = 0;
    while i < n {
        if lines.role[i] != Role::Credit {
            i += 1;
            continue;
        }
        let first = i;
        while i < n && lines.role[i] == Role::Credit {
            i += 1;
        }
        let last = i - 1;
        let candidate = |u: usize| lines.role[u] == Role::Text && is_label_like(lines.text(u));
        let found = if first > 0 && candidate(first - 1) && !is_title(first) {
            Some(first - 1)
        } else if last + 1 < n && candidate(last + 1) && !is_title(last + 2) {
            Some(last + 1)
        } else {
            None
        };
        if let Some(u) = found {
            lines.role[u] = Role::PageName;
            let text = lines.text(u);
            match &page_name {
                None => page_name = Some((u, text.to_owned())),
                Some((_, name)) if name == text => {}
                Some((_, name)) => warnings.at(
                    lines.units[u].line,
                    format!(
                        "a second page name {} beside credits; the page is called {name} (the first)",
                        quote(text)
                    ),
                ),
            }
        }
    }
    page_name
}

/// Decides each headline's column label and kicker (引题): a label-like line just above it is
/// its label; a line shaped like a headline just above it, standing where something was
/// finished, is its kicker (with a label above it, or a second label-like line under the
/// label). A short line there that is neither stays text of the article before, with a
/// warning; so does a kicker's reading when plain text stands above it.
fn find_column_labels(lines: &mut Lines, starts: &mut [Start], warnings: &mut Warnings) {
    let label_at = |lines: &Lines, i: usize| {
        lines.role[i] == Role::Text
            && is_label_like(lines.text(i))
            && (i == 0 || lines.closes(i - 1))
    };
    for start in starts {
        let t = start.title;
        if t == 0 || lines.role[t - 1] != Role::Text {
            continue;
        }
        let k = t - 1;
        let above = lines.text(k);
        let kicker_shaped =
            is_headline_shaped(above.trim_end_matches(['—', '─', '―']), HEADLINE_MAX)
                && !is_subtitle(above)
                && !is_label_like(above);
        if is_label_like(above) {
            if k > 0 && label_at(lines, k - 1) && lines.bylines[k].is_none() {
                lines.role[k - 1] = Role::Label;
                start.label = Some(k - 1);
                lines.role[k] = Role::Kicker;
                start.kicker = Some(k);
            } else {
                lines.role[k] = Role::Label;
                start.label = Some(k);
            }
        } else if kicker_shaped && lines.starts_fresh(k) {
            lines.role[k] = Role::Kicker;
            start.kicker = Some(k);
            if k > 0 && label_at(lines, k - 1) {
                lines.role[k - 1] = Role::Label;
                start.label = Some(k - 1);
            } else if let Some(j) = lines.flow_above(k)
                && lines.role[j] == Role::Text
                && trailer(lines.text(j)).is_none()
                && !is_bracketed(lines.text(j))
            {
                warnings.at(
                    lines.units[k].line,
                    format!(
                        "{} stands between the text above (line {}) and the headline {}: read as the headline's kicker (引题); if it is the last line of the text above, move it there in the files",
                        quote(above),
                        lines.units[j].line,
                        quote(lines.text(t))
                    ),
                );
            }
        } else if chars(above) <= 12
            && !ends_sentence(above)
            && !is_bracketed(above)
            && trailer(above).is_none()
        {
            warnings.at(
                lines.units[k].line,
                format!(
                    "{} stands right above the headline {} but does not look like a column label (a short line without punctuation): kept as text of the article before",
                    quote(above),
                    quote(lines.text(t))
                ),
            );
        }
    }
}

/// Decides each box head: an editor's note (`编者按：…`, or a paragraph signed `——编者`) right
/// above an article's first line, with the banner (the box's group headline) and the box's
/// label above it when they stand there. (Which articles are the box's pieces is decided with
/// their sections, in [`assign_lines_to_articles`].)
fn find_box_heads(lines: &mut Lines, starts: &mut [Start]) {
    for start in starts.iter_mut() {
        let f = start.first();
        if f == 0 || lines.role[f - 1] != Role::Text {
            continue;
        }
        let last = f - 1;
        // The note's first line: one opening it within eight lines above, or, for a note
        // signed ——编者, the first line of its paragraph.
        let mut first = None;
        let mut i = last + 1;
        while i > 0 && last + 1 - i < 8 {
            i -= 1;
            if lines.role[i] != Role::Text {
                break;
            }
            if opens_editor_note(lines.text(i)) {
                first = Some(i);
                break;
            }
        }
        if first.is_none() && closes_editor_note(lines.text(last)) {
            let mut a = last;
            while a > 0 && last - a < 8 && lines.role[a - 1] == Role::Text && !lines.closes(a - 1) {
                a -= 1;
            }
            first = Some(a);
        }
        let Some(mut first) = first else { continue };
        if !(ends_sentence(lines.text(last)) || closes_editor_note(lines.text(last))) {
            continue;
        }
        // The banner and the label above the note.
        let mut label = None;
        if first > 0 && lines.role[first - 1] == Role::Text {
            let b = first - 1;
            let fresh = b == 0 || lines.closes(b - 1);
            if is_label_like(lines.text(b)) && fresh {
                label = Some(b);
            } else if is_headline_shaped(lines.text(b), HEADLINE_MAX) {
                first = b;
                if b > 0 && lines.role[b - 1] == Role::Text && is_label_like(lines.text(b - 1)) {
                    label = Some(b - 1);
                }
            }
        }
        for r in first..=last {
            lines.role[r] = Role::BoxHead;
        }
        if let Some(l) = label {
            lines.role[l] = Role::Label;
        }
        start.box_head = Some((first, last));
        start.box_label = label;
    }
}

/// Reads what the credits lines say: the editors, designers and proofreaders (names split as
/// printed, with how each layout space was read) and the submission address; with the page's
/// name found before. Names that do not look like names, and a second address, are warnings.
fn read_credits(
    lines: &Lines,
    page_name: Option<(usize, String)>,
    warnings: &mut Warnings,
) -> Credits {
    let mut credits = Credits {
        page_name_line: page_name.as_ref().map(|&(u, _)| lines.units[u].line),
        page_name: page_name.map(|(_, name)| name),
        ..Credits::default()
    };
    for (i, header) in lines.headers.iter().enumerate() {
        if matches!(lines.role[i], Role::Header | Role::Credit)
            && let Some(header) = header
        {
            read_header(&mut credits, header, lines.units[i], warnings);
        }
    }
    for (i, fields) in lines.credits.iter().enumerate() {
        let Some(fields) = fields else { continue };
        let line = lines.units[i].line;
        credits.lines.push(line);
        for (label, kind, value) in fields {
            match kind {
                CreditKind::Names(role) => {
                    let names = split_names(value);
                    if names.names.is_empty() {
                        warnings.at(line, format!("{label}: names no one"));
                    }
                    let list = credits.names_mut(*role);
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
                        if !list.contains(name) {
                            list.push(name.clone());
                        }
                    }
                    credits.names_read.push(NamesReading {
                        line,
                        role: *role,
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
            }
        }
    }
    credits
}

/// The byline's role (`本报记者`) is the article's affiliation when its tail gives none; else it
/// goes into its note, with a warning (nothing printed is dropped).
fn place_role(article: &mut Article, warnings: &mut Warnings) {
    let Some(role) = article.role.clone() else {
        return;
    };
    match &article.affiliation {
        None => article.affiliation = Some(role),
        // `本报评论员 王明` over `（作者为本报评论员）`: said twice, kept once.
        Some(affiliation) if *affiliation == role => {}
        Some(affiliation) => {
            warnings.at(
                article.title_line,
                format!(
                    "the byline of {} gives the role {role}, and its tail the affiliation {affiliation}: the role is kept in its `note:`",
                    quote(&article.title)
                ),
            );
            article.note = Some(match article.note.take() {
                Some(note) => format!("{role}　{note}"),
                None => role,
            });
        }
    }
}

/// Reads a page header line into the credits: the page's number, its date (checked against
/// the weekday printed with it) and its name; the first of each counts, and what else it
/// holds is named in a warning (the paper's name is `paper:` in `site.yaml`).
fn read_header(credits: &mut Credits, header: &Header, unit: Unit, warnings: &mut Warnings) {
    let line = unit.line;
    if let (Some(number), Some(letter)) = (header.number, header.letter) {
        warnings.at(
            line,
            format!("the header prints page {letter}{number:02}: it is page {number} in the edition, which numbers pages 1 to 999 (say the section {letter} in the page's name if it matters)"),
        );
    }
    if let Some(number) = header.number {
        match credits.number {
            None => credits.number = Some((number, line)),
            Some((first, at)) if first != number => warnings.at(
                line,
                format!("the header says page {number}, while line {at} says page {first}: kept page {first}"),
            ),
            Some(_) => {}
        }
    }
    if let Some((year, month, day)) = header.date {
        let iso = format!("{year:04}-{month:02}-{day:02}");
        match crate::date::Date::parse(&iso) {
            Err(_) => warnings.at(
                line,
                format!(
                    "{} in the header is no day of the calendar: the page is not dated by it",
                    quote(unit.text)
                ),
            ),
            Ok(date) => {
                let weekday_agrees = header.weekday.is_none_or(|w| w == date.weekday());
                if !weekday_agrees {
                    warnings.at(
                        line,
                        format!(
                            "the header prints {}, but {iso} was a {}: the page is not dated by it; give --date",
                            quote(unit.text),
                            date.chinese_weekday()
                        ),
                    );
                } else {
                    match &credits.date {
                        None => credits.date = Some((iso, line)),
                        Some((first, at)) if *first != iso => warnings.at(
                            line,
                            format!(
                                "the header says {iso}, while line {at} says {first}: kept {first}"
                            ),
                        ),
                        Some(_) => {}
                    }
                }
            }
        }
    }
    for (k, name) in header.names.iter().enumerate() {
        if header.name_after_number == Some(k) {
            match &credits.page_name {
                None => {
                    credits.page_name = Some(name.clone());
                    credits.page_name_line = Some(line);
                    continue;
                }
                Some(page_name) if page_name == name => continue,
                Some(_) => {}
            }
        }
        warnings.at(
            line,
            format!(
                "{} in the page header is not read (the page's name is the one beside the credits; the paper's name is `paper:` in site.yaml)",
                quote(name)
            ),
        );
    }
}

/// Names each run of text lines before the first article: they belong to none, and no text
/// may be dropped, so each is an error that stops the import.
fn name_lines_before_the_first_article(
    lines: &Lines,
    starts: &[Start],
    path: &Path,
) -> Vec<Diagnostic> {
    let (units, role) = (&lines.units, &lines.role);
    let mut errors = Vec::new();
    let first_start = starts.first().map_or(lines.len(), Start::first);
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
    errors
}

/// The most characters of text of a piece that takes the column label of the piece before it
/// (two or three short commentaries printed in one box under one label).
const BOX_PIECE_MAX: usize = 1200;

/// Gives each article the lines from its first line (label, kicker or box head) to the next
/// article's: its head (headline, subtitle, byline, kicker, label, section, box head; and under
/// the byline a subtitle, the pull quote, a 【…】 line, and a standfirst opened by its label) and
/// the lines of its text, the credits taken out (a warning says so when they stand inside its
/// text). The byline's reading of layout spaces is a warning at its line. An article without a
/// label of its own takes its box's: that of the box head above the pieces before it, or, with
/// a warning, that of the short labelled piece right before it when it is short too (a box of
/// short commentaries); else the page's name.
fn assign_lines_to_articles<'a>(
    lines: &Lines<'a>,
    starts: &[Start],
    credits: &Credits,
    warnings: &mut Warnings,
) -> Vec<(Article, Vec<Unit<'a>>)> {
    let (units, role) = (&lines.units, &lines.role);
    let mut articles: Vec<(Article, Vec<Unit<'a>>)> = Vec::with_capacity(starts.len());
    // The box the article before stands in: its label's line, whether a box head opened it,
    // where that head is, and the pieces so far.
    struct OpenBox {
        label: Option<usize>,
        explicit: bool,
        head: Option<(usize, usize)>,
        pieces: usize,
        first_article: usize,
    }
    let mut open_box: Option<OpenBox> = None;
    let mut boxes: Vec<OpenBox> = Vec::new();
    for (k, start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), Start::first);
        let head = start.head_end();
        let title = units[start.title].text.to_owned();
        let found = start.byline.and_then(|b| lines.bylines[b].clone());
        let found = found.unwrap_or_default();
        if let Some(b) = start.byline {
            for decision in &found.decisions {
                warnings.at(units[b].line, format!("byline: {decision}"));
            }
        }
        let text_of = |i: Option<usize>| i.map(|i| units[i].text.to_owned());
        let label = text_of(start.label);

        // The credits block may stand inside an article: its text goes on after it.
        let mut body: Vec<Unit> = Vec::new();
        let mut interrupted_at: Option<usize> = None;
        for u in head..end {
            match role[u] {
                Role::Credit | Role::Header | Role::PageName => {
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

        // Its section: its own label, its box's, or the page's name.
        let previous_end = k.checked_sub(1).map_or(0, |p| starts[p].head_end());
        let credits_between = (previous_end..start.first())
            .any(|u| matches!(role[u], Role::Credit | Role::Header | Role::PageName));
        if credits_between {
            if let Some(done) = open_box.take() {
                boxes.push(done);
            }
        }
        let length: usize = body.iter().map(|u| chars(u.text)).sum();
        let mut section_line = start.label;
        if start.box_head.is_some() || start.label.is_some() {
            if let Some(done) = open_box.take() {
                boxes.push(done);
            }
            open_box = Some(OpenBox {
                label: start.box_label.or(start.label),
                explicit: start.box_head.is_some(),
                head: start.box_head,
                pieces: 1,
                first_article: k,
            });
            section_line = start.label.or(start.box_label);
        } else if let Some(open) = &mut open_box {
            let previous_short = articles.last().is_some_and(|(_, units)| {
                units.iter().map(|u| chars(u.text)).sum::<usize>() <= BOX_PIECE_MAX
            });
            if open.label.is_some()
                && (open.explicit || (length <= BOX_PIECE_MAX && previous_short))
            {
                open.pieces += 1;
                section_line = open.label;
                if !open.explicit
                    && let Some(l) = open.label
                {
                    warnings.at(
                        units[start.title].line,
                        format!(
                            "{} has no column label of its own and follows the short piece {} under {}, short itself: read as a second piece of the same box, section {}; if it is not, give its file another `section:`",
                            quote(&title),
                            quote(&articles.last().map(|(a, _)| a.title.clone()).unwrap_or_default()),
                            quote(units[l].text),
                            quote(units[l].text),
                        ),
                    );
                }
            } else if let Some(done) = open_box.take() {
                boxes.push(done);
            }
        }
        let section = text_of(section_line).or_else(|| credits.page_name.clone());

        let mut article = Article {
            title,
            title_line: units[start.title].line,
            authors: found.names,
            role: (!found.roles.is_empty()).then(|| found.roles.join(" ")),
            label,
            section,
            kicker: text_of(start.kicker),
            subtitle: text_of(start.subtitle),
            summary: None,
            standfirst: None,
            affiliation: None,
            source: None,
            note: None,
            box_note: None,
            body: Vec::new(),
        };
        if let Some((first, last)) = start.box_head {
            // The banner, then the note's paragraphs, each set apart by a full-width space; the
            // lines the layout cut joined again.
            let mut note = String::new();
            let mut previous: Option<&str> = None;
            for unit in &units[first..=last] {
                note = match previous {
                    None => unit.text.to_owned(),
                    Some(above)
                        if ends_sentence(above)
                            || opens_editor_note(unit.text)
                            || !opens_editor_note(units[first].text)
                                && note == units[first].text =>
                    {
                        format!("{note}　{}", unit.text)
                    }
                    Some(_) => join_lines(&note, unit.text),
                };
                previous = Some(unit.text);
            }
            article.box_note = Some(note);
        }
        read_head(&mut article, &mut body, warnings);
        articles.push((article, body));
    }
    if let Some(done) = open_box.take() {
        boxes.push(done);
    }
    // One warning for each box head: where it went, and the box's pieces.
    for done in boxes {
        let Some((first, last)) = done.head else {
            continue;
        };
        let lines_named = if first == last {
            format!("line {}", units[first].line)
        } else {
            format!("lines {}–{}", units[first].line, units[last].line)
        };
        let section = done
            .label
            .map(|l| format!("; each takes {} as its section", quote(units[l].text)))
            .unwrap_or_default();
        let titles: Vec<String> = articles[done.first_article..done.first_article + done.pieces]
            .iter()
            .map(|(a, _)| quote(&a.title))
            .collect();
        warnings.at(
            units[first].line,
            format!(
                "{} ({lines_named}) heads a box of {} piece{} ({}): kept as the `note:` of its first piece{section}",
                quote(units[first].text),
                done.pieces,
                if done.pieces == 1 { "" } else { "s" },
                titles.join(", "),
            ),
        );
    }
    articles
}

/// Reads what stands under the byline, before the text, in any order: a subtitle (`——…`) when
/// the headline has none, the pull quote (a 【…】 line), an editor's note (`编者按：…` up to
/// the line signed `——编者`) and a standfirst opened by its label (`导语：…`, `【内容提要】…`:
/// the label dropped, its lines joined up to the end of a sentence).
fn read_head(article: &mut Article, body: &mut Vec<Unit>, warnings: &mut Warnings) {
    loop {
        let Some(first) = body.first() else { return };
        let text = first.text;
        if article.subtitle.is_none() && is_subtitle(text) && body.len() > 1 {
            article.subtitle = Some(text.to_owned());
            body.remove(0);
        } else if article.summary.is_none()
            && is_bracketed(text)
            && !is_note(text)
            && standfirst_text(bracket_inner(text)).is_none()
            && !opens_editor_note(text)
        {
            article.summary = Some(bracket_inner(text).to_owned());
            body.remove(0);
        } else if article.box_note.is_none() && article.note.is_none() && opens_editor_note(text) {
            let end = body
                .iter()
                .take(8)
                .position(|u| closes_editor_note(u.text))
                .unwrap_or(0);
            let mut note = String::new();
            for (i, unit) in body.drain(..=end).enumerate() {
                note = if i == 0 {
                    unit.text.to_owned()
                } else {
                    format!("{note}　{}", unit.text)
                };
            }
            article.note = Some(note);
        } else if article.standfirst.is_none()
            && let Some(rest) = standfirst_text(text)
        {
            let line = first.line;
            let mut standfirst = rest.to_owned();
            body.remove(0);
            // Its lines, cut by the layout, up to the end of a sentence (three at most).
            let mut taken = 0;
            while taken < 3
                && let Some(next) = body.first()
                && (standfirst.is_empty() || !ends_sentence(&standfirst))
                && body.len() > 1
            {
                standfirst = join_lines(&standfirst, next.text);
                body.remove(0);
                taken += 1;
            }
            if standfirst.is_empty() {
                warnings.at(
                    line,
                    format!(
                        "{} opens a standfirst that holds nothing: kept as a paragraph",
                        quote(text)
                    ),
                );
                body.insert(0, Unit { line, text });
                return;
            }
            article.standfirst = Some(standfirst);
        } else {
            return;
        }
    }
}

/// Whether the line above a headline-to-be closes what came before it (a finished sentence,
/// credits, an affiliation…), so that the headline cannot be the rest of a cut sentence.
fn closes_what_is_above(text: &str, role: Role) -> bool {
    role != Role::Text || ends_sentence(text) || trailer(text).is_some() || is_bracketed(text)
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
