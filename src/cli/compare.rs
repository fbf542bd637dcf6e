//! `newsdesk compare A B`: two reports aligned sentence by sentence.

use super::{CompareArgs, load_headless, write_out};
use crate::compare::align::{AlignedPair, Alignment, PairKind};
use crate::compare::diff::DiffKind;
use crate::config::Settings;
use crate::corpus::{Article, Span};
use crate::desk::Desk;
use crate::nlp::Analysis;
use crate::sanitize::sanitize_line;
use crate::tui::wrap::{display_width, truncate};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Serialize)]
struct SentenceJson {
    index: usize,
    start: usize,
    end: usize,
    text: String,
}

#[derive(Serialize)]
struct SpanJson {
    start: usize,
    end: usize,
    text: String,
}

#[derive(Serialize)]
struct DiffJson {
    op: DiffKind,
    left: String,
    right: String,
}

#[derive(Serialize)]
struct MarksJson {
    left: Vec<SpanJson>,
    right: Vec<SpanJson>,
}

#[derive(Serialize)]
struct PairJson {
    left: SentenceJson,
    right: SentenceJson,
    score: f32,
    kind: PairKind,
    /// The word diff, or null when the sentences differ too much to read one.
    diff: Option<Vec<DiffJson>>,
    /// Numbers found on one side only.
    marks: MarksJson,
}

#[derive(Serialize)]
struct CompareJson<'a> {
    left: &'a str,
    right: &'a str,
    summary: String,
    pairs: Vec<PairJson>,
    left_only: Vec<SentenceJson>,
    right_only: Vec<SentenceJson>,
    offsets: &'static str,
}

fn sentence(article: &Article, analysis: &Analysis, index: usize) -> SentenceJson {
    let span = analysis.sentences[index].span;
    let chars = article.char_span(span);
    SentenceJson {
        index,
        start: chars.start,
        end: chars.end,
        text: article.text(span).to_string(),
    }
}

fn span_json(article: &Article, span: Span) -> SpanJson {
    let c = article.char_span(span);
    SpanJson {
        start: c.start,
        end: c.end,
        text: article.text(span).to_string(),
    }
}

/// Loads the corpus plus any of LEFT/RIGHT that are files, and resolves both.
fn resolve(args: &CompareArgs, settings: &Settings) -> Result<(Desk, usize, usize), String> {
    let mut paths = args.corpus.clone();
    for name in [&args.left, &args.right] {
        let p = PathBuf::from(name);
        if p.is_file() && !paths.contains(&p) {
            paths.push(p);
        }
    }
    // only files given: compare them on their own, without the default corpus
    let report = load_headless(&paths, settings)?;
    let desk = super::headless_desk(report);
    let left = desk.find(&args.left)?;
    let right = desk.find(&args.right)?;
    Ok((desk, left, right))
}

pub fn run(args: &CompareArgs, settings: &Settings) -> ExitCode {
    let (mut desk, l, r) = match resolve(args, settings) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let alignment = desk.align(l, r);
    let (la, ra) = (desk.analysis(l), desk.analysis(r));
    let (left, right) = (&desk.articles[l], &desk.articles[r]);
    if args.json {
        let json = CompareJson {
            left: &left.id,
            right: &right.id,
            summary: alignment.summary(&left.id, &right.id),
            pairs: alignment
                .pairs
                .iter()
                .map(|p| pair_json(left, &la, right, &ra, p))
                .collect(),
            left_only: alignment
                .left_only
                .iter()
                .map(|&i| sentence(left, &la, i))
                .collect(),
            right_only: alignment
                .right_only
                .iter()
                .map(|&i| sentence(right, &ra, i))
                .collect(),
            offsets: "unicode_scalar_values",
        };
        return write_out(|out| {
            serde_json::to_writer(&mut *out, &json).map_err(std::io::Error::other)?;
            writeln!(out)
        });
    }
    let width = args
        .width
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(160)
        .max(40);
    write_out(|out| write_text(out, width, left, &la, right, &ra, &alignment))
}

