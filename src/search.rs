//! The site's search index: written by the build, read in the browser by the default theme's
//! `static/search.js`, with no server.
//!
//! What is indexed is what an article's page shows of it: kicker, headline, subtitle, authors,
//! column, date as printed, pull quote, standfirst, body, original title, affiliation line,
//! source, note and tags.
//!
//! Chinese has no spaces between words, so the index does not try to find words in it: it
//! holds every pair of neighbouring Han (kana, hangul) characters. Runs of letters or digits
//! are cut the same way, into every two and three neighbouring characters of the run
//! (lower-cased, full-width folded: `ZZSK2025126` gives `zz`, `zzs`, `zs`, `zsk`, …), and the
//! first and last character of a run are also indexed with the CJK character they touch
//! (`1300余项` gives `0余`; `第3季` gives `第3` and `3季`). A query is cut the same way (see
//! `query_tokens`, which keeps only the ends of a long run), and an article is a candidate
//! when it holds all of the query's tokens; so every article that holds the query's text,
//! anywhere, even inside a longer number or code, is a candidate. The page then checks the
//! query's text itself in the article's text, which the index holds too (`t/`), and drops
//! the few candidates that hold the pieces but not the phrase.
//!
//! The files, below `search/data/`:
//! - `meta.json`: the format, the number of articles, of shards and of articles per chunk.
//! - `g/<shard>.bin`: the tokens whose hash falls in this shard, each with its posting list.
//!   A query downloads only the shards of its own tokens, so the first query on a large site
//!   stays small. Layout (integers as LEB128 varints): the token count; then for each token
//!   its UTF-8 length and bytes, its document frequency, its posting list's length in bytes
//!   and the list. Each posting is `(gap << 3) | flags`: the gap from the previous article's
//!   number (the first is the number itself), bit 2 set when the token is in the title or an
//!   author's name, and bits 0–1 the count in the article (1: once, 2: two or three times,
//!   3: more). Articles are numbered in the site's order, newest first.
//! - `d/<chunk>.json`: for each article of the chunk, `[path, title, authors, section, date]`.
//! - `t/<path>.json`, one for each article, named after its page's path without the final
//!   `/` (`t/articles/yi-jia.json` for `articles/yi-jia/`): the text the index holds
//!   besides the details of `d/`, as `[[kicker, subtitle], [standfirst, pull quote,
//!   paragraph, …, original title, affiliation line, source, note, tags]]`, the empty ones
//!   left out. Each string is one line as the index cut it: no token spans two. The first
//!   list is shown above the headline and under it; the second is what excerpts are taken
//!   from. Named by path, not by number, so that a new article (numbered first) leaves every
//!   other file as it was.
//!
//! `Input::of` takes what the index depends on from the model; `write` reuses the previous
//! build's files when nothing in it changed, and otherwise makes them all again (writing only
//! those that differ).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::cjk;
use crate::error::{Diagnostic, Error, Result};
use crate::markdown;
use crate::model::Site;
use crate::output::{Entry, Sink};
use crate::render::{AffiliationLine, json_ld};
use crate::validate::{self, Article, Reread};

/// Where the index's files go, below the site's root.
pub const DATA: &str = "search/data/";
/// Bumped whenever the files' layout changes (the theme's script checks it).
pub const FORMAT: u32 = 2;
/// Bumped whenever what is indexed, or how text is cut into tokens, changes: a site built by an
/// older version then gets its index made again.
const TOKENS: u32 = 4;
/// Articles per file of article details.
pub const DOCS_PER_CHUNK: usize = 100;
/// The size a shard of the index is aimed at. A query of n Chinese characters downloads up to
/// n − 1 shards; at 64 KiB a four-character query on a 10,000-article site fetches well under
/// the ~1 MB the desk allows for a first search.
const SHARD_BYTES: usize = 64 * 1024;
const MAX_SHARDS: usize = 4096;
/// Longer runs of letters and digits (hashes, URLs) are not worth indexing: such a run gives
/// no tokens at all.
const MAX_WORD_BYTES: usize = 48;

const TITLE: u8 = 4;

