//! Neutralising untrusted text before it reaches any output channel.
//!
//! Article text, titles, outlet names, URLs and file names are untrusted: they
//! may carry ANSI/OSC escape sequences, other control characters, bidi
//! overrides or invisible joiners that would move the cursor, change colours,
//! set the window title, put text on the clipboard, reorder what the editor
//! sees or desynchronise the screen's columns. This module is the one place
//! that decides what may pass, for every channel:
//!
//! - the screen, text output and the status line: [`sanitize`] /
//!   [`sanitize_line`] replace every dangerous character by exactly one
//!   visible placeholder, so character offsets into the text stay valid;
//! - the clipboard: [`for_clipboard`] (the same, with newlines kept);
//! - the URL opener: [`safe_url`] (http and https only, no controls);
//! - Markdown reports: [`markdown_text`] (HTML and Markdown syntax escaped)
//!   and [`markdown_link`] (links only to http(s) URLs);
//! - analysis: [`mask_controls`] blanks escape sequences byte for byte so
//!   that "ESC ]52;c…" is never read as a figure.
//!
//! JSON output needs nothing more: `serde_json` escapes every control
//! character, so a JSON document is always valid and inert.

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
        // Invisible characters of zero or disputed width: terminals and the
        // width tables disagree on them (a joiner can glue two wide emoji
        // into one cell or not), which shifts every column after them.
        // They also hide text ("tag" characters). One visible dot each.
        '\u{200b}'..='\u{200d}'
        | '\u{2060}'..='\u{2064}'
        | '\u{feff}'
        | '\u{180e}'
        | '\u{034f}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{3164}'
        | '\u{ffa0}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{e0000}'..='\u{e007f}'
        | '\u{e0100}'..='\u{e01ef}'
        | '\u{fff9}'..='\u{fffb}' => Some('·'),
        // Private-use and unassigned planes render unpredictably.
        '\u{f0000}'..='\u{10ffff}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// True when some character of `text` must be replaced before display.
pub fn needs_sanitizing(text: &str) -> bool {
    text.chars().any(|c| placeholder(c).is_some())
}

/// Replaces unsafe characters one for one; newlines are kept.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !needs_sanitizing(text) {
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

/// Text for the clipboard (OSC 52): the same neutralisation as the screen,
/// newlines kept, so pasting it into a shell or editor never replays an
/// escape sequence or a hidden command.
pub fn for_clipboard(text: &str) -> String {
    sanitize(text).into_owned()
}

/// Why a URL is not handed to the system opener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeUrl(pub &'static str);

