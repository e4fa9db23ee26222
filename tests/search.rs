//! The search index the build writes, read back by a decoder of its own (the layout is
//! documented in src/search.rs), on the sample site grown to a few hundred articles made of
//! its own sentences: every article whose text holds a query is among the query's candidates,
//! whatever the query (two to six Chinese characters, words, digits glued to Han, the start or
//! an inner part of a number or code); and checking the query's text in the index's own copy
//! of each candidate's text (as the search page does) leaves exactly those articles.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use broadsheet::search::{Token, query_tokens, shard_of, tokens};
use common::{build_ok, read, sample_site, write};

/// One shard: token → (document frequency, postings as (article, flags)).
type Shard = HashMap<String, (usize, Vec<(usize, u8)>)>;

struct Index {
    shards: Vec<Shard>,
    /// Each article's `[path, title, authors, section, date]`.
    docs: Vec<Vec<String>>,
    /// Each article's text file: `[[kicker, subtitle], [line, …]]`.
    texts: Vec<(Vec<String>, Vec<String>)>,
}

fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0;
    let mut shift = 0;
    loop {
        let byte = bytes[*at];
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte < 0x80 {
            return value;
        }
    }
}

fn read_index(dist: &Path) -> Index {
    let meta: serde_json::Value =
        serde_json::from_str(&read(dist, "search/data/meta.json")).expect("meta.json is JSON");
    assert_eq!(meta["format"], 2);
    let shard_count = meta["shards"].as_u64().unwrap() as usize;
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let doc_count = meta["docs"].as_u64().unwrap() as usize;
    assert!(shard_count.is_power_of_two());

    let digits = format!("{:x}", shard_count - 1).len();
    let mut shards = Vec::new();
    for i in 0..shard_count {
        let bytes = std::fs::read(dist.join(format!("search/data/g/{i:0digits$x}.bin")))
            .expect("every shard is written");
        let mut at = 0;
        let mut shard = Shard::new();
        for _ in 0..varint(&bytes, &mut at) {
            let len = varint(&bytes, &mut at) as usize;
            let token = String::from_utf8(bytes[at..at + len].to_vec()).expect("UTF-8 token");
            at += len;
            assert_eq!(shard_of(&token, shard_count), i, "{token} is in its shard");
            let df = varint(&bytes, &mut at) as usize;
            let size = varint(&bytes, &mut at) as usize;
            let list_end = at + size;
            let mut postings = Vec::new();
            let mut doc = 0;
            while at < list_end {
                let value = varint(&bytes, &mut at);
                doc += (value >> 3) as usize;
                postings.push((doc, (value & 7) as u8));
            }
            assert_eq!(postings.len(), df, "{token}: document frequency");
            assert!(
                postings.windows(2).all(|w| w[0].0 < w[1].0),
                "{token}: in order"
            );
            shard.insert(token, (df, postings));
        }
        assert_eq!(at, bytes.len(), "shard {i} read to its end");
        shards.push(shard);
    }

    let mut docs = Vec::new();
    for c in 0..doc_count.div_ceil(chunk) {
        let json: Vec<Vec<String>> =
            serde_json::from_str(&read(dist, &format!("search/data/d/{c}.json")))
                .expect("a chunk of article details is JSON");
        docs.extend(json);
    }
    assert_eq!(docs.len(), doc_count);
    // Each article's text, in a file named after its page.
    let texts = docs
        .iter()
        .map(|doc| {
            let name = format!("search/data/t/{}.json", doc[0].trim_end_matches('/'));
            serde_json::from_str(&read(dist, &name)).expect("an article's text is JSON")
        })
        .collect();
    Index {
        shards,
        docs,
        texts,
    }
}

fn token_text(token: Token) -> String {
    match token {
        Token::Pair(a, b) => format!("{a}{b}"),
        Token::Word(word) => word,
    }
}

impl Index {
    /// The articles holding every token `query` looks for (the search page's candidates).
    fn lookup(&self, query: &str) -> BTreeSet<usize> {
        let mut wanted = Vec::new();
        query_tokens(query, |t| wanted.push(token_text(t)));
        assert!(!wanted.is_empty(), "{query} has tokens");
        let mut found: Option<BTreeSet<usize>> = None;
        for token in wanted {
            let docs: BTreeSet<usize> = self.shards[shard_of(&token, self.shards.len())]
                .get(&token)
                .map(|(_, postings)| postings.iter().map(|&(doc, _)| doc).collect())
                .unwrap_or_default();
            found = Some(match found {
                None => docs,
                Some(before) => before.intersection(&docs).copied().collect(),
            });
        }
        found.unwrap_or_default()
    }

