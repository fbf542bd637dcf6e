//! Where the memory of a loaded and analysed corpus goes: heap bytes held
//! per part of an article and of its analysis, counted by a counting
//! allocator (each part cloned and the allocation it costs measured), and
//! the grouping's own peak.
//!
//! `cargo run --release --example memory_profile -- CORPUS [--analyses] [--stories] [--claims N]`
//!
//! With `--claims N` the claims of the N largest stories are computed and
//! kept as the dashboard keeps them (at most `RESIDENT_ANALYSES` analyses
//! held meanwhile), and what they hold is measured.
//!
//! With `--analyses` the analyses come from the installed analysis cache
//! (run `newsdesk entities --json CORPUS` first to fill it, with the same
//! `NEWSDESK_CACHE_DIR`), else they are computed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;
static HELD: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = HELD.fetch_add(l.size() as isize, Ordering::Relaxed) + l.size() as isize;
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        HELD.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let now = HELD.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed)
            + new as isize
            - l.size() as isize;
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn held() -> isize {
    HELD.load(Ordering::Relaxed)
}

/// Heap bytes a clone of `make()` holds (plus its inline size).
fn cost<T>(make: impl FnOnce() -> T) -> isize {
    let before = held();
    let v = make();
    let after = held();
    drop(v);
    after - before + std::mem::size_of::<T>() as isize
}

fn mb(b: isize) -> String {
    format!("{:8.1} MB", b as f64 / 1048576.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = std::path::PathBuf::from(args.first().expect("CORPUS"));
    let with_analyses = args.iter().any(|a| a == "--analyses");
    let stories = args.iter().any(|a| a == "--stories");
    let claims: Option<usize> = args.iter().position(|a| a == "--claims").map(|i| {
        args.get(i + 1)
            .and_then(|n| n.parse().ok())
            .expect("--claims N")
    });
    if let Ok(dir) = std::env::var("NEWSDESK_CACHE_DIR") {
        newsdesk::cache::install_in(dir.into());
    }
    let base = held();
    let report =
        newsdesk::cli::load_headless(&[path], &newsdesk::config::default_settings()).expect("load");
    let mut desk = newsdesk::desk::Desk::from_report(report);
    let n = desk.articles.len();
    println!("{n} articles; loaded: {} held", mb(held() - base));
    let mut body = 0;
    let mut paras = 0;
    let mut meta = 0;
    for a in &desk.articles {
        body += a.body.len() as isize;
        paras += (a.paragraphs.capacity() * std::mem::size_of::<newsdesk::corpus::Span>()) as isize;
        meta += cost(|| {
            (
                a.id.clone(),
                a.title.clone(),
                a.url.clone(),
                a.authors.clone(),
            )
        });
    }
    println!(
        "  bodies {} · paragraph spans {} · id/title/url/authors {} · Article inline {}",
        mb(body),
        mb(paras),
        mb(meta),
        mb((n * std::mem::size_of::<newsdesk::corpus::Article>()) as isize)
    );
    if stories {
        PEAK.store(held(), Ordering::Relaxed);
        let before = held();
        let step = |what: &str| {
            println!(
                "  {what}: {} held, peak {} (above the load)",
                mb(held() - before),
                mb(PEAK.load(Ordering::Relaxed) - before)
            )
        };
        let sentences = newsdesk::desk::sentence_analyses(&desk.articles, &desk.analyses);
        step("sentence split");
        let refs: Vec<&newsdesk::nlp::Analysis> = sentences.iter().map(|a| a.as_ref()).collect();
        let arts: Vec<&newsdesk::corpus::Article> =
            desk.articles.iter().map(|a| a.as_ref()).collect();
        let st = newsdesk::compare::stories::stories_of(&arts, &refs);
        step("grouped");
        let idf = newsdesk::desk::corpus_idf(&arts, &refs);
        step("idf");
        drop((st, idf, refs));
        drop(sentences);
        PEAK.store(held(), Ordering::Relaxed);
        desk.compute_stories();
        println!(
            "stories: peak {} above the load, {} held after",
            mb(PEAK.load(Ordering::Relaxed) - before),
            mb(held() - before)
        );
    }
    if let Some(n) = claims {
        // as the dashboard does: the claims of the n largest stories kept,
        // at most RESIDENT_ANALYSES analyses held
        if desk.stories.is_none() {
            desk.compute_stories();
        }
        desk.set_resident_budget(newsdesk::tui::RESIDENT_ANALYSES);
        let st = desk.stories.as_ref().expect("grouped");
        let mut order: Vec<usize> = (0..st.stories.len())
            .filter(|&s| st.stories[s].articles.len() > 1)
            .collect();
        order.sort_by_key(|&s| (std::cmp::Reverse(st.stories[s].articles.len()), s));
        order.truncate(n);
        let before = held();
        PEAK.store(held(), Ordering::Relaxed);
        let mut kept = Vec::new();
        for &s in &order {
            let mut c = (*desk.claims_of(s)).clone();
            c.compact();
            kept.push(c);
            desk.story_claims[s] = None;
            desk.evict(|_| false);
        }
        let resident = desk.resident();
        let (mut claims_b, mut disc_b, mut align_b, mut quotes_b) = (0, 0, 0, 0);
        for c in &kept {
            claims_b += cost(|| c.claims.clone());
            disc_b += cost(|| (c.discrepancies.clone(), c.agreed.clone()));
            align_b += cost(|| c.alignments.clone());
            quotes_b += cost(|| c.quotes.clone());
        }
        println!(
            "claims of {} stories: {} held after ({resident} analyses held), peak {} above\n  claims {}\n  discrepancies and agreed facts {}\n  alignments {}\n  quotes {}",
            order.len(),
            mb(held() - before),
            mb(PEAK.load(Ordering::Relaxed) - before),
            mb(claims_b),
            mb(disc_b),
            mb(align_b),
            mb(quotes_b),
        );
    }
    if with_analyses {
        let before = held();
        PEAK.store(held(), Ordering::Relaxed);
        desk.analyze_all();
        println!(
            "analyses: {} held (peak {} above; with the model's per-thread caches and buffers when computed)",
            mb(held() - before),
            mb(PEAK.load(Ordering::Relaxed) - before)
        );
        let (mut s, mut e_m, mut e_c, mut q, mut qu, mut d, mut f) = (0, 0, 0, 0, 0, 0, 0);
        let mut frames = 0usize;
        for an in desk.analyses.iter().flatten() {
            s += cost(|| an.sentences.clone());
            e_m += cost(|| an.entities.mentions.clone());
            e_c += cost(|| an.entities.canonical.clone());
            q += cost(|| an.quotes.clone());
            qu += cost(|| an.quantities.clone());
            d += cost(|| an.dates.clone());
            f += cost(|| an.frames.clone());
            frames += an.frames.len();
        }
        println!(
            "  sentences {}\n  mentions {}\n  canonical {}\n  quotes {}\n  quantities {}\n  dates {}\n  frames {} ({frames} frames, {} B inline each)\n  Analysis inline {}",
            mb(s),
            mb(e_m),
            mb(e_c),
            mb(q),
            mb(qu),
            mb(d),
            mb(f),
            std::mem::size_of::<newsdesk::nlp::frames::Frame>(),
            mb((n * std::mem::size_of::<newsdesk::nlp::Analysis>()) as isize)
        );
    }
}
