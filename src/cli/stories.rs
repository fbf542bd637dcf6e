//! `newsdesk stories`: which articles report the same incident.

use super::{OutputArgs, load_headless, write_out};
use crate::config::Settings;
use crate::desk::Desk;
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
struct StoryJson<'a> {
    id: String,
    label: &'a str,
    /// Member article ids, the most central first.
    articles: Vec<&'a str>,
    /// Articles that share this story's people and places but report another event.
    related: Vec<&'a str>,
}

#[derive(Serialize)]
struct StoriesJson<'a> {
    stories: Vec<StoryJson<'a>>,
}

pub fn run(args: &OutputArgs, settings: &Settings) -> ExitCode {
    let report = match load_headless(&args.paths, settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let mut desk = Desk::from_report(report);
    desk.compute_stories();
    let stories = desk.stories.as_ref().expect("computed");
    let json = StoriesJson {
        stories: stories
            .stories
            .iter()
            .enumerate()
            .map(|(i, s)| StoryJson {
                id: format!("s{}", i + 1),
                label: &s.label,
                articles: s
                    .articles
                    .iter()
                    .map(|&a| desk.articles[a].id.as_str())
                    .collect(),
                related: s
                    .related
                    .iter()
                    .map(|&(a, _)| desk.articles[a].id.as_str())
                    .collect(),
            })
            .collect(),
    };
    write_out(|out| {
        if args.json {
            serde_json::to_writer(&mut *out, &json).map_err(std::io::Error::other)?;
            writeln!(out)
        } else {
            for s in &json.stories {
                writeln!(
                    out,
                    "{}  {} ({} article{})",
                    s.id,
                    sanitize_line(s.label),
                    s.articles.len(),
                    if s.articles.len() == 1 { "" } else { "s" }
                )?;
                for a in &s.articles {
                    writeln!(out, "    {a}")?;
                }
                if !s.related.is_empty() {
                    writeln!(out, "    related: {}", s.related.join(", "))?;
                }
            }
            Ok(())
        }
    })
}
