//! Sentence alignment: which sentences of two reports state the same fact.
//!
//! Every pair of reporting sentences gets a score, the probability of a
//! logistic model fitted on the hand-aligned gold (see [`ScoreWeights`]),
//! over: the cosine of their sentence embeddings (all-MiniLM-L6-v2, see
//! [`crate::nlp::embed`]: "was fatally shot" and "was shot and killed" are
//! close however worded); TF-IDF cosine of their content terms;
//! character-trigram overlap (robust to "Zurich" vs "Zürich" and to
//! inflection); shared figures; the details both tell, weighed by how rare
//! they are in the two reports (a name counts once, the story's own words
//! not at all); and shared phrases (word trigrams). Pairs are then taken
//! greedily, best first, ignoring order (outlets order facts differently);
//! a sentence may pair with two when the other outlet split it, and links
//! as partial to further sentences scored above [`AlignOptions::link`]
//! (those links are always partial). The other pairs above
//! [`AlignOptions::same`] report the same fact; those above
//! [`AlignOptions::partial`] overlap. What is left is "only in this outlet".
//! Boilerplate, subheads and headlines take no part.

use super::diff::{DiffChunk, equal_ratio, word_diff};
use super::idf::Idf;
use super::vector::{SparseVec, Vocabulary};
use crate::corpus::{Article, Span};
use crate::nlp::Analysis;
use crate::nlp::fold::fold;
use crate::nlp::terms::terms;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Thresholds of alignment.
#[derive(Clone, Debug)]
pub struct AlignOptions {
    /// Score (a probability, 0 to 1) from which two sentences report the
    /// same fact.
    pub same: f32,
    /// Score from which they overlap in part.
    pub partial: f32,
    /// Share of equal tokens from which a word diff is readable.
    pub readable_diff: f32,
    /// How the evidence of a pair is weighed into its score.
    pub weights: ScoreWeights,
    /// Compute sentence embeddings when they are missing (off: use them
    /// only when the analysis already has them).
    pub embed: bool,
    /// Score from which a sentence also links, as partial, to further
    /// sentences beyond its best counterpart (one fact told in pieces: a
    /// sentence may share facts with several of the other report's).
    pub link: f32,
    /// Mark the word differences of each pair (its word diff and the
    /// figures only one side gives), as the side-by-side view shows them.
    /// Off, a pair has none: a story's alignments are read for which
    /// sentences pair, and a story of n reports has n(n-1)/2 of them.
    pub words: bool,
}

/// The weights of a logistic model over the evidence of a sentence pair
/// (see [`PairEvidence`]): `score = 1 / (1 + exp(-(bias + Σ wᵢ·xᵢ)))`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreWeights {
    pub bias: f32,
    /// Cosine of the sentence embeddings (when one has none, `0.2 + 0.8 ·`
    /// the TF-IDF cosine).
    pub embedding: f32,
    /// TF-IDF cosine of the content terms (background document frequency).
    pub tfidf: f32,
    /// Jaccard overlap of character trigrams.
    pub trigrams: f32,
    /// Shared figures, up to three, over three.
    pub numbers: f32,
    /// Shared terms weighed by how rare they are in the two reports (a
    /// detail both tell, not the story's own name): `ln(1 + Σ) / ln 11`
    /// (about 1 for three rare details; it may exceed 1).
    pub rare_terms: f32,
    /// Shared word trigrams (a phrase or quote both print), up to five,
    /// over five.
    pub phrases: f32,
}

impl ScoreWeights {
    /// The features in the order of [`ScoreWeights::as_array`].
    pub const NAMES: [&'static str; 6] = [
        "embedding",
        "tfidf",
        "trigrams",
        "numbers",
        "rare_terms",
        "phrases",
    ];

    pub fn as_array(&self) -> [f32; 6] {
        [
            self.embedding,
            self.tfidf,
            self.trigrams,
            self.numbers,
            self.rare_terms,
            self.phrases,
        ]
    }

    pub fn from_array(bias: f32, w: [f32; 6]) -> ScoreWeights {
        ScoreWeights {
            bias,
            embedding: w[0],
            tfidf: w[1],
            trigrams: w[2],
            numbers: w[3],
            rare_terms: w[4],
            phrases: w[5],
        }
    }

