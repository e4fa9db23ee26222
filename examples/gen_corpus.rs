//! Writes a deterministic benchmark site: `cargo run --release --example gen_corpus -- N DIR`.
//!
//! DIR gets `site.yaml`, `articles/a0000001.md` …, `editions/2026-03-27.yaml` … and a marker
//! file `.gen_corpus` that names the generator version and N (the benchmark script uses it to
//! reuse a corpus). The same N always gives byte-identical files, and article `i` depends only
//! on `i`, so a corpus of 1,000 is the first 1,000 articles of a corpus of 100,000, and its
//! editions the first editions of that corpus (all but the last, which may list fewer articles).
//!
//! Editions (issue 12; `/work/shared/spec/EDITIONS.md`): seven articles a day on one printed
//! page (5, 评论), consecutive days going back from 2026-03-27: article `i` is on day `i / 7`
//! (day 0 is 2026-03-27, day 1 the day before), in print order `i % 7`, so N articles make
//! ⌈N/7⌉ editions (1,429 for 10,000; 14,286 for 100,000, back to 1987). Each edition has an
//! issue number counting down from 第99999期 and two page editors drawn from the author pool by
//! the day alone. The articles have no `date:`, as `broadsheet import` writes them: they take
//! their edition's. N is at most 2,000,000 (a dateline in the 13th century).
//!
//! The bodies are Chinese sentences drawn from `tests/fixtures/seed_page.txt` (a printed
//! commentary page), with a few `## ` headings, some `*emphasis*` and `**strong**`, and a `- `
//! list in some articles. 12 sections, ~300 authors (with homophone pairs such as 李宏/李红 to
//! exercise the slug rule). std only: no dev-dependency needed.
//!
//! DIR must be empty, missing, or an earlier corpus written by this generator (its
//! `articles/` and `editions/` are then replaced); anything else is refused rather than
//! overwritten.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Bumped whenever the output for a given N changes, so that cached corpora are regenerated.
const VERSION: u32 = 2;
const MARKER: &str = ".gen_corpus";

const SECTIONS: [&str; 12] = [
    "评论",
    "基层治理",
    "教育观察",
    "全民健康",
    "评漫画",
    "市场观察",
    "文化观察",
    "城市观察",
    "经济观察",
    "法治观察",
    "科技观察",
    "乡村振兴",
];
/// Relative weights of the sections (the desk's own column is the busiest).
const SECTION_WEIGHTS: [u64; 12] = [30, 10, 10, 8, 4, 8, 7, 7, 8, 6, 6, 6];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史",
    "易", "戴", "欧阳", "司马", "上官",
];
const GIVEN: &[&str] = &[
    "宏", "军", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "英", "华", "玉", "萍", "文", "辉", "建", "国", "兰", "波",
    "宁", "斌", "燕", "鹏", "琳", "雪", "晨", "蓉", "凛", "远", "菁", "洁", "智", "双", "志", "海",
    "峰", "俊", "亮", "成", "健", "帆", "鑫", "浩", "宇", "婷", "倩", "颖", "春", "秋", "冬", "梅",
    "松", "林", "森", "岚", "思", "源", "湘", "楚", "韵", "卓", "航",
];
/// Names that share a pinyin slug with another in the list, always included.
const HOMOPHONES: &[&str] = &["李宏", "李红", "张伟", "章伟", "刘洋", "柳洋"];
const AUTHORS: usize = 300;

