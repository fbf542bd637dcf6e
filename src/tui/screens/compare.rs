//! Two reports side by side, sentence against sentence: pairs the aligner
//! found (`=` same, `~` partly, with the word diff and figures present on
//! one side only marked), sentences only on one side (`◀ ▶`), values in
//! conflict from the story's claims. A cursor on a row: on the pair (a
//! verdict applies to both sentences), or on one side (`h`/`l`). `]`/`[`
//! go through the story's other reports ("report 2 of 4"), `p` picks any
//! article, `x` swaps sides. Two versions from one outlet are labelled as
//! versions with their dates.

use crate::compare::align::{AlignedPair, Alignment, PairKind};
use crate::compare::claims::{ClaimKind, Severity, StoryClaims};
use crate::compare::diff::DiffKind;
use crate::corpus::{Article, Span};
use crate::nlp::Analysis;
use crate::review::ItemKey;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::review::{Target, outlet_label, sentence_item, sentence_target, sentences_target};
use crate::tui::screen::{Command, Ctx, Open, Out, Reply, Screen, Transition};
use crate::tui::widgets::{move_cursor, screen_block, verdict_marker};
use crate::tui::wrap::{Segment, display_width, truncate, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::Paragraph;
use std::cell::Cell;
use std::sync::Arc;

/// The changed runs of one side of a word diff.
type DiffSpans = Vec<(Span, DiffKind)>;

/// What kind of row a comparison row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Same,
    Partial,
    LeftOnly,
    RightOnly,
}

/// One row of the side-by-side comparison.
#[derive(Clone, Debug)]
pub struct CompareRow {
    pub kind: RowKind,
    pub left: Option<usize>,
    pub right: Option<usize>,
    pub pair: Option<AlignedPair>,
    /// The sentences' item keys, for their markers.
    left_key: Option<ItemKey>,
    right_key: Option<ItemKey>,
}

/// Where the cursor is on a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Both,
    Left,
    Right,
}

/// Orders aligned pairs and leftovers into rows: the left report's order,
/// each right-only sentence placed just before the first pair whose right
/// sentence follows it.
fn rows_of(left_sentences: &[usize], right_sentences: &[usize], al: &Alignment) -> Vec<CompareRow> {
    let mut rows = Vec::new();
    let mut right_done = std::collections::BTreeSet::new();
    let right_only: std::collections::BTreeSet<usize> = al.right_only.iter().copied().collect();
    let row = |kind, left, right, pair| CompareRow {
        kind,
        left,
        right,
        pair,
        left_key: None,
        right_key: None,
    };
    for &l in left_sentences {
        let pairs: Vec<&AlignedPair> = al.pairs.iter().filter(|p| p.left == l).collect();
        if pairs.is_empty() {
            if al.left_only.contains(&l) {
                rows.push(row(RowKind::LeftOnly, Some(l), None, None));
            }
            continue;
        }
        for p in pairs {
            let before: Vec<usize> = right_sentences
                .iter()
                .copied()
                .filter(|&r| r < p.right && right_only.contains(&r) && !right_done.contains(&r))
                .collect();
            for r in before {
                right_done.insert(r);
                rows.push(row(RowKind::RightOnly, None, Some(r), None));
            }
            right_done.insert(p.right);
            let kind = if p.kind == PairKind::Same {
                RowKind::Same
            } else {
                RowKind::Partial
            };
            rows.push(row(kind, Some(l), Some(p.right), Some(p.clone())));
        }
    }
    for &r in right_sentences
        .iter()
        .filter(|&&r| right_only.contains(&r) && !right_done.contains(&r))
    {
        rows.push(row(RowKind::RightOnly, None, Some(r), None));
    }
    rows
}