    /// Whether article `doc`'s text, as the index holds it (details and text file), holds
    /// `query` within one line, lower-cased: the search page's check of a candidate.
    fn holds(&self, doc: usize, query: &str) -> bool {
        let details = &self.docs[doc];
        let (head, lines) = &self.texts[doc];
        let date = printed(&details[4]);
        let needle = query.to_lowercase();
        details[1..4]
            .iter()
            .chain([&date])
            .chain(head)
            .chain(lines)
            .any(|line| line.to_lowercase().contains(&needle))
    }

    /// The candidates that hold `query` itself: what the search page shows.
    fn verified(&self, query: &str) -> BTreeSet<usize> {
        self.lookup(query)
            .into_iter()
            .filter(|&doc| self.holds(doc, query))
            .collect()
    }

    fn flags(&self, token: &str, doc: usize) -> Option<u8> {
        let (_, postings) = self.shards[shard_of(token, self.shards.len())].get(token)?;
        postings.iter().find(|&&(d, _)| d == doc).map(|&(_, f)| f)
    }
}

/// `2026-03-27` as the pages print it: `2026年3月27日`.
fn printed(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').map(|p| p.parse().unwrap()).collect();
    format!("{}年{}月{}日", parts[0], parts[1], parts[2])
}

/// What an article page shows of the article, as text: column, kicker, headline, subtitle,
/// byline, standfirst, pull quote, body, affiliation, source, note (not its date and word
/// count, nor the neighbours' titles).
fn article_text(html: &str) -> String {
    let mut article = common::between(html, "<article", "</article>")
        .expect("an article")
        .to_owned();
    // What the page says of the article rather than its text: its dateline (date, paper,
    // page), its page's editors, its date and length, and where it came from on paper.
    for class in ["dateline", "page-editors", "meta", "print-source"] {
        if let Some(start) = article.find(&format!("<p class=\"{class}\">")) {
            let end = article[start..].find("</p>").unwrap() + start;
            article = format!("{}{}", &article[..start], &article[end..]);
        }
    }
    // The topics' label (专题：), which the index leaves out of their line.
    let article = article.replace("<p class=\"topics\">专题：", "<p class=\"topics\">");
    let article = article.split("<nav class=\"neighbours\"").next().unwrap();
    let mut text = String::new();
    // Inside `<article`'s own tag, which `between` cut the `<` from.
    let mut in_tag = true;
    for c in article.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    common::unescape(&text)
}

/// The sample site, with `extra` more articles made of its own sentences (a fixed shuffle), some
/// with codes (`ZZSK2025126`) and years (`2025年`) in them.
fn grown_sample(extra: usize) -> tempfile::TempDir {
    let site = sample_site();
    let mut sentences = Vec::new();
    for entry in std::fs::read_dir(site.path().join("articles")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let body = text.splitn(3, "---").nth(2).unwrap();
        for paragraph in body
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            sentences.extend(
                paragraph
                    .split_inclusive('。')
                    .map(str::trim)
                    .filter(|s| s.chars().count() > 8)
                    .map(str::to_owned),
            );
        }
    }
    sentences.sort();
    let mut random = common::Random(0x9e37_79b9_7f4a_7c15);
    let mut next = move |bound: usize| random.below(bound);
    let sections = ["评论", "基层治理", "教育观察", "市场观察"];
    let authors = ["王小明", "李宏", "陈静", "Anna Li"];
    for i in 0..extra {
        let count = 4 + next(10);
        let mut body = String::new();
        for k in 0..count {
            body.push_str(&sentences[next(sentences.len())]);
            if k % 3 == 2 {
                body.push_str("\n\n");
            }
        }
        if i % 7 == 0 {
            body.push_str(&format!("\n\n（课题编号 ZZSK{}）\n", 2025000 + next(300)));
        }
        if i % 5 == 0 {
            body.push_str(&format!(
                "\n\n{}年全市累计签约合伙人{}余个。\n",
                2015 + next(12),
                next(900)
            ));
        }
        let title_from = &sentences[next(sentences.len())];
        let title: String = title_from
            .chars()
            .filter(|c| !c.is_ascii_punctuation())
            .take(6 + next(8))
            .collect();
        let title = title
            .trim_end_matches(['，', '。', '、', '“', '”'])
            .to_owned();
        // Some with the rest of a printed headline's group, a standfirst and a source, which
        // their pages show and the index must hold too.
        let head = if i % 4 == 1 {
            let mut piece = |n: usize| -> String {
                sentences[next(sentences.len())]
                    .chars()
                    .filter(|c| !matches!(c, '"' | '\\' | ':' | '#'))
                    .take(n)
                    .collect()
            };
            format!(
                "kicker: \"{}\"\nsubtitle: \"——{}\"\nstandfirst: \"{}\"\nsource: \"摘编自《{}》\"\n",
                piece(8),
                piece(10),
                piece(60),
                piece(4)
            )
        } else {
            String::new()
        };
        write(
            site.path(),
            &format!("articles/g{i:04}.md"),
            format!(
                "---\ntitle: \"{}\"\n{head}author: {}\nsection: {}\ndate: 2025-{:02}-{:02}\n---\n\n{body}\n",
                title.replace('"', ""),
                authors[next(authors.len())],
                sections[next(sections.len())],
                1 + next(12),
                1 + next(28),
            ),
        );
    }
    site
}

