//! Which outlet carries which fact: sentences of a story's reports joined
//! into facts through their alignments (a fact is a group of sentences the
//! aligner paired, directly or through one another).

use super::align::{Alignment, PairKind};
use crate::nlp::Analysis;
use std::collections::HashMap;

/// One fact and the sentences stating it, per article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// (article, sentence index), at most one sentence per article shown
    /// first; the article's other sentences on the fact follow.
    pub sentences: Vec<(usize, usize)>,
}

impl Fact {
    /// The articles that state this fact.
    pub fn articles(&self) -> Vec<usize> {
        let mut a: Vec<usize> = self.sentences.iter().map(|s| s.0).collect();
        a.sort_unstable();
        a.dedup();
        a
    }
}

/// The facts of a story: groups of aligned sentences (only "same" pairs
/// join groups, so a partial overlap does not chain unrelated facts), and
/// every other reporting sentence as a fact of its own outlet. Sorted by
/// how many outlets carry them, then by position in the first article.
/// The alignments are the story's, already computed (they come with its
/// claims: [`super::align::story_alignments`]).
pub fn facts_from(
    members: &[usize],
    analyses: &[&Analysis],
    alignments: &[(usize, usize, Alignment)],
) -> Vec<Fact> {
    let mut ids: HashMap<(usize, usize), usize> = HashMap::new();
    let mut nodes: Vec<(usize, usize)> = Vec::new();
    for &a in members {
        for (si, _) in analyses[a].reporting_sentences() {
            ids.insert((a, si), nodes.len());
            nodes.push((a, si));
        }
    }
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (a, b, al) in alignments {
        for p in &al.pairs {
            if p.kind != PairKind::Same {
                continue;
            }
            let (Some(&x), Some(&y)) = (ids.get(&(*a, p.left)), ids.get(&(*b, p.right))) else {
                continue;
            };
            let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
            parent[rx] = ry;
        }
    }
    let mut groups: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(*node);
    }
    let order = |a: usize| members.iter().position(|m| *m == a).unwrap_or(usize::MAX);
    let mut out: Vec<Fact> = groups
        .into_values()
        .map(|mut s| {
            s.sort_by_key(|(a, si)| (order(*a), *si));
            Fact { sentences: s }
        })
        .collect();
    out.sort_by(|x, y| {
        y.articles().len().cmp(&x.articles().len()).then_with(|| {
            let fx = x.sentences[0];
            let fy = y.sentences[0];
            (order(fx.0), fx.1).cmp(&(order(fy.0), fy.1))
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::align::story_alignments;
    use crate::compare::idf::{DocFreq, Idf};
    use crate::corpus::{RawArticle, build_article};
    use crate::nlp::analyze;

    #[test]
    fn shared_facts_come_first() {
        let a = build_article(RawArticle {
            body: "A ferry strike stranded 400 commuters on Monday. The mayor urged talks.".into(),
            ..Default::default()
        });
        let b = build_article(RawArticle {
            body: "Fares will rise in autumn. A ferry strike on Monday stranded 400 commuters."
                .into(),
            ..Default::default()
        });
        let (x, y) = (analyze(&a), analyze(&b));
        let idf = Idf::new(DocFreq::background());
        let al = story_alignments(&[0, 1], &[&a, &b], &[&x, &y], &idf);
        let f = facts_from(&[0, 1], &[&x, &y], &al);
        assert_eq!(f[0].articles(), vec![0, 1]);
        assert_eq!(f.len(), 3);
    }
}
