//! The BERT tokenizer of all-MiniLM-L6-v2, as the HF `tokenizers` library
//! runs it: `BertNormalizer` (clean text, spaces around CJK ideographs,
//! accents stripped, lowercase) → `BertPreTokenizer` (split on whitespace,
//! punctuation isolated) → greedy longest-match `WordPiece`.
//!
//! The character classes come from `chars.json`, which the converter probed
//! from the HF library itself over every code point, so both sides use the
//! same Unicode tables.

use std::collections::HashMap;

use serde::Deserialize;

#[derive(Deserialize)]
struct CharsFile {
    removed: Vec<(u32, u32)>,
    space: Vec<(u32, u32)>,
    chinese: Vec<(u32, u32)>,
    punct: Vec<(u32, u32)>,
    hangul_nfd: (u32, u32),
    map: HashMap<String, String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Plain,
    Removed,
    Space,
    Chinese,
}

/// One tokenized text: WordPiece ids without `[CLS]`/`[SEP]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    pub ids: Vec<u32>,
    /// At least one pre-token has a letter or a digit.
    pub has_word: bool,
}

pub struct WordPiece {
    vocab: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    removed: Vec<(u32, u32)>,
    space: Vec<(u32, u32)>,
    chinese: Vec<(u32, u32)>,
    punct: Vec<(u32, u32)>,
    hangul: (u32, u32),
    map: HashMap<char, Box<str>, foldhash::fast::FixedState>,
    /// Class and punctuation flag of the ASCII characters (fast path).
    ascii: [(Class, bool); 128],
    pub unk: u32,
    pub cls: u32,
    pub sep: u32,
    max_chars: usize,
}

fn in_ranges(r: &[(u32, u32)], c: u32) -> bool {
    match r.binary_search_by(|&(lo, _)| lo.cmp(&c)) {
        Ok(_) => true,
        Err(0) => false,
        Err(i) => c <= r[i - 1].1,
    }
}

impl WordPiece {
    pub fn new(
        vocab_txt: &str,
        chars_json: &str,
        unk: &str,
        max_chars: usize,
    ) -> Result<WordPiece, String> {
        let mut vocab = HashMap::with_hasher(foldhash::fast::FixedState::default());
        for (i, t) in vocab_txt.lines().enumerate() {
            vocab.insert(Box::<str>::from(t), i as u32);
        }
        let f: CharsFile =
            serde_json::from_str(chars_json).map_err(|e| format!("chars.json: {e}"))?;
        let mut map = HashMap::with_hasher(foldhash::fast::FixedState::default());
        for (k, v) in f.map {
            let c = k
                .parse::<u32>()
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| format!("chars.json: bad code point {k}"))?;
            map.insert(c, v.into_boxed_str());
        }
        let id = |t: &str| {
            vocab
                .get(t)
                .copied()
                .ok_or_else(|| format!("vocab has no {t}"))
        };
        let (unk, cls, sep) = (id(unk)?, id("[CLS]")?, id("[SEP]")?);
        let mut wp = WordPiece {
            vocab,
            removed: f.removed,
            space: f.space,
            chinese: f.chinese,
            punct: f.punct,
            hangul: f.hangul_nfd,
            map,
            ascii: [(Class::Plain, false); 128],
            unk,
            cls,
            sep,
            max_chars,
        };
        for c in 0..128u32 {
            wp.ascii[c as usize] = (wp.class_slow(c), in_ranges(&wp.punct, c));
        }
        Ok(wp)
    }

    fn class_slow(&self, c: u32) -> Class {
        if in_ranges(&self.removed, c) {
            Class::Removed
        } else if in_ranges(&self.space, c) {
            Class::Space
        } else if in_ranges(&self.chinese, c) {
            Class::Chinese
        } else {
            Class::Plain
        }
    }

    fn is_punct(&self, c: char) -> bool {
        let u = c as u32;
        if u < 128 {
            self.ascii[u as usize].1
        } else {
            in_ranges(&self.punct, u)
        }
    }

    /// Appends the normalized form of `c` to `out`.
    fn normalize_char(&self, c: char, out: &mut String) {
        let u = c as u32;
        let class = if u < 128 {
            self.ascii[u as usize].0
        } else {
            self.class_slow(u)
        };
        match class {
            Class::Removed => {}
            Class::Space => out.push(' '),
            Class::Chinese => {
                out.push(' ');
                out.push(c);
                out.push(' ');
            }
            Class::Plain => {
                if c.is_ascii_uppercase() {
                    out.push(c.to_ascii_lowercase());
                } else if u < 128 {
                    out.push(c);
                } else if (self.hangul.0..=self.hangul.1).contains(&u) {
                    // canonical decomposition of a Hangul syllable
                    let s = u - 0xAC00;
                    let (l, v, t) = (0x1100 + s / 588, 0x1161 + (s % 588) / 28, 0x11A7 + s % 28);
                    for x in [l, v] {
                        out.push(char::from_u32(x).unwrap_or('\u{FFFD}'));
                    }
                    if t != 0x11A7 {
                        out.push(char::from_u32(t).unwrap_or('\u{FFFD}'));
                    }
                } else if let Some(m) = self.map.get(&c) {
                    out.push_str(m);
                } else {
                    out.push(c);
                }
            }
        }
    }

    /// The BertNormalizer output of `text`.
    pub fn normalize(&self, text: &str) -> String {
        let mut s = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            self.normalize_char(c, &mut s);
        }
        s
    }

    /// Token ids of `text` (without `[CLS]`/`[SEP]`).
    pub fn tokenize(&self, text: &str) -> Tokens {
        let norm = self.normalize(text);
        let mut out = Tokens::default();
        let mut buf = String::new();
        let mut start = None;
        for (i, c) in norm.char_indices() {
            if c.is_whitespace() {
                if let Some(s) = start.take() {
                    self.word(&norm[s..i], &mut out, &mut buf);
                }
            } else if self.is_punct(c) {
                if let Some(s) = start.take() {
                    self.word(&norm[s..i], &mut out, &mut buf);
                }
                self.word(&norm[i..i + c.len_utf8()], &mut out, &mut buf);
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            self.word(&norm[s..], &mut out, &mut buf);
        }
        out
    }

    /// WordPiece of one pre-token.
    fn word(&self, w: &str, out: &mut Tokens, buf: &mut String) {
        if !out.has_word && w.chars().any(char::is_alphanumeric) {
            out.has_word = true;
        }
        if w.chars().count() > self.max_chars {
            out.ids.push(self.unk);
            return;
        }
        let mark = out.ids.len();
        let mut start = 0;
        while start < w.len() {
            let mut end = w.len();
            let mut found = None;
            while end > start {
                let piece = &w[start..end];
                let id = if start == 0 {
                    self.vocab.get(piece)
                } else {
                    buf.clear();
                    buf.push_str("##");
                    buf.push_str(piece);
                    self.vocab.get(buf.as_str())
                };
                if let Some(&id) = id {
                    found = Some(id);
                    break;
                }
                // back off by one character
                end = w[..end]
                    .char_indices()
                    .next_back()
                    .map(|(i, _)| i)
                    .unwrap_or(start);
            }
            match found {
                Some(id) => {
                    out.ids.push(id);
                    start = end;
                }
                None => {
                    out.ids.truncate(mark);
                    out.ids.push(self.unk);
                    return;
                }
            }
        }
    }
}