/// Two reports, sentence against sentence.
pub struct CompareScreen {
    pub story: Option<usize>,
    pub left: usize,
    pub right: usize,
    pub rows: Vec<CompareRow>,
    pub summary: String,
    pub selected: usize,
    pub side: Side,
    /// Spans of values in conflict or differing (from the story's
    /// discrepancies), per article: marked inline.
    pub alarms: Vec<(usize, Span, Severity)>,
    /// The other reports of the left one's story, for `]`/`[`.
    others: Vec<usize>,
    offset: Cell<usize>,
    height: Cell<usize>,
    /// Put the cursor's row a third of the way down at the next draw.
    centre: Cell<bool>,
}

/// How a side is named: its outlet, or "outlet, version of DATE" when both
/// sides come from one outlet.
fn side_names(desk: &crate::desk::Desk, left: usize, right: usize) -> (String, String) {
    let (l, r) = (&desk.articles[left], &desk.articles[right]);
    if l.outlet.is_some() && l.outlet == r.outlet {
        let version = |a: &Article| match a.published {
            Some(d) if l.published != r.published => format!("{}, version of {d}", outlet_label(a)),
            _ => format!("{}, version {}", outlet_label(a), a.id),
        };
        (version(l), version(r))
    } else {
        (outlet_label(l), outlet_label(r))
    }
}

impl CompareScreen {
    pub fn new(
        ctx: &Ctx,
        left: usize,
        right: usize,
        al: Alignment,
        claims: Option<Arc<StoryClaims>>,
        focus: Option<(usize, usize)>,
    ) -> CompareScreen {
        let desk = ctx.desk;
        let story = super::story_of(desk, left);
        let (la, ra) = (
            desk.analyses[left].as_ref().expect("aligned, so analysed"),
            desk.analyses[right].as_ref().expect("aligned, so analysed"),
        );
        let ls: Vec<usize> = la.reporting_sentences().map(|(i, _)| i).collect();
        let rs: Vec<usize> = ra.reporting_sentences().map(|(i, _)| i).collect();
        let (ln, rn) = side_names(desk, left, right);
        let summary = al.summary(&ln, &rn);
        let mut alarms = Vec::new();
        if let Some(sc) = &claims {
            for d in sc
                .discrepancies
                .iter()
                .filter(|d| matches!(d.severity, Severity::Conflict | Severity::Differs))
            {
                for &c in &d.claims {
                    let cl = &sc.claims[c];
                    if (cl.article == left || cl.article == right) && cl.kind != ClaimKind::Quote {
                        alarms.push((cl.article, cl.span, d.severity));
                    }
                }
            }
        }
        let mut rows = rows_of(&ls, &rs, &al);
        for r in &mut rows {
            r.left_key = r
                .left
                .and_then(|s| sentence_item(desk, left, s))
                .map(|i| i.key);
            r.right_key = r
                .right
                .and_then(|s| sentence_item(desk, right, s))
                .map(|i| i.key);
        }
        let mut s = CompareScreen {
            story,
            left,
            right,
            rows,
            summary,
            selected: 0,
            side: Side::Both,
            alarms,
            others: super::counterparts(desk, left),
            offset: Cell::new(0),
            height: Cell::new(10),
            centre: Cell::new(false),
        };
        if let Some((a, sentence)) = focus {
            let found = s.rows.iter().position(|r| {
                (a == left && r.left == Some(sentence)) || (a == right && r.right == Some(sentence))
            });
            if let Some(i) = found {
                s.selected = i;
                s.centre.set(true);
            }
        }
        s
    }

    /// "report 2 of 4" (of the left one's story), or "picked".
    fn position(&self) -> String {
        match self.others.iter().position(|&o| o == self.right) {
            Some(p) => format!("report {} of {}", p + 2, self.others.len() + 1),
            None => "picked".into(),
        }
    }

    /// The sentences under the cursor: (article, sentence) per side chosen.
    fn cursor_sentences(&self) -> Vec<(usize, usize)> {
        let Some(row) = self.rows.get(self.selected) else {
            return Vec::new();
        };
        let l = row.left.map(|s| (self.left, s));
        let r = row.right.map(|s| (self.right, s));
        match self.side {
            Side::Both => l.into_iter().chain(r).collect(),
            Side::Left => l.or(r).into_iter().collect(),
            Side::Right => r.or(l).into_iter().collect(),
        }
    }

