//! broadsheet: a static site generator for a newspaper's commentary desk, Chinese first.
//!
//! `build` runs the stages in one direction: load → validate → model → render → output.
//! Only loading and output touch the file system.

pub(crate) mod cache;

/// `println!`, but a closed standard output (`broadsheet build | head -1`) does not panic:
/// what cannot be written is dropped, and the command's work and exit code stay as they are.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` as [`say!`] is `println!`.
#[macro_export]
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

pub mod check;
pub mod cjk;
pub mod config;
pub mod date;
#[cfg(feature = "deploy")]
pub mod deploy;
pub mod edition;
pub mod error;
pub mod front_matter;
pub mod import;
pub mod load;
pub mod markdown;
pub(crate) mod model;
pub(crate) mod output;
pub mod pictures;
pub(crate) mod related;
pub(crate) mod render;
pub mod scaffold;
pub mod search;
pub mod slug;
pub(crate) mod theme;
pub(crate) mod url;
pub mod validate;

#[cfg(feature = "serve")]
pub mod serve;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::SourceCache;
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::load::FileKey;
use crate::model::Site;
use crate::output::{Entry, Output, Sink};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::validate::Article;

pub use crate::error::Error as BuildError;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder: holds `articles/` and optionally `site.yaml`, `themes/`, `static/`.
    pub source: PathBuf,
    /// Where the site goes; `<source>/dist` when not given.
    pub output: Option<PathBuf>,
    /// Include articles marked `draft: true`.
    pub drafts: bool,
    /// The moment the build is made at, in seconds since 1970-01-01T00:00:00Z: articles due
    /// later are scheduled, those whose `expires:` has come are taken down. `None`: the system
    /// clock's.
    pub now: Option<i64>,
    /// What is done with the articles not due yet.
    pub future: Future,
}

/// What a build does with articles whose time has not come (see `model::due`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Future {
    /// Left out until they are due (`build`).
    #[default]
    LeaveOut,
    /// Published as if they were due (`build --future`).
    Publish,
    /// Shown, marked as scheduled (`serve`).
    Preview,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub articles: usize,
    pub drafts_skipped: usize,
    pub sections: usize,
    pub authors: usize,
    pub pages: usize,
    /// Pages, the search index's files and static files.
    pub files: usize,
    /// The search index.
    pub search: search::Stats,
    /// The pictures the articles show, and what making them cost.
    pub pictures: PictureStats,
    /// Articles whose body (its HTML) was kept from parsing to rendering: every one for a site
    /// within `BODY_BUDGET`, else none (each body is made again for the pages and the index
    /// that need it, so that a large archive's bodies are never all held at once).
    pub bodies_kept: usize,
    /// Pages rendered and written by this build.
    pub written: usize,
    /// Pages left as the previous build wrote them, their content unchanged.
    pub unchanged: usize,
    /// Files in the output folder that this tool did not write (added by hand), kept there.
    pub kept: Vec<String>,
    /// Articles not due yet (left out, published with `--future`, or shown marked by
    /// `serve`, as `future` says), and when the first of them is due (seconds since 1970).
    pub scheduled: usize,
    pub next_due: Option<i64>,
    pub future: Future,
    /// Articles past their `expires:` moment, left out.
    pub expired: usize,
    /// Old addresses (aliases) that redirect to their articles.
    pub redirects: usize,
    /// Pages of the previous build (paths below the site's root, `articles/old/`) that this
    /// one no longer has, and that no alias keeps (see `disappearing_urls`).
    pub disappeared: Vec<String>,
    /// The path part of `base_url` (`/opinion/`), where the site's URLs start.
    pub base_path: String,
    pub output: PathBuf,
    /// Time spent in each stage, in order.
    pub stages: Vec<Stage>,
    pub elapsed: Duration,
}

impl Summary {
    /// A warning for each page of the previous build that this one lost (`disappeared`).
    pub fn disappearing_warnings(&self) -> impl Iterator<Item = String> + '_ {
        self.disappeared
            .iter()
            .map(|path| disappearing_message(path, &self.base_path))
    }
}

/// What a build made, counted; `Summary` adds where it went and how long it took.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    pub articles: usize,
    pub drafts_skipped: usize,
    pub sections: usize,
    pub authors: usize,
    pub pages: usize,
    pub files: usize,
    pub search: search::Stats,
    pub pictures: PictureStats,
    pub bodies_kept: usize,
    pub written: usize,
    pub unchanged: usize,
    pub timing: model::Timing,
    pub future: Future,
    pub redirects: usize,
    pub base_path: String,
}

impl Counts {
    pub(crate) fn into_summary(self, timer: &Timer, output: PathBuf, kept: Vec<String>) -> Summary {
        Summary {
            scheduled: self.timing.scheduled,
            next_due: self.timing.next_due,
            future: self.future,
            expired: self.timing.expired,
            redirects: self.redirects,
            disappeared: Vec::new(),
            base_path: self.base_path,
            articles: self.articles,
            drafts_skipped: self.drafts_skipped,
            sections: self.sections,
            authors: self.authors,
            pages: self.pages,
            files: self.files,
            search: self.search,
            pictures: self.pictures,
            bodies_kept: self.bodies_kept,
            written: self.written,
            unchanged: self.unchanged,
            kept,
            output,
            stages: timer.stages.clone(),
            elapsed: timer.started.elapsed(),
        }
    }
}

