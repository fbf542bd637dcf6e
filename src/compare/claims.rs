//! Claims and the discrepancies between outlets.
//!
//! A claim is a value stated in a reporting sentence: a quantity (with what
//! it counts and the event it belongs to), a date, a place, a person, or a
//! quote with its speaker. The evidence is always the sentence.
//!
//! Discrepancies are found where two outlets state the same fact: in
//! sentence pairs the aligner matched, values of the same kind are compared
//! (number intervals, date ranges, place and person names); across the
//! whole story, quantities of the same event and noun, explicit place
//! containment ("Brantmoor, Calder Province"), and quotes matched by their
//! words are compared too. Each is classified:
//! * **conflict** — incompatible: number intervals that do not overlap,
//!   disjoint dates, a place put in two different regions, one quote given
//!   to two different speakers;
//! * **differs** — compatible but not the same: a different precision
//!   ("about 30" vs "31"), a reworded quote, places named differently;
//! * **possible variant** — names that look like spellings of one name
//!   ("Sanford" vs "Sandford-on-Thames"), never merged silently;
//! * **unique** — a fact only one outlet reports.
//!
//! What agrees is not flagged: "over 2 million" and "more than two
//! million", "Saturday" in a Sunday paper and "Saturday, March 8".

use super::align::story_alignments;
use super::diff::{DiffKind, word_diff};
use super::idf::Idf;
use crate::corpus::{Article, Span};
use crate::nlp::Analysis;
use crate::nlp::dates::DateValue;
use crate::nlp::entities::Group;
use crate::nlp::fold::{fold, name_key};
use crate::nlp::numbers::{Interval, Quantity, Unit};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// What a claim states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    Number,
    Date,
    Place,
    Person,
    Quote,
    /// Only for discrepancies: one quote given to different speakers.
    Attribution,
}

/// One claim: a value in a sentence of an article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    pub article: usize,
    /// Index into the article's analysis sentences.
    pub sentence: usize,
    pub kind: ClaimKind,
    /// The value's span in the body.
    pub span: Span,
    /// What the value is about: the counted noun, the event, the role.
    pub what: String,
    /// The value, readable ("≥12", "2025-03-08", "Calder Province").
    pub value: String,
}

/// How serious a discrepancy is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Conflict,
    Differs,
    PossibleVariant,
    Unique,
}

/// A disagreement between outlets, with the claims on each side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Discrepancy {
    pub kind: ClaimKind,
    pub severity: Severity,
    pub summary: String,
    /// Indexes into the story's claims.
    pub claims: Vec<usize>,
}

/// A quote as carried by one or more outlets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteGroup {
    pub speaker: Option<String>,
    /// The fullest wording.
    pub text: String,
    /// (article, quote index in its analysis) for each outlet carrying it.
    pub carriers: Vec<(usize, usize)>,
}

/// Claims, quotes and discrepancies of one story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryClaims {
    pub claims: Vec<Claim>,
    pub quotes: Vec<QuoteGroup>,
    pub discrepancies: Vec<Discrepancy>,
    /// The alignments of every pair of the story's articles (article
    /// indexes, the first before the second in the story), kept for the
    /// coverage matrix and the report.
    pub alignments: Vec<(usize, usize, super::align::Alignment)>,
}

/// Event words: which kind of event a number or date belongs to.
const EVENTS: &[(&str, &[&str])] = &[
    (
        "dead",
        &[
            "killed",
            "killing",
            "kills",
            "died",
            "dead",
            "death",
            "deaths",
            "fatalities",
            "fatality",
            "lives",
            "bodies",
            "toll",
            "perished",
            "slain",
            "murdered",
        ],
    ),
    (
        "injured",
        &[
            "injured",
            "injuring",
            "wounded",
            "wounding",
            "hurt",
            "injuries",
            "hospitalised",
            "hospitalized",
            "hospital",
            "treated",
        ],
    ),
    (
        "displaced",
        &[
            "displaced",
            "fled",
            "homeless",
            "evacuated",
            "evacuation",
            "refugees",
            "uprooted",
        ],
    ),
    ("missing", &["missing", "unaccounted"]),
    (
        "arrested",
        &["arrested", "detained", "charged", "held", "arrests"],
    ),
    ("rescued", &["rescued", "saved", "freed"]),
    (
        "deployed",
        &[
            "deployed",
            "sent",
            "stationed",
            "joined",
            "dispatched",
            "contingent",
            "deployment",
        ],
    ),
    (
        "launched",
        &[
            "launched",
            "began",
            "started",
            "established",
            "founded",
            "opened",
            "created",
        ],
    ),
    ("arrived", &["arrived", "landed", "reached"]),
    (
        "cost",
        &[
            "cost", "costs", "paid", "spent", "raised", "donated", "worth",
        ],
    ),
];

/// The event word nearest a span in its sentence, as its category.
fn event_of(body: &str, sentence: Span, at: Span) -> Option<&'static str> {
    // only the clause of the number: in "seven were killed and more than 50
    // taken to hospital" the 50 were not killed
    let sentence = clause_of(body, sentence, at);
    let text = &body[sentence.start..sentence.end];
    let mut best: Option<(usize, &'static str)> = None;
    let mut offset = 0;
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
        let pos = sentence.start + offset;
        offset += word.len() + 1;
        let w = fold(word);
        if let Some((cat, _)) = EVENTS.iter().find(|(_, ws)| ws.contains(&w.as_str())) {
            let dist = if pos >= at.end {
                pos - at.end
            } else {
                at.start.saturating_sub(pos) * 2
            };
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, cat));
            }
        }
    }
    best.filter(|(d, _)| *d < 120).map(|(_, c)| c)
}

