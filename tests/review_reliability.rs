//! Crashes and concurrency, with real processes: the test executable
//! re-invokes itself (`current_exe()` + an environment variable) to run the
//! child side of a test.
//!
//! * `kill_9_during_a_burst_of_saves_loses_nothing_acknowledged`: a child
//!   saves as fast as it can and prints an acknowledgement after each `set`
//!   returns; the parent SIGKILLs it at a random point, reopens the store,
//!   and checks that every acknowledged save is there and the file passes
//!   `PRAGMA integrity_check`. Five rounds on one store (each round also
//!   re-checks the earlier rounds' saves after recovering).
//! * `two_processes_writing_at_once_lose_nothing`: two children write
//!   hundreds of changes each, to the same items, different and same
//!   fields; no error, every change is in the history exactly once, each
//!   history row starts from the state the previous one left (no lost
//!   update), and the final state is the last writer's per field.

mod common;

use newsdesk::review::*;
use rusqlite::Connection;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const H: &str = "00000000000000000000000000000000";
const VERDICTS: [Verdict; 5] = [
    Verdict::Verified,
    Verdict::Disputed,
    Verdict::False,
    Verdict::NeedsSource,
    Verdict::Unchecked,
];

fn key(slot: usize) -> ItemKey {
    ItemKey::span(ItemKind::Claim, H, slot, slot + 1)
}

