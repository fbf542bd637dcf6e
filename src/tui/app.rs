//! The App: the stack of screens and what is shared between them.
//!
//! Input becomes an [`Action`] through the keymap, looked up in the context
//! of the screen on top; that screen carries it out or ignores it, and the
//! App does what is the same everywhere: verdicts and notes on whatever the
//! screen says is under the cursor, undo and redo, help, the command line,
//! going back. Screens answer with a [`Transition`]; the App keeps the
//! stack, so going back returns to the screen as the editor left it.
//! Background results (loaded articles, analyses, stories, searches, the
//! store's answers) arrive as [`AppEvent`]s and are passed to every screen.

use super::action::Action;
use super::keymap::{Context, Key, Keymap};
use super::review::{ReviewState, Target};
pub use super::screen::Effect;
use super::screen::{Command, Ctx, Event, Message, Open, Out, Screen, Transition};
use super::screens;
use super::theme::Theme;
use crate::compare::stories::Stories;
use crate::corpus::{Article, LoadEvent};
use crate::desk::{AnalysisQueue, Desk};
use crate::nlp::Analysis;
use crate::nlp::entities::Group;
use crate::review::{Change, Entry, Verdict};
use crate::search::{SearchLink, SearchMsg, SearchResult};
use crate::workflow::Review;
use ratatui::Frame;
use ratatui::crossterm::event::{
    Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// Work to do when stories must be regrouped.
pub struct StoriesJob {
    /// Numbers the jobs, so results can be told from older ones.
    pub id: u64,
    pub articles: Vec<Arc<Article>>,
    /// The analyses held so far: grouping reads sentences only (split in
    /// the job for the articles not analysed yet); the claims that follow
    /// the grouping need every article analysed, and wait for a job that
    /// has them (those dropped from memory are read back from the cache).
    pub analyses: Vec<Option<Arc<Analysis>>>,
    /// Whether every article is analysed (its analysis held or cached).
    pub complete: bool,
    /// The stories before (a regrouping after live articles): the new
    /// stories keep their numbers (see [`crate::desk::keep_story_numbers`]).
    pub previous: Option<Stories>,
    /// For each previous story, whether its claims are computed and still
    /// hold: a story left as it was keeps them instead of computing them again.
    pub claims_kept: Vec<bool>,
}

/// Stories grouped in the background.
pub struct StoriesDone {
    /// The job's id.
    pub id: u64,
    pub stories: Stories,
    /// The IDF over the job's articles, computed beside them.
    pub idf: Arc<crate::compare::idf::Idf<'static>>,
    /// The stories left as they were, whose claims the App keeps (the
    /// worker does not compute them again).
    pub unchanged: Vec<usize>,
    /// Whether the job had every article's analysis (then the claims of
    /// every story follow); grouped before the analysis ended, it had not.
    pub complete: bool,
    /// The stories whose claims the worker computes next (the largest
    /// ones, up to [`crate::tui::BACKGROUND_CLAIMS`]).
    pub coming: Vec<usize>,
}

/// The background threads the dashboard hands work to.
pub struct Workers {
    pub analysis: AnalysisQueue,
    pub stories: Sender<StoriesJob>,
    /// Where jobs started by the UI (preparing a view) report back.
    pub events: Sender<AppEvent>,
}

/// Something that happened outside the UI thread.
pub enum AppEvent {
    Input(TermEvent),
    Load(LoadEvent),
    LoadFinished,
    /// What a watched folder brought: new articles, new versions of loaded
    /// ones (their file changed), warnings.
    Live(LoadEvent),
    /// Watching started on these folders and files, or could not start.
    Watching(Result<Vec<std::path::PathBuf>, String>),
    /// A poll of a configured feed.
    Feed(crate::fetch::PollReport),
    Search(SearchResult),
    /// An article analysed: its index, the version analysed, the analysis.
    Analyzed(usize, Arc<Article>, Arc<Analysis>),
    /// The stories, and the corpus IDF computed beside them.
    Stories(StoriesDone),
    /// Claims of some stories (by the id of the job that grouped them),
    /// computed in the background after grouping.
    Claims(u64, Vec<(usize, Arc<crate::compare::claims::StoryClaims>)>),
    /// The store thread saved a step (durably), or failed to: the keys, and
    /// the name of what was changed.
    StoreSaved(Vec<String>, String, Result<Vec<Entry>, String>),
    /// The store thread undid (false) or redid (true) a step.
    StoreStepped(bool, Result<Vec<Entry>, String>),
    /// Entries read from the store (at start, on refresh).
    StoreEntries(Vec<Entry>),
    /// Something about the store the editor should know.
    StoreMessage(String, bool),
    /// The store moved this many verdicts onto edited or renamed articles.
    Reconciled(usize),
    /// What a view asked for was computed off the UI thread (see
    /// [`crate::desk::PrepJob`]), or could not be.
    Prepared(Open, Result<crate::desk::Prepared, String>),
}

/// Work for the store thread, which owns the review store.
#[derive(Debug)]
pub enum StoreCommand {
    /// Save these changes as one step of the session; the name of what they change.
    Step(Vec<Change>, String, String),
    Undo(String),
    Redo(String),
    Refresh,
    Reconcile(Vec<Arc<Article>>),
}

/// A line of text being typed: a note, or a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputPurpose {
    Note(Target),
    Command,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputLine {
    pub purpose: InputPurpose,
    pub text: String,
}

pub struct App {
    pub desk: Desk,
    pub keymap: Keymap,
    pub theme: Theme,
    pub review: ReviewState,
    stack: Vec<Box<dyn Screen>>,
    pub message: Option<Message>,
    pub input: Option<InputLine>,
    pub effects: Vec<Effect>,
    pub should_quit: bool,
    /// Entity types whose highlighting is off, by `Group::ALL` index.
    pub hidden_groups: [bool; 7],
    workers: Option<Workers>,
    search_jobs: Option<SearchLink>,
    /// The stories job running, if one is.
    stories_job: Option<u64>,
    /// The id the next stories job gets.
    next_job: u64,
    /// The job whose stories are on the desk (its claims are taken).
    applied_job: Option<u64>,
    /// Articles changed live since the last stories job was sent.
    changed_since_job: bool,
    /// Articles replaced live, with the id of the first job that saw the
    /// new version: claims from older jobs are of the old text.
    replaced_at: std::collections::HashMap<usize, u64>,
    /// The folders and files being watched.
    pub watching: Vec<std::path::PathBuf>,
    /// A story view asked for while the stories thread compares its
    /// claims: opened when they arrive (any key drops it).
    pending_open: Option<Open>,
    /// What the status line said about the last live change.
    live_message: Option<String>,
    /// The views closed by the last live change (their text was replaced).
    closed_views: Vec<&'static str>,
    /// Files the dashboard wrote itself (reports): never loaded as new
    /// reports when they land in a watched folder.
    written: std::collections::HashSet<std::path::PathBuf>,
    /// True while a report is written on a thread of its own.
    pub reporting: Arc<std::sync::atomic::AtomicBool>,
    /// The view that was pending when the key being handled came: asked
    /// again, it is computed here rather than waited for.
    asked_again: Option<Open>,
    /// The view whose embeddings or claims a background job computes.
    preparing: Option<Open>,
    /// The stories whose claims the stories thread is about to send.
    claims_coming: std::collections::HashSet<usize>,
    /// Whether the stories were grouped with every analysis done (their
    /// claims then follow in the background).
    stories_complete: bool,
    /// The store, when the App owns it directly (tests, scripts).
    local_review: Option<Review>,
    /// The store thread, when the dashboard runs one.
    store_tx: Option<Sender<StoreCommand>>,
    /// Claims computed in the background so far, of how many stories.
    pub claims_progress: (usize, usize),
}

/// What a screen may read, borrowed field by field so that the screen
/// stack stays free to be borrowed mutably beside it.
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            desk: &$app.desk,
            theme: &$app.theme,
            keymap: &$app.keymap,
            review: &$app.review,
            hidden: $app.hidden_groups,
            analysed: $app.desk.analysed_count(),
            search: $app.search_jobs.as_ref(),
        }
    };
}

