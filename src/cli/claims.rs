//! `newsdesk claims`: per story, the claims, quotes and discrepancies.

use super::{GlobalArgs, OutputArgs, write_out};
use crate::compare::claims::{ClaimKind, Severity};
use crate::config::Settings;
use crate::desk::Desk;
use crate::review::Verdict;
use crate::sanitize::sanitize_line;
use crate::workflow::{ReviewItem, claim_item, discrepancy_item, span_item};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
pub struct ClaimJson<'a> {
    /// The stable key for verdicts (`newsdesk review set --item KEY`).
    pub key: String,
    pub verdict: Verdict,
    pub note: String,
    pub article: &'a str,
    pub sentence: usize,
    pub kind: ClaimKind,
    pub what: &'a str,
    pub value: &'a str,
    /// The claim's words, and their span in the body (Unicode scalar values).
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// What the value is about, read from the sentence's parse (event,
    /// role, counted thing, part, holder, negation, modality, background,
    /// source); absent for names and quotes.
    pub frame: Option<&'a crate::nlp::frames::Frame>,
}

#[derive(Serialize)]
pub struct EvidenceJson<'a> {
    pub article: &'a str,
    pub sentence: usize,
    /// The sentence the claim is stated in.
    pub text: &'a str,
    pub value: String,
    /// The value's span in the body (Unicode scalar values).
    pub start: usize,
    pub end: usize,
    /// The independent source the article belongs to (copies of one wire
    /// report and versions of one outlet share it).
    pub source: usize,
}

#[derive(Serialize)]
pub struct PairJson {
    /// Indexes into the discrepancy's `claims`.
    pub a: usize,
    pub b: usize,
    pub relation: Severity,
    /// The two articles are versions of one outlet's report.
    pub versions: bool,
}

#[derive(Serialize)]
pub struct DiscrepancyJson<'a> {
    pub key: String,
    pub verdict: Verdict,
    pub note: String,
    pub kind: ClaimKind,
    pub severity: Severity,
    /// What the fact is ("people dead", "date: the incident").
    pub subject: &'a str,
    pub summary: &'a str,
    pub claims: Vec<EvidenceJson<'a>>,
    /// How each pair of outlets' values relate.
    pub pairs: Vec<PairJson>,
    /// What the fact is about: event, role, counted thing, part, holder.
    pub frame: Option<&'a crate::compare::claims::FactFrame>,
    /// Independent sources stating it.
    pub sources: usize,
}

#[derive(Serialize)]
pub struct QuoteJson<'a> {
    pub key: String,
    pub verdict: Verdict,
    pub note: String,
    pub speaker: Option<&'a str>,
    pub text: &'a str,
    pub articles: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct StoryJson<'a> {
    pub id: String,
    pub label: &'a str,
    pub articles: Vec<&'a str>,
    /// Related reports in stories of their own whose facts are compared
    /// with this story's.
    pub followups: Vec<&'a str>,
    pub claims: Vec<ClaimJson<'a>>,
    pub quotes: Vec<QuoteJson<'a>>,
    pub discrepancies: Vec<DiscrepancyJson<'a>>,
}

