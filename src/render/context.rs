//! Each page's view, from which both its template's context and its fingerprint are made.
//!
//! The view (`PageView`) is the only way data reaches a template: the context is the view
//! serialized, and the fingerprint is the view hashed (with the site-wide values, the
//! templates and the program's code), both by derive. A field added to a view is therefore in
//! the fingerprint without anyone remembering to put it there. Bodies, the one large part,
//! hash as their digest and are fetched only for pages that are rendered (see `BodyView`).

use serde::Serialize;
use serde::ser::{self, Impossible};
use tera::Context;

use crate::error::Diagnostic;
use crate::url;
use crate::validate;

use super::Renderer;
use super::json_ld::JsonLd;
use super::plan::{Owner, Page, page_count, page_window};
use super::views::{
    AffiliationLine, ArchiveView, ArticleView, BodyView, CalendarDay, ContentView, CorrectionView,
    EditionBlock, EditionView, EntryView, FeedView, JsonLdView, ListingView, MonthView, PageBlock,
    PageLink, PageView, Paginator, PrintPageView, Written, hash_of,
};

impl<'s> Renderer<'s> {
    /// The page's fingerprint: its view hashed, with what is the same for every page.
    pub(super) fn fingerprint(&self, page: Page, view: &PageView) -> u64 {
        hash_of(&(self.global, page.template(), view))
    }

    /// The template's context: the view serialized, each of its fields a variable.
    pub(super) fn context(view: &PageView) -> Result<Context, tera::Error> {
        // Every field named, so that one added to `PageView` cannot be left out here.
        let PageView {
            root,
            path,
            current_section,
            content,
        } = view;
        let mut context = content
            .serialize(ContextSerializer)
            .map_err(|e| tera::Error::message(e.0))?;
        context.insert("root", root);
        context.insert("path", path);
        context.insert("current_section", current_section);
        Ok(context)
    }

