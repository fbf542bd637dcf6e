//! Whole-dashboard snapshots in a TestBackend, driven by keys as a user would.

use newsdesk::config::default_settings;
use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::desk::Desk;
use newsdesk::review::Verdict;
use newsdesk::tui::app::{App, Effect};
use newsdesk::tui::keymap::{Key, Keymap};
use newsdesk::tui::screens::{
    browse::Focus, claims::ClaimsScreen, compare::CompareScreen, quotes::QuotesScreen,
    reader::ReaderScreen,
};
use newsdesk::tui::theme::Theme;
use ratatui::style::Color;

mod common;
use common::dashboard::{render, text};

fn seeds_desk() -> Desk {
    let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut desk = Desk::from_report(load_paths(&[seeds], &LoadOptions::default()));
    desk.analyze_all();
    desk
}

fn app_of(desk: Desk, no_color: bool) -> App {
    let s = default_settings();
    App::new(
        desk,
        Keymap::from_settings(&s).unwrap(),
        Theme::from_settings(&s, no_color).unwrap(),
    )
}

fn seeds_app(no_color: bool) -> App {
    app_of(seeds_desk(), no_color)
}

/// The seeds with their stories and every story's claims, and a store.
fn seeds_app_with_store(dir: &std::path::Path) -> App {
    let mut desk = seeds_desk();
    desk.compute_stories();
    desk.all_story_claims();
    let mut app = app_of(desk, false);
    let review = newsdesk::workflow::Review::open(&dir.join("review.db"), "tester").unwrap();
    app.set_review(review);
    app
}

fn keys(app: &mut App, keys: &[&str]) {
    for k in keys {
        app.handle_key(Key::parse(k).unwrap());
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(Key::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
}

/// Every screen, at 80×24 and at 160×48: the keys that lead there.
#[test]
fn every_screen_at_80x24_and_160x48() {
    let screens: &[(&str, &[&str])] = &[
        ("list", &[]),
        ("reader_pane", &["j", "enter", "j", "j"]),
        ("entity_pane", &["e"]),
        ("compare", &["c", "j", "j"]),
        ("picker", &["c", "p"]),
        ("story", &["v"]),
        ("claims", &["C"]),
        ("reader_evidence", &["C", "enter"]),
        ("quotes", &["Q", "j"]),
        ("entities", &["e", "c"]),
        ("stories", &["t"]),
        ("help", &["?"]),
    ];
    for (name, path) in screens {
        for (w, h) in [(80u16, 24u16), (160, 48)] {
            let dir = tempfile::tempdir().unwrap();
            let mut app = seeds_app_with_store(dir.path());
            // a first frame so screens know their size, as in the dashboard
            let _ = render(&app, w, h);
            for k in *path {
                keys(&mut app, &[k]);
                let _ = render(&app, w, h);
            }
            let t = render(&app, w, h);
            let screen = text(&t);
            let last = screen.lines().last().unwrap_or("");
            assert!(
                last.contains("help") && (last.contains("quit") || last.contains("back")),
                "{name} at {w}×{h}: ? and q must stay in the key bar: {last:?}"
            );
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
        }
    }
}

#[test]
fn filter_typed() {
    let mut app = seeds_app(false);
    keys(&mut app, &["/", "g", "u", "t", "e", "r"]);
    let t = render(&app, 140, 30);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn fuzzy_title_filter_highlights_matches() {
    let mut app = seeds_app(false);
    keys(&mut app, &["/", "m", "s", "s"]);
    let t = render(&app, 140, 30);
    // matched title characters carry the match style
    let theme = Theme::from_settings(&default_settings(), false).unwrap();
    let buf = t.backend().buffer();
    let highlighted = buf
        .content()
        .iter()
        .filter(|c| c.fg == theme.filter_match.fg.unwrap())
        .count();
    assert!(highlighted >= 3, "expected highlighted match characters");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn story_and_outlet_prefixes_filter_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["/"]);
    type_text(&mut app, "story:s1");
    assert_eq!(app.browse().list.rows.len(), 4, "s1 has four reports");
    keys(&mut app, &["enter", "/"]);
    type_text(&mut app, "outlet:kenya");
    let rows = &app.browse().list.rows;
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| {
        app.desk.articles[r.article]
            .outlet
            .as_deref()
            .is_some_and(|o| o.to_lowercase().contains("kenya"))
    }));
    // the header and the status line count alike
    let screen = text(&render(&app, 140, 30));
    let n = rows.len();
    assert!(screen.contains(&format!("Articles ({n} of 5)")), "{screen}");
    assert!(screen.contains(&format!("{n} of 5 articles")), "{screen}");
}

