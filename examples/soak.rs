//! The long fuzzing run: random inputs through every analysis entry point
//! (see `newsdesk::fuzzing`) for a given time, counting executions and
//! saving each failing input under `target/soak-failures/`.
//!
//! ```sh
//! cargo run --release --example soak -- --minutes 30 [--seed N]
//! ```
//!
//! Inputs alternate between arbitrary bytes for the loaders, arbitrary
//! Unicode, and texts assembled from `fuzzing::PIECES` (figures, hedges,
//! dates, quotes, escape sequences, invisible characters), plus mutations
//! (byte flips, splices) of the seeds.

use newsdesk::fuzzing::{PIECES, exercise_loader, exercise_pipeline};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn random_unicode(rng: &mut Rng, len: usize) -> String {
    (0..len)
        .filter_map(|_| {
            let c = match rng.below(10) {
                0..=4 => rng.below(0x80) as u32,
                5..=7 => rng.below(0x3000) as u32,
                8 => 0x2000 + rng.below(0x100) as u32,
                _ => rng.below(0x11_0000) as u32,
            };
            char::from_u32(c)
        })
        .collect()
}

fn news_like(rng: &mut Rng, seeds: &[&str]) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(120) {
        match rng.below(8) {
            0..=4 => out.push_str(PIECES[rng.below(PIECES.len())]),
            5 => out.push_str(&rng.below(1_000_000).to_string()),
            6 => {
                let s = seeds[rng.below(seeds.len())];
                let a = rng.below(s.len());
                let b = (a + rng.below(400)).min(s.len());
                if let Some(slice) = s.get(a..b) {
                    out.push_str(slice);
                }
            }
            _ => out.push_str(". "),
        }
        out.push(' ');
    }
    out
}

fn mutate(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(16) {
        if b.is_empty() {
            break;
        }
        let i = rng.below(b.len());
        match rng.below(3) {
            0 => b[i] = rng.next() as u8,
            1 => {
                b.remove(i);
            }
            _ => b.insert(i, rng.next() as u8),
        }
    }
    b
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let minutes = arg("--minutes").unwrap_or(1);
    let seed = arg("--seed").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
            | 1
    });
    println!("soak: {minutes} min, seed {seed}");
    let seeds: Vec<&str> = newsdesk::corpus::embedded_seeds()
        .iter()
        .map(|(_, t)| *t)
        .collect();
    let failures = std::path::Path::new("target/soak-failures");
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(minutes * 60);
    let (mut runs, mut loader_runs, mut pipeline_runs, mut found) = (0u64, 0u64, 0u64, 0u64);
    let mut last_report = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary folder");
    while Instant::now() < deadline {
        runs += 1;
        let kind = rng.below(5);
        let (label, input, result) = match kind {
            0 => {
                let len = rng.below(2000);
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                loader_runs += 1;
                let r = newsdesk::guard::catch("loader", || exercise_loader(dir.path(), &bytes));
                ("loader-bytes", bytes, r.and_then(|r| r.map(|_| ())))
            }
            1 => {
                let seed = seeds[rng.below(seeds.len())];
                let bytes = mutate(&mut rng, seed);
                loader_runs += 1;
                let r = newsdesk::guard::catch("loader", || exercise_loader(dir.path(), &bytes));
                ("loader-mutated", bytes, r.and_then(|r| r.map(|_| ())))
            }
            2 => {
                let texts: Vec<String> = (0..1 + rng.below(3))
                    .map(|_| random_unicode(&mut rng, 300))
                    .collect();
                pipeline_runs += 1;
                let r = newsdesk::guard::catch("pipeline", || exercise_pipeline(&texts));
                (
                    "pipeline-unicode",
                    texts.join("\n\u{1e}\n").into_bytes(),
                    r.and_then(|r| r),
                )
            }
            _ => {
                let texts: Vec<String> = (0..1 + rng.below(4))
                    .map(|_| news_like(&mut rng, &seeds))
                    .collect();
                pipeline_runs += 1;
                let r = newsdesk::guard::catch("pipeline", || exercise_pipeline(&texts));
                (
                    "pipeline-news",
                    texts.join("\n\u{1e}\n").into_bytes(),
                    r.and_then(|r| r),
                )
            }
        };
        if let Err(why) = result {
            found += 1;
            let _ = std::fs::create_dir_all(failures);
            let file = failures.join(format!("{label}-{seed}-{runs}.bin"));
            let _ = std::fs::write(&file, &input);
            println!(
                "FAILURE #{found} ({label}): {why}\n  input saved to {}",
                file.display()
            );
        }
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            println!(
                "… {runs} executions ({loader_runs} loader, {pipeline_runs} pipeline), {found} failures"
            );
        }
    }
    println!(
        "soak done: {runs} executions ({loader_runs} loader, {pipeline_runs} pipeline) in {minutes} min, {found} failures, seed {seed}"
    );
    if found > 0 {
        std::process::exit(1);
    }
}
