//! `broadsheet import` on the shapes of Chinese newspaper pages beyond the sample's: subtitles
//! and kickers, tail lines in brackets, standfirsts, numbers and Latin words cut by the layout,
//! unnumbered sub-headings, boxes of several pieces, series banners with an editor's note,
//! page headers and every form of credits, bylines with roles or padding. The pages are written
//! for these tests (no newspaper's text); each test reads what went where, the warnings that
//! name the doubtful lines, and that no character of the page was lost.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use broadsheet::import::{self, Article, Block};
use common::{Run, front_matters, run_command, tempdir};

/// A theory page: a header, a column label over a kicker over a headline with a subtitle, a
/// staff byline with a role and a padded name, a labelled standfirst, numbers cut by column
/// breaks, an unnumbered sub-heading, and three tail lines; then a series piece with its
/// subtitle numbered ③; then the credits in their short forms.
const THEORY_PAGE: &str = "\
第3版 2025年4月1日 星期二 理论

理论前沿

在细微处见真情，于日常中显担当

让公共服务走进百姓家门

——从一次入户走访说起

本报记者 王  明

导语：公共服务的温度，取决于它离群众有多近。

社区服务中心的灯光常常亮到深夜。工作人员说，这样做是为了让下班晚的居民也能办成事。去年中心接待居民近2

0万人次，比前年增长了12.

5%。

参与式服务的经验

服务时间跟着群众的作息走，服务内容跟着群众的需要变。不少社区用上了Chat

GPT一类的工具整理居民意见，也有人在 open

source 社区里找到了排队系统。

（作者系某大学公共管理学院教授）

（摘编自《城市观察》）

城市更新需要久久为功

——谈老旧小区改造③

李  华

老旧小区改造涉及千家万户，既要改得好，也要住得好。议事会让不同意见都有表达的渠道。

小区的事情大家商量着办，这是改造能够顺利推进的关键。

（本系列完）

本版责编：张  强

版式设计：刘 洋

图片编辑：陈晓
";

/// A page of boxes: two short commentaries under one label; a series under a label, a banner
/// and an editor's note signed ——编者; a tail `（作者为本报评论员）`.
const BOX_PAGE: &str = "\
三言两语

别让打卡变成负担

赵平

一些单位要求干部每天在多个平台打卡，看似严格管理，实则增加负担。管理要看实效，不能只看留痕。

减负要落到实处

□孙悦

基层减负喊了多年，仍有不少形式主义的做法换了个样子出现。减负不能停在文件上，要落在日常工作里。

评论员观察

奋力书写高质量发展新答卷

编者按：即日起，本版推出系列评论，围绕发展中的热点问题展开讨论，敬请读者关注。——编者

以实干回应群众期待

本报评论员

发展的答卷要靠实干来写。面对新的任务，各级干部要把心思用在干事上，把功夫下在落实上。

（作者为本报评论员）

以创新激发发展活力

文/吴静

创新是发展的第一动力。从实验室到生产线，每一步都需要制度的支撑和耐心的投入。

评论

责任编辑：胡 敏

投稿邮箱：opinion@example.cn
";

fn parse(page: &str) -> import::Page {
    import::parse(Path::new("page.txt"), page)
}

fn article<'p>(page: &'p import::Page, title: &str) -> &'p Article {
    page.articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article 「{title}」 in {:#?}", page.articles))
}

fn warnings(page: &import::Page) -> Vec<String> {
    page.warnings.iter().map(ToString::to_string).collect()
}

fn paragraphs(article: &Article) -> Vec<&str> {
    article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(text) => Some(text.as_str()),
            Block::Heading { .. } => None,
        })
        .collect()
}

/// Imports `page` (named `name`) into a new site's `articles/` with `extra` flags.
fn import_into_site(name: &str, page: &str, extra: &[&str]) -> (tempfile::TempDir, Run) {
    let dir = tempdir();
    std::fs::write(dir.path().join(name), page).unwrap();
    let mut args = vec!["import", name, "--into", "articles"];
    args.extend_from_slice(extra);
    let run = run_command(dir.path(), &args);
    (dir, run)
}

