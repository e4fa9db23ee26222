//! What the importer needs to know about Chinese print text: which punctuation closes a
//! sentence, how names are spaced, and the optional punctuation fix. Which characters are Han
//! and which are CJK punctuation is `crate::cjk`'s, as for every stage.

use crate::cjk::{is_cjk_punctuation, is_han};

/// A character of Chinese text: Han, or the punctuation that goes with it.
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punctuation(c)
}

/// Marks that end a sentence. `…` is among them: a paragraph may end in an ellipsis.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '.', '．', '…'];

/// Closing quotes and brackets, which may follow a sentence's end mark (`……。”`).
const CLOSERS: &[char] = &[
    '”', '’', '」', '』', '）', ')', '》', '〉', '】', '〕', '"', '\'', '］', ']',
];

/// Whether `text` ends a sentence: with 。！？!? (or . …), possibly followed by closing quotes
/// or brackets. A line that does not was cut by the layout, or is a heading or a label.
pub fn ends_sentence(text: &str) -> bool {
    let core = text.trim_end().trim_end_matches(CLOSERS);
    core.ends_with(SENTENCE_ENDS)
}

/// Characters that never start a line of Chinese print (they close what came before): a line
/// that starts with one continues the line above.
pub fn cannot_start_line(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '”'
            | '’'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// Punctuation after which a sentence plainly goes on (a comma, a colon, an opening quote…).
pub fn ends_mid_sentence(text: &str) -> bool {
    text.trim_end().ends_with([
        '，', ',', '、', '；', ';', '：', ':', '—', '“', '‘', '（', '(', '《', '「', '『', '·',
    ])
}

/// A short line with no punctuation at all, such as a column label (基层治理) or a page's
/// name (评论): at most 8 characters of letters, digits, spaces and `·`.
pub fn is_label_like(text: &str) -> bool {
    let count = text.chars().count();
    (1..=8).contains(&count)
        && text.chars().any(|c| c.is_alphanumeric())
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || c == '·')
}

/// The lines of a page: `\r\n`, `\r` (as old Mac layout exports end lines) and `\n` are each
/// one line break, so that the n-th item is the page's line n (1-based) however its lines end.
/// A break at the very end starts no line of its own.
pub fn split_lines(text: &str) -> Vec<&str> {
    crate::front_matter::lines(text).collect()
}

/// The line and column (both 1-based) of the byte at `offset`, with line breaks counted as
/// [`split_lines`] counts them. Columns count characters.
pub use crate::error::position_of;

/// The number of characters, as a reader counts them.
pub fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Removes every kind of white space, the full-width space (U+3000) included.
pub fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Joins a line cut by the layout to its continuation. Nothing goes between two Chinese
/// characters, nor inside a number or after one (`近2` / `0年来`, `增长了12.` / `5%`, `5` / `G网络`) or a Latin word cut in
/// Chinese text (`使用Chat` / `GPT等`). A space goes between Latin words only where both pieces
/// are whole words of a Latin phrase: the word before the break follows a space (or starts the
/// line) and the word after it ends at a space, punctuation or the line's end (`in the` /
/// `morning`).
pub fn join_lines(first: &str, second: &str) -> String {
    let mut joined = String::with_capacity(first.len() + second.len() + 1);
    joined.push_str(first);
    if wants_space(first, second) {
        joined.push(' ');
    }
    joined.push_str(second);
    joined
}

/// Whether the line break between `first` and `second` stood for a space (see [`join_lines`]).
fn wants_space(first: &str, second: &str) -> bool {
    let latin = |c: &char| c.is_ascii_alphanumeric();
    let left: Vec<char> = first.chars().rev().take_while(latin).collect();
    let right: Vec<char> = second.chars().take_while(latin).collect();
    if left.is_empty() || right.is_empty() {
        return false;
    }
    // A number cut in two is one number; a number and its unit are one word (`5` / `G`).
    if left[0].is_ascii_digit() {
        return false;
    }
    let before = first.chars().rev().nth(left.len());
    let after = second.chars().nth(right.len());
    let opens_word = before.is_none_or(|c| c == ' ');
    let closes_word = after.is_none_or(|c| c == ' ' || (c.is_ascii_punctuation() && c != '-'));
    opens_word && closes_word
}

