//! Word wrapping of styled text into terminal lines.
//!
//! Views build a paragraph as styled segments cut at the spans the analyses
//! gave (marks, entities, diffs), then wrap it here. Segments may carry an
//! anchor so a view can learn which line a span landed on (to scroll to it).
//! Text is sanitised segment by segment, so the spans stay exact.

use crate::sanitize::placeholder;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// A run of text in one style, optionally marking a place to find later,
/// and optionally tagged so the spans it becomes can be found again (to
/// restyle them when drawing: a cursor, the current mention).
#[derive(Debug, Clone)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub style: Style,
    pub anchor: Option<usize>,
    pub tag: u32,
}

/// The tag of untagged segments (and of the spaces between words).
pub const NO_TAG: u32 = u32::MAX;

impl<'a> Segment<'a> {
    pub fn new(text: &'a str, style: Style) -> Self {
        Segment {
            text,
            style,
            anchor: None,
            tag: NO_TAG,
        }
    }
    pub fn anchored(text: &'a str, style: Style, anchor: usize) -> Self {
        Segment {
            text,
            style,
            anchor: Some(anchor),
            tag: NO_TAG,
        }
    }
    /// The same segment with a tag: its text never shares a span with
    /// text of another tag, and [`Wrapped::tags`] names the spans it became.
    pub fn tagged(mut self, tag: u32) -> Self {
        self.tag = tag;
        self
    }
}

/// The wrapped lines and, for each anchored segment, the line it starts on.
#[derive(Debug, Default)]
pub struct Wrapped {
    pub lines: Vec<Line<'static>>,
    pub anchors: Vec<(usize, usize)>,
    /// The tag of each span of each line (parallel to `lines[i].spans`).
    pub tags: Vec<Vec<u32>>,
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// A display character: safe to print, newlines and tabs folded to spaces.
fn display_char(c: char) -> char {
    if c == '\n' || c == '\r' {
        ' '
    } else {
        placeholder(c).unwrap_or(c)
    }
}

struct LineBuilder {
    spans: Vec<Span<'static>>,
    tags: Vec<u32>,
    width: usize,
    current: String,
    current_style: Style,
    current_tag: u32,
}

impl LineBuilder {
    fn new(indent: &str, style: Style) -> Self {
        let mut b = LineBuilder {
            spans: Vec::new(),
            tags: Vec::new(),
            width: 0,
            current: String::new(),
            current_style: style,
            current_tag: NO_TAG,
        };
        if !indent.is_empty() {
            b.push_str(indent, style);
        }
        b
    }

    fn push(&mut self, c: char, style: Style, tag: u32) {
        if (style != self.current_style || tag != self.current_tag) && !self.current.is_empty() {
            self.spans.push(Span::styled(
                std::mem::take(&mut self.current),
                self.current_style,
            ));
            self.tags.push(self.current_tag);
        }
        self.current_style = style;
        self.current_tag = tag;
        self.current.push(c);
        self.width += char_width(c);
    }

    fn push_str(&mut self, s: &str, style: Style) {
        for c in s.chars() {
            self.push(c, style, NO_TAG);
        }
    }

