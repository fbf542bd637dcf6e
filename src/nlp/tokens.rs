//! Comparison tokens: the units word diffs and similarity work on.
//!
//! Numbers keep their separators ("5,600", "3.5", "1990s"), dotted acronyms
//! their dots ("U.N.", "U.S.-backed"), and words their inner hyphens and
//! apostrophes ("Pont-Sondé", "Ombaka’s"), so a diff never splits them.
//! (The entity model has its own tokenizer, spaCy's; this one is for
//! comparing outlets' wording.)

use crate::corpus::Span;
use regex::Regex;
use std::sync::LazyLock;

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

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<num>\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?)
        |(?P<acr>(?:\p{L}\.){2,}(?:[-‐‑][\p{L}\p{N}]+)*)
        |(?P<word>[\p{L}\p{M}\p{N}]+(?:['’\-‐‑][\p{L}\p{M}\p{N}]+)*)
        |(?P<punct>\S)",
    )
    .expect("token pattern")
});

/// The tokens of `text[range]`, with spans into `text`.
pub fn tokenize(text: &str, range: Span) -> Vec<Token> {
    let slice = &text[range.start..range.end];
    TOKEN
        .captures_iter(slice)
        .map(|c| {
            let kind = if c.name("num").is_some() {
                TokenKind::Number
            } else if c.name("punct").is_some() {
                TokenKind::Punct
            } else {
                TokenKind::Word
            };
            let m = c.get(0).expect("whole match");
            Token {
                span: Span::new(range.start + m.start(), range.start + m.end()),
                kind,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn keeps_numbers_acronyms_and_compounds_whole() {
        assert_eq!(
            toks("The U.N. said 5,600 died in Pont-Sondé, a U.S.-backed plan’s 3.5% rise."),
            vec![
                "The",
                "U.N.",
                "said",
                "5,600",
                "died",
                "in",
                "Pont-Sondé",
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
    fn spans_are_offsets_into_the_whole_text() {
        let text = "xx Hello there";
        let t = tokenize(text, Span::new(3, text.len()));
        assert_eq!(t[0].span, Span::new(3, 8));
    }
}