#[test]
fn the_list_sorts_by_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["s"]);
    let list = &app.browse().list;
    assert_eq!(list.sort, newsdesk::tui::screens::list::SortKey::Story);
    let stories = app.desk.stories.as_ref().unwrap();
    let order: Vec<usize> = list
        .rows
        .iter()
        .map(|r| stories.story_of[r.article])
        .collect();
    assert_eq!(
        order[..4],
        [order[0]; 4],
        "the four reports of s1 together: {order:?}"
    );
}

#[test]
fn the_list_dates_an_article_by_the_posts_it_embeds() {
    // the file says February; the text quotes a post of 8 November: the
    // list shows (and sorts by) the day the text speaks from
    let dir = tempfile::tempdir().unwrap();
    let body = "The company said the bar would change shape. Shoppers were unhappy. \
                -- Angela Night (@Angelheartnight) November 8, 2016 The company said more.";
    std::fs::write(
        dir.path().join("a.json"),
        serde_json::json!({"title": "Bar changes shape", "outlet": "Paper",
                           "published": "2016-02-08", "body": body})
        .to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        serde_json::json!({"title": "Something in June", "outlet": "Other",
                           "published": "2016-06-01", "body": "A plain report of June. It says little."})
        .to_string(),
    )
    .unwrap();
    let desk = Desk::from_report(load_paths(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
    ));
    let mut app = app_of(desk, false);
    keys(&mut app, &["s", "s"]);
    assert_eq!(
        app.browse().list.sort,
        newsdesk::tui::screens::list::SortKey::Date
    );
    let screen = text(&render(&app, 220, 12));
    // (the list pane's part of each line: the reader beside it gives both)
    let list: Vec<&str> = screen
        .lines()
        .map(|l| l.split('│').next().unwrap())
        .collect();
    let row = |title: &str| {
        list.iter()
            .position(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} listed: {screen}"))
    };
    let line = list[row("Bar changes shape")];
    assert!(line.contains("2016-11-08"), "{screen}");
    assert!(!line.contains("2016-02-08"), "{screen}");
    assert!(
        row("Bar changes shape") < row("Something in June"),
        "newest first, by the text's day: {screen}"
    );
}

#[test]
fn no_color_has_no_colours() {
    let mut app = seeds_app(true);
    keys(&mut app, &["j", "/", "k", "e"]);
    let t = render(&app, 120, 30);
    for cell in t.backend().buffer().content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "coloured cell {cell:?}"
        );
    }
    insta::assert_snapshot!(t.backend());
}

#[test]
fn reader_scrolls_and_dims_boilerplate() {
    let mut app = seeds_app(false);
    let _ = render(&app, 140, 30);
    keys(&mut app, &["enter", "G"]);
    let t = render(&app, 140, 30);
    // after End the footer of seed 000 is on screen, in the boilerplate style
    let theme = Theme::from_settings(&default_settings(), false).unwrap();
    let buf = t.backend().buffer();
    let dimmed = buf
        .content()
        .iter()
        .filter(|c| Some(c.fg) == theme.boilerplate.fg && c.symbol() != " ")
        .count();
    assert!(dimmed > 20, "footer should be dimmed");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn log_overlay_lists_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "A story.\nMore of it.").unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let desk = Desk::from_report(load_paths(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
    ));
    let mut app = app_of(desk, false);
    keys(&mut app, &["w"]);
    let screen = text(&render(&app, 100, 20));
    assert!(
        screen.contains("empty.txt: skipped: empty file"),
        "{screen}"
    );
    assert!(screen.contains("1 warning"));
}

