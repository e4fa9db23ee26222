//! Every rule for turning names into URL slugs, in one place.
//!
//! The scheme: each Han character becomes its toneless pinyin syllable, one word per
//! character (基层治理 → `ji-ceng-zhi-li`); runs of ASCII letters and digits stay one word,
//! lower-cased (`ZZSK2025126` → `zzsk2025126`); other scripts are transliterated with
//! deunicode; everything else separates words, and words are joined with `-`.
//!
//! Names that differ but share a slug (李宏 and 李红 are both `li-hong`) each get a suffix made
//! from a hash of the name itself (`li-hong-5f2c1a`), so no two people share a page and each
//! suffix depends only on the name, never on the order in which files were read.

use std::collections::BTreeMap;

use pinyin::ToPinyin;

/// The slug of `text` under the scheme above; empty when `text` has nothing to spell.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len() * 2);
    // Whether the last thing pushed was part of a word that the next letter may continue.
    let mut in_word = false;
    let start_word = |slug: &mut String| {
        if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    };
    for c in text.chars() {
        if let Some(syllable) = c.to_pinyin() {
            start_word(&mut slug);
            slug.push_str(syllable.plain());
            in_word = false;
            continue;
        }
        let spelled: String = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase().to_string()
        } else if c.is_alphanumeric() {
            deunicode::deunicode_char(c)
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        } else {
            String::new()
        };
        if spelled.is_empty() {
            in_word = false;
            continue;
        }
        if !in_word {
            start_word(&mut slug);
        }
        slug.push_str(&spelled);
        in_word = true;
    }
    slug
}

/// `name` in Unicode NFC. The two spellings of José (`é`, or `e` and a combining accent), a
/// Hangul name typed as syllables or as letters, and a Han compatibility ideograph (U+F9E1 李,
/// as old converters write it) and its unified twin (U+674E 李) are then one name, with one
/// page. Only names used as keys (authors, sections, tags) are normalised: NFC of a title or a
/// body could change what the user wrote.
pub fn nfc(name: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(name.chars()) {
        IsNormalized::Yes => name,
        IsNormalized::No | IsNormalized::Maybe => name.nfc().collect(),
    }
}

/// Whether a slug written by hand (front matter `slug:` or site.yaml) is safe in a URL path.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with(['.', '-'])
        && slug.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
        })
}

/// The key Chinese indexes sort names by: pinyin with tone numbers, then the name itself so
/// that homophones keep a fixed order.
pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 3);
    for c in name.chars() {
        match c.to_pinyin() {
            Some(syllable) => key.push_str(syllable.with_tone_num()),
            None => key.extend(c.to_lowercase()),
        }
        key.push(' ');
    }
    key
}

/// Slugs for a set of distinct names (authors, sections): each name's slug, with a stable
/// suffix where two names would otherwise share one. `pinned` slugs (from site.yaml) are used as
/// given. A name that spells to nothing gets `fallback` plus its suffix.
pub fn assign<'a>(
    names: impl IntoIterator<Item = &'a str>,
    pinned: impl Fn(&str) -> Option<String>,
    fallback: &str,
) -> BTreeMap<&'a str, String> {
    let mut by_slug: BTreeMap<String, Vec<&'a str>> = BTreeMap::new();
    let mut slugs = BTreeMap::new();
    // Each name once: a site names the same few hundred authors thousands of times.
    let distinct: std::collections::BTreeSet<&'a str> = names.into_iter().collect();
    for name in distinct {
        if let Some(slug) = pinned(name) {
            slugs.insert(name, slug);
            continue;
        }
        let slug = slugify(name);
        let slug = if slug.is_empty() {
            fallback.to_owned()
        } else {
            slug
        };
        by_slug.entry(slug).or_default().push(name);
    }
    for (slug, mut group) in by_slug {
        group.sort_unstable();
        group.dedup();
        let taken_by_pin = slugs.values().any(|pinned| *pinned == slug);
        let distinct = group.len() == 1 && !taken_by_pin && slug != fallback;
        for name in group {
            let slug = if distinct {
                slug.clone()
            } else {
                format!("{slug}-{:06x}", name_hash(name) & 0xff_ffff)
            };
            slugs.insert(name, slug);
        }
    }
    slugs
}

/// FNV-1a over the name's UTF-8 bytes: fixed forever, so suffixes never change between builds
/// or versions of this tool.
fn name_hash(name: &str) -> u32 {
    name.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_han_characters_as_toneless_pinyin_syllables() {
        assert_eq!(slugify("基层治理"), "ji-ceng-zhi-li");
        assert_eq!(slugify("评漫画"), "ping-man-hua");
        assert_eq!(
            slugify("身体是事业最重要的“合伙人”"),
            "shen-ti-shi-shi-ye-zui-zhong-yao-de-he-huo-ren"
        );
    }

    #[test]
    fn keeps_latin_words_and_digits_together() {
        assert_eq!(slugify("ZZSK2025126 课题"), "zzsk2025126-ke-ti");
        assert_eq!(slugify("2025年"), "2025-nian");
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("“十五五”规划"), "shi-wu-wu-gui-hua");
    }

    #[test]
    fn transliterates_other_scripts() {
        assert_eq!(slugify("Crème brûlée"), "creme-brulee");
        assert_eq!(slugify("Москва"), "moskva");
    }

    #[test]
    fn gives_nothing_for_punctuation_alone() {
        assert_eq!(slugify("【】——"), "");
    }

    #[test]
    fn keeps_homophone_names_apart_with_stable_suffixes() {
        let slugs = assign(["李宏", "李红", "李军"], |_| None, "author");
        assert_eq!(slugs["李军"], "li-jun");
        assert!(slugs["李宏"].starts_with("li-hong-"));
        assert!(slugs["李红"].starts_with("li-hong-"));
        assert_ne!(slugs["李宏"], slugs["李红"]);
        // The same names in another order give the same slugs.
        let again = assign(["李红", "李军", "李宏"], |_| None, "author");
        assert_eq!(slugs, again);
    }

    #[test]
    fn a_pinned_slug_wins_and_pushes_a_homophone_aside() {
        let slugs = assign(
            ["李宏", "李红"],
            |name| (name == "李宏").then(|| "li-hong".to_owned()),
            "author",
        );
        assert_eq!(slugs["李宏"], "li-hong");
        assert!(slugs["李红"].starts_with("li-hong-"));
    }

    #[test]
    fn sorts_names_by_pinyin() {
        let mut names = vec!["易蓉", "戴凛", "李军", "廖智勇", "任远"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["戴凛", "李军", "廖智勇", "任远", "易蓉"]);
    }

    #[test]
    fn validates_hand_written_slugs() {
        assert!(is_valid_slug("li-hong_2"));
        assert!(!is_valid_slug("../etc"));
        assert!(!is_valid_slug("a/b"));
        assert!(!is_valid_slug("李宏"));
        assert!(!is_valid_slug(""));
    }
}
