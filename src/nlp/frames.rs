//! Fact frames: what each value of a sentence is about, read from the
//! dependency parse.
//!
//! A figure, a date, a clock time, a place or an age becomes a [`Frame`]:
//! the event it belongs to (the predicate that governs it, classed when it
//! is a toll-like event: "dead", "injured", "arrested"…), the role of the
//! counted thing in that event (the victims of "killed", not the gunmen who
//! killed), what is counted ("people", "soldiers"), whether it is only a
//! part of a total ("two of the five", "including three children", "eight
//! seriously injured", "20 taken to St George's"), whose age or what place,
//! and the sentence's stance: negated, hedged by a modal ("may have",
//! "expected to"), about another event or an earlier time, reported by a
//! source ("police said"), or stated as a change ("rose to").
//!
//! Frames are pure functions of the text and its parse; comparison across
//! outlets lives in `compare::claims`.

use crate::corpus::Span;
use crate::nlp::dates::DateValue;
use crate::nlp::fold::{fold, name_key};
use crate::nlp::numbers::{Quantity, Unit};
use crate::nlp::spacy::ParsedToken;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What kind of value a frame holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Count,
    /// A length, an area, a mass or a speed with its unit ("80m-deep").
    Measure,
    Age,
    Date,
    Time,
    Place,
    /// The vehicle of an attack: "a car bomb", "a truck packed with
    /// explosives", "rammed a van into the crowd" (the value is the
    /// vehicle's class, the holder the word used).
    Vehicle,
    /// The weapon of an attack: "shot them with an AR-15 rifle", "armed
    /// with a knife", "the rifle he used" (the value is the weapon's class,
    /// the holder the word used; the span the noun with its modifiers).
    Weapon,
}

/// The role of the frame's value (or of what it counts) in its event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Undergoes the event: the dead of "killed", the injured, the arrested.
    Patient,
    /// Does it: the gunmen of "gunmen killed nine".
    Agent,
    /// When, where, or how old.
    Circumstance,
    /// Anything else the parse does not place.
    Other,
}

/// One value of a sentence and what it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Frame {
    /// Index into the analysis's sentences.
    pub sentence: usize,
    pub kind: ValueKind,
    /// The value's span in the body (the quantity with its hedge, the date,
    /// the time, the place name).
    pub span: Span,
    /// The event class ("dead", "injured", "missing", "arrested",
    /// "rescued", "displaced", "evacuated", "hospitalised", "trapped",
    /// "deployed", "incident") or, for other predicates, "lemma" of the
    /// predicate ("launch", "arrive").
    pub event: Option<String>,
    /// The governing predicate's lemma and span.
    pub predicate: Option<String>,
    #[serde(skip)]
    pub predicate_span: Option<Span>,
    pub role: Role,
    /// What a count counts: the lemma of the counted noun ("people"), or the
    /// class "people" for words that name people in general.
    pub counted: Option<String>,
    /// Why the value is only a part of a total, when it is: "part of the
    /// five", "children", "british", "seriously", "at st george's".
    pub subset: Option<String>,
    /// Whose age, what is placed or dated: a folded name or role lemma.
    pub holder: Option<String>,
    pub negated: bool,
    /// A modal or expectation ("may", "expected", "feared", "will").
    pub modality: Option<String>,
    /// About another event or an earlier time than the article's own.
    pub background: bool,
    /// Stated as a change: "rose to", "climbed to", "has risen", "now".
    pub update_cue: bool,
    /// A figure the report itself gives as an earlier one and then
    /// corrects in the same sentence ("had previously been reported to be
    /// six years old, but more updated reports said he was five"): not the
    /// report's own value.
    pub superseded: bool,
    /// Who the sentence credits: "police", "officials" (folded).
    pub source: Option<String>,
    /// Index into the analysis's quantities, for counts and ages.
    #[serde(skip)]
    pub quantity: Option<usize>,
    /// For a measure: its dimension ("length", "area", "mass", "speed")
    /// and the factor to SI units (metres, square metres, kilograms, km/h).
    pub dimension: Option<&'static str>,
    #[serde(skip)]
    pub to_si: f64,
    /// For a value about another, earlier event: the year its clause names
    /// ("the 1933 fire"), which identifies that event across reports.
    pub era: Option<i16>,
    /// For a value about another, earlier event named by a noun its clause
    /// describes ("air strikes last week in which 30 were killed"): that
    /// noun's lemma ("strike"), which identifies the event across reports.
    pub other_event: Option<String>,
    /// For a count of what a general predicate acted on: who did it, when
    /// the report names them ("Hagel said he has ordered two reviews":
    /// "hagel"; "the Navy secretary ordered three": "navy secretary"). Two
    /// people's orders are two facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
}

impl Frame {
    /// A frame of a value with nothing known of it yet: no event, role
    /// other, neither negated nor hedged nor about another event.
    fn new(sentence: usize, kind: ValueKind, span: Span) -> Frame {
        Frame {
            sentence,
            kind,
            span,
            event: None,
            predicate: None,
            predicate_span: None,
            role: Role::Other,
            counted: None,
            subset: None,
            holder: None,
            negated: false,
            modality: None,
            background: false,
            update_cue: false,
            superseded: false,
            source: None,
            quantity: None,
            dimension: None,
            to_si: 1.0,
            era: None,
            other_event: None,
            agent: None,
        }
    }
}

/// Units of measure: (word, dimension, factor to SI).
const UNITS: &[(&str, &str, f64)] = &[
    ("m", "length", 1.0),
    ("metre", "length", 1.0),
    ("meter", "length", 1.0),
    ("km", "length", 1000.0),
    ("kilometre", "length", 1000.0),
    ("kilometer", "length", 1000.0),
    ("cm", "length", 0.01),
    ("centimetre", "length", 0.01),
    ("centimeter", "length", 0.01),
    ("mm", "length", 0.001),
    ("ft", "length", 0.3048),
    ("foot", "length", 0.3048),
    ("feet", "length", 0.3048),
    ("inch", "length", 0.0254),
    ("mile", "length", 1609.344),
    ("yard", "length", 0.9144),
    ("acre", "area", 4046.856),
    ("hectare", "area", 10000.0),
    ("sq", "area", 1.0),
    ("kg", "mass", 1.0),
    ("kilogram", "mass", 1.0),
    ("kilo", "mass", 1.0),
    ("tonne", "mass", 1000.0),
    ("ton", "mass", 1000.0),
    ("lb", "mass", 0.4536),
    ("g", "mass", 0.001),
    ("gram", "mass", 0.001),
    ("mph", "speed", 1.609344),
    ("kph", "speed", 1.0),
    ("km/h", "speed", 1.0),
    // an earthquake's size: "magnitude 6.4", "a 6.1-magnitude quake"
    ("magnitude", "magnitude", 1.0),
];

/// The unit a counted word names: "metres", "ft", or the suffix of a
/// token like "80m" that the parser kept whole.
fn unit_of(word: &str) -> Option<(&'static str, f64)> {
    let w = word.to_lowercase();
    let w = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    let w = w.trim_end_matches('s');
    let w = if w.is_empty() { return None } else { w };
    UNITS
        .iter()
        .find(|(u, _, _)| *u == w || (u.len() > 2 && format!("{u}s") == w))
        .map(|(_, d, f)| (*d, *f))
}

/// Toll-like event classes, by predicate or noun lemma.
const EVENT_LEMMAS: &[(&str, &[&str])] = &[
    (
        "dead",
        &[
            "kill", "die", "perish", "slay", "murder", "drown", "dead", "death", "fatality",
            "fatally", "toll", "body", "corpse", "massacre", "execute",
        ],
    ),
    (
        "injured",
        &[
            "injure", "wound", "hurt", "maim", "injured", "wounded", "injury",
        ],
    ),
    (
        "hospitalised",
        &["hospitalise", "hospitalize", "hospitalised", "hospitalized"],
    ),
    ("missing", &["missing", "unaccounted"]),
    ("shot", &["shoot", "shot", "gunshot"]),
    ("arrested", &["arrest", "detain", "apprehend", "arrested"]),
    ("rescued", &["rescue", "save", "free", "rescued"]),
    ("displaced", &["displace", "flee", "displaced", "homeless"]),
    ("evacuated", &["evacuate", "evacuated", "evacuation"]),
    ("trapped", &["trap", "trapped", "strand", "stranded"]),
    ("deployed", &["deploy", "dispatch", "station", "deployed"]),
    ("marched", &["march", "protest"]),
    ("destroyed", &["destroy", "raze", "destroyed"]),
];

/// Where people live or work: burning them is destroying them ("about 200
/// homes have burned", "destroyed 200 homes"), as with [`STRUCTURES`].
const DWELLINGS: &[&str] = &[
    "home",
    "structure",
    "residence",
    "cabin",
    "property",
    "dwelling",
    "barn",
    "business",
    "shop",
    "store",
];

/// Where people live: leaving it is being evacuated.
const HOME_WORDS: &[&str] = &[
    "home",
    "house",
    "area",
    "village",
    "town",
    "building",
    "street",
    "flat",
    "apartment",
    "estate",
    "neighbourhood",
    "neighborhood",
];

/// The class of a verb, or of the phrase it heads: residents "were told to
/// leave their homes" were evacuated, "forced to flee" displaced; people
/// who "took to the streets" marched.
fn verb_class(syn: &Syntax, v: usize) -> Option<&'static str> {
    let lemma = syn.lemma(v);
    if let Some(c) = event_class(&lemma) {
        return Some(c);
    }
    match lemma.as_str() {
        "tell" | "order" | "force" | "urge" | "ask" | "advise" | "instruct" => {
            let x = syn.kid_with(v, &["xcomp"])?;
            // leaving one's home or an area, not a ground or a job
            let left_home = || {
                syn.kid_with(x, &["dobj"])
                    .is_none_or(|o| HOME_WORDS.contains(&syn.lemma(o).as_str()))
            };
            match syn.lemma(x).as_str() {
                "leave" | "vacate" if left_home() => Some("evacuated"),
                "leave" | "vacate" => None,
                l => event_class(l).filter(|c| matches!(*c, "evacuated" | "displaced")),
            }
        }
        // "homes have burned", "burned down 40 houses" (not "burned
        // 8,000 acres", not people burned)
        "burn" => syn
            .kids(v)
            .iter()
            .any(|&k| {
                (matches!(syn.dep(k), "nsubj" | "nsubjpass" | "dobj")
                    && (DWELLINGS.contains(&syn.lemma(k).as_str())
                        || STRUCTURES.contains(&syn.lemma(k).as_str())))
                    || (syn.dep(k) == "prt" && syn.lemma(k) == "down")
            })
            .then_some("destroyed"),
        // "gunned down four people": shot (dead or not); set against the
        // injured, the dead ("gunned down four people and injured several
        // others")
        "gun"
            if syn
                .kids(v)
                .iter()
                .any(|&k| syn.dep(k) == "prt" && syn.lemma(k) == "down") =>
        {
            let conjuncts = syn
                .kids(v)
                .iter()
                .copied()
                .filter(|&k| syn.dep(k) == "conj")
                .chain(syn.head(v).filter(|_| syn.dep(v) == "conj"));
            let against_injured = conjuncts
                .into_iter()
                .any(|c| syn.is_verb(c) && event_class(&syn.lemma(c)) == Some("injured"));
            Some(if against_injured { "dead" } else { "shot" })
        }
        // "were moved out of their homes", "relocated from the area"
        "move" | "relocate" => {
            let home = |o: usize| HOME_WORDS.contains(&syn.lemma(o).as_str());
            syn.kids(v)
                .iter()
                .any(|&k| match syn.lemma(k).as_str() {
                    "from" => syn.kid_with(k, &["pobj"]).is_some_and(home),
                    "out" => syn.kids(k).iter().chain(syn.kids(v)).any(|&o| {
                        syn.lemma(o) == "of" && syn.kid_with(o, &["pobj"]).is_some_and(home)
                    }),
                    _ => false,
                })
                .then_some("evacuated")
        }
        "take" => syn
            .kids(v)
            .iter()
            .any(|&k| {
                syn.dep(k) == "prep"
                    && syn.lemma(k) == "to"
                    && syn
                        .kid_with(k, &["pobj"])
                        .is_some_and(|o| syn.lemma(o) == "street")
            })
            .then_some("marched"),
        _ => None,
    }
}

/// Nouns that name the incident itself: its date, time and place are the
/// story's.
const INCIDENT_NOUNS: &[&str] = &[
    "attack",
    "shooting",
    "crash",
    "explosion",
    "blast",
    "collision",
    "fire",
    "blaze",
    "incident",
    "bombing",
    "derailment",
    "accident",
    "clash",
    "ambush",
    "raid",
    "assault",
    "earthquake",
    "quake",
    "storm",
    "flood",
    "landslide",
    "stabbing",
    "siege",
    "wildfire",
    "bushfire",
    "hurricane",
    "tornado",
    "typhoon",
    "cyclone",
    "avalanche",
    "eruption",
    "massacre",
    "riot",
];

/// Nouns for the incident's moment but not its start ("the disaster
/// Sunday afternoon" is when the crew died; the wildfire began on
/// Friday): the incident's for a clock time or a part of the day only.
const MOMENT_NOUNS: &[&str] = &["disaster", "tragedy"];

/// An incident noun, for a value of this kind.
fn incident_noun(lemma: &str, kind: ValueKind) -> bool {
    INCIDENT_NOUNS.contains(&lemma) || (kind == ValueKind::Time && MOMENT_NOUNS.contains(&lemma))
}

/// A plural noun with no article, possessive, demonstrative or number:
/// things of a kind, not one event ("mass shootings that are happening
/// across the country"; not "the attacks", "two blasts").
fn generic_plural(syn: &Syntax, n: usize) -> bool {
    syn.tokens[n].tag == "NNS"
        && !syn.kids(n).iter().any(|&k| {
            matches!(syn.dep(k), "det" | "poss" | "nummod")
                && !matches!(syn.lemma(k).as_str(), "some" | "many" | "any")
        })
}

/// Conditions a thing happened in: weather, light, traffic.
const CONDITION_NOUNS: &[&str] = &[
    "rain", "snow", "fog", "mist", "wind", "weather", "downpour", "darkness", "traffic", "rush",
    "ice", "heat",
];

/// Verbs that only say an event took place ("a referendum held in
/// March", "the match played on Sunday").
const LIGHT_VERBS: &[&str] = &["hold", "stage", "conduct", "organise", "organize", "play"];

/// Verbs whose subject is the incident ("the attack happened on Sunday").
/// "The fire broke out / started on Tuesday" dates the incident too.
const INCIDENT_VERBS: &[&str] = &[
    "happen", "occur", "strike", "erupt", "unfold", "hit", "start", "begin", "break",
];

/// Verbs that are the incident itself, whatever their subject.
const INCIDENT_SELF_VERBS: &[&str] = &[
    "derail", "overturn", "crash", "collide", "explode", "capsize", "detonate",
];

/// Verbs of a fall or an overturning: the incident when what fell is a
/// person or a vehicle ("the boy fell down the well", "the tram tipped
/// over", "the bus plunged into a ravine"), not a price or a figure.
const MISHAP_VERBS: &[&str] = &[
    "fall", "plummet", "plunge", "tumble", "topple", "tip", "flip", "roll", "sink", "come", "go",
];

/// Vehicles, whose mishap is the incident.
const VEHICLES: &[&str] = &[
    "tram",
    "train",
    "bus",
    "coach",
    "car",
    "truck",
    "lorry",
    "van",
    "plane",
    "aircraft",
    "jet",
    "helicopter",
    "boat",
    "ship",
    "ferry",
    "vessel",
    "vehicle",
    "carriage",
    "minibus",
];

/// Who carries out an attack: a subject that makes "struck", "opened
/// fire" or "stormed" the incident itself.
const ATTACKERS: &[&str] = &[
    "gunman",
    "gunmen",
    "attacker",
    "assailant",
    "bomber",
    "militant",
    "insurgent",
    "terrorist",
    "shooter",
    "sniper",
    "jihadist",
    "extremist",
    "hijacker",
    "suspect",
];

/// Verbs of an attack, the incident when an attacker is their subject.
const ATTACK_VERBS: &[&str] = &[
    "strike", "attack", "storm", "ambush", "raid", "bomb", "shoot", "stab", "open",
];

/// An attacker's attack: "insurgents struck at the consulate late
/// Thursday", "a gunman opened fire on Wednesday night" (not "police
/// stormed the building at 4am", a later event).
fn attack_by_attacker(syn: &Syntax, p: usize) -> bool {
    let lemma = syn.lemma(p);
    if !ATTACK_VERBS.contains(&lemma.as_str()) || !syn.is_verb(p) {
        return false;
    }
    if lemma == "open"
        && syn
            .kid_with(p, &["dobj"])
            .is_none_or(|o| syn.lemma(o) != "fire")
    {
        return false;
    }
    syn.kid_with(p, &["nsubj"]).is_some_and(|s| {
        let s = syn.antecedent(p, s);
        let noun = syn.lemma(s);
        ATTACKERS.contains(&noun.as_str())
            // "armed men stormed the mission", "masked gunmen"; "a mob
            // stormed the consulate" (not "police stormed the building")
            || (matches!(noun.as_str(), "man" | "men" | "group" | "gang" | "youth")
                && syn
                    .kids(s)
                    .iter()
                    .any(|&k| syn.dep(k) == "amod" && matches!(syn.lemma(k).as_str(), "armed" | "masked")))
            || (noun == "mob" && matches!(lemma.as_str(), "storm" | "attack"))
    })
}

/// Hearing or seeing the incident happen: "I heard a massive crash at
/// about 6.15", "residents felt the blast": when it was heard is when it
/// happened.
fn perceives_incident(syn: &Syntax, p: usize) -> bool {
    matches!(syn.lemma(p).as_str(), "hear" | "see" | "feel" | "witness")
        && syn.kid_with(p, &["dobj"]).is_some_and(|o| {
            let o = syn.lemma(o);
            INCIDENT_NOUNS.contains(&o.as_str())
                || matches!(
                    o.as_str(),
                    "bang" | "boom" | "gunshot" | "shot" | "gunfire" | "noise" | "sound"
                )
        })
}

/// A clause that is the incident itself: a derailment, a fall, an
/// attacker's attack, or (for its time) someone hearing it.
fn incident_clause(syn: &Syntax, p: usize, kind: ValueKind) -> bool {
    INCIDENT_SELF_VERBS.contains(&syn.lemma(p).as_str())
        || mishap(syn, p)
        || attack_by_attacker(syn, p)
        || (kind != ValueKind::Place && perceives_incident(syn, p))
}

/// True when the verb `p` is a mishap of a person or a vehicle: a fall
/// into, down or off something, or a vehicle tipping, flipping or rolling
/// over ("tipped off police" and "rolled out a plan" are none).
fn mishap(syn: &Syntax, p: usize) -> bool {
    let lemma = syn.lemma(p);
    if !MISHAP_VERBS.contains(&lemma.as_str()) || !syn.is_verb(p) {
        return false;
    }
    // the subject, or the noun a participle hangs from ("after the tram
    // tipped over", parsed as the participle of "tram")
    let s = match syn.kid_with(p, &["nsubj"]) {
        Some(s) => syn.antecedent(p, s),
        None if syn.dep(p) == "acl" && matches!(syn.tokens[p].tag, "VBD" | "VBN") => {
            let Some(h) = syn.head(p) else { return false };
            h
        }
        None => return false,
    };
    let subject = syn.lemma(s);
    let person = syn.tokens[s].pos == "PRON" && matches!(subject.as_str(), "he" | "she" | "they")
        || generic_person(&syn.noun_phrase_key(s))
        || PEOPLE.contains(&subject.as_str());
    let vehicle = VEHICLES.contains(&subject.as_str());
    let particle = |words: &[&str]| {
        syn.kids(p).iter().any(|&k| {
            matches!(syn.dep(k), "prt" | "prep" | "advmod")
                && words.contains(&syn.lemma(k).as_str())
        })
    };
    match lemma.as_str() {
        // over, off a road, into a river
        "tip" | "flip" | "roll" | "topple" => vehicle && particle(&["over", "off", "into", "onto"]),
        "sink" => vehicle,
        // off the tracks, off the road (whatever the subject: "it came
        // off the rails")
        "come" | "go" => syn.kids(p).iter().any(|&k| {
            matches!(syn.dep(k), "prt" | "prep")
                && syn.lemma(k) == "off"
                && syn.kid_with(k, &["pobj"]).is_some_and(|o| {
                    matches!(syn.lemma(o).as_str(), "track" | "rail" | "road" | "runway")
                })
        }),
        _ => (person || vehicle) && particle(&["down", "into", "off", "from", "through"]),
    }
}

/// Verbs of a count that changed.
const CHANGE_VERBS: &[&str] = &[
    "rise", "climb", "increase", "jump", "grow", "reach", "mount", "soar", "swell", "hit",
];

/// Verbs that raise a toll their object names to a figure, a change as
/// "rose to" is: "bringing the death toll to at least 11", "raising the
/// toll to 12".
const TOLL_RAISERS: &[&str] = &["bring", "raise", "push", "take", "lift"];

/// Verbs that put a toll their object names at a figure: "put the number
/// of dead at 12".
const TOLL_PUTTERS: &[&str] = &["put", "place", "peg", "set", "estimate"];

/// The toll `verb` sets through its object, when it is one of
/// [`TOLL_RAISERS`] or [`TOLL_PUTTERS`]: the toll the object names ("the
/// death toll"), or the one named "of" a number or tally ("the number of
/// dead").
fn toll_set_by(syn: &Syntax, verb: usize) -> Option<EventHit> {
    let l = syn.lemma(verb);
    if !TOLL_RAISERS.contains(&l.as_str()) && !TOLL_PUTTERS.contains(&l.as_str()) {
        return None;
    }
    let obj = syn.kid_with(verb, &["dobj"])?;
    toll_named_by(syn, obj, verb).or_else(|| {
        let of = syn.of_object(obj).filter(|_| {
            matches!(
                syn.lemma(obj).as_str(),
                "number" | "tally" | "total" | "count"
            )
        })?;
        toll_named_by(syn, of, verb)
    })
}

/// True when `verb` raises a toll its object names to a figure ("bringing
/// the toll to 11"): a change, as "rose to" is ("taken to hospital" is
/// not).
fn raises_to(syn: &Syntax, verb: usize) -> bool {
    TOLL_RAISERS.contains(&syn.lemma(verb).as_str())
        && syn.kids(verb).iter().any(|&k| {
            syn.dep(k) == "prep" && syn.lemma(k) == "to" && syn.kid_with(k, &["pobj"]).is_some()
        })
        && toll_set_by(syn, verb).is_some()
}

/// Verbs of a measure that changes besides [`CHANGE_VERBS`]: "dropped to
/// 40 mph", "peaked at 140 mph".
const MEASURE_CHANGES: &[&str] = &[
    "drop",
    "fall",
    "decline",
    "weaken",
    "slow",
    "peak",
    "strengthen",
    "ease",
    "shrink",
    "diminish",
    "decrease",
    "accelerate",
];

/// Verbs that report what someone said.
const SAY_VERBS: &[&str] = &[
    "say", "tell", "state", "report", "confirm", "announce", "add", "claim", "estimate", "believe",
    "declare", "explain", "reveal", "insist",
];

/// Nouns of things said or sent: one outlet's "statement on Wednesday"
/// and another's "statement on Tuesday" may well be two statements.
const SAYING_NOUNS: &[&str] = &[
    "statement",
    "announcement",
    "speech",
    "remark",
    "interview",
    "conference",
    "briefing",
    "tweet",
    "post",
    "letter",
    "message",
    "call",
    "comment",
    "release",
    "address",
];

/// True for predicates of saying (verbs and nouns): their date or time
/// tells when something was said, of which there may be many.
pub fn is_saying(event: &str) -> bool {
    SAY_VERBS.contains(&event) || SAYING_NOUNS.contains(&event) || SPEECH_VERBS.contains(&event)
}

/// Heads of expectation or uncertainty over a predicate.
const EXPECT: &[&str] = &[
    "expect", "fear", "believe", "plan", "likely", "feared", "aim", "intend", "hope", "want",
    "threaten", "propose", "need", "seek", "try",
];

/// Words that are vague quantities, not the counted thing.
const VAGUE_WORDS: &[&str] = &[
    "several",
    "dozen",
    "dozens",
    "score",
    "scores",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "handful",
    "many",
    "few",
    "numerous",
    "million",
    "millions",
];

const MODALS: &[&str] = &[
    "may", "might", "could", "would", "will", "should", "can", "must", "shall",
];

/// The part of a count that names where its people are from ("residents
/// of the estate" → "from estate").
const FROM_PLACE: &str = "from ";

/// A noun that names a place: a place's name, or a common noun for where
/// people live ("the estate", "the town", "the district").
fn is_place_noun(syn: &Syntax, input: &FrameInput, n: usize) -> bool {
    let span = Span::new(syn.tokens[n].start, syn.tokens[n].end);
    let l = syn.lemma(n);
    ((HOME_WORDS.contains(&l.as_str()) || PLACE_NOUNS.contains(&l.as_str()))
        && syn.tokens[n].pos != "PROPN")
        || input
            .entities
            .iter()
            .any(|(s, g, _)| *g == "PLACE" && s.overlaps(span))
}

/// Nouns for people in general: counts of them are one total, whatever the
/// word ("12 people" / "nine passengers" / "the victims").
pub const PEOPLE: &[&str] = &[
    "people",
    "person",
    "passenger",
    "victim",
    "casualty",
    "individual",
    "resident",
    "civilian",
    "villager",
    "inhabitant",
    "local",
    "adult",
    "occupant",
    "commuter",
    "bystander",
    "pedestrian",
    "worker",
    "other",
    "one",
];

/// Nouns naming a part of the people (sub-counts when a total exists).
pub const GROUPS: &[&str] = &[
    "child",
    "kid",
    "woman",
    "man",
    "boy",
    "girl",
    "baby",
    "infant",
    "teenager",
    "student",
    "pupil",
    "officer",
    "soldier",
    "policeman",
    "firefighter",
    "tourist",
    "foreigner",
    "national",
    "citizen",
    "member",
    "staff",
    "crew",
    "employee",
    "teacher",
    "nurse",
    "doctor",
    "patient",
    "family",
    "daughter",
    "son",
    "mother",
    "father",
    "wife",
    "husband",
    "brother",
    "sister",
    "militant",
    "gunman",
    "attacker",
    "assailant",
    "suspect",
    "troop",
    "guard",
    "official",
    "journalist",
    "pilgrim",
    "miner",
    "firefighter",
];

/// Adverbs and adjectives that make a toll a sub-count ("eight seriously
/// injured", "three critically").
const SEVERITY: &[&str] = &[
    "seriously",
    "critically",
    "severely",
    "slightly",
    "minor",
    "serious",
    "critical",
    "severe",
    "life-threatening",
    "gravely",
    "badly",
    "lightly",
    "moderately",
];

/// One word for each degree of harm: "critically", "critical",
/// "life-threatening" and "gravely" hurt are one sub-count.
fn severity_class(word: &str) -> &'static str {
    match word {
        w if crate::nlp::numbers::CRITICAL_WORDS.contains(&w) => "critical",
        "seriously" | "serious" | "severely" | "severe" | "badly" => "serious",
        "moderately" => "moderate",
        _ => "minor",
    }
}

/// "one critically", "two other men remain in critical condition", "2 of
/// the 5 with life-threatening injuries", "one of the males suffering
/// life-threatening injuries": a count of people the words right after it
/// (up to the end of the clause, eight words at most) put in a critical
/// condition; false where those words also name a lesser degree ("serious
/// or life-threatening": both at once).
fn critical_after(body: &str, q: Span, sentence: Span) -> bool {
    let end = sentence.end.min(body.len());
    if q.end >= end {
        return false;
    }
    // the clause after the number, eight words at most
    let clause = body[q.end..end]
        .split(['.', ';', ':', '(', ')'])
        .next()
        .unwrap_or("");
    let mut seen: Vec<String> = Vec::new();
    for raw in clause.split_whitespace().take(8) {
        seen.push(
            raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase(),
        );
        // (a comma before any degree ends the phrase: "Five people have
        // been hurt, one critically" is no critical five)
        if raw.ends_with(',')
            && !seen
                .iter()
                .any(|x| SEVERITY.contains(&x.as_str()) || x == "life")
        {
            return false;
        }
    }
    let degrees: Vec<&str> = seen
        .iter()
        .filter(|w| SEVERITY.contains(&w.as_str()))
        .map(|w| severity_class(w))
        .collect();
    let life = crate::nlp::numbers::says_life_threatening(&seen);
    (degrees.contains(&"critical") || life) && degrees.iter().all(|d| *d == "critical")
}

/// Adverbs of place that make a toll a part of the whole ("two were shot
/// outside", "one died upstairs").
const WHERE_IN_THE_SCENE: &[&str] = &[
    "outside",
    "inside",
    "upstairs",
    "downstairs",
    "indoors",
    "outdoors",
    "nearby",
];

/// What is built and stands: its standing since a year dates its building.
const STRUCTURES: &[&str] = &[
    "bridge",
    "building",
    "church",
    "chapel",
    "cathedral",
    "mosque",
    "temple",
    "synagogue",
    "tower",
    "castle",
    "house",
    "hall",
    "mill",
    "wall",
    "statue",
    "monument",
    "memorial",
    "lighthouse",
    "dam",
    "pier",
    "viaduct",
    "station",
    "theatre",
    "theater",
    "hotel",
    "pub",
    "inn",
    "school",
    "stadium",
    "barn",
    "cottage",
    "farmhouse",
    "mansion",
    "palace",
    "fort",
    "gate",
];

