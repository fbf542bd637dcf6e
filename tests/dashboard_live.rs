//! The live desk in the dashboard: an App driven as the dashboard drives it
//! (background analysis and stories threads, events pumped into
//! `handle_event`), with articles arriving from a watched folder.

use newsdesk::config::default_settings;
use newsdesk::corpus::{self, LoadEvent, LoadOptions, LoadReport, LoadState};
use newsdesk::desk::Desk;
use newsdesk::review::Verdict;
use newsdesk::tui::app::{App, AppEvent};
use newsdesk::tui::keymap::Key;
use newsdesk::tui::screen::Open;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod common;
use common::dashboard::{new_app, pump, render, settled, text};

const SEEDS: [&str; 5] = [
    "000_d7aaabb21fde10c8.txt",
    "001_fbd8baaf452db91d.txt",
    "002_86b19494f267c200.txt",
    "003_fc2d50c79dbd4e70.txt",
    "004_e2742876c2a12d2b.txt",
];

fn seed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name)
}

/// A folder with these seeds copied in.
fn folder_with(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for n in names {
        std::fs::copy(seed(n), dir.path().join(n)).unwrap();
    }
    dir
}

/// An App on a folder loaded with the state a watcher would take over,
/// with the dashboard's worker threads and a review store.
fn live_app(dir: &Path, store: &Path) -> (App, mpsc::Receiver<AppEvent>, LoadState) {
    let mut state = LoadState::new();
    let mut report = LoadReport::default();
    corpus::load_paths_with(
        &mut state,
        &[dir.to_path_buf()],
        &LoadOptions::default(),
        &mut |e| match e {
            LoadEvent::Articles(mut a) => report.articles.append(&mut a),
            LoadEvent::Warning(w) => report.warnings.push(w),
            _ => {}
        },
    );
    let mut app = new_app(Desk::from_report(report));
    let (tx, rx) = mpsc::channel();
    app.set_workers(newsdesk::tui::start_workers(&tx).unwrap());
    app.set_review(newsdesk::workflow::Review::open(&store.join("review.db"), "tester").unwrap());
    (app, rx, state)
}

/// The articles a load of these files gives, with the watcher's state.
fn load_live(state: &mut LoadState, files: &[PathBuf]) -> Vec<LoadEvent> {
    let mut events = Vec::new();
    corpus::load_paths_with(state, files, &LoadOptions::default(), &mut |e| match e {
        LoadEvent::Articles(_) | LoadEvent::Changed(_) | LoadEvent::Warning(_) => events.push(e),
        _ => {}
    });
    events
}

fn press(app: &mut App, keys: &[&str]) {
    for k in keys {
        app.handle_key(Key::parse(k).unwrap());
    }
}

/// The list row of an article on a 160-column screen (the list is the left
/// 42%, its rows start below the border and the header).
fn list_row(screen: &str, app: &App, article: usize) -> String {
    let list = &app.browse().list;
    let at = list
        .rows
        .iter()
        .position(|r| r.article == article)
        .expect("listed");
    let line = at - list.offset.get() + 2;
    screen.lines().nth(line).unwrap().chars().take(67).collect()
}

fn index_of(app: &App, file: &str) -> usize {
    let stem = file.trim_end_matches(".txt");
    app.desk
        .articles
        .iter()
        .position(|a| a.id == stem)
        .unwrap_or_else(|| panic!("{stem} not loaded"))
}

