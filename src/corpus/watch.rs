//! Watching folders: new and changed files, loaded as they land.
//!
//! [`watch_folders`] watches the folders of a load (recursively, with
//! `notify`: inotify on Linux) and sends what changed as the same
//! [`LoadEvent`]s the first load sent: `Articles` for new articles (ids
//! unique across the whole session), `Changed` for articles of a changed
//! file whose text or metadata changed (same id), `Warning`s for what could
//! not be read. Unchanged articles of a rewritten file (a re-polled feed)
//! are not sent again, a feed item already loaded from another file is a
//! duplicate, and a wire item with a known GUID is a version of it.
//!
//! Events are debounced: the files touched within a quiet period (250 ms by
//! default, never more than four periods after the first) are loaded
//! together, so a file written in several steps is read once, complete, and
//! a new file is sent well within a second of landing. Removed files are
//! not sent: their articles, and the verdicts on them, stay on the desk.

use super::load::{LoadEvent, LoadOptions, LoadState, is_loadable_name, load_paths_with};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How to watch.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    pub load: LoadOptions,
    /// Quiet period after a change before the files are loaded.
    pub debounce: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            load: LoadOptions::default(),
            debounce: Duration::from_millis(250),
        }
    }
}

/// A running watch. Dropping it stops the watching thread.
pub struct FolderWatch {
    watcher: Option<notify::RecommendedWatcher>,
    thread: Option<std::thread::JoinHandle<LoadState>>,
}

