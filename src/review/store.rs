//! The SQLite-backed store: opening (and refusing) files, saving changes
//! durably, history, undo, refresh and relocation.

use super::error::StoreError;
use super::keys::{ItemKey, ItemKind, KeyBody, content_hash, locate_text};
use super::model::{
    ArticleRef, Change, Entry, HistoryAction, HistoryRow, Reconciliation, Relocation, TextStatus,
    Verdict,
};
use super::schema::{self, APPLICATION_ID, APPLICATION_NAME, SCHEMA_VERSION};
use rusqlite::config::DbConfig;
use rusqlite::types::Type;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Row, TransactionBehavior};
use std::collections::{BTreeSet, HashMap};
use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long SQLite itself waits for a lock before reporting SQLITE_BUSY.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the retry loop keeps trying before giving up with `Busy`.
const BUSY_DEADLINE: Duration = Duration::from_secs(60);

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

const ENTRY_COLS: &str =
    "key, kind, article_id, text, verdict, note, editor, updated, text_changed";

/// A review store: one SQLite file, opened read-write or read-only.
///
/// `Store` is `Send + Sync`: calls from several threads are serialised on
/// its one connection. Several processes (two dashboards) may open the same
/// file at once; each sees the others' changes through
/// [`Store::changes_since`].
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    editor: String,
    read_only: bool,
    schema_version: i64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("editor", &self.editor)
            .field("read_only", &self.read_only)
            .field("schema_version", &self.schema_version)
            .finish()
    }
}