/// Nouns of places and buildings: a date or time never names their own
/// event ("the hub of the north late Thursday" is the clause's time).
const PLACE_NOUNS: &[&str] = &[
    "hub",
    "city",
    "town",
    "village",
    "capital",
    "area",
    "region",
    "province",
    "district",
    "county",
    "state",
    "country",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "street",
    "road",
    "avenue",
    "square",
    "building",
    "consulate",
    "embassy",
    "site",
    "compound",
    "base",
    "camp",
    "outskirts",
    "centre",
    "center",
];

/// Points of a route or a track a time can be parsed onto ("came off the
/// rails on a 12mph bend at around 6am"): the time is the clause's.
const ROUTE_NOUNS: &[&str] = &[
    "bend",
    "junction",
    "corner",
    "crossing",
    "fork",
    "tunnel",
    "bridge",
    "station",
    "stop",
    "track",
    "roundabout",
    "intersection",
];

/// The class a table of (class, words) gives a word, case folded.
fn class_in(table: &[(&'static str, &[&str])], word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    table
        .iter()
        .find(|(_, ws)| ws.contains(&w.as_str()))
        .map(|(c, _)| *c)
}

/// The event class of a lemma, if it is a toll-like event word.
pub fn event_class(lemma: &str) -> Option<&'static str> {
    class_in(EVENT_LEMMAS, lemma)
}

/// The parse of an article, with children lists (built once).
pub struct Syntax<'a> {
    pub tokens: &'a [ParsedToken],
    children: Vec<Vec<usize>>,
    /// What a definite common noun refers to in this article: "app" →
    /// "kipway" where the text says "scooter app Kipway", "the Kipway
    /// app" or "Kipway, a scooter app"; `None` when two names share it.
    descriptions: HashMap<String, Option<String>>,
}

impl<'a> Syntax<'a> {
    pub fn new(tokens: &'a [ParsedToken]) -> Syntax<'a> {
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if t.head != i && t.head < tokens.len() {
                children[t.head].push(i);
            }
        }
        let mut syn = Syntax {
            tokens,
            children,
            descriptions: HashMap::new(),
        };
        syn.descriptions = syn.find_descriptions();
        syn
    }

    /// The folded name a proper noun heads, with its proper-noun
    /// compounds only ("scooter app Kipway" → "kipway").
    fn proper_name_key(&self, i: usize) -> String {
        let mut words: Vec<String> = self
            .kids(i)
            .iter()
            .filter(|&&c| self.dep(c) == "compound" && c < i && self.tokens[c].pos == "PROPN")
            .map(|&c| self.lemma(c))
            .collect();
        words.push(self.lemma(i));
        fold(&words.join(" "))
    }

    fn find_descriptions(&self) -> HashMap<String, Option<String>> {
        let mut out: HashMap<String, Option<String>> = HashMap::new();
        let mut add = |noun: String, name: String| {
            out.entry(noun)
                .and_modify(|v| {
                    if v.as_ref() != Some(&name) {
                        *v = None
                    }
                })
                .or_insert(Some(name));
        };
        let propn = |i: usize| self.tokens[i].pos == "PROPN";
        let noun = |i: usize| self.tokens[i].pos == "NOUN";
        for i in 0..self.tokens.len() {
            if propn(i) && self.dep(i) != "compound" {
                // "scooter app Kipway", "Kipway, a scooter app"
                for &k in self.kids(i) {
                    if noun(k) && matches!(self.dep(k), "compound" | "appos") {
                        add(self.lemma(k), self.proper_name_key(i));
                    }
                }
                // "the app, Kipway"
                if self.dep(i) == "appos"
                    && let Some(h) = self.head(i)
                    && noun(h)
                {
                    add(self.lemma(h), self.proper_name_key(i));
                }
            } else if noun(i) {
                // "the Kipway app"
                if let Some(&k) = self
                    .kids(i)
                    .iter()
                    .rev()
                    .find(|&&k| k < i && self.dep(k) == "compound" && propn(k))
                {
                    add(self.lemma(i), self.proper_name_key(k));
                }
            }
        }
        out
    }

    /// What the subject `subj` of `verb` stands for: the noun a relative
    /// clause hangs from when the subject is its pronoun ("the mine,
    /// which opened in 1968" → "mine"), else `subj` itself.
    fn antecedent(&self, verb: usize, subj: usize) -> usize {
        match self.head(verb) {
            Some(h)
                if self.dep(verb) == "relcl"
                    && matches!(self.lemma(subj).as_str(), "which" | "that" | "who") =>
            {
                h
            }
            _ => subj,
        }
    }

    /// The name a definite description stands for ("the app" for the
    /// Kipway the article introduced as an app), if one name only.
    fn described(&self, i: usize) -> Option<&str> {
        if self.tokens[i].pos != "NOUN"
            || !self
                .kids(i)
                .iter()
                .any(|&k| matches!(self.lemma(k).as_str(), "the" | "this" | "that"))
            || self.kids(i).iter().any(|&k| self.dep(k) == "compound")
        {
            return None;
        }
        self.descriptions.get(&self.lemma(i))?.as_deref()
    }

    /// What `i` is "of": the object of its first "of" ("north of
    /// Gorranvale", "the cost of the damage").
    fn of_object(&self, i: usize) -> Option<usize> {
        let of = self
            .kids(i)
            .iter()
            .copied()
            .find(|&k| self.dep(k) == "prep" && self.lemma(k) == "of")?;
        self.kid_with(of, &["pobj"])
    }

    fn dep(&self, i: usize) -> &'static str {
        self.tokens[i].dep
    }

    fn lemma(&self, i: usize) -> String {
        self.tokens[i].lemma.to_lowercase()
    }

    fn head(&self, i: usize) -> Option<usize> {
        let h = self.tokens[i].head;
        (h != i && h < self.tokens.len()).then_some(h)
    }

    /// The first verb at or above `i`, climbing at most `steps` heads
    /// (where the climb stops short of one, the token it reached).
    fn verb_above(&self, i: usize, steps: usize) -> usize {
        let mut p = i;
        for _ in 0..steps {
            if self.is_verb(p) {
                break;
            }
            match self.head(p) {
                Some(h) if h != p => p = h,
                _ => break,
            }
        }
        p
    }

    fn kids(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    fn kid_with(&self, i: usize, deps: &[&str]) -> Option<usize> {
        self.kids(i)
            .iter()
            .copied()
            .find(|&c| deps.contains(&self.dep(c)))
    }

    fn is_verb(&self, i: usize) -> bool {
        matches!(self.tokens[i].pos, "VERB" | "AUX")
    }

    /// Tokens whose span lies inside `span`.
    fn tokens_in(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.tokens.partition_point(|t| t.end <= span.start);
        let mut last = first;
        while last < self.tokens.len() && self.tokens[last].start < span.end {
            last += 1;
        }
        first..last
    }

    /// The token of `span` that the rest of the span hangs from: the last
    /// one whose head lies outside the span (or the last token).
    fn span_head(&self, span: Span) -> Option<usize> {
        let r = self.tokens_in(span);
        if r.is_empty() {
            return None;
        }
        let inside = |h: usize| r.contains(&h);
        r.clone()
            .rev()
            .find(|&i| self.head(i).is_none_or(|h| !inside(h)))
            .or(Some(r.end - 1))
    }

    /// The subtree of `i` as a span of the body.
    fn subtree_span(&self, i: usize) -> Span {
        let (lo, hi) = self.subtree_range(i);
        Span::new(self.tokens[lo].start, self.tokens[hi].end)
    }

    /// The first and last token of `i`'s subtree.
    fn subtree_range(&self, i: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        let mut seen = 0;
        while let Some(t) = stack.pop() {
            seen += 1;
            if seen > 400 {
                break;
            }
            lo = lo.min(t);
            hi = hi.max(t);
            stack.extend_from_slice(self.kids(t));
        }
        (lo, hi)
    }

    /// The folded words of a noun with its compounds ("death toll",
    /// "police officers" → "police officer").
    fn noun_phrase_key(&self, i: usize) -> String {
        let mut words: Vec<String> = self
            .kids(i)
            .iter()
            .filter(|&&c| self.dep(c) == "compound" && c < i)
            // "the 170-gram bar" is the bar (a unit after its number)
            .filter(|&&c| {
                let after_number = c > 0
                    && (self.tokens[c - 1].pos == "NUM"
                        || (self.tokens[c - 1].start + 1 == self.tokens[c - 1].end
                            && c > 1
                            && self.tokens[c - 2].pos == "NUM"));
                !(after_number && unit_of(&self.lemma(c)).is_some())
            })
            .map(|&c| self.lemma(c))
            .collect();
        words.push(self.lemma(i));
        fold(&words.join(" "))
    }
}

/// Everything about an article the frames read, besides the parse.
pub struct FrameInput<'a> {
    pub body: &'a str,
    /// Reporting sentences only (marked ones skipped): (index, span).
    pub sentences: &'a [(usize, Span)],
    pub quantities: &'a [(usize, Quantity)],
    pub dates: &'a [(usize, Span, DateValue)],
    /// Entity mentions: (span, group label "PLACE", "TIME", "PERSON", "NORP"…).
    pub entities: &'a [(Span, &'a str, String)],
    pub published: Option<jiff::civil::Date>,
}

impl FrameInput<'_> {
    /// The key of the `group` entity ("PERSON", "ORG") whose mention
    /// covers token `t`.
    fn entity_at(&self, syn: &Syntax, t: usize, group: &str) -> Option<String> {
        let ts = Span::new(syn.tokens[t].start, syn.tokens[t].end);
        self.entities
            .iter()
            .find(|(s, g, _)| *g == group && s.contains(ts))
            .map(|(_, _, key)| key.clone())
    }
}

/// True when the clause a date belongs to is set ahead of the report:
/// its verb takes "will" or "shall" ("will be sworn in on 20 January"), is
/// scheduled or due ("is scheduled for Friday"), or is what someone is
/// due, set, expected or planning to do ("is due to meet on Sunday").
pub fn clause_ahead(syn: &Syntax, span: Span) -> bool {
    let Some(mut v) = syn.span_head(span) else {
        return false;
    };
    // climb from the date to its verb
    for _ in 0..4 {
        match syn.head(v) {
            Some(h) if !syn.is_verb(v) => v = h,
            _ => break,
        }
    }
    matches!(syn.tokens[v].pos, "VERB" | "AUX" | "ADJ") && verb_ahead(syn, v, 0)
}

/// Verbs of a plan or a promise: what one plans, hopes or vows to do is
/// ahead.
const PROMISE_VERBS: &[&str] = &["plan", "intend", "hope", "pledge", "promise", "vow"];

/// [`clause_ahead`] for the clause of verb `v`: set ahead by its own
/// words, or a clause not in the past under a verb set ahead ("will
/// unfold until Trump is sworn in Jan. 20", "pledged to repeal it after
/// he takes office in January").
fn verb_ahead(syn: &Syntax, v: usize, depth: usize) -> bool {
    let auxes: Vec<String> = syn
        .kids(v)
        .iter()
        .filter(|&&k| syn.dep(k) == "aux")
        .map(|&k| syn.lemma(k))
        .collect();
    let will = auxes
        .iter()
        .any(|l| matches!(l.as_str(), "will" | "shall" | "'ll"));
    let scheduled = matches!(syn.lemma(v).as_str(), "schedule" | "due" | "slate");
    let to = auxes.iter().any(|l| l == "to");
    let head = syn.head(v);
    let intended = to
        && head.is_some_and(|h| {
            matches!(
                syn.lemma(h).as_str(),
                "due" | "set" | "schedule" | "slate" | "expect" | "go"
            ) || PROMISE_VERBS.contains(&syn.lemma(h).as_str())
        });
    if will || scheduled || intended {
        return true;
    }
    // a present tense in a clause of time under a promise or a plan is
    // ahead, wherever the parser hung the clause: "pledged to overturn the
    // law after he takes office in January" (the clause under "pledged",
    // not under "overturn")
    let present = matches!(syn.tokens[v].tag, "VBZ" | "VBP");
    let of_time = syn.kids(v).iter().any(|&k| {
        syn.dep(k) == "mark"
            && matches!(
                syn.lemma(k).as_str(),
                "after" | "once" | "until" | "till" | "before" | "when"
            )
    });
    if present
        && of_time
        && syn.dep(v) == "advcl"
        && head.is_some_and(|h| {
            PROMISE_VERBS.contains(&syn.lemma(h).as_str())
                && syn.kids(h).iter().any(|&k| syn.dep(k) == "xcomp")
        })
    {
        return true;
    }
    // the clause's tense: its verb's, or its auxiliary's
    let past = std::iter::once(v)
        .chain(
            syn.kids(v)
                .iter()
                .copied()
                .filter(|&k| matches!(syn.dep(k), "aux" | "auxpass")),
        )
        .any(|k| syn.tokens[k].tag == "VBD");
    let Some(head) = head.filter(|_| !past && depth < 2) else {
        return false;
    };
    // (a present tense alone says nothing: captions tell the past in it,
    // "police stand guard after a tram derails on Wednesday")
    matches!(syn.dep(v), "advcl" | "xcomp" | "conj" | "ccomp")
        && syn.is_verb(head)
        && verb_ahead(syn, head, depth + 1)
}

/// Where an event word sits relative to a counted noun.
struct EventHit {
    class: String,
    predicate: usize,
    role: Role,
}

/// Extracts the frames of an article from its parse.
pub fn extract(syn: &Syntax, input: &FrameInput) -> Vec<Frame> {
    let mut out = Vec::new();
    if syn.tokens.is_empty() {
        return out;
    }
    let sources: Vec<(usize, Option<String>)> = input
        .sentences
        .iter()
        .map(|(si, span)| (*si, sentence_source(syn, input.body, *span)))
        .collect();
    let source_of = |si: usize| {
        sources
            .iter()
            .find(|(s, _)| *s == si)
            .and_then(|(_, s)| s.clone())
    };
    let sentence_span = |si: usize| {
        input
            .sentences
            .iter()
            .find(|(s, _)| *s == si)
            .map(|(_, sp)| *sp)
    };
    // counts and ages
    for (qi, (si, q)) in input.quantities.iter().enumerate() {
        let Some(sspan) = sentence_span(*si) else {
            continue;
        };
        if let Some(f) = count_frame(syn, input, *si, sspan, qi, q) {
            let mut f = f;
            f.source = source_of(*si);
            out.push(f);
        }
    }
    // how long before or after another event ("just two days before the
    // election", "days before people went to the polls"), read from the
    // parse whether or not the model calls the length a date
    let mut leads: Vec<Span> = Vec::new();
    for &(si, sspan) in input.sentences {
        for t in syn.tokens_in(sspan) {
            if !LEAD_UNITS.contains(&syn.lemma(t).to_lowercase().as_str()) {
                continue;
            }
            let start = syn
                .kids(t)
                .iter()
                .filter(|&&k| k < t)
                .map(|&k| syn.subtree_span(k).start)
                .min()
                .unwrap_or(syn.tokens[t].start);
            if let Some(mut f) = lead_frame(syn, input, si, Span::new(start, syn.tokens[t].end)) {
                f.source = source_of(si);
                leads.push(f.span);
                out.push(f);
            }
        }
    }
    // dates
    for (si, span, value) in input.dates {
        let Some(sspan) = sentence_span(*si) else {
            continue;
        };
        if leads.iter().any(|l| l.overlaps(*span)) {
            continue;
        }
        if let Some(mut f) = dated_frame(syn, input, *si, sspan, *span, ValueKind::Date) {
            if let DateValue::Range { range } = value
                && let Some(p) = input.published
            {
                // an event dated weeks before publication is another event
                f.background |= (p - range.end).get_days() > 21;
            }
            f.source = source_of(*si);
            if let Some(t) = tenure_since_joining(syn, input, &f) {
                out.push(t);
            }
            out.push(f);
        }
    }
    // clock times and places
    for (span, group, _) in input.entities {
        let Some(&(si, sspan)) = input.sentences.iter().find(|(_, s)| s.contains(*span)) else {
            continue;
        };
        // (a lead time, below, is the span's frame)
        if leads.iter().any(|l| l.overlaps(*span)) {
            continue;
        }
        // "two assaults several hours apart": a gap between two things,
        // not how long one lasted
        if input.body[span.end..]
            .trim_start()
            .to_lowercase()
            .starts_with("apart")
        {
            continue;
        }
        let kind = match *group {
            // ("hours after a gunman opened fire", "in the next hour": no
            // moment and no length)
            "TIME" if !tells_a_time(&input.body[span.start..span.end]) => continue,
            "TIME" => ValueKind::Time,
            "PLACE" => ValueKind::Place,
            // a span of days or years the model calls a date ("unused for
            // five years", "after two days of digging"): how long
            "DATE"
                if span_of_days(&input.body[span.start..span.end])
                    && !input.dates.iter().any(|(_, s, _)| s == span) =>
            {
                ValueKind::Time
            }
            _ => continue,
        };
        if let Some(mut f) = dated_frame(syn, input, si, sspan, *span, kind) {
            f.source = source_of(si);
            out.push(f);
        }
    }
    // where something is from a named place ("12 kilometres north of
    // Gorranvale")
    for mut f in bearing_frames(syn, input) {
        f.source = source_of(f.sentence);
        out.push(f);
    }
    // the vehicle and the weapon of an attack
    for mut f in vehicle_frames(syn, input)
        .into_iter()
        .chain(weapon_frames(syn, input))
    {
        f.source = source_of(f.sentence);
        out.push(f);
    }
    // "seven killed and 50 others injured": the others are the rest of
    // the people, not a part of the injured
    let tolls: Vec<(usize, Option<String>)> = out
        .iter()
        .filter(|f| f.kind == ValueKind::Count && f.event.as_deref().is_some_and(is_toll_class))
        .map(|f| (f.sentence, f.event.clone()))
        .collect();
    for f in &mut out {
        if f.subset.as_deref() == Some("others")
            && tolls
                .iter()
                .any(|(s, e)| *s == f.sentence && e.is_some() && *e != f.event)
        {
            f.subset = None;
        }
    }
    mark_superseded(syn, input, &mut out);
    mark_regional_parts(syn, input, &mut out);
    out.sort_by_key(|f| (f.span.start, f.kind));
    out
}

/// The place a toll is told for, when its clause names one: the place of
/// its verb's subject ("Authorities in North Carolina have confirmed 10
/// deaths"), of its noun ("10 deaths in North Carolina", "North
/// Carolina's death toll") or of its verb ("10 people died in North
/// Carolina", "nine died in Ohio"). Folded.
fn toll_place(syn: &Syntax, input: &FrameInput, f: &Frame) -> Option<String> {
    let place_at = |t: usize| input.entity_at(syn, t, "PLACE");
    // a place "in" a token, or its possessor or compound
    let placed = |t: usize| -> Option<String> {
        syn.kids(t).iter().find_map(|&k| match syn.dep(k) {
            "prep" if syn.lemma(k) == "in" => place_at(syn.kid_with(k, &["pobj"])?),
            "poss" | "compound" => place_at(k),
            _ => None,
        })
    };
    let q = syn.span_head(f.span)?;
    let h = syn.head(q)?;
    // the counted noun, if any ("nine died": the number is the subject)
    let (noun, verb) = if syn.tokens[h].pos == "NOUN" {
        (Some(h), syn.verb_above(h, 3))
    } else if syn.is_verb(h) {
        (None, h)
    } else {
        return None;
    };
    noun.and_then(placed)
        .or_else(|| syn.is_verb(verb).then(|| placed(verb)).flatten())
        .or_else(|| {
            let subj = syn
                .kid_with(verb, &["nsubj"])
                .filter(|&s| s != q && noun.is_none_or(|n| s != n && !syn.kids(n).contains(&s)))?;
            placed(subj)
        })
}

/// Marks as a part the toll a report gives for one named place when the
/// same report gives a higher toll of the same event for no place or
/// another ("Authorities in North Carolina have confirmed 10 deaths" under
/// "bringing the region-wide death toll to at least 11"): that place's
/// share of the total, not the report's total.
fn mark_regional_parts(syn: &Syntax, input: &FrameInput, frames: &mut [Frame]) {
    let bounds = |f: &Frame| {
        f.quantity
            .and_then(|qi| input.quantities.get(qi))
            .map(|(_, q)| (q.interval.lo, q.interval.hi))
    };
    let tolls: Vec<usize> = (0..frames.len())
        .filter(|&i| {
            let f = &frames[i];
            f.kind == ValueKind::Count
                && f.subset.is_none()
                && !f.background
                && !f.superseded
                && f.event.as_deref().is_some_and(is_toll_class)
        })
        .collect();
    let places: Vec<Option<String>> = tolls
        .iter()
        .map(|&i| toll_place(syn, input, &frames[i]))
        .collect();
    let mut parts = Vec::new();
    for (n, &i) in tolls.iter().enumerate() {
        let (Some(place), Some((_, hi))) = (&places[n], bounds(&frames[i])) else {
            continue;
        };
        let total_elsewhere = tolls.iter().enumerate().any(|(m, &j)| {
            frames[j].event == frames[i].event
                && places[m].as_ref() != Some(place)
                && bounds(&frames[j]).is_some_and(|(lo, _)| lo > hi)
        });
        if total_elsewhere {
            parts.push((i, format!("in {place}")));
        }
    }
    for (i, part) in parts {
        frames[i].subset = Some(part);
    }
}

/// Words that set a figure as an earlier report's ("had previously been
/// reported", "initially put the toll at").
const EARLIER_CUES: &[&str] = &["previously", "initially", "originally", "earlier"];

/// Words that set the figure after the turn as the newer one ("but later
/// said", "more updated reports", "has since been revised").
const LATER_CUES: &[&str] = &[
    "later",
    "now",
    "since",
    "updated",
    "revised",
    "latest",
    "new",
    "newer",
    "subsequently",
    "corrected",
];

/// Marks the values a sentence gives as an earlier report's and then
/// corrects: between an earlier cue and a turn ("but", "however") that a
/// later cue follows, when a value of the same kind follows the turn. "The
/// health ministry initially put the death toll at 10, but later said 11
/// had died": the 10 is superseded. A figure given as an earlier one with
/// no newer one after it is left as it is ("police earlier said 295 had
/// been detained, but gave no final figure").
fn mark_superseded(syn: &Syntax, input: &FrameInput, frames: &mut [Frame]) {
    for &(si, sspan) in input.sentences {
        let tokens: Vec<usize> = syn.tokens_in(sspan).collect();
        let lower = |t: usize| input.body[syn.tokens[t].start..syn.tokens[t].end].to_lowercase();
        let Some(cue) = tokens
            .iter()
            .position(|&t| EARLIER_CUES.contains(&lower(t).as_str()))
        else {
            continue;
        };
        let Some(turn) = tokens[cue + 1..]
            .iter()
            .position(|&t| matches!(lower(t).as_str(), "but" | "however"))
            .map(|p| cue + 1 + p)
        else {
            continue;
        };
        if !tokens[turn + 1..]
            .iter()
            .any(|&t| LATER_CUES.contains(&lower(t).as_str()))
        {
            continue;
        }
        let (from, to) = (syn.tokens[tokens[cue]].end, syn.tokens[tokens[turn]].start);
        let after: Vec<ValueKind> = frames
            .iter()
            .filter(|f| f.sentence == si && f.span.start >= to)
            .map(|f| f.kind)
            .collect();
        for f in frames.iter_mut() {
            if f.sentence == si
                && f.span.start >= from
                && f.span.end <= to
                && after.contains(&f.kind)
            {
                f.superseded = true;
            }
        }
    }
}

/// Verbs that introduce what someone says.
const SPEECH_VERBS: &[&str] = &[
    "say", "tell", "add", "confirm", "report", "announce", "claim", "explain", "note", "state",
    "testify", "write", "insist", "warn",
];

/// What a thing is left when no one uses it ("left unused", "left empty").
const DISUSED: &[&str] = &[
    "unused",
    "empty",
    "idle",
    "derelict",
    "abandoned",
    "vacant",
    "disused",
    "unoccupied",
];