/// Words and marks that join two clauses, each with its own facts.
static CLAUSE_BREAK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i);|\s[—–]\s|(?-u:\b)(?:and|but|while|whereas)(?-u:\b)").unwrap()
});

/// The clause of `sentence` that holds `at`.
fn clause_of(body: &str, sentence: Span, at: Span) -> Span {
    let mut start = sentence.start;
    let mut end = sentence.end;
    for m in CLAUSE_BREAK.find_iter(&body[sentence.start..sentence.end]) {
        let (ms, me) = (sentence.start + m.start(), sentence.start + m.end());
        if me <= at.start {
            start = me;
        } else if ms >= at.end {
            end = ms;
            break;
        }
    }
    Span::new(start, end)
}

struct QuantityClaim<'a> {
    claim: usize,
    q: &'a Quantity,
    event: Option<&'static str>,
    /// The sentence's headline figure for its event: not a breakdown
    /// ("four men and one woman" after "five patients") nor a part ("2 of
    /// the 5").
    primary: bool,
    /// The sentence recalls an earlier event ("since 1959, when…", "last
    /// week", "a year ago"): its figures are background.
    background: bool,
}

/// Words that make a count a subset of the toll ("eight seriously
/// injured", "one critically", "20 taken to St George's", "of which four").
static SUBCOUNT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?-u:\b)(?:seriously|critically|serious|critical|life-threatening|minor|treated at the scene|of which|of whom|of those|among them|including)(?-u:\b)").unwrap()
});

/// Phrases after a figure that make it a part of another ("2 of the 5").
static PART_OF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\s+of\s+(?:the|them|those|whom|these)(?-u:\b)").unwrap()
});

/// True when a sentence compares with or recalls an earlier event ("the
/// first since 1959, when…", "last week", "a year ago"): its dates are that
/// event's. (Unlike [`background_sentence`], a bare year does not count:
/// "launched in 2019" dates the launch.)
fn recalls_earlier_event(text: &str) -> bool {
    static SINCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(?-u:\b)(?:since|ago)(?-u:\b)").unwrap()
    });
    recalls_past(text) || SINCE.is_match(text)
}

/// A long-past phrase ("last month", "a year ago") or "last week".
fn recalls_past(text: &str) -> bool {
    static RECENT_PAST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(?-u:\b)(?:last|previous) week(?-u:\b)").unwrap()
    });
    super::stories::recalls_long_past(text) || RECENT_PAST.is_match(text)
}

/// True when a sentence is about an earlier event than the article's: a
/// long-past phrase, "last week", or a year before the publication's
/// (any year when the article has no date).
fn background_sentence(text: &str, published: Option<jiff::civil::Date>) -> bool {
    static YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?-u:\b)(1[89]\d\d|20\d\d)(?-u:\b)").unwrap()
    });
    if recalls_past(text) {
        return true;
    }
    YEAR.captures_iter(text).any(|c| {
        let y: i16 = c[1].parse().unwrap_or(0);
        published.is_none_or(|d| y < d.year())
    })
}

/// Extracts the claims of one article (numbers, dates, places, people).
pub fn article_claims(index: usize, article: &Article, analysis: &Analysis) -> Vec<Claim> {
    let mut out = Vec::new();
    for (si, q) in &analysis.quantities {
        let s = analysis.sentences[*si].span;
        let event = event_of(&article.body, s, q.span);
        let what = match (&q.unit, &q.head, event) {
            (Unit::Age, Some(h), _) => format!("age of {h}"),
            (Unit::Age, None, _) => "age".into(),
            (Unit::Percent, _, _) => format!(
                "percent{}",
                event.map(|e| format!(" {e}")).unwrap_or_default()
            ),
            (Unit::Money(_), _, _) => format!(
                "money{}",
                event.map(|e| format!(" {e}")).unwrap_or_default()
            ),
            (_, Some(h), Some(e)) => format!("{h} {e}"),
            (_, Some(h), None) => h.clone(),
            (_, None, Some(e)) => e.to_string(),
            (_, None, None) => "count".into(),
        };
        out.push(Claim {
            article: index,
            sentence: *si,
            kind: ClaimKind::Number,
            span: q.span,
            what,
            value: q.interval.describe(),
        });
    }
    for (si, span, v) in &analysis.dates {
        let s = analysis.sentences[*si].span;
        let what = event_of(&article.body, s, *span)
            .unwrap_or("date")
            .to_string();
        out.push(Claim {
            article: index,
            sentence: *si,
            kind: ClaimKind::Date,
            span: *span,
            what,
            value: v.describe(),
        });
    }
    for (si, s) in analysis.reporting_sentences() {
        for m in analysis.mentions_in(s.span) {
            let kind = match m.group {
                Group::Place => ClaimKind::Place,
                Group::Person => ClaimKind::Person,
                _ => continue,
            };
            let c = &analysis.entities.canonical[m.canonical];
            out.push(Claim {
                article: index,
                sentence: si,
                kind,
                span: m.span,
                what: c.key.clone(),
                value: c.name.clone(),
            });
        }
    }
    out
}

