//! The terminal dashboard: a thin view over the [`Desk`](crate::desk::Desk).
//!
//! [`run`] sets the terminal up (restoring it on every exit path, panics
//! included), starts the background threads (loading, body search, input)
//! and runs the loop: event → `App::handle_event` → draw.

pub mod action;
pub mod app;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod views;
pub mod wrap;

use crate::config::Settings;
use crate::corpus::LoadOptions;
use crate::desk::AnalysisQueue;
use crate::desk::{Desk, spawn_load};
use crate::search::{SearchJob, Searcher};
use app::{App, AppEvent, Effect, StoreCommand, StoriesJob, Workers};
use keymap::Keymap;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{IsTerminal, stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use theme::Theme;

/// How the dashboard was asked to start.
pub struct TuiOptions {
    pub paths: Vec<PathBuf>,
    pub settings: Settings,
    pub no_color: bool,
    /// The review store (see `workflow::store_path`) and the editor's name.
    pub store: PathBuf,
    pub editor: String,
}

/// What the dashboard ended with.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The user quit.
    Quit,
    /// The load finished with no article; the warnings say why.
    NothingLoaded(Vec<crate::corpus::LoadWarning>),
}

fn restore_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture);
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen);
}

fn init_terminal() -> std::io::Result<DefaultTerminal> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        hook(info);
    }));
    enable_raw_mode()?;
    let setup = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
        .and_then(|_| ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout())));
    if setup.is_err() {
        restore_terminal();
    }
    setup
}

/// Restores the terminal when dropped, so early returns and errors restore it.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Runs the dashboard until the user quits.
pub fn run(opts: TuiOptions) -> anyhow::Result<Outcome> {
    let keymap = Keymap::from_settings(&opts.settings)?;
    let theme = Theme::from_settings(&opts.settings, opts.no_color)?;
    if !stdout().is_terminal() {
        anyhow::bail!(
            "the dashboard needs a terminal; for output to a pipe or file use `newsdesk list --json`"
        );
    }
    let started = Instant::now();
    let (tx, rx) = mpsc::channel::<AppEvent>();
    let mut app = App::new(Desk::default(), keymap, theme);

    // Searches too large for a keystroke run here; jobs of older queries are dropped.
    let (job_tx, job_rx) = mpsc::channel::<SearchJob>();
    let results = tx.clone();
    std::thread::Builder::new()
        .name("newsdesk-search".into())
        .spawn(move || {
            let searcher = Searcher::default();
            while let Ok(first) = job_rx.recv() {
                let mut jobs = vec![first];
                jobs.extend(job_rx.try_iter());
                let newest = jobs.iter().map(|j| j.generation).max().unwrap_or(0);
                for job in jobs.into_iter().filter(|j| j.generation == newest) {
                    if results.send(AppEvent::Search(job.run(&searcher))).is_err() {
                        return;
                    }
                }
            }
        })?;
    app.set_search_worker(job_tx);

    // Analysis on every core, the selected article first; stories once all are analysed.
    let analysis = AnalysisQueue::new();
    let analysed_tx = tx.clone();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    analysis.spawn_workers(cores, move |i, a| {
        analysed_tx.send(AppEvent::Analyzed(i, a)).is_ok()
    });
    let (stories_tx, stories_rx) = mpsc::channel::<StoriesJob>();
    let stories_done = tx.clone();
    std::thread::Builder::new()
        .name("newsdesk-stories".into())
        .spawn(move || {
            while let Ok(job) = stories_rx.recv() {
                let started = Instant::now();
                let articles: Vec<&crate::corpus::Article> =
                    job.articles.iter().map(|a| a.as_ref()).collect();
                let analyses: Vec<&crate::nlp::Analysis> =
                    job.analyses.iter().map(|a| a.as_ref()).collect();
                let stories = crate::compare::stories::stories_of(&articles, &analyses);
                // the IDF the compare and claims views need, off the UI thread
                let idf = std::sync::Arc::new(crate::desk::corpus_idf(&articles, &analyses));
                tracing::info!(
                    stories = stories.stories.len(),
                    ms = started.elapsed().as_millis() as u64,
                    "stories grouped"
                );
                if stories_done.send(AppEvent::Stories(stories, idf)).is_err() {
                    break;
                }
            }
        })?;
    app.set_workers(Workers {
        analysis,
        stories: stories_tx,
    });
    app.editor = opts.editor.clone();
    start_store_thread(&mut app, &opts.store, &opts.editor, tx.clone());

    let mut terminal = init_terminal()?;
    let _guard = TerminalGuard;
    terminal.draw(|f| views::draw(f, &app))?;
    tracing::info!(
        since_start_ms = crate::logging::ms_since_start(),
        "first frame drawn"
    );

    let load_tx = tx.clone();
    let load_opts = LoadOptions {
        max_file_size: opts.settings.max_file_size,
    };
    spawn_load(opts.paths.clone(), load_opts, move |event| {
        let e = match event {
            Some(e) => AppEvent::Load(e),
            None => AppEvent::LoadFinished,
        };
        load_tx.send(e).is_ok()
    });

    let paused = Arc::new(AtomicBool::new(false));
    spawn_input_thread(tx.clone(), paused.clone());
    drop(tx);

    let mut loaded_at = None;
    let app_store_tx = app.store_sender();
    while let Ok(event) = rx.recv() {
        let mut finished = matches!(event, AppEvent::LoadFinished);
        let mut dirty = app.handle_event(event);
        // Take whatever else is waiting before drawing once.
        let deadline = Instant::now() + Duration::from_millis(12);
        while Instant::now() < deadline && !app.should_quit {
            match rx.try_recv() {
                Ok(e) => {
                    finished |= matches!(e, AppEvent::LoadFinished);
                    dirty |= app.handle_event(e);
                }
                Err(_) => break,
            }
        }
        if finished {
            if let Some(store) = &app_store_tx {
                let _ = store.send(StoreCommand::Reconcile(app.desk.articles.clone()));
            }
            loaded_at = Some(started.elapsed());
            tracing::info!(
                articles = app.desk.articles.len(),
                since_start_ms = crate::logging::ms_since_start(),
                "load finished"
            );
            if app.desk.articles.is_empty() {
                return Ok(Outcome::NothingLoaded(app.desk.warnings.clone()));
            }
        }
        if app.should_quit {
            break;
        }
        if !app.effects.is_empty() {
            for effect in std::mem::take(&mut app.effects) {
                run_effect(&mut app, effect, &mut terminal, &paused, &opts.paths);
            }
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| views::draw(f, &app))?;
        }
    }
    paused.store(true, Ordering::SeqCst);
    tracing::info!(?loaded_at, "quit");
    Ok(Outcome::Quit)
}

