//! The fact-check report: what the editor hands over. Per story: the
//! outlets and dates with the verdicts and notes on whole articles, every
//! sentence and claim the editor marked (with the sentence quoted), the
//! facts every outlet states, each discrepancy with its evidence (each
//! sentence quoted once, its values named) and the editor's verdict and
//! note, the quotes with speakers, verdicts and notes, and what is still
//! unchecked. Markdown for people (reads well in a pager, pastes into a
//! CMS), JSON for tools: both carry the same content.

use crate::compare::claims::{ClaimKind, Severity, StoryClaims};
use crate::compare::coverage::Fact;
use crate::corpus::Article;
use crate::nlp::Analysis;
use crate::review::{Entry, ItemKind, Verdict};
use crate::workflow::{ReviewItem, discrepancy_item};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Serialize, Debug)]
pub struct Report {
    pub generated: String,
    pub editor: String,
    /// How many verdicts (other than unchecked) and notes the report carries.
    pub verdicts: usize,
    pub notes: usize,
    pub stories: Vec<StoryReport>,
    /// Verdicts and notes on items this corpus no longer has (their
    /// article was deleted, or renamed and edited at once).
    pub elsewhere: Vec<Marked>,
}

impl Report {
    /// "3 verdicts, 2 notes".
    pub fn tally(&self) -> String {
        let p = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!("{}, {}", p(self.verdicts, "verdict"), p(self.notes, "note"))
    }
}

/// The editor's verdict and note on an item.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub verdict: Verdict,
    pub note: String,
    pub editor: Option<String>,
    pub updated: Option<String>,
    pub text_changed: bool,
}

impl Review {
    fn of(entries: &HashMap<String, Entry>, key: &str) -> Review {
        match entries.get(key) {
            Some(e) => Review {
                verdict: e.verdict,
                note: e.note.clone(),
                editor: Some(e.editor.clone()),
                updated: Some(e.updated.to_string()),
                text_changed: e.text_changed,
            },
            None => Review {
                verdict: Verdict::Unchecked,
                note: String::new(),
                editor: None,
                updated: None,
                text_changed: false,
            },
        }
    }

    fn is_empty(&self) -> bool {
        self.verdict == Verdict::Unchecked && self.note.is_empty()
    }
}

#[derive(Serialize, Debug)]
pub struct OutletLine {
    pub article: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: String,
    pub url: Option<String>,
    pub verdict: Verdict,
    pub note: String,
    pub editor: Option<String>,
}

/// A sentence quoted once, with the values of the finding it states.
#[derive(Serialize, Debug)]
pub struct Evidence {
    pub article: String,
    pub outlet: Option<String>,
    pub sentence: String,
    /// The values as written, with how they were read ("about 800 (720–880)").
    pub values: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Finding {
    pub key: String,
    pub kind: ClaimKind,
    pub severity: Severity,
    /// What its values are about ("officers deployed", "when arrived").
    pub subject: String,
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
    /// The speaker is an organisation or an outlet, not a person.
    pub speaker_is_org: bool,
    pub text: String,
    pub outlets: Vec<String>,
    pub verdict: Verdict,
    pub note: String,
    pub editor: Option<String>,
}

/// An item the editor marked in the text: a sentence (a compare pair is
/// its two sentences, a fact its sentences), a claim, a quote not among the
/// story's quotes.
#[derive(Serialize, Debug, Clone)]
pub struct Marked {
    pub key: String,
    pub kind: ItemKind,
    pub article: String,
    pub outlet: Option<String>,
    /// "sentence 4", when the sentence is found in the article as it is now.
    pub place: Option<String>,
    pub text: String,
    pub verdict: Verdict,
    pub note: String,
    pub editor: String,
    pub updated: String,
    pub text_changed: bool,
}

#[derive(Serialize, Debug)]
pub struct StoryReport {
    pub id: String,
    pub label: String,
    pub outlets: Vec<OutletLine>,
    /// Sentences, claims and other items of the story's articles with a
    /// verdict or a note, in article order then text order.
    pub marked: Vec<Marked>,
    /// Facts stated by every outlet of the story (one sentence quoted).
    pub agreed: Vec<String>,
    pub discrepancies: Vec<Finding>,
    pub quotes: Vec<QuoteLine>,
    /// Findings and quotes (carried by several outlets) still unchecked.
    pub unchecked: Vec<String>,
}

/// One story to report.
pub struct StoryInput<'a> {
    /// The story's index (reported as `s{index + 1}`).
    pub index: usize,
    pub label: String,
    pub members: Vec<usize>,
    pub claims: &'a StoryClaims,
    pub facts: Vec<Fact>,
}

