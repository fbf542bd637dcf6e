//! What every screen of the dashboard is: a component that owns its state,
//! carries out the actions it understands, draws itself and says which keys
//! work on it (gitui's `Component` with `commands()`).
//!
//! Screens never see the [`App`](super::app::App): they get a read-only
//! [`Ctx`] (the Desk, the theme, the keymap, the verdicts) and answer with a
//! [`Transition`] — stay, push another screen, go back — and with messages
//! and effects in [`Out`]. The App keeps the stack, so going back always
//! returns to the screen the editor came from, as they left it.

use super::action::Action;
use super::keymap::{Context, Key, Keymap};
use super::review::{ReviewState, Target};
use super::theme::Theme;
use crate::corpus::Span;
use crate::desk::Desk;
use crate::search::{SearchLink, SearchResult};
use crate::workflow::ReviewItem;
use ratatui::Frame;
use ratatui::crossterm::event::MouseEvent;
use ratatui::layout::Rect;

/// What screens read: everything shared, nothing they may change.
pub struct Ctx<'a> {
    pub desk: &'a Desk,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub review: &'a ReviewState,
    /// Entity types whose highlighting is off, by `Group::ALL` index.
    pub hidden: [bool; 7],
    /// How many articles are analysed.
    pub analysed: usize,
    /// The background search thread, when there is one.
    pub search: Option<&'a SearchLink>,
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub warning: bool,
}

/// Something the event loop must do outside the App (it owns the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Edit this item's note in $EDITOR, starting from this text.
    EditNote(Target, String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    OpenUrl(String),
    /// Write the report: to this file (else a new file in the working
    /// folder), of these stories (else every story with something to report).
    WriteReport {
        path: Option<std::path::PathBuf>,
        stories: Option<Vec<usize>>,
    },
}

/// What a screen asks of the App besides its transition.
#[derive(Debug, Default)]
pub struct Out {
    pub message: Option<Message>,
    pub effects: Vec<Effect>,
}

impl Out {
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
}

/// The entity whose mentions the reader emphasises.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntityChoice {
    pub group: crate::nlp::entities::Group,
    pub key: String,
    pub name: String,
}

/// A screen to build (the App builds it: it may need to analyse or align).
#[derive(Clone, Debug, PartialEq)]
pub enum Open {
    /// An article full screen, its cursor on a sentence (by index into the
    /// analysis), a span emphasised (the evidence), an entity chosen.
    Reader {
        article: usize,
        sentence: Option<usize>,
        evidence: Option<Span>,
        entity: Option<EntityChoice>,
    },
    /// Two reports side by side, the cursor on a sentence (article,
    /// sentence index) if given.
    Compare {
        left: usize,
        right: usize,
        focus: Option<(usize, usize)>,
    },
    Story(usize),
    Claims(usize),
    Quotes(usize),
    Stories,
    /// The corpus's entities.
    Entities,
    /// Choose an article to compare `for_article` with.
    Picker {
        for_article: usize,
    },
    /// The keys of the screen below and every binding.
    Help {
        title: String,
        context: Context,
        commands: Vec<Command>,
    },
    Log,
}

/// What a screen asks the App to do with the stack.
#[derive(Debug, PartialEq)]
pub enum Transition {
    /// The action was carried out (or refused with a message).
    Stay,
    /// Not for this screen: the App carries it out if it can.
    Ignored,
    Push(Open),
    /// Replace this screen (the same view of another pair of articles).
    Replace(Open),
    /// Back to the screen below.
    Pop,
    /// Back, handing the screen below an answer.
    PopWith(Reply),
    Quit,
}

/// An answer for the screen below (a pick).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The article picked.
    Picked { for_article: usize, article: usize },
}

/// A key for the key bar and the help: an action, with what it does here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub action: Action,
    /// What the action does on this screen (else its general description).
    pub label: Option<String>,
    /// Shown in the key bar (else only in the help).
    pub bar: bool,
}

impl Command {
    pub fn bar(action: Action) -> Command {
        Command {
            action,
            label: None,
            bar: true,
        }
    }
    pub fn help(action: Action) -> Command {
        Command {
            action,
            label: None,
            bar: false,
        }
    }
    pub fn labelled(action: Action, label: &str) -> Command {
        Command {
            action,
            label: Some(label.to_string()),
            bar: true,
        }
    }
    pub fn description(&self) -> &str {
        self.label
            .as_deref()
            .unwrap_or_else(|| self.action.description())
    }
}

/// Something that happened outside the screen that it may care about.
pub enum Event<'a> {
    /// Articles `range` were loaded.
    ArticlesAdded(std::ops::Range<usize>),
    /// These articles were replaced in place (their file changed on disk):
    /// same index and id, new text, analysis to come.
    ArticlesChanged(&'a [usize]),
    /// Article `i` was analysed.
    Analysed(usize),
    /// The stories were grouped (or regrouped).
    StoriesReady,
    /// Claims of some stories were computed in the background.
    ClaimsReady,
    /// Verdicts changed (saved, undone, refreshed).
    VerdictsChanged,
    /// Results of a background search.
    Search(&'a SearchResult),
}

/// A screen of the dashboard.
pub trait Screen {
    /// The screen's name, for the help and the log.
    fn name(&self) -> &'static str;

    /// The keymap context keys are looked up in now.
    fn context(&self) -> Context;

    /// The keys that work here, most useful first (the key bar shows those
    /// marked `bar` that fit; the help shows all).
    fn commands(&self, ctx: &Ctx) -> Vec<Command>;

    /// Carries out an action.
    fn update(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> Transition;

    /// A key the keymap does not bind in [`Screen::context`] (typing).
    fn input(&mut self, _key: Key, _ctx: &Ctx, _out: &mut Out) -> Transition {
        Transition::Ignored
    }

    /// Draws the screen. Pure: no analysis, no I/O (what it learns about
    /// sizes it keeps in cells for the next update).
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);

    /// A mouse event; true when it changed something.
    fn mouse(&mut self, _event: MouseEvent, _ctx: &Ctx) -> bool {
        false
    }

    /// Something happened outside.
    fn on_event(&mut self, _event: &Event, _ctx: &Ctx) {}

    /// Just pushed: the moment to say something or jump somewhere.
    fn opened(&mut self, _ctx: &Ctx, _out: &mut Out) {}

    /// An answer from the screen that was above this one.
    fn on_reply(&mut self, _reply: Reply, _ctx: &Ctx, _out: &mut Out) -> Transition {
        Transition::Stay
    }

    /// What a verdict or a note applies to here, if anything.
    fn target(&self, _ctx: &Ctx) -> Option<Target> {
        None
    }

    /// The article under the cursor (for `o`, `y` and the status line).
    fn article(&self) -> Option<usize> {
        None
    }

    /// Whether this screen shows text of an article (or positions in it):
    /// when that article is replaced by a new version of its file, the
    /// screen is closed, as what it computed no longer fits the text.
    fn shows_article(&self, article: usize) -> bool {
        self.article() == Some(article)
    }

    /// The story this screen is about (for `:report`).
    fn story(&self, _ctx: &Ctx) -> Option<usize> {
        None
    }

    /// The status line when there is no message.
    fn status(&self, _ctx: &Ctx) -> Option<String> {
        None
    }

    /// Drawn over the screen below (help, pickers) rather than instead of it.
    fn is_overlay(&self) -> bool {
        false
    }

    /// For tests and the App: the concrete screen.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// The item kind and text a screen shows, for messages.
pub fn item_text(item: &ReviewItem) -> String {
    crate::tui::wrap::truncate(&crate::sanitize::sanitize_line(&item.text), 40)
}