/// What a build did with the pictures its articles show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PictureStats {
    /// Picture files shown (each counted once, however many articles show it).
    pub pictures: usize,
    /// Pictures decoded and encoded by this build (not found in the cache).
    pub decoded: usize,
    /// Pictures whose bytes were read to find their cache key (their file's size, time or
    /// inode was not as the cache recorded it).
    pub read: usize,
    /// Files of copies in the site.
    pub files: usize,
}

/// The folder a site's own static files (images, downloads) live in; copied to the site's root.
pub const STATIC_DIR: &str = "static";

/// Told how far a build has come: a stage starts (with how many steps it has, 0 when that is
/// not known beforehand), steps are done (from any thread), and the build ends. The command
/// line draws bars from it; the library prints nothing.
pub trait Progress: Sync {
    fn stage(&self, name: &'static str, steps: usize);
    fn advance(&self, steps: usize);
    fn finish(&self);
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &'static str, _: usize) {}
    fn advance(&self, _: usize) {}
    fn finish(&self) {}
}

/// A sink that tells `progress` of each file it is given, and hands it on.
struct Counting<'a, S: Sink> {
    inner: &'a S,
    progress: &'a dyn Progress,
}

impl<S: Sink> Sink for Counting<'_, S> {
    fn reuse(&self, path: &str, fingerprint: u64) -> std::io::Result<Option<Entry>> {
        let reused = self.inner.reuse(path, fingerprint)?;
        if reused.is_some() {
            self.progress.advance(1);
        }
        Ok(reused)
    }

    fn write(&self, path: &str, fingerprint: u64, bytes: &[u8]) -> std::io::Result<Entry> {
        let entry = self.inner.write(path, fingerprint, bytes)?;
        self.progress.advance(1);
        Ok(entry)
    }
}

/// Builds the site at `options.source` into its output folder, which is replaced only when
/// the whole build succeeded.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    build_with(options, &Silent)
}

/// [`build`], telling `progress` how far it has come.
pub fn build_with(options: &BuildOptions, progress: &dyn Progress) -> Result<Summary> {
    let source = options.source.as_path();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| source.join("dist"));
    check_output_is_safe(source, &output)?;
    // Read (and refused, if it is not this tool's) before any work; it is written to only
    // after the whole site is made, so a failed build touches nothing.
    let out = Output::open(&output)?;
    let cache_path = output::beside(&output, "sources");
    let cache = SourceCache::read(&cache_path);

    // Bodies are kept from parsing to rendering and indexing only when all of them fit in
    // `BODY_BUDGET`; past it each article's page, and its part of the search index, make its
    // HTML again from its file. Keeping them held every body at once (100,000 articles: 387 MB
    // of HTML in an 888 MB peak), which a million articles cannot afford; making them again
    // costs CPU, which a small site need not pay (see bench/results.md).
    let remembered = |shown: &Path, key: &FileKey| {
        let entry = cache.get(shown, key)?;
        Some((entry.front_matter.clone(), entry.body.clone()))
    };
    let remembered_pairs = |shown: &Path, key: &FileKey| cache.get(shown, key)?.pairs.clone();
    progress.stage("read", 0);
    let mut prepared = prepare(
        options,
        &remembered,
        &remembered_pairs,
        &|_, _| None,
        Editions::Read(&|_, _| None),
        Bodies::Within(body_budget()),
        progress,
    )?;
    // Only the dev server builds again from what a build kept: the editions are freed now,
    // before rendering.
    prepared.editions = Vec::new();
    // Before the pages are written (which consumes what was prepared): the previous build's
    // pages are known from its manifest, read when the output folder was opened.
    let disappeared = disappearing_urls(out.previous_pages(), &prepared);
    progress.stage("render", prepared.pages.len());
    let counting = Counting {
        inner: &out,
        progress,
    };
    let built = prepared.write(
        source,
        &counting,
        Index::WithThePages,
        Unmade::Now,
        progress,
    )?;
    let mut timer = built.timer;
    progress.stage("write", 0);
    let committed = out.commit(&built.files)?;
    progress.finish();
    // Losing the cache costs the next build time, never correctness: a failure to write it
    // does not fail the build.
    let cache_is_stale = built.read_afresh > 0 || built.articles.len() != cache.len();
    if cache_is_stale {
        let records = built.articles.iter().map(|article| cache::Record {
            shown: &article.source,
            key: article.key,
            front_matter: &article.front_matter,
            body: &article.body.digest,
            pairs: article.pairs.as_deref(),
        });
        let _ = SourceCache::write(&cache_path, records);
    }
    timer.stage("write");
    let mut summary = built.counts.into_summary(&timer, output, committed.kept);
    summary.disappeared = disappeared;
    Ok(summary)
}

