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

use super::idf::{DocFreq, smoothed_idf, term_hash};
use super::vector::SparseVec;
use crate::corpus::Article;
use crate::nlp::Analysis;
use crate::nlp::terms::for_each_term;
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
    /// Similarity at which a related article is a follow-up whose facts are
    /// compared with the story's.
    pub followup: f32,
    /// Heaviest terms per article used to find candidate pairs.
    pub candidate_terms: usize,
    /// Terms in more articles than this find no candidates (too common).
    pub max_posting: usize,
    /// Heavy terms two articles must share to be compared at all…
    pub min_shared_terms: usize,
    /// …unless one of them is this rare (in so many articles' heavy terms
    /// or fewer).
    pub rare_posting: usize,
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
    /// Days by which, when both are dated, the recalled report must be
    /// older than the one recalling it.
    pub recall_min_days: i64,
}

impl Default for StoryOptions {
    fn default() -> Self {
        StoryOptions {
            same_story: 0.20,
            related: 0.15,
            followup: 0.15,
            candidate_terms: 24,
            max_posting: 400,
            min_shared_terms: 2,
            rare_posting: 50,
            min_window_days: 3,
            max_window_days: 45,
            title_weight: 2.0,
            lead_weight: 1.0,
            recall_match: 0.25,
            recall_min_days: 3,
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
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Story {
    /// Indexes of the member articles, the most central first.
    pub articles: Vec<usize>,
    /// Articles outside the story that are close to it, with their
    /// similarity, closest first.
    pub related: Vec<(usize, f32)>,
    /// Related articles that follow the story up (close to it, in a smaller
    /// story of their own, and not recalling its event as another, earlier
    /// one): their facts are compared with the story's, marked as follow-ups.
    pub followups: Vec<usize>,
    /// A short label: the most central article's title.
    pub label: String,
}

impl Story {
    /// The articles whose facts are compared as the story's: its members,
    /// then its follow-ups.
    pub fn compared(&self) -> impl Iterator<Item = usize> + '_ {
        self.articles.iter().chain(&self.followups).copied()
    }
}

/// All stories of a corpus.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stories {
    pub stories: Vec<Story>,
    /// For each article, the index of its story.
    pub story_of: Vec<usize>,
}

/// What one article contributes before the corpus's IDF is known (made
/// by [`raw_features`], finished by [`features_from`]): an archive's
/// articles can be reduced to this one by one and their text let go.
pub struct RawFeatures {
    /// Weighted counts by [`term_hash`] (a list, not a map: 37k of these
    /// are held at once).
    counts: Vec<(u64, f32)>,
    lead: Vec<u64>,
    lead_is_past: bool,
    recalled: Vec<Vec<u64>>,
}

/// Event terms of a sentence leave names out: a follow-up shares its
/// people and places with the first report, so only the words for what
/// happened tell the events apart.
fn event_terms(a: &Article, span: crate::corpus::Span) -> Vec<u64> {
    let mut out = Vec::new();
    for_each_term(&a.body, span, |t, s| {
        if !looks_like_name(&a.body, span, s) {
            out.push(term_hash(t));
        }
    });
    out
}

/// A word written as a name: capitalised and not the first word of its
/// sentence. What sets an event's words apart from who and where, read
/// from the text alone so stories can be grouped as soon as articles load,
/// before (and whatever) the entity model finds.
fn looks_like_name(body: &str, sentence: crate::corpus::Span, word: crate::corpus::Span) -> bool {
    body[word.start..word.end]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        && body[sentence.start..word.start]
            .chars()
            .any(char::is_alphanumeric)
}

pub fn raw_features(a: &Article, an: &Analysis, opts: &StoryOptions) -> RawFeatures {
    raw_features_into(a, an, opts, None)
}

/// [`raw_features`], with the distinct terms of the article's reporting
/// sentences (what the corpus's document frequencies count) pushed to
/// `terms`, from the same reading of the text.
pub fn raw_features_and_terms(
    a: &Article,
    an: &Analysis,
    opts: &StoryOptions,
    terms: &mut Vec<String>,
) -> RawFeatures {
    raw_features_into(a, an, opts, Some(terms))
}

fn raw_features_into(
    a: &Article,
    an: &Analysis,
    opts: &StoryOptions,
    terms: Option<&mut Vec<String>>,
) -> RawFeatures {
    let reporting: Vec<crate::corpus::Span> =
        an.reporting_sentences().map(|(_, s)| s.span).collect();
    let lead_span = reporting
        .first()
        .copied()
        .unwrap_or(crate::corpus::Span::new(0, 0));
    RawFeatures {
        counts: {
            // in term order, so term ids (and float sums) are the same
            // from run to run whatever the map's seed
            let mut c: Vec<(u64, f32)> = weighted_terms(a, an, opts, terms).into_iter().collect();
            c.sort_unstable_by_key(|&(h, _)| h);
            c
        },
        lead: event_terms(a, lead_span),
        lead_is_past: recalls_long_past(a.text(lead_span)),
        recalled: reporting
            .iter()
            .skip(1)
            .filter(|s| recalls_long_past(a.text(**s)))
            .map(|s| event_terms(a, *s))
            .collect(),
    }
}

/// Builds the feature vectors of a corpus (in parallel where the work is
/// per article). Terms are handled by their [`term_hash`]: no string is
/// kept per article.
pub fn features(
    articles: &[&Article],
    analyses: &[&Analysis],
    background: &DocFreq,
    opts: &StoryOptions,
) -> Vec<DocFeatures> {
    use rayon::prelude::*;
    let raw: Vec<RawFeatures> = articles
        .par_iter()
        .zip(analyses.par_iter())
        .map(|(a, an)| raw_features(a, an, opts))
        .collect();
    let dates: Vec<Option<Date>> = articles.iter().map(|a| a.dated()).collect();
    features_from(raw, &dates, background)
}

/// The feature vectors of a corpus from its articles' [`RawFeatures`] and
/// publication dates, in corpus order.
pub fn features_from(
    mut raw: Vec<RawFeatures>,
    dates: &[Option<Date>],
    background: &DocFreq,
) -> Vec<DocFeatures> {
    // each article's hashed counts are dropped once numbered: at 37k
    // articles they are hundreds of MB
    let mut numbering = TermNumbering::default();
    let counts: Vec<Vec<(u32, f32)>> = raw.iter_mut().map(|r| numbering.number(r)).collect();
    features_numbered(numbering, &raw, counts, dates, background)
}

/// The terms of a corpus numbered in the order they first appear (each
/// article's in hash order, so the numbers and float sums are the same
/// from run to run), with how many articles hold each.
#[derive(Default)]
pub struct TermNumbering {
    ids: foldhash::HashMap<u64, u32>,
    hashes: Vec<u64>,
    local_df: Vec<u32>,
}

impl TermNumbering {
    /// Numbers the next article's weighted terms, taking them out of its
    /// raw features (half the memory: a number for a hash).
    pub fn number(&mut self, raw: &mut RawFeatures) -> Vec<(u32, f32)> {
        std::mem::take(&mut raw.counts)
            .into_iter()
            .map(|(h, n)| {
                let id = *self.ids.entry(h).or_insert_with(|| {
                    self.hashes.push(h);
                    self.local_df.push(0);
                    self.hashes.len() as u32 - 1
                });
                self.local_df[id as usize] += 1;
                (id, n)
            })
            .collect()
    }
}

/// [`features_from`] with the articles' terms numbered already (`counts`,
/// by [`TermNumbering::number`], in corpus order).
pub fn features_numbered(
    numbering: TermNumbering,
    raw: &[RawFeatures],
    counts: Vec<Vec<(u32, f32)>>,
    dates: &[Option<Date>],
    background: &DocFreq,
) -> Vec<DocFeatures> {
    use rayon::prelude::*;
    let TermNumbering {
        ids,
        hashes,
        local_df,
    } = numbering;
    // IDF over the background and this corpus counted together
    let documents = background.documents + raw.len() as u32;
    let idf_of: Vec<f32> = hashes
        .par_iter()
        .zip(local_df.par_iter())
        .map(|(&h, &n)| smoothed_idf(documents, background.df_of_hash(h) + n))
        .collect();
    let (idf_of, ids) = (&idf_of, &ids);
    let event_vector = |terms: &[u64]| {
        SparseVec::from_weights(
            terms
                .iter()
                .filter_map(|h| ids.get(h).copied())
                .map(|id| (id, idf_of[id as usize]))
                .collect(),
        )
        .normalized()
    };
    raw.par_iter()
        .zip(counts.into_par_iter())
        .zip(dates.par_iter())
        .map(|((r, c), date)| {
            let pairs = c
                .into_iter()
                .map(|(id, n)| (id, (1.0 + n.ln()) * idf_of[id as usize]))
                .collect();
            DocFeatures {
                vector: SparseVec::from_weights(pairs).normalized(),
                date: *date,
                lead: event_vector(&r.lead),
                lead_is_past: r.lead_is_past,
                recalled: r.recalled.iter().map(|t| event_vector(t)).collect(),
            }
        })
        .collect()
}

/// Content terms of title, lead and body with their weights.
fn weighted_terms(
    article: &Article,
    analysis: &Analysis,
    opts: &StoryOptions,
    mut distinct: Option<&mut Vec<String>>,
) -> foldhash::HashMap<u64, f32> {
    let mut counts: foldhash::HashMap<u64, f32> = Default::default();
    // the reporting sentences' terms seen (by hash), for `distinct`
    let mut seen: foldhash::HashSet<u64> = Default::default();
    let mut add = |text: &str, span, weight: f32, body: bool| {
        for_each_term(text, span, |t, _| {
            let h = term_hash(t);
            *counts.entry(h).or_default() += weight;
            if body
                && let Some(d) = distinct.as_deref_mut()
                && seen.insert(h)
            {
                d.push(t.to_string());
            }
        });
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
            false,
        );
    }
    for (i, s) in reporting.iter().enumerate() {
        add(
            &article.body,
            *s,
            if i < 2 { opts.lead_weight } else { 1.0 },
            true,
        );
    }
    counts
}

