//! The site's settings: `RawConfig` is exactly what `site.yaml` says; `Config` is what the
//! build uses, with defaults filled in and paths resolved.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::front_matter::{self, OrderedMap, Scalar, Scan, UniqueMap};
use crate::slug;

pub const CONFIG_FILE: &str = "site.yaml";

/// What `site.yaml` says, before defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: Option<String>,
    pub description: Option<String>,
    pub paper: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub theme: Option<String>,
    pub paginate: Option<usize>,
    pub home_editions: Option<usize>,
    pub default_section: Option<String>,
    pub sections: Option<Vec<String>>,
    pub defaults: Option<RawDefaults>,
    pub editors: Option<Vec<String>>,
    pub submission_email: Option<String>,
    pub authors: Option<UniqueMap<RawAuthor, true>>,
    pub feed_limit: Option<usize>,
    pub feed_content: Option<String>,
    pub schema_types: Option<UniqueMap<String, true>>,
    pub reading_rate: Option<RawReadingRate>,
    pub topics: Option<OrderedMap<RawTopic, true>>,
    pub footer: Option<RawFooter>,
}

/// What site.yaml says of a topic (专题), by its name as articles' `tags:` write it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    /// The topic page's heading, when it is not the tag itself.
    pub title: Option<Scalar>,
    pub description: Option<Scalar>,
}

/// The lines at the foot of every page, each shown only when given: what a Chinese news site
/// must print there.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFooter {
    /// `© 2026 株洲日报社`
    pub copyright: Option<Scalar>,
    /// `未经授权不得转载`
    pub reprint_notice: Option<Scalar>,
    /// The ICP filing number (ICP备案号), `湘ICP备12345678号`: linked to its registry.
    pub icp: Option<Scalar>,
    /// The licence number of the 互联网新闻信息服务许可证.
    pub news_licence: Option<Scalar>,
    /// The public-security filing (公网安备), `湘公网安备 43020302000123号`: linked to its
    /// record by its number.
    pub police: Option<Scalar>,
}

/// The keys of `footer:`, for suggestions.
pub const FOOTER_KEYS: &[&str] = &[
    "copyright",
    "reprint_notice",
    "icp",
    "news_licence",
    "police",
];

/// The keys of a topic in `topics:`, for suggestions (both are top-level keys too).
pub const TOPIC_KEYS: &[&str] = &["title", "description"];

/// How fast people read, for reading times: Chinese (and Japanese, Korean) characters a
/// minute, and words of other scripts a minute.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReadingRate {
    pub chinese: Option<u32>,
    pub words: Option<u32>,
}

/// Whether `name` can be a theme's folder in `themes/`: one name, not hidden.
pub(crate) fn is_theme_name(name: &str) -> bool {
    !(name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.'))
}

/// Every key `site.yaml` may have.
pub const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "paper",
    "base_url",
    "language",
    "theme",
    "paginate",
    "home_editions",
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
    "topics",
    "footer",
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
    /// A photograph of the author: a file below `static/` (`/authors/li-hong.jpg`) or
    /// `articles/`, as site.yaml names it.
    pub photo: Option<String>,
    /// Where the pinned slug stands in site.yaml (line, column), for errors about it.
    #[serde(skip)]
    pub slug_at: (usize, usize),
    /// The photo's file below the site's folder (`static/authors/li-hong.jpg`), and where
    /// site.yaml names it.
    #[serde(skip)]
    pub photo_file: Option<crate::pictures::PictureUse>,
}

/// The settings a build runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder: holds `site.yaml`, `articles/` and optionally `themes/` and `static/`.
    pub source: PathBuf,
    pub title: String,
    pub description: String,
    /// The paper's name (株洲日报), printed in each article's dateline.
    pub paper: Option<String>,
    /// Absolute URL of the site's root, always ending in `/`.
    pub base_url: String,
    pub language: String,
    /// The site's own theme folder, overriding the embedded default file by file.
    pub theme_dir: Option<PathBuf>,
    pub paginate: usize,
    /// How many editions the home page lists after the newest.
    pub home_editions: usize,
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
    /// The topics site.yaml describes, in its order (the order of the topics' index), by name
    /// in NFC.
    pub topics: Vec<(String, TopicSettings)>,
    pub footer: Footer,
}

