//! Stable keys for reviewable items, and the content hash they are built on.
//!
//! A key names an item by *what it is*, never by where it sits in a list:
//! the kind of item, the content hash of the article body it lies in, and
//! its span in that body counted in Unicode scalar values (`char`s). Loading
//! the corpus in another order, adding articles or renaming files does not
//! change any key.
//!
//! # Grammar
//!
//! ```text
//! key        = kind ":" body
//! kind       = "article" / "sentence" / "claim" / "discrepancy" / "quote"
//! body       = hash                       ; a whole article
//!            / hash ":" start "-" end     ; a span of an article, start <= end
//!            / "set:" id                  ; a composite: a set of other keys
//! hash       = 32 lowercase hex digits    ; content_hash() of the article body
//! start, end = decimal, no sign, no leading zero ("0" itself is fine)
//! id         = 16 lowercase hex digits    ; hash of the sorted part keys
//! ```
//!
//! Examples: `article:5f0c…e1`, `sentence:5f0c…e1:120-184`,
//! `discrepancy:set:9a3c0e5d77b1f402`. Every form is accepted for every kind;
//! the helpers build the usual ones ([`ItemKey::article`], [`ItemKey::span`],
//! [`ItemKey::composite`]). A key never contains whitespace, so keys can be
//! joined with newlines.
//!
//! # Hashes
//!
//! [`content_hash`] is XXH3-128 of the UTF-8 bytes, as 32 lowercase hex
//! digits. XXH3's output is fixed by its specification (stable since
//! xxHash 0.8.0), independent of platform and endianness, so keys written on
//! one machine match on another. It is not a cryptographic hash: it guards
//! against accidental collisions (2^-128 per pair), not against someone
//! crafting two articles with one hash on purpose.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// The content hash of a text: XXH3-128 of its UTF-8 bytes as 32 lowercase
/// hex digits. Stable across runs, versions and platforms.
///
/// Hash the article body exactly as the spans are counted in (the app's
/// `Article::body`, with CRLF already turned into LF).
pub fn content_hash(text: &str) -> String {
    format!("{:032x}", xxh3_128(text.as_bytes()))
}

/// What kind of item a verdict is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Article,
    Sentence,
    Claim,
    Discrepancy,
    Quote,
}

impl ItemKind {
    pub const ALL: [ItemKind; 5] = [
        ItemKind::Article,
        ItemKind::Sentence,
        ItemKind::Claim,
        ItemKind::Discrepancy,
        ItemKind::Quote,
    ];

    /// The name used in keys, in the store and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Article => "article",
            ItemKind::Sentence => "sentence",
            ItemKind::Claim => "claim",
            ItemKind::Discrepancy => "discrepancy",
            ItemKind::Quote => "quote",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemKind {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        ItemKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| KeyError::new(s, "unknown item kind"))
    }
}

/// Why a string is not an [`ItemKey`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid item key {key:?}: {reason} (expected e.g. \"sentence:<32 hex>:<start>-<end>\")")]
pub struct KeyError {
    pub key: String,
    pub reason: &'static str,
}

impl KeyError {
    fn new(key: &str, reason: &'static str) -> KeyError {
        KeyError {
            key: key.to_string(),
            reason,
        }
    }
}

