//! What one line of a page is by its shape alone, before its neighbours are looked at: a
//! credits line, a numbered heading, a 【】 line, an affiliation or note, a byline, a line
//! shaped like a headline. The passes of `parse.rs` combine these answers with the lines
//! around each one.

use super::CreditRole;
use super::text::{chars, ends_mid_sentence, ends_sentence, is_personal_name, split_names};

/// A line of the page that holds something (blank lines, such as the cartoon's, hold nothing).
#[derive(Debug, Clone, Copy)]
pub(super) struct Unit<'a> {
    /// 1-based line number in the page.
    pub(super) line: usize,
    /// The line without surrounding white space (full-width spaces included).
    pub(super) text: &'a str,
}

/// A short quotation of a line for messages.
pub(super) fn quote(text: &str) -> String {
    const MAX: usize = 24;
    if chars(text) <= MAX {
        format!("「{text}」")
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("「{head}…」")
    }
}

/// What a credits line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CreditKind {
    /// Names of the page's editors, designers or proofreaders.
    Names(CreditRole),
    Email,
}

/// Labels that open a credits line, longest first where one contains another.
const CREDIT_LABELS: &[(&str, CreditKind)] = &[
    ("本版责任编辑", CreditKind::Names(CreditRole::Editors)),
    ("责任编辑", CreditKind::Names(CreditRole::Editors)),
    ("本版编辑", CreditKind::Names(CreditRole::Editors)),
    ("本版责编", CreditKind::Names(CreditRole::Editors)),
    ("责编", CreditKind::Names(CreditRole::Editors)),
    ("美术编辑", CreditKind::Names(CreditRole::Designers)),
    ("版式设计", CreditKind::Names(CreditRole::Designers)),
    ("美编", CreditKind::Names(CreditRole::Designers)),
    (
        "本版图片编辑",
        CreditKind::Names(CreditRole::PictureEditors),
    ),
    ("图片编辑", CreditKind::Names(CreditRole::PictureEditors)),
    ("校对", CreditKind::Names(CreditRole::Proofreaders)),
    ("投稿邮箱", CreditKind::Email),
    ("投稿信箱", CreditKind::Email),
    ("电子邮箱", CreditKind::Email),
    ("邮箱", CreditKind::Email),
];

/// The byte offsets in `text` where a credits label starts, in order.
pub(super) fn credit_label_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().map(|(at, _)| at).filter(move |&at| {
        CREDIT_LABELS
            .iter()
            .any(|(label, _)| text[at..].starts_with(label))
    })
}

