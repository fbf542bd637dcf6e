//! The command line: the dashboard by default, and headless commands that
//! print the same Desk data as JSON (the contract scripts and tests use) or
//! readable text.

mod claims;
mod compare;
mod entities;
mod list;
mod live;
mod parse;
mod review;
mod stories;

use crate::config::{self, Settings};
use crate::corpus::{self, LoadReport};
use clap::{Args, CommandFactory, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// newsdesk — compare how outlets report one incident, from the keyboard.
#[derive(Parser, Debug)]
#[command(
    name = "newsdesk",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files and folders of articles (.txt, .md, .json, .jsonl, .html, .xml/.rss/.atom,
    /// optionally .gz).
    /// Default: ./seeds, else the seeds built into the binary.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every command takes.
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Config file (default: $XDG_CONFIG_HOME/newsdesk/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Skip files (and JSON Lines records) larger than this many megabytes [default: 20].
    #[arg(long, global = true, value_name = "MB")]
    pub max_file_size: Option<u64>,

    /// Write the log here (default: the XDG state folder, newsdesk/newsdesk.log).
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<PathBuf>,

    /// The review store (default: .newsdesk/review.db in the folder opened).
    #[arg(long, global = true, value_name = "FILE")]
    pub store: Option<PathBuf>,

    /// Who is reviewing, for the history (default: $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub editor: Option<String>,

    /// Print the wall time and peak memory on stderr at the end (for
    /// benchmarks and bug reports).
    #[arg(long, global = true)]
    pub stats: bool,

    /// No progress lines on stderr (warnings are still printed). Progress
    /// is shown only when stderr is a terminal anyway.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Do not read or write the analysis cache ($NEWSDESK_CACHE_DIR, else
    /// the XDG cache folder: newsdesk/analyses.sqlite).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the articles: one JSON object per line with --json, a table with --text.
    List(ListArgs),
    /// Named entities: one JSON object per mention with --json; --canonical
    /// lists the corpus's entities with their mentions and outlets instead.
    Entities {
        #[command(flatten)]
        out: OutputArgs,
        /// List canonical entities across the corpus instead of mentions.
        #[arg(long)]
        canonical: bool,
    },
    /// Tokens with tag, UPOS, lemma and dependency (head, label): one JSON
    /// object per token with --json, CoNLL-U-like columns otherwise.
    Parse(OutputArgs),
    /// Group the articles into stories (reports of one incident) and their related articles.
    Stories(OutputArgs),
    /// Align two articles sentence by sentence, with word differences.
    Compare(CompareArgs),
    /// Per story: the claims, the quotes with their speakers, and where outlets disagree.
    Claims(OutputArgs),
    /// Verdicts and notes: list them, or set them from scripts.
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// The fact-check report, as Markdown or JSON: every verdict and note,
    /// grouped by story.
    Report(review::ReportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `newsdesk man | man -l -`.
    Man,
    /// Download pages and feeds (http, https) into a folder, each with a
    /// sidecar NAME.meta.json holding its URL and fetch time, and say what loaded.
    Fetch(live::FetchArgs),
    /// Watch folders and print each new or changed article as a JSON line as
    /// it lands; feeds of the config ([[feeds]]) are polled into the first folder.
    Watch(live::WatchArgs),
}

/// Arguments of `newsdesk list`.
#[derive(Args, Debug, Clone)]
pub struct ListArgs {
    #[command(flatten)]
    pub out: OutputArgs,
    /// Include each article's body (the text as loaded) in the JSON.
    #[arg(long)]
    pub body: bool,
    /// Only the articles the dashboard's `/` filter finds for this query,
    /// best first: every term in the title or outlet (fuzzily) or, from
    /// three letters, in the body (literally).
    #[arg(long, value_name = "QUERY")]
    pub filter: Option<String>,
}

/// Paths and output format of a headless command.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Files and folders of articles (default as for the dashboard).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print JSON (JSON Lines for lists of items).
    #[arg(long, conflicts_with = "text")]
    pub json: bool,
    /// Print a readable table (the default).
    #[arg(long)]
    pub text: bool,
}

/// Arguments of `newsdesk compare`.
#[derive(Args, Debug, Clone)]
pub struct CompareArgs {
    /// The left article: a file, or an id (or unique id prefix) in the corpus.
    pub left: String,
    /// The right article, likewise.
    pub right: String,
    /// The corpus the ids refer to (default as for the dashboard); files
    /// given as LEFT and RIGHT are added to it.
    #[arg(long = "in", value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Print JSON.
    #[arg(long, conflicts_with = "text")]
    pub json: bool,
    /// Print a two-column diff for a pager (the default).
    #[arg(long)]
    pub text: bool,
    /// Width of the text output (default: $COLUMNS, else 160).
    #[arg(long)]
    pub width: Option<usize>,
}

/// Writes a command's output to stdout, treating a closed pipe as success.
pub fn write_out(f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match f(&mut out).and_then(|_| std::io::Write::flush(&mut out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsdesk: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads settings, applying `--max-file-size`.
pub fn settings(global: &GlobalArgs) -> Result<Settings, config::ConfigError> {
    let mut s = config::load_settings(global.config.as_deref())?;
    if let Some(mb) = global.max_file_size {
        s.max_file_size = mb.max(1).saturating_mul(1024 * 1024);
    }
    Ok(s)
}

/// Whether progress lines go to stderr: it is a terminal and `--quiet` was
/// not given.
static PROGRESS: AtomicBool = AtomicBool::new(false);

/// When the last progress line was printed (ms since the process started).
static PROGRESS_AT: AtomicU64 = AtomicU64::new(0);

/// Prints "analysing 120/383" over the previous progress line, at most ten
/// times a second (and always the last step); `done == total` clears it.
pub fn print_progress(what: &str, done: usize, total: usize) {
    if !PROGRESS.load(Ordering::Relaxed) {
        return;
    }
    if done >= total {
        eprint!("\r\x1b[K");
        return;
    }
    let now = crate::logging::ms_since_start() as u64;
    let last = PROGRESS_AT.load(Ordering::Relaxed);
    if done > 0 && now < last + 100 {
        return;
    }
    PROGRESS_AT.store(now, Ordering::Relaxed);
    eprint!("\r\x1b[K{what} {done}/{total}…");
}

/// Loads articles for a headless command: warnings on stderr, a progress
/// line on stderr when it is a terminal, and an error when nothing loads.
pub fn load_headless(paths: &[PathBuf], settings: &Settings) -> Result<LoadReport, String> {
    load_headless_with(paths, settings, &mut |_| {})
}

/// [`load_headless`], with each batch of articles passed to `each` as it
/// loads, before it is kept (to reduce it: see `stories`).
pub fn load_headless_with(
    paths: &[PathBuf],
    settings: &Settings,
    each: &mut dyn FnMut(&mut Vec<corpus::Article>),
) -> Result<LoadReport, String> {
    let opts = settings.load_options();
    let show_progress = PROGRESS.load(Ordering::Relaxed);
    let mut report = LoadReport::default();
    let mut last_pct = None;
    corpus::load_paths_streaming(paths, &opts, &mut |event| match event {
        corpus::LoadEvent::Started { files, .. } => report.files = files,
        corpus::LoadEvent::Articles(mut a) => {
            each(&mut a);
            report.articles.append(&mut a)
        }
        corpus::LoadEvent::Warning(w) => {
            if show_progress && last_pct.is_some() {
                eprint!("\r\x1b[K");
            }
            eprintln!(
                "newsdesk: warning: {}",
                crate::sanitize::sanitize_line(&w.to_string())
            );
            report.warnings.push(w);
        }
        corpus::LoadEvent::Changed(_) => {}
        corpus::LoadEvent::Progress { done, total } => {
            if show_progress && total > 8 << 20 {
                let pct = done * 100 / total.max(1);
                if last_pct != Some(pct) {
                    eprint!("\rloading {pct}% · {} articles", report.articles.len());
                    last_pct = Some(pct);
                }
            }
        }
    });
    if show_progress && last_pct.is_some() {
        eprint!("\r\x1b[K");
    }
    if report.articles.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "nothing loadable in {}",
            if shown.is_empty() {
                "the seeds".into()
            } else {
                shown.join(", ")
            }
        ));
    }
    Ok(report)
}

/// Prints a warning raised after loading (headless).
fn print_warning(w: &corpus::LoadWarning) {
    eprintln!(
        "newsdesk: warning: {}",
        crate::sanitize::sanitize_line(&w.to_string())
    );
}

/// A Desk for a headless command: later warnings (an article that could not
/// be analysed) are printed on stderr as they happen, and long jobs show
/// their progress there.
pub fn headless_desk(report: LoadReport) -> crate::desk::Desk {
    let mut desk = crate::desk::Desk::from_report(report);
    desk.on_warning = Some(print_warning);
    desk.on_progress = Some(print_progress);
    desk
}

/// The subcommand names, for "did you mean" hints.
fn subcommand_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// Parses the command line; a first word that is neither a path nor a
/// command but close to one ("lsit") is reported as a mistyped command
/// with a hint, even when the options after it only fit that command.
pub fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let first = std::env::args_os().nth(1).map(PathBuf::from);
            if let Some(first) = first
                && !first.to_string_lossy().starts_with('-')
                && !subcommand_names().contains(&first.to_string_lossy().into_owned())
                && let Err(hint) = check_paths(&[first], true)
            {
                hint.exit();
            }
            e.exit()
        }
    }
}