#[test]
fn a_live_report_is_marked_new_counted_and_joins_the_story_it_reports() {
    let dir = folder_with(&[SEEDS[0], SEEDS[1], SEEDS[3], SEEDS[4]]);
    let store = tempfile::tempdir().unwrap();
    let (mut app, rx, mut state) = live_app(dir.path(), store.path());
    assert!(
        pump(&mut app, &rx, Duration::from_secs(120), settled),
        "the first grouping"
    );
    let (first, other) = (index_of(&app, SEEDS[0]), index_of(&app, SEEDS[3]));
    let stories = app.desk.stories.clone().unwrap();
    let story = stories.story_of[first];
    assert_ne!(
        story, stories.story_of[other],
        "the missing officer is another story"
    );
    let count_before = stories.stories.len();

    // a verdict on the first article (from the list), then the cursor on another
    let _ = render(&app, 160, 40);
    press(&mut app, &["D"]);
    let verdict_key = newsdesk::workflow::article_item(&app.desk.articles[first]).key;
    assert_eq!(app.review.verdict(&verdict_key), Verdict::Disputed);
    press(&mut app, &["j", "j"]);
    let selected = app.browse().list.article().unwrap();
    let selected_id = app.desk.articles[selected].id.clone();

    // the fifth report of the shooting lands
    std::fs::copy(seed(SEEDS[2]), dir.path().join(SEEDS[2])).unwrap();
    let events = load_live(&mut state, &[dir.path().join(SEEDS[2])]);
    assert_eq!(events.len(), 1, "{events:?}");
    for e in events {
        app.handle_event(AppEvent::Live(e));
    }
    let new = app.desk.articles.len() - 1;
    assert_eq!(app.desk.articles[new].id, SEEDS[2].trim_end_matches(".txt"));

    // shown at once: in the list, marked new, counted in the status bar
    let t = render(&app, 160, 40);
    let screen = text(&t);
    let title: String = app.desk.articles[new].title.chars().take(20).collect();
    let row = list_row(&screen, &app, new);
    assert!(row.contains(&format!("new {title}")), "marked new: {row}");
    // the list is the left 42%: only the new report's row is marked there
    let marked: Vec<String> = screen
        .lines()
        .take(38)
        .map(|l| l.chars().take(66).collect::<String>())
        .filter(|l| l.contains("│  new ") || l.contains("┃  new ") || l.contains(" new "))
        .collect();
    assert_eq!(marked.len(), 1, "only the new report is marked: {marked:?}");
    let status = screen.lines().nth(38).unwrap();
    assert!(status.contains("● 1 new report"), "{status}");
    insta::assert_snapshot!("live_report_arrived_160x40", t.backend());

    // nothing the editor marked moved
    assert_eq!(app.review.verdict(&verdict_key), Verdict::Disputed);
    assert_eq!(app.browse().list.article(), Some(selected));
    assert_eq!(app.desk.articles[selected].id, selected_id);
    assert_eq!(index_of(&app, SEEDS[0]), first, "no index moved");

    // analysed and regrouped in the background: it joins the shooting's
    // story, which keeps its number; its claims are computed again, and a
    // claims view asked for meanwhile waits for them instead of computing
    // them on the UI thread
    assert!(
        pump(&mut app, &rx, Duration::from_secs(120), |a| {
            a.desk
                .stories
                .as_ref()
                .is_some_and(|s| s.story_of.len() == 5)
                && !a.desk.stories_stale
        }),
        "the regrouping"
    );
    assert!(
        app.desk.story_claims[story].is_none(),
        "claims to compare again"
    );
    app.open(Open::Claims(story));
    assert_eq!(app.depth(), 1);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("comparing the claims of s"),
        "{:?}",
        app.message
    );
    assert!(
        pump(&mut app, &rx, Duration::from_secs(120), |a| a.depth() == 2),
        "the claims view opens when its claims arrive"
    );
    assert_eq!(app.top().name(), "claims");
    press(&mut app, &["esc"]);
    assert!(pump(&mut app, &rx, Duration::from_secs(120), settled));
    let stories = app.desk.stories.as_ref().unwrap();
    assert_eq!(stories.story_of[new], story, "joins the story it reports");
    assert_eq!(stories.story_of[first], story, "the story keeps its number");
    assert_ne!(stories.story_of[other], story);
    assert_eq!(stories.stories.len(), count_before);
    let claims = app.desk.story_claims[story].as_ref().unwrap();
    assert!(
        claims.claims.iter().any(|c| c.article == new),
        "the story's claims include the new report's"
    );
    assert_eq!(app.review.verdict(&verdict_key), Verdict::Disputed);
    let screen = text(&render(&app, 160, 40));
    let row = list_row(&screen, &app, new);
    assert!(row.contains(&format!("s{} ", story + 1)), "{row}");
    assert!(row.contains(&format!("new {title}")), "still new: {row}");

    // opening it clears the marker and the count
    let at = app
        .browse()
        .list
        .rows
        .iter()
        .position(|r| r.article == new)
        .unwrap();
    let from = app.browse().list.selected;
    for _ in from..at {
        press(&mut app, &["j"]);
    }
    assert!(
        app.desk.fresh.contains_key(&new),
        "moving over it is not opening it"
    );
    app.handle_event(AppEvent::Input(ratatui::crossterm::event::Event::Key(
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Enter),
    )));
    assert!(app.desk.fresh.is_empty());
    let screen = text(&render(&app, 160, 40));
    assert!(!screen.contains("new report"), "{screen}");
}

