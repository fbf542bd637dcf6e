//! The Desk: the app-state model the views ask.
//!
//! It owns the loaded articles and the warnings met on the way, and runs the
//! long jobs (loading now; analysis later) on background threads so the
//! dashboard never waits. Views never call the library modules directly.

use crate::compare::align::{AlignOptions, Alignment, align};
use crate::compare::idf::{DocFreq, Idf};
use crate::compare::stories::Stories;
use crate::corpus::{self, Article, LoadEvent, LoadOptions, LoadReport, LoadWarning};
use crate::nlp::Analysis;
use rayon::prelude::*;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};

/// How far a background load has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadProgress {
    pub files: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub finished: bool,
}

impl LoadProgress {
    /// Fraction done, 0.0 to 1.0.
    pub fn ratio(&self) -> f64 {
        if self.finished || self.bytes_total == 0 {
            return if self.finished { 1.0 } else { 0.0 };
        }
        (self.bytes_done as f64 / self.bytes_total as f64).clamp(0.0, 1.0)
    }
}

/// The corpus and everything known about it.
#[derive(Debug, Default)]
pub struct Desk {
    pub articles: Vec<Arc<Article>>,
    pub warnings: Vec<LoadWarning>,
    pub progress: LoadProgress,
    /// One analysis per article, once computed.
    pub analyses: Vec<Option<Arc<Analysis>>>,
    /// The stories, once every article is analysed.
    pub stories: Option<Stories>,
    /// Claims, quotes and discrepancies per story, each once computed.
    pub story_claims: Vec<Option<Arc<crate::compare::claims::StoryClaims>>>,
    /// The review store and its verdicts, when one is open.
    pub review: Option<crate::workflow::Review>,
    /// IDF over the background table and the corpus, for the corpus size it was built at.
    idf_cache: Option<(usize, Arc<Idf<'static>>)>,
    /// Called with each warning raised after loading (an article that could
    /// not be analysed); headless commands print it on stderr.
    pub on_warning: Option<fn(&LoadWarning)>,
    /// Called as long jobs advance: (what, done, total); `done == total`
    /// at the end. Headless commands print a progress line on stderr.
    pub on_progress: Option<fn(&str, usize, usize)>,
    /// True when articles arrived or changed since the stories were grouped
    /// (they were placed provisionally; see [`Desk::apply_live`]).
    pub stories_stale: bool,
    /// Articles that arrived (or changed) live and that the editor has not
    /// opened yet: what the dashboard marks new.
    pub fresh: std::collections::BTreeMap<usize, Fresh>,
    /// Counts the changes made to the articles and stories in place (live
    /// events, regroupings), so views can drop what they cached.
    pub revision: u64,
    /// Every article replaced in place, by index, in order: what a copy of
    /// the list kept elsewhere (the search thread's) must take again.
    pub replaced: Vec<usize>,
    /// How many stories' claims a background thread is still comparing
    /// (the others are compared when a view of them opens).
    pub claims_to_come: usize,
    /// Residency of the analyses (see [`Desk::evict`]).
    held: Residency,
}

/// Which articles are analysed, and which analyses are held in memory: an
/// analysis the installed analysis cache holds may be dropped from memory
/// (the article stays analysed, its entities stay counted) and read back
/// when a view needs it, so an archive's analyses are not all held at once.
#[derive(Debug, Default)]
struct Residency {
    /// Per article: analysed (held in `analyses`, or dropped and cached).
    analysed: Vec<bool>,
    /// How many are analysed.
    count: usize,
    /// Per article: its entities, kept when its analysis is dropped.
    entities: Vec<Option<Arc<[EntityCount]>>>,
    /// One copy of each entity name and key.
    names: std::collections::HashSet<Arc<str>>,
    /// The articles whose analysis is held, oldest first (an index may be
    /// listed again after its analysis was dropped and read back).
    order: VecDeque<usize>,
    /// Per article: how many times it is listed in `order`.
    listed: Vec<u32>,
    /// How many analyses are held.
    held: usize,
    /// How many may be held (0: all).
    budget: usize,
}

/// An entity of one article, counted: what the corpus entity list reads
/// (an article's analysis need not be held for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityCount {
    pub group: crate::nlp::entities::Group,
    /// The folded key (see [`crate::nlp::entities::Canonical::key`]).
    pub key: Arc<str>,
    /// The longest name it goes by in the article.
    pub name: Arc<str>,
    /// How many mentions it has in the article.
    pub mentions: u32,
}

/// The analysis of an article not analysed (or not read): no sentences,
/// no findings.
pub static EMPTY_ANALYSIS: std::sync::LazyLock<Analysis> =
    std::sync::LazyLock::new(Analysis::default);

/// How an article arrived live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fresh {
    /// A new article.
    New,
    /// An article whose file changed: same id, new text or metadata.
    Updated,
}

/// What one live event did to the desk.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LiveChange {
    /// Indexes of the articles appended.
    pub added: std::ops::Range<usize>,
    /// Indexes of the articles replaced in place (their file changed).
    pub replaced: Vec<usize>,
    /// Warnings added.
    pub warnings: usize,
}

impl Desk {
    /// A desk with a finished load.
    pub fn from_report(report: LoadReport) -> Desk {
        Desk {
            articles: report.articles.into_iter().map(Arc::new).collect(),
            warnings: report.warnings,
            analyses: Vec::new(),
            stories: None,
            story_claims: Vec::new(),
            review: None,
            idf_cache: None,
            on_warning: None,
            on_progress: None,
            stories_stale: false,
            fresh: Default::default(),
            revision: 0,
            replaced: Vec::new(),
            claims_to_come: 0,
            held: Residency::default(),
            progress: LoadProgress {
                files: report.files,
                bytes_done: 0,
                bytes_total: 0,
                finished: true,
            },
        }
    }

    /// Takes one event of a background load; returns how many articles it added.
    pub fn apply(&mut self, event: LoadEvent) -> usize {
        match event {
            LoadEvent::Started { files, bytes } => {
                self.progress.files = files;
                self.progress.bytes_total = bytes;
                0
            }
            LoadEvent::Articles(batch) => {
                let n = batch.len();
                self.articles.extend(batch.into_iter().map(Arc::new));
                n
            }
            LoadEvent::Warning(w) => {
                self.warnings.push(w);
                0
            }
            LoadEvent::Progress { done, total } => {
                self.progress.bytes_done = done;
                self.progress.bytes_total = total;
                0
            }
            LoadEvent::Changed(batch) => {
                self.replace_articles(batch);
                0
            }
        }
    }