impl App {
    pub fn new(desk: Desk, keymap: Keymap, theme: Theme) -> App {
        let editor = crate::workflow::editor_name(None);
        let mut app = App {
            desk,
            keymap,
            theme,
            review: ReviewState::new(&editor),
            stack: Vec::new(),
            message: None,
            input: None,
            effects: Vec::new(),
            should_quit: false,
            hidden_groups: [false; 7],
            workers: None,
            search_jobs: None,
            stories_job: None,
            next_job: 0,
            applied_job: None,
            changed_since_job: false,
            replaced_at: Default::default(),
            watching: Vec::new(),
            pending_open: None,
            closed_views: Vec::new(),
            written: Default::default(),
            reporting: Default::default(),
            live_message: None,
            asked_again: None,
            preparing: None,
            claims_coming: Default::default(),
            stories_complete: false,
            local_review: None,
            store_tx: None,
            claims_progress: (0, 0),
        };
        app.desk.set_resident_budget(super::RESIDENT_ANALYSES);
        let browse = screens::browse::BrowseScreen::new(&app.ctx());
        app.stack.push(Box::new(browse));
        app
    }

    /// What screens read.
    pub fn ctx(&self) -> Ctx<'_> {
        ctx!(self)
    }

    /// The screen on top.
    pub fn top(&self) -> &dyn Screen {
        self.stack
            .last()
            .expect("the list is never popped")
            .as_ref()
    }

    /// The screen on top as a concrete type, if it is one.
    pub fn top_as<T: 'static>(&self) -> Option<&T> {
        self.top().as_any().downcast_ref::<T>()
    }

    /// The screen at the bottom: the article list.
    pub fn browse(&self) -> &screens::browse::BrowseScreen {
        self.stack[0]
            .as_any()
            .downcast_ref()
            .expect("the list is at the bottom")
    }

    /// How many screens are stacked (1: the list alone).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The names of the stacked screens, bottom first.
    pub fn stack_names(&self) -> Vec<&'static str> {
        self.stack.iter().map(|s| s.name()).collect()
    }

    /// Uses a review store directly (saves on the UI thread; for tests and
    /// small tools).
    pub fn set_review(&mut self, review: Review) {
        self.review.verdicts = review.entries.clone();
        self.review.read_only = review.read_only.clone();
        self.review.path = Some(review.path().to_path_buf());
        self.review.editor = review.editor().to_string();
        self.review.session = super::review::new_session_id(review.editor());
        self.local_review = Some(review);
        self.notify(&Event::VerdictsChanged);
    }

    /// Hands saving to the store thread.
    pub fn set_store_thread(
        &mut self,
        tx: Sender<StoreCommand>,
        path: std::path::PathBuf,
        read_only: Option<String>,
    ) {
        self.store_tx = Some(tx);
        self.review.path = Some(path);
        self.review.read_only = read_only;
    }

    /// The store thread's channel, for the event loop.
    pub fn store_sender(&self) -> Option<Sender<StoreCommand>> {
        self.store_tx.clone()
    }

    /// Where a job run on a thread of its own reports back; `None` without
    /// background threads (tests, scripts): the work is done in place.
    pub fn background_events(&self) -> Option<Sender<AppEvent>> {
        self.workers.as_ref().map(|w| w.events.clone())
    }

    /// Hands analysis and story grouping to background threads; queues
    /// every article loaded so far that is not analysed yet.
    pub fn set_workers(&mut self, workers: Workers) {
        for (i, a) in self.desk.articles.iter().enumerate() {
            if !self.desk.is_analysed(i) {
                workers.analysis.push(i, a.clone());
            }
        }
        self.workers = Some(workers);
        self.prioritize();
    }

    /// Hands large searches to a background thread instead of the UI thread.
    pub fn set_search_worker(&mut self, jobs: Sender<SearchMsg>) {
        self.search_jobs = Some(SearchLink::new(jobs));
        self.sync_search();
    }

    /// Gives the search thread the articles that arrived or changed.
    fn sync_search(&self) {
        if let Some(link) = &self.search_jobs {
            link.sync(&self.desk.articles, &self.desk.replaced);
        }
    }

    /// How many articles are analysed.
    pub fn analysed_count(&self) -> usize {
        self.desk.analysed_count()
    }

    /// What a verdict or note would apply to now.
    pub fn target(&self) -> Option<Target> {
        self.top().target(&self.ctx())
    }

    /// The entry of an item, when it has a verdict or a note.
    pub fn verdict_of(&self, item: &crate::workflow::ReviewItem) -> Option<&Entry> {
        self.review.entry(&item.key)
    }

    /// The context keys are interpreted in now.
    pub fn context(&self) -> Context {
        if self.input.is_some() {
            Context::Input
        } else {
            self.top().context()
        }
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            warning: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            warning: true,
        });
    }

    /// Tells every screen about something.
    fn notify(&mut self, event: &Event) {
        let ctx = ctx!(self);
        for s in &mut self.stack {
            s.on_event(event, &ctx);
        }
    }

    /// Moves the article the editor looks at to the front of the analysis queue.
    fn prioritize(&self) {
        if let (Some(w), Some(a)) = (&self.workers, self.top().article()) {
            self.bring_forward(w, a);
        }
    }

    /// Moves an article to the front of the analysis queue; one analysed
    /// whose analysis was dropped from memory is queued there, to be read
    /// back from the analysis cache.
    fn bring_forward(&self, w: &Workers, i: usize) {
        match self.desk.articles.get(i) {
            Some(article) if self.desk.is_analysed(i) && !self.desk.is_held(i) => {
                w.analysis.bring_forward(i, article.clone())
            }
            _ => w.analysis.prioritize(i),
        }
    }

    /// Opens a screen on top of the stack (or says why it cannot).
    pub fn open(&mut self, open: Open) {
        let on_stories = matches!(
            open,
            Open::Compare { .. } | Open::Story(_) | Open::Claims(_) | Open::Quotes(_)
        );
        let waiting = self.unanalysed_for(&open);
        if on_stories && !waiting.is_empty() && self.desk.stories.is_some() {
            // the story views read their reports' analyses; never analyse
            // here: those reports go first in the queue, the view opens
            // when they are done
            if let Some(w) = &self.workers {
                for &i in waiting.iter().rev() {
                    self.bring_forward(w, i);
                }
            }
            let n = waiting.len();
            self.say(format!(
                "{n} report{} of this story {} being analysed first: the view opens when {} ready",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
                if n == 1 { "it is" } else { "they are" },
            ));
            self.pending_open = Some(open);
            return;
        }
        if let Open::Story(st) | Open::Claims(st) | Open::Quotes(st) = open
            && self.claims_coming(st)
            && self.asked_again.as_ref() != Some(&open)
        {
            // the stories thread is comparing them: never here, on the UI thread
            self.say(format!(
                "comparing the claims of s{}… (the view opens when they are ready)",
                st + 1
            ));
            self.pending_open = Some(open);
            return;
        }
        if on_stories && self.prepare_elsewhere(&open) {
            return;
        }
        let prepared = match screens::prepare(&open, &mut self.desk) {
            Ok(p) => p,
            Err(why) => {
                self.say(why);
                return;
            }
        };
        let ctx = self.ctx();
        let mut screen = screens::build(open, prepared, &ctx);
        let mut out = Out::default();
        screen.opened(&ctx, &mut out);
        self.stack.push(screen);
        self.absorb(out);
    }

    /// Starts computing off the UI thread what `open` needs (sentence
    /// embeddings, a story's claims) when it is not there yet; the view
    /// opens when it is ([`AppEvent::Prepared`]). True when the view waits.
    fn prepare_elsewhere(&mut self, open: &Open) -> bool {
        let Some(events) = self.background_events() else {
            return false; // no background threads (tests, scripts): here
        };
        let story_of =
            |d: &Desk, a: usize| d.stories.as_ref().and_then(|s| s.story_of.get(a).copied());
        let (story, pair) = match *open {
            Open::Compare { left, right, .. } => {
                let (l, r) = (story_of(&self.desk, left), story_of(&self.desk, right));
                (l.filter(|_| l == r), Some((left, right)))
            }
            Open::Story(s) | Open::Claims(s) | Open::Quotes(s) => (Some(s), None),
            _ => (None, None),
        };
        let Some(job) = self.desk.prep_job(story, pair) else {
            return false;
        };
        if self.preparing.as_ref() == Some(open) {
            self.pending_open = Some(open.clone());
            self.say("still preparing the view… (it opens when ready)".to_string());
            return true;
        }
        self.say(format!("{}… (the view opens when ready)", job.describe()));
        self.preparing = Some(open.clone());
        self.pending_open = Some(open.clone());
        let open = open.clone();
        let spawned = std::thread::Builder::new()
            .name("newsdesk-prepare".into())
            .spawn(move || {
                let result = crate::guard::catch("preparing the view", || job.run());
                let _ = events.send(AppEvent::Prepared(open, result));
            });
        if let Err(e) = spawned {
            self.preparing = None;
            self.pending_open = None;
            self.warn(format!("could not start a background job: {e}"));
        }
        true
    }

    fn absorb(&mut self, out: Out) {
        if let Some(m) = out.message {
            self.message = Some(m);
        }
        self.effects.extend(out.effects);
    }

    /// Carries out what a screen asked of the stack.
    fn apply(&mut self, t: Transition) {
        match t {
            Transition::Stay | Transition::Ignored => {}
            Transition::Push(open) => self.open(open),
            Transition::Replace(open) => {
                if self.stack.len() > 1 {
                    let old = self.stack.pop().expect("more than one");
                    let before = self.stack.len();
                    self.open(open);
                    if self.stack.len() == before {
                        // could not open the replacement: keep the old one
                        self.stack.push(old);
                    }
                } else {
                    self.open(open);
                }
            }
            Transition::Pop => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
            }
            Transition::PopWith(reply) => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                let ctx = ctx!(self);
                let mut out = Out::default();
                let next = self
                    .stack
                    .last_mut()
                    .expect("the list")
                    .on_reply(reply, &ctx, &mut out);
                self.absorb(out);
                self.apply(next);
            }
            Transition::Quit => self.should_quit = true,
        }
    }

    /// Interprets a key in the current context.
    pub fn handle_key(&mut self, key: Key) {
        self.asked_again = self.pending_open.take();
        self.handle_key_inner(key);
        self.asked_again = None;
    }

    fn handle_key_inner(&mut self, key: Key) {
        let ctx = self.context();
        if let Some(action) = self.keymap.lookup(ctx, key) {
            self.update(action);
            return;
        }
        if ctx == Context::Input {
            self.edit_input(key);
            return;
        }
        self.message = None;
        let c = ctx!(self);
        let mut out = Out::default();
        let t = self
            .stack
            .last_mut()
            .expect("the list")
            .input(key, &c, &mut out);
        self.absorb(out);
        self.apply(t);
        self.prioritize();
    }

    fn edit_input(&mut self, key: Key) {
        let Some(input) = &mut self.input else { return };
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

    /// Carries out an action: the screen on top first, then the App.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        if self.input.is_some() {
            match action {
                Action::Submit => {
                    if let Some(input) = self.input.take() {
                        match input.purpose {
                            InputPurpose::Note(target) => self.save(target, None, Some(input.text)),
                            InputPurpose::Command => self.run_command(&input.text),
                        }
                    }
                }
                Action::Cancel => self.input = None,
                _ => {}
            }
            return;
        }
        let ctx = ctx!(self);
        let mut out = Out::default();
        let t = self
            .stack
            .last_mut()
            .expect("the list")
            .update(action, &ctx, &mut out);
        self.absorb(out);
        if t == Transition::Ignored {
            self.global(action);
        } else {
            self.apply(t);
        }
        self.prioritize();
    }

    /// The actions that work the same on every screen.
    fn global(&mut self, action: Action) {
        match action {
            Action::Quit => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                } else {
                    self.should_quit = true;
                }
            }
            Action::QuitNow => self.should_quit = true,
            Action::Back if self.stack.len() > 1 => {
                self.stack.pop();
            }
            Action::ToggleHelp => {
                let ctx = self.ctx();
                let top = self.top();
                let open = Open::Help {
                    title: top.name().to_string(),
                    context: top.context(),
                    commands: top.commands(&ctx),
                };
                self.open(open);
            }
            Action::ToggleLog => self.open(Open::Log),
            Action::OpenStories => self.open(Open::Stories),
            Action::Verified => self.set_verdict(Verdict::Verified),
            Action::Disputed => self.set_verdict(Verdict::Disputed),
            Action::MarkFalse => self.set_verdict(Verdict::False),
            Action::NeedsSource => self.set_verdict(Verdict::NeedsSource),
            Action::Unchecked => self.set_verdict(Verdict::Unchecked),
            Action::EditNote | Action::EditNoteExternal => match self.target() {
                Some(target) => {
                    let text = self
                        .review
                        .entry(&target.items[0].key)
                        .map(|e| e.note.clone())
                        .unwrap_or_default();
                    if action == Action::EditNote {
                        self.input = Some(InputLine {
                            purpose: InputPurpose::Note(target),
                            text,
                        });
                    } else {
                        self.effects.push(Effect::EditNote(target, text));
                    }
                }
                None => self.say(self.nothing_here("a note")),
            },
            Action::Undo => self.step(false),
            Action::Redo => self.step(true),
            Action::RefreshStore => {
                if let Some(review) = &mut self.local_review {
                    let _ = review.refresh();
                    self.review.verdicts = review.entries.clone();
                    self.notify(&Event::VerdictsChanged);
                } else if let Some(tx) = &self.store_tx {
                    let _ = tx.send(StoreCommand::Refresh);
                }
                self.say("verdicts reloaded from the store");
            }
            Action::CommandLine => {
                self.input = Some(InputLine {
                    purpose: InputPurpose::Command,
                    text: String::new(),
                })
            }
            Action::Copy => self.copy(),
            Action::OpenUrl => {
                let url = self
                    .top()
                    .article()
                    .and_then(|a| self.desk.articles[a].url.clone());
                match url {
                    Some(url) => match crate::sanitize::safe_url(&url) {
                        Ok(url) => {
                            self.say(format!("opening {url}"));
                            self.effects.push(Effect::OpenUrl(url.to_string()));
                        }
                        Err(why) => self.say(format!("not opened: {why}")),
                    },
                    None => self.say("this article has no URL"),
                }
            }
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
            Action::OpenCompare | Action::OpenStory | Action::OpenClaims | Action::OpenQuotes => {
                match self.top().article() {
                    Some(a) => {
                        let ctx = self.ctx();
                        let mut out = Out::default();
                        let t = screens::open_for_article(action, &ctx, a, None, &mut out);
                        self.absorb(out);
                        self.apply(t);
                    }
                    None => self.say("not from here"),
                }
            }
            Action::StartFilter => {
                self.say("the filter is on the article list (Esc goes back to it)")
            }
            _ => {}
        }
    }

    /// Why there is no target here.
    fn nothing_here(&self, what: &str) -> String {
        match self.top().context() {
            Context::Reader => format!("put the cursor on a sentence (j) to give it {what}"),
            Context::Entities => {
                format!("entities take no verdict; {what} goes on a sentence, a claim or a quote")
            }
            _ => format!("nothing here takes {what}"),
        }
    }

    fn set_verdict(&mut self, verdict: Verdict) {
        match self.target() {
            Some(target) => self.save(target, Some(verdict), None),
            None => self.say(self.nothing_here("a verdict")),
        }
    }

    /// Saves a verdict or note change on a target, as one step.
    pub fn save(&mut self, target: Target, verdict: Option<Verdict>, note: Option<String>) {
        if let Some(why) = &self.review.read_only {
            self.warn(format!("read-only, not saved: {why}"));
            return;
        }
        let changes: Vec<Change> = target
            .items
            .iter()
            .map(|item| {
                let mut c =
                    Change::new(item.key.clone(), item.article_id.clone(), item.text.clone());
                if let Some(v) = verdict {
                    c = c.verdict(v);
                }
                if let Some(n) = &note {
                    c = c.note(n.clone());
                }
                c
            })
            .collect();
        for item in &target.items {
            self.review
                .labels
                .insert(item.key.as_str().to_string(), target.label.clone());
        }
        let what = saved_text(verdict, note.as_deref(), &target.label);
        let keys: Vec<String> = target
            .items
            .iter()
            .map(|i| i.key.as_str().to_string())
            .collect();
        if let Some(review) = &mut self.local_review {
            match review.set_step(changes, &self.review.session) {
                Ok(entries) => {
                    self.review.absorb(&entries);
                    self.say(what);
                    self.notify(&Event::VerdictsChanged);
                }
                Err(e) => self.warn(format!("not saved: {e}")),
            }
        } else if let Some(tx) = &self.store_tx {
            for k in &keys {
                self.review.pending.insert(k.clone());
            }
            if tx
                .send(StoreCommand::Step(
                    changes,
                    self.review.session.clone(),
                    what,
                ))
                .is_err()
            {
                for k in &keys {
                    self.review.pending.remove(k);
                }
                self.warn("not saved: the store thread stopped");
            } else {
                self.say("saving…");
            }
        } else {
            self.warn("no review store open");
        }
    }

    /// Saves a note typed elsewhere (in $EDITOR).
    pub fn save_note(&mut self, target: Target, note: String) {
        self.save(target, None, Some(note));
    }

    /// Undoes (or redoes) this session's last step.
    fn step(&mut self, redo: bool) {
        let session = self.review.session.clone();
        if let Some(review) = &mut self.local_review {
            let result = if redo {
                review.redo_step(&session)
            } else {
                review.undo_step(&session)
            };
            let result = result.map_err(|e| e.to_string());
            self.stepped(redo, result);
        } else if let Some(tx) = &self.store_tx {
            let _ = tx.send(if redo {
                StoreCommand::Redo(session)
            } else {
                StoreCommand::Undo(session)
            });
        } else {
            self.warn("no review store open");
        }
    }

    /// An undo or redo came back: say what it changed.
    fn stepped(&mut self, redo: bool, result: Result<Vec<Entry>, String>) {
        let verb = if redo { "redo" } else { "undo" };
        match result {
            Ok(entries) if entries.is_empty() => self.say(if redo {
                "nothing to redo"
            } else {
                "nothing to undo in this session"
            }),
            Ok(entries) => {
                self.review.absorb(&entries);
                let mut names: Vec<String> = Vec::new();
                for e in &entries {
                    let l = self.review.label_of(e);
                    if !names.contains(&l) {
                        names.push(l);
                    }
                }
                let e = &entries[0];
                let state = format!(
                    "{}{}",
                    e.verdict.label(),
                    if e.note.is_empty() {
                        ", no note"
                    } else {
                        ", with a note"
                    }
                );
                let done = if redo { "redone" } else { "undone" };
                self.say(format!("{done}: {} — now {state}", names.join(", ")));
                self.notify(&Event::VerdictsChanged);
            }
            Err(e) => self.warn(format!("{verb} failed: {e}")),
        }
    }

    fn copy(&mut self) {
        let text = match self.target() {
            Some(t) => {
                let item = &t.items[0];
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
                format!("“{}” — {source}", crate::speakers::unquoted(&item.text))
            }
            None => String::new(),
        };
        if text.is_empty() {
            self.say("nothing here to copy");
        } else {
            self.effects
                .push(Effect::Copy(crate::sanitize::for_clipboard(&text)));
            self.say("copied to the clipboard (OSC 52)");
        }
    }

    /// Drops the oldest analyses held beyond the desk's budget (see
    /// [`crate::desk::Desk::evict`]), except those an open view reads (the
    /// article under its cursor, the reports it shows) and those of a view
    /// waiting to open.
    pub fn evict(&mut self) {
        if !self.desk.over_budget() {
            return;
        }
        let mut keep: std::collections::HashSet<usize> = self
            .pending_open
            .as_ref()
            .map(|open| self.needed_for(open))
            .unwrap_or_default()
            .into_iter()
            .collect();
        // (a story view shows its reports: see shows_article below)
        keep.extend(self.stack.iter().filter_map(|s| s.article()));
        let stack = &self.stack;
        let dropped = self
            .desk
            .evict(|i| keep.contains(&i) || stack.iter().any(|s| s.shows_article(i)));
        if dropped > 0 {
            tracing::debug!(
                dropped,
                held = self.desk.resident(),
                "analyses dropped from memory"
            );
        }
    }

    /// The story the editor is on: the top screen's, else the nearest below.
    pub fn current_story(&self) -> Option<usize> {
        let ctx = self.ctx();
        self.stack.iter().rev().find_map(|s| s.story(&ctx))
    }

    /// Runs a command typed after ':'.
    fn run_command(&mut self, text: &str) {
        let mut parts = text.split_whitespace();
        match parts.next() {
            Some("report") => {
                let mut path = None;
                let mut stories: Option<Vec<usize>> = None;
                let mut all = false;
                let args: Vec<&str> = parts.collect();
                let mut i = 0;
                while i < args.len() {
                    match args[i] {
                        "--all" => all = true,
                        "--story" => {
                            i += 1;
                            let Some(id) = args.get(i) else {
                                self.warn("--story needs a story (s3)");
                                return;
                            };
                            match parse_story(id, &self.desk) {
                                Some(s) => stories.get_or_insert_with(Vec::new).push(s),
                                None => {
                                    self.warn(format!(
                                        "no story {id} (stories are s1, s2…; see t)"
                                    ));
                                    return;
                                }
                            }
                        }
                        other => path = Some(std::path::PathBuf::from(other)),
                    }
                    i += 1;
                }
                if self.desk.stories.is_none() {
                    self.say("the report waits for the stories to be grouped…");
                    return;
                }
                if self.unanalysed() > 0 {
                    self.say("the report waits for the new reports to be analysed…");
                    return;
                }
                let stories = if all {
                    None
                } else {
                    stories.or_else(|| self.current_story().map(|s| vec![s]))
                };
                self.effects.push(Effect::WriteReport { path, stories });
            }
            Some("refresh") => self.update(Action::RefreshStore),
            Some("undo") => self.step(false),
            Some("redo") => self.step(true),
            Some("q" | "quit") => self.should_quit = true,
            Some("store") => {
                let text = match (&self.review.path, &self.review.read_only) {
                    (Some(p), None) => format!("review store: {}", p.display()),
                    (Some(p), Some(why)) => {
                        format!("review store (read-only): {} — {why}", p.display())
                    }
                    _ => "no review store".into(),
                };
                self.say(text);
            }
            Some("help") | None => self.say(
                "commands: report [FILE] [--story sN | --all], refresh, undo, redo, store, quit",
            ),
            Some(other) => self.warn(format!("unknown command {other:?} (try :help)")),
        }
    }

    /// Applies one outside event; returns true when the screen must be redrawn.
    pub fn handle_event(&mut self, event: AppEvent) -> bool {
        match event {
            AppEvent::Input(TermEvent::Key(k)) if k.kind != KeyEventKind::Release => {
                self.handle_key(Key::from_event(&k));
                self.mark_opened();
                true
            }
            AppEvent::Input(TermEvent::Mouse(m)) => {
                self.pending_open = None;
                let ctx = ctx!(self);
                let handled = self.stack.last_mut().expect("the list").mouse(m, &ctx);
                if handled {
                    self.prioritize();
                    self.mark_opened();
                    return true;
                }
                match m.kind {
                    MouseEventKind::ScrollDown => self.update(Action::Down),
                    MouseEventKind::ScrollUp => self.update(Action::Up),
                    _ => return false,
                }
                true
            }
            AppEvent::Input(TermEvent::Resize(..)) => true,
            AppEvent::Input(_) => false,
            AppEvent::Load(event) => {
                let before = self.desk.articles.len();
                let added = self.desk.apply(event);
                self.sync_search();
                if added > 0 {
                    if let Some(w) = &self.workers {
                        for i in before..before + added {
                            w.analysis.push(i, self.desk.articles[i].clone());
                        }
                    }
                    self.notify(&Event::ArticlesAdded(before..before + added));
                    self.prioritize();
                }
                true
            }
            AppEvent::LoadFinished => {
                self.desk.finish_loading();
                if let Some(link) = &self.search_jobs {
                    link.load_finished(&self.desk.articles, &self.desk.replaced);
                }
                // the analysis workers stay for articles arriving live; the
                // event loop closes their queue on quit
                self.maybe_request_stories();
                true
            }
            AppEvent::Live(event) => self.apply_live(event),
            AppEvent::Watching(Ok(paths)) => {
                if !paths.is_empty() {
                    tracing::info!(?paths, "watching");
                    if self.message.is_none() {
                        let what = match paths.as_slice() {
                            [one] => one.display().to_string(),
                            many => format!("{} folders and files", many.len()),
                        };
                        self.say(format!("watching {what} for new and changed reports"));
                    }
                }
                self.watching = paths;
                true
            }
            AppEvent::Watching(Err(why)) => {
                tracing::warn!("not watching: {why}");
                self.desk.warnings.push(crate::corpus::LoadWarning {
                    path: self
                        .watching
                        .first()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    line: None,
                    message: format!("new files are not picked up: {why}"),
                });
                self.warn(format!("not watching for new reports: {why}"));
                true
            }
            AppEvent::Feed(report) => match report {
                crate::fetch::PollReport::Failed(url, why) => {
                    tracing::warn!("feed {url}: {why}");
                    self.desk.warnings.push(crate::corpus::LoadWarning {
                        path: url.clone(),
                        line: None,
                        message: format!("feed not polled: {why}"),
                    });
                    self.warn(format!("feed {url}: {why}"));
                    true
                }
                other => {
                    tracing::info!("feed poll: {other:?}");
                    false
                }
            },
            AppEvent::Analyzed(i, article, analysis) => {
                // an analysis of a version replaced meanwhile is dropped: the
                // new version is queued
                if !self
                    .desk
                    .articles
                    .get(i)
                    .is_some_and(|a| Arc::ptr_eq(a, &article))
                {
                    return false;
                }
                self.desk
                    .analyses
                    .resize(self.desk.articles.len().max(i + 1), None);
                self.desk.set_analysis(i, analysis);
                self.evict();
                self.notify(&Event::Analysed(i));
                self.maybe_request_stories();
                self.open_pending_analysed();
                self.top().article() == Some(i)
                    || self.desk.fresh.contains_key(&i)
                    || self.desk.analysed_count().is_multiple_of(64)
                    || self.desk.analysed_count() == self.desk.articles.len()
            }
            AppEvent::Stories(done) => {
                self.stories_taken(done);
                true
            }
            AppEvent::Claims(job, batch) => {
                if self.applied_job != Some(job) {
                    return false;
                }
                let n = self.desk.stories.as_ref().map_or(0, |s| s.stories.len());
                if self.desk.story_claims.len() != n {
                    self.desk.story_claims.resize(n, None);
                }
                for (s, c) in batch {
                    // claims over a text replaced since the job was sent are stale
                    let stale = self.desk.stories.as_ref().is_some_and(|st| {
                        st.stories.get(s).is_some_and(|story| {
                            story
                                .compared()
                                .any(|m| self.replaced_at.get(&m).is_some_and(|&seen| job < seen))
                        })
                    });
                    if stale {
                        continue;
                    }
                    if let Some(slot) = self.desk.story_claims.get_mut(s)
                        && slot.is_none()
                    {
                        *slot = Some(c);
                        self.claims_progress.0 += 1;
                        self.desk.claims_to_come = self.desk.claims_to_come.saturating_sub(1);
                    }
                }
                self.notify(&Event::ClaimsReady);
                self.open_pending();
                true
            }
            AppEvent::StoreSaved(keys, what, result) => {
                for k in &keys {
                    self.review.pending.remove(k);
                }
                match result {
                    Ok(entries) => {
                        self.review.absorb(&entries);
                        self.say(what);
                    }
                    Err(err) => self.warn(format!("not saved: {err}")),
                }
                self.notify(&Event::VerdictsChanged);
                true
            }
            AppEvent::StoreStepped(redo, result) => {
                self.stepped(redo, result);
                true
            }
            AppEvent::StoreEntries(entries) => {
                self.review.absorb(&entries);
                self.notify(&Event::VerdictsChanged);
                true
            }
            AppEvent::Prepared(open, result) => {
                if self.preparing.as_ref() == Some(&open) {
                    self.preparing = None;
                }
                match result {
                    Err(why) => {
                        if self.pending_open.as_ref() == Some(&open) {
                            self.pending_open = None;
                        }
                        self.warn(format!("the view could not be prepared: {why}"));
                    }
                    Ok(prepared) => {
                        self.desk.take_prepared(prepared);
                        if self.pending_open.as_ref() == Some(&open) {
                            self.pending_open = None;
                            self.message = None;
                            self.open(open);
                        }
                    }
                }
                true
            }
            AppEvent::Reconciled(n) => {
                let verdicts = if n == 1 { "verdict" } else { "verdicts" };
                match self.message.take() {
                    // the live change that caused it: said together
                    Some(m) if !m.warning && Some(&m.text) == self.live_message.as_ref() => {
                        self.say(format!("{}; {n} {verdicts} followed the new text", m.text))
                    }
                    _ => self.say(format!(
                        "{n} {verdicts} followed edited or renamed articles"
                    )),
                }
                true
            }
            AppEvent::StoreMessage(text, warning) => {
                self.message = Some(Message { text, warning });
                true
            }
            AppEvent::Search(result) => {
                self.notify(&Event::Search(&result));
                true
            }
        }
    }

    /// Once every article is loaded, groups them into stories on the
    /// background thread; again once every article is analysed (for the
    /// claims), and after articles arrived or changed live, one job at a time.
    fn maybe_request_stories(&mut self) {
        let all_analysed = self.desk.analysed_count() >= self.desk.articles.len();
        // grouping reads sentences only: the first one starts as soon as
        // the load ends; once every article is analysed, another brings
        // the claims of every story
        let wanted = self.desk.stories.is_none()
            || self.changed_since_job
            || (all_analysed && !self.stories_complete);
        if self.stories_job.is_some() || self.desk.is_loading() || !wanted {
            return;
        }
        let Some(w) = &self.workers else { return };
        let mut analyses = self.desk.analyses.clone();
        analyses.resize(self.desk.articles.len(), None);
        let id = self.next_job;
        let previous = self.desk.stories.clone();
        let claims_kept = match &previous {
            Some(st) => (0..st.stories.len())
                .map(|s| self.desk.story_claims.get(s).is_some_and(|c| c.is_some()))
                .collect(),
            None => Vec::new(),
        };
        let job = StoriesJob {
            id,
            articles: self.desk.articles.clone(),
            analyses,
            complete: self.desk.analysed_count() == self.desk.articles.len(),
            previous,
            claims_kept,
        };
        if w.stories.send(job).is_ok() {
            self.next_job += 1;
            self.stories_job = Some(id);
            self.changed_since_job = false;
        }
    }

    /// Takes the stories a job grouped: the claims of the stories left as
    /// they were are kept, the others are computed again in the background
    /// (the Claims events that follow); articles that arrived meanwhile are
    /// placed provisionally and another job follows once they are analysed.
    fn stories_taken(&mut self, done: StoriesDone) {
        if self.stories_job == Some(done.id) {
            self.stories_job = None;
        }
        self.stories_complete = done.complete;
        let regrouped = self.desk.stories.is_some();
        let old_stories = self.desk.stories.take();
        let old_claims = std::mem::take(&mut self.desk.story_claims);
        self.desk.set_idf(done.stories.story_of.len(), done.idf);
        let multi = done
            .stories
            .stories
            .iter()
            .filter(|s| s.articles.len() > 1)
            .count();
        let covered = done.stories.story_of.len();
        let kept_claims: Vec<Option<Arc<crate::compare::claims::StoryClaims>>> = done
            .stories
            .stories
            .iter()
            .enumerate()
            .map(|(j, story)| {
                if !done.unchanged.contains(&j) {
                    return None;
                }
                let old = old_stories.as_ref()?.stories.get(j)?;
                if !crate::desk::same_story(old, story) {
                    return None;
                }
                old_claims.get(j).cloned().flatten()
            })
            .collect();
        let kept_multi = kept_claims
            .iter()
            .zip(&done.stories.stories)
            .filter(|(c, s)| c.is_some() && s.articles.len() > 1)
            .count();
        self.desk.set_stories(done.stories);
        self.desk.stories_stale = self.changed_since_job || covered < self.desk.articles.len();
        let n = self.desk.stories.as_ref().map_or(0, |s| s.stories.len());
        self.desk.story_claims = kept_claims;
        self.desk.story_claims.resize(n, None);
        self.applied_job = Some(done.id);
        self.replaced_at.retain(|_, seen| *seen > done.id);
        // claims follow only a grouping with every analysis done, and only
        // for the stories the worker said
        self.claims_progress = (kept_multi, kept_multi + done.coming.len());
        self.claims_coming = done.coming.into_iter().collect();
        self.desk.claims_to_come = self.claims_progress.1 - self.claims_progress.0;
        // a message about waiting for the stories is stale now
        if self
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("stories") && m.text.contains('…'))
        {
            self.say(format!(
                "{n} stories grouped, {multi} with several reports (t lists them)"
            ));
        }
        if regrouped {
            tracing::info!(stories = n, "stories regrouped after live articles");
        }
        self.notify(&Event::StoriesReady);
        self.open_pending();
        self.maybe_request_stories();
    }

    /// Remembers a file the dashboard wrote (a report), so that the
    /// watcher does not bring it back as an article.
    pub fn wrote(&mut self, path: &std::path::Path) {
        self.written.insert(absolute(path));
    }

    /// Applies what a watched folder brought; true when the screen changed.
    fn apply_live(&mut self, mut event: LoadEvent) -> bool {
        if !self.written.is_empty()
            && let LoadEvent::Articles(v) | LoadEvent::Changed(v) = &mut event
        {
            let written = &self.written;
            v.retain(|a| {
                !a.path
                    .as_deref()
                    .is_some_and(|p| written.contains(&absolute(p)))
            });
        }
        let change = self.desk.apply_live(event);
        self.sync_search();
        if change.added.is_empty() && change.replaced.is_empty() {
            return change.warnings > 0;
        }
        self.changed_since_job = true;
        for &i in &change.replaced {
            self.replaced_at.insert(i, self.next_job);
        }
        if let Some(w) = &self.workers {
            for &i in &change.replaced {
                w.analysis.push_replacing(i, self.desk.articles[i].clone());
            }
            for i in change.added.clone() {
                w.analysis.push(i, self.desk.articles[i].clone());
            }
            // those of the story the editor is on first (a new version joins
            // its story at once), then the article under the cursor
            if let (Some(s), Some(st)) = (self.current_story(), &self.desk.stories) {
                for i in change.replaced.iter().copied().chain(change.added.clone()) {
                    if st.story_of.get(i) == Some(&s) {
                        w.analysis.prioritize(i);
                    }
                }
            }
        }
        if !change.added.is_empty() {
            self.notify(&Event::ArticlesAdded(change.added.clone()));
        }
        self.closed_views.clear();
        if !change.replaced.is_empty() {
            self.close_screens_showing(&change.replaced);
            self.notify(&Event::ArticlesChanged(&change.replaced));
        }
        self.prioritize();
        // verdicts follow edited and renamed articles; an item whose text
        // changed is marked so
        let moved = self.reconcile();
        let added = change.added.len();
        let title = |i: usize| {
            let a = &self.desk.articles[i];
            format!(
                "“{}”{}",
                crate::tui::wrap::truncate(&a.title, 60),
                a.outlet
                    .as_deref()
                    .map(|o| format!(" ({o})"))
                    .unwrap_or_default()
            )
        };
        let mut text = match (added, change.replaced.as_slice()) {
            (1, []) => format!("new report: {}", title(change.added.start)),
            (n, []) => format!("{n} new reports"),
            (0, [i]) => format!("changed on disk: {}", title(*i)),
            (0, many) => format!("{} reports changed on disk", many.len()),
            (n, many) => format!("{n} new reports, {} changed on disk", many.len()),
        };
        if let Some(view) = self.closed_views.first() {
            text.push_str(&format!("; {view} view of the old text closed"));
        }
        tracing::info!(
            added,
            replaced = change.replaced.len(),
            since_start_ms = crate::logging::ms_since_start(),
            "live article shown"
        );
        self.live_message = Some(text.clone());
        self.say(text);
        if moved > 0 {
            self.handle_event(AppEvent::Reconciled(moved));
        }
        // an article changed under the editor's eyes (in the reader) is seen
        self.mark_opened();
        true
    }

    /// Closes the screens that show an article replaced by a new version
    /// (and those opened from them): their alignments and claims are of the
    /// old text. The list and the readers stay, showing the new text.
    fn close_screens_showing(&mut self, replaced: &[usize]) {
        let Some(first) = self
            .stack
            .iter()
            .skip(1)
            .position(|s| replaced.iter().any(|&a| s.shows_article(a)))
            .map(|p| p + 1)
        else {
            return;
        };
        let closed: Vec<&'static str> = self.stack[first..].iter().map(|s| s.name()).collect();
        self.stack.truncate(first);
        tracing::info!(?closed, "closed: an article they show changed on disk");
        self.closed_views = closed;
    }

    /// Asks the store to move verdicts of edited or renamed articles onto
    /// their new text (on the store thread; directly with a local store).
    /// Returns how many verdicts a local store moved (the store thread
    /// answers with [`AppEvent::Reconciled`]).
    fn reconcile(&mut self) -> usize {
        if let Some(review) = &mut self.local_review {
            let refs: Vec<&Article> = self.desk.articles.iter().map(|a| a.as_ref()).collect();
            match review.reconcile(&refs) {
                Ok(0) => {}
                Ok(n) => {
                    self.review.verdicts = review.entries.clone();
                    self.notify(&Event::VerdictsChanged);
                    return n;
                }
                Err(e) => self.warn(format!("store: {e}")),
            }
        } else if let Some(tx) = &self.store_tx {
            let _ = tx.send(StoreCommand::Reconcile(self.desk.articles.clone()));
        }
        0
    }

    /// Clears the new marker of the article the editor opened: the one in
    /// the reader (beside the list or full screen), compared, or under the
    /// cursor of a story screen. Moving through the list alone does not.
    fn mark_opened(&mut self) {
        if self.desk.fresh.is_empty() {
            return;
        }
        let opened = if self.stack.len() == 1 {
            let b = self.browse();
            (b.focus != screens::browse::Focus::List)
                .then(|| b.list.article())
                .flatten()
        } else {
            self.top().article()
        };
        if let Some(a) = opened {
            self.desk.mark_seen(a);
        }
    }

    /// "3 new reports", "1 new report, 1 updated": what arrived live and
    /// is not opened yet.
    pub fn fresh_summary(&self) -> Option<String> {
        let new = self
            .desk
            .fresh
            .values()
            .filter(|f| **f == crate::desk::Fresh::New)
            .count();
        let updated = self.desk.fresh.len() - new;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (new, updated) {
            (0, 0) => None,
            (n, 0) => Some(format!("{n} new report{}", plural(n))),
            (0, u) => Some(format!("{u} updated report{}", plural(u))),
            (n, u) => Some(format!("{n} new report{}, {u} updated", plural(n))),
        }
    }

    /// The articles a story view or a comparison reads that are not
    /// analysed yet (none without background workers: then the desk
    /// analyses what it needs itself).
    fn unanalysed_for(&self, open: &Open) -> Vec<usize> {
        if self.workers.is_none() {
            return Vec::new();
        }
        let mut needed = self.needed_for(open);
        needed.retain(|&i| !self.desk.is_held(i));
        needed
    }

    /// The articles whose analyses a story view or a comparison reads (a
    /// comparison of two reports of one story reads the story's claims).
    fn needed_for(&self, open: &Open) -> Vec<usize> {
        let stories = self.desk.stories.as_ref();
        let story_of = |a: usize| stories.and_then(|s| s.story_of.get(a).copied());
        let (story, mut needed) = match *open {
            Open::Compare { left, right, .. } => {
                let same = story_of(left).filter(|&s| Some(s) == story_of(right));
                (same, vec![left, right])
            }
            Open::Story(s) | Open::Claims(s) | Open::Quotes(s) => (Some(s), Vec::new()),
            _ => return Vec::new(),
        };
        if let Some(st) = story.and_then(|s| stories?.stories.get(s)) {
            needed.extend(st.compared());
        }
        needed.sort_unstable();
        needed.dedup();
        needed
    }

    /// Opens the story view asked for while its reports were analysed,
    /// once they are.
    fn open_pending_analysed(&mut self) {
        if let Some(
            open @ (Open::Compare { .. } | Open::Story(_) | Open::Claims(_) | Open::Quotes(_)),
        ) = &self.pending_open
            && self.preparing.as_ref() != Some(open)
            && self.unanalysed_for(open).is_empty()
            && let Some(open) = self.pending_open.take()
        {
            self.message = None;
            self.open(open);
        }
    }

    /// Opens the story view asked for while its claims were being
    /// compared, once they are here.
    fn open_pending(&mut self) {
        if let Some(Open::Story(st) | Open::Claims(st) | Open::Quotes(st)) = self.pending_open
            && self.desk.story_claims.get(st).is_some_and(|c| c.is_some())
            && let Some(open) = self.pending_open.take()
        {
            self.message = None;
            self.open(open);
        }
    }

    /// Whether the stories thread is about to send the claims of a story
    /// (grouped in the job whose claims are coming, not computed yet).
    fn claims_coming(&self, story: usize) -> bool {
        self.workers.is_some()
            && self.applied_job.is_some()
            && self.claims_progress.0 < self.claims_progress.1
            && self.claims_coming.contains(&story)
            && self
                .desk
                .stories
                .as_ref()
                .and_then(|st| st.stories.get(story))
                .is_some_and(|st| st.articles.len() > 1)
            && self
                .desk
                .story_claims
                .get(story)
                .is_some_and(|c| c.is_none())
    }

    /// How many articles wait for their analysis (counted on the desk:
    /// it may have been analysed without the workers).
    pub fn unanalysed(&self) -> usize {
        let done = self.desk.analysed_count();
        self.desk.articles.len().saturating_sub(done)
    }

    /// Draws the whole dashboard: the screens (from the last full one up),
    /// the status line and the key bar.
    pub fn draw(&self, frame: &mut Frame) {
        let ctx = self.ctx();
        let [main, status, keys] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        let first = self
            .stack
            .iter()
            .rposition(|s| !s.is_overlay())
            .unwrap_or(0);
        for s in &self.stack[first..] {
            s.draw(frame, main, &ctx);
        }
        self.draw_status(frame, status, &ctx);
        self.draw_keys(frame, keys, &ctx);
    }

    /// The key bar: `?` first and `q` last always; between them the
    /// screen's commands that fit, whole.
    fn draw_keys(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &self.theme;
        if let Some(input) = &self.input {
            let prompt = match &input.purpose {
                InputPurpose::Note(t) => format!("note on {} › ", t.label),
                InputPurpose::Command => ":".to_string(),
            };
            let line = Line::from(vec![
                Span::styled(
                    crate::tui::wrap::truncate(&prompt, area.width as usize / 2),
                    theme.key,
                ),
                Span::styled(
                    crate::sanitize::sanitize_line(&input.text).into_owned(),
                    theme.filter,
                ),
                Span::styled("▏", theme.filter),
                Span::styled("   Enter save · Esc cancel", theme.key_description),
            ]);
            frame.render_widget(Paragraph::new(line), area);
            return;
        }
        let top = self.top();
        let context = top.context();
        let label = |action: Action| -> Option<String> {
            let keys = self.keymap.keys_for(context, action);
            let key = keys.first()?;
            let mut l = key.label();
            if action == Action::Down
                && let Some(up) = self.keymap.keys_for(context, Action::Up).first()
            {
                l = format!("{l}/{}", up.label());
            }
            Some(l)
        };
        let item = |keys: String, desc: &str| -> (Vec<Span<'static>>, usize) {
            let desc = format!(" {desc}  ");
            let w = crate::tui::wrap::display_width(&keys) + crate::tui::wrap::display_width(&desc);
            (
                vec![
                    Span::styled(keys, theme.key),
                    Span::styled(desc, theme.key_description),
                ],
                w,
            )
        };
        let typing = context == Context::Filter || context == Context::Picker;
        let mut first = Vec::new();
        if let Some(k) = label(Action::ToggleHelp) {
            first.push(item(k, "help"));
        }
        if typing {
            first.push(item(String::new(), "type to filter"));
        }
        // the last item: how to leave
        let at_bottom = self.stack.len() == 1;
        let last = [Action::Quit, Action::Back]
            .into_iter()
            .find_map(|a| label(a).map(|k| (a, k)))
            .map(|(a, k)| {
                let what = if a == Action::Quit && at_bottom {
                    "quit"
                } else {
                    "back"
                };
                item(k, what)
            });
        let mut commands: Vec<Command> = top.commands(ctx).into_iter().filter(|c| c.bar).collect();
        if !self.desk.warnings.is_empty() && !typing && top.name() != "warnings" {
            commands.push(Command::labelled(Action::ToggleLog, "warnings"));
        }
        let budget = area.width as usize;
        let mut used: usize =
            first.iter().map(|x| x.1).sum::<usize>() + last.as_ref().map_or(0, |x| x.1);
        let mut middle = Vec::new();
        for c in commands {
            if matches!(c.action, Action::Quit | Action::Back | Action::ToggleHelp) {
                continue;
            }
            let Some(k) = label(c.action) else { continue };
            let desc = if c.action == Action::Down && c.label.is_none() {
                "move".to_string()
            } else {
                c.description().to_string()
            };
            let (spans, w) = item(k, &desc);
            // items that do not fit are left out whole rather than cut
            if used + w > budget + 2 {
                continue;
            }
            used += w;
            middle.push(spans);
        }
        let mut spans: Vec<Span> = first.into_iter().flat_map(|x| x.0).collect();
        spans.extend(middle.into_iter().flatten());
        if let Some((l, _)) = last {
            spans.extend(l);
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_status(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &self.theme;
        let desk = &self.desk;
        let mut right = Vec::new();
        if let Some(fresh) = self.fresh_summary() {
            right.push(Span::styled(format!("● {fresh} "), theme.fresh));
        }
        if !desk.warnings.is_empty() {
            let n = desk.warnings.len();
            right.push(Span::styled(
                format!("⚠ {n} warning{} (w) ", if n == 1 { "" } else { "s" }),
                theme.warning,
            ));
        }
        let right_width = right.iter().map(|s| s.width()).sum::<usize>() as u16;
        let total = desk.articles.len();
        let analysing = !desk.is_loading() && total > 0 && self.desk.analysed_count() < total;
        let grouping = !desk.is_loading()
            && total > 0
            && !analysing
            && (desk.stories.is_none() || self.stories_job.is_some());
        let gauge_w = if desk.is_loading() || analysing || grouping {
            30.min(area.width / 3)
        } else {
            0
        };
        let [left_area, gauge_area, right_area] = Layout::horizontal([
            Constraint::Min(10),
            Constraint::Length(gauge_w),
            Constraint::Length(right_width),
        ])
        .areas(area);
        let left = match &self.message {
            // messages quote file names, URLs and article text: untrusted
            Some(m) => Span::styled(
                format!(" {}", crate::sanitize::sanitize_line(&m.text)),
                if m.warning {
                    theme.warning
                } else {
                    theme.status
                },
            ),
            None => Span::styled(
                format!(
                    " {}",
                    crate::sanitize::sanitize_line(&self.top().status(ctx).unwrap_or_default())
                ),
                theme.status,
            ),
        };
        frame.render_widget(Paragraph::new(Line::from(left)), left_area);
        if desk.is_loading() {
            let ratio = desk.progress.ratio();
            let gauge = Gauge::default()
                .gauge_style(theme.gauge)
                .ratio(ratio)
                .label(format!("loading {:.0}%", ratio * 100.0));
            frame.render_widget(gauge, gauge_area);
        } else if analysing {
            let analysed = desk.analysed_count();
            let ratio = analysed as f64 / total as f64;
            let gauge = Gauge::default()
                .gauge_style(theme.gauge)
                .ratio(ratio)
                .label(format!("analysing {analysed}/{total}"));
            frame.render_widget(gauge, gauge_area);
        } else if grouping {
            let gauge = Gauge::default().gauge_style(theme.gauge).ratio(0.0).label(
                if desk.stories.is_some() {
                    "regrouping stories…"
                } else {
                    "grouping stories…"
                },
            );
            frame.render_widget(gauge, gauge_area);
        }
        frame.render_widget(
            Paragraph::new(Line::from(right)).right_aligned(),
            right_area,
        );
    }
}

/// "disputed: sentence 4 of BBC", "note saved on …".
fn saved_text(verdict: Option<Verdict>, note: Option<&str>, label: &str) -> String {
    match (verdict, note) {
        (Some(v), Some(_)) => format!("{}, with a note: {label}", v.label()),
        (Some(v), None) => format!("{}: {label}", v.label()),
        (None, Some("")) => format!("note removed from {label}"),
        (None, Some(_)) => format!("note saved on {label}"),
        (None, None) => label.to_string(),
    }
}

/// A story named `s3` or `3` (1-based), if the corpus has it.
fn parse_story(id: &str, desk: &Desk) -> Option<usize> {
    let n: usize = id.trim_start_matches(['s', 'S']).parse().ok()?;
    let count = desk.stories.as_ref()?.stories.len();
    (n >= 1 && n <= count).then_some(n - 1)
}

/// A path made absolute (as given when that fails), to compare paths the
/// watcher reports with paths the dashboard wrote.
fn absolute(p: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_settings;
    use crate::corpus::{LoadOptions, load_paths};
    use crate::tui::screens::browse::{BrowseScreen, Focus};

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

    /// [`app`] after what the workers do in the dashboard: every article
    /// analysed, the stories grouped.
    fn app_grouped() -> App {
        let mut a = app();
        a.desk.analyze_all();
        a.desk.compute_stories();
        a.notify(&Event::StoriesReady);
        a
    }

    fn press(app: &mut App, key: &str) {
        app.handle_key(Key::parse(key).unwrap());
    }

    fn browse(a: &App) -> &BrowseScreen {
        a.browse()
    }

    #[test]
    fn navigation_and_focus() {
        let mut a = app();
        assert_eq!(browse(&a).list.rows.len(), 5);
        press(&mut a, "j");
        press(&mut a, "j");
        assert_eq!(browse(&a).list.selected, 2);
        press(&mut a, "G");
        assert_eq!(browse(&a).list.selected, 4);
        press(&mut a, "g");
        assert_eq!(browse(&a).list.selected, 0);
        press(&mut a, "enter");
        assert_eq!(browse(&a).focus, Focus::Reader);
        press(&mut a, "esc");
        assert_eq!(browse(&a).focus, Focus::List);
        press(&mut a, "tab");
        assert_eq!(browse(&a).focus, Focus::Reader);
    }

    #[test]
    fn filter_typing_does_not_trigger_commands_and_slash_starts_afresh() {
        let mut a = app();
        press(&mut a, "/");
        assert_eq!(a.context(), Context::Filter);
        for c in ["q", "u", "e", "s", "t"] {
            press(&mut a, c);
        }
        assert!(!a.should_quit);
        assert_eq!(browse(&a).list.filter.query, "quest");
        press(&mut a, "backspace");
        assert_eq!(browse(&a).list.filter.query, "ques");
        press(&mut a, "enter");
        press(&mut a, "/");
        assert_eq!(browse(&a).list.filter.query, "", "a fresh query");
        press(&mut a, "esc");
        assert_eq!(browse(&a).list.rows.len(), 5);
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
        assert_eq!(browse(&a).list.rows.len(), 1);
        assert!(browse(&a).list.rows[0].hit.as_ref().unwrap().in_body);
        press(&mut a, "enter");
        assert_eq!(a.context(), Context::List);
        assert_eq!(browse(&a).list.filter.query, "quarantine");
    }

    #[test]
    fn sorting_by_date_puts_dated_first_and_keeps_selection() {
        let mut a = app();
        press(&mut a, "j");
        let chosen = browse(&a).list.article().unwrap();
        press(&mut a, "s");
        press(&mut a, "s");
        assert_eq!(browse(&a).list.sort, screens::list::SortKey::Date);
        assert_eq!(browse(&a).list.article().unwrap(), chosen);
        let first = &a.desk.articles[browse(&a).list.rows[0].article];
        assert!(first.published.is_some());
        press(&mut a, "r");
        assert!(browse(&a).list.reverse);
    }

    #[test]
    fn help_and_log_stack_and_q_goes_back_then_quits() {
        let mut a = app();
        press(&mut a, "?");
        assert_eq!(a.stack_names(), vec!["article list", "help"]);
        press(&mut a, "q");
        assert_eq!(a.depth(), 1);
        assert!(!a.should_quit);
        press(&mut a, "w");
        assert_eq!(a.top().name(), "warnings");
        press(&mut a, "esc");
        press(&mut a, "q");
        assert!(a.should_quit);
    }

    #[test]
    fn a_story_of_one_report_opens_its_claims_when_it_has_a_follow_up() {
        let mut a = app_grouped();
        let (lone, report, other) = {
            let st = &a.desk.stories.as_ref().unwrap().stories;
            let lone = st.iter().position(|s| s.articles.len() == 1).unwrap();
            let other = st.iter().position(|s| s.articles.len() > 1).unwrap();
            (lone, st[lone].articles[0], st[other].articles[0])
        };
        let row = browse(&a)
            .list
            .rows
            .iter()
            .position(|r| r.article == report)
            .unwrap();
        press(&mut a, "g");
        for _ in 0..row {
            press(&mut a, "j");
        }
        // alone, there is nothing to compare
        press(&mut a, "C");
        assert_eq!(a.top().name(), "article list");
        // with a follow-up, its claims open, the follow-up a column of its
        // own
        a.desk.stories.as_mut().unwrap().stories[lone].followups = vec![other];
        press(&mut a, "C");
        assert_eq!(a.top().name(), "claims");
        let claims = a.top_as::<screens::claims::ClaimsScreen>().unwrap();
        assert_eq!(claims.members, vec![report, other]);
    }

    #[test]
    fn the_stack_returns_where_the_editor_was() {
        let mut a = app_grouped();
        press(&mut a, "C");
        assert_eq!(a.top().name(), "claims");
        press(&mut a, "j");
        let row = a
            .top_as::<screens::claims::ClaimsScreen>()
            .unwrap()
            .selected;
        press(&mut a, "f");
        // Enter reads the evidence; Esc comes back to the same row, filter kept
        press(&mut a, "enter");
        assert_eq!(a.stack_names(), vec!["article list", "claims", "reader"]);
        let reader = a.top_as::<screens::reader::ReaderScreen>().unwrap();
        assert!(
            reader.reader.cursor.is_some(),
            "the evidence sentence is under the cursor"
        );
        assert!(reader.reader.evidence.is_some());
        press(&mut a, "esc");
        let claims = a.top_as::<screens::claims::ClaimsScreen>().unwrap();
        assert_eq!(
            claims.selected,
            row.min(claims.shown.len().saturating_sub(1))
        );
        assert!(claims.unchecked_only);
        // ctrl-c quits from anywhere
        press(&mut a, "ctrl-c");
        assert!(a.should_quit);
    }

    #[test]
    fn undo_and_redo_name_what_they_touch() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app_grouped();
        a.set_review(Review::open(&dir.path().join("r.db"), "ana").unwrap());
        press(&mut a, "enter");
        press(&mut a, "j");
        press(&mut a, "D");
        let msg = a.message.clone().unwrap().text;
        let outlet = crate::tui::review::outlet_label(&a.desk.articles[0]);
        assert_eq!(msg, format!("disputed: sentence 2 of {outlet}"));
        let target = a.target().unwrap();
        assert_eq!(a.review.verdict(&target.items[0].key), Verdict::Disputed);
        press(&mut a, "u");
        assert_eq!(
            a.message.clone().unwrap().text,
            format!("undone: sentence 2 of {outlet} — now unchecked, no note")
        );
        assert_eq!(a.review.verdict(&target.items[0].key), Verdict::Unchecked);
        press(&mut a, "ctrl-r");
        assert!(
            a.message
                .clone()
                .unwrap()
                .text
                .starts_with("redone: sentence 2")
        );
        assert_eq!(a.review.verdict(&target.items[0].key), Verdict::Disputed);
        press(&mut a, "ctrl-r");
        assert_eq!(a.message.clone().unwrap().text, "nothing to redo");
    }
}