fn pair_json(
    left: &Article,
    la: &Analysis,
    right: &Article,
    ra: &Analysis,
    p: &AlignedPair,
) -> PairJson {
    PairJson {
        left: sentence(left, la, p.left),
        right: sentence(right, ra, p.right),
        score: (p.score * 1000.0).round() / 1000.0,
        kind: p.kind,
        diff: p.diff.as_ref().map(|chunks| {
            chunks
                .iter()
                .map(|c| DiffJson {
                    op: c.kind,
                    left: left.text(c.left).to_string(),
                    right: right.text(c.right).to_string(),
                })
                .collect()
        }),
        marks: MarksJson {
            left: p.left_marks.iter().map(|s| span_json(left, *s)).collect(),
            right: p.right_marks.iter().map(|s| span_json(right, *s)).collect(),
        },
    }
}

/// A sentence with its diff marked inline: `[-gone-]` and `{+added+}`.
fn marked_text(
    article: &Article,
    span: Span,
    chunks: Option<&[crate::compare::diff::DiffChunk]>,
    left_side: bool,
) -> String {
    let Some(chunks) = chunks else {
        return sanitize_line(article.text(span)).into_owned();
    };
    let mut out = String::new();
    let mut at = span.start;
    for c in chunks {
        let s = if left_side { c.left } else { c.right };
        if s.is_empty() {
            continue;
        }
        out.push_str(&article.body[at..s.start]);
        let text = &article.body[s.start..s.end];
        match (c.kind, left_side) {
            (DiffKind::Equal, _) => out.push_str(text),
            (_, true) => out.push_str(&format!("[-{text}-]")),
            (_, false) => out.push_str(&format!("{{+{text}+}}")),
        }
        at = s.end;
    }
    out.push_str(&article.body[at..span.end]);
    sanitize_line(&out).into_owned()
}

fn wrap_col(text: &str, width: usize) -> Vec<String> {
    let w = crate::tui::wrap::wrap(
        &[crate::tui::wrap::Segment::new(
            text,
            ratatui::style::Style::default(),
        )],
        width,
        "",
    );
    w.lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

fn write_text(
    out: &mut dyn Write,
    width: usize,
    left: &Article,
    la: &Analysis,
    right: &Article,
    ra: &Analysis,
    alignment: &Alignment,
) -> std::io::Result<()> {
    let col = (width - 3) / 2;
    let pad = |s: &str| format!("{s}{}", " ".repeat(col.saturating_sub(display_width(s))));
    let head = |a: &Article| {
        truncate(
            &format!(
                "{} · {}",
                a.id,
                a.outlet.as_deref().unwrap_or("unknown outlet")
            ),
            col,
        )
    };
    writeln!(out, "{} │ {}", pad(&head(left)), head(right))?;
    writeln!(out, "{}", alignment.summary("left", "right"))?;
    writeln!(out, "{}─┼─{}", "─".repeat(col), "─".repeat(col))?;
    let mut rows: Vec<(usize, String, String, char)> = Vec::new();
    for p in &alignment.pairs {
        let mark = if p.kind == PairKind::Same { '=' } else { '~' };
        let l = marked_text(left, la.sentences[p.left].span, p.diff.as_deref(), true);
        let r = marked_text(right, ra.sentences[p.right].span, p.diff.as_deref(), false);
        rows.push((p.left, l, r, mark));
    }
    for &i in &alignment.left_only {
        rows.push((
            i,
            sanitize_line(left.text(la.sentences[i].span)).into_owned(),
            String::new(),
            '<',
        ));
    }
    for &j in &alignment.right_only {
        rows.push((
            usize::MAX,
            String::new(),
            sanitize_line(right.text(ra.sentences[j].span)).into_owned(),
            '>',
        ));
    }
    rows.sort_by_key(|r| r.0);
    for (_, l, r, mark) in rows {
        let (lw, rw) = (wrap_col(&l, col), wrap_col(&r, col));
        for k in 0..lw.len().max(rw.len()) {
            let sep = if k == 0 { mark } else { '│' };
            writeln!(
                out,
                "{}{sep} {}",
                pad(lw.get(k).map(String::as_str).unwrap_or("")),
                rw.get(k).map(String::as_str).unwrap_or("")
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "= same fact   ~ partly the same   < only left   > only right   [-left-] {{+right+}} differences"
    )
}
