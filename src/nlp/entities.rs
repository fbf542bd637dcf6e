//! Named entities: spaCy's model (the port in [`super::spacy`]) and a layer
//! over it that sees the whole article, which a one-sentence-at-a-time model
//! cannot.
//!
//! The layer, in order:
//! 1. **Titles and roles apart from names**: "spokeswoman Maria Okafor" and
//!    "President Ana Ruiz" become PERSON "Maria Okafor", "Ana Ruiz";
//!    a lower-case "the" and a sentence-initial "The" leave names.
//! 2. **Acronyms defined in the text**: "Regional Transit Authority (RTA)"
//!    links "RTA" to its long form; every "RTA" takes the long form's label.
//! 3. **Document consistency**: a name labelled PERSON in full ("Maria
//!    Okafor") makes its surname a PERSON wherever it appears ("Okafor"),
//!    and a name the model labels inconsistently takes its majority label;
//!    an unlabelled repeat of a labelled name is labelled.
//! 4. **Canonical entities**: mentions folded for case, accents and
//!    possessives, surnames joined to full names and acronyms to long forms.

use super::fold::name_key;
use super::spacy::{Model, Token};
use crate::corpus::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Coarse entity types, as the dashboard colours them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Group {
    Person,
    Org,
    Place,
    Norp,
    Date,
    Number,
    Other,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Person,
        Group::Org,
        Group::Place,
        Group::Norp,
        Group::Date,
        Group::Number,
        Group::Other,
    ];

    pub fn of(label: &str) -> Group {
        match label {
            "PERSON" => Group::Person,
            "ORG" => Group::Org,
            "GPE" | "LOC" | "FAC" => Group::Place,
            "NORP" => Group::Norp,
            "DATE" | "TIME" => Group::Date,
            "CARDINAL" | "QUANTITY" | "MONEY" | "PERCENT" | "ORDINAL" => Group::Number,
            _ => Group::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Group::Person => "PERSON",
            Group::Org => "ORG",
            Group::Place => "PLACE",
            Group::Norp => "NORP",
            Group::Date => "DATE",
            Group::Number => "NUMBER",
            Group::Other => "OTHER",
        }
    }

    /// Names (people, organisations, places, groups, other proper names),
    /// as opposed to dates and numbers.
    pub fn is_name(self) -> bool {
        !matches!(self, Group::Date | Group::Number)
    }
}

/// Why a mention is an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// As the model found it.
    Model,
    /// The model's span, with a title, role, article or possessive ending
    /// removed.
    Trimmed,
    /// Relabelled or added for consistency with the rest of the article.
    Consistency,
    /// An acronym defined in the text.
    Acronym,
    /// A clock time or a duration read by pattern ("around 11:30pm local
    /// time", "lasting over an hour"), which the model misses or mislabels.
    Clock,
    /// A name after a title the model missed ("Chief Fire Officer Ruairi
    /// McAndless said").
    Titled,
    /// A place name of a shape only places have, which the model missed
    /// ("Sandrith-on-Tarn", "STRATFORD-UPON-AVON").
    Linked,
}

/// One mention of an entity in the body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    /// OntoNotes label ("PERSON", "GPE", …).
    #[serde(deserialize_with = "crate::nlp::interned")]
    pub label: crate::nlp::Label,
    pub group: Group,
    /// Index into the article's canonical entities.
    pub canonical: usize,
    pub origin: Origin,
}

/// An entity of one article: its mentions grouped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Canonical {
    /// Folded key ("pont sonde").
    pub key: String,
    /// The fullest form seen ("Saint-Étienne").
    pub name: String,
    #[serde(deserialize_with = "crate::nlp::interned")]
    pub label: crate::nlp::Label,
    pub group: Group,
    /// Indexes into the mentions.
    pub mentions: Vec<usize>,
}

/// The entities of one text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Entities {
    pub mentions: Vec<Mention>,
    pub canonical: Vec<Canonical>,
}

/// spaCy's entities for a text, as (span, label), and its tokens.
pub fn model_entities(text: &str) -> (Vec<(Span, &'static str)>, Vec<Token>) {
    let doc = Model::embedded().analyze(text);
    let ents = doc
        .entities
        .iter()
        .map(|e| (Span::new(e.start, e.end), e.label))
        .collect();
    (ents, doc.tokens)
}

/// [`recognize`] from a parse already made (the full pipeline's entities,
/// which respect the parser's sentence boundaries).
pub fn recognize_parsed(text: &str, skip: &[Span], doc: &crate::nlp::spacy::ParsedDoc) -> Entities {
    let tokens: Vec<Token> = doc
        .tokens
        .iter()
        .map(|t| Token {
            start: t.start,
            end: t.end,
            whitespace: t.whitespace,
            is_space: t.is_space,
        })
        .collect();
    let mut ents: Vec<(Span, &'static str)> = doc
        .entities
        .iter()
        .map(|e| (Span::new(e.start, e.end), e.label))
        .collect();
    ents.retain(|(s, _)| !skip.iter().any(|k| k.overlaps(*s)));
    refine(text, &tokens, &ents)
}

/// Model entities refined by the layer. Entities inside `skip` spans
/// (boilerplate: footers, related links) are dropped before the layer, so
/// a promo footer neither shows up nor teaches the layer anything.
pub fn recognize(text: &str, skip: &[Span]) -> Entities {
    let (mut ents, tokens) = model_entities(text);
    ents.retain(|(s, _)| !skip.iter().any(|k| k.overlaps(*s)));
    refine(text, &tokens, &ents)
}

/// Clock times in `text`, with the hedge before them and the zone after:
/// "around 11:30pm local time", "shortly before 11pm", "10.30 p.m.",
/// "23:40 GMT". A bare "10.30" or "11" is no clock time.
pub fn clock_times(text: &str) -> Vec<Span> {
    static CLOCK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        const ZONE: &str =
            r"(?:local time|GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT)(?-u:\b)";
        regex::Regex::new(&format!(
            r"(?i)(?-u:\b)(?:(?:around|about|approximately|roughly|nearly|almost|(?:shortly|just|soon|minutes) (?:before|after))\s+)?(?:\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:a\.m(?:\.|(?-u:\b))|p\.m(?:\.|(?-u:\b))|am(?-u:\b)|pm(?-u:\b))(?:\s+{ZONE})?|\d{{1,2}}:\d{{2}}\s+{ZONE})"
        ))
        .unwrap()
    });
    CLOCK
        .find_iter(text)
        // not inside a number or a word ("1,11pm", "A4pm")
        .filter(|m| {
            !text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '.' | ':'))
        })
        .map(|m| Span::new(m.start(), m.end()))
        .collect()
}

