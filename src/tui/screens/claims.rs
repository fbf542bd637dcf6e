//! The claims screen: what the story's outlets disagree on, one row per
//! fact (its subject, how serious, each outlet's value), the evidence of the
//! selected row below, verdicts and notes on rows. Enter reads the evidence
//! sentence in the reader, `c` compares the first two reports involved.
//!
//! The screen draws a [`ClaimsTable`], never the analysis's types: the one
//! place it reads the claims analysis is [`ClaimsTable::from_story_claims`].
//! A fact table from another analysis plugs in by building the same rows.

use crate::compare::claims::{ClaimKind, Severity, StoryClaims};
use crate::corpus::Span;
use crate::sanitize::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::review::{Target, member_labels, outlet_label};
use crate::tui::screen::{Command, Ctx, Open, Out, Screen, Transition};
use crate::tui::widgets::{
    cell, move_cursor, screen_block, verdict_marker, verdict_text, visible_offset,
};
use crate::tui::wrap::{Segment, display_width, truncate, wrap};
use crate::workflow::ReviewItem;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::cell::Cell;
use std::sync::Arc;

/// How serious a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Conflict,
    /// A later report gives a new value (a toll that rose).
    Updated,
    Differs,
    PossibleVariant,
    /// Only one outlet states it: nothing to compare.
    OneOutlet,
    /// Every outlet states it alike (kept for completeness; the analysis
    /// lists agreed facts apart, so no row has it today).
    Agree,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::Conflict => "CONFLICT",
            Level::Updated => "updated",
            Level::Differs => "differs",
            Level::PossibleVariant => "variant?",
            Level::OneOutlet => "one only",
            Level::Agree => "agree",
        }
    }
}

/// Where a row's value is stated: an article, its sentence (index into the
/// analysis) and the value's span in the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub article: usize,
    pub sentence: usize,
    pub span: Span,
}

/// One fact the outlets state, as the screen shows it.
#[derive(Clone, Debug)]
pub struct ClaimRow {
    pub level: Level,
    /// "figure", "date", "place", "person", "quote", "speaker".
    pub kind: &'static str,
    /// What the value is about: "officers deployed", "arrival".
    pub subject: String,
    /// Each article's value as written (an article may state several).
    pub values: Vec<(usize, String)>,
    /// The sentences stating it, each once, in evidence order.
    pub evidence: Vec<Evidence>,
    /// The whole finding in one line.
    pub summary: String,
    /// What a verdict on the row is saved on.
    pub item: ReviewItem,
}

/// Each outlet's wording of one quote for its cell, in quote marks: a
/// wording that opens with four words or more of another outlet's is shown
/// from the last three of them ("“…saved many lives.”" against "“…saved
/// many lives by wrestling the gun away”"), so a narrow cell shows where
/// the two part, not the words they share.
fn from_where_they_part(words: &[(usize, String)]) -> Vec<(usize, String)> {
    let split: Vec<Vec<(usize, String)>> = words.iter().map(|(_, t)| words_at(t)).collect();
    words
        .iter()
        .enumerate()
        .map(|(i, (article, text))| {
            // the longest opening shared with a wording it parts from (one
            // that says the same words, no more and no fewer, is no other
            // wording)
            let shared = (0..words.len())
                .filter(|&j| words[j].0 != *article)
                .filter_map(|j| {
                    let n = split[i]
                        .iter()
                        .zip(&split[j])
                        .take_while(|(a, b)| a.1 == b.1)
                        .count();
                    (n < split[i].len().max(split[j].len())).then_some(n)
                })
                .max()
                .unwrap_or(0);
            let shown = if shared >= 4 {
                format!("“…{}”", &text[split[i][shared - 3].0..])
            } else {
                format!("“{text}”")
            };
            (*article, shown)
        })
        .collect()
}