/// The fields of a credits line (`责任编辑:胡文洁 周 菁`), or `None` when the line is not one.
/// One line may hold several fields (`责任编辑:胡文洁 投稿邮箱:a@b.c`).
pub(super) fn credit_fields(text: &str) -> Option<Vec<(&'static str, CreditKind, String)>> {
    if chars(text) > 80 {
        return None;
    }
    // (label, kind, where the label starts, where its value starts)
    let mut found: Vec<(&'static str, CreditKind, usize, usize)> = Vec::new();
    // Which of them have a space where the colon goes.
    let mut spaced: Vec<usize> = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let matched = CREDIT_LABELS.iter().find_map(|&(label, kind)| {
            let after = rest.strip_prefix(label)?;
            let trimmed = after.trim_start();
            let value = match trimmed.strip_prefix([':', '：']) {
                Some(value) => value,
                // `本版责编 张强`: a space for the colon, before names only (checked below).
                None if matches!(kind, CreditKind::Names(_))
                    && trimmed.len() < after.len()
                    && (at == 0 || text[..at].ends_with(char::is_whitespace)) =>
                {
                    spaced.push(found.len());
                    trimmed
                }
                None => return None,
            };
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
    let fields: Vec<_> = found
        .iter()
        .enumerate()
        .map(|(i, &(label, kind, _, value_start))| {
            let end = found.get(i + 1).map_or(text.len(), |next| next.2);
            (label, kind, text[value_start..end].trim().to_owned())
        })
        .collect();
    // Without its colon, a label is one only before names (`责编 张强`, not `责编 要把关`).
    let names_only = spaced.iter().all(|&i| {
        let names = split_names(&fields[i].2).names;
        !names.is_empty() && names.iter().all(|n| is_personal_name(n))
    });
    names_only.then_some(fields)
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
pub(super) fn is_bracketed(text: &str) -> bool {
    text.starts_with('【') && text.ends_with('】') && chars(text) >= 2
}

/// The inside of a 【…】 line.
pub(super) fn bracket_inner(text: &str) -> &str {
    text.trim_start_matches('【')
        .strip_suffix('】')
        .unwrap_or(text)
        .trim()
}

/// `【本文系…】`: a note, such as a funding line.
pub(super) fn is_note(text: &str) -> bool {
    is_bracketed(text) && bracket_inner(text).starts_with("本文系")
}

/// What closes an article: the author's affiliation, the source it was taken from and a note.
#[derive(Debug, Default)]
pub(super) struct Trailer {
    pub(super) affiliation: Option<String>,
    pub(super) source: Option<String>,
    pub(super) note: Option<String>,
}

/// Words that open the inside of a bracketed source line: `（摘编自《…》）`, `（来源：…）`.
const SOURCE_OPENERS: &[&str] = &[
    "摘编自",
    "摘自",
    "选自",
    "转载自",
    "转自",
    "原载",
    "本文来源",
    "来源",
    "稿件来源",
];

/// What a bracketed tail line says, from its inside: the affiliation (`作者单位：…`, `作者系…`,
/// `作者为…`), the source (`摘编自《…》`, `来源：…`: kept whole, as printed), or, for a
/// full-width `（…）`, a note (`本系列完`); `None` when a half-width `(…)` says none of these.
fn classify_tail(inside: &str, full_width: bool, found: &mut Trailer) -> Option<()> {
    let inside = inside.trim();
    let affiliation = inside
        .strip_prefix("作者单位")
        .and_then(|v| v.trim_start().strip_prefix([':', '：']))
        .or_else(|| inside.strip_prefix("作者系"))
        .or_else(|| inside.strip_prefix("作者为"))
        .or_else(|| inside.strip_prefix("作者是"))
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let slot = if let Some(value) = affiliation {
        (&mut found.affiliation, value)
    } else if SOURCE_OPENERS.iter().any(|o| inside.starts_with(o)) {
        (&mut found.source, inside)
    } else if full_width && chars(inside) >= 2 && !inside.chars().all(is_numeral) {
        (&mut found.note, inside)
    } else {
        return None;
    };
    if slot.0.is_some() {
        return None;
    }
    *slot.0 = Some(slot.1.to_owned());
    Some(())
}

/// A Chinese numeral, as numbered headings use them: `（一）` alone is no note.
fn is_numeral(c: char) -> bool {
    "一二三四五六七八九十百零〇".contains(c)
}

/// The tail lines that close an article, on a line that holds nothing else, one or several in
/// any order: `(作者单位:…)` (half- or full-width brackets and colon, or without brackets),
/// `（作者系…）`, `（作者为…）`, `（摘编自《…》）`, `（来源：…）`, any other full-width `（…）` of
/// at most 100 characters (`（本系列完）`, a note) and `【本文系…】` (a note); `None` for other
/// lines.
pub(super) fn trailer(text: &str) -> Option<Trailer> {
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
            let close = matching_close(inside, &['(', '（'], &[')', '）'])?;
            if chars(&inside[..close]) > 100 {
                return None;
            }
            classify_tail(&inside[..close], rest.starts_with('（'), &mut found)?;
            rest = inside[close..]
                .strip_prefix([')', '）'])
                .unwrap_or_default()
                .trim_start();
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
    (found.affiliation.is_some() || found.source.is_some() || found.note.is_some()).then_some(found)
}

/// A subtitle (副题): a line opened by a dash (`——从一份调查说起`, `——写在…之际③`), of at most
/// 60 characters after it, that does not read as a finished sentence.
pub(super) fn is_subtitle(text: &str) -> bool {
    let rest = text.trim_start_matches(['—', '─', '―', '－', '-']);
    let dashes = chars(text) - chars(rest);
    let opened = text.starts_with(['—', '─', '―']) || dashes >= 2;
    opened
        && (2..=60).contains(&chars(rest))
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || "“‘《「".contains(c))
        && !rest.contains('。')
        && !ends_mid_sentence(rest)
}

/// An editor's note that opens: `编者按：…`, `【编者按】…`, `编者的话：…`.
pub(super) fn opens_editor_note(text: &str) -> bool {
    let text = text.trim_start_matches(['【', '［', '[', '〔']);
    ["编者按", "编者的话", "编后"].iter().any(|label| {
        text.strip_prefix(label)
            .is_some_and(|rest| rest.starts_with([':', '：', '】', '］', ']', '〕', ' ', '　']))
    })
}

/// An editor's note that ends signed `——编者` (a closing bracket may follow).
pub(super) fn closes_editor_note(text: &str) -> bool {
    let core = text.trim_end().trim_end_matches([')', '）', '】', '］']);
    core.ends_with("编者")
        && core
            .trim_end_matches("编者")
            .trim_end()
            .ends_with(['—', '─', '―'])
}

/// The labels that open a standfirst (导语) on its line: the rest of the line (maybe empty) is
/// its text.
const STANDFIRST_LABELS: &[&str] = &["导语", "导读", "内容提要", "提要", "核心提示", "摘要"];

/// The text of a line opened by a standfirst's label (`导语：…`, `【导语】…`), without it;
/// `None` for other lines.
pub(super) fn standfirst_text(text: &str) -> Option<&str> {
    let bracketed = text.strip_prefix(['【', '［', '〔']);
    let inner = bracketed.unwrap_or(text);
    STANDFIRST_LABELS.iter().find_map(|label| {
        let rest = inner.strip_prefix(label)?;
        let rest = if bracketed.is_some() {
            rest.strip_prefix(['】', '］', '〕'])?
        } else {
            rest.trim_start().strip_prefix([':', '：'])?
        };
        Some(rest.trim_start_matches([':', '：']).trim())
    })
}

/// A page header at the top of the text: the page's number (`第5版`), the date (`2025年4月1日`)
/// with its weekday (`星期二`, `周二`), maybe the page's or the paper's name, in any order,
/// separated by spaces, `·` or `|`.
#[derive(Debug, Default, Clone)]
pub(super) struct Header {
    pub(super) number: Option<u32>,
    /// `(year, month, day)`, as printed (checked by the caller).
    pub(super) date: Option<(i32, u32, u32)>,
    /// 0 for Monday to 6 for Sunday.
    pub(super) weekday: Option<u32>,
    /// Short names (the page's, the paper's), in the order printed.
    pub(super) names: Vec<String>,
    /// The section letter printed before the number (`A05版`), which the edition's numbers do
    /// not hold.
    pub(super) letter: Option<char>,
    /// Which of `names` is the page's: the first printed after the number (`第5版 评论`,
    /// `第3版 2025年4月1日 星期二 理论`).
    pub(super) name_after_number: Option<usize>,
}

/// Reads a line as a page header: one with the page's number, or a date with its weekday, and
/// nothing else but short names; `None` for other lines.
pub(super) fn page_header(text: &str) -> Option<Header> {
    if chars(text) > 60 {
        return None;
    }
    let mut header = Header::default();
    let mut rest = text.trim();
    let mut number_seen = false;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(is_header_separator);
        if rest.is_empty() {
            break;
        }
        if let Some((number, letter, after)) = read_page_number(rest) {
            if header.number.replace(number).is_some() {
                return None;
            }
            header.letter = letter;
            rest = after;
            number_seen = true;
            continue;
        }
        if let Some((date, after)) = read_chinese_date(rest) {
            if header.date.replace(date).is_some() {
                return None;
            }
            rest = after;
            continue;
        }
        if let Some((weekday, after)) = read_weekday(rest) {
            if header.weekday.replace(weekday).is_some() {
                return None;
            }
            rest = after;
            continue;
        }
        let end = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '·' | '|' | '丨' | '｜' | '/' | '／' | '•')
            })
            .unwrap_or(rest.len());
        let name = &rest[..end];
        // Credits are no name of the header's (`第5版 评论 责编 张强`).
        if credit_label_starts(name).next() == Some(0) {
            return None;
        }
        let lettered = lettered_page(name).is_some();
        if !lettered
            && (!super::text::is_label_like(name) || name.chars().any(|c| c.is_ascii_digit()))
        {
            return None;
        }
        if number_seen && header.name_after_number.is_none() {
            header.name_after_number = Some(header.names.len());
        }
        header.names.push(name.to_owned());
        rest = &rest[end..];
    }
    let dated = header.date.is_some() && header.weekday.is_some();
    // A bare `A05` is a page only beside a date.
    if header.number.is_none()
        && header.date.is_some()
        && let Some(k) = header.names.iter().position(|n| lettered_page(n).is_some())
    {
        let (number, letter) = lettered_page(&header.names.remove(k)).expect("checked");
        header.number = Some(number);
        header.letter = Some(letter);
        header.name_after_number = (k < header.names.len()).then_some(k);
    }
    (header.number.is_some() || dated).then_some(header)
}

