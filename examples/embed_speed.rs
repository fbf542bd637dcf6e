//! Throughput and memory of the sentence encoder on a file of sentences
//! (one a line), e.g. the corpus sentences `tools/minilm_oracle.py
//! --sentences-out FILE` writes; without a file, the seed articles' lines.
//!
//! `cargo run --release --example embed_speed -- [FILE] [--portable] [--threads N]`

use std::time::Instant;

use newsdesk::nlp::embed::{Encoder, Kernel};

fn rss_kib() -> (u64, u64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (get("VmRSS:"), get("VmHWM:"))
}

/// CPU seconds of the whole process (user + system, all threads).
fn cpu_secs() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<&str> = s
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let portable = args.iter().any(|a| a == "--portable");
    if let Some(i) = args.iter().position(|a| a == "--threads") {
        let n: usize = args[i + 1].parse().expect("--threads N");
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .unwrap();
    }
    let file = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--threads"))
        .map(|(_, a)| a.clone());
    let text = match &file {
        Some(f) => std::fs::read_to_string(f).expect("sentences file"),
        None => {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .expect("seeds")
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            files
                .iter()
                .map(|f| std::fs::read_to_string(f).unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let sents: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let (rss0, _) = rss_kib();
    let t = Instant::now();
    let own;
    let enc: &Encoder = if portable {
        own = Encoder::bundled_with(Kernel::Portable);
        &own
    } else {
        Encoder::embedded()
    };
    let load = t.elapsed();
    let (rss1, _) = rss_kib();
    // tokens the model runs: content tokens + [CLS]/[SEP] per window
    let tokens: usize = sents
        .iter()
        .map(|s| {
            let n = enc.tokenizer.tokenize(s).ids.len();
            n + 2 * n.div_ceil(254).max(1)
        })
        .sum();
    let _ = enc.embed(&sents); // warm-up
    let mut best = f64::MAX;
    let c0 = cpu_secs();
    for _ in 0..3 {
        let t = Instant::now();
        let v = enc.embed(&sents);
        best = best.min(t.elapsed().as_secs_f64());
        assert_eq!(v.len(), sents.len());
    }
    let cpu = (cpu_secs() - c0) / 3.0;
    let (rss2, hwm) = rss_kib();
    println!(
        "kernel {:?}, {} threads: {} sentences, {} tokens ({:.1}/sentence): best of 3 {:.3}s → {:.0} tokens/s, {:.1} sentences/s",
        enc.kernel(),
        rayon::current_num_threads(),
        sents.len(),
        tokens,
        tokens as f64 / sents.len() as f64,
        best,
        tokens as f64 / best,
        sents.len() as f64 / best
    );
    // on a shared machine the wall clock depends on the other load; CPU
    // time per run gives the rate of an idle core
    println!(
        "CPU time per run {:.2}s → {:.0} tokens per CPU-second, {:.0} tokens/s on {} idle cores ({:.1} sentences/s)",
        cpu,
        tokens as f64 / cpu,
        tokens as f64 / cpu * rayon::current_num_threads() as f64,
        rayon::current_num_threads(),
        sents.len() as f64 / cpu * rayon::current_num_threads() as f64
    );
    println!(
        "load {:.0} ms; weights in memory {:.1} MB; RSS before load {:.1} MB, after load {:.1} MB, after runs {:.1} MB (peak {:.1} MB)",
        load.as_secs_f64() * 1e3,
        enc.weight_bytes() as f64 / 1e6,
        rss0 as f64 / 1024.0,
        rss1 as f64 / 1024.0,
        rss2 as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
}