/// One article as the index sees it: the article, and its section's number in `Input`.
struct Doc {
    article: Arc<Article>,
    section: usize,
}

/// What the index is made from, taken from the site's model.
pub struct Input {
    docs: Vec<Doc>,
    /// The sections' names.
    sections: Vec<String>,
    /// Gives the text of an article's file again, for bodies the build did not keep.
    reread: Arc<Reread>,
    shards: usize,
}

/// What `write` made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    /// Files written by this build (the others were kept from the previous one).
    pub written: usize,
}

impl Input {
    pub fn of(site: &Site, reread: Arc<Reread>) -> Input {
        let docs: Vec<Doc> = site
            .articles
            .iter()
            .zip(&site.links)
            .map(|(article, links)| Doc {
                article: Arc::clone(article),
                section: links.section,
            })
            .collect();
        // The shard count must be known before the index is made (to name the files a
        // previous build left): it is estimated from the articles' lengths, at about one byte
        // of postings for each character of text.
        let text: usize = docs
            .iter()
            .map(|doc| doc.article.body.digest.word_count + doc.article.title.chars().count())
            .sum();
        let shards = text
            .div_ceil(SHARD_BYTES)
            .next_power_of_two()
            .clamp(1, MAX_SHARDS);
        Input {
            docs,
            reread,
            sections: site.sections.iter().map(|s| s.name.clone()).collect(),
            shards,
        }
    }

    /// The index's files, in a fixed order, with their fingerprints. Hashed here, where they
    /// are needed, rather than in `of`: the dev server makes its index on another thread, after
    /// the new pages are served.
    fn files(&self) -> Vec<(String, u64)> {
        // The article details change only with the articles' front matter; the shards with
        // any text (and, as every article's tokens are spread over all of them, all at once).
        let hash = |value: &dyn Fn(&mut DefaultHasher)| {
            let mut hasher = DefaultHasher::new();
            (FORMAT, TOKENS, self.shards, DOCS_PER_CHUNK, self.docs.len()).hash(&mut hasher);
            // The program's code (see build.rs): changed code may cut or index text otherwise.
            env!("BROADSHEET_CODE").hash(&mut hasher);
            value(&mut hasher);
            hasher.finish()
        };
        let details = |doc: &Doc, hasher: &mut DefaultHasher| {
            let a = &doc.article;
            let section = &self.sections[doc.section];
            (&a.slug, &a.title, &a.authors, section, a.date.iso_date()).hash(hasher)
        };
        let text = hash(&|h| {
            for doc in &self.docs {
                let a = &doc.article;
                details(doc, h);
                text_inputs(a).hash(h);
            }
        });
        let mut files = vec![(format!("{DATA}meta.json"), self.meta())];
        files.extend((0..self.shards).map(|i| (shard_file(i, self.shards), text ^ i as u64)));
        files.extend(
            self.docs
                .chunks(DOCS_PER_CHUNK)
                .enumerate()
                .map(|(i, chunk)| {
                    let fingerprint = hash(&|h| chunk.iter().for_each(|doc| details(doc, h)));
                    (chunk_file(i), fingerprint)
                }),
        );
        // Each article's text file depends on that article's text alone (not on how many
        // articles there are, nor on its number).
        files.extend(self.docs.iter().map(|doc| {
            let mut hasher = DefaultHasher::new();
            (FORMAT, TOKENS, env!("BROADSHEET_CODE")).hash(&mut hasher);
            let a = &doc.article;
            text_inputs(a).hash(&mut hasher);
            (text_file(&a.slug), hasher.finish())
        }));
        files
    }

    fn meta(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        (FORMAT, self.docs.len(), self.shards, DOCS_PER_CHUNK).hash(&mut hasher);
        hasher.finish()
    }
}

fn shard_file(i: usize, shards: usize) -> String {
    let digits = format!("{:x}", shards.saturating_sub(1)).len();
    format!("{DATA}g/{i:0digits$x}.bin")
}

fn chunk_file(i: usize) -> String {
    format!("{DATA}d/{i}.json")
}

