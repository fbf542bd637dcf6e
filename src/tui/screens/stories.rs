//! The stories: every story of the corpus with its outlets, how many
//! reports, conflicts and findings still unchecked, and when a verdict was
//! last given on it. Enter opens its claims; `s` sorts.

use crate::review::{ItemKey, ItemKind};
use crate::sanitize::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::{Command, Ctx, Event, Out, Screen, Transition};
use crate::tui::widgets::{cell, move_cursor, screen_block, visible_offset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::Paragraph;
use std::cell::Cell;
use std::collections::HashMap;

/// One story as the screen shows it.
#[derive(Clone, Debug)]
pub struct StoryRow {
    pub story: usize,
    pub label: String,
    pub reports: usize,
    pub outlets: Vec<String>,
    /// Conflicts found, once the story's claims are computed.
    pub conflicts: Option<usize>,
    /// What the report counts as to check: findings and quotes carried by
    /// several outlets (once the claims are computed).
    pub items: Vec<ItemKey>,
    /// The last verdict or note given on any item of the story.
    pub updated: Option<jiff::Timestamp>,
}

/// How the stories are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorySort {
    Reports,
    Conflicts,
    Unchecked,
    Updated,
    First,
}

impl StorySort {
    fn next(self) -> StorySort {
        match self {
            StorySort::Reports => StorySort::Conflicts,
            StorySort::Conflicts => StorySort::Unchecked,
            StorySort::Unchecked => StorySort::Updated,
            StorySort::Updated => StorySort::First,
            StorySort::First => StorySort::Reports,
        }
    }
    fn label(self) -> &'static str {
        match self {
            StorySort::Reports => "reports",
            StorySort::Conflicts => "conflicts",
            StorySort::Unchecked => "unchecked",
            StorySort::Updated => "last update",
            StorySort::First => "first article",
        }
    }
}

pub struct StoriesScreen {
    pub rows: Vec<StoryRow>,
    pub selected: usize,
    pub sort: StorySort,
    pub reverse: bool,
    offset: Cell<usize>,
    height: Cell<usize>,
}

/// The keys of what a story has to check (as the report counts it).
fn story_items(ctx: &Ctx, story: usize) -> Option<(usize, Vec<ItemKey>)> {
    let sc = ctx.desk.story_claims.get(story)?.as_ref()?;
    let articles: Vec<&crate::corpus::Article> =
        ctx.desk.articles.iter().map(|a| a.as_ref()).collect();
    let conflicts = sc
        .discrepancies
        .iter()
        .filter(|d| d.severity == crate::compare::claims::Severity::Conflict)
        .count();
    let mut items: Vec<ItemKey> = sc
        .discrepancies
        .iter()
        .filter(|d| d.severity != crate::compare::claims::Severity::Unique)
        .map(|d| crate::workflow::discrepancy_item(&articles, sc, d).key)
        .collect();
    for q in sc.quotes.iter().filter(|q| q.carriers.len() > 1) {
        let (a, _) = q.carriers[0];
        items.push(crate::workflow::span_item(articles[a], ItemKind::Quote, q.first_span).key);
    }
    Some((conflicts, items))
}

impl StoriesScreen {
    pub fn new(ctx: &Ctx) -> StoriesScreen {
        let mut s = StoriesScreen {
            rows: Vec::new(),
            selected: 0,
            sort: StorySort::Reports,
            reverse: false,
            offset: Cell::new(0),
            height: Cell::new(10),
        };
        s.rebuild(ctx);
        s
    }