/// The frame of a count or an age.
fn count_frame(
    syn: &Syntax,
    input: &FrameInput,
    si: usize,
    sspan: Span,
    qi: usize,
    q: &Quantity,
) -> Option<Frame> {
    let c = syn.span_head(q.span)?;
    let kind = if q.unit == Unit::Age {
        ValueKind::Age
    } else {
        ValueKind::Count
    };
    let mut f = Frame {
        quantity: Some(qi),
        ..Frame::new(si, kind, q.span)
    };
    if q.unit == Unit::Age {
        f.holder = age_holder(syn, input, c, q);
        f.role = Role::Circumstance;
        return Some(f);
    }
    // "game four", "lap 14", "flight 370": a number after its noun names
    // which one, it counts nothing
    if syn.dep(c) == "nummod"
        && let Some(h) = syn.head(c)
        && h < c
        && !q
            .span
            .contains(Span::new(syn.tokens[h].start, syn.tokens[h].end))
    {
        return None;
    }
    // the counted noun: the head of a numeric modifier ("several" and
    // "many" are adjectives to the parser), else the number itself
    let vague = VAGUE_WORDS.contains(&syn.lemma(c).as_str());
    // ("more than a dozen ambulances": the parser hangs "dozen" from the
    // noun as a compound)
    let scale_word = crate::nlp::numbers::is_scale_word(&syn.lemma(c));
    let mut noun = match syn.dep(c) {
        "nummod" | "quantmod" => syn.head(c).unwrap_or(c),
        "amod" if vague => syn.head(c).unwrap_or(c),
        "compound" if scale_word => syn.head(c).unwrap_or(c),
        _ => c,
    };
    // "dozens of people": the people are counted, and "dozens" stands
    // where they stand in the clause ("dozens of people were hurt")
    let mut phrase = None;
    if noun == c
        && vague
        && let Some(of) = syn.kid_with(c, &["prep"]).filter(|&p| syn.lemma(p) == "of")
        && let Some(o) = syn.kid_with(of, &["pobj"])
        && syn.kid_with(o, &["det"]).is_none()
    {
        noun = o;
        phrase = Some(c);
    }
    if !sspan.contains(Span::new(syn.tokens[noun].start, syn.tokens[noun].end)) {
        noun = c;
    }
    // "two of the five (wounded men)": a part of a counted whole
    if let Some(of) = syn
        .kids(c)
        .iter()
        .chain(syn.kids(noun))
        .copied()
        .find(|&k| syn.dep(k) == "prep" && syn.lemma(k) == "of")
        && let Some(whole) = syn.kid_with(of, &["pobj"])
    {
        // after a counted noun, "of" naming a place says where they are
        // from ("250 residents of the Millbank estate", against "three
        // members of the crew"): a part of a toll ("three residents of
        // the building were killed"), the whole of an evacuation (see
        // below)
        if syn.head(of) != Some(c) && is_place_noun(syn, input, whole) {
            f.subset = Some(format!("{FROM_PLACE}{}", syn.lemma(whole)));
        } else {
            let whole_counted = syn.kid_with(whole, &["nummod", "poss"]).is_some()
                || syn.kids(whole).iter().any(|&k| {
                    syn.dep(k) == "det"
                        && matches!(syn.lemma(k).as_str(), "the" | "those" | "these" | "all")
                })
                || matches!(
                    syn.lemma(whole).as_str(),
                    "whom" | "them" | "those" | "which" | "these"
                );
            if whole_counted {
                f.subset = Some(format!("part of {}", syn.lemma(whole)));
                noun = whole;
            }
        }
    }
    // "three officials said", "according to two police sources": who
    // speaks is counted, not anything that happened
    let speaks = |n: usize| {
        syn.dep(n) == "nsubj"
            && syn
                .head(n)
                .is_some_and(|h| SPEECH_VERBS.contains(&syn.lemma(h).as_str()))
    };
    let speaker_count = speaks(noun)
        || phrase.is_some_and(speaks)
        || (syn.dep(noun) == "pobj"
            && syn.head(noun).is_some_and(|to| {
                syn.lemma(to) == "to" && syn.head(to).is_some_and(|h| syn.lemma(h) == "accord")
            }));
    if speaker_count {
        return None;
    }
    // "rose to at least six Friday": a date is never what is counted
    let noun_span = Span::new(syn.tokens[noun].start, syn.tokens[noun].end);
    // ... though the number stands where the date stands in the clause
    // (the parser read "six Friday" as one phrase)
    let mut stands_for = None;
    if noun != c
        && input
            .entities
            .iter()
            .any(|(s, g, _)| matches!(*g, "DATE" | "TIME") && s.contains(noun_span))
    {
        stands_for = Some(noun);
        noun = c;
    }
    // "the emails, which totaled some 650,000", "the crowd numbered
    // 2,000": a total's subject is what it counts
    if noun == c
        && stands_for.is_none()
        && matches!(syn.dep(c), "dobj" | "attr" | "npadvmod")
        && let Some(v) = syn.head(c)
        && matches!(syn.lemma(v).as_str(), "total" | "number")
        && let Some(subj) = syn.kid_with(v, &["nsubj"])
    {
        let thing = syn.antecedent(v, subj);
        if syn.tokens[thing].pos == "NOUN" {
            noun = thing;
        }
    }
    let noun_lemma = syn.lemma(noun);
    let counted = if syn.tokens[noun].pos == "NUM" || VAGUE_WORDS.contains(&noun_lemma.as_str()) {
        None
    } else {
        Some(noun_lemma.clone())
    };
    f.counted = counted.as_ref().map(|l| {
        // "12 fatalities", "four bodies", "120 wounded" count people
        if PEOPLE.contains(&l.as_str())
            || matches!(
                event_class(l),
                Some("dead" | "injured" | "missing" | "hospitalised" | "arrested")
            )
            || l == "casualty"
        {
            "people".to_string()
        } else {
            l.clone()
        }
    });
    // a measure: "80m-deep well", "at least 2,000 acres", "40-metre well"
    let unit = counted
        .as_deref()
        .and_then(unit_of)
        .or_else(|| unit_of(&input.body[syn.tokens[c].start..syn.tokens[c].end]))
        // "170-gram bars", "400g bars": the unit joined to the number (by
        // a hyphen or nothing), whatever the parser hung it from
        .or_else(|| {
            let next = syn.tokens.get(c + 1)?;
            if next.start != syn.tokens[c].end {
                return None;
            }
            match &input.body[next.start..next.end] {
                "-" => {
                    let u = syn.tokens.get(c + 2)?;
                    (u.start == next.end)
                        .then(|| unit_of(&input.body[u.start..u.end]))
                        .flatten()
                }
                w => unit_of(w),
            }
        })
        // "magnitude 6.4": a unit word written before its number
        .or_else(|| {
            let prev = syn.tokens.get(c.checked_sub(1)?)?;
            (syn.lemma(c - 1) == "magnitude" && prev.end < syn.tokens[c].start)
                .then(|| unit_of("magnitude"))
                .flatten()
        });
    if let Some((dimension, factor)) = unit {
        f.kind = ValueKind::Measure;
        f.dimension = Some(dimension);
        f.to_si = factor;
        f.counted = Some(dimension.to_string());
        // ("a magnitude 6.4 earthquake": the number's noun is what is
        // measured when the unit stands apart)
        f.holder = measured_noun(syn, c, noun).or_else(|| {
            (noun != c && counted.as_deref().and_then(unit_of).is_none()).then(|| syn.lemma(noun))
        });
        // "a fire which now spans 8,400 acres", "the Yarnell Hill fire of
        // 2,000 acres": the incident, as its subject is
        if f.holder
            .as_deref()
            .is_some_and(|h| INCIDENT_NOUNS.contains(&h.rsplit(' ').next().unwrap_or(h)))
        {
            f.holder = Some("the incident".into());
        }
        // "12 kilometres north of the town": a position's distance, read
        // with its bearing (`bearing_frames`) where it has an origin
        let bearing = syn
            .head(noun)
            .into_iter()
            .chain(syn.kids(noun).iter().copied())
            .any(|b| bearing_origin(syn, b).is_some());
        if bearing
            && f.holder
                .as_deref()
                .is_some_and(|h| bearing_angle(h).is_some())
        {
            return None;
        }
        f.role = Role::Circumstance;
        f.background = recalls_other_event(syn, input, sspan, None);
        // a measure told as a change ("winds have dropped to 40 mph",
        // "peaked at 140 mph", "the fire grew to 2,000 acres"): a moment's
        // figure, which may have been another before
        let m = if noun != c { noun } else { c };
        f.update_cue = syn.head(m).is_some_and(|h| {
            let verb =
                if syn.dep(m) == "pobj" && matches!(syn.lemma(h).as_str(), "to" | "at" | "from") {
                    syn.head(h)
                } else {
                    (syn.dep(m) == "dobj").then_some(h)
                };
            verb.is_some_and(|v| {
                let l = syn.lemma(v);
                CHANGE_VERBS.contains(&l.as_str()) || MEASURE_CHANGES.contains(&l.as_str())
            })
        });
        // "Florence peaked at a Category 4 with top winds of 140 mph", "a
        // peak of 2.5 metres": the highest figure, another fact than the
        // figure of a moment ("winds have dropped to 40 mph")
        if let Some(h) = &f.holder
            && at_peak(syn, m)
        {
            f.holder = Some(format!("peak {h}"));
        }
        return Some(f);
    }
    // "the other three people", "two others": the rest of a total
    if f.subset.is_none()
        && (noun_lemma == "other"
            || syn.kids(noun).iter().chain(syn.kids(c)).any(|&k| {
                matches!(syn.dep(k), "amod" | "advmod")
                    && k > c
                    && matches!(syn.lemma(k).as_str(), "other" | "else")
            })
            || syn
                .kids(noun)
                .iter()
                .any(|&k| syn.dep(k) == "amod" && k < noun && k > c && syn.lemma(k) == "other")
            || input.body[..q.span.start]
                .trim_end()
                .to_lowercase()
                .ends_with(" other"))
    {
        f.subset = Some("others".into());
    }
    // "no one was hurt"
    if syn
        .kids(c)
        .iter()
        .chain(syn.kids(noun))
        .any(|&k| syn.dep(k) == "det" && matches!(syn.lemma(k).as_str(), "no"))
        || input.body[..q.span.start]
            .trim_end()
            .to_lowercase()
            .ends_with(" no")
    {
        f.negated = true;
    }
    // a share or a sum: what it is of ("turnout was 61%", "a ransom of
    // $500,000", "won 52% of the vote")
    // a share of a whole is the whole's ("40 percent of the stock", "a
    // third of systems"), not a part of a count; a change is its thing's
    // ("shares dropped 4%", "sending shares down 14%")
    // (a share a named one won is theirs: "Cruz won 28 percent of the
    // vote" and "Trump 24 percent" are two facts)
    let share_of = (q.unit == Unit::Percent)
        .then(|| {
            percent_change(syn, input, c).or_else(|| {
                let whole = share_whole(syn, syn.of_object(c)?)?;
                Some(match share_owner(syn, input, c) {
                    Some(owner) => format!("{owner}'s share of {whole}"),
                    None => format!("share of {whole}"),
                })
            })
        })
        .flatten();
    // "with 93 percent of precincts reporting": how far a count has got,
    // told in passing, is no fact of the story
    // (the absolute clause "with … reporting", not "won with 52 percent")
    let in_passing = share_of.is_some()
        && syn.dep(c) == "nsubj"
        && syn.head(c).is_some_and(|v| {
            syn.kids(v)
                .iter()
                .any(|&k| syn.dep(k) == "mark" && syn.lemma(k) == "with")
        });
    if let Some(whole) = share_of.clone() {
        f.holder = Some(whole);
    } else if matches!(q.unit, Unit::Percent | Unit::Money(_)) {
        f.holder = valued_object(syn, noun)
            .or_else(|| measured_noun(syn, c, noun))
            .or_else(|| {
                syn.kids(c)
                    .iter()
                    .chain(syn.kids(noun))
                    .copied()
                    .find(|&k| syn.dep(k) == "prep" && syn.lemma(k) == "of")
                    .and_then(|of| syn.kid_with(of, &["pobj"]))
                    .map(|o| syn.noun_phrase_key(o))
            });
    }
    // sub-counts by the noun: "three children" against "12 people"
    if f.subset.is_none()
        && let Some(l) = &counted
        && GROUPS.contains(&l.as_str())
    {
        f.subset = Some(l.clone());
    }
    // "12 British citizens": a nationality or group adjective makes a part
    if f.subset.is_none() {
        for &k in syn.kids(noun) {
            if matches!(syn.dep(k), "amod" | "compound")
                && input.entities.iter().any(|(s, g, _)| {
                    *g == "NORP" && s.contains(Span::new(syn.tokens[k].start, syn.tokens[k].end))
                })
            {
                f.subset = Some(fold(&input.body[syn.tokens[k].start..syn.tokens[k].end]));
            }
        }
    }
    // a share of the pupils is no sub-count of the pupils
    if share_of.is_some() {
        f.subset = None;
    }
    // "including three children", "among them two officers"
    if let Some(h) = syn.head(noun)
        && syn.dep(noun) == "pobj"
        && matches!(syn.lemma(h).as_str(), "include" | "including")
    {
        f.subset
            .get_or_insert_with(|| format!("including {}", noun_lemma));
    }
    // the event
    let hit = event_of_noun(syn, noun, 0)
        .or_else(|| stands_for.and_then(|d| event_of_noun(syn, d, 0)))
        .or_else(|| phrase.and_then(|d| event_of_noun(syn, d, 0)));
    let hit = match hit {
        Some(h) if is_toll_class(&h.class) => Some(h),
        other => match nominal_toll(syn, sspan, c, noun) {
            Some(h) => {
                // "among more than 50 injured": people
                f.counted = Some("people".into());
                Some(h)
            }
            None => other,
        },
    };
    if let Some(hit) = hit {
        // "fatally shot", "shot dead": the dead
        let fatal = hit.class == "shot"
            && syn
                .kids(hit.predicate)
                .iter()
                .any(|&k| matches!(syn.lemma(k).as_str(), "fatally" | "dead"));
        f.event = Some(if fatal { "dead".into() } else { hit.class });
        f.role = hit.role;
        let p = hit.predicate;
        f.predicate = Some(syn.lemma(p));
        f.predicate_span = Some(Span::new(syn.tokens[p].start, syn.tokens[p].end));
        stance(syn, p, &mut f);
        // "eight seriously injured", "one critically"
        if f.subset.is_none()
            && let Some(sev) = syn
                .kids(p)
                .iter()
                .chain(syn.kids(noun))
                // "about 40 were injured, several seriously": the adverb
                // with its own count is another part, not this one
                .filter(|&&k| {
                    !syn.kids(k).iter().any(|&g| {
                        syn.tokens[g].pos == "NUM"
                            || VAGUE_WORDS.contains(&syn.lemma(g).as_str())
                            || matches!(syn.lemma(g).as_str(), "some" | "many" | "few" | "most")
                    })
                })
                .map(|&k| syn.lemma(k))
                .find(|l| SEVERITY.contains(&l.as_str()))
        {
            f.subset = Some(severity_class(&sev).to_string());
        }
        // "shot two people outside", "three died inside": a part of the
        // toll told apart by where it happened
        if f.subset.is_none()
            && let Some(side) = syn
                .kids(p)
                .iter()
                .filter(|&&k| syn.dep(k) == "advmod")
                .map(|&k| syn.lemma(k))
                .find(|l| WHERE_IN_THE_SCENE.contains(&l.as_str()))
        {
            f.subset = Some(side);
        }
        // "20 taken to St George's": a named destination makes a part
        if f.subset.is_none()
            && f.event.as_deref() == Some("hospitalised")
            && let Some(dest) = named_destination(syn, input, p)
        {
            f.subset = Some(dest);
        }
    } else if let Some((p, role)) =
        governing_predicate(syn, noun).or_else(|| phrase.and_then(|d| governing_predicate(syn, d)))
    {
        f.predicate = Some(syn.lemma(p));
        f.predicate_span = Some(Span::new(syn.tokens[p].start, syn.tokens[p].end));
        f.role = role;
        f.event = Some(syn.lemma(p));
        if role == Role::Patient {
            f.agent = named_agent(syn, p);
        }
        stance(syn, p, &mut f);
        let to_hospital = matches!(
            syn.lemma(p).as_str(),
            "take" | "treat" | "admit" | "carry" | "rush" | "bring" | "airlift" | "send" | "ferry"
        ) && role == Role::Patient;
        if to_hospital {
            if let Some(dest) = named_destination(syn, input, p) {
                f.subset = Some(dest);
                f.event = Some("hospitalised".into());
            } else if goes_to_hospital(syn, p) {
                f.event = Some("hospitalised".into());
            }
        }
    }
    // a count of people in a critical condition, however the parse hangs
    // it, is the critical part of the injured (not the whole a part is of:
    // the 5 of "2 of the 5 with life-threatening injuries")
    let whole_of_part = syn.dep(c) == "pobj" && syn.head(c).is_some_and(|h| syn.lemma(h) == "of");
    if !whole_of_part
        && f.subset.as_deref() != Some("critical")
        && matches!(
            f.event.as_deref(),
            None | Some("injured" | "remain" | "be" | "suffer" | "treat")
        )
        && (f.counted.is_none()
            || f.counted.as_deref().is_some_and(|c| {
                PEOPLE.contains(&c)
                    || matches!(
                        c,
                        "patient" | "man" | "woman" | "male" | "female" | "child" | "boy" | "girl"
                    )
            }))
        && critical_after(input.body, q.span, sspan)
    {
        f.event = Some("injured".into());
        f.role = Role::Patient;
        f.subset = Some("critical".into());
        f.predicate.get_or_insert_with(|| "injure".into());
    }
    // "Those 13 blossomed into nearly 40 rescues", "these five were taken
    // to hospital": a clause about a group the report has already counted
    // tells of that group, a part of the story's figures
    if f.subset.is_none() && about_a_group_counted_before(syn, c, noun) {
        f.subset = Some(GROUP_TOLD_BEFORE.into());
    }
    // the people of a place are all who were moved out of it
    if f.subset
        .as_deref()
        .is_some_and(|x| x.starts_with(FROM_PLACE))
        && matches!(f.event.as_deref(), Some("evacuated" | "displaced"))
    {
        f.subset = None;
    }
    // a sum demanded or taken is one fact whatever its verb ("demanded
    // $1.5 million", "asked for a ransom of $500,000"; "took $3.4 million
    // from savers", "defrauding 240 investors of $340,000")
    if matches!(q.unit, Unit::Money(_))
        && share_of.is_none()
        && let Some((class, p)) = sum_class(syn, noun)
    {
        f.holder = Some(class.to_string());
        if f.predicate.is_none() {
            f.predicate = Some(syn.lemma(p));
            f.predicate_span = Some(Span::new(syn.tokens[p].start, syn.tokens[p].end));
        }
    }
    f.background = in_passing || recalls_other_event(syn, input, sspan, f.predicate_span);
    // the other event, by the noun its clause describes ("air strikes
    // last week in which 30 were killed": "strike")
    if f.background {
        f.other_event = f
            .predicate_span
            .and_then(|p| relative_clause_of_earlier_event(syn, input, sspan, p))
            .map(|e| other_event_name(syn, e));
    }
    // "the most firefighters — 340 — were killed in …", "the deadliest
    // … since": a record across events, not this one's count
    let described = match syn.head(c) {
        // "the most firefighters — 340 — were killed"
        Some(h) if syn.dep(c) == "appos" => h,
        _ => noun,
    };
    f.background |= syn.kids(described).iter().chain(syn.kids(c)).any(|&k| {
        matches!(syn.tokens[k].tag, "JJS" | "RBS")
            && !matches!(syn.lemma(k).as_str(), "least")
            && !(k > 0 && syn.lemma(k - 1) == "at")
    });
    if f.background {
        let clause = f
            .predicate_span
            .map_or(sspan, |p| clause_around(syn, sspan, p));
        let wider = Span::new(sspan.start, clause.end.max(sspan.start));
        f.era = YEAR
            .captures(&input.body[clause.start..clause.end])
            .or_else(|| YEAR.captures(&input.body[wider.start..wider.end]))
            .and_then(|m| m[1].parse().ok());
    }
    Some(f)
}

/// Whether the measure (its noun `m`) is a peak: a "peak", "maximum" or
/// "record" word on it, or a clause of peaking above it (at most four
/// steps up: "peaked at a Category 4 with top winds of 140 mph").
fn at_peak(syn: &Syntax, m: usize) -> bool {
    const PEAK: &[&str] = &["peak", "maximum", "record"];
    if syn.kids(m).iter().any(|&k| {
        matches!(syn.dep(k), "amod" | "compound") && PEAK.contains(&syn.lemma(k).as_str())
    }) {
        return true;
    }
    let mut t = m;
    for _ in 0..4 {
        match syn.head(t) {
            Some(h) => t = h,
            None => return false,
        }
        if PEAK.contains(&syn.lemma(t).as_str()) {
            return true;
        }
        if syn.is_verb(t) {
            return false;
        }
    }
    false
}

/// The part of a count about a group its report counted before.
const GROUP_TOLD_BEFORE: &str = "that group";

/// Whether the count `c` of `noun` is of a group its report has already
/// counted ("these five were taken to hospital", "those three children"),
/// or stands in a clause whose subject is one ("Those 13 blossomed into
/// nearly 40 rescues"): a demonstrative with a number points back.
fn about_a_group_counted_before(syn: &Syntax, c: usize, noun: usize) -> bool {
    let demonstrative = |t: usize| {
        syn.kids(t).iter().any(|&k| {
            syn.dep(k) == "det" && matches!(syn.lemma(k).to_lowercase().as_str(), "those" | "these")
        })
    };
    if demonstrative(c) || demonstrative(noun) {
        return true;
    }
    let v = syn.verb_above(noun, 4);
    syn.is_verb(v)
        && syn
            .kid_with(v, &["nsubj", "nsubjpass"])
            .is_some_and(|s| s != c && s != noun && syn.tokens[s].pos == "NUM" && demonstrative(s))
}

/// The noun a measure describes: "the 80m-deep well", "a 40-metre well",
/// "a fire of 2,000 acres", "the fire spread to 2,000 acres".
fn measured_noun(syn: &Syntax, c: usize, unit_noun: usize) -> Option<String> {
    let mut n = if unit_noun != c { unit_noun } else { c };
    let dimension = |t: usize| unit_of(&syn.lemma(t)).map(|(d, _)| d);
    // "down the 40m dry well" parsed as if "the 40m" were the thing gone
    // down and "dry well" something else: a measure after an article is
    // an attribute of the noun right after it (adjectives between)
    if matches!(syn.dep(n), "pobj" | "dobj") && syn.kid_with(n, &["det"]).is_some() {
        let first = c.max(unit_noun) + 1;
        let mut t = first;
        while syn.tokens.get(t).is_some_and(|k| k.pos == "ADJ") {
            t += 1;
        }
        // (a noun the tagger took for an adverb only after an adjective;
        // "the 100m yesterday" is no yesterday's length)
        if let Some(k) = syn.tokens.get(t)
            && (k.pos == "NOUN" || (k.pos == "ADV" && t > first))
            && !crate::nlp::dates::is_day_or_month(&syn.lemma(t))
            && !matches!(
                syn.lemma(t).as_str(),
                "today"
                    | "yesterday"
                    | "tomorrow"
                    | "tonight"
                    | "morning"
                    | "afternoon"
                    | "evening"
                    | "night"
                    | "day"
                    | "week"
                    | "month"
                    | "year"
            )
            && syn.tokens[t - 1].end < k.start
            && syn.lemma(t).chars().all(char::is_alphabetic)
            && syn.head(t) != Some(n)
            && syn.head(n) != Some(t)
        {
            return Some(syn.lemma(t));
        }
    }
    for _ in 0..4 {
        let h = syn.head(n)?;
        let dep = syn.dep(n);
        // "40 metres deep (131 feet)": a measure hung from its own
        // conversion measures what the conversion measures
        if h != n
            && dimension(h).is_some()
            && dimension(h) == dimension(unit_noun)
            && syn.kid_with(h, &["nummod"]).is_some()
        {
            n = h;
            continue;
        }
        // (the tagger sometimes takes a noun for an adverb: "deep well")
        if !matches!(syn.tokens[h].pos, "VERB" | "AUX" | "ADP" | "ADJ" | "NUM")
            && matches!(dep, "amod" | "compound" | "nummod" | "npadvmod" | "nmod")
        {
            return Some(syn.noun_phrase_key(h));
        }
        if dep == "pobj" {
            // "a fire of 2,000 acres" / "spread to 2,000 acres": the
            // governor's noun, or the verb's subject
            let g = syn.head(h)?;
            if matches!(syn.tokens[g].pos, "NOUN" | "PROPN") {
                return Some(syn.noun_phrase_key(g));
            }
            let subj = syn.kid_with(g, &["nsubj", "nsubjpass"])?;
            return subject_key(syn, g, subj);
        }
        if matches!(dep, "dobj" | "attr") && syn.is_verb(h) {
            let subj = syn.kid_with(h, &["nsubj", "nsubjpass"])?;
            return subject_key(syn, h, subj);
        }
        n = h;
    }
    None
}

/// The whole a share is of, by its head noun: "the hospital's computer
/// systems" → "system"; "52 percent of voters" is a share of the vote
/// (a turnout is its own fact, "turnout", and a poll's share is compared
/// only between sentences that say the same thing, see `weak_share`).
fn share_whole(syn: &Syntax, whole: usize) -> Option<String> {
    // words for one whole: "52% of the vote" and "52 percent of voters",
    // "40 percent of the stock" and "43% of the goods"
    const WHOLES: &[(&str, &[&str])] = &[
        ("vote", &["vote", "voter"]),
        (
            "stock",
            &["stock", "good", "goods", "merchandise", "inventory"],
        ),
    ];
    // ("half of them": a pronoun names no whole)
    (syn.tokens[whole].pos != "PRON").then(|| {
        let l = syn.lemma(whole);
        WHOLES
            .iter()
            .find(|(_, ws)| ws.contains(&l.as_str()))
            .map_or(l, |(c, _)| (*c).to_string())
    })
}

/// A percentage that is a change: what changed and which way ("shares
/// dropped 4%" → "share (fall)", "sending shares down 14%", "fell by 3
/// percent"); `None` for a level ("rose to 5%").
fn percent_change(syn: &Syntax, input: &FrameInput, pct: usize) -> Option<String> {
    const FALL: &[&str] = &[
        "down", "drop", "fall", "slide", "slump", "plunge", "tumble", "sink", "decline", "dip",
        "plummet", "sag", "slip", "shed", "lose", "decrease",
    ];
    const RISE: &[&str] = &[
        "up", "rise", "climb", "jump", "gain", "soar", "surge", "increase", "grow", "rally",
        "advance", "spike",
    ];
    // ("the Greens gained 12 percent of the vote" is a share)
    if syn.of_object(pct).is_some() {
        return None;
    }
    let mut h = syn.head(pct)?;
    if syn.lemma(h) == "by" && syn.dep(pct) == "pobj" {
        h = syn.head(h)?;
    } else if !matches!(syn.dep(pct), "npadvmod" | "dobj") {
        return None;
    }
    let lemma = syn.lemma(h);
    let way = if FALL.contains(&lemma.as_str()) {
        "fall"
    } else if RISE.contains(&lemma.as_str()) {
        "rise"
    } else {
        return None;
    };
    // "sending shares down 14%": the particle's verb's object; "shares
    // dropped": the verb's subject
    // ("the firm increased prices by 5%": the prices rose, not the firm)
    let thing = if syn.is_verb(h) {
        syn.kid_with(h, &["dobj"])
            .filter(|&o| o != pct)
            .or_else(|| syn.kid_with(h, &["nsubj", "nsubjpass"]))?
    } else {
        // (the parser may hang the particle from the object's noun:
        // "sending shares in its parent company, X, down 9%")
        let mut verb = syn.head(h)?;
        if !syn.is_verb(verb) && syn.dep(verb) == "pobj" {
            verb = syn.head(syn.head(verb)?)?;
        }
        if !syn.is_verb(verb) {
            return None;
        }
        syn.kid_with(verb, &["dobj"])
            .or_else(|| syn.kid_with(verb, &["nsubj", "nsubjpass"]))?
    };
    if syn.tokens[thing].pos == "PRON" {
        return None;
    }
    // shares in a named company are known by it ("shares in its parent
    // company, Brightlane Holdings", "shares in owner Brightlane Holdings")
    if matches!(syn.lemma(thing).as_str(), "share" | "stock")
        && let Some(prep) = syn
            .kids(thing)
            .iter()
            .copied()
            .find(|&k| syn.dep(k) == "prep" && matches!(syn.lemma(k).as_str(), "in" | "of"))
            // (the parser may hang "in" from the verb: "sending shares in X down")
            .or_else(|| {
                let v = syn.head(thing).filter(|_| syn.dep(thing) == "dobj")?;
                syn.kids(v)
                    .iter()
                    .copied()
                    .find(|&k| syn.dep(k) == "prep" && syn.lemma(k) == "in")
            })
        && let Some(o) = syn.kid_with(prep, &["pobj"])
    {
        let named = std::iter::once(o)
            .chain(
                syn.kids(o)
                    .iter()
                    .copied()
                    .filter(|&k| syn.dep(k) == "appos"),
            )
            .find_map(|t| input.entity_at(syn, t, "ORG"));
        if let Some(name) = named {
            return Some(format!("{NAMED_SHARES}{name} ({way})"));
        }
    }
    // ("the S&P 500 index" and "the Nasdaq index" are two things)
    Some(format!("{} ({way})", syn.noun_phrase_key(thing)))
}

/// How a change of a named company's shares is named: "shares in
/// brightlane holdings (fall)".
pub const NAMED_SHARES: &str = "shares in ";

/// Who holds a share, when a name does: the named subject of the verb the
/// share is the object of ("Cruz won 28 percent of the vote" → "cruz").
fn share_owner(syn: &Syntax, input: &FrameInput, pct: usize) -> Option<String> {
    if syn.dep(pct) != "dobj" {
        return None;
    }
    let verb = syn.head(pct).filter(|&v| syn.is_verb(v))?;
    let subj = syn.kid_with(verb, &["nsubj"])?;
    let at = Span::new(syn.tokens[subj].start, syn.tokens[subj].end);
    input
        .entities
        .iter()
        .find(|(s, g, _)| matches!(*g, "PERSON" | "ORG" | "NORP" | "PLACE") && s.contains(at))
        .map(|(_, _, key)| key.clone())
}

/// What a sum or a share "at" values: the verb's object ("estimated the
/// damage at €4.2 million" → "damage"), through a word for an amount
/// ("put the cost of the damage at €2.4 million" → "damage").
fn valued_object(syn: &Syntax, noun: usize) -> Option<String> {
    const AMOUNTS: &[&str] = &[
        "cost", "value", "price", "bill", "total", "figure", "estimate",
    ];
    if syn.dep(noun) != "pobj" {
        return None;
    }
    let at = syn.head(noun)?;
    if syn.lemma(at) != "at" {
        return None;
    }
    let verb = syn.head(at)?;
    if !syn.is_verb(verb) {
        return None;
    }
    let mut obj = syn.kid_with(verb, &["dobj"])?;
    if AMOUNTS.contains(&syn.lemma(obj).as_str())
        && let Some(o) = syn.of_object(obj)
    {
        obj = o;
    }
    if syn.tokens[obj].pos == "PRON" {
        return None;
    }
    Some(syn.noun_phrase_key(obj))
}

/// What the subject `subj` of `verb` names, as a holder of what is
/// measured: the noun a relative clause hangs from ("the fire that has
/// burned"), an incident as the incident ("the wildfire", "the blaze"),
/// a described name ("the app"); `None` for a pronoun.
fn subject_key(syn: &Syntax, verb: usize, subj: usize) -> Option<String> {
    let subj = syn.antecedent(verb, subj);
    if syn.tokens[subj].pos == "PRON" {
        return None;
    }
    if INCIDENT_NOUNS.contains(&syn.lemma(subj).as_str()) {
        return Some("the incident".into());
    }
    Some(match syn.described(subj) {
        Some(name) => name.to_string(),
        None => syn.noun_phrase_key(subj),
    })
}

/// The event a counted noun takes part in, looking at the noun, its
/// modifiers and up the tree (at most a few steps).
/// A toll word standing for the people it describes, right after a
/// number that counts nothing else ("among more than 50 injured", "the
/// seven dead", "12 wounded"), however the parser hung it: the toll's
/// patients. Not a word that heads a noun of its own ("50 injured
/// people" is read by its noun) or a clause ("five killed as the tram
/// derailed" is read by its verb).
fn nominal_toll(syn: &Syntax, sspan: Span, c: usize, noun: usize) -> Option<EventHit> {
    let n = c + 1;
    let t = syn.tokens.get(n)?;
    if noun != c
        || !sspan.contains(Span::new(t.start, t.end))
        || !matches!(t.tag, "VBN" | "JJ")
        || syn.head(c) == Some(n)
        // (a subject the parser gave it from before the number is a
        // misreading; what follows it makes a clause)
        || syn.kids(n).iter().any(|&k| {
            k > n
                && matches!(
                    syn.dep(k),
                    "nsubj" | "nsubjpass" | "dobj" | "agent" | "advcl" | "mark"
                )
        })
        || syn
            .tokens
            .get(n + 1)
            .is_some_and(|x| matches!(x.pos, "NOUN" | "PROPN" | "NUM"))
    {
        return None;
    }
    let class = event_class(&syn.lemma(n))?;
    matches!(class, "dead" | "injured" | "missing" | "hospitalised").then(|| EventHit {
        class: class.into(),
        predicate: n,
        role: Role::Patient,
    })
}