/// Reads terminal input on its own thread; `paused` lets the UI hand the
/// terminal to another program (an editor) without this thread stealing keys.
fn spawn_input_thread(tx: mpsc::Sender<AppEvent>, paused: Arc<AtomicBool>) {
    std::thread::Builder::new()
        .name("newsdesk-input".into())
        .spawn(move || {
            loop {
                if paused.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
                match event::poll(Duration::from_millis(100)) {
                    Ok(true) => match event::read() {
                        Ok(ev) => {
                            if tx.send(AppEvent::Input(ev)).is_err() {
                                break;
                            }
                        }
                        Err(_) => break,
                    },
                    Ok(false) => {}
                    Err(_) => break,
                }
            }
        })
        .expect("spawn the input thread");
}

/// Opens the review store and moves it to a thread of its own, which saves
/// each change durably and reports back; it also picks up other dashboards'
/// changes every two seconds. A store that cannot be used leaves the
/// dashboard read-only, saying why; the file is never overwritten.
fn start_store_thread(
    app: &mut App,
    path: &std::path::Path,
    editor: &str,
    events: mpsc::Sender<AppEvent>,
) {
    let mut review = match crate::workflow::Review::open(path, editor) {
        Ok(r) => r,
        Err(e) => {
            let msg = format!("verdicts cannot be saved: {e}");
            tracing::warn!("{msg}");
            app.store_read_only = Some(e.to_string());
            app.store_path = Some(path.to_path_buf());
            let _ = events.send(AppEvent::StoreMessage(msg, true));
            return;
        }
    };
    let read_only = review.read_only.clone();
    let entries: Vec<crate::review::Entry> = review.entries.values().cloned().collect();
    let _ = events.send(AppEvent::StoreEntries(entries));
    if let Some(why) = &read_only {
        let _ = events.send(AppEvent::StoreMessage(
            format!("review store is read-only: {why}"),
            true,
        ));
    }
    let (tx, rx) = mpsc::channel::<StoreCommand>();
    app.set_store_thread(tx, path.to_path_buf(), read_only);
    let editor = editor.to_string();
    let _ = std::thread::Builder::new()
        .name("newsdesk-store".into())
        .spawn(move || {
            loop {
                let cmd = match rx.recv_timeout(Duration::from_secs(2)) {
                    Ok(c) => c,
                    Err(mpsc::RecvTimeoutError::Timeout) => StoreCommand::Refresh,
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                };
                let sent = match cmd {
                    StoreCommand::Set(change) => {
                        let key = change.key.as_str().to_string();
                        let result = review.set(change).map_err(|e| e.to_string());
                        events.send(AppEvent::StoreSaved(key, result))
                    }
                    StoreCommand::Undo(who) => match review.store.undo_last(&who) {
                        Ok(Some(e)) => {
                            let _ = review.refresh();
                            let _ = events.send(AppEvent::StoreMessage(
                                format!(
                                    "undone: {} is {} again",
                                    e.kind.as_str(),
                                    e.verdict.as_str()
                                ),
                                false,
                            ));
                            events.send(AppEvent::StoreEntries(vec![e]))
                        }
                        Ok(None) => {
                            events.send(AppEvent::StoreMessage("nothing to undo".into(), false))
                        }
                        Err(e) => {
                            events.send(AppEvent::StoreMessage(format!("undo failed: {e}"), true))
                        }
                    },
                    StoreCommand::Refresh => match review.store.changes_since(review.version) {
                        Ok((v, changed)) if !changed.is_empty() => {
                            review.version = v;
                            events.send(AppEvent::StoreEntries(changed))
                        }
                        Ok((v, _)) => {
                            review.version = v;
                            Ok(())
                        }
                        Err(e) => events.send(AppEvent::StoreMessage(format!("store: {e}"), true)),
                    },
                    StoreCommand::Reconcile(articles) => {
                        let refs: Vec<&crate::corpus::Article> =
                            articles.iter().map(|a| a.as_ref()).collect();
                        match review.reconcile(&refs) {
                            Ok(0) => Ok(()),
                            Ok(n) => {
                                let all: Vec<crate::review::Entry> =
                                    review.entries.values().cloned().collect();
                                let _ = events.send(AppEvent::StoreMessage(
                                    format!("{n} verdict(s) followed edited or renamed articles"),
                                    false,
                                ));
                                events.send(AppEvent::StoreEntries(all))
                            }
                            Err(e) => {
                                events.send(AppEvent::StoreMessage(format!("store: {e}"), true))
                            }
                        }
                    }
                };
                if sent.is_err() {
                    break;
                }
            }
            tracing::info!(editor, "store thread stopped");
        });
}

