//! Everything a user can ask the dashboard to do. Keys map to actions (see
//! `assets/keymap.toml`); the screen on top of the stack carries out its
//! own, the App the rest (verdicts, notes, undo, help, quitting).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! actions {
    ($($variant:ident = $name:literal, $desc:literal;)*) => {
        /// A user-level command, named in snake_case in the keymap.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),* }

        impl Action {
            /// Every action, in the order the help overlay lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            /// A short description for the help overlay and the key bar.
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc),* }
            }

            /// The action with this keymap name.
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit", "back, or quit from the article list";
    QuitNow = "quit_now", "quit newsdesk";
    ToggleHelp = "toggle_help", "help";
    ToggleLog = "toggle_log", "warnings";
    FocusNext = "focus_next", "next pane";
    FocusPrev = "focus_prev", "previous pane";
    Up = "up", "up";
    Down = "down", "down";
    PageUp = "page_up", "page up";
    PageDown = "page_down", "page down";
    Top = "top", "first";
    Bottom = "bottom", "last";
    Open = "open", "read";
    Back = "back", "back";
    StartFilter = "start_filter", "filter";
    ClearFilter = "clear_filter", "clear filter";
    AcceptFilter = "accept_filter", "keep filter";
    CycleSort = "cycle_sort", "sort";
    ReverseSort = "reverse_sort", "reverse sort";
    ToggleEntities = "toggle_entities", "entities";
    EntityScope = "entity_scope", "article/corpus entities";
    NextMention = "next_mention", "next mention";
    PrevMention = "prev_mention", "previous mention";
    TogglePerson = "toggle_person", "people on/off";
    ToggleOrg = "toggle_org", "organisations on/off";
    TogglePlace = "toggle_place", "places on/off";
    ToggleNorp = "toggle_norp", "groups (NORP) on/off";
    ToggleDate = "toggle_date", "dates on/off";
    ToggleNumber = "toggle_number", "numbers on/off";
    ToggleOther = "toggle_other", "other names on/off";
    OpenCompare = "open_compare", "compare side by side";
    OpenStory = "open_story", "story overview";
    OpenClaims = "open_claims", "claims and discrepancies";
    OpenQuotes = "open_quotes", "quotes";
    OpenStories = "open_stories", "stories";
    PickArticle = "pick_article", "compare with any article";
    SideLeft = "side_left", "left sentence";
    SideRight = "side_right", "right sentence";
    NextCounterpart = "next_counterpart", "next report";
    PrevCounterpart = "prev_counterpart", "previous report";
    SwapSides = "swap_sides", "swap sides";
    Verified = "verified", "verdict: verified";
    Disputed = "disputed", "verdict: disputed";
    MarkFalse = "false", "verdict: false";
    NeedsSource = "needs_source", "verdict: needs source";
    Unchecked = "unchecked", "verdict: unchecked";
    EditNote = "edit_note", "note";
    EditNoteExternal = "edit_note_external", "note in $EDITOR";
    Undo = "undo", "undo (this session)";
    Redo = "redo", "redo";
    ToggleUncheckedOnly = "toggle_unchecked_only", "unchecked only";
    ToggleUnique = "toggle_unique", "only-one-outlet facts";
    Copy = "copy", "copy (OSC 52)";
    OpenUrl = "open_url", "open URL";
    CommandLine = "command_line", "command";
    RefreshStore = "refresh_store", "refresh verdicts";
    Submit = "submit", "save";
    Cancel = "cancel", "cancel";
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Action::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown action {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.description().is_empty());
        }
        assert_eq!(Action::from_name("nope"), None);
    }
}
