//! Metadata inference and the marking of non-reporting text.
//!
//! Every format loader produces a [`RawArticle`] (whatever fields the file
//! gave, plus the body text); [`build_article`] turns it into an [`Article`]:
//! it strips leading metadata lines, splits paragraphs, marks headlines,
//! subheads, related links, footers and e-mail debris, and fills title,
//! outlet and date where the file gave none. The rules look at the shape of
//! the text (line length, punctuation, footer phrases), never at particular
//! outlets or stories.

use super::{Article, Mark, MarkKind, Provenance, SourceFormat, Sources, Span, count_words};
use jiff::civil::Date;
use regex::Regex;
use std::path::PathBuf;
use std::sync::LazyLock;

/// What a format loader read from a file, before inference.
#[derive(Clone, Debug, Default)]
pub struct RawArticle {
    pub id: Option<String>,
    pub path: Option<PathBuf>,
    pub record: Option<usize>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub body: String,
    /// Paragraphs are blank-line separated blocks (Markdown), not lines.
    pub markdown: bool,
    /// Provenance of the metadata fields that are set (File or Sidecar).
    pub provenance: Provenance,
    /// The format the article was read from.
    pub format: SourceFormat,
    /// Last update (`dateModified`, `updated`, `versionCreated`), unparsed.
    pub updated: Option<String>,
    /// The item's GUID (feeds, wire formats).
    pub guid: Option<String>,
    /// The item's version number (wire formats).
    pub version: Option<u32>,
}

/// Titles inferred from a first sentence are cut to about this many characters.
const TITLE_MAX_CHARS: usize = 90;

