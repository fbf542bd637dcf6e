//! The body index: a persistent word index of a large corpus's article
//! bodies (tantivy), so that the `/` filter finds the articles whose body
//! holds a term without reading every body.
//!
//! * **What it answers.** The filter matches a term of three characters or
//!   more anywhere in a body, case-insensitively ([`crate::search`]). The
//!   index holds each body's words — maximal runs of letters and digits,
//!   lowercased — so for a term of letters and digits only, "the body
//!   contains the term" is "some word of the body contains it": a regular
//!   expression over the index's word list (`.*term.*`) and the documents of
//!   the words it finds. Terms with other characters ("al-Qaeda", "U.S.")
//!   are matched by reading bodies, as before.
//! * **When.** Built in the background by the dashboard once a corpus has
//!   [`index_from`] articles; until an article's body is in it, the filter
//!   reads that body. Each body is stored once, under the hash of its text:
//!   reopening a corpus indexes only what is new or changed, and bodies no
//!   longer in the corpus are deleted once its load has finished.
//! * **Where.** In the cache folder (see [`crate::cache`]), one index per
//!   set of corpus paths: `bodies/v{FORMAT}-{hash of the paths}`. Deleting
//!   it is always safe.
//! * **Never trusted blindly.** Its files' checksums are checked when the
//!   dashboard opens it; an index that fails the check or cannot be opened
//!   is deleted and built again. A second dashboard on the same corpus finds
//!   the index locked for writing and only reads it. A write that fails (a
//!   full disk) is logged and indexing stops; the filter reads bodies.

use crate::corpus::Article;
use crate::search::ListChange;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use tantivy::query::{EnableScoring, Query, RegexQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The layout of the index (schema and tokenizer); a change starts a new
/// folder.
pub const FORMAT: u32 = 1;

/// Articles from which the dashboard builds the index, unless
/// `$NEWSDESK_BODY_INDEX_FROM` says otherwise (0: never).
pub const INDEX_FROM: usize = 20_000;

/// Bodies added between two commits (each commit makes them searchable).
const COMMIT_EVERY: usize = 50_000;

/// Memory the index writer may use for its buffers.
const WRITER_MEMORY: usize = 32 << 20;

const TOKENIZER: &str = "newsdesk_words";

/// See [`INDEX_FROM`].
pub fn index_from() -> usize {
    std::env::var("NEWSDESK_BODY_INDEX_FROM")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(INDEX_FROM)
}

/// The hash a body is stored under.
pub fn body_hash(body: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body.as_bytes())
}

/// The hash an article's body is stored under; None for an empty body,
/// which is never stored.
fn body_key(article: &Article) -> Option<u64> {
    (!article.body.is_empty()).then(|| body_hash(&article.body))
}

/// True when the index can answer whether a body contains `term`: letters
/// and digits only (a word never holds anything else), and at least one.
pub fn answers(term: &str) -> bool {
    !term.is_empty() && term.chars().all(char::is_alphanumeric)
}

/// The index folder for a corpus read from `paths`, in the cache folder
/// `cache_dir`.
pub fn dir_for(cache_dir: &Path, paths: &[PathBuf]) -> PathBuf {
    let mut keys: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    keys.sort();
    keys.dedup();
    let key = xxhash_rust::xxh3::xxh3_64(keys.join("\n").as_bytes());
    cache_dir
        .join("bodies")
        .join(format!("v{FORMAT}-{key:016x}"))
}

/// An open body index.
pub struct BodyIndex {
    index: Index,
    reader: IndexReader,
    body: Field,
    hash: Field,
}

fn schema() -> (Schema, Field, Field) {
    let mut sb = Schema::builder();
    let hash = sb.add_u64_field("hash", FAST | INDEXED);
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::Basic),
    );
    let body = sb.add_text_field("body", words);
    (sb.build(), body, hash)
}

impl BodyIndex {
    /// Opens the index in `dir`, creating it if there is none. An index
    /// that cannot be opened (damaged, or written by another layout) or
    /// whose files fail their checksums is deleted and created again.
    pub fn open(dir: &Path) -> tantivy::Result<BodyIndex> {
        let why = match Self::open_as_is(dir) {
            Err(e) if dir.exists() => e.to_string(),
            Err(e) => return Err(e),
            Ok(ix) => match ix.damaged_files()?.len() {
                0 => return Ok(ix),
                n => format!("{n} files fail their checksums"),
            },
        };
        tracing::warn!(dir = %dir.display(), why, "body index unreadable or damaged: built again");
        std::fs::remove_dir_all(dir)?;
        Self::open_as_is(dir)
    }