/// Words that are titles or roles, not part of a name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "reverend",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "general",
    "gen",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "major",
    "maj",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "cpl",
    "corporal",
    "constable",
    "inspector",
    "superintendent",
    "commissioner",
    "commander",
    "cmdr",
    "force",
    "chief",
    "executive",
    "officer",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "sen",
    "representative",
    "rep",
    "governor",
    "gov",
    "mayor",
    "councillor",
    "councilor",
    "alderman",
    "judge",
    "justice",
    "attorney",
    "ambassador",
    "envoy",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "bishop",
    "archbishop",
    "imam",
    "rabbi",
    "father",
    "sister",
    "brother",
    "coach",
    "manager",
    "deputy",
    "acting",
    "former",
    "late",
    "police",
    "pc",
    "det",
    "detective",
    "sheriff",
    "speaker",
    "leader",
    "chancellor",
    "premier",
    "dictator",
    "warlord",
    "mission",
    "official",
    "head",
    "editor",
    "reporter",
    "correspondent",
    "analyst",
    "adviser",
    "advisor",
];

/// True for a title or role word ("President", "spokeswoman", "Gen.").
pub fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    TITLES.contains(&w.as_str()) || w == "secretary-general" || w == "co-founder"
}

/// Publication names that keep their "The".
const THE_NAMES: &[&str] = &[
    "times",
    "post",
    "guardian",
    "hill",
    "atlantic",
    "economist",
    "telegraph",
    "independent",
    "globe",
    "journal",
    "herald",
    "sun",
    "nation",
    "star",
    "standard",
    "observer",
    "new",
];

/// Token spans (non-space) inside a span.
fn tokens_in(tokens: &[Token], span: Span) -> impl Iterator<Item = &Token> {
    tokens
        .iter()
        .filter(move |t| !t.is_space && t.start >= span.start && t.end <= span.end)
}

/// Step 1: removes titles and roles from PERSON spans, and "the" from names.
fn trim(text: &str, tokens: &[Token], span: Span, label: &'static str) -> Option<(Span, bool)> {
    let toks: Vec<&Token> = tokens_in(tokens, span).collect();
    let mut first = 0;
    if Group::of(label).is_name() && toks.len() > 1 {
        let w = &text[toks[0].start..toks[0].end];
        let next = toks
            .get(1)
            .map(|t| text[t.start..t.end].to_lowercase())
            .unwrap_or_default();
        if w == "the" || (w == "The" && !THE_NAMES.contains(&next.as_str())) {
            first = 1;
        }
    }
    if label == "PERSON" {
        // keep at least one word; strip titles only before a capitalised name
        while first + 1 < toks.len() && is_title(&text[toks[first].start..toks[first].end]) {
            first += 1;
        }
    }
    // a possessive ending is not part of a person's or a country's name
    // ("Hillary Clinton's emails", "Britain's"); a shop's keeps it
    // ("Sainsbury's")
    let mut end = span.end;
    if matches!(label, "PERSON" | "GPE" | "NORP") && toks.len() > first + 1 {
        let last = toks[toks.len() - 1];
        if matches!(
            &text[last.start..last.end],
            "'s" | "\u{2019}s" | "'" | "\u{2019}"
        ) {
            end = toks[toks.len() - 2].end;
        }
    }
    if first == 0 {
        return Some((Span::new(span.start, end), end != span.end));
    }
    let rest = &toks[first..];
    let start = rest.first()?.start;
    // a stripped span must still start with a capital (a name)
    let c = text[start..].chars().next()?;
    (c.is_uppercase() || c.is_ascii_digit()).then_some((Span::new(start, end), true))
}

/// Titles only a person carries, before a name.
const PERSON_TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "councillor",
    "councilor",
    "alderman",
    "mayor",
    "senator",
    "sen",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "sir",
    "dame",
    "professor",
    "prof",
    "judge",
];

/// `PERSON` for an organisation or place span that is a person-only title
/// and a name of two or three capitalised words ("Councillor Pia
/// Lindqvist-Rowe", "Mayor Henrik Solberg-Ames"); else the label.
fn titled_person(text: &str, span: Span, label: &'static str) -> &'static str {
    // words of an organisation's name, never of a person's
    if !matches!(label, "ORG" | "GPE" | "NORP" | "FAC") {
        return label;
    }
    let Some(span_text) = text.get(span.start..span.end) else {
        return label;
    };
    // words as written ("Anne-Marie Lindqvist-Rowe" is two)
    let words: Vec<&str> = span_text.split_whitespace().collect();
    let Some((title, name)) = words.split_first() else {
        return label;
    };
    let title = title.trim_end_matches('.').to_lowercase();
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
            && !w.ends_with("'s")
            && !w.ends_with("’s")
            && !BODY_WORDS.contains(&w.to_lowercase().as_str())
    };
    if PERSON_TITLES.contains(&title.as_str())
        && (2..=3).contains(&name.len())
        && name.iter().all(capitalised)
    {
        "PERSON"
    } else {
        label
    }
}

/// Hyphenated place names joined by a linking word: "Sandrith-on-Tarn",
/// "Stratford-upon-Avon", "SOUTHEND-ON-SEA", "Bourton-on-the-Water".
fn linked_places(text: &str) -> Vec<Span> {
    static LINKED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?-u:\b)\p{Lu}[\p{L}]+(?:-(?i:on|upon|under|le|la|sur|en|am)(?:-(?i:the|der|le|la))?)-\p{Lu}[\p{L}]+(?-u:\b)",
        )
        .expect("linked place pattern")
    });
    spans_of(&LINKED, text)
}

/// Where a pattern matches.
fn spans_of(re: &regex::Regex, text: &str) -> Vec<Span> {
    re.find_iter(text)
        .map(|m| Span::new(m.start(), m.end()))
        .collect()
}

/// Hyphenated names joined by a word that links places as often as
/// people or groups ("Mazar-i-Sharif", "Lashkar-e-Taiba", "Jaish-e-Mohammed"):
/// one name only where the model saw a place in it.
fn linked_names(text: &str) -> Vec<Span> {
    static LINKED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?-u:\b)\p{Lu}[\p{L}]+-(?:i|e|de|du|des|di|da|del|al|el|ul)-\p{Lu}[\p{L}]+(?-u:\b)",
        )
        .expect("linked name pattern")
    });
    spans_of(&LINKED, text)
}