/// What a report is built from.
pub struct ReportInput<'a> {
    pub articles: Vec<&'a Article>,
    pub analyses: Vec<&'a Analysis>,
    pub stories: Vec<StoryInput<'a>>,
    pub entries: &'a HashMap<String, Entry>,
    pub editor: String,
    /// Report the entries no article of the corpus has (every story is reported).
    pub with_elsewhere: bool,
}

/// "sentence 4" for a span (in scalar values) that is a sentence of the
/// article, counted among its reporting sentences.
fn sentence_place(
    article: &Article,
    analysis: &Analysis,
    start: usize,
    end: usize,
) -> Option<String> {
    let mut n = 0;
    for s in &analysis.sentences {
        if !s.marked {
            n += 1;
        }
        let c = article.char_span(s.span);
        if c.start == start && c.end == end {
            return Some(if s.marked {
                "a heading or footer".into()
            } else {
                format!("sentence {n}")
            });
        }
        if c.start > end {
            break;
        }
    }
    None
}

/// "conflict", "updated", "differs", "possible variant", "one outlet only", "agree".
fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Conflict => "conflict",
        Severity::Update => "updated",
        Severity::Differs => "differs",
        Severity::PossibleVariant => "possible variant",
        Severity::Unique => "one outlet only",
        Severity::Agree => "agree",
    }
}

/// An article's outlet as the story's evidence names it: with its date
/// (or id) when the story has two reports from that outlet.
fn outlet_in_story(arts: &[&Article], members: &[usize], a: usize) -> Option<String> {
    let outlet = arts[a].outlet.clone()?;
    let twice = members
        .iter()
        .filter(|&&m| arts[m].outlet.as_deref() == Some(outlet.as_str()))
        .count()
        > 1;
    Some(if !twice {
        outlet
    } else {
        let same_day = members.iter().any(|&m| {
            m != a && arts[m].outlet == arts[a].outlet && arts[m].published == arts[a].published
        });
        match arts[a].published {
            Some(d) if !same_day => format!("{outlet}, {d}"),
            _ => format!("{outlet}, {}", arts[a].id),
        }
    })
}

fn marked_of(e: &Entry, article: Option<(&Article, &Analysis)>) -> Marked {
    let place = match (article, e.key.span_range()) {
        (Some((a, an)), Some((s, t))) if e.kind == ItemKind::Sentence => {
            sentence_place(a, an, s, t)
        }
        _ => None,
    };
    Marked {
        key: e.key.as_str().to_string(),
        kind: e.kind,
        article: article.map_or_else(|| e.article_id.clone(), |(a, _)| a.id.clone()),
        outlet: article.and_then(|(a, _)| a.outlet.clone()),
        place,
        text: e.text.clone(),
        verdict: e.verdict,
        note: e.note.clone(),
        editor: e.editor.clone(),
        updated: e.updated.to_string(),
        text_changed: e.text_changed,
    }
}

