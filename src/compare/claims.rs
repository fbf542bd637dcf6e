//! Claims and the facts outlets state, compared outlet against outlet.
//!
//! A claim is a value stated in a reporting sentence: a count, an age, a
//! date, a clock time, a place (each with its frame: see
//! [`crate::nlp::frames`]), a quote with its speaker, a person's name. The
//! evidence is always the sentence.
//!
//! Claims are compared only when they state the same fact: the same kind
//! of value, the same event class (killed / died / dead are one; injured /
//! wounded / hurt another), the same role (the dead, not the gunmen), the
//! same counted thing and the same part of it (a total with a total, "two
//! of the five" with nothing but itself), the same holder (whose age, what
//! was launched). Values negated, hedged by a modal or about another event
//! are not compared. Each fact takes one main claim per article (and the
//! other ways the same article gives it, shown as differing only), and
//! every pair of articles is related on its own:
//! * **conflict**: incompatible values (intervals that do not overlap,
//!   disjoint dates, clock times apart, a place put in two regions, one
//!   quote credited to two named people);
//! * **updated**: a toll that a later report (or one saying "rose to")
//!   gives higher;
//! * **differs**: compatible, not the same (another precision, a reworded
//!   quote, a place named differently);
//! * **possible variant**: names that look like spellings of one name;
//! * **agree**.
//!
//! Two articles of one outlet are versions: their pairs say what changed,
//! never a disagreement. Copies of one wire report count as one source.

use super::align::{PairKind, story_alignments};
use super::diff::{DiffKind, word_diff};
use super::idf::Idf;
use crate::corpus::{Article, Span};
use crate::nlp::Analysis;
use crate::nlp::dates::DateValue;
use crate::nlp::entities::Group;
use crate::nlp::fold::{fold, name_key};
use crate::nlp::frames::Frame;
use crate::nlp::numbers::{Interval, Quantity, Unit};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a claim states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    Number,
    Date,
    Time,
    Place,
    /// The vehicle of an attack ("car", "truck").
    Vehicle,
    /// The weapon of an attack ("rifle", "knife").
    Weapon,
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
    /// Index into the article's frames, when the claim comes from one.
    #[serde(skip)]
    pub frame: Option<usize>,
}

/// How two reports of one fact relate, and how serious a fact's
/// disagreement is (worst first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Incompatible values for the same fact at the same time.
    Conflict,
    /// Different values because one report is later and the figure moved
    /// (a toll that grew), or a report says it changed ("rose to").
    Update,
    /// Compatible, but not the same: another precision or hedge, a reworded
    /// quote, a place named differently.
    Differs,
    /// Names that look like spellings of one name.
    PossibleVariant,
    /// Only one outlet states it.
    Unique,
    /// Every outlet that states it says the same.
    Agree,
}

impl Severity {
    /// How the editor reads it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Conflict => "conflict",
            Severity::Update => "updated",
            Severity::Differs => "differs",
            Severity::PossibleVariant => "possible variant",
            Severity::Unique => "only one outlet",
            Severity::Agree => "agree",
        }
    }
}

/// How the values of two claims of one fact relate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimPair {
    /// Indexes into the story's claims.
    pub a: usize,
    pub b: usize,
    pub relation: Severity,
    /// The two articles are versions of one outlet's report: what changed
    /// between them, never a disagreement between outlets.
    pub versions: bool,
}

/// What a fact is about, from the frames of its claims.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FactFrame {
    /// The event class ("dead", "injured", "incident") or predicate lemma.
    pub event: Option<String>,
    pub role: Option<crate::nlp::frames::Role>,
    pub counted: Option<String>,
    pub subset: Option<String>,
    pub holder: Option<String>,
}

/// One fact of a story: each outlet's value, how they relate pair by pair,
/// and how serious the worst disagreement is. A claim belongs to one fact
/// at most; facts are never merged transitively.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Discrepancy {
    pub kind: ClaimKind,
    pub severity: Severity,
    /// What the fact is ("people dead", "date of the incident").
    pub subject: String,
    pub summary: String,
    /// Indexes into the story's claims: the value each article gives, then
    /// any other way the same article gives it (a vaguer or hedged figure,
    /// a second date it cannot also mean).
    pub claims: Vec<usize>,
    /// Every pair of claims from different articles, with its relation.
    pub pairs: Vec<ClaimPair>,
    pub frame: Option<FactFrame>,
    /// Independent sources among the articles stating it (wire copies and
    /// versions of one outlet count once).
    pub sources: usize,
}

/// A quote as carried by one or more outlets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteGroup {
    pub speaker: Option<String>,
    /// The fullest wording.
    pub text: String,
    /// (article, quote index in its analysis) for each outlet carrying it.
    pub carriers: Vec<(usize, usize)>,
    /// Where the first carrier's quote is in its article (what a verdict on
    /// the quote is keyed by; read without that article's analysis).
    #[serde(skip)]
    pub first_span: Span,
}

/// Claims, quotes and facts of one story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryClaims {
    pub claims: Vec<Claim>,
    pub quotes: Vec<QuoteGroup>,
    /// Facts the outlets disagree on, or that only one states (worst first).
    pub discrepancies: Vec<Discrepancy>,
    /// Facts every outlet that states them agrees on.
    pub agreed: Vec<Discrepancy>,
    /// The alignments of every pair of the story's articles (article
    /// indexes, the first before the second in the story), kept for the
    /// coverage matrix and the report.
    pub alignments: Vec<(usize, usize, super::align::Alignment)>,
    /// Source group of each article of the story (article → group): copies
    /// of one wire report and versions of one outlet share a group.
    pub source_of: HashMap<usize, usize>,
    /// Follow-up reports compared with the story (see [`story_claims_with`]).
    pub followups: Vec<usize>,
}

impl StoryClaims {
    /// Keeps only the claims a fact lists (in its discrepancies and agreed
    /// facts), renumbered: what the dashboard holds for a story it is not
    /// showing. A story's other claims (every name, place and figure of
    /// every report: most of them) are what `claims --json` lists; no view
    /// reads them.
    pub fn compact(&mut self) {
        let mut used = vec![false; self.claims.len()];
        for d in self.discrepancies.iter().chain(&self.agreed) {
            for &c in d
                .claims
                .iter()
                .chain(d.pairs.iter().flat_map(|p| [&p.a, &p.b]))
            {
                if let Some(u) = used.get_mut(c) {
                    *u = true;
                }
            }
        }
        let mut new_index = vec![usize::MAX; self.claims.len()];
        let mut kept = Vec::with_capacity(used.iter().filter(|&&u| u).count());
        for (i, c) in std::mem::take(&mut self.claims).into_iter().enumerate() {
            if used[i] {
                new_index[i] = kept.len();
                kept.push(c);
            }
        }
        self.claims = kept;
        for d in self.discrepancies.iter_mut().chain(&mut self.agreed) {
            for c in &mut d.claims {
                *c = new_index[*c];
            }
            for p in &mut d.pairs {
                p.a = new_index[p.a];
                p.b = new_index[p.b];
            }
        }
    }
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
    // "Paul Ryan" and "Paul D. Ryan" name one man
    if without_initials(a) == without_initials(b) {
        return false;
    }
    let (fa, fb) = (
        a.split(' ').next().unwrap_or(a),
        b.split(' ').next().unwrap_or(b),
    );
    // "Hillary" is "Hillary Clinton" called by her first name (but
    // "Sandford" may be short for "Sandford-on-Thames", or another town)
    if fa == fb && a.contains(' ') != b.contains(' ') && !shortened_place(a, b) {
        return false;
    }
    if plural_or_possessive(a, b) {
        return false;
    }
    // "Phil Seary" is "Philip Seary" by the short form of his first name
    if short_first_name(a, b) {
        return false;
    }
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
    let (la, lb) = (fa.chars().count(), fb.chars().count());
    let shorter = la.min(lb);
    // (a whole word that begins another is a different name: "John",
    // "Johnson"; so is one longer by an ending of its own: "Felipinho", the
    // son, is no spelling of "Felipe")
    common >= 4 && common < shorter && common * 4 >= shorter * 3 && la.abs_diff(lb) <= 2
}

/// Two full names with one surname whose first names are one the start of
/// the other ("Phil Seary" / "Philip Seary", "Chris Mayo" / "Christopher
/// Mayo"): a short form, not another spelling.
fn short_first_name(a: &str, b: &str) -> bool {
    let (Some((fa, sa)), Some((fb, sb))) = (a.split_once(' '), b.split_once(' ')) else {
        return false;
    };
    let (short, long) = if fa.len() <= fb.len() {
        (fa, fb)
    } else {
        (fb, fa)
    };
    sa == sb && short.chars().count() >= 3 && short != long && long.starts_with(short)
}

/// Two names in order, the key of a pair of spellings.
fn sorted_pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// A name without its initials: "Paul D. Ryan" is "Paul Ryan".
fn without_initials(name: &str) -> String {
    name.split(' ')
        .filter(|w| w.trim_end_matches('.').chars().count() > 1)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One one-word name is the other with a plural or possessive ending:
/// "the Trumps" are the Trump family, "Obama's" is Obama; neither is a
/// spelling. (In a longer name the ending is a misnaming: "Trump Towers".)
fn plural_or_possessive(a: &str, b: &str) -> bool {
    let ending = |x: &str, y: &str| {
        !x.contains(' ')
            && x.strip_prefix(y)
                .is_some_and(|rest| matches!(rest, "s" | "es" | "'s" | "\u{2019}s"))
    };
    ending(a, b) || ending(b, a)
}

/// True when a one-word name is the surname of a fuller name its article
/// uses ("Trump" where the article names "Donald Trump") that is not the
/// other name: the one word is that person, not another spelling of the
/// other ("Trump" and "Truman Balcony").
fn short_for_a_full_name(analysis: &Analysis, key: &str, other: &str) -> bool {
    !key.contains(' ')
        && analysis.entities.canonical.iter().any(|c| {
            c.key != other
                && c.key
                    .strip_suffix(key)
                    .is_some_and(|head| head.ends_with(' '))
        })
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

/// Buildings and sites: "the Embassy in Cairo" says which embassy, not
/// where a place lies.
const FACILITIES: &[&str] = &[
    "embassy",
    "embassies",
    "consulate",
    "hospital",
    "school",
    "college",
    "airport",
    "station",
    "church",
    "mosque",
    "cathedral",
    "temple",
    "synagogue",
    "hotel",
    "headquarters",
    "prison",
    "jail",
    "stadium",
    "park",
    "bank",
    "museum",
    "centre",
    "center",
    "mall",
    "store",
    "restaurant",
    "factory",
    "plant",
    "base",
    "camp",
    "port",
    "bridge",
    "tower",
    "building",
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

/// The US states news style abbreviates (AP style, with the postal code),
/// by full name: "Mo." and "MO" are Missouri, "R.I." Rhode Island.
const US_STATES: &[(&str, &[&str])] = &[
    ("alabama", &["ala", "al"]),
    ("arizona", &["ariz", "az"]),
    ("arkansas", &["ark", "ar"]),
    ("california", &["calif", "cal", "ca"]),
    ("colorado", &["colo", "co"]),
    ("connecticut", &["conn", "ct"]),
    ("delaware", &["del", "de"]),
    ("florida", &["fla", "fl"]),
    ("georgia", &["ga"]),
    ("illinois", &["ill", "il"]),
    ("indiana", &["ind"]),
    ("kansas", &["kan", "kans", "ks"]),
    ("kentucky", &["ky"]),
    ("louisiana", &["la"]),
    ("maryland", &["md"]),
    ("massachusetts", &["mass", "ma"]),
    ("michigan", &["mich", "mi"]),
    ("minnesota", &["minn", "mn"]),
    ("mississippi", &["miss", "ms"]),
    ("missouri", &["mo"]),
    ("montana", &["mont", "mt"]),
    ("nebraska", &["neb", "nebr", "ne"]),
    ("nevada", &["nev", "nv"]),
    ("new hampshire", &["nh"]),
    ("new jersey", &["nj"]),
    ("new mexico", &["nm"]),
    ("new york", &["ny"]),
    ("north carolina", &["nc"]),
    ("north dakota", &["nd"]),
    ("oklahoma", &["okla", "ok"]),
    ("oregon", &["ore", "oreg"]),
    ("pennsylvania", &["pa", "penn"]),
    ("rhode island", &["ri"]),
    ("south carolina", &["sc"]),
    ("south dakota", &["sd"]),
    ("tennessee", &["tenn", "tn"]),
    ("texas", &["tex", "tx"]),
    ("vermont", &["vt"]),
    ("virginia", &["va"]),
    ("washington", &["wash", "wa"]),
    ("west virginia", &["wva", "wv"]),
    ("wisconsin", &["wis", "wisc", "wi"]),
    ("wyoming", &["wyo", "wy"]),
];

/// Whether two place names are one US state, one written in full and the
/// other abbreviated ("Missouri" / "Mo.", "Rhode Island" / "R.I.").
fn one_us_state(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (key(a), key(b));
    let state = |k: &str| {
        US_STATES
            .iter()
            .position(|(full, short)| *full == k || short.contains(&k))
    };
    a != b && state(&a).is_some() && state(&a) == state(&b)
}

fn strip_designators(key: &str) -> String {
    key.split(' ')
        .filter(|w| !DESIGNATORS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two measures that cannot be one size: their intervals in SI units are
/// apart, with room for rounding when one was converted from another unit
/// ("130-foot" is "40m", "1km (0.6 miles)").
fn measures_apart(x: (&Quantity, f64), y: (&Quantity, f64)) -> bool {
    let slack = if x.1 == y.1 { (1.0, 1.0) } else { (0.9, 1.1) };
    let si = |(q, k): (&Quantity, f64)| (q.interval.lo * k * slack.0, q.interval.hi * k * slack.1);
    let (a, b) = (si(x), si(y));
    a.1 < b.0 || b.1 < a.0
}

/// A frame's quantity with its factor to SI units ("40 metres" → 40, 1.0;
/// "130 feet" → 130, 0.3048).
fn measure_of<'a>(f: &Frame, an: &'a Analysis) -> Option<(&'a Quantity, f64)> {
    let q = &an.quantities.get(f.quantity?)?.1;
    Some((q, f.to_si))
}

/// The words of a text, folded, without punctuation ("Skelderby Deep,"
/// → ["skelderby", "deep"]).
fn folded_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when two figures are less than a factor of two apart (both above
/// zero): one count told two ways rather than counts of two sets.
fn within_factor_two(a: f64, b: f64) -> bool {
    a.min(b) > 0.0 && a.max(b) < 2.0 * a.min(b)
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

/// What may stand between a place and the region containing it.
static CONTAINED_IN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\s*(?:,|,?\s*in(?:\s+(?:the|neighbouring|neighboring|northern|southern|eastern|western|central))?)\s*$").unwrap()
});

/// A capitalised name right before "…, REGION" or "… in REGION" at the end
/// of a text: a place the model did not label (datelines: "BRANTMOOR, Calder Province").
static CHILD_BEFORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(\p{Lu}[\p{L}'’-]+(?:[- ]\p{Lu}[\p{L}'’-]+){0,2})(?:,|,?\s+in(?:\s+(?:the|neighbouring|neighboring|northern|southern|eastern|western|central))?)\s*$").unwrap()
});

/// Sentences the aligner paired, both ways: ((article, sentence),
/// (article, sentence)).
type PairedSentences = std::collections::HashSet<((usize, usize), (usize, usize))>;

/// A pairwise finding before facts are built: kind, severity, what it is
/// about, claims (used by quotes, names and place containment).
type Finding = (ClaimKind, Severity, String, Vec<usize>);

/// The relation of each pair of a finding's claims, (lower id, higher id),
/// where not every pair has the finding's severity.
type PairRelations = HashMap<(usize, usize), Severity>;

/// The identity of a fact: two claims are compared only when their keys
/// are equal (same kind of value, same event, same role, same counted
/// thing, same part of it, same holder).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct FactKey {
    kind: ClaimKind,
    event: String,
    role: Option<crate::nlp::frames::Role>,
    counted: Option<String>,
    subset: Option<String>,
    holder: Option<String>,
}

impl FactKey {
    /// A lead time's key: how long before or after an event ("how long
    /// before the election").
    fn is_lead(&self) -> bool {
        self.kind == ClaimKind::Time && crate::nlp::frames::is_lead_event(&self.event)
    }
}

/// The key of a frame's fact, or `None` when the frame states no
/// comparable fact (negated, hedged by a modal, about another event, an
/// agent count, a count with no event; ages, measures and shares need only
/// their holder).
fn fact_key(f: &Frame, q: Option<&Quantity>) -> Option<FactKey> {
    if f.superseded {
        return None;
    }
    key_as_stated(f, q)
}

/// [`fact_key`] of a value whether or not its report later corrects it
/// (what a superseded figure would be the fact of).
fn key_as_stated(f: &Frame, q: Option<&Quantity>) -> Option<FactKey> {
    use crate::nlp::frames::{Role, ValueKind, is_toll_class};
    // (a day set ahead is no hedge: "the transition will take place on
    // January 20", "will appear in court on Monday")
    let scheduled = matches!(f.kind, ValueKind::Date)
        && matches!(f.modality.as_deref(), Some("will" | "shall"));
    if f.negated || (f.modality.is_some() && !scheduled) {
        return None;
    }
    // an age is a person's whatever the clause says ("the six-year-old,
    // whose condition…"), a measure its holder's ("the 80m-deep well", "a
    // fire which now spans 8,400 acres"), a share or a sum its holder's
    // ("turnout was 61%", "on a turnout of 48%"); every other fact needs
    // the event it belongs to
    let share = f.kind == ValueKind::Count
        && f.holder.is_some()
        && q.is_some_and(|q| matches!(q.unit, Unit::Percent | Unit::Money(_)));
    if f.event.is_none() && !matches!(f.kind, ValueKind::Age | ValueKind::Measure) && !share {
        return None;
    }
    let event = f.event.clone().unwrap_or_default();
    let toll = is_toll_class(&event);
    match f.kind {
        ValueKind::Measure => {
            let q = q?;
            if q.delta || f.background {
                return None;
            }
            Some(FactKey {
                kind: ClaimKind::Number,
                event: format!("measure: {}", f.dimension?),
                role: None,
                counted: f.dimension.map(str::to_string),
                subset: None,
                holder: Some(f.holder.clone()?),
            })
        }
        ValueKind::Count => {
            let q = q?;
            if q.delta {
                return None;
            }
            // a share or a sum: of what ("turnout", "ransom"), in which unit
            if !matches!(q.unit, Unit::Count) {
                if f.background {
                    return None;
                }
                let unit = match &q.unit {
                    Unit::Percent => "percent".to_string(),
                    Unit::Money(c) => format!("money {c}"),
                    _ => return None,
                };
                return Some(FactKey {
                    kind: ClaimKind::Number,
                    event: unit.clone(),
                    role: None,
                    counted: Some(unit),
                    subset: f.subset.clone(),
                    holder: Some(f.holder.clone()?),
                });
            }
            // another event's toll is compared only with the same event,
            // known by the year its clause names ("the 1933 fire") or the
            // noun its clause describes ("air strikes last week in which
            // 30 were killed")
            let era = match (f.background, f.era, &f.other_event) {
                (false, _, _) => None,
                (true, Some(y), _) if toll => Some(format!("in {y}")),
                (true, None, Some(e)) if toll => Some(format!("in an earlier {e}")),
                _ => return None,
            };
            if toll && f.role != Role::Patient {
                return None;
            }
            // a count of a general predicate needs its counted noun, and a
            // predicate that says what happened: "800 officers are in the
            // country" and "one officer was [shot]" are not one fact
            if !toll
                && (f.counted.is_none()
                    || f.role == Role::Other
                    || matches!(event.as_str(), "be" | "have" | "become" | "remain"))
            {
                return None;
            }
            let counted = match &f.counted {
                None => Some("people".to_string()),
                Some(c) if toll && crate::nlp::frames::PEOPLE.contains(&c.as_str()) => {
                    Some("people".to_string())
                }
                Some(c) => Some(thing_class(c)),
            };
            Some(FactKey {
                kind: ClaimKind::Number,
                event,
                role: Some(f.role),
                counted,
                subset: f.subset.clone(),
                holder: era.or_else(|| maker(f).filter(|_| !toll)),
            })
        }
        ValueKind::Age => {
            let holder = f.holder.clone()?;
            // "a 42-year-old man" and "a 73-year-old man" are two men: only
            // named people and specific roles are one person across reports;
            // an unnamed one is compared only where each report has one
            // (see GENERIC_AGE)
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
                "one",
                "other",
                "year",
                "old",
                "year-old",
                "son",
                "daughter",
                "baby",
                "toddler",
                "teenager",
            ];
            let holder = if ANYONE.contains(&holder.as_str())
                || holder.ends_with("year-old")
                || holder.ends_with("-old")
            {
                GENERIC_AGE.to_string()
            } else {
                holder
            };
            Some(FactKey {
                kind: ClaimKind::Number,
                event: "age".into(),
                role: None,
                counted: None,
                subset: None,
                holder: Some(holder),
            })
        }
        // the vehicle of the attack: the story's (another attack's is not
        // compared)
        ValueKind::Vehicle | ValueKind::Weapon => (!f.background).then_some(FactKey {
            kind: if f.kind == ValueKind::Weapon {
                ClaimKind::Weapon
            } else {
                ClaimKind::Vehicle
            },
            event,
            role: None,
            counted: None,
            subset: None,
            holder: None,
        }),
        ValueKind::Date | ValueKind::Time | ValueKind::Place => {
            // the incident's date, time and place are the story's; another
            // event's (recalled, earlier) are not compared
            if f.background && (toll || event == "incident") {
                return None;
            }
            // when something was said: there may be many sayings
            if f.kind != ValueKind::Place && crate::nlp::frames::is_saying(&event) {
                return None;
            }
            // the hour and the place people were killed, hurt or shot are
            // the incident's ("killed late Sunday evening", "the blast on
            // Sunday afternoon"; "shot in Leeds", "killed in a clash in
            // Bradford"); a day is not (the injured may die days later), nor
            // is where they died (the hospital they were taken to)
            let died_there = || {
                f.predicate
                    .as_deref()
                    .is_some_and(|p| matches!(p, "die" | "succumb" | "perish" | "pass"))
            };
            let event = if f.counted.is_none()
                && CASUALTY_CLASSES.contains(&event.as_str())
                && (f.kind == ValueKind::Time || (f.kind == ValueKind::Place && !died_there()))
            {
                "incident".to_string()
            } else {
                event
            };
            // how long a thing lasted, whatever the verb ("the meeting
            // lasted", "the session went on", "the talks ran for"), and the
            // words for one meeting
            let (event, holder) = if f.counted.as_deref() == Some("duration")
                && matches!(event.as_str(), "last" | "go" | "run" | "continue" | "take")
            {
                let holder = f.holder.as_deref().map(|h| {
                    let last = h.rsplit(' ').next().unwrap_or(h);
                    if MEETING_WORDS.contains(&last) {
                        "meeting".to_string()
                    } else {
                        h.to_string()
                    }
                });
                ("last".to_string(), holder)
            } else if let Some(noun) = (f.counted.as_deref() == Some("duration"))
                .then(|| ACTIVITY_VERBS.iter().find(|(v, _)| *v == event))
                .flatten()
                .map(|(_, n)| *n)
            {
                // "rescuers have been searching for more than 85 hours" is
                // how long the search has lasted ("the search took over 100
                // hours"), whoever searched
                ("last".to_string(), Some(noun.to_string()))
            } else {
                (event, f.holder.clone())
            };
            Some(FactKey {
                kind: match f.kind {
                    ValueKind::Date => ClaimKind::Date,
                    ValueKind::Time => ClaimKind::Time,
                    _ => ClaimKind::Place,
                },
                event,
                role: None,
                counted: f.counted.clone(),
                subset: None,
                holder,
            })
        }
    }
}

/// The event classes of people harmed: the dead, the injured, the shot.
const CASUALTY_CLASSES: &[&str] = &["dead", "injured", "shot"];

/// Activities told by a verb or a noun: how long rescuers "have been
/// searching" is how long "the search" has lasted.
const ACTIVITY_VERBS: &[(&str, &str)] = &[
    ("search", "search"),
    ("rescue", "rescue"),
    ("besiege", "siege"),
    ("negotiate", "negotiation"),
    ("chase", "chase"),
    ("pursue", "pursuit"),
    ("deliberate", "deliberation"),
];

/// Words for one meeting: how long "the meeting", "the talks" or "the
/// session" lasted is one fact.
const MEETING_WORDS: &[&str] = &[
    "meeting",
    "talk",
    "talks",
    "discussion",
    "session",
    "conversation",
    "encounter",
    "summit",
];

/// Words news uses for one kind of counted thing: "2,000 riot police" and
/// "1,500 police officers", "80 diggers" and "100 excavators".
const THING_CLASSES: &[(&str, &[&str])] = &[
    (
        "police",
        &[
            "police",
            "officer",
            "policeman",
            "policemen",
            "cop",
            "constable",
        ],
    ),
    ("soldier", &["soldier", "troop", "serviceman", "servicemen"]),
    ("excavator", &["excavator", "digger"]),
    ("firefighter", &["firefighter", "fireman", "firemen"]),
    // ("four men and one woman, with one of the males suffering…")
    ("man", &["man", "male"]),
    ("woman", &["woman", "female"]),
];

/// The event of the count of a thing whatever its verb (two words, so no
/// predicate's lemma is mistaken for it).
const THING_COUNT: &str = "how many";

/// The class of a counted noun ("officer" → "police"), else the noun.
fn thing_class(counted: &str) -> String {
    THING_CLASSES
        .iter()
        .find(|(_, ws)| ws.contains(&counted))
        .map_or_else(|| counted.to_string(), |(c, _)| (*c).to_string())
}

/// The fact "how many of this thing" a count states whatever its verb
/// ("persuaded more than 200 investors", "defrauding about 240
/// investors"): only for a specific thing (not people in general, not a
/// time), a plain count (no change, hedge by a modal, other event or part)
/// and no toll (a toll keeps its event: the injured firefighters are not
/// the firefighters sent; of the toll-like classes only what is deployed is
/// a count of the thing itself).
fn thing_key(f: &Frame, q: Option<&Quantity>) -> Option<FactKey> {
    use crate::nlp::frames::{PEOPLE, ValueKind, is_toll_class};
    const TIMES: &[&str] = &[
        "year", "month", "week", "day", "hour", "minute", "second", "time", "%", "percent",
    ];
    let q = q?;
    let counted = f.counted.as_deref()?;
    if f.kind != ValueKind::Count
        || q.unit != Unit::Count
        || q.delta
        || f.background
        || f.negated
        || f.modality.is_some()
        || f.event
            .as_deref()
            .is_some_and(|e| is_toll_class(e) && e != "deployed")
        || f.subset.as_deref().is_some_and(|s| s != counted)
        || PEOPLE.contains(&counted)
        || crate::nlp::frames::generic_person(counted)
        || TIMES.contains(&counted)
    {
        return None;
    }
    let class = thing_class(counted);
    Some(FactKey {
        kind: ClaimKind::Number,
        event: THING_COUNT.into(),
        role: None,
        counted: Some(class),
        subset: None,
        holder: maker(f),
    })
}

/// Who brought about what a count counts, as a key's holder ("by hagel"):
/// things someone named brings about are theirs ("Hagel ordered several
/// reviews" / "the Navy secretary ordered three" are two facts); things
/// that are there whoever acts on them are not ("for the FBI to review some
/// 650,000 emails").
fn maker(f: &Frame) -> Option<String> {
    let p = f.predicate.as_deref()?;
    BROUGHT_ABOUT_BY
        .contains(&p)
        .then(|| f.agent.as_ref().map(|a| format!("by {a}")))
        .flatten()
}

/// Verbs whose object their subject brings about: "ordered three reviews",
/// "launched two inquiries", "filed 12 lawsuits".
const BROUGHT_ABOUT_BY: &[&str] = &[
    "order",
    "launch",
    "open",
    "announce",
    "file",
    "issue",
    "call",
    "commission",
    "set",
    "establish",
    "create",
    "introduce",
    "propose",
    "sign",
    "impose",
];

/// A share known only by the whole it is of ("share of stock") or a
/// change only by what changed ("share (fall)"): facts whose identity the
/// key alone does not settle (see `frames::count_frame`).
fn weak_share(key: &FactKey) -> bool {
    key.event == "percent"
        && key.holder.as_deref().is_some_and(|h| {
            h.starts_with("share of ")
                || h.contains("'s share of ")
                || h.ends_with(" (fall)")
                || h.ends_with(" (rise)")
        })
}

