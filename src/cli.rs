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
    /// Split a printed page's raw text into article files
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
    /// Print the time each stage took
    #[arg(long, short)]
    pub verbose: bool,
}

impl BuildArgs {
    pub fn run(&self) -> bool {
        match broadsheet::build(&self.options()) {
            Ok(summary) => {
                build_report::print(&summary, self.verbose);
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
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The page's text (UTF-8), as dumped from the print layout
    pub page: PathBuf,
    /// Give every article this date (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
    /// Where to write the article files
    #[arg(long, default_value = "articles/")]
    pub into: PathBuf,
    /// Show what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite existing files (and credits already in site.yaml)
    #[arg(long)]
    pub force: bool,
    /// Make half-width ,:;?!() in Chinese text full-width
    #[arg(long)]
    pub normalize_punctuation: bool,
    /// Write the page's name, editors and submission e-mail into the site.yaml above --into
    #[arg(long)]
    pub write_site_yaml: bool,
}

impl ImportArgs {
    /// Imports a page: the table of what it found on stdout; warnings, and why nothing was
    /// written, on stderr.
    pub fn run(&self) -> bool {
        match broadsheet::import::run(&self.options()) {
            Ok(found) => {
                print!("{}", import_report::summary(&found));
                for warning in &found.page.warnings {
                    eprintln!("{}", import_report::warning(warning));
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
            page: self.page.clone(),
            into: self.into.clone(),
            date: self.date.clone(),
            dry_run: self.dry_run,
            force: self.force,
            normalize_punctuation: self.normalize_punctuation,
            write_site_yaml: self.write_site_yaml,
        }
    }
}

fn parse_date(text: &str) -> Result<String, String> {
    broadsheet::date::Date::parse(text).map(|_| text.to_owned())
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
    }

    #[test]
    fn import_writes_into_articles_by_default_and_checks_the_date() {
        let cli = Cli::try_parse_from(["broadsheet", "import", "page.txt"]).unwrap();
        let Command::Import(args) = cli.command else {
            panic!("expected import");
        };
        assert_eq!(args.options().into, PathBuf::from("articles/"));
        assert_eq!(args.options().date, None);
        assert!(
            Cli::try_parse_from(["broadsheet", "import", "p.txt", "--date", "2026-02-30"]).is_err()
        );
    }
}
