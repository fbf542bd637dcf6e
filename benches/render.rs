//! Drawing the dashboard into a TestBackend.
//!
//! * `render_200x60`: one full frame, on the seeds and on the 37k-article
//!   corpus (list, reader, status and key bar).
//! * `key_to_frame_160x48`: what a key costs the editor on a loaded 37k
//!   corpus — the key handled by the screen on top, then the frame drawn —
//!   on every screen: the list, the reader's sentence cursor, the compare
//!   cursor, the article picker, the claims, quotes, story and stories
//!   screens. A real story (the Croydon tram reports of the Giveme5W1H
//!   gold standard, else the seeds) is loaded with the big corpus; its
//!   articles are fully analysed, the others split into sentences only (the
//!   screens read nothing else of them), and the stories are that story
//!   plus one per article.
//!
//! Run: `cargo bench --bench render` (target: ≤ 16 ms per key).

use criterion::{Criterion, criterion_group, criterion_main};
use newsdesk::compare::stories::{Stories, Story};
use newsdesk::config::default_settings;
use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::desk::Desk;
use newsdesk::tui::app::App;
use newsdesk::tui::keymap::{Key, Keymap};
use newsdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::sync::Arc;

#[path = "common.rs"]
mod common;

fn app_of(desk: Desk) -> App {
    let s = default_settings();
    App::new(
        desk,
        Keymap::from_settings(&s).unwrap(),
        Theme::from_settings(&s, false).unwrap(),
    )
}

fn app_for(paths: &[PathBuf]) -> App {
    app_of(Desk::from_report(load_paths(
        paths,
        &LoadOptions::default(),
    )))
}

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn bench_render(c: &mut Criterion) {
    let mut g = c.benchmark_group("render_200x60");
    let mut cases = vec![("seeds", app_for(&[seeds()]))];
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
            b.iter(|| terminal.draw(|f| app.draw(f)).unwrap().area.width)
        });
    }
    g.finish();
}

/// A real multi-outlet story when the shared corpora are there: the ten
/// reports of the Croydon tram derailment in the Giveme5W1H gold standard,
/// written to a temporary JSON Lines file; else the seeds.
fn story_files(dir: &std::path::Path) -> (PathBuf, usize) {
    let gold = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/giveme5w1h_gold_standard.jsonl");
    if let Ok(text) = std::fs::read_to_string(&gold) {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("\"cluster_id\": \"g5gs-tram\""))
            .collect();
        if lines.len() >= 5 {
            let file = dir.join("tram.jsonl");
            std::fs::write(&file, lines.join("\n")).unwrap();
            return (file, lines.len());
        }
    }
    (seeds(), 5)
}

/// The 37k corpus with a story, ready for every screen (see the module doc).
fn loaded_desk(big: PathBuf) -> Desk {
    let tmp = tempfile::tempdir().unwrap();
    let (story_path, k) = story_files(tmp.path());
    let mut desk = Desk::from_report(load_paths(&[story_path, big], &LoadOptions::default()));
    let n = desk.articles.len();
    // the story's reports (with the seeds, 003 is another story), analysed in full
    let story: Vec<usize> = (0..k).filter(|&i| k != 5 || i != 3).collect();
    for i in 0..n {
        let a = if i < k {
            newsdesk::nlp::analyze(&desk.articles[i])
        } else {
            newsdesk::nlp::analyze_sentences(&desk.articles[i])
        };
        desk.set_analysis(i, Arc::new(a));
    }
    // the longest article of the corpus, analysed in full for the reader
    let long = (k..n).max_by_key(|&i| desk.articles[i].body.len()).unwrap();
    let a = newsdesk::nlp::analyze(&desk.articles[long]);
    desk.set_analysis(long, Arc::new(a));
    let related = if k == 5 { vec![(3, 0.3)] } else { Vec::new() };
    let mut stories = vec![Story {
        articles: story.clone(),
        related,
        followups: Vec::new(),
        label: desk.articles[0].title.clone(),
    }];
    let mut story_of = vec![0; n];
    for i in (0..n).filter(|i| !story.contains(i)) {
        story_of[i] = stories.len();
        stories.push(Story {
            articles: vec![i],
            related: Vec::new(),
            followups: Vec::new(),
            label: desk.articles[i].title.clone(),
        });
    }
    // word weights from the background table and the seeds
    let mut idf = newsdesk::compare::idf::Idf::new(newsdesk::compare::idf::DocFreq::background());
    for &i in &story {
        let an = desk.analyses[i].clone().unwrap();
        let mut terms: Vec<String> = an
            .reporting_sentences()
            .flat_map(|(_, s)| newsdesk::nlp::terms::terms(&desk.articles[i].body, s.span))
            .map(|t| t.0)
            .collect();
        terms.sort();
        terms.dedup();
        idf.add_document(terms.iter().map(String::as_str));
    }
    desk.set_idf(n, Arc::new(idf));
    desk.stories = Some(Stories { stories, story_of });
    desk.claims_of(0);
    desk
}