pub fn run(args: &OutputArgs, settings: &Settings, global: &GlobalArgs) -> ExitCode {
    let mut desk: Desk = match super::review::desk_with_review(&args.paths, settings, global, false)
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let all = desk.all_story_claims();
    let stories = desk.stories.as_ref().expect("stories");
    let (articles, analyses) = desk.refs();
    let verdict = |item: &ReviewItem| -> (String, Verdict, String) {
        let e = desk.review.as_ref().and_then(|r| r.get(&item.key));
        (
            item.key.as_str().to_string(),
            e.map(|e| e.verdict).unwrap_or(Verdict::Unchecked),
            e.map(|e| e.note.clone()).unwrap_or_default(),
        )
    };
    let mut out_stories = Vec::new();
    for (si, (story, sc)) in stories.stories.iter().zip(&all).enumerate() {
        let claim_json = |i: usize| {
            let c = &sc.claims[i];
            let a = &desk.articles[c.article];
            let cs = a.char_span(c.span);
            let (key, verdict, note) = verdict(&claim_item(&articles, sc, i));
            ClaimJson {
                key,
                verdict,
                note,
                article: &a.id,
                sentence: c.sentence,
                kind: c.kind,
                what: &c.what,
                value: &c.value,
                text: a.text(c.span),
                start: cs.start,
                end: cs.end,
                frame: c.frame.and_then(|f| analyses[c.article].frames.get(f)),
            }
        };
        out_stories.push(StoryJson {
            id: format!("s{}", si + 1),
            label: &story.label,
            articles: story
                .articles
                .iter()
                .map(|&a| desk.articles[a].id.as_str())
                .collect(),
            followups: sc
                .followups
                .iter()
                .map(|&a| desk.articles[a].id.as_str())
                .collect(),
            claims: (0..sc.claims.len()).map(claim_json).collect(),
            quotes: sc
                .quotes
                .iter()
                .map(|q| {
                    let (a, qi) = q.carriers[0];
                    let (key, verdict, note) = verdict(&span_item(
                        articles[a],
                        crate::review::ItemKind::Quote,
                        analyses[a].quotes[qi].span,
                    ));
                    QuoteJson {
                        key,
                        verdict,
                        note,
                        speaker: q.speaker.as_deref(),
                        text: &q.text,
                        articles: q
                            .carriers
                            .iter()
                            .map(|&(a, _)| desk.articles[a].id.as_str())
                            .collect(),
                    }
                })
                .collect(),
            discrepancies: sc
                .discrepancies
                .iter()
                .map(|d| {
                    let (key, verdict, note) = verdict(&discrepancy_item(&articles, sc, d));
                    DiscrepancyJson {
                        key,
                        verdict,
                        note,
                        kind: d.kind,
                        severity: d.severity,
                        subject: &d.subject,
                        summary: &d.summary,
                        claims: d
                            .claims
                            .iter()
                            .map(|&i| {
                                let c = &sc.claims[i];
                                let a = &desk.articles[c.article];
                                let cs = a.char_span(c.span);
                                EvidenceJson {
                                    article: &a.id,
                                    sentence: c.sentence,
                                    text: a.text(analyses[c.article].sentences[c.sentence].span),
                                    value: format!("{} ({})", a.text(c.span), c.value),
                                    start: cs.start,
                                    end: cs.end,
                                    source: sc
                                        .source_of
                                        .get(&c.article)
                                        .copied()
                                        .unwrap_or(c.article),
                                }
                            })
                            .collect(),
                        pairs: d
                            .pairs
                            .iter()
                            .filter_map(|p| {
                                Some(PairJson {
                                    a: d.claims.iter().position(|&c| c == p.a)?,
                                    b: d.claims.iter().position(|&c| c == p.b)?,
                                    relation: p.relation,
                                    versions: p.versions,
                                })
                            })
                            .collect(),
                        frame: d.frame.as_ref(),
                        sources: d.sources,
                    }
                })
                .collect(),
        });
    }
    write_out(|out| {
        if args.json {
            serde_json::to_writer(&mut *out, &serde_json::json!({ "stories": out_stories }))
                .map_err(std::io::Error::other)?;
            return writeln!(out);
        }
        for s in &out_stories {
            writeln!(
                out,
                "{}  {}  ({})",
                s.id,
                sanitize_line(s.label),
                s.articles.join(", ")
            )?;
            for d in &s.discrepancies {
                let mark = match d.severity {
                    Severity::Conflict => "CONFLICT",
                    Severity::Update => "updated ",
                    Severity::Differs => "differs ",
                    Severity::PossibleVariant => "variant?",
                    Severity::Unique => "only one",
                    Severity::Agree => "agree   ",
                };
                writeln!(out, "  {mark} {:?}: {}", d.kind, sanitize_line(d.summary))?;
            }
            for q in &s.quotes {
                writeln!(
                    out,
                    "  quote ({}; {}): “{}”",
                    q.speaker.unwrap_or("unattributed"),
                    q.articles.join(", "),
                    sanitize_line(q.text)
                )?;
            }
        }
        Ok(())
    })
}