/// The pages of the previous build that this site will not have, and that readers and search
/// engines may hold links to: `previous` is that build's pages (`output::previous_pages`,
/// as `.iter().map(String::as_str)`), as paths below the site's root (`articles/old/`), in
/// any order. Only pages that stand for
/// themselves are looked at: an article's, an alias's, a page of the site's own `static/`;
/// not the home page, the listings, editions, search and 404 pages, which come and go with the
/// articles in them. An article that the build leaves out (a draft, one not due yet, one taken
/// down) keeps its address, and so does every alias of the site: neither is said to have
/// disappeared. Sorted.
///
/// `build` prints each as a warning; `check` makes each an error (see `disappearing_message`).
pub(crate) fn disappearing_urls<'p>(
    previous: impl IntoIterator<Item = &'p str>,
    prepared: &Prepared,
) -> Vec<String> {
    const COMES_AND_GOES: [&str; 6] = [
        url::SECTIONS,
        url::AUTHORS,
        url::TOPICS,
        url::EDITIONS,
        url::SEARCH,
        "page/",
    ];
    // Made without a string per article, and hashed cheaply: every build looks through every
    // page of the last.
    let slugs: model::NameSet<'_> = prepared.articles.iter().map(|a| a.slug.as_str()).collect();
    let aliases: model::NameSet<'_> = prepared
        .articles
        .iter()
        .flat_map(|a| a.aliases.iter().map(|(path, _)| path.as_str()))
        .collect();
    let known = |path: &str| {
        let article = url::article_slug(path).is_some_and(|slug| slugs.contains(slug));
        article || aliases.contains(path)
    };
    let mut gone: Vec<&str> = previous
        .into_iter()
        .filter(|path| {
            !(path.is_empty()
                || *path == url::NOT_FOUND
                || COMES_AND_GOES.iter().any(|folder| path.starts_with(folder))
                || known(path))
        })
        .collect();
    if gone.is_empty() {
        return Vec::new();
    }
    // Looked for only now, since few builds get here: the site's own pages in `static/`.
    let source = &prepared.site.config.source;
    let own = source.join(STATIC_DIR);
    if own.is_dir()
        && let Ok((files, _)) = load::files_below(&own, source)
    {
        let statics: std::collections::HashSet<&str> = files
            .iter()
            .filter_map(|f| output::page_of_file(f))
            .collect();
        gone.retain(|path| !statics.contains(path));
    }
    let mut gone: Vec<String> = gone.into_iter().map(str::to_owned).collect();
    gone.sort_unstable();
    gone
}

/// What is said of a page that `disappearing_urls` found gone: its URL (below `base_path`,
/// the path of `base_url`) and how to keep it.
pub(crate) fn disappearing_message(path: &str, base_path: &str) -> String {
    format!(
        "{base_path}{path} was in the last build and is gone: add `aliases: [/{path}]` to the article that replaced it"
    )
}

/// How long one stage of a build took.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    pub name: &'static str,
    pub wall: Duration,
    /// CPU time of all the process's threads, where the system tells it (Linux); with
    /// `wall`, it shows how busy the cores were.
    pub cpu: Option<Duration>,
}

/// Times the stages of a build.
pub(crate) struct Timer {
    started: Instant,
    lap: Instant,
    lap_cpu: Option<Duration>,
    stages: Vec<Stage>,
}

impl Timer {
    fn new() -> Timer {
        Timer {
            started: Instant::now(),
            lap: Instant::now(),
            lap_cpu: process_cpu_time(),
            stages: Vec::new(),
        }
    }

    fn stage(&mut self, name: &'static str) {
        let cpu_now = process_cpu_time();
        let cpu = cpu_now
            .zip(self.lap_cpu)
            .map(|(now, then)| now.saturating_sub(then));
        self.stages.push(Stage {
            name,
            wall: self.lap.elapsed(),
            cpu,
        });
        self.lap = Instant::now();
        self.lap_cpu = cpu_now;
    }
}

/// User and system time of the whole process so far, from /proc/self/stat (in clock ticks,
/// 100 a second on Linux); `None` elsewhere.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Gives the article of a file that the caller kept from an earlier build, when that file is
/// unchanged: asked with no key when the caller knows without looking, then with its key.
pub(crate) type KnownArticle<'a> =
    dyn Fn(&Path, Option<&FileKey>) -> Option<Arc<Article>> + Sync + 'a;

/// Gives the sketch of an article (see `related::sketch`) that the previous build's cache
/// holds, for a file whose version is `key`.
pub(crate) type KnownPairs<'a> = dyn Fn(&Path, &FileKey) -> Option<related::Sketch> + Sync + 'a;

/// Gives the edition the caller kept from an earlier build for the file `shown` whose text has
/// this digest (`edition::digest`), when it has one.
pub(crate) type KnownEdition<'a> =
    dyn Fn(&Path, u64) -> Option<Arc<edition::EditionFile>> + Sync + 'a;

/// Where a build's editions come from.
#[derive(Clone, Copy)]
pub(crate) enum Editions<'a> {
    /// Every edition file is read; one whose text the caller knows is not parsed again.
    Read(&'a KnownEdition<'a>),
    /// The caller's, from an earlier build, when it knows that no edition file changed since
    /// (the dev server, told so by the watcher): none is read.
    Unchanged(&'a [Arc<edition::EditionFile>]),
}

/// Whether each body's HTML is kept from parsing to rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bodies {
    /// Kept (`check`, which reads every body's links): every page is rendered from memory.
    Keep,
    /// Dropped after parsing, and made again from its file for a page that is rendered and for
    /// the search index (the dev server): never all held at once.
    Drop,
    /// Kept when all the bodies parsed come to at most this many bytes of HTML, else all
    /// dropped (`build`: see `BODY_BUDGET`).
    Within(usize),
}

