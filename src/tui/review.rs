//! The review model the screens share: the verdicts and notes as the store
//! has them, the changes being saved, and the [`Target`] of a verdict — the
//! item or items it applies to and how to name them ("sentence 4 of BBC").
//!
//! Every item kind is keyed the same way (see [`crate::workflow`]), so one
//! marker function draws any item's verdict wherever it appears.

use crate::corpus::Article;
use crate::desk::Desk;
use crate::review::{Entry, ItemKey, ItemKind, Verdict};
use crate::workflow::{ReviewItem, span_item};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// What a verdict or note applies to: one item, or several saved as one
/// step (a compare pair: both sentences), and its name for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub items: Vec<ReviewItem>,
    pub label: String,
}

impl Target {
    pub fn one(item: ReviewItem, label: impl Into<String>) -> Target {
        Target {
            items: vec![item],
            label: label.into(),
        }
    }
}

/// The verdicts and notes, and what is being saved.
#[derive(Debug, Default)]
pub struct ReviewState {
    /// Verdicts and notes by item key, as the store has them.
    pub verdicts: HashMap<String, Entry>,
    /// Items whose change is being saved.
    pub pending: HashSet<String>,
    /// Why verdicts cannot be saved, if they cannot.
    pub read_only: Option<String>,
    pub path: Option<PathBuf>,
    pub editor: String,
    /// This dashboard's editing session: undo and redo reach only its changes.
    pub session: String,
    /// The names of the items changed this session, for undo and redo messages.
    pub labels: HashMap<String, String>,
}

impl ReviewState {
    pub fn new(editor: &str) -> ReviewState {
        ReviewState {
            editor: editor.to_string(),
            session: new_session_id(editor),
            ..Default::default()
        }
    }

    /// The entry of an item, when it has a verdict or a note.
    pub fn entry(&self, key: &ItemKey) -> Option<&Entry> {
        self.verdicts.get(key.as_str())
    }

    /// The verdict of an item (unchecked when none).
    pub fn verdict(&self, key: &ItemKey) -> Verdict {
        self.entry(key).map(|e| e.verdict).unwrap_or_default()
    }

    pub fn is_pending(&self, key: &ItemKey) -> bool {
        self.pending.contains(key.as_str())
    }

    /// Whether an item has a verdict other than unchecked, or a note.
    pub fn is_reviewed(&self, key: &ItemKey) -> bool {
        self.entry(key).is_some_and(Entry::has_content)
    }

    /// Takes entries read from the store (dropping those emptied).
    pub fn absorb(&mut self, entries: &[Entry]) {
        for e in entries {
            if e.has_content() {
                self.verdicts.insert(e.key.as_str().to_string(), e.clone());
            } else {
                self.verdicts.remove(e.key.as_str());
            }
        }
    }

    /// How to name an item in a message: the name it was given when changed
    /// this session, else its kind and text.
    pub fn label_of(&self, e: &Entry) -> String {
        self.labels.get(e.key.as_str()).cloned().unwrap_or_else(|| {
            format!(
                "{} “{}”",
                e.kind.as_str(),
                crate::tui::wrap::truncate(&crate::sanitize::sanitize_line(&e.text), 40)
            )
        })
    }

    /// The combined state of several items (a pair, a fact): the first one
    /// reviewed, else the first.
    pub fn first_reviewed<'a>(
        &self,
        keys: impl IntoIterator<Item = &'a ItemKey>,
    ) -> Option<&'a ItemKey> {
        let mut first = None;
        for k in keys {
            if self.is_reviewed(k) || self.is_pending(k) {
                return Some(k);
            }
            first.get_or_insert(k);
        }
        first
    }
}

