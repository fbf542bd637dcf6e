//! Measures web-page extraction as newsdesk loads pages: body text against
//! reference text (4-gram shingle F1 per page, as the ScrapingHub
//! article-extraction benchmark scores it), snippets that must and must not
//! be in the text, metadata (headline, date, outlet) and load speed.
//!
//! The evaluation pages are not in the repository (their licences are the
//! benchmarks' own): `tools/extract_eval.sh` says where to get them.
//!
//! ```sh
//! cargo run --release --example extract_eval -- \
//!     --scrapinghub PATH/article-extraction-benchmark \
//!     --trafilatura PATH/trafilatura/tests
//! ```
//! `--scrapinghub` expects `html/*.html.gz` and `ground-truth.json`;
//! `--trafilatura` expects `eval/`, `cache/` and `evaldata.json`.

use newsdesk::corpus::{self, Article, LoadOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn tokens(text: &str) -> Vec<String> {
    // Python's \w+ with re.UNICODE: letters, digits, underscore
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let t = tokens(text);
    let mut m = HashMap::new();
    let end = if t.len() >= 4 { t.len() - 3 } else { 1 };
    for i in 0..end {
        let s: Vec<String> = t[i..(i + 4).min(t.len())].to_vec();
        if !s.is_empty() {
            *m.entry(s).or_insert(0) += 1;
        }
    }
    m
}

/// (precision, recall) over 4-gram shingles, as the benchmark defines them.
fn shingle_pr(truth: &str, pred: &str) -> (f64, f64) {
    let a = shingles(truth);
    let b = shingles(pred);
    let (mut tp, mut fp, mut fnn) = (0.0, 0.0, 0.0);
    for (k, &x) in &a {
        let y = *b.get(k).unwrap_or(&0);
        tp += x.min(y) as f64;
        fnn += x.saturating_sub(y) as f64;
    }
    for (k, &y) in &b {
        fp += y.saturating_sub(*a.get(k).unwrap_or(&0)) as f64;
    }
    if fp == 0.0 && fnn == 0.0 {
        return (1.0, 1.0);
    }
    let p = if tp + fp == 0.0 { 0.0 } else { tp / (tp + fp) };
    let r = if tp + fnn == 0.0 {
        0.0
    } else {
        tp / (tp + fnn)
    };
    (p, r)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The outlet agrees with the URL's host: the folded outlet name and the
/// host's main label share one as a substring ("The Guardian" ~ theguardian.com).
fn outlet_matches_domain(outlet: &str, url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, r)| r)
        .split(['/', ':'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let main = labels
        .iter()
        .rev()
        .find(|l| l.len() > 3 || !matches!(**l, "com" | "org" | "net" | "co" | "uk" | "de" | "www"))
        .copied()
        .unwrap_or("");
    let main = if labels.len() >= 2 {
        // the label before the public suffix
        let n = labels.len();
        if n >= 3 && matches!(labels[n - 2], "co" | "com" | "org" | "ac" | "gov") {
            labels[n - 3]
        } else {
            labels[n - 2]
        }
    } else {
        main
    };
    let o = fold(outlet).trim_start_matches("the").to_string();
    let m = fold(main);
    !o.is_empty()
        && !m.is_empty()
        && (o.contains(&m) || m.contains(&o) || fold(outlet).contains(&m))
}

fn load_dir(dir: &Path) -> (Vec<Article>, Vec<corpus::LoadWarning>, f64) {
    let start = Instant::now();
    let report = corpus::load_paths(
        &[dir.to_path_buf()],
        &LoadOptions {
            max_file_size: 20 << 20,
        },
    );
    (
        report.articles,
        report.warnings,
        start.elapsed().as_secs_f64(),
    )
}

fn file_key(a: &Article) -> String {
    a.path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn dir_bytes(dir: &Path, uncompress: bool) -> u64 {
    walk(dir)
        .iter()
        .map(|p| {
            if uncompress && p.extension().is_some_and(|e| e == "gz") {
                let mut d = flate2::read::GzDecoder::new(std::fs::File::open(p).unwrap());
                std::io::copy(&mut d, &mut std::io::sink()).unwrap_or(0)
            } else {
                std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_file() {
                out.push(p);
            }
        }
    }
    out
}

fn scrapinghub(root: &Path) {
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("ground-truth.json")).expect("ground-truth.json"),
    )
    .expect("ground truth JSON");
    let html = root.join("html");
    let (articles, warnings, secs) = load_dir(&html);
    let by_file: HashMap<String, &Article> = articles.iter().map(|a| (file_key(a), a)).collect();
    let truth = truth.as_object().expect("an object");
    let (mut ps, mut rs, mut fs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut bps, mut brs, mut bfs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut outlet_found, mut outlet_ok, mut missing) = (0, 0, 0);
    let mut worst = Vec::new();
    for (key, v) in truth {
        let body_true = v["articleBody"].as_str().unwrap_or("");
        let url = v["url"].as_str().unwrap_or("");
        let a = by_file.get(&format!("{key}.html.gz"));
        if a.is_none() {
            missing += 1;
        }
        // The body as loaded, and what analyses read: the body without the
        // boilerplate newsdesk marks (bylines, credit lines, footers).
        let whole = a.map(|a| a.body.clone()).unwrap_or_default();
        let (p, r) = shingle_pr(body_true, &whole);
        bps.push(p);
        brs.push(r);
        bfs.push(f1(p, r));
        let pred = a.map(|a| reporting_text(a)).unwrap_or_default();
        let (p, r) = shingle_pr(body_true, &pred);
        ps.push(p);
        rs.push(r);
        fs.push(f1(p, r));
        worst.push((f1(p, r), key.clone()));
        if let Some(o) = a.and_then(|a| a.outlet.as_deref()) {
            outlet_found += 1;
            if outlet_matches_domain(o, url) {
                outlet_ok += 1;
            }
        }
    }
    let n = fs.len() as f64;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (mp, mr) = (mean(&ps), mean(&rs));
    fs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    bfs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let (bp, br) = (mean(&bps), mean(&brs));
    let compressed = dir_bytes(&html, false);
    let raw = dir_bytes(&html, true);
    println!(
        "ScrapingHub article-extraction-benchmark: {} pages",
        n as usize
    );
    println!(
        "  body as loaded, 4-gram shingle F1 per page: mean {:.3}, median {:.3}; benchmark F1 (from mean P {:.3} / mean R {:.3}): {:.3}",
        mean(&bfs),
        bfs[bfs.len() / 2],
        bp,
        br,
        f1(bp, br)
    );
    println!(
        "  reporting text (marked boilerplate left out): mean {:.3}, median {:.3}; benchmark F1 (P {:.3} / R {:.3}): {:.3}",
        mean(&fs),
        fs[fs.len() / 2],
        mp,
        mr,
        f1(mp, mr)
    );
    println!(
        "  pages not loaded as articles: {missing} ({} warnings)",
        warnings.len()
    );
    println!(
        "  outlet found {}/{} ({:.1}%), agrees with the URL's domain {}/{} ({:.1}%)",
        outlet_found,
        n,
        100.0 * outlet_found as f64 / n,
        outlet_ok,
        outlet_found,
        100.0 * outlet_ok as f64 / outlet_found.max(1) as f64
    );
    println!(
        "  load: {:.1} pages/s, {:.1} MB/s of HTML ({:.1} MB/s gzip read) on one core",
        n / secs,
        raw as f64 / secs / 1e6,
        compressed as f64 / secs / 1e6
    );
    worst.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if std::env::var_os("EVAL_VERBOSE").is_some() {
        for (f, k) in worst.iter().take(15) {
            println!("    {f:.3} {k}");
        }
    }
}

/// The body without its boilerplate marks (related links, footers, credit
/// lines): the text the analyses read.
fn reporting_text(a: &Article) -> String {
    let mut out = String::new();
    for p in &a.paragraphs {
        if a.marks
            .iter()
            .any(|m| m.kind.is_boilerplate() && m.span.contains(*p))
        {
            continue;
        }
        out.push_str(a.text(*p));
        out.push('\n');
    }
    out
}

fn trafilatura(root: &Path) {
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("evaldata.json")).expect("evaldata.json"),
    )
    .expect("evaldata JSON");
    let mut by_file: HashMap<String, Article> = HashMap::new();
    let mut secs = 0.0;
    let mut bytes = 0;
    let mut pages = 0;
    for sub in ["eval", "cache"] {
        let dir = root.join(sub);
        if !dir.is_dir() {
            continue;
        }
        let (articles, _, s) = load_dir(&dir);
        secs += s;
        bytes += dir_bytes(&dir, false);
        pages += walk(&dir).len();
        for a in articles {
            by_file.insert(file_key(&a), a);
        }
    }
    let data = data.as_object().expect("an object");
    let (mut tp, mut fp, mut fnn, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let (mut titles, mut titles_ok, mut dates, mut dates_ok) = (0, 0, 0, 0);
    let (mut sites, mut sites_ok, mut outlet_found, mut outlet_domain) = (0, 0, 0, 0);
    let mut loaded = 0;
    for (url, item) in data {
        let file = item["file"].as_str().unwrap_or("");
        let a = by_file.get(file);
        if a.is_some() {
            loaded += 1;
        }
        let body = a.map(|a| norm(&a.body)).unwrap_or_default();
        for w in item["with"].as_array().into_iter().flatten() {
            if body.contains(&norm(w.as_str().unwrap_or(""))) {
                tp += 1;
            } else {
                fnn += 1;
            }
        }
        for w in item["without"].as_array().into_iter().flatten() {
            if body.contains(&norm(w.as_str().unwrap_or(""))) {
                fp += 1;
            } else {
                tn += 1;
            }
        }
        if let Some(t) = item["title"].as_str().filter(|t| !t.is_empty()) {
            titles += 1;
            if a.is_some_and(|a| norm(&a.title) == norm(t)) {
                titles_ok += 1;
            }
        }
        if let Some(d) = item["date"].as_str().filter(|d| d.len() >= 10) {
            dates += 1;
            if a.and_then(|a| a.published)
                .is_some_and(|p| p.to_string() == d[..10])
            {
                dates_ok += 1;
            }
        }
        if let Some(s) = item["sitename"].as_str().filter(|s| !s.is_empty()) {
            sites += 1;
            if a.and_then(|a| a.outlet.as_deref())
                .is_some_and(|o| norm(o) == norm(s))
            {
                sites_ok += 1;
            }
        }
        if let Some(o) = a.and_then(|a| a.outlet.as_deref()) {
            outlet_found += 1;
            if outlet_matches_domain(o, url) {
                outlet_domain += 1;
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fnn).max(1) as f64;
    println!(
        "trafilatura evaluation set: {} annotated pages ({} loaded as articles)",
        data.len(),
        loaded
    );
    println!(
        "  snippets: {tp} of {} wanted found (recall {r:.3}), {fp} of {} unwanted present (precision {p:.3}, F1 {:.3})",
        tp + fnn,
        fp + tn,
        f1(p, r)
    );
    println!(
        "  headline exact {}/{} ({:.1}%), date {}/{} ({:.1}%), site name {}/{}",
        titles_ok,
        titles,
        100.0 * titles_ok as f64 / titles.max(1) as f64,
        dates_ok,
        dates,
        100.0 * dates_ok as f64 / dates.max(1) as f64,
        sites_ok,
        sites
    );
    println!(
        "  outlet found for {outlet_found} loaded pages, agrees with the URL's domain for {outlet_domain} ({:.1}%)",
        100.0 * outlet_domain as f64 / outlet_found.max(1) as f64
    );
    println!(
        "  load: {pages} files in {secs:.1} s: {:.1} pages/s, {:.1} MB/s on one core",
        pages as f64 / secs,
        bytes as f64 / secs / 1e6
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    let mut ran = false;
    while i < args.len() {
        match args[i].as_str() {
            "--scrapinghub" if i + 1 < args.len() => {
                scrapinghub(Path::new(&args[i + 1]));
                ran = true;
                i += 2;
            }
            "--trafilatura" if i + 1 < args.len() => {
                trafilatura(Path::new(&args[i + 1]));
                ran = true;
                i += 2;
            }
            other => {
                eprintln!("unknown argument {other:?}");
                std::process::exit(2);
            }
        }
    }
    if !ran {
        eprintln!(
            "usage: extract_eval [--scrapinghub DIR] [--trafilatura DIR]  (see tools/extract_eval.sh)"
        );
        std::process::exit(2);
    }
}
