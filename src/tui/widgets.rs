//! Small drawing helpers every screen uses: the verdict marker, pane and
//! screen frames, highlighted one-line text, list offsets.

use super::screen::Ctx;
use super::theme::Theme;
use crate::review::{ItemKey, Verdict};
use crate::sanitize::placeholder;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

/// The verdict marker of an item, two cells wide: ✓ verified, ! disputed,
/// ✗ false, ? needs source, · unchecked, … while saving; then ✎ when it has
/// a note (Δ when its text changed since the verdict).
pub fn verdict_marker(ctx: &Ctx, key: &ItemKey) -> Span<'static> {
    if ctx.review.is_pending(key) {
        return Span::styled("… ", ctx.theme.verdict_pending);
    }
    let Some(e) = ctx.review.entry(key) else {
        return Span::styled("· ", ctx.theme.meta);
    };
    let (c, style) = verdict_char(ctx.theme, e.verdict);
    let second = if e.text_changed {
        'Δ'
    } else if e.note.is_empty() {
        ' '
    } else {
        '✎'
    };
    Span::styled(format!("{c}{second}"), style)
}

/// A blank marker for items that have none: two cells, so columns line up.
pub fn no_marker() -> Span<'static> {
    Span::raw("  ")
}

/// The marker of the first reviewed item of several (a pair, a fact).
pub fn combined_marker<'a>(
    ctx: &Ctx,
    keys: impl IntoIterator<Item = &'a ItemKey>,
) -> Span<'static> {
    match ctx.review.first_reviewed(keys) {
        Some(k) => verdict_marker(ctx, k),
        None => no_marker(),
    }
}

/// The character and style of a verdict.
pub fn verdict_char(theme: &Theme, v: Verdict) -> (char, Style) {
    match v {
        Verdict::Verified => ('✓', theme.verdict_verified),
        Verdict::Disputed => ('!', theme.verdict_disputed),
        Verdict::False => ('✗', theme.verdict_false),
        Verdict::NeedsSource => ('?', theme.verdict_needs_source),
        Verdict::Unchecked => ('·', theme.meta),
    }
}

/// "disputed by alice — called the press office".
pub fn verdict_text(e: &crate::review::Entry) -> String {
    let mut s = format!("{} by {}", e.verdict.label(), e.editor);
    if !e.note.is_empty() {
        s.push_str(" — ");
        s.push_str(&crate::sanitize::sanitize_line(&e.note));
    }
    if e.text_changed {
        s.push_str(" (text changed since)");
    }
    s
}

/// A pane's frame, highlighted when focused.
pub fn pane_block<'a>(theme: &Theme, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(title.into().style(theme.pane_title))
}

/// A full screen's frame.
pub fn screen_block<'a>(theme: &Theme, title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.pane_title))
}

/// A one-line text with the characters at `marks` (char indices) highlighted.
pub fn highlighted(text: &str, marks: &[usize], base: Style, mark: Style) -> Line<'static> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut next = marks.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let is_mark = next.peek().is_some_and(|&&m| m == i);
        if is_mark {
            next.next();
        }
        if is_mark != run_marked && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_marked { base.patch(mark) } else { base },
            ));
        }
        run_marked = is_mark;
        let c = if c == '\n' {
            ' '
        } else {
            placeholder(c).unwrap_or(c)
        };
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_marked { base.patch(mark) } else { base },
        ));
    }
    Line::from(spans)
}

/// The first row to show: the previous one, moved just enough to keep the
/// selection on screen.
pub fn visible_offset(previous: usize, selected: usize, height: usize, rows: usize) -> usize {
    if height == 0 || rows == 0 {
        return 0;
    }
    let max = rows.saturating_sub(height);
    let offset = if selected < previous {
        selected
    } else if selected >= previous + height {
        selected + 1 - height
    } else {
        previous
    };
    offset.min(max)
}

/// Moves a list's cursor for the movement actions (down, up, a page, top,
/// bottom) over `len` rows; false for any other action.
pub fn move_cursor(
    selected: &mut usize,
    action: crate::tui::action::Action,
    len: usize,
    page: usize,
) -> bool {
    use crate::tui::action::Action;
    let max = len.saturating_sub(1);
    let page = page.max(1) as isize;
    *selected = match action {
        Action::Down => add_clamped(*selected, 1, max),
        Action::Up => add_clamped(*selected, -1, max),
        Action::PageDown => add_clamped(*selected, page, max),
        Action::PageUp => add_clamped(*selected, -page, max),
        Action::Top => 0,
        Action::Bottom => max,
        _ => return false,
    };
    true
}

/// `value + delta`, kept within `0..=max`.
pub fn add_clamped(value: usize, delta: isize, max: usize) -> usize {
    (value as isize)
        .saturating_add(delta)
        .clamp(0, max as isize) as usize
}

/// A cell of `width` columns: the text cut to fit, padded on the right.
pub fn cell(text: &str, width: usize) -> String {
    let t = crate::tui::wrap::truncate(text, width);
    let w = crate::tui::wrap::display_width(&t);
    format!("{t}{}", " ".repeat(width.saturating_sub(w)))
}

pub use crate::speakers::unquoted;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_follows_selection() {
        assert_eq!(visible_offset(0, 5, 10, 100), 0);
        assert_eq!(visible_offset(0, 12, 10, 100), 3);
        assert_eq!(visible_offset(20, 12, 10, 100), 12);
        assert_eq!(visible_offset(95, 99, 10, 100), 90);
        assert_eq!(visible_offset(3, 0, 0, 100), 0);
    }

    #[test]
    fn highlight_runs() {
        let base = Style::default();
        let mark = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let line = highlighted("abcd", &[1, 2], base, mark);
        let parts: Vec<_> = line
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == mark))
            .collect();
        assert_eq!(parts, vec![("a", false), ("bc", true), ("d", false)]);
    }

    #[test]
    fn quotes_are_not_doubled() {
        assert_eq!(unquoted("“ANA is a hero,”"), "ANA is a hero,");
        assert_eq!(unquoted("plain"), "plain");
        assert_eq!(cell("abcdef", 4), "abc…");
        assert_eq!(cell("ab", 4), "ab  ");
    }
}