/// True when two different name keys look like spellings or shortenings of
/// one name: "marnin"/"marny lesage", "sanford"/"sandford on thames",
/// "okafor"/"okafur".
pub fn possible_variant(a: &str, b: &str) -> bool {
    if a == b || a.is_empty() || b.is_empty() {
        return false;
    }
    // "Kunduz" and "Kunduz province" name one place
    if strip_designators(a) == strip_designators(b) {
        return false;
    }
    let (fa, fb) = (
        a.split(' ').next().unwrap_or(a),
        b.split(' ').next().unwrap_or(b),
    );
    let close = |x: &str, y: &str| {
        let (lx, ly) = (x.chars().count(), y.chars().count());
        let d = strsim::levenshtein(x, y);
        lx.min(ly) >= 4 && (d <= 1 || (d <= 2 && lx.min(ly) >= 6))
    };
    // the same word misspelt, or a first word that is a near-copy of the other's
    if close(a, b) || (a.contains(' ') != b.contains(' ') && close(fa, fb)) {
        return true;
    }
    // a shared prefix of four letters or more that is most of the shorter first word
    let common = fa
        .chars()
        .zip(fb.chars())
        .take_while(|(x, y)| x == y)
        .count();
    let shorter = fa.chars().count().min(fb.chars().count());
    // (a whole word that begins another is a different name: "John", "Johnson")
    common >= 4 && common < shorter && common * 4 >= shorter * 3
}

/// True when a quote's speaker (by key) can be a person: not a place the
/// article names, not a newspaper, agency or institution (a quote credited
/// to one names who published or issued it, not who said it), and a name of
/// two words or more.
fn speaker_is_person(analysis: &Analysis, key: &str, outlets: &[String]) -> bool {
    let place = analysis
        .entities
        .canonical
        .iter()
        .any(|c| c.key == key && c.group == crate::nlp::entities::Group::Place);
    if place {
        return false;
    }
    let words: Vec<&str> = key.split(' ').collect();
    words.len() >= 2
        && words.iter().all(|w| w.chars().count() >= 2)
        && words.iter().filter(|w| w.chars().count() >= 3).count() >= 2
        && !words
            .iter()
            .any(|w| PUBLISHERS.contains(w) || INSTITUTIONS.contains(w))
        && !outlets.iter().any(|o| o == key)
}

/// Words that make a name a publisher's rather than a speaker's.
const PUBLISHERS: &[&str] = &[
    "times",
    "post",
    "news",
    "press",
    "herald",
    "journal",
    "telegraph",
    "tribune",
    "gazette",
    "agency",
    "reuters",
    "afp",
    "ap",
    "bbc",
    "cnn",
    "television",
    "tv",
    "radio",
    "newspaper",
    "magazine",
    "daily",
    "chronicle",
    "dispatch",
];

/// True when one place name is the other with a part or compass point
/// ("south london" within "london", "greater manchester"): nested, not
/// different.
fn nested_places(a: &str, b: &str) -> bool {
    const PARTS: &[&str] = &[
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "greater",
        "upper",
        "lower",
        "inner",
        "outer",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    ];
    let core = |k: &str| {
        strip_designators(k)
            .split(' ')
            .filter(|w| !PARTS.contains(w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (ca, cb) = (core(a), core(b));
    !ca.is_empty() && ca == cb
}

/// Words that make a name an institution's rather than a person's: a quote
/// credited to the police and one to its spokesman are not a conflict.
const INSTITUTIONS: &[&str] = &[
    "police",
    "hospital",
    "university",
    "branch",
    "department",
    "ministry",
    "service",
    "services",
    "authority",
    "council",
    "investigators",
    "office",
    "government",
    "army",
    "force",
    "forces",
    "committee",
    "commission",
    "company",
    "corporation",
    "group",
    "union",
    "association",
    "board",
    "court",
    "agency",
    "institute",
    "foundation",
    "party",
    "team",
    "club",
    "bureau",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "officials",
    "authorities",
];

/// Generic words around a place or body's name ("province", "city of").
const DESIGNATORS: &[&str] = &[
    "province",
    "city",
    "county",
    "district",
    "region",
    "state",
    "department",
    "town",
    "village",
    "municipality",
    "area",
    "island",
    "islands",
    "valley",
    "river",
    "the",
    "of",
    "commune",
    "prefecture",
    "governorate",
    "oblast",
    "territory",
];

fn strip_designators(key: &str) -> String {
    key.split(' ')
        .filter(|w| !DESIGNATORS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compares two number claims: None when they agree.
fn compare_numbers(a: &Quantity, b: &Quantity) -> Option<Severity> {
    // an increment ("200 more") is not comparable with a total
    if a.unit != b.unit || a.delta || b.delta {
        return None;
    }
    if !a.interval.overlaps(&b.interval) {
        // "more than 27 million" against "27 million", "nearly 1,000"
        // against "1,000": the same figure, hedged differently
        let touching = a.interval.lo == b.interval.hi || a.interval.hi == b.interval.lo;
        return Some(if touching {
            Severity::Differs
        } else {
            Severity::Conflict
        });
    }
    if a.interval == b.interval || agree_approximately(&a.interval, &b.interval) {
        None
    } else {
        Some(Severity::Differs)
    }
}

/// Hedged forms that say the same: "over 2 million" / "more than two
/// million" are equal; "nearly 900" / "about 880" mean the same figure.
fn agree_approximately(a: &Interval, b: &Interval) -> bool {
    let finite = |i: &Interval| i.lo.is_finite() && i.hi.is_finite() && i.lo > 0.0;
    if finite(a) && finite(b) {
        let (ca, cb) = ((a.lo + a.hi) / 2.0, (b.lo + b.hi) / 2.0);
        // both approximate (not points) and centred within 3% of each other
        !a.is_point() && !b.is_point() && (ca - cb).abs() <= 0.03 * ca.max(cb)
    } else {
        a.lo == b.lo && a.hi == b.hi
    }
}

fn quantity_matches(a: &QuantityClaim, b: &QuantityClaim, only_pair: bool) -> bool {
    if a.q.unit != b.q.unit {
        return false;
    }
    if a.q.unit == Unit::Age {
        return a.q.head.is_some() && a.q.head == b.q.head || only_pair;
    }
    match (a.event, b.event) {
        (Some(x), Some(y)) if x != y => return false,
        (Some(_), Some(_)) => return heads_compatible(a.q, b.q),
        // "seven people were killed" and "over 50 people were taken to
        // hospital": counts of people are facts only with their event;
        // "fourteen wagons" came off the tracks or derailed all the same
        (Some(_), None) | (None, Some(_)) => {
            return a.q.head.is_some()
                && a.q.head == b.q.head
                && !a.q.head.as_deref().is_some_and(|h| PEOPLE.contains(&h));
        }
        _ => {}
    }
    (a.q.head.is_some() && a.q.head == b.q.head) || (only_pair && heads_compatible(a.q, b.q))
}

/// What may stand between a place and the region containing it.
static CONTAINED_IN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\s*(?:,|,?\s*in(?:\s+(?:the|neighbouring|neighboring|northern|southern|eastern|western|central))?)\s*$").unwrap()
});

/// A capitalised name right before "…, REGION" or "… in REGION" at the end
/// of a text: a place the model did not label (datelines: "BRANTMOOR, Calder Province").
static CHILD_BEFORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(\p{Lu}[\p{L}'’-]+(?:[- ]\p{Lu}[\p{L}'’-]+){0,2})(?:,|,?\s+in(?:\s+(?:the|neighbouring|neighboring|northern|southern|eastern|western|central))?)\s*$").unwrap()
});