/// Names split from a byline or a credits line, and how a layout space was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub names: Vec<String>,
    /// One sentence for each place where spaces were read as padding inside a name.
    pub decisions: Vec<String>,
}

/// Splits a line of names. `、，,；;／/` always separate names. Where only spaces do, a space
/// may also be padding: print sets a two-character name to the width of a three-character one
/// by a space in its middle (`周 菁`). No Chinese personal name has one character, so a
/// one-character piece is joined to the piece after it when the two make at most three
/// characters (`周 菁` → 周菁, `胡 文洁` → 胡文洁).
pub fn split_names(text: &str) -> Names {
    let mut decisions = Vec::new();
    let explicit = ['、', '，', ',', '；', ';', '／', '/'];
    if text.contains(explicit) {
        let names = text
            .split(explicit)
            .filter(|piece| !piece.trim().is_empty())
            .map(|piece| {
                let name = without_spaces(piece);
                if name != piece.trim() {
                    decisions.push(format!(
                        "`{}` read as one name, {name}: names are separated by `、` here, so the space is layout",
                        piece.trim()
                    ));
                }
                name
            })
            .collect();
        return Names { names, decisions };
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        if chars(token) == 1
            && token.chars().all(is_han)
            && let Some(next) = tokens.get(i + 1)
            && next.chars().all(is_han)
            && chars(token) + chars(next) <= 3
        {
            let name = format!("{token}{next}");
            decisions.push(format!(
                "`{token} {next}` read as one name, {name}: no name has one character; print pads a two-character name with a space to the width of a three-character one"
            ));
            names.push(name);
            i += 2;
        } else {
            names.push(token.to_owned());
            i += 1;
        }
    }
    Names { names, decisions }
}

/// Whether `name` looks like a Chinese personal name: 2 to 4 Han characters, or a longer
/// transcribed name with a middle dot (阿依古丽·买买提).
pub fn is_personal_name(name: &str) -> bool {
    let han = name.chars().filter(|&c| is_han(c)).count();
    let dots = name.chars().filter(|&c| c == '·' || c == '•').count();
    han + dots == chars(name)
        && if dots == 0 {
            (2..=4).contains(&han)
        } else {
            han >= 2 && chars(name) <= 12 && !name.starts_with(['·', '•'])
        }
}

