//! The terminal dashboard: a thin view over the [`Desk`](crate::desk::Desk).
//!
//! [`run`] sets the terminal up (restoring it on every exit path, panics
//! included), starts the background threads (loading, body search, input)
//! and runs the loop: event → `App::handle_event` → draw.

pub mod action;
pub mod app;
pub mod keymap;
pub mod review;
pub mod screen;
pub mod screens;
pub mod theme;
pub mod widgets;
pub mod wrap;

use crate::config::Settings;
use crate::corpus::LoadOptions;
use crate::desk::AnalysisQueue;
use crate::desk::{Desk, spawn_load, spawn_load_for_watch};
use crate::search::SearchMsg;
use app::{App, AppEvent, StoreCommand, StoriesJob, Workers};
use keymap::Keymap;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use screen::Effect;
use std::io::{IsTerminal, stdout};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use theme::Theme;

/// Drawing the whole dashboard (for tests and benches).
pub mod views {
    /// Draws the dashboard as it is now.
    pub fn draw(frame: &mut ratatui::Frame, app: &super::app::App) {
        app.draw(frame)
    }
}

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

/// Sets the terminal up and a panic hook that restores it only when the UI
/// thread itself panics (the app is then really exiting). A panic on a
/// worker thread is logged with its backtrace and never printed over the
/// screen; the workers contain their panics (see [`crate::guard`]), so the
/// dashboard goes on.
fn init_terminal() -> std::io::Result<DefaultTerminal> {
    crate::guard::install();
    let ui_thread = std::thread::current().id();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::guard::is_guarded() {
            hook(info); // the guard's hook logs it and keeps the message
        } else if std::thread::current().id() != ui_thread {
            crate::guard::log_panic(info);
        } else {
            restore_terminal();
            crate::guard::log_panic(info);
            hook(info);
        }
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

/// A pool for the UI thread's own parallel work (matching a filter over
/// thousands of titles): rayon's shared pool may be busy with background
/// work (the grouping) for minutes, and a keystroke must not queue behind it.
pub fn ui_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| named_pool("newsdesk-ui", 0))
}

/// Stories whose claims the background compares at a time, their reports'
/// analyses read back together: the largest stories come first, so this
/// sets the dashboard's peak memory (37k archive, first open: 1.13 GB with
/// 2 at a time, 1.21 GB with 8), while a story's own alignments keep both
/// cores busy.
const CLAIMS_BATCH: usize = 2;

/// The search thread's niceness (see [`run`]).
const SEARCH_NICENESS: i32 = 3;

/// The pool that compares the stories' claims in the background, after
/// the grouping: it yields to the UI thread (the idle class in the
/// dashboard, see [`crate::fsutil::yield_to_foreground`]; else niceness 5,
/// less than the analysis threads' 10). The grouping itself keeps rayon's
/// shared pool at full priority, so that stories come first.
fn claims_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| named_pool("newsdesk-claims", 5))
}

