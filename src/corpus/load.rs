//! Walking paths, reading files safely and streaming articles out.
//!
//! Files read whole (text, Markdown, JSON, web pages, feeds, NewsML-G2) are
//! refused above the size limit; JSON Lines files are streamed record by
//! record (gzip-compressed or not) and the limit applies to each record, so a
//! corpus of any size loads while the dashboard shows the list filling.
//!
//! Feed and wire items carry GUIDs: an item seen again (another feed, a
//! re-poll) with the same text is one article (a warning names the
//! duplicate), and with other text it is a later version of the first
//! (`version_of`). A [`LoadState`] remembers ids and GUIDs across loads, so
//! the watcher can load new and changed files into a running desk.

use super::formats::{self, Format, FormatIssue};
use super::infer::{RawArticle, build_article};
use super::{Article, LoadWarning, Provenance, SourceFormat, embedded_seeds};
use crate::fsutil::{ReadError, io_reason};
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files read whole, and single JSON Lines records, above this size are skipped.
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: 20 * 1024 * 1024,
        }
    }
}

/// What a streaming load reports, in order.
#[derive(Debug)]
pub enum LoadEvent {
    /// The paths were walked: this many candidate files, this many bytes on disk.
    Started {
        files: usize,
        bytes: u64,
    },
    /// A batch of loaded articles, with ids unique across the load.
    Articles(Vec<Article>),
    Warning(LoadWarning),
    /// Bytes of input consumed so far.
    Progress {
        done: u64,
        total: u64,
    },
    /// Articles that replace loaded ones with the same id (a file that
    /// changed on disk, seen by the watcher). Never sent by a first load.
    Changed(Vec<Article>),
}

/// Everything a finished load produced.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub articles: Vec<Article>,
    pub warnings: Vec<LoadWarning>,
    /// Number of candidate files found.
    pub files: usize,
}

/// Loads everything at once (headless commands, tests).
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> LoadReport {
    let mut report = LoadReport::default();
    load_paths_streaming(paths, opts, &mut |event| match event {
        LoadEvent::Started { files, .. } => report.files = files,
        LoadEvent::Articles(mut a) => report.articles.append(&mut a),
        LoadEvent::Warning(w) => report.warnings.push(w),
        LoadEvent::Progress { .. } | LoadEvent::Changed(_) => {}
    });
    report
}

const BATCH: usize = 256;

/// Sidecars hold a few fields of metadata: anything larger is not one.
const SIDECAR_LIMIT: u64 = 1 << 20;

/// What a load remembers between calls: the ids given out, which file gave
/// which ids, and the GUIDs (and URLs, and texts) of feed and wire items, so
/// that a later load (the watcher's) keeps ids unique, knows duplicates and
/// versions, and can reload one file in place.
///
/// Loading a file a second time with the same state is a reload: its
/// articles keep their ids, those whose content is unchanged are not sent
/// again, and those that changed are sent as [`LoadEvent::Changed`].
#[derive(Debug, Default)]
pub struct LoadState {
    ids: HashSet<String>,
    files: HashMap<PathBuf, FileRecord>,
    items: HashMap<String, ItemRecord>,
    /// A fingerprint of each article's content and metadata, by id.
    prints: HashMap<String, u64>,
}

#[derive(Debug, Default, Clone)]
struct FileRecord {
    ids: Vec<String>,
}

#[derive(Debug, Clone)]
struct ItemRecord {
    /// The id of the first-loaded version.
    id: String,
    /// The file it came from.
    path: PathBuf,
    /// Versions seen so far.
    versions: u32,
    /// Every version loaded: text hash, version number, id.
    seen: Vec<(u64, Option<u32>, String)>,
}

/// What identifies an article's content and metadata: a reload sends an
/// article again only when this changed.
fn fingerprint(a: &Article) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        a.title.as_str(),
        a.body.as_str(),
        a.outlet.as_deref().unwrap_or(""),
        a.url.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    h.update(format!("{:?}{:?}{:?}", a.published, a.updated, a.authors).as_bytes());
    h.digest()
}

impl LoadState {
    pub fn new() -> Self {
        Self::default()
    }

    /// The ids of the articles a file gave in the loads so far.
    pub fn file_ids(&self, path: &Path) -> &[String] {
        self.files.get(path).map_or(&[], |f| f.ids.as_slice())
    }

    /// Number of ids given out.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Records ids given out elsewhere (a desk's first load), so later
    /// loads keep them unique.
    pub fn reserve_ids<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        self.ids.extend(ids.into_iter().map(str::to_string));
    }
}

