//! The analysis cache: each article's analysis, and its sentence
//! embeddings, stored once so that reopening a corpus does not run the
//! models again.
//!
//! * **Keys** are hashes of what the analysis reads — the body, its
//!   paragraphs and marks, the publication date — and of the analysis
//!   version (this crate's version, [`ANALYSIS_REVISION`], a fingerprint of
//!   the analysis code taken at build time, and the model weights built
//!   into the binary): any change to the analysis code invalidates it. Embeddings are keyed apart, by the
//!   sentences' text and the encoder's weights: a new parser does not throw
//!   away embeddings, a new encoder does not throw away analyses. The same
//!   article in two folders is analysed once.
//! * **Where:** one SQLite file (`analyses.sqlite`, WAL, so dashboards and
//!   scripts on one machine share it safely) in `$NEWSDESK_CACHE_DIR`, else
//!   the XDG cache folder (`~/.cache/newsdesk/`). Not in the corpus folder:
//!   opening a folder to read it leaves nothing there.
//! * **Form:** MessagePack (`rmp-serde`, fields named) compressed with
//!   zstd, with an xxh3 checksum of the stored bytes.
//! * **Never trusted:** an entry whose checksum or decoding fails is
//!   logged, deleted and computed again; an entry written by a newer format
//!   is ignored. Deleting the file is always safe. A write that fails (a
//!   full disk, a read-only folder) is logged and the analysis goes on; the
//!   review store and the corpus are other files, never touched here.

use crate::corpus::Article;
use crate::nlp::Analysis;
use crate::nlp::embed::Embedding;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// Bumped whenever the analysis code changes what it produces (rules,
/// frames, entity consistency), so entries of the old code are not read.
pub const ANALYSIS_REVISION: u32 = 1;

/// The layout of a stored entry; entries of a higher format are ignored.
const FORMAT: i64 = 1;

/// Largest decompressed entry read back (an analysis of a huge article is
/// a few MB).
const MAX_ENTRY: usize = 256 << 20;

/// What the cache did since it was opened.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub writes: u64,
    /// Entries found damaged (checksum or decoding), deleted and recomputed.
    pub damaged: u64,
    /// Writes that failed (logged; the analysis went on).
    pub failed_writes: u64,
}

/// See the module documentation.
pub struct AnalysisCache {
    conn: Mutex<Connection>,
    path: PathBuf,
    hits: AtomicU64,
    misses: AtomicU64,
    writes: AtomicU64,
    damaged: AtomicU64,
    failed_writes: AtomicU64,
}

impl std::fmt::Debug for AnalysisCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnalysisCache")
            .field("path", &self.path)
            .field("stats", &self.stats())
            .finish()
    }
}

/// Where the process's cache lives, once [`install_in`] named it (the CLI
/// and the dashboard do, unless `--no-cache`; library users and tests run
/// without unless they name one). It is opened on first use, so commands
/// that analyse nothing never create it.
static DIR: OnceLock<PathBuf> = OnceLock::new();
static GLOBAL: OnceLock<Option<AnalysisCache>> = OnceLock::new();

/// Makes the cache in `dir` the process's cache; false if one was named
/// already.
pub fn install_in(dir: PathBuf) -> bool {
    DIR.set(dir).is_ok()
}

/// The folder of the process's cache, if one is named (opened or not).
pub fn installed_dir() -> Option<&'static Path> {
    DIR.get().map(PathBuf::as_path)
}

/// The process's cache, if one is named and could be opened (a cache that
/// cannot be opened is logged once, and the analyses run uncached).
pub fn global() -> Option<&'static AnalysisCache> {
    let dir = DIR.get()?;
    GLOBAL
        .get_or_init(|| match AnalysisCache::open_in(dir) {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(error = %e, "analyses run uncached");
                None
            }
        })
        .as_ref()
}

/// The process's cache if it was opened (for statistics; never opens it).
pub fn opened() -> Option<&'static AnalysisCache> {
    GLOBAL.get()?.as_ref()
}

