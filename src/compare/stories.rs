//! Stories: grouping articles that report the same incident.
//!
//! Each article becomes a TF-IDF vector of its content terms, the title and
//! lead weighted above the rest (IDF blended from the background table and
//! the corpus). Candidate pairs come from an inverted index over each
//! article's heaviest terms that are rare in the corpus, never all pairs, so
//! cost grows near-linearly. Pairs are scored by cosine; when both articles
//! are dated, a pair further apart in time than a window is dropped, the
//! window widening with the similarity (near-identical reports may be weeks
//! apart, loosely similar ones only days). Average-link clustering over the
//! scored pairs then forms the stories. Articles close to a story but not in
//! it are its *related* articles: they share its people and places but
//! report another event.

use super::idf::{DocFreq, Idf};
use super::vector::{SparseVec, Vocabulary};
use crate::corpus::Article;
use crate::nlp::Analysis;
use crate::nlp::terms::terms;
use jiff::civil::Date;
use std::collections::{BinaryHeap, HashMap};

/// Tuning of story grouping. The defaults were chosen on the seeds and on
/// fixtures written for the tests, not on the evaluation corpus.
#[derive(Clone, Debug)]
pub struct StoryOptions {
    /// Average similarity at which two groups merge into one story.
    pub same_story: f32,
    /// Similarity at which an article outside a story is listed as related.
    pub related: f32,
    /// Heaviest terms per article used to find candidate pairs.
    pub candidate_terms: usize,
    /// Terms in more articles than this find no candidates (too common).
    pub max_posting: usize,
    /// Days apart allowed for a pair just at the `same_story` similarity…
    pub min_window_days: i64,
    /// …and for identical reports.
    pub max_window_days: i64,
    /// Weight of the title and of the first two reporting sentences.
    pub title_weight: f32,
    pub lead_weight: f32,
    /// Share of the leads' (names excluded) similarity in the grouping
    /// similarity: two reports of one incident share its news peg.
    pub lead_share: f32,
    /// Cosine from which a "last month…" sentence reports another article's
    /// lead (both without names).
    pub recall_match: f32,
}

impl Default for StoryOptions {
    fn default() -> Self {
        StoryOptions {
            same_story: 0.20,
            related: 0.15,
            candidate_terms: 24,
            max_posting: 400,
            min_window_days: 3,
            max_window_days: 45,
            title_weight: 2.0,
            lead_weight: 1.0,
            recall_match: 0.25,
            lead_share: 0.0,
        }
    }
}

/// What clustering needs from one article.
#[derive(Clone, Debug, Default)]
pub struct DocFeatures {
    /// Unit-length TF-IDF vector.
    pub vector: SparseVec,
    pub date: Option<Date>,
    /// The lead (first reporting sentence) as a unit-length TF-IDF vector
    /// of its words that are not names (what happened, not to whom).
    pub lead: SparseVec,
    /// The lead itself refers to a long-past time ("Last month, …").
    pub lead_is_past: bool,
    /// Sentences that recall a long-past event ("… last month", "… a year
    /// ago"), as vectors like `lead`: where an article mentions an earlier
    /// incident as background.
    pub recalled: Vec<SparseVec>,
}

/// Phrases that place an event weeks or more before the article's own.
static LONG_PAST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(?-u:\b)(?:last|previous) (?:month|year|summer|winter|spring|autumn|fall)(?-u:\b)|(?-u:\b)(?:a|one|two|three|four|five|six|several|\d+) (?:months?|years?) (?:ago|earlier|before)(?-u:\b)|(?-u:\b)earlier this year(?-u:\b)",
    )
    .expect("long-past pattern")
});

/// True when a sentence places what it says weeks or more in the past.
pub fn recalls_long_past(sentence: &str) -> bool {
    LONG_PAST.is_match(sentence)
}

/// A group of articles reporting one incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    /// Indexes of the member articles, the most central first.
    pub articles: Vec<usize>,
    /// Articles outside the story that are close to it, with their
    /// similarity, closest first.
    pub related: Vec<(usize, f32)>,
    /// A short label: the most central article's title.
    pub label: String,
}

