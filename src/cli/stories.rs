//! `newsdesk stories`: which articles report the same incident.

use super::{OutputArgs, load_headless, write_out};
use crate::config::Settings;
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
    let mut desk = super::headless_desk(report);
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
            return writeln!(out);
        }
        // readable: each story with its reports (outlet, date, title), the
        // stories with several reports first
        let mut order: Vec<usize> = (0..stories.stories.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(stories.stories[i].articles.len()), i));
        let line = |a: usize| {
            let art = &desk.articles[a];
            format!(
                "{:<22} {:<10}  {}",
                crate::tui::wrap::truncate(
                    &sanitize_line(art.outlet.as_deref().unwrap_or("—")),
                    22
                ),
                art.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into()),
                crate::tui::wrap::truncate(&sanitize_line(&art.title), 90)
            )
        };
        let singles = order
            .iter()
            .filter(|&&i| stories.stories[i].articles.len() == 1)
            .count();
        for &i in &order {
            let s = &stories.stories[i];
            let n = s.articles.len();
            if n == 1 && s.related.is_empty() && singles > 20 {
                continue;
            }
            let mut outlets: Vec<String> = Vec::new();
            for &a in &s.articles {
                let o = desk.articles[a]
                    .outlet
                    .clone()
                    .unwrap_or_else(|| "unknown outlet".into());
                if !outlets.contains(&o) {
                    outlets.push(o);
                }
            }
            writeln!(
                out,
                "s{}  {}\n    {n} report{} · {}",
                i + 1,
                sanitize_line(&s.label),
                if n == 1 { "" } else { "s" },
                sanitize_line(&outlets.join(", "))
            )?;
            for &a in &s.articles {
                writeln!(out, "    {}", line(a))?;
            }
            for &(a, _) in s.related.iter().take(5) {
                writeln!(out, "    related: {}", line(a))?;
            }
            writeln!(out)?;
        }
        let hidden = order
            .iter()
            .filter(|&&i| {
                let s = &stories.stories[i];
                s.articles.len() == 1 && s.related.is_empty()
            })
            .count();
        if singles > 20 && hidden > 0 {
            writeln!(
                out,
                "and {hidden} articles that report a story of their own (--json lists every story)"
            )?;
        }
        Ok(())
    })
}
