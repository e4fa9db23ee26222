//! `broadsheet import`: the seed page gives back the seven checked-in articles; pages made by
//! re-ordering and re-breaking them do too; nothing of the text is lost; existing files are
//! never overwritten without --force; doubtful lines are named in warnings; odd input gives
//! clear errors, never a panic; and the imported articles build.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use broadsheet::front_matter::{self, FRONT_MATTER_KEYS, RawFrontMatter};
use broadsheet::import::{self, Block};
use common::{Run, repo_root, tempdir};

/// The seed page, as the newsroom received it.
fn seed() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/seed_page.txt")).expect("the seed")
}

/// The checked-in articles, file stem → file text.
fn checked_in() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(repo_root().join("articles")).expect("articles/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            found.insert(stem, std::fs::read_to_string(&path).expect("UTF-8"));
        }
    }
    assert_eq!(found.len(), 7, "the sample site has seven articles");
    found
}

/// An article file's front matter, read by the project's own parser (so every value the
/// importer writes must be valid YAML), as key → value; several authors are joined by `, `.
fn fields(name: &str, text: &str) -> BTreeMap<&'static str, String> {
    let path = Path::new(name);
    let split = front_matter::split(path, text).unwrap_or_else(|e| panic!("{e}"));
    let raw: RawFrontMatter =
        front_matter::parse_yaml(path, split.yaml, split.yaml_line, FRONT_MATTER_KEYS)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut map = BTreeMap::new();
    let mut put = |key, value: Option<String>| {
        if let Some(value) = value {
            map.insert(key, value);
        }
    };
    put("title", raw.title.map(|s| s.0));
    put("author", raw.author.map(|a| a.into_vec().join(", ")));
    put("section", raw.section.map(|s| s.0));
    put("date", raw.date.map(|s| s.0));
    put("summary", raw.summary.map(|s| s.0));
    put("kicker", raw.kicker.map(|s| s.0));
    put("subtitle", raw.subtitle.map(|s| s.0));
    put("standfirst", raw.standfirst.map(|s| s.0));
    put("source", raw.source.map(|s| s.0));
    put("affiliation", raw.affiliation.map(|s| s.0));
    put("note", raw.note.map(|s| s.0));
    map
}

/// The body of an article file: what follows its front matter.
fn body(name: &str, text: &str) -> String {
    front_matter::split(Path::new(name), text)
        .unwrap_or_else(|e| panic!("{e}"))
        .body
        .to_owned()
}

/// Imports `text` with the library as the command does by default (punctuation made
/// full-width), as file stem → file text, in page order.
fn import_text(text: &str) -> Vec<(String, String)> {
    let mut found = import::parse(Path::new("page.txt"), text);
    found.normalize_punctuation();
    found
        .articles
        .iter()
        .map(|a| (a.file_stem(), a.file_text()))
        .collect()
}

/// Asserts that `imported` holds exactly the checked-in articles: the same names, the same
/// front matter key by key, the same body byte for byte; `section` may be overridden.
fn assert_same_articles(case: &str, imported: &[(String, String)], section: Option<&str>) {
    let expected = checked_in();
    let names: Vec<&String> = imported.iter().map(|(n, _)| n).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        expected.keys().collect::<Vec<_>>(),
        "{case}: the articles found"
    );
    for (name, text) in imported {
        let want = &expected[name];
        let mut want_fields = fields(name, want);
        if let Some(section) = section {
            want_fields.insert("section", section.to_owned());
        }
        assert_eq!(
            fields(name, text),
            want_fields,
            "{case}: front matter of {name}"
        );
        assert_eq!(body(name, text), body(name, want), "{case}: body of {name}");
    }
}

/// Runs `broadsheet <args>` in `cwd`.
fn run(cwd: &Path, args: &[&str]) -> Run {
    common::run_command(cwd, args)
}

/// A scratch folder holding the seed page as `page.txt`.
fn folder_with_seed() -> tempfile::TempDir {
    let dir = tempdir();
    std::fs::write(dir.path().join("page.txt"), seed()).expect("write the page");
    dir
}

/// Every file below `dir` (none when it does not exist), relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if dir.exists() {
        common::read_tree(dir)
    } else {
        BTreeMap::new()
    }
}

#[test]
fn importing_the_seed_reproduces_the_seven_checked_in_articles_and_writes_its_edition() {
    let dir = folder_with_seed();
    let run = run(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--date",
            "2026-03-27",
            "--into",
            "site/articles",
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let written: Vec<(String, String)> = tree(&dir.path().join("site/articles"))
        .into_iter()
        .map(|(name, bytes)| {
            let stem = name.strip_suffix(".md").expect("a .md file").to_owned();
            (stem, String::from_utf8(bytes).expect("UTF-8"))
        })
        .collect();
    assert_same_articles("the seed", &written, None);
    // Byte for byte, front matter included: no `date:`, the edition gives it.
    let expected = checked_in();
    for (name, text) in &written {
        assert_eq!(text, &expected[name], "{name}");
    }
    assert_eq!(
        common::entries(&dir.path().join("site/editions")),
        ["2026-03-27.yaml".to_owned()].into()
    );
    assert_eq!(
        common::read(&dir.path().join("site"), "editions/2026-03-27.yaml"),
        common::sample_edition()
    );
    assert!(
        run.stdout.contains(
            "wrote 7 files into site/articles\nwrote site/editions/2026-03-27.yaml (page 评论, 7 articles)\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn prints_the_articles_and_the_credits_it_found() {
    let dir = folder_with_seed();
    let run = run(dir.path(), &["import", "page.txt", "--dry-run"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("page.txt: 7 articles found"), "{out}");
    for row in [
        ["在深入群众中厚植执政根基", "李宏", "评论", "14"],
        [
            "新业态背景下株洲大学生高质量就业路径探索",
            "杨双双",
            "评论",
            "13",
        ],
        ["以价值创造为社会工作添彩", "李军", "基层治理", "5"],
        ["携手护航春秋假落地生根", "戴凛", "教育观察", "5"],
        ["身体是事业最重要的“合伙人”", "廖智勇", "全民健康", "4"],
        ["让“外脑”激活国企治理效能", "易蓉", "评漫画", "7"],
        ["以创意让传统产业焕发新生机", "任远", "市场观察", "4"],
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(row[0]))
            .unwrap_or_else(|| panic!("no row for {}:\n{out}", row[0]));
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&cells[1..], &row, "{line}");
    }
    assert!(out.contains("page name (版名):       评论"), "{out}");
    assert!(
        out.contains("editors (责任编辑):     胡文洁, 周菁"),
        "{out}"
    );
    assert!(out.contains("line 107 prints `胡文洁 周 菁`"), "{out}");
    assert!(out.contains("`周 菁` read as one name, 周菁"), "{out}");
    assert!(out.contains("zzrbttsp@126.com"), "{out}");
}

/// Headline, authors, column label, section, line of the headline.
type FoundRow<'a> = (
    &'a str,
    Vec<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    usize,
);

#[test]
fn parse_finds_the_seed_articles_in_page_order_with_the_credits() {
    let page = import::parse(Path::new("page.txt"), &seed());
    let found: Vec<FoundRow> = page
        .articles
        .iter()
        .map(|a| {
            (
                a.title.as_str(),
                a.authors.iter().map(String::as_str).collect(),
                a.label.as_deref(),
                a.section.as_deref(),
                a.title_line,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "在深入群众中厚植执政根基",
                vec!["李宏"],
                None,
                Some("评论"),
                3
            ),
            (
                "新业态背景下株洲大学生高质量就业路径探索",
                vec!["杨双双"],
                None,
                Some("评论"),
                49
            ),
            (
                "以价值创造为社会工作添彩",
                vec!["李军"],
                Some("基层治理"),
                Some("基层治理"),
                113
            ),
            (
                "携手护航春秋假落地生根",
                vec!["戴凛"],
                Some("教育观察"),
                Some("教育观察"),
                133
            ),
            (
                "身体是事业最重要的“合伙人”",
                vec!["廖智勇"],
                Some("全民健康"),
                Some("全民健康"),
                153
            ),
            (
                "让“外脑”激活国企治理效能",
                vec!["易蓉"],
                Some("评漫画"),
                Some("评漫画"),
                169
            ),
            (
                "以创意让传统产业焕发新生机",
                vec!["任远"],
                Some("市场观察"),
                Some("市场观察"),
                193
            ),
        ]
    );
    let credits = &page.credits;
    assert_eq!(credits.page_name.as_deref(), Some("评论"));
    assert_eq!(credits.editors, ["胡文洁", "周菁"]);
    assert_eq!(
        credits.submission_email.as_deref(),
        Some("zzrbttsp@126.com")
    );
    assert_eq!(credits.lines, [107, 109]);
    // Headings of the research piece: 一、 as level 2, (一) as level 3.
    let research = &page.articles[1];
    let levels: Vec<u8> = research
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            Block::Paragraph(_) => None,
        })
        .collect();
    assert_eq!(levels, [2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3]);
    // The one doubtful line: a 20-character line without closing punctuation, joined.
    let warnings: Vec<String> = page.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("page.txt:143: 「教学进度与学习效果,是家长关注的另一核心」"),
        "{warnings:#?}"
    );
}

