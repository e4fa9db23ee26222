//! Related reading (延伸阅读): for each article, up to five others, computed in the build.
//!
//! An article's `related:` is its list as it gives it. Otherwise the list starts with the
//! articles that share the most of its topics (ties: the newest first, in the site's order),
//! and is filled with those whose text is nearest to it: the cosine of tf-idf vectors over the
//! pairs of neighbouring Han characters that the search index cuts text into (`search::tokens`,
//! its pairs only), ties broken by date (newest first) and then slug. The same site gives the
//! same lists in every build.
//!
//! What keeps it cheap at 100,000 articles:
//! - Each article is reduced, once, to a *sketch*: the `SKETCH` most repeated pairs of its
//!   headline (counted three times), kicker, subtitle, pull quote and standfirst (twice each)
//!   and the first `SKETCH_TEXT` bytes of its text (about 400 characters: the lead, which says
//!   what a piece is about), with their counts; ties between counts are cut by a fixed hash of
//!   the pair, so that two articles cut the same ties alike. It is made when the file is parsed
//!   (while its HTML is at hand), kept with the article, and kept in the build's source cache,
//!   so that an unchanged file is not read again for it.
//! - Document frequencies are counted over the sketches, and each article is compared by its
//!   `TERMS` weightiest pairs only (tf-idf: `1 + ln tf` times `ln(N / df)`), among pairs that
//!   another article shares (df ≥ 2) and that at most a tenth of the articles hold (`MAX_DF`:
//!   a pair in every other article says little and has the longest lists).
//! - An inverted index from each pair to the articles compared by it (each article's place in
//!   each of its lists kept, so that none is searched for); an article's candidates are scored
//!   by adding up, pair by pair, over at most `WINDOW` articles of each pair's list, those
//!   nearest to it in the site's order (all of them for the rarer pairs), into a small table
//!   that stays in the processor's cache. A candidate must share `MIN_SHARED` pairs and reach a
//!   cosine of `MIN_SCORE`. The work per article is bounded by `TERMS × WINDOW` whatever the
//!   size of the site.
//! - Weights are integers (`ln(N / df)` and `1 + ln tf` each in 16ths, `STEPS`), so that a
//!   score is a sum of integer products whatever the order it is added up in (the same lists in
//!   every build), and so that one article more, or one edited, moves few weights and changes
//!   few lists (which an incremental build renders again).
//!
//! A topic's articles are counted from the newest `TOPIC_SCAN` of each: an older article sharing
//! more of an article's topics than the newer ones is not found past that.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::model::{Site, entry_key};
use crate::search::{KeyHasher, Token, tokens};
use crate::validate::Article;

/// The most articles a computed list holds.
pub const SHOWN: usize = 5;
/// Pairs kept of an article (see `sketch`).
const SKETCH: usize = 32;
/// Pairs an article is compared by.
const TERMS: usize = 12;
/// Articles looked at in each pair's list, the nearest in the site's order.
const WINDOW: usize = 32;
/// Pairs in more than this share of the articles (and more than `MIN_MAX_DF` of them) are not
/// compared by.
const MAX_DF: f64 = 0.1;
const MIN_MAX_DF: usize = 20;
/// Articles of each topic counted, the newest first.
const TOPIC_SCAN: usize = 1000;
/// The smallest cosine similarity that makes an article related: below it, two texts share
/// no more than a word or two.
const MIN_SCORE: f64 = 0.05;
/// The fewest pairs two articles must share to be compared at all: one pair is a word, which
/// two texts on different subjects can share.
const MIN_SHARED: u64 = 2;
/// Where a score's count of shared pairs starts (see `by_text`): below it, the sum of at most
/// `TERMS` products of two weights, each under 2^15 (`ln(N / df)` < 15 for up to 2,000,000
/// articles and `1 + ln tf` < 7, each in 16ths).
const SHARED_SHIFT: u32 = 48;
/// The steps a weight's factors are counted in, a 16th: fine enough to tell pairs apart,
/// coarse enough that one article more (N + 1, which moves every `ln(N / df)` by about 1/N) or
/// one edit (a df ± 1) moves few weights across a step, and so changes few lists.
const STEPS: f64 = 16.0;

