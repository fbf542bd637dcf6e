//! Entry points for the robustness tests: every analysis run end to end on
//! arbitrary input, with the invariants every output must keep.
//!
//! `tests/robustness.rs` drives these with proptest in CI; `examples/soak.rs`
//! drives them for as long as asked (the long fuzzing run). They are plain
//! library functions so both exercise exactly the code the product runs.

use crate::corpus::{self, Article, LoadOptions, RawArticle, build_article};
use crate::desk::Desk;
use std::path::Path;

/// Extensions the loader dispatches on, each tried by [`exercise_loader`].
pub const EXTENSIONS: &[&str] = &[
    "txt", "md", "json", "jsonl", "txt.gz", "jsonl.gz", "md.gz", "html", "htm", "xml", "rss",
    "atom", "html.gz", "xml.gz",
];

/// Writes `bytes` as a file of each kind (with and without a sidecar that
/// holds the same bytes) into `dir` and loads the folder. Checks that
/// spans and paragraphs stay inside their bodies and on char boundaries.
pub fn exercise_loader(dir: &Path, bytes: &[u8]) -> Result<usize, String> {
    for (i, ext) in EXTENSIONS.iter().enumerate() {
        let name = format!("f{i}.{ext}");
        let data = if ext.ends_with(".gz") {
            gzip(bytes)
        } else {
            bytes.to_vec()
        };
        std::fs::write(dir.join(&name), data).map_err(|e| e.to_string())?;
    }
    std::fs::write(dir.join("f0.meta.json"), bytes).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("f1.meta.toml"), bytes).map_err(|e| e.to_string())?;
    let opts = LoadOptions {
        max_file_size: 1 << 20,
    };
    let report = corpus::load_paths(&[dir.to_path_buf()], &opts);
    for a in &report.articles {
        check_article(a)?;
    }
    Ok(report.articles.len())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

fn check_article(a: &Article) -> Result<(), String> {
    let len = a.body.len();
    let ok = |s: corpus::Span| {
        s.start <= s.end
            && s.end <= len
            && a.body.is_char_boundary(s.start)
            && a.body.is_char_boundary(s.end)
    };
    for p in &a.paragraphs {
        if !ok(*p) {
            return Err(format!("{}: paragraph {p:?} outside the body", a.id));
        }
    }
    for m in &a.marks {
        if !ok(m.span) {
            return Err(format!("{}: mark {:?} outside the body", a.id, m.span));
        }
    }
    Ok(())
}

/// Builds articles from the texts (each with a publication date, so dates
/// resolve), runs every analysis across them — entities, stories, claims
/// of every story, every pairwise alignment, the report in Markdown and
/// JSON — and checks the invariants: spans inside bodies, JSON valid, no
/// control character in Markdown or in sanitised text.
pub fn exercise_pipeline(texts: &[String]) -> Result<(), String> {
    let articles: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut a = build_article(RawArticle {
                id: Some(format!("a{i}")),
                title: (i % 2 == 0).then(|| t.chars().take(60).collect()),
                outlet: Some(format!("Outlet {}", i % 3)),
                published: Some(format!("2024-0{}-1{}", 1 + i % 9, i % 10)),
                body: t.clone(),
                ..Default::default()
            });
            a.id = format!("a{i}");
            a
        })
        .collect();
    for a in &articles {
        check_article(a)?;
    }
    let mut desk = Desk::from_report(corpus::LoadReport {
        articles,
        warnings: Vec::new(),
        files: texts.len(),
    });
    desk.analyze_all();
    for (i, a) in desk.analyses.iter().enumerate() {
        let a = a.as_ref().ok_or("not analysed")?;
        if let Some(why) = &a.failure {
            return Err(format!("article {i} could not be analysed: {why}"));
        }
        let body = &desk.articles[i].body;
        let inside = |s: corpus::Span| s.end <= body.len() && body.is_char_boundary(s.start);
        if !a.sentences.iter().all(|s| inside(s.span))
            || !a.entities.mentions.iter().all(|m| inside(m.span))
            || !a.quantities.iter().all(|(_, q)| inside(q.span))
        {
            return Err(format!("article {i}: a span outside the body"));
        }
    }
    desk.compute_stories();
    let n = desk.articles.len();
    for l in 0..n.min(4) {
        for r in (l + 1)..n.min(4) {
            let al = desk.align(l, r);
            for p in &al.pairs {
                if p.left >= desk.analyses[l].as_ref().map_or(0, |a| a.sentences.len()) {
                    return Err("alignment names a sentence that does not exist".into());
                }
            }
        }
    }
    let report = desk.report("fuzz");
    let md = crate::report::to_markdown(&report);
    if md
        .chars()
        .any(|c| c != '\n' && crate::sanitize::placeholder(c).is_some())
    {
        return Err("a control or invisible character reached the Markdown report".into());
    }
    let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
    serde_json::from_str::<serde_json::Value>(&json).map_err(|e| e.to_string())?;
    for t in texts {
        let clean = crate::sanitize::sanitize(t);
        if clean.chars().any(|c| c != '\n' && c.is_control()) {
            return Err("sanitize let a control character through".into());
        }
        if let Some(masked) = crate::sanitize::mask_controls(t)
            && masked.len() != t.len()
        {
            return Err("mask_controls changed the length".into());
        }
        let _ = crate::nlp::dates::resolve(t, Some(jiff::civil::date(2024, 3, 9)));
        let _ = crate::nlp::numbers::find_quantities(t, corpus::Span::new(0, t.len()));
    }
    Ok(())
}

