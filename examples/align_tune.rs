//! Tunes and evaluates sentence alignment against the hand-aligned gold
//! (`tests/data/align_gold.jsonl`, see `tools/align/README.md`), in process:
//! each article is analysed and embedded once, then every option setting is
//! scored. Tuning uses the even-numbered pairs; the odd ones are held out.
//!
//! ```sh
//! cargo run --release --example align_tune [-- CORPUS.jsonl] [--sweep] [--dump FILE]
//! ```
//! Without `--sweep` it scores the default options only.

use newsdesk::compare::align::{AlignOptions, align, pair_evidence};
use newsdesk::compare::idf::{DocFreq, Idf};
use newsdesk::corpus::{Article, RawArticle, build_article};
use newsdesk::nlp::{Analysis, analyze};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

struct Pair {
    left: (Article, Analysis),
    right: (Article, Analysis),
    left_spans: Vec<(usize, usize)>,
    right_spans: Vec<(usize, usize)>,
    same: BTreeSet<(usize, usize)>,
    all: BTreeSet<(usize, usize)>,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    ours: usize,
    right: usize,
    same: usize,
    same_found: usize,
    all: usize,
    all_found: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.ours += o.ours;
        self.right += o.right;
        self.same += o.same;
        self.same_found += o.same_found;
        self.all += o.all;
        self.all_found += o.all_found;
    }
    fn p(&self) -> f64 {
        self.right as f64 / self.ours.max(1) as f64
    }
    fn rs(&self) -> f64 {
        self.same_found as f64 / self.same.max(1) as f64
    }
    fn ra(&self) -> f64 {
        self.all_found as f64 / self.all.max(1) as f64
    }
    fn show(&self) -> String {
        format!(
            "precision {}/{} = {:.3}; recall same {}/{} = {:.3}; recall all {}/{} = {:.3}",
            self.right,
            self.ours,
            self.p(),
            self.same_found,
            self.same,
            self.rs(),
            self.all_found,
            self.all,
            self.ra()
        )
    }
}

/// The gold sentence overlapping a char span most.
fn best(spans: &[(usize, usize)], s: usize, e: usize) -> Option<usize> {
    let scores: Vec<usize> = spans
        .iter()
        .map(|&(a, b)| e.min(b).saturating_sub(s.max(a)))
        .collect();
    let (i, &m) = scores.iter().enumerate().max_by_key(|(_, v)| **v)?;
    (m > 0).then_some(i)
}

fn score(p: &Pair, idf: &Idf, opts: &AlignOptions) -> Tally {
    let (la, lan) = (&p.left.0, &p.left.1);
    let (ra, ran) = (&p.right.0, &p.right.1);
    let al = align(la, lan, ra, ran, idf, opts);
    let mut t = Tally {
        same: p.same.len(),
        all: p.all.len(),
        ..Default::default()
    };
    let mut found = BTreeSet::new();
    for pair in &al.pairs {
        let ls = la.char_span(lan.sentences[pair.left].span);
        let rs = ra.char_span(ran.sentences[pair.right].span);
        let (Some(i), Some(j)) = (
            best(&p.left_spans, ls.start, ls.end),
            best(&p.right_spans, rs.start, rs.end),
        ) else {
            t.ours += 1;
            continue;
        };
        t.ours += 1;
        if p.all.contains(&(i, j)) {
            t.right += 1;
            found.insert((i, j));
        }
    }
    t.same_found = p.same.intersection(&found).count();
    t.all_found = p.all.intersection(&found).count();
    t
}