/// The file of an article's text: its page's path, without the final `/`, below `t/`.
fn text_file(slug: &str) -> String {
    let page = crate::url::article(slug);
    format!("{DATA}t/{}.json", page.trim_end_matches('/'))
}

/// Every file of the index with its record, and what was written.
pub type Written = (Vec<(String, Entry)>, Stats);

/// Writes the index into `sink`, keeping the previous build's files when the index would be
/// the same; returns every file with its record.
pub fn write(input: &Input, sink: &impl Sink) -> Result<Written> {
    Ok(write_unless(input, sink, &AtomicBool::new(false))?.unwrap_or_default())
}

/// `write`, giving up (`None`, some files perhaps written) as soon as `stop` is set: the dev
/// server stops making an index that a newer save has already made stale.
pub fn write_unless(input: &Input, sink: &impl Sink, stop: &AtomicBool) -> Result<Option<Written>> {
    let files = input.files();
    let mut kept = Vec::with_capacity(files.len());
    for (file, fingerprint) in &files {
        let entry = sink
            .reuse(file, *fingerprint)
            .map_err(Error::io("write", file))?;
        kept.push(entry);
    }
    let mut stats = Stats {
        files: files.len(),
        ..Stats::default()
    };
    if kept.iter().all(Option::is_some) {
        let entries: Vec<(String, Entry)> = files
            .into_iter()
            .zip(kept.into_iter().flatten())
            .map(|((file, _), entry)| (file, entry))
            .collect();
        stats.bytes = entries.iter().map(|(_, entry)| entry.file.size).sum();
        return Ok(Some((entries, stats)));
    }
    // Each file is written as soon as it is made, so that a large index is never held twice.
    let written = std::sync::atomic::AtomicUsize::new(0);
    let emit = |i: usize, bytes: &[u8]| -> Result<(Entry, u64)> {
        let (file, fingerprint) = &files[i];
        let entry = match kept[i] {
            Some(entry) => entry,
            None => {
                written.fetch_add(1, Ordering::Relaxed);
                sink.write(file, *fingerprint, bytes)
                    .map_err(Error::io("write", file))?
            }
        };
        Ok((entry, bytes.len() as u64))
    };
    let Some(made) = make(input, &emit, stop)? else {
        return Ok(None);
    };
    stats.written = written.into_inner();
    stats.bytes = made.iter().map(|(_, size)| size).sum();
    let entries = files
        .into_iter()
        .zip(made)
        .map(|((file, _), (entry, _))| (file, entry))
        .collect();
    Ok(Some((entries, stats)))
}

/// What makes one file: its number in `Input::files` and bytes; its record and size back.
type Emit<'a> = dyn Fn(usize, &[u8]) -> Result<(Entry, u64)> + Sync + 'a;

