//! Story clustering quality: B-cubed precision/recall/F1 at several
//! thresholds, on (1) the story fixtures (`tests/fixtures/stories`, labels
//! in `labels.json`; what the defaults were chosen on) and (2) the
//! Giveme5W1H gold standard (`cluster_id`; not tuned on).
//! Run: cargo run --release --example stories_eval [-- --sentences]

use newsdesk::compare::idf::DocFreq;
use newsdesk::compare::stories::{StoryOptions, bcubed, cluster_stories, features};
use newsdesk::corpus::{Article, LoadOptions, load_paths};
use newsdesk::nlp::{analyze, analyze_sentences};
use std::path::PathBuf;

fn evaluate(name: &str, articles: &[Article], gold_ids: &[String]) {
    let arts: Vec<&Article> = articles.iter().collect();
    // `--sentences`: group from the sentence split alone (what the desk
    // does before, or without, the full analysis)
    let cheap = std::env::args().any(|a| a == "--sentences");
    let analyses: Vec<_> = arts
        .iter()
        .map(|a| {
            if cheap {
                analyze_sentences(a)
            } else {
                analyze(a)
            }
        })
        .collect();
    let an: Vec<_> = analyses.iter().collect();
    let mut labels: Vec<&String> = gold_ids.iter().collect();
    labels.sort();
    labels.dedup();
    let gold: Vec<usize> = gold_ids
        .iter()
        .map(|g| labels.binary_search(&g).unwrap())
        .collect();
    let opts = StoryOptions::default();
    let docs = features(&arts, &an, DocFreq::background(), &opts);
    println!(
        "{name}: {} articles, {} gold stories",
        arts.len(),
        labels.len()
    );
    for t in [0.15f32, 0.2, 0.25, 0.3, 0.35] {
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
            "  threshold {t:.2}: B3 P {p:.3} R {r:.3} F1 {f:.3}, {} stories{mark}",
            s.stories.len()
        );
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // fixtures
    let dir = root.join("tests/fixtures/stories");
    let meta = root.join("tests/fixtures/stories_meta");
    let labels: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(meta.join("labels.json")).unwrap()).unwrap();
    let files: Vec<PathBuf> = labels.keys().map(|f| dir.join(f)).collect();
    let report = load_paths(&files, &LoadOptions::default());
    let gold: Vec<String> = report
        .articles
        .iter()
        .map(|a| {
            labels[&a
                .path
                .as_ref()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string()]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    evaluate("story fixtures", &report.articles, &gold);
    // Giveme5W1H
    let path = root.join("../shared/corpora/giveme5w1h_gold_standard.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("Giveme5W1H gold standard not found: skipped");
        return;
    };
    let gold: Vec<String> = text
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
    evaluate("Giveme5W1H gold standard", &report.articles, &gold);
}