/// The most body HTML a build keeps from parsing to rendering. A site whose bodies come to
/// more (past some 23,000 articles of the generated corpus, whose 10,000 come to 26–32 MB),
/// or that has more articles than 2 KiB of it each allows (32,768), keeps none, and makes
/// each body again from its file for its page and its search text. A site whose bodies fit
/// keeps them all, and its cards' template values too (see `render::Cards`): it builds as
/// fast as when everything was kept. `BROADSHEET_BODY_BUDGET` (bytes) sets another budget:
/// `0` streams every site, for tests and for measuring.
pub const BODY_BUDGET: usize = 64 << 20;

/// Bytes of HTML under those of any body but a short one (the generated corpus's average
/// 2.8 kB, a printed commentary's 5–15 kB): see `prepare`.
const SHORT_BODY: usize = 2 << 10;

fn body_budget() -> usize {
    std::env::var("BROADSHEET_BODY_BUDGET")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(BODY_BUDGET)
}

/// When the search index is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Index {
    /// Written into the sink with the pages (`build`).
    WithThePages,
    /// Left to the caller, who gets what it is made from (the dev server makes it after the
    /// new pages are shown).
    ByTheCaller,
}

/// When the pictures that neither the cache nor an earlier build made are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unmade {
    /// Now, before the pages are rendered (`build`, `check`).
    Now,
    /// By the caller, later: the pages are rendered without them (the dev server shows a
    /// saved article at once, and makes its new picture while the reader reads).
    Later,
}

/// A site loaded, checked and modelled (load → parse → model): everything known before a
/// single file is written.
pub(crate) struct Prepared {
    site: Site,
    theme: Theme,
    pages: Vec<render::Page>,
    /// Every article, drafts included, for the next build to reuse.
    articles: Vec<Arc<Article>>,
    /// Every edition file, for the next build to reuse.
    editions: Vec<Arc<edition::EditionFile>>,
    drafts_skipped: usize,
    /// The articles held back or taken down at the build's moment.
    timing: model::Timing,
    future: Future,
    read_afresh: usize,
    /// The cache of processed pictures (`.dist.pictures/`, beside the output folder).
    pictures_dir: PathBuf,
    timer: Timer,
}

/// What a build wrote into its sink.
pub(crate) struct Built {
    pub counts: Counts,
    /// Every file of the new site, with its record.
    pub files: Vec<(String, Entry)>,
    /// Every article, drafts included, for the next build to reuse.
    pub articles: Vec<Arc<Article>>,
    /// Every edition file, for the next build to reuse.
    pub editions: Vec<Arc<edition::EditionFile>>,
    /// How many article files were read and parsed whole (not known from a cache).
    pub read_afresh: usize,
    /// The path part of the site's `base_url`, where the dev server serves it.
    pub base_path: String,
    /// What the search index is made from, with `Index::ByTheCaller`; `files` then holds none
    /// of the index's files.
    pub search: Option<search::Input>,
    /// With `Unmade::Later`, the picture files (below the site's folder) not made yet, which
    /// the pages leave out: [`make_pictures`] makes them.
    pub unmade: Vec<PathBuf>,
    pub timer: Timer,
}

/// The folder of the cache of processed pictures (`.dist.pictures/`, beside the output
/// folder) of a build with `options`.
pub(crate) fn pictures_dir(options: &BuildOptions) -> PathBuf {
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.source.join("dist"));
    output::beside(&output, "pictures")
}

