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
    /// Check the site as build does, plus the links and pictures in its articles, and their
    /// punctuation; writes nothing
    Check(CheckArgs),
    /// Write a new article's file, articles/<pinyin of the headline>.md, as a draft
    New(NewArgs),
    /// Make a new site in a folder (site.yaml, an example article, static/); with --theme, copy
    /// the built-in theme out to be edited
    Init(InitArgs),
    /// Print a shell's completion script for broadsheet (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print broadsheet's manual page (roff), for `man`: broadsheet man > broadsheet.1
    Man,
    /// Send the built site to S3-compatible object storage: only what changed since the last
    /// deploy, pages after the files they use, and delete what is gone
    #[cfg(feature = "deploy")]
    Deploy(DeployArgs),
}

#[cfg(feature = "deploy")]
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// Where: s3://bucket or s3://bucket/prefix (credentials and region from AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_REGION and the other usual AWS_* variables)
    #[arg(value_name = "TARGET")]
    pub target: String,
    /// The built site [default: <source>/dist]
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The site's folder
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// The store's address, for stores other than AWS (OSS, COS, R2, MinIO…) [default:
    /// AWS_ENDPOINT_URL, else AWS's]
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Say what would be sent and deleted, and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Files sent at once
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
}

#[cfg(feature = "deploy")]
impl DeployArgs {
    pub fn run(&self) -> bool {
        let options = broadsheet::deploy::DeployOptions {
            output: self
                .output
                .clone()
                .unwrap_or_else(|| self.source.join("dist")),
            target: self.target.clone(),
            endpoint: self.endpoint.clone(),
            dry_run: self.dry_run,
            jobs: usize::from(self.jobs),
        };
        match broadsheet::deploy::deploy(&options) {
            Ok(done) => {
                let plan = &done.plan;
                let verb = if done.dry_run { "would send" } else { "sent" };
                let deleted = if done.dry_run {
                    "would delete"
                } else {
                    "deleted"
                };
                let resumed = match done.resumed {
                    0 => String::new(),
                    n => format!(" ({n} sent already by a deploy that stopped)"),
                };
                broadsheet::say!(
                    "Deploy to {}: {verb} {} file{} ({}), {deleted} {}, {} unchanged{resumed}",
                    self.target,
                    plan.uploads.len(),
                    plural(plan.uploads.len()),
                    if done.dry_run {
                        format!("{} bytes", plan.uploads.iter().map(|u| u.size).sum::<u64>())
                    } else {
                        format!("{} bytes", done.bytes)
                    },
                    plan.deletes.len(),
                    plan.unchanged,
                );
                if done.dry_run {
                    for upload in &plan.uploads {
                        broadsheet::say!("  send   {}", upload.path);
                    }
                    for path in &plan.deletes {
                        broadsheet::say!("  delete {path}");
                    }
                }
                true
            }
            Err(error) => {
                build_report::report_as(&error, "the deploy failed", "");
                false
            }
        }
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

impl CompletionsArgs {
    /// Writes the script to stdout: `broadsheet completions bash > /etc/bash_completion.d/broadsheet`.
    pub fn run(&self) -> bool {
        use clap::CommandFactory as _;
        let mut command = Cli::command();
        clap_complete::generate(
            self.shell,
            &mut command,
            "broadsheet",
            &mut std::io::stdout(),
        );
        true
    }
}

/// Writes the manual page, made from the same definitions as `--help`, to stdout: the
/// command's own page, then one section for each subcommand.
pub fn print_man_page() -> bool {
    use clap::CommandFactory as _;
    let command = Cli::command();
    let mut out: Vec<u8> = Vec::new();
    let written = clap_mangen::Man::new(command.clone())
        .render(&mut out)
        .and_then(|()| {
            for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
                use std::io::Write as _;
                writeln!(out, ".SH \"BROADSHEET {}\"", sub.get_name().to_uppercase())?;
                let man = clap_mangen::Man::new(sub.clone());
                man.render_description_section(&mut out)?;
                man.render_options_section(&mut out)?;
            }
            Ok(())
        });
    match written {
        Ok(()) => {
            use std::io::Write as _;
            std::io::stdout().write_all(&out).is_ok()
        }
        Err(error) => {
            eprintln!("error: could not write the manual page: {error}");
            false
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The headline
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// The author (again for each further author)
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// The section (column)
    #[arg(long, value_name = "NAME")]
    pub section: Option<String>,
    /// The date (YYYY-MM-DD or RFC 3339) [default: none: the edition that lists it gives it]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The site's folder, holding articles/
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
}

impl NewArgs {
    /// Writes the file and prints its path; a name the site does not know but nearly does is
    /// a warning on stderr.
    pub fn run(&self) -> bool {
        let new = broadsheet::scaffold::NewArticle {
            title: self.title.clone(),
            authors: self.author.clone(),
            section: self.section.clone(),
            date: self.date.clone(),
        };
        match broadsheet::scaffold::new_article(&self.source, &new) {
            Ok(done) => {
                broadsheet::say!("{}", done.path.display());
                for hint in &done.hints {
                    eprintln!("warning: {hint}");
                }
                true
            }
            Err(error) => {
                build_report::report_as(&error, "no article written", "");
                false
            }
        }
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new site's folder (made when missing; it must not hold a site)
    #[arg(value_name = "DIR", default_value = ".")]
    pub folder: PathBuf,
    /// Copy the built-in theme into themes/NAME/ and set `theme: NAME` (in a new site, or in
    /// the site already in DIR)
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
}

impl InitArgs {
    pub fn run(&self) -> bool {
        let options = broadsheet::scaffold::InitOptions {
            folder: self.folder.clone(),
            theme: self.theme.clone(),
        };
        match broadsheet::scaffold::init(&options) {
            Ok(done) => {
                for path in &done.written {
                    if path.is_dir() {
                        broadsheet::say!("made {}/", path.display());
                    } else {
                        broadsheet::say!("wrote {}", path.display());
                    }
                }
                if !done.existing_site {
                    let cd = if self.folder == std::path::Path::new(".") {
                        String::new()
                    } else {
                        format!("cd {} && ", self.folder.display())
                    };
                    broadsheet::say!(
                        "A new site: `{cd}broadsheet serve --watch` to see it, `broadsheet build` to make it."
                    );
                }
                true
            }
            Err(error) => {
                build_report::report_as(&error, "nothing was made", "");
                false
            }
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder, holding articles/ and optionally site.yaml
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// Check drafts too, as if published (links to them then resolve)
    #[arg(long)]
    pub drafts: bool,
    /// Also follow links to other sites (one request at a time to each host, 8 hosts at once,
    /// at most 1000 addresses)
    #[arg(long)]
    pub external: bool,
    /// With --external: the longest one request may take, in seconds
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10,
        requires = "external"
    )]
    pub timeout: u64,
}

impl CheckArgs {
    /// Prints every error and warning (errors first), then a summary line; fails when there
    /// is an error.
    pub fn run(&self) -> bool {
        let options = broadsheet::check::CheckOptions {
            source: self.source.clone(),
            drafts: self.drafts,
            external: self.external.then(|| broadsheet::check::External {
                timeout: std::time::Duration::from_secs(self.timeout),
                ..broadsheet::check::External::default()
            }),
        };
        match broadsheet::check::check(&options) {
            Ok(found) => {
                for problem in found.errors.iter().chain(&found.warnings) {
                    eprintln!("{problem}");
                }
                let (errors, warnings) = (found.errors.len(), found.warnings.len());
                if errors == 0 {
                    broadsheet::say!(
                        "Checked {} article{}, {} page{} and {} link{}: no errors{}",
                        found.articles,
                        plural(found.articles),
                        found.pages,
                        plural(found.pages),
                        found.links,
                        plural(found.links),
                        match warnings {
                            0 => String::new(),
                            n => format!(", {n} warning{}", plural(n)),
                        }
                    );
                } else {
                    eprintln!(
                        "error: {errors} problem{} found{} (nothing was written)",
                        plural(errors),
                        match warnings {
                            0 => String::new(),
                            n => format!(", and {n} warning{}", plural(n)),
                        }
                    );
                }
                errors == 0
            }
            Err(error) => {
                report(&error);
                false
            }
        }
    }
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
    /// Print nothing but problems: no progress, no summary
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
}

impl BuildArgs {
    pub fn run(&self) -> bool {
        let progress = build_report::Bars::new(self.quiet);
        match broadsheet::build_with(&self.options(), &progress) {
            Ok(summary) => {
                if !self.quiet {
                    build_report::print(&summary, self.verbose);
                }
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
                broadsheet::say_part!("{}", import_report::summary(&found));
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
