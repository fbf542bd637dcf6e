//! What can go wrong with a review store, worded for the editor.
//!
//! Every variant that concerns an existing file says that the file was left
//! untouched: the store never writes to a file it does not recognise as its
//! own, current-or-older, healthy store.

use super::keys::KeyError;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file or its directory could not be opened or created for a reason
    /// other than permissions (no such directory, is a directory, I/O error).
    #[error("cannot open review store {path}: {reason}")]
    CannotOpen { path: PathBuf, reason: String },

    /// The file or its directory cannot be written. The caller may fall back
    /// to [`super::Store::open_read_only`] and show "read-only".
    #[error(
        "review store {path} is read-only: {reason}; verdicts can be viewed but not saved \
         (open it read-only, fix the permissions, or choose another file with --store)"
    )]
    ReadOnly { path: PathBuf, reason: String },

    /// Another program's SQLite database, or not an SQLite database at all.
    #[error(
        "{path} is not a newsdesk review store: {what}; it was left untouched \
         (choose another file with --store)"
    )]
    NotAStore { path: PathBuf, what: String },

    /// The file is a damaged newsdesk store.
    #[error(
        "review store {path} is damaged: {reason}; it was left untouched \
         (restore it from a backup, or move it aside and newsdesk will start a new one)"
    )]
    Corrupt { path: PathBuf, reason: String },

    /// Written by a newer newsdesk; this program does not touch it.
    #[error(
        "review store {path} was written by a newer newsdesk (schema version {found}, \
         this program knows up to {known}); it was left untouched (update newsdesk to open it)"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// Another process held the store's write lock for too long.
    #[error(
        "review store {path} is busy: another newsdesk kept it locked for {waited:.1?}; \
         nothing was saved, try again"
    )]
    Busy { path: PathBuf, waited: Duration },

    #[error(transparent)]
    Key(#[from] KeyError),

    /// A change that cannot be applied (e.g. its kind contradicts its key).
    #[error("invalid change to {key}: {reason}")]
    InvalidChange { key: String, reason: String },

    /// Any other SQLite failure (disk full, I/O error).
    #[error("review store {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}