const AFFILIATIONS: &[&str] = &[
    "株洲市委党校",
    "湖南铁道职业技术学院",
    "湖南工业大学",
    "株洲市社会科学界联合会",
    "湖南化工职业技术学院",
    "株洲市教育科学研究院",
    "中南大学",
    "株洲市中心医院",
    "醴陵市陶瓷产业发展中心",
    "湖南汽车工程职业学院",
];
const TAGS: &[&str] = &[
    "十五五",
    "基层治理",
    "群众工作",
    "就业",
    "新业态",
    "教育",
    "健康",
    "国企改革",
    "传统产业",
    "文旅",
    "营商环境",
    "数字经济",
    "法治",
    "乡村振兴",
    "社会工作",
    "民生",
];
/// Version 1 dated the articles over these days, 2018-04-01 to 2026-03-27; the draw is still
/// made (and its result unused), so that the rest of every article is as version 1 wrote it.
const DAYS_SPAN: u64 = 2917;
/// The newest edition's date: day 0, articles 0 to 6.
const NEWEST_DAY: (i64, i64, i64) = (2026, 3, 27);
/// Articles in an edition, all on its one page.
const PER_EDITION: usize = 7;
/// The issue number of day 0; day d has `FIRST_ISSUE - d` (none from day FIRST_ISSUE on).
const FIRST_ISSUE: usize = 99_999;
const MAX_ARTICLES: usize = 2_000_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (count, dir) = match args.as_slice() {
        [n, dir] => match n.replace('_', "").parse::<usize>() {
            Ok(n) if n > 0 && n <= MAX_ARTICLES => (n, PathBuf::from(dir)),
            _ => {
                return usage(&format!(
                    "N must be a number from 1 to {MAX_ARTICLES}, not `{n}`"
                ));
            }
        },
        _ => return usage("expected two arguments"),
    };
    match run(count, &dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("gen_corpus: {problem}\nusage: cargo run --release --example gen_corpus -- N DIR");
    ExitCode::from(2)
}

