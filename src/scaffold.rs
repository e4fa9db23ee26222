//! `broadsheet new` and `broadsheet init`: a new article's file, a new site's folder, and the
//! default theme copied out to be edited. The texts are made by pure functions
//! ([`article_text`], [`site_yaml`]); [`new_article`] and [`init`] are the thin layer that reads
//! what the site knows and writes, never over a file that is there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};
use crate::front_matter::{self, FRONT_MATTER_KEYS, RawFrontMatter};
use crate::import::yaml_scalar;
use crate::load::{self, ARTICLES_DIR, Loaded};
use crate::output::{create_new, in_folder, write_whole};
use crate::slug::slugify;

/// A new article, as `broadsheet new` is asked for it.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub title: String,
    pub authors: Vec<String>,
    pub section: Option<String>,
    pub date: Option<String>,
}

/// What `new` wrote, and the names it was unsure of.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub path: PathBuf,
    /// `author 李红 is new to the site: did you mean 李宏 (li-hong)?`…
    pub hints: Vec<String>,
}

/// The text of a new article's file: its front matter (title, author, section, date, and
/// `draft: true`), then an empty body.
pub fn article_text(new: &NewArticle) -> String {
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", yaml_scalar(&new.title, false)));
    match new.authors.as_slice() {
        [] => {}
        [one] => text.push_str(&format!("author: {}\n", yaml_scalar(one, false))),
        many => {
            let names: Vec<String> = many.iter().map(|n| yaml_scalar(n, true)).collect();
            text.push_str(&format!("author: [{}]\n", names.join(", ")));
        }
    }
    if let Some(section) = &new.section {
        text.push_str(&format!("section: {}\n", yaml_scalar(section, false)));
    }
    if let Some(date) = &new.date {
        text.push_str(&format!("date: {date}\n"));
    }
    text.push_str("draft: true\n---\n\n");
    text
}

/// Writes `articles/<pinyin of the title>.md` in the site at `source`: refused when the file
/// is there, when the title gives no slug or the date is no date. A name close to one the site
/// knows (the same pinyin, or a character or so apart) is a hint, and written as given.
pub fn new_article(source: &Path, new: &NewArticle) -> Result<NewReport> {
    let mut problems = Vec::new();
    let title = new.title.trim();
    if title.is_empty() || title.contains(['\n', '\r']) {
        problems.push(Diagnostic::new(
            "TITLE",
            0,
            0,
            "give the headline as one line of text: broadsheet new \"标题\"",
        ));
    }
    if let Some(date) = &new.date
        && let Err(message) = Date::parse(date)
    {
        problems.push(Diagnostic::new("--date", 0, 0, message));
    }
    let slug = slugify(title);
    if slug.is_empty() && !title.is_empty() {
        problems.push(Diagnostic::new(
            "TITLE",
            0,
            0,
            format!(
                "「{title}」 gives no letters for a file name: give a headline with words in it"
            ),
        ));
    }
    let path = in_folder(source, ARTICLES_DIR).join(format!("{slug}.md"));
    if !slug.is_empty() && path.symlink_metadata().is_ok() {
        problems.push(Diagnostic::new(
            &path,
            0,
            0,
            "already exists: edit it, or give the new article another headline",
        ));
    }
    if !problems.is_empty() {
        return Err(Error::content(problems));
    }
    let config = Config::load(source)?;
    let known = known_names(source, &config)?;
    let mut hints = Vec::new();
    for author in &new.authors {
        if let Some(hint) = hint("author", author, &known.authors) {
            hints.push(hint);
        }
    }
    if let Some(section) = &new.section
        && let Some(hint) = hint("section", section, &known.sections)
    {
        hints.push(hint);
    }
    let text = article_text(&NewArticle {
        title: title.to_owned(),
        ..new.clone()
    });
    create_new(&path, text.as_bytes())?;
    Ok(NewReport { path, hints })
}

/// The authors and sections a site already has: in `site.yaml` and in its articles' front
/// matter (files that do not parse are passed over: `check` reports them).
struct KnownNames {
    authors: BTreeSet<String>,
    sections: BTreeSet<String>,
}

fn known_names(source: &Path, config: &Config) -> Result<KnownNames> {
    let mut known = KnownNames {
        authors: config.authors.keys().cloned().collect(),
        sections: config.section_order.iter().cloned().collect(),
    };
    known.sections.insert(config.default_section.clone());
    if !source.join(ARTICLES_DIR).is_dir() {
        return Ok(known);
    }
    let (files, _) = load::articles(source, &|_, _| None, &|_, _| false)?;
    for file in files {
        let Loaded::File(file) = file else { continue };
        let Ok(split) = front_matter::split(&file.shown, &file.text) else {
            continue;
        };
        let Ok(raw) = front_matter::parse_yaml::<RawFrontMatter>(
            &file.shown,
            split.yaml,
            split.yaml_line,
            FRONT_MATTER_KEYS,
        ) else {
            continue;
        };
        if let Some(authors) = raw.author {
            known.authors.extend(authors.into_vec());
        }
        if let Some(section) = raw.section {
            known.sections.insert(section.0);
        }
    }
    Ok(known)
}