#[test]
fn a_rewritten_file_keeps_its_id_and_its_verdicts_follow_the_text() {
    let dir = folder_with(&[SEEDS[0], SEEDS[1], SEEDS[3]]);
    let store = tempfile::tempdir().unwrap();
    let (mut app, rx, mut state) = live_app(dir.path(), store.path());
    assert!(pump(&mut app, &rx, Duration::from_secs(120), settled));
    let a = index_of(&app, SEEDS[1]);
    let id = app.desk.articles[a].id.clone();
    // verdicts on two sentences of it, in the reader beside the list
    let _ = render(&app, 160, 40);
    while app.browse().list.article() != Some(a) {
        press(&mut app, &["j"]);
    }
    press(&mut app, &["enter"]);
    let kept = app.target().unwrap().items[0].clone();
    press(&mut app, &["V", "j"]);
    let edited = app.target().unwrap().items[0].clone();
    press(&mut app, &["D"]);
    assert_eq!(app.review.verdict(&kept.key), Verdict::Verified);
    assert_eq!(app.review.verdict(&edited.key), Verdict::Disputed);
    // and a claims view of its story open
    press(&mut app, &["C"]);
    assert_eq!(app.top().name(), "claims");

    // the file is rewritten: one word of the second sentence changes
    let file = dir.path().join(SEEDS[1]);
    let body = std::fs::read_to_string(&file).unwrap();
    let word = edited
        .text
        .split_whitespace()
        .find(|w| w.len() > 4 && body.matches(*w).count() == 1)
        .expect("a word of the sentence found once in the file");
    std::fs::write(&file, body.replacen(word, "[corrected]", 1)).unwrap();
    let events = load_live(&mut state, std::slice::from_ref(&file));
    assert!(
        matches!(events.as_slice(), [LoadEvent::Changed(_)]),
        "{events:?}"
    );
    for e in events {
        app.handle_event(AppEvent::Live(e));
    }
    // same id and index, new text; the claims view of the old text closed
    assert_eq!(app.desk.articles[a].id, id);
    assert!(app.desk.articles[a].body.contains("[corrected]"));
    assert_eq!(app.stack_names(), vec!["article list"]);
    assert_eq!(app.browse().list.article(), Some(a));
    // back in its reader, which shows the new text: seen, not marked
    assert_eq!(
        app.browse().focus,
        newsdesk::tui::screens::browse::Focus::Reader
    );
    assert_eq!(app.browse().reader.cursor, None, "the reader starts again");
    assert!(app.desk.fresh.is_empty());
    let msg = &app.message.as_ref().unwrap().text;
    assert!(
        msg.starts_with("changed on disk: ")
            && msg.contains("claims view of the old text closed")
            && msg.ends_with("2 verdicts followed the new text"),
        "{msg}"
    );
    // the story views wait for the analysis instead of doing it here
    press(&mut app, &["C"]);
    assert_eq!(app.top().name(), "article list");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("being analysed"),
        "{:?}",
        app.message
    );

    // the verdicts are still there: the untouched sentence's under its new
    // key, the edited one flagged "text changed since"
    let hash = newsdesk::workflow::article_hash(&app.desk.articles[a]);
    let moved: Vec<_> = app
        .review
        .verdicts
        .values()
        .filter(|e| e.verdict == Verdict::Verified)
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].key.article_hash(), Some(hash.as_str()));
    assert!(!moved[0].text_changed);
    let flagged: Vec<_> = app
        .review
        .verdicts
        .values()
        .filter(|e| e.verdict == Verdict::Disputed)
        .collect();
    assert_eq!(flagged.len(), 1);
    assert!(flagged[0].text_changed, "{:?}", flagged[0]);

    // analysed again, regrouped, and the claims view opens on the new text
    assert!(pump(&mut app, &rx, Duration::from_secs(120), settled));
    press(&mut app, &["esc", "C"]);
    assert_eq!(app.top().name(), "claims", "{:?}", app.message);
    let _ = render(&app, 160, 40);
}

