//! The reader: the selected article's metadata and wrapped paragraphs, with
//! boilerplate dimmed and subheads styled (spans from the loader's marks).

use super::pane_block;
use crate::corpus::{Article, MarkKind, Provenance};
use crate::sanitize::sanitize_line;
use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;
use crate::tui::wrap::{Segment, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn mark_style(theme: &Theme, kind: MarkKind) -> Style {
    match kind {
        MarkKind::Subhead => theme.subhead,
        MarkKind::Headline => theme.headline,
        _ => theme.boilerplate,
    }
}

/// The reader's lines for an article at a width.
pub fn article_lines(article: &Article, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    lines.extend(wrap(&[Segment::new(&article.title, theme.title)], width, "").lines);

    let mut meta: Vec<Span<'static>> = Vec::new();
    let sep = || Span::styled(" · ", theme.meta);
    meta.push(Span::styled(
        sanitize_line(article.outlet.as_deref().unwrap_or("unknown outlet")).into_owned(),
        theme.outlet,
    ));
    meta.push(sep());
    meta.push(Span::styled(
        article
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into()),
        theme.date,
    ));
    meta.push(sep());
    meta.push(Span::styled(
        format!("{} words", article.words()),
        theme.words,
    ));
    if !article.authors.is_empty() {
        meta.push(sep());
        meta.push(Span::styled(
            format!("by {}", sanitize_line(&article.authors.join(", "))),
            theme.meta,
        ));
    }
    lines.push(Line::from(meta));
    let inferred: Vec<&str> = [
        ("title", article.sources.title),
        ("outlet", article.sources.outlet),
        ("date", article.sources.published),
    ]
    .iter()
    .filter(|(_, p)| *p == Provenance::Inferred)
    .map(|(n, _)| *n)
    .collect();
    let mut source = article.file_name();
    if let Some(url) = &article.url {
        source = format!("{url}  ({source})");
    }
    if !inferred.is_empty() {
        source.push_str(&format!("  · inferred: {}", inferred.join(", ")));
    }
    lines.extend(wrap(&[Segment::new(&source, theme.meta)], width, "  ").lines);
    lines.push(Line::default());

    for p in &article.paragraphs {
        let mut segments = Vec::new();
        let mut at = p.start;
        let mut tag = None;
        for m in article.marks.iter().filter(|m| m.span.overlaps(*p)) {
            let start = m.span.start.max(p.start);
            let end = m.span.end.min(p.end);
            if start > at {
                segments.push(Segment::new(&article.body[at..start], theme.text));
            }
            segments.push(Segment::new(
                &article.body[start..end],
                mark_style(theme, m.kind),
            ));
            if m.span.contains(*p) && m.kind.is_boilerplate() {
                tag = Some(m.kind);
            }
            at = end;
        }
        if at < p.end {
            segments.push(Segment::new(&article.body[at..p.end], theme.text));
        }
        let label;
        if let Some(kind) = tag {
            label = format!("[{}]", kind.as_str().replace('_', " "));
            segments.insert(0, Segment::new(&label, theme.boilerplate));
        }
        lines.extend(wrap(&segments, width, "").lines);
        lines.push(Line::default());
    }
    lines.pop();
    lines
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Focus::Reader;
    let block = pane_block(app, " Reader ", focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    app.feedback.reader_area.set(inner);
    let Some(article) = app.selected_article() else {
        app.feedback.reader_lines.set(0);
        frame.render_widget(
            Paragraph::new(Span::styled("no article selected", app.theme.status)),
            inner,
        );
        return;
    };
    let width = inner.width.saturating_sub(1).max(1) as usize;
    let lines = article_lines(article, &app.theme, width);
    app.feedback.reader_lines.set(lines.len());
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    let scroll = app.reader_scroll.min(max_scroll);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
    if let Some(pct) = (scroll * 100).checked_div(max_scroll) {
        let label = format!(" {pct}% ");
        let x = area.right().saturating_sub(label.len() as u16 + 2);
        frame.render_widget(
            Span::styled(label, app.theme.meta),
            Rect::new(x, area.bottom() - 1, 6, 1),
        );
    }
}
