//! Word diffs between two sentences, over newsdesk's own tokens (so
//! "3,200", "U.N." and "Saint-Étienne" stay whole), with `similar`'s Patience
//! algorithm. Tokens compare folded: case, accents and curly quotes do not
//! count as differences; "3,200" equals "3200".

use crate::corpus::Span;
use crate::nlp::fold::fold;
use crate::nlp::tokens::{Token, TokenKind, tokenize};
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// What happened to a run of tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// One run of the diff: spans (byte offsets into each article body) of the
/// tokens on each side; an empty span where a side has nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiffChunk {
    pub kind: DiffKind,
    pub left: Span,
    pub right: Span,
}

/// The comparison key of a token.
fn key(text: &str, t: &Token) -> String {
    let raw = &text[t.span.start..t.span.end];
    match t.kind {
        TokenKind::Number => raw.replace(',', ""),
        _ => fold(raw),
    }
}

fn cover(tokens: &[Token], from: usize, len: usize, at: usize) -> Span {
    if len == 0 {
        return Span::new(at, at);
    }
    Span::new(tokens[from].span.start, tokens[from + len - 1].span.end)
}

/// Diffs `left_text[left]` against `right_text[right]`.
pub fn word_diff(left_text: &str, left: Span, right_text: &str, right: Span) -> Vec<DiffChunk> {
    let lt = tokenize(left_text, left);
    let rt = tokenize(right_text, right);
    let lk: Vec<String> = lt.iter().map(|t| key(left_text, t)).collect();
    let rk: Vec<String> = rt.iter().map(|t| key(right_text, t)).collect();
    let at =
        |tokens: &[Token], i: usize, end: usize| tokens.get(i).map(|t| t.span.start).unwrap_or(end);
    capture_diff_slices(Algorithm::Patience, &lk, &rk)
        .into_iter()
        .map(|op| match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => DiffChunk {
                kind: DiffKind::Equal,
                left: cover(&lt, old_index, len, 0),
                right: cover(&rt, new_index, len, 0),
            },
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => DiffChunk {
                kind: DiffKind::Delete,
                left: cover(&lt, old_index, old_len, 0),
                right: cover(&rt, new_index, 0, at(&rt, new_index, right.end)),
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => DiffChunk {
                kind: DiffKind::Insert,
                left: cover(&lt, old_index, 0, at(&lt, old_index, left.end)),
                right: cover(&rt, new_index, new_len, 0),
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => DiffChunk {
                kind: DiffKind::Replace,
                left: cover(&lt, old_index, old_len, 0),
                right: cover(&rt, new_index, new_len, 0),
            },
        })
        .collect()
}

/// Share of tokens the two sides have in common (0 to 1), counting both sides.
pub fn equal_ratio(left_text: &str, chunks: &[DiffChunk], right_text: &str) -> f32 {
    let count = |text: &str, s: Span| tokenize(text, s).len();
    let (mut equal, mut total) = (0usize, 0usize);
    for c in chunks {
        let (l, r) = (count(left_text, c.left), count(right_text, c.right));
        total += l + r;
        if c.kind == DiffKind::Equal {
            equal += l + r;
        }
    }
    if total == 0 {
        1.0
    } else {
        equal as f32 / total as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(l: &str, r: &str) -> Vec<(DiffKind, String, String)> {
        word_diff(l, Span::new(0, l.len()), r, Span::new(0, r.len()))
            .into_iter()
            .map(|c| {
                (
                    c.kind,
                    l[c.left.start..c.left.end].to_string(),
                    r[c.right.start..c.right.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn numbers_and_names_stay_whole() {
        let d = show(
            "More than 3,200 fled Saint-Etienne.",
            "Over 3,100 fled Saint-Étienne.",
        );
        assert_eq!(
            d,
            vec![
                (
                    DiffKind::Replace,
                    "More than 3,200".into(),
                    "Over 3,100".into()
                ),
                (
                    DiffKind::Equal,
                    "fled Saint-Etienne.".into(),
                    "fled Saint-Étienne.".into()
                ),
            ]
        );
    }

    #[test]
    fn inserts_and_deletes_have_positions() {
        let l = "The officer was shot.";
        let r = "The Belgian officer was shot.";
        let d = word_diff(l, Span::new(0, l.len()), r, Span::new(0, r.len()));
        let ins = d.iter().find(|c| c.kind == DiffKind::Insert).unwrap();
        assert_eq!(&r[ins.right.start..ins.right.end], "Belgian");
        assert_eq!(ins.left, Span::new(4, 4), "insert point before 'officer'");
        assert!(equal_ratio(l, &d, r) > 0.8);
    }

    #[test]
    fn typography_is_not_a_difference() {
        let d = show("the driver’s car", "the driver's car");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, DiffKind::Equal);
    }
}
