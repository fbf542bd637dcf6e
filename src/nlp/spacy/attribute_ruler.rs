//! The `attribute_ruler` component of en_core_web_sm: the tag map
//! (TAG → POS + MORPH) and its exception patterns, as shipped in the model
//! (`assets/en_core_web_sm/attribute_ruler.json`).
//!
//! As in `spacy/pipeline/attributeruler.py`: all patterns are matched on the
//! document as the tagger and parser left it, then the matches are applied
//! in rule order (later rules win), each to the token at the rule's `index`
//! within the match. The patterns use token attributes TAG, LOWER, DEP and
//! IS_SPACE with equality, `IN`, `NOT_IN` and `REGEX` (Python `re.search`,
//! translated by the converter); no operators.

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Attr {
    Tag,
    Lower,
    Dep,
    IsSpace,
}

enum Pred {
    /// string value ids (see `Ruler::ids`); `negate` for NOT_IN
    In {
        ids: Vec<u32>,
        negate: bool,
    },
    Bool(bool),
    Regex(Regex),
}

struct TokenSpec {
    preds: Vec<(Attr, Pred)>,
}

/// What a rule sets (each optional).
#[derive(Default, Clone)]
pub struct SetAttrs {
    pub tag: Option<&'static str>,
    pub pos: Option<&'static str>,
    pub morph: Option<&'static str>,
    pub lemma: Option<&'static str>,
    pub dep: Option<&'static str>,
}

struct Rule {
    patterns: Vec<Vec<TokenSpec>>,
    attrs: SetAttrs,
    index: i64,
}

pub struct Ruler {
    rules: Vec<Rule>,
    /// every string a pattern compares with → small id
    ids: HashMap<String, u32>,
}

#[derive(Deserialize)]
struct RuleJson {
    patterns: Vec<Vec<HashMap<String, Value>>>,
    attrs: HashMap<String, String>,
    index: i64,
}

#[derive(Deserialize)]
struct RulerJson {
    rules: Vec<RuleJson>,
}

/// The annotations of one token, read and written by the ruler.
pub struct TokenAttrs<'a> {
    pub tag: &'static str,
    pub pos: &'static str,
    pub morph: &'static str,
    pub lemma: Option<&'static str>,
    pub dep: &'static str,
    pub lower: &'a str,
    pub is_space: bool,
}

const NONE: u32 = u32::MAX;

impl Ruler {
    pub fn from_json(bytes: &[u8]) -> Result<Ruler, String> {
        let j: RulerJson =
            serde_json::from_slice(bytes).map_err(|e| format!("attribute_ruler.json: {e}"))?;
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut id_of = |s: &str| -> u32 {
            let n = ids.len() as u32;
            *ids.entry(s.to_string()).or_insert(n)
        };
        let mut rules = Vec::new();
        for r in j.rules {
            let mut patterns = Vec::new();
            for p in &r.patterns {
                let mut toks = Vec::new();
                for t in p {
                    let mut preds = Vec::new();
                    for (k, v) in t {
                        let attr = match k.as_str() {
                            "TAG" => Attr::Tag,
                            "LOWER" => Attr::Lower,
                            "DEP" => Attr::Dep,
                            "IS_SPACE" => Attr::IsSpace,
                            other => return Err(format!("attribute_ruler: attribute {other}")),
                        };
                        let pred = match v {
                            Value::Bool(b) => Pred::Bool(*b),
                            Value::String(s) => Pred::In {
                                ids: vec![id_of(s)],
                                negate: false,
                            },
                            Value::Object(o) if o.len() == 1 => {
                                let (op, arg) = o.iter().next().unwrap();
                                match (op.as_str(), arg) {
                                    ("IN" | "NOT_IN", Value::Array(a)) => {
                                        let mut v = Vec::new();
                                        for s in a {
                                            let s = s
                                                .as_str()
                                                .ok_or("attribute_ruler: IN with a non-string")?;
                                            v.push(id_of(s));
                                        }
                                        Pred::In {
                                            ids: v,
                                            negate: op == "NOT_IN",
                                        }
                                    }
                                    ("REGEX", Value::String(rx)) => Pred::Regex(
                                        Regex::new(rx)
                                            .map_err(|e| format!("attribute_ruler regex: {e}"))?,
                                    ),
                                    _ => return Err(format!("attribute_ruler: predicate {op}")),
                                }
                            }
                            _ => return Err(format!("attribute_ruler: value {v}")),
                        };
                        if matches!(pred, Pred::Bool(_)) != (attr == Attr::IsSpace) {
                            return Err(format!("attribute_ruler: {k} with value {v}"));
                        }
                        if matches!(pred, Pred::Regex(_)) && attr != Attr::Lower {
                            return Err(format!("attribute_ruler: REGEX on {k}"));
                        }
                        preds.push((attr, pred));
                    }
                    toks.push(TokenSpec { preds });
                }
                if toks.is_empty() {
                    return Err("attribute_ruler: empty pattern".into());
                }
                patterns.push(toks);
            }
            let mut attrs = SetAttrs::default();
            for (k, v) in &r.attrs {
                let v = Some(super::intern(v));
                match k.as_str() {
                    "TAG" => attrs.tag = v,
                    "POS" => attrs.pos = v,
                    "MORPH" => attrs.morph = v,
                    "LEMMA" => attrs.lemma = v,
                    "DEP" => attrs.dep = v,
                    other => return Err(format!("attribute_ruler: cannot set {other}")),
                }
            }
            rules.push(Rule {
                patterns,
                attrs,
                index: r.index,
            });
        }
        Ok(Ruler { rules, ids })
    }

