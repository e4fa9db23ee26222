//! What counts as a Han character, a CJK letter and CJK punctuation, for every stage: word
//! counts, line joins and emphasis in Markdown, the search index's tokens, and the importer's
//! names and punctuation. The ranges are written here once; the theme's `search.js` holds a
//! copy (JavaScript cannot read this file), and `tests/browser.rs` checks the page's answers
//! against these for every code point of planes 0–3.
//!
//! Every range lies in planes 0–3: the Basic Multilingual Plane, and the Supplementary and
//! Tertiary Ideographic Planes (2 and 3), which Unicode sets aside for CJK ideographs. Plane 1
//! (historic scripts, emoji) holds no Chinese.

/// A range of code points, its first and last included.
pub type Range = (u32, u32);

/// Han characters, the ideographs of Chinese text:
/// - U+3007 〇, the ideographic zero (二〇二六年), which Unicode files among CJK Symbols and
///   Punctuation but which is written and read as a character;
/// - U+3400–U+4DBF, CJK Unified Ideographs Extension A;
/// - U+4E00–U+9FFF, CJK Unified Ideographs;
/// - U+F900–U+FAFF, CJK Compatibility Ideographs;
/// - U+20000–U+3FFFF, planes 2 and 3 whole: Extensions B to J and the Compatibility
///   Ideographs Supplement, and whatever extension Unicode assigns there next. Listing the
///   assigned blocks one by one (as the importer once did, up to Extension H) leaves out each
///   new extension until someone notices; the unassigned code points between them appear in
///   no text.
pub const HAN: &[Range] = &[
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
];

/// Kana and Hangul syllables, the letters of the Japanese and Korean a Chinese page quotes:
/// they count, pair and join as Han characters do. U+3041–U+3096 Hiragana letters,
/// U+30A1–U+30FA Katakana letters (not the marks around them), U+AC00–U+D7AF Hangul Syllables.
pub const KANA_AND_HANGUL: &[Range] = &[(0x3041, 0x3096), (0x30A1, 0x30FA), (0xAC00, 0xD7AF)];

/// Full-width Latin digits and letters (２０２５, ＺＺＳＫ), in Halfwidth and Fullwidth Forms:
/// letters and digits like their ASCII selves, which search folds them to.
pub const FULL_WIDTH_LATIN: &[Range] = &[(0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)];

/// The blocks of CJK punctuation: U+3000–U+303F CJK Symbols and Punctuation (the ideographic
/// space, 、。〈〉《》「」【】), U+FE30–U+FE4F CJK Compatibility Forms (vertical forms) and
/// U+FF00–U+FFEF Halfwidth and Fullwidth Forms (，：（）！？; the block also holds
/// [`FULL_WIDTH_LATIN`], which is checked first where it matters).
pub const PUNCTUATION_BLOCKS: &[Range] = &[(0x3000, 0x303F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)];

/// The other blocks of CJK text, neither letters nor punctuation: CJK Radicals Supplement,
/// Kangxi Radicals and Ideographic Description Characters (U+2E80–U+2FFF); Hiragana and
/// Katakana whole, with their marks (U+3040–U+30FF); Bopomofo, Hangul Compatibility Jamo,
/// Kanbun, Bopomofo Extended, CJK Strokes and Katakana Phonetic Extensions (U+3100–U+31FF).
pub const OTHER_BLOCKS: &[Range] = &[(0x2E80, 0x2FFF), (0x3040, 0x30FF), (0x3100, 0x31FF)];

/// Marks outside the CJK blocks that Chinese text sets full width: the middle dot ·
/// (Latin-1), the dashes — and ― (either stands for the Chinese dash, ——, depending on the
/// encoding the text came through), the quotes ‘ ’ “ ”, and the ellipsis ….
pub const CHINESE_MARKS: &[char] = &[
    '\u{00B7}', '\u{2014}', '\u{2015}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2026}',
];

