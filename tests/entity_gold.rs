//! Entity quality on the hand-labelled gold set (`tools/gold/`): precision,
//! recall and F1 per coarse type for spaCy's output (the port, identical to
//! spaCy's NER component) and for newsdesk's layer over it. The texts are
//! re-read from `../shared/corpora/article_bias_37k.jsonl.gz` (or
//! `$NEWSDESK_SHARED`); the test is skipped with a message when it is absent.
//!
//! Both systems see the whole article (as in the dashboard); mentions are
//! scored inside the gold paragraph, a match being the same span and the
//! same coarse type.
//! Run: cargo test --release --test entity_gold -- --nocapture

use newsdesk::corpus::Span;
use newsdesk::nlp::entities::{Group, model_entities, refine};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("NEWSDESK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let p = shared.join("corpora/article_bias_37k.jsonl.gz");
    p.is_file().then_some(p)
}

type Set = BTreeSet<(usize, usize, Group)>;

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    }
}

fn score(gold: &Set, pred: &Set, by: &mut HashMap<Group, Counts>, all: &mut Counts) {
    for g in Group::ALL {
        let gs: Set = gold.iter().filter(|e| e.2 == g).copied().collect();
        let ps: Set = pred.iter().filter(|e| e.2 == g).copied().collect();
        let c = by.entry(g).or_default();
        let tp = gs.intersection(&ps).count();
        c.tp += tp;
        c.fp += ps.len() - tp;
        c.fn_ += gs.len() - tp;
        all.tp += tp;
        all.fp += ps.len() - tp;
        all.fn_ += gs.len() - tp;
    }
}

#[test]
fn layer_beats_plain_spacy_on_the_gold_set() {
    let Some(path) = corpus() else {
        eprintln!("skipping: ../shared/corpora/article_bias_37k.jsonl.gz not found");
        return;
    };
    let gold: Vec<Value> = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/gold/gold_entities.jsonl"),
    )
    .unwrap()
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    let wanted: BTreeSet<String> = gold
        .iter()
        .map(|g| g["article_id"].as_str().unwrap().to_string())
        .collect();
    let mut texts: HashMap<String, String> = HashMap::new();
    let reader = BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(&path).unwrap(),
    ));
    for line in reader.lines() {
        let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let id = v["id"].as_str().unwrap();
        if wanted.contains(id) {
            texts.insert(id.to_string(), v["text"].as_str().unwrap().to_string());
        }
    }
    let (mut spacy_by, mut ours_by) = (HashMap::new(), HashMap::new());
    let (mut spacy_all, mut ours_all) = (Counts::default(), Counts::default());
    let mut mentions = 0;
    for g in &gold {
        let text = &texts[g["article_id"].as_str().unwrap()];
        // char offsets of the paragraph → byte offsets
        let byte_of: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let (cs, ce) = (
            g["char_start"].as_u64().unwrap() as usize,
            g["char_end"].as_u64().unwrap() as usize,
        );
        let para = Span::new(byte_of[cs], byte_of[ce]);
        let sha = sha1_smol::Sha1::from(&text[para.start..para.end])
            .digest()
            .to_string();
        assert_eq!(
            sha,
            g["text_sha1"].as_str().unwrap(),
            "paragraph text changed"
        );
        let to_char = |b: usize| byte_of.partition_point(|&x| x < b);
        let gold_set: Set = g["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    cs + e["start"].as_u64().unwrap() as usize,
                    cs + e["end"].as_u64().unwrap() as usize,
                    Group::of(e["label"].as_str().unwrap()),
                )
            })
            .collect();
        mentions += gold_set.len();
        let (model, tokens) = model_entities(text);
        let inside = |s: &Span| s.start >= para.start && s.end <= para.end;
        let spacy_set: Set = model
            .iter()
            .filter(|(s, _)| inside(s))
            .map(|(s, l)| (to_char(s.start), to_char(s.end), Group::of(l)))
            .collect();
        let ours = refine(text, &tokens, &model);
        let ours_set: Set = ours
            .mentions
            .iter()
            .filter(|m| inside(&m.span))
            .map(|m| (to_char(m.span.start), to_char(m.span.end), m.group))
            .collect();
        score(&gold_set, &spacy_set, &mut spacy_by, &mut spacy_all);
        score(&gold_set, &ours_set, &mut ours_by, &mut ours_all);
    }
    println!("gold: {} paragraphs, {mentions} mentions", gold.len());
    println!(
        "| type | gold | spaCy P | spaCy R | spaCy F1 | newsdesk P | newsdesk R | newsdesk F1 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let row = |name: &str, n: usize, s: Counts, o: Counts| {
        let (sp, sr, sf) = s.prf();
        let (op, or, of) = o.prf();
        println!("| {name} | {n} | {sp:.3} | {sr:.3} | {sf:.3} | {op:.3} | {or:.3} | {of:.3} |");
    };
    for g in Group::ALL {
        let s = spacy_by[&g];
        row(g.name(), s.tp + s.fn_, s, ours_by[&g]);
    }
    row("all", spacy_all.tp + spacy_all.fn_, spacy_all, ours_all);
    let (_, _, sf) = spacy_all.prf();
    let (_, _, of) = ours_all.prf();
    assert!(
        of > sf,
        "the layer must raise F1 over plain spaCy ({of:.3} vs {sf:.3})"
    );
    for g in Group::ALL {
        let (_, _, s) = spacy_by[&g].prf();
        let (_, _, o) = ours_by[&g].prf();
        assert!(
            o >= s - 0.01,
            "{} F1 fell by more than a point ({o:.3} vs {s:.3})",
            g.name()
        );
    }
}