/// An error inside a transaction closure: SQLite's (retried when busy) or
/// the store's own (returned as is).
enum TxError {
    Sql(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for TxError {
    fn from(e: rusqlite::Error) -> Self {
        TxError::Sql(e)
    }
}

type TxResult<T> = Result<T, TxError>;

/// What is at the path before any write.
enum Found {
    Missing,
    /// A zero-length file, or an SQLite file with no tables and no ids: an
    /// interrupted creation. Safe to initialise.
    Empty,
    Store {
        version: i64,
    },
}

impl Store {
    /// Open the store at `path` for reading and writing as `editor`, creating
    /// the directory and the file if absent and upgrading an older schema.
    ///
    /// A zero-length file, or an SQLite file with no tables and no
    /// application id (an interrupted creation), is initialised.
    ///
    /// Fails without touching the file when it belongs to another program,
    /// is not SQLite, is damaged, or has a newer schema; fails with
    /// [`StoreError::ReadOnly`] when the file or its directory cannot be
    /// written (the caller may then use [`Store::open_read_only`]).
    pub fn open(path: &Path, editor: &str) -> Result<Store, StoreError> {
        let editor = if editor.trim().is_empty() {
            "unknown"
        } else {
            editor.trim()
        };
        let dir = parent_dir(path);
        if dir.exists() && !dir.is_dir() {
            return Err(StoreError::CannotOpen {
                path: path.to_path_buf(),
                reason: format!(
                    "cannot create its directory {}: a file of that name is in the way",
                    dir.display()
                ),
            });
        }
        if !dir.exists() {
            fs::create_dir_all(dir).map_err(|e| {
                io_error(
                    path,
                    format!("cannot create its directory {}", dir.display()),
                    e,
                )
            })?;
        }
        let found = inspect(path)?.0;
        check_writable(path, dir, &found)?;

        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| map_sql(path, e))?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                reason: "SQLite could only open it for reading".into(),
            });
        }
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| map_sql(path, e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| map_sql(path, e))?;
        let mode: String = retry(path, || {
            Ok(conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?)
        })?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::CannotOpen {
                path: path.to_path_buf(),
                reason: format!(
                    "SQLite cannot use write-ahead logging there (journal mode stayed {mode:?}); \
                     put the store on a local disk"
                ),
            });
        }
        let mut store = Store {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            editor: editor.to_string(),
            read_only: false,
            schema_version: 0,
        };
        let needs_setup = match found {
            Found::Missing | Found::Empty => true,
            Found::Store { version } => version < SCHEMA_VERSION,
        };
        if needs_setup {
            store.schema_version = store.write(|tx| setup(tx, path))?;
        } else {
            store.schema_version = SCHEMA_VERSION;
        }
        Ok(store)
    }

    /// Open an existing store for reading only. Works on read-only files and
    /// directories, never writes, and reads stores of this or an older
    /// schema. Writing methods return [`StoreError::ReadOnly`].
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let (found, conn) = inspect(path)?;
        let version = match found {
            Found::Store { version } => version,
            Found::Missing => {
                return Err(StoreError::CannotOpen {
                    path: path.to_path_buf(),
                    reason: "no such file".into(),
                });
            }
            Found::Empty => {
                return Err(StoreError::CannotOpen {
                    path: path.to_path_buf(),
                    reason: "the file is empty: no verdicts were ever saved in it".into(),
                });
            }
        };
        Ok(Store {
            conn: Mutex::new(conn.expect("inspected store has a connection")),
            path: path.to_path_buf(),
            editor: String::new(),
            read_only: true,
            schema_version: version,
        })
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The editor changes are recorded under (empty for a read-only store).
    pub fn editor(&self) -> &str {
        &self.editor
    }

    /// The schema version of the file (older than [`SCHEMA_VERSION`] only
    /// for an old store opened read-only).
    pub fn schema_version(&self) -> i64 {
        self.schema_version
    }

    /// Apply one change in one transaction; returns once it is on disk
    /// (WAL fsynced). Only the fields the change sets are written, on the
    /// row as it is inside the transaction, so concurrent changes to other
    /// fields of the item are kept. A change that changes nothing writes
    /// nothing and returns the entry as it is.
    pub fn set(&self, change: Change) -> Result<Entry, StoreError> {
        validate(&change)?;
        self.write(|tx| {
            let mut version = None;
            Ok(apply(tx, &change, &self.editor, &now(), &mut version, None)?.0)
        })
    }

    /// Apply many changes in one transaction (an import): all or none are
    /// saved. Returns how many items actually changed.
    pub fn set_many(&self, changes: Vec<Change>) -> Result<usize, StoreError> {
        for c in &changes {
            validate(c)?;
        }
        self.write(|tx| {
            let mut version = None;
            let now = now();
            let mut n = 0;
            for c in &changes {
                if apply(tx, c, &self.editor, &now, &mut version, None)?.1 {
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// The entry for a key, whether or not it holds a verdict or note.
    pub fn get(&self, key: &ItemKey) -> Result<Option<Entry>, StoreError> {
        self.read(|c| Ok(get_in(c, key.as_str())?))
    }

    /// Every item with a verdict other than unchecked or a non-empty note,
    /// in the order they were first saved.
    pub fn all(&self) -> Result<Vec<Entry>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM entries \
                 WHERE verdict <> 'unchecked' OR note <> '' ORDER BY id"
            ))?;
            let rows = st.query_map([], entry_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Every recorded change to an item, oldest first (it follows the item
    /// across relocations).
    pub fn history(&self, key: &ItemKey) -> Result<Vec<HistoryRow>, StoreError> {
        let old_key = if self.schema_version >= 2 {
            "old_key"
        } else {
            "NULL"
        };
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT id, key, action, editor, at, old_verdict, new_verdict, old_note, new_note, \
                 {old_key}, undone_by, undoes FROM history WHERE key = ?1 ORDER BY id"
            ))?;
            let rows = st.query_map([key.as_str()], history_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Undo `editor`'s most recent change that is not yet undone: restore
    /// the verdict and note it replaced. A field someone else has changed
    /// since is left as they set it (their work is not lost). The undo is
    /// itself recorded in the history. Calling it again undoes the change
    /// before. Returns the item's entry after the undo, or None when the
    /// editor has nothing left to undo.
    pub fn undo_last(&self, editor: &str) -> Result<Option<Entry>, StoreError> {
        self.write(|tx| {
            let last = tx
                .prepare_cached(
                    "SELECT id, key, old_verdict, new_verdict, old_note, new_note FROM history \
                     WHERE editor = ?1 AND action = 'set' AND undone_by IS NULL \
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row([editor], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        verdict_col(r, 2)?,
                        verdict_col(r, 3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                })
                .optional()?;
            let Some((id, key, old_v, new_v, old_n, new_n)) = last else {
                return Ok(None);
            };
            let Some(cur) = get_in(tx, &key)? else {
                tx.execute("UPDATE history SET undone_by = 0 WHERE id = ?1", [id])?;
                return Ok(None);
            };
            let verdict = if new_v != old_v && cur.verdict == new_v {
                old_v
            } else {
                cur.verdict
            };
            let note = if new_n != old_n && cur.note == new_n {
                old_n
            } else {
                cur.note.clone()
            };
            let now = now();
            let mut version = None;
            let entry = if verdict != cur.verdict || note != cur.note {
                let v = bump(tx, &mut version)?;
                tx.prepare_cached(&format!(
                    "UPDATE entries SET verdict = ?1, note = ?2, editor = ?3, updated = ?4, \
                     version = ?5 WHERE key = ?6 RETURNING {ENTRY_COLS}"
                ))?
                .query_row(
                    rusqlite::params![verdict.as_str(), note, editor, now, v, key],
                    entry_from_row,
                )?
            } else {
                cur.clone()
            };
            tx.prepare_cached(
                "INSERT INTO history (key, action, editor, at, old_verdict, new_verdict, \
                 old_note, new_note, undoes) VALUES (?1, 'undo', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                key,
                editor,
                now,
                cur.verdict.as_str(),
                verdict.as_str(),
                cur.note,
                note,
                id
            ])?;
            let undo_id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE history SET undone_by = ?1 WHERE id = ?2",
                [undo_id, id],
            )?;
            Ok(Some(entry))
        })
    }

    /// Apply changes as one step of an editing session, in one transaction:
    /// [`Store::undo_step`] and [`Store::redo_step`] take back or re-apply
    /// the whole step (a verdict on a pair of sentences is one step). A
    /// session is one run of a dashboard; its id is any string unique to
    /// it. Returns the entries after the step (unchanged items included).
    /// A new step ends what the session could redo, as in vim.
    pub fn set_step(&self, changes: Vec<Change>, session: &str) -> Result<Vec<Entry>, StoreError> {
        for c in &changes {
            validate(c)?;
        }
        self.need_sessions()?;
        self.write(|tx| {
            let step: i64 =
                tx.query_row("SELECT coalesce(max(step), 0) + 1 FROM history", [], |r| {
                    r.get(0)
                })?;
            let mut version = None;
            let now = now();
            let mut out = Vec::new();
            for c in &changes {
                out.push(
                    apply(
                        tx,
                        c,
                        &self.editor,
                        &now,
                        &mut version,
                        Some((session, step)),
                    )?
                    .0,
                );
            }
            Ok(out)
        })
    }

    /// Undo the session's last step that is not undone yet: each item goes
    /// back to the verdict and note it had before, field by field (a field
    /// someone else changed since keeps their value). Changes made in other
    /// sessions, even by the same editor, are never undone. Returns the
    /// entries after the undo; empty when the session has nothing to undo.
    pub fn undo_step(&self, session: &str) -> Result<Vec<Entry>, StoreError> {
        self.need_sessions()?;
        self.write(|tx| {
            let step: Option<i64> = tx
                .prepare_cached(
                    "SELECT step FROM history WHERE session = ?1 AND action = 'set' \
                     AND undone_by IS NULL ORDER BY id DESC LIMIT 1",
                )?
                .query_row([session], |r| r.get(0))
                .optional()?;
            let Some(step) = step else {
                return Ok(Vec::new());
            };
            let rows = step_rows(tx, session, step, "set", 0)?;
            let now = now();
            let mut version = None;
            let mut out = Vec::new();
            for row in rows {
                let entry = revert(
                    tx,
                    &row,
                    "undo",
                    session,
                    step,
                    &self.editor,
                    &now,
                    &mut version,
                )?;
                out.extend(entry);
            }
            Ok(out)
        })
    }

    /// Redo the step the session undid last, if nothing was changed in the
    /// session since (a new step ends the redo chain). Returns the entries
    /// after the redo; empty when there is nothing to redo.
    pub fn redo_step(&self, session: &str) -> Result<Vec<Entry>, StoreError> {
        self.need_sessions()?;
        self.write(|tx| {
            let last_set: i64 = tx
                .prepare_cached(
                    "SELECT coalesce(max(id), 0) FROM history WHERE session = ?1 AND action = 'set'",
                )?
                .query_row([session], |r| r.get(0))?;
            let step: Option<i64> = tx
                .prepare_cached(
                    "SELECT step FROM history WHERE session = ?1 AND action = 'undo' \
                     AND undone_by IS NULL AND id > ?2 ORDER BY id DESC LIMIT 1",
                )?
                .query_row(rusqlite::params![session, last_set], |r| r.get(0))
                .optional()?;
            let Some(step) = step else {
                return Ok(Vec::new());
            };
            let rows = step_rows(tx, session, step, "undo", last_set)?;
            let now = now();
            let mut version = None;
            let mut out = Vec::new();
            for row in rows {
                let entry = revert(tx, &row, "redo", session, step, &self.editor, &now, &mut version)?;
                // the change redone can be undone again
                if let Some(set_row) = row.undoes {
                    tx.execute("UPDATE history SET undone_by = NULL WHERE id = ?1", [set_row])?;
                }
                out.extend(entry);
            }
            Ok(out)
        })
    }

    /// Whether the session can undo / redo a step now.
    pub fn step_state(&self, session: &str) -> Result<(bool, bool), StoreError> {
        if self.schema_version < 3 {
            return Ok((false, false));
        }
        self.read(|c| {
            let undo: bool = c
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM history WHERE session = ?1 AND action = 'set' \
                     AND undone_by IS NULL)",
                )?
                .query_row([session], |r| r.get(0))?;
            let redo: bool = c
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM history WHERE session = ?1 AND action = 'undo' \
                     AND undone_by IS NULL AND id > (SELECT coalesce(max(id), 0) FROM history \
                     WHERE session = ?1 AND action = 'set'))",
                )?
                .query_row([session], |r| r.get(0))?;
            Ok((undo, redo))
        })
    }

    fn need_sessions(&self) -> Result<(), StoreError> {
        if self.schema_version < 3 {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: format!(
                    "its schema (version {}) predates editing sessions",
                    self.schema_version
                ),
            });
        }
        Ok(())
    }

    /// The store's change counter: it grows with every committed change, by
    /// any process.
    pub fn current_version(&self) -> Result<i64, StoreError> {
        self.read(|c| Ok(counter(c)?))
    }

    /// For refreshing a dashboard: the current change counter and every
    /// entry changed after `version` (by this or any other process),
    /// including entries cleared back to unchecked with no note, so the
    /// dashboard can drop them. Start with 0; pass the returned counter next
    /// time.
    pub fn changes_since(&self, version: i64) -> Result<(i64, Vec<Entry>), StoreError> {
        self.read(|c| {
            // one read transaction: the counter and the rows are one snapshot
            c.execute_batch("BEGIN")?;
            let res = (|| {
                let now = counter(c)?;
                let mut st = c.prepare_cached(&format!(
                    "SELECT {ENTRY_COLS} FROM entries WHERE version > ?1 ORDER BY version, id"
                ))?;
                let rows = st.query_map([version], entry_from_row)?;
                Ok((now, rows.collect::<rusqlite::Result<Vec<_>>>()?))
            })();
            c.execute_batch("COMMIT")?;
            res
        })
    }

    /// Whether the item's text is still the one its verdict was given on.
    pub fn check_text(&self, key: &ItemKey, current_text: &str) -> Result<TextStatus, StoreError> {
        let row: Option<(String, String)> = self.read(|c| {
            Ok(
                c.prepare_cached("SELECT text, text_hash FROM entries WHERE key = ?1")?
                    .query_row([key.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?,
            )
        })?;
        Ok(match row {
            None => TextStatus::Unknown,
            Some((_, hash)) if hash == content_hash(current_text) => TextStatus::Same,
            Some((was, _)) => TextStatus::Changed { was },
        })
    }

    /// Entries recorded on article `article_id` under another content hash
    /// than `new_hash` (the article was edited), each re-anchored in
    /// `new_body` where its text is still found. Reads only; see
    /// [`Store::reconcile`] to save the result.
    pub fn find_relocated(
        &self,
        article_id: &str,
        new_hash: &str,
        new_body: &str,
    ) -> Result<Vec<Relocation>, StoreError> {
        let v = self.schema_version;
        self.read(|c| Ok(plan_article(c, v, article_id, new_hash, new_body)?))
    }

    /// Match the stored entries against the loaded corpus (call after each
    /// load). Entries whose article content is present need nothing (a
    /// renamed article only gets its `article_id` updated). Entries of an
    /// edited article (same id, new hash) are moved to keys in the new body
    /// where their text is found, else flagged `text_changed`. Entries whose
    /// article is gone by content and by id are returned as orphans.
    ///
    /// On a read-write store the moves are saved in one transaction and
    /// recorded in the history; on a read-only store the same result is
    /// computed and nothing is written.
    pub fn reconcile(&self, corpus: &[ArticleRef<'_>]) -> Result<Reconciliation, StoreError> {
        let mut by_hash: HashMap<&str, &ArticleRef<'_>> = HashMap::new();
        let mut by_id: HashMap<&str, &ArticleRef<'_>> = HashMap::new();
        for a in corpus {
            // duplicates: the smallest id wins, so repeated loads agree
            by_hash
                .entry(a.hash)
                .and_modify(|b| {
                    if a.id < b.id {
                        *b = a
                    }
                })
                .or_insert(a);
            by_id.entry(a.id).or_insert(a);
        }
        let v = self.schema_version;
        if self.read_only {
            return self.read(|c| Ok(plan_corpus(c, v, &by_hash, &by_id)?.0));
        }
        self.write(|tx| {
            let (mut rec, renames) = plan_corpus(tx, v, &by_hash, &by_id)?;
            let mut version = None;
            let now = now();
            for (hash, old_id, new_id) in &renames {
                let ver = bump(tx, &mut version)?;
                tx.execute(
                    "UPDATE entries SET article_id = ?1, version = ?2 \
                     WHERE article_hash = ?3 AND article_id = ?4",
                    rusqlite::params![new_id, ver, hash, old_id],
                )?;
            }
            for r in &mut rec.relocated {
                if r.anchored && get_in(tx, r.entry.key.as_str())?.is_some() {
                    // the new key already has its own entry: keep both, flag this one
                    r.anchored = false;
                    r.entry.key = r.old_key.clone();
                    r.entry.text_changed = true;
                }
                if r.anchored {
                    move_entry(
                        tx,
                        &r.old_key,
                        &r.entry.key,
                        r.entry.text_changed,
                        &self.editor,
                        &now,
                        &mut version,
                    )?;
                } else {
                    let flagged: bool = tx.query_row(
                        "SELECT text_changed FROM entries WHERE key = ?1",
                        [r.old_key.as_str()],
                        |row| row.get(0),
                    )?;
                    if !flagged {
                        let ver = bump(tx, &mut version)?;
                        tx.execute(
                            "UPDATE entries SET text_changed = 1, version = ?1 WHERE key = ?2",
                            rusqlite::params![ver, r.old_key.as_str()],
                        )?;
                    }
                }
            }
            Ok(rec)
        })
    }

    /// Move an entry (and its history) to another key, e.g. a discrepancy
    /// whose claims were relocated. Fails if `new` already has an entry.
    /// Returns the moved entry, or None if `old` has none.
    pub fn rekey(
        &self,
        old: &ItemKey,
        new: &ItemKey,
        text_changed: bool,
    ) -> Result<Option<Entry>, StoreError> {
        new.as_str().parse::<ItemKey>()?;
        if old == new {
            return self.get(old);
        }
        self.write(|tx| {
            if get_in(tx, old.as_str())?.is_none() {
                return Ok(None);
            }
            if get_in(tx, new.as_str())?.is_some() {
                return Err(TxError::Store(StoreError::InvalidChange {
                    key: new.to_string(),
                    reason: format!("cannot move {old} there: it already has an entry"),
                }));
            }
            let mut version = None;
            move_entry(
                tx,
                old,
                new,
                text_changed,
                &self.editor,
                &now(),
                &mut version,
            )?;
            Ok(get_in(tx, new.as_str())?)
        })
    }

    /// Check the whole file (`PRAGMA quick_check`, reads every page: about
    /// as long as [`Store::all`]). Not run by `open`, which must stay fast;
    /// run it in the background or on demand.
    pub fn verify(&self) -> Result<(), StoreError> {
        let problems: Vec<String> = self.read(|c| {
            let mut st = c.prepare("PRAGMA quick_check")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        if problems.len() == 1 && problems[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                reason: problems.into_iter().take(3).collect::<Vec<_>>().join("; "),
            })
        }
    }

    fn write<T>(
        &self,
        mut f: impl FnMut(&rusqlite::Transaction<'_>) -> TxResult<T>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: "it was opened read-only".into(),
            });
        }
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        retry(&self.path, || {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let v = f(&tx)?;
            tx.commit()?;
            Ok(v)
        })
    }

    fn read<T>(&self, mut f: impl FnMut(&Connection) -> TxResult<T>) -> Result<T, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        retry(&self.path, || {
            let r = f(&conn);
            if r.is_err() && !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            r
        })
    }
}