impl FolderWatch {
    /// Stops watching and returns the load state (ids, GUIDs seen).
    pub fn stop(mut self) -> LoadState {
        self.watcher.take();
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for FolderWatch {
    fn drop(&mut self) {
        // Dropping the watcher closes the channel; the thread then ends.
        self.watcher.take();
    }
}

/// A folder as given and the forms the watcher may report it in
/// (`notify` reports absolute paths, symbolic links resolved or not).
#[derive(Debug)]
struct Root {
    given: PathBuf,
    forms: Vec<PathBuf>,
}

impl Root {
    fn new(given: &Path) -> Root {
        let mut forms = vec![given.to_path_buf()];
        for f in [std::path::absolute(given).ok(), given.canonicalize().ok()]
            .into_iter()
            .flatten()
        {
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
        Root {
            given: given.to_path_buf(),
            forms,
        }
    }

    /// The path below this folder, as given (`seeds/a.txt` for
    /// `/home/x/seeds/a.txt` when `seeds` was given), if it is below it.
    fn rebase(&self, path: &Path) -> Option<PathBuf> {
        self.forms.iter().find_map(|f| {
            let rest = path.strip_prefix(f).ok()?;
            Some(if rest.as_os_str().is_empty() {
                self.given.clone()
            } else {
                self.given.join(rest)
            })
        })
    }

    fn is(&self, path: &Path) -> bool {
        self.forms.iter().any(|f| f == path)
    }
}

/// What a watch covers: folders (recursively) and single files.
#[derive(Debug, Default)]
struct Roots {
    /// The folders watched recursively.
    dirs: Vec<Root>,
    /// Files given alone: (the folder watched for them, their name, the
    /// path as given, which the load state knows them by).
    files: Vec<(Root, std::ffi::OsString, PathBuf)>,
}

impl Roots {
    /// Every folder watched, as given (for telling hidden paths below them).
    fn all(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.dirs.iter().map(|d| d.given.clone()).collect();
        v.extend(self.files.iter().map(|f| f.0.given.clone()));
        v
    }

    /// The path to load for a changed path, as the first load knew it (so
    /// a changed file is a reload, not a new file), if the watch covers it:
    /// a path in a watched folder, or a file given alone — never another
    /// file beside it.
    fn covered(&self, path: &Path) -> Option<PathBuf> {
        if let Some(p) = self.dirs.iter().find_map(|d| d.rebase(path)) {
            return Some(p);
        }
        let (parent, name) = (path.parent()?, path.file_name()?);
        let stem = sidecar_stem(name.to_str()?);
        self.files
            .iter()
            .filter(|(dir, _, _)| dir.is(parent))
            .find_map(|(dir, n, given)| {
                if n.as_os_str() == name {
                    Some(given.clone())
                } else {
                    // its sidecar: loaded as the file it describes
                    let file = n.to_str()?;
                    let s = stem?;
                    (file == s || file.starts_with(&format!("{s}."))).then(|| dir.given.join(name))
                }
            })
    }
}

/// Starts watching `folders`, recursively. A file given instead of a folder
/// is watched alone (through its folder, whose other files are left out):
/// a file that grows or is rewritten, such as a wire's JSON Lines, is
/// reloaded. `state` is the state of the load that opened them (see
/// [`super::load_paths_with`]), so ids stay unique and known items are
/// recognised; `send` receives each event and returns false to stop.
pub fn watch_folders(
    folders: &[PathBuf],
    state: LoadState,
    opts: WatchOptions,
    send: impl FnMut(LoadEvent) -> bool + Send + 'static,
) -> Result<FolderWatch, String> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| format!("cannot watch folders: {e}"))?;
    let mut roots = Roots::default();
    for f in folders.iter().filter(|f| f.is_dir()) {
        watcher
            .watch(f, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", f.display()))?;
        roots.dirs.push(Root::new(f));
    }
    for f in folders.iter().filter(|f| !f.is_dir()) {
        if roots.dirs.iter().any(|d| d.rebase(f).is_some()) {
            continue; // its folder is watched already
        }
        let parent = f
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let Some(name) = f.file_name() else {
            return Err(format!("cannot watch {}: not a file name", f.display()));
        };
        if !roots.files.iter().any(|(dir, _, _)| dir.given == parent) {
            watcher
                .watch(&parent, RecursiveMode::NonRecursive)
                .map_err(|e| format!("cannot watch {}: {e}", parent.display()))?;
        }
        roots
            .files
            .push((Root::new(&parent), name.to_os_string(), f.clone()));
    }
    let thread = std::thread::Builder::new()
        .name("newsdesk-watch".into())
        .spawn(move || run(rx, roots, state, opts, send))
        .map_err(|e| format!("cannot start the watching thread: {e}"))?;
    Ok(FolderWatch {
        watcher: Some(watcher),
        thread: Some(thread),
    })
}

fn run(
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    roots: Roots,
    mut state: LoadState,
    opts: WatchOptions,
    mut send: impl FnMut(LoadEvent) -> bool,
) -> LoadState {
    let mut pending: BTreeSet<PathBuf> = BTreeSet::new();
    // Wait for a first change, then for a quiet period.
    while let Ok(first) = rx.recv() {
        add_event(&mut pending, &roots, first);
        let started = Instant::now();
        let mut deadline = started + opts.debounce;
        let cap = started + opts.debounce * 4;
        let mut closed = false;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match rx.recv_timeout(deadline - now) {
                Ok(ev) => {
                    add_event(&mut pending, &roots, ev);
                    deadline = (Instant::now() + opts.debounce).min(cap);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        let paths: Vec<PathBuf> = std::mem::take(&mut pending).into_iter().collect();
        if !load_changed(&mut state, &paths, &opts.load, &mut send) || closed {
            break;
        }
    }
    state
}

/// Loads the changed paths and forwards what they gave; false when the
/// receiver is gone.
fn load_changed(
    state: &mut LoadState,
    paths: &[PathBuf],
    opts: &LoadOptions,
    send: &mut impl FnMut(LoadEvent) -> bool,
) -> bool {
    let mut open = true;
    for path in paths {
        // Gone again (a temporary file renamed away): nothing to load.
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            continue;
        };
        if meta.is_dir() && !has_loadable_file(path) {
            continue;
        }
        load_paths_with(state, std::slice::from_ref(path), opts, &mut |event| {
            if !open {
                return;
            }
            match event {
                LoadEvent::Started { .. } | LoadEvent::Progress { .. } => {}
                other => open = send(other),
            }
        });
        if !open {
            return false;
        }
    }
    true
}

fn has_loadable_file(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && is_loadable_name(&e.file_name().to_string_lossy()))
}

fn add_event(pending: &mut BTreeSet<PathBuf>, roots: &Roots, event: notify::Result<notify::Event>) {
    let Ok(event) = event else { return };
    match event.kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Any | EventKind::Other => {}
        EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write)) => {}
        _ => return,
    }
    let all = roots.all();
    for path in event.paths {
        let Some(path) = roots.covered(&path) else {
            continue;
        };
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        if hidden(&path, &all) {
            continue;
        }
        if let Some(stem) = sidecar_stem(&name) {
            // A sidecar changed: reload the article file(s) it belongs to.
            if let Some(dir) = path.parent()
                && let Ok(entries) = std::fs::read_dir(dir)
            {
                for e in entries.flatten() {
                    let n = e.file_name().to_string_lossy().into_owned();
                    if is_loadable_name(&n)
                        && (n.starts_with(&format!("{stem}.")) || n == stem)
                        && let Some(p) = roots.covered(&e.path())
                    {
                        pending.insert(p);
                    }
                }
            }
            continue;
        }
        if is_loadable_name(&name) || path.is_dir() {
            pending.insert(path);
        }
    }
}

/// A hidden file or a file in a hidden folder, below the watched folder
/// (the watched folder itself may be hidden: a temporary folder often is).
fn hidden(path: &Path, roots: &[PathBuf]) -> bool {
    let below = roots
        .iter()
        .filter_map(|r| path.strip_prefix(r).ok())
        .min_by_key(|rest| rest.components().count())
        .unwrap_or(path);
    below.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('.') && s != "." && s != ".."
    })
}

