//! Parses the command line, runs the command, and chooses the exit code: the only place that
//! exits. Each command's `run()` (in `cli.rs`) turns its flags into options, calls the
//! library and prints what happened.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let succeeded = match Cli::parse().command {
        Command::Build(args) => args.run(),
        Command::Import(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::New(args) => args.run(),
        Command::Init(args) => args.run(),
        Command::Completions(args) => args.run(),
        Command::Man => cli::print_man_page(),
        #[cfg(feature = "deploy")]
        Command::Deploy(args) => args.run(),
        #[cfg(feature = "serve")]
        Command::Serve(args) => args.run(),
    };
    if succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
