//! The rule `lemmatizer` of en_core_web_sm (`EnglishLemmatizer`, mode
//! "rule", `overwrite=False`): `Lemmatizer.rule_lemmatize` with the English
//! `is_base_form`, over the `lemma_rules`, `lemma_exc` and `lemma_index`
//! tables shipped in the model (`assets/en_core_web_sm/lemmatizer.json.gz`).
//! Tokens whose lemma the attribute_ruler set keep it.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use serde::Deserialize;

use super::features::PyUnicode;

#[derive(Deserialize)]
struct TablesJson {
    rules: HashMap<String, Vec<(String, String)>>,
    exc: HashMap<String, HashMap<String, Vec<String>>>,
    index: HashMap<String, Vec<String>>,
}

pub struct Lemmatizer {
    rules: HashMap<String, Vec<(String, String)>>,
    exc: HashMap<String, HashMap<String, Vec<String>>>,
    index: HashMap<String, HashSet<String>>,
}

/// `token.morph.to_dict().get(field)` on a normalised morph string.
fn morph_get<'a>(morph: &'a str, field: &str) -> Option<&'a str> {
    morph.split('|').find_map(|f| {
        let (k, v) = f.split_once('=')?;
        (k == field).then_some(v)
    })
}

impl Lemmatizer {
    pub fn from_gz(bytes: &[u8]) -> Result<Lemmatizer, String> {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut json)
            .map_err(|e| format!("lemmatizer.json.gz: {e}"))?;
        let t: TablesJson =
            serde_json::from_slice(&json).map_err(|e| format!("lemmatizer.json.gz: {e}"))?;
        Ok(Lemmatizer {
            rules: t.rules,
            exc: t.exc,
            index: t
                .index
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().collect()))
                .collect(),
        })
    }

    /// `EnglishLemmatizer.is_base_form`.
    fn is_base_form(univ_pos: &str, morph: &str) -> bool {
        let get = |f| morph_get(morph, f);
        (univ_pos == "noun" && get("Number") == Some("Sing"))
            || (univ_pos == "verb" && get("VerbForm") == Some("Inf"))
            || (univ_pos == "verb"
                && get("VerbForm") == Some("Fin")
                && get("Tense") == Some("Pres")
                && get("Number").is_none())
            || (univ_pos == "adj" && get("Degree") == Some("Pos"))
            || get("VerbForm") == Some("Inf")
            || get("VerbForm") == Some("None")
            || get("Degree") == Some("Pos")
    }

    /// `rule_lemmatize(token)[0]` for a token's text, UPOS and morphology.
    pub fn lemmatize(&self, u: &PyUnicode, text: &str, pos: &str, morph: &str) -> String {
        let univ_pos = pos.to_ascii_lowercase();
        if univ_pos.is_empty() || univ_pos == "eol" || univ_pos == "space" {
            return u.lower(text);
        }
        if Self::is_base_form(&univ_pos, morph) {
            return u.lower(text);
        }
        let index = self.index.get(&univ_pos);
        let exceptions = self.exc.get(&univ_pos);
        let rules = self.rules.get(&univ_pos);
        let nonempty_index = index.is_some_and(|v| !v.is_empty());
        let nonempty_exc = exceptions.is_some_and(|v| !v.is_empty());
        let nonempty_rules = rules.is_some_and(|v| !v.is_empty());
        if !(nonempty_index || nonempty_exc || nonempty_rules) {
            return if univ_pos == "propn" {
                text.to_string()
            } else {
                u.lower(text)
            };
        }
        let string = u.lower(text);
        let is_alpha = |s: &str| !s.is_empty() && s.chars().all(|c| u.is_alpha(c));
        let mut forms: Vec<String> = Vec::new();
        let mut oov: Vec<String> = Vec::new();
        for (old, new) in rules.into_iter().flatten() {
            if let Some(stem) = string.strip_suffix(old.as_str()) {
                let form = format!("{stem}{new}");
                if form.is_empty() {
                    continue;
                }
                let in_index = index.is_some_and(|ix| ix.contains(&form));
                if in_index {
                    forms.insert(0, form);
                } else if !is_alpha(&form) {
                    forms.push(form);
                } else {
                    oov.push(form);
                }
            }
        }
        // dict.fromkeys: drop later duplicates
        let mut seen = HashSet::new();
        forms.retain(|f| seen.insert(f.clone()));
        if let Some(exc) = exceptions.and_then(|e| e.get(&string)) {
            for f in exc {
                if !forms.contains(f) {
                    forms.insert(0, f.clone());
                }
            }
        }
        if forms.is_empty() {
            forms.extend(oov);
        }
        if forms.is_empty() {
            return text.to_string();
        }
        forms.swap_remove(0)
    }
}

#[cfg(test)]
mod tests {
    use super::morph_get;

    #[test]
    fn morph_fields() {
        let m = "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin";
        assert_eq!(morph_get(m, "Person"), Some("3"));
        assert_eq!(morph_get(m, "Degree"), None);
        assert_eq!(morph_get("", "Number"), None);
    }
}
