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

/// Every article's card, as the pages show them (see `Card`).
pub enum Cards<'a> {
    /// Each card made into a template value once, shared by every page that shows it: for a
    /// build that keeps its bodies (a site within `BODY_BUDGET`), as fast as cards can be.
    Kept(Vec<Shared>),
    /// Each card's hash, made once; its template value made on each page that shows it (see
    /// `Card`).
    Made {
        site: &'a Site,
        pictures: &'a crate::pictures::Pictures,
        /// `hash_of(&CardView::of(site, pictures, i))` for each article `i`.
        hashes: Vec<u64>,
    },
}

impl<'a> Cards<'a> {
    /// Every card of `site`, kept as template values or (`keep` false) only hashed.
    pub fn new(site: &'a Site, pictures: &'a crate::pictures::Pictures, keep: bool) -> Cards<'a> {
        use rayon::prelude::*;
        let articles = 0..site.articles.len();
        if keep {
            let view = |i| Shared::new(&CardView::of(site, pictures, i));
            Cards::Kept(articles.into_par_iter().map(view).collect())
        } else {
            let hash = |i| hash_of(&CardView::of(site, pictures, i));
            Cards::Made {
                site,
                pictures,
                hashes: articles.into_par_iter().map(hash).collect(),
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Cards::Kept(values) => values.len(),
            Cards::Made { hashes, .. } => hashes.len(),
        }
    }

    /// Article `i`'s card, as a page shows it.
    pub fn card(&self, i: usize) -> Card<'_> {
        Card {
            cards: self,
            index: i,
        }
    }

    /// What the cards hold, to be freed elsewhere (see `Renderer::into_values`).
    pub fn into_values(self) -> impl Send + use<> {
        match self {
            Cards::Kept(values) => (values, Vec::new()),
            Cards::Made { hashes, .. } => (Vec::new(), hashes),
        }
    }
}

/// An article's card where a page shows it: the card's template value when the build keeps
/// them (`Cards::Kept`), else made from its view when the page is rendered, and hashed (for
/// the page's fingerprint) as the hash of that view, made once for the build. Cards made once
/// and kept as template values were the largest thing a build held for each article: some
/// 3 KB (the tables of a template value's maps), 300 MB of a 100,000-article build's peak.
#[derive(Clone, Copy)]
pub struct Card<'a> {
    cards: &'a Cards<'a>,
    index: usize,
}

impl Hash for Card<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `Shared`'s, so that a page's fingerprint is the same whichever holds its cards.
        match self.cards {
            Cards::Kept(values) => values[self.index].hash(state),
            Cards::Made { hashes, .. } => hashes[self.index].hash(state),
        }
    }
}

impl Serialize for Card<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.cards {
            Cards::Kept(values) => values[self.index].serialize(serializer),
            Cards::Made { site, pictures, .. } => {
                CardView::of(site, pictures, self.index).serialize(serializer)
            }
        }
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
    /// The keys of the body's pictures, hashed: a changed picture has new copies' names.
    pictures: u64,
}