    fn rebuild(&mut self, ctx: &Ctx) {
        let keep = self.rows.get(self.selected).map(|r| r.story);
        self.rows.clear();
        if let Some(st) = &ctx.desk.stories {
            for (i, s) in st.stories.iter().enumerate() {
                // the outlets named, then how many reports name none
                let mut outlets: Vec<String> = Vec::new();
                let mut unknown = 0;
                for &a in &s.articles {
                    match &ctx.desk.articles[a].outlet {
                        Some(o) if !outlets.contains(o) => outlets.push(o.clone()),
                        Some(_) => {}
                        None => unknown += 1,
                    }
                }
                if unknown > 0 {
                    outlets.push(format!("{unknown} unknown"));
                }
                let (conflicts, items) = match story_items(ctx, i) {
                    Some((c, items)) => (Some(c), items),
                    None => (None, Vec::new()),
                };
                self.rows.push(StoryRow {
                    story: i,
                    label: s.label.clone(),
                    reports: s.articles.len(),
                    outlets,
                    conflicts,
                    items,
                    updated: None,
                });
            }
        }
        self.refresh_updates(ctx);
        self.sort_rows(ctx);
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|r| r.story == k))
            .unwrap_or(0);
    }

    /// Takes the claims computed since (the rows still waiting for them).
    fn fill_claims(&mut self, ctx: &Ctx) {
        let mut changed = false;
        for r in self.rows.iter_mut().filter(|r| r.conflicts.is_none()) {
            if let Some((c, items)) = story_items(ctx, r.story) {
                r.conflicts = Some(c);
                r.items = items;
                changed = true;
            }
        }
        if changed && matches!(self.sort, StorySort::Conflicts | StorySort::Unchecked) {
            let keep = self.current().map(|r| r.story);
            self.sort_rows(ctx);
            self.selected = keep
                .and_then(|k| self.rows.iter().position(|r| r.story == k))
                .unwrap_or(0);
        }
    }

    /// When each story last had a verdict or note.
    fn refresh_updates(&mut self, ctx: &Ctx) {
        let Some(st) = &ctx.desk.stories else { return };
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        for (i, a) in ctx.desk.articles.iter().enumerate() {
            if let Some(&s) = st.story_of.get(i) {
                by_id.insert(a.id.as_str(), s);
            }
        }
        // a discrepancy is keyed by its claims: found among the stories' items
        let by_item: HashMap<&str, usize> = self
            .rows
            .iter()
            .flat_map(|r| r.items.iter().map(move |k| (k.as_str(), r.story)))
            .collect();
        let mut latest: HashMap<usize, jiff::Timestamp> = HashMap::new();
        for e in ctx.review.verdicts.values() {
            let story = by_item
                .get(e.key.as_str())
                .or_else(|| by_id.get(e.article_id.as_str()))
                .copied();
            if let Some(s) = story {
                let t = latest.entry(s).or_insert(e.updated);
                if e.updated > *t {
                    *t = e.updated;
                }
            }
        }
        for r in &mut self.rows {
            r.updated = latest.get(&r.story).copied();
        }
    }

    fn unchecked(&self, ctx: &Ctx, r: &StoryRow) -> usize {
        r.items
            .iter()
            .filter(|k| !ctx.review.is_reviewed(k))
            .count()
    }

    fn sort_rows(&mut self, ctx: &Ctx) {
        let mut rows = std::mem::take(&mut self.rows);
        match self.sort {
            StorySort::Reports => {
                rows.sort_by(|a, b| b.reports.cmp(&a.reports).then(a.story.cmp(&b.story)))
            }
            StorySort::Conflicts => rows.sort_by(|a, b| {
                b.conflicts
                    .cmp(&a.conflicts)
                    .then(b.reports.cmp(&a.reports))
                    .then(a.story.cmp(&b.story))
            }),
            StorySort::Unchecked => rows.sort_by(|a, b| {
                self.unchecked(ctx, b)
                    .cmp(&self.unchecked(ctx, a))
                    .then(b.reports.cmp(&a.reports))
                    .then(a.story.cmp(&b.story))
            }),
            StorySort::Updated => {
                rows.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.story.cmp(&b.story)))
            }
            StorySort::First => rows.sort_by_key(|r| r.story),
        }
        if self.reverse {
            rows.reverse();
        }
        self.rows = rows;
    }

    fn current(&self) -> Option<&StoryRow> {
        self.rows.get(self.selected)
    }
}

