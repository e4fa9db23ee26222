//! `broadsheet check`: everything `build` validates, the site rendered in memory (so that a
//! template's error shows too), and then what a build does not look at: links and pictures in
//! article bodies that lead nowhere (a missing page, file or anchor), articles without a section
//! of the site's list, and half-width punctuation in Chinese text. Writes nothing.
//!
//! The stages are the build's (load → validate → model → render, into memory); this module
//! adds one more reading of the articles' text (for the positions of links) and the checks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::front_matter;
use crate::load::{self, FileKey};
use crate::markdown::{self, WrittenLink};
use crate::output::{Entry, Sink};
use crate::{Bodies, BuildOptions, Editions, Index};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site's folder.
    pub source: PathBuf,
    /// Check drafts' pages as published ones (links to them resolve).
    pub drafts: bool,
    /// Also follow links to other sites, with these bounds.
    pub external: Option<External>,
}

/// How `--external` follows links to other sites: politely and within bounds.
#[derive(Debug, Clone, Copy)]
pub struct External {
    /// The longest one request may take, redirects included.
    pub timeout: std::time::Duration,
    /// The most addresses followed in one check; the rest are counted in a warning.
    pub most: usize,
    /// Hosts asked at once (one request at a time to each host).
    pub hosts_at_once: usize,
}

impl Default for External {
    fn default() -> External {
        External {
            timeout: std::time::Duration::from_secs(10),
            most: 1000,
            hosts_at_once: 8,
        }
    }
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Problems that would break the site: the build's own, and links that lead nowhere.
    pub errors: Vec<Diagnostic>,
    /// What an editor should look at: half-width punctuation, sections the site does not
    /// list, topics site.yaml describes that no article has.
    pub warnings: Vec<Diagnostic>,
    pub articles: usize,
    pub pages: usize,
    /// Links and pictures in article bodies that were followed.
    pub links: usize,
}

/// The most lines of one file named for half-width punctuation; the rest are counted.
const PUNCTUATION_LINES: usize = 3;

/// Checks the site at `options.source`. Content problems are in the report; an error is a
/// failure to read (or a template that cannot be rendered).
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let source = options.source.as_path();
    let build = BuildOptions {
        source: source.to_path_buf(),
        output: None,
        drafts: options.drafts,
        future: crate::Future::LeaveOut,
        now: None,
    };
    let prepared = match crate::prepare(
        &build,
        &|_, _| None,
        &|_, _| None,
        &|_, _| None,
        Editions::Read(&|_, _| None),
        Bodies::Keep,
        &crate::Silent,
    ) {
        Ok(prepared) => prepared,
        Err(Error::Content(found)) => {
            return Ok(CheckReport {
                errors: found,
                ..CheckReport::default()
            });
        }
        Err(error) => return Err(error),
    };
    let config = prepared.site.config.clone();
    let tags: Vec<String> = prepared
        .site
        .topics
        .iter()
        .map(|t| t.name.clone())
        .collect();
    let published: Vec<(PathBuf, String)> = prepared
        .site
        .articles
        .iter()
        .map(|a| (a.source.clone(), crate::url::article(&a.slug)))
        .collect();

    // Pages of the last build (in `dist/`) that this site no longer has: an error here, a
    // warning in `build`.
    let output = source.join("dist");
    let previous = crate::output::previous_pages(&output);
    let gone: Vec<Diagnostic> =
        crate::disappearing_urls(previous.iter().map(String::as_str), &prepared)
            .into_iter()
            .map(|path| {
                Diagnostic::new(
                    "dist",
                    0,
                    0,
                    crate::disappearing_message(&path, config.base_path()),
                )
            })
            .collect();
    let inventory = Inventory::default();
    let built = prepared.write(
        source,
        &inventory,
        Index::ByTheCaller,
        crate::Unmade::Now,
        &crate::Silent,
    )?;
    let pages = inventory.into_pages();

    // Each article's text again, for where its links and punctuation stand: the build keeps
    // no article's text once it is parsed.
    let reread = load::reread(source);
    let slugs: HashMap<&Path, &str> = built
        .articles
        .iter()
        .map(|a| (a.source.as_path(), a.slug.as_str()))
        .collect();
    let page_of: HashMap<&Path, &str> = published
        .iter()
        .map(|(shown, page)| (shown.as_path(), page.as_str()))
        .collect();
    let site = SiteUrl::of(&config);

    let found: Vec<(Vec<Diagnostic>, Vec<Diagnostic>, Vec<Outside>)> = built
        .articles
        .par_iter()
        .map(|article| {
            let Some(text) = reread(&article.source) else {
                return (Vec::new(), Vec::new(), Vec::new());
            };
            let Ok(split) = front_matter::split(&article.source, &text) else {
                return (Vec::new(), Vec::new(), Vec::new());
            };
            let file = SourceText {
                shown: &article.source,
                yaml: split.yaml,
                yaml_line: split.yaml_line,
                body: front_matter::with_lf_breaks(split.body),
                body_line: split.body_line,
            };
            let page = crate::url::article(&article.slug);
            let (errors, links) = check_links(&file, &page, &site, &pages, &slugs, &page_of);
            let mut warnings = punctuation(&file);
            warnings.extend(section_warnings(&file, &article.section, &config));
            (errors, warnings, links)
        })
        .collect();
    let mut report = CheckReport {
        articles: built.counts.articles,
        pages: built.counts.pages,
        ..CheckReport::default()
    };
    report.errors.extend(gone);
    report.warnings.extend(topic_warnings(&config, &tags));
    let mut outside = Vec::new();
    for (errors, warnings, links) in found {
        report.errors.extend(errors);
        report.warnings.extend(warnings);
        report.links += links.len();
        outside.extend(links.into_iter().filter(|l| l.url.is_some()));
    }
    if let Some(external) = options.external {
        let (errors, warnings) = follow_external(&outside, external);
        report.errors.extend(errors);
        report.warnings.extend(warnings);
    }
    let order = |d: &Diagnostic| (d.path.clone(), d.line, d.column);
    report.errors.sort_by_key(order);
    report.warnings.sort_by_key(order);
    Ok(report)
}

