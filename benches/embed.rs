//! Criterion benchmark: sentences/s of `Encoder::embed` (all-MiniLM-L6-v2)
//! on news sentences, both cores (rayon), length-sorted packed batches.
//!
//! Sentences: the seed articles split by `nlp::sentences` (always there);
//! with `../shared/corpora/article_bias_37k.jsonl.gz` present (or
//! `$NEWSDESK_BIG_CORPUS`), also ~1,000 sentences of every 37th article.
//! Throughput is reported in sentences; the bench prints tokens per
//! sentence so tokens/s follows.
//! Run: `cargo bench --bench embed`

use std::io::{BufRead, BufReader};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::corpus::Span;
use newsdesk::nlp::embed::{Encoder, Kernel};
use newsdesk::nlp::sentences::split_sentences;

#[path = "common.rs"]
mod common;

fn sentences_of(text: &str, out: &mut Vec<String>) {
    let mut start = 0;
    for para in text.split('\n') {
        let p = Span::new(start, start + para.len());
        start += para.len() + 1;
        if para.trim().is_empty() {
            continue;
        }
        for s in split_sentences(text, &[p]) {
            out.push(text[s.start..s.end].to_string());
        }
    }
}

fn seed_sentences() -> Vec<String> {
    let mut out = Vec::new();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        sentences_of(&std::fs::read_to_string(f).unwrap(), &mut out);
    }
    out
}

fn corpus_sentences() -> Option<Vec<String>> {
    let gz = common::big_corpus()?;
    let f = std::fs::File::open(gz).ok()?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(flate2::read::GzDecoder::new(f))
        .lines()
        .enumerate()
    {
        if i % 37 != 0 {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        sentences_of(v["text"].as_str().unwrap(), &mut out);
        if out.len() >= 1000 {
            break;
        }
    }
    out.truncate(1000);
    Some(out)
}

fn bench(c: &mut Criterion) {
    let enc = Encoder::embedded();
    let mut sets = vec![("seeds", seed_sentences())];
    if let Some(s) = corpus_sentences() {
        sets.push(("news_1000", s));
    }
    let mut g = c.benchmark_group("embed");
    g.sample_size(10);
    for (name, sents) in &sets {
        let refs: Vec<&str> = sents.iter().map(|s| s.as_str()).collect();
        let tokens: usize = refs
            .iter()
            .map(|s| enc.tokenizer.tokenize(s).ids.len() + 2)
            .sum();
        eprintln!(
            "{name}: {} sentences, {:.1} tokens per sentence (with [CLS]/[SEP]), kernel {:?}",
            refs.len(),
            tokens as f64 / refs.len() as f64,
            enc.kernel()
        );
        g.throughput(Throughput::Elements(refs.len() as u64));
        g.bench_function(*name, |b| b.iter(|| enc.embed(&refs)));
        if *name == "seeds" {
            let portable = Encoder::bundled_with(Kernel::Portable);
            g.bench_function("seeds_portable", |b| b.iter(|| portable.embed(&refs)));
            g.bench_function("seeds_tokenize_only", |b| {
                b.iter(|| {
                    refs.iter()
                        .map(|s| enc.tokenizer.tokenize(s).ids.len())
                        .sum::<usize>()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
