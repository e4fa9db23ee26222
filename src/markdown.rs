//! Markdown text → HTML, a plain-text excerpt and a word count; the plain text of that HTML.
//! No files, no templates.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::cjk::{is_cjk, is_cjk_letter, is_full_width_latin, is_wide};

/// What the rest of the build needs from an article's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub digest: BodyDigest,
}

/// What a build needs of an article's body when it does not render its page (kept in the
/// cache between builds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDigest {
    /// A hash of the HTML: it tells whether pages showing the body must be made again.
    pub html_hash: u64,
    /// The first paragraph as plain text, cut at a sentence end: the summary when the article
    /// has no pull quote.
    pub excerpt: String,
    /// Han characters one by one, other scripts by words.
    pub word_count: usize,
    /// How many of those are Han (and kana, hangul) characters: reading time counts them at
    /// their own rate.
    pub cjk_count: usize,
    /// The pictures of the site the body shows (`![alt](file "图说")`), in order: what was
    /// written, and where (line and column within the body). The HTML holds a placeholder for
    /// each (see [`PICTURE_PLACEHOLDER`]), which rendering replaces with the picture's markup.
    pub pictures: Vec<(String, usize, usize)>,
}

/// How the body's HTML holds the place of its `n`th picture of the site:
/// `<img data-picture="n" alt="…">`, the alt text escaped.
pub const PICTURE_PLACEHOLDER: &str = "<img data-picture=\"";

/// Whether an image's address is a file of the site (not `https://…`, `//host/…`, `data:`).
pub fn is_site_file(dest: &str) -> bool {
    let dest = dest.trim();
    !(dest.is_empty()
        || dest.starts_with("//")
        || dest.starts_with('#')
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }))
}

/// `text` escaped for an HTML attribute or text, onto `out`.
pub fn escape_attribute(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The body's pictures of the site replaced by placeholders; one with a title (图说) that
/// stands alone in its paragraph becomes a `<figure>` with that title as its `<figcaption>`.
fn picture_placeholders(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut n = 0;
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &events[i]
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        if !is_site_file(dest_url) {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let end = (i..events.len())
            .find(|&j| matches!(events[j], Event::End(TagEnd::Image)))
            .unwrap_or(events.len() - 1);
        let mut alt = String::new();
        for event in &events[i + 1..end] {
            if let Event::Text(t) | Event::Code(t) = event {
                alt.push_str(t);
            }
        }
        let mut html = format!("{PICTURE_PLACEHOLDER}{n}\" alt=\"");
        escape_attribute(&alt, &mut html);
        html.push_str("\">");
        n += 1;
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
        if alone && !title.trim().is_empty() {
            out.pop();
            let mut figure = String::from("<figure class=\"figure\">");
            figure.push_str(&html);
            figure.push_str("<figcaption>");
            escape_attribute(title.trim(), &mut figure);
            figure.push_str("</figcaption></figure>\n");
            out.push(Event::Html(figure.into()));
            i = end + 2;
        } else {
            out.push(Event::InlineHtml(html.into()));
            i = end + 1;
        }
    }
    out
}

/// The pictures of the site that `markdown` shows, in order, each with its line and column in
/// `markdown` (as [`render`] numbers its placeholders).
fn site_pictures(markdown: &str) -> Vec<(String, usize, usize)> {
    if !markdown.contains("![") {
        return Vec::new();
    }
    links(markdown)
        .into_iter()
        .filter(|link| link.picture && is_site_file(&link.dest))
        .map(|link| {
            let (line, column) = crate::error::position_of(markdown.as_bytes(), link.offset);
            (link.dest, line, column)
        })
        .collect()
}

/// How long an automatic excerpt may run, in characters, before it is cut at a sentence end.
const EXCERPT_CHARS: usize = 120;

/// The Markdown the articles are written in: CommonMark with tables, footnotes and
/// strikethrough.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

pub fn render(markdown: &str) -> Rendered {
    let pictures = site_pictures(markdown);
    let events = body_events(markdown);

    let mut word_count = 0;
    let mut cjk_count = 0;
    let mut first_paragraph = String::new();
    let mut paragraph_state = 0; // 0: before the first paragraph, 1: inside it, 2: after it
    for event in &events {
        match event {
            Event::Start(Tag::Paragraph) if paragraph_state == 0 => paragraph_state = 1,
            Event::End(TagEnd::Paragraph) if paragraph_state == 1 => paragraph_state = 2,
            Event::Text(text) | Event::Code(text) => {
                let (all, cjk) = count(text);
                word_count += all;
                cjk_count += cjk;
                if paragraph_state == 1 {
                    first_paragraph.push_str(text);
                }
            }
            _ => {}
        }
    }

    let (html, html_hash) = html_of(&events, markdown.len());
    let digest = BodyDigest {
        html_hash,
        excerpt: excerpt(&first_paragraph, EXCERPT_CHARS),
        word_count,
        cjk_count,
        pictures,
    };
    Rendered { html, digest }
}

/// The HTML of `markdown` and its hash (`BodyDigest::html_hash`), as `render` makes them,
/// without the rest of the digest: for a body made again from its file, which the build
/// already counted when it parsed the file (counting words was a third of each such render).
pub fn render_html(markdown: &str) -> (String, u64) {
    html_of(&body_events(markdown), markdown.len())
}

/// The events the body's HTML is made from: CommonMark's, with Chinese emphasis and the
/// site's pictures as placeholders.
fn body_events(markdown: &str) -> Vec<Event<'_>> {
    let events = cjk_emphasis(Parser::new_ext(markdown, options()).collect());
    let shows_pictures = events.iter().any(|event| {
        matches!(event, Event::Start(Tag::Image { dest_url, .. }) if is_site_file(dest_url))
    });
    if shows_pictures {
        picture_placeholders(events)
    } else {
        events
    }
}

