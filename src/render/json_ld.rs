//! An article's schema.org description (JSON-LD) for search engines, as a tree of `Serialize`
//! structs, and the JSON writer that makes it (and the search index's article details) safe
//! to put inside HTML.
//!
//! The tree is part of the article page's view: the page's fingerprint hashes these very
//! structs (see `context`), so a field added here cannot be missed by it. Every page's
//! fingerprint is computed in every build, so the tree is cheap to make and hash: it borrows
//! from the model, and its URLs and dates are written out only when the page is rendered.

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use crate::date::Date;
use crate::model::Site;
use crate::pictures::Pictures;
use crate::url;

use super::views::names_a_role;

/// What `<script type="application/ld+json">` holds: the headline and subtitle, the authors as
/// people with their affiliation (or job title) and page, dates, section, the summary,
/// publisher and the page's editors. Fields are
/// written in this order, and the optional ones only when present.
#[derive(Serialize, Hash)]
#[serde(untagged)]
pub enum JsonLd<'a> {
    Article(ArticleLd<'a>),
    Edition(EditionLd<'a>),
}

/// An article's description.
#[derive(Serialize, Hash)]
#[serde(rename_all = "camelCase")]
pub struct ArticleLd<'a> {
    #[serde(rename = "@context")]
    context: Literal,
    #[serde(rename = "@type")]
    kind: &'a str,
    headline: &'a str,
    /// The 副题.
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative_headline: Option<&'a str>,
    /// The 原标题 of a reprinted piece.
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<&'a str>,
    url: Absolute<'a>,
    date_published: Rfc3339<'a>,
    date_modified: Rfc3339<'a>,
    article_section: &'a str,
    in_language: &'a str,
    /// The pull quote, else the standfirst.
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    author: Vec<Person<'a>>,
    /// The piece's editors (责任编辑): its own, else its page's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    editor: Vec<Person<'a>>,
    publisher: Organization<'a>,
    /// Its corrections and clarifications, oldest first: schema.org `CorrectionComment`s.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionLd<'a>>,
    /// Where it was printed: the edition (its issue number, else its date), the page number
    /// and the page's name; only for an article that an edition file lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    print_edition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    print_page: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    print_section: Option<&'a str>,
    /// The lead picture's share copy (1200 px wide, in the original's aspect ratio).
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<Box<ImageLd<'a>>>,
}

/// A picture: schema.org's `ImageObject`, with its absolute URL, size, caption and credit.
#[derive(Serialize, Hash)]
#[serde(rename_all = "camelCase")]
struct ImageLd<'a> {
    #[serde(rename = "@type")]
    kind: Literal,
    url: String,
    width: u32,
    height: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_text: Option<&'a str>,
}

/// A notice of correction (更正) or clarification (说明): schema.org's `CorrectionComment`, a
/// `Comment` on the article, with its text and the day it was published. The kind is its
/// `name`, since schema.org has no type of its own for a clarification.
#[derive(Serialize, Hash)]
#[serde(rename_all = "camelCase")]
struct CorrectionLd<'a> {
    #[serde(rename = "@type")]
    kind: Literal,
    name: &'static str,
    text: &'a str,
    date_published: AsGiven<'a>,
}

/// A date as given: `2026-03-28`, or RFC 3339 with its time.
#[derive(Hash)]
struct AsGiven<'a>(&'a Date);

impl Serialize for AsGiven<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.time {
            None => serializer.serialize_str(&self.0.iso_date()),
            Some(_) => serializer.collect_str(self.0),
        }
    }
}

/// An edition's page: a `CollectionPage` whose parts are its articles in print order.
#[derive(Serialize, Hash)]
#[serde(rename_all = "camelCase")]
pub struct EditionLd<'a> {
    #[serde(rename = "@context")]
    context: Literal,
    #[serde(rename = "@type")]
    kind: Literal,
    /// `2026年3月27日 星期五 · 株洲日报`
    name: String,
    url: Absolute<'a>,
    date_published: String,
    in_language: &'a str,
    publisher: Organization<'a>,
    has_part: Vec<Part<'a>>,
}

