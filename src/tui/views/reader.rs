//! The reader: the selected article's metadata and wrapped paragraphs, with
//! boilerplate dimmed and subheads styled (spans from the loader's marks).

use super::pane_block;
use crate::corpus::{Article, MarkKind, Provenance};
use crate::nlp::Analysis;
use crate::nlp::entities::{Group, Mention};
use crate::sanitize::sanitize_line;
use crate::tui::app::{App, EntityChoice, Focus};
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

/// The reader's lines for one article at one width, with the line each
/// entity mention starts on (for `n`/`N`).
#[derive(Debug, Default)]
pub struct ReaderLayout {
    pub lines: Vec<Line<'static>>,
    /// (mention index, line) for every highlighted mention.
    pub mention_lines: Vec<(usize, usize)>,
}

/// Lays out an article: header, then paragraphs with marks dimmed or
/// styled and entity mentions coloured by type (types in `hidden` plain;
/// the chosen entity's mentions emphasised).
pub fn build_layout(
    article: &Article,
    analysis: Option<&Analysis>,
    theme: &Theme,
    width: usize,
    hidden: &[bool; 7],
    chosen: Option<&EntityChoice>,
    story_line: Option<&str>,
) -> ReaderLayout {
    let mut lines = Vec::new();
    let mut mention_lines = Vec::new();
    lines.extend(wrap(&[Segment::new(&article.title, theme.title)], width, "").lines);
    if let Some(story) = story_line {
        lines.extend(wrap(&[Segment::new(story, theme.story)], width, "  ").lines);
    }

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
    if analysis.is_none() {
        meta.push(sep());
        meta.push(Span::styled("analysing…", theme.status));
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

    let mentions: Vec<(usize, &Mention, bool)> = analysis
        .map(|an| {
            an.entities
                .mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| {
                    !hidden[Group::ALL.iter().position(|g| *g == m.group).unwrap_or(0)]
                })
                .map(|(i, m)| {
                    let chosen = chosen.is_some_and(|c| {
                        c.group == m.group && an.entities.canonical[m.canonical].key == c.key
                    });
                    (i, m, chosen)
                })
                .collect()
        })
        .unwrap_or_default();

    for p in &article.paragraphs {
        // cut points: marks and mentions inside the paragraph
        let mut cuts = vec![p.start, p.end];
        let marks: Vec<&crate::corpus::Mark> = article
            .marks
            .iter()
            .filter(|m| m.span.overlaps(*p))
            .collect();
        for m in &marks {
            cuts.push(m.span.start.clamp(p.start, p.end));
            cuts.push(m.span.end.clamp(p.start, p.end));
        }
        let in_para: Vec<&(usize, &Mention, bool)> = mentions
            .iter()
            .filter(|(_, m, _)| p.contains(m.span))
            .collect();
        for (_, m, _) in &in_para {
            cuts.push(m.span.start);
            cuts.push(m.span.end);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut segments = Vec::new();
        let mut tag = None;
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a == b {
                continue;
            }
            let mut style = theme.text;
            if let Some(m) = marks.iter().find(|m| m.span.start <= a && b <= m.span.end) {
                style = mark_style(theme, m.kind);
                if m.span.contains(*p) && m.kind.is_boilerplate() {
                    tag = Some(m.kind);
                }
            }
            let mention = in_para
                .iter()
                .find(|(_, m, _)| m.span.start <= a && b <= m.span.end);
            let mut anchor = None;
            if let Some((i, m, is_chosen)) = mention {
                style = style.patch(theme.entity(m.group));
                if *is_chosen {
                    style = style.patch(theme.entity_selected);
                }
                if m.span.start == a {
                    anchor = Some(*i);
                }
            }
            let text = &article.body[a..b];
            segments.push(match anchor {
                Some(i) => Segment::anchored(text, style, i),
                None => Segment::new(text, style),
            });
        }
        let label;
        if let Some(kind) = tag {
            label = format!("[{}]", kind.as_str().replace('_', " "));
            segments.insert(0, Segment::new(&label, theme.boilerplate));
        }
        let base = lines.len();
        let wrapped = wrap(&segments, width, "");
        mention_lines.extend(wrapped.anchors.iter().map(|(i, l)| (*i, base + l)));
        lines.extend(wrapped.lines);
        lines.push(Line::default());
    }
    lines.pop();
    ReaderLayout {
        lines,
        mention_lines,
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Focus::Reader;
    let block = pane_block(app, " Reader ", focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    app.feedback.reader_area.set(inner);
    let width = inner.width.saturating_sub(1).max(1) as usize;
    let Some(layout) = app.reader_layout(width) else {
        app.feedback.reader_lines.set(0);
        frame.render_widget(
            Paragraph::new(Span::styled("no article selected", app.theme.status)),
            inner,
        );
        return;
    };
    app.feedback.reader_lines.set(layout.lines.len());
    let max_scroll = layout.lines.len().saturating_sub(inner.height as usize);
    let scroll = app.reader_scroll.min(max_scroll);
    let visible: Vec<Line> = layout
        .lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .cloned()
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