#[test]
fn every_article_holding_a_query_is_found_and_titles_are_flagged() {
    let site = grown_sample(400);
    let run = build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let index = read_index(&dist);
    assert_eq!(index.docs.len(), 407, "{}", run.stdout);
    assert!(
        index.shards.len() > 1,
        "a site this size is split into shards"
    );

    // Each article's text as its page shows it; the details in the index match the page.
    let texts: Vec<String> = index
        .docs
        .iter()
        .map(|doc| {
            let html = read(&dist, &format!("{}index.html", doc[0]));
            assert!(
                html.contains(&format!("<h1 class=\"article-title\">{}</h1>", doc[1])),
                "{} is titled {}",
                doc[0],
                doc[1]
            );
            article_text(&html)
        })
        .collect();

    // Queries: pieces of each article's text, of 2, 3, 4 and 6 Han characters; and mixed ones.
    let mut queries = BTreeSet::new();
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        for (n, start) in [(2, 40), (3, 95), (4, 150), (6, 210), (4, 333), (5, 420)] {
            if let Some(piece) = chars.get(start..start + n) {
                let is_han = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
                if piece.iter().all(is_han) {
                    queries.insert(piece.iter().collect::<String>());
                }
            }
        }
    }
    // Pieces of the runs of letters and digits: the start, an inner part and the end of each
    // (`ZZSK`, `SK202`, `2025126` of `ZZSK2025126`), and such a piece with the Han characters
    // after it (`00余个` of `800余个`).
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        let mut at = 0;
        while at < chars.len() {
            let end = (at..chars.len())
                .find(|&i| !chars[i].is_ascii_alphanumeric())
                .unwrap_or(chars.len());
            let run: String = chars[at..end].iter().collect();
            if run.len() >= 4 {
                queries.insert(run[..4].to_owned());
                queries.insert(run[1..run.len() - 1].to_owned());
                queries.insert(run[run.len() - 3..].to_owned());
                let han: String = chars[end..].iter().take(2).collect();
                if han.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                    queries.insert(format!("{}{han}", &run[1..]));
                }
            }
            at = end + 1;
        }
    }
    for q in [
        "群众工作",
        "盲盒",
        "外部董事",
        "ZZSK2025126",
        "ZZSK",
        "zzsk",
        "2025126",
        "2025年",
        "300余项",
        "Anna",
        "nna",
        "合伙人800余个",
        "00余个",
    ] {
        queries.insert(q.to_owned());
    }
    assert!(queries.len() > 400, "{} queries", queries.len());

    let (mut expected, mut found_total, mut false_hits) = (0, 0, 0);
    for query in &queries {
        let needle = query.to_lowercase();
        // The page's text, and the date as it prints it (a query may name the day).
        let truth: BTreeSet<usize> = texts
            .iter()
            .zip(&index.docs)
            .enumerate()
            .filter(|(_, (text, doc))| {
                text.to_lowercase().contains(&needle) || printed(&doc[4]).contains(&needle)
            })
            .map(|(i, _)| i)
            .collect();
        let found = index.lookup(query);
        let missed: Vec<_> = truth
            .difference(&found)
            .map(|&i| &index.docs[i][0])
            .collect();
        assert!(missed.is_empty(), "{query}: not found in {missed:?}");
        // Checked against the index's own copy of the text, the candidates are the truth.
        assert_eq!(
            index.verified(query),
            truth,
            "{query}: checked in the index's text"
        );
        expected += truth.len();
        found_total += found.len();
        false_hits += found.difference(&truth).count();
    }
    assert!(expected > queries.len(), "the queries hold real matches");
    // Pieces can all be in an article that does not hold the phrase; the page drops those
    // when it checks the text. Few, on real text.
    eprintln!(
        "{} queries: {expected} articles hold them, {found_total} found, {false_hits} of those without the phrase",
        queries.len()
    );
    assert!(
        false_hits * 10 < found_total,
        "{false_hits} of {found_total}"
    );
    // The start and the inside of a code or a number find it.
    let codes = index.verified("ZZSK");
    assert!(codes.len() > 50, "{} with ZZSK", codes.len());
    assert_eq!(index.verified("zzsk"), codes);
    let grant = index.verified("2025126");
    assert!(
        grant
            .iter()
            .any(|&i| index.docs[i][1] == "新业态背景下株洲大学生高质量就业路径探索"),
        "{grant:?}"
    );
    assert!(grant.is_subset(&index.verified("ZZSK2025126")));
    // `300余项` is only ever part of `1300余项` here (a sentence of the sample, reused).
    let resources = index.verified("300余项");
    assert!(
        resources
            .iter()
            .any(|&i| index.docs[i][1] == "以价值创造为社会工作添彩"),
        "{resources:?}"
    );
    assert_eq!(resources, index.verified("1300余项"));

    // Title and author tokens carry the title flag (4); body-only tokens do not.
    for (i, doc) in index.docs.iter().enumerate() {
        let mut title_tokens = Vec::new();
        tokens(&doc[1], |t| title_tokens.push(token_text(t)));
        tokens(&doc[2], |t| title_tokens.push(token_text(t)));
        for token in title_tokens {
            let flags = index
                .flags(&token, i)
                .unwrap_or_else(|| panic!("{token} of {}", doc[0]));
            assert_eq!(flags & 4, 4, "{token} in the title of {}", doc[0]);
        }
    }
    let samples = index.lookup("盲盒");
    assert!(
        samples
            .iter()
            .any(|&i| index.flags("盲盒", i) == Some(3) || index.flags("盲盒", i) == Some(2))
    );
}

