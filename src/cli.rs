//! The command line: one Args struct per command, whose `run()` turns flags into options,
//! calls the library and prints what happened (the words are in `cli/`: `build_report.rs`,
//! `import_report.rs`); `true` when the command succeeded.

pub mod build_report;
pub mod import_report;

use broadsheet::BuildError;
use build_report::{plural, report};

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "broadsheet",
    version,
    about = "Builds a newspaper's commentary site from Markdown articles"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render every article into a complete static site
    Build(BuildArgs),
    /// Serve the site on localhost; with --watch, rebuild on every save and reload the page
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Split printed pages' raw text into article files, and each day's pages into its edition file
    Import(ImportArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder, holding articles/ and optionally site.yaml
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// The address to listen on (0.0.0.0 or ::, every address: then any Host name is answered)
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (the next free one is taken if it is busy)
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Rebuild when a file changes, and reload the open page
    #[arg(long, short)]
    pub watch: bool,
    /// Include articles marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Show the site as at this moment (RFC 3339, or YYYY-MM-DD: 00:00 Beijing time)
    /// [default: now]
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<i64>,
    /// Print the time each stage of a rebuild took, and when the search index was made
    #[arg(long, short)]
    pub verbose: bool,
}

#[cfg(feature = "serve")]
impl ServeArgs {
    /// Serves until Ctrl-C.
    pub fn run(&self) -> bool {
        match broadsheet::serve::run(self.options()) {
            Ok(()) => true,
            Err(error) => {
                report(&error);
                false
            }
        }
    }