    /// What the page at `path` shows, without the articles' HTML (see `give_bodies`).
    pub(super) fn view<'v>(&'v self, page: Page, path: &'v str) -> PageView<'v> {
        let site = self.site;
        // The 404 page is served at any depth, so its links start from the site's root path.
        let root = if page == Page::NotFound {
            site.config.base_path().to_owned()
        } else {
            url::root_from(path)
        };
        let content = match page {
            Page::Home => {
                let shown = 1 + site.config.home_editions;
                let mut blocks = (0..site.editions.len().min(shown)).map(|e| self.edition_block(e));
                ContentView::Home {
                    edition: blocks.next(),
                    earlier: blocks.collect(),
                }
            }
            Page::Edition(e) => {
                let block = self.edition_block(e);
                ContentView::Edition {
                    edition: block.edition,
                    pages: block.pages,
                    // The editions are newest first: the one before is the next in the list.
                    previous: (e + 1 < site.editions.len()).then(|| EditionView::of(site, e + 1)),
                    next: e.checked_sub(1).map(|n| EditionView::of(site, n)),
                    json_ld: JsonLdView(JsonLd::of_edition(site, e)),
                }
            }
            Page::Archive(year) => ContentView::Archive(self.archive(year.unwrap_or(0))),
            Page::Article(i) => {
                let article = &site.articles[i];
                let links = &site.links[i];
                let related = site.related.get(i).map_or(&[][..], Vec::as_slice);
                ContentView::Article(ArticleView {
                    card: self.card(i),
                    body: BodyView::markup(article, self.pictures),
                    json_ld: JsonLdView(JsonLd::of(site, i, self.pictures)),
                    standfirst: article.standfirst.as_deref(),
                    affiliation: article.affiliation.as_deref(),
                    affiliation_line: article.affiliation.as_deref().map(AffiliationLine),
                    source: article.taken_from.as_deref(),
                    note: article.note.as_deref(),
                    tags: &article.tags,
                    topics: links.topics.iter().map(|&t| &self.topics[t]).collect(),
                    original_title: article.original_title.as_deref(),
                    editors: article
                        .editors
                        .as_deref()
                        .unwrap_or(&site.editions[links.edition].pages[links.page].editors),
                    default_source: site
                        .config
                        .paper
                        .as_deref()
                        .filter(|_| article.taken_from.is_none()),
                    extra: &article.extra,
                    corrections: article.corrections.iter().map(CorrectionView::of).collect(),
                    updated: article.updated.as_ref().map(Written::Rfc3339),
                    section: &self.sections[links.section],
                    authors: links.authors.iter().map(|&a| &self.authors[a]).collect(),
                    edition: EditionView::of(site, links.edition),
                    print_page: PrintPageView::of(site, links.edition, links.page),
                    previous: i.checked_sub(1).map(|j| self.card(j)),
                    next: (i + 1 < self.cards.len()).then(|| self.card(i + 1)),
                    related: related.iter().map(|&j| self.card(j as usize)).collect(),
                })
            }
            Page::Sections => ContentView::Sections {
                sections: &self.sections,
            },
            Page::Authors => ContentView::Authors {
                authors: &self.authors,
            },
            Page::Topics => ContentView::Topics {
                topics: &self.topics,
            },
            Page::Listing(owner, n) => {
                let articles = owner.articles(site).iter().copied();
                ContentView::Listing(self.listing(owner, articles, n))
            }
            Page::Redirect(r) => ContentView::Redirect {
                target: self.card(site.redirects[r].1),
            },
            Page::Search | Page::NotFound | Page::Robots => ContentView::Nothing {},
            Page::Feed(owner) => {
                let (title, first) = match owner {
                    None => (site.config.title.clone(), url::home()),
                    Some(owner) => (
                        format!("{} · {}", site.config.title, owner.name(site)),
                        owner.first_page(site),
                    ),
                };
                let shown = page.feed_articles(site);
                let full = site.config.feed_full_text;
                let modified = |i: usize| {
                    let article = &site.articles[i];
                    article.updated.as_ref().unwrap_or(&article.date)
                };
                let entries = shown
                    .iter()
                    .map(|&i| EntryView {
                        card: self.card(i),
                        content: full.then(|| BodyView::text(&site.articles[i], self.pictures)),
                        updated: Written::Rfc3339(modified(i)),
                    })
                    .collect();
                // The feed changed last when its latest entry did: the newest article, or an
                // older one corrected since.
                let updated = shown
                    .iter()
                    .map(|&i| modified(i))
                    .max_by_key(|date| date.instant())
                    .map(ToString::to_string);
                ContentView::Feed {
                    feed: FeedView {
                        title,
                        page: first,
                        updated,
                    },
                    entries,
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
                ContentView::Sitemap {
                    urls: &all[start..end],
                }
            }
            Page::SitemapIndex(parts) => ContentView::SitemapIndex {
                sitemaps: (1..=parts).map(url::sitemap_part).collect(),
            },
        };
        let current_section = match page {
            Page::Article(i) => Some(&self.sections[site.links[i].section]),
            Page::Listing(Owner::Section(s), _) => Some(&self.sections[s]),
            _ => None,
        };
        PageView {
            root,
            path,
            current_section,
            content,
        }
    }

    /// Puts the articles' HTML into a view that is to be rendered; made again from the text
    /// of its file when the build did not keep it (which fails if the file changed since).
    pub(super) fn give_bodies<'v>(&self, view: &mut PageView<'v>) -> Result<(), Diagnostic> {
        let root = view.root.clone();
        let bodies: Vec<&mut BodyView<'v>> = match &mut view.content {
            ContentView::Article(article) => vec![&mut article.body],
            ContentView::Feed { entries, .. } => entries
                .iter_mut()
                .filter_map(|entry| entry.content.as_mut())
                .collect(),
            _ => Vec::new(),
        };
        for body in bodies {
            let html = validate::body_html(self.reread, body.article)?;
            body.html = Some(if body.article.body.digest.pictures.is_empty() {
                html
            } else {
                // A feed's entries are read elsewhere: their pictures' URLs are absolute.
                let root = if body.is_markup() {
                    root.as_str()
                } else {
                    self.site.config.base_url.as_str()
                };
                std::borrow::Cow::Owned(super::views::with_pictures(
                    &html,
                    body.article,
                    self.pictures,
                    root,
                ))
            });
        }
        Ok(())
    }

    /// Edition `e` with its pages and their cards, in print order.
    fn edition_block(&self, e: usize) -> EditionBlock<'_> {
        EditionBlock {
            edition: EditionView::of(self.site, e),
            pages: self.site.editions[e]
                .pages
                .iter()
                .enumerate()
                .map(|(p, page)| PageBlock {
                    page: PrintPageView::of(self.site, e, p),
                    articles: page.articles.iter().map(|&i| self.card(i)).collect(),
                })
                .collect(),
        }
    }

    /// The archive's page of year `y` (an index into `Site::years`): a calendar of each month
    /// with an edition, the newest first, its days with an edition linked.
    fn archive(&self, y: usize) -> ArchiveView<'_> {
        let site = self.site;
        let Some((year, range)) = site.years.get(y) else {
            // A site without articles has no year: the archive's front is empty.
            return ArchiveView {
                year: 0,
                year_path: url::EDITIONS.to_owned(),
                edition_count: 0,
                months: Vec::new(),
                years: &self.years,
            };
        };
        let editions = &site.editions[range.clone()];
        let mut months: Vec<MonthView> = Vec::new();
        // The weekday of the current month's first day: the cells it leaves empty.
        let mut offset = 0;
        for edition in editions {
            let date = &edition.date;
            if months.last().is_none_or(|m| m.month != date.month) {
                let first = crate::date::Date {
                    day: 1,
                    ..date.clone()
                };
                offset = first.weekday() as usize;
                let days = crate::date::days_in_month(date.year, date.month);
                let weeks = (offset + days as usize).div_ceil(7);
                let mut cells: Vec<[Option<CalendarDay>; 7]> =
                    (0..weeks).map(|_| Default::default()).collect();
                for day in 1..=days {
                    let cell = offset + day as usize - 1;
                    cells[cell / 7][cell % 7] = Some(CalendarDay { day, path: None });
                }
                months.push(MonthView {
                    month: date.month,
                    label: format!("{}年{}月", date.year, date.month),
                    edition_count: 0,
                    weeks: cells,
                });
            }
            let month = months.last_mut().expect("pushed above");
            month.edition_count += 1;
            let cell = offset + date.day as usize - 1;
            if let Some(day) = &mut month.weeks[cell / 7][cell % 7] {
                day.path = Some(url::edition(date));
            }
        }
        ArchiveView {
            year: *year,
            year_path: url::year(*year),
            edition_count: range.len(),
            months,
            years: &self.years,
        }
    }

    /// Page `n` of the list `all` of `owner`: its cards and its paginator.
    fn listing(
        &self,
        owner: Owner,
        all: impl ExactSizeIterator<Item = usize>,
        n: usize,
    ) -> ListingView<'_> {
        let size = self.site.config.paginate;
        let first = owner.first_page(self.site);
        let total = page_count(all.len(), size);
        let articles = all
            .skip((n - 1) * size)
            .take(size)
            .map(|i| self.card(i))
            .collect();
        let mut previous = 0;
        let pages = page_window(n, total)
            .map(|number| {
                let gap_before = number > previous + 1;
                previous = number;
                PageLink {
                    number,
                    path: url::page(&first, number),
                    gap_before,
                }
            })
            .collect();
        ListingView {
            section: match owner {
                Owner::Section(i) => Some(&self.sections[i]),
                _ => None,
            },
            author: match owner {
                Owner::Author(i) => Some(&self.authors[i]),
                _ => None,
            },
            topic: match owner {
                Owner::Topic(i) => Some(&self.topics[i]),
                _ => None,
            },
            articles,
            paginator: Paginator {
                number: n,
                total,
                previous: (n > 1).then(|| url::page(&first, n - 1)),
                next: (n < total).then(|| url::page(&first, n + 1)),
                pages,
            },
        }
    }
}

