//! The article list: title, outlet, date and word count, with the fuzzy
//! filter's matched characters highlighted.

use super::pane_block;
use crate::sanitize::placeholder;
use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

/// A one-line text with the characters at `marks` (char indices) highlighted.
fn highlighted(text: &str, marks: &[usize], base: Style, mark: Style) -> Line<'static> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut next = marks.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let is_mark = next.peek().is_some_and(|&&m| m == i);
        if is_mark {
            next.next();
        }
        if is_mark != run_marked && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_marked { base.patch(mark) } else { base },
            ));
        }
        run_marked = is_mark;
        let c = if c == '\n' {
            ' '
        } else {
            placeholder(c).unwrap_or(c)
        };
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_marked { base.patch(mark) } else { base },
        ));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Focus::List;
    let total = app.desk.articles.len();
    let title = if app.filter.query.is_empty() {
        format!(" Articles ({total}) ")
    } else {
        format!(" Articles ({}/{total}) ", app.rows.len())
    };
    let block = pane_block(app, title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let show_filter = app.filter.editing || !app.filter.query.is_empty();
    let [filter_area, table_area] = Layout::vertical([
        Constraint::Length(u16::from(show_filter)),
        Constraint::Min(0),
    ])
    .areas(inner);
    if show_filter {
        let mut spans = vec![
            Span::styled("/ ", app.theme.key),
            Span::styled(
                crate::sanitize::sanitize_line(&app.filter.query).into_owned(),
                app.theme.filter,
            ),
        ];
        if app.filter.editing {
            spans.push(Span::styled("▏", app.theme.filter));
        }
        if app.filter.pending > 0 {
            spans.push(Span::styled("  searching bodies…", app.theme.status));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), filter_area);
    }

    // Header row takes one line; rows start below it.
    let rows_area = Rect {
        y: table_area.y + 1,
        height: table_area.height.saturating_sub(1),
        ..table_area
    };
    app.feedback.list_area.set(rows_area);

    let wide = table_area.width >= 56;
    // Only the rows on screen are built: the list may hold 100k articles.
    let height = rows_area.height as usize;
    let offset = visible_offset(
        app.feedback.list_offset.get(),
        app.selected,
        height,
        app.rows.len(),
    );
    let end = (offset + height).min(app.rows.len());
    let rows = app.rows[offset..end].iter().map(|row| {
        let a = &app.desk.articles[row.article];
        let (tmarks, omarks) = app.highlight(row.article);
        let in_body = row.hit.as_ref().is_some_and(|h| h.in_body);
        let mut title = highlighted(&a.title, &tmarks, app.theme.text, app.theme.filter_match);
        if in_body {
            title
                .spans
                .insert(0, Span::styled("≈ ", app.theme.filter_match));
        }
        let outlet = highlighted(
            a.outlet.as_deref().unwrap_or("—"),
            &omarks,
            app.theme.outlet,
            app.theme.filter_match,
        );
        let date = a
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into());
        let story = crate::tui::screens::story_of(&app.desk, row.article);
        let item = crate::workflow::article_item(a);
        let mut marker = vec![super::screens::verdict_marker(app, &item)];
        if let Some(s) = story {
            let size = app
                .desk
                .stories
                .as_ref()
                .map(|st| st.stories[s].articles.len())
                .unwrap_or(1);
            let related = app
                .desk
                .stories
                .as_ref()
                .is_some_and(|st| !st.stories[s].related.is_empty());
            let tag = if size > 1 {
                format!("s{}", s + 1)
            } else if related {
                format!("s{}~", s + 1)
            } else {
                String::new()
            };
            marker.push(Span::styled(format!("{tag:<4}"), app.theme.story));
        } else {
            marker.push(Span::raw("    "));
        }
        let mut cells = vec![
            Cell::from(Line::from(marker)),
            Cell::from(title),
            Cell::from(outlet),
            Cell::from(Span::styled(date, app.theme.date)),
        ];
        if wide {
            cells.push(Cell::from(
                Line::from(Span::styled(a.words().to_string(), app.theme.words)).right_aligned(),
            ));
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(16),
        Constraint::Length(10),
    ];
    let mut header = vec!["   St", "Title", "Outlet", "Date"];
    if wide {
        widths.push(Constraint::Length(6));
        header.push(" Words");
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(app.theme.meta))
        .column_spacing(1)
        .row_highlight_style(if focused {
            app.theme.selected
        } else {
            app.theme.selected_unfocused
        });
    let mut state = TableState::default();
    if !app.rows.is_empty() {
        state.select(Some(app.selected - offset));
    }
    frame.render_stateful_widget(table, table_area, &mut state);
    app.feedback.list_offset.set(offset);

    if app.rows.is_empty() {
        let msg = if app.desk.is_loading() {
            "loading…"
        } else if app.filter.pending > 0 {
            "searching…"
        } else if total == 0 {
            "no articles"
        } else {
            "no match — Esc clears the filter"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(msg, app.theme.status)),
            rows_area,
        );
    }
}

/// The first row to show: the previous one, moved just enough to keep the
/// selection on screen.
fn visible_offset(previous: usize, selected: usize, height: usize, rows: usize) -> usize {
    if height == 0 || rows == 0 {
        return 0;
    }
    let max = rows.saturating_sub(height);
    let offset = if selected < previous {
        selected
    } else if selected >= previous + height {
        selected + 1 - height
    } else {
        previous
    };
    offset.min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_follows_selection() {
        assert_eq!(visible_offset(0, 5, 10, 100), 0);
        assert_eq!(visible_offset(0, 12, 10, 100), 3);
        assert_eq!(visible_offset(20, 12, 10, 100), 12);
        assert_eq!(visible_offset(95, 99, 10, 100), 90);
        assert_eq!(visible_offset(3, 0, 0, 100), 0);
    }

    #[test]
    fn highlight_runs() {
        let base = Style::default();
        let mark = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let line = highlighted("abcd", &[1, 2], base, mark);
        let parts: Vec<_> = line
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == mark))
            .collect();
        assert_eq!(parts, vec![("a", false), ("bc", true), ("d", false)]);
    }
}