/// Every file the build made, and the ids of each page's elements: what links may point at.
#[derive(Default)]
struct Inventory {
    files: Mutex<HashMap<String, Vec<String>>>,
}

impl Inventory {
    fn into_pages(self) -> HashMap<String, Vec<String>> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Inventory {
    fn reuse(&self, _: &str, _: u64) -> std::io::Result<Option<Entry>> {
        Ok(None)
    }

    fn write(&self, path: &str, fingerprint: u64, bytes: &[u8]) -> std::io::Result<Entry> {
        let ids = if path.ends_with(".html") {
            ids(&String::from_utf8_lossy(bytes))
        } else {
            Vec::new()
        };
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.to_owned(), ids);
        Ok(Entry {
            fingerprint,
            file: FileKey {
                size: bytes.len() as u64,
                ..FileKey::default()
            },
        })
    }
}

/// The values of the `id` attributes in `html`.
fn ids(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        rest = &rest[at + 5..];
        if let Some(end) = rest.find('"') {
            found.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    found
}

/// The site's own address: links to it are links inside the site.
struct SiteUrl {
    /// `https://example.cn/sub/`.
    base: String,
    /// `/sub/`.
    path: String,
}

impl SiteUrl {
    fn of(config: &Config) -> SiteUrl {
        SiteUrl {
            base: config.base_url.clone(),
            path: config.base_path().to_owned(),
        }
    }
}

/// Where a link leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file of the site (a path below its root, decoded) and an anchor on it.
    Inside {
        path: String,
        fragment: Option<String>,
    },
    /// A root-relative link outside the site's own path (`/x/` for a site at `/sub/`).
    Outside(String),
    /// Another site, an e-mail address, a phone number…: not checked here.
    Elsewhere,
}

/// Where `dest`, written on the page at `page` (a path below the site's root), leads.
fn resolve(dest: &str, page: &str, site: &SiteUrl) -> Target {
    let (dest, fragment) = match dest.split_once('#') {
        Some((dest, fragment)) => (dest, Some(percent_decode(fragment))),
        None => (dest, None),
    };
    let dest = dest.split_once('?').map_or(dest, |(dest, _)| dest);
    let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let below_root = if has_scheme || dest.starts_with("//") {
        let absolute = if dest.starts_with("//") {
            let scheme = site.base.split_once("//").map_or("https:", |(s, _)| s);
            format!("{scheme}{dest}")
        } else {
            dest.to_owned()
        };
        match absolute.strip_prefix(site.base.as_str()) {
            Some(rest) => rest.to_owned(),
            None if absolute.trim_end_matches('/') == site.base.trim_end_matches('/') => {
                String::new()
            }
            None => return Target::Elsewhere,
        }
    } else if let Some(rooted) = dest.strip_prefix('/') {
        match format!("/{rooted}").strip_prefix(site.path.as_str()) {
            Some(rest) => rest.to_owned(),
            None => return Target::Outside(dest.to_owned()),
        }
    } else if dest.is_empty() {
        page.to_owned()
    } else {
        let folder = match page.rfind('/') {
            Some(at) => &page[..=at],
            None => "",
        };
        format!("{folder}{dest}")
    };
    Target::Inside {
        path: normalise(&percent_decode(&below_root)),
        fragment,
    }
}