#[test]
fn entities_are_highlighted_by_type() {
    let app = seeds_app(false);
    let t = render(&app, 140, 30);
    let theme = Theme::from_settings(&default_settings(), false).unwrap();
    let buf = t.backend().buffer();
    let cells = |style: ratatui::style::Style| {
        buf.content()
            .iter()
            .filter(|c| Some(c.fg) == style.fg && c.symbol() != " ")
            .count()
    };
    // seed 000 opens with places and a date in its first sentence
    assert!(cells(theme.entity_place) >= 5, "places coloured");
    assert!(cells(theme.entity_date) >= 5, "dates coloured");
}

#[test]
fn entity_pane_choose_and_jump_highlights_the_mention() {
    let mut app = seeds_app(false);
    keys(&mut app, &["e"]);
    let _ = render(&app, 160, 40);
    let person = app
        .browse()
        .entities
        .rows
        .iter()
        .position(|r| r.group == newsdesk::nlp::entities::Group::Person)
        .unwrap();
    for _ in 0..person {
        keys(&mut app, &["j"]);
    }
    keys(&mut app, &["enter"]);
    let reader = &app.browse().reader;
    assert!(reader.chosen.is_some());
    assert!(reader.mention.is_some(), "jumped to a mention");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("mention 1 of ")
    );
    keys(&mut app, &["n"]);
    let t = render(&app, 160, 40);
    // the current mention is drawn in its own style
    let theme = Theme::from_settings(&default_settings(), false).unwrap();
    let current = t
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.modifier.contains(theme.mention_current.add_modifier) && c.symbol() != " ")
        .count();
    assert!(current >= 3, "the current mention is highlighted");
    insta::assert_snapshot!(t.backend());
    // c: the corpus's entities; Enter jumps to a mention in another screen
    keys(&mut app, &["c"]);
    assert_eq!(app.top().name(), "entities");
    keys(&mut app, &["enter"]);
    assert_eq!(app.top().name(), "reader");
    let r = app.top_as::<ReaderScreen>().unwrap();
    assert!(r.reader.chosen.is_some());
    keys(&mut app, &["n"]);
    assert!(
        app.top_as::<ReaderScreen>()
            .unwrap()
            .reader
            .mention
            .is_some()
    );
    keys(&mut app, &["esc"]);
    assert_eq!(app.top().name(), "entities");
}

#[test]
fn type_toggles_turn_highlighting_off() {
    let mut app = seeds_app(false);
    keys(&mut app, &["5"]);
    let t = render(&app, 140, 30);
    let theme = Theme::from_settings(&default_settings(), false).unwrap();
    let dates = t
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| Some(c.fg) == theme.entity_date.fg)
        .count();
    assert_eq!(dates, 0, "date highlighting is off");
}

#[test]
fn compare_goes_through_reports_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["c"]);
    let c = app.top_as::<CompareScreen>().unwrap();
    let first_right = c.right;
    let screen = text(&render(&app, 160, 40));
    assert!(screen.contains("report 2 of 4"), "{screen}");
    keys(&mut app, &["]"]);
    let c = app.top_as::<CompareScreen>().unwrap();
    assert_ne!(c.right, first_right);
    assert!(text(&render(&app, 160, 40)).contains("report 3 of 4"));
    keys(&mut app, &["x"]);
    let c = app.top_as::<CompareScreen>().unwrap();
    assert_eq!(
        app.desk.articles[c.right].id, "000_d7aaabb21fde10c8",
        "swapped"
    );
    // pick any article, even one of another story
    keys(&mut app, &["p"]);
    assert_eq!(app.top().name(), "pick an article");
    type_text(&mut app, "deployed");
    keys(&mut app, &["enter"]);
    let c = app.top_as::<CompareScreen>().unwrap();
    assert!(text(&render(&app, 160, 40)).contains("picked"));
    assert_eq!(app.depth(), 2, "the picked comparison replaced the old one");
    let _ = c;
    keys(&mut app, &["esc"]);
    assert_eq!(app.depth(), 1);
}