/// A name found after a title: the name's span and the whole capitalised
/// run with its title.
struct TitledName {
    span: Span,
    run: Span,
}

/// Names of two or three capitalised words after a run of capitalised
/// words that ends with a rank ("Chief Fire Officer Ruairi McAndless",
/// "New York Mayor Ana Ruiz"). A word that names a body or a building
/// ("Head Start Program Office"), a month or a weekday is no name's.
fn titled_names(text: &str, tokens: &[Token]) -> Vec<TitledName> {
    const NOT_NAMES: &[&str] = &[
        "the", "a", "an", "of", "and", "who", "what", "which", "that", "does", "do", "did", "is",
        "was", "will", "has", "have", "to", "for", "in", "on", "at",
    ];
    // words as written: "Okonjo-Brandt" is one
    let mut words: Vec<Span> = Vec::new();
    for t in tokens.iter().filter(|t| !t.is_space) {
        match words.last_mut() {
            Some(w)
                if w.end == t.start
                    && (text[w.start..w.end].ends_with('-') || &text[t.start..t.end] == "-") =>
            {
                w.end = t.end
            }
            _ => words.push(Span::new(t.start, t.end)),
        }
    }
    let words: Vec<&Span> = words.iter().collect();
    let word = |t: &Span| &text[t.start..t.end];
    // (the tokenizer splits a possessive "'s" off: it ends the run)
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().count() > 1
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !capitalised(word(words[i])) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < words.len()
            && capitalised(word(words[j]))
            && (j == i || text[words[j - 1].end..words[j].start] == *" ")
        {
            j += 1;
        }
        let run = &words[i..j];
        i = j.max(i + 1);
        // the title ends a run of capitalised words ("New York Mayor",
        // "Chief Fire Officer"); never in a headline's title case
        let Some(last_title) = run.iter().rposition(|t| is_title(word(t))) else {
            continue;
        };
        // a title that is never a word of a place's or a law's name
        // ("Prince Park Tower", "General Data Protection Regulation")
        const RANKS: &[&str] = &[
            "mr",
            "mrs",
            "ms",
            "dr",
            "officer",
            "inspector",
            "sergeant",
            "constable",
            "detective",
            "superintendent",
            "commissioner",
            "minister",
            "president",
            "chairman",
            "chairwoman",
            "chair",
            "director",
            "executive",
            "secretary",
            "mayor",
            "councillor",
            "councilor",
            "senator",
            "governor",
            "judge",
            "professor",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "ambassador",
            "commander",
            "captain",
            "colonel",
            "lieutenant",
            "sheriff",
            "chancellor",
            "premier",
            "coach",
            "manager",
            "chief",
        ];
        let rank = word(run[last_title]).trim_end_matches('.').to_lowercase();
        if !RANKS.contains(&rank.as_str()) || title_case_line(text, run[0].start) {
            continue;
        }
        let name = &run[last_title + 1..];
        if !(2..=3).contains(&name.len())
            || name.iter().any(|t| {
                let w = word(t).to_lowercase();
                is_title(&w)
                    || NOT_NAMES.contains(&w.as_str())
                    || crate::nlp::dates::is_day_or_month(&w)
                    || !word(t).chars().any(char::is_lowercase)
                    || BODY_WORDS.contains(&w.as_str())
            })
        {
            continue;
        }
        let (first, last) = (name[0], name[name.len() - 1]);
        out.push(TitledName {
            span: Span::new(first.start, last.end),
            run: Span::new(run[0].start, last.end),
        });
    }
    out
}

/// True when most words of the line around `at` are capitalised: a
/// headline in title case ("Police Chief Resigns After Scandal").
fn title_case_line(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    // a sentence ends with its stop; a headline does not
    if text[start..end]
        .trim_end()
        .ends_with(['.', '!', '?', '"', '”'])
    {
        return false;
    }
    let (mut caps, mut all) = (0, 0);
    for w in text[start..end].split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphabetic()) else {
            continue;
        };
        all += 1;
        caps += usize::from(c.is_uppercase());
    }
    all >= 3 && caps * 10 >= all * 6
}

/// Words of an organisation's name, never of a person's.
const BODY_WORDS: &[&str] = &[
    "school",
    "group",
    "university",
    "college",
    "institute",
    "hospital",
    "centre",
    "center",
    "council",
    "committee",
    "company",
    "foundation",
    "trust",
    "association",
    "board",
    "office",
    "party",
    "fund",
    "bank",
    "society",
    "club",
    "league",
    "department",
    "ministry",
    "service",
    "program",
    "programme",
    "agency",
    "authority",
    "court",
    "force",
    "corps",
    "station",
    "division",
    "unit",
    "team",
    "forum",
    "commission",
    "hotel",
    "tower",
    "bridge",
    "street",
    "road",
    "park",
    "square",
    "hall",
    "house",
    "airport",
    "stadium",
    "building",
];

/// The surname of a PERSON name: its last word, skipping "Jr.", "Sr.", "II".
fn surname(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut i = words.len().checked_sub(1)?;
    while i > 0
        && matches!(
            words[i].trim_end_matches(['.', ',']),
            "Jr" | "Sr" | "II" | "III" | "IV"
        )
    {
        i -= 1;
    }
    (i > 0).then(|| words[i].trim_end_matches([',', '.']))
}

/// Words that are not part of an acronym's initials.
const ACRONYM_SKIP: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "to", "at", "de", "du", "la", "le", "&",
];

/// True when `acronym` stands for `long` ("RTA" for "Regional Transit
/// Authority", "BENELUX" for "Belgium Netherlands Luxembourg"): its letters are the
/// initials of the long form's words, or appear in order in the long form
/// starting with its first letter.
pub fn acronym_matches(acronym: &str, long: &str) -> bool {
    let acr: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if acr.len() < 2 {
        return false;
    }
    let words: Vec<String> = long
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !ACRONYM_SKIP.contains(&w.to_lowercase().as_str()))
        .map(|w| w.to_lowercase())
        .collect();
    if words.len() < 2 {
        return false;
    }
    let initials: Vec<char> = words.iter().filter_map(|w| w.chars().next()).collect();
    // all initials, or those of all but a last generic word ("Civil
    // Aviation Authority Board (CAA)")
    if initials == acr || (initials.len() == acr.len() + 1 && initials[..acr.len()] == acr[..]) {
        return true;
    }
    // letters in order, first letter first, every word contributing at most its share
    let letters: Vec<char> = words
        .concat()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if letters.first() != acr.first() {
        return false;
    }
    let mut k = 0;
    for c in letters {
        if k < acr.len() && c == acr[k] {
            k += 1;
        }
    }
    k == acr.len() && acr.len() >= words.len()
}