/// A line that is a date and nothing else (`2025年4月1日`, `2025-04-01`): a header when it
/// stands above the first article, where it can be no text.
pub(super) fn date_line(text: &str) -> Option<Header> {
    let (date, rest) = read_chinese_date(text.trim())?;
    rest.trim().is_empty().then(|| Header {
        date: Some(date),
        ..Header::default()
    })
}

/// What sets the pieces of a page header apart.
fn is_header_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '·' | '|' | '丨' | '｜' | '/' | '／' | '•' | ':' | '：')
}

/// `A05`, `B3`: a page of a lettered section, as its number and letter.
fn lettered_page(text: &str) -> Option<(u32, char)> {
    let letter = text.chars().next().filter(char::is_ascii_uppercase)?;
    let digits = &text[1..];
    ((1..=3).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|n| (1..=999).contains(n))
        .map(|n| (n, letter))
}

/// `第5版`, `第05版`, `A05版`, `第A5版` at the start of `text`: the number, the section letter if
/// any, and the rest.
fn read_page_number(text: &str) -> Option<(u32, Option<char>, &str)> {
    let rest = text.strip_prefix('第').unwrap_or(text).trim_start();
    let letter = rest.chars().next().filter(char::is_ascii_uppercase);
    let rest = &rest[letter.map_or(0, char::len_utf8)..];
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if !(1..=3).contains(&digits) {
        return None;
    }
    let number: u32 = rest[..digits].parse().ok()?;
    let after = rest[digits..].trim_start().strip_prefix('版')?;
    (1..=999)
        .contains(&number)
        .then_some((number, letter, after))
}

