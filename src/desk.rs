//! The Desk: the app-state model the views ask.
//!
//! It owns the loaded articles and the warnings met on the way, and runs the
//! long jobs (loading now; analysis later) on background threads so the
//! dashboard never waits. Views never call the library modules directly.

use crate::corpus::{self, Article, LoadEvent, LoadOptions, LoadReport, LoadWarning};
use std::path::PathBuf;
use std::sync::Arc;

/// How far a background load has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadProgress {
    pub files: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub finished: bool,
}

impl LoadProgress {
    /// Fraction done, 0.0 to 1.0.
    pub fn ratio(&self) -> f64 {
        if self.finished || self.bytes_total == 0 {
            return if self.finished { 1.0 } else { 0.0 };
        }
        (self.bytes_done as f64 / self.bytes_total as f64).clamp(0.0, 1.0)
    }
}

/// The corpus and everything known about it.
#[derive(Debug, Default)]
pub struct Desk {
    pub articles: Vec<Arc<Article>>,
    pub warnings: Vec<LoadWarning>,
    pub progress: LoadProgress,
}

impl Desk {
    /// A desk with a finished load.
    pub fn from_report(report: LoadReport) -> Desk {
        Desk {
            articles: report.articles.into_iter().map(Arc::new).collect(),
            warnings: report.warnings,
            progress: LoadProgress {
                files: report.files,
                bytes_done: 0,
                bytes_total: 0,
                finished: true,
            },
        }
    }

    /// Takes one event of a background load; returns how many articles it added.
    pub fn apply(&mut self, event: LoadEvent) -> usize {
        match event {
            LoadEvent::Started { files, bytes } => {
                self.progress.files = files;
                self.progress.bytes_total = bytes;
                0
            }
            LoadEvent::Articles(batch) => {
                let n = batch.len();
                self.articles.extend(batch.into_iter().map(Arc::new));
                n
            }
            LoadEvent::Warning(w) => {
                self.warnings.push(w);
                0
            }
            LoadEvent::Progress { done, total } => {
                self.progress.bytes_done = done;
                self.progress.bytes_total = total;
                0
            }
        }
    }

    pub fn finish_loading(&mut self) {
        self.progress.finished = true;
    }

    pub fn is_loading(&self) -> bool {
        !self.progress.finished
    }

    /// Finds an article by id or file name.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.articles
            .iter()
            .position(|a| a.id == name)
            .or_else(|| self.articles.iter().position(|a| a.file_name() == name))
    }
}

/// Starts loading on a background thread. `send` receives every event and
/// then `None` when the load is over; it returns false to stop early.
pub fn spawn_load(
    paths: Vec<PathBuf>,
    opts: LoadOptions,
    send: impl Fn(Option<LoadEvent>) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("newsdesk-load".into())
        .spawn(move || {
            let mut open = true;
            corpus::load_paths_streaming(&paths, &opts, &mut |event| {
                if open {
                    open = send(Some(event));
                }
            });
            send(None);
        })
        .expect("spawn the loading thread")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn background_load_fills_the_desk() {
        let (tx, rx) = mpsc::channel();
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        spawn_load(vec![seeds], LoadOptions::default(), move |e| {
            tx.send(e).is_ok()
        });
        let mut desk = Desk::default();
        for event in rx {
            match event {
                Some(e) => {
                    desk.apply(e);
                }
                None => desk.finish_loading(),
            }
        }
        assert_eq!(desk.articles.len(), 5);
        assert!(!desk.is_loading());
        assert_eq!(desk.progress.ratio(), 1.0);
        assert_eq!(desk.find("002_86b19494f267c200"), Some(2));
        assert_eq!(desk.find("002_86b19494f267c200.txt"), Some(2));
    }
}
