//! Drawing the story screens: the side-by-side comparison, the story
//! overview, the claims and the quotes. Everything drawn comes from the
//! screen state built when the screen opened and from the spans the
//! analyses gave.

use crate::compare::claims::Severity;
use crate::compare::diff::DiffKind;
use crate::corpus::{Article, Span};
use crate::nlp::Analysis;
use crate::review::Verdict;
use crate::sanitize::sanitize_line;
use crate::tui::app::App;
use crate::tui::screens::{
    ClaimsScreen, CompareScreen, QuotesScreen, RowKind, Screen, StoryScreen,
};
use crate::tui::theme::Theme;
use crate::tui::wrap::{Segment, display_width, truncate, wrap};
use crate::workflow::ReviewItem;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

/// The verdict marker of an item: ✓ verified, ! disputed, ✗ false, ?
/// needs source, · unchecked, … while saving; a ✎ when it has a note.
pub fn verdict_marker(app: &App, item: &ReviewItem) -> TSpan<'static> {
    let key = item.key.as_str();
    if app.pending.contains(key) {
        return TSpan::styled("… ", app.theme.verdict_pending);
    }
    let Some(e) = app.verdicts.get(key) else {
        return TSpan::styled("· ", app.theme.meta);
    };
    let (c, style) = match e.verdict {
        Verdict::Verified => ('✓', app.theme.verdict_verified),
        Verdict::Disputed => ('!', app.theme.verdict_disputed),
        Verdict::False => ('✗', app.theme.verdict_false),
        Verdict::NeedsSource => ('?', app.theme.verdict_needs_source),
        Verdict::Unchecked => ('·', app.theme.meta),
    };
    let note = if e.note.is_empty() { ' ' } else { '✎' };
    let changed = if e.text_changed { "Δ" } else { "" };
    TSpan::styled(format!("{c}{note}{changed}"), style)
}

/// The changed runs of one side of a word diff.
type DiffSpans = Vec<(Span, DiffKind)>;

/// "disputed by alice — called the press office".
fn verdict_text(e: &crate::review::Entry) -> String {
    format!(
        "{} by {} — {}",
        e.verdict.as_str(),
        e.editor,
        sanitize_line(&e.note)
    )
}

fn outlet_name(a: &Article) -> String {
    a.outlet.clone().unwrap_or_else(|| a.id.clone())
}

fn outlet_or_unknown(a: &Article) -> String {
    a.outlet.clone().unwrap_or_else(|| "unknown outlet".into())
}

/// A table header: the first column's title, then one column per outlet.
fn outlet_header(
    app: &App,
    first: String,
    members: &[usize],
    colw: usize,
    right_aligned: bool,
) -> Vec<TSpan<'static>> {
    let mut header = vec![TSpan::styled(first, app.theme.meta)];
    for &m in members {
        let name = truncate(&outlet_name(&app.desk.articles[m]), colw - 1);
        let cell = if right_aligned {
            format!("{name:>colw$}")
        } else {
            format!("{name:<colw$}")
        };
        header.push(TSpan::styled(cell, app.theme.outlet));
    }
    header
}

fn frame_block<'a>(app: &App, title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(app.theme.border_focused)
        .title(TSpan::styled(title, app.theme.pane_title))
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    match &app.screen {
        Screen::Compare(c) => draw_compare(frame, app, c, area),
        Screen::Story(s) => draw_story(frame, app, s, area),
        Screen::Claims(c) => draw_claims(frame, app, c, area),
        Screen::Quotes(q) => draw_quotes(frame, app, q, area),
        Screen::Browse => {}
    }
}

/// A sentence cut into styled segments: entities, diff chunks of its side,
/// numbers found on one side only, and values in conflict.
fn sentence_segments<'a>(
    app: &App,
    article: &'a Article,
    analysis: &Analysis,
    sentence: Span,
    diff: &[(Span, DiffKind)],
    marks: &[Span],
    alarms: &[(Span, Severity)],
) -> Vec<Segment<'a>> {
    let mut cuts = vec![sentence.start, sentence.end];
    let mentions: Vec<&crate::nlp::entities::Mention> = analysis.mentions_in(sentence).collect();
    for m in &mentions {
        cuts.extend([m.span.start, m.span.end]);
    }
    for (s, _) in diff {
        cuts.extend([s.start, s.end]);
    }
    for s in marks {
        cuts.extend([s.start, s.end]);
    }
    for (s, _) in alarms {
        cuts.extend([s.start.max(sentence.start), s.end.min(sentence.end)]);
    }
    cuts.retain(|c| (sentence.start..=sentence.end).contains(c));
    cuts.sort_unstable();
    cuts.dedup();
    let theme: &Theme = &app.theme;
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| {
            let piece = Span::new(w[0], w[1]);
            let mut style = theme.text;
            if let Some(m) = mentions.iter().find(|m| m.span.contains(piece)) {
                style = style.patch(theme.entity(m.group));
            }
            if let Some((_, k)) = diff.iter().find(|(s, _)| s.contains(piece)) {
                style = style.patch(match k {
                    DiffKind::Delete => theme.diff_delete,
                    DiffKind::Insert => theme.diff_insert,
                    DiffKind::Replace => theme.diff_change,
                    DiffKind::Equal => Style::default(),
                });
            }
            if marks.iter().any(|s| s.contains(piece)) {
                style = style.patch(theme.caution);
            }
            if let Some((_, sev)) = alarms.iter().find(|(s, _)| s.contains(piece)) {
                style = style.patch(if *sev == Severity::Conflict {
                    theme.alarm
                } else {
                    theme.caution
                });
            }
            Segment::new(&article.body[piece.start..piece.end], style)
        })
        .collect()
}

