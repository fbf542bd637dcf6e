//! Finding articles: the fuzzy filter behind `/`.
//!
//! A query is split on spaces into terms; an article matches when every term
//! matches its title or outlet fuzzily (skim's algorithm, smart case) or, for
//! terms of three characters or more, appears in its body literally
//! (case-insensitive). Matches that need the body rank after those that do
//! not. Scoring runs on every keystroke over every article, so it computes
//! scores only; the matched positions for highlighting are computed for the
//! rows on screen ([`Searcher::highlight`]).

use crate::corpus::Article;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use regex::{Regex, RegexBuilder};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

/// Terms shorter than this match titles and outlets only: in bodies they
/// would match nearly everything.
pub const MIN_BODY_TERM: usize = 3;

/// A parsed filter query.
#[derive(Debug, Clone)]
pub struct Query {
    pub text: String,
    terms: Vec<Term>,
}

#[derive(Debug, Clone)]
struct Term {
    text: String,
    /// Smart case: a term with a capital letter matches case-sensitively.
    case_sensitive: bool,
    literal: Option<Regex>,
}

impl Term {
    /// True when the body holds the term literally (never for a term too
    /// short for bodies).
    fn in_body(&self, article: &Article) -> bool {
        self.literal
            .as_ref()
            .is_some_and(|re| re.is_match(&article.body))
    }
}

impl Query {
    /// The terms whose bits `missing` sets, with their place in the query.
    fn missing_terms(&self, missing: u64) -> impl Iterator<Item = (usize, &Term)> {
        self.terms
            .iter()
            .enumerate()
            .filter(move |(i, _)| missing & (1 << (*i).min(63)) != 0)
    }

    pub fn parse(text: &str) -> Query {
        let terms = text
            .split_whitespace()
            .map(|t| Term {
                text: t.to_string(),
                case_sensitive: t.chars().any(char::is_uppercase),
                literal: (t.chars().count() >= MIN_BODY_TERM).then(|| {
                    RegexBuilder::new(&regex::escape(t))
                        .case_insensitive(true)
                        .build()
                        .expect("escaped literal")
                }),
            })
            .collect();
        Query {
            text: text.to_string(),
            terms,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when every article that matches `longer` also matches `self`,
    /// so `longer` need only be tried on `self`'s matches: `longer` adds
    /// characters at the end, and no term becomes long enough to start
    /// matching bodies.
    pub fn is_narrowed_by(&self, longer: &Query) -> bool {
        if self.terms.is_empty() || !longer.text.starts_with(&self.text) {
            return false;
        }
        self.terms
            .iter()
            .zip(&longer.terms)
            .all(|(a, b)| a.literal.is_some() || b.literal.is_none())
    }
}

/// How one article matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub article: usize,
    /// Sum of the fuzzy scores of the terms matched in title or outlet.
    pub score: i64,
    /// Some terms matched only in the body.
    pub in_body: bool,
}

/// The outcome of matching title and outlet only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaMatch {
    /// Every term matched in title or outlet.
    Full(Hit),
    /// These terms (bit set by index) still need the body.
    NeedsBody(u64, Hit),
    /// Some term cannot match at all (too short for the body, and not in
    /// title or outlet).
    No,
}

/// Matches articles against queries. Holds the fuzzy matcher's scratch space.
pub struct Searcher {
    matcher: SkimMatcherV2,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: SkimMatcherV2::default().smart_case().use_cache(true),
        }
    }
}

/// True when `term`'s characters appear in `text` in order (smart case):
/// the cheap test that rules out most non-matches before fuzzy scoring.
fn is_subsequence(term: &Term, text: &str) -> bool {
    let mut want = term.text.chars().peekable();
    for c in text.chars() {
        let Some(&w) = want.peek() else { return true };
        let same = if term.case_sensitive {
            c == w
        } else if c.is_ascii() {
            c.eq_ignore_ascii_case(&w)
        } else {
            c.to_lowercase().eq(w.to_lowercase())
        };
        if same {
            want.next();
        }
    }
    want.peek().is_none()
}

impl Searcher {
    /// The best readable fuzzy match of a term in a text: score and positions.
    fn term_match(&self, term: &Term, text: &str) -> Option<(i64, Vec<usize>)> {
        if text.is_empty() || !is_subsequence(term, text) {
            return None;
        }
        self.matcher
            .fuzzy_indices(text, &term.text)
            .filter(|(_, idx)| is_readable_match(text, idx))
    }

    /// Matches title and outlet; runs on every keystroke.
    pub fn match_meta(&self, index: usize, article: &Article, query: &Query) -> MetaMatch {
        let mut hit = Hit {
            article: index,
            score: 0,
            in_body: false,
        };
        let mut missing = 0u64;
        let outlet = article.outlet.as_deref().unwrap_or("");
        for (i, term) in query.terms.iter().enumerate() {
            let t = self.term_match(term, &article.title).map(|m| m.0);
            let o = self.term_match(term, outlet).map(|m| m.0);
            match t.max(o) {
                Some(score) => hit.score += score,
                None if term.literal.is_none() => return MetaMatch::No,
                None => missing |= 1 << i.min(63),
            }
        }
        if missing == 0 {
            MetaMatch::Full(hit)
        } else {
            MetaMatch::NeedsBody(missing, hit)
        }
    }

