//! Folding text for comparison: case, accents, typographic variants.
//!
//! "Saint-Étienne", "SAINT ETIENNE" and "Saint–Etienne" fold to the same key;
//! "U.N." and "UN" fold to "un". Folding is for matching only: what the
//! editor sees is always the original text, located by its spans.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases and strips accents (NFKD, combining marks dropped); curly
/// quotes and apostrophes become ASCII; dashes become "-".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return out;
    }
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '‘' | '’' | 'ʼ' | '′' => out.push('\''),
            '“' | '”' | '„' | '″' => out.push('"'),
            '‐' | '‑' | '‒' | '–' | '—' | '―' => out.push('-'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A key for names: folded, with dots, hyphens, apostrophes and possessive
/// "'s" removed and spaces collapsed: "U.N." → "un", "Saint-Étienne" →
/// "saint etienne", "Okafor's" → "okafor".
pub fn name_key(text: &str) -> String {
    let folded = fold(text);
    let folded = folded
        .strip_suffix("'s")
        .or_else(|| folded.strip_suffix('\''))
        .unwrap_or(&folded);
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    for c in folded.chars() {
        match c {
            '.' | '\'' => {}
            '-' | ' ' | '\t' | '\n' | ',' => pending_space = !out.is_empty(),
            _ => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_typography() {
        assert_eq!(fold("Saint–Étienne"), "saint-etienne");
        assert_eq!(fold("Zürich"), fold("ZURICH"));
        assert_eq!(fold("“Hero’s”"), "\"hero's\"");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("plain ascii"), "plain ascii");
    }

    #[test]
    fn name_keys() {
        assert_eq!(name_key("U.N."), "un");
        assert_eq!(name_key("Saint-Étienne"), "saint etienne");
        assert_eq!(name_key("Okafor’s"), "okafor");
        assert_eq!(name_key("  São  Tomé "), "sao tome");
    }
}