/// Run `op`, retrying while SQLite reports the database busy or locked.
fn retry<T>(path: &Path, mut op: impl FnMut() -> TxResult<T>) -> Result<T, StoreError> {
    let start = Instant::now();
    let mut attempt: u32 = 0;
    loop {
        match op() {
            Ok(v) => return Ok(v),
            Err(TxError::Store(e)) => return Err(e),
            Err(TxError::Sql(e)) if is_busy(&e) => {
                let waited = start.elapsed();
                if waited >= BUSY_DEADLINE {
                    return Err(StoreError::Busy {
                        path: path.to_path_buf(),
                        waited,
                    });
                }
                attempt += 1;
                std::thread::sleep(backoff(attempt));
            }
            Err(TxError::Sql(e)) => return Err(map_sql(path, e)),
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    // exponential up to 100 ms, with jitter from the clock so that two
    // processes do not retry in lockstep
    let base = 1u64 << attempt.min(7);
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64 % 1000)
        .unwrap_or(0);
    Duration::from_micros((base * 1000).min(100_000) + jitter)
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn map_sql(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
            path,
            reason: e.to_string(),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path,
            reason: e.to_string(),
        },
        Some(ErrorCode::CannotOpen) => StoreError::CannotOpen {
            path,
            reason: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
            path,
            waited: Duration::ZERO,
        },
        _ => StoreError::Sqlite { path, source: e },
    }
}