/// The whole live path: the dashboard's load-and-watch on a folder, a file
/// copied in, the App pumped until it shows it.
#[test]
fn a_file_landing_in_the_watched_folder_appears_in_the_list() {
    let dir = folder_with(&[SEEDS[0], SEEDS[1], SEEDS[3]]);
    let mut app = new_app(Desk::default());
    let (tx, rx) = mpsc::channel();
    app.set_workers(newsdesk::tui::start_workers(&tx).unwrap());
    let live = newsdesk::tui::start_load_and_watch(
        &[dir.path().to_path_buf()],
        &default_settings(),
        tx.clone(),
    )
    .unwrap();
    assert!(
        pump(&mut app, &rx, Duration::from_secs(30), |a| {
            !a.desk.is_loading() && !a.watching.is_empty()
        }),
        "loaded and watching: {:?}",
        app.desk.warnings
    );
    assert_eq!(app.desk.articles.len(), 3);
    assert_eq!(app.watching, vec![dir.path().to_path_buf()]);

    // written under a temporary name and renamed, as downloads are
    let tmp = dir.path().join(".partial");
    std::fs::copy(seed(SEEDS[4]), &tmp).unwrap();
    std::fs::rename(&tmp, dir.path().join(SEEDS[4])).unwrap();
    assert!(
        pump(&mut app, &rx, Duration::from_secs(5), |a| a
            .desk
            .articles
            .len()
            == 4),
        "the new file appears within 5 s"
    );
    let screen = text(&render(&app, 160, 40));
    assert!(screen.contains("● 1 new report"), "{screen}");
    assert_eq!(app.desk.articles[3].id, SEEDS[4].trim_end_matches(".txt"));
    // it joins the shooting's story once analysed and regrouped
    assert!(pump(&mut app, &rx, Duration::from_secs(120), settled));
    let (first, other) = (index_of(&app, SEEDS[0]), index_of(&app, SEEDS[3]));
    let st = app.desk.stories.as_ref().unwrap();
    assert_eq!(st.story_of[3], st.story_of[first]);
    assert_ne!(st.story_of[other], st.story_of[first]);
    drop(live);
}

/// A file given alone is watched alone: it is reloaded when it changes,
/// and the files beside it are not picked up.
#[test]
fn a_file_given_alone_is_watched_alone() {
    let dir = folder_with(&[SEEDS[0]]);
    let file = dir.path().join(SEEDS[0]);
    let mut app = new_app(Desk::default());
    let (tx, rx) = mpsc::channel();
    app.set_workers(newsdesk::tui::start_workers(&tx).unwrap());
    let _live =
        newsdesk::tui::start_load_and_watch(std::slice::from_ref(&file), &default_settings(), tx)
            .unwrap();
    assert!(pump(&mut app, &rx, Duration::from_secs(30), |a| {
        !a.desk.is_loading() && !a.watching.is_empty()
    }));
    std::fs::copy(seed(SEEDS[1]), dir.path().join(SEEDS[1])).unwrap();
    let body = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{body}\nThe mission said more later.\n")).unwrap();
    assert!(
        pump(&mut app, &rx, Duration::from_secs(5), |a| {
            a.desk.articles[0].body.contains("more later")
        }),
        "the file given is reloaded"
    );
    // whatever else came by now came with the reload
    while let Ok(e) = rx.try_recv() {
        app.handle_event(e);
    }
    assert_eq!(app.desk.articles.len(), 1, "its neighbour is not loaded");
    assert_eq!(
        app.desk.fresh.get(&0),
        Some(&newsdesk::desk::Fresh::Updated)
    );
    let screen = text(&render(&app, 160, 40));
    assert!(list_row(&screen, &app, 0).contains("upd Kenya"), "{screen}");
    assert!(screen.contains("● 1 updated report"), "{screen}");
}

