//! The screens, and building them.
//!
//! A screen is asked for with an [`Open`]; [`prepare`] computes what it
//! needs from the Desk (claims, an alignment: the only place these screens
//! touch the analyses' heavy results), then [`build`] makes the screen from
//! a read-only [`Ctx`]. Screens never import the App nor each other's
//! internals: they return `Transition::Push(Open::…)`.

pub mod browse;
pub mod claims;
pub mod compare;
pub mod entities;
pub mod help;
pub mod list;
pub mod picker;
pub mod quotes;
pub mod reader;
pub mod stories;
pub mod story;

use crate::compare::align::Alignment;
use crate::compare::claims::StoryClaims;
use crate::compare::coverage::Fact;
use crate::desk::Desk;
use crate::tui::action::Action;
use crate::tui::screen::{Ctx, Open, Out, Screen, Transition};
use std::sync::Arc;

/// The story an article belongs to, once stories are grouped.
pub fn story_of(desk: &Desk, article: usize) -> Option<usize> {
    desk.stories
        .as_ref()
        .and_then(|s| s.story_of.get(article).copied())
}

/// The other reports of an article's story, most central first.
pub fn counterparts(desk: &Desk, article: usize) -> Vec<usize> {
    let Some(s) = story_of(desk, article) else {
        return Vec::new();
    };
    desk.stories.as_ref().expect("stories").stories[s]
        .articles
        .iter()
        .copied()
        .filter(|&a| a != article)
        .collect()
}

/// Why a story screen cannot open yet.
pub fn stories_pending(ctx: &Ctx) -> String {
    let total = ctx.desk.articles.len();
    if ctx.desk.is_loading() {
        "stories are grouped once the articles are loaded and analysed…".into()
    } else if ctx.analysed < total {
        format!(
            "stories are grouped once every article is analysed ({}/{total})…",
            ctx.analysed
        )
    } else {
        "the stories are being grouped…".into()
    }
}

/// The screen an action opens for an article: its story's compare, overview,
/// claims or quotes (`sentence`: where the editor's cursor is).
pub fn open_for_article(
    action: Action,
    ctx: &Ctx,
    article: usize,
    sentence: Option<usize>,
    out: &mut Out,
) -> Transition {
    let Some(story) = story_of(ctx.desk, article) else {
        out.say(stories_pending(ctx));
        return Transition::Stay;
    };
    // (its follow-ups are compared with it: a story of one report and a
    // follow-up has two reports to compare)
    let size = ctx.desk.stories.as_ref().expect("stories").stories[story]
        .compared()
        .count();
    match action {
        Action::OpenCompare => match counterparts(ctx.desk, article).first() {
            Some(&right) => Transition::Push(Open::Compare {
                left: article,
                right,
                focus: sentence.map(|s| (article, s)),
            }),
            None => {
                out.say("this story has one report: pick any article to compare it with");
                Transition::Push(Open::Picker {
                    for_article: article,
                })
            }
        },
        _ if size < 2 => {
            out.say(format!(
                "story s{} has one report: nothing to compare yet (c picks any article to compare with)",
                story + 1
            ));
            Transition::Stay
        }
        Action::OpenStory => Transition::Push(Open::Story(story)),
        Action::OpenClaims => Transition::Push(Open::Claims(story)),
        Action::OpenQuotes => Transition::Push(Open::Quotes(story)),
        _ => Transition::Ignored,
    }
}

/// What a screen needs computed before it is built (the heavy parts).
#[derive(Default)]
pub struct Prepared {
    pub alignment: Option<Alignment>,
    pub claims: Option<Arc<StoryClaims>>,
    pub facts: Option<Vec<Fact>>,
}

/// Computes (and caches in the Desk) what `open` needs. Fails with a
/// message for the status line when it cannot be done now.
pub fn prepare(open: &Open, desk: &mut Desk) -> Result<Prepared, String> {
    let stories_ready = desk.stories.is_some();
    let mut p = Prepared::default();
    match open {
        Open::Compare { left, right, .. } => {
            if !stories_ready {
                return Err(
                    "comparing needs the corpus's word weights, computed with the stories…".into(),
                );
            }
            p.alignment = Some(desk.align(*left, *right));
            let (sl, sr) = (story_of(desk, *left), story_of(desk, *right));
            if let (Some(a), Some(b)) = (sl, sr)
                && a == b
            {
                p.claims = Some(desk.claims_of(a));
            }
        }
        Open::Story(s) => {
            if !stories_ready {
                return Err("the stories are being grouped…".into());
            }
            let claims = desk.claims_of(*s);
            let members = desk.stories.as_ref().expect("stories").stories[*s]
                .articles
                .clone();
            let (_, analyses) = desk.refs();
            p.facts = Some(crate::compare::coverage::facts_from(
                &members,
                &analyses,
                &claims.alignments,
            ));
            p.claims = Some(claims);
        }
        Open::Claims(s) | Open::Quotes(s) => {
            if !stories_ready {
                return Err("the stories are being grouped…".into());
            }
            p.claims = Some(desk.claims_of(*s));
        }
        Open::Reader { article, .. } if *article >= desk.articles.len() => {
            return Err("no such article".into());
        }
        _ => {}
    }
    Ok(p)
}

/// Builds the screen `open` asks for.
pub fn build(open: Open, prepared: Prepared, ctx: &Ctx) -> Box<dyn Screen> {
    match open {
        Open::Reader {
            article,
            sentence,
            evidence,
            entity,
        } => Box::new(reader::ReaderScreen::new(
            article, sentence, evidence, entity,
        )),
        Open::Compare { left, right, focus } => Box::new(compare::CompareScreen::new(
            ctx,
            left,
            right,
            prepared.alignment.expect("prepared"),
            prepared.claims,
            focus,
        )),
        Open::Story(s) => Box::new(story::StoryScreen::new(
            ctx,
            s,
            prepared.facts.unwrap_or_default(),
        )),
        Open::Claims(s) => Box::new(claims::ClaimsScreen::new(
            ctx,
            s,
            prepared.claims.expect("prepared"),
        )),
        Open::Quotes(s) => Box::new(quotes::QuotesScreen::new(
            ctx,
            s,
            prepared.claims.expect("prepared"),
        )),
        Open::Stories => Box::new(stories::StoriesScreen::new(ctx)),
        Open::Entities => Box::new(entities::EntitiesScreen::new(ctx)),
        Open::Picker { for_article } => Box::new(picker::PickerScreen::new(ctx, for_article)),
        Open::Help {
            title,
            context,
            commands,
        } => Box::new(help::HelpScreen::new(title, context, commands)),
        Open::Log => Box::new(help::LogScreen::default()),
    }
}
