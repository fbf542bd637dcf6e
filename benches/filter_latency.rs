//! Fuzzy filter latency per keystroke over the 37k-article corpus, as the
//! dashboard runs it (title/outlet matching on the UI thread, body search
//! handed to the background thread). Prints p50 and p99 per query length.
//! Run: cargo bench --bench filter_latency
//! (NEWSDESK_BIG_CORPUS=other.jsonl for another corpus, NEWSDESK_BENCH_QUERIES=20 for fewer queries)

use newsdesk::config::default_settings;
use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::desk::Desk;
use newsdesk::search::serve;
use newsdesk::tui::app::{App, AppEvent};
use newsdesk::tui::keymap::{Key, Keymap};
use newsdesk::tui::theme::Theme;
use std::time::{Duration, Instant};

#[path = "common.rs"]
mod common;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let Some(path) = common::bench_corpus() else {
        return;
    };
    let report = load_paths(&[path], &LoadOptions::default());
    // NEWSDESK_BENCH_QUERIES: fewer queries for a big corpus (default 60)
    let queries: usize = std::env::var("NEWSDESK_BENCH_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    // Queries: word prefixes taken from every 97th title, so they match something.
    let words: Vec<String> = report
        .articles
        .iter()
        .step_by(97)
        .filter_map(|a| {
            a.title
                .split_whitespace()
                .find(|w| w.chars().count() >= 8 && w.chars().all(char::is_alphabetic))
        })
        .map(|w| w.to_lowercase())
        .take(queries)
        .collect();
    let s = default_settings();
    let mut app = App::new(
        Desk::from_report(report),
        Keymap::from_settings(&s).unwrap(),
        Theme::from_settings(&s, false).unwrap(),
    );
    // The background matcher, as the dashboard runs it.
    let (tx, jobs) = std::sync::mpsc::channel();
    let (results_tx, results) = std::sync::mpsc::channel();
    // NEWSDESK_BENCH_INDEX=DIR: with the body index in DIR, built (or
    // brought up to date) before the keystrokes
    let mut snapshot = None;
    let plan = std::env::var_os("NEWSDESK_BENCH_INDEX").map(|dir| {
        let dir = std::path::PathBuf::from(dir);
        let t = Instant::now();
        let (itx, irx) = std::sync::mpsc::channel();
        itx.send((
            1,
            newsdesk::search::ListChange::Articles {
                from: 0,
                articles: app.desk.articles.clone(),
            },
        ))
        .unwrap();
        itx.send((2, newsdesk::search::ListChange::LoadFinished))
            .unwrap();
        drop(itx);
        let mut covered = 0;
        newsdesk::bodyindex::run_indexer(&dir, irx, |s| {
            covered = s.covered_count();
            snapshot = Some(s);
            true
        });
        println!(
            "body index: {covered} articles covered, built or checked in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        newsdesk::search::IndexPlan {
            dir,
            from: 1,
            min_job: None,
        }
    });
    let indexed = plan.is_some();
    std::thread::spawn(move || {
        serve(jobs, plan, |searcher, job, articles, index| {
            results_tx
                .send(job.run_indexed(searcher, articles, index))
                .is_ok()
        })
    });
    app.set_search_worker(tx);
    if indexed {
        // the search thread's indexer opens the index and hands over its
        // snapshot after its first quiet moment (hashing every body first)
        let n = app.desk.articles.len() as u64;
        std::thread::sleep(Duration::from_secs(5 + n / 50_000));
    }
    println!(
        "filter over {} articles, {} queries",
        app.desk.articles.len(),
        words.len()
    );
    // Each keystroke: the UI-thread time (what blocks the screen), then the
    // time until the background matcher has answered (complete results),
    // applied before the next keystroke as the event loop would.
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for len in [1usize, 3, 8] {
        let mut ui = Vec::new();
        let mut complete = Vec::new();
        let mut apply = Vec::new();
        for w in &words {
            app.handle_key(Key::parse("/").unwrap());
            let chars: Vec<char> = w.chars().take(len).collect();
            for (i, c) in chars.iter().enumerate() {
                let t = Instant::now();
                app.handle_key(Key::parse(&c.to_string()).unwrap());
                let ui_time = t.elapsed();
                let mut applying = Duration::ZERO;
                while app.browse().list.filter.pending > 0 {
                    let r = results.recv().unwrap();
                    let t = Instant::now();
                    app.handle_event(AppEvent::Search(r));
                    applying += t.elapsed();
                }
                if i + 1 == len {
                    ui.push(ui_time);
                    apply.push(applying);
                    complete.push(t.elapsed());
                }
            }
            app.handle_key(Key::parse("esc").unwrap());
        }
        ui.sort();
        complete.sort();
        apply.sort();
        println!(
            "{len}-char query: UI thread p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; taking the background answer p99 {:.2} ms; complete results p50 {:.2} ms, p99 {:.2} ms ({} keystrokes)",
            ms(percentile(&ui, 0.5)),
            ms(percentile(&ui, 0.99)),
            ms(percentile(&ui, 1.0)),
            ms(percentile(&apply, 0.99)),
            ms(percentile(&complete, 0.5)),
            ms(percentile(&complete, 0.99)),
            ui.len()
        );
    }
    // The body part alone: which of all the bodies hold a term, asked of
    // the index and read in the bodies (the terms: the queries' 3- and
    // 8-letter prefixes).
    if let Some(snapshot) = snapshot {
        let index = newsdesk::search::IndexedBodies::of(snapshot);
        let searcher = newsdesk::search::Searcher::default();
        let articles = &app.desk.articles;
        let job = |q: &str| newsdesk::search::SearchJob {
            generation: 0,
            query: newsdesk::search::Query::parse(q),
            meta: newsdesk::search::Candidates::default(),
            body: (0..articles.len())
                .map(|article| {
                    let hit = newsdesk::search::Hit {
                        article,
                        score: 0,
                        in_body: false,
                    };
                    (1u64, hit)
                })
                .collect(),
            order: newsdesk::search::HitOrder::INDEX,
        };
        for len in [3usize, 8] {
            let (mut asked, mut read) = (Vec::new(), Vec::new());
            for w in &words {
                let q: String = w.chars().take(len).collect();
                let t = Instant::now();
                let a = job(&q).run_indexed(&searcher, articles, &index);
                asked.push(t.elapsed());
                let t = Instant::now();
                let b = job(&q).run(&searcher, articles);
                read.push(t.elapsed());
                assert_eq!(a.hits, b.hits, "{q}");
                assert!(a.looked_up > 0, "{q}: the index was not asked");
            }
            asked.sort();
            read.sort();
            println!(
                "bodies holding a {len}-letter term, all {} articles: index p50 {:.1} ms, max {:.1} ms; reading the bodies p50 {:.1} ms, max {:.1} ms",
                articles.len(),
                ms(percentile(&asked, 0.5)),
                ms(*asked.last().unwrap()),
                ms(percentile(&read, 0.5)),
                ms(*read.last().unwrap()),
            );
        }
    }
}