/// True for a file name the loader reads (by extension, looking through
/// `.gz`), excluding sidecars, hidden files and the partial files that
/// downloads and editors leave while writing.
pub fn is_loadable_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !name.starts_with('.')
        && !is_sidecar(name)
        && !lower.ends_with(".part")
        && !lower.ends_with(".crdownload")
        && !lower.ends_with('~')
        && Format::from_name(name).is_some()
}

/// Loads the paths, sending events to `sink` as it goes. With no paths, loads
/// `./seeds` if it is a folder, else the seeds built into the binary.
pub fn load_paths_streaming(
    paths: &[PathBuf],
    opts: &LoadOptions,
    sink: &mut dyn FnMut(LoadEvent),
) {
    let mut state = LoadState::default();
    let mut loader = Loader {
        opts,
        sink,
        state: &mut state,
        batch: Vec::new(),
        changed: Vec::new(),
        previous: HashSet::new(),
        current: None,
    };
    if paths.is_empty() {
        let local = Path::new("seeds");
        if local.is_dir() {
            loader.load(&[local.to_path_buf()]);
        } else {
            loader.load_embedded();
        }
    } else {
        loader.load(paths);
    }
    loader.flush();
}

/// Loads files and folders with a state kept by the caller (the watcher):
/// ids stay unique across calls and feed or wire items already loaded are
/// known as duplicates or versions. No paths load nothing.
pub fn load_paths_with(
    state: &mut LoadState,
    paths: &[PathBuf],
    opts: &LoadOptions,
    sink: &mut dyn FnMut(LoadEvent),
) {
    let mut loader = Loader {
        opts,
        sink,
        state,
        batch: Vec::new(),
        changed: Vec::new(),
        previous: HashSet::new(),
        current: None,
    };
    loader.load(paths);
    loader.flush();
}

struct Loader<'a> {
    opts: &'a LoadOptions,
    sink: &'a mut dyn FnMut(LoadEvent),
    state: &'a mut LoadState,
    batch: Vec<Article>,
    /// Articles of a reloaded file whose content changed.
    changed: Vec<Article>,
    /// The ids the file being loaded gave in earlier loads, not seen again yet.
    previous: HashSet<String>,
    /// The file being loaded, whose ids and keys are recorded.
    current: Option<PathBuf>,
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn is_sidecar(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".meta.json") || lower.ends_with(".meta.toml")
}

