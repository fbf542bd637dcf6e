//! Numbers as the intervals they assert.
//!
//! "at least 12" is [12, ∞), "more than 3,200" is (3200, ∞), "about 300" is
//! [270, 330], "nearly 900" is [810, 900), "dozens" is [24, 144), "two
//! hundred" is 200. Each quantity keeps its hedge, its unit (a count, a
//! percentage, money) and what it counts: the head noun of the phrase after
//! it ("40 more fire engines" counts engines). Years, ages, ordinals
//! and clock times are not quantities.

use crate::corpus::Span;
use crate::nlp::fold::fold;
use crate::nlp::terms::stem;
use crate::nlp::tokens::{Token, TokenKind, tokenize};
use serde::{Deserialize, Serialize};

/// How a number was hedged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hedge {
    Exact,
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
    Nearly,
    About,
    Range,
    /// "dozens", "hundreds", "several".
    Vague,
}

/// What the number measures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Percent,
    Money(String),
    /// An age in years ("a 38-year-old driver", "the driver, 36,").
    Age,
}

/// An interval of values; open ends are excluded values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Interval {
    pub fn exact(v: f64) -> Interval {
        Interval {
            lo: v,
            hi: v,
            lo_open: false,
            hi_open: false,
        }
    }

    /// True when some value lies in both intervals.
    pub fn overlaps(&self, other: &Interval) -> bool {
        let lo_ok = if self.lo_open || other.hi_open {
            self.lo < other.hi
        } else {
            self.lo <= other.hi
        };
        let hi_ok = if other.lo_open || self.hi_open {
            other.lo < self.hi
        } else {
            other.lo <= self.hi
        };
        lo_ok && hi_ok
    }

    pub fn is_point(&self) -> bool {
        self.lo == self.hi && !self.lo_open && !self.hi_open
    }

    /// The interval times `factor`: exact for a power of ten (2,345 ha
    /// stay 2,345), else to three significant digits (131 feet are 39.9
    /// metres).
    pub fn scaled(&self, factor: f64) -> Interval {
        // (a division by a power of ten prints as written: 39.9, 1.5)
        let by_power = |v: f64, k: i32| {
            if k < 0 {
                v / 10f64.powi(-k)
            } else {
                v * 10f64.powi(k)
            }
        };
        let exponent = factor.log10();
        let exact = (exponent - exponent.round()).abs() < 1e-9;
        let scale = |v: f64| {
            if exact {
                return by_power(v, exponent.round() as i32);
            }
            let v = v * factor;
            if !v.is_finite() || v == 0.0 {
                return v;
            }
            let k = 2 - v.abs().log10().floor() as i32;
            by_power(by_power(v, k).round(), -k)
        };
        Interval {
            lo: scale(self.lo),
            hi: scale(self.hi),
            ..*self
        }
    }

    /// A readable form: "12", "≥12", ">3,200", "270–330".
    pub fn describe(&self) -> String {
        let f = |v: f64| {
            if v.is_infinite() {
                "∞".to_string()
            } else if v.fract() == 0.0 && v.abs() < 1e15 {
                group_thousands(v as i64)
            } else {
                format!("{v}")
            }
        };
        if self.is_point() {
            f(self.lo)
        } else if self.hi.is_infinite() {
            format!("{}{}", if self.lo_open { ">" } else { "≥" }, f(self.lo))
        } else if self.lo <= 0.0 && !self.lo_open {
            format!("{}{}", if self.hi_open { "<" } else { "≤" }, f(self.hi))
        } else {
            format!("{}–{}", f(self.lo), f(self.hi))
        }
    }
}

fn group_thousands(v: i64) -> String {
    let s = v.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// A quantity found in text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The whole expression, hedge included ("more than 3,200").
    pub span: Span,
    /// The value as written, before hedging (5600), if there is one.
    pub value: Option<f64>,
    pub interval: Interval,
    pub hedge: Hedge,
    pub unit: Unit,
    /// What is counted: the stemmed head noun ("officer"), if found.
    pub head: Option<String>,
    pub head_span: Option<Span>,
    /// An increment, not a total: "200 more officers", "50 additional troops".
    pub delta: bool,
}

/// Last words of photo credits, after which a number opens a gallery
/// caption: "Getty Images", "PA:Press Association", "Reuters".
const PHOTO_CREDIT_TAILS: &[&str] = &[
    "Images",
    "Ltd",
    "Shutterstock",
    "Alamy",
    "SWNS",
    "Newspapers",
    "Photos",
    "Getty",
];

/// Agencies whose bare name ends a credit only after its colon
/// ("AP:Associated Press 18 …", "PA:Press Association 22 …").
const AGENCY_CREDITS: &[&str] = &[
    "Press",
    "Association",
    "Service",
    "Reuters",
    "AFP",
    "AP",
    "PA",
    "EPA",
    "Rex",
    "Photo",
];

const ONES: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];
const TENS: &[(&str, f64)] = &[
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];
const SCALES: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];
/// Scales written short after a sum: "€18.5m", "$2bn", "£300k".
const ABBREVIATED_SCALES: &[(&str, f64)] =
    &[("m", 1e6), ("mn", 1e6), ("bn", 1e9), ("b", 1e9), ("k", 1e3)];
/// Currencies named by a word after the sum ("18.5m euros").
const CURRENCY_WORDS: &[&str] = &["dollars", "euros", "pounds", "shillings", "yen", "rupees"];

