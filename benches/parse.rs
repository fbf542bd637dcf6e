//! Criterion benchmark: words/s of `Model::parse` (the full pipeline) and
//! `Model::parse_syntax` (without NER) on one core over news text.
//!
//! Text: every 7th article of the 37k-article corpus (see `benches/common.rs`)
//! up to ~20k words, or the seed files if the corpus is absent. Throughput is
//! reported in words (whitespace-separated). spaCy's figures on the same kind
//! of text: `python3 bench/spacy_parse_vs_rust.py`.
//! Run: `cargo bench --bench parse`

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::nlp::spacy::Model;

#[path = "common.rs"]
mod common;

fn texts() -> Vec<String> {
    let mut out = Vec::new();
    if let Some(gz) = common::big_corpus()
        && let Ok(f) = std::fs::File::open(&gz)
    {
        let mut words = 0;
        for (i, line) in BufReader::new(flate2::read::GzDecoder::new(f))
            .lines()
            .enumerate()
        {
            if i % 7 != 0 {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let t = v["text"].as_str().unwrap().to_string();
            words += t.split_whitespace().count();
            out.push(t);
            if words >= 20_000 {
                break;
            }
        }
    } else {
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for e in std::fs::read_dir(seeds).expect("seeds") {
            out.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let model = Model::embedded();
    assert!(model.has_parser());
    let mut g = c.benchmark_group("parse");
    g.sample_size(10);
    g.throughput(Throughput::Elements(words as u64));
    g.bench_function("parse_syntax_1core_words", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| model.parse_syntax(t).tokens.len())
                .sum::<usize>()
        })
    });
    g.bench_function("parse_full_1core_words", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| model.parse(t).tokens.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
