//! The site model: articles in order, with their sections, authors and neighbours. Built once
//! from validated articles, then only read.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::Future;
use crate::config::Config;
use crate::date::Date;
use crate::edition::EditionFile;
use crate::error::Diagnostic;
use crate::slug;
use crate::validate::{Article, Dated};

/// Everything the pages are made from.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Edition by edition, the newest first, each in print order (see `Site::build`).
    /// Shared, so that the dev server can keep unchanged articles from one build to the next.
    pub articles: Vec<Arc<Article>>,
    /// Every date with an article, the newest first.
    pub editions: Vec<Edition>,
    /// The years of `editions`, the newest first, with the range of their editions.
    pub years: Vec<(i32, std::ops::Range<usize>)>,
    /// Where each article (same index) stands in the site.
    pub links: Vec<Links>,
    /// In navigation order: site.yaml's `sections:` first, then by pinyin.
    pub sections: Vec<Section>,
    /// By pinyin of the name.
    pub authors: Vec<Author>,
    /// The old addresses of the articles (`aliases:`), by path: each a page that redirects to
    /// its article (by index into `articles`).
    pub redirects: Vec<(String, usize)>,
    /// The moment of a preview (`serve`), which shows articles not due yet, marked: those due
    /// after it. `None` in a build, which leaves them out or publishes them (`--future`).
    pub preview_at: Option<i64>,
    /// The articles' tags as topics (专题): site.yaml's `topics:` first, in its order, then by
    /// pinyin.
    pub topics: Vec<Topic>,
    /// Each article's related reading (延伸阅读), as indices into `articles`: set after the
    /// site is built (see `related`); empty until then.
    pub related: Vec<Vec<u32>>,
}

/// When an article is due: its date's moment (a date without a time at 00:00 in the site's
/// zone, see `date::SITE_UTC_OFFSET`), and never before its day begins there, so that a day's
/// edition, listed by the day as written, comes out no earlier than that day.
pub fn due(article: &Article) -> i64 {
    article.date.instant().max(article.date.day_start())
}

/// Whether an article is taken down at `now`: its `expires:` moment has come.
pub fn expired(article: &Article, now: i64) -> bool {
    article
        .expires
        .as_ref()
        .is_some_and(|(expires, _)| expires.instant() <= now)
}

/// The articles a build at one moment held back (not due yet) or took down (expired).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timing {
    /// Articles not due yet: left out, published (`--future`) or shown marked (`serve`).
    pub scheduled: usize,
    /// When the first of them is due.
    pub next_due: Option<i64>,
    /// Articles past their `expires:` moment, left out.
    pub expired: usize,
}

impl Timing {
    /// Whether `article` is in the site at `now`, counting it when it is held back, taken down
    /// or scheduled.
    pub fn admits(&mut self, article: &Article, now: i64, future: Future) -> bool {
        if expired(article, now) {
            self.expired += 1;
            return false;
        }
        let due = due(article);
        if due <= now {
            return true;
        }
        self.scheduled += 1;
        self.next_due = Some(self.next_due.map_or(due, |next| next.min(due)));
        future != Future::LeaveOut
    }
}

/// An article's place in the site, by index into `Site`'s lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    pub section: usize,
    pub authors: Vec<usize>,
    /// Its tags' topics, in the order of its `tags:`.
    pub topics: Vec<usize>,
    /// Its edition, and its page in that edition.
    pub edition: usize,
    pub page: usize,
}

/// One day of the paper: what its edition file says, or, for a date that has none, its
/// articles on one page without a number or name.
#[derive(Debug)]
pub struct Edition {
    /// The day, without a time.
    pub date: Date,
    pub issue: Option<String>,
    /// In the order of the edition file; a last page without `printed` holds the articles of
    /// the day that no page lists.
    pub pages: Vec<PrintPage>,
}

/// A printed page of an edition, with its credits resolved (site.yaml's where it gives none).
#[derive(Debug)]
pub struct PrintPage {
    pub number: Option<u32>,
    pub name: Option<String>,
    pub editors: Vec<String>,
    pub designers: Vec<String>,
    pub picture_editors: Vec<String>,
    pub proofreaders: Vec<String>,
    pub submission_email: Option<String>,
    /// Indices into `Site::articles`, in print order.
    pub articles: Vec<usize>,
    /// Whether an edition file lists this page (else it gathers the day's other articles).
    pub printed: bool,
    /// Its place in the edition file (`usize::MAX` for the day's other articles).
    file_page: usize,
}

/// Where an article goes in the site's order: its day (newest first), its page in the day's
/// edition file and its place there, and its time (latest first) for a day's other articles.
type PlaceKey = (
    std::cmp::Reverse<(i32, u32, u32)>,
    usize,
    usize,
    std::cmp::Reverse<i64>,
);

/// A date's day, for grouping: as written, whatever its time zone.
fn day(date: &Date) -> (i32, u32, u32) {
    (date.year, date.month, date.day)
}

