//! spaCy's rule-based tokenizer (`spacy/tokenizer.pyx`), reproduced step by
//! step: whitespace chunking (`_tokenize_affixes`), special cases, the
//! prefix/suffix loop (`_split_affixes`), URL and infix splitting
//! (`_attach_tokens`) and the special-case phrase matcher
//! (`_apply_special_cases`). The patterns are the model's own, translated
//! from Python `re` syntax by `tools/spacy_convert.py`.

use std::collections::HashMap;

use fancy_regex::Regex;
use serde::Deserialize;

use super::features::PyUnicode;

/// One token as the tokenizer produces it (byte offsets into the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawToken {
    pub start: usize,
    pub end: usize,
    /// Followed by a single space that belongs to this token (spaCy `spacy`).
    pub whitespace: bool,
    /// NORM set by a tokenizer special case (index into `Tokenizer::norms`).
    pub norm: Option<u32>,
}

/// Per-thread memo of chunk tokenizations (spaCy keeps the same cache in
/// `Tokenizer._cache`): chunk text → (start, end, norm) relative to the chunk.
#[derive(Default)]
pub struct ChunkCache {
    map: HashMap<Box<str>, Box<[RelToken]>>,
}

/// (start, end, norm index) relative to the chunk start.
type RelToken = (u32, u32, Option<u32>);
/// A special case: string → tokens as (ORTH, NORM).
type Rule = (String, Vec<(String, Option<String>)>);

impl ChunkCache {
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn clear(&mut self) {
        self.map.clear()
    }
}

#[derive(Deserialize)]
struct Patterns {
    prefix: Option<String>,
    suffix: Option<String>,
    infix: Option<String>,
    token_match: Option<String>,
    url_match: Option<String>,
}

#[derive(Deserialize)]
struct SuffixSplit {
    plain: Vec<String>,
    fancy: Vec<String>,
    #[serde(default)]
    behind: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct TokenizerJson {
    patterns: Patterns,
    #[serde(default)]
    suffix_split: Option<SuffixSplit>,
    rules: Vec<Rule>,
    special_matcher: Vec<(String, Vec<String>)>,
}

struct Special {
    /// (orth byte length, norm index)
    tokens: Vec<(usize, Option<u32>)>,
}

pub struct Tokenizer {
    prefix: Option<Regex>,
    suffix: Option<Regex>,
    /// The suffix pattern split into its `$`-anchored alternatives: plain ones
    /// in one `regex::Regex`, lookbehind ones separately. Same result as the
    /// whole pattern (leftmost start wins, every match ends at the end), but
    /// most of the work runs in the regex crate's fast engine.
    suffix_split: Option<(Option<regex::Regex>, Vec<Regex>, Vec<regex::Regex>)>,
    infix: Option<Regex>,
    token_match: Option<Regex>,
    url_match: Option<Regex>,
    specials: HashMap<String, Special>,
    /// first orth → list of (pattern orths, special string)
    matcher: HashMap<String, Vec<(Vec<String>, String)>>,
    pub norms: Vec<String>,
}

#[derive(Debug)]
pub struct TokenizerError(pub String);

fn compile(p: &Option<String>) -> Result<Option<Regex>, TokenizerError> {
    match p {
        None => Ok(None),
        Some(p) => fancy_regex::RegexBuilder::new(p)
            .backtrack_limit(10_000_000)
            .build()
            .map(Some)
            .map_err(|e| TokenizerError(format!("cannot compile pattern: {e}"))),
    }
}

impl Tokenizer {
    pub fn from_json(bytes: &[u8]) -> Result<Self, TokenizerError> {
        let j: TokenizerJson = serde_json::from_slice(bytes)
            .map_err(|e| TokenizerError(format!("tokenizer.json: {e}")))?;
        let mut norms = Vec::new();
        let mut norm_idx: HashMap<String, u32> = HashMap::new();
        let mut specials = HashMap::new();
        for (string, toks) in j.rules {
            let mut v = Vec::with_capacity(toks.len());
            for (orth, norm) in toks {
                let n = norm.map(|n| {
                    *norm_idx.entry(n.clone()).or_insert_with(|| {
                        norms.push(n);
                        (norms.len() - 1) as u32
                    })
                });
                v.push((orth.len(), n));
            }
            specials.insert(string, Special { tokens: v });
        }
        let mut matcher: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        for (string, orths) in j.special_matcher {
            if orths.is_empty() {
                continue;
            }
            matcher
                .entry(orths[0].clone())
                .or_default()
                .push((orths, string));
        }
        let suffix_split = match &j.suffix_split {
            Some(sp) => {
                let plain = if sp.plain.is_empty() {
                    None
                } else {
                    let joined = sp
                        .plain
                        .iter()
                        .map(|p| format!("(?:{p})"))
                        .collect::<Vec<_>>()
                        .join("|");
                    Some(
                        regex::RegexBuilder::new(&joined)
                            .size_limit(64 << 20)
                            .build()
                            .map_err(|e| TokenizerError(format!("suffix pattern: {e}")))?,
                    )
                };
                let mut fancy = Vec::new();
                for p in &sp.fancy {
                    fancy.push(compile(&Some(p.clone()))?.unwrap());
                }
                let mut behind = Vec::new();
                for (l, y) in &sp.behind {
                    behind.push(
                        regex::RegexBuilder::new(&format!("(?:{l})({y})"))
                            .size_limit(64 << 20)
                            .build()
                            .map_err(|e| TokenizerError(format!("suffix pattern: {e}")))?,
                    );
                }
                Some((plain, fancy, behind))
            }
            None => None,
        };
        Ok(Tokenizer {
            suffix_split,
            prefix: compile(&j.patterns.prefix)?,
            suffix: compile(&j.patterns.suffix)?,
            infix: compile(&j.patterns.infix)?,
            token_match: compile(&j.patterns.token_match)?,
            url_match: compile(&j.patterns.url_match)?,
            specials,
            matcher,
            norms,
        })
    }

