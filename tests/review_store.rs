//! The store's API: saving, reading, history, undo, refresh, read-only.

mod common;

use newsdesk::review::*;
use std::path::Path;

const BODY: &str = "Le port a traité 12 millions de tonnes. Le maire s'en félicite.";

fn key(start: usize, end: usize) -> ItemKey {
    ItemKey::span(ItemKind::Sentence, &content_hash(BODY), start, end)
}

fn change(k: &ItemKey) -> Change {
    Change::new(
        k.clone(),
        "port.md",
        "Le port a traité 12 millions de tonnes.",
    )
}

fn open(path: &Path, editor: &str) -> Store {
    Store::open(path, editor).unwrap()
}

#[test]
fn open_creates_directories_and_an_empty_store() {
    let dir = common::tempdir();
    let path = dir.path().join("corpus/.newsdesk/review.db");
    let store = open(&path, "ana");
    assert!(path.exists());
    assert!(!store.is_read_only());
    assert_eq!(store.editor(), "ana");
    assert_eq!(store.schema_version(), schema::SCHEMA_VERSION);
    assert!(store.all().unwrap().is_empty());
    assert_eq!(store.current_version().unwrap(), 0);
    // reopening an existing store works and finds it as left
    drop(store);
    assert!(open(&path, "ana").all().unwrap().is_empty());
}

