//! The store's schema and its migrations.
//!
//! A newsdesk review store is an SQLite file whose header carries
//! `PRAGMA application_id = APPLICATION_ID` and `PRAGMA user_version` = the
//! schema version; its `meta` table repeats the application name. The
//! schema is built by [`MIGRATIONS`], an ordered list of SQL steps: step `i`
//! takes a store from version `i` to `i + 1` (version 0 is an empty file).
//! [`upgrade`] runs the missing steps inside the caller's write transaction
//! and sets `user_version` in it, so an upgrade is all-or-nothing and two
//! processes opening an old store at once upgrade it once.
//!
//! To change the schema, append a step; never edit a released one.

use rusqlite::Connection;

/// `PRAGMA application_id` of every newsdesk review store: "NDRv".
pub const APPLICATION_ID: i32 = 0x4E44_5276;

/// The `meta` row naming the application.
pub const APPLICATION_NAME: &str = "newsdesk review store";

/// One schema step.
#[derive(Debug)]
pub struct Migration {
    /// The version the step produces.
    pub to_version: i64,
    pub description: &'static str,
    pub sql: &'static str,
}

/// All steps, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        to_version: 1,
        description: "entries, history and meta tables",
        sql: "
CREATE TABLE meta (
    name  TEXT PRIMARY KEY NOT NULL,
    value NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('application', 'newsdesk review store');
INSERT INTO meta (name, value) VALUES ('change_counter', 0);

CREATE TABLE entries (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    article_id   TEXT NOT NULL,
    text         TEXT NOT NULL,
    text_hash    TEXT NOT NULL,
    verdict      TEXT NOT NULL,
    note         TEXT NOT NULL,
    editor       TEXT NOT NULL,
    updated      TEXT NOT NULL,
    text_changed INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL
);
CREATE INDEX entries_by_version ON entries (version);

CREATE TABLE history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT NOT NULL,
    action      TEXT NOT NULL,
    editor      TEXT NOT NULL,
    at          TEXT NOT NULL,
    old_verdict TEXT NOT NULL,
    new_verdict TEXT NOT NULL,
    old_note    TEXT NOT NULL,
    new_note    TEXT NOT NULL,
    undone_by   INTEGER,
    undoes      INTEGER
);
CREATE INDEX history_by_key ON history (key, id);
CREATE INDEX history_by_editor ON history (editor, id);
",
    },
    Migration {
        to_version: 2,
        description: "relocation: entries.article_hash (filled from the keys), \
                      article indexes, history.old_key",
        sql: "
ALTER TABLE entries ADD COLUMN article_hash TEXT NOT NULL DEFAULT '';
UPDATE entries
   SET article_hash = substr(key, instr(key, ':') + 1, 32)
 WHERE substr(key, instr(key, ':') + 1, 4) <> 'set:';
CREATE INDEX entries_by_article_hash ON entries (article_hash, article_id);
CREATE INDEX entries_by_article_id ON entries (article_id);
ALTER TABLE history ADD COLUMN old_key TEXT;
",
    },
    Migration {
        to_version: 3,
        description: "editing sessions: history.session and history.step, so a dashboard \
                      undoes and redoes only its own session's changes, a step at a time",
        sql: "
ALTER TABLE history ADD COLUMN session TEXT;
ALTER TABLE history ADD COLUMN step INTEGER;
CREATE INDEX history_by_session ON history (session, id);
",
    },
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring a store from `from` up to `to` (≤ [`SCHEMA_VERSION`]). Run it inside
/// a write transaction: it sets `user_version` (and, from version 0, the
/// application id) in that transaction. Public so that tests can build
/// stores at older versions.
pub fn upgrade(conn: &Connection, from: i64, to: i64) -> rusqlite::Result<()> {
    assert!(to <= SCHEMA_VERSION, "no migration to version {to}");
    if from == 0 && to > 0 {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    for step in MIGRATIONS
        .iter()
        .filter(|m| m.to_version > from && m.to_version <= to)
    {
        conn.execute_batch(step.sql)?;
        conn.pragma_update(None, "user_version", step.to_version)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_in_order() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.to_version, i as i64 + 1, "{}", m.description);
        }
        let conn = Connection::open_in_memory().unwrap();
        upgrade(&conn, 0, SCHEMA_VERSION).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let a: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!((v, a), (SCHEMA_VERSION, APPLICATION_ID));
    }
}
