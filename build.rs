//! Embeds the bundled seed articles so `newsdesk` works from any folder,
//! and fingerprints the analysis code for the analysis cache's keys.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let seeds = Path::new(&manifest).join("seeds");
    println!("cargo:rerun-if-changed=seeds");
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".txt"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// The bundled seed articles: (file name, text).\npub static SEEDS: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        let path = seeds.join(n);
        writeln!(
            code,
            "    ({n:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_seeds.rs");
    std::fs::write(out, code).expect("write embedded_seeds.rs");
    analysis_fingerprint(Path::new(&manifest));
}

/// Hashes of the code behind what the analysis cache keeps (`src/cache.rs`),
/// so that results of other code are never read back: an article's analysis
/// (`src/nlp`, `src/sanitize.rs`) and the stories (their grouping, IDF and
/// the sentence split they read). FNV-1a over the files in path order.
fn analysis_fingerprint(root: &Path) {
    fingerprint(
        root,
        &["src/nlp", "src/sanitize.rs"],
        "NEWSDESK_ANALYSIS_SOURCE",
    );
    fingerprint(
        root,
        &[
            "src/nlp/sentences.rs",
            "src/nlp/mod.rs",
            "src/nlp/terms.rs",
            "src/nlp/fold.rs",
            "src/compare/stories.rs",
            "src/compare/idf.rs",
            "src/compare/vector.rs",
            "src/desk.rs",
            "assets/df.tsv.gz",
        ],
        "NEWSDESK_STORIES_SOURCE",
    );
}

fn fingerprint(root: &Path, paths: &[&str], var: &str) {
    fn walk(path: &Path, out: &mut Vec<std::path::PathBuf>) {
        if path.is_file() {
            out.push(path.to_path_buf());
            return;
        }
        let Ok(rd) = std::fs::read_dir(path) else {
            return;
        };
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    for p in paths {
        walk(&root.join(p), &mut files);
        println!("cargo:rerun-if-changed={p}");
    }
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .into_owned();
        for b in rel.bytes().chain(std::fs::read(f).unwrap_or_default()) {
            h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env={var}={h:016x}");
}