/// A thread pool of one thread a core, its threads named `name-k` and at
/// this niceness.
fn named_pool(name: &'static str, niceness: i32) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .thread_name(move |k| format!("{name}-{k}"))
        .start_handler(move |_| {
            if niceness != 0 {
                crate::fsutil::yield_to_foreground(niceness)
            }
        })
        .build()
        .expect("start a thread pool")
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
    // the analysis and the claims run in the idle class: a keystroke takes
    // a core from them at once
    crate::fsutil::background_threads_idle(true);
    // the UI's pool starts now, not on the first keystroke of a filter
    ui_pool();
    let started = Instant::now();
    let (tx, rx) = mpsc::channel::<AppEvent>();
    let mut app = App::new(Desk::default(), keymap, theme);

    // Searches too large for a keystroke run here; jobs of older queries are dropped.
    let (job_tx, job_rx) = mpsc::channel::<SearchMsg>();
    let results = tx.clone();
    // a large corpus's bodies are indexed in the cache folder, if there is one
    let index_plan = crate::cache::installed_dir()
        .map(|cache| crate::search::IndexPlan::in_cache(cache, &opts.paths));
    std::thread::Builder::new()
        .name("newsdesk-search".into())
        .spawn(move || {
            // a keystroke wakes this thread as it hands over the job: at a
            // slightly lower priority it does not take the UI thread's core
            // before the frame is drawn (measured: 10.7 ms lost once on a
            // first keystroke at 37k)
            crate::fsutil::set_thread_niceness(SEARCH_NICENESS);
            crate::search::serve(job_rx, index_plan, |searcher, job, articles, index| {
                let event = match crate::guard::catch("searching", || {
                    job.run_indexed(searcher, articles, index)
                }) {
                    Ok(result) => AppEvent::Search(result),
                    Err(why) => AppEvent::StoreMessage(format!("search failed: {why}"), true),
                };
                results.send(event).is_ok()
            })
        })?;
    app.set_search_worker(job_tx);

    // Analysis on every core, the selected article first; stories as soon as
    // the load ends (grouping reads sentences only), their claims once all
    // are analysed.
    let workers = start_workers(&tx)?;
    let analysis = workers.analysis.clone();
    app.set_workers(workers);
    app.review.editor = opts.editor.clone();
    app.review.session = review::new_session_id(&opts.editor);
    start_store_thread(&mut app, &opts.store, &opts.editor, tx.clone());

    let mut terminal = init_terminal()?;
    let _guard = TerminalGuard;
    terminal.draw(|f| app.draw(f))?;
    tracing::info!(
        since_start_ms = crate::logging::ms_since_start(),
        "first frame drawn"
    );

    // Load, then watch what was loaded for new and changed files.
    let live = start_load_and_watch(&opts.paths, &opts.settings, tx.clone())?;

    let paused = Arc::new(AtomicBool::new(false));
    spawn_input_thread(tx.clone(), paused.clone());
    drop(tx);

    let mut loaded_at = None;
    let app_store_tx = app.store_sender();
    while let Ok(event) = rx.recv() {
        let mut finished = matches!(event, AppEvent::LoadFinished);
        let mut keyed = matches!(event, AppEvent::Input(_));
        let mut dirty = app.handle_event(event);
        // Take whatever else is waiting before drawing once.
        let deadline = Instant::now() + Duration::from_millis(12);
        while Instant::now() < deadline && !app.should_quit {
            match rx.try_recv() {
                Ok(e) => {
                    finished |= matches!(e, AppEvent::LoadFinished);
                    keyed |= matches!(e, AppEvent::Input(_));
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
                run_effect(&mut app, effect, &mut terminal, &paused);
            }
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| app.draw(f))?;
            if keyed {
                let read = INPUT_AT_US.load(Ordering::Relaxed);
                let us = crate::logging::us_since_start().saturating_sub(read);
                tracing::debug!(us, "key to frame");
            }
        }
    }
    paused.store(true, Ordering::SeqCst);
    // stop watching and polling, and let the analysis workers end
    drop(live);
    analysis.close();
    tracing::info!(?loaded_at, "quit");
    Ok(Outcome::Quit)
}

/// What to load and what to watch for the paths given: with none, the
/// `./seeds` folder when there is one (watched), else the seeds built into
/// the binary (nothing to watch). Folders are watched recursively; a file
/// given alone is watched alone, not the folder it is in (its neighbours
/// were not asked for). Paths that do not exist are not watched (the load
/// says why).
pub fn load_and_watch_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    if paths.is_empty() {
        let local = PathBuf::from("seeds");
        return if local.is_dir() {
            (vec![local.clone()], vec![local])
        } else {
            (Vec::new(), Vec::new())
        };
    }
    let watched = paths.iter().filter(|p| p.exists()).cloned().collect();
    (paths.to_vec(), watched)
}