/// A map by articles' names (`entry_key`), hashed with FNV-1a: the model looks up every
/// article in it, and SipHash, std's default, made that a tenth of the dev server's rebuild.
/// The keys are the site's own file names, so the hash need not resist chosen collisions.
type ByName<'a, V> = HashMap<std::borrow::Cow<'a, [u8]>, V, std::hash::BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits: for sets and maps of the site's own names (slugs, file names), which need
/// not resist chosen collisions, and which every build fills with each article.
pub(crate) struct Fnv(u64);

/// A set of the site's own names, hashed with [`Fnv`].
pub(crate) type NameSet<'a> =
    std::collections::HashSet<&'a str, std::hash::BuildHasherDefault<Fnv>>;

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How an edition names the article of the file `source` (`articles/x/y.md` → `x/y`), as
/// bytes: borrowed from the path without checking that it is UTF-8 (an edition's entry is,
/// and only equal bytes can match it), made only for a path with `\` separators (Windows).
/// The model looks up every article by it.
pub(crate) fn entry_key(source: &std::path::Path) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    let name = |bytes: &[u8]| -> std::ops::Range<usize> {
        let rest = bytes
            .strip_prefix(crate::load::ARTICLES_DIR.as_bytes())
            .and_then(|rest| rest.strip_prefix(b"/"))
            .unwrap_or(bytes);
        let start = bytes.len() - rest.len();
        start..start + rest.strip_suffix(b".md").unwrap_or(rest).len()
    };
    let bytes = source.as_os_str().as_encoded_bytes();
    if bytes.contains(&b'\\') {
        let slashed: Vec<u8> = bytes
            .iter()
            .map(|&b| if b == b'\\' { b'/' } else { b })
            .collect();
        return Cow::Owned(slashed[name(&slashed)].to_vec());
    }
    Cow::Borrowed(&bytes[name(bytes)])
}

/// Where the editions place each article they list, by its name: (edition, page, position)
/// as indices into `editions` and its lists. An article listed twice is placed at its first
/// entry (the second is a problem, found by `date_articles`).
fn placements(editions: &[Arc<EditionFile>]) -> ByName<'_, (usize, usize, usize)> {
    let mut placed = ByName::with_capacity_and_hasher(editions.len() * 8, Default::default());
    for (e, edition) in editions.iter().enumerate() {
        for (p, page) in edition.pages.iter().enumerate() {
            for (position, entry) in page.articles.iter().enumerate() {
                placed
                    .entry(std::borrow::Cow::Borrowed(entry.name.as_bytes()))
                    .or_insert((e, p, position));
            }
        }
    }
    placed
}

/// Gives each article its date from the edition that lists it, and finds what is wrong
/// between the editions and the articles (see `edition_dates`), as `prepare` does in two steps.
#[cfg(test)]
pub fn date_articles(
    config: &Config,
    editions: &[Arc<EditionFile>],
    articles: &mut [Arc<Article>],
) -> Vec<Diagnostic> {
    let (dates, problems) = edition_dates(config, editions, articles, true);
    set_dates(articles, dates);
    problems
}

/// Gives the articles at these indices these dates (`edition_dates`' first half).
pub fn set_dates(articles: &mut [Arc<Article>], dates: Vec<(usize, Date)>) {
    for (i, date) in dates {
        Arc::make_mut(&mut articles[i]).date = date;
    }
}

