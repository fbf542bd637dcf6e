//! `newsdesk stories`: which articles report the same incident.

use super::{OutputArgs, load_headless_with, write_out};
use crate::compare::stories::Stories;
use crate::config::Settings;
use crate::desk::StreamingGrouper;
use crate::sanitize::sanitize_line;
use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;
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

/// Loads the corpus and groups it without holding its text: each batch of
/// articles is reduced as it loads to what grouping needs (see
/// [`StreamingGrouper`]), so an archive of a million articles fits in
/// memory. With an analysis cache a first pass only keys the articles, and
/// stories stored for exactly them are read back with no grouping work;
/// when there are none, the corpus is read a second time to group it.
fn load_and_group(
    paths: &[PathBuf],
    settings: &Settings,
) -> Result<(crate::desk::Desk, Stories), String> {
    let cached = crate::cache::global().is_some();
    let mut texts: Vec<[u8; 16]> = Vec::new();
    let mut grouper = (!cached).then(StreamingGrouper::default);
    let report = load_headless_with(paths, settings, &mut |batch| {
        if cached {
            texts.par_extend(batch.par_iter().map(crate::cache::analysis_key));
        }
        if let Some(g) = grouper.as_mut() {
            g.add(batch);
        }
        for a in batch.iter_mut() {
            a.shed_text();
        }
    })?;
    let mut desk = super::headless_desk(report);
    let key = cached.then(|| crate::cache::stories_key_with(&desk.articles, &texts));
    if let Some(k) = &key
        && let Some((stories, idf)) = crate::desk::cached_stories(k, desk.articles.len())
    {
        desk.set_idf(desk.articles.len(), std::sync::Arc::new(idf));
        return Ok((desk, stories));
    }
    let grouper = match grouper {
        Some(g) => g,
        None => {
            let opts = settings.load_options();
            let mut g = StreamingGrouper::default();
            let mut same = true;
            crate::corpus::load_paths_streaming(paths, &opts, &mut |event| match event {
                crate::corpus::LoadEvent::Articles(batch) => {
                    // the articles of the first pass, in its order
                    let start = g.len();
                    same &= batch
                        .iter()
                        .enumerate()
                        .all(|(i, a)| desk.articles.get(start + i).is_some_and(|d| d.id == a.id));
                    if same {
                        g.add(&batch);
                    }
                }
                crate::corpus::LoadEvent::Progress { done, total } => super::print_progress(
                    "grouping stories: reading MB",
                    (done >> 20) as usize,
                    (total >> 20).max(1) as usize,
                ),
                _ => {}
            });
            if !same || g.len() != desk.articles.len() {
                return Err("the articles changed while they were read; run again".into());
            }
            g
        }
    };
    super::print_progress("grouping stories", 0, 1);
    let (stories, idf) = grouper.finish(&desk.articles);
    super::print_progress("grouping stories", 1, 1);
    if let Some(k) = &key {
        crate::desk::store_stories(k, &stories, &idf);
    }
    desk.set_idf(desk.articles.len(), std::sync::Arc::new(idf));
    Ok((desk, stories))
}

pub fn run(args: &OutputArgs, settings: &Settings) -> ExitCode {
    let (desk, stories) = match load_and_group(&args.paths, settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let stories = &stories;
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
