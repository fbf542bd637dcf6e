//! An archive's analyses are not all held in memory: beyond a budget the
//! dashboard drops the oldest (the analysis cache keeps them) and reads one
//! back when a view needs it. Nothing an editor sees or a script reads
//! changes: the same entities, the same claims, the same screens.

use newsdesk::corpus::{LoadOptions, LoadReport, load_paths};
use newsdesk::desk::Desk;
use newsdesk::tui::app::{App, AppEvent};
use newsdesk::tui::screen::Open;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Duration;

mod common;
use common::dashboard::{new_app, pump, render, settled, text};

/// The process's analysis cache, in a folder of its own (this test binary
/// is its own process, so the other tests never see it).
fn with_cache() {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    newsdesk::cache::install_in(dir.path().to_path_buf());
    assert!(newsdesk::cache::global().is_some(), "the cache opens");
}

fn seeds() -> LoadReport {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    load_paths(&[dir], &LoadOptions::default())
}

/// The story with the most reports.
fn largest_story(desk: &Desk) -> usize {
    let st = desk.stories.as_ref().unwrap();
    (0..st.stories.len())
        .max_by_key(|&s| st.stories[s].articles.len())
        .unwrap()
}

#[test]
fn dropped_analyses_stay_counted_and_come_back_the_same() {
    with_cache();
    let mut full = Desk::from_report(seeds());
    full.analyze_all();
    full.compute_stories();
    let n = full.articles.len();
    assert!(n >= 4);

    let mut desk = Desk::from_report(seeds());
    desk.set_resident_budget(2);
    desk.analyze_all();
    assert_eq!(desk.resident(), n);
    assert!(desk.over_budget());
    let kept = n - 1;
    let dropped = desk.evict(|i| i == kept);
    assert_eq!(dropped, n - 2, "down to the budget");
    assert_eq!(desk.resident(), 2);
    assert!(!desk.over_budget());
    assert!(desk.analyses[kept].is_some(), "what a view reads is kept");
    assert_eq!(
        desk.analyses.iter().filter(|a| a.is_none()).count(),
        n - 2,
        "the oldest are dropped"
    );
    assert_eq!(desk.analysed_count(), n);
    for i in 0..n {
        assert!(desk.is_analysed(i), "article {i} stays analysed");
        // the entity counts the corpus entity list reads are kept
        let counts = desk.entity_counts(i).expect("counted");
        let canonical = &full.analyses[i].as_ref().unwrap().entities.canonical;
        assert_eq!(counts.len(), canonical.len());
        for (c, k) in counts.iter().zip(canonical) {
            assert_eq!((&*c.key, &*c.name, c.group), (&*k.key, &*k.name, k.group));
            assert_eq!(c.mentions as usize, k.mentions.len());
        }
    }
    // a dropped analysis is read back exactly as the analysis computes it
    assert!(desk.analyses[0].is_none());
    let back = desk.analysis(0);
    let orig = newsdesk::nlp::analyze(&desk.articles[0]);
    assert_eq!(back.sentences, orig.sentences);
    assert_eq!(back.entities, orig.entities);
    assert_eq!(back.frames, orig.frames);
    assert_eq!(back.quotes, orig.quotes);

    // a report of a story whose analyses were dropped (its claims kept)
    desk.compute_stories();
    let s = largest_story(&desk);
    desk.claims_of(s);
    desk.evict(|_| false);
    assert!(desk.story_claims[s].is_some());
    let members = desk.stories.as_ref().unwrap().stories[s].articles.clone();
    assert!(members.iter().any(|&i| desk.analyses[i].is_none()));
    let none = std::collections::HashMap::new();
    let markdown = |d: &mut Desk| {
        let mut r = d.report_for("ed", &none, Some(&[s]));
        r.generated = String::new();
        newsdesk::report::to_markdown(&r)
    };
    assert_eq!(markdown(&mut desk), markdown(&mut full));

    // the claims of every story are those of a desk that held everything
    desk.evict(|_| false);
    assert_eq!(desk.resident(), 2);
    desk.compute_stories();
    let stories = desk.stories.as_ref().unwrap().stories.len();
    assert_eq!(stories, full.stories.as_ref().unwrap().stories.len());
    let s = largest_story(&desk);
    assert!(desk.stories.as_ref().unwrap().stories[s].articles.len() >= 4);
    for s in 0..stories {
        let (a, b) = (desk.claims_of(s), full.claims_of(s));
        assert_eq!(a.claims, b.claims, "story {s}");
        assert_eq!(a.discrepancies, b.discrepancies, "story {s}");
        assert_eq!(a.quotes, b.quotes, "story {s}");
    }
}

