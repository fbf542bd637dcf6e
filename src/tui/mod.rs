//! The terminal dashboard: a thin view over the [`Desk`](crate::desk::Desk).
//!
//! [`run`] sets the terminal up (restoring it on every exit path, panics
//! included), starts the background threads (loading, body search, input)
//! and runs the loop: event → `App::handle_event` → draw.

pub mod action;
pub mod app;
pub mod keymap;
pub mod theme;
pub mod views;
pub mod wrap;

use crate::config::Settings;
use crate::corpus::LoadOptions;
use crate::desk::AnalysisQueue;
use crate::desk::{Desk, spawn_load};
use crate::search::{SearchJob, Searcher};
use app::{App, AppEvent, StoriesJob, Workers};
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
                tracing::info!(
                    stories = stories.stories.len(),
                    ms = started.elapsed().as_millis() as u64,
                    "stories grouped"
                );
                if stories_done.send(AppEvent::Stories(stories)).is_err() {
                    break;
                }
            }
        })?;
    app.set_workers(Workers {
        analysis,
        stories: stories_tx,
    });

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