#[test]
fn the_kicker_subtitle_standfirst_and_source_are_searchable() {
    let site = sample_site();
    write(
        site.path(),
        "articles/鸿鹄.md",
        "---\ntitle: 一篇评论\nslug: honghu\nkicker: 鸿鹄之志\nsubtitle: ——骐骥一跃\nauthor: 李宏\ndate: 2026-03-28\nstandfirst: 鹦鹉学舌不可取。\nsource: 摘编自《鹧鸪周刊》\n---\n\n正文。\n",
    );
    build_ok(site.path(), &[]);
    let index = read_index(&site.path().join("dist"));
    for query in ["鸿鹄之志", "骐骥一跃", "鹦鹉学舌", "鹧鸪周刊"] {
        let found: Vec<&str> = index
            .lookup(query)
            .iter()
            .map(|&i| index.docs[i][0].as_str())
            .collect();
        assert_eq!(found, ["articles/honghu/"], "{query}");
    }
}

#[test]
fn the_index_is_kept_when_nothing_it_holds_changed_and_remade_when_text_did() {
    let site = grown_sample(50);
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let before = read_index(&dist);
    assert!(before.lookup("麒麟").is_empty());

    // A new settings title changes every page but nothing the index holds.
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    write(
        site.path(),
        "site.yaml",
        config.replace("株洲日报·评论", "株洲日报·言论"),
    );
    let run = build_ok(site.path(), &[]);
    assert!(run.stdout.contains("files (0 written)"), "{}", run.stdout);

    // New text in one article: found, in that article only.
    let path = site.path().join("articles/g0003.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n麒麟之才。\n")).unwrap();
    let run = build_ok(site.path(), &[]);
    assert!(!run.stdout.contains("files (0 written)"), "{}", run.stdout);
    let after = read_index(&dist);
    let found: Vec<&String> = after
        .lookup("麒麟")
        .iter()
        .map(|&i| &after.docs[i][0])
        .collect();
    let page = read(&dist, &format!("{}index.html", found[0]));
    assert_eq!(found.len(), 1);
    assert!(page.contains("麒麟之才"));
}

