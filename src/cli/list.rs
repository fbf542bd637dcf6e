//! `newsdesk list`: the loaded articles and their metadata.

use super::{ListArgs, load_headless};
use crate::config::Settings;
use crate::corpus::{Article, Provenance};
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

/// A span in Unicode scalar values, with its kind.
#[derive(Serialize)]
pub struct MarkJson {
    pub start: usize,
    pub end: usize,
    pub kind: &'static str,
}

/// One line of `newsdesk list --json`.
#[derive(Serialize)]
pub struct ArticleJson<'a> {
    pub id: &'a str,
    pub path: Option<String>,
    pub title: &'a str,
    pub outlet: Option<&'a str>,
    pub published: Option<String>,
    pub url: Option<&'a str>,
    pub authors: &'a [String],
    pub words: usize,
    /// Which of title, outlet and published were inferred from the text.
    pub inferred: Vec<&'static str>,
    /// Non-reporting spans (boilerplate, subheads, headline) in the body.
    pub boilerplate: Vec<MarkJson>,
    /// The unit of every offset: Unicode scalar values into the body.
    pub offsets: &'static str,
    /// The format the article was read from (`text`, `markdown`, `json`,
    /// `jsonl`, `html`, `rss`, `atom`, `json_feed`, `ninjs`, `newsml_g2`,
    /// `embedded`).
    pub format: &'static str,
    /// Last update (`YYYY-MM-DD`), when the file says.
    pub updated: Option<String>,
    /// The day the text shows it was written on or after, when later than
    /// `published` (the latest date of a social-media post it embeds);
    /// analyses read the text as of this day.
    pub text_date: Option<String>,
    /// The feed or wire item's GUID.
    pub guid: Option<&'a str>,
    /// The wire item's version (given, or the order versions arrived in).
    pub version: Option<u32>,
    /// The id of the article this one is a later version of.
    pub version_of: Option<&'a str>,
    /// The body as loaded (only with `--body`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
}

impl<'a> ArticleJson<'a> {
    pub fn new(a: &'a Article) -> Self {
        let inferred = [
            ("title", a.sources.title),
            ("outlet", a.sources.outlet),
            ("published", a.sources.published),
        ]
        .into_iter()
        .filter(|(_, p)| *p == Provenance::Inferred)
        .map(|(n, _)| n)
        .collect();
        ArticleJson {
            id: &a.id,
            path: a.path.as_ref().map(|p| p.display().to_string()),
            title: &a.title,
            outlet: a.outlet.as_deref(),
            published: a.published.map(|d| d.to_string()),
            url: a.url.as_deref(),
            authors: &a.authors,
            words: a.words(),
            inferred,
            boilerplate: a
                .marks
                .iter()
                .map(|m| {
                    let s = a.char_span(m.span);
                    MarkJson {
                        start: s.start,
                        end: s.end,
                        kind: m.kind.as_str(),
                    }
                })
                .collect(),
            offsets: "unicode_scalar_values",
            format: a.format.as_str(),
            updated: a.updated.map(|d| d.to_string()),
            text_date: a.text_date.map(|d| d.to_string()),
            guid: a.guid.as_deref(),
            version: a.version,
            version_of: a.version_of.as_deref(),
            body: None,
        }
    }

    /// The same, with the body.
    pub fn with_body(a: &'a Article) -> Self {
        ArticleJson {
            body: Some(&a.body),
            ..ArticleJson::new(a)
        }
    }
}

pub fn run(list: &ListArgs, settings: &Settings) -> ExitCode {
    let args = &list.out;
    let report = match load_headless(&args.paths, settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let articles: Vec<std::sync::Arc<Article>> = report
        .articles
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
    let shown: Vec<&Article> = match &list.filter {
        None => articles.iter().map(|a| a.as_ref()).collect(),
        Some(q) => {
            // a large corpus's body index, if the dashboard has built one
            let index = crate::cache::installed_dir()
                .map(|cache| crate::search::IndexPlan::in_cache(cache, &args.paths))
                .filter(|plan| plan.wants(articles.len()))
                .and_then(|plan| crate::bodyindex::existing_snapshot(&plan.dir, &articles))
                .map(|s| crate::search::IndexedBodies::of(std::sync::Arc::new(s)))
                .unwrap_or_default();
            let (hits, looked_up) =
                crate::search::find_all_indexed(&articles, &crate::search::Query::parse(q), &index);
            if looked_up > 0 {
                tracing::info!(
                    looked_up,
                    covered = index.covered_count(),
                    articles = articles.len(),
                    "filter used the body index"
                );
            }
            hits.into_iter()
                .map(|hit| articles[hit.article].as_ref())
                .collect()
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = if args.json {
        shown.iter().try_for_each(|a| {
            let json = if list.body {
                ArticleJson::with_body(a)
            } else {
                ArticleJson::new(a)
            };
            serde_json::to_writer(&mut out, &json).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        })
    } else {
        write_table(&mut out, &shown)
    };
    match result.and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsdesk: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}

fn cut(text: &str, width: usize) -> String {
    crate::tui::wrap::truncate(&sanitize_line(text), width)
}

/// Pads to a display width (wide characters count double).
pub fn pad(text: &str, width: usize) -> String {
    let w = crate::tui::wrap::display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn write_table(out: &mut impl Write, articles: &[&Article]) -> std::io::Result<()> {
    let id_w = articles
        .iter()
        .map(|a| a.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 28);
    writeln!(
        out,
        "{}  {:<10}  {:<20}  {:<9}  {:>6}  TITLE",
        pad("ID", id_w),
        "DATE",
        "OUTLET",
        "FORMAT",
        "WORDS"
    )?;
    for a in articles {
        let date = a
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into());
        let title = match &a.version_of {
            Some(root) => format!(
                "{} (v{} of {root})",
                sanitize_line(&a.title),
                a.version.unwrap_or(2)
            ),
            None => sanitize_line(&a.title).into_owned(),
        };
        writeln!(
            out,
            "{}  {}  {}  {:<9}  {:>6}  {}",
            pad(&cut(&a.id, id_w), id_w),
            pad(&date, 10),
            pad(&cut(a.outlet.as_deref().unwrap_or("—"), 20), 20),
            a.format.as_str(),
            a.words(),
            title
        )?;
    }
    Ok(())
}