/// `author 李红 is new to the site: did you mean 李宏 (li-hong)?`, when `name` is not one the
/// site knows but sounds like one (the same pinyin) or is a character or so from one.
fn hint(what: &str, name: &str, known: &BTreeSet<String>) -> Option<String> {
    let (close, same_sound) =
        crate::front_matter::similar_name(name, known.iter().map(String::as_str))?;
    let spelled = slugify(close);
    let how = if same_sound {
        format!("the same pinyin, {spelled}")
    } else {
        spelled
    };
    Some(format!(
        "{what} {name} is new to the site: did you mean {close} ({how})? The file says {name}: change it there if not"
    ))
}

/// What to make, and where.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new site's folder (made if missing; it must not hold a site already), or, with
    /// `theme` alone, an existing site's.
    pub folder: PathBuf,
    /// Copy the embedded theme into `themes/<name>/` and set `theme: <name>`.
    pub theme: Option<String>,
}

/// What `init` wrote, in order.
#[derive(Debug, Clone, Default)]
pub struct InitReport {
    pub written: Vec<PathBuf>,
    /// Whether the folder held a site already (then only the theme was copied).
    pub existing_site: bool,
}

/// The example article of a new site.
pub const EXAMPLE_ARTICLE: &str = "---
title: 让评论走进读者的日常
author: 本报评论员
section: 评论
date: 2026-01-01
summary: 好的评论，从读者关心的事说起。
---

这是一篇示例文章。每篇文章是 `articles/` 里的一个 Markdown 文件：开头两行 `---` 之间是标题、作者、栏目和日期，下面是正文。

## 一、怎样写

段落之间空一行。标题用 `## `，小标题用 `### `。保存后运行 `broadsheet build`，网站就在 `dist/` 里；运行 `broadsheet serve --watch`，在浏览器里边写边看。

## 二、接下来

把这篇换成你的文章，或者用 `broadsheet new \"标题\" --author 作者` 新建一篇；用 `broadsheet check` 检查链接和标点。
";

/// The `site.yaml` of a new site: the title and address to change, and every other setting
/// written out as a comment with its default.
pub fn site_yaml(title: &str) -> String {
    format!(
        "# The site's settings. Every setting is here; those commented out (#) take the default
# shown. The README's \"site.yaml\" section says what each does.

# The site's name, in every page's title and masthead.
title: {title}
# One sentence that says what the site is: the home page's description for search engines.
description: 本报评论员与特约作者的每日观点
# The paper's name, printed in each article's dateline (2026年3月27日 星期五 · 某某日报 评论).
# paper: 某某日报
# Where the site will live: its address, ending in /. Links work at a domain's root or under
# a sub-path (https://example.cn/opinion/).
base_url: https://example.cn/
# The pages' language (the lang attribute).
# language: zh-CN
# A theme of your own in themes/<name>/, overriding the built-in one file by file
# (`broadsheet init --theme <name>` copies the built-in theme there to start from).
# theme: mytheme
# Articles per page on the section and author pages.
# paginate: 10
# How many editions the home page lists after the newest.
# home_editions: 6
# The section of articles that name none (the page's own name).
# default_section: 评论
# The columns, in the order of the navigation; any others follow by pinyin.
# sections: [评论, 基层治理, 教育观察]
# Values every article gets unless it sets its own.
# defaults:
#   date: 2026-01-01
# The editors on duty (责任编辑) and the submission address (投稿邮箱), for pages whose
# edition (editions/) names none.
# editors: [某某, 某某]
# submission_email: opinion@example.cn
# What the site knows of its authors beyond the bylines.
# authors:
#   李宏:
#     slug: li-hong
#     affiliation: 某某大学
#     bio: 评论员。
# How many of the newest articles a feed carries.
# feed_limit: 20
# Whether feeds carry each article's whole text (full) or its summary (summary).
# feed_content: summary
# The schema.org type of a section's articles (OpinionNewsArticle for the others).
# schema_types:
#   评漫画: OpinionNewsArticle
# How fast people read, for reading times: characters and words a minute.
# reading_rate:
#   chinese: 400
#   words: 200
# Topics (专题): the articles' `tags:`, each with a page and a feed. Here a topic can get a
# heading and a description; those named here come first in the index, in this order.
# topics:
#   十五五:
#     title: 聚焦“十五五”
#     description: 本报评论员与特约作者谈“十五五”规划。
# The foot of every page, each line shown only when given: the copyright, the reprint
# notice, the ICP filing number (linked to beian.miit.gov.cn), the news licence number
# (互联网新闻信息服务许可证) and the public-security filing (linked to its record).
# footer:
#   copyright: © 2026 某某日报社
#   reprint_notice: 未经授权不得转载
#   icp: 某ICP备00000000号
#   news_licence: 00000000000
#   police: 某公网安备 00000000000000号
"
    )
}