/// Loads, parses and models the site at `options.source`, reporting every problem found.
/// `remembered` gives what the previous build's cache knows of a file's version, and
/// `remembered_pairs` the sketch of its body; `known` the articles the caller kept from an
/// earlier build, for files that did not change; `editions` where the editions come from.
pub(crate) fn prepare(
    options: &BuildOptions,
    remembered: &load::Remembered<'_>,
    remembered_pairs: &KnownPairs<'_>,
    known: &KnownArticle<'_>,
    editions: Editions<'_>,
    bodies: Bodies,
    progress: &dyn Progress,
) -> Result<Prepared> {
    let mut timer = Timer::new();
    let source = options.source.as_path();
    let config = Config::load(source)?;
    let is_known = |shown: &Path, key: Option<&FileKey>| known(shown, key).is_some();
    let read_editions = || match editions {
        Editions::Read(_) => load::editions(source),
        Editions::Unchanged(_) => Ok((Vec::new(), Vec::new())),
    };
    let ((theme, edition_texts), found) = rayon::join(
        || {
            rayon::join(
                || Theme::load(config.theme_dir.as_deref(), source),
                read_editions,
            )
        },
        || load::find_articles(source),
    );
    timer.stage("load");

    let (found, mut problems) = found?;
    progress.stage("parse", found.len());
    // A site with too many articles for their bodies to fit in the budget, unless they are
    // shorter than a short commentary's HTML, streams without trying: trying would hold up
    // to the budget until the parse is over, the peak of a large build (100,000 articles:
    // 406 MiB against 369).
    let bodies = match bodies {
        Bodies::Within(budget) if found.len().saturating_mul(SHORT_BODY) > budget => Bodies::Drop,
        other => other,
    };
    let edition_texts = edition_texts?;
    // Related reading needs each body's sketch: made while its HTML is at hand, else taken
    // from the cache (an unchanged file), else made from the file again. For measuring its
    // cost, `BROADSHEET_NO_RELATED` (set to anything) builds without related reading.
    let relate = std::env::var_os("BROADSHEET_NO_RELATED").is_none();
    let reread = load::reread(source);
    // Files read and parsed whole (not known from the cache), and those whose sketch was made
    // again from the file (a cache written without sketches): both count as read afresh, so
    // that the cache is written again with them.
    let afresh = std::sync::atomic::AtomicUsize::new(0);
    let count_afresh = || afresh.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // The bytes of body HTML parsed so far, against `Bodies::Within`'s budget: a body is kept
    // while they are within it, and those kept are dropped once they are not.
    let held = std::sync::atomic::AtomicUsize::new(0);
    // Each file is parsed as soon as it is read, and its text freed: the texts of a large
    // archive are never all held at once (at 100,000 articles they were 279 MB of a 888 MB
    // peak, beside the bodies' HTML).
    let parsed: Vec<_> = found
        .par_iter()
        .map(
            |path| match load::article(source, path, remembered, &is_known) {
                Err(problem) => Err(vec![problem]),
                Ok(load::Loaded::File(file)) => {
                    if file.cached.is_none() {
                        count_afresh();
                    }
                    validate::article(&file, &config).and_then(|mut article| {
                        drop(file.text);
                        if relate {
                            let pairs = match &article.body.html {
                                Some(html) => related::sketch(&article, html),
                                None => match remembered_pairs(&file.shown, &file.key) {
                                    Some(pairs) => pairs,
                                    None => {
                                        count_afresh();
                                        let html = validate::body_html(&reread, &article)
                                            .map_err(|d| vec![d])?;
                                        related::sketch(&article, &html)
                                    }
                                },
                            };
                            article.pairs = Some(pairs);
                        }
                        match bodies {
                            Bodies::Keep => {}
                            Bodies::Drop => article.body.html = None,
                            Bodies::Within(budget) => {
                                let size = article.body.html.as_ref().map_or(0, String::len);
                                let before =
                                    held.fetch_add(size, std::sync::atomic::Ordering::Relaxed);
                                if before + size > budget {
                                    article.body.html = None;
                                }
                            }
                        }
                        Ok(Arc::new(article))
                    })
                }
                Ok(load::Loaded::Unchanged { shown, key }) => known(&shown, key.as_ref())
                    .ok_or_else(|| {
                        vec![Diagnostic::new(
                            shown,
                            0,
                            0,
                            "the file changed during the build: build again",
                        )]
                    }),
            },
        )
        .inspect(|_| progress.advance(1))
        .collect();
    // The edition files are parsed into the memory the articles' text left (parsed before,
    // beside that text, they raised the peak of a 10,000-article build by 2 MB).
    let editions = match editions {
        Editions::Read(known) => {
            let (editions, edition_problems) = parse_editions(edition_texts, known);
            problems.extend(edition_problems);
            editions
        }
        Editions::Unchanged(kept) => kept.to_vec(),
    };
    // Content problems in the theme are reported with the articles'; I/O failures at once.
    let theme = match theme {
        Err(Error::Content(found)) => {
            problems.extend(found);
            None
        }
        other => Some(other?),
    };
    let over_budget = matches!(bodies, Bodies::Within(budget) if held.into_inner() > budget);
    let mut all = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(mut article) => {
                // Only this build holds the articles it just parsed.
                if over_budget && let Some(article) = Arc::get_mut(&mut article) {
                    article.body.html = None;
                }
                all.push(article);
            }
            Err(found) => problems.extend(found),
        }
    }
    timer.stage("parse");
    // Drafts included, with or without `--drafts`: a draft that would take a published
    // article's URL is a problem now, not on the day it is published.
    let (checked, (dates, dating)) = rayon::join(
        || model::check(&config, &all),
        || model::edition_dates(&config, &editions, &all, options.drafts),
    );
    problems.extend(checked);
    problems.extend(dating);
    problems.extend(related::pin_problems(&all));
    model::set_dates(&mut all, dates);
    problems.extend(model::check_dates(&all));
    let Some(theme) = theme.filter(|_| problems.is_empty()) else {
        return Err(Error::content(problems));
    };

    // One moment for the whole build (and, in the dev server, for every rebuild of its run).
    let now = options.now.unwrap_or_else(date::system_now);
    let listed: Vec<&Arc<Article>> = all.iter().filter(|a| options.drafts || !a.draft).collect();
    let drafts_skipped = all.len() - listed.len();
    let mut timing = model::Timing::default();
    let published: Vec<Arc<Article>> = listed
        .into_iter()
        .filter(|a| timing.admits(a, now, options.future))
        .cloned()
        .collect();
    let mut site = Site::build(config, &editions, published);
    if options.future == Future::Preview {
        site.preview_at = Some(now);
    }
    let pages = render::plan(&site);
    let clashes = render::alias_clashes(&site, &pages);
    if !clashes.is_empty() {
        return Err(Error::content(clashes));
    }
    timer.stage("model");
    if relate {
        site.related = related::lists(&site);
        timer.stage("related");
    }
    Ok(Prepared {
        site,
        theme,
        pages,
        articles: all,
        editions,
        drafts_skipped,
        timing,
        future: options.future,
        read_afresh: afresh.into_inner(),
        pictures_dir: pictures_dir(options),
        timer,
    })
}