#[test]
fn set_keeps_the_fields_a_change_leaves_out() {
    let dir = common::tempdir();
    let store = open(&dir.path().join("r.db"), "ana");
    let k = key(0, 39);
    let e = store.set(change(&k).verdict(Verdict::Verified)).unwrap();
    assert_eq!(
        (e.verdict, e.note.as_str(), e.editor.as_str()),
        (Verdict::Verified, "", "ana")
    );
    assert_eq!(e.kind, ItemKind::Sentence);
    let e = store
        .set(Change::new(k.clone(), "", "").note("source: port annual report"))
        .unwrap();
    assert_eq!(
        e.verdict,
        Verdict::Verified,
        "a note-only change keeps the verdict"
    );
    assert_eq!(
        e.article_id, "port.md",
        "an empty article id keeps the stored one"
    );
    assert_eq!(
        e.text, "Le port a traité 12 millions de tonnes.",
        "a note-only change keeps the text"
    );
    assert_eq!(store.get(&k).unwrap().unwrap(), e);
    assert_eq!(store.all().unwrap(), vec![e.clone()]);
    assert!(store.get(&key(40, 63)).unwrap().is_none());

    let h = store.history(&k).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].old_verdict, h[0].new_verdict),
        (Verdict::Unchecked, Verdict::Verified)
    );
    assert_eq!(
        (h[1].old_note.as_str(), h[1].new_note.as_str()),
        ("", "source: port annual report")
    );
    assert!(
        h.iter()
            .all(|r| r.editor == "ana" && r.action == HistoryAction::Set)
    );
    assert!(h[0].id < h[1].id && h[0].at <= h[1].at);

    // a change that changes nothing writes nothing
    let v = store.current_version().unwrap();
    store.set(change(&k).verdict(Verdict::Verified)).unwrap();
    assert_eq!(store.current_version().unwrap(), v);
    assert_eq!(store.history(&k).unwrap().len(), 2);

    // cleared: gone from all(), still in get() and changes_since()
    store
        .set(change(&k).verdict(Verdict::Unchecked).note(""))
        .unwrap();
    assert!(store.all().unwrap().is_empty());
    assert!(!store.get(&k).unwrap().unwrap().has_content());
    let (_, changed) = store.changes_since(v).unwrap();
    assert_eq!(changed.len(), 1);

    // JSON form of an entry
    let json = serde_json::to_value(store.get(&k).unwrap().unwrap()).unwrap();
    assert_eq!(json["verdict"], "unchecked");
    assert_eq!(json["kind"], "sentence");
    assert!(json["updated"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn the_text_is_recorded_with_the_verdict() {
    let dir = common::tempdir();
    let store = open(&dir.path().join("r.db"), "ana");
    let k = key(0, 39);
    assert_eq!(
        store.check_text(&k, "anything").unwrap(),
        TextStatus::Unknown
    );
    store.set(change(&k).verdict(Verdict::Disputed)).unwrap();
    assert_eq!(
        store
            .check_text(&k, "Le port a traité 12 millions de tonnes.")
            .unwrap(),
        TextStatus::Same
    );
    assert_eq!(
        store
            .check_text(&k, "Le port a traité 13 millions de tonnes.")
            .unwrap(),
        TextStatus::Changed {
            was: "Le port a traité 12 millions de tonnes.".into()
        }
    );
    // a note does not re-date the text; a verdict does
    store
        .set(
            Change::new(
                k.clone(),
                "port.md",
                "Le port a traité 13 millions de tonnes.",
            )
            .note("n"),
        )
        .unwrap();
    assert_eq!(
        store.get(&k).unwrap().unwrap().text,
        "Le port a traité 12 millions de tonnes."
    );
    store
        .set(
            Change::new(
                k.clone(),
                "port.md",
                "Le port a traité 13 millions de tonnes.",
            )
            .verdict(Verdict::Verified),
        )
        .unwrap();
    assert_eq!(
        store
            .check_text(&k, "Le port a traité 13 millions de tonnes.")
            .unwrap(),
        TextStatus::Same
    );
}

#[test]
fn undo_restores_the_previous_state_step_by_step() {
    let dir = common::tempdir();
    let path = dir.path().join("r.db");
    let ana = open(&path, "ana");
    let ben = open(&path, "ben");
    let k = key(0, 39);
    let other = key(40, 63);
    ana.set(change(&k).verdict(Verdict::Verified)).unwrap();
    ana.set(change(&k).verdict(Verdict::False).note("wrong figure"))
        .unwrap();
    ana.set(change(&other).verdict(Verdict::NeedsSource))
        .unwrap();

    // last change first
    let e = ana.undo_last("ana").unwrap().unwrap();
    assert_eq!(
        (e.key.clone(), e.verdict),
        (other.clone(), Verdict::Unchecked)
    );
    let e = ana.undo_last("ana").unwrap().unwrap();
    assert_eq!((e.verdict, e.note.as_str()), (Verdict::Verified, ""));

    // ben changes the note; undoing ana's first change restores her verdict
    // field but leaves ben's note alone
    ben.set(change(&k).note("ben's note")).unwrap();
    let e = ana.undo_last("ana").unwrap().unwrap();
    assert_eq!(
        (e.verdict, e.note.as_str()),
        (Verdict::Unchecked, "ben's note")
    );
    assert!(
        ana.undo_last("ana").unwrap().is_none(),
        "nothing left to undo"
    );

    // undo of a field someone else changed since: their value stays
    ben.set(change(&other).verdict(Verdict::Verified)).unwrap();
    ana.set(change(&other).note("ana")).unwrap();
    ben.set(change(&other).note("ben overrides")).unwrap();
    let e = ana.undo_last("ana").unwrap().unwrap();
    assert_eq!(e.note, "ben overrides");

    let h = ana.history(&k).unwrap();
    let undos: Vec<_> = h
        .iter()
        .filter(|r| r.action == HistoryAction::Undo)
        .collect();
    assert_eq!(undos.len(), 2);
    for u in undos {
        let orig = h.iter().find(|r| Some(r.id) == u.undoes).unwrap();
        assert_eq!(orig.undone_by, Some(u.id));
    }
    // ben's own undo only touches ben's changes
    let e = ben.undo_last("ben").unwrap().unwrap();
    assert_eq!((e.key, e.note.as_str()), (other, "ana"));
}

#[test]
fn a_second_dashboard_sees_changes_since_its_last_refresh() {
    let dir = common::tempdir();
    let path = dir.path().join("r.db");
    let a = open(&path, "ana");
    let b = Store::open_read_only(&path).unwrap();
    let (v0, all) = b.changes_since(0).unwrap();
    assert!(all.is_empty());
    a.set(change(&key(0, 39)).verdict(Verdict::Verified))
        .unwrap();
    a.set(change(&key(40, 63)).note("x")).unwrap();
    let (v1, changed) = b.changes_since(v0).unwrap();
    assert_eq!(changed.len(), 2);
    assert!(v1 > v0);
    assert_eq!(b.changes_since(v1).unwrap().1, vec![]);
    a.set(change(&key(0, 39)).note("y")).unwrap();
    let (v2, changed) = b.changes_since(v1).unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].note, "y");
    assert_eq!(b.current_version().unwrap(), v2);
}