/// All stories of a corpus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stories {
    pub stories: Vec<Story>,
    /// For each article, the index of its story.
    pub story_of: Vec<usize>,
}

/// Builds the feature vectors of a corpus.
pub fn features(
    articles: &[&Article],
    analyses: &[&Analysis],
    background: &DocFreq,
    opts: &StoryOptions,
) -> Vec<DocFeatures> {
    // weighted term counts per article
    let counts: Vec<HashMap<String, f32>> = articles
        .iter()
        .zip(analyses)
        .map(|(a, an)| weighted_terms(a, an, opts))
        .collect();
    let mut idf = Idf::new(background);
    for c in &counts {
        idf.add_document(c.keys().map(String::as_str));
    }
    let mut vocab = Vocabulary::default();
    // Event vectors leave names out: a follow-up shares its people and
    // places with the first report, so only the words for what happened
    // tell the events apart.
    let mut event_vector = |a: &Article, an: &Analysis, span: crate::corpus::Span| {
        let names: Vec<crate::corpus::Span> = an
            .mentions_in(span)
            .filter(|m| m.group.is_name())
            .map(|m| m.span)
            .collect();
        let pairs = terms(&a.body, span)
            .into_iter()
            .filter(|(_, s)| !names.iter().any(|n| n.overlaps(*s)))
            .map(|(t, _)| (vocab.id(&t), idf.idf(&t)))
            .collect();
        SparseVec::from_weights(pairs).normalized()
    };
    let mut out = Vec::with_capacity(articles.len());
    for ((c, a), an) in counts.iter().zip(articles).zip(analyses) {
        let reporting: Vec<crate::corpus::Span> =
            an.reporting_sentences().map(|(_, s)| s.span).collect();
        let lead_span = reporting
            .first()
            .copied()
            .unwrap_or(crate::corpus::Span::new(0, 0));
        let lead = event_vector(a, an, lead_span);
        let lead_is_past = recalls_long_past(a.text(lead_span));
        let recalled = reporting
            .iter()
            .skip(1)
            .filter(|s| recalls_long_past(a.text(**s)))
            .map(|s| event_vector(a, an, *s))
            .collect();
        out.push((c, a, lead, lead_is_past, recalled));
    }
    out.into_iter()
        .map(|(c, a, lead, lead_is_past, recalled)| {
            let pairs = c
                .iter()
                .map(|(t, n)| (vocab.id(t), (1.0 + n.ln()) * idf.idf(t)))
                .collect();
            DocFeatures {
                vector: SparseVec::from_weights(pairs).normalized(),
                date: a.published,
                lead,
                lead_is_past,
                recalled,
            }
        })
        .collect()
}

/// Content terms of title, lead and body with their weights.
fn weighted_terms(
    article: &Article,
    analysis: &Analysis,
    opts: &StoryOptions,
) -> HashMap<String, f32> {
    let mut counts: HashMap<String, f32> = HashMap::new();
    let mut add = |text: &str, span, weight: f32| {
        for (t, _) in terms(text, span) {
            *counts.entry(t).or_default() += weight;
        }
    };
    let reporting: Vec<_> = analysis
        .reporting_sentences()
        .map(|(_, s)| s.span)
        .collect();
    let first = reporting.first().map(|s| article.text(*s)).unwrap_or("");
    // An inferred title repeats the first sentence: count it once.
    let title = article.title.trim_end_matches('…');
    if !title.is_empty() && !first.starts_with(title) {
        add(
            &article.title,
            crate::corpus::Span::new(0, article.title.len()),
            opts.title_weight,
        );
    }
    for (i, s) in reporting.iter().enumerate() {
        add(
            &article.body,
            *s,
            if i < 2 { opts.lead_weight } else { 1.0 },
        );
    }
    counts
}