    fn find_prefix(&self, s: &str) -> usize {
        match &self.prefix {
            Some(r) => match r.find(s) {
                Ok(Some(m)) => m.end() - m.start(),
                _ => 0,
            },
            None => 0,
        }
    }

    fn find_suffix(&self, s: &str) -> usize {
        if let Some((plain, fancy, behind)) = &self.suffix_split {
            let mut best = s.len();
            if let Some(p) = plain
                && let Some(m) = p.find(s)
            {
                best = m.start();
            }
            for f in fancy {
                if let Ok(Some(m)) = f.find(s) {
                    best = best.min(m.start());
                }
            }
            for r in behind {
                if let Some(c) = r.captures(s) {
                    best = best.min(c.get(1).unwrap().start());
                }
            }
            return s.len() - best;
        }
        match &self.suffix {
            Some(r) => match r.find(s) {
                Ok(Some(m)) => m.end() - m.start(),
                _ => 0,
            },
            None => 0,
        }
    }

    fn is_match(r: &Option<Regex>, s: &str) -> bool {
        match r {
            // Python's `re.match`: anchored at the start (the patterns start with ^).
            Some(r) => matches!(r.find(s), Ok(Some(m)) if m.start() == 0),
            None => false,
        }
    }

    fn push_special(&self, out: &mut Vec<RawToken>, sp: &Special, start: usize) {
        let mut pos = start;
        for &(len, norm) in &sp.tokens {
            out.push(RawToken {
                start: pos,
                end: pos + len,
                whitespace: false,
                norm,
            });
            pos += len;
        }
    }

    /// Tokenize `text` exactly as spaCy's `Tokenizer.__call__`.
    pub fn tokenize(&self, uni: &PyUnicode, text: &str) -> Vec<RawToken> {
        self.tokenize_cached(uni, text, &mut ChunkCache::default())
    }