    fn finish(mut self) -> (Line<'static>, Vec<u32>) {
        if !self.current.is_empty() {
            self.spans
                .push(Span::styled(self.current, self.current_style));
            self.tags.push(self.current_tag);
        }
        (Line::from(self.spans), self.tags)
    }
}

impl Wrapped {
    fn push(&mut self, (line, tags): (Line<'static>, Vec<u32>)) {
        self.lines.push(line);
        self.tags.push(tags);
    }
}

/// Wraps styled segments to `width` columns at spaces (breaking words longer
/// than a line), continuing lines with `indent`. Whitespace runs collapse to
/// one space; a line never starts with a space.
pub fn wrap(segments: &[Segment<'_>], width: usize, indent: &str) -> Wrapped {
    let width = width.max(1);
    let indent_width: usize = indent.chars().map(char_width).sum();
    let indent = if indent_width >= width { "" } else { indent };
    // Words as (chars with styles), with anchors noted at the char they start on.
    let mut words: Vec<Vec<(char, Style, u32)>> = Vec::new();
    let mut word_anchors: Vec<(usize, usize, usize)> = Vec::new(); // (anchor, word, char in word)
    let mut current: Vec<(char, Style, u32)> = Vec::new();
    for seg in segments {
        let mut pending_anchor = seg.anchor;
        for c in seg.text.chars() {
            if c.is_whitespace() {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                continue;
            }
            if let Some(a) = pending_anchor.take() {
                word_anchors.push((a, words.len(), current.len()));
            }
            current.push((display_char(c), seg.style, seg.tag));
        }
        if let Some(a) = pending_anchor {
            word_anchors.push((a, words.len(), current.len()));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }

    let mut out = Wrapped::default();
    let mut line = LineBuilder::new("", Style::default());
    let mut line_has_text = false;
    let mut anchor_iter = word_anchors.into_iter().peekable();
    for (wi, word) in words.iter().enumerate() {
        let word_width: usize = word.iter().map(|(c, _, _)| char_width(*c)).sum();
        let space = usize::from(line_has_text);
        if line_has_text && line.width + space + word_width > width {
            out.push(
                std::mem::replace(&mut line, LineBuilder::new(indent, Style::default())).finish(),
            );
            line_has_text = false;
        }
        if line_has_text {
            // The space takes the style (and tag) of the word's first char
            // only when both sides share it, so highlights do not bleed into gaps.
            let (prev, prev_tag) = (line.current_style, line.current_tag);
            let (style, tag) = if word.first().map(|(_, s, t)| (*s, *t)) == Some((prev, prev_tag)) {
                (prev, prev_tag)
            } else {
                (Style::default(), NO_TAG)
            };
            line.push(' ', style, tag);
        }
        for (ci, &(c, style, tag)) in word.iter().enumerate() {
            while let Some(&(anchor, w, at)) = anchor_iter.peek() {
                if w < wi || (w == wi && at <= ci) {
                    out.anchors.push((anchor, out.lines.len()));
                    anchor_iter.next();
                } else {
                    break;
                }
            }
            let cw = char_width(c);
            if line.width + cw > width && line.width > indent_width {
                out.push(
                    std::mem::replace(&mut line, LineBuilder::new(indent, Style::default()))
                        .finish(),
                );
            }
            line.push(c, style, tag);
        }
        line_has_text = true;
    }
    for (anchor, _, _) in anchor_iter {
        out.anchors.push((anchor, out.lines.len()));
    }
    if line_has_text || out.lines.is_empty() {
        out.push(line.finish());
    }
    out
}

/// The display width of a string after sanitising.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| char_width(display_char(c))).sum()
}

/// Cuts text to `width` columns, adding "…" when it had to cut.
pub fn truncate(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.chars().map(display_char).collect();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars().map(display_char) {
        let cw = char_width(c);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn plain(w: &Wrapped) -> Vec<String> {
        w.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces() {
        let w = wrap(
            &[Segment::new("the quick brown fox jumps", Style::default())],
            10,
            "",
        );
        assert_eq!(plain(&w), vec!["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn long_words_break_and_indent_continues() {
        let w = wrap(&[Segment::new("abcdefghijkl xy", Style::default())], 5, " ");
        assert_eq!(plain(&w), vec!["abcde", " fghi", " jkl", " xy"]);
    }

    #[test]
    fn styles_and_anchors_survive() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let segs = [
            Segment::new("one two ", Style::default()),
            Segment::anchored("Three Four", bold, 7),
            Segment::new(" five", Style::default()),
        ];
        let w = wrap(&segs, 9, "");
        assert_eq!(plain(&w), vec!["one two", "Three", "Four five"]);
        assert_eq!(w.anchors, vec![(7, 1)]);
        assert_eq!(w.lines[1].spans[0].style, bold);
    }

    #[test]
    fn escapes_are_neutralised_and_wide_chars_counted() {
        let w = wrap(
            &[Segment::new("a\u{1b}[2Jb 日本語", Style::default())],
            20,
            "",
        );
        assert_eq!(plain(&w), vec!["a␛[2Jb 日本語"]);
        assert_eq!(display_width("日本"), 4);
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ab", 4), "ab");
    }

    #[test]
    fn tags_keep_spans_apart_and_are_reported() {
        let s = Style::default();
        let segs = [
            Segment::new("one ", s).tagged(1),
            Segment::new("two", s).tagged(2),
            Segment::new(" three", s).tagged(2),
        ];
        let w = wrap(&segs, 40, "");
        assert_eq!(plain(&w), vec!["one two three"]);
        let spans: Vec<&str> = w.lines[0]
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(spans, vec!["one", " ", "two three"]);
        assert_eq!(w.tags, vec![vec![1, NO_TAG, 2]]);
    }

    #[test]
    fn empty_input_gives_one_empty_line() {
        let w = wrap(&[], 10, "");
        assert_eq!(w.lines.len(), 1);
    }
}