/// True when a sentence states a plan or target rather than a fact.
fn planned(body: &str, sentence: Span) -> bool {
    static PLAN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(?-u:\b)(?:will|would|expected|plans?|planned|target(?:ed)?|goal|aims?|needed|proposed|could|may)(?-u:\b)").unwrap()
    });
    PLAN.is_match(&body[sentence.start..sentence.end])
}

/// Events whose counts are compared across a whole story.
const TOLLS: &[&str] = &[
    "dead",
    "injured",
    "missing",
    "displaced",
    "arrested",
    "rescued",
];

/// Nouns for people: counts of them are comparable across wordings
/// ("12 people were killed" / "nine passengers died").
const PEOPLE: &[&str] = &[
    "people",
    "person",
    "passenger",
    "resident",
    "worker",
    "civilian",
    "victim",
    "man",
    "men",
    "woman",
    "women",
    "child",
    "children",
    "student",
    "pupil",
    "patient",
    "miner",
    "individual",
    "adult",
    "casualty",
    "casualtie",
    "local",
    "villager",
    "inhabitant",
    "employee",
    "staff",
    "member",
    "citizen",
];

fn heads_compatible(a: &Quantity, b: &Quantity) -> bool {
    match (&a.head, &b.head) {
        (Some(x), Some(y)) => {
            x == y || (PEOPLE.contains(&x.as_str()) && PEOPLE.contains(&y.as_str()))
        }
        _ => true,
    }
}

/// A pairwise finding before merging: kind, severity, what it is about, claims.
type Finding = (ClaimKind, Severity, String, Vec<usize>);

