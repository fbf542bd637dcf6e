//! Throughput of `Model::analyze` on texts read from a file.
//!
//! Input: JSON Lines, one JSON string (or an object with a "text" field) per line.
//! Usage: cargo run --release --example ner_throughput -- FILE [--batch] [--repeat N]
//! Prints model load time, words/s (words = whitespace-separated, as Python's
//! `len(text.split())`), tokens and entities. `--batch` uses all cores
//! (`Model::analyze_batch`); otherwise one core.

use std::time::Instant;

use newsdesk::nlp::spacy::Model;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: ner_throughput FILE [--batch] [--repeat N]");
    let batch = args.iter().any(|a| a == "--batch");
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let texts: Vec<String> = std::fs::read_to_string(path)
        .expect("read input")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(
            |l| match serde_json::from_str::<serde_json::Value>(l).expect("json line") {
                serde_json::Value::String(s) => s,
                v => v["text"].as_str().expect("text field").to_string(),
            },
        )
        .collect();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let t0 = Instant::now();
    let model = Model::embedded();
    let load = t0.elapsed();
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    let mut best = f64::INFINITY;
    let (mut ntok, mut nent) = (0usize, 0usize);
    for _ in 0..repeat {
        let t = Instant::now();
        let docs: Vec<_> = if batch {
            model.analyze_batch(&refs)
        } else {
            refs.iter().map(|t| model.analyze(t)).collect()
        };
        let el = t.elapsed().as_secs_f64();
        best = best.min(el);
        ntok = docs.iter().map(|d| d.tokens.len()).sum();
        nent = docs.iter().map(|d| d.entities.len()).sum();
    }
    let mode = if batch {
        "batch-all-cores"
    } else {
        "single-core"
    };
    let load_ms = load.as_secs_f64() * 1000.0;
    let wps = words as f64 / best;
    println!(
        "{{\"load_ms\": {load_ms:.1}, \"texts\": {}, \"words\": {words}, \"tokens\": {ntok}, \"entities\": {nent}, \"seconds\": {best:.3}, \"words_per_sec\": {wps:.0}, \"mode\": \"{mode}\"}}",
        texts.len()
    );
}