#[test]
fn a_verdict_on_a_pair_marks_both_sentences_everywhere_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["c"]);
    // go to the first pair
    let c = app.top_as::<CompareScreen>().unwrap();
    let pair = c
        .rows
        .iter()
        .position(|r| r.left.is_some() && r.right.is_some())
        .unwrap();
    for _ in 0..pair {
        keys(&mut app, &["j"]);
    }
    let target = app.target().unwrap();
    assert_eq!(target.items.len(), 2, "a pair is both sentences");
    keys(&mut app, &["D"]);
    let msg = app.message.clone().unwrap().text;
    assert!(msg.starts_with("disputed: pair (sentence "), "{msg}");
    for item in &target.items {
        assert_eq!(app.review.verdict(&item.key), Verdict::Disputed);
    }
    // the marker is on the row, and in the reader beside each sentence
    let screen = text(&render(&app, 160, 40));
    assert!(screen.matches("! ").count() >= 2, "{screen}");
    keys(&mut app, &["enter"]);
    assert_eq!(app.top().name(), "reader");
    let screen = text(&render(&app, 160, 40));
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("┃! ") || l.starts_with("│! ")),
        "{screen}"
    );
    // one side only with h / l
    keys(&mut app, &["esc", "l"]);
    assert_eq!(app.target().unwrap().items.len(), 1);
    // u undoes the whole pair
    keys(&mut app, &["u"]);
    for item in &target.items {
        assert_eq!(app.review.verdict(&item.key), Verdict::Unchecked);
    }
    keys(&mut app, &["ctrl-r"]);
    // a new dashboard on the same store shows them
    let again = seeds_app_with_store(dir.path());
    for item in &target.items {
        assert_eq!(again.review.verdict(&item.key), Verdict::Disputed);
    }
}

#[test]
fn claims_view_verdicts_notes_undo_and_persistence() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["C", "D", "a"]);
    type_text(&mut app, "called the press office");
    keys(&mut app, &["enter"]);
    let target = app.target().unwrap();
    let e = app.verdict_of(&target.items[0]).unwrap();
    assert_eq!(e.verdict, Verdict::Disputed);
    assert_eq!(e.note, "called the press office");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("note saved on difference on figure"),
        "{:?}",
        app.message
    );
    // the marker shows in the view, the verdict reads "needs source" in words
    let screen = text(&render(&app, 160, 36));
    assert!(screen.contains("!✎"), "marker shown");
    keys(&mut app, &["S"]);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("needs source: ")
    );
    // unchecked-only filter hides it
    keys(&mut app, &["f"]);
    let c = app.top_as::<ClaimsScreen>().unwrap();
    assert!(
        c.shown.len()
            < c.table
                .rows
                .iter()
                .filter(|r| r.level != newsdesk::tui::screens::claims::Level::OneOutlet)
                .count()
    );
    keys(&mut app, &["f"]);
    // undo the needs-source, then the note
    keys(&mut app, &["u", "u"]);
    assert_eq!(
        app.verdict_of(&target.items[0]).map(|e| e.note.as_str()),
        Some("")
    );
    // a new dashboard on the same store finds the verdict
    let again = seeds_app_with_store(dir.path());
    assert_eq!(
        again.verdict_of(&target.items[0]).unwrap().verdict,
        Verdict::Disputed
    );
}

#[test]
fn claims_enter_reads_the_evidence_and_esc_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["C", "j"]);
    let _ = render(&app, 120, 30);
    let left_on = app.top_as::<ClaimsScreen>().unwrap().selected;
    keys(&mut app, &["enter"]);
    let r = app.top_as::<ReaderScreen>().unwrap();
    let sentence = r.reader.cursor.expect("cursor on the evidence");
    assert!(r.reader.evidence.is_some());
    let t = render(&app, 120, 30);
    // the evidence is on screen, in its style
    let theme = Theme::from_settings(&default_settings(), false).unwrap();
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.bg == theme.evidence.bg.unwrap()),
        "evidence marked"
    );
    // a verdict here is on the sentence, and says so
    keys(&mut app, &["V"]);
    let msg = app.message.clone().unwrap().text;
    assert!(msg.starts_with("verified: sentence "), "{msg}");
    let _ = sentence;
    keys(&mut app, &["esc"]);
    let c = app.top_as::<ClaimsScreen>().unwrap();
    assert_eq!(c.selected, left_on, "back on the row the editor left");
}