/// Builds an [`Article`] from what a loader read, inferring what is missing.
/// The id is left as given (or empty); the loader makes ids unique.
pub fn build_article(raw: RawArticle) -> Article {
    let given = raw.provenance;
    let mut raw = raw;
    let mut body = normalise_newlines(std::mem::take(&mut raw.body));
    let mut published = raw.published.as_deref().and_then(parse_date_loose);
    let mut sources = Sources {
        title: if raw.title.is_some() {
            given
        } else {
            Provenance::None
        },
        outlet: if raw.outlet.is_some() {
            given
        } else {
            Provenance::None
        },
        published: if published.is_some() {
            given
        } else {
            Provenance::None
        },
    };

    // Leading metadata: a date line ("date 2023-06-12 …") leaves the body.
    if let Some((date, rest_at)) = leading_date(&body) {
        if published.is_none() {
            published = Some(date);
            sources.published = Provenance::Inferred;
        }
        body.replace_range(..rest_at, "");
    }
    let body = trim_body(body);

    let mut paragraphs = split_paragraphs(&body, raw.markdown);
    let mut marks = Vec::new();
    let mut title = raw.title.clone().map(|t| collapse_spaces(&t));
    // The headline glued to the lead with no line break ("Seven killed as
    // tram derails … bend At least seven people were killed when …", as
    // scraped text often has it): a paragraph of its own, so that it is
    // marked below and no sentence runs across it.
    if let (Some(&first), Some(t)) = (paragraphs.first(), title.as_deref())
        && let Some(end) = title_prefix(&body[first.start..first.end], t)
    {
        let rest = Span::new(first.start + end, first.end);
        if let Some(rest) = trim_span(&body, rest) {
            paragraphs[0] = Span::new(first.start, first.start + end);
            paragraphs.insert(1, rest);
        }
    }
    let mut authors = raw.authors.clone();

    // Headline: a short first paragraph without final punctuation.
    let mut first_reporting = 0;
    if let Some(&first) = paragraphs.first() {
        let text = strip_md_heading(&body[first.start..first.end]);
        let repeats_title = title
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case(&collapse_spaces(text.trim())));
        if paragraphs.len() > 1 && (repeats_title || (title.is_none() && is_headline_like(text))) {
            marks.push(Mark {
                span: first,
                kind: MarkKind::Headline,
            });
            if title.is_none() {
                title = Some(collapse_spaces(text));
                sources.title = Provenance::Inferred;
            }
            first_reporting = 1;
        }
    }
    // Byline: "By Jane Doe" right after the headline (or first).
    if let Some(&p) = paragraphs.get(first_reporting)
        && let Some(names) = parse_byline(&body[p.start..p.end])
    {
        marks.push(Mark {
            span: p,
            kind: MarkKind::Byline,
        });
        if authors.is_empty() {
            authors = names;
        }
        first_reporting += 1;
    }

    // Footer: promo, copyright, social and credit lines at the end.
    let mut footer_from = paragraphs.len();
    let tail_start = paragraphs.len().saturating_sub(4).max(first_reporting);
    for (i, p) in paragraphs.iter().enumerate().skip(tail_start) {
        if is_footer(&body[p.start..p.end]) {
            footer_from = i;
            break;
        }
    }
    let mut footer_outlet = None;
    for p in &paragraphs[footer_from..] {
        let text = &body[p.start..p.end];
        if footer_outlet.is_none() {
            footer_outlet = outlet_from_footer(text);
        }
        marks.push(Mark {
            span: *p,
            kind: MarkKind::Footer,
        });
    }

    // Related links and subheads inside the body.
    let last_body_para = footer_from;
    for (i, p) in paragraphs
        .iter()
        .enumerate()
        .take(last_body_para)
        .skip(first_reporting)
    {
        let text = &body[p.start..p.end];
        if is_related_link(text) {
            marks.push(Mark {
                span: *p,
                kind: MarkKind::Related,
            });
        } else if (i + 1 < last_body_para || raw.markdown && is_md_heading(text))
            && (is_md_heading(text) || is_subhead_like(text))
        {
            marks.push(Mark {
                span: *p,
                kind: MarkKind::Subhead,
            });
        }
    }

    // E-mail debris anywhere outside other marks.
    for m in EMAIL_DEBRIS.find_iter(&body) {
        let span = Span::new(m.start(), m.end());
        if !marks.iter().any(|mk| mk.span.overlaps(span)) {
            marks.push(Mark {
                span,
                kind: MarkKind::EmailDebris,
            });
        }
    }
    marks.sort_by_key(|m| (m.span.start, m.span.end));

    // Outlet: footer first, then the URL's domain.
    let mut outlet = raw
        .outlet
        .as_deref()
        .map(collapse_spaces)
        .filter(|s| !s.is_empty());
    if outlet.is_none() {
        if let Some(o) = footer_outlet {
            outlet = Some(o);
            sources.outlet = Provenance::Inferred;
        } else if let Some(d) = raw.url.as_deref().and_then(domain_of) {
            outlet = Some(d);
            sources.outlet = Provenance::Inferred;
        }
    }
    if published.is_none()
        && let Some(d) = raw.url.as_deref().and_then(date_from_url)
    {
        published = Some(d);
        sources.published = Provenance::Inferred;
    }

    // Title: else the first sentence of the first reporting paragraph.
    let title = match title.filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            let first_text = paragraphs
                .iter()
                .find(|p| !marks.iter().any(|m| m.span.contains(**p)))
                .map(|p| &body[p.start..p.end])
                .unwrap_or("");
            let t = shorten(
                &collapse_spaces(first_sentence(first_text)),
                TITLE_MAX_CHARS,
            );
            if !t.is_empty() {
                sources.title = Provenance::Inferred;
            }
            t
        }
    };

    let text_date = text_date_after(&body, published);
    Article {
        id: raw.id.unwrap_or_default(),
        path: raw.path,
        record: raw.record,
        title,
        outlet,
        published,
        url: raw.url.filter(|u| !u.trim().is_empty()),
        authors,
        body: body.into(),
        paragraphs,
        marks,
        word_count: std::sync::OnceLock::new(),
        sources,
        format: raw.format,
        updated: raw.updated.as_deref().and_then(parse_date_loose),
        guid: raw.guid.filter(|g| !g.trim().is_empty()),
        version: raw.version,
        version_of: None,
        text_date,
    }
}

