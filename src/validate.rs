//! One article file → an `Article`, or every problem found in it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::date::Date;
use crate::error::Diagnostic;
use crate::front_matter::{self, ExtraValue, FRONT_MATTER_KEYS, RawFrontMatter, Scalar, Scan};
use crate::load::{FileKey, SourceFile};
use crate::markdown::{self, BodyDigest};
use crate::slug;

/// An article that passed every check: what the site model is built from.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file it came from, as shown in messages.
    pub source: PathBuf,
    pub title: String,
    pub authors: Vec<String>,
    /// The day it was printed or published: its own `date:`, else its edition's (see
    /// `model::date_articles`), else site.yaml's `defaults.date`.
    pub date: Date,
    /// Where `date` came from.
    pub dated: Dated,
    pub section: String,
    pub slug: String,
    /// Where the slug came from (line, column), for duplicate-URL errors.
    pub slug_at: (usize, usize),
    /// The 引题 printed above the headline; one line.
    pub kicker: Option<String>,
    /// The 副题 printed under the headline (`——从一份调查说起`); one line.
    pub subtitle: Option<String>,
    /// The pull quote.
    pub summary: Option<String>,
    /// The 导语 printed under the byline: one paragraph, its lines joined as the text's are.
    /// The article's summary where it has no pull quote (see `render::views::CardView`).
    pub standfirst: Option<String>,
    /// The author's affiliation (作者单位), or their role (`湖南大学教授`).
    pub affiliation: Option<String>,
    /// Its front matter's `source:`, where the piece was taken from (`摘编自《学习时报》`);
    /// one line. (`source` is the file it came from.)
    pub taken_from: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// When it is taken down (`expires:`), with where that is written (line, column).
    pub expires: Option<(Date, (usize, usize))>,
    /// Its last change: `updated:`, else the date of its latest correction; none for an
    /// article never changed since it was published.
    pub updated: Option<Date>,
    /// Where `updated:` is written, when it is.
    pub updated_at: Option<(usize, usize)>,
    /// Its corrections and clarifications, oldest first.
    pub corrections: Vec<Correction>,
    /// Its old addresses (`aliases:`) as page paths (`articles/old/`, see `url::alias`), each
    /// with where it is written, for clashes found across the site.
    pub aliases: Vec<(String, (usize, usize))>,
    /// 原标题, printed under the text of a reprinted piece; one line.
    pub original_title: Option<String>,
    /// 责任编辑 of this piece, over its page's (`None`: the page's).
    pub editors: Option<Vec<String>>,
    /// The articles its `related:` names (file names below articles/, without .md), each at
    /// its line and column: its related reading, in place of the one the build finds.
    pub related: Option<Vec<(String, (usize, usize))>>,
    /// The most repeated pairs of Han characters of its headline, front matter and text, with
    /// their counts: what related reading compares. Set by the build after parsing (see
    /// `related::sketch`); `None` until then.
    pub pairs: Option<std::sync::Arc<[(u32, u8)]>>,
    pub extra: BTreeMap<String, ExtraValue>,
    /// The lead picture (`image:`): above the text, on cards, on share cards.
    pub image: Option<LeadImage>,
    /// The body's pictures, in the order of the body's placeholders
    /// (`markdown::PICTURE_PLACEHOLDER`): each a file of the site, or none for one that is
    /// not (shown as written).
    pub pictures: Vec<Option<PictureUse>>,
    pub body: Body,
    /// The version of the file it came from, and its front matter as written, for the cache.
    pub key: FileKey,
    pub front_matter: String,
}

impl AsRef<Article> for Article {
    fn as_ref(&self) -> &Article {
        self
    }
}

pub use crate::pictures::PictureUse;

/// An article's lead picture, with its caption (图说) and credit (`漫画/易蓉`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LeadImage {
    pub picture: PictureUse,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The alt text: the front matter's `alt:`, else the caption.
    pub alt: Option<String>,
}

/// A notice printed under an article's headline: what was wrong and what is right (更正), or
/// what needed saying more clearly (说明).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Correction {
    pub date: Date,
    pub kind: CorrectionKind,
    /// One paragraph, its lines joined as the text's are.
    pub text: String,
    /// Where its `date:` is written (line, column), for problems with the article's dates.
    pub at: (usize, usize),
}