fn run(count: usize, dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let seed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed_page.txt");
    let seed = std::fs::read_to_string(&seed_path)
        .map_err(|e| format!("cannot read {}: {e}", seed_path.display()))?;
    let pools = Pools::from_seed(&seed);
    if pools.sentences.len() < 50 || pools.titles.len() < 20 || pools.headings.len() < 5 {
        return Err(format!(
            "{} has too little text ({} sentences, {} titles, {} headings)",
            seed_path.display(),
            pools.sentences.len(),
            pools.titles.len(),
            pools.headings.len()
        ));
    }
    let authors = authors();

    prepare(dir)?;
    let articles_dir = dir.join("articles");
    std::fs::create_dir_all(&articles_dir)
        .map_err(|e| format!("cannot create {}: {e}", articles_dir.display()))?;
    std::fs::write(dir.join("site.yaml"), site_yaml(count, &authors))
        .map_err(|e| format!("cannot write site.yaml: {e}"))?;
    let editions_dir = dir.join("editions");
    std::fs::create_dir_all(&editions_dir)
        .map_err(|e| format!("cannot create {}: {e}", editions_dir.display()))?;
    let days = count.div_ceil(PER_EDITION);

    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let bytes: Result<Vec<u64>, String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (pools, authors, articles_dir) = (&pools, &authors, &articles_dir);
                let editions_dir = &editions_dir;
                scope.spawn(move || -> Result<u64, String> {
                    let mut text = String::with_capacity(8 * 1024);
                    let mut written = 0;
                    let mut path = articles_dir.clone();
                    for i in (t..count).step_by(threads) {
                        text.clear();
                        article(i, pools, authors, &mut text);
                        path.push(article_name(i) + ".md");
                        std::fs::write(&path, text.as_bytes())
                            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                        path.pop();
                        written += text.len() as u64;
                    }
                    let mut path = editions_dir.clone();
                    for d in (t..days).step_by(threads) {
                        text.clear();
                        edition(d, count, authors, &mut text);
                        path.push(format!("{}.yaml", iso(day_date(d))));
                        std::fs::write(&path, text.as_bytes())
                            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                        path.pop();
                        written += text.len() as u64;
                    }
                    Ok(written)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err("a worker panicked".to_owned()))
            })
            .collect()
    });
    let bytes: u64 = bytes?.iter().sum();
    std::fs::write(dir.join(MARKER), marker(count))
        .map_err(|e| format!("cannot write the marker: {e}"))?;
    eprintln!(
        "gen_corpus: {count} articles, {days} editions, {:.1} MiB, in {} in {:.2} s",
        bytes as f64 / 1048576.0,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn marker(count: usize) -> String {
    format!("gen_corpus version={VERSION} n={count}\n")
}

/// Makes sure DIR may be written: missing, empty, or an earlier corpus (whose articles go).
fn prepare(dir: &Path) -> Result<(), String> {
    let mut entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    if entries.next().is_none() {
        return Ok(());
    }
    if !dir.join(MARKER).is_file() {
        return Err(format!(
            "{} is not empty and was not written by gen_corpus: choose an empty or new folder",
            dir.display()
        ));
    }
    // The marker goes first, so that an interrupted run is never taken for a complete corpus.
    std::fs::remove_file(dir.join(MARKER)).map_err(|e| format!("cannot remove the marker: {e}"))?;
    for folder in ["articles", "editions"] {
        let folder = dir.join(folder);
        if folder.exists() {
            std::fs::remove_dir_all(&folder)
                .map_err(|e| format!("cannot remove {}: {e}", folder.display()))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, seeded per article, so any article can be made on its own.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut rng = Rng(seed ^ 0x6272_6f61_6473_6865); // "broadshe"
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total as usize) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Text from the seed page.

struct Pools {
    /// Whole sentences, each ending in 。！？ (plus any closing quote), Markdown-safe.
    sentences: Vec<String>,
    /// Short sentences, for lists and pull quotes.
    short: Vec<String>,
    /// The page's pull quotes (【…】) and short sentences: summaries.
    quotes: Vec<String>,
    /// Section headings of the page, without their numbering.
    headings: Vec<String>,
    /// Article titles and title-like clauses.
    titles: Vec<String>,
}

const STOPS: [char; 4] = ['。', '！', '？', '?'];
const CLOSERS: [char; 4] = ['”', '’', '」', '）'];

impl Pools {
    fn from_seed(seed: &str) -> Pools {
        let mut running = String::new();
        let mut quotes = Vec::new();
        let mut headings = Vec::new();
        let mut titles = Vec::new();
        for line in seed.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.starts_with("(作者单位")
                || line.starts_with("（作者单位")
                || line.contains("责任编辑")
                || line.contains("投稿邮箱")
            {
                continue;
            }
            if let Some(quote) = line.strip_prefix('【') {
                let quote = quote.trim_end_matches('】');
                if !quote.is_empty() {
                    quotes.push(quote.to_owned());
                }
                continue;
            }
            if line.contains(STOPS) || line.contains([',', '，', ';', '；']) {
                if let Some(heading) = strip_numbering(line).filter(|_| !line.contains(STOPS)) {
                    headings.push(heading.to_owned());
                } else {
                    // Running text; a paragraph broken in two by the page layout is rejoined.
                    running.push_str(line);
                }
                continue;
            }
            // No stop and no comma: a title, a subheading `(一)…`, a byline or a column name.
            if let Some(heading) = strip_numbering(line) {
                headings.push(heading.to_owned());
            } else if line.chars().count() >= 8 {
                titles.push(line.to_owned());
            }
        }

        let mut raw: Vec<&str> = Vec::new();
        let mut rest = running.as_str();
        while let Some(stop) = rest.find(STOPS) {
            let mut end = stop + rest[stop..].chars().next().map_or(1, char::len_utf8);
            while let Some(c) = rest[end..].chars().next().filter(|c| CLOSERS.contains(c)) {
                end += c.len_utf8();
            }
            let sentence = rest[..end].trim();
            rest = &rest[end..];
            // A sentence needs a body before its stop, and must not start with a closing mark.
            if sentence.chars().count() >= 6 && !sentence.starts_with(CLOSERS) {
                raw.push(sentence);
            }
        }
        raw.sort_unstable();
        raw.dedup();
        let sentences: Vec<String> = raw.iter().filter_map(|s| markdown_safe(s)).collect();

        let short: Vec<String> = sentences
            .iter()
            .filter(|s| (8..=45).contains(&s.chars().count()))
            .cloned()
            .collect();
        quotes.extend(
            raw.iter()
                .filter(|s| (15..=45).contains(&s.chars().count()))
                .map(|s| (*s).to_owned()),
        );

        // Title-like clauses: a clause between commas, 8 to 18 characters, quotes balanced.
        for sentence in &raw {
            for clause in sentence.split([',', '，', ';', '；', ':', '：', '。', '！', '？', '?'])
            {
                let n = clause.chars().count();
                let balanced = clause.matches('“').count() == clause.matches('”').count()
                    && clause.matches('《').count() == clause.matches('》').count()
                    && clause.matches('(').count() == clause.matches(')').count();
                if (8..=18).contains(&n) && balanced && !clause.starts_with(CLOSERS) {
                    titles.push(clause.to_owned());
                }
            }
        }
        titles.extend(headings.iter().filter(|h| h.chars().count() <= 24).cloned());
        titles.sort();
        titles.dedup();
        let headings = headings.iter().filter_map(|h| markdown_safe(h)).collect();
        Pools {
            sentences,
            short,
            quotes,
            headings,
            titles,
        }
    }
}

/// `一、把握新要求,…` → `把握新要求,…`; `(一)数据驱动精准匹配` → `数据驱动精准匹配`; other lines → None.
fn strip_numbering(line: &str) -> Option<&str> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let numbered = |s: &str| !s.is_empty() && s.chars().all(|c| NUMERALS.contains(c));
    if let Some((number, rest)) = line.split_once('、')
        && numbered(number)
    {
        return Some(rest.trim()).filter(|r| !r.is_empty());
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = line.strip_prefix(open)
            && let Some((number, rest)) = inner.split_once(close)
            && numbered(number)
        {
            return Some(rest.trim()).filter(|r| !r.is_empty());
        }
    }
    None
}

/// The text with Markdown's ASCII specials escaped; None for text that would start a block.
fn markdown_safe(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.starts_with(|c: char| c.is_ascii_digit() || "-+=>".contains(c)) {
        return None;
    }
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            safe.push('\\');
        }
        if !c.is_control() {
            safe.push(c);
        }
    }
    Some(safe)
}

