//! Parity of `Model::parse` with spaCy's full pipeline (`nlp(text)`), using
//! the oracle written by `tools/spacy_parse_oracle.py`
//! (`tests/data/spacy_parse_oracle.jsonl`, corpus texts by reference, and
//! `tests/data/spacy_parse_oracle_synthetic.jsonl`, generated and degenerate
//! texts inline).
//!
//! Per token it compares the tag, UPOS, morphology, lemma, dependency label
//! and head; per document the sentence starts and the entities. Corpus texts
//! are re-read from `$NEWSDESK_SHARED/corpora/*` (default `../shared`) and
//! skipped with a message when the corpus is absent.
//!
//! Run: `cargo test --release --test spacy_parse_parity -- --nocapture`
//! (`NEWSDESK_PARSE_ORACLE=path` tests against another oracle file).

use std::collections::BTreeSet;

use newsdesk::nlp::spacy::Model;
use oracle::{char_index, char_slice, texts};

mod oracle;

/// Python's `str.lower()`, which the oracle's lemma edits are relative to.
fn py_lower(s: &str) -> String {
    Model::embedded().lower(s)
}

/// Undo the oracle's lemma edit (see `tools/spacy_parse_oracle.py`).
fn apply_edit(text: &str, edit: &str) -> String {
    if edit == "=" {
        return text.to_string();
    }
    if edit == "L" {
        return py_lower(text);
    }
    if let Some(l) = edit.strip_prefix('!') {
        return l.to_string();
    }
    let (k, suf) = edit.split_once('|').expect("lemma edit");
    let low: Vec<char> = py_lower(text).chars().collect();
    let k: usize = k.parse().unwrap();
    let mut s: String = low[..low.len() - k].iter().collect();
    s.push_str(suf);
    s
}

#[derive(Default)]
struct Tally {
    docs: usize,
    tokens: usize,
    aligned_docs: usize,
    tag: usize,
    pos: usize,
    morph: usize,
    lemma: usize,
    dep: usize,
    head: usize,
    all: usize,
    docs_identical: usize,
    sent_docs: usize,
    ents: usize,
    ents_found: usize,
    ents_extra: usize,
}

fn run(path: &str) -> Tally {
    println!("oracle: {path}");
    let recs = oracle::records(path);
    let texts = texts(&recs);
    let model = Model::embedded();
    let mut t = Tally::default();
    let mut shown = 0;
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        let Some(text) = texts.get(id) else { continue };
        t.docs += 1;
        let ci = char_index(text);
        let doc = model.parse(text);
        let want = r["tokens"].as_array().unwrap();
        t.tokens += want.len();
        let ours: Vec<(usize, usize)> = doc
            .tokens
            .iter()
            .map(|t| (ci[t.start], ci[t.end]))
            .collect();
        let theirs: Vec<(usize, usize)> = want
            .iter()
            .map(|w| {
                (
                    w[0].as_u64().unwrap() as usize,
                    w[1].as_u64().unwrap() as usize,
                )
            })
            .collect();
        if ours != theirs {
            println!("TOKENS differ in {id}: skipping its annotations");
            continue;
        }
        t.aligned_docs += 1;
        let mut identical = true;
        for (i, (w, o)) in want.iter().zip(&doc.tokens).enumerate() {
            let word = char_slice(text, theirs[i].0, theirs[i].1);
            let lemma = apply_edit(&word, w[5].as_str().unwrap());
            let ok = [
                w[2].as_str() == Some(o.tag),
                w[3].as_str() == Some(o.pos),
                w[4].as_str() == Some(o.morph),
                lemma == o.lemma,
                w[6].as_str() == Some(o.dep),
                w[7].as_u64() == Some(o.head as u64),
            ];
            t.tag += ok[0] as usize;
            t.pos += ok[1] as usize;
            t.morph += ok[2] as usize;
            t.lemma += ok[3] as usize;
            t.dep += ok[4] as usize;
            t.head += ok[5] as usize;
            if ok.iter().all(|&b| b) {
                t.all += 1;
            } else {
                identical = false;
                if shown < 40 {
                    shown += 1;
                    println!(
                        "DIFF {id} token {i} {word:?}: spaCy {}/{}/{}/{lemma:?}/{}/{} ours {}/{}/{}/{:?}/{}/{}",
                        w[2], w[3], w[4], w[6], w[7], o.tag, o.pos, o.morph, o.lemma, o.dep, o.head
                    );
                }
            }
        }
        let ss: Vec<u64> = r["sent_starts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let ours_ss: Vec<u64> = doc
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.sent_start)
            .map(|(i, _)| i as u64)
            .collect();
        if ss == ours_ss {
            t.sent_docs += 1;
        } else {
            identical = false;
            println!("SENTS differ in {id}");
        }
        let want_ents: BTreeSet<(u64, u64, String)> = r["ents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["start"].as_u64().unwrap(),
                    e["end"].as_u64().unwrap(),
                    e["label"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let got: BTreeSet<(u64, u64, String)> = doc
            .entities
            .iter()
            .map(|e| (ci[e.start] as u64, ci[e.end] as u64, e.label.to_string()))
            .collect();
        t.ents += want_ents.len();
        t.ents_found += want_ents.intersection(&got).count();
        t.ents_extra += got.difference(&want_ents).count();
        if want_ents != got {
            identical = false;
            for e in want_ents.symmetric_difference(&got) {
                println!(
                    "ENTS differ in {id}: {:?} {} ({})",
                    char_slice(text, e.0 as usize, e.1 as usize),
                    e.2,
                    if got.contains(e) {
                        "ours only"
                    } else {
                        "spaCy only"
                    }
                );
            }
        }
        t.docs_identical += identical as usize;
    }
    let pct = |a: usize| 100.0 * a as f64 / t.tokens.max(1) as f64;
    println!(
        "docs {}/{} ({} with identical tokens, {} identical in every annotation); tokens {}",
        t.docs,
        recs.len(),
        t.aligned_docs,
        t.docs_identical,
        t.tokens
    );
    println!(
        "tag {:.3}%  pos {:.3}%  morph {:.3}%  lemma {:.3}%  dep {:.3}%  head {:.3}%  all six {:.3}%",
        pct(t.tag),
        pct(t.pos),
        pct(t.morph),
        pct(t.lemma),
        pct(t.dep),
        pct(t.head),
        pct(t.all)
    );
    println!(
        "sentence starts identical in {}/{} docs; entities (full pipeline) {}/{} found identically, {} extra",
        t.sent_docs, t.aligned_docs, t.ents_found, t.ents, t.ents_extra
    );
    t
}

fn check(t: &Tally) {
    assert!(t.docs > 0, "no oracle text could be read");
    let min = 0.99 * t.tokens as f64;
    for (name, v) in [
        ("tag", t.tag),
        ("lemma", t.lemma),
        ("dep", t.dep),
        ("head", t.head),
    ] {
        assert!(v as f64 >= min, "{name} parity below 99%: {v}/{}", t.tokens);
    }
    assert!(
        t.ents_found as f64 >= 0.99 * t.ents as f64,
        "entity parity with the full pipeline below 99%"
    );
}

#[test]
fn parse_parity_corpus() {
    let p = std::env::var("NEWSDESK_PARSE_ORACLE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/spacy_parse_oracle.jsonl"
        )
        .to_string()
    });
    check(&run(&p));
}

/// Generated edge cases and degenerate texts (tables, a 3,000-word
/// sentence, punctuation runs), stored inline.
#[test]
fn parse_parity_synthetic() {
    check(&run(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/spacy_parse_oracle_synthetic.jsonl"
    )));
}