/// Every table of ranges, by name: for the test that holds `search.js` to them.
pub const TABLES: &[(&str, &[Range])] = &[
    ("HAN", HAN),
    ("KANA_AND_HANGUL", KANA_AND_HANGUL),
    ("FULL_WIDTH_LATIN", FULL_WIDTH_LATIN),
    ("PUNCTUATION_BLOCKS", PUNCTUATION_BLOCKS),
    ("OTHER_BLOCKS", OTHER_BLOCKS),
];

/// Whether `c` is in one of `ranges`.
#[inline]
pub fn within(ranges: &[Range], c: char) -> bool {
    let n = c as u32;
    ranges
        .iter()
        .any(|&(first, last)| (first..=last).contains(&n))
}

/// A Han character ([`HAN`]).
pub fn is_han(c: char) -> bool {
    within(HAN, c)
}

/// A CJK letter: Han, kana or a Hangul syllable. Each counts as a word, and search pairs it
/// with its neighbours.
pub fn is_cjk_letter(c: char) -> bool {
    is_han(c) || within(KANA_AND_HANGUL, c)
}

/// A full-width Latin letter or digit ([`FULL_WIDTH_LATIN`]).
pub fn is_full_width_latin(c: char) -> bool {
    within(FULL_WIDTH_LATIN, c)
}

/// CJK punctuation: the [`PUNCTUATION_BLOCKS`] and the [`CHINESE_MARKS`].
pub fn is_cjk_punctuation(c: char) -> bool {
    within(PUNCTUATION_BLOCKS, c) || CHINESE_MARKS.contains(&c)
}

/// A character of CJK text: a letter, or a character of the punctuation or other CJK blocks
/// (not the [`CHINESE_MARKS`], which Latin text uses too).
pub fn is_cjk(c: char) -> bool {
    is_cjk_letter(c) || within(PUNCTUATION_BLOCKS, c) || within(OTHER_BLOCKS, c)
}

/// A character that Chinese text sets full width: CJK, or one of the [`CHINESE_MARKS`].
pub fn is_wide(c: char) -> bool {
    is_cjk(c) || CHINESE_MARKS.contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_is_ordered_and_within_planes_0_to_3() {
        for (name, ranges) in TABLES {
            for pair in ranges.windows(2) {
                assert!(
                    pair[0].1 < pair[1].0,
                    "{name}: {pair:?} overlap or are out of order"
                );
            }
            for &(first, last) in *ranges {
                assert!(
                    first <= last && last <= 0x3FFFF,
                    "{name}: {first:X}–{last:X}"
                );
            }
        }
    }

    #[test]
    fn han_characters_from_every_plane() {
        for c in [
            '中',
            '〇',
            '\u{3400}',
            '\u{9FFF}',
            '\u{F900}',
            '\u{20000}',
            '\u{2A700}',
            '\u{2EBF0}',
            '\u{2F800}',
            '\u{30000}',
            '\u{323B0}',
            '\u{3FFFF}',
        ] {
            assert!(is_han(c), "{c} U+{:X}", c as u32);
            assert!(is_cjk_letter(c) && is_cjk(c) && is_wide(c));
        }
        for c in [
            'a',
            '、',
            'か',
            '한',
            '〆',
            '\u{1D400}',
            '\u{1F600}',
            '\u{40000}',
        ] {
            assert!(!is_han(c), "{c} U+{:X}", c as u32);
        }
        assert!(is_cjk_letter('か') && is_cjk_letter('한') && !is_cjk_letter('ー'));
        assert!(is_cjk('ー') && !is_cjk_letter('。') && is_cjk('。'));
    }

    #[test]
    fn chinese_marks_are_wide_punctuation_but_not_cjk() {
        for c in ['“', '”', '‘', '’', '—', '―', '…', '·'] {
            assert!(is_cjk_punctuation(c) && is_wide(c) && !is_cjk(c), "{c}");
        }
        for c in ['„', '‚', '-', ',', 'a'] {
            assert!(!is_cjk_punctuation(c) && !is_wide(c), "{c}");
        }
        assert!(
            is_cjk_punctuation('，') && is_full_width_latin('Ｚ') && !is_full_width_latin('，')
        );
    }
}