/// The Han characters of `text`, sorted: what the page and the files must both hold.
fn han_sorted(text: &str) -> Vec<char> {
    let mut found: Vec<char> = text
        .chars()
        .filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        .collect();
    found.sort_unstable();
    found
}

/// Asserts that every Han character of the page but its header and credits lines (`furniture`,
/// whole lines) is in the written files, as often as printed, and nothing more:
/// the files' keys' values and bodies, each box label counted once.
fn assert_nothing_lost(site: &Path, page: &str, furniture: &[&str]) {
    let kept: String = page
        .lines()
        .filter(|line| !furniture.contains(line))
        .collect::<Vec<_>>()
        .join("\n");
    // Words that name in print what the files give as keys (and a byline's `文/`).
    let printed_labels = ["作者系", "作者为", "导语：", "作者单位", "文/"];
    let mut printed = kept.clone();
    for label in printed_labels {
        printed = printed.replace(label, "");
    }
    let mut written = String::new();
    let mut sections: Vec<String> = Vec::new();
    for fm in front_matters(site) {
        for (key, value) in &fm.fields {
            match key.as_str() {
                // A box's label is printed once and is the section of each of its pieces; a
                // staff role is both the byline's and the affiliation.
                "section" => {
                    if !sections.contains(value) {
                        sections.push(value.clone());
                    }
                }
                _ => written.push_str(value),
            }
        }
        let text =
            std::fs::read_to_string(site.join("articles").join(format!("{}.md", fm.stem))).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
        written.push_str(body);
    }
    written.push_str(&sections.join(""));
    assert_eq!(
        han_sorted(&written),
        han_sorted(&printed),
        "the files' Han characters differ from the page's\nfiles: {written}\npage: {printed}"
    );
}

#[test]
fn a_kicker_a_subtitle_a_labelled_standfirst_and_tail_lines_go_to_their_keys() {
    let page = parse(THEORY_PAGE);
    assert!(page.errors.is_empty(), "{:#?}", page.errors);
    let titles: Vec<&str> = page.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["让公共服务走进百姓家门", "城市更新需要久久为功"]);

    let first = article(&page, "让公共服务走进百姓家门");
    assert_eq!(first.label.as_deref(), Some("理论前沿"));
    assert_eq!(first.section.as_deref(), Some("理论前沿"));
    assert_eq!(
        first.kicker.as_deref(),
        Some("在细微处见真情，于日常中显担当")
    );
    assert_eq!(first.subtitle.as_deref(), Some("——从一次入户走访说起"));
    assert_eq!(first.authors, ["王明"]);
    assert_eq!(
        first.standfirst.as_deref(),
        Some("公共服务的温度，取决于它离群众有多近。")
    );
    assert_eq!(first.affiliation.as_deref(), Some("某大学公共管理学院教授"));
    assert_eq!(first.source.as_deref(), Some("摘编自《城市观察》"));
    // The byline's role gave way to the tail's affiliation, and was kept in the note.
    assert_eq!(first.note.as_deref(), Some("本报记者"));

    let second = article(&page, "城市更新需要久久为功");
    assert_eq!(second.subtitle.as_deref(), Some("——谈老旧小区改造③"));
    assert_eq!(second.authors, ["李华"]);
    assert_eq!(second.note.as_deref(), Some("本系列完"));
    assert_eq!(second.affiliation, None);
    // Without a label of its own, short, after a short labelled piece: a second piece of the
    // same box, said in a warning.
    assert_eq!(second.section.as_deref(), Some("理论前沿"));
    assert!(
        warnings(&page).iter().any(|w| w.contains(
            "「城市更新需要久久为功」 has no column label of its own and follows the short piece 「让公共服务走进百姓家门」 under 「理论前沿」, short itself: read as a second piece of the same box, section 「理论前沿」"
        )),
        "{:#?}",
        warnings(&page)
    );
    assert_eq!(paragraphs(second).len(), 2);
}

