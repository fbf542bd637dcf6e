use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    newsdesk::logging::mark_process_start();
    let cli = newsdesk::cli::Cli::parse();
    newsdesk::logging::init(cli.global.log.as_deref(), cli.command.is_none());
    newsdesk::cli::run(cli)
}
