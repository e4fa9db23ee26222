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
    ("校对", CreditKind::Names(CreditRole::Proofreaders)),
    ("投稿邮箱", CreditKind::Email),
    ("投稿信箱", CreditKind::Email),
    ("电子邮箱", CreditKind::Email),
    ("邮箱", CreditKind::Email),
];

/// The fields of a credits line (`责任编辑:胡文洁 周 菁`), or `None` when the line is not one.
/// One line may hold several fields (`责任编辑:胡文洁 投稿邮箱:a@b.c`).
pub(super) fn credit_fields(text: &str) -> Option<Vec<(&'static str, CreditKind, String)>> {
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

/// What closes an article: the author's affiliation and a note.
#[derive(Debug, Default)]
pub(super) struct Trailer {
    pub(super) affiliation: Option<String>,
    pub(super) note: Option<String>,
}

/// The affiliation `(作者单位:…)` (half- or full-width parentheses and colon) and the note
/// `【本文系…】` on a line that holds nothing else, in any order; `None` for other lines.
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
    let names = byline(text).map_or(0, |(names, _)| names.len());
    opens_well && !ends_like_prose && !text.contains(['。', '【']) && names < 2
}

/// The names of a byline: one line of one to four names, each of 2–4 Han characters (a layout
/// space inside a name allowed), or a staff byline such as 本报评论员. A leading `文/` or a
/// box mark is dropped.
pub(super) fn byline(text: &str) -> Option<(Vec<String>, Vec<String>)> {
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
