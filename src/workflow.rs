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

/// The subject of a finding: what its values are about ("officers
/// deployed", "when arrived", "words of Maria Okafor"). The analysis puts
/// it before the first colon of the summary ("officers deployed: …", "only
/// one outlet: truck: …"); quotes are named by their speaker.
pub fn finding_subject(sc: &StoryClaims, d: &Discrepancy) -> String {
    let claims: Vec<&crate::compare::claims::Claim> =
        d.claims.iter().map(|&c| &sc.claims[c]).collect();
    match d.kind {
        ClaimKind::Quote => {
            // the speaker most reports name (one report's odd credit,
            // "Croydon" for Martin Bamford's words, does not name the row);
            // the first named on a tie
            let named: Vec<&str> = claims
                .iter()
                .map(|c| c.value.as_str())
                .filter(|v| *v != "unattributed")
                .collect();
            let who = named
                .iter()
                .enumerate()
                .max_by_key(|&(i, v)| {
                    (
                        named.iter().filter(|w| *w == v).count(),
                        std::cmp::Reverse(i),
                    )
                })
                .map_or("unattributed", |(_, v)| *v);
            // one speaker says many things: the row names the quote by its
            // first words ("words of Jos Verstappen: “I must say he…”")
            let opening = d
                .subject
                .strip_prefix("quote ")
                .unwrap_or("")
                .trim_matches(['“', '”', '…', '"']);
            if opening.trim().is_empty() {
                format!("words of {who}")
            } else {
                format!(
                    "words of {who}: {}",
                    crate::compare::claims::quoted_opening(opening, 5)
                )
            }
        }
        ClaimKind::Attribution => "who said it".into(),
        // facts built from frames name their subject
        _ if !d.subject.is_empty() => {
            let s = d.subject.as_str();
            // "when the incident happened", not "when the incident" (nor
            // "where the injuries")
            let clause = |event: &str| {
                if crate::compare::claims::names_an_event(event) {
                    format!("{event} happened")
                } else {
                    event.to_string()
                }
            };
            if d.severity == crate::compare::claims::Severity::PossibleVariant
                && let Some(names) = s.strip_prefix("place: ")
            {
                // two spellings of one place, not where something was
                format!("place name: {names}")
            } else if let Some(event) = s.strip_prefix("date: ") {
                format!("when {}", clause(event))
            } else if let Some(event) = s.strip_prefix("time: ") {
                format!("what time {}", clause(event))
            } else if let Some(event) = s.strip_prefix("place: ") {
                format!("where {}", clause(event))
            } else {
                s.to_string()
            }
        }
        kind => {
            let s = d
                .summary
                .strip_prefix("only one outlet: ")
                .unwrap_or(&d.summary);
            let what = s.split(':').next().unwrap_or("").trim();
            let generic = matches!(what, "" | "count" | "date" | "place" | "person");
            match (kind, generic) {
                (ClaimKind::Date, false) => format!("when {what}"),
                (_, false) => what.to_string(),
                (ClaimKind::Number, true) => "a figure".into(),
                (ClaimKind::Date, true) => "a date".into(),
                (_, true) => claims.first().map(|c| c.value.clone()).unwrap_or_default(),
            }
        }
    }
}