#[test]
fn rejoins_the_six_sentences_the_layout_broke() {
    let page = import::parse(Path::new("page.txt"), &seed());
    let text: String = page
        .articles
        .iter()
        .flat_map(|a| &a.body)
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(format!("{p}\n")),
            Block::Heading { .. } => None,
        })
        .collect();
    for joined in [
        "领导干部以",
        "而要激发",
        "还需推动“共益人”",
        "另一核心焦点",
        "等核心诉求",
        "层出不穷,让艺术瓷",
    ] {
        assert!(text.contains(joined), "{joined} is not one sentence");
    }
}

// ---------------------------------------------------------------------------------------
// Pages made from the seed's articles, re-ordered and re-broken.

/// The seed cut into blocks: the credits block (page name, editors, e-mail) and one block per
/// article (its column label, if any, to its last line), in page order. Found from the
/// checked-in articles' headlines, not by the importer.
struct Blocks {
    credits: Vec<String>,
    /// (column label line, if any; the article's other lines)
    articles: Vec<(Option<String>, Vec<String>)>,
}

fn seed_blocks() -> Blocks {
    let seed = seed();
    let lines: Vec<&str> = seed.lines().collect();
    let editors = lines
        .iter()
        .position(|l| l.starts_with("责任编辑"))
        .expect("the editors' line");
    let previous_text = |i: usize| (0..i).rev().find(|&j| !lines[j].trim().is_empty());
    let credits_start = previous_text(editors).expect("the page name");
    let credits_end = (editors..lines.len())
        .find(|&i| lines[i].starts_with("投稿邮箱"))
        .expect("the e-mail line");
    let page_name = lines[credits_start];
    let mut starts: Vec<(usize, Option<usize>)> = checked_in()
        .values()
        .map(|text| {
            let title = fields("x.md", text)["title"].clone();
            let section = fields("x.md", text)["section"].clone();
            let at = lines
                .iter()
                .position(|l| *l == title)
                .expect("each headline is a line of the seed");
            let label = previous_text(at).filter(|&j| lines[j] == section && section != page_name);
            (at, label)
        })
        .collect();
    starts.sort();
    let mut articles = Vec::new();
    for (k, &(title, label)) in starts.iter().enumerate() {
        let end = starts
            .get(k + 1)
            .map_or(lines.len(), |&(t, l)| l.unwrap_or(t));
        let body: Vec<String> = (title..end)
            .filter(|&i| !(credits_start..=credits_end).contains(&i))
            .map(|i| lines[i].to_owned())
            .collect();
        articles.push((label.map(|l| lines[l].to_owned()), body));
    }
    Blocks {
        credits: lines[credits_start..=credits_end]
            .iter()
            .map(|l| l.to_string())
            .collect(),
        articles,
    }
}

/// Puts a page together: the articles in `order` (with or without their column labels), the
/// credits block before the article at `credits_at` (or at the end).
fn assemble(blocks: &Blocks, order: &[usize], credits_at: usize, labels: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (position, &i) in order.iter().enumerate() {
        if position == credits_at {
            parts.push(blocks.credits.join("\n"));
        }
        let (label, lines) = &blocks.articles[i];
        if labels && let Some(label) = label {
            parts.push(label.clone());
        }
        parts.push(lines.join("\n"));
    }
    if credits_at >= order.len() {
        parts.push(blocks.credits.join("\n"));
    }
    parts.join("\n\n") + "\n"
}

#[test]
fn pages_with_the_credits_anywhere_and_the_articles_in_any_order_import_the_same() {
    let blocks = seed_blocks();
    assert_eq!(blocks.articles.len(), 7);
    let cases: [(&str, [usize; 7], usize); 5] = [
        ("credits at the top", [0, 1, 2, 3, 4, 5, 6], 0),
        ("credits at the bottom", [0, 1, 2, 3, 4, 5, 6], 7),
        ("reversed, credits in the middle", [6, 5, 4, 3, 2, 1, 0], 3),
        ("columns first, credits between", [2, 3, 4, 5, 6, 0, 1], 5),
        ("interleaved, credits after one", [4, 0, 5, 1, 6, 2, 3], 1),
    ];
    for (case, order, credits_at) in cases {
        let page = assemble(&blocks, &order, credits_at, true);
        let found = import::parse(Path::new("page.txt"), &page);
        assert_eq!(found.credits.editors, ["胡文洁", "周菁"], "{case}");
        assert_eq!(found.credits.page_name.as_deref(), Some("评论"), "{case}");
        let imported = import_text(&page);
        assert_same_articles(case, &imported, None);
        // In the page's order.
        let expected_order: Vec<String> = order
            .iter()
            .map(|&i| blocks.articles[i].1[0].clone())
            .collect();
        let titles: Vec<String> = found.articles.iter().map(|a| a.title.clone()).collect();
        assert_eq!(titles, expected_order, "{case}");
    }
}

#[test]
fn a_page_without_column_labels_gives_every_article_the_pages_name() {
    let blocks = seed_blocks();
    for (order, credits_at) in [([0, 1, 2, 3, 4, 5, 6], 2), ([3, 2, 1, 0, 6, 5, 4], 0)] {
        let page = assemble(&blocks, &order, credits_at, false);
        let imported = import_text(&page);
        assert_same_articles("no column labels", &imported, Some("评论"));
    }
}

/// A small deterministic generator, so that every run cuts the same places.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Cuts `paragraph` where a column might end: one or two places, each inside a sentence (never
/// after its end mark), leaving at least 12 characters on either side. Cutting after a
/// sentence's end would make a new paragraph, which nothing could tell from a real one.
fn cut(paragraph: &str, rng: &mut Lcg) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let can_cut_after = |i: usize| {
        let c = chars[i];
        !"。！？!?.…”’」』）)】".contains(c) && !"(（【".contains(chars[i + 1])
    };
    let mut cuts = Vec::new();
    let wanted = 1 + rng.next(2);
    let mut from = 12;
    for _ in 0..wanted {
        if chars.len() < from + 24 {
            break;
        }
        let at = from + rng.next(chars.len() - from - 12);
        // A short first piece without a comma is an unnumbered sub-heading, as the importer
        // reads one (and warns): the cuts leave none.
        let ambiguous = |i: usize| {
            cuts.is_empty() && i <= 30 && !chars[..i].iter().any(|c| "，、；：,;:".contains(*c))
        };
        if let Some(at) = (at..chars.len() - 12).find(|&i| can_cut_after(i - 1) && !ambiguous(i)) {
            cuts.push(at);
            from = at + 12;
        }
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for at in cuts {
        pieces.push(chars[start..at].iter().collect());
        start = at;
    }
    pieces.push(chars[start..].iter().collect());
    pieces
}

/// A page written afresh from the checked-in articles, each paragraph cut by `cut`, in the
/// given order, with the credits before the article at `credits_at`. `full_width` sets the
/// affiliation in full-width parentheses on a line of its own.
fn rebroken_page(seed: u64, order: &[usize], credits_at: usize, full_width: bool) -> String {
    let mut rng = Lcg(seed);
    let articles: Vec<String> = checked_in().into_values().collect();
    let credits = "评论\n\n责任编辑:胡文洁 周 菁\n\n投稿邮箱:zzrbttsp@126.com";
    let mut parts = Vec::new();
    for (position, &i) in order.iter().enumerate() {
        if position == credits_at {
            parts.push(credits.to_owned());
        }
        let text = &articles[i];
        let f = fields("x.md", text);
        if f["section"] != "评论" {
            parts.push(f["section"].clone());
        }
        parts.push(f["title"].clone());
        parts.push(f["author"].clone());
        if let Some(summary) = f.get("summary") {
            parts.push(format!("【{summary}】"));
        }
        for block in body("x.md", text).split("\n\n") {
            let block = block.trim();
            if let Some(heading) = block.strip_prefix("### ").or(block.strip_prefix("## ")) {
                parts.push(heading.to_owned());
            } else if !block.is_empty() {
                parts.extend(cut(block, &mut rng));
            }
        }
        let affiliation = f.get("affiliation").map(|a| {
            if full_width {
                format!("（作者单位：{a}）")
            } else {
                format!("(作者单位:{a})")
            }
        });
        let note = f.get("note").map(|n| format!("【{n}】"));
        match (affiliation, note) {
            (Some(a), Some(n)) if full_width => {
                parts.push(a);
                parts.push(n);
            }
            (a, n) => {
                let line: String = a.into_iter().chain(n).collect();
                if !line.is_empty() {
                    parts.push(line);
                }
            }
        }
    }
    if credits_at >= order.len() {
        parts.push(credits.to_owned());
    }
    parts.join("\n\n") + "\n"
}

