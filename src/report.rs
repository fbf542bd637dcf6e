//! The fact-check report: per story, the outlets and dates, the facts every
//! outlet states, each discrepancy with its evidence and the editor's
//! verdict and note, the quotes with speakers, and what is still unchecked.
//! Markdown for people (reads well in a pager, pastes into a CMS), JSON for
//! tools.

use crate::compare::claims::{ClaimKind, Severity, StoryClaims};
use crate::compare::coverage::Fact;
use crate::corpus::Article;
use crate::nlp::Analysis;
use crate::review::{Entry, Verdict};
use crate::workflow::{ReviewItem, claim_item, discrepancy_item};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize, Debug)]
pub struct Report {
    pub generated: String,
    pub editor: String,
    pub stories: Vec<StoryReport>,
}

#[derive(Serialize, Debug)]
pub struct OutletLine {
    pub article: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: String,
    pub verdict: Verdict,
    pub note: String,
}

#[derive(Serialize, Debug)]
pub struct Evidence {
    pub article: String,
    pub outlet: Option<String>,
    pub sentence: String,
    pub value: String,
}

#[derive(Serialize, Debug)]
pub struct Finding {
    pub key: String,
    pub kind: ClaimKind,
    pub severity: Severity,
    pub summary: String,
    pub evidence: Vec<Evidence>,
    pub verdict: Verdict,
    pub note: String,
    pub editor: Option<String>,
    pub text_changed: bool,
}

#[derive(Serialize, Debug)]
pub struct QuoteLine {
    pub key: String,
    pub speaker: Option<String>,
    pub text: String,
    pub outlets: Vec<String>,
    pub verdict: Verdict,
    pub note: String,
}

#[derive(Serialize, Debug)]
pub struct StoryReport {
    pub id: String,
    pub label: String,
    pub outlets: Vec<OutletLine>,
    /// Facts stated by every outlet of the story (one sentence quoted).
    pub agreed: Vec<String>,
    pub discrepancies: Vec<Finding>,
    pub quotes: Vec<QuoteLine>,
    /// Items with discrepancies or quotes still unchecked.
    pub unchecked: Vec<String>,
}

/// What a report is built from.
pub struct ReportInput<'a> {
    pub articles: Vec<&'a Article>,
    pub analyses: Vec<&'a Analysis>,
    /// (label, members, claims, facts) per story.
    pub stories: Vec<(String, Vec<usize>, &'a StoryClaims, Vec<Fact>)>,
    pub entries: &'a HashMap<String, Entry>,
    pub editor: String,
}

fn verdict_of(
    entries: &HashMap<String, Entry>,
    item: &ReviewItem,
) -> (Verdict, String, Option<String>, bool) {
    match entries.get(item.key.as_str()) {
        Some(e) => (
            e.verdict,
            e.note.clone(),
            Some(e.editor.clone()),
            e.text_changed,
        ),
        None => (Verdict::Unchecked, String::new(), None, false),
    }
}

/// Builds the report. Only stories with two or more reports or with
/// findings are included.
pub fn build(input: &ReportInput) -> Report {
    let arts = &input.articles;
    let mut stories = Vec::new();
    for (si, (label, members, sc, facts)) in input.stories.iter().enumerate() {
        let outlets = members
            .iter()
            .map(|&a| {
                let art = arts[a];
                let (verdict, note, _, _) =
                    verdict_of(input.entries, &crate::workflow::article_item(art));
                OutletLine {
                    article: art.id.clone(),
                    outlet: art.outlet.clone(),
                    published: art.published.map(|d| d.to_string()),
                    title: art.title.clone(),
                    verdict,
                    note,
                }
            })
            .collect();
        let agreed = facts
            .iter()
            .filter(|f| members.len() > 1 && f.articles().len() == members.len())
            .map(|f| {
                let (a, s) = f.sentences[0];
                arts[a]
                    .text(input.analyses[a].sentences[s].span)
                    .to_string()
            })
            .collect();
        let mut unchecked = Vec::new();
        let discrepancies = sc
            .discrepancies
            .iter()
            .filter(|d| d.severity != Severity::Unique)
            .map(|d| {
                let item = discrepancy_item(arts, sc, d);
                let (verdict, note, editor, text_changed) = verdict_of(input.entries, &item);
                if verdict == Verdict::Unchecked {
                    unchecked.push(format!("{:?}: {}", d.severity, d.summary));
                }
                Finding {
                    key: item.key.as_str().to_string(),
                    kind: d.kind,
                    severity: d.severity,
                    summary: d.summary.clone(),
                    evidence: d
                        .claims
                        .iter()
                        .map(|&c| {
                            let cl = &sc.claims[c];
                            let art = arts[cl.article];
                            Evidence {
                                article: art.id.clone(),
                                outlet: art.outlet.clone(),
                                sentence: art
                                    .text(input.analyses[cl.article].sentences[cl.sentence].span)
                                    .to_string(),
                                value: if cl.kind == ClaimKind::Quote {
                                    cl.value.clone()
                                } else {
                                    format!("{} ({})", art.text(cl.span), cl.value)
                                },
                            }
                        })
                        .collect(),
                    verdict,
                    note,
                    editor,
                    text_changed,
                }
            })
            .collect();
        let quotes = sc
            .quotes
            .iter()
            .map(|q| {
                let (a, qi) = q.carriers[0];
                let item = crate::workflow::span_item(
                    arts[a],
                    crate::review::ItemKind::Quote,
                    input.analyses[a].quotes[qi].span,
                );
                let (verdict, note, _, _) = verdict_of(input.entries, &item);
                if verdict == Verdict::Unchecked && q.carriers.len() > 1 {
                    unchecked.push(format!("quote: “{}”", q.text));
                }
                QuoteLine {
                    key: item.key.as_str().to_string(),
                    speaker: q.speaker.clone(),
                    text: q.text.clone(),
                    outlets: q
                        .carriers
                        .iter()
                        .map(|&(a, _)| arts[a].outlet.clone().unwrap_or_else(|| arts[a].id.clone()))
                        .collect(),
                    verdict,
                    note,
                }
            })
            .collect();
        let _ = claim_item;
        stories.push(StoryReport {
            id: format!("s{}", si + 1),
            label: label.clone(),
            outlets,
            agreed,
            discrepancies,
            quotes,
            unchecked,
        });
    }
    Report {
        generated: jiff::Timestamp::now()
            .strftime("%Y-%m-%d %H:%M UTC")
            .to_string(),
        editor: input.editor.clone(),
        stories,
    }
}

fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Unchecked => "unchecked",
        Verdict::Verified => "VERIFIED",
        Verdict::Disputed => "DISPUTED",
        Verdict::False => "FALSE",
        Verdict::NeedsSource => "NEEDS SOURCE",
    }
}

fn md_escape(s: &str) -> String {
    crate::sanitize::sanitize_line(s).replace('|', "\\|")
}

/// The report as Markdown.
pub fn to_markdown(r: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Fact-check report\n\n_{} · {}_\n\n",
        r.generated,
        md_escape(&r.editor)
    ));
    for s in &r.stories {
        out.push_str(&format!("## {} — {}\n\n", s.id, md_escape(&s.label)));
        out.push_str("| Outlet | Date | Article | Verdict |\n|---|---|---|---|\n");
        for o in &s.outlets {
            out.push_str(&format!(
                "| {} | {} | {} | {}{} |\n",
                md_escape(o.outlet.as_deref().unwrap_or("unknown")),
                o.published.as_deref().unwrap_or("undated"),
                md_escape(&o.article),
                verdict_label(o.verdict),
                if o.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", md_escape(&o.note))
                }
            ));
        }
        out.push('\n');
        if !s.agreed.is_empty() {
            out.push_str("### What every outlet reports\n\n");
            for f in &s.agreed {
                out.push_str(&format!("- {}\n", md_escape(f)));
            }
            out.push('\n');
        }
        out.push_str("### Discrepancies\n\n");
        if s.discrepancies.is_empty() {
            out.push_str("None found.\n\n");
        }
        for d in &s.discrepancies {
            let sev = match d.severity {
                Severity::Conflict => "**Conflict**",
                Severity::Differs => "Differs",
                Severity::PossibleVariant => "Possible variant",
                Severity::Unique => "Only one outlet",
            };
            out.push_str(&format!(
                "- {sev} ({:?}): {}\n",
                d.kind,
                md_escape(&d.summary)
            ));
            for e in &d.evidence {
                out.push_str(&format!(
                    "  - {}: “{}”\n",
                    md_escape(e.outlet.as_deref().unwrap_or(&e.article)),
                    md_escape(&e.sentence)
                ));
            }
            out.push_str(&format!("  - Verdict: **{}**", verdict_label(d.verdict)));
            if let Some(ed) = &d.editor {
                out.push_str(&format!(" ({})", md_escape(ed)));
            }
            if d.text_changed {
                out.push_str(" — text changed since");
            }
            if !d.note.is_empty() {
                out.push_str(&format!(" — {}", md_escape(&d.note)));
            }
            out.push('\n');
        }
        out.push('\n');
        if !s.quotes.is_empty() {
            out.push_str("### Quotes\n\n");
            for q in &s.quotes {
                out.push_str(&format!(
                    "- “{}” — {} ({}){}\n",
                    md_escape(&q.text),
                    md_escape(q.speaker.as_deref().unwrap_or("unattributed")),
                    md_escape(&q.outlets.join(", ")),
                    if q.verdict == Verdict::Unchecked {
                        String::new()
                    } else {
                        format!(" — {}", verdict_label(q.verdict))
                    }
                ));
            }
            out.push('\n');
        }
        if !s.unchecked.is_empty() {
            out.push_str(&format!("### Still unchecked ({})\n\n", s.unchecked.len()));
            for u in &s.unchecked {
                out.push_str(&format!("- [ ] {}\n", md_escape(u)));
            }
            out.push('\n');
        }
    }
    out
}