/// Stops watching and polling feeds when dropped.
pub struct LiveDesk {
    _stop: mpsc::Sender<()>,
}

/// Loads `paths` on a background thread (see [`load_and_watch_paths`]),
/// sending [`AppEvent::Load`] and then [`AppEvent::LoadFinished`]; then
/// watches what was loaded and polls the feeds of the settings (see
/// [`spawn_watcher`]). The dashboard runs it; tests drive an App with it.
pub fn start_load_and_watch(
    paths: &[PathBuf],
    settings: &Settings,
    tx: mpsc::Sender<AppEvent>,
) -> std::io::Result<LiveDesk> {
    let load_opts = settings.load_options();
    let (load_paths, watched) = load_and_watch_paths(paths);
    let load_tx = tx.clone();
    // a large archive's bodies past the first few are read from a spill
    // file, not held (see corpus::body)
    let spiller = std::sync::Mutex::new(crate::corpus::body::Spiller::for_dashboard());
    let send_load = move |event| {
        let e = match event {
            Some(mut e) => {
                if let crate::corpus::LoadEvent::Articles(batch) = &mut e {
                    spiller
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .take(batch);
                }
                AppEvent::Load(e)
            }
            None => AppEvent::LoadFinished,
        };
        load_tx.send(e).is_ok()
    };
    let (stop, stop_rx) = mpsc::channel::<()>();
    if watched.is_empty() {
        // the seeds built into the binary: nothing on disk to watch
        spawn_load(load_paths, load_opts, send_load);
        let _ = tx.send(AppEvent::Watching(Ok(Vec::new())));
        for feed in &settings.feeds {
            let _ = tx.send(AppEvent::Feed(crate::fetch::PollReport::Failed(
                feed.url.clone(),
                "no folder is open to save it in (open a folder to poll feeds)".into(),
            )));
        }
    } else {
        let load = spawn_load_for_watch(load_paths, load_opts.clone(), send_load);
        spawn_watcher(load, watched, load_opts, settings, tx, stop_rx)?;
    }
    Ok(LiveDesk { _stop: stop })
}

/// Once the load is over, watches `paths` with its state (so ids stay
/// unique) and polls the configured feeds into the first folder watched;
/// what they bring goes to the UI as [`AppEvent::Live`] and
/// [`AppEvent::Feed`]. Runs on a thread of its own (watching a large tree
/// takes a while) until `stop` is dropped or the UI is gone; a watch that
/// cannot start is an [`AppEvent::Watching`] error, never a crash.
fn spawn_watcher(
    load: std::thread::JoinHandle<crate::corpus::LoadState>,
    paths: Vec<PathBuf>,
    load_opts: LoadOptions,
    settings: &Settings,
    tx: mpsc::Sender<AppEvent>,
    stop: mpsc::Receiver<()>,
) -> std::io::Result<()> {
    let feeds: Vec<crate::fetch::FeedSource> = settings
        .feeds
        .iter()
        .map(|f| crate::fetch::FeedSource {
            url: f.url.clone(),
            every: f.every,
            name: f.name.clone(),
        })
        .collect();
    let fetch_opts = crate::fetch::FetchOptions::for_settings(settings);
    std::thread::Builder::new()
        .name("newsdesk-watch-start".into())
        .spawn(move || {
            let state = match load.join() {
                Ok(state) => state,
                Err(_) => {
                    let _ = tx.send(AppEvent::Watching(Err("the load stopped early".into())));
                    return;
                }
            };
            let live = tx.clone();
            let watch = crate::guard::catch("watching", || {
                crate::corpus::watch::watch_folders(
                    &paths,
                    state,
                    crate::corpus::watch::WatchOptions {
                        load: load_opts,
                        ..Default::default()
                    },
                    move |e| live.send(AppEvent::Live(e)).is_ok(),
                )
            })
            .and_then(|r| r);
            let watch = match watch {
                Ok(w) => w,
                Err(why) => {
                    let _ = tx.send(AppEvent::Watching(Err(why)));
                    return;
                }
            };
            if tx.send(AppEvent::Watching(Ok(paths.clone()))).is_err() {
                return;
            }
            let poller = match paths.iter().find(|p| p.is_dir()) {
                Some(folder) if !feeds.is_empty() => {
                    let reports = tx.clone();
                    Some(crate::fetch::spawn_feed_poller(
                        feeds,
                        folder.clone(),
                        fetch_opts,
                        move |r| {
                            let _ = reports.send(AppEvent::Feed(r));
                        },
                    ))
                }
                Some(_) => None,
                None => {
                    for f in &feeds {
                        let _ = tx.send(AppEvent::Feed(crate::fetch::PollReport::Failed(
                            f.url.clone(),
                            "no folder is open to save it in (open a folder to poll feeds)".into(),
                        )));
                    }
                    None
                }
            };
            // until the dashboard quits
            let _ = stop.recv();
            drop(poller); // stops after the poll under way, without waiting for it
            drop(watch);
            tracing::info!("watching stopped");
        })?;
    Ok(())
}