/// True when `a` recalls `b`'s lead event as long past: one of `a`'s
/// "last month…" sentences reports what `b`'s lead reports — closer than
/// `a`'s own lead does — while `a`'s lead is about the present. Then `a`
/// reports a later, different event and mentions `b`'s as background.
pub fn recalls(a: &DocFeatures, b: &DocFeatures, opts: &StoryOptions) -> bool {
    if a.lead_is_past || b.lead.is_empty() {
        return false;
    }
    let own = a.lead.dot(&b.lead);
    a.recalled.iter().any(|s| {
        let m = s.dot(&b.lead);
        m >= opts.recall_match && m > own
    })
}

/// The similarity of two articles for grouping: 0 when their dates are too
/// far apart for it, or when one recalls the other's event as background.
fn pair_similarity(a: &DocFeatures, b: &DocFeatures, opts: &StoryOptions) -> f32 {
    if recalls(a, b, opts) || recalls(b, a, opts) {
        return 0.0;
    }
    topic_similarity(a, b, opts)
}

/// Cosine of the articles' vectors (blended with their leads' by
/// `lead_share`), 0 when their dates are too far apart.
fn topic_similarity(a: &DocFeatures, b: &DocFeatures, opts: &StoryOptions) -> f32 {
    let s =
        (1.0 - opts.lead_share) * a.vector.dot(&b.vector) + opts.lead_share * a.lead.dot(&b.lead);
    if let (Some(da), Some(db)) = (a.date, b.date) {
        let gap = (da - db).get_days().abs() as i64;
        let strength = ((s - opts.same_story) / (1.0 - opts.same_story)).clamp(0.0, 1.0);
        let window = opts.min_window_days as f32
            + (opts.max_window_days - opts.min_window_days) as f32 * strength;
        if gap as f32 > window {
            return 0.0;
        }
    }
    s
}