#[test]
fn pages_broken_at_other_places_import_the_same() {
    let orders: [([usize; 7], usize, bool); 4] = [
        ([0, 1, 2, 3, 4, 5, 6], 3, false),
        ([6, 5, 4, 3, 2, 1, 0], 0, true),
        ([2, 4, 6, 0, 1, 3, 5], 7, false),
        ([5, 1, 3, 0, 2, 6, 4], 6, true),
    ];
    for seed in 1..=6u64 {
        let (order, credits_at, full_width) = orders[seed as usize % orders.len()];
        let page = rebroken_page(seed, &order, credits_at, full_width);
        let case = format!("re-broken page #{seed}");
        let breaks = page.lines().filter(|l| !l.is_empty()).count();
        assert!(breaks > 120, "{case} should cut many paragraphs");
        assert_same_articles(&case, &import_text(&page), None);
    }
}

// ---------------------------------------------------------------------------------------

/// Removes the Markdown marks the importer adds: heading markers and backslash escapes.
fn markdown_to_text(body: &str) -> String {
    let mut text = String::new();
    for line in body.lines() {
        let line = line.trim_start_matches('#').trim_start();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
                continue;
            }
            text.push(c);
        }
    }
    text
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn nothing_of_the_seeds_text_is_lost_or_repeated() {
    // As printed, character for character: punctuation kept as the page has it.
    let dir = folder_with_seed();
    let run = run(dir.path(), &["import", "page.txt", "--keep-punctuation"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let seed = seed();

    // The seed minus its credits lines (page name, 责任编辑, 投稿邮箱), found by hand.
    let lines: Vec<&str> = seed.lines().collect();
    let editors = lines
        .iter()
        .position(|l| l.starts_with("责任编辑"))
        .unwrap();
    let page_name = (0..editors)
        .rev()
        .find(|&i| !lines[i].trim().is_empty())
        .unwrap();
    let email = lines
        .iter()
        .position(|l| l.starts_with("投稿邮箱"))
        .unwrap();
    let expected: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| ![page_name, editors, email].contains(i))
        .map(|(_, l)| without_spaces(l))
        .collect();

    // Every written file, in the order of its headline on the page, put back as printed.
    let mut files: Vec<(usize, String)> = tree(&dir.path().join("articles"))
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let f = fields(&name, &text);
            let at = seed.find(&format!("\n{}\n", f["title"])).expect("headline");
            let mut printed = String::new();
            if f["section"] != lines[page_name] {
                printed.push_str(&f["section"]);
            }
            printed.push_str(&f["title"]);
            printed.push_str(&f["author"]);
            if let Some(summary) = f.get("summary") {
                printed.push_str(&format!("【{summary}】"));
            }
            printed.push_str(&markdown_to_text(&body(&name, &text)));
            if let Some(affiliation) = f.get("affiliation") {
                printed.push_str(&format!("(作者单位:{affiliation})"));
            }
            if let Some(note) = f.get("note") {
                printed.push_str(&format!("【{note}】"));
            }
            (at, without_spaces(&printed))
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 7);
    let imported: String = files.into_iter().map(|(_, text)| text).collect();
    if imported != expected {
        let a: Vec<char> = imported.chars().collect();
        let b: Vec<char> = expected.chars().collect();
        let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let around = |v: &[char]| -> String {
            v[at.saturating_sub(20)..(at + 20).min(v.len())]
                .iter()
                .collect()
        };
        panic!(
            "the imported text differs from the page at character {at}:\n imported: …{}…\n page:     …{}…",
            around(&a),
            around(&b)
        );
    }
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = folder_with_seed();
    for args in [
        &["import", "page.txt", "--dry-run"][..],
        &[
            "import",
            "page.txt",
            "--dry-run",
            "--force",
            "--write-site-yaml",
        ],
    ] {
        let run = run(dir.path(), args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(
            run.stdout
                .contains("dry run: would write 7 files into articles/; nothing written"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("articles/在深入群众中厚植执政根基.md"),
            "{}",
            run.stdout
        );
        assert_eq!(common::entries(dir.path()), ["page.txt".to_owned()].into());
    }
}

#[test]
fn never_overwrites_without_force_and_then_lists_every_clash() {
    let dir = folder_with_seed();
    let first = run(dir.path(), &["import", "page.txt"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(
        first.stdout.contains("wrote 7 files into articles/"),
        "{}",
        first.stdout
    );
    let edited = dir.path().join("articles/以价值创造为社会工作添彩.md");
    let imported = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{imported}编辑改过的一段。\n")).unwrap();
    let before = tree(&dir.path().join("articles"));

    let second = run(dir.path(), &["import", "page.txt"]);
    assert_eq!(second.code, Some(1), "{}", second.stdout);
    for name in checked_in().keys() {
        assert!(
            second.stderr.contains(&format!(
                "articles/{name}.md: already exists: pass --force to overwrite it"
            )),
            "{name} is not listed:\n{}",
            second.stderr
        );
    }
    assert!(
        second
            .stderr
            .contains("error: nothing was written: 7 problems found"),
        "{}",
        second.stderr
    );
    assert!(
        second.stdout.contains("nothing written"),
        "{}",
        second.stdout
    );
    assert_eq!(
        tree(&dir.path().join("articles")),
        before,
        "the files changed"
    );

    let forced = run(dir.path(), &["import", "page.txt", "--force"]);
    assert_eq!(forced.code, Some(0), "{}", forced.stderr);
    assert!(
        forced
            .stdout
            .contains("wrote 7 files into articles/ (7 overwritten)"),
        "{}",
        forced.stdout
    );
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), imported);
    // No temporary file is left behind.
    assert_eq!(common::entries(&dir.path().join("articles")).len(), 7);
}

#[test]
fn a_missing_byline_is_a_warning_naming_the_headlines_line() {
    let seed = seed();
    let lines: Vec<&str> = seed.split('\n').collect();
    assert_eq!(lines[114], "李军");
    // Blank the byline's line, keeping every other line where it was.
    let page: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| if i == 114 { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let found = import::parse(Path::new("page.txt"), &page);
    let warning = found
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.contains("no byline"))
        .expect("a warning about the byline");
    assert!(
        warning.starts_with("page.txt:113: 「以价值创造为社会工作添彩」 looks like a headline under a column label, but no byline"),
        "{warning}"
    );
    // The article is still found, without an author, and the one before keeps its own text.
    assert_eq!(found.articles.len(), 7);
    let article = &found.articles[2];
    assert_eq!(article.title, "以价值创造为社会工作添彩");
    assert!(article.authors.is_empty());
    assert_eq!(article.section.as_deref(), Some("基层治理"));
    assert!(article.summary.is_some());
    assert_eq!(found.articles[1].paragraphs(), 13);

    let dir = tempdir();
    std::fs::write(dir.path().join("page.txt"), &page).unwrap();
    let run = run(dir.path(), &["import", "page.txt", "--dry-run"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("page.txt:113: "), "{}", run.stderr);
    assert!(run.stdout.contains("(none)"), "{}", run.stdout);
}

#[test]
fn chinese_punctuation_is_made_full_width_only_in_chinese_text_unless_kept() {
    // As printed, with --keep-punctuation.
    let kept = folder_with_seed();
    let as_printed = run(kept.path(), &["import", "page.txt", "--keep-punctuation"]);
    assert_eq!(as_printed.code, Some(0), "{}", as_printed.stderr);
    let text =
        std::fs::read_to_string(kept.path().join("articles/以价值创造为社会工作添彩.md")).unwrap();
    assert!(text.contains("株洲社会工作如何再出发?站在"), "{text}");

    // Full-width by default (the old flag that asked for it is still accepted).
    let dir = folder_with_seed();
    let default = run(dir.path(), &["import", "page.txt"]);
    assert_eq!(default.code, Some(0), "{}", default.stderr);
    let again = folder_with_seed();
    let old_flag = run(
        again.path(),
        &["import", "page.txt", "--normalize-punctuation"],
    );
    assert_eq!(old_flag.code, Some(0), "{}", old_flag.stderr);
    let read =
        |name: &str| std::fs::read_to_string(dir.path().join("articles").join(name)).unwrap();
    let li_jun = read("以价值创造为社会工作添彩.md");
    assert!(li_jun.contains("株洲社会工作如何再出发？站在"), "{li_jun}");
    assert!(!li_jun.contains("再出发?"));
    let research = read("新业态背景下株洲大学生高质量就业路径探索.md");
    assert!(
        research.contains("note: 本文系株洲市社会科学成果规划课题（ZZSK2025126）成果\n"),
        "{research}"
    );
    // Names and the front matter stay valid.
    assert_eq!(fields("x.md", &li_jun)["author"], "李军");

    // Latin text, numbers and addresses are left alone.
    for (before, after) in [
        (
            "他用英文写道:Hello, world! 然后停下。",
            "他用英文写道:Hello, world! 然后停下。",
        ),
        ("共1,300项,链接资源", "共1,300项，链接资源"),
        ("课题编号,ZZSK2025126;", "课题编号,ZZSK2025126;"),
        ("见 zzrbttsp@126.com (投稿)", "见 zzrbttsp@126.com （投稿）"),
    ] {
        assert_eq!(import::normalize_punctuation(before), after);
    }
}

#[test]
fn the_imported_seed_builds_with_the_sample_sites_settings() {
    let dir = folder_with_seed();
    let run1 = run(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--date",
            "2026-03-27",
            "--into",
            "site/articles",
        ],
    );
    assert_eq!(run1.code, Some(0), "{}", run1.stderr);
    assert!(dir.path().join("site/editions/2026-03-27.yaml").is_file());
    std::fs::copy(
        repo_root().join("site.yaml"),
        dir.path().join("site/site.yaml"),
    )
    .unwrap();
    let built = common::build_ok(&dir.path().join("site"), &[]);
    assert!(
        built
            .stdout
            .starts_with("Built 7 articles, 6 sections, 7 authors"),
        "{}",
        built.stdout
    );
}

#[test]
fn a_date_goes_into_the_edition_not_into_the_articles_and_is_checked() {
    let dir = folder_with_seed();
    let run1 = run(dir.path(), &["import", "page.txt", "--date", "2026-03-27"]);
    assert_eq!(run1.code, Some(0), "{}", run1.stderr);
    let text = common::read(dir.path(), "articles/以价值创造为社会工作添彩.md");
    assert!(
        text.starts_with(
            "---\ntitle: 以价值创造为社会工作添彩\nauthor: 李军\nsection: 基层治理\nsummary: "
        ),
        "{text}"
    );
    assert!(!text.contains("date:"), "{text}");
    assert!(
        common::read(dir.path(), "editions/2026-03-27.yaml")
            .starts_with("# 2026年3月27日 星期五\n")
    );

    for (date, says) in [
        ("2026-02-30", "not a day of the calendar"),
        (
            "2026-03-27T08:30:00+08:00",
            "has a time of day, but an edition is a day: give 2026-03-27",
        ),
    ] {
        let bad = run(dir.path(), &["import", "page.txt", "--date", date]);
        assert_eq!(bad.code, Some(2), "{}", bad.stderr);
        assert!(bad.stderr.contains(says), "{}", bad.stderr);
    }
}

#[test]
fn write_site_yaml_adds_missing_credits_keeps_equal_ones_and_replaces_others_only_with_force() {
    let dir = folder_with_seed();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();

    // The sample's own settings already hold these credits: nothing to change.
    std::fs::copy(repo_root().join("site.yaml"), site.join("site.yaml")).unwrap();
    let same = run(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--into",
            "site/articles",
            "--write-site-yaml",
        ],
    );
    assert_eq!(same.code, Some(0), "{}", same.stderr);
    assert!(
        same.stdout
            .contains("site/site.yaml: `editors` already set to the same value"),
        "{}",
        same.stdout
    );
    assert_eq!(
        common::read(&site, "site.yaml"),
        common::read(repo_root(), "site.yaml")
    );

    // Missing keys are added; every other line stays.
    let own = "# Our site.\ntitle: 株洲日报·评论\nbase_url: https://example.org/opinion/\ndefaults:\n  date: 2026-03-27\n";
    std::fs::write(site.join("site.yaml"), own).unwrap();
    let added = run(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--into",
            "site/articles",
            "--write-site-yaml",
            "--force",
        ],
    );
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    let merged = common::read(&site, "site.yaml");
    assert!(merged.starts_with(own), "{merged}");
    for line in [
        "default_section: 评论\n",
        "editors: [胡文洁, 周菁]\n",
        "submission_email: zzrbttsp@126.com\n",
    ] {
        assert!(merged.contains(line), "{merged}");
    }
    common::build_ok(&site, &[]);

    // Other editors already set: refused without --force, nothing written at all.
    let other = merged.replace("editors: [胡文洁, 周菁]", "editors: [王五]");
    std::fs::write(site.join("site.yaml"), &other).unwrap();
    std::fs::remove_dir_all(site.join("articles")).unwrap();
    let refused = run(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--into",
            "site/articles",
            "--write-site-yaml",
        ],
    );
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);
    assert!(
        refused.stderr.contains("site/site.yaml:"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("pass --force to replace it"),
        "{}",
        refused.stderr
    );
    assert_eq!(common::read(&site, "site.yaml"), other);
    assert!(!site.join("articles").exists());

    let replaced = run(
        dir.path(),
        &[
            "import",
            "page.txt",
            "--into",
            "site/articles",
            "--write-site-yaml",
            "--force",
        ],
    );
    assert_eq!(replaced.code, Some(0), "{}", replaced.stderr);
    assert_eq!(common::read(&site, "site.yaml"), merged);
}