/// The folder of the cache: `$NEWSDESK_CACHE_DIR`, else the XDG cache
/// folder's `newsdesk`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("NEWSDESK_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "newsdesk").map(|p| p.cache_dir().to_path_buf())
}

/// The version the analysis keys carry: this crate's version, the
/// analysis revision and the entity and parser weights.
fn analysis_version() -> u64 {
    static V: OnceLock<u64> = OnceLock::new();
    *V.get_or_init(|| {
        let mut h = Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&ANALYSIS_REVISION.to_le_bytes());
        h.update(env!("NEWSDESK_ANALYSIS_SOURCE").as_bytes());
        h.update(&crate::nlp::spacy::weights_fingerprint().to_le_bytes());
        h.digest()
    })
}

/// The key of an article's analysis: what the analysis reads, and its version.
pub fn analysis_key(article: &Article) -> [u8; 16] {
    let mut h = Xxh3::new();
    h.update(b"analysis\0");
    h.update(&analysis_version().to_le_bytes());
    h.update(&(article.body.len() as u64).to_le_bytes());
    h.update(article.body.as_bytes());
    match article.dated() {
        Some(d) => h.update(d.to_string().as_bytes()),
        None => h.update(b"-"),
    }
    for p in &article.paragraphs {
        h.update(&(p.start as u64).to_le_bytes());
        h.update(&(p.end as u64).to_le_bytes());
    }
    h.update(b"\0marks");
    for m in &article.marks {
        h.update(&(m.span.start as u64).to_le_bytes());
        h.update(&(m.span.end as u64).to_le_bytes());
        h.update(format!("{:?}", m.kind).as_bytes());
    }
    h.digest128().to_le_bytes()
}