#[test]
fn set_many_is_all_or_nothing() {
    let dir = common::tempdir();
    let store = open(&dir.path().join("r.db"), "import");
    let h = content_hash(BODY);
    let changes: Vec<Change> = (0..500)
        .map(|i| {
            Change::new(ItemKey::span(ItemKind::Claim, &h, i, i + 1), "port.md", "x")
                .verdict(Verdict::Verified)
        })
        .collect();
    assert_eq!(store.set_many(changes.clone()).unwrap(), 500);
    assert_eq!(store.all().unwrap().len(), 500);
    assert_eq!(
        store.set_many(changes).unwrap(),
        0,
        "re-importing changes nothing"
    );

    let mut bad =
        vec![Change::new(ItemKey::span(ItemKind::Claim, &h, 900, 901), "p", "x").note("n")];
    let mut wrong = Change::new(ItemKey::span(ItemKind::Claim, &h, 901, 902), "p", "x").note("n");
    wrong.kind = ItemKind::Quote;
    bad.push(wrong);
    let err = store.set_many(bad).unwrap_err();
    assert!(matches!(err, StoreError::InvalidChange { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("the change says quote but the key is a claim"),
        "{err}"
    );
    assert_eq!(
        store.all().unwrap().len(),
        500,
        "nothing of the bad batch was saved"
    );
}

#[test]
fn a_read_only_store_reads_and_refuses_writes() {
    let dir = common::tempdir();
    let path = dir.path().join("r.db");
    open(&path, "ana")
        .set(change(&key(0, 39)).verdict(Verdict::Verified))
        .unwrap();
    let before = common::snapshot(&path);
    let ro = Store::open_read_only(&path).unwrap();
    assert!(ro.is_read_only());
    assert_eq!(ro.all().unwrap().len(), 1);
    assert_eq!(ro.history(&key(0, 39)).unwrap().len(), 1);
    let err = ro
        .set(change(&key(0, 39)).verdict(Verdict::False))
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }));
    assert!(err.to_string().contains("opened read-only"), "{err}");
    assert!(ro.undo_last("ana").is_err());
    drop(ro);
    assert_eq!(common::snapshot(&path), before);
    let missing = Store::open_read_only(&dir.path().join("none.db")).unwrap_err();
    assert!(missing.to_string().contains("no such file"), "{missing}");
}

#[test]
fn threads_and_connections_share_one_store() {
    let dir = common::tempdir();
    let path = dir.path().join("r.db");
    let a = std::sync::Arc::new(open(&path, "ana"));
    let b = open(&path, "ben");
    let k = key(0, 39);
    std::thread::scope(|s| {
        let a2 = a.clone();
        let k2 = k.clone();
        s.spawn(move || {
            for i in 0..50 {
                a2.set(change(&k2).verdict(if i % 2 == 0 {
                    Verdict::False
                } else {
                    Verdict::Verified
                }))
                .unwrap();
            }
        });
        s.spawn(|| {
            for i in 0..50 {
                b.set(change(&k).note(format!("ben {i}"))).unwrap();
            }
        });
    });
    let e = a.get(&k).unwrap().unwrap();
    assert_eq!((e.verdict, e.note.as_str()), (Verdict::Verified, "ben 49"));
    assert_eq!(a.history(&k).unwrap().len(), 100);
}

