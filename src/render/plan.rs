//! Which pages the site has (the jobs of rendering), in a fixed order, and where each goes.

use crate::model::Site;
use crate::url;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The newest edition, and the editions before it.
    Home,
    Article(usize),
    /// An edition's page (本期), by its index in `Site::editions`.
    Edition(usize),
    /// The archive of editions (往期): the newest year's (`None`), or a year's, by its index
    /// in `Site::years`.
    Archive(Option<usize>),
    Sections,
    Authors,
    /// The index of topics (专题), made only for a site that has one.
    Topics,
    /// A page (1-based) of a section's, an author's or a topic's list of articles.
    Listing(Owner, usize),
    /// An old address of an article (an alias), by its index in `Site::redirects`: a small
    /// page that sends the reader on to the article.
    Redirect(usize),
    /// The search page, which queries the index in the browser.
    Search,
    NotFound,
    /// An Atom feed of the newest articles: the site's (`None`), or a section's, an author's
    /// or a topic's.
    Feed(Option<Owner>),
    /// The sitemap (0), or part `n` of one split at `url::SITEMAP_LIMIT` URLs.
    Sitemap(usize),
    /// The index of a split sitemap, with its number of parts.
    SitemapIndex(usize),
    Robots,
}

/// Whose list of articles a listing page or a feed shows: a section's, an author's or a
/// topic's. They differ only in their template, their key in it and their place in the URLs,
/// so every page of theirs is made by one code path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Section(usize),
    Author(usize),
    Topic(usize),
}

impl Owner {
    /// The owner's articles, newest first.
    pub fn articles(self, site: &Site) -> &[usize] {
        match self {
            Owner::Section(i) => &site.sections[i].articles,
            Owner::Author(i) => &site.authors[i].articles,
            Owner::Topic(i) => &site.topics[i].articles,
        }
    }

    /// The name a feed's title gives (a topic's heading).
    pub fn name(self, site: &Site) -> &str {
        match self {
            Owner::Section(i) => &site.sections[i].name,
            Owner::Author(i) => &site.authors[i].name,
            Owner::Topic(i) => &site.topics[i].title,
        }
    }

    /// The first page of the owner's listing (`sections/x/`).
    pub fn first_page(self, site: &Site) -> String {
        match self {
            Owner::Section(i) => url::section(&site.sections[i].slug),
            Owner::Author(i) => url::author(&site.authors[i].slug),
            Owner::Topic(i) => url::topic(&site.topics[i].slug),
        }
    }
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

/// Every page of the site, in a fixed order. The topics' pages come after the authors' (and
/// the topics' index only when the site has a topic), their feeds after the authors' feeds.
pub fn plan(site: &Site) -> Vec<Page> {
    let size = site.config.paginate;
    let listing = |owner: Owner| {
        (1..=page_count(owner.articles(site).len(), size)).map(move |n| Page::Listing(owner, n))
    };
    let sections = || (0..site.sections.len()).map(Owner::Section);
    let authors = || (0..site.authors.len()).map(Owner::Author);
    let topics = || (0..site.topics.len()).map(Owner::Topic);
    let mut pages = Vec::new();
    pages.push(Page::Home);
    pages.extend((0..site.articles.len()).map(Page::Article));
    pages.extend((0..site.editions.len()).map(Page::Edition));
    pages.push(Page::Archive(None));
    pages.extend((0..site.years.len()).map(|y| Page::Archive(Some(y))));
    pages.push(Page::Sections);
    pages.extend(sections().flat_map(listing));
    pages.push(Page::Authors);
    pages.extend(authors().flat_map(listing));
    if !site.topics.is_empty() {
        pages.push(Page::Topics);
        pages.extend(topics().flat_map(listing));
    }
    pages.push(Page::Search);
    pages.push(Page::NotFound);
    pages.extend((0..site.redirects.len()).map(Page::Redirect));
    let listed = pages.iter().filter(|page| page.in_sitemap()).count();
    pages.push(Page::Feed(None));
    pages.extend(
        sections()
            .chain(authors())
            .chain(topics())
            .map(|owner| Page::Feed(Some(owner))),
    );
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
            Page::Home => url::home(),
            Page::Article(i) => url::article(&site.articles[i].slug),
            Page::Edition(e) => url::edition(&site.editions[e].date),
            Page::Archive(None) => url::EDITIONS.to_owned(),
            Page::Archive(Some(y)) => url::year(site.years[y].0),
            Page::Sections => url::SECTIONS.to_owned(),
            Page::Authors => url::AUTHORS.to_owned(),
            Page::Topics => url::TOPICS.to_owned(),
            Page::Listing(owner, n) => url::page(&owner.first_page(site), n),
            Page::Redirect(r) => site.redirects[r].0.clone(),
            Page::Search => url::SEARCH.to_owned(),
            Page::NotFound => url::NOT_FOUND.to_owned(),
            Page::Feed(None) => url::feed(&url::home()),
            Page::Feed(Some(owner)) => url::feed(&owner.first_page(site)),
            Page::Sitemap(0) | Page::SitemapIndex(_) => url::SITEMAP.to_owned(),
            Page::Sitemap(n) => url::sitemap_part(n),
            Page::Robots => url::ROBOTS.to_owned(),
        }
    }

    /// Whether search engines are told of this page: every HTML page but the search page, the
    /// 404, the archive's front (the newest year's page, whose own URL is listed) and the
    /// redirects of old addresses.
    pub fn in_sitemap(self) -> bool {
        matches!(
            self,
            Page::Home
                | Page::Article(_)
                | Page::Edition(_)
                | Page::Archive(Some(_))
                | Page::Sections
                | Page::Authors
                | Page::Topics
                | Page::Listing(..)
        )
    }

    pub fn template(self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Article(_) => "article.html",
            Page::Edition(_) => "edition.html",
            Page::Archive(_) => "editions.html",
            Page::Sections => "sections.html",
            Page::Authors => "authors.html",
            Page::Topics => "topics.html",
            Page::Listing(Owner::Section(_), _) => "section.html",
            Page::Listing(Owner::Author(_), _) => "author.html",
            Page::Redirect(_) => "redirect.html",
            Page::Listing(Owner::Topic(_), _) => "topic.html",
            Page::Search => "search.html",
            Page::NotFound => "404.html",
            Page::Feed(_) => "atom.xml",
            Page::Sitemap(_) => "sitemap.xml",
            Page::SitemapIndex(_) => "sitemap_index.xml",
            Page::Robots => "robots.txt",
        }
    }

    /// The articles a feed carries, newest first (none for other pages).
    pub fn feed_articles(self, site: &Site) -> Vec<usize> {
        let limit = site.config.feed_limit;
        match self {
            // The site's articles are in order already.
            Page::Feed(None) => (0..site.articles.len().min(limit)).collect(),
            Page::Feed(Some(owner)) => owner.articles(site).iter().copied().take(limit).collect(),
            _ => Vec::new(),
        }
    }
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
