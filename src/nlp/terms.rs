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

static STOPWORD_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// True for a folded function word ("the", "was", "of").
pub fn is_stopword(w: &str) -> bool {
    STOPWORD_SET.contains(w)
}

static PORTER2: std::sync::LazyLock<rust_stemmers::Stemmer> =
    std::sync::LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// One form for the inflections of a folded word: its Porter2 (Snowball
/// English) stem when that only takes off an inflection ("answered",
/// "answering", "answers" → "answer"; "pleas" → "plea"), else its
/// [`stem`]: Porter2 also strips derivations, which join words of other
/// meanings ("business" and "busy" → "busi"). For telling whether two
/// wordings are one utterance (quotes), where a speaker's words reported in
/// another tense are the same words; never for event terms.
pub fn inflection_stem(word: &str) -> String {
    let p = PORTER2.stem(word);
    if let Some(rest) = word.strip_prefix(p.as_ref()) {
        // "stopped" → "stop": a doubled last consonant
        let doubled = p.chars().last().is_some_and(|c| {
            rest.strip_prefix(c)
                .is_some_and(|r| matches!(r, "ed" | "ing"))
        });
        if doubled || matches!(rest, "" | "s" | "es" | "e" | "d" | "ed" | "ing") {
            return p.into_owned();
        }
    }
    stem(word)
}

/// Harman's "S" stemmer: plurals to singular ("strikes" → "strike",
/// "casualties" → "casualty"), nothing else. Conservative on purpose:
/// aggressive stemming merges words that tell events apart.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    stem_in_place(&mut w);
    w
}

/// [`stem`] on a buffer, without allocating.
fn stem_in_place(word: &mut String) {
    let n = word.len();
    // "-es" plurals need no rule of their own: "boxes" → "boxe", like
    // any final "s" that is not "-us", "-ss" or "-is"
    let s = n > 3
        && word.ends_with('s')
        && !(word.ends_with("us") || word.ends_with("ss") || word.ends_with("is"));
    if n > 4 && word.ends_with("ies") && !word.ends_with("eies") && !word.ends_with("aies") {
        word.truncate(n - 3);
        word.push('y');
    } else if s {
        word.truncate(n - 1);
    }
}

/// A term for a number: digits only, separators removed ("3,200" → "#3200").
fn number_term(text: &str, out: &mut String) -> bool {
    out.clear();
    out.push('#');
    out.extend(text.chars().filter(|c| c.is_ascii_digit() || *c == '.'));
    while out.ends_with('.') {
        out.pop();
    }
    out.len() > 1
}

/// The content terms of `text[range]`, in order, with the span of each.
pub fn terms(text: &str, range: Span) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for_each_term(text, range, |t, span| out.push((t.to_string(), span)));
    out
}

/// Calls `f` with each content term of `text[range]` and its span, in
/// order; the term lives in a buffer reused between calls, so counting
/// terms allocates only for the new ones.
pub fn for_each_term(text: &str, range: Span, mut f: impl FnMut(&str, Span)) {
    let mut buf = String::new();
    for t in tokenize(text, range) {
        let raw = &text[t.span.start..t.span.end];
        match t.kind {
            TokenKind::Punct => {}
            TokenKind::Number => {
                if number_term(raw, &mut buf) {
                    f(&buf, t.span);
                }
            }
            TokenKind::Word => {
                buf.clear();
                fold_into(raw, &mut buf);
                // possessives and dotted acronyms: "okafor's" → "okafor", "u.n." → "un"
                if buf.ends_with("'s") {
                    buf.truncate(buf.len() - 2);
                }
                if buf.contains('.') {
                    buf.retain(|c| c != '.');
                }
                if buf.chars().nth(1).is_none() || is_stopword(&buf) {
                    continue;
                }
                stem_in_place(&mut buf);
                f(&buf, t.span);
            }
        }
    }
}

/// [`fold`] appended to a buffer (ASCII without allocating).
fn fold_into(raw: &str, buf: &mut String) {
    if raw.is_ascii() {
        buf.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        buf.push_str(&fold(raw));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflection_stems_join_the_inflections_of_a_word_only() {
        for (a, b) in [
            ("answered", "answering"),
            ("answer", "answers"),
            ("pleas", "plea"),
            ("responded", "responds"),
            ("stopped", "stop"),
            ("officers", "officer"),
        ] {
            assert_eq!(inflection_stem(a), inflection_stem(b), "{a} / {b}");
        }
        // derivations keep apart
        for (a, b) in [
            ("business", "busy"),
            ("police", "policy"),
            ("general", "generous"),
        ] {
            assert_ne!(inflection_stem(a), inflection_stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn stems_plurals_only() {
        assert_eq!(stem("strikes"), "strike");
        assert_eq!(stem("casualties"), "casualty");
        assert_eq!(stem("officers"), "officer");
        assert_eq!(stem("boxes"), "boxe");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("crisis"), "crisis");
        assert_eq!(stem("killed"), "killed");
    }

    #[test]
    fn numbers_and_possessives() {
        let text = "In 1990s ... Okafor's 3,200. and U.S. 3.5% rose.";
        let t: Vec<String> = terms(text, Span::new(0, text.len()))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(t, vec!["#1990", "okafor", "#3200", "#3.5", "rose"]);
    }

    #[test]
    fn content_terms() {
        let text =
            "The U.N. said 3,200 people were evacuated from Saint-Étienne’s strikers’ camps.";
        let t: Vec<String> = terms(text, Span::new(0, text.len()))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            t,
            vec![
                "un",
                "#3200",
                "people",
                "evacuated",
                "saint-etienne",
                "striker",
                "camp"
            ]
        );
    }
}