fn io_error(path: &Path, what: String, e: io::Error) -> StoreError {
    let reason = format!("{what}: {e}");
    match e.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly {
                path: path.to_path_buf(),
                reason,
            }
        }
        _ => StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason,
        },
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Look at what is at `path` without writing anything: the raw header
/// first (no SQLite involved; enough for every file without our id unless
/// it has WAL frames), then, for our stores, a read-only SQLite connection
/// that never checkpoints. Returns that connection for a store.
fn inspect(path: &Path) -> Result<(Found, Option<Connection>), StoreError> {
    let not_store = |what: String| StoreError::NotAStore {
        path: path.to_path_buf(),
        what,
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Found::Missing, None)),
        Err(e) => return Err(io_error(path, "cannot read it".into(), e)),
    };
    if meta.is_dir() {
        return Err(StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason: "it is a directory; give the path of a file".into(),
        });
    }
    if meta.len() == 0 {
        return Ok((Found::Empty, None));
    }
    let mut header = [0u8; 108];
    let n = fs::File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut header))
        .map_err(|e| StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason: format!("cannot read it: {e}"),
        })?;
    if n < 100 || &header[..16] != SQLITE_MAGIC {
        return Err(not_store(
            "it is not an SQLite database (it does not start with the SQLite header)".into(),
        ));
    }
    let app = i32::from_be_bytes(header[68..72].try_into().unwrap());
    let uv = i32::from_be_bytes(header[60..64].try_into().unwrap()) as i64;
    if app != 0 && app != APPLICATION_ID {
        return Err(not_store(format!(
            "it is an SQLite database of another program (application id {app:#010x})"
        )));
    }
    if app == APPLICATION_ID && uv > SCHEMA_VERSION {
        return Err(newer(path, uv));
    }
    // Without WAL frames the header is the truth: decide on a file without
    // our id here, so SQLite never opens it (a read-only connection to a
    // WAL-mode file would leave -wal and -shm files beside it).
    let wal_has_frames = fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 32);
    if app == 0 && !wal_has_frames {
        // page 1's b-tree header follows the file header: a leaf (0x0D)
        // with no cells is an empty schema
        let no_tables = header[100] == 0x0D && header[103] == 0 && header[104] == 0;
        return if uv == 0 && no_tables {
            Ok((Found::Empty, None))
        } else {
            Err(not_store(
                "it is an SQLite database of another program (it has tables but no newsdesk id)"
                    .into(),
            ))
        };
    }
    // The header can be stale in WAL mode (the newest page 1 may be in the
    // -wal file), so ask SQLite, read-only.
    let conn = open_read_only_conn(path)?;
    let (app, uv, tables) = retry(path, || {
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let uv: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app, uv, tables))
    })?;
    match app {
        0 if uv == 0 && tables == 0 => Ok((Found::Empty, None)),
        0 => Err(not_store(format!(
            "it is an SQLite database of another program ({tables} schema objects, no newsdesk id)"
        ))),
        APPLICATION_ID if uv > SCHEMA_VERSION => Err(newer(path, uv)),
        APPLICATION_ID if uv < 1 => Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: "it has the newsdesk id but no schema version".into(),
        }),
        APPLICATION_ID => {
            let name: Option<String> = retry(path, || {
                Ok(conn
                    .query_row(
                        "SELECT value FROM meta WHERE name = 'application'",
                        [],
                        |r| r.get(0),
                    )
                    .optional()?)
            })
            .map_err(|e| match e {
                StoreError::Sqlite { source, .. } => StoreError::Corrupt {
                    path: path.to_path_buf(),
                    reason: format!("its meta table cannot be read: {source}"),
                },
                e => e,
            })?;
            if name.as_deref() != Some(APPLICATION_NAME) {
                return Err(StoreError::Corrupt {
                    path: path.to_path_buf(),
                    reason: "its meta table does not name the application".into(),
                });
            }
            Ok((Found::Store { version: uv }, Some(conn)))
        }
        other => Err(not_store(format!(
            "it is an SQLite database of another program (application id {other:#010x})"
        ))),
    }
}