impl<'a> BodyView<'a> {
    pub fn markup(article: &'a Article, pictures: &crate::pictures::Pictures) -> BodyView<'a> {
        BodyView {
            article,
            html: None,
            markup: true,
            pictures: pictures_hash(article, pictures),
        }
    }

    pub fn text(article: &'a Article, pictures: &crate::pictures::Pictures) -> BodyView<'a> {
        BodyView {
            article,
            html: None,
            markup: false,
            pictures: pictures_hash(article, pictures),
        }
    }

    pub fn is_markup(&self) -> bool {
        self.markup
    }
}

impl Hash for BodyView<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (
            self.article.body.digest.html_hash,
            self.markup,
            self.pictures,
        )
            .hash(state);
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

fn pictures_hash(article: &Article, pictures: &crate::pictures::Pictures) -> u64 {
    if article.pictures.is_empty() {
        return 0;
    }
    let keys: Vec<Option<u64>> = article
        .pictures
        .iter()
        .flatten()
        .map(|used| pictures.by_file.get(&used.file).map(|s| s.picture.key))
        .collect();
    hash_of(&keys)
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
/// every fingerprint by `Renderer::new`): `root`, `path`, `current_section` and the fields of
/// `content`.
#[derive(Hash)]
pub struct PageView<'a> {
    /// The relative path from this page to the site's root, such as `../../`.
    pub root: String,
    /// This page's path, such as `articles/x/`.
    pub path: &'a str,
    /// The section the page belongs to, which the navigation marks as current: a section's
    /// own pages and its articles' pages have one; every other page none.
    pub current_section: Option<&'a Shared>,
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
    /// A section's or an author's listing.
    Listing(ListingView<'a>),
    /// The home page: the newest edition whole, then the ones before it.
    Home {
        edition: Option<EditionBlock<'a>>,
        earlier: Vec<EditionBlock<'a>>,
    },
    /// An edition's page.
    Edition {
        edition: EditionView<'a>,
        pages: Vec<PageBlock<'a>>,
        previous: Option<EditionView<'a>>,
        next: Option<EditionView<'a>>,
        json_ld: JsonLdView<'a>,
    },
    /// A year of the archive of editions.
    Archive(ArchiveView<'a>),
    Sections {
        sections: &'a [Shared],
    },
    Authors {
        authors: &'a [Shared],
    },
    Topics {
        topics: &'a [Shared],
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
    /// An old address's page, which sends the reader on to the article (`target`, its card).
    Redirect {
        target: Card<'a>,
    },
    /// The search page, the 404 page and `robots.txt`.
    Nothing {},
}

#[derive(Serialize, Hash)]
pub struct ArticleView<'a> {
    pub card: Card<'a>,
    pub body: BodyView<'a>,
    pub json_ld: JsonLdView<'a>,
    /// The 导语, printed under the byline (also the card's `summary` when there is no pull
    /// quote: the page shows it once, here).
    pub standfirst: Option<&'a str>,
    pub affiliation: Option<&'a str>,
    /// `（作者系湖南大学教授）` or `（作者单位：株洲市委党校）`.
    pub affiliation_line: Option<AffiliationLine<'a>>,
    /// The front matter's `source:`, printed after the text in brackets.
    pub source: Option<&'a str>,
    pub note: Option<&'a str>,
    pub tags: &'a [String],
    /// Its tags as topics, in its `tags:` order.
    pub topics: Vec<&'a Shared>,
    /// 原标题, for a reprinted piece.
    pub original_title: Option<&'a str>,
    /// 责任编辑 of the piece: its own `editors:`, else its page's.
    pub editors: &'a [String],
    /// The paper's name, for an article that names no `source:` (the theme names it in the
    /// dateline of an article no printed page lists: a printed one's names the paper already).
    pub default_source: Option<&'a str>,
    pub extra: &'a BTreeMap<String, ExtraValue>,
    /// Its corrections and clarifications, oldest first, printed under the headline.
    pub corrections: Vec<CorrectionView<'a>>,
    /// RFC 3339: its last change (`updated:`, else its latest correction's date), or none.
    pub updated: Option<Written<'a>>,
    pub section: &'a Shared,
    pub authors: Vec<&'a Shared>,
    /// Where it was printed: its edition and its page.
    pub edition: EditionView<'a>,
    pub print_page: PrintPageView<'a>,
    /// The article before and after it in the paper's order: in print order within its
    /// edition, then on into the edition before.
    pub previous: Option<Card<'a>>,
    pub next: Option<Card<'a>>,
    /// 延伸阅读: the cards of its related reading (its `related:`, else the articles sharing
    /// most of its topics, then those whose text is nearest), at most five found.
    pub related: Vec<Card<'a>>,
}

/// A correction (更正) or clarification (说明) as the article's page prints it.
#[derive(Serialize, Hash)]
pub struct CorrectionView<'a> {
    /// `更正` or `说明`.
    kind: &'static str,
    /// `2026-03-28`
    date: Written<'a>,
    /// `2026年3月28日`
    date_display: Written<'a>,
    /// RFC 3339, or `2026-03-28` for a date without a time, for `<time datetime>`.
    datetime: Written<'a>,
    text: &'a str,
}

impl<'a> CorrectionView<'a> {
    pub fn of(correction: &'a crate::validate::Correction) -> CorrectionView<'a> {
        CorrectionView {
            kind: correction.kind.label(),
            date: Written::Iso(&correction.date),
            date_display: Written::Chinese(&correction.date),
            datetime: Written::AsGiven(&correction.date),
            text: &correction.text,
        }
    }
}

/// The last words of an affiliation that name a person's role or title rather than a place
/// of work: `湖南大学教授` and `本报评论员` are printed `（作者系…）`, `株洲市委党校`
/// `（作者单位：…）`. Importers fill `affiliation:` from both kinds of tail. The only list of
/// them: the JSON-LD reads it too (a role is a `jobTitle`, not an organization).
const ROLE_WORDS: &[&str] = &[
    "教授",
    "副教授",
    "研究员",
    "讲师",
    "博士",
    "博士后",
    "博士生",
    "导师",
    "研究生",
    "评论员",
    "记者",
    "通讯员",
    "编辑",
    "主任",
    "院长",
    "所长",
    "书记",
    "教师",
    "学者",
    "专家",
    "律师",
    "医生",
    "委员",
    "干部",
    "工作者",
];

/// Whether an affiliation ends with a word of [`ROLE_WORDS`]: the author's role, not a unit.
pub fn names_a_role(affiliation: &str) -> bool {
    ROLE_WORDS.iter().any(|word| affiliation.ends_with(word))
}

/// The line that prints an affiliation after the text, made only when the page is rendered.
#[derive(Hash)]
pub struct AffiliationLine<'a>(pub &'a str);

impl Serialize for AffiliationLine<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The line as printed; the search index holds it so (`src/search.rs`).
impl std::fmt::Display for AffiliationLine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if names_a_role(self.0) {
            write!(f, "（作者系{}）", self.0)
        } else {
            write!(f, "（作者单位：{}）", self.0)
        }
    }
}

/// An edition with its pages, each with its articles' cards in print order.
#[derive(Serialize, Hash)]
pub struct EditionBlock<'a> {
    pub edition: EditionView<'a>,
    pub pages: Vec<PageBlock<'a>>,
}

