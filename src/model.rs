//! The site model: articles in order, with their sections, authors and neighbours. Built once
//! from validated articles, then only read.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::slug;
use crate::validate::Article;

/// Everything the pages are made from.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first; ties by slug, so that the order never depends on file-system order.
    /// Shared, so that the dev server can keep unchanged articles from one build to the next.
    pub articles: Vec<Arc<Article>>,
    /// Where each article (same index) stands in the site.
    pub links: Vec<Links>,
    /// In navigation order: site.yaml's `sections:` first, then by pinyin.
    pub sections: Vec<Section>,
    /// By pinyin of the name.
    pub authors: Vec<Author>,
}

/// An article's place in the site, by index into `Site`'s lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    pub section: usize,
    pub authors: Vec<usize>,
    /// The article before and after it in its section, by date.
    pub older: Option<usize>,
    pub newer: Option<usize>,
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
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

impl Site {
    /// Orders the articles and groups them. The caller has found no problem with `check`, on
    /// every article drafts included (a superset of these), so URLs are the articles' own.
    pub fn build(config: Config, mut articles: Vec<Arc<Article>>) -> Site {
        // Newest first, then by slug; each article's instant computed once.
        articles.sort_by_cached_key(|a| (std::cmp::Reverse(a.date.timestamp()), a.slug.clone()));

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
                    articles: Vec::new(),
                }
            })
            .collect();
        authors.sort_by_cached_key(|a| slug::sort_key(&a.name));

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
            links.push(Links {
                section,
                authors: ids,
                older: None,
                newer: None,
            });
        }
        for section in &sections {
            for pair in section.articles.windows(2) {
                links[pair[0]].older = Some(pair[1]);
                links[pair[1]].newer = Some(pair[0]);
            }
        }

        Site {
            config,
            articles,
            links,
            sections,
            authors,
        }
    }
}

/// What would stop a site being built from these articles, found before building it so that
/// it can be reported with the problems of articles that failed to parse.
pub fn check<A: AsRef<Article>>(config: &Config, articles: &[A]) -> Vec<Diagnostic> {
    let mut problems = duplicate_slugs(articles);
    problems.extend(bad_pinned_slugs(config, articles));
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
        let config = Config::parse(
            Path::new("/nowhere"),
            Path::new("site.yaml"),
            &format!("defaults:\n  date: 2026-03-27\n{site_yaml}"),
        )
        .unwrap();
        let articles: Vec<Arc<Article>> = files
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
        let problems = check(&config, &articles);
        if !problems.is_empty() {
            return Err(problems.iter().map(ToString::to_string).collect());
        }
        Ok(Site::build(config, articles))
    }

    fn site(files: &[(&str, &str)]) -> Result<Site, Vec<String>> {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        site_with("", &files)
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
    fn links_neighbours_within_a_section_by_date() {
        let site = site(&[
            (
                "old",
                "---\ntitle: 旧\nauthor: 甲\nsection: 评论\ndate: 2026-01-01\n---\n",
            ),
            (
                "mid",
                "---\ntitle: 中\nauthor: 甲\nsection: 评论\ndate: 2026-02-01\n---\n",
            ),
            (
                "new",
                "---\ntitle: 新\nauthor: 甲\nsection: 评论\ndate: 2026-03-01\n---\n",
            ),
            (
                "other",
                "---\ntitle: 别\nauthor: 乙\nsection: 教育观察\ndate: 2026-02-15\n---\n",
            ),
        ])
        .unwrap();
        let titles: Vec<&str> = site.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["新", "别", "中", "旧"]);
        let mid = &site.links[2];
        assert_eq!((mid.older, mid.newer), (Some(3), Some(0)));
        assert_eq!((site.links[1].older, site.links[1].newer), (None, None));
    }
}