/// A wording's words (letters and digits, lower-cased), each with the byte
/// where it starts: punctuation and spacing ("paid — he" / "paid—he")
/// never part two wordings.
fn words_at(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push((from, text[from..at].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

impl ClaimRow {
    /// The values are an utterance's words (how each outlet words a
    /// quote): cut to the cell, never what decides the table's layout.
    fn words(&self) -> bool {
        self.kind == crate::workflow::finding_kind(ClaimKind::Quote)
    }
}

/// A row's distinct values, with how many times each is stated, for the
/// one-column layout. A quote's wordings are one when their words are
/// ("paid — he" / "paid—he"), and the wordings fewest outlets give come
/// first: a narrow line shows where an outlet departs before the wording
/// most share.
fn distinct_values(r: &ClaimRow) -> Vec<(String, usize)> {
    let key = |v: &str| -> String {
        if r.words() {
            let words: Vec<String> = words_at(v).into_iter().map(|(_, w)| w).collect();
            words.join(" ")
        } else {
            v.to_string()
        }
    };
    let mut distinct: Vec<(String, String, usize)> = Vec::new();
    for (_, v) in &r.values {
        let v = sanitize_line(v).into_owned();
        let k = key(&v);
        match distinct.iter_mut().find(|(dk, _, _)| *dk == k) {
            Some(d) => d.2 += 1,
            None => distinct.push((k, v, 1)),
        }
    }
    if r.words() {
        // (stable: outlets' order among wordings given as often)
        distinct.sort_by_key(|d| d.2);
    }
    distinct.into_iter().map(|(_, v, n)| (v, n)).collect()
}

/// The rows of the claims screen for one story.
#[derive(Clone, Debug, Default)]
pub struct ClaimsTable {
    pub rows: Vec<ClaimRow>,
}

impl ClaimsTable {
    /// Rows from the claims analysis (discrepancies with their claims). The
    /// only place the screen depends on [`StoryClaims`].
    pub fn from_story_claims(ctx: &Ctx, sc: &StoryClaims) -> ClaimsTable {
        let articles: Vec<&crate::corpus::Article> =
            ctx.desk.articles.iter().map(|a| a.as_ref()).collect();
        let rows = sc
            .discrepancies
            .iter()
            .map(|d| {
                let level = match d.severity {
                    Severity::Conflict => Level::Conflict,
                    Severity::Update => Level::Updated,
                    Severity::Differs => Level::Differs,
                    Severity::Agree => Level::Agree,
                    Severity::PossibleVariant => Level::PossibleVariant,
                    Severity::Unique => Level::OneOutlet,
                };
                let kind = crate::workflow::finding_kind(d.kind);
                let claims: Vec<&crate::compare::claims::Claim> =
                    d.claims.iter().map(|&c| &sc.claims[c]).collect();
                let subject = crate::workflow::finding_subject(sc, d);
                let values = if d.kind == ClaimKind::Quote {
                    // a quote's wording row: each outlet's words, from where
                    // they part from another's (the row's subject names the
                    // speaker)
                    let words: Vec<(usize, String)> = claims
                        .iter()
                        .map(|c| {
                            let text = articles[c.article].text(c.span).trim();
                            (c.article, text.trim_end_matches(',').to_string())
                        })
                        .collect();
                    from_where_they_part(&words)
                } else {
                    claims
                        .iter()
                        .map(|c| {
                            // a speaker row: whom each outlet credits
                            let text = match c.kind {
                                ClaimKind::Quote => c.value.clone(),
                                _ => articles[c.article].text(c.span).to_string(),
                            };
                            (c.article, text)
                        })
                        .collect()
                };
                let mut evidence: Vec<Evidence> = Vec::new();
                for c in &claims {
                    if !evidence
                        .iter()
                        .any(|e| e.article == c.article && e.sentence == c.sentence)
                    {
                        evidence.push(Evidence {
                            article: c.article,
                            sentence: c.sentence,
                            span: c.span,
                        });
                    }
                }
                ClaimRow {
                    level,
                    kind,
                    subject,
                    values,
                    evidence,
                    summary: d.summary.clone(),
                    item: crate::workflow::discrepancy_item(&articles, sc, d),
                }
            })
            .collect();
        ClaimsTable { rows }
    }
}

/// The claims screen of one story.
pub struct ClaimsScreen {
    pub story: usize,
    pub members: Vec<usize>,
    /// Each member's column label (the outlet, and which version).
    labels: Vec<String>,
    pub table: ClaimsTable,
    /// Indexes of the rows shown, in order.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub unchecked_only: bool,
    pub show_one_outlet: bool,
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl ClaimsScreen {
    pub fn new(ctx: &Ctx, story: usize, claims: Arc<StoryClaims>) -> ClaimsScreen {
        // the story's reports, then its follow-ups (compared with it,
        // marked as such)
        let st = &ctx.desk.stories.as_ref().expect("stories").stories[story];
        let members: Vec<usize> = st.compared().collect();
        let mut labels = member_labels(&ctx.desk.articles, &members);
        for (label, m) in labels.iter_mut().zip(&members) {
            if st.followups.contains(m) {
                label.push_str(" (follow-up)");
            }
        }
        let mut s = ClaimsScreen {
            story,
            members,
            labels,
            table: ClaimsTable::from_story_claims(ctx, &claims),
            shown: Vec::new(),
            selected: 0,
            unchecked_only: false,
            show_one_outlet: false,
            offset: Cell::new(0),
            height: Cell::new(10),
        };
        s.refilter(ctx);
        s
    }

    /// Applies the filters, keeping the cursor on its row when it stays.
    pub fn refilter(&mut self, ctx: &Ctx) {
        let keep = self.shown.get(self.selected).copied();
        self.shown = (0..self.table.rows.len())
            .filter(|&i| {
                let r = &self.table.rows[i];
                if !self.show_one_outlet && r.level == Level::OneOutlet {
                    return false;
                }
                !(self.unchecked_only && ctx.review.is_reviewed(&r.item.key))
            })
            .collect();
        self.selected = keep
            .and_then(|k| self.shown.iter().position(|&i| i == k))
            .unwrap_or(self.selected)
            .min(self.shown.len().saturating_sub(1));
    }

    fn row(&self) -> Option<&ClaimRow> {
        self.table.rows.get(*self.shown.get(self.selected)?)
    }

    fn count(&self, level: Level) -> usize {
        self.table.rows.iter().filter(|r| r.level == level).count()
    }

    /// Draws the table: outlets as columns when their values fit, else one
    /// column of the distinct values (so nothing is cut mid-value).
    fn draw_table(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let w = area.width as usize;
        let n = self.members.len().max(1);
        // marker 2, level 9, kind 8: 21 with spaces
        let fixed = 2 + 1 + 9 + 1 + 8;
        // the subject whole where the screen allows ("people dead in an
        // earlier strike"): up to a quarter of a wide screen
        let widest_subject = self
            .shown
            .iter()
            .map(|&i| display_width(&self.table.rows[i].subject))
            .max()
            .unwrap_or(0);
        let subject_w = widest_subject
            .clamp(24, 24.max(w / 4))
            .min(w.saturating_sub(fixed + 20))
            .max(12);
        let room = w.saturating_sub(fixed + subject_w + 1);
        let per_outlet = room / n;
        let widest_value = self
            .shown
            .iter()
            .filter(|&&i| !self.table.rows[i].words())
            .flat_map(|&i| self.table.rows[i].values.iter())
            .map(|(_, v)| display_width(v).min(24))
            .max()
            .unwrap_or(8);
        let by_outlet = per_outlet > widest_value.max(10);
        let mut header = vec![TSpan::styled(
            format!(
                "{:<2} {:<9} {:<8}{}",
                "",
                "",
                "",
                cell("Subject", subject_w)
            ),
            theme.meta,
        )];
        if by_outlet {
            for label in &self.labels {
                header.push(TSpan::styled(
                    format!(" {}", cell(label, per_outlet - 1)),
                    theme.outlet,
                ));
            }
        } else {
            header.push(TSpan::styled(" Values (× outlets)", theme.meta));
        }
        let height = area.height.saturating_sub(1) as usize;
        self.height.set(height.max(1));
        let offset = visible_offset(self.offset.get(), self.selected, height, self.shown.len());
        self.offset.set(offset);
        let mut lines = vec![Line::from(header)];
        if self.shown.is_empty() {
            lines.push(Line::from(TSpan::styled(
                if self.unchecked_only {
                    "  everything here is checked (f shows all)"
                } else if self.table.rows.is_empty() {
                    "  no disagreement found between these reports"
                } else {
                    "  only facts stated by one outlet (1 shows them)"
                },
                theme.status,
            )));
        }
        for (ri, &i) in self.shown.iter().enumerate().skip(offset).take(height) {
            let r = &self.table.rows[i];
            let st = match r.level {
                Level::Conflict => theme.alarm,
                Level::Updated | Level::Differs => theme.caution,
                Level::PossibleVariant => theme.warning,
                Level::OneOutlet | Level::Agree => theme.meta,
            };
            let mut spans = vec![
                verdict_marker(ctx, &r.item.key),
                TSpan::raw(" "),
                TSpan::styled(format!("{:<9}", r.level.label()), st),
                TSpan::styled(format!(" {:<8}", r.kind), theme.meta),
                TSpan::styled(cell(&sanitize_line(&r.subject), subject_w), theme.text),
            ];
            if by_outlet {
                for &m in &self.members {
                    let vals: Vec<String> = r
                        .values
                        .iter()
                        .filter(|(a, _)| *a == m)
                        .map(|(_, v)| sanitize_line(v).into_owned())
                        .collect();
                    let (text, style) = if vals.is_empty() {
                        ("—".to_string(), theme.meta)
                    } else {
                        (vals.join("; "), theme.text)
                    };
                    spans.push(TSpan::styled(
                        format!(" {}", cell(&text, per_outlet - 1)),
                        style,
                    ));
                }
            } else {
                let text: Vec<String> = distinct_values(r)
                    .iter()
                    .map(|(v, k)| {
                        if *k > 1 {
                            format!("{v} ×{k}")
                        } else {
                            v.clone()
                        }
                    })
                    .collect();
                spans.push(TSpan::styled(
                    format!(" {}", truncate(&text.join(" · "), room.saturating_sub(1))),
                    theme.text,
                ));
            }
            let mut line = Line::from(spans);
            if ri == self.selected {
                line = line.style(theme.selected);
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), area);
    }

    /// The evidence of the selected row: each sentence once, its values marked.
    fn draw_evidence(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let Some(r) = self.row() else {
            return;
        };
        let w = area.width.max(10) as usize;
        let mut lines = wrap(&[Segment::new(&r.summary, theme.title)], w, "  ").lines;
        for e in &r.evidence {
            let a = &ctx.desk.articles[e.article];
            let Some(Some(an)) = ctx.desk.analyses.get(e.article) else {
                continue;
            };
            let s = an.sentences[e.sentence].span;
            let label = match self.members.iter().position(|&m| m == e.article) {
                Some(i) => self.labels[i].clone(),
                None => outlet_label(a),
            };
            let name = format!("{label}: ");
            let mut segs = vec![Segment::new(&name, theme.outlet)];
            // the values of this row in this sentence, marked
            let mut marks: Vec<Span> = r
                .evidence
                .iter()
                .filter(|x| x.article == e.article && s.contains(x.span))
                .map(|x| x.span)
                .collect();
            marks.sort_by_key(|m| m.start);
            let mut at = s.start;
            for m in marks {
                if m.start < at {
                    continue;
                }
                segs.push(Segment::new(&a.body[at..m.start], theme.text));
                segs.push(Segment::new(&a.body[m.start..m.end], theme.evidence));
                at = m.end;
            }
            segs.push(Segment::new(&a.body[at..s.end], theme.text));
            lines.extend(wrap(&segs, w, "  ").lines);
        }
        if let Some(e) = ctx.review.entry(&r.item.key) {
            lines.push(Line::from(vec![
                verdict_marker(ctx, &r.item.key),
                TSpan::styled(format!(" {}", verdict_text(e)), theme.meta),
            ]));
        }
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(theme.border)
            .title(" Evidence (Enter reads it) ");
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}

impl Screen for ClaimsScreen {
    fn name(&self) -> &'static str {
        "claims"
    }

    fn context(&self) -> Context {
        Context::Claims
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::bar(Action::Down),
            Command::labelled(Action::Open, "read the evidence"),
            Command::bar(Action::Disputed),
            Command::bar(Action::Verified),
            Command::bar(Action::EditNote),
            Command::bar(Action::ToggleUncheckedOnly),
            Command::labelled(Action::OpenCompare, "compare its reports"),
            Command::bar(Action::Undo),
            Command::help(Action::MarkFalse),
            Command::help(Action::NeedsSource),
            Command::help(Action::Unchecked),
            Command::labelled(Action::ToggleUnique, "show facts of one outlet only"),
            Command::help(Action::OpenQuotes),
            Command::help(Action::OpenStory),
            Command::help(Action::Redo),
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
            self.shown.len(),
            self.height.get().saturating_sub(1),
        ) {
            return Transition::Stay;
        }
        match action {
            Action::ToggleUncheckedOnly => {
                self.unchecked_only = !self.unchecked_only;
                self.refilter(ctx);
                out.say(if self.unchecked_only {
                    "only what is still unchecked"
                } else {
                    "every finding"
                });
            }
            Action::ToggleUnique => {
                self.show_one_outlet = !self.show_one_outlet;
                self.refilter(ctx);
                out.say(if self.show_one_outlet {
                    "facts stated by one outlet only: shown"
                } else {
                    "facts stated by one outlet only: hidden"
                });
            }
            Action::Open => {
                let Some(e) = self.row().and_then(|r| r.evidence.first().copied()) else {
                    return Transition::Stay;
                };
                return Transition::Push(Open::Reader {
                    article: e.article,
                    sentence: Some(e.sentence),
                    evidence: Some(e.span),
                    entity: None,
                });
            }
            Action::OpenCompare => {
                let Some(r) = self.row() else {
                    return Transition::Stay;
                };
                let first = r.evidence.first().copied();
                let other = r
                    .evidence
                    .iter()
                    .find(|e| Some(e.article) != first.map(|f| f.article))
                    .map(|e| e.article)
                    .or_else(|| {
                        self.members
                            .iter()
                            .copied()
                            .find(|&m| Some(m) != first.map(|f| f.article))
                    });
                return match (first, other) {
                    (Some(f), Some(o)) => Transition::Push(Open::Compare {
                        left: f.article,
                        right: o,
                        focus: Some((f.article, f.sentence)),
                    }),
                    _ => Transition::Stay,
                };
            }
            Action::OpenQuotes => return Transition::Push(Open::Quotes(self.story)),
            Action::OpenStory => return Transition::Push(Open::Story(self.story)),
            Action::OpenClaims | Action::Back => return Transition::Pop,
            _ => return Transition::Ignored,
        }
        Transition::Stay
    }

    fn on_event(&mut self, event: &crate::tui::screen::Event, ctx: &Ctx) {
        if matches!(event, crate::tui::screen::Event::VerdictsChanged) && self.unchecked_only {
            self.refilter(ctx);
        }
    }

    fn target(&self, _ctx: &Ctx) -> Option<Target> {
        let r = self.row()?;
        Some(Target::one(
            r.item.clone(),
            format!(
                "{} on {} “{}”",
                match r.level {
                    Level::Conflict => "conflict",
                    Level::Updated => "update",
                    Level::Differs => "difference",
                    Level::PossibleVariant => "possible variant",
                    Level::OneOutlet | Level::Agree => "fact",
                },
                r.kind,
                truncate(&sanitize_line(&r.subject), 40)
            ),
        ))
    }

    fn article(&self) -> Option<usize> {
        self.row()?.evidence.first().map(|e| e.article)
    }

    fn shows_article(&self, article: usize) -> bool {
        self.members.contains(&article)
            || self
                .table
                .rows
                .iter()
                .any(|r| r.evidence.iter().any(|e| e.article == article))
    }

    fn story(&self, _ctx: &Ctx) -> Option<usize> {
        Some(self.story)
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        let unchecked = self
            .table
            .rows
            .iter()
            .filter(|r| r.level != Level::OneOutlet && !ctx.review.is_reviewed(&r.item.key))
            .count();
        Some(format!(
            "finding {} of {} · {unchecked} still unchecked{}",
            (self.selected + 1).min(self.shown.len()),
            self.shown.len(),
            if self.unchecked_only {
                " · f shows all"
            } else {
                ""
            }
        ))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let filter = if self.unchecked_only {
            " · unchecked only"
        } else {
            ""
        };
        // conflicts always, the other counts when there are any
        let mut counts = vec![format!("{} conflicts", self.count(Level::Conflict))];
        for (level, word) in [
            (Level::Updated, "updated"),
            (Level::Differs, "differ"),
            (Level::PossibleVariant, "possible variants"),
            (Level::OneOutlet, "one outlet only"),
        ] {
            let n = self.count(level);
            if n > 0 {
                counts.push(format!("{n} {word}"));
            }
        }
        let block = screen_block(
            ctx.theme,
            format!(
                " Claims s{} · {}{filter} ",
                self.story + 1,
                counts.join(" · ")
            ),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let detail_h = (inner.height / 2).clamp(3, 10);
        let [table, detail] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(inner);
        self.draw_table(frame, table, ctx);
        self.draw_evidence(frame, detail, ctx);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{ClaimRow, Level, distinct_values, from_where_they_part};
    use crate::compare::claims::ClaimKind;
    use crate::workflow::ReviewItem;

    #[test]
    fn quote_cells_show_where_the_wordings_part() {
        let words =
            vec![
            (0, "He is the hero here and no doubt he saved many lives.".to_string()),
            (
                1,
                "He is the hero here and no doubt he saved many lives by wrestling the gun away"
                    .to_string(),
            ),
            (2, "The man who wrestled the gun away is a hero".to_string()),
            (3, "He is the one".to_string()),
        ];
        let cells: Vec<String> = from_where_they_part(&words)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(cells[0], "“…saved many lives.”");
        assert_eq!(cells[1], "“…saved many lives by wrestling the gun away”");
        // nothing shared: whole; three words shared is no wording of another
        assert_eq!(cells[2], "“The man who wrestled the gun away is a hero”");
        assert_eq!(cells[3], "“He is the one”");
        // spacing and punctuation part nothing: the same words are shown
        // whole, however spaced
        let words = vec![
            (
                0,
                "This is the price our officer paid — he was killed".into(),
            ),
            (1, "This is the price our officer paid—he was killed".into()),
        ];
        let cells: Vec<String> = from_where_they_part(&words)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(
            cells[0],
            "“This is the price our officer paid — he was killed”"
        );
        assert_eq!(
            cells[1],
            "“This is the price our officer paid—he was killed”"
        );
    }

    #[test]
    fn one_column_lists_a_quotes_rarer_wordings_first_and_spacing_apart_as_one() {
        let row = |kind: &'static str, values: &[&str]| ClaimRow {
            level: Level::Differs,
            kind,
            subject: "s".into(),
            values: values
                .iter()
                .enumerate()
                .map(|(i, v)| (i, v.to_string()))
                .collect(),
            evidence: Vec::new(),
            summary: String::new(),
            item: ReviewItem {
                key: crate::review::ItemKey::article(&crate::review::content_hash("x")),
                kind: crate::review::ItemKind::Article,
                article_id: "x".into(),
                text: String::new(),
            },
        };
        let quote = crate::workflow::finding_kind(ClaimKind::Quote);
        let r = row(
            quote,
            &[
                "“This is the price he paid — he fell”",
                "“Answering their plea, we went”",
                "“This is the price he paid—he fell”",
            ],
        );
        assert_eq!(
            distinct_values(&r),
            vec![
                ("“Answering their plea, we went”".to_string(), 1),
                ("“This is the price he paid — he fell”".to_string(), 2),
            ]
        );
        // figures keep the outlets' order, and only equal strings are one
        let r = row("figure", &["12", "nine", "12", "9"]);
        assert_eq!(
            distinct_values(&r),
            vec![
                ("12".to_string(), 2),
                ("nine".to_string(), 1),
                ("9".to_string(), 1)
            ]
        );
    }

    #[test]
    fn one_outlets_two_copies_are_not_compared_with_each_other() {
        let words = vec![
            (0, "We will pursue these gangs to the last man".to_string()),
            (
                0,
                "We will pursue these gangs to the last man standing".to_string(),
            ),
        ];
        let cells: Vec<String> = from_where_they_part(&words)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(cells[0], "“We will pursue these gangs to the last man”");
    }
}
