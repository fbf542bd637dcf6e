//! The values the store reads and writes: verdicts, entries, changes,
//! history rows.

use super::keys::{ItemKey, ItemKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An editor's verdict on an item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    #[default]
    Unchecked,
    Verified,
    Disputed,
    False,
    NeedsSource,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Unchecked,
        Verdict::Verified,
        Verdict::Disputed,
        Verdict::False,
        Verdict::NeedsSource,
    ];

    /// The snake_case name used in the store, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unchecked => "unchecked",
            Verdict::Verified => "verified",
            Verdict::Disputed => "disputed",
            Verdict::False => "false",
            Verdict::NeedsSource => "needs_source",
        }
    }

    /// The name people read ("needs source"), for status lines and reports.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::NeedsSource => "needs source",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of the verdict names.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown verdict {0:?} (expected unchecked, verified, disputed, false or needs_source)")]
pub struct VerdictError(pub String);

impl FromStr for Verdict {
    type Err = VerdictError;
    /// Accepts the snake_case names in any case, with `-` or a space for `_`
    /// (`needs_source`, `needs-source`, `Needs source`).
    fn from_str(s: &str) -> Result<Self, VerdictError> {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        Verdict::ALL
            .into_iter()
            .find(|v| v.as_str() == norm)
            .ok_or_else(|| VerdictError(s.to_string()))
    }
}

/// One reviewed item as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub key: ItemKey,
    pub kind: ItemKind,
    /// The article's id (file name or id field) when the verdict was set:
    /// the fallback that finds the verdict again after the article is edited.
    pub article_id: String,
    /// The item's text when its verdict was set.
    pub text: String,
    pub verdict: Verdict,
    pub note: String,
    /// Who made the last change.
    pub editor: String,
    #[serde(with = "timestamp_text")]
    pub updated: jiff::Timestamp,
    /// The article was edited after the verdict: the item was re-anchored
    /// loosely (case or spacing differ) or its text is gone.
    pub text_changed: bool,
}

impl Entry {
    /// Whether the entry holds any work: a verdict other than unchecked, or a note.
    pub fn has_content(&self) -> bool {
        self.verdict != Verdict::Unchecked || !self.note.is_empty()
    }
}

/// A change to one item. `None` keeps the stored value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub key: ItemKey,
    /// Must match the key's kind.
    pub kind: ItemKind,
    /// The article's id; empty keeps the stored one.
    pub article_id: String,
    /// The item's text as the editor sees it now. Recorded (with its hash)
    /// when the verdict is set or the item is new; empty keeps the stored text.
    pub text: String,
    pub verdict: Option<Verdict>,
    pub note: Option<String>,
}

impl Change {
    /// A change that sets nothing yet; the kind comes from the key.
    pub fn new(key: ItemKey, article_id: impl Into<String>, text: impl Into<String>) -> Change {
        Change {
            kind: key.kind(),
            key,
            article_id: article_id.into(),
            text: text.into(),
            verdict: None,
            note: None,
        }
    }

    pub fn verdict(mut self, verdict: Verdict) -> Change {
        self.verdict = Some(verdict);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Change {
        self.note = Some(note.into());
        self
    }
}

/// What a history row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    /// An editor's change (`set`, `set_many`).
    Set,
    /// `undo_last` restoring the state before an earlier `Set` row.
    Undo,
    /// The item moved to a new key after its article was edited.
    Relocate,
    /// `redo_step` re-applying a change an `Undo` row took back.
    Redo,
}

impl HistoryAction {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryAction::Set => "set",
            HistoryAction::Undo => "undo",
            HistoryAction::Relocate => "relocate",
            HistoryAction::Redo => "redo",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<HistoryAction> {
        [
            HistoryAction::Set,
            HistoryAction::Undo,
            HistoryAction::Relocate,
            HistoryAction::Redo,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One change in an item's history: who, when, and the state before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// Increases with every change to the store (rows are in commit order).
    pub id: i64,
    /// The item's current key (rows follow an item when it is relocated).
    pub key: ItemKey,
    pub action: HistoryAction,
    pub editor: String,
    #[serde(with = "timestamp_text")]
    pub at: jiff::Timestamp,
    pub old_verdict: Verdict,
    pub new_verdict: Verdict,
    pub old_note: String,
    pub new_note: String,
    /// For `Relocate`: the key the item had before.
    pub old_key: Option<ItemKey>,
    /// For `Set`: the `Undo` row that reverted it.
    pub undone_by: Option<i64>,
    /// For `Undo`: the `Set` row it reverted.
    pub undoes: Option<i64>,
}

/// Whether an item's text is still what it was when its verdict was set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextStatus {
    Same,
    /// The text differs; `was` is the text the verdict was given on.
    Changed {
        was: String,
    },
    /// The store has no entry for the key.
    Unknown,
}

/// An entry found again after its article was edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relocation {
    /// The key the entry was stored under.
    pub old_key: ItemKey,
    /// The entry as it is (or, from a read-only store, would be) after
    /// relocation: `entry.key` is the new key when `anchored`, else the old
    /// one; `entry.text_changed` says whether the exact text is gone.
    pub entry: Entry,
    /// The item's text (or a loose match of it) was found in the new body.
    pub anchored: bool,
}

/// One article of the loaded corpus, as [`super::Store::reconcile`] needs it.
#[derive(Clone, Copy, Debug)]
pub struct ArticleRef<'a> {
    pub id: &'a str,
    /// [`super::content_hash`] of `body`.
    pub hash: &'a str,
    pub body: &'a str,
}

/// What [`super::Store::reconcile`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Entries of edited articles (same id, new content hash), re-anchored or
    /// flagged `text_changed`.
    pub relocated: Vec<Relocation>,
    /// Entries whose article is in the corpus under another id (renamed):
    /// their `article_id` was updated. Counted, since their keys still hold.
    pub renamed: usize,
    /// Entries whose article is in the corpus neither by content nor by id
    /// (removed, or renamed *and* edited). Kept; the app may list them.
    pub orphans: Vec<Entry>,
}

/// Serde for `jiff::Timestamp` as RFC 3339 text, without needing jiff's
/// `serde` feature.
pub(crate) mod timestamp_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &jiff::Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(t)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<jiff::Timestamp, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_names() {
        assert_eq!("needs-source".parse(), Ok(Verdict::NeedsSource));
        assert_eq!("needs_source".parse(), Ok(Verdict::NeedsSource));
        assert_eq!(" Needs Source ".parse(), Ok(Verdict::NeedsSource));
        assert_eq!("VERIFIED".parse(), Ok(Verdict::Verified));
        assert!("maybe".parse::<Verdict>().is_err());
        for v in Verdict::ALL {
            assert_eq!(v.as_str().parse(), Ok(v));
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                format!("\"{}\"", v.as_str())
            );
        }
    }
}
