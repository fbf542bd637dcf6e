//! Parity of `nlp::embed` with the real all-MiniLM-L6-v2
//! (sentence-transformers), using the oracle written by
//! `tools/minilm_oracle.py` (`tests/data/minilm_oracle.jsonl`).
//!
//! The oracle stores only references to the news texts (source, line, char
//! offsets, SHA-1): they are re-read from `$NEWSDESK_SHARED/corpora/*`
//! (default `../shared`) and skipped with a message when absent. The
//! synthetic edge cases carry their text inline and always run.
//!
//! Run: `cargo test --release --test embed_parity -- --nocapture`

use std::collections::HashMap;

use base64::Engine as _;
use oracle::texts;

mod oracle;

use newsdesk::nlp::embed::{DIM, Encoder, Kernel, weights::f16_to_f32};
use serde_json::Value;

fn oracle() -> Vec<Value> {
    let p = std::env::var("NEWSDESK_EMBED_ORACLE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/minilm_oracle.jsonl"
        )
        .to_string()
    });
    oracle::records(&p)
}

fn expected(r: &Value) -> Option<Vec<f32>> {
    let b = r["embedding_f16"].as_str()?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b).unwrap();
    assert_eq!(bytes.len(), 2 * DIM);
    Some(
        bytes
            .chunks_exact(2)
            .map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
            .collect(),
    )
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    let d: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let n: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    d / n
}

#[test]
fn tokenizer_ids_match_hf() {
    let recs = oracle();
    let texts = texts(&recs);
    let enc = Encoder::embedded();
    let (mut n, mut bad) = (0, Vec::new());
    for r in &recs {
        let Some(t) = texts.get(r["id"].as_str().unwrap()) else {
            continue;
        };
        n += 1;
        let want: Vec<u32> = r["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let got = enc.tokenizer.tokenize(t).ids;
        if got != want {
            let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            bad.push(format!(
                "{}: first difference at token {at}: got {:?} want {:?}",
                r["id"],
                &got[at..(at + 5).min(got.len())],
                &want[at..(at + 5).min(want.len())]
            ));
        }
    }
    eprintln!(
        "tokenizer: {} of {n} texts give the HF ids exactly",
        n - bad.len()
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(n >= 50);
}

#[test]
fn embeddings_match_sentence_transformers() {
    let recs = oracle();
    let texts = texts(&recs);
    let enc = Encoder::embedded();
    let avail: Vec<&Value> = recs
        .iter()
        .filter(|r| texts.contains_key(r["id"].as_str().unwrap()))
        .collect();
    let strs: Vec<&str> = avail
        .iter()
        .map(|r| texts[r["id"].as_str().unwrap()].as_str())
        .collect();
    let got = enc.embed(&strs);
    let mut stats: HashMap<&str, (usize, f32, f64, String)> = HashMap::new();
    let mut fails = Vec::new();
    for (r, g) in avail.iter().zip(&got) {
        let id = r["id"].as_str().unwrap();
        let group = if r["source"] == "inline" {
            "synthetic"
        } else {
            "news"
        };
        match (expected(r), g) {
            (None, None) => {}
            (None, Some(_)) => fails.push(format!("{id}: expected no embedding")),
            (Some(_), None) => fails.push(format!("{id}: expected an embedding, got None")),
            (Some(e), Some(g)) => {
                let norm: f32 = g.to_vec().iter().map(|v| v * v).sum::<f32>().sqrt();
                assert!((norm - 1.0).abs() < 1e-4, "{id}: norm {norm}");
                let c = cos(&g.to_vec(), &e);
                let s = stats.entry(group).or_insert((0, 2.0, 0.0, String::new()));
                s.0 += 1;
                if c < s.1 {
                    s.1 = c;
                    s.3 = id.to_string();
                }
                s.2 += c as f64;
                if c < 0.99 {
                    fails.push(format!("{id}: cosine {c:.5} < 0.99"));
                }
            }
        }
    }
    for (g, (n, min, sum, at)) in &stats {
        eprintln!(
            "{g}: {n} embeddings, cosine min {min:.5} ({at}) mean {:.5} [kernel {:?}]",
            sum / *n as f64,
            enc.kernel()
        );
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
    assert!(stats.get("synthetic").is_some_and(|s| s.0 >= 30));
}

#[test]
fn portable_kernel_gives_the_same_embeddings() {
    let recs = oracle();
    let texts = texts(&recs);
    let mut strs: Vec<&str> = recs
        .iter()
        .filter_map(|r| texts.get(r["id"].as_str().unwrap()).map(|s| s.as_str()))
        .collect();
    strs.truncate(120);
    let a = Encoder::embedded().embed(&strs);
    let b = Encoder::bundled_with(Kernel::Portable).embed(&strs);
    // the integer products are exact and the float code is shared, so the
    // kernels agree bit for bit
    assert_eq!(a, b);
}
