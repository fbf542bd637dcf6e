//! The dashboard's UI state and its update function.
//!
//! Input becomes an [`Action`] through the keymap; [`App::update`] applies it.
//! Background results (loaded articles, body search hits) arrive as
//! [`AppEvent`]s. Views render from `&App` only; what they learn while
//! drawing (pane sizes, scroll offsets) flows back through [`ViewFeedback`]
//! so the next update can page and clamp correctly.

use super::action::Action;
use super::keymap::{Context, Key, Keymap};
use super::theme::Theme;
use crate::corpus::{Article, LoadEvent};
use crate::desk::Desk;
use crate::search::{Hit, MetaMatch, Query, SearchJob, SearchResult, Searcher, rank_hits};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use rayon::prelude::*;
use std::cell::Cell;
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
}

/// A window drawn over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    Log,
}

/// The orders the article list can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Load order (or relevance while filtering).
    Corpus,
    Date,
    Outlet,
    Title,
}

impl SortKey {
    fn next(self) -> SortKey {
        match self {
            SortKey::Corpus => SortKey::Date,
            SortKey::Date => SortKey::Outlet,
            SortKey::Outlet => SortKey::Title,
            SortKey::Title => SortKey::Corpus,
        }
    }
    pub fn label(self, filtering: bool) -> &'static str {
        match self {
            SortKey::Corpus if filtering => "relevance",
            SortKey::Corpus => "file order",
            SortKey::Date => "date",
            SortKey::Outlet => "outlet",
            SortKey::Title => "title",
        }
    }
}

/// One line of the article list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub article: usize,
    pub hit: Option<Hit>,
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub warning: bool,
}

/// What the last render learned, for paging, clamping and mouse hits.
#[derive(Debug, Default)]
pub struct ViewFeedback {
    pub list_area: Cell<Rect>,
    pub list_offset: Cell<usize>,
    pub reader_area: Cell<Rect>,
    pub reader_lines: Cell<usize>,
    pub overlay_lines: Cell<usize>,
    pub overlay_height: Cell<usize>,
}

/// Something that happened outside the UI thread.
pub enum AppEvent {
    Input(Event),
    Load(LoadEvent),
    LoadFinished,
    Search(SearchResult),
}

/// Candidate bodies up to this many bytes are searched on the UI thread;
/// more go to the background thread.
const SYNC_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Title matching is spread over all cores from this many articles on.
const PARALLEL_MATCH_FROM: usize = 2048;

/// With a background thread, at most this many articles are matched on the
/// UI thread per keystroke; the rest follow from the thread.
pub const SYNC_MATCH_LIMIT: usize = 4000;

/// The filter being typed or applied.
#[derive(Debug, Default)]
pub struct Filter {
    pub editing: bool,
    pub query: String,
    /// Background search jobs still running for the current query.
    pub pending: usize,
}

pub struct App {
    pub desk: Desk,
    pub keymap: Keymap,
    pub theme: Theme,
    pub focus: Focus,
    pub overlay: Overlay,
    pub filter: Filter,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub sort: SortKey,
    pub reverse: bool,
    pub reader_scroll: usize,
    pub overlay_scroll: usize,
    pub should_quit: bool,
    pub message: Option<Message>,
    pub feedback: ViewFeedback,
    searcher: Searcher,
    query: Query,
    generation: u64,
    search_jobs: Option<Sender<SearchJob>>,
    /// The articles that may still match extensions of the last query
    /// (its hits and those not yet checked), with that query.
    narrow: Option<(Query, Vec<usize>)>,
}

impl App {
    pub fn new(desk: Desk, keymap: Keymap, theme: Theme) -> App {
        let mut app = App {
            desk,
            keymap,
            theme,
            focus: Focus::List,
            overlay: Overlay::None,
            filter: Filter::default(),
            rows: Vec::new(),
            selected: 0,
            sort: SortKey::Corpus,
            reverse: false,
            reader_scroll: 0,
            overlay_scroll: 0,
            should_quit: false,
            message: None,
            feedback: ViewFeedback::default(),
            searcher: Searcher::default(),
            query: Query::parse(""),
            generation: 0,
            search_jobs: None,
            narrow: None,
        };
        app.refresh_rows();
        app
    }

    /// Hands large searches to a background thread instead of the UI thread.
    pub fn set_search_worker(&mut self, jobs: Sender<SearchJob>) {
        self.search_jobs = Some(jobs);
    }

    /// The article under the cursor.
    pub fn selected_article(&self) -> Option<&Arc<Article>> {
        self.rows
            .get(self.selected)
            .map(|r| &self.desk.articles[r.article])
    }