#[test]
fn odd_pages_give_clear_messages_and_never_a_panic() {
    let cases: [(&str, &str); 12] = [
        ("empty", ""),
        ("blank lines", "\n\n  \n\u{3000}\n"),
        (
            "only credits",
            "评论\n\n责任编辑:胡文洁 周 菁\n\n投稿邮箱:zzrbttsp@126.com\n",
        ),
        (
            "a headline without byline",
            "在深入群众中厚植执政根基\n\n“十五五”规划纲要把群众工作摆在重要位置。\n",
        ),
        ("only a byline", "李宏\n"),
        ("a headline and byline, no text", "标题\n\n李宏\n"),
        (
            "brackets alone",
            "【\n\n】\n\n(\n\n(作者单位:\n\n【本文系\n",
        ),
        (
            "credits labels without values",
            "责任编辑:\n投稿邮箱:\n邮箱:邮箱:\n",
        ),
        ("numbered lines only", "一、\n\n(一)\n\n1.\n\n二、甲\n"),
        ("long line", &"长".repeat(100_000)),
        (
            "control characters",
            "\u{0}\u{1}标题\u{7}\n\n李宏\n\n正文\u{0}。\n",
        ),
        ("many headlines", &"标题\n\n李宏\n\n".repeat(500)),
    ];
    for (case, text) in cases {
        let page = import::parse(Path::new("page.txt"), text);
        for article in &page.articles {
            // Whatever is found can be written and read back.
            let file = article.file_text();
            fields(case, &file);
        }
        for warning in &page.warnings {
            assert!(
                warning.to_string().starts_with("page.txt:"),
                "{case}: {warning}"
            );
        }
    }

    let dir = tempdir();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("empty.txt", b"");
    write("credits.txt", "评论\n\n责任编辑:胡文洁 周 菁\n".as_bytes());
    write(
        "nobyline.txt",
        "在深入群众中厚植执政根基\n\n正文。\n".as_bytes(),
    );
    let mut latin1 = "标题\n\n李宏\n\n".as_bytes().to_vec();
    latin1.extend(b"caf\xe9\n");
    write("latin1.txt", &latin1);

    for name in ["empty.txt", "credits.txt", "nobyline.txt"] {
        let run = run(dir.path(), &["import", name]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "{name}: no article found: an article starts with its headline"
            )),
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(!dir.path().join("articles").exists(), "{name} wrote files");
    }
    let credits = run(dir.path(), &["import", "credits.txt"]);
    assert!(
        credits.stdout.contains("胡文洁, 周菁"),
        "{}",
        credits.stdout
    );

    let invalid = run(dir.path(), &["import", "latin1.txt"]);
    assert_eq!(invalid.code, Some(1));
    assert_eq!(
        invalid.stderr,
        "latin1.txt:5:4: not valid UTF-8 (byte 0xE9): save the page as UTF-8 text\nerror: nothing was written: 1 problem found\n"
    );
    let missing = run(dir.path(), &["import", "nowhere.txt"]);
    assert_eq!(missing.code, Some(1));
    assert!(
        missing
            .stderr
            .starts_with("error: cannot read nowhere.txt: "),
        "{}",
        missing.stderr
    );
}

