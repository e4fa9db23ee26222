//! One article's lines into its text: the affiliation and note taken out, numbered headings
//! made headings, and the sentences the layout cut at a column's end joined again, with a
//! warning wherever a join (or its absence) could be wrong.

use super::line::{
    LONG_HEADLINE_MAX, Unit, heading_level, is_bracketed, is_headline_shaped, quote, trailer,
};
use super::parse::Warnings;
use super::text::{
    cannot_start_line, chars, ends_mid_sentence, ends_sentence, is_label_like, join_lines,
};
use super::{Article, Block};

/// A paragraph being put together from the lines of a column.
struct Open {
    text: String,
    /// The last line that went into it, and that line's text.
    last_line: usize,
    last_piece: String,
    pieces: usize,
    bracketed: bool,
}

/// What to do if the open paragraph, a line of its own that could be a headline, is the
/// headline of an article whose byline is missing (it was kept as text of the article it
/// stands in); empty for other paragraphs.
fn headline_hint(open: &Open) -> &'static str {
    if open.pieces == 1 && is_headline_shaped(&open.text, LONG_HEADLINE_MAX) {
        "; if it is the headline of an article whose byline is missing, put the author's name alone on the line under it"
    } else {
        ""
    }
}

/// Warns when the open paragraph ends mid-sentence but `what` (a heading, a 【】 line) on `line`
/// keeps the next line from being joined to it.
fn warn_not_joined(warnings: &mut Warnings, open: Option<&Open>, what: &str, line: usize) {
    if let Some(o) = open
        && !o.bracketed
        && !ends_sentence(&o.text)
    {
        warnings.at(
            o.last_line,
            format!(
                "{} ends without closing punctuation, but {what} follows (line {line}): not joined; check the text",
                quote(&o.last_piece)
            ),
        );
    }
}

/// The article's text: affiliation and note taken out, lines cut by the layout joined again,
/// numbered headings made headings.
pub(super) fn build_body(article: &mut Article, units: &[Unit], warnings: &mut Warnings) {
    let title = quote(&article.title);
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Open> = None;

    let close = |open: Option<Open>, blocks: &mut Vec<Block>| {
        if let Some(open) = open {
            blocks.push(Block::Paragraph(open.text));
        }
    };

    for (i, unit) in units.iter().enumerate() {
        if let Some(found) = trailer(unit.text) {
            // A line is taken whole or not at all: taking its note while keeping the line as
            // text would print the note twice.
            let leftover = (found.affiliation.is_some() && article.affiliation.is_some())
                || (found.note.is_some() && article.note.is_some());
            if leftover {
                warnings.at(
                    unit.line,
                    format!(
                        "a second affiliation or note in {title}: kept as a paragraph of its text"
                    ),
                );
                close(open.take(), &mut blocks);
                blocks.push(Block::Paragraph(unit.text.to_owned()));
                continue;
            }
            if let Some(affiliation) = found.affiliation {
                article.affiliation = Some(affiliation);
            }
            if let Some(note) = found.note {
                article.note = Some(note);
            }
            if let Some(next) = units[i + 1..].iter().find(|u| trailer(u.text).is_none()) {
                warnings.at(
                    unit.line,
                    format!(
                        "the affiliation or note of {title} stands before more of its text (line {}); taken as its affiliation or note all the same",
                        next.line
                    ),
                );
            }
            continue;
        }
        if let Some(level) = heading_level(unit.text) {
            warn_not_joined(warnings, open.as_ref(), "a heading", unit.line);
            close(open.take(), &mut blocks);
            blocks.push(Block::Heading {
                level,
                text: unit.text.to_owned(),
            });
            continue;
        }
        let bracketed = is_bracketed(unit.text);
        let continues = unit.text.chars().next().is_some_and(cannot_start_line);
        let glue = match &open {
            Some(o) if !o.bracketed && !bracketed => {
                let lone_label = o.pieces == 1 && is_label_like(&o.text);
                continues || (!ends_sentence(&o.text) && !lone_label)
            }
            _ => false,
        };
        if glue {
            let o = open.as_mut().expect("glue needs an open paragraph");
            // A line of its own that could be a headline is never joined unsaid: it may be
            // one whose byline is missing.
            let short = chars(&o.last_piece) <= 30;
            let hint = headline_hint(o);
            if !continues && (short || !hint.is_empty()) && !ends_mid_sentence(&o.last_piece) {
                warnings.at(
                    o.last_line,
                    format!(
                        "{} {}ends without closing punctuation: joined with line {} as one paragraph; if it is a sub-heading, put `## ` before it in the file{hint}",
                        quote(&o.last_piece),
                        if short { "is short and " } else { "" },
                        unit.line
                    ),
                );
            }
            o.text = join_lines(&o.text, unit.text);
            o.last_line = unit.line;
            o.last_piece = unit.text.to_owned();
            o.pieces += 1;
            continue;
        }
        if let Some(o) = &open
            && !o.bracketed
            && o.pieces == 1
            && is_label_like(&o.text)
            && !ends_sentence(&o.text)
        {
            warnings.at(
                o.last_line,
                format!(
                    "{} is a short line without punctuation inside {title}: kept as a paragraph of its own; if it is a sub-heading, put `## ` before it in the file",
                    quote(&o.text)
                ),
            );
        } else if bracketed {
            warn_not_joined(warnings, open.as_ref(), "a 【】 line", unit.line);
        }
        close(open.take(), &mut blocks);
        open = Some(Open {
            text: unit.text.to_owned(),
            last_line: unit.line,
            last_piece: unit.text.to_owned(),
            pieces: 1,
            bracketed,
        });
    }
    if let Some(o) = &open
        && !o.bracketed
        && !ends_sentence(&o.text)
    {
        warnings.at(
            o.last_line,
            format!(
                "the text of {title} ends without closing punctuation ({}): check that nothing is missing",
                quote(&o.last_piece)
            ),
        );
    }
    close(open.take(), &mut blocks);
    if blocks.is_empty() {
        warnings.at(
            article.title_line,
            format!("{title} has no text (a cartoon alone?): its file holds the front matter only"),
        );
    }
    article.body = blocks;
}