/// Makes every file of the index and hands each to `emit`; their records, in the order of
/// `Input::files`; `None` when `stop` was set.
fn make(input: &Input, emit: &Emit, stop: &AtomicBool) -> Result<Option<Vec<(Entry, u64)>>> {
    let stopped = || stop.load(Ordering::Relaxed);
    // Articles are indexed in parallel, a run of them per task; each token's posting list is
    // then the runs' lists one after the other.
    let per_task = input
        .docs
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(64);
    // Each article's text file is written by the task that cuts the text into tokens.
    let first_text = 1 + input.shards + input.docs.len().div_ceil(DOCS_PER_CHUNK);
    let parts: Vec<std::result::Result<Partial, Failure>> = input
        .docs
        .par_chunks(per_task)
        .enumerate()
        .map(|(n, docs)| {
            let mut partial = Partial::default();
            let mut json = Vec::new();
            for (i, doc) in docs.iter().enumerate() {
                if stopped() {
                    break;
                }
                let number = n * per_task + i;
                let body =
                    validate::body_html(&*input.reread, &doc.article).map_err(Failure::Content)?;
                let text = Text::of(&doc.article, &body);
                let section = &input.sections[doc.section];
                doc_tokens(number as u32, doc, section, &text, &mut partial);
                json.clear();
                text.write_json(&mut json);
                let written = emit(first_text + number, &json).map_err(Failure::Io)?;
                partial.texts.push(written);
            }
            partial.close();
            Ok(partial)
        })
        .collect();
    let mut problems = Vec::new();
    let mut runs = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            Ok(part) => runs.push(part),
            Err(Failure::Content(problem)) => problems.push(problem),
            Err(Failure::Io(error)) => return Err(error),
        }
    }
    if !problems.is_empty() {
        return Err(Error::content(problems));
    }
    if stopped() {
        return Ok(None);
    }
    let texts: Vec<(Entry, u64)> = runs
        .iter_mut()
        .flat_map(|run| std::mem::take(&mut run.texts))
        .collect();

    let mut made = Vec::new();
    let meta = format!(
        "{{\"format\":{FORMAT},\"docs\":{},\"shards\":{},\"chunk\":{DOCS_PER_CHUNK}}}\n",
        input.docs.len(),
        input.shards,
    );
    made.push(emit(0, meta.as_bytes())?);

    // Every token, by shard.
    let mut shards: Vec<Vec<(String, u64)>> = vec![Vec::new(); input.shards];
    let mut seen = std::collections::HashSet::new();
    for run in &runs {
        for &key in run.postings.keys() {
            if seen.insert(key) {
                let token = token_text(key);
                shards[shard_of(&token, input.shards)].push((token, key));
            }
        }
    }
    drop(seen);
    let written: Vec<Result<Option<(Entry, u64)>>> = shards
        .into_par_iter()
        .enumerate()
        .map(|(i, mut tokens)| {
            if stopped() {
                return Ok(None);
            }
            tokens.sort_unstable();
            let mut bytes = Vec::new();
            let mut list = Vec::new();
            varint(&mut bytes, tokens.len() as u64);
            for (token, key) in tokens {
                // The runs' lists, each one's first gap made to count from the one before.
                list.clear();
                let mut count = 0;
                let mut last = None;
                for posting in runs.iter().filter_map(|run| run.postings.get(&key)) {
                    let (first, len) = read_varint(&posting.bytes);
                    let gap = (first >> 3) - last.map_or(0, u64::from);
                    varint(&mut list, gap << 3 | (first & 7));
                    list.extend_from_slice(&posting.bytes[len..]);
                    last = posting.last;
                    count += posting.count;
                }
                varint(&mut bytes, token.len() as u64);
                bytes.extend_from_slice(token.as_bytes());
                varint(&mut bytes, u64::from(count));
                varint(&mut bytes, list.len() as u64);
                bytes.extend_from_slice(&list);
            }
            emit(1 + i, &bytes).map(Some)
        })
        .collect();
    drop(runs);
    for result in written {
        match result? {
            Some(entry) => made.push(entry),
            None => return Ok(None),
        }
    }

    for (c, chunk) in input.docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let mut json = b"[".to_vec();
        for (i, doc) in chunk.iter().enumerate() {
            if i > 0 {
                json.extend_from_slice(b",\n");
            }
            let a = &doc.article;
            json_ld::write_html_safe(
                &mut json,
                &[
                    crate::url::article(&a.slug).as_str(),
                    &a.title,
                    &a.authors.join("、"),
                    &input.sections[doc.section],
                    &a.date.iso_date(),
                ],
            );
        }
        json.extend_from_slice(b"]\n");
        made.push(emit(1 + input.shards + c, &json)?);
    }
    made.extend(texts);
    Ok(Some(made))
}

/// Why an article's part of the index could not be made.
enum Failure {
    /// Its file changed during the build.
    Content(Diagnostic),
    /// Its text file could not be written.
    Io(Error),
}

/// What an article's text file (and the shards) depend on besides its details: everything
/// `Text::of` reads.
fn text_inputs(a: &Article) -> impl Hash + '_ {
    (
        a.body.digest.html_hash,
        (&a.kicker, &a.subtitle, &a.summary, &a.standfirst),
        (&a.original_title, &a.affiliation, &a.taken_from, &a.note),
        &a.tags,
    )
}

