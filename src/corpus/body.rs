//! An article's text, held in memory or read from a spill file.
//!
//! A large archive's bodies are most of what a dashboard would hold (about
//! 5.8 GB at a million articles), yet at any moment it reads only a few of
//! them. So once the bodies loaded pass [`SPILL_FROM`] bytes, the loading
//! thread writes each later batch's bodies to a spill file in the cache
//! folder and maps them back: a [`Body`] is then a range of a read-only map.
//! The file is removed from its folder as soon as it is created, so it lives
//! only as long as the process and nothing is left behind, whatever way the
//! process ends. Every few seconds the pages read are handed back to the page
//! cache ([`trim`]): they stay cached, and cost the process nothing until
//! read again.

use std::fmt;
use std::fs::File;
use std::io;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

/// Body bytes a dashboard holds in memory before it spills the rest, unless
/// `$NEWSDESK_SPILL_FROM` says otherwise (in bytes; 0 spills every body).
pub const SPILL_FROM: u64 = 64 << 20;

/// How often the pages read from the spill are handed back.
const TRIM_EVERY: Duration = Duration::from_secs(5);

/// See [`SPILL_FROM`].
pub fn spill_from() -> u64 {
    std::env::var("NEWSDESK_SPILL_FROM")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(SPILL_FROM)
}

/// The text of an article: reads as a `&str`.
#[derive(Clone, Default)]
pub struct Body(Repr);

#[derive(Clone)]
enum Repr {
    Held(String),
    Spilled {
        page: Arc<Page>,
        start: usize,
        end: usize,
    },
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Held(String::new())
    }
}

/// One batch's bodies, mapped from the spill file.
struct Page {
    map: memmap2::Mmap,
}

impl Body {
    /// True when the text is read from the spill file.
    pub fn is_spilled(&self) -> bool {
        matches!(self.0, Repr::Spilled { .. })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Held(s) => s,
            Repr::Spilled { page, start, end } => {
                let bytes = &page.map[*start..*end];
                // SAFETY: these bytes were copied from a `&str` by
                // `Spill::spill` and the file is never written again: it
                // was removed from its folder when created, and only this
                // process holds it (mapped read-only).
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
        }
    }
}

impl Deref for Body {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Body {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Body(Repr::Held(s))
    }
}