#[test]
fn windows_line_ends_and_a_byte_order_mark_change_nothing() {
    let crlf = format!("\u{feff}{}", seed().replace('\n', "\r\n"));
    assert_same_articles("CRLF and BOM", &import_text(&crlf), None);
}

#[test]
fn values_that_need_quotes_are_quoted_and_read_back() {
    let page = "标题: 副题 #1\n\n李宏 杨双双\n\n【\"引语\": 有冒号】\n\n- 正文以连字符开头,*星号*与<b>标签</b>都照印。\n\n(作者单位:true)\n";
    let found = import::parse(Path::new("page.txt"), page);
    assert_eq!(found.articles.len(), 1, "{:#?}", found);
    let article = &found.articles[0];
    let file = article.file_text();
    let f = fields("x.md", &file);
    assert_eq!(f["title"], "标题: 副题 #1");
    assert_eq!(f["author"], "李宏, 杨双双");
    assert_eq!(f["summary"], "\"引语\": 有冒号");
    assert_eq!(f["affiliation"], "true");
    let text = markdown_to_text(&body("x.md", &file));
    assert_eq!(text, "- 正文以连字符开头,*星号*与<b>标签</b>都照印。");
}

#[test]
fn the_import_command_has_help() {
    let run = run(&PathBuf::from("."), &["import", "--help"]);
    assert_eq!(run.code, Some(0));
    for flag in [
        "--date",
        "--page <N>",
        "--into",
        "--dry-run",
        "--force",
        "--keep-punctuation",
        "--write-site-yaml",
    ] {
        assert!(run.stdout.contains(flag), "{flag}: {}", run.stdout);
    }
}

#[test]
fn the_page_name_may_follow_the_credits_lines() {
    let blocks = seed_blocks();
    let mut reordered = blocks.credits.clone();
    // 评论 / 责任编辑 / 投稿邮箱 → 责任编辑 / 投稿邮箱 / 评论, right above a column label.
    let name = reordered.remove(0);
    reordered.push(String::new());
    reordered.push(name);
    let shuffled = Blocks {
        credits: reordered,
        articles: blocks.articles.clone(),
    };
    let page = assemble(&shuffled, &[0, 1, 2, 3, 4, 5, 6], 2, true);
    let found = import::parse(Path::new("page.txt"), &page);
    assert_eq!(found.credits.page_name.as_deref(), Some("评论"));
    assert_same_articles("page name after the credits", &import_text(&page), None);
}

#[test]
fn staff_bylines_several_authors_and_unnumbered_short_lines() {
    let page = "新闻标题\n\n本报评论员\n\n【导语在这里。】\n\n第一段话。\n\n结语\n\n最后一段。\n\n第二篇文章\n\n李宏 杨双双\n\n正文开始,没有结束\n";
    let found = import::parse(Path::new("page.txt"), page);
    let summary: Vec<(&str, Vec<String>, usize)> = found
        .articles
        .iter()
        .map(|a| (a.title.as_str(), a.authors.clone(), a.paragraphs()))
        .collect();
    assert_eq!(
        summary,
        [
            ("新闻标题", vec!["本报评论员".to_owned()], 2),
            (
                "第二篇文章",
                vec!["李宏".to_owned(), "杨双双".to_owned()],
                1
            ),
        ]
    );
    assert_eq!(found.articles[0].summary.as_deref(), Some("导语在这里。"));
    // A lone short line without punctuation between paragraphs is a sub-heading.
    assert_eq!(
        found.articles[0].body[1],
        import::Block::Heading {
            level: 3,
            text: "结语".to_owned()
        }
    );
    let warnings: Vec<String> = found.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "page.txt:9: 「结语」 is a short line without punctuation between paragraphs of 「新闻标题」: read as a sub-heading (`### `)"
        ),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].starts_with(
            "page.txt:17: the text of 「第二篇文章」 ends without closing punctuation"
        ),
        "{warnings:#?}"
    );
    assert!(
        found.articles[1]
            .file_text()
            .contains("author: [李宏, 杨双双]\n")
    );
}

#[test]
fn shuffled_and_truncated_pages_never_panic_and_always_give_valid_files() {
    let seed = seed();
    let lines: Vec<&str> = seed.lines().collect();
    let chars: Vec<char> = seed.chars().collect();
    let mut rng = Lcg(2026);
    for round in 0..300 {
        let page = match round % 3 {
            // Lines in a random order, some dropped, some doubled.
            0 => (0..lines.len())
                .map(|_| lines[rng.next(lines.len())])
                .collect::<Vec<_>>()
                .join("\n"),
            // Cut anywhere, even inside a line.
            1 => chars[..rng.next(chars.len())].iter().collect(),
            // Random pieces of lines glued together.
            _ => (0..40)
                .map(|_| {
                    let line: Vec<char> = lines[rng.next(lines.len())].chars().collect();
                    let from = rng.next(line.len() + 1);
                    let to = from + rng.next(line.len() - from + 1);
                    line[from..to].iter().collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(if round % 2 == 0 { "\n\n" } else { "\n" }),
        };
        let mut found = import::parse(Path::new("page.txt"), &page);
        found.normalize_punctuation();
        for article in &found.articles {
            fields(&format!("round {round}"), &article.file_text());
            assert!(!article.file_stem().is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Through the binary: whatever the page, its text goes into the files or the import stops.

/// Writes `text` as `page.txt` into a fresh folder and runs `broadsheet import page.txt` there
/// with `extra` flags; gives what it printed and the files written into `articles/`.
fn import_page(text: &str, extra: &[&str]) -> (Run, BTreeMap<String, String>) {
    let dir = tempdir();
    std::fs::write(dir.path().join("page.txt"), text).expect("write the page");
    let mut args = vec!["import", "page.txt"];
    args.extend_from_slice(extra);
    let run = run(dir.path(), &args);
    let files = tree(&dir.path().join("articles"))
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8(bytes).expect("UTF-8")))
        .collect();
    (run, files)
}

#[test]
fn old_mac_line_ends_import_to_the_same_files_with_the_same_line_numbers() {
    let (unix, unix_files) = import_page(&seed(), &[]);
    assert_eq!(unix.code, Some(0), "{}", unix.stderr);
    assert_eq!(unix_files.len(), 7);
    let warning = "page.txt:143: warning: 「教学进度与学习效果,是家长关注的另一核心」";
    assert!(unix.stderr.contains(warning), "{}", unix.stderr);
    let seed = seed();
    let lines: Vec<&str> = seed.split('\n').collect();
    let mixed: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{l}{}", ["\r", "\r\n", "\n"][i % 3]))
        .collect();
    for (case, page) in [
        ("CR", seed.replace('\n', "\r")),
        (
            "CR and a byte order mark",
            format!("\u{feff}{}", seed.replace('\n', "\r")),
        ),
        ("CR, CRLF and LF mixed", mixed),
    ] {
        let (run, files) = import_page(&page, &[]);
        assert_eq!(run.code, Some(0), "{case}: {}\n{}", run.stdout, run.stderr);
        assert_eq!(files, unix_files, "{case}: the files differ");
        assert_eq!(run.stderr, unix.stderr, "{case}: the warnings differ");
        assert!(run.stdout.contains("(line 105)"), "{case}: {}", run.stdout);
    }
    // A byte that is not UTF-8 is named at its line, counted the same way.
    let dir = tempdir();
    let mut bytes = "标题\r\r李宏\r\n\r".as_bytes().to_vec();
    bytes.extend(b"caf\xe9\r");
    std::fs::write(dir.path().join("page.txt"), bytes).unwrap();
    let invalid = run(dir.path(), &["import", "page.txt"]);
    assert_eq!(invalid.code, Some(1));
    assert!(
        invalid
            .stderr
            .starts_with("page.txt:5:4: not valid UTF-8 (byte 0xE9)"),
        "{}",
        invalid.stderr
    );
}

/// A Han character: the test's own list, not the importer's.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}'
        | '\u{3007}')
}

/// The Han characters of `text`, in order.
fn han(text: &str) -> String {
    text.chars().filter(|&c| is_han(c)).collect()
}

/// The page's lines, however they end (`\r\n`, `\r`, `\n`): the test's own reading.
fn page_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_owned)
        .collect()
}