/// `2025年4月1日` at the start of `text`: the date and the rest.
fn read_chinese_date(text: &str) -> Option<((i32, u32, u32), &str)> {
    // `2025-04-01` as well.
    let iso = text.get(..10).filter(|d| {
        d.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
    });
    if let Some(date) = iso {
        let part = |r: std::ops::Range<usize>| date[r].parse::<u32>().ok();
        let year = part(0..4)? as i32;
        return Some(((year, part(5..7)?, part(8..10)?), &text[10..]));
    }
    let number = |text: &str, most: usize| -> Option<(u32, usize)> {
        let digits = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        if !(1..=most).contains(&digits) {
            return None;
        }
        Some((text[..digits].parse().ok()?, digits))
    };
    let (year, y) = number(text, 4)?;
    let rest = text[y..].strip_prefix('年')?;
    let (month, m) = number(rest, 2)?;
    let rest = rest[m..].strip_prefix('月')?;
    let (day, d) = number(rest, 2)?;
    let rest = rest[d..].strip_prefix(['日', '号'])?;
    (y == 4).then_some(((year as i32, month, day), rest))
}

/// `星期二`, `周二` at the start of `text`: the day (0 for Monday) and the rest.
fn read_weekday(text: &str) -> Option<(u32, &str)> {
    let rest = text
        .strip_prefix("星期")
        .or_else(|| text.strip_prefix("礼拜"))
        .or_else(|| text.strip_prefix('周'))?;
    let day = rest.chars().next()?;
    let n = "一二三四五六日天".find(day)? / '一'.len_utf8();
    Some(((n as u32).min(6), &rest[day.len_utf8()..]))
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
pub(super) const HEADLINE_MAX: usize = 40;

/// The most characters of a headline whose place tells it: a byline under it, or an affiliation
/// or note right above it that ends the article before. Two lines of a wide column (36–40
/// characters each) hold a long main headline with its subtitle (——…); a line longer than that
/// without a full stop is a paragraph that lost its punctuation, not a headline.
pub(super) const LONG_HEADLINE_MAX: usize = 80;

/// Whether the line could be a headline of at most 40 characters.
pub(super) fn is_title_like(text: &str) -> bool {
    is_headline_shaped(text, HEADLINE_MAX)
}

/// Whether the line could be a headline of at most `max` characters: not a sentence's end (a
/// headline may end in ？ or ！), not a numbered heading, a bracketed line or an affiliation.
pub(super) fn is_headline_shaped(text: &str, max: usize) -> bool {
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
    let names = byline(text).map_or(0, |b| b.names.len());
    opens_well && !ends_like_prose && !text.contains(['。', '【']) && names < 2
}

/// A byline as read: the authors' names, how layout spaces were read, and the roles printed
/// with the names (`本报记者`), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Byline {
    pub(super) names: Vec<String>,
    pub(super) decisions: Vec<String>,
    pub(super) roles: Vec<String>,
}