impl Loader<'_> {
    fn warn(&mut self, path: &Path, line: Option<usize>, message: impl Into<String>) {
        let w = LoadWarning {
            path: display(path),
            line,
            message: message.into(),
        };
        tracing::warn!("{w}");
        (self.sink)(LoadEvent::Warning(w));
    }

    fn load_embedded(&mut self) {
        let seeds = embedded_seeds();
        let bytes = seeds.iter().map(|(_, t)| t.len() as u64).sum();
        (self.sink)(LoadEvent::Started {
            files: seeds.len(),
            bytes,
        });
        for (name, text) in seeds {
            let raw = RawArticle {
                id: Some(name.trim_end_matches(".txt").to_string()),
                body: text.to_string(),
                format: SourceFormat::Embedded,
                ..Default::default()
            };
            self.emit(build_article(raw));
        }
        (self.sink)(LoadEvent::Progress {
            done: bytes,
            total: bytes,
        });
    }

    fn load(&mut self, paths: &[PathBuf]) {
        let files = self.collect_files(paths);
        let total: u64 = files.iter().map(|(_, len)| *len).sum();
        (self.sink)(LoadEvent::Started {
            files: files.len(),
            bytes: total,
        });
        let mut done = 0;
        for (path, len) in files {
            self.current = Some(path.clone());
            self.previous = self
                .state
                .files
                .remove(&path)
                .map(|r| r.ids.into_iter().collect())
                .unwrap_or_default();
            self.state.files.entry(path.clone()).or_default();
            self.load_file(&path, len, done, total);
            // Articles no longer in the file stay loaded: their ids stay taken.
            let gone: Vec<String> = self.previous.drain().collect();
            self.state
                .files
                .entry(path.clone())
                .or_default()
                .ids
                .extend(gone);
            self.current = None;
            done += len;
            self.flush();
            (self.sink)(LoadEvent::Progress { done, total });
        }
    }

    /// Expands folders (recursively, sorted, hidden entries and sidecars
    /// skipped) into the files to load, with their sizes on disk.
    fn collect_files(&mut self, paths: &[PathBuf]) -> Vec<(PathBuf, u64)> {
        let mut out = Vec::new();
        for path in paths {
            let meta = match std::fs::metadata(path) {
                Ok(m) => m,
                Err(e) => {
                    self.warn(path, None, format!("cannot read: {}", io_reason(&e)));
                    continue;
                }
            };
            if meta.is_file() {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if Format::from_name(&name).is_none() {
                    // Cargo.lock, data.csv, /etc/passwd: not articles, even named
                    self.warn(
                        path,
                        None,
                        "skipped: not an article file (newsdesk reads .txt, .md, .json, .jsonl, \
                         .ndjson, .html, .htm, .xml, .rss, .atom, optionally .gz)",
                    );
                    continue;
                }
                out.push((path.clone(), meta.len()));
                continue;
            }
            if !meta.is_dir() {
                let kind = ReadError::NotRegular(crate::fsutil::file_kind(&meta.file_type()));
                self.warn(path, None, format!("skipped: {kind}"));
                continue;
            }
            let before = out.len();
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let p = e
                            .path()
                            .map(Path::to_path_buf)
                            .unwrap_or_else(|| path.clone());
                        self.warn(&p, None, format!("cannot read: {e}"));
                        continue;
                    }
                };
                let name = entry.file_name().to_string_lossy();
                if !is_loadable_name(&name) {
                    continue;
                }
                if !entry.file_type().is_file() {
                    if !entry.file_type().is_dir() {
                        let kind =
                            ReadError::NotRegular(crate::fsutil::file_kind(&entry.file_type()));
                        self.warn(entry.path(), None, format!("skipped: {kind}"));
                    }
                    continue;
                }
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                out.push((entry.into_path(), len));
            }
            if out.len() == before {
                self.warn(
                    path,
                    None,
                    "no article files here (.txt, .md, .json, .jsonl, .html, .xml/.rss/.atom, optionally .gz)",
                );
            }
        }
        out
    }

    fn load_file(&mut self, path: &Path, len: u64, done_before: u64, total: u64) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let format = Format::from_name(&name).unwrap_or(Format::Text);
        let gz = name.to_ascii_lowercase().ends_with(".gz");
        if format == Format::JsonLines {
            self.load_json_lines(path, gz, done_before, total);
            return;
        }
        if len > self.opts.max_file_size {
            let msg = format!(
                "skipped: {} is over the {} limit (--max-file-size)",
                human_size(len),
                human_size(self.opts.max_file_size)
            );
            self.warn(path, None, msg);
            return;
        }
        let bytes = match crate::fsutil::read_capped(path, self.opts.max_file_size, gz) {
            Ok(b) => b,
            Err(ReadError::TooLarge) => {
                let msg = format!(
                    "skipped: decompressed size is over the {} limit (--max-file-size)",
                    human_size(self.opts.max_file_size)
                );
                self.warn(path, None, msg);
                return;
            }
            Err(e) => {
                self.warn(path, None, format!("cannot read: {e}"));
                return;
            }
        };
        let Some(text) = self.decode(path, &bytes, format == Format::Html) else {
            return;
        };
        let stem = file_stem(&name);
        let mut raws = Vec::new();
        // The content decides between the formats an extension may hold.
        let head = &text[..text.floor_char_boundary(text.len().min(4096))];
        let format = match format {
            Format::Json | Format::Html | Format::Xml if super::feeds::looks_like_feed(head) => {
                Format::Xml
            }
            Format::Html | Format::Json if super::wire::looks_like_newsml(head) => Format::Xml,
            other => other,
        };
        match format {
            Format::Text => raws.push(RawArticle {
                body: text,
                ..Default::default()
            }),
            Format::Markdown => {
                let (mut raw, issues) = formats::parse_markdown(&text);
                raw.format = SourceFormat::Markdown;
                self.report_issues(path, issues);
                raws.push(raw);
            }
            Format::Json => {
                let (found, issues) = formats::parse_json_document(&text);
                self.report_issues(path, issues);
                raws = found;
            }
            Format::Html => {
                let source_url = self.sidecar_url(path);
                match super::html::extract_page(&text, source_url.as_deref()) {
                    Ok(page) => raws.push(RawArticle {
                        title: page.title,
                        outlet: page.outlet,
                        published: page.published,
                        updated: page.modified,
                        url: page.url.or(source_url),
                        authors: page.authors,
                        body: page.body,
                        provenance: Provenance::File,
                        format: SourceFormat::Html,
                        ..Default::default()
                    }),
                    Err(why) => {
                        self.warn(path, None, format!("skipped: {why}"));
                        return;
                    }
                }
            }
            Format::Xml => {
                if super::wire::looks_like_newsml(head) {
                    let (found, issues) = super::wire::parse_newsml(&text);
                    self.report_issues(path, issues);
                    raws = found;
                } else {
                    let feed = super::feeds::parse_feed(text.as_bytes());
                    self.report_issues(path, feed.issues);
                    raws = feed.items;
                }
            }
            Format::JsonLines => unreachable!("streamed above"),
        }
        if raws.len() == 1 && !raws[0].format.has_guid() {
            self.apply_sidecar(path, &mut raws[0]);
        }
        for mut raw in raws {
            if raw.body.trim().is_empty() {
                self.warn(path, None, "skipped: no article text");
                continue;
            }
            raw.path = Some(path.to_path_buf());
            if raw.id.is_none() {
                raw.id = Some(match (&raw.guid, raw.record) {
                    // Feed and wire items keep their id when the file
                    // changes around them (a re-polled feed).
                    (Some(g), _) if raw.format.has_guid() => {
                        format!(
                            "{stem}#{:08x}",
                            xxhash_rust::xxh3::xxh3_64(g.as_bytes()) as u32
                        )
                    }
                    (_, Some(r)) => format!("{stem}#{r}"),
                    (_, None) => stem.clone(),
                });
            }
            self.emit(build_article(raw));
        }
    }

    /// The `url` of a file's sidecar, if it has one (a page saved by
    /// `newsdesk fetch`): relative links and the outlet fall back on it.
    fn sidecar_url(&mut self, path: &Path) -> Option<String> {
        let dir = path.parent()?;
        let name = path.file_name()?.to_string_lossy().into_owned();
        let stem = file_stem(&name);
        let exists = [stem.as_str(), name.as_str()].iter().any(|b| {
            ["meta.json", "meta.toml"]
                .iter()
                .any(|e| std::fs::symlink_metadata(dir.join(format!("{b}.{e}"))).is_ok())
        });
        if !exists {
            return None;
        }
        // Read quietly: the sidecar's problems are reported once, when it
        // is applied.
        let mut raw = RawArticle::default();
        let mut sink = |_: LoadEvent| {};
        let mut state = LoadState::default();
        let mut probe = Loader {
            opts: self.opts,
            sink: &mut sink,
            state: &mut state,
            batch: Vec::new(),
            changed: Vec::new(),
            previous: HashSet::new(),
            current: None,
        };
        probe.apply_sidecar(path, &mut raw);
        raw.url
    }

    fn load_json_lines(&mut self, path: &Path, gz: bool, done_before: u64, total: u64) {
        let file = match crate::fsutil::open_regular(path) {
            Ok(f) => f,
            Err(e) => {
                self.warn(path, None, format!("cannot read: {e}"));
                return;
            }
        };
        let consumed = Arc::new(AtomicU64::new(0));
        let counting = CountingReader {
            inner: file,
            count: consumed.clone(),
        };
        let inner: Box<dyn Read + Send> = if gz {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
                1 << 16,
                counting,
            )))
        } else {
            Box::new(counting)
        };
        // Reading (and decompressing) runs on its own thread, a few chunks
        // ahead of parsing, so the two overlap on a multi-core machine.
        let chunks = read_line_chunks(inner, self.opts.max_file_size);
        let stem = file_stem(
            &path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let mut line_no = 0usize;
        let mut loaded = 0usize;
        let mut last_progress = 0u64;
        let mut checked_binary = false;
        let mut pending: Vec<u8> = Vec::new();
        let mut at = 0;
        loop {
            if at >= pending.len() {
                match chunks.recv() {
                    Ok(Ok(Piece::Lines(chunk))) => {
                        pending = chunk;
                        at = 0;
                    }
                    Ok(Ok(Piece::Oversized(bytes))) => {
                        line_no += 1;
                        checked_binary = true;
                        let msg = format!(
                            "record skipped: {} is over the {} limit (--max-file-size)",
                            human_size(bytes),
                            human_size(self.opts.max_file_size)
                        );
                        self.warn(path, Some(line_no), msg);
                        continue;
                    }
                    Ok(Err(e)) => {
                        self.warn(
                            path,
                            Some(line_no + 1),
                            format!("read error, rest of file skipped: {}", io_reason(&e)),
                        );
                        break;
                    }
                    Err(_) => break,
                }
            }
            let end = memchr::memchr(b'\n', &pending[at..]).map_or(pending.len(), |i| at + i + 1);
            let line = &pending[at..end];
            at = end;
            line_no += 1;
            if !checked_binary {
                checked_binary = true;
                if looks_binary(&line[..line.len().min(8192)]) {
                    self.warn(path, None, "skipped: binary file (not text)");
                    return;
                }
            }
            let record = line.trim_ascii();
            if record.is_empty() {
                continue;
            }
            if record.len() as u64 > self.opts.max_file_size {
                let msg = format!(
                    "record skipped: {} is over the {} limit (--max-file-size)",
                    human_size(record.len() as u64),
                    human_size(self.opts.max_file_size)
                );
                self.warn(path, Some(line_no), msg);
                continue;
            }
            let parsed = match formats::parse_json_record(record) {
                Err(e) if std::str::from_utf8(record).is_err() => {
                    let lossy = String::from_utf8_lossy(record);
                    self.warn(path, Some(line_no), "invalid UTF-8 replaced with U+FFFD");
                    formats::parse_json_record(lossy.as_bytes()).map_err(|_| e)
                }
                other => other,
            };
            match parsed {
                Ok(mut raw) => {
                    if raw.format == SourceFormat::Json {
                        raw.format = SourceFormat::JsonLines;
                    }
                    raw.path = Some(path.to_path_buf());
                    raw.record = Some(line_no);
                    if raw.id.is_none() {
                        raw.id = Some(format!("{stem}#{line_no}"));
                    }
                    self.emit(build_article(raw));
                    loaded += 1;
                }
                Err(message) => {
                    self.warn(path, Some(line_no), format!("record skipped: {message}"))
                }
            }
            let c = consumed.load(Ordering::Relaxed);
            if c - last_progress > (1 << 20) {
                last_progress = c;
                self.flush();
                (self.sink)(LoadEvent::Progress {
                    done: done_before + c,
                    total,
                });
            }
        }
        if loaded == 0 && line_no > 0 {
            self.warn(path, None, "no article loaded from this file");
        } else if line_no == 0 {
            self.warn(path, None, "skipped: empty file");
        }
    }

    /// Bytes to text: refuses empty and binary files, decodes UTF-16 with a
    /// byte-order mark, and replaces invalid UTF-8 with a warning.
    fn decode(&mut self, path: &Path, bytes: &[u8], html: bool) -> Option<String> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            self.warn(path, None, "skipped: empty file");
            return None;
        }
        if let Some(text) = decode_utf16_bom(bytes) {
            return Some(text);
        }
        if looks_binary(&bytes[..bytes.len().min(8192)]) {
            self.warn(path, None, "skipped: binary file (not text)");
            return None;
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Some(s.to_string()),
            Err(_) if html => {
                // Web pages name their encoding; unnamed, it is windows-1252.
                let (label, encoding) = html_charset(bytes)
                    .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()).map(|e| (l, e)))
                    .unwrap_or(("windows-1252".into(), encoding_rs::WINDOWS_1252));
                let (text, _, errors) = encoding.decode(bytes);
                if errors {
                    self.warn(
                        path,
                        None,
                        format!("not valid {label}: bad bytes shown as U+FFFD"),
                    );
                }
                Some(text.into_owned())
            }
            Err(_) => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                let bad = text.matches('\u{fffd}').count();
                self.warn(
                    path,
                    None,
                    format!("invalid UTF-8: {bad} place(s) replaced with U+FFFD"),
                );
                Some(text)
            }
        }
    }

    fn report_issues(&mut self, path: &Path, issues: Vec<FormatIssue>) {
        for i in issues {
            self.warn(path, i.line, i.message);
        }
    }

    /// Applies `NAME.meta.json` / `NAME.meta.toml` (or `NAME.EXT.meta.*`)
    /// beside a file: every field it sets overrides the file's.
    fn apply_sidecar(&mut self, path: &Path, raw: &mut RawArticle) {
        let Some(dir) = path.parent() else { return };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = file_stem(&name);
        for base in [stem.as_str(), name.as_str()] {
            for (ext, is_toml) in [("meta.json", false), ("meta.toml", true)] {
                let side = dir.join(format!("{base}.{ext}"));
                if std::fs::symlink_metadata(&side).is_err() {
                    continue;
                }
                let text = match crate::fsutil::read_capped(&side, SIDECAR_LIMIT, false) {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(ReadError::TooLarge) => {
                        let msg = format!(
                            "sidecar ignored: over the {} limit for metadata",
                            human_size(SIDECAR_LIMIT)
                        );
                        self.warn(&side, None, msg);
                        return;
                    }
                    Err(e) => {
                        self.warn(&side, None, format!("sidecar ignored: {e}"));
                        return;
                    }
                };
                match formats::parse_sidecar(&text, is_toml) {
                    Ok(meta) => {
                        let set = |dst: &mut Option<String>, src: Option<String>| {
                            if src.is_some() {
                                *dst = src;
                            }
                        };
                        set(&mut raw.id, meta.id);
                        set(&mut raw.title, meta.title);
                        set(&mut raw.outlet, meta.outlet);
                        set(&mut raw.published, meta.published);
                        set(&mut raw.url, meta.url);
                        if !meta.authors.is_empty() {
                            raw.authors = meta.authors;
                        }
                        raw.provenance = Provenance::Sidecar;
                    }
                    Err(issue) => self.warn(
                        &side,
                        issue.line,
                        format!("{}; sidecar ignored", issue.message),
                    ),
                }
                return;
            }
        }
    }

    fn emit(&mut self, mut article: Article) {
        // Feed and wire items: one article per item, later texts are versions.
        let mut keys = Vec::new();
        let text_hash = xxhash_rust::xxh3::xxh3_64(article.body.as_bytes());
        if article.format.has_guid() {
            keys.extend(article.guid.as_ref().map(|g| format!("guid:{g}")));
            let is_feed = matches!(
                article.format,
                SourceFormat::Rss | SourceFormat::Atom | SourceFormat::JsonFeed
            );
            if is_feed {
                keys.extend(article.url.as_ref().map(|u| format!("url:{u}")));
                keys.push(format!("text:{text_hash:016x}"));
            }
        }
        let known = keys
            .iter()
            .find_map(|k| self.state.items.get(k).map(|r| (k.clone(), r.clone())));
        let print = fingerprint(&article);
        // The same file loaded again (the watcher saw it change): its
        // articles keep their ids; only those that changed are sent.
        if let Some(cur) = self.current.clone() {
            let again = match &known {
                Some((_, first)) if first.path == cur => Some(first.id.clone()),
                Some(_) => None,
                None => Some(article.id.clone()),
            }
            .filter(|id| self.previous.remove(id));
            if let Some(id) = again {
                article.id = id;
                self.state
                    .files
                    .entry(cur)
                    .or_default()
                    .ids
                    .push(article.id.clone());
                if self.state.prints.get(&article.id) != Some(&print) {
                    self.state.prints.insert(article.id.clone(), print);
                    for key in &keys {
                        if let Some(rec) = self.state.items.get_mut(key) {
                            for seen in rec.seen.iter_mut().filter(|s| s.2 == article.id) {
                                seen.0 = text_hash;
                            }
                        }
                    }
                    self.changed.push(article);
                }
                return;
            }
        }
        if let Some((key, first)) = &known {
            let same = first.seen.iter().find(|(h, v, _)| {
                *h == text_hash && (article.version.is_none() || article.version == *v)
            });
            if let Some((_, _, dup_of)) = same {
                let by = match key.split_once(':').map_or("", |(k, _)| k) {
                    "guid" => "same GUID",
                    "url" => "same link",
                    _ => "same text",
                };
                let path = article.path.clone().unwrap_or_default();
                self.warn(
                    &path,
                    None,
                    format!(
                        "item \u{201c}{}\u{201d} skipped: a duplicate of {} ({by})",
                        crate::sanitize::sanitize_line(&article.title),
                        dup_of
                    ),
                );
                return;
            }
        }
        if !self.state.ids.insert(article.id.clone()) {
            let base = article.id.clone();
            let mut n = 2;
            while !self.state.ids.insert(format!("{base}~{n}")) {
                n += 1;
            }
            article.id = format!("{base}~{n}");
        }
        self.state.prints.insert(article.id.clone(), print);
        match known {
            Some((key, first)) => {
                if let Some(rec) = self.state.items.get_mut(&key) {
                    rec.versions += 1;
                    if article.version.is_none() {
                        article.version = Some(rec.versions);
                    }
                    rec.seen
                        .push((text_hash, article.version, article.id.clone()));
                }
                article.version_of = Some(first.id.clone());
            }
            None => {
                for key in &keys {
                    self.state.items.insert(
                        key.clone(),
                        ItemRecord {
                            id: article.id.clone(),
                            path: self.current.clone().unwrap_or_default(),
                            versions: 1,
                            seen: vec![(text_hash, article.version, article.id.clone())],
                        },
                    );
                }
            }
        }
        if let Some(cur) = &self.current {
            let rec = self.state.files.entry(cur.clone()).or_default();
            rec.ids.push(article.id.clone());
        }
        self.batch.push(article);
        if self.batch.len() >= BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.batch.is_empty() {
            (self.sink)(LoadEvent::Articles(std::mem::take(&mut self.batch)));
        }
        if !self.changed.is_empty() {
            (self.sink)(LoadEvent::Changed(std::mem::take(&mut self.changed)));
        }
    }
}

