//! Entities: the pane beside the reader (the article's entities; Enter
//! emphasises one and goes to its mentions) and the corpus screen (every
//! entity of the corpus with its mentions, articles and outlets; Enter opens
//! the article that names it most, on its first mention).

use super::reader::ReaderPane;
use crate::nlp::entities::Group;
use crate::nlp::fold::name_key;
use crate::sanitize::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::{Command, Ctx, EntityChoice, Open, Out, Screen, Transition};
use crate::tui::widgets::{add_clamped, cell, pane_block, screen_block, visible_offset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use std::cell::Cell;
use std::collections::HashMap;

/// One entity of the article or the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRow {
    pub group: Group,
    pub key: String,
    pub name: String,
    pub mentions: usize,
    /// The articles naming it, the one naming it most first.
    pub articles: Vec<usize>,
    pub outlets: usize,
}

impl EntityRow {
    pub fn choice(&self) -> EntityChoice {
        EntityChoice {
            group: self.group,
            key: self.key.clone(),
            name: self.name.clone(),
        }
    }
}

/// The entities of some articles, one row per (type, folded name); a lone
/// surname joins the one full name of the corpus that ends with it
/// ("Trump" → "Donald Trump").
pub fn entity_rows(ctx: &Ctx, articles: impl Iterator<Item = usize>) -> Vec<EntityRow> {
    struct Tally {
        name: String,
        mentions: usize,
        per_article: HashMap<usize, usize>,
        outlets: Vec<String>,
    }
    let mut acc: HashMap<(Group, String), Tally> = HashMap::new();
    for i in articles {
        // (counted when analysed, so also when the analysis is not held)
        let Some(counts) = ctx.desk.entity_counts(i) else {
            continue;
        };
        let outlet = ctx.desk.articles[i].outlet.clone();
        for c in counts {
            let t = acc
                .entry((c.group, c.key.to_string()))
                .or_insert_with(|| Tally {
                    name: c.name.to_string(),
                    mentions: 0,
                    per_article: HashMap::new(),
                    outlets: Vec::new(),
                });
            let n = c.mentions as usize;
            t.mentions += n;
            *t.per_article.entry(i).or_default() += n;
            if c.name.chars().count() > t.name.chars().count() {
                t.name = c.name.to_string();
            }
            if let Some(o) = &outlet
                && !t.outlets.contains(o)
            {
                t.outlets.push(o.clone());
            }
        }
    }
    // lone surnames into the one full name ending with them
    let mut full_by_last: HashMap<String, Vec<String>> = HashMap::new();
    for (group, key) in acc.keys() {
        if *group == Group::Person && key.contains(' ') {
            let last = key.rsplit(' ').next().unwrap_or("").to_string();
            full_by_last.entry(last).or_default().push(key.clone());
        }
    }
    let lone: Vec<(Group, String)> = acc
        .keys()
        .filter(|(g, k)| *g == Group::Person && !k.contains(' '))
        .filter(|(_, k)| full_by_last.get(k).is_some_and(|v| v.len() == 1))
        .cloned()
        .collect();
    for k in lone {
        let full = full_by_last[&k.1][0].clone();
        if let Some(t) = acc.remove(&k) {
            let into = acc.get_mut(&(Group::Person, full)).expect("listed");
            into.mentions += t.mentions;
            for (a, n) in t.per_article {
                *into.per_article.entry(a).or_default() += n;
            }
            for o in t.outlets {
                if !into.outlets.contains(&o) {
                    into.outlets.push(o);
                }
            }
        }
    }
    let mut rows: Vec<EntityRow> = acc
        .into_iter()
        .map(|((group, key), t)| {
            let mut arts: Vec<(usize, usize)> = t.per_article.into_iter().collect();
            arts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            EntityRow {
                group,
                key,
                name: t.name,
                mentions: t.mentions,
                articles: arts.into_iter().map(|(a, _)| a).collect(),
                outlets: t.outlets.len(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.key.cmp(&b.key))
    });
    rows
}

/// The entity pane beside the reader.
#[derive(Debug, Default)]
pub struct EntityPane {
    pub visible: bool,
    pub selected: usize,
    pub rows: Vec<EntityRow>,
    article: Option<usize>,
}

impl EntityPane {
    /// Rebuilds the rows for an article.
    pub fn refresh(&mut self, ctx: &Ctx, article: Option<usize>) {
        if article != self.article {
            self.selected = 0;
        }
        self.article = article;
        self.rows = entity_rows(ctx, article.into_iter());
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn commands() -> Vec<Command> {
        vec![
            Command::bar(Action::Down),
            Command::labelled(Action::Open, "emphasise, go to its mentions"),
            Command::bar(Action::NextMention),
            Command::labelled(Action::EntityScope, "the corpus's entities"),
            Command::labelled(Action::Back, "back to the text"),
            Command::labelled(Action::ToggleEntities, "hide"),
            Command::help(Action::Up),
            Command::help(Action::PrevMention),
        ]
    }

    /// Carries out an entity-pane action on the reader beside it.
    pub fn update(
        &mut self,
        action: Action,
        ctx: &Ctx,
        reader: &mut ReaderPane,
        out: &mut Out,
    ) -> Transition {
        let len = self.rows.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = add_clamped(self.selected, 1, len),
            Action::Up => self.selected = add_clamped(self.selected, -1, len),
            Action::PageDown => self.selected = add_clamped(self.selected, 10, len),
            Action::PageUp => self.selected = add_clamped(self.selected, -10, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len,
            Action::Open => {
                let Some(r) = self.rows.get(self.selected) else {
                    return Transition::Stay;
                };
                let choice = r.choice();
                if reader
                    .chosen
                    .as_ref()
                    .is_some_and(|c| c.key == choice.key && c.group == choice.group)
                {
                    reader.chosen = None;
                    reader.mention = None;
                    out.say("highlighting every entity");
                } else {
                    reader.chosen = Some(choice);
                    reader.mention = None;
                    reader.jump_mention(ctx, true, out);
                }
            }
            Action::NextMention => reader.jump_mention(ctx, true, out),
            Action::PrevMention => reader.jump_mention(ctx, false, out),
            Action::EntityScope => return Transition::Push(Open::Entities),
            Action::Back => return Transition::Pop,
            _ => return Transition::Ignored,
        }
        Transition::Stay
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        ctx: &Ctx,
        focused: bool,
        reader: &ReaderPane,
    ) {
        let theme = ctx.theme;
        let block = pane_block(theme, format!(" Entities ({}) ", self.rows.len()), focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.rows.is_empty() {
            let analysed = self.article.is_some_and(|a| ctx.desk.is_analysed(a));
            let msg = if analysed {
                "no entities"
            } else {
                "analysing…"
            };
            frame.render_widget(Paragraph::new(Span::styled(msg, theme.status)), inner);
            return;
        }
        let items: Vec<ListItem> = self
            .rows
            .iter()
            .map(|r| {
                let chosen = reader
                    .chosen
                    .as_ref()
                    .is_some_and(|c| c.group == r.group && c.key == r.key);
                let mut name_style = theme.entity(r.group);
                if chosen {
                    name_style = name_style.patch(theme.entity_selected);
                }
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{:<6} ", short_group(r.group)), theme.meta),
                    Span::styled(sanitize_line(&r.name).into_owned(), name_style),
                    Span::styled(format!(" {}×", r.mentions), theme.words),
                ]))
            })
            .collect();
        let list = List::new(items).highlight_style(if focused {
            theme.selected
        } else {
            theme.selected_unfocused
        });
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, inner, &mut state);
    }
}