/// Counted words for a part of the people by sex or age: never more than
/// all the people of the same fact.
const PEOPLE_BY_SEX_OR_AGE: &[&str] = &["man", "woman", "male", "female", "boy", "girl", "child"];

/// The holder of ages given to an unnamed person ("the six-year-old",
/// "a five-year-old boy"): compared only between reports that each give
/// one such age.
const GENERIC_AGE: &str = "the unnamed person";

/// The noun of an event class, for when and where it happened.
const EVENT_NOUNS: &[(&str, &str)] = &[
    ("dead", "the deaths"),
    ("injured", "the injuries"),
    ("hospitalised", "the hospital admissions"),
    ("missing", "the disappearance"),
    ("shot", "the shooting"),
    ("arrested", "the arrests"),
    ("rescued", "the rescue"),
    ("displaced", "the displacement"),
    ("evacuated", "the evacuation"),
    ("deployed", "the deployment"),
    ("marched", "the march"),
    ("destroyed", "the destruction"),
];

/// Facts of when or where something happened: their subject names the
/// event ("date: the deaths", "place: bar sold").
fn tells_when_or_where(kind: ClaimKind) -> bool {
    matches!(kind, ClaimKind::Date | ClaimKind::Time | ClaimKind::Place)
}

/// Whether a subject's event is a noun that names what happened ("the
/// incident", "the deaths"), so that a row reads "when the deaths
/// happened".
pub fn names_an_event(event: &str) -> bool {
    event == "the incident" || EVENT_NOUNS.iter().any(|(_, noun)| *noun == event)
}

/// What a fact is, for people: "people dead", "soldiers dead (seriously)",
/// "date of the incident", "age of the driver", "where the incident was".
fn subject_of(key: &FactKey) -> String {
    // when and where a class of event happened reads as a noun: "date:
    // the deaths", "place: the injuries"
    let when_or_where = tells_when_or_where(key.kind);
    let event = match key.event.as_str() {
        "incident" => "the incident".to_string(),
        e if when_or_where => EVENT_NOUNS
            .iter()
            .find(|(class, _)| *class == e)
            .map_or(e, |(_, noun)| noun)
            .to_string(),
        e => e.to_string(),
    };
    let holder = key.holder.clone().unwrap_or_default();
    let base = match key.kind {
        ClaimKind::Number if key.event == "age" => format!("age of {holder}"),
        // a share or a sum: "turnout (percent)", "ransom (money USD)"
        ClaimKind::Number if key.event == "percent" || key.event.starts_with("money ") => {
            format!("{holder} ({})", key.event)
        }
        ClaimKind::Number if key.event.starts_with("measure") => {
            format!("{} of {holder}", key.counted.as_deref().unwrap_or("size"))
        }
        ClaimKind::Number => {
            // a count's row names its things in the plural: "members
            // dead", "men injured", "points"
            let counted = key
                .counted
                .as_deref()
                .map_or_else(|| "people".into(), plural);
            let base = if crate::nlp::frames::is_toll_class(&key.event) {
                format!("{counted} {event}")
            } else if matches!(event.as_str(), "value" | "be" | "have") || event == THING_COUNT {
                counted.clone()
            } else {
                format!("{counted} ({event})")
            };
            match &key.holder {
                Some(era) => format!("{base} {era}"),
                None => base,
            }
        }
        ClaimKind::Date if holder.is_empty() => format!("date: {event}"),
        ClaimKind::Date => format!("date: {holder} {event}"),
        // "how long the meeting lasted"
        ClaimKind::Time if key.event == crate::nlp::frames::TENURE => {
            format!("how long {holder} has served")
        }
        ClaimKind::Time if key.counted.as_deref() == Some("duration") => {
            match (holder.is_empty(), event == "last") {
                (true, true) => "how long it lasted".to_string(),
                (false, true) => format!("how long the {holder} lasted"),
                (true, false) => format!("how long {event}"),
                (false, false) => format!("how long {holder} {event}"),
            }
        }
        ClaimKind::Time if holder.is_empty() => format!("time: {event}"),
        ClaimKind::Time => format!("time: {holder} {event}"),
        // "position of the epicentre from gorranvale"
        ClaimKind::Place if key.event == crate::nlp::frames::POSITION => format!(
            "position of {} {}",
            if holder.is_empty() { "it" } else { &holder },
            key.counted.as_deref().unwrap_or_default()
        ),
        ClaimKind::Vehicle => "vehicle of the attack".to_string(),
        ClaimKind::Weapon => "weapon of the attack".to_string(),
        ClaimKind::Place if key.event == crate::nlp::frames::HOME => {
            format!("where {holder} is from")
        }
        ClaimKind::Place if holder.is_empty() => format!("place: {event}"),
        ClaimKind::Place => format!("place: {holder} {event}"),
        _ => event,
    };
    match &key.subset {
        // "officer" counted as a group of its own says nothing more
        Some(s) if key.counted.as_deref() != Some(s.as_str()) => {
            // (a part named by its noun, "children"; not one named by a
            // degree or a nationality, "critical", "british")
            let s = if key.kind == ClaimKind::Number
                && crate::nlp::frames::GROUPS.contains(&s.as_str())
            {
                plural(s)
            } else {
                s.clone()
            };
            format!("{base} — {s}")
        }
        _ => base,
    }
}

/// The plural of a counted noun (a lemma): "member" → "members", "man" →
/// "men", "people" and "personnel" as they are.
fn plural(noun: &str) -> String {
    pluralizer::pluralize(noun, 2, false)
}

/// True when two frames of paired sentences can state one fact: neither
/// negated, hedged or about another event, no agent, and what is known of
/// each agrees (event class, counted thing, part, kind of time).
fn frames_compatible(x: &Frame, y: &Frame) -> bool {
    use crate::nlp::frames::{Role, ValueKind, is_toll_class};
    let plain = |f: &Frame| {
        let agent_of_toll = f.role == Role::Agent && f.event.as_deref().is_some_and(is_toll_class);
        !(f.negated || f.modality.is_some() || f.background || agent_of_toll)
    };
    if !plain(x) || !plain(y) || x.kind != y.kind {
        return false;
    }
    let same = |a: &Option<String>, b: &Option<String>| a.is_none() || b.is_none() || a == b;
    let toll = |f: &Frame| f.event.as_deref().is_some_and(is_toll_class);
    match x.kind {
        ValueKind::Count | ValueKind::Measure => {
            x.subset == y.subset
                && x.counted.is_some()
                && x.counted == y.counted
                && (toll(x) == toll(y))
                && (!toll(x) || x.event == y.event)
                && x.dimension == y.dimension
        }
        ValueKind::Age => x.holder == y.holder,
        // the dates of two happenings in two like sentences are two facts
        // ("taken away on Saturday" / "work began on Friday")
        ValueKind::Date | ValueKind::Time => {
            !x.event
                .as_deref()
                .is_some_and(crate::nlp::frames::is_saying)
                && x.counted == y.counted
                && same(&x.holder, &y.holder)
                && (x.event == y.event || x.predicate == y.predicate)
        }
        // (a position is from its named place: "40 miles west of Myrtle
        // Beach" and "40 miles east-southeast of Columbia" are two)
        ValueKind::Place if x.event.as_deref() == Some(crate::nlp::frames::POSITION) => {
            x.event == y.event && x.counted == y.counted
        }
        ValueKind::Place => x.event == y.event || x.predicate == y.predicate,
        ValueKind::Vehicle | ValueKind::Weapon => true,
    }
}

/// Extracts the claims of one article from its frames: counts, ages,
/// dates, clock times and places, plus the people it names.
pub fn article_claims(index: usize, article: &Article, analysis: &Analysis) -> Vec<Claim> {
    use crate::nlp::frames::ValueKind;
    let mut out = Vec::new();
    for (fi, f) in analysis.frames.iter().enumerate() {
        let (kind, value) = match f.kind {
            ValueKind::Count | ValueKind::Age | ValueKind::Measure => {
                let Some(q) = f.quantity.and_then(|qi| analysis.quantities.get(qi)) else {
                    continue;
                };
                let value = match f.dimension {
                    Some(d) if f.kind == ValueKind::Measure => in_si(&q.1.interval, d, f.to_si),
                    _ => q.1.interval.describe(),
                };
                (ClaimKind::Number, value)
            }
            ValueKind::Date => {
                let Some(v) = date_value(analysis, f.span) else {
                    continue;
                };
                match day_part_of(analysis, article, f, v) {
                    Some(part) => (ClaimKind::Date, format!("{}, {part}", v.describe())),
                    None => (ClaimKind::Date, v.describe()),
                }
            }
            ValueKind::Time => (ClaimKind::Time, article.text(f.span).to_string()),
            ValueKind::Place => {
                let name = analysis
                    .entities
                    .mentions
                    .iter()
                    .find(|m| m.span == f.span)
                    .map(|m| analysis.entities.canonical[m.canonical].name.clone())
                    .unwrap_or_else(|| article.text(f.span).to_string());
                (ClaimKind::Place, name)
            }
            // the kind, with the word used ("truck (lorry)")
            ValueKind::Vehicle => (ClaimKind::Vehicle, f.counted.clone().unwrap_or_default()),
            ValueKind::Weapon => (ClaimKind::Weapon, f.counted.clone().unwrap_or_default()),
        };
        let what = match fact_key(
            f,
            f.quantity
                .and_then(|qi| analysis.quantities.get(qi))
                .map(|q| &q.1),
        ) {
            Some(k) => subject_of(&k),
            None => f.event.clone().unwrap_or_else(|| "value".into()),
        };
        out.push(Claim {
            article: index,
            sentence: f.sentence,
            kind,
            span: f.span,
            what,
            value,
            frame: Some(fi),
        });
    }
    // people, for spellings of one name across outlets
    for (si, s) in analysis.reporting_sentences() {
        for m in analysis.mentions_in(s.span) {
            if m.group != Group::Person {
                continue;
            }
            let c = &analysis.entities.canonical[m.canonical];
            out.push(Claim {
                article: index,
                sentence: si,
                kind: ClaimKind::Person,
                span: m.span,
                what: c.key.clone(),
                value: c.name.clone(),
                frame: None,
            });
        }
    }
    out
}

/// Two frames' figures within a factor of two of each other (by their
/// middles, in the frames' units), or either without a figure.
fn close_figures(x: (&Frame, &Analysis), y: (&Frame, &Analysis)) -> bool {
    let mid = |(f, an): (&Frame, &Analysis)| {
        let iv = &an.quantities.get(f.quantity?)?.1.interval;
        // ("up to 32": its bound, not half of it)
        let m = if !iv.hi.is_finite() {
            iv.lo
        } else if iv.lo <= 0.0 {
            iv.hi
        } else {
            (iv.lo + iv.hi) / 2.0
        };
        Some(m * f.to_si)
    };
    match (mid(x), mid(y)) {
        (Some(a), Some(b)) => within_factor_two(a, b),
        _ => true,
    }
}

/// A measure in the units every report's value is compared in: "131"
/// feet is "39.9 m", "2,000" acres "809 ha", "magnitude 6.4".
fn in_si(iv: &Interval, dimension: &str, to_si: f64) -> String {
    // ("up to 5 miles": by its top)
    let size = if iv.lo > 0.0 || !iv.hi.is_finite() {
        iv.lo
    } else {
        iv.hi
    } * to_si;
    let (factor, unit) = match dimension {
        "length" if size >= 1000.0 => (to_si / 1000.0, " km"),
        "length" => (to_si, " m"),
        "area" if size >= 10_000.0 => (to_si / 10_000.0, " ha"),
        "area" => (to_si, " m²"),
        "mass" if size >= 1000.0 => (to_si / 1000.0, " t"),
        "mass" => (to_si, " kg"),
        "speed" => (to_si, " km/h"),
        "magnitude" => return format!("magnitude {}", iv.describe()),
        _ => return iv.describe(),
    };
    // (a metric value as written, "2,345 ha"; a converted one to three
    // figures)
    format!("{}{unit}", iv.scaled(factor).describe())
}

/// Who said a quote several reports carry: the speaker most of them name
/// (a name beside the quote counts twice, one read from a pronoun, a role
/// or the quote before once; surnames match full names), the fullest name
/// of it; on a tie, the first report's.
fn group_speaker<'a>(
    speakers: impl Iterator<Item = &'a crate::nlp::quotes::Speaker>,
) -> Option<String> {
    use crate::nlp::quotes::Attribution;
    let mut votes: Vec<(String, usize, String)> = Vec::new();
    for s in speakers {
        let weight = if s.how == Attribution::Named { 2 } else { 1 };
        let k = surname(&s.key).to_string();
        match votes.iter_mut().find(|(key, _, _)| *key == k) {
            Some((_, n, name)) => {
                *n += weight;
                if s.name.len() > name.len() {
                    *name = s.name.clone();
                }
            }
            None => votes.push((k, weight, s.name.clone())),
        }
    }
    // (max_by_key keeps the last of equals: the first named wins a tie)
    votes
        .into_iter()
        .rev()
        .max_by_key(|(_, n, _)| *n)
        .map(|(_, _, name)| name)
}

/// How two claims of one fact relate (`Agree` when they say the same).
fn relate(
    key: &FactKey,
    x: (&Claim, &Analysis, &Article),
    y: (&Claim, &Analysis, &Article),
) -> Severity {
    fn frame<'a>(c: &Claim, an: &'a Analysis) -> Option<&'a Frame> {
        c.frame.and_then(|i| an.frames.get(i))
    }
    let (fx, fy) = (frame(x.0, x.1), frame(y.0, y.1));
    match key.kind {
        ClaimKind::Number => {
            let q = |f: Option<&Frame>, an: &Analysis| {
                f.and_then(|f| f.quantity)
                    .and_then(|i| an.quantities.get(i))
                    .map(|q| q.1.clone())
            };
            let (Some(qx), Some(qy)) = (q(fx, x.1), q(fy, y.1)) else {
                return Severity::Agree;
            };
            if key.event == "age" {
                return if qx.interval.overlaps(&qy.interval) {
                    Severity::Agree
                } else {
                    Severity::Conflict
                };
            }
            if key.event.starts_with("measure") {
                let to_si = |f: Option<&Frame>| f.map_or(1.0, |f| f.to_si);
                let (a, b) = (
                    (qx.interval.lo * to_si(fx), qx.interval.hi * to_si(fx)),
                    (qy.interval.lo * to_si(fy), qy.interval.hi * to_si(fy)),
                );
                let same_unit = fx.map(|f| f.to_si) == fy.map(|f| f.to_si);
                if measures_apart((&qx, to_si(fx)), (&qy, to_si(fy))) {
                    // a figure one report gives as a change ("winds have
                    // dropped to 40 mph") against another moment's
                    if fx.is_some_and(|f| f.update_cue) || fy.is_some_and(|f| f.update_cue) {
                        return Severity::Update;
                    }
                    // an area that grew (a fire) is an update between days
                    let (dx, dy) = (x.2.dated(), y.2.dated());
                    if key.counted.as_deref() == Some("area")
                        && let (Some(p), Some(r)) = (dx, dy)
                        && p != r
                        && ((r > p) == (b.0 > a.0))
                    {
                        return Severity::Update;
                    }
                    return Severity::Conflict;
                }
                return if same_unit && compare_numbers(&qx, &qy).is_some() {
                    Severity::Differs
                } else {
                    Severity::Agree
                };
            }
            let Some(rel) = compare_numbers(&qx, &qy) else {
                return Severity::Agree;
            };
            // tolls and counts of what is sent or used move: the later
            // report's higher figure is an update
            let growing = key.holder.is_none();
            let cue = fx.is_some_and(|f| f.update_cue) || fy.is_some_and(|f| f.update_cue);
            let (dx, dy) = (x.2.dated(), y.2.dated());
            if growing {
                let (later_is_y, dated_apart) = match (dx, dy) {
                    (Some(a), Some(b)) if a != b => (b > a, true),
                    _ => (false, false),
                };
                let (lo_x, lo_y) = (qx.interval.lo, qy.interval.lo);
                let grew = if later_is_y { lo_y > lo_x } else { lo_x > lo_y };
                if dated_apart && grew {
                    return Severity::Update;
                }
                if cue && !dated_apart {
                    return Severity::Update;
                }
            }
            rel
        }
        ClaimKind::Date => {
            let (Some(vx), Some(vy)) = (date_value(x.1, x.0.span), date_value(y.1, y.0.span))
            else {
                return Severity::Agree;
            };
            // the day a fact happened cannot follow the publication of a
            // report that already states it ("died on Saturday" in a report
            // of Saturday, against reports of Wednesday's deaths printed on
            // Thursday): another moment the clause names, shown as a
            // difference, never as a conflict
            let after = |v: &DateValue, other: &Article| match (v, other.dated()) {
                (DateValue::Range { range }, Some(p)) => range.start > p,
                _ => false,
            };
            // (unless both reports set the day ahead of their own
            // publication: "will reopen on Monday" / "on Tuesday")
            let ahead = after(vx, x.2) && after(vy, y.2);
            match vx.compatible(vy) {
                Some(false) if !ahead && (after(vx, y.2) || after(vy, x.2)) => Severity::Differs,
                Some(false) => Severity::Conflict,
                Some(true) if vx.width() != vy.width() => Severity::Differs,
                // one day, told to two parts of it ("Tuesday morning" /
                // "Tuesday night"), or to a part in one report's words and
                // to none in the other's ("Wednesday" / "Wednesday
                // morning": more precise)
                Some(true) => {
                    let part = |c: (&Claim, &Analysis, &Article), f: Option<&Frame>, v| {
                        f.and_then(|f| day_part_of(c.1, c.2, f, v))
                    };
                    match (part(x, fx, vx), part(y, fy, vy)) {
                        (Some(a), Some(b)) if !crate::nlp::dates::day_parts_agree(a, b) => {
                            Severity::Differs
                        }
                        // a part of the day in one report's words ("on
                        // Tuesday night"), none in the other's: told more
                        // precisely (a part read from a clock time is the
                        // clock time's own fact)
                        (Some(_), None) | (None, Some(_))
                            if fx.zip(fy).is_some_and(|(fx, fy)| {
                                day_part_read(x.1, x.2, fx, vx, false).is_some()
                                    != day_part_read(y.1, y.2, fy, vy, false).is_some()
                            }) =>
                        {
                            Severity::Differs
                        }
                        _ => Severity::Agree,
                    }
                }
                None => Severity::Agree,
            }
        }
        // how long before an event: one length told two ways differs ("just
        // hours" / "two days", "only days" / "just weeks"); lengths far
        // apart time two things by the one event ("11 days before the
        // election" the first letter, "two days before" the second), and
        // no length is a conflict, the thing timed being unknown
        ClaimKind::Time if key.is_lead() => {
            let lead = |c: (&Claim, &Analysis, &Article)| {
                crate::nlp::frames::lead_hours(c.2.text(c.0.span))
            };
            match (lead(x), lead(y)) {
                (Some(a), Some(b)) if a == b => Severity::Agree,
                (Some(a), Some(b)) if lead_lengths_close(a, b) => Severity::Differs,
                _ => Severity::Agree,
            }
        }
        ClaimKind::Time => {
            let (sx, sy) = (x.2.text(x.0.span), y.2.text(y.0.span));
            // durations: "around 50 hours" vs "more than 85 hours" grow
            // with the time of writing
            if let (Some(a), Some(b)) = (
                crate::nlp::frames::duration_hours(sx),
                crate::nlp::frames::duration_hours(sy),
            ) {
                if a == b {
                    return Severity::Agree;
                }
                // the earlier report's length and the later's, when the two
                // are printed on different days (years of service do not
                // grow between reports)
                let in_order = match (x.2.dated(), y.2.dated()) {
                    (Some(p), Some(r)) if p != r && key.event != crate::nlp::frames::TENURE => {
                        Some(if p < r { (a, b) } else { (b, a) })
                    }
                    _ => None,
                };
                if a.1 < b.0 || b.1 < a.0 {
                    return match in_order {
                        Some((early, late)) if late.0 > early.0 => Severity::Update,
                        _ => Severity::Conflict,
                    };
                }
                // open-ended, the later report's reaching further ("more
                // than 85 hours" on one day, "over 100 hours" the next)
                if let Some((early, late)) = in_order
                    && late.0 > early.0
                    && early.1.is_infinite()
                    && late.1.is_infinite()
                {
                    return Severity::Update;
                }
                return Severity::Differs;
            }
            let tx = crate::nlp::frames::clock_interval(sx);
            let ty = crate::nlp::frames::clock_interval(sy);
            // (apart on the clock, a night running past midnight too: "last
            // night" and "early morning" may be one hour)
            let apart = |a: (i32, i32), b: (i32, i32)| {
                [-1440, 0, 1440]
                    .iter()
                    .all(|d| a.1 < b.0 + d || b.1 + d < a.0)
            };
            match (tx, ty) {
                (Some(a), Some(b)) if apart(a, b) => Severity::Conflict,
                (Some(a), Some(b)) if a == b => Severity::Agree,
                _ if fold(x.2.text(x.0.span)) == fold(y.2.text(y.0.span)) => Severity::Agree,
                _ => Severity::Differs,
            }
        }
        // (the distance, with its factor to metres)
        // a car and a truck are two vehicles; a car and an SUV one kind
        // told otherwise; a rifle and a handgun may both be an attacker's,
        // so two kinds of weapon only differ
        ClaimKind::Vehicle | ClaimKind::Weapon => {
            let (wx, wy) = (fold(x.2.text(x.0.span)), fold(y.2.text(y.0.span)));
            if x.0.value != y.0.value && key.kind == ClaimKind::Vehicle {
                Severity::Conflict
            } else if x.0.value != y.0.value || wx.trim_end_matches('s') != wy.trim_end_matches('s')
            {
                Severity::Differs
            } else {
                Severity::Agree
            }
        }
        ClaimKind::Place if key.event == crate::nlp::frames::POSITION => relate_positions(
            (x.0, x.2, fx.and_then(|f| measure_of(f, x.1))),
            (y.0, y.2, fy.and_then(|f| measure_of(f, y.1))),
        ),
        ClaimKind::Place => {
            let (kx, ky) = (name_key(&x.0.value), name_key(&y.0.value));
            // ("US" written by both, one expanded to "United States")
            let written_alike = fold(x.2.text(x.0.span)) == fold(y.2.text(y.0.span));
            if kx == ky || written_alike || strip_designators(&kx) == strip_designators(&ky) {
                Severity::Agree
            } else if possible_variant(&kx, &ky) {
                Severity::PossibleVariant
            } else {
                // another place name for the same event: a nested place or
                // a wider one (checked for containment conflicts apart)
                Severity::Differs
            }
        }
        _ => Severity::Agree,
    }
}

/// How two positions from one place relate ("12 kilometres north of
/// Gorranvale" and "12 kilometres south of Gorranvale"): bearings a
/// quarter turn or more apart, or distances apart, are a conflict; a
/// bearing one point off (north and north-east), or the same distance
/// given otherwise, differs.
fn relate_positions(
    x: (&Claim, &Article, Option<(&Quantity, f64)>),
    y: (&Claim, &Article, Option<(&Quantity, f64)>),
) -> Severity {
    use crate::nlp::frames::bearing_in;
    let (Some(bx), Some(by)) = (
        bearing_in(x.1.text(x.0.span)),
        bearing_in(y.1.text(y.0.span)),
    ) else {
        return Severity::Agree;
    };
    let turn = (bx as i32 - by as i32).rem_euclid(360);
    let turn = turn.min(360 - turn);
    if turn >= 90 {
        return Severity::Conflict;
    }
    let same_distance = match (x.2, y.2) {
        (Some(a), Some(b)) if measures_apart(a, b) => return Severity::Conflict,
        (Some(a), Some(b)) => a.0.interval == b.0.interval && a.1 == b.1,
        (None, None) => true,
        _ => false,
    };
    if turn == 0 && same_distance {
        Severity::Agree
    } else {
        Severity::Differs
    }
}

/// Words that credit a wire agency in an article.
static AGENCY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\((?:AP|AFP|Reuters|PA)\)|(?-u:\b)(?:Associated Press|Agence France-Presse|Reuters|Press Association|PA Media)(?-u:\b)").unwrap()
});

/// Groups the story's articles by independent source: versions of one
/// outlet, and copies of one wire report (a third of the shorter's
/// sentences, or five, word for word the same), share a group.
fn source_groups(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
) -> HashMap<usize, usize> {
    let norm = |a: usize, s: Span| -> String { folded_words(articles[a].text(s)).join(" ") };
    let sentences: HashMap<usize, BTreeSet<String>> = members
        .iter()
        .map(|&a| {
            let set = analyses[a]
                .reporting_sentences()
                .map(|(_, s)| norm(a, s.span))
                .filter(|t| t.split(' ').count() >= 8)
                .collect();
            (a, set)
        })
        .collect();
    let mut group: HashMap<usize, usize> = members.iter().map(|&a| (a, a)).collect();
    fn find(g: &mut HashMap<usize, usize>, mut x: usize) -> usize {
        while g[&x] != x {
            let up = g[&g[&x]];
            g.insert(x, up);
            x = up;
        }
        x
    }
    for (k, &a) in members.iter().enumerate() {
        for &b in &members[k + 1..] {
            let same_outlet = match (&articles[a].outlet, &articles[b].outlet) {
                (Some(x), Some(y)) => name_key(x) == name_key(y),
                _ => false,
            };
            let (sa, sb) = (&sentences[&a], &sentences[&b]);
            let shared = sa.intersection(sb).count();
            let shorter = sa.len().min(sb.len()).max(1);
            let copies = shared >= 5 || (shared >= 2 && shared * 3 >= shorter);
            let wire = copies
                || (shared >= 2
                    && AGENCY.is_match(&articles[a].body)
                    && AGENCY.is_match(&articles[b].body));
            if same_outlet || wire {
                let (ra, rb) = (find(&mut group, a), find(&mut group, b));
                group.insert(ra, rb);
            }
        }
    }
    members.iter().map(|&a| (a, find(&mut group, a))).collect()
}

/// True when two articles are versions of one outlet's report.
fn same_outlet(x: &Article, y: &Article) -> bool {
    match (&x.outlet, &y.outlet) {
        (Some(a), Some(b)) => name_key(a) == name_key(b),
        _ => false,
    }
}

/// What every fact of one story is built against: its claims, its
/// articles, which wire source each article copies and its follow-ups.
struct FactContext<'a> {
    claims: &'a [Claim],
    articles: &'a [&'a Article],
    source_of: &'a HashMap<usize, usize>,
    followups: &'a BTreeSet<usize>,
    /// Each article's analysis (a claim's frame, for the fact's subject).
    analyses: &'a [&'a Analysis],
}

/// The predicate of a claim's frame as its article words it ("sold" where
/// the key has the lemma "sell"), when the fact is keyed by that lemma (not
/// by an event class, "dead", "the incident", or a kind of fact, "last").
fn worded_predicate(cx: &FactContext, key: &FactKey, id: usize) -> Option<String> {
    let c = cx.claims.get(id)?;
    let f = cx.analyses.get(c.article)?.frames.get(c.frame?)?;
    if f.predicate.as_deref() != Some(key.event.as_str()) {
        return None;
    }
    let word = cx.articles[c.article]
        .text(f.predicate_span?)
        .trim()
        .to_lowercase();
    (!word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == ' '))
    .then_some(word)
}

/// True when two lead lengths (hours, low and high) could be one length
/// told two ways: the longer at most three times the shorter.
fn lead_lengths_close(x: (f64, f64), y: (f64, f64)) -> bool {
    x.0.max(y.0) <= 3.0 * x.1.min(y.1)
}

