//! The full-screen views over one story: the side-by-side comparison of two
//! reports, the story overview (which outlet carries which fact), the claims
//! (discrepancies by outlet) and the quotes. Each is built once, when it is
//! opened, from the Desk; views only draw it.

use crate::compare::align::{AlignOptions, AlignedPair, PairKind, align};
use crate::compare::claims::{ClaimKind, Severity, StoryClaims};
use crate::compare::coverage::{Fact, facts_from};
use crate::corpus::Span;
use crate::desk::Desk;
use crate::workflow::ReviewItem;
use std::sync::Arc;

/// What kind of row a comparison row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Same,
    Partial,
    LeftOnly,
    RightOnly,
}

/// One row of the side-by-side comparison.
#[derive(Clone, Debug)]
pub struct CompareRow {
    pub kind: RowKind,
    pub left: Option<usize>,
    pub right: Option<usize>,
    pub pair: Option<AlignedPair>,
}

/// Two reports of one story, sentence against sentence.
#[derive(Clone, Debug)]
pub struct CompareScreen {
    pub story: usize,
    pub left: usize,
    pub right: usize,
    pub rows: Vec<CompareRow>,
    pub summary: String,
    pub selected: usize,
    /// Spans of values in conflict or differing (from the story's
    /// discrepancies), per article: marked inline.
    pub alarms: Vec<(usize, Span, Severity)>,
}

/// Which outlet carries which fact.
#[derive(Clone, Debug)]
pub struct StoryScreen {
    pub story: usize,
    pub members: Vec<usize>,
    pub facts: Vec<Fact>,
    pub selected: usize,
}

/// The story's discrepancies, outlets as columns.
#[derive(Clone, Debug)]
pub struct ClaimsScreen {
    pub story: usize,
    pub members: Vec<usize>,
    pub claims: Arc<StoryClaims>,
    /// The review item of each discrepancy (by index), keyed once here
    /// rather than on every frame.
    pub items: Vec<ReviewItem>,
    /// Indexes of the discrepancies shown, in order.
    pub rows: Vec<usize>,
    pub selected: usize,
    pub unchecked_only: bool,
    pub show_unique: bool,
}

/// The story's quotes, with speakers and outlets.
#[derive(Clone, Debug)]
pub struct QuotesScreen {
    pub story: usize,
    pub members: Vec<usize>,
    pub claims: Arc<StoryClaims>,
    /// The review item of each quote group (its first carrier's quote).
    pub items: Vec<Option<ReviewItem>>,
    pub selected: usize,
}

/// The screen on show.
#[derive(Clone, Debug, Default)]
pub enum Screen {
    #[default]
    Browse,
    Compare(CompareScreen),
    Story(StoryScreen),
    Claims(ClaimsScreen),
    Quotes(QuotesScreen),
}

/// Orders aligned pairs and leftovers into rows: the left report's order,
/// each right-only sentence placed just before the first pair whose right
/// sentence follows it.
fn rows_of(
    left_sentences: &[usize],
    right_sentences: &[usize],
    al: &crate::compare::align::Alignment,
) -> Vec<CompareRow> {
    let mut rows = Vec::new();
    let mut right_done: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    let right_only: std::collections::BTreeSet<usize> = al.right_only.iter().copied().collect();
    for &l in left_sentences {
        let pairs: Vec<&AlignedPair> = al.pairs.iter().filter(|p| p.left == l).collect();
        if pairs.is_empty() {
            if al.left_only.contains(&l) {
                rows.push(CompareRow {
                    kind: RowKind::LeftOnly,
                    left: Some(l),
                    right: None,
                    pair: None,
                });
            }
            continue;
        }
        for p in pairs {
            let before: Vec<usize> = right_sentences
                .iter()
                .copied()
                .filter(|&r| r < p.right && right_only.contains(&r) && !right_done.contains(&r))
                .collect();
            for r in before {
                right_done.insert(r);
                rows.push(CompareRow {
                    kind: RowKind::RightOnly,
                    left: None,
                    right: Some(r),
                    pair: None,
                });
            }
            right_done.insert(p.right);
            let kind = if p.kind == PairKind::Same {
                RowKind::Same
            } else {
                RowKind::Partial
            };
            rows.push(CompareRow {
                kind,
                left: Some(l),
                right: Some(p.right),
                pair: Some(p.clone()),
            });
        }
    }
    for &r in right_sentences
        .iter()
        .filter(|&&r| right_only.contains(&r) && !right_done.contains(&r))
    {
        rows.push(CompareRow {
            kind: RowKind::RightOnly,
            left: None,
            right: Some(r),
            pair: None,
        });
    }
    rows
}

/// The story an article belongs to, once stories are grouped.
pub fn story_of(desk: &Desk, article: usize) -> Option<usize> {
    desk.stories
        .as_ref()
        .and_then(|s| s.story_of.get(article).copied())
}

/// The other reports of an article's story, most central first.
pub fn counterparts(desk: &Desk, article: usize) -> Vec<usize> {
    let Some(s) = story_of(desk, article) else {
        return Vec::new();
    };
    desk.stories.as_ref().expect("stories").stories[s]
        .articles
        .iter()
        .copied()
        .filter(|&a| a != article)
        .collect()
}

