//! The corpus: reading files into [`Article`]s.
//!
//! This module owns everything about getting articles off disk: the formats
//! (plain text, Markdown with front matter, JSON, JSON Lines, any of them
//! gzip-compressed), sidecar metadata, the inference of title, outlet and date
//! where a file gives none, and the marking of text that is not reporting
//! (related links, promo footers, subheads). Bad input never aborts a load: it
//! becomes a [`LoadWarning`] and the rest of the corpus loads.
//!
//! Offsets inside an [`Article`] are byte offsets into [`Article::body`], which
//! is the text as loaded (a leading metadata line such as `date 2023-06-12`
//! removed, CRLF line ends turned into LF). Output layers convert them to
//! Unicode scalar values with [`Article::char_offset`].

pub mod body;
mod embedded;
pub mod feeds;
mod formats;
pub mod html;
mod infer;
mod load;
pub mod watch;
pub mod wire;

pub use body::Body;
pub use embedded::embedded_seeds;
pub use formats::{Format, parse_json_record};
pub use html::{extract_page, html_to_paragraphs};
pub use infer::{MONTH_NAMES, RawArticle, build_article, month_number, parse_date_loose};
pub use load::{
    LoadEvent, LoadOptions, LoadReport, LoadState, human_size, is_loadable_name, load_paths,
    load_paths_streaming, load_paths_with,
};

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// A half-open byte range `[start, end)` into an article body.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What kind of non-reporting text a [`Mark`] covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// A headline repeated as the body's first line.
    Headline,
    /// A byline ("By Jane Doe") or dateline line at the top.
    Byline,
    /// A short line without final punctuation inside the body.
    Subhead,
    /// "READ: …", "Related: …" and similar links to other stories.
    Related,
    /// Promotion, copyright, social-media and credit footers.
    Footer,
    /// E-mail obfuscation leftovers such as "[email protected]".
    EmailDebris,
}

impl MarkKind {
    /// Subheads and headlines are part of the article's voice; the others
    /// are boilerplate that analyses skip entirely.
    pub fn is_boilerplate(self) -> bool {
        !matches!(self, MarkKind::Subhead | MarkKind::Headline)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Headline => "headline",
            MarkKind::Byline => "byline",
            MarkKind::Subhead => "subhead",
            MarkKind::Related => "related",
            MarkKind::Footer => "footer",
            MarkKind::EmailDebris => "email_debris",
        }
    }
}

/// A span of the body that is not reporting, kept in the text and marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub span: Span,
    pub kind: MarkKind,
}

/// Where a metadata field's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The field is unknown.
    #[default]
    None,
    /// Given by the file itself (JSON field, front matter).
    File,
    /// Given by a sidecar `NAME.meta.json` / `NAME.meta.toml`.
    Sidecar,
    /// Inferred from the text or the file name.
    Inferred,
}

/// Provenance of each inferable field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    pub title: Provenance,
    pub outlet: Provenance,
    pub published: Provenance,
}

/// The format an article was read from (`format` in `list --json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Plain text (`.txt`).
    #[default]
    Text,
    /// Markdown with optional front matter.
    Markdown,
    /// A JSON article (or an array of them).
    Json,
    /// One record of a JSON Lines file.
    JsonLines,
    /// A saved web page (`.html`, `.htm`).
    Html,
    /// An item of an RSS feed (0.9x, 1.0, 2.0).
    Rss,
    /// An entry of an Atom feed.
    Atom,
    /// An item of a JSON Feed.
    JsonFeed,
    /// An IPTC ninjs item (1.x or 2.x).
    Ninjs,
    /// A NewsML-G2 `newsItem`.
    NewsmlG2,
    /// One of the seeds built into the binary.
    Embedded,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Json => "json",
            SourceFormat::JsonLines => "jsonl",
            SourceFormat::Html => "html",
            SourceFormat::Rss => "rss",
            SourceFormat::Atom => "atom",
            SourceFormat::JsonFeed => "json_feed",
            SourceFormat::Ninjs => "ninjs",
            SourceFormat::NewsmlG2 => "newsml_g2",
            SourceFormat::Embedded => "embedded",
        }
    }

    /// Feed items and wire items carry a GUID that names the item across
    /// files, polls and versions.
    pub fn has_guid(self) -> bool {
        matches!(
            self,
            SourceFormat::Rss
                | SourceFormat::Atom
                | SourceFormat::JsonFeed
                | SourceFormat::Ninjs
                | SourceFormat::NewsmlG2
        )
    }
}