impl From<&str> for Body {
    fn from(s: &str) -> Self {
        Body(Repr::Held(s.to_owned()))
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Body {}

impl PartialEq<str> for Body {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Body {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Body {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

/// A pass over many bodies in corpus order (the body index, a search):
/// each batch's pages are handed back once the pass has moved on to
/// another batch, one call per batch, so a pass over a million bodies
/// holds a batch's pages at a time, not gigabytes until the next [`trim`].
#[derive(Default)]
pub struct Reading {
    last: Option<Arc<Page>>,
}

impl Reading {
    /// Notes that the pass has read `body`.
    pub fn read(&mut self, body: &Body) {
        let Repr::Spilled { page, .. } = &body.0 else {
            return;
        };
        if self.last.as_ref().is_some_and(|l| Arc::ptr_eq(l, page)) {
            return;
        }
        if let Some(done) = self.last.replace(page.clone()) {
            done.hand_back();
        }
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        if let Some(done) = self.last.take() {
            done.hand_back();
        }
    }
}

impl Page {
    /// Hands the pages read back to the page cache.
    fn hand_back(&self) {
        // SAFETY: a read-only map of a file: after MADV_DONTNEED a read
        // finds the same bytes again in the page cache or on disk (the file
        // is never written where a map lies).
        let _ = unsafe {
            self.map
                .unchecked_advise(memmap2::UncheckedAdvice::DontNeed)
        };
    }
}

/// The spill file of one process: bodies are appended batch by batch, each
/// batch mapped back on its own.
pub struct Spill {
    file: File,
    len: u64,
}

/// The pages of every spill of the process, for [`trim`].
static PAGES: Mutex<Vec<Weak<Page>>> = Mutex::new(Vec::new());

impl Spill {
    /// Creates a spill file in `dir` (created if missing) and removes its
    /// name at once.
    pub fn create_in(dir: &Path) -> io::Result<Spill> {
        std::fs::create_dir_all(dir)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let path = dir.join(format!("spill-{}-{nanos}", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::fs::remove_file(&path)?;
        Ok(Spill { file, len: 0 })
    }

    /// Writes the held bodies of `bodies` to the file and makes each a
    /// range of its map. On an error (a full disk), every body stays held
    /// and the error is returned.
    pub fn spill<'a>(&mut self, bodies: impl IntoIterator<Item = &'a mut Body>) -> io::Result<()> {
        let mut held: Vec<&mut Body> = bodies
            .into_iter()
            .filter(|b| !b.is_spilled() && !b.is_empty())
            .collect();
        if held.is_empty() {
            return Ok(());
        }
        // (memmap2 maps from the page holding `start`)
        let start = self.len;
        let mut ranges = Vec::with_capacity(held.len());
        let mut bytes = Vec::with_capacity(held.iter().map(|b| b.len()).sum());
        for b in &held {
            ranges.push((bytes.len(), bytes.len() + b.len()));
            bytes.extend_from_slice(b.as_bytes());
        }
        use std::os::unix::fs::FileExt;
        self.file.write_all_at(&bytes, start)?;
        self.len = start + bytes.len() as u64;
        // SAFETY: the file's name is gone and only this struct writes it,
        // always past the end of every map.
        let map = unsafe {
            memmap2::MmapOptions::new()
                .offset(start)
                .len(bytes.len())
                .map(&self.file)?
        };
        let page = Arc::new(Page { map });
        for (b, (s, e)) in held.iter_mut().zip(ranges) {
            **b = Body(Repr::Spilled {
                page: page.clone(),
                start: s,
                end: e,
            });
        }
        register(&page);
        Ok(())
    }
}

/// Remembers a page for [`trim`], and starts the thread that trims.
fn register(page: &Arc<Page>) {
    static TRIMMER: std::sync::Once = std::sync::Once::new();
    PAGES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Arc::downgrade(page));
    TRIMMER.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("newsdesk-spill-trim".into())
            .spawn(|| {
                loop {
                    std::thread::sleep(TRIM_EVERY);
                    trim();
                }
            });
    });
}

/// Hands the pages read from spill files back to the page cache: the
/// process's memory no longer counts them, and a later read maps them again
/// from the cache (or the disk). Forgets the pages no body uses any more.
/// Returns how many maps are live.
pub fn trim() -> usize {
    let pages: Vec<Arc<Page>> = {
        let mut all = PAGES.lock().unwrap_or_else(|e| e.into_inner());
        all.retain(|p| p.strong_count() > 0);
        all.iter().filter_map(Weak::upgrade).collect()
    };
    for page in &pages {
        page.hand_back();
    }
    pages.len()
}

/// Disk space the spill leaves free.
const KEEP_FREE: u64 = 1 << 30;

/// Bytes free for this user on the disk holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: a valid C string and a buffer statvfs fills on success.
    if unsafe { libc::statvfs(path.as_ptr(), st.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled the buffer.
    let st = unsafe { st.assume_init() };
    Some(st.f_bavail.saturating_mul(st.f_frsize))
}

/// Decides which loaded bodies to spill: the first `from` bytes stay in
/// memory, the rest go to a spill file in `dir` (created on first need). A
/// spill that fails (no folder, a full disk) is logged once and the bodies
/// stay in memory.
pub struct Spiller {
    dir: Option<std::path::PathBuf>,
    from: u64,
    seen: u64,
    spill: Option<Spill>,
    failed: bool,
}

impl Spiller {
    pub fn new(dir: Option<std::path::PathBuf>, from: u64) -> Spiller {
        Spiller {
            dir,
            from,
            seen: 0,
            spill: None,
            failed: false,
        }
    }

    /// For the dashboard: spills into the cache folder's `spill/` from
    /// [`spill_from`] bytes; never without a cache folder.
    pub fn for_dashboard() -> Spiller {
        Spiller::new(
            crate::cache::installed_dir().map(|d| d.join("spill")),
            spill_from(),
        )
    }

    /// Takes a loaded batch: counts its bodies and spills them once past
    /// the threshold.
    pub fn take(&mut self, batch: &mut [crate::corpus::Article]) {
        let wanted: u64 = batch.iter().map(|a| a.body.len() as u64).sum();
        self.seen += wanted;
        if self.failed || self.seen <= self.from {
            return;
        }
        let Some(dir) = &self.dir else { return };
        if self.spill.is_none() {
            match Spill::create_in(dir) {
                Ok(s) => {
                    tracing::info!(dir = %dir.display(), "bodies past the first {} bytes are read from a spill file", self.from);
                    self.spill = Some(s);
                }
                Err(e) => {
                    tracing::warn!(dir = %dir.display(), error = %e, "bodies stay in memory: no spill file");
                    self.failed = true;
                    return;
                }
            }
        }
        let spill = self.spill.as_mut().expect("created above");
        // the spill never takes the disk's last free space: the review
        // store and the cache write to the same disk
        if let Some(free) = free_bytes(dir)
            && free < wanted + KEEP_FREE
        {
            tracing::warn!(
                free,
                "bodies stay in memory: the disk of the spill file is nearly full"
            );
            self.failed = true;
            return;
        }
        if let Err(e) = spill.spill(batch.iter_mut().map(|a| &mut a.body)) {
            tracing::warn!(error = %e, written = spill.len, "bodies stay in memory: the spill file could not be written");
            self.failed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spilled_body_reads_as_the_text_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::create_in(&dir.path().join("spill")).unwrap();
        // the name is gone at once: nothing is left behind
        assert_eq!(
            std::fs::read_dir(dir.path().join("spill")).unwrap().count(),
            0
        );
        let texts = ["First body.", "", "Zweiter Körper — ünïcode ✓", "third"];
        let mut bodies: Vec<Body> = texts.iter().map(|t| Body::from(*t)).collect();
        spill.spill(bodies.iter_mut()).unwrap();
        let mut more = [Body::from("a later batch")];
        spill.spill(more.iter_mut()).unwrap();
        for (b, t) in bodies.iter().zip(texts) {
            assert_eq!(b, t);
            // the empty body has nothing to spill
            assert_eq!(b.is_spilled(), !t.is_empty());
        }
        assert!(more[0].is_spilled());
        assert_eq!(more[0], "a later batch");
        // still the same text once the pages are handed back, by a pass
        // or by the timer
        let mut reading = Reading::default();
        for b in bodies.iter().chain(&more) {
            reading.read(b);
        }
        drop(reading);
        assert_eq!(bodies[0], texts[0]);
        assert!(trim() >= 2);
        assert_eq!(bodies[2], texts[2]);
        assert_eq!(more[0].to_string(), "a later batch");
        // a spilled body outlives its spill and a clone outlives it
        drop(spill);
        let kept = bodies[0].clone();
        drop(bodies);
        assert_eq!(kept, "First body.");
    }

    #[test]
    fn the_spiller_keeps_the_first_bytes_in_memory_and_spills_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let article = |body: &str| {
            crate::corpus::build_article(crate::corpus::RawArticle {
                body: body.into(),
                ..Default::default()
            })
        };
        let mut spiller = Spiller::new(Some(dir.path().join("spill")), 10);
        let mut first = vec![article("0123456789")];
        spiller.take(&mut first);
        assert!(!first[0].body.is_spilled());
        let mut second = vec![article("past the threshold"), article("and this")];
        spiller.take(&mut second);
        assert!(second.iter().all(|a| a.body.is_spilled()));
        assert_eq!(second[1].body, "and this");
        assert!(free_bytes(dir.path()).is_some_and(|b| b > 0));
        // without a folder, or when it cannot be made, bodies stay in memory
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "").unwrap();
        for dir in [None, Some(blocker.join("spill"))] {
            let mut spiller = Spiller::new(dir, 0);
            let mut batch = vec![article("stays")];
            spiller.take(&mut batch);
            assert!(!batch[0].body.is_spilled());
            assert_eq!(batch[0].body, "stays");
        }
    }
}
