//! The entity pane: the selected article's (or the corpus's) canonical
//! entities by type, with mention counts and how many outlets name them.

use super::pane_block;
use crate::sanitize::sanitize_line;
use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Focus::Entities;
    let scope = if app.entities.corpus {
        "corpus"
    } else {
        "article"
    };
    let block = pane_block(
        app,
        format!(" Entities · {scope} ({}) ", app.entities.rows.len()),
        focused,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.entities.rows.is_empty() {
        let msg = if app.selected_analysis().is_none() && !app.entities.corpus {
            "analysing…"
        } else {
            "no entities"
        };
        frame.render_widget(Paragraph::new(Span::styled(msg, app.theme.status)), inner);
        return;
    }
    let items: Vec<ListItem> = app
        .entities
        .rows
        .iter()
        .map(|r| {
            let chosen = app
                .chosen_entity
                .as_ref()
                .is_some_and(|c| c.group == r.group && c.key == r.key);
            let mut name_style = app.theme.entity(r.group);
            if chosen {
                name_style = name_style.patch(app.theme.entity_selected);
            }
            let outlets = if r.outlets > 0 {
                format!(" {}o", r.outlets)
            } else {
                String::new()
            };
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!("{:<6} ", &r.group.name()[..r.group.name().len().min(6)]),
                    app.theme.meta,
                ),
                Span::styled(sanitize_line(&r.name).into_owned(), name_style),
                Span::styled(format!(" {}×{outlets}", r.mentions), app.theme.words),
            ]))
        })
        .collect();
    let list = List::new(items).highlight_style(if focused {
        app.theme.selected
    } else {
        app.theme.selected_unfocused
    });
    let mut state = ListState::default().with_selected(Some(app.entities.selected));
    frame.render_stateful_widget(list, inner, &mut state);
}
