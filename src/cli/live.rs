//! `newsdesk fetch` and `newsdesk watch`: pages and feeds from the web, and
//! articles as they land in watched folders.

use super::list::ArticleJson;
use crate::config::Settings;
use crate::corpus::{self, LoadEvent, LoadOptions, LoadState};
use crate::fetch::{self, FetchOptions};
use crate::sanitize::sanitize_line;
use clap::Args;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Arguments of `newsdesk fetch`.
#[derive(Args, Debug, Clone)]
pub struct FetchArgs {
    /// The pages and feeds to download (http:// or https://).
    #[arg(value_name = "URL", required = true)]
    pub urls: Vec<String>,
    /// The folder to save into (created if needed) [default: .].
    #[arg(long, value_name = "FOLDER")]
    pub into: Option<PathBuf>,
    /// Give up on a server after this many seconds [default: 30].
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Print the loaded articles as JSON lines (with "url" of the fetch and "file").
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsdesk watch`.
#[derive(Args, Debug, Clone)]
pub struct WatchArgs {
    /// The folders to watch (recursively).
    #[arg(value_name = "FOLDER", required = true)]
    pub folders: Vec<PathBuf>,
    /// Print the articles already in the folders first ("event": "existing").
    #[arg(long)]
    pub existing: bool,
    /// Include each article's body.
    #[arg(long)]
    pub body: bool,
    /// Do not poll the feeds of the config.
    #[arg(long)]
    pub no_feeds: bool,
    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long = "for", value_name = "SECS")]
    pub duration: Option<f64>,
}

#[derive(Serialize)]
struct FetchLine<'a> {
    fetched: &'a str,
    file: String,
    #[serde(flatten)]
    article: ArticleJson<'a>,
}

#[derive(Serialize)]
struct WatchLine<'a> {
    event: &'static str,
    #[serde(flatten)]
    article: ArticleJson<'a>,
}

fn warn(text: &str) {
    eprintln!("newsdesk: warning: {}", sanitize_line(text));
}

fn fetch_options(settings: &Settings, timeout: Option<u64>) -> FetchOptions {
    let mut o = FetchOptions::for_settings(settings);
    if let Some(t) = timeout {
        o.timeout = Duration::from_secs(t.max(1));
        o.connect_timeout = o.connect_timeout.min(o.timeout);
    }
    o
}

pub fn run_fetch(args: &FetchArgs, settings: &Settings) -> ExitCode {
    let folder = args.into.clone().unwrap_or_else(|| PathBuf::from("."));
    let opts = fetch_options(settings, args.timeout);
    let load = LoadOptions {
        max_file_size: settings.max_file_size,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for url in &args.urls {
        let fetched = match fetch::fetch(url, &opts) {
            Ok(f) => f,
            Err(e) => {
                warn(&format!("{url}: {e}"));
                failed += 1;
                continue;
            }
        };
        let path = match fetch::save(&fetched, &folder, None) {
            Ok(p) => p,
            Err(e) => {
                warn(&format!(
                    "{url}: cannot save in {}: {}",
                    folder.display(),
                    crate::fsutil::io_reason(&e)
                ));
                failed += 1;
                continue;
            }
        };
        let report = corpus::load_paths(std::slice::from_ref(&path), &load);
        for w in &report.warnings {
            warn(&w.to_string());
        }
        let written = if args.json {
            report.articles.iter().try_for_each(|a| {
                let line = FetchLine {
                    fetched: url,
                    file: path.display().to_string(),
                    article: ArticleJson::new(a),
                };
                serde_json::to_writer(&mut out, &line).map_err(std::io::Error::other)?;
                out.write_all(b"\n")
            })
        } else {
            let summary = match report.articles.as_slice() {
                [] => "nothing loadable".to_string(),
                [a] => format!(
                    "{}: \u{201c}{}\u{201d} ({} words)",
                    a.format.as_str(),
                    sanitize_line(&a.title),
                    a.words()
                ),
                many => format!("{}: {} articles", many[0].format.as_str(), many.len()),
            };
            writeln!(
                out,
                "{} → {}: {summary}",
                sanitize_line(url),
                path.display()
            )
        };
        if let Err(e) = written.and_then(|_| out.flush()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsdesk: cannot write output: {e}");
            return ExitCode::FAILURE;
        }
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run_watch(args: &WatchArgs, settings: &Settings) -> ExitCode {
    for f in &args.folders {
        if !f.is_dir() {
            eprintln!("newsdesk: {} is not a folder", f.display());
            return ExitCode::from(2);
        }
    }
    let load = LoadOptions {
        max_file_size: settings.max_file_size,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut print = |event: &'static str, a: &corpus::Article| -> std::io::Result<()> {
        let article = if args.body {
            ArticleJson::with_body(a)
        } else {
            ArticleJson::new(a)
        };
        serde_json::to_writer(&mut out, &WatchLine { event, article })
            .map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
        out.flush()
    };
    let mut state = LoadState::new();
    let mut existing = Vec::new();
    corpus::load_paths_with(&mut state, &args.folders, &load, &mut |e| match e {
        LoadEvent::Articles(mut a) => existing.append(&mut a),
        LoadEvent::Warning(w) if !w.message.starts_with("no article files here") => {
            warn(&w.to_string())
        }
        _ => {}
    });
    if args.existing {
        for a in &existing {
            if let Err(e) = print("existing", a) {
                return write_failure(e);
            }
        }
    }
    drop(existing);
    let (tx, rx) = std::sync::mpsc::channel();
    let watch = match corpus::watch::watch_folders(
        &args.folders,
        state,
        corpus::watch::WatchOptions {
            load: load.clone(),
            ..Default::default()
        },
        move |e| tx.send(e).is_ok(),
    ) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::FAILURE;
        }
    };
    let poller = (!args.no_feeds && !settings.feeds.is_empty()).then(|| {
        let feeds = settings
            .feeds
            .iter()
            .map(|f| fetch::FeedSource {
                url: f.url.clone(),
                every: f.every,
                name: f.name.clone(),
            })
            .collect();
        fetch::spawn_feed_poller(
            feeds,
            args.folders[0].clone(),
            fetch_options(settings, None),
            |r| match r {
                fetch::PollReport::Failed(url, why) => warn(&format!("feed {url}: {why}")),
                other => tracing::info!("feed poll: {other:?}"),
            },
        )
    });
    let deadline = args
        .duration
        .map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    let code = loop {
        let wait = match deadline {
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(w) => w,
                None => break ExitCode::SUCCESS,
            },
            None => Duration::from_secs(3600),
        };
        let event = match rx.recv_timeout(wait) {
            Ok(e) => e,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break ExitCode::SUCCESS,
        };
        let written = match &event {
            LoadEvent::Articles(a) => a.iter().try_for_each(|a| print("new", a)),
            LoadEvent::Changed(a) => a.iter().try_for_each(|a| print("changed", a)),
            LoadEvent::Warning(w) => {
                warn(&w.to_string());
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = written {
            break write_failure(e);
        }
    };
    if let Some(p) = poller {
        p.stop();
    }
    drop(watch);
    code
}

fn write_failure(e: std::io::Error) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        ExitCode::SUCCESS
    } else {
        eprintln!("newsdesk: cannot write output: {e}");
        ExitCode::FAILURE
    }
}