/// One loaded article.
#[derive(Clone, Debug)]
pub struct Article {
    /// Unique within a corpus: the id given by the file, else the file stem
    /// (with `#N` for the N-th record of a multi-article file).
    pub id: String,
    /// The file it came from (None for embedded seeds).
    pub path: Option<PathBuf>,
    /// 1-based record number inside a JSON array or JSON Lines file.
    pub record: Option<usize>,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<jiff::civil::Date>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// The text (see [`Body`]: held, or read from a spill file).
    pub body: Body,
    /// Paragraph spans, in order, covering the non-blank text of the body.
    pub paragraphs: Vec<Span>,
    /// Non-reporting spans, sorted by start.
    pub marks: Vec<Mark>,
    /// Number of words in the body, counted on first use (see [`Article::words`]).
    pub(crate) word_count: std::sync::OnceLock<usize>,
    pub sources: Sources,
    /// The format the article was read from.
    pub format: SourceFormat,
    /// When the article was last updated, if the file says (`dateModified`,
    /// a feed entry's `updated`, a wire item's `versionCreated`).
    pub updated: Option<jiff::civil::Date>,
    /// The item's GUID across files and polls (feed `guid`/`id`, ninjs
    /// `uri`, NewsML-G2 `guid`), when the format has one.
    pub guid: Option<String>,
    /// The wire item's version number, when given (NewsML-G2 `version`,
    /// ninjs `version`), else the order in which versions arrived (1, 2, …).
    pub version: Option<u32>,
    /// Set on a later version of an item already loaded (same GUID, other
    /// text): the id of the first-loaded version. Versions join the story of
    /// the article they update instead of starting stories of their own.
    pub version_of: Option<String>,
    /// The day the text itself shows it was written on or after, when that
    /// is later than `published`: the latest date of a social-media post
    /// it embeds ("— Jane Doe (@jdoe) November 8, 2016"). An article cannot
    /// quote a post from after its writing, so its given date is wrong or
    /// the text was updated since; analyses read the text as of this day
    /// (see [`Article::dated`]), and the views show both.
    pub text_date: Option<jiff::civil::Date>,
}

impl Article {
    /// The day the text speaks from: `published`, unless the text shows it
    /// is later (see [`Article::text_date`]). Relative dates ("yesterday",
    /// "last month") resolve against it, stories group by it, and updates
    /// are told from conflicts by it.
    pub fn dated(&self) -> Option<jiff::civil::Date> {
        self.text_date.or(self.published)
    }

    /// Lets go of the text (body, paragraphs, marks), keeping what lists
    /// and groups the article: for an archive reduced as it loads.
    pub fn shed_text(&mut self) {
        self.body = Body::default();
        self.paragraphs = Vec::new();
        self.marks = Vec::new();
    }

    /// Number of words in the body (whitespace-separated runs holding a
    /// letter or digit). Counted on first use: loading a large corpus does
    /// not pay for counts nobody looks at.
    pub fn words(&self) -> usize {
        *self.word_count.get_or_init(|| count_words(&self.body))
    }

    /// The name scripts use for this article: the id.
    pub fn name(&self) -> &str {
        &self.id
    }

    /// The text of a span.
    pub fn text(&self, span: Span) -> &str {
        &self.body[span.start..span.end]
    }

    /// Converts a byte offset in the body to a Unicode scalar value offset.
    pub fn char_offset(&self, byte: usize) -> usize {
        self.body[..byte].chars().count()
    }

    /// Converts a byte span into a span in Unicode scalar values.
    pub fn char_span(&self, span: Span) -> Span {
        let start = self.char_offset(span.start);
        Span::new(
            start,
            start + self.body[span.start..span.end].chars().count(),
        )
    }

    /// The mark covering a byte offset, if any.
    pub fn mark_at(&self, byte: usize) -> Option<&Mark> {
        self.marks
            .iter()
            .find(|m| m.span.start <= byte && byte < m.span.end)
    }