/// The edition files' texts, parsed, and the problems of their loading and parsing.
fn parse_editions(
    (texts, mut problems): (Vec<load::EditionText>, Vec<Diagnostic>),
    known: &KnownEdition<'_>,
) -> (Vec<Arc<edition::EditionFile>>, Vec<Diagnostic>) {
    let parsed: Vec<_> = texts
        .par_iter()
        .map(
            |file| match known(&file.shown, edition::digest(&file.text)) {
                Some(edition) => Ok(edition),
                None => edition::parse(&file.shown, &file.text).map(Arc::new),
            },
        )
        .collect();
    let mut editions = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(edition) => editions.push(edition),
            Err(found) => problems.extend(found),
        }
    }
    (editions, problems)
}

impl Prepared {
    /// Renders the pages into `sink`, copies the static files, and makes the search index now
    /// or leaves it to the caller. `source` is the site's folder, read again only for the
    /// bodies whose HTML was not kept.
    pub(crate) fn write(
        self,
        source: &Path,
        sink: &impl Sink,
        index: Index,
        unmade: Unmade,
        progress: &dyn Progress,
    ) -> Result<Built> {
        let Prepared {
            site,
            theme,
            pages,
            articles,
            editions,
            drafts_skipped,
            timing,
            future,
            read_afresh,
            pictures_dir,
            mut timer,
        } = self;
        let PicturesWritten {
            shown: pictures,
            files: picture_files,
            stats: picture_stats,
            unmade,
        } = write_pictures(&site, source, &pictures_dir, sink, unmade, progress)?;
        // A stage of its own only for a site with pictures (the others' output stays as it was).
        if picture_stats.pictures > 0 {
            timer.stage("pictures");
        }
        // Rendering and the search index need the bodies of articles whose HTML was not kept
        // (unchanged files known from the cache, or `Bodies::Drop`): the load stage reads
        // those files again for them.
        let reread: Arc<validate::Reread> = Arc::new(load::reread(source));
        // A build that kept every body (a site within `BODY_BUDGET`) keeps its cards' template
        // values too; one that streams its bodies makes them on each page that shows them.
        let keep_cards = site.articles.iter().all(|a| a.body.html.is_some());
        let renderer = Renderer::new(&site, theme, &*reread, &pictures, keep_cards);
        let mut rendered = renderer.render_all(&pages, sink)?;
        let picture_count = picture_files.len();
        rendered.files.extend(picture_files);
        // The hosts' redirect files, before the static files, which may not take their paths.
        let host_files = render::redirect_files(&site);
        let host_count = host_files.len();
        for (path, text) in host_files {
            let entry = keep_or_write(sink, &path, text.as_bytes())?;
            rendered.files.push((path, entry));
        }
        timer.stage("render");

        progress.stage("static", 0);
        // A picture of the site's `static/` that an article shows is published as its
        // processed copies only, never as it is (with its EXIF and GPS data).
        let shown_statics: std::collections::HashSet<String> = pictures
            .by_file
            .keys()
            .chain(&unmade)
            .filter_map(|file| file.strip_prefix(STATIC_DIR).ok())
            .map(|file| file.to_string_lossy().replace('\\', "/"))
            .collect();
        let static_files = copy_static(&renderer, source, sink, &rendered.files, &shown_statics)?;
        let static_count = static_files.len();
        rendered.files.extend(static_files);

        let search_input = search::Input::of(&site, Arc::clone(&reread));
        let mut counts = Counts {
            articles: site.articles.len(),
            drafts_skipped,
            sections: site.sections.len(),
            authors: site.authors.len(),
            pages: pages.len(),
            files: pages.len() + host_count + static_count + picture_count,
            search: search::Stats::default(),
            pictures: picture_stats,
            bodies_kept: articles.iter().filter(|a| a.body.html.is_some()).count(),
            written: rendered.written,
            unchanged: rendered.unchanged,
            timing,
            future,
            redirects: site.redirects.len(),
            base_path: site.config.base_path().to_owned(),
        };
        let base_path = site.config.base_path().to_owned();
        // Freeing a large site's model and template values takes a while and nothing waits
        // for it: another thread does it, while the search index (which needs memory of its
        // own) is made.
        let templates_values = renderer.into_values();
        std::thread::spawn(move || drop((templates_values, site, pages)));

        let search = match index {
            Index::ByTheCaller => Some(search_input),
            Index::WithThePages => {
                progress.stage("search", 0);
                let (index_files, search) = search::write(&search_input, sink)?;
                counts.written += search.written;
                counts.unchanged += search.files - search.written;
                counts.files += search.files;
                counts.search = search;
                rendered.files.extend(index_files);
                timer.stage("search");
                None
            }
        };

        Ok(Built {
            counts,
            files: rendered.files,
            articles,
            editions,
            read_afresh,
            base_path,
            search,
            unmade,
            timer,
        })
    }
}