/// The long form an all-capitals name stands for, when a multi-word name of
/// the same type in the article has exactly those initials.
fn initials_form(
    text: &str,
    group: Group,
    long_forms: &HashMap<(String, Group), String>,
) -> Option<String> {
    let letters: String = text.chars().filter(|c| c.is_alphabetic()).collect();
    if !(2..=6).contains(&letters.chars().count()) || !letters.chars().all(char::is_uppercase) {
        return None;
    }
    let initials = letters.to_lowercase();
    // places and organisations are often labelled inconsistently (GPE/ORG)
    [group, Group::Org, Group::Place]
        .iter()
        .find_map(|g| long_forms.get(&(initials.clone(), *g)))
        .cloned()
}

/// How long something lasted, after a verb of lasting ("lasting over an
/// hour", "the talks lasted for more than two hours", "which lasted an
/// hour and a half"): the model often leaves these untagged. Only the
/// duration, not the verb.
pub fn lasting_durations(text: &str) -> Vec<Span> {
    static LASTING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        const AMOUNT: &str = r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-five|fifty|several|a few|\d+(?:\.\d+)?)";
        regex::Regex::new(&format!(
            r"(?i)(?-u:\b)(?:lasted|lasting|lasts|(?:to|will|would|could|might|may|can|did|does|didn't|doesn't)\s+last)\s+(?:for\s+)?((?:(?:just\s+)?(?:over|under|more than|less than)|almost|nearly|about|around|roughly|some|at least|up to)?\s*{AMOUNT}(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+(?:minutes?|hours?|days?|weeks?)(?:[\s-]+and[\s-]+a[\s-]+half)?)(?-u:\b)"
        ))
        .unwrap()
    });
    LASTING
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| {
            let lead = m.as_str().len() - m.as_str().trim_start().len();
            Span::new(m.start() + lead, m.end())
        })
        .collect()
}

/// Words that make the name before them (or ending in them) a place:
/// "the Sandilands tram stop", "Trump Towers", "Pike Street".
const FACILITY_WORDS: &[&str] = &[
    "stop",
    "station",
    "street",
    "road",
    "avenue",
    "square",
    "bridge",
    "airport",
    "tower",
    "towers",
    "terminal",
    "junction",
    "interchange",
    "underpass",
    "tunnel",
];

/// Whether the name at `span` is a facility's: its last word is a facility
/// word, or one follows it (after at most two lower-case words: "tram",
/// "commuter train"). Peoples' names ("the Japanese station") are not:
/// a name ending like a demonym is left alone.
fn names_a_facility(text: &str, span: Span) -> bool {
    let name = &text[span.start..span.end];
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let Some(last) = words.last() else {
        return false;
    };
    if words.len() > 1 && FACILITY_WORDS.contains(&last.as_str()) {
        return true;
    }
    const DEMONYM: &[&str] = &["an", "ese", "ish", "ch", "i", "ic", "ean"];
    if DEMONYM.iter().any(|d| last.ends_with(d)) {
        return false;
    }
    let after = text[span.end..].split_whitespace().take(3);
    for w in after {
        let w = w.trim_end_matches([',', '.', ';', ':', ')', '\'', '"']);
        if FACILITY_WORDS.contains(&w) {
            return true;
        }
        if !w.chars().all(|c| c.is_lowercase()) || w.is_empty() {
            return false;
        }
    }
    false
}