/// Writes every candidate pair of every gold pair with its evidence and its
/// gold label, one JSON line each, for offline study of the scoring.
fn dump(pairs: &[Pair], idf: &Idf, path: &str) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("dump file"));
    for (k, p) in pairs.iter().enumerate() {
        let (la, lan) = (&p.left.0, &p.left.1);
        let (ra, ran) = (&p.right.0, &p.right.1);
        let (nl, nr) = (lan.sentences.len(), ran.sentences.len());
        let head =
            serde_json::json!({"pair": k, "gold_all": p.all.len(), "gold_same": p.same.len()});
        writeln!(out, "{head}").expect("write");
        for e in pair_evidence(la, lan, ra, ran, idf, &AlignOptions::default()) {
            let ls = la.char_span(lan.sentences[e.left].span);
            let rs = ra.char_span(ran.sentences[e.right].span);
            let gi = best(&p.left_spans, ls.start, ls.end);
            let gj = best(&p.right_spans, rs.start, rs.end);
            let label = match (gi, gj) {
                (Some(i), Some(j)) if p.same.contains(&(i, j)) => "same",
                (Some(i), Some(j)) if p.all.contains(&(i, j)) => "partial",
                _ => "none",
            };
            let line = serde_json::json!({
                "pair": k, "nl": nl, "nr": nr, "gi": gi, "gj": gj, "label": label,
                "lwords": la.text(lan.sentences[e.left].span).split_whitespace().count(),
                "rwords": ra.text(ran.sentences[e.right].span).split_whitespace().count(),
                "ev": e,
            });
            writeln!(out, "{line}").expect("write");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sweep = args.iter().any(|a| a == "--sweep");
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = args
        .iter()
        .enumerate()
        .find(|(k, a)| !a.starts_with("--") && (*k == 0 || args[k - 1] != "--dump"))
        .map(|(_, a)| a)
        .cloned()
        .unwrap_or_else(|| {
            root.join("../shared/corpora/giveme5w1h_gold_standard.jsonl")
                .display()
                .to_string()
        });
    let Ok(text) = std::fs::read_to_string(&corpus) else {
        eprintln!("align_tune: {corpus} not found; skipping");
        return;
    };
    let mut index: HashMap<(String, String, String), Value> = HashMap::new();
    for line in text.lines() {
        let r: Value = serde_json::from_str(line).expect("corpus JSON");
        let k = (
            r["cluster_id"].as_str().unwrap_or("").to_string(),
            r["outlet"].as_str().unwrap_or("").to_string(),
            r["url"].as_str().unwrap_or("").to_string(),
        );
        index.insert(k, r);
    }
    let gold = std::fs::read_to_string(root.join("tests/data/align_gold.jsonl")).expect("gold");
    let mut pairs = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).expect("gold JSON");
        let side = |name: &str| {
            let k = &g[name];
            let r = &index[&(
                k["cluster_id"].as_str().unwrap().to_string(),
                k["outlet"].as_str().unwrap().to_string(),
                k["url"].as_str().unwrap().to_string(),
            )];
            let mut a = build_article(RawArticle {
                id: Some(name.to_string()),
                title: r["title"].as_str().map(str::to_string),
                outlet: r["outlet"].as_str().map(str::to_string),
                published: r["date"].as_str().map(str::to_string),
                body: r["text"].as_str().unwrap().to_string(),
                ..Default::default()
            });
            a.id = name.to_string();
            let an = analyze(&a);
            an.sentence_vectors(&a);
            (a, an)
        };
        let spans = |name: &str| -> Vec<(usize, usize)> {
            g[name]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s[0].as_u64().unwrap() as usize,
                        s[1].as_u64().unwrap() as usize,
                    )
                })
                .collect()
        };
        let links = |name: &str| -> BTreeSet<(usize, usize)> {
            g[name]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p[0].as_u64().unwrap() as usize,
                        p[1].as_u64().unwrap() as usize,
                    )
                })
                .collect()
        };
        let same = links("same");
        let mut all = links("partial");
        all.extend(same.iter().copied());
        pairs.push(Pair {
            left: side("left"),
            right: side("right"),
            left_spans: spans("left_sentences"),
            right_spans: spans("right_sentences"),
            same,
            all,
        });
    }
    let idf = Idf::new(DocFreq::background());
    if let Some(k) = args.iter().position(|a| a == "--dump") {
        dump(
            &pairs,
            &idf,
            args.get(k + 1)
                .map(String::as_str)
                .unwrap_or("align_evidence.jsonl"),
        );
        return;
    }
    let eval = |opts: &AlignOptions, which: &dyn Fn(usize) -> bool| {
        let mut t = Tally::default();
        for (_, p) in pairs.iter().enumerate().filter(|(k, _)| which(*k)) {
            t.add(score(p, &idf, opts));
        }
        t
    };
    let lexical = AlignOptions {
        embedding_weight: 0.0,
        ..Default::default()
    };
    println!("{} gold pairs", pairs.len());
    println!(
        "lexical only (before):   {}",
        eval(&lexical, &|_| true).show()
    );
    println!(
        "default options (after): {}",
        eval(&AlignOptions::default(), &|_| true).show()
    );
    println!(
        "  held out (odd pairs):   {}",
        eval(&AlignOptions::default(), &|k| k % 2 == 1).show()
    );
    if !sweep {
        return;
    }
    let mut results = Vec::new();
    for w in [0.5f32, 0.6, 0.7, 0.8, 1.0] {
        for floor in [0.2f32, 0.3, 0.4] {
            for same in [0.4f32, 0.45, 0.5, 0.55, 0.6] {
                for partial in [0.2f32, 0.25, 0.3, 0.35] {
                    for link in [0.25f32, 0.3, 0.35, 0.4, 0.45, 1.0] {
                        if partial >= same || link < partial {
                            continue;
                        }
                        let o = AlignOptions {
                            same,
                            partial,
                            embedding_weight: w,
                            embedding_floor: floor,
                            link,
                            ..Default::default()
                        };
                        let t = eval(&o, &|k| k % 2 == 0);
                        results.push((t, w, floor, same, partial, link));
                    }
                }
            }
        }
    }
    let f1 = |t: &Tally| {
        let (p, r) = (t.p(), t.ra());
        2.0 * p * r / (p + r).max(1e-9)
    };
    for floor_p in [0.85, 0.8, 0.75, 0.0] {
        let best = results
            .iter()
            .filter(|r| r.0.p() >= floor_p)
            .max_by(|a, b| f1(&a.0).total_cmp(&f1(&b.0)));
        if let Some((t, w, floor, same, partial, link)) = best {
            let o = AlignOptions {
                same: *same,
                partial: *partial,
                embedding_weight: *w,
                embedding_floor: *floor,
                link: *link,
                ..Default::default()
            };
            println!(
                "best F1 at tuning precision ≥ {floor_p}: w {w} floor {floor} same {same} partial {partial} link {link}\n    tuning half: {}\n    held out:    {}\n    all pairs:   {}",
                t.show(),
                eval(&o, &|k| k % 2 == 1).show(),
                eval(&o, &|_| true).show()
            );
        }
    }
}