/// Starts the analysis workers (one per core) and the stories thread,
/// which report to `tx`: what [`App::set_workers`] takes. The dashboard
/// uses it, and so do tests that drive an App as the dashboard does.
pub fn start_workers(tx: &mpsc::Sender<AppEvent>) -> std::io::Result<Workers> {
    let analysis = AnalysisQueue::new();
    let analysed_tx = tx.clone();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    analysis.spawn_workers_for(cores, crate::cache::analyze_cached, move |i, article, a| {
        analysed_tx.send(AppEvent::Analyzed(i, article, a)).is_ok()
    });
    let (stories_tx, stories_rx) = mpsc::channel::<StoriesJob>();
    let done = tx.clone();
    std::thread::Builder::new()
        .name("newsdesk-stories".into())
        .spawn(move || {
            let mut next = None;
            loop {
                let job = match next.take() {
                    Some(job) => job,
                    None => match stories_rx.recv() {
                        Ok(job) => job,
                        Err(_) => break,
                    },
                };
                match run_stories_job(job, &done, &stories_rx) {
                    JobEnd::Done => {}
                    JobEnd::Newer(job) => next = Some(job),
                    JobEnd::Gone => break,
                }
            }
        })?;
    Ok(Workers {
        analysis,
        stories: stories_tx,
        events: tx.clone(),
    })
}

/// How many stories' claims the stories thread compares in advance (the
/// largest first); the others are compared when a view of them opens.
pub const BACKGROUND_CLAIMS: usize = 300;

/// How many articles' analyses the dashboard holds in memory at most
/// (besides those its open views read): the others stay in the analysis
/// cache and are read back when a view needs them (about a millisecond
/// each), so a large archive's analyses are not all held at once.
pub const RESIDENT_ANALYSES: usize = 2000;

enum JobEnd {
    Done,
    /// A newer job came while claims were computed: the rest are left to it.
    Newer(StoriesJob),
    /// The UI is gone.
    Gone,
}