/// Finds the claims, quotes and discrepancies of one story.
pub fn story_claims(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    idf: &Idf,
) -> StoryClaims {
    let mut claims: Vec<Claim> = Vec::new();
    let mut by_article: HashMap<usize, Vec<usize>> = HashMap::new();
    for &a in members {
        for c in article_claims(a, articles[a], analyses[a]) {
            by_article.entry(a).or_default().push(claims.len());
            claims.push(c);
        }
    }
    let mut found: Vec<Finding> = Vec::new();
    let mut aligned: HashMap<usize, BTreeSet<usize>> = HashMap::new(); // article → sentences with a counterpart
    // quantity lookup: (article, sentence) → quantity claims
    let quantity_claims = |a: usize| -> Vec<QuantityClaim> {
        let an = analyses[a];
        let ids = by_article.get(&a).cloned().unwrap_or_default();
        let mut qi = 0;
        let mut out = Vec::new();
        let body = &articles[a].body;
        for id in ids {
            if claims[id].kind != ClaimKind::Number {
                continue;
            }
            let (si, q) = &an.quantities[qi];
            qi += 1;
            let s = an.sentences[*si].span;
            let event = event_of(body, s, q.span);
            let clause = clause_of(body, s, q.span);
            // an earlier figure of the same event and of the same kind of
            // thing ("five patients … four men") makes this one a breakdown;
            // a magnitude or a distance does not
            let earlier_same_event = out.iter().any(|o: &QuantityClaim| {
                claims[o.claim].sentence == *si
                    && o.event.is_some()
                    && o.event == event
                    && o.q.head.is_some()
                    && q.head.is_some()
                    && heads_compatible(o.q, q)
            });
            out.push(QuantityClaim {
                claim: id,
                q,
                event,
                primary: !earlier_same_event
                    && !PART_OF.is_match(&body[q.span.end..])
                    && !SUBCOUNT.is_match(&body[clause.start..clause.end]),
                background: background_sentence(&body[s.start..s.end], articles[a].published),
            });
        }
        out
    };
    let quantities: HashMap<usize, Vec<QuantityClaim>> =
        members.iter().map(|&a| (a, quantity_claims(a))).collect();

    let alignments = story_alignments(members, articles, analyses, idf);
    for (a, b, al) in &alignments {
        let (a, b) = (*a, *b);
        {
            for p in &al.pairs {
                aligned.entry(a).or_default().insert(p.left);
                aligned.entry(b).or_default().insert(p.right);
                // numbers in the two sentences
                let qa: Vec<&QuantityClaim> = quantities[&a]
                    .iter()
                    .filter(|q| claims[q.claim].sentence == p.left)
                    .collect();
                let qb: Vec<&QuantityClaim> = quantities[&b]
                    .iter()
                    .filter(|q| claims[q.claim].sentence == p.right)
                    .collect();
                let only_pair = qa.len() == 1 && qb.len() == 1;
                for x in &qa {
                    for y in &qb {
                        // breakdowns and parts are not the sentence's figure
                        if !only_pair && (!x.primary || !y.primary) {
                            continue;
                        }
                        if quantity_matches(
                            x,
                            y,
                            only_pair && p.kind == super::align::PairKind::Same,
                        ) && let Some(sev) = compare_numbers(x.q, y.q)
                        {
                            found.push((
                                ClaimKind::Number,
                                sev,
                                claims[x.claim].what.clone(),
                                vec![x.claim, y.claim],
                            ));
                        }
                    }
                }
                // dates in the two sentences
                let da: Vec<usize> = claim_ids(&claims, &by_article, a, ClaimKind::Date, p.left);
                let db: Vec<usize> = claim_ids(&claims, &by_article, b, ClaimKind::Date, p.right);
                if da.len() == 1 && db.len() == 1 {
                    let va = date_value(analyses[a], claims[da[0]].span);
                    let vb = date_value(analyses[b], claims[db[0]].span);
                    if let (Some(va), Some(vb)) = (va, vb) {
                        match va.compatible(vb) {
                            // dates of sentences that only overlap in part may
                            // be of different events
                            Some(false) if p.kind == super::align::PairKind::Same => found.push((
                                ClaimKind::Date,
                                Severity::Conflict,
                                claims[da[0]].what.clone(),
                                vec![da[0], db[0]],
                            )),
                            Some(true)
                                if va.width() != vb.width()
                                    && p.kind == super::align::PairKind::Same =>
                            {
                                found.push((
                                    ClaimKind::Date,
                                    Severity::Differs,
                                    claims[da[0]].what.clone(),
                                    vec![da[0], db[0]],
                                ))
                            }
                            _ => {}
                        }
                    }
                }
                // places and people named differently in the same fact
                for kind in [ClaimKind::Place, ClaimKind::Person] {
                    let na = claim_ids(&claims, &by_article, a, kind, p.left);
                    let nb = claim_ids(&claims, &by_article, b, kind, p.right);
                    for &x in &na {
                        for &y in &nb {
                            let (kx, ky) = (&claims[x].what, &claims[y].what);
                            if kx != ky && possible_variant(kx, ky) {
                                found.push((
                                    kind,
                                    Severity::PossibleVariant,
                                    format!("{} / {}", claims[x].value, claims[y].value),
                                    vec![x, y],
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    // story-wide: numbers about the same event and the same (or a human)
    // noun, and dates of the same event, wherever they are stated
    for (k, &a) in members.iter().enumerate() {
        for &b in &members[k + 1..] {
            for x in &quantities[&a] {
                for y in &quantities[&b] {
                    if x.q.unit != y.q.unit {
                        continue;
                    }
                    // Outside aligned sentences only headline figures of the
                    // article's own event are compared: not breakdowns, not
                    // parts, not figures recalled from earlier events.
                    if x.q.unit != Unit::Age
                        && (!x.primary || !y.primary || x.background || y.background)
                    {
                        continue;
                    }
                    // Outside aligned sentences only tolls and ages are compared:
                    // other counts of one noun ("2,000 beds" planned,
                    // "600 beds" opened) are too often different facts.
                    let toll = x.event.is_some_and(|e| TOLLS.contains(&e))
                        && x.event == y.event
                        && heads_compatible(x.q, y.q);
                    // (a "42-year-old man" and a "73-year-old man" are two men:
                    // story-wide, only ages of a named role are compared)
                    const ANYONE: &[&str] = &[
                        "man",
                        "woman",
                        "boy",
                        "girl",
                        "person",
                        "child",
                        "people",
                        "men",
                        "women",
                        "resident",
                        "victim",
                        "passenger",
                    ];
                    let age = x.q.unit == Unit::Age
                        && x.q.head.is_some()
                        && x.q.head == y.q.head
                        && !x.q.head.as_deref().is_some_and(|h| ANYONE.contains(&h));
                    // the same event and the same counted noun, both stated as facts
                    let same = x.event.is_some()
                        && x.event == y.event
                        && x.q.head.is_some()
                        && x.q.head == y.q.head
                        && !planned(
                            &articles[a].body,
                            analyses[a].sentences[claims[x.claim].sentence].span,
                        )
                        && !planned(
                            &articles[b].body,
                            analyses[b].sentences[claims[y.claim].sentence].span,
                        );
                    if !(toll || age || same) {
                        continue;
                    }
                    if found
                        .iter()
                        .any(|f| f.3.contains(&x.claim) && f.3.contains(&y.claim))
                    {
                        continue;
                    }
                    if let Some(sev) = compare_numbers(x.q, y.q) {
                        found.push((
                            ClaimKind::Number,
                            sev,
                            claims[x.claim].what.clone(),
                            vec![x.claim, y.claim],
                        ));
                    }
                }
            }
            let dates = |art: usize| -> Vec<usize> {
                by_article
                    .get(&art)
                    .map(|v| {
                        v.iter()
                            .copied()
                            .filter(|&i| {
                                claims[i].kind == ClaimKind::Date && claims[i].what != "date"
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            for x in dates(a) {
                for y in dates(b) {
                    if claims[x].what != claims[y].what
                        || found.iter().any(|f| f.3.contains(&x) && f.3.contains(&y))
                    {
                        continue;
                    }
                    // a date in a sentence about an earlier event is that
                    // event's ("the first since 1959, when two died")
                    let bg = |art: usize, c: usize| {
                        let s = analyses[art].sentences[claims[c].sentence].span;
                        let clause = clause_of(&articles[art].body, s, claims[c].span);
                        recalls_earlier_event(&articles[art].body[clause.start..clause.end])
                    };
                    if bg(a, x) || bg(b, y) {
                        continue;
                    }
                    let (Some(va), Some(vb)) = (
                        date_value(analyses[a], claims[x].span),
                        date_value(analyses[b], claims[y].span),
                    ) else {
                        continue;
                    };
                    if va.compatible(vb) == Some(false) {
                        found.push((
                            ClaimKind::Date,
                            Severity::Conflict,
                            claims[x].what.clone(),
                            vec![x, y],
                        ));
                    }
                }
            }
        }
    }

    // place containment: "Brantmoor, Calder Province" vs "Brantmoor in Eastmere Province"
    let mut parents: HashMap<String, Vec<(String, usize, usize)>> = HashMap::new(); // child → (parent key, child claim, parent claim)
    for &a in members {
        let ids = by_article.get(&a).cloned().unwrap_or_default();
        let places: Vec<usize> = ids
            .into_iter()
            .filter(|&i| claims[i].kind == ClaimKind::Place)
            .collect();
        for &pi in &places {
            let (sentence, parent_span, parent_key) = (
                claims[pi].sentence,
                claims[pi].span,
                claims[pi].what.clone(),
            );
            let s_start = analyses[a].sentences[sentence].span.start;
            let before = &articles[a].body[s_start..parent_span.start];
            // the child: a place claim just before, or a capitalised name the model missed
            let child = places
                .iter()
                .copied()
                .filter(|&ci| {
                    claims[ci].sentence == sentence && claims[ci].span.end <= parent_span.start
                })
                .max_by_key(|&ci| claims[ci].span.end)
                .filter(|&ci| {
                    CONTAINED_IN.is_match(&articles[a].body[claims[ci].span.end..parent_span.start])
                });
            let child = match child {
                Some(ci) => Some(ci),
                None => CHILD_BEFORE.captures(before).and_then(|c| {
                    let m = c.get(1)?;
                    let span = Span::new(s_start + m.start(), s_start + m.end());
                    let name = m.as_str();
                    // not a sentence-initial common word
                    if crate::nlp::terms::STOPWORDS.contains(&fold(name).as_str()) {
                        return None;
                    }
                    let id = claims.len();
                    claims.push(Claim {
                        article: a,
                        sentence,
                        kind: ClaimKind::Place,
                        span,
                        what: name_key(name),
                        value: name.to_string(),
                    });
                    Some(id)
                }),
            };
            if let Some(ci) = child
                && claims[ci].what != parent_key
            {
                parents
                    .entry(claims[ci].what.clone())
                    .or_default()
                    .push((parent_key, ci, pi));
            }
        }
    }
    let contains = |p: &str, c: &str, parents: &HashMap<String, Vec<(String, usize, usize)>>| {
        parents
            .get(c)
            .is_some_and(|v| v.iter().any(|(q, _, _)| q == p))
    };
    for (child, ps) in &parents {
        for (i, (p1, c1, pc1)) in ps.iter().enumerate() {
            for (p2, c2, pc2) in &ps[i + 1..] {
                let (a1, a2) = (claims[*c1].article, claims[*c2].article);
                if a1 == a2
                    || p1 == p2
                    || contains(p1, p2, &parents)
                    || contains(p2, p1, &parents)
                    || nested_places(p1, p2)
                {
                    continue;
                }
                let sev = if possible_variant(p1, p2) {
                    Severity::PossibleVariant
                } else {
                    Severity::Conflict
                };
                found.push((
                    ClaimKind::Place,
                    sev,
                    format!("where {} is", claims[*c1].value),
                    vec![*c1, *pc1, *c2, *pc2],
                ));
                let _ = child;
            }
        }
    }

    // quotes
    let (quote_groups, quote_found) =
        match_quotes(members, articles, analyses, &mut claims, &mut by_article);
    found.extend(quote_found);

    // unique facts: numbers and dates in sentences no other outlet matched
    if members.len() > 1 {
        for &a in members {
            let matched = aligned.get(&a).cloned().unwrap_or_default();
            for &id in by_article.get(&a).map(|v| v.as_slice()).unwrap_or(&[]) {
                let c = &claims[id];
                if matches!(c.kind, ClaimKind::Number)
                    && !matched.contains(&c.sentence)
                    && !found.iter().any(|f| f.3.contains(&id))
                {
                    found.push((c.kind, Severity::Unique, c.what.clone(), vec![id]));
                }
            }
        }
    }

    let discrepancies = merge(found, &claims, articles);
    StoryClaims {
        claims,
        quotes: quote_groups,
        discrepancies,
        alignments,
    }
}

fn claim_ids(
    claims: &[Claim],
    by_article: &HashMap<usize, Vec<usize>>,
    a: usize,
    kind: ClaimKind,
    sentence: usize,
) -> Vec<usize> {
    by_article
        .get(&a)
        .map(|v| {
            v.iter()
                .copied()
                .filter(|&i| claims[i].kind == kind && claims[i].sentence == sentence)
                .collect()
        })
        .unwrap_or_default()
}

fn date_value(an: &Analysis, span: Span) -> Option<&DateValue> {
    an.dates
        .iter()
        .find(|(_, s, _)| *s == span)
        .map(|(_, _, v)| v)
}

/// Folded words of a quote, for matching.
fn quote_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Groups quotes across the story's articles by their words; flags
/// rewordings and different speakers.
fn match_quotes(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    claims: &mut Vec<Claim>,
    by_article: &mut HashMap<usize, Vec<usize>>,
) -> (Vec<QuoteGroup>, Vec<Finding>) {
    // one claim per quote
    let mut items: Vec<(usize, usize, usize, Vec<String>)> = Vec::new(); // (article, quote idx, claim id, words)
    for &a in members {
        let an = analyses[a];
        for (qi, q) in an.quotes.iter().enumerate() {
            let sentence = an
                .sentences
                .iter()
                .position(|s| s.span.overlaps(q.span))
                .unwrap_or(0);
            let id = claims.len();
            claims.push(Claim {
                article: a,
                sentence,
                kind: ClaimKind::Quote,
                span: q.span,
                what: q
                    .speaker
                    .as_ref()
                    .map(|s| s.key.clone())
                    .unwrap_or_default(),
                value: q
                    .speaker
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| "unattributed".into()),
            });
            by_article.entry(a).or_default().push(id);
            items.push((a, qi, id, quote_words(articles[a].text(q.span))));
        }
    }
    // union quotes that share most of their words (containment)
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let outlets: Vec<String> = members
        .iter()
        .filter_map(|&m| articles[m].outlet.as_deref().map(name_key))
        .collect();
    let mut found = Vec::new();
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if items[i].0 == items[j].0 {
                continue;
            }
            let (wa, wb) = (&items[i].3, &items[j].3);
            let sa: BTreeSet<&String> = wa.iter().collect();
            let sb: BTreeSet<&String> = wb.iter().collect();
            let shared = sa.intersection(&sb).count();
            let contain = shared as f32 / sa.len().min(sb.len()).max(1) as f32;
            if shared < 5 || contain < 0.7 {
                continue;
            }
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            parent[ri] = rj;
            let (qa, qb) = (
                &analyses[items[i].0].quotes[items[i].1],
                &analyses[items[j].0].quotes[items[j].1],
            );
            // attribution
            if let (Some(x), Some(y)) = (&qa.speaker, &qb.speaker)
                && x.key != y.key
                && !x.key.ends_with(&y.key)
                && !y.key.ends_with(&x.key)
                // both named right at the quote (a pronoun resolved to the
                // nearest name is too weak to accuse), and one quote indeed
                && x.how == crate::nlp::quotes::Attribution::Named
                && y.how == crate::nlp::quotes::Attribution::Named
                && shared >= 8
                && contain >= 0.9
                && speaker_is_person(analyses[items[i].0], &x.key, &outlets)
                && speaker_is_person(analyses[items[j].0], &y.key, &outlets)
            {
                let surname = |k: &str| k.rsplit(' ').next().unwrap_or(k).to_string();
                let variant = possible_variant(&x.key, &y.key)
                    || possible_variant(&surname(&x.key), &surname(&y.key));
                let sev = if variant {
                    Severity::PossibleVariant
                } else {
                    Severity::Conflict
                };
                found.push((
                    ClaimKind::Attribution,
                    sev,
                    format!("speaker: {} / {}", x.name, y.name),
                    vec![items[i].2, items[j].2],
                ));
            }
            // wording: the shorter must appear in the longer, word for word
            let (short, long) = if wa.len() <= wb.len() {
                (wa, wb)
            } else {
                (wb, wa)
            };
            let verbatim = long.windows(short.len()).any(|w| w == short.as_slice());
            if !verbatim {
                found.push((
                    ClaimKind::Quote,
                    Severity::Differs,
                    "quote worded differently".into(),
                    vec![items[i].2, items[j].2],
                ));
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..items.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<QuoteGroup> = groups
        .into_values()
        .map(|g| {
            let longest = *g
                .iter()
                .max_by_key(|&&i| items[i].3.len())
                .expect("non-empty group");
            let (a, qi) = (items[longest].0, items[longest].1);
            let speaker = g.iter().find_map(|&i| {
                analyses[items[i].0].quotes[items[i].1]
                    .speaker
                    .as_ref()
                    .map(|s| s.name.clone())
            });
            let mut carriers: Vec<(usize, usize)> =
                g.iter().map(|&i| (items[i].0, items[i].1)).collect();
            carriers.sort();
            QuoteGroup {
                speaker,
                text: articles[a].text(analyses[a].quotes[qi].span).to_string(),
                carriers,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.carriers
            .len()
            .cmp(&a.carriers.len())
            .then(a.carriers.cmp(&b.carriers))
    });
    (out, found)
}

/// Merges pairwise findings about the same claims into one discrepancy per
/// fact, listing every outlet's value, worst severity first.
fn merge(found: Vec<Finding>, claims: &[Claim], articles: &[&Article]) -> Vec<Discrepancy> {
    let mut groups: Vec<(ClaimKind, Severity, String, BTreeSet<usize>)> = Vec::new();
    for (kind, sev, what, ids) in found {
        let hit = groups
            .iter_mut()
            .find(|g| g.0 == kind && g.2 == what && ids.iter().any(|i| g.3.contains(i)));
        match hit {
            Some(g) => {
                g.1 = g.1.min(sev);
                g.3.extend(ids);
            }
            None => groups.push((kind, sev, what, ids.into_iter().collect())),
        }
    }
    let mut out: Vec<Discrepancy> = groups
        .into_iter()
        .map(|(kind, severity, what, ids)| {
            let ids: Vec<usize> = ids.into_iter().collect();
            let values: Vec<String> = ids
                .iter()
                .map(|&i| {
                    let c = &claims[i];
                    let outlet = articles[c.article]
                        .outlet
                        .clone()
                        .unwrap_or_else(|| articles[c.article].id.clone());
                    let shown = if matches!(kind, ClaimKind::Quote | ClaimKind::Attribution) {
                        c.value.clone()
                    } else {
                        format!("{} ({})", articles[c.article].text(c.span), c.value)
                    };
                    format!("{shown} — {outlet}")
                })
                .collect();
            let summary = match severity {
                Severity::Unique => format!("only one outlet: {what}: {}", values.join("; ")),
                _ => format!("{what}: {}", values.join(" vs ")),
            };
            Discrepancy {
                kind,
                severity,
                summary,
                claims: ids,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.claims.cmp(&b.claims))
    });
    out
}

/// The word diff of two quotes, for display.
pub fn quote_diff(
    left: &Article,
    l: Span,
    right: &Article,
    r: Span,
) -> Vec<(DiffKind, String, String)> {
    word_diff(&left.body, l, &right.body, r)
        .into_iter()
        .map(|c| {
            (
                c.kind,
                left.text(c.left).to_string(),
                right.text(c.right).to_string(),
            )
        })
        .collect()
}

/// The key fold used for names in claims (exposed for tests).
pub fn claim_key(text: &str) -> String {
    name_key(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_keep_events_apart() {
        let body = "At least seven people were killed and more than 50 taken to hospital.";
        let s = Span::new(0, body.len());
        let seven = Span::new(9, 14);
        let fifty = Span::new(body.find("50").unwrap(), body.find("50").unwrap() + 2);
        assert_eq!(event_of(body, s, seven), Some("dead"));
        assert_eq!(event_of(body, s, fifty), Some("injured"));
        let body = "Kipway, which launched in 2019 and runs in 38 cities, said so last month.";
        let at = body.find("2019").unwrap();
        let c = clause_of(body, Span::new(0, body.len()), Span::new(at, at + 4));
        assert!(!recalls_earlier_event(&body[c.start..c.end]));
        assert!(recalls_earlier_event(
            "the first such crash since 1959, when two died"
        ));
    }

    #[test]
    fn background_and_nested_places() {
        let d = jiff::civil::date(2016, 11, 9);
        assert!(background_sentence(
            "In 2004, seven people were killed in a rail crash.",
            Some(d)
        ));
        assert!(background_sentence(
            "Strikes last week killed 30 civilians.",
            Some(d)
        ));
        assert!(!background_sentence(
            "Seven people were killed in 2016's worst crash.",
            Some(d)
        ));
        assert!(nested_places("south london", "london"));
        assert!(nested_places("kunduz province", "kunduz"));
        assert!(!nested_places("london", "croydon"));
        assert!(!possible_variant("kunduz", "kunduz province"));
        assert!(possible_variant("sanford", "sandford on thames"));
    }

    #[test]
    fn variants() {
        assert!(possible_variant("marnin", "marny lesage"));
        assert!(possible_variant("sanford", "sandford on thames"));
        assert!(possible_variant("okafor", "okafur"));
        assert!(!possible_variant("peru", "chile"));
        assert!(!possible_variant("pont royal", "port louis"));
        assert!(!possible_variant("john", "johnson city"));
    }

    #[test]
    fn number_comparisons() {
        use crate::nlp::numbers::find_quantities;
        let q = |t: &str| find_quantities(t, Span::new(0, t.len())).remove(0);
        assert_eq!(
            compare_numbers(&q("at least 12 people"), &q("9 people")),
            Some(Severity::Conflict)
        );
        assert_eq!(
            compare_numbers(&q("about 30 injured"), &q("31 injured")),
            Some(Severity::Differs)
        );
        assert_eq!(
            compare_numbers(
                &q("over 2 million people"),
                &q("more than two million people")
            ),
            None
        );
        assert_eq!(
            compare_numbers(&q("nearly 900 troops"), &q("about 880 troops")),
            None
        );
        assert_eq!(compare_numbers(&q("12 people"), &q("12 people")), None);
    }
}