impl Screen for StoriesScreen {
    fn name(&self) -> &'static str {
        "stories"
    }

    fn context(&self) -> Context {
        Context::Stories
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::bar(Action::Down),
            Command::labelled(Action::OpenClaims, "its claims"),
            Command::labelled(Action::OpenStory, "overview"),
            Command::bar(Action::OpenCompare),
            Command::bar(Action::OpenQuotes),
            Command::bar(Action::CycleSort),
            Command::help(Action::ReverseSort),
            Command::help(Action::Up),
            Command::help(Action::PageDown),
            Command::help(Action::Top),
            Command::help(Action::Bottom),
        ]
    }

    fn update(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> Transition {
        if move_cursor(
            &mut self.selected,
            action,
            self.rows.len(),
            self.height.get().saturating_sub(1),
        ) {
            return Transition::Stay;
        }
        match action {
            Action::CycleSort | Action::ReverseSort => {
                let keep = self.current().map(|r| r.story);
                if action == Action::CycleSort {
                    self.sort = self.sort.next();
                } else {
                    self.reverse = !self.reverse;
                }
                self.sort_rows(ctx);
                self.selected = keep
                    .and_then(|k| self.rows.iter().position(|r| r.story == k))
                    .unwrap_or(0);
                out.say(format!(
                    "stories sorted by {}{}",
                    self.sort.label(),
                    if self.reverse { ", reversed" } else { "" }
                ));
            }
            Action::OpenClaims
            | Action::OpenStory
            | Action::OpenQuotes
            | Action::OpenCompare
            | Action::Open => {
                let Some(r) = self.current() else {
                    return Transition::Stay;
                };
                let st = ctx
                    .desk
                    .stories
                    .as_ref()
                    .expect("rows come from the stories");
                let first = st.stories[r.story].articles[0];
                let action = if action == Action::Open {
                    Action::OpenClaims
                } else {
                    action
                };
                return super::open_for_article(action, ctx, first, None, out);
            }
            Action::OpenStories | Action::Back => return Transition::Pop,
            _ => return Transition::Ignored,
        }
        Transition::Stay
    }

    fn on_event(&mut self, event: &Event, ctx: &Ctx) {
        match event {
            Event::StoriesReady => self.rebuild(ctx),
            Event::ClaimsReady => self.fill_claims(ctx),
            Event::VerdictsChanged => {
                self.refresh_updates(ctx);
            }
            _ => {}
        }
    }

    fn article(&self) -> Option<usize> {
        None
    }

    fn story(&self, _ctx: &Ctx) -> Option<usize> {
        self.current().map(|r| r.story)
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        if ctx.desk.stories.is_none() {
            return Some(super::stories_pending(ctx));
        }
        let multi = self.rows.iter().filter(|r| r.reports > 1).count();
        let computing = self
            .rows
            .iter()
            .filter(|r| r.reports > 1 && r.conflicts.is_none())
            .count();
        let n = self.rows.len();
        let mut s = format!(
            "{n} stor{}, {multi} with several reports · sorted by {}",
            if n == 1 { "y" } else { "ies" },
            self.sort.label()
        );
        if computing > 0 && ctx.desk.claims_to_come > 0 {
            let n = ctx.desk.claims_to_come;
            s.push_str(&format!(" · comparing claims ({n} stories to go)…"));
        } else if computing > 0 {
            s.push_str(&format!(
                " · {computing} not compared yet (compared when opened)"
            ));
        }
        Some(s)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let block = screen_block(theme, format!(" Stories ({}) ", self.rows.len()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if ctx.desk.stories.is_none() {
            frame.render_widget(
                Paragraph::new(TSpan::styled(super::stories_pending(ctx), theme.status)),
                inner,
            );
            return;
        }
        let w = inner.width as usize;
        // id 5, reports 8, conflicts 10, unchecked 10, updated 12
        let wide = w >= 110;
        let fixed = if wide {
            5 + 8 + 10 + 10 + 17
        } else {
            5 + 4 + 5 + 5 + 12
        };
        let rest = w.saturating_sub(fixed);
        let outlets_w = (rest * 2 / 5).clamp(8, 40);
        let title_w = rest.saturating_sub(outlets_w + 1);
        let header = if wide {
            format!(
                "{:<5}{} {}{:>8}{:>10}{:>10}  {:<15}",
                "",
                cell("Story", title_w),
                cell("Outlets", outlets_w),
                "reports",
                "conflicts",
                "unchecked",
                "last verdict"
            )
        } else {
            format!(
                "{:<5}{} {}{:>4}{:>5}{:>5}  {:<10}",
                "",
                cell("Story", title_w),
                cell("Outlets", outlets_w),
                "rep",
                "conf",
                "todo",
                "verdict"
            )
        };
        let height = inner.height.saturating_sub(1) as usize;
        self.height.set(height.max(1));
        let offset = visible_offset(self.offset.get(), self.selected, height, self.rows.len());
        self.offset.set(offset);
        let mut lines = vec![Line::from(TSpan::styled(header, theme.meta))];
        for (i, r) in self.rows.iter().enumerate().skip(offset).take(height) {
            // one report has nothing to compare; several wait for their claims
            let pending = if r.reports < 2 { "—" } else { "…" };
            let conflicts = r
                .conflicts
                .map(|c| c.to_string())
                .unwrap_or_else(|| pending.into());
            let unchecked = if r.conflicts.is_some() {
                self.unchecked(ctx, r).to_string()
            } else {
                pending.into()
            };
            let updated = r
                .updated
                .map(|t| {
                    let z = t.to_zoned_datetime(jiff::tz::TimeZone::system());
                    if wide {
                        z.strftime("%Y-%m-%d %H:%M").to_string()
                    } else {
                        z.strftime("%m-%d %H:%M").to_string()
                    }
                })
                .unwrap_or_else(|| "—".into());
            let (cw, uw, rw) = if wide { (10, 10, 8) } else { (5, 5, 4) };
            let conflict_style = if r.conflicts.is_some_and(|c| c > 0) {
                theme.alarm
            } else {
                theme.meta
            };
            let mut line = Line::from(vec![
                TSpan::styled(format!("{:<5}", format!("s{}", r.story + 1)), theme.story),
                TSpan::styled(cell(&sanitize_line(&r.label), title_w), theme.text),
                TSpan::raw(" "),
                TSpan::styled(
                    cell(&sanitize_line(&r.outlets.join(", ")), outlets_w),
                    theme.outlet,
                ),
                TSpan::styled(format!("{:>rw$}", r.reports), theme.words),
                TSpan::styled(format!("{conflicts:>cw$}"), conflict_style),
                TSpan::styled(format!("{unchecked:>uw$}"), theme.text),
                TSpan::styled(format!("  {updated}"), theme.date),
            ]);
            if i == self.selected {
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