/// The dates that the editions give articles, as (index, date) for those whose date changes,
/// and what is wrong between the editions and the articles (on every article, drafts
/// included): an entry that names no article file, an article listed twice, an article whose
/// own `date:` is another day than its edition's, two edition files of one day, an article
/// with no date at all (a draft that the build leaves out, `drafts` false, may have none yet).
/// It only reads, so that it can run beside `check`.
pub fn edition_dates(
    config: &Config,
    editions: &[Arc<EditionFile>],
    articles: &[Arc<Article>],
    drafts: bool,
) -> (Vec<(usize, Date)>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut days: BTreeMap<(i32, u32, u32), &EditionFile> = BTreeMap::new();
    for edition in editions {
        if let Some(other) = days.insert(day(&edition.date), edition) {
            problems.push(Diagnostic::new(
                &edition.source,
                1,
                1,
                format!(
                    "{} is also the edition of {}: one day has one edition file; move this one's pages into it",
                    other.source.display(),
                    edition.date.iso_date()
                ),
            ));
        }
    }
    let names: ByName<'_, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (entry_key(&a.source), i))
        .collect();
    // The articles' names as text, made for suggestions only when an entry names none.
    let known = std::cell::OnceCell::new();
    const SUGGESTIONS: usize = 20;
    let mut suggested = 0;
    // Where each article (by index) is first listed.
    let mut listed: Vec<Option<(&EditionFile, (usize, usize))>> = vec![None; articles.len()];
    for edition in editions {
        let edition: &EditionFile = edition;
        for entry in edition.pages.iter().flat_map(|p| &p.articles) {
            let problem =
                |message: String| Diagnostic::new(&edition.source, entry.at.0, entry.at.1, message);
            let Some(&i) = names
                .get(entry.name.as_bytes())
                .or_else(|| names.get(slug::nfc(entry.name.clone()).as_bytes()))
            else {
                let known = known.get_or_init(|| {
                    names
                        .keys()
                        .map(|name| String::from_utf8_lossy(name))
                        .collect::<Vec<_>>()
                });
                // Each suggestion compares the name with every article's: the first few
                // missing entries get one, so that a file of thousands cannot take hours.
                suggested += 1;
                let nearest = (suggested <= SUGGESTIONS)
                    .then(|| {
                        crate::front_matter::nearest_name(
                            &entry.name,
                            known.iter().map(|name| name.as_ref()),
                        )
                    })
                    .flatten();
                let advice = match nearest {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => "write the name of its file in articles/, without .md".to_owned(),
                };
                problems.push(problem(format!(
                    "no article file {}: {advice}",
                    entry.file().display()
                )));
                continue;
            };
            if let Some((first, at)) = listed[i] {
                let place = if std::ptr::eq(first, edition) {
                    format!("line {}", at.0)
                } else {
                    format!("{}:{}", first.source.display(), at.0)
                };
                problems.push(problem(format!(
                    "{} is listed twice; the first is at {place}: an article stands on one page of one edition",
                    entry.name
                )));
            } else {
                listed[i] = Some((edition, entry.at));
            }
        }
    }
    let mut dates = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        let date = match (listed[i], article.dated) {
            (Some((edition, _)), Dated::File(line, column)) => {
                if day(&article.date) != day(&edition.date) {
                    problems.push(Diagnostic::new(
                        &article.source,
                        line,
                        column,
                        format!(
                            "this article is dated {}, but {} lists it: remove its `date:` (the edition gives it) or move it to the edition of its day",
                            article.date.iso_date(),
                            edition.source.display()
                        ),
                    ));
                }
                continue;
            }
            (Some((edition, _)), _) => edition.date.clone(),
            (None, Dated::File(..)) => continue,
            (None, Dated::Site) => match config
                .default_date
                .as_ref()
                .and_then(|(date, ..)| Date::parse(date).ok())
            {
                Some(date) => date,
                None => continue,
            },
            (None, Dated::Missing) if article.draft && !drafts => continue,
            (None, Dated::Missing) => {
                problems.push(Diagnostic::new(
                    &article.source,
                    1,
                    1,
                    "missing `date`: add `date: 2026-03-27`, list the article in its edition (editions/2026-03-27.yaml), or set `defaults: {date: …}` in site.yaml",
                ));
                continue;
            }
        };
        if article.date != date {
            dates.push((i, date));
        }
    }
    (dates, problems)
}

