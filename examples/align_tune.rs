//! Tunes and evaluates sentence alignment against the hand-aligned gold
//! (`tests/data/align_gold.jsonl`, see `tools/align/README.md`), in process:
//! each article is analysed and embedded once, then every option setting is
//! scored.
//!
//! ```sh
//! cargo run --release --example align_tune [-- CORPUS.jsonl] [--sweep] [--dump FILE]
//! ```
//! Without `--sweep` it scores the default options (the shipped constants,
//! fitted on all pairs: in sample). With it, it fits the score's weights
//! and picks the thresholds on one half of the pairs and scores the other
//! (two-fold cross-validation, the honest estimate), then fits and picks on
//! all pairs and prints the constants to ship.

use newsdesk::compare::align::{AlignOptions, ScoreWeights, align, pair_evidence};
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
    let eval = |opts: &AlignOptions, which: &Which| tally(&pairs, &idf, opts, which);
    println!("{} gold pairs", pairs.len());
    println!(
        "default options (fitted on all pairs, in sample): {}",
        eval(&AlignOptions::default(), &|_| true).show()
    );
    if !sweep {
        return;
    }
    // two-fold cross-validation: fit and choose on one half, score the
    // other; then fit and choose on all pairs for the shipped constants
    let halves: [(&str, &Which, &Which); 2] = [
        ("even", &|k| k % 2 == 0, &|k| k % 2 == 1),
        ("odd", &|k| k % 2 == 1, &|k| k % 2 == 0),
    ];
    for floor in [0.85, 0.9, 0.95] {
        let mut held = Tally::default();
        for (name, tune, test) in &halves {
            let o = choose(&pairs, &idf, tune, floor);
            let t = eval(&o, test);
            println!(
                "precision floor {floor}: fitted and chosen on the {name} pairs (same {} partial {} link {}), scored on the others: {}",
                o.same,
                o.partial,
                o.link,
                t.show()
            );
            held.add(t);
        }
        println!("  cross-validated (both held-out halves): {}", held.show());
    }
    let o = choose(&pairs, &idf, &|_| true, FLOOR);
    println!(
        "fitted and chosen on all pairs: bias {:.2}, {}; same {} partial {} link {}\n    {}",
        o.weights.bias,
        ScoreWeights::NAMES
            .iter()
            .zip(o.weights.as_array())
            .map(|(n, w)| format!("{n} {w:.2}"))
            .collect::<Vec<_>>()
            .join(", "),
        o.same,
        o.partial,
        o.link,
        eval(&o, &|_| true).show()
    );
}

/// The summed scores of the chosen gold pairs under `opts`.
fn tally(pairs: &[Pair], idf: &Idf, opts: &AlignOptions, which: &dyn Fn(usize) -> bool) -> Tally {
    let mut t = Tally::default();
    for (_, p) in pairs.iter().enumerate().filter(|(k, _)| which(*k)) {
        t.add(score(p, idf, opts));
    }
    t
}

/// Which gold pairs take part, by index.
type Which = dyn Fn(usize) -> bool;

/// The tuning precision the shipped thresholds are chosen at.
const FLOOR: f64 = 0.9;

/// Fits the weights on the chosen gold pairs, then picks the thresholds
/// with the best F1 (all links) at a precision of `floor` or more on them.
fn choose(pairs: &[Pair], idf: &Idf, which: &dyn Fn(usize) -> bool, floor: f64) -> AlignOptions {
    let weights = fit(pairs, idf, which);
    let eval = |opts: &AlignOptions| tally(pairs, idf, opts, which);
    let f1 = |t: &Tally| {
        let (p, r) = (t.p(), t.ra());
        2.0 * p * r / (p + r).max(1e-9)
    };
    let grid = [
        0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
    ];
    let mut best: Option<(f64, AlignOptions)> = None;
    for &same in &grid {
        for &partial in &grid {
            for link in grid.iter().copied().chain([1.1]) {
                if partial > same || link < partial {
                    continue;
                }
                let o = AlignOptions {
                    same,
                    partial,
                    weights,
                    link,
                    ..Default::default()
                };
                let t = eval(&o);
                if t.p() >= floor && best.as_ref().is_none_or(|(f, _)| f1(&t) > *f) {
                    best = Some((f1(&t), o));
                }
            }
        }
    }
    best.map(|(_, o)| o).unwrap_or_else(|| {
        eprintln!("no thresholds reach precision {floor}: the default ones are kept");
        AlignOptions {
            weights,
            ..Default::default()
        }
    })
}

/// Fits the logistic weights of [`ScoreWeights`] on the chosen gold pairs:
/// every candidate sentence pair is an example, labelled 1 when the gold
/// links the two sentences (same or partial); full-batch gradient descent
/// on the log loss.
fn fit(pairs: &[Pair], idf: &Idf, which: &dyn Fn(usize) -> bool) -> ScoreWeights {
    let mut xs: Vec<[f32; 6]> = Vec::new();
    let mut ys: Vec<f32> = Vec::new();
    for (_, p) in pairs.iter().enumerate().filter(|(k, _)| which(*k)) {
        let (la, lan) = (&p.left.0, &p.left.1);
        let (ra, ran) = (&p.right.0, &p.right.1);
        for e in pair_evidence(la, lan, ra, ran, idf, &AlignOptions::default()) {
            let ls = la.char_span(lan.sentences[e.left].span);
            let rs = ra.char_span(ran.sentences[e.right].span);
            let gi = best(&p.left_spans, ls.start, ls.end);
            let gj = best(&p.right_spans, rs.start, rs.end);
            let linked = matches!((gi, gj), (Some(i), Some(j)) if p.all.contains(&(i, j)));
            xs.push(e.features);
            ys.push(if linked { 1.0 } else { 0.0 });
        }
    }
    let (mut w, mut b) = ([0f64; 6], 0f64);
    let n = xs.len().max(1) as f64;
    for _ in 0..5000 {
        let (mut gw, mut gb) = ([0f64; 6], 0f64);
        for (x, &y) in xs.iter().zip(&ys) {
            let z = b + w.iter().zip(x).map(|(w, &v)| w * v as f64).sum::<f64>();
            let d = 1.0 / (1.0 + (-z).exp()) - y as f64;
            for (g, &v) in gw.iter_mut().zip(x) {
                *g += d * v as f64;
            }
            gb += d;
        }
        for (wv, g) in w.iter_mut().zip(gw) {
            *wv -= 2.0 * g / n;
        }
        b -= 2.0 * gb / n;
    }
    ScoreWeights::from_array(b as f32, w.map(|v| v as f32))
}