#[test]
fn numbers_and_latin_words_cut_by_a_column_break_are_joined_without_a_space() {
    let page = parse(THEORY_PAGE);
    let first = article(&page, "让公共服务走进百姓家门");
    let text = paragraphs(first);
    assert_eq!(
        text[0],
        "社区服务中心的灯光常常亮到深夜。工作人员说，这样做是为了让下班晚的居民也能办成事。去年中心接待居民近20万人次，比前年增长了12.5%。"
    );
    assert_eq!(
        text[1],
        "服务时间跟着群众的作息走，服务内容跟着群众的需要变。不少社区用上了ChatGPT一类的工具整理居民意见，也有人在 open source 社区里找到了排队系统。"
    );
}

#[test]
fn an_unnumbered_sub_heading_is_a_heading_named_in_a_warning_never_joined() {
    let page = parse(THEORY_PAGE);
    let first = article(&page, "让公共服务走进百姓家门");
    assert_eq!(
        first.body[1],
        Block::Heading {
            level: 3,
            text: "参与式服务的经验".to_owned()
        }
    );
    let line = THEORY_PAGE
        .lines()
        .position(|l| l == "参与式服务的经验")
        .unwrap()
        + 1;
    let warnings = warnings(&page);
    assert!(
        warnings.iter().any(|w| w.starts_with(&format!(
            "page.txt:{line}: 「参与式服务的经验」 is a short line without punctuation between paragraphs of 「让公共服务走进百姓家门」: read as a sub-heading (`### `)"
        ))),
        "{warnings:#?}"
    );
}

#[test]
fn the_page_header_and_every_form_of_credits_are_the_pages_facts() {
    let page = parse(THEORY_PAGE);
    let credits = &page.credits;
    assert_eq!(credits.number, Some((3, 1)));
    assert_eq!(credits.date, Some(("2025-04-01".to_owned(), 1)));
    assert_eq!(credits.page_name.as_deref(), Some("理论"));
    assert_eq!(credits.editors, ["张强"]);
    assert_eq!(credits.designers, ["刘洋"]);
    assert_eq!(credits.picture_editors, ["陈晓"]);
    // No line of the header or the credits went into an article.
    for article in &page.articles {
        for block in &article.body {
            let (Block::Paragraph(text) | Block::Heading { text, .. }) = block;
            assert!(!text.contains("第3版") && !text.contains("责编"), "{text}");
        }
    }
}