/// A social-media post embedded in an article, with its date: "— Jane Doe
/// (@jdoe) November 8, 2016", "A photo posted by Jane (@jdoe) on Nov 9,
/// 2016 at 1:57am PST".
static EMBEDDED_POST_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\(@[A-Za-z0-9_]{1,30}\)\s{1,3}(?:on\s+)?([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s+(\d{4})\b",
    )
    .unwrap()
});

/// The latest date of a post the body embeds, when it is more than a day
/// after `published` (a day of slack for time zones); see
/// [`Article::text_date`].
fn text_date_after(body: &str, published: Option<Date>) -> Option<Date> {
    let published = published?;
    let latest = EMBEDDED_POST_DATE
        .captures_iter(body)
        .filter_map(|c| {
            let month = month_number(&c[1])?;
            Date::new(c[3].parse().ok()?, month, c[2].parse().ok()?).ok()
        })
        .max()?;
    (latest > published.checked_add(jiff::Span::new().days(1)).ok()?).then_some(latest)
}

/// CRLF and lone CR line ends become LF; a byte-order mark is dropped.
/// Text that needs neither is kept as it is, without a copy.
fn normalise_newlines(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.replace_range(..'\u{feff}'.len_utf8(), "");
    }
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn trim_body(body: String) -> String {
    let trimmed = body.trim();
    if trimmed.len() == body.len() {
        body
    } else {
        trimmed.to_string()
    }
}

/// Collapses internal whitespace runs (including newlines) to one space.
pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*
        (?:(?:date|dated|published|posted|updated)(?:\s+on)?\s*:?\s*)?
        (?P<date>\d{4}-\d{2}-\d{2}
           |(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}
           |\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})
        (?:[T\ ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?
        (?P<end>\s+|$)",
    )
    .unwrap()
});

/// A date at the very start of the text, on its own line or before the first
/// sentence ("date 2023-06-12 A ferry …"). Returns the date and the byte
/// offset where the rest of the text starts. A bare date must be labelled or
/// stand on its own line, so a first sentence that opens with a date is kept.
fn leading_date(text: &str) -> Option<(Date, usize)> {
    let caps = DATE_LINE.captures(text)?;
    let whole = caps.get(0)?;
    let date_text = caps.name("date")?.as_str();
    let labelled = !text[..caps.name("date")?.start()].trim().is_empty();
    let own_line = caps.name("end")?.as_str().contains('\n') || whole.end() == text.len();
    if !labelled && !own_line {
        return None;
    }
    Some((parse_date_loose(date_text)?, whole.end()))
}

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})").unwrap());
static MDY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?-u:\b)")
        .unwrap()
});
static DMY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})(?-u:\b)")
        .unwrap()
});

/// English month names, lowercase, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number of an English month name or abbreviation.
pub fn month_number(name: &str) -> Option<i8> {
    let n = name.to_ascii_lowercase();
    MONTH_NAMES
        .iter()
        .position(|m| {
            n == *m || (n.len() >= 3 && m.starts_with(&n)) || (n == "sept" && *m == "september")
        })
        .map(|i| i as i8 + 1)
}

/// Parses the dates metadata usually holds: ISO 8601 (with or without time),
/// "June 12, 2023", "12 Jun 2023", RFC 2822 ("Mon, 12 Jun 2023 10:00:00 +0000").
pub fn parse_date_loose(text: &str) -> Option<Date> {
    if let Some(c) = ISO_DATE.captures(text) {
        return Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).ok();
    }
    if let Some(c) = MDY_DATE.captures(text)
        && let Some(m) = month_number(&c[1])
    {
        return Date::new(c[3].parse().ok()?, m, c[2].parse().ok()?).ok();
    }
    if let Some(c) = DMY_DATE.captures(text)
        && let Some(m) = month_number(&c[2])
    {
        return Date::new(c[3].parse().ok()?, m, c[1].parse().ok()?).ok();
    }
    None
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)").unwrap()
});

/// A publication date written into a URL path ("/2016/09/20/…").
fn date_from_url(url: &str) -> Option<Date> {
    let c = URL_DATE.captures(url)?;
    Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).ok()
}