/// The kind of a finding in words: "figure", "date", "place", "person",
/// "quote", "speaker".
pub fn finding_kind(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Number => "figure",
        ClaimKind::Date => "date",
        ClaimKind::Time => "time",
        ClaimKind::Place => "place",
        ClaimKind::Vehicle => "vehicle",
        ClaimKind::Weapon => "weapon",
        ClaimKind::Person => "person",
        ClaimKind::Quote => "quote",
        ClaimKind::Attribution => "speaker",
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

/// The review store and the verdicts and notes in it.
///
/// Opening never creates anything: a store that does not exist yet is
/// created (with its folder) by the first verdict or note saved, so reading
/// a folder leaves no clutter in it.
pub struct Review {
    store: Option<Store>,
    path: PathBuf,
    editor: String,
    pub entries: HashMap<String, Entry>,
    pub version: i64,
    /// Why the store is read-only, when it is.
    pub read_only: Option<String>,
}

impl std::fmt::Debug for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Review")
            .field("path", &self.path)
            .field("created", &self.store.is_some())
            .field("entries", &self.entries.len())
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl Review {
    /// Opens the store if it exists, falling back to read-only when it
    /// cannot be written; errors that make it unusable (not a newsdesk
    /// store, corrupt, newer schema) are returned and the file is left as it
    /// is. A missing store is not created here (see [`Review::set`]).
    pub fn open(path: &Path, editor: &str) -> Result<Review, StoreError> {
        let mut r = Review {
            store: None,
            path: path.to_path_buf(),
            editor: editor.to_string(),
            entries: HashMap::new(),
            version: 0,
            read_only: None,
        };
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(r);
        }
        let (store, read_only) = match Store::open(path, editor) {
            Ok(s) => (s, None),
            Err(e @ StoreError::ReadOnly { .. }) => {
                (Store::open_read_only(path)?, Some(e.to_string()))
            }
            Err(e) => return Err(e),
        };
        r.editor = store.editor().to_string();
        r.store = Some(store);
        r.read_only = read_only;
        r.reload()?;
        Ok(r)
    }

    /// Where the store is (or will be, once something is saved).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who changes are recorded under.
    pub fn editor(&self) -> &str {
        &self.editor
    }

    /// True once the store file exists (something was saved, now or before).
    pub fn exists(&self) -> bool {
        self.store.is_some()
    }

    /// The open store, created now if it does not exist yet. A folder that
    /// cannot be written gives an error naming the folder and the reason.
    fn writable(&mut self) -> Result<&mut Store, StoreError> {
        if self.store.is_none() {
            match Store::open(&self.path, &self.editor) {
                Ok(s) => self.store = Some(s),
                Err(e) => {
                    if let StoreError::ReadOnly { .. } = e {
                        self.read_only = Some(e.to_string());
                    }
                    return Err(e);
                }
            }
        }
        Ok(self.store.as_mut().expect("just opened"))
    }

    /// Re-reads every entry (and the change counter).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        self.version = store.current_version()?;
        self.entries = store
            .all()?
            .into_iter()
            .map(|e| (e.key.as_str().to_string(), e))
            .collect();
        Ok(())
    }

    /// Picks up changes other processes made since the last look (and a
    /// store another dashboard created meanwhile).
    pub fn refresh(&mut self) -> Result<Vec<Entry>, StoreError> {
        if self.store.is_none() {
            if std::fs::symlink_metadata(&self.path).is_err() {
                return Ok(Vec::new());
            }
            let reopened = Review::open(&self.path, &self.editor)?;
            *self = reopened;
            return Ok(self.entries.values().cloned().collect());
        }
        let store = self.store.as_ref().expect("checked");
        let (version, changed) = store.changes_since(self.version)?;
        self.version = version;
        for e in &changed {
            if e.has_content() {
                self.entries.insert(e.key.as_str().to_string(), e.clone());
            } else {
                self.entries.remove(e.key.as_str());
            }
        }
        Ok(changed)
    }

    /// Moves verdicts of edited or renamed articles onto their new keys.
    pub fn reconcile(&mut self, articles: &[&Article]) -> Result<usize, StoreError> {
        if self.store.is_none() || self.read_only.is_some() {
            return Ok(0);
        }
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
        let r = self.writable()?.reconcile(&refs)?;
        let moved = r.relocated.len() + r.renamed;
        if moved > 0 {
            self.reload()?;
        }
        Ok(moved)
    }

    pub fn get(&self, key: &ItemKey) -> Option<&Entry> {
        self.entries.get(key.as_str())
    }

    /// Saves a verdict or note (durably), creating the store on the first
    /// save, and caches the result.
    pub fn set(&mut self, change: Change) -> Result<Entry, StoreError> {
        let e = self.writable()?.set(change)?;
        self.entries.insert(e.key.as_str().to_string(), e.clone());
        Ok(e)
    }

    /// Saves several changes in one transaction.
    pub fn set_many(&mut self, changes: Vec<Change>) -> Result<usize, StoreError> {
        let n = self.writable()?.set_many(changes)?;
        self.reload()?;
        Ok(n)
    }

    /// Undoes `editor`'s last change; `None` when there is nothing to undo.
    pub fn undo_last(&mut self, editor: &str) -> Result<Option<Entry>, StoreError> {
        if self.store.is_none() {
            return Ok(None);
        }
        let e = self.writable()?.undo_last(editor)?;
        self.reload()?;
        Ok(e)
    }

    /// Saves changes as one step of an editing session (see
    /// [`Store::set_step`]), creating the store on the first save.
    pub fn set_step(
        &mut self,
        changes: Vec<Change>,
        session: &str,
    ) -> Result<Vec<Entry>, StoreError> {
        let entries = self.writable()?.set_step(changes, session)?;
        self.cache(&entries);
        Ok(entries)
    }

    /// Undoes the session's last step; empty when there is nothing to undo.
    pub fn undo_step(&mut self, session: &str) -> Result<Vec<Entry>, StoreError> {
        if self.store.is_none() {
            return Ok(Vec::new());
        }
        let entries = self.writable()?.undo_step(session)?;
        self.cache(&entries);
        Ok(entries)
    }

    /// Redoes the step the session undid last; empty when there is none.
    pub fn redo_step(&mut self, session: &str) -> Result<Vec<Entry>, StoreError> {
        if self.store.is_none() {
            return Ok(Vec::new());
        }
        let entries = self.writable()?.redo_step(session)?;
        self.cache(&entries);
        Ok(entries)
    }

    fn cache(&mut self, entries: &[Entry]) {
        for e in entries {
            if e.has_content() {
                self.entries.insert(e.key.as_str().to_string(), e.clone());
            } else {
                self.entries.remove(e.key.as_str());
            }
        }
    }

    /// The store, when it exists.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
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
    fn findings_are_named_by_their_subject() {
        let sc = StoryClaims {
            claims: vec![crate::compare::claims::Claim {
                article: 0,
                sentence: 0,
                kind: ClaimKind::Number,
                span: Span::new(0, 1),
                what: "officer deployed".into(),
                value: "800".into(),
                frame: None,
            }],
            ..Default::default()
        };
        let d = |kind, summary: &str| Discrepancy {
            kind,
            severity: crate::compare::claims::Severity::Differs,
            summary: summary.into(),
            claims: vec![0],
            subject: String::new(),
            pairs: Vec::new(),
            frame: None,
            sources: 1,
        };
        assert_eq!(
            finding_subject(&sc, &d(ClaimKind::Number, "officer deployed: 800 vs 700")),
            "officer deployed"
        );
        assert_eq!(
            finding_subject(&sc, &d(ClaimKind::Number, "only one outlet: truck: two")),
            "truck"
        );
        assert_eq!(
            finding_subject(&sc, &d(ClaimKind::Date, "arrived: June vs July")),
            "when arrived"
        );
        assert_eq!(
            finding_subject(&sc, &d(ClaimKind::Date, "date: June vs July")),
            "a date"
        );
        let mut framed = d(ClaimKind::Date, "date: June vs July");
        framed.subject = "date: the boy killed".into();
        assert_eq!(finding_subject(&sc, &framed), "when the boy killed");
        for (subject, row) in [
            ("date: the incident", "when the incident happened"),
            ("time: the incident", "what time the incident happened"),
            ("place: the incident", "where the incident happened"),
            ("place: the injuries", "where the injuries happened"),
            ("date: the deaths", "when the deaths happened"),
        ] {
            framed.subject = subject.into();
            assert_eq!(finding_subject(&sc, &framed), row);
        }
        framed.subject = "dead people".into();
        assert_eq!(finding_subject(&sc, &framed), "dead people");
        assert_eq!(finding_kind(ClaimKind::Attribution), "speaker");
        // two quotes of one speaker are two rows named by their words
        let mut quote = d(ClaimKind::Quote, "");
        quote.subject = "quote “I must say he surprised me today. I've seen…”".into();
        assert_eq!(
            finding_subject(&sc, &quote),
            "words of 800: “I must say he surprised…”"
        );
        quote.subject = "quote “No comment.”".into();
        assert_eq!(finding_subject(&sc, &quote), "words of 800: “No comment.”");
        // two spellings of one place are no "where"
        let mut spelt = d(ClaimKind::Place, "");
        spelt.severity = crate::compare::claims::Severity::PossibleVariant;
        spelt.subject = "place: Sandilands / Sandlilands".into();
        assert_eq!(
            finding_subject(&sc, &spelt),
            "place name: Sandilands / Sandlilands"
        );
        // a quote row is named by the speaker most reports credit
        let credit = |value: &str| crate::compare::claims::Claim {
            kind: ClaimKind::Quote,
            value: value.into(),
            ..sc.claims[0].clone()
        };
        let sc = StoryClaims {
            claims: vec![
                credit("Croydon"),
                credit("unattributed"),
                credit("Martin Bamford"),
                credit("Martin Bamford"),
            ],
            ..Default::default()
        };
        let mut quote = d(ClaimKind::Quote, "");
        quote.claims = vec![0, 1, 2, 3];
        quote.subject = "quote “We hit the bend”".into();
        assert_eq!(
            finding_subject(&sc, &quote),
            "words of Martin Bamford: “We hit the bend”"
        );
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