// ---------------------------------------------------------------------------------------------
// Authors.

struct Author {
    name: String,
    affiliation: Option<&'static str>,
}

/// ~300 distinct names, the homophone pairs first; the same list every time.
fn authors() -> Vec<Author> {
    let mut rng = Rng::new(0xa17b_0125);
    let mut names: Vec<String> = HOMOPHONES.iter().map(|n| (*n).to_owned()).collect();
    while names.len() < AUTHORS {
        let surname = *rng.pick(SURNAMES);
        let mut name = surname.to_owned();
        name.push_str(rng.pick::<&str>(GIVEN));
        if surname.chars().count() == 2 || rng.chance(60) {
            name.push_str(rng.pick::<&str>(GIVEN));
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| Author {
            affiliation: rng.chance(35).then(|| *rng.pick(AFFILIATIONS)),
            name,
        })
        .collect()
}

/// An author index, skewed so that a few columnists write much of the page.
fn pick_author(rng: &mut Rng, authors: usize) -> usize {
    // The square of a uniform number: index k has density ∝ 1/√k.
    let u = rng.next() >> 11;
    let u = u as f64 / (1u64 << 53) as f64;
    ((u * u) * authors as f64) as usize % authors
}

// ---------------------------------------------------------------------------------------------
// Output.

/// A YAML double-quoted scalar.
fn quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn site_yaml(count: usize, authors: &[Author]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# A benchmark site of {count} generated articles: examples/gen_corpus.rs (version {VERSION})."
    );
    out.push_str("title: ");
    quoted(&mut out, "株洲日报·评论（基准测试）");
    out.push_str("\ndescription: ");
    quoted(&mut out, "株洲日报评论版：生成的基准测试文章");
    out.push_str("\nbase_url: \"https://example.org/opinion/\"\nlanguage: zh-CN\npaginate: 20\n");
    out.push_str("default_section: ");
    quoted(&mut out, SECTIONS[0]);
    out.push_str("\nsections: [");
    for (i, section) in SECTIONS.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        quoted(&mut out, section);
    }
    out.push_str("]\neditors: [\"胡文洁\", \"周菁\"]\nsubmission_email: \"zzrbttsp@126.com\"\n");
    // A few authors known to the site: a pinned slug and a biography.
    out.push_str("authors:\n");
    for (i, author) in authors
        .iter()
        .enumerate()
        .skip(HOMOPHONES.len())
        .step_by(60)
    {
        out.push_str("  ");
        quoted(&mut out, &author.name);
        out.push_str(":\n    bio: ");
        quoted(&mut out, "本报特约评论员，长期关注基层治理与民生议题。");
        out.push('\n');
        if i == HOMOPHONES.len() {
            let _ = writeln!(out, "    slug: \"columnist-{i}\"");
        }
    }
    out
}

