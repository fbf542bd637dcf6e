//! The article list screen, the bottom of the stack: the list, the reader
//! of the selected article beside it (alone on narrow terminals, `Tab`
//! switches) and the entity pane on demand.

use super::entities::EntityPane;
use super::list::ListPane;
use super::reader::ReaderPane;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Key};
use crate::tui::review::{Target, article_target};
use crate::tui::screen::{Command, Ctx, Event, Open, Out, Reply, Screen, Transition};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};

/// Terminals narrower than this show one pane at a time.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Entities,
}

pub struct BrowseScreen {
    pub list: ListPane,
    pub reader: ReaderPane,
    pub entities: EntityPane,
    pub focus: Focus,
}

impl Default for BrowseScreen {
    fn default() -> Self {
        BrowseScreen {
            list: ListPane::default(),
            reader: ReaderPane::default(),
            entities: EntityPane::default(),
            focus: Focus::List,
        }
    }
}

/// The panes' areas for a screen area.
struct Areas {
    list: Option<Rect>,
    reader: Option<Rect>,
    entities: Option<Rect>,
}

fn layout(area: Rect, focus: Focus, entities: bool) -> Areas {
    let none = Areas {
        list: None,
        reader: None,
        entities: None,
    };
    if area.width >= SIDE_BY_SIDE_MIN_WIDTH {
        if entities {
            let [list, reader, ents] = Layout::horizontal([
                Constraint::Percentage(34),
                Constraint::Percentage(44),
                Constraint::Percentage(22),
            ])
            .areas(area);
            Areas {
                list: Some(list),
                reader: Some(reader),
                entities: Some(ents),
            }
        } else {
            let [list, reader] =
                Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                    .areas(area);
            Areas {
                list: Some(list),
                reader: Some(reader),
                ..none
            }
        }
    } else {
        match focus {
            Focus::List => Areas {
                list: Some(area),
                ..none
            },
            Focus::Reader => Areas {
                reader: Some(area),
                ..none
            },
            Focus::Entities => Areas {
                entities: Some(area),
                ..none
            },
        }
    }
}

impl BrowseScreen {
    pub fn new(ctx: &Ctx) -> BrowseScreen {
        let mut s = BrowseScreen::default();
        s.list.refresh(ctx);
        s.selection_changed(ctx);
        s
    }

    /// After the list's cursor moved: the reader and the entity pane follow.
    fn selection_changed(&mut self, ctx: &Ctx) {
        let article = self.list.article();
        if self.reader.article != article {
            self.reader.set_article(article);
            if self.entities.visible {
                self.entities.refresh(ctx, article);
            }
        }
    }

    fn edit_filter(&mut self, key: Key, ctx: &Ctx) -> Transition {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        let q = &mut self.list.filter.query;
        match key.code {
            KeyCode::Char('w') if ctrl => {
                let trimmed = q.trim_end();
                let cut = trimmed.rfind(' ').map(|i| i + 1).unwrap_or(0);
                q.truncate(cut);
            }
            KeyCode::Char('u') if ctrl => q.clear(),
            KeyCode::Char(c) if !ctrl && !key.mods.contains(KeyModifiers::ALT) => q.push(c),
            KeyCode::Backspace => {
                q.pop();
            }
            _ => return Transition::Ignored,
        }
        self.list.refresh(ctx);
        self.selection_changed(ctx);
        Transition::Stay
    }

    fn list_step(&mut self, ctx: &Ctx, delta: isize) {
        if self.list.step(delta) {
            self.selection_changed(ctx);
        }
    }

    fn list_page(&self) -> isize {
        (self.list.area.get().height as isize - 1).max(1)
    }
}

