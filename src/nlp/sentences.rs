//! Sentence boundaries: an abbreviation-aware rule splitter.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and
//! brackets after it) when whitespace and a capital, digit or opening quote
//! follow. Not after titles ("Mr.", "Gen."), month abbreviations ("Feb. 23")
//! and the like; after initials and dotted acronyms ("J.", "U.N.", "a.m.")
//! and company suffixes ("Inc.") only when the next word is one that
//! usually opens a sentence ("The", "He"…). Sentences never cross
//! paragraphs.

use crate::corpus::Span;

/// Never followed by a sentence break.
const NO_BREAK_AFTER: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "brig", "cpl", "pvt", "st", "mt", "ft", "rev", "hon", "pres", "supt",
    "insp", "det", "atty", "messrs", "vs", "v", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "ca", "approx", "est", "dept", "univ", "ave", "blvd", "rd",
];

/// Not followed by a break when a number comes next ("No. 5", "Vol. 2").
const BEFORE_NUMBERS: &[&str] = &["no", "nos", "fig", "vol", "pp", "art", "sec", "ch"];

/// Followed by a break only when a sentence-opening word comes next.
const WEAK_BREAK_AFTER: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "jr", "sr", "etc", "al",
];

/// Words that usually open a sentence (lower-cased).
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "by",
    "of",
    "to",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "there",
    "here",
    "after",
    "before",
    "when",
    "while",
    "as",
    "however",
    "meanwhile",
    "since",
    "if",
    "although",
    "though",
    "despite",
    "according",
    "officials",
    "police",
    "authorities",
    "no",
    "not",
    "what",
    "who",
    "why",
    "how",
    "where",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "one",
    "two",
    "three",
    "last",
    "earlier",
    "later",
    "also",
    "still",
    "then",
    "now",
    "today",
    "yesterday",
];

fn is_opening(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

/// The word before a period, without opening punctuation, lower-cased.
fn word_before(text: &str, dot: usize) -> String {
    // after the last whitespace character, whatever its width in bytes
    let start = text[..dot]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    text[start..dot]
        .trim_start_matches(['(', '"', '“', '‘', '\'', '['])
        .to_lowercase()
}

/// True when the word is a dotted acronym or initial: "u.n", "a.m", "j".
fn is_dotted_or_initial(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 && word.chars().count() == 1
        || (word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2))
}