/// A word that scales a number: "hundred", "million", "dozen".
pub fn is_scale_word(word: &str) -> bool {
    word == "dozen" || lookup(SCALES, word).is_some()
}

/// Vague amounts: "dozens of", "hundreds of", "several".
const VAGUE: &[(&str, f64, f64)] = &[
    ("dozens", 24.0, 144.0),
    ("scores", 40.0, 200.0),
    ("hundreds", 200.0, 1000.0),
    ("thousands", 2000.0, 10000.0),
    ("millions", 2e6, 1e7),
    ("billions", 2e9, 1e10),
    ("several", 3.0, 10.0),
    ("a few", 2.0, 6.0),
    ("a couple", 2.0, 3.0),
    ("handful", 2.0, 6.0),
];

fn lookup(table: &[(&str, f64)], w: &str) -> Option<f64> {
    table.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// The value of a spelled number word, including "twenty-six".
fn word_value(w: &str) -> Option<f64> {
    if let Some(v) = lookup(ONES, w).or_else(|| lookup(TENS, w)) {
        return Some(v);
    }
    let (t, o) = w.split_once('-')?;
    Some(lookup(TENS, t)? + lookup(ONES, o).filter(|v| *v < 10.0 && *v > 0.0)?)
}

struct Cursor<'a> {
    text: &'a str,
    toks: &'a [Token],
}

impl Cursor<'_> {
    fn word(&self, i: usize) -> Option<String> {
        self.toks
            .get(i)
            .map(|t| fold(&self.text[t.span.start..t.span.end]))
    }
    fn raw(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map(|t| &self.text[t.span.start..t.span.end])
            .unwrap_or("")
    }
    fn is(&self, i: usize, words: &[&str]) -> bool {
        self.word(i).is_some_and(|w| words.contains(&w.as_str()))
    }
}

/// Hedges before a number: (words, hedge). Longest first.
const HEDGES: &[(&[&str], Hedge)] = &[
    (&["at", "least"], Hedge::AtLeast),
    // (a slip of the keys newsrooms make: "A least seven people were killed")
    (&["a", "least"], Hedge::AtLeast),
    (&["no", "fewer", "than"], Hedge::AtLeast),
    (&["no", "less", "than"], Hedge::AtLeast),
    (&["more", "than"], Hedge::MoreThan),
    (&["upwards", "of"], Hedge::MoreThan),
    (&["in", "excess", "of"], Hedge::MoreThan),
    (&["over"], Hedge::MoreThan),
    (&["above"], Hedge::MoreThan),
    (&["up", "to"], Hedge::AtMost),
    (&["as", "many", "as"], Hedge::AtMost),
    (&["at", "most"], Hedge::AtMost),
    (&["no", "more", "than"], Hedge::AtMost),
    (&["fewer", "than"], Hedge::LessThan),
    (&["less", "than"], Hedge::LessThan),
    (&["under"], Hedge::LessThan),
    (&["below"], Hedge::LessThan),
    (&["nearly"], Hedge::Nearly),
    (&["almost"], Hedge::Nearly),
    (&["close", "to"], Hedge::Nearly),
    (&["just", "under"], Hedge::Nearly),
    (&["about"], Hedge::About),
    (&["around"], Hedge::About),
    (&["approximately"], Hedge::About),
    (&["roughly"], Hedge::About),
    (&["some"], Hedge::About),
    (&["an", "estimated"], Hedge::About),
    (&["estimated"], Hedge::About),
    (&["approx"], Hedge::About),
];

