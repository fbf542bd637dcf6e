//! Sparse term vectors and a vocabulary to intern terms.

use foldhash::HashMap;

/// Term ids for one comparison job.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    terms: Vec<String>,
}

impl Vocabulary {
    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        id
    }
    pub fn get(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }
    pub fn len(&self) -> usize {
        self.terms.len()
    }
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// A sparse vector, sorted by term id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(u32, f32)>);

impl SparseVec {
    /// Builds from (id, weight) pairs, summing repeats.
    pub fn from_weights(mut pairs: Vec<(u32, f32)>) -> SparseVec {
        pairs.sort_by_key(|p| p.0);
        let mut out: Vec<(u32, f32)> = Vec::with_capacity(pairs.len());
        for (id, w) in pairs {
            match out.last_mut() {
                Some(last) if last.0 == id => last.1 += w,
                _ => out.push((id, w)),
            }
        }
        SparseVec(out)
    }

    pub fn norm(&self) -> f32 {
        self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
    }

    /// Scales to unit length (a zero vector stays zero).
    pub fn normalized(mut self) -> SparseVec {
        let n = self.norm();
        if n > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= n;
            }
        }
        self
    }

    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Cosine similarity (0 for zero vectors).
    pub fn cosine(&self, other: &SparseVec) -> f32 {
        let d = self.norm() * other.norm();
        if d == 0.0 { 0.0 } else { self.dot(other) / d }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `k` heaviest term ids.
    pub fn top(&self, k: usize) -> Vec<u32> {
        let mut v = self.0.clone();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().take(k).map(|p| p.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        let a = SparseVec::from_weights(vec![(2, 1.0), (1, 1.0), (2, 1.0)]);
        assert_eq!(a.0, vec![(1, 1.0), (2, 2.0)]);
        let b = SparseVec::from_weights(vec![(2, 1.0), (3, 5.0)]);
        assert_eq!(a.dot(&b), 2.0);
        assert!((a.clone().normalized().norm() - 1.0).abs() < 1e-6);
        assert!((a.cosine(&a) - 1.0).abs() < 1e-6);
        assert_eq!(a.top(1), vec![2]);
        assert_eq!(SparseVec::default().cosine(&a), 0.0);
    }

    #[test]
    fn vocabulary_interns() {
        let mut v = Vocabulary::default();
        assert_eq!(v.id("a"), 0);
        assert_eq!(v.id("b"), 1);
        assert_eq!(v.id("a"), 0);
        assert_eq!(v.term(1), "b");
        assert_eq!(v.get("c"), None);
    }
}