    /// The row of the article under the cursor.
    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// The context keys are interpreted in now.
    pub fn context(&self) -> Context {
        match self.overlay {
            Overlay::Help => Context::Help,
            Overlay::Log => Context::Log,
            Overlay::None if self.filter.editing => Context::Filter,
            Overlay::None => match self.focus {
                Focus::List => Context::List,
                Focus::Reader => Context::Reader,
            },
        }
    }

    /// Applies one outside event; returns true when the screen must be redrawn.
    pub fn handle_event(&mut self, event: AppEvent) -> bool {
        match event {
            AppEvent::Input(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                self.handle_key(Key::from_event(&k));
                true
            }
            AppEvent::Input(Event::Mouse(m)) => self.handle_mouse(m.kind, m.column, m.row),
            AppEvent::Input(Event::Resize(..)) => true,
            AppEvent::Input(_) => false,
            AppEvent::Load(event) => {
                let before = self.desk.articles.len();
                let added = self.desk.apply(event);
                if added > 0 {
                    self.add_rows(before..before + added);
                }
                true
            }
            AppEvent::LoadFinished => {
                self.desk.finish_loading();
                true
            }
            AppEvent::Search(result) => {
                if result.generation == self.generation {
                    self.filter.pending = self.filter.pending.saturating_sub(1);
                    let keep = self.selected_row().map(|r| r.article);
                    if let Some((_, alive)) = &mut self.narrow {
                        let found: std::collections::HashSet<usize> =
                            result.hits.iter().map(|h| h.article).collect();
                        let rejected: std::collections::HashSet<usize> = result
                            .checked
                            .into_iter()
                            .filter(|i| !found.contains(i))
                            .collect();
                        alive.retain(|i| !rejected.contains(i));
                    }
                    self.rows.extend(result.hits.into_iter().map(|h| Row {
                        article: h.article,
                        hit: Some(h),
                    }));
                    self.sort_rows();
                    self.reselect(keep);
                }
                true
            }
        }
    }

    /// Interprets a key in the current context.
    pub fn handle_key(&mut self, key: Key) {
        let ctx = self.context();
        if let Some(action) = self.keymap.lookup(ctx, key) {
            self.update(action);
            return;
        }
        if ctx == Context::Filter {
            self.edit_filter(key);
        }
    }