/// Builds the report of the stories given.
pub fn build(input: &ReportInput) -> Report {
    let arts = &input.articles;
    let entries = input.entries;
    // the article of each content hash, for entries keyed by span
    let mut by_hash: HashMap<String, usize> = HashMap::new();
    for (i, a) in arts.iter().enumerate() {
        by_hash.entry(crate::workflow::article_hash(a)).or_insert(i);
    }
    let mut reported: HashSet<String> = HashSet::new();
    let mut stories = Vec::new();
    for st in &input.stories {
        let sc = st.claims;
        let members = &st.members;
        let outlets = members
            .iter()
            .map(|&a| {
                let art = arts[a];
                let key = crate::workflow::article_item(art).key;
                reported.insert(key.as_str().to_string());
                let r = Review::of(entries, key.as_str());
                OutletLine {
                    article: art.id.clone(),
                    outlet: art.outlet.clone(),
                    published: art.published.map(|d| d.to_string()),
                    title: art.title.clone(),
                    url: art.url.clone(),
                    verdict: r.verdict,
                    note: r.note,
                    editor: r.editor,
                }
            })
            .collect();
        let agreed = st
            .facts
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
            .filter(|d| {
                d.severity != Severity::Unique
                    || !Review::of(entries, discrepancy_item(arts, sc, d).key.as_str()).is_empty()
            })
            .map(|d| {
                let item = discrepancy_item(arts, sc, d);
                reported.insert(item.key.as_str().to_string());
                let r = Review::of(entries, item.key.as_str());
                let subject = crate::workflow::finding_subject(sc, d);
                if r.verdict == Verdict::Unchecked && d.severity != Severity::Unique {
                    unchecked.push(format!(
                        "{} · {} · {subject}",
                        severity_word(d.severity),
                        crate::workflow::finding_kind(d.kind)
                    ));
                }
                // each sentence once, with every value of the finding it states
                let mut evidence: Vec<(usize, usize, Evidence)> = Vec::new();
                for &c in &d.claims {
                    let cl = &sc.claims[c];
                    let art = arts[cl.article];
                    let value = if cl.kind == ClaimKind::Quote {
                        cl.value.clone()
                    } else {
                        format!("{} ({})", art.text(cl.span), cl.value)
                    };
                    match evidence
                        .iter_mut()
                        .find(|(a, s, _)| *a == cl.article && *s == cl.sentence)
                    {
                        Some((_, _, e)) => {
                            if !e.values.contains(&value) {
                                e.values.push(value)
                            }
                        }
                        None => evidence.push((
                            cl.article,
                            cl.sentence,
                            Evidence {
                                article: art.id.clone(),
                                outlet: outlet_in_story(arts, members, cl.article),
                                sentence: art
                                    .text(input.analyses[cl.article].sentences[cl.sentence].span)
                                    .to_string(),
                                values: vec![value],
                            },
                        )),
                    }
                }
                Finding {
                    key: item.key.as_str().to_string(),
                    kind: d.kind,
                    severity: d.severity,
                    subject,
                    summary: d.summary.clone(),
                    evidence: evidence.into_iter().map(|x| x.2).collect(),
                    verdict: r.verdict,
                    note: r.note,
                    editor: r.editor,
                    text_changed: r.text_changed,
                }
            })
            .collect();
        let quotes = crate::speakers::merged_quotes(sc, arts, &input.analyses, members)
            .into_iter()
            .map(|q| {
                let (a, qi) = q.carriers[0];
                let item: ReviewItem = crate::workflow::span_item(
                    arts[a],
                    ItemKind::Quote,
                    input.analyses[a].quotes[qi].span,
                );
                reported.insert(item.key.as_str().to_string());
                let r = Review::of(entries, item.key.as_str());
                if r.verdict == Verdict::Unchecked && q.carriers.len() > 1 {
                    let words: Vec<&str> = q.text.split_whitespace().take(12).collect();
                    let more = if q.text.split_whitespace().count() > 12 {
                        "…"
                    } else {
                        ""
                    };
                    unchecked.push(format!(
                        "quote · {} · “{}{more}”",
                        q.speaker.as_deref().unwrap_or("unattributed"),
                        words.join(" ")
                    ));
                }
                QuoteLine {
                    key: item.key.as_str().to_string(),
                    speaker: q.speaker.clone(),
                    speaker_is_org: q.speaker_is_org,
                    text: q.text.clone(),
                    outlets: q
                        .carriers
                        .iter()
                        .map(|&(a, _)| {
                            outlet_in_story(arts, members, a).unwrap_or_else(|| arts[a].id.clone())
                        })
                        .collect(),
                    verdict: r.verdict,
                    note: r.note,
                    editor: r.editor,
                }
            })
            .collect();
        // every other item of the story's articles the editor marked
        let mut marked: Vec<(usize, usize, Marked)> = Vec::new();
        for e in entries.values() {
            if !e.has_content() || reported.contains(e.key.as_str()) {
                continue;
            }
            let Some(&a) = e.key.article_hash().and_then(|h| by_hash.get(h)) else {
                continue;
            };
            if !members.contains(&a) {
                continue;
            }
            let pos = members.iter().position(|&m| m == a).unwrap_or(0);
            let start = e.key.span_range().map_or(0, |r| r.0);
            marked.push((pos, start, marked_of(e, Some((arts[a], input.analyses[a])))));
            reported.insert(e.key.as_str().to_string());
        }
        marked.sort_by(|x, y| (x.0, x.1, &x.2.key).cmp(&(y.0, y.1, &y.2.key)));
        stories.push(StoryReport {
            id: format!("s{}", st.index + 1),
            label: st.label.clone(),
            outlets,
            marked: marked.into_iter().map(|m| m.2).collect(),
            agreed,
            discrepancies,
            quotes,
            unchecked,
        });
    }
    let mut elsewhere: Vec<Marked> = Vec::new();
    if input.with_elsewhere {
        for e in entries.values() {
            if !e.has_content() || reported.contains(e.key.as_str()) {
                continue;
            }
            let here = e
                .key
                .article_hash()
                .is_some_and(|h| by_hash.contains_key(h));
            if !here {
                elsewhere.push(marked_of(e, None));
            }
        }
        elsewhere.sort_by(|a, b| (&a.article, &a.key).cmp(&(&b.article, &b.key)));
    }
    // the tally of what the report carries
    let mut verdicts = 0;
    let mut notes = 0;
    let mut count = |v: Verdict, n: &str| {
        verdicts += usize::from(v != Verdict::Unchecked);
        notes += usize::from(!n.is_empty());
    };
    for s in &stories {
        s.outlets.iter().for_each(|o| count(o.verdict, &o.note));
        s.marked.iter().for_each(|m| count(m.verdict, &m.note));
        s.discrepancies
            .iter()
            .for_each(|d| count(d.verdict, &d.note));
        s.quotes.iter().for_each(|q| count(q.verdict, &q.note));
    }
    elsewhere.iter().for_each(|m| count(m.verdict, &m.note));
    Report {
        generated: jiff::Timestamp::now()
            .strftime("%Y-%m-%d %H:%M UTC")
            .to_string(),
        editor: input.editor.clone(),
        verdicts,
        notes,
        stories,
        elsewhere,
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

/// Article text, titles, outlet names and notes are untrusted: see
/// [`crate::sanitize::markdown_text`].
fn md_escape(s: &str) -> String {
    crate::sanitize::markdown_text(s)
}

/// Text in quote marks, unless it comes with its own (a quote sentence):
/// never `““…”`.
fn md_quoted(s: &str) -> String {
    let t = s.trim();
    if t.starts_with(['“', '"', '‘', '«']) {
        md_escape(t)
    } else {
        format!("“{}”", md_escape(t))
    }
}

/// " — **DISPUTED** (alice) — note", or nothing for an unchecked item without a note.
fn md_verdict(v: Verdict, note: &str, editor: Option<&str>, text_changed: bool) -> String {
    let mut out = String::new();
    if v != Verdict::Unchecked {
        out.push_str(&format!(" — **{}**", verdict_label(v)));
        if let Some(ed) = editor {
            out.push_str(&format!(" ({})", md_escape(ed)));
        }
    }
    if text_changed {
        out.push_str(" — text changed since");
    }
    if !note.is_empty() {
        out.push_str(&format!(" — note: {}", md_escape(note)));
    }
    out
}

fn md_marked(out: &mut String, m: &Marked) {
    let place = match (&m.place, m.kind) {
        (Some(p), _) => p.clone(),
        (None, k) => k.as_str().to_string(),
    };
    out.push_str(&format!(
        "- **{}**, {place}: {}{}\n",
        md_escape(m.outlet.as_deref().unwrap_or(&m.article)),
        md_quoted(&m.text),
        md_verdict(m.verdict, &m.note, Some(&m.editor), m.text_changed)
    ));
}

/// The report as Markdown.
pub fn to_markdown(r: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Fact-check report\n\n_{} · {} · {}_\n\n",
        r.generated,
        md_escape(&r.editor),
        r.tally()
    ));
    if r.stories.is_empty() && r.elsewhere.is_empty() {
        out.push_str("Nothing to report: no story has two reports, a finding or a verdict.\n");
    }
    for s in &r.stories {
        out.push_str(&format!("## {} — {}\n\n", s.id, md_escape(&s.label)));
        out.push_str("| Outlet | Date | Article | Verdict |\n|---|---|---|---|\n");
        for o in &s.outlets {
            out.push_str(&format!(
                "| {} | {} | {} | {}{} |\n",
                md_escape(o.outlet.as_deref().unwrap_or("unknown")),
                o.published.as_deref().unwrap_or("undated"),
                match &o.url {
                    Some(u) => crate::sanitize::markdown_link(&o.article, u),
                    None => md_escape(&o.article),
                },
                verdict_label(o.verdict),
                if o.note.is_empty() {
                    String::new()
                } else {
                    format!(" — note: {}", md_escape(&o.note))
                }
            ));
        }
        out.push('\n');
        if !s.marked.is_empty() {
            out.push_str(&format!("### Marked in the text ({})\n\n", s.marked.len()));
            for m in &s.marked {
                md_marked(&mut out, m);
            }
            out.push('\n');
        }
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
                Severity::Update => "Updated",
                Severity::Differs => "Differs",
                Severity::PossibleVariant => "Possible variant",
                Severity::Unique => "Only one outlet",
                Severity::Agree => "Agree",
            };
            out.push_str(&format!(
                "- {sev} ({}): {}{}\n",
                crate::workflow::finding_kind(d.kind),
                md_escape(&d.subject),
                md_verdict(d.verdict, &d.note, d.editor.as_deref(), d.text_changed)
            ));
            for e in &d.evidence {
                out.push_str(&format!(
                    "  - {}: {} — {}\n",
                    md_escape(e.outlet.as_deref().unwrap_or(&e.article)),
                    md_quoted(&e.sentence),
                    md_escape(&e.values.join("; "))
                ));
            }
        }
        out.push('\n');
        if !s.quotes.is_empty() {
            out.push_str("### Quotes\n\n");
            for q in &s.quotes {
                let speaker = match (&q.speaker, q.speaker_is_org) {
                    (Some(sp), true) => format!("{} (organisation)", md_escape(sp)),
                    (Some(sp), false) => md_escape(sp),
                    (None, _) => "unattributed".into(),
                };
                out.push_str(&format!(
                    "- “{}” — {speaker} ({}){}\n",
                    md_escape(&q.text),
                    md_escape(&q.outlets.join(", ")),
                    md_verdict(q.verdict, &q.note, q.editor.as_deref(), false)
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
    if !r.elsewhere.is_empty() {
        out.push_str(&format!(
            "## Marked items no longer in this corpus ({})\n\n",
            r.elsewhere.len()
        ));
        for m in &r.elsewhere {
            md_marked(&mut out, m);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_never_doubled() {
        assert_eq!(md_quoted("“We salute,” he said."), "“We salute,” he said.");
        assert_eq!(md_quoted("Twelve died."), "“Twelve died.”");
    }
}