/// The shape of a key's body (see the module grammar).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyBody<'a> {
    /// A whole article: its content hash.
    Article { hash: &'a str },
    /// A span of an article, in Unicode scalar values, half-open.
    Span {
        hash: &'a str,
        start: usize,
        end: usize,
    },
    /// A set of other keys, hashed into a 16-hex-digit id.
    Composite { id: &'a str },
}

/// A stable key for one reviewable item. See the module docs for the grammar.
///
/// `Display` and `FromStr` round-trip; serde uses the same string form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ItemKey(String);

impl ItemKey {
    /// The key of a whole article, from [`content_hash`] of its body.
    pub fn article(content_hash: &str) -> ItemKey {
        debug_assert!(
            is_hex(content_hash, 32),
            "not a content hash: {content_hash:?}"
        );
        ItemKey(format!("article:{content_hash}"))
    }

    /// The key of a span `[start, end)` (in Unicode scalar values) of the
    /// article whose body has `content_hash`.
    pub fn span(kind: ItemKind, content_hash: &str, start: usize, end: usize) -> ItemKey {
        debug_assert!(
            is_hex(content_hash, 32),
            "not a content hash: {content_hash:?}"
        );
        debug_assert!(start <= end, "span {start}-{end} is reversed");
        ItemKey(format!("{kind}:{content_hash}:{start}-{end}"))
    }

    /// The key of an item made of several others (a discrepancy is a set of
    /// claims, possibly across articles). The parts are a set: order and
    /// repetition do not matter. The id is XXH3-64 of the sorted, distinct
    /// part keys joined by newlines.
    pub fn composite(kind: ItemKind, parts: &[ItemKey]) -> ItemKey {
        let mut sorted: Vec<&str> = parts.iter().map(ItemKey::as_str).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let id = xxh3_64(sorted.join("\n").as_bytes());
        ItemKey(format!("{kind}:set:{id:016x}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind named by the key's prefix.
    pub fn kind(&self) -> ItemKind {
        self.parts().map(|(k, _)| k).unwrap_or(ItemKind::Article)
    }

    /// The key's body, or None if the key does not follow the grammar (only
    /// possible for a key built from a bad hash).
    pub fn body(&self) -> Option<KeyBody<'_>> {
        self.parts().map(|(_, b)| b)
    }

    /// The content hash of the article the item lies in (None for composites).
    pub fn article_hash(&self) -> Option<&str> {
        match self.body()? {
            KeyBody::Article { hash } | KeyBody::Span { hash, .. } => Some(hash),
            KeyBody::Composite { .. } => None,
        }
    }

    /// The span in Unicode scalar values, for span keys.
    pub fn span_range(&self) -> Option<(usize, usize)> {
        match self.body()? {
            KeyBody::Span { start, end, .. } => Some((start, end)),
            _ => None,
        }
    }

    pub fn is_composite(&self) -> bool {
        matches!(self.body(), Some(KeyBody::Composite { .. }))
    }

    fn parts(&self) -> Option<(ItemKind, KeyBody<'_>)> {
        parse(&self.0).ok()
    }
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn parse_offset(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

fn parse(s: &str) -> Result<(ItemKind, KeyBody<'_>), KeyError> {
    let (kind, body) = s
        .split_once(':')
        .ok_or_else(|| KeyError::new(s, "no ':' after the kind"))?;
    let kind = ItemKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .ok_or_else(|| {
            KeyError::new(
                s,
                "unknown item kind (article, sentence, claim, discrepancy, quote)",
            )
        })?;
    if let Some(id) = body.strip_prefix("set:") {
        return if is_hex(id, 16) {
            Ok((kind, KeyBody::Composite { id }))
        } else {
            Err(KeyError::new(
                s,
                "a composite id is 16 lowercase hex digits",
            ))
        };
    }
    let (hash, span) = match body.split_once(':') {
        Some((h, span)) => (h, Some(span)),
        None => (body, None),
    };
    if !is_hex(hash, 32) {
        return Err(KeyError::new(
            s,
            "the article hash is 32 lowercase hex digits",
        ));
    }
    let Some(span) = span else {
        return Ok((kind, KeyBody::Article { hash }));
    };
    let (start, end) = span
        .split_once('-')
        .and_then(|(a, b)| Some((parse_offset(a)?, parse_offset(b)?)))
        .ok_or_else(|| KeyError::new(s, "a span is <start>-<end>, decimal numbers"))?;
    if start > end {
        return Err(KeyError::new(s, "the span's start is after its end"));
    }
    Ok((kind, KeyBody::Span { hash, start, end }))
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ItemKey {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        parse(s)?;
        Ok(ItemKey(s.to_string()))
    }
}

impl TryFrom<String> for ItemKey {
    type Error = KeyError;
    fn try_from(s: String) -> Result<Self, KeyError> {
        parse(&s)?;
        Ok(ItemKey(s))
    }
}

impl From<ItemKey> for String {
    fn from(k: ItemKey) -> String {
        k.0
    }
}

impl AsRef<str> for ItemKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Where a text was found again in an edited body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    /// Span in Unicode scalar values.
    pub start: usize,
    pub end: usize,
    /// True when the text was found character for character; false when it
    /// was found only after folding case and collapsing whitespace.
    pub exact: bool,
}

/// Find `text` in `body`, preferring the occurrence whose start is nearest
/// `near` (a char offset, usually the item's old start). Exact matches win;
/// failing those, a match ignoring case and runs of whitespace. Empty texts
/// are never found.
pub fn locate_text(body: &str, text: &str, near: usize) -> Option<Located> {
    if text.trim().is_empty() {
        return None;
    }
    let text_chars = text.chars().count();
    // exact: walk the matches in order, counting chars incrementally
    let mut best: Option<(usize, usize)> = None; // (distance, char start)
    let mut chars_before = 0;
    let mut last_byte = 0;
    for (byte, _) in body.match_indices(text) {
        chars_before += body[last_byte..byte].chars().count();
        last_byte = byte;
        let d = chars_before.abs_diff(near);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, chars_before));
        }
    }
    if let Some((_, start)) = best {
        return Some(Located {
            start,
            end: start + text_chars,
            exact: true,
        });
    }
    // folded: case-folded, whitespace runs collapsed to one space, with a
    // map from each folded char back to its char offset in the body
    let (fb, map) = fold(body);
    let (ft, _) = fold(text.trim());
    if ft.is_empty() {
        return None;
    }
    let ft: String = ft.into_iter().collect();
    let fb_s: String = fb.iter().collect();
    let mut best: Option<(usize, usize, usize)> = None; // (distance, start, end)
    let mut chars_before = 0;
    let mut last_byte = 0;
    let ft_len = ft.chars().count();
    for (byte, _) in fb_s.match_indices(ft.as_str()) {
        chars_before += fb_s[last_byte..byte].chars().count();
        last_byte = byte;
        let start = map[chars_before];
        let end = map[chars_before + ft_len - 1] + 1;
        let d = start.abs_diff(near);
        if best.is_none_or(|(bd, _, _)| d < bd) {
            best = Some((d, start, end));
        }
    }
    best.map(|(_, start, end)| Located {
        start,
        end,
        exact: false,
    })
}

/// Lowercase (where it maps to one char) and collapse whitespace runs.
fn fold(s: &str) -> (Vec<char>, Vec<usize>) {
    let mut out = Vec::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut in_space = false;
    for (i, c) in s.chars().enumerate() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                map.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let mut lower = c.to_lowercase();
        let l = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        };
        out.push(l);
        map.push(i);
    }
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn grammar_rejects_malformed_keys() {
        for bad in [
            "",
            "sentence",
            "tweet:0123456789abcdef0123456789abcdef",
            "sentence:0123456789ABCDEF0123456789ABCDEF:1-2",
            "sentence:0123:1-2",
            "sentence:0123456789abcdef0123456789abcdef:2-1",
            "sentence:0123456789abcdef0123456789abcdef:01-2",
            "sentence:0123456789abcdef0123456789abcdef:1-",
            "sentence:0123456789abcdef0123456789abcdef:+1-2",
            "discrepancy:set:xyz",
            "discrepancy:set:0123456789abcdef0",
        ] {
            assert!(bad.parse::<ItemKey>().is_err(), "{bad:?} parsed");
        }
        let k: ItemKey = format!("claim:{H}:0-0").parse().unwrap();
        assert_eq!(k.span_range(), Some((0, 0)));
        assert_eq!(k.kind(), ItemKind::Claim);
    }

    #[test]
    fn locate_prefers_nearest_and_folds() {
        let body = "Ab. Tax rose. Cd. Tax rose. Ef.";
        let l = locate_text(body, "Tax rose.", 17).unwrap();
        assert_eq!((l.start, l.end, l.exact), (18, 27, true));
        let l = locate_text(body, "Tax rose.", 0).unwrap();
        assert_eq!(l.start, 4);
        let body = "Héllo\n  WORLD  and more";
        let l = locate_text(body, "héllo world", 0).unwrap();
        assert_eq!((l.start, l.end, l.exact), (0, 13, false));
        assert_eq!(locate_text(body, "absent", 0), None);
        assert_eq!(locate_text(body, "  ", 0), None);
    }
}
