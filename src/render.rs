//! Plans every page of the site, then renders them in parallel with rayon, in a fixed order.
//!
//! Templates see views, not model types: each article's card is turned into a template value
//! once and shared (cheaply, by reference count) by every listing that shows it. The variables
//! each template may use are documented in the README.
//!
//! Every page has a fingerprint: a hash of everything its template can see (its views, the
//! site-wide values, the templates themselves). A page whose fingerprint matches the live
//! site's is not rendered again (see `output`). Whatever goes into a page's context must go
//! into its fingerprint too: both are made in `Renderer::page` from the same values.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::error::{Diagnostic, Error, Result};
use crate::model::Site;
use crate::output::{Entry, Sink};
use crate::theme::{Theme, template_diagnostic};
use crate::{url, validate};

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// A page (1-based) of the home page's list of all articles.
    Home(usize),
    Article(usize),
    Sections,
    /// A section, and a page of its list.
    Section(usize, usize),
    Authors,
    Author(usize, usize),
    /// The search page, which queries the index in the browser.
    Search,
    NotFound,
    /// An Atom feed of the newest articles.
    Feed(FeedOf),
    /// The sitemap (0), or part `n` of one split at `url::SITEMAP_LIMIT` URLs.
    Sitemap(usize),
    /// The index of a split sitemap, with its number of parts.
    SitemapIndex(usize),
    Robots,
}

/// Whose articles a feed carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOf {
    Site,
    Section(usize),
    Author(usize),
}

/// How many pages a list of `items` takes at `size` a page; an empty list still has one.
pub fn page_count(items: usize, size: usize) -> usize {
    items.div_ceil(size.max(1)).max(1)
}

/// The page numbers a paginator links to: the first, the last, and two either side of `n`
/// (a long archive must not list thousands of links on every page).
pub fn page_window(n: usize, total: usize) -> impl Iterator<Item = usize> {
    (1..=total).filter(move |&k| k == 1 || k == total || k.abs_diff(n) <= 2)
}

/// Every page of the site, in a fixed order.
pub fn plan(site: &Site) -> Vec<Page> {
    let size = site.config.paginate;
    let mut pages = Vec::new();
    pages.extend((1..=page_count(site.articles.len(), size)).map(Page::Home));
    pages.extend((0..site.articles.len()).map(Page::Article));
    pages.push(Page::Sections);
    for (i, section) in site.sections.iter().enumerate() {
        pages.extend((1..=page_count(section.articles.len(), size)).map(|n| Page::Section(i, n)));
    }
    pages.push(Page::Authors);
    for (i, author) in site.authors.iter().enumerate() {
        pages.extend((1..=page_count(author.articles.len(), size)).map(|n| Page::Author(i, n)));
    }
    pages.push(Page::Search);
    pages.push(Page::NotFound);
    let listed = pages.iter().filter(|page| page.in_sitemap()).count();
    pages.push(Page::Feed(FeedOf::Site));
    pages.extend((0..site.sections.len()).map(|i| Page::Feed(FeedOf::Section(i))));
    pages.extend((0..site.authors.len()).map(|i| Page::Feed(FeedOf::Author(i))));
    if listed <= url::SITEMAP_LIMIT {
        pages.push(Page::Sitemap(0));
    } else {
        let parts = listed.div_ceil(url::SITEMAP_LIMIT);
        pages.push(Page::SitemapIndex(parts));
        pages.extend((1..=parts).map(Page::Sitemap));
    }
    pages.push(Page::Robots);
    pages
}

