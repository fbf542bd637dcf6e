//! One full dashboard frame at 200×60 into a TestBackend: on the seeds and
//! on the 37k-article corpus (list, reader, status and key bar).

use criterion::{Criterion, criterion_group, criterion_main};
use newsdesk::config::default_settings;
use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::desk::Desk;
use newsdesk::tui::app::App;
use newsdesk::tui::keymap::{Key, Keymap};
use newsdesk::tui::theme::Theme;
use newsdesk::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;

#[path = "common.rs"]
mod common;

fn app_for(paths: &[PathBuf]) -> App {
    let s = default_settings();
    let desk = Desk::from_report(load_paths(paths, &LoadOptions::default()));
    App::new(
        desk,
        Keymap::from_settings(&s).unwrap(),
        Theme::from_settings(&s, false).unwrap(),
    )
}

fn bench_render(c: &mut Criterion) {
    let mut g = c.benchmark_group("render_200x60");
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut cases = vec![("seeds", app_for(&[seeds]))];
    if let Some(big) = common::big_corpus() {
        let mut app = app_for(&[big]);
        // a filtered list with highlights, a long article in the reader
        for k in ["/", "t", "r", "u", "m", "p", "enter"] {
            app.handle_key(Key::parse(k).unwrap());
        }
        cases.push(("37k_filtered", app));
    }
    for (name, app) in &cases {
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        g.bench_function(*name, |b| {
            b.iter(|| terminal.draw(|f| views::draw(f, app)).unwrap().area.width)
        });
    }
    g.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
