//! Comparison tokens: the units word diffs and similarity work on.
//!
//! Numbers keep their separators ("3,200", "3.5", "1990s"), dotted acronyms
//! their dots ("U.N.", "U.S.-backed"), and words their inner hyphens and
//! apostrophes ("Saint-Étienne", "Okafor’s"), so a diff never splits them.
//! (The entity model has its own tokenizer, spaCy's; this one is for
//! comparing outlets' wording.)

use crate::corpus::Span;
use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::char::is_combining_mark;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// A token: its span in the text and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The token pattern: the first alternative that matches at a position wins.
const TOKEN_PATTERN: &str = r"(?x)
        (?P<num>\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?)
        |(?P<acr>(?:\p{L}\.){2,}(?:[-‐‑][\p{L}\p{N}]+)*)
        |(?P<word>[\p{L}\p{M}\p{N}]+(?:['’\-‐‑][\p{L}\p{M}\p{N}]+)*)
        |(?P<punct>\S)";

/// The tokens of `text[range]`, with spans into `text`.
pub fn tokenize(text: &str, range: Span) -> Vec<Token> {
    use regex_automata::{Anchored, Input};
    let slice = &text[range.start..range.end];
    let mut out = Vec::new();
    let mut pos = 0;
    // each thread searches with a cache of its own: the regex's shared
    // pool hands every thread but the first its cache under a lock, once
    // per token (a tenth of the grouping's time on two cores)
    thread_local! {
        static CACHE: std::cell::RefCell<regex_automata::meta::Cache> =
            std::cell::RefCell::new(TOKEN_ANCHORED.create_cache());
    }
    // Tokens are separated by whitespace only, so each search is anchored
    // where the previous token ended: one forward scan, no search for the
    // start. Kinds come from the first character, which decides the
    // alternative that matched: a decimal digit starts a number, a letter,
    // mark or other numeral a word or acronym, anything else is one
    // punctuation mark. (Cheaper than asking for capture groups.)
    while pos < slice.len() {
        let rest = &slice[pos..];
        let skip = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        pos += skip;
        if pos >= slice.len() {
            break;
        }
        let input = Input::new(slice).range(pos..).anchored(Anchored::Yes);
        let found = CACHE.with(|c| TOKEN_ANCHORED.search_with(&mut c.borrow_mut(), &input));
        let Some(m) = found else {
            // unreachable: `\S` matches any non-space; step over one char
            pos += slice[pos..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let tok = &slice[m.start()..m.end()];
        let first = tok.chars().next().unwrap_or(' ');
        let kind = if first.is_ascii_digit()
            || (!first.is_ascii() && first.is_numeric() && DIGIT.is_match(tok))
        {
            TokenKind::Number
        } else if first.is_alphanumeric() || is_combining_mark(first) {
            TokenKind::Word
        } else {
            TokenKind::Punct
        };
        out.push(Token {
            span: Span::new(range.start + m.start(), range.start + m.end()),
            kind,
        });
        pos = m.end().max(pos + 1);
    }
    out
}

/// [`TOKEN_PATTERN`] for anchored searches.
static TOKEN_ANCHORED: LazyLock<regex_automata::meta::Regex> =
    LazyLock::new(|| regex_automata::meta::Regex::new(TOKEN_PATTERN).expect("token pattern"));

/// A token that starts with a decimal digit (any script), like `num`.
static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d").expect("digit pattern"));

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern as an unanchored regex: what the scan must agree with.
    static TOKEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(TOKEN_PATTERN).expect("token pattern"));

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn keeps_numbers_acronyms_and_compounds_whole() {
        assert_eq!(
            toks("The U.N. said 3,200 fled Saint-Étienne, a U.S.-backed plan’s 3.5% rise."),
            vec![
                "The",
                "U.N.",
                "said",
                "3,200",
                "fled",
                "Saint-Étienne",
                ",",
                "a",
                "U.S.-backed",
                "plan’s",
                "3.5",
                "%",
                "rise",
                "."
            ]
        );
        assert_eq!(
            toks("in the 1990s, the 38th"),
            vec!["in", "the", "1990s", ",", "the", "38th"]
        );
    }

    #[test]
    fn kinds() {
        let t = tokenize("Ten 10 !", Span::new(0, 8));
        let kinds: Vec<_> = t.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            vec![TokenKind::Word, TokenKind::Number, TokenKind::Punct]
        );
    }

    #[test]
    fn kinds_agree_with_the_matching_alternative() {
        let text = "Le 3ᵉ, ½ mile, ٣٤ dead; \u{301}e U.N.-led 3,200 — São Tomé’s 1990s! ¿Qué? x²";
        let by_group: Vec<TokenKind> = TOKEN
            .captures_iter(text)
            .map(|c| {
                if c.name("num").is_some() {
                    TokenKind::Number
                } else if c.name("punct").is_some() {
                    TokenKind::Punct
                } else {
                    TokenKind::Word
                }
            })
            .collect();
        let fast: Vec<TokenKind> = tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.kind)
            .collect();
        assert_eq!(fast, by_group);
        let spans: Vec<(usize, usize)> = TOKEN
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let ours: Vec<(usize, usize)> = tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| (t.span.start, t.span.end))
            .collect();
        assert_eq!(ours, spans);
        assert!(fast.contains(&TokenKind::Number) && fast.contains(&TokenKind::Punct));
    }

    #[test]
    fn anchored_scan_finds_what_the_pattern_finds_on_the_seeds() {
        for (_, text) in crate::corpus::embedded_seeds() {
            let spans: Vec<(usize, usize)> = TOKEN
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let ours: Vec<(usize, usize)> = tokenize(text, Span::new(0, text.len()))
                .iter()
                .map(|t| (t.span.start, t.span.end))
                .collect();
            assert_eq!(ours, spans);
        }
    }

    #[test]
    fn spans_are_offsets_into_the_whole_text() {
        let text = "xx Hello there";
        let t = tokenize(text, Span::new(3, text.len()));
        assert_eq!(t[0].span, Span::new(3, 8));
    }
}