/// Copies the theme's `static/` to `static/` and the site's own `static/` to the root; a file
/// whose bytes did not change keeps its previous copy.
fn copy_static(
    renderer: &Renderer,
    source: &Path,
    out: &impl Sink,
    pages: &[(String, Entry)],
    shown_pictures: &std::collections::HashSet<String>,
) -> Result<Vec<(String, Entry)>> {
    let mut files: Vec<(String, FileSource)> = renderer
        .theme()
        .static_files
        .iter()
        .map(|(path, file)| {
            (
                format!("{STATIC_DIR}/{path}"),
                FileSource::Bytes(&file.bytes),
            )
        })
        .collect();
    let own = source.join(STATIC_DIR);
    let (own_files, links_out) = if own.is_dir() {
        load::files_below(&own, source)?
    } else {
        Default::default()
    };
    let taken: std::collections::HashSet<&str> = pages
        .iter()
        .map(|(path, _)| path.as_str())
        .chain(files.iter().map(|(path, _)| path.as_str()))
        .collect();
    let clashes: Vec<Diagnostic> = links_out
        .into_iter()
        .chain(
            own_files
                .iter()
                .filter(|relative| {
                    taken.contains(relative.as_str()) || relative.starts_with(search::DATA)
                })
                .map(|relative| {
                    Diagnostic::new(
                        Path::new(STATIC_DIR).join(relative),
                        0,
                        0,
                        format!("the site makes /{relative} itself: rename or move this file"),
                    )
                }),
        )
        .collect();
    if !clashes.is_empty() {
        return Err(Error::content(clashes));
    }
    files.extend(
        own_files
            .into_iter()
            .filter(|relative| !shown_pictures.contains(relative))
            .map(|relative| {
                let from = own.join(&relative);
                (relative, FileSource::Path(from))
            }),
    );
    files
        .par_iter()
        .map(|(relative, from)| {
            let bytes = match from {
                FileSource::Bytes(bytes) => std::borrow::Cow::Borrowed(*bytes),
                FileSource::Path(path) => {
                    std::borrow::Cow::Owned(load::read_file(path, load::MAX_STATIC_FILE).map_err(
                        |e| e.into_error(path, path.strip_prefix(source).unwrap_or(path)),
                    )?)
                }
            };
            Ok((relative.clone(), keep_or_write(out, relative, &bytes)?))
        })
        .collect()
}

/// Puts a file that is not a page (no template: its bytes are its fingerprint) at `path`,
/// keeping the previous build's when its bytes are the same.
fn keep_or_write(out: &impl Sink, path: &str, bytes: &[u8]) -> Result<Entry> {
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        bytes.hash(&mut hasher);
        hasher.finish()
    };
    match out
        .reuse(path, fingerprint)
        .map_err(Error::io("write", path))?
    {
        Some(entry) => Ok(entry),
        None => out
            .write(path, fingerprint, bytes)
            .map_err(Error::io("write", path)),
    }
}

/// The pictures a build shows, their copies' files, and what making them cost.
#[derive(Default)]
struct PicturesWritten {
    shown: pictures::Pictures,
    files: Vec<(String, Entry)>,
    stats: PictureStats,
    /// With `Unmade::Later`, the picture files not made yet.
    unmade: Vec<PathBuf>,
}

/// An article file, and a line and column in it.
type PlaceInArticle<'a> = (&'a Path, (usize, usize));