/// The claims of one lead time grouped by length: two lengths join when
/// the longer is at most three times the shorter (linked through others:
/// "hours", "two days", "three days"); a claim with no length read is a
/// group of its own. Groups keep the claims' order.
fn lead_groups(ids: &[usize], hours: impl Fn(usize) -> Option<(f64, f64)>) -> Vec<Vec<usize>> {
    let lengths: Vec<Option<(f64, f64)>> = ids.iter().map(|&i| hours(i)).collect();
    let close = |a: usize, b: usize| match (lengths[a], lengths[b]) {
        (Some(x), Some(y)) => lead_lengths_close(x, y),
        _ => false,
    };
    let mut group: Vec<usize> = (0..ids.len()).collect();
    // union by smallest index, repeated until stable (a handful of claims)
    loop {
        let mut changed = false;
        for a in 0..ids.len() {
            for b in a + 1..ids.len() {
                if close(a, b) && group[a] != group[b] {
                    let (lo, hi) = (group[a].min(group[b]), group[a].max(group[b]));
                    group.iter_mut().filter(|g| **g == hi).for_each(|g| *g = lo);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut heads: Vec<usize> = Vec::new();
    for (k, &g) in group.iter().enumerate() {
        match heads.iter().position(|&h| h == g) {
            Some(p) => out[p].push(ids[k]),
            None => {
                heads.push(g);
                out.push(vec![ids[k]]);
            }
        }
    }
    out
}

/// The fact of one key: its frame and its subject from the key.
fn keyed_fact(
    cx: &FactContext,
    key: &FactKey,
    ids: Vec<usize>,
    relate_pair: &dyn Fn(usize, usize) -> Severity,
) -> Discrepancy {
    let frame = FactFrame {
        event: Some(key.event.clone()),
        role: key.role,
        counted: key.counted.clone(),
        subset: key.subset.clone(),
        holder: key.holder.clone(),
    };
    // a place, date or time of a predicate is named by the predicate as
    // the first report words it ("place: bar sold", not "bar sell")
    // ("how long the meeting lasted" has a phrase of its own)
    // (nor has a lead time: "how long before the election")
    let worded = (tells_when_or_where(key.kind) && key.event != "last" && !key.is_lead())
        .then(|| ids.first().and_then(|&i| worded_predicate(cx, key, i)))
        .flatten()
        .map(|verb| FactKey {
            event: verb,
            ..key.clone()
        });
    let subject = subject_of(worded.as_ref().unwrap_or(key));
    build_fact(cx, key.kind, subject, Some(frame), ids, relate_pair)
}

/// Builds one fact from the claims of one key (each article's main claim
/// first, then its secondary ones).
fn build_fact(
    cx: &FactContext,
    kind: ClaimKind,
    subject: String,
    frame: Option<FactFrame>,
    ids: Vec<usize>,
    relate_pair: &dyn Fn(usize, usize) -> Severity,
) -> Discrepancy {
    let FactContext {
        claims,
        articles,
        source_of,
        followups,
        ..
    } = *cx;
    let mut pairs = Vec::new();
    for (k, &x) in ids.iter().enumerate() {
        for &y in &ids[k + 1..] {
            let (ax, ay) = (claims[x].article, claims[y].article);
            // two follow-ups are compared in their own story
            if ax == ay || (followups.contains(&ax) && followups.contains(&ay)) {
                continue;
            }
            pairs.push(ClaimPair {
                a: x,
                b: y,
                relation: relate_pair(x, y),
                versions: same_outlet(articles[ax], articles[ay]),
            });
        }
    }
    let between_outlets = pairs
        .iter()
        .filter(|p| !p.versions)
        .map(|p| p.relation)
        .min();
    let severity = match between_outlets {
        Some(s) => s,
        None if pairs.iter().any(|p| p.relation != Severity::Agree) => Severity::Update,
        None if pairs.is_empty() => Severity::Unique,
        None => Severity::Agree,
    };
    let sources: BTreeSet<usize> = ids
        .iter()
        .map(|&i| {
            source_of
                .get(&claims[i].article)
                .copied()
                .unwrap_or(claims[i].article)
        })
        .collect();
    let values: Vec<String> = ids
        .iter()
        .map(|&i| {
            let c = &claims[i];
            let art = articles[c.article];
            let outlet = art.outlet.clone().unwrap_or_else(|| art.id.clone());
            let shown = match kind {
                // how each outlet words the quote: its opening words (the
                // speaker is the subject's)
                ClaimKind::Quote => {
                    quoted_opening(art.text(c.span).trim().trim_end_matches(','), 8)
                }
                ClaimKind::Attribution => c.value.clone(),
                ClaimKind::Place | ClaimKind::Time | ClaimKind::Vehicle | ClaimKind::Weapon => {
                    art.text(c.span).to_string()
                }
                _ => format!("{} ({})", art.text(c.span), c.value),
            };
            format!("{shown} — {outlet}")
        })
        .collect();
    let summary = match severity {
        Severity::Unique => format!("only one outlet: {subject}: {}", values.join("; ")),
        _ => format!("{subject}: {}", values.join(" vs ")),
    };
    Discrepancy {
        kind,
        severity,
        subject,
        summary,
        claims: ids,
        pairs,
        frame,
        sources: sources.len(),
    }
}

/// The first `n` words of a quote in quote marks, "…" where more follow
/// ("“I must say he surprised…”").
pub fn quoted_opening(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > n {
        format!("“{}…”", words[..n].join(" "))
    } else {
        format!("“{}”", words.join(" "))
    }
}

/// Finds the claims, quotes and facts of one story.
pub fn story_claims(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    idf: &Idf,
) -> StoryClaims {
    story_claims_with(members, &[], articles, analyses, idf)
}

/// [`story_claims`] with the story's follow-ups (related reports kept in a
/// story of their own): their facts are compared with the members', never
/// with each other, and never alone.
pub fn story_claims_with(
    members: &[usize],
    followups: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    idf: &Idf,
) -> StoryClaims {
    let followup_set: BTreeSet<usize> = followups
        .iter()
        .copied()
        .filter(|a| !members.contains(a))
        .collect();
    let everyone: Vec<usize> = members
        .iter()
        .copied()
        .chain(followup_set.iter().copied())
        .collect();
    let mut claims: Vec<Claim> = Vec::new();
    let mut by_article: HashMap<usize, Vec<usize>> = HashMap::new();
    for &a in &everyone {
        for c in article_claims(a, articles[a], analyses[a]) {
            by_article.entry(a).or_default().push(claims.len());
            claims.push(c);
        }
    }
    let source_of = source_groups(&everyone, articles, analyses);
    let alignments = story_alignments(members, articles, analyses, idf);

    // facts by key: one main claim per article (a figure stated as a
    // change first, else the first figure given as a number, else the
    // first stated), never two values of one sentence
    let mut keyed: BTreeMap<FactKey, Vec<usize>> = BTreeMap::new();
    // other values an article gives for a fact it states (shown beside
    // its main one, never asserted as a conflict)
    let mut secondary: BTreeSet<usize> = BTreeSet::new();
    // every size the story's reports give to each measured thing
    let mut measured: BTreeMap<FactKey, Vec<usize>> = BTreeMap::new();
    // a claim's frame and the quantity it states
    let frame_of = |id: usize| {
        let c = &claims[id];
        c.frame.and_then(|i| analyses[c.article].frames.get(i))
    };
    let quantity_of = |f: &Frame, id: usize| {
        f.quantity
            .and_then(|qi| analyses[claims[id].article].quantities.get(qi))
            .map(|q| &q.1)
    };
    let measure = |id: usize| measure_of(frame_of(id)?, analyses[claims[id].article]);
    let sizes_apart = |x: usize, y: usize| {
        measure(x)
            .zip(measure(y))
            .is_some_and(|(a, b)| measures_apart(a, b))
    };
    let relate_ids = |x: usize, y: usize, key: &FactKey| {
        let (cx, cy) = (&claims[x], &claims[y]);
        relate(
            key,
            (cx, analyses[cx.article], articles[cx.article]),
            (cy, analyses[cy.article], articles[cy.article]),
        )
    };
    // each article's claims with the fact each states
    let mut keys_by_article: Vec<Vec<(usize, FactKey)>> = everyone
        .iter()
        .map(|a| {
            let ids = by_article.get(a).map(|v| v.as_slice()).unwrap_or(&[]);
            // a figure the report gives as an earlier one and corrects
            // ("previously reported to be six, but updated reports said
            // five") is not the report's wherever it gives it again (a
            // caption's "a six-year-old boy")
            let earlier: Vec<(FactKey, Option<f64>)> = ids
                .iter()
                .filter_map(|&id| {
                    let f = frame_of(id).filter(|f| f.superseded)?;
                    let q = quantity_of(f, id)?;
                    Some((key_as_stated(f, Some(q))?, q.value))
                })
                .collect();
            ids.iter()
                .filter_map(|&id| {
                    let f = frame_of(id)?;
                    let q = quantity_of(f, id);
                    let key = fact_key(f, q)?;
                    let value = q.and_then(|q| q.value);
                    let corrected =
                        value.is_some() && earlier.iter().any(|(k, v)| *k == key && *v == value);
                    (!corrected).then_some((id, key))
                })
                .collect()
        })
        .collect();
    let totals = |event: &str, keys: &[(usize, FactKey)]| -> Vec<usize> {
        keys.iter()
            .filter(|(_, k)| {
                k.event == event
                    && k.subset.is_none()
                    && k.holder.is_none()
                    && k.counted.as_deref() == Some("people")
            })
            .map(|(id, _)| *id)
            .collect()
    };
    // "84 people have been taken to hospital" and "more than 100 wounded"
    // are one count of the injured told two ways, and where no one died
    // the people shot are the people wounded ("at least five people have
    // been shot", "wounded five people"), unless a report of the story
    // gives both apart ("50 injured, 12 of them taken to hospital"; "five
    // shot" and "five hurt" in one report are one set, and "three men
    // shot" is a part)
    let interval =
        |id: usize| quantity_of(frame_of(id)?, id).map(|q| (q.interval.lo, q.interval.hi));
    let apart = |event: &str| {
        keys_by_article.iter().any(|keys| {
            let injured = totals("injured", keys);
            totals(event, keys).into_iter().any(|x| {
                injured.iter().any(|&y| match (interval(x), interval(y)) {
                    (Some((xl, xh)), Some((yl, yh))) => xh < yl || yh < xl,
                    _ => true,
                })
            })
        })
    };
    let hospital_are_injured = !apart("hospitalised");
    let shot_are_injured = !apart("shot")
        && !keys_by_article
            .iter()
            .flatten()
            .any(|(_, k)| k.event == "dead");
    for (_, k) in keys_by_article.iter_mut().flatten() {
        if (k.event == "hospitalised" && hospital_are_injured)
            || (k.event == "shot" && shot_are_injured)
        {
            k.event = "injured".into();
        }
    }
    for (&a, article_keys) in everyone.iter().zip(keys_by_article) {
        // a sentence that dates one fact on two days ("killed in attacks
        // on a policewoman Thursday and at a supermarket Friday") tells
        // of several events: neither day is the fact's
        let torn: BTreeSet<usize> = article_keys
            .iter()
            .filter(|(id, key)| {
                claims[*id].kind == ClaimKind::Date
                    && article_keys.iter().any(|(other, k)| {
                        k == key
                            && other != id
                            && claims[*other].sentence == claims[*id].sentence
                            && relate_ids(*id, *other, key) == Severity::Conflict
                    })
            })
            .map(|(id, _)| *id)
            .collect();
        let article_keys: Vec<(usize, FactKey)> = article_keys
            .into_iter()
            .filter(|(id, _)| !torn.contains(id))
            .collect();
        // a share known by its whole is one fact only where the report
        // gives one ("40 percent of the stock was destroyed"): several
        // shares of it ("28 percent of the vote", "24 percent", "9
        // percent") are parts the key cannot tell apart
        let mut share_values: HashMap<&FactKey, BTreeSet<&str>> = HashMap::new();
        for (id, key) in &article_keys {
            if weak_share(key) {
                share_values
                    .entry(key)
                    .or_default()
                    .insert(claims[*id].value.as_str());
            }
        }
        let several_shares: BTreeSet<FactKey> = share_values
            .into_iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|(k, _)| k.clone())
            .collect();
        let mut chosen: HashMap<FactKey, usize> = HashMap::new();
        // an unnamed person's age is one fact only where the report gives one
        let mut generic_ages: BTreeSet<String> = BTreeSet::new();
        for (id, key) in &article_keys {
            let (id, c) = (*id, &claims[*id]);
            let Some(f) = frame_of(id) else {
                continue;
            };
            let q = quantity_of(f, id);
            if key.holder.as_deref() == Some(GENERIC_AGE) {
                generic_ages.insert(c.value.clone());
            }
            match chosen.get(key) {
                Some(&prev) => {
                    let pf = frame_of(prev);
                    let prev_cue = pf.is_some_and(|p| p.update_cue);
                    // "dozens" in the lead, "at least 40" further down: the
                    // figure the report commits to is the one to compare
                    let vague = |fr: Option<&Frame>| {
                        fr.and_then(|fr| quantity_of(fr, prev))
                            .is_some_and(|q| q.value.is_none())
                    };
                    // "in the morning rush hour" in the lead, "at 6.10am"
                    // further down: the clock time is the one to compare
                    let clock = |claim: usize| {
                        let c = &claims[claim];
                        key.kind == ClaimKind::Time
                            && crate::nlp::frames::clock_interval(articles[c.article].text(c.span))
                                .is_some_and(|(lo, hi)| hi - lo <= 30)
                    };
                    // a headline's figure gives way to the report's own
                    // ("Seven killed" above "at least seven people were
                    // killed")
                    let headline = |claim: usize| {
                        analyses[a]
                            .sentences
                            .get(claims[claim].sentence)
                            .is_some_and(|s| s.marked)
                    };
                    if (headline(prev) && !headline(id))
                        || (f.update_cue && !prev_cue)
                        || (!prev_cue && vague(pf) && q.is_some_and(|q| q.value.is_some()))
                        || (!prev_cue && !clock(prev) && clock(id))
                    {
                        chosen.insert(key.clone(), id);
                    }
                }
                None => {
                    chosen.insert(key.clone(), id);
                }
            }
        }
        // a report that dates the incident twice, on days that cannot
        // both be right ("on Wednesday" in the lead, "on Tuesday" further
        // down): both dates are its claims
        let mut extra: Vec<(FactKey, usize)> = Vec::new();
        for (id, key) in &article_keys {
            let (id, c) = (*id, &claims[*id]);
            let Some(&first) = chosen.get(key) else {
                continue;
            };
            if c.kind != ClaimKind::Date
                || key.event != "incident"
                || first == id
                || claims[first].sentence == c.sentence
            {
                continue;
            }
            let (Some(v), Some(w)) = (
                date_value(analyses[a], c.span),
                date_value(analyses[a], claims[first].span),
            ) else {
                continue;
            };
            if v.compatible(w) == Some(false)
                && !extra.iter().any(|(k, e)| {
                    k == key
                        && date_value(analyses[a], claims[*e].span)
                            .is_some_and(|x| x.compatible(v) != Some(false))
                })
            {
                extra.push((key.clone(), id));
            }
        }
        // the same fact given again in other words ("dozens were injured"
        // in the lead, "at least 40" in a caption): shown beside the main
        // value, one per distinct value, outside the main value's sentence,
        // when the two can both be right
        let mut also: Vec<(FactKey, usize)> = Vec::new();
        for (id, key) in &article_keys {
            let id = *id;
            let Some(&first) = chosen.get(key) else {
                continue;
            };
            if first == id
                || key.holder.as_deref() == Some(GENERIC_AGE)
                || claims[first].sentence == claims[id].sentence
                || extra.iter().chain(&also).any(|(_, e)| *e == id)
            {
                continue;
            }
            // two places in one report are mostly two places of the story
            // (the city, the street, the capital), not one fact twice
            if key.kind == ClaimKind::Place {
                continue;
            }
            // two figures far apart are another fact read into this one
            // ("at least four" dead, and "more than 30" of another event
            // the parse tied to this one)
            let point = |e: usize| measure(e).and_then(|(q, _)| q.value);
            let near = match (point(first), point(id)) {
                (Some(x), Some(y)) if x.min(y) > 0.0 => Some(within_factor_two(x, y)),
                _ => None,
            };
            if near == Some(false) {
                continue;
            }
            // a value the report's own main one rules out is more likely
            // another fact than the report contradicting itself, unless the
            // two figures are near: an earlier count of the same people
            // left in the report ("injuring another 40" in a caption above
            // "more than 50 injured")
            match relate_ids(first, id, key) {
                Severity::Differs => {}
                Severity::Conflict | Severity::Update
                    if key.kind == ClaimKind::Number && near == Some(true) => {}
                _ => continue,
            }
            // (a day the main one rules out is handled above)
            if key.kind == ClaimKind::Date
                && date_value(analyses[a], claims[id].span)
                    .zip(date_value(analyses[a], claims[first].span))
                    .is_some_and(|(v, w)| v.compatible(w) == Some(false))
            {
                continue;
            }
            let mut shown = std::iter::once(first).chain(
                extra
                    .iter()
                    .chain(&also)
                    .filter(|(k, _)| k == key)
                    .map(|(_, e)| *e),
            );
            if shown.any(|e| {
                claims[e].sentence == claims[id].sentence
                    || relate_ids(e, id, key) == Severity::Agree
            }) {
                continue;
            }
            also.push((key.clone(), id));
        }
        secondary.extend(also.iter().map(|(_, id)| *id));
        // a thing the report measures twice, apart ("the 400-gram bar" and
        // "the bar shrinks to 360 grams", "a 170-gram bar that is dropping
        // to 150 grams"), is several things or a changing one: not one fact
        let unstable: BTreeSet<&FactKey> = article_keys
            .iter()
            .filter(|(id, key)| {
                key.event.starts_with("measure")
                    && article_keys
                        .iter()
                        .any(|(other, k)| k == key && other != id && sizes_apart(*id, *other))
            })
            .map(|(_, key)| key)
            .collect();
        for (id, key) in &article_keys {
            if key.event.starts_with("measure") {
                measured.entry(key.clone()).or_default().push(*id);
            }
        }
        for (key, id) in chosen.into_iter().chain(extra).chain(also) {
            if (key.holder.as_deref() == Some(GENERIC_AGE) && generic_ages.len() > 1)
                || unstable.contains(&key)
                || several_shares.contains(&key)
            {
                continue;
            }
            keyed.entry(key).or_default().push(id);
        }
    }
    // a thing the reports give three or more sizes apart ("the 400-gram
    // bar", "the 360g bar", "a 170-gram bar", "the 150g bar") is several
    // things of one kind, not one fact
    for (key, ids) in &measured {
        let mut sizes: Vec<usize> = Vec::new();
        for &id in ids {
            if sizes.iter().all(|&s| sizes_apart(s, id)) {
                sizes.push(id);
            }
        }
        if sizes.len() >= 3 {
            keyed.remove(key);
        }
    }
    // counts of one thing that the reports tie to different verbs
    // ("persuaded more than 200 investors", "defrauding about 240
    // investors", "deployed 2,000 riot police", "1,500 police officers
    // were on duty"): where a report's count shares its fact with no other
    // outlet, and the report gives that thing one value, the counts of the
    // thing are one fact
    let outlets_of = |ids: &[usize]| -> BTreeSet<usize> {
        ids.iter().map(|&i| source_of[&claims[i].article]).collect()
    };
    // (facts another outlet shares keep their claims, even those the
    // article's own choice left out of them)
    let shared: BTreeSet<&FactKey> = keyed
        .iter()
        .filter(|(_, ids)| outlets_of(ids).len() >= 2)
        .map(|(k, _)| k)
        .collect();
    let mut things: BTreeMap<FactKey, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    for (id, c) in claims.iter().enumerate() {
        if c.kind != ClaimKind::Number || secondary.contains(&id) {
            continue;
        }
        let Some(f) = frame_of(id) else {
            continue;
        };
        if fact_key(f, quantity_of(f, id)).is_some_and(|k| shared.contains(&k)) {
            continue;
        }
        if let Some(key) = thing_key(f, quantity_of(f, id)) {
            things
                .entry(key)
                .or_default()
                .entry(c.article)
                .or_default()
                .push(id);
        }
    }
    for (key, per_article) in things {
        // figures far apart ("seven games" and "162 games", "200
        // firefighters" at work and "19" who died) are counts of
        // different sets of the thing; only close ones are one count
        // told two ways
        // (the figure as written where there is one: "as many as 650,000"
        // is about 650,000)
        let mid = |i: usize| {
            let f = frame_of(i)?;
            let q = quantity_of(f, i)?;
            let iv = &q.interval;
            let m = if let Some(v) = q.value {
                v
            } else if iv.hi.is_finite() {
                (iv.lo + iv.hi) / 2.0
            } else {
                iv.lo
            };
            (m >= 3.0).then_some(m)
        };
        // (or one's figure within the other's bounded span: "dozens" and
        // 40, a misprinted "650,0000" and 650,000)
        let bounded = |i: usize| {
            let q = quantity_of(frame_of(i)?, i)?;
            let iv = q.interval;
            (iv.lo > 0.0 && iv.hi.is_finite()).then_some(iv)
        };
        let within = |x: usize, y: usize| {
            bounded(x)
                .zip(mid(y))
                .is_some_and(|(iv, m)| iv.overlaps(&Interval::exact(m)))
        };
        let near = |x: usize, y: usize| match (mid(x), mid(y)) {
            (Some(a), Some(b)) => within_factor_two(a, b) || within(x, y) || within(y, x),
            _ => false,
        };
        // each article's values of the thing near its first one ("over
        // 800 officers" in the country, not "a total of 2,500" to come); a
        // report giving the thing two values that cannot both be right is
        // unsure which set it counts
        let kept: Vec<Vec<usize>> = per_article
            .values()
            .filter_map(|ids| {
                // (a lone "one officer" is no count of the contingent)
                let first = ids.iter().copied().find(|&i| mid(i).is_some())?;
                let near_first: Vec<usize> = ids
                    .iter()
                    .copied()
                    .filter(|&i| i == first || near(first, i))
                    .collect();
                near_first
                    .iter()
                    .all(|&i| {
                        matches!(
                            relate_ids(first, i, &key),
                            Severity::Agree | Severity::Differs
                        )
                    })
                    .then_some(near_first)
            })
            .collect();
        // the outlets whose main values are all near one another, the most
        // of them: one report's misprint, or its count of another set of
        // the thing, leaves the others one fact
        let firsts: Vec<usize> = kept.iter().map(|k| k[0]).collect();
        let mut best: Vec<Vec<usize>> = Vec::new();
        for &x in &firsts {
            let cluster: Vec<Vec<usize>> = kept
                .iter()
                .filter(|k| k[0] == x || near(x, k[0]))
                .cloned()
                .collect();
            let close = cluster
                .iter()
                .all(|a| cluster.iter().all(|b| a[0] == b[0] || near(a[0], b[0])));
            if close && cluster.len() > best.len() {
                best = cluster;
            }
        }
        // (the set is close by its making: only two outlets are needed)
        let kept = best;
        let chosen: Vec<usize> = kept.iter().map(|k| k[0]).collect();
        if outlets_of(&chosen).len() < 2 {
            continue;
        }
        // an article's other values of the thing are shown beside its
        // main one, and leave the facts they stood alone in
        let all: BTreeSet<usize> = kept.iter().flatten().copied().collect();
        for ids in keyed.values_mut() {
            ids.retain(|i| !all.contains(i));
        }
        secondary.extend(all.iter().filter(|i| !chosen.contains(i)));
        keyed.entry(key).or_default().extend(all);
    }
    keyed.retain(|_, ids| !ids.is_empty());
    // one happening of one thing that the reports name differently ("the
    // mine opened in 1974", "Skelderby Deep, which opened in 1968"): where
    // each report dates the happening once, no other outlet shares its
    // fact, and each report names the other's holder, the dates are one fact
    let mut by_event: BTreeMap<String, Vec<(FactKey, usize)>> = BTreeMap::new();
    for (key, ids) in &keyed {
        if key.kind == ClaimKind::Date
            && key.event != "incident"
            && key.holder.is_some()
            && outlets_of(ids).len() < 2
        {
            for &id in ids {
                by_event
                    .entry(key.event.clone())
                    .or_default()
                    .push((key.clone(), id));
            }
        }
    }
    // (each candidate article's words, read once)
    let bodies: HashMap<usize, Vec<String>> = by_event
        .values()
        .flatten()
        .map(|(_, id)| claims[*id].article)
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .map(|a| (a, folded_words(&articles[a].body)))
        .collect();
    let names = |a: usize, holder: &str| {
        let (body, name) = (&bodies[&a], folded_words(holder));
        // ("the mine" is named by "the last deep mines")
        let same = |w: &String, n: &String| w == n || w.strip_suffix('s') == Some(n.as_str());
        !name.is_empty()
            && body
                .windows(name.len())
                .any(|w| w.iter().zip(&name).all(|(w, n)| same(w, n)))
    };
    for (_, dated) in by_event {
        let arts: BTreeSet<usize> = dated.iter().map(|(_, id)| claims[*id].article).collect();
        if arts.len() != dated.len()
            || outlets_of(&dated.iter().map(|(_, id)| *id).collect::<Vec<_>>()).len() < 2
        {
            continue;
        }
        let holder = |k: &FactKey| k.holder.clone().unwrap_or_default();
        // ("the river" and "the River Tarn": one name holds the other)
        let holds = |x: &str, y: &str| {
            let (wx, wy): (Vec<&str>, Vec<&str>) = (x.split(' ').collect(), y.split(' ').collect());
            let (s, l) = if wx.len() <= wy.len() {
                (wx, wy)
            } else {
                (wy, wx)
            };
            !s.is_empty() && l.windows(s.len()).any(|w| w == s.as_slice())
        };
        let corefer = dated.iter().all(|(kx, x)| {
            dated.iter().all(|(ky, y)| {
                holds(&holder(kx), &holder(ky))
                    || (names(claims[*x].article, &holder(ky))
                        && names(claims[*y].article, &holder(kx)))
            })
        });
        // a happening one report recalls ("a custom the Bushes observed when
        // the Obamas visited in 2008") is not the one another reports now
        // (a report with no date of its own cannot tell what it recalls: its
        // "opened in 1974" is as much background as another's "in 1968")
        let all_dated = dated
            .iter()
            .all(|(_, id)| articles[claims[*id].article].dated().is_some());
        let recalled: BTreeSet<bool> = dated
            .iter()
            .map(|(_, id)| {
                let c = &claims[*id];
                c.frame
                    .and_then(|i| analyses[c.article].frames.get(i))
                    .is_some_and(|f| f.background)
            })
            .collect();
        let distinct: BTreeSet<&FactKey> = dated.iter().map(|(k, _)| k).collect();
        if !corefer || distinct.len() < 2 || (all_dated && recalled.len() > 1) {
            continue;
        }
        // a name in each report is weak evidence of one thing: only dates
        // that cannot both be right are worth the editor's eye ("two weeks
        // ago" and "on May 31" are one inspection told two ways)
        let clash = dated.iter().any(|(_, x)| {
            dated.iter().any(|(_, y)| {
                date_value(analyses[claims[*x].article], claims[*x].span)
                    .zip(date_value(analyses[claims[*y].article], claims[*y].span))
                    .is_some_and(|(v, w)| v.compatible(w) == Some(false))
            })
        });
        let nested = dated
            .iter()
            .all(|(kx, _)| dated.iter().all(|(ky, _)| holds(&holder(kx), &holder(ky))));
        if !clash && !nested {
            continue;
        }
        // the fact takes the longest of the names (the proper one)
        let Some(key) = distinct
            .iter()
            .max_by_key(|k| (holder(k).len(), holder(k)))
            .map(|k| (*k).clone())
        else {
            continue;
        };
        let ids: Vec<usize> = dated.iter().map(|(_, id)| *id).collect();
        for k in &distinct {
            if let Some(v) = keyed.get_mut(*k) {
                v.retain(|i| !ids.contains(i));
            }
        }
        let entry = keyed.entry(key).or_default();
        entry.extend(ids);
    }
    keyed.retain(|_, ids| !ids.is_empty());
    // sentences the aligner calls the same, both ways: (article, sentence)
    // pairs (a partial link shares some fact, not necessarily this one)
    let paired: PairedSentences = alignments
        .iter()
        .flat_map(|(a, b, al)| {
            al.pairs
                .iter()
                .filter(|p| p.kind == PairKind::Same)
                .flat_map(move |p| [((*a, p.left), (*b, p.right)), ((*b, p.right), (*a, p.left))])
        })
        .collect();
    // a secondary value is shown as differing, never asserted
    // a count one report gives that the other report gives too, of the
    // same kind of event, as another figure far from its main one
    // ("Coulibaly shot dead four people" against "17 people died in all"
    // and "killed four … in a grocery"): a part or another event the
    // reports agree on, not a conflict of the fact
    let point_of = |id: usize| {
        let f = frame_of(id)?;
        quantity_of(f, id)?.value
    };
    let also_gives = |holder: usize, other: usize, key: &FactKey| {
        if key.kind != ClaimKind::Number {
            return false;
        }
        let (Some(v), Some(event)) = (
            point_of(other),
            frame_of(other).and_then(|f| f.event.as_deref()),
        ) else {
            return false;
        };
        // another figure of the holder's report giving that value
        let gives = |of: &dyn Fn(usize, &Frame) -> bool| {
            by_article[&claims[holder].article].iter().any(|&i| {
                i != holder
                    && claims[i].kind == ClaimKind::Number
                    && frame_of(i).is_some_and(|f| of(i, f))
                    && point_of(i) == Some(v)
            })
        };
        // (a part the report gives of its own figure, in its sentence, is
        // that part however near: "17 people died, including 12 in the
        // attack on the magazine" against "12 people were killed")
        if gives(&|i, f| f.subset.is_some() && claims[i].sentence == claims[holder].sentence) {
            return true;
        }
        // (figures near each other are one count told two ways: "at least
        // 40" and "more than 50" injured)
        let near = point_of(holder).is_none_or(|h| h.min(v) <= 0.0 || within_factor_two(h, v));
        !near && gives(&|_, f| !f.superseded && f.event.as_deref() == Some(event))
    };
    let relate_shown = |x: usize, y: usize, key: &FactKey| match relate_ids(x, y, key) {
        Severity::Conflict | Severity::Update
            if secondary.contains(&x) || secondary.contains(&y) =>
        {
            Severity::Differs
        }
        Severity::Conflict if also_gives(x, y, key) || also_gives(y, x, key) => Severity::Differs,
        r => r,
    };
    let outlets_in_story: BTreeSet<usize> = members.iter().map(|&a| source_of[&a]).collect();
    // a count of men, women or children is a part of the people of the
    // same fact: it cannot exceed another report's count of them all ("two
    // men in critical condition" against "five hurt, one critically")
    let part_over_total: Vec<(FactKey, FactKey, Vec<usize>, Vec<usize>)> = keyed
        .iter()
        .filter(|(k, _)| {
            k.kind == ClaimKind::Number
                && k.counted
                    .as_deref()
                    .is_some_and(|c| PEOPLE_BY_SEX_OR_AGE.contains(&c))
        })
        .filter_map(|(k, parts)| {
            let total = FactKey {
                counted: Some("people".into()),
                ..k.clone()
            };
            let totals = keyed.get(&total)?.clone();
            Some((k.clone(), total, parts.clone(), totals))
        })
        .collect();
    let mut facts: Vec<Discrepancy> = Vec::new();
    let cx = FactContext {
        claims: &claims,
        articles,
        source_of: &source_of,
        followups: &followup_set,
        analyses,
    };
    // a story of casualties: one that counts the dead or the injured (only
    // there is the incident's own date or place worth a row when one outlet
    // gives it)
    let casualties = keyed
        .keys()
        .any(|key| CASUALTY_CLASSES.contains(&key.event.as_str()));
    // a lead time's claims split into the lengths one length could be
    // told as (within a factor of three, linked): "only 11 days before the
    // election" (the first letter) is another row than "just two days" /
    // "just hours" (the all-clear), never one row of both
    let keyed: Vec<(FactKey, Vec<usize>)> = keyed
        .into_iter()
        .flat_map(|(key, ids)| {
            if !key.is_lead() {
                return vec![(key, ids)];
            }
            let hours = |i: usize| {
                let c = &claims[i];
                crate::nlp::frames::lead_hours(cx.articles[c.article].text(c.span))
            };
            lead_groups(&ids, hours)
                .into_iter()
                .map(|g| (key.clone(), g))
                .collect()
        })
        .collect();
    for (key, mut ids) in keyed {
        // a share known only by its whole ("40 percent of the stock") or a
        // change by its thing ("shares fell 4%") is one fact only between
        // sentences that say the same thing (a story has many shares of the
        // vote and many falls of an index): a claim with no such partner
        // is left out
        // (a named company's shares are one fact where each report gives
        // one change of them: "sending shares in its parent company,
        // Brightlane Holdings, down 14%" and "shares in owner Brightlane
        // Holdings dropped 4%")
        let named_once = key
            .holder
            .as_deref()
            .is_some_and(|h| h.starts_with(crate::nlp::frames::NAMED_SHARES))
            && ids
                .iter()
                .map(|&i| claims[i].article)
                .collect::<BTreeSet<_>>()
                .len()
                == ids.len();
        // (a weapon too: a story of shootings names many, and only the
        // sentences that tell the same attack say which one it was)
        // (and a lead time: a story may time several things by one event,
        // "the first letter 11 days before the election", "cleared two
        // days before")
        let lead = key.is_lead();
        if (weak_share(&key) && !named_once) || key.kind == ClaimKind::Weapon || lead {
            let at = |i: usize| (claims[i].article, claims[i].sentence);
            // (or the sentence next to one the aligner paired: one outlet
            // says in two sentences what the other says in one, "estimated
            // the damage at €4.2 million. About 40 percent of the stock…")
            let next =
                |(a, s): (usize, usize)| [s.checked_sub(1), Some(s + 1)].map(|n| n.map(|n| (a, n)));
            // (a weapon only in the paired sentences themselves: the next
            // one may recall another attack)
            let beside = key.kind != ClaimKind::Weapon && !lead;
            let near = |x: usize, y: usize| {
                let (sx, sy) = (at(x), at(y));
                paired.contains(&(sx, sy))
                    || (beside
                        && (next(sx)
                            .iter()
                            .flatten()
                            .any(|&n| paired.contains(&(n, sy)))
                            || next(sy)
                                .iter()
                                .flatten()
                                .any(|&n| paired.contains(&(sx, n)))))
            };
            let all = ids.clone();
            ids.retain(|&x| all.iter().any(|&y| near(x, y)));
            if ids.len() < 2 {
                continue;
            }
        }
        ids.sort_by_key(|&i| {
            (
                everyone.iter().position(|&m| m == claims[i].article),
                secondary.contains(&i),
                i,
            )
        });
        // a fact needs a member; follow-ups only add to the members' facts
        let from_members = ids
            .iter()
            .filter(|&&i| !followup_set.contains(&claims[i].article))
            .count();
        if from_members == 0 {
            continue;
        }
        if from_members == 1 && ids.len() > 1 {
            // one member and follow-ups: compared; fine
        }
        let one_article = ids
            .iter()
            .map(|&i| claims[i].article)
            .collect::<BTreeSet<_>>()
            .len()
            == 1;
        // only the story's headline facts are worth an "only one outlet" row:
        // its tolls, and when and where it happened
        let headline = (crate::nlp::frames::is_toll_class(&key.event)
            || (casualties
                && key.event == "incident"
                && matches!(key.kind, ClaimKind::Date | ClaimKind::Place)
                && key.counted.is_none()))
            && key.subset.is_none();
        if one_article && (outlets_in_story.len() < 2 || !headline) {
            continue;
        }
        facts.push(keyed_fact(&cx, &key, ids, &|x, y| relate_shown(x, y, &key)));
    }
    for (part, total, parts, totals) in part_over_total {
        let interval = |id: usize| quantity_of(frame_of(id)?, id).map(|q| q.interval);
        let outlet = |id: usize| articles[claims[id].article].outlet.as_deref();
        // (the part's least above the total's most, in two outlets)
        let over = |p: usize, t: usize| {
            outlet(p) != outlet(t)
                && matches!((interval(p), interval(t)),
                    (Some(a), Some(b)) if !a.overlaps(&b) && a.lo >= b.hi)
        };
        let relate = |x: usize, y: usize| {
            let (p, t) = if parts.contains(&x) { (x, y) } else { (y, x) };
            if !(parts.contains(&p) && totals.contains(&t) && over(p, t)) {
                return Severity::Agree;
            }
            // a later report's part above an earlier total: the toll grew
            match (
                articles[claims[p].article].dated(),
                articles[claims[t].article].dated(),
            ) {
                (Some(a), Some(b)) if a > b => Severity::Update,
                _ => Severity::Conflict,
            }
        };
        let ids: Vec<usize> = parts
            .iter()
            .filter(|&&p| totals.iter().any(|&t| over(p, t)))
            .chain(
                totals
                    .iter()
                    .filter(|&&t| parts.iter().any(|&p| over(p, t))),
            )
            .copied()
            .collect();
        if ids.is_empty() {
            continue;
        }
        let mut fact = keyed_fact(&cx, &part, ids, &relate);
        fact.subject = format!("{}, more than {}", subject_of(&part), subject_of(&total));
        facts.push(fact);
    }

    // values of sentences the aligner calls the same, not compared yet: a
    // looser match (same kind of value, compatible frames, one candidate a
    // side; two predicates that differ, "gave up three runs" / "scored
    // eight runs", only with close figures, below)
    let used: BTreeSet<usize> = facts
        .iter()
        .flat_map(|f| f.claims.iter().copied())
        .collect();
    let mut aligned_pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (a, b, al) in &alignments {
        for p in al.pairs.iter().filter(|p| p.kind == PairKind::Same) {
            let side = |art: usize, sentence: usize| -> Vec<usize> {
                by_article
                    .get(&art)
                    .map(|v| {
                        v.iter()
                            .copied()
                            .filter(|&i| {
                                claims[i].sentence == sentence
                                    && claims[i].frame.is_some()
                                    && !used.contains(&i)
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (xs, ys) = (side(*a, p.left), side(*b, p.right));
            for &x in &xs {
                let fx = &analyses[*a].frames[claims[x].frame.expect("framed")];
                let peers: Vec<usize> = ys
                    .iter()
                    .copied()
                    .filter(|&y| {
                        let fy = &analyses[*b].frames[claims[y].frame.expect("framed")];
                        // a count hung from another noun, with no verb of
                        // its own ("the size of one bar"), is no count of
                        // what a verb did to bars
                        let placed = |f: &crate::nlp::frames::Frame| {
                            f.role != crate::nlp::frames::Role::Other
                        };
                        let same_role = fx.kind != crate::nlp::frames::ValueKind::Count
                            || fx.role == fy.role
                            || (placed(fx) && placed(fy));
                        claims[y].kind == claims[x].kind && frames_compatible(fx, fy) && same_role
                    })
                    .collect();
                let rivals = xs
                    .iter()
                    .filter(|&&o| {
                        claims[o].kind == claims[x].kind
                            && frames_compatible(
                                fx,
                                &analyses[*a].frames[claims[o].frame.expect("framed")],
                            )
                    })
                    .count();
                // two predicates that differ are one fact only with figures
                // close enough to be one count ("three runs" a pitcher
                // gave up are no "eight runs" another team scored)
                if peers.len() == 1 && rivals == 1 {
                    let fy = &analyses[*b].frames[claims[peers[0]].frame.expect("framed")];
                    // (a count no verb governs is one fact with another
                    // only when close: "a group of up to 100 people" / "as
                    // the three victims")
                    let unplaced = fx.event.is_none() || fy.event.is_none();
                    let count = fx.kind == crate::nlp::frames::ValueKind::Count;
                    let one_event = if unplaced {
                        !count
                    } else {
                        fx.event == fy.event
                    };
                    if one_event || close_figures((fx, analyses[*a]), (fy, analyses[*b])) {
                        aligned_pairs.insert((x, peers[0]));
                    }
                }
            }
        }
    }
    // one fact per key and claim: two reports' claims paired with the same
    // claim of a third, as one fact, are one row with the three values
    // ("about 700" in two reports against "about 600"), never a row per pair
    let mut aligned_facts: Vec<(FactKey, BTreeSet<usize>)> = Vec::new();
    for (x, y) in aligned_pairs {
        let f = &analyses[claims[x].article].frames[claims[x].frame.expect("framed")];
        // an age is an age whatever its clause says ("the six-year-old fell")
        let event = match f.kind {
            crate::nlp::frames::ValueKind::Age => "age".to_string(),
            _ => f.event.clone().unwrap_or_else(|| "value".into()),
        };
        let key = FactKey {
            kind: claims[x].kind,
            event,
            role: Some(f.role),
            counted: f.counted.clone(),
            subset: f.subset.clone(),
            holder: f.holder.clone(),
        };
        // (the first row of this key holding either claim takes the other;
        // two rows it would join stay apart, so nothing chains further)
        match aligned_facts
            .iter_mut()
            .find(|(k, ids)| *k == key && (ids.contains(&x) || ids.contains(&y)))
        {
            Some((_, ids)) => {
                ids.extend([x, y]);
            }
            None => aligned_facts.push((key, BTreeSet::from([x, y]))),
        }
    }
    for (key, ids) in aligned_facts {
        facts.push(keyed_fact(&cx, &key, ids.into_iter().collect(), &|x, y| {
            relate_ids(x, y, &key)
        }));
    }

    // names spelt two ways in sentences the aligner paired: one finding
    // per pair of spellings, with each article's first claim of either
    let mut spelt: BTreeMap<(String, String), BTreeMap<usize, usize>> = BTreeMap::new();
    for (a, b, al) in &alignments {
        for p in &al.pairs {
            let na = claim_ids(&claims, &by_article, *a, ClaimKind::Person, p.left);
            let nb = claim_ids(&claims, &by_article, *b, ClaimKind::Person, p.right);
            for &x in &na {
                for &y in &nb {
                    let (kx, ky) = (&claims[x].what, &claims[y].what);
                    if kx == ky
                        || !possible_variant(kx, ky)
                        || short_for_a_full_name(analyses[*a], kx, ky)
                        || short_for_a_full_name(analyses[*b], ky, kx)
                    {
                        continue;
                    }
                    let row = spelt.entry(sorted_pair(kx, ky)).or_default();
                    row.entry(claims[x].article).or_insert(x);
                    row.entry(claims[y].article).or_insert(y);
                }
            }
        }
    }
    // a one-word spelling set against a full name's first word already
    // ("Andrzej / Andrezej") is not set again against the full name
    // ("Andrezej / Andrzej Rynkiewicz"): one finding, which the full name
    // joins as the first word's spelling
    let first_word_pair = |(x, y): &(String, String)| {
        let (one, full) = match (x.contains(' '), y.contains(' ')) {
            (false, true) => (x, y),
            (true, false) => (y, x),
            _ => return None,
        };
        Some(sorted_pair(one, full.split(' ').next().unwrap_or(full)))
    };
    let repeated: Vec<((String, String), (String, String))> = spelt
        .keys()
        .filter_map(|k| {
            let p = first_word_pair(k)?;
            spelt.contains_key(&p).then(|| (k.clone(), p))
        })
        .collect();
    for (k, p) in repeated {
        let moved = spelt.remove(&k).unwrap_or_default();
        let row = spelt.entry(p).or_default();
        for (article, claim) in moved {
            row.entry(article).or_insert(claim);
        }
    }
    let mut found: Vec<Finding> = spelt
        .into_values()
        .map(|row| {
            // each article's fullest mention of its spelling ("Ruairi
            // McAndless", not the "McAndless" of the paired sentence)
            let ids: Vec<usize> = row
                .into_values()
                .map(|x| {
                    (0..claims.len())
                        .filter(|&c| {
                            claims[c].article == claims[x].article
                                && claims[c].kind == ClaimKind::Person
                                && claims[c].what == claims[x].what
                        })
                        .max_by_key(|&c| {
                            (
                                claims[c].span.end - claims[c].span.start,
                                std::cmp::Reverse(c),
                            )
                        })
                        .unwrap_or(x)
                })
                .collect();
            let mut spellings: Vec<&str> = Vec::new();
            for &i in &ids {
                if !spellings.contains(&claims[i].value.as_str()) {
                    spellings.push(&claims[i].value);
                }
            }
            (
                ClaimKind::Person,
                Severity::PossibleVariant,
                format!("name: {}", spellings.join(" / ")),
                ids,
            )
        })
        .collect();
    // (findings whose pairs do not all relate alike, by index in `found`)
    let mut pair_relations: HashMap<usize, PairRelations> = HashMap::new();
    for (finding, relations) in
        place_containment(members, articles, analyses, &mut claims, &by_article)
    {
        pair_relations.insert(found.len(), relations);
        found.push(finding);
    }
    found.extend(role_holders(
        members,
        articles,
        analyses,
        &claims,
        &by_article,
    ));
    found.extend(paired_tallies(
        members,
        articles,
        analyses,
        &mut claims,
        &source_of,
        &paired,
    ));
    let variants = spelling_variants(members, articles, analyses, &mut claims, &source_of, &found);
    found.extend(variants);
    let (quote_groups, quote_facts) = match_quotes(
        members,
        articles,
        analyses,
        &mut claims,
        &mut by_article,
        &source_of,
    );
    facts.extend(quote_facts);
    // pairwise findings become facts of their own, one per claim pair
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    let cx = FactContext {
        claims: &claims,
        articles,
        source_of: &source_of,
        followups: &followup_set,
        analyses,
    };
    for (n, (kind, sev, what, ids)) in found.into_iter().enumerate() {
        let mut key = ids.clone();
        key.sort();
        if !seen.insert(key) {
            continue;
        }
        // (two reports that spell a name alike agree, whatever a third does;
        // so do a first name and the full name it begins, but not a town
        // and the longer name that may be another town's)
        let spelt = |i: usize| &claims[i].what;
        let alike = |x: &str, y: &str| {
            x == y
                || (!shortened_place(x, y)
                    && (y.strip_prefix(x).is_some_and(|rest| rest.starts_with(' '))
                        || x.strip_prefix(y).is_some_and(|rest| rest.starts_with(' '))))
        };
        let relations = pair_relations.get(&n);
        facts.push(build_fact(&cx, kind, what, None, ids, &|x, y| {
            if let Some(r) = relations {
                r.get(&(x.min(y), x.max(y)))
                    .copied()
                    .unwrap_or(Severity::Agree)
            } else if sev == Severity::PossibleVariant && alike(spelt(x), spelt(y)) {
                Severity::Agree
            } else {
                sev
            }
        }));
    }
    let (mut agreed, mut discrepancies): (Vec<Discrepancy>, Vec<Discrepancy>) = facts
        .into_iter()
        .partition(|f| f.severity == Severity::Agree);
    let order = |a: &Discrepancy, b: &Discrepancy| {
        a.severity
            .cmp(&b.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.claims.cmp(&b.claims))
    };
    discrepancies.sort_by(order);
    agreed.sort_by(order);
    StoryClaims {
        claims,
        quotes: quote_groups,
        discrepancies,
        agreed,
        alignments,
        source_of,
        followups: followup_set.into_iter().collect(),
    }
}

/// A figure read as a pair: its kind, its span, its two numbers.
type PairFigure = (&'static str, Span, (u16, u16));

/// A vote's or a match's tally ("voted 7-2 to demolish", "beat Rovers
/// 3-1"): the cue word's kind, the two figures, larger first.
fn find_tallies(text: &str) -> Vec<PairFigure> {
    static TALLY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)(?-u:\b)(votes?|voted|voting|ruled|won|wins|lost|loses|beat|beaten|defeated|drew|draw|victory|defeat|win|loss)(?-u:\b)((?:[ ,]+[\w'’.-]+){0,4}?)[ ,]+(?:by[ ]+)?(\d{1,3})[ ]?[-–][ ]?(\d{1,3})(?-u:\b)",
        )
        .expect("tally pattern")
    });
    TALLY
        .captures_iter(text)
        .filter_map(|m| {
            let cue = m[1].to_lowercase();
            let kind = if cue.starts_with("vot") || cue == "ruled" {
                "vote tally"
            } else {
                "score"
            };
            // the figures end the phrase: "7-2 to demolish", "3-1," — never
            // "5-11 years", "10-12 people"
            let whole = m.get(0)?;
            let next = text[whole.end()..].trim_start();
            let next_word: String = next
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '%')
                .collect::<String>()
                .to_lowercase();
            let ends = next.is_empty()
                || next.starts_with(['.', ',', ';', ':', ')', '—', '–'])
                || matches!(
                    next_word.as_str(),
                    "to" | "in"
                        | "on"
                        | "at"
                        | "against"
                        | "with"
                        | "and"
                        | "after"
                        | "vote"
                        | "votes"
                        | "decision"
                        | "margin"
                        | "majority"
                        | "win"
                        | "victory"
                        | "defeat"
                        | "loss"
                        | "over"
                        | "ruling"
                        | "verdict"
                        | "for"
                );
            // a thousands separator or a decimal goes on ("5-6,000"), and
            // an age or a range is no tally ("aged 18-24", "from 5-7")
            let digit_after =
                next.starts_with([',', '.']) && next[1..].starts_with(|c: char| c.is_ascii_digit());
            let range = m[2]
                .split([' ', ','])
                .rfind(|w| !w.is_empty())
                .is_some_and(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "aged" | "ages" | "age" | "between" | "from" | "of"
                    )
                });
            if digit_after || range {
                return None;
            }
            let (x, y): (u16, u16) = (m[3].parse().ok()?, m[4].parse().ok()?);
            let start = m.get(3)?.start();
            let end = m.get(4)?.end();
            ends.then_some((kind, Span::new(start, end), (x.max(y), x.min(y))))
        })
        .collect()
}

/// Tallies, figures that say one thing only as a pair, given two ways in
/// sentences the aligner paired: a vote's or a match's ("voted 7-2" /
/// "voted 6-3"). Each article's one value of a kind (an article giving several
/// compares none). (Periods of years, "between 2016 and 2021", were tried
/// and left out: on real news two periods in like sentences were two
/// statistics' periods.)
fn paired_tallies(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    claims: &mut Vec<Claim>,
    source_of: &HashMap<usize, usize>,
    paired: &PairedSentences,
) -> Vec<Finding> {
    // per article and kind: (sentence, span, value)
    type Found = (usize, Span, (u16, u16));
    let mut per: BTreeMap<(usize, &'static str), Vec<Found>> = BTreeMap::new();
    for &a in members {
        for (si, sent) in analyses[a].reporting_sentences() {
            let text = articles[a].text(sent.span);
            for (kind, span, t) in find_tallies(text) {
                let span = Span::new(sent.span.start + span.start, sent.span.start + span.end);
                per.entry((a, kind)).or_default().push((si, span, t));
            }
        }
    }
    per.retain(|_, v| v.iter().all(|f| f.2 == v[0].2));
    let mut ids: HashMap<(usize, Span), usize> = HashMap::new();
    let mut claim_of = |a: usize, kind: &str, f: &Found, claims: &mut Vec<Claim>| {
        *ids.entry((a, f.1)).or_insert_with(|| {
            claims.push(Claim {
                article: a,
                sentence: f.0,
                kind: ClaimKind::Number,
                span: f.1,
                what: kind.into(),
                value: articles[a].text(f.1).to_string(),
                frame: None,
            });
            claims.len() - 1
        })
    };
    let mut out = Vec::new();
    let keys: Vec<(usize, &'static str)> = per.keys().copied().collect();
    for (i, &(a, kind)) in keys.iter().enumerate() {
        for &(b, kind_b) in &keys[i + 1..] {
            if kind != kind_b || a == b || source_of.get(&a) == source_of.get(&b) {
                continue;
            }
            let pair = per[&(a, kind)].iter().find_map(|fa| {
                per[&(b, kind)]
                    .iter()
                    .find(|fb| paired.contains(&((a, fa.0), (b, fb.0))))
                    .map(|fb| (*fa, *fb))
            });
            let Some((fa, fb)) = pair else { continue };
            if fa.2 == fb.2 {
                continue;
            }
            let (x, y) = (
                claim_of(a, kind, &fa, claims),
                claim_of(b, kind, &fb, claims),
            );
            out.push((
                ClaimKind::Number,
                Severity::Conflict,
                kind.to_string(),
                vec![x, y],
            ));
        }
    }
    out
}

/// The last word of a person's key ("greta lindahl" → "lindahl").
fn surname(key: &str) -> &str {
    key.rsplit(' ').next().unwrap_or(key)
}

/// Positions one person holds at a time, as news names them: (the
/// position, its names). "Kipway boss" and "chief executive" are one.
/// Posts that one story often names twice (the mayors of two towns, the
/// coaches of two teams, two countries' prime ministers, the chiefs of two
/// police forces) are left out: their holders are not told apart here.
const UNIQUE_ROLES: &[(&str, &[&str])] = &[
    (
        "chief executive",
        &[
            "chief executive officer",
            "chief executive",
            "ceo",
            "boss",
            "managing director",
        ],
    ),
    ("returning officer", &["returning officer"]),
    (
        "head teacher",
        &[
            "head teacher",
            "headteacher",
            "headmaster",
            "headmistress",
            "principal",
        ],
    ),
    ("coroner", &["coroner"]),
];

/// The position a person is named with, and what it is of: "Returning
/// officer Yusuf Demirel", "the returning officer, Greta Lindahl", "Kipway
/// boss Martin Abara" (of "kipway"), "Lorna Pike, the chief executive,",
/// "Lorna Pike, chief executive of Rivalco," (of "rivalco"). A bare "boss"
/// needs its owner ("union boss", "crime boss" are no post of one).
fn named_role(text: &str, span: Span, sentence: Span) -> Option<(&'static str, Option<String>)> {
    // "deputy chief executive", "former head teacher": another post
    const ANOTHER: &[&str] = &[
        "deputy",
        "vice",
        "former",
        "outgoing",
        "acting",
        "interim",
        "new",
        "assistant",
        "ex",
        "late",
        "incoming",
        "previous",
    ];
    // (ASCII lowering keeps every byte where it was, so the original's
    // capitals can be read at the same offsets)
    let original = text.get(sentence.start..span.start)?;
    let lowered = original.to_ascii_lowercase();
    let before = lowered.trim_end().trim_end_matches(',').trim_end();
    let after = text.get(span.end..sentence.end)?.to_ascii_lowercase();
    let starts_word =
        |s: &str, i: usize| s[..i].chars().last().is_none_or(|c| !c.is_alphanumeric());
    let possessive = |w: &str| {
        w.trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    };
    // "… of Rivalco": the owner named after the post
    let owner_after = |rest: &str| {
        let rest = rest.trim_start().strip_prefix("of ")?;
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        let w = rest.split_whitespace().next()?;
        Some(possessive(w)).filter(|w| !w.is_empty())
    };
    // the post ends there: "… chief executive, said", not "… chief
    // executive's wife" or "principal investigator"
    let ends_post = |rest: &str| {
        rest.is_empty()
            || rest.starts_with([',', '.', ';', ':', ')'])
            || [" of ", " said", " says", " told", " and "]
                .iter()
                .any(|w| rest.starts_with(w))
    };
    for (role, names) in UNIQUE_ROLES {
        for name in *names {
            // "… boss NAME", "the returning officer, NAME"
            if before.ends_with(name) && starts_word(before, before.len() - name.len()) {
                let rest = before[..before.len() - name.len()].trim_end();
                if ANOTHER
                    .iter()
                    .any(|w| rest.ends_with(w) && starts_word(rest, rest.len() - w.len()))
                    || rest.ends_with('-')
                {
                    continue;
                }
                // the word before is what the post is of only when it is a
                // name written with a capital ("Kipway boss", "Kipway's
                // chief executive"), not "said" or "and"
                let start = rest.rfind(|c: char| c.is_whitespace()).map_or(0, |k| k + 1);
                let word = &rest[start..];
                let of = (!word.is_empty()
                    && !matches!(word, "the" | "a" | "an" | "its" | "his" | "her" | "their")
                    && original
                        .get(start..)
                        .and_then(|o| o.chars().next())
                        .is_some_and(char::is_uppercase))
                .then(|| possessive(word))
                .filter(|w| !w.is_empty());
                if *name == "boss" && of.is_none() {
                    continue;
                }
                return Some((role, of));
            }
            // "NAME, the chief executive,", "NAME, Kipway's chief
            // executive", "NAME, chief executive of Rivalco"
            if let Some(rest) = after.trim_start().strip_prefix(',') {
                let rest = rest.trim_start();
                let rest = rest.strip_prefix("the ").unwrap_or(rest);
                let (of, rest) = match rest.split_once(' ') {
                    Some((w, r)) if w.ends_with("'s") || w.ends_with("’s") => {
                        (Some(possessive(w)), r)
                    }
                    _ => (None, rest),
                };
                if let Some(tail) = rest.strip_prefix(name)
                    && ends_post(tail)
                {
                    let of = of.or_else(|| owner_after(tail));
                    if *name == "boss" && of.is_none() {
                        continue;
                    }
                    return Some((role, of));
                }
            }
        }
    }
    None
}

/// One position held by two different people: "Chief executive Lorna Pike"
/// in one report, "Kipway boss Martin Abara" in another. Only where each
/// report names one holder of the position, both written in full, neither
/// named anywhere in the other report (then both may hold some post),
/// neither a spelling of the other, and the positions not of two named
/// bodies ("the city's mayor" and "the county's mayor").
fn role_holders(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    claims: &[Claim],
    by_article: &HashMap<usize, Vec<usize>>,
) -> Vec<Finding> {
    // per article: position → (person key, what it is of, claim)
    type Held = (String, Option<String>, usize);
    let mut held: Vec<(usize, BTreeMap<&'static str, Vec<Held>>)> = Vec::new();
    for &a in members {
        let an = analyses[a];
        let mut roles: BTreeMap<&'static str, Vec<Held>> = BTreeMap::new();
        for &i in by_article.get(&a).into_iter().flatten() {
            let c = &claims[i];
            if c.kind != ClaimKind::Person || !c.what.contains(' ') {
                continue;
            }
            let Some(sentence) = an.sentences.get(c.sentence) else {
                continue;
            };
            if let Some((role, of)) = named_role(&articles[a].body, c.span, sentence.span) {
                roles.entry(role).or_default().push((c.what.clone(), of, i));
            }
        }
        held.push((a, roles));
    }
    let names = |a: usize| -> BTreeSet<&str> {
        analyses[a]
            .entities
            .canonical
            .iter()
            .map(|c| c.key.as_str())
            .collect()
    };
    let mut out = Vec::new();
    for (x, (a, ra)) in held.iter().enumerate() {
        for (b, rb) in &held[x + 1..] {
            if same_outlet(articles[*a], articles[*b]) {
                continue;
            }
            let (na, nb) = (names(*a), names(*b));
            for (role, ha) in ra {
                let Some(hb) = rb.get(role) else { continue };
                let one = |h: &[Held]| h.iter().all(|p| p.0 == h[0].0).then(|| h[0].clone());
                let (Some(pa), Some(pb)) = (one(ha), one(hb)) else {
                    continue;
                };
                // the posts of two named bodies, or of a body one report
                // names and the other never mentions, are two posts
                let mentions = |art: usize, body: &str| fold(&articles[art].body).contains(body);
                let bodies_differ = match (&pa.1, &pb.1) {
                    (Some(p), Some(q)) => p != q,
                    (Some(p), None) => !mentions(*b, p),
                    (None, Some(q)) => !mentions(*a, q),
                    (None, None) => false,
                };
                if pa.0 == pb.0
                    || bodies_differ
                    || nb.contains(pa.0.as_str())
                    || na.contains(pb.0.as_str())
                    || surname(&pa.0) == surname(&pb.0)
                    || possible_variant(&pa.0, &pb.0)
                    || possible_variant(surname(&pa.0), surname(&pb.0))
                {
                    continue;
                }
                out.push((
                    ClaimKind::Person,
                    Severity::Conflict,
                    format!("who is the {role}"),
                    vec![pa.2, pb.2],
                ));
            }
        }
    }
    out
}

/// A place name and its long form with a linking word: "sandrith" /
/// "sandrith on tarn", "stratford" / "stratford upon avon" (which may be
/// two places: the editor checks).
fn shortened_place(x: &str, y: &str) -> bool {
    const LINKS: &[&str] = &[
        "on", "upon", "under", "by", "in", "sur", "am", "an", "le", "la",
    ];
    let (short, long) = if x.len() < y.len() { (x, y) } else { (y, x) };
    short.chars().count() >= 4
        && long
            .strip_prefix(short)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|rest| rest.split(' ').next())
            .is_some_and(|link| LINKS.contains(&link))
}

/// Two names of as many words, word by word; `None` when the counts differ.
fn word_pairs<'a>(x: &'a str, y: &'a str) -> Option<Vec<(&'a str, &'a str)>> {
    let (wx, wy): (Vec<&str>, Vec<&str>) = (x.split(' ').collect(), y.split(' ').collect());
    (wx.len() == wy.len()).then(|| wx.into_iter().zip(wy).collect())
}

/// Two names that differ only by one letter in one or two words
/// ("Tomasz Wielgosz" / "Tomas Wielgosz", "Halvick" / "Halvik"), each word
/// pair starting alike and long enough not to be two ordinary names.
fn spelt_alike(x: &str, y: &str) -> bool {
    let Some(words) = word_pairs(x, y) else {
        return false;
    };
    let differing: Vec<&(&str, &str)> = words.iter().filter(|(a, b)| a != b).collect();
    !differing.is_empty()
        && differing.len() <= 2
        && !(words.len() == 1 && plural_or_possessive(x, y))
        && differing.iter().all(|(a, b)| {
            let shorter = a.chars().count().min(b.chars().count());
            let d = strsim::levenshtein(a, b);
            // (two letters apart are often two names: Austria, Australia)
            a.chars().next() == b.chars().next() && shorter >= 5 && d == 1
        })
}

/// Two place names that differ only in the linking word, written two ways
/// between two longer words ("Mazar-i-Sharif", "Mazar-e-Sharif"; "Ras
/// al-Khaimah", "Ras el-Khaimah"). (For people the same letters are
/// middle initials: "John E. Smith" and "John I. Smith" are two men.)
fn linked_alike(x: &str, y: &str) -> bool {
    const LINKS: &[&str] = &["i", "e", "al", "el", "ul"];
    let Some(words) = word_pairs(x, y) else {
        return false;
    };
    let differing: Vec<&(&str, &str)> = words.iter().filter(|(a, b)| a != b).collect();
    let same_long = words
        .iter()
        .filter(|(p, q)| p == q && p.chars().count() >= 3)
        .count();
    matches!(differing.as_slice(), [(a, b)] if LINKS.contains(a) && LINKS.contains(b))
        && same_long >= 2
}

/// Names of people, organisations and places that one outlet spells one
/// way and another outlet another way, each outlet keeping to its
/// spelling, wherever in the reports they stand (the aligner need not pair
/// their sentences; the model may label one spelling a person and the
/// other an organisation). One finding per pair of spellings, with every
/// article using either; a name claim is added where none holds the
/// mention yet.
fn spelling_variants(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    claims: &mut Vec<Claim>,
    source_of: &HashMap<usize, usize>,
    known: &[Finding],
) -> Vec<Finding> {
    let mut known_pairs: BTreeSet<(String, String)> = BTreeSet::new();
    for f in known.iter().filter(|f| f.1 == Severity::PossibleVariant) {
        for &x in &f.3 {
            for &y in &f.3 {
                known_pairs.insert((claims[x].what.clone(), claims[y].what.clone()));
            }
        }
    }
    let known = known_pairs;
    // each article's names, whatever the model labelled each mention (it
    // may call one spelling a place and the other an organisation): key ->
    // (first mention's sentence, span, shown name, named as a place)
    type Mention = (usize, Span, String, bool);
    let mut names: BTreeMap<usize, BTreeMap<String, Mention>> = BTreeMap::new();
    for &a in members {
        let an = analyses[a];
        for (si, sent) in an.reporting_sentences() {
            for m in an.mentions_in(sent.span) {
                if !matches!(m.group, Group::Person | Group::Org | Group::Place) {
                    continue;
                }
                let c = &an.entities.canonical[m.canonical];
                let text = articles[a].text(m.span);
                let entry = names.entry(a).or_default().entry(c.key.clone()).or_insert((
                    si,
                    m.span,
                    text.to_string(),
                    false,
                ));
                entry.3 |= m.group == Group::Place;
                // a dateline in capitals ("PELLHAM QUAY —") is a poor
                // witness of the spelling: the first mention in prose is
                let shouting = |t: &str| !t.chars().any(char::is_lowercase);
                if shouting(&entry.2) && !shouting(text) {
                    (entry.0, entry.1, entry.2) = (si, m.span, text.to_string());
                }
            }
        }
    }
    let mut pairs: BTreeMap<(String, String), BTreeSet<(usize, String)>> = BTreeMap::new();
    for (&a, na) in &names {
        for (&b, nb) in &names {
            if a >= b || source_of.get(&a) == source_of.get(&b) {
                continue;
            }
            for x in na.keys() {
                if nb.contains_key(x) {
                    continue;
                }
                for y in nb.keys() {
                    if na.contains_key(y)
                        || known.contains(&(x.clone(), y.clone()))
                        || !(spelt_alike(x, y)
                            || (na[x].3
                                && nb[y].3
                                && (shortened_place(x, y) || linked_alike(x, y))))
                    {
                        continue;
                    }
                    let (first, second) = if x < y { (x, y) } else { (y, x) };
                    let row = pairs.entry((first.clone(), second.clone())).or_default();
                    row.insert((a, x.clone()));
                    row.insert((b, y.clone()));
                }
            }
        }
    }
    let mut out = Vec::new();
    for row in pairs.into_values() {
        let place = row.iter().any(|(a, name)| names[a][name].3);
        let kind = if place {
            ClaimKind::Place
        } else {
            ClaimKind::Person
        };
        let mut ids = Vec::new();
        let mut spellings: Vec<String> = Vec::new();
        for (a, name) in row {
            let (si, span, shown, _) = names[&a][&name].clone();
            let existing = claims.iter().position(|c| {
                c.article == a && c.span == span && c.kind == kind && c.frame.is_none()
            });
            let id = existing.unwrap_or_else(|| {
                claims.push(Claim {
                    article: a,
                    sentence: si,
                    kind,
                    span,
                    what: name.clone(),
                    value: shown.clone(),
                    frame: None,
                });
                claims.len() - 1
            });
            if !spellings.contains(&shown) {
                spellings.push(shown);
            }
            ids.push(id);
        }
        let label = if place { "place" } else { "name" };
        out.push((
            kind,
            Severity::PossibleVariant,
            format!("{label}: {}", spellings.join(" / ")),
            ids,
        ));
    }
    out
}

/// Place containment: "Brantmoor, Calder Province" in one report and
/// "Brantmoor in Eastmere Province" in another put one place in two
/// regions.
fn place_containment(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    claims: &mut Vec<Claim>,
    by_article: &HashMap<usize, Vec<usize>>,
) -> Vec<(Finding, PairRelations)> {
    // every place mention, not only the framed ones
    let mut places: HashMap<usize, Vec<usize>> = HashMap::new();
    for &a in members {
        let an = analyses[a];
        for (si, s) in an.reporting_sentences() {
            for m in an.mentions_in(s.span) {
                if m.group != Group::Place {
                    continue;
                }
                let c = &an.entities.canonical[m.canonical];
                let existing = by_article.get(&a).and_then(|v| {
                    v.iter()
                        .copied()
                        .find(|&i| claims[i].span == m.span && claims[i].kind == ClaimKind::Place)
                });
                let id = existing.unwrap_or_else(|| {
                    claims.push(Claim {
                        article: a,
                        sentence: si,
                        kind: ClaimKind::Place,
                        span: m.span,
                        what: c.key.clone(),
                        value: c.name.clone(),
                        frame: None,
                    });
                    claims.len() - 1
                });
                places.entry(a).or_default().push(id);
            }
        }
    }
    let key_of = |c: &Claim| name_key(&c.value);
    let mut parents: HashMap<String, Vec<(String, usize, usize)>> = HashMap::new(); // child → (parent key, child claim, parent claim)
    for &a in members {
        let list = places.get(&a).cloned().unwrap_or_default();
        for &pi in &list {
            let (sentence, parent_span) = (claims[pi].sentence, claims[pi].span);
            let parent_key = key_of(&claims[pi]);
            let s_start = analyses[a].sentences[sentence].span.start;
            let before = &articles[a].body[s_start..parent_span.start];
            // (not two items of a list of places: "Lyon, Baltimore,
            // Ferguson in Missouri", "Lyon, Baltimore and Ferguson"; a
            // chain "Baoding, Hebei, China" keeps its first link)
            let body = &articles[a].body;
            let here: Vec<Span> = list
                .iter()
                .filter(|&&o| claims[o].sentence == sentence)
                .map(|&o| claims[o].span)
                .collect();
            let listed = |child: Span| {
                let before = here
                    .iter()
                    .any(|o| o.end <= child.start && body[o.end..child.start].trim() == ",");
                let after = here.iter().any(|o| {
                    o.start >= parent_span.end
                        && matches!(
                            body[parent_span.end..o.start].trim(),
                            "and" | ", and" | "or" | ", or"
                        )
                });
                before || after
            };
            let child = list
                .iter()
                .copied()
                .filter(|&ci| {
                    claims[ci].sentence == sentence && claims[ci].span.end <= parent_span.start
                })
                .max_by_key(|&ci| claims[ci].span.end)
                .filter(|&ci| {
                    CONTAINED_IN.is_match(&articles[a].body[claims[ci].span.end..parent_span.start])
                        && !listed(claims[ci].span)
                });

            let child = match child {
                Some(ci) => Some(ci),
                None => CHILD_BEFORE.captures(before).and_then(|c| {
                    let m = c.get(1)?;
                    let span = Span::new(s_start + m.start(), s_start + m.end());
                    let name = m.as_str();
                    if crate::nlp::terms::STOPWORDS.contains(&fold(name).as_str()) {
                        return None;
                    }
                    // "late Monday in Union County": a day is no place
                    let when = analyses[a]
                        .entities
                        .mentions
                        .iter()
                        .any(|m| matches!(m.label, "DATE" | "TIME") && m.span.overlaps(span));
                    if when || is_calendar_word(name) || listed(span) {
                        return None;
                    }
                    // "the U.S. Embassy in Algiers" names which embassy: a
                    // building or body is in many places, no place is in two
                    let body = analyses[a]
                        .entities
                        .mentions
                        .iter()
                        .any(|m| m.group != Group::Place && m.span.overlaps(span));
                    let head = fold(name.rsplit([' ', '-']).next().unwrap_or(name));
                    if body
                        || INSTITUTIONS.contains(&head.as_str())
                        || FACILITIES.contains(&head.as_str())
                    {
                        return None;
                    }
                    claims.push(Claim {
                        article: a,
                        sentence,
                        kind: ClaimKind::Place,
                        span,
                        what: name_key(name),
                        value: name.to_string(),
                        frame: None,
                    });
                    Some(claims.len() - 1)
                }),
            };
            if let Some(ci) = child
                && key_of(&claims[ci]) != parent_key
            {
                parents
                    .entry(key_of(&claims[ci]))
                    .or_default()
                    .push((parent_key, ci, pi));
            }
        }
    }
    let contains = |p: &str, c: &str| {
        parents
            .get(c)
            .is_some_and(|v| v.iter().any(|(q, _, _)| q == p))
    };
    // the story's own text may nest the two ("Hebei's Baoding", "Baoding,
    // Hebei", "Baoding in Hebei"): then they are not two regions
    let texts: Vec<String> = members.iter().map(|&a| fold(&articles[a].body)).collect();
    let nested_in_text = |x: &str, y: &str| {
        let (x, y) = (fold(x), fold(y));
        [
            format!("{x}'s {y}"),
            format!("{x}’s {y}"),
            format!("{y}, {x}"),
            format!("{y} in {x}"),
            format!("{y} of {x}"),
        ]
        .iter()
        .any(|p| texts.iter().any(|t| t.contains(p.as_str())))
    };
    // "Ill." is "Illinois": a dotted abbreviation of the other name
    let abbreviation = |x: &str, y: &str| {
        let (x, y) = (fold(x), fold(y));
        let short = |a: &str, b: &str| {
            a.ends_with('.') && b.starts_with(a.trim_end_matches('.')) && a.len() >= 3
        };
        short(&x, &y) || short(&y, &x)
    };
    // one row per place: every report's region for it (one claim per
    // report and region, however often the report repeats it), with the
    // relation of each pair that disagrees; the rest agree
    let mut rows: BTreeMap<String, (String, Vec<usize>, PairRelations)> = BTreeMap::new();
    let mut first_of: HashMap<(usize, String), usize> = HashMap::new();
    for (child, ps) in &parents {
        for (i, (p1, c1, pc1)) in ps.iter().enumerate() {
            for (p2, c2, pc2) in &ps[i + 1..] {
                let (a1, a2) = (claims[*c1].article, claims[*c2].article);
                let (v1, v2) = (
                    articles[a1].text(claims[*pc1].span).to_string(),
                    articles[a2].text(claims[*pc2].span).to_string(),
                );
                let (v1, v2) = (&v1, &v2);
                if a1 == a2
                    || same_outlet(articles[a1], articles[a2])
                    || p1 == p2
                    || contains(p1, p2)
                    || contains(p2, p1)
                    || nested_places(p1, p2)
                    || nested_in_text(v1, v2)
                    || nested_in_text(v2, v1)
                    || abbreviation(v1, v2)
                    || one_us_state(v1, v2)
                    || one_us_state(p1, p2)
                {
                    continue;
                }
                let sev = if possible_variant(p1, p2) {
                    Severity::PossibleVariant
                } else {
                    Severity::Conflict
                };
                // the parents are the values: where the place is
                let mut first = |a: usize, key: &str, id: usize| {
                    *first_of.entry((a, key.to_string())).or_insert(id)
                };
                let (pv1, pv2) = (first(a1, p1, *pc1), first(a2, p2, *pc2));
                let (_, ids, relations) = rows.entry(child.clone()).or_insert_with(|| {
                    (
                        format!("where {} is", claims[*c1].value),
                        Vec::new(),
                        PairRelations::new(),
                    )
                });
                for id in [pv1, pv2] {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                relations.insert((pv1.min(pv2), pv1.max(pv2)), sev);
            }
        }
    }
    rows.into_values()
        .map(|(subject, ids, relations)| {
            // (the row's severity is its worst pair's: see `build_fact`)
            let sev = relations.values().copied().min().unwrap_or(Severity::Agree);
            ((ClaimKind::Place, sev, subject, ids), relations)
        })
        .collect()
}

/// Days, months and relative days: capitalised, never places.
fn is_calendar_word(name: &str) -> bool {
    let name = fold(name);
    crate::nlp::dates::is_day_or_month(&name)
        || matches!(
            name.as_str(),
            "today" | "yesterday" | "tonight" | "tomorrow"
        )
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

/// The part of the day a report gives for a date of one day: the date's
/// own words ("on Tuesday night") or a time of the same event, or right
/// beside it, in its sentence ("at 6.10am on Tuesday", "Tuesday, shortly
/// before midnight").
fn day_part_of(an: &Analysis, article: &Article, f: &Frame, v: &DateValue) -> Option<&'static str> {
    day_part_read(an, article, f, v, true)
}

/// [`day_part_of`], from words only ("Tuesday night", "on Tuesday … at
/// night"; not a part of the day read from a clock time) when `clocks` is
/// false.
fn day_part_read(
    an: &Analysis,
    article: &Article,
    f: &Frame,
    v: &DateValue,
    clocks: bool,
) -> Option<&'static str> {
    use crate::nlp::dates::day_part;
    if v.width() != 1 {
        return None;
    }
    if let Some(p) = day_part(article.text(f.span), None) {
        return Some(p);
    }
    // "late Thursday", "late on 16 April": that day's night
    let before = article.body[..f.span.start.min(article.body.len())]
        .split_whitespace()
        .rev()
        .take(2)
        .map(str::to_lowercase)
        .collect::<Vec<_>>();
    let late = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()) == "late";
    if fold(article.text(f.span)).starts_with("late ")
        || before.first().is_some_and(|w| late(w))
        || (before.first().is_some_and(|w| w == "on") && before.get(1).is_some_and(|w| late(w)))
    {
        return Some("night");
    }
    let near = |a: Span, b: Span| a.start.abs_diff(b.end) < 24 || b.start.abs_diff(a.end) < 24;
    an.frames
        .iter()
        .filter(|t| {
            t.kind == crate::nlp::frames::ValueKind::Time
                && t.sentence == f.sentence
                && t.counted.as_deref() != Some("duration")
                && (t.event == f.event || near(t.span, f.span))
        })
        .find_map(|t| {
            let text = article.text(t.span);
            day_part(
                text,
                crate::nlp::frames::clock_interval(text).filter(|_| clocks),
            )
        })
}

fn date_value(an: &Analysis, span: Span) -> Option<&DateValue> {
    an.dates
        .iter()
        .find(|(_, s, _)| *s == span)
        .map(|(_, _, v)| v)
}

/// The cosine of the embeddings of two quotes' sentences, by one speaker,
/// from which they are one quote in other words.
const REWORDED_QUOTE: f32 = 0.8;

/// The same, whoever each report credits the quote to (attribution is the
/// weakest part of a quote, so the sentences must be closer).
const REWORDED_QUOTE_ANY_SPEAKER: f32 = 0.9;

/// True when one name key is part of the other, whole words of three
/// letters or more ("jos" of "jos verstappen"; not "al" of "al jazeera").
fn part_of_name(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let long: Vec<&str> = long.split(' ').collect();
    !short.is_empty()
        && short != long.join(" ")
        && short
            .split(' ')
            .all(|w| w.chars().count() >= 3 && long.contains(&w))
}

/// How many words two word lists share in order (their longest common
/// subsequence, by `similar`'s diff).
fn words_in_order(a: &[String], b: &[String]) -> usize {
    similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

/// Folded words of a quote, for matching: "&" is "and", and a word British
/// and American English spell apart is spelt one way ("honour" / "honor",
/// "travelling" / "traveling").
fn quote_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .flat_map(|w| w.split_inclusive('&'))
        .flat_map(|w| match w.strip_suffix('&') {
            Some(before) => [before, "and"],
            None => [w, ""],
        })
        .filter(|w| !w.is_empty())
        .map(|w| crate::nlp::fold::spelling_key(w).into_owned())
        .collect()
}

/// Groups quotes across the story's articles by their words; each group
/// carried by two outlets or more is a fact: the quote worded differently
/// (differs) and, as a fact of its own, one quote credited to two named
/// people (conflict).
fn match_quotes(
    members: &[usize],
    articles: &[&Article],
    analyses: &[&Analysis],
    claims: &mut Vec<Claim>,
    by_article: &mut HashMap<usize, Vec<usize>>,
    source_of: &HashMap<usize, usize>,
) -> (Vec<QuoteGroup>, Vec<Discrepancy>) {
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
                frame: None,
            });
            by_article.entry(a).or_default().push(id);
            items.push((a, qi, id, quote_words(articles[a].text(q.span))));
        }
    }
    let outlets: Vec<String> = members
        .iter()
        .filter_map(|&m| articles[m].outlet.as_deref().map(name_key))
        .collect();
    // quotes are compared sentence by sentence: a long quote that runs
    // over several sentences holds the one another outlet kept
    let pieces: Vec<Vec<Vec<String>>> = items
        .iter()
        .map(|(a, qi, _, _)| {
            let text = articles[*a].text(analyses[*a].quotes[*qi].span);
            text.split_inclusive(['.', '?', '!'])
                .map(quote_words)
                .filter(|w| w.len() >= 3)
                .collect()
        })
        .collect();
    // shared words are counted over content words, every inflection of a
    // word as one ("answered their pleas" / "answering their plea"): "I
    // heard a … at around" is not a quote two people share
    // (each quote's and each piece's content words, stemmed once)
    let content = |w: &[String]| -> BTreeSet<String> {
        w.iter()
            .filter(|w| !crate::nlp::terms::is_stopword(w))
            .map(|w| crate::nlp::terms::inflection_stem(w))
            .collect()
    };
    let whole_content: Vec<BTreeSet<String>> = items.iter().map(|it| content(&it.3)).collect();
    let piece_content: Vec<Vec<BTreeSet<String>>> = pieces
        .iter()
        .map(|ps| ps.iter().map(|p| content(p)).collect())
        .collect();
    let similar = |i: usize, j: usize| {
        let score = |sa: &BTreeSet<String>, sb: &BTreeSet<String>| {
            let shared = sa.intersection(sb).count();
            let contain = shared as f32 / sa.len().min(sb.len()).max(1) as f32;
            (shared, contain)
        };
        let whole = score(&whole_content[i], &whole_content[j]);
        let best = piece_content[i]
            .iter()
            .flat_map(|x| piece_content[j].iter().map(move |y| score(x, y)))
            .filter(|(shared, _)| *shared >= 4)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        match best {
            Some(b) if b.1 > whole.1 => b,
            _ => whole,
        }
    };
    // one quote in other words: the same speaker, and sentences that say
    // the same thing ("We will not be paying criminals" / "We won't pay
    // criminals"), by their embeddings
    let speaker_key = |i: usize| {
        analyses[items[i].0].quotes[items[i].1]
            .speaker
            .as_ref()
            .map(|s| s.key.as_str())
    };
    let reworded = |i: usize, j: usize| {
        // one person (a spelling variant at most, or part of the name:
        // "Jos" and "Jos Verstappen", "Vettel" and "Sebastian Vettel")
        let same_speaker = match (speaker_key(i), speaker_key(j)) {
            (Some(si), Some(sj)) => si == sj || possible_variant(si, sj) || part_of_name(si, sj),
            _ => false,
        };
        // words in common
        if similar(i, j).0 < 2 {
            return false;
        }
        let vectors = |k: usize| {
            let (a, qi) = (items[k].0, items[k].1);
            let span = analyses[a].quotes[qi].span;
            let sentence_vectors = analyses[a].sentence_vectors(articles[a]);
            analyses[a]
                .sentences
                .iter()
                .enumerate()
                .filter(move |(_, s)| s.span.overlaps(span))
                .filter_map(move |(n, _)| sentence_vectors.get(n).and_then(Option::as_ref))
        };
        let best = vectors(i)
            .flat_map(|x| vectors(j).map(move |y| x.cosine(y)))
            .fold(f32::MIN, f32::max);
        if std::env::var_os("NEWSDESK_DEBUG_QUOTES").is_some() {
            eprintln!(
                "QUOTEPAIR {best:.3} | {} | {}",
                articles[items[i].0].text(analyses[items[i].0].quotes[items[i].1].span),
                articles[items[j].0].text(analyses[items[j].0].quotes[items[j].1].span)
            );
        }
        best >= if same_speaker {
            REWORDED_QUOTE
        } else {
            REWORDED_QUOTE_ANY_SPEAKER
        }
    };
    // one sentence with a word or two changed ("I must say that he
    // surprised me" / "I must say he surprised me today"): most of its
    // words, in order, whatever they are
    let in_order = |i: usize, j: usize| {
        pieces[i].iter().any(|x| {
            pieces[j].iter().any(|y| {
                // (the words in common are at most the shorter's: no diff
                // where that cannot reach five, or half of the longer)
                let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
                if short < 5 || short * 2 < long {
                    return false;
                }
                let common = words_in_order(x, y);
                common >= 5
                    && common * 4 >= x.len().min(y.len()) * 3
                    && common * 2 >= x.len().max(y.len())
            })
        })
    };
    let matches = |i: usize, j: usize| {
        let (shared, contain) = similar(i, j);

        (shared >= 4 && contain >= 0.6)
            || (shared >= 3 && contain >= 0.75)
            || in_order(i, j)
            || (items[i].0 != items[j].0 && reworded(i, j))
    };
    // groups around a centre, the longest quote not grouped yet: each
    // member matches the centre itself, never a chain through a third (a
    // long quote of several sentences gathers the pieces other outlets kept)
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(items[i].3.len()), i));
    let mut grouped = vec![false; items.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &c in &order {
        if grouped[c] {
            continue;
        }
        grouped[c] = true;
        let mut g = vec![c];
        for &j in &order {
            if !grouped[j] && items[j].0 != items[c].0 && matches(c, j) {
                grouped[j] = true;
                g.push(j);
            }
        }
        // a quote left alone whose sentence another report's long quote
        // holds nearly word for word, grouped there with a third one ("I
        // must say that he surprised me" and "I've seen many races" quoted
        // apart, one quote of both elsewhere): a group of its own with
        // that quote
        if g.len() == 1 {
            let mut from: BTreeSet<usize> = BTreeSet::new();
            for &j in &order {
                if j != c
                    && items[j].0 != items[c].0
                    && !from.contains(&items[j].0)
                    && in_order(c, j)
                {
                    from.insert(items[j].0);
                    g.push(j);
                }
            }
        }
        g.sort();
        groups.push(g);
    }
    let mut facts = Vec::new();
    let mut out: Vec<QuoteGroup> = Vec::new();
    for g in &groups {
        let longest = *g
            .iter()
            .max_by_key(|&&i| items[i].3.len())
            .expect("non-empty group");
        let (a, qi) = (items[longest].0, items[longest].1);
        let speaker = group_speaker(
            g.iter()
                .filter_map(|&i| analyses[items[i].0].quotes[items[i].1].speaker.as_ref()),
        );
        // one carrier per article: the longest of its copies
        let mut per_article: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in g {
            let e = per_article.entry(items[i].0).or_insert(i);
            if items[i].3.len() > items[*e].3.len() {
                *e = i;
            }
        }
        let mut carriers: Vec<(usize, usize)> = per_article
            .values()
            .map(|&i| (items[i].0, items[i].1))
            .collect();
        // every quote of the group is evidence; pairs are made only between
        // quotes that match each other (a group holds quotes matched
        // through a third)
        let chosen: Vec<usize> = g.clone();
        carriers.sort();
        let text = articles[a].text(analyses[a].quotes[qi].span).to_string();
        let (fa, fq) = carriers[0];
        out.push(QuoteGroup {
            speaker: speaker.clone(),
            text: text.clone(),
            first_span: analyses[fa].quotes[fq].span,
            carriers,
        });
        if per_article.len() < 2 {
            continue;
        }
        let short: String = text.chars().take(60).collect();
        let words = |i: usize| items[i].3.clone();
        let contained =
            |s: &[String], l: &[String]| s.is_empty() || l.windows(s.len()).any(|w| w == s);
        let verbatim = |x: usize, y: usize| {
            let (wa, wb) = (words(x), words(y));
            let (s, l) = if wa.len() <= wb.len() {
                (wa, wb)
            } else {
                (wb, wa)
            };
            if contained(&s, &l) {
                return true;
            }
            // the matching sentences, word for word
            pieces[x].iter().any(|px| {
                pieces[y].iter().any(|py| {
                    let (s, l) = if px.len() <= py.len() {
                        (px, py)
                    } else {
                        (py, px)
                    };
                    let shared = s.iter().filter(|w| l.contains(w)).count();
                    shared * 10 >= s.len() * 7 && contained(s, l)
                })
            }) && !pieces[x].iter().any(|px| {
                pieces[y].iter().any(|py| {
                    let (s, l) = if px.len() <= py.len() {
                        (px, py)
                    } else {
                        (py, px)
                    };
                    let shared = s.iter().filter(|w| l.contains(w)).count();
                    shared >= 5 && shared * 10 >= s.len() * 7 && !contained(s, l)
                })
            })
        };
        let ids: Vec<usize> = chosen.iter().map(|&i| items[i].2).collect();
        let index_of = |claim: usize| chosen[ids.iter().position(|&c| c == claim).unwrap_or(0)];
        let no_followups = BTreeSet::new();
        let quote_cx = FactContext {
            claims,
            articles,
            source_of,
            followups: &no_followups,
            analyses,
        };
        let wording = build_fact(
            &quote_cx,
            ClaimKind::Quote,
            format!("quote “{short}…”"),
            None,
            ids.clone(),
            &|x, y| {
                let (ix, iy) = (index_of(x), index_of(y));
                if verbatim(ix, iy) || !matches(ix, iy) {
                    Severity::Agree
                } else {
                    Severity::Differs
                }
            },
        );
        facts.push(wording);
        // attribution: both named right at the quote (a pronoun resolved to
        // the nearest name is too weak to accuse), one quote indeed, both
        // people (not a place, an outlet or an institution), each written
        // in full outside the quote marks in the quote's sentence ("Clinton
        // told donors" resolved to one Clinton of two accuses no one)
        let speaker_of = |i: usize| {
            let (a, qi) = (items[i].0, items[i].1);
            let q = &analyses[a].quotes[qi];
            let sp = q.speaker.clone()?;
            written_in_full(articles[a], analyses[a], q.outer, &sp.key).then_some(sp)
        };
        let attribution = |x: usize, y: usize| -> Severity {
            let (ix, iy) = (index_of(x), index_of(y));
            let (Some(sx), Some(sy)) = (speaker_of(ix), speaker_of(iy)) else {
                return Severity::Agree;
            };
            let (shared, contain) = similar(ix, iy);
            if sx.key == sy.key
                || sx.key.ends_with(&sy.key)
                || sy.key.ends_with(&sx.key)
                || sx.how != crate::nlp::quotes::Attribution::Named
                || sy.how != crate::nlp::quotes::Attribution::Named
                || shared < 5
                || contain < 0.9
                || !speaker_is_person(analyses[items[ix].0], &sx.key, &outlets)
                || !speaker_is_person(analyses[items[iy].0], &sy.key, &outlets)
            {
                return Severity::Agree;
            }
            if possible_variant(&sx.key, &sy.key)
                || possible_variant(surname(&sx.key), surname(&sy.key))
            {
                Severity::PossibleVariant
            } else {
                Severity::Conflict
            }
        };
        let no_followups = BTreeSet::new();
        let quote_cx = FactContext {
            claims,
            articles,
            source_of,
            followups: &no_followups,
            analyses,
        };
        let who = build_fact(
            &quote_cx,
            ClaimKind::Attribution,
            format!("who said “{short}…”"),
            None,
            ids.clone(),
            &attribution,
        );
        if who.severity != Severity::Agree && who.severity != Severity::Update {
            facts.push(who);
        }
    }
    // (the quote claims, which name their rows, take the same names)
    let names = one_name_per_speaker(&mut out);
    for &(_, _, id, _) in &items {
        if let Some(shown) = names.get(&claims[id].value) {
            claims[id].value = shown.clone();
        }
    }
    out.sort_by(|a, b| {
        b.carriers
            .len()
            .cmp(&a.carriers.len())
            .then(a.carriers.cmp(&b.carriers))
    });
    (out, facts)
}

