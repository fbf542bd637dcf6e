//! Fetching pages and feeds over HTTP(S), and polling the feeds of the
//! config into a folder the watcher loads.
//!
//! One client (`ureq`, TLS by rustls) with every limit set: a connect
//! timeout and a timeout on the whole exchange (a server that stalls, even
//! one that trickles a byte a second, ends in an error), a cap on the body
//! after decompression (gzip and brotli are accepted; a gzip bomb stops at
//! the cap), at most five redirects (a loop is an error), http and https
//! only, and a user agent that says who is asking. Only text the loader
//! reads is kept: web pages, feeds, NewsML, JSON and plain text; images,
//! PDFs and other types are refused with the type named.
//!
//! A fetched document is saved raw under a name made from its URL, beside a
//! sidecar `NAME.meta.json` holding the URL and the fetch time, both written
//! atomically, so a watcher never sees half a file.

use crate::corpus;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Limits of one fetch.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// Bodies larger than this (after decompression) are refused.
    pub max_bytes: u64,
    /// The whole exchange, from connecting to the last byte.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_redirects: u32,
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            max_bytes: 20 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 5,
            user_agent: format!(
                "newsdesk/{} (fact-checking desk; saves pages for offline reading)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

impl FetchOptions {
    /// The defaults, with the size limit of the settings.
    pub fn for_settings(settings: &crate::config::Settings) -> FetchOptions {
        FetchOptions {
            max_bytes: settings.max_file_size,
            ..FetchOptions::default()
        }
    }
}

/// What kind of document a body is, by its content (the server's type
/// is often wrong).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Html,
    /// RSS, Atom or NewsML-G2.
    Xml,
    /// JSON: an article, ninjs or a JSON Feed.
    Json,
    Text,
}

impl DocKind {
    pub fn extension(self) -> &'static str {
        match self {
            DocKind::Html => "html",
            DocKind::Xml => "xml",
            DocKind::Json => "json",
            DocKind::Text => "txt",
        }
    }
}

/// A fetched document.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The URL asked for.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    pub content_type: Option<String>,
    pub kind: DocKind,
    pub bytes: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("only http and https URLs are fetched")]
    BadUrl,
    #[error("the server answered {0}")]
    Status(u16),
    #[error("not a page or a feed (content type {0})")]
    ContentType(String),
    #[error("larger than the {0} limit")]
    TooLarge(String),
    #[error("the server did not answer in time ({0})")]
    Timeout(String),
    #[error("too many redirects (a redirect loop?)")]
    Redirects,
    #[error("empty answer")]
    Empty,
    #[error("{0}")]
    Other(String),
}

fn agent(opts: &FetchOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .timeout_connect(Some(opts.connect_timeout))
        .max_redirects(opts.max_redirects)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .user_agent(opts.user_agent.as_str())
        .accept(
            "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, \
             application/feed+json, application/xml;q=0.9, application/json;q=0.9, text/plain;q=0.5",
        )
        .max_response_header_size(64 * 1024)
        .build()
        .into()
}

/// Content types newsdesk keeps (the body is then sniffed).
fn acceptable_type(ct: &str) -> bool {
    let ct = ct.to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    matches!(
        essence,
        "text/html"
            | "application/xhtml+xml"
            | "application/rss+xml"
            | "application/atom+xml"
            | "application/rdf+xml"
            | "application/xml"
            | "text/xml"
            | "application/json"
            | "application/feed+json"
            | "application/ld+json"
            | "text/plain"
            | "application/vnd.iptc.g2.newsitem+xml"
            | "application/vnd.iptc.g2.newsmessage+xml"
            | ""
    ) || essence.ends_with("+xml")
        || essence.ends_with("+json")
}

/// The kind of a body, by content first, then by the declared type.
pub fn sniff(bytes: &[u8], content_type: Option<&str>) -> DocKind {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if corpus::wire::looks_like_newsml(trimmed) {
        return DocKind::Xml;
    }
    if corpus::feeds::looks_like_feed(trimmed) {
        return if trimmed.starts_with('{') {
            DocKind::Json
        } else {
            DocKind::Xml
        };
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return DocKind::Json;
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.contains("<html") || lower.contains("<body") {
        return DocKind::Html;
    }
    if lower.starts_with("<?xml") {
        return DocKind::Xml;
    }
    match content_type.map(str::to_ascii_lowercase) {
        Some(ct) if ct.contains("html") => DocKind::Html,
        Some(ct) if ct.contains("xml") => DocKind::Xml,
        Some(ct) if ct.contains("json") => DocKind::Json,
        _ if lower.starts_with('<') => DocKind::Html,
        _ => DocKind::Text,
    }
}

/// Fetches one URL. With `etag` / `last_modified` from an earlier fetch,
/// asks only for a newer version and returns `Ok(None)` when there is none.
pub fn fetch_conditional(
    url: &str,
    opts: &FetchOptions,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> Result<Option<Fetched>, FetchError> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(FetchError::BadUrl);
    }
    let agent = agent(opts);
    let mut req = agent.get(url);
    if let Some(e) = etag {
        req = req.header("If-None-Match", e);
    }
    if let Some(m) = last_modified {
        req = req.header("If-Modified-Since", m);
    }
    let mut resp = req.call().map_err(|e| map_error(e, opts))?;
    let status = resp.status().as_u16();
    if status == 304 {
        return Ok(None);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status(status));
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type");
    if let Some(ct) = &content_type
        && !acceptable_type(ct)
    {
        return Err(FetchError::ContentType(ct.clone()));
    }
    if let Some(len) = header("content-length").and_then(|l| l.trim().parse::<u64>().ok())
        && len > opts.max_bytes
        && header("content-encoding").is_none()
    {
        return Err(FetchError::TooLarge(corpus::human_size(opts.max_bytes)));
    }
    let etag = header("etag");
    let last_modified = header("last-modified");
    let final_url = {
        use ureq::ResponseExt;
        resp.get_uri().to_string()
    };
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| map_error(e, opts))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FetchError::Empty);
    }
    let kind = sniff(&bytes, content_type.as_deref());
    Ok(Some(Fetched {
        url: url.to_string(),
        final_url,
        content_type,
        kind,
        bytes,
        etag,
        last_modified,
    }))
}