    fn edit_filter(&mut self, key: Key) {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('w') if ctrl => {
                let trimmed = self.filter.query.trim_end();
                let cut = trimmed.rfind(' ').map(|i| i + 1).unwrap_or(0);
                self.filter.query.truncate(cut);
            }
            KeyCode::Char('u') if ctrl => self.filter.query.clear(),
            KeyCode::Char(c) if !ctrl && !key.mods.contains(KeyModifiers::ALT) => {
                self.filter.query.push(c)
            }
            KeyCode::Backspace => {
                self.filter.query.pop();
            }
            _ => return,
        }
        self.refresh_rows();
    }

    /// Carries out an action.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        let ctx = self.context();
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.toggle_overlay(Overlay::Help),
            Action::ToggleLog => self.toggle_overlay(Overlay::Log),
            Action::FocusNext | Action::FocusPrev => {
                self.filter.editing = false;
                self.focus = match self.focus {
                    Focus::List => Focus::Reader,
                    Focus::Reader => Focus::List,
                };
            }
            Action::Up => self.step(ctx, -1),
            Action::Down => self.step(ctx, 1),
            Action::PageUp => self.step(ctx, -(self.page(ctx) as isize)),
            Action::PageDown => self.step(ctx, self.page(ctx) as isize),
            Action::Top => self.step(ctx, isize::MIN / 2),
            Action::Bottom => self.step(ctx, isize::MAX / 2),
            Action::Open => {
                if self.selected_article().is_some() {
                    self.focus = Focus::Reader;
                }
            }
            Action::Back => match self.overlay {
                Overlay::None => self.focus = Focus::List,
                _ => self.overlay = Overlay::None,
            },
            Action::StartFilter => {
                self.overlay = Overlay::None;
                self.focus = Focus::List;
                self.filter.editing = true;
            }
            Action::ClearFilter => {
                self.filter.editing = false;
                if !self.filter.query.is_empty() {
                    self.filter.query.clear();
                    self.refresh_rows();
                }
            }
            Action::AcceptFilter => self.filter.editing = false,
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.resort();
                self.say(format!(
                    "sorted by {}",
                    self.sort.label(!self.query.is_empty())
                ));
            }
            Action::ReverseSort => {
                self.reverse = !self.reverse;
                self.resort();
                self.say(format!(
                    "sorted by {}{}",
                    self.sort.label(!self.query.is_empty()),
                    if self.reverse { ", reversed" } else { "" }
                ));
            }
        }
    }

    fn say(&mut self, text: String) {
        self.message = Some(Message {
            text,
            warning: false,
        });
    }

    fn toggle_overlay(&mut self, which: Overlay) {
        self.overlay = if self.overlay == which {
            Overlay::None
        } else {
            which
        };
        self.overlay_scroll = 0;
    }

    fn page(&self, ctx: Context) -> usize {
        let h = match ctx {
            Context::Reader => self.feedback.reader_area.get().height as usize,
            Context::Help | Context::Log => self.feedback.overlay_height.get(),
            _ => self.feedback.list_area.get().height as usize,
        };
        h.saturating_sub(2).max(1)
    }

    fn step(&mut self, ctx: Context, delta: isize) {
        match ctx {
            Context::Reader => {
                let max = self
                    .feedback
                    .reader_lines
                    .get()
                    .saturating_sub(self.feedback.reader_area.get().height as usize);
                self.reader_scroll = add_clamped(self.reader_scroll, delta, max);
            }
            Context::Help | Context::Log => {
                let max = self
                    .feedback
                    .overlay_lines
                    .get()
                    .saturating_sub(self.feedback.overlay_height.get());
                self.overlay_scroll = add_clamped(self.overlay_scroll, delta, max);
            }
            _ => {
                let before = self.selected;
                self.selected =
                    add_clamped(self.selected, delta, self.rows.len().saturating_sub(1));
                if self.selected != before {
                    self.reader_scroll = 0;
                }
            }
        }
    }

    fn handle_mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) -> bool {
        let pos = Position::new(column, row);
        let list = self.feedback.list_area.get();
        let reader = self.feedback.reader_area.get();
        let over_list = list.contains(pos);
        let over_reader = reader.contains(pos);
        if self.overlay != Overlay::None {
            let ctx = self.context();
            match kind {
                MouseEventKind::ScrollDown => self.step(ctx, 3),
                MouseEventKind::ScrollUp => self.step(ctx, -3),
                _ => return false,
            }
            return true;
        }
        match kind {
            MouseEventKind::ScrollDown if over_list => self.step(Context::List, 1),
            MouseEventKind::ScrollUp if over_list => self.step(Context::List, -1),
            MouseEventKind::ScrollDown if over_reader => self.step(Context::Reader, 3),
            MouseEventKind::ScrollUp if over_reader => self.step(Context::Reader, -3),
            MouseEventKind::Down(MouseButton::Left) if over_list => {
                self.focus = Focus::List;
                self.filter.editing = false;
                let index = self.feedback.list_offset.get() + (row - list.y) as usize;
                if index < self.rows.len() && index != self.selected {
                    self.selected = index;
                    self.reader_scroll = 0;
                }
            }
            MouseEventKind::Down(MouseButton::Left) if over_reader => {
                self.focus = Focus::Reader;
                self.filter.editing = false;
            }
            _ => return false,
        }
        true
    }

    /// Rebuilds the rows: after the filter changed. A query that only adds
    /// characters to the previous one is tried on that one's matches only.
    fn refresh_rows(&mut self) {
        let keep = self.selected_row().map(|r| r.article);
        let query = Query::parse(&self.filter.query);
        let indices = match self.narrow.take() {
            Some((previous, alive)) if previous.is_narrowed_by(&query) => alive,
            _ => (0..self.desk.articles.len()).collect(),
        };
        self.generation += 1;
        self.query = query;
        self.rows.clear();
        self.filter.pending = 0;
        self.match_articles(indices);
        self.sort_rows();
        self.reselect(keep);
    }

    /// Adds rows for newly loaded articles, keeping the selection.
    fn add_rows(&mut self, range: std::ops::Range<usize>) {
        let keep = self.selected_row().map(|r| r.article);
        self.match_articles(range.collect());
        self.sort_rows();
        self.reselect(keep);
    }

    /// Matches articles against the query. Titles and outlets of the first
    /// [`SYNC_MATCH_LIMIT`] articles are matched here (in parallel when
    /// many); the rest, and bodies beyond [`SYNC_BODY_BYTES`], go to the
    /// background thread when there is one, so a keystroke never waits.
    fn match_articles(&mut self, mut indices: Vec<usize>) {
        if self.query.is_empty() {
            self.narrow = None;
            self.rows.extend(
                indices
                    .into_iter()
                    .map(|article| Row { article, hit: None }),
            );
            return;
        }
        let later = match &self.search_jobs {
            Some(_) if indices.len() > SYNC_MATCH_LIMIT => indices.split_off(SYNC_MATCH_LIMIT),
            _ => Vec::new(),
        };
        let (searcher, query, articles) = (&self.searcher, &self.query, &self.desk.articles);
        let matched: Vec<MetaMatch> = if indices.len() >= PARALLEL_MATCH_FROM {
            indices
                .par_iter()
                .map(|&i| searcher.match_meta(i, &articles[i], query))
                .collect()
        } else {
            indices
                .iter()
                .map(|&i| searcher.match_meta(i, &articles[i], query))
                .collect()
        };
        let mut alive = Vec::new();
        let mut body = Vec::new();
        let mut body_bytes = 0;
        for m in matched {
            match m {
                MetaMatch::Full(hit) => {
                    alive.push(hit.article);
                    self.rows.push(Row {
                        article: hit.article,
                        hit: Some(hit),
                    });
                }
                MetaMatch::NeedsBody(missing, hit) => {
                    let article = &self.desk.articles[hit.article];
                    body_bytes += article.body.len();
                    body.push((article.clone(), missing, hit));
                }
                MetaMatch::No => {}
            }
        }
        let background =
            self.search_jobs.is_some() && (body_bytes > SYNC_BODY_BYTES || !later.is_empty());
        if !background && !body.is_empty() {
            let hits = SearchJob {
                generation: self.generation,
                query: self.query.clone(),
                meta: Vec::new(),
                body: std::mem::take(&mut body),
            }
            .run(&self.searcher)
            .hits;
            for hit in hits {
                alive.push(hit.article);
                self.rows.push(Row {
                    article: hit.article,
                    hit: Some(hit),
                });
            }
        }
        if background {
            // Until the thread answers, everything it checks may still match.
            alive.extend(body.iter().map(|(_, _, h)| h.article));
            alive.extend(later.iter().copied());
            let job = SearchJob {
                generation: self.generation,
                query: self.query.clone(),
                meta: later
                    .into_iter()
                    .map(|i| (i, self.desk.articles[i].clone()))
                    .collect(),
                body,
            };
            if let Some(jobs) = &self.search_jobs
                && jobs.send(job).is_ok()
            {
                self.filter.pending += 1;
            }
        }
        match &mut self.narrow {
            Some((q, list)) if q.text == self.query.text => list.extend(alive),
            _ => self.narrow = Some((self.query.clone(), alive)),
        }
    }

    /// Character positions of the filter's match in an article's title and
    /// outlet, for highlighting the rows on screen.
    pub fn highlight(&self, article: usize) -> (Vec<usize>, Vec<usize>) {
        if self.query.is_empty() {
            return (Vec::new(), Vec::new());
        }
        self.searcher
            .highlight(&self.desk.articles[article], &self.query)
    }

    fn resort(&mut self) {
        let keep = self.selected_row().map(|r| r.article);
        self.sort_rows();
        self.reselect(keep);
    }

    fn sort_rows(&mut self) {
        let articles = &self.desk.articles;
        let filtering = !self.query.is_empty();
        match self.sort {
            SortKey::Corpus if filtering => {
                let mut hits: Vec<Hit> = self.rows.drain(..).filter_map(|r| r.hit).collect();
                rank_hits(&mut hits);
                self.rows = hits
                    .into_iter()
                    .map(|h| Row {
                        article: h.article,
                        hit: Some(h),
                    })
                    .collect();
            }
            SortKey::Corpus => self.rows.sort_by_key(|r| r.article),
            SortKey::Date => self.rows.sort_by(|a, b| {
                let (x, y) = (&articles[a.article], &articles[b.article]);
                // newest first, undated last
                y.published
                    .is_some()
                    .cmp(&x.published.is_some())
                    .then(y.published.cmp(&x.published))
                    .then(a.article.cmp(&b.article))
            }),
            SortKey::Outlet => self.rows.sort_by(|a, b| {
                let (x, y) = (&articles[a.article], &articles[b.article]);
                let key = |o: &Option<String>| o.as_deref().map(str::to_lowercase);
                x.outlet
                    .is_none()
                    .cmp(&y.outlet.is_none())
                    .then(key(&x.outlet).cmp(&key(&y.outlet)))
                    .then(y.published.cmp(&x.published))
                    .then(a.article.cmp(&b.article))
            }),
            SortKey::Title => self.rows.sort_by(|a, b| {
                let (x, y) = (&articles[a.article], &articles[b.article]);
                x.title
                    .to_lowercase()
                    .cmp(&y.title.to_lowercase())
                    .then(a.article.cmp(&b.article))
            }),
        }
        if self.reverse {
            self.rows.reverse();
        }
    }

    fn reselect(&mut self, keep: Option<usize>) {
        let found = keep.and_then(|a| self.rows.iter().position(|r| r.article == a));
        let before = self.selected;
        self.selected = found.unwrap_or(0).min(self.rows.len().saturating_sub(1));
        if found.is_none() || self.selected != before && keep.is_none() {
            self.reader_scroll = 0;
        }
    }
}

