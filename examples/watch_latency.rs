//! Time from a file landing in a watched folder to the watcher sending its
//! article: writes files one at a time (a text article, a saved page, a
//! feed, a NewsML item, in turn; each written to a temporary name and
//! renamed, as `newsdesk fetch` does) and reports the latency's median,
//! 95th percentile and maximum.
//!
//! ```sh
//! cargo run --release --example watch_latency -- [N]
//! ```

use newsdesk::corpus::watch::{WatchOptions, watch_folders};
use newsdesk::corpus::{LoadEvent, LoadState};
use std::time::{Duration, Instant};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (tx, rx) = std::sync::mpsc::channel();
    let _watch = watch_folders(
        &[dir.path().to_path_buf()],
        LoadState::new(),
        WatchOptions::default(),
        move |e| tx.send((Instant::now(), e)).is_ok(),
    )
    .expect("watching");
    let mut latencies = Vec::new();
    for i in 0..n {
        let (name, body) = match i % 4 {
            0 => (
                format!("r{i}.txt"),
                format!("Report {i}: the river rose two metres overnight, officials said."),
            ),
            1 => (
                format!("p{i}.html"),
                format!(
                    "<html><head><title>Page {i}</title><meta property=\"og:type\" content=\"article\"></head><body><article><p>Report {i}: the river rose two metres overnight and hundreds of families left their homes, the mayor said on Sunday.</p><p>Schools were closed.</p></article></body></html>"
                ),
            ),
            2 => (
                format!("f{i}.xml"),
                format!(
                    "<rss version=\"2.0\"><channel><title>Feed</title><item><guid>g{i}</guid><title>Item {i}</title><description>Report {i}: the river rose.</description></item></channel></rss>"
                ),
            ),
            _ => (
                format!("n{i}.xml"),
                format!(
                    "<newsItem guid=\"urn:x:{i}\" version=\"1\"><contentMeta><headline>Wire {i}</headline></contentMeta><contentSet><inlineXML><p>Report {i}: the river rose.</p></inlineXML></contentSet></newsItem>"
                ),
            ),
        };
        let tmp = dir.path().join(format!(".{name}.tmp"));
        std::fs::write(&tmp, body).expect("write");
        let landed = Instant::now();
        std::fs::rename(&tmp, dir.path().join(&name)).expect("rename");
        loop {
            match rx.recv_timeout(Duration::from_secs(5)) {
                Ok((at, LoadEvent::Articles(a))) if !a.is_empty() => {
                    latencies.push(at.duration_since(landed));
                    break;
                }
                Ok((_, LoadEvent::Warning(w))) => eprintln!("warning: {w}"),
                Ok(_) => {}
                Err(_) => {
                    eprintln!("{name}: no article within 5 s");
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "watch latency over {} files (debounce {} ms): median {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        latencies.len(),
        WatchOptions::default().debounce.as_millis(),
        ms(pick(0.5)),
        ms(pick(0.95)),
        ms(*latencies.last().expect("some files"))
    );
}