/// An article's text as its page shows it, line by line, besides what `d/` holds of it (its
/// headline, authors, column and date): what the index cuts into tokens, and what the page
/// checks a query against and takes excerpts from.
struct Text<'a> {
    /// Kicker and subtitle.
    head: Vec<&'a str>,
    /// Standfirst, pull quote, the body's lines, original title, affiliation line, source, note
    /// and tags.
    lines: Vec<Cow<'a, str>>,
}

impl<'a> Text<'a> {
    fn of(a: &'a Article, body: &'a str) -> Text<'a> {
        let head = [&a.kicker, &a.subtitle]
            .into_iter()
            .flatten()
            .map(|line| line.trim())
            .filter(|line| !line.is_empty())
            .collect();
        let mut lines: Vec<Cow<'a, str>> = Vec::new();
        for text in [&a.standfirst, &a.summary].into_iter().flatten() {
            lines.push(Cow::Borrowed(text));
        }
        // The text as the reader sees it, made from the HTML here rather than kept beside it
        // by the Markdown stage: see `markdown::plain_text`.
        lines.extend(markdown::plain_text(body));
        // As the page prints them.
        if let Some(original) = &a.original_title {
            lines.push(Cow::Owned(format!("（原标题：{original}）")));
        }
        if let Some(affiliation) = &a.affiliation {
            lines.push(Cow::Owned(AffiliationLine(affiliation).to_string()));
        }
        if let Some(source) = &a.taken_from {
            lines.push(Cow::Owned(format!("（{source}）")));
        }
        if let Some(note) = &a.note {
            lines.push(Cow::Owned(format!("【{note}】")));
        }
        if !a.tags.is_empty() {
            lines.push(Cow::Owned(a.tags.join("、")));
        }
        // One string a line: the index cuts no token across lines, and the page checks a
        // query within one.
        let lines = lines
            .into_iter()
            .flat_map(|text| match text {
                Cow::Borrowed(text) => text
                    .lines()
                    .map(|line| Cow::Borrowed(line.trim()))
                    .collect::<Vec<_>>(),
                Cow::Owned(text) => text
                    .lines()
                    .map(|line| Cow::Owned(line.trim().to_owned()))
                    .collect(),
            })
            .filter(|line| !line.is_empty())
            .collect();
        Text { head, lines }
    }

    /// `[[kicker, subtitle], [line, …]]`.
    fn write_json(&self, out: &mut Vec<u8>) {
        json_ld::write_html_safe(out, &(&self.head, &self.lines));
        out.push(b'\n');
    }
}

/// Adds every token of article `n`, flagging those of its title and authors.
fn doc_tokens(n: u32, doc: &Doc, section: &str, text: &Text, index: &mut Partial) {
    let mut add = |text: &str, flags: u8| {
        cut(text, Grams::All, &mut |piece| {
            index.add(n, piece.key(), flags)
        });
    };
    let a = &doc.article;
    add(&a.title, TITLE);
    for author in &a.authors {
        add(author, TITLE);
    }
    add(section, 0);
    // The date as the page prints it (`2026年3月27日`): `2026年3月` finds that month's articles.
    add(&a.date.chinese(), 0);
    for line in &text.head {
        add(line, 0);
    }
    for line in &text.lines {
        add(line, 0);
    }
}

/// A token of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Two neighbouring Han (kana, hangul) characters.
    Pair(char, char),
    /// Two or three neighbouring characters of a run of letters or digits (lower-cased,
    /// full-width folded); or a run's first or last character together with the CJK
    /// character it touches (`第3`, `0余`).
    Word(String),
}

/// A token as the tokenizer makes it, with no allocation: two or three characters.
#[derive(Clone, Copy)]
enum Piece {
    Two(char, char),
    Three(char, char, char),
}

impl Piece {
    /// A number for the token, from its characters (21 bits each): below 2⁴² for two, at or
    /// above for three (a character is never 0). `token_text` gives the text back.
    fn key(self) -> u64 {
        match self {
            Piece::Two(a, b) => u64::from(a) << 21 | u64::from(b),
            Piece::Three(a, b, c) => u64::from(a) << 42 | u64::from(b) << 21 | u64::from(c),
        }
    }