    /// True when the span lies inside boilerplate (not subheads).
    pub fn is_boilerplate(&self, span: Span) -> bool {
        self.marks
            .iter()
            .any(|m| m.kind.is_boilerplate() && m.span.contains(span))
    }

    /// True when the span lies inside any mark (boilerplate, subhead or headline):
    /// text that analyses comparing reporting should skip.
    pub fn is_marked(&self, span: Span) -> bool {
        self.marks.iter().any(|m| m.span.contains(span))
    }

    /// The file name (or id for embedded/recordless articles) for display.
    pub fn file_name(&self) -> String {
        match &self.path {
            Some(p) => {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.display().to_string());
                match self.record {
                    Some(r) => format!("{name}#{r}"),
                    None => name,
                }
            }
            None => self.id.clone(),
        }
    }
}

/// A problem met while loading, tied to the file (and line) it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoadWarning {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Counts the words of a text: whitespace-separated runs that hold at least
/// one alphanumeric character (so "—" alone is not a word). Equal to
/// `split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()`,
/// in one branch-light pass over the bytes (it runs on every article loaded).
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    let mut after_space = true;
    while i < bytes.len() {
        let b = bytes[i];
        let space = if b < 0x80 {
            usize::from(b.is_ascii_whitespace())
        } else {
            unicode_space_len(bytes, i)
        };
        if space > 0 {
            after_space = true;
            i += space;
            continue;
        }
        if after_space {
            // A word that starts with a letter or digit counts; others
            // (quotes, dashes, accented letters) are checked in full.
            count += if b.is_ascii_alphanumeric() {
                1
            } else {
                usize::from(word_has_alnum(&text[i..]))
            };
            after_space = false;
        }
        i += 1;
    }
    count
}

#[cold]
fn word_has_alnum(rest: &str) -> bool {
    rest.chars()
        .take_while(|c| !c.is_whitespace())
        .any(char::is_alphanumeric)
}

/// The byte length of the non-ASCII whitespace character starting at `i`
/// (NEL, NBSP, Ogham space, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
/// U+3000), or 0.
fn unicode_space_len(bytes: &[u8], i: usize) -> usize {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        0xc2 if matches!(next(1), 0x85 | 0xa0) => 2,
        0xe1 if next(1) == 0x9a && next(2) == 0x80 => 3,
        0xe2 if next(1) == 0x80 && matches!(next(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) => 3,
        0xe2 if next(1) == 0x81 && next(2) == 0x9f => 3,
        0xe3 if next(1) == 0x80 && next(2) == 0x80 => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_spaces_separate_words() {
        for c in [
            '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{200a}', '\u{2028}', '\u{202f}',
            '\u{205f}', '\u{3000}',
        ] {
            assert!(c.is_whitespace());
            assert_eq!(count_words(&format!("a{c}b")), 2, "{c:?}");
        }
        assert_eq!(count_words("don’t “quote” — é"), 3);
    }

    proptest::proptest! {
        #[test]
        fn count_words_matches_the_plain_definition(s in "[a-zé0-9 \\t\\n\u{a0}\u{2009}\u{3000}—“”’.,-]{0,60}") {
            let plain = s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            proptest::prop_assert_eq!(count_words(&s), plain);
        }
    }

    #[test]
    fn count_words_skips_punctuation_runs() {
        assert_eq!(count_words("He said — twice, “no.”"), 4);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("3,200 people"), 2);
        assert_eq!(count_words("Saint\u{a0}Étienne — é"), 3);
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 10);
        assert!(a.contains(Span::new(2, 5)));
        assert!(!a.contains(Span::new(5, 11)));
        assert!(a.overlaps(Span::new(9, 12)));
        assert!(!a.overlaps(Span::new(10, 12)));
        assert_eq!(a.len(), 10);
    }

    #[test]
    fn char_offsets_count_scalar_values() {
        let mut art = build_article(RawArticle {
            body: "Renée café. Next".into(),
            ..Default::default()
        });
        art.id = "x".into();
        let byte = art.body.find("café").unwrap();
        assert_eq!(byte, 7);
        assert_eq!(art.char_offset(byte), 6);
        assert_eq!(
            art.char_span(Span::new(byte, byte + "café".len())),
            Span::new(6, 10)
        );
    }
}