#[derive(Serialize, Hash)]
struct Part<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    headline: &'a str,
    url: Absolute<'a>,
}

#[derive(Serialize, Hash)]
#[serde(rename_all = "camelCase")]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: Literal,
    name: &'a str,
    /// The author's page; editors have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<Absolute<'a>>,
    /// An affiliation that names a role (`湖南大学教授`, see `views::names_a_role`) is the
    /// author's job title; any other is the organization they work for.
    #[serde(skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<Organization<'a>>,
}

#[derive(Serialize, Hash)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: Literal,
    name: &'a str,
}

impl<'a> Organization<'a> {
    fn named(name: &'a str) -> Organization<'a> {
        Organization {
            kind: Literal("Organization"),
            name,
        }
    }
}

/// A string that is the same in every build of this program (a schema.org type): written out,
/// but not hashed, since the program's code is in every fingerprint already.
#[derive(Serialize)]
#[serde(transparent)]
struct Literal(&'static str);

impl std::hash::Hash for Literal {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// The absolute URL of an article's or an author's page, by its slug; made only when written.
#[derive(Hash)]
struct Absolute<'a> {
    base_url: &'a str,
    page: PageOf<'a>,
}

#[derive(Hash)]
enum PageOf<'a> {
    Article(&'a str),
    Author(&'a str),
    Edition(&'a Date),
}

impl Serialize for Absolute<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let path = match self.page {
            PageOf::Article(slug) => url::article(slug),
            PageOf::Author(slug) => url::author(slug),
            PageOf::Edition(date) => url::edition(date),
        };
        serializer.serialize_str(&format!("{}{path}", self.base_url))
    }
}

/// A date written as RFC 3339 (as given, or `2026-03-27`); made only when written.
#[derive(Hash)]
struct Rfc3339<'a>(&'a Date);

impl Serialize for Rfc3339<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

impl<'a> JsonLd<'a> {
    /// The description of article `i` of `site`, whose pictures are `pictures`.
    pub fn of(site: &'a Site, i: usize, pictures: &'a Pictures) -> JsonLd<'a> {
        let article = &site.articles[i];
        let image = article.image.as_ref().and_then(|lead| {
            let shown = pictures.by_file.get(&lead.picture.file)?;
            let share = shown.share()?;
            Some(Box::new(ImageLd {
                kind: Literal("ImageObject"),
                url: format!("{}{}", site.config.base_url, shown.path(share)),
                width: share.width,
                height: share.height,
                caption: lead.caption.as_deref(),
                credit_text: lead.credit.as_deref(),
            }))
        });
        let links = &site.links[i];
        let config = &site.config;
        let absolute = |page| Absolute {
            base_url: &config.base_url,
            page,
        };
        let section = &site.sections[links.section];
        let edition = &site.editions[links.edition];
        let page = &edition.pages[links.page];
        JsonLd::Article(ArticleLd {
            context: Literal("https://schema.org"),
            kind: config.schema_type(&section.name),
            headline: &article.title,
            alternative_headline: article.subtitle.as_deref(),
            alternate_name: article.original_title.as_deref(),
            url: absolute(PageOf::Article(&article.slug)),
            date_published: Rfc3339(&article.date),
            date_modified: Rfc3339(article.updated.as_ref().unwrap_or(&article.date)),
            article_section: &section.name,
            in_language: &config.language,
            description: article.summary.as_deref().or(article.standfirst.as_deref()),
            author: links
                .authors
                .iter()
                .map(|&a| {
                    let author = &site.authors[a];
                    let affiliation = article
                        .affiliation
                        .as_deref()
                        .or(author.affiliation.as_deref());
                    let role = affiliation.filter(|a| names_a_role(a));
                    Person {
                        kind: Literal("Person"),
                        name: &author.name,
                        url: Some(absolute(PageOf::Author(&author.slug))),
                        job_title: role,
                        affiliation: affiliation
                            .filter(|_| role.is_none())
                            .map(Organization::named),
                    }
                })
                .collect(),
            editor: article
                .editors
                .as_ref()
                .unwrap_or(&page.editors)
                .iter()
                .map(|editor| Person {
                    kind: Literal("Person"),
                    name: editor,
                    url: None,
                    job_title: None,
                    affiliation: None,
                })
                .collect(),
            publisher: Organization::named(publisher(site)),
            correction: article
                .corrections
                .iter()
                .map(|c| CorrectionLd {
                    kind: Literal("CorrectionComment"),
                    name: c.kind.label(),
                    text: &c.text,
                    date_published: AsGiven(&c.date),
                })
                .collect(),
            print_edition: page.printed.then(|| {
                edition
                    .issue
                    .clone()
                    .unwrap_or_else(|| edition.date.chinese())
            }),
            print_page: page
                .printed
                .then_some(page.number)
                .flatten()
                .map(|n| n.to_string()),
            print_section: page.name.as_deref().filter(|_| page.printed),
            image,
        })
    }

