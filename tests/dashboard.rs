//! Whole-dashboard snapshots in a TestBackend, driven by keys as a user would.

use newsdesk::config::default_settings;
use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::desk::Desk;
use newsdesk::tui::app::App;
use newsdesk::tui::keymap::{Key, Keymap};
use newsdesk::tui::theme::Theme;
use newsdesk::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

fn seeds_app(no_color: bool) -> App {
    let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut desk = Desk::from_report(load_paths(&[seeds], &LoadOptions::default()));
    desk.analyze_all();
    let s = default_settings();
    App::new(
        desk,
        Keymap::from_settings(&s).unwrap(),
        Theme::from_settings(&s, no_color).unwrap(),
    )
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| views::draw(f, app)).unwrap();
    terminal
}

fn keys(app: &mut App, keys: &[&str]) {
    for k in keys {
        app.handle_key(Key::parse(k).unwrap());
    }
}

#[test]
fn startup_on_seeds() {
    let app = seeds_app(false);
    insta::assert_snapshot!(render(&app, 140, 40).backend());
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
fn help_open() {
    let mut app = seeds_app(false);
    keys(&mut app, &["?"]);
    insta::assert_snapshot!(render(&app, 120, 44).backend());
}

#[test]
fn narrow_terminal() {
    let mut app = seeds_app(false);
    insta::assert_snapshot!("narrow_list", render(&app, 60, 20).backend());
    keys(&mut app, &["j", "enter"]);
    insta::assert_snapshot!("narrow_reader", render(&app, 60, 20).backend());
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
    // render again so the reader knows its height, then jump to the end
    keys(&mut app, &["G"]);
    insta::assert_snapshot!(render(&app, 140, 30).backend());
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
    let s = default_settings();
    let mut app = App::new(
        desk,
        Keymap::from_settings(&s).unwrap(),
        Theme::from_settings(&s, false).unwrap(),
    );
    keys(&mut app, &["w"]);
    let t = render(&app, 100, 20);
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("empty.txt: skipped: empty file"), "{text}");
    assert!(text.contains("1 warning"));
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
fn entity_pane_choose_and_jump() {
    let mut app = seeds_app(false);
    keys(&mut app, &["e"]);
    let _ = render(&app, 160, 40);
    // choose the first PERSON row
    let person = app
        .entities
        .rows
        .iter()
        .position(|r| r.group == newsdesk::nlp::entities::Group::Person)
        .unwrap();
    app.entities.selected = person;
    keys(&mut app, &["enter"]);
    assert!(app.chosen_entity.is_some());
    assert!(app.mention_cursor.is_some(), "jumped to a mention");
    keys(&mut app, &["n"]);
    insta::assert_snapshot!(render(&app, 160, 40).backend());
    keys(&mut app, &["c"]);
    assert!(app.entities.corpus);
    assert!(app.entities.rows.iter().any(|r| r.outlets >= 1));
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

fn seeds_app_with_store(dir: &std::path::Path) -> App {
    let mut app = seeds_app(false);
    app.desk.compute_stories();
    let review = newsdesk::workflow::Review::open(&dir.join("review.db"), "tester").unwrap();
    app.set_review(review);
    app
}

#[test]
fn compare_view_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["c"]);
    assert!(matches!(
        app.screen,
        newsdesk::tui::screens::Screen::Compare(_)
    ));
    let first = render(&app, 160, 40);
    insta::assert_snapshot!("compare_000_vs_first", first.backend());
    keys(&mut app, &["]"]);
    keys(&mut app, &["x"]);
    if let newsdesk::tui::screens::Screen::Compare(c) = &app.screen {
        assert_eq!(
            app.desk.articles[c.right].id, "000_d7aaabb21fde10c8",
            "swapped: the first article is now on the right"
        );
    }
    keys(&mut app, &["esc"]);
    assert!(matches!(app.screen, newsdesk::tui::screens::Screen::Browse));
}

#[test]
fn claims_view_verdicts_notes_undo_and_persistence() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["C"]);
    let t = render(&app, 160, 36);
    insta::assert_snapshot!("claims_view", t.backend());
    keys(&mut app, &["D", "a"]);
    for c in "called the press office".chars() {
        app.handle_key(Key::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    keys(&mut app, &["enter"]);
    let item = app.current_item().unwrap();
    let e = app.verdict_of(&item).unwrap();
    assert_eq!(e.verdict, newsdesk::review::Verdict::Disputed);
    assert_eq!(e.note, "called the press office");
    // the marker shows in the view
    let text: String = render(&app, 160, 36)
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("!✎"), "marker shown");
    // unchecked-only filter hides it
    keys(&mut app, &["f"]);
    if let newsdesk::tui::screens::Screen::Claims(c) = &app.screen {
        assert!(c.rows.iter().all(|&i| i != 0) || c.rows.len() < c.claims.discrepancies.len());
    }
    keys(&mut app, &["f"]);
    // undo the note, then the verdict
    keys(&mut app, &["u"]);
    assert_eq!(app.verdict_of(&item).map(|e| e.note.as_str()), Some(""));
    // a new dashboard on the same store finds the verdict
    let again = seeds_app_with_store(dir.path());
    assert_eq!(
        again.verdict_of(&item).unwrap().verdict,
        newsdesk::review::Verdict::Disputed
    );
}

#[test]
fn story_overview_and_quotes_views() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["v"]);
    insta::assert_snapshot!("story_overview", render(&app, 140, 30).backend());
    keys(&mut app, &["esc", "Q"]);
    insta::assert_snapshot!("quotes_view", render(&app, 140, 24).backend());
    // Enter jumps to the evidence in the reader
    keys(&mut app, &["enter"]);
    assert!(matches!(app.screen, newsdesk::tui::screens::Screen::Browse));
    assert_eq!(app.focus, newsdesk::tui::app::Focus::Reader);
}

#[test]
fn copy_and_command_line_produce_effects() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = seeds_app_with_store(dir.path());
    keys(&mut app, &["y"]);
    assert!(
        matches!(app.effects.last(), Some(newsdesk::tui::app::Effect::Copy(t)) if t.contains("Kenya Insights"))
    );
    keys(&mut app, &[":"]);
    for c in "report".chars() {
        app.handle_key(Key::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    keys(&mut app, &["enter"]);
    assert!(matches!(
        app.effects.last(),
        Some(newsdesk::tui::app::Effect::WriteReport(None))
    ));
}