/// An article's sketch: pairs (as [`pair_key`]) and their counts, by pair.
pub type Sketch = Arc<[(u32, u8)]>;

/// A pair of Han characters as one number: both code points for pairs of the Basic
/// Multilingual Plane, a hash for pairs with a character beyond it (where two may share a
/// number, which at most makes two texts look a little closer).
fn pair_key(a: char, b: char) -> u32 {
    let (a, b) = (u32::from(a), u32::from(b));
    if a <= 0xFFFF && b <= 0xFFFF {
        a << 16 | b
    } else {
        let mixed = (u64::from(a) << 21 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 32) as u32 | 1
    }
}

/// A fixed order of pairs for cutting ties between counts: a hash, so that no range of
/// characters is preferred; one that can be undone (`untie_order`), so that the pair need not
/// be kept beside it.
fn tie_order(key: u32) -> u32 {
    key.wrapping_mul(0x9E37_79B9).rotate_left(13)
}

/// The pair whose `tie_order` is `order`.
fn untie_order(order: u32) -> u32 {
    // The inverse of 0x9E37_79B9 modulo 2^32.
    order.rotate_right(13).wrapping_mul(0x144C_BC89)
}

/// Counts of pairs, hashed by a multiply (the keys are code points, not chosen by anyone).
type Counts = HashMap<u32, u32, BuildHasherDefault<KeyHasher>>;

/// Sums by key for one piece of work at a time: open addressing over a power of two of slots,
/// emptied by the slots it used rather than cleared whole. Key 0 marks an empty slot. A
/// body's thousand pairs, or an article's candidates, are summed in a fraction of the
/// instructions a `HashMap` takes, in a table that stays in the processor's cache.
#[derive(Default)]
struct Sums<V> {
    keys: Vec<u32>,
    sums: Vec<V>,
    used: Vec<u32>,
}

impl<V: Copy + Default + std::ops::AddAssign> Sums<V> {
    /// Empties the table, with room for at least `slots` slots.
    fn ready(&mut self, slots: usize) {
        for &slot in &self.used {
            self.keys[slot as usize] = 0;
        }
        self.used.clear();
        let size = slots.next_power_of_two();
        if self.keys.len() < size {
            self.keys = vec![0; size];
            self.sums = vec![V::default(); size];
        }
    }

