//! Shared helpers for the benches: where the big corpus is.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/corpora/article_bias_37k.jsonl.gz`, or `$NEWSDESK_BIG_CORPUS`.
pub fn big_corpus() -> Option<PathBuf> {
    let p = std::env::var_os("NEWSDESK_BIG_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpora/article_bias_37k.jsonl.gz")
        });
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipping: big corpus not found at {} (set NEWSDESK_BIG_CORPUS)",
            p.display()
        );
        None
    }
}

/// For a bench without criterion's harness: the big corpus, or None when
/// the bench should not run (listed by `cargo test --benches -- --list`, or
/// the corpus is absent).
pub fn bench_corpus() -> Option<PathBuf> {
    if std::env::args().any(|a| a == "--list") {
        return None;
    }
    big_corpus()
}

/// The corpus decompressed, as JSON Lines bytes.
pub fn big_corpus_bytes(path: &std::path::Path) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}
