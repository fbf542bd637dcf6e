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

/// One spelling for a folded word that British and American English spell
/// apart: "honour" / "honor", "travelling" / "traveling", "realised" /
/// "realized", "analyse" / "analyze", "centre" / "center", "defence" /
/// "defense", "programme" / "program", "grey" / "gray". For comparing
/// wordings only (two quotes that differ only so are one wording); the
/// result need not be a word, only the same for both spellings.
pub fn spelling_key(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    const SUFFIXES: &[&str] = &[
        "", "s", "ed", "ing", "ite", "ites", "ful", "able", "er", "ers", "less", "hood", "ly",
    ];
    // stems British English doubles the l of (travel → travelling)
    const DOUBLING: &[&str] = &[
        "travel", "cancel", "label", "model", "fuel", "signal", "counsel", "marvel", "level",
        "channel", "tunnel", "total", "equal", "dial", "duel", "jewel", "quarrel", "shovel",
        "pedal", "panel", "rival", "funnel", "libel", "grovel", "revel", "unravel", "snorkel",
    ];
    // -re words American English spells -er
    const RE_ER: &[&str] = &[
        "centre",
        "theatre",
        "metre",
        "litre",
        "fibre",
        "calibre",
        "sombre",
        "spectre",
        "lustre",
        "meagre",
        "sabre",
        "kilometre",
        "centimetre",
        "millimetre",
        "manoeuvre",
    ];
    const WHOLE: &[(&str, &str)] = &[
        ("defence", "defense"),
        ("offence", "offense"),
        ("licence", "license"),
        ("pretence", "pretense"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("grey", "gray"),
        ("jewellery", "jewelry"),
        ("aluminium", "aluminum"),
        ("plough", "plow"),
        ("cheque", "check"),
        ("kerb", "curb"),
        ("sceptical", "skeptical"),
        ("mould", "mold"),
        ("moult", "molt"),
        ("smoulder", "smolder"),
        ("ageing", "aging"),
        ("judgement", "judgment"),
        ("acknowledgement", "acknowledgment"),
    ];
    if let Some((_, us)) = WHOLE.iter().find(|(uk, _)| *uk == word) {
        return Cow::Borrowed(us);
    }
    for suffix in ["", "s", "d"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && RE_ER.contains(&stem)
        {
            return Cow::Owned(format!("{}er{suffix}", &stem[..stem.len() - 2]));
        }
    }
    for stem in DOUBLING {
        if let Some(rest) = word.strip_prefix(stem)
            && let Some(suffix) = rest.strip_prefix('l')
            && ["ed", "ing", "er", "ers"].contains(&suffix)
        {
            return Cow::Owned(format!("{stem}{suffix}"));
        }
    }
    // honour, colours, favourite, neighbours, behaviour: a stem of three
    // letters or more ending in a consonant (or the i of "behaviour"),
    // then "our" and a suffix
    // ("hour", "your", "four" and "flour" have shorter stems)
    if let Some(at) = word.rfind("our") {
        let (stem, rest) = (&word[..at], &word[at + 3..]);
        let consonant = stem
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphabetic() && !"aeou".contains(c));
        if stem.len() >= 3 && consonant && SUFFIXES.contains(&rest) {
            return Cow::Owned(format!("{stem}or{rest}"));
        }
    }
    // realise, organised, apologising, organisation; analyse, paralysed
    const IZE: &[(&str, &str)] = &[
        ("ise", "ize"),
        ("ises", "izes"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("isation", "ization"),
        ("isations", "izations"),
        ("yse", "yze"),
        ("yses", "yzes"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
    ];
    for (uk, us) in IZE {
        if let Some(stem) = word.strip_suffix(uk)
            && stem.len() >= 4
        {
            return Cow::Owned(format!("{stem}{us}"));
        }
    }
    Cow::Borrowed(word)
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
    fn british_and_american_spellings_share_a_key_and_other_words_keep_theirs() {
        for (uk, us) in [
            ("honour", "honor"),
            ("colours", "colors"),
            ("favourite", "favorite"),
            ("neighbours", "neighbors"),
            ("behaviour", "behavior"),
            ("neighbourhood", "neighborhood"),
            ("travelling", "traveling"),
            ("cancelled", "canceled"),
            ("realised", "realized"),
            ("organisation", "organization"),
            ("apologise", "apologize"),
            ("analyse", "analyze"),
            ("centre", "center"),
            ("metres", "meters"),
            ("defence", "defense"),
            ("programme", "program"),
            ("grey", "gray"),
        ] {
            assert_eq!(spelling_key(uk), spelling_key(us), "{uk} / {us}");
        }
        // words with no second spelling, and words that must stay apart
        for w in [
            "hour", "your", "four", "flour", "tour", "our", "killed", "filled", "rise", "wise",
        ] {
            assert_eq!(spelling_key(w), w, "{w}");
        }
        assert_ne!(spelling_key("filled"), spelling_key("filed"));
        assert_ne!(spelling_key("travelled"), spelling_key("travelling"));
    }

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