#[derive(Debug)]
pub struct Section {
    pub name: String,
    pub slug: String,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

#[derive(Debug)]
pub struct Author {
    pub name: String,
    pub slug: String,
    /// From site.yaml, else from the author's newest article that names one.
    pub affiliation: Option<String>,
    pub bio: Option<String>,
    /// Their photograph (site.yaml's `photo:`), and where site.yaml names it.
    pub photo: Option<crate::pictures::PictureUse>,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

/// A tag as a topic (专题), with its own pages and feed.
#[derive(Debug)]
pub struct Topic {
    /// The tag as articles write it (in NFC).
    pub name: String,
    pub slug: String,
    /// site.yaml's heading for it, else the name.
    pub title: String,
    pub description: Option<String>,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

impl Site {
    /// Orders the articles and groups them. The caller has found no problem with `check` and
    /// `date_articles`, on every article drafts included (a superset of these), so URLs are
    /// the articles' own and each article is in one edition at most.
    ///
    /// The order is the paper's: the newest day first, and within a day the pages of its
    /// edition file in their order, each page's articles in print order; then the day's
    /// articles that no page lists (all of them, for a day without an edition file), the
    /// latest time first, then by slug, so that the order never depends on the file system.
    pub fn build(
        config: Config,
        editions: &[Arc<EditionFile>],
        articles: Vec<Arc<Article>>,
    ) -> Site {
        let placed = placements(editions);
        let files: BTreeMap<(i32, u32, u32), &EditionFile> =
            editions.iter().map(|e| (day(&e.date), &**e)).collect();
        // Each article's place, looked up once: (page, position) in its edition file, or the
        // page after the last (`usize::MAX`) and the latest time first for the others. Sorted
        // by index, so that slugs are compared only between articles of one day on no page.
        let keys: Vec<PlaceKey> = articles
            .iter()
            .map(|a| {
                let today = std::cmp::Reverse(day(&a.date));
                match placed.get(entry_key(&a.source).as_ref()) {
                    Some(&(_, page, position)) => (today, page, position, std::cmp::Reverse(0)),
                    None => (today, usize::MAX, 0, std::cmp::Reverse(a.date.timestamp())),
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..articles.len()).collect();
        order.sort_unstable_by(|&x, &y| {
            keys[x]
                .cmp(&keys[y])
                .then_with(|| articles[x].slug.cmp(&articles[y].slug))
        });
        let page_in_file: Vec<usize> = order.iter().map(|&i| keys[i].1).collect();
        let mut taken: Vec<Option<Arc<Article>>> = articles.into_iter().map(Some).collect();
        let articles: Vec<Arc<Article>> = order.iter().filter_map(|&i| taken[i].take()).collect();
        drop((keys, order, taken));

        let mut editions_out: Vec<Edition> = Vec::new();
        let mut article_pages: Vec<(usize, usize)> = Vec::with_capacity(articles.len());
        for (i, article) in articles.iter().enumerate() {
            let today = day(&article.date);
            if editions_out.last().is_none_or(|e| day(&e.date) != today) {
                let file = files.get(&today);
                editions_out.push(Edition {
                    date: Date {
                        time: None,
                        ..article.date.clone()
                    },
                    issue: file.and_then(|f| f.issue.clone()),
                    pages: Vec::new(),
                });
            }
            let edition = editions_out.len() - 1;
            let page_in_file = page_in_file[i];
            let facts = files.get(&today).and_then(|f| f.pages.get(page_in_file));
            let pages = &mut editions_out[edition].pages;
            // Pages are made as their first article comes; a page of drafts only is left out.
            if pages.last().is_none_or(|p| p.file_page != page_in_file) {
                pages.push(PrintPage {
                    number: facts.and_then(|f| f.number),
                    name: facts.and_then(|f| f.name.clone()),
                    editors: facts
                        .and_then(|f| f.editors.clone())
                        .unwrap_or_else(|| config.editors.clone()),
                    designers: facts.map(|f| f.designers.clone()).unwrap_or_default(),
                    picture_editors: facts.map(|f| f.picture_editors.clone()).unwrap_or_default(),
                    proofreaders: facts.map(|f| f.proofreaders.clone()).unwrap_or_default(),
                    submission_email: facts
                        .and_then(|f| f.submission_email.clone())
                        .or_else(|| config.submission_email.clone()),
                    articles: Vec::new(),
                    printed: facts.is_some(),
                    file_page: page_in_file,
                });
            }
            let page = pages.len() - 1;
            pages[page].articles.push(i);
            article_pages.push((edition, page));
        }
        let mut years: Vec<(i32, std::ops::Range<usize>)> = Vec::new();
        for (i, edition) in editions_out.iter().enumerate() {
            match years.last_mut() {
                Some((year, range)) if *year == edition.date.year => range.end = i + 1,
                _ => years.push((edition.date.year, i..i + 1)),
            }
        }
        let section_slugs = slug::assign(
            articles.iter().map(|a| a.section.as_str()),
            |_| None,
            "section",
        );
        let mut sections: Vec<Section> = section_slugs
            .iter()
            .map(|(name, slug)| Section {
                name: (*name).to_owned(),
                slug: slug.clone(),
                articles: Vec::new(),
            })
            .collect();
        let position = |name: &str| {
            config
                .section_order
                .iter()
                .position(|n| n == name)
                .unwrap_or(usize::MAX)
        };
        sections.sort_by_cached_key(|s| (position(&s.name), slug::sort_key(&s.name)));

        let pinned = |name: &str| config.authors.get(name).and_then(|a| a.slug.clone());
        let author_slugs = slug::assign(
            articles
                .iter()
                .flat_map(|a| a.authors.iter().map(String::as_str)),
            pinned,
            "author",
        );
        let mut authors: Vec<Author> = author_slugs
            .iter()
            .map(|(name, slug)| {
                let settings = config.authors.get(*name);
                Author {
                    name: (*name).to_owned(),
                    slug: slug.clone(),
                    affiliation: settings.and_then(|s| s.affiliation.clone()),
                    bio: settings.and_then(|s| s.bio.clone()),
                    photo: settings.and_then(|s| s.photo_file.clone()),
                    articles: Vec::new(),
                }
            })
            .collect();
        authors.sort_by_cached_key(|a| slug::sort_key(&a.name));

        let topic_slugs = slug::assign(
            articles
                .iter()
                .flat_map(|a| a.tags.iter().map(String::as_str)),
            |_| None,
            "topic",
        );
        let mut topics: Vec<Topic> = topic_slugs
            .iter()
            .map(|(name, slug)| {
                let settings = config
                    .topics
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, s)| s);
                Topic {
                    name: (*name).to_owned(),
                    slug: slug.clone(),
                    title: settings
                        .and_then(|s| s.title.clone())
                        .unwrap_or_else(|| (*name).to_owned()),
                    description: settings.and_then(|s| s.description.clone()),
                    articles: Vec::new(),
                }
            })
            .collect();
        let topic_position = |name: &str| {
            config
                .topics
                .iter()
                .position(|(n, _)| n == name)
                .unwrap_or(usize::MAX)
        };
        topics.sort_by_cached_key(|t| (topic_position(&t.name), slug::sort_key(&t.name)));
        let topic_index: HashMap<&str, usize> = topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        let article_topics: Vec<Vec<usize>> = articles
            .iter()
            .map(|a| {
                let mut ids: Vec<usize> = Vec::with_capacity(a.tags.len());
                for tag in &a.tags {
                    let t = topic_index[tag.as_str()];
                    if !ids.contains(&t) {
                        ids.push(t);
                    }
                }
                ids
            })
            .collect();
        drop(topic_index);
        for (i, ids) in article_topics.iter().enumerate() {
            for &t in ids {
                topics[t].articles.push(i);
            }
        }

        let section_index: BTreeMap<String, usize> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        let author_index: BTreeMap<String, usize> = authors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        let mut links = Vec::with_capacity(articles.len());
        for (i, article) in articles.iter().enumerate() {
            let section = section_index[&article.section];
            sections[section].articles.push(i);
            let mut ids = Vec::with_capacity(article.authors.len());
            for name in &article.authors {
                let author = author_index[name];
                if !ids.contains(&author) {
                    ids.push(author);
                    let entry = &mut authors[author];
                    entry.articles.push(i);
                    if entry.affiliation.is_none() {
                        entry.affiliation = article.affiliation.clone();
                    }
                }
            }
            let (edition, page) = article_pages[i];
            links.push(Links {
                section,
                authors: ids,
                topics: Vec::new(),
                edition,
                page,
            });
        }

        let mut redirects: Vec<(String, usize)> = articles
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.aliases.iter().map(move |(path, _)| (path.clone(), i)))
            .collect();
        redirects.sort_unstable();

