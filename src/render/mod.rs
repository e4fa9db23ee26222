//! Renders every page of the site in parallel with rayon, in a fixed order, into a `Sink`.
//!
//! `plan` says which pages there are; `views` are what templates see; `context` makes each
//! page's view, whose serialization is the template's context and whose hash is the page's
//! fingerprint; `json_ld` is the articles' schema.org description. A page whose fingerprint
//! matches the live site's is not rendered again (see `output`).
//!
//! Each article's card is hashed once (for the pages' fingerprints) and, for a build that
//! kept its bodies, made into a template value once and shared; for one that streams them,
//! made into template values only on the pages that are rendered (see `views::Cards`).
//! Sections', authors' and topics' values are made once and shared. The variables each template may use are documented
//! in the README.

mod context;
pub(crate) mod json_ld;
mod plan;
mod redirects;
mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use crate::model::Site;
use crate::output::{Entry, Sink};
use crate::pictures::Pictures;
use crate::theme::{Theme, template_diagnostic};
use crate::url;
use crate::validate::Reread;

pub use plan::{Page, plan};
pub use redirects::{alias_clashes, redirect_files};
pub(crate) use views::AffiliationLine;

use views::{
    AuthorView, Card, Cards, PageView, SectionView, Shared, SiteView, SitemapUrl, TopicView,
    YearLink, hash_of,
};

/// The template values shared by many pages, made once, with their hashes.
pub struct Renderer<'s> {
    site: &'s Site,
    theme: Theme,
    /// Gives the text of an article's file again, for bodies the build did not keep.
    reread: &'s Reread,
    /// The pictures the articles show, made before rendering.
    pictures: &'s Pictures,
    /// Hash of the site-wide values (the templates' `site`), the templates and this program's
    /// code: the part of every fingerprint that is the same for the whole site.
    global: u64,
    /// The articles' cards (see `Cards`).
    cards: Cards<'s>,
    sections: Vec<Shared>,
    authors: Vec<Shared>,
    topics: Vec<Shared>,
    years: Vec<YearLink>,
    /// Every URL the sitemap lists, made once for all its parts and both of their passes.
    sitemap: std::sync::OnceLock<Vec<SitemapUrl>>,
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

impl<'s> Renderer<'s> {
    /// `reread` gives an article file's text again when the build did not keep its body;
    /// `keep_cards`: whether to make every card's template value once (see `Cards`).
    pub fn new(
        site: &'s Site,
        mut theme: Theme,
        reread: &'s Reread,
        pictures: &'s Pictures,
        keep_cards: bool,
    ) -> Renderer<'s> {
        let site_view = SiteView::of(site);
        // Everything site-wide that a page may show beyond its own view: the templates' global
        // `site`, the templates themselves, and this program's code (see build.rs). Settings
        // such as `feed_limit` need not be here: what they change is in the pages' views.
        let global = hash_of(&(
            hash_of(&site_view),
            theme.fingerprint,
            env!("BROADSHEET_CODE"),
        ));
        theme.tera.global_context().insert("site", &site_view);
        let cards = Cards::new(site, pictures, keep_cards);
        let sections = (0..site.sections.len())
            .map(|i| Shared::new(&SectionView::of(site, i)))
            .collect();
        let authors = (0..site.authors.len())
            .map(|i| Shared::new(&AuthorView::of(site, pictures, i)))
            .collect();
        let topics = (0..site.topics.len())
            .map(|i| Shared::new(&TopicView::of(site, i)))
            .collect();
        let years = site
            .years
            .iter()
            .map(|(year, range)| YearLink {
                year: *year,
                path: url::year(*year),
                edition_count: range.len(),
            })
            .collect();
        Renderer {
            site,
            theme,
            reread,
            pictures,
            global,
            cards,
            sections,
            authors,
            topics,
            years,
            sitemap: std::sync::OnceLock::new(),
        }
    }

    /// Article `i`'s card, as a page shows it.
    fn card(&self, i: usize) -> Card<'_> {
        self.cards.card(i)
    }

    /// The sitemap's URLs, made when the sitemap is rendered. The pages are planned again for
    /// it rather than taken from `render_all`: computing every page's path up front, to share
    /// them, was measured to raise the peak memory at 10,000 articles by 5 MB (105 against 100).
    fn sitemap_urls(&self) -> &[SitemapUrl] {
        let site = self.site;
        self.sitemap.get_or_init(|| {
            plan(site)
                .into_iter()
                .filter(|page| page.in_sitemap())
                .map(|page| SitemapUrl {
                    path: page.path(site),
                    lastmod: match page {
                        Page::Article(i) => Some(match &site.articles[i].updated {
                            Some(updated) if updated.time.is_some() => updated.to_string(),
                            Some(updated) => updated.iso_date(),
                            None => site.articles[i].date.iso_date(),
                        }),
                        Page::Edition(e) => Some(site.editions[e].date.iso_date()),
                        _ => None,
                    },
                })
                .collect()
        })
    }

    /// Renders the pages in `pages` in parallel into `output`, skipping those whose file is
    /// current. All template errors are collected; each distinct one is reported once.
    pub fn render_all(&self, pages: &[Page], output: &impl Sink) -> Result<Rendered> {
        let results: Vec<std::result::Result<(String, Entry, bool), Failure>> = pages
            .par_iter()
            .map(|&page| {
                let path = page.path(self.site);
                let file = url::file(&path);
                let mut view = self.view(page, &path);
                let fingerprint = self.fingerprint(page, &view);
                match output.reuse(&file, fingerprint) {
                    Ok(Some(entry)) => return Ok((file, entry, false)),
                    Ok(None) => {}
                    Err(e) => return Err(Failure::Write(file, e)),
                }
                self.give_bodies(&mut view).map_err(Failure::Source)?;
                let bytes = self.render_page(page, &view)?;
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

    /// The page whose view (with its bodies) is `view`, rendered.
    fn render_page(&self, page: Page, view: &PageView) -> std::result::Result<Vec<u8>, Failure> {
        let context = Self::context(view).map_err(Failure::Template)?;
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.theme
            .tera
            .render_to(page.template(), &context, &mut bytes)
            .map_err(Failure::Template)?;
        Ok(bytes)
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The template values this renderer made, to be freed elsewhere (see `Prepared::write`).
    pub fn into_values(self) -> impl Send + use<> {
        (
            self.cards.into_values(),
            self.sections,
            self.authors,
            self.topics,
            self.theme,
        )
    }
}

enum Failure {
    Template(tera::Error),
    Source(Diagnostic),
    Write(String, std::io::Error),
}