/// A path with its `.` and `..` steps taken (none leads above the root), a trailing `/` kept.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut out = parts.join("/");
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && !out.is_empty() {
        out.push('/');
    }
    out
}

/// `%E5%9B%BD` → 国; a malformed escape stays as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// The file a path below the root is served from, if the site has it: the path itself, or
/// its `index.html` (`articles/x/`, and `articles/x`, which servers redirect).
fn served<'p>(
    path: &str,
    pages: &'p HashMap<String, Vec<String>>,
) -> Option<(&'p String, &'p Vec<String>)> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}/index.html")]
    };
    candidates.iter().find_map(|c| pages.get_key_value(c))
}

/// An article's file as read again: its front matter's YAML and its body (line breaks made
/// `\n`, as the renderer reads it), with the lines they start at.
struct SourceText<'a> {
    shown: &'a Path,
    yaml: &'a str,
    yaml_line: usize,
    body: String,
    body_line: usize,
}

impl SourceText<'_> {
    /// The file's line of byte `offset` of the body.
    fn line_of(&self, offset: usize) -> usize {
        self.body_line + front_matter::position(&self.body, offset).0 - 1
    }
}

/// A link of an article, where it stands; `url` is set for one to another site (http or
/// https), which `--external` follows.
#[derive(Debug, Clone)]
struct Outside {
    url: Option<String>,
    shown: PathBuf,
    line: usize,
    column: usize,
}

/// The links and pictures of one article that lead nowhere, each at its line and column, and
/// every link it has (those to other sites with their address).
fn check_links(
    file: &SourceText,
    page: &str,
    site: &SiteUrl,
    pages: &HashMap<String, Vec<String>>,
    slugs: &HashMap<&Path, &str>,
    page_of: &HashMap<&Path, &str>,
) -> (Vec<Diagnostic>, Vec<Outside>) {
    let shown = file.shown;
    let mut errors = Vec::new();
    let written = markdown::links(&file.body);
    let mut all = Vec::with_capacity(written.len());
    for link in &written {
        // A picture of the site's `articles/` or `static/`: the build has found it.
        if link.picture
            && markdown::is_site_file(&link.dest)
            && crate::pictures::site_file(shown, &link.dest).is_ok()
        {
            continue;
        }
        let line = file.line_of(link.offset);
        let column = front_matter::position(&file.body, link.offset).1;
        let at = |message: String| Diagnostic::new(shown, line, column, message);
        let target = resolve(&link.dest, page, site);
        let web = link.dest.starts_with("http://") || link.dest.starts_with("https://");
        all.push(Outside {
            url: (target == Target::Elsewhere && web).then(|| link.dest.clone()),
            shown: shown.to_path_buf(),
            line,
            column,
        });
        match target {
            Target::Elsewhere => {}
            Target::Outside(dest) => {
                // Written from the host's root, where the site has the page below its own.
                let below = normalise(&percent_decode(dest.trim_start_matches('/')));
                let advice = match served(&below, pages) {
                    Some(_) => format!("write it {}{below}", site.path),
                    None => format!("write the path from the site's root, {}…", site.path),
                };
                errors.push(at(format!(
                    "{} `{dest}` leads outside the site, which is served at {}: {advice}",
                    what(link),
                    site.path,
                )));
            }
            Target::Inside { path, fragment } => match served(&path, pages) {
                None => errors.push(at(missing(link, &path, &site.path, slugs, page_of))),
                Some((file, ids)) => {
                    if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                        && !link.picture
                        && file.ends_with(".html")
                        && !ids.contains(&fragment)
                    {
                        errors.push(at(format!(
                            "the link `{}` leads to {}{} but that page has no anchor `#{fragment}` (no element with id=\"{fragment}\"): link to the page alone, or to an anchor it has",
                            link.dest,
                            site.path,
                            path
                        )));
                    }
                }
            },
        }
    }
    (errors, all)
}