#[test]
fn story_overview_and_quotes_views() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["v"]);
    assert_eq!(app.top().name(), "story overview");
    keys(&mut app, &["esc", "Q"]);
    let q = app.top_as::<QuotesScreen>().unwrap();
    // the same quote once per article, quote marks never doubled
    let hero = q
        .quotes
        .iter()
        .filter(|q| q.text.contains("fallen hero"))
        .count();
    assert_eq!(hero, 1);
    let screen = text(&render(&app, 140, 24));
    assert!(!screen.contains("““"), "{screen}");
    keys(&mut app, &["enter"]);
    assert_eq!(app.top().name(), "reader");
    keys(&mut app, &["esc"]);
    assert_eq!(app.top().name(), "quotes");
    keys(&mut app, &["V"]);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("verified: quote “")
    );
}

#[test]
fn copy_and_command_line_produce_effects() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["y"]);
    assert!(matches!(app.effects.last(), Some(Effect::Copy(t)) if t.contains("Kenya Insights")));
    keys(&mut app, &[":"]);
    type_text(&mut app, "report");
    keys(&mut app, &["enter"]);
    let story = app.desk.stories.as_ref().unwrap().story_of[0];
    assert_eq!(
        app.effects.last(),
        Some(&Effect::WriteReport {
            path: None,
            stories: Some(vec![story])
        }),
        ":report writes the current story"
    );
    keys(&mut app, &[":"]);
    type_text(&mut app, "report --all out.md");
    keys(&mut app, &["enter"]);
    assert_eq!(
        app.effects.last(),
        Some(&Effect::WriteReport {
            path: Some("out.md".into()),
            stories: None
        })
    );
}

#[test]
fn the_reader_cursor_moves_by_sentence_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    let _ = render(&app, 140, 30);
    keys(&mut app, &["enter"]);
    assert_eq!(app.browse().focus, Focus::Reader);
    let first = app.browse().reader.cursor.unwrap();
    keys(&mut app, &["j", "j"]);
    assert!(app.browse().reader.cursor.unwrap() > first);
    let screen = text(&render(&app, 140, 30));
    assert!(screen.contains("sentence 3 of "), "{screen}");
    keys(&mut app, &["F"]);
    assert_eq!(
        app.message.clone().unwrap().text,
        "false: sentence 3 of Kenya Insights"
    );
    let screen = text(&render(&app, 140, 30));
    assert!(screen.contains("✗ "), "{screen}");
}

#[test]
fn a_tiny_terminal_keeps_the_title_and_the_way_out() {
    let app = seeds_app(false);
    let t = render(&app, 40, 10);
    let screen = text(&t);
    // the title keeps more room than the outlet
    assert!(screen.contains("Kenya suffered its"), "{screen}");
    let last = screen.lines().last().unwrap();
    assert!(
        last.contains("? help") && last.contains("q quit"),
        "{last:?}"
    );
    insta::assert_snapshot!(t.backend());
}

/// A desk of `n` made-up articles: titles, outlets, dates and bodies
/// drawn from a few words.
fn made_up_desk(n: usize) -> Desk {
    use newsdesk::corpus::{LoadReport, RawArticle, build_article};
    let words = [
        "harbour", "vote", "storm", "budget", "ferry", "mayor", "court",
    ];
    let outlets = ["Herald", "Post", "Wire", "Tribune", "Gazette"];
    let articles = (0..n)
        .map(|i| {
            let w = |k: usize| words[(i / k) % words.len()];
            build_article(RawArticle {
                title: Some(format!("{} {} {}", w(1), w(3), w(11))),
                outlet: Some(outlets[(i * 7) % outlets.len()].into()),
                published: (i % 13 != 0).then(|| format!("2024-03-{:02}", 1 + i % 28)),
                body: format!("The {} report number {i} mentions the {}.", w(5), w(17)),
                ..Default::default()
            })
        })
        .collect();
    Desk::from_report(LoadReport {
        articles,
        warnings: Vec::new(),
        files: 1,
    })
}

/// Applies the search thread's answers until the filter waits for none;
/// how many there were.
fn take_search_answers(
    app: &mut App,
    results: &std::sync::mpsc::Receiver<newsdesk::search::SearchResult>,
) -> usize {
    let mut answers = 0;
    while app.browse().list.filter.pending > 0 {
        let r = results.recv().unwrap();
        app.handle_event(newsdesk::tui::app::AppEvent::Search(r));
        answers += 1;
    }
    answers
}