fn event_of_noun(syn: &Syntax, noun: usize, depth: usize) -> Option<EventHit> {
    if depth > 4 {
        return None;
    }
    let lemma = syn.lemma(noun);
    // the noun itself: "12 deaths", "30 injuries", "12 dead"
    if let Some(class) = event_class(&lemma)
        && (!syn.is_verb(noun)
            || matches!(
                syn.dep(noun),
                "nsubj" | "nsubjpass" | "dobj" | "pobj" | "conj" | "appos" | "attr"
            ))
    {
        return Some(EventHit {
            class: class.into(),
            predicate: noun,
            role: Role::Patient,
        });
    }
    // its modifiers: "the death toll", "30 injured", "people who died"
    for &k in syn.kids(noun) {
        let dep = syn.dep(k);
        if !matches!(dep, "compound" | "amod" | "acl" | "relcl" | "advcl") {
            continue;
        }
        let Some(class) = event_class(&syn.lemma(k)) else {
            continue;
        };
        let role = if dep == "relcl" {
            relative_role(syn, k)
        } else {
            Role::Patient
        };
        return Some(EventHit {
            class: class.into(),
            predicate: k,
            role,
        });
    }
    let head = syn.head(noun)?;
    let hlemma = syn.lemma(head);
    match syn.dep(noun) {
        "nsubjpass" | "dobj" | "obj" => verb_class(syn, head)
            .map(|c| EventHit {
                class: c.into(),
                predicate: head,
                role: Role::Patient,
            })
            // "left 32 civilians dead", "left 100 injured"
            .or_else(|| {
                syn.kids(head)
                    .iter()
                    .chain(syn.kids(noun))
                    .copied()
                    .filter(|&k| {
                        matches!(syn.dep(k), "oprd" | "xcomp" | "acomp" | "amod" | "ccomp")
                    })
                    .find_map(|k| event_class(&syn.lemma(k)).map(|c| (c, k)))
                    .map(|(c, k)| EventHit {
                        class: c.into(),
                        predicate: k,
                        role: Role::Patient,
                    })
            }),
        "nsubj" => {
            if let Some(c) = verb_class(syn, head) {
                // "nine died" (undergoes) / "gunmen killed nine" (does)
                let transitive = syn.kid_with(head, &["dobj"]).is_some()
                    || matches!(
                        hlemma.as_str(),
                        "kill"
                            | "injure"
                            | "wound"
                            | "arrest"
                            | "rescue"
                            | "murder"
                            | "slay"
                            | "evacuate"
                            | "deploy"
                    );
                // "12 were killed and 30 wounded": the conjunct shares the
                // first verb's passive (the parse reads "30 wounded" as
                // active, with no object)
                let gapped_passive = syn.kid_with(head, &["dobj"]).is_none()
                    && syn.dep(head) == "conj"
                    && syn
                        .head(head)
                        .is_some_and(|h| syn.kid_with(h, &["auxpass"]).is_some());
                let role =
                    if transitive && !gapped_passive && !syn.tokens[head].tag.starts_with("VBN") {
                        Role::Agent
                    } else {
                        Role::Patient
                    };
                return Some(EventHit {
                    class: c.into(),
                    predicate: head,
                    role,
                });
            }
            // "12 were dead", "12 remain missing": the complement's class
            if let Some(comp) = syn.kid_with(head, &["acomp", "attr", "oprd", "xcomp"])
                && let Some(c) = event_class(&syn.lemma(comp))
            {
                return Some(EventHit {
                    class: c.into(),
                    predicate: comp,
                    role: Role::Patient,
                });
            }
            None
        }
        // "the toll is 12", "the dead numbered 12"
        "attr" | "dobj_num" => {
            let subj = syn.kid_with(head, &["nsubj"])?;
            toll_named_by(syn, subj, subj)
        }
        "pobj" => {
            let prep = syn.lemma(head);
            let governor = syn.head(head)?;
            match prep.as_str() {
                // "the toll rose to 12"
                "to" | "at"
                    if CHANGE_VERBS.contains(&syn.lemma(governor).as_str())
                        || syn.lemma(governor) == "stand" =>
                {
                    let subj = syn.kid_with(governor, &["nsubj"])?;
                    toll_named_by(syn, subj, governor)
                }
                // "bringing the death toll to at least 11", "put the
                // number of dead at 12": the toll its object names
                "to" | "at" => toll_set_by(syn, governor),
                // "a death toll of 12", "deaths of 12"
                "of" => toll_named_by(syn, governor, governor),
                // "killing 12", "injuring" attached by "with/after"…: not ours
                _ => None,
            }
        }
        // "seven killed and 30 injured": each conjunct has its own event,
        // else the first conjunct's
        "conj" | "appos" => event_of_noun(syn, head, depth + 1),
        _ => None,
    }
}

/// The event a noun phrase names ("the death toll", "the dead"), with
/// `predicate` as its predicate and the counted as its patients.
fn toll_named_by(syn: &Syntax, noun: usize, predicate: usize) -> Option<EventHit> {
    let key = syn.noun_phrase_key(noun);
    // (a month is no event: "the March death toll")
    key.split(' ')
        .filter(|w| crate::corpus::month_number(w).is_none())
        .find_map(event_class)
        .map(|c| EventHit {
            class: c.into(),
            predicate,
            role: Role::Patient,
        })
}

/// The role of the relativised noun in a relative clause ("people who
/// died": patient; "men who killed": agent).
fn relative_role(syn: &Syntax, verb: usize) -> Role {
    match syn.kid_with(verb, &["nsubj", "nsubjpass"]) {
        Some(k) if syn.dep(k) == "nsubj" && syn.kid_with(verb, &["dobj"]).is_some() => Role::Agent,
        _ => Role::Patient,
    }
}

/// Who did what `verb` tells, when the report names them: its subject (or
/// the "by" of a passive) if a name or a title with a name in it ("the
/// Navy secretary"), a "he" or "she" standing for the speaker of a saying
/// verb above ("Hagel said he has ordered"). `None` for anyone unnamed
/// ("police", "officials", "they"): their acts are anyone's.
fn named_agent(syn: &Syntax, verb: usize) -> Option<String> {
    let subj = match syn.kid_with(verb, &["nsubj"]) {
        Some(s) => s,
        None => {
            let by = syn.kid_with(verb, &["agent"])?;
            syn.kid_with(by, &["pobj"])?
        }
    };
    let subj = if syn.tokens[subj].pos == "PRON" {
        if !matches!(syn.lemma(subj).to_lowercase().as_str(), "he" | "she") {
            return None;
        }
        let mut cur = verb;
        let mut speaker = None;
        for _ in 0..3 {
            let h = syn.head(cur)?;
            if syn.dep(cur) == "ccomp" && is_saying(&syn.lemma(h)) {
                speaker = syn.kid_with(h, &["nsubj"]);
                break;
            }
            if !matches!(syn.dep(cur), "conj" | "xcomp" | "ccomp") {
                return None;
            }
            cur = h;
        }
        speaker.filter(|&s| syn.tokens[s].pos != "PRON")?
    } else {
        subj
    };
    match syn.tokens[subj].pos {
        // (a surname stands for the full name: "Chuck Hagel", "Hagel")
        "PROPN" => syn
            .proper_name_key(subj)
            .rsplit(' ')
            .next()
            .map(str::to_string),
        "NOUN"
            if syn
                .kids(subj)
                .iter()
                .any(|&k| syn.dep(k) == "compound" && syn.tokens[k].pos == "PROPN") =>
        {
            Some(syn.noun_phrase_key(subj))
        }
        _ => None,
    }
}

/// The predicate governing a noun when it is no toll: (predicate, role).
fn governing_predicate(syn: &Syntax, noun: usize) -> Option<(usize, Role)> {
    let mut n = noun;
    for _ in 0..4 {
        let h = syn.head(n)?;
        match syn.dep(n) {
            "nsubjpass" | "dobj" | "obj" => return syn.is_verb(h).then_some((h, Role::Patient)),
            "nsubj" => return syn.is_verb(h).then_some((h, Role::Agent)),
            "pobj" => {
                let g = syn.head(h)?;
                return syn.is_verb(g).then_some((g, Role::Circumstance));
            }
            "conj" | "appos" => n = h,
            _ => return None,
        }
    }
    None
}

/// What a sum is, when its words say it was demanded or taken, with the
/// word that says so: the nearest verb above the sum decides ("fined
/// $5,000 for defrauding" is a fine).
fn sum_class(syn: &Syntax, noun: usize) -> Option<(&'static str, usize)> {
    // (not "seek": a lawsuit seeks damages, each plaintiff its own)
    const DEMANDED: &[&str] = &["demand", "ask", "extort"];
    const TAKEN: &[&str] = &[
        "steal",
        "embezzle",
        "defraud",
        "swindle",
        "misappropriate",
        "siphon",
        "cheat",
        "con",
    ];
    let mut t = noun;
    for _ in 0..6 {
        let l = syn.lemma(t);
        // a ransom is demanded unless its verb says it was paid
        if l == "ransom" {
            let paid = std::iter::successors(syn.head(t), |&h| syn.head(h))
                .take(4)
                .find(|&v| syn.is_verb(v))
                .is_some_and(|v| {
                    matches!(
                        syn.lemma(v).as_str(),
                        "pay" | "hand" | "receive" | "transfer" | "send" | "wire" | "get"
                    )
                });
            return (!paid).then_some(("sum demanded", t));
        }
        if syn.is_verb(t) {
            // "asked for $5 billion", not "asked about the $3 million bonus"
            let asked_for = l != "ask"
                || syn.dep(noun) == "dobj"
                || syn
                    .head(noun)
                    .is_some_and(|h| syn.lemma(h) == "for" && syn.head(h) == Some(t));
            let from = || {
                syn.kids(t)
                    .iter()
                    .any(|&k| syn.dep(k) == "prep" && syn.lemma(k) == "from")
            };
            return if DEMANDED.contains(&l.as_str()) && asked_for {
                Some(("sum demanded", t))
            } else if TAKEN.contains(&l.as_str()) || (l == "take" && from()) {
                Some(("sum taken", t))
            } else {
                None
            };
        }
        t = syn.head(t)?;
    }
    None
}

/// A named hospital or place a count was taken to ("taken to St George's").
fn named_destination(syn: &Syntax, input: &FrameInput, verb: usize) -> Option<String> {
    for &p in syn.kids(verb) {
        if syn.dep(p) != "prep" || !matches!(syn.lemma(p).as_str(), "to" | "at" | "in") {
            continue;
        }
        let obj = syn.kid_with(p, &["pobj"])?;
        let span = syn.subtree_span(obj);
        let named = input
            .entities
            .iter()
            .any(|(s, g, _)| s.overlaps(span) && matches!(*g, "PLACE" | "ORG" | "OTHER"))
            || syn.tokens[obj].pos == "PROPN";
        if named && syn.lemma(obj) != "hospital" {
            return Some(format!(
                "at {}",
                name_key(&input.body[span.start..span.end])
            ));
        }
        if named {
            // "the Royal London hospital"
            let words: Vec<String> = syn
                .kids(obj)
                .iter()
                .filter(|&&k| {
                    matches!(syn.dep(k), "compound" | "amod") && syn.tokens[k].pos == "PROPN"
                })
                .map(|&k| syn.lemma(k))
                .collect();
            if !words.is_empty() {
                return Some(format!("at {}", fold(&words.join(" "))));
            }
        }
    }
    None
}

/// True when the predicate takes its object to a hospital ("taken to
/// hospital", "rushed to nearby hospitals").
fn goes_to_hospital(syn: &Syntax, verb: usize) -> bool {
    syn.kids(verb).iter().any(|&p| {
        syn.dep(p) == "prep"
            && matches!(syn.lemma(p).as_str(), "to" | "in" | "at")
            && syn.kid_with(p, &["pobj"]).is_some_and(|o| {
                matches!(syn.lemma(o).as_str(), "hospital" | "hospitals" | "clinic")
            })
    })
}

/// Negation, modality and change cues of a predicate.
fn stance(syn: &Syntax, p: usize, f: &mut Frame) {
    for &k in syn.kids(p) {
        let l = syn.lemma(k);
        match syn.dep(k) {
            "neg" => f.negated = true,
            "aux" | "auxpass" if MODALS.contains(&l.as_str()) => {
                f.modality = Some(l);
            }
            "advmod" if matches!(l.as_str(), "now" | "so far" | "since") => f.update_cue = true,
            _ => {}
        }
    }
    if CHANGE_VERBS.contains(&syn.lemma(p).as_str()) || raises_to(syn, p) {
        f.update_cue = true;
    }
    // "expected to die", "feared dead", "likely to rise"
    let mut cur = p;
    for _ in 0..3 {
        let Some(h) = syn.head(cur) else { break };
        let dep = syn.dep(cur);
        if matches!(dep, "xcomp" | "ccomp" | "acomp" | "oprd")
            && EXPECT.contains(&syn.lemma(h).as_str())
        {
            f.modality = Some(syn.lemma(h));
            break;
        }
        if !matches!(dep, "xcomp" | "conj") {
            break;
        }
        cur = h;
    }
    if syn
        .kids(p)
        .iter()
        .any(|&k| syn.dep(k) == "amod" && syn.lemma(k) == "feared")
    {
        f.modality = Some("feared".into());
    }
}

/// Who a sentence credits: the subject of a reporting verb ("police said"),
/// or the object of "according to".
fn sentence_source(syn: &Syntax, body: &str, sspan: Span) -> Option<String> {
    let r = syn.tokens_in(sspan);
    for i in r.clone() {
        let l = syn.lemma(i);
        if SAY_VERBS.contains(&l.as_str())
            && syn.is_verb(i)
            && let Some(s) = syn.kid_with(i, &["nsubj"])
            && !matches!(syn.tokens[s].pos, "PRON")
        {
            let span = syn.subtree_span(s);
            if span.len() < 120 {
                return Some(name_key(&body[span.start..span.end]));
            }
        }
        if l == "accord"
            && let Some(to) = syn.kid_with(i, &["prep"])
            && let Some(o) = syn.kid_with(to, &["pobj"])
        {
            let span = syn.subtree_span(o);
            if span.len() < 120 {
                return Some(name_key(&body[span.start..span.end]));
            }
        }
    }
    None
}

/// True when the value's clause is about another event or an earlier time:
/// it recalls the past ("last year", "since 1959", "a week ago", "in 2004"
/// before the publication year), or the event noun is "another",
/// "previous", "earlier", "similar".
/// Whether the noun `n` carries a year before the article's publication
/// among the words before it ("the 2017 Las Vegas massacre", "a 2009 truck
/// bombing").
fn year_before_publication(syn: &Syntax, input: &FrameInput, n: usize) -> bool {
    input.published.is_some_and(|p| {
        syn.kids(n).iter().any(|&k| {
            k < n
                && YEAR
                    .captures(&input.body[syn.tokens[k].start..syn.tokens[k].end])
                    .and_then(|m| m[1].parse::<i16>().ok())
                    .is_some_and(|y| y < p.year())
        })
    })
}

fn recalls_other_event(
    syn: &Syntax,
    input: &FrameInput,
    sspan: Span,
    predicate: Option<Span>,
) -> bool {
    // an event noun dated to an earlier year by its own words ("the 2017
    // Las Vegas massacre")
    if let Some(n) = predicate.and_then(|p| syn.tokens_in(p).next())
        && matches!(syn.tokens[n].pos, "NOUN" | "PROPN")
        && year_before_publication(syn, input, n)
    {
        return true;
    }
    let clause_text = clause_text(syn, input.body, sspan, predicate);
    let text = clause_text.as_str();
    if crate::compare::stories::recalls_long_past(text) || LAST_WEEK.is_match(text) {
        return true;
    }
    if let Some(p) = input.published {
        for m in YEAR.captures_iter(text) {
            let y: i16 = m[1].parse().unwrap_or(0);
            if y < p.year() {
                return true;
            }
        }
    }
    // a clause hanging from an earlier time or event: "since 1959, when
    // two were killed", "the 1933 fire, which killed 29"
    if let Some(p) = predicate.and_then(|p| syn.tokens_in(p).next()) {
        let mut cur = p;
        for _ in 0..3 {
            let Some(h) = syn.head(cur) else { break };
            if matches!(syn.dep(cur), "relcl" | "acl" | "advcl") {
                let head_span = Span::new(syn.tokens[h].start, syn.tokens[h].end);
                // the whole noun phrase the clause hangs from: "the 1933
                // Griffith Park fire of Los Angeles, which killed 29"
                let mut top = h;
                for _ in 0..4 {
                    match syn.head(top) {
                        Some(up)
                            if matches!(syn.dep(top), "pobj" | "prep" | "compound" | "appos")
                                && matches!(syn.tokens[up].pos, "NOUN" | "PROPN" | "ADP")
                                && up < top =>
                        {
                            top = up
                        }
                        _ => break,
                    }
                }
                let near = syn.subtree_span(top);
                let around = &input.body[near.start.min(head_span.start)..head_span.end];
                if let Some(p) = input.published
                    && YEAR
                        .captures_iter(around)
                        .any(|m| m[1].parse::<i16>().is_ok_and(|y| y < p.year()))
                {
                    return true;
                }
                if around.to_lowercase().contains("since") {
                    return true;
                }
                // "airstrikes … earlier this month that left 32 dead", "an
                // airstrike last week in which 30 were killed": the time
                // of the noun or clause the predicate hangs from, before
                // the predicate's own clause
                let own = syn.subtree_span(cur);
                let before =
                    &input.body[near.start.min(head_span.start)..own.start.max(near.start)];
                if matches!(syn.dep(cur), "relcl" | "acl") && LAST_WEEK.is_match(before) {
                    return true;
                }
                // "the September mass shooting at a church, where one
                // person died": an event of another month
                if input
                    .published
                    .is_some_and(|p| names_month_long_before(around, p))
                {
                    return true;
                }
            }
            cur = h;
        }
    }
    // a year before publication said of the clause or of a clause above
    // it ("In September 2013, children were among 81 people killed…"),
    // or of its subject ("since the 2008 bombing in Karachi killed 150")
    if let (Some(pub_date), Some(p)) = (
        input.published,
        predicate.and_then(|p| syn.tokens_in(p).next()),
    ) {
        let earlier = |t: usize| {
            let sp = syn.subtree_span(t);
            YEAR.captures_iter(&input.body[sp.start..sp.end])
                .any(|m| m[1].parse::<i16>().is_ok_and(|y| y < pub_date.year()))
        };
        let mut path = vec![p];
        let mut cur = p;
        for _ in 0..6 {
            match syn.head(cur) {
                Some(h) => {
                    path.push(h);
                    cur = h;
                }
                None => break,
            }
        }
        // (a time phrase, "in September 2013", "in 2013": not "after the
        // 2015 attacks", which only sets a time from another event)
        let time_phrase = |k: usize| {
            let object = match syn.dep(k) {
                "prep" => syn.kid_with(k, &["pobj"]),
                "npadvmod" => Some(k),
                _ => None,
            };
            object.is_some_and(|o| {
                let l = syn.lemma(o).to_lowercase();
                crate::nlp::dates::is_day_or_month(&l) || YEAR.is_match(&l)
            }) && syn.subtree_span(k).end <= syn.tokens[p].start
        };
        let dated = path.iter().any(|&a| {
            syn.kids(a).iter().any(|&k| {
                !path.contains(&k)
                    && (time_phrase(k)
                        || (a == p
                            && matches!(syn.dep(k), "nsubj" | "nsubjpass")
                            && event_noun(&syn.lemma(k))))
                    && earlier(k)
            })
        });
        if dated {
            return true;
        }
        // (a subject the parser left in another tree: the event noun right
        // before a verb without one, "the 2008 suicide bombing in Osk killed")
        let first = syn.tokens_in(sspan).next().unwrap_or(0);
        if syn.is_verb(p)
            && syn.kid_with(p, &["nsubj", "nsubjpass"]).is_none()
            && let Some(e) = event_noun_before(syn, first, p, 10, FINITE)
            && year_before_publication(syn, input, e)
        {
            return true;
        }
    }
    if predicate.is_some_and(|p| relative_clause_of_earlier_event(syn, input, sspan, p).is_some()) {
        return true;
    }
    if predicate
        .and_then(|p| syn.tokens_in(p).next())
        .is_some_and(|p| answered_by_reprisal(syn, p))
    {
        return true;
    }
    // another/previous/earlier incident in the clause
    let in_clause: Vec<usize> = match predicate.map(|p| clause_tokens(syn, p)) {
        Some(t) if !t.is_empty() => t,
        _ => syn.tokens_in(sspan).collect(),
    };
    for i in in_clause {
        if INCIDENT_NOUNS.contains(&syn.lemma(i).as_str())
            && syn.kids(i).iter().any(|&k| {
                matches!(
                    syn.lemma(k).as_str(),
                    "another" | "previous" | "earlier" | "similar" | "last" | "former" | "prior"
                )
            })
        {
            return true;
        }
    }
    false
}

/// Whether the noun `n` is the event a reprisal answers ("a revenge attack
/// for US air strikes", "in retaliation for the raid", "in response to the
/// bombing"): another event than the story's.
fn answered_by_reprisal(syn: &Syntax, n: usize) -> bool {
    syn.dep(n) == "pobj"
        && syn.head(n).is_some_and(|prep| {
            matches!(syn.lemma(prep).as_str(), "for" | "to")
                && syn.head(prep).is_some_and(|h| {
                    CAUSE_NOUNS.contains(&syn.lemma(h).as_str())
                        || syn.kids(h).iter().any(|&k| {
                            matches!(syn.dep(k), "compound" | "amod")
                                && CAUSE_NOUNS.contains(&syn.lemma(k).as_str())
                        })
                })
        })
}

/// Nouns of a cause another event can be ("in retaliation for the air
/// strikes", "a revenge attack for", "in response to the raid").
const CAUSE_NOUNS: &[&str] = &[
    "revenge",
    "retaliation",
    "reprisal",
    "retribution",
    "vengeance",
    "response",
];

/// The event noun (its token) when the predicate's clause is a relative clause ("in which 30
/// were killed", "that left 32 dead") of an event noun before it that is
/// another event: dated earlier ("air strikes last week in which …") or the
/// cause the story's event answers ("revenge for air strikes this month
/// that left 32 dead"). Read from the words, as the parser often hangs
/// such a clause from the main verb.
fn relative_clause_of_earlier_event(
    syn: &Syntax,
    input: &FrameInput,
    sspan: Span,
    predicate: Span,
) -> Option<usize> {
    let toks = clause_tokens(syn, predicate);
    let &lo = toks.first()?;
    let relative = |t: usize| {
        t < syn.tokens.len()
            && matches!(syn.tokens[t].tag, "WDT" | "WP")
            && matches!(syn.lemma(t).as_str(), "which" | "that" | "who")
    };
    if !(relative(lo) || (syn.tokens[lo].tag == "IN" && relative(lo + 1))) {
        return None;
    }
    // the event noun the clause describes: the nearest before it, within
    // its noun phrase (no finite verb between)
    let first = syn.tokens_in(sspan).next().unwrap_or(0);
    let e = event_noun_before(syn, first, lo, 15, FINITE)?;
    let between = &input.body[syn.tokens[e].start..syn.tokens[lo].start];
    // ("a 2009 truck bombing of a marketplace … that killed more than 100")
    if year_before_publication(syn, input, e)
        || LAST_WEEK.is_match(between)
        || input.published.is_some_and(|p| {
            names_month_long_before(between, p)
                || YEAR
                    .captures_iter(between)
                    .any(|m| m[1].parse::<i16>().is_ok_and(|y| y < p.year()))
        })
    {
        return Some(e);
    }
    is_cause(syn, first, e).then_some(e)
}

/// True when the event noun `e` is the cause the story's event answers:
/// "for" / "to" before it and its modifiers, after a cause noun ("revenge
/// attack for US air strikes", "in retaliation for Nato airstrikes").
fn is_cause(syn: &Syntax, first: usize, e: usize) -> bool {
    let mut t = e;
    while t > first && matches!(syn.tokens[t - 1].pos, "NOUN" | "PROPN" | "ADJ" | "DET") {
        t -= 1;
    }
    t > first
        && matches!(syn.lemma(t - 1).as_str(), "for" | "to")
        && (first.max((t - 1).saturating_sub(3))..t - 1)
            .any(|k| CAUSE_NOUNS.contains(&syn.lemma(k).as_str()))
}

/// True for a noun of an attack or a disaster, an air strike included.
fn event_noun(lemma: &str) -> bool {
    INCIDENT_NOUNS.contains(&lemma)
        || matches!(lemma, "strike" | "airstrike" | "bombardment" | "shelling")
}

/// The name of another event by its noun: "strike" for "airstrike" and
/// "air strike", plurals singular.
fn other_event_name(syn: &Syntax, e: usize) -> String {
    let lemma = syn.lemma(e);
    match lemma.strip_prefix("air") {
        Some(rest) if rest == "strike" || rest == "raid" => rest.to_string(),
        _ => crate::nlp::terms::stem(&lemma),
    }
}

/// The event noun a date or time follows within its noun phrase, when that
/// event is the cause the story's event answers ("in retaliation for air
/// strikes last week", "a reprisal for airstrikes in Kunduz this week"):
/// the date is that event's.
fn date_of_cause(syn: &Syntax, sspan: Span, span: Span) -> Option<usize> {
    let d = syn.tokens_in(span).next()?;
    let first = syn.tokens_in(sspan).next().unwrap_or(0);
    let e = event_noun_before(syn, first, d, 12, &["VBD", "VBZ", "VBP", "MD", ",", ":"])?;
    is_cause(syn, first, e).then_some(e)
}

/// Tags of a finite verb: where a noun phrase read backwards ends.
const FINITE: &[&str] = &["VBD", "VBZ", "VBP", "MD"];

/// The nearest event noun before token `end`, within `window` tokens and
/// the sentence (from `first`), none past a token tagged one of `stops`.
fn event_noun_before(
    syn: &Syntax,
    first: usize,
    end: usize,
    window: usize,
    stops: &[&str],
) -> Option<usize> {
    for t in (first.max(end.saturating_sub(window))..end).rev() {
        if event_noun(&syn.lemma(t)) {
            return Some(t);
        }
        if stops.contains(&syn.tokens[t].tag) {
            return None;
        }
    }
    None
}

/// A month (with its day, if given) in `text` that ends more than three
/// weeks before `published`: "the September shooting" in an April report.
/// The month is taken in the year that puts it at or before publication.
fn names_month_long_before(text: &str, published: jiff::civil::Date) -> bool {
    MONTH_DAY.captures_iter(text).any(|m| {
        let Some(month) = crate::corpus::month_number(&m[1]) else {
            return false;
        };
        let year = if month <= published.month() {
            published.year()
        } else {
            published.year() - 1
        };
        let Ok(first) = jiff::civil::Date::new(year, month, 1) else {
            return false;
        };
        let when = m
            .get(2)
            .and_then(|d| d.as_str().parse::<i8>().ok())
            .and_then(|d| jiff::civil::Date::new(year, month, d).ok())
            .unwrap_or_else(|| first.last_of_month());
        when < published && (published - when).get_days() > 21
    })
}

/// A capitalised month name, with the day that may follow it.
static MONTH_DAY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?-u:\b)(January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(\d{1,2})(?-u:\b))?").unwrap()
});

static YEAR: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?-u:\b)(1[89]\d\d|20\d\d)(?-u:\b)").unwrap());

static LAST_WEEK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?-u:\b)(?:last|previous) week(?-u:\b)|(?-u:\b)(?:since|ago)(?-u:\b)|(?-u:\b)earlier this month(?-u:\b)")
        .unwrap()
});

/// The clause of the sentence that holds the predicate: the predicate's
/// subtree, without sub-clauses that have their own finite verb.
fn clause_around(syn: &Syntax, sspan: Span, predicate: Span) -> Span {
    let toks = clause_tokens(syn, predicate);
    let (Some(&lo), Some(&hi)) = (toks.first(), toks.last()) else {
        return sspan;
    };
    let span = Span::new(syn.tokens[lo].start, syn.tokens[hi].end);
    Span::new(
        span.start.max(sspan.start),
        span.end.min(sspan.end).max(span.start.max(sspan.start)),
    )
}

