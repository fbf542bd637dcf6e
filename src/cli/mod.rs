//! The command line: the dashboard by default, and headless commands that
//! print the same Desk data as JSON (the contract scripts and tests use) or
//! readable text.

mod claims;
mod compare;
mod entities;
mod list;
mod review;
mod stories;

use crate::config::{self, Settings};
use crate::corpus::{self, LoadOptions, LoadReport};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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

    /// Files and folders of articles (.txt, .md, .json, .jsonl, optionally .gz).
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
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the articles: one JSON object per line with --json, a table with --text.
    List(OutputArgs),
    /// Named entities: one JSON object per mention with --json; --canonical
    /// lists the corpus's entities with their mentions and outlets instead.
    Entities {
        #[command(flatten)]
        out: OutputArgs,
        /// List canonical entities across the corpus instead of mentions.
        #[arg(long)]
        canonical: bool,
    },
    /// Group the articles into stories (reports of one incident) and their related articles.
    Stories(OutputArgs),
    /// Align two articles sentence by sentence, with word differences.
    Compare(CompareArgs),
    /// Per story: the claims, the quotes with their speakers, and where outlets disagree.
    Claims(OutputArgs),
    /// Verdicts and notes: list them, or set them from scripts.
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// The fact-check report, as Markdown or JSON.
    Report(review::ReportArgs),
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

/// Loads articles for a headless command: warnings on stderr, a progress
/// line on stderr when it is a terminal, and an error when nothing loads.
pub fn load_headless(paths: &[PathBuf], settings: &Settings) -> Result<LoadReport, String> {
    let opts = LoadOptions {
        max_file_size: settings.max_file_size,
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut report = LoadReport::default();
    let mut last_pct = None;
    corpus::load_paths_streaming(paths, &opts, &mut |event| match event {
        corpus::LoadEvent::Started { files, .. } => report.files = files,
        corpus::LoadEvent::Articles(mut a) => report.articles.append(&mut a),
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

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let settings = match settings(&cli.global) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("newsdesk: config error: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Some(Command::List(args)) => list::run(&args, &settings),
        Some(Command::Stories(args)) => stories::run(&args, &settings),
        Some(Command::Entities { out, canonical }) => entities::run(&out, canonical, &settings),
        Some(Command::Compare(args)) => compare::run(&args, &settings),
        Some(Command::Claims(args)) => claims::run(&args, &settings, &cli.global),
        Some(Command::Review(cmd)) => review::run(&cmd, &settings, &cli.global),
        Some(Command::Report(args)) => review::run_report(&args, &settings, &cli.global),
        None => run_dashboard(cli.paths, settings, &cli.global),
    }
}

fn run_dashboard(paths: Vec<PathBuf>, settings: Settings, global: &GlobalArgs) -> ExitCode {
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
