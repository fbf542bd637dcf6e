//! The Desk: the app-state model the views ask.
//!
//! It owns the loaded articles and the warnings met on the way, and runs the
//! long jobs (loading now; analysis later) on background threads so the
//! dashboard never waits. Views never call the library modules directly.

use crate::compare::align::{AlignOptions, Alignment, align};
use crate::compare::idf::{DocFreq, Idf};
use crate::compare::stories::{Stories, stories_of};
use crate::corpus::{self, Article, LoadEvent, LoadOptions, LoadReport, LoadWarning};
use crate::nlp::{Analysis, analyze};
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
        }
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
        self.analyses.resize(self.articles.len(), None);
        let todo: Vec<usize> = (0..self.articles.len())
            .filter(|&i| self.analyses[i].is_none())
            .collect();
        let done: Vec<(usize, Arc<Analysis>)> = todo
            .into_par_iter()
            .map(|i| (i, Arc::new(analyze(&self.articles[i]))))
            .collect();
        for (i, a) in done {
            self.analyses[i] = Some(a);
        }
    }

    /// The analysis of an article, computing it now if needed.
    pub fn analysis(&mut self, i: usize) -> Arc<Analysis> {
        self.analyses.resize(self.articles.len(), None);
        self.analyses[i]
            .get_or_insert_with(|| Arc::new(analyze(&self.articles[i])))
            .clone()
    }

    /// The articles and their analyses as parallel lists of references
    /// (every article must have been analysed).
    pub fn refs(&self) -> (Vec<&Article>, Vec<&Analysis>) {
        let articles = self.articles.iter().map(|a| a.as_ref()).collect();
        let analyses = self
            .analyses
            .iter()
            .map(|a| a.as_deref().expect("analysed"))
            .collect();
        (articles, analyses)
    }

    /// Groups the articles into stories (analysing them first if needed).
    pub fn compute_stories(&mut self) -> &Stories {
        self.analyze_all();
        let (articles, analyses) = self.refs();
        self.stories = Some(stories_of(&articles, &analyses));
        self.stories.as_ref().expect("just set")
    }

    /// [`Desk::idf`], computed once per corpus size.
    pub fn idf_cached(&mut self) -> Arc<Idf<'static>> {
        let n = self.articles.len();
        if let Some((k, idf)) = &self.idf_cache
            && *k == n
        {
            return idf.clone();
        }
        let idf = Arc::new(self.idf());
        self.idf_cache = Some((n, idf.clone()));
        idf
    }

    /// IDF over the background table and this corpus (analysing it first).
    pub fn idf(&mut self) -> Idf<'static> {
        self.analyze_all();
        let (articles, analyses) = self.refs();
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
        if let Some(c) = &self.story_claims[story] {
            return c.clone();
        }
        let idf = self.idf_cached();
        let (articles, analyses) = self.refs();
        let members = &self.stories.as_ref().expect("stories").stories[story].articles;
        let claims = Arc::new(crate::compare::claims::story_claims(
            members, &articles, &analyses, &idf,
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
            let idf = self.idf_cached();
            let (articles, analyses) = self.refs();
            let stories = &self.stories.as_ref().expect("stories").stories;
            let computed: Vec<Arc<crate::compare::claims::StoryClaims>> = stories
                .par_iter()
                .zip(self.story_claims.par_iter())
                .map(|(s, done)| {
                    done.clone().unwrap_or_else(|| {
                        Arc::new(crate::compare::claims::story_claims(
                            &s.articles,
                            &articles,
                            &analyses,
                            &idf,
                        ))
                    })
                })
                .collect();
            self.story_claims = computed.into_iter().map(Some).collect();
        }
        self.story_claims.iter().flatten().cloned().collect()
    }

    /// The fact-check report of every story with two reports or more, or
    /// with findings.
    pub fn report(&mut self, editor: &str) -> crate::report::Report {
        let entries = self
            .review
            .as_ref()
            .map(|r| r.entries.clone())
            .unwrap_or_default();
        self.report_with(editor, &entries)
    }

    /// The report with these verdicts and notes.
    pub fn report_with(
        &mut self,
        editor: &str,
        entries: &std::collections::HashMap<String, crate::review::Entry>,
    ) -> crate::report::Report {
        let claims = self.all_story_claims();
        let (articles, analyses) = self.refs();
        let stories = self.stories.as_ref().expect("stories");
        let input = crate::report::ReportInput {
            stories: stories
                .stories
                .iter()
                .zip(&claims)
                .filter(|(s, c)| s.articles.len() > 1 || !c.discrepancies.is_empty())
                .map(|(s, c)| {
                    let facts =
                        crate::compare::coverage::facts_from(&s.articles, &analyses, &c.alignments);
                    (s.label.clone(), s.articles.clone(), c.as_ref(), facts)
                })
                .collect(),
            articles: articles.clone(),
            analyses: analyses.clone(),
            entries,
            editor: editor.to_string(),
        };
        crate::report::build(&input)
    }

    /// Aligns two articles' sentences.
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

/// IDF over the background table and these articles' reporting sentences
/// (the terms of each article found in parallel).
pub fn corpus_idf(articles: &[&Article], analyses: &[&Analysis]) -> Idf<'static> {
    let documents: Vec<Vec<String>> = articles
        .par_iter()
        .zip(analyses.par_iter())
        .map(|(a, an)| {
            let mut terms: Vec<String> = Vec::new();
            for (_, s) in an.reporting_sentences() {
                terms.extend(
                    crate::nlp::terms::terms(&a.body, s.span)
                        .into_iter()
                        .map(|t| t.0),
                );
            }
            terms.sort();
            terms.dedup();
            terms
        })
        .collect();
    let mut idf = Idf::new(DocFreq::background());
    for terms in &documents {
        idf.add_document(terms.iter().map(String::as_str));
    }
    idf
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
        for k in 0..n.max(1) {
            let queue = self.clone();
            let send = send.clone();
            std::thread::Builder::new()
                .name(format!("newsdesk-analyse-{k}"))
                .spawn(move || {
                    while let Some((i, article)) = queue.pop() {
                        if !send(i, Arc::new(analyze(&article))) {
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