/// The tokens of `clause_around`, in order. A sub-clause inside the span
/// ("a scheme that collapsed in 2021", before the sentence's full stop) is
/// not among them.
fn clause_tokens(syn: &Syntax, predicate: Span) -> Vec<usize> {
    let Some(mut p) = syn.tokens_in(predicate).next() else {
        return Vec::new();
    };
    // climb to the clause's verb
    for _ in 0..4 {
        if syn.is_verb(p) {
            break;
        }
        match syn.head(p) {
            Some(h) => p = h,
            None => break,
        }
    }
    let mut out = Vec::new();
    let mut stack = vec![p];
    while let Some(t) = stack.pop() {
        if out.len() > 400 {
            break;
        }
        out.push(t);
        for &k in syn.kids(t) {
            if matches!(
                syn.dep(k),
                "advcl" | "ccomp" | "relcl" | "conj" | "parataxis"
            ) && k != p
            {
                continue;
            }
            stack.push(k);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The text of the predicate's clause (the whole sentence without one),
/// with " | " where a sub-clause was left out, so that no pattern reads
/// across the gap.
fn clause_text(syn: &Syntax, body: &str, sspan: Span, predicate: Option<Span>) -> String {
    let mut toks = predicate.map(|p| clause_tokens(syn, p)).unwrap_or_default();
    if toks.is_empty() {
        return body[sspan.start..sspan.end].to_string();
    }
    // a sub-clause inside the span is left out ("a scheme that collapsed
    // in 2021"), unless it sets the main clause's time ("the mine employed
    // 1,200 when it closed in 1992", "2,000 have left since the mine
    // closed in 2015"); one before or after it dates another event
    // ("diggers dispatched after he fell in last week")
    let (lo, hi) = (toks[0], toks[toks.len() - 1]);
    let inside: Vec<usize> = (lo..=hi)
        .filter(|t| toks.binary_search(t).is_err())
        .filter(|&t| {
            let mut cur = t;
            for _ in 0..64 {
                let Some(h) = syn.head(cur) else { return true };
                if toks.binary_search(&h).is_ok() {
                    return syn.dep(cur) == "advcl"
                        && syn.kids(cur).iter().any(|&k| {
                            matches!(syn.dep(k), "mark" | "advmod")
                                && matches!(
                                    syn.lemma(k).as_str(),
                                    "when" | "while" | "as" | "since" | "until"
                                )
                        });
                }
                cur = h;
            }
            true
        })
        .collect();
    toks.extend(inside);
    toks.sort_unstable();
    let mut out = String::new();
    let mut prev: Option<usize> = None;
    for &t in &toks {
        let tok = &syn.tokens[t];
        if tok.start < sspan.start || tok.end > sspan.end {
            continue;
        }
        match prev {
            Some(q) if q + 1 == t => out.push_str(&body[syn.tokens[q].end..tok.start]),
            Some(_) => out.push_str(" | "),
            None => {}
        }
        out.push_str(&body[tok.start..tok.end]);
        prev = Some(t);
    }
    out
}

/// Whose age: the noun the age modifies ("the 38-year-old driver"), the
/// head of an apposition ("the driver, 36,"), or the name in the phrase.
fn age_holder(syn: &Syntax, input: &FrameInput, c: usize, q: &Quantity) -> Option<String> {
    // "Celia Abbot, 45": the name set right before the age, whatever the
    // parse made of a list of them
    let before = input.body[..q.span.start].trim_end();
    if let Some(comma) = before.strip_suffix(',') {
        let end = comma.trim_end().len();
        if let Some((_, _, key)) = input
            .entities
            .iter()
            .find(|(s, g, _)| *g == "PERSON" && s.end == end)
        {
            return Some(key.clone());
        }
        // (a name the entity model took for something else)
        if let Some(t) = (0..syn.tokens.len())
            .find(|&t| syn.tokens[t].end == end && syn.tokens[t].pos == "PROPN")
        {
            let key = input
                .entities
                .iter()
                .find(|(s, g, _)| *g != "DATE" && s.end == end)
                .map(|(_, _, key)| key.clone());
            return Some(key.unwrap_or_else(|| syn.noun_phrase_key(t)));
        }
    }
    // climb from the age to the noun it describes
    let mut n = c;
    let mut top = c;
    for _ in 0..4 {
        let Some(h) = syn.head(n) else { break };
        let hs = Span::new(syn.tokens[h].start, syn.tokens[h].end);
        if q.span.contains(hs) {
            n = h;
            top = h;
            continue;
        }
        // "he was five years old", "the boy was reported to be six years
        // old": the age is said of the clause's subject
        if n == top && matches!(syn.dep(top), "acomp" | "attr" | "oprd") && syn.is_verb(h) {
            return predicative_holder(syn, input, h);
        }
        n = h;
        if matches!(syn.tokens[n].pos, "NOUN" | "PROPN") {
            break;
        }
    }
    if !matches!(syn.tokens[n].pos, "NOUN" | "PROPN") {
        // "the six-year-old fell": the age is itself the person, unnamed
        let nominal = matches!(
            syn.dep(top),
            "nsubj" | "nsubjpass" | "dobj" | "pobj" | "attr" | "appos" | "conj"
        );
        let determined = syn
            .kids(top)
            .iter()
            .any(|&k| matches!(syn.dep(k), "det" | "poss"));
        return (nominal && determined).then(|| "year-old".to_string());
    }
    // a person's name in the noun phrase or its apposition wins: the
    // nearest one before the age ("Ann Lee, 49, Bo Park, 45": 49 is Ann
    // Lee's), else the head itself when it comes first, else the first
    // name after it ("49-year-old Ann Lee")
    let phrase = syn.subtree_span(n);
    let around = Span::new(phrase.start.min(q.span.start), phrase.end.max(q.span.end));
    let people = || {
        input
            .entities
            .iter()
            .filter(move |(s, g, _)| *g == "PERSON" && around.contains(*s))
    };
    if let Some((_, _, key)) = people()
        .filter(|(s, _, _)| s.end <= q.span.start)
        .max_by_key(|(s, _, _)| s.end)
    {
        return Some(key.clone());
    }
    if syn.tokens[n].end <= q.span.start && syn.tokens[n].pos == "PROPN" {
        return Some(syn.noun_phrase_key(n));
    }
    if let Some((_, _, key)) = people().min_by_key(|(s, _, _)| s.start) {
        return Some(key.clone());
    }
    if syn.dep(n) == "appos"
        && let Some(h) = syn.head(n)
        && let Some(key) = input.entity_at(syn, h, "PERSON")
    {
        return Some(key);
    }
    Some(syn.noun_phrase_key(n))
}

/// The event of where a person is from.
pub const HOME: &str = "home";

/// The event of how long a person has served.
pub const TENURE: &str = "serve";

/// The named person a token describes: the token itself, or the person its
/// noun phrase is set beside ("Sean Smith, a … officer and 21-year
/// veteran": through apposition and conjunction, and the "of" or relative
/// clause a parse hangs from them), at most a few steps up; the person's
/// key.
fn person_above(syn: &Syntax, input: &FrameInput, from: usize) -> Option<String> {
    let mut t = from;
    for _ in 0..6 {
        if let Some(key) = input.entity_at(syn, t, "PERSON") {
            return Some(key);
        }
        if !matches!(syn.dep(t), "appos" | "conj" | "relcl" | "pobj" | "prep") {
            return None;
        }
        t = syn.head(t)?;
    }
    None
}

/// Whose tenure a span of years is, and the word that says so: "a
/// 21-year veteran" (the veteran: a named person it is set beside, or the
/// subject of "was"), "worked for the State Department for 10 years",
/// "served 20 years" (the subject of the verb, or the person a relative
/// clause's "who" stands for).
fn tenure_of(syn: &Syntax, input: &FrameInput, d: usize) -> Option<(String, usize)> {
    let h = syn.head(d)?;
    if syn.lemma(h) == "veteran" && matches!(syn.dep(d), "nmod" | "compound" | "amod" | "nummod") {
        let person = if syn.dep(h) == "attr" {
            let v = syn.head(h)?;
            let s = syn.kid_with(v, &["nsubj"])?;
            person_above(syn, input, s)
        } else {
            person_above(syn, input, h)
        };
        return person.map(|p| (p, h));
    }
    // "worked … for 10 years", "served 20 years"
    let v = match syn.dep(d) {
        "pobj" if syn.lemma(h) == "for" => syn.head(h)?,
        "npadvmod" | "dobj" => h,
        _ => return None,
    };
    if !matches!(syn.lemma(v).as_str(), "work" | "serve") {
        return None;
    }
    let s = syn.kid_with(v, &["nsubj"])?;
    let person = if syn.tokens[s].pos == "PRON" && syn.dep(v) == "relcl" {
        person_above(syn, input, syn.head(v)?)
    } else {
        person_above(syn, input, s)
    }?;
    Some((person, v))
}

/// "Sean Smith joined the State Department 10 years ago": how long he has
/// served, beside when he joined (a Time frame of the same span).
fn tenure_since_joining(syn: &Syntax, input: &FrameInput, date: &Frame) -> Option<Frame> {
    if date.predicate.as_deref() != Some("join") {
        return None;
    }
    let text = &input.body[date.span.start..date.span.end];
    if !text.to_lowercase().ends_with(" ago") || duration_hours(text).is_none() {
        return None;
    }
    let v = syn.span_head(date.predicate_span?)?;
    let person = person_above(syn, input, syn.kid_with(v, &["nsubj"])?)?;
    Some(Frame {
        event: Some(TENURE.into()),
        predicate: date.predicate.clone(),
        predicate_span: date.predicate_span,
        role: Role::Circumstance,
        holder: Some(person),
        counted: Some("duration".into()),
        source: date.source.clone(),
        ..Frame::new(date.sentence, ValueKind::Time, date.span)
    })
}

/// The person a place says where they are from: "Martin Bamford, 30, from
/// Croydon", "Martin Bamford from Croydon", "Mark, of Coulsdon", "Travis
/// Reinking, 29, of Morton, Illinois" — a named person the place's "from"
/// hangs from ("of" only set off by a comma: "the mayor of Croydon" names
/// an office). The person's key.
fn home_of(syn: &Syntax, input: &FrameInput, d: usize) -> Option<String> {
    if syn.dep(d) != "pobj" {
        return None;
    }
    let p = syn.head(d)?;
    let by_comma = p > 0 && &input.body[syn.tokens[p - 1].start..syn.tokens[p - 1].end] == ",";
    let from = match syn.lemma(p).as_str() {
        "from" => true,
        "of" if by_comma => true,
        _ => false,
    };
    if !from || syn.dep(p) != "prep" {
        return None;
    }
    input.entity_at(syn, syn.head(p)?, "PERSON")
}

/// Whose age a clause states of its subject ("he was five years old"):
/// the subject of verb `v`, or of the verb it completes ("was reported to
/// be six"); a person it names, a pronoun for an unnamed one, else its
/// noun phrase.
fn predicative_holder(syn: &Syntax, input: &FrameInput, v: usize) -> Option<String> {
    let subject = |v: usize| syn.kid_with(v, &["nsubj", "nsubjpass"]);
    let s = subject(v).or_else(|| {
        (syn.dep(v) == "xcomp")
            .then(|| syn.head(v))
            .flatten()
            .and_then(subject)
    })?;
    if let Some(key) = input.entity_at(syn, s, "PERSON") {
        return Some(key);
    }
    // (a person unnamed: "he", "she"; "it" or "which" is a thing's age)
    if syn.tokens[s].pos == "PRON" {
        let person = matches!(
            syn.lemma(s).as_str(),
            "he" | "she" | "they" | "i" | "we" | "you"
        );
        return person.then(|| "year-old".to_string());
    }
    matches!(syn.tokens[s].pos, "NOUN" | "PROPN").then(|| syn.noun_phrase_key(s))
}

/// The frame of a date, a clock time or a place: the predicate it is
/// attached to and what that predicate is about.
fn dated_frame(
    syn: &Syntax,
    input: &FrameInput,
    si: usize,
    sspan: Span,
    span: Span,
    kind: ValueKind,
) -> Option<Frame> {
    let mut d = syn.span_head(span)?;
    // "on Tuesday afternoon": the day is a part of the part of the day
    if kind == ValueKind::Date
        && syn.dep(d) == "compound"
        && let Some(h) = syn.head(d)
        && matches!(
            syn.lemma(h).as_str(),
            "morning" | "afternoon" | "evening" | "night" | "noon" | "midday" | "lunchtime"
        )
    {
        d = h;
    }
    let mut f = Frame {
        role: Role::Circumstance,
        ..Frame::new(si, kind, span)
    };
    // how long something lasted ("over 100 hours"), not when
    let duration =
        kind == ValueKind::Time && duration_hours(&input.body[span.start..span.end]).is_some();
    // the date of the event the story's answers ("in retaliation for air
    // strikes last week"): that event's, compared only with its own
    if kind != ValueKind::Place
        && let Some(e) = date_of_cause(syn, sspan, span)
    {
        let name = other_event_name(syn, e);
        f.event = Some(format!("the earlier {name}"));
        f.predicate = Some(syn.lemma(e));
        f.predicate_span = Some(Span::new(syn.tokens[e].start, syn.tokens[e].end));
        f.background = true;
        f.other_event = Some(name);
        return Some(f);
    }
    // "the 90-minute meeting", "a two-hour standoff": how long the thing
    // the noun names lasted
    if duration
        && matches!(syn.dep(d), "amod" | "compound" | "nmod" | "nummod")
        && let Some(n) = syn.head(d)
        && syn.tokens[n].pos == "NOUN"
        && span.end <= syn.tokens[n].start
        && DURATION_NOUNS.contains(&syn.lemma(n).as_str())
    {
        f.event = Some("last".into());
        f.predicate = Some("last".into());
        f.predicate_span = Some(Span::new(syn.tokens[n].start, syn.tokens[n].end));
        f.holder = Some(syn.lemma(n));
        f.counted = Some("duration".into());
        f.background = recalls_other_event(syn, input, sspan, f.predicate_span);
        return Some(f);
    }
    // how long a named person has served: "a 21-year diplomatic veteran",
    // "a 10-year veteran of the State Department", "who had worked for the
    // State Department for 10 years"
    if duration && let Some((person, at)) = tenure_of(syn, input, d) {
        f.event = Some(TENURE.into());
        f.predicate = Some(syn.lemma(at));
        f.predicate_span = Some(Span::new(syn.tokens[at].start, syn.tokens[at].end));
        f.holder = Some(person);
        f.counted = Some("duration".into());
        return Some(f);
    }
    // where a named person is from ("Martin Bamford, 30, from Croydon",
    // "Mark, of Coulsdon")
    if kind == ValueKind::Place
        && let Some(person) = home_of(syn, input, d)
    {
        f.event = Some(HOME.into());
        f.predicate = syn.head(d).map(|p| syn.lemma(p));
        f.predicate_span = syn
            .head(d)
            .map(|p| Span::new(syn.tokens[p].start, syn.tokens[p].end));
        f.holder = Some(person);
        return Some(f);
    }
    // what the value is attached to ("the U.S. diplomatic mission": a
    // place before its noun, parsed as nmod, qualifies it as a compound
    // does)
    let dep = match syn.dep(d) {
        "nmod" if kind == ValueKind::Place && syn.head(d).is_some_and(|h| h > d) => "compound",
        dep => dep,
    };
    let (mut anchor, prep) = match dep {
        "pobj" => {
            let p = syn.head(d)?;
            (syn.head(p)?, Some(syn.lemma(p)))
        }
        "npadvmod" | "tmod" | "nmod" | "obl" | "advmod" => (syn.head(d)?, None),
        // "struck shortly before 11pm": a hedged time of the event itself
        // (a bare "before 11pm" is no time of it, see below)
        "prep"
            if kind == ValueKind::Time
                && matches!(syn.lemma(d).as_str(), "before" | "after")
                && syn.kids(d).iter().any(|&k| {
                    matches!(
                        syn.lemma(k).as_str(),
                        "shortly" | "just" | "soon" | "minute" | "moment" | "hour"
                    )
                }) =>
        {
            (syn.head(d)?, None)
        }
        // "a search that took over 100 hours", "lasted 45 minutes": how
        // long, as the verb's object (or its hedge as a particle)
        "dobj" | "prt"
            if duration
                && syn
                    .head(d)
                    .is_some_and(|h| matches!(syn.lemma(h).as_str(), "take" | "last")) =>
        {
            (syn.head(d)?, None)
        }
        // "lasting over an hour": a hedge the parse took for a
        // preposition, at the start of the time
        "prep"
            if kind == ValueKind::Time
                && syn.tokens[d].start == span.start
                && matches!(
                    syn.lemma(d).as_str(),
                    "over" | "under" | "around" | "about" | "nearly" | "almost"
                ) =>
        {
            (syn.head(d)?, None)
        }
        // "at around 6:10am": the hedge parsed as the preposition's
        // complement
        "pcomp"
            if matches!(
                syn.lemma(d).as_str(),
                "around" | "about" | "approximately" | "roughly" | "nearly" | "almost"
            ) =>
        {
            let p = syn.head(d)?;
            (syn.head(p)?, Some(syn.lemma(p)))
        }
        // "Brantmoor, Calder Province": a place in apposition names where
        // another place is, not where something happened
        "appos" | "conj" if kind == ValueKind::Place => return None,
        "compound" | "amod" | "poss" if kind == ValueKind::Place => {
            // "a Paris hotel": the place of the noun; but a place that
            // qualifies the clause's subject or object ("the U.S.
            // ambassador was killed", "Britain's ambassador"), unless that
            // is a building, a place or an incident, says whose the person
            // is: a person's country is no place of what befell them
            let h = syn.head(d)?;
            let lemma = syn.lemma(h);
            // ("a revenge attack for US air strikes": the strikes', which
            // are another event)
            if answered_by_reprisal(syn, h) {
                return None;
            }
            if matches!(syn.dep(h), "nsubj" | "nsubjpass" | "dobj")
                && !STRUCTURES.contains(&lemma.as_str())
                && !PLACE_NOUNS.contains(&lemma.as_str())
                && !ROUTE_NOUNS.contains(&lemma.as_str())
                && !incident_noun(&lemma, kind)
            {
                return None;
            }
            (h, None)
        }
        _ => return None,
    };
    // "the bridge has stood since 1912": a structure standing since a
    // year was built that year
    let stood_since = kind == ValueKind::Date
        && prep.as_deref() == Some("since")
        && syn.lemma(anchor) == "stand"
        && syn.kids(anchor).iter().any(|&k| syn.lemma(k) == "have")
        // plain standing: not "stood empty", "stood in ruins", "stood idle"
        && syn.kids(anchor).iter().all(|&k| {
            !matches!(syn.dep(k), "acomp" | "xcomp" | "oprd" | "attr" | "dobj")
                && (syn.dep(k) != "prep" || syn.lemma(k) == "since")
        })
        && syn
            .kid_with(anchor, &["nsubj"])
            .is_some_and(|s| STRUCTURES.contains(&syn.lemma(syn.antecedent(anchor, s)).as_str()))
        && input.body[span.start..span.end]
            .trim()
            .parse::<u16>()
            .is_ok_and(|y| (1000..=2100).contains(&y));
    // not the event's own time or place
    if let Some(p) = &prep
        && !stood_since
        && matches!(
            p.as_str(),
            "since" | "until" | "till" | "by" | "before" | "after" | "from" | "between" | "through"
        )
        && kind != ValueKind::Place
    {
        return None;
    }
    if let Some(p) = &prep
        && kind == ValueKind::Place
        && !matches!(
            p.as_str(),
            "in" | "at" | "near" | "outside" | "on" | "inside" | "off" | "across" | "around"
        )
    {
        return None;
    }
    // the predicate: the anchor if it is a verb or an incident noun, else
    // climb to the clause's verb
    let mut p = anchor;
    // a time parsed onto a place ("struck at the consulate in the hub of
    // the city late Thursday") is the clause's, however deep the place
    let placed = kind != ValueKind::Place
        && (PLACE_NOUNS.contains(&syn.lemma(anchor).as_str())
            || ROUTE_NOUNS.contains(&syn.lemma(anchor).as_str()));
    for _ in 0..if placed { 8 } else { 3 } {
        if syn.is_verb(p) || incident_noun(&syn.lemma(p), kind) {
            break;
        }
        match syn.head(p) {
            Some(h) if syn.dep(p) != "ROOT" => p = h,
            _ => break,
        }
    }
    let mut plemma = if stood_since {
        "build".to_string()
    } else if syn.lemma(p) == "leave"
        && syn.kids(p).iter().any(|&k| {
            matches!(syn.dep(k), "oprd" | "acomp" | "xcomp")
                && DISUSED.contains(&syn.lemma(k).as_str())
        })
    {
        // "left unused for five years" is how long it was abandoned
        "abandon".to_string()
    } else if syn.lemma(p) == "take"
        && syn
            .kid_with(p, &["dobj"])
            .is_some_and(|o| syn.lemma(o) == "place" && syn.kids(o).is_empty())
    {
        // "the attack took place in Antioch": it happened there
        "happen".to_string()
    } else {
        syn.lemma(p)
    };
    // "a first referendum, held in March 2019": a light verb's participle
    // dates the noun it hangs from, as "the referendum in May 2019" does
    if kind != ValueKind::Place
        && syn.dep(p) == "acl"
        && syn.tokens[p].tag == "VBN"
        && LIGHT_VERBS.contains(&plemma.as_str())
        && let Some(h) = participle_noun(syn, p)
        && syn.tokens[h].pos == "NOUN"
        && !INCIDENT_NOUNS.contains(&syn.lemma(h).as_str())
        // ("the suspects held on Tuesday" were detained)
        && !PEOPLE.contains(&syn.lemma(h).as_str())
        && !GROUPS.contains(&syn.lemma(h).as_str())
        && !generic_person(&syn.lemma(h))
    {
        anchor = h;
        p = h;
        plemma = syn.lemma(h);
    }
    // "were treated after the tram tipped over … at 6.13am": a clock time
    // after an incident clause of the verb, parsed onto the main verb, is
    // that clause's (a day is not: the treatment may follow days later)
    let mut after_incident = false;
    if kind == ValueKind::Time
        && !incident_clause(syn, p, kind)
        && let Some(k) = syn
            .kids(p)
            .iter()
            .flat_map(|&k| {
                // "after the tram tipped over": a clause marked "after",
                // "when", "as", or parsed as the participle of the noun
                // "after" governs
                let marked = syn.dep(k) == "advcl"
                    && syn.kids(k).iter().any(|&m| {
                        syn.dep(m) == "mark"
                            && matches!(syn.lemma(m).as_str(), "after" | "when" | "as")
                    });
                let participle = (syn.dep(k) == "prep" && syn.lemma(k) == "after")
                    .then(|| syn.kid_with(k, &["pobj"]))
                    .flatten()
                    .and_then(|n| syn.kid_with(n, &["acl"]));
                marked.then_some(k).into_iter().chain(participle)
            })
            .find(|&k| k < d && incident_clause(syn, k, kind))
    {
        p = k;
        plemma = syn.lemma(k);
        after_incident = true;
    }
    // "flipped over as the tram turned around a sharp bend at around
    // 6.10am": a clock time of a clause that says when the incident
    // happened is the incident's
    if kind == ValueKind::Time
        && !after_incident
        && syn.dep(p) == "advcl"
        && syn.kids(p).iter().any(|&m| {
            syn.dep(m) == "mark" && matches!(syn.lemma(m).as_str(), "as" | "when" | "while")
        })
        && let Some(h) = syn.head(p)
        && incident_clause(syn, h, kind)
    {
        p = h;
        plemma = syn.lemma(h);
        after_incident = true;
    }
    // a date or time of a noun that is no incident names that noun's own
    // event ("airstrikes last week", "her speech on Wednesday")
    // ... though a condition the clause happened in ("tipped over during
    // torrential rain at 6.13am", "amid heavy traffic on Friday") has no
    // time of its own: the time is the clause's
    let condition = CONDITION_NOUNS.contains(&syn.lemma(anchor).as_str())
        && syn.dep(anchor) == "pobj"
        && syn
            .head(anchor)
            .is_some_and(|h| matches!(syn.lemma(h).as_str(), "during" | "amid" | "in"));
    if kind != ValueKind::Place
        && !placed
        && !condition
        && !syn.is_verb(anchor)
        && matches!(syn.tokens[anchor].pos, "NOUN")
        && !incident_noun(&syn.lemma(anchor), kind)
        && event_class(&syn.lemma(anchor)).is_none()
    {
        let key = syn.noun_phrase_key(anchor);
        if duration {
            f.counted = Some("duration".into());
        }
        f.event = Some(key.clone());
        f.predicate = Some(key);
        f.predicate_span = Some(Span::new(syn.tokens[anchor].start, syn.tokens[anchor].end));
        f.background = recalls_other_event(syn, input, sspan, f.predicate_span);
        return Some(f);
    }
    // "tributes were held for those who died on Saturday": a time that
    // ends a relative clause on the main verb's object may be the main
    // verb's as well as the clause's; the parse cannot tell
    // (how long a thing took is that thing's: "a search that took over
    // 100 hours")
    let how_long = duration && matches!(plemma.as_str(), "take" | "last");
    if kind != ValueKind::Place && !after_incident && !how_long && ends_relative_clause(syn, p, d) {
        return None;
    }
    // ("police stormed the building", "fired tear gas": the verb is no
    // storm, no fire)
    let incident = (incident_noun(&plemma, kind) && !syn.is_verb(p))
        || (INCIDENT_VERBS.contains(&plemma.as_str())
            && syn.kid_with(p, &["nsubj"]).is_some_and(|s| {
                // "a wildfire that broke out": the noun the clause hangs from
                let s = syn.antecedent(p, s);
                (INCIDENT_NOUNS.contains(&syn.lemma(s).as_str()) && !generic_plural(syn, s))
                    // "it happened at 6.10am"
                    || (syn.lemma(s) == "it"
                        && matches!(plemma.as_str(), "happen" | "occur" | "unfold"))
            }))
        // "the tram derailed on Wednesday": a verb that is the incident,
        // unless another one's ("another tram almost derailed")
        || (incident_clause(syn, p, kind)
            && !syn.kid_with(p, &["nsubj", "nsubjpass"]).is_some_and(|s| {
                syn.kids(s).iter().any(|&k| {
                    matches!(
                        syn.lemma(k).as_str(),
                        "another" | "other" | "similar" | "previous" | "earlier"
                    )
                })
            }));
    let class: String = if incident {
        "incident".into()
    } else if let Some(c) = event_class(&plemma) {
        c.into()
    } else if syn.is_verb(p) && !matches!(plemma.as_str(), "be" | "have" | "say" | "tell") {
        plemma.clone()
    } else {
        return None;
    };
    // the subject of a general predicate names what is dated or placed
    // (anyone unnamed is one holder: in a story, "the boy", "the
    // six-year-old" and "he" who fell are one)
    if !is_toll_class(&class) && class != "incident" && syn.is_verb(p) {
        // "the mine, which opened in 1968": the relative clause's noun
        // ("the bridge, built in 1911": the noun a past participle hangs from)
        // ("a conversation lasting over an hour": the noun a present
        // participle of lasting hangs from)
        let subj = syn.kid_with(p, &["nsubj", "nsubjpass"]).or_else(|| {
            (syn.dep(p) == "acl"
                && (syn.tokens[p].tag == "VBN"
                    || (syn.tokens[p].tag == "VBG" && matches!(plemma.as_str(), "last" | "run"))))
            .then(|| syn.head(p))
            .flatten()
        });
        // ("the well was 40 metres deep and had been abandoned for five
        // years": a second verb without a subject shares the first's)
        let (subj, verb) = match subj {
            Some(s) => (s, p),
            None => {
                let first = syn.head(p).filter(|_| syn.dep(p) == "conj")?;
                (syn.kid_with(first, &["nsubj", "nsubjpass"])?, first)
            }
        };
        let subj = syn.antecedent(verb, subj);
        let key = syn.noun_phrase_key(subj);
        // ("I heard it on the news at 8am": the quoted speaker, whom
        // another report's "I" is not)
        if matches!(
            syn.lemma(subj).to_lowercase().as_str(),
            "i" | "we" | "you" | "me" | "us"
        ) {
            return None;
        }
        f.holder = Some(if syn.tokens[subj].pos == "PRON" || generic_person(&key) {
            // someone unnamed is known by what they acted on: "he founded
            // his first company in 1962" and "Perot Systems, which he
            // founded in 1988" date two foundings
            match syn
                .kid_with(verb, &["dobj"])
                .map(|o| syn.antecedent(verb, o))
                .filter(|&o| matches!(syn.tokens[o].pos, "NOUN" | "PROPN"))
            {
                Some(o) if syn.tokens[o].pos == "PROPN" => {
                    format!("someone: {}", syn.proper_name_key(o))
                }
                Some(o) => format!("someone: {}", syn.noun_phrase_key(o)),
                None => "someone".into(),
            }
        } else if let Some(name) = syn.described(subj) {
            name.to_string()
        } else if syn.tokens[subj].pos == "PROPN" {
            syn.proper_name_key(subj)
        } else {
            key
        });
    }
    if duration {
        f.counted = Some("duration".into());
    }
    f.event = Some(class);
    f.predicate = Some(plemma);
    f.predicate_span = Some(Span::new(syn.tokens[p].start, syn.tokens[p].end));
    stance(syn, p, &mut f);
    f.background = recalls_other_event(syn, input, sspan, f.predicate_span);
    Some(f)
}

/// Things whose length news reports as a fact ("the 90-minute meeting",
/// "a two-hour standoff", "a 40-minute delay"): a duration written before
/// one of these nouns is how long it lasted.
const DURATION_NOUNS: &[&str] = &[
    "meeting",
    "talk",
    "discussion",
    "session",
    "conversation",
    "encounter",
    "summit",
    "call",
    "speech",
    "interview",
    "address",
    "hearing",
    "debate",
    "siege",
    "standoff",
    "stand-off",
    "gunfight",
    "firefight",
    "shootout",
    "battle",
    "chase",
    "pursuit",
    "search",
    "rescue",
    "operation",
    "ordeal",
    "delay",
    "outage",
    "blackout",
    "closure",
    "shutdown",
    "lockdown",
    "stoppage",
    "suspension",
];

/// Whether the phrase of `d` ends the relative clause `p`, and that clause
/// hangs from a noun a verb before it governs ("held for those who died
/// on Saturday").
fn ends_relative_clause(syn: &Syntax, p: usize, d: usize) -> bool {
    if syn.dep(p) != "relcl" {
        return false;
    }
    let Some(noun) = syn.head(p) else {
        return false;
    };
    let ((first, last), (phrase_first, phrase_last)) = (syn.subtree_range(p), syn.subtree_range(d));
    // ("reached the mine, which opened in 1968": a clause set off by a
    // comma keeps its time)
    if first > 0 && syn.tokens[first - 1].tag == "," {
        return false;
    }
    let ends = syn.tokens[phrase_last.min(last)..=last]
        .iter()
        .skip(1)
        .all(|t| t.pos == "PUNCT");
    let mut v = noun;
    for _ in 0..4 {
        match syn.head(v) {
            Some(h) if syn.dep(v) != "ROOT" => v = h,
            _ => break,
        }
        if syn.is_verb(v) {
            break;
        }
    }
    ends && syn.is_verb(v) && v < noun && phrase_first > p
}

/// The noun a participle hangs from: its head, or, for one set off by a
/// comma after a prepositional phrase, the phrase's noun ("a first
/// referendum on the proposal, held in March 2019" dates the referendum).
fn participle_noun(syn: &Syntax, p: usize) -> Option<usize> {
    let h = syn.head(p)?;
    let person = |n: usize| {
        let l = syn.lemma(n);
        syn.tokens[n].pos == "PROPN"
            || PEOPLE.contains(&l.as_str())
            || GROUPS.contains(&l.as_str())
            || generic_person(&l)
    };
    // ("the trial of the man, held in custody": the man is held)
    if p > 0
        && syn.tokens[p - 1].tag == ","
        && syn.dep(h) == "pobj"
        && !person(h)
        && let Some(prep) = syn.head(h)
        && syn.dep(prep) == "prep"
        && let Some(n) = syn.head(prep)
        && n < prep
        && syn.tokens[n].pos == "NOUN"
    {
        return Some(n);
    }
    Some(h)
}

/// The event of a position from a named place (two words, so that no
/// predicate's lemma is ever mistaken for it).
pub const POSITION: &str = "position from";

/// Compass bearings and their angles in degrees.
const BEARINGS: &[(&str, u16)] = &[
    ("north", 0),
    ("north-east", 45),
    ("northeast", 45),
    ("east", 90),
    ("south-east", 135),
    ("southeast", 135),
    ("south", 180),
    ("south-west", 225),
    ("southwest", 225),
    ("west", 270),
    ("north-west", 315),
    ("northwest", 315),
];

/// The angle of a compass bearing ("north-east" → 45).
pub fn bearing_angle(word: &str) -> Option<u16> {
    let w = word.to_lowercase();
    BEARINGS.iter().find(|(b, _)| *b == w).map(|(_, a)| *a)
}

/// The bearing a position's text gives ("about 12 kilometres north of
/// Gorranvale" → 0): its first compass word.
pub fn bearing_in(text: &str) -> Option<u16> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .find_map(bearing_angle)
}

/// The place a bearing word `d` is measured from ("north of Gorranvale",
/// "north of the capital" where the article names the capital): its token
/// and folded name.
fn bearing_origin(syn: &Syntax, d: usize) -> Option<(usize, String)> {
    bearing_angle(&syn.lemma(d))?;
    let from = syn.of_object(d)?;
    let name = if syn.tokens[from].pos == "PROPN" {
        syn.proper_name_key(from)
    } else {
        syn.described(from)?.to_string()
    };
    Some((from, name))
}

/// Positions given from a named place: "about 12 kilometres north of
/// Gorranvale", "three kilometres east of Tolvey Cross", "north of the
/// capital, Kabul". The frame is a place whose event is [`POSITION`], whose
/// `counted` is the place it is measured from ("from gorranvale"), whose
/// holder is what the clause places ("epicentre", "wagon") and whose
/// quantity, when there is one, is the distance.
fn bearing_frames(syn: &Syntax, input: &FrameInput) -> Vec<Frame> {
    let mut out = Vec::new();
    for d in 0..syn.tokens.len() {
        let Some((from, from_name)) = bearing_origin(syn, d) else {
            continue;
        };
        // the distance: "12 kilometres north" (the unit under the bearing)
        // or "kilometres east" (the bearing under the unit)
        let unit_noun = syn
            .kids(d)
            .iter()
            .copied()
            .find(|&k| syn.dep(k) == "npadvmod" && unit_of(&syn.lemma(k)).is_some())
            .or_else(|| syn.head(d).filter(|&h| unit_of(&syn.lemma(h)).is_some()));
        let distance = unit_noun.and_then(|u| {
            let (_, to_si) = unit_of(&syn.lemma(u))?;
            let n = syn.kid_with(u, &["nummod"])?;
            let tok = &syn.tokens[n];
            let qi = input.quantities.iter().position(|(_, q)| {
                q.span.contains(Span::new(tok.start, tok.end)) && q.unit == Unit::Count
            })?;
            Some((qi, to_si, u))
        });
        let start = distance.map_or(syn.tokens[d].start, |(qi, _, u)| {
            input.quantities[qi].1.span.start.min(syn.tokens[u].start)
        });
        // (from the first word to the last, whatever order the parse gave)
        let (d_tok, f_tok) = (&syn.tokens[d], &syn.tokens[from]);
        let span = Span::new(
            start.min(d_tok.start).min(f_tok.start),
            d_tok.end.max(f_tok.end),
        );
        let Some(&(si, sspan)) = input.sentences.iter().find(|(_, s)| s.contains(span)) else {
            continue;
        };
        // the clause: the verb above the bearing (or its unit)
        let p = syn.verb_above(
            unit_noun.filter(|&u| syn.head(d) == Some(u)).unwrap_or(d),
            4,
        );
        if !syn.is_verb(p) {
            continue;
        }
        let holder = syn.kid_with(p, &["nsubj", "nsubjpass"]).map(|s| {
            let s = syn.antecedent(p, s);
            if syn.tokens[s].pos == "PRON" {
                "it".to_string()
            } else if let Some(name) = syn.described(s) {
                name.to_string()
            } else if syn.tokens[s].pos == "PROPN" {
                syn.proper_name_key(s)
            } else {
                syn.lemma(s)
            }
        });
        let mut f = Frame {
            event: Some(POSITION.into()),
            predicate: Some(syn.lemma(p)),
            predicate_span: Some(Span::new(syn.tokens[p].start, syn.tokens[p].end)),
            role: Role::Circumstance,
            counted: Some(format!("from {from_name}")),
            holder,
            quantity: distance.map(|(qi, _, _)| qi),
            dimension: distance.map(|_| "length"),
            to_si: distance.map_or(1.0, |(_, to_si, _)| to_si),
            ..Frame::new(si, ValueKind::Place, span)
        };
        stance(syn, p, &mut f);
        f.background = recalls_other_event(syn, input, sspan, f.predicate_span);
        out.push(f);
    }
    out
}

/// Kinds of vehicle an attack uses, by the words for them: a car and an
/// SUV are one kind (told apart, but no conflict), a car and a truck two.
const VEHICLE_KINDS: &[(&str, &[&str])] = &[
    (
        "car",
        &[
            "car",
            "suv",
            "sedan",
            "saloon",
            "jeep",
            "hatchback",
            "4x4",
            "taxi",
        ],
    ),
    (
        "truck",
        &[
            "truck",
            "lorry",
            "tanker",
            "pickup",
            "pick-up",
            "juggernaut",
        ],
    ),
    ("van", &["van", "minivan", "minibus"]),
    (
        "motorcycle",
        &["motorcycle", "motorbike", "scooter", "moped"],
    ),
    ("bus", &["bus", "coach"]),
    ("bicycle", &["bicycle", "bike"]),
    ("ambulance", &["ambulance"]),
];

/// The kind of vehicle a word names ("lorry" → "truck").
pub fn vehicle_kind(word: &str) -> Option<&'static str> {
    class_in(VEHICLE_KINDS, word)
}

/// Kinds of weapon, by the words for them: a rifle and an AR-15 are one
/// kind told two ways.
const WEAPON_KINDS: &[(&str, &[&str])] = &[
    (
        "rifle",
        &["rifle", "ar-15", "ak-47", "carbine", "kalashnikov"],
    ),
    ("handgun", &["handgun", "pistol", "revolver", "glock"]),
    ("shotgun", &["shotgun"]),
    ("knife", &["knife", "blade", "dagger", "machete"]),
];

/// The weapon of an attack: a weapon word that is what someone shot,
/// stabbed or was armed with ("opened fire with an AR-15", "shot two
/// people with an assault-type rifle", "armed with a knife") or what the
/// attacker used ("the rifle police said he used"). A weapon seized,
/// bought or owned is none.
fn weapon_frames(syn: &Syntax, input: &FrameInput) -> Vec<Frame> {
    const WIELD: &[&str] = &[
        "shoot", "fire", "open", "kill", "attack", "stab", "wound", "murder", "slash", "hack",
        "arm", "armed", "threaten", "gun", "injure",
    ];
    const USE: &[&str] = &["use", "wield", "brandish"];
    let mut out = Vec::new();
    for v in 0..syn.tokens.len() {
        if !matches!(syn.tokens[v].pos, "NOUN" | "PROPN") {
            continue;
        }
        let word = syn.lemma(v).to_lowercase();
        let Some(kind) = class_in(WEAPON_KINDS, &word) else {
            continue;
        };
        // (a compound of another noun, "rifle association", is none)
        if syn.dep(v) == "compound" {
            continue;
        }
        let head = syn.head(v).filter(|&h| h != v);
        let wielded = syn.dep(v) == "pobj"
            && head.is_some_and(|w| {
                syn.lemma(w) == "with"
                    && syn
                        .head(w)
                        .is_some_and(|h| WIELD.contains(&syn.lemma(h).as_str()))
            });
        let used = (matches!(syn.dep(v), "dobj")
            && head.is_some_and(|h| USE.contains(&syn.lemma(h).as_str())))
            || syn.kids(v).iter().any(|&r| {
                syn.dep(r) == "relcl"
                    && (USE.contains(&syn.lemma(r).as_str())
                        || syn.kids(r).iter().any(|&c| {
                            syn.dep(c) == "ccomp" && USE.contains(&syn.lemma(c).as_str())
                        }))
            });
        if !(wielded || used) {
            continue;
        }
        // the noun with the words that say which weapon ("an AR-15
        // rifle", "an assault-type rifle")
        let first = syn
            .kids(v)
            .iter()
            .copied()
            .filter(|&k| k < v && matches!(syn.dep(k), "compound" | "amod" | "nmod" | "npadvmod"))
            .min()
            .map_or(v, |k| syn.subtree_range(k).0);
        let span = Span::new(syn.tokens[first].start, syn.tokens[v].end);
        out.extend(instrument_frame(
            syn,
            input,
            (v, span),
            ValueKind::Weapon,
            kind,
            word,
        ));
    }
    out
}

/// The frame of an attack's vehicle or weapon, the noun `v` valued
/// `span`: the incident's, in the clause of the verb above it, background
/// when its sentence recalls another event; `None` outside every sentence.
fn instrument_frame(
    syn: &Syntax,
    input: &FrameInput,
    (v, span): (usize, Span),
    kind: ValueKind,
    class: &str,
    word: String,
) -> Option<Frame> {
    let &(si, sspan) = input.sentences.iter().find(|(_, s)| s.contains(span))?;
    // the clause: the verb above the noun
    let p = syn.verb_above(v, 4);
    let predicate_span = syn
        .is_verb(p)
        .then(|| Span::new(syn.tokens[p].start, syn.tokens[p].end));
    let mut f = Frame {
        event: Some("incident".into()),
        predicate: Some(syn.lemma(p)),
        predicate_span,
        counted: Some(class.to_string()),
        holder: Some(word),
        ..Frame::new(si, kind, span)
    };
    if syn.is_verb(p) {
        stance(syn, p, &mut f);
    }
    f.background = recalls_other_event(syn, input, sspan, f.predicate_span);
    Some(f)
}

/// The vehicle of an attack: a vehicle word that names a bomb ("a car
/// bomb", "a truck bombing", "a suicide car bomber"), a vehicle loaded
/// with explosives ("a car packed with explosives"), or a vehicle rammed
/// into something ("rammed a truck into the consulate", "a van was driven
/// into the crowd"). Vehicles that are only damaged or parked are none.
fn vehicle_frames(syn: &Syntax, input: &FrameInput) -> Vec<Frame> {
    const BOMB: &[&str] = &["bomb", "bombing", "bomber", "blast", "explosion"];
    const LOADED: &[&str] = &[
        "pack", "laden", "lade", "load", "fill", "rig", "stuff", "cram",
    ];
    const RAM: &[&str] = &["ram", "drive", "plough", "plow", "smash", "crash", "steer"];
    let mut out = Vec::new();
    for v in 0..syn.tokens.len() {
        if !matches!(syn.tokens[v].pos, "NOUN" | "PROPN") {
            continue;
        }
        let word = syn.lemma(v);
        let Some(kind) = vehicle_kind(&word) else {
            continue;
        };
        let head = syn.head(v).filter(|&h| h != v);
        let names_bomb =
            syn.dep(v) == "compound" && head.is_some_and(|h| BOMB.contains(&syn.lemma(h).as_str()));
        let explosive = |n: usize| {
            let l = syn.lemma(n);
            l.starts_with("explosive") || l == "bomb" || l == "dynamite" || l == "tnt"
        };
        let loaded = syn.kids(v).iter().any(|&a| {
            matches!(syn.dep(a), "acl" | "amod" | "relcl")
                && LOADED.contains(&syn.lemma(a).as_str())
                && syn.kids(a).iter().any(|&w| {
                    syn.dep(w) == "prep"
                        && syn.lemma(w) == "with"
                        && syn.kid_with(w, &["pobj"]).is_some_and(explosive)
                })
        });
        // "rammed a truck into the consulate", "a car … was rammed into
        // the wall": the verb's object (or passive subject) driven into
        // something
        let rammed = head.is_some_and(|h| {
            matches!(syn.dep(v), "dobj" | "nsubjpass")
                && RAM.contains(&syn.lemma(h).as_str())
                && syn.kids(h).iter().any(|&k| {
                    syn.dep(k) == "prep" && matches!(syn.lemma(k).as_str(), "into" | "through")
                })
        });
        if !(names_bomb || loaded || rammed) {
            continue;
        }
        let span = Span::new(syn.tokens[v].start, syn.tokens[v].end);
        let Some(mut f) = instrument_frame(
            syn,
            input,
            (v, span),
            ValueKind::Vehicle,
            kind,
            word.to_lowercase(),
        ) else {
            continue;
        };
        // "another car bomb last year", "a similar attack in 2019"
        f.background = f.background
            || syn
                .kids(v)
                .iter()
                .chain(head.map(|h| syn.kids(h)).unwrap_or(&[]))
                .any(|&k| {
                    matches!(
                        syn.lemma(k).as_str(),
                        "another" | "other" | "similar" | "previous" | "earlier"
                    )
                });
        out.push(f);
    }
    out
}

/// Words for a person who is not named: one holder in a story.
pub fn generic_person(key: &str) -> bool {
    const ANYONE: &[&str] = &[
        "man", "woman", "boy", "girl", "person", "child", "kid", "baby", "toddler", "teenager",
        "son", "daughter", "victim", "year-old", "old", "one", "someone", "he", "she",
    ];
    let last = key.rsplit(' ').next().unwrap_or(key);
    ANYONE.contains(&last) || last.ends_with("year-old") || last.ends_with("-old")
}

/// Whether a time expression tells a moment or a length: a clock time, a
/// part of the day, a length of time or a figure ("6.10am", "Sunday
/// night", "90 minutes", "noon"), not a bare unit or an offset ("hours
/// after", "the next hour", "minutes later").
pub fn tells_a_time(text: &str) -> bool {
    let lower = text.to_lowercase();
    clock_interval(text).is_some()
        || duration_hours(text).is_some()
        || crate::nlp::dates::day_part(text, None).is_some()
        || lower.chars().any(|c| c.is_ascii_digit())
        || lower.split(|c: char| !c.is_alphabetic()).any(|w| {
            matches!(
                w,
                "noon" | "midday" | "lunchtime" | "rush" | "teatime" | "dinnertime"
            )
        })
}

/// True for the classes of [`EVENT_LEMMAS`] (tolls and their like).
pub fn is_toll_class(class: &str) -> bool {
    EVENT_LEMMAS.iter().any(|(c, _)| *c == class)
}

/// The units of a lead time's length.
const LEAD_UNITS: &[&str] = &["minute", "hour", "day", "week", "month"];

/// Words that set a lead time off from the event it counts to or from.
const LEAD_WORDS: &[&str] = &["before", "after", "ahead"];

/// Nouns of one event, the vote, however a report names it ("the
/// election", "the polls", "the vote", "election day").
const VOTE_WORDS: &[&str] = &["election", "poll", "vote", "voting", "ballot"];

/// A lead time: how long before or after a named event something happened
/// ("just two days before the election", "just days before people went to
/// the polls", "with just hours left before the election", "a week after
/// the attack"). The frame's event is "before the election" (the anchor's
/// noun, or a clause that names the vote; a vote however named is "the
/// election"), its value the length,
/// compared with [`lead_hours`]. `None` when the span is no length, or is
/// not set off from an event by "before", "after" or "ahead of".
fn lead_frame(syn: &Syntax, input: &FrameInput, si: usize, span: Span) -> Option<Frame> {
    lead_hours(&input.body[span.start..span.end])?;
    let d = syn.span_head(span)?;
    // the word that sets it off: the head it measures ("two days before
    // the election"), a mark of the clause it measures ("days before people
    // went"), or one under a participle of the length ("hours left before")
    let is_lead = |t: usize| LEAD_WORDS.contains(&syn.lemma(t).to_lowercase().as_str());
    let h = syn.head(d)?;
    let (word, clause) = if syn.dep(d) == "npadvmod" && is_lead(h) {
        (h, None)
    } else if syn.dep(d) == "npadvmod"
        && let Some(&m) = syn
            .kids(h)
            .iter()
            .find(|&&k| syn.dep(k) == "mark" && is_lead(k))
    {
        (m, Some(h))
    } else {
        let acl = syn
            .kids(d)
            .iter()
            .find(|&&k| syn.dep(k) == "acl")
            .copied()?;
        let p = syn
            .kids(acl)
            .iter()
            .find(|&&k| syn.dep(k) == "prep" && is_lead(k))
            .copied()?;
        (p, None)
    };
    // the event's noun: the object of the word ("ahead of" through its
    // "of"), or the clause's object or its verb ("went to the polls",
    // "voted")
    let noun = match clause {
        None => {
            let via = if syn.lemma(word).eq_ignore_ascii_case("ahead") {
                syn.kid_with(word, &["prep"])?
            } else {
                word
            };
            syn.kid_with(via, &["pobj"])?
        }
        // (a clause is an event only where it names the vote: "went to the
        // polls", "voted"; "hours after a gunman opened fire" is no
        // length of anything named)
        Some(v) => {
            let noun = syn
                .kid_with(v, &["dobj"])
                .or_else(|| {
                    syn.kid_with(v, &["prep"])
                        .and_then(|p| syn.kid_with(p, &["pobj"]))
                })
                .unwrap_or(v);
            if !VOTE_WORDS.contains(&syn.lemma(noun).to_lowercase().as_str()) {
                return None;
            }
            noun
        }
    };
    let lemma = syn.lemma(noun).to_lowercase();
    // ("an hour before midnight" is a clock time)
    if !matches!(syn.tokens[noun].pos, "NOUN" | "VERB")
        || crate::nlp::dates::day_part(&lemma, None).is_some()
        || matches!(
            lemma.as_str(),
            "midnight" | "noon" | "midday" | "dawn" | "dusk" | "sunrise" | "sunset"
        )
    {
        return None;
    }
    let anchor = if VOTE_WORDS.contains(&lemma.as_str()) {
        "election".to_string()
    } else {
        lemma
    };
    let dir = if syn.lemma(word).eq_ignore_ascii_case("after") {
        "after"
    } else {
        "before"
    };
    Some(Frame {
        event: Some(format!("{dir} the {anchor}")),
        predicate: Some(format!("{dir} the {anchor}")),
        predicate_span: Some(Span::new(syn.tokens[noun].start, syn.tokens[noun].end)),
        role: Role::Circumstance,
        counted: Some("duration".into()),
        ..Frame::new(si, ValueKind::Time, span)
    })
}

/// Whether a frame's event is a lead time's ("before the election").
pub fn is_lead_event(event: &str) -> bool {
    event.starts_with("before the ") || event.starts_with("after the ")
}

/// The length of a lead time in hours, (least, most): a figure as
/// [`duration_hours`] reads it, else an amount told only by its unit
/// ("just days", "only weeks", "mere hours", "a few days"): two or more of
/// them, up to a unit above ("days" 2 to 14 days, "hours" 2 to 24 hours).
pub fn lead_hours(text: &str) -> Option<(f64, f64)> {
    if let Some(h) = duration_hours(text) {
        return Some(h);
    }
    let lower = text.to_lowercase();
    let mut words = lower.split_whitespace().filter(|w| {
        !matches!(
            *w,
            "just" | "only" | "mere" | "a" | "few" | "several" | "some"
        )
    });
    let unit = words.next()?;
    if words.next().is_some() {
        return None;
    }
    let (one, most) = match unit {
        "minutes" => (1.0 / 60.0, 1.0),
        "hours" => (1.0, 24.0),
        "days" => (24.0, 336.0),
        "weeks" => (168.0, 1440.0),
        "months" => (720.0, 8766.0),
        _ => return None,
    };
    Some((2.0 * one, most))
}

/// Whether a date expression is a span of time, not a day: an amount of
/// days, weeks, months or years ("five years", "around 50 days", "the past
/// two weeks"), not a day it names ("two days ago", "a week later", "five
/// years old", "twice a year").
pub fn span_of_days(text: &str) -> bool {
    let lower = text.to_lowercase().replace('-', " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    const NOT: &[&str] = &[
        "ago",
        "later",
        "earlier",
        "before",
        "after",
        "since",
        "next",
        "last",
        "this",
        "previous",
        "following",
        "coming",
        "old",
        "every",
        "each",
        "per",
        "once",
        "twice",
        "early",
        "late",
    ];
    // (an amount the number reader finds: "five", "50", "a few")
    !crate::nlp::numbers::find_quantities(&lower, Span::new(0, lower.len())).is_empty()
        && !words.iter().any(|w| NOT.contains(w))
        && duration_hours(text).is_some()
}

/// A duration in hours, hedged: "around 50 hours", "two days", "a
/// four-day search", "more than 85 hours", "a week". `None` for what is no
/// duration (a clock time, a part of the day).
pub fn duration_hours(text: &str) -> Option<(f64, f64)> {
    let lower = text.to_lowercase().replace('-', " ");
    // "an hour before midnight" is a clock time, not a duration
    if lower
        .split(' ')
        .any(|w| matches!(w, "before" | "after" | "past"))
        && clock_interval(text).is_some()
    {
        return None;
    }
    const UNITS: [(&str, f64); 8] = [
        ("minute", 1.0 / 60.0),
        ("hour", 1.0),
        ("day", 24.0),
        ("night", 24.0),
        ("week", 168.0),
        ("fortnight", 336.0),
        ("month", 720.0),
        ("year", 8766.0),
    ];
    let unit_of = |w: &str| {
        UNITS
            .iter()
            .find(|(u, _)| w.trim_end_matches('s') == *u)
            .map(|(_, h)| *h)
    };
    let unit = lower.split_whitespace().find_map(unit_of)?;
    // amounts in words, so the number reader sees figures with their
    // hedges: "more than an hour" → "more than 1 hour", "an hour and a
    // half" → 1.5, "half an hour" → 0.5
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut half_alone = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w == "and" && words.get(i + 1..i + 3) == Some(&["a", "half"]) {
            // onto the figure before it ("one and a half", "an hour and a
            // half"), else the bare "hour-and-a-half" is one and a half
            match out
                .iter_mut()
                .rev()
                .find_map(|t| Some((t.parse::<f64>().ok()?, t)))
            {
                Some((v, t)) => *t = format!("{}", v + 0.5),
                None => half_alone = true,
            }
            i += 3;
            continue;
        }
        let next_is_unit = words.get(i + 1).is_some_and(|n| unit_of(n).is_some());
        if w == "half" && matches!(words.get(i + 1), Some(&"a" | &"an")) {
            out.push("0.5".into());
            i += 2;
            continue;
        }
        if matches!(w, "a" | "an" | "one") && (next_is_unit || words.get(i + 1) == Some(&"and")) {
            out.push("1".into());
        } else {
            out.push(w.into());
        }
        i += 1;
    }
    let normal = out.join(" ");
    let qs = crate::nlp::numbers::find_quantities(&normal, Span::new(0, normal.len()));
    let interval = match qs.first() {
        // ("about 1" hour is 54 to 66 minutes, not the count's 0 to 2)
        Some(q) if q.hedge == crate::nlp::numbers::Hedge::About && q.value.is_some() => {
            let v = q.value.unwrap_or_default();
            crate::nlp::numbers::Interval {
                lo: v * 0.9,
                hi: v * 1.1,
                ..q.interval
            }
        }
        Some(q) => q.interval,
        None if half_alone => crate::nlp::numbers::Interval::exact(1.5),
        None => return None,
    };
    if !interval.lo.is_finite() {
        return None;
    }
    Some((interval.lo * unit, interval.hi * unit))
}