fn integrity(path: &Path) -> String {
    let c = Connection::open(path).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

// ----- kill -9 -----

const KILL_ENV: &str = "REVIEWPORT_KILL_CHILD";
const SLOTS: usize = 37;

fn kill_change(round: usize, i: usize) -> Change {
    Change::new(
        key(round * 100 + i % SLOTS),
        "a.md",
        format!("claim text {i}"),
    )
    .verdict(VERDICTS[i % 4])
    .note(format!("n{i}"))
}

#[test]
fn kill_child() {
    let Ok(spec) = std::env::var(KILL_ENV) else {
        return;
    };
    let (round, path) = spec.split_once(':').unwrap();
    let round: usize = round.parse().unwrap();
    let store = Store::open(Path::new(path), "child").unwrap();
    println!("@@open");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut i = 0;
    while Instant::now() < deadline {
        store.set(kill_change(round, i)).unwrap();
        println!("@@ack {i}");
        i += 1;
    }
}

#[test]
fn kill_9_during_a_burst_of_saves_loses_nothing_acknowledged() {
    let dir = common::tempdir();
    let path = dir.path().join("review.db");
    let mut rng = common::Rng::from_clock();
    println!("seed {}", rng.0);
    let mut rounds: Vec<(usize, Option<usize>)> = Vec::new(); // (round, last ack)
    for round in 0..5 {
        // round 0 is killed at once, maybe while creating the store
        let kill_after = if round == 0 {
            0
        } else {
            20 + rng.below(300) as usize
        };
        let mut child = common::child_command(
            "kill_child",
            &[(KILL_ENV, &format!("{round}:{}", path.display()))],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut acks = 0;
        let mut last_ack = None;
        let mut killed = false;
        if kill_after == 0 {
            child.kill().unwrap(); // SIGKILL
            killed = true;
        }
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(p) = line.find("@@ack ") {
                let i: usize = line[p + 6..].trim().parse().unwrap();
                assert_eq!(Some(i), last_ack.map_or(Some(0), |l: usize| Some(l + 1)));
                last_ack = Some(i);
                acks += 1;
                if !killed && acks >= kill_after {
                    child.kill().unwrap(); // SIGKILL, mid-burst
                    killed = true;
                }
            }
        }
        let status = child.wait().unwrap();
        assert!(!status.success(), "the child was killed, not finished");
        println!("round {round}: killed after {acks} acknowledged saves");
        rounds.push((round, last_ack));

        // recover: a new process opens the store after the crash
        let store = Store::open(&path, "parent").unwrap();
        assert_eq!(integrity(&path), "ok");
        store.verify().unwrap();
        for &(r, last) in &rounds {
            let Some(last) = last else { continue };
            for slot in 0..SLOTS.min(last + 1) {
                // the last acknowledged save to this slot, or the one after
                // it that was in flight when the child died
                let acked = (0..=last).rev().find(|i| i % SLOTS == slot).unwrap();
                let e = store
                    .get(&key(r * 100 + slot))
                    .unwrap()
                    .unwrap_or_else(|| panic!("round {r}: acknowledged save {acked} lost"));
                let n: usize = e.note[1..].parse().unwrap();
                assert!(
                    n == acked || n == last + 1,
                    "round {r} slot {slot}: note {} but acked {acked}",
                    e.note
                );
                assert_eq!(e.verdict, VERDICTS[n % 4]);
                assert_eq!(e.text, format!("claim text {n}"));
            }
            let recorded: usize = (0..SLOTS)
                .map(|s| store.history(&key(r * 100 + s)).unwrap().len())
                .sum();
            assert!(
                recorded == last + 1 || recorded == last + 2,
                "round {r}: {recorded} history rows for {} acks",
                last + 1
            );
        }
    }
}

// ----- two writers -----

const WRITER_ENV: &str = "REVIEWPORT_WRITER_CHILD";
const WRITES: usize = 300;
const ITEMS: usize = 40;

/// The i-th change of writer `who` ("A" or "B").
fn writer_change(who: &str, i: usize) -> Change {
    let (slot, verdict, note) = match who {
        // A: verdict every time, note every other time
        "A" => (
            i % ITEMS,
            Some(VERDICTS[(i / ITEMS + i) % 5]),
            i.is_multiple_of(2).then(|| format!("A{i}")),
        ),
        // B: note every time, verdict every third time, other order of items
        _ => (
            (i * 7) % ITEMS,
            i.is_multiple_of(3).then(|| VERDICTS[(i + 2) % 5]),
            Some(format!("B{i}")),
        ),
    };
    let mut c = Change::new(key(1000 + slot), "a.md", format!("text {slot}"));
    c.verdict = verdict;
    c.note = note;
    c
}

#[test]
fn writer_child() {
    let Ok(spec) = std::env::var(WRITER_ENV) else {
        return;
    };
    let (who, path) = spec.split_once(':').unwrap();
    let path = PathBuf::from(path);
    let store = Store::open(&path, who).unwrap();
    println!("@@ready");
    let go = path.with_file_name("go");
    let t = Instant::now();
    while !go.exists() {
        assert!(t.elapsed() < Duration::from_secs(20), "no go");
        std::thread::sleep(Duration::from_millis(1));
    }
    for i in 0..WRITES {
        // an uneven pace (0–2 ms between saves, bursts of none), so that the
        // writers' transactions interleave rather than run one after the other
        if !i.is_multiple_of(4) {
            std::thread::sleep(Duration::from_micros((i as u64 * 7919) % 2000));
        }
        if let Err(e) = store.set(writer_change(who, i)) {
            println!("@@error {i} {e}");
            std::process::exit(3);
        }
    }
    println!("@@done");
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let dir = common::tempdir();
    let path = dir.path().join("review.db");
    let spawn = |who: &str| {
        common::child_command(
            "writer_child",
            &[(WRITER_ENV, &format!("{who}:{}", path.display()))],
        )
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
    };
    let mut children = [spawn("A"), spawn("B")];
    let mut outputs: Vec<_> = children
        .iter_mut()
        .map(|c| BufReader::new(c.stdout.take().unwrap()).lines())
        .collect();
    for out in &mut outputs {
        assert!(out.by_ref().any(|l| l.unwrap().contains("@@ready")));
    }
    std::fs::write(dir.path().join("go"), b"").unwrap();
    let t = Instant::now();
    for (child, out) in children.iter_mut().zip(outputs) {
        let rest: Vec<String> = out.map(|l| l.unwrap()).collect();
        let status = child.wait().unwrap();
        assert!(
            status.success() && rest.iter().any(|l| l.contains("@@done")),
            "{rest:?}"
        );
    }
    println!("2 × {WRITES} contended durable saves in {:?}", t.elapsed());

    let store = Store::open(&path, "check").unwrap();
    assert_eq!(integrity(&path), "ok");
    let mut notes_seen: HashMap<String, usize> = HashMap::new();
    let mut all_rows = Vec::new();
    for slot in 0..ITEMS {
        let k = key(1000 + slot);
        let hist = store.history(&k).unwrap();
        all_rows.extend(hist.iter().map(|r| (r.id, r.editor.clone())));
        let (mut v, mut n) = (Verdict::Unchecked, String::new());
        for row in &hist {
            // each change started from the state the previous one left
            assert_eq!(
                (row.old_verdict, &row.old_note),
                (v, &n),
                "lost update on {k}: {row:?}"
            );
            v = row.new_verdict;
            n = row.new_note.clone();
            if row.new_note != row.old_note {
                assert!(row.new_note.starts_with(&row.editor), "{row:?}");
                *notes_seen.entry(row.new_note.clone()).or_default() += 1;
            }
        }
        let e = store.get(&k).unwrap().unwrap();
        assert_eq!(
            (e.verdict, e.note),
            (v, n),
            "final state is the last writer's per field"
        );
    }
    // the writers really overlapped: their commits interleave
    all_rows.sort();
    let switches = all_rows.windows(2).filter(|w| w[0].1 != w[1].1).count();
    println!("{switches} switches between writers in commit order");
    assert!(
        switches >= 10,
        "writers did not overlap ({switches} switches)"
    );
    // every note either writer set is recorded exactly once
    let expected: Vec<String> = (0..WRITES)
        .flat_map(|i| [writer_change("A", i).note, writer_change("B", i).note])
        .flatten()
        .collect();
    assert_eq!(expected.len(), WRITES / 2 + WRITES);
    for note in &expected {
        assert_eq!(notes_seen.get(note), Some(&1), "note {note}");
    }
    assert_eq!(notes_seen.len(), expected.len());
}