/// Claims of a story (cached in the desk).
pub fn story_claims(desk: &mut Desk, story: usize) -> Arc<StoryClaims> {
    desk.claims_of(story)
}

/// Builds the comparison of two articles of one story.
pub fn compare_screen(desk: &mut Desk, left: usize, right: usize) -> CompareScreen {
    let story = story_of(desk, left).unwrap_or(0);
    let idf = desk.idf_cached();
    let (la, ra) = (desk.analysis(left), desk.analysis(right));
    let al = align(
        &desk.articles[left],
        &la,
        &desk.articles[right],
        &ra,
        &idf,
        &AlignOptions::default(),
    );
    let ls: Vec<usize> = la.reporting_sentences().map(|(i, _)| i).collect();
    let rs: Vec<usize> = ra.reporting_sentences().map(|(i, _)| i).collect();
    let name = |a: usize| {
        desk.articles[a]
            .outlet
            .clone()
            .unwrap_or_else(|| desk.articles[a].id.clone())
    };
    let summary = al.summary(&name(left), &name(right));
    let mut alarms = Vec::new();
    if story_of(desk, right) == Some(story) {
        let sc = story_claims(desk, story);
        for d in sc
            .discrepancies
            .iter()
            .filter(|d| matches!(d.severity, Severity::Conflict | Severity::Differs))
        {
            for &c in &d.claims {
                let cl = &sc.claims[c];
                if (cl.article == left || cl.article == right) && cl.kind != ClaimKind::Quote {
                    alarms.push((cl.article, cl.span, d.severity));
                }
            }
        }
    }
    CompareScreen {
        story,
        left,
        right,
        rows: rows_of(&ls, &rs, &al),
        summary,
        selected: 0,
        alarms,
    }
}

/// Builds the story overview.
pub fn story_screen(desk: &mut Desk, story: usize) -> StoryScreen {
    let members = desk.stories.as_ref().expect("stories").stories[story]
        .articles
        .clone();
    // the story's alignments come with its claims, computed once
    let claims = desk.claims_of(story);
    let (_, analyses) = desk.refs();
    let facts = facts_from(&members, &analyses, &claims.alignments);
    StoryScreen {
        story,
        members,
        facts,
        selected: 0,
    }
}

/// Builds the claims view of a story.
pub fn claims_screen(desk: &mut Desk, story: usize) -> ClaimsScreen {
    let members = desk.stories.as_ref().expect("stories").stories[story]
        .articles
        .clone();
    let claims = story_claims(desk, story);
    let articles: Vec<&crate::corpus::Article> = desk.articles.iter().map(|a| a.as_ref()).collect();
    let items = claims
        .discrepancies
        .iter()
        .map(|d| crate::workflow::discrepancy_item(&articles, &claims, d))
        .collect();
    let mut s = ClaimsScreen {
        story,
        members,
        claims,
        items,
        rows: Vec::new(),
        selected: 0,
        unchecked_only: false,
        show_unique: false,
    };
    s.rows = (0..s.claims.discrepancies.len())
        .filter(|&i| s.claims.discrepancies[i].severity != Severity::Unique)
        .collect();
    s
}

/// Builds the quotes view of a story.
pub fn quotes_screen(desk: &mut Desk, story: usize) -> QuotesScreen {
    let members = desk.stories.as_ref().expect("stories").stories[story]
        .articles
        .clone();
    let claims = story_claims(desk, story);
    let items = claims
        .quotes
        .iter()
        .map(|g| {
            let (a, qi) = *g.carriers.first()?;
            let span = desk.analyses.get(a)?.as_ref()?.quotes.get(qi)?.span;
            Some(crate::workflow::span_item(
                &desk.articles[a],
                crate::review::ItemKind::Quote,
                span,
            ))
        })
        .collect();
    QuotesScreen {
        story,
        members,
        claims,
        items,
        selected: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{LoadOptions, load_paths};

    fn seeds() -> Desk {
        let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut d = Desk::from_report(load_paths(&[p], &LoadOptions::default()));
        d.compute_stories();
        d
    }

    #[test]
    fn compare_rows_cover_every_reporting_sentence_once_per_side() {
        let mut d = seeds();
        let (l, r) = (d.find("000").unwrap(), d.find("004").unwrap());
        let c = compare_screen(&mut d, l, r);
        let la = d.analysis(l);
        let lefts: std::collections::BTreeSet<usize> =
            c.rows.iter().filter_map(|r| r.left).collect();
        assert_eq!(lefts.len(), la.reporting_sentences().count());
        assert!(c.rows.iter().any(|r| r.kind == RowKind::Same));
        assert!(c.summary.contains("shared fact"));
        assert!(counterparts(&d, l).contains(&r));
    }

    #[test]
    fn story_and_claims_screens() {
        let mut d = seeds();
        let s = story_of(&d, d.find("000").unwrap()).unwrap();
        let st = story_screen(&mut d, s);
        assert_eq!(st.members.len(), 4);
        assert!(st.facts[0].articles().len() >= 3);
        let cl = claims_screen(&mut d, s);
        assert!(!cl.rows.is_empty());
        let q = quotes_screen(&mut d, s);
        assert!(q.claims.quotes.iter().any(|g| g.carriers.len() == 4));
    }
}