/// Every path must exist: a missing one is an error (exit 2), and a
/// missing one named like a subcommand is a mistyped subcommand.
fn check_paths(paths: &[PathBuf], maybe_subcommand: bool) -> Result<(), clap::Error> {
    for p in paths {
        if std::fs::symlink_metadata(p).is_ok() {
            continue;
        }
        let text = p.display().to_string();
        if maybe_subcommand && !text.contains(['/', '.']) {
            let names = subcommand_names();
            let best = names
                .iter()
                .map(|n| (strsim::damerau_levenshtein(n, &text), n))
                .min();
            let mut cmd = Cli::command();
            let mut msg = format!("unrecognized subcommand or missing path '{text}'");
            if let Some((d, n)) = best
                && d <= 2
            {
                msg.push_str(&format!("\n\n  tip: did you mean '{n}'? (newsdesk {n} …)"));
            }
            msg.push_str("\n\n  tip: to open files or folders, give paths that exist; `newsdesk --help` lists the commands");
            return Err(cmd.error(clap::error::ErrorKind::InvalidSubcommand, msg));
        }
        let mut cmd = Cli::command();
        return Err(cmd.error(
            clap::error::ErrorKind::ValueValidation,
            format!("no such file or folder: {text}"),
        ));
    }
    Ok(())
}