/// A feed of the config polled into the watched folder (from a server on
/// 127.0.0.1 that this test starts and that stops by itself): its item
/// arrives as a new report; a feed that fails is a warning, not a crash.
#[test]
fn configured_feeds_are_polled_into_the_watched_folder() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
            <item><guid>wire-1</guid><title>Kenyan officer killed in Haiti gang clash</title>\
            <pubDate>Mon, 24 Feb 2025 08:00:00 GMT</pubDate><description>A Kenyan police officer \
            serving with the Multinational Security Support mission in Haiti was shot dead in a \
            clash with gangs in the Artibonite region on Sunday, the mission said.</description>\
            </item></channel></rss>";
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            stream.set_nonblocking(false).ok();
            stream.set_read_timeout(Some(Duration::from_secs(2))).ok();
            let mut req = Vec::new();
            let mut buf = [0u8; 1024];
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => req.extend_from_slice(&buf[..k]),
                }
            }
            let (status, body) = if String::from_utf8_lossy(&req).starts_with("GET /feed.xml ") {
                ("200 OK", rss)
            } else {
                ("404 Not Found", "")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let mut settings = default_settings();
    newsdesk::config::apply_user_config(
        &mut settings,
        "config.toml",
        &format!(
            "[[feeds]]\nurl = \"http://{addr}/feed.xml\"\nevery = \"1h\"\nname = \"wire\"\n\n\
             [[feeds]]\nurl = \"http://{addr}/gone.xml\"\nevery = \"1h\"\n"
        ),
    )
    .unwrap();
    let dir = folder_with(&[SEEDS[0]]);
    let mut app = new_app(Desk::default());
    let (tx, rx) = mpsc::channel();
    app.set_workers(newsdesk::tui::start_workers(&tx).unwrap());
    let _live =
        newsdesk::tui::start_load_and_watch(&[dir.path().to_path_buf()], &settings, tx).unwrap();
    assert!(
        pump(&mut app, &rx, Duration::from_secs(15), |a| {
            a.desk.articles.len() == 2
                && a.desk
                    .warnings
                    .iter()
                    .any(|w| w.path.ends_with("/gone.xml"))
        }),
        "the feed's item arrives and the missing feed is a warning: {:?}",
        app.desk.warnings
    );
    assert!(dir.path().join("wire.xml").is_file(), "saved in the folder");
    let item = &app.desk.articles[1];
    assert_eq!(item.title, "Kenyan officer killed in Haiti gang clash");
    assert_eq!(app.desk.fresh.len(), 1);
}

/// A watch that cannot start is a warning in the log and the status line.
#[test]
fn a_watch_that_fails_is_a_warning() {
    let mut app = new_app(Desk::default());
    app.handle_event(AppEvent::Watching(Err("cannot watch /x: no space".into())));
    assert!(app.message.as_ref().unwrap().warning);
    assert!(
        app.desk.warnings[0]
            .message
            .contains("new files are not picked up: cannot watch /x")
    );
    let screen = text(&render(&app, 100, 20));
    assert!(screen.contains("⚠ 1 warning"), "{screen}");
}