    /// Takes one event of a live source (the folder watcher) and says what
    /// changed. New articles are appended (no index moves); an article whose
    /// file changed replaces the one with its id in place, its analysis and
    /// its story's findings are dropped for recomputation. Verdicts are keyed
    /// by content hash and span, so nothing the editor marked moves: an item
    /// whose text changed keeps its verdict, marked "text changed since".
    ///
    /// New articles are marked [`Fresh::New`], replaced ones
    /// [`Fresh::Updated`] (see [`Desk::fresh`]).
    pub fn apply_live(&mut self, event: LoadEvent) -> LiveChange {
        let change = self.apply_live_inner(event);
        for i in change.added.clone() {
            self.fresh.insert(i, Fresh::New);
        }
        for &i in &change.replaced {
            self.fresh.entry(i).or_insert(Fresh::Updated);
        }
        if !change.added.is_empty() || !change.replaced.is_empty() {
            self.revision += 1;
        }
        change
    }

    fn apply_live_inner(&mut self, event: LoadEvent) -> LiveChange {
        match event {
            LoadEvent::Articles(batch) => {
                let start = self.articles.len();
                self.articles.extend(batch.into_iter().map(Arc::new));
                let added = start..self.articles.len();
                self.place_in_stories(added.clone());
                LiveChange {
                    added,
                    ..Default::default()
                }
            }
            LoadEvent::Changed(batch) => {
                let start = self.articles.len();
                let replaced = self.replace_articles(batch);
                LiveChange {
                    added: start..self.articles.len(),
                    replaced,
                    ..Default::default()
                }
            }
            LoadEvent::Warning(w) => {
                self.warnings.push(w);
                LiveChange {
                    warnings: 1,
                    ..Default::default()
                }
            }
            LoadEvent::Started { .. } | LoadEvent::Progress { .. } => LiveChange::default(),
        }
    }

    /// Replaces articles by id (appending those not found); returns the
    /// indexes replaced.
    fn replace_articles(&mut self, batch: Vec<Article>) -> Vec<usize> {
        let mut replaced = Vec::new();
        let mut appended = Vec::new();
        for article in batch {
            match self.articles.iter().position(|a| a.id == article.id) {
                Some(i) => {
                    self.articles[i] = Arc::new(article);
                    self.replaced.push(i);
                    self.forget_analysis(i);
                    if let Some(st) = &self.stories
                        && let Some(&s) = st.story_of.get(i)
                        && let Some(c) = self.story_claims.get_mut(s)
                    {
                        *c = None;
                    }
                    replaced.push(i);
                }
                None => appended.push(article),
            }
        }
        if !appended.is_empty() {
            let start = self.articles.len();
            self.articles.extend(appended.into_iter().map(Arc::new));
            self.place_in_stories(start..self.articles.len());
        }
        self.stories_stale |= !replaced.is_empty();
        replaced
    }

    /// Gives articles appended after the stories were grouped a story each,
    /// so every index has one: a later version of a wire or feed item joins
    /// the story of the article it updates; any other article starts a story
    /// of its own at the end (existing stories keep their indexes) and the
    /// stories are marked stale, for a regrouping when the caller sees fit.
    fn place_in_stories(&mut self, added: std::ops::Range<usize>) {
        if added.is_empty() {
            return;
        }
        self.stories_stale = true;
        let Some(stories) = self.stories.as_mut() else {
            return;
        };
        for i in added {
            let root = self.articles[i].version_of.as_ref().and_then(|root| {
                self.articles[..i]
                    .iter()
                    .position(|a| &a.id == root)
                    .and_then(|r| stories.story_of.get(r).copied())
            });
            let s = match root {
                Some(s) => {
                    stories.stories[s].articles.push(i);
                    if let Some(c) = self.story_claims.get_mut(s) {
                        *c = None;
                    }
                    s
                }
                None => {
                    stories.stories.push(crate::compare::stories::Story {
                        articles: vec![i],
                        related: Vec::new(),
                        followups: Vec::new(),
                        label: self.articles[i].title.clone(),
                    });
                    self.story_claims.push(None);
                    stories.stories.len() - 1
                }
            };
            if stories.story_of.len() < i {
                stories.story_of.resize(i, usize::MAX);
            }
            stories.story_of.push(s);
        }
    }

    /// Takes stories grouped in the background over the first
    /// `stories.story_of.len()` articles; articles that arrived since are
    /// placed provisionally (as [`Desk::apply_live`] does) and the stories
    /// stay stale for another grouping.
    pub fn set_stories(&mut self, stories: Stories) {
        let covered = stories.story_of.len().min(self.articles.len());
        self.stories = Some(stories);
        self.revision += 1;
        self.place_in_stories(covered..self.articles.len());
    }

    /// Marks an article seen (opened); true when it was marked fresh.
    pub fn mark_seen(&mut self, article: usize) -> bool {
        self.fresh.remove(&article).is_some()
    }

    pub fn finish_loading(&mut self) {
        self.progress.finished = true;
    }

    pub fn is_loading(&self) -> bool {
        !self.progress.finished
    }