/// The two kinds of notice a Chinese paper prints after publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorrectionKind {
    /// 更正: a fact was wrong (the default).
    Correction,
    /// 说明: a clarification.
    Clarification,
}

impl CorrectionKind {
    /// `更正` or `说明`, as the page prints it.
    pub fn label(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "更正",
            CorrectionKind::Clarification => "说明",
        }
    }
}

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// Its own `date:`, at this line and column.
    File(usize, usize),
    /// site.yaml's `defaults.date` (unless an edition lists the article).
    Site,
    /// Nowhere yet: an edition must list it (`date` holds a placeholder until then).
    Missing,
}

/// The date an article has until an edition gives it one (see `Dated::Missing`).
pub fn no_date() -> Date {
    Date {
        year: 1970,
        month: 1,
        day: 1,
        time: None,
    }
}

/// What the body gave. The HTML is absent when the file was unchanged since the last build, or
/// when the caller asked not to keep it: `body_html` makes it again for the pages that need it.
#[derive(Debug, Clone)]
pub struct Body {
    pub html: Option<String>,
    pub digest: BodyDigest,
}

impl Body {
    /// `has_cr`: whether the text holds a `\r`, whose line breaks are made `\n` first.
    fn rendered(markdown: &str, has_cr: bool) -> Body {
        let rendered = if has_cr {
            markdown::render(&front_matter::with_lf_breaks(markdown))
        } else {
            markdown::render(markdown)
        };
        Body {
            html: Some(rendered.html),
            digest: rendered.digest,
        }
    }
}

/// Gives the text of an article's file again, by the path shown in messages
/// (`articles/x.md`), or `None` when it can no longer be read as text: for the bodies a build
/// did not keep. Handed in by the caller (the load stage's `load::reread`), so that the stages
/// that need bodies (rendering, the search index) never touch the file system themselves.
pub type Reread = dyn Fn(&Path) -> Option<String> + Send + Sync;

/// The body HTML of `article`: the one kept, else made again from its file's text as
/// `reread` gives it (which must give the body the build knew, or the file changed since).
pub fn body_html<'a>(reread: &Reread, article: &'a Article) -> Result<Cow<'a, str>, Diagnostic> {
    if let Some(html) = &article.body.html {
        return Ok(Cow::Borrowed(html));
    }
    let changed = || {
        Diagnostic::new(
            &article.source,
            0,
            0,
            "the file changed during the build: build again",
        )
    };
    let text = reread(&article.source).ok_or_else(changed)?;
    let split = front_matter::split(&article.source, &text)?;
    // The same HTML is the same body: its digest's counts and excerpt are made from it.
    let (html, html_hash) = if split.body.contains('\r') {
        markdown::render_html(&front_matter::with_lf_breaks(split.body))
    } else {
        markdown::render_html(split.body)
    };
    if html_hash == article.body.digest.html_hash {
        Ok(Cow::Owned(html))
    } else {
        Err(changed())
    }
}

/// The character references of the body (`&#11;`, `&#x0B;`) that stand for characters XML
/// forbids, each at its place; at the body's start when none is found (the HTML was checked).
fn character_reference_problems(
    path: &std::path::Path,
    text: &str,
    split: &front_matter::Split,
) -> Vec<Diagnostic> {
    let body_start = text.len() - split.body.len();
    let mut problems: Vec<Diagnostic> = split
        .body
        .match_indices("&#")
        .filter_map(|(i, _)| {
            let rest = &split.body[i + 2..];
            let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (rest, 10),
            };
            let len = digits.find(';')?;
            let c = char::from_u32(u32::from_str_radix(&digits[..len], radix).ok()?)?;
            if !front_matter::is_forbidden_in_xml(c) || c == '\0' {
                return None;
            }
            let written = &split.body[i..i + 2 + (rest.len() - digits.len()) + len + 1];
            let (line, column) = front_matter::position(text, body_start + i);
            Some(Diagnostic::new(
                path,
                line,
                column,
                format!(
                    "`{written}` here stands for a control character U+{:04X}, which feeds and sitemaps cannot carry: delete it",
                    u32::from(c)
                ),
            ))
        })
        .collect();
    if problems.is_empty() {
        problems.push(Diagnostic::new(
            path,
            split.body_line,
            1,
            "the text holds a control character, which feeds and sitemaps cannot carry: delete it",
        ));
    }
    problems
}