/// A topic's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicSettings {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Where its name stands in site.yaml (line, column), for what `check` says of it.
    pub at: (usize, usize),
}

/// The foot of every page: each line shown only when site.yaml gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Footer {
    pub copyright: Option<String>,
    pub reprint_notice: Option<String>,
    pub icp: Option<String>,
    pub news_licence: Option<String>,
    pub police: Option<String>,
    /// The digits of `police`, which its record's address ends with.
    pub police_code: Option<String>,
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
            Err(other) => return Err(other.into_error(&path, Path::new(CONFIG_FILE))),
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let (line, column) =
                    crate::error::position_of(e.as_bytes(), e.utf8_error().valid_up_to());
                return Err(Error::content(vec![Diagnostic::new(
                    CONFIG_FILE,
                    line,
                    column,
                    "not valid UTF-8 text here: save the file as UTF-8",
                )]));
            }
        };
        Self::parse_all(source, Path::new(CONFIG_FILE), &text).map_err(Error::content)
    }

    /// Turns the text of `site.yaml` into settings, or says its first problem. `shown` is the
    /// path used in messages.
    pub fn parse(source: &Path, shown: &Path, text: &str) -> Result<Config, Diagnostic> {
        Self::parse_all(source, shown, text)
            .map_err(|problems| problems.into_iter().min().expect("a failure has a problem"))
    }

    /// Turns the text of `site.yaml` into settings, or gives every problem found in it.
    pub fn parse_all(source: &Path, shown: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        // Positions count from after a byte-order mark, as editors show them.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if Scan::of(text.as_bytes()).has_bad_characters() {
            // YAML refuses them too, with no place: say it once, here.
            return Err(front_matter::character_problems(shown, text, text.len()));
        }
        // Suggestions for a misspelt key, at the top or inside `footer:` and `topics:`.
        let keys: Vec<&str> = CONFIG_KEYS.iter().chain(FOOTER_KEYS).copied().collect();
        let raw: RawConfig =
            front_matter::parse_yaml(shown, text, 1, &keys).map_err(|d| vec![d])?;
        let mut problems = front_matter::escape_problems(shown, text, 1);
        let at = |key: &str| front_matter::key_position(text, key).unwrap_or((1, 1));
        let mut problem = |key: &str, message: String| {
            let (line, column) = at(key);
            problems.push(Diagnostic::new(shown, line, column, message));
        };

        let base_url = match raw.base_url {
            None => "/".to_owned(),
            Some(given) => match check_base_url(given.trim()) {
                Ok(mut base_url) => {
                    if !base_url.ends_with('/') {
                        base_url.push('/');
                    }
                    base_url
                }
                Err(message) => {
                    problem("base_url", message);
                    "/".to_owned()
                }
            },
        };
        let paginate = raw.paginate.unwrap_or(10);
        if paginate == 0 {
            problem(
                "paginate",
                "`paginate` must be 1 or more articles per page".to_owned(),
            );
        }
        let theme_dir = match raw.theme {
            None => None,
            Some(name) if !is_theme_name(&name) => {
                problem(
                    "theme",
                    format!(
                        "`theme: {name}` must be the name of a folder in themes/, such as `theme: mytheme`"
                    ),
                );
                None
            }
            Some(name) => {
                let dir = source.join("themes").join(&name);
                if !dir.is_dir() {
                    problem(
                        "theme",
                        format!(
                            "theme `{name}` not found: create {}/ or remove `theme:`",
                            dir.display()
                        ),
                    );
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
                problem(
                    "feed_content",
                    format!("`feed_content: {other}` must be `full` (the whole text) or `summary`"),
                );
                false
            }
        };
        let rate = raw.reading_rate.unwrap_or_default();
        let reading_rate = (rate.chinese.unwrap_or(400), rate.words.unwrap_or(200));
        if reading_rate.0 == 0 || reading_rate.1 == 0 {
            problem(
                "reading_rate",
                "`reading_rate` values must be 1 or more a minute".to_owned(),
            );
        }
        let footer = footer(raw.footer.unwrap_or_default(), text, shown, &mut problems);
        let topics = topics(raw.topics.unwrap_or_default(), text, shown, &mut problems);
        // Names are keys: kept in NFC, as articles' names are (see `slug::nfc`).
        let mut authors = raw.authors.unwrap_or_default().0;
        for (name, author) in &mut authors {
            if author.slug.is_some() {
                author.slug_at = pin_position(text, name, "slug");
            }
            if let Some(photo) = &author.photo {
                let at = pin_position(text, name, "photo");
                match crate::pictures::site_file(Path::new(CONFIG_FILE), photo) {
                    Ok(file) => author.photo_file = Some(crate::pictures::PictureUse { file, at }),
                    Err(message) => problems.push(Diagnostic::new(shown, at.0, at.1, message)),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Config {
            source: source.to_path_buf(),
            title: raw.title.unwrap_or_else(|| "评论".to_owned()),
            description: raw.description.unwrap_or_default(),
            paper: raw
                .paper
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
            base_url,
            language: raw.language.unwrap_or_else(|| "zh-CN".to_owned()),
            theme_dir,
            paginate,
            home_editions: raw.home_editions.unwrap_or(6),
            default_section: slug::nfc(raw.default_section.unwrap_or_else(|| "评论".to_owned())),
            section_order: raw
                .sections
                .unwrap_or_default()
                .into_iter()
                .map(slug::nfc)
                .collect(),
            default_date,
            editors: raw.editors.unwrap_or_default(),
            submission_email: raw.submission_email,
            authors,
            feed_limit: raw.feed_limit.unwrap_or(20),
            feed_full_text,
            schema_types: raw.schema_types.unwrap_or_default().0,
            reading_rate,
            topics,
            footer,
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

/// The footer's lines, trimmed; a line break in one, or a public-security filing without its
/// number, is a problem at its value.
fn footer(raw: RawFooter, text: &str, shown: &Path, problems: &mut Vec<Diagnostic>) -> Footer {
    let mut line = |key: &str, value: Option<Scalar>| {
        let value = value
            .map(|Scalar(s)| s.trim().to_owned())
            .filter(|s| !s.is_empty())?;
        if value.contains(['\n', '\r']) {
            let (line, column) =
                front_matter::key_position_nested(text, "footer", key).unwrap_or((1, 1));
            problems.push(Diagnostic::new(
                shown,
                line,
                column,
                format!("`footer.{key}` is one line of text, but this one holds a line break: join its lines into one"),
            ));
        }
        Some(value)
    };
    let mut footer = Footer {
        copyright: line("copyright", raw.copyright),
        reprint_notice: line("reprint_notice", raw.reprint_notice),
        icp: line("icp", raw.icp),
        news_licence: line("news_licence", raw.news_licence),
        police: line("police", raw.police),
        police_code: None,
    };
    if let Some(police) = &footer.police {
        // The record's address takes the filing's number: its longest run of digits.
        let code = police
            .split(|c: char| !c.is_ascii_digit())
            .max_by_key(|run| run.len())
            .unwrap_or_default();
        if code.is_empty() {
            let (line, column) =
                front_matter::key_position_nested(text, "footer", "police").unwrap_or((1, 1));
            problems.push(Diagnostic::new(
                shown,
                line,
                column,
                format!("`footer.police: {police}` has no number: write the filing as it is issued, such as `湘公网安备 43020302000123号` (its record is linked by the number)"),
            ));
        } else {
            footer.police_code = Some(code.to_owned());
        }
    }
    footer
}

/// The topics as site.yaml describes them, in its order; a line break in a title is a
/// problem at the topic.
fn topics(
    raw: OrderedMap<RawTopic, true>,
    text: &str,
    shown: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, TopicSettings)> {
    let value = |value: Option<Scalar>| {
        value
            .map(|Scalar(s)| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    raw.0
        .into_iter()
        .map(|(name, topic)| {
            // The name as written may be in another normal form (NFD): then at `topics:`.
            let at = front_matter::key_position_nested(text, "topics", &name)
                .and_then(|(line, _)| {
                    let written = front_matter::lines(text).nth(line - 1)?;
                    let indent = written.len() - written.trim_start().len();
                    Some((line, written[..indent].chars().count() + 1))
                })
                .or_else(|| front_matter::key_position(text, "topics"))
                .unwrap_or((1, 1));
            let title = value(topic.title);
            if title.as_deref().is_some_and(|t| t.contains(['\n', '\r'])) {
                let (line, column) = at;
                problems.push(Diagnostic::new(
                    shown,
                    line,
                    column,
                    format!("the title of topic {name} is one line of text, but this one holds a line break: join its lines into one"),
                ));
            }
            let settings = TopicSettings {
                title,
                description: value(topic.description),
                at,
            };
            (name, settings)
        })
        .collect()
}

/// `base_url` as pages and feeds will print it, or what is wrong with it and what to write
/// instead. It is an absolute `http(s)://` URL whose host is ASCII letters, digits, `-` and
/// `.` (or an IP address), with an optional port and path; or a path from the root, such as
/// `/opinion/`. A host in another script is refused with its ASCII (punycode) form, which is
/// what sitemaps and feed readers expect.
fn check_base_url(given: &str) -> Result<String, String> {
    let said = |what: &str| format!("`base_url: {given}` {what}");
    let a_web_address = "write the site's address, such as https://example.org/opinion/, or a path such as /opinion/";
    if given.is_empty() {
        return Err(format!("`base_url` is empty: {a_web_address}"));
    }
    if given.starts_with("//") {
        return Err(said(&format!(
            "starts with `//`, which browsers read as another host: did you mean https:{}?",
            with_slash(given)
        )));
    }
    if given.starts_with('/') {
        check_path(given).map_err(|what| said(&what))?;
        return Ok(given.to_owned());
    }
    let lower = given.to_ascii_lowercase();
    let Some(scheme_len) = ["https://", "http://"]
        .iter()
        .find(|scheme| lower.starts_with(*scheme))
        .map(|scheme| scheme.len())
    else {
        // `https:/example.org`, `https:example.org`: a slash too few.
        for scheme in ["https:", "http:"] {
            if lower.starts_with(scheme) {
                let rest = given[scheme.len()..].trim_start_matches('/');
                if !rest.is_empty() {
                    return Err(said(&format!(
                        "needs two slashes after `{scheme}`: did you mean {scheme}//{}?",
                        with_slash(rest)
                    )));
                }
            }
        }
        let (first, _) = given.split_once('/').unwrap_or((given, ""));
        let host = first.rsplit_once(':').map_or(first, |(host, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                host
            } else {
                first
            }
        });
        let looks_like_host = (host.contains('.') || host.eq_ignore_ascii_case("localhost"))
            && check_host(host).is_ok();
        if looks_like_host {
            return Err(said(&format!(
                "has no scheme: did you mean https://{}?",
                with_slash(given)
            )));
        }
        if !given.contains(':') && check_path(&format!("/{given}")).is_ok() {
            return Err(said(&format!(
                "is neither an address nor a path from the site's root: did you mean /{}?",
                with_slash(given)
            )));
        }
        return Err(said(&format!("is not a web address: {a_web_address}")));
    };
    let (scheme, rest) = given.split_at(scheme_len);
    let (authority, path) = rest
        .find(['/', '?', '#'])
        .map_or((rest, ""), |i| rest.split_at(i));
    if authority.contains('@') {
        return Err(said(
            "holds a user name (before `@`), which a site's address cannot: write the address without it",
        ));
    }
    // The port, without its `:`; `None` for the host of an IPv6 address (`[::1]:8080`).
    let (host, port) = match authority.strip_prefix('[') {
        Some(inner) => match inner.split_once(']') {
            Some((address, port))
                if !address.is_empty()
                    && address
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
                    && (port.is_empty() || port.starts_with(':')) =>
            {
                (None, port.strip_prefix(':').unwrap_or(port))
            }
            _ => {
                return Err(said(
                    "has an IPv6 host that is not one: write it as [2001:db8::1]",
                ));
            }
        },
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (Some(host), port),
            None => (Some(authority), ""),
        },
    };
    if !port.is_empty()
        && !port
            .parse::<u16>()
            .is_ok_and(|p| p > 0 && !port.starts_with('+'))
    {
        return Err(said(&format!(
            "has no such port `{port}`: ports run from 1 to 65535, as in https://example.org:8080/"
        )));
    }
    let port = if port.is_empty() {
        String::new()
    } else {
        format!(":{port}")
    };
    if let Some(host) = host {
        if host.is_empty() {
            return Err(said("has no host: write one, such as https://example.org/"));
        }
        if let Err(problem) = check_host(host) {
            let path = if path.is_empty() { "/" } else { path };
            return Err(said(&match problem {
                HostProblem::Space(fixed) => {
                    format!("has a space in its host: did you mean {scheme}{fixed}{port}{path}?")
                }
                HostProblem::NotAscii(ascii) => format!(
                    "has a host that is not ASCII: write its ASCII (punycode) form, {scheme}{ascii}{port}{path}"
                ),
                HostProblem::Character(c) => format!(
                    "has `{c}` in its host, which a host name cannot hold: use letters, digits, `-` and `.`"
                ),
                HostProblem::Label(what) => format!("has a host with {what}: check the dots"),
            }));
        }
    }
    check_path(path).map_err(|what| said(&what))?;
    Ok(given.to_owned())
}

/// `url` ending in `/`, for suggestions.
fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// What is wrong with a host name.
enum HostProblem {
    /// White space in it; the host without it.
    Space(String),
    /// Letters of other scripts; the host in punycode.
    NotAscii(String),
    Character(char),
    Label(&'static str),
}

/// Whether `host` is a host name (labels of letters, digits and `-`, joined by `.`) or an IPv4
/// address, which is made of such labels too.
fn check_host(host: &str) -> Result<(), HostProblem> {
    if host.chars().any(char::is_whitespace) {
        let fixed: String = host.chars().filter(|c| !c.is_whitespace()).collect();
        if check_host(&fixed).is_ok() {
            return Err(HostProblem::Space(fixed));
        }
    }
    if !host.is_ascii() {
        // Browsers also take the ideographic full stop for a dot (UTS 46).
        let labels: Option<Vec<String>> = host
            .split(['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'])
            .map(|label| {
                let label = slug::nfc(label.to_lowercase());
                if label.is_ascii() {
                    Some(label)
                } else {
                    punycode(&label).map(|code| format!("xn--{code}"))
                }
            })
            .collect();
        if let Some(ascii) = labels.map(|labels| labels.join("."))
            && check_host(&ascii).is_ok()
        {
            return Err(HostProblem::NotAscii(ascii));
        }
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(HostProblem::Character(c));
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err(HostProblem::Label(
                "an empty part (`..`, or a dot at an end)",
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(HostProblem::Label("a part that starts or ends with `-`"));
        }
        if label.len() > 63 {
            return Err(HostProblem::Label("a part longer than 63 characters"));
        }
    }
    Ok(())
}

/// Whether `path` (empty, or starting with `/`) may stand in a URL as it is: RFC 3986's path
/// characters and `%XX` escapes. A space, another script or a query is refused, with what to
/// write instead.
fn check_path(path: &str) -> Result<(), String> {
    if let Some(i) = path.find(['?', '#']) {
        return Err(format!(
            "has a query or fragment (`{}`), which a site's address cannot: remove it",
            &path[i..]
        ));
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b);
    let bytes = path.as_bytes();
    let bad_escape = bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if bytes.iter().all(|&b| allowed(b)) && !bad_escape {
        return Ok(());
    }
    let mut escaped = String::with_capacity(path.len() * 3);
    for &b in bytes {
        if allowed(b) && b != b'%' {
            escaped.push(b as char);
        } else {
            escaped.push_str(&format!("%{b:02X}"));
        }
    }
    let c = path
        .chars()
        .find(|c| !c.is_ascii() || !allowed(*c as u8) || *c == '%')
        .unwrap_or('%');
    let what = match c {
        ' ' => "a space".to_owned(),
        '%' => "a `%` that starts no escape".to_owned(),
        c => format!("`{c}`"),
    };
    Err(format!(
        "has {what} in its path, which URLs carry escaped: write the path as {}",
        with_slash(&escaped)
    ))
}

/// The punycode (RFC 3492) of one label of a host name, without its `xn--`.
fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let adapt = |delta: u32, points: u32, first: bool| {
        let mut delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + 38)
    };
    let digit = |d: u32| {
        char::from(if d < 26 {
            b'a' + d as u8
        } else {
            b'0' + (d - 26) as u8
        })
    };
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128_u32, 0_u32, 72_u32, basic);
    while (handled as usize) < input.len() {
        let m = *input.iter().filter(|&&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(output)
}

/// Where author `name`'s `key:` value (`slug:`, `photo:`) stands in site.yaml, in block or
/// flow style (`authors: {李宏: {slug: li-hong}}`); at `authors:` when it cannot be found.
fn pin_position(text: &str, name: &str, key: &str) -> (usize, usize) {
    use unicode_normalization::UnicodeNormalization;
    let fallback = front_matter::key_position(text, "authors").unwrap_or((1, 1));
    let Some(authors) = front_matter::lines(text)
        .find(|line| line.starts_with("authors:"))
        .map(|line| line.as_ptr() as usize - text.as_ptr() as usize)
    else {
        return fallback;
    };
    let after = &text[authors..];
    // The key as written may be in another normal form than the name (NFD, say).
    let decomposed: String = name.nfd().collect();
    let Some(name_at) = [name, decomposed.as_str()].iter().find_map(|spelling| {
        // The whole key: 李宏 is not the end of 王李宏.
        let starts_a_key = |i: usize| {
            after[..i]
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '{' | ',' | '"' | '\''))
        };
        after
            .match_indices(spelling)
            .filter(|&(i, _)| starts_a_key(i))
            .map(|(i, _)| i + spelling.len())
            .find(|&end| {
                after[end..]
                    .trim_start_matches(['"', '\''])
                    .starts_with(':')
            })
    }) else {
        return fallback;
    };
    let rest = &after[name_at..];
    let Some(slug) = rest
        .match_indices(key)
        .map(|(i, _)| i + key.len())
        .find(|&end| {
            rest[end..]
                .trim_start_matches(['"', '\'', ' '])
                .starts_with(':')
        })
    else {
        return fallback;
    };
    let value = &rest[slug..];
    let colon = value.find(':').map_or(0, |i| i + 1);
    let value_start =
        colon + (value[colon..].len() - value[colon..].trim_start_matches([' ', '\t']).len());
    front_matter::position(text, authors + name_at + slug + value_start)
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
    fn spells_hosts_of_other_scripts_in_punycode() {
        // RFC 3492's and registrars' examples.
        assert_eq!(punycode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(punycode("münchen").as_deref(), Some("mnchen-3ya"));
        assert_eq!(punycode("例子").as_deref(), Some("fsqu00a"));
        assert_eq!(punycode("中国").as_deref(), Some("fiqs8s"));
        assert_eq!(punycode("中文网").as_deref(), Some("fiq228c5hs"));
    }

    #[test]
    fn accepts_a_byte_order_mark_and_reports_every_problem_at_once() {
        let config = parse("\u{feff}title: x\nbase_url: https://example.org\n").unwrap();
        assert_eq!(config.title, "x");
        let problems = Config::parse_all(
            Path::new("/nowhere"),
            Path::new("site.yaml"),
            "paginate: 0\nbase_url: example.org\nfeed_content: all\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 1, 3]);
    }

    #[test]
    fn finds_a_pinned_slug_in_block_or_flow_style() {
        let block = "title: x\nauthors:\n  李宏:\n    bio: 甲\n    slug: li-hong\n";
        assert_eq!(pin_position(block, "李宏", "slug"), (5, 11));
        let flow = "authors: {李军: {bio: 乙}, 李宏: {slug: li-hong}}\n";
        assert_eq!(pin_position(flow, "李宏", "slug"), (1, 36));
        // A name that ends another name is not found inside it.
        let inside = "authors:\n  王李宏:\n    slug: wang-li-hong\n  李宏:\n    slug: li-hong\n";
        assert_eq!(pin_position(inside, "李宏", "slug"), (5, 11));
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