    /// Finds an article by id, file name, or a prefix of either that only
    /// one article has.
    pub fn find(&self, name: &str) -> Result<usize, String> {
        if let Some(i) = self
            .articles
            .iter()
            .position(|a| a.id == name || a.file_name() == name)
        {
            return Ok(i);
        }
        let by_path = self.articles.iter().position(|a| {
            a.path
                .as_ref()
                .is_some_and(|p| p == std::path::Path::new(name) || p.ends_with(name))
        });
        if let Some(i) = by_path {
            return Ok(i);
        }
        let matches: Vec<usize> = (0..self.articles.len())
            .filter(|&i| {
                self.articles[i].id.starts_with(name)
                    || self.articles[i].file_name().starts_with(name)
            })
            .collect();
        match matches.as_slice() {
            [i] => Ok(*i),
            [] => Err(format!("no article named {name:?}")),
            many => Err(format!(
                "{name:?} names {} articles ({}…); give more of the id",
                many.len(),
                many.iter()
                    .take(3)
                    .map(|&i| self.articles[i].id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Analyses every article not analysed yet, on all cores; blocks.
    pub fn analyze_all(&mut self) {
        let all: Vec<usize> = (0..self.articles.len()).collect();
        self.analyze_these(&all);
    }

    /// Analyses these articles (those not analysed yet), in parallel.
    pub fn analyze_these(&mut self, which: &[usize]) {
        self.analyses.resize(self.articles.len(), None);
        let mut todo: Vec<usize> = which
            .iter()
            .copied()
            .filter(|&i| i < self.articles.len() && self.analyses[i].is_none())
            .collect();
        todo.sort_unstable();
        todo.dedup();
        let total = todo.len();
        let count = std::sync::atomic::AtomicUsize::new(0);
        let progress = self.on_progress;
        let articles = &self.articles;
        let done: Vec<(usize, Arc<Analysis>)> = todo
            .into_par_iter()
            .map(|i| {
                let a = Arc::new(crate::cache::analyze_cached(&articles[i]));
                let n = count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if let Some(p) = progress {
                    p("analysing", n.min(total - 1), total);
                }
                (i, a)
            })
            .collect();
        if let (Some(p), true) = (progress, total > 0) {
            p("analysing", total, total);
        }
        for (i, a) in done {
            self.set_analysis(i, a);
        }
    }

    /// Keeps an article's analysis; one that failed becomes a warning
    /// ("could not analyse: …") and the article stays readable.
    pub fn set_analysis(&mut self, i: usize, a: Arc<Analysis>) {
        self.analyses.resize(self.articles.len().max(i + 1), None);
        if let (Some(why), Some(article)) = (&a.failure, self.articles.get(i)) {
            let w = LoadWarning {
                path: article
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| article.id.clone()),
                line: article.record,
                message: format!(
                    "could not analyse {}: {why}; shown without entities or findings",
                    article.id
                ),
            };
            if let Some(report) = self.on_warning {
                report(&w);
            }
            self.warnings.push(w);
        }
        let h = &mut self.held;
        h.analysed.resize(self.articles.len().max(i + 1), false);
        h.entities.resize(self.articles.len().max(i + 1), None);
        if !h.analysed[i] {
            h.analysed[i] = true;
            h.count += 1;
        }
        let names = &mut h.names;
        let mut intern = |s: &str| -> Arc<str> {
            match names.get(s) {
                Some(x) => x.clone(),
                None => {
                    let x: Arc<str> = Arc::from(s);
                    names.insert(x.clone());
                    x
                }
            }
        };
        h.entities[i] = Some(
            a.entities
                .canonical
                .iter()
                .map(|c| EntityCount {
                    group: c.group,
                    key: intern(&c.key),
                    name: intern(&c.name),
                    mentions: c.mentions.len() as u32,
                })
                .collect(),
        );
        if self.analyses[i].is_none() {
            h.held += 1;
        }
        h.listed.resize(h.analysed.len(), 0);
        h.listed[i] += 1;
        h.order.push_back(i);
        self.analyses[i] = Some(a);
    }

    /// Whether an article is analysed (its analysis held, or dropped from
    /// memory and kept in the analysis cache; see [`Desk::evict`]).
    pub fn is_analysed(&self, i: usize) -> bool {
        self.held.analysed.get(i).copied().unwrap_or(false) || self.is_held(i)
    }

    /// Whether an article's analysis is held in memory.
    pub fn is_held(&self, i: usize) -> bool {
        self.analyses.get(i).is_some_and(|a| a.is_some())
    }

    /// How many articles are analysed.
    pub fn analysed_count(&self) -> usize {
        self.held.count
    }

    /// An analysed article's entities with their mention counts (also when
    /// its analysis is not held).
    pub fn entity_counts(&self, i: usize) -> Option<&[EntityCount]> {
        self.held.entities.get(i)?.as_deref()
    }

    /// How many analyses may be held in memory at once (0, the default:
    /// all). Beyond it [`Desk::evict`] drops the oldest, when the analysis
    /// cache holds them.
    pub fn set_resident_budget(&mut self, n: usize) {
        self.held.budget = n;
    }

    /// How many analyses are held in memory.
    pub fn resident(&self) -> usize {
        self.held.held
    }

    /// Whether more analyses are held than the budget allows.
    pub fn over_budget(&self) -> bool {
        self.held.budget > 0 && self.held.held > self.held.budget
    }

    /// Drops the oldest analyses held beyond the budget, except those
    /// `keep` names (what the open views read): they stay analysed and are
    /// read back from the analysis cache when a view asks for them again
    /// (an analysis queue does it off the UI thread). Nothing is dropped
    /// without an analysis cache, or when the budget is 0. Returns how many
    /// were dropped.
    pub fn evict(&mut self, keep: impl Fn(usize) -> bool) -> usize {
        let h = &mut self.held;
        if h.budget == 0 || crate::cache::global().is_none() {
            return 0;
        }
        let mut dropped = 0;
        // each index held is looked at most once per call
        let mut looked = h.order.len();
        while h.held > h.budget && looked > 0 {
            looked -= 1;
            let Some(i) = h.order.pop_front() else { break };
            // (an index listed twice: its later entry stands for it)
            let listed = &mut h.listed[i];
            *listed -= 1;
            if *listed > 0 {
                continue;
            }
            let Some(slot) = self.analyses.get_mut(i) else {
                continue;
            };
            let Some(a) = slot.as_ref() else { continue };
            if keep(i) || a.failure.is_some() {
                h.listed[i] += 1;
                h.order.push_back(i);
                continue;
            }
            *slot = None;
            h.held -= 1;
            dropped += 1;
        }
        dropped
    }

    /// Forgets an article's analysis (its text changed).
    fn forget_analysis(&mut self, i: usize) {
        if let Some(slot) = self.analyses.get_mut(i)
            && slot.take().is_some()
        {
            self.held.held -= 1;
        }
        if let Some(x) = self.held.analysed.get_mut(i)
            && std::mem::take(x)
        {
            self.held.count -= 1;
        }
        if let Some(e) = self.held.entities.get_mut(i) {
            *e = None;
        }
    }

    /// The analysis of an article, computing it now if needed.
    pub fn analysis(&mut self, i: usize) -> Arc<Analysis> {
        self.analyses.resize(self.articles.len(), None);
        if let Some(a) = &self.analyses[i] {
            return a.clone();
        }
        let a = Arc::new(crate::cache::analyze_cached(&self.articles[i]));
        self.set_analysis(i, a.clone());
        a
    }

    /// The articles and their analyses as parallel lists of references;
    /// an article not analysed yet has an empty analysis (no sentences, no
    /// findings): analyse what a result reads first.
    pub fn refs(&self) -> (Vec<&Article>, Vec<&Analysis>) {
        let articles = self.articles.iter().map(|a| a.as_ref()).collect();
        let analyses = (0..self.articles.len())
            .map(|i| {
                self.analyses
                    .get(i)
                    .and_then(|a| a.as_deref())
                    .unwrap_or(&EMPTY_ANALYSIS)
            })
            .collect();
        (articles, analyses)
    }

    /// Every article's sentences: its full analysis when it has one, else
    /// its sentence split, computed here in parallel (fast: no model runs).
    pub fn sentence_analyses(&self) -> Vec<Arc<Analysis>> {
        sentence_analyses(&self.articles, &self.analyses)
    }

    /// Groups the articles into stories. Grouping reads sentences and words
    /// only, so it never waits for the entity model: articles not analysed
    /// yet are split into sentences for it.
    pub fn compute_stories(&mut self) -> &Stories {
        if let Some(p) = self.on_progress {
            p("grouping stories", 0, 1);
        }
        let (stories, idf) = group_stories(&self.articles, &self.analyses);
        self.stories = Some(stories);
        self.idf_cache = Some((self.articles.len(), Arc::new(idf)));
        if let Some(p) = self.on_progress {
            p("grouping stories", 1, 1);
        }
        self.story_claims.clear();
        self.stories_stale = false;
        self.stories.as_ref().expect("just set")
    }

    /// [`Desk::idf`], computed once per corpus size. While articles that
    /// arrived live wait for the stories to be regrouped (which brings a
    /// new IDF), the IDF of the corpus before them serves: computing one
    /// here would analyse them on the caller's thread.
    pub fn idf_cached(&mut self) -> Arc<Idf<'static>> {
        let n = self.articles.len();
        if let Some((k, idf)) = &self.idf_cache
            && (*k == n || (*k < n && self.stories_stale))
        {
            return idf.clone();
        }
        let idf = Arc::new(self.idf());
        self.idf_cache = Some((n, idf.clone()));
        idf
    }

    /// IDF over the background table and this corpus (analysing it first).
    pub fn idf(&mut self) -> Idf<'static> {
        let sentences = self.sentence_analyses();
        let analyses: Vec<&Analysis> = sentences.iter().map(|a| a.as_ref()).collect();
        let articles: Vec<&Article> = self.articles.iter().map(|a| a.as_ref()).collect();
        corpus_idf(&articles, &analyses)
    }

    /// Keeps an IDF computed elsewhere (the stories worker) over the first
    /// `articles` articles.
    pub fn set_idf(&mut self, articles: usize, idf: Arc<Idf<'static>>) {
        self.idf_cache = Some((articles, idf));
    }

    /// The claims, quotes and discrepancies of one story, computed once
    /// (grouping the stories first if needed).
    pub fn claims_of(&mut self, story: usize) -> Arc<crate::compare::claims::StoryClaims> {
        if self.stories.is_none() {
            self.compute_stories();
        }
        self.fit_claim_slots();
        // what reads the claims reads the reports' analyses too (held, or
        // read back from the cache: see Desk::evict)
        let st = &self.stories.as_ref().expect("stories").stories[story];
        let needed: Vec<usize> = st.compared().collect();
        self.analyze_these(&needed);
        if let Some(c) = &self.story_claims[story] {
            return c.clone();
        }
        let idf = self.idf_cached();
        let (articles, analyses) = self.refs();
        let s = &self.stories.as_ref().expect("stories").stories[story];
        let claims = Arc::new(crate::compare::claims::story_claims_with(
            &s.articles,
            &s.followups,
            &articles,
            &analyses,
            &idf,
        ));
        self.story_claims[story] = Some(claims.clone());
        claims
    }

    /// One claims slot per story (all empty after the stories changed).
    fn fit_claim_slots(&mut self) {
        let n = self.stories.as_ref().map_or(0, |s| s.stories.len());
        if self.story_claims.len() != n {
            self.story_claims = vec![None; n];
        }
    }

    /// Claims, quotes and discrepancies of every story (grouping first if
    /// needed); those not computed yet are computed in parallel.
    pub fn all_story_claims(&mut self) -> Vec<Arc<crate::compare::claims::StoryClaims>> {
        if self.stories.is_none() {
            self.compute_stories();
        }
        self.fit_claim_slots();
        if self.story_claims.iter().any(Option::is_none) {
            self.analyze_all();
            let idf = self.idf_cached();
            let (articles, analyses) = self.refs();
            let stories = &self.stories.as_ref().expect("stories").stories;
            let total = stories.len();
            let count = std::sync::atomic::AtomicUsize::new(0);
            let progress = self.on_progress;
            let computed: Vec<Arc<crate::compare::claims::StoryClaims>> = stories
                .par_iter()
                .zip(self.story_claims.par_iter())
                .map(|(s, done)| {
                    let c = done.clone().unwrap_or_else(|| {
                        Arc::new(crate::compare::claims::story_claims_with(
                            &s.articles,
                            &s.followups,
                            &articles,
                            &analyses,
                            &idf,
                        ))
                    });
                    let n = count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    if let Some(p) = progress {
                        p("comparing claims, story", n.min(total - 1), total);
                    }
                    c
                })
                .collect();
            if let Some(p) = progress {
                p("comparing claims, story", total, total);
            }
            self.story_claims = computed.into_iter().map(Some).collect();
        }
        self.story_claims.iter().flatten().cloned().collect()
    }

    /// The fact-check report of every story with two reports or more, with
    /// findings, or with verdicts and notes.
    pub fn report(&mut self, editor: &str) -> crate::report::Report {
        let entries = self
            .review
            .as_ref()
            .map(|r| r.entries.clone())
            .unwrap_or_default();
        self.report_for(editor, &entries, None)
    }

    /// A copy of what a report reads (articles, analyses, stories, claims,
    /// the corpus IDF), for writing it on another thread while this desk
    /// goes on: the copy shares the articles, analyses and claims (`Arc`s),
    /// reads back from the analysis cache what this desk dropped from
    /// memory, and frees it all when dropped. It raises no warnings and
    /// shows no progress.
    pub fn detached_copy(&self) -> Desk {
        Desk {
            articles: self.articles.clone(),
            warnings: Vec::new(),
            progress: self.progress,
            analyses: self.analyses.clone(),
            stories: self.stories.clone(),
            story_claims: self.story_claims.clone(),
            review: None,
            idf_cache: self.idf_cache.clone(),
            on_warning: None,
            on_progress: None,
            stories_stale: self.stories_stale,
            fresh: Default::default(),
            revision: self.revision,
            replaced: Vec::new(),
            claims_to_come: 0,
            held: Residency::default(),
        }
    }

    /// The report with these verdicts and notes, of these stories (by index)
    /// or of every story with something to report.
    pub fn report_for(
        &mut self,
        editor: &str,
        entries: &std::collections::HashMap<String, crate::review::Entry>,
        only: Option<&[usize]>,
    ) -> crate::report::Report {
        let claims = match only {
            // only the stories asked for need their claims
            Some(list) => {
                for &s in list {
                    self.claims_of(s);
                }
                self.story_claims.clone()
            }
            None => {
                // (the report reads every story's analyses: those dropped
                // from memory are read back; the dashboard drops them again)
                self.analyze_all();
                self.all_story_claims().into_iter().map(Some).collect()
            }
        };
        let (articles, analyses) = self.refs();
        let stories = self.stories.as_ref().expect("stories");
        // the stories whose articles carry a verdict or note
        let mut reviewed = std::collections::HashSet::new();
        if only.is_none() && !entries.is_empty() {
            let hashes: std::collections::HashMap<String, usize> = articles
                .iter()
                .enumerate()
                .map(|(i, a)| (crate::workflow::article_hash(a), i))
                .collect();
            for e in entries.values().filter(|e| e.has_content()) {
                if let Some(&a) = e.key.article_hash().and_then(|h| hashes.get(h))
                    && let Some(&s) = stories.story_of.get(a)
                {
                    reviewed.insert(s);
                }
            }
        }
        let input = crate::report::ReportInput {
            stories: stories
                .stories
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    let c = claims.get(i)?.as_ref()?;
                    let wanted = match only {
                        Some(list) => list.contains(&i),
                        None => {
                            s.articles.len() > 1
                                || !c.discrepancies.is_empty()
                                || reviewed.contains(&i)
                        }
                    };
                    if !wanted {
                        return None;
                    }
                    let facts =
                        crate::compare::coverage::facts_from(&s.articles, &analyses, &c.alignments);
                    Some(crate::report::StoryInput {
                        index: i,
                        label: s.label.clone(),
                        members: s.articles.clone(),
                        claims: c.as_ref(),
                        facts,
                    })
                })
                .collect(),
            articles: articles.clone(),
            analyses: analyses.clone(),
            entries,
            editor: editor.to_string(),
            with_elsewhere: only.is_none(),
        };
        crate::report::build(&input)
    }