#[test]
fn the_header_dates_the_page_and_numbers_it_in_its_edition() {
    let (site, run) = import_into_site("theory.txt", THEORY_PAGE, &[]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let edition = std::fs::read_to_string(site.path().join("editions/2025-04-01.yaml"))
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", run.stdout, run.stderr));
    for line in [
        "- number: 3",
        "name: 理论",
        "editors: [张强]",
        "designers: [刘洋]",
        "picture_editors: [陈晓]",
        "- 让公共服务走进百姓家门",
        "- 城市更新需要久久为功",
    ] {
        assert!(edition.contains(line), "no `{line}` in\n{edition}");
    }
    assert!(
        run.stdout
            .contains("page number (版次):     3  (header, line 1)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("picture editors (图片编辑): 陈晓"),
        "{}",
        run.stdout
    );
    // What went where, under each article's row of the table.
    for row in [
        "kicker: 在细微处见真情，于日常中显担当",
        "subtitle: ——从一次入户走访说起",
        "standfirst: 公共服务的温度，取决于它离群众有多近。",
        "affiliation: 某大学公共管理学院教授",
        "source: 摘编自《城市观察》",
        "note: 本系列完",
    ] {
        assert!(run.stdout.contains(row), "no `{row}` in\n{}", run.stdout);
    }
    let file =
        std::fs::read_to_string(site.path().join("articles/让公共服务走进百姓家门.md")).unwrap();
    assert!(
        file.starts_with(
            "---\ntitle: 让公共服务走进百姓家门\nkicker: 在细微处见真情，于日常中显担当\nsubtitle: ——从一次入户走访说起\nauthor: 王明\nsection: 理论前沿\nstandfirst: 公共服务的温度，取决于它离群众有多近。\naffiliation: 某大学公共管理学院教授\nsource: 摘编自《城市观察》\nnote: 本报记者\n---\n"
        ),
        "{file}"
    );
    assert!(file.contains("\n### 参与式服务的经验\n"), "{file}");

    // The site builds from what was imported, and its page shows each piece where print has it.
    std::fs::write(
        site.path().join("site.yaml"),
        "title: 理论周刊\nbase_url: https://example.cn/\n",
    )
    .unwrap();
    let built = run_command(site.path(), &["build"]);
    assert!(built.success, "{}\n{}", built.stdout, built.stderr);
    let html = std::fs::read_to_string(
        site.path()
            .join("dist/articles/rang-gong-gong-fu-wu-zou-jin-bai-xing-jia-men/index.html"),
    )
    .unwrap();
    let text = common::text_of(&html);
    let mut at = 0;
    for piece in [
        "理论前沿",
        "在细微处见真情，于日常中显担当",
        "让公共服务走进百姓家门",
        "——从一次入户走访说起",
        "王明",
        "2025年4月1日 星期二 · 第3版 理论",
        "公共服务的温度，取决于它离群众有多近。",
        "去年中心接待居民近20万人次，比前年增长了12.5%。",
        "参与式服务的经验",
        "ChatGPT",
        "（作者系某大学公共管理学院教授）",
        "（摘编自《城市观察》）",
    ] {
        let found = text[at..]
            .find(piece)
            .unwrap_or_else(|| panic!("no `{piece}` after byte {at} of the page's text:\n{text}"));
        at += found + piece.len();
    }
    assert!(html.contains("<h3"), "the sub-heading is a heading");
    assert_nothing_lost(
        site.path(),
        THEORY_PAGE,
        &[
            "第3版 2025年4月1日 星期二 理论",
            "本版责编：张  强",
            "版式设计：刘 洋",
            "图片编辑：陈晓",
        ],
    );
}

#[test]
fn a_header_that_disagrees_with_the_file_name_stops_the_import() {
    let (site, run) = import_into_site("2025-04-02-03.txt", THEORY_PAGE, &[]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "2025-04-02-03.txt:1: the page's header prints 2025-04-01, the file name says 2025-04-02: which is the edition's day? Correct the one that is wrong"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.path().join("articles").exists());
    let (_, run) = import_into_site("theory.txt", THEORY_PAGE, &["--page", "4"]);
    assert!(
        run.stderr
            .contains("theory.txt:1: the page's header prints page 3, --page says page 4"),
        "{}",
        run.stderr
    );
    // A weekday that is not the date's: the header does not date the page.
    let wrong = THEORY_PAGE.replacen("星期二", "星期三", 1);
    let page = parse(&wrong);
    assert_eq!(page.credits.date, None);
    assert!(
        warnings(&page).iter().any(|w| w.starts_with(
            "page.txt:1: the header prints 「第3版 2025年4月1日 星期三 理论」, but 2025-04-01 was a 星期二"
        )),
        "{:#?}",
        warnings(&page)
    );
}

#[test]
fn short_pieces_under_one_label_are_one_box_and_a_banner_with_its_note_heads_a_series() {
    let page = parse(BOX_PAGE);
    assert!(page.errors.is_empty(), "{:#?}", page.errors);
    let sections: Vec<(&str, Option<&str>, Vec<String>)> = page
        .articles
        .iter()
        .map(|a| (a.title.as_str(), a.section.as_deref(), a.authors.clone()))
        .collect();
    assert_eq!(
        sections,
        [
            (
                "别让打卡变成负担",
                Some("三言两语"),
                vec!["赵平".to_owned()]
            ),
            ("减负要落到实处", Some("三言两语"), vec!["孙悦".to_owned()]),
            (
                "以实干回应群众期待",
                Some("评论员观察"),
                vec!["本报评论员".to_owned()]
            ),
            (
                "以创新激发发展活力",
                Some("评论员观察"),
                vec!["吴静".to_owned()]
            ),
        ]
    );
    let lead = article(&page, "以实干回应群众期待");
    assert_eq!(
        lead.box_note.as_deref(),
        Some(
            "奋力书写高质量发展新答卷　编者按：即日起，本版推出系列评论，围绕发展中的热点问题展开讨论，敬请读者关注。——编者"
        )
    );
    assert_eq!(lead.affiliation.as_deref(), Some("本报评论员"));
    assert_eq!(paragraphs(lead).len(), 1);
    assert_eq!(article(&page, "以创新激发发展活力").box_note, None);

    // One warning for the series' head, naming its pieces; one for the piece that took the
    // label of the piece before it.
    let warnings = warnings(&page);
    let line = |text: &str| BOX_PAGE.lines().position(|l| l == text).unwrap() + 1;
    let banner = format!(
        "page.txt:{}: 「奋力书写高质量发展新答卷」 (lines {}–{}) heads a box of 2 pieces (「以实干回应群众期待」, 「以创新激发发展活力」): kept as the `note:` of its first piece; each takes 「评论员观察」 as its section",
        line("奋力书写高质量发展新答卷"),
        line("奋力书写高质量发展新答卷"),
        line(
            "编者按：即日起，本版推出系列评论，围绕发展中的热点问题展开讨论，敬请读者关注。——编者"
        ),
    );
    assert!(warnings.contains(&banner), "{warnings:#?}");
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("heads a box"))
            .count(),
        1,
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with(&format!(
            "page.txt:{}: 「减负要落到实处」 has no column label of its own and follows the short piece 「别让打卡变成负担」 under 「三言两语」",
            line("减负要落到实处")
        ))),
        "{warnings:#?}"
    );
    // A piece that takes its box's label is never "text before the first article".
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("before the first article"))
    );
}

