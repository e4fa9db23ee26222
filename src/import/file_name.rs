//! What a page's file name says: the date of its edition and its page number, from names such
//! as `2026-03-27.txt` and `2026-03-27-05.txt` (page 5). Text only: the name is not opened.

use std::path::Path;

use crate::date::Date;

/// What a page's file name gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Named {
    /// `YYYY-MM-DD`.
    pub(super) date: Option<String>,
    pub(super) number: Option<u32>,
}

/// Reads the date and page number from `path`'s file name: a name that starts with
/// `YYYY-MM-DD` is dated, and `-05` right after the date (and nothing else) is the page's
/// number; anything else after the date (`2026-03-27-评论.txt`) gives no number. A name that
/// starts like a date but is not a day of the calendar, or whose number is not one of a page
/// (1–999), is an error: the message says what is wrong with the name.
pub(super) fn read(path: &Path) -> Result<Named, String> {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return Ok(Named::default());
    };
    let bytes = stem.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() < 10
        || !digits(0..4)
        || bytes[4] != b'-'
        || !digits(5..7)
        || bytes[7] != b'-'
        || !digits(8..10)
    {
        return Ok(Named::default());
    }
    let date = &stem[..10];
    if Date::parse(date).is_err() {
        return Err(format!(
            "the file name's date {date} is not a day of the calendar: rename the file (2026-03-27.txt, or 2026-03-27-05.txt for page 5)"
        ));
    }
    let number = match stem[10..].strip_prefix('-') {
        Some(tail) if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) => {
            match tail.parse::<u32>() {
                Ok(n) if (1..=999).contains(&n) => Some(n),
                _ => {
                    return Err(format!(
                        "the file name's page number {tail} is not one of a page (1–999): rename the file, such as {date}-05.txt for page 5"
                    ));
                }
            }
        }
        _ => None,
    };
    Ok(Named {
        date: Some(date.to_owned()),
        number,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(date: &str, number: Option<u32>) -> Named {
        Named {
            date: Some(date.to_owned()),
            number,
        }
    }

    #[test]
    fn reads_the_date_and_the_page_number() {
        for (name, want) in [
            ("2026-03-27.txt", named("2026-03-27", None)),
            ("pages/2026-03-27-05.txt", named("2026-03-27", Some(5))),
            ("2026-03-28-6.txt", named("2026-03-28", Some(6))),
            ("2026-03-28-120", named("2026-03-28", Some(120))),
            ("2026-03-27-评论.txt", named("2026-03-27", None)),
            ("2026-03-27-05b.txt", named("2026-03-27", None)),
            ("page.txt", Named::default()),
            ("2026-3-27.txt", Named::default()),
            ("第5版.txt", Named::default()),
            ("", Named::default()),
        ] {
            assert_eq!(read(Path::new(name)), Ok(want), "{name}");
        }
    }

    #[test]
    fn a_name_that_is_almost_a_date_or_a_number_is_an_error() {
        assert_eq!(
            read(Path::new("2026-02-30.txt")).unwrap_err(),
            "the file name's date 2026-02-30 is not a day of the calendar: rename the file (2026-03-27.txt, or 2026-03-27-05.txt for page 5)"
        );
        for name in [
            "2026-03-27-0.txt",
            "2026-03-27-1000.txt",
            "2026-03-27-99999999999.txt",
        ] {
            let message = read(Path::new(name)).unwrap_err();
            assert!(
                message.contains("is not one of a page (1–999)"),
                "{name}: {message}"
            );
        }
    }
}
