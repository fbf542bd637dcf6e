//! Picking an article to compare with: any article of the corpus, the
//! story's other reports and its related articles first; typing filters
//! fuzzily by title and outlet.

use crate::search::{MetaMatch, Query, Searcher};
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Key};
use crate::tui::review::outlet_label;
use crate::tui::screen::{Command, Ctx, Out, Reply, Screen, Transition};
use crate::tui::widgets::{add_clamped, cell, highlighted, visible_offset};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use rayon::prelude::*;
use std::cell::Cell;

pub struct PickerScreen {
    pub for_article: usize,
    pub query: String,
    /// Candidates in order: (article, why it is near: "same story", "related").
    base: Vec<(usize, &'static str)>,
    /// The rows shown: indexes into `base`.
    pub rows: Vec<usize>,
    pub selected: usize,
    searcher: Searcher,
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl PickerScreen {
    pub fn new(ctx: &Ctx, for_article: usize) -> PickerScreen {
        let mut base: Vec<(usize, &'static str)> = Vec::new();
        if let Some(st) = &ctx.desk.stories
            && let Some(&s) = st.story_of.get(for_article)
        {
            let story = &st.stories[s];
            base.extend(
                story
                    .articles
                    .iter()
                    .filter(|&&a| a != for_article)
                    .map(|&a| (a, "same story")),
            );
            base.extend(story.related.iter().map(|&(a, _)| (a, "related")));
        }
        let mut seen = vec![false; ctx.desk.articles.len()];
        seen[for_article] = true;
        for &(a, _) in &base {
            seen[a] = true;
        }
        base.extend(
            (0..ctx.desk.articles.len())
                .filter(|&a| !seen[a])
                .map(|a| (a, "")),
        );
        let rows = (0..base.len()).collect();
        PickerScreen {
            for_article,
            query: String::new(),
            base,
            rows,
            selected: 0,
            searcher: Searcher::default(),
            offset: Cell::new(0),
            height: Cell::new(10),
        }
    }

    /// Filters the candidates (a query extending the last one filters its rows).
    fn refilter(&mut self, ctx: &Ctx, extends: bool) {
        let query = Query::parse(&self.query);
        if query.is_empty() {
            self.rows = (0..self.base.len()).collect();
            self.selected = 0;
            return;
        }
        let from: Vec<usize> = if extends {
            std::mem::take(&mut self.rows)
        } else {
            (0..self.base.len()).collect()
        };
        let (searcher, base, articles) = (&self.searcher, &self.base, &ctx.desk.articles);
        let score = |&i: &usize| match searcher.match_meta(base[i].0, &articles[base[i].0], &query)
        {
            MetaMatch::Full(hit) => Some((i, hit.score)),
            _ => None,
        };
        let mut hits: Vec<(usize, i64)> = if from.len() > 2048 {
            crate::tui::ui_pool().install(|| from.par_iter().filter_map(score).collect())
        } else {
            from.iter().filter_map(score).collect()
        };
        // near articles first, then by score
        hits.sort_by(|a, b| {
            let near = |i: usize| base[i].1.is_empty();
            near(a.0)
                .cmp(&near(b.0))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        self.rows = hits.into_iter().map(|(i, _)| i).collect();
        self.selected = 0;
    }
}

impl Screen for PickerScreen {
    fn name(&self) -> &'static str {
        "pick an article"
    }

    fn context(&self) -> Context {
        Context::Picker
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::labelled(Action::Open, "compare with it"),
            Command::labelled(Action::Down, "move"),
            Command::labelled(Action::Back, "cancel"),
            Command::help(Action::Up),
            Command::help(Action::PageDown),
        ]
    }

    fn update(&mut self, action: Action, _ctx: &Ctx, _out: &mut Out) -> Transition {
        let max = self.rows.len().saturating_sub(1);
        let page = self.height.get().saturating_sub(1).max(1) as isize;
        match action {
            Action::Down => self.selected = add_clamped(self.selected, 1, max),
            Action::Up => self.selected = add_clamped(self.selected, -1, max),
            Action::PageDown => self.selected = add_clamped(self.selected, page, max),
            Action::PageUp => self.selected = add_clamped(self.selected, -page, max),
            Action::Open => {
                let Some(&i) = self.rows.get(self.selected) else {
                    return Transition::Stay;
                };
                return Transition::PopWith(Reply::Picked {
                    for_article: self.for_article,
                    article: self.base[i].0,
                });
            }
            Action::Back | Action::Quit => return Transition::Pop,
            _ => return Transition::Ignored,
        }
        Transition::Stay
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Out) -> Transition {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        let extends = match key.code {
            KeyCode::Char('u') if ctrl => {
                self.query.clear();
                false
            }
            KeyCode::Char(c) if !ctrl && !key.mods.contains(KeyModifiers::ALT) => {
                self.query.push(c);
                true
            }
            KeyCode::Backspace => {
                self.query.pop();
                false
            }
            _ => return Transition::Ignored,
        };
        self.refilter(ctx, extends);
        Transition::Stay
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        Some(format!(
            "compare “{}” with… · {} of {} articles",
            crate::tui::wrap::truncate(&ctx.desk.articles[self.for_article].title, 40),
            self.rows.len(),
            self.base.len()
        ))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let width = (area.width * 9 / 10).max(20).min(area.width);
        let height = (area.height * 8 / 10).max(6).min(area.height);
        let [v] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [win] = Layout::horizontal([Constraint::Length(width)])
            .flex(Flex::Center)
            .areas(v);
        frame.render_widget(Clear, win);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(theme.border_focused)
            .title(TSpan::styled(
                " Compare with… (type to filter, Enter picks, Esc cancels) ",
                theme.pane_title,
            ));
        let inner = block.inner(win);
        frame.render_widget(block, win);
        let [input, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                TSpan::styled("› ", theme.key),
                TSpan::styled(
                    crate::sanitize::sanitize_line(&self.query).into_owned(),
                    theme.filter,
                ),
                TSpan::styled("▏", theme.filter),
            ])),
            input,
        );
        let h = list.height as usize;
        self.height.set(h.max(1));
        let offset = visible_offset(self.offset.get(), self.selected, h, self.rows.len());
        self.offset.set(offset);
        let query = Query::parse(&self.query);
        let w = list.width as usize;
        let (near_w, outlet_w, date_w) = (11, (w / 5).clamp(6, 18), if w > 70 { 11 } else { 0 });
        let title_w = w.saturating_sub(near_w + outlet_w + date_w + 1);
        let mut lines = Vec::new();
        if self.rows.is_empty() {
            lines.push(Line::from(TSpan::styled(
                "no article matches",
                theme.status,
            )));
        }
        for (k, &i) in self.rows.iter().enumerate().skip(offset).take(h) {
            let (a, near) = self.base[i];
            let art = &ctx.desk.articles[a];
            let (tmarks, _) = if query.is_empty() {
                (Vec::new(), Vec::new())
            } else {
                self.searcher.highlight(art, &query)
            };
            let title = crate::tui::wrap::truncate(&art.title, title_w);
            let mut spans = vec![
                TSpan::styled(cell(near, near_w), theme.story),
                TSpan::styled(cell(&outlet_label(art), outlet_w), theme.outlet),
                TSpan::raw(" "),
            ];
            if date_w > 0 {
                let d = art
                    .published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into());
                spans.push(TSpan::styled(cell(&d, date_w), theme.date));
            }
            spans.extend(highlighted(&title, &tmarks, theme.text, theme.filter_match).spans);
            let mut line = Line::from(spans);
            if k == self.selected {
                line = line.style(theme.selected);
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), list);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