#[test]
fn each_articles_text_file_holds_what_its_page_shows_and_stays_when_others_change() {
    let site = grown_sample(30);
    write(
        site.path(),
        "articles/鸿鹄.md",
        "---\ntitle: 一篇评论\nslug: honghu\nkicker: 鸿鹄之志\nsubtitle: ——骐骥一跃\nauthor: 李宏\n\
         date: 2026-03-28\nstandfirst: 鹦鹉学舌不可取。\nsource: 摘编自《鹧鸪周刊》\n\
         affiliation: 湖南大学教授\noriginal_title: 鹈鹕的歌\nnote: 本文有删节\ntags: [鸿鹄, 骐骥]\n---\n\n\
         正文第一段，Latin words stay apart。\n\n## 小标题\n\n第二段。\n",
    );
    let run = build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let index = read_index(&dist);
    let unspaced = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '、')
            .collect()
    };
    for ((doc, (head, lines)), i) in index.docs.iter().zip(&index.texts).zip(0..) {
        let html = read(&dist, &format!("{}index.html", doc[0]));
        for line in head.iter().chain(lines) {
            assert!(
                !line.is_empty() && !line.contains('\n') && line.trim() == line,
                "{}: {line:?}",
                doc[0]
            );
        }
        // The page's text, in its order: column, kicker, headline, subtitle, byline, then
        // the lines the excerpts are taken from.
        let (kicker, subtitle) = match head.as_slice() {
            [] => ("", ""),
            [both @ .., last] if html.contains("class=\"article-subtitle\"") => {
                (both.first().map_or("", String::as_str), last.as_str())
            }
            [first, ..] => (first.as_str(), ""),
        };
        let shown = [doc[3].as_str(), kicker, &doc[1], subtitle, &doc[2]]
            .into_iter()
            .chain(lines.iter().map(String::as_str))
            .collect::<String>();
        assert_eq!(
            unspaced(&shown),
            unspaced(&article_text(&html)),
            "{} (article {i})",
            doc[0]
        );
    }
    let honghu = index
        .docs
        .iter()
        .position(|doc| doc[0] == "articles/honghu/")
        .unwrap();
    assert_eq!(
        index.texts[honghu],
        (
            vec!["鸿鹄之志".to_owned(), "——骐骥一跃".to_owned()],
            [
                "鹦鹉学舌不可取。",
                "正文第一段，Latin words stay apart。",
                "小标题",
                "第二段。",
                "（原标题：鹈鹕的歌）",
                "（作者系湖南大学教授）",
                "（摘编自《鹧鸪周刊》）",
                "【本文有删节】",
                "鸿鹄、骐骥",
            ]
            .map(str::to_owned)
            .to_vec()
        )
    );
    // The index holds the text as printed: the affiliation's line too.
    assert!(index.verified("作者系湖南大学").contains(&honghu));
    assert!(index.verified("Latin words").contains(&honghu));
    assert!(run.stdout.contains("Search index:"), "{}", run.stdout);

    // A new article, the newest (so numbered first, moving every other one): the other
    // articles' text files are kept as they were; only the new one's is written, with the
    // shards, the details (whose numbers moved) and meta.json.
    write(
        site.path(),
        "articles/最新.md",
        "---\ntitle: 最新一篇\nauthor: 李宏\ndate: 2026-11-30\n---\n\n麒麟之才。\n",
    );
    let run = build_ok(site.path(), &[]);
    let after = read_index(&dist);
    assert_eq!(after.docs[0][0], "articles/zui-xin/", "{:?}", after.docs[0]);
    let (files, written) = run
        .stdout
        .lines()
        .find_map(|line| {
            let rest = line.strip_prefix("Search index: ")?;
            let (_, rest) = rest.split_once(" in ")?;
            let (files, rest) = rest.split_once(" files (")?;
            let written = rest.strip_suffix(" written)")?;
            Some((files.parse::<usize>().ok()?, written.parse::<usize>().ok()?))
        })
        .unwrap_or_else(|| panic!("{}", run.stdout));
    let shards = after.shards.len();
    let chunks = after.docs.len().div_ceil(100);
    assert_eq!(files, 1 + shards + chunks + after.docs.len());
    assert_eq!(written, 1 + shards + chunks + 1, "{}", run.stdout);
    assert_eq!(after.texts[1..], index.texts[..]);
}
