//! Every page's path, in one place. Paths are relative to the site's root, use `/`, and end
//! in `/` (a folder holding `index.html`), so URLs stay clean and `base_url` can be anything.

pub const SECTIONS: &str = "sections/";
pub const AUTHORS: &str = "authors/";
/// The topics (专题).
pub const TOPICS: &str = "topics/";
pub const NOT_FOUND: &str = "404.html";
pub const SEARCH: &str = "search/";
/// The archive of editions (往期).
pub const EDITIONS: &str = "editions/";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The most URLs one sitemap file may list (the sitemap protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// The Atom feed of the listing whose first page is at `first` (`` for the whole site).
pub fn feed(first: &str) -> String {
    format!("{first}atom.xml")
}

/// Part `n` (1-based) of a sitemap split into several files.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

pub fn home() -> String {
    String::new()
}

pub fn article(slug: &str) -> String {
    format!("articles/{slug}/")
}

/// An edition's page: `editions/2026/03/27/`.
pub fn edition(date: &crate::date::Date) -> String {
    format!(
        "{EDITIONS}{:04}/{:02}/{:02}/",
        date.year, date.month, date.day
    )
}

/// A year of the archive: `editions/2026/`.
pub fn year(year: i32) -> String {
    format!("{EDITIONS}{year:04}/")
}

pub fn section(slug: &str) -> String {
    format!("{SECTIONS}{slug}/")
}

pub fn author(slug: &str) -> String {
    format!("{AUTHORS}{slug}/")
}

pub fn topic(slug: &str) -> String {
    format!("{TOPICS}{slug}/")
}

/// Page `number` (1-based) of a listing whose first page is at `first`.
pub fn page(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_owned()
    } else {
        format!("{first}page/{number}/")
    }
}

/// The file a page path is written to.
pub fn file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

/// The prefix that leads from the page at `path` back to the site's root (`../../` for
/// `articles/x/`), so that every link works at any sub-path and from disk.
pub fn root_from(path: &str) -> String {
    let depth = file(path).matches('/').count();
    if depth == 0 {
        "./".to_owned()
    } else {
        "../".repeat(depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_put_later_pages_under_page_n() {
        assert_eq!(page(&section("ping-lun"), 1), "sections/ping-lun/");
        assert_eq!(page(&section("ping-lun"), 2), "sections/ping-lun/page/2/");
        assert_eq!(page(&home(), 3), "page/3/");
    }

    #[test]
    fn every_page_is_an_index_html() {
        assert_eq!(file(""), "index.html");
        assert_eq!(file("articles/x/"), "articles/x/index.html");
        assert_eq!(file(NOT_FOUND), "404.html");
    }

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_from(""), "./");
        assert_eq!(root_from(NOT_FOUND), "./");
        assert_eq!(root_from("articles/x/"), "../../");
        assert_eq!(root_from("sections/x/page/2/"), "../../../../");
    }
}
