//! What the oracle parity tests share (`spacy_parity`, `spacy_parse_parity`,
//! `embed_parity`): reading an oracle file and the texts its records name
//! (inline, a seed file, or a line of a corpus under `$NEWSDESK_SHARED`,
//! default `../shared`, checked against the recorded sha1).
#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use serde_json::Value;

pub fn shared() -> PathBuf {
    std::env::var_os("NEWSDESK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

pub fn records(p: &str) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap_or_else(|e| panic!("oracle file {p}: {e}"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn char_slice(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

/// Load the texts the oracle refers to. Returns id → text (missing corpora skipped).
pub fn texts(recs: &[Value]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut want: HashMap<String, BTreeSet<u64>> = HashMap::new();
    for r in recs {
        let id = r["id"].as_str().unwrap().to_string();
        match r["source"].as_str().unwrap() {
            "inline" => {
                out.insert(id, r["text"].as_str().unwrap().to_string());
            }
            "seed" => {
                let f = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("seeds")
                    .join(r["file"].as_str().unwrap());
                let t = std::fs::read_to_string(&f)
                    .unwrap_or_else(|e| panic!("seed {}: {e}", f.display()));
                out.insert(id, t);
            }
            src => {
                want.entry(src.to_string())
                    .or_default()
                    .insert(r["line"].as_u64().unwrap());
            }
        }
    }
    for (src, lines) in want {
        let gz = shared().join("corpora").join(format!("{src}.jsonl.gz"));
        let plain = shared().join("corpora").join(format!("{src}.jsonl"));
        let reader: Box<dyn BufRead> = if gz.exists() {
            Box::new(BufReader::new(flate2::read::GzDecoder::new(
                std::fs::File::open(&gz).unwrap(),
            )))
        } else if plain.exists() {
            Box::new(BufReader::new(std::fs::File::open(&plain).unwrap()))
        } else {
            eprintln!(
                "corpus {src} not found under {}: skipping its oracle records",
                shared().display()
            );
            continue;
        };
        let last = *lines.iter().next_back().unwrap();
        let mut articles: HashMap<u64, String> = HashMap::new();
        for (i, line) in reader.lines().enumerate() {
            let i = i as u64;
            if lines.contains(&i) {
                let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
                articles.insert(i, v["text"].as_str().unwrap().to_string());
            } else if i > last {
                break;
            }
        }
        for r in recs.iter().filter(|r| r["source"].as_str() == Some(&src)) {
            if let Some(a) = articles.get(&r["line"].as_u64().unwrap()) {
                let t = char_slice(
                    a,
                    r["start"].as_u64().unwrap() as usize,
                    r["end"].as_u64().unwrap() as usize,
                );
                out.insert(r["id"].as_str().unwrap().to_string(), t);
            }
        }
    }
    for r in recs {
        if let Some(t) = out.get(r["id"].as_str().unwrap()) {
            let sha = sha1_smol::Sha1::from(t.as_bytes()).digest().to_string();
            assert_eq!(
                sha,
                r["text_sha1"].as_str().unwrap(),
                "text changed for {}",
                r["id"]
            );
        }
    }
    out
}

/// byte offset → char offset table
pub fn char_index(text: &str) -> Vec<usize> {
    let mut v = vec![0usize; text.len() + 1];
    let mut ci = 0;
    for (bi, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            v[bi + k] = ci;
        }
        ci += 1;
    }
    v[text.len()] = ci;
    v
}
