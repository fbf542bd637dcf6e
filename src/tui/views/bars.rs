//! The status line (counts, load progress, warnings, messages) and the key
//! bar (the keys that work in the current context, from the keymap).

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

/// The actions worth showing in the key bar for a context (gitui's
/// `commands()`): only those the keymap actually binds are shown.
pub fn commands(ctx: Context) -> &'static [Action] {
    match ctx {
        Context::List | Context::Global => &[
            Action::ToggleHelp,
            Action::Down,
            Action::Open,
            Action::StartFilter,
            Action::CycleSort,
            Action::FocusNext,
            Action::OpenCompare,
            Action::OpenClaims,
            Action::ToggleLog,
            Action::Quit,
        ],
        Context::Reader => &[
            Action::ToggleHelp,
            Action::Down,
            Action::NextMention,
            Action::ToggleEntities,
            Action::PageDown,
            Action::Back,
            Action::FocusNext,
            Action::Quit,
        ],
        Context::Filter => &[Action::AcceptFilter, Action::ClearFilter, Action::Down],
        Context::Entities => &[
            Action::ToggleHelp,
            Action::Down,
            Action::Open,
            Action::NextMention,
            Action::EntityScope,
            Action::Back,
            Action::ToggleEntities,
        ],
        Context::Compare => &[
            Action::ToggleHelp,
            Action::Down,
            Action::NextCounterpart,
            Action::SwapSides,
            Action::Verified,
            Action::Disputed,
            Action::EditNote,
            Action::Back,
        ],
        Context::Story => &[
            Action::ToggleHelp,
            Action::Down,
            Action::Open,
            Action::Verified,
            Action::EditNote,
            Action::Back,
        ],
        Context::Claims => &[
            Action::ToggleHelp,
            Action::Down,
            Action::Open,
            Action::Verified,
            Action::Disputed,
            Action::MarkFalse,
            Action::NeedsSource,
            Action::EditNote,
            Action::ToggleUncheckedOnly,
            Action::Undo,
            Action::Back,
        ],
        Context::Quotes => &[
            Action::ToggleHelp,
            Action::Down,
            Action::Open,
            Action::Verified,
            Action::Disputed,
            Action::EditNote,
            Action::Back,
        ],
        Context::Input => &[Action::Submit, Action::Cancel],
        Context::Help | Context::Log => &[Action::Down, Action::Back],
    }
}

pub fn draw_keys(frame: &mut Frame, app: &App, area: Rect) {
    if let Some(input) = &app.input {
        let prompt = match &input.purpose {
            crate::tui::app::InputPurpose::Note(item) => {
                format!("note on {} › ", item.kind.as_str())
            }
            crate::tui::app::InputPurpose::Command => ":".to_string(),
        };
        let line = Line::from(vec![
            Span::styled(prompt, app.theme.key),
            Span::styled(
                crate::sanitize::sanitize_line(&input.text).into_owned(),
                app.theme.filter,
            ),
            Span::styled("▏", app.theme.filter),
            Span::styled("   Enter save · Esc cancel", app.theme.key_description),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let ctx = app.context();
    let mut spans = Vec::new();
    let mut used = 0;
    if ctx == Context::Filter {
        spans.push(Span::styled("type to filter  ", app.theme.key_description));
        used += 16;
    }
    for &action in commands(ctx) {
        if action == Action::ToggleLog && app.desk.warnings.is_empty() {
            continue;
        }
        let keys = app.keymap.keys_for(ctx, action);
        let Some(key) = keys.first() else { continue };
        let mut label = key.label();
        if matches!(action, Action::Down)
            && let Some(up) = app.keymap.keys_for(ctx, Action::Up).first()
        {
            label = format!("{label}/{}", up.label());
        }
        let desc = if matches!(action, Action::Down) {
            "move"
        } else {
            action.description()
        };
        let desc = format!(" {desc}  ");
        let width =
            crate::tui::wrap::display_width(&label) + crate::tui::wrap::display_width(&desc);
        // Items that do not fit are left out whole rather than cut.
        if used + width > area.width as usize + 2 {
            break;
        }
        used += width;
        spans.push(Span::styled(label, app.theme.key));
        spans.push(Span::styled(desc, app.theme.key_description));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let desk = &app.desk;
    let mut right = Vec::new();
    if !desk.warnings.is_empty() {
        let n = desk.warnings.len();
        right.push(Span::styled(
            format!("⚠ {n} warning{} (w) ", if n == 1 { "" } else { "s" }),
            app.theme.warning,
        ));
    }
    let right_width = right.iter().map(|s| s.width()).sum::<usize>() as u16;
    let total = desk.articles.len();
    let analysing = !desk.is_loading() && total > 0 && app.analysed_count() < total;
    let [left_area, gauge_area, right_area] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(if desk.is_loading() || analysing {
            30.min(area.width / 3)
        } else {
            0
        }),
        Constraint::Length(right_width),
    ])
    .areas(area);

    let left = match &app.message {
        Some(m) => Span::styled(
            format!(" {}", m.text),
            if m.warning {
                app.theme.warning
            } else {
                app.theme.status
            },
        ),
        None => {
            let n = desk.articles.len();
            let mut text = format!(" {n} article{}", if n == 1 { "" } else { "s" });
            if desk.is_loading() {
                text.push_str(" · loading");
            }
            text.push_str(&format!(
                " · sorted by {}{}",
                app.sort.label(!app.filter.query.is_empty()),
                if app.reverse { " ↑" } else { "" }
            ));
            Span::styled(text, app.theme.status)
        }
    };
    frame.render_widget(Paragraph::new(Line::from(left)), left_area);
    if desk.is_loading() {
        let ratio = desk.progress.ratio();
        let gauge = Gauge::default()
            .gauge_style(app.theme.gauge)
            .ratio(ratio)
            .label(format!("loading {:.0}%", ratio * 100.0));
        frame.render_widget(gauge, gauge_area);
    } else if analysing {
        let ratio = app.analysed_count() as f64 / total as f64;
        let gauge = Gauge::default()
            .gauge_style(app.theme.gauge)
            .ratio(ratio)
            .label(format!("analysing {}/{total}", app.analysed_count()));
        frame.render_widget(gauge, gauge_area);
    }
    frame.render_widget(
        Paragraph::new(Line::from(right)).right_aligned(),
        right_area,
    );
}
