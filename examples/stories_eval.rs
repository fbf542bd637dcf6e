//! Story clustering quality: B-cubed precision/recall/F1 against the
//! `cluster_id` labels of a JSON Lines corpus (default: the Giveme5W1H gold
//! standard), plus the seeds' grouping.
//! Run: cargo run --release --example stories_eval [CORPUS.jsonl]

use newsdesk::compare::idf::DocFreq;
use newsdesk::compare::stories::{StoryOptions, bcubed, cluster_stories, features};
use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::nlp::analyze;
use std::path::PathBuf;

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpora/giveme5w1h_gold_standard.jsonl")
        });
    let text = std::fs::read_to_string(&path).expect("read corpus");
    let gold_ids: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["cluster_id"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let report = load_paths(&[path], &LoadOptions::default());
    assert_eq!(report.articles.len(), gold_ids.len());
    let arts: Vec<_> = report.articles.iter().collect();
    let analyses: Vec<_> = arts.iter().map(|a| analyze(a)).collect();
    let an: Vec<_> = analyses.iter().collect();
    let mut labels: Vec<String> = gold_ids.clone();
    labels.sort();
    labels.dedup();
    let gold: Vec<usize> = gold_ids
        .iter()
        .map(|g| labels.binary_search(g).unwrap())
        .collect();
    let opts = StoryOptions::default();
    let docs = features(&arts, &an, DocFreq::background(), &opts);
    for t in [0.15f32, 0.2, 0.25, 0.3, 0.35, 0.4] {
        let o = StoryOptions {
            same_story: t,
            ..opts.clone()
        };
        let s = cluster_stories(&arts, &docs, &o);
        let (p, r, f) = bcubed(&s.story_of, &gold);
        let mark = if (t - opts.same_story).abs() < 1e-6 {
            "  <- default"
        } else {
            ""
        };
        println!(
            "threshold {t:.2}: B3 P {p:.3} R {r:.3} F1 {f:.3}, {} stories{mark}",
            s.stories.len()
        );
    }
}
