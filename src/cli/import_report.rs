//! What `broadsheet import` prints: for each page the table of the articles found and the
//! page's credits; then what was (or would be) written, the edition files too, and the warnings. The library hands over a
//! [`Report`](broadsheet::import::Report) of plain data; the columns, the padding and the
//! words are the command line's.

use std::fmt::{self, Write};

use broadsheet::cjk;
use broadsheet::error::Diagnostic;
use broadsheet::import::{CreditRole, EditionPlan, ImportedPage, Report, SettingChange};

/// The report on stdout: each page's table of articles and credits, and what was (or would be)
/// written.
pub fn summary(report: &Report) -> String {
    let mut out = String::new();
    write_summary(report, &mut out).expect("writing to a String does not fail");
    out
}

/// A warning as stderr shows it, `page.txt:143: warning: …`: the place first, as `build` puts
/// its problems (`path:line:column: …`) and as compilers put theirs, so that editors jump to
/// the line; then `warning:`, so that it is never taken for an error.
pub fn warning(warning: &Diagnostic) -> String {
    format!("{}: warning: {}", warning.place(), warning.message)
}

/// How wide `text` shows in a terminal: CJK letters (East Asian Wide) and the full-width forms
/// take two columns.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if cjk::is_cjk_letter(c)
                || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}')
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let shown = display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// Writes [`summary`]'s text: each page's articles and credits, then what was (or would be)
/// written.
fn write_summary(report: &Report, f: &mut String) -> fmt::Result {
    for (i, page) in report.pages.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write_page(page, f)?;
    }

    writeln!(f)?;
    let files = report.files.len();
    let plural = if files == 1 { "" } else { "s" };
    let into = report.into.display();
    if report.written {
        let replaced = report.files.iter().filter(|file| file.existed).count();
        write!(f, "wrote {files} file{plural} into {into}")?;
        if replaced > 0 {
            write!(f, " ({replaced} overwritten)")?;
        }
        writeln!(f)?;
    } else if !report.problems.is_empty() {
        writeln!(f, "nothing written")?;
    } else if report.dry_run {
        writeln!(
            f,
            "dry run: would write {files} file{plural} into {into}; nothing written"
        )?;
    }
    if !report.written || report.dry_run {
        // The names are worth listing before anything is written.
        for file in &report.files {
            let mark = if file.existed { "  (exists)" } else { "" };
            writeln!(f, "  {}{mark}", file.path.display())?;
        }
    }
    if report.written || (report.dry_run && report.problems.is_empty()) {
        let verb = if report.written {
            "wrote"
        } else {
            "would write"
        };
        for edition in &report.editions {
            writeln!(f, "{verb} {}", edition_line(report, edition))?;
        }
    }
    if let Some(plan) = &report.site_yaml {
        let verb = if report.written { "" } else { "would be " };
        for (key, change) in &plan.changes {
            let what = match change {
                SettingChange::Added => format!("{verb}added"),
                SettingChange::Unchanged => "already set to the same value".to_owned(),
                SettingChange::Replaced { line, .. } => {
                    format!("{verb}replaced (line {line})")
                }
                SettingChange::Kept { line, .. } => {
                    format!("kept as it is (line {line}; --force replaces it)")
                }
            };
            writeln!(f, "{}: `{key}` {what}", plan.path.display())?;
        }
    }
    let warnings: usize = report.pages.iter().map(|p| p.page.warnings.len()).sum();
    if warnings > 0 {
        writeln!(
            f,
            "{warnings} warning{} (printed on stderr): check those lines",
            if warnings == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// `editions/2026-03-27.yaml (page 5 评论, 7 articles)`: the file and each page it gets; for a
/// file that was there, whether the page was added or put in place of one.
fn edition_line(report: &Report, edition: &EditionPlan) -> String {
    let pages: Vec<String> = edition
        .pages
        .iter()
        .map(|entry| {
            let page = &report.pages[entry.page];
            let count = page.page.articles.len();
            let mut text = format!(
                "{}, {count} article{}",
                page.describe(),
                if count == 1 { "" } else { "s" }
            );
            match entry.replaces {
                Some(line) => write!(text, ", in place of the page at line {line}").unwrap(),
                None if edition.existed => text.push_str(", added"),
                None => {}
            }
            text
        })
        .collect();
    format!("{} ({})", edition.path.display(), pages.join("; "))
}

/// One page: `page.txt: 7 articles found (2026-03-27, page 5)`, the table of its articles,
/// and its credits.
fn write_page(imported: &ImportedPage, f: &mut String) -> fmt::Result {
    let page = &imported.page;
    let count = page.articles.len();
    let dated = match (&imported.date, imported.number) {
        (Some(date), Some(number)) => format!("{date}, page {number}"),
        (Some(date), None) => date.clone(),
        (None, Some(number)) => format!("no date, page {number}"),
        (None, None) => "no date".to_owned(),
    };
    writeln!(
        f,
        "{}: {count} article{} found ({dated})",
        imported.path.display(),
        if count == 1 { "" } else { "s" }
    )?;
    if count > 0 {
        let rows: Vec<[String; 5]> = page
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                [
                    (i + 1).to_string(),
                    a.title.clone(),
                    if a.authors.is_empty() {
                        "(none)".to_owned()
                    } else {
                        a.authors.join("、")
                    },
                    a.section.clone().unwrap_or_else(|| "(none)".to_owned()),
                    a.paragraphs().to_string(),
                ]
            })
            .collect();
        let header = ["#", "headline", "author", "section", "paragraphs"];
        let widths: Vec<usize> = (0..5)
            .map(|c| {
                rows.iter()
                    .map(|r| display_width(&r[c]))
                    .chain([header[c].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: [&str; 5]| {
            format!(
                "  {:>w0$}  {}  {}  {}  {:>w4$}",
                cells[0],
                pad(cells[1], widths[1]),
                pad(cells[2], widths[2]),
                pad(cells[3], widths[3]),
                cells[4],
                w0 = widths[0],
                w4 = widths[4],
            )
            .trim_end()
            .to_owned()
        };
        writeln!(f)?;
        writeln!(f, "{}", line(header))?;
        let indent = " ".repeat(widths[0] + 4);
        for (row, article) in rows.iter().zip(&page.articles) {
            writeln!(f, "{}", line([&row[0], &row[1], &row[2], &row[3], &row[4]]))?;
            // What else went where: one line each, under the article's row.
            let note = match (&article.box_note, &article.note) {
                (Some(head), Some(own)) => Some(format!("{head}　{own}")),
                (head, own) => head.clone().or_else(|| own.clone()),
            };
            for (key, value) in [
                ("kicker", &article.kicker),
                ("subtitle", &article.subtitle),
                ("pull quote", &article.summary),
                ("standfirst", &article.standfirst),
                ("affiliation", &article.affiliation),
                ("source", &article.source),
                ("note", &note),
            ] {
                if let Some(value) = value {
                    writeln!(f, "{indent}{key}: {}", shorten(value, 40))?;
                }
            }
        }
    }

    let credits = &page.credits;
    writeln!(f)?;
    writeln!(f, "credits:")?;
    match (&credits.page_name, credits.page_name_line) {
        (Some(name), Some(line)) => writeln!(f, "  page name (版名):       {name}  (line {line})")?,
        (Some(name), None) => writeln!(f, "  page name (版名):       {name}")?,
        _ => writeln!(f, "  page name (版名):       (not found)")?,
    }
    for (role, label) in [
        (CreditRole::Editors, "editors (责任编辑):     "),
        (CreditRole::Designers, "designers (美编):       "),
        (CreditRole::Proofreaders, "proofreaders (校对):    "),
        (CreditRole::PictureEditors, "picture editors (图片编辑): "),
    ] {
        let names = credits.names(role);
        if names.is_empty() {
            // The editors are looked for on every page; the others are printed when given.
            if role == CreditRole::Editors {
                writeln!(f, "  {label}(not found)")?;
            }
            continue;
        }
        writeln!(f, "  {label}{}", names.join(", "))?;
        for reading in credits.names_read.iter().filter(|r| r.role == role) {
            writeln!(f, "    line {} prints `{}`", reading.line, reading.printed)?;
            for decision in &reading.decisions {
                writeln!(f, "    {decision}")?;
            }
        }
    }
    if let Some((number, line)) = credits.number {
        writeln!(
            f,
            "  page number (版次):     {number}  (header, line {line})"
        )?;
    }
    if let Some((date, line)) = &credits.date {
        writeln!(f, "  date (出版日期):        {date}  (header, line {line})")?;
    }
    match &credits.submission_email {
        Some(email) => writeln!(f, "  submissions (投稿邮箱):  {email}")?,
        None => writeln!(f, "  submissions (投稿邮箱):  (not found)")?,
    }
    Ok(())
}

/// At most `most` characters of `text`, with `…` when cut.
fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        text.to_owned()
    } else {
        let head: String = text.chars().take(most).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_display_width() {
        assert_eq!(display_width("李宏"), 4);
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("（一）"), 6);
    }

    #[test]
    fn a_warning_says_so_after_its_place() {
        let at = Diagnostic::new(
            "page.txt",
            143,
            0,
            "「另一核心」 ends without closing punctuation",
        );
        assert_eq!(
            warning(&at),
            "page.txt:143: warning: 「另一核心」 ends without closing punctuation"
        );
        let nowhere = Diagnostic::new("page.txt", 0, 0, "x");
        assert_eq!(warning(&nowhere), "page.txt: warning: x");
    }
}
