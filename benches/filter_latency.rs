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
    std::thread::spawn(move || {
        serve(jobs, |searcher, job, articles| {
            results_tx.send(job.run(searcher, articles)).is_ok()
        })
    });
    app.set_search_worker(tx);
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
}