impl Page {
    /// The page's path below the site's root (`articles/x/`).
    pub fn path(self, site: &Site) -> String {
        match self {
            Page::Home(n) => url::page(&url::home(), n),
            Page::Article(i) => url::article(&site.articles[i].slug),
            Page::Sections => url::SECTIONS.to_owned(),
            Page::Section(i, n) => url::page(&url::section(&site.sections[i].slug), n),
            Page::Authors => url::AUTHORS.to_owned(),
            Page::Author(i, n) => url::page(&url::author(&site.authors[i].slug), n),
            Page::Search => url::SEARCH.to_owned(),
            Page::NotFound => url::NOT_FOUND.to_owned(),
            Page::Feed(FeedOf::Site) => url::feed(&url::home()),
            Page::Feed(FeedOf::Section(i)) => url::feed(&url::section(&site.sections[i].slug)),
            Page::Feed(FeedOf::Author(i)) => url::feed(&url::author(&site.authors[i].slug)),
            Page::Sitemap(0) | Page::SitemapIndex(_) => url::SITEMAP.to_owned(),
            Page::Sitemap(n) => url::sitemap_part(n),
            Page::Robots => url::ROBOTS.to_owned(),
        }
    }

    /// Whether search engines are told of this page: every HTML page but the search page and
    /// the 404.
    fn in_sitemap(self) -> bool {
        matches!(
            self,
            Page::Home(_)
                | Page::Article(_)
                | Page::Sections
                | Page::Section(..)
                | Page::Authors
                | Page::Author(..)
        )
    }

    fn template(self) -> &'static str {
        match self {
            Page::Home(_) => "home.html",
            Page::Article(_) => "article.html",
            Page::Sections => "sections.html",
            Page::Section(..) => "section.html",
            Page::Authors => "authors.html",
            Page::Author(..) => "author.html",
            Page::Search => "search.html",
            Page::NotFound => "404.html",
            Page::Feed(_) => "atom.xml",
            Page::Sitemap(_) => "sitemap.xml",
            Page::SitemapIndex(_) => "sitemap_index.xml",
            Page::Robots => "robots.txt",
        }
    }
}

/// A feed's own facts.
#[derive(Serialize, Hash)]
struct FeedView<'a> {
    /// `株洲日报·评论`, or `株洲日报·评论 · 基层治理`.
    title: String,
    /// The page the feed follows (`sections/x/`).
    page: String,
    /// RFC 3339: the newest entry's date, or none for an empty feed.
    updated: Option<String>,
    #[serde(skip)]
    _site: std::marker::PhantomData<&'a ()>,
}

/// One URL of the sitemap.
#[derive(Serialize, Hash)]
struct SitemapUrl {
    path: String,
    /// `2026-03-27`, for article pages.
    lastmod: Option<String>,
}

#[derive(Serialize, Hash)]
struct LinkView<'a> {
    name: &'a str,
    path: String,
}

#[derive(Serialize, Hash)]
struct SectionView<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    count: usize,
}

#[derive(Serialize, Hash)]
struct AuthorView<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    count: usize,
    affiliation: Option<&'a str>,
    bio: Option<&'a str>,
}

/// What a listing shows of an article.
#[derive(Serialize, Hash)]
struct CardView<'a> {
    title: &'a str,
    path: String,
    authors: Vec<LinkView<'a>>,
    section: LinkView<'a>,
    /// `2026-03-27`
    date: String,
    /// `2026年3月27日`
    date_display: String,
    /// RFC 3339
    datetime: String,
    /// The pull quote, else the automatic excerpt.
    summary: &'a str,
    /// Whether `summary` is the article's own pull quote.
    pull_quote: bool,
    word_count: usize,
    reading_minutes: usize,
}

#[derive(Serialize, Hash)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    editors: &'a [String],
    submission_email: Option<&'a str>,
    sections: Vec<SectionView<'a>>,
    article_count: usize,
}

#[derive(Serialize, Hash)]
struct Paginator {
    number: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize, Hash)]
struct PageLink {
    number: usize,
    path: String,
    /// Whether numbers were skipped before this one (the theme shows `…`).
    gap_before: bool,
}

/// The template values shared by many pages, made once, with their hashes.
pub struct Renderer<'s> {
    site: &'s Site,
    theme: Theme,
    /// Hash of the site-wide values, the templates and this program's version.
    global: u64,
    cards: Vec<Shared>,
    /// Hash of each article's body HTML.
    body_hashes: Vec<u64>,
    sections: Vec<Shared>,
    authors: Vec<Shared>,
    /// Every URL the sitemap lists, made once for all its parts and both of their passes.
    sitemap: std::sync::OnceLock<Vec<SitemapUrl>>,
}