/// A parsed number: value, tokens used.
fn parse_number(c: &Cursor, i: usize) -> Option<(f64, usize)> {
    let tok = c.toks.get(i)?;
    let mut value;
    let mut j;
    if tok.kind == TokenKind::Number {
        let raw = c.raw(i);
        if raw.ends_with("st")
            || raw.ends_with("nd")
            || raw.ends_with("rd")
            || raw.ends_with("th")
            || raw.contains(':')
        {
            return None;
        }
        // decades ("the 1950s", "in their 20s") are periods, not counts
        if raw.ends_with('s') {
            return None;
        }
        // counters and fractions ("4/19" in a gallery caption, "1/8") are not counts
        let t = c.toks[i].span;
        let bytes = c.text.as_bytes();
        let slash_after =
            bytes.get(t.end) == Some(&b'/') && bytes.get(t.end + 1).is_some_and(u8::is_ascii_digit);
        let slash_before =
            t.start >= 2 && bytes[t.start - 1] == b'/' && bytes[t.start - 2].is_ascii_digit();
        if slash_after || slash_before {
            return None;
        }
        // a gallery counter after a photo credit ("Getty Images 22 Friends
        // and family…", "AP:Associated Press 18 Staffers gather…")
        // (an agency's bare name needs the credit's colon: "according to
        // AFP 30 Palestinians were killed" is a count)
        let before = c.text[..t.start].trim_end();
        let credit_before = before
            .rsplit(|ch: char| !ch.is_alphanumeric())
            .next()
            .is_some_and(|w| {
                PHOTO_CREDIT_TAILS.contains(&w)
                    || (AGENCY_CREDITS.contains(&w) && {
                        let line = before
                            .rsplit(['.', '\n', '!', '?'])
                            .next()
                            .unwrap_or(before);
                        line.contains(':')
                    })
            });
        let capital_after = c.text[t.end..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if credit_before && capital_after {
            return None;
        }
        // a time of day ("6.10am", "6.15 a.m.", "14.30 GMT")
        // (the few characters after the number are enough to look at)
        let after: String = c.text[t.end..]
            .trim_start_matches(' ')
            .chars()
            .take(12)
            .collect::<String>()
            .to_ascii_lowercase();
        if [
            "am",
            "pm",
            "a.m",
            "p.m",
            "gmt",
            "bst",
            "utc",
            "hrs",
            "local time",
        ]
        .iter()
        .any(|u| {
            after.starts_with(u)
                && !after[u.len()..].starts_with(|ch: char| ch.is_ascii_alphabetic())
        }) {
            return None;
        }
        let digits = raw.replace(',', "");
        value = digits.parse::<f64>().ok()?;
        j = i + 1;
    } else {
        let w = c.word(i)?;
        if w == "a" || w == "an" {
            // "a million", "a hundred", "a dozen"
            let next = c.word(i + 1)?;
            if next == "dozen" {
                return Some((12.0, 2));
            }
            let scale = lookup(SCALES, &next)?;
            return Some((scale, 2))
                .map(|(v, n)| extend_scales(c, i + n, v).map_or((v, n), |(v2, m)| (v2, n + m)));
        }
        if w == "dozen" {
            return Some((12.0, 1));
        }
        value = word_value(&w)?;
        j = i + 1;
        // "one hundred and fifty", "twenty six"
        if value < 10.0
            && let Some(next) = c.word(j)
            && lookup(SCALES, &next).is_none()
            && word_value(&next).is_some()
        {
            return None;
        }
    }
    if let Some((v, n)) = extend_scales(c, j, value) {
        value = v;
        j += n;
    }
    Some((value, j - i))
}

/// A fraction before "of", as a percentage: "a third of" (33.3), "half
/// of" (50), "two-thirds of", "three quarters of". Returns the value and
/// the tokens used (not "of").
fn fraction(c: &Cursor, i: usize) -> Option<(f64, usize)> {
    const PARTS: &[(&str, f64)] = &[
        ("half", 2.0),
        ("third", 3.0),
        ("quarter", 4.0),
        ("fifth", 5.0),
        ("tenth", 10.0),
    ];
    let denominator = |w: &str| lookup(PARTS, w.strip_suffix('s').unwrap_or(w));
    let share = |num: f64, den: f64| ((1000.0 * num / den).round() / 10.0, num < den);
    let w = c.word(i)?;
    let (value, used) = if let Some((n, d)) = w.split_once('-') {
        // "two-thirds"
        let (v, ok) = share(word_value(n)?, denominator(d)?);
        ok.then_some((v, 1))?
    } else if w == "half" {
        (50.0, 1)
    } else {
        // "a third", "one quarter", "three quarters"
        let num = if w == "a" || w == "an" {
            1.0
        } else {
            word_value(&w)?
        };
        let next = c.word(i + 1)?;
        let den = denominator(&next)?;
        // "a third" but not "two third", "a halves"
        if (num == 1.0) != (next == "half" || !next.ends_with('s')) {
            return None;
        }
        let (v, ok) = share(num, den);
        ok.then_some((v, 2))?
    };
    // "a quarter of a million people" is a count, not a share
    let k = i + used + 1 + usize::from(c.is(i + used + 1, &["a", "an"]));
    if c.word(k).is_some_and(|w| lookup(SCALES, &w).is_some()) {
        return None;
    }
    c.is(i + used, &["of"]).then_some((value, used))
}

/// Multiplies by scale words after a number: "2.5 million", "two hundred
/// and fifty thousand".
fn extend_scales(c: &Cursor, mut j: usize, mut value: f64) -> Option<(f64, usize)> {
    let start = j;
    let mut total = 0.0;
    // "two dozen": twenty-four
    while let Some(scale) = c
        .word(j)
        .and_then(|w| lookup(SCALES, &w).or((w == "dozen").then_some(12.0)))
    {
        value *= scale;
        j += 1;
        if scale >= 1000.0 {
            total += value;
            value = 0.0;
        }
        // "hundred and fifty"
        if c.is(j, &["and"])
            && let Some(next) = c.word(j + 1)
            && let Some(v) = word_value(&next)
        {
            value += v;
            j += 2;
        }
    }
    (j > start).then_some((total + value, j - start))
}

/// Words that end the noun phrase after a number.
const PHRASE_END: &[&str] = &[
    "of", "in", "on", "at", "to", "from", "by", "for", "with", "and", "or", "who", "which", "that",
    "were", "was", "are", "is", "have", "has", "had", "be", "been", "will", "would", "said", "as",
    "than", "into", "during", "since", "after", "before", "while", "across", "per", "a", "an",
    "the",
];

/// Modifiers that are not the head: "40 more fire engines".
const NOT_HEAD: &[&str] = &[
    "more",
    "other",
    "additional",
    "extra",
    "further",
    "new",
    "fewer",
    "less",
    "some",
];

/// Determiners skipped before the head: "dozens of the protesters".
const DETERMINERS: &[&str] = &[
    "the", "these", "those", "its", "his", "her", "their", "our", "whom",
];

/// Common verbs that directly follow a counted noun ("12 people died").
const VERBS: &[&str] = &[
    "die", "dies", "fled", "left", "lost", "went", "came", "ran", "fell", "rose", "say", "says",
    "remain", "remains", "live", "lives", "work", "works", "go", "goes", "come", "comes", "take",
    "took", "make", "made", "get", "got", "need", "stay", "face", "faced", "must", "can", "could",
    "may", "might", "should", "shall",
];

/// The head noun of the phrase after a number: the last word before a
/// preposition, a verb or punctuation, modifiers ("more", "other") and a
/// leading adjective in "-ed" ("armed men", "assorted guns") skipped.
fn head_noun(c: &Cursor, mut j: usize) -> Option<(String, Span)> {
    let mut head = None;
    while c.is(j, DETERMINERS) {
        j += 1;
    }
    let first = j;
    let end = j + 5;
    while j < end.min(c.toks.len()) {
        let t = &c.toks[j];
        if t.kind != TokenKind::Word {
            break;
        }
        let w = c.word(j)?;
        if PHRASE_END.contains(&w.as_str()) || VERBS.contains(&w.as_str()) {
            break;
        }
        // a verb in -ed/-ing after the noun ends the phrase; at the start
        // with a word after it, it is an adjective
        let verbal = w.ends_with("ed") || w.ends_with("ing");
        let next_is_word = c.toks.get(j + 1).is_some_and(|n| n.kind == TokenKind::Word);
        if verbal && (j > first || !next_is_word) {
            break;
        }
        if !(NOT_HEAD.contains(&w.as_str()) || verbal && j == first && next_is_word) {
            head = Some((stem(&w.replace('\'', "")), t.span));
        }
        j += 1;
    }
    head
}

fn is_year(v: f64, raw: &str) -> bool {
    v.fract() == 0.0
        && (1800.0..=2100.0).contains(&v)
        && raw.chars().all(|c| c.is_ascii_digit())
        && raw.len() == 4
}

/// Finds the quantities in `text[range]`.
pub fn find_quantities(text: &str, range: Span) -> Vec<Quantity> {
    let toks = tokenize(text, range);
    let c = Cursor { text, toks: &toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // hedge
        let mut hedge = Hedge::Exact;
        let mut start = i;
        for (words, h) in HEDGES {
            if words.iter().enumerate().all(|(k, w)| c.is(i + k, &[w])) {
                hedge = *h;
                start = i;
                i += words.len();
                break;
            }
        }
        // currency before the number: "$5 million", "US$3"
        let mut currency = None;
        if let Some(t) = toks.get(i)
            && t.kind == TokenKind::Punct
            && matches!(c.raw(i), "$" | "€" | "£" | "¥")
        {
            currency = Some(c.raw(i).to_string());
            i += 1;
        }
        // vague amounts
        let vague = VAGUE.iter().find(|(w, _, _)| {
            let parts: Vec<&str> = w.split(' ').collect();
            parts.iter().enumerate().all(|(k, p)| c.is(i + k, &[p]))
                // "scores" is a verb unless it is "scores of"
                && (*w != "scores" || c.is(i + 1, &["of"]))
        });
        if hedge == Hedge::Exact
            && currency.is_none()
            && let Some((w, lo, hi)) = vague
        {
            let n = w.split(' ').count();
            // "tens of thousands", "hundreds of thousands"
            let (mut lo, mut hi, mut used) = (*lo, *hi, n);
            // "hundreds of thousands": the vague count of a scale
            if c.is(i + n, &["of"])
                && let Some(s) = c
                    .word(i + n + 1)
                    .and_then(|w| lookup(SCALES, w.trim_end_matches('s')))
            {
                lo *= s;
                hi *= s;
                used += 2;
            }
            let after = i + used + usize::from(c.is(i + used, &["of"]));
            let head = head_noun(&c, after);
            out.push(Quantity {
                span: Span::new(toks[i].span.start, toks[i + used - 1].span.end),
                value: None,
                interval: Interval {
                    lo,
                    hi,
                    lo_open: false,
                    hi_open: true,
                },
                hedge: Hedge::Vague,
                unit: Unit::Count,
                head: head.as_ref().map(|h| h.0.clone()),
                head_span: head.map(|h| h.1),
                delta: false,
            });
            i += used;
            continue;
        }
        if c.is(i, &["tens"])
            && c.is(i + 1, &["of"])
            && let Some(s) = c
                .word(i + 2)
                .and_then(|w| lookup(SCALES, w.trim_end_matches('s')))
        {
            let head = head_noun(
                &c,
                i + 3 + usize::from(c.is(i + 3, &["more"])) + usize::from(c.is(i + 3, &["of"])),
            );
            out.push(Quantity {
                span: Span::new(toks[i].span.start, toks[i + 2].span.end),
                value: None,
                // two tens at least, as "hundreds" is two hundred at least
                interval: Interval {
                    lo: 20.0 * s,
                    hi: 100.0 * s,
                    lo_open: false,
                    hi_open: true,
                },
                hedge: Hedge::Vague,
                unit: Unit::Count,
                head: head.as_ref().map(|h| h.0.clone()),
                head_span: head.map(|h| h.1),
                delta: false,
            });
            i += 3;
            continue;
        }
        // "five-year-old", "six-year-old boy": an age in one hyphenated word
        if let Some(w) = c.word(i)
            && let Some((num, rest)) = w.split_once('-')
            && rest.starts_with("year-old")
            && let Some(value) = word_value(num)
        {
            let t = toks[i].span;
            let head = head_noun(&c, i + 1);
            out.push(Quantity {
                span: Span::new(toks[start].span.start.min(t.start), t.end),
                value: Some(value),
                interval: Interval::exact(value),
                hedge: Hedge::Exact,
                unit: Unit::Age,
                head: head.as_ref().map(|h| h.0.clone()),
                head_span: head.map(|h| h.1),
                delta: false,
            });
            i += 1;
            continue;
        }
        // a fraction of a whole is a share: "a third of its computers",
        // "nearly half of the pupils", "two-thirds of voters" (rounded by
        // nature, so an unhedged one is "about")
        if currency.is_none()
            && let Some((value, used)) = fraction(&c, i)
        {
            let hedge = if hedge == Hedge::Exact {
                Hedge::About
            } else {
                hedge
            };
            out.push(Quantity {
                span: Span::new(toks[start].span.start, toks[i + used - 1].span.end),
                value: Some(value),
                interval: hedge_interval(value, hedge),
                hedge,
                unit: Unit::Percent,
                head: None,
                head_span: None,
                delta: false,
            });
            i += used;
            continue;
        }
        let Some((value, used)) = parse_number(&c, i) else {
            i = if i > start { start + 1 } else { i + 1 };
            continue;
        };
        let first = i;
        let mut last = i + used - 1;
        let raw = c.raw(first).to_string();
        // years, ages and "one of" are not quantities
        // ages: "38-year-old", and a bare number set off by commas after a
        // noun ("the driver, 36, was")
        // ("a 21-year veteran", "a 15-year campaign" are no ages)
        let year_old = c.raw(last + 1) == "-"
            && c.word(last + 2).is_some_and(|w| {
                w.starts_with("year-old")
                    || (w == "year"
                        && (c.word(last + 3).as_deref() == Some("old")
                            || (c.raw(last + 3) == "-"
                                && c.word(last + 4).as_deref() == Some("old"))))
            });
        // "he was five years old", "reported to be six years old"
        let years_old = !year_old
            && c.word(last + 1)
                .is_some_and(|w| w == "years" || w == "year")
            && c.word(last + 2).as_deref() == Some("old")
            && (1.0..=120.0).contains(&value);
        // (or closing an item of a list of names: "Andrew Ashcraft, 29;
        // Robert Caldwell, 23;")
        // (or before the last item: "Celia Abbot, 45 and Tobias Wren, 74",
        // or ending the list: "and Mara Lind, 31.", after a name)
        let capital = |k: usize| c.raw(k).chars().next().is_some_and(char::is_uppercase);
        let after_name = capital(first.wrapping_sub(2));
        let apposition = used == 1
            && hedge == Hedge::Exact
            && c.raw(first.wrapping_sub(1)) == ","
            && (matches!(c.raw(last + 1), "," | ";")
                || (after_name && c.raw(last + 1) == "and" && capital(last + 2))
                || (after_name && matches!(c.raw(last + 1), "." | ")")))
            && (1.0..=110.0).contains(&value)
            && c.toks
                .get(first.wrapping_sub(2))
                .is_some_and(|t| t.kind == TokenKind::Word);
        if year_old || years_old || apposition {
            let end_tok = if year_old || years_old {
                last + 2
            } else {
                last
            };
            // what is aged: the noun after "-year-old", else the noun before the comma
            let head = if year_old {
                head_noun(&c, last + 3)
            } else {
                None
            };
            // (a predicative age's holder is its clause's subject, which
            // the parse finds)
            let before = (!years_old)
                .then(|| first.checked_sub(2))
                .flatten()
                .and_then(|k| c.toks.get(k))
                .map(|t| (stem(&fold(&text[t.span.start..t.span.end])), t.span));
            let head = head.or(before);
            out.push(Quantity {
                span: Span::new(toks[start].span.start, toks[end_tok].span.end),
                value: Some(value),
                interval: Interval::exact(value),
                hedge: Hedge::Exact,
                unit: Unit::Age,
                head: head.as_ref().map(|h| h.0.clone()),
                head_span: head.map(|h| h.1),
                delta: false,
            });
            i = end_tok + 1;
            continue;
        }
        let month_old =
            c.raw(last + 1) == "-" && c.word(last + 2).is_some_and(|w| w.starts_with("month"));
        if (used == 1 && hedge == Hedge::Exact && currency.is_none() && is_year(value, &raw))
            || month_old
            || (c.word(first).as_deref() == Some("one")
                && c.is(first + 1, &["of"])
                && !one_of_in_danger(&c, first + 2))
        {
            i = last + 1;
            continue;
        }
        // a sum's scale written short: "€18.5m", "$2bn", "18.5m euros"
        // (never a length: "80m-deep" has no currency)
        let mut value = value;
        if let Some(scale) = ABBREVIATED_SCALES
            .iter()
            .find(|(w, _)| c.raw(last + 1).eq_ignore_ascii_case(w))
            .map(|(_, s)| *s)
            && toks[last].span.end == toks[last + 1].span.start
            && (currency.is_some() || c.is(last + 2, CURRENCY_WORDS))
        {
            value *= scale;
            last += 1;
        }
        // ranges: "between 10 and 20", "10 to 20", "10-20"
        let mut interval = Interval::exact(value);
        let joiner = c.word(last + 1).unwrap_or_default();
        if (joiner == "to"
            || joiner == "-"
            || (joiner == "and" && c.is(start.saturating_sub(1), &["between"])))
            && let Some((v2, used2)) = parse_number(&c, last + 2)
            && v2 > value
        {
            interval = Interval {
                lo: value,
                hi: v2,
                lo_open: false,
                hi_open: false,
            };
            hedge = Hedge::Range;
            last += 1 + used2;
        }
        let mut unit = match currency {
            Some(cur) => Unit::Money(cur),
            None => Unit::Count,
        };
        let mut after = last + 1;
        if c.raw(after) == "%" || c.is(after, &["percent"]) {
            unit = Unit::Percent;
            after += 1;
        } else if c.is(after, &["per"]) && c.is(after + 1, &["cent"]) {
            unit = Unit::Percent;
            after += 2;
        } else if c.is(after, CURRENCY_WORDS) {
            // one currency however written: "euros" is "€" ("pounds" may
            // be a weight, so it keeps its word)
            let word = c.word(after).unwrap_or_default();
            unit = Unit::Money(match word.as_str() {
                "dollars" => "$".into(),
                "euros" => "€".into(),
                "yen" => "¥".into(),
                _ => word,
            });
            after += 1;
        }
        if hedge != Hedge::Range {
            interval = hedge_interval(value, hedge);
        }
        // a thousands group too long ("650,0000"): a misprint, read either
        // way (650,000 with a digit too many, or 6,500,000 with the comma
        // misplaced), so no value as written, only both readings' span
        let misprint = (hedge != Hedge::Range).then(|| misgrouped(&raw)).flatten();
        if let Some(short) = misprint {
            let literal = raw.replace(',', "").parse::<f64>().unwrap_or(value);
            let short = hedge_interval(value * short / literal, hedge);
            interval = Interval {
                lo: short.lo,
                lo_open: short.lo_open,
                ..interval
            };
        }
        let head = if unit == Unit::Count {
            head_noun(&c, after + usize::from(c.is(after, &["of"])))
        } else {
            None
        };
        // an increment ("200 more officers") or a difference ("seven points
        // more than Hamilton", "19 points clear of him"), not a total
        let difference = (c.is(after + 1, &["more", "fewer", "less"])
            && c.is(after + 2, &["than"]))
            // or an offset ("six laps later")
            || c.is(after + 1, &["clear", "ahead", "behind", "later", "earlier", "apart"]);
        let delta = unit == Unit::Count
            && (c.is(after, &["more", "additional", "extra", "further", "new"]) || difference);
        let end_tok = if unit == Unit::Count { last } else { after - 1 };
        out.push(Quantity {
            span: Span::new(toks[start].span.start, toks[end_tok].span.end),
            value: misprint.is_none().then_some(value),
            interval,
            hedge,
            unit,
            head: head.as_ref().map(|h| h.0.clone()),
            head_span: head.map(|h| h.1),
            delta,
        });
        i = end_tok + 1;
    }
    out
}

/// The reading of a number whose thousands groups run long ("650,0000"
/// read as 650,000: each group cut to three digits), or `None` when its
/// groups are well formed (or it has none, or a decimal part).
fn misgrouped(raw: &str) -> Option<f64> {
    let mut groups = raw.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    if rest.is_empty()
        || first.is_empty()
        || first.len() > 3
        || !raw.chars().all(|ch| ch.is_ascii_digit() || ch == ',')
        || rest.iter().any(|g| g.len() < 3)
        || rest.iter().all(|g| g.len() == 3)
    {
        return None;
    }
    let cut: String = std::iter::once(first)
        .chain(rest.iter().map(|g| &g[..3]))
        .collect();
    // (a zero has no second reading to scale to)
    cut.parse().ok().filter(|v: &f64| *v > 0.0)
}

/// The interval a hedged value asserts.
pub fn hedge_interval(v: f64, hedge: Hedge) -> Interval {
    let inf = f64::INFINITY;
    match hedge {
        Hedge::Exact | Hedge::Range | Hedge::Vague => Interval::exact(v),
        Hedge::AtLeast => Interval {
            lo: v,
            hi: inf,
            lo_open: false,
            hi_open: false,
        },
        Hedge::MoreThan => Interval {
            lo: v,
            hi: inf,
            lo_open: true,
            hi_open: false,
        },
        Hedge::AtMost => Interval {
            lo: 0.0,
            hi: v,
            lo_open: false,
            hi_open: false,
        },
        Hedge::LessThan => Interval {
            lo: 0.0,
            hi: v,
            lo_open: false,
            hi_open: true,
        },
        // ±10%, computed as v·9/10 and v·11/10 so 800 gives 720–880 exactly
        Hedge::Nearly => Interval {
            lo: (v * 9.0 / 10.0).floor(),
            hi: v,
            lo_open: false,
            hi_open: true,
        },
        Hedge::About => Interval {
            lo: (v * 9.0 / 10.0).floor(),
            hi: (v * 11.0 / 10.0).ceil(),
            lo_open: false,
            hi_open: false,
        },
    }
}

/// "one of the males suffering life-threatening injuries", "one of them
/// in critical condition": "one of" is mostly no count ("one of the
/// ferries", "one of the most serious"), but a part of the hurt put in
/// danger is: the words from `from` to the end of the clause (ten tokens at
/// most, none past a verb of saying) name a critical condition.
fn one_of_in_danger(c: &Cursor, from: usize) -> bool {
    let mut words = Vec::new();
    for k in from..from + 10 {
        let raw = c.raw(k);
        if raw.is_empty() || matches!(raw, "." | ";" | ":" | "," | "(" | ")") {
            break;
        }
        let Some(w) = c.word(k) else { break };
        if matches!(w.as_str(), "said" | "says" | "say" | "told" | "tells") {
            break;
        }
        words.push(w);
    }
    words.iter().any(|w| CRITICAL_WORDS.contains(&w.as_str())) || says_life_threatening(&words)
}

/// Words for a critical degree of harm ("critically", "in critical
/// condition", "life-threatening", "gravely"): one sub-count whatever the
/// word.
pub(crate) const CRITICAL_WORDS: &[&str] =
    &["critical", "critically", "life-threatening", "gravely"];

/// "life threatening" written as two words (folded words, in order).
pub(crate) fn says_life_threatening(words: &[String]) -> bool {
    words
        .windows(2)
        .any(|w| w[0] == "life" && w[1] == "threatening")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<Quantity> {
        find_quantities(text, Span::new(0, text.len()))
    }

    fn one(text: &str) -> Quantity {
        let v = q(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn ages_in_a_list_of_names_are_ages() {
        let qs =
            q("Also killed: Dana Whitlow, 29; Ross Pell, 23; and Mara Lind, 31, the city said.");
        assert!(qs.iter().all(|q| q.unit == Unit::Age), "{qs:?}");
        assert_eq!(qs.len(), 3, "{qs:?}");
        let qs = q("Pastors: Marion Brandt, 49, Celia Abbot, 45 and Tobias Wren, 74.");
        assert!(qs.iter().all(|q| q.unit == Unit::Age), "{qs:?}");
        assert_eq!(qs.len(), 3, "{qs:?}");
        // (not a count after a comma, nor a figure closing a sentence)
        let qs = q("In the end, 45 and more people came; the total was 120, 45.");
        assert!(qs.iter().all(|q| q.unit != Unit::Age), "{qs:?}");
    }

    #[test]
    fn a_misgrouped_figure_is_read_both_ways() {
        // a digit too many, or the comma in the wrong place
        let m = one("Agents found 480,0000 messages on the drive.");
        assert_eq!(m.value, None);
        assert_eq!((m.interval.lo, m.interval.hi), (480_000.0, 4_800_000.0));
        let h = one("Agents found more than 480,0000 messages.");
        assert!(h.interval.lo_open && h.interval.lo == 480_000.0);
        assert!(h.interval.hi.is_infinite());
        // well-formed groups and decimals are read as written
        assert_eq!(one("Agents found 480,000 messages.").value, Some(480_000.0));
        assert_eq!(
            one("Agents found 4,800,000 messages.").value,
            Some(4_800_000.0)
        );
        assert_eq!(misgrouped("12,5000"), Some(12_500.0));
        assert_eq!(misgrouped("1,234"), None);
        assert_eq!(misgrouped("1234"), None);
        assert_eq!(misgrouped("1,23"), None);
        assert_eq!(misgrouped("000,0000"), None);
        assert!(
            q("In 000,0000 cases")
                .iter()
                .all(|q| q.interval.lo.is_finite())
        );
    }

    #[test]
    fn differences_are_not_totals() {
        assert!(one("She scores seven points more than her rival.").delta);
        assert_eq!(one("Scores of people fled.").value, None);
        assert!(one("He is 19 points clear of the leader.").delta);
        assert!(one("But six laps later, he crashed.").delta);
        assert!(one("They sent 200 more officers.").delta);
        assert!(!one("They sent 200 officers, more than last year.").delta);
        assert!(!one("Seven people died.").delta);
    }

    #[test]
    fn decades_counters_and_times_are_not_counts() {
        for text in [
            "the first fatal crash since the 1950s",
            "victims aged in their 20s",
            "Getty 4/19 Launch of the museum",
            "the accident happened at 6.10am on Wednesday",
            "police were called at 6.15 a.m. to the scene",
            // invented gallery captions
            "Photo Agency Images 14 Crowds gather at the harbour",
            "Harbour News Ltd 9 Rescuers search the water",
        ] {
            let qs = find_quantities(text, Span::new(0, text.len()));
            assert!(qs.is_empty(), "{text}: {qs:?}");
        }
        // a figure after a credit-like word but not opening a caption
        for text in [
            "according to Reuters 12 people died",
            "according to AFP 30 Palestinians were killed",
        ] {
            assert_eq!(
                find_quantities(text, Span::new(0, text.len())).len(),
                1,
                "{text}"
            );
        }
        let text = "Harbour Post/AP:Associated Press 18 Staffers gather outside";
        assert!(find_quantities(text, Span::new(0, text.len())).is_empty());
        let text = "at least 12 people died at 6.10am";
        let qs = find_quantities(text, Span::new(0, text.len()));
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].interval.lo, 12.0);
    }

    #[test]
    fn hedges_become_intervals() {
        let a = one("at least 12 people died");
        assert_eq!(
            (a.hedge, a.interval.describe(), a.head.as_deref()),
            (Hedge::AtLeast, "≥12".into(), Some("people"))
        );
        assert_eq!(
            one("A least seven people were killed").hedge,
            Hedge::AtLeast
        );
        let b = one("more than 3,200 people were evacuated");
        assert_eq!(b.interval.describe(), ">3,200");
        assert_eq!(b.value, Some(3200.0));
        let c = one("about 300 troops");
        assert_eq!(c.interval.describe(), "270–330");
        assert_eq!(c.head.as_deref(), Some("troop"));
        let d = one("nearly 900 nurses and doctors");
        assert_eq!(d.interval.describe(), "810–900");
        assert!(d.interval.hi_open);
        assert!(!a.interval.overlaps(&Interval::exact(9.0)));
        assert!(
            b.interval
                .overlaps(&hedge_interval(5500.0, Hedge::MoreThan))
        );
    }

    #[test]
    fn spelled_and_scaled_numbers() {
        assert_eq!(one("nine lorries").value, Some(9.0));
        assert_eq!(one("twenty-six officers").value, Some(26.0));
        assert_eq!(one("two hundred officers").value, Some(200.0));
        assert_eq!(
            one("over 1 million Belgians").interval.describe(),
            ">1,000,000"
        );
        assert_eq!(
            one("more than two million people").interval,
            one("over 2 million people").interval
        );
        assert_eq!(one("a million people").value, Some(1e6));
        assert_eq!(one("one hundred and fifty homes").value, Some(150.0));
        assert_eq!(one("wounding two dozen people").value, Some(24.0));
        assert_eq!(one("three dozen eggs").head.as_deref(), Some("egg"));
    }

    #[test]
    fn vague_amounts() {
        let d = one("arrested dozens of the protesters");
        assert_eq!(d.hedge, Hedge::Vague);
        assert_eq!(d.head.as_deref(), Some("protester"));
        let t = one("tens of thousands more Belgians");
        assert_eq!((t.interval.lo, t.interval.hi), (20_000.0, 100_000.0));
        assert_eq!(t.head.as_deref(), Some("belgian"));
        assert_eq!(one("hundreds of officers").interval.lo, 200.0);
        let h = one("hundreds of thousands of people");
        assert_eq!((h.interval.lo, h.interval.hi), (200_000.0, 1_000_000.0));
    }

    #[test]
    fn heads_skip_modifiers() {
        assert_eq!(
            one("200 more riot officers joined").head.as_deref(),
            Some("officer")
        );
        assert_eq!(
            one("600 assorted tents to the camp").head.as_deref(),
            Some("tent")
        );
        let both = q("about 400 nurses of the 700 needed");
        assert_eq!(both[0].head.as_deref(), Some("nurse"));
        assert_eq!(both[0].interval.describe(), "360–440");
        assert_eq!(both[1].head, None, "an elided noun is not guessed");
        assert_eq!(one("12 people died").head.as_deref(), Some("people"));
        assert_eq!(one("five armed men").head.as_deref(), Some("men"));
    }

    #[test]
    fn not_quantities() {
        assert!(q("in 2021 the president").is_empty());
        let word_age = one("the five-year-old boy fell");
        assert_eq!((word_age.unit, word_age.value), (Unit::Age, Some(5.0)));
        assert_eq!(word_age.head.as_deref(), Some("boy"));
        let age = one("a 26-year-old nurse");
        assert_eq!(
            (age.unit.clone(), age.value, age.head.as_deref()),
            (Unit::Age, Some(26.0), Some("nurse"))
        );
        let age = one("The driver, 36, was arrested");
        assert_eq!(
            (age.unit.clone(), age.head.as_deref()),
            (Unit::Age, Some("driver"))
        );
        assert!(q("one of the ferries").is_empty());
        // a part of the hurt in danger is a count
        for text in [
            "with one of the males suffering life-threatening injuries",
            "one of them is in critical condition",
        ] {
            assert_eq!(q(text).first().and_then(|x| x.value), Some(1.0), "{text}");
        }
        assert!(q("one of the passengers said the damage was critical").is_empty());
        assert!(q("one of the most serious crashes").is_empty());
        assert!(q("the 38th assembly at 6:30").is_empty());
        // years of something are no age; a year old apart is
        assert_eq!(one("a 45-year old woman").unit, Unit::Age);
        for text in ["a 21-year diplomatic veteran", "a 15-year campaign"] {
            assert!(q(text).iter().all(|x| x.unit != Unit::Age), "{text}");
        }
    }

    #[test]
    fn sums_with_short_scales() {
        let a = one("Councillors back €18.5m plan");
        assert_eq!(
            (a.unit.clone(), a.value),
            (Unit::Money("€".into()), Some(18.5e6))
        );
        let b = one("The price tag is 18.5m euros, for a new bridge");
        assert_eq!(
            (b.unit.clone(), b.value),
            (Unit::Money("€".into()), Some(18.5e6))
        );
        assert_eq!(one("a $2M settlement").value, Some(2e6));
        // a length keeps its metres
        assert_eq!(one("the 80m-deep well").value, Some(80.0));
    }

    #[test]
    fn fractions_of_a_whole_are_shares() {
        let t = one("said about a third of systems had been restored");
        assert_eq!((t.unit.clone(), t.value), (Unit::Percent, Some(33.3)));
        assert!(t.interval.lo <= 31.0 && t.interval.hi >= 36.0, "{t:?}");
        let n = one("Nearly half of the pupils fell ill");
        assert_eq!((n.hedge, n.value), (Hedge::Nearly, Some(50.0)));
        assert_eq!(one("two-thirds of voters").value, Some(66.7));
        assert_eq!(one("three quarters of the homes").value, Some(75.0));
        // not a share: an ordinal, a time, no "of"
        assert!(q("for a third day").is_empty());
        assert!(q("half an hour later").is_empty());
        assert!(q("in the third quarter of the year").is_empty());
        // a fraction of a scale is a count, never a share
        assert!(
            q("a quarter of a million people")
                .iter()
                .all(|x| x.unit != Unit::Percent)
        );
    }

    #[test]
    fn units_and_ranges() {
        let p = one("rose 3.5 percent");
        assert_eq!((p.unit.clone(), p.value), (Unit::Percent, Some(3.5)));
        let m = one("a $5 million grant");
        assert_eq!(m.unit, Unit::Money("$".into()));
        assert_eq!(m.value, Some(5e6));
        let r = one("between 10 and 20 homes");
        assert_eq!(
            (r.hedge, r.interval.describe()),
            (Hedge::Range, "10–20".into())
        );
        assert_eq!(one("10 to 20 homes").interval.describe(), "10–20");
    }
}