#[test]
fn the_box_page_imports_with_every_character_in_a_file() {
    let (site, run) = import_into_site("box.txt", BOX_PAGE, &[]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let lead = std::fs::read_to_string(site.path().join("articles/以实干回应群众期待.md")).unwrap();
    assert!(
        lead.contains("note: 奋力书写高质量发展新答卷　编者按：即日起"),
        "{lead}"
    );
    assert_nothing_lost(
        site.path(),
        BOX_PAGE,
        &["评论", "责任编辑：胡 敏", "投稿邮箱：opinion@example.cn"],
    );
}

#[test]
fn a_headline_with_a_subtitle_but_no_byline_still_starts_its_article() {
    let page = parse(
        "第一篇的标题\n\n张三\n\n第一篇的正文。\n\n没有署名的第二篇\n\n——副题在这里\n\n第二篇的正文，写得很完整。\n",
    );
    let titles: Vec<&str> = page.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["第一篇的标题", "没有署名的第二篇"]);
    assert_eq!(page.articles[1].subtitle.as_deref(), Some("——副题在这里"));
    assert_eq!(
        page.articles[0].body,
        [Block::Paragraph("第一篇的正文。".to_owned())]
    );
    assert!(
        warnings(&page).iter().any(|w| w.starts_with(
            "page.txt:7: 「没有署名的第二篇」 looks like a headline with a subtitle under it, but no byline"
        )),
        "{:#?}",
        warnings(&page)
    );
}