    /// Aligns two articles' sentences.
    /// What opening a story's views (`story`) or comparing two articles
    /// (`pair`) still needs computed, as a job for another thread; `None`
    /// when it is all there (or cannot be computed yet: no stories, an
    /// article not analysed), and the view can be built at once.
    pub fn prep_job(
        &mut self,
        story: Option<usize>,
        pair: Option<(usize, usize)>,
    ) -> Option<PrepJob> {
        if self.stories.is_none() || self.idf_cache.is_none() {
            return None;
        }
        let analysed = |d: &Desk, i: usize| d.analyses.get(i).and_then(|a| a.clone());
        let mut embed = Vec::new();
        if let Some((l, r)) = pair {
            for i in [l, r] {
                let a = analysed(self, i)?;
                if !a.has_vectors()
                    && !embed
                        .iter()
                        .any(|(_, b): &(_, Arc<Analysis>)| Arc::ptr_eq(b, &a))
                {
                    embed.push((self.articles.get(i)?.clone(), a));
                }
            }
        }
        self.fit_claim_slots();
        let claims = match story {
            Some(s) if self.story_claims.get(s).is_some_and(Option::is_none) => {
                let st = &self.stories.as_ref()?.stories.get(s)?;
                // the story's reports must be analysed; the others are not read
                if st
                    .articles
                    .iter()
                    .chain(&st.followups)
                    .any(|&i| analysed(self, i).is_none())
                {
                    return None;
                }
                let (members, followups) = (st.articles.clone(), st.followups.clone());
                let empty = Arc::new(Analysis::default());
                Some(ClaimsJob {
                    story: s,
                    members,
                    followups,
                    articles: self.articles.clone(),
                    analyses: (0..self.articles.len())
                        .map(|i| analysed(self, i).unwrap_or_else(|| empty.clone()))
                        .collect(),
                    idf: self.idf_cached(),
                })
            }
            _ => None,
        };
        if embed.is_empty() && claims.is_none() {
            return None;
        }
        Some(PrepJob {
            embed,
            claims,
            revision: self.revision,
        })
    }

