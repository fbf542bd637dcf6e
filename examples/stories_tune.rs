//! Tuning story grouping without touching the evaluation half: the
//! Giveme5W1H events are split in two by cluster id (alternately); options
//! are searched on half A and the best are reported on half B.
//! Run: cargo run --release --example stories_tune

use newsdesk::compare::idf::DocFreq;
use newsdesk::compare::stories::{StoryOptions, bcubed, cluster_stories, features};
use newsdesk::corpus::{Article, LoadOptions, load_paths};
use newsdesk::nlp::analyze;
use std::path::PathBuf;

fn score(
    arts: &[&Article],
    an: &[&newsdesk::nlp::Analysis],
    gold: &[usize],
    bg: &DocFreq,
    o: &StoryOptions,
) -> (f64, f64, f64) {
    let docs = features(arts, an, bg, o);
    let s = cluster_stories(arts, &docs, o);
    bcubed(&s.story_of, gold)
}

fn main() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/giveme5w1h_gold_standard.jsonl");
    let text = std::fs::read_to_string(&path).expect("corpus");
    let ids: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["cluster_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let report = load_paths(&[path], &LoadOptions::default());
    let mut names: Vec<&String> = ids.iter().collect();
    names.sort();
    names.dedup();
    let half = |h: usize| -> Vec<usize> {
        (0..ids.len())
            .filter(|&i| names.iter().position(|n| **n == ids[i]).unwrap() % 2 == h)
            .collect()
    };
    let analyses: Vec<_> = report.articles.iter().map(analyze).collect();
    let empty = DocFreq::default();
    let bg = DocFreq::background();
    let run = |idx: &[usize], o: &StoryOptions, background: bool| {
        let arts: Vec<&Article> = idx.iter().map(|&i| &report.articles[i]).collect();
        let an: Vec<_> = idx.iter().map(|&i| &analyses[i]).collect();
        let gold: Vec<usize> = idx
            .iter()
            .map(|&i| names.iter().position(|n| **n == ids[i]).unwrap())
            .collect();
        score(&arts, &an, &gold, if background { bg } else { &empty }, o)
    };
    let (a, b) = (half(0), half(1));
    let mut best = (0.0, StoryOptions::default(), true);
    for background in [true] {
        for tw in [2.0f32] {
            for (lw, ls) in [
                (1.0f32, 0.0f32),
                (2.0, 0.0),
                (1.0, 0.2),
                (1.0, 0.35),
                (1.0, 0.5),
                (2.0, 0.35),
            ] {
                for t in [0.1f32, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3] {
                    let o = StoryOptions {
                        same_story: t,
                        title_weight: tw,
                        lead_weight: lw,
                        lead_share: ls,
                        ..StoryOptions::default()
                    };
                    let (_, _, f) = run(&a, &o, background);
                    if f > best.0 {
                        best = (f, o.clone(), background);
                    }
                }
            }
        }
    }
    let (f, o, background) = best;
    println!(
        "best on half A ({} articles): F1 {f:.3} with threshold {}, title {}, lead {}, lead share {}, background IDF {background}",
        a.len(),
        o.same_story,
        o.title_weight,
        o.lead_weight,
        o.lead_share
    );
    let (p, r, f) = run(&b, &o, background);
    println!(
        "half B ({} articles, not tuned on): P {p:.3} R {r:.3} F1 {f:.3}",
        b.len()
    );
    let all: Vec<usize> = (0..ids.len()).collect();
    let (p, r, f) = run(&all, &o, background);
    println!("all 96: P {p:.3} R {r:.3} F1 {f:.3}");
    let d = StoryOptions::default();
    let (p, r, f) = run(&b, &d, true);
    println!("defaults on half B: P {p:.3} R {r:.3} F1 {f:.3}");
}
