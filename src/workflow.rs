//! The fact-check workflow over the Desk: which items can carry a verdict,
//! their stable keys, where the review store lives, and the cached verdicts.
//!
//! Items are articles, sentences, claims, quotes and discrepancies. Their
//! keys (see [`crate::review::ItemKey`]) hold the article's content hash and
//! the item's span in Unicode scalar values, so verdicts survive reloading,
//! reordering, added articles and renamed files; a discrepancy's key is the
//! set of its claims' keys.

use crate::compare::claims::{ClaimKind, Discrepancy, StoryClaims};
use crate::corpus::{Article, Span};
use crate::review::{
    ArticleRef, Change, Entry, ItemKey, ItemKind, Store, StoreError, content_hash,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Something an editor can give a verdict on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    pub key: ItemKey,
    pub kind: ItemKind,
    /// The article's id (file name or id field), for relocation and listing.
    pub article_id: String,
    /// The item's text now.
    pub text: String,
}

/// The content hash of an article body.
pub fn article_hash(article: &Article) -> String {
    content_hash(&article.body)
}

/// The item for a whole article.
pub fn article_item(article: &Article) -> ReviewItem {
    ReviewItem {
        key: ItemKey::article(&article_hash(article)),
        kind: ItemKind::Article,
        article_id: article.id.clone(),
        text: article.title.clone(),
    }
}

/// The item for a span of an article (a sentence, claim or quote).
pub fn span_item(article: &Article, kind: ItemKind, span: Span) -> ReviewItem {
    let c = article.char_span(span);
    ReviewItem {
        key: ItemKey::span(kind, &article_hash(article), c.start, c.end),
        kind,
        article_id: article.id.clone(),
        text: article.text(span).to_string(),
    }
}

/// The item for a claim of a story (quotes are quote items).
pub fn claim_item(articles: &[&Article], sc: &StoryClaims, claim: usize) -> ReviewItem {
    let c = &sc.claims[claim];
    let kind = if c.kind == ClaimKind::Quote {
        ItemKind::Quote
    } else {
        ItemKind::Claim
    };
    span_item(articles[c.article], kind, c.span)
}

/// The item for a discrepancy: the set of its claims.
pub fn discrepancy_item(articles: &[&Article], sc: &StoryClaims, d: &Discrepancy) -> ReviewItem {
    let parts: Vec<ItemKey> = d
        .claims
        .iter()
        .map(|&c| claim_item(articles, sc, c).key)
        .collect();
    let first = d.claims.first().map(|&c| sc.claims[c].article).unwrap_or(0);
    ReviewItem {
        key: ItemKey::composite(ItemKind::Discrepancy, &parts),
        kind: ItemKind::Discrepancy,
        article_id: articles
            .get(first)
            .map(|a| a.id.clone())
            .unwrap_or_default(),
        text: d.summary.clone(),
    }
}

/// Where the store lives: `--store FILE`, else `.newsdesk/review.db` in the
/// first folder opened (the folder of the first file), else in the user's
/// data folder for the built-in seeds.
pub fn store_path(explicit: Option<&Path>, paths: &[PathBuf]) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    let folder = match paths.first() {
        Some(p) if p.is_dir() => Some(p.clone()),
        Some(p) => p.parent().map(|d| {
            if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d.to_path_buf()
            }
        }),
        None if Path::new("seeds").is_dir() => Some(PathBuf::from("seeds")),
        None => None,
    };
    match folder {
        Some(f) => f.join(".newsdesk").join("review.db"),
        None => directories::ProjectDirs::from("", "", "newsdesk")
            .map(|d| d.data_local_dir().join("review.db"))
            .unwrap_or_else(|| PathBuf::from(".newsdesk/review.db")),
    }
}

/// The editor's name: `--editor`, else `$USER`, else "editor".
pub fn editor_name(explicit: Option<&str>) -> String {
    explicit
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "editor".into())
}