/// A template value and the hash of the view it was made from.
#[derive(Clone)]
struct Shared {
    value: Value,
    hash: u64,
}

impl Shared {
    fn new<T: Serialize + Hash>(view: &T) -> Shared {
        Shared {
            value: Value::from_serializable(view),
            hash: hash_of(view),
        }
    }
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// What rendering did.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// Every file of the new site and its record.
    pub files: Vec<(String, Entry)>,
    /// Pages rendered and written.
    pub written: usize,
    /// Pages whose file was kept from the previous build.
    pub unchanged: usize,
}

/// A page's fingerprint, and its context when it is to be rendered. Made in one place
/// (`Renderer::page`) so that whatever the template sees is also in the fingerprint; the
/// context is only built when the page is rendered.
struct PageContext {
    context: Option<Context>,
    hasher: DefaultHasher,
}

impl PageContext {
    fn insert<T: Serialize + Hash + ?Sized>(&mut self, key: &'static str, value: &T) {
        (key, value).hash(&mut self.hasher);
        if let Some(context) = &mut self.context {
            context.insert(key, value);
        }
    }

    fn insert_shared(&mut self, key: &'static str, shared: &Shared) {
        (key, shared.hash).hash(&mut self.hasher);
        if let Some(context) = &mut self.context {
            context.insert_value(key, shared.value.clone());
        }
    }

    /// HTML made into a template value only when rendering: bodies are large, and a copy of
    /// every one held at once would double the memory of a big site.
    fn insert_html(&mut self, key: &'static str, hash: u64, html: &str) {
        (key, hash).hash(&mut self.hasher);
        if let Some(context) = &mut self.context {
            context.insert_value(key, Value::safe_string(html));
        }
    }