/// The list's rows: each article and its hit (score, found in the body).
fn list_rows(app: &App) -> Vec<(usize, Option<(i64, bool)>)> {
    app.browse()
        .list
        .rows
        .iter()
        .map(|r| (r.article, r.hit.as_ref().map(|h| (h.score, h.in_body))))
        .collect()
}

/// A filter over more articles than a keystroke matches itself: the
/// background search thread's hits, merged into the rows as they come,
/// give the rows matching everything on the UI thread gives, in every sort
/// order, forwards and reversed.
#[test]
fn background_search_gives_the_rows_a_keystroke_alone_gives() {
    let desk = || made_up_desk(9_000);
    for sorts in 0..5 {
        for reverse in [false, true] {
            let mut alone = app_of(desk(), true);
            let mut helped = app_of(desk(), true);
            let (tx, jobs) = std::sync::mpsc::channel();
            let (results_tx, results) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                newsdesk::search::serve(jobs, None, |searcher, job, articles, _| {
                    results_tx.send(job.run(searcher, articles)).is_ok()
                })
            });
            helped.set_search_worker(tx);
            for app in [&mut alone, &mut helped] {
                for _ in 0..sorts {
                    keys(app, &["s"]);
                }
                if reverse {
                    keys(app, &["r"]);
                }
            }
            let mut background = 0;
            for query in ["harb mayor", "outlet:post vote"] {
                for app in [&mut alone, &mut helped] {
                    keys(app, &["/"]);
                }
                for c in query.chars() {
                    for app in [&mut alone, &mut helped] {
                        type_text(app, &c.to_string());
                    }
                    let answers = take_search_answers(&mut helped, &results);
                    background += answers;
                    let sort = alone.browse().list.sort;
                    assert_eq!(
                        list_rows(&alone),
                        list_rows(&helped),
                        "sort {sort:?}, reversed {reverse}, after typing {c:?} of {query:?} ({answers} answers)"
                    );
                }
                assert!(!list_rows(&alone).is_empty(), "{query}");
                for app in [&mut alone, &mut helped] {
                    keys(app, &["enter"]);
                }
            }
            assert!(background > 0, "the search thread was never asked");
        }
    }
}

/// The same with the body index: once its snapshot has reached the search
/// thread, bodies are looked up, not read, and the rows are those reading
/// every body gives.
#[test]
fn the_body_index_gives_the_rows_reading_the_bodies_gives() {
    use newsdesk::tui::app::AppEvent;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let desk = || made_up_desk(6_000);
    let index = tempfile::tempdir().unwrap();
    let plan = newsdesk::search::IndexPlan {
        dir: index.path().join("bodies"),
        from: 1,
        min_job: Some(0),
    };
    let mut alone = app_of(desk(), true);
    let mut helped = app_of(desk(), true);
    let (tx, jobs) = std::sync::mpsc::channel();
    let (results_tx, results) = std::sync::mpsc::channel();
    let looked_up = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = looked_up.clone();
    std::thread::spawn(move || {
        newsdesk::search::serve(jobs, Some(plan), |searcher, job, articles, index| {
            let r = job.run_indexed(searcher, articles, index);
            counted.fetch_add(r.looked_up, Ordering::Relaxed);
            results_tx.send(r).is_ok()
        })
    });
    helped.set_search_worker(tx);
    helped.handle_event(AppEvent::LoadFinished);
    // the index is built and its snapshot handed over after a quiet moment
    std::thread::sleep(std::time::Duration::from_millis(1500));
    for query in [
        "mention",
        "ferry report",
        "storm mentions budg",
        "numb harb",
    ] {
        for app in [&mut alone, &mut helped] {
            keys(app, &["/"]);
        }
        for c in query.chars() {
            for app in [&mut alone, &mut helped] {
                type_text(app, &c.to_string());
            }
            take_search_answers(&mut helped, &results);
            assert_eq!(
                list_rows(&alone),
                list_rows(&helped),
                "after typing {c:?} of {query:?}"
            );
        }
        assert!(!list_rows(&alone).is_empty(), "{query}");
        for app in [&mut alone, &mut helped] {
            keys(app, &["esc"]);
        }
    }
    assert!(
        looked_up.load(Ordering::Relaxed) > 0,
        "the index was never asked"
    );
}