    /// Adds `value` to the sum of `key` (not 0).
    fn add(&mut self, key: u32, value: V) {
        let mask = self.keys.len() - 1;
        let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 16) as usize & mask;
        loop {
            match self.keys[slot] {
                k if k == key => {
                    self.sums[slot] += value;
                    return;
                }
                0 => {
                    self.keys[slot] = key;
                    self.sums[slot] = value;
                    self.used.push(slot as u32);
                    return;
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    fn entries(&self) -> impl Iterator<Item = (u32, V)> + '_ {
        self.used
            .iter()
            .map(|&slot| (self.keys[slot as usize], self.sums[slot as usize]))
    }
}

/// The counts of pairs for one text at a time (pairs are never 0: see `pair_key`).
#[derive(Default)]
struct Tally(Sums<u32>);

impl Tally {
    /// Readies the table for texts of at most `bytes` bytes in all, empty: each pair takes a
    /// character of at least two bytes, and the table is kept at most half full.
    fn ready(&mut self, bytes: usize) {
        self.0.ready((bytes + 1).max(1024));
    }

    fn add(&mut self, key: u32, times: u32) {
        self.0.add(key, times);
    }

    fn entries(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.0.entries()
    }

    /// Adds the Han pairs of `text`, `times` each.
    fn count(&mut self, text: &str, times: u32) {
        tokens(text, |token| {
            if let Token::Pair(a, b) = token {
                self.add(pair_key(a, b), times);
            }
        });
    }
}

thread_local! {
    /// Each thread's table for counting a text's pairs and its buffer for a line of text, kept
    /// from article to article.
    static TALLY: std::cell::RefCell<(Tally, String)> = std::cell::RefCell::new(Default::default());
    /// Each thread's table of candidates' scores, for `by_text`.
    static SCRATCH: std::cell::RefCell<Scores> = std::cell::RefCell::new(Scores::default());
}

/// How much of a body's text its sketch is made from, in bytes (about 400 Chinese
/// characters): a long article's first paragraphs say what it is about, and the cost of a
/// sketch stays bounded.
const SKETCH_TEXT: usize = 1200;

/// The sketch of an article whose body's HTML is `html`: the `SKETCH` most repeated pairs of
/// its headline (counted three times: it names the subject), kicker, subtitle, pull quote and
/// standfirst (twice each) and text. The text is the HTML without its tags, line by line, as
/// the search index reads it (`markdown::plain_text`), but with each character reference
/// (`&amp;`, which stands for a character that is no Han one) read as a space, so that no line
/// need be copied into a string of its own.
pub fn sketch(article: &Article, html: &str) -> Sketch {
    TALLY.with(|tally| {
        let mut tally = tally.borrow_mut();
        let (tally, line) = &mut *tally;
        let texts = [
            &article.kicker,
            &article.subtitle,
            &article.summary,
            &article.standfirst,
        ];
        let front: usize = texts.iter().copied().flatten().map(String::len).sum();
        tally.ready(article.title.len() + front + SKETCH_TEXT.min(html.len()));
        tally.count(&article.title, 3);
        for text in texts.into_iter().flatten() {
            tally.count(text, 2);
        }
        // The text's bytes still to count, and the HTML still to read.
        let mut budget = SKETCH_TEXT;
        let mut rest = html;
        while budget > 0 && !rest.is_empty() {
            // One line of the HTML, without its tags, into `line`.
            line.clear();
            let end = rest.find('\n').unwrap_or(rest.len());
            let mut html_line = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or_default();
            // Whether the rest of the line may hold a `&` (most lines hold none).
            let mut ampersands = true;
            while line.len() < budget {
                // Two searches for one byte each (memchr) are quicker than one for either.
                let amp = if ampersands {
                    html_line.find('&')
                } else {
                    None
                };
                ampersands = amp.is_some();
                let at = match (html_line.find('<'), amp) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let Some(at) = at else {
                    line.push_str(html_line);
                    break;
                };
                line.push_str(&html_line[..at]);
                html_line = &html_line[at..];
                let skip = if html_line.starts_with('<') {
                    html_line.find('>').map_or(html_line.len(), |end| end + 1)
                } else {
                    line.push(' ');
                    html_line.as_bytes()[..html_line.len().min(9)]
                        .iter()
                        .position(|&b| b == b';')
                        .map_or(1, |end| end + 1)
                };
                html_line = &html_line[skip..];
            }
            let mut end = line.len().min(budget);
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            tally.count(&line[..end], 1);
            budget -= end;
        }
        // The most repeated first, ties by `tie_order`: as one number each, the count above
        // the tie's order (inverted, so that the smallest comes first), compared as integers.
        let mut ranked: Vec<u64> = tally
            .entries()
            .map(|(key, n)| u64::from(n.min(255)) << 32 | u64::from(!tie_order(key)))
            .collect();
        if ranked.len() > SKETCH {
            ranked.select_nth_unstable_by(SKETCH - 1, |a, b| b.cmp(a));
            ranked.truncate(SKETCH);
        }
        let mut pairs: Vec<(u32, u8)> = ranked
            .into_iter()
            .map(|rank| (untie_order(!(rank as u32)), (rank >> 32) as u8))
            .collect();
        pairs.sort_unstable_by_key(|&(key, _)| key);
        pairs.into()
    })
}

/// What is wrong with the articles' `related:` lists (drafts' too): a name of no article file
/// (with the nearest name, for the first few), the article itself, a name given twice.
pub fn pin_problems<A: AsRef<Article>>(articles: &[A]) -> Vec<Diagnostic> {
    let pinning = articles
        .iter()
        .map(AsRef::as_ref)
        .filter(|a| a.related.as_ref().is_some_and(|r| !r.is_empty()));
    let mut pinning = pinning.peekable();
    if pinning.peek().is_none() {
        return Vec::new();
    }
    let names: std::collections::HashSet<std::borrow::Cow<'_, [u8]>> = articles
        .iter()
        .map(|a| entry_key(&a.as_ref().source))
        .collect();
    let known = std::cell::OnceCell::new();
    const SUGGESTIONS: usize = 20;
    let mut suggested = 0;
    let mut problems = Vec::new();
    for article in pinning {
        let own = entry_key(&article.source);
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (name, (line, column)) in article.related.iter().flatten() {
            let problem =
                |message: String| Diagnostic::new(&article.source, *line, *column, message);
            let nfc = crate::slug::nfc(name.clone());
            let exists = names.contains(name.as_bytes()) || names.contains(nfc.as_bytes());
            if !exists {
                let stem = name
                    .strip_suffix(".md")
                    .filter(|s| names.contains(s.as_bytes()));
                let advice = if let Some(stem) = stem {
                    format!("write it without .md: `{stem}`")
                } else {
                    let known = known.get_or_init(|| {
                        let mut known: Vec<String> = names
                            .iter()
                            .map(|n| String::from_utf8_lossy(n).into_owned())
                            .collect();
                        known.sort_unstable();
                        known
                    });
                    suggested += 1;
                    let nearest = (suggested <= SUGGESTIONS)
                        .then(|| {
                            crate::front_matter::nearest_name(
                                name,
                                known.iter().map(String::as_str),
                            )
                        })
                        .flatten();
                    match nearest {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "write the name of its file in articles/, without .md".to_owned(),
                    }
                };
                problems.push(problem(format!(
                    "`related` names no article file articles/{name}.md: {advice}"
                )));
            } else if own.as_ref() == name.as_bytes() || own.as_ref() == nfc.as_bytes() {
                problems.push(problem(
                    "`related` names this article itself: list other articles".to_owned(),
                ));
            } else if let Some((_, first)) = seen.iter().find(|(n, _)| *n == nfc) {
                problems.push(problem(format!(
                    "`{name}` is given twice in `related`; the first is at line {first}"
                )));
            } else {
                seen.push((nfc, *line));
            }
        }
    }
    problems
}

/// One article's pairs as it is compared: (pair, weight), the weightiest first.
struct Terms {
    pairs: Vec<(u32, u32)>,
    /// The length of the vector of weights.
    norm: f64,
}

/// One pair an article is compared by, as the index holds it: the pair's list of articles
/// (`Index::lists`), the article's place in it, and its weight there.
#[derive(Clone, Copy)]
struct Term {
    list: u32,
    at: u32,
    weight: u32,
}

/// Which articles each pair is a term of, in the site's order, with its weight in each; and
/// each article's terms in those lists.
struct Index {
    lists: Vec<Vec<(u32, u32)>>,
    terms: Vec<Vec<Term>>,
    norms: Vec<f64>,
}

/// Every article's related reading, as indices into `site.articles`.
pub fn lists(site: &Site) -> Vec<Vec<u32>> {
    let n = site.articles.len();
    if n == 0 {
        return Vec::new();
    }
    // Pinned lists name articles as editions do: by file name.
    let pinned: HashMap<std::borrow::Cow<'_, [u8]>, u32> =
        if site.articles.iter().any(|a| a.related.is_some()) {
            site.articles
                .iter()
                .enumerate()
                .map(|(i, a)| (entry_key(&a.source), i as u32))
                .collect()
        } else {
            HashMap::new()
        };

    // Each article's counts of pairs: its sketch (none when related reading was not asked
    // for while parsing).
    let counted: Vec<&[(u32, u8)]> = site
        .articles
        .iter()
        .map(|a| a.pairs.as_deref().unwrap_or_default())
        .collect();
    // Each pair's document frequency, and its weight (`ln(N / df)`) when it is compared by.
    let df: Counts = counted
        .par_chunks(1024)
        .map(|chunk| {
            let mut df = Counts::default();
            for pairs in chunk {
                for &(key, _) in pairs.iter() {
                    *df.entry(key).or_default() += 1;
                }
            }
            df
        })
        .reduce(Counts::default, |a, b| {
            if a.len() < b.len() {
                merge_counts(b, a)
            } else {
                merge_counts(a, b)
            }
        });
    let max_df = ((n as f64 * MAX_DF) as usize).max(MIN_MAX_DF) as u32;
    let total = n as f64;
    // Both factors in steps of 1/16 (`STEPS`): a weight changes only when a factor crosses a
    // step, so that one more article (N + 1) or one edit (a df ± 1) changes few of them, and
    // so few lists (see `STEPS`).
    let step = |x: f64| (x * STEPS).round() as u32;
    let idf: HashMap<u32, u32, BuildHasherDefault<KeyHasher>> = df
        .iter()
        .filter(|&(_, &df)| (2..=max_df).contains(&df))
        .map(|(&key, &df)| (key, step((total / f64::from(df)).ln())))
        .filter(|&(_, idf)| idf > 0)
        .collect();
    // `1 + ln tf`, for the counts a sketch holds.
    let tf_weight: Vec<u32> = (0..=255u32)
        .map(|tf| step(1.0 + f64::from(tf.max(1)).ln()))
        .collect();
    let terms: Vec<Terms> = counted
        .into_par_iter()
        .map(|pairs| {
            let mut weighted: Vec<(u32, u32)> = pairs
                .iter()
                .filter_map(|&(key, tf)| Some((key, tf_weight[usize::from(tf)] * idf.get(&key)?)))
                .collect();
            let order = |&(key, w): &(u32, u32)| (std::cmp::Reverse(w), key);
            if weighted.len() > TERMS {
                weighted.select_nth_unstable_by_key(TERMS - 1, order);
                weighted.truncate(TERMS);
            }
            weighted.sort_unstable_by_key(order);
            let norm = weighted
                .iter()
                .map(|&(_, w)| (u64::from(w) * u64::from(w)) as f64)
                .sum::<f64>()
                .sqrt();
            Terms {
                pairs: weighted,
                norm,
            }
        })
        .collect();
    drop((df, idf));
    let mut ids: HashMap<u32, u32, BuildHasherDefault<KeyHasher>> = HashMap::default();
    let mut index = Index {
        lists: Vec::new(),
        terms: Vec::with_capacity(n),
        norms: Vec::with_capacity(n),
    };
    for (i, t) in terms.into_iter().enumerate() {
        let placed = t
            .pairs
            .iter()
            .map(|&(key, weight)| {
                let list = *ids.entry(key).or_insert_with(|| {
                    index.lists.push(Vec::new());
                    (index.lists.len() - 1) as u32
                });
                let postings = &mut index.lists[list as usize];
                postings.push((i as u32, weight));
                Term {
                    list,
                    at: (postings.len() - 1) as u32,
                    weight,
                }
            })
            .collect();
        index.terms.push(placed);
        index.norms.push(t.norm);
    }
    drop(ids);
    (0..n)
        .into_par_iter()
        .map(|i| {
            let article = &site.articles[i];
            if let Some(names) = &article.related {
                return names
                    .iter()
                    .filter_map(|(name, _)| {
                        pinned
                            .get(name.as_bytes())
                            .or_else(|| pinned.get(crate::slug::nfc(name.clone()).as_bytes()))
                            .copied()
                    })
                    .filter(|&j| j as usize != i)
                    .collect();
            }
            let mut list = by_topics(site, i);
            if list.len() < SHOWN {
                let near =
                    SCRATCH.with(|scores| by_text(site, &index, i, &mut scores.borrow_mut()));
                for j in near {
                    if list.len() == SHOWN {
                        break;
                    }
                    if !list.contains(&j) {
                        list.push(j);
                    }
                }
            }
            list
        })
        .collect()
}

/// `a` with `b`'s counts added (`b` the smaller).
fn merge_counts(mut a: Counts, b: Counts) -> Counts {
    for (key, n) in b {
        *a.entry(key).or_default() += n;
    }
    a
}

/// Up to `SHOWN` articles sharing the most of article `i`'s topics, the newest first.
fn by_topics(site: &Site, i: usize) -> Vec<u32> {
    let topics = &site.links[i].topics;
    match topics.as_slice() {
        [] => Vec::new(),
        [one] => site.topics[*one]
            .articles
            .iter()
            .filter(|&&j| j != i)
            .take(SHOWN)
            .map(|&j| j as u32)
            .collect(),
        many => {
            // The topics' lists are in the site's order: merged, each article comes with the
            // number of lists it is in, the newest first. The first `SHOWN` of each count are
            // kept; the merge stops once `SHOWN` share every topic.
            let lists: Vec<&[usize]> = many
                .iter()
                .map(|&t| {
                    let all = &site.topics[t].articles;
                    &all[..all.len().min(TOPIC_SCAN)]
                })
                .collect();
            let mut at = vec![0; lists.len()];
            let mut by_count: Vec<Vec<u32>> = vec![Vec::new(); lists.len() + 1];
            while let Some(next) = lists
                .iter()
                .zip(&at)
                .filter_map(|(list, &k)| list.get(k).copied())
                .min()
            {
                let mut count = 0;
                for (list, k) in lists.iter().zip(at.iter_mut()) {
                    if list.get(*k) == Some(&next) {
                        *k += 1;
                        count += 1;
                    }
                }
                if next != i && by_count[count].len() < SHOWN {
                    by_count[count].push(next as u32);
                    if count == lists.len() && by_count[count].len() == SHOWN {
                        break;
                    }
                }
            }
            by_count.into_iter().rev().flatten().take(SHOWN).collect()
        }
    }
}

/// The articles whose text is nearest to article `i`'s, the nearest first (at most
/// `2 × SHOWN`): `scores` (zero for every article) and `touched` are scratch space, given back
/// as they were.
fn by_text(site: &Site, index: &Index, i: usize, scores: &mut Scores) -> Vec<u32> {
    scores.ready(TERMS * WINDOW);
    for term in &index.terms[i] {
        let list = &index.lists[term.list as usize];
        let at = term.at as usize;
        let start = at
            .saturating_sub(WINDOW / 2)
            .min(list.len().saturating_sub(WINDOW));
        let end = (start + WINDOW).min(list.len());
        for &(j, other) in &list[start..end] {
            if j as usize != i {
                // The pairs shared are counted above the products' sum (below 2^40).
                scores.add(
                    j,
                    (1 << SHARED_SHIFT) + u64::from(term.weight) * u64::from(other),
                );
            }
        }
    }
    let own = index.norms[i];
    let mut found: Vec<(f64, u32)> = scores
        .entries()
        .filter_map(|(j, score)| {
            if score >> SHARED_SHIFT < MIN_SHARED {
                return None;
            }
            let sum = score & ((1 << SHARED_SHIFT) - 1);
            let cosine = sum as f64 / (own * index.norms[j as usize]);
            (cosine >= MIN_SCORE).then_some((cosine, j))
        })
        .collect();
    let order = |a: &(f64, u32), b: &(f64, u32)| {
        let (x, y) = (&site.articles[a.1 as usize], &site.articles[b.1 as usize]);
        b.0.total_cmp(&a.0)
            .then_with(|| y.date.timestamp().cmp(&x.date.timestamp()))
            .then_with(|| x.slug.cmp(&y.slug))
    };
    let keep = 2 * SHOWN;
    if found.len() > keep {
        found.select_nth_unstable_by(keep - 1, order);
        found.truncate(keep);
    }
    found.sort_unstable_by(order);
    found.into_iter().map(|(_, j)| j).collect()
}

/// Scores of candidate articles for one article at a time (a score for every article of a
/// large site would not stay in the processor's cache).
#[derive(Default)]
struct Scores(Sums<u64>);

impl Scores {
    /// Readies the table, empty, for at most `most` articles.
    fn ready(&mut self, most: usize) {
        self.0.ready(2 * most);
    }

    fn add(&mut self, article: u32, score: u64) {
        // Article 0 would be an empty slot.
        self.0.add(article + 1, score);
    }

    fn entries(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.0.entries().map(|(key, sum)| (key - 1, sum))
    }
}
