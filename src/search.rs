//! Finding articles: the fuzzy filter behind `/`.
//!
//! A query is split on spaces into terms; an article matches when every term
//! matches its title or outlet fuzzily (skim's algorithm, smart case) or
//! appears in its body literally (case-insensitive). Title and outlet
//! matches carry the matched character positions for highlighting; matches
//! that need the body rank after those that do not.

use crate::corpus::Article;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use regex::{Regex, RegexBuilder};

/// A parsed filter query.
#[derive(Debug, Clone)]
pub struct Query {
    pub text: String,
    terms: Vec<String>,
    literal: Vec<Regex>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let terms: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        let literal = terms
            .iter()
            .map(|t| {
                RegexBuilder::new(&regex::escape(t))
                    .case_insensitive(true)
                    .build()
                    .expect("escaped literal")
            })
            .collect();
        Query {
            text: text.to_string(),
            terms,
            literal,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
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
    /// Character positions matched in the title and in the outlet.
    pub title_chars: Vec<usize>,
    pub outlet_chars: Vec<usize>,
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

/// The outcome of matching title and outlet only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaMatch {
    /// Every term matched in title or outlet.
    Full(Hit),
    /// These terms (bit set by index) still need the body.
    NeedsBody(u64, Hit),
}

impl Searcher {
    /// Matches title and outlet; cheap, for every keystroke.
    pub fn match_meta(&self, index: usize, article: &Article, query: &Query) -> MetaMatch {
        let mut hit = Hit {
            article: index,
            score: 0,
            in_body: false,
            title_chars: Vec::new(),
            outlet_chars: Vec::new(),
        };
        let mut missing = 0u64;
        let outlet = article.outlet.as_deref().unwrap_or("");
        for (i, term) in query.terms.iter().enumerate() {
            let t = self
                .matcher
                .fuzzy_indices(&article.title, term)
                .filter(|(_, idx)| is_readable_match(&article.title, idx));
            let o = if outlet.is_empty() {
                None
            } else {
                self.matcher
                    .fuzzy_indices(outlet, term)
                    .filter(|(_, idx)| is_readable_match(outlet, idx))
            };
            match (t, o) {
                (Some((ts, ti)), Some((os, oi))) => {
                    if ts >= os {
                        hit.score += ts;
                        hit.title_chars.extend(ti);
                    } else {
                        hit.score += os;
                        hit.outlet_chars.extend(oi);
                    }
                }
                (Some((s, idx)), None) => {
                    hit.score += s;
                    hit.title_chars.extend(idx);
                }
                (None, Some((s, idx))) => {
                    hit.score += s;
                    hit.outlet_chars.extend(idx);
                }
                (None, None) => missing |= 1 << i.min(63),
            }
        }
        hit.title_chars.sort_unstable();
        hit.title_chars.dedup();
        hit.outlet_chars.sort_unstable();
        hit.outlet_chars.dedup();
        if missing == 0 {
            MetaMatch::Full(hit)
        } else {
            MetaMatch::NeedsBody(missing, hit)
        }
    }

    /// Checks the terms in `missing` against the body; expensive, may run off
    /// the UI thread.
    pub fn match_body(article: &Article, query: &Query, missing: u64) -> bool {
        query
            .literal
            .iter()
            .enumerate()
            .filter(|(i, _)| missing & (1 << (*i).min(63)) != 0)
            .all(|(_, re)| re.is_match(&article.body))
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
        }
    }
}

/// True when a fuzzy match is one a reader would see as a match: its
/// matched characters form at most two runs, or every run starts a word or
/// is at least three characters long. Letters scattered through the middle
/// of words in a long headline ("g…u…t…e…r") are not a match for "guter".
fn is_readable_match(text: &str, indices: &[usize]) -> bool {
    let chars: Vec<char> = text.chars().collect();
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
    runs.iter().all(|&(start, len)| {
        let word_start = start == 0 || !chars.get(start - 1).is_some_and(|c| c.is_alphanumeric());
        word_start || len >= 3
    })
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
        let hit = s.match_article(0, &a, &Query::parse("stcl")).unwrap();
        assert!(!hit.in_body);
        let title: Vec<char> = a.title.chars().collect();
        let matched: String = hit
            .title_chars
            .iter()
            .map(|&i| title[i].to_ascii_lowercase())
            .collect();
        assert_eq!(matched, "stcl");
    }

    #[test]
    fn outlet_and_body_terms() {
        let s = Searcher::default();
        let a = art(
            "Storm closes road",
            "Coast Herald",
            "The mayor, Jane Okoro, spoke.",
        );
        assert!(
            s.match_article(0, &a, &Query::parse("herald"))
                .unwrap()
                .outlet_chars
                .len()
                == 6
        );
        let hit = s
            .match_article(0, &a, &Query::parse("storm okoro"))
            .unwrap();
        assert!(hit.in_body);
        assert!(
            s.match_article(0, &a, &Query::parse("storm zzzq"))
                .is_none()
        );
    }

    #[test]
    fn ranking_puts_body_hits_last() {
        let mut hits = vec![
            Hit {
                article: 0,
                score: 50,
                in_body: true,
                title_chars: vec![],
                outlet_chars: vec![],
            },
            Hit {
                article: 1,
                score: 10,
                in_body: false,
                title_chars: vec![],
                outlet_chars: vec![],
            },
            Hit {
                article: 2,
                score: 30,
                in_body: false,
                title_chars: vec![],
                outlet_chars: vec![],
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
            "Kenya has suffered its first casualty in the ongoing mission",
            "",
            "No such name here.",
        );
        assert!(s.match_article(0, &a, &Query::parse("guter")).is_none());
    }

    #[test]
    fn empty_query() {
        assert!(Query::parse("   ").is_empty());
    }
}