/// Makes a new site in `options.folder` (site.yaml, one example article, static/), which builds
/// as it is; or, when `options.theme` is given for a folder that holds a site, copies the
/// embedded theme into it and sets `theme:`. Never writes over a file.
pub fn init(options: &InitOptions) -> Result<InitReport> {
    let folder = &options.folder;
    let config_path = in_folder(folder, CONFIG_FILE);
    let existing_site = config_path.exists() || folder.join(ARTICLES_DIR).exists();
    let mut report = InitReport {
        existing_site,
        ..InitReport::default()
    };
    if let Some(name) = &options.theme
        && !crate::config::is_theme_name(name)
    {
        return Err(Error::content(vec![Diagnostic::new(
            "--theme",
            0,
            0,
            format!("`{name}` must be a folder name, such as mytheme"),
        )]));
    }
    let theme_dir = options
        .theme
        .as_ref()
        .map(|name| in_folder(folder, "themes").join(name));
    if let Some(dir) = &theme_dir
        && dir.exists()
    {
        return Err(Error::content(vec![Diagnostic::new(
            dir,
            0,
            0,
            "already exists: edit the theme there, or give --theme another name",
        )]));
    }
    if existing_site && options.theme.is_none() {
        let what = if config_path.exists() {
            CONFIG_FILE
        } else {
            ARTICLES_DIR
        };
        return Err(Error::content(vec![Diagnostic::new(
            folder.join(what),
            0,
            0,
            "already exists: this folder holds a site; init makes a new one in an empty folder (give another folder, or --theme NAME to copy the built-in theme into this site)",
        )]));
    }
    let mut existing_config = None;
    if existing_site {
        let text = std::fs::read_to_string(&config_path).unwrap_or_default();
        if let Some(line) = front_matter::key_position(&text, "theme") {
            return Err(Error::content(vec![Diagnostic::new(
                &config_path,
                line.0,
                1,
                "already sets `theme:`: remove that line first, or edit the theme it names",
            )]));
        }
        existing_config = Some(text);
    }

    std::fs::create_dir_all(folder).map_err(Error::io("create", folder))?;
    let write = |path: PathBuf, bytes: &[u8], report: &mut InitReport| -> Result<()> {
        create_new(&path, bytes)?;
        report.written.push(path);
        Ok(())
    };
    if !existing_site {
        let title = folder
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "评论".to_owned());
        let mut yaml = site_yaml(&yaml_scalar(&title, false));
        if let Some(name) = &options.theme {
            yaml = yaml.replace("# theme: mytheme\n", &format!("theme: {name}\n"));
        }
        write(config_path.clone(), yaml.as_bytes(), &mut report)?;
        write(
            in_folder(folder, ARTICLES_DIR).join("rang-ping-lun-zou-jin-du-zhe-de-ri-chang.md"),
            EXAMPLE_ARTICLE.as_bytes(),
            &mut report,
        )?;
        let static_dir = in_folder(folder, crate::STATIC_DIR);
        std::fs::create_dir_all(&static_dir).map_err(Error::io("create", &static_dir))?;
        report.written.push(static_dir);
    }
    if let Some(dir) = &theme_dir {
        for (path, bytes) in crate::theme::embedded_files() {
            write(dir.join(path), bytes, &mut report)?;
        }
        if let Some(text) = existing_config {
            let name = options.theme.as_deref().unwrap_or_default();
            let separator = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            let text = format!(
                "{text}{separator}# The theme copied out by `broadsheet init --theme {name}`.\ntheme: {name}\n"
            );
            write_whole(&config_path, text.as_bytes())?;
            report.written.push(config_path);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_articles_text_reads_back() {
        let text = article_text(&NewArticle {
            title: "标题: 副题".to_owned(),
            authors: vec!["李宏".to_owned(), "杨双双".to_owned()],
            section: Some("评论".to_owned()),
            date: Some("2026-03-27".to_owned()),
        });
        assert_eq!(
            text,
            "---\ntitle: \"标题: 副题\"\nauthor: [李宏, 杨双双]\nsection: 评论\ndate: 2026-03-27\ndraft: true\n---\n\n"
        );
    }

    #[test]
    fn hints_at_names_that_sound_or_look_alike() {
        let known: BTreeSet<String> = ["李宏", "杨双双"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(
            hint("author", "李红", &known).as_deref(),
            Some(
                "author 李红 is new to the site: did you mean 李宏 (the same pinyin, li-hong)? The file says 李红: change it there if not"
            )
        );
        assert!(hint("author", "李宏", &known).is_none());
        assert!(hint("author", "王明", &known).is_none());
    }

    #[test]
    fn the_new_sites_settings_name_every_setting() {
        let yaml = site_yaml("评论");
        for key in crate::config::CONFIG_KEYS {
            assert!(
                yaml.contains(&format!("\n{key}:")) || yaml.contains(&format!("\n# {key}:")),
                "site.yaml of init does not name `{key}`"
            );
        }
    }
}