#[test]
fn open_with_100k_entries_is_fast() {
    let dir = common::tempdir();
    let path = dir.path().join("big.db");
    {
        let store = open(&path, "seed");
        let h = content_hash("big");
        let changes: Vec<Change> = (0..100_000)
            .map(|i| {
                Change::new(
                    ItemKey::span(ItemKind::Sentence, &h, i * 10, i * 10 + 9),
                    format!("article-{}.md", i / 50),
                    "A typical sentence of a news article, about a hundred and twenty characters long, give or take a few.",
                )
                .verdict(Verdict::Verified)
                .note("checked against the agency wire")
            })
            .collect();
        store.set_many(changes).unwrap();
    }
    let mut best = std::time::Duration::MAX;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let s = open(&path, "ana");
        best = best.min(t.elapsed());
        drop(s);
    }
    let s = open(&path, "ana");
    let t = std::time::Instant::now();
    let n = s.all().unwrap().len();
    let all = t.elapsed();
    let t = std::time::Instant::now();
    s.verify().unwrap();
    let verify = t.elapsed();
    println!(
        "100k entries: open {best:?}, all() {all:?}, verify() {verify:?}, file {} bytes",
        std::fs::metadata(&path).unwrap().len()
    );
    assert_eq!(n, 100_000);
    assert!(best.as_millis() <= 200, "open took {best:?}");
}

#[test]
fn session_steps_undo_and_redo_like_vim() {
    let dir = common::tempdir();
    let path = dir.path().join("r.db");
    let store = open(&path, "ana");
    let (a, b) = (key(0, 39), key(40, 63));
    // an earlier session's change is never undone by this one
    store
        .set_step(vec![change(&a).note("from yesterday")], "monday")
        .unwrap();
    let s = "tuesday";
    assert_eq!(store.step_state(s).unwrap(), (false, false));
    assert!(store.undo_step(s).unwrap().is_empty(), "nothing of ours");
    // one step on two items (a pair), then one on one item
    let both = vec![
        change(&a).verdict(Verdict::Disputed),
        Change::new(b.clone(), "port.md", "Le maire s'en félicite.").verdict(Verdict::Disputed),
    ];
    assert_eq!(store.set_step(both, s).unwrap().len(), 2);
    store
        .set_step(vec![change(&b).verdict(Verdict::Verified)], s)
        .unwrap();
    assert_eq!(store.step_state(s).unwrap(), (true, false));

    let undone = store.undo_step(s).unwrap();
    assert_eq!(undone.len(), 1);
    assert_eq!(undone[0].verdict, Verdict::Disputed);
    let undone = store.undo_step(s).unwrap();
    assert_eq!(undone.len(), 2, "the pair is undone as one step");
    assert!(undone.iter().all(|e| e.verdict == Verdict::Unchecked));
    assert_eq!(store.get(&a).unwrap().unwrap().note, "from yesterday");
    assert!(
        store.undo_step(s).unwrap().is_empty(),
        "monday's note stays"
    );
    assert_eq!(store.step_state(s).unwrap(), (false, true));

    // redo re-applies in order, and what was redone can be undone again
    let redone = store.redo_step(s).unwrap();
    assert_eq!(redone.len(), 2);
    assert!(redone.iter().all(|e| e.verdict == Verdict::Disputed));
    let redone = store.redo_step(s).unwrap();
    assert_eq!(redone[0].verdict, Verdict::Verified);
    assert!(store.redo_step(s).unwrap().is_empty());
    assert_eq!(store.undo_step(s).unwrap()[0].verdict, Verdict::Disputed);

    // a new change ends the redo chain
    store
        .set_step(vec![change(&a).verdict(Verdict::False)], s)
        .unwrap();
    assert!(store.redo_step(s).unwrap().is_empty());
    assert_eq!(store.get(&b).unwrap().unwrap().verdict, Verdict::Disputed);

    // a field someone else changed since is kept by undo
    let other = open(&path, "ben");
    other.set(change(&a).note("ben's note")).unwrap();
    let undone = store.undo_step(s).unwrap();
    assert_eq!(undone[0].verdict, Verdict::Disputed);
    assert_eq!(undone[0].note, "ben's note");

    // the history records undo and redo rows, and survives reopening
    let actions: Vec<HistoryAction> = store
        .history(&b)
        .unwrap()
        .iter()
        .map(|h| h.action)
        .collect();
    assert!(actions.contains(&HistoryAction::Redo));
    drop(store);
    let again = open(&path, "ana");
    assert_eq!(again.step_state(s).unwrap(), (true, true));
    assert_eq!(again.step_state("wednesday").unwrap(), (false, false));
}