fn bench_keys(c: &mut Criterion) {
    let Some(big) = common::big_corpus() else {
        return;
    };
    let desk = loaded_desk(big);
    let long = desk
        .analyses
        .iter()
        .enumerate()
        .filter(|(_, a)| a.as_ref().is_some_and(|a| !a.entities.mentions.is_empty()))
        .map(|(i, _)| i)
        .max_by_key(|&i| desk.articles[i].body.len())
        .unwrap();
    let mut app = app_of(desk);
    // the background matcher, as the dashboard runs it (its results are
    // not needed here: only the UI thread's time is measured)
    let (tx, jobs) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        newsdesk::search::serve(jobs, None, |searcher, job, articles, _| {
            job.run(searcher, articles);
            true
        })
    });
    app.set_search_worker(tx);
    let (w, h) = (160, 48);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut g = c.benchmark_group("key_to_frame_160x48");
    // (case, keys from the list to the screen, the key pair to alternate)
    let long_title = app.desk.articles[long].title.clone();
    let cases: Vec<(&str, Vec<String>, [&str; 2])> = vec![
        ("list_j_k", vec![], ["j", "k"]),
        ("list_filter_type", vec!["/".into()], ["a", "backspace"]),
        (
            "reader_long_article_sentence_cursor",
            std::iter::once("/".to_string())
                .chain(long_title.chars().take(24).map(|c| c.to_string()))
                .chain(["enter".to_string(), "enter".to_string()])
                .collect(),
            ["j", "k"],
        ),
        ("compare_cursor", vec!["c".into()], ["j", "k"]),
        ("compare_side", vec!["c".into()], ["h", "l"]),
        (
            "picker_37k_type",
            vec!["c".into(), "p".into()],
            ["a", "backspace"],
        ),
        ("claims_rows", vec!["C".into()], ["j", "k"]),
        ("quotes_rows", vec!["Q".into()], ["j", "k"]),
        ("story_overview_rows", vec!["v".into()], ["j", "k"]),
        ("stories_37k_rows", vec!["t".into()], ["j", "k"]),
        ("help_scroll", vec!["?".into()], ["j", "k"]),
    ];
    let expected = [
        "article list",
        "article list",
        "article list",
        "compare",
        "compare",
        "pick an article",
        "claims",
        "quotes",
        "story overview",
        "stories",
        "help",
    ];
    for ((name, path, pair), expected) in cases.iter().zip(expected) {
        // back to the list, its focus, no filter, the first (seed) article
        while app.depth() > 1 {
            app.handle_key(Key::parse("esc").unwrap());
        }
        for k in ["esc", "esc", "esc", "g"] {
            app.handle_key(Key::parse(k).unwrap());
        }
        terminal.draw(|f| app.draw(f)).unwrap();
        for k in path {
            let k = if k == " " { "space" } else { k.as_str() };
            if let Ok(key) = Key::parse(k) {
                app.handle_key(key);
            }
            terminal.draw(|f| app.draw(f)).unwrap();
        }
        assert_eq!(
            app.top().name(),
            expected,
            "{name}: not on the screen meant"
        );
        let keys = [Key::parse(pair[0]).unwrap(), Key::parse(pair[1]).unwrap()];
        let mut n = 0usize;
        g.bench_function(*name, |b| {
            b.iter(|| {
                app.handle_key(keys[n % 2]);
                n += 1;
                terminal.draw(|f| app.draw(f)).unwrap().area.width
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_render, bench_keys);
criterion_main!(benches);
