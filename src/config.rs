//! The site's settings: `RawConfig` is exactly what `site.yaml` says; `Config` is what the
//! build uses, with defaults filled in and paths resolved.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::front_matter::{self, Scalar};

pub const CONFIG_FILE: &str = "site.yaml";

/// What `site.yaml` says, before defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub theme: Option<String>,
    pub paginate: Option<usize>,
    pub default_section: Option<String>,
    pub sections: Option<Vec<String>>,
    pub defaults: Option<RawDefaults>,
    pub editors: Option<Vec<String>>,
    pub submission_email: Option<String>,
    pub authors: Option<BTreeMap<String, RawAuthor>>,
    pub feed_limit: Option<usize>,
    pub feed_content: Option<String>,
    pub schema_types: Option<BTreeMap<String, String>>,
    pub reading_rate: Option<RawReadingRate>,
}

/// How fast people read, for reading times: Chinese (and Japanese, Korean) characters a
/// minute, and words of other scripts a minute.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReadingRate {
    pub chinese: Option<u32>,
    pub words: Option<u32>,
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "paginate",
    "default_section",
    "sections",
    "defaults",
    "editors",
    "submission_email",
    "authors",
    "feed_limit",
    "feed_content",
    "schema_types",
    "reading_rate",
];

/// Front matter values that every article gets unless it sets its own.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDefaults {
    pub date: Option<Scalar>,
}

/// What the site knows of an author beyond the bylines.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuthor {
    /// Pins the author's URL, e.g. to keep it when a homophone name arrives.
    pub slug: Option<String>,
    pub affiliation: Option<String>,
    pub bio: Option<String>,
}

/// The settings a build runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder: holds `site.yaml`, `articles/` and optionally `themes/` and `static/`.
    pub source: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute URL of the site's root, always ending in `/`.
    pub base_url: String,
    pub language: String,
    /// The site's own theme folder, overriding the embedded default file by file.
    pub theme_dir: Option<PathBuf>,
    pub paginate: usize,
    pub default_section: String,
    /// Sections named here come first in navigation, in this order.
    pub section_order: Vec<String>,
    /// The `date` for articles that have none, and where it was set.
    pub default_date: Option<(String, usize, usize)>,
    pub editors: Vec<String>,
    pub submission_email: Option<String>,
    pub authors: BTreeMap<String, RawAuthor>,
    /// How many of the newest articles a feed carries.
    pub feed_limit: usize,
    /// Whether feeds carry each article's whole text (else its summary only, the default).
    pub feed_full_text: bool,
    /// The schema.org type of a section's articles; `OpinionNewsArticle` for the others.
    pub schema_types: BTreeMap<String, String>,
    /// Characters of Chinese, and words of other scripts, read in a minute.
    pub reading_rate: (u32, u32),
}

/// The schema.org type of an article whose section `schema_types` does not name.
pub const DEFAULT_SCHEMA_TYPE: &str = "OpinionNewsArticle";

impl Config {
    /// Reads `<source>/site.yaml` if there is one; a folder without it builds with defaults.
    pub fn load(source: &Path) -> Result<Config> {
        let path = source.join(CONFIG_FILE);
        let bytes = match crate::load::read_file(&path, crate::load::MAX_TEXT_FILE) {
            Ok(bytes) => bytes,
            Err(crate::load::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                Vec::new()
            }
            Err(crate::load::ReadError::Io(e)) => return Err(Error::io("read", &path)(e)),
            Err(other) => {
                return Err(Error::content(vec![Diagnostic::new(
                    Path::new(CONFIG_FILE),
                    0,
                    0,
                    other.explain(),
                )]));
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                return Err(Error::content(vec![Diagnostic::new(
                    &path,
                    0,
                    0,
                    "not valid UTF-8: save it as UTF-8",
                )]));
            }
        };
        Self::parse(source, Path::new(CONFIG_FILE), &text).map_err(|d| Error::content(vec![d]))
    }

