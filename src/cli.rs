//! The command line: one Args struct per command, each turning flags into options.

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
    pub fn options(&self) -> broadsheet::BuildOptions {
        broadsheet::BuildOptions {
            source: self.source.clone(),
            output: self.output.clone(),
            drafts: self.drafts,
        }
    }
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
        let Command::Build(args) = cli.command;
        assert_eq!(args.options().output, None);
        assert_eq!(args.options().source, PathBuf::from("site"));
    }
}
