//! Drawing: one module per pane, each a function of `&App`.

mod bars;
mod entities;
mod list;
mod overlay;
pub mod reader;
pub mod screens;

use super::app::{App, Focus, Overlay};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders};

/// Terminals narrower than this show one pane at a time.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

/// The areas of the screen.
pub struct Areas {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub entities: Option<Rect>,
    pub status: Rect,
    pub keys: Rect,
}

/// Splits the screen: panes side by side when wide, the focused pane alone
/// when narrow; a status line and a key bar at the bottom.
pub fn layout(area: Rect, focus: Focus, entities: bool) -> Areas {
    let [main, status, keys] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let none = Areas {
        list: None,
        reader: None,
        entities: None,
        status,
        keys,
    };
    if area.width >= SIDE_BY_SIDE_MIN_WIDTH {
        if entities {
            let [list, reader, ents] = Layout::horizontal([
                Constraint::Percentage(34),
                Constraint::Percentage(44),
                Constraint::Percentage(22),
            ])
            .areas(main);
            Areas {
                list: Some(list),
                reader: Some(reader),
                entities: Some(ents),
                ..none
            }
        } else {
            let [list, reader] =
                Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                    .areas(main);
            Areas {
                list: Some(list),
                reader: Some(reader),
                ..none
            }
        }
    } else {
        match focus {
            Focus::List => Areas {
                list: Some(main),
                ..none
            },
            Focus::Reader => Areas {
                reader: Some(main),
                ..none
            },
            Focus::Entities => Areas {
                entities: Some(main),
                ..none
            },
        }
    }
}

/// A pane's frame, highlighted when focused.
pub fn pane_block<'a>(
    app: &App,
    title: impl Into<ratatui::text::Line<'a>>,
    focused: bool,
) -> Block<'a> {
    let border = if focused {
        app.theme.border_focused
    } else {
        app.theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(title.into().style(app.theme.pane_title))
}

/// Draws the whole dashboard.
pub fn draw(frame: &mut Frame, app: &App) {
    if !matches!(app.screen, crate::tui::screens::Screen::Browse) {
        let [main, status, keys] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        screens::draw(frame, app, main);
        bars::draw_status(frame, app, status);
        bars::draw_keys(frame, app, keys);
        if app.overlay == Overlay::Help {
            overlay::draw_help(frame, app);
        }
        return;
    }
    let areas = layout(frame.area(), app.focus, app.entities.visible);
    match areas.list {
        Some(a) => list::draw(frame, app, a),
        None => app.feedback.list_area.set(Rect::default()),
    }
    match areas.reader {
        Some(a) => reader::draw(frame, app, a),
        None => app.feedback.reader_area.set(Rect::default()),
    }
    if let Some(a) = areas.entities {
        entities::draw(frame, app, a);
    }
    bars::draw_status(frame, app, areas.status);
    bars::draw_keys(frame, app, areas.keys);
    match app.overlay {
        Overlay::Help => overlay::draw_help(frame, app),
        Overlay::Log => overlay::draw_log(frame, app),
        Overlay::None => {}
    }
}

/// Base style helper: text style patched with another.
pub fn patch(base: Style, with: Style) -> Style {
    base.patch(with)
}
