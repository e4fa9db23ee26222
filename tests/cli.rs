//! The command line's own texts: help and version.

mod common;

use common::broadsheet;

fn stdout_of(args: &[&str]) -> String {
    let output = broadsheet().args(args).output().expect("run broadsheet");
    assert!(
        output.status.success(),
        "broadsheet {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

#[test]
fn help_names_the_build_command() {
    let help = stdout_of(&["--help"]);
    assert!(help.contains("Usage: broadsheet <COMMAND>"), "{help}");
    // clap pads command names to the longest one (`import`), so spaces are compared loosely.
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.lines()
            .any(|line| words(line) == "build Render every article into a complete static site"),
        "{help}"
    );
    assert!(help.contains("--version"), "{help}");
}

#[test]
fn build_help_describes_source_output_and_drafts() {
    for args in [&["build", "--help"][..], &["help", "build"]] {
        let help = stdout_of(args);
        for line in [
            "Usage: broadsheet build [OPTIONS]",
            "-s, --source <SOURCE>",
            "-o, --output <OUTPUT>",
            "[default: <source>/dist]",
            "--drafts",
            "Include articles marked `draft: true`",
        ] {
            assert!(help.contains(line), "{args:?} lacks {line:?}:\n{help}");
        }
    }
}

#[test]
fn version_prints_the_packages_version() {
    let expected = format!("broadsheet {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(stdout_of(&["--version"]), expected);
    assert_eq!(stdout_of(&["-V"]), expected);
}

#[test]
fn a_missing_command_is_a_usage_error() {
    let output = broadsheet().output().expect("run broadsheet");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    assert!(stderr.contains("Usage: broadsheet <COMMAND>"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn the_manual_page_and_shell_completions_are_made_from_the_commands_definitions() {
    let man = stdout_of(&["man"]);
    assert!(man.contains(".TH broadsheet 1"), "{man}");
    // Every command has its section, with its own options.
    for (command, option) in [
        ("BUILD", "\\-\\-drafts"),
        ("SERVE", "\\-\\-watch"),
        ("IMPORT", "\\-\\-keep\\-punctuation"),
        ("CHECK", "\\-\\-drafts"),
        ("NEW", "\\-\\-author"),
        ("INIT", "\\-\\-theme"),
    ] {
        let start = man
            .find(&format!(".SH \"BROADSHEET {command}\""))
            .unwrap_or_else(|| panic!("no section for {command}:\n{man}"));
        let section = &man[start..];
        let end = section[4..]
            .find(".SH \"BROADSHEET")
            .map_or(section.len(), |e| e + 4);
        assert!(
            section[..end].contains(option),
            "{command} lacks {option}:\n{}",
            &section[..end]
        );
    }
    let bash = stdout_of(&["completions", "bash"]);
    for word in [
        "build",
        "serve",
        "import",
        "check",
        "new",
        "init",
        "--keep-punctuation",
        "--theme",
    ] {
        assert!(bash.contains(word), "the bash completions lack {word}");
    }
    let zsh = stdout_of(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef broadsheet"), "{zsh}");
    let output = broadsheet().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}
