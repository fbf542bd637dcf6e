//! A large archive's bodies are read from a spill file, not held in memory
//! (see `newsdesk::corpus::body`). The dashboard shows, groups and analyses
//! them as it does held ones, and leaves nothing behind. Its own test
//! binary: it sets the spill threshold of the process to 0, so the seeds
//! are spilled as an archive's bodies would be.

use newsdesk::config::default_settings;
use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::desk::Desk;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

mod common;
use common::dashboard::{new_app, pump, render, settled, text};

#[test]
fn the_dashboard_reads_spilled_bodies_as_it_reads_held_ones() {
    // SAFETY: the only test of this binary; set before any thread starts.
    unsafe { std::env::set_var("NEWSDESK_SPILL_FROM", "0") };
    let cache = tempfile::tempdir().unwrap();
    newsdesk::cache::install_in(cache.path().to_path_buf());
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");

    // the same folder, its bodies held
    let mut held = Desk::from_report(load_paths(
        std::slice::from_ref(&seeds),
        &LoadOptions::default(),
    ));
    held.analyze_all();
    held.compute_stories();

    let mut app = new_app(Desk::default());
    let (tx, rx) = mpsc::channel();
    app.set_workers(newsdesk::tui::start_workers(&tx).unwrap());
    let _live = newsdesk::tui::start_load_and_watch(
        std::slice::from_ref(&seeds),
        &default_settings(),
        tx.clone(),
    )
    .unwrap();
    assert!(pump(&mut app, &rx, Duration::from_secs(120), settled));
    let desk = &app.desk;
    assert_eq!(desk.articles.len(), held.articles.len());
    assert!(
        desk.articles.iter().all(|a| a.body.is_spilled()),
        "every body is read from the spill file"
    );
    // the same text, entities and stories
    for (i, (a, h)) in desk.articles.iter().zip(&held.articles).enumerate() {
        assert_eq!(a.id, h.id);
        assert_eq!(a.body, h.body);
        let entities = |d: &Desk| format!("{:?}", d.analyses[i].as_ref().unwrap().entities);
        assert_eq!(entities(desk), entities(&held), "{}", a.id);
    }
    assert_eq!(
        desk.stories.as_ref().unwrap().story_of,
        held.stories.as_ref().unwrap().story_of
    );

    // the pages handed back, the reader shows the text read again
    assert!(newsdesk::corpus::body::trim() > 0);
    // a line of the text below the title, as the reader pane shows the
    // selected article
    let inner_line = |a: &std::sync::Arc<newsdesk::corpus::Article>| -> String {
        let line = a
            .body
            .lines()
            .filter(|l| l.split_whitespace().count() >= 6)
            .nth(1)
            .unwrap();
        line.split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let screen = text(&render(&app, 160, 48));
    let shown: Vec<String> = app
        .desk
        .articles
        .iter()
        .map(inner_line)
        .filter(|l| screen.contains(l.as_str()))
        .collect();
    assert_eq!(shown.len(), 1, "{screen}");

    // nothing is left in the cache folder: the spill file has no name
    let spill = cache.path().join("spill");
    assert!(spill.is_dir());
    assert_eq!(std::fs::read_dir(&spill).unwrap().count(), 0);
}