/// `NAME.meta.json` → `NAME`.
fn sidecar_stem(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    for ext in [".meta.json", ".meta.toml"] {
        if lower.ends_with(ext) {
            return Some(&name[..name.len() - ext.len()]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;

    fn collect(rx: &mpsc::Receiver<LoadEvent>, want: usize, within: Duration) -> Vec<LoadEvent> {
        let end = Instant::now() + within;
        let mut out = Vec::new();
        while out.len() < want {
            let now = Instant::now();
            if now >= end {
                break;
            }
            match rx.recv_timeout(end - now) {
                Ok(e) => out.push(e),
                Err(_) => break,
            }
        }
        out
    }

    fn articles(events: &[LoadEvent]) -> Vec<&Article> {
        events
            .iter()
            .flat_map(|e| match e {
                LoadEvent::Articles(a) => a.iter().collect::<Vec<_>>(),
                _ => Vec::new(),
            })
            .collect()
    }

    /// A folder given by a relative path: `notify` reports absolute paths,
    /// which must be taken back to the path given, or a changed file would
    /// load as a new one.
    #[test]
    fn a_relative_folder_reloads_its_files_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = std::env::current_dir().unwrap();
        let mut rel = PathBuf::new();
        for _ in cwd.components().skip(1) {
            rel.push("..");
        }
        let rel = rel.join(dir.path().strip_prefix("/").unwrap());
        assert!(rel.is_relative() && rel.is_dir(), "{}", rel.display());
        std::fs::write(rel.join("a.txt"), "First report of the flood.").unwrap();
        let mut state = LoadState::new();
        load_paths_with(
            &mut state,
            std::slice::from_ref(&rel),
            &LoadOptions::default(),
            &mut |_| {},
        );
        let (tx, rx) = mpsc::channel();
        let _watch = watch_folders(
            std::slice::from_ref(&rel),
            state,
            WatchOptions::default(),
            move |e| tx.send(e).is_ok(),
        )
        .unwrap();
        std::fs::write(rel.join("b.txt"), "Second report of the flood.").unwrap();
        let events = collect(&rx, 1, Duration::from_secs(5));
        let got = articles(&events);
        assert_eq!(got.len(), 1, "{events:?}");
        assert_eq!(got[0].path.as_deref(), Some(rel.join("b.txt").as_path()));
        std::fs::write(rel.join("a.txt"), "First report of the flood, updated.").unwrap();
        let events = collect(&rx, 1, Duration::from_secs(5));
        match &events[..] {
            [LoadEvent::Changed(a)] => assert_eq!(a[0].id, "a"),
            other => panic!("a reload, not a new article: {other:?}"),
        }
    }

    #[test]
    fn new_and_changed_files_arrive_within_two_seconds() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "First report of the flood.\nMore.",
        )
        .unwrap();
        let mut state = LoadState::new();
        let mut first = Vec::new();
        load_paths_with(
            &mut state,
            &[dir.path().to_path_buf()],
            &LoadOptions::default(),
            &mut |e| first.push(e),
        );
        assert_eq!(articles(&first).len(), 1);
        let (tx, rx) = mpsc::channel();
        let watch = watch_folders(
            &[dir.path().to_path_buf()],
            state,
            WatchOptions::default(),
            move |e| tx.send(e).is_ok(),
        )
        .unwrap();
        // a new file
        let landed = Instant::now();
        std::fs::write(dir.path().join("b.txt"), "Second report of the flood.").unwrap();
        let events = collect(&rx, 1, Duration::from_secs(2));
        let got = articles(&events);
        assert_eq!(got.len(), 1, "{events:?}");
        assert_eq!(got[0].id, "b");
        assert!(landed.elapsed() < Duration::from_secs(2));
        // a changed file: same id, sent as Changed
        std::fs::write(
            dir.path().join("a.txt"),
            "First report of the flood, updated.",
        )
        .unwrap();
        let events = collect(&rx, 1, Duration::from_secs(2));
        match &events[..] {
            [LoadEvent::Changed(a)] => {
                assert_eq!(a[0].id, "a");
                assert!(a[0].body.contains("updated"));
            }
            other => panic!("{other:?}"),
        }
        // rewriting the same content sends nothing; hidden and partial files are ignored
        std::fs::write(dir.path().join("b.txt"), "Second report of the flood.").unwrap();
        std::fs::write(dir.path().join(".c.txt"), "Hidden.").unwrap();
        std::fs::write(dir.path().join("d.html.part"), "<p>partial").unwrap();
        let events = collect(&rx, 1, Duration::from_millis(800));
        assert!(events.is_empty(), "{events:?}");
        let state = watch.stop();
        assert_eq!(state.len(), 2);
    }
}