/// The next word (letters only, lower-cased) starting at `at`.
fn next_word(text: &str, at: usize) -> String {
    text[at..]
        .trim_start_matches(['"', '“', '‘', '\'', '(', '['])
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits the paragraphs of a text into sentence spans (trimmed).
pub fn split_sentences(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for p in paragraphs {
        split_paragraph(text, *p, &mut out);
    }
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

fn split_paragraph(text: &str, para: Span, out: &mut Vec<Span>) {
    let p = &text[para.start..para.end];
    let mut start = 0;
    let mut iter = p.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // take any run of terminators and closers: "?!", "...", ".”", ".)"
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = iter.peek() {
            if matches!(n, '.' | '!' | '?' | '…') || is_closer(n) {
                end = j + n.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &p[end..];
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let skip = rest.len() - rest.trim_start().len();
        let next_at = end + skip;
        let Some(next) = p[next_at..].chars().next() else {
            break;
        };
        if !is_opening(next) {
            continue;
        }
        if c == '.' && p[i + 1..end].chars().all(is_closer) {
            let word = word_before(p, i);
            let bare = word.trim_end_matches('.');
            if NO_BREAK_AFTER.contains(&bare)
                || BEFORE_NUMBERS.contains(&bare) && next.is_ascii_digit()
            {
                continue;
            }
            let weak = WEAK_BREAK_AFTER.contains(&bare) || is_dotted_or_initial(&word);
            if weak && !OPENERS.contains(&next_word(p, next_at).as_str()) {
                continue;
            }
        }
        push_trimmed(text, para.start + start, para.start + end, out);
        start = end;
    }
    push_trimmed(text, para.start + start, para.end, out);
}

/// True for a sentence that carries an embedded social-media post's
/// signature ("— Jo Bloggs (@jbloggs) July 1, 2013") or picture link
/// ("pic.twitter.com/…"): the post's words and date are not the report's.
pub fn is_embedded_post(sentence: &str) -> bool {
    static SIGNATURE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"[—–-]\s*[^\n—–]{1,80}\(@\w{1,30}\)\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}|pic\.twitter\.com/\w",
        )
        .unwrap()
    });
    SIGNATURE.is_match(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_post_signatures() {
        assert!(is_embedded_post(
            "Heartbroken. pic.twitter.com/abc123 — Jo Bloggs (@jbloggs) July 1, 2013"
        ));
        assert!(is_embedded_post(
            "Thinking of everyone there — Sam Ray (@samray) March 3, 2020"
        ));
        assert!(!is_embedded_post(
            "The fire — the worst in years — was contained on July 1, 2013."
        ));
        assert!(!is_embedded_post(
            "Officials said (@ the scene) it was calm."
        ));
    }

    fn split(text: &str) -> Vec<&str> {
        let spans = split_sentences(text, &[Span::new(0, text.len())]);
        spans.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            split("One two. Three four! Five? Six"),
            vec!["One two.", "Three four!", "Five?", "Six"]
        );
    }

    #[test]
    fn wide_whitespace_before_an_abbreviation() {
        // found by the soak fuzzer: a hair space (3 bytes) before "Mr."
        assert_eq!(
            split("He met\u{200a}Mr. Smith. Then\u{3000}Dr. Lee left."),
            vec!["He met\u{200a}Mr. Smith.", "Then\u{3000}Dr. Lee left."]
        );
    }

    #[test]
    fn abbreviations_and_acronyms() {
        assert_eq!(
            split(
                "Mr. Smith met Gen. Lee on Oct. 14 at the U.N. Security Council. The talks ended."
            ),
            vec![
                "Mr. Smith met Gen. Lee on Oct. 14 at the U.N. Security Council.",
                "The talks ended."
            ]
        );
        assert_eq!(
            split("The vote is on Mar. 14 in the capital. Polls open early."),
            vec![
                "The vote is on Mar. 14 in the capital.",
                "Polls open early."
            ]
        );
        assert_eq!(
            split("It is funded by the U.N. The agency is not a U.N. body."),
            vec!["It is funded by the U.N.", "The agency is not a U.N. body."]
        );
        assert_eq!(
            split("A U.S.-backed coalition won the vote. It is narrow."),
            vec!["A U.S.-backed coalition won the vote.", "It is narrow."]
        );
        assert_eq!(
            split("J. K. Rowling spoke at 6 a.m. Friday."),
            vec!["J. K. Rowling spoke at 6 a.m. Friday."]
        );
        assert_eq!(
            split("Apple Inc. The company said so."),
            vec!["Apple Inc.", "The company said so."]
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(
            split("“We will stay,” he said. “We will open on time.” Officials agreed."),
            vec![
                "“We will stay,” he said.",
                "“We will open on time.”",
                "Officials agreed."
            ]
        );
        assert_eq!(
            split("“Why?” she asked. He left."),
            vec!["“Why?” she asked.", "He left."]
        );
        assert_eq!(
            split("He said \"no.\" Then he left."),
            vec!["He said \"no.\"", "Then he left."]
        );
        assert_eq!(split("See No. 5 below."), vec!["See No. 5 below."]);
    }

    #[test]
    fn numbers_and_ellipses() {
        assert_eq!(
            split("It rose 3.5 percent. Prices fell..."),
            vec!["It rose 3.5 percent.", "Prices fell..."]
        );
        assert_eq!(
            split("He paused... and went on."),
            vec!["He paused... and went on."]
        );
        assert_eq!(
            split("The toll was 12. 9 more were hurt."),
            vec!["The toll was 12.", "9 more were hurt."]
        );
    }

    #[test]
    fn paragraphs_bound_sentences() {
        let text = "First para without stop\nSecond one. Two.";
        let spans = split_sentences(text, &[Span::new(0, 23), Span::new(24, text.len())]);
        let got: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(got, vec!["First para without stop", "Second one.", "Two."]);
    }
}