/// Serializes a struct into a template's context, a variable for each field. Tera's own
/// `Context::from_serialize` makes a map of the struct first and then copies every key into
/// a string of its own; this inserts each field under its name as it comes. Only structs are
/// contexts: anything else is refused.
struct ContextSerializer;

/// Why a view could not be made a context (a bug in broadsheet, never the user's doing).
#[derive(Debug)]
struct NotAContext(String);

impl std::fmt::Display for NotAContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotAContext {}

impl ser::Error for NotAContext {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        NotAContext(message.to_string())
    }
}

/// The fields of a struct being made a context.
struct ContextFields(Context);

impl ser::SerializeStruct for ContextFields {
    type Ok = Context;
    type Error = NotAContext;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAContext> {
        let value = tera::Value::try_from_serializable(value)
            .map_err(|e| NotAContext(format!("`{key}`: {e}")))?;
        self.0.insert_value(key, value);
        Ok(())
    }

    fn end(self) -> Result<Context, NotAContext> {
        Ok(self.0)
    }
}

/// Refuses every kind of value but a struct.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, NotAContext> {
            Err(NotAContext(concat!("a context must be a struct, not ", stringify!($method)).to_owned()))
        })*
    };
}

impl ser::Serializer for ContextSerializer {
    type Ok = Context;
    type Error = NotAContext;
    type SerializeSeq = Impossible<Context, NotAContext>;
    type SerializeTuple = Impossible<Context, NotAContext>;
    type SerializeTupleStruct = Impossible<Context, NotAContext>;
    type SerializeTupleVariant = Impossible<Context, NotAContext>;
    type SerializeMap = Impossible<Context, NotAContext>;
    type SerializeStruct = ContextFields;
    type SerializeStructVariant = Impossible<Context, NotAContext>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<ContextFields, NotAContext> {
        Ok(ContextFields(Context::new()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Context, NotAContext> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Context, NotAContext> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Context, NotAContext> {
        Err(NotAContext(
            "a context must be a struct, not a variant".to_owned(),
        ))
    }

    refuse! {
        serialize_bool(bool) -> Context;
        serialize_i8(i8) -> Context;
        serialize_i16(i16) -> Context;
        serialize_i32(i32) -> Context;
        serialize_i64(i64) -> Context;
        serialize_u8(u8) -> Context;
        serialize_u16(u16) -> Context;
        serialize_u32(u32) -> Context;
        serialize_u64(u64) -> Context;
        serialize_f32(f32) -> Context;
        serialize_f64(f64) -> Context;
        serialize_char(char) -> Context;
        serialize_str(&str) -> Context;
        serialize_bytes(&[u8]) -> Context;
        serialize_none() -> Context;
        serialize_unit() -> Context;
        serialize_unit_struct(&'static str) -> Context;
        serialize_unit_variant(&'static str, u32, &'static str) -> Context;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}
