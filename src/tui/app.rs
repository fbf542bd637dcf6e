//! The dashboard's UI state and its update function.
//!
//! Input becomes an [`Action`] through the keymap; [`App::update`] applies it.
//! Background results (loaded articles, body search hits) arrive as
//! [`AppEvent`]s. Views render from `&App` only; what they learn while
//! drawing (pane sizes, scroll offsets) flows back through [`ViewFeedback`]
//! so the next update can page and clamp correctly.

use super::action::Action;
use super::keymap::{Context, Key, Keymap};
use super::screens::{self, Screen};
use super::theme::Theme;
use crate::compare::stories::Stories;
use crate::corpus::{Article, LoadEvent};
use crate::desk::{AnalysisQueue, Desk};
use crate::nlp::Analysis;
use crate::nlp::entities::Group;
use crate::review::{Change, Entry, Verdict};
use crate::search::{Hit, MetaMatch, Query, SearchJob, SearchResult, Searcher, rank_hits};
use crate::workflow::{Review, ReviewItem};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use rayon::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Entities,
}

/// The entity whose mentions the reader highlights.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntityChoice {
    pub group: Group,
    pub key: String,
}

/// One line of the entity pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRow {
    pub group: Group,
    pub key: String,
    pub name: String,
    pub mentions: usize,
    /// Articles and outlets naming it (across the corpus analysed so far).
    pub articles: usize,
    pub outlets: usize,
}

/// Counts for one entity while the pane's rows are built: its fullest
/// name, mentions, and the articles and outlets naming it.
type EntityTally = (String, usize, Vec<usize>, Vec<String>);

/// The entity pane's state.
#[derive(Debug, Default)]
pub struct EntityPane {
    pub visible: bool,
    /// Listing the whole corpus's entities rather than the article's.
    pub corpus: bool,
    pub selected: usize,
    pub rows: Vec<EntityRow>,
}

/// Work to do when stories must be regrouped.
pub struct StoriesJob {
    pub articles: Vec<Arc<Article>>,
    pub analyses: Vec<Arc<Analysis>>,
}

