//! `newsdesk review list|set` and `newsdesk report`: verdicts and notes from
//! scripts, and the fact-check report.

use super::{GlobalArgs, OutputArgs, load_headless, write_out};
use crate::config::Settings;
use crate::desk::Desk;
use crate::review::{Change, ItemKey, ItemKind, KeyBody, Verdict};
use crate::sanitize::sanitize_line;
use crate::workflow::{
    Review, ReviewItem, article_item, discrepancy_item, editor_name, span_item, store_path,
};
use clap::{Args, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum ReviewCommand {
    /// Every item that has a verdict or a note (JSON Lines with --json).
    List(OutputArgs),
    /// Set one item's verdict and/or note, or many from a JSON Lines file.
    Set(SetArgs),
}

#[derive(Args, Debug)]
pub struct SetArgs {
    /// Files and folders of articles (default as for the dashboard).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The item's key (as `review list` and `claims --json` print it).
    #[arg(long, required_unless_present = "items_from")]
    pub item: Option<String>,
    /// unchecked, verified, disputed, false or needs_source.
    #[arg(long)]
    pub verdict: Option<String>,
    /// The item's note (replaces the one it has; "" removes it).
    #[arg(long)]
    pub note: Option<String>,
    /// JSON Lines of {"item", "verdict"?, "note"?}, imported in one transaction.
    #[arg(long, value_name = "FILE", conflicts_with = "item")]
    pub items_from: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown, for people.
    Md,
    /// One JSON document, for tools (the same content).
    Json,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Files and folders of articles (default as for the dashboard).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// md (the default) or json.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Short for --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Report only this story (s3, or 3; see `newsdesk stories`); repeat for more.
    #[arg(long = "story", value_name = "ID", conflicts_with = "all")]
    pub stories: Vec<String>,
    /// Report every story with two reports, a finding or a verdict (the default).
    #[arg(long)]
    pub all: bool,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Loads the corpus and opens the review store (creating it only when `create`).
pub fn desk_with_review(
    paths: &[PathBuf],
    settings: &Settings,
    global: &GlobalArgs,
    create: bool,
) -> Result<Desk, String> {
    let report = load_headless(paths, settings)?;
    let mut desk = super::headless_desk(report);
    let path = store_path(global.store.as_deref(), paths);
    if create || path.exists() {
        let editor = editor_name(global.editor.as_deref());
        let mut review = Review::open(&path, &editor).map_err(|e| e.to_string())?;
        if let Some(why) = &review.read_only {
            eprintln!("newsdesk: warning: review store is read-only: {why}");
        } else {
            let articles: Vec<&crate::corpus::Article> =
                desk.articles.iter().map(|a| a.as_ref()).collect();
            let _ = review.reconcile(&articles);
        }
        desk.review = Some(review);
    }
    Ok(desk)
}

/// Finds the item a key names in the corpus.
pub fn resolve_item(desk: &mut Desk, key: &ItemKey) -> Option<ReviewItem> {
    match key.body()? {
        KeyBody::Composite { .. } => {
            let claims = desk.all_story_claims();
            let articles: Vec<&crate::corpus::Article> =
                desk.articles.iter().map(|a| a.as_ref()).collect();
            claims
                .iter()
                .flat_map(|sc| sc.discrepancies.iter().map(move |d| (sc, d)))
                .find_map(|(sc, d)| {
                    let item = discrepancy_item(&articles, sc, d);
                    (item.key == *key).then_some(item)
                })
        }
        _ => {
            let hash = key.article_hash()?;
            let article = desk
                .articles
                .iter()
                .find(|a| crate::workflow::article_hash(a) == hash)?;
            match key.span_range() {
                None => Some(article_item(article)),
                Some((start, end)) => {
                    // char offsets → bytes
                    let mut idx = article
                        .body
                        .char_indices()
                        .map(|(b, _)| b)
                        .chain(std::iter::once(article.body.len()));
                    let s = idx.clone().nth(start)?;
                    let e = idx.nth(end)?;
                    Some(span_item(
                        article,
                        key.kind(),
                        crate::corpus::Span::new(s, e),
                    ))
                }
            }
        }
    }
}

#[derive(Serialize)]
struct EntryJson<'a> {
    item: &'a str,
    article: &'a str,
    kind: ItemKind,
    text: &'a str,
    verdict: Verdict,
    note: &'a str,
    editor: &'a str,
    updated: String,
    text_changed: bool,
}

#[derive(Deserialize)]
struct ImportLine {
    item: String,
    verdict: Option<String>,
    note: Option<String>,
}

pub fn run(cmd: &ReviewCommand, settings: &Settings, global: &GlobalArgs) -> ExitCode {
    match cmd {
        ReviewCommand::List(args) => {
            let desk = match desk_with_review(&args.paths, settings, global, false) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("newsdesk: {e}");
                    return ExitCode::from(2);
                }
            };
            let mut entries: Vec<&crate::review::Entry> = desk
                .review
                .as_ref()
                .map(|r| r.entries.values().collect())
                .unwrap_or_default();
            entries.sort_by(|a, b| {
                a.updated
                    .cmp(&b.updated)
                    .then(a.key.as_str().cmp(b.key.as_str()))
            });
            if entries.is_empty() {
                let store = store_path(global.store.as_deref(), &args.paths);
                let msg = format!(
                    "no verdicts or notes yet (review store: {}{})",
                    store.display(),
                    if store.exists() {
                        ""
                    } else {
                        ", not created yet"
                    }
                );
                // scripts reading JSON get an empty stream; people get the sentence
                if args.json {
                    eprintln!("newsdesk: {msg}");
                    return ExitCode::SUCCESS;
                }
                return write_out(|out| writeln!(out, "{msg}"));
            }
            write_out(|out| {
                for e in &entries {
                    if args.json {
                        let j = EntryJson {
                            item: e.key.as_str(),
                            article: &e.article_id,
                            kind: e.kind,
                            text: &e.text,
                            verdict: e.verdict,
                            note: &e.note,
                            editor: &e.editor,
                            updated: e.updated.to_string(),
                            text_changed: e.text_changed,
                        };
                        serde_json::to_writer(&mut *out, &j).map_err(std::io::Error::other)?;
                        writeln!(out)?;
                    } else {
                        writeln!(
                            out,
                            "{:<13} {:<12} {}{}  {}",
                            e.verdict.label(),
                            e.kind.as_str(),
                            sanitize_line(&e.text),
                            if e.note.is_empty() {
                                String::new()
                            } else {
                                format!(" — {}", sanitize_line(&e.note))
                            },
                            e.key.as_str()
                        )?;
                    }
                }
                Ok(())
            })
        }
        ReviewCommand::Set(args) => {
            let mut desk = match desk_with_review(&args.paths, settings, global, true) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("newsdesk: {e}");
                    return ExitCode::from(2);
                }
            };
            let mut lines: Vec<ImportLine> = Vec::new();
            if let Some(file) = &args.items_from {
                let text = match std::fs::read_to_string(file) {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("newsdesk: cannot read {}: {e}", file.display());
                        return ExitCode::from(2);
                    }
                };
                for (i, l) in text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                {
                    match serde_json::from_str(l) {
                        Ok(x) => lines.push(x),
                        Err(e) => {
                            eprintln!(
                                "newsdesk: {}:{}: {e}; nothing imported",
                                file.display(),
                                i + 1
                            );
                            return ExitCode::from(2);
                        }
                    }
                }
            } else if let Some(item) = &args.item {
                lines.push(ImportLine {
                    item: item.clone(),
                    verdict: args.verdict.clone(),
                    note: args.note.clone(),
                });
            }
            let mut changes = Vec::new();
            for l in &lines {
                let key: ItemKey = match l.item.parse() {
                    Ok(k) => k,
                    Err(e) => {
                        eprintln!("newsdesk: bad item key {:?}: {e}", l.item);
                        return ExitCode::from(2);
                    }
                };
                let Some(item) = resolve_item(&mut desk, &key) else {
                    eprintln!(
                        "newsdesk: no item {} in this corpus (see `newsdesk claims --json` for keys)",
                        l.item
                    );
                    return ExitCode::from(2);
                };
                let mut change = Change::new(item.key, item.article_id, item.text);
                if let Some(v) = &l.verdict {
                    match v.parse::<Verdict>() {
                        Ok(v) => change = change.verdict(v),
                        Err(e) => {
                            eprintln!("newsdesk: {e}");
                            return ExitCode::from(2);
                        }
                    }
                }
                if let Some(n) = &l.note {
                    change = change.note(n.clone());
                }
                changes.push(change);
            }
            let review = desk.review.as_mut().expect("opened");
            if review.read_only.is_some() {
                eprintln!("newsdesk: the review store is read-only; nothing saved");
                return ExitCode::FAILURE;
            }
            let n = changes.len();
            let result = if n == 1 {
                review.set(changes.remove(0)).map(|_| 1)
            } else {
                review.set_many(changes)
            };
            match result {
                Ok(k) => {
                    eprintln!(
                        "newsdesk: saved {k} item{} to {}",
                        if k == 1 { "" } else { "s" },
                        review.path().display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("newsdesk: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

pub fn run_report(args: &ReportArgs, settings: &Settings, global: &GlobalArgs) -> ExitCode {
    let mut desk = match desk_with_review(&args.paths, settings, global, false) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let editor = editor_name(global.editor.as_deref());
    let report = if args.stories.is_empty() {
        desk.report(&editor)
    } else {
        desk.compute_stories();
        let count = desk.stories.as_ref().map_or(0, |s| s.stories.len());
        let mut only = Vec::new();
        for id in &args.stories {
            match id.trim_start_matches(['s', 'S']).parse::<usize>() {
                Ok(n) if n >= 1 && n <= count => only.push(n - 1),
                _ => {
                    eprintln!(
                        "newsdesk: no story {id:?}: this corpus has s1 to s{count} (see `newsdesk stories`)"
                    );
                    return ExitCode::from(2);
                }
            }
        }
        let entries = desk
            .review
            .as_ref()
            .map(|r| r.entries.clone())
            .unwrap_or_default();
        desk.report_for(&editor, &entries, Some(&only))
    };
    let json = args.json || args.format == ReportFormat::Json;
    let text = if json {
        serde_json::to_string_pretty(&report).expect("report serialises") + "\n"
    } else {
        crate::report::to_markdown(&report)
    };
    match &args.output {
        // atomic: a full disk or a kill leaves the previous report whole
        Some(path) => match crate::fsutil::write_atomic(path, text.as_bytes()) {
            Ok(()) => {
                eprintln!(
                    "newsdesk: report written to {} ({})",
                    path.display(),
                    report.tally()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "newsdesk: cannot write the report to {}: {}; nothing was changed there",
                    path.display(),
                    crate::fsutil::io_reason(&e)
                );
                ExitCode::FAILURE
            }
        },
        None => write_out(|out| out.write_all(text.as_bytes())),
    }
}
