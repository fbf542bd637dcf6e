//! Windows over the panes: the help (generated from the keymap) and the
//! warnings log.

use crate::sanitize::sanitize_line;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::wrap::{Segment, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

fn draw_window(frame: &mut Frame, app: &App, title: &str, lines: Vec<Line<'static>>, width: u16) {
    // Leave the status line and key bar visible below the window.
    let full = frame.area();
    let above_bars = Rect {
        height: full.height.saturating_sub(2),
        ..full
    };
    let area = centered(above_bars, width, above_bars.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(app.theme.border_focused)
        .title(Span::styled(title.to_string(), app.theme.pane_title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    app.feedback.overlay_lines.set(lines.len());
    app.feedback.overlay_height.set(inner.height as usize);
    let max = lines.len().saturating_sub(inner.height as usize);
    let scroll = app.overlay_scroll.min(max);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// The help lines: every binding of every context, from the keymap itself.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let sections = [
        (Context::Global, "Everywhere"),
        (Context::List, "Article list"),
        (Context::Reader, "Reader"),
        (Context::Entities, "Entity pane (e)"),
        (Context::Compare, "Side by side (c)"),
        (Context::Story, "Story overview (v)"),
        (Context::Claims, "Claims and discrepancies (C)"),
        (Context::Quotes, "Quotes (Q)"),
        (Context::Input, "Typing a note (a) or a command (:)"),
        (Context::Filter, "While typing a filter (/)"),
        (Context::Help, "Help and warnings windows"),
    ];
    for (ctx, heading) in sections {
        let bindings = app.keymap.bindings(ctx);
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(heading, app.theme.help_heading)));
        for (keys, action) in bindings {
            let keys: Vec<String> = keys.iter().map(|k| k.label()).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keys.join(" ")), app.theme.key),
                Span::styled(action.description().to_string(), app.theme.text),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        "Filter: terms match titles and outlets fuzzily, or bodies literally (≈).",
        app.theme.meta,
    )));
    lines.push(Line::from(Span::styled(
        "Verdicts: ✓ verified  ! disputed  ✗ false  ? needs source  · unchecked  … saving  ✎ has a note  Δ text changed since",
        app.theme.meta,
    )));
    lines.push(Line::from(Span::styled(
        "Commands (:): report [FILE], refresh, undo, store, quit",
        app.theme.meta,
    )));
    lines.push(Line::from(Span::styled(
        "Mouse: wheel scrolls, click selects. Keys: assets/keymap.toml, overridden in config.toml.",
        app.theme.meta,
    )));
    lines
}

pub fn draw_help(frame: &mut Frame, app: &App) {
    draw_window(
        frame,
        app,
        " Keys — ? or Esc to close ",
        help_lines(app),
        72,
    );
}

pub fn draw_log(frame: &mut Frame, app: &App) {
    let width = 100.min(frame.area().width);
    let inner_width = width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    if app.desk.warnings.is_empty() {
        lines.push(Line::from(Span::styled("No warnings.", app.theme.status)));
    }
    for w in &app.desk.warnings {
        let text = sanitize_line(&w.to_string()).into_owned();
        lines.extend(
            wrap(
                &[Segment::new(&text, app.theme.warning)],
                inner_width,
                "    ",
            )
            .lines,
        );
    }
    let title = format!(
        " Warnings ({}) — w or Esc to close ",
        app.desk.warnings.len()
    );
    draw_window(frame, app, &title, lines, width);
}
