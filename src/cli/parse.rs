//! `newsdesk parse`: every token of every article with its tag, UPOS, lemma
//! and dependency (spaCy en_core_web_sm's full pipeline, see
//! `nlp::spacy::Model::parse`), one article body parsed as one document.

use super::{OutputArgs, load_headless, write_out};
use crate::config::Settings;
use crate::nlp::spacy::{Model, ParsedDoc};
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::process::ExitCode;

/// One line of `newsdesk parse --json`: a token. `i` and `head` are token
/// indices within the article; `start`/`end` are char offsets into its body.
#[derive(Serialize)]
struct TokenJson<'a> {
    article: &'a str,
    i: usize,
    start: usize,
    end: usize,
    text: &'a str,
    tag: &'a str,
    pos: &'a str,
    lemma: &'a str,
    dep: &'a str,
    head: usize,
    /// sentence number within the article (from the parser)
    sent: usize,
    morph: &'a str,
}

pub fn run(args: &OutputArgs, settings: &Settings) -> ExitCode {
    let report = match load_headless(&args.paths, settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let model = Model::embedded();
    let articles = &report.articles;
    // parse in parallel, a bounded number of articles at a time, and print in order
    const CHUNK: usize = 64;
    write_out(|out| {
        for chunk in articles.chunks(CHUNK) {
            let docs: Vec<ParsedDoc> = {
                use rayon::prelude::*;
                chunk.par_iter().map(|a| model.parse(&a.body)).collect()
            };
            for (a, doc) in chunk.iter().zip(&docs) {
                // byte → char offsets, walking the body once
                let mut chars = 0usize;
                let mut byte = 0usize;
                let mut to_char = |b: usize| {
                    chars += a.body[byte..b].chars().count();
                    byte = b;
                    chars
                };
                let mut sent = 0usize;
                if !args.json {
                    writeln!(out, "# article = {}", sanitize_line(&a.id))?;
                }
                for (i, t) in doc.tokens.iter().enumerate() {
                    if i > 0 && t.sent_start {
                        sent += 1;
                    }
                    let start = to_char(t.start);
                    let end = to_char(t.end);
                    let text = &a.body[t.start..t.end];
                    if args.json {
                        let j = TokenJson {
                            article: &a.id,
                            i,
                            start,
                            end,
                            text,
                            tag: t.tag,
                            pos: t.pos,
                            lemma: &t.lemma,
                            dep: t.dep,
                            head: t.head,
                            sent,
                            morph: t.morph,
                        };
                        // serialise first, so a closed pipe stays a BrokenPipe error
                        let mut line = serde_json::to_vec(&j).map_err(std::io::Error::other)?;
                        line.push(b'\n');
                        out.write_all(&line)?;
                    } else {
                        if t.sent_start {
                            writeln!(out, "# sent = {sent}")?;
                        }
                        // CoNLL-U-like: ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL,
                        // then the char range (indices are within the article)
                        let dash = |s: &str| {
                            if s.is_empty() {
                                "_".to_string()
                            } else {
                                s.to_string()
                            }
                        };
                        writeln!(
                            out,
                            "{i}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{start}-{end}",
                            sanitize_line(&text.replace('\t', " ")),
                            sanitize_line(&t.lemma.replace('\t', " ")),
                            dash(t.pos),
                            dash(t.tag),
                            dash(t.morph),
                            t.head,
                            dash(t.dep),
                        )?;
                    }
                }
                if !args.json {
                    writeln!(out)?;
                }
            }
        }
        Ok(())
    })
}