/// The host of a URL without "www.", as a stand-in outlet name.
fn domain_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.is_empty()).then(|| host.to_string())
}

/// Splits the body into paragraph spans. Markdown and hard-wrapped text use
/// blank-line blocks; other text uses one paragraph per non-blank line.
/// The byte length of `title` at the start of `text` when more text
/// follows it in the same paragraph: letters compared without case, any
/// run of spaces matching any other. `None` when the text does not begin
/// with the title, when the title is under three words, or when what
/// follows is not the start of a sentence (a capital, a digit or a quote).
fn title_prefix(text: &str, title: &str) -> Option<usize> {
    if title.split_whitespace().count() < 3 {
        return None;
    }
    let mut body = text.char_indices().peekable();
    let mut want = title.trim().chars().peekable();
    while let Some(c) = want.next() {
        if c.is_whitespace() {
            while want.next_if(|c| c.is_whitespace()).is_some() {}
            // at least one space in the text too
            body.next_if(|(_, b)| b.is_whitespace())?;
            while body.next_if(|(_, b)| b.is_whitespace()).is_some() {}
            continue;
        }
        let (_, b) = body.next()?;
        if !c.to_lowercase().eq(b.to_lowercase()) {
            return None;
        }
    }
    let (end, gap) = body.next()?;
    if !gap.is_whitespace() {
        return None;
    }
    let next = text[end..].trim_start().chars().next()?;
    (next.is_uppercase() || next.is_ascii_digit() || "\"“‘'(".contains(next)).then_some(end)
}

pub(crate) fn split_paragraphs(body: &str, markdown: bool) -> Vec<Span> {
    let lines = line_spans(body);
    let blocks = markdown || looks_hard_wrapped(body, &lines);
    let mut out = Vec::new();
    if !blocks {
        for l in lines {
            if let Some(s) = trim_span(body, l) {
                out.push(s);
            }
        }
        return out;
    }
    let mut current: Option<Span> = None;
    for l in lines {
        let text = &body[l.start..l.end];
        if text.trim().is_empty() {
            if let Some(c) = current.take() {
                out.extend(trim_span(body, c));
            }
            continue;
        }
        // Markdown headings are paragraphs of their own.
        if markdown && is_md_heading(text.trim_start()) {
            if let Some(c) = current.take() {
                out.extend(trim_span(body, c));
            }
            out.extend(trim_span(body, l));
            continue;
        }
        current = Some(match current {
            Some(c) => Span::new(c.start, l.end),
            None => l,
        });
    }
    if let Some(c) = current {
        out.extend(trim_span(body, c));
    }
    out
}

fn line_spans(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', body.as_bytes()) {
        out.push(Span::new(start, i));
        start = i + 1;
    }
    if start < body.len() {
        out.push(Span::new(start, body.len()));
    }
    out
}

/// True for text wrapped at a fixed width: blank-line separated blocks of
/// several lines each, no line longer than 100 characters.
fn looks_hard_wrapped(body: &str, lines: &[Span]) -> bool {
    if !body.contains("\n\n") {
        return false;
    }
    let mut multi_line_blocks = 0;
    let mut run = 0;
    for l in lines {
        let text = &body[l.start..l.end];
        if text.trim().is_empty() {
            if run > 1 {
                multi_line_blocks += 1;
            }
            run = 0;
        } else {
            if text.len() > 100 && text.chars().nth(100).is_some() {
                return false;
            }
            run += 1;
        }
    }
    if run > 1 {
        multi_line_blocks += 1;
    }
    multi_line_blocks >= 1
}

fn trim_span(body: &str, s: Span) -> Option<Span> {
    let text = &body[s.start..s.end];
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    (lead + trail < text.len()).then(|| Span::new(s.start + lead, s.end - trail))
}

fn is_md_heading(text: &str) -> bool {
    let t = text.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
}

fn strip_md_heading(text: &str) -> &str {
    if is_md_heading(text) {
        text.trim_start().trim_start_matches('#').trim()
    } else {
        text
    }
}

const CLOSERS: &[char] = &['"', '\'', '’', '”', '»', ')', ']', '*', '_'];

