//! Neutralising text before it reaches a terminal.
//!
//! Article text is untrusted: it may carry ANSI/OSC escape sequences, other
//! control characters or bidi overrides that would move the cursor, change
//! colours, set the window title or reorder what the editor sees. Every
//! character that could do so is replaced by exactly one visible placeholder
//! character, so character offsets into the text stay valid for display.

use std::borrow::Cow;

/// The placeholder for a character that must not reach the terminal, or
/// `None` when the character is safe to print as it is. Newlines are left to
/// the caller (see [`sanitize_line`]).
pub fn placeholder(c: char) -> Option<char> {
    match c {
        '\n' => None,
        '\t' => Some(' '),
        // C0 controls become their Unicode "control picture" (ESC → ␛).
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('␡'),
        // C1 controls (CSI, OSC, … as single code points).
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        // Bidi embeddings, overrides, isolates and marks.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' => {
            Some('⇄')
        }
        // Line and paragraph separators act as newlines in some terminals.
        '\u{2028}' | '\u{2029}' => Some(' '),
        _ => None,
    }
}

/// Replaces unsafe characters one for one; newlines are kept.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| placeholder(c).unwrap_or(c)).collect())
}

/// Like [`sanitize`], for one-line contexts: newlines become spaces.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\n' || placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c == '\n' {
                    ' '
                } else {
                    placeholder(c).unwrap_or(c)
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_neutralised_one_for_one() {
        let evil = "a\u{1b}[31mred\u{1b}]0;title\u{7}b";
        let clean = sanitize(evil);
        assert!(!clean.chars().any(|c| c.is_control() && c != '\n'));
        assert_eq!(clean.chars().count(), evil.chars().count());
        assert_eq!(clean, "a␛[31mred␛]0;title␇b");
    }

    #[test]
    fn bidi_and_c1_are_replaced() {
        assert_eq!(sanitize("x\u{202e}y\u{9b}z"), "x⇄y\u{fffd}z");
    }

    #[test]
    fn safe_text_is_borrowed() {
        assert!(matches!(
            sanitize("Saint-Étienne “quoted”\nnext"),
            Cow::Borrowed(_)
        ));
        assert_eq!(sanitize_line("a\nb\tc"), "a b c");
    }
}
