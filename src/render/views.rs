//! The views templates see: borrowed `…View<'a>` structs, the contract with themes (the
//! README lists every variable). Each derives `Serialize`, which makes the template's
//! context, and `Hash`, which makes the page's fingerprint, so that what a template can see and
//! what decides whether its page is rendered again are one and the same value.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Serialize, Serializer};
use tera::Value;

use crate::front_matter::ExtraValue;
use crate::model::Site;
use crate::url;
use crate::validate::Article;

use super::json_ld::JsonLd;

/// A view made into a template value once and shared (cheaply, by reference count) by every
/// page that shows it, with the hash of the view it was made from. It serializes as that
/// value (Tera passes a `Value` through without copying it) and hashes as that hash.
pub struct Shared {
    value: Value,
    hash: u64,
}

impl Shared {
    pub fn new<T: Serialize + Hash>(view: &T) -> Shared {
        Shared {
            value: Value::from_serializable(view),
            hash: hash_of(view),
        }
    }
}

impl Hash for Shared {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hash.hash(state);
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// An article's body HTML as a template sees it: as markup (`body` of `article.html`) or as
/// text for the template to escape (a feed entry's `content`: Atom's `type="html"`).
///
/// It hashes as the digest of the HTML, which every article has, and holds the HTML itself
/// only on a page that is being rendered: an unchanged article's HTML may not be in memory
/// (see `validate::Body`), and a page that is not rendered does not need it.
pub struct BodyView<'a> {
    pub article: &'a Article,
    /// Given by `Renderer::give_bodies` to a page that is rendered.
    pub html: Option<Cow<'a, str>>,
    markup: bool,
}

impl<'a> BodyView<'a> {
    pub fn markup(article: &'a Article) -> BodyView<'a> {
        BodyView {
            article,
            html: None,
            markup: true,
        }
    }

    pub fn text(article: &'a Article) -> BodyView<'a> {
        BodyView {
            article,
            html: None,
            markup: false,
        }
    }
}

impl Hash for BodyView<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.article.body.digest.html_hash, self.markup).hash(state);
    }
}

impl Serialize for BodyView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (&self.html, self.markup) {
            (Some(html), true) => Value::safe_string(html).serialize(serializer),
            (Some(html), false) => serializer.serialize_str(html),
            (None, _) => Err(serde::ser::Error::custom(
                "an article's body was asked for without being given (a bug in broadsheet)",
            )),
        }
    }
}

/// The JSON-LD as `article.html` gets it: JSON text, safe inside a `<script>`; hashed as the
/// description it is made from, so that it is only written out for pages that are rendered.
pub struct JsonLdView<'a>(pub JsonLd<'a>);

impl Hash for JsonLdView<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Serialize for JsonLdView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Value::safe_string(&super::json_ld::html_safe(&self.0)).serialize(serializer)
    }
}

/// Everything a page's template sees besides `site` (a global of the templates, hashed into
/// every fingerprint by `Renderer::new`): `root`, `path` and the fields of `content`.
#[derive(Hash)]
pub struct PageView<'a> {
    /// The relative path from this page to the site's root, such as `../../`.
    pub root: String,
    /// This page's path, such as `articles/x/`.
    pub path: &'a str,
    pub content: ContentView<'a>,
}

/// What a page shows beyond `root` and `path`, by kind of page; its fields are the
/// template's variables.
// One lives at a time per page being fingerprinted or rendered, on the stack: boxing the
// article's view would cost an allocation for every article page of every build.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Hash)]
#[serde(untagged)]
pub enum ContentView<'a> {
    Article(ArticleView<'a>),
    /// The home page, a section's or an author's listing.
    Listing(ListingView<'a>),
    Sections {
        sections: &'a [Shared],
    },
    Authors {
        authors: &'a [Shared],
    },
    Feed {
        feed: FeedView,
        entries: Vec<EntryView<'a>>,
    },
    Sitemap {
        urls: &'a [SitemapUrl],
    },
    SitemapIndex {
        sitemaps: Vec<String>,
    },
    /// The search page, the 404 page and `robots.txt`.
    Nothing {},
}

#[derive(Serialize, Hash)]
pub struct ArticleView<'a> {
    pub card: &'a Shared,
    pub body: BodyView<'a>,
    pub json_ld: JsonLdView<'a>,
    pub affiliation: Option<&'a str>,
    pub note: Option<&'a str>,
    pub tags: &'a [String],
    pub extra: &'a BTreeMap<String, ExtraValue>,
    pub section: &'a Shared,
    pub authors: Vec<&'a Shared>,
    pub older: Option<&'a Shared>,
    pub newer: Option<&'a Shared>,
}