/// Comparing two reports whose sentences were never embedded (they are in
/// different stories, so no story's claims embedded them) runs the encoder
/// off the UI thread: the call returns at once, the status line says what
/// is computed, and the comparison opens when the job reports back.
#[test]
fn a_comparison_that_needs_embeddings_is_prepared_off_the_ui_thread() {
    let dir = folder_with(&[SEEDS[0], SEEDS[1], SEEDS[3]]);
    let store = tempfile::tempdir().unwrap();
    let (mut app, rx, _state) = live_app(dir.path(), store.path());
    assert!(pump(&mut app, &rx, Duration::from_secs(120), settled));
    let (a, b) = (index_of(&app, SEEDS[0]), index_of(&app, SEEDS[3]));
    let stories = app.desk.stories.as_ref().unwrap();
    assert_ne!(
        stories.story_of[a], stories.story_of[b],
        "a report of another incident"
    );
    let analysis = app.desk.analyses[b].clone().unwrap();
    assert!(
        !analysis.has_vectors(),
        "its story has one report: never embedded"
    );
    app.open(Open::Compare {
        left: a,
        right: b,
        focus: None,
    });
    assert_eq!(app.depth(), 1, "nothing opened on the UI thread");
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("reading the sentences"), "{said}");
    // asking again while it runs says so and starts nothing new
    app.open(Open::Compare {
        left: a,
        right: b,
        focus: None,
    });
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("still preparing"), "{said}");
    assert!(pump(&mut app, &rx, Duration::from_secs(120), |app| app
        .depth()
        == 2));
    assert_eq!(app.top().name(), "compare");
    assert!(analysis.has_vectors());
}

/// A report the dashboard writes into the folder it watches is its own
/// output, not a new report: it never joins the list; a file someone else
/// drops there does.
#[test]
fn a_report_the_dashboard_wrote_is_not_loaded_back() {
    let dir = folder_with(&[SEEDS[0], SEEDS[1]]);
    let store = tempfile::tempdir().unwrap();
    let (mut app, _rx, mut state) = live_app(dir.path(), store.path());
    assert_eq!(app.desk.articles.len(), 2);
    let ours = dir.path().join("newsdesk-report-2026-01-01.md");
    std::fs::write(
        &ours,
        "# Fact-check report\n\nEvery verdict of the desk, story by story, with notes.\n",
    )
    .unwrap();
    app.wrote(&ours);
    for e in load_live(&mut state, std::slice::from_ref(&ours)) {
        app.handle_event(AppEvent::Live(e));
    }
    assert_eq!(
        app.desk.articles.len(),
        2,
        "the desk's own report stays out"
    );
    let theirs = dir.path().join(SEEDS[3]);
    std::fs::copy(seed(SEEDS[3]), &theirs).unwrap();
    for e in load_live(&mut state, &[theirs]) {
        app.handle_event(AppEvent::Live(e));
    }
    assert_eq!(app.desk.articles.len(), 3, "another file does join");
}

/// `:report` reads every story's analyses and claims: the dashboard writes
/// it on a thread of its own from a copy of the desk, says so at once, and
/// says where it went when it is done.
#[test]
fn the_report_is_written_off_the_ui_thread() {
    let dir = folder_with(&[SEEDS[0], SEEDS[1], SEEDS[3]]);
    let store = tempfile::tempdir().unwrap();
    let (mut app, rx, _state) = live_app(dir.path(), store.path());
    assert!(
        pump(&mut app, &rx, Duration::from_secs(120), settled),
        "the first grouping"
    );
    let out = store.path().join("report.md");
    newsdesk::tui::write_report(&mut app, Some(out.clone()), None);
    // (the call returns at once; the status line says what is under way)
    let screen = text(&render(&app, 160, 40));
    assert!(
        screen.contains("writing the report in the background"),
        "{screen}"
    );
    let done = |a: &App| text(&render(a, 160, 40)).contains("report of every story written");
    assert!(pump(&mut app, &rx, Duration::from_secs(120), done));
    assert!(!app.reporting.load(std::sync::atomic::Ordering::SeqCst));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Fact-check report"), "{md}");
    assert!(md.contains("## s1"), "{md}");
}
