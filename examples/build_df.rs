//! Builds the background document-frequency table `assets/df.tsv.gz` from a
//! large news corpus, with the same term extraction the stories use
//! (`nlp::terms`). Run through `tools/build_df.sh`.
//!
//! Output: a first line `#N<TAB>documents`, then `term<TAB>df` for every
//! term in at least `--min-df` documents (default 3), sorted by term.

use newsdesk::corpus::{LoadOptions, Span, load_paths};
use newsdesk::nlp::terms::terms;
use std::collections::{HashMap, HashSet};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let input = args.get(1).expect("usage: build_df CORPUS OUT [MIN_DF]");
    let out = args.get(2).expect("usage: build_df CORPUS OUT [MIN_DF]");
    let min_df: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    let report = load_paths(
        &[input.into()],
        &LoadOptions {
            max_file_size: 1 << 30,
        },
    );
    let mut df: HashMap<String, u32> = HashMap::new();
    for a in &report.articles {
        let mut seen = HashSet::new();
        for text in [a.title.as_str(), a.body.as_str()] {
            for (t, _) in terms(text, Span::new(0, text.len())) {
                seen.insert(t);
            }
        }
        for t in seen {
            *df.entry(t).or_default() += 1;
        }
    }
    let mut rows: Vec<(&String, &u32)> = df.iter().filter(|(_, n)| **n >= min_df).collect();
    rows.sort();
    let file = std::fs::File::create(out).expect("create output");
    let mut enc = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    writeln!(enc, "#N\t{}", report.articles.len()).unwrap();
    for (t, n) in &rows {
        writeln!(enc, "{t}\t{n}").unwrap();
    }
    enc.finish().unwrap();
    eprintln!(
        "{} documents, {} terms with df >= {min_df} (of {})",
        report.articles.len(),
        rows.len(),
        df.len()
    );
}