    /// Keeps what a [`PrepJob`] computed, unless the articles or stories
    /// changed since it was taken. True when it was kept.
    pub fn take_prepared(&mut self, prepared: Prepared) -> bool {
        if prepared.revision != self.revision {
            return false;
        }
        self.fit_claim_slots();
        if let Some((s, c)) = prepared.claims
            && let Some(slot) = self.story_claims.get_mut(s)
            && slot.is_none()
        {
            *slot = Some(c);
        }
        true
    }

    pub fn align(&mut self, left: usize, right: usize) -> Alignment {
        let idf = self.idf_cached();
        let (la, ra) = (self.analysis(left), self.analysis(right));
        align(
            &self.articles[left],
            &la,
            &self.articles[right],
            &ra,
            &idf,
            &AlignOptions::default(),
        )
    }
}

/// Work a story view or a comparison needs and that would hold the UI
/// thread for a noticeable time (sentence embeddings, a story's claims):
/// taken from the desk by [`Desk::prep_job`], run on another thread by
/// [`PrepJob::run`], its result put back by [`Desk::take_prepared`].
pub struct PrepJob {
    embed: Vec<(Arc<Article>, Arc<Analysis>)>,
    claims: Option<ClaimsJob>,
    revision: u64,
}

struct ClaimsJob {
    story: usize,
    members: Vec<usize>,
    followups: Vec<usize>,
    articles: Vec<Arc<Article>>,
    analyses: Vec<Arc<Analysis>>,
    idf: Arc<Idf<'static>>,
}

/// What a [`PrepJob`] computed.
pub struct Prepared {
    /// A story's claims (the embeddings live in the analyses themselves).
    pub claims: Option<(usize, Arc<crate::compare::claims::StoryClaims>)>,
    /// The desk's revision the job was taken at.
    pub revision: u64,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("story", &self.claims.as_ref().map(|c| c.0))
            .field("revision", &self.revision)
            .finish()
    }
}

impl PrepJob {
    /// What the job does, for the status line.
    pub fn describe(&self) -> String {
        match (&self.claims, self.embed.len()) {
            (Some(c), _) => format!("comparing the claims of s{}", c.story + 1),
            (None, 1) => "reading the sentences of one report".into(),
            (None, n) => format!("reading the sentences of {n} reports"),
        }
    }

    /// Computes what the view needs (in parallel, on rayon's pool).
    pub fn run(self) -> Prepared {
        self.embed.par_iter().for_each(|(article, analysis)| {
            analysis.sentence_vectors(article);
        });
        let claims = self.claims.map(|c| {
            let articles: Vec<&Article> = c.articles.iter().map(|a| a.as_ref()).collect();
            let analyses: Vec<&Analysis> = c.analyses.iter().map(|a| a.as_ref()).collect();
            let sc = crate::compare::claims::story_claims_with(
                &c.members,
                &c.followups,
                &articles,
                &analyses,
                &c.idf,
            );
            (c.story, Arc::new(sc))
        });
        Prepared {
            claims,
            revision: self.revision,
        }
    }
}

/// The stories of these articles and the corpus's IDF: from the installed
/// analysis cache when it holds them for exactly these articles, else
/// grouped from their sentences (the held analyses', else a split made
/// for the grouping and let go: see [`StreamingGrouper`]) and stored.
pub fn group_stories(
    articles: &[Arc<Article>],
    analyses: &[Option<Arc<Analysis>>],
) -> (Stories, Idf<'static>) {
    let key = crate::cache::global().map(|_| crate::cache::stories_key(articles));
    if let Some(k) = &key
        && let Some(found) = cached_stories(k, articles.len())
    {
        return found;
    }
    // a few thousand articles at a time: their sentence splits are never
    // all held at once
    const CHUNK: usize = 4096;
    let mut grouper = StreamingGrouper::default();
    for (n, chunk) in articles.chunks(CHUNK).enumerate() {
        let held = analyses.get(n * CHUNK..).unwrap_or(&[]);
        grouper.add_with(chunk.iter().map(|a| a.as_ref()), held);
    }
    let (stories, idf) = grouper.finish(articles);
    if let Some(k) = &key {
        store_stories(k, &stories, &idf);
    }
    (stories, idf)
}

/// The stories and IDF the installed analysis cache holds under `key`.
pub fn cached_stories(key: &[u8; 16], articles: usize) -> Option<(Stories, Idf<'static>)> {
    let stored = crate::cache::global()?.stories(key, articles)?;
    let df = stored.df.into_iter().collect();
    let idf = Idf::from_counts(DocFreq::background(), stored.documents, df);
    Some((stored.stories, idf))
}