/// A page of a list of articles, and whose list it is (none for the home page).
#[derive(Serialize, Hash)]
pub struct ListingView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'a Shared>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a Shared>,
    pub articles: Vec<&'a Shared>,
    pub paginator: Paginator,
}

/// A feed's own facts.
#[derive(Serialize, Hash)]
pub struct FeedView {
    /// `株洲日报·评论`, or `株洲日报·评论 · 基层治理`.
    pub title: String,
    /// The page the feed follows (`sections/x/`).
    pub page: String,
    /// RFC 3339: the newest entry's date, or none for an empty feed.
    pub updated: Option<String>,
}

/// One entry of a feed: its card, and its whole text when feeds carry it.
#[derive(Serialize, Hash)]
pub struct EntryView<'a> {
    pub card: &'a Shared,
    pub content: Option<BodyView<'a>>,
}

/// One URL of the sitemap.
#[derive(Serialize, Hash)]
pub struct SitemapUrl {
    pub path: String,
    /// `2026-03-27`, for article pages.
    pub lastmod: Option<String>,
}

#[derive(Serialize, Hash)]
pub struct LinkView<'a> {
    name: &'a str,
    path: String,
}

#[derive(Serialize, Hash)]
pub struct SectionView<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    count: usize,
}

impl<'a> SectionView<'a> {
    pub fn of(site: &'a Site, i: usize) -> SectionView<'a> {
        let s = &site.sections[i];
        SectionView {
            name: &s.name,
            slug: &s.slug,
            path: url::section(&s.slug),
            count: s.articles.len(),
        }
    }
}

#[derive(Serialize, Hash)]
pub struct AuthorView<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    count: usize,
    affiliation: Option<&'a str>,
    bio: Option<&'a str>,
}

impl<'a> AuthorView<'a> {
    pub fn of(site: &'a Site, i: usize) -> AuthorView<'a> {
        let a = &site.authors[i];
        AuthorView {
            name: &a.name,
            slug: &a.slug,
            path: url::author(&a.slug),
            count: a.articles.len(),
            affiliation: a.affiliation.as_deref(),
            bio: a.bio.as_deref(),
        }
    }
}

/// What a listing shows of an article.
#[derive(Serialize, Hash)]
pub struct CardView<'a> {
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

impl<'a> CardView<'a> {
    pub fn of(site: &'a Site, i: usize) -> CardView<'a> {
        let article = &site.articles[i];
        let links = &site.links[i];
        let section = &site.sections[links.section];
        let digest = &article.body.digest;
        CardView {
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
            summary: article.summary.as_deref().unwrap_or(&digest.excerpt),
            pull_quote: article.summary.is_some(),
            word_count: digest.word_count,
            reading_minutes: site
                .config
                .reading_minutes(digest.word_count, digest.cjk_count),
        }
    }
}

#[derive(Serialize, Hash)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    editors: &'a [String],
    submission_email: Option<&'a str>,
    sections: Vec<SectionView<'a>>,
    article_count: usize,
}

impl<'a> SiteView<'a> {
    pub fn of(site: &'a Site) -> SiteView<'a> {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
            editors: &config.editors,
            submission_email: config.submission_email.as_deref(),
            sections: (0..site.sections.len())
                .map(|i| SectionView::of(site, i))
                .collect(),
            article_count: site.articles.len(),
        }
    }
}

#[derive(Serialize, Hash)]
pub struct Paginator {
    pub number: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Serialize, Hash)]
pub struct PageLink {
    pub number: usize,
    pub path: String,
    /// Whether numbers were skipped before this one (the theme shows `…`).
    pub gap_before: bool,
}