/// A session id unique to this run: editor, process and start time.
pub fn new_session_id(editor: &str) -> String {
    format!(
        "{editor}@{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    )
}

/// The outlet of an article, else its id.
pub fn outlet_label(a: &Article) -> String {
    a.outlet.clone().unwrap_or_else(|| a.id.clone())
}

/// The labels of a story's reports, one per member: the outlet, and where
/// one outlet has several versions, which one ("dailymail v1",
/// "dailymail v2", oldest first).
pub fn member_labels<A: std::ops::Deref<Target = Article>>(
    articles: &[A],
    members: &[usize],
) -> Vec<String> {
    let outlets: Vec<String> = members
        .iter()
        .map(|&m| outlet_label(&articles[m]))
        .collect();
    members
        .iter()
        .zip(&outlets)
        .map(|(&m, o)| {
            let mut versions: Vec<usize> = members
                .iter()
                .zip(&outlets)
                .filter(|(_, p)| *p == o)
                .map(|(&x, _)| x)
                .collect();
            if versions.len() < 2 {
                return o.clone();
            }
            versions.sort_by_key(|&x| (articles[x].published, articles[x].id.clone()));
            let k = versions.iter().position(|&x| x == m).unwrap_or(0) + 1;
            format!("{o} v{k}")
        })
        .collect()
}

/// The 1-based number of a sentence as the reader counts them: its place
/// among the article's reporting sentences (or among all, for one that is not).
pub fn sentence_number(desk: &Desk, article: usize, sentence: usize) -> usize {
    let Some(Some(an)) = desk.analyses.get(article) else {
        return sentence + 1;
    };
    an.reporting_sentences()
        .position(|(i, _)| i == sentence)
        .map(|p| p + 1)
        .unwrap_or(sentence + 1)
}

/// The item of a sentence, by its index in the article's analysis.
pub fn sentence_item(desk: &Desk, article: usize, sentence: usize) -> Option<ReviewItem> {
    let an = desk.analyses.get(article)?.as_ref()?;
    let span = an.sentences.get(sentence)?.span;
    Some(span_item(&desk.articles[article], ItemKind::Sentence, span))
}

/// "sentence 4 of BBC".
pub fn sentence_label(desk: &Desk, article: usize, sentence: usize) -> String {
    format!(
        "sentence {} of {}",
        sentence_number(desk, article, sentence),
        outlet_label(&desk.articles[article])
    )
}

/// The target of one sentence.
pub fn sentence_target(desk: &Desk, article: usize, sentence: usize) -> Option<Target> {
    Some(Target::one(
        sentence_item(desk, article, sentence)?,
        sentence_label(desk, article, sentence),
    ))
}

/// The target of several sentences at once (a pair, a fact), named by `what`.
pub fn sentences_target(desk: &Desk, sentences: &[(usize, usize)], what: &str) -> Option<Target> {
    let items: Vec<ReviewItem> = sentences
        .iter()
        .filter_map(|&(a, s)| sentence_item(desk, a, s))
        .collect();
    if items.is_empty() {
        return None;
    }
    if items.len() == 1 {
        return sentence_target(desk, sentences[0].0, sentences[0].1);
    }
    let names: Vec<String> = sentences
        .iter()
        .map(|&(a, s)| sentence_label(desk, a, s))
        .collect();
    Some(Target {
        items,
        label: format!("{what} ({})", names.join(" and ")),
    })
}

/// The target of a whole article.
pub fn article_target(desk: &Desk, article: usize) -> Target {
    let a = &desk.articles[article];
    Target::one(
        crate::workflow::article_item(a),
        format!(
            "article “{}” ({})",
            crate::tui::wrap::truncate(&crate::sanitize::sanitize_line(&a.title), 40),
            outlet_label(a)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{LoadOptions, load_paths};

    #[test]
    fn versions_of_one_outlet_are_told_apart() {
        let art = |id: &str, outlet: &str, day: &str| {
            let mut a = crate::corpus::build_article(crate::corpus::RawArticle {
                id: Some(id.into()),
                outlet: Some(outlet.into()),
                body: "A ferry capsized.".into(),
                published: Some(day.into()),
                ..Default::default()
            });
            a.id = id.into();
            std::sync::Arc::new(a)
        };
        let articles = vec![
            art("m2", "Daily One", "2024-05-10"),
            art("e", "Evening Two", "2024-05-09"),
            art("m1", "Daily One", "2024-05-09"),
        ];
        assert_eq!(
            member_labels(&articles, &[0, 1, 2]),
            ["Daily One v2", "Evening Two", "Daily One v1"]
        );
        assert_eq!(
            member_labels(&articles, &[0, 1]),
            ["Daily One", "Evening Two"]
        );
    }

    #[test]
    fn targets_name_their_items() {
        let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut desk = Desk::from_report(load_paths(&[seeds], &LoadOptions::default()));
        desk.analyze_all();
        let first = desk.analyses[0]
            .as_ref()
            .unwrap()
            .reporting_sentences()
            .nth(3)
            .unwrap()
            .0;
        let t = sentence_target(&desk, 0, first).unwrap();
        let outlet = outlet_label(&desk.articles[0]);
        assert_eq!(t.label, format!("sentence 4 of {outlet}"));
        assert_eq!(t.items[0].kind, ItemKind::Sentence);
        let pair = sentences_target(&desk, &[(0, first), (2, 0)], "pair").unwrap();
        assert_eq!(pair.items.len(), 2);
        assert!(
            pair.label
                .starts_with(&format!("pair (sentence 4 of {outlet} and sentence 1 of "))
        );
        let title: String = desk.articles[0].title.chars().take(5).collect();
        assert!(
            article_target(&desk, 0)
                .label
                .starts_with(&format!("article “{title}"))
        );
        let state = ReviewState::new("ana");
        assert!(state.session.starts_with("ana@"));
    }
}