/// Stores stories and their IDF in the installed analysis cache, if any.
pub fn store_stories(key: &[u8; 16], stories: &Stories, idf: &Idf<'static>) {
    if let Some(c) = crate::cache::global() {
        let (documents, df) = idf.local_counts();
        c.store_stories(
            key,
            &crate::cache::StoredStories {
                stories: stories.clone(),
                documents,
                df: df.iter().map(|(t, &n)| (t.clone(), n)).collect(),
            },
        );
    }
}

/// Each article's sentences: its full analysis when there is one, else its
/// sentence split (computed in parallel).
pub fn sentence_analyses(
    articles: &[Arc<Article>],
    analyses: &[Option<Arc<Analysis>>],
) -> Vec<Arc<Analysis>> {
    articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| match analyses.get(i).and_then(|x| x.clone()) {
            Some(full) => full,
            None => Arc::new(crate::nlp::guard_analysis(a, crate::nlp::analyze_sentences)),
        })
        .collect()
}

/// IDF over the background table and these articles' reporting sentences
/// (the terms of each article found in parallel).
pub fn corpus_idf(articles: &[&Article], analyses: &[&Analysis]) -> Idf<'static> {
    // document frequencies counted per thread and merged: the corpus's
    // term lists are never all held at once
    let counts = articles
        .par_iter()
        .zip(analyses.par_iter())
        .fold(TermCounts::new, |mut df, (a, an)| {
            count_terms(&mut df, a, an);
            df
        })
        .reduce(TermCounts::new, merge_counts);
    idf_of_counts(articles.len(), &counts)
}

/// Per term, how many documents hold it.
type TermCounts = std::collections::HashMap<String, u32>;

/// Counts the terms of an article's reporting sentences, once each.
fn count_terms(df: &mut TermCounts, a: &Article, an: &Analysis) {
    let mut terms: Vec<String> = Vec::new();
    for (_, s) in an.reporting_sentences() {
        terms.extend(
            crate::nlp::terms::terms(&a.body, s.span)
                .into_iter()
                .map(|t| t.0),
        );
    }
    terms.sort_unstable();
    terms.dedup();
    count_distinct(df, &terms);
}

/// Counts one document's distinct terms.
fn count_distinct(df: &mut TermCounts, terms: &[String]) {
    for t in terms {
        match df.get_mut(t.as_str()) {
            Some(n) => *n += 1,
            None => {
                df.insert(t.clone(), 1);
            }
        }
    }
}

fn merge_counts(mut x: TermCounts, mut y: TermCounts) -> TermCounts {
    if x.len() < y.len() {
        std::mem::swap(&mut x, &mut y);
    }
    for (t, n) in y {
        *x.entry(t).or_insert(0) += n;
    }
    x
}

fn idf_of_counts(documents: usize, counts: &TermCounts) -> Idf<'static> {
    let mut idf = Idf::new(DocFreq::background());
    idf.add_counts(
        documents as u32,
        counts.iter().map(|(t, &n)| (t.as_str(), n)),
    );
    idf
}

/// Groups an archive too large to hold in memory, as it is read batch by
/// batch: each article is reduced at once to what grouping needs (its
/// terms' document counts and its [`RawFeatures`]), so its text can be
/// let go. The stories and IDF are those [`group_stories`] gives for the
/// same articles.
///
/// [`RawFeatures`]: crate::compare::stories::RawFeatures
#[derive(Default)]
pub struct StreamingGrouper {
    /// Each article's raw features, its terms taken out into `counts`.
    raw: Vec<crate::compare::stories::RawFeatures>,
    counts: Vec<Vec<(u32, f32)>>,
    numbering: crate::compare::stories::TermNumbering,
    dates: Vec<Option<jiff::civil::Date>>,
    df: TermCounts,
}

impl StreamingGrouper {
    /// Takes the next articles of the corpus, in order.
    pub fn add(&mut self, batch: &[Article]) {
        self.add_with(batch.iter(), &[]);
    }

    /// Takes the next articles of the corpus, in order, with the analyses
    /// held for them (`held[i]` for the i-th, where there is one: its
    /// sentences are read instead of splitting the text again).
    pub fn add_with<'a>(
        &mut self,
        batch: impl Iterator<Item = &'a Article>,
        held: &[Option<Arc<Analysis>>],
    ) {
        let opts = crate::compare::stories::StoryOptions::default();
        let batch: Vec<(&Article, Option<Arc<Analysis>>)> = batch
            .enumerate()
            .map(|(i, a)| (a, held.get(i).cloned().flatten()))
            .collect();
        let parts: Vec<(crate::compare::stories::RawFeatures, Vec<String>)> = batch
            .par_iter()
            .map(|(a, held)| {
                let an = match held {
                    Some(full) => full.clone(),
                    None => Arc::new(crate::nlp::guard_analysis(a, crate::nlp::analyze_sentences)),
                };
                let mut terms = Vec::new();
                let raw =
                    crate::compare::stories::raw_features_and_terms(a, &an, &opts, &mut terms);
                (raw, terms)
            })
            .collect();
        // the batch's document frequencies, counted per thread and merged
        let df = parts
            .par_iter()
            .fold(TermCounts::new, |mut df, (_, terms)| {
                count_distinct(&mut df, terms);
                df
            })
            .reduce(TermCounts::new, merge_counts);
        // numbered in corpus order as they come
        for (mut r, _) in parts {
            self.counts.push(self.numbering.number(&mut r));
            self.raw.push(r);
        }
        self.dates.extend(batch.iter().map(|(a, _)| a.dated()));
        self.df = merge_counts(std::mem::take(&mut self.df), df);
    }

    /// How many articles it has taken.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The stories of the articles taken (`articles`: the same, in the same
    /// order; their text is not read) and the corpus's IDF; stored in the
    /// analysis cache like [`group_stories`]'s.
    pub fn finish(self, articles: &[Arc<Article>]) -> (Stories, Idf<'static>) {
        assert_eq!(articles.len(), self.raw.len(), "one article per features");
        let documents = self.raw.len();
        let started = std::time::Instant::now();
        let docs = crate::compare::stories::features_numbered(
            self.numbering,
            &self.raw,
            self.counts,
            &self.dates,
            DocFreq::background(),
        );
        drop(self.raw);
        tracing::info!(ms = started.elapsed().as_millis() as u64, "story features");
        let arts: Vec<&Article> = articles.iter().map(|a| a.as_ref()).collect();
        let opts = crate::compare::stories::StoryOptions::default();
        let mut stories = crate::compare::stories::cluster_stories(&arts, &docs, &opts);
        drop(docs);
        crate::compare::stories::join_versions(&arts, &mut stories);
        let idf = idf_of_counts(documents, &self.df);
        (stories, idf)
    }
}