/// One name for one speaker across a story's quotes: "Donald J Trump" is
/// shown as the story's usual "Donald Trump", and a bare "Trump" (a report
/// that never gave the first name) as the full name when the story's full
/// names of that surname are mostly that one ("Melania Trump" speaking once
/// beside "Donald Trump" ten times). Each name counts once per carrier.
/// Returns each name changed, with the name it is shown as.
fn one_name_per_speaker(groups: &mut [QuoteGroup]) -> BTreeMap<String, String> {
    // ("Donald J. Trump" → "donald trump")
    let plain = |name: &str| without_initials(name).to_lowercase();
    let mut forms: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for g in groups.iter() {
        if let Some(name) = &g.speaker {
            *forms
                .entry(plain(name))
                .or_default()
                .entry(name.clone())
                .or_default() += g.carriers.len();
        }
    }
    // the usual spelling of each plain name, and how often it is used
    let usual: BTreeMap<String, (String, usize)> = forms
        .iter()
        .map(|(p, f)| {
            let total = f.values().sum();
            let (best, _) = f
                .iter()
                .max_by_key(|(name, n)| (**n, std::cmp::Reverse(name.len())))
                .expect("a form");
            (p.clone(), (best.clone(), total))
        })
        .collect();
    let mut renamed = BTreeMap::new();
    for g in groups.iter_mut() {
        let Some(name) = &g.speaker else { continue };
        let p = plain(name);
        let shown = if p.contains(' ') {
            usual.get(&p).map(|(n, _)| n.clone())
        } else {
            // the full names ending in this one word, written as names
            // (not a caption's "CHER Singer Cher")
            let a_name = |name: &str| {
                let words: Vec<&str> = name.split(' ').collect();
                words.len() <= 3
                    && words.iter().all(|w| {
                        // (capitalised, not shouted: "CHER"; "JR" may be)
                        w.chars().next().is_some_and(char::is_uppercase)
                            && (w.chars().count() <= 2 || w.chars().any(char::is_lowercase))
                    })
                    && words.iter().filter(|w| w.to_lowercase() == p).count() == 1
            };
            let full: Vec<&(String, usize)> = usual
                .iter()
                .filter(|(q, (name, _))| {
                    q.contains(' ') && q.rsplit(' ').next() == Some(p.as_str()) && a_name(name)
                })
                .map(|(_, v)| v)
                .collect();
            let all: usize = full.iter().map(|(_, n)| n).sum();
            full.iter()
                .max_by_key(|(_, n)| *n)
                .filter(|(_, n)| 3 * n >= 2 * all)
                .map(|(name, _)| name.clone())
        };
        if let Some(shown) = shown.filter(|s| s != name) {
            renamed.insert(name.clone(), shown.clone());
            g.speaker = Some(shown);
        }
    }
    renamed
}

