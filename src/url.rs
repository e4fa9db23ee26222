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

pub const ARTICLES: &str = "articles/";

pub fn article(slug: &str) -> String {
    format!("{ARTICLES}{slug}/")
}

/// The slug of the article page at `path`, when it is one's (`articles/x/` → `x`): the inverse
/// of [`article`].
pub fn article_slug(path: &str) -> Option<&str> {
    path.strip_prefix(ARTICLES)?
        .strip_suffix('/')
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
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

/// The host files that redirect old addresses (aliases) to their articles: the format that
/// Netlify and Cloudflare Pages read, and an nginx `map` to include.
pub const REDIRECTS: &str = "_redirects";
pub const NGINX_REDIRECTS: &str = "nginx-redirects.map";

/// The folders below the site's root that hold files the site makes that are not pages (the
/// theme's files, the search index) or that the dev server answers itself.
const RESERVED: [&str; 3] = ["static", "search", "__broadsheet"];

/// An old address of an article (`aliases:`), as written (`/2026/03/old-slug/`,
/// `articles/old`, `/html/2025-03/27/content_123.htm`), made a page path like every other:
/// below the site's root, without the leading `/`, ending in `/` (a folder holding
/// `index.html`) unless its last part names an `.html` or `.htm` file. What cannot be such a
/// path is refused with what to write instead: an absolute URL, a query string or fragment,
/// `.` or `..` parts, empty parts (`//`), and characters other than ASCII letters, digits and
/// `-._~!*'(),+=:@` (the ones that every host's redirect file and an nginx map take as they
/// are; `%` escapes are refused, since hosts compare paths decoded).
pub fn alias(given: &str) -> Result<String, String> {
    let lower = given.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || given.starts_with("//") {
        return Err(format!(
            "`{given}` is a full address: an alias is a path from the site's root, such as /articles/old-slug/ (redirects from another site belong to that site)"
        ));
    }
    if let Some(at) = given.find(['?', '#']) {
        let what = if given[at..].starts_with('?') {
            "a query string"
        } else {
            "a fragment"
        };
        return Err(format!(
            "`{given}` has {what} (`{}`): hosts redirect by the path alone; write the path without it",
            &given[at..]
        ));
    }
    let path = given.strip_prefix('/').unwrap_or(given);
    if path.is_empty() {
        return Err(format!(
            "`{given}` is the site's home page: an alias is an old address of this article, such as /articles/old-slug/"
        ));
    }
    if let Some(bad) = path
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "-._~!*'(),+=:@/".contains(c)))
    {
        let advice = match bad {
            '%' => "write the path as the address bar shows it decoded, or leave this alias out: hosts compare paths decoded, and a %-escape would not match".to_owned(),
            '\\' => "paths use `/`".to_owned(),
            c if c.is_whitespace() => "an address holds no spaces".to_owned(),
            _ => "an alias may hold ASCII letters, digits, `/` and -._~!*'(),+=:@".to_owned(),
        };
        return Err(format!("`{given}` holds `{bad}`: {advice}"));
    }
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let first = trimmed.split('/').next().unwrap_or_default();
    if RESERVED.contains(&first) {
        return Err(format!(
            "`{given}` is in {first}/, which the site keeps for its own files: an alias cannot be there"
        ));
    }
    for part in trimmed.split('/') {
        match part {
            "" => {
                return Err(format!(
                    "`{given}` has an empty part (`//`): write each part once, such as /articles/old-slug/"
                ));
            }
            "." | ".." => {
                return Err(format!(
                    "`{given}` has a `{part}` part: write the path from the site's root as it is, without `.` or `..`"
                ));
            }
            _ => {}
        }
    }
    let last = trimmed.rsplit('/').next().unwrap_or(trimmed);
    let lower_last = last.to_ascii_lowercase();
    if lower_last.ends_with(".html") || lower_last.ends_with(".htm") {
        if path.ends_with('/') {
            return Err(format!(
                "`{given}` names a page file and a folder at once: drop the last `/`"
            ));
        }
        return Ok(trimmed.to_owned());
    }
    Ok(format!("{trimmed}/"))
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
    fn an_article_pages_path_gives_its_slug_back() {
        assert_eq!(article_slug(&article("x-y")), Some("x-y"));
        assert_eq!(article_slug("articles/"), None);
        assert_eq!(article_slug("articles/a/b/"), None);
        assert_eq!(article_slug("sections/x/"), None);
    }

    #[test]
    fn aliases_are_paths_like_every_page() {
        for (given, path) in [
            ("/2026/03/old-slug/", "2026/03/old-slug/"),
            ("articles/old", "articles/old/"),
            ("/articles/old/", "articles/old/"),
            (
                "/html/2025-03/27/content_123.htm",
                "html/2025-03/27/content_123.htm",
            ),
            ("/Old.HTML", "Old.HTML"),
            ("/a/b.c/", "a/b.c/"),
        ] {
            assert_eq!(alias(given).as_deref(), Ok(path), "{given}");
        }
        for bad in [
            "https://example.org/x/",
            "//example.org/x/",
            "/x/?id=1",
            "/x/#top",
            "/",
            "",
            "/a/../b/",
            "/a/./b/",
            "/a//b/",
            "/a b/",
            "/%E6%96%87/",
            "/文章/",
            "/a\\b/",
            "/x.html/",
            "/$x/",
            "/static/x/",
            "search/",
            "/__broadsheet/events",
        ] {
            assert!(alias(bad).is_err(), "{bad}");
        }
        assert_eq!(
            alias("/x/?id=1").unwrap_err(),
            "`/x/?id=1` has a query string (`?id=1`): hosts redirect by the path alone; write the path without it"
        );
    }

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_from(""), "./");
        assert_eq!(root_from(NOT_FOUND), "./");
        assert_eq!(root_from("articles/x/"), "../../");
        assert_eq!(root_from("sections/x/page/2/"), "../../../../");
    }
}
