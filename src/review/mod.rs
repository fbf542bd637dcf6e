//! The fact-check review store: editors' verdicts and notes on items of the
//! corpus (articles, sentences, claims, discrepancies, quotes).
//!
//! This module owns the verdicts' persistence and identity: the stable
//! [`ItemKey`]s items are known by, the SQLite file they are saved in, its
//! schema and migrations, the history of every change, undo, refresh across
//! processes, and finding verdicts again after the corpus changes. It does
//! not decide where the store lives (the app passes `.newsdesk/review.db`
//! beside the corpus, or `--store FILE`), nor draw anything.
//!
//! # Never losing work
//!
//! * **Durable saves.** The file is SQLite in WAL mode with
//!   `synchronous=FULL`: [`Store::set`] returns after its transaction's WAL
//!   frames are fsynced. A crash or `kill -9` loses at most a change whose
//!   `set` had not returned.
//! * **Several processes.** Writes run in `BEGIN IMMEDIATE` transactions
//!   that read the item and write only the fields the [`Change`] sets, so
//!   two dashboards editing the verdict and the note of one item keep both.
//!   SQLite waits 5 s for the lock (`busy_timeout`), and a retry loop with
//!   backoff keeps trying for up to a minute, so contention never surfaces
//!   as an error. [`Store::changes_since`] and a change counter let a
//!   dashboard pick up the others' changes.
//! * **Files that are not ours are never written.** Before SQLite opens a
//!   file for writing, its header is read by hand and then through a
//!   read-only connection that never checkpoints. A non-SQLite file,
//!   another program's SQLite database (`PRAGMA application_id` differs from
//!   [`schema::APPLICATION_ID`]), a damaged store, and a store with a newer
//!   schema are refused with a [`StoreError`] that says the file was left
//!   untouched. A file or directory that cannot be written gives
//!   [`StoreError::ReadOnly`], and the app can fall back to
//!   [`Store::open_read_only`].
//! * **History.** Every change is a row in `history` (editor, time, old and
//!   new verdict and note); [`Store::undo_last`] restores the state before
//!   an editor's last change, field by field, without overwriting fields
//!   others have changed since.
//!
//! # Finding verdicts again when the corpus changes
//!
//! Keys hold the *content hash* of the article body ([`content_hash`]), never
//! a file name or a list position. So:
//!
//! * **Reloading, reordering, adding articles** changes no key.
//! * **Renaming a file** changes no key either: the body hashes the same.
//!   [`Store::reconcile`] also updates the entries' stored `article_id` to
//!   the new name, which keeps the next fallback working.
//! * **Editing an article** changes its hash, so its items' keys no longer
//!   match. Every entry also stores the article's id (file name or id field)
//!   and the item's text. [`Store::reconcile`] (whole corpus, after a load)
//!   or [`Store::find_relocated`] (one article) finds entries stored under
//!   the article's id with another hash and looks for each item's text in
//!   the new body ([`locate_text`]: exact match nearest the old offset,
//!   else a match ignoring case and whitespace). Found: the entry moves to
//!   the new span's key (history follows it); a loose match sets
//!   `text_changed`. Not found: the entry keeps its old key and is flagged
//!   `text_changed`, so the app can list it with the article as "text
//!   changed since". Article-level entries move to the new article key,
//!   flagged `text_changed`.
//! * **Composites** (a discrepancy is a set of claim keys, hashed into one
//!   id by [`ItemKey::composite`]) are not re-derived by the store, which
//!   does not know their parts; the app rebuilds the key from the relocated
//!   parts and calls [`Store::rekey`].
//! * Entries whose article is gone by content *and* by id (deleted, or
//!   renamed and edited at once) are kept and returned as orphans.
//!
//! [`Store::check_text`] compares an item's current text with the text its
//! verdict was given on (by hash) and returns the old text when they differ.

mod error;
mod keys;
mod model;
pub mod schema;
mod store;

pub use error::StoreError;
pub use keys::{ItemKey, ItemKind, KeyBody, KeyError, Located, content_hash, locate_text};
pub use model::{
    ArticleRef, Change, Entry, HistoryAction, HistoryRow, Reconciliation, Relocation, TextStatus,
    Verdict, VerdictError,
};
pub use store::Store;