/// A clock time as minutes after midnight, hedged: (earliest, latest).
/// "6.10am" → (370, 370); "about 9:30 p.m." → (1275, 1305); "shortly
/// before 11pm" → (1620-?, …); "midnight", "noon"; parts of the day
/// ("morning", "night") as wide ranges. `None` when no time is read.
pub fn clock_interval(text: &str) -> Option<(i32, i32)> {
    static CLOCK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)(?-u:\b)(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|gmt|bst|et|pt)?(?-u:\b)",
        )
        .unwrap()
    });
    let lower = text.to_lowercase();
    let hedge = if lower.contains("about")
        || lower.contains("around")
        || lower.contains("approximately")
        || lower.contains("roughly")
    {
        15
    } else {
        0
    };
    let (before, after) = (
        lower.contains("before") || lower.contains("just under"),
        lower.contains("after") || lower.contains("past"),
    );
    let point = if lower.contains("midnight") {
        Some(24 * 60)
    } else if lower.contains("noon") || lower.contains("midday") {
        Some(12 * 60)
    } else {
        CLOCK.captures(&lower).and_then(|c| {
            let h: i32 = c[1].parse().ok()?;
            let m: i32 = c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
            let suffix = c.get(3).map(|s| s.as_str().to_string());
            if h > 24 || m > 59 {
                return None;
            }
            // a bare number is a time only with minutes ("18:30")
            if suffix.is_none() && c.get(2).is_none() {
                return None;
            }
            let h = match suffix.as_deref().map(|s| s.chars().next()) {
                Some(Some('p')) if h < 12 => h + 12,
                Some(Some('a')) if h == 12 => 0,
                _ => h,
            };
            Some(h * 60 + m)
        })
    };
    // "an hour before midnight", "half an hour after 6pm", "20 minutes
    // before noon": an offset from the time named
    static OFFSET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)(?-u:\b)(half an|an|a|one|two|three|\d{1,3})\s+(hours?|minutes?)\s+(before|after|past)(?-u:\b)",
        )
        .unwrap()
    });
    if let Some(t) = point
        && let Some(c) = OFFSET.captures(&lower)
    {
        let n: i32 = match &c[1] {
            "half an" => 30,
            "an" | "a" | "one" => 60,
            "two" => 120,
            "three" => 180,
            d => d.parse::<i32>().ok()? * if c[2].starts_with("hour") { 60 } else { 1 },
        };
        let n = if c[2].starts_with("minute") && !c[1].chars().all(|ch| ch.is_ascii_digit()) {
            n / 60
        } else {
            n
        };
        let at = if &c[3] == "before" { t - n } else { t + n };
        return Some((at - hedge, at + hedge));
    }
    if let Some(t) = point {
        let (mut lo, mut hi) = (t - hedge, t + hedge);
        if before {
            lo = t - 45;
            hi = t;
        }
        if after {
            lo = t;
            hi = t + 45;
        }
        return Some((lo, hi));
    }
    let parts: &[(&str, i32, i32)] = &[
        ("early morning", 0, 8 * 60),
        ("morning", 5 * 60, 12 * 60),
        ("afternoon", 12 * 60, 18 * 60),
        ("evening", 17 * 60, 23 * 60),
        ("night", 18 * 60, 30 * 60),
        ("overnight", 20 * 60, 32 * 60),
    ];
    parts
        .iter()
        .find(|(w, _, _)| lower.contains(w))
        .map(|(_, lo, hi)| (*lo, *hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::spacy::Model;

    fn frames_of(text: &str, published: Option<jiff::civil::Date>) -> Vec<(String, Frame)> {
        let doc = Model::embedded().parse(text);
        let syn = Syntax::new(&doc.tokens);
        let sentences = vec![(0usize, Span::new(0, text.len()))];
        let quantities: Vec<(usize, Quantity)> =
            crate::nlp::numbers::find_quantities(text, Span::new(0, text.len()))
                .into_iter()
                .map(|q| (0, q))
                .collect();
        let entities: Vec<(Span, &str, String)> = doc
            .entities
            .iter()
            .map(|e| {
                let g = match e.label {
                    "GPE" | "LOC" | "FAC" => "PLACE",
                    "PERSON" => "PERSON",
                    "NORP" => "NORP",
                    "TIME" => "TIME",
                    "DATE" => "DATE",
                    "ORG" => "ORG",
                    _ => "OTHER",
                };
                let span = Span::new(e.start, e.end);
                (span, g, name_key(&text[e.start..e.end]))
            })
            .collect();
        let dates: Vec<(usize, Span, DateValue)> = entities
            .iter()
            .filter(|(_, g, _)| *g == "DATE")
            .filter_map(|(s, _, _)| {
                crate::nlp::dates::resolve(&text[s.start..s.end], published).map(|v| (0, *s, v))
            })
            .collect();
        let input = FrameInput {
            body: text,
            sentences: &sentences,
            quantities: &quantities,
            dates: &dates,
            entities: &entities,
            published,
        };
        extract(&syn, &input)
            .into_iter()
            .map(|f| (text[f.span.start..f.span.end].to_string(), f))
            .collect()
    }

    #[test]
    fn a_group_counted_before_is_a_part() {
        // invented
        for (text, q) in [
            (
                "Those 13 blossomed into nearly 40 rescues after soldiers found retirees trapped nearby.",
                "nearly 40",
            ),
            ("These five were taken to hospital with burns.", "five"),
            ("Those three residents were rescued from a roof.", "three"),
        ] {
            let fs = frames_of(text, None);
            assert_eq!(
                find(&fs, q).subset.as_deref(),
                Some(GROUP_TOLD_BEFORE),
                "{text}"
            );
        }
        // a count that points back to nothing is the story's
        let fs = frames_of("Flooding has led to nearly 40 rescues in the county.", None);
        assert_eq!(find(&fs, "nearly 40").subset, None);
    }

    #[test]
    fn a_toll_its_object_names_is_set_by_bringing_or_putting() {
        // invented
        for (text, q, change) in [
            (
                "Officials confirmed a second death on Sunday, bringing the death toll to at least 11.",
                "at least 11",
                true,
            ),
            (
                "The discovery raised the toll to 14, police said.",
                "14",
                true,
            ),
            ("The ministry put the number of dead at 23.", "23", false),
        ] {
            let fs = frames_of(text, None);
            let f = find(&fs, q);
            assert_eq!(f.event.as_deref(), Some("dead"), "{text}");
            assert_eq!(f.role, Role::Patient, "{text}");
            assert_eq!(f.update_cue, change, "{text}");
        }
        // bringing something else to a figure is no toll, and taking
        // people to hospital is no change
        let fs = frames_of("The storm brought rainfall totals to 30 inches.", None);
        assert!(fs.iter().all(|(_, f)| f.event.as_deref() != Some("dead")));
        let fs = frames_of(
            "Ambulances took 51 people to hospital after the crash.",
            None,
        );
        assert!(!find(&fs, "51").update_cue);
    }

    #[test]
    fn a_toll_for_one_named_place_under_a_higher_total_is_a_part() {
        // invented
        let text = "Officials confirmed a second death on Sunday, bringing the death toll \
                    from the storm to at least 14. Authorities in Ohio have confirmed 9 deaths so far.";
        let fs = frames_of(text, None);
        assert_eq!(find(&fs, "9").subset.as_deref(), Some("in ohio"));
        assert_eq!(find(&fs, "at least 14").subset, None);
        for text in [
            "The storm killed at least 14 people. Nine people died in Ohio, police said.",
            "The storm killed at least 14 people. Nine died in Ohio, police said.",
        ] {
            let fs = frames_of(text, None);
            assert_eq!(
                find(&fs, "Nine").subset.as_deref(),
                Some("in ohio"),
                "{text}"
            );
        }
        // the place of the whole toll, or a higher figure for a place, is
        // no part
        let text =
            "The storm killed at least 14 people in Ohio. Police said 14 people died in Ohio.";
        let fs = frames_of(text, None);
        assert!(fs.iter().all(|(_, f)| f.subset.is_none()), "{fs:#?}");
        let text = "The storm killed nine people. Authorities in Ohio have confirmed 14 deaths.";
        let fs = frames_of(text, None);
        assert!(fs.iter().all(|(_, f)| f.subset.is_none()), "{fs:#?}");
    }

    fn find<'a>(fs: &'a [(String, Frame)], text: &str) -> &'a Frame {
        &fs.iter()
            .find(|(t, _)| t.contains(text))
            .unwrap_or_else(|| panic!("no frame for {text:?} in {fs:#?}"))
            .1
    }

    #[test]
    fn how_long_a_named_person_has_served_is_theirs() {
        let tenure = |text: &str| -> Vec<(String, Option<String>)> {
            frames_of(text, None)
                .into_iter()
                .filter(|(_, f)| f.event.as_deref() == Some(TENURE))
                .map(|(t, f)| (t, f.holder))
                .collect()
        };
        for (text, span) in [
            (
                "The State Department also named Sean Smith, a foreign service information \
                 management officer and 21-year diplomatic veteran, as among the dead.",
                "21-year",
            ),
            (
                "Clinton said Sean Smith was a 10-year veteran of the State Department.",
                "10-year",
            ),
            (
                "The State Department identified Sean Smith, a husband and father of two who \
                 had worked for the State Department for 10 years.",
                "10 years",
            ),
        ] {
            assert_eq!(
                tenure(text),
                vec![(span.to_string(), Some("sean smith".to_string()))],
                "{text}"
            );
        }
        assert_eq!(
            tenure("Sean Smith, a father of two, joined the State Department 10 years ago."),
            vec![("10 years ago".to_string(), Some("sean smith".to_string()))]
        );
        // a veteran no one is named as, and years of something else
        assert!(tenure("A 20-year veteran of the force said the crash was the worst.").is_empty());
        assert!(tenure("Sean Smith lived in The Hague for 10 years.").is_empty());
    }

    #[test]
    fn where_a_named_person_is_from_is_a_place_of_theirs() {
        let home = |text: &str| -> Vec<(String, Option<String>)> {
            frames_of(text, None)
                .into_iter()
                .filter(|(_, f)| f.kind == ValueKind::Place && f.event.as_deref() == Some(HOME))
                .map(|(t, f)| (t, f.holder))
                .collect()
        };
        for (text, place, person) in [
            (
                "Martin Bamford, 30, from Croydon, who was among more than 50 injured, said he recalled it.",
                "Croydon",
                "martin bamford",
            ),
            (
                "Tributes were also paid online to keen fisherman Mark Smith, of Coulsdon.",
                "Coulsdon",
                "mark smith",
            ),
            (
                "A manhunt continued for the suspect, Travis Reinking, 29, of Morton, Illinois.",
                "Morton",
                "travis reinking",
            ),
        ] {
            assert_eq!(
                home(text),
                vec![(place.to_string(), Some(person.to_string()))],
                "{text}"
            );
        }
        // an office of a place, and a place no one is from
        assert!(home("The mayor of Croydon, Tony Newman, visited the scene.").is_empty());
        assert!(home("Tony Newman drove from Croydon to the scene.").is_empty());
    }

    #[test]
    fn an_age_said_of_a_subject_is_the_subjects() {
        for (text, holder) in [
            ("The driver was 42 years old, police said.", "driver"),
            ("The boy had been reported to be six years old.", "boy"),
            ("Police said he was five years old.", "year-old"),
        ] {
            let fs = frames_of(text, None);
            let age = fs
                .iter()
                .find(|(_, f)| f.kind == ValueKind::Age)
                .unwrap_or_else(|| panic!("no age in {text}: {fs:?}"));
            assert_eq!(age.1.holder.as_deref(), Some(holder), "{text}");
        }
        // a thing's age is no person's
        let fs = frames_of("The bridge, which was 100 years old, collapsed.", None);
        assert!(
            fs.iter()
                .all(|(_, f)| f.kind != ValueKind::Age || f.holder.as_deref() != Some("year-old")),
            "{fs:?}"
        );
    }

    #[test]
    fn a_figure_the_report_corrects_is_superseded() {
        let superseded = |text: &str| -> Vec<(String, bool)> {
            frames_of(text, None)
                .into_iter()
                .filter(|(_, f)| matches!(f.kind, ValueKind::Count | ValueKind::Age))
                .map(|(t, f)| (t, f.superseded))
                .collect()
        };
        let pairs = |v: &[(&str, bool)]| -> Vec<(String, bool)> {
            v.iter().map(|(t, b)| (t.to_string(), *b)).collect()
        };
        assert_eq!(
            superseded(
                "The boy had previously been reported to be six years old, but more \
                 updated reports said he was five years old."
            ),
            pairs(&[("six years old", true), ("five years old", false)])
        );
        assert_eq!(
            superseded(
                "The health ministry initially put the death toll at 10, but the \
                 committee later said 11 had died."
            ),
            pairs(&[("10", true), ("11", false)])
        );
        // an earlier figure with no newer one stands
        assert_eq!(
            superseded(
                "Police earlier said 295 people had been detained, but did not give a \
                 final figure."
            ),
            pairs(&[("295", false)])
        );
        // a turn without a later cue is not a correction
        assert_eq!(
            superseded("Officials initially feared 12 were missing, but 12 were found alive."),
            pairs(&[("12", false), ("12", false)])
        );
    }

    #[test]
    fn a_time_tells_a_moment_or_a_length() {
        for text in [
            "6.10am",
            "around 3:25 a.m.",
            "Sunday night",
            "the morning rush hour",
            "about an hour before midnight",
            "90 minutes",
            "more than an hour",
            "noon",
        ] {
            assert!(tells_a_time(text), "{text}");
        }
        for text in ["hours", "the next hour", "minutes", "Hours", "moments"] {
            assert!(!tells_a_time(text), "{text}");
        }
        // no frame for an offset the model calls a time
        let fs = frames_of(
            "The arrest came hours after a gunman opened fire at a diner in Osk.",
            None,
        );
        assert!(
            !fs.iter()
                .any(|(t, f)| f.kind == ValueKind::Time && t == "hours"),
            "{fs:?}"
        );
    }

    #[test]
    fn a_date_in_a_clause_set_ahead_is_known() {
        let ahead = |text: &str, date: &str| {
            let doc = Model::embedded().parse(text);
            let at = text.find(date).expect("date in text");
            clause_ahead(&Syntax::new(&doc.tokens), Span::new(at, at + date.len()))
        };
        for (text, date, expected) in [
            ("Trump will be sworn in on January 20.", "January 20", true),
            ("The court is due to rule on Friday.", "Friday", true),
            ("The hearing is scheduled for March 3.", "March 3", true),
            ("Trump was sworn in on January 20.", "January 20", false),
            (
                "The transition will unfold over ten weeks until Trump is sworn into office Jan. 20.",
                "Jan. 20",
                true,
            ),
            (
                "Trump has pledged to repeal the law after he takes office in January.",
                "January",
                true,
            ),
            (
                "Mr Trump has pledged to overturn the Democrat's signature policy achievements, \
                 including Obamacare, after he takes office in January.",
                "January",
                true,
            ),
            (
                "The minister vowed to resign when the inquiry reports in March.",
                "March",
                true,
            ),
            (
                "He pledged to stay after he spoke to the board in March.",
                "March",
                false,
            ),
            (
                "Residents fled after the river bursts its banks on Monday.",
                "Monday",
                false,
            ),
            (
                "He will stand trial for the attack he carried out on Friday.",
                "Friday",
                false,
            ),
            (
                "Police stand guard after a tram derails in Croydon on Wednesday.",
                "Wednesday",
                false,
            ),
            (
                "The man, who was arrested on Friday, will appear in court.",
                "Friday",
                false,
            ),
        ] {
            assert_eq!(ahead(text, date), expected, "{text}");
        }
    }

    #[test]
    fn a_toll_word_after_a_number_counts_people_however_it_is_parsed() {
        // the parser hangs "injured" from "said": the number still counts
        // the injured
        let fs = frames_of(
            "Martin Bamford, 30, from Croydon, who was among more than 50 injured, said he recalled it.",
            None,
        );
        let fifty = find(&fs, "50");
        assert_eq!(fifty.event.as_deref(), Some("injured"));
        assert_eq!(fifty.role, Role::Patient);
        assert_eq!(fifty.counted.as_deref(), Some("people"));
        // a toll word heading a clause or a noun of its own is read by it
        let fs = frames_of("He said 12 injured horses were flown out.", None);
        assert_eq!(find(&fs, "12").counted.as_deref(), Some("horse"));
    }

    #[test]
    fn how_long_before_an_event_is_a_lead_time_of_that_event() {
        // invented; the vote however named is the election
        for (text, span, event) in [
            (
                "Officials received the report just two days before the election.",
                "two days",
                "before the election",
            ),
            (
                "The agency revived the inquiry just days before people went to the polls.",
                "days",
                "before the election",
            ),
            (
                "The mayor resigned a week after the flood.",
                "a week",
                "after the flood",
            ),
        ] {
            let fs = frames_of(text, None);
            let f = find(&fs, span);
            assert_eq!(f.kind, ValueKind::Time, "{text}");
            assert_eq!(f.event.as_deref(), Some(event), "{text}");
            assert_eq!(f.counted.as_deref(), Some("duration"), "{text}");
        }
        // an hour before midnight is a clock time
        let fs = frames_of("The blast came about an hour before midnight.", None);
        assert!(
            !fs.iter()
                .any(|(_, f)| f.event.as_deref().is_some_and(is_lead_event)),
            "{fs:#?}"
        );
        assert_eq!(lead_hours("just two days"), Some((48.0, 48.0)));
        assert_eq!(lead_hours("only days"), Some((48.0, 336.0)));
        assert_eq!(lead_hours("just hours"), Some((2.0, 24.0)));
        assert_eq!(lead_hours("days and nights"), None);
        assert_eq!(lead_hours("Tuesday"), None);
    }

    #[test]
    fn a_span_of_days_is_how_long_not_when() {
        for t in [
            "five years",
            "around 50 days",
            "the past two weeks",
            "a few months",
        ] {
            assert!(span_of_days(t), "{t}");
        }
        for t in [
            "two days ago",
            "a week later",
            "five years old",
            "twice a year",
            "Sunday",
        ] {
            assert!(!span_of_days(t), "{t}");
        }
        // invented: one fact however it is said, and a second verb shares
        // the first's subject
        for text in [
            "The well had been left unused for five years.",
            "He said the well was 40 metres deep and had been abandoned for five years.",
        ] {
            let fs = frames_of(text, None);
            let f = find(&fs, "five years");
            assert_eq!(f.kind, ValueKind::Time, "{text}");
            assert_eq!(f.counted.as_deref(), Some("duration"), "{text}");
            assert_eq!(f.holder.as_deref(), Some("well"), "{text}");
            assert_eq!(f.event.as_deref(), Some("abandon"), "{text}");
        }
    }

    #[test]
    fn a_total_counts_its_subject() {
        // invented
        for (text, n, thing) in [
            (
                "The crowd numbered about 2,000 by noon, police said.",
                "2,000",
                "crowd",
            ),
            (
                "He read the letters, which totaled 4,300, in a week.",
                "4,300",
                "letter",
            ),
        ] {
            let fs = frames_of(text, None);
            assert_eq!(find(&fs, n).counted.as_deref(), Some(thing), "{text}");
        }
    }

    #[test]
    fn tolls_know_their_event_and_role() {
        let fs = frames_of(
            "At least 12 people were killed and about 30 injured when a bus left the road, officials said.",
            None,
        );
        let twelve = find(&fs, "12");
        assert_eq!(twelve.event.as_deref(), Some("dead"));
        assert_eq!(twelve.role, Role::Patient);
        assert_eq!(twelve.counted.as_deref(), Some("people"));
        assert_eq!(twelve.source.as_deref(), Some("officials"));
        let thirty = find(&fs, "30");
        assert_eq!(thirty.event.as_deref(), Some("injured"));
        // the second conjunct shares the first's passive
        let fs = frames_of(
            "At least four people were killed and four others wounded Sunday when the gunman opened fire.",
            None,
        );
        let others = fs
            .iter()
            .find(|(t, f)| t == "four" && f.event.as_deref() == Some("injured"));
        assert_eq!(others.map(|(_, f)| f.role), Some(Role::Patient));
        let fs = frames_of("Gunmen killed nine soldiers at a checkpoint.", None);
        let nine = find(&fs, "nine");
        assert_eq!(nine.event.as_deref(), Some("dead"));
        assert_eq!(nine.subset.as_deref(), Some("soldier"));
        let fs = frames_of("Four gunmen killed two guards.", None);
        assert_eq!(find(&fs, "Four").role, Role::Agent);
        // "dozen" hung from its noun as a compound still counts the noun
        let fs = frames_of("More than a dozen ambulances raced to the scene.", None);
        let dozen = find(&fs, "dozen");
        assert_eq!(dozen.counted.as_deref(), Some("ambulance"));
        assert_eq!(dozen.event.as_deref(), Some("race"));
    }

    #[test]
    fn burned_buildings_are_destroyed_burned_land_is_not() {
        let fs = frames_of(
            "About 200 homes and other structures have burned near Corvale, the forestry agency said.",
            None,
        );
        let homes = find(&fs, "About 200");
        assert_eq!(homes.event.as_deref(), Some("destroyed"));
        assert_eq!(homes.role, Role::Patient);
        let fs = frames_of(
            "The wildfire destroyed 200 homes and burned 8,000 acres.",
            None,
        );
        assert_eq!(find(&fs, "200").event.as_deref(), Some("destroyed"));
        assert_ne!(find(&fs, "8,000").event.as_deref(), Some("destroyed"));
    }

    #[test]
    fn an_age_used_as_a_noun_is_an_unnamed_person() {
        let fs = frames_of(
            "The six-year-old, whose condition is unknown, fell into a well.",
            None,
        );
        assert_eq!(find(&fs, "six").holder.as_deref(), Some("year-old"));
        // a bare age that describes nothing is no one's
        let fs = frames_of("It lasted six years old style.", None);
        assert!(
            fs.iter()
                .all(|(_, f)| f.holder.as_deref() != Some("year-old"))
        );
    }

    #[test]
    fn parts_of_a_total_are_subsets() {
        let fs = frames_of(
            "Two of the five wounded men are in critical condition, including three children.",
            None,
        );
        // (the part named by its condition: the critical injured)
        assert_eq!(find(&fs, "Two").subset.as_deref(), Some("critical"));
        assert!(find(&fs, "three").subset.is_some());
        let fs = frames_of("Two of the five victims were taken to hospital.", None);
        assert!(
            find(&fs, "Two")
                .subset
                .as_deref()
                .unwrap()
                .starts_with("part of")
        );
        let fs = frames_of("Eight people were seriously injured in the crash.", None);
        assert_eq!(find(&fs, "Eight").subset.as_deref(), Some("serious"));
        let fs = frames_of("About 40 people were injured, several seriously.", None);
        assert_eq!(find(&fs, "About 40").subset, None);
        let fs = frames_of("The gunman shot two people outside and then went in.", None);
        assert_eq!(find(&fs, "two").subset.as_deref(), Some("outside"));
    }

    #[test]
    fn who_speaks_is_not_a_count_of_the_event() {
        let fs = frames_of(
            "Three police officials said the storm killed 14 people, according to two aid workers.",
            None,
        );
        assert_eq!(find(&fs, "14").event.as_deref(), Some("dead"));
        assert!(fs.iter().all(|(t, _)| t != "Three" && t != "two"), "{fs:?}");
    }

    #[test]
    fn the_toll_rising_is_a_change() {
        let fs = frames_of("The death toll rose to 14 on Sunday.", None);
        let f = find(&fs, "14");
        assert_eq!(f.event.as_deref(), Some("dead"));
        assert!(f.update_cue);
        // the parser reads "six Friday" as one phrase; six is still the toll
        let fs = frames_of(
            "The death toll from the blast at the depot rose to at least six Friday, officials said.",
            None,
        );
        let f = find(&fs, "six");
        assert_eq!(f.event.as_deref(), Some("dead"));
        assert_eq!(f.role, Role::Patient);
    }

    #[test]
    fn modality_and_negation() {
        let fs = frames_of(
            "As many as 40 people may have been killed, police fear.",
            None,
        );
        assert!(find(&fs, "40").modality.is_some());
        let fs = frames_of("Nine people were not injured.", None);
        assert!(find(&fs, "Nine").negated);
    }

    #[test]
    fn dates_belong_to_their_predicate() {
        let p = Some(jiff::civil::date(2024, 6, 12));
        let fs = frames_of("The mission was launched in 2019 by the council.", p);
        let f = find(&fs, "2019");
        assert_eq!(f.event.as_deref(), Some("launch"));
        assert_eq!(f.holder.as_deref(), Some("mission"));
        let fs = frames_of("The attack happened on Sunday, police said.", p);
        let f = find(&fs, "Sunday");
        assert_eq!(f.event.as_deref(), Some("incident"));
        assert!(!f.background);
        let fs = frames_of("Two people were killed in a similar attack in 2004.", p);
        assert!(find(&fs, "Two").background);
        // a participle dates the noun it hangs from
        let fs = frames_of("The bridge, built in 1911, was closed on Monday.", p);
        let f = find(&fs, "1911");
        assert_eq!(f.event.as_deref(), Some("build"));
        assert_eq!(f.holder.as_deref(), Some("bridge"));
        // a structure that has stood since a year was built that year
        let fs = frames_of("Sure, but the bridge has stood since 1912.", p);
        let f = find(&fs, "1912");
        assert_eq!(f.event.as_deref(), Some("build"));
        assert_eq!(f.holder.as_deref(), Some("bridge"));
        // a record, or a bridge since a day, is no building
        for (text, q) in [
            ("The record has stood since 1968.", "1968"),
            ("The house has stood empty since 2015.", "2015"),
            ("The castle has stood in ruins since 1646.", "1646"),
            (
                "The bridge has stood closed since March 2019.",
                "March 2019",
            ),
        ] {
            let fs = frames_of(text, p);
            assert!(
                !fs.iter()
                    .any(|(t, f)| t == q && f.event.as_deref() == Some("build")),
                "{text}: {fs:?}"
            );
        }
        let fs = frames_of("The last election, held in March 2019, was close.", p);
        assert_eq!(find(&fs, "March 2019").event.as_deref(), Some("election"));
    }

    #[test]
    fn positions_from_a_place_know_their_bearing_and_distance() {
        let p = Some(jiff::civil::date(2024, 6, 12));
        let fs = frames_of(
            "Its epicentre was about 12 kilometres north of Gorranvale, the institute said.",
            p,
        );
        let f = find(&fs, "about 12 kilometres north of Gorranvale");
        assert_eq!(f.kind, ValueKind::Place);
        assert_eq!(f.event.as_deref(), Some(POSITION));
        assert_eq!(f.counted.as_deref(), Some("from gorranvale"));
        assert_eq!(f.holder.as_deref(), Some("epicentre"));
        assert!(f.quantity.is_some());
        assert_eq!(bearing_in("12 km south-west of X"), Some(225));
        // the distance is no measure of "north"
        assert!(!fs.iter().any(|(_, f)| f.kind == ValueKind::Measure));
    }

    #[test]
    fn a_sub_clause_of_another_year_leaves_the_main_clause_current() {
        let p = Some(jiff::civil::date(2023, 3, 9));
        // invented: the year belongs to the scheme's relative clause
        let fs = frames_of(
            "A banker was jailed on Wednesday for cheating 80 savers through a fund that failed in 2019.",
            p,
        );
        assert!(!find(&fs, "Wednesday").background);
        assert!(!find(&fs, "80").background);
        // ... but the clause that holds it is of that year
        let fs = frames_of("The fund, which 80 savers joined in 2019, failed.", p);
        assert!(find(&fs, "80").background);
        // invented: a clause before or after the main one dates another
        // event; one at the same time dates the main clause
        let fs = frames_of(
            "Some 40 pumps were sent after the river burst its banks in 2019.",
            p,
        );
        assert!(!find(&fs, "40").background);
        let fs = frames_of("The mill employed 900 workers when it closed in 1998.", p);
        assert!(find(&fs, "900").background);
    }

    #[test]
    fn a_participle_after_a_comma_dates_the_whole_phrase() {
        let p = Some(jiff::civil::date(2024, 10, 3));
        // invented: the vote was held in June, not the plan
        let fs = frames_of(
            "A first vote on the plan, held in June 2020, was lost by 40 votes.",
            p,
        );
        assert_eq!(find(&fs, "June 2020").event.as_deref(), Some("vote"));
        let fs = frames_of("The first vote in June 2020 was lost.", p);
        assert_eq!(find(&fs, "June 2020").event.as_deref(), Some("vote"));
    }

    #[test]
    fn a_sum_demanded_or_taken_is_one_fact_whatever_its_verb() {
        let p = Some(jiff::civil::date(2023, 3, 9));
        // invented
        let fs = frames_of("The gang demanded $2 million from the council.", p);
        assert_eq!(
            find(&fs, "2 million").holder.as_deref(),
            Some("sum demanded")
        );
        let fs = frames_of(
            "Officials said the gang had asked for a ransom of $900,000.",
            p,
        );
        assert_eq!(find(&fs, "900,000").holder.as_deref(), Some("sum demanded"));
        let fs = frames_of(
            "A broker who took $4 million from pensioners was jailed.",
            p,
        );
        assert_eq!(find(&fs, "4 million").holder.as_deref(), Some("sum taken"));
        let fs = frames_of("He was jailed for defrauding 90 savers of $400,000.", p);
        assert_eq!(find(&fs, "400,000").holder.as_deref(), Some("sum taken"));
        // a fine is no sum taken, nor is a sum taken home
        // a ransom paid is no sum demanded, a sum asked about none asked for
        let fs = frames_of("The firm later paid a ransom of $400,000.", p);
        assert_ne!(find(&fs, "400,000").holder.as_deref(), Some("sum demanded"));
        let fs = frames_of(
            "Asked about the $3 million bonus, he declined to comment.",
            p,
        );
        assert_ne!(
            find(&fs, "3 million").holder.as_deref(),
            Some("sum demanded")
        );
        let fs = frames_of("He was fined $5,000 for defrauding a neighbour.", p);
        assert_ne!(find(&fs, "5,000").holder.as_deref(), Some("sum taken"));
        let fs = frames_of("She took home $90,000 last year.", p);
        assert_ne!(find(&fs, "90,000").holder.as_deref(), Some("sum taken"));
    }

    #[test]
    fn a_named_companys_shares_are_known_by_it() {
        let p = Some(jiff::civil::date(2023, 3, 9));
        // invented
        let fs = frames_of("Shares in Marlow Industries dropped 6% after the news.", p);
        let h = find(&fs, "6%").holder.clone().unwrap();
        assert!(h.starts_with(NAMED_SHARES) && h.ends_with("(fall)"), "{h}");
        let fs = frames_of(
            "The firm confirmed the leak, sending shares in its parent company, Marlow Industries, down 9% in early trading.",
            p,
        );
        assert_eq!(find(&fs, "9%").holder, Some(h));
        // unnamed shares stay known by their thing only
        let fs = frames_of("Shares dropped 6% after the news.", p);
        assert!(
            !find(&fs, "6%")
                .holder
                .clone()
                .unwrap()
                .starts_with(NAMED_SHARES)
        );
    }

    #[test]
    fn words_for_one_whole_name_one_share() {
        let p = Some(jiff::civil::date(2023, 3, 9));
        // invented
        let a = frames_of("The no side won 54% of the vote.", p);
        let b = frames_of("About 55 percent of voters rejected the plan.", p);
        assert_eq!(find(&a, "54%").holder.as_deref(), Some("share of vote"));
        assert_eq!(
            find(&b, "About 55").holder.as_deref(),
            Some("share of vote")
        );
        let a = frames_of("About 30 percent of the stock was ruined.", p);
        let b = frames_of("He said 35% of the goods were lost.", p);
        assert_eq!(
            find(&a, "About 30").holder.as_deref(),
            Some("share of stock")
        );
        assert_eq!(find(&b, "35%").holder.as_deref(), Some("share of stock"));
    }

    #[test]
    fn people_of_a_place_are_no_part_of_it() {
        let p = Some(jiff::civil::date(2023, 3, 9));
        // invented: where they live, not a part of a counted whole
        let fs = frames_of("About 200 residents of the Kelby estate were evacuated.", p);
        let f = find(&fs, "About 200");
        assert_eq!(f.subset, None);
        assert_eq!(f.event.as_deref(), Some("evacuated"));
        // ... but those of one building killed are a part of the toll
        let fs = frames_of("Three residents of the building were killed.", p);
        assert_eq!(find(&fs, "Three").subset.as_deref(), Some("from building"));
        // ... against a part of a group, or of a body named like a home
        let fs = frames_of("Three members of the crew were injured.", p);
        assert!(find(&fs, "Three").subset.is_some());
        let fs = frames_of("Twelve members of the House of Lords were arrested.", p);
        assert!(find(&fs, "Twelve").subset.is_some());
        // moved out of their homes is evacuated
        let fs = frames_of(
            "Some 150 people were moved out of their homes overnight.",
            p,
        );
        assert_eq!(find(&fs, "150").event.as_deref(), Some("evacuated"));
        let fs = frames_of("Some 150 people were moved to a new office.", p);
        assert_ne!(find(&fs, "150").event.as_deref(), Some("evacuated"));
    }

    #[test]
    fn phrases_name_their_event() {
        let p = Some(jiff::civil::date(2023, 3, 9));
        // invented: told to leave is evacuated, taking to the streets is marching
        let fs = frames_of("Hundreds of residents were told to leave their homes.", p);
        assert_eq!(find(&fs, "Hundreds").event.as_deref(), Some("evacuated"));
        let fs = frames_of("About 300 residents were evacuated.", p);
        assert_eq!(find(&fs, "300").event.as_deref(), Some("evacuated"));
        let fs = frames_of("Tens of thousands of people took to the streets.", p);
        assert_eq!(
            find(&fs, "Tens of thousands").event.as_deref(),
            Some("marched")
        );
        let fs = frames_of("About 9,000 people marched through the centre.", p);
        assert_eq!(find(&fs, "9,000").event.as_deref(), Some("marched"));
        // taking something else to the streets, or being told to stay, is neither
        let fs = frames_of("Hundreds of residents were told to stay indoors.", p);
        assert_ne!(find(&fs, "Hundreds").event.as_deref(), Some("evacuated"));
        let fs = frames_of("Two men took the bikes to a shop.", p);
        assert_ne!(find(&fs, "Two").event.as_deref(), Some("marched"));
    }

    #[test]
    fn the_place_of_an_earlier_event_is_background_and_the_incidents_is_not() {
        // invented
        let p = Some(jiff::civil::date(2018, 4, 23));
        let fs = frames_of(
            "The Secret Service said the suspect was arrested near the Palace Gate in July 2017.",
            p,
        );
        assert!(find(&fs, "Palace Gate").background, "{fs:?}");
        let fs = frames_of(
            "The suspect was arrested near the Palace Gate on Monday.",
            p,
        );
        assert!(!find(&fs, "Palace Gate").background, "{fs:?}");
    }

    #[test]
    fn what_took_place_somewhere_happened_there() {
        // invented
        let p = Some(jiff::civil::date(2019, 3, 12));
        let fs = frames_of("The shooting took place in Leeds on Sunday.", p);
        let f = find(&fs, "Leeds");
        assert_eq!(f.event.as_deref(), Some("incident"), "{fs:?}");
        assert_eq!(f.predicate.as_deref(), Some("happen"), "{fs:?}");
        assert_eq!(find(&fs, "Sunday").event.as_deref(), Some("incident"));
        // "take" with another object is taking
        let fs = frames_of("The rebels took the town in Leeds on Sunday.", p);
        assert_ne!(find(&fs, "Leeds").predicate.as_deref(), Some("happen"));
    }

    #[test]
    fn a_victims_country_is_no_place_of_what_befell_them() {
        // invented
        let p = Some(jiff::civil::date(2019, 3, 12));
        let fs = frames_of(
            "Britain's ambassador was killed in an attack in Leeds on Sunday.",
            p,
        );
        assert!(fs.iter().all(|(t, _)| t != "Britain"), "{fs:?}");
        assert!(find(&fs, "Leeds").event.is_some(), "{fs:?}");
        // a place naming a building still places it
        let fs = frames_of("Gunmen attacked a Paris hotel on Sunday.", p);
        assert!(fs.iter().any(|(t, _)| t == "Paris"), "{fs:?}");
    }

    #[test]
    fn armed_men_or_a_mob_storming_is_the_incident_and_police_storming_is_not() {
        // invented
        let p = Some(jiff::civil::date(2019, 3, 12));
        for text in [
            "Armed men stormed the Norland mission in the city of Osk on Sunday.",
            "A mob stormed the consulate in the city of Osk on Sunday.",
        ] {
            let fs = frames_of(text, p);
            assert_eq!(
                find(&fs, "Sunday").event.as_deref(),
                Some("incident"),
                "{fs:?}"
            );
        }
        let fs = frames_of(
            "Police stormed the building in the city of Osk on Sunday.",
            p,
        );
        assert_ne!(
            find(&fs, "Sunday").event.as_deref(),
            Some("incident"),
            "{fs:?}"
        );
        let fs = frames_of("Unarmed men stormed the stage on Sunday.", p);
        assert_ne!(
            find(&fs, "Sunday").event.as_deref(),
            Some("incident"),
            "{fs:?}"
        );
    }

    #[test]
    fn a_country_before_a_noun_parsed_as_nmod_is_no_place_of_the_clause() {
        // invented: "the U.S. diplomatic mission" (nmod); the city is where
        let p = Some(jiff::civil::date(2012, 9, 12));
        let fs = frames_of(
            "Armed men stormed the U.S. diplomatic mission in the eastern city of Benghazi on Tuesday.",
            p,
        );
        assert!(
            fs.iter().all(|(t, f)| t != "U.S." || f.event.is_none()),
            "{fs:?}"
        );
        assert_eq!(
            find(&fs, "Tuesday").event.as_deref(),
            Some("incident"),
            "{fs:?}"
        );
    }

    #[test]
    fn the_weapon_an_attacker_used_is_framed_and_a_seized_one_is_not() {
        // invented
        let weapon = |text: &str| {
            frames_of(text, None)
                .into_iter()
                .find(|(_, f)| f.kind == ValueKind::Weapon)
                .map(|(t, f)| (t, f.counted.unwrap_or_default()))
        };
        assert_eq!(
            weapon("The gunman opened fire with an AR-15 rifle outside the diner."),
            Some(("AR-15 rifle".to_string(), "rifle".to_string()))
        );
        assert_eq!(
            weapon("He shot two people outside with an assault-type rifle."),
            Some(("assault-type rifle".to_string(), "rifle".to_string()))
        );
        assert_eq!(
            weapon("A man armed with a knife attacked shoppers in Osk."),
            Some(("knife".to_string(), "knife".to_string()))
        );
        assert_eq!(
            weapon("Police said the attacker used a pistol."),
            Some(("pistol".to_string(), "handgun".to_string()))
        );
        assert_eq!(
            weapon("Officers seized a rifle and two pistols from his home."),
            None
        );
        assert_eq!(weapon("He bought a shotgun last year."), None);
    }

    #[test]
    fn an_earlier_years_event_and_events_of_a_kind_are_not_the_incident() {
        // invented
        let p = Some(jiff::civil::date(2018, 11, 8));
        let fs = frames_of(
            "Survivors of the 2016 Las Vegas massacre, which occurred during a festival, were also in the bar.",
            p,
        );
        assert!(find(&fs, "Las Vegas").background, "{fs:?}");
        let fs = frames_of(
            "It was the latest in a string of mass shootings that are happening across Britain.",
            p,
        );
        assert!(
            fs.iter()
                .all(|(t, f)| t != "Britain" || f.event.as_deref() != Some("incident")),
            "{fs:?}"
        );
        // one event still is
        let fs = frames_of("The shooting happened in Leeds on Sunday.", p);
        assert_eq!(
            find(&fs, "Leeds").event.as_deref(),
            Some("incident"),
            "{fs:?}"
        );
        assert!(!find(&fs, "Leeds").background, "{fs:?}");
    }

    #[test]
    fn a_toll_dated_to_an_earlier_year_above_its_clause_is_background() {
        // invented: the year on the main clause, on the event noun that is
        // the toll's subject, or on the one its relative clause describes;
        // a day is no other event
        let p = Some(jiff::civil::date(2014, 12, 16));
        for (text, value, background) in [
            (
                "In September 2013, choir members and children were among 81 people killed in a bombing at a church in Osk.",
                "81",
                true,
            ),
            (
                "It was the worst attack in the country since the 2008 suicide bombing in the port city of Osk killed 150 people.",
                "150",
                true,
            ),
            (
                "Militants targeted the city before, like a 2009 truck bombing of a market frequented by women and children that killed more than 100 people.",
                "more than 100",
                true,
            ),
            (
                "On Tuesday, gunmen killed 141 people at a school in Osk.",
                "141",
                false,
            ),
        ] {
            let fs = frames_of(text, p);
            assert_eq!(find(&fs, value).background, background, "{text}: {fs:?}");
        }
    }

    #[test]
    fn the_event_a_reprisal_answers_is_background() {
        // invented
        let p = Some(jiff::civil::date(2019, 3, 12));
        let fs = frames_of(
            "The rebels said the bombing was a revenge attack for US air strikes.",
            p,
        );
        assert!(fs.iter().all(|(t, f)| t != "US" || f.background), "{fs:?}");
        let fs = frames_of(
            "The bombing came in retaliation for a raid in Leeds, the rebels said.",
            p,
        );
        assert!(find(&fs, "Leeds").background, "{fs:?}");
        // the story's own attack is not
        let fs = frames_of("The rebels attacked a hotel in Leeds on Sunday.", p);
        assert!(!find(&fs, "Leeds").background, "{fs:?}");
    }

    #[test]
    fn records_and_events_of_another_month_are_background() {
        let p = Some(jiff::civil::date(2021, 5, 4));
        // invented figures: a record across events is not this event's toll
        let fs = frames_of(
            "The most miners — 210 — were killed in a collapse in the north.",
            p,
        );
        assert!(find(&fs, "210").background);
        let fs = frames_of("The most soldiers died in the battles of the north.", p);
        assert!(
            fs.iter()
                .all(|(_, f)| f.background || f.kind != ValueKind::Count)
        );
        // "at least" is a hedge, not a superlative
        let fs = frames_of("At least 12 people were killed on Monday.", p);
        assert!(!find(&fs, "12").background);
        // a clause hanging from an event of another month
        let fs = frames_of(
            "It happened near the scene of the November fire, where three people died and eleven were hurt.",
            p,
        );
        assert!(find(&fs, "three").background);
        assert!(find(&fs, "eleven").background);
        let fs = frames_of(
            "Fourteen villagers were killed in air strikes in the hills earlier this month.",
            p,
        );
        assert!(find(&fs, "Fourteen").background);
        // ... but not from this month's
        let fs = frames_of(
            "It happened near the scene of the May 2 fire, where three people died.",
            p,
        );
        assert!(!find(&fs, "three").background);
        // a clause hanging from a noun of earlier this month (invented)
        let fs = frames_of(
            "The rebels called it revenge for the raids on the valley earlier this month that left up to 17 farmers dead.",
            p,
        );
        assert!(find(&fs, "17").background);
        let fs = frames_of(
            "The raids on the valley that left up to 17 farmers dead began on Monday.",
            p,
        );
        assert!(!find(&fs, "17").background);
        // a relative clause of an earlier event, however it is parsed
        // (invented)
        let fs = frames_of(
            "The group said it was in retaliation for army raids on a farm near the river town of Osk last week in which more than 20 people were killed.",
            p,
        );
        assert!(find(&fs, "20").background);
        assert_eq!(find(&fs, "20").other_event.as_deref(), Some("raid"));
        let fs = frames_of(
            "The group said the bombing was a \"revenge attack\" for army air strikes this month in the province of Osk that left 23 farmers dead.",
            p,
        );
        assert!(find(&fs, "23").background);
        assert_eq!(find(&fs, "23").other_event.as_deref(), Some("strike"));
        // the date of the event the story's answers is that event's
        let fs = frames_of(
            "The group said it bombed the depot in retaliation for air strikes in the valley last week.",
            p,
        );
        let f = find(&fs, "last week");
        assert!(f.background);
        assert_eq!(f.other_event.as_deref(), Some("strike"));
        assert_eq!(f.event.as_deref(), Some("the earlier strike"));
        let fs = frames_of(
            "The group said the air strikes in the valley last week killed six.",
            p,
        );
        assert_eq!(find(&fs, "last week").other_event, None);
        // the story's own event, described by a relative clause
        let fs = frames_of(
            "Police said the bombing on Monday, in which 23 people were killed, was the worst in the town.",
            p,
        );
        assert!(!find(&fs, "23").background);
        let fs = frames_of(
            "The group claimed the attack on the base, which left 23 soldiers dead.",
            p,
        );
        assert!(!find(&fs, "23").background);
    }

    #[test]
    fn a_clock_time_after_an_incident_clause_is_the_incidents() {
        // invented
        let fs = frames_of(
            "Nine of those hurt were treated for serious injuries after the three-carriage train tipped over at a bend in Marlow, West Kent, during heavy rain at 6am today.",
            None,
        );
        assert_eq!(find(&fs, "6am").event.as_deref(), Some("incident"));
    }

    #[test]
    fn a_time_parsed_onto_a_bend_is_the_clauses() {
        // invented
        let fs = frames_of(
            "The coach came off the road at 50mph on a sharp bend at around 6am.",
            None,
        );
        assert_eq!(find(&fs, "6am").event.as_deref(), Some("incident"));
    }

    #[test]
    fn a_time_parsed_onto_a_place_is_the_clauses() {
        // invented; the parser hangs the time on "hub"
        let fs = frames_of(
            "Rebels struck at the French embassy in the northern commercial hub of Dorvik late Thursday night, killing three guards.",
            Some(jiff::civil::date(2021, 5, 7)),
        );
        let f = fs
            .iter()
            .map(|(_, f)| f)
            .find(|f| matches!(f.kind, ValueKind::Time | ValueKind::Date))
            .expect("a time frame");
        assert_eq!(f.predicate.as_deref(), Some("strike"), "{f:?}");
    }

    #[test]
    fn a_time_that_ends_a_relative_clause_on_an_object_is_no_ones() {
        // invented; the day may be the tributes' as well as the deaths'
        let p = Some(jiff::civil::date(2016, 11, 13));
        let fs = frames_of(
            "Tributes were held for those who died on Saturday, when a group of people marched.",
            p,
        );
        assert!(!fs.iter().any(|(_, f)| f.kind == ValueKind::Date), "{fs:?}");
        // a clause before its verb, or set off by a comma, keeps its day
        for text in [
            "The man who died on Saturday was named by police.",
            "Rescuers reached the mine, which flooded on Saturday.",
        ] {
            let fs = frames_of(text, p);
            let f = fs
                .iter()
                .map(|(_, f)| f)
                .find(|f| f.kind == ValueKind::Date)
                .unwrap_or_else(|| panic!("a date in {text}: {fs:?}"));
            assert!(
                matches!(f.predicate.as_deref(), Some("die" | "flood")),
                "{text}: {f:?}"
            );
        }
    }

    #[test]
    fn a_definite_description_holds_the_name_it_describes() {
        // invented names
        let p = Some(jiff::civil::date(2025, 1, 23));
        let fs = frames_of(
            "Hackers broke into scooter app Voltra last week. The app, which launched in 2020, runs in 38 cities.",
            p,
        );
        assert_eq!(find(&fs, "2020").holder.as_deref(), Some("voltra"));
        let fs = frames_of("Voltra, which launched in 2019, runs in 38 cities.", p);
        assert_eq!(find(&fs, "2019").holder.as_deref(), Some("voltra"));
        // two names described alike: no guess
        let fs = frames_of(
            "Scooter app Voltra and scooter app Ridely were hacked. The app, which launched in 2020, runs in 38 cities.",
            p,
        );
        assert_ne!(find(&fs, "2020").holder.as_deref(), Some("voltra"));
    }

    #[test]
    fn the_day_of_a_part_of_the_day_dates_the_incident() {
        // invented
        let p = Some(jiff::civil::date(2024, 8, 2));
        let fs = frames_of(
            "A wildfire that broke out on Tuesday afternoon in the hills has burned 300 homes.",
            p,
        );
        let f = find(&fs, "Tuesday");
        assert_eq!(f.kind, ValueKind::Date);
        assert_eq!(f.event.as_deref(), Some("incident"), "{f:?}");
        let fs = frames_of("The blaze started on Wednesday, officials said.", p);
        assert_eq!(find(&fs, "Wednesday").event.as_deref(), Some("incident"));
        let fs = frames_of(
            "It happened at around 6.10am on Tuesday near the bridge.",
            p,
        );
        assert_eq!(find(&fs, "Tuesday").event.as_deref(), Some("incident"));
        let fs = frames_of("The ferry capsized on Monday off the coast.", p);
        assert_eq!(find(&fs, "Monday").event.as_deref(), Some("incident"));
        let fs = frames_of("Another ferry capsized on Monday off the coast.", p);
        assert_ne!(find(&fs, "Monday").event.as_deref(), Some("incident"));
    }

    #[test]
    fn the_others_of_those_gunned_down_are_all_the_injured() {
        // invented
        let fs = frames_of(
            "A gunman gunned down at least three people and injured several others at a diner.",
            None,
        );
        // (set against the injured, those gunned down are the dead)
        assert_eq!(find(&fs, "three").event.as_deref(), Some("dead"), "{fs:?}");
        let fs2 = frames_of(
            "Police said a man gunned down three people at a diner.",
            None,
        );
        assert_eq!(
            find(&fs2, "three").event.as_deref(),
            Some("shot"),
            "{fs2:?}"
        );
        let f = find(&fs, "several");
        assert_eq!(f.event.as_deref(), Some("injured"), "{f:?}");
        assert_eq!(f.subset, None, "{f:?}");
    }

    #[test]
    fn the_vehicle_of_an_attack_is_read_and_parked_cars_are_not() {
        // invented
        let p = Some(jiff::civil::date(2024, 8, 2));
        for (text, word, kind) in [
            (
                "A suicide car bomb exploded outside the ministry on Monday.",
                "car",
                "car",
            ),
            (
                "The lorry bombing at the checkpoint killed nine people.",
                "lorry",
                "truck",
            ),
            (
                "A van packed with explosives blew up near the market.",
                "van",
                "van",
            ),
            (
                "A bomber rammed a truck into the gate of the embassy.",
                "truck",
                "truck",
            ),
        ] {
            let fs = frames_of(text, p);
            let v: Vec<&Frame> = fs
                .iter()
                .map(|(_, f)| f)
                .filter(|f| f.kind == ValueKind::Vehicle)
                .collect();
            assert_eq!(v.len(), 1, "{text}: {fs:?}");
            assert_eq!(v[0].counted.as_deref(), Some(kind), "{text}");
            assert_eq!(v[0].holder.as_deref(), Some(word), "{text}");
        }
        for text in [
            "The blast destroyed nearby buildings and cars.",
            "Police closed the car park near the market on Monday.",
            "A truck carrying food arrived at the camp.",
        ] {
            let fs = frames_of(text, p);
            assert!(
                fs.iter().all(|(_, f)| f.kind != ValueKind::Vehicle),
                "{text}: {fs:?}"
            );
        }
    }

    #[test]
    fn a_fall_or_an_overturning_of_a_person_or_vehicle_is_the_incident() {
        // invented
        let p = Some(jiff::civil::date(2024, 8, 2));
        for (text, when) in [
            (
                "The girl fell down a disused mine shaft on Sunday morning.",
                "Sunday",
            ),
            (
                "The bus plunged into a ravine on Tuesday, police said.",
                "Tuesday",
            ),
            ("The coach tipped over on a bend on Monday.", "Monday"),
            (
                "The train came off the tracks on Wednesday near the station.",
                "Wednesday",
            ),
            (
                "It came off the rails on Wednesday near the station.",
                "Wednesday",
            ),
        ] {
            let fs = frames_of(text, p);
            assert_eq!(
                find(&fs, when).event.as_deref(),
                Some("incident"),
                "{text}: {fs:?}"
            );
        }
        // no mishap: a price, a tip-off, a plan
        for (text, when) in [
            (
                "Shares in the firm fell from record highs on Monday.",
                "Monday",
            ),
            ("A neighbour tipped off police on Tuesday.", "Tuesday"),
            ("The council rolled out the plan on Wednesday.", "Wednesday"),
        ] {
            let fs = frames_of(text, p);
            assert_ne!(
                find(&fs, when).event.as_deref(),
                Some("incident"),
                "{text}: {fs:?}"
            );
        }
    }

    #[test]
    fn ages_know_whose_they_are() {
        let fs = frames_of("The 38-year-old driver was arrested.", None);
        assert_eq!(find(&fs, "38").holder.as_deref(), Some("driver"));
        // in a list of names, each age is the name's before it
        let fs = frames_of(
            "The victims included three church pastors: Marion Lutter Brandt, 49, \
             Celia Worthing Abbot, 45 and Reverend Tobias Wren, 74.",
            None,
        );
        let of = |q: &str| find(&fs, q).holder.clone().unwrap_or_default();
        assert!(of("49").contains("brandt"), "{}", of("49"));
        assert!(of("45").contains("abbot"), "{}", of("45"));
        assert!(of("74").contains("wren"), "{}", of("74"));
    }

    #[test]
    fn shares_are_their_wholes_and_changes_their_things() {
        let share = |text: &str, q: &str| {
            let fs = frames_of(text, None);
            let f = find(&fs, q);
            (f.holder.clone(), f.subset.clone())
        };
        assert_eq!(
            share("About 40 percent of the stock had been destroyed.", "40"),
            (Some("share of stock".into()), None)
        );
        assert_eq!(
            share(
                "Seventy percent of the hospital's computer systems were back online.",
                "Seventy"
            ),
            (Some("share of system".into()), None)
        );
        assert_eq!(
            share(
                "She said about a third of systems had been restored.",
                "third"
            ),
            (Some("share of system".into()), None)
        );
        assert_eq!(
            share("The yes side won 52.3% of the vote.", "52.3")
                .0
                .as_deref(),
            Some("share of vote")
        );
        assert_eq!(
            share("About 52 percent of voters backed the merger.", "52")
                .0
                .as_deref(),
            Some("share of vote")
        );
        // a share a named one won is theirs
        assert_eq!(
            share("Ted Cruz won 28 percent of the vote.", "28")
                .0
                .as_deref(),
            Some("ted cruz's share of vote")
        );
        // how far a count has got, in passing, is no fact; a share won
        // "with" a figure is one
        let fs = frames_of("With 93 percent of precincts reporting, she led.", None);
        assert!(
            fs.iter().all(|(t, f)| !t.contains("93") || f.background),
            "{fs:?}"
        );
        let fs = frames_of("The Greens won with 52 percent of the vote.", None);
        assert!(!find(&fs, "52").background);
        // a pronoun names no whole
        assert_ne!(
            share("Half of them were hurt.", "Half").0.as_deref(),
            Some("share of they")
        );
        // the object of a change is what changed
        assert_eq!(
            share("The firm increased prices by 5% last year.", "5%")
                .0
                .as_deref(),
            Some("price (rise)")
        );
        // a change is its thing's, and which way it went
        assert_eq!(
            share("Shares in the owner dropped 4% after the news broke.", "4%")
                .0
                .as_deref(),
            Some("share (fall)")
        );
        assert_eq!(
            share("The breach sent shares down 14% in early trading.", "14%")
                .0
                .as_deref(),
            Some("share (fall)")
        );
        assert_eq!(
            share("Prices rose by 3 percent last year.", "3")
                .0
                .as_deref(),
            Some("price (rise)")
        );
    }

    #[test]
    fn measures_know_their_unit_and_what_they_measure() {
        let fs = frames_of("The boy fell into the 80m-deep well on Sunday.", None);
        let f = find(&fs, "80");
        assert_eq!(f.kind, ValueKind::Measure);
        assert_eq!(f.dimension, Some("length"));
        assert_eq!(f.holder.as_deref(), Some("well"));
        // a fire, a wildfire, a blaze: the incident
        let fs = frames_of("The fire spread to at least 2,000 acres.", None);
        let f = find(&fs, "2,000");
        assert_eq!(f.dimension, Some("area"));
        assert_eq!(f.holder.as_deref(), Some("the incident"));
        let fs = frames_of(
            "The blaze that started near the lake has burned about 900 hectares.",
            None,
        );
        assert_eq!(find(&fs, "900").holder.as_deref(), Some("the incident"));
        let fs = frames_of(
            "Firefighters battled a fire which now spans 8,400 acres.",
            None,
        );
        assert_eq!(find(&fs, "8,400").holder.as_deref(), Some("the incident"));
        let fs = frames_of("The new reservoir covers 300 hectares.", None);
        assert_eq!(find(&fs, "300").holder.as_deref(), Some("reservoir"));
        // a measure and its conversion measure one thing, though the parser
        // hangs the first from the second
        let fs = frames_of(
            "The man said the well was about 40 metres deep (131 feet) and abandoned.",
            None,
        );
        for q in ["about 40", "131"] {
            assert_eq!(find(&fs, q).holder.as_deref(), Some("well"), "{q}: {fs:?}");
        }
        // a measure after an article is the next noun's, though the parser
        // makes "the 30m" what she fell down and "well" an adverb; a day
        // after it is no such noun
        let fs = frames_of(
            "The girl fell down the 30m dry well near Orvale on Monday.",
            None,
        );
        assert_eq!(find(&fs, "30").holder.as_deref(), Some("well"), "{fs:?}");
        let fs = frames_of("The sprinter won the 400m yesterday in Oslo.", None);
        assert_ne!(find(&fs, "400").holder.as_deref(), Some("yesterday"));
    }

    #[test]
    fn an_earthquakes_magnitude_is_its_measure() {
        for (text, q) in [
            ("A magnitude 6.4 earthquake struck the region.", "6.4"),
            ("A 6.1-magnitude earthquake hit the area.", "6.1"),
        ] {
            let fs = frames_of(text, None);
            let f = find(&fs, q);
            assert_eq!(f.kind, ValueKind::Measure, "{text}");
            assert_eq!(f.dimension, Some("magnitude"), "{text}");
            // (the incident, as "the earthquake measured 6.4" is)
            assert_eq!(f.holder.as_deref(), Some("the incident"), "{text}");
        }
    }

    #[test]
    fn a_unit_joined_to_its_number_is_a_measure() {
        let fs = frames_of(
            "The maker blamed an effort to reduce the weight of what were 400-gram and 170-gram bars. Now 400g bars are lighter.",
            None,
        );
        for (t, f) in &fs {
            assert!(
                f.kind != ValueKind::Count || f.counted.as_deref() != Some("bar"),
                "{t}: {f:?}"
            );
        }
    }

    #[test]
    fn clock_times() {
        assert_eq!(clock_interval("6.10am"), Some((370, 370)));
        assert_eq!(clock_interval("about 9:30 p.m."), Some((1275, 1305)));
        assert_eq!(clock_interval("shortly before 11pm"), Some((1335, 1380)));
        assert_eq!(clock_interval("midnight"), Some((1440, 1440)));
        assert_eq!(
            clock_interval("about an hour before midnight"),
            Some((1365, 1395))
        );
        assert_eq!(clock_interval("20 minutes after noon"), Some((740, 740)));
        assert_eq!(
            clock_interval("half an hour before 6pm"),
            Some((1050, 1050))
        );
        assert_eq!(duration_hours("about an hour before midnight"), None);
        assert_eq!(duration_hours("an hour"), Some((1.0, 1.0)));
        assert_eq!(duration_hours("about an hour"), Some((0.9, 1.1)));
        assert_eq!(duration_hours("an hour and a half"), Some((1.5, 1.5)));
        assert_eq!(duration_hours("an hour-and-a-half"), Some((1.5, 1.5)));
        assert_eq!(duration_hours("90-minute"), Some((1.5, 1.5)));
        assert_eq!(duration_hours("half an hour"), Some((0.5, 0.5)));
        assert_eq!(duration_hours("one and a half hours"), Some((1.5, 1.5)));
        let more = duration_hours("more than an hour").unwrap();
        assert!(more.0 >= 1.0 && more.1 > 1.5, "{more:?}");
        let almost = duration_hours("almost an hour and a half").unwrap();
        assert!(
            almost.0 >= 1.0 && almost.1 <= 1.5 && almost.0 < 1.5,
            "{almost:?}"
        );
        assert!(clock_interval("Wednesday night").is_some());
        assert_eq!(clock_interval("2019"), None);
    }

    #[test]
    fn clock_time_of_the_incident_however_it_is_told() {
        let event = |text: &str, time: &str| {
            frames_of(text, None)
                .into_iter()
                .find(|(t, f)| t.contains(time) && f.kind == ValueKind::Time)
                .and_then(|(_, f)| f.event)
        };
        // an attacker's attack
        assert_eq!(
            event(
                "A gunman opened fire in the city centre at 7pm, wounding five people.",
                "7pm"
            )
            .as_deref(),
            Some("incident")
        );
        assert_ne!(
            event("Police stormed the building at 4am.", "4am").as_deref(),
            Some("incident")
        );
        // a clause saying when the incident happened
        assert_eq!(
            event(
                "Seven people died when the carriages flipped over as the tram turned around a sharp bend at 6am.",
                "6am"
            )
            .as_deref(),
            Some("incident")
        );
        // hearing it happen
        assert_eq!(
            event(
                "I heard a massive crash at 6am, then heard shouting.",
                "6am"
            )
            .as_deref(),
            Some("incident")
        );
        // a quoted speaker's own doings are no one else's
        assert_eq!(
            event("It was not until I heard it on the news at 8am.", "8am"),
            None
        );
    }

    #[test]
    fn duration_before_a_noun_is_how_long_it_lasted() {
        let fs = frames_of(
            "Speaking after the 90-minute meeting, Mr Obama said he was pleased.",
            None,
        );
        let f = find(&fs, "90-minute");
        assert_eq!(f.kind, ValueKind::Time);
        assert_eq!(f.event.as_deref(), Some("last"));
        assert_eq!(f.holder.as_deref(), Some("meeting"));
        assert_eq!(f.counted.as_deref(), Some("duration"));
        let fs = frames_of(
            "The two men both gave positive feedback about the 90-minute conversation.",
            None,
        );
        assert_eq!(
            find(&fs, "90-minute").holder.as_deref(),
            Some("conversation")
        );
        // a duration of something that is no happening is not one
        let fs = frames_of("The hotel is a 10-minute walk from the station.", None);
        assert!(
            !fs.iter().any(|(_, f)| f.event.as_deref() == Some("last")),
            "{fs:#?}"
        );
        // nor a gap between two things
        let fs = frames_of(
            "By the next morning two guards were dead, victims of two separate assaults several hours apart.",
            None,
        );
        assert!(
            !fs.iter().any(|(_, f)| f.kind == ValueKind::Time
                && f.counted.as_deref() == Some("duration")),
            "{fs:#?}"
        );
    }
}

