//! Parity with the real spaCy, using the oracle written by
//! `tools/spacy_oracle.py` (`tests/data/spacy_oracle.jsonl`).
//!
//! The oracle stores only references to the texts: seed files are read from
//! the project's `seeds/`, corpus paragraphs are re-read from
//! `$NEWSDESK_SHARED/corpora/*` (default `../shared`) and skipped with a
//! message when the corpus is absent.
//!
//! `Model::analyze` (tokenizer + the NER component) is compared with spaCy's
//! NER component alone (`ents_ner_only`) and with the full pipeline
//! `nlp(text)` (`ents`), whose parser constrains NER at sentence starts.
//!
//! Run: `cargo test --release --test spacy_parity -- --nocapture`
//! (`NEWSDESK_ORACLE=path` tests against another oracle file, e.g. a bigger one
//! made with `tools/spacy_oracle.py --every 15 --out /tmp/oracle_big.jsonl`).

use std::collections::BTreeSet;

use newsdesk::nlp::spacy::Model;
use oracle::{char_index, char_slice, texts};

mod oracle;
use serde_json::Value;

#[test]
fn tokenizer_and_ner_parity() {
    let p = std::env::var("NEWSDESK_ORACLE").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/spacy_oracle.jsonl").to_string()
    });
    parity(&p);
}

/// Generated edge cases (whitespace variants, unicode, URLs, emoticons,
/// units, abbreviations), stored inline in the oracle.
#[test]
fn synthetic_edge_cases_parity() {
    parity(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/spacy_oracle_synthetic.jsonl"
    ));
}

type Ents = BTreeSet<(usize, usize, String)>;

fn ents(v: &Value) -> Ents {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
                e["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn parity(path: &str) {
    println!("oracle: {path}");
    let recs = oracle::records(path);
    let texts = texts(&recs);
    let model = Model::embedded();
    let (mut docs, mut tok_ok_docs, mut tok_total, mut tok_match) = (0, 0, 0usize, 0usize);
    let (mut ner_total, mut ner_found, mut ner_extra) = (0usize, 0usize, 0usize);
    let (mut full_total, mut full_found, mut full_extra) = (0usize, 0usize, 0usize);
    let mut shown = 0;
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        let Some(text) = texts.get(id) else { continue };
        docs += 1;
        let ci = char_index(text);
        let doc = model.analyze(text);
        let ours: Vec<(usize, usize)> = doc
            .tokens
            .iter()
            .map(|t| (ci[t.start], ci[t.end]))
            .collect();
        let theirs: Vec<(usize, usize)> = r["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_u64().unwrap() as usize,
                    p[1].as_u64().unwrap() as usize,
                )
            })
            .collect();
        tok_total += theirs.len();
        let ts: BTreeSet<_> = theirs.iter().collect();
        tok_match += ours.iter().filter(|t| ts.contains(t)).count();
        if ours == theirs {
            tok_ok_docs += 1;
        } else if shown < 20 {
            shown += 1;
            let os: BTreeSet<_> = ours.iter().collect();
            let miss: Vec<_> = theirs
                .iter()
                .filter(|t| !os.contains(t))
                .take(5)
                .map(|&(a, b)| char_slice(text, a, b))
                .collect();
            let extra: Vec<_> = ours
                .iter()
                .filter(|t| !ts.contains(t))
                .take(5)
                .map(|&(a, b)| char_slice(text, a, b))
                .collect();
            println!("TOKENS {id}: spaCy-only {miss:?} ours-only {extra:?}");
        }
        let got: Ents = doc
            .entities
            .iter()
            .map(|e| (ci[e.start], ci[e.end], e.label.to_string()))
            .collect();
        let want_ner = ents(&r["ents_ner_only"]);
        let want_full = ents(&r["ents"]);
        ner_total += want_ner.len();
        ner_found += want_ner.intersection(&got).count();
        ner_extra += got.difference(&want_ner).count();
        full_total += want_full.len();
        full_found += want_full.intersection(&got).count();
        full_extra += got.difference(&want_full).count();
        for e in want_ner.difference(&got) {
            println!(
                "MISSED (NER component) {id}: {:?} {}",
                char_slice(text, e.0, e.1),
                e.2
            );
        }
        for e in got.difference(&want_ner) {
            println!(
                "EXTRA  (NER component) {id}: {:?} {}",
                char_slice(text, e.0, e.1),
                e.2
            );
        }
        for e in want_full.difference(&got) {
            println!(
                "differs from the full pipeline {id}: spaCy has {:?} {}",
                char_slice(text, e.0, e.1),
                e.2
            );
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "docs {docs}/{}: tokens identical in {tok_ok_docs} docs; {tok_match}/{tok_total} spaCy tokens matched ({:.4}%)",
        recs.len(),
        pct(tok_match, tok_total)
    );
    println!(
        "entities vs spaCy's NER component: {ner_found}/{ner_total} found identically ({:.3}%), {ner_extra} extra",
        pct(ner_found, ner_total)
    );
    println!(
        "entities vs spaCy's full pipeline: {full_found}/{full_total} found identically ({:.3}%), {full_extra} extra",
        pct(full_found, full_total)
    );
    assert!(docs > 0);
    assert!(
        tok_match as f64 / tok_total as f64 >= 0.999,
        "tokenizer parity below 99.9%"
    );
    assert!(
        pct(ner_found, ner_total) >= 99.5,
        "entity parity with the NER component below 99.5%"
    );
    assert!(
        pct(full_found, full_total) >= 99.5,
        "entity parity with the full pipeline below 99.5%"
    );
}