/// What the reading thread hands over.
enum Piece {
    /// Whole lines (about 4 MB, or one long line up to the record cap).
    Lines(Vec<u8>),
    /// One line longer than the record cap, skipped without being held in
    /// memory: its length in bytes (at least the cap).
    Oversized(u64),
}

/// Reads a stream on a helper thread into chunks of whole lines, at most a
/// few chunks ahead of the consumer. A line longer than `max_record` is
/// never accumulated: it is skipped to its newline and reported as
/// [`Piece::Oversized`], so memory stays bounded by the chunk size and the
/// cap whatever the input (a 4 GB line with no newline included).
fn read_line_chunks(
    mut reader: Box<dyn Read + Send>,
    max_record: u64,
) -> std::sync::mpsc::Receiver<std::io::Result<Piece>> {
    const CHUNK: usize = 4 << 20;
    let max_record = usize::try_from(max_record).unwrap_or(usize::MAX);
    let (tx, rx) = std::sync::mpsc::sync_channel(4);
    std::thread::Builder::new()
        .name("newsdesk-read".into())
        .spawn(move || {
            let mut carry: Vec<u8> = Vec::new();
            // bytes of an oversized line skipped so far (None: not skipping)
            let mut skipping: Option<u64> = None;
            let mut buf = vec![0u8; CHUNK];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                if n == 0 {
                    if let Some(skipped) = skipping {
                        let _ = tx.send(Ok(Piece::Oversized(skipped)));
                    } else if !carry.is_empty() {
                        let _ = tx.send(Ok(Piece::Lines(std::mem::take(&mut carry))));
                    }
                    return;
                }
                let mut data = &buf[..n];
                if let Some(skipped) = skipping.as_mut() {
                    match memchr::memchr(b'\n', data) {
                        None => {
                            *skipped += n as u64;
                            continue;
                        }
                        Some(i) => {
                            let total = *skipped + i as u64;
                            skipping = None;
                            if tx.send(Ok(Piece::Oversized(total))).is_err() {
                                return;
                            }
                            data = &data[i + 1..];
                        }
                    }
                }
                carry.extend_from_slice(data);
                // hand over the whole lines; keep the partial last one
                let cut = memchr::memrchr(b'\n', &carry).map(|i| i + 1);
                let partial_start = cut.unwrap_or(0);
                if carry.len() - partial_start > max_record {
                    // the unfinished line is already over the cap: skip it
                    let over = (carry.len() - partial_start) as u64;
                    carry.truncate(partial_start);
                    skipping = Some(over);
                }
                if let Some(cut) = cut
                    && (carry.len() >= CHUNK || skipping.is_some())
                {
                    let rest = carry.split_off(cut);
                    let lines = std::mem::replace(&mut carry, rest);
                    if tx.send(Ok(Piece::Lines(lines))).is_err() {
                        return;
                    }
                }
            }
        })
        .expect("spawn the reading thread");
    rx
}