/// Groups the stories of a job (keeping the numbers of the stories before,
/// on a regrouping), sends them, then the claims of every story with
/// several reports that needs them, a batch at a time.
fn run_stories_job(
    job: StoriesJob,
    done: &mpsc::Sender<AppEvent>,
    jobs: &mpsc::Receiver<StoriesJob>,
) -> JobEnd {
    let started = Instant::now();
    let complete = job.complete;
    let grouped = crate::guard::catch("grouping stories", || {
        // with the IDF the compare and claims views need, off the UI thread
        let (stories, idf) = crate::desk::group_stories(&job.articles, &job.analyses);
        let stories = match &job.previous {
            Some(previous) => crate::desk::keep_story_numbers(stories, previous),
            None => stories,
        };
        (stories, Arc::new(idf))
    });
    let (stories, idf) = match grouped {
        Ok(r) => r,
        Err(why) => {
            let msg = format!("stories could not be grouped: {why}");
            return match done.send(AppEvent::StoreMessage(msg, true)) {
                Ok(()) => JobEnd::Done,
                Err(_) => JobEnd::Gone,
            };
        }
    };
    // stories left as they were keep their claims
    let unchanged: Vec<usize> = match &job.previous {
        Some(previous) => (0..stories.stories.len())
            .filter(|&j| {
                job.claims_kept.get(j).copied().unwrap_or(false)
                    && previous
                        .stories
                        .get(j)
                        .is_some_and(|old| crate::desk::same_story(old, &stories.stories[j]))
            })
            .collect(),
        None => Vec::new(),
    };
    tracing::info!(
        stories = stories.stories.len(),
        unchanged = unchanged.len(),
        ms = started.elapsed().as_millis() as u64,
        "stories grouped"
    );
    // the claims need every analysis: a job grouped before they were all
    // done leaves them to the next one. The largest stories first, and at
    // most BACKGROUND_CLAIMS of them: an archive's thousands of small
    // stories are compared when opened, not all in advance.
    let mut multi: Vec<(usize, Vec<usize>, Vec<usize>)> = stories
        .stories
        .iter()
        .enumerate()
        .filter(|(i, s)| complete && s.articles.len() > 1 && !unchanged.contains(i))
        .map(|(i, s)| (i, s.articles.clone(), s.followups.clone()))
        .collect();
    multi.sort_by_key(|(i, members, _)| (std::cmp::Reverse(members.len()), *i));
    multi.truncate(BACKGROUND_CLAIMS);
    let coming: Vec<usize> = multi.iter().map(|(i, _, _)| *i).collect();
    let sent = done.send(AppEvent::Stories(app::StoriesDone {
        id: job.id,
        stories,
        idf: idf.clone(),
        unchanged,
        complete,
        coming,
    }));
    if sent.is_err() {
        return JobEnd::Gone;
    }
    // then every story's claims, a batch at a time, for the stories
    // screen's counts (and instant claims screens); only a complete job
    // has stories in `multi`
    let articles: Vec<&crate::corpus::Article> = job.articles.iter().map(|a| a.as_ref()).collect();
    let started = Instant::now();
    for batch in multi.chunks(CLAIMS_BATCH) {
        if let Ok(newer) = jobs.try_recv() {
            return JobEnd::Newer(newer);
        }
        let computed = crate::guard::catch("comparing claims", || {
            claims_pool().install(|| claims_of_batch(batch, &job, &articles, &idf))
        });
        match computed {
            Ok(batch) => {
                if done.send(AppEvent::Claims(job.id, batch)).is_err() {
                    return JobEnd::Gone;
                }
            }
            Err(why) => {
                let msg = format!("claims could not be compared: {why}");
                let _ = done.send(AppEvent::StoreMessage(msg, true));
                break;
            }
        }
    }
    tracing::info!(
        stories = multi.len(),
        ms = started.elapsed().as_millis() as u64,
        "claims compared"
    );
    JobEnd::Done
}

/// One batch of stories' claims (story, members, follow-ups), compared.
type ClaimsBatch = [(usize, Vec<usize>, Vec<usize>)];

