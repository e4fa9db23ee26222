//! Incremental equals clean: the property that guards every skip the build makes (articles
//! known from `.dist.sources`, pages kept by fingerprint, files linked from `.dist.prev/`, the
//! dev server's kept articles and pages).
//!
//! A site is generated (the sample's seven articles, plus some forty more with dates across
//! months, several sections and authors, the homophones 李宏 and 李红, explicit slugs), then
//! random sequences of edits are applied to it, as an editor would save them: titles, body
//! paragraphs (some edited in place to the same length, so that only the file's time tells),
//! sections, authors, dates, drafts, summaries (and standfirsts, subtitles, kickers, sources,
//! original titles)
//! and tags; `site.yaml` (title, paginate,
//! feed_limit, feed_content, the sections' order, an author's pin, the theme); the sample's
//! edition file (print order reversed, articles put on and taken off its page, its issue and
//! page number); a theme override and a `static/` file added, edited and removed; articles
//! deleted, added and renamed (and their edition entry with them). After
//! each step, `broadsheet build` into the site's own `dist/` (the same folder every time, so
//! that the manifest, `.dist.prev/` and `.dist.sources` are used) must give the very files a
//! clean build of the same sources gives in a fresh folder, byte for byte; and `broadsheet
//! serve --watch`, followed over HTTP, must serve exactly those files and no other page.
//!
//! Seeds: `EQUIV_SEED=7` (or `EQUIV_SEED=1,2,3`) runs those instead of the default ones;
//! `EQUIV_STEPS=200` runs more steps; `EQUIV_LOG=1` prints each step's edits. A failure names
//! the seed and the step, so that `EQUIV_SEED=<seed> EQUIV_STEPS=<step>` replays it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Random, capture, dechunk, read_tree, repo_root, tempdir};

const DEFAULT_SEEDS: &[u64] = &[0x5eed_0001, 0x5eed_0002, 0x5eed_0003];
const DEFAULT_STEPS: usize = 25;
const DEFAULT_SERVE_STEPS: usize = 10;
/// The sample's edition, which the edits keep in step with its articles' files.
const EDITION: &str = "editions/2026-03-27.yaml";

/// How an edition names the article file `relative` (`articles/x.md` → `x`).
fn entry_name(relative: &str) -> String {
    let name = relative.strip_prefix("articles/").unwrap_or(relative);
    name.strip_suffix(".md").unwrap_or(name).to_owned()
}

/// How many articles are generated beside the sample's seven.
const GENERATED: usize = 40;

fn seeds(default: &[u64]) -> Vec<u64> {
    match std::env::var("EQUIV_SEED") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|s| {
                let s = s.trim();
                s.strip_prefix("0x")
                    .map(|hex| u64::from_str_radix(hex, 16))
                    .unwrap_or_else(|| s.parse())
                    .unwrap_or_else(|_| panic!("EQUIV_SEED: {s:?} is not a number"))
            })
            .collect(),
        _ => default.to_vec(),
    }
}