/// Article `i`'s file, appended to `out`.
fn article(i: usize, pools: &Pools, authors: &[Author], out: &mut String) {
    let mut rng = Rng::new((i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));

    let title = rng.pick::<String>(&pools.titles);
    let first = pick_author(&mut rng, authors.len());
    let mut bylines = vec![first];
    if rng.chance(6) {
        let second = pick_author(&mut rng, authors.len());
        if second != first {
            bylines.push(second);
        }
    }
    let section = SECTIONS[rng.weighted(&SECTION_WEIGHTS)];
    // Version 1's date; the article now takes its edition's (see DAYS_SPAN).
    let _ = rng.below(DAYS_SPAN as usize + 1);
    let (year, _, _) = day_date(i / PER_EDITION);

    out.push_str("---\ntitle: ");
    quoted(out, title);
    out.push_str("\nauthor: ");
    if bylines.len() == 1 {
        quoted(out, &authors[first].name);
    } else {
        out.push('[');
        for (k, &a) in bylines.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            quoted(out, &authors[a].name);
        }
        out.push(']');
    }
    // The page's own column is often left to `default_section`.
    if section != SECTIONS[0] || rng.chance(50) {
        out.push_str("\nsection: ");
        quoted(out, section);
    }
    if rng.chance(50) {
        out.push_str("\nsummary: ");
        quoted(out, rng.pick::<String>(&pools.quotes));
    }
    if let Some(affiliation) = authors[first].affiliation
        && rng.chance(80)
    {
        out.push_str("\naffiliation: ");
        quoted(out, affiliation);
    }
    if rng.chance(3) {
        let _ = write!(
            out,
            "\nnote: \"本文系株洲市社会科学成果规划课题(ZZSK{}{:03})成果\"",
            year,
            rng.below(1000)
        );
    }
    if rng.chance(30) {
        out.push_str("\ntags: [");
        let n = rng.range(1, 3);
        let start = rng.below(TAGS.len());
        for k in 0..n {
            if k > 0 {
                out.push_str(", ");
            }
            quoted(out, TAGS[(start + k * 5) % TAGS.len()]);
        }
        out.push(']');
    }
    out.push_str("\n---\n\n");

    body(&mut rng, pools, out);
}

/// Article `i`'s file name below `articles/`, without `.md`.
fn article_name(i: usize) -> String {
    format!("a{i:07}")
}

/// The date of day `d`: 2026-03-27 for day 0, then a day earlier for each.
fn day_date(d: usize) -> (i64, i64, i64) {
    civil_from_days(days_from_civil(NEWEST_DAY) - d as i64)
}

fn iso((year, month, day): (i64, i64, i64)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// Edition `d`'s file (day `d`, articles `7d` to `7d + 6`, those below `count`), appended to
/// `out`. Depends on `d` alone, but for the last edition of a corpus, which may list fewer.
fn edition(d: usize, count: usize, authors: &[Author], out: &mut String) {
    const WEEKDAYS: [&str; 7] = ["日", "一", "二", "三", "四", "五", "六"];
    let mut rng = Rng::new((d as u64).wrapping_mul(0x9e6c_63d0_676a_9a99) ^ 0xed17_1035);
    let (year, month, day) = day_date(d);
    // 1970-01-01, day 0 of days_from_civil, was a Thursday.
    let weekday = (days_from_civil((year, month, day)) + 4).rem_euclid(7) as usize;
    let _ = writeln!(
        out,
        "# 株洲日报 {year}年{month}月{day}日 星期{} (examples/gen_corpus.rs)",
        WEEKDAYS[weekday]
    );
    if d < FIRST_ISSUE {
        let _ = writeln!(out, "issue: 第{}期", FIRST_ISSUE - d);
    }
    // Two page editors from the author pool, distinct.
    let first = rng.below(authors.len());
    let second = (first + 1 + rng.below(authors.len() - 1)) % authors.len();
    let _ = writeln!(
        out,
        "pages:\n  - number: 5\n    name: 评论\n    editors: [{}, {}]\n    submission_email: zzrbttsp@126.com\n    articles:",
        authors[first].name, authors[second].name
    );
    for i in d * PER_EDITION..count.min((d + 1) * PER_EDITION) {
        let _ = writeln!(out, "      - {}", article_name(i));
    }
}

/// 1.5–4 KB of Markdown: paragraphs of seed sentences, a few headings, emphasis, a list.
fn body(rng: &mut Rng, pools: &Pools, out: &mut String) {
    const MIN: usize = 1536;
    const MAX: usize = 4000;
    let start = out.len();
    let target = rng.range(MIN + 100, MAX);
    let mut headings = if rng.chance(60) { rng.range(1, 3) } else { 0 };
    let mut list = rng.chance(30);
    let emphasis = rng.chance(50);
    let strong = rng.chance(40);
    let mut paragraphs = 0;
    // A sentence that still fits below `limit` bytes of body, if a few tries find one.
    let fitting = |rng: &mut Rng, pool: &'_ [String], used: usize, limit: usize| {
        (0..8)
            .map(|_| rng.below(pool.len()))
            .find(|&k| used + pool[k].len() + 8 <= limit)
    };
    while out.len() - start + 300 < target {
        if paragraphs > 0 && headings > 0 && rng.chance(35) {
            out.push_str("## ");
            out.push_str(rng.pick::<String>(&pools.headings));
            out.push_str("\n\n");
            headings -= 1;
        }
        if paragraphs > 1 && list && rng.chance(40) {
            for _ in 0..rng.range(3, 5) {
                if let Some(k) = fitting(rng, &pools.short, out.len() - start, target) {
                    out.push_str("- ");
                    out.push_str(&pools.short[k]);
                    out.push('\n');
                }
            }
            out.push('\n');
            list = false;
            continue;
        }
        for _ in 0..rng.range(2, 5) {
            let Some(k) = fitting(rng, &pools.sentences, out.len() - start, target) else {
                break;
            };
            let style = if emphasis && rng.chance(8) {
                "*"
            } else if strong && rng.chance(8) {
                "**"
            } else {
                ""
            };
            push_sentence(out, &pools.sentences[k], style);
        }
        out.push_str("\n\n");
        paragraphs += 1;
    }
    // Top up to the minimum size with one more paragraph when the loop fell short.
    if out.len() - start < MIN {
        while out.len() - start < MIN {
            let k = fitting(rng, &pools.sentences, out.len() - start, MAX).unwrap_or(0);
            push_sentence(out, &pools.sentences[k], "");
        }
        out.push('\n');
    }
    // One newline at the end of the file.
    while out.ends_with("\n\n") {
        out.pop();
    }
}

