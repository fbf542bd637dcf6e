//! Review store with 100 000 entries: open, all(), get, set (durable).
//!
//! `CARGO_TARGET_DIR=/work/target-review cargo bench --bench store`
//! The store is built once in a temporary directory (one `set_many`).

use criterion::{Criterion, criterion_group, criterion_main};
use newsdesk::review::{Change, ItemKey, ItemKind, Store, Verdict, content_hash};
use std::hint::black_box;
use std::time::Duration;

const N: usize = 100_000;

fn key(h: &str, i: usize) -> ItemKey {
    ItemKey::span(ItemKind::Sentence, h, i * 10, i * 10 + 9)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let h = content_hash("bench corpus");
    {
        let store = Store::open(&path, "seed").unwrap();
        let changes = (0..N)
            .map(|i| {
                Change::new(
                    key(&h, i),
                    format!("article-{}.md", i / 50),
                    "A typical sentence of a news article, about a hundred characters long, give or take a few words.",
                )
                .verdict(Verdict::Verified)
                .note("checked against the agency wire")
            })
            .collect();
        assert_eq!(store.set_many(changes).unwrap(), N);
    }
    eprintln!("store: {} bytes", std::fs::metadata(&path).unwrap().len());

    let mut g = c.benchmark_group("store_100k");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("open", |b| {
        b.iter(|| black_box(Store::open(&path, "ana").unwrap()))
    });
    g.bench_function("open_read_only", |b| {
        b.iter(|| black_box(Store::open_read_only(&path).unwrap()))
    });
    let store = Store::open(&path, "ana").unwrap();
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("all", |b| b.iter(|| black_box(store.all().unwrap().len())));
    g.sample_size(50).measurement_time(Duration::from_secs(5));
    let mut i = 0usize;
    g.bench_function("get", |b| {
        b.iter(|| {
            i = (i + 7919) % N;
            black_box(store.get(&key(&h, i)).unwrap())
        })
    });
    let (v, _) = store.changes_since(0).unwrap();
    g.bench_function("changes_since_current", |b| {
        b.iter(|| black_box(store.changes_since(v).unwrap()))
    });
    let mut n = 0usize;
    g.bench_function("set_durable", |b| {
        b.iter(|| {
            n += 1;
            let k = key(&h, (n * 7919) % N);
            black_box(
                store
                    .set(Change::new(k, "", "").note(format!("note {n}")))
                    .unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