    /// [`Tokenizer::tokenize`] with a chunk memo that callers keep across texts.
    pub fn tokenize_cached(
        &self,
        uni: &PyUnicode,
        text: &str,
        cache: &mut ChunkCache,
    ) -> Vec<RawToken> {
        let mut out: Vec<RawToken> = Vec::with_capacity(text.len() / 4 + 4);
        if text.is_empty() {
            return out;
        }
        let mut in_ws = uni.is_space_char(text.chars().next().unwrap());
        let mut start = 0usize;
        let mut has_special = false;
        for (i, c) in text.char_indices() {
            if uni.is_space_char(c) != in_ws {
                if start < i {
                    self.cached_chunk(&mut out, text, start, i, &mut has_special, cache);
                }
                if c == ' ' {
                    if let Some(last) = out.last_mut() {
                        last.whitespace = true;
                    }
                    start = i + 1;
                } else {
                    start = i;
                }
                in_ws = !in_ws;
            }
        }
        if start < text.len() {
            self.cached_chunk(&mut out, text, start, text.len(), &mut has_special, cache);
            if let Some(last) = out.last_mut() {
                last.whitespace = text.ends_with(' ') && !in_ws;
            }
        }
        let _ = has_special;
        if !self.matcher.is_empty() {
            self.apply_special_cases(text, &mut out);
        }
        out
    }

    fn cached_chunk(
        &self,
        out: &mut Vec<RawToken>,
        text: &str,
        start: usize,
        end: usize,
        has_special: &mut bool,
        cache: &mut ChunkCache,
    ) {
        let chunk = &text[start..end];
        if let Some(toks) = cache.map.get(chunk) {
            for &(a, b, norm) in toks.iter() {
                out.push(RawToken {
                    start: start + a as usize,
                    end: start + b as usize,
                    whitespace: false,
                    norm,
                });
            }
            return;
        }
        let first = out.len();
        self.tokenize_chunk(out, text, start, end, has_special);
        if chunk.len() <= 256 {
            let rel: Box<[RelToken]> = out[first..]
                .iter()
                .map(|t| ((t.start - start) as u32, (t.end - start) as u32, t.norm))
                .collect();
            cache.map.insert(chunk.into(), rel);
        }
    }

    fn tokenize_chunk(
        &self,
        out: &mut Vec<RawToken>,
        text: &str,
        start: usize,
        end: usize,
        has_special: &mut bool,
    ) {
        let chunk = &text[start..end];
        if let Some(sp) = self.specials.get(chunk) {
            self.push_special(out, sp, start);
            *has_special = true;
            return;
        }
        // _split_affixes
        let mut s = start;
        let mut e = end;
        let mut prefixes: Vec<(usize, usize)> = Vec::new();
        let mut suffixes: Vec<(usize, usize)> = Vec::new();
        let mut last_size = usize::MAX;
        while s < e && (e - s) != last_size {
            let string = &text[s..e];
            if Self::is_match(&self.token_match, string) {
                break;
            }
            if self.specials.contains_key(string) {
                break;
            }
            last_size = e - s;
            let pre_len = self.find_prefix(string);
            if pre_len != 0 {
                let minus_pre = &string[pre_len..];
                if !minus_pre.is_empty() && self.specials.contains_key(minus_pre) {
                    prefixes.push((s, s + pre_len));
                    s += pre_len;
                    break;
                }
            }
            let suf_len = self.find_suffix(&string[pre_len..]);
            if suf_len != 0 {
                let minus_suf = &string[..string.len() - suf_len];
                if !minus_suf.is_empty() && self.specials.contains_key(minus_suf) {
                    suffixes.push((e - suf_len, e));
                    e -= suf_len;
                    break;
                }
            }
            if pre_len != 0 && suf_len != 0 && pre_len + suf_len <= string.len() {
                prefixes.push((s, s + pre_len));
                suffixes.push((e - suf_len, e));
                s += pre_len;
                e -= suf_len;
            } else if pre_len != 0 {
                prefixes.push((s, s + pre_len));
                s += pre_len;
            } else if suf_len != 0 {
                suffixes.push((e - suf_len, e));
                e -= suf_len;
            }
        }
        // _attach_tokens
        for &(a, b) in &prefixes {
            out.push(RawToken {
                start: a,
                end: b,
                whitespace: false,
                norm: None,
            });
        }
        if s < e {
            let string = &text[s..e];
            if let Some(sp) = self.specials.get(string) {
                self.push_special(out, sp, s);
                *has_special = true;
            } else if Self::is_match(&self.token_match, string)
                || Self::is_match(&self.url_match, string)
            {
                out.push(RawToken {
                    start: s,
                    end: e,
                    whitespace: false,
                    norm: None,
                });
            } else {
                let mut pos = 0usize;
                let mut any = false;
                if let Some(infix) = &self.infix {
                    for m in infix.find_iter(string) {
                        let m = match m {
                            Ok(m) => m,
                            Err(_) => break,
                        };
                        any = true;
                        let (is, ie) = (m.start(), m.end());
                        if is == 0 {
                            continue;
                        }
                        if is != pos {
                            out.push(RawToken {
                                start: s + pos,
                                end: s + is,
                                whitespace: false,
                                norm: None,
                            });
                        }
                        if is != ie {
                            out.push(RawToken {
                                start: s + is,
                                end: s + ie,
                                whitespace: false,
                                norm: None,
                            });
                        }
                        pos = ie;
                    }
                }
                if !any {
                    out.push(RawToken {
                        start: s,
                        end: e,
                        whitespace: false,
                        norm: None,
                    });
                } else if s + pos < e {
                    out.push(RawToken {
                        start: s + pos,
                        end: e,
                        whitespace: false,
                        norm: None,
                    });
                }
            }
        }
        for &(a, b) in suffixes.iter().rev() {
            out.push(RawToken {
                start: a,
                end: b,
                whitespace: false,
                norm: None,
            });
        }
    }

