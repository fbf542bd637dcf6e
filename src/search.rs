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
use std::sync::Arc;

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

impl Query {
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
            .terms
            .iter()
            .enumerate()
            .filter(|(i, _)| missing & (1 << (*i).min(63)) != 0)
            .all(|(_, t)| {
                t.literal
                    .as_ref()
                    .is_some_and(|re| re.is_match(&article.body))
            })
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
/// body must still be checked.
pub struct SearchJob {
    pub generation: u64,
    pub query: Query,
    pub meta: Vec<(usize, Arc<Article>)>,
    pub body: Vec<(Arc<Article>, u64, Hit)>,
}

/// What a [`SearchJob`] found: its hits, and every article it looked at.
#[derive(Debug)]
pub struct SearchResult {
    pub generation: u64,
    pub hits: Vec<Hit>,
    pub checked: Vec<usize>,
}

impl SearchJob {
    pub fn run(self, searcher: &Searcher) -> SearchResult {
        let mut hits = Vec::new();
        let mut checked: Vec<usize> = self.body.iter().map(|(_, _, h)| h.article).collect();
        for (article, missing, hit) in &self.body {
            if Searcher::match_body(article, &self.query, *missing) {
                hits.push(Hit {
                    in_body: true,
                    ..hit.clone()
                });
            }
        }
        for (i, article) in &self.meta {
            checked.push(*i);
            if let Some(hit) = searcher.match_article(*i, article, &self.query) {
                hits.push(hit);
            }
        }
        SearchResult {
            generation: self.generation,
            hits,
            checked,
        }
    }
}

/// Every article that matches, best first (as the list ranks them), all
/// here: for scripts (`newsdesk list --filter`); the dashboard splits the
/// same work between keystroke and background thread. An empty query
/// matches every article, in order.
pub fn find_all(articles: &[Arc<Article>], query: &Query) -> Vec<Hit> {
    if query.is_empty() {
        return (0..articles.len())
            .map(|article| Hit {
                article,
                score: 0,
                in_body: false,
            })
            .collect();
    }
    let searcher = Searcher::default();
    let mut hits = Vec::new();
    let mut body = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        match searcher.match_meta(i, a, query) {
            MetaMatch::Full(hit) => hits.push(hit),
            MetaMatch::NeedsBody(missing, hit) => body.push((a.clone(), missing, hit)),
            MetaMatch::No => {}
        }
    }
    let job = SearchJob {
        generation: 0,
        query: query.clone(),
        meta: Vec::new(),
        body,
    };
    hits.extend(job.run(&searcher).hits);
    rank_hits(&mut hits);
    hits
}

/// Orders hits: title/outlet-only first by score, body matches after.
pub fn rank_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.in_body
            .cmp(&b.in_body)
            .then(b.score.cmp(&a.score))
            .then(a.article.cmp(&b.article))
    });
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
            meta: vec![(0, a.clone()), (1, b.clone())],
            body: vec![],
        };
        let r = job.run(&s);
        assert_eq!(r.generation, 3);
        assert_eq!(r.hits.len(), 1);
        assert!(r.hits[0].in_body);
        assert_eq!(r.checked, vec![0, 1]);
    }
}