impl Screen for BrowseScreen {
    fn name(&self) -> &'static str {
        "article list"
    }

    fn context(&self) -> Context {
        if self.list.filter.editing {
            return Context::Filter;
        }
        match self.focus {
            Focus::List => Context::List,
            Focus::Reader => Context::Reader,
            Focus::Entities => Context::Entities,
        }
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        match self.context() {
            Context::Filter => vec![
                Command::bar(Action::AcceptFilter),
                Command::bar(Action::ClearFilter),
                Command::labelled(Action::Down, "move in the list"),
            ],
            Context::Reader => {
                let mut c = ReaderPane::commands();
                c.push(Command::labelled(Action::Back, "back to the list"));
                c.push(Command::bar(Action::OpenCompare));
                c.push(Command::help(Action::OpenClaims));
                c.push(Command::help(Action::OpenQuotes));
                c.push(Command::help(Action::OpenStory));
                c.push(Command::help(Action::FocusNext));
                c
            }
            Context::Entities => EntityPane::commands(),
            _ => vec![
                Command::bar(Action::Down),
                Command::bar(Action::Open),
                Command::labelled(Action::StartFilter, "filter (story: outlet:)"),
                Command::bar(Action::CycleSort),
                Command::bar(Action::OpenCompare),
                Command::labelled(Action::OpenClaims, "claims"),
                Command::bar(Action::OpenStories),
                Command::labelled(Action::Disputed, "verdict on the article"),
                Command::help(Action::Verified),
                Command::help(Action::MarkFalse),
                Command::help(Action::NeedsSource),
                Command::help(Action::Unchecked),
                Command::labelled(Action::EditNote, "note on the article"),
                Command::bar(Action::FocusNext),
                Command::help(Action::OpenQuotes),
                Command::help(Action::OpenStory),
                Command::help(Action::ReverseSort),
                Command::help(Action::ToggleEntities),
                Command::help(Action::Up),
                Command::help(Action::PageDown),
                Command::help(Action::Top),
                Command::help(Action::Bottom),
                Command::help(Action::ClearFilter),
                Command::help(Action::Copy),
                Command::help(Action::OpenUrl),
            ],
        }
    }

    fn update(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> Transition {
        let ctx_now = self.context();
        // the pane under the keyboard first
        if ctx_now == Context::Filter {
            match action {
                Action::AcceptFilter => self.list.filter.editing = false,
                Action::ClearFilter => {
                    self.list.filter.editing = false;
                    self.list.filter.query.clear();
                    self.list.refresh(ctx);
                    self.selection_changed(ctx);
                }
                Action::Down => self.list_step(ctx, 1),
                Action::Up => self.list_step(ctx, -1),
                Action::PageDown => self.list_step(ctx, self.list_page()),
                Action::PageUp => self.list_step(ctx, -self.list_page()),
                _ => return Transition::Ignored,
            }
            return Transition::Stay;
        }
        if ctx_now == Context::Reader {
            match action {
                Action::Back => {
                    self.focus = Focus::List;
                    return Transition::Stay;
                }
                _ => match self.reader.update(action, ctx, out) {
                    Transition::Ignored => {}
                    t => return t,
                },
            }
        }
        if ctx_now == Context::Entities {
            match self.entities.update(action, ctx, &mut self.reader, out) {
                Transition::Ignored => {}
                Transition::Pop => {
                    self.focus = Focus::Reader;
                    return Transition::Stay;
                }
                t => return t,
            }
        }
        match action {
            Action::Down => self.list_step(ctx, 1),
            Action::Up => self.list_step(ctx, -1),
            Action::PageDown => self.list_step(ctx, self.list_page()),
            Action::PageUp => self.list_step(ctx, -self.list_page()),
            Action::Top => self.list_step(ctx, isize::MIN / 2),
            Action::Bottom => self.list_step(ctx, isize::MAX / 2),
            Action::Open => {
                if self.list.article().is_some() {
                    self.focus = Focus::Reader;
                    self.reader.ensure_cursor(ctx);
                }
            }
            Action::StartFilter => {
                // a fresh query each time
                self.focus = Focus::List;
                self.list.filter.editing = true;
                if !self.list.filter.query.is_empty() {
                    self.list.filter.query.clear();
                    self.list.refresh(ctx);
                    self.selection_changed(ctx);
                }
            }
            Action::ClearFilter => {
                if self.list.filter.query.is_empty() {
                    return Transition::Ignored;
                }
                self.list.filter.query.clear();
                self.list.refresh(ctx);
                self.selection_changed(ctx);
            }
            Action::CycleSort | Action::ReverseSort => {
                self.list.cycle_sort(ctx, action == Action::ReverseSort);
                self.selection_changed(ctx);
                let mut msg = format!(
                    "sorted by {}{}",
                    self.list.sort.label(self.list.filtering()),
                    if self.list.reverse { ", reversed" } else { "" }
                );
                if self.list.sort == super::list::SortKey::Story && ctx.desk.stories.is_none() {
                    msg.push_str(" (once the stories are grouped)");
                }
                out.say(msg);
            }
            Action::FocusNext | Action::FocusPrev => {
                let mut order = vec![Focus::List, Focus::Reader];
                if self.entities.visible {
                    order.push(Focus::Entities);
                }
                let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                let step = if action == Action::FocusNext {
                    1
                } else {
                    order.len() - 1
                };
                self.focus = order[(at + step) % order.len()];
                if self.focus == Focus::Reader {
                    self.reader.ensure_cursor(ctx);
                }
            }
            Action::ToggleEntities => {
                self.entities.visible = !self.entities.visible;
                if self.entities.visible {
                    self.entities.refresh(ctx, self.list.article());
                    self.focus = Focus::Entities;
                } else if self.focus == Focus::Entities {
                    self.focus = Focus::Reader;
                }
            }
            Action::OpenCompare | Action::OpenStory | Action::OpenClaims | Action::OpenQuotes => {
                let Some(article) = self.list.article() else {
                    out.say("no article selected");
                    return Transition::Stay;
                };
                let sentence = (self.focus == Focus::Reader)
                    .then_some(self.reader.cursor)
                    .flatten();
                return super::open_for_article(action, ctx, article, sentence, out);
            }
            _ => return Transition::Ignored,
        }
        Transition::Stay
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Out) -> Transition {
        if self.list.filter.editing {
            return self.edit_filter(key, ctx);
        }
        Transition::Ignored
    }

    fn mouse(&mut self, m: MouseEvent, ctx: &Ctx) -> bool {
        let pos = Position::new(m.column, m.row);
        let list = self.list.area.get();
        let reader = self.reader.area.get();
        let (over_list, over_reader) = (list.contains(pos), reader.contains(pos));
        let mut sink = Out::default();
        match m.kind {
            MouseEventKind::ScrollDown if over_list => self.list_step(ctx, 1),
            MouseEventKind::ScrollUp if over_list => self.list_step(ctx, -1),
            MouseEventKind::ScrollDown if over_reader => {
                self.reader.update(Action::Down, ctx, &mut sink);
            }
            MouseEventKind::ScrollUp if over_reader => {
                self.reader.update(Action::Up, ctx, &mut sink);
            }
            MouseEventKind::Down(MouseButton::Left) if over_list => {
                self.focus = Focus::List;
                self.list.filter.editing = false;
                let index = self.list.offset.get() + (m.row - list.y) as usize;
                if index < self.list.rows.len() && index != self.list.selected {
                    self.list.selected = index;
                    self.selection_changed(ctx);
                }
            }
            MouseEventKind::Down(MouseButton::Left) if over_reader => {
                self.focus = Focus::Reader;
                self.list.filter.editing = false;
                self.reader.ensure_cursor(ctx);
            }
            _ => return false,
        }
        true
    }

    fn on_event(&mut self, event: &Event, ctx: &Ctx) {
        match event {
            Event::ArticlesAdded(range) => {
                self.list.add_rows(range.clone(), ctx);
                self.selection_changed(ctx);
            }
            Event::ArticlesChanged(changed) => {
                // same rows (same index); the title or date may have changed
                self.list.resort(ctx);
                if self.reader.article.is_some_and(|a| changed.contains(&a)) {
                    self.reader.reload();
                    if self.focus == Focus::Reader {
                        self.reader.ensure_cursor(ctx);
                    }
                }
                if self.entities.visible {
                    self.entities.refresh(ctx, self.list.article());
                }
            }
            Event::Search(result) => {
                self.list.on_search(result, ctx);
                self.selection_changed(ctx);
            }
            Event::Analysed(i) if self.entities.visible && self.list.article() == Some(*i) => {
                self.entities.refresh(ctx, Some(*i));
            }
            Event::StoriesReady => {
                self.list.stories_changed(ctx);
                self.selection_changed(ctx);
            }
            _ => {}
        }
    }

    fn on_reply(&mut self, reply: Reply, _ctx: &Ctx, _out: &mut Out) -> Transition {
        match reply {
            Reply::Picked {
                for_article,
                article,
            } => Transition::Push(Open::Compare {
                left: for_article,
                right: article,
                focus: None,
            }),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let areas = layout(area, self.focus, self.entities.visible);
        match areas.list {
            Some(a) => self.list.draw(frame, a, ctx, self.focus == Focus::List),
            None => self.list.area.set(Rect::default()),
        }
        match areas.reader {
            Some(a) => self.reader.draw(frame, a, ctx, self.focus == Focus::Reader),
            None => self.reader.area.set(Rect::default()),
        }
        if let Some(a) = areas.entities {
            self.entities
                .draw(frame, a, ctx, self.focus == Focus::Entities, &self.reader);
        }
    }

    fn target(&self, ctx: &Ctx) -> Option<Target> {
        match self.focus {
            Focus::List => self.list.article().map(|a| article_target(ctx.desk, a)),
            Focus::Reader => self.reader.target(ctx),
            Focus::Entities => None,
        }
    }

    fn article(&self) -> Option<usize> {
        self.list.article()
    }

    fn story(&self, ctx: &Ctx) -> Option<usize> {
        super::story_of(ctx.desk, self.list.article()?)
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        if self.focus == Focus::Reader {
            return self.reader.status(ctx);
        }
        let mut text = self.list.counts(ctx);
        if ctx.desk.is_loading() {
            text.push_str(" · loading");
        }
        text.push_str(&format!(
            " · sorted by {}{}",
            self.list.sort.label(self.list.filtering()),
            if self.list.reverse { " ↑" } else { "" }
        ));
        if let Some(note) = self.list.scope_note(ctx) {
            text.push_str(" · ");
            text.push_str(&note);
        }
        Some(text)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