        for (links, topics) in links.iter_mut().zip(article_topics) {
            links.topics = topics;
        }
        Site {
            config,
            articles,
            editions: editions_out,
            years,
            links,
            sections,
            authors,
            redirects,
            preview_at: None,
            topics,
            related: Vec::new(),
        }
    }

    /// Whether article `i` is shown before it is due, in a preview: then when it is due.
    pub fn scheduled(&self, i: usize) -> Option<i64> {
        let now = self.preview_at?;
        Some(due(&self.articles[i])).filter(|&due| due > now)
    }
}

/// What is wrong between an article's dates once every article has its date (its edition
/// gives some theirs): an `expires:` that is not after the article is due (it would never be
/// shown), an `updated:` or a correction dated before the article, and an `updated:` before
/// its latest correction. Each at the date's place.
pub fn check_dates(articles: &[Arc<Article>]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for article in articles {
        if article.expires.is_none() && article.updated.is_none() {
            continue;
        }
        let written = |date: &Date| match date.time {
            None => date.iso_date(),
            Some(_) => date.to_string(),
        };
        let published = written(&article.date);
        let problem = |(line, column): (usize, usize), message: String| {
            Diagnostic::new(&article.source, line, column, message)
        };
        if let Some((expires, at)) = &article.expires
            && expires.instant() <= due(article)
        {
            problems.push(problem(
                *at,
                format!(
                    "`expires: {}` is not after the article's date ({published}): it would never be shown; give a later time, or remove `expires:`",
                    written(expires)
                ),
            ));
        }
        for correction in &article.corrections {
            if correction.date.instant() < article.date.instant() {
                problems.push(problem(
                    correction.at,
                    format!(
                        "this correction is dated {}, before the article ({published}): check its `date:`",
                        written(&correction.date)
                    ),
                ));
            }
        }
        if let (Some(updated), Some(at)) = (&article.updated, article.updated_at) {
            if updated.instant() < article.date.instant() {
                problems.push(problem(
                    at,
                    format!(
                        "`updated: {}` is before the article's date ({published}): check it, or remove `updated:`",
                        written(updated)
                    ),
                ));
            } else if let Some(latest) = article
                .corrections
                .iter()
                .filter(|c| c.date.instant() > updated.instant())
                .max_by_key(|c| c.date.instant())
            {
                problems.push(problem(
                    at,
                    format!(
                        "`updated: {}` is before the correction of {} (line {}): set it to that time or later, or remove `updated:` (it is then the latest correction's date)",
                        written(updated),
                        written(&latest.date),
                        latest.at.0
                    ),
                ));
            }
        }
    }
    problems
}

/// What would stop a site being built from these articles, found before building it so that
/// it can be reported with the problems of articles that failed to parse.
pub fn check<A: AsRef<Article>>(config: &Config, articles: &[A]) -> Vec<Diagnostic> {
    let mut problems = duplicate_slugs(articles);
    problems.extend(bad_pinned_slugs(config, articles));
    problems.extend(alias_clashes(articles));
    problems
}

/// Aliases that cannot be: an article's own address, another article's (a draft's too), or
/// one that another article gives as well. Each an error at the alias, naming the other file.
fn alias_clashes<A: AsRef<Article>>(articles: &[A]) -> Vec<Diagnostic> {
    if articles.iter().all(|a| a.as_ref().aliases.is_empty()) {
        return Vec::new();
    }
    let mut by_path: Vec<&Article> = articles.iter().map(AsRef::as_ref).collect();
    by_path.sort_by(|a, b| a.source.as_os_str().cmp(b.source.as_os_str()));
    let pages: HashMap<String, &Article> = by_path
        .iter()
        .map(|a| (crate::url::article(&a.slug), *a))
        .collect();
    let mut first: BTreeMap<&str, (&Article, usize)> = BTreeMap::new();
    let mut problems = Vec::new();
    for article in by_path {
        for (alias, (line, column)) in &article.aliases {
            let problem =
                |message: String| Diagnostic::new(&article.source, *line, *column, message);
            if let Some(owner) = pages.get(alias) {
                problems.push(problem(if std::ptr::eq(*owner, article) {
                    format!("`/{alias}` is this article's own address: remove it from `aliases:`")
                } else {
                    format!(
                        "`/{alias}` is the address of {}: an alias cannot take another article's page; remove it from `aliases:`, or give that article another `slug:`",
                        owner.source.display()
                    )
                }));
            } else if let Some((other, other_line)) = first.get(alias.as_str()) {
                problems.push(problem(format!(
                    "`/{alias}` is also an alias of {} (line {other_line}): an old address leads to one article; remove it from one of them",
                    other.source.display()
                )));
            } else {
                first.insert(alias, (article, *line));
            }
        }
    }
    problems
}

/// Two articles with one URL: an error at the later file's slug, naming the other file.
fn duplicate_slugs<A: AsRef<Article>>(articles: &[A]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &Article> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut by_path: Vec<&Article> = articles.iter().map(AsRef::as_ref).collect();
    by_path.sort_by(|a, b| a.source.as_os_str().cmp(b.source.as_os_str()));
    for article in by_path {
        if let Some(other) = first.insert(&article.slug, article) {
            first.insert(&other.slug, other);
            let (line, column) = article.slug_at;
            problems.push(Diagnostic::new(
                &article.source,
                line,
                column,
                format!(
                    "this article and {} would both be at articles/{}/: give one of them another `slug:`",
                    other.source.display(),
                    article.slug
                ),
            ));
        }
    }
    problems
}

/// Slugs pinned in site.yaml that are not slugs, that two authors pin, or that take the page
/// of another author: one who has that slug (one of them would lose their page), or whose
/// name spells it and who would be moved aside for the pin. Pinning a homophone's spelling
/// (李宏 pinned to `li-hong` while 李红 writes too) is what pins are for, and is not an error.
/// Each error stands at the pin in site.yaml and names both authors.
fn bad_pinned_slugs<A: AsRef<Article>>(config: &Config, articles: &[A]) -> Vec<Diagnostic> {
    let mut pins: Vec<(&str, &str, (usize, usize))> = config
        .authors
        .iter()
        .filter_map(|(name, a)| Some((name.as_str(), a.slug.as_deref()?, a.slug_at)))
        .collect();
    if pins.is_empty() {
        return Vec::new();
    }
    pins.sort_by_key(|&(_, _, at)| at);
    let mut problems = Vec::new();
    let mut problem = |(line, column): (usize, usize), message: String| {
        problems.push(Diagnostic::new("site.yaml", line, column, message));
    };
    let mut good: BTreeMap<&str, (&str, (usize, usize))> = BTreeMap::new();
    for &(name, slug, at) in &pins {
        if !slug::is_valid_slug(slug) {
            let suggestion = [slug, name]
                .map(slug::slugify)
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or_else(|| "author-1".to_owned());
            problem(
                at,
                format!(
                    "`slug: {slug}` for author {name} may only use a-z, 0-9, `-`, `_` and `.`: try `slug: {suggestion}`"
                ),
            );
        } else if let Some(&(other, (other_line, _))) = good.get(slug) {
            problem(
                at,
                format!(
                    "`slug: {slug}` for author {name} is also pinned for author {other} (line {other_line}): two authors cannot share a page; give one of them another slug"
                ),
            );
        } else {
            good.insert(slug, (name, at));
        }
    }

    let names: BTreeSet<&str> = articles
        .iter()
        .flat_map(|a| a.as_ref().authors.iter().map(String::as_str))
        .collect();
    let pinned = |name: &str| config.authors.get(name).and_then(|a| a.slug.clone());
    let slugs = slug::assign(names.iter().copied(), pinned, "author");
    // The authors without a pin whose name alone spells each slug.
    // Two pins of one slug were reported above.
    let unpinned = |name: &str| config.authors.get(name).is_none_or(|a| a.slug.is_none());
    let mut spelled_by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for &name in names.iter().filter(|&&name| unpinned(name)) {
        spelled_by
            .entry(slug::slugify(name))
            .or_default()
            .push(name);
    }
    for (&slug, &(name, at)) in &good {
        if !names.contains(name) {
            continue;
        }
        if let Some(other) = names
            .iter()
            .find(|&&other| unpinned(other) && slugs[other] == slug)
        {
            problem(
                at,
                format!(
                    "`slug: {slug}` for author {name} is the page of author {other}: two authors cannot share a page; give {name} another slug"
                ),
            );
        } else if let Some([other]) = spelled_by.get(slug).map(Vec::as_slice)
            && slug::slugify(name) != slug
        {
            problem(
                at,
                format!(
                    "`slug: {slug}` for author {name} is the page of author {other}, whose name spells {slug}: the pin would move {other} to another address; give {name} another slug"
                ),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::SourceFile;
    use crate::validate;

    /// The site of `files` (name, text) under the settings `site_yaml` (a default date added).
    fn site_with(site_yaml: &str, files: &[(String, String)]) -> Result<Site, Vec<String>> {
        site_of(
            &format!("defaults:\n  date: 2026-03-27\n{site_yaml}"),
            &[],
            files,
        )
    }

    /// The site of `files` with the edition files `editions` (name, text).
    fn site_of(
        site_yaml: &str,
        editions: &[(&str, &str)],
        files: &[(String, String)],
    ) -> Result<Site, Vec<String>> {
        let config =
            Config::parse(Path::new("/nowhere"), Path::new("site.yaml"), site_yaml).unwrap();
        let mut articles: Vec<Arc<Article>> = files
            .iter()
            .map(|(name, text)| {
                let file = SourceFile {
                    shown: format!("articles/{name}.md").into(),
                    stem: name.clone(),
                    text: text.clone(),
                    key: crate::load::FileKey::default(),
                    cached: None,
                };
                Arc::new(validate::article(&file, &config).unwrap())
            })
            .collect();
        let editions: Vec<Arc<EditionFile>> = editions
            .iter()
            .map(|(name, text)| {
                let path = format!("editions/{name}.yaml");
                Arc::new(crate::edition::parse(Path::new(&path), text).unwrap())
            })
            .collect();
        let mut problems = check(&config, &articles);
        problems.extend(date_articles(&config, &editions, &mut articles));
        if !problems.is_empty() {
            return Err(problems.iter().map(ToString::to_string).collect());
        }
        Ok(Site::build(config, &editions, articles))
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect()
    }

    fn site(list: &[(&str, &str)]) -> Result<Site, Vec<String>> {
        site_with("", &files(list))
    }

    #[test]
    fn homophone_authors_get_separate_pages() {
        let site = site(&[
            ("a", "---\ntitle: 甲\nauthor: 李宏\n---\n"),
            ("b", "---\ntitle: 乙\nauthor: 李红\n---\n"),
        ])
        .unwrap();
        assert_eq!(site.authors.len(), 2);
        assert_ne!(site.authors[0].slug, site.authors[1].slug);
        assert!(site.authors.iter().all(|a| a.articles.len() == 1));
    }

    #[test]
    fn errors_on_two_articles_at_one_url_naming_both_files() {
        let problems = site(&[
            ("a", "---\ntitle: 甲\nauthor: 李宏\nslug: same\n---\n"),
            ("b", "---\ntitle: 乙\nauthor: 李宏\nslug: same\n---\n"),
        ])
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "articles/b.md:4:7: this article and articles/a.md would both be at articles/same/: give one of them another `slug:`"
            ]
        );
    }

    fn pinned_site(site_yaml: &str, authors: &[&str]) -> Result<Site, Vec<String>> {
        let files: Vec<(String, String)> = authors
            .iter()
            .enumerate()
            .map(|(n, author)| {
                (
                    n.to_string(),
                    format!("---\ntitle: 篇\nauthor: {author}\n---\n"),
                )
            })
            .collect();
        site_with(site_yaml, &files)
    }

    #[test]
    fn pinning_a_homophones_spelling_keeps_both_pages() {
        let site = pinned_site("authors:\n  李宏: {slug: li-hong}\n", &["李宏", "李红"]).unwrap();
        let slugs: Vec<&str> = site.authors.iter().map(|a| a.slug.as_str()).collect();
        assert!(slugs.contains(&"li-hong"), "{slugs:?}");
        assert!(slugs.iter().any(|s| s.starts_with("li-hong-")), "{slugs:?}");
    }

    #[test]
    fn errors_on_a_pin_that_is_another_authors_suffixed_slug() {
        let taken = pinned_site("", &["李宏", "李红"]).unwrap().authors[0]
            .slug
            .clone();
        let name = pinned_site("", &["李宏", "李红"]).unwrap().authors[0]
            .name
            .clone();
        let problems = pinned_site(
            &format!("authors:\n  王五: {{slug: {taken}}}\n"),
            &["李宏", "李红", "王五"],
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [format!(
                "site.yaml:4:14: `slug: {taken}` for author 王五 is the page of author {name}: two authors cannot share a page; give 王五 another slug"
            )]
        );
    }

    #[test]
    fn orders_articles_by_edition_and_print_order() {
        let article = |title: &str, date: &str| {
            if date.is_empty() {
                format!("---\ntitle: {title}\nauthor: 甲\n---\n")
            } else {
                format!("---\ntitle: {title}\nauthor: 甲\ndate: {date}\n---\n")
            }
        };
        let list = [
            ("a", article("头条", "")),
            ("b", article("二条", "2026-03-27")),
            ("z", article("另一版", "")),
            ("c", article("网络版早", "2026-03-27T08:00:00+08:00")),
            ("d", article("网络版晚", "2026-03-27T20:00:00+08:00")),
            ("e", article("前一天", "2026-03-26")),
            ("f", article("前一天二", "2026-03-26")),
        ];
        let list: Vec<(String, String)> =
            list.into_iter().map(|(n, t)| (n.to_owned(), t)).collect();
        let site = site_of(
            "editors: [站编]\n",
            &[(
                "2026-03-27",
                "issue: 第100期\npages:\n  - number: 5\n    name: 评论\n    editors: [胡文洁]\n    articles: [a, b]\n  - number: 6\n    articles: [z]\n",
            )],
            &list,
        )
        .unwrap();
        let titles: Vec<&str> = site.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "头条",
                "二条",
                "另一版",
                "网络版晚",
                "网络版早",
                "前一天",
                "前一天二"
            ]
        );
        assert_eq!(site.editions.len(), 2);
        let today = &site.editions[0];
        assert_eq!(today.issue.as_deref(), Some("第100期"));
        let pages: Vec<(Option<u32>, bool, &[String], usize)> = today
            .pages
            .iter()
            .map(|p| (p.number, p.printed, &p.editors[..], p.articles.len()))
            .collect();
        let (ours, site_wide) = (["胡文洁".to_owned()], ["站编".to_owned()]);
        assert_eq!(
            pages,
            [
                (Some(5), true, &ours[..], 2),
                (Some(6), true, &site_wide[..], 1),
                (None, false, &site_wide[..], 2)
            ]
        );
        // The edition gives the date of an article that has none.
        assert_eq!(site.articles[0].date.iso_date(), "2026-03-27");
        assert_eq!((site.links[2].edition, site.links[2].page), (0, 1));
        assert_eq!(site.editions[1].pages.len(), 1);
        assert_eq!(site.years, [(2026, 0..2)]);
    }