    fn token(self) -> Token {
        match self {
            Piece::Two(a, b) if class(a) == Class::Cjk && class(b) == Class::Cjk => {
                Token::Pair(a, b)
            }
            Piece::Two(a, b) => Token::Word([a, b].iter().collect()),
            Piece::Three(a, b, c) => Token::Word([a, b, c].iter().collect()),
        }
    }
}

/// What a character is to the tokenizer. The theme's `search.js` classifies the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A CJK letter: paired with its CJK neighbours.
    Cjk,
    /// A letter or digit: part of a word.
    Word,
    /// Anything else: it separates words and pairs.
    Other,
}

/// The class of `c`, as `search.js`'s `classOf` has it (`tests/browser.rs` compares the two
/// over every code point of planes 0–3): CJK letters ([`cjk::is_cjk_letter`]) pair; ASCII and
/// full-width Latin letters and digits, and any other letter or digit, make words; the rest
/// (punctuation, symbols, spaces) separates.
pub fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        };
    }
    // Cheap range checks first: Chinese text is mostly Han characters and full-width
    // punctuation, and `is_alphanumeric` searches Unicode's tables. General Punctuation
    // (U+2000–U+206F) holds no letter or digit; the CJK punctuation blocks hold a few (々, the
    // Hangzhou numerals, half-width kana), which separate, as they always have here.
    if cjk::is_cjk_letter(c) {
        Class::Cjk
    } else if cjk::is_full_width_latin(c) {
        Class::Word
    } else if ('\u{2000}'..='\u{206F}').contains(&c) || cjk::within(cjk::PUNCTUATION_BLOCKS, c) {
        Class::Other
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// A letter or digit as it is indexed: full-width Latin letters and digits as their ASCII
/// selves, letters lower-cased.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if cjk::is_full_width_latin(c) {
        return char::from_u32(c as u32 - 0xFEE0).map_or(c, |c| c.to_ascii_lowercase());
    }
    if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// Cuts `text` into the tokens the index holds of it: each pair of neighbouring CJK
/// characters; every two and every three neighbouring characters of a run of letters or digits
/// (`zz`, `zzs`, `zs`, `zsk`, …); and a run's first and last character with the CJK character
/// it touches (`第3`, `3季`).
pub fn tokens(text: &str, mut emit: impl FnMut(Token)) {
    cut(text, Grams::All, &mut |piece| emit(piece.token()));
}