    /// Opens an existing index whose checksums hold, without creating or
    /// repairing anything.
    pub fn open_existing(dir: &Path) -> Option<BodyIndex> {
        if !dir.join("meta.json").is_file() {
            return None;
        }
        let index = Self::open_as_is(dir)
            .map_err(|e| tracing::info!(dir = %dir.display(), error = %e, "body index not used"))
            .ok()?;
        match index.damaged_files() {
            Ok(bad) if bad.is_empty() => Some(index),
            _ => {
                tracing::warn!(dir = %dir.display(), "body index damaged: not used");
                None
            }
        }
    }

    fn open_as_is(dir: &Path) -> tantivy::Result<BodyIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, body, hash) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = Index::open_or_create(directory, schema)?;
        index.tokenizers().register(
            TOKENIZER,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .build(),
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(BodyIndex {
            index,
            reader,
            body,
            hash,
        })
    }

    /// The files whose checksum fails.
    pub fn damaged_files(&self) -> tantivy::Result<Vec<PathBuf>> {
        Ok(self.index.validate_checksum()?.into_iter().collect())
    }

    /// The writer, unless another process holds it.
    fn writer(&self) -> tantivy::Result<IndexWriter> {
        self.index.writer_with_num_threads(1, WRITER_MEMORY)
    }

    /// The hashes of the bodies the index holds.
    pub fn stored(&self) -> tantivy::Result<std::collections::HashSet<u64>> {
        self.reader.reload()?;
        let mut out = std::collections::HashSet::new();
        for seg in self.reader.searcher().segment_readers() {
            out.extend(segment_hashes(seg)?.into_iter().flatten());
        }
        Ok(out)
    }

    /// The index as it is now, mapped onto `hashes` (each article's body
    /// hash, by article index). `seq` is handed back in the snapshot.
    pub fn snapshot(&self, hashes: &[Option<u64>], seq: u64) -> tantivy::Result<Snapshot> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut first: HashMap<u64, u32> = HashMap::with_capacity(hashes.len());
        let mut same_body: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, h) in hashes.iter().enumerate() {
            let Some(h) = h else { continue };
            match first.entry(*h) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    same_body.entry(*e.get()).or_default().push(i as u32)
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i as u32);
                }
            }
        }
        let mut covered = vec![false; hashes.len()];
        let mut docs = Vec::with_capacity(searcher.segment_readers().len());
        for seg in searcher.segment_readers() {
            let map: Vec<u32> = segment_hashes(seg)?
                .into_iter()
                .map(|h| {
                    let Some(&a) = h.and_then(|h| first.get(&h)) else {
                        return NONE;
                    };
                    covered[a as usize] = true;
                    for &o in same_body.get(&a).into_iter().flatten() {
                        covered[o as usize] = true;
                    }
                    a
                })
                .collect();
            docs.push(map);
        }
        Ok(Snapshot {
            searcher,
            body: self.body,
            docs,
            same_body,
            covered,
            seq,
        })
    }
}

const NONE: u32 = u32::MAX;

/// Each document's body hash in a segment, by document (None: deleted).
fn segment_hashes(seg: &tantivy::SegmentReader) -> tantivy::Result<Vec<Option<u64>>> {
    let col = seg.fast_fields().u64("hash")?;
    let alive = seg.alive_bitset();
    Ok((0..seg.max_doc())
        .map(|doc| {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                None
            } else {
                col.first(doc)
            }
        })
        .collect())
}

/// A snapshot of the index already in `dir`, for a script's one search:
/// nothing is built or written, and an index that fails its checksums is
/// not used.
pub fn existing_snapshot(dir: &Path, articles: &[Arc<Article>]) -> Option<Snapshot> {
    let index = BodyIndex::open_existing(dir)?;
    let hashes: Vec<Option<u64>> = articles.iter().map(|a| body_key(a)).collect();
    index.snapshot(&hashes, 0).ok()
}

/// A searchable state of the index, mapped onto the corpus's articles.
pub struct Snapshot {
    searcher: tantivy::Searcher,
    body: Field,
    /// Per segment, per document: the first article with its body.
    docs: Vec<Vec<u32>>,
    /// The other articles with the same body as an article.
    same_body: HashMap<u32, Vec<u32>>,
    /// Articles whose body the index holds, by article index.
    covered: Vec<bool>,
    /// The indexer's count of messages when it took the snapshot.
    pub seq: u64,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("covered", &self.covered_count())
            .field("seq", &self.seq)
            .finish()
    }
}