/// Pieces of text that real and hostile articles are made of: figures with
/// hedges, dates and relative times, quotes, names, escape sequences,
/// invisible characters, odd whitespace and punctuation. Random texts built
/// from them reach far deeper into the analyses than random characters.
pub const PIECES: &[&str] = &[
    "at least 12",
    "9",
    "dozens of",
    "more than 5,600",
    "about 300",
    "up to 32",
    "nearly 1,000",
    "66 million years ago",
    "4.5 billion years ago",
    "99999999999999999999 days ago",
    "two weeks ago",
    "last month",
    "Sunday",
    "Saturday, March 8",
    "on June 25, 2024",
    "in 2019",
    "yesterday",
    "earlier this month",
    "the 1990s",
    "shortly before 11pm",
    "6.10am",
    "four-year-old",
    "a 42-year-old man",
    "killed",
    "were injured",
    "died",
    "wounded",
    "arrested",
    "deployed",
    "police said",
    "according to officials",
    "said:",
    "told reporters",
    "“We will not stop,”",
    "\"It was chaos\"",
    "he said.",
    "Maria Okafor",
    "the Ministry of Health",
    "Port-Louis",
    "Saint-Étienne",
    "Kunduz province",
    "KUNDUZ, Afghanistan --",
    "\nWASHINGTON (Reuters) -",
    "Getty Images) NASHVILLE —",
    "Photo LONDON –",
    "near",
    "north of",
    "of whom",
    "including",
    "among them",
    "two of the five",
    "Caption 4 of 30",
    "© 2024 Example News",
    "READ:",
    "Related:",
    "By A and B",
    "\u{1b}]52;c;aGVsbG8=\u{7}",
    "\u{1b}[31m",
    "\u{1b}[2J",
    "\u{9b}5n",
    "\u{202e}",
    "\u{200d}",
    "\u{feff}",
    "\u{0}",
    "\u{7f}",
    "\u{200a}Mr.",
    "\u{3000}Dr.",
    "\u{2009}U.N.",
    "\u{85}",
    "\u{1680}",
    "\r\n",
    "\n\n",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "…",
    "—",
    "(",
    ")",
    "“",
    "”",
    "'",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "%",
    "$5 million",
    "€3bn",
    "U.S.",
    "Dr.",
    "Mr",
    "No. 10",
    "1st",
    "2nd",
    "3rd",
    "24th",
    "100%",
    "½",
    "٣",
    "一二三",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "e\u{301}",
    "ﬁ",
    "İstanbul",
    "ß",
    "Σ",
    "#",
    "*",
    "_",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "---",
    "+++",
    "{",
    "}",
    "[",
    "]",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pipeline_runs_on_ordinary_and_hostile_text() {
        let texts = vec![
            "At least 12 people were killed on Sunday, police said. The asteroid struck 66 million years ago.".to_string(),
            "Nine people died on Sunday in the town, officials said. \u{1b}]52;c;aGk=\u{7} rose.".to_string(),
            String::new(),
            "\u{0}\u{1}".to_string(),
        ];
        exercise_pipeline(&texts).unwrap();
    }

    #[test]
    fn the_loader_takes_any_bytes() {
        let dir = tempfile::tempdir().unwrap();
        exercise_loader(dir.path(), b"---\ntitle: [\n---\n\xff\xfe body").unwrap();
        exercise_loader(dir.path(), b"").unwrap();
        exercise_loader(
            dir.path(),
            b"{\"text\": \"A. B.\", \"date\": \"99999-99-99\"}\n",
        )
        .unwrap();
    }
}