/// The last character that matters for "does this end like a sentence",
/// looking through closing quotes and brackets.
fn final_punctuation(text: &str) -> Option<char> {
    let t = text.trim_end();
    let stripped = t.trim_end_matches(CLOSERS);
    let c = stripped.chars().next_back()?;
    matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | ',' | '—' | '–').then_some(c)
}

fn starts_with_capital_or_digit(text: &str) -> bool {
    text.trim_start_matches(['‘', '\'', '"', '“', '*', '_', '#', ' '])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A headline: one short line, capitalised, without final punctuation.
fn is_headline_like(text: &str) -> bool {
    !text.contains('\n')
        && text.chars().count() <= 160
        && count_words(text) <= 25
        && count_words(text) >= 2
        && final_punctuation(text).is_none()
        && starts_with_capital_or_digit(text)
}

/// A subhead inside the body: a short capitalised line without final
/// punctuation that is not a quotation.
fn is_subhead_like(text: &str) -> bool {
    // cheap tests first: this runs on every paragraph of every article
    text.len() <= 4 * 90
        && final_punctuation(text).is_none()
        && !text.contains('\n')
        && text.chars().count() <= 90
        && (1..=12).contains(&count_words(text))
        && !text.trim_start().starts_with(['"', '“', '«'])
        && starts_with_capital_or_digit(text)
}

static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W{0,3}(?:also\s+read|read\s+also|read\s+more|read|related(?:\s+stories|\s+articles?)?|see\s+also|recommended|suggested|must\s+read|don['’]t\s+miss|watch|listen|more\s+from\s+\w+)\s*[:|–—-]\s*\S",
    )
    .unwrap()
});

fn is_related_link(text: &str) -> bool {
    !text.contains('\n') && RELATED.is_match(text.trim_start())
}

// Word boundaries in these patterns are ASCII ones, `(?-u:\b)`: a Unicode
// `\b` stops the regex crate's fast DFA on any non-ASCII text and costs 10×.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        allows\s+guest\s+blogging
        |^\s*(?:©|\(c\)\s|copyright(?-u:\b))
        |all\s+rights\s+reserved
        |^\s*follow\s+\S+(?:\s+\S+){0,4}\s+on\s+(?:twitter|facebook|instagram|x|linkedin|tiktok|youtube|telegram|whatsapp|google\s+news|threads|bluesky)(?-u:\b)
        |^\s*(?:subscribe|sign\s+up)\s+(?:to|for)\s
        |(?:originally|first)\s+(?:appeared|published)\s+(?:on|in|by|at)\s
        |^\s*\((?:additional\s+)?(?:reporting|writing|editing)\s+by\s
        |drop\s+us\s+an\s+e-?mail
        |send\s+us\s+(?:a|your)\s+(?:tip|story|news)
        |^\s*(?:have|got)\s+a\s+(?:news\s+)?tip
        |^\s*click\s+here(?-u:\b)
        |^\s*download\s+(?:the|our)\s+app
        |^\s*join\s+our\s+(?:whatsapp|telegram|newsletter|mailing)
        ",
    )
    .unwrap()
});

fn is_footer(text: &str) -> bool {
    FOOTER.is_match(text)
}

/// A run of capitalised words (with inner "of", "and", "&"), as outlets are named.
const NAME: &str = r"(?:[Tt]he\s+)?[\p{Lu}\d](?:[\p{L}\d&'’-]|\.[\p{L}\d])*(?:\s+(?:of\s+|and\s+|&\s+)?[\p{Lu}\d](?:[\p{L}\d&'’-]|\.[\p{L}\d])*){0,5}";

static OUTLET_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"^\s*(?P<o>{NAME})\s+allows\s+guest\s+blogging"),
        format!(
            r"(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*,?\s*)?(?P<o>{NAME})"
        ),
        format!(r"^\s*(?i:follow)\s+(?P<o>{NAME})\s+on\s"),
        format!(r"(?i:originally|first)\s+(?i:appeared|published)\s+(?i:on|in|by|at)\s+(?P<o>{NAME})"),
        format!(r"^\s*(?i:subscribe|sign\s+up)\s+(?i:to|for)\s+(?P<o>{NAME})(?:'s|’s)?\s+(?i:newsletter)"),
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap())
    .collect()
});