/// Compares the claims of a batch of stories, in the pool it runs in.
fn claims_of_batch(
    batch: &ClaimsBatch,
    job: &StoriesJob,
    articles: &[&crate::corpus::Article],
    idf: &Arc<crate::compare::idf::Idf<'static>>,
) -> Vec<(usize, Arc<crate::compare::claims::StoryClaims>)> {
    use rayon::prelude::*;
    // the batch's reports: held, else read back from the analysis
    // cache (the dashboard holds only some analyses; see
    // Desk::evict), and let go after the batch
    let mut needed: Vec<usize> = batch
        .iter()
        .flat_map(|(_, m, f)| m.iter().chain(f))
        .copied()
        .collect();
    needed.sort_unstable();
    needed.dedup();
    let loaded: Vec<(usize, Arc<crate::nlp::Analysis>)> = needed
        .into_par_iter()
        .map(|i| {
            let a = match job.analyses.get(i) {
                Some(Some(a)) => a.clone(),
                _ => Arc::new(crate::cache::analyze_cached(&job.articles[i])),
            };
            (i, a)
        })
        .collect();
    let mut analyses: Vec<&crate::nlp::Analysis> =
        vec![&*crate::desk::EMPTY_ANALYSIS; articles.len()];
    for (i, a) in &loaded {
        analyses[*i] = a.as_ref();
    }
    batch
        .par_iter()
        .map(|(i, members, followups)| {
            let mut sc = crate::compare::claims::story_claims_with(
                members, followups, articles, &analyses, idf,
            );
            // (held for the stories screen and the story's views:
            // only the claims its facts list)
            sc.compact();
            (*i, Arc::new(sc))
        })
        .collect::<Vec<_>>()
}

/// Reads terminal input on its own thread; `paused` lets the UI hand the
/// terminal to another program (an editor) without this thread stealing keys.
/// When the input thread read the last key (µs since start), for the
/// key-to-frame latency the debug log reports.
static INPUT_AT_US: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

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
                            INPUT_AT_US.store(crate::logging::us_since_start(), Ordering::Relaxed);
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
            app.review.read_only = Some(e.to_string());
            app.review.path = Some(path.to_path_buf());
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
                    StoreCommand::Step(changes, session, what) => {
                        let keys = changes.iter().map(|c| c.key.as_str().to_string()).collect();
                        let result = review
                            .set_step(changes, &session)
                            .map_err(|e| e.to_string());
                        events.send(AppEvent::StoreSaved(keys, what, result))
                    }
                    StoreCommand::Undo(session) => {
                        let result = review.undo_step(&session).map_err(|e| e.to_string());
                        events.send(AppEvent::StoreStepped(false, result))
                    }
                    StoreCommand::Redo(session) => {
                        let result = review.redo_step(&session).map_err(|e| e.to_string());
                        events.send(AppEvent::StoreStepped(true, result))
                    }
                    StoreCommand::Refresh => match review.refresh() {
                        Ok(changed) if !changed.is_empty() => {
                            events.send(AppEvent::StoreEntries(changed))
                        }
                        Ok(_) => Ok(()),
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
                                let _ = events.send(AppEvent::StoreEntries(all));
                                events.send(AppEvent::Reconciled(n))
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

/// A report file name in `dir` that does not exist yet:
/// `newsdesk-report-YYYY-MM-DD.md`, then `…-2.md`, `…-3.md`.
pub fn default_report_path(dir: &Path) -> PathBuf {
    report_path_for(dir, None)
}

/// A report file name in `dir` that does not exist yet, naming what it
/// reports: `newsdesk-report-s3-YYYY-MM-DD.md` for story s3 (then `…-2.md`).
pub fn report_path_for(dir: &Path, what: Option<&str>) -> PathBuf {
    let day = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let what = what.map(|w| format!("{w}-")).unwrap_or_default();
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("newsdesk-report-{what}{day}.md")
        } else {
            format!("newsdesk-report-{what}{day}-{n}.md")
        };
        let p = dir.join(name);
        if std::fs::symlink_metadata(&p).is_err() || n > 999 {
            return p;
        }
        n += 1;
    }
}