impl std::fmt::Display for UnsafeUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// The URL if it may be opened or linked: `http://` or `https://` with a
/// host, no whitespace, no control, bidi or invisible characters, and no
/// credentials. Everything else (`javascript:`, `file://`, `data:`, custom
/// schemes, option-like strings) is refused with the reason.
pub fn safe_url(url: &str) -> Result<&str, UnsafeUrl> {
    let url = url.trim();
    if url.is_empty() {
        return Err(UnsafeUrl("the article has no URL"));
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || placeholder(c).is_some())
    {
        return Err(UnsafeUrl(
            "the URL contains spaces or control characters; not opened",
        ));
    }
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else {
        return Err(UnsafeUrl("only http and https links are opened"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return Err(UnsafeUrl("the URL has no host"));
    }
    if authority.contains('@') {
        return Err(UnsafeUrl("the URL carries credentials; not opened"));
    }
    Ok(url)
}

/// Untrusted text for a Markdown document, on one line: controls
/// neutralised, HTML (`< > &`) turned into entities, and every character
/// that Markdown could read as syntax (emphasis, code, links, images,
/// tables, headings, autolinks) escaped, so the text renders as the text it
/// is and nothing in it becomes markup, a link, an image or a script.
pub fn markdown_text(text: &str) -> String {
    let clean = sanitize_line(text);
    let mut out = String::with_capacity(clean.len() + 8);
    let chars: Vec<char> = clean.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // only an ampersand that would start an entity ("&lt;", "&#60;")
            '&' if starts_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            // emphasis, code, links and images, tables, strikethrough; line-start
            // syntax (#, -, >, 1.) cannot occur: the text never starts a line
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn starts_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take(33)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

/// A Markdown link to `url` labelled `label`, or the escaped label alone
/// when the URL is not a safe http(s) one.
pub fn markdown_link(label: &str, url: &str) -> String {
    match safe_url(url) {
        Ok(u) => {
            // percent-encode what would end the link destination early
            let dest: String = u
                .chars()
                .map(|c| match c {
                    '(' => "%28".to_string(),
                    ')' => "%29".to_string(),
                    '<' => "%3C".to_string(),
                    '>' => "%3E".to_string(),
                    '"' => "%22".to_string(),
                    '\'' => "%27".to_string(),
                    '\\' => "%5C".to_string(),
                    '`' => "%60".to_string(),
                    c => c.to_string(),
                })
                .collect();
            format!("[{}]({dest})", markdown_text(label))
        }
        Err(_) => markdown_text(label),
    }
}

/// A copy of `text` for analysis in which escape sequences (CSI `ESC [ …`,
/// OSC `ESC ] … BEL|ST`, other `ESC x`, and their C1 forms) and every other
/// control character except newline and tab are blanked with ASCII spaces,
/// byte for byte, so offsets into the copy are offsets into `text`. `None`
/// when there is nothing to blank (the common case).
pub fn mask_controls(text: &str) -> Option<String> {
    let is_control = |c: char| c.is_control() && c != '\n' && c != '\t' && c != '\r';
    if !text.chars().any(is_control) {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to] {
            *b = b' ';
        }
    };
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        let next = chars.get(k + 1).map(|&(_, c)| c);
        // the extent of the sequence this character starts, in chars
        let len = match (c, next) {
            ('\u{1b}', Some('[')) | ('\u{9b}', _) => {
                let skip = if c == '\u{1b}' { 2 } else { 1 };
                // CSI: parameters and intermediates, then one final byte @–~
                let mut j = k + skip;
                while j < chars.len() && matches!(chars[j].1, '\u{20}'..='\u{3f}') {
                    j += 1;
                }
                if j < chars.len() && matches!(chars[j].1, '\u{40}'..='\u{7e}') {
                    j += 1;
                }
                j - k
            }
            ('\u{1b}', Some(']' | 'P' | '_' | '^' | 'X'))
            | ('\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' | '\u{98}', _) => {
                // OSC / DCS / APC / PM / SOS: up to BEL or ST (ESC \ or U+9C),
                // at most to the end of the line
                let skip = if c == '\u{1b}' { 2 } else { 1 };
                let mut j = k + skip;
                while j < chars.len() {
                    match chars[j].1 {
                        '\u{7}' | '\u{9c}' => {
                            j += 1;
                            break;
                        }
                        '\u{1b}' if chars.get(j + 1).map(|p| p.1) == Some('\\') => {
                            j += 2;
                            break;
                        }
                        '\n' => break,
                        _ => j += 1,
                    }
                }
                j - k
            }
            ('\u{1b}', Some(n)) if !n.is_control() => 2,
            (c, _) if is_control(c) => 1,
            _ => 0,
        };
        if len == 0 {
            k += 1;
            continue;
        }
        blank(&mut out, at, end_of(k + len));
        k += len;
    }
    // only ASCII bytes were written over whole characters: still UTF-8
    Some(String::from_utf8(out).expect("blanking whole characters keeps UTF-8"))
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
    fn invisible_joiners_become_visible_one_for_one() {
        let text = "a\u{200d}b\u{feff}c\u{e0041}d";
        let clean = sanitize(text);
        assert_eq!(clean, "a·b·c·d");
        assert_eq!(clean.chars().count(), text.chars().count());
        // every cell is accounted for: the display width equals the char count
        assert_eq!(unicode_width::UnicodeWidthStr::width(clean.as_ref()), 7);
    }

    #[test]
    fn safe_text_is_borrowed() {
        assert!(matches!(
            sanitize("Saint-Étienne “quoted”\nnext"),
            Cow::Borrowed(_)
        ));
        assert_eq!(sanitize_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn clipboard_text_carries_no_escape() {
        let c = for_clipboard("rm -rf /\u{1b}[2K\u{1b}]52;c;ZWNobw==\u{7}\nnext");
        assert!(!c.chars().any(|c| c.is_control() && c != '\n'));
        assert!(c.contains('\n'));
    }

    #[test]
    fn only_plain_web_urls_are_opened() {
        assert_eq!(
            safe_url(" https://example.org/a?b=1#c "),
            Ok("https://example.org/a?b=1#c")
        );
        assert!(safe_url("HTTP://EXAMPLE.ORG").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>",
            "https://",
            "http://user:pw@example.org/",
            "https://example.org/\u{1b}]52;c;x\u{7}",
            "https://exa mple.org",
            "--help",
            "",
            "https://example.org/\u{202e}gpj.exe",
        ] {
            assert!(safe_url(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn markdown_text_is_inert() {
        let evil = "<script>alert(1)</script> <img src=x onerror=alert(1)> \
                    [click](javascript:alert(1)) ![x](https://tracker.example/p.png) **b** `c` | d";
        let md = markdown_text(evil);
        assert!(!md.contains('<') && !md.contains('>'));
        // brackets are escaped, so no link or image can form
        assert!(!md.contains("[click]") && !md.contains("![x]"), "{md}");
        assert!(
            md.contains("\\[click\\]") && md.contains("!\\[x\\]"),
            "{md}"
        );
        assert!(markdown_text("AT&T &amp; co").contains("AT&T &amp;amp; co"));
        assert!(md.contains("&lt;script&gt;"));
        assert!(md.contains("\\*\\*b\\*\\*"));
        assert!(md.contains("\\|"));
    }

    #[test]
    fn markdown_links_only_to_web_urls() {
        assert_eq!(
            markdown_link("Site", "https://example.org/a_(b)"),
            "[Site](https://example.org/a_%28b%29)"
        );
        assert_eq!(markdown_link("x", "javascript:alert(1)"), "x");
    }

    #[test]
    fn masking_blanks_sequences_byte_for_byte() {
        let text = "Toll \u{1b}]52;c;aGk=\u{7} rose to 3 in Évry \u{1b}[1;31mnow\u{9b}2J.";
        let masked = mask_controls(text).unwrap();
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains("52"));
        assert!(!masked.contains("31m") && !masked.contains("2J"));
        assert!(masked.contains("rose to 3 in Évry") && masked.contains("now"));
        assert_eq!(mask_controls("plain\ttext\n"), None);
    }
}