/// Every picture the site's articles show: found in the cache (`pictures_dir`) or loaded
/// and processed, in parallel (each thread holds one picture at a time, so memory grows with
/// the cores, not with the pictures), and its copies put into `out` below `pictures/`. Each
/// problem is reported at every line of an article that shows the picture. With
/// `Unmade::Later`, a picture that would have to be decoded is left out and named instead.
fn write_pictures(
    site: &Site,
    source: &Path,
    pictures_dir: &Path,
    out: &impl Sink,
    unmade: Unmade,
    progress: &dyn Progress,
) -> Result<PicturesWritten> {
    // Each picture file, with every article and place that shows it.
    let mut uses: std::collections::BTreeMap<&Path, Vec<PlaceInArticle>> = Default::default();
    for article in &site.articles {
        let lead = article.image.as_ref().map(|image| &image.picture);
        for shown in lead.into_iter().chain(article.pictures.iter().flatten()) {
            uses.entry(shown.file.as_path())
                .or_default()
                .push((article.source.as_path(), shown.at));
        }
    }
    for author in &site.authors {
        if let Some(photo) = &author.photo {
            uses.entry(photo.file.as_path())
                .or_default()
                .push((Path::new(config::CONFIG_FILE), photo.at));
        }
    }
    if uses.is_empty() {
        return Ok(PicturesWritten::default());
    }
    progress.stage("pictures", uses.len());
    let store = pictures::store::Store::open(pictures_dir);
    // Two files with the same bytes and name in different folders have the same copies:
    // the first to get here writes them.
    let claimed = std::sync::Mutex::new(std::collections::HashSet::new());
    let folders = load::PictureFolders::of(source);
    let made: Vec<std::result::Result<Option<PictureMade>, (&Path, String)>> = uses
        .par_iter()
        .map(|(file, _)| {
            let made = make_picture(source, file, &store, out, unmade, &claimed, &folders)
                .map_err(|message| (*file, message));
            progress.advance(1);
            made
        })
        .collect();
    let mut written = PicturesWritten::default();
    let mut index = Vec::new();
    let mut problems = Vec::new();
    for (result, file) in made.into_iter().zip(uses.keys()) {
        match result {
            Ok(Some(made)) => {
                let stats = &mut written.stats;
                stats.pictures += 1;
                stats.decoded += usize::from(made.decoded);
                stats.read += usize::from(made.read);
                stats.files += made.files.len();
                index.push((made.file.clone(), made.version, made.shown.picture.clone()));
                written.files.extend(made.files);
                written.shown.by_file.insert(made.file, made.shown);
            }
            Ok(None) => written.unmade.push(file.to_path_buf()),
            Err((file, message)) => {
                for (article, (line, column)) in &uses[file] {
                    problems.push(Diagnostic::new(
                        article,
                        *line,
                        *column,
                        format!("{}: {message}", file.display()),
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::content(problems));
    }
    store.write_index(&index, unmade == Unmade::Now);
    Ok(written)
}

/// One picture made (or found), and its copies written.
struct PictureMade {
    file: PathBuf,
    version: load::FileKey,
    shown: pictures::Shown,
    files: Vec<(String, Entry)>,
    decoded: bool,
    read: bool,
}

/// What `file` shows, found in `store` or made (`None`: with `Unmade::Later`, not made).
fn make_picture(
    source: &Path,
    file: &Path,
    store: &pictures::store::Store,
    out: &impl Sink,
    unmade: Unmade,
    claimed: &std::sync::Mutex<std::collections::HashSet<String>>,
    folders: &load::PictureFolders,
) -> std::result::Result<Option<PictureMade>, String> {
    let (path, version) = load::picture(source, file, folders)?;
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let make = || made_afresh(&path, &name, store);
    let mut processed = None;
    let mut read = false;
    let mut decoded = false;
    let mut picture = store.known(file, &version);
    if picture.is_none() {
        let bytes = load::read_file(&path, pictures::MAX_FILE).map_err(|e| e.explain())?;
        read = true;
        picture = store.picture(pictures::key(&name, &bytes));
        if picture.is_none() && unmade == Unmade::Later {
            return Ok(None);
        }
        if picture.is_none() {
            let made = pictures::process(&name, &bytes)?;
            store.put(&made);
            picture = Some(made.picture.clone());
            processed = Some(made.bytes);
            decoded = true;
        }
    }
    let picture = picture.expect("found or made");
    let shown = pictures::Shown::new(picture, pictures::stem_of(file));
    let mut files = Vec::with_capacity(shown.picture.variants.len());
    let mine = shown.paths().first().is_some_and(|path| {
        claimed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.clone())
    });
    for (i, target) in shown.paths().iter().enumerate().filter(|_| mine) {
        let target = target.clone();
        let fingerprint = views_hash(&(shown.picture.key, i));
        let io = |e: std::io::Error| format!("cannot write {target}: {e}");
        let entry = match out.reuse(&target, fingerprint).map_err(io)? {
            Some(entry) => entry,
            None => {
                if processed.is_none() {
                    processed = store.bytes(shown.picture.key);
                }
                if processed.is_none() {
                    // The cache lost this picture's copies (deleted by hand): made again.
                    processed = Some(make()?.bytes);
                    (read, decoded) = (true, true);
                }
                let Some(bytes) = processed.as_ref().and_then(|all| all.get(i)) else {
                    return Err("the cache of pictures is damaged: delete the .dist.pictures folder and build again".to_owned());
                };
                out.write(&target, fingerprint, bytes).map_err(io)?
            }
        };
        files.push((target, entry));
    }
    Ok(Some(PictureMade {
        file: file.to_path_buf(),
        version,
        shown,
        files,
        decoded,
        read,
    }))
}

/// Makes the pictures `files` (below the site's folder `source`, as [`Built::unmade`] names
/// them) into the cache in `pictures_dir`, in parallel, for the next build to find; returns
/// how many it made. One that cannot be made is left: the next build with `Unmade::Now`
/// reports it at the lines that show it.
pub(crate) fn make_pictures(source: &Path, pictures_dir: &Path, files: &[PathBuf]) -> usize {
    let store = pictures::store::Store::open(pictures_dir);
    let folders = load::PictureFolders::of(source);
    files
        .par_iter()
        .filter(|file| {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            load::picture(source, file, &folders)
                .and_then(|(path, _)| made_afresh(&path, &name, &store))
                .is_ok()
        })
        .count()
}

/// Reads the picture file at `path` (named `name`), makes its copies and keeps them in
/// `store`.
fn made_afresh(
    path: &Path,
    name: &str,
    store: &pictures::store::Store,
) -> std::result::Result<pictures::Processed, String> {
    let bytes = load::read_file(path, pictures::MAX_FILE).map_err(|e| e.explain())?;
    let made = pictures::process(name, &bytes)?;
    store.put(&made);
    Ok(made)
}

fn views_hash<T: std::hash::Hash>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

enum FileSource<'a> {
    Bytes(&'a [u8]),
    Path(PathBuf),
}

/// Refuses an output folder that would replace the site's own files.
fn check_output_is_safe(source: &Path, output: &Path) -> Result<()> {
    let (source, resolved) = (resolve(source), resolve(output));
    let inside = |dir: &str| resolved.starts_with(source.join(dir));
    if source.starts_with(&resolved)
        || inside(load::ARTICLES_DIR)
        || inside("themes")
        || inside(STATIC_DIR)
    {
        return Err(Error::content(vec![Diagnostic::new(
            output,
            0,
            0,
            "the output folder would replace the site's own files: choose another --output, such as dist",
        )]));
    }
    Ok(())
}

/// `path` made absolute, with `.` and `..` resolved and links followed as far as it exists.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Follow links in the part that exists, so that two spellings of one folder compare equal.
    let mut existing = normal.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return normal,
        }
    }
    let mut resolved = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}
