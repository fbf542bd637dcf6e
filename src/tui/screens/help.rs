//! Windows over the screens: the help (the keys of the screen below, then
//! every binding of the keymap in force) and the warnings met while loading.

use crate::sanitize::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::{Command, Ctx, Out, Screen, Transition};
use crate::tui::wrap::{Segment, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use std::cell::Cell;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// A scrolling window in the middle of `area`.
struct Window {
    scroll: usize,
    lines: Cell<usize>,
    height: Cell<usize>,
}

impl Window {
    fn new() -> Window {
        Window {
            scroll: 0,
            lines: Cell::new(0),
            height: Cell::new(10),
        }
    }

    fn update(&mut self, action: Action) -> Transition {
        let max = self.lines.get().saturating_sub(self.height.get());
        let page = self.height.get().saturating_sub(2).max(1) as isize;
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            Action::Back | Action::ToggleHelp | Action::ToggleLog | Action::Quit => {
                return Transition::Pop;
            }
            _ => return Transition::Ignored,
        };
        self.scroll = crate::tui::widgets::add_clamped(self.scroll, delta, max);
        Transition::Stay
    }

    fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        ctx: &Ctx,
        title: &str,
        lines: Vec<Line<'static>>,
        width: u16,
    ) {
        let win = centered(area, width, area.height.saturating_sub(2).max(3));
        frame.render_widget(Clear, win);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(ctx.theme.border_focused)
            .title(Span::styled(title.to_string(), ctx.theme.pane_title));
        let inner = block.inner(win);
        frame.render_widget(block, win);
        self.lines.set(lines.len());
        self.height.set(inner.height as usize);
        let max = lines.len().saturating_sub(inner.height as usize);
        let visible: Vec<Line> = lines
            .into_iter()
            .skip(self.scroll.min(max))
            .take(inner.height as usize)
            .collect();
        frame.render_widget(Paragraph::new(visible), inner);
    }
}

/// The help: the keys of the screen it was opened on, then every binding.
pub struct HelpScreen {
    title: String,
    context: Context,
    commands: Vec<Command>,
    window: Window,
}

impl HelpScreen {
    pub fn new(title: String, context: Context, commands: Vec<Command>) -> HelpScreen {
        HelpScreen {
            title,
            context,
            commands,
            window: Window::new(),
        }
    }

    /// The help's lines, from the keymap in force.
    pub fn lines(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let mut lines = Vec::new();
        let key_line = |keys: String, what: &str| {
            Line::from(vec![
                Span::styled(format!("  {keys:<22}"), theme.key),
                Span::styled(what.to_string(), theme.text),
            ])
        };
        lines.push(Line::from(Span::styled(
            format!("Here: {}", self.title),
            theme.help_heading,
        )));
        for c in &self.commands {
            let keys: Vec<String> = ctx
                .keymap
                .keys_for(self.context, c.action)
                .iter()
                .map(|k| k.label())
                .collect();
            if keys.is_empty() {
                continue;
            }
            lines.push(key_line(keys.join(" "), c.description()));
        }
        lines.push(Line::default());
        let sections = [
            (Context::Global, "Everywhere"),
            (Context::List, "Article list"),
            (Context::Reader, "Reader (a cursor on one sentence)"),
            (Context::Entities, "Entities (e; c: the corpus's)"),
            (Context::Compare, "Side by side (c)"),
            (Context::Story, "Story overview (v)"),
            (Context::Claims, "Claims and discrepancies (C)"),
            (Context::Quotes, "Quotes (Q)"),
            (Context::Stories, "Stories (t)"),
            (Context::Picker, "Picking an article (p)"),
            (Context::Input, "Typing a note (a) or a command (:)"),
            (Context::Filter, "While typing a filter (/)"),
            (Context::Help, "Help and warnings windows"),
        ];
        for (c, heading) in sections {
            let bindings = ctx.keymap.bindings(c);
            if bindings.is_empty() {
                continue;
            }
            lines.push(Line::from(Span::styled(heading, theme.help_heading)));
            for (keys, action) in bindings {
                let keys: Vec<String> = keys.iter().map(|k| k.label()).collect();
                lines.push(key_line(keys.join(" "), action.description()));
            }
            lines.push(Line::default());
        }
        for text in [
            "Screens stack: Esc or q goes back where you came from; q quits from the list, C-c from anywhere.",
            "Filter: terms match titles and outlets fuzzily, or bodies literally (≈); story:s3 and outlet:bbc restrict.",
            "Verdicts: ✓ verified  ! disputed  ✗ false  ? needs source  · unchecked  … saving  ✎ has a note  Δ text changed since",
            "Undo (u) and redo (C-r) reach this session's changes only; R reloads verdicts another dashboard saved.",
            "Commands (:): report [FILE] [--story sN | --all], refresh, undo, redo, store, quit",
            "Mouse: wheel scrolls, click selects. Keys: assets/keymap.toml, overridden in config.toml.",
        ] {
            lines.push(Line::from(Span::styled(text, theme.meta)));
        }
        lines
    }
}

impl Screen for HelpScreen {
    fn name(&self) -> &'static str {
        "help"
    }

    fn context(&self) -> Context {
        Context::Help
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::labelled(Action::Down, "scroll"),
            Command::labelled(Action::Back, "close"),
        ]
    }

    fn update(&mut self, action: Action, _ctx: &Ctx, _out: &mut Out) -> Transition {
        self.window.update(action)
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let width = 100.min(area.width);
        self.window.draw(
            frame,
            area,
            ctx,
            " Keys — ? or Esc to close ",
            self.lines(ctx),
            width,
        );
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The warnings met while loading.
pub struct LogScreen {
    window: Window,
}

impl Default for LogScreen {
    fn default() -> Self {
        LogScreen {
            window: Window::new(),
        }
    }
}

impl Screen for LogScreen {
    fn name(&self) -> &'static str {
        "warnings"
    }

    fn context(&self) -> Context {
        Context::Log
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<Command> {
        vec![
            Command::labelled(Action::Down, "scroll"),
            Command::labelled(Action::Back, "close"),
        ]
    }

    fn update(&mut self, action: Action, _ctx: &Ctx, _out: &mut Out) -> Transition {
        self.window.update(action)
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let width = 100.min(area.width);
        let inner_width = width.saturating_sub(2) as usize;
        let mut lines = Vec::new();
        if ctx.desk.warnings.is_empty() {
            lines.push(Line::from(Span::styled("No warnings.", ctx.theme.status)));
        }
        for w in &ctx.desk.warnings {
            let text = sanitize_line(&w.to_string()).into_owned();
            lines.extend(
                wrap(
                    &[Segment::new(&text, ctx.theme.warning)],
                    inner_width,
                    "    ",
                )
                .lines,
            );
        }
        let title = format!(
            " Warnings ({}) — w or Esc to close ",
            ctx.desk.warnings.len()
        );
        self.window.draw(frame, area, ctx, &title, lines, width);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
