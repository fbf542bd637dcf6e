//! Files the store must refuse, each with its message, and each left
//! byte-for-byte unchanged: damaged stores, read-only files and
//! directories, other programs' SQLite files, non-SQLite files, stores
//! with a newer schema.
//!
//! Read-only cases: root ignores file modes, so when the tests run as root
//! the store is opened by a child process (this test executable re-invoked)
//! running as `nobody` (uid 65534), for whom the modes hold. As another
//! user the child runs as that user.

mod common;

use newsdesk::review::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

const H: &str = "0123456789abcdef0123456789abcdef";

fn seeded_store(dir: &Path) -> PathBuf {
    let path = dir.join("review.db");
    let store = Store::open(&path, "ana").unwrap();
    for i in 0..300 {
        store
            .set(
                Change::new(
                    ItemKey::span(ItemKind::Claim, H, i, i + 1),
                    "a.md",
                    "some claim text",
                )
                .verdict(Verdict::Verified)
                .note("x".repeat(200)),
            )
            .unwrap();
    }
    path
}

/// Open read-write and read-only; both must fail. Returns the messages.
fn refused(path: &Path) -> (StoreError, StoreError) {
    let rw = Store::open(path, "ana").expect_err("open must refuse");
    let ro = Store::open_read_only(path).expect_err("open_read_only must refuse");
    (rw, ro)
}

fn assert_untouched(path: &Path, before: &[u8]) {
    assert!(
        common::snapshot(path) == before,
        "{} was modified",
        path.display()
    );
}

#[test]
fn a_non_sqlite_file_is_refused_and_untouched() {
    let dir = common::tempdir();
    for (name, bytes) in [
        (
            "notes.txt",
            b"Editor's notes: call the ministry back.\n".to_vec(),
        ),
        ("short.bin", vec![0u8, 1, 2, 3]),
        ("almost.db", {
            let mut v = b"SQLite format 2\0".to_vec();
            v.resize(4096, 7);
            v
        }),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let files = common::listing(dir.path());
        let (rw, ro) = refused(&path);
        for e in [&rw, &ro] {
            assert!(matches!(e, StoreError::NotAStore { .. }), "{name}: {e:?}");
            let msg = e.to_string();
            assert!(msg.contains("is not a newsdesk review store"), "{msg}");
            assert!(msg.contains("not an SQLite database"), "{msg}");
            assert!(msg.contains("left untouched"), "{msg}");
        }
        assert_untouched(&path, &bytes);
        assert_eq!(
            common::listing(dir.path()),
            files,
            "no -wal/-shm/journal created"
        );
    }
}

#[test]
fn another_programs_sqlite_file_is_refused_and_untouched() {
    let dir = common::tempdir();
    // a plain SQLite file (application id 0), one with another application
    // id, and one in WAL mode with frames still in its -wal
    let plain = dir.path().join("music.db");
    let c = Connection::open(&plain).unwrap();
    c.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
        .unwrap();
    drop(c);
    let other_id = dir.path().join("fossil.db");
    let c = Connection::open(&other_id).unwrap();
    c.execute_batch("PRAGMA application_id = 252006674; CREATE TABLE blob (x);")
        .unwrap();
    drop(c);

    // WAL mode, closed (no -wal file left)
    let wal_closed = dir.path().join("wal-closed.db");
    let c = Connection::open(&wal_closed).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(c);

    for path in [&plain, &other_id, &wal_closed] {
        let before = common::snapshot(path);
        let files = common::listing(dir.path());
        let (rw, ro) = refused(path);
        for e in [&rw, &ro] {
            assert!(matches!(e, StoreError::NotAStore { .. }), "{e:?}");
            let msg = e.to_string();
            assert!(
                msg.contains("an SQLite database of another program"),
                "{msg}"
            );
            assert!(msg.contains("left untouched"), "{msg}");
        }
        assert_untouched(path, &before);
        assert_eq!(common::listing(dir.path()), files);
    }
    assert!(
        Store::open(&other_id, "a")
            .unwrap_err()
            .to_string()
            .contains("0x0f055112")
    );

    // WAL mode, the other program still running with uncheckpointed frames
    let wal_db = dir.path().join("wal.db");
    let c = Connection::open(&wal_db).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = common::snapshot(&wal_db);
    let wal_before = common::snapshot(&dir.path().join("wal.db-wal"));
    let (rw, _ro) = refused(&wal_db);
    assert!(matches!(rw, StoreError::NotAStore { .. }), "{rw:?}");
    assert_untouched(&wal_db, &before);
    assert_untouched(&dir.path().join("wal.db-wal"), &wal_before);
    drop(c);
}

#[test]
fn a_damaged_store_is_refused_and_untouched() {
    let dir = common::tempdir();
    let path = seeded_store(dir.path());
    let good = common::snapshot(&path);
    assert!(good.len() > 16 * 4096, "the store spans many pages");

    // page 1 (the schema) overwritten after the 100-byte header
    let mut bad = good.clone();
    for b in &mut bad[100..4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bad).unwrap();
    let (rw, ro) = refused(&path);
    for e in [&rw, &ro] {
        assert!(matches!(e, StoreError::Corrupt { .. }), "{e:?}");
        let msg = e.to_string();
        assert!(msg.contains("is damaged"), "{msg}");
        assert!(msg.contains("left untouched"), "{msg}");
    }
    assert_untouched(&path, &bad);

    // a header SQLite rejects ("file is not a database"): bad page size
    let mut bad = good.clone();
    bad[16] = 0;
    bad[17] = 3;
    std::fs::write(&path, &bad).unwrap();
    let (rw, _) = refused(&path);
    assert!(matches!(rw, StoreError::Corrupt { .. }), "{rw:?}");
    assert!(rw.to_string().contains("not a database"), "{rw}");
    assert_untouched(&path, &bad);

    // damage deep in the entries table: open stays fast and does not scan,
    // so it succeeds, but reading and verify() report the damage, and the
    // file is still not modified
    let mut bad = good.clone();
    let last_page = bad.len() / 4096 - 1;
    let mut damaged = 0;
    for page in (2..last_page).step_by(3) {
        let at = page * 4096;
        for b in &mut bad[at..at + 4096] {
            *b = 0x5A;
        }
        damaged += 1;
    }
    assert!(damaged > 3);
    std::fs::write(&path, &bad).unwrap();
    let store = Store::open(&path, "ana").unwrap();
    let err = store.verify().unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    let err = store.all().unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    drop(store);
    assert_untouched(&path, &bad);
}