fn add_clamped(value: usize, delta: isize, max: usize) -> usize {
    (value as isize)
        .saturating_add(delta)
        .clamp(0, max as isize) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_settings;
    use crate::corpus::{LoadOptions, load_paths};

    fn app() -> App {
        let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let desk = Desk::from_report(load_paths(&[seeds], &LoadOptions::default()));
        let s = default_settings();
        App::new(
            desk,
            Keymap::from_settings(&s).unwrap(),
            Theme::from_settings(&s, false).unwrap(),
        )
    }

    fn press(app: &mut App, key: &str) {
        app.handle_key(Key::parse(key).unwrap());
    }

    #[test]
    fn navigation_and_focus() {
        let mut a = app();
        assert_eq!(a.rows.len(), 5);
        press(&mut a, "j");
        press(&mut a, "j");
        assert_eq!(a.selected, 2);
        press(&mut a, "G");
        assert_eq!(a.selected, 4);
        press(&mut a, "g");
        assert_eq!(a.selected, 0);
        press(&mut a, "enter");
        assert_eq!(a.focus, Focus::Reader);
        press(&mut a, "esc");
        assert_eq!(a.focus, Focus::List);
        press(&mut a, "tab");
        assert_eq!(a.focus, Focus::Reader);
    }

    #[test]
    fn filter_typing_does_not_trigger_commands() {
        let mut a = app();
        press(&mut a, "/");
        assert_eq!(a.context(), Context::Filter);
        for c in ["q", "u", "e", "s", "t"] {
            press(&mut a, c);
        }
        assert!(!a.should_quit);
        assert_eq!(a.filter.query, "quest");
        press(&mut a, "backspace");
        assert_eq!(a.filter.query, "ques");
        press(&mut a, "esc");
        assert_eq!(a.filter.query, "");
        assert_eq!(a.rows.len(), 5);
    }

    #[test]
    fn body_terms_filter_and_rank_after_title_hits() {
        let mut a = app();
        press(&mut a, "/");
        for c in "guterres".chars() {
            press(&mut a, &c.to_string());
        }
        // only one seed names the UN Secretary-General
        assert_eq!(a.rows.len(), 1);
        assert!(a.rows[0].hit.as_ref().unwrap().in_body);
        press(&mut a, "enter");
        assert_eq!(a.context(), Context::List);
        assert_eq!(a.filter.query, "guterres");
    }

    #[test]
    fn sorting_by_date_puts_dated_first_and_keeps_selection() {
        let mut a = app();
        press(&mut a, "j");
        let chosen = a.selected_article().unwrap().id.clone();
        press(&mut a, "s");
        assert_eq!(a.sort, SortKey::Date);
        assert_eq!(a.selected_article().unwrap().id, chosen);
        let first = &a.desk.articles[a.rows[0].article];
        assert!(first.published.is_some());
        press(&mut a, "S");
        assert!(a.reverse);
    }

    #[test]
    fn overlays_toggle_and_quit() {
        let mut a = app();
        press(&mut a, "?");
        assert_eq!(a.overlay, Overlay::Help);
        press(&mut a, "q");
        assert_eq!(a.overlay, Overlay::None);
        assert!(!a.should_quit);
        press(&mut a, "w");
        assert_eq!(a.overlay, Overlay::Log);
        press(&mut a, "esc");
        press(&mut a, "q");
        assert!(a.should_quit);
    }

    #[test]
    fn mouse_click_selects_row() {
        let mut a = app();
        a.feedback.list_area.set(Rect::new(1, 2, 40, 10));
        assert!(a.handle_mouse(MouseEventKind::Down(MouseButton::Left), 5, 5));
        assert_eq!(a.selected, 3);
        a.handle_mouse(MouseEventKind::ScrollDown, 5, 5);
        assert_eq!(a.selected, 4);
    }
}
