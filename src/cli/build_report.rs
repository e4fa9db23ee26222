//! What `broadsheet build` prints: the stage times with `--verbose` (on stderr), the summary
//! of what was built, the search index, and the files kept in the output that broadsheet did
//! not write; and, when the build fails, every problem.

use broadsheet::{BuildError, Summary};

/// Prints what a good build did.
pub fn print(summary: &Summary, verbose: bool) {
    if verbose {
        for stage in &summary.stages {
            let wall = stage.wall.as_secs_f64() * 1000.0;
            match stage.cpu {
                Some(cpu) => eprintln!(
                    "{:>8}: {wall:>8.1} ms  (cpu {:>6.0} ms, {:.2} cores)",
                    stage.name,
                    cpu.as_secs_f64() * 1000.0,
                    cpu.as_secs_f64() * 1000.0 / wall.max(0.001)
                ),
                None => eprintln!("{:>8}: {wall:>8.1} ms", stage.name),
            }
        }
        eprintln!(
            "Bodies kept from parsing to rendering: {}",
            summary.bodies_kept
        );
    }
    let drafts = match summary.drafts_skipped {
        0 => String::new(),
        n => format!(" ({n} draft{} left out; --drafts includes them)", plural(n)),
    };
    broadsheet::say!(
        "Built {} article{}, {} section{}, {} author{}: {} pages ({} files, {} unchanged) in {} in {:.0} ms{drafts}",
        summary.articles,
        plural(summary.articles),
        summary.sections,
        plural(summary.sections),
        summary.authors,
        plural(summary.authors),
        summary.pages,
        summary.files,
        summary.unchanged,
        summary.output.display(),
        summary.elapsed.as_secs_f64() * 1000.0,
    );
    for line in timing(summary) {
        broadsheet::say!("{line}");
    }
    if summary.redirects > 0 {
        broadsheet::say!(
            "Redirects: {} old address{} lead{} to {} article{} (_redirects, nginx-redirects.map)",
            summary.redirects,
            if summary.redirects == 1 { "" } else { "es" },
            if summary.redirects == 1 { "s" } else { "" },
            if summary.redirects == 1 {
                "its"
            } else {
                "their"
            },
            plural(summary.redirects),
        );
    }
    let pictures = &summary.pictures;
    if pictures.pictures > 0 {
        broadsheet::say!(
            "Pictures: {} ({} processed, {} from the cache; {} read) in {} files",
            pictures.pictures,
            pictures.decoded,
            pictures.pictures - pictures.decoded,
            pictures.read,
            pictures.files,
        );
    }
    broadsheet::say!(
        "Search index: {} in {} files ({} written)",
        size(summary.search.bytes),
        summary.search.files,
        summary.search.written
    );
    if !summary.kept.is_empty() {
        let shown: Vec<&str> = summary.kept.iter().take(5).map(String::as_str).collect();
        let more = summary.kept.len().saturating_sub(shown.len());
        broadsheet::say!(
            "Kept {} file{} in {} that broadsheet did not write: {}{} (files the site publishes belong in static/)",
            summary.kept.len(),
            plural(summary.kept.len()),
            summary.output.display(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
        );
    }
}

/// How many pages of the last build that this one lost are named one by one; one more line
/// counts the rest.
const DISAPPEARED_LISTED: usize = 10;

/// Warns, on stderr, of the pages of the last build that this one no longer has.
pub fn warn_of_disappeared(summary: &Summary) {
    for warning in summary.disappearing_warnings().take(DISAPPEARED_LISTED) {
        eprintln!("warning: {warning}");
    }
    let more = summary.disappeared.len().saturating_sub(DISAPPEARED_LISTED);
    if more > 0 {
        eprintln!(
            "warning: and {more} more page{} of the last build {} gone",
            plural(more),
            if more == 1 { "is" } else { "are" }
        );
    }
}

/// The lines on articles not due yet and on those taken down, e.g. `2 scheduled articles left
/// out (next due 2026-03-28 06:00 +08:00); --future includes them`.
fn timing(summary: &Summary) -> Vec<String> {
    let mut lines = Vec::new();
    let n = summary.scheduled;
    if let (1.., Some(next)) = (n, summary.next_due) {
        let next = broadsheet::date::local_minute(next);
        lines.push(match summary.future {
            broadsheet::Future::Publish => format!(
                "{n} scheduled article{} published ahead of time (--future; the first is due {next})",
                plural(n)
            ),
            _ => format!(
                "{n} scheduled article{} left out (next due {next}); --future includes {}",
                plural(n),
                if n == 1 { "it" } else { "them" }
            ),
        });
    }
    if summary.expired > 0 {
        lines.push(format!(
            "{} expired article{} taken down",
            summary.expired,
            plural(summary.expired)
        ));
    }
    lines
}

/// Prints every problem, then the cause chain of anything else.
pub fn report(error: &BuildError) {
    report_as(
        error,
        "the build failed",
        "; the output folder was left as it was",
    );
}

/// Prints every problem of `error`, then `error: {what}: {n problems found}{after}`.
pub fn report_as(error: &BuildError, what: &str, after: &str) {
    match error {
        BuildError::Content(problems) => {
            for problem in problems {
                eprintln!("{problem}");
            }
            eprintln!("error: {what}: {error}{after}");
        }
        other => eprintln!("error: {}", other.describe()),
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `2.3 MB`, `41.0 kB`, `512 B` (decimal units, as hosts and browsers report sizes).
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// The most steps of a stage that get no progress shown: a small site's build is over before a
/// bar could be read.
const QUIET_BELOW: usize = 1000;

/// A build's progress on stderr: on a terminal, a bar for each stage of at least
/// [`QUIET_BELOW`] steps (a spinner for a stage whose size is not known), cleared when the
/// build ends; elsewhere (a log, a pipe), one plain line when such a stage starts; nothing when
/// quiet.
pub struct Bars {
    quiet: bool,
    terminal: bool,
    /// Whether a stage so far had enough steps to be shown: then later stages whose size is not
    /// known are shown too.
    big: std::sync::atomic::AtomicBool,
    current: std::sync::Mutex<Option<indicatif::ProgressBar>>,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        use std::io::IsTerminal as _;
        Bars {
            quiet,
            terminal: std::io::stderr().is_terminal(),
            big: std::sync::atomic::AtomicBool::new(false),
            current: std::sync::Mutex::new(None),
        }
    }

    fn bar(&self) -> std::sync::MutexGuard<'_, Option<indicatif::ProgressBar>> {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl broadsheet::Progress for Bars {
    fn stage(&self, name: &'static str, steps: usize) {
        if self.quiet {
            return;
        }
        let mut current = self.bar();
        if let Some(bar) = current.take() {
            bar.finish_and_clear();
        }
        use std::sync::atomic::Ordering;
        if steps >= QUIET_BELOW {
            self.big.store(true, Ordering::Relaxed);
        } else if steps > 0 || !self.big.load(Ordering::Relaxed) {
            return;
        }
        if !self.terminal {
            match (name, steps) {
                (_, 0) => eprintln!("{name}…"),
                ("parse", _) => eprintln!("{name}: {steps} articles"),
                ("pictures", _) => eprintln!("{name}: {steps} pictures"),
                _ => eprintln!("{name}: {steps} pages"),
            }
            return;
        }
        let bar = if steps == 0 {
            let spinner = indicatif::ProgressBar::new_spinner();
            spinner.enable_steady_tick(std::time::Duration::from_millis(100));
            spinner
        } else {
            let bar = indicatif::ProgressBar::new(steps as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{prefix:>7} [{bar:32}] {pos}/{len} {per_sec}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        };
        bar.set_prefix(name);
        *current = Some(bar);
    }

    fn advance(&self, steps: usize) {
        if let Some(bar) = self.bar().as_ref() {
            bar.inc(steps as u64);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar().take() {
            bar.finish_and_clear();
        }
    }
}