/// The key of the embeddings of these sentences.
pub fn vectors_key(sentences: &[&str]) -> [u8; 16] {
    let mut h = Xxh3::new();
    h.update(b"vectors\0");
    h.update(&crate::nlp::embed::weights_fingerprint().to_le_bytes());
    for s in sentences {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    h.digest128().to_le_bytes()
}

/// The key of a corpus's stories: every article in order (its id, title,
/// dates, version link and text) and the version of the grouping code.
pub fn stories_key(articles: &[std::sync::Arc<Article>]) -> [u8; 16] {
    // every body read at once: each batch of spilled ones handed back as
    // the pass moves on
    let mut reading = crate::corpus::body::Reading::default();
    let texts: Vec<[u8; 16]> = articles
        .iter()
        .map(|a| {
            reading.read(&a.body);
            analysis_key(a)
        })
        .collect();
    stories_key_with(articles, &texts)
}

/// [`stories_key`] with each article's [`analysis_key`] given (taken while
/// its text was held: see `StreamingGrouper`).
pub fn stories_key_with(articles: &[std::sync::Arc<Article>], texts: &[[u8; 16]]) -> [u8; 16] {
    debug_assert_eq!(articles.len(), texts.len());
    let mut h = Xxh3::new();
    h.update(b"stories\0");
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(env!("NEWSDESK_STORIES_SOURCE").as_bytes());
    h.update(&(articles.len() as u64).to_le_bytes());
    for (a, text) in articles.iter().zip(texts) {
        for part in [
            a.id.as_str(),
            a.title.as_str(),
            a.version_of.as_deref().unwrap_or("\0"),
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        match a.dated() {
            Some(d) => h.update(d.to_string().as_bytes()),
            None => h.update(b"-"),
        }
        h.update(text);
    }
    h.digest128().to_le_bytes()
}

/// The stories of a corpus and its IDF counts, as stored.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct StoredStories {
    pub stories: crate::compare::stories::Stories,
    /// Documents of the corpus and, per term, how many hold it.
    pub documents: u32,
    pub df: Vec<(String, u32)>,
}

impl AnalysisCache {
    /// The stories stored for this corpus (see [`stories_key`]).
    pub fn stories(&self, key: &[u8; 16], articles: usize) -> Option<StoredStories> {
        let stored: StoredStories = self.read(key)?;
        let st = &stored.stories;
        let fits = st.story_of.len() == articles
            && st.story_of.iter().all(|&s| s < st.stories.len())
            && st
                .stories
                .iter()
                .all(|s| s.compared().all(|a| a < articles));
        if !fits {
            self.forget(key, "stories of another corpus");
            return None;
        }
        Some(stored)
    }

    /// Stores a corpus's stories and IDF counts.
    pub fn store_stories(&self, key: &[u8; 16], stored: &StoredStories) {
        self.write(key, stored);
    }

    /// Opens (creating it if needed) the cache in `dir`.
    pub fn open_in(dir: &Path) -> Result<AnalysisCache, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the cache folder {}: {e}", dir.display()))?;
        let path = dir.join("analyses.sqlite");
        let conn = Connection::open(&path)
            .map_err(|e| format!("cannot open the cache {}: {e}", path.display()))?;
        let setup = || -> rusqlite::Result<()> {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS entries (
                     key BLOB PRIMARY KEY,
                     format INTEGER NOT NULL,
                     checksum INTEGER NOT NULL,
                     data BLOB NOT NULL
                 ) WITHOUT ROWID;",
            )
        };
        // two processes opening a new cache at once: switching it to WAL
        // takes a lock that SQLite does not wait for (no busy handler), so
        // the loser retries for a while
        let mut tries = 0;
        let ready = loop {
            match setup() {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) && tries < 100 =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => break other,
            }
        };
        ready.map_err(|e| format!("cannot use the cache {}: {e}", path.display()))?;
        Ok(AnalysisCache {
            conn: Mutex::new(conn),
            path,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            writes: AtomicU64::new(0),
            damaged: AtomicU64::new(0),
            failed_writes: AtomicU64::new(0),
        })
    }

    /// The cache file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            writes: self.writes.load(Ordering::Relaxed),
            damaged: self.damaged.load(Ordering::Relaxed),
            failed_writes: self.failed_writes.load(Ordering::Relaxed),
        }
    }

    /// The article's stored analysis (with its embeddings when stored too).
    pub fn analysis(&self, article: &Article) -> Option<Analysis> {
        let key = analysis_key(article);
        let Some(a) = self.read::<Analysis>(&key) else {
            self.misses.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        // spans must fit the body they were computed on
        let fits = a.sentences.iter().all(|s| {
            s.span.end <= article.body.len()
                && article.body.is_char_boundary(s.span.start)
                && article.body.is_char_boundary(s.span.end)
        });
        if !fits {
            self.forget(&key, "spans outside the body");
            self.misses.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(a)
    }

    /// Stores an article's analysis (not one that failed: it is tried again).
    pub fn store_analysis(&self, article: &Article, analysis: &Analysis) {
        if analysis.failure.is_some() {
            return;
        }
        self.write(&analysis_key(article), analysis);
    }

    /// Stored embeddings of these sentences, one per sentence.
    pub fn vectors(&self, sentences: &[&str]) -> Option<Vec<Option<Embedding>>> {
        let stored: Vec<Option<Vec<f32>>> = self.read(&vectors_key(sentences))?;
        if stored.len() != sentences.len() {
            self.forget(&vectors_key(sentences), "wrong number of sentences");
            return None;
        }
        Some(
            stored
                .into_iter()
                .map(|v| v.map(Embedding::from_vec))
                .collect(),
        )
    }

    /// Stores the embeddings of these sentences.
    pub fn store_vectors(&self, sentences: &[&str], vectors: &[Option<Embedding>]) {
        let plain: Vec<Option<Vec<f32>>> = vectors
            .iter()
            .map(|v| v.as_ref().map(|e| e.to_vec()))
            .collect();
        self.write(&vectors_key(sentences), &plain);
    }

    fn read<T: serde::de::DeserializeOwned>(&self, key: &[u8; 16]) -> Option<T> {
        let row: Option<(i64, i64, Vec<u8>)> = {
            let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
            conn.query_row(
                "SELECT format, checksum, data FROM entries WHERE key = ?1",
                params![&key[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "analysis cache: read failed");
                None
            })
        };
        let (format, checksum, data) = row?;
        if format > FORMAT {
            return None; // written by a newer newsdesk: not ours to read
        }
        if format != FORMAT || checksum != xxh3_64(&data) as i64 {
            self.forget(key, "checksum mismatch");
            return None;
        }
        let plain = match zstd::bulk::decompress(&data, MAX_ENTRY) {
            Ok(p) => p,
            Err(e) => {
                self.forget(key, &format!("cannot decompress: {e}"));
                return None;
            }
        };
        match rmp_serde::from_slice(&plain) {
            Ok(v) => Some(v),
            Err(e) => {
                self.forget(key, &format!("cannot decode: {e}"));
                None
            }
        }
    }

    fn write<T: serde::Serialize + ?Sized>(&self, key: &[u8; 16], value: &T) {
        let stored = rmp_serde::to_vec_named(value)
            .map_err(|e| e.to_string())
            .and_then(|plain| zstd::bulk::compress(&plain, 3).map_err(|e| e.to_string()));
        let result = stored.and_then(|data| {
            let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
            conn.execute(
                "INSERT OR REPLACE INTO entries (key, format, checksum, data) VALUES (?1, ?2, ?3, ?4)",
                params![&key[..], FORMAT, xxh3_64(&data) as i64, data],
            )
            .map_err(|e| e.to_string())
        });
        match result {
            Ok(_) => {
                self.writes.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                // once is enough in the log: a full disk fails every write
                if self.failed_writes.fetch_add(1, Ordering::Relaxed) == 0 {
                    tracing::warn!(error = %e, path = %self.path.display(), "analysis cache: write failed; analyses go on uncached");
                }
            }
        }
    }

    /// Deletes a damaged entry (it will be computed again).
    fn forget(&self, key: &[u8; 16], why: &str) {
        self.damaged.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(why, "analysis cache: damaged entry dropped and recomputed");
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let _ = conn.execute("DELETE FROM entries WHERE key = ?1", params![&key[..]]);
    }

    /// Damages the stored bytes of an article's entry (for tests of the
    /// damage path): flips a byte in the middle.
    #[doc(hidden)]
    pub fn damage_for_test(&self, article: &Article) -> bool {
        let key = analysis_key(article);
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let data: Option<Vec<u8>> = conn
            .query_row(
                "SELECT data FROM entries WHERE key = ?1",
                params![&key[..]],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten();
        let Some(mut data) = data else { return false };
        let mid = data.len() / 2;
        data[mid] ^= 0x5a;
        conn.execute(
            "UPDATE entries SET data = ?2 WHERE key = ?1",
            params![&key[..], data],
        )
        .is_ok()
    }

    /// Marks an article's entry as written by a newer format (for tests).
    #[doc(hidden)]
    pub fn make_newer_for_test(&self, article: &Article) -> bool {
        let key = analysis_key(article);
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        conn.execute(
            "UPDATE entries SET format = ?2 WHERE key = ?1",
            params![&key[..], FORMAT + 1],
        )
        .is_ok_and(|n| n == 1)
    }
}

/// The article's analysis: from the installed cache when it has it, else
/// computed (guarded: see [`crate::nlp::analyze_guarded`]) and stored.
pub fn analyze_cached(article: &Article) -> Analysis {
    if let Some(c) = global() {
        if let Some(a) = c.analysis(article) {
            return a;
        }
        let a = crate::nlp::analyze_guarded(article);
        c.store_analysis(article, &a);
        return a;
    }
    crate::nlp::analyze_guarded(article)
}