fn read_up_to(f: &mut fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn newer(path: &Path, found: i64) -> StoreError {
    StoreError::NewerSchema {
        path: path.to_path_buf(),
        found,
        known: SCHEMA_VERSION,
    }
}

/// A read-only connection that never writes to the file: SQLite's read-only
/// flag (no hot-journal rollback, no checkpoint) and no checkpoint on close.
/// If the directory is read-only and the WAL index cannot be created, the
/// file is opened `immutable` (safe then: no writer can exist where nobody
/// can create the -wal file).
fn open_read_only_conn(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let probe = |conn: Connection| -> rusqlite::Result<Connection> {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        Ok(conn)
    };
    let first = Connection::open_with_flags(path, flags).and_then(probe);
    let err = match first {
        Ok(c) => return Ok(c),
        Err(e) => e,
    };
    let wal = wal_path(path);
    let wal_empty = fs::metadata(&wal).map(|m| m.len() == 0).unwrap_or(true);
    let cant_init = matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    );
    if cant_init && wal_empty {
        let uri = format!("{}?immutable=1", file_uri(path));
        if let Ok(c) =
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).and_then(probe)
        {
            return Ok(c);
        }
    }
    Err(match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => map_sql(path, err),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => map_sql(path, err),
        _ => StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason: format!("SQLite cannot read it: {err}"),
        },
    })
}

fn wal_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-wal");
    PathBuf::from(s)
}