    /// Checks the terms in `missing` against the body; may run off the UI thread.
    pub fn match_body(article: &Article, query: &Query, missing: u64) -> bool {
        query
            .missing_terms(missing)
            .all(|(_, t)| t.in_body(article))
    }

    /// Matches one article completely (title, outlet, then body).
    pub fn match_article(&self, index: usize, article: &Article, query: &Query) -> Option<Hit> {
        match self.match_meta(index, article, query) {
            MetaMatch::Full(hit) => Some(hit),
            MetaMatch::NeedsBody(missing, mut hit) => Self::match_body(article, query, missing)
                .then(|| {
                    hit.in_body = true;
                    hit
                }),
            MetaMatch::No => None,
        }
    }

    /// The character positions to highlight in the title and the outlet:
    /// for each term, its match in whichever of the two scores higher.
    pub fn highlight(&self, article: &Article, query: &Query) -> (Vec<usize>, Vec<usize>) {
        let mut title = Vec::new();
        let mut outlet_marks = Vec::new();
        let outlet = article.outlet.as_deref().unwrap_or("");
        for term in &query.terms {
            match (
                self.term_match(term, &article.title),
                self.term_match(term, outlet),
            ) {
                (Some((ts, ti)), Some((os, oi))) => {
                    if ts >= os {
                        title.extend(ti)
                    } else {
                        outlet_marks.extend(oi)
                    }
                }
                (Some((_, ti)), None) => title.extend(ti),
                (None, Some((_, oi))) => outlet_marks.extend(oi),
                (None, None) => {}
            }
        }
        for v in [&mut title, &mut outlet_marks] {
            v.sort_unstable();
            v.dedup();
        }
        (title, outlet_marks)
    }
}