/// The outlet a footer names, if it names one.
fn outlet_from_footer(text: &str) -> Option<String> {
    for re in OUTLET_PATTERNS.iter() {
        if let Some(c) = re.captures(text) {
            let name = c["o"].trim_end_matches(['.', '\'', '’', '-']).trim();
            // "sign up for the Island Voice newsletter": a lower-case article is not part of the name
            let name = name.strip_prefix("the ").unwrap_or(name);
            let lower = name.to_lowercase();
            let generic = ["us", "the", "all", "all rights reserved", "our"];
            if name.chars().count() >= 2 && !generic.contains(&lower.as_str()) {
                return Some(collapse_spaces(name));
            }
        }
    }
    None
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})*)\s*$")
        .unwrap()
});

fn parse_byline(text: &str) -> Option<Vec<String>> {
    let c = BYLINE.captures(text.trim())?;
    let names = c[1]
        .split([',', '&'])
        .flat_map(|s| s.split(" and "))
        .map(collapse_spaces)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    (!names.is_empty()).then_some(names)
}

static EMAIL_DEBRIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\[email(?:\s|&#160;|&nbsp;|\u{a0})*protected\]|/cdn-cgi/l/email-protection#[0-9a-f]+",
    )
    .unwrap()
});

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m",
    "p.m",
];

/// The first sentence of a paragraph (a light rule: a full stop, question or
/// exclamation mark followed by a space and a capital, not after a known
/// abbreviation or an initial). Used only to make a title.
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')') {
            j += 1;
        }
        let rest = &text[j..];
        if !rest.starts_with(' ') {
            continue;
        }
        let next = rest.trim_start().chars().next();
        if !next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"“‘'".contains(n))
        {
            continue;
        }
        let word = text[..i]
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_start_matches(['(', '"', '“'])
            .to_lowercase();
        if c == '.' && (word.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str())) {
            continue;
        }
        return &text[..j];
    }
    text
}