/// `file:` URI for SQLite, percent-encoding everything but unreserved bytes.
fn file_uri(path: &Path) -> String {
    use std::fmt::Write;
    let mut out = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/._~-".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Fail with `ReadOnly` if SQLite could not write the file or create its
/// `-wal`/`-shm` files in the directory. Opening for write does not change
/// the file; the probe file in the directory is removed at once.
fn check_writable(path: &Path, dir: &Path, found: &Found) -> Result<(), StoreError> {
    if !matches!(found, Found::Missing)
        && let Err(e) = OpenOptions::new().write(true).open(path)
    {
        return Err(io_error(path, "the file is not writable".into(), e));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let probe = dir.join(format!(".{name}.{}.probe", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => {
            let what = if matches!(found, Found::Missing) {
                format!("cannot create the store in {}", dir.display())
            } else {
                format!(
                    "its directory {} is not writable, and SQLite must create {name}-wal and \
                     {name}-shm there",
                    dir.display()
                )
            };
            Err(io_error(path, what, e))
        }
    }
}

/// In the open's write transaction: create or upgrade the schema, after
/// checking again (another process may have done it meanwhile).
fn setup(tx: &rusqlite::Transaction<'_>, path: &Path) -> TxResult<i64> {
    let app: i32 = tx.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let uv: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    match app {
        0 if uv == 0 && tables == 0 => {
            schema::upgrade(tx, 0, SCHEMA_VERSION)?;
            tx.execute(
                "INSERT INTO meta (name, value) VALUES ('created', ?1), ('created_by', ?2)",
                [now(), format!("newsdesk {}", env!("CARGO_PKG_VERSION"))],
            )?;
        }
        APPLICATION_ID if uv > SCHEMA_VERSION => return Err(TxError::Store(newer(path, uv))),
        APPLICATION_ID if uv >= 1 => schema::upgrade(tx, uv, SCHEMA_VERSION)?,
        _ => {
            return Err(TxError::Store(StoreError::NotAStore {
                path: path.to_path_buf(),
                what: "another program created it while newsdesk was opening it".into(),
            }));
        }
    }
    Ok(SCHEMA_VERSION)
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn validate(c: &Change) -> Result<(), StoreError> {
    let parsed: ItemKey = c.key.as_str().parse()?;
    if parsed.kind() != c.kind {
        return Err(StoreError::InvalidChange {
            key: c.key.to_string(),
            reason: format!(
                "the change says {} but the key is a {}",
                c.kind,
                parsed.kind()
            ),
        });
    }
    Ok(())
}

/// The change counter, bumped once per transaction that changes something.
fn bump(tx: &Connection, version: &mut Option<i64>) -> rusqlite::Result<i64> {
    if let Some(v) = *version {
        return Ok(v);
    }
    let v: i64 = tx
        .prepare_cached(
            "UPDATE meta SET value = value + 1 WHERE name = 'change_counter' RETURNING value",
        )?
        .query_row([], |r| r.get(0))?;
    *version = Some(v);
    Ok(v)
}

fn counter(c: &Connection) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT value FROM meta WHERE name = 'change_counter'")?
        .query_row([], |r| r.get(0))
}

/// Apply one change inside a transaction. Returns the entry after it and
/// whether anything changed.
fn apply(
    tx: &Connection,
    c: &Change,
    editor: &str,
    now: &str,
    version: &mut Option<i64>,
    step: Option<(&str, i64)>,
) -> rusqlite::Result<(Entry, bool)> {
    let cur = get_in(tx, c.key.as_str())?;
    let (old_v, old_n) = cur
        .as_ref()
        .map(|e| (e.verdict, e.note.clone()))
        .unwrap_or((Verdict::Unchecked, String::new()));
    let new_v = c.verdict.unwrap_or(old_v);
    let new_n = c.note.clone().unwrap_or_else(|| old_n.clone());
    if new_v == old_v && new_n == old_n {
        let entry = cur.unwrap_or_else(|| Entry {
            key: c.key.clone(),
            kind: c.kind,
            article_id: c.article_id.clone(),
            text: c.text.clone(),
            verdict: new_v,
            note: new_n,
            editor: editor.to_string(),
            updated: now.parse().unwrap_or_else(|_| jiff::Timestamp::now()),
            text_changed: false,
        });
        return Ok((entry, false));
    }
    let v = bump(tx, version)?;
    let replace_text = c.verdict.is_some() && !c.text.is_empty();
    let entry = tx
        .prepare_cached(&format!(
            "INSERT INTO entries (key, kind, article_id, article_hash, text, text_hash, verdict, \
             note, editor, updated, text_changed, version) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11) \
             ON CONFLICT (key) DO UPDATE SET \
             article_id = CASE WHEN excluded.article_id <> '' THEN excluded.article_id ELSE article_id END, \
             text = CASE WHEN ?12 THEN excluded.text ELSE text END, \
             text_hash = CASE WHEN ?12 THEN excluded.text_hash ELSE text_hash END, \
             text_changed = CASE WHEN ?12 THEN 0 ELSE text_changed END, \
             verdict = excluded.verdict, note = excluded.note, editor = excluded.editor, \
             updated = excluded.updated, version = excluded.version \
             RETURNING {ENTRY_COLS}"
        ))?
        .query_row(
            rusqlite::params![
                c.key.as_str(),
                c.kind.as_str(),
                c.article_id,
                c.key.article_hash().unwrap_or(""),
                c.text,
                content_hash(&c.text),
                new_v.as_str(),
                new_n,
                editor,
                now,
                v,
                replace_text
            ],
            entry_from_row,
        )?;
    match step {
        None => tx
            .prepare_cached(
                "INSERT INTO history (key, action, editor, at, old_verdict, new_verdict, old_note, \
                 new_note) VALUES (?1, 'set', ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                c.key.as_str(),
                editor,
                now,
                old_v.as_str(),
                new_v.as_str(),
                old_n,
                new_n
            ])?,
        Some((session, step)) => tx
            .prepare_cached(
                "INSERT INTO history (key, action, editor, at, old_verdict, new_verdict, old_note, \
                 new_note, session, step) VALUES (?1, 'set', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(rusqlite::params![
                c.key.as_str(),
                editor,
                now,
                old_v.as_str(),
                new_v.as_str(),
                old_n,
                new_n,
                session,
                step
            ])?,
    };
    Ok((entry, true))
}

/// A history row of a session step, as undo and redo read it.
struct StepRow {
    id: i64,
    key: String,
    old_v: Verdict,
    new_v: Verdict,
    old_n: String,
    new_n: String,
    undoes: Option<i64>,
}

/// The rows of one step of a session with this action that are not undone
/// (or redone) yet and come after row `after`, newest first.
fn step_rows(
    tx: &Connection,
    session: &str,
    step: i64,
    action: &str,
    after: i64,
) -> rusqlite::Result<Vec<StepRow>> {
    let mut st = tx.prepare_cached(
        "SELECT id, key, old_verdict, new_verdict, old_note, new_note, undoes FROM history \
         WHERE session = ?1 AND step = ?2 AND action = ?3 AND undone_by IS NULL AND id > ?4 \
         ORDER BY id DESC",
    )?;
    let rows = st.query_map(rusqlite::params![session, step, action, after], |r| {
        Ok(StepRow {
            id: r.get(0)?,
            key: r.get(1)?,
            old_v: verdict_col(r, 2)?,
            new_v: verdict_col(r, 3)?,
            old_n: r.get(4)?,
            new_n: r.get(5)?,
            undoes: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// Takes back what a history row did (an undo of a `set` row, or a redo of
/// an `undo` row): each field goes from the row's new value back to its old
/// one, unless someone changed the field since. Records the `action` row
/// and marks `row` as undone by it. Returns the entry after, or None when
/// the item is gone.
#[allow(clippy::too_many_arguments)]
fn revert(
    tx: &Connection,
    row: &StepRow,
    action: &str,
    session: &str,
    step: i64,
    editor: &str,
    now: &str,
    version: &mut Option<i64>,
) -> rusqlite::Result<Option<Entry>> {
    let Some(cur) = get_in(tx, &row.key)? else {
        tx.execute("UPDATE history SET undone_by = 0 WHERE id = ?1", [row.id])?;
        return Ok(None);
    };
    let verdict = if row.new_v != row.old_v && cur.verdict == row.new_v {
        row.old_v
    } else {
        cur.verdict
    };
    let note = if row.new_n != row.old_n && cur.note == row.new_n {
        row.old_n.clone()
    } else {
        cur.note.clone()
    };
    let entry = if verdict != cur.verdict || note != cur.note {
        let v = bump(tx, version)?;
        tx.prepare_cached(&format!(
            "UPDATE entries SET verdict = ?1, note = ?2, editor = ?3, updated = ?4, \
             version = ?5 WHERE key = ?6 RETURNING {ENTRY_COLS}"
        ))?
        .query_row(
            rusqlite::params![verdict.as_str(), note, editor, now, v, row.key],
            entry_from_row,
        )?
    } else {
        cur.clone()
    };
    tx.prepare_cached(
        "INSERT INTO history (key, action, editor, at, old_verdict, new_verdict, old_note, \
         new_note, undoes, session, step) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        row.key,
        action,
        editor,
        now,
        cur.verdict.as_str(),
        verdict.as_str(),
        cur.note,
        note,
        row.id,
        session,
        step
    ])?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE history SET undone_by = ?1 WHERE id = ?2",
        [id, row.id],
    )?;
    Ok(Some(entry))
}

/// Move an entry and its history rows to `new`, recording a relocate row.
fn move_entry(
    tx: &Connection,
    old: &ItemKey,
    new: &ItemKey,
    text_changed: bool,
    editor: &str,
    now: &str,
    version: &mut Option<i64>,
) -> rusqlite::Result<()> {
    let ver = bump(tx, version)?;
    let (verdict, note): (String, String) = tx
        .prepare_cached(
            "UPDATE entries SET key = ?1, article_hash = ?2, text_changed = ?3, version = ?4 \
             WHERE key = ?5 RETURNING verdict, note",
        )?
        .query_row(
            rusqlite::params![
                new.as_str(),
                new.article_hash().unwrap_or(""),
                text_changed,
                ver,
                old.as_str()
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    tx.prepare_cached("UPDATE history SET key = ?1 WHERE key = ?2")?
        .execute([new.as_str(), old.as_str()])?;
    tx.prepare_cached(
        "INSERT INTO history (key, action, editor, at, old_verdict, new_verdict, old_note, \
         new_note, old_key) VALUES (?1, 'relocate', ?2, ?3, ?4, ?4, ?5, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        new.as_str(),
        editor,
        now,
        verdict,
        note,
        old.as_str()
    ])?;
    Ok(())
}

fn get_in(c: &Connection, key: &str) -> rusqlite::Result<Option<Entry>> {
    c.prepare_cached(&format!("SELECT {ENTRY_COLS} FROM entries WHERE key = ?1"))?
        .query_row([key], entry_from_row)
        .optional()
}

fn bad_value(idx: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
}

fn verdict_col(r: &Row<'_>, idx: usize) -> rusqlite::Result<Verdict> {
    r.get::<_, String>(idx)?
        .parse()
        .map_err(|e| bad_value(idx, e))
}

fn timestamp_col(r: &Row<'_>, idx: usize) -> rusqlite::Result<jiff::Timestamp> {
    r.get::<_, String>(idx)?
        .parse()
        .map_err(|e| bad_value(idx, e))
}

fn key_col(r: &Row<'_>, idx: usize) -> rusqlite::Result<ItemKey> {
    r.get::<_, String>(idx)?
        .parse()
        .map_err(|e| bad_value(idx, e))
}

fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        key: key_col(r, 0)?,
        kind: r
            .get::<_, String>(1)?
            .parse::<ItemKind>()
            .map_err(|e| bad_value(1, e))?,
        article_id: r.get(2)?,
        text: r.get(3)?,
        verdict: verdict_col(r, 4)?,
        note: r.get(5)?,
        editor: r.get(6)?,
        updated: timestamp_col(r, 7)?,
        text_changed: r.get(8)?,
    })
}

fn history_from_row(r: &Row<'_>) -> rusqlite::Result<HistoryRow> {
    let action: String = r.get(2)?;
    Ok(HistoryRow {
        id: r.get(0)?,
        key: key_col(r, 1)?,
        action: HistoryAction::parse(&action).ok_or_else(|| {
            bad_value(
                2,
                io::Error::other(format!("unknown history action {action:?}")),
            )
        })?,
        editor: r.get(3)?,
        at: timestamp_col(r, 4)?,
        old_verdict: verdict_col(r, 5)?,
        new_verdict: verdict_col(r, 6)?,
        old_note: r.get(7)?,
        new_note: r.get(8)?,
        old_key: match r.get::<_, Option<String>>(9)? {
            Some(k) => Some(k.parse().map_err(|e| bad_value(9, e))?),
            None => None,
        },
        undone_by: r.get(10)?,
        undoes: r.get(11)?,
    })
}

/// Relocations for one article: its entries under hashes other than `new_hash`.
fn plan_article(
    c: &Connection,
    schema_version: i64,
    article_id: &str,
    new_hash: &str,
    body: &str,
) -> rusqlite::Result<Vec<Relocation>> {
    let sql = if schema_version >= 2 {
        format!(
            "SELECT {ENTRY_COLS} FROM entries WHERE article_id = ?1 \
             AND article_hash <> ?2 AND article_hash <> '' ORDER BY id"
        )
    } else {
        format!("SELECT {ENTRY_COLS} FROM entries WHERE article_id = ?1 AND ?2 <> '' ORDER BY id")
    };
    let mut st = c.prepare_cached(&sql)?;
    let entries = st
        .query_map([article_id, new_hash], entry_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for e in entries {
        let Some(body_of_key) = e.key.body() else {
            continue;
        };
        let relocation = match body_of_key {
            KeyBody::Composite { .. } => continue,
            KeyBody::Article { hash } if hash == new_hash => continue,
            KeyBody::Span { hash, .. } if hash == new_hash => continue,
            KeyBody::Article { .. } => {
                let old_key = e.key.clone();
                let mut entry = e;
                entry.key = ItemKey::article(new_hash);
                entry.text_changed = true;
                Relocation {
                    old_key,
                    entry,
                    anchored: true,
                }
            }
            KeyBody::Span { start, .. } => {
                let old_key = e.key.clone();
                let mut entry = e;
                match locate_text(body, &entry.text, start) {
                    Some(l) => {
                        entry.key = ItemKey::span(entry.kind, new_hash, l.start, l.end);
                        entry.text_changed = entry.text_changed || !l.exact;
                        Relocation {
                            old_key,
                            entry,
                            anchored: true,
                        }
                    }
                    None => {
                        entry.text_changed = true;
                        Relocation {
                            old_key,
                            entry,
                            anchored: false,
                        }
                    }
                }
            }
        };
        out.push(relocation);
    }
    Ok(out)
}

type Renames = Vec<(String, String, String)>; // (hash, old id, new id)

fn plan_corpus(
    c: &Connection,
    schema_version: i64,
    by_hash: &HashMap<&str, &ArticleRef<'_>>,
    by_id: &HashMap<&str, &ArticleRef<'_>>,
) -> rusqlite::Result<(Reconciliation, Renames)> {
    // (article hash, article id, entry count), from the covering index
    let groups: Vec<(String, String, usize)> = if schema_version >= 2 {
        let mut st = c.prepare_cached(
            "SELECT article_hash, article_id, count(*) FROM entries \
             WHERE article_hash <> '' GROUP BY article_hash, article_id",
        )?;
        st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize))
        })?
        .collect::<rusqlite::Result<_>>()?
    } else {
        let mut counts: HashMap<(String, String), usize> = HashMap::new();
        let mut st = c.prepare("SELECT key, article_id FROM entries")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, id) = row?;
            if let Some(h) = key
                .parse::<ItemKey>()
                .ok()
                .and_then(|k| k.article_hash().map(str::to_string))
            {
                *counts.entry((h, id)).or_default() += 1;
            }
        }
        counts.into_iter().map(|((h, id), n)| (h, id, n)).collect()
    };
    let mut rec = Reconciliation::default();
    let mut renames = Vec::new();
    let mut edited_ids = BTreeSet::new();
    let mut orphan_groups = Vec::new();
    for (hash, id, n) in groups {
        if let Some(a) = by_hash.get(hash.as_str()) {
            if !by_id.contains_key(id.as_str()) {
                rec.renamed += n;
                renames.push((hash, id, a.id.to_string()));
            }
        } else if by_id.contains_key(id.as_str()) {
            edited_ids.insert(id);
        } else {
            orphan_groups.push((hash, id));
        }
    }
    for id in edited_ids {
        let a = by_id[id.as_str()];
        rec.relocated
            .extend(plan_article(c, schema_version, &id, a.hash, a.body)?);
    }
    for (hash, id) in orphan_groups {
        let mut st = c.prepare_cached(&format!(
            "SELECT {ENTRY_COLS} FROM entries WHERE article_id = ?1 ORDER BY id"
        ))?;
        let rows = st.query_map([&id], entry_from_row)?;
        for e in rows {
            let e = e?;
            if e.key.article_hash() == Some(hash.as_str()) {
                rec.orphans.push(e);
            }
        }
    }
    Ok((rec, renames))
}