/// True when a fuzzy match is one a reader would see as a match: its
/// matched characters form at most two runs, or every run starts a word or
/// is at least three characters long. Letters scattered through the middle
/// of words in a long headline ("g…u…t…e…r") are not a match for "guter".
fn is_readable_match(text: &str, indices: &[usize]) -> bool {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &i in indices {
        match runs.last_mut() {
            Some((start, len)) if *start + *len == i => *len += 1,
            _ => runs.push((i, 1)),
        }
    }
    if runs.len() <= 2 {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    runs.iter().all(|&(start, len)| {
        let word_start = start == 0 || !chars.get(start - 1).is_some_and(|c| c.is_alphanumeric());
        word_start || len >= 3
    })
}

/// Matching work handed to a background thread: articles still to match
/// (title, outlet, then body) and articles whose title matched but whose
/// body must still be checked. Articles go by index into the desk's list,
/// which the thread keeps a copy of ([`SearchLink`], [`serve`]): a
/// keystroke hands over indexes, never a million shared pointers.
pub struct SearchJob {
    pub generation: u64,
    pub query: Query,
    pub meta: Candidates,
    /// (terms the body must still have, the title's hit)
    pub body: Vec<(u64, Hit)>,
    /// The order the hits come back in: the list's, so that it merges them
    /// rather than sorting its rows again.
    pub order: HitOrder,
}

/// What a [`SearchJob`] found: its hits (in the job's order), and every
/// article it looked at.
#[derive(Debug)]
pub struct SearchResult {
    pub generation: u64,
    pub hits: Vec<Hit>,
    /// The articles the thread checked (a range for an unscoped first
    /// keystroke's million, not a list of them).
    pub checked: Candidates,
    pub order: HitOrder,
    /// Bodies the body index answered for, instead of reading them.
    pub looked_up: usize,
}

/// An order of the list's rows.
#[derive(Debug, Clone)]
pub enum OrderBy {
    /// By relevance ([`rank_hits`]).
    Rank,
    /// By article index (file order).
    Index,
    /// By each article's place in a sorted list of all of them.
    Placed(Arc<[u32]>),
}

/// An order of the list's rows, forwards or reversed.
#[derive(Debug, Clone)]
pub struct HitOrder {
    pub by: OrderBy,
    pub reverse: bool,
}

impl HitOrder {
    /// By relevance, best first.
    pub const RANK: HitOrder = HitOrder {
        by: OrderBy::Rank,
        reverse: false,
    };

    /// File order.
    pub const INDEX: HitOrder = HitOrder {
        by: OrderBy::Index,
        reverse: false,
    };

    /// The sort key of an article's row (its hit, when filtering): rows
    /// sort by it, ascending (before `reverse`); no two articles share one.
    pub fn key(&self, article: usize, hit: Option<&Hit>) -> (bool, i64, u64) {
        match &self.by {
            OrderBy::Rank => {
                let (in_body, score) = hit.map_or((false, 0), |h| (h.in_body, h.score));
                (in_body, score.saturating_neg(), article as u64)
            }
            OrderBy::Index => (false, 0, article as u64),
            OrderBy::Placed(place) => (
                false,
                place.get(article).map_or(i64::MAX, |&p| i64::from(p)),
                article as u64,
            ),
        }
    }

    /// The sort key of a row, `f` giving its article and hit.
    fn key_of<T>(&self, f: &impl Fn(&T) -> (usize, Option<&Hit>), row: &T) -> (bool, i64, u64) {
        let (article, hit) = f(row);
        self.key(article, hit)
    }

    /// Sorts rows in this order by `f` (an article and its hit).
    pub fn sort<T>(&self, rows: &mut [T], f: impl Fn(&T) -> (usize, Option<&Hit>)) {
        rows.sort_unstable_by_key(|r| self.key_of(&f, r));
        if self.reverse {
            rows.reverse();
        }
    }

    /// Merges two runs sorted in this order onto the end of `out`.
    pub fn merge_into<T>(
        &self,
        out: &mut Vec<T>,
        a: impl IntoIterator<Item = T>,
        b: impl IntoIterator<Item = T>,
        f: impl Fn(&T) -> (usize, Option<&Hit>),
    ) {
        let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => (self.key_of(&f, x) <= self.key_of(&f, y)) != self.reverse,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            out.extend(if take_a { a.next() } else { b.next() });
        }
    }

    /// True when both are the same order (a placing compared by identity).
    pub fn same(&self, other: &HitOrder) -> bool {
        self.reverse == other.reverse
            && match (&self.by, &other.by) {
                (OrderBy::Rank, OrderBy::Rank) | (OrderBy::Index, OrderBy::Index) => true,
                (OrderBy::Placed(a), OrderBy::Placed(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

impl SearchJob {
    /// Runs the job over `articles` (the desk's list, or the search
    /// thread's copy of it); an index beyond it is skipped, unchecked.
    pub fn run(self, searcher: &Searcher, articles: &[Arc<Article>]) -> SearchResult {
        self.run_indexed(searcher, articles, &IndexedBodies::default())
    }

    /// [`SearchJob::run`], asking the body index (when it has a snapshot)
    /// which bodies hold a term instead of reading them, for the articles
    /// it covers.
    pub fn run_indexed(
        self,
        searcher: &Searcher,
        articles: &[Arc<Article>],
        index: &IndexedBodies,
    ) -> SearchResult {
        let mut hits = Vec::new();
        let n = articles.len();
        let bodies = BodyTerms::new(index, &self.query, self.body.len() + self.meta.len());
        let looked_up = std::cell::Cell::new(0usize);
        let mut checked = Vec::with_capacity(self.body.len() + self.meta.list.len());
        let mut reading = crate::corpus::body::Reading::default();
        for (missing, hit) in &self.body {
            let Some(article) = articles.get(hit.article) else {
                continue;
            };
            checked.push(hit.article);
            reading.read(&article.body);
            if bodies.matches(hit.article, article, &self.query, *missing, &looked_up) {
                hits.push(Hit {
                    in_body: true,
                    ..hit.clone()
                });
            }
        }
        checked.extend(self.meta.list.iter().filter(|&&i| i < n));
        let tail = self.meta.tail.start.min(n)..self.meta.tail.end.min(n);
        for i in self.meta.iter() {
            let Some(article) = articles.get(i) else {
                continue;
            };
            match searcher.match_meta(i, article, &self.query) {
                MetaMatch::Full(hit) => hits.push(hit),
                MetaMatch::NeedsBody(missing, mut hit) => {
                    reading.read(&article.body);
                    if bodies.matches(i, article, &self.query, missing, &looked_up) {
                        hit.in_body = true;
                        hits.push(hit);
                    }
                }
                MetaMatch::No => {}
            }
        }
        self.order.sort(&mut hits, |h| (h.article, Some(h)));
        SearchResult {
            generation: self.generation,
            hits,
            checked: Candidates {
                list: checked,
                tail,
            },
            order: self.order,
            looked_up: looked_up.get(),
        }
    }
}

/// Jobs checking fewer articles than this read their bodies: asking the
/// index costs tens of milliseconds a term.
pub const INDEX_JOB_FROM: usize = 2048;

/// The body index as the search thread sees it: its newest snapshot, and
/// the articles changed since the snapshot was taken (their bodies are
/// read, not looked up).
#[derive(Default)]
pub struct IndexedBodies {
    snapshot: Option<Arc<crate::bodyindex::Snapshot>>,
    /// (message number, articles from, to): articles changed by a message
    /// the snapshot may not include.
    changed: Vec<(u64, std::ops::Range<usize>)>,
    /// Jobs checking fewer articles read their bodies (default
    /// [`INDEX_JOB_FROM`]).
    min_job: Option<usize>,
}

impl IndexedBodies {
    /// The answers of one snapshot, for every job (a script's one search
    /// over a large corpus).
    pub fn of(snapshot: Arc<crate::bodyindex::Snapshot>) -> IndexedBodies {
        IndexedBodies {
            snapshot: Some(snapshot),
            changed: Vec::new(),
            min_job: Some(0),
        }
    }

    /// Takes a newer snapshot; changes it includes are forgotten.
    pub fn update(&mut self, snapshot: Arc<crate::bodyindex::Snapshot>) {
        let seq = snapshot.seq;
        self.changed.retain(|(s, _)| *s > seq);
        self.snapshot = Some(snapshot);
    }

    /// Notes that message `seq` changed the articles of `range` (kept
    /// until a snapshot at least as new: one on its way may predate it).
    pub fn changed(&mut self, seq: u64, range: std::ops::Range<usize>) {
        if !range.is_empty() {
            self.changed.push((seq, range));
        }
    }

    /// True when the snapshot holds article `i`'s current body.
    pub fn covers(&self, i: usize) -> bool {
        self.snapshot.as_ref().is_some_and(|s| s.covers(i))
            && !self.changed.iter().any(|(_, r)| r.contains(&i))
    }

    /// How many articles the snapshot covers (0 without one).
    pub fn covered_count(&self) -> usize {
        self.snapshot.as_ref().map_or(0, |s| s.covered_count())
    }
}

/// One job's answers from the body index: per query term, the covered
/// articles whose body holds it (None: the term is read in bodies).
struct BodyTerms<'a> {
    index: &'a IndexedBodies,
    terms: Vec<Option<Vec<bool>>>,
}

impl<'a> BodyTerms<'a> {
    fn new(index: &'a IndexedBodies, query: &Query, candidates: usize) -> BodyTerms<'a> {
        let terms = match &index.snapshot {
            Some(snap) if candidates >= index.min_job.unwrap_or(INDEX_JOB_FROM) => query
                .terms
                .iter()
                .map(|t| t.literal.as_ref().and_then(|_| snap.containing(&t.text)))
                .collect(),
            _ => Vec::new(),
        };
        BodyTerms { index, terms }
    }

    /// True when article `i`'s body holds every term of `missing`
    /// (counting in `looked_up` the bodies the index answered for).
    fn matches(
        &self,
        i: usize,
        article: &Article,
        query: &Query,
        missing: u64,
        looked_up: &std::cell::Cell<usize>,
    ) -> bool {
        if self.terms.is_empty() || !self.index.covers(i) {
            return Searcher::match_body(article, query, missing);
        }
        let mut read = false;
        let found = query.missing_terms(missing).all(|(k, t)| {
            match self.terms.get(k).and_then(Option::as_ref) {
                Some(found) => found.get(i).copied().unwrap_or(false),
                None => {
                    read = true;
                    t.in_body(article)
                }
            }
        });
        if !read {
            looked_up.set(looked_up.get() + 1);
        }
        found
    }
}

/// A set of article indexes: a list, then every index of a range. An
/// unscoped filter's first keystroke hands a million articles to the
/// search thread as a range, not as a list built (and paged in) for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    pub list: Vec<usize>,
    pub tail: std::ops::Range<usize>,
}

impl Candidates {
    /// The indexes of a list.
    pub fn list(list: Vec<usize>) -> Candidates {
        Candidates { list, tail: 0..0 }
    }

    /// Every index of a range.
    pub fn range(tail: std::ops::Range<usize>) -> Candidates {
        Candidates {
            list: Vec::new(),
            tail,
        }
    }

    pub fn len(&self) -> usize {
        self.list.len() + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.list.iter().copied().chain(self.tail.clone())
    }

    /// Keeps the first `at` indexes and returns the rest.
    pub fn split_off(&mut self, at: usize) -> Candidates {
        if at >= self.list.len() {
            let cut = (self.tail.start + (at - self.list.len())).min(self.tail.end);
            let rest = Candidates::range(cut..self.tail.end);
            self.tail.end = cut;
            rest
        } else {
            let list = self.list.split_off(at);
            Candidates {
                list,
                tail: std::mem::replace(&mut self.tail, 0..0),
            }
        }
    }

    /// Adds `more` after these.
    pub fn append(&mut self, more: Candidates) {
        if more.list.is_empty() && self.tail.is_empty() {
            self.tail = more.tail;
        } else if more.list.is_empty() && self.tail.end == more.tail.start {
            self.tail.end = more.tail.end;
        } else {
            self.list.extend(self.tail.clone());
            self.list.extend(more.list);
            self.tail = more.tail;
        }
    }

    /// Keeps the indexes `keep` says yes to (as a list from then on).
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        self.list.retain(|&i| keep(i));
        let tail = std::mem::replace(&mut self.tail, 0..0);
        self.list.extend(tail.filter(|&i| keep(i)));
    }
}

/// A change to the desk's list of articles, as the search thread (and
/// from it the body indexer) learns of it, in order.
pub enum ListChange {
    /// Articles from index `from` on (those after `from` are replaced).
    Articles {
        from: usize,
        articles: Vec<Arc<Article>>,
    },
    /// An article replaced in place.
    Replaced(usize, Arc<Article>),
    /// The load has finished (the body index may drop bodies gone from
    /// the corpus).
    LoadFinished,
}

/// What the UI sends the search thread.
pub enum SearchMsg {
    List(ListChange),
    Job(SearchJob),
}

/// The UI's end of the background search: sends a job, and before it the
/// articles the thread has not been given yet, so the thread's copy of the
/// list covers every index the job names.
pub struct SearchLink {
    tx: Sender<SearchMsg>,
    /// How many articles the thread has.
    sent: Cell<usize>,
    /// How many of the desk's replacements ([`crate::desk::Desk::replaced`]) it has.
    replaced_sent: Cell<usize>,
}

impl SearchLink {
    pub fn new(tx: Sender<SearchMsg>) -> SearchLink {
        SearchLink {
            tx,
            sent: Cell::new(0),
            replaced_sent: Cell::new(0),
        }
    }

    /// Sends `job` over `articles`, `replaced` listing every index replaced
    /// in place so far; false when the thread is gone.
    pub fn send(&self, job: SearchJob, articles: &[Arc<Article>], replaced: &[usize]) -> bool {
        self.sync(articles, replaced) && self.tx.send(SearchMsg::Job(job)).is_ok()
    }

    /// Gives the thread the articles appended and replaced since the last
    /// time (the dashboard calls it as articles arrive, so a keystroke
    /// never hands over a whole corpus); false when the thread is gone.
    pub fn sync(&self, articles: &[Arc<Article>], replaced: &[usize]) -> bool {
        let from = self.sent.get();
        if articles.len() > from {
            let msg = SearchMsg::List(ListChange::Articles {
                from,
                articles: articles[from..].to_vec(),
            });
            if self.tx.send(msg).is_err() {
                return false;
            }
            self.sent.set(articles.len());
        }
        for &i in replaced.iter().skip(self.replaced_sent.get()) {
            // (an index the thread has not got yet came whole above)
            if let Some(a) = articles.get(i).filter(|_| i < from)
                && self
                    .tx
                    .send(SearchMsg::List(ListChange::Replaced(i, a.clone())))
                    .is_err()
            {
                return false;
            }
        }
        self.replaced_sent.set(replaced.len());
        true
    }

    /// Tells the thread the load has finished, after the articles it has
    /// not got yet; false when the thread is gone.
    pub fn load_finished(&self, articles: &[Arc<Article>], replaced: &[usize]) -> bool {
        self.sync(articles, replaced)
            && self
                .tx
                .send(SearchMsg::List(ListChange::LoadFinished))
                .is_ok()
    }
}

/// Where and from how many articles the search thread keeps a body index
/// ([`crate::bodyindex`]).
#[derive(Debug, Clone)]
pub struct IndexPlan {
    pub dir: std::path::PathBuf,
    /// Articles from which the index is built (0: never).
    pub from: usize,
    /// Jobs checking fewer articles read their bodies (None:
    /// [`INDEX_JOB_FROM`]).
    pub min_job: Option<usize>,
}

impl IndexPlan {
    /// The index of the corpus read from `paths`, in the cache folder
    /// `cache`, from [`crate::bodyindex::index_from`] articles.
    pub fn in_cache(cache: &std::path::Path, paths: &[std::path::PathBuf]) -> IndexPlan {
        IndexPlan {
            dir: crate::bodyindex::dir_for(cache, paths),
            from: crate::bodyindex::index_from(),
            min_job: None,
        }
    }

    /// True when a corpus of `articles` is large enough for the index.
    pub fn wants(&self, articles: usize) -> bool {
        self.from > 0 && articles >= self.from
    }
}

/// The search thread's loop: keeps its copy of the articles as the
/// messages come and runs the newest job of each burst (older queries'
/// jobs are dropped), handing each job to `run`, until the channel closes
/// or `run` returns false. With a `plan`, once the articles reach its
/// size, a thread of its own keeps the body index up to date and the jobs
/// use its snapshots.
pub fn serve(
    msgs: Receiver<SearchMsg>,
    plan: Option<IndexPlan>,
    mut run: impl FnMut(&Searcher, SearchJob, &[Arc<Article>], &IndexedBodies) -> bool,
) {
    let searcher = Searcher::default();
    let mut articles: Vec<Arc<Article>> = Vec::new();
    let mut indexed = IndexedBodies {
        min_job: plan.as_ref().and_then(|p| p.min_job),
        ..IndexedBodies::default()
    };
    let mut indexer: Option<Indexer> = None;
    let mut seq = 0u64;
    let mut load_finished = false;
    while let Ok(first) = msgs.recv() {
        let mut jobs = Vec::new();
        for msg in std::iter::once(first).chain(msgs.try_iter()) {
            let change = match msg {
                SearchMsg::Job(job) => {
                    jobs.push(job);
                    continue;
                }
                SearchMsg::List(change) => change,
            };
            // the articles a snapshot of the index may hold stale bodies of
            let range = match &change {
                ListChange::Articles {
                    from,
                    articles: new,
                } => {
                    // (indexes the snapshot never saw are not covered
                    // anyway: only those taken back are changed)
                    let range = if *from < articles.len() {
                        *from..usize::MAX
                    } else {
                        0..0
                    };
                    articles.truncate(*from);
                    articles.extend(new.iter().cloned());
                    range
                }
                ListChange::Replaced(i, a) => match articles.get_mut(*i) {
                    Some(slot) => {
                        *slot = a.clone();
                        *i..*i + 1
                    }
                    None => continue,
                },
                ListChange::LoadFinished => {
                    load_finished = true;
                    0..0
                }
            };
            seq += 1;
            if let Some((tx, _)) = &indexer {
                indexed.changed(seq, range);
                if tx.send((seq, change)).is_err() {
                    indexer = None;
                }
            }
        }
        // the index starts once the corpus is large enough for it
        if indexer.is_none()
            && let Some(plan) = plan.as_ref().filter(|p| p.wants(articles.len()))
        {
            indexer = start_indexer(plan, &articles, seq, load_finished);
        }
        if let Some((_, snapshots)) = &indexer
            && let Some(newest) = snapshots.try_iter().last()
        {
            indexed.update(newest);
        }
        let newest = jobs.iter().map(|j| j.generation).max();
        for job in jobs.into_iter().filter(|j| Some(j.generation) == newest) {
            if !run(&searcher, job, &articles, &indexed) {
                return;
            }
        }
    }
}

/// The body indexer's ends: its messages, and the snapshots it hands back.
type Indexer = (
    Sender<(u64, ListChange)>,
    Receiver<Arc<crate::bodyindex::Snapshot>>,
);

/// Starts the body indexer on the articles so far (as message `seq`).
fn start_indexer(
    plan: &IndexPlan,
    articles: &[Arc<Article>],
    seq: u64,
    load_finished: bool,
) -> Option<Indexer> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (snap_tx, snap_rx) = std::sync::mpsc::channel();
    let dir = plan.dir.clone();
    let spawned = std::thread::Builder::new()
        .name("newsdesk-index".into())
        .spawn(move || {
            let _ = crate::guard::catch("indexing bodies", || {
                crate::bodyindex::run_indexer(&dir, rx, |s| snap_tx.send(s).is_ok())
            });
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "no body index thread");
        return None;
    }
    let first = ListChange::Articles {
        from: 0,
        articles: articles.to_vec(),
    };
    tx.send((seq, first)).ok()?;
    if load_finished {
        tx.send((seq, ListChange::LoadFinished)).ok()?;
    }
    Some((tx, snap_rx))
}

/// Every article that matches, best first (as the list ranks them), all
/// here: for scripts (`newsdesk list --filter`); the dashboard splits the
/// same work between keystroke and background thread. An empty query
/// matches every article, in order.
pub fn find_all(articles: &[Arc<Article>], query: &Query) -> Vec<Hit> {
    find_all_indexed(articles, query, &IndexedBodies::default()).0
}

/// [`find_all`], with the body index's answers for the bodies it covers;
/// also how many bodies it answered for.
pub fn find_all_indexed(
    articles: &[Arc<Article>],
    query: &Query,
    index: &IndexedBodies,
) -> (Vec<Hit>, usize) {
    if query.is_empty() {
        let all = (0..articles.len())
            .map(|article| Hit {
                article,
                score: 0,
                in_body: false,
            })
            .collect();
        return (all, 0);
    }
    let searcher = Searcher::default();
    let mut hits = Vec::new();
    let mut body = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        match searcher.match_meta(i, a, query) {
            MetaMatch::Full(hit) => hits.push(hit),
            MetaMatch::NeedsBody(missing, hit) => body.push((missing, hit)),
            MetaMatch::No => {}
        }
    }
    let job = SearchJob {
        generation: 0,
        query: query.clone(),
        meta: Candidates::default(),
        body,
        order: HitOrder::RANK,
    };
    let result = job.run_indexed(&searcher, articles, index);
    hits.extend(result.hits);
    rank_hits(&mut hits);
    (hits, result.looked_up)
}

/// Orders hits: title/outlet-only first by score, body matches after.
pub fn rank_hits(hits: &mut [Hit]) {
    HitOrder::RANK.sort(hits, |h| (h.article, Some(h)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{RawArticle, build_article};

    fn art(title: &str, outlet: &str, body: &str) -> Article {
        build_article(RawArticle {
            title: Some(title.into()),
            outlet: Some(outlet.into()),
            body: body.into(),
            ..Default::default()
        })
    }

    #[test]
    fn fuzzy_title_match_with_positions() {
        let s = Searcher::default();
        let a = art("Storm closes coastal road", "Daily Wire", "Body text.");
        let q = Query::parse("stcl");
        let hit = s.match_article(0, &a, &q).unwrap();
        assert!(!hit.in_body);
        let (t, o) = s.highlight(&a, &q);
        let title: Vec<char> = a.title.chars().collect();
        let matched: String = t.iter().map(|&i| title[i].to_ascii_lowercase()).collect();
        assert_eq!(matched, "stcl");
        assert!(o.is_empty());
    }

    #[test]
    fn outlet_and_body_terms() {
        let s = Searcher::default();
        let a = art(
            "Storm closes road",
            "Coast Herald",
            "The mayor, Jane Okoro, spoke.",
        );
        let q = Query::parse("herald");
        assert!(s.match_article(0, &a, &q).is_some());
        assert_eq!(s.highlight(&a, &q).1.len(), 6);
        let hit = s
            .match_article(0, &a, &Query::parse("storm okoro"))
            .unwrap();
        assert!(hit.in_body);
        assert!(
            s.match_article(0, &a, &Query::parse("storm zzzq"))
                .is_none()
        );
        // two-letter terms do not search bodies
        assert_eq!(s.match_meta(0, &a, &Query::parse("jy")), MetaMatch::No);
    }

    #[test]
    fn smart_case() {
        let s = Searcher::default();
        let a = art("harbour police", "", "x");
        assert!(s.match_article(0, &a, &Query::parse("harbour")).is_some());
        assert!(s.match_article(0, &a, &Query::parse("Harbour")).is_none());
    }

    #[test]
    fn subsequence_prefilter() {
        let t = |s: &str| Term {
            text: s.into(),
            case_sensitive: s.chars().any(char::is_uppercase),
            literal: None,
        };
        assert!(is_subsequence(&t("zrh"), "Zürich road"));
        assert!(is_subsequence(&t("zür"), "ZÜRICH"));
        assert!(!is_subsequence(&t("xyz"), "Zürich"));
    }

    #[test]
    fn ranking_puts_body_hits_last() {
        let mut hits = vec![
            Hit {
                article: 0,
                score: 50,
                in_body: true,
            },
            Hit {
                article: 1,
                score: 10,
                in_body: false,
            },
            Hit {
                article: 2,
                score: 30,
                in_body: false,
            },
        ];
        rank_hits(&mut hits);
        let order: Vec<_> = hits.iter().map(|h| h.article).collect();
        assert_eq!(order, vec![2, 1, 0]);
    }

    #[test]
    fn scattered_letters_are_not_a_title_match() {
        assert!(is_readable_match(
            "Storm closes coastal road",
            &[0, 1, 6, 13]
        ));
        // a lone letter in the middle of a word, among several runs
        assert!(!is_readable_match("the quick brown fox", &[1, 5, 11, 17]));
        assert!(is_readable_match("ab cd", &[0, 1, 3]));
        let s = Searcher::default();
        let a = art(
            "Ferry service hit by its first breakdown of the season",
            "",
            "No such name here.",
        );
        assert!(s.match_article(0, &a, &Query::parse("guter")).is_none());
    }

    #[test]
    fn narrowing_relation() {
        let q = Query::parse;
        assert!(q("ken").is_narrowed_by(&q("keny")));
        assert!(q("ken").is_narrowed_by(&q("ken po")));
        assert!(!q("ken").is_narrowed_by(&q("ke")));
        assert!(!q("").is_narrowed_by(&q("a")));
        assert!(q("k").is_narrowed_by(&q("ke")));
        // "ke" matched titles only; "ken" may match bodies too
        assert!(!q("ke").is_narrowed_by(&q("ken")));
    }

    #[test]
    fn search_job_checks_meta_and_body() {
        let s = Searcher::default();
        let a = Arc::new(art("Storm closes road", "Herald", "Mayor Okoro spoke."));
        let b = Arc::new(art("Budget vote", "Herald", "Nothing here."));
        let q = Query::parse("okoro");
        let job = SearchJob {
            generation: 3,
            query: q,
            meta: Candidates {
                list: vec![0],
                tail: 1..3,
            },
            body: vec![],
            order: HitOrder::INDEX,
        };
        let r = job.run(&s, &[a, b]);
        assert_eq!(r.generation, 3);
        assert_eq!(r.hits.len(), 1);
        assert!(r.hits[0].in_body);
        // (the thread has two articles: index 2 of the range is not checked)
        assert_eq!(r.checked.iter().collect::<Vec<_>>(), vec![0, 1]);
    }

    #[test]
    fn the_search_thread_follows_the_desk_list() {
        let (tx, rx) = std::sync::mpsc::channel();
        let (out_tx, out) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            serve(rx, None, |searcher, job, articles, _| {
                out_tx.send(job.run(searcher, articles)).is_ok()
            })
        });
        let link = SearchLink::new(tx);
        let job = |generation, query: &str, meta: Vec<usize>| SearchJob {
            generation,
            query: Query::parse(query),
            meta: Candidates::list(meta),
            body: vec![],
            order: HitOrder::INDEX,
        };
        let mut list = vec![
            Arc::new(art("Storm closes road", "Herald", "Mayor Okoro spoke.")),
            Arc::new(art("Budget vote", "Herald", "Nothing here.")),
        ];
        assert!(link.send(job(1, "okoro", vec![0, 1]), &list, &[]));
        let r = out.recv().unwrap();
        assert_eq!((r.hits.len(), r.checked.len()), (1, 2));
        // an article appended, one replaced in place: the next job sees both
        list.push(Arc::new(art("Okoro re-elected", "Post", "x")));
        list[0] = Arc::new(art("Storm closes road", "Herald", "The mayor spoke."));
        assert!(link.send(job(2, "okoro", vec![0, 1, 2]), &list, &[0]));
        let r = out.recv().unwrap();
        let found: Vec<usize> = r.hits.iter().map(|h| h.article).collect();
        assert_eq!(found, vec![2]);
        assert_eq!(r.checked, Candidates::list(vec![0, 1, 2]));
        drop(link);
        thread.join().unwrap();
    }

    #[test]
    fn the_search_thread_answers_from_its_body_index_as_from_the_bodies() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let (out_tx, out) = std::sync::mpsc::channel();
        let plan = IndexPlan {
            dir: dir.path().join("bodies"),
            from: 2,
            min_job: Some(0),
        };
        let thread = std::thread::spawn(move || {
            serve(rx, Some(plan), |searcher, job, articles, index| {
                out_tx
                    .send(job.run_indexed(searcher, articles, index))
                    .is_ok()
            })
        });
        let link = SearchLink::new(tx);
        let job = |generation, query: &str| SearchJob {
            generation,
            query: Query::parse(query),
            meta: Candidates::range(0..3),
            body: vec![],
            order: HitOrder::INDEX,
        };
        let mut list = vec![
            Arc::new(art(
                "Storm closes road",
                "Herald",
                "Mayor Okoro spoke in Kunduz.",
            )),
            Arc::new(art("Budget vote", "Herald", "Nothing here.")),
            Arc::new(art("Flood", "Post", "KUNDUZ under water; al-Qaeda blamed.")),
        ];
        assert!(link.load_finished(&list, &[]));
        // jobs until the index's snapshot has reached the thread
        let mut r = None;
        for generation in 1..200 {
            assert!(link.send(job(generation, "kunduz"), &list, &[]));
            let got = out.recv().unwrap();
            if got.looked_up == 3 {
                r = Some(got);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let r = r.expect("the index answered");
        let found = |r: &SearchResult| r.hits.iter().map(|h| h.article).collect::<Vec<_>>();
        assert_eq!(found(&r), vec![0, 2]);
        assert!(r.hits.iter().all(|h| h.in_body));
        // a term the index cannot answer is read in the bodies
        assert!(link.send(job(300, "al-qaeda"), &list, &[]));
        let r = out.recv().unwrap();
        assert_eq!((found(&r), r.looked_up), (vec![2], 0));
        // a body replaced in place is read until the index has it again
        list[0] = Arc::new(art("Storm closes road", "Herald", "The mayor spoke."));
        assert!(link.send(job(301, "kunduz"), &list, &[0]));
        let r = out.recv().unwrap();
        assert_eq!(found(&r), vec![2]);
        drop(link);
        thread.join().unwrap();
    }

    #[test]
    fn candidates_split_append_and_retain_as_a_list_would() {
        let as_vec = |c: &Candidates| c.iter().collect::<Vec<_>>();
        let mut c = Candidates {
            list: vec![7, 3],
            tail: 10..15,
        };
        assert_eq!(c.len(), 7);
        for at in 0..9 {
            let mut head = c.clone();
            let rest = head.split_off(at);
            let want = as_vec(&c);
            let cut = at.min(want.len());
            assert_eq!(as_vec(&head), want[..cut], "split at {at}");
            assert_eq!(as_vec(&rest), want[cut..], "split at {at}");
            let mut joined = head.clone();
            joined.append(rest);
            assert_eq!(as_vec(&joined), want, "split at {at}, joined");
        }
        c.retain(|i| i % 2 == 1);
        assert_eq!(as_vec(&c), vec![7, 3, 11, 13]);
        let mut r = Candidates::range(0..4);
        r.append(Candidates::range(4..6));
        assert_eq!(r, Candidates::range(0..6));
        r.append(Candidates::range(8..9));
        assert_eq!(as_vec(&r), vec![0, 1, 2, 3, 4, 5, 8]);
    }
}