fn steps(default: usize) -> usize {
    std::env::var("EQUIV_STEPS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// The generated site

const SECTIONS: &[&str] = &[
    "评论",
    "基层治理",
    "教育观察",
    "全民健康",
    "评漫画",
    "市场观察",
    "经济观察",
    "文化评论",
];
/// 李宏 and 李红 are homophones (both `li-hong`); so are 张伟 and 章炜 (`zhang-wei`).
const AUTHORS: &[&str] = &[
    "李宏",
    "李红",
    "李军",
    "任远",
    "戴凛",
    "杨双双",
    "王芳",
    "张伟",
    "章炜",
    "刘洋",
];
const TITLE_HEADS: &[&str] = &["以创新", "用心", "在实干中", "让改革", "携手", "以价值创造"];
const TITLE_TAILS: &[&str] = &[
    "激活基层治理新动能",
    "守护群众获得感",
    "为高质量发展添彩",
    "点亮文旅融合之路",
    "护航春秋假落地",
    "厚植执政根基",
];
const TAGS: &[&str] = &["民生", "教育", "文旅", "国企", "就业", "ZZSK2025126"];
const SUMMARIES: &[&str] = &[
    "让每一份投入都能转化为群众的获得感。",
    "传统产业的突围之道,在于打破刻板印象。",
    "春秋假是送给学子的礼物。",
];
/// Pairs of Han characters of the same UTF-8 length, for edits that keep the file's size.
const SAME_SIZE: &[(&str, &str)] = &[("群众", "民众"), ("株洲", "湘潭"), ("工作", "事业")];

/// `site.yaml`, as a value the edits change and write out whole.
#[derive(Debug, Clone)]
struct Settings {
    title: String,
    paginate: usize,
    feed_limit: Option<usize>,
    feed_full: bool,
    sections: Vec<&'static str>,
    /// An author's pinned slug, with an affiliation (taken over the articles').
    pin: Option<(&'static str, String)>,
    theme: bool,
    /// `default_section` and `defaults.date`, which articles that name none take.
    default_section: &'static str,
    default_date: &'static str,
}

impl Settings {
    fn yaml(&self) -> String {
        let mut yaml = format!(
            "title: {}\ndescription: 株洲日报评论版\nbase_url: https://example.org/opinion/\n\
             language: zh-CN\npaginate: {}\ndefault_section: {}\nsections: [{}]\n\
             defaults:\n  date: {}\neditors: [胡文洁, 周菁]\n\
             submission_email: zzrbttsp@126.com\nfeed_content: {}\n",
            self.title,
            self.paginate,
            self.default_section,
            self.sections.join(", "),
            self.default_date,
            if self.feed_full { "full" } else { "summary" },
        );
        if let Some(limit) = self.feed_limit {
            yaml.push_str(&format!("feed_limit: {limit}\n"));
        }
        if let Some((name, slug)) = &self.pin {
            yaml.push_str(&format!(
                "authors:\n  {name}:\n    slug: {slug}\n    affiliation: 株洲市委党校\n"
            ));
        }
        if self.theme {
            yaml.push_str("theme: mine\n");
        }
        yaml
    }
}

/// An article file: its front matter's `key: value` lines, in order, and its body.
#[derive(Debug, Clone)]
struct Doc {
    fields: Vec<(String, String)>,
    body: String,
}

impl Doc {
    fn parse(text: &str) -> Doc {
        let rest = text
            .strip_prefix("---\n")
            .expect("an article starts with ---");
        let end = rest
            .find("\n---\n")
            .expect("an article's front matter ends");
        let fields = rest[..end]
            .lines()
            .map(|line| {
                let (key, value) = line.split_once(':').expect("key: value");
                (key.trim().to_owned(), value.trim().to_owned())
            })
            .collect();
        Doc {
            fields,
            body: rest[end + 5..].to_owned(),
        }
    }

    fn text(&self) -> String {
        let mut text = String::from("---\n");
        for (key, value) in &self.fields {
            text.push_str(&format!("{key}: {value}\n"));
        }
        text.push_str("---\n");
        text.push_str(&self.body);
        text
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn set(&mut self, key: &str, value: Option<String>) {
        let at = self.fields.iter().position(|(k, _)| k == key);
        match (at, value) {
            (Some(i), Some(value)) => self.fields[i].1 = value,
            (Some(i), None) => {
                self.fields.remove(i);
            }
            (None, Some(value)) => self.fields.push((key.to_owned(), value)),
            (None, None) => {}
        }
    }

    /// The body's paragraphs (blocks between blank lines).
    fn paragraphs(&self) -> Vec<String> {
        self.body
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    }

    fn set_paragraphs(&mut self, paragraphs: &[String]) {
        self.body = format!("\n{}\n", paragraphs.join("\n\n"));
    }
}

/// The site being edited, and the generator that edits it.
struct Editor {
    site: std::path::PathBuf,
    random: Random,
    settings: Settings,
    sentences: Vec<String>,
    /// Makes every new file name and slug unique.
    counter: usize,
    /// The default theme's article template, the base of the override.
    article_template: String,
}

impl Editor {
    /// The sample site with `GENERATED` more articles, in `site`.
    fn generate(site: &Path, seed: u64) -> Editor {
        common::copy_dir(&repo_root().join("articles"), &site.join("articles"));
        common::copy_dir(&repo_root().join("editions"), &site.join("editions"));
        let mut sentences = Vec::new();
        for entry in std::fs::read_dir(site.join("articles")).unwrap() {
            let doc = Doc::parse(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
            for paragraph in doc.paragraphs() {
                if paragraph.starts_with('#') {
                    continue;
                }
                sentences.extend(
                    paragraph
                        .split_inclusive('。')
                        .filter(|s| s.ends_with('。') && s.chars().count() > 8)
                        .map(str::to_owned),
                );
            }
        }
        sentences.sort();
        let mut editor = Editor {
            site: site.to_path_buf(),
            random: Random(seed),
            settings: Settings {
                title: "株洲日报·评论".to_owned(),
                paginate: 10,
                feed_limit: None,
                feed_full: true,
                sections: SECTIONS[..6].to_vec(),
                pin: None,
                theme: false,
                default_section: "评论",
                default_date: "2026-03-27",
            },
            sentences,
            counter: 0,
            article_template: std::fs::read_to_string(
                repo_root().join("themes/default/templates/article.html"),
            )
            .unwrap(),
        };
        editor.write_settings();
        for _ in 0..GENERATED {
            editor.add_article();
        }
        editor
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.random.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.random.below(one_in) == 0
    }

    fn write_settings(&self) {
        common::write(&self.site, "site.yaml", self.settings.yaml());
    }

    fn title(&mut self) -> String {
        format!("{}{}", self.pick(TITLE_HEADS), self.pick(TITLE_TAILS))
    }

    fn author(&mut self) -> String {
        match self.random.below(8) {
            0 => {
                let first = self.pick(&AUTHORS[..3]);
                format!("[{first}, {}]", self.pick(&AUTHORS[3..]))
            }
            // The homophones, often.
            1 => self.pick(&["李宏", "李红"]).to_owned(),
            _ => self.pick(AUTHORS).to_owned(),
        }
    }

    fn date(&mut self) -> Option<String> {
        if self.chance(6) {
            return None; // defaults.date
        }
        let month = self.pick(&[(2025, 11, 30), (2025, 12, 31), (2026, 1, 31), (2026, 2, 28)]);
        let day = 1 + self.random.below(month.2);
        let date = format!("{}-{:02}-{day:02}", month.0, month.1);
        Some(if self.chance(5) {
            format!("{date}T{:02}:30:00+08:00", self.random.below(24))
        } else {
            date
        })
    }

    fn paragraph(&mut self) -> String {
        let n = 1 + self.random.below(3);
        (0..n)
            .map(|_| {
                let i = self.random.below(self.sentences.len());
                self.sentences[i].clone()
            })
            .collect()
    }

    fn articles(&self) -> Vec<String> {
        let mut found = Vec::new();
        collect_md(&self.site.join("articles"), "articles", &mut found);
        found.sort();
        found
    }

    fn read_doc(&self, relative: &str) -> Doc {
        Doc::parse(&std::fs::read_to_string(self.site.join(relative)).unwrap())
    }

    /// Saves `doc` as an editor does: the whole file written again.
    fn save(&self, relative: &str, doc: &Doc) {
        common::write(&self.site, relative, doc.text());
    }

    fn add_article(&mut self) -> String {
        self.counter += 1;
        let n = self.counter;
        let mut doc = Doc {
            fields: vec![
                ("title".to_owned(), self.title()),
                ("author".to_owned(), self.author()),
            ],
            body: String::new(),
        };
        if !self.chance(5) {
            let section = self.pick(SECTIONS).to_owned();
            doc.set("section", Some(section));
        }
        let date = self.date();
        doc.set("date", date);
        if self.chance(4) {
            doc.set("slug", Some(format!("zhuan-lan-{n}")));
        }
        if self.chance(3) {
            let summary = self.pick(SUMMARIES).to_owned();
            doc.set("summary", Some(summary));
        }
        if self.chance(4) {
            let tags = format!("[{}, {}]", self.pick(TAGS), self.pick(TAGS));
            doc.set("tags", Some(tags));
        }
        let mut paragraphs: Vec<String> = (0..2 + self.random.below(4))
            .map(|_| self.paragraph())
            .collect();
        if self.chance(3) {
            paragraphs.insert(1, "## 一、把握新要求".to_owned());
        }
        doc.set_paragraphs(&paragraphs);
        let relative = if self.chance(2) {
            format!("articles/稿{n}.md")
        } else {
            format!("articles/gen-{n}.md")
        };
        self.save(&relative, &doc);
        relative
    }

    /// One random edit, applied; says what it did.
    fn edit(&mut self) -> String {
        let articles = self.articles();
        let relative = articles[self.random.below(articles.len())].clone();
        let mut doc = self.read_doc(&relative);
        match self.random.below(29) {
            0 | 1 => {
                let title = self.title();
                doc.set("title", Some(title.clone()));
                self.save(&relative, &doc);
                format!("{relative}: title: {title}")
            }
            2 | 3 => {
                let mut paragraphs = doc.paragraphs();
                let i = self.random.below(paragraphs.len());
                let what = match self.random.below(3) {
                    0 if paragraphs.len() > 1 => {
                        paragraphs.remove(i);
                        "deleted"
                    }
                    1 => {
                        let new = self.paragraph();
                        paragraphs.insert(i, new);
                        "inserted"
                    }
                    _ => {
                        paragraphs[i] = self.paragraph();
                        "replaced"
                    }
                };
                doc.set_paragraphs(&paragraphs);
                self.save(&relative, &doc);
                format!("{relative}: paragraph {i} {what}")
            }
            4 => {
                // Written in place, same length, same inode: only the time tells.
                let (from, to) = self.pick(SAME_SIZE);
                let text = doc.text();
                let (from, to) = if text.contains(from) {
                    (from, to)
                } else {
                    (to, from)
                };
                let edited = text.replacen(from, to, 1);
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(self.site.join(&relative))
                    .unwrap()
                    .write_all(edited.as_bytes())
                    .unwrap();
                format!("{relative}: {from} → {to} in place, same size")
            }
            5 | 6 => {
                let section = if self.chance(5) {
                    None
                } else {
                    Some(self.pick(SECTIONS).to_owned())
                };
                doc.set("section", section.clone());
                self.save(&relative, &doc);
                format!("{relative}: section: {section:?}")
            }
            7 | 8 => {
                let author = self.author();
                doc.set("author", Some(author.clone()));
                self.save(&relative, &doc);
                format!("{relative}: author: {author}")
            }
            9 | 10 => {
                let date = self.date();
                doc.set("date", date.clone());
                self.save(&relative, &doc);
                format!("{relative}: date: {date:?}")
            }
            11 => {
                let draft = doc.get("draft").is_none();
                doc.set("draft", draft.then(|| "true".to_owned()));
                self.save(&relative, &doc);
                format!("{relative}: draft: {draft}")
            }
            12 => {
                // The pull quote, or one of the keys that stand in for it or beside it (and
                // the reprint's original headline, which the related reading's sketch counts).
                let key = self.pick(&[
                    "summary",
                    "standfirst",
                    "subtitle",
                    "kicker",
                    "source",
                    "original_title",
                ]);
                let summary = if doc.get(key).is_some() && self.chance(2) {
                    None
                } else {
                    Some(self.pick(SUMMARIES).to_owned())
                };
                doc.set(key, summary.clone());
                self.save(&relative, &doc);
                format!("{relative}: {key}: {summary:?}")
            }
            13 => {
                let tags = if doc.get("tags").is_some() && self.chance(2) {
                    None
                } else {
                    Some(format!("[{}]", self.pick(TAGS)))
                };
                doc.set("tags", tags.clone());
                self.save(&relative, &doc);
                format!("{relative}: tags: {tags:?}")
            }
            14 | 23 => self.edit_settings(),
            15 => self.edit_theme(),
            16 => self.edit_static(),
            17 | 18 if articles.len() > 12 => {
                std::fs::remove_file(self.site.join(&relative)).unwrap();
                let listed = self.relist(&relative, None);
                format!(
                    "{relative}: deleted{}",
                    if listed { ", and from its edition" } else { "" }
                )
            }
            25 | 26 => self.edit_edition(&relative, doc),
            27 | 28 => {
                // Issue 15's keys: a correction (and the update it makes), an expiry (one past,
                // which takes the article down, or one far off), an old address.
                let key = self.pick(&["corrections", "updated", "expires", "aliases"]);
                let value = if doc.get(key).is_some() && self.chance(2) {
                    None
                } else {
                    Some(match key {
                        "corrections" => {
                            let kind = self.pick(&["", "kind: 说明, "]);
                            format!("[{{date: 2026-03-28, {kind}text: 原文第二段有误，已更正。}}]")
                        }
                        "updated" => self
                            .pick(&["2026-04-01", "2026-03-29T10:00:00+08:00"])
                            .to_owned(),
                        "expires" => self.pick(&["2026-03-29", "2099-01-01"]).to_owned(),
                        _ => {
                            self.counter += 1;
                            format!("[/old/{}/, articles/old-{}]", self.counter, self.counter)
                        }
                    })
                };
                doc.set(key, value.clone());
                self.save(&relative, &doc);
                format!("{relative}: {key}: {value:?}")
            }
            19 | 20 => {
                let added = self.add_article();
                format!("{added}: added")
            }
            21 | 22 => {
                self.counter += 1;
                let to = if self.chance(3) {
                    format!("articles/旧稿/改{}.md", self.counter)
                } else {
                    format!("articles/改{}.md", self.counter)
                };
                std::fs::create_dir_all(self.site.join(&to).parent().unwrap()).unwrap();
                std::fs::rename(self.site.join(&relative), self.site.join(&to)).unwrap();
                self.relist(&relative, Some(&to));
                format!("{relative}: renamed to {to} (slug: {:?})", doc.get("slug"))
            }
            _ => {
                let affiliation = if doc.get("affiliation").is_some() {
                    None
                } else {
                    Some("湖南铁道职业技术学院".to_owned())
                };
                doc.set("affiliation", affiliation.clone());
                self.save(&relative, &doc);
                format!("{relative}: affiliation: {affiliation:?}")
            }
        }
    }

    /// The edition file's text, and its article entries' lines.
    fn edition(&self) -> (String, Vec<String>) {
        let text = std::fs::read_to_string(self.site.join(EDITION)).unwrap();
        let entries = text
            .lines()
            .filter_map(|line| line.strip_prefix("      - ").map(str::to_owned))
            .collect();
        (text, entries)
    }

    /// Takes the article file `relative` out of the edition, or lists it as `to`, as an editor
    /// who deletes or renames a file does; whether it was listed.
    fn relist(&mut self, relative: &str, to: Option<&str>) -> bool {
        let (text, _) = self.edition();
        let entry = format!("      - {}\n", entry_name(relative));
        if !text.contains(&entry) {
            return false;
        }
        let replacement = to.map_or(String::new(), |to| format!("      - {}\n", entry_name(to)));
        common::write(&self.site, EDITION, text.replace(&entry, &replacement));
        true
    }

    /// One edit of the edition file: its print order, its articles, its issue or page number.
    fn edit_edition(&mut self, relative: &str, mut doc: Doc) -> String {
        let (text, entries) = self.edition();
        let (edited, what) = match self.random.below(5) {
            0 => {
                let mut reversed = entries.clone();
                reversed.reverse();
                let mut lines = text.lines().map(str::to_owned).collect::<Vec<_>>();
                let mut order = reversed.into_iter();
                for line in &mut lines {
                    if line.starts_with("      - ") {
                        *line = format!("      - {}", order.next().unwrap());
                    }
                }
                (lines.join("\n") + "\n", "print order reversed".to_owned())
            }
            1 if !entries.contains(&entry_name(relative)) => {
                // Listed, it takes the edition's date: the editor removes its own.
                doc.set("date", None);
                self.save(relative, &doc);
                (
                    format!("{text}      - {}\n", entry_name(relative)),
                    format!("{relative} added to the page"),
                )
            }
            2 if !entries.is_empty() => {
                let entry = entries[self.random.below(entries.len())].clone();
                (
                    text.replace(&format!("      - {entry}\n"), ""),
                    format!("{entry} taken off the page"),
                )
            }
            3 => match text.strip_prefix("issue: 第100期\n") {
                Some(rest) => (rest.to_owned(), "issue removed".to_owned()),
                None => (
                    format!("issue: 第100期\n{text}"),
                    "issue: 第100期".to_owned(),
                ),
            },
            _ => match text.contains("    number: 5\n") {
                true => (
                    text.replace("    number: 5\n", ""),
                    "page number removed".to_owned(),
                ),
                false => (
                    text.replace("  - name: 评论\n", "  - name: 评论\n    number: 5\n"),
                    "number: 5".to_owned(),
                ),
            },
        };
        common::write(&self.site, EDITION, edited);
        format!("{EDITION}: {what}")
    }

    fn edit_settings(&mut self) -> String {
        let what = match self.random.below(7) {
            0 => {
                self.settings.title = self
                    .pick(&["株洲日报·评论", "株洲日报·言论", "评论版"])
                    .to_owned();
                format!("title: {}", self.settings.title)
            }
            1 => {
                self.settings.paginate = self.pick(&[3, 5, 7, 10, 20]);
                format!("paginate: {}", self.settings.paginate)
            }
            2 => {
                self.settings.feed_limit = self.pick(&[None, Some(3), Some(5), Some(12)]);
                format!("feed_limit: {:?}", self.settings.feed_limit)
            }
            3 => {
                self.settings.feed_full = !self.settings.feed_full;
                format!("feed_content full: {}", self.settings.feed_full)
            }
            4 => {
                let mut sections: Vec<&'static str> = SECTIONS.to_vec();
                for i in (1..sections.len()).rev() {
                    sections.swap(i, self.random.below(i + 1));
                }
                sections.truncate(2 + self.random.below(sections.len() - 1));
                self.settings.sections = sections;
                format!("sections: {:?}", self.settings.sections)
            }
            5 => {
                if self.chance(2) {
                    self.settings.default_section = self.pick(&["评论", "言论"]);
                    format!("default_section: {}", self.settings.default_section)
                } else {
                    self.settings.default_date = self.pick(&["2026-03-27", "2025-12-20"]);
                    format!("defaults.date: {}", self.settings.default_date)
                }
            }
            _ => {
                self.settings.pin = match self.random.below(4) {
                    0 => None,
                    1 => Some(("李宏", "li-hong".to_owned())),
                    2 => Some(("李红", "li-hong".to_owned())),
                    _ => Some(("王芳", "wang-fang-zhuan-lan".to_owned())),
                };
                format!("author pin: {:?}", self.settings.pin)
            }
        };
        self.write_settings();
        format!("site.yaml: {what}")
    }

    fn edit_theme(&mut self) -> String {
        let template = self.site.join("themes/mine/templates/article.html");
        if self.settings.theme && self.chance(3) {
            // Off: either the whole theme, or only its file (the default's then shows).
            if self.chance(2) {
                self.settings.theme = false;
                self.write_settings();
                std::fs::remove_dir_all(self.site.join("themes")).unwrap();
                "theme mine removed, and `theme:`".to_owned()
            } else {
                let _ = std::fs::remove_file(&template);
                "themes/mine/templates/article.html removed".to_owned()
            }
        } else {
            let mark = self.pick(&["本文观点", "编者按", "读者来信"]);
            let html = self.article_template.replace(
                "<div class=\"article-body\">",
                &format!("<p class=\"mark\">{mark}</p><div class=\"article-body\">"),
            );
            common::write(&self.site, "themes/mine/templates/article.html", html);
            let was = self.settings.theme;
            self.settings.theme = true;
            if !was {
                self.write_settings();
            }
            format!("themes/mine/templates/article.html with {mark} (theme was on: {was})")
        }
    }

    fn edit_static(&mut self) -> String {
        let relative = self.pick(&["static/files/notice.txt", "static/logo.svg"]);
        let path = self.site.join(relative);
        if path.exists() && self.chance(2) {
            std::fs::remove_file(&path).unwrap();
            format!("{relative} removed")
        } else {
            let text = format!("第{}版\n", self.random.below(100));
            common::write(&self.site, relative, &text);
            format!("{relative}: {}", text.trim())
        }
    }

    /// Every source file of the site, to put it back after an edit that broke it.
    fn sources(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        for dir in ["articles", "editions", "themes", "static"] {
            if self.site.join(dir).is_dir() {
                for (path, bytes) in read_tree(&self.site.join(dir)) {
                    files.insert(format!("{dir}/{path}"), bytes);
                }
            }
        }
        files.insert(
            "site.yaml".to_owned(),
            std::fs::read(self.site.join("site.yaml")).unwrap(),
        );
        files
    }

    /// Puts back the files `before` held, touching only those that differ.
    fn restore(&mut self, before: &BTreeMap<String, Vec<u8>>, settings: Settings) {
        let now = self.sources();
        for (path, bytes) in before {
            if now.get(path) != Some(bytes) {
                common::write(&self.site, path, bytes);
            }
        }
        for path in now.keys().filter(|path| !before.contains_key(*path)) {
            std::fs::remove_file(self.site.join(path)).unwrap();
        }
        self.settings = settings;
    }
}

fn collect_md(dir: &Path, shown: &str, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            collect_md(&entry.path(), &format!("{shown}/{name}"), found);
        } else if name.ends_with(".md") {
            found.push(format!("{shown}/{name}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing trees

/// The first difference between two trees (`want` is the clean build's), described: the file,
/// and a few lines around the first byte that differs.
fn first_difference(
    want: &BTreeMap<String, Vec<u8>>,
    got: &BTreeMap<String, Vec<u8>>,
    got_name: &str,
) -> Option<String> {
    for (path, bytes) in want {
        match got.get(path) {
            None => return Some(format!("{path} is missing from the {got_name}")),
            Some(other) if other != bytes => {
                return Some(format!("{path} differs:\n{}", diff(bytes, other, got_name)));
            }
            Some(_) => {}
        }
    }
    got.keys()
        .find(|path| !want.contains_key(*path))
        .map(|path| format!("{path} is in the {got_name} but not in the clean build"))
}

/// Where `got` first departs from `want`: the line it is on, in both.
fn diff(want: &[u8], got: &[u8], got_name: &str) -> String {
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let (want_lines, got_lines): (Vec<&str>, Vec<&str>) =
        (want.lines().collect(), got.lines().collect());
    let at = (0..want_lines.len().max(got_lines.len()))
        .find(|&i| want_lines.get(i) != got_lines.get(i))
        .unwrap_or(0);
    let show = |lines: &[&str]| -> String {
        lines
            .iter()
            .enumerate()
            .skip(at.saturating_sub(1))
            .take(3)
            .map(|(n, line)| {
                let line: String = line.chars().take(300).collect();
                format!("    {:>4} | {line}\n", n + 1)
            })
            .collect()
    };
    format!(
        "  clean build, from line {}:\n{}  {got_name}:\n{}",
        at.saturating_sub(1) + 1,
        show(&want_lines),
        show(&got_lines)
    )
}

struct BuildRun {
    ok: bool,
    output: String,
}

fn run_build(site: &Path, output: Option<&Path>, drafts: bool) -> BuildRun {
    let mut args: Vec<String> = Vec::new();
    if let Some(output) = output {
        args.push("--output".to_owned());
        args.push(output.display().to_string());
    }
    if drafts {
        args.push("--drafts".to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = common::build(site, &args);
    BuildRun {
        ok: run.success,
        output: format!("{}{}", run.stdout, run.stderr),
    }
}

// ---------------------------------------------------------------------------------------------
// build: incremental equals clean

/// The pages an incremental build kept, from its line `(46 files, 3 unchanged)`.
fn unchanged(output: &str) -> usize {
    output
        .split(" unchanged)")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Runs `steps` steps from `seed`: the steps, the edits refused, and the pages the incremental
/// builds kept (what the property is about: were none kept, it would hold trivially).
fn incremental_run(seed: u64, steps: usize) -> (usize, usize, usize) {
    let dir = tempdir();
    let site = dir.path().join("site");
    let mut editor = Editor::generate(&site, seed);
    // Odd seeds build with --drafts.
    let drafts = seed % 2 == 1;
    let dist = site.join("dist");
    let first = run_build(&site, None, drafts);
    assert!(
        first.ok,
        "seed {seed}: the generated site fails:\n{}",
        first.output
    );
    let mut log: Vec<String> = Vec::new();
    let mut refused = 0;
    let mut kept = 0;
    for step in 1..=steps {
        let before = editor.sources();
        let settings = editor.settings.clone();
        let edits = match editor.random.below(6) {
            0 => 2 + editor.random.below(3),
            _ => 1,
        };
        let done: Vec<String> = (0..edits).map(|_| editor.edit()).collect();
        log.push(format!("step {step}: {}", done.join("; ")));
        if std::env::var("EQUIV_LOG").is_ok() {
            eprintln!("{}", log.last().unwrap());
        }
        let history = || log[log.len().saturating_sub(8)..].join("\n  ");

        let live_before = read_tree(&dist);
        let incremental = run_build(&site, None, drafts);
        let clean_dir = tempdir();
        let clean_out = clean_dir.path().join("clean");
        let clean = run_build(&site, Some(&clean_out), drafts);
        assert_eq!(
            incremental.ok,
            clean.ok,
            "seed {seed} step {step}: the incremental build {} but the clean one {}\n  {}\n\
             incremental:\n{}\nclean:\n{}",
            if incremental.ok {
                "succeeded"
            } else {
                "failed"
            },
            if clean.ok { "succeeded" } else { "failed" },
            history(),
            incremental.output,
            clean.output
        );
        if !clean.ok {
            // The edit made the site invalid (a pin another author's name spells, say): dist/
            // stays as it was, and the edit is undone, as the editor would fix it.
            assert!(
                read_tree(&dist) == live_before,
                "seed {seed} step {step}: a failed build changed dist/"
            );
            refused += 1;
            log.push(format!(
                "  (refused, undone: {})",
                clean.output.lines().next().unwrap_or_default()
            ));
            editor.restore(&before, settings);
            continue;
        }
        kept += unchanged(&incremental.output);
        let want = read_tree(&clean_out);
        let got = read_tree(&dist);
        if let Some(difference) = first_difference(&want, &got, "incremental build") {
            panic!(
                "seed {seed} step {step} (replay: EQUIV_SEED={seed} EQUIV_STEPS={step}): the \
                 incremental build differs from a clean one\n  {}\n{difference}\n\
                 incremental build said: {}",
                history(),
                incremental.output.trim()
            );
        }
    }
    (steps, refused, kept)
}

#[test]
fn an_incremental_build_after_random_edits_equals_a_clean_build() {
    let started = Instant::now();
    for seed in seeds(DEFAULT_SEEDS) {
        let (steps, refused, kept) = incremental_run(seed, steps(DEFAULT_STEPS));
        eprintln!(
            "seed {seed}: {steps} steps ({refused} edits refused and undone), {kept} files kept"
        );
        assert!(kept > 0, "seed {seed}: no incremental build kept a file");
    }
    eprintln!("incremental equals clean in {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------------
// serve --watch: what the server serves equals a clean build

/// A running `broadsheet serve --watch`, killed when dropped.
struct Server {
    child: Child,
    address: String,
    base: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn watch(site: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .env_clear()
            .current_dir(site)
            .args(["serve", "--watch", "--port", &port.to_string(), "--source"])
            .arg(site)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start broadsheet serve");
        let stdout = capture(child.stdout.take().unwrap());
        let stderr = capture(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            address: String::new(),
            base: String::new(),
            stdout,
            stderr,
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("broadsheet serve exited ({status}):\n{}", server.output());
            }
            let out = server.stdout.lock().unwrap().clone();
            if out.contains("Watching for changes")
                && let Some(line) = out.lines().find(|line| line.starts_with("Serving "))
                && let Some((_, at)) = line.rsplit_once(" at http://")
            {
                let slash = at.find('/').unwrap_or(at.len());
                server.address = at[..slash].to_owned();
                server.base = if slash == at.len() { "/" } else { &at[slash..] }.to_owned();
                return server;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server did not start:\n{}",
                server.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn output(&self) -> String {
        format!(
            "{}{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }

    /// `GET <base><relative>`: the status and the body.
    fn get(&self, relative: &str) -> (u16, Vec<u8>) {
        let target = format!("{}{relative}", self.base);
        let mut stream = std::net::TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .unwrap_or_else(|e| panic!("GET {target}: {e}"));
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("GET {target}: no complete head"));
        let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("GET {target}: no status in {head:?}"));
        let mut body = raw[end + 4..].to_vec();
        if head.contains("\r\ntransfer-encoding: chunked") {
            body = dechunk(&body);
        }
        (status, body)
    }
}

/// A page as served, without the live-reload script `--watch` puts before `</body>`.
fn without_script(bytes: Vec<u8>) -> Vec<u8> {
    const OPEN: &[u8] = b"<script src=\"/__broadsheet/live.js\" data-generation=\"";
    const CLOSE: &[u8] = b"\"></script>";
    let Some(start) = bytes.windows(OPEN.len()).position(|w| w == OPEN) else {
        return bytes;
    };
    let Some(len) = bytes[start..].windows(CLOSE.len()).position(|w| w == CLOSE) else {
        return bytes;
    };
    let mut out = bytes[..start].to_vec();
    out.extend_from_slice(&bytes[start + len + CLOSE.len()..]);
    out
}

/// A file's URL below the site's base: `x/index.html` is asked for as `x/`.
fn url_of(relative: &str) -> &str {
    relative.strip_suffix("index.html").unwrap_or(relative)
}

/// What the server serves for each path of `want`, and for each of `gone` (paths an earlier
/// clean build had and this one has not); the first difference from `want`, if any.
fn served_difference(
    server: &Server,
    want: &BTreeMap<String, Vec<u8>>,
    gone: &BTreeSet<String>,
) -> Option<String> {
    let mut served = BTreeMap::new();
    for path in want.keys() {
        let (status, body) = server.get(url_of(path));
        if status != 200 {
            return Some(format!("{path}: status {status}, not 200"));
        }
        let body = if path.ends_with(".html") {
            without_script(body)
        } else {
            body
        };
        served.insert(path.clone(), body);
    }
    if let Some(difference) = first_difference(want, &served, "server") {
        return Some(difference);
    }
    for path in gone {
        let (status, _) = server.get(url_of(path));
        if status != 404 {
            return Some(format!(
                "{path} is served (status {status}) but the clean build no longer has it"
            ));
        }
    }
    None
}

#[test]
fn the_dev_server_after_random_edits_serves_what_a_clean_build_writes() {
    let started = Instant::now();
    // One seed by default (the server waits for its search index after each step).
    for given in seeds(&DEFAULT_SEEDS[..1]) {
        // Not the build test's sequence.
        let seed = given ^ 0x5e4e;
        let dir = tempdir();
        let site = dir.path().join("site");
        let mut editor = Editor::generate(&site, seed);
        let server = Server::watch(&site);
        let mut ever: BTreeSet<String> = BTreeSet::new();
        let mut log: Vec<String> = Vec::new();
        for step in 0..=steps(DEFAULT_SERVE_STEPS) {
            if step > 0 {
                let before = editor.sources();
                let settings = editor.settings.clone();
                let edits = 1 + editor.random.below(3);
                let done: Vec<String> = (0..edits).map(|_| editor.edit()).collect();
                // A site the edit breaks is put back at once, as a build would refuse it (the
                // server keeps the last good site meanwhile; serve.rs tests that).
                let check_dir = tempdir();
                let check = run_build(&site, Some(&check_dir.path().join("out")), false);
                if check.ok {
                    log.push(format!("step {step}: {}", done.join("; ")));
                } else {
                    editor.restore(&before, settings);
                    log.push(format!(
                        "step {step}: {} (refused, undone)",
                        done.join("; ")
                    ));
                }
            }
            let clean_dir = tempdir();
            let clean_out = clean_dir.path().join("clean");
            let clean = run_build(&site, Some(&clean_out), false);
            assert!(clean.ok, "seed {given} step {step}: {}", clean.output);
            let want = read_tree(&clean_out);
            let gone: BTreeSet<String> = ever
                .iter()
                .filter(|path| !want.contains_key(*path))
                .cloned()
                .collect();
            ever.extend(want.keys().cloned());
            // The server rebuilds after 15 ms of quiet and makes the search index after half a
            // second more: look until it serves the clean build, for a while.
            let waiting = Instant::now();
            let mut difference;
            loop {
                difference = served_difference(&server, &want, &gone);
                if difference.is_none() || waiting.elapsed() > Duration::from_secs(10) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if let Some(difference) = difference {
                panic!(
                    "seed {given} step {step} (replay: EQUIV_SEED={given} EQUIV_STEPS={step}): the \
                     server does not serve what a clean build writes, 10 s after the edit\n  {}\n\
                     {difference}\nserver said:\n{}",
                    log[log.len().saturating_sub(8)..].join("\n  "),
                    server.output()
                );
            }
        }
        eprintln!("serve: seed {given}: {} steps", log.len());
    }
    eprintln!("served equals clean in {:?}", started.elapsed());
}