    fn insert_list<'a>(&mut self, key: &'static str, items: impl Iterator<Item = &'a Shared>) {
        key.hash(&mut self.hasher);
        let mut values = Vec::new();
        for shared in items {
            shared.hash.hash(&mut self.hasher);
            if self.context.is_some() {
                values.push(shared.value.clone());
            }
        }
        if let Some(context) = &mut self.context {
            context.insert_value(key, Value::from(values));
        }
    }

    fn insert_optional(&mut self, key: &'static str, shared: Option<&Shared>) {
        match shared {
            Some(shared) => self.insert_shared(key, shared),
            None => {
                key.hash(&mut self.hasher);
                if let Some(context) = &mut self.context {
                    context.insert_value(key, Value::none());
                }
            }
        }
    }
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site, mut theme: Theme) -> Renderer<'s> {
        let section_view = |i: usize| {
            let s = &site.sections[i];
            SectionView {
                name: &s.name,
                slug: &s.slug,
                path: url::section(&s.slug),
                count: s.articles.len(),
            }
        };
        let author_view = |i: usize| {
            let a = &site.authors[i];
            AuthorView {
                name: &a.name,
                slug: &a.slug,
                path: url::author(&a.slug),
                count: a.articles.len(),
                affiliation: a.affiliation.as_deref(),
                bio: a.bio.as_deref(),
            }
        };
        let config = &site.config;
        let site_view = SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
            editors: &config.editors,
            submission_email: config.submission_email.as_deref(),
            sections: (0..site.sections.len()).map(section_view).collect(),
            article_count: site.articles.len(),
        };
        // Everything site-wide that a page may show: the site view, the templates, the
        // settings that shape feeds and JSON-LD, and this program's code (see build.rs).
        let global = hash_of(&(
            hash_of(&site_view),
            theme.fingerprint,
            (
                &config.schema_types,
                config.feed_limit,
                config.feed_full_text,
            ),
            env!("BROADSHEET_CODE"),
        ));
        theme.tera.global_context().insert("site", &site_view);
        let (cards, body_hashes) = (0..site.articles.len())
            .into_par_iter()
            .map(|i| {
                let article = &site.articles[i];
                let links = &site.links[i];
                let section = &site.sections[links.section];
                let card = Shared::new(&CardView {
                    title: &article.title,
                    path: url::article(&article.slug),
                    authors: links
                        .authors
                        .iter()
                        .map(|&a| LinkView {
                            name: &site.authors[a].name,
                            path: url::author(&site.authors[a].slug),
                        })
                        .collect(),
                    section: LinkView {
                        name: &section.name,
                        path: url::section(&section.slug),
                    },
                    date: article.date.iso_date(),
                    date_display: article.date.chinese(),
                    datetime: article.date.to_string(),
                    summary: article
                        .summary
                        .as_deref()
                        .unwrap_or(&article.body.digest.excerpt),
                    pull_quote: article.summary.is_some(),
                    word_count: article.body.digest.word_count,
                    reading_minutes: site.config.reading_minutes(
                        article.body.digest.word_count,
                        article.body.digest.cjk_count,
                    ),
                });
                (card, article.body.digest.html_hash)
            })
            .unzip();
        let sections = (0..site.sections.len())
            .map(|i| Shared::new(&section_view(i)))
            .collect();
        let authors = (0..site.authors.len())
            .map(|i| Shared::new(&author_view(i)))
            .collect();
        Renderer {
            site,
            theme,
            global,
            cards,
            body_hashes,
            sections,
            authors,
            sitemap: std::sync::OnceLock::new(),
        }
    }

    fn sitemap_urls(&self) -> &[SitemapUrl] {
        let site = self.site;
        self.sitemap.get_or_init(|| {
            plan(site)
                .into_iter()
                .filter(|page| page.in_sitemap())
                .map(|page| SitemapUrl {
                    path: page.path(site),
                    lastmod: match page {
                        Page::Article(i) => Some(site.articles[i].date.iso_date()),
                        _ => None,
                    },
                })
                .collect()
        })
    }

    /// The articles a feed carries, newest first.
    fn feed_articles(&self, of: FeedOf) -> Vec<usize> {
        let limit = self.site.config.feed_limit;
        match of {
            // The site's articles are in order already.
            FeedOf::Site => (0..self.site.articles.len().min(limit)).collect(),
            FeedOf::Section(i) => self.site.sections[i]
                .articles
                .iter()
                .copied()
                .take(limit)
                .collect(),
            FeedOf::Author(i) => self.site.authors[i]
                .articles
                .iter()
                .copied()
                .take(limit)
                .collect(),
        }
    }

    /// Renders the pages in `pages` in parallel into `output`, skipping those whose file is
    /// current. All template errors are collected; each distinct one is reported once.
    pub fn render_all(&self, pages: &[Page], output: &impl Sink) -> Result<Rendered> {
        let results: Vec<std::result::Result<(String, Entry, bool), Failure>> = pages
            .par_iter()
            .map(|&page| {
                let path = page.path(self.site);
                let file = url::file(&path);
                let fingerprint = self.page(page, &path, None).hasher.finish();
                match output.reuse(&file, fingerprint) {
                    Ok(Some(entry)) => return Ok((file, entry, false)),
                    Ok(None) => {}
                    Err(e) => return Err(Failure::Write(file, e)),
                }
                let bytes = match self.render_at(page, &path) {
                    Ok(bytes) => bytes,
                    Err(failure) => return Err(failure),
                };
                match output.write(&file, fingerprint, &bytes) {
                    Ok(entry) => Ok((file, entry, true)),
                    Err(e) => Err(Failure::Write(file, e)),
                }
            })
            .collect();

        let mut rendered = Rendered {
            files: Vec::with_capacity(results.len()),
            ..Rendered::default()
        };
        let mut problems: BTreeMap<Diagnostic, usize> = BTreeMap::new();
        for result in results {
            match result {
                Ok((file, entry, written)) => {
                    if written {
                        rendered.written += 1;
                    } else {
                        rendered.unchanged += 1;
                    }
                    rendered.files.push((file, entry));
                }
                Err(Failure::Write(file, source)) => {
                    return Err(Error::Io {
                        action: "write",
                        path: PathBuf::from(file),
                        source,
                    });
                }
                Err(Failure::Source(problem)) => {
                    problems.insert(problem, 1);
                }
                Err(Failure::Template(error)) => {
                    *problems
                        .entry(template_diagnostic(&error, &self.theme.template_paths))
                        .or_default() += 1;
                }
            }
        }
        if problems.is_empty() {
            return Ok(rendered);
        }
        let problems = problems
            .into_iter()
            .map(|(mut problem, count)| {
                if count > 1 {
                    problem.message.push_str(&format!(" (on {count} pages)"));
                }
                problem
            })
            .collect();
        Err(Error::content(problems))
    }

    /// One page's HTML, rendered whatever the output holds.
    pub fn render(&self, page: Page) -> std::result::Result<Vec<u8>, Diagnostic> {
        self.render_at(page, &page.path(self.site))
            .map_err(|failure| match failure {
                Failure::Template(error) => template_diagnostic(&error, &self.theme.template_paths),
                Failure::Source(problem) => problem,
                Failure::Write(file, e) => Diagnostic::new(file, 0, 0, e.to_string()),
            })
    }

    fn render_at(&self, page: Page, path: &str) -> std::result::Result<Vec<u8>, Failure> {
        let body_of =
            |i: usize| validate::body_html(&self.site.config.source, &self.site.articles[i]);
        let bodies = match page {
            Page::Article(i) => vec![body_of(i).map_err(Failure::Source)?],
            Page::Feed(of) if self.site.config.feed_full_text => self
                .feed_articles(of)
                .iter()
                .map(|&i| body_of(i))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(Failure::Source)?,
            _ => Vec::new(),
        };
        let context = self
            .page(page, path, Some(&bodies))
            .context
            .unwrap_or_default();
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.theme
            .tera
            .render_to(page.template(), &context, &mut bytes)
            .map_err(Failure::Template)?;
        Ok(bytes)
    }

    /// The fingerprint of the page at `path`, and its context when `bodies` (the HTML of the
    /// articles the page shows whole: its article, a feed's entries; none for other pages)
    /// are given.
    fn page(
        &self,
        page: Page,
        path: &str,
        bodies: Option<&[std::borrow::Cow<str>]>,
    ) -> PageContext {
        let site = self.site;
        let size = site.config.paginate;
        let mut hasher = DefaultHasher::new();
        (self.global, page.template()).hash(&mut hasher);
        let mut context = PageContext {
            context: bodies.is_some().then(Context::new),
            hasher,
        };
        // The 404 page is served at any depth, so its links start from the site's root path.
        let root = if page == Page::NotFound {
            site.config.base_path().to_owned()
        } else {
            url::root_from(path)
        };
        context.insert("root", &root);
        context.insert("path", path);
        match page {
            Page::Home(n) => {
                self.insert_list(&mut context, &url::home(), 0..site.articles.len(), n, size)
            }
            Page::Article(i) => {
                let article = &site.articles[i];
                let links = &site.links[i];
                context.insert_shared("card", &self.cards[i]);
                let body = bodies.and_then(|b| b.first()).map_or("", |b| b.as_ref());
                context.insert_html("body", self.body_hashes[i], body);
                // Made only when the page is rendered: it is a function of what the page's
                // fingerprint already holds (its card, authors, affiliation; site-wide settings).
                if context.context.is_some() {
                    context.insert_html("json_ld", 0, &json_ld(site, i));
                }
                context.insert("affiliation", &article.affiliation);
                context.insert("note", &article.note);
                context.insert("tags", &article.tags);
                context.insert("extra", &article.extra);
                context.insert_shared("section", &self.sections[links.section]);
                context.insert_list("authors", links.authors.iter().map(|&a| &self.authors[a]));
                context.insert_optional("older", links.older.map(|j| &self.cards[j]));
                context.insert_optional("newer", links.newer.map(|j| &self.cards[j]));
            }
            Page::Sections => context.insert_list("sections", self.sections.iter()),
            Page::Section(i, n) => {
                let section = &site.sections[i];
                context.insert_shared("section", &self.sections[i]);
                let first = url::section(&section.slug);
                self.insert_list(
                    &mut context,
                    &first,
                    section.articles.iter().copied(),
                    n,
                    size,
                );
            }
            Page::Authors => context.insert_list("authors", self.authors.iter()),
            Page::Author(i, n) => {
                let author = &site.authors[i];
                context.insert_shared("author", &self.authors[i]);
                let first = url::author(&author.slug);
                self.insert_list(
                    &mut context,
                    &first,
                    author.articles.iter().copied(),
                    n,
                    size,
                );
            }
            Page::Search | Page::NotFound | Page::Robots => {}
            Page::Feed(of) => {
                let (title, page) = match of {
                    FeedOf::Site => (site.config.title.clone(), url::home()),
                    FeedOf::Section(i) => {
                        let s = &site.sections[i];
                        (
                            format!("{} · {}", site.config.title, s.name),
                            url::section(&s.slug),
                        )
                    }
                    FeedOf::Author(i) => {
                        let a = &site.authors[i];
                        (
                            format!("{} · {}", site.config.title, a.name),
                            url::author(&a.slug),
                        )
                    }
                };
                let shown = self.feed_articles(of);
                let updated = shown.first().map(|&i| site.articles[i].date.to_string());
                context.insert(
                    "feed",
                    &FeedView {
                        title,
                        page,
                        updated,
                        _site: std::marker::PhantomData,
                    },
                );
                // Each entry: its card, and its whole text when feeds carry it (escaped by the
                // template: Atom's `type="html"` content is HTML as text).
                "entries".hash(&mut context.hasher);
                let mut entries = Vec::with_capacity(shown.len());
                for (n, &i) in shown.iter().enumerate() {
                    self.cards[i].hash.hash(&mut context.hasher);
                    let full = site.config.feed_full_text;
                    if full {
                        self.body_hashes[i].hash(&mut context.hasher);
                    }
                    if context.context.is_some() {
                        let content = bodies
                            .filter(|_| full)
                            .and_then(|b| b.get(n))
                            .map(|b| Value::from(b.as_ref()));
                        let entry = BTreeMap::from([
                            ("card", self.cards[i].value.clone()),
                            ("content", Value::from(content)),
                        ]);
                        entries.push(Value::from(entry));
                    }
                }
                if let Some(inner) = &mut context.context {
                    inner.insert_value("entries", Value::from(entries));
                }
            }
            Page::Sitemap(part) => {
                let all = self.sitemap_urls();
                let start = (part.saturating_sub(1) * url::SITEMAP_LIMIT).min(all.len());
                let end = if part == 0 {
                    all.len()
                } else {
                    (start + url::SITEMAP_LIMIT).min(all.len())
                };
                context.insert("urls", &all[start..end]);
            }
            Page::SitemapIndex(parts) => {
                let files: Vec<String> = (1..=parts).map(url::sitemap_part).collect();
                context.insert("sitemaps", &files);
            }
        }
        context
    }

    /// `articles` (page `n` of `all`) and `paginator`, for a listing whose first page is `first`.
    fn insert_list(
        &self,
        context: &mut PageContext,
        first: &str,
        all: impl ExactSizeIterator<Item = usize>,
        n: usize,
        size: usize,
    ) {
        let total = page_count(all.len(), size);
        context.insert_list(
            "articles",
            all.skip((n - 1) * size).take(size).map(|i| &self.cards[i]),
        );
        let mut previous = 0;
        let pages = page_window(n, total)
            .map(|number| {
                let gap_before = number > previous + 1;
                previous = number;
                PageLink {
                    number,
                    path: url::page(first, number),
                    gap_before,
                }
            })
            .collect();
        context.insert(
            "paginator",
            &Paginator {
                number: n,
                total,
                previous: (n > 1).then(|| url::page(first, n - 1)),
                next: (n < total).then(|| url::page(first, n + 1)),
                pages,
            },
        );
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The template values this renderer made, to be freed elsewhere (see `build_into`).
    pub fn into_values(self) -> impl Send + use<> {
        (self.cards, self.sections, self.authors, self.theme)
    }

    /// The part of every fingerprint that is the same for the whole site.
    pub fn global_fingerprint(&self) -> u64 {
        self.global
    }
}