fn draw_compare(frame: &mut Frame, app: &App, c: &CompareScreen, area: Rect) {
    let (left, right) = (&app.desk.articles[c.left], &app.desk.articles[c.right]);
    let (Some(Some(la)), Some(Some(ra))) = (
        app.desk.analyses.get(c.left),
        app.desk.analyses.get(c.right),
    ) else {
        return;
    };
    let block = frame_block(
        app,
        format!(
            " Compare · {} · = same  ~ partly  ◀ ▶ only on that side ",
            c.summary
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let col = (inner.width.saturating_sub(5) / 2) as usize;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let side_title = |a: &Article| {
        let date = a
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        truncate(
            &format!("{} · {} · {}", outlet_or_unknown(a), date, a.id),
            col,
        )
    };
    let lt = side_title(left);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            TSpan::styled(
                format!("{lt}{}", " ".repeat(col.saturating_sub(display_width(&lt)))),
                app.theme.outlet,
            ),
            TSpan::styled("  │  ", app.theme.border),
            TSpan::styled(side_title(right), app.theme.outlet),
        ])),
        head,
    );
    let height = body.height as usize;
    app.screen_height.set((height / 3).max(1));
    let alarms_of = |a: usize| -> Vec<(Span, Severity)> {
        c.alarms
            .iter()
            .filter(|(x, _, _)| *x == a)
            .map(|(_, s, v)| (*s, *v))
            .collect()
    };
    let (l_alarms, r_alarms) = (alarms_of(c.left), alarms_of(c.right));
    let mut lines: Vec<Line> = Vec::new();
    let offset = app.screen_offset.get().min(c.rows.len().saturating_sub(1));
    for (ri, row) in c.rows.iter().enumerate().skip(offset) {
        if lines.len() >= height {
            break;
        }
        let (ldiff, rdiff): (DiffSpans, DiffSpans) =
            match row.pair.as_ref().and_then(|p| p.diff.as_ref()) {
                Some(chunks) => (
                    chunks
                        .iter()
                        .filter(|k| k.kind != DiffKind::Equal && !k.left.is_empty())
                        .map(|k| (k.left, k.kind))
                        .collect(),
                    chunks
                        .iter()
                        .filter(|k| k.kind != DiffKind::Equal && !k.right.is_empty())
                        .map(|k| (k.right, k.kind))
                        .collect(),
                ),
                None => (Vec::new(), Vec::new()),
            };
        let (lmarks, rmarks) = row
            .pair
            .as_ref()
            .map(|p| (p.left_marks.clone(), p.right_marks.clone()))
            .unwrap_or_default();
        let lw = row
            .left
            .map(|s| {
                wrap(
                    &sentence_segments(
                        app,
                        left,
                        la,
                        la.sentences[s].span,
                        &ldiff,
                        &lmarks,
                        &l_alarms,
                    ),
                    col,
                    "",
                )
                .lines
            })
            .unwrap_or_default();
        let rw = row
            .right
            .map(|s| {
                wrap(
                    &sentence_segments(
                        app,
                        right,
                        ra,
                        ra.sentences[s].span,
                        &rdiff,
                        &rmarks,
                        &r_alarms,
                    ),
                    col,
                    "",
                )
                .lines
            })
            .unwrap_or_default();
        let (mark, mstyle) = match row.kind {
            RowKind::Same => ("=", app.theme.meta),
            RowKind::Partial => ("~", app.theme.meta),
            RowKind::LeftOnly => ("◀", app.theme.only_here),
            RowKind::RightOnly => ("▶", app.theme.only_here),
        };
        let selected = ri == c.selected;
        let n = lw.len().max(rw.len()).max(1);
        for k in 0..n {
            let mut spans: Vec<TSpan> = Vec::new();
            let l = lw.get(k).cloned().unwrap_or_default();
            let pad = col.saturating_sub(l.width());
            spans.extend(l.spans);
            spans.push(TSpan::raw(" ".repeat(pad)));
            let m = if k == 0 {
                format!(" {mark} ")
            } else {
                "   ".into()
            };
            let ms = if selected {
                mstyle.patch(app.theme.selected)
            } else {
                mstyle
            };
            spans.push(TSpan::styled(format!("{m}│"), ms));
            if let Some(r) = rw.get(k) {
                spans.push(TSpan::raw(" "));
                spans.extend(r.spans.clone());
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(TSpan::styled(
            format!("{}   │", " ".repeat(col)),
            app.theme.border,
        )));
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines), body);
}

