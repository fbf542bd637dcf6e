//! `newsdesk entities`: every entity mention, or the canonical entities.

use super::{OutputArgs, load_headless, write_out};
use crate::config::Settings;
use crate::desk::Desk;
use crate::nlp::entities::{Group, Origin};
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// One line of `newsdesk entities --json`.
#[derive(Serialize)]
struct MentionJson<'a> {
    article: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    label: &'a str,
    group: Group,
    canonical: &'a str,
    origin: Origin,
}

/// One line of `newsdesk entities --canonical --json`.
#[derive(Serialize)]
struct CanonicalJson {
    name: String,
    key: String,
    group: Group,
    label: String,
    mentions: usize,
    articles: Vec<String>,
    outlets: Vec<String>,
}

pub fn run(args: &OutputArgs, canonical: bool, settings: &Settings) -> ExitCode {
    let report = match load_headless(&args.paths, settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let mut desk = super::headless_desk(report);
    desk.analyze_all();
    if canonical {
        return write_canonical(&desk, args.json);
    }
    write_out(|out| {
        for (i, a) in desk.articles.iter().enumerate() {
            let an = desk.analyses[i].as_ref().expect("analysed");
            for m in &an.entities.mentions {
                let c = a.char_span(m.span);
                let text = a.text(m.span);
                let canon = &an.entities.canonical[m.canonical];
                if args.json {
                    let j = MentionJson {
                        article: &a.id,
                        start: c.start,
                        end: c.end,
                        text,
                        label: m.label,
                        group: m.group,
                        canonical: &canon.name,
                        origin: m.origin,
                    };
                    serde_json::to_writer(&mut *out, &j).map_err(std::io::Error::other)?;
                    writeln!(out)?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}-{}\t{:<8}\t{}\t→ {}",
                        a.id,
                        c.start,
                        c.end,
                        m.label,
                        sanitize_line(text),
                        sanitize_line(&canon.name)
                    )?;
                }
            }
        }
        Ok(())
    })
}

/// Entities across the corpus: folded keys merged, with the outlets naming them.
fn write_canonical(desk: &Desk, json: bool) -> ExitCode {
    let mut merged: BTreeMap<(Group, String), CanonicalJson> = BTreeMap::new();
    for (i, a) in desk.articles.iter().enumerate() {
        let an = desk.analyses[i].as_ref().expect("analysed");
        for c in &an.entities.canonical {
            let e = merged
                .entry((c.group, c.key.clone()))
                .or_insert_with(|| CanonicalJson {
                    name: c.name.clone(),
                    key: c.key.clone(),
                    group: c.group,
                    label: c.label.to_string(),
                    mentions: 0,
                    articles: Vec::new(),
                    outlets: Vec::new(),
                });
            e.mentions += c.mentions.len();
            if c.name.chars().count() > e.name.chars().count() {
                e.name = c.name.clone();
            }
            if !e.articles.contains(&a.id) {
                e.articles.push(a.id.clone());
            }
            if let Some(o) = &a.outlet
                && !e.outlets.contains(o)
            {
                e.outlets.push(o.clone());
            }
        }
    }
    let mut rows: Vec<CanonicalJson> = merged.into_values().collect();
    rows.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.key.cmp(&b.key))
    });
    write_out(|out| {
        for r in &rows {
            if json {
                serde_json::to_writer(&mut *out, r).map_err(std::io::Error::other)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{:<7} {:>4}  {}  ({} article{})",
                    r.group.name(),
                    r.mentions,
                    sanitize_line(&r.name),
                    r.articles.len(),
                    if r.articles.len() == 1 { "" } else { "s" }
                )?;
            }
        }
        Ok(())
    })
}