#[test]
fn a_tail_line_ends_the_paragraph_above_it_and_the_articles_text() {
    // The paragraph above the tail lacks its full stop; the tail still ends it, and the
    // headline after it starts the next article though its byline is missing.
    let page = parse(
        "头一篇文章\n\n张三\n\n正文第一段。\n\n正文最后一段没有句号\n\n（作者系某研究院研究员）\n\n下一篇没有署名的文章\n\n下一篇的正文。\n",
    );
    let titles: Vec<&str> = page.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["头一篇文章", "下一篇没有署名的文章"]);
    let first = &page.articles[0];
    assert_eq!(first.affiliation.as_deref(), Some("某研究院研究员"));
    assert_eq!(paragraphs(first), ["正文第一段。", "正文最后一段没有句号"]);
}

#[test]
fn joins_where_a_line_could_be_a_standfirst_or_a_subtitle_are_named_whatever_their_length() {
    // The first line under the byline has no closing punctuation and is long: it is joined to
    // the next, and the warning says it could be the standfirst.
    let long = "这是一段很长的导语文字没有标点".repeat(4);
    let page = parse(&format!(
        "标题在这里\n\n张三\n\n{long}\n\n正文接着写下去。\n\n第二段正文。\n"
    ));
    let warnings = warnings(&page);
    assert!(
        warnings.iter().any(|w| w.starts_with("page.txt:5: ")
            && w.contains("joined with line 7 as one paragraph")
            && w.contains("if it is the standfirst (导语), move it to `standfirst:`")),
        "{warnings:#?}"
    );
    // A short finished first paragraph before a longer one could be a standfirst too: kept as
    // a paragraph, and named.
    let page = parse(
        "标题在这里\n\n张三\n\n一句话的导语。\n\n正文从这里开始，写得比导语长得多，也更详细。\n",
    );
    assert_eq!(paragraphs(&page.articles[0]).len(), 2);
    assert!(
        crate::warnings(&page).iter().any(|w| w.starts_with(
            "page.txt:5: 「一句话的导语。」 is a short first paragraph right under the byline of 「标题在这里」: it could be a standfirst (导语)"
        )),
        "{:#?}",
        crate::warnings(&page)
    );
}

#[test]
fn bylines_with_roles_marks_and_padding_give_the_names() {
    for (printed, names, role) in [
        ("本报记者 王某某", vec!["王某某"], Some("本报记者")),
        ("记者王明", vec!["王明"], Some("记者")),
        ("文/任远", vec!["任远"], None),
        ("□李宏", vec!["李宏"], None),
        ("王  明", vec!["王明"], None),
        ("本报评论员", vec!["本报评论员"], None),
        (
            "作者：王明（系某大学教授）",
            vec!["王明"],
            Some("某大学教授"),
        ),
        (
            "李华（某市社科院研究员）",
            vec!["李华"],
            Some("某市社科院研究员"),
        ),
    ] {
        let page = parse(&format!("一个标题\n\n{printed}\n\n正文。\n"));
        let found = &page.articles[0];
        assert_eq!(found.authors, names, "{printed}");
        assert_eq!(found.affiliation.as_deref(), role, "{printed}");
    }
}

#[test]
fn the_sample_page_still_reads_as_before() {
    // Its seven articles and their sections: no kicker, subtitle, standfirst or box found
    // where there is none.
    let page = parse(
        &std::fs::read_to_string(common::repo_root().join("tests/fixtures/seed_page.txt")).unwrap(),
    );
    let found: BTreeMap<&str, (Option<&str>, bool)> = page
        .articles
        .iter()
        .map(|a| {
            (
                a.title.as_str(),
                (
                    a.section.as_deref(),
                    a.kicker.is_some()
                        || a.subtitle.is_some()
                        || a.standfirst.is_some()
                        || a.box_note.is_some()
                        || a.source.is_some(),
                ),
            )
        })
        .collect();
    assert_eq!(found.len(), 7);
    assert!(found.values().all(|(_, extra)| !extra), "{found:#?}");
    assert_eq!(found["以价值创造为社会工作添彩"].0, Some("基层治理"));
    assert_eq!(found["在深入群众中厚植执政根基"].0, Some("评论"));
}