impl Snapshot {
    /// True when the index holds article `i`'s body (as it was when the
    /// snapshot was taken).
    pub fn covers(&self, i: usize) -> bool {
        self.covered.get(i).copied().unwrap_or(false)
    }

    /// How many articles the index holds.
    pub fn covered_count(&self) -> usize {
        self.covered.iter().filter(|&&c| c).count()
    }

    /// The covered articles whose body contains `term` (case-insensitive),
    /// by article index; None when the index cannot answer for the term
    /// (see [`answers`]) or fails.
    pub fn containing(&self, term: &str) -> Option<Vec<bool>> {
        if !answers(term) {
            return None;
        }
        let pattern = format!(".*{}.*", regex::escape(&term.to_lowercase()));
        let query = RegexQuery::from_pattern(&pattern, self.body)
            .map_err(|e| tracing::warn!(error = %e, "body index query failed"))
            .ok()?;
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(&self.searcher))
            .ok()?;
        let mut out = vec![false; self.covered.len()];
        for (seg, map) in self.searcher.segment_readers().iter().zip(&self.docs) {
            let result = weight.for_each_no_score(seg, &mut |docs| {
                for &d in docs {
                    let a = map.get(d as usize).copied().unwrap_or(NONE);
                    if a == NONE {
                        continue;
                    }
                    out[a as usize] = true;
                    for &o in self.same_body.get(&a).into_iter().flatten() {
                        out[o as usize] = true;
                    }
                }
            });
            if let Err(e) = result {
                tracing::warn!(error = %e, "body index query failed");
                return None;
            }
        }
        Some(out)
    }
}