/// Candidate pairs (i < j) from an inverted index over each article's
/// heaviest uncommon terms.
fn candidate_pairs(docs: &[DocFeatures], opts: &StoryOptions) -> Vec<(usize, usize)> {
    if std::env::var_os("NEWSDESK_ALL_PAIRS").is_some() {
        return (0..docs.len())
            .flat_map(|i| (i + 1..docs.len()).map(move |j| (i, j)))
            .collect();
    }
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for t in d.vector.top(opts.candidate_terms) {
            postings.entry(t).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for list in postings.values() {
        if list.len() < 2 || list.len() > opts.max_posting {
            continue;
        }
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Scored candidate pairs (i < j) whose topic similarity is at least
/// `min`: (i, j, similarity for grouping, topic similarity).
pub fn scored_pairs(
    docs: &[DocFeatures],
    opts: &StoryOptions,
    min: f32,
) -> Vec<(usize, usize, f32, f32)> {
    use rayon::prelude::*;
    candidate_pairs(docs, opts)
        .into_par_iter()
        .filter_map(|(i, j)| {
            let topic = topic_similarity(&docs[i], &docs[j], opts);
            (topic >= min).then(|| (i, j, pair_similarity(&docs[i], &docs[j], opts), topic))
        })
        .collect()
}

#[derive(PartialEq)]
struct Candidate {
    avg: f32,
    a: usize,
    b: usize,
    size_a: usize,
    size_b: usize,
}

impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then(other.a.cmp(&self.a))
            .then(other.b.cmp(&self.b))
    }
}

/// Average-link agglomerative clustering over sparse scored pairs: two
/// groups merge while the mean similarity over all their cross pairs
/// (unscored pairs counting as 0) is at least `threshold`, unless a
/// `cannot` pair (an article that recalls the other's event) would end up
/// in one group.
pub fn average_link(
    n: usize,
    pairs: &[(usize, usize, f32)],
    cannot: &[(usize, usize)],
    threshold: f32,
) -> Vec<usize> {
    let mut blocked: Vec<std::collections::HashSet<usize>> = vec![Default::default(); n];
    for &(i, j) in cannot {
        blocked[i].insert(j);
        blocked[j].insert(i);
    }
    let mut size = vec![1usize; n];
    let mut alive = vec![true; n];
    let mut links: Vec<HashMap<usize, f32>> = vec![HashMap::new(); n];
    for &(i, j, s) in pairs {
        *links[i].entry(j).or_default() += s;
        *links[j].entry(i).or_default() += s;
    }
    let mut heap = BinaryHeap::new();
    for (a, l) in links.iter().enumerate() {
        for (&b, &sum) in l {
            if a < b {
                heap.push(Candidate {
                    avg: sum,
                    a,
                    b,
                    size_a: 1,
                    size_b: 1,
                });
            }
        }
    }
    let mut parent: Vec<usize> = (0..n).collect();
    while let Some(c) = heap.pop() {
        if c.avg < threshold {
            break;
        }
        // stale entries: a side merged away or grew since it was queued
        if !alive[c.a] || !alive[c.b] || size[c.a] != c.size_a || size[c.b] != c.size_b {
            continue;
        }
        if blocked[c.a].contains(&c.b) {
            continue;
        }
        // merge b into a
        let (a, b) = (c.a, c.b);
        alive[b] = false;
        parent[b] = a;
        size[a] += size[b];
        let b_blocked = std::mem::take(&mut blocked[b]);
        for &k in &b_blocked {
            blocked[k].remove(&b);
            blocked[k].insert(a);
        }
        blocked[a].extend(b_blocked);
        let b_links = std::mem::take(&mut links[b]);
        links[a].remove(&b);
        for (k, s) in b_links {
            if k == a {
                continue;
            }
            *links[a].entry(k).or_default() += s;
            let lk = &mut links[k];
            let moved = lk.remove(&b).unwrap_or(0.0);
            *lk.entry(a).or_default() += moved;
        }
        for (&k, &sum) in &links[a] {
            let avg = sum / (size[a] * size[k]) as f32;
            let (x, y) = (a.min(k), a.max(k));
            heap.push(Candidate {
                avg,
                a: x,
                b: y,
                size_a: size[x],
                size_b: size[y],
            });
        }
    }
    // roots: follow parents
    (0..n)
        .map(|mut i| {
            while parent[i] != i {
                i = parent[i];
            }
            i
        })
        .collect()
}

/// Groups articles into stories and lists each story's related articles.
pub fn cluster_stories(
    articles: &[&Article],
    docs: &[DocFeatures],
    opts: &StoryOptions,
) -> Stories {
    let n = docs.len();
    let scored = scored_pairs(docs, opts, 0.02);
    let pairs: Vec<(usize, usize, f32)> = scored.iter().map(|&(i, j, s, _)| (i, j, s)).collect();
    let cannot: Vec<(usize, usize)> = scored
        .iter()
        .filter(|&&(i, j, _, _)| {
            recalls(&docs[i], &docs[j], opts) || recalls(&docs[j], &docs[i], opts)
        })
        .map(|&(i, j, _, _)| (i, j))
        .collect();
    let root = average_link(n, &pairs, &cannot, opts.same_story);
    // number the stories in order of their first article
    let mut index_of_root: HashMap<usize, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut story_of = vec![0; n];
    for i in 0..n {
        let s = *index_of_root.entry(root[i]).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[s].push(i);
        story_of[i] = s;
    }
    // centrality: summed similarity to the other members
    let mut centrality = vec![0f32; n];
    let mut related: Vec<HashMap<usize, f32>> = vec![HashMap::new(); members.len()];
    for &(i, j, s, topic) in &scored {
        if story_of[i] == story_of[j] {
            centrality[i] += s;
            centrality[j] += s;
        } else if topic >= opts.related {
            let s = topic;
            for (x, y) in [(i, j), (j, i)] {
                let e = related[story_of[y]].entry(x).or_default();
                *e = e.max(s);
            }
        }
    }
    let stories = members
        .into_iter()
        .zip(related)
        .map(|(mut m, rel)| {
            m.sort_by(|a, b| centrality[*b].total_cmp(&centrality[*a]).then(a.cmp(b)));
            let mut related: Vec<(usize, f32)> = rel.into_iter().collect();
            related.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            Story {
                label: articles[m[0]].title.clone(),
                articles: m,
                related,
            }
        })
        .collect();
    Stories { stories, story_of }
}

/// Stories with the default options and the shipped background table.
pub fn stories_of(articles: &[&Article], analyses: &[&Analysis]) -> Stories {
    let opts = StoryOptions::default();
    let docs = features(articles, analyses, DocFreq::background(), &opts);
    cluster_stories(articles, &docs, &opts)
}

/// B-cubed precision, recall and F1 of a clustering against gold labels.
pub fn bcubed(predicted: &[usize], gold: &[usize]) -> (f64, f64, f64) {
    let n = predicted.len();
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let same_pred: Vec<usize> = (0..n).filter(|&j| predicted[j] == predicted[i]).collect();
        let same_gold = (0..n).filter(|&j| gold[j] == gold[i]).count();
        let correct = same_pred.iter().filter(|&&j| gold[j] == gold[i]).count();
        p += correct as f64 / same_pred.len() as f64;
        r += correct as f64 / same_gold as f64;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    (
        p,
        r,
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_link_merges_only_cohesive_groups() {
        // 0-1-2 tightly linked; 3 linked to 2 only weakly; 4 alone
        let pairs = vec![(0, 1, 0.9), (0, 2, 0.8), (1, 2, 0.85), (2, 3, 0.5)];
        let r = average_link(5, &pairs, &[], 0.4);
        assert_eq!(r[0], r[1]);
        assert_eq!(r[1], r[2]);
        // 3's average link to {0,1,2} is 0.5/3 < 0.4
        assert_ne!(r[3], r[0]);
        assert_ne!(r[4], r[0]);
        // a cannot-link keeps 2 out of {0, 1} even though it is close to both
        let r = average_link(5, &pairs, &[(0, 2)], 0.4);
        assert_eq!(r[0], r[1]);
        assert_ne!(r[2], r[0]);
    }

    #[test]
    fn long_past_phrases() {
        assert!(recalls_long_past("Last month, a constable was killed."));
        assert!(recalls_long_past("the blast two months ago"));
        assert!(recalls_long_past("It opened earlier this year."));
        assert!(!recalls_long_past("He was killed last week."));
        assert!(!recalls_long_past("The monthly report came out."));
    }

    #[test]
    fn bcubed_scores() {
        assert_eq!(bcubed(&[0, 0, 1, 1], &[5, 5, 6, 6]), (1.0, 1.0, 1.0));
        let (p, r, _) = bcubed(&[0, 0, 0, 0], &[1, 1, 2, 2]);
        assert_eq!((p, r), (0.5, 1.0));
    }

    #[test]
    fn time_window_widens_with_similarity() {
        let opts = StoryOptions::default();
        let v = SparseVec(vec![(0, 1.0)]);
        let w = SparseVec(vec![(0, 0.6), (1, 0.8)]);
        let d = |y, m, day| Some(jiff::civil::date(y, m, day));
        let a = DocFeatures {
            vector: v.clone(),
            date: d(2024, 1, 1),
            ..Default::default()
        };
        // identical vectors: allowed 45 days apart, not 60
        assert!(
            pair_similarity(
                &a,
                &DocFeatures {
                    vector: v.clone(),
                    date: d(2024, 2, 10),
                    ..Default::default()
                },
                &opts
            ) > 0.9
        );
        assert_eq!(
            pair_similarity(
                &a,
                &DocFeatures {
                    vector: v.clone(),
                    date: d(2024, 3, 1),
                    ..Default::default()
                },
                &opts
            ),
            0.0
        );
        // a weak match only within days
        // (0.6 similarity: a window of 3 + 42 × 0.4/0.8 = 24 days)
        assert_eq!(
            pair_similarity(
                &a,
                &DocFeatures {
                    vector: w.clone(),
                    date: d(2024, 1, 27),
                    ..Default::default()
                },
                &opts
            ),
            0.0
        );
        assert!(
            pair_similarity(
                &a,
                &DocFeatures {
                    vector: w.clone(),
                    date: d(2024, 1, 20),
                    ..Default::default()
                },
                &opts
            ) > 0.5
        );
        assert!(
            pair_similarity(
                &a,
                &DocFeatures {
                    vector: w,
                    date: None,
                    ..Default::default()
                },
                &opts
            ) > 0.5
        );
    }
}