fn draw_story(frame: &mut Frame, app: &App, s: &StoryScreen, area: Rect) {
    let label = app
        .desk
        .stories
        .as_ref()
        .map(|st| st.stories[s.story].label.clone())
        .unwrap_or_default();
    let block = frame_block(
        app,
        format!(
            " Story · {} · {} facts ",
            truncate(&label, 60),
            s.facts.len()
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let colw = 8usize;
    let fact_w = (inner.width as usize).saturating_sub(colw * s.members.len() + 4);
    let header = outlet_header(
        app,
        format!("  {:<w$}", "Fact (first wording)", w = fact_w),
        &s.members,
        colw,
        true,
    );
    let height = inner.height.saturating_sub(1) as usize;
    app.screen_height.set(height.max(1));
    let mut lines = vec![Line::from(header)];
    let offset = app.screen_offset.get();
    for (fi, f) in s.facts.iter().enumerate().skip(offset).take(height) {
        let (a, si) = f.sentences[0];
        let text = app.desk.analyses[a]
            .as_ref()
            .map(|an| app.desk.articles[a].text(an.sentences[si].span))
            .unwrap_or("");
        let carried = f.articles();
        let mut spans = vec![TSpan::styled(
            format!(
                "  {:<w$}",
                truncate(&sanitize_line(text), fact_w.saturating_sub(1)),
                w = fact_w
            ),
            app.theme.text,
        )];
        for &m in &s.members {
            let (sym, st) = if carried.contains(&m) {
                ("●", app.theme.story)
            } else {
                ("·", app.theme.meta)
            };
            spans.push(TSpan::styled(format!("{:>w$}", sym, w = colw), st));
        }
        let mut line = Line::from(spans);
        if fi == s.selected {
            line = line.style(app.theme.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_claims(frame: &mut Frame, app: &App, c: &ClaimsScreen, area: Rect) {
    let counts = |sev: Severity| {
        c.claims
            .discrepancies
            .iter()
            .filter(|d| d.severity == sev)
            .count()
    };
    let filter = if c.unchecked_only {
        " · unchecked only"
    } else {
        ""
    };
    let block = frame_block(
        app,
        format!(
            " Claims · {} conflicts · {} differ · {} possible variants · {} only one outlet{filter} ",
            counts(Severity::Conflict),
            counts(Severity::Differs),
            counts(Severity::PossibleVariant),
            counts(Severity::Unique)
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table, detail] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(9.min(inner.height / 2)),
    ])
    .areas(inner);
    let colw = 16usize
        .min((table.width as usize).saturating_sub(40) / c.members.len().max(1))
        .max(8);
    let what_w = (table.width as usize)
        .saturating_sub(colw * c.members.len() + 14)
        .max(10);
    let header = outlet_header(
        app,
        format!("{:<4}{:<10}{:<w$}", "", "", "Fact", w = what_w),
        &c.members,
        colw,
        false,
    );
    let height = table.height.saturating_sub(1) as usize;
    app.screen_height.set(height.max(1));
    let mut lines = vec![Line::from(header)];
    if c.rows.is_empty() {
        lines.push(Line::from(TSpan::styled(
            if c.unchecked_only {
                "  everything here is checked"
            } else {
                "  no disagreement found between these reports"
            },
            app.theme.status,
        )));
    }
    let offset = app.screen_offset.get();
    for (ri, &di) in c.rows.iter().enumerate().skip(offset).take(height) {
        let d = &c.claims.discrepancies[di];
        let item = &c.items[di];
        let (sev, st) = match d.severity {
            Severity::Conflict => ("CONFLICT", app.theme.alarm),
            Severity::Differs => ("differs", app.theme.caution),
            Severity::PossibleVariant => ("variant?", app.theme.warning),
            Severity::Unique => ("one only", app.theme.meta),
        };
        let what = d.summary.split(':').next().unwrap_or("").to_string();
        let mut spans = vec![
            verdict_marker(app, item),
            TSpan::raw(" "),
            TSpan::styled(format!("{sev:<9}"), st),
            TSpan::raw(" "),
        ];
        spans.push(TSpan::styled(
            format!(
                "{:<w$}",
                truncate(&format!("{:?} {what}", d.kind).to_lowercase(), what_w - 1),
                w = what_w
            ),
            app.theme.text,
        ));
        for &m in &c.members {
            let vals: Vec<String> = d
                .claims
                .iter()
                .map(|&k| &c.claims.claims[k])
                .filter(|cl| cl.article == m)
                .map(|cl| sanitize_line(app.desk.articles[m].text(cl.span)).into_owned())
                .collect();
            let cell = if vals.is_empty() {
                "—".to_string()
            } else {
                vals.join("; ")
            };
            spans.push(TSpan::styled(
                format!("{:<w$}", truncate(&cell, colw - 1), w = colw),
                if vals.is_empty() { app.theme.meta } else { st },
            ));
        }
        let mut line = Line::from(spans);
        if ri == c.selected {
            line = line.style(app.theme.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), table);
    // the evidence of the selected row
    let Some(&di) = c.rows.get(c.selected) else {
        return;
    };
    let d = &c.claims.discrepancies[di];
    let item = &c.items[di];
    let mut text = vec![Line::from(TSpan::styled(
        sanitize_line(&d.summary).into_owned(),
        app.theme.title,
    ))];
    for &k in &d.claims {
        let cl = &c.claims.claims[k];
        let a = &app.desk.articles[cl.article];
        if let Some(Some(an)) = app.desk.analyses.get(cl.article) {
            text.push(Line::from(vec![
                TSpan::styled(format!("{}: ", outlet_name(a)), app.theme.outlet),
                TSpan::styled(
                    sanitize_line(a.text(an.sentences[cl.sentence].span)).into_owned(),
                    app.theme.text,
                ),
            ]));
        }
    }
    if let Some(e) = app.verdicts.get(item.key.as_str()) {
        text.push(Line::from(vec![
            verdict_marker(app, item),
            TSpan::styled(format!(" {}", verdict_text(e)), app.theme.meta),
        ]));
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(app.theme.border)
        .title(" Evidence ");
    let w = detail.width as usize;
    let wrapped: Vec<Line> = text
        .into_iter()
        .flat_map(|l| {
            let segs: Vec<Segment> = l
                .spans
                .iter()
                .map(|s| Segment::new(s.content.as_ref(), s.style))
                .collect();
            wrap(&segs, w.max(10), "  ").lines
        })
        .collect();
    frame.render_widget(Paragraph::new(wrapped).block(block), detail);
}

fn draw_quotes(frame: &mut Frame, app: &App, q: &QuotesScreen, area: Rect) {
    let block = frame_block(app, format!(" Quotes · {} ", q.claims.quotes.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table, detail] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(8.min(inner.height / 2)),
    ])
    .areas(inner);
    let height = table.height as usize;
    app.screen_height.set(height.max(1));
    let mut lines = Vec::new();
    let offset = app.screen_offset.get();
    let w = table.width as usize;
    for (gi, g) in q.claims.quotes.iter().enumerate().skip(offset).take(height) {
        let marker = q.items[gi]
            .as_ref()
            .map(|i| verdict_marker(app, i))
            .unwrap_or_else(|| TSpan::raw("  "));
        let speaker = g.speaker.clone().unwrap_or_else(|| "unattributed".into());
        let head = format!(
            " {:<22} {} outlet{} ",
            truncate(&speaker, 22),
            g.carriers.len(),
            if g.carriers.len() == 1 { "" } else { "s" }
        );
        let room = w.saturating_sub(display_width(&head) + 4);
        let mut line = Line::from(vec![
            marker,
            TSpan::styled(head, app.theme.entity_person),
            TSpan::styled(
                format!("“{}”", truncate(&sanitize_line(&g.text), room)),
                app.theme.text,
            ),
        ]);
        if gi == q.selected {
            line = line.style(app.theme.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), table);
    let Some(g) = q.claims.quotes.get(q.selected) else {
        return;
    };
    let outlets: Vec<String> = g
        .carriers
        .iter()
        .map(|&(a, _)| outlet_name(&app.desk.articles[a]))
        .collect();
    let mut segs = vec![
        Segment::new("“", app.theme.text),
        Segment::new(&g.text, app.theme.text),
        Segment::new("”  ", app.theme.text),
    ];
    let who = format!(
        "— {} · carried by {}",
        g.speaker.as_deref().unwrap_or("unattributed"),
        outlets.join(", ")
    );
    segs.push(Segment::new(&who, app.theme.meta));
    let mut wrapped = wrap(&segs, detail.width.max(10) as usize, "  ").lines;
    if let Some(Some(item)) = q.items.get(q.selected)
        && let Some(e) = app.verdicts.get(item.key.as_str())
    {
        wrapped.push(Line::from(TSpan::styled(verdict_text(e), app.theme.meta)));
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(app.theme.border)
        .title(" Quote ");
    frame.render_widget(Paragraph::new(wrapped).block(block), detail);
}