    #[test]
    fn errors_where_editions_and_articles_disagree() {
        let list = files(&[
            (
                "在深入群众中厚植执政根基",
                "---\ntitle: 甲\nauthor: 李宏\n---\n",
            ),
            ("b", "---\ntitle: 乙\nauthor: 李宏\ndate: 2026-03-20\n---\n"),
            ("c", "---\ntitle: 丙\nauthor: 李宏\n---\n"),
        ]);
        let problems = site_of(
            "",
            &[
                (
                    "2026-03-27",
                    "pages:\n  - articles:\n      - 在深入群众中厚植执政根\n      - b\n      - 在深入群众中厚植执政根基\n",
                ),
                ("2026-03-28", "pages:\n  - articles: [在深入群众中厚植执政根基]\n"),
            ],
            &list,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "editions/2026-03-27.yaml:3:9: no article file articles/在深入群众中厚植执政根.md: did you mean `在深入群众中厚植执政根基`?",
                "editions/2026-03-28.yaml:2:16: 在深入群众中厚植执政根基 is listed twice; the first is at editions/2026-03-27.yaml:5: an article stands on one page of one edition",
                "articles/b.md:4:7: this article is dated 2026-03-20, but editions/2026-03-27.yaml lists it: remove its `date:` (the edition gives it) or move it to the edition of its day",
                "articles/c.md:1:1: missing `date`: add `date: 2026-03-27`, list the article in its edition (editions/2026-03-27.yaml), or set `defaults: {date: …}` in site.yaml",
            ]
        );
    }

    #[test]
    fn a_site_without_editions_has_one_of_each_date() {
        let site = site(&[
            ("old", "---\ntitle: 旧\nauthor: 甲\ndate: 2025-12-31\n---\n"),
            ("new", "---\ntitle: 新\nauthor: 甲\n---\n"),
        ])
        .unwrap();
        let dates: Vec<String> = site.editions.iter().map(|e| e.date.iso_date()).collect();
        assert_eq!(dates, ["2026-03-27", "2025-12-31"]);
        assert!(
            site.editions
                .iter()
                .all(|e| e.pages.len() == 1 && !e.pages[0].printed)
        );
        assert_eq!(site.years, [(2026, 0..1), (2025, 1..2)]);
    }
}