/// Fetches one URL.
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Fetched, FetchError> {
    fetch_conditional(url, opts, None, None)?.ok_or(FetchError::Empty)
}

fn map_error(e: ureq::Error, opts: &FetchOptions) -> FetchError {
    match e {
        ureq::Error::Timeout(t) => FetchError::Timeout(t.to_string()),
        ureq::Error::TooManyRedirects => FetchError::Redirects,
        ureq::Error::BodyExceedsLimit(_) => {
            FetchError::TooLarge(corpus::human_size(opts.max_bytes))
        }
        ureq::Error::StatusCode(c) => FetchError::Status(c),
        ureq::Error::Io(io) => {
            let text = io.to_string();
            if io.kind() == std::io::ErrorKind::TimedOut || text.contains("timeout") {
                FetchError::Timeout(text)
            } else if text.contains("limit") {
                FetchError::TooLarge(corpus::human_size(opts.max_bytes))
            } else {
                FetchError::Other(text)
            }
        }
        other => {
            let text = other.to_string();
            if text.contains("timeout") {
                FetchError::Timeout(text)
            } else if text.contains("exceeds limit") {
                FetchError::TooLarge(corpus::human_size(opts.max_bytes))
            } else {
                FetchError::Other(text)
            }
        }
    }
}

/// A file name for a URL: host and last path segments, lower case, letters,
/// digits and dashes only, at most 80 characters, with the extension.
pub fn file_name_for(url: &str, ext: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut slug = String::new();
    for c in rest.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let slug = slug.strip_prefix("www-").unwrap_or(slug);
    // keep the host and the end of the path, which names the story
    let slug: String = if slug.len() > 80 {
        let host_end = slug.find('-').unwrap_or(0).min(30);
        let tail = &slug[slug.len() - (79 - host_end)..];
        format!("{}-{}", &slug[..host_end], tail.trim_start_matches('-'))
    } else {
        slug.to_string()
    };
    let slug = if slug.is_empty() { "page".into() } else { slug };
    // an extension already in the URL ("…/feed-xml") is dropped
    let slug = slug
        .strip_suffix(&format!("-{ext}"))
        .map(str::to_string)
        .unwrap_or(slug);
    format!("{slug}.{ext}")
}

/// The sidecar written beside a fetched file.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct FetchSidecar {
    /// Where the document came from (after redirects).
    pub url: String,
    /// The URL asked for, when redirects led elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_url: Option<String>,
    /// When it was fetched (RFC 3339).
    pub fetched: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

fn sidecar_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    file.with_file_name(format!("{stem}.meta.json"))
}

fn read_sidecar(file: &Path) -> Option<FetchSidecar> {
    let bytes = crate::fsutil::read_capped(&sidecar_path(file), 1 << 20, false).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Saves a fetched document in `folder` (created if needed), with its
/// sidecar. A file of the same name from another URL is kept: the new one
/// gets a numbered name. Returns the document's path.
pub fn save(fetched: &Fetched, folder: &Path, name: Option<&str>) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let ext = fetched.kind.extension();
    let base = match name {
        Some(n) => format!("{}.{ext}", file_name_for(n, "x").trim_end_matches(".x")),
        None => file_name_for(&fetched.final_url, ext),
    };
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base.as_str(), ext));
    let mut path = folder.join(&base);
    let mut n = 2;
    while path.exists() {
        let same_source = read_sidecar(&path).is_some_and(|s| {
            s.url == fetched.final_url
                || s.requested_url.as_deref() == Some(&fetched.url)
                || s.url == fetched.url
        });
        if same_source {
            break;
        }
        path = folder.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    let sidecar = FetchSidecar {
        url: fetched.final_url.clone(),
        requested_url: (fetched.final_url != fetched.url).then(|| fetched.url.clone()),
        fetched: jiff::Timestamp::now().to_string(),
        content_type: fetched.content_type.clone(),
    };
    let json = serde_json::to_vec_pretty(&sidecar).map_err(std::io::Error::other)?;
    // The sidecar first: the watcher loads the document once, with its URL.
    crate::fsutil::write_atomic(&sidecar_path(&path), &json)?;
    crate::fsutil::write_atomic(&path, &fetched.bytes)?;
    Ok(path)
}