/// True when the person `key` is named with two words or more (a first
/// name and a surname, not a title or role and a surname) in the sentences around
/// a quote, outside its marks.
fn written_in_full(article: &Article, analysis: &Analysis, outer: Span, key: &str) -> bool {
    let around = analysis
        .sentences
        .iter()
        .filter(|s| s.span.overlaps(outer))
        .fold(None::<Span>, |acc, s| {
            Some(acc.map_or(s.span, |a| {
                Span::new(a.start.min(s.span.start), a.end.max(s.span.end))
            }))
        });
    let Some(around) = around else {
        return false;
    };
    analysis.entities.mentions.iter().any(|m| {
        around.contains(m.span)
            && !outer.overlaps(m.span)
            && m.group == Group::Person
            && analysis.entities.canonical[m.canonical].key == key
            && article
                .text(m.span)
                .split_whitespace()
                .filter(|w| !crate::nlp::entities::is_title(w))
                .count()
                >= 2
    })
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
    fn posts_named_with_people() {
        let role = |text: &str, name: &str| {
            let at = text.find(name).unwrap();
            named_role(
                text,
                Span::new(at, at + name.len()),
                Span::new(0, text.len()),
            )
        };
        assert_eq!(
            role("Chief executive Lorna Pike said sorry.", "Lorna Pike"),
            Some(("chief executive", None))
        );
        assert_eq!(
            role("Kipway boss Martin Abara apologised.", "Martin Abara"),
            Some(("chief executive", Some("kipway".into())))
        );
        assert_eq!(
            role("Kipway's boss Martin Abara apologised.", "Martin Abara"),
            Some(("chief executive", Some("kipway".into())))
        );
        assert_eq!(
            role(
                "The yes side won, the returning officer, Greta Lindahl, said.",
                "Greta Lindahl"
            ),
            Some(("returning officer", None))
        );
        assert_eq!(
            role(
                "Lorna Pike, chief executive of Rivalco, said.",
                "Lorna Pike"
            ),
            Some(("chief executive", Some("rivalco".into())))
        );
        // not the post itself
        assert_eq!(
            role("Deputy chief executive Ann Lee said.", "Ann Lee"),
            None
        );
        assert_eq!(role("The union boss Ann Lee said.", "Ann Lee"), None);
        assert_eq!(
            role("Ann Lee, the chief executive's wife, said.", "Ann Lee"),
            None
        );
        assert_eq!(
            role("Ann Lee, the principal investigator, said.", "Ann Lee"),
            None
        );
    }

    #[test]
    fn nested_places_are_not_different_places() {
        assert!(nested_places("south london", "london"));
        assert!(nested_places("kunduz province", "kunduz"));
        assert!(!nested_places("london", "croydon"));
        assert!(!possible_variant("kunduz", "kunduz province"));
        assert!(possible_variant("sanford", "sandford on thames"));
        // a town's short name, or another town: worth a look
        assert!(possible_variant("sandford", "sandford on thames"));
        assert!(!possible_variant("hillary", "hillary clinton"));
    }

    #[test]
    fn how_long_the_search_lasted_whoever_searched() {
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A boy fell into a well in the village. Rescuers have been searching for the boy \
                 for more than 85 hours.",
            ),
            (
                "b",
                "Evening Two",
                "A boy who fell into a well in the village was found dead after a search that \
                 took over 100 hours.",
            ),
        ]);
        let d = sc
            .discrepancies
            .iter()
            .find(|d| d.kind == ClaimKind::Time && d.severity != Severity::Unique)
            .unwrap_or_else(|| panic!("{:#?}", sc.claims));
        assert_eq!(d.claims.len(), 2, "{d:?}");
        assert_eq!(d.subject, "how long the search lasted");
        // undated, or the same day: two lower bounds only differ
        assert_eq!(d.severity, Severity::Differs, "{d:?}");
        // a day later the search has gone on: "over 100 hours" updates
        // "more than 85 hours"; printed the same day, it only differs
        for (day_b, expected) in [(11, Severity::Update), (10, Severity::Differs)] {
            let dated = |d| Some(jiff::civil::date(2016, 11, d));
            let (_, sc) = claims_of_dated(&[
                (
                    "a",
                    "Daily One",
                    "A boy fell into a well in the village. Rescuers have been searching for \
                     the boy for more than 85 hours.",
                    dated(10),
                ),
                (
                    "b",
                    "Evening Two",
                    "A boy who fell into a well in the village was found dead after a search \
                     that took over 100 hours.",
                    dated(day_b),
                ),
            ]);
            let row = fact(&sc, |d| d.subject == "how long the search lasted");
            assert_eq!(row.severity, expected, "{row:?}");
        }
    }

    #[test]
    fn a_day_set_ahead_is_compared_and_a_hedged_one_is_not() {
        // invented
        let dated = |d: i8| Some(jiff::civil::date(2024, 3, d));
        let row = |b: &str| {
            let (_, sc) = claims_of_dated(&[
                (
                    "a",
                    "Daily One",
                    "The harbour was closed after the storm. The mayor will reopen the \
                     harbour on Monday, officials said.",
                    dated(6),
                ),
                ("b", "Evening Two", b, dated(6)),
            ]);
            sc.discrepancies
                .iter()
                .find(|d| d.kind == ClaimKind::Date)
                .map(|d| d.severity)
        };
        assert_eq!(
            row(
                "The harbour was closed after the storm. The mayor will reopen the harbour \
                 on Tuesday, officials said."
            ),
            Some(Severity::Conflict)
        );
        assert_eq!(
            row(
                "The harbour was closed after the storm. The mayor may reopen the harbour \
                 on Tuesday, officials said."
            ),
            None
        );
    }

    /// Invented: eight shot in one report, five wounded in another, and
    /// no one dead.
    const SHOT_AND_WOUNDED: [(&str, &str, &str); 2] = [
        (
            "a",
            "Daily One",
            "At least eight people have been shot outside the station, police said.",
        ),
        (
            "b",
            "Evening Two",
            "A gunman opened fire outside the station and wounded five people.",
        ),
    ];

    #[test]
    fn where_no_one_died_the_shot_are_the_wounded() {
        let (_, sc) = claims_of(&SHOT_AND_WOUNDED);
        assert!(
            sc.discrepancies
                .iter()
                .any(|d| d.severity == Severity::Conflict
                    && d.claims.iter().any(|&c| sc.claims[c].value == "≥8")),
            "{:#?}",
            sc.discrepancies
        );
    }

    #[test]
    fn the_shot_are_the_wounded_though_a_report_names_who_was_shot() {
        // invented: the third report tells the shot apart by sex and gives
        // the hurt as a total; its parts say nothing against "shot" being
        // "hurt", nor does a report whose shot and hurt are one figure
        for third in [
            "Five people have been hurt after a shooting outside the station. Three males \
             were shot in the legs and one female was shot in the arm.",
            "Five people were shot outside the station on Friday. Five people have been \
             hurt, police said.",
        ] {
            let [a, b] = SHOT_AND_WOUNDED;
            let (_, sc) = claims_of(&[a, b, ("c", "Morning Three", third)]);
            assert!(
                sc.discrepancies
                    .iter()
                    .any(|d| d.severity == Severity::Conflict
                        && d.claims.iter().any(|&c| sc.claims[c].value == "≥8")
                        && d.claims.iter().any(|&c| sc.claims[c].article == 1)),
                "{third}: {:#?}",
                sc.discrepancies
            );
        }
    }

    #[test]
    fn critically_hurt_is_one_count_however_it_is_said() {
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A gunman opened fire outside the station. Five people have been hurt, one \
                 critically, after the shooting.",
            ),
            (
                "b",
                "Evening Two",
                "A gunman opened fire outside the station and wounded five people. Two people \
                 remain in critical condition in intensive care.",
            ),
        ]);
        let critical = sc
            .discrepancies
            .iter()
            .find(|d| d.subject.contains("critical"))
            .unwrap_or_else(|| panic!("{:#?}", sc.discrepancies));
        assert_eq!(critical.severity, Severity::Conflict);
        // the five hurt agree
        assert!(!sc.discrepancies.iter().any(|d| {
            d.severity == Severity::Conflict
                && d.claims.iter().any(|&c| {
                    sc.claims[c].value.starts_with("five") || sc.claims[c].value.starts_with("Five")
                })
        }));
    }

    #[test]
    fn taken_to_hospital_is_the_injured_unless_a_report_tells_them_apart() {
        let injured = |third: &str| {
            let (_, sc) = claims_of(&[
                (
                    "a",
                    "Daily One",
                    "A bomb exploded outside the station. At least two people were killed and \
                     84 people have been taken to hospital.",
                ),
                (
                    "b",
                    "Evening Two",
                    "A bomb exploded outside the station, killing two people and wounding at \
                     least 120 others.",
                ),
                ("c", "Third Post", third),
            ]);
            sc.discrepancies
                .iter()
                .filter(|d| d.kind == ClaimKind::Number && d.severity != Severity::Unique)
                .filter(|d| {
                    let values: Vec<&str> = d
                        .claims
                        .iter()
                        .map(|&c| sc.claims[c].value.as_str())
                        .collect();
                    values.iter().any(|v| v.starts_with("84"))
                        && values.iter().any(|v| v.contains("120"))
                })
                .count()
        };
        assert_eq!(
            injured("The bomb at the station killed two people and injured 120."),
            1
        );
        // a report gives both: two measures
        assert_eq!(
            injured(
                "The bomb at the station killed two people and injured 120, of whom 30 were \
                 taken to hospital."
            ),
            0
        );
    }

    #[test]
    fn a_day_before_a_place_is_not_a_place_in_it() {
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The suspect was charged late Monday in Harlow County with attempted murder. \
                 The blast hit Maple Town in Harlow County on Saturday.",
            ),
            (
                "b",
                "Evening Two",
                "Police captured the suspect after a shootout Monday in Westland. \
                 The blast hit Maple Town in Dunmore County on Saturday.",
            ),
        ]);
        let places: Vec<&str> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Place)
            .map(|d| d.subject.as_str())
            .collect();
        assert!(places.iter().all(|s| !s.contains("Monday")), "{places:?}");
        assert!(
            places.iter().any(|s| s.contains("Maple Town")),
            "{places:?}"
        );
    }

    #[test]
    fn a_place_put_in_two_regions_is_one_row_whoever_repeats_it() {
        // invented: one report puts the town in one county twice, two
        // others put it in another
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Crews worked through the night. The storm hit Kellsburg in Harlow County on Saturday. By Sunday, Kellsburg in Harlow County had no power.",
            ),
            (
                "b",
                "Evening Two",
                "Crews worked through the night. The storm hit Kellsburg in Dunmore County on Saturday.",
            ),
            (
                "c",
                "Morning Three",
                "Crews worked through the night. Residents of Kellsburg in Dunmore County were still cut off on Sunday.",
            ),
        ]);
        let rows: Vec<&Discrepancy> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Place && d.subject.contains("Kellsburg"))
            .collect();
        assert_eq!(
            rows.len(),
            1,
            "{:#?}",
            sc.discrepancies
                .iter()
                .map(|d| (&d.subject, d.severity))
                .collect::<Vec<_>>()
        );
        let row = rows[0];
        assert_eq!(row.severity, Severity::Conflict);
        // one value per report and region
        assert_eq!(row.claims.len(), 3, "{row:#?}");
        // the two reports that agree agree
        let article = |i: usize| sc.claims[i].article;
        for p in &row.pairs {
            let outlets = (
                article(p.a).min(article(p.b)),
                article(p.a).max(article(p.b)),
            );
            let want = if outlets == (1, 2) {
                Severity::Agree
            } else {
                Severity::Conflict
            };
            assert_eq!(p.relation, want, "{row:#?}");
        }
    }

    #[test]
    fn two_embassies_in_two_cities_are_no_place_in_two_regions() {
        let places = place_conflicts(
            "Protesters scaled the walls of the U.S. Embassy in Cairo on Tuesday.",
            "On Wednesday, the U.S. Embassy in Algiers was warning Americans in the country.",
        );
        assert!(places.iter().all(|s| !s.contains("Embassy")), "{places:?}");
    }

    /// The subjects of the place conflicts between two reports, each
    /// followed by one sentence that must stay a conflict (a town put in
    /// two counties).
    fn place_conflicts(a: &str, b: &str) -> Vec<String> {
        let sc = two_reports(
            &format!("{a} The storm hit Maple Town in Harlow County on Saturday."),
            &format!("{b} The storm hit Maple Town in Dunmore County on Saturday."),
        );
        let places: Vec<String> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Place && d.severity == Severity::Conflict)
            .map(|d| d.subject.clone())
            .collect();
        assert!(
            places.iter().any(|s| s.contains("Maple Town")),
            "{places:?}"
        );
        places
    }

    #[test]
    fn a_list_of_places_is_no_place_in_another() {
        let places = place_conflicts(
            "Vigils were held in Lyon, Baltimore, Ferguson in Missouri and other cities.",
            "The church stands south of Baltimore, Maryland, the website says.",
        );
        assert!(
            places.iter().all(|s| !s.contains("Baltimore")),
            "{places:?}"
        );
    }

    #[test]
    fn what_two_named_people_ordered_are_two_facts() {
        // invented: two officials' reviews, and one official's reviews
        // counted two ways
        let numbers = |a: &str, b: &str| conflicts(&two_reports(a, b), ClaimKind::Number);
        assert_eq!(
            numbers(
                "Okafor, facing questions from lawmakers over the dam, said she has ordered two reviews.",
                "Late on Wednesday, the Harbour commissioner said he had ordered three reviews."
            ),
            0
        );
        assert_eq!(
            numbers(
                "Okafor, facing questions from lawmakers over the dam, said she has ordered two reviews.",
                "On Wednesday, Minister Dana Okafor said she had ordered three reviews."
            ),
            1
        );
    }

    #[test]
    fn someone_unnamed_is_known_by_what_they_acted_on() {
        // invented: two foundings by one "he", and one founding dated two
        // ways
        let dates = |a: &str, b: &str| conflicts(&two_reports(a, b), ClaimKind::Date);
        assert_eq!(
            dates(
                "In 1962, he founded his first company, Ardent Data, with just $1,000 in savings.",
                "Later he ran Vell Systems Corporation, which he founded in 1988."
            ),
            0
        );
        assert_eq!(
            dates(
                "In 1962, he founded the bakery with just $1,000 in savings.",
                "He founded the bakery in 1964, friends said."
            ),
            1
        );
    }

    #[test]
    fn a_measure_told_as_a_change_is_an_update_and_a_peak_another_fact() {
        // invented: a storm's winds on a day and after they dropped; its
        // peak against what they dropped to (two facts); two peaks told
        // apart stay a conflict
        let winds = |a: &str, b: &str| {
            two_reports(a, b)
                .discrepancies
                .iter()
                .filter(|d| d.kind == ClaimKind::Number && d.subject.contains("wind"))
                .map(|d| d.severity)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            winds(
                "Storm Vela had top winds of 140 mph over the sea on Thursday.",
                "Storm Vela's top sustained winds have dropped to 40 mph, forecasters said."
            ),
            vec![Severity::Update]
        );
        assert_eq!(
            winds(
                "Storm Vela peaked as a Category 4 with top winds of 140 mph over the sea.",
                "Storm Vela's top sustained winds have dropped to 40 mph, forecasters said."
            ),
            vec![]
        );
        assert_eq!(
            winds(
                "Storm Vela peaked as a Category 4 with top winds of 140 mph over the sea.",
                "Storm Vela peaked as a Category 4 with top winds of 90 mph over the sea."
            ),
            vec![Severity::Conflict]
        );
    }

    #[test]
    fn positions_from_two_places_are_two_facts() {
        // invented: the storm placed from one town, then from another, in
        // sentences the aligner pairs
        let sc = two_reports(
            "By midmorning Saturday, Storm Vela inched its way about 40 miles west of Orvale, officials said.",
            "By 11 p.m. Saturday, Storm Vela was located about 40 miles east of Dunmore, officials said.",
        );
        assert_eq!(
            conflicts(&sc, ClaimKind::Place),
            0,
            "{:#?}",
            sc.discrepancies
        );
    }

    #[test]
    fn a_us_state_abbreviated_is_the_same_state() {
        for (a, b) in [
            (
                "A vigil was held Sunday evening in Ferguson, Mo. for the teenager.",
                "Violence flared again in Ferguson, Missouri, on Monday.",
            ),
            (
                "Police in Newport, R.I., reported him in August.",
                "In August, he told police in Newport, Rhode Island, that he heard voices.",
            ),
        ] {
            let places = place_conflicts(a, b);
            assert!(
                places
                    .iter()
                    .all(|s| !s.contains("Ferguson") && !s.contains("Newport")),
                "{places:?}"
            );
        }
        assert!(one_us_state("Calif.", "California") && !one_us_state("Maine", "Missouri"));
    }

    #[test]
    fn clock_times_the_model_misses_are_compared() {
        // the model reads "11:30pm" as an event and "10.30pm" as nothing
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The attack happened at around 11:30pm local time, close to the consulate.",
            ),
            (
                "b",
                "Evening Two",
                "The attack happened at 10.30pm, close to the consulate.",
            ),
        ]);
        let times: Vec<String> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Time)
            .flat_map(|d| d.claims.iter().map(|&c| sc.claims[c].value.clone()))
            .collect();
        assert!(
            times.iter().any(|v| v.contains("11:30pm")) && times.iter().any(|v| v == "10.30pm"),
            "{times:?} in {:?}",
            sc.discrepancies
        );
        // and neither is a count
        assert!(
            !sc.claims
                .iter()
                .any(|c| c.kind == ClaimKind::Number && c.value.starts_with("11")),
            "{:?}",
            sc.claims
        );
    }

    #[test]
    fn a_far_figure_both_reports_give_is_no_conflict() {
        let story = |b: &str| {
            two_reports(
                "In total, 17 people died during three days of attacks in Marlow. \
                 Police killed another gunman who had killed four shoppers in a grocery store.",
                b,
            )
        };
        let dead = |sc: &StoryClaims| {
            sc.discrepancies
                .iter()
                .find(|d| d.kind == ClaimKind::Number && d.subject.contains("dead"))
                .map(|d| d.severity)
        };
        // the other report's four is the first one's four too
        let sc = story("The gunman later shot dead four people at the grocery store in Marlow.");
        assert_eq!(dead(&sc), Some(Severity::Differs), "{:?}", sc.discrepancies);
        // a figure the first report never gives stays a conflict
        let sc = story("The gunman later shot dead nine people at the grocery store in Marlow.");
        assert_eq!(
            dead(&sc),
            Some(Severity::Conflict),
            "{:?}",
            sc.discrepancies
        );
        // a part the first report gives of its own figure, however near
        let sc = two_reports(
            "In total, 17 people died in Marlow during three days of attacks, \
                 including 12 people in the attack on the newspaper's office.",
            "Gunmen killed 12 people in the attack on the newspaper's office in Marlow.",
        );
        assert_eq!(dead(&sc), Some(Severity::Differs), "{:?}", sc.discrepancies);
    }

    #[test]
    fn a_sentence_dating_one_fact_on_two_days_dates_neither() {
        let sc = two_reports(
            "Four more people were killed in separate attacks on a policeman Thursday \
                 and at a kosher bakery Friday.",
            "Police shot and killed both gunmen in Marlow on Friday.",
        );
        assert_eq!(conflicts(&sc, ClaimKind::Date), 0, "{:?}", sc.discrepancies);
    }

    #[test]
    fn a_night_and_the_early_morning_after_it_may_be_one_hour() {
        let sc = two_reports(
            "The gunman was killed in a shootout with police in the morning, officials said.",
            "The gunman was killed in a shootout with police last night, officials said.",
        );
        let time = fact_of(&sc, ClaimKind::Time);
        assert_eq!(time.severity, Severity::Differs, "{time:?}");
    }

    #[test]
    fn the_hour_of_the_deaths_is_the_hour_of_the_incident() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Eleven climbers were killed late on Sunday evening on the ridge, officials said.",
            ),
            (
                "b",
                "Evening Two",
                "The avalanche struck the ridge on Sunday afternoon, officials said.",
            ),
        ]);
        let time = fact_of(&sc, ClaimKind::Time);
        assert_eq!(time.severity, Severity::Conflict, "{time:?}");
        assert!(time.subject.contains("incident"), "{}", time.subject);
    }

    #[test]
    fn the_time_of_an_overturning_in_the_rain_is_the_incidents() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The coach tipped over on a bend during torrential rain at 6.13am on Monday, police said.",
            ),
            (
                "b",
                "Evening Two",
                "The crash happened at 6.40am on Monday, police said.",
            ),
        ]);
        let d = fact_of(&sc, ClaimKind::Time);
        assert_eq!(d.severity, Severity::Conflict, "{d:?}");
        assert!(d.subject.contains("incident"), "{}", d.subject);
    }

    #[test]
    fn a_car_bomb_and_a_truck_bomb_are_a_conflict() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A suicide bomber rammed a truck into the gate of the embassy in Tarsk on Monday.",
            ),
            (
                "b",
                "Evening Two",
                "A car packed with explosives was rammed into the gate of the embassy in Tarsk.",
            ),
            (
                "c",
                "Morning Three",
                "A suicide car bomb exploded at the gate of the embassy in Tarsk.",
            ),
        ]);
        let d = fact_of(&sc, ClaimKind::Vehicle);
        assert_eq!(d.severity, Severity::Conflict, "{d:?}");
        assert_eq!(d.claims.len(), 3, "{d:?}");
        // the two cars agree, each car is against the truck
        let conflicts = d
            .pairs
            .iter()
            .filter(|p| p.relation == Severity::Conflict)
            .count();
        assert_eq!(conflicts, 2, "{d:?}");
    }

    #[test]
    fn a_weapon_named_otherwise_differs_and_never_conflicts() {
        // invented: an attacker may carry a rifle and a handgun, so two
        // kinds of weapon are shown as differing, not as a conflict
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A gunman opened fire with an assault rifle outside a diner in Osk on Sunday.",
            ),
            (
                "b",
                "Evening Two",
                "A gunman opened fire with a handgun outside a diner in Osk on Sunday.",
            ),
        ]);
        let d = fact_of(&sc, ClaimKind::Weapon);
        assert_eq!(d.severity, Severity::Differs, "{d:?}");
        assert_eq!(d.subject, "weapon of the attack");
        // the same weapon told alike is no discrepancy
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A gunman opened fire with a handgun outside a diner in Osk on Sunday.",
            ),
            (
                "b",
                "Evening Two",
                "On Sunday a gunman opened fire with a handgun outside a diner in Osk.",
            ),
        ]);
        assert!(
            !sc.discrepancies.iter().any(|d| d.kind == ClaimKind::Weapon),
            "{:#?}",
            sc.discrepancies
        );
        // another shooting's weapon, in a sentence that tells nothing the
        // other report tells, is not set against this attack's
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A gunman opened fire with a handgun outside a diner in Osk on Sunday, wounding four people.",
            ),
            (
                "b",
                "Evening Two",
                "A gunman opened fire with a handgun outside a diner in Osk on Sunday, wounding four people. \
                 Campaigners recalled how a teenager had killed classmates with a shotgun at a school in Tarsk.",
            ),
        ]);
        assert!(
            !sc.discrepancies.iter().any(|d| d.kind == ClaimKind::Weapon),
            "{:#?}",
            sc.discrepancies
        );
    }

    #[test]
    fn part_of_a_name_is_the_same_speaker() {
        assert!(part_of_name("jos", "jos verstappen"));
        assert!(part_of_name("sebastian vettel", "vettel"));
        assert!(!part_of_name("al", "al jazeera"));
        assert!(!part_of_name("jos verstappen", "jos verstappen"));
        assert!(!part_of_name("max", "jos verstappen"));
        assert!(!part_of_name("", "jos"));
    }

    #[test]
    fn how_long_a_meeting_lasted_is_one_fact_whatever_the_verb() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The meeting between the two ministers lasted more than an hour, aides said.",
            ),
            (
                "b",
                "Evening Two",
                "The talks between the two ministers went on for an hour and a half, aides said.",
            ),
            (
                "c",
                "Morning Three",
                "The session between the two ministers lasted 20 minutes, aides said.",
            ),
        ]);
        let d = fact_of(&sc, ClaimKind::Time);
        let values: BTreeSet<&str> = d
            .claims
            .iter()
            .map(|&c| sc.claims[c].value.as_str())
            .collect();
        assert_eq!(values.len(), 3, "{d:?}");
        // 20 minutes is no hour or more
        assert_eq!(d.severity, Severity::Conflict, "{d:?}");
    }

    #[test]
    fn a_part_by_sex_above_another_reports_total_is_a_conflict() {
        // invented
        let run = |b: &str| {
            two_reports(
                "Five people were injured in the shooting, police said. One person was critically injured.",
                b,
            )
            .discrepancies
            .iter()
            .find(|d| d.subject.contains(", more than "))
            .map(|d| d.severity)
        };
        assert_eq!(
            run("Police said five people were injured. Two men were critically injured."),
            Some(Severity::Conflict)
        );
        // a part within the total says nothing against it
        assert_eq!(
            run("Police said five people were injured. One man was critically injured."),
            None
        );
    }

    #[test]
    fn years_of_service_told_apart_conflict() {
        // invented, after the shape of two real reports
        let dated = |d| Some(jiff::civil::date(2024, 3, d));
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "The ministry named Anna Berg, a press officer and 21-year diplomatic veteran, \
                 as among the dead.",
                dated(4),
            ),
            (
                "b",
                "Evening Two",
                "The minister said Anna Berg was a 10-year veteran of the ministry.",
                dated(5),
            ),
        ]);
        let row = fact(&sc, |d| d.subject == "how long anna berg has served");
        assert_eq!(row.severity, Severity::Conflict, "{row:?}");
    }

    #[test]
    fn counts_no_verb_governs_in_paired_sentences_are_one_fact_only_when_close() {
        // invented, after the shape of a real caption and a real sentence
        // the aligner paired by their names
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A tram overturned in Osk on Monday. Scroll down for video Anna Holt, 41, of \
                 Dunmere (left); and Piet Varga, 52, from Elsby, who died in the crash Rolf Huxen \
                 (pictured left) There was a march for the victims A group of up to 100 people on \
                 Saturday marched down the road carrying banners to the spot.",
            ),
            (
                "b",
                "Evening Two",
                "A tram overturned in Osk on Monday. Detectives named Anna Holt, 41, from \
                 Dunmere, Piet Varga, 52, from Elsby and Rolf Huxen, 63, from Elsby as the three \
                 victims.",
            ),
        ]);
        assert!(
            !sc.discrepancies.iter().any(|d| d.kind == ClaimKind::Number
                && d.severity != Severity::Unique
                && d.claims.iter().any(|&c| sc.claims[c].value.contains("100"))),
            "{:#?}",
            sc.discrepancies
        );
    }

    #[test]
    fn one_in_danger_against_two_in_danger_conflict() {
        // invented, after the shape of two real reports: "males" and "men"
        // are one class of people
        let dated = |d| Some(jiff::civil::date(2024, 3, d));
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "Crews treated five patients with gunshot wounds, four men and one woman, \
                 with one of the males suffering life-threatening injuries.",
                dated(4),
            ),
            (
                "b",
                "Evening Two",
                "A spokeswoman said two men remain in critical condition in intensive care.",
                dated(4),
            ),
        ]);
        let row = fact(&sc, |d| d.subject == "men injured — critical");
        assert_eq!(row.severity, Severity::Conflict, "{row:?}");
    }

    #[test]
    fn when_and_where_rows_name_an_event_class_by_its_noun() {
        let key = |kind: ClaimKind, event: &str, holder: Option<&str>| FactKey {
            kind,
            event: event.into(),
            role: None,
            counted: None,
            subset: None,
            holder: holder.map(str::to_string),
        };
        for (k, expected) in [
            (key(ClaimKind::Date, "dead", None), "date: the deaths"),
            (
                key(ClaimKind::Place, "injured", None),
                "place: the injuries",
            ),
            (key(ClaimKind::Time, "incident", None), "time: the incident"),
            (
                key(ClaimKind::Place, "sold", Some("bar")),
                "place: bar sold",
            ),
        ] {
            assert_eq!(subject_of(&k), expected);
        }
        // counts keep the class word: "people dead"
        assert_eq!(
            subject_of(&key(ClaimKind::Number, "dead", None)),
            "people dead"
        );
    }

    #[test]
    fn a_place_row_is_named_by_its_predicate_as_worded() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The Halvorsen bar, which is sold across Europe, will shrink.",
            ),
            (
                "b",
                "Evening Two",
                "The Halvorsen bar, which is sold across Asia, will shrink.",
            ),
        ]);
        let subjects: Vec<&str> = sc
            .discrepancies
            .iter()
            .map(|d| d.subject.as_str())
            .collect();
        assert!(subjects.iter().any(|s| s.contains("sold")), "{subjects:?}");
        assert!(
            !subjects.iter().any(|s| s.contains(" sell")),
            "{subjects:?}"
        );
    }

    #[test]
    fn where_people_were_shot_or_killed_is_where_it_happened_and_where_they_died_is_not() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A police officer was shot in Leeds on Sunday. He died in York.",
            ),
            (
                "b",
                "Evening Two",
                "A police officer was killed in Bradford on Sunday.",
            ),
        ]);
        let place = |d: &&Discrepancy| d.kind == ClaimKind::Place && d.severity != Severity::Unique;
        let rows: Vec<Vec<&str>> = sc
            .discrepancies
            .iter()
            .filter(place)
            .map(|d| {
                d.claims
                    .iter()
                    .map(|&c| sc.claims[c].value.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(
            rows[0].contains(&"Leeds") && rows[0].contains(&"Bradford"),
            "{rows:?}"
        );
        assert!(!rows[0].contains(&"York"), "{rows:?}");
    }

    #[test]
    fn where_a_casualty_happened_is_shown_when_one_outlet_gives_it() {
        // invented
        let rows = |a: &str, b: &str| -> Vec<(Severity, String)> {
            let (_, sc) = claims_of(&[("a", "Daily One", a), ("b", "Evening Two", b)]);
            sc.discrepancies
                .iter()
                .filter(|d| d.kind == ClaimKind::Place)
                .map(|d| (d.severity, d.subject.clone()))
                .collect()
        };
        let got = rows(
            "A police officer was shot dead in Leeds on Sunday, officials said.",
            "A police officer was killed on Sunday, officials said.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, Severity::Unique, "{got:?}");
        // a story without casualties: a side event's place is no headline
        let got = rows(
            "Clashes broke out in Leeds as the talks began on Sunday.",
            "The talks began on Sunday, officials said.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_count_row_names_its_things_in_the_plural() {
        let key = |event: &str, counted: Option<&str>, subset: Option<&str>| FactKey {
            kind: ClaimKind::Number,
            event: event.into(),
            role: None,
            counted: counted.map(str::to_string),
            subset: subset.map(str::to_string),
            holder: None,
        };
        for (k, expected) in [
            (key("dead", Some("member"), None), "members dead"),
            (key("injured", Some("man"), Some("man")), "men injured"),
            (key("dead", None, Some("child")), "people dead — children"),
            (
                key("injured", None, Some("critical")),
                "people injured — critical",
            ),
            (key("dead", None, Some("british")), "people dead — british"),
            (key("dead", Some("people"), None), "people dead"),
            (
                key("deployed", Some("police officer"), None),
                "police officers deployed",
            ),
            (key("scale", Some("protester"), None), "protesters (scale)"),
            (key("value", Some("point"), None), "points"),
        ] {
            assert_eq!(subject_of(&k), expected);
        }
    }

    #[test]
    fn a_day_told_in_two_parts_or_in_one_beside_none_differs() {
        // invented: the crash dated to a part of one Thursday, three ways
        let d = Some(jiff::civil::date(2024, 5, 10));
        let run = |a: &str, b: &str| {
            let (_, sc) = claims_of_dated(&[("a", "Daily One", a, d), ("b", "Evening Two", b, d)]);
            // (facts told alike are no discrepancy)
            let severity = sc
                .discrepancies
                .iter()
                .find(|d| d.kind == ClaimKind::Date)
                .map_or(Severity::Agree, |d| d.severity);
            let values: Vec<String> = sc
                .claims
                .iter()
                .filter(|c| c.kind == ClaimKind::Date)
                .map(|c| c.value.clone())
                .collect();
            assert_eq!(values.len(), 2, "{:?}", sc.claims);
            (severity, values)
        };
        let morning = "The coach overturned on Thursday morning near Pellham, police said.";
        let (sev, values) = run(
            morning,
            "The coach overturned late on Thursday night near Pellham, police said.",
        );
        assert_eq!(sev, Severity::Differs, "{values:?}");
        assert!(
            values.contains(&"2024-05-09, morning".to_string()),
            "{values:?}"
        );
        assert!(
            values.contains(&"2024-05-09, night".to_string()),
            "{values:?}"
        );
        // a clock time gives the part of its day
        let (sev, values) = run(
            morning,
            "The coach overturned at 7.40am on Thursday near Pellham, police said.",
        );
        assert_eq!(sev, Severity::Agree, "{values:?}");
        assert!(
            values.iter().all(|v| v == "2024-05-09, morning"),
            "{values:?}"
        );
        // a part of the day in one report's words, none in the other's:
        // told more precisely
        let (sev, values) = run(
            morning,
            "The coach overturned on Thursday near Pellham, police said.",
        );
        assert_eq!(sev, Severity::Differs, "{values:?}");
        assert!(values.contains(&"2024-05-09".to_string()), "{values:?}");
        // a part read from a clock time is the clock time's fact, not the
        // day's
        let (sev, values) = run(
            "The coach overturned at 7.40am on Thursday near Pellham, police said.",
            "The coach overturned on Thursday near Pellham, police said.",
        );
        assert_eq!(sev, Severity::Agree, "{values:?}");
        // "late on" a day is its night
        for late in [
            "The coach overturned late on Thursday near Pellham, police said.",
            "The coach overturned late Thursday near Pellham, police said.",
        ] {
            let (sev, values) = run(
                "The coach overturned on Thursday night near Pellham, police said.",
                late,
            );
            assert_eq!(sev, Severity::Agree, "{late}: {values:?}");
        }
    }

    #[test]
    fn when_something_was_said_is_no_fact_to_dispute() {
        // invented: two statements, or one; nothing says which
        let d = Some(jiff::civil::date(2024, 5, 9));
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "In a Wednesday morning statement, the ministry condemned the attack. \
                 The attack happened on Monday.",
                d,
            ),
            (
                "b",
                "Evening Two",
                "The ministry condemned the attack in a statement on Tuesday. \
                 The attack happened on Sunday.",
                d,
            ),
        ]);
        let dates: Vec<&str> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Date && d.severity == Severity::Conflict)
            .map(|d| d.subject.as_str())
            .collect();
        assert_eq!(dates, ["date: the incident"], "{:?}", sc.discrepancies);
    }

    #[test]
    fn a_share_needs_no_event_only_its_holder() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The merger was approved by voters in Carrow. Turnout was 61%.",
            ),
            (
                "b",
                "Evening Two",
                "Voters in Carrow approved the merger on a turnout of 48%.",
            ),
        ]);
        let turnout = fact(&sc, |d| d.subject == "turnout (percent)");
        assert_eq!(turnout.severity, Severity::Conflict);
    }

    #[test]
    fn a_report_that_dates_the_incident_twice_shows_both_dates() {
        // invented
        let d = Some(jiff::civil::date(2024, 3, 8));
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "A ferry capsized on Wednesday off Marrow Point. \
                 Rescuers searched the water for hours. \
                 It happened at around 6am on Tuesday near the harbour mouth.",
                d,
            ),
            (
                "b",
                "Evening Two",
                "A ferry capsized off Marrow Point on Wednesday morning.",
                d,
            ),
        ]);
        let row = fact(&sc, |d| d.subject == "date: the incident");
        assert_eq!(row.severity, Severity::Conflict);
        let values: Vec<&str> = row
            .claims
            .iter()
            .map(|&c| sc.claims[c].value.as_str())
            .collect();
        // (Tuesday at 6am: a day told to its morning)
        assert!(
            values.contains(&"2024-03-05, morning") && values.contains(&"2024-03-06"),
            "{values:?}"
        );
        // a second date that can also be right is shown beside the first,
        // never as a conflict
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "A ferry capsized on Wednesday off Marrow Point. \
                 It happened earlier this week near the harbour mouth.",
                d,
            ),
            (
                "b",
                "Evening Two",
                "A ferry capsized off Marrow Point on Wednesday.",
                d,
            ),
        ]);
        let row = fact(&sc, |d| d.subject == "date: the incident");
        assert_eq!(row.severity, Severity::Differs, "{row:?}");
        assert_eq!(row.claims.len(), 3, "{row:?}");
        assert!(
            row.pairs
                .iter()
                .any(|p| p.relation == Severity::Agree && sc.claims[p.a].value == "2024-03-06"),
            "{row:?}"
        );
    }

    #[test]
    fn a_figure_given_twice_shows_both_but_asserts_only_the_main_one() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A bus overturned on the coast road on Monday, police said. \
                 Dozens of passengers were injured. \
                 Police said 40 passengers were injured.",
            ),
            (
                "b",
                "Evening Two",
                "More than 150 passengers were injured when a bus overturned on the coast road.",
            ),
        ]);
        let row = fact(&sc, |d| d.subject.contains("injured"));
        let shown: Vec<&str> = row
            .claims
            .iter()
            .map(|&c| sc.claims[c].value.as_str())
            .collect();
        assert_eq!(row.claims.len(), 3, "{shown:?}");
        assert_eq!(row.severity, Severity::Conflict, "{shown:?}");
        for p in &row.pairs {
            let texts = (sc.claims[p.a].value.as_str(), sc.claims[p.b].value.as_str());
            // "dozens" is 24–144
            if texts.0.starts_with("24") || texts.1.starts_with("24") {
                assert_eq!(p.relation, Severity::Differs, "{texts:?}");
            } else {
                assert_eq!(p.relation, Severity::Conflict, "{texts:?}");
            }
        }
    }

    #[test]
    fn a_measure_needs_no_verb_but_a_thing_of_many_sizes_is_no_fact() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A miner was trapped in the 30-metre-deep shaft of the Corran mine on Monday.",
            ),
            (
                "b",
                "Evening Two",
                "Rescuers worked through the night at the 55-metre-deep shaft of the Corran mine.",
            ),
        ]);
        let row = fact(&sc, |d| d.subject.contains("shaft"));
        assert_eq!(row.severity, Severity::Conflict, "{row:?}");
        // one depth in two units is one value, shown in metres
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The miner said the shaft was about 40 metres deep (131 feet) and flooded.",
            ),
            (
                "b",
                "Evening Two",
                "A miner was trapped at the bottom of the 80m-deep shaft on Monday.",
            ),
        ]);
        let row = fact(&sc, |d| d.subject.contains("shaft"));
        assert_eq!(row.severity, Severity::Conflict, "{row:?}");
        let shown: Vec<&str> = sc
            .claims
            .iter()
            .filter(|c| c.what.contains("shaft"))
            .map(|c| c.value.as_str())
            .collect();
        assert!(
            shown.contains(&"39.9 m") || shown.contains(&"36–44 m"),
            "{shown:?}"
        );
        assert!(shown.contains(&"80 m"), "{shown:?}");
        assert!(!shown.iter().any(|v| v.starts_with("131")), "{shown:?}");
        // a maker that sells the bar in several sizes
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The 400-gram bar will keep its shape, the company said.",
            ),
            (
                "b",
                "Evening Two",
                "The 150-gram bar shrinks, while the 170-gram bar is sold in discount shops.",
            ),
            (
                "c",
                "Third Post",
                "Shoppers noticed the gaps in the 360-gram bar first.",
            ),
        ]);
        assert_eq!(
            sc.claims.iter().filter(|c| c.what == "mass of bar").count(),
            3,
            "{:?}",
            sc.claims
        );
        assert!(
            !sc.discrepancies
                .iter()
                .any(|d| d.subject.contains("bar") && d.severity == Severity::Conflict),
            "{:?}",
            sc.discrepancies
        );
    }

    #[test]
    fn a_misprinted_count_joins_the_count_it_misprints() {
        // invented: three verbs for one count of messages, one report's
        // figure misprinted ("480,0000"), one report's count of another
        // set of them far off
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Investigators reviewed some 480,000 messages from the laptop, officials said.",
            ),
            (
                "b",
                "Evening Two",
                "As many as 480,000 messages were in question, it was later reported.",
            ),
            (
                "c",
                "Morning Three",
                "Agents found 480,0000 messages on the laptop, the bureau said.",
            ),
            (
                "d",
                "Night Four",
                "The senator deleted 12,000 messages after the subpoena, critics said.",
            ),
        ]);
        let rows: Vec<&Discrepancy> = sc
            .discrepancies
            .iter()
            .filter(|d| d.subject.contains("message") && d.severity != Severity::Unique)
            .collect();
        assert_eq!(rows.len(), 1, "{:?}", sc.discrepancies);
        let values: BTreeSet<&str> = rows[0]
            .claims
            .iter()
            .map(|&i| sc.claims[i].value.as_str())
            .collect();
        assert_eq!(
            values,
            BTreeSet::from(["432,000–528,000", "≤480,000", "480,000–4,800,000"]),
            "{:?}",
            rows[0]
        );
        // what can be the same figure is no conflict
        assert_eq!(rows[0].severity, Severity::Differs);
    }

    #[test]
    fn counts_of_one_thing_under_two_verbs_are_one_fact_when_close() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The fund manager persuaded more than 200 investors to move their savings. \
                 Authorities deployed 2,000 riot police on Saturday.",
            ),
            (
                "b",
                "Evening Two",
                "The fund manager defrauded about 240 investors, the court heard. \
                 Some 1,500 police officers were on duty in the city.",
            ),
        ]);
        let row = |s: &str| {
            sc.discrepancies
                .iter()
                .find(|d| d.subject.starts_with(s) && d.severity != Severity::Unique)
                .map(|d| d.severity)
        };
        assert_eq!(
            row("investor"),
            Some(Severity::Differs),
            "{:?}",
            sc.discrepancies
        );
        assert_eq!(
            row("police"),
            Some(Severity::Conflict),
            "{:?}",
            sc.discrepancies
        );
        // far apart: other sets of the thing (the season's games, the
        // deciding game), never one fact
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The club had played 162 games over the regular season, the league said.",
            ),
            (
                "b",
                "Evening Two",
                "Fans watched the club win seven games in the series against Boston.",
            ),
        ]);
        // (the fact of the thing itself is named by the thing alone)
        assert_eq!(
            sc.claims
                .iter()
                .filter(|c| c.what.starts_with("games ("))
                .count(),
            2
        );
        assert!(
            !sc.discrepancies.iter().any(|d| d.subject == "games"),
            "{:?}",
            sc.discrepancies
        );
    }

    #[test]
    fn a_sum_put_at_a_figure_is_the_sum_of_what_is_valued() {
        // invented
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The owner, Anna Berg, estimated the damage at €4.2 million on Friday.",
            ),
            (
                "b",
                "Evening Two",
                "The owner, Anna Berg, put the cost of the damage at €2.4 million.",
            ),
        ]);
        let row = fact(&sc, |d| d.subject.starts_with("damage"));
        assert_eq!(row.severity, Severity::Conflict);
    }

    #[test]
    fn one_thing_named_two_ways_is_dated_as_one_fact() {
        // invented
        let day = Some(jiff::civil::date(2024, 2, 20));
        let story_with = |first: Option<jiff::civil::Date>, b: &str| {
            claims_of_dated(&[
                (
                    "a",
                    "Daily One",
                    "Miners were trapped at the Brackwell Pit colliery on Monday. \
                     The mine opened in 1974 and employs 600 people.",
                    first,
                ),
                ("b", "Evening Two", b, day),
            ])
            .1
        };
        let story = |b: &str| story_with(day, b);
        let sc = story(
            "Brackwell Pit, which opened in 1968, is one of the last deep mines in the region.",
        );
        let row = fact(&sc, |d| {
            d.kind == ClaimKind::Date && d.subject.contains("open")
        });
        assert_eq!(row.severity, Severity::Conflict);
        // (a report with no date cannot tell its "opened in 1974" recalled
        // from reported: still one happening)
        let sc = story_with(
            None,
            "Brackwell Pit, which opened in 1968, is one of the last deep mines in the region.",
        );
        let row = fact(&sc, |d| {
            d.kind == ClaimKind::Date && d.subject.contains("open")
        });
        assert_eq!(row.severity, Severity::Conflict);
        // one name holding the other ("the river", "the River Tarn")
        let day = Some(jiff::civil::date(2024, 11, 14));
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "The river burst its banks earlier this week after heavy rain.",
                day,
            ),
            (
                "b",
                "Evening Two",
                "About 60 people left their homes after the River Tarn burst its banks on Tuesday.",
                day,
            ),
        ]);
        let row = fact(&sc, |d| {
            d.kind == ClaimKind::Date && d.subject.contains("burst")
        });
        assert_eq!(row.severity, Severity::Differs);
        // a report that never names the other's mine dates another thing
        let no_date_conflict = |sc: &StoryClaims| {
            !sc.discrepancies
                .iter()
                .any(|d| d.kind == ClaimKind::Date && d.severity == Severity::Conflict)
        };
        let sc = story("The Ostwald shaft, which opened in 1968, was closed in 2001.");
        assert!(no_date_conflict(&sc), "{:?}", sc.discrepancies);
        // a happening one report recalls is not the one the other reports,
        // though each names the other's people
        let day = Some(jiff::civil::date(2016, 11, 10));
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "Governor-elect Alan Marsh met Governor Nora Bell at the residence. \
                 Deputy Governor-elect Tom Reyes also visited the residence today for talks. \
                 The Bells greeted the Marshes at the door.",
                day,
            ),
            (
                "b",
                "Evening Two",
                "Governor-elect Alan Marsh and Deputy Governor-elect Tom Reyes met Governor Nora Bell. \
                 No photo was arranged, a custom that Governor Ann Cole observed when the Bells visited the residence in 2008.",
                day,
            ),
        ]);
        assert!(no_date_conflict(&sc), "{:?}", sc.discrepancies);
    }

    #[test]
    fn positions_from_one_place_are_compared_by_bearing_and_distance() {
        // invented
        let rows = |b: &str| {
            two_reports(
                "The storm made landfall about 40 kilometres east of Port Sallow on Friday.",
                b,
            )
            .discrepancies
            .into_iter()
            .filter(|d| d.subject.starts_with("position of"))
            .map(|d| (d.subject, d.severity))
            .collect::<Vec<_>>()
        };
        let west = rows("The storm made landfall 40 kilometres west of Port Sallow on Friday.");
        assert_eq!(
            west,
            vec![(
                "position of storm from port sallow".to_string(),
                Severity::Conflict
            )]
        );
        let further = rows("The storm made landfall 90 kilometres east of Port Sallow on Friday.");
        assert_eq!(further.first().map(|r| r.1), Some(Severity::Conflict));
        let a_point_off =
            rows("The storm made landfall about 40 kilometres north-east of Port Sallow.");
        assert_eq!(a_point_off.first().map(|r| r.1), Some(Severity::Differs));
        let same = rows("The storm made landfall some 40 km east of Port Sallow late on Friday.");
        assert!(same.iter().all(|r| r.1 != Severity::Conflict), "{same:?}");
        // no size of "east" is left behind as a measure
        let (_, sc) = claims_of(&[(
            "a",
            "Daily One",
            "The storm made landfall about 40 kilometres east of Port Sallow on Friday.",
        )]);
        assert!(
            !sc.claims.iter().any(|c| c.what.contains("east")),
            "{:?}",
            sc.claims
        );
    }

    /// The claims of a story of articles (id, outlet, body).
    /// The story's discrepancy that `pick` chooses (the test fails, listing
    /// them all, when there is none).
    fn fact(sc: &StoryClaims, pick: impl Fn(&&Discrepancy) -> bool) -> &Discrepancy {
        sc.discrepancies
            .iter()
            .find(pick)
            .unwrap_or_else(|| panic!("{:?}", sc.discrepancies))
    }

    /// The story's first discrepancy of a kind; fails showing them all.
    #[test]
    fn lead_times_to_one_event_differ_when_told_two_ways_and_far_apart_are_two_things() {
        // invented
        let lead = |sc: &StoryClaims| {
            sc.discrepancies
                .iter()
                .find(|d| d.subject == "how long before the election")
                .cloned()
        };
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The council leader received a boost with just hours left before the election when auditors cleared her accounts.",
            ),
            (
                "b",
                "Evening Two",
                "The council leader received a boost just two days before the election when auditors cleared her accounts.",
            ),
        ]);
        let d = lead(&sc).unwrap_or_else(|| panic!("{:#?}", sc.discrepancies));
        assert_eq!(d.severity, Severity::Differs, "{d:?}");
        // eleven days and two days before it time two things
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Auditors wrote to the council only 11 days before the election and cleared the leader's accounts.",
            ),
            (
                "b",
                "Evening Two",
                "Auditors wrote to the council two days before the election and cleared the leader's accounts.",
            ),
        ]);
        assert!(lead(&sc).is_none(), "{:#?}", sc.discrepancies);
        // the far length is left out of the row of the two close ones
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Auditors cleared the council leader's accounts only 11 days before the election.",
            ),
            (
                "b",
                "Evening Two",
                "Auditors cleared the council leader's accounts just two days before the election.",
            ),
            (
                "c",
                "Morning Three",
                "Auditors cleared the council leader's accounts with just hours left before the election.",
            ),
        ]);
        let d = lead(&sc).unwrap_or_else(|| panic!("{:#?}", sc.discrepancies));
        let outlets: BTreeSet<usize> = d.claims.iter().map(|&c| sc.claims[c].article).collect();
        assert_eq!(outlets, BTreeSet::from([1, 2]), "{d:?}");
        assert_eq!(d.severity, Severity::Differs, "{d:?}");
    }

    #[test]
    fn lead_lengths_group_when_linked_within_a_factor_of_three() {
        let lens = [
            Some((48.0, 48.0)),
            Some((264.0, 264.0)),
            Some((1.0, 24.0)),
            None,
        ];
        let groups = lead_groups(&[10, 11, 12, 13], |i| lens[i - 10]);
        assert_eq!(groups, vec![vec![10, 12], vec![11], vec![13]]);
        // linked through a middle length
        let lens = [Some((24.0, 24.0)), Some((168.0, 168.0)), Some((72.0, 72.0))];
        assert_eq!(lead_groups(&[0, 1, 2], |i| lens[i]), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn a_quote_several_reports_carry_is_credited_to_whom_most_name() {
        use crate::nlp::quotes::{Attribution, Speaker};
        let sp = |name: &str, how| Speaker {
            name: name.into(),
            key: crate::nlp::fold::name_key(name),
            how,
        };
        // one report's slip against three that name him beside the quote
        let got = group_speaker(
            [
                sp("Ada Brandt", Attribution::Continued),
                sp("Tom Varga", Attribution::Named),
                sp("Varga", Attribution::Named),
                sp("Tom Varga", Attribution::Pronoun),
            ]
            .iter(),
        );
        assert_eq!(got.as_deref(), Some("Tom Varga"));
        // a tie goes to the first report's
        let got = group_speaker(
            [
                sp("Ada Brandt", Attribution::Named),
                sp("Tom Varga", Attribution::Named),
            ]
            .iter(),
        );
        assert_eq!(got.as_deref(), Some("Ada Brandt"));
        assert_eq!(group_speaker(std::iter::empty()), None);
    }

    fn fact_of(sc: &StoryClaims, kind: ClaimKind) -> &Discrepancy {
        sc.discrepancies
            .iter()
            .find(|d| d.kind == kind)
            .unwrap_or_else(|| panic!("{:?} {:?}", sc.discrepancies, sc.claims))
    }

    /// The claims of two invented reports by two outlets.
    fn two_reports(a: &str, b: &str) -> StoryClaims {
        claims_of(&[("a", "Daily One", a), ("b", "Evening Two", b)]).1
    }

    /// How many conflict rows of `kind` a story's claims hold.
    fn conflicts(sc: &StoryClaims, kind: ClaimKind) -> usize {
        sc.discrepancies
            .iter()
            .filter(|d| d.kind == kind && d.severity == Severity::Conflict)
            .count()
    }

    fn claims_of(arts: &[(&str, &str, &str)]) -> (Vec<Article>, StoryClaims) {
        let dated: Vec<_> = arts.iter().map(|&(i, o, b)| (i, o, b, None)).collect();
        claims_of_dated(&dated)
    }

    /// [`claims_of`] with publication days.
    fn claims_of_dated(
        arts: &[(&str, &str, &str, Option<jiff::civil::Date>)],
    ) -> (Vec<Article>, StoryClaims) {
        use crate::compare::idf::{DocFreq, Idf};
        let articles: Vec<Article> = arts
            .iter()
            .map(|(id, outlet, body, published)| {
                let mut a = crate::corpus::build_article(crate::corpus::RawArticle {
                    id: Some((*id).into()),
                    outlet: Some((*outlet).into()),
                    body: (*body).into(),
                    published: published.map(|d| d.to_string()),
                    ..Default::default()
                });
                a.id = (*id).into();
                a
            })
            .collect();
        let refs: Vec<&Article> = articles.iter().collect();
        let analyses: Vec<Analysis> = refs.iter().map(|x| crate::nlp::analyze(x)).collect();
        let arefs: Vec<&Analysis> = analyses.iter().collect();
        let members: Vec<usize> = (0..arts.len()).collect();
        let idf = Idf::new(DocFreq::background());
        let sc = story_claims_with(&members, &[], &refs, &arefs, &idf);
        (articles, sc)
    }

    #[test]
    fn one_fact_two_reports_pair_with_a_third_is_one_row() {
        // invented: two reports print the town's size alike, a third
        // otherwise, each in a sentence the aligner pairs with the third's
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The lightning-sparked fire burned homes in Tarrow, a town of about 700 residents north of Corvale. Crews fought it overnight.",
            ),
            (
                "b",
                "Evening Two",
                "Firefighters battled the lightning-sparked fire, which burned homes in Tarrow, a town of about 700 residents north of Corvale.",
            ),
            (
                "c",
                "Morning Three",
                "The lightning-sparked fire burned homes in Tarrow, a community of about 600 people north of Corvale, officials said.",
            ),
        ]);
        let rows: Vec<&Discrepancy> = sc
            .discrepancies
            .iter()
            .filter(|d| d.summary.contains("about 600"))
            .collect();
        assert_eq!(rows.len(), 1, "{:#?}", sc.discrepancies);
        assert_eq!(rows[0].claims.len(), 3, "{:#?}", rows[0]);
    }

    #[test]
    fn a_named_company_s_shares_are_one_fact_where_each_report_gives_one_change() {
        // invented: two reports, one fall of one company's shares each
        let a = "Orvane Motors recalled 40,000 cars on Monday, sending shares in its parent company, Corvane Group, down 9% by midday.";
        let shares = |sc: &StoryClaims| -> Vec<Severity> {
            sc.discrepancies
                .iter()
                .filter(|d| d.subject.contains("corvane"))
                .map(|d| d.severity)
                .collect()
        };
        let (_, sc) = claims_of(&[
            ("a", "Daily One", a),
            (
                "b",
                "Evening Two",
                "Carmaker Orvane Motors is recalling 40,000 cars. Shares in owner Corvane Group fell 3% after the announcement.",
            ),
        ]);
        assert_eq!(
            shares(&sc),
            vec![Severity::Conflict],
            "{:#?}",
            sc.discrepancies
        );
        // a report with two changes (early trading, the close) states two
        // facts: nothing is set against the other report's one change
        let (_, sc) = claims_of(&[
            ("a", "Daily One", a),
            (
                "b",
                "Evening Two",
                "Carmaker Orvane Motors is recalling 40,000 cars. Shares in owner Corvane Group fell 3% in early trading. Shares in Corvane Group later fell 9%.",
            ),
        ]);
        assert!(
            !shares(&sc).contains(&Severity::Conflict),
            "{:#?}",
            sc.discrepancies
        );
    }

    #[test]
    fn compacted_claims_keep_every_fact() {
        // invented: two reports that disagree on a toll and agree on a day
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "At least 12 people were killed in the blast in Corvale on Monday, police said. Mayor Ann Lee visited the town.",
            ),
            (
                "b",
                "Evening Two",
                "Nine people were killed in the blast in Corvale on Monday, police said. Firefighters from Tarsk helped.",
            ),
        ]);
        type Fact = (Severity, Vec<Claim>, Vec<(Claim, Claim)>);
        let facts = |sc: &StoryClaims| -> Vec<Fact> {
            sc.discrepancies
                .iter()
                .chain(&sc.agreed)
                .map(|d| {
                    (
                        d.severity,
                        d.claims.iter().map(|&c| sc.claims[c].clone()).collect(),
                        d.pairs
                            .iter()
                            .map(|p| (sc.claims[p.a].clone(), sc.claims[p.b].clone()))
                            .collect(),
                    )
                })
                .collect()
        };
        let before = facts(&sc);
        assert!(
            before
                .iter()
                .any(|f| f.0 == Severity::Conflict && f.2.len() == 1),
            "{before:?}"
        );
        let mut compact = sc.clone();
        compact.compact();
        assert!(compact.claims.len() < sc.claims.len());
        assert_eq!(facts(&compact), before);
    }

    #[test]
    fn a_sentence_quoted_apart_is_compared_with_the_quote_that_holds_it() {
        // invented: one report quotes two sentences as one quote; the other
        // quotes them apart, the second at greater length, and words the
        // first differently
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The race ended in rain. \"I must admit she surprised me today. I have seen many races she won, and today was remarkable,\" her father Tomas Berg said.",
            ),
            (
                "b",
                "Evening Two",
                "The race ended in rain. \"I must admit that she surprised me,\" Tomas Berg said. \"I have seen many races she won, and today was remarkable, even though the team picked the wrong tyres and the weather was against her,\" Berg added.",
            ),
        ]);
        let reworded = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Quote && d.severity == Severity::Differs)
            .find(|d| {
                d.claims
                    .iter()
                    .any(|&c| sc.claims[c].article == 1 && sc.claims[c].value.contains("Berg"))
                    && d.claims.iter().any(|&c| sc.claims[c].article == 0)
                    && d.summary.contains("surprised me")
            });
        assert!(reworded.is_some(), "{:#?}", sc.discrepancies);
    }

    #[test]
    fn quote_words_read_ampersands_and_british_spellings_as_one_wording() {
        assert_eq!(
            quote_words("My heart goes out to the families & friends of the honoured dead"),
            quote_words("my heart goes out to the families and friends of the honored dead")
        );
        assert_eq!(quote_words("AT&T"), vec!["at", "and", "t"]);
        assert_ne!(
            quote_words("the tank was filled"),
            quote_words("the tank was filed")
        );
    }

    #[test]
    fn one_quote_in_other_words_differs() {
        // invented: one speaker, one statement worded two ways; another
        // statement of hers is not the same quote
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The plant was shut on Monday. \"We will not be reopening the plant until every pipe has been checked,\" Mira Castell said.",
            ),
            (
                "b",
                "Evening Two",
                "The plant was shut on Monday. \"We won't reopen until all the pipes are checked,\" Mira Castell said. \"The staff will be paid in full,\" Castell added.",
            ),
        ]);
        let differs: Vec<&Discrepancy> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Quote && d.severity == Severity::Differs)
            .collect();
        assert_eq!(differs.len(), 1, "{:#?}", sc.discrepancies);
        let texts: Vec<String> = differs[0]
            .claims
            .iter()
            .map(|&c| sc.claims[c].article.to_string())
            .collect();
        assert!(texts.contains(&"0".to_string()) && texts.contains(&"1".to_string()));
        assert!(
            !sc.quotes
                .iter()
                .any(|g| g.text.contains("paid in full") && g.carriers.len() > 1)
        );
    }

    #[test]
    fn a_clock_time_is_the_time_compared_over_a_part_of_the_day() {
        // invented: one report gives the part of the day first, then the
        // clock time; the clock times of the two reports are set apart
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The ferry capsized in the morning rush hour near Osk. The ferry capsized at 7.10am on Monday, officials said.",
            ),
            (
                "b",
                "Evening Two",
                "The ferry capsized at 7.45am on Monday near Osk, officials said.",
            ),
        ]);
        let time = fact_of(&sc, ClaimKind::Time);
        assert_eq!(time.severity, Severity::Conflict, "{time:#?}");
    }

    #[test]
    fn an_earlier_events_toll_is_its_own_fact() {
        // invented: the attack's toll, and the toll of the raids it
        // answered, in each report; never one set against the other
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "At least six people were killed when a bomb exploded at the depot on Friday. The group said it was in retaliation for army raids on a farm near Osk last week in which more than 30 people were killed.",
            ),
            (
                "b",
                "Evening Two",
                "Six people were killed when a bomb exploded at the depot on Friday. The group called it a revenge attack for army raids this month in the province of Osk that left 32 civilians dead.",
            ),
        ]);
        let rows: Vec<(&str, Severity, usize)> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Number)
            .map(|d| (d.subject.as_str(), d.severity, d.claims.len()))
            .collect();
        assert!(
            rows.iter()
                .any(|r| r.0.contains("earlier raid") && r.1 == Severity::Differs),
            "{rows:?}"
        );
        assert!(!rows.iter().any(|r| r.1 == Severity::Conflict), "{rows:?}");
    }

    #[test]
    fn a_short_quote_reworded_is_one_quote_whoever_it_is_credited_to() {
        // invented: four content words, three of them shared, and the
        // speaker named in one report only (attribution is the weakest
        // part of a quote); a remark sharing fewer words stays apart
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "The mayor called the levee \"the weakest dam in the history of our county\". \"Repairs start in spring,\" the mayor said.",
            ),
            (
                "b",
                "Evening Two",
                "Mayor Ines Ruiz called it \"the weakest dam in the history of the whole state\". \"Spring will be too late,\" a farmer said.",
            ),
        ]);
        let differs: Vec<&Discrepancy> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Quote && d.severity == Severity::Differs)
            .collect();
        assert_eq!(differs.len(), 1, "{:#?}", sc.discrepancies);
        assert!(
            differs[0]
                .claims
                .iter()
                .all(|&c| sc.claims[c].span.start < 100),
            "{:#?}",
            differs[0]
        );
    }

    #[test]
    fn quotes_are_grouped_around_one_quote_never_through_a_third() {
        // b's long quote holds a's and c's sentences; a's and c's quotes
        // share only function words and must not be set against each other
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Ana Pereira said: \"I heard a bang at the harbour and I ran outside.\"",
            ),
            (
                "b",
                "Evening Two",
                "Ana Pereira said: \"I heard a loud bang at the harbour and ran outside. Then I saw the crane fall onto the ferry terminal roof.\"",
            ),
            (
                "c",
                "Morning Three",
                "Tomas Reyes said: \"I saw the crane fall onto the terminal roof of the ferry.\"",
            ),
        ]);
        // b's quote is the centre: a's and c's are each grouped with it
        let with_b = |art: usize| {
            sc.quotes.iter().any(|g| {
                g.carriers.iter().any(|c| c.0 == 1) && g.carriers.iter().any(|c| c.0 == art)
            })
        };
        assert!(with_b(0) && with_b(2), "{:?}", sc.quotes);
        for d in &sc.discrepancies {
            for p in &d.pairs {
                let (x, y) = (&sc.claims[p.a], &sc.claims[p.b]);
                assert!(
                    !(p.relation != Severity::Agree
                        && [x.article, y.article].contains(&0)
                        && [x.article, y.article].contains(&2)),
                    "a's and c's quotes compared: {}",
                    d.summary
                );
            }
        }
    }

    #[test]
    fn a_surname_alone_never_accuses_another_speaker() {
        // one report names the speaker by surname only; the model may
        // resolve it to another person of that name
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Mark Halvorsen spoke at the dock. Nina Halvorsen arrived later. \"We lost the harbour wall in one night and nobody warned the families,\" Halvorsen told reporters.",
            ),
            (
                "b",
                "Evening Two",
                "\"We lost the harbour wall in one night and nobody warned the families,\" Nina Halvorsen told reporters.",
            ),
        ]);
        assert!(
            sc.discrepancies
                .iter()
                .all(|d| d.kind != ClaimKind::Attribution || d.severity != Severity::Conflict),
            "{:?}",
            sc.discrepancies
                .iter()
                .map(|d| &d.summary)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_day_after_another_report_was_printed_is_no_conflict_with_it() {
        let d = |day| Some(jiff::civil::date(2031, 3, day));
        // invented: the crash on Wednesday 5 March, reported on the 6th; a
        // report of Saturday the 8th names Saturday in a clause on deaths
        let (_, sc) = claims_of_dated(&[
            (
                "a",
                "Daily One",
                "Four people died on Wednesday when a ferry capsized off Harlow Point.",
                d(6),
            ),
            (
                "b",
                "Evening Two",
                "Vigils were held for the four people who died on Saturday, when hundreds marched to Harlow Point.",
                d(8),
            ),
            (
                "c",
                "Morning Three",
                "Four people died on Tuesday when a ferry capsized off Harlow Point.",
                d(6),
            ),
        ]);
        let dates: Vec<(&str, Severity)> = sc
            .discrepancies
            .iter()
            .filter(|d| d.kind == ClaimKind::Date)
            .flat_map(|d| {
                d.pairs.iter().map(|p| {
                    let arts = [sc.claims[p.a].article, sc.claims[p.b].article];
                    let which = if arts.contains(&1) {
                        "with b"
                    } else {
                        "a and c"
                    };
                    (which, p.relation)
                })
            })
            .collect();
        // Wednesday against Tuesday, both printed on the 6th, is a conflict
        assert!(
            dates.contains(&("a and c", Severity::Conflict)),
            "{dates:?}"
        );
        assert!(
            dates
                .iter()
                .all(|(w, r)| *w != "with b" || *r != Severity::Conflict),
            "{dates:?}"
        );
    }

    #[test]
    fn one_speaker_is_shown_under_one_name() {
        let group = |speaker: &str, carriers: usize| QuoteGroup {
            speaker: Some(speaker.to_string()),
            text: String::new(),
            carriers: (0..carriers).map(|a| (a, 0)).collect(),
            first_span: Span::new(0, 0),
        };
        let mut groups = vec![
            group("Alan J. Marsh", 1),
            group("Alan Marsh", 3),
            group("Marsh", 2),
            group("ALAN Marsh", 1),
            group("Nora Bell", 1),
            group("Bell", 1),
            group("Kit Bell", 1),
            group("Cher", 4),
            group("CHER Singer Cher", 1),
        ];
        one_name_per_speaker(&mut groups);
        let shown: Vec<&str> = groups
            .iter()
            .map(|g| g.speaker.as_deref().unwrap())
            .collect();
        assert_eq!(
            shown,
            [
                "Alan Marsh",
                "Alan Marsh",
                "Alan Marsh",
                "Alan Marsh",
                "Nora Bell",
                // two Bells as often: the bare name stays
                "Bell",
                "Kit Bell",
                "Cher",
                "CHER Singer Cher"
            ]
        );
    }

    #[test]
    fn variants() {
        assert!(possible_variant("marnin", "marny lesage"));
        assert!(possible_variant("sanford", "sandford on thames"));
        assert!(possible_variant("okafor", "okafur"));
        assert!(!possible_variant("peru", "chile"));
        assert!(!possible_variant("pont royal", "port louis"));
        assert!(!possible_variant("john", "johnson city"));
        assert!(!possible_variant("hillary", "hillary clinton"));
        assert!(!possible_variant("paul ryan", "paul d. ryan"));
        // a short first name, and a first name with an ending of its own
        assert!(!possible_variant("phil seary", "philip seary"));
        assert!(!possible_variant("felipinho", "felipe massa"));
        assert!(possible_variant("phil seary", "phil seery"));
        assert!(possible_variant("hillary clinton", "hilary clinton"));
        // a family and a possessive are the name, in one word only
        assert!(!possible_variant("harrow", "harrows"));
        assert!(!possible_variant("harrow's", "harrow"));
        assert!(!spelt_alike("harrows", "harrow"));
        assert!(spelt_alike("harrow towers", "harrow tower"));
        // a surname of a person the article names in full is that person
        let article = crate::corpus::build_article(crate::corpus::RawArticle {
            body: "Governor Ray Trenton toured the flooded district on Monday. \
                   Trenton said the town would rebuild."
                .into(),
            ..Default::default()
        });
        let an = crate::nlp::analyze(&article);
        assert!(short_for_a_full_name(&an, "trenton", "trentham bridge"));
        assert!(!short_for_a_full_name(&an, "trenton", "ray trenton"));
        assert!(!short_for_a_full_name(&an, "marnin", "marny lesage"));
        // the stricter test for names that no aligned sentence pairs
        let t = |s: &str| {
            find_tallies(s)
                .into_iter()
                .map(|(k, _, t)| (k, t))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            t("the council voted 7-2 to close it"),
            [("vote tally", (7, 2))]
        );
        assert_eq!(
            t("The court ruled 5–4 on Monday."),
            [("vote tally", (5, 4))]
        );
        assert_eq!(t("Rovers lost 1-3 to City."), [("score", (3, 1))]);
        assert_eq!(
            t("City beat Rovers 3-1, their first win."),
            [("score", (3, 1))]
        );
        assert!(t("won 10-12 seats in the north").is_empty());
        assert!(t("voters aged 18-24 turned out").is_empty());
        assert!(t("the vote in 2016-2021").is_empty());
        assert!(t("The march drew 5-6,000 people").is_empty());
        assert!(t("in the vote among those aged 18-24, Labour led").is_empty());
        assert!(shortened_place("sandrith", "sandrith on tarn"));
        assert!(shortened_place("stratford upon avon", "stratford"));
        assert!(!shortened_place("london", "london bridge"));
        assert!(!shortened_place("rye", "rye on sea"));
        assert!(spelt_alike("pellham quay", "pelham quay"));
        assert!(spelt_alike("ruairi mcandless", "ruari mccandless"));
        assert!(spelt_alike("tomasz wielgosz", "tomas wielgosz"));
        assert!(!spelt_alike("mark davis", "mary davis"));
        assert!(!spelt_alike("hillary", "hillary clinton"));
        assert!(!spelt_alike("austria", "australia"));
        assert!(!spelt_alike("paul d ryan", "paul j ryan"));
        assert!(!spelt_alike("john a smith", "john e smith"));
        assert!(!spelt_alike("john e smith", "john i smith"));
        assert!(linked_alike("mazar i sharif", "mazar e sharif"));
        assert!(linked_alike("ras al khaimah", "ras el khaimah"));
        assert!(!linked_alike("mazar i sharif", "mazar e sharifa"));
        assert!(!linked_alike("mazar i sharif", "mazar i sharif"));
        assert!(!possible_variant("paul d ryan", "paul j ryan"));
    }

    #[test]
    fn a_place_spelt_two_ways_pairs_only_the_two_spellings() {
        // invented reports of a real city's two transliterations
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "A car bomb exploded outside the consulate in Mazar-i-Sharif on Thursday night.",
            ),
            (
                "b",
                "Evening Two",
                "Gunmen stormed the consulate in the northern city of Mazar-i-Sharif after the blast.",
            ),
            (
                "c",
                "Third Post",
                "The consulate in Mazar-e-Sharif was badly damaged by the blast.",
            ),
        ]);
        let row = fact(&sc, |d| d.severity == Severity::PossibleVariant);
        assert!(row.summary.contains("Mazar-e-Sharif"), "{row:?}");
        for p in &row.pairs {
            let (x, y) = (&sc.claims[p.a], &sc.claims[p.b]);
            let alike = x.what == y.what;
            assert_eq!(
                p.relation == Severity::Agree,
                alike,
                "{} / {}: {:?}",
                x.value,
                y.value,
                p.relation
            );
        }
    }

    #[test]
    fn a_headline_figure_is_the_outlets_too_beside_its_reports() {
        // invented; the first report's headline is rounder than its lead
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "Nine dead in hotel fire\n\nAt least nine people were killed when fire swept through a hotel in Arlen on Monday night.",
            ),
            (
                "b",
                "Evening Two",
                "At least nine people were killed when fire swept through a hotel in Arlen on Monday night.",
            ),
        ]);
        let dead = fact(&sc, |d| d.subject.contains("dead"));
        let values: Vec<&str> = dead
            .claims
            .iter()
            .map(|&c| sc.claims[c].value.as_str())
            .collect();
        assert_eq!(dead.severity, Severity::Differs, "{values:?}");
        assert!(values.contains(&"9"), "{values:?}");
        // the report's own figure stays its main one: the two leads agree
        assert!(
            dead.pairs.iter().any(|p| {
                p.relation == Severity::Agree
                    && sc.claims[p.a].value == "≥9"
                    && sc.claims[p.b].value == "≥9"
            }),
            "{dead:?}"
        );
    }

    #[test]
    fn an_earlier_near_figure_left_in_a_report_is_shown_beside_its_own() {
        // invented: the first report's caption keeps the morning's count
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "More than 50 people were injured when a coach overturned near Pellham on Monday, police said. \
                 The coach overturned near Pellham, injuring another 40.",
            ),
            (
                "b",
                "Evening Two",
                "Dozens of people were injured when a coach overturned near Pellham on Monday, police said.",
            ),
        ]);
        let hurt = fact(&sc, |d| d.subject.contains("injured"));
        let value = |i: usize| sc.claims[i].value.as_str();
        let values: Vec<&str> = hurt.claims.iter().map(|&c| value(c)).collect();
        assert!(values.contains(&"40"), "{values:?}");
        // shown as differing from the other outlet's, never asserted: the
        // report's main figure is its own
        assert!(
            hurt.pairs
                .iter()
                .all(|p| p.relation != Severity::Conflict && p.relation != Severity::Update),
            "{hurt:?}"
        );
        assert!(
            hurt.pairs.iter().any(|p| {
                p.relation == Severity::Differs
                    && [value(p.a), value(p.b)].contains(&"40")
                    && [value(p.a), value(p.b)].contains(&"24–144")
            }),
            "{hurt:?}"
        );
    }

    #[test]
    fn a_first_name_spelt_two_ways_is_one_row() {
        // invented; the second report misspells the brother's first name
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "His sister Dorota said that her brother Andrzej had moved to the town from Poland.",
            ),
            (
                "b",
                "Evening Two",
                "His sister Dorota said that her brother Andrezej had moved to the town from Poland.",
            ),
            (
                "c",
                "Third Post",
                "His sister Dorota said that her brother Andrzej Rynkiewicz had moved to the town from Poland.",
            ),
        ]);
        let rows: Vec<&str> = sc
            .discrepancies
            .iter()
            .filter(|d| d.severity == Severity::PossibleVariant)
            .map(|d| d.subject.as_str())
            .collect();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(rows[0].contains("Andrezej"), "{rows:?}");
        // the full name is in the row, at odds with the misspelling only
        let row = fact(&sc, |d| d.severity == Severity::PossibleVariant);
        for p in &row.pairs {
            let (x, y) = (&sc.claims[p.a].what, &sc.claims[p.b].what);
            let misspelt = x == "andrezej" || y == "andrezej";
            assert_eq!(p.relation != Severity::Agree, misspelt, "{x} / {y}");
        }
        assert!(
            row.pairs
                .iter()
                .any(|p| sc.claims[p.a].what == "andrzej rynkiewicz"
                    || sc.claims[p.b].what == "andrzej rynkiewicz"),
            "{row:?}"
        );
    }

    #[test]
    fn counts_under_two_verbs_in_like_sentences_are_one_fact_only_when_close() {
        // invented; the aligner calls each pair of sentences the same
        let rows = |a: &str, b: &str| {
            let (_, sc) = claims_of(&[("a", "Daily One", a), ("b", "Evening Two", b)]);
            sc.discrepancies
                .iter()
                .filter(|d| d.subject.starts_with("run") && d.severity == Severity::Conflict)
                .count()
        };
        assert_eq!(
            rows(
                "Closer Aroldis Chapman gave up three runs in the eighth inning as the Indians hit back at Progressive Field.",
                "Closer Aroldis Chapman scored eight runs in the eighth inning as the Indians hit back at Progressive Field.",
            ),
            0
        );
    }

    #[test]
    fn a_count_hung_from_another_noun_is_no_count_of_the_verb() {
        // invented; "one bar" is the bar whose size was reduced, not a
        // count of the bars reduced
        let (_, sc) = claims_of(&[
            (
                "a",
                "Daily One",
                "As a result, the two chocolate bars have been reduced in weight to 360 grams and 150 grams by the Swiss maker.",
            ),
            (
                "b",
                "Evening Two",
                "The Swiss maker had already reduced the size of one chocolate bar sold worldwide from 400 grams to 360 grams.",
            ),
        ]);
        let bars: Vec<_> = sc
            .discrepancies
            .iter()
            .filter(|d| d.subject.starts_with("bar"))
            .collect();
        assert!(bars.is_empty(), "{bars:?}");
    }

    #[test]
    fn measures_are_shown_in_metric_units() {
        let iv = |lo: f64, hi: f64| Interval {
            lo,
            hi,
            lo_open: false,
            hi_open: false,
        };
        assert_eq!(in_si(&iv(131.0, 131.0), "length", 0.3048), "39.9 m");
        assert_eq!(in_si(&iv(3.0, 3.0), "length", 1609.344), "4.83 km");
        assert_eq!(in_si(&iv(2000.0, 2000.0), "area", 4046.856), "809 ha");
        assert_eq!(in_si(&iv(6.4, 6.4), "magnitude", 1.0), "magnitude 6.4");
        assert_eq!(in_si(&iv(36.0, 44.0), "length", 1.0), "36–44 m");
        // metric values as written, however many figures
        assert_eq!(in_si(&iv(2345.0, 2345.0), "area", 10_000.0), "2,345 ha");
        assert_eq!(in_si(&iv(12_345.0, 12_345.0), "mass", 1000.0), "12,345 t");
        assert_eq!(in_si(&iv(1500.0, 1500.0), "length", 1.0), "1.5 km");
        // "up to 5 miles", "under 3,000 acres": sized by their top
        assert_eq!(in_si(&iv(0.0, 5.0), "length", 1609.344), "≤8.05 km");
        assert_eq!(in_si(&iv(0.0, 3000.0), "area", 4046.856), "≤1,210 ha");
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