#[test]
fn a_store_with_a_newer_schema_is_refused_and_untouched() {
    let dir = common::tempdir();
    let path = seeded_store(dir.path());
    let c = Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", schema::SCHEMA_VERSION + 7)
        .unwrap();
    drop(c);
    let before = common::snapshot(&path);
    let (rw, ro) = refused(&path);
    for e in [&rw, &ro] {
        assert!(matches!(e, StoreError::NewerSchema { .. }), "{e:?}");
        let msg = e.to_string();
        assert!(
            msg.contains(&format!(
                "written by a newer newsdesk (schema version {}, this program knows up to {})",
                schema::SCHEMA_VERSION + 7,
                schema::SCHEMA_VERSION
            )),
            "{msg}"
        );
        assert!(
            msg.contains("left untouched") && msg.contains("update newsdesk"),
            "{msg}"
        );
    }
    assert_untouched(&path, &before);

    // the newer version only in the -wal (the newer newsdesk still has it
    // open): the file header still says the old version, SQLite does not
    let path = dir.path().join("wal-newer.db");
    drop(Store::open(&path, "a").unwrap());
    let newer = Connection::open(&path).unwrap();
    newer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    newer.pragma_update(None, "user_version", 99).unwrap();
    let before = common::snapshot(&path);
    let err = Store::open(&path, "a").unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
    assert_untouched(&path, &before);
    drop(newer);
}

// ----- read-only files and directories, in a child process -----

const CHILD_ENV: &str = "REVIEWPORT_READ_ONLY_CHILD";

/// Child side: open read-write, then read-only, and report on stdout.
#[test]
fn read_only_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let path = PathBuf::from(path);
    match Store::open(&path, "nobody") {
        Ok(_) => println!("@@rw ok"),
        Err(e) => println!("@@rw err {}", e.to_string().replace('\n', " ")),
    }
    match Store::open_read_only(&path) {
        Ok(s) => println!("@@ro ok {} {}", s.all().unwrap().len(), s.is_read_only()),
        Err(e) => println!("@@ro err {}", e.to_string().replace('\n', " ")),
    }
}

const NOBODY: u32 = 65534;

/// Run the child on `path`, as nobody when we are root.
fn open_in_child(path: &Path, root: bool) -> (String, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = common::child_command("read_only_child", &[(CHILD_ENV, path.to_str().unwrap())]);
    if root {
        cmd.uid(NOBODY).gid(NOBODY);
    }
    let out = cmd.output().expect("spawn child");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "child failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = |tag: &str| {
        stdout
            .lines()
            .find_map(|l| l.find(tag).map(|i| l[i + tag.len()..].trim().to_string()))
            .unwrap_or_else(|| panic!("no {tag} in child output: {stdout}"))
    };
    (line("@@rw"), line("@@ro"))
}

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid)).unwrap();
}

#[test]
fn read_only_file_and_directory_give_read_only_and_stay_untouched() {
    let root = common::is_root();
    if root {
        println!("running as root: the read-only cases run in a child process as uid {NOBODY}");
    }
    let owner = |p: &Path| {
        if root {
            chown(p, NOBODY)
        }
    };

    // 1. the file is read-only (0444), its directory writable
    let dir = common::tempdir();
    let path = seeded_store(dir.path());
    common::set_mode(dir.path(), 0o755);
    owner(dir.path());
    common::set_mode(&path, 0o444);
    let before = common::snapshot(&path);
    let (rw, ro) = open_in_child(&path, root);
    assert!(
        rw.starts_with("err review store") && rw.contains("is read-only: the file is not writable"),
        "{rw}"
    );
    assert!(
        rw.contains("verdicts can be viewed but not saved (open it read-only"),
        "{rw}"
    );
    assert_eq!(ro, "ok 300 true");
    assert_untouched(&path, &before);

    // 2. the directory is read-only (0555), the file writable
    let dir = common::tempdir();
    let path = seeded_store(dir.path());
    owner(&path);
    common::set_mode(&path, 0o644);
    common::set_mode(dir.path(), 0o555);
    let before = common::snapshot(&path);
    let files = common::listing(dir.path());
    let (rw, ro) = open_in_child(&path, root);
    assert!(
        rw.contains("is read-only: its directory") && rw.contains("is not writable"),
        "{rw}"
    );
    assert!(rw.contains("review.db-wal"), "{rw}");
    assert_eq!(ro, "ok 300 true", "read through SQLite's immutable mode");
    assert_untouched(&path, &before);
    assert_eq!(
        common::listing(dir.path()),
        files,
        "nothing created in the directory"
    );

    // 3. no store yet, directory read-only: cannot create
    let missing = dir.path().join("new.db");
    let (rw, ro) = open_in_child(&missing, root);
    assert!(
        rw.contains("is read-only: cannot create the store in"),
        "{rw}"
    );
    assert!(ro.contains("no such file"), "{ro}");
    assert_eq!(common::listing(dir.path()), files);
    common::set_mode(dir.path(), 0o755);
}