/// Parses and checks one article file.
pub fn article(file: &SourceFile, config: &Config) -> Result<Article, Vec<Diagnostic>> {
    let path = &file.shown;
    let whole = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let split = front_matter::split(path, whole).map_err(|d| vec![d])?;
    // One cheap pass over the bytes says which of the rarer checks this file needs.
    let scan = Scan::of(whole.as_bytes());
    let mut problems = Vec::new();
    if scan.has_bad_characters() {
        problems = front_matter::character_problems(path, whole, whole.len() - split.body.len());
        // YAML refuses such characters too, with no place: say it once, here.
        if problems.iter().any(|p| p.line < split.body_line) {
            return Err(problems);
        }
    }
    let raw: RawFrontMatter =
        match front_matter::parse_yaml(path, split.yaml, split.yaml_line, FRONT_MATTER_KEYS) {
            Ok(raw) => raw,
            Err(problem) => {
                problems.push(problem);
                return Err(problems);
            }
        };
    problems.extend(front_matter::escape_problems(
        path,
        split.yaml,
        split.yaml_line,
    ));

    // The position of `key:`'s value in the file, or of the opening `---` when it is absent.
    let at = |key: &str| {
        front_matter::key_position(split.yaml, key).map_or((1, 1), |(line, column)| {
            (line + split.yaml_line - 1, column)
        })
    };
    let problem = |problems: &mut Vec<Diagnostic>, key: &str, message: String| {
        let (line, column) = at(key);
        problems.push(Diagnostic::new(path, line, column, message));
    };
    let text = |value: Option<Scalar>| {
        value
            .map(|Scalar(s)| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };

    let title = text(raw.title);
    if title.is_none() {
        problem(
            &mut problems,
            "title",
            "missing `title`: add a line `title: 文章标题` to the front matter".to_owned(),
        );
    }

    let authors: Vec<String> = raw
        .author
        .map(|a| {
            a.into_vec()
                .into_iter()
                .map(|name| slug::nfc(name.trim().to_owned()))
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if authors.is_empty() {
        problem(
            &mut problems,
            "author",
            "missing `author`: add `author: 姓名`, or `author: [姓名, 姓名]` for several"
                .to_owned(),
        );
    }

    // An article without a date of its own takes its edition's; one in no edition takes the
    // site's default, or is a problem found with the editions (`model::date_articles`).
    let (date, dated) = match (text(raw.date), &config.default_date) {
        (Some(date), _) => {
            let (line, column) = at("date");
            let date = Date::parse(&date)
                .map_err(|message| problem(&mut problems, "date", message))
                .ok();
            (date, Dated::File(line, column))
        }
        (None, Some((date, line, column))) => {
            let date = Date::parse(date)
                .map_err(|message| {
                    problems.push(Diagnostic::new("site.yaml", *line, *column, message))
                })
                .ok();
            (date, Dated::Site)
        }
        (None, None) => (Some(no_date()), Dated::Missing),
    };

    // A suggestion is never empty: from the slug given, else the title, else the file name.
    let suggestion = |given: &str| {
        [given, title.as_deref().unwrap_or_default(), &file.stem]
            .into_iter()
            .map(slug::slugify)
            .find(|s| !s.is_empty())
    };
    let (slug, slug_at) = match text(raw.slug) {
        Some(given) if slug::is_valid_slug(&given) => (Some(given), at("slug")),
        Some(given) => {
            let advice = match suggestion(&given) {
                Some(slug) => format!("try `slug: {slug}`"),
                None => "write one of those, such as `slug: article-1`".to_owned(),
            };
            problem(
                &mut problems,
                "slug",
                format!("`slug: {given}` may only use a-z, 0-9, `-`, `_` and `.`: {advice}"),
            );
            (None, at("slug"))
        }
        None => match slug::slugify(&file.stem) {
            stem if stem.is_empty() => {
                let advice = match suggestion("") {
                    Some(slug) => format!("add `slug: {slug}` (from the title), or rename the file"),
                    None => "add a `slug:` of a-z, 0-9 and `-`, such as `slug: article-1`, or give the file a name with letters or Chinese characters".to_owned(),
                };
                problems.push(Diagnostic::new(
                    path,
                    1,
                    1,
                    format!("the file name gives no URL: {advice}"),
                ));
                (None, (1, 1))
            }
            stem => (Some(stem), (1, 1)),
        },
    };

    // What the page prints as one line must be one: a line break in it would print as a
    // stray space (or a break the editor did not see), so it is said rather than mended.
    let mut one_line = |key: &str, value: Option<Scalar>| {
        let value = text(value)?;
        if value.contains(['\n', '\r']) {
            problem(
                &mut problems,
                key,
                format!(
                    "`{key}` is one line of text, but this one holds a line break: join its lines into one"
                ),
            );
        }
        Some(value)
    };
    let kicker = one_line("kicker", raw.kicker);
    let subtitle = one_line("subtitle", raw.subtitle);
    let taken_from = one_line("source", raw.source);
    let original_title = one_line("original_title", raw.original_title);
    let standfirst = text(raw.standfirst).map(|standfirst| {
        let blank_line = front_matter::lines(&standfirst)
            .skip(1)
            .any(|line| line.trim().is_empty());
        if blank_line {
            problem(
                &mut problems,
                "standfirst",
                "`standfirst` is one paragraph, but this one has a blank line: join its paragraphs, or move the rest into the text".to_owned(),
            );
        }
        markdown::join_lines(&standfirst)
    });

    // The position of an item of a list in the file, or of the list's key.
    let items = |key: &str| -> Vec<front_matter::ItemPlace> {
        front_matter::list_items(split.yaml, key)
            .into_iter()
            .map(|mut item| {
                let shift = |(line, column): (usize, usize)| (line + split.yaml_line - 1, column);
                item.at = shift(item.at);
                for (_, at) in &mut item.keys {
                    *at = shift(*at);
                }
                item
            })
            .collect()
    };
    let place_of = |places: &[front_matter::ItemPlace], i: usize, key: &str| {
        places.get(i).map_or_else(|| at(key), |place| place.at)
    };
    let expires = text(raw.expires).and_then(|given| match Date::parse(&given) {
        Ok(date) => Some((date, at("expires"))),
        Err(message) => {
            problem(&mut problems, "expires", message);
            None
        }
    });
    let given_updated = text(raw.updated).and_then(|given| {
        Date::parse(&given)
            .map_err(|message| problem(&mut problems, "updated", message))
            .ok()
    });
    let mut corrections = Vec::new();
    if let Some(raw_corrections) = raw.corrections {
        let places = items("corrections");
        for (i, raw) in raw_corrections.into_iter().enumerate() {
            let place = places
                .get(i)
                .cloned()
                .unwrap_or_else(|| front_matter::ItemPlace {
                    at: at("corrections"),
                    keys: Vec::new(),
                });
            let mut here = |key: &str, message: String| {
                let (line, column) = place.key(key);
                problems.push(Diagnostic::new(path, line, column, message));
            };
            let date = match text(raw.date) {
                None => {
                    here(
                        "date",
                        "this correction has no `date:`: add the day it was made, such as `date: 2026-03-28`".to_owned(),
                    );
                    None
                }
                Some(given) => Date::parse(&given).map_err(|m| here("date", m)).ok(),
            };
            let kind = match text(raw.kind).as_deref() {
                None | Some("更正") => Some(CorrectionKind::Correction),
                Some("说明") => Some(CorrectionKind::Clarification),
                Some(other) => {
                    here(
                        "kind",
                        format!(
                            "`kind: {other}` is not a kind of notice: write 更正 (a correction, the default) or 说明 (a clarification)"
                        ),
                    );
                    None
                }
            };
            let text = match text(raw.text) {
                None => {
                    here(
                        "text",
                        "this correction has no `text:`: say what was wrong and what is right, such as `text: 原文第二段“2024年”应为“2025年”。`".to_owned(),
                    );
                    None
                }
                Some(given) => {
                    if front_matter::lines(&given)
                        .skip(1)
                        .any(|line| line.trim().is_empty())
                    {
                        here(
                            "text",
                            "a correction's `text` is one paragraph, but this one has a blank line: join its paragraphs".to_owned(),
                        );
                    }
                    Some(markdown::join_lines(&given))
                }
            };
            if let (Some(date), Some(kind), Some(text)) = (date, kind, text) {
                corrections.push(Correction {
                    date,
                    kind,
                    text,
                    at: place.key("date"),
                });
            }
        }
    }
    // In date order; two of one moment in the order written.
    corrections.sort_by_key(|c| c.date.instant());
    let updated = given_updated.clone().or_else(|| {
        corrections
            .iter()
            .map(|c| c.date.clone())
            .max_by_key(Date::instant)
    });
    let mut aliases: Vec<(String, (usize, usize))> = Vec::new();
    if let Some(raw_aliases) = raw.aliases {
        let places = items("aliases");
        for (i, Scalar(given)) in raw_aliases.into_iter().enumerate() {
            let (line, column) = place_of(&places, i, "aliases");
            match crate::url::alias(given.trim()) {
                Ok(alias) => {
                    if let Some((_, (first, _))) = aliases.iter().find(|(a, _)| *a == alias) {
                        problems.push(Diagnostic::new(
                            path,
                            line,
                            column,
                            format!("`/{alias}` is given twice in `aliases`; the first is at line {first}"),
                        ));
                    } else {
                        aliases.push((alias, (line, column)));
                    }
                }
                Err(message) => problems.push(Diagnostic::new(path, line, column, message)),
            }
        }
    }

    let section = text(raw.section)
        .map(slug::nfc)
        .unwrap_or_else(|| config.default_section.clone());
    let tags: Vec<String> = raw
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| slug::nfc(t.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .collect();

    let editors: Option<Vec<String>> = raw.editors.map(|names| {
        names
            .0
            .into_iter()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect()
    });
    let related = raw.related.map(|names| {
        let places = items("related");
        names
            .into_iter()
            .enumerate()
            .map(|(i, Scalar(name))| (name.trim().to_owned(), place_of(&places, i, "related")))
            .collect()
    });

    let body = match &file.cached {
        Some(digest) => Body {
            html: None,
            digest: digest.clone(),
        },
        None => Body::rendered(split.body, scan.has_cr()),
    };
    let image = raw.image.and_then(|raw| {
        let place = |key: &str| {
            front_matter::key_position_nested(split.yaml, "image", key)
                .map_or_else(|| at("image"), |(line, column)| (line + split.yaml_line - 1, column))
        };
        let Some(written) = text(raw.file) else {
            let (line, column) = at("image");
            problems.push(Diagnostic::new(
                path,
                line,
                column,
                "this `image:` has no `file:`: add the picture's file name, such as `file: 漫画.png`",
            ));
            return None;
        };
        let at = place("file");
        match crate::pictures::site_file(path, &written) {
            Ok(file) => {
                let caption = text(raw.caption);
                Some(LeadImage {
                    picture: PictureUse { file, at },
                    alt: text(raw.alt).or_else(|| caption.clone()),
                    caption,
                    credit: text(raw.credit),
                })
            }
            Err(message) => {
                problems.push(Diagnostic::new(path, at.0, at.1, message));
                None
            }
        }
    });
    // A body's picture that is no file of the site's `articles/` or `static/` (such as
    // `../../img/a.png`, written from the page's address) stays as written: `check` follows it.
    let pictures: Vec<Option<PictureUse>> = body
        .digest
        .pictures
        .iter()
        .map(|(written, line, column)| {
            let at = (line + split.body_line - 1, *column);
            crate::pictures::site_file(path, written)
                .ok()
                .map(|file| PictureUse { file, at })
        })
        .collect();
    // Markdown turns `&#11;` into the character itself.
    if scan.has_char_ref()
        && let Some(html) = &body.html
        && Scan::of(html.as_bytes()).has_bad_characters()
    {
        problems.extend(character_reference_problems(path, whole, &split));
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some(title), Some(date), Some(slug)) = (title, date, slug) else {
        unreachable!("every missing value was reported as a problem above");
    };
    Ok(Article {
        source: path.clone(),
        title,
        authors,
        date,
        dated,
        section,
        slug,
        slug_at,
        kicker,
        subtitle,
        summary: text(raw.summary),
        standfirst,
        affiliation: text(raw.affiliation),
        taken_from,
        note: text(raw.note),
        tags,
        draft: raw.draft.unwrap_or(false),
        expires,
        updated_at: given_updated.map(|_| at("updated")),
        updated,
        corrections,
        aliases,
        original_title,
        editors,
        related,
        pairs: None,
        extra: raw.extra.map(|extra| extra.0).unwrap_or_default(),
        image,
        pictures,
        body,
        key: file.key,
        front_matter: split.yaml.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn check(text: &str, site_yaml: &str) -> Result<Article, Vec<String>> {
        let config =
            Config::parse(Path::new("/nowhere"), Path::new("site.yaml"), site_yaml).unwrap();
        let file = SourceFile {
            shown: "articles/测试.md".into(),
            stem: "测试".into(),
            text: text.to_owned(),
            key: crate::load::FileKey::default(),
            cached: None,
        };
        article(&file, &config)
            .map_err(|problems| problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_a_complete_article() {
        let article = check(
            "---\ntitle: 以价值创造为社会工作添彩\nauthor: 李军\nsection: 基层治理\ndate: 2026-03-27\nsummary: 让每一份投入都能转化为群众的获得感。\n---\n\n正文。\n",
            "",
        )
        .unwrap();
        assert_eq!(article.title, "以价值创造为社会工作添彩");
        assert_eq!(article.authors, ["李军"]);
        assert_eq!(article.section, "基层治理");
        assert_eq!(article.slug, "ce-shi");
        assert_eq!(article.date.iso_date(), "2026-03-27");
        assert_eq!(article.body.html.as_deref(), Some("<p>正文。</p>\n"));
    }

    #[test]
    fn takes_the_sites_default_date_and_section() {
        let article = check(
            "---\ntitle: 标题\nauthor: 李宏\n---\n",
            "defaults:\n  date: 2026-03-27\ndefault_section: 评论\n",
        )
        .unwrap();
        assert_eq!(article.date.iso_date(), "2026-03-27");
        assert_eq!(article.section, "评论");
    }

    #[test]
    fn reports_every_missing_field_at_once() {
        let problems = check("---\nsection: 评论\n---\n", "").unwrap_err();
        // A missing date is found with the editions, which may give it (`model`).
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("articles/测试.md:1:1: missing `title`"));
        assert!(problems[1].starts_with("articles/测试.md:1:1: missing `author`"));
    }

    #[test]
    fn points_at_a_bad_date() {
        let problems = check(
            "---\ntitle: 标题\nauthor: 李宏\ndate: 2026-02-30\n---\n",
            "",
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "articles/测试.md:4:7: `2026-02-30` is not a day of the calendar: check the month and day"
            ]
        );
    }

    #[test]
    fn rejects_a_slug_that_would_leave_its_folder() {
        let problems = check(
            "---\ntitle: 标题\nauthor: 李宏\ndate: 2026-03-27\nslug: ../x\n---\n",
            "",
        )
        .unwrap_err();
        assert!(
            problems[0].starts_with("articles/测试.md:5:7: `slug: ../x` may only use"),
            "{problems:?}"
        );
    }

    #[test]
    fn reads_the_headlines_group_and_joins_the_standfirsts_lines() {
        let article = check(
            "---\ntitle: 标题\nkicker: 引题 \nsubtitle: ——副题\nauthor: 李宏\nstandfirst: |\n  导语的第一行，\n  第二行。\nsource: 来源：人民网\nnote: \" \"\n---\n",
            "",
        )
        .unwrap();
        assert_eq!(article.kicker.as_deref(), Some("引题"));
        assert_eq!(article.subtitle.as_deref(), Some("——副题"));
        assert_eq!(
            article.standfirst.as_deref(),
            Some("导语的第一行，第二行。")
        );
        assert_eq!(article.taken_from.as_deref(), Some("来源：人民网"));
        assert_eq!(article.note, None);
    }

    #[test]
    fn a_line_break_in_a_one_line_key_is_an_error_at_its_value() {
        let mut problems = check(
            "---\ntitle: 标题\nauthor: 李宏\nsubtitle: \"a\\nb\"\nkicker: |\n  引\n  题\nsource: '来源'\nstandfirst: \"一段。\\n\\n又一段。\"\n---\n",
            "",
        )
        .unwrap_err();
        problems.sort();
        assert_eq!(
            problems,
            [
                "articles/测试.md:4:11: `subtitle` is one line of text, but this one holds a line break: join its lines into one",
                "articles/测试.md:5:9: `kicker` is one line of text, but this one holds a line break: join its lines into one",
                "articles/测试.md:9:13: `standfirst` is one paragraph, but this one has a blank line: join its paragraphs, or move the rest into the text",
            ]
        );
    }

    #[test]
    fn a_typo_in_a_key_never_drops_the_byline_silently() {
        let problems = check(
            "---\ntitle: 标题\nauther: 李宏\ndate: 2026-03-27\n---\n",
            "",
        )
        .unwrap_err();
        assert_eq!(
            problems,
            ["articles/测试.md:3:1: unknown key `auther` (did you mean `author`?)"]
        );
    }
}