/// The paths a command reads, to check before running it.
fn command_paths(command: &Command) -> Vec<PathBuf> {
    match command {
        Command::List(a) => a.out.paths.clone(),
        Command::Stories(a) | Command::Claims(a) => a.paths.clone(),
        Command::Parse(a) => a.paths.clone(),
        Command::Fetch(_) => Vec::new(),
        Command::Watch(a) => a.folders.clone(),
        Command::Entities { out, .. } => out.paths.clone(),
        Command::Compare(a) => a.corpus.clone(),
        Command::Review(review::ReviewCommand::List(a)) => a.paths.clone(),
        Command::Review(review::ReviewCommand::Set(a)) => a.paths.clone(),
        Command::Report(a) => a.paths.clone(),
        Command::Completions { .. } | Command::Man => Vec::new(),
    }
}

/// Runs a parsed command line.
/// Names the analysis cache for this process (opened when first used).
fn install_cache() {
    match crate::cache::default_dir() {
        Some(dir) => {
            crate::cache::install_in(dir);
        }
        None => tracing::info!("no cache folder known: analyses run uncached"),
    }
}

pub fn run(cli: Cli) -> ExitCode {
    PROGRESS.store(
        !cli.global.quiet && std::io::stderr().is_terminal(),
        Ordering::Relaxed,
    );
    let paths = match &cli.command {
        Some(c) => command_paths(c),
        None => cli.paths.clone(),
    };
    if let Err(e) = check_paths(&paths, cli.command.is_none()) {
        let _ = e.print();
        return ExitCode::from(2);
    }
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut cmd = Cli::command();
            return write_out(|out| {
                clap_complete::generate(*shell, &mut cmd, "newsdesk", out);
                Ok(())
            });
        }
        Some(Command::Man) => {
            return write_out(|out| clap_mangen::Man::new(Cli::command()).render(out));
        }
        _ => {}
    }
    let settings = match settings(&cli.global) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("newsdesk: config error: {e}");
            return ExitCode::from(2);
        }
    };
    if !cli.global.no_cache {
        install_cache();
    }
    let Some(command) = cli.command else {
        return run_dashboard(cli.paths, settings, &cli.global);
    };
    let global = cli.global;
    // Headless: a bug must end in a message and an exit code, not a raw panic.
    let outcome = crate::guard::catch("newsdesk", move || match command {
        Command::List(args) => list::run(&args, &settings),
        Command::Stories(args) => stories::run(&args, &settings),
        Command::Entities { out, canonical } => entities::run(&out, canonical, &settings),
        Command::Parse(args) => parse::run(&args, &settings),
        Command::Compare(args) => compare::run(&args, &settings),
        Command::Claims(args) => claims::run(&args, &settings, &global),
        Command::Review(cmd) => review::run(&cmd, &settings, &global),
        Command::Report(args) => review::run_report(&args, &settings, &global),
        Command::Completions { .. } | Command::Man => ExitCode::SUCCESS,
        Command::Fetch(args) => live::run_fetch(&args, &settings),
        Command::Watch(args) => live::run_watch(&args, &settings),
    });
    outcome.unwrap_or_else(|why| {
        eprintln!(
            "newsdesk: internal error (a bug; please report it): {}",
            crate::sanitize::sanitize_line(&why)
        );
        ExitCode::from(70)
    })
}