#[test]
fn headers_and_credits_in_other_forms_are_read() {
    let page = parse(
        "株洲日报 2025年4月1日 星期二 A05版：评论 本版责编 张  强\n\n一个标题\n\n新华社评论员\n\n正文。\n\n美编 刘洋 校对：陈晓\n",
    );
    assert!(page.errors.is_empty(), "{:#?}", page.errors);
    let credits = &page.credits;
    assert_eq!(credits.number, Some((5, 1)));
    assert_eq!(credits.date, Some(("2025-04-01".to_owned(), 1)));
    assert_eq!(credits.page_name.as_deref(), Some("评论"));
    assert_eq!(credits.editors, ["张强"]);
    assert_eq!(credits.designers, ["刘洋"]);
    assert_eq!(credits.proofreaders, ["陈晓"]);
    assert_eq!(page.articles.len(), 1);
    assert_eq!(page.articles[0].authors, ["新华社评论员"]);
    assert_eq!(
        page.articles[0].body,
        [Block::Paragraph("正文。".to_owned())]
    );
    let warnings = warnings(&page);
    assert!(
        warnings.iter().any(|w| w
            .starts_with("page.txt:1: the header prints page A05: it is page 5 in the edition")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("page.txt:1: 「株洲日报」 in the page header is not read")),
        "{warnings:#?}"
    );
    // A bare `A05` beside a date, and an ISO date.
    let page = parse("A05 2025-04-01 星期二\n\n一个标题\n\n李宏\n\n正文。\n");
    assert_eq!(page.credits.number, Some((5, 1)));
    assert_eq!(page.credits.date, Some(("2025-04-01".to_owned(), 1)));
    // A date alone above the first article, on a line of its own: the page's date.
    let page = parse("第5版\n\n2025年4月1日\n\n一个标题\n\n李宏\n\n正文。\n");
    assert!(page.errors.is_empty(), "{:#?}", page.errors);
    assert_eq!(page.credits.number, Some((5, 1)));
    assert_eq!(page.credits.date, Some(("2025-04-01".to_owned(), 3)));
    // Without its colon, a label is one only before names.
    let page = parse("一个标题\n\n李宏\n\n责编 要把好关口。\n");
    assert!(page.credits.editors.is_empty());
    assert_eq!(paragraphs(&page.articles[0]), ["责编 要把好关口。"]);
}

/// The Han characters an imported page holds, from what `parse` found: every article's label
/// (and a box head's label, once), kicker, headline, subtitle, names, pull quote, standfirst,
/// text, affiliation, source and notes.
fn han_of_articles(page: &import::Page) -> Vec<char> {
    let mut text = String::new();
    for a in &page.articles {
        let box_label = a.label.is_none() && a.box_note.is_some();
        if box_label || a.label.is_some() {
            text.push_str(a.section.as_deref().unwrap_or_default());
        }
        for field in [
            &a.kicker,
            &a.subtitle,
            &a.summary,
            &a.standfirst,
            &a.affiliation,
            &a.source,
            &a.note,
            &a.box_note,
        ]
        .into_iter()
        .flatten()
        {
            text.push_str(field);
        }
        text.push_str(&a.title);
        text.push_str(&a.authors.join(""));
        for block in &a.body {
            let (Block::Paragraph(t) | Block::Heading { text: t, .. }) = block;
            text.push_str(t);
        }
    }
    han_sorted(&text)
}

/// The articles of both composed pages, each as its lines (blank lines left out), and the
/// lines that are page furniture (header, credits, the page's name).
fn composed_blocks() -> (Vec<Vec<&'static str>>, Vec<&'static str>) {
    let furniture = [
        "第3版 2025年4月1日 星期二 理论",
        "本版责编：张  强",
        "版式设计：刘 洋",
        "图片编辑：陈晓",
        "评论",
        "责任编辑：胡 敏",
        "投稿邮箱：opinion@example.cn",
    ];
    let starts = [
        "理论前沿",
        "城市更新需要久久为功",
        "三言两语",
        "减负要落到实处",
        "评论员观察",
        "以创新激发发展活力",
    ];
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in THEORY_PAGE.lines().chain(BOX_PAGE.lines()) {
        if line.trim().is_empty() || furniture.contains(&line) {
            continue;
        }
        if starts.contains(&line) || blocks.is_empty() {
            blocks.push(Vec::new());
        }
        blocks.last_mut().expect("a block").push(line);
    }
    (blocks, furniture.to_vec())
}