/// Follows each address of another site once (every place that links to it named): at most
/// `external.most` addresses, one request at a time to each host and `hosts_at_once` hosts at
/// once, each request within `timeout` (redirects followed, up to five). A page that is gone
/// (404, 410) or a host that does not answer is an error at each link to it; a slow host, a
/// server's error (5xx) or a refusal to be checked (403, 429) is a warning, since it may pass.
fn follow_external(links: &[Outside], external: External) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut places: std::collections::BTreeMap<&str, Vec<&Outside>> = Default::default();
    for link in links {
        if let Some(url) = &link.url {
            places.entry(url.as_str()).or_default().push(link);
        }
    }
    let mut warnings = Vec::new();
    let urls: Vec<&str> = places.keys().copied().collect();
    let (followed, skipped) = urls.split_at(urls.len().min(external.most));
    if let Some(first) = skipped.first().and_then(|u| places[u].first()) {
        warnings.push(Diagnostic::new(
            &first.shown,
            first.line,
            first.column,
            format!(
                "warning: {} more addresses of other sites were not followed: --external follows at most {} in one check",
                skipped.len(),
                external.most
            ),
        ));
    }
    let mut hosts: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    for url in followed {
        let host = url
            .split_once("://")
            .map_or("", |(_, rest)| {
                rest.split(['/', '?', '#']).next().unwrap_or("")
            })
            .to_ascii_lowercase();
        hosts.entry(host).or_default().push(url);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(external.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("broadsheet-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(external.hosts_at_once.max(1))
        .build();
    let follow_host = |urls: &Vec<&str>| -> Vec<(String, Outcome)> {
        urls.iter()
            .map(|url| ((*url).to_owned(), follow(&agent, url)))
            .collect()
    };
    let outcomes: Vec<(String, Outcome)> = match pool {
        Ok(pool) => pool.install(|| {
            hosts
                .values()
                .collect::<Vec<_>>()
                .par_iter()
                .flat_map(|u| follow_host(u))
                .collect()
        }),
        Err(_) => hosts.values().flat_map(follow_host).collect(),
    };
    let mut errors = Vec::new();
    for (url, outcome) in outcomes {
        let (is_error, said) = match outcome {
            Outcome::Fine => continue,
            Outcome::Gone(status) => (
                true,
                format!(
                    "answers {status}: the page is gone; link to where it went, or take the link out"
                ),
            ),
            Outcome::Unreachable(why) => (
                true,
                format!("cannot be reached ({why}): check the address"),
            ),
            Outcome::Doubtful(why) => (
                false,
                format!("{why}: it may pass later; look at it in a browser"),
            ),
        };
        for place in &places[url.as_str()] {
            let message = if is_error {
                format!("the link `{url}` {said}")
            } else {
                format!("warning: the link `{url}` {said}")
            };
            let diagnostic = Diagnostic::new(&place.shown, place.line, place.column, message);
            if is_error {
                errors.push(diagnostic);
            } else {
                warnings.push(diagnostic);
            }
        }
    }
    (errors, warnings)
}

/// What following one address of another site gave.
enum Outcome {
    Fine,
    /// 404 or 410.
    Gone(u16),
    Unreachable(String),
    /// Too slow, a server's error, or a refusal to answer a checker.
    Doubtful(String),
}

/// Asks for `url` (HEAD, then GET where HEAD is not allowed).
fn follow(agent: &ureq::Agent, url: &str) -> Outcome {
    let ask = |head: bool| {
        if head {
            agent.head(url).call()
        } else {
            agent.get(url).call()
        }
    };
    let answer = match ask(true) {
        Ok(response) if matches!(response.status().as_u16(), 405 | 501) => ask(false),
        other => other,
    };
    match answer {
        Ok(response) => match response.status().as_u16() {
            200..=399 => Outcome::Fine,
            status @ (404 | 410) => Outcome::Gone(status),
            status @ (403 | 429) => {
                Outcome::Doubtful(format!("answers {status}, refusing to be checked"))
            }
            status if status >= 500 => {
                Outcome::Doubtful(format!("answers {status}, a server's error"))
            }
            status => Outcome::Gone(status),
        },
        Err(ureq::Error::Timeout(_)) => Outcome::Doubtful("did not answer in time".to_owned()),
        Err(error) => Outcome::Unreachable(error.to_string()),
    }
}

fn what(link: &WrittenLink) -> &'static str {
    if link.picture {
        "the picture"
    } else {
        "the link"
    }
}

/// What to say of a link to `path`, which the site does not have.
fn missing(
    link: &WrittenLink,
    path: &str,
    root: &str,
    slugs: &HashMap<&Path, &str>,
    page_of: &HashMap<&Path, &str>,
) -> String {
    let dest = &link.dest;
    if link.picture {
        return format!(
            "the picture `{dest}` is no file of the site (it would be {root}{path}): put it in static/, which is copied to the site's root, and write its path from there (static/img/a.png is {root}img/a.png)"
        );
    }
    // A link to an article's file: its address is the page, not the file.
    let file_name = path.rsplit('/').next().unwrap_or(path);
    if file_name.ends_with(".md") {
        let stem = file_name.trim_end_matches(".md");
        let target = slugs.iter().find(|(source, _)| {
            source
                .file_stem()
                .is_some_and(|s| s.to_string_lossy() == stem)
        });
        return match target {
            Some((source, slug)) => {
                let published = page_of.contains_key(*source);
                format!(
                    "the link `{dest}` names the article file {}: link to its page, {root}{}{}",
                    source.display(),
                    crate::url::article(slug),
                    if published {
                        ""
                    } else {
                        " (a draft: it has no page until it is published)"
                    }
                )
            }
            None => format!(
                "the link `{dest}` names a file that is no article of the site (no {file_name} below articles/)"
            ),
        };
    }
    let nearest = nearest_page(path, page_of);
    let hint = match nearest {
        Some(page) => format!(": did you mean {root}{page}?"),
        None => String::new(),
    };
    format!("the link `{dest}` leads to {root}{path}, which the site does not have{hint}")
}

/// The article page whose path is nearest to `path` by edit distance, when it is near (at
/// most a third of its length away).
fn nearest_page<'a>(path: &str, page_of: &'a HashMap<&Path, &str>) -> Option<&'a str> {
    let wanted = path.trim_end_matches('/');
    page_of
        .values()
        .map(|page| {
            (
                front_matter::edit_distance(wanted, page.trim_end_matches('/')),
                *page,
            )
        })
        .filter(|(distance, page)| *distance > 0 && *distance * 3 <= page.chars().count())
        .min()
        .map(|(_, page)| page)
}

