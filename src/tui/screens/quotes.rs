//! The quotes of a story: who said what, carried by which outlets; one row
//! per quote (see [`crate::speakers`]), speakers that are organisations
//! shown as such. Enter reads the quote in its first report.

use crate::compare::claims::StoryClaims;
use crate::review::ItemKind;
use crate::sanitize::sanitize_line;
use crate::speakers::{MergedQuote, merged_quotes};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::review::{Target, outlet_label};
use crate::tui::screen::{Command, Ctx, Open, Out, Screen, Transition};
use crate::tui::widgets::{
    cell, move_cursor, screen_block, verdict_marker, verdict_text, visible_offset,
};
use crate::tui::wrap::{Segment, truncate, wrap};
use crate::workflow::{ReviewItem, span_item};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::cell::Cell;
use std::sync::Arc;

pub struct QuotesScreen {
    pub story: usize,
    pub quotes: Vec<MergedQuote>,
    /// The item of each quote (its first carrier's quote).
    pub items: Vec<Option<ReviewItem>>,
    pub selected: usize,
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl QuotesScreen {
    pub fn new(ctx: &Ctx, story: usize, claims: Arc<StoryClaims>) -> QuotesScreen {
        let members = ctx.desk.stories.as_ref().expect("stories").stories[story]
            .articles
            .clone();
        let articles: Vec<&crate::corpus::Article> =
            ctx.desk.articles.iter().map(|a| a.as_ref()).collect();
        // (the story's reports are held: the view waits for them; the
        // others may not be, and are not read)
        let (_, analyses) = ctx.desk.refs();
        let quotes = merged_quotes(&claims, &articles, &analyses, &members);
        let items = quotes
            .iter()
            .map(|q| {
                let &(a, qi) = q.carriers.first()?;
                let span = analyses[a].quotes.get(qi)?.span;
                Some(span_item(articles[a], ItemKind::Quote, span))
            })
            .collect();
        QuotesScreen {
            story,
            quotes,
            items,
            selected: 0,
            offset: Cell::new(0),
            height: Cell::new(10),
        }
    }

    fn speaker(q: &MergedQuote) -> String {
        match (&q.speaker, q.speaker_is_org) {
            (Some(s), true) => format!("{s} (organisation)"),
            (Some(s), false) => s.clone(),
            (None, _) => "unattributed".into(),
        }
    }
}

impl Screen for QuotesScreen {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn context(&self) -> Context {
        Context::Quotes
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::bar(Action::Down),
            Command::labelled(Action::Open, "read it"),
            Command::bar(Action::Verified),
            Command::bar(Action::Disputed),
            Command::bar(Action::EditNote),
            Command::labelled(Action::OpenClaims, "claims"),
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

    fn update(&mut self, action: Action, ctx: &Ctx, _out: &mut Out) -> Transition {
        if move_cursor(
            &mut self.selected,
            action,
            self.quotes.len(),
            self.height.get().saturating_sub(1),
        ) {
            return Transition::Stay;
        }
        match action {
            Action::Open => {
                let Some(&(article, qi)) = self
                    .quotes
                    .get(self.selected)
                    .and_then(|q| q.carriers.first())
                else {
                    return Transition::Stay;
                };
                let Some(Some(an)) = ctx.desk.analyses.get(article) else {
                    return Transition::Stay;
                };
                let span = an.quotes[qi].span;
                let sentence = an.sentences.iter().position(|s| s.span.overlaps(span));
                Transition::Push(Open::Reader {
                    article,
                    sentence,
                    evidence: Some(span),
                    entity: None,
                })
            }
            Action::OpenClaims => Transition::Push(Open::Claims(self.story)),
            Action::OpenStory => Transition::Push(Open::Story(self.story)),
            Action::OpenQuotes | Action::Back => Transition::Pop,
            _ => Transition::Ignored,
        }
    }