#[test]
fn pages_made_at_random_from_the_composed_shapes_lose_no_character() {
    let (blocks, furniture) = composed_blocks();
    assert_eq!(blocks.len(), 6);
    let words_that_name_keys = ["作者系", "作者为", "导语：", "文/"];
    let mut refused = 0;
    for seed in 0..300 {
        let mut rng = common::Random(seed);
        // The articles in any order, some left out; the credits somewhere between them.
        let mut order: Vec<usize> = (0..blocks.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        order.truncate(1 + rng.below(blocks.len()));
        let credits_at = rng.below(order.len() + 1);
        let mut lines: Vec<String> = Vec::new();
        for (k, &b) in order.iter().enumerate() {
            if k == credits_at {
                lines.extend(furniture[4..].iter().map(|l| (*l).to_owned()));
            }
            for &line in &blocks[b] {
                // Body paragraphs are cut anywhere, as a column break would.
                let cuttable =
                    line.chars().count() >= 30 && !line.starts_with(['（', '【', '导', '编', '—']);
                if cuttable && rng.below(2) == 0 {
                    let chars: Vec<char> = line.chars().collect();
                    let at = 10 + rng.below(chars.len() - 20);
                    lines.push(chars[..at].iter().collect());
                    lines.push(chars[at..].iter().collect());
                } else {
                    lines.push(line.to_owned());
                }
            }
        }
        if credits_at == order.len() {
            lines.extend(furniture[4..].iter().map(|l| (*l).to_owned()));
        }
        if rng.below(2) == 0 {
            lines.insert(0, furniture[0].to_owned());
        }
        let separator = ["\n", "\n\n", "\r\n\r\n"][rng.below(3)];
        let page_text = lines.join(separator) + "\n";

        let page = parse(&page_text);
        if !page.errors.is_empty() {
            // A page that cannot be read says which lines: each error names one.
            assert!(
                page.errors.iter().all(|e| e.line > 0),
                "seed {seed}: {:#?}",
                page.errors
            );
            refused += 1;
            continue;
        }
        let mut printed: String = lines
            .iter()
            .filter(|l| !furniture.contains(&l.as_str()))
            .cloned()
            .collect();
        for word in words_that_name_keys {
            printed = printed.replace(word, "");
        }
        assert_eq!(
            han_of_articles(&page),
            han_sorted(&printed),
            "seed {seed}: the articles' Han characters differ from the page's\n{page_text}\n{:#?}",
            page.articles
        );
    }
    // Every page made of whole articles is read (none is refused today).
    assert!(refused < 15, "{refused} of 300 pages refused");
}

#[test]
fn a_huge_page_of_every_new_shape_is_read_in_bounded_time() {
    // 120,000 lines of banners, notes, subtitles, tails, headers and kicker-like lines: a
    // reading that looked far up or down from each line would take minutes.
    let piece = "评论员观察\n奋力书写新答卷\n编者按：系列评论开栏。——编者\n一个标题在此\n——副题在此\n李宏\n导语：导语在此。\n正文没有句号\n第5版\n（本系列完）\n在细微处见真情，于日常中显担当\n";
    let text = piece.repeat(11_000);
    let started = std::time::Instant::now();
    let page = parse(&text);
    let took = started.elapsed();
    assert!(!page.articles.is_empty());
    assert!(
        took < std::time::Duration::from_secs(30),
        "parsing 120,000 lines took {took:?}"
    );
}