/// The half-width marks of `text` that `import` would make full-width: their byte offsets.
fn half_width_marks(text: &str) -> Vec<(usize, char)> {
    let fixed = crate::import::normalize_punctuation(text);
    if fixed == text {
        return Vec::new();
    }
    text.char_indices()
        .zip(fixed.chars())
        .filter(|((_, a), b)| a != b)
        .map(|((at, a), _)| (at, a))
        .collect()
}

/// Half-width `,:;?!()` in Chinese text (those `import` would make full-width), in the front
/// matter's values and the body's text (not its markup, link addresses or code): one warning
/// for each line that has some, the first few lines of a file named and the rest counted.
fn punctuation(file: &SourceText) -> Vec<Diagnostic> {
    let shown = file.shown;
    // (line, column, mark, how many on the line)
    let mut lines: Vec<(usize, usize, char, usize)> = Vec::new();
    for (i, line) in front_matter::lines(file.yaml).enumerate() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let marks = half_width_marks(value);
        if let Some(&(at, mark)) = marks.first() {
            let column = key.chars().count() + 1 + value[..at].chars().count() + 1;
            lines.push((file.yaml_line + i, column, mark, marks.len()));
        }
    }
    for (offset, piece) in markdown::text_pieces(&file.body) {
        for (at, mark) in half_width_marks(&piece) {
            let column = front_matter::position(&file.body, offset + at).1;
            let line = file.line_of(offset + at);
            match lines.last_mut() {
                Some(last) if last.0 == line => last.3 += 1,
                _ => lines.push((line, column, mark, 1)),
            }
        }
    }
    let mut warnings: Vec<Diagnostic> = lines
        .iter()
        .take(PUNCTUATION_LINES)
        .map(|&(line, column, mark, count)| {
            let more = match count {
                1 => String::new(),
                n => format!(" and {} more on this line", n - 1),
            };
            Diagnostic::new(
                shown,
                line,
                column,
                format!(
                    "warning: a half-width `{mark}` in Chinese text{more}: print sets `{}`, and on phones the half-width mark leaves a gap",
                    crate::import::full_width(mark).unwrap_or(mark)
                ),
            )
        })
        .collect();
    let rest = &lines[lines.len().min(PUNCTUATION_LINES)..];
    if let (false, Some(last)) = (rest.is_empty(), warnings.last().cloned()) {
        let marks: usize = rest.iter().map(|l| l.3).sum();
        warnings.push(Diagnostic::new(
            shown,
            last.line,
            last.column,
            format!(
                "warning: and {marks} more half-width mark{} on {} more line{} of this file",
                if marks == 1 { "" } else { "s" },
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    warnings
}

/// When the site lists its sections (`sections:` in site.yaml): an article without
/// `section:`, or with one the list does not hold (with the nearest name).
/// The topics site.yaml describes that no article's `tags:` names (a misspelt name, most
/// likely): a warning at each, with the nearest tag.
fn topic_warnings(config: &Config, tags: &[String]) -> Vec<Diagnostic> {
    config
        .topics
        .iter()
        .filter(|(name, _)| !tags.contains(name))
        .map(|(name, settings)| {
            let near = front_matter::similar_name(name, tags.iter().map(String::as_str))
                .map(|(tag, _)| format!(" (did you mean {tag}?)"))
                .unwrap_or_default();
            let (line, column) = settings.at;
            Diagnostic::new(
                crate::config::CONFIG_FILE,
                line,
                column,
                format!(
                    "warning: no article has the tag {name}{near}, so the topic has no page yet"
                ),
            )
        })
        .collect()
}

fn section_warnings(file: &SourceText, section: &str, config: &Config) -> Vec<Diagnostic> {
    if config.section_order.is_empty() {
        return Vec::new();
    }
    let listed = config.section_order.join("、");
    match front_matter::key_position(file.yaml, "section") {
        None => vec![Diagnostic::new(
            file.shown,
            1,
            1,
            format!(
                "warning: no `section:`, so it goes under {} (default_section); the site lists its sections ({listed}): give it one",
                config.default_section
            ),
        )],
        Some((line, column)) if !config.section_order.iter().any(|s| s == section) => {
            let near = crate::front_matter::similar_name(
                section,
                config.section_order.iter().map(String::as_str),
            )
            .map(|(name, _)| format!(" (did you mean {name}?)"))
            .unwrap_or_default();
            vec![Diagnostic::new(
                file.shown,
                file.yaml_line + line - 1,
                column,
                format!(
                    "warning: the section {section} is not one the site lists ({listed}){near}: a new section gets a page of its own"
                ),
            )]
        }
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base: &str, path: &str) -> SiteUrl {
        SiteUrl {
            base: base.to_owned(),
            path: path.to_owned(),
        }
    }

    #[test]
    fn resolves_links_as_a_browser_would() {
        let s = site("https://example.cn/", "/");
        let page = "articles/a/";
        let inside = |path: &str, fragment: Option<&str>| Target::Inside {
            path: path.to_owned(),
            fragment: fragment.map(str::to_owned),
        };
        assert_eq!(
            resolve("/articles/b/", page, &s),
            inside("articles/b/", None)
        );
        assert_eq!(
            resolve("../b/#x", page, &s),
            inside("articles/b/", Some("x"))
        );
        assert_eq!(
            resolve("#top", page, &s),
            inside("articles/a/", Some("top"))
        );
        assert_eq!(
            resolve("https://example.cn/sections/x/?a=1", page, &s),
            inside("sections/x/", None)
        );
        assert_eq!(resolve("https://other.cn/", page, &s), Target::Elsewhere);
        assert_eq!(resolve("mailto:a@b.cn", page, &s), Target::Elsewhere);
        assert_eq!(resolve("/%E5%9B%BD.pdf", page, &s), inside("国.pdf", None));
        let sub = site("https://example.cn/sub/", "/sub/");
        assert_eq!(
            resolve("/x/", page, &sub),
            Target::Outside("/x/".to_owned())
        );
        assert_eq!(resolve("/sub/x/", page, &sub), inside("x/", None));
    }

    #[test]
    fn finds_ids() {
        assert_eq!(
            ids(r#"<h2 id="a">x</h2><p class="b" id="c-d">"#),
            ["a", "c-d"]
        );
    }
}