/// An open store and the verdicts and notes in it.
pub struct Review {
    pub store: Store,
    pub entries: HashMap<String, Entry>,
    pub version: i64,
    /// Why the store is read-only, when it is.
    pub read_only: Option<String>,
}

impl std::fmt::Debug for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Review")
            .field("path", &self.store.path())
            .field("entries", &self.entries.len())
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl Review {
    /// Opens the store, falling back to read-only when it cannot be
    /// written; errors that make it unusable (not a newsdesk store, corrupt,
    /// newer schema) are returned and the file is left as it is.
    pub fn open(path: &Path, editor: &str) -> Result<Review, StoreError> {
        let (store, read_only) = match Store::open(path, editor) {
            Ok(s) => (s, None),
            Err(e @ StoreError::ReadOnly { .. }) => {
                (Store::open_read_only(path)?, Some(e.to_string()))
            }
            Err(e) => return Err(e),
        };
        let mut r = Review {
            store,
            entries: HashMap::new(),
            version: 0,
            read_only,
        };
        r.reload()?;
        Ok(r)
    }

    /// Re-reads every entry (and the change counter).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.version = self.store.current_version()?;
        self.entries = self
            .store
            .all()?
            .into_iter()
            .map(|e| (e.key.as_str().to_string(), e))
            .collect();
        Ok(())
    }

    /// Picks up changes other processes made since the last look.
    pub fn refresh(&mut self) -> Result<usize, StoreError> {
        let (version, changed) = self.store.changes_since(self.version)?;
        self.version = version;
        let n = changed.len();
        for e in changed {
            if e.has_content() {
                self.entries.insert(e.key.as_str().to_string(), e);
            } else {
                self.entries.remove(e.key.as_str());
            }
        }
        Ok(n)
    }

    /// Moves verdicts of edited or renamed articles onto their new keys.
    pub fn reconcile(&mut self, articles: &[&Article]) -> Result<usize, StoreError> {
        let hashes: Vec<String> = articles.iter().map(|a| article_hash(a)).collect();
        let refs: Vec<ArticleRef> = articles
            .iter()
            .zip(&hashes)
            .map(|(a, h)| ArticleRef {
                id: &a.id,
                hash: h,
                body: &a.body,
            })
            .collect();
        let r = self.store.reconcile(&refs)?;
        let moved = r.relocated.len() + r.renamed;
        if moved > 0 {
            self.reload()?;
        }
        Ok(moved)
    }

    pub fn get(&self, key: &ItemKey) -> Option<&Entry> {
        self.entries.get(key.as_str())
    }

    /// Saves a verdict or note (durably) and caches the result.
    pub fn set(&mut self, change: Change) -> Result<Entry, StoreError> {
        let e = self.store.set(change)?;
        self.entries.insert(e.key.as_str().to_string(), e.clone());
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{RawArticle, build_article};

    #[test]
    fn keys_are_stable_across_ids_and_use_scalar_offsets() {
        let mut a = build_article(RawArticle {
            body: "Renée was calm. Then rain.".into(),
            ..Default::default()
        });
        a.id = "one".into();
        let mut b = a.clone();
        b.id = "renamed".into();
        assert_eq!(article_item(&a).key, article_item(&b).key);
        let s = span_item(
            &a,
            ItemKind::Sentence,
            Span::new(0, a.body.find(" Then").unwrap()),
        );
        assert!(s.key.as_str().ends_with(":0-15"), "{}", s.key.as_str());
        assert_eq!(s.text, "Renée was calm.");
    }

    #[test]
    fn store_paths() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            store_path(None, &[dir.path().to_path_buf()]),
            dir.path().join(".newsdesk/review.db")
        );
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(
            store_path(None, &[f]),
            dir.path().join(".newsdesk/review.db")
        );
        assert_eq!(
            store_path(Some(Path::new("/x/y.db")), &[]),
            PathBuf::from("/x/y.db")
        );
    }
}