/// Renumbers freshly grouped stories so that each keeps the number of the
/// story most of its articles were in before (`previous`, grouped over the
/// same first articles, with live ones placed provisionally): a report that
/// joins story s3 leaves it s3, and the editor's story numbers, open screens
/// and `story:` filters keep meaning. Stories with no earlier counterpart
/// take the numbers left free, then the next ones, in their own order.
pub fn keep_story_numbers(new: Stories, previous: &Stories) -> Stories {
    let n = new.stories.len();
    // votes: (members from old story k, new story j, old story k)
    let mut votes: Vec<(usize, usize, usize)> = Vec::new();
    for (j, story) in new.stories.iter().enumerate() {
        let mut counts: std::collections::HashMap<usize, usize> = Default::default();
        for &a in &story.articles {
            if let Some(&k) = previous.story_of.get(a)
                && k < n
            {
                *counts.entry(k).or_default() += 1;
            }
        }
        votes.extend(counts.into_iter().map(|(k, c)| (c, j, k)));
    }
    // most shared members first; ties to the lower numbers
    votes.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut place: Vec<Option<usize>> = vec![None; n];
    let mut taken = vec![false; n];
    for (_, j, k) in votes {
        if place[j].is_none() && !taken[k] {
            place[j] = Some(k);
            taken[k] = true;
        }
    }
    let mut free = (0..n).filter(|&k| !taken[k]);
    let place: Vec<usize> = place
        .into_iter()
        .map(|p| p.unwrap_or_else(|| free.next().expect("as many numbers as stories")))
        .collect();
    let mut slots: Vec<Option<crate::compare::stories::Story>> = vec![None; n];
    for (j, story) in new.stories.into_iter().enumerate() {
        slots[place[j]] = Some(story);
    }
    Stories {
        stories: slots
            .into_iter()
            .map(|s| s.expect("a permutation"))
            .collect(),
        story_of: new.story_of.into_iter().map(|j| place[j]).collect(),
    }
}

/// Whether two stories have the same reports and follow-ups (in any order):
/// then the claims of one are the claims of the other.
pub fn same_story(a: &crate::compare::stories::Story, b: &crate::compare::stories::Story) -> bool {
    let sorted = |v: &[usize]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    sorted(&a.articles) == sorted(&b.articles) && sorted(&a.followups) == sorted(&b.followups)
}

/// Starts loading on a background thread. `send` receives every event and
/// then `None` when the load is over; it returns false to stop early.
pub fn spawn_load(
    paths: Vec<PathBuf>,
    opts: LoadOptions,
    send: impl Fn(Option<LoadEvent>) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("newsdesk-load".into())
        .spawn(move || {
            let mut open = true;
            corpus::load_paths_streaming(&paths, &opts, &mut |event| {
                if open {
                    open = send(Some(event));
                }
            });
            send(None);
        })
        .expect("spawn the loading thread")
}

/// [`spawn_load`] for a dashboard that will watch its folders: the load
/// keeps a [`corpus::LoadState`] and the thread returns it, to hand to
/// [`corpus::watch::watch_folders`] so ids stay unique and feed and wire
/// items already loaded are known. (With no paths, nothing is loaded: the
/// seeds are not watched.)
pub fn spawn_load_for_watch(
    paths: Vec<PathBuf>,
    opts: LoadOptions,
    send: impl Fn(Option<LoadEvent>) -> bool + Send + 'static,
) -> std::thread::JoinHandle<corpus::LoadState> {
    std::thread::Builder::new()
        .name("newsdesk-load".into())
        .spawn(move || {
            let mut state = corpus::LoadState::new();
            let mut open = true;
            corpus::load_paths_with(&mut state, &paths, &opts, &mut |event| {
                if open {
                    open = send(Some(event));
                }
            });
            send(None);
            state
        })
        .expect("spawn the loading thread")
}

/// Articles waiting for analysis, shared with the worker threads. The
/// dashboard queues articles as they load and moves the one the editor is
/// looking at to the front.
#[derive(Clone, Default)]
pub struct AnalysisQueue {
    inner: Arc<(Mutex<QueueState>, Condvar)>,
}

#[derive(Default)]
struct QueueState {
    queue: VecDeque<(usize, Arc<Article>)>,
    closed: bool,
}

impl AnalysisQueue {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues an article at the back.
    pub fn push(&self, index: usize, article: Arc<Article>) {
        let (lock, cv) = &*self.inner;
        lock.lock()
            .expect("queue lock")
            .queue
            .push_back((index, article));
        cv.notify_one();
    }

    /// Queues a new version of an article: replaces the queued one with
    /// the same index, if any (its analysis would be thrown away), else
    /// queues it at the back.
    pub fn push_replacing(&self, index: usize, article: Arc<Article>) {
        let (lock, cv) = &*self.inner;
        let mut st = lock.lock().expect("queue lock");
        match st.queue.iter_mut().find(|(i, _)| *i == index) {
            Some(slot) => slot.1 = article,
            None => st.queue.push_back((index, article)),
        }
        cv.notify_one();
    }

    /// Moves a queued article to the front (no effect if not queued).
    pub fn prioritize(&self, index: usize) {
        let (lock, _) = &*self.inner;
        let mut st = lock.lock().expect("queue lock");
        if let Some(pos) = st.queue.iter().position(|(i, _)| *i == index)
            && let Some(item) = st.queue.remove(pos)
        {
            st.queue.push_front(item);
        }
    }

    /// Moves an article to the front, queuing it there if it is not queued
    /// (an analysis dropped from memory, read back from the cache).
    pub fn bring_forward(&self, index: usize, article: Arc<Article>) {
        let (lock, cv) = &*self.inner;
        let mut st = lock.lock().expect("queue lock");
        let item = match st.queue.iter().position(|(i, _)| *i == index) {
            Some(pos) => st.queue.remove(pos).expect("just found"),
            None => (index, article),
        };
        st.queue.push_front(item);
        cv.notify_one();
    }

    /// Articles still waiting.
    pub fn pending(&self) -> usize {
        self.inner.0.lock().expect("queue lock").queue.len()
    }

    /// Stops the workers once the queue is empty.
    pub fn close(&self) {
        let (lock, cv) = &*self.inner;
        lock.lock().expect("queue lock").closed = true;
        cv.notify_all();
    }

    fn pop(&self) -> Option<(usize, Arc<Article>)> {
        let (lock, cv) = &*self.inner;
        let mut st = lock.lock().expect("queue lock");
        loop {
            if let Some(item) = st.queue.pop_front() {
                return Some(item);
            }
            if st.closed {
                return None;
            }
            st = cv.wait(st).expect("queue lock");
        }
    }

    /// Starts `n` threads that analyse queued articles and hand each result
    /// to `send` (which returns false to stop).
    pub fn spawn_workers(
        &self,
        n: usize,
        send: impl Fn(usize, Arc<Analysis>) -> bool + Send + Clone + 'static,
    ) {
        self.spawn_workers_with(n, crate::nlp::analyze, send)
    }

    /// [`AnalysisQueue::spawn_workers`] with another analysis function. A
    /// panic in it is contained per article (the article gets a failure
    /// and its sentences; the worker goes on with the next).
    pub fn spawn_workers_with(
        &self,
        n: usize,
        analyse: fn(&Article) -> Analysis,
        send: impl Fn(usize, Arc<Analysis>) -> bool + Send + Clone + 'static,
    ) {
        self.spawn_workers_for(n, analyse, move |i, _, a| send(i, a))
    }