/// A sentence, its body wrapped in `style` (`*`, `**` or nothing). The marks go inside the stop
/// (`*…*。`): a closing `*` after `。` and before a letter would not close, by CommonMark's rules.
fn push_sentence(out: &mut String, sentence: &str, style: &str) {
    if style.is_empty() {
        out.push_str(sentence);
        return;
    }
    let stop = sentence.rfind(STOPS).unwrap_or(sentence.len());
    let (body, tail) = sentence.split_at(stop);
    if body.is_empty() || body.ends_with('\\') {
        out.push_str(sentence);
        return;
    }
    out.push_str(style);
    out.push_str(body);
    out.push_str(style);
    out.push_str(tail);
}

// ---------------------------------------------------------------------------------------------
// Dates (Howard Hinnant's days-from-civil algorithms).

fn days_from_civil((y, m, d): (i64, i64, i64)) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for day in [0, 1, 59, 365, 2917] {
            let z = days_from_civil(NEWEST_DAY) - day;
            assert_eq!(days_from_civil(civil_from_days(z)), z);
        }
        assert_eq!(
            civil_from_days(days_from_civil((2024, 2, 29)) + 1),
            (2024, 3, 1)
        );
        assert_eq!(day_date(DAYS_SPAN as usize), (2018, 4, 1));
        assert_eq!(day_date(1), (2026, 3, 26));
        // The last day of the largest corpus still has a four-digit year.
        assert!(day_date(MAX_ARTICLES.div_ceil(PER_EDITION)).0 >= 1000);
    }

    #[test]
    fn editions_hold_seven_and_the_last_may_hold_fewer() {
        let authors = authors();
        let mut full = String::new();
        edition(3, 100, &authors, &mut full);
        assert!(full.starts_with("# 株洲日报 2026年3月24日 星期二"));
        assert!(full.contains("issue: 第99996期\n"));
        assert_eq!(full.matches("      - a00000").count(), 7);
        assert!(full.contains("      - a0000021\n") && full.contains("      - a0000027\n"));
        let mut last = String::new();
        edition(3, 23, &authors, &mut last);
        assert_eq!(last.matches("      - a00000").count(), 2);
        assert!(full.starts_with(&last));
    }

    #[test]
    fn yaml_strings_are_escaped() {
        let mut out = String::new();
        quoted(&mut out, "他说\"好\"\\");
        assert_eq!(out, r#""他说\"好\"\\""#);
    }
}