    /// The score of a pair's features (in [`ScoreWeights::NAMES`] order).
    pub fn score(&self, x: &[f32; 6]) -> f32 {
        let z = self.bias
            + self
                .as_array()
                .iter()
                .zip(x)
                .map(|(w, v)| w * v)
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

impl Default for AlignOptions {
    fn default() -> Self {
        // fitted and chosen on the hand-aligned gold (`cargo run --release
        // --example align_tune -- --sweep`): the logistic weights by
        // gradient descent on every candidate pair, the thresholds for the
        // best F1 over all links at a precision of 0.9 or more (two-fold
        // cross-validation of that procedure: precision 0.85, recall 0.78
        // of "same" and 0.31 of all links)
        AlignOptions {
            same: SAME,
            partial: PARTIAL,
            readable_diff: 0.35,
            weights: WEIGHTS,
            embed: true,
            link: LINK,
            words: true,
        }
    }
}

/// See [`AlignOptions::default`].
const WEIGHTS: ScoreWeights = ScoreWeights {
    bias: -6.18,
    embedding: 8.5,
    tfidf: 0.42,
    trigrams: 2.36,
    numbers: 2.01,
    rare_terms: 2.1,
    phrases: 2.44,
};
const SAME: f32 = 0.8;
const PARTIAL: f32 = 0.65;
const LINK: f32 = 0.8;

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
    /// The content terms' ids in the order of the text.
    order: Vec<u32>,
    /// For each term of `order`, whether it follows the one before with
    /// nothing but spaces, hyphens or brackets between.
    joined: Vec<bool>,
    /// Character trigrams of the folded words, hashed and sorted.
    trigrams: Vec<u32>,
    numbers: HashSet<String>,
    /// Word trigrams of the folded words, hashed and sorted.
    phrases: Vec<u32>,
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
            out.push(fnv1a(w.iter().map(|&c| c as u32)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The word trigrams of a sentence (folded words, stopwords kept: "said
/// it was" is no evidence alone, but quotes and phrases are), hashed and
/// sorted. Three capitalised words are a name, not a phrase: a shared name
/// counts among the rare terms, once.
fn phrases(text: &str) -> Vec<u32> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<u32> = words
        .windows(3)
        .filter(|w| !w.iter().all(|x| x.starts_with(char::is_uppercase)))
        .map(|w| fnv1a(fold(&w.join(" ")).bytes().map(u32::from)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// FNV-1a over a few symbols (chars or bytes): collisions only blur an
/// overlap slightly.
fn fnv1a(symbols: impl Iterator<Item = u32>) -> u32 {
    symbols.fold(0x811c_9dc5, |h, c| (h ^ c).wrapping_mul(0x0100_0193))
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
            let order: Vec<u32> = ts.iter().map(|(t, _)| vocab.id(t)).collect();
            // a term written right after the one before it: nothing but
            // spaces, hyphens or brackets between ("Security Support
            // (MSS) Mission"; not "Paris, Berlin" or "Mission and Farmers")
            let joined = ts
                .iter()
                .enumerate()
                .map(|(k, (_, sp))| {
                    k > 0
                        && article.body[ts[k - 1].1.end..sp.start]
                            .chars()
                            .all(|c| c.is_whitespace() || matches!(c, '-' | '(' | ')'))
                })
                .collect();
            let pairs = ts
                .iter()
                .zip(&order)
                .map(|((t, _), &id)| (id, idf.idf(t)))
                .collect();
            SentenceFeatures {
                order,
                joined,
                index,
                span: s.span,
                vector: SparseVec::from_weights(pairs).normalized(),
                trigrams: trigrams(article.text(s.span)),
                phrases: phrases(article.text(s.span)),
                numbers,
                embedding: vectors.and_then(|v| v.get(index).cloned().flatten()),
            }
        })
        .collect()
}

/// How rare each term is across the sentences of the two reports being
/// aligned: `ln(N / df)` for a term in at most a quarter of their N
/// sentences (or in two, for short reports), nothing for the story's own
/// words ("Toblerone", "crash").
struct Rarity(HashMap<u32, f32>);

impl Rarity {
    fn of(lf: &[SentenceFeatures], rf: &[SentenceFeatures]) -> Rarity {
        let mut df: HashMap<u32, u32> = HashMap::new();
        for f in lf.iter().chain(rf) {
            for &(t, _) in &f.vector.0 {
                *df.entry(t).or_default() += 1;
            }
        }
        let n = (lf.len() + rf.len()) as f32;
        Rarity(
            df.into_iter()
                .filter(|&(_, d)| d as f32 <= (0.25 * n).max(2.0))
                .map(|(t, d)| (t, (n / d as f32).ln()))
                .collect(),
        )
    }

    /// The summed rarity of the details two sentences share, the same
    /// whichever comes first: the mean of [`Rarity::shared_from`] both ways.
    fn shared(&self, a: &SentenceFeatures, b: &SentenceFeatures) -> f32 {
        0.5 * (self.shared_from(a, b) + self.shared_from(b, a))
    }

    /// The terms `a` shares with `b`, where a run of shared terms written
    /// together in `a` ("Multinational Security Support Mission") is one
    /// detail, as rare as its rarest term.
    fn shared_from(&self, a: &SentenceFeatures, b: &SentenceFeatures) -> f32 {
        let in_b = |t: &u32| b.vector.0.binary_search_by_key(t, |&(id, _)| id).is_ok();
        let (mut sum, mut run) = (0.0f32, 0.0f32);
        for (k, t) in a.order.iter().enumerate() {
            // a term repeated earlier in the sentence counts once
            if !in_b(t) || a.order[..k].contains(t) {
                sum += run;
                run = 0.0;
                continue;
            }
            if !a.joined[k] {
                sum += run;
                run = 0.0;
            }
            run = run.max(self.0.get(t).copied().unwrap_or(0.0));
        }
        sum + run
    }
}

/// The evidence of a pair, in [`ScoreWeights::NAMES`] order.
fn evidence(a: &SentenceFeatures, b: &SentenceFeatures, rarity: &Rarity) -> [f32; 6] {
    let tfidf = a.vector.dot(&b.vector);
    let emb = match (&a.embedding, &b.embedding) {
        (Some(x), Some(y)) => x.cosine(y),
        // no embedding (the encoder failed): read the words instead, on
        // the embedding's scale (one topic's sentences sit near 0.2)
        _ => 0.2 + 0.8 * tfidf,
    };
    let numbers = a.numbers.intersection(&b.numbers).count().min(3) as f32 / 3.0;
    let phrases = sorted_overlap(&a.phrases, &b.phrases).min(5) as f32 / 5.0;
    [
        emb,
        tfidf,
        trigram_overlap(a, b),
        numbers,
        // (on a log scale: a long shared name is one detail, not five)
        rarity.shared(a, b).ln_1p() / 11f32.ln(),
        phrases,
    ]
}

/// The evidence behind one candidate pair of sentences, for tuning and
/// evaluation tools (see `examples/align_tune.rs`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct PairEvidence {
    /// Sentence indexes in the left and right analyses.
    pub left: usize,
    pub right: usize,
    /// Cosine of the sentence embeddings (`None` when one has none).
    pub embedding: Option<f32>,
    /// The features [`ScoreWeights`] weighs, in [`ScoreWeights::NAMES`]
    /// order.
    pub features: [f32; 6],
    /// The score [`align`] ranks pairs by.
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
    let rarity = Rarity::of(&lf, &rf);
    let mut out = Vec::with_capacity(lf.len() * rf.len());
    for a in &lf {
        for b in &rf {
            let features = evidence(a, b, &rarity);
            out.push(PairEvidence {
                left: a.index,
                right: b.index,
                embedding: match (&a.embedding, &b.embedding) {
                    (Some(x), Some(y)) => Some(x.cosine(y)),
                    _ => None,
                },
                features,
                score: opts.weights.score(&features),
            });
        }
    }
    out
}

/// Aligns the reporting sentences of two articles.
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
    // which sentences pair is what a story's facts read; the word
    // differences are marked when two reports are compared side by side
    let opts = AlignOptions {
        words: false,
        ..Default::default()
    };
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
    let rarity = Rarity::of(lf, rf);
    let mut scored: Vec<(f32, usize, usize)> = Vec::new();
    for (i, a) in lf.iter().enumerate() {
        for (j, b) in rf.iter().enumerate() {
            let s = opts.weights.score(&evidence(a, b, &rarity));
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
    let kind = |s: f32| {
        if s >= opts.same {
            PairKind::Same
        } else {
            PairKind::Partial
        }
    };
    let mut chosen: Vec<(f32, usize, usize, PairKind)> = Vec::new();
    for &(s, i, j) in &scored {
        if left_used[i] == 0 && right_used[j] == 0 {
            left_used[i] = 1;
            right_used[j] = 1;
            chosen.push((s, i, j, kind(s)));
        }
    }
    for &(s, i, j) in &scored {
        let split =
            (left_used[i] == 0 && right_used[j] == 1) || (left_used[i] == 1 && right_used[j] == 0);
        if split && s >= opts.same {
            left_used[i] += 1;
            right_used[j] += 1;
            chosen.push((s, i, j, PairKind::Same));
        }
    }
    // further links: a sentence that shares facts with several
    // (always partial: the sentence's own counterpart is the pair above)
    let taken: HashSet<(usize, usize)> = chosen.iter().map(|&(_, i, j, _)| (i, j)).collect();
    for &(s, i, j) in &scored {
        if s >= opts.link && !taken.contains(&(i, j)) {
            left_used[i] += 1;
            right_used[j] += 1;
            chosen.push((s, i, j, PairKind::Partial));
        }
    }
    chosen.sort_by_key(|&(_, i, j, _)| (lf[i].index, rf[j].index));
    let pairs = chosen
        .into_iter()
        .map(|(s, i, j, kind)| {
            let (a, b) = (&lf[i], &rf[j]);
            let (diff, (left_marks, right_marks)) = if opts.words {
                let chunks = word_diff(&left.body, a.span, &right.body, b.span);
                let readable = equal_ratio(&left.body, &chunks, &right.body) >= opts.readable_diff;
                (
                    readable.then_some(chunks),
                    differing_numbers(left, a, right, b),
                )
            } else {
                (None, Default::default())
            };
            AlignedPair {
                left: a.index,
                right: b.index,
                score: s,
                kind,
                diff,
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
    fn a_shared_name_is_one_detail_and_no_phrase() {
        // three capitalised words are a name: no phrase of their own
        assert!(phrases("The Multinational Security Support").is_empty());
        assert_eq!(phrases("he said it was raining").len(), 3);
        // a run of shared terms counts as its rarest term, once
        let a = art(
            "The Multinational Security Support Mission met on Monday. Rain fell in the valley. Farmers sold multinational grain at the market. The bridge reopened. Tourists returned.",
        );
        let b = art(
            "Critics of the Multinational Security Support Mission spoke. The harbour was closed. A school reopened in spring. Snow came early. Prices rose.",
        );
        let (aa, ba) = (analyze(&a), analyze(&b));
        let idf = Idf::new(DocFreq::background());
        let (lf, rf) = both_features(&a, &aa, &b, &ba, &idf, &AlignOptions::default());
        let rarity = Rarity::of(&lf, &rf);
        let shared: Vec<f32> = lf[0]
            .order
            .iter()
            .filter(|t| rf[0].vector.0.iter().any(|(id, _)| id == *t))
            .map(|t| rarity.0.get(t).copied().unwrap_or(0.0))
            .collect();
        assert_eq!(shared.len(), 4, "multinational security support mission");
        // "multinational" is in three of the ten sentences: not rare
        assert_eq!(shared[0], 0.0);
        let single = shared.iter().fold(0f32, |m, &r| m.max(r));
        assert!(single > 0.0);
        assert!((rarity.shared(&lf[0], &rf[0]) - single).abs() < 1e-6);
        assert_eq!(rarity.shared(&lf[0], &rf[0]), rarity.shared(&rf[0], &lf[0]));
        // two details apart are two
        let c = art(
            "The Mission praised the harvest of the Farmers on Monday. Rain fell. Grain was sold. The harbour was closed. Tourists came.",
        );
        let d = art(
            "The Mission and the Farmers disagreed. A school reopened. The valley flooded. Spring came. Prices rose.",
        );
        let (ca, da) = (analyze(&c), analyze(&d));
        let (cf, df) = both_features(&c, &ca, &d, &da, &idf, &AlignOptions::default());
        let r2 = Rarity::of(&cf, &df);
        let both: Vec<f32> = cf[0]
            .order
            .iter()
            .filter(|t| df[0].vector.0.iter().any(|(id, _)| id == *t))
            .map(|t| r2.0.get(t).copied().unwrap_or(0.0))
            .collect();
        assert_eq!(both.len(), 2, "mission and farmer");
        assert!((r2.shared(&cf[0], &df[0]) - both.iter().sum::<f32>()).abs() < 1e-6);
        // written together on one side only ("the Mission and the Farmers"
        // is no name): two details both ways
        assert_eq!(r2.shared(&cf[0], &df[0]), r2.shared(&df[0], &cf[0]));
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