/// The file name without its format extensions (`a.jsonl.gz` → `a`).
fn file_stem(name: &str) -> String {
    let mut stem = name;
    if let Some(s) = stem.strip_suffix(".gz") {
        stem = s;
    }
    match stem.rsplit_once('.') {
        Some((s, ext)) if Format::from_name(&format!("x.{ext}")).is_some() => s.to_string(),
        _ => stem.to_string(),
    }
}

/// True for data that is not text: NUL bytes, or many control bytes.
fn looks_binary(sample: &[u8]) -> bool {
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    control * 10 > sample.len().max(1)
}

fn decode_utf16_bom(bytes: &[u8]) -> Option<String> {
    let le = bytes.starts_with(&[0xff, 0xfe]);
    let be = bytes.starts_with(&[0xfe, 0xff]);
    if !le && !be {
        return None;
    }
    let units = bytes[2..].chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{fffd}'))
            .collect(),
    )
}

/// The charset a page declares (`<meta charset=…>` or `content="…;
/// charset=…"`) in its first 4 KB.
fn html_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// Sizes as people read them ("20 MB").
pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        let mb = bytes as f64 / MB;
        if mb.fract() < 0.05 {
            format!("{mb:.0} MB")
        } else {
            format!("{mb:.1} MB")
        }
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn loads_folder_recursively_with_sidecars_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"First story text here.\nMore.");
        write(
            dir.path(),
            "a.meta.toml",
            b"outlet = \"Wire\"\ndate = 2024-03-01\n",
        );
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        write(
            &dir.path().join("sub"),
            "b.md",
            b"---\ntitle: B\n---\nBody of b.\n",
        );
        std::fs::create_dir(dir.path().join(".hidden")).unwrap();
        write(&dir.path().join(".hidden"), "c.txt", b"Hidden.");
        write(dir.path(), "notes.png", b"\x89PNG");
        let r = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let ids: Vec<_> = r.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
        assert_eq!(r.articles[0].outlet.as_deref(), Some("Wire"));
        assert_eq!(r.articles[0].sources.outlet, Provenance::Sidecar);
        assert_eq!(r.articles[0].published, Some(jiff::civil::date(2024, 3, 1)));
        assert_eq!(r.articles[1].title, "B");
    }

    #[test]
    fn bad_inputs_become_warnings() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "empty.txt", b"   \n");
        write(dir.path(), "binary.txt", b"abc\x00\x01\x02def");
        write(dir.path(), "latin1.txt", b"Caf\xe9 opened on Monday.");
        write(dir.path(), "big.txt", &vec![b'a'; 2000]);
        write(
            dir.path(),
            "lines.jsonl",
            b"{\"text\": \"One.\"}\n{oops\n\n{\"text\": \"Three.\"}\n",
        );
        let opts = LoadOptions {
            max_file_size: 1000,
        };
        let r = load_paths(&[dir.path().to_path_buf()], &opts);
        let msgs: Vec<String> = r.warnings.iter().map(|w| w.to_string()).collect();
        let has = |needle: &str| msgs.iter().any(|m| m.contains(needle));
        assert!(has("empty.txt: skipped: empty file"), "{msgs:?}");
        assert!(has("binary.txt: skipped: binary file"), "{msgs:?}");
        assert!(has("latin1.txt: invalid UTF-8: 1 place(s)"), "{msgs:?}");
        assert!(
            has("big.txt: skipped: 1 KB is over the 1000 bytes limit"),
            "{msgs:?}"
        );
        assert!(
            has("lines.jsonl:2: record skipped: malformed JSON"),
            "{msgs:?}"
        );
        let ids: Vec<_> = r.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["latin1", "lines#1", "lines#4"]);
        assert_eq!(r.articles[0].body, "Caf\u{fffd} opened on Monday.");
    }

    #[test]
    fn gzip_json_lines_stream_and_progress() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(
            File::create(&p).unwrap(),
            flate2::Compression::default(),
        );
        for i in 0..600 {
            writeln!(
                enc,
                "{{\"id\": \"n{i}\", \"title\": \"T{i}\", \"text\": \"Body {i}.\"}}"
            )
            .unwrap();
        }
        enc.finish().unwrap();
        let mut batches = 0;
        let mut count = 0;
        let mut last_progress = None;
        load_paths_streaming(&[p], &LoadOptions::default(), &mut |e| match e {
            LoadEvent::Articles(a) => {
                batches += 1;
                count += a.len();
            }
            LoadEvent::Progress { done, total } => last_progress = Some((done, total)),
            LoadEvent::Warning(w) => panic!("{w}"),
            LoadEvent::Started { .. } | LoadEvent::Changed(_) => {}
        });
        assert_eq!(count, 600);
        assert!(batches >= 3);
        let (done, total) = last_progress.unwrap();
        assert_eq!(done, total);
    }

    #[test]
    fn missing_path_and_empty_folder_warn() {
        let dir = tempfile::tempdir().unwrap();
        let r = load_paths(
            &[dir.path().join("nope"), dir.path().to_path_buf()],
            &LoadOptions::default(),
        );
        assert!(r.articles.is_empty());
        assert!(r.warnings[0].message.contains("no such file"));
        assert!(r.warnings[1].message.contains("no article files"));
    }

    #[test]
    fn duplicate_ids_get_suffixes() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "x.json",
            br#"[{"id": "same", "text": "A."}, {"id": "same", "text": "B."}]"#,
        );
        let r = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
        let ids: Vec<_> = r.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["same", "same~2"]);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xff, 0xfe];
        for u in "Hello there.".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        write(dir.path(), "u.txt", &bytes);
        let r = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
        assert_eq!(r.articles[0].body, "Hello there.");
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(human_size(1536), "1 KB");
        assert_eq!(human_size(10), "10 bytes");
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem("a.jsonl.gz"), "a");
        assert_eq!(file_stem("000_x.txt"), "000_x");
        assert_eq!(file_stem("v1.2"), "v1.2");
    }
}