    pub fn options(&self) -> broadsheet::serve::ServeOptions {
        broadsheet::serve::ServeOptions {
            source: self.source.clone(),
            bind: self.bind,
            port: self.port,
            watch: self.watch,
            drafts: self.drafts,
            now: self.now,
            verbose: self.verbose,
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder, holding articles/ and optionally site.yaml
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// Where to write the site [default: <source>/dist]
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Include articles marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated in the future (by default left out until they are due)
    #[arg(long)]
    pub future: bool,
    /// Build the site as at this moment (RFC 3339, or YYYY-MM-DD: 00:00 Beijing time), to
    /// rebuild an earlier day's site [default: now]
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<i64>,
    /// Print the time each stage took
    #[arg(long, short)]
    pub verbose: bool,
}

impl BuildArgs {
    pub fn run(&self) -> bool {
        match broadsheet::build(&self.options()) {
            Ok(summary) => {
                build_report::print(&summary, self.verbose);
                build_report::warn_of_disappeared(&summary);
                true
            }
            Err(error) => {
                report(&error);
                false
            }
        }
    }

    pub fn options(&self) -> broadsheet::BuildOptions {
        broadsheet::BuildOptions {
            source: self.source.clone(),
            output: self.output.clone(),
            drafts: self.drafts,
            now: self.now,
            future: if self.future {
                broadsheet::Future::Publish
            } else {
                broadsheet::Future::LeaveOut
            },
        }
    }
}

/// A `--now` of build or serve: RFC 3339, or a date (its 00:00 in the site's zone).
fn parse_now(text: &str) -> Result<i64, String> {
    broadsheet::date::parse_moment(text)
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The pages' text (UTF-8), as dumped from the print layout; a file named 2026-03-27.txt or
    /// 2026-03-27-05.txt gives its page's date (and number: 5)
    #[arg(required = true, value_name = "PAGE")]
    pub pages: Vec<PathBuf>,
    /// The date of the pages' edition (YYYY-MM-DD), written into editions/<date>.yaml
    /// [default: the date in each page's file name]
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
    /// The page's number (版次, 1–999), for one page [default: the number in its file name]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=999))]
    pub page: Option<u32>,
    /// Where to write the article files: the site's articles/ or a folder inside it
    #[arg(long, default_value = "articles/")]
    pub into: PathBuf,
    /// Show what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite existing files, put a page in place of the same page in its edition file, and
    /// replace credits already in site.yaml
    #[arg(long)]
    pub force: bool,
    /// Keep half-width ,:;?!() in Chinese text as the page has them (by default they are made
    /// full-width, as print sets them; Latin text, numbers and addresses are never changed)
    #[arg(long)]
    pub keep_punctuation: bool,
    /// The default now (kept so that older scripts still run)
    #[arg(long, hide = true, conflicts_with = "keep_punctuation")]
    pub normalize_punctuation: bool,
    /// Also write the page's name, editors and submission e-mail into site.yaml, as the site's
    /// defaults (not needed for the page's credits: its edition file holds them)
    #[arg(long)]
    pub write_site_yaml: bool,
}

impl ImportArgs {
    /// Imports the pages: the table of what each holds on stdout; warnings, and why nothing was
    /// written, on stderr.
    pub fn run(&self) -> bool {
        match broadsheet::import::run(&self.options()) {
            Ok(found) => {
                print!("{}", import_report::summary(&found));
                for page in &found.pages {
                    for warning in &page.page.warnings {
                        eprintln!("{}", import_report::warning(warning));
                    }
                }
                for problem in &found.problems {
                    eprintln!("{problem}");
                }
                if !found.problems.is_empty() {
                    eprintln!(
                        "error: nothing was written: {} problem{} found",
                        found.problems.len(),
                        plural(found.problems.len())
                    );
                }
                found.problems.is_empty()
            }
            Err(BuildError::Content(problems)) => {
                for problem in &problems {
                    eprintln!("{problem}");
                }
                eprintln!("error: nothing was imported");
                false
            }
            Err(error) => {
                report(&error);
                false
            }
        }
    }

    pub fn options(&self) -> broadsheet::import::ImportOptions {
        broadsheet::import::ImportOptions {
            pages: self.pages.clone(),
            into: self.into.clone(),
            date: self.date.clone(),
            page_number: self.page,
            dry_run: self.dry_run,
            force: self.force,
            normalize_punctuation: !self.keep_punctuation,
            write_site_yaml: self.write_site_yaml,
        }
    }
}

/// A `--date` of import: one day, `YYYY-MM-DD` (an edition has no time of day).
fn parse_date(text: &str) -> Result<String, String> {
    let date = broadsheet::date::Date::parse(text)?;
    if date.time.is_some() {
        return Err(format!(
            "`{text}` has a time of day, but an edition is a day: give {}",
            date.iso_date()
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn output_defaults_to_none_so_the_library_picks_source_dist() {
        let cli = Cli::try_parse_from(["broadsheet", "build", "--source", "site"]).unwrap();
        let Command::Build(args) = cli.command else {
            panic!("expected build");
        };
        assert_eq!(args.options().output, None);
        assert_eq!(args.options().source, PathBuf::from("site"));
        assert_eq!(args.options().now, None);
        assert_eq!(args.options().future, broadsheet::Future::LeaveOut);
    }

    #[test]
    fn build_takes_a_moment_and_future_articles() {
        let cli = Cli::try_parse_from([
            "broadsheet",
            "build",
            "--future",
            "--now",
            "2026-03-27T08:00:00+08:00",
        ])
        .unwrap();
        let Command::Build(args) = cli.command else {
            panic!("expected build");
        };
        assert_eq!(args.options().future, broadsheet::Future::Publish);
        assert_eq!(args.options().now, Some(1_774_569_600));
        let cli = Cli::try_parse_from(["broadsheet", "build", "--now", "2026-03-27"]).unwrap();
        let Command::Build(args) = cli.command else {
            panic!("expected build");
        };
        assert_eq!(args.options().now, Some(1_774_569_600 - 8 * 3600));
        for bad in ["2026-02-30", "tomorrow", "2026-03-27T08:00"] {
            assert!(
                Cli::try_parse_from(["broadsheet", "build", "--now", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn import_writes_into_articles_by_default_and_checks_the_date() {
        let cli = Cli::try_parse_from(["broadsheet", "import", "page.txt"]).unwrap();
        let Command::Import(args) = cli.command else {
            panic!("expected import");
        };
        assert_eq!(args.options().into, PathBuf::from("articles/"));
        assert_eq!(args.options().date, None);
        assert_eq!(args.options().page_number, None);
        for bad in [
            &["--date", "2026-02-30"][..],
            &["--date", "2026-03-27T08:00:00+08:00"],
            &["--page", "0"],
            &["--page", "1000"],
        ] {
            let mut line = vec!["broadsheet", "import", "p.txt"];
            line.extend_from_slice(bad);
            assert!(Cli::try_parse_from(line).is_err(), "{bad:?}");
        }
        assert!(Cli::try_parse_from(["broadsheet", "import"]).is_err());
    }

    #[test]
    fn import_takes_several_pages_and_a_page_number() {
        let cli = Cli::try_parse_from([
            "broadsheet",
            "import",
            "a.txt",
            "b.txt",
            "--date",
            "2026-03-27",
            "--page",
            "5",
        ])
        .unwrap();
        let Command::Import(args) = cli.command else {
            panic!("expected import");
        };
        let options = args.options();
        assert_eq!(
            options.pages,
            [PathBuf::from("a.txt"), PathBuf::from("b.txt")]
        );
        assert_eq!(options.date.as_deref(), Some("2026-03-27"));
        assert_eq!(options.page_number, Some(5));
    }
}