/// The background threads the dashboard hands work to.
pub struct Workers {
    pub analysis: AnalysisQueue,
    pub stories: Sender<StoriesJob>,
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
    Analyzed(usize, Arc<Analysis>),
    /// The stories, and the corpus IDF computed beside them.
    Stories(Stories, Arc<crate::compare::idf::Idf<'static>>),
    /// The store thread saved a change (durably), or failed to.
    StoreSaved(String, Result<Entry, String>),
    /// Entries read from the store (at start, on refresh, after undo).
    StoreEntries(Vec<Entry>),
    /// Something about the store the editor should know.
    StoreMessage(String, bool),
}

/// Work for the store thread, which owns the review store.
#[derive(Debug)]
pub enum StoreCommand {
    Set(Change),
    Undo(String),
    Refresh,
    Reconcile(Vec<Arc<Article>>),
}

/// Something the event loop must do outside the App (it owns the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Edit this item's note in $EDITOR, starting from this text.
    EditNote(ReviewItem, String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    OpenUrl(String),
    /// Write the report (to this file, or the default beside the corpus).
    WriteReport(Option<std::path::PathBuf>),
}

/// A line of text being typed: a note, or a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputPurpose {
    Note(ReviewItem),
    Command,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputLine {
    pub purpose: InputPurpose,
    pub text: String,
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
    pub entities: EntityPane,
    pub chosen_entity: Option<EntityChoice>,
    /// Which mention `n`/`N` last went to.
    pub mention_cursor: Option<usize>,
    /// Entity types whose highlighting is off, by `Group::ALL` index.
    pub hidden_groups: [bool; 7],
    workers: Option<Workers>,
    reader_cache: RefCell<Option<(ReaderKey, Rc<super::views::reader::ReaderLayout>)>>,
    analysed: usize,
    stories_requested: bool,
    /// The full-screen view on show (Browse = the panes).
    pub screen: Screen,
    /// Verdicts and notes by item key, as the store has them.
    pub verdicts: HashMap<String, Entry>,
    /// Items whose change is being saved.
    pub pending: std::collections::HashSet<String>,
    /// The store, when the App owns it directly (tests, scripts).
    local_review: Option<Review>,
    /// The store thread, when the dashboard runs one.
    store_tx: Option<Sender<StoreCommand>>,
    /// Why verdicts cannot be saved, if they cannot.
    pub store_read_only: Option<String>,
    pub store_path: Option<std::path::PathBuf>,
    pub editor: String,
    pub input: Option<InputLine>,
    pub effects: Vec<Effect>,
    /// The screens' first row on show, learned when drawing.
    pub screen_offset: Cell<usize>,
    pub screen_height: Cell<usize>,
}

/// What the reader's layout depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ReaderKey {
    article: usize,
    stories: bool,
    width: usize,
    analysed: bool,
    hidden: [bool; 7],
    chosen: Option<EntityChoice>,
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
            entities: EntityPane::default(),
            chosen_entity: None,
            mention_cursor: None,
            hidden_groups: [false; 7],
            workers: None,
            reader_cache: RefCell::new(None),
            analysed: 0,
            stories_requested: false,
            screen: Screen::Browse,
            verdicts: HashMap::new(),
            pending: Default::default(),
            local_review: None,
            store_tx: None,
            store_read_only: None,
            store_path: None,
            editor: crate::workflow::editor_name(None),
            input: None,
            effects: Vec::new(),
            screen_offset: Cell::new(0),
            screen_height: Cell::new(20),
        };
        app.analysed = app.desk.analyses.iter().filter(|a| a.is_some()).count();
        app.refresh_rows();
        app.refresh_entity_rows();
        app
    }

    /// Uses a review store directly (saves on the UI thread; for tests and
    /// small tools).
    pub fn set_review(&mut self, review: Review) {
        self.verdicts = review.entries.clone();
        self.store_read_only = review.read_only.clone();
        self.store_path = Some(review.store.path().to_path_buf());
        self.editor = review.store.editor().to_string();
        self.local_review = Some(review);
    }

    /// Hands saving to the store thread.
    pub fn set_store_thread(
        &mut self,
        tx: Sender<StoreCommand>,
        path: std::path::PathBuf,
        read_only: Option<String>,
    ) {
        self.store_tx = Some(tx);
        self.store_path = Some(path);
        self.store_read_only = read_only;
    }

    /// The verdict of an item (unchecked when none).
    pub fn verdict_of(&self, item: &ReviewItem) -> Option<&Entry> {
        self.verdicts.get(item.key.as_str())
    }

    /// The item the editor is on: a discrepancy, a quote, a sentence or an article.
    pub fn current_item(&self) -> Option<ReviewItem> {
        match &self.screen {
            Screen::Claims(c) => Some(c.items[*c.rows.get(c.selected)?].clone()),
            Screen::Quotes(q) => q.items.get(q.selected)?.clone(),
            Screen::Compare(c) => {
                let row = c.rows.get(c.selected)?;
                let (a, si) = match (row.left, row.right) {
                    (Some(l), _) => (c.left, l),
                    (None, Some(r)) => (c.right, r),
                    _ => return None,
                };
                let span = self.desk.analyses.get(a)?.as_ref()?.sentences.get(si)?.span;
                Some(crate::workflow::span_item(
                    &self.desk.articles[a],
                    crate::review::ItemKind::Sentence,
                    span,
                ))
            }
            Screen::Story(st) => {
                let (a, si) = *st.facts.get(st.selected)?.sentences.first()?;
                let span = self.desk.analyses.get(a)?.as_ref()?.sentences.get(si)?.span;
                Some(crate::workflow::span_item(
                    &self.desk.articles[a],
                    crate::review::ItemKind::Sentence,
                    span,
                ))
            }
            Screen::Browse => self
                .selected_article()
                .map(|a| crate::workflow::article_item(a)),
        }
    }

    /// Saves a verdict or note change for an item.
    fn save(&mut self, item: ReviewItem, verdict: Option<Verdict>, note: Option<String>) {
        if let Some(why) = &self.store_read_only {
            self.message = Some(Message {
                text: format!("read-only, not saved: {why}"),
                warning: true,
            });
            return;
        }
        let mut change = Change::new(item.key.clone(), item.article_id.clone(), item.text.clone());
        if let Some(v) = verdict {
            change = change.verdict(v);
        }
        if let Some(n) = note {
            change = change.note(n);
        }
        if let Some(review) = &mut self.local_review {
            match review.set(change) {
                Ok(e) => {
                    self.say(format!("saved: {}", e.verdict.as_str()));
                    self.verdicts.insert(e.key.as_str().to_string(), e);
                }
                Err(e) => {
                    self.message = Some(Message {
                        text: format!("not saved: {e}"),
                        warning: true,
                    })
                }
            }
        } else if let Some(tx) = &self.store_tx {
            self.pending.insert(item.key.as_str().to_string());
            if tx.send(StoreCommand::Set(change)).is_err() {
                self.pending.remove(item.key.as_str());
                self.message = Some(Message {
                    text: "not saved: the store thread stopped".into(),
                    warning: true,
                });
            } else {
                self.say("saving…".into());
            }
        } else {
            self.message = Some(Message {
                text: "no review store open".into(),
                warning: true,
            });
        }
    }

    /// Saves a note typed elsewhere (in $EDITOR).
    pub fn save_note(&mut self, item: ReviewItem, note: String) {
        self.save(item, None, Some(note));
    }

    /// The store thread's channel, for the event loop.
    pub fn store_sender(&self) -> Option<Sender<StoreCommand>> {
        self.store_tx.clone()
    }

    fn set_verdict(&mut self, verdict: Verdict) {
        match self.current_item() {
            Some(item) => self.save(item, Some(verdict), None),
            None => self.say("nothing here takes a verdict".into()),
        }
    }

    /// Opens a full-screen view of the selected article's story.
    fn open_screen(&mut self, action: Action) {
        let Some(article) = self.rows.get(self.selected).map(|r| r.article) else {
            return;
        };
        let Some(story) = screens::story_of(&self.desk, article) else {
            let total = self.desk.articles.len();
            self.say(format!(
                "stories are being grouped (analysed {}/{total})…",
                self.analysed
            ));
            return;
        };
        self.screen = match action {
            Action::OpenCompare => {
                let others = screens::counterparts(&self.desk, article);
                let Some(&right) = others.first() else {
                    self.say("this story has one report: nothing to compare with".into());
                    return;
                };
                Screen::Compare(screens::compare_screen(&mut self.desk, article, right))
            }
            Action::OpenStory => Screen::Story(screens::story_screen(&mut self.desk, story)),
            Action::OpenClaims => Screen::Claims(screens::claims_screen(&mut self.desk, story)),
            _ => Screen::Quotes(screens::quotes_screen(&mut self.desk, story)),
        };
        self.screen_offset.set(0);
        self.refilter_claims();
    }

    /// Applies the claims view's filters.
    fn refilter_claims(&mut self) {
        let verdicts = &self.verdicts;
        if let Screen::Claims(c) = &mut self.screen {
            let keep = |i: usize| {
                let d = &c.claims.discrepancies[i];
                if !c.show_unique && d.severity == crate::compare::claims::Severity::Unique {
                    return false;
                }
                if c.unchecked_only {
                    let item = &c.items[i];
                    return verdicts
                        .get(item.key.as_str())
                        .is_none_or(|e| e.verdict == Verdict::Unchecked);
                }
                true
            };
            c.rows = (0..c.claims.discrepancies.len())
                .filter(|&i| keep(i))
                .collect();
            c.selected = c.selected.min(c.rows.len().saturating_sub(1));
        }
    }

    /// Switches the comparison to another report of the story, or swaps sides.
    fn switch_counterpart(&mut self, action: Action) {
        let Screen::Compare(c) = &self.screen else {
            return;
        };
        let (left, right) = (c.left, c.right);
        let (new_left, new_right) = match action {
            Action::SwapSides => (right, left),
            _ => {
                let others = screens::counterparts(&self.desk, left);
                if others.len() < 2 {
                    self.say("no other report in this story".into());
                    return;
                }
                let at = others.iter().position(|&o| o == right).unwrap_or(0);
                let next = if action == Action::NextCounterpart {
                    (at + 1) % others.len()
                } else {
                    (at + others.len() - 1) % others.len()
                };
                (left, others[next])
            }
        };
        self.screen = Screen::Compare(screens::compare_screen(&mut self.desk, new_left, new_right));
        self.screen_offset.set(0);
    }

    /// Jumps from a screen row to its evidence in the reader.
    fn open_evidence(&mut self) {
        let target: Option<(usize, crate::corpus::Span)> = match &self.screen {
            Screen::Claims(c) => c.rows.get(c.selected).and_then(|&i| {
                let d = &c.claims.discrepancies[i];
                let cl = &c.claims.claims[*d.claims.first()?];
                Some((cl.article, cl.span))
            }),
            Screen::Quotes(q) => q.claims.quotes.get(q.selected).and_then(|g| {
                let (a, qi) = g.carriers[0];
                Some((a, self.desk.analyses.get(a)?.as_ref()?.quotes.get(qi)?.span))
            }),
            Screen::Story(st) => st.facts.get(st.selected).and_then(|f| {
                let (a, si) = *f.sentences.first()?;
                Some((
                    a,
                    self.desk.analyses.get(a)?.as_ref()?.sentences.get(si)?.span,
                ))
            }),
            _ => None,
        };
        let Some((article, span)) = target else {
            return;
        };
        if self.filter.query.is_empty() {
            if let Some(pos) = self.rows.iter().position(|r| r.article == article) {
                self.selected = pos;
            }
        } else {
            self.filter.query.clear();
            self.refresh_rows();
            if let Some(pos) = self.rows.iter().position(|r| r.article == article) {
                self.selected = pos;
            }
        }
        self.selection_changed();
        self.screen = Screen::Browse;
        self.focus = Focus::Reader;
        let area = self.feedback.reader_area.get();
        let width = area.width.saturating_sub(1).max(1) as usize;
        // scroll the reader to the evidence: the first mention in it, else the paragraph
        if let Some(layout) = self.reader_layout(width) {
            let an = self.desk.analyses.get(article).and_then(|a| a.as_ref());
            let line = an
                .and_then(|an| {
                    an.entities
                        .mentions
                        .iter()
                        .position(|m| span.contains(m.span) || m.span.contains(span))
                })
                .and_then(|m| {
                    layout
                        .mention_lines
                        .iter()
                        .find(|(i, _)| *i == m)
                        .map(|(_, l)| *l)
                });
            if let Some(l) = line {
                self.reader_scroll = l.saturating_sub(2);
            }
        }
        self.say("evidence in the reader — Esc returns to the list".into());
    }

    /// Runs a command typed after ':'.
    fn run_command(&mut self, text: &str) {
        let mut parts = text.split_whitespace();
        match parts.next() {
            Some("report") => self
                .effects
                .push(Effect::WriteReport(parts.next().map(Into::into))),
            Some("refresh") => self.update(Action::RefreshStore),
            Some("undo") => self.update(Action::Undo),
            Some("q" | "quit") => self.should_quit = true,
            Some("store") => {
                let text = match (&self.store_path, &self.store_read_only) {
                    (Some(p), None) => format!("review store: {}", p.display()),
                    (Some(p), Some(why)) => {
                        format!("review store (read-only): {} — {why}", p.display())
                    }
                    _ => "no review store".into(),
                };
                self.say(text);
            }
            Some("help") | None => {
                self.say("commands: report [FILE], refresh, undo, store, quit".into())
            }
            Some(other) => {
                self.message = Some(Message {
                    text: format!("unknown command {other:?} (try :help)"),
                    warning: true,
                })
            }
        }
    }

    /// Hands analysis and story grouping to background threads; queues
    /// every article loaded so far that is not analysed yet.
    pub fn set_workers(&mut self, workers: Workers) {
        for (i, a) in self.desk.articles.iter().enumerate() {
            if self.desk.analyses.get(i).is_none_or(|x| x.is_none()) {
                workers.analysis.push(i, a.clone());
            }
        }
        self.workers = Some(workers);
        self.prioritize_selected();
    }

    /// The analysis of the selected article, if ready.
    pub fn selected_analysis(&self) -> Option<&Arc<Analysis>> {
        let row = self.rows.get(self.selected)?;
        self.desk.analyses.get(row.article)?.as_ref()
    }

    /// How many articles are analysed.
    pub fn analysed_count(&self) -> usize {
        self.analysed
    }

    /// The reader's lines for the selected article at a width (cached).
    pub fn reader_layout(&self, width: usize) -> Option<Rc<super::views::reader::ReaderLayout>> {
        let row = self.rows.get(self.selected)?;
        let analysis = self.desk.analyses.get(row.article).and_then(|a| a.as_ref());
        let key = ReaderKey {
            article: row.article,
            stories: self.desk.stories.is_some(),
            width,
            analysed: analysis.is_some(),
            hidden: self.hidden_groups,
            chosen: self.chosen_entity.clone(),
        };
        if let Some((k, layout)) = self.reader_cache.borrow().as_ref()
            && *k == key
        {
            return Some(layout.clone());
        }
        let story_line = self.story_line(row.article);
        let layout = Rc::new(super::views::reader::build_layout(
            &self.desk.articles[row.article],
            analysis.map(|a| a.as_ref()),
            &self.theme,
            width,
            &self.hidden_groups,
            self.chosen_entity.as_ref(),
            story_line.as_deref(),
        ));
        *self.reader_cache.borrow_mut() = Some((key, layout.clone()));
        Some(layout)
    }

    /// "story s1 · 4 reports · related: 003_…" for the reader's header.
    fn story_line(&self, article: usize) -> Option<String> {
        let stories = self.desk.stories.as_ref()?;
        let s = *stories.story_of.get(article)?;
        let story = &stories.stories[s];
        let mut line = format!(
            "story s{} · {} report{}",
            s + 1,
            story.articles.len(),
            if story.articles.len() == 1 { "" } else { "s" }
        );
        if story.articles.len() > 1 {
            line.push_str(" (c compare · v overview · C claims · Q quotes)");
        }
        if !story.related.is_empty() {
            let names: Vec<String> = story
                .related
                .iter()
                .take(4)
                .map(|&(a, _)| self.desk.articles[a].id.clone())
                .collect();
            line.push_str(&format!(" · related: {}", names.join(", ")));
        }
        Some(line)
    }

    fn prioritize_selected(&self) {
        if let (Some(w), Some(row)) = (&self.workers, self.rows.get(self.selected)) {
            w.analysis.prioritize(row.article);
        }
    }

    /// Called whenever the selected article may have changed.
    fn selection_changed(&mut self) {
        self.mention_cursor = None;
        self.prioritize_selected();
        if !self.entities.corpus {
            self.refresh_entity_rows();
        }
    }

    /// Rebuilds the entity pane's rows for the article or the corpus.
    pub fn refresh_entity_rows(&mut self) {
        let mut acc: HashMap<(Group, String), EntityTally> = HashMap::new();
        let indices: Vec<usize> = if self.entities.corpus {
            (0..self.desk.articles.len()).collect()
        } else {
            self.rows
                .get(self.selected)
                .map(|r| vec![r.article])
                .unwrap_or_default()
        };
        for i in indices {
            let Some(Some(an)) = self.desk.analyses.get(i) else {
                continue;
            };
            let outlet = self.desk.articles[i].outlet.clone();
            for c in &an.entities.canonical {
                let e = acc
                    .entry((c.group, c.key.clone()))
                    .or_insert_with(|| (c.name.clone(), 0, Vec::new(), Vec::new()));
                e.1 += c.mentions.len();
                if c.name.chars().count() > e.0.chars().count() {
                    e.0 = c.name.clone();
                }
                if !e.2.contains(&i) {
                    e.2.push(i);
                }
                if let Some(o) = &outlet
                    && !e.3.contains(o)
                {
                    e.3.push(o.clone());
                }
            }
        }
        // corpus-wide counts of articles and outlets for the article's entities
        let mut rows: Vec<EntityRow> = acc
            .into_iter()
            .map(
                |((group, key), (name, mentions, articles, outlets))| EntityRow {
                    group,
                    key,
                    name,
                    mentions,
                    articles: articles.len(),
                    outlets: outlets.len(),
                },
            )
            .collect();
        if !self.entities.corpus {
            for r in &mut rows {
                let (mut articles, mut outlets) = (0, Vec::new());
                for (i, a) in self.desk.analyses.iter().enumerate() {
                    let Some(a) = a else { continue };
                    if a.entities
                        .canonical
                        .iter()
                        .any(|c| c.group == r.group && c.key == r.key)
                    {
                        articles += 1;
                        if let Some(o) = &self.desk.articles[i].outlet
                            && !outlets.contains(o)
                        {
                            outlets.push(o.clone());
                        }
                    }
                }
                r.articles = articles;
                r.outlets = outlets.len();
            }
        }
        rows.sort_by(|a, b| {
            a.group
                .cmp(&b.group)
                .then(b.mentions.cmp(&a.mentions))
                .then(a.key.cmp(&b.key))
        });
        self.entities.rows = rows;
        self.entities.selected = self
            .entities
            .selected
            .min(self.entities.rows.len().saturating_sub(1));
    }

    /// Mentions `n`/`N` move through: the chosen entity's, else every
    /// highlighted mention, in the selected article.
    fn navigable_mentions(&self) -> Vec<usize> {
        let Some(an) = self.selected_analysis() else {
            return Vec::new();
        };
        an.entities
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| match &self.chosen_entity {
                Some(c) => m.group == c.group && an.entities.canonical[m.canonical].key == c.key,
                None => {
                    !self.hidden_groups[Group::ALL.iter().position(|g| *g == m.group).unwrap_or(0)]
                }
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Moves to the next (or previous) mention and scrolls the reader to it.
    fn jump_mention(&mut self, forward: bool) {
        let list = self.navigable_mentions();
        if list.is_empty() {
            self.say("no mention to go to".into());
            return;
        }
        let pos = match self
            .mention_cursor
            .and_then(|m| list.iter().position(|x| *x == m))
        {
            Some(p) if forward => (p + 1) % list.len(),
            Some(p) => (p + list.len() - 1) % list.len(),
            None if forward => 0,
            None => list.len() - 1,
        };
        let mention = list[pos];
        self.mention_cursor = Some(mention);
        let area = self.feedback.reader_area.get();
        let width = area.width.saturating_sub(1).max(1) as usize;
        if let Some(layout) = self.reader_layout(width)
            && let Some(&(_, line)) = layout.mention_lines.iter().find(|(m, _)| *m == mention)
        {
            self.reader_scroll = line.saturating_sub(area.height as usize / 3);
        }
        self.say(format!("mention {} of {}", pos + 1, list.len()));
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
        if self.input.is_some() {
            return Context::Input;
        }
        match self.overlay {
            Overlay::Help => Context::Help,
            Overlay::Log => Context::Log,
            Overlay::None if self.filter.editing => Context::Filter,
            Overlay::None if !matches!(self.screen, Screen::Browse) => match self.screen {
                Screen::Compare(_) => Context::Compare,
                Screen::Story(_) => Context::Story,
                Screen::Claims(_) => Context::Claims,
                _ => Context::Quotes,
            },
            Overlay::None => match self.focus {
                Focus::List => Context::List,
                Focus::Reader => Context::Reader,
                Focus::Entities => Context::Entities,
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
                    if let Some(w) = &self.workers {
                        for i in before..before + added {
                            w.analysis.push(i, self.desk.articles[i].clone());
                        }
                    }
                    let was_empty = self.rows.is_empty();
                    self.add_rows(before..before + added);
                    if was_empty {
                        self.selection_changed();
                    }
                }
                true
            }
            AppEvent::LoadFinished => {
                self.desk.finish_loading();
                if let Some(w) = &self.workers {
                    w.analysis.close();
                }
                self.maybe_request_stories();
                true
            }
            AppEvent::Analyzed(i, analysis) => {
                self.desk
                    .analyses
                    .resize(self.desk.articles.len().max(i + 1), None);
                if self.desk.analyses[i].is_none() {
                    self.analysed += 1;
                }
                self.desk.analyses[i] = Some(analysis);
                let selected = self.rows.get(self.selected).map(|r| r.article) == Some(i);
                if selected && !self.entities.corpus {
                    self.refresh_entity_rows();
                }
                self.maybe_request_stories();
                selected
                    || self.analysed.is_multiple_of(64)
                    || self.analysed == self.desk.articles.len()
            }
            AppEvent::Stories(stories, idf) => {
                self.desk.set_idf(stories.story_of.len(), idf);
                self.desk.stories = Some(stories);
                self.desk.story_claims.clear();
                true
            }
            AppEvent::StoreSaved(key, result) => {
                self.pending.remove(&key);
                match result {
                    Ok(e) => {
                        self.say(format!(
                            "saved: {}{}",
                            e.verdict.as_str(),
                            if e.note.is_empty() { "" } else { " with note" }
                        ));
                        self.verdicts.insert(key, e);
                    }
                    Err(err) => {
                        self.message = Some(Message {
                            text: format!("not saved: {err}"),
                            warning: true,
                        })
                    }
                }
                self.refilter_claims();
                true
            }
            AppEvent::StoreEntries(entries) => {
                for e in entries {
                    if e.has_content() {
                        self.verdicts.insert(e.key.as_str().to_string(), e);
                    } else {
                        self.verdicts.remove(e.key.as_str());
                    }
                }
                self.refilter_claims();
                true
            }
            AppEvent::StoreMessage(text, warning) => {
                self.message = Some(Message { text, warning });
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

    /// Once every article is loaded and analysed, groups them into stories
    /// on the background thread.
    fn maybe_request_stories(&mut self) {
        if self.stories_requested
            || self.desk.is_loading()
            || self.analysed < self.desk.articles.len()
        {
            return;
        }
        let Some(w) = &self.workers else { return };
        let analyses: Option<Vec<Arc<Analysis>>> = self.desk.analyses.iter().cloned().collect();
        if let Some(analyses) = analyses {
            self.stories_requested = true;
            let _ = w.stories.send(StoriesJob {
                articles: self.desk.articles.clone(),
                analyses,
            });
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
        } else if ctx == Context::Input
            && let Some(input) = &mut self.input
        {
            let ctrl = key.mods.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Char('w') if ctrl => {
                    let trimmed = input.text.trim_end();
                    let cut = trimmed.rfind(' ').map(|i| i + 1).unwrap_or(0);
                    input.text.truncate(cut);
                }
                KeyCode::Char('u') if ctrl => input.text.clear(),
                KeyCode::Char(c) if !ctrl && !key.mods.contains(KeyModifiers::ALT) => {
                    input.text.push(c)
                }
                KeyCode::Backspace => {
                    input.text.pop();
                }
                _ => {}
            }
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
            }
            Action::ToggleEntities => {
                self.entities.visible = !self.entities.visible;
                if self.entities.visible {
                    self.refresh_entity_rows();
                    self.focus = Focus::Entities;
                } else if self.focus == Focus::Entities {
                    self.focus = Focus::Reader;
                }
            }
            Action::EntityScope => {
                self.entities.corpus = !self.entities.corpus;
                self.entities.selected = 0;
                self.refresh_entity_rows();
                let scope = if self.entities.corpus {
                    "the corpus"
                } else {
                    "this article"
                };
                self.say(format!("entities of {scope}"));
            }
            Action::OpenCompare | Action::OpenStory | Action::OpenClaims | Action::OpenQuotes => {
                self.filter.editing = false;
                self.open_screen(action);
            }
            Action::NextCounterpart | Action::PrevCounterpart | Action::SwapSides => {
                self.switch_counterpart(action)
            }
            Action::Verified => self.set_verdict(Verdict::Verified),
            Action::Disputed => self.set_verdict(Verdict::Disputed),
            Action::MarkFalse => self.set_verdict(Verdict::False),
            Action::NeedsSource => self.set_verdict(Verdict::NeedsSource),
            Action::Unchecked => self.set_verdict(Verdict::Unchecked),
            Action::EditNote => match self.current_item() {
                Some(item) => {
                    let text = self
                        .verdict_of(&item)
                        .map(|e| e.note.clone())
                        .unwrap_or_default();
                    self.input = Some(InputLine {
                        purpose: InputPurpose::Note(item),
                        text,
                    });
                }
                None => self.say("nothing here takes a note".into()),
            },
            Action::EditNoteExternal => match self.current_item() {
                Some(item) => {
                    let text = self
                        .verdict_of(&item)
                        .map(|e| e.note.clone())
                        .unwrap_or_default();
                    self.effects.push(Effect::EditNote(item, text));
                }
                None => self.say("nothing here takes a note".into()),
            },
            Action::Undo => {
                if let Some(review) = &mut self.local_review {
                    match review.store.undo_last(&self.editor) {
                        Ok(Some(e)) => {
                            let _ = review.reload();
                            self.verdicts = review.entries.clone();
                            self.say(format!(
                                "undone: {} is {} again",
                                e.kind.as_str(),
                                e.verdict.as_str()
                            ));
                        }
                        Ok(None) => self.say("nothing to undo".into()),
                        Err(e) => {
                            self.message = Some(Message {
                                text: format!("undo failed: {e}"),
                                warning: true,
                            })
                        }
                    }
                    self.refilter_claims();
                } else if let Some(tx) = &self.store_tx {
                    let _ = tx.send(StoreCommand::Undo(self.editor.clone()));
                }
            }
            Action::RefreshStore => {
                if let Some(review) = &mut self.local_review {
                    let _ = review.refresh();
                    self.verdicts = review.entries.clone();
                } else if let Some(tx) = &self.store_tx {
                    let _ = tx.send(StoreCommand::Refresh);
                }
                self.say("verdicts refreshed".into());
            }
            Action::ToggleUncheckedOnly | Action::ToggleUnique => {
                if let Screen::Claims(c) = &mut self.screen {
                    if action == Action::ToggleUncheckedOnly {
                        c.unchecked_only = !c.unchecked_only;
                    } else {
                        c.show_unique = !c.show_unique;
                    }
                }
                self.refilter_claims();
            }
            Action::Copy => {
                let text = match self.current_item() {
                    Some(item) => {
                        let a = self.desk.articles.iter().find(|a| a.id == item.article_id);
                        let source = a
                            .map(|a| {
                                format!(
                                    "{}{}",
                                    a.outlet.clone().unwrap_or_else(|| a.id.clone()),
                                    a.published.map(|d| format!(", {d}")).unwrap_or_default()
                                )
                            })
                            .unwrap_or_default();
                        format!("“{}” — {source}", item.text)
                    }
                    None => String::new(),
                };
                if !text.is_empty() {
                    self.effects.push(Effect::Copy(text));
                    self.say("copied to the clipboard (OSC 52)".into());
                }
            }
            Action::OpenUrl => match self.selected_article().and_then(|a| a.url.clone()) {
                Some(url) => {
                    self.say(format!("opening {url}"));
                    self.effects.push(Effect::OpenUrl(url));
                }
                None => self.say("this article has no URL".into()),
            },
            Action::CommandLine => {
                self.input = Some(InputLine {
                    purpose: InputPurpose::Command,
                    text: String::new(),
                })
            }
            Action::Submit => {
                if let Some(input) = self.input.take() {
                    match input.purpose {
                        InputPurpose::Note(item) => self.save(item, None, Some(input.text)),
                        InputPurpose::Command => self.run_command(&input.text),
                    }
                }
            }
            Action::Cancel => self.input = None,
            Action::Open if matches!(ctx, Context::Claims | Context::Quotes | Context::Story) => {
                self.open_evidence()
            }
            Action::NextMention => self.jump_mention(true),
            Action::PrevMention => self.jump_mention(false),
            Action::TogglePerson
            | Action::ToggleOrg
            | Action::TogglePlace
            | Action::ToggleNorp
            | Action::ToggleDate
            | Action::ToggleNumber
            | Action::ToggleOther => {
                let k = match action {
                    Action::TogglePerson => 0,
                    Action::ToggleOrg => 1,
                    Action::TogglePlace => 2,
                    Action::ToggleNorp => 3,
                    Action::ToggleDate => 4,
                    Action::ToggleNumber => 5,
                    _ => 6,
                };
                self.hidden_groups[k] = !self.hidden_groups[k];
                let state = if self.hidden_groups[k] { "off" } else { "on" };
                self.say(format!("{} highlighting {state}", Group::ALL[k].name()));
            }
            Action::Up => self.step(ctx, -1),
            Action::Down => self.step(ctx, 1),
            Action::PageUp => self.step(ctx, -(self.page(ctx) as isize)),
            Action::PageDown => self.step(ctx, self.page(ctx) as isize),
            Action::Top => self.step(ctx, isize::MIN / 2),
            Action::Bottom => self.step(ctx, isize::MAX / 2),
            Action::Open if ctx == Context::Entities => {
                if let Some(r) = self.entities.rows.get(self.entities.selected) {
                    let choice = EntityChoice {
                        group: r.group,
                        key: r.key.clone(),
                    };
                    if self.chosen_entity.as_ref() == Some(&choice) {
                        self.chosen_entity = None;
                        self.say("highlighting all entities".into());
                    } else {
                        self.say(format!(
                            "{} highlighted — n/N go through its mentions",
                            r.name
                        ));
                        self.chosen_entity = Some(choice);
                        self.mention_cursor = None;
                        self.jump_mention(true);
                    }
                }
            }
            Action::Open => {
                if self.selected_article().is_some() {
                    self.focus = Focus::Reader;
                }
            }
            Action::Back => match self.overlay {
                Overlay::None if !matches!(self.screen, Screen::Browse) => {
                    self.screen = Screen::Browse
                }
                Overlay::None if self.focus == Focus::Entities => self.focus = Focus::Reader,
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
            Context::Compare | Context::Story | Context::Claims | Context::Quotes => {
                let height = self.screen_height.get().max(1);
                let (sel, len) = match &mut self.screen {
                    Screen::Compare(c) => (&mut c.selected, c.rows.len()),
                    Screen::Story(s) => (&mut s.selected, s.facts.len()),
                    Screen::Claims(c) => (&mut c.selected, c.rows.len()),
                    Screen::Quotes(q) => (&mut q.selected, q.claims.quotes.len()),
                    Screen::Browse => return,
                };
                *sel = add_clamped(*sel, delta, len.saturating_sub(1));
                let off = self.screen_offset.get();
                if *sel < off {
                    self.screen_offset.set(*sel);
                } else if *sel >= off + height {
                    self.screen_offset.set(*sel + 1 - height);
                }
            }
            Context::Entities => {
                self.entities.selected = add_clamped(
                    self.entities.selected,
                    delta,
                    self.entities.rows.len().saturating_sub(1),
                );
            }
            _ => {
                let before = self.selected;
                self.selected =
                    add_clamped(self.selected, delta, self.rows.len().saturating_sub(1));
                if self.selected != before {
                    self.reader_scroll = 0;
                    self.selection_changed();
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
                    self.selection_changed();
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
        self.selected = found.unwrap_or(0).min(self.rows.len().saturating_sub(1));
        let now = self.rows.get(self.selected).map(|r| r.article);
        if now != keep {
            self.reader_scroll = 0;
            self.selection_changed();
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
        let article = |title: &str, body: &str| {
            crate::corpus::build_article(crate::corpus::RawArticle {
                title: Some(title.into()),
                body: body.into(),
                ..Default::default()
            })
        };
        let desk = Desk::from_report(crate::corpus::LoadReport {
            articles: vec![
                article("Harbour strike ends", "Dockers voted to return on Monday."),
                article(
                    "Council budget",
                    "The quarantine zone was lifted, the mayor said.",
                ),
                article("Rail fares rise", "Season tickets cost more from June."),
            ],
            warnings: vec![],
            files: 3,
        });
        let s = default_settings();
        let mut a = App::new(
            desk,
            Keymap::from_settings(&s).unwrap(),
            Theme::from_settings(&s, false).unwrap(),
        );
        press(&mut a, "/");
        for c in "quarantine".chars() {
            press(&mut a, &c.to_string());
        }
        // only one body names the quarantine, no title does
        assert_eq!(a.rows.len(), 1);
        assert!(a.rows[0].hit.as_ref().unwrap().in_body);
        press(&mut a, "enter");
        assert_eq!(a.context(), Context::List);
        assert_eq!(a.filter.query, "quarantine");
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
        press(&mut a, "r");
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
