//! Content terms for similarity: folded, stemmed words without stopwords,
//! and numbers without their separators.
//!
//! The same function builds the background document-frequency table
//! (`examples/build_df.rs`) and the vectors compared at run time, so the two
//! always agree.

use super::fold::fold;
use super::tokens::{TokenKind, tokenize};
use crate::corpus::Span;

/// English function words, and reporting verbs too common in news to tell
/// stories apart.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "he's",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "wasn't",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "said",
    "says",
    "say",
    "told",
    "according",
    "mr",
    "mrs",
    "ms",
    "one",
    "two",
    "also",
    "would",
    "could",
    "may",
    "might",
    "must",
    "us",
    "new",
    "year",
    "years",
    "like",
    "get",
    "got",
    "made",
    "make",
    "many",
    "much",
    "well",
    "even",
    "still",
    "yet",
    "however",
    "since",
    "per",
    "via",
    "s",
    "t",
];

fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Harman's "S" stemmer: plurals to singular ("gangs" → "gang",
/// "casualties" → "casualty"), nothing else. Conservative on purpose:
/// aggressive stemming merges words that tell events apart.
pub fn stem(word: &str) -> String {
    let n = word.len();
    if n > 4 && word.ends_with("ies") && !word.ends_with("eies") && !word.ends_with("aies") {
        return format!("{}y", &word[..n - 3]);
    }
    if n > 3
        && word.ends_with("es")
        && !(word.ends_with("aes") || word.ends_with("ees") || word.ends_with("oes"))
    {
        return word[..n - 1].to_string();
    }
    if n > 3
        && word.ends_with('s')
        && !(word.ends_with("us") || word.ends_with("ss") || word.ends_with("is"))
    {
        return word[..n - 1].to_string();
    }
    word.to_string()
}

/// A term for a number: digits only, separators removed ("5,600" → "#5600").
fn number_term(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let digits = digits.trim_end_matches('.');
    (!digits.is_empty()).then(|| format!("#{digits}"))
}

/// The content terms of `text[range]`, in order, with the span of each.
pub fn terms(text: &str, range: Span) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for t in tokenize(text, range) {
        let raw = &text[t.span.start..t.span.end];
        match t.kind {
            TokenKind::Punct => {}
            TokenKind::Number => {
                if let Some(n) = number_term(raw) {
                    out.push((n, t.span));
                }
            }
            TokenKind::Word => {
                let folded = fold(raw);
                // possessives and dotted acronyms: "ombaka's" → "ombaka", "u.n." → "un"
                let folded = folded
                    .strip_suffix("'s")
                    .unwrap_or(&folded)
                    .replace('.', "");
                if folded.chars().count() < 2 || is_stopword(&folded) {
                    continue;
                }
                out.push((stem(&folded), t.span));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_plurals_only() {
        assert_eq!(stem("gangs"), "gang");
        assert_eq!(stem("casualties"), "casualty");
        assert_eq!(stem("officers"), "officer");
        assert_eq!(stem("boxes"), "boxe");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("crisis"), "crisis");
        assert_eq!(stem("killed"), "killed");
    }

    #[test]
    fn content_terms() {
        let text = "The U.N. said 5,600 people were killed in Pont-Sondé’s gangs’ attacks.";
        let t: Vec<String> = terms(text, Span::new(0, text.len()))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            t,
            vec![
                "un",
                "#5600",
                "people",
                "killed",
                "pont-sonde",
                "gang",
                "attack"
            ]
        );
    }
}