/// Frames with every field, as the analysis cache stores them (the JSON
/// output leaves the internal fields out); for `#[serde(with = …)]`.
pub(crate) mod stored {
    use super::{Frame, Role, ValueKind};
    use crate::corpus::Span;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Stored {
        sentence: usize,
        kind: ValueKind,
        span: Span,
        event: Option<String>,
        predicate: Option<String>,
        predicate_span: Option<Span>,
        role: Role,
        counted: Option<String>,
        subset: Option<String>,
        holder: Option<String>,
        negated: bool,
        modality: Option<String>,
        background: bool,
        update_cue: bool,
        #[serde(default)]
        superseded: bool,
        source: Option<String>,
        quantity: Option<usize>,
        dimension: Option<String>,
        to_si: f64,
        era: Option<i16>,
        other_event: Option<String>,
        #[serde(default)]
        agent: Option<String>,
    }

    pub fn serialize<S: Serializer>(frames: &[Frame], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(frames.iter().map(|f| Stored {
            sentence: f.sentence,
            kind: f.kind,
            span: f.span,
            event: f.event.clone(),
            predicate: f.predicate.clone(),
            predicate_span: f.predicate_span,
            role: f.role,
            counted: f.counted.clone(),
            subset: f.subset.clone(),
            holder: f.holder.clone(),
            negated: f.negated,
            modality: f.modality.clone(),
            background: f.background,
            update_cue: f.update_cue,
            superseded: f.superseded,
            source: f.source.clone(),
            quantity: f.quantity,
            dimension: f.dimension.map(str::to_string),
            to_si: f.to_si,
            era: f.era,
            other_event: f.other_event.clone(),
            agent: f.agent.clone(),
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Frame>, D::Error> {
        let stored: Vec<Stored> = Vec::deserialize(d)?;
        Ok(stored
            .into_iter()
            .map(|f| Frame {
                sentence: f.sentence,
                kind: f.kind,
                span: f.span,
                event: f.event,
                predicate: f.predicate,
                predicate_span: f.predicate_span,
                role: f.role,
                counted: f.counted,
                subset: f.subset,
                holder: f.holder,
                negated: f.negated,
                modality: f.modality,
                background: f.background,
                update_cue: f.update_cue,
                superseded: f.superseded,
                source: f.source,
                quantity: f.quantity,
                dimension: f.dimension.as_deref().map(crate::nlp::intern),
                to_si: f.to_si,
                era: f.era,
                other_event: f.other_event,
                agent: f.agent,
            })
            .collect())
    }
}