/// Staff bylines, which stand for a name (本报评论员), or go before names as a role
/// (`本报记者 王明`), longest first where one contains another.
const STAFF_ROLES: &[&str] = &[
    "本报特约评论员",
    "本报评论员",
    "特约评论员",
    "本报记者",
    "本报通讯员",
    "特约撰稿人",
    "评论员",
    "通讯员",
    "记者",
];

/// Marks that may open a byline, dropped: `文/`, `作者：`, a box mark.
const BYLINE_MARKS: &[&str] = &[
    "文/",
    "文／",
    "文 / ",
    "文|",
    "文｜",
    "作者：",
    "作者:",
    "□",
    "■",
    "◎",
    "●",
    "○",
    "◆",
    "◇",
];

/// The names of a byline: one line of one to four names, each of 2–4 Han characters (layout
/// spaces inside a name allowed, `王  明`), or a staff byline such as 本报评论员; a role may go
/// before the names (`本报记者 王明`, `记者王明`), an affiliation in brackets after them
/// (`王明（中国人民大学教授）`: among the roles, without a leading 系 or 为). A leading `文/`, `作者：` or box mark is
/// dropped.
pub(super) fn byline(text: &str) -> Option<Byline> {
    let mut text = text.trim();
    for prefix in BYLINE_MARKS {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim();
        }
    }
    // An affiliation in brackets after the names: `王明（中国人民大学教授）`, `李华（系某某研究员）`.
    let mut bracketed = None;
    if let Some(inside) = text.strip_suffix(['）', ')'])
        && let Some(open) = inside.rfind(['（', '('])
    {
        let affiliation = inside[open..]
            .trim_start_matches(['（', '('])
            .trim_start_matches(['系', '为'])
            .trim();
        if chars(affiliation) >= 4 && !affiliation.contains(['（', '(', '）', ')']) {
            bracketed = Some(affiliation.to_owned());
            text = inside[..open].trim();
        }
    }
    // Names in a byline are set apart by spaces or 、; a comma or colon makes a sentence.
    if chars(text) > 24 || text.is_empty() || text.contains(['，', ',', '；', ';', '：', ':']) {
        return None;
    }
    // A paper's own staff byline: 本报评论员, 新华社评论员, 本报编辑部.
    let staff = STAFF_ROLES.contains(&text)
        || ((text.ends_with("评论员") || text.ends_with("编辑部"))
            && chars(text) <= 10
            && text.chars().all(crate::cjk::is_han));
    if staff {
        return Some(Byline {
            names: vec![text.to_owned()],
            roles: bracketed.into_iter().collect(),
            ..Byline::default()
        });
    }
    // Roles before names, with or without a space (`本报记者 王明`, `记者王明`).
    let mut roles = Vec::new();
    let mut rest = String::new();
    for token in text.split_whitespace() {
        let role = STAFF_ROLES.iter().find(|role| token.starts_with(**role));
        match role {
            Some(role) => {
                roles.push((*role).to_owned());
                rest.push(' ');
                rest.push_str(&token[role.len()..]);
            }
            None => {
                rest.push(' ');
                rest.push_str(token);
            }
        }
    }
    roles.extend(bracketed);
    let names = split_names(rest.trim());
    let ok = (1..=4).contains(&names.names.len())
        && names.names.iter().all(|name| is_personal_name(name));
    ok.then_some(Byline {
        names: names.names,
        decisions: names.decisions,
        roles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_credits_lines() {
        let fields = credit_fields("责任编辑:胡文洁 周 菁").unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].1, CreditKind::Names(CreditRole::Editors));
        assert_eq!(fields[0].2, "胡文洁 周 菁");
        let both = credit_fields("责任编辑：胡文洁 投稿邮箱: a@b.cn").unwrap();
        assert_eq!(both.len(), 2);
        assert_eq!(both[1].1, CreditKind::Email);
        assert_eq!(both[1].2, "a@b.cn");
        let crew = credit_fields("美编:王小丫 版式设计:陈 刚 校对:林森").unwrap();
        let kinds: Vec<CreditKind> = crew.iter().map(|field| field.1).collect();
        assert_eq!(
            kinds,
            [
                CreditKind::Names(CreditRole::Designers),
                CreditKind::Names(CreditRole::Designers),
                CreditKind::Names(CreditRole::Proofreaders)
            ]
        );
        assert_eq!(crew[1].2, "陈 刚");
        assert!(credit_fields("编辑部认为,这样不行。").is_none());
        assert!(credit_fields("邮箱里有很多来信").is_none());
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
        let names = |text: &str| byline(text).unwrap().names;
        assert_eq!(names("李宏"), ["李宏"]);
        assert_eq!(names("周 菁"), ["周菁"]);
        assert_eq!(names("王  明"), ["王明"]);
        assert_eq!(names("李宏 杨双双"), ["李宏", "杨双双"]);
        assert_eq!(names("文/任远"), ["任远"]);
        assert_eq!(names("□李宏"), ["李宏"]);
        assert_eq!(names("本报评论员"), ["本报评论员"]);
        let staff = byline("本报记者 王某").unwrap();
        assert_eq!(
            (staff.names, staff.roles),
            (vec!["王某".to_owned()], vec!["本报记者".to_owned()])
        );
        assert_eq!(byline("记者王小明").unwrap().names, ["王小明"]);
        assert!(byline("本报记者 新业态背景下").is_none());
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