/// An article's schema.org description (JSON-LD) for search engines: headline, authors as
/// people with their affiliation and page, dates, section, publisher and the page's editors.
/// `<` is written `\u003c`, so the text can never close the `<script>` that holds it.
fn json_ld(site: &Site, i: usize) -> String {
    let article = &site.articles[i];
    let links = &site.links[i];
    let config = &site.config;
    let absolute = |path: &str| format!("{}{path}", config.base_url);
    let section = &site.sections[links.section];
    let mut json = String::with_capacity(1024);
    json.push('{');
    field(&mut json, "@context", "https://schema.org");
    field(&mut json, "@type", config.schema_type(&section.name));
    field(&mut json, "headline", &article.title);
    field(&mut json, "url", &absolute(&url::article(&article.slug)));
    field(&mut json, "datePublished", &article.date.to_string());
    field(&mut json, "dateModified", &article.date.to_string());
    field(&mut json, "articleSection", &section.name);
    field(&mut json, "inLanguage", &config.language);
    if let Some(summary) = &article.summary {
        field(&mut json, "description", summary);
    }
    json.push_str("\"author\":[");
    for (n, &a) in links.authors.iter().enumerate() {
        let author = &site.authors[a];
        if n > 0 {
            json.push(',');
        }
        json.push('{');
        field(&mut json, "@type", "Person");
        field(&mut json, "name", &author.name);
        field(&mut json, "url", &absolute(&url::author(&author.slug)));
        if let Some(affiliation) = article.affiliation.as_ref().or(author.affiliation.as_ref()) {
            json.push_str("\"affiliation\":{");
            field(&mut json, "@type", "Organization");
            field(&mut json, "name", affiliation);
            close(&mut json);
            json.push(',');
        }
        close(&mut json);
    }
    json.push_str("],");
    if !config.editors.is_empty() {
        json.push_str("\"editor\":[");
        for (n, editor) in config.editors.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            json.push('{');
            field(&mut json, "@type", "Person");
            field(&mut json, "name", editor);
            close(&mut json);
        }
        json.push_str("],");
    }
    json.push_str("\"publisher\":{");
    field(&mut json, "@type", "Organization");
    field(&mut json, "name", &config.title);
    close(&mut json);
    json.push('}');
    json
}