    /// The description of edition `e` of `site`'s page.
    pub fn of_edition(site: &'a Site, e: usize) -> JsonLd<'a> {
        let edition = &site.editions[e];
        let config = &site.config;
        let absolute = |page| Absolute {
            base_url: &config.base_url,
            page,
        };
        let mut name = format!(
            "{} {}",
            edition.date.chinese(),
            edition.date.chinese_weekday()
        );
        if let Some(paper) = &config.paper {
            name.push_str(" · ");
            name.push_str(paper);
        }
        JsonLd::Edition(EditionLd {
            context: Literal("https://schema.org"),
            kind: Literal("CollectionPage"),
            name,
            url: absolute(PageOf::Edition(&edition.date)),
            date_published: edition.date.iso_date(),
            in_language: &config.language,
            publisher: Organization::named(publisher(site)),
            has_part: edition
                .pages
                .iter()
                .flat_map(|page| &page.articles)
                .map(|&i| {
                    let article = &site.articles[i];
                    let section = &site.sections[site.links[i].section];
                    Part {
                        kind: config.schema_type(&section.name),
                        headline: &article.title,
                        url: absolute(PageOf::Article(&article.slug)),
                    }
                })
                .collect(),
        })
    }
}

/// The publisher: the paper when site.yaml names it, else the site.
fn publisher(site: &Site) -> &str {
    site.config.paper.as_deref().unwrap_or(&site.config.title)
}

/// `value` as compact JSON that is safe inside HTML: `<`, `>` and `&` are written as `\u003c`,
/// `\u003e` and `\u0026`, so the text can never close the `<script>` that holds it; U+2028 and
/// U+2029 (line ends to old JavaScript) and every control character are escaped too, the
/// controls without JSON's two-letter forms `\b` and `\f`.
pub fn html_safe<T: Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = Vec::with_capacity(1024);
    write_html_safe(&mut bytes, value);
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// `html_safe`, appended to `out`.
pub fn write_html_safe<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    value
        .serialize(&mut serde_json::Serializer::with_formatter(out, HtmlSafe))
        .expect("the views hold only strings, numbers, lists and structs");
}

/// serde_json's compact output, with the escapes of `html_safe`.
struct HtmlSafe;

impl Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escape.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        escape: CharEscape,
    ) -> std::io::Result<()> {
        match escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(writer, other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_json_inside_html() {
        let all: String = (0u32..0x80)
            .chain([0x2028, 0x2029, 0x4E2D])
            .filter_map(char::from_u32)
            .collect();
        let mut expected = String::from("\"");
        for c in all.chars() {
            match c {
                '"' => expected.push_str("\\\""),
                '\\' => expected.push_str("\\\\"),
                '<' => expected.push_str("\\u003c"),
                '>' => expected.push_str("\\u003e"),
                '&' => expected.push_str("\\u0026"),
                '\n' => expected.push_str("\\n"),
                '\r' => expected.push_str("\\r"),
                '\t' => expected.push_str("\\t"),
                c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                    expected.push_str(&format!("\\u{:04x}", c as u32))
                }
                c => expected.push(c),
            }
        }
        expected.push('"');
        assert_eq!(html_safe(&all), expected);
        assert_eq!(html_safe(&["a", "<b>"]), r#"["a","\u003cb\u003e"]"#);
    }
}
