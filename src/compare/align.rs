//! Sentence alignment: which sentences of two reports state the same fact.
//!
//! Every pair of reporting sentences gets a similarity from the cosine of
//! their sentence embeddings (all-MiniLM-L6-v2, see [`crate::nlp::embed`]:
//! "was fatally shot" and "was shot and killed" are close however worded),
//! combined with what the words say: TF-IDF cosine of their content terms,
//! character-trigram overlap (robust to "Zurich" vs "Zürich" and to
//! inflection), and shared numbers and names. Pairs are then
//! taken greedily, best first, ignoring order (outlets order facts
//! differently); a sentence may pair with two when the other outlet split
//! it. Pairs above [`AlignOptions::same`] report the same fact; those above
//! [`AlignOptions::partial`] overlap. What is left is "only in this outlet".
//! Boilerplate, subheads and headlines take no part.

use super::diff::{DiffChunk, equal_ratio, word_diff};
use super::idf::Idf;
use super::vector::{SparseVec, Vocabulary};
use crate::corpus::{Article, Span};
use crate::nlp::Analysis;
use crate::nlp::fold::fold;
use crate::nlp::terms::terms;
use std::collections::{BTreeSet, HashSet};

/// Thresholds of alignment.
#[derive(Clone, Debug)]
pub struct AlignOptions {
    /// Score from which two sentences report the same fact.
    pub same: f32,
    /// Score from which they overlap in part.
    pub partial: f32,
    /// Share of equal tokens from which a word diff is readable.
    pub readable_diff: f32,
    /// Weight of the embedding similarity against the lexical one (0: words
    /// only; used only when both sentences have an embedding).
    pub embedding_weight: f32,
    /// Embedding cosine that counts as no similarity at all (two sentences
    /// of one news topic are rarely below it).
    pub embedding_floor: f32,
    /// Compute sentence embeddings when they are missing (off: use them
    /// only when the analysis already has them).
    pub embed: bool,
    /// Score from which a sentence also links, as partial, to further
    /// sentences beyond its best counterpart (one fact told in pieces: a
    /// sentence may share facts with several of the other report's).
    pub link: f32,
}

impl Default for AlignOptions {
    fn default() -> Self {
        // chosen on half of the hand-aligned gold (examples/align_tune.rs):
        // the best F1 with a tuning precision of 0.8 or more
        AlignOptions {
            same: 0.4,
            partial: 0.35,
            readable_diff: 0.35,
            embedding_weight: 0.6,
            embedding_floor: 0.2,
            embed: true,
            link: 1.0,
        }
    }
}

/// How closely two aligned sentences match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PairKind {
    Same,
    Partial,
}

/// Two sentences, one from each side, that report the same fact.
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedPair {
    /// Indexes into each analysis's `sentences`.
    pub left: usize,
    pub right: usize,
    pub score: f32,
    pub kind: PairKind,
    /// The word diff, when the sentences are close enough to read one.
    pub diff: Option<Vec<DiffChunk>>,
    /// Numbers present on one side only (byte spans into each body), marked
    /// whether or not there is a diff.
    pub left_marks: Vec<Span>,
    pub right_marks: Vec<Span>,
}

/// The alignment of two articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alignment {
    pub pairs: Vec<AlignedPair>,
    /// Reporting sentences with no counterpart.
    pub left_only: Vec<usize>,
    pub right_only: Vec<usize>,
}

impl Alignment {
    /// "14 shared facts, 6 only in A, 9 only in B".
    pub fn summary(&self, left: &str, right: &str) -> String {
        let shared: BTreeSet<usize> = self.pairs.iter().map(|p| p.left).collect();
        format!(
            "{} shared fact{}, {} only in {left}, {} only in {right}",
            shared.len(),
            if shared.len() == 1 { "" } else { "s" },
            self.left_only.len(),
            self.right_only.len()
        )
    }
}

/// What alignment needs of one sentence.
struct SentenceFeatures {
    index: usize,
    span: Span,
    vector: SparseVec,
    /// Character trigrams of the folded words, hashed and sorted.
    trigrams: Vec<u32>,
    numbers: HashSet<String>,
    embedding: Option<crate::nlp::embed::Embedding>,
}

