//! The old addresses of articles (`aliases:`) for the hosts: a `_redirects` file in the format
//! Netlify and Cloudflare Pages read, and an nginx `map` to include; and the aliases that would
//! take a page the site makes itself. (Each alias also gets a page of its own, `redirect.html`,
//! rendered with the other pages, for hosts that read neither file.)

use std::collections::HashMap;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::url;

use super::plan::Page;

/// An alias that is the path of a page the site makes (`/sections/`, `/editions/2026/`): an
/// error at the alias. (Aliases that take an article's page, or another alias's, are found
/// earlier, on every article: `model::check`.)
pub fn alias_clashes(site: &Site, pages: &[Page]) -> Vec<Diagnostic> {
    if site.redirects.is_empty() {
        return Vec::new();
    }
    let aliases: HashMap<&str, usize> = site
        .redirects
        .iter()
        .map(|(path, article)| (path.as_str(), *article))
        .collect();
    let mut problems = Vec::new();
    for page in pages {
        if matches!(page, Page::Redirect(_)) {
            continue;
        }
        let path = page.path(site);
        // A folder alias also cannot be where the site makes a file (`atom.xml/`).
        let folder = format!("{path}/");
        let Some((alias, &i)) = [path.as_str(), folder.as_str()]
            .into_iter()
            .find_map(|p| aliases.get_key_value(p))
        else {
            continue;
        };
        let article = &site.articles[i];
        let (line, column) = article
            .aliases
            .iter()
            .find(|(a, _)| a == alias)
            .map_or((1, 1), |(_, at)| *at);
        problems.push(Diagnostic::new(
            &article.source,
            line,
            column,
            format!(
                "`/{alias}` is a page the site makes itself ({}): an alias cannot take it; remove it from `aliases:`",
                url::file(&path)
            ),
        ));
    }
    problems
}

/// The hosts' redirect files, by path below the site's root, for a site with aliases (none
/// without): every alias with the article it leads to, as paths from the host's root (the
/// path of `base_url` first, since a host reads these files at the root of what it serves).
pub fn redirect_files(site: &Site) -> Vec<(String, String)> {
    if site.redirects.is_empty() {
        return Vec::new();
    }
    let base = site.config.base_path();
    let target = |i: usize| format!("{base}{}", url::article(&site.articles[i].slug));

    let mut hosts = String::from(
        "# Old addresses of articles (their `aliases:`) and where they lead, made by broadsheet.\n\
         # Netlify and Cloudflare Pages read this file at the root of the site they serve.\n",
    );
    for (path, i) in &site.redirects {
        hosts.push_str(&format!("{base}{path} {} 301\n", target(*i)));
    }

    // nginx compares `$uri` decoded: a base path written with %-escapes is decoded here.
    let nginx_base = percent_decoded(base);
    let mut nginx = format!(
        "# Old addresses of articles (their `aliases:`) and where they lead, made by broadsheet.\n\
         # In nginx.conf, inside `http {{ … }}`:\n\
         #     include /path/to/dist/{};\n\
         # and inside the site's `server {{ … }}`:\n\
         #     if ($redirect_to) {{ return 301 $redirect_to; }}\n\
         map $uri $redirect_to {{\n",
        url::NGINX_REDIRECTS
    );
    for (path, i) in &site.redirects {
        let to = format!("{nginx_base}{}", url::article(&site.articles[*i].slug));
        nginx.push_str(&format!("    \"{nginx_base}{path}\" \"{to}\";\n"));
        // A folder is also asked for without its last `/`.
        if let Some(bare) = path.strip_suffix('/') {
            nginx.push_str(&format!("    \"{nginx_base}{bare}\" \"{to}\";\n"));
        }
    }
    nginx.push_str("}\n");
    vec![
        (url::REDIRECTS.to_owned(), hosts),
        (url::NGINX_REDIRECTS.to_owned(), nginx),
    ]
}

/// `path` with its `%XX` escapes decoded (an escape that is not one, or bytes that are not
/// UTF-8, are kept as written).
fn percent_decoded(path: &str) -> String {
    if !path.contains('%') {
        return path.to_owned();
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_base_path_for_nginx() {
        assert_eq!(percent_decoded("/opinion/"), "/opinion/");
        assert_eq!(percent_decoded("/a%20b/"), "/a b/");
        assert_eq!(percent_decoded("/%E8%AF%84/"), "/评/");
        assert_eq!(percent_decoded("/%zz/"), "/%zz/");
        assert_eq!(percent_decoded("/%ff/"), "/%ff/");
    }
}