/// The full-width form print sets in Chinese text for a half-width `,:;?!()`.
pub fn full_width(mark: char) -> Option<char> {
    Some(match mark {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Turns half-width `,:;?!` and `()` in Chinese text into their full-width forms (，：；？！（）),
/// as print sets them. `,:;?!` change when the character before is Chinese and the one after
/// is Chinese, a digit or the end of the text (`再出发?站在` → `再出发？站在`, `为例,2025年` →
/// `为例，2025年`); a pair of parentheses changes when it stands in Chinese text, that is when
/// a character just outside or just inside it is Chinese (`课题(ZZSK2025126)成果` →
/// `课题（ZZSK2025126）成果`). Latin text (`Hello, world`), numbers (`1,300`) and addresses
/// are left as they are.
pub fn normalize_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let Some(full) = full_width(c).filter(|_| !matches!(c, '(' | ')')) else {
            continue;
        };
        let after_fits = match after {
            None => true,
            Some(a) => is_chinese(a) || a.is_ascii_digit(),
        };
        if before.is_some_and(is_chinese) && after_fits {
            out[i] = full;
        }
    }
    // Parentheses, as pairs: the innermost first, so that nesting is handled.
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(start) = open.pop() {
                    let touches = [
                        start.checked_sub(1).map(|j| chars[j]),
                        chars.get(start + 1).copied(),
                        i.checked_sub(1).map(|j| chars[j]),
                        chars.get(i + 1).copied(),
                    ];
                    if touches
                        .iter()
                        .flatten()
                        .any(|&c| is_chinese(c) && c != '(' && c != ')')
                    {
                        out[start] = '（';
                        out[i] = '）';
                    }
                }
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_with_an_end_mark_and_optional_closers() {
        assert!(ends_sentence("这是一句话。"));
        assert!(ends_sentence("他说:“好。”"));
        assert!(ends_sentence("无限续航?"));
        assert!(!ends_sentence("让领导干"));
        assert!(!ends_sentence("身体是事业最重要的“合伙人”"));
        assert!(!ends_sentence("层出不穷,"));
    }

    #[test]
    fn a_layout_space_inside_a_two_character_name_is_padding() {
        let names = split_names("胡文洁 周 菁");
        assert_eq!(names.names, ["胡文洁", "周菁"]);
        assert_eq!(names.decisions.len(), 1);
        assert_eq!(split_names("李宏 杨双双").names, ["李宏", "杨双双"]);
        assert_eq!(split_names("胡文洁、周 菁").names, ["胡文洁", "周菁"]);
        assert_eq!(split_names("周菁").names, ["周菁"]);
    }

    #[test]
    fn personal_names_have_two_to_four_han_characters() {
        assert!(is_personal_name("李宏"));
        assert!(is_personal_name("廖智勇"));
        assert!(!is_personal_name("李"));
        assert!(!is_personal_name("新业态背景下"));
        assert!(!is_personal_name("Li Hong"));
        assert!(is_personal_name("阿依古丽·买买提"));
    }

    #[test]
    fn normalises_half_width_punctuation_between_chinese_characters_only() {
        assert_eq!(
            normalize_punctuation("株洲社会工作如何再出发?站在全新起点"),
            "株洲社会工作如何再出发？站在全新起点"
        );
        assert_eq!(
            normalize_punctuation("课题(ZZSK2025126)成果"),
            "课题（ZZSK2025126）成果"
        );
        assert_eq!(
            normalize_punctuation("他说 Hello, world: ok? (see p. 3)"),
            "他说 Hello, world: ok? (see p. 3)"
        );
        assert_eq!(normalize_punctuation("为例,2025年"), "为例，2025年");
        assert_eq!(normalize_punctuation("共1,300项"), "共1,300项");
        assert_eq!(normalize_punctuation("无限续航?"), "无限续航？");
        assert_eq!(normalize_punctuation("很明确:国资"), "很明确：国资");
    }

    #[test]
    fn joins_chinese_without_a_space_and_latin_with_one() {
        assert_eq!(join_lines("让领导干", "部以"), "让领导干部以");
        assert_eq!(join_lines("in the", "morning"), "in the morning");
        assert_eq!(join_lines("in the", "morning sun"), "in the morning sun");
        assert_eq!(join_lines("近2", "0年来"), "近20年来");
        assert_eq!(join_lines("增长了12.", "5%"), "增长了12.5%");
        assert_eq!(join_lines("使用Chat", "GPT等工具"), "使用ChatGPT等工具");
        assert_eq!(join_lines("the 5", "G network"), "the 5G network");
    }

    #[test]
    fn crlf_cr_and_lf_are_each_one_line_break() {
        assert_eq!(split_lines("a\r\nb\rc\nd"), ["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\r\rb\n"), ["a", "", "b"]);
        assert_eq!(split_lines("\n"), [""]);
        assert!(split_lines("").is_empty());
        let text = "甲\r乙\r\n丙\nxy";
        for (offset, want) in [
            (0, (1, 1)),
            (4, (2, 1)),
            (9, (3, 1)),
            (13, (4, 1)),
            (14, (4, 2)),
        ] {
            assert_eq!(
                position_of(text.as_bytes(), offset),
                want,
                "offset {offset}"
            );
        }
    }
}