fn html_of(events: &[Event<'_>], markdown_len: usize) -> (String, u64) {
    let mut html = String::with_capacity(markdown_len * 3 / 2);
    let kept = events.iter().enumerate().filter(|(i, event)| {
        !(matches!(event, Event::SoftBreak)
            && joins_without_space(events.get(i.wrapping_sub(1)), events.get(i + 1)))
    });
    pulldown_cmark::html::push_html(&mut html, kept.map(|(_, event)| event.clone()));
    let html_hash = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        html.hash(&mut hasher);
        hasher.finish()
    };
    (html, html_hash)
}

/// Emphasis that CommonMark leaves as literal asterisks in Chinese text, made emphasis.
///
/// Under CommonMark a closing `*` after punctuation must be followed by space or punctuation,
/// so `*……底气。*醴陵` and `**“外脑”**的` print their asterisks (Hugo and Zola show this).
/// Following the CJK-friendly amendment to CommonMark, an asterisk run that touches a Chinese
/// character or full-width punctuation may open when text follows it and close when text
/// precedes it; runs that do not touch CJK text keep the standard rules (pulldown-cmark
/// already applied them). pulldown-cmark's main branch has this as an option
/// (`ENABLE_CJK_FRIENDLY_EMPHASIS`); switch to it when a release carries it.
fn cjk_emphasis(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    fn flush<'a>(texts: &mut Vec<CowStr<'a>>, out: &mut Vec<Event<'a>>) {
        if texts.iter().any(|t| t.contains('*')) {
            let joined: String = texts.drain(..).map(|t| t.into_string()).collect();
            out.extend(pair_asterisks(&joined));
        } else {
            out.extend(texts.drain(..).map(Event::Text));
        }
    }
    let mut out = Vec::with_capacity(events.len());
    let mut texts: Vec<CowStr> = Vec::new();
    for event in events {
        match event {
            Event::Text(text) => texts.push(text),
            other => {
                flush(&mut texts, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut texts, &mut out);
    out
}

/// One run of `*`: where it is, and what it opens and closes once paired.
struct Run {
    start: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
    /// Delimiters (1 or 2) this run closes, innermost first.
    closes: Vec<usize>,
    /// Delimiters this run opens, outermost first.
    opens: Vec<usize>,
}

/// Pairs the asterisk runs of `text` that touch CJK text, as CommonMark pairs delimiters
/// (nearest opener first; two and two make strong, else one and one make emphasis).
fn pair_asterisks(text: &str) -> Vec<Event<'static>> {
    let mut runs = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '*' {
            continue;
        }
        let mut len = 1;
        while chars.next_if(|&(_, c)| c == '*').is_some() {
            len += 1;
        }
        let before = text[..start].chars().next_back();
        let after = text[start + len..].chars().next();
        let touches_cjk = before.is_some_and(is_wide) || after.is_some_and(is_wide);
        runs.push(Run {
            start,
            len,
            can_open: touches_cjk && after.is_some_and(|c| !c.is_whitespace()),
            can_close: touches_cjk && before.is_some_and(|c| !c.is_whitespace()),
            closes: Vec::new(),
            opens: Vec::new(),
        });
    }

    // Openers waiting for a closer: (run index, delimiters left).
    let mut openers: Vec<(usize, usize)> = Vec::new();
    for i in 0..runs.len() {
        let mut left = runs[i].len;
        if runs[i].can_close {
            while left > 0 {
                let Some(&(opener, available)) = openers.last() else {
                    break;
                };
                let n = if left >= 2 && available >= 2 { 2 } else { 1 };
                runs[opener].opens.insert(0, n);
                runs[i].closes.push(n);
                left -= n;
                if available == n {
                    openers.pop();
                } else if let Some(last) = openers.last_mut() {
                    last.1 = available - n;
                }
            }
        }
        if left > 0 && runs[i].can_open {
            openers.push((i, left));
        }
    }
    // Openers never closed stay literal: undo nothing, they opened nothing.

    let tag = |n: usize| if n == 2 { Tag::Strong } else { Tag::Emphasis };
    let tag_end = |n: usize| {
        if n == 2 {
            TagEnd::Strong
        } else {
            TagEnd::Emphasis
        }
    };
    let mut events = Vec::new();
    let mut at = 0;
    let mut literal = String::new();
    for run in &runs {
        literal.push_str(&text[at..run.start]);
        at = run.start + run.len;
        if run.closes.is_empty() && run.opens.is_empty() {
            literal.push_str(&text[run.start..at]);
            continue;
        }
        let used: usize = run.closes.iter().chain(&run.opens).sum();
        if !literal.is_empty() {
            events.push(Event::Text(CowStr::from(std::mem::take(&mut literal))));
        }
        events.extend(run.closes.iter().map(|&n| Event::End(tag_end(n))));
        literal.push_str(&"*".repeat(run.len - used));
        if !run.opens.is_empty() && !literal.is_empty() {
            events.push(Event::Text(CowStr::from(std::mem::take(&mut literal))));
        }
        events.extend(run.opens.iter().map(|&n| Event::Start(tag(n))));
    }
    literal.push_str(&text[at..]);
    if !literal.is_empty() {
        events.push(Event::Text(CowStr::from(literal)));
    }
    events
}