fn run_dashboard(paths: Vec<PathBuf>, settings: Settings, global: &GlobalArgs) -> ExitCode {
    // a bad key binding or theme entry is a bad config: exit 2 before the screen is touched
    let checked = crate::tui::keymap::Keymap::from_settings(&settings)
        .map(|_| ())
        .and_then(|_| crate::tui::theme::Theme::from_settings(&settings, false).map(|_| ()));
    if let Err(e) = checked {
        eprintln!("newsdesk: config error: {e}");
        return ExitCode::from(2);
    }
    if !std::io::stdout().is_terminal() {
        eprintln!(
            "newsdesk: the dashboard needs a terminal; for output to a pipe or file use `newsdesk list --json`"
        );
        return ExitCode::from(2);
    }
    let opts = crate::tui::TuiOptions {
        store: crate::workflow::store_path(global.store.as_deref(), &paths),
        editor: crate::workflow::editor_name(global.editor.as_deref()),
        paths: paths.clone(),
        settings,
        no_color: crate::tui::theme::no_color_requested(),
    };
    match crate::tui::run(opts) {
        Ok(crate::tui::Outcome::Quit) => ExitCode::SUCCESS,
        Ok(crate::tui::Outcome::NothingLoaded(warnings)) => {
            for w in &warnings {
                eprintln!(
                    "newsdesk: warning: {}",
                    crate::sanitize::sanitize_line(&w.to_string())
                );
            }
            let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            eprintln!("newsdesk: nothing loadable in {}", shown.join(", "));
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("newsdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