fn trigrams(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for word in fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let chars: Vec<char> = std::iter::once(' ')
            .chain(word.chars())
            .chain(std::iter::once(' '))
            .collect();
        for w in chars.windows(3) {
            // FNV-1a over the three chars: collisions only blur the overlap slightly
            let mut h: u32 = 0x811c_9dc5;
            for c in w {
                h = (h ^ *c as u32).wrapping_mul(0x0100_0193);
            }
            out.push(h);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Size of the intersection of two sorted, deduplicated lists.
fn sorted_overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn features(
    article: &Article,
    analysis: &Analysis,
    idf: &Idf,
    vocab: &mut Vocabulary,
    embed: bool,
) -> Vec<SentenceFeatures> {
    let vectors: Option<&[Option<crate::nlp::embed::Embedding>]> = if embed {
        Some(analysis.sentence_vectors(article))
    } else {
        analysis.vectors.get().map(|v| v.as_slice())
    };
    analysis
        .reporting_sentences()
        .map(|(index, s)| {
            let ts = terms(&article.body, s.span);
            let numbers = ts
                .iter()
                .filter(|(t, _)| t.starts_with('#'))
                .map(|(t, _)| t.clone())
                .collect();
            let pairs = ts.iter().map(|(t, _)| (vocab.id(t), idf.idf(t))).collect();
            SentenceFeatures {
                index,
                span: s.span,
                vector: SparseVec::from_weights(pairs).normalized(),
                trigrams: trigrams(article.text(s.span)),
                numbers,
                embedding: vectors.and_then(|v| v.get(index).cloned().flatten()),
            }
        })
        .collect()
}

/// The lexical similarity of two sentences, 0 to 1.
fn lexical_score(a: &SentenceFeatures, b: &SentenceFeatures) -> f32 {
    let cos = a.vector.dot(&b.vector);
    // without a shared content term, trigrams alone cannot reach a match
    if cos == 0.0 {
        return 0.0;
    }
    let tri = trigram_overlap(a, b);
    let shared_numbers = a.numbers.intersection(&b.numbers).count();
    let base = 0.6 * cos + 0.4 * tri;
    // a shared figure is strong evidence of the same fact
    if shared_numbers > 0 && base > 0.1 {
        (base + 0.1).min(1.0)
    } else {
        base
    }
}

/// The similarity of two sentences, 0 to 1: the embeddings' cosine
/// (rescaled above the floor) blended with the lexical similarity.
fn score(a: &SentenceFeatures, b: &SentenceFeatures, opts: &AlignOptions) -> f32 {
    let lex = lexical_score(a, b);
    match (&a.embedding, &b.embedding) {
        (Some(x), Some(y)) if opts.embedding_weight > 0.0 => {
            let e = x.cosine(y);
            let e = ((e - opts.embedding_floor) / (1.0 - opts.embedding_floor)).clamp(0.0, 1.0);
            opts.embedding_weight * e + (1.0 - opts.embedding_weight) * lex
        }
        _ => lex,
    }
}

/// Aligns the reporting sentences of two articles.
/// The evidence behind one candidate pair of sentences, for tuning and
/// evaluation tools (see `examples/align_tune.rs`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct PairEvidence {
    /// Sentence indexes in the left and right analyses.
    pub left: usize,
    pub right: usize,
    /// Cosine of the sentence embeddings (`None` when one has none).
    pub embedding: Option<f32>,
    /// TF-IDF cosine over content terms.
    pub tfidf: f32,
    /// Jaccard overlap of character trigrams.
    pub trigrams: f32,
    /// Figures the two sentences share.
    pub shared_numbers: usize,
    /// The blended score [`align`] ranks pairs by.
    pub score: f32,
}

/// The sentence features of two articles, over one vocabulary.
fn both_features(
    left: &Article,
    la: &Analysis,
    right: &Article,
    ra: &Analysis,
    idf: &Idf,
    opts: &AlignOptions,
) -> (Vec<SentenceFeatures>, Vec<SentenceFeatures>) {
    let mut vocab = Vocabulary::default();
    let lf = features(left, la, idf, &mut vocab, opts.embed);
    let rf = features(right, ra, idf, &mut vocab, opts.embed);
    (lf, rf)
}

/// Jaccard overlap of two sentences' character trigrams.
fn trigram_overlap(a: &SentenceFeatures, b: &SentenceFeatures) -> f32 {
    let inter = sorted_overlap(&a.trigrams, &b.trigrams) as f32;
    let union = (a.trigrams.len() + b.trigrams.len()) as f32 - inter;
    if union > 0.0 { inter / union } else { 0.0 }
}

/// Every pair of reporting sentences of two articles with its evidence.
pub fn pair_evidence(
    left: &Article,
    la: &Analysis,
    right: &Article,
    ra: &Analysis,
    idf: &Idf,
    opts: &AlignOptions,
) -> Vec<PairEvidence> {
    let (lf, rf) = both_features(left, la, right, ra, idf, opts);
    let mut out = Vec::with_capacity(lf.len() * rf.len());
    for a in &lf {
        for b in &rf {
            out.push(PairEvidence {
                left: a.index,
                right: b.index,
                embedding: match (&a.embedding, &b.embedding) {
                    (Some(x), Some(y)) => Some(x.cosine(y)),
                    _ => None,
                },
                tfidf: a.vector.dot(&b.vector),
                trigrams: trigram_overlap(a, b),
                shared_numbers: a.numbers.intersection(&b.numbers).count(),
                score: score(a, b, opts),
            });
        }
    }
    out
}

pub fn align(
    left: &Article,
    la: &Analysis,
    right: &Article,
    ra: &Analysis,
    idf: &Idf,
    opts: &AlignOptions,
) -> Alignment {
    let (lf, rf) = both_features(left, la, right, ra, idf, opts);
    align_features(left, &lf, right, &rf, opts)
}

/// The alignments of every pair of a story's articles, `(a, b, alignment)`
/// with `a` before `b` in `members`. Each article's sentence features are
/// built once for all its pairs, and the pairs are aligned in parallel.
pub fn story_alignments(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    idf: &Idf,
) -> Vec<(usize, usize, Alignment)> {
    use rayon::prelude::*;
    let opts = AlignOptions::default();
    // the embeddings of every member, in parallel, before the features
    if opts.embed && members.len() > 1 {
        members.par_iter().for_each(|&m| {
            analyses[m].sentence_vectors(articles[m]);
        });
    }
    let mut vocab = Vocabulary::default();
    let feats: Vec<Vec<SentenceFeatures>> = members
        .iter()
        .map(|&m| features(articles[m], analyses[m], idf, &mut vocab, opts.embed))
        .collect();
    let pairs: Vec<(usize, usize)> = (0..members.len())
        .flat_map(|k| (k + 1..members.len()).map(move |l| (k, l)))
        .collect();
    pairs
        .into_par_iter()
        .map(|(k, l)| {
            let (a, b) = (members[k], members[l]);
            (
                a,
                b,
                align_features(articles[a], &feats[k], articles[b], &feats[l], &opts),
            )
        })
        .collect()
}

fn align_features(
    left: &Article,
    lf: &[SentenceFeatures],
    right: &Article,
    rf: &[SentenceFeatures],
    opts: &AlignOptions,
) -> Alignment {
    let mut scored: Vec<(f32, usize, usize)> = Vec::new();
    for (i, a) in lf.iter().enumerate() {
        for (j, b) in rf.iter().enumerate() {
            let s = score(a, b, opts);
            if s >= opts.partial {
                scored.push((s, i, j));
            }
        }
    }
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    // first one to one, best first; then leftovers may join a sentence the
    // other side split in two
    let mut left_used = vec![0u8; lf.len()];
    let mut right_used = vec![0u8; rf.len()];
    let mut chosen: Vec<(f32, usize, usize)> = Vec::new();
    for &(s, i, j) in &scored {
        if left_used[i] == 0 && right_used[j] == 0 {
            left_used[i] = 1;
            right_used[j] = 1;
            chosen.push((s, i, j));
        }
    }
    for &(s, i, j) in &scored {
        let split =
            (left_used[i] == 0 && right_used[j] == 1) || (left_used[i] == 1 && right_used[j] == 0);
        if split && s >= opts.same {
            left_used[i] += 1;
            right_used[j] += 1;
            chosen.push((s, i, j));
        }
    }
    // further links: a sentence that shares facts with several
    let taken: HashSet<(usize, usize)> = chosen.iter().map(|&(_, i, j)| (i, j)).collect();
    for &(s, i, j) in &scored {
        if s >= opts.link && !taken.contains(&(i, j)) {
            left_used[i] += 1;
            right_used[j] += 1;
            chosen.push((s.min(opts.same - f32::EPSILON), i, j));
        }
    }
    chosen.sort_by_key(|&(_, i, j)| (lf[i].index, rf[j].index));
    let pairs = chosen
        .into_iter()
        .map(|(s, i, j)| {
            let (a, b) = (&lf[i], &rf[j]);
            let chunks = word_diff(&left.body, a.span, &right.body, b.span);
            let readable = equal_ratio(&left.body, &chunks, &right.body) >= opts.readable_diff;
            let (left_marks, right_marks) = differing_numbers(left, a, right, b);
            AlignedPair {
                left: a.index,
                right: b.index,
                score: s,
                kind: if s >= opts.same {
                    PairKind::Same
                } else {
                    PairKind::Partial
                },
                diff: readable.then_some(chunks),
                left_marks,
                right_marks,
            }
        })
        .collect();
    Alignment {
        pairs,
        left_only: lf
            .iter()
            .zip(&left_used)
            .filter(|(_, u)| **u == 0)
            .map(|(f, _)| f.index)
            .collect(),
        right_only: rf
            .iter()
            .zip(&right_used)
            .filter(|(_, u)| **u == 0)
            .map(|(f, _)| f.index)
            .collect(),
    }
}

/// Spans of numbers that appear on one side of a pair only.
fn differing_numbers(
    left: &Article,
    a: &SentenceFeatures,
    right: &Article,
    b: &SentenceFeatures,
) -> (Vec<Span>, Vec<Span>) {
    let side = |art: &Article, f: &SentenceFeatures, other: &SentenceFeatures| {
        terms(&art.body, f.span)
            .into_iter()
            .filter(|(t, _)| t.starts_with('#') && !other.numbers.contains(t))
            .map(|(_, s)| s)
            .collect()
    };
    (side(left, a, b), side(right, b, a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::idf::DocFreq;
    use crate::corpus::{RawArticle, build_article};
    use crate::nlp::analyze;

    fn art(body: &str) -> Article {
        build_article(RawArticle {
            body: body.into(),
            ..Default::default()
        })
    }

    #[test]
    fn aligns_reordered_facts_and_marks_numbers() {
        let a = art(
            "A ferry strike stranded about 400 commuters on Monday. The union wants a pay rise. The mayor urged talks.",
        );
        let b = art(
            "The union is demanding a pay rise. Roughly 450 commuters were stranded by the ferry strike on Monday. Fares will rise in autumn.",
        );
        let (aa, ba) = (analyze(&a), analyze(&b));
        let idf = Idf::new(DocFreq::background());
        let al = align(&a, &aa, &b, &ba, &idf, &AlignOptions::default());
        let pairs: Vec<(usize, usize)> = al.pairs.iter().map(|p| (p.left, p.right)).collect();
        assert_eq!(pairs, vec![(0, 1), (1, 0)]);
        assert_eq!(al.left_only, vec![2]);
        assert_eq!(al.right_only, vec![2]);
        let strike = &al.pairs[0];
        assert_eq!(a.text(strike.left_marks[0]), "400");
        assert_eq!(b.text(strike.right_marks[0]), "450");
        assert!(
            al.summary("A", "B")
                .starts_with("2 shared facts, 1 only in A, 1 only in B")
        );
    }

    #[test]
    fn unrelated_sentences_stay_apart() {
        let a = art("The council approved the budget.");
        let b = art("Heavy snow closed the mountain pass.");
        let idf = Idf::new(DocFreq::background());
        let al = align(
            &a,
            &analyze(&a),
            &b,
            &analyze(&b),
            &idf,
            &AlignOptions::default(),
        );
        assert!(al.pairs.is_empty());
        assert_eq!((al.left_only.len(), al.right_only.len()), (1, 1));
    }

    #[test]
    fn a_split_sentence_pairs_with_both_halves() {
        let a = art(
            "The storm cut power to 20,000 homes and closed every school in the county on Tuesday.",
        );
        let b = art(
            "The storm cut power to 20,000 homes on Tuesday. It also closed every school in the county.",
        );
        let idf = Idf::new(DocFreq::background());
        let al = align(
            &a,
            &analyze(&a),
            &b,
            &analyze(&b),
            &idf,
            &AlignOptions::default(),
        );
        assert_eq!(al.pairs.len(), 2, "{:?}", al.pairs);
        assert!(al.right_only.is_empty());
    }
}
