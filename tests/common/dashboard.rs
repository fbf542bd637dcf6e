//! Helpers of the dashboard tests: driving the App with its background
//! events, and reading its screen.

use newsdesk::config::default_settings;
use newsdesk::desk::Desk;
use newsdesk::tui::app::{App, AppEvent};
use newsdesk::tui::keymap::Keymap;
use newsdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The dashboard over a desk, with the default keys and colours.
pub fn new_app(desk: Desk) -> App {
    let s = default_settings();
    App::new(
        desk,
        Keymap::from_settings(&s).unwrap(),
        Theme::from_settings(&s, false).unwrap(),
    )
}

/// Hands the App its background events until `done` holds (false after
/// `within`: a generous limit, never a timing assertion).
pub fn pump(
    app: &mut App,
    rx: &mpsc::Receiver<AppEvent>,
    within: Duration,
    done: impl Fn(&App) -> bool,
) -> bool {
    let end = Instant::now() + within;
    while !done(app) {
        let now = Instant::now();
        if now >= end {
            return false;
        }
        match rx.recv_timeout(end - now) {
            Ok(e) => {
                app.handle_event(e);
            }
            Err(_) => return done(app),
        }
    }
    true
}

/// Every article analysed, the stories grouped over all of them and the
/// claims of every story with several reports compared.
pub fn settled(app: &App) -> bool {
    let d = &app.desk;
    app.analysed_count() == d.articles.len()
        && !d.stories_stale
        && d.stories.as_ref().is_some_and(|s| {
            s.story_of.len() == d.articles.len()
                && s.stories
                    .iter()
                    .enumerate()
                    .filter(|(_, st)| st.articles.len() > 1)
                    .all(|(i, _)| d.story_claims.get(i).is_some_and(|c| c.is_some()))
        })
}

/// The App drawn on a test terminal of this size.
pub fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| app.draw(f)).unwrap();
    t
}

/// A test terminal's cells, one line a row.
pub fn text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let w = buf.area.width as usize;
    let cells: Vec<&str> = buf.content().iter().map(|c| c.symbol()).collect();
    cells
        .chunks(w)
        .map(|row| row.concat())
        .collect::<Vec<_>>()
        .join("\n")
}