/// `"key":"value",` with the value escaped for JSON inside HTML.
fn field(json: &mut String, key: &str, value: &str) {
    json.push('"');
    json.push_str(key);
    json.push_str("\":");
    push_json_string(json, value);
    json.push(',');
}

/// `value` as a quoted JSON string, escaped so that it is safe inside HTML too.
pub(crate) fn push_json_string(json: &mut String, value: &str) {
    json.push('"');
    for c in value.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '<' => json.push_str("\\u003c"),
            '>' => json.push_str("\\u003e"),
            '&' => json.push_str("\\u0026"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                json.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => json.push(c),
        }
    }
    json.push('"');
}

/// Ends an object whose last field left a trailing comma.
fn close(json: &mut String) {
    if json.ends_with(',') {
        json.pop();
    }
    json.push('}');
}

enum Failure {
    Template(tera::Error),
    Source(Diagnostic),
    Write(String, std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages_of_a_list() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(7, 2), 4);
    }

    #[test]
    fn the_paginator_links_to_the_ends_and_the_neighbourhood() {
        assert_eq!(page_window(1, 1).collect::<Vec<_>>(), [1]);
        assert_eq!(
            page_window(5, 100).collect::<Vec<_>>(),
            [1, 3, 4, 5, 6, 7, 100]
        );
        assert_eq!(page_window(1, 4).collect::<Vec<_>>(), [1, 2, 3, 4]);
    }
}