/// A line break inside a paragraph next to a Chinese character is no space (browsers would
/// show the newline as one), unless the other side is a Latin letter or digit, where a space
/// belongs. Between Latin words it stays. The seed's copy uses half-width `,` as a Chinese
/// comma, so punctuation of either width joins.
fn joins_without_space(before: Option<&Event>, after: Option<&Event>) -> bool {
    let last = match before {
        Some(Event::Text(text)) => text.chars().next_back(),
        _ => None,
    };
    let first = match after {
        Some(Event::Text(text)) => text.chars().next(),
        _ => None,
    };
    match (last, first) {
        (Some(a), Some(b)) => joins(a, b),
        _ => false,
    }
}

/// Whether a line break between `a` and `b` is no space (see [`joins_without_space`]).
fn joins(a: char, b: char) -> bool {
    (is_wide(a) && is_wide(b))
        || (is_cjk(a) && !b.is_ascii_alphanumeric())
        || (is_cjk(b) && !a.is_ascii_alphanumeric())
}

/// The lines of `text` (a front matter value written over several lines) made one, as a
/// paragraph of the text joins them: no space next to a Chinese character, one between Latin
/// words. Each line is trimmed.
pub fn join_lines(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for line in crate::front_matter::lines(text).map(str::trim) {
        if line.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (joined.chars().next_back(), line.chars().next())
            && !joins(a, b)
        {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    joined
}

/// Counts Han (and kana, hangul) characters one by one and runs of other letters or digits as
/// one word each: `2025年全市800余个` is 2025 + 年 + 全 + 市 + 800 + 余 + 个 = 7.
pub fn count_words(text: &str) -> usize {
    count(text).0
}

/// The word count of `text`, and how many of those words are CJK characters.
fn count(text: &str) -> (usize, usize) {
    let mut count = 0;
    let mut cjk = 0;
    let mut in_word = false;
    for c in text.chars() {
        // Cheap range checks first: `is_alphanumeric` searches Unicode tables for every Han
        // character, and this loop sees every character of every article.
        let letter = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else if is_cjk(c) {
            if is_cjk_letter(c) {
                count += 1;
                cjk += 1;
                in_word = false;
                continue;
            }
            // Full-width Latin letters and digits (２０２５) make words like their ASCII kin.
            is_full_width_latin(c)
        } else {
            c.is_alphanumeric()
        };
        if letter {
            if !in_word {
                count += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    (count, cjk)
}

/// The longest run of whole sentences of `text` within `limit` characters; the first sentence
/// cut with `…` when even that is longer; `text` itself when it fits.
pub fn excerpt(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut end = None;
    let mut chars = text.char_indices().peekable();
    let mut seen = 0;
    while let Some((i, c)) = chars.next() {
        seen += 1;
        if seen > limit {
            break;
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            // A closing quote or bracket right after the stop belongs to the sentence.
            let mut stop = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '”' | '’' | '」' | '』' | '）' | ')' | '】') && seen < limit
                {
                    stop = j + next.len_utf8();
                    seen += 1;
                    chars.next();
                } else {
                    break;
                }
            }
            end = Some(stop);
        }
    }
    match end {
        Some(end) => text[..end].to_owned(),
        None => text
            .chars()
            .take(limit.saturating_sub(1))
            .chain(['…'])
            .collect(),
    }
}

/// The plain text of a body, from the HTML that `render` made of it, as the reader sees it: in
/// pieces, one a line of the HTML (a line break separates words; inline tags join their
/// neighbours), with tags dropped and the character references `render` writes decoded. The
/// search index is made of it.
///
/// Made from the HTML when it is needed, not kept beside it by `render`: keeping every
/// article's text as well (one string each, from parsing to the search index) raised the
/// 10,000-article build's peak RSS from 98–101 to 124–127 MiB (+26%, measured side by side),
/// and the text is needed only once, by the search index, which has the HTML at hand (or has
/// it made again, as for the pages). Made this way, it gives exactly the tokens it always has.
pub fn plain_text(html: &str) -> impl Iterator<Item = Cow<'_, str>> {
    html.split('\n').map(|line| {
        let mut out = String::new();
        let mut rest = line;
        let mut plain = true;
        while let Some(start) = rest.find(['<', '&']) {
            plain = false;
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            if rest.starts_with('<') {
                match rest.find('>') {
                    Some(end) => rest = &rest[end + 1..],
                    None => rest = "",
                }
            } else {
                let (decoded, len) = reference(rest);
                out.push_str(decoded);
                rest = &rest[len..];
            }
        }
        if plain {
            Cow::Borrowed(line)
        } else {
            out.push_str(rest);
            Cow::Owned(out)
        }
    })
}

/// The character a reference at the start of `text` stands for, and its length; `&` itself
/// when it is not one the Markdown renderer writes.
fn reference(text: &str) -> (&'static str, usize) {
    for (name, c) in [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
    ] {
        if text.starts_with(name) {
            return (c, name.len());
        }
    }
    ("&", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headings_and_paragraphs() {
        let rendered = render("## 一、把握新要求\n\n做好新时代党的群众工作。\n");
        assert_eq!(
            rendered.html,
            "<h2>一、把握新要求</h2>\n<p>做好新时代党的群众工作。</p>\n"
        );
    }

    #[test]
    fn a_line_break_between_chinese_characters_is_not_a_space() {
        let rendered = render("株洲推行的“一把手走流程”,让领导干\n部以普通群众身份体验办事难。\n");
        assert_eq!(
            rendered.html,
            "<p>株洲推行的“一把手走流程”,让领导干部以普通群众身份体验办事难。</p>\n"
        );
    }

    #[test]
    fn a_line_break_after_half_width_punctuation_in_chinese_text_is_not_a_space() {
        let rendered =
            render("年画福碗、抽茶茶具等新品层出不穷,\n让艺术瓷从博物馆走向日常生活。\n");
        assert_eq!(
            rendered.html,
            "<p>年画福碗、抽茶茶具等新品层出不穷,让艺术瓷从博物馆走向日常生活。</p>\n"
        );
    }

    #[test]
    fn emphasis_beside_full_width_punctuation_works() {
        // From the seed page: a closing `*` after 。 and before 醴陵.
        assert_eq!(
            render("盲盒杯的成功,*本质是情绪价值与文化表达的精准契合。*醴陵并非单一企业突围\n")
                .html,
            "<p>盲盒杯的成功,<em>本质是情绪价值与文化表达的精准契合。</em>醴陵并非单一企业突围</p>\n"
        );
        assert_eq!(
            render("外部董事就是国企董事会里的**“鲇鱼”**。搅动起来\n").html,
            "<p>外部董事就是国企董事会里的<strong>“鲇鱼”</strong>。搅动起来</p>\n"
        );
        assert_eq!(
            render("让**“外脑”**的作用\n").html,
            "<p>让<strong>“外脑”</strong>的作用</p>\n"
        );
        assert_eq!(
            render("***“外脑”***的\n").html,
            "<p><em><strong>“外脑”</strong></em>的</p>\n"
        );
    }

    #[test]
    fn asterisks_away_from_chinese_keep_the_standard_rules() {
        assert_eq!(render("2 * 3 * 4\n").html, "<p>2 * 3 * 4</p>\n");
        assert_eq!(render("a *b* c\n").html, "<p>a <em>b</em> c</p>\n");
        assert_eq!(render("一个 * 号\n").html, "<p>一个 * 号</p>\n");
        assert_eq!(render("只有一个*星号\n").html, "<p>只有一个*星号</p>\n");
        assert_eq!(
            render("**未闭合的“强调”\n").html,
            "<p>**未闭合的“强调”</p>\n"
        );
    }

    #[test]
    fn a_line_break_between_latin_words_stays() {
        assert_eq!(render("plain\ntext\n").html, "<p>plain\ntext</p>\n");
        assert_eq!(
            render("ZZSK2025126\n课题\n").html,
            "<p>ZZSK2025126\n课题</p>\n"
        );
    }

    #[test]
    fn escapes_special_characters_in_text() {
        assert_eq!(render("1 < 2 & 3\n").html, "<p>1 &lt; 2 &amp; 3</p>\n");
    }

    #[test]
    fn counts_han_characters_one_by_one_and_latin_by_words() {
        assert_eq!(count_words("2025年全市800余个"), 7);
        assert_eq!(count_words("群众工作"), 4);
        assert_eq!(count_words("the quick fox"), 3);
        assert_eq!(count_words("“外脑”激活,国企。"), 6);
        assert_eq!(count_words("２０２５年"), 2);
        assert_eq!(render("# 标题\n\n正文 text\n").digest.word_count, 5);
        assert_eq!(render("# 标题\n\n正文 text\n").digest.cjk_count, 4);
    }

    #[test]
    fn joins_lines_as_a_paragraph_does() {
        assert_eq!(
            join_lines("调查显示，\n  多数受访者 \r\nsupport the plan\rin 2026。\n"),
            "调查显示，多数受访者 support the plan in 2026。"
        );
        assert_eq!(join_lines("一行"), "一行");
    }

    #[test]
    fn excerpts_end_at_a_sentence_boundary() {
        let text = "第一句话。第二句话！第三句话还没有结束";
        assert_eq!(excerpt(text, 12), "第一句话。第二句话！");
        assert_eq!(excerpt(text, 100), text);
        assert_eq!(excerpt("一个很长很长的句子没有句号", 5), "一个很长…");
        assert_eq!(excerpt("他说:“好。”然后走了很远很远。", 8), "他说:“好。”");
    }

    #[test]
    fn the_excerpt_is_the_first_paragraph() {
        let rendered = render("## 标题\n\n第一段。\n\n第二段。\n");
        assert_eq!(rendered.digest.excerpt, "第一段。");
    }

    #[test]
    fn html_loses_its_tags_and_keeps_its_text() {
        let html = "<p>底气。<em>醴陵</em>的 &amp; A&lt;B</p>\n<h2>二</h2>\n";
        let text: Vec<_> = plain_text(html).collect();
        assert_eq!(text, ["底气。醴陵的 & A<B", "二", ""]);
    }
}

/// A link or picture written in an article's Markdown: where it points, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLink {
    pub dest: String,
    /// The byte offset in the Markdown of the text that makes it (`[…](…)`, `![…](…)`,
    /// `<…>`).
    pub offset: usize,
    pub picture: bool,
}

/// The pieces of plain text of `markdown` (not its markup, link addresses or code), each with
/// the byte offset where it starts, in order.
pub fn text_pieces(markdown: &str) -> Vec<(usize, String)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Text(text) => Some((range.start, text.into_string())),
            _ => None,
        })
        .collect()
}

/// The links and pictures of `markdown`, in order, read as [`render`] reads the text.
pub fn links(markdown: &str) -> Vec<WrittenLink> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(WrittenLink {
                dest: dest_url.into_string(),
                offset: range.start,
                picture: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => Some(WrittenLink {
                dest: dest_url.into_string(),
                offset: range.start,
                picture: true,
            }),
            _ => None,
        })
        .collect()
}