    /// [`AnalysisQueue::spawn_workers_with`], handing `send` the article
    /// analysed too: a live desk replaces articles in place, and an
    /// analysis of a version replaced meanwhile must be told apart.
    pub fn spawn_workers_for(
        &self,
        n: usize,
        analyse: fn(&Article) -> Analysis,
        send: impl Fn(usize, Arc<Article>, Arc<Analysis>) -> bool + Send + Clone + 'static,
    ) {
        for k in 0..n.max(1) {
            let queue = self.clone();
            let send = send.clone();
            std::thread::Builder::new()
                .name(format!("newsdesk-analyse-{k}"))
                .spawn(move || {
                    // the analysis yields to the UI thread and to the
                    // grouping: a key reaches the screen while both cores
                    // analyse, and stories come first
                    crate::fsutil::yield_to_foreground(10);
                    while let Some((i, article)) = queue.pop() {
                        let a = crate::nlp::guard_analysis(&article, analyse);
                        if !send(i, article, Arc::new(a)) {
                            break;
                        }
                    }
                })
                .expect("spawn an analysis thread");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn background_load_fills_the_desk() {
        let (tx, rx) = mpsc::channel();
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        spawn_load(vec![seeds], LoadOptions::default(), move |e| {
            tx.send(e).is_ok()
        });
        let mut desk = Desk::default();
        for event in rx {
            match event {
                Some(e) => {
                    desk.apply(e);
                }
                None => desk.finish_loading(),
            }
        }
        assert_eq!(desk.articles.len(), 5);
        assert!(!desk.is_loading());
        assert_eq!(desk.progress.ratio(), 1.0);
        assert_eq!(desk.find("002_86b19494f267c200"), Ok(2));
        assert_eq!(desk.find("002_86b19494f267c200.txt"), Ok(2));
        assert_eq!(desk.find("002"), Ok(2));
        assert!(desk.find("00").unwrap_err().contains("names 5 articles"));
        assert!(desk.find("zzz").is_err());
    }

    #[test]
    fn a_panicking_article_becomes_a_warning_and_the_others_go_on() {
        fn fragile(a: &Article) -> Analysis {
            if a.body.contains("Gamma") {
                panic!("a bug on this text");
            }
            crate::nlp::analyze(a)
        }
        let articles: Vec<Article> = ["Alpha one. Two.", "Gamma three. Four.", "Delta five."]
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut a = corpus::build_article(corpus::RawArticle {
                    body: t.to_string(),
                    ..Default::default()
                });
                a.id = format!("x{i}");
                a
            })
            .collect();
        let queue = AnalysisQueue::new();
        for (i, a) in articles.iter().enumerate() {
            queue.push(i, Arc::new(a.clone()));
        }
        let (tx, rx) = mpsc::channel();
        queue.spawn_workers_with(1, fragile, move |i, a| tx.send((i, a)).is_ok());
        queue.close();
        let mut desk = Desk::from_report(LoadReport {
            articles,
            ..Default::default()
        });
        let mut seen = 0;
        for (i, a) in rx {
            seen += 1;
            desk.set_analysis(i, a);
        }
        assert_eq!(seen, 3, "the worker went on after the panic");
        let failed = desk.analyses[1].as_ref().unwrap();
        assert!(
            failed
                .failure
                .as_ref()
                .unwrap()
                .contains("a bug on this text")
        );
        assert_eq!(
            failed.sentences.len(),
            2,
            "still readable sentence by sentence"
        );
        assert!(desk.analyses[2].as_ref().unwrap().failure.is_none());
        assert_eq!(desk.warnings.len(), 1);
        assert!(
            desk.warnings[0]
                .message
                .starts_with("could not analyse x1: analysing x1: a bug")
        );
    }

    #[test]
    fn regrouped_stories_keep_their_numbers() {
        use crate::compare::stories::{Stories, Story};
        let story = |articles: &[usize]| Story {
            articles: articles.to_vec(),
            related: Vec::new(),
            followups: Vec::new(),
            label: String::new(),
        };
        // before: s1 = {0, 1}, s2 = {2}, s3 = {3, 4, 5}; article 6 arrived
        // live, placed alone in s4
        let previous = Stories {
            stories: vec![story(&[0, 1]), story(&[2]), story(&[3, 4, 5]), story(&[6])],
            story_of: vec![0, 0, 1, 2, 2, 2, 3],
        };
        // regrouped, biggest first: 6 joined {0, 1}; 2 joined {3, 4, 5}
        let new = Stories {
            stories: vec![story(&[3, 4, 2, 5]), story(&[6, 0, 1])],
            story_of: vec![1, 1, 0, 0, 0, 0, 1],
        };
        let kept = keep_story_numbers(new, &previous);
        assert_eq!(kept.stories[0].articles, vec![6, 0, 1], "s1 stays s1");
        assert_eq!(
            kept.stories[1].articles,
            vec![3, 4, 2, 5],
            "s3's reports take s2, freed"
        );
        assert_eq!(kept.story_of, vec![0, 0, 1, 1, 1, 1, 0]);
        // a story with no counterpart takes a number left free
        let new = Stories {
            stories: vec![
                story(&[7]),
                story(&[0, 1]),
                story(&[2]),
                story(&[3, 4, 5, 6]),
            ],
            story_of: vec![1, 1, 2, 3, 3, 3, 3, 0],
        };
        let kept = keep_story_numbers(new, &previous);
        assert_eq!(kept.stories[0].articles, vec![0, 1]);
        assert_eq!(kept.stories[1].articles, vec![2]);
        assert_eq!(kept.stories[2].articles, vec![3, 4, 5, 6]);
        assert_eq!(
            kept.stories[3].articles,
            vec![7],
            "the new story takes s4, freed"
        );
        assert_eq!(kept.story_of, vec![0, 0, 1, 2, 2, 2, 2, 3]);
        assert!(same_story(&kept.stories[0], &story(&[1, 0])));
        assert!(!same_story(&kept.stories[2], &story(&[3, 4, 5])));
    }

    #[test]
    fn queue_analyses_priority_first() {
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let report = corpus::load_paths(&[seeds], &LoadOptions::default());
        let queue = AnalysisQueue::new();
        for (i, a) in report.articles.into_iter().enumerate() {
            queue.push(i, Arc::new(a));
        }
        queue.prioritize(3);
        assert_eq!(queue.pending(), 5);
        let (tx, rx) = mpsc::channel();
        queue.spawn_workers(1, move |i, a| tx.send((i, a)).is_ok());
        queue.close();
        let order: Vec<usize> = rx
            .iter()
            .map(|(i, a)| {
                assert!(!a.sentences.is_empty());
                i
            })
            .collect();
        assert_eq!(order[0], 3, "the prioritised article comes first");
        assert_eq!(order.len(), 5);
    }
}