#[derive(Serialize, Hash)]
pub struct PageBlock<'a> {
    pub page: PrintPageView<'a>,
    pub articles: Vec<Card<'a>>,
}

/// What every page that names an edition shows of it. Made for each page that shows it, not
/// once and shared as cards are: a few short strings, while a shared template value of each
/// edition and page raised the peak memory of a 10,000-article build by 2 MB.
#[derive(Serialize, Hash)]
pub struct EditionView<'a> {
    /// `2026-03-27`
    date: Written<'a>,
    /// `2026年3月27日`
    date_display: Written<'a>,
    /// `星期五`
    weekday: &'static str,
    /// The issue number as the edition file gives it (`第12345期`).
    issue: Option<&'a str>,
    /// `editions/2026/03/27/`
    path: Written<'a>,
    article_count: usize,
}

impl<'a> EditionView<'a> {
    pub fn of(site: &'a Site, e: usize) -> EditionView<'a> {
        let edition = &site.editions[e];
        let date = &edition.date;
        EditionView {
            date: Written::Iso(date),
            date_display: Written::Chinese(date),
            weekday: date.chinese_weekday(),
            issue: edition.issue.as_deref(),
            path: Written::EditionPath(date),
            article_count: edition.pages.iter().map(|p| p.articles.len()).sum(),
        }
    }
}

/// Text made from a model value only when a page is rendered: every article page has an
/// edition's and a page's view, and each page's fingerprint hashes them, which is then the
/// value's hash and no string is made.
#[derive(Hash)]
pub enum Written<'a> {
    Iso(&'a crate::date::Date),
    Chinese(&'a crate::date::Date),
    /// RFC 3339, always with a time (`date::Date`'s `Display`).
    Rfc3339(&'a crate::date::Date),
    /// `2026-03-28` for a date without a time, else RFC 3339.
    AsGiven(&'a crate::date::Date),
    EditionPath(&'a crate::date::Date),
    /// `第5版 · 评论`, `第5版`, `评论`, or empty.
    PageLabel(Option<u32>, Option<&'a str>),
}

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Written::Iso(date) => serializer.serialize_str(&date.iso_date()),
            Written::Chinese(date) => serializer.serialize_str(&date.chinese()),
            Written::Rfc3339(date) => serializer.collect_str(date),
            Written::AsGiven(date) if date.time.is_none() => {
                serializer.serialize_str(&date.iso_date())
            }
            Written::AsGiven(date) => serializer.collect_str(date),
            Written::EditionPath(date) => serializer.serialize_str(&url::edition(date)),
            Written::PageLabel(Some(n), Some(name)) => {
                serializer.collect_str(&format_args!("第{n}版 · {name}"))
            }
            Written::PageLabel(Some(n), None) => serializer.collect_str(&format_args!("第{n}版")),
            Written::PageLabel(None, name) => serializer.serialize_str(name.unwrap_or_default()),
        }
    }
}

/// A printed page of an edition, with its credits.
#[derive(Serialize, Hash)]
pub struct PrintPageView<'a> {
    number: Option<u32>,
    name: Option<&'a str>,
    /// `第5版 · 评论`, `第5版`, `评论`, or empty for a day's articles that no page lists.
    label: Written<'a>,
    editors: &'a [String],
    designers: &'a [String],
    picture_editors: &'a [String],
    proofreaders: &'a [String],
    submission_email: Option<&'a str>,
    /// Whether an edition file lists the page.
    printed: bool,
}

impl<'a> PrintPageView<'a> {
    pub fn of(site: &'a Site, e: usize, p: usize) -> PrintPageView<'a> {
        let page = &site.editions[e].pages[p];
        PrintPageView {
            number: page.number,
            name: page.name.as_deref(),
            label: Written::PageLabel(page.number, page.name.as_deref()),
            editors: &page.editors,
            designers: &page.designers,
            picture_editors: &page.picture_editors,
            proofreaders: &page.proofreaders,
            submission_email: page.submission_email.as_deref(),
            printed: page.printed,
        }
    }
}

/// A year of the archive: a calendar for each month with an edition, the newest first.
#[derive(Serialize, Hash)]
pub struct ArchiveView<'a> {
    pub year: i32,
    /// The year's own page (`editions/2026/`), also for the archive's front.
    pub year_path: String,
    pub edition_count: usize,
    pub months: Vec<MonthView>,
    /// Every year with an edition, the newest first.
    pub years: &'a [YearLink],
}

#[derive(Serialize, Hash)]
pub struct YearLink {
    pub year: i32,
    pub path: String,
    pub edition_count: usize,
}

#[derive(Serialize, Hash)]
pub struct MonthView {
    pub month: u32,
    /// `2026年3月`
    pub label: String,
    pub edition_count: usize,
    /// Weeks from Monday to Sunday; `None` before the first and after the last day.
    pub weeks: Vec<[Option<CalendarDay>; 7]>,
}

#[derive(Serialize, Hash)]
pub struct CalendarDay {
    pub day: u32,
    /// The edition's page, on a day that has one.
    pub path: Option<String>,
}

/// A page of a section's or an author's list of articles, and whose list it is.
#[derive(Serialize, Hash)]
pub struct ListingView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'a Shared>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a Shared>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<&'a Shared>,
    pub articles: Vec<Card<'a>>,
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
    pub card: Card<'a>,
    pub content: Option<BodyView<'a>>,
    /// RFC 3339: its last change (`updated:`, a correction), else its date.
    pub updated: Written<'a>,
}

/// One URL of the sitemap.
#[derive(Serialize, Hash)]
pub struct SitemapUrl {
    pub path: String,
    /// `2026-03-27` (or RFC 3339, for an `updated:` with a time), for article and edition
    /// pages: an article's last change, else its date.
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
    /// Their photograph (site.yaml's `photo:`), its alt text their name.
    photo: Option<PictureView<'a>>,
}

impl<'a> AuthorView<'a> {
    pub fn of(site: &'a Site, pictures: &crate::pictures::Pictures, i: usize) -> AuthorView<'a> {
        let a = &site.authors[i];
        AuthorView {
            photo: a
                .photo
                .as_ref()
                .and_then(|photo| pictures.by_file.get(&photo.file))
                .map(|shown| PictureView {
                    sizes: AUTHOR_PHOTO_SIZES,
                    ..PictureView::of(shown, None, None, &a.name)
                }),
            name: &a.name,
            slug: &a.slug,
            path: url::author(&a.slug),
            count: a.articles.len(),
            affiliation: a.affiliation.as_deref(),
            bio: a.bio.as_deref(),
        }
    }
}

/// One copy of a picture, for `srcset` (`{{ root }}{{ c.path }} {{ c.width }}w`).
#[derive(Serialize, Hash)]
pub struct CandidateView {
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// What `sizes` says of a picture in the article's column: the full width of a phone, at
/// most the column's 40rem (about 680 px) on wider screens.
pub const PICTURE_SIZES: &str = "(max-width: 44rem) 100vw, 42rem";

/// What `sizes` says of an author's photo: a small square beside their name.
pub const AUTHOR_PHOTO_SIZES: &str = "6rem";

/// A picture as a template shows it: `<picture>` with a WebP `<source>` and an `<img>` in the
/// original's kind of format (see the default theme's `picture.html`).
#[derive(Serialize, Hash)]
pub struct PictureView<'a> {
    /// The fallback copy for browsers without `srcset`: the one nearest 960 px wide.
    pub src: String,
    /// Its size: the picture's aspect ratio, so that the page does not move as it loads.
    pub width: u32,
    pub height: u32,
    /// The copies in WebP, narrowest first (none for an SVG).
    pub webp: Vec<CandidateView>,
    /// The copies in the original's kind of format (JPEG or PNG), narrowest first.
    pub fallback: Vec<CandidateView>,
    /// The fallback's MIME type.
    pub fallback_type: &'static str,
    pub sizes: &'static str,
    /// The copy for share cards (`og:image`): 1200 px wide, or the original's width.
    pub share: Option<CandidateView>,
    pub svg: bool,
    /// 图说, the credit (`漫画/易蓉`) and the alt text (the caption when none is given).
    pub caption: Option<&'a str>,
    pub credit: Option<&'a str>,
    pub alt: &'a str,
}

impl<'a> PictureView<'a> {
    pub fn of(
        shown: &crate::pictures::Shown,
        caption: Option<&'a str>,
        credit: Option<&'a str>,
        alt: &'a str,
    ) -> PictureView<'a> {
        use crate::pictures::Format;
        let candidate = |v: &crate::pictures::Variant| CandidateView {
            path: shown.path(v),
            width: v.width,
            height: v.height,
        };
        let fallback_format = shown.fallback();
        let fallback: Vec<CandidateView> = shown.listed(fallback_format).map(candidate).collect();
        let main = fallback
            .iter()
            .min_by_key(|c| c.width.abs_diff(960))
            .map_or((String::new(), 0, 0), |c| {
                (c.path.clone(), c.width, c.height)
            });
        PictureView {
            src: main.0,
            width: main.1,
            height: main.2,
            webp: shown.listed(Format::Webp).map(candidate).collect(),
            fallback,
            fallback_type: fallback_format.mime(),
            sizes: PICTURE_SIZES,
            share: shown.share().map(candidate),
            svg: fallback_format == Format::Svg,
            caption,
            credit,
            alt,
        }
    }

