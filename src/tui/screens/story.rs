//! The story overview: which outlet carries which fact (groups of sentences
//! the aligner paired). A verdict on a fact applies to all its sentences;
//! Enter reads the fact in its first report, the sentence under the cursor.

use crate::compare::coverage::Fact;
use crate::review::ItemKey;
use crate::sanitize::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::review::{Target, outlet_label, sentence_item, sentences_target};
use crate::tui::screen::{Command, Ctx, Open, Out, Screen, Transition};
use crate::tui::widgets::{cell, combined_marker, move_cursor, screen_block, visible_offset};
use crate::tui::wrap::truncate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::Paragraph;
use std::cell::Cell;

pub struct StoryScreen {
    pub story: usize,
    pub members: Vec<usize>,
    pub facts: Vec<Fact>,
    /// The item keys of each fact's sentences.
    keys: Vec<Vec<ItemKey>>,
    pub selected: usize,
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl StoryScreen {
    pub fn new(ctx: &Ctx, story: usize, facts: Vec<Fact>) -> StoryScreen {
        let members = ctx.desk.stories.as_ref().expect("stories").stories[story]
            .articles
            .clone();
        let keys = facts
            .iter()
            .map(|f| {
                f.sentences
                    .iter()
                    .filter_map(|&(a, s)| sentence_item(ctx.desk, a, s).map(|i| i.key))
                    .collect()
            })
            .collect();
        StoryScreen {
            story,
            members,
            facts,
            keys,
            selected: 0,
            offset: Cell::new(0),
            height: Cell::new(10),
        }
    }
}

impl Screen for StoryScreen {
    fn name(&self) -> &'static str {
        "story overview"
    }

    fn context(&self) -> Context {
        Context::Story
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::bar(Action::Down),
            Command::labelled(Action::Open, "read it"),
            Command::labelled(Action::Disputed, "verdict on the fact"),
            Command::bar(Action::EditNote),
            Command::labelled(Action::OpenClaims, "claims"),
            Command::help(Action::Verified),
            Command::help(Action::MarkFalse),
            Command::help(Action::NeedsSource),
            Command::help(Action::Unchecked),
            Command::help(Action::OpenQuotes),
            Command::help(Action::OpenCompare),
            Command::help(Action::Up),
            Command::help(Action::PageDown),
            Command::help(Action::Top),
            Command::help(Action::Bottom),
        ]
    }

    fn update(&mut self, action: Action, _ctx: &Ctx, out: &mut Out) -> Transition {
        if move_cursor(
            &mut self.selected,
            action,
            self.facts.len(),
            self.height.get().saturating_sub(1),
        ) {
            return Transition::Stay;
        }
        match action {
            Action::Open => {
                let Some(&(article, sentence)) = self
                    .facts
                    .get(self.selected)
                    .and_then(|f| f.sentences.first())
                else {
                    return Transition::Stay;
                };
                Transition::Push(Open::Reader {
                    article,
                    sentence: Some(sentence),
                    evidence: None,
                    entity: None,
                })
            }
            Action::OpenClaims => Transition::Push(Open::Claims(self.story)),
            Action::OpenQuotes => Transition::Push(Open::Quotes(self.story)),
            Action::OpenCompare => {
                let first = self
                    .facts
                    .get(self.selected)
                    .and_then(|f| f.sentences.first().copied());
                let Some(&left) = self.members.first() else {
                    return Transition::Stay;
                };
                let (left, focus) = match first {
                    Some((a, s)) => (a, Some((a, s))),
                    None => (left, None),
                };
                let _ = out;
                let right = self.members.iter().copied().find(|&m| m != left);
                match right {
                    Some(right) => Transition::Push(Open::Compare { left, right, focus }),
                    None => Transition::Stay,
                }
            }
            Action::OpenStory | Action::Back => Transition::Pop,
            _ => Transition::Ignored,
        }
    }

    fn target(&self, ctx: &Ctx) -> Option<Target> {
        let f = self.facts.get(self.selected)?;
        let n = f.articles().len();
        sentences_target(
            ctx.desk,
            &f.sentences,
            &format!(
                "fact carried by {n} outlet{}",
                if n == 1 { "" } else { "s" }
            ),
        )
    }

    fn article(&self) -> Option<usize> {
        self.facts
            .get(self.selected)?
            .sentences
            .first()
            .map(|x| x.0)
    }

    fn shows_article(&self, article: usize) -> bool {
        self.members.contains(&article)
            || self
                .facts
                .iter()
                .any(|f| f.sentences.iter().any(|s| s.0 == article))
    }

    fn story(&self, _ctx: &Ctx) -> Option<usize> {
        Some(self.story)
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        let f = self.facts.get(self.selected)?;
        let outlets: Vec<String> = f
            .articles()
            .iter()
            .map(|&a| outlet_label(&ctx.desk.articles[a]))
            .collect();
        Some(format!(
            "fact {} of {} · carried by {}",
            self.selected + 1,
            self.facts.len(),
            outlets.join(", ")
        ))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let label = ctx
            .desk
            .stories
            .as_ref()
            .map(|st| st.stories[self.story].label.clone())
            .unwrap_or_default();
        let room = (area.width as usize).saturating_sub(28).clamp(10, 80);
        let block = screen_block(
            theme,
            format!(
                " Story s{} · {} facts · {} ",
                self.story + 1,
                self.facts.len(),
                truncate(&sanitize_line(&label), room)
            ),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let n = self.members.len().max(1);
        let colw = ((inner.width as usize).saturating_sub(30) / n).clamp(3, 10);
        let fact_w = (inner.width as usize).saturating_sub(colw * n + 3);
        let mut header = vec![TSpan::styled(
            format!("   {}", cell("Fact (first wording)", fact_w)),
            theme.meta,
        )];
        for &m in &self.members {
            let name = truncate(&outlet_label(&ctx.desk.articles[m]), colw - 1);
            header.push(TSpan::styled(format!("{name:>colw$}"), theme.outlet));
        }
        let height = inner.height.saturating_sub(1) as usize;
        self.height.set(height.max(1));
        let offset = visible_offset(self.offset.get(), self.selected, height, self.facts.len());
        self.offset.set(offset);
        let mut lines = vec![Line::from(header)];
        for (fi, f) in self.facts.iter().enumerate().skip(offset).take(height) {
            let (a, si) = f.sentences[0];
            let text = ctx.desk.analyses[a]
                .as_ref()
                .map(|an| ctx.desk.articles[a].text(an.sentences[si].span))
                .unwrap_or("");
            let carried = f.articles();
            let mut spans = vec![
                combined_marker(ctx, &self.keys[fi]),
                TSpan::raw(" "),
                TSpan::styled(cell(&sanitize_line(text), fact_w), theme.text),
            ];
            for &m in &self.members {
                let (sym, st) = if carried.contains(&m) {
                    ("●", theme.story)
                } else {
                    ("·", theme.meta)
                };
                spans.push(TSpan::styled(format!("{sym:>colw$}"), st));
            }
            let mut line = Line::from(spans);
            if fi == self.selected {
                line = line.style(theme.selected);
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
