//! Loading the 37k-article corpus: whole pipeline and its stages.
//! Throughput is in uncompressed bytes (MB/s) and in articles per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::corpus::{LoadOptions, build_article, load_paths, parse_json_record};
use std::hint::black_box;

#[path = "common.rs"]
mod common;

fn bench_load(c: &mut Criterion) {
    let Some(path) = common::big_corpus() else {
        return;
    };
    let bytes = common::big_corpus_bytes(&path);
    let lines: Vec<&[u8]> = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let n = lines.len() as u64;
    let opts = LoadOptions::default();

    let mut g = c.benchmark_group("load_37k");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("gz_file_to_articles", |b| {
        b.iter(|| {
            black_box(
                load_paths(std::slice::from_ref(&path), &opts)
                    .articles
                    .len(),
            )
        })
    });
    // The same corpus uncompressed, to separate gzip from parsing.
    let plain = std::env::temp_dir().join("newsdesk-bench-37k.jsonl");
    if std::fs::metadata(&plain).map(|m| m.len()).unwrap_or(0) != bytes.len() as u64 {
        std::fs::write(&plain, &bytes).unwrap();
    }
    g.bench_function("jsonl_file_to_articles", |b| {
        b.iter(|| {
            black_box(
                load_paths(std::slice::from_ref(&plain), &opts)
                    .articles
                    .len(),
            )
        })
    });
    g.bench_function("stage_decompress", |b| {
        b.iter(|| black_box(common::big_corpus_bytes(&path).len()))
    });
    g.bench_function("stage_parse_json", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter_map(|l| parse_json_record(l).ok())
                .count()
        })
    });
    let raws: Vec<_> = lines
        .iter()
        .filter_map(|l| parse_json_record(l).ok())
        .collect();
    g.bench_function("stage_infer", |b| {
        b.iter_batched(
            || raws.clone(),
            |raws| raws.into_iter().map(build_article).count(),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("load_37k_articles");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n));
    g.bench_function("gz_file_to_articles", |b| {
        b.iter(|| {
            black_box(
                load_paths(std::slice::from_ref(&path), &opts)
                    .articles
                    .len(),
            )
        })
    });
    g.bench_function("jsonl_file_to_articles", |b| {
        b.iter(|| {
            black_box(
                load_paths(std::slice::from_ref(&plain), &opts)
                    .articles
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