    /// `_apply_special_cases`: the phrase matcher over token texts.
    fn apply_special_cases(&self, text: &str, toks: &mut Vec<RawToken>) {
        let mut matches: Vec<(usize, usize, &str)> = Vec::new();
        for i in 0..toks.len() {
            let first = &text[toks[i].start..toks[i].end];
            if let Some(pats) = self.matcher.get(first) {
                for (orths, string) in pats {
                    if i + orths.len() > toks.len() {
                        continue;
                    }
                    if orths
                        .iter()
                        .enumerate()
                        .all(|(k, o)| &text[toks[i + k].start..toks[i + k].end] == o)
                    {
                        matches.push((i, i + orths.len(), string.as_str()));
                    }
                }
            }
        }
        if matches.is_empty() {
            return;
        }
        // _filter_special_spans: longest first, then leftmost.
        matches.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut seen = vec![false; toks.len()];
        let mut filtered: Vec<(usize, usize, &str)> = Vec::new();
        for &(a, b, s) in &matches {
            if !seen[a] && !seen[b - 1] {
                filtered.push((a, b, s));
            }
            for x in seen.iter_mut().take(b).skip(a) {
                *x = true;
            }
        }
        filtered.sort_by_key(|m| m.0);
        let mut result: Vec<RawToken> = Vec::with_capacity(toks.len());
        let mut i = 0;
        let mut fi = 0;
        while i < toks.len() {
            if fi < filtered.len() && filtered[fi].0 == i {
                let (a, b, _) = filtered[fi];
                fi += 1;
                // spaCy looks the rule up by the span's text (`span.text`),
                // which includes any whitespace between the matched tokens:
                // a match across whitespace is left as it was.
                let span_text = &text[toks[a].start..toks[b - 1].end];
                match self.specials.get(span_text) {
                    Some(sp) => {
                        let final_ws = toks[b - 1].whitespace;
                        self.push_special(&mut result, sp, toks[a].start);
                        if let Some(last) = result.last_mut() {
                            last.whitespace = final_ws;
                        }
                    }
                    None => result.extend_from_slice(&toks[a..b]),
                }
                i = b;
            } else {
                result.push(toks[i].clone());
                i += 1;
            }
        }
        *toks = result;
    }
}