/// The indexer's loop: keeps the index in `dir` up to date with the
/// articles it is told of, and hands `publish` a snapshot after each commit
/// (and once the articles it holds are known), until the channel closes or
/// `publish` returns false. Runs in the background; every failure is
/// logged and ends the indexing, never the program.
pub fn run_indexer(
    dir: &Path,
    msgs: Receiver<(u64, ListChange)>,
    mut publish: impl FnMut(Arc<Snapshot>) -> bool,
) {
    let started = Instant::now();
    // (tantivy's threads, started from this one, inherit its priority)
    crate::fsutil::yield_to_foreground(10);
    let index = match BodyIndex::open(dir) {
        Ok(ix) => ix,
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "no body index: the filter reads bodies");
            return;
        }
    };
    let mut stored = match index.stored() {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "body index unreadable: not used");
            return;
        }
    };
    tracing::info!(
        bodies = stored.len(),
        ms = started.elapsed().as_millis() as u64,
        "body index opened"
    );
    let mut writer = match index.writer() {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::info!(error = %e, "body index in use elsewhere: read only");
            None
        }
    };
    let mut hashes: Vec<Option<u64>> = Vec::new();
    let mut seq = 0u64;
    let mut pending = 0usize;
    let mut added = 0usize;
    let mut changed = true; // a snapshot is due
    let add = |writer: &mut Option<IndexWriter>,
               stored: &mut std::collections::HashSet<u64>,
               h: u64,
               body: &str|
     -> bool {
        let Some(w) = writer.as_mut() else {
            return false;
        };
        if !stored.insert(h) {
            return false;
        }
        let mut doc = TantivyDocument::default();
        doc.add_u64(index.hash, h);
        doc.add_text(index.body, body);
        match w.add_document(doc) {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(error = %e, "body index write failed: indexing stops");
                *writer = None;
                false
            }
        }
    };
    loop {
        // (the channel closing ends the loop after a last commit and
        // snapshot)
        let (msg, closing) = match msgs.recv_timeout(Duration::from_millis(300)) {
            Ok(m) => (Some(m), false),
            Err(RecvTimeoutError::Timeout) => (None, false),
            Err(RecvTimeoutError::Disconnected) => (None, true),
        };
        let quiet = msg.is_none();
        if let Some((s, msg)) = msg {
            seq = s;
            changed = true;
            match msg {
                ListChange::Articles { from, articles } => {
                    hashes.truncate(from);
                    let mut reading = crate::corpus::body::Reading::default();
                    for a in articles {
                        let h = body_key(&a);
                        hashes.push(h);
                        if h.is_some_and(|h| add(&mut writer, &mut stored, h, &a.body)) {
                            pending += 1;
                        }
                        reading.read(&a.body);
                    }
                }
                ListChange::Replaced(i, a) => {
                    let h = body_key(&a);
                    if let Some(slot) = hashes.get_mut(i) {
                        *slot = h;
                    }
                    if h.is_some_and(|h| add(&mut writer, &mut stored, h, &a.body)) {
                        pending += 1;
                    }
                }
                ListChange::LoadFinished => {
                    // bodies no longer in the corpus
                    if let Some(w) = writer.as_mut() {
                        let current: std::collections::HashSet<u64> =
                            hashes.iter().flatten().copied().collect();
                        let stale: Vec<u64> = stored.difference(&current).copied().collect();
                        for h in &stale {
                            w.delete_term(Term::from_field_u64(index.hash, *h));
                            stored.remove(h);
                        }
                        pending += stale.len();
                        if !stale.is_empty() {
                            tracing::info!(
                                bodies = stale.len(),
                                "body index: bodies gone from the corpus deleted"
                            );
                        }
                    }
                }
            }
            if pending < COMMIT_EVERY {
                continue;
            }
        }
        // a burst has ended (or enough is pending): commit, then publish
        let mut committed = false;
        if pending > 0 {
            if let Some(w) = writer.as_mut() {
                let t = Instant::now();
                match w.commit() {
                    Ok(_) => {
                        committed = true;
                        added += pending;
                        tracing::info!(
                            bodies = pending,
                            total = stored.len(),
                            ms = t.elapsed().as_millis() as u64,
                            "body index committed"
                        );
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "body index commit failed: indexing stops");
                        writer = None;
                    }
                }
            }
            pending = 0;
        }
        if changed && (quiet || committed) {
            changed = false;
            match index.snapshot(&hashes, seq) {
                Ok(snap) => {
                    tracing::info!(
                        covered = snap.covered_count(),
                        articles = hashes.len(),
                        added,
                        "body index snapshot"
                    );
                    if !publish(Arc::new(snap)) {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "body index unreadable: not used");
                    break;
                }
            }
        }
        if closing {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{RawArticle, build_article};
    use std::sync::mpsc;

    fn art(body: &str) -> Arc<Article> {
        Arc::new(build_article(RawArticle {
            title: Some("t".into()),
            body: body.into(),
            ..Default::default()
        }))
    }

    fn scan(articles: &[Arc<Article>], term: &str) -> Vec<bool> {
        let re = regex::RegexBuilder::new(&regex::escape(term))
            .case_insensitive(true)
            .build()
            .unwrap();
        articles.iter().map(|a| re.is_match(&a.body)).collect()
    }

    /// Builds an index of `articles` in `dir` through the indexer, and
    /// returns its last snapshot.
    fn indexed(dir: &Path, articles: &[Arc<Article>]) -> Arc<Snapshot> {
        let (tx, rx) = mpsc::channel();
        tx.send((
            1,
            ListChange::Articles {
                from: 0,
                articles: articles.to_vec(),
            },
        ))
        .unwrap();
        tx.send((2, ListChange::LoadFinished)).unwrap();
        drop(tx);
        let mut last = None;
        run_indexer(dir, rx, |s| {
            last = Some(s);
            true
        });
        last.expect("a snapshot")
    }

    const BODIES: [&str; 6] = [
        "Police in Mazar-i-Sharif said 12 people died.",
        "The TOLL rose to 14 in Kunduz on Thursday.",
        "Straße gesperrt; Überflutung in Köln.",
        "Police in Mazar-i-Sharif said 12 people died.",
        "",
        "Nothing here but words: therefore, thereafter.",
    ];

    #[test]
    fn the_index_finds_what_reading_the_bodies_finds() {
        let dir = tempfile::tempdir().unwrap();
        let articles: Vec<_> = BODIES.iter().map(|b| art(b)).collect();
        let snap = indexed(dir.path(), &articles);
        // the empty body is not indexed; the others are (one twice)
        assert_eq!(snap.covered_count(), 5);
        assert!(!snap.covers(4));
        for term in [
            "police", "POLICE", "zar", "toll", "oll", "14", "strasse", "straße", "ÜBER", "köln",
            "there", "nothing", "xyz",
        ] {
            let found = snap.containing(term).expect("answered");
            let want = scan(&articles, term);
            for i in 0..articles.len() {
                if snap.covers(i) {
                    assert_eq!(found[i], want[i], "{term:?} in article {i}");
                }
            }
        }
        // terms with other characters are not answered
        assert!(snap.containing("mazar-i").is_none());
        assert!(snap.containing("u.s.").is_none());
    }

    #[test]
    fn reopening_adds_only_what_is_new_and_drops_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let first: Vec<_> = BODIES[..3].iter().map(|b| art(b)).collect();
        indexed(dir.path(), &first);
        let ix = BodyIndex::open(dir.path()).unwrap();
        assert_eq!(ix.stored().unwrap().len(), 3);
        drop(ix);
        // the corpus loses its first body and gains another
        let second: Vec<_> = [BODIES[1], BODIES[2], BODIES[5]]
            .iter()
            .map(|b| art(b))
            .collect();
        let snap = indexed(dir.path(), &second);
        assert_eq!(snap.covered_count(), 3);
        assert_eq!(snap.containing("police").unwrap(), vec![false; 3]);
        let ix = BodyIndex::open(dir.path()).unwrap();
        let stored = ix.stored().unwrap();
        assert_eq!(stored.len(), 3);
        assert!(!stored.contains(&body_hash(BODIES[0])));
    }

    #[test]
    fn a_damaged_index_is_built_again() {
        let dir = tempfile::tempdir().unwrap();
        let articles: Vec<_> = BODIES.iter().map(|b| art(b)).collect();
        indexed(dir.path(), &articles);
        // damage every data file of the index
        let mut damaged = 0;
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let p = entry.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".idx") || name.ends_with(".term") {
                let mut bytes = std::fs::read(&p).unwrap();
                let mid = bytes.len() / 2;
                bytes[mid] ^= 0xff;
                std::fs::write(&p, bytes).unwrap();
                damaged += 1;
            }
        }
        assert!(damaged > 0);
        let snap = indexed(dir.path(), &articles);
        assert_eq!(snap.covered_count(), 5);
        assert_eq!(
            snap.containing("kunduz").unwrap(),
            scan(&articles, "kunduz")
        );
        // and an index folder holding garbage is replaced
        let junk = tempfile::tempdir().unwrap();
        std::fs::write(junk.path().join("meta.json"), b"{not json").unwrap();
        let snap = indexed(junk.path(), &articles);
        assert_eq!(snap.covered_count(), 5);
    }

    #[test]
    fn a_second_writer_only_reads() {
        let dir = tempfile::tempdir().unwrap();
        let articles: Vec<_> = BODIES.iter().map(|b| art(b)).collect();
        indexed(dir.path(), &articles[..2]);
        let holder = BodyIndex::open(dir.path()).unwrap();
        let _lock = holder.writer().unwrap();
        // the others are not added, but what is there is used (the fourth
        // article has the first one's body)
        let snap = indexed(dir.path(), &articles);
        let covered: Vec<usize> = (0..articles.len()).filter(|&i| snap.covers(i)).collect();
        assert_eq!(covered, vec![0, 1, 3]);
        let found = snap.containing("police").unwrap();
        assert_eq!(found, vec![true, false, false, true, false, false]);
    }

    #[test]
    fn the_folder_depends_on_the_paths_not_their_order() {
        let a = dir_for(Path::new("/c"), &[PathBuf::from("/x"), PathBuf::from("/y")]);
        let b = dir_for(Path::new("/c"), &[PathBuf::from("/y"), PathBuf::from("/x")]);
        let c = dir_for(Path::new("/c"), &[PathBuf::from("/x")]);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("/c/bodies"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_term_the_index_answers_it_answers_as_a_scan_does(
            bodies in proptest::collection::vec("[a-cA-CéÉ0-2 ,.\\-]{0,40}", 1..6),
            term in "[a-cA-CéÉ0-2]{1,4}",
        ) {
            let dir = tempfile::tempdir().unwrap();
            let articles: Vec<_> = bodies.iter().map(|b| art(b)).collect();
            let snap = indexed(dir.path(), &articles);
            let found = snap.containing(&term).expect("answered");
            let want = scan(&articles, &term);
            for i in 0..articles.len() {
                if snap.covers(i) {
                    proptest::prop_assert_eq!(found[i], want[i], "{:?} in {:?}", term, bodies[i]);
                }
            }
        }
    }
}
