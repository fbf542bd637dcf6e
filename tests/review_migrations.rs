//! Schema migrations: a store written at version 1 is read as is by a
//! read-only open, and upgraded to the current version by `open`, keeping
//! every entry and history row; an upgrade is all-or-nothing.

mod common;

use newsdesk::review::*;
use rusqlite::Connection;
use std::path::Path;

const BODY: &str = "Le budget est en hausse de 4 %. Il finance 200 postes.";

/// A store as version 1 of the schema wrote it, with rows inserted the
/// way version 1 did (no article_hash column, no old_key).
fn make_v1(path: &Path) -> (ItemKey, ItemKey) {
    let h = content_hash(BODY);
    let sentence = ItemKey::span(ItemKind::Sentence, &h, 0, 31);
    let disc = ItemKey::composite(
        ItemKind::Discrepancy,
        &[sentence.clone(), ItemKey::article(&h)],
    );
    let mut c = Connection::open(path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    let tx = c.transaction().unwrap();
    schema::upgrade(&tx, 0, 1).unwrap();
    for (i, (k, text, verdict)) in [
        (&sentence, "Le budget est en hausse de 4 %.", "disputed"),
        (&disc, "4 % vs 3 %", "false"),
    ]
    .into_iter()
    .enumerate()
    {
        tx.execute(
            "INSERT INTO entries (key, kind, article_id, text, text_hash, verdict, note, editor, \
             updated, text_changed, version) VALUES (?1, ?2, 'budget.md', ?3, ?4, ?5, 'v1 note', \
             'ana', '2025-02-24T10:00:00Z', 0, ?6)",
            rusqlite::params![
                k.as_str(),
                k.kind().as_str(),
                text,
                content_hash(text),
                verdict,
                i as i64 + 1
            ],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO history (key, action, editor, at, old_verdict, new_verdict, old_note, \
             new_note) VALUES (?1, 'set', 'ana', '2025-02-24T10:00:00Z', 'unchecked', ?2, '', 'v1 note')",
            rusqlite::params![k.as_str(), verdict],
        )
        .unwrap();
    }
    tx.execute(
        "UPDATE meta SET value = 2 WHERE name = 'change_counter'",
        [],
    )
    .unwrap();
    tx.commit().unwrap();
    (sentence, disc)
}

fn user_version(path: &Path) -> i64 {
    let c = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

#[test]
fn a_version_1_store_is_read_as_is_and_upgraded_by_open() {
    assert_eq!(
        schema::SCHEMA_VERSION,
        3,
        "update this test when adding a step"
    );
    let dir = common::tempdir();
    let path = dir.path().join("review.db");
    let (sentence, disc) = make_v1(&path);
    assert_eq!(user_version(&path), 1);

    // read-only: reads version 1 without upgrading it
    let before = common::snapshot(&path);
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.schema_version(), 1);
    let v1_entries = ro.all().unwrap();
    assert_eq!(v1_entries.len(), 2);
    assert_eq!(v1_entries[0].verdict, Verdict::Disputed);
    let v1_history = ro.history(&sentence).unwrap();
    assert_eq!(v1_history.len(), 1);
    assert_eq!(v1_history[0].old_key, None);
    assert_eq!(
        ro.find_relocated("budget.md", &content_hash("edited"), "edited")
            .unwrap()
            .len(),
        1
    );
    drop(ro);
    assert!(common::snapshot(&path) == before);
    assert_eq!(user_version(&path), 1);

    // read-write: upgraded to the current version, data kept
    let store = Store::open(&path, "ben").unwrap();
    assert_eq!(store.schema_version(), 3);
    assert_eq!(user_version(&path), 3);
    assert_eq!(store.all().unwrap(), v1_entries);
    assert_eq!(store.history(&sentence).unwrap(), v1_history);
    assert_eq!(store.current_version().unwrap(), 2);

    // the new column was filled from the keys, the new indexes exist
    let c = Connection::open(&path).unwrap();
    let hashes: Vec<(String, String)> = c
        .prepare("SELECT key, article_hash FROM entries ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        hashes,
        vec![
            (sentence.to_string(), content_hash(BODY)),
            (disc.to_string(), String::new())
        ]
    );
    let indexes: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' \
             AND name IN ('entries_by_article_hash', 'entries_by_article_id')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 2);
    drop(c);

    // and the upgraded store works: writes, relocation using the new column
    store
        .set(Change::new(sentence.clone(), "budget.md", "").note("after upgrade"))
        .unwrap();
    let edited = format!("Mise à jour. {BODY}");
    let h2 = content_hash(&edited);
    let rec = store
        .reconcile(&[ArticleRef {
            id: "budget.md",
            hash: &h2,
            body: &edited,
        }])
        .unwrap();
    assert_eq!(rec.relocated.len(), 1);
    assert!(rec.relocated[0].anchored);
    assert_eq!(store.history(&rec.relocated[0].entry.key).unwrap().len(), 3);

    // version 3: editing sessions; an old change is no session's to undo
    assert!(store.undo_step("today").unwrap().is_empty());
    store
        .set_step(
            vec![Change::new(disc.clone(), "", "").note("in a session")],
            "today",
        )
        .unwrap();
    assert_eq!(store.undo_step("today").unwrap()[0].note, "v1 note");

    // reopening does not migrate again
    drop(store);
    let store = Store::open(&path, "ben").unwrap();
    assert_eq!(store.schema_version(), 3);
    assert_eq!(store.all().unwrap().len(), 2);
}

#[test]
fn a_version_2_store_gains_sessions_and_an_old_reader_of_it_undoes_nothing() {
    let dir = common::tempdir();
    let path = dir.path().join("review.db");
    make_v1(&path);
    {
        let mut c = Connection::open(&path).unwrap();
        let tx = c.transaction().unwrap();
        schema::upgrade(&tx, 1, 2).unwrap();
        tx.commit().unwrap();
    }
    assert_eq!(user_version(&path), 2);
    // read-only at version 2: no sessions to look at, nothing to undo
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.step_state("any").unwrap(), (false, false));
    drop(ro);
    let store = Store::open(&path, "ben").unwrap();
    assert_eq!(store.schema_version(), 3);
    let c = Connection::open(&path).unwrap();
    let index: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'history_by_session'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
}

#[test]
fn two_processes_upgrading_at_once_upgrade_once() {
    let dir = common::tempdir();
    let path = dir.path().join("review.db");
    make_v1(&path);
    let stores: Vec<Store> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|i| {
                s.spawn({
                    let path = path.clone();
                    move || Store::open(&path, &format!("e{i}")).unwrap()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(stores.iter().all(|s| s.schema_version() == 3));
    assert_eq!(stores[0].all().unwrap().len(), 2);
}

#[test]
fn a_failed_upgrade_leaves_the_store_at_its_version() {
    let dir = common::tempdir();
    let path = dir.path().join("review.db");
    make_v1(&path);
    // something in the file that makes step 2 fail
    let c = Connection::open(&path).unwrap();
    c.execute_batch("CREATE INDEX entries_by_article_id ON entries (kind);")
        .unwrap();
    drop(c);
    let err = Store::open(&path, "ana").unwrap_err();
    assert!(err.to_string().contains("entries_by_article_id"), "{err}");
    assert_eq!(user_version(&path), 1);
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.schema_version(), 1);
    assert_eq!(
        ro.all().unwrap().len(),
        2,
        "nothing of the upgrade was kept"
    );
}