fn short_group(g: Group) -> &'static str {
    &g.name()[..g.name().len().min(6)]
}

/// The corpus's entities, full screen.
pub struct EntitiesScreen {
    pub rows: Vec<EntityRow>,
    pub selected: usize,
    offset: Cell<usize>,
    height: Cell<usize>,
    /// How many articles were analysed when the rows were built.
    built_at: usize,
}

impl EntitiesScreen {
    pub fn new(ctx: &Ctx) -> EntitiesScreen {
        EntitiesScreen {
            rows: entity_rows(ctx, 0..ctx.desk.articles.len()),
            selected: 0,
            offset: Cell::new(0),
            height: Cell::new(10),
            built_at: ctx.analysed,
        }
    }
}

impl Screen for EntitiesScreen {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn context(&self) -> Context {
        Context::Entities
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::bar(Action::Down),
            Command::labelled(Action::Open, "read its first mention"),
            Command::labelled(Action::EntityScope, "back"),
            Command::help(Action::Up),
            Command::help(Action::PageDown),
            Command::help(Action::Top),
            Command::help(Action::Bottom),
        ]
    }

    fn update(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> Transition {
        let len = self.rows.len().saturating_sub(1);
        let page = self.height.get().saturating_sub(1).max(1) as isize;
        match action {
            Action::Down => self.selected = add_clamped(self.selected, 1, len),
            Action::Up => self.selected = add_clamped(self.selected, -1, len),
            Action::PageDown => self.selected = add_clamped(self.selected, page, len),
            Action::PageUp => self.selected = add_clamped(self.selected, -page, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len,
            Action::Open => {
                let Some(r) = self.rows.get(self.selected) else {
                    return Transition::Stay;
                };
                let Some(&article) = r.articles.first() else {
                    out.say("no article names it");
                    return Transition::Stay;
                };
                if r.articles.len() > 1 {
                    out.say(format!(
                        "{} is named in {} articles; this one names it most",
                        sanitize_line(&r.name),
                        r.articles.len()
                    ));
                }
                return Transition::Push(Open::Reader {
                    article,
                    sentence: None,
                    evidence: None,
                    entity: Some(r.choice()),
                });
            }
            Action::EntityScope | Action::Back => return Transition::Pop,
            _ => return Transition::Ignored,
        }
        let _ = ctx;
        Transition::Stay
    }

    fn on_event(&mut self, event: &crate::tui::screen::Event, ctx: &Ctx) {
        if matches!(event, crate::tui::screen::Event::Analysed(_))
            && ctx.analysed == ctx.desk.articles.len()
            && self.built_at != ctx.analysed
        {
            let keep = self
                .rows
                .get(self.selected)
                .map(|r| (r.group, r.key.clone()));
            self.rows = entity_rows(ctx, 0..ctx.desk.articles.len());
            self.built_at = ctx.analysed;
            self.selected = keep
                .and_then(|k| self.rows.iter().position(|r| (r.group, r.key.clone()) == k))
                .unwrap_or(0);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let block = screen_block(
            theme,
            format!(
                " Entities of the corpus · {} · from {} of {} articles analysed ",
                self.rows.len(),
                ctx.analysed,
                ctx.desk.articles.len()
            ),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let height = inner.height.saturating_sub(1) as usize;
        self.height.set(height.max(1));
        let offset = visible_offset(self.offset.get(), self.selected, height, self.rows.len());
        self.offset.set(offset);
        let w = inner.width as usize;
        let name_w = w.saturating_sub(7 + 30).max(10);
        let mut lines = vec![Line::from(Span::styled(
            format!(
                "{:<7}{}{:>10}{:>10}{:>10}",
                "Type",
                cell("Name", name_w),
                "mentions",
                "articles",
                "outlets"
            ),
            theme.meta,
        ))];
        if self.rows.is_empty() {
            lines.push(Line::from(Span::styled(
                if ctx.analysed < ctx.desk.articles.len() {
                    "the articles are being analysed…"
                } else {
                    "no entities"
                },
                theme.status,
            )));
        }
        for (i, r) in self.rows.iter().enumerate().skip(offset).take(height) {
            let mut line = Line::from(vec![
                Span::styled(format!("{:<7}", short_group(r.group)), theme.meta),
                Span::styled(cell(&sanitize_line(&r.name), name_w), theme.entity(r.group)),
                Span::styled(
                    format!(
                        "{:>10}{:>10}{:>10}",
                        r.mentions,
                        r.articles.len(),
                        r.outlets
                    ),
                    theme.words,
                ),
            ]);
            if i == self.selected {
                line = line.style(theme.selected);
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        let r = self.rows.get(self.selected)?;
        let _ = ctx;
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        Some(format!(
            "{} · {} in {} from {}",
            sanitize_line(&r.name),
            plural(r.mentions, "mention"),
            plural(r.articles.len(), "article"),
            plural(r.outlets, "outlet")
        ))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The folded key of a name, as entity rows use it.
pub fn key_of(name: &str) -> String {
    name_key(name)
}