/// Carries out what the App asked for outside itself.
fn run_effect(
    app: &mut App,
    effect: Effect,
    terminal: &mut DefaultTerminal,
    paused: &Arc<AtomicBool>,
    paths: &[PathBuf],
) {
    match effect {
        Effect::Copy(text) => {
            use base64::Engine;
            let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            let _ =
                std::io::Write::write_all(&mut stdout(), format!("\x1b]52;c;{b64}\x07").as_bytes());
            let _ = std::io::Write::flush(&mut stdout());
        }
        Effect::OpenUrl(url) => {
            let opener = if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            };
            let spawned = std::process::Command::new(opener)
                .arg(&url)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn();
            if let Err(e) = spawned {
                app.handle_event(AppEvent::StoreMessage(
                    format!("cannot open {url}: {opener}: {e}"),
                    true,
                ));
            }
        }
        Effect::EditNote(item, text) => {
            let editor = std::env::var("VISUAL")
                .or_else(|_| std::env::var("EDITOR"))
                .unwrap_or_else(|_| "vi".into());
            let file =
                std::env::temp_dir().join(format!("newsdesk-note-{}.txt", std::process::id()));
            if std::fs::write(&file, &text).is_err() {
                return;
            }
            paused.store(true, Ordering::SeqCst);
            restore_terminal();
            let status = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("{editor} \"$1\""))
                .arg("sh")
                .arg(&file)
                .status();
            let _ = enable_raw_mode();
            let _ = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture);
            let _ = terminal.clear();
            paused.store(false, Ordering::SeqCst);
            match status {
                Ok(s) if s.success() => {
                    let note = std::fs::read_to_string(&file)
                        .unwrap_or_default()
                        .trim_end()
                        .to_string();
                    if note != text {
                        app.save_note(item, note);
                    }
                }
                Ok(s) => {
                    app.handle_event(AppEvent::StoreMessage(
                        format!("{editor} exited with {s}; note unchanged"),
                        true,
                    ));
                }
                Err(e) => {
                    app.handle_event(AppEvent::StoreMessage(
                        format!("cannot run {editor}: {e}"),
                        true,
                    ));
                }
            }
            let _ = std::fs::remove_file(&file);
        }
        Effect::WriteReport(target) => {
            let path = target.unwrap_or_else(|| {
                let store = crate::workflow::store_path(None, paths);
                store.with_file_name("report.md")
            });
            let entries = app.verdicts.clone();
            let report = app.desk.report_with(&app.editor, &entries);
            let md = crate::report::to_markdown(&report);
            let msg = match path
                .parent()
                .map(std::fs::create_dir_all)
                .unwrap_or(Ok(()))
                .and_then(|_| std::fs::write(&path, md))
            {
                Ok(()) => (format!("report written to {}", path.display()), false),
                Err(e) => (format!("cannot write {}: {e}", path.display()), true),
            };
            app.handle_event(AppEvent::StoreMessage(msg.0, msg.1));
        }
    }
}