    fn id(&self, s: &str) -> u32 {
        self.ids.get(s).copied().unwrap_or(NONE)
    }

    /// Apply the rules to a document's tokens in place.
    pub fn apply(&self, toks: &mut [TokenAttrs<'_>]) {
        let n = toks.len();
        // the values patterns see, fixed before any rule is applied
        let tag: Vec<u32> = toks.iter().map(|t| self.id(t.tag)).collect();
        let lower: Vec<u32> = toks.iter().map(|t| self.id(t.lower)).collect();
        let dep: Vec<u32> = toks.iter().map(|t| self.id(t.dep)).collect();
        let is_space: Vec<bool> = toks.iter().map(|t| t.is_space).collect();
        let lower_s: Vec<&str> = toks.iter().map(|t| t.lower).collect();
        let tok_matches = |spec: &TokenSpec, i: usize| -> bool {
            spec.preds.iter().all(|(attr, pred)| match pred {
                Pred::Bool(b) => is_space[i] == *b,
                Pred::In { ids, negate } => {
                    let v = match attr {
                        Attr::Tag => tag[i],
                        Attr::Lower => lower[i],
                        Attr::Dep => dep[i],
                        Attr::IsSpace => unreachable!(),
                    };
                    ids.contains(&v) != *negate
                }
                Pred::Regex(rx) => rx.is_match(lower_s[i]),
            })
        };
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for rule in &self.rules {
            // matches of this rule by (start, end), like spaCy's sort
            hits.clear();
            for p in &rule.patterns {
                let len = p.len();
                if len > n {
                    continue;
                }
                for s in 0..=n - len {
                    if p.iter()
                        .enumerate()
                        .all(|(k, spec)| tok_matches(spec, s + k))
                    {
                        hits.push((s, s + len));
                    }
                }
            }
            hits.sort_unstable();
            hits.dedup();
            for &(s, e) in &hits {
                let len = (e - s) as i64;
                let idx = if rule.index < 0 {
                    len + rule.index
                } else {
                    rule.index
                };
                if idx < 0 || idx >= len {
                    continue; // spaCy raises here; the shipped rules never do this
                }
                let t = &mut toks[s + idx as usize];
                let a = &rule.attrs;
                if let Some(v) = a.tag {
                    t.tag = v;
                }
                if let Some(v) = a.pos {
                    t.pos = v;
                }
                if let Some(v) = a.morph {
                    t.morph = v;
                }
                if let Some(v) = a.lemma {
                    t.lemma = Some(v);
                }
                if let Some(v) = a.dep {
                    t.dep = v;
                }
            }
        }
    }
}