/// True when `a` recalls `b`'s lead event as long past: one of `a`'s
/// "last month…" sentences reports what `b`'s lead reports — closer than
/// `a`'s own lead does — while `a`'s lead is about the present. Then `a`
/// reports a later, different event and mentions `b`'s as background.
/// When both are dated, `b` must be at least [`StoryOptions::recall_min_days`]
/// older: what `a` recalls as weeks past cannot be what was reported the
/// same day or after it (two reports of one consulate bombing, one of
/// which recalls another consulate's attack "earlier this year", are
/// otherwise kept apart).
pub fn recalls(a: &DocFeatures, b: &DocFeatures, opts: &StoryOptions) -> bool {
    if a.lead_is_past || b.lead.is_empty() {
        return false;
    }
    if let (Some(da), Some(db)) = (a.date, b.date)
        && epoch_day(da) - epoch_day(db) < opts.recall_min_days
    {
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
#[cfg(test)]
fn pair_similarity(a: &DocFeatures, b: &DocFeatures, opts: &StoryOptions) -> f32 {
    if recalls(a, b, opts) || recalls(b, a, opts) {
        return 0.0;
    }
    topic_similarity(a, b, opts)
}

/// Cosine of the articles' vectors (blended with their leads' by
/// `lead_share`), 0 when their dates are too far apart.
#[cfg(test)]
fn topic_similarity(a: &DocFeatures, b: &DocFeatures, opts: &StoryOptions) -> f32 {
    topic_from_cosine(a.vector.dot(&b.vector), a, b, opts)
}

/// [`topic_similarity`] given the cosine of the two articles' vectors.
fn topic_from_cosine(cos: f32, a: &DocFeatures, b: &DocFeatures, opts: &StoryOptions) -> f32 {
    let gap = day_gap(a.date, b.date);
    if gap.is_some_and(|g| g > opts.max_window_days) {
        return 0.0;
    }
    let s = if opts.lead_share == 0.0 {
        cos
    } else {
        (1.0 - opts.lead_share) * cos + opts.lead_share * a.lead.dot(&b.lead)
    };
    if let Some(gap) = gap {
        let strength = ((s - opts.same_story) / (1.0 - opts.same_story)).clamp(0.0, 1.0);
        let window = opts.min_window_days as f32
            + (opts.max_window_days - opts.min_window_days) as f32 * strength;
        if gap as f32 > window {
            return 0.0;
        }
    }
    s
}

/// Days since 1970-01-01 of a civil date (Hinnant's `days_from_civil`):
/// plain arithmetic, as pairs are compared by the million.
fn epoch_day(d: Date) -> i64 {
    let (y, m, day) = (d.year() as i64, d.month() as i64, d.day() as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days between two dates, when both are known.
fn day_gap(a: Option<Date>, b: Option<Date>) -> Option<i64> {
    Some((epoch_day(a?) - epoch_day(b?)).abs())
}

/// The inverted index that proposes candidate pairs: each article's
/// heaviest terms, and the articles listing each term among theirs.
struct CandidateIndex {
    tops: Vec<Vec<u32>>,
    postings: foldhash::HashMap<u32, Vec<u32>>,
}

fn candidate_index(docs: &[DocFeatures], opts: &StoryOptions) -> CandidateIndex {
    use rayon::prelude::*;
    let tops: Vec<Vec<u32>> = docs
        .par_iter()
        .map(|d| d.vector.top(opts.candidate_terms))
        .collect();
    let mut postings: foldhash::HashMap<u32, Vec<u32>> = Default::default();
    for (i, top) in tops.iter().enumerate() {
        for &t in top {
            postings.entry(t).or_default().push(i as u32);
        }
    }
    postings.retain(|_, list| list.len() >= 2 && list.len() <= opts.max_posting);
    CandidateIndex { tops, postings }
}

/// The candidates j > i of article i: those sharing a rare heavy term
/// ([`StoryOptions::rare_posting`]) or at least
/// [`StoryOptions::min_shared_terms`] of them, within the widest time
/// window. The work grows with the postings i touches, never with the
/// square of a posting list, so the whole corpus costs near-linear time.
fn candidates_of(
    ix: &CandidateIndex,
    docs: &[DocFeatures],
    i: usize,
    opts: &StoryOptions,
) -> Vec<usize> {
    // per neighbour: heavy terms shared, and whether one is rare
    let mut shared: foldhash::HashMap<u32, (u16, bool)> = Default::default();
    for t in &ix.tops[i] {
        if let Some(list) = ix.postings.get(t) {
            let rare = list.len() <= opts.rare_posting;
            // lists are ascending: only the neighbours after i
            let from = list.partition_point(|&j| j as usize <= i);
            for &j in &list[from..] {
                if day_gap(docs[i].date, docs[j as usize].date)
                    .is_some_and(|g| g > opts.max_window_days)
                {
                    continue;
                }
                let e = shared.entry(j).or_default();
                e.0 += 1;
                e.1 |= rare;
            }
        }
    }
    let mut out: Vec<usize> = shared
        .into_iter()
        .filter(|&(_, (n, rare))| rare || n as usize >= opts.min_shared_terms)
        .map(|(j, _)| j as usize)
        .collect();
    out.sort_unstable();
    out
}

/// Scored candidate pairs (i < j) whose topic similarity is at least
/// `min`: (i, j, similarity for grouping, topic similarity). The grouping
/// similarity is 0 where one article recalls the other's event.
/// (`NEWSDESK_ALL_PAIRS` in the environment scores every pair instead, to
/// check what the index misses.)
pub fn scored_pairs(
    docs: &[DocFeatures],
    opts: &StoryOptions,
    min: f32,
) -> Vec<(usize, usize, f32, f32)> {
    use rayon::prelude::*;
    let n = docs.len();
    let index = std::env::var_os("NEWSDESK_ALL_PAIRS")
        .is_none()
        .then(|| candidate_index(docs, opts));
    let dim = docs
        .iter()
        .filter_map(|d| d.vector.0.last())
        .map(|&(id, _)| id as usize + 1)
        .max()
        .unwrap_or(0);
    (0..n)
        .into_par_iter()
        // article i spread over a dense buffer: each cosine is then one
        // pass over the neighbour's terms
        .map_init(
            || vec![0f32; dim],
            |dense, i| {
                let a = &docs[i];
                let js = match &index {
                    Some(ix) => candidates_of(ix, docs, i, opts),
                    None => (i + 1..n).collect(),
                };
                for &(id, w) in &a.vector.0 {
                    dense[id as usize] = w;
                }
                let out: Vec<(usize, usize, f32, f32)> = js
                    .into_iter()
                    .filter_map(|j| {
                        let b = &docs[j];
                        let cos: f32 = b
                            .vector
                            .0
                            .iter()
                            .map(|&(id, w)| dense[id as usize] * w)
                            .sum();
                        let topic = topic_from_cosine(cos, a, b, opts);
                        (topic >= min).then(|| {
                            let vetoed = recalls(a, b, opts) || recalls(b, a, opts);
                            (i, j, if vetoed { 0.0 } else { topic }, topic)
                        })
                    })
                    .collect();
                for &(id, _) in &a.vector.0 {
                    dense[id as usize] = 0.0;
                }
                out
            },
        )
        .flatten_iter()
        .collect()
}

/// A merge waiting in the queue (indices and sizes as `u32`: the queue
/// holds millions of them on a large archive).
#[derive(PartialEq)]
struct Candidate {
    avg: f32,
    a: u32,
    b: u32,
    size_a: u32,
    size_b: u32,
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
    let mut blocked: Vec<foldhash::HashSet<usize>> = vec![Default::default(); n];
    for &(i, j) in cannot {
        blocked[i].insert(j);
        blocked[j].insert(i);
    }
    let mut size = vec![1usize; n];
    let mut alive = vec![true; n];
    // summed similarity to each linked group (keys as `u32`, half the size)
    let mut links: Vec<foldhash::HashMap<u32, f32>> = vec![Default::default(); n];
    for &(i, j, s) in pairs {
        *links[i].entry(j as u32).or_default() += s;
        *links[j].entry(i as u32).or_default() += s;
    }
    // Only merges at or above the threshold are queued: the loop stops at
    // the first one below it, so a weaker entry could only end the loop,
    // and an empty queue ends it the same way. (Averages change only by
    // merges, which queue the new ones.) On a large archive this keeps the
    // queue to a fraction of the scored pairs.
    let mut heap = BinaryHeap::new();
    for (a, l) in links.iter().enumerate() {
        for (&b, &sum) in l {
            let b = b as usize;
            if a < b && sum >= threshold {
                heap.push(Candidate {
                    avg: sum,
                    a: a as u32,
                    b: b as u32,
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
        let (a, b) = (c.a as usize, c.b as usize);
        // stale entries: a side merged away or grew since it was queued
        if !alive[a] || !alive[b] || size[a] != c.size_a as usize || size[b] != c.size_b as usize {
            continue;
        }
        if blocked[a].contains(&b) {
            continue;
        }
        // merge b into a
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
        links[a].remove(&(b as u32));
        for (k, s) in b_links {
            if k as usize == a {
                continue;
            }
            *links[a].entry(k).or_default() += s;
            let lk = &mut links[k as usize];
            let moved = lk.remove(&(b as u32)).unwrap_or(0.0);
            *lk.entry(a as u32).or_default() += moved;
        }
        for (&k, &sum) in &links[a] {
            let k = k as usize;
            let avg = sum / (size[a] * size[k]) as f32;
            if avg < threshold {
                continue;
            }
            let (x, y) = (a.min(k), a.max(k));
            heap.push(Candidate {
                avg,
                a: x as u32,
                b: y as u32,
                size_a: size[x] as u32,
                size_b: size[y] as u32,
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
    let started = std::time::Instant::now();
    let scored = scored_pairs(docs, opts, 0.02);
    tracing::info!(
        articles = n,
        pairs = scored.len(),
        ms = started.elapsed().as_millis() as u64,
        "story pairs scored"
    );
    let pairs: Vec<(usize, usize, f32)> = scored.iter().map(|&(i, j, s, _)| (i, j, s)).collect();
    // a grouping similarity of 0 over a real topic similarity is the
    // recall veto: those pairs must never share a story
    let cannot: Vec<(usize, usize)> = scored
        .iter()
        .filter(|&&(_, _, s, topic)| s == 0.0 && topic > 0.0)
        .map(|&(i, j, _, _)| (i, j))
        .collect();
    let started = std::time::Instant::now();
    let root = average_link(n, &pairs, &cannot, opts.same_story);
    tracing::info!(ms = started.elapsed().as_millis() as u64, "stories linked");
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
    let vetoed: std::collections::HashSet<(usize, usize)> =
        cannot.iter().flat_map(|&(i, j)| [(i, j), (j, i)]).collect();
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let stories = members
        .into_iter()
        .zip(related)
        .enumerate()
        .map(|(si, (mut m, rel))| {
            m.sort_by(|a, b| centrality[*b].total_cmp(&centrality[*a]).then(a.cmp(b)));
            let mut related: Vec<(usize, f32)> = rel.into_iter().collect();
            related.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            // a follow-up sits in a smaller story (or an equal one listed
            // later), close enough, and recalls nothing of ours as past
            let followups = related
                .iter()
                .filter(|&&(x, sim)| {
                    let other = story_of[x];
                    let smaller =
                        sizes[other] < sizes[si] || (sizes[other] == sizes[si] && other > si);
                    sim >= opts.followup && smaller && !m.iter().any(|&y| vetoed.contains(&(x, y)))
                })
                .map(|&(x, _)| x)
                .collect();
            Story {
                label: articles[m[0]].title.clone(),
                articles: m,
                related,
                followups,
            }
        })
        .collect();
    Stories { stories, story_of }
}

/// Stories with the default options and the shipped background table.
pub fn stories_of(articles: &[&Article], analyses: &[&Analysis]) -> Stories {
    let opts = StoryOptions::default();
    let docs = features(articles, analyses, DocFreq::background(), &opts);
    let mut stories = cluster_stories(articles, &docs, &opts);
    join_versions(articles, &mut stories);
    stories
}

/// Later versions of a wire or feed item (`version_of`) belong to the story
/// of the article they update, whatever their text: an update is not a new
/// incident. Stories left empty are dropped.
pub fn join_versions(articles: &[&Article], stories: &mut Stories) {
    if articles.iter().all(|a| a.version_of.is_none()) {
        return;
    }
    let index: std::collections::HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut moved = false;
    for (i, a) in articles.iter().enumerate() {
        let Some(&root) = a.version_of.as_deref().and_then(|r| index.get(r)) else {
            continue;
        };
        let (from, to) = (stories.story_of[i], stories.story_of[root]);
        if from == to {
            continue;
        }
        stories.stories[from].articles.retain(|&m| m != i);
        stories.stories[from].related.retain(|&(m, _)| m != i);
        stories.stories[to].articles.push(i);
        stories.story_of[i] = to;
        moved = true;
    }
    if !moved {
        return;
    }
    // drop emptied stories and renumber
    let mut renumber = vec![usize::MAX; stories.stories.len()];
    let mut kept = Vec::new();
    for (s, story) in std::mem::take(&mut stories.stories).into_iter().enumerate() {
        if !story.articles.is_empty() {
            renumber[s] = kept.len();
            kept.push(story);
        }
    }
    stories.stories = kept;
    for s in &mut stories.story_of {
        *s = renumber[*s];
    }
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

    /// Average link the slow way: merge the two groups with the highest
    /// mean cross similarity while it reaches the threshold and no
    /// cannot-pair crosses them; the groups as sets of members, or `None`
    /// when two best merges tie (distinct pair weights can still give two
    /// groups the same mean, and then either merge is right) or a mean
    /// falls on the threshold (the clustering sums in f32).
    fn average_link_naive(
        n: usize,
        pairs: &[(usize, usize, f32)],
        cannot: &[(usize, usize)],
        threshold: f32,
    ) -> Option<Vec<Vec<usize>>> {
        let mut sim = vec![vec![0f64; n]; n];
        for &(i, j, s) in pairs {
            sim[i][j] += s as f64;
            sim[j][i] += s as f64;
        }
        let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            let mut eligible: Vec<f64> = Vec::new();
            for x in 0..groups.len() {
                for y in x + 1..groups.len() {
                    let (a, b) = (&groups[x], &groups[y]);
                    if cannot.iter().any(|&(i, j)| {
                        (a.contains(&i) && b.contains(&j)) || (a.contains(&j) && b.contains(&i))
                    }) {
                        continue;
                    }
                    let sum: f64 = a
                        .iter()
                        .flat_map(|&i| b.iter().map(move |&j| (i, j)))
                        .map(|(i, j)| sim[i][j])
                        .sum();
                    let avg = sum / (a.len() * b.len()) as f64;
                    // a mean on the threshold itself: f32 and f64 sums may
                    // fall either side of it
                    if (avg - threshold as f64).abs() < 1e-6 {
                        return None;
                    }
                    if avg >= threshold as f64 {
                        eligible.push(avg);
                        if best.is_none_or(|(m, _, _)| avg > m) {
                            best = Some((avg, x, y));
                        }
                    }
                }
            }
            let Some((top, x, y)) = best else { break };
            if eligible.iter().filter(|&&m| (top - m).abs() < 1e-6).count() > 1 {
                return None;
            }
            let b = groups.remove(y);
            groups[x].extend(b);
        }
        let mut out: Vec<Vec<usize>> = groups
            .into_iter()
            .map(|mut g| {
                g.sort_unstable();
                g
            })
            .collect();
        out.sort();
        Some(out)
    }

    proptest::proptest! {
        /// The queued clustering (which queues only merges that reach the
        /// threshold) groups exactly as the slow reference does.
        #[test]
        fn average_link_matches_the_slow_reference(
            raw in proptest::collection::vec((0usize..9, 0usize..9, 1u32..100), 0..30),
            cannot in proptest::collection::vec((0usize..9, 0usize..9), 0..3),
            threshold in 1u32..60,
        ) {
            let n = 9;
            // distinct pairs with distinct weights (group means can still tie:
            // the reference then declines to judge)
            let mut seen = std::collections::HashSet::new();
            let pairs: Vec<(usize, usize, f32)> = raw
                .iter()
                .enumerate()
                .filter(|(_, (i, j, _))| i != j && seen.insert((*i.min(j), *i.max(j))))
                .map(|(k, &(i, j, w))| (i, j, w as f32 / 100.0 + k as f32 * 1e-4))
                .collect();
            let cannot: Vec<(usize, usize)> = cannot.into_iter().filter(|(i, j)| i != j).collect();
            let threshold = threshold as f32 / 100.0 + 5e-5;
            let roots = average_link(n, &pairs, &cannot, threshold);
            let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
            for (i, r) in roots.iter().enumerate() {
                groups.entry(*r).or_default().push(i);
            }
            let mut got: Vec<Vec<usize>> = groups.into_values().collect();
            got.sort();
            let Some(want) = average_link_naive(n, &pairs, &cannot, threshold) else {
                return Ok(());
            };
            proptest::prop_assert_eq!(got, want);
        }
    }

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
        assert!(recalls_long_past("Last month, a ferry sank."));
        assert!(recalls_long_past("the blast two months ago"));
        assert!(recalls_long_past("It opened earlier this year."));
        assert!(!recalls_long_past("He was killed last week."));
        assert!(!recalls_long_past("The monthly report came out."));
    }

    #[test]
    fn an_article_recalls_only_what_was_reported_days_before_it() {
        let day = |d: i8| Some(jiff::civil::date(2016, 11, d));
        let v = |id: u32| SparseVec::from_weights(vec![(id, 1.0)]);
        // a's "earlier this year" sentence reports what b's lead reports
        let doc = |lead, recalled: Vec<SparseVec>, date| DocFeatures {
            lead,
            recalled,
            date,
            ..Default::default()
        };
        let opts = StoryOptions::default();
        let recalls_b_dated = |a_date, b_date| {
            let a = doc(v(1), vec![v(2)], a_date);
            let b = doc(v(2), vec![], b_date);
            recalls(&a, &b, &opts)
        };
        assert!(recalls_b_dated(None, None));
        assert!(recalls_b_dated(day(20), None));
        assert!(recalls_b_dated(day(20), day(2)));
        assert!(recalls_b_dated(day(20), day(17)));
        // reported the same day, the day before, or later: not long past
        assert!(!recalls_b_dated(day(11), day(11)));
        assert!(!recalls_b_dated(day(11), day(10)));
        assert!(!recalls_b_dated(day(11), day(12)));
    }

    #[test]
    fn bcubed_scores() {
        assert_eq!(bcubed(&[0, 0, 1, 1], &[5, 5, 6, 6]), (1.0, 1.0, 1.0));
        let (p, r, _) = bcubed(&[0, 0, 0, 0], &[1, 1, 2, 2]);
        assert_eq!((p, r), (0.5, 1.0));
    }

    #[test]
    fn epoch_days_match_jiff() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2024, 2, 29),
            (2000, 3, 1),
            (1999, 12, 31),
            (2026, 11, 24),
        ] {
            let date = jiff::civil::date(y, m, d);
            let jiff_days = (date - jiff::civil::date(1970, 1, 1)).get_days() as i64;
            assert_eq!(epoch_day(date), jiff_days, "{date}");
        }
        assert_eq!(
            day_gap(
                Some(jiff::civil::date(2024, 3, 1)),
                Some(jiff::civil::date(2024, 2, 28))
            ),
            Some(2)
        );
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
