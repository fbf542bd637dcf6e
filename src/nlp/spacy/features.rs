//! Lexical features as spaCy computes them for the NER model's embedding:
//! NORM, PREFIX, SUFFIX and SHAPE of a token, turned into spaCy string ids.
//!
//! * NORM: a tokenizer special case may set a token's norm; otherwise the
//!   lexeme norm = `lexeme_norm` table ▸ `BASE_NORMS` ▸ `str.lower()`
//!   (the getter chain `Vocab` builds with `util.add_lookups`). No pipeline
//!   component before `ner` in en_core_web_sm changes NORM (the
//!   attribute_ruler patterns only set MORPH/POS/LEMMA/TAG/DEP).
//! * PREFIX: `string[0]`, SUFFIX: `string[-3:]` (code points).
//! * SHAPE: `spacy.lang.lex_attrs.word_shape`.
//!
//! Character classes follow CPython (`str.isalpha`, `isupper`, `isdigit`,
//! `isspace`, `lower`), exported by the converter into `unicode.json`.
//! String ids follow `StringStore.add`: "" → 0, reserved symbols → their
//! fixed id, anything else → MurmurHash64A.

use std::collections::HashMap;

use serde::Deserialize;

use super::hash::hash_string;

#[derive(Deserialize)]
struct UnicodeJson {
    alpha: Vec<(u32, u32)>,
    upper: Vec<(u32, u32)>,
    digit: Vec<(u32, u32)>,
    space: Vec<(u32, u32)>,
    lower: HashMap<String, String>,
}

/// CPython's view of Unicode, as exported by the converter.
pub struct PyUnicode {
    alpha: Vec<(u32, u32)>,
    upper: Vec<(u32, u32)>,
    digit: Vec<(u32, u32)>,
    space: Vec<(u32, u32)>,
    lower: HashMap<u32, Box<str>>,
}

fn in_ranges(r: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    r.binary_search_by(|&(a, b)| {
        if b < c {
            std::cmp::Ordering::Less
        } else if a > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    })
    .is_ok()
}

impl PyUnicode {
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        let j: UnicodeJson = serde_json::from_slice(bytes)?;
        let lower = j
            .lower
            .into_iter()
            .filter_map(|(k, v)| k.parse::<u32>().ok().map(|k| (k, v.into_boxed_str())))
            .collect();
        Ok(PyUnicode {
            alpha: j.alpha,
            upper: j.upper,
            digit: j.digit,
            space: j.space,
            lower,
        })
    }
    #[inline]
    pub fn is_alpha(&self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_alphabetic();
        }
        in_ranges(&self.alpha, c)
    }
    #[inline]
    pub fn is_upper(&self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_uppercase();
        }
        in_ranges(&self.upper, c)
    }
    #[inline]
    pub fn is_digit(&self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_digit();
        }
        in_ranges(&self.digit, c)
    }
    /// `str.isspace()` for one character.
    #[inline]
    pub fn is_space_char(&self, c: char) -> bool {
        if c.is_ascii() {
            return matches!(
                c,
                '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f' | ' '
            );
        }
        in_ranges(&self.space, c)
    }
    /// `str.isspace()`: non-empty and all characters are whitespace.
    pub fn is_space(&self, s: &str) -> bool {
        !s.is_empty() && s.chars().all(|c| self.is_space_char(c))
    }
    /// `str.lower()`.
    pub fn lower(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if let Some(l) = self.lower.get(&(c as u32)) {
                out.push_str(l);
            } else {
                out.push(c);
            }
        }
        // CPython applies the Unicode Final_Sigma rule to capital sigma;
        // Rust's `str::to_lowercase` implements the same rule.
        if s.contains('\u{3a3}') {
            return s.to_lowercase();
        }
        out
    }
}

/// `spacy.lang.lex_attrs.word_shape`.
pub fn word_shape(u: &PyUnicode, text: &str) -> String {
    if text.chars().count() >= 100 {
        return "LONG".to_string();
    }
    let mut shape = String::with_capacity(text.len());
    let mut last: Option<char> = None;
    let mut seq = 0;
    for c in text.chars() {
        let sc = if u.is_alpha(c) {
            if u.is_upper(c) { 'X' } else { 'x' }
        } else if u.is_digit(c) {
            'd'
        } else {
            c
        };
        if Some(sc) == last {
            seq += 1;
        } else {
            seq = 0;
            last = Some(sc);
        }
        if seq < 4 {
            shape.push(sc);
        }
    }
    shape
}

/// `string[0]` (first code point), or "" for an empty string.
pub fn prefix(text: &str) -> &str {
    match text.chars().next() {
        Some(c) => &text[..c.len_utf8()],
        None => "",
    }
}

/// `string[-3:]` (last three code points).
pub fn suffix(text: &str) -> &str {
    let mut idx = text.len();
    for (n, (i, _)) in text.char_indices().rev().enumerate() {
        if n == 3 {
            break;
        }
        idx = i;
    }
    &text[idx..]
}

/// Lexical data: reserved symbols and norm tables.
pub struct Vocab {
    pub unicode: PyUnicode,
    symbols: HashMap<String, u64>,
    base_norms: HashMap<String, String>,
    lexeme_norm: HashMap<u64, String>,
}

#[derive(Deserialize)]
struct VocabJson {
    symbols: HashMap<String, u64>,
    base_norms: HashMap<String, String>,
    lexeme_norm: Vec<(String, String)>,
}

impl Vocab {
    pub fn from_json(vocab: &[u8], unicode: &[u8]) -> Result<Self, serde_json::Error> {
        let j: VocabJson = serde_json::from_slice(vocab)?;
        let lexeme_norm = j
            .lexeme_norm
            .into_iter()
            .filter_map(|(k, v)| k.parse::<u64>().ok().map(|k| (k, v)))
            .collect();
        Ok(Vocab {
            unicode: PyUnicode::from_json(unicode)?,
            symbols: j.symbols,
            base_norms: j.base_norms,
            lexeme_norm,
        })
    }

    /// `StringStore.add(s)` / `get_string_id(s)`.
    pub fn string_id(&self, s: &str) -> u64 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&id) = self.symbols.get(s) {
            return id;
        }
        hash_string(s)
    }

    /// The lexeme NORM string of `orth`.
    pub fn lex_norm(&self, orth: &str) -> String {
        if let Some(n) = self.lexeme_norm.get(&self.string_id(orth)) {
            return n.clone();
        }
        if let Some(n) = self.base_norms.get(orth) {
            return n.clone();
        }
        self.unicode.lower(orth)
    }

    /// `[NORM, PREFIX, SUFFIX, SHAPE]` ids of a token.
    pub fn features(&self, orth: &str, norm_override: Option<&str>) -> [u64; 4] {
        let norm = match norm_override {
            Some(n) => self.string_id(n),
            None => self.string_id(&self.lex_norm(orth)),
        };
        [
            norm,
            self.string_id(prefix(orth)),
            self.string_id(suffix(orth)),
            self.string_id(&word_shape(&self.unicode, orth)),
        ]
    }
}