/// One feed of the config, polled into a folder.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedSource {
    pub url: String,
    pub every: Duration,
    /// The file name to save it under (default: from the URL).
    pub name: Option<String>,
}

/// A running poller; dropping it stops it (within a second).
pub struct FeedPoller {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FeedPoller {
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for FeedPoller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What a poll did, for the log or the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollReport {
    /// The feed changed and was saved here.
    Saved(String, PathBuf),
    /// The feed did not change.
    Unchanged(String),
    Failed(String, String),
}

/// Polls each feed at its interval (the first poll at once) and saves it in
/// `folder` when it changed, so a watcher on the folder loads its new
/// items. `report` hears about each poll.
pub fn spawn_feed_poller(
    feeds: Vec<FeedSource>,
    folder: PathBuf,
    opts: FetchOptions,
    report: impl Fn(PollReport) + Send + 'static,
) -> FeedPoller {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let thread = std::thread::Builder::new()
        .name("newsdesk-feeds".into())
        .spawn(move || {
            struct State {
                due: std::time::Instant,
                etag: Option<String>,
                modified: Option<String>,
                last: Option<u64>,
            }
            let mut states: Vec<State> = feeds
                .iter()
                .map(|_| State {
                    due: std::time::Instant::now(),
                    etag: None,
                    modified: None,
                    last: None,
                })
                .collect();
            while !flag.load(Ordering::Relaxed) {
                let now = std::time::Instant::now();
                for (feed, st) in feeds.iter().zip(states.iter_mut()) {
                    if flag.load(Ordering::Relaxed) {
                        return;
                    }
                    if st.due > now {
                        continue;
                    }
                    st.due = now + feed.every.max(Duration::from_millis(200));
                    match fetch_conditional(
                        &feed.url,
                        &opts,
                        st.etag.as_deref(),
                        st.modified.as_deref(),
                    ) {
                        Ok(None) => report(PollReport::Unchanged(feed.url.clone())),
                        Ok(Some(f)) => {
                            let hash = xxhash_rust::xxh3::xxh3_64(&f.bytes);
                            st.etag = f.etag.clone();
                            st.modified = f.last_modified.clone();
                            if st.last == Some(hash) {
                                report(PollReport::Unchanged(feed.url.clone()));
                                continue;
                            }
                            st.last = Some(hash);
                            match save(&f, &folder, feed.name.as_deref()) {
                                Ok(p) => report(PollReport::Saved(feed.url.clone(), p)),
                                Err(e) => report(PollReport::Failed(
                                    feed.url.clone(),
                                    format!("cannot save: {}", crate::fsutil::io_reason(&e)),
                                )),
                            }
                        }
                        Err(e) => report(PollReport::Failed(feed.url.clone(), e.to_string())),
                    }
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
        .expect("spawn the feed poller");
    FeedPoller {
        stop,
        thread: Some(thread),
    }
}

/// Parses an interval: "90s", "5m", "1h", "2h30m", or a number of seconds.
pub fn parse_interval(text: &str) -> Option<Duration> {
    let t = text.trim();
    if let Ok(secs) = t.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let mut total = 0u64;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        total += match c {
            's' => n,
            'm' => n * 60,
            'h' => n * 3600,
            'd' => n * 86400,
            _ => return None,
        };
    }
    (num.is_empty() && total > 0).then(|| Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_intervals() {
        assert_eq!(
            file_name_for(
                "https://www.harbour.example/2024/03/02/ferry-capsizes?utm=x",
                "html"
            ),
            "harbour-example-2024-03-02-ferry-capsizes.html"
        );
        assert_eq!(
            file_name_for("https://wire.example/feed.xml", "xml"),
            "wire-example-feed.xml"
        );
        let long = format!("https://news.example/{}", "word-".repeat(40));
        assert!(file_name_for(&long, "html").len() <= 86);
        assert_eq!(parse_interval("5m"), Some(Duration::from_secs(300)));
        assert_eq!(parse_interval("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_interval("45"), Some(Duration::from_secs(45)));
        assert_eq!(parse_interval("soon"), None);
        assert_eq!(parse_interval("5x"), None);
    }

    #[test]
    fn sniffing_beats_the_declared_type() {
        assert_eq!(
            sniff(b"<rss version=\"2.0\">", Some("text/html")),
            DocKind::Xml
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><p>x", Some("text/plain")),
            DocKind::Html
        );
        assert_eq!(sniff(b"{\"uri\": \"x\"}", None), DocKind::Json);
        assert_eq!(sniff(b"Plain words.", Some("text/plain")), DocKind::Text);
        assert!(!acceptable_type("image/png"));
        assert!(!acceptable_type("application/pdf"));
        assert!(acceptable_type("text/html; charset=utf-8"));
    }
}