/// Applies the layer to the model's entities.
pub fn refine(text: &str, tokens: &[Token], model: &[(Span, &'static str)]) -> Entities {
    // 0. clock times the model missed or mislabelled ("11:30pm" as an
    // event, "10.30pm" as nothing): the pattern's span replaces what
    // overlaps it, unless the model already has it as a time or date
    let clocks: Vec<Span> = clock_times(text)
        .into_iter()
        .chain(lasting_durations(text))
        .filter(|c| {
            !model
                .iter()
                .any(|(s, l)| matches!(*l, "TIME" | "DATE") && s.contains(*c))
        })
        .collect();
    let model: Vec<(Span, &'static str)> = model
        .iter()
        .copied()
        .filter(|(s, _)| !clocks.iter().any(|c| c.overlaps(*s)))
        .collect();
    // 1. trim titles and articles (a name after a title only people
    // carry is a person's, whatever the model said: "Councillor Pia
    // Lindqvist-Rowe" read as an organisation)
    let mut ents: Vec<(Span, &'static str, Origin)> = model
        .iter()
        .map(|&(span, label)| (span, titled_person(text, span, label)))
        .filter_map(|(span, label)| {
            trim(text, tokens, span, label).map(|(s, trimmed)| {
                (
                    s,
                    label,
                    if trimmed {
                        Origin::Trimmed
                    } else {
                        Origin::Model
                    },
                )
            })
        })
        .collect();

    ents.extend(clocks.iter().map(|&c| (c, "TIME", Origin::Clock)));
    // "Southend-on-Sea", "Mazar-i-Sharif": a place, and one name where the
    // model saw a piece of it ("Mazar"); a name the model saw around it
    // ("the Stratford-upon-Avon Council") keeps its span
    let linked = linked_places(text)
        .into_iter()
        .map(|s| (s, false))
        .chain(linked_names(text).into_iter().map(|s| (s, true)));
    for (span, needs_place) in linked {
        let pieces: Vec<usize> = (0..ents.len())
            .filter(|&i| ents[i].0.overlaps(span))
            .collect();
        let place_piece = pieces
            .iter()
            .any(|&i| matches!(ents[i].1, "GPE" | "LOC" | "FAC"));
        // (a name the model saw whole or around it, a person's or a
        // people's name with no place in it, or a name that links no place)
        if pieces.iter().any(|&i| ents[i].0.contains(span))
            || (!place_piece
                && pieces
                    .iter()
                    .any(|&i| matches!(ents[i].1, "PERSON" | "NORP")))
            || (needs_place && !place_piece)
        {
            continue;
        }
        let label = pieces
            .iter()
            .map(|&i| ents[i].1)
            .find(|l| matches!(*l, "GPE" | "LOC" | "FAC" | "ORG"))
            .unwrap_or("GPE");
        let whole = pieces.iter().fold(span, |u, &i| {
            Span::new(u.start.min(ents[i].0.start), u.end.max(ents[i].0.end))
        });
        for &i in pieces.iter().rev() {
            ents.remove(i);
        }
        ents.push((whole, label, Origin::Linked));
    }
    // a name after a title that the model missed, or read as part of an
    // organisation: a person's
    for name in titled_names(text, tokens) {
        let inside = |s: &Span| s.start >= name.run.start && s.end <= name.run.end;
        if ents.iter().any(|(s, l, _)| {
            s.overlaps(name.span) && (matches!(*l, "PERSON" | "FAC" | "GPE") || !inside(s))
        }) {
            continue;
        }
        ents.retain(|(s, _, _)| !s.overlaps(name.span));
        ents.push((name.span, "PERSON", Origin::Titled));
    }
    // a name that is a stop, a station, a street or a tower is a place,
    // whatever the model read it as ("near the Sandilands tram stop" as a
    // people's name, "outside Trump Towers" as a title)
    for e in ents.iter_mut() {
        if matches!(e.1, "NORP" | "WORK_OF_ART" | "PRODUCT") && names_a_facility(text, e.0) {
            e.1 = "FAC";
        }
    }
    ents.sort_by_key(|(s, _, _)| (s.start, s.end));

    // 2. acronyms defined in parentheses right after a name
    let mut acronyms: HashMap<String, (String, &'static str)> = HashMap::new();
    let words: Vec<&Token> = tokens.iter().filter(|t| !t.is_space).collect();
    for (i, t) in words.iter().enumerate() {
        let w = &text[t.start..t.end];
        if w != "(" || i + 2 >= words.len() || &text[words[i + 2].start..words[i + 2].end] != ")" {
            continue;
        }
        let acr = &text[words[i + 1].start..words[i + 1].end];
        let letters = acr.chars().filter(|c| c.is_alphabetic()).count();
        if !(2..=8).contains(&letters)
            || !acr
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        {
            continue;
        }
        // the long form: an entity ending just before "(", else the
        // capitalised words before it
        let long = ents
            .iter()
            .filter(|(s, _, _)| s.end <= t.start && text[s.end..t.start].trim().is_empty())
            .max_by_key(|(s, _, _)| s.end)
            .map(|(s, l, _)| (*s, *l));
        let long = long.or_else(|| {
            let mut start = None;
            for w in words[..i].iter().rev() {
                let s = &text[w.start..w.end];
                if s.chars().next().is_some_and(char::is_uppercase) || ACRONYM_SKIP.contains(&s) {
                    start = Some(w.start);
                } else {
                    break;
                }
            }
            start.map(|s| (Span::new(s, words[i - 1].end), "ORG"))
        });
        let Some((long_span, long_label)) = long else {
            continue;
        };
        // shorten the long form from the left until it matches (drops "the", titles)
        let long_text = &text[long_span.start..long_span.end];
        let mut matched = None;
        let mut offset = 0;
        for word in long_text.split_inclusive(char::is_whitespace) {
            let candidate = &long_text[offset..];
            if acronym_matches(acr, candidate) {
                matched = Some(Span::new(long_span.start + offset, long_span.end));
                break;
            }
            offset += word.len();
        }
        let Some(long_span) = matched else { continue };
        let label = if long_label == "PERSON" {
            "ORG"
        } else {
            long_label
        };
        if !ents.iter().any(|(s, _, _)| *s == long_span) {
            ents.retain(|(s, _, _)| !s.overlaps(long_span));
            ents.push((long_span, label, Origin::Acronym));
        }
        acronyms.insert(
            acr.to_string(),
            (name_key(&text[long_span.start..long_span.end]), label),
        );
    }
    for (span, label, origin) in &mut ents {
        if let Some((_, l)) = acronyms.get(&text[span.start..span.end])
            && *label != *l
        {
            *label = l;
            *origin = Origin::Acronym;
        }
    }

    // 3. document consistency: votes per name form
    let mut votes: HashMap<String, HashMap<&'static str, usize>> = HashMap::new();
    let mut person_forms: HashMap<String, String> = HashMap::new(); // form key → full-name key
    // (two people of one surname, "Barack Obama" and "Michelle Obama": the
    // bare surname is the one named in full most often, else first)
    let mut full_names: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    let mut first_full: HashMap<String, usize> = HashMap::new();
    let mut surnames: std::collections::BTreeSet<String> = Default::default();
    for (span, label, _) in &ents {
        let t = &text[span.start..span.end];
        if !Group::of(label).is_name() {
            continue;
        }
        *votes
            .entry(name_key(t))
            .or_default()
            .entry(label)
            .or_default() += 1;
        if *label == "PERSON"
            && let Some(s) = surname(t)
        {
            let names = full_names.entry(name_key(s)).or_default();
            let full = name_key(t);
            match names.iter_mut().find(|(n, _)| *n == full) {
                Some((_, count)) => *count += 1,
                None => names.push((full, 1)),
            }
            surnames.insert(name_key(s));
            let first = first_full.entry(name_key(s)).or_insert(span.start);
            *first = (*first).min(span.start);
        }
    }
    // a surname used alone before any full name with it names someone the
    // report never names in full ("Obama" throughout, "Michelle Obama" once
    // near the end): it joins no full name
    for (span, _, _) in &ents {
        let key = name_key(&text[span.start..span.end]);
        if first_full.get(&key).is_some_and(|&f| span.start < f) {
            full_names.remove(&key);
        }
    }
    for (form, names) in full_names {
        // (max_by_key keeps the last of equals: the first named wins a tie)
        if let Some((full, _)) = names.into_iter().rev().max_by_key(|(_, count)| *count) {
            person_forms.insert(form, full);
        }
    }
    for form in &surnames {
        // A surname of a full PERSON name votes PERSON, strongly: the model
        // sees "Okafor" alone without the sentence that named her in full.
        // (it outvotes every other label the model gave the bare surname)
        let v = votes.entry(form.clone()).or_default();
        let others: usize = v
            .iter()
            .filter(|(l, _)| **l != "PERSON")
            .map(|(_, n)| *n)
            .sum();
        *v.entry("PERSON").or_default() += others.max(2) + 1;
    }
    for (acr, (_, label)) in &acronyms {
        // a defined acronym is an entity wherever it appears
        *votes
            .entry(name_key(acr))
            .or_default()
            .entry(label)
            .or_default() += 2;
    }
    let majority = |key: &str| -> Option<&'static str> {
        let v = votes.get(key)?;
        let total: usize = v.values().sum();
        let (label, n) = v
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))?;
        (*n * 2 > total).then_some(*label)
    };
    for (span, label, origin) in &mut ents {
        if !Group::of(label).is_name() {
            continue;
        }
        if let Some(m) = majority(&name_key(&text[span.start..span.end]))
            && m != *label
        {
            *label = m;
            *origin = Origin::Consistency;
        }
    }
    // unlabelled repeats of labelled forms (capitalised, whole tokens)
    let forms: Vec<(Vec<String>, &'static str)> = votes
        .keys()
        .filter_map(|k| {
            Some((
                k.split(' ').map(str::to_string).collect::<Vec<_>>(),
                majority(k)?,
            ))
        })
        .filter(|(ws, _)| !ws.is_empty() && !ws[0].is_empty())
        .collect();
    let keys: Vec<String> = words
        .iter()
        .map(|t| name_key(&text[t.start..t.end]))
        .collect();
    let mut added = Vec::new();
    for i in 0..words.len() {
        let first = &text[words[i].start..words[i].end];
        if !first.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let best = forms
            .iter()
            .filter(|(ws, _)| i + ws.len() <= keys.len() && keys[i..i + ws.len()] == ws[..])
            .max_by_key(|(ws, _)| ws.len());
        let Some((ws, label)) = best else { continue };
        let span = Span::new(words[i].start, words[i + ws.len() - 1].end);
        // every word of a multi-word form capitalised, and not inside an entity already
        let all_caps = words[i..i + ws.len()].iter().all(|t| {
            let s = &text[t.start..t.end];
            s.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
                || ACRONYM_SKIP.contains(&s)
        });
        if all_caps
            && !ents.iter().any(|(s, _, _)| s.overlaps(span))
            && !added.iter().any(|(s, _): &(Span, &str)| s.overlaps(span))
        {
            added.push((span, *label));
        }
    }
    ents.extend(added.into_iter().map(|(s, l)| (s, l, Origin::Consistency)));
    ents.sort_by_key(|(s, _, _)| (s.start, s.end));

    // 4. canonical entities
    let mut canonical: Vec<Canonical> = Vec::new();
    let mut by_key: HashMap<(String, Group), usize> = HashMap::new();
    let mut mentions = Vec::new();
    // multi-word names by their initials, for undefined acronyms
    let long_forms: HashMap<(String, Group), String> = ents
        .iter()
        .filter_map(|(span, label, _)| {
            let t = &text[span.start..span.end];
            let words: Vec<&str> = t
                .split_whitespace()
                .filter(|w| !ACRONYM_SKIP.contains(&w.to_lowercase().as_str()))
                .collect();
            if words.len() < 2 || !Group::of(label).is_name() {
                return None;
            }
            let initials: String = words
                .iter()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_lowercase)
                .collect();
            Some(((initials, Group::of(label)), name_key(t)))
        })
        .collect();
    // full names first, so surnames can join them
    let mut order: Vec<usize> = (0..ents.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(ents[i].0.len()));
    let mut canon_of = vec![0; ents.len()];
    for &i in &order {
        let (span, label, _) = ents[i];
        let group = Group::of(label);
        let t = &text[span.start..span.end];
        let mut key = name_key(t);
        if group == Group::Person
            && let Some(full) = person_forms.get(&key)
        {
            key = full.clone();
        }
        if let Some((long, _)) = acronyms.get(t) {
            key = long.clone();
        } else if let Some(long) = initials_form(t, group, &long_forms) {
            // "UN" beside "United Nations", "US" beside "United States"
            key = long;
        }
        let c = *by_key.entry((key.clone(), group)).or_insert_with(|| {
            canonical.push(Canonical {
                key,
                name: display_name(t),
                label,
                group,
                mentions: Vec::new(),
            });
            canonical.len() - 1
        });
        canon_of[i] = c;
    }
    for (i, (span, label, origin)) in ents.into_iter().enumerate() {
        let c = canon_of[i];
        canonical[c].mentions.push(i);
        mentions.push(Mention {
            span,
            label,
            group: Group::of(label),
            canonical: c,
            origin,
        });
    }
    Entities {
        mentions,
        canonical,
    }
}

/// Abbreviations whose final dot belongs to them ("Apple Inc.").
const KEEP_DOT: &[&str] = &[
    "inc", "co", "corp", "ltd", "jr", "sr", "st", "bros", "dr", "mr", "mrs", "ms", "prof", "gen",
    "col", "lt", "sgt", "gov", "sen", "rep", "no", "vs", "plc", "llc", "ave", "mt", "ft",
];

/// The name shown for an entity: a possessive ('s, ’s, or a plural's
/// apostrophe) and trailing punctuation dropped ("Elon Musk's" → "Elon
/// Musk", "Trump’s" → "Trump", "SpaceX." → "SpaceX"), while an
/// abbreviation keeps its final dot ("U.S.", "Apple Inc.").
pub fn display_name(text: &str) -> String {
    let mut t = text.trim();
    loop {
        let before = t;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if let Some(rest) = t.strip_suffix(suffix)
                && rest.chars().last().is_some_and(char::is_alphanumeric)
            {
                t = rest;
            }
        }
        // "the Workers' union": a plural's apostrophe
        if (t.ends_with("s'") || t.ends_with("s’")) && t.chars().count() > 2 {
            t = &t[..t.len() - t.chars().last().map_or(0, char::len_utf8)];
        }
        t = t.trim_end_matches([
            ',', ';', ':', '!', '?', '"', '”', '“', ')', '(', '\'', '’', '-', '–', '—',
        ]);
        if let Some(rest) = t.strip_suffix('.') {
            let last = rest.rsplit(char::is_whitespace).next().unwrap_or(rest);
            let letters = last.chars().filter(|c| c.is_alphabetic()).count();
            let abbreviation = last.contains('.')
                || letters < 2
                || KEEP_DOT.contains(&last.to_lowercase().as_str());
            if !abbreviation {
                t = rest;
            }
        }
        t = t.trim_end();
        if t == before {
            break;
        }
    }
    if t.is_empty() {
        text.trim().to_string()
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_after_lasting() {
        let text = "Their conversation, lasting over an hour, was cordial. The talks lasted \
                    for an hour and a half; the session lasted 45 minutes. The last two days \
                    and a last hour are no durations of anything.";
        let found: Vec<&str> = lasting_durations(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(found, ["over an hour", "an hour and a half", "45 minutes"]);
        let ents = recognize(text, &[]);
        assert!(
            ents.mentions
                .iter()
                .any(|m| m.label == "TIME" && &text[m.span.start..m.span.end] == "over an hour")
        );
    }

    #[test]
    fn clock_times_by_pattern() {
        let text = "It struck around 11:30pm local time, or at 10.30 p.m. by another \
                    account, shortly before 11pm; the 23:40 GMT flight, not 10.30 or 1,11pm; \
                    it opened fire around 3:25 a.m at a diner.";
        let found: Vec<&str> = clock_times(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            found,
            [
                "around 11:30pm local time",
                "10.30 p.m.",
                "shortly before 11pm",
                "23:40 GMT",
                "around 3:25 a.m"
            ]
        );
        // the model's "11:30pm" as an event becomes a time
        let ents = recognize(text, &[]);
        assert!(
            ents.mentions.iter().any(|m| m.label == "TIME"
                && &text[m.span.start..m.span.end] == "around 11:30pm local time")
        );
        assert!(!ents.mentions.iter().any(|m| m.label != "TIME"
            && m.label != "DATE"
            && text[m.span.start..m.span.end].contains("11:30")));
    }

    #[test]
    fn display_names_drop_possessives_and_trailing_punctuation() {
        for (raw, shown) in [
            ("Elon Musk's", "Elon Musk"),
            ("Trump’s", "Trump"),
            ("SpaceX.", "SpaceX"),
            ("the Workers'", "the Workers"),
            ("U.S.", "U.S."),
            ("Apple Inc.", "Apple Inc."),
            ("Norway,", "Norway"),
            ("St.", "St."),
            ("Paris", "Paris"),
            ("'s", "'s"),
        ] {
            assert_eq!(display_name(raw), shown, "{raw}");
        }
        // and canonical entities carry the clean name
        let text = "Elon Musk's company SpaceX said on Monday. Musk spoke.";
        let e = recognize(text, &[]);
        assert!(
            e.canonical
                .iter()
                .all(|c| !c.name.ends_with("'s") && !c.name.ends_with('.')),
            "{:?}",
            e.canonical
        );
    }

    #[test]
    fn a_possessive_ending_is_trimmed_from_people_and_countries_only() {
        let text = "They read Mara Quinlan\u{2019}s emails, Britain's reply and Sainsbury's note.";
        let (_, tokens) = model_entities(text);
        let span = |name: &str| {
            let start = text.find(name).unwrap();
            Span::new(start, start + name.len())
        };
        let trimmed = |name: &str, label| {
            trim(text, &tokens, span(name), label).map(|(s, _)| &text[s.start..s.end])
        };
        assert_eq!(
            trimmed("Mara Quinlan\u{2019}s", "PERSON"),
            Some("Mara Quinlan")
        );
        assert_eq!(trimmed("Britain's", "GPE"), Some("Britain"));
        assert_eq!(trimmed("Sainsbury's", "ORG"), Some("Sainsbury's"));
        assert_eq!(trimmed("Mara Quinlan", "PERSON"), Some("Mara Quinlan"));
    }

    fn labelled(e: &Entities, text: &str) -> Vec<(String, &'static str)> {
        e.mentions
            .iter()
            .map(|m| (text[m.span.start..m.span.end].to_string(), m.label))
            .collect()
    }

    #[test]
    fn groups() {
        assert_eq!(Group::of("GPE"), Group::Place);
        assert_eq!(Group::of("MONEY"), Group::Number);
        assert_eq!(Group::of("TIME"), Group::Date);
        assert_eq!(Group::of("LAW"), Group::Other);
        assert!(!Group::Date.is_name());
    }

    #[test]
    fn acronym_forms() {
        assert!(acronym_matches("RTA", "Regional Transit Authority"));
        assert!(acronym_matches("BENELUX", "Belgium Netherlands Luxembourg"));
        assert!(acronym_matches("AU", "African Union"));
        assert!(acronym_matches("MEDEVAC", "Medical Evacuation"));
        assert!(acronym_matches("CAA", "Civil Aviation Authority Board"));
        assert!(!acronym_matches("CA", "Civil Aviation Authority Board"));
        assert!(!acronym_matches("NBC", "Regional Transit Authority"));
        assert!(!acronym_matches("UN", "Union"));
    }

    #[test]
    fn a_stop_a_street_or_a_tower_is_a_place_whatever_the_model_read() {
        let place = |text: &str, name: &str| {
            let start = text.find(name).unwrap();
            names_a_facility(text, Span::new(start, start + name.len()))
        };
        assert!(place(
            "derailed near the Sandilands tram stop in Croydon",
            "Sandilands"
        ));
        assert!(place("near the Kelby commuter train station.", "Kelby"));
        assert!(place(
            "a protest outside Trump Towers on Wednesday",
            "Trump Towers"
        ));
        // a people's name before a station, a name before a name, a name
        // with no facility after it
        assert!(!place("the Japanese station chief said", "Japanese"));
        assert!(!place("the Sandilands Tram Company said", "Sandilands"));
        assert!(!place(
            "Sandilands residents said the stop was closed",
            "Sandilands"
        ));
    }

    #[test]
    fn surnames() {
        assert_eq!(surname("Maria Okafor"), Some("Okafor"));
        assert_eq!(surname("James B. Comey Jr."), Some("Comey"));
        assert_eq!(surname("Okafor"), None);
    }

    #[test]
    fn a_name_after_a_persons_title_is_a_person() {
        let label = |text: &str| titled_person(text, Span::new(0, text.len()), "ORG");
        assert_eq!(label("Councillor Pia Lindqvist-Rowe"), "PERSON");
        assert_eq!(label("Mayor Henrik Solberg-Ames"), "PERSON");
        assert_eq!(label("Mayor's Office"), "ORG");
        assert_eq!(label("Councillor Training Board of Wales"), "ORG");
        assert_eq!(label("Senate Armed Services Committee"), "ORG");
        assert_eq!(label("Councillor Anne-Marie Lindqvist-Rowe"), "PERSON");
        assert_eq!(label("Judge Business School"), "ORG");
    }

    #[test]
    fn linked_names_are_places() {
        let text = "Flooding hit Sandrith-on-Tarn and STRATFORD-UPON-AVON; a well-known cafe \
                    in Bourton-on-the-Water shut. Pre-on-sale was not a place.";
        let found: Vec<&str> = linked_places(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            found,
            [
                "Sandrith-on-Tarn",
                "STRATFORD-UPON-AVON",
                "Bourton-on-the-Water"
            ]
        );
        // a group's name is no place
        let text = "Police blamed Lashkar-e-Taiba for the attack.";
        let e = recognize(text, &[]);
        assert!(
            !e.mentions
                .iter()
                .any(|m| m.group == Group::Place && text[m.span.start..m.span.end].contains('-')),
            "{:?}",
            e.mentions
        );
        // a name the model saw only a piece of is one name
        for (text, name) in [
            (
                "A car bomb was rammed into the wall of the consulate in Mazar-i-Sharif.",
                "Mazar-i-Sharif",
            ),
            (
                "Gunmen attacked the building in the city of Mazar-e-Sharif.",
                "Mazar-e-Sharif",
            ),
        ] {
            let e = recognize(text, &[]);
            assert!(
                e.mentions
                    .iter()
                    .any(|m| m.group == Group::Place && &text[m.span.start..m.span.end] == name),
                "{text}: {:?}",
                e.mentions
            );
        }
        let e = recognize("Residents of Sandrith-on-Tarn were evacuated.", &[]);
        assert!(
            e.mentions
                .iter()
                .any(|m| m.group == Group::Place && m.span == Span::new(13, 29))
        );
    }

    #[test]
    fn names_after_a_title_the_model_missed_are_people() {
        let text = "The fire crossed two lines, and Chief Fire Officer Ruairi McAndless said \
                    the winds were to blame. Riverside Mayor Ana Okonjo-Brandt agreed.";
        let toks = model_entities(text).1;
        let found: Vec<&str> = titled_names(text, &toks)
            .iter()
            .map(|n| &text[n.span.start..n.span.end])
            .collect();
        assert_eq!(found, ["Ruairi McAndless", "Ana Okonjo-Brandt"]);
        // no name: a body, a single word, a weekday, a headline in title case
        for text in [
            "the Police Chief Training Board met.",
            "he met Prime Minister Modi on Monday.",
            "officials told Chief Inspector Monday morning crowds to leave.",
            "Police Chief Resigns After Scandal In Riverside",
            "a party at Prince Park Tower in Tokyo.",
            "a room at the President Wilson Hotel.",
            "under the General Data Protection Regulation rules.",
        ] {
            let toks = model_entities(text).1;
            assert!(titled_names(text, &toks).is_empty(), "{text}");
        }
        let text = "Chief Fire Officer Ruairi McAndless said the winds had turned.";
        let e = recognize(text, &[]);
        assert!(
            labelled(&e, text).contains(&("Ruairi McAndless".to_string(), "PERSON")),
            "{:?}",
            labelled(&e, text)
        );
    }

    #[test]
    fn a_surname_two_people_share_is_the_one_named_most() {
        // invented
        let text = "President Alan Brandt met reporters. Alan Brandt said the talks went well. \
                    His wife, Clara Brandt, toured a school. Later Brandt said he was hopeful.";
        let at = text.rfind("Brandt said").unwrap();
        assert_eq!(canonical_name_at(text, at), "Alan Brandt");
    }

    #[test]
    fn a_surname_used_before_any_full_name_joins_none() {
        // invented
        let text = "President Brandt met reporters on Monday. Brandt said the talks went well. \
                    His wife, Clara Brandt, toured a school.";
        let at = text.find("Brandt said").unwrap();
        assert_ne!(canonical_name_at(text, at), "Clara Brandt");
    }

    /// The canonical name of the mention that starts at `at`.
    fn canonical_name_at(text: &str, at: usize) -> String {
        let e = recognize(text, &[]);
        let m = e
            .mentions
            .iter()
            .find(|m| m.span.start == at)
            .expect("the bare surname is a mention");
        e.canonical[m.canonical].name.clone()
    }

    #[test]
    fn titles_are_trimmed_and_surnames_follow_full_names() {
        let text = "Spokeswoman Maria Okafor said the line would reopen. Okafor added that trains were safe.";
        let e = recognize(text, &[]);
        let got = labelled(&e, text);
        assert!(
            got.contains(&("Maria Okafor".to_string(), "PERSON")),
            "{got:?}"
        );
        assert!(got.contains(&("Okafor".to_string(), "PERSON")), "{got:?}");
        // both mentions share one canonical entity
        let c: Vec<usize> = e
            .mentions
            .iter()
            .filter(|m| m.group == Group::Person)
            .map(|m| m.canonical)
            .collect();
        assert!(c.windows(2).all(|w| w[0] == w[1]), "{:?}", e.canonical);
    }

    #[test]
    fn acronyms_share_their_long_forms_label() {
        let text = "The Regional Transit Authority (RTA) cut fares on Monday. Riders said the RTA had waited too long.";
        let e = recognize(text, &[]);
        let rta: Vec<&Mention> = e
            .mentions
            .iter()
            .filter(|m| &text[m.span.start..m.span.end] == "RTA")
            .collect();
        assert_eq!(rta.len(), 2, "{:?}", labelled(&e, text));
        assert!(rta.iter().all(|m| m.label == "ORG"));
        let long = e
            .mentions
            .iter()
            .find(|m| text[m.span.start..m.span.end].starts_with("Regional"))
            .unwrap();
        assert_eq!(rta[0].canonical, long.canonical);
    }

    #[test]
    fn undefined_acronyms_join_their_long_forms_and_boilerplate_is_skipped() {
        let text = "The United Nations said aid would come. The UN has 200 staff there.\nFollow Metro Daily on Twitter.";
        let footer = Span::new(text.find("Follow").unwrap(), text.len());
        let e = recognize(text, &[footer]);
        let un: Vec<&Mention> = e
            .mentions
            .iter()
            .filter(|m| matches!(&text[m.span.start..m.span.end], "UN" | "United Nations"))
            .collect();
        assert_eq!(un.len(), 2, "{:?}", labelled(&e, text));
        assert_eq!(un[0].canonical, un[1].canonical);
        assert!(e.mentions.iter().all(|m| !footer.overlaps(m.span)));
    }

    #[test]
    fn accents_and_case_fold_into_one_entity() {
        let text = "Officials in Zürich met on Monday. Zurich police said ZURICH was calm.";
        let e = recognize(text, &[]);
        let places: Vec<&Canonical> = e.canonical.iter().filter(|c| c.key == "zurich").collect();
        assert_eq!(places.len(), 1, "{:?}", e.canonical);
    }
}