#[test]
fn nothing_is_dropped_without_a_budget() {
    with_cache();
    let mut desk = Desk::from_report(seeds());
    desk.analyze_all();
    assert!(!desk.over_budget());
    assert_eq!(desk.evict(|_| false), 0);
    assert!(desk.analyses.iter().all(|a| a.is_some()));
    // nor what `keep` names, nor beyond the budget
    desk.set_resident_budget(1);
    assert_eq!(desk.evict(|_| true), 0);
    assert_eq!(desk.evict(|i| i != 2), 1);
    assert!(desk.analyses[2].is_none());
    assert_eq!(desk.resident(), desk.articles.len() - 1);
}

fn screen(app: &App) -> String {
    text(&render(app, 160, 48))
}

/// The dashboard with its worker threads, settled, holding at most
/// `budget` analyses (0: all).
fn dashboard(budget: usize) -> (App, mpsc::Receiver<AppEvent>) {
    let mut app = new_app(Desk::from_report(seeds()));
    app.desk.set_resident_budget(budget);
    let (tx, rx) = mpsc::channel();
    app.set_workers(newsdesk::tui::start_workers(&tx).unwrap());
    assert!(
        pump(&mut app, &rx, Duration::from_secs(300), settled),
        "analysed and compared"
    );
    (app, rx)
}

#[test]
fn the_dashboard_reads_dropped_analyses_back_for_its_views() {
    with_cache();
    let (mut reference, _rx0) = dashboard(0);
    let (mut app, rx) = dashboard(1);
    let n = app.desk.articles.len();
    assert_eq!(app.analysed_count(), n);
    // the list's article is kept; beyond the budget the rest are dropped
    assert!(app.desk.resident() <= 2, "held: {}", app.desk.resident());
    assert!(reference.desk.analyses.iter().all(|a| a.is_some()));
    // the corpus entity list counts every article
    reference.open(Open::Entities);
    app.open(Open::Entities);
    assert_eq!(screen(&app), screen(&reference));
    app.handle_key(newsdesk::tui::keymap::Key::parse("esc").unwrap());
    reference.handle_key(newsdesk::tui::keymap::Key::parse("esc").unwrap());

    // a story view waits for its reports to be read back, then shows what
    // the dashboard that held everything shows
    let s = largest_story(&app.desk);
    let members = app.desk.stories.as_ref().unwrap().stories[s]
        .articles
        .clone();
    assert!(members.iter().any(|&i| app.desk.analyses[i].is_none()));
    reference.open(Open::Claims(s));
    app.open(Open::Claims(s));
    assert!(
        pump(&mut app, &rx, Duration::from_secs(120), |a| a.top().name()
            == "claims"),
        "the claims view opens: {:?}",
        app.message
    );
    assert_eq!(reference.top().name(), "claims");
    assert!(members.iter().all(|&i| app.desk.analyses[i].is_some()));
    assert_eq!(screen(&app), screen(&reference));

    // the story's other views, once its reports are dropped again
    for open in [
        Open::Quotes(s),
        Open::Story(s),
        Open::Compare {
            left: members[0],
            right: members[1],
            focus: None,
        },
    ] {
        app.handle_key(newsdesk::tui::keymap::Key::parse("esc").unwrap());
        reference.handle_key(newsdesk::tui::keymap::Key::parse("esc").unwrap());
        app.desk.set_resident_budget(1);
        assert_eq!((app.depth(), reference.depth()), (1, 1), "{open:?}");
        app.evict();
        assert!(members.iter().any(|&i| app.desk.analyses[i].is_none()));
        reference.open(open.clone());
        app.open(open.clone());
        assert!(
            pump(&mut app, &rx, Duration::from_secs(120), |a| a.depth() == 2),
            "{open:?} opens: {:?}",
            app.message
        );
        assert_eq!(app.top().name(), reference.top().name());
        assert_eq!(screen(&app), screen(&reference), "{open:?}");
    }
}