/// The tokens a query looks for: as `tokens`, but of a run of letters or digits only its two
/// characters, when it has two, else its first and last three (`zzs` and `126` for
/// `zzsk2025126`): each piece more is a shard more to download (64 KB), and the first and last
/// are nearly as selective as all of them (a false candidate costs the page one text of a few
/// KB; over the bench's 50 queries on the generated 10,000 articles, one more). An article
/// that holds the query's text holds all of them; the page checks the text itself. A run of
/// one character has none of its own, only those it makes with the CJK characters it touches:
/// `6日` finds `16日` too (the reader sees it there).
pub fn query_tokens(text: &str, mut emit: impl FnMut(Token)) {
    cut(text, Grams::Ends, &mut |piece| emit(piece.token()));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Grams {
    All,
    Ends,
}

fn cut(text: &str, grams: Grams, emit: &mut dyn FnMut(Piece)) {
    let mut previous: Option<(char, Class)> = None;
    // The run of letters or digits being read, folded; its length in UTF-8; and the CJK
    // character just before it, if it touched it.
    let mut run: Vec<char> = Vec::new();
    let mut run_bytes = 0;
    let mut before_run: Option<char> = None;
    for c in text.chars() {
        let kind = class(c);
        let in_run = matches!(previous, Some((_, Class::Word)));
        if kind != Class::Word && in_run {
            let after = (kind == Class::Cjk).then_some(c);
            finish_run(&run, run_bytes, before_run.take(), after, grams, emit);
            run.clear();
            run_bytes = 0;
        }
        match kind {
            Class::Cjk => {
                if let Some((p, Class::Cjk)) = previous {
                    emit(Piece::Two(p, c));
                }
            }
            Class::Word => {
                if !in_run {
                    before_run = match previous {
                        Some((p, Class::Cjk)) => Some(p),
                        _ => None,
                    };
                }
                let folded = fold(c);
                run_bytes += folded.len_utf8();
                run.push(folded);
            }
            Class::Other => {}
        }
        previous = Some((c, kind));
    }
    if matches!(previous, Some((_, Class::Word))) {
        finish_run(&run, run_bytes, before_run, None, grams, emit);
    }
}

/// The tokens of one run of letters or digits, in the order `search.js` gives them: the one
/// with the CJK character before it, its own pieces from the left (each two-character piece
/// before the three-character one starting at the same place), the one with the CJK
/// character after it.
fn finish_run(
    run: &[char],
    bytes: usize,
    before: Option<char>,
    after: Option<char>,
    grams: Grams,
    emit: &mut dyn FnMut(Piece),
) {
    if run.is_empty() || bytes > MAX_WORD_BYTES {
        return;
    }
    let piece = |at: usize, len: usize| match len {
        2 => Piece::Two(run[at], run[at + 1]),
        _ => Piece::Three(run[at], run[at + 1], run[at + 2]),
    };
    if let Some(c) = before {
        emit(Piece::Two(c, run[0]));
    }
    let n = run.len();
    match grams {
        Grams::All => {
            for at in 0..n {
                if at + 2 <= n {
                    emit(piece(at, 2));
                }
                if at + 3 <= n {
                    emit(piece(at, 3));
                }
            }
        }
        Grams::Ends if n == 2 => emit(piece(0, 2)),
        Grams::Ends if n >= 3 => {
            emit(piece(0, 3));
            if n > 3 {
                emit(piece(n - 3, 3));
            }
        }
        Grams::Ends => {}
    }
    if let Some(c) = after {
        emit(Piece::Two(run[n - 1], c));
    }
}

/// The articles of a run, each token's posting list for them.
#[derive(Default)]
struct Partial {
    postings: HashMap<u64, Posting, BuildHasherDefault<KeyHasher>>,
    /// The records of the run's text files, in order.
    texts: Vec<(Entry, u64)>,
}

/// One token's posting list, as it grows.
struct Posting {
    /// The postings so far, each `(gap << 3) | flags`, the first one's gap from 0.
    bytes: Vec<u8>,
    /// The last article in `bytes`.
    last: Option<u32>,
    count: u32,
    /// The article being added, how often the token is in its text, and its flags.
    open: (u32, u32, u8),
}

impl Posting {
    fn new(doc: u32) -> Posting {
        Posting {
            bytes: Vec::new(),
            last: None,
            count: 0,
            open: (doc, 0, 0),
        }
    }

    /// Encodes the article being added.
    fn close(&mut self) {
        let (doc, times, flags) = self.open;
        let times = match times {
            0 => 0,
            1 => 1,
            2..=3 => 2,
            _ => 3,
        };
        let gap = doc - self.last.unwrap_or(0);
        varint(
            &mut self.bytes,
            u64::from(gap) << 3 | u64::from(flags | times),
        );
        self.last = Some(doc);
        self.count += 1;
    }
}

impl Partial {
    /// Counts one token of article `doc` (articles come in order).
    fn add(&mut self, doc: u32, key: u64, flags: u8) {
        let posting = self
            .postings
            .entry(key)
            .or_insert_with(|| Posting::new(doc));
        if posting.open.0 != doc {
            posting.close();
            posting.open = (doc, 0, 0);
        }
        posting.open.2 |= flags;
        if flags & TITLE == 0 {
            posting.open.1 += 1;
        }
    }

    /// Encodes the last article of every list, and gives back what the lists over-allocated
    /// as they grew (a quarter of their size, on average: at 100,000 articles, 20 MB).
    fn close(&mut self) {
        for posting in self.postings.values_mut() {
            posting.close();
            posting.bytes.shrink_to_fit();
        }
    }
}

/// A token's text, from its number (`Piece::key`).
fn token_text(key: u64) -> String {
    let char_at =
        |shift: u32| char::from_u32((key >> shift & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    if key >> 42 == 0 {
        [char_at(21), char_at(0)].iter().collect()
    } else {
        [char_at(42), char_at(21), char_at(0)].iter().collect()
    }
}

/// The shard a token's postings are in: FNV-1a (32 bits) of its UTF-8 bytes, as `search.js`
/// computes it.
pub fn shard_of(token: &str, shards: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in token.as_bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (shards - 1)
}

/// A hasher for numbers made of characters (the index's tokens, related reading's pairs of
/// Han characters), which no one chooses: a multiply per number, as rustc's FxHasher, and a
/// rotate at the end so that the table's low bits (its bucket) depend on every character,
/// not only the last one. The default SipHash costs more than the rest of the lookup.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// The value of the LEB128 varint at the start of `bytes`, and its length.
fn read_varint(bytes: &[u8]) -> (u64, usize) {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return (value, i + 1);
        }
    }
    (value, bytes.len())
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        tokens(text, |t| {
            found.push(match t {
                Token::Pair(a, b) => format!("{a}{b}"),
                Token::Word(w) => w,
            })
        });
        found
    }

    #[test]
    fn chinese_is_cut_into_pairs_and_punctuation_separates() {
        assert_eq!(all("群众工作"), ["群众", "众工", "工作"]);
        assert_eq!(all("盲盒，好"), ["盲盒"]);
        assert_eq!(all("“外脑”的"), ["外脑"]);
    }

    fn query(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        query_tokens(text, |t| {
            found.push(match t {
                Token::Pair(a, b) => format!("{a}{b}"),
                Token::Word(w) => w,
            })
        });
        found
    }

    #[test]
    fn runs_of_letters_and_digits_are_cut_into_twos_and_threes_and_their_ends_joined_to_han() {
        assert_eq!(
            all("ZZSK2025"),
            [
                "zz", "zzs", "zs", "zsk", "sk", "sk2", "k2", "k20", "20", "202", "02", "025", "25"
            ]
        );
        assert_eq!(
            all("2025年全市"),
            ["20", "202", "02", "025", "25", "5年", "年全", "全市"]
        );
        assert_eq!(all("第３季"), ["第3", "3季"]);
        assert_eq!(
            all("Hello, Wo"),
            ["he", "hel", "el", "ell", "ll", "llo", "lo", "wo"]
        );
        assert_eq!(all("（AB）"), ["ab"]);
        assert_eq!(all("a b"), Vec::<String>::new());
        // Too long to be worth it: a hash.
        assert!(all(&"0123456789abcdef".repeat(4)).is_empty());
    }

    #[test]
    fn a_query_looks_for_the_ends_of_a_run_and_where_it_touches_han() {
        assert_eq!(query("ZZSK2025126"), ["zzs", "126"]);
        assert_eq!(query("2025年"), ["202", "025", "5年"]);
        assert_eq!(query("ZZSK"), ["zzs", "zsk"]);
        assert_eq!(query("zzs"), ["zzs"]);
        assert_eq!(query("300余项"), ["300", "0余", "余项"]);
        assert_eq!(query("5G手机"), ["5g", "g手", "手机"]);
        assert_eq!(query("6日"), ["6日"]);
        assert_eq!(query("群众工作"), all("群众工作"));
        // Every token a query looks for is one the text that holds it has.
        for (query_text, text) in [
            ("ZZSK", "课题编号ZZSK2025126"),
            ("2025126", "（ZZSK2025126）"),
            ("300余项", "链接资源1300余项。"),
            ("6日", "3月16日"),
            ("sk20", "ZZSK2025126"),
        ] {
            let held = all(text);
            for token in query(query_text) {
                assert!(held.contains(&token), "{token} of {query_text} in {text}");
            }
        }
    }

    #[test]
    fn shards_are_fnv1a_of_the_utf8_bytes() {
        // The browser's search.js must find the same shards: FNV-1a 32 of "a" is 0xe40c292c.
        assert_eq!(shard_of("a", 256), 0x2c);
        assert_eq!(shard_of("a", 1), 0);
        assert_eq!(shard_of("群众", 1 << 16), 0x3059);
    }
}
