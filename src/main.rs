use std::process::ExitCode;

fn main() -> ExitCode {
    newsdesk::logging::mark_process_start();
    newsdesk::logging::limit_malloc_arenas();
    let cli = newsdesk::cli::parse();
    newsdesk::logging::init(cli.global.log.as_deref(), cli.command.is_none());
    let stats = cli.global.stats;
    let code = newsdesk::cli::run(cli);
    if stats {
        eprintln!("{}", newsdesk::logging::stats_line());
    }
    code
}