/// An affiliation or note line, as the seed prints them.
fn is_trailer(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("(作者单位") || text.starts_with("（作者单位") || text.starts_with("【本文系")
}

/// Han text, read from the page or put back together from the written files.
#[derive(Debug, PartialEq, Eq)]
struct HanText {
    /// Every Han character in reading order; in the files: each file's column label (a
    /// `section` other than the page's name), headline, byline, pull quote, body, affiliation
    /// and note, the files in the order of their headlines on the page.
    all: String,
    /// The same without the affiliations and notes, which the importer moves to the end of
    /// their article when they stand before more of its text (it warns at the line).
    without_trailers: String,
    /// The Han characters of the affiliations and notes, sorted.
    trailers: Vec<char>,
}

impl HanText {
    fn new(pieces: &[(String, bool)]) -> HanText {
        let all = pieces.iter().map(|(p, _)| han(p)).collect();
        let without_trailers = pieces
            .iter()
            .filter(|(_, trailer)| !trailer)
            .map(|(p, _)| han(p))
            .collect();
        let mut trailers: Vec<char> = pieces
            .iter()
            .filter(|(_, trailer)| *trailer)
            .flat_map(|(p, _)| han(p).chars().collect::<Vec<_>>())
            .collect();
        trailers.sort_unstable();
        HanText {
            all,
            without_trailers,
            trailers,
        }
    }

    /// The page's text: every line but those of `skipped` (the credits).
    fn of_page(page: &str, skipped: &[usize]) -> HanText {
        let pieces: Vec<(String, bool)> = page_lines(page)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !skipped.contains(i))
            .map(|(_, line)| {
                let trailer = is_trailer(&line);
                (line, trailer)
            })
            .collect();
        HanText::new(&pieces)
    }

    /// The written files' text, put back as the page printed it.
    fn of_files(files: &BTreeMap<String, String>, page: &str, page_name: &str) -> HanText {
        let lines = page_lines(page);
        let mut ordered: Vec<(usize, Vec<(String, bool)>)> = files
            .iter()
            .map(|(name, text)| {
                let f = fields(name, text);
                let at = lines
                    .iter()
                    .position(|l| {
                        // As printed, or with its punctuation made full-width (the default).
                        l.trim() == f["title"]
                            || import::normalize_punctuation(l.trim()) == f["title"]
                    })
                    .unwrap_or_else(|| panic!("{name}: its headline is no line of the page"));
                let mut pieces = Vec::new();
                let mut put = |text: String, trailer| pieces.push((text, trailer));
                // A column label printed above the headline (or above its kicker); a piece of
                // a box takes its box's label without printing it again.
                let printed_above = |text: &str| {
                    lines[..at]
                        .iter()
                        .rev()
                        .filter(|l| !l.trim().is_empty())
                        .take(2)
                        .any(|l| {
                            l.trim() == text || import::normalize_punctuation(l.trim()) == text
                        })
                };
                if let Some(section) = f
                    .get("section")
                    .filter(|s| *s != page_name && printed_above(s))
                {
                    put(section.clone(), false);
                }
                if let Some(kicker) = f.get("kicker") {
                    put(kicker.clone(), false);
                }
                put(f["title"].clone(), false);
                if let Some(subtitle) = f.get("subtitle") {
                    put(subtitle.clone(), false);
                }
                if let Some(author) = f.get("author") {
                    put(author.clone(), false);
                }
                if let Some(summary) = f.get("summary") {
                    put(summary.clone(), false);
                }
                if let Some(standfirst) = f.get("standfirst") {
                    put(standfirst.clone(), false);
                }
                for paragraph in body(name, text).split("\n\n") {
                    let paragraph = markdown_to_text(paragraph);
                    let trailer = is_trailer(&paragraph);
                    put(paragraph, trailer);
                }
                // `作者单位` is printed on the page and is the key in the file.
                if let Some(affiliation) = f.get("affiliation") {
                    put(format!("(作者单位:{affiliation})"), true);
                }
                if let Some(note) = f.get("note") {
                    put(note.clone(), true);
                }
                (at, pieces)
            })
            .collect();
        ordered.sort_by_key(|(at, _)| *at);
        let pieces: Vec<(String, bool)> = ordered.into_iter().flat_map(|(_, p)| p).collect();
        HanText::new(&pieces)
    }
}

/// Asserts that the files hold the page's Han text (credits aside): `strict` in its order
/// throughout, else in order with the affiliations and notes counted apart.
fn assert_same_han(case: &str, files: &BTreeMap<String, String>, page: &str, strict: bool) {
    let imported = HanText::of_files(files, page, "评论");
    let printed = HanText::of_page(page, &credits_lines(page));
    let compare = |what: &str, a: &str, b: &str| {
        if a != b {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let around = |v: &[char]| -> String {
                v[at.saturating_sub(20)..(at + 20).min(v.len())]
                    .iter()
                    .collect()
            };
            panic!(
                "{case}: {what}: the files' text differs from the page's at Han character {at} (the files hold {}, the page {}):\n files: …{}…\n page:  …{}…",
                a.len(),
                b.len(),
                around(&a),
                around(&b)
            );
        }
    };
    if strict {
        compare("in order", &imported.all, &printed.all);
    }
    compare(
        "in order, affiliations and notes aside",
        &imported.without_trailers,
        &printed.without_trailers,
    );
    assert_eq!(
        imported.trailers, printed.trailers,
        "{case}: the affiliations and notes"
    );
}

/// The indices (0-based) of the page's credits lines: the page's name, 责任编辑, 投稿邮箱.
fn credits_lines(page: &str) -> Vec<usize> {
    let lines = page_lines(page);
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("责任编辑") || line.starts_with("投稿邮箱") {
            found.push(i);
        }
    }
    if let Some(&editors) = found.first()
        && let Some(name) = (0..editors).rev().find(|&j| !lines[j].trim().is_empty())
    {
        found.push(name);
    }
    found
}

/// The page's line numbers (1-based) that `stderr` names as `page.txt:N:`.
fn named_lines(stderr: &str) -> Vec<usize> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("page.txt:"))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect()
}

