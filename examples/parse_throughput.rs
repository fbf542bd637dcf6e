//! Throughput of `Model::parse` (full pipeline) or `Model::parse_syntax`
//! (without NER) on texts read from a file.
//!
//! Input: JSON Lines, one JSON string (or an object with a "text" field) per line.
//! Usage: cargo run --release --example parse_throughput -- FILE [--syntax] [--batch] [--repeat N]
//! Prints model load time, words/s (words = whitespace-separated, as Python's
//! `len(text.split())`), tokens, sentences and entities. `--batch` uses all
//! cores (`Model::parse_batch`); otherwise one core.

use std::time::Instant;

use newsdesk::nlp::spacy::Model;

/// CPU seconds of this thread (Linux: /proc/thread-self/stat utime+stime at
/// 100 ticks/s), so a loaded machine does not distort the figure; NaN elsewhere.
fn thread_cpu() -> f64 {
    let Ok(s) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return f64::NAN;
    };
    let Some(rest) = s.rsplit_once(')').map(|x| x.1) else {
        return f64::NAN;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    // fields after the command: state is index 0, utime 11, stime 12
    match (
        f.get(11).and_then(|v| v.parse::<f64>().ok()),
        f.get(12).and_then(|v| v.parse::<f64>().ok()),
    ) {
        (Some(u), Some(st)) => (u + st) / 100.0,
        _ => f64::NAN,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: parse_throughput FILE [--syntax] [--batch] [--repeat N]");
    let batch = args.iter().any(|a| a == "--batch");
    let syntax = args.iter().any(|a| a == "--syntax");
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
    assert!(model.has_parser());
    let load = t0.elapsed();
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let (mut ntok, mut nsent, mut nent) = (0usize, 0usize, 0usize);
    for _ in 0..repeat {
        let t = Instant::now();
        let c0 = thread_cpu();
        let docs: Vec<_> = if batch {
            if syntax {
                use rayon::prelude::*;
                refs.par_iter().map(|t| model.parse_syntax(t)).collect()
            } else {
                model.parse_batch(&refs)
            }
        } else if syntax {
            refs.iter().map(|t| model.parse_syntax(t)).collect()
        } else {
            refs.iter().map(|t| model.parse(t)).collect()
        };
        let el = t.elapsed().as_secs_f64();
        best = best.min(el);
        best_cpu = best_cpu.min(thread_cpu() - c0);
        ntok = docs.iter().map(|d| d.tokens.len()).sum();
        nsent = docs.iter().map(|d| d.sentences().len()).sum();
        nent = docs.iter().map(|d| d.entities.len()).sum();
    }
    let mode = match (batch, syntax) {
        (true, true) => "syntax-batch-all-cores",
        (true, false) => "full-batch-all-cores",
        (false, true) => "syntax-single-core",
        (false, false) => "full-single-core",
    };
    let load_ms = load.as_secs_f64() * 1000.0;
    let wps = words as f64 / best;
    println!(
        "{{\"load_ms\": {load_ms:.1}, \"texts\": {}, \"words\": {words}, \"tokens\": {ntok}, \"sentences\": {nsent}, \"entities\": {nent}, \"seconds\": {best:.3}, \"words_per_sec\": {wps:.0}, \"cpu_seconds\": {best_cpu:.2}, \"mode\": \"{mode}\"}}",
        texts.len()
    );
}