    fn switch(&self, right: usize) -> Transition {
        Transition::Replace(Open::Compare {
            left: self.left,
            right,
            focus: None,
        })
    }

    /// The styled segments of a sentence: entities, diff chunks of its side,
    /// numbers found on one side only, values in conflict.
    #[allow(clippy::too_many_arguments)]
    fn segments<'a>(
        ctx: &Ctx,
        article: &'a Article,
        analysis: &Analysis,
        sentence: Span,
        diff: &[(Span, DiffKind)],
        marks: &[Span],
        alarms: &[(Span, Severity)],
        cursor: bool,
    ) -> Vec<Segment<'a>> {
        let theme = ctx.theme;
        let mut cuts = vec![sentence.start, sentence.end];
        let mentions: Vec<&crate::nlp::entities::Mention> =
            analysis.mentions_in(sentence).collect();
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
        cuts.windows(2)
            .filter(|w| w[0] < w[1])
            .map(|w| {
                let piece = Span::new(w[0], w[1]);
                let mut style = theme.text;
                if cursor {
                    style = style.patch(theme.cursor);
                }
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

    /// The wrapped lines of one row's two sides.
    fn row_lines(
        &self,
        ctx: &Ctx,
        ri: usize,
        col: usize,
    ) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
        let row = &self.rows[ri];
        let desk = ctx.desk;
        let (left, right) = (&desk.articles[self.left], &desk.articles[self.right]);
        let (Some(Some(la)), Some(Some(ra))) =
            (desk.analyses.get(self.left), desk.analyses.get(self.right))
        else {
            return (Vec::new(), Vec::new());
        };
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
        let alarms_of = |a: usize| -> Vec<(Span, Severity)> {
            self.alarms
                .iter()
                .filter(|(x, _, _)| *x == a)
                .map(|(_, s, v)| (*s, *v))
                .collect()
        };
        let selected = ri == self.selected;
        let cursor_left = selected && (self.side != Side::Right || row.right.is_none());
        let cursor_right = selected && (self.side != Side::Left || row.left.is_none());
        let lw = row
            .left
            .map(|s| {
                wrap(
                    &Self::segments(
                        ctx,
                        left,
                        la,
                        la.sentences[s].span,
                        &ldiff,
                        &lmarks,
                        &alarms_of(self.left),
                        cursor_left,
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
                    &Self::segments(
                        ctx,
                        right,
                        ra,
                        ra.sentences[s].span,
                        &rdiff,
                        &rmarks,
                        &alarms_of(self.right),
                        cursor_right,
                    ),
                    col,
                    "",
                )
                .lines
            })
            .unwrap_or_default();
        (lw, rw)
    }
}

impl Screen for CompareScreen {
    fn name(&self) -> &'static str {
        "compare"
    }

    fn context(&self) -> Context {
        Context::Compare
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::bar(Action::Down),
            Command::labelled(Action::SideLeft, "left/right/pair"),
            Command::labelled(Action::NextCounterpart, "next report"),
            Command::labelled(Action::PickArticle, "pick an article"),
            Command::labelled(Action::Disputed, "verdict on the sentences"),
            Command::bar(Action::EditNote),
            Command::bar(Action::Open),
            Command::bar(Action::SwapSides),
            Command::help(Action::SideRight),
            Command::help(Action::PrevCounterpart),
            Command::help(Action::Verified),
            Command::help(Action::MarkFalse),
            Command::help(Action::NeedsSource),
            Command::help(Action::Unchecked),
            Command::help(Action::Up),
            Command::help(Action::PageDown),
            Command::help(Action::Top),
            Command::help(Action::Bottom),
            Command::help(Action::Copy),
        ]
    }

    fn update(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> Transition {
        if move_cursor(
            &mut self.selected,
            action,
            self.rows.len(),
            self.height.get() / 3,
        ) {
            return Transition::Stay;
        }
        match action {
            Action::SideLeft => {
                self.side = match self.side {
                    Side::Right => Side::Both,
                    _ => Side::Left,
                }
            }
            Action::SideRight => {
                self.side = match self.side {
                    Side::Left => Side::Both,
                    _ => Side::Right,
                }
            }
            Action::SwapSides => {
                return Transition::Replace(Open::Compare {
                    left: self.right,
                    right: self.left,
                    focus: None,
                });
            }
            Action::NextCounterpart | Action::PrevCounterpart => {
                let others: Vec<usize> = self
                    .others
                    .iter()
                    .copied()
                    .filter(|&o| o != self.right)
                    .collect();
                if others.is_empty() {
                    out.say("no other report in this story (p picks any article)");
                    return Transition::Stay;
                }
                let n = self.others.len();
                let at = self.others.iter().position(|&o| o == self.right);
                let next = match at {
                    Some(p) if action == Action::NextCounterpart => self.others[(p + 1) % n],
                    Some(p) => self.others[(p + n - 1) % n],
                    None => self.others[0],
                };
                return self.switch(next);
            }
            Action::PickArticle => {
                return Transition::Push(Open::Picker {
                    for_article: self.left,
                });
            }
            Action::Open => {
                let Some(&(article, sentence)) = self.cursor_sentences().first() else {
                    return Transition::Stay;
                };
                let _ = ctx;
                return Transition::Push(Open::Reader {
                    article,
                    sentence: Some(sentence),
                    evidence: None,
                    entity: None,
                });
            }
            Action::Back => return Transition::Pop,
            _ => return Transition::Ignored,
        }
        Transition::Stay
    }

    fn on_reply(&mut self, reply: Reply, _ctx: &Ctx, _out: &mut Out) -> Transition {
        match reply {
            Reply::Picked { article, .. } if article == self.left => Transition::Stay,
            Reply::Picked { article, .. } => self.switch(article),
        }
    }

    fn target(&self, ctx: &Ctx) -> Option<Target> {
        let sentences = self.cursor_sentences();
        match sentences.as_slice() {
            [] => None,
            [(a, s)] => sentence_target(ctx.desk, *a, *s),
            many => sentences_target(ctx.desk, many, "pair"),
        }
    }

    fn article(&self) -> Option<usize> {
        Some(self.cursor_sentences().first().map_or(self.left, |x| x.0))
    }

    fn shows_article(&self, article: usize) -> bool {
        self.left == article || self.right == article
    }

    fn story(&self, _ctx: &Ctx) -> Option<usize> {
        self.story
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        let side = match self.side {
            Side::Both => "the pair",
            Side::Left => "the left sentence",
            Side::Right => "the right sentence",
        };
        let _ = ctx;
        Some(format!(
            "row {} of {} · cursor on {side} (h/l) · = same  ~ partly  ◀ ▶ only on that side",
            self.selected + 1,
            self.rows.len()
        ))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let desk = ctx.desk;
        let theme = ctx.theme;
        let (left, right) = (&desk.articles[self.left], &desk.articles[self.right]);
        let (ln, rn) = side_names(desk, self.left, self.right);
        let block = screen_block(
            theme,
            format!(" Compare · {} · {} ", self.position(), self.summary),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // [marker 2][left col][ m ][│][ ][marker 2][right col]
        let col = (inner.width.saturating_sub(10) / 2).max(8) as usize;
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        let side_title = |a: &Article, name: &str| {
            let date = a
                .published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            if name.contains("version") {
                truncate(name, col + 2)
            } else {
                truncate(&format!("{name} · {date} · {}", a.title), col + 2)
            }
        };
        let lt = side_title(left, &ln);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                TSpan::styled(
                    format!(
                        "{lt}{}",
                        " ".repeat((col + 2).saturating_sub(display_width(&lt)))
                    ),
                    theme.outlet,
                ),
                TSpan::styled("   │ ", theme.border),
                TSpan::styled(side_title(right, &rn), theme.outlet),
            ])),
            head,
        );
        let height = body.height as usize;
        self.height.set(height.max(1));
        if self.rows.is_empty() {
            frame.render_widget(
                Paragraph::new(TSpan::styled(
                    "no reporting sentences to compare",
                    theme.status,
                )),
                body,
            );
            return;
        }
        // keep the selected row in view
        let row_height = |ri: usize| {
            let (l, r) = self.row_lines(ctx, ri, col);
            l.len().max(r.len()).max(1) + 1
        };
        let mut offset = self.offset.get().min(self.selected);
        if self.centre.replace(false) {
            offset = self.selected;
            let mut above = 0;
            while offset > 0 && above + row_height(offset - 1) <= height / 3 {
                offset -= 1;
                above += row_height(offset);
            }
        }
        let mut used: usize = (offset..=self.selected).map(row_height).sum();
        while used > height && offset < self.selected {
            used -= row_height(offset);
            offset += 1;
        }
        self.offset.set(offset);
        let mut lines: Vec<Line> = Vec::new();
        for ri in offset..self.rows.len() {
            if lines.len() >= height {
                break;
            }
            let row = &self.rows[ri];
            let (lw, rw) = self.row_lines(ctx, ri, col);
            let (mark, mstyle) = match row.kind {
                RowKind::Same => ("=", theme.meta),
                RowKind::Partial => ("~", theme.meta),
                RowKind::LeftOnly => ("◀", theme.only_here),
                RowKind::RightOnly => ("▶", theme.only_here),
            };
            let selected = ri == self.selected;
            let marker = |key: &Option<ItemKey>| match key {
                Some(k) if ctx.review.is_reviewed(k) || ctx.review.is_pending(k) => {
                    verdict_marker(ctx, k)
                }
                _ => TSpan::raw("  "),
            };
            let n = lw.len().max(rw.len()).max(1);
            for k in 0..n {
                let mut spans: Vec<TSpan> = Vec::new();
                spans.push(if k == 0 {
                    marker(&row.left_key)
                } else {
                    TSpan::raw("  ")
                });
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
                    mstyle.patch(theme.selected)
                } else {
                    mstyle
                };
                spans.push(TSpan::styled(m, ms));
                spans.push(TSpan::styled("│ ", theme.border));
                spans.push(if k == 0 {
                    marker(&row.right_key)
                } else {
                    TSpan::raw("  ")
                });
                if let Some(r) = rw.get(k) {
                    spans.extend(r.spans.clone());
                }
                lines.push(Line::from(spans));
            }
            lines.push(Line::from(TSpan::styled(
                format!("{}   │", " ".repeat(col + 2)),
                theme.border,
            )));
        }
        lines.truncate(height);
        frame.render_widget(Paragraph::new(lines), body);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{LoadOptions, load_paths};
    use crate::desk::Desk;

    #[test]
    fn rows_cover_every_reporting_sentence_once_per_side() {
        let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut d = Desk::from_report(load_paths(&[p], &LoadOptions::default()));
        d.compute_stories();
        let (l, r) = (d.find("000").unwrap(), d.find("004").unwrap());
        let al = d.align(l, r);
        let la = d.analysis(l);
        let ls: Vec<usize> = la.reporting_sentences().map(|(i, _)| i).collect();
        let rs: Vec<usize> = d
            .analysis(r)
            .reporting_sentences()
            .map(|(i, _)| i)
            .collect();
        let rows = rows_of(&ls, &rs, &al);
        let lefts: std::collections::BTreeSet<usize> = rows.iter().filter_map(|r| r.left).collect();
        assert_eq!(lefts.len(), ls.len());
        assert!(rows.iter().any(|r| r.kind == RowKind::Same));
        assert!(super::super::counterparts(&d, l).contains(&r));
    }
}
