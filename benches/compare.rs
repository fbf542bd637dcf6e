//! Comparison at scale (run with `cargo bench --bench compare`; prints its figures):
//! * aligning two ~2,000-word articles after analysis (target ≤ 5 ms);
//! * grouping all 37,554 articles of the big corpus into stories
//!   (target ≤ 10 s), and 2× and 4× that corpus (copies with changed ids),
//!   from sentence-split articles (entity analysis is measured by `ner`);
//! * the fact-check report of a 20-article story (target ≤ 100 ms).

use newsdesk::compare::align::{AlignOptions, align};
use newsdesk::compare::idf::{DocFreq, Idf};
use newsdesk::compare::stories::{StoryOptions, cluster_stories, features};
use newsdesk::corpus::{Article, LoadOptions, load_paths};
use newsdesk::desk::Desk;
use newsdesk::nlp::{analyze, analyze_sentences};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "common.rs"]
mod common;

fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let Some(path) = common::bench_corpus() else {
        return;
    };
    let report = load_paths(&[path], &LoadOptions::default());
    let articles = report.articles;
    println!("corpus: {} articles", articles.len());

    // 1. alignment of two ~2,000-word articles
    let long: Vec<&Article> = articles
        .iter()
        .filter(|a| (1900..2100).contains(&a.words()))
        .take(2)
        .collect();
    let (x, y) = (analyze(long[0]), analyze(long[1]));
    let idf = Idf::new(DocFreq::background());
    let t = best_of(20, || {
        std::hint::black_box(align(
            long[0],
            &x,
            long[1],
            &y,
            &idf,
            &AlignOptions::default(),
        ));
    });
    println!(
        "align two articles of {} and {} words: {:.2} ms (best of 20)",
        long[0].words(),
        long[1].words(),
        t.as_secs_f64() * 1e3
    );

    // 2. stories at 1×, 2×, 4×
    let analyses: Vec<_> = articles.par_iter().map(analyze_sentences).collect();
    // NEWSDESK_BENCH_FACTORS=1 measures the corpus once (default 1,2,4)
    let factors: Vec<usize> = std::env::var("NEWSDESK_BENCH_FACTORS")
        .ok()
        .map(|v| v.split(',').filter_map(|f| f.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2, 4]);
    for factor in factors {
        let mut arts: Vec<Article> = Vec::with_capacity(articles.len() * factor);
        let mut ans = Vec::with_capacity(articles.len() * factor);
        for k in 0..factor {
            for (a, an) in articles.iter().zip(&analyses) {
                let mut c = a.clone();
                c.id = format!("{}-copy{k}", a.id);
                arts.push(c);
                ans.push(an.clone());
            }
        }
        let refs: Vec<&Article> = arts.iter().collect();
        let arefs: Vec<_> = ans.iter().collect();
        let opts = StoryOptions::default();
        let t = Instant::now();
        let docs = features(&refs, &arefs, DocFreq::background(), &opts);
        let tf = t.elapsed();
        let s = cluster_stories(&refs, &docs, &opts);
        let total = t.elapsed();
        println!(
            "stories for {} articles ({factor}×): {:.2} s (features {:.2} s, clustering {:.2} s), {} stories",
            refs.len(),
            total.as_secs_f64(),
            tf.as_secs_f64(),
            (total - tf).as_secs_f64(),
            s.stories.len()
        );
    }

    // 3. the report of a 20-article story: the four seed reports of one killing, five times over
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let seed = load_paths(&[seeds], &LoadOptions::default()).articles;
    let mut twenty = Vec::new();
    for k in 0..5 {
        for a in seed.iter().filter(|a| !a.id.starts_with("003")) {
            let mut c = a.clone();
            c.id = format!("{}-{k}", a.id);
            c.body = format!("{}\nUpdate {k}.", c.body).into();
            c.paragraphs.push(newsdesk::corpus::Span::new(
                c.body.len() - format!("Update {k}.").len(),
                c.body.len(),
            ));
            twenty.push(c);
        }
    }
    let mut desk = Desk::from_report(newsdesk::corpus::LoadReport {
        articles: twenty,
        warnings: vec![],
        files: 20,
    });
    desk.analyze_all();
    desk.compute_stories();
    let sizes: Vec<usize> = desk
        .stories
        .as_ref()
        .unwrap()
        .stories
        .iter()
        .map(|s| s.articles.len())
        .collect();
    let t = best_of(3, || {
        desk.story_claims.clear();
        std::hint::black_box(desk.report("bench"));
    });
    println!(
        "report of a story of {:?} articles (claims, alignments and coverage included): {:.1} ms (best of 3)",
        sizes,
        t.as_secs_f64() * 1e3
    );
}