/// Cuts text to at most `max` characters at a word boundary, adding "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    let mut out = cut[..at]
        .trim_end_matches([',', ';', ':', ' ', '—', '–'])
        .to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &str) -> Article {
        build_article(RawArticle {
            body: body.into(),
            ..Default::default()
        })
    }

    fn marked(a: &Article, kind: MarkKind) -> Vec<&str> {
        a.marks
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| a.text(m.span))
            .collect()
    }

    #[test]
    fn leading_date_line_sets_date_and_leaves_body() {
        let a = article(
            " date 2023-06-12 A ferry ran aground, the coastguard said Sunday.\n\nMore text here.",
        );
        assert_eq!(a.published, Some(jiff::civil::date(2023, 6, 12)));
        assert_eq!(a.sources.published, Provenance::Inferred);
        assert!(a.body.starts_with("A ferry"));
    }

    #[test]
    fn a_post_embedded_after_the_given_date_dates_the_text() {
        let dated = |published: &str, body: &str| {
            build_article(RawArticle {
                body: body.into(),
                published: Some(published.into()),
                ..Default::default()
            })
        };
        let body = "Consumers called the move obscene. Typical cost cutting. -- Angela Night \
                    (@Angelheartnight) November 8, 2016 A photo posted by Jane (@jdoe) on \
                    Nov 9, 2016 at 1:57am PST The company said more.";
        // the file says February; the text quotes posts of 8 and 9 November
        let a = dated("2016-02-08", body);
        assert_eq!(a.published, Some(jiff::civil::date(2016, 2, 8)));
        assert_eq!(a.text_date, Some(jiff::civil::date(2016, 11, 9)));
        assert_eq!(a.dated(), Some(jiff::civil::date(2016, 11, 9)));
        // a post of the day after (another time zone) says nothing
        let b = dated("2016-11-08", body);
        assert_eq!(b.text_date, None);
        assert_eq!(b.dated(), Some(jiff::civil::date(2016, 11, 8)));
        // nor does a date that is not a post's ("the hearing on March 3, 2017")
        let c = dated(
            "2016-11-08",
            "The hearing is set for March 3, 2017, the court said.",
        );
        assert_eq!(c.text_date, None);
    }

    #[test]
    fn bare_date_opening_a_sentence_is_kept() {
        let a = article("2023-06-12 was the day the strike began.\nSecond line.");
        assert_eq!(a.published, None);
        assert!(a.body.starts_with("2023-06-12 was"));
    }

    #[test]
    fn dated_line_variants() {
        let a = article("Published: March 3, 2024\nThe council voted on Tuesday.");
        assert_eq!(a.published, Some(jiff::civil::date(2024, 3, 3)));
        assert!(a.body.starts_with("The council"));
        let b = article("12 January 2023\nThe council voted on Tuesday.");
        assert_eq!(b.published, Some(jiff::civil::date(2023, 1, 12)));
    }

    #[test]
    fn footer_names_outlet_and_is_boilerplate() {
        let a = article(
            "A storm hit the coast on Monday.\nThe river rose two metres.\nCoastal Herald allows guest blogging, send us your stories at [email protected]",
        );
        assert_eq!(a.outlet.as_deref(), Some("Coastal Herald"));
        assert_eq!(a.sources.outlet, Provenance::Inferred);
        assert_eq!(marked(&a, MarkKind::Footer).len(), 1);
        // the e-mail debris inside the footer is covered by the footer mark
        assert!(marked(&a, MarkKind::EmailDebris).is_empty());
    }

    #[test]
    fn copyright_and_follow_footers() {
        let a = article(
            "The mayor resigned.\nShe gave no reason.\n© 2024 The Valley Gazette. All rights reserved.",
        );
        assert_eq!(a.outlet.as_deref(), Some("The Valley Gazette"));
        let b = article(
            "The mayor resigned.\nShe gave no reason.\nFollow Metro Daily on Twitter for more.",
        );
        assert_eq!(b.outlet.as_deref(), Some("Metro Daily"));
        let c = article("The mayor resigned.\nShe gave no reason.\nFollow us on Facebook.");
        assert_eq!(c.outlet, None);
        assert_eq!(marked(&c, MarkKind::Footer), vec!["Follow us on Facebook."]);
    }

    #[test]
    fn outlet_falls_back_to_url_domain_and_date_to_url_path() {
        let a = build_article(RawArticle {
            body: "Text of the story.".into(),
            url: Some("https://www.example-news.com/2016/09/20/world/story.html".into()),
            ..Default::default()
        });
        assert_eq!(a.outlet.as_deref(), Some("example-news.com"));
        assert_eq!(a.published, Some(jiff::civil::date(2016, 9, 20)));
    }

    #[test]
    fn headline_first_line_becomes_title() {
        let a = article(
            "Flooding closes bridge\nThe bridge was closed on Monday after the river rose.",
        );
        assert_eq!(a.title, "Flooding closes bridge");
        assert_eq!(
            marked(&a, MarkKind::Headline),
            vec!["Flooding closes bridge"]
        );
    }

    #[test]
    fn title_from_first_sentence_is_shortened() {
        let a = article(
            "The regional council of the northern province voted on Tuesday night to close three schools and merge two others after a long debate. Parents protested.",
        );
        assert!(a.title.ends_with('…'), "{}", a.title);
        assert!(a.title.chars().count() <= TITLE_MAX_CHARS + 1);
        let b = article("Mr. Smith left. He returned.");
        assert_eq!(b.title, "Mr. Smith left.");
    }

    #[test]
    fn subheads_and_related_links_are_marked() {
        let a = article(
            "The vote was held on Tuesday.\nA second round follows.\nWhat happens next\nThe count starts at noon.\nREAD: Another story about votes [PHOTOS]\nIt ends at six.",
        );
        assert_eq!(marked(&a, MarkKind::Subhead), vec!["What happens next"]);
        assert_eq!(
            marked(&a, MarkKind::Related),
            vec!["READ: Another story about votes [PHOTOS]"]
        );
    }

    #[test]
    fn subhead_ending_in_closing_quote_without_stop() {
        let a = article("First sentence here.\nUnion leader ‘Red Ken’\nMore text follows here.");
        assert_eq!(
            marked(&a, MarkKind::Subhead),
            vec!["Union leader ‘Red Ken’"]
        );
        let b = article("First sentence here.\n“We will stay,” she said.\nMore text.");
        assert!(marked(&b, MarkKind::Subhead).is_empty());
    }

    #[test]
    fn email_debris_in_body() {
        let a = article("Write to [email protected] for details.\nSecond paragraph here.");
        assert_eq!(marked(&a, MarkKind::EmailDebris), vec!["[email protected]"]);
    }

    #[test]
    fn byline_gives_authors() {
        let a = article("Bridge closes\nBy Ana Lima and John O'Neil\nThe bridge closed on Monday.");
        assert_eq!(a.authors, vec!["Ana Lima", "John O'Neil"]);
        assert_eq!(marked(&a, MarkKind::Byline).len(), 1);
    }

    #[test]
    fn hard_wrapped_text_joins_lines_into_paragraphs() {
        let body = "The council met on Tuesday to discuss\nthe budget for next year.\n\nMembers voted to cut\nspending by ten percent.";
        let a = article(body);
        assert_eq!(a.paragraphs.len(), 2);
        assert!(a.text(a.paragraphs[0]).ends_with("next year."));
    }

    #[test]
    fn crlf_is_normalised() {
        let a = article("One line.\r\nTwo line.\r\n");
        assert_eq!(a.body, "One line.\nTwo line.");
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn parse_dates() {
        let d = jiff::civil::date(2023, 6, 12);
        assert_eq!(parse_date_loose("2023-06-12T10:00:00Z"), Some(d));
        assert_eq!(parse_date_loose("2023-06-12 00:00:00"), Some(d));
        assert_eq!(parse_date_loose("June 12, 2023"), Some(d));
        assert_eq!(parse_date_loose("Mon, 12 Jun 2023 10:00:00 +0000"), Some(d));
        assert_eq!(parse_date_loose("soon"), None);
        assert_eq!(parse_date_loose("2025-02-30"), None);
    }

    #[test]
    fn shorten_cuts_at_word() {
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(shorten("short", 10), "short");
    }

    #[test]
    fn a_title_glued_to_the_lead_is_a_headline_of_its_own() {
        let a = build_article(RawArticle {
            title: Some("Seven hurt as  bus overturns on bend".into()),
            provenance: Provenance::File,
            body: "Seven hurt as bus overturns ON BEND At least seven people were hurt when a bus overturned.\nThe driver was arrested."
                .into(),
            ..Default::default()
        });
        assert_eq!(
            marked(&a, MarkKind::Headline),
            vec!["Seven hurt as bus overturns ON BEND"]
        );
        assert_eq!(
            &a.body[a.paragraphs[1].start..a.paragraphs[1].end],
            "At least seven people were hurt when a bus overturned."
        );
        // a lead that only begins like the title, or goes on in lower case,
        // is left whole
        for body in [
            "Seven hurt as bus overturns nearby on Monday.\nMore.",
            "Seven hurt as bus overturns on bend and rolls.\nMore.",
        ] {
            let b = build_article(RawArticle {
                title: Some("Seven hurt as bus overturns on bend".into()),
                provenance: Provenance::File,
                body: body.into(),
                ..Default::default()
            });
            assert!(marked(&b, MarkKind::Headline).is_empty(), "{body}");
            assert_eq!(b.paragraphs.len(), 2, "{body}");
        }
    }

    #[test]
    fn metadata_title_repeated_in_body_is_marked() {
        let a = build_article(RawArticle {
            title: Some("Bridge closes".into()),
            provenance: Provenance::File,
            body: "Bridge closes\nThe bridge closed.".into(),
            ..Default::default()
        });
        assert_eq!(a.sources.title, Provenance::File);
        assert_eq!(marked(&a, MarkKind::Headline), vec!["Bridge closes"]);
    }
}