    fn target(&self, _ctx: &Ctx) -> Option<Target> {
        let q = self.quotes.get(self.selected)?;
        let item = self.items.get(self.selected)?.clone()?;
        Some(Target::one(
            item,
            format!(
                "quote “{}” ({})",
                truncate(&sanitize_line(&q.text), 32),
                Self::speaker(q)
            ),
        ))
    }

    fn article(&self) -> Option<usize> {
        self.quotes
            .get(self.selected)?
            .carriers
            .first()
            .map(|c| c.0)
    }

    fn shows_article(&self, article: usize) -> bool {
        self.quotes
            .iter()
            .any(|q| q.carriers.iter().any(|c| c.0 == article))
    }

    fn story(&self, _ctx: &Ctx) -> Option<usize> {
        Some(self.story)
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        let q = self.quotes.get(self.selected)?;
        let outlets: Vec<String> = q
            .carriers
            .iter()
            .map(|&(a, _)| outlet_label(&ctx.desk.articles[a]))
            .collect();
        Some(format!(
            "quote {} of {} · carried by {}",
            self.selected + 1,
            self.quotes.len(),
            outlets.join(", ")
        ))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let block = screen_block(
            theme,
            format!(" Quotes s{} · {} ", self.story + 1, self.quotes.len()),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let detail_h = (inner.height / 2).clamp(3, 8);
        let [table, detail] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(inner);
        let height = table.height as usize;
        self.height.set(height.max(1));
        let offset = visible_offset(self.offset.get(), self.selected, height, self.quotes.len());
        self.offset.set(offset);
        let w = table.width as usize;
        let speaker_w = (w / 4).clamp(10, 26);
        let mut lines = Vec::new();
        if self.quotes.is_empty() {
            lines.push(Line::from(TSpan::styled(
                "  no quotes in this story",
                theme.status,
            )));
        }
        for (gi, q) in self.quotes.iter().enumerate().skip(offset).take(height) {
            let marker = match &self.items[gi] {
                Some(i) => verdict_marker(ctx, &i.key),
                None => TSpan::raw("  "),
            };
            let n = q.carriers.len();
            let outlets = format!(" {n} outlet{} ", if n == 1 { " " } else { "s" });
            let room = w.saturating_sub(2 + 1 + speaker_w + outlets.chars().count() + 2);
            let style = if q.speaker_is_org {
                theme.entity_org
            } else {
                theme.entity_person
            };
            let mut line = Line::from(vec![
                marker,
                TSpan::raw(" "),
                TSpan::styled(cell(&sanitize_line(&Self::speaker(q)), speaker_w), style),
                TSpan::styled(outlets, theme.meta),
                TSpan::styled(
                    format!("“{}”", truncate(&sanitize_line(&q.text), room)),
                    theme.text,
                ),
            ]);
            if gi == self.selected {
                line = line.style(theme.selected);
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), table);
        let Some(q) = self.quotes.get(self.selected) else {
            return;
        };
        let outlets: Vec<String> = q
            .carriers
            .iter()
            .map(|&(a, _)| outlet_label(&ctx.desk.articles[a]))
            .collect();
        let quoted = format!("“{}”  ", q.text);
        let who = format!("— {} · carried by {}", Self::speaker(q), outlets.join(", "));
        let segs = vec![
            Segment::new(&quoted, theme.text),
            Segment::new(&who, theme.meta),
        ];
        let mut wrapped = wrap(&segs, detail.width.max(10) as usize, "  ").lines;
        if let Some(Some(item)) = self.items.get(self.selected)
            && let Some(e) = ctx.review.entry(&item.key)
        {
            wrapped.push(Line::from(vec![
                verdict_marker(ctx, &item.key),
                TSpan::styled(format!(" {}", verdict_text(e)), theme.meta),
            ]));
        }
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(theme.border)
            .title(" Quote (Enter reads it) ");
        frame.render_widget(Paragraph::new(wrapped).block(block), detail);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