/// The seed with the lines of `dropped` (1-based) taken out, or blanked when `blank`.
fn seed_without(dropped: &[usize], blank: bool) -> String {
    seed()
        .split('\n')
        .enumerate()
        .filter_map(|(i, l)| match dropped.contains(&(i + 1)) {
            false => Some(l),
            true if blank => Some(""),
            true => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The seed's byline lines (1-based), in page order, with the names they print.
const SEED_BYLINES: [(usize, &str); 7] = [
    (5, "李宏"),
    (51, "杨双双"),
    (115, "李军"),
    (135, "戴凛"),
    (155, "廖智勇"),
    (171, "易蓉"),
    (195, "任远"),
];

#[test]
fn headlines_whose_bylines_are_missing_still_start_their_articles_and_keep_their_text() {
    let seed = seed();
    let lines: Vec<&str> = seed.split('\n').collect();
    for (line, name) in SEED_BYLINES {
        assert_eq!(lines[line - 1], name);
    }
    let expected = checked_in();
    let cases: [(&str, &[usize], bool); 4] = [
        (
            "all bylines but the last taken out",
            &[5, 51, 115, 135, 155, 171],
            false,
        ),
        (
            "all bylines but the last blanked",
            &[5, 51, 115, 135, 155, 171],
            true,
        ),
        ("the first two taken out", &[5, 51], false),
        (
            "every byline taken out",
            &[5, 51, 115, 135, 155, 171, 195],
            false,
        ),
    ];
    for (case, dropped, blank) in cases {
        let page = seed_without(dropped, blank);
        let (run, files) = import_page(&page, &["--into", "articles"]);
        assert_eq!(run.code, Some(0), "{case}:\n{}\n{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("7 articles found"),
            "{case}: {}",
            run.stdout
        );
        // Each file is the checked-in one, without `author:` where the byline is missing.
        assert_eq!(files.len(), 7, "{case}: {:?}", files.keys());
        for (name, text) in &files {
            let stem = name.strip_suffix(".md").unwrap();
            let want = &expected[stem];
            let author = fields(name, want)["author"].clone();
            let printed = SEED_BYLINES.iter().find(|(_, n)| *n == author).unwrap().0;
            let want = if dropped.contains(&printed) {
                want.replace(&format!("author: {author}\n"), "")
            } else {
                want.clone()
            };
            assert_eq!(text, &want, "{case}: {name}");
        }
        // Every one of them is named in a warning, at its headline's line.
        for expected in checked_in().values() {
            let title = fields("x.md", expected)["title"].clone();
            let at = page_lines(&page).iter().position(|l| *l == title).unwrap() + 1;
            let author = fields("x.md", expected)["author"].clone();
            let printed = SEED_BYLINES.iter().find(|(_, n)| *n == author).unwrap().0;
            if dropped.contains(&printed) {
                let prefix = format!("page.txt:{at}: warning: 「{title}」 looks like a headline");
                assert!(
                    run.stderr
                        .lines()
                        .any(|l| l.starts_with(&prefix) && l.contains("no byline")),
                    "{case}: line {at} ({title}) is not named:\n{}",
                    run.stderr
                );
            }
        }
        // Nothing of the page's text is lost or repeated.
        assert_same_han(case, &files, &page, true);
    }
}

#[test]
fn lines_that_fit_no_article_stop_the_import_and_are_named() {
    let stopped = |case: &str, page: &str| {
        let (run, files) = import_page(page, &[]);
        assert_eq!(run.code, Some(1), "{case}:\n{}\n{}", run.stdout, run.stderr);
        assert!(files.is_empty(), "{case}: files were written");
        assert!(
            run.stderr.contains("error: nothing was written"),
            "{case}: {}",
            run.stderr
        );
        // Every line it names is a line of the page with text on it.
        let lines = page_lines(page);
        let named = named_lines(&run.stderr);
        assert!(!named.is_empty(), "{case}: {}", run.stderr);
        for line in named {
            assert!(
                lines.get(line - 1).is_some_and(|l| !l.trim().is_empty()),
                "{case}: line {line} is named but holds no text"
            );
        }
        run.stderr
    };

    // A line of text above the first headline: not a headline (it ends a sentence).
    let page = format!("本版今日刊发七篇评论,欢迎读者来稿。\n\n{}", seed());
    let stderr = stopped("a sentence above the first article", &page);
    assert!(
        stderr.contains(
            "page.txt:1: 「本版今日刊发七篇评论,欢迎读者来稿。」 comes before the first article"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("delete"), "{stderr}");

    // A run of such lines is named once, from its first line to its last.
    let page = format!(
        "株洲日报\n\n2026年3月27日 星期五,第5版。\n\n本版今日刊发七篇评论。\n\n{}",
        seed()
    );
    let stderr = stopped("three lines above the first article", &page);
    assert!(
        stderr.contains("page.txt:1: lines 1–5 (「株洲日报」 to 「本版今日刊发七篇评论。」) come before the first article"),
        "{stderr}"
    );

    // The top article's headline, without its byline, is too long to be one: its text is named.
    let long = "在深入群众中厚植执政根基——写在“十五五”规划开局之年的株洲市基层群众工作调研与思考，兼论新时代党的群众工作机制创新、基层社会治理现代化与干部作风建设的实践路径及其现实意义";
    assert!(long.chars().count() > 80);
    let page = seed_without(&[5], false).replacen("在深入群众中厚植执政根基", long, 1);
    let stderr = stopped("a long headline without a byline on top", &page);
    assert!(stderr.contains("page.txt:3: lines 3–"), "{stderr}");

    // No headline anywhere has a byline, a column label or a pull quote: no article at all.
    let page =
        "在深入群众中厚植执政根基\n\n“十五五”规划纲要把群众工作摆在重要位置。\n\n要走近群众。\n";
    let stderr = stopped("no article", page);
    assert!(stderr.contains("page.txt: no article found"), "{stderr}");
    assert!(stderr.contains("page.txt:1: lines 1–5"), "{stderr}");
}

#[test]
fn a_headline_without_a_byline_where_the_page_does_not_tell_is_kept_as_text_and_named() {
    // The research piece, without its byline, after a column piece (no affiliation, label or
    // pull quote between): it might be a sub-heading; it is kept as text of the piece before,
    // and the warning says how to make it an article.
    let blocks = seed_blocks();
    let mut research = blocks.articles[1].clone();
    research.1.retain(|l| l != "杨双双");
    let shuffled = Blocks {
        credits: blocks.credits.clone(),
        articles: vec![
            blocks.articles[2].clone(),
            research,
            blocks.articles[0].clone(),
        ],
    };
    let page = assemble(&shuffled, &[0, 1, 2], 0, true);
    let (run, files) = import_page(&page, &[]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(files.len(), 2, "{:?}", files.keys());
    let at = page_lines(&page)
        .iter()
        .position(|l| l == "新业态背景下株洲大学生高质量就业路径探索")
        .unwrap()
        + 1;
    let warning = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&format!("page.txt:{at}: ")))
        .unwrap_or_else(|| panic!("line {at} is not named:\n{}", run.stderr));
    assert!(
        warning.contains("if it is the headline of an article whose byline is missing, put the author's name alone on the line under it"),
        "{warning}"
    );
    assert_same_han("a headline kept as text", &files, &page, true);
}

#[test]
fn a_long_headline_with_a_byline_under_it_starts_its_article() {
    let expected = checked_in();
    let cases = [
        // On top of the page.
        (
            "在深入群众中厚植执政根基",
            "在深入群众中厚植执政根基——关于新时代株洲市党的群众工作机制创新与基层社会治理现代化的调查与思考",
        ),
        // Right after the affiliation and note of the article before.
        (
            "新业态背景下株洲大学生高质量就业路径探索",
            "新业态背景下株洲大学生高质量就业路径探索——以株洲市新能源装备、数字经济与直播电商等新业态为样本的调查与思考",
        ),
        // Under a column label, after the credits.
        (
            "以价值创造为社会工作添彩",
            "以价值创造为社会工作添彩——写在“十五五”开局之年株洲市社会工作再出发之际的几点思考，兼谈社区共益人机制、国企带民企与红领导师等基层治理创新的经验与启示",
        ),
        // Under a column label, after a finished paragraph of the article before.
        (
            "以创意让传统产业焕发新生机",
            "以创意让传统产业焕发新生机——从醴陵陶瓷盲盒杯季销6万件看传统制造业的转型升级之路",
        ),
    ];
    for (short, long) in cases {
        let count = long.chars().count();
        assert!((41..=80).contains(&count), "{long}: {count} characters");
        let page = seed().replacen(&format!("\n{short}\n"), &format!("\n{long}\n"), 1);
        let (run, files) = import_page(&page, &[]);
        assert_eq!(run.code, Some(0), "{long}:\n{}\n{}", run.stdout, run.stderr);
        assert_eq!(files.len(), 7, "{long}: {:?}", files.keys());
        // Every file as checked in; the lengthened one under its long name, with its long
        // headline and its author.
        for (stem, want) in &expected {
            if stem == short {
                let want =
                    want.replacen(&format!("title: {short}\n"), &format!("title: {long}\n"), 1);
                assert_eq!(files[&format!("{long}.md")], want, "{long}");
            } else {
                assert_eq!(&files[&format!("{stem}.md")], want, "{long}: {stem}");
            }
        }
        assert_same_han(long, &files, &page, true);
    }
}

#[test]
fn a_line_too_long_for_a_headline_above_a_byline_stops_the_import() {
    let short = "以价值创造为社会工作添彩";
    let long = "以价值创造为社会工作添彩——写在“十五五”开局之年株洲市社会工作再出发之际的几点思考，兼谈社区共益人机制、国企带民企与红领导师等基层治理创新的经验与启示及其对全省各市州的借鉴意义";
    let count = long.chars().count();
    assert!(count > 80, "{count}");
    let page = seed().replacen(&format!("\n{short}\n"), &format!("\n{long}\n"), 1);
    let (run, files) = import_page(&page, &[]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(files.is_empty(), "{:?}", files.keys());
    let message = run
        .stderr
        .lines()
        .find(|l| l.starts_with("page.txt:113: "))
        .unwrap_or_else(|| panic!("line 113 is not named:\n{}", run.stderr));
    assert!(
        message.contains(&format!("has {count} characters")) && message.contains("line 115"),
        "{message}"
    );
    assert!(
        run.stderr.contains("error: nothing was written"),
        "{}",
        run.stderr
    );

    // A long line that goes on from a sentence the layout cut, above a name alone on a line:
    // read as text, never unsaid.
    let page = "在深入群众中厚植执政根基\n\n李宏\n\n群众工作要落到实处,干部要走进群众、倾听群众,把群众的\n\n操心事、烦心事、揪心事当作自己的事来办,真正做到问需于民、问计于民的那一份初心与坚守\n\n张伟\n\n这是最后一句。\n";
    let (run, files) = import_page(page, &[]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(files.len(), 1, "{:?}", files.keys());
    assert!(
        run.stderr.contains("page.txt:7: warning: 「操心事、烦心事、揪心事当作自己的事来办,真正做到…」 stands above what looks like a byline (「张伟」, line 9)"),
        "{}",
        run.stderr
    );
    assert_same_han("a long line going on", &files, page, true);
}

#[test]
fn a_name_right_above_the_credits_is_the_pages_name_not_a_byline() {
    // The first article's byline is missing and the credits follow its headline: 评论 reads
    // like a two-character name, but it is the page's.
    let page = "在深入群众中厚植执政根基\n\n评论\n\n责任编辑:胡文洁 周 菁\n\n投稿邮箱:zzrbttsp@126.com\n\n做好新时代党的群众工作,说到底还是做人的工作。\n\n以价值创造为社会工作添彩\n\n李军\n\n基层治理的现代化,归根结底是人的现代化。\n";
    let (run, files) = import_page(page, &[]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("page name (版名):       评论  (line 3)"),
        "{}",
        run.stdout
    );
    let first = &files["在深入群众中厚植执政根基.md"];
    assert!(!first.contains("author:"), "{first}");
    assert!(first.contains("做好新时代党的群众工作"), "{first}");
    assert_same_han("the name above the credits", &files, page, true);
}

#[test]
fn a_second_affiliation_line_is_kept_whole_as_text_and_its_note_is_not_printed_twice() {
    let note = "本文系株洲市社会科学成果规划课题(ZZSK2025126)成果";
    let page = format!(
        "在深入群众中厚植执政根基\n\n李宏\n\n做好新时代党的群众工作,说到底还是做人的工作。\n\n(作者单位:株洲市委党校)\n\n(作者单位:湖南铁道职业技术学院)【{note}】\n"
    );
    let (run, files) = import_page(&page, &["--keep-punctuation"]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let file = &files["在深入群众中厚植执政根基.md"];
    assert!(file.contains("affiliation: 株洲市委党校\n"), "{file}");
    assert!(!file.contains("note:"), "{file}");
    assert_eq!(file.matches(note).count(), 1, "{file}");
    assert!(
        run.stderr
            .contains("page.txt:9: warning: a second affiliation, source or note"),
        "{}",
        run.stderr
    );
    assert_same_han("a second affiliation", &files, &page, false);
}

// ---------------------------------------------------------------------------------------
// The guard of "nothing lost": pages made at random from the seed's pieces.

/// Cuts `line` at one or two places, anywhere (even after a full stop), leaving at least 12
/// characters in each piece: where a column of print might have ended.
fn cut_anywhere(line: &str, rng: &mut common::Random) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    for _ in 0..1 + rng.below(2) {
        if chars.len() < start + 24 {
            break;
        }
        let at = start + 12 + rng.below(chars.len() - start - 23);
        pieces.push(chars[start..at].iter().collect());
        start = at;
    }
    pieces.push(chars[start..].iter().collect());
    pieces
}

/// One page made from the seed's pieces: the articles shuffled (sometimes only some of them),
/// bylines and column labels dropped at random, headlines lengthened (to 41–80 characters
/// mostly, past 80 sometimes), paragraphs re-broken, blank lines put in, the credits between
/// articles or inside one, and the lines ended by `\n`, `\r\n`, `\r` or a mix.
fn random_page(blocks: &Blocks, filler: &[char], rng: &mut common::Random) -> String {
    let mut order: Vec<usize> = (0..blocks.articles.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    if rng.below(3) == 0 {
        order.truncate(1 + rng.below(order.len()));
    }
    let credits: Vec<String> = blocks
        .credits
        .iter()
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .collect();
    // Before the article at `credits_at` (after the last when it is past them), or inside it.
    let credits_at = rng.below(order.len() + 1);
    let credits_inside = rng.below(5) == 0;
    let mut units: Vec<String> = Vec::new();
    for (position, &a) in order.iter().enumerate() {
        if position == credits_at && !credits_inside {
            units.extend(credits.iter().cloned());
        }
        let (label, lines) = &blocks.articles[a];
        // Headline, byline, then the rest (pull quote, text, affiliation and note).
        let lines: Vec<&String> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
        if let Some(label) = label
            && rng.below(8) != 0
        {
            units.push(label.clone());
        }
        let mut title = lines[0].clone();
        if rng.below(3) == 0 {
            let target = match rng.below(10) {
                0 => 20 + rng.below(21),
                1 | 2 => 81 + rng.below(20),
                _ => 41 + rng.below(40),
            };
            title.push_str("——");
            let missing = target.saturating_sub(title.chars().count()).max(1);
            let from = rng.below(filler.len() - missing);
            title.extend(&filler[from..from + missing]);
        }
        units.push(title);
        if rng.below(5) >= 2 {
            units.push(lines[1].clone());
        }
        let rest = &lines[2..];
        let inside = (position == credits_at && credits_inside).then(|| rng.below(rest.len()));
        for (k, line) in rest.iter().enumerate() {
            if inside == Some(k) {
                units.extend(credits.iter().cloned());
            }
            let text = line.chars().count() >= 30 && !is_trailer(line) && !line.starts_with('【');
            if text && rng.below(2) == 0 {
                units.extend(cut_anywhere(line, rng));
            } else {
                units.push((*line).clone());
            }
        }
    }
    if credits_at == order.len() {
        units.extend(credits.iter().cloned());
    }
    let endings = ["\n", "\r\n", "\r"];
    let ending = rng.below(4);
    let end = |page: &mut String, rng: &mut common::Random| {
        page.push_str(endings[if ending == 3 { rng.below(3) } else { ending }]);
    };
    let mut page = String::new();
    if rng.below(10) == 0 {
        page.push('\u{feff}');
    }
    for unit in units {
        page.push_str(&unit);
        end(&mut page, rng);
        for _ in 0..rng.below(3) {
            page.push_str(["", "  ", "\u{3000}"][rng.below(3)]);
            end(&mut page, rng);
        }
    }
    page
}

#[test]
fn pages_made_at_random_from_the_seeds_pieces_lose_no_text() {
    let blocks = seed_blocks();
    for (_, lines) in &blocks.articles {
        let lines: Vec<&String> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
        assert!(
            SEED_BYLINES.iter().any(|(_, name)| name == lines[1]),
            "{lines:?}"
        );
    }
    // Han characters of the seed's paragraphs, to lengthen headlines with.
    let filler: Vec<char> = seed()
        .lines()
        .filter(|l| l.chars().count() > 60 && !is_trailer(l))
        .flat_map(|l| han(l).chars().collect::<Vec<_>>())
        .collect();
    let (mut imported, mut refused) = (0, 0);
    for round in 0..400u64 {
        let mut rng = common::Random(round);
        let page = random_page(&blocks, &filler, &mut rng);
        let case = format!("page #{round} (common::Random({round}))");
        let (run, files) = import_page(&page, &[]);
        assert!(!run.stderr.contains("panicked"), "{case}: {}", run.stderr);
        match run.code {
            Some(0) => {
                imported += 1;
                // In order; an affiliation that stood before more of its article's text moves
                // to the article's end, as the warning at its line says.
                let moved = run.stderr.contains("stands before more of its text");
                assert_same_han(&case, &files, &page, !moved);
            }
            Some(1) => {
                refused += 1;
                assert!(files.is_empty(), "{case}: refused, but files were written");
                assert!(
                    run.stderr.contains("error: nothing was written"),
                    "{case}: {}",
                    run.stderr
                );
                // The problems (printed last, above the count of them) name lines of the page
                // that hold text.
                let stderr: Vec<&str> = run.stderr.lines().collect();
                let count: usize = stderr
                    .last()
                    .and_then(|l| l.strip_prefix("error: nothing was written: "))
                    .and_then(|l| l.split(' ').next()?.parse().ok())
                    .unwrap_or_else(|| panic!("{case}: {}", run.stderr));
                let problems = stderr[stderr.len() - 1 - count..stderr.len() - 1].join("\n");
                let lines = page_lines(&page);
                let named = named_lines(&problems);
                assert!(!named.is_empty(), "{case}: no line is named:\n{problems}");
                for line in named {
                    assert!(
                        lines.get(line - 1).is_some_and(|l| !l.trim().is_empty()),
                        "{case}: line {line} is named but holds no text:\n{problems}"
                    );
                }
            }
            other => panic!("{case}: exit status {other:?}\n{}", run.stderr),
        }
    }
    eprintln!("{imported} pages imported, {refused} refused");
    assert!(imported >= 250, "{imported} imported, {refused} refused");
}