/// Carries out what the App asked for outside itself.
fn run_effect(
    app: &mut App,
    effect: Effect,
    terminal: &mut DefaultTerminal,
    paused: &Arc<AtomicBool>,
) {
    match effect {
        Effect::Copy(text) => {
            use base64::Engine;
            // the App sanitised it; doing it again here costs nothing and
            // keeps the clipboard safe whoever asks for a copy
            let text = crate::sanitize::for_clipboard(&text);
            let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            let _ =
                std::io::Write::write_all(&mut stdout(), format!("\x1b]52;c;{b64}\x07").as_bytes());
            let _ = std::io::Write::flush(&mut stdout());
        }
        Effect::OpenUrl(url) => {
            let url = match crate::sanitize::safe_url(&url) {
                Ok(u) => u.to_string(),
                Err(why) => {
                    app.handle_event(AppEvent::StoreMessage(format!("not opened: {why}"), true));
                    return;
                }
            };
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
        Effect::EditNote(target, text) => {
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
                        app.save_note(target, note);
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
        Effect::WriteReport { path, stories } => write_report(app, path, stories),
    }
}

/// Writes the report `:report` asks for: to `path` (else a new file in the
/// working folder), of these stories (else every story with something to
/// report). With the dashboard's background threads it is written on a
/// thread of its own and the status line says when it is done
/// ([`AppEvent::StoreMessage`]); without them, here.
pub fn write_report(app: &mut App, path: Option<PathBuf>, stories: Option<Vec<usize>>) {
    // a name given is taken as it is; else a new file in the working
    // folder (where the editor ran newsdesk), never inside the corpus
    let what = match stories.as_deref() {
        Some([s]) => Some(format!("s{}", s + 1)),
        Some(_) => Some("stories".to_string()),
        None => None,
    };
    let path = path.unwrap_or_else(|| report_path_for(Path::new("."), what.as_deref()));
    let label = what.unwrap_or_else(|| "every story".into());
    let entries = app.review.verdicts.clone();
    let editor = app.review.editor.clone();
    // with background threads, the report reads every story's analyses
    // and claims on a thread of its own (below); one report at a time:
    // each reads the analyses back
    let events = app.background_events();
    if events.is_some() && app.reporting.swap(true, Ordering::SeqCst) {
        app.warn("a report is being written; ask again when it is done");
        return;
    }
    // (never loaded back as a new report when it lands in a watched
    // folder)
    app.wrote(&path);
    let finish = move |report: &crate::report::Report| {
        let md = crate::report::to_markdown(report);
        let shown = std::path::absolute(&path).unwrap_or(path.clone());
        match crate::fsutil::write_atomic(&path, md.as_bytes()) {
            Ok(()) => (
                format!(
                    "report of {label} written to {} ({})",
                    shown.display(),
                    report.tally()
                ),
                false,
            ),
            Err(e) => (
                format!(
                    "cannot write the report to {}: {}",
                    path.display(),
                    crate::fsutil::io_reason(&e)
                ),
                true,
            ),
        }
    };
    let Some(events) = events else {
        // (no background threads: tests and scripts wait for it)
        let report = app.desk.report_for(&editor, &entries, stories.as_deref());
        app.evict();
        let msg = finish(&report);
        app.handle_event(AppEvent::StoreMessage(msg.0, msg.1));
        return;
    };
    // from a copy of the desk, so the dashboard stays usable
    let copy = app.desk.detached_copy();
    let running = app.reporting.clone();
    app.say("writing the report in the background… (the dashboard stays usable)");
    let spawned = std::thread::Builder::new()
        .name("newsdesk-report".into())
        .spawn(move || {
            let msg = crate::guard::catch("writing the report", move || {
                let mut copy = copy;
                let report = copy.report_for(&editor, &entries, stories.as_deref());
                // (the analyses read back are freed before writing)
                drop(copy);
                finish(&report)
            })
            .unwrap_or_else(|why| (format!("the report could not be written: {why}"), true));
            running.store(false, Ordering::SeqCst);
            let _ = events.send(AppEvent::StoreMessage(msg.0, msg.1));
        });
    if let Err(e) = spawned {
        app.reporting.store(false, Ordering::SeqCst);
        app.warn(format!("could not start writing the report: {e}"));
    }
}