    /// The picture's markup, its URLs starting at `root` (for the body's pictures, whose
    /// markup is made here rather than by a template: it replaces the body's placeholders).
    pub fn markup(&self, root: &str, out: &mut String) {
        use std::fmt::Write as _;
        let srcset = |candidates: &[CandidateView]| {
            candidates
                .iter()
                .map(|c| format!("{root}{} {}w", c.path, c.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut alt = String::new();
        crate::markdown::escape_attribute(self.alt, &mut alt);
        let size = if self.width > 0 {
            format!(" width=\"{}\" height=\"{}\"", self.width, self.height)
        } else {
            String::new()
        };
        if self.svg {
            let _ = write!(
                out,
                "<img src=\"{root}{}\" alt=\"{alt}\"{size} loading=\"lazy\" decoding=\"async\">",
                self.src
            );
            return;
        }
        let _ = write!(
            out,
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\"><img src=\"{root}{}\" srcset=\"{}\" sizes=\"{}\" alt=\"{alt}\"{size} loading=\"lazy\" decoding=\"async\"></picture>",
            srcset(&self.webp),
            self.sizes,
            self.src,
            srcset(&self.fallback),
            self.sizes,
        );
    }
}

/// The body's HTML with each picture placeholder (`markdown::PICTURE_PLACEHOLDER`) replaced by
/// its picture's markup; a placeholder whose picture is unknown (which the build prevents)
/// becomes a plain `<img>`.
pub fn with_pictures(
    html: &str,
    article: &Article,
    pictures: &crate::pictures::Pictures,
    root: &str,
) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(at) = rest.find(crate::markdown::PICTURE_PLACEHOLDER) {
        out.push_str(&rest[..at]);
        let after = &rest[at + crate::markdown::PICTURE_PLACEHOLDER.len()..];
        let Some((number, tail)) = after.split_once("\" alt=\"") else {
            out.push_str(&rest[at..]);
            return out;
        };
        let Some((alt, tail)) = tail.split_once("\">") else {
            out.push_str(&rest[at..]);
            return out;
        };
        let alt = alt
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let n = number.parse::<usize>().ok();
        let shown = n
            .and_then(|n| article.pictures.get(n))
            .and_then(Option::as_ref)
            .and_then(|used| pictures.by_file.get(&used.file));
        match shown {
            Some(shown) => PictureView::of(shown, None, None, &alt).markup(root, &mut out),
            None => {
                // Not a file of the site: the address as written.
                let written = n
                    .and_then(|n| article.body.digest.pictures.get(n))
                    .map_or("", |(written, _, _)| written.as_str());
                out.push_str("<img src=\"");
                crate::markdown::escape_attribute(written, &mut out);
                out.push_str("\" alt=\"");
                crate::markdown::escape_attribute(&alt, &mut out);
                out.push_str("\">");
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[derive(Serialize, Hash)]
pub struct TopicView<'a> {
    /// The tag as articles write it.
    name: &'a str,
    /// site.yaml's heading for it, else the name.
    title: &'a str,
    slug: &'a str,
    path: String,
    count: usize,
    description: Option<&'a str>,
}

impl<'a> TopicView<'a> {
    pub fn of(site: &'a Site, i: usize) -> TopicView<'a> {
        let t = &site.topics[i];
        TopicView {
            name: &t.name,
            title: &t.title,
            slug: &t.slug,
            path: url::topic(&t.slug),
            count: t.articles.len(),
            description: t.description.as_deref(),
        }
    }
}

/// A topic as a card names it: its heading and page.
#[derive(Serialize, Hash)]
pub struct TopicLink<'a> {
    name: &'a str,
    title: &'a str,
    path: String,
}

/// What a listing shows of an article.
#[derive(Serialize, Hash)]
pub struct CardView<'a> {
    /// The lead picture, when it has one.
    image: Option<PictureView<'a>>,
    /// The 引题 above the headline, and the 副题 under it.
    kicker: Option<&'a str>,
    title: Cow<'a, str>,
    subtitle: Option<&'a str>,
    path: String,
    authors: Vec<LinkView<'a>>,
    section: LinkView<'a>,
    /// Its topics (专题), in its `tags:` order.
    topics: Vec<TopicLink<'a>>,
    /// `2026-03-27`
    date: String,
    /// `2026年3月27日`
    date_display: String,
    /// RFC 3339
    datetime: String,
    /// The pull quote, else the standfirst, else the automatic excerpt: what feeds, the
    /// meta description and listings show of the article.
    summary: &'a str,
    /// Whether `summary` is the article's own pull quote.
    pull_quote: bool,
    word_count: usize,
    reading_minutes: usize,
    /// In a preview (`serve`), an article not due yet: when it is (`2026-03-28 06:00 +08:00`);
    /// else none. Its `title` then starts with `【定时发布】`, so that every listing of every
    /// theme (cards, editions, neighbours' links, the page's own headline) shows the mark.
    scheduled: Option<String>,
}

/// What a preview puts before a scheduled article's title.
pub const SCHEDULED_MARK: &str = "【定时发布】";

impl<'a> CardView<'a> {
    pub fn of(site: &'a Site, pictures: &crate::pictures::Pictures, i: usize) -> CardView<'a> {
        let article = &site.articles[i];
        let image = article.image.as_ref().and_then(|lead| {
            let shown = pictures.by_file.get(&lead.picture.file)?;
            let alt = lead.alt.as_deref().unwrap_or("");
            Some(PictureView::of(
                shown,
                lead.caption.as_deref(),
                lead.credit.as_deref(),
                alt,
            ))
        });
        let links = &site.links[i];
        let section = &site.sections[links.section];
        let digest = &article.body.digest;
        let scheduled = site.scheduled(i);
        CardView {
            image,
            kicker: article.kicker.as_deref(),
            title: match scheduled {
                Some(_) => Cow::Owned(format!("{SCHEDULED_MARK}{}", article.title)),
                None => Cow::Borrowed(&article.title),
            },
            subtitle: article.subtitle.as_deref(),
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
            topics: links
                .topics
                .iter()
                .map(|&t| {
                    let topic = &site.topics[t];
                    TopicLink {
                        name: &topic.name,
                        title: &topic.title,
                        path: url::topic(&topic.slug),
                    }
                })
                .collect(),
            date: article.date.iso_date(),
            date_display: article.date.chinese(),
            datetime: article.date.to_string(),
            summary: article
                .summary
                .as_deref()
                .or(article.standfirst.as_deref())
                .unwrap_or(&digest.excerpt),
            pull_quote: article.summary.is_some(),
            word_count: digest.word_count,
            reading_minutes: site
                .config
                .reading_minutes(digest.word_count, digest.cjk_count),
            scheduled: scheduled.map(crate::date::local_minute),
        }
    }
}

#[derive(Serialize, Hash)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    /// The paper's name (株洲日报), for datelines; none when site.yaml gives none.
    paper: Option<&'a str>,
    editors: &'a [String],
    submission_email: Option<&'a str>,
    sections: Vec<SectionView<'a>>,
    article_count: usize,
    edition_count: usize,
    /// How many topics (专题) the site has: the topics' index exists when it has one.
    topic_count: usize,
    /// The lines at the foot of every page, each none when site.yaml gives none.
    footer: FooterView<'a>,
}

/// site.yaml's `footer:`, as every page's foot shows it.
#[derive(Serialize, Hash)]
pub struct FooterView<'a> {
    copyright: Option<&'a str>,
    reprint_notice: Option<&'a str>,
    /// The ICP filing number, linked to `icp_url`.
    icp: Option<&'a str>,
    icp_url: &'static str,
    /// `互联网新闻信息服务许可证：43120170003` (the label added when the value has none).
    news_licence: Option<Cow<'a, str>>,
    /// The public-security filing, linked to `police_url` (its record, by its number).
    police: Option<&'a str>,
    police_url: Option<String>,
}

/// The registry of ICP filings (工业和信息化部政务服务平台), where a site's ICP number links.
pub const ICP_REGISTRY: &str = "https://beian.miit.gov.cn/";
/// The public-security filing's record, by its number.
pub const POLICE_RECORD: &str = "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=";

impl<'a> SiteView<'a> {
    pub fn of(site: &'a Site) -> SiteView<'a> {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
            paper: config.paper.as_deref(),
            editors: &config.editors,
            submission_email: config.submission_email.as_deref(),
            sections: (0..site.sections.len())
                .map(|i| SectionView::of(site, i))
                .collect(),
            article_count: site.articles.len(),
            edition_count: site.editions.len(),
            topic_count: site.topics.len(),
            footer: FooterView {
                copyright: config.footer.copyright.as_deref(),
                reprint_notice: config.footer.reprint_notice.as_deref(),
                icp: config.footer.icp.as_deref(),
                icp_url: ICP_REGISTRY,
                news_licence: config.footer.news_licence.as_deref().map(|licence| {
                    if licence.contains("许可证") {
                        Cow::Borrowed(licence)
                    } else {
                        Cow::Owned(format!("互联网新闻信息服务许可证：{licence}"))
                    }
                }),
                police: config.footer.police.as_deref(),
                police_url: config
                    .footer
                    .police_code
                    .as_ref()
                    .map(|code| format!("{POLICE_RECORD}{code}")),
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_affiliation_ending_in_a_role_prints_as_the_authors_role() {
        let line = |affiliation| serde_json::to_string(&AffiliationLine(affiliation)).unwrap();
        for (affiliation, printed) in [
            ("湖南大学教授", "（作者系湖南大学教授）"),
            ("本报评论员", "（作者系本报评论员）"),
            ("湖南省社会工作者", "（作者系湖南省社会工作者）"),
            ("株洲市委党校", "（作者单位：株洲市委党校）"),
            ("湖南铁道职业技术学院", "（作者单位：湖南铁道职业技术学院）"),
            ("中国社会科学院研究所", "（作者单位：中国社会科学院研究所）"),
        ] {
            assert_eq!(line(affiliation), format!("\"{printed}\""), "{affiliation}");
        }
    }
}
