//! One article's lines into its text: the affiliation and note taken out, numbered headings
//! made headings, and the sentences the layout cut at a column's end joined again, with a
//! warning wherever a join (or its absence) could be wrong.

use super::line::{
    LONG_HEADLINE_MAX, Unit, heading_level, is_bracketed, is_headline_shaped, is_subtitle, quote,
    trailer,
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
    /// It stands where a paragraph begins afresh (see `build_body`).
    fresh: bool,
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

/// Whether a line of its own could be an unnumbered sub-heading: shaped like a headline of at
/// most 30 characters, with no punctuation inside that a sentence has (，、；：).
fn could_be_subheading(text: &str) -> bool {
    chars(text) <= 30
        && (is_label_like(text) || is_headline_shaped(text, 30))
        && !text.contains(['，', ',', '、', '；', ';', '：', ':'])
}

/// Whether `next` reads as the rest of a sentence cut before it: its first sentence ends
/// within three characters and more follows (`焦点。事实上…`), or its first clause within one
/// (`精` / `准，…`): no paragraph starts so.
fn finishes_a_cut_sentence(next: &str) -> bool {
    let first = |marks: &str, most: usize| {
        next.chars()
            .position(|c| marks.contains(c))
            .is_some_and(|p| p <= most && next.chars().count() > p + 1)
    };
    first("。！？!?", 3) || first("，、；：,;:", 1)
}

/// Whether `text` ends in a number cut by the layout before its decimals (`增长了12.`) and
/// `next` goes on with digits (`5%`): a full stop between digits ends no sentence.
fn cuts_a_number(text: &str, next: &str) -> bool {
    let mut tail = text.chars().rev();
    matches!(tail.next(), Some('.' | '．'))
        && tail.next().is_some_and(|c| c.is_ascii_digit())
        && next.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The article's text: affiliation, source and note taken out, lines cut by the layout joined
/// again, numbered headings made headings, and lone short lines without punctuation between
/// paragraphs made unnumbered sub-headings (`###`), with a warning.
pub(super) fn build_body(article: &mut Article, units: &[Unit], warnings: &mut Warnings) {
    let title = quote(&article.title);
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Open> = None;

    let close = |open: Option<Open>, blocks: &mut Vec<Block>| {
        if let Some(open) = open {
            blocks.push(Block::Paragraph(open.text));
        }
    };
    // Whether the open paragraph stands where a paragraph begins afresh: the article's first,
    // or after one that was finished.
    let mut fresh = true;

    for (i, unit) in units.iter().enumerate() {
        if let Some(found) = trailer(unit.text) {
            // A line is taken whole or not at all: taking its note while keeping the line as
            // text would print the note twice.
            let leftover = (found.affiliation.is_some() && article.affiliation.is_some())
                || (found.source.is_some() && article.source.is_some())
                || (found.note.is_some() && article.note.is_some());
            // A tail line ends the paragraph above it.
            warn_not_joined(
                warnings,
                open.as_ref(),
                "a tail line in brackets",
                unit.line,
            );
            close(open.take(), &mut blocks);
            fresh = true;
            if leftover {
                warnings.at(
                    unit.line,
                    format!(
                        "a second affiliation, source or note in {title}: kept as a paragraph of its text"
                    ),
                );
                blocks.push(Block::Paragraph(unit.text.to_owned()));
                continue;
            }
            if let Some(affiliation) = found.affiliation {
                article.affiliation = Some(affiliation);
            }
            if let Some(source) = found.source {
                article.source = Some(source);
            }
            if let Some(note) = found.note {
                article.note = Some(note);
            }
            if let Some(next) = units[i + 1..].iter().find(|u| trailer(u.text).is_none()) {
                warnings.at(
                    unit.line,
                    format!(
                        "the affiliation, source or note of {title} stands before more of its text (line {}); taken as such all the same",
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
            fresh = true;
            continue;
        }
        let bracketed = is_bracketed(unit.text);
        let continues = unit.text.chars().next().is_some_and(cannot_start_line);
        // A lone short line without punctuation, where a paragraph begins afresh, is an
        // unnumbered sub-heading, unless the next line finishes its sentence at once.
        let subheading = |o: &Open| {
            o.pieces == 1
                && o.fresh
                && could_be_subheading(&o.text)
                && !bracketed
                && !continues
                && !finishes_a_cut_sentence(unit.text)
        };
        let glue = match &open {
            Some(o) if !o.bracketed && !bracketed => {
                continues
                    || cuts_a_number(&o.text, unit.text)
                    || (!ends_sentence(&o.text) && !subheading(o))
            }
            _ => false,
        };
        if glue {
            let first_paragraph = blocks.is_empty();
            let o = open.as_mut().expect("glue needs an open paragraph");
            // A line of its own that could be a headline, a subtitle or a standfirst is never
            // joined unsaid.
            // Only a line that stands where a paragraph begins could be any of these.
            let alone = o.pieces == 1 && o.fresh;
            let short = alone && chars(&o.last_piece) <= 30;
            let hint = headline_hint(o);
            let standfirst = first_paragraph && o.pieces == 1;
            let subtitle = alone && is_subtitle(&o.last_piece);
            if !continues
                && !cuts_a_number(&o.text, unit.text)
                && (short || !hint.is_empty() || standfirst || subtitle)
                && !ends_mid_sentence(&o.last_piece)
            {
                let could_be = if subtitle {
                    "; if it is a subtitle, move it to `subtitle:`"
                } else if standfirst {
                    "; if it is the standfirst (导语), move it to `standfirst:`"
                } else {
                    ""
                };
                warnings.at(
                    o.last_line,
                    format!(
                        "{} {}ends without closing punctuation: joined with line {} as one paragraph; if it is a sub-heading, put `### ` before it in the file{could_be}{hint}",
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
        if let Some(o) = open.take() {
            if !o.bracketed && subheading(&o) && !ends_sentence(&o.text) {
                warnings.at(
                    o.last_line,
                    format!(
                        "{} is a short line without punctuation between paragraphs of {title}: read as a sub-heading (`### `); if it is a sentence the layout cut, join it to the next paragraph in the file{}",
                        quote(&o.text),
                        headline_hint(&o)
                    ),
                );
                blocks.push(Block::Heading {
                    level: 3,
                    text: o.text,
                });
                fresh = true;
            } else {
                if bracketed {
                    warn_not_joined(warnings, Some(&o), "a 【】 line", unit.line);
                }
                fresh = o.bracketed || ends_sentence(&o.text);
                close(Some(o), &mut blocks);
            }
        }
        open = Some(Open {
            text: unit.text.to_owned(),
            last_line: unit.line,
            last_piece: unit.text.to_owned(),
            pieces: 1,
            bracketed,
            fresh,
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
    warn_short_first_paragraph(article, &blocks, units, warnings);
    article.body = blocks;
}

/// The most characters of a first paragraph that could be a standfirst (导语) rather than the
/// start of the text, when it is shorter than the paragraph after it.
const STANDFIRST_MAX: usize = 50;

/// Warns when the article's first paragraph, right under its byline, could be a standfirst
/// printed without its label: a short finished paragraph before a longer one. It stays a
/// paragraph.
fn warn_short_first_paragraph(
    article: &Article,
    blocks: &[Block],
    units: &[Unit],
    warnings: &mut Warnings,
) {
    if article.standfirst.is_some() {
        return;
    }
    if let [Block::Paragraph(first), Block::Paragraph(second), ..] = blocks
        && chars(first) <= STANDFIRST_MAX
        && chars(first) < chars(second)
        && ends_sentence(first)
        && let Some(unit) = units.first()
    {
        warnings.at(
            unit.line,
            format!(
                "{} is a short first paragraph right under the byline of {}: it could be a standfirst (导语), and is kept as a paragraph; if it is one, move it to `standfirst:`",
                quote(first),
                quote(&article.title)
            ),
        );
    }
}