    /// Turns the text of `site.yaml` into settings. `shown` is the path used in messages.
    pub fn parse(source: &Path, shown: &Path, text: &str) -> Result<Config, Diagnostic> {
        let raw: RawConfig = front_matter::parse_yaml(shown, text, 1, CONFIG_KEYS)?;
        let at = |key: &str| front_matter::key_position(text, key).unwrap_or((1, 1));

        let mut base_url = raw.base_url.unwrap_or_else(|| "/".to_owned());
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let paginate = raw.paginate.unwrap_or(10);
        if paginate == 0 {
            let (line, column) = at("paginate");
            return Err(Diagnostic::new(
                shown,
                line,
                column,
                "`paginate` must be 1 or more articles per page",
            ));
        }
        let theme_dir = match raw.theme {
            None => None,
            Some(name)
                if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') =>
            {
                let (line, column) = at("theme");
                return Err(Diagnostic::new(
                    shown,
                    line,
                    column,
                    format!(
                        "`theme: {name}` must be the name of a folder in themes/, such as `theme: mytheme`"
                    ),
                ));
            }
            Some(name) => {
                let dir = source.join("themes").join(&name);
                if !dir.is_dir() {
                    let (line, column) = at("theme");
                    return Err(Diagnostic::new(
                        shown,
                        line,
                        column,
                        format!(
                            "theme `{name}` not found: create {}/ or remove `theme:`",
                            dir.display()
                        ),
                    ));
                }
                Some(dir)
            }
        };
        let default_date = raw.defaults.and_then(|d| d.date).map(|Scalar(date)| {
            let (line, column) =
                front_matter::key_position_nested(text, "defaults", "date").unwrap_or((1, 1));
            (date, line, column)
        });

        // Summaries by default, as Hugo's feeds: the full text of every section's and author's
        // newest articles would make the feeds of an archive larger than its pages.
        let feed_full_text = match raw.feed_content.as_deref() {
            Some("full") => true,
            None | Some("summary") => false,
            Some(other) => {
                let (line, column) = at("feed_content");
                return Err(Diagnostic::new(
                    shown,
                    line,
                    column,
                    format!("`feed_content: {other}` must be `full` (the whole text) or `summary`"),
                ));
            }
        };
        let rate = raw.reading_rate.unwrap_or_default();
        let reading_rate = (rate.chinese.unwrap_or(400), rate.words.unwrap_or(200));
        if reading_rate.0 == 0 || reading_rate.1 == 0 {
            let (line, column) = at("reading_rate");
            return Err(Diagnostic::new(
                shown,
                line,
                column,
                "`reading_rate` values must be 1 or more a minute",
            ));
        }
        Ok(Config {
            source: source.to_path_buf(),
            title: raw.title.unwrap_or_else(|| "评论".to_owned()),
            description: raw.description.unwrap_or_default(),
            base_url,
            language: raw.language.unwrap_or_else(|| "zh-CN".to_owned()),
            theme_dir,
            paginate,
            default_section: raw.default_section.unwrap_or_else(|| "评论".to_owned()),
            section_order: raw.sections.unwrap_or_default(),
            default_date,
            editors: raw.editors.unwrap_or_default(),
            submission_email: raw.submission_email,
            authors: raw.authors.unwrap_or_default(),
            feed_limit: raw.feed_limit.unwrap_or(20),
            feed_full_text,
            schema_types: raw.schema_types.unwrap_or_default(),
            reading_rate,
        })
    }

    /// Minutes to read a text of `words` words, `cjk` of them Chinese characters; at least 1.
    pub fn reading_minutes(&self, words: usize, cjk: usize) -> usize {
        let (chinese, other) = (self.reading_rate.0 as f64, self.reading_rate.1 as f64);
        let minutes = cjk as f64 / chinese + words.saturating_sub(cjk) as f64 / other;
        (minutes.ceil() as usize).max(1)
    }

    /// The schema.org type of the articles of `section`.
    pub fn schema_type(&self, section: &str) -> &str {
        self.schema_types
            .get(section)
            .map_or(DEFAULT_SCHEMA_TYPE, String::as_str)
    }

    /// The path part of `base_url` (`/opinion/` for `https://example.org/opinion/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(Path::new("/nowhere"), Path::new("site.yaml"), text)
    }

    #[test]
    fn an_empty_file_gives_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config.base_url, "/");
        assert_eq!(config.paginate, 10);
        assert_eq!(config.default_section, "评论");
        assert_eq!(config.language, "zh-CN");
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_a_path() {
        let config = parse("base_url: https://example.org/opinion").unwrap();
        assert_eq!(config.base_url, "https://example.org/opinion/");
        assert_eq!(config.base_path(), "/opinion/");
        assert_eq!(
            parse("base_url: https://example.org").unwrap().base_path(),
            "/"
        );
    }

    #[test]
    fn reads_the_default_date_and_where_it_is() {
        let config = parse("title: x\ndefaults:\n  date: 2026-03-27\n").unwrap();
        assert_eq!(config.default_date, Some(("2026-03-27".to_owned(), 3, 9)));
    }

    #[test]
    fn errors_on_an_unknown_key_with_a_suggestion() {
        let error = parse("title: x\npaginat: 5\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "site.yaml:2:1: unknown key `paginat` (did you mean `paginate`?)"
        );
    }

    #[test]
    fn reading_time_counts_each_script_at_its_own_rate() {
        let config = parse("reading_rate: {chinese: 300, words: 100}\n").unwrap();
        assert_eq!(config.reading_minutes(600, 600), 2);
        assert_eq!(config.reading_minutes(700, 600), 3);
        assert_eq!(config.reading_minutes(0, 0), 1);
        assert_eq!(parse("").unwrap().reading_minutes(800, 800), 2);
        assert!(parse("reading_rate: {chinese: 0}\n").is_err());
    }

    #[test]
    fn errors_on_a_missing_theme_and_a_zero_page_size() {
        assert!(
            parse("theme: nope\n")
                .unwrap_err()
                .message
                .starts_with("theme `nope` not found")
        );
        assert_eq!(parse("paginate: 0\n").unwrap_err().line, 1);
    }
}
