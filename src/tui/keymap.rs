//! Keys to actions, per context, from `assets/keymap.toml` and the user's config.

use super::action::Action;
use crate::config::{ConfigError, Settings};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;

/// Where keys are interpreted. Pane contexts fall back to `global`; overlays
/// and text input do not, so typing never triggers a global command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Reader,
    Entities,
    Compare,
    Story,
    Claims,
    Quotes,
    Stories,
    Picker,
    Input,
    Filter,
    Help,
    Log,
}

impl Context {
    pub const ALL: &'static [Context] = &[
        Context::Global,
        Context::List,
        Context::Reader,
        Context::Entities,
        Context::Compare,
        Context::Story,
        Context::Claims,
        Context::Quotes,
        Context::Stories,
        Context::Picker,
        Context::Input,
        Context::Filter,
        Context::Help,
        Context::Log,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Reader => "reader",
            Context::Entities => "entities",
            Context::Compare => "compare",
            Context::Story => "story",
            Context::Claims => "claims",
            Context::Quotes => "quotes",
            Context::Stories => "stories",
            Context::Picker => "picker",
            Context::Input => "input",
            Context::Filter => "filter",
            Context::Help => "help",
            Context::Log => "log",
        }
    }

    fn from_name(name: &str) -> Option<Context> {
        Context::ALL.iter().copied().find(|c| c.name() == name)
    }

    fn falls_back_to_global(self) -> bool {
        matches!(
            self,
            Context::List
                | Context::Reader
                | Context::Entities
                | Context::Compare
                | Context::Story
                | Context::Claims
                | Context::Quotes
                | Context::Stories
        )
    }
}

/// A key with its modifiers, normalised so that "G" and "shift-g" are one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn from_event(ev: &KeyEvent) -> Key {
        Key::new(ev.code, ev.modifiers)
    }

    /// Parses "j", "G", "?", "ctrl-d", "shift-tab", "pagedown", "f5", "space".
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::empty();
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break;
            }
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => return Err(format!("unknown key {text:?}")),
            },
        };
        Ok(Key::new(code, mods))
    }

    /// How the key is shown in the help and the key bar.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("C-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("M-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) => s.push(c),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("S-Tab"),
            KeyCode::Backspace => s.push_str("Bksp"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Insert => s.push_str("Ins"),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            other => s.push_str(&format!("{other:?}")),
        }
        s
    }
}

/// The key bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<(Context, Key), Action>,
    /// Bindings in the order they were defined, for the help overlay.
    order: Vec<(Context, Key)>,
}

impl Keymap {
    /// Builds the keymap from settings, checking every key, context and action.
    pub fn from_settings(settings: &Settings) -> Result<Keymap, ConfigError> {
        let mut km = Keymap {
            map: HashMap::new(),
            order: Vec::new(),
        };
        for spec in &settings.keys {
            let ctx = Context::from_name(&spec.context).ok_or_else(|| {
                let names: Vec<_> = Context::ALL.iter().map(|c| c.name()).collect();
                spec.origin.error(format!(
                    "unknown key context [keys.{}] (one of: {})",
                    spec.context,
                    names.join(", ")
                ))
            })?;
            let key = Key::parse(&spec.key).map_err(|e| spec.origin.error(e))?;
            if spec.action == "none" {
                km.map.remove(&(ctx, key));
                km.order.retain(|b| *b != (ctx, key));
                continue;
            }
            let action = Action::from_name(&spec.action).ok_or_else(|| {
                spec.origin.error(format!(
                    "unknown action {:?} (see the help overlay, `?`, for names)",
                    spec.action
                ))
            })?;
            if km.map.insert((ctx, key), action).is_none() {
                km.order.push((ctx, key));
            }
        }
        Ok(km)
    }

    /// The action for a key in a context (then in `global` for panes).
    pub fn lookup(&self, ctx: Context, key: Key) -> Option<Action> {
        self.map.get(&(ctx, key)).copied().or_else(|| {
            if ctx.falls_back_to_global() {
                self.map.get(&(Context::Global, key)).copied()
            } else {
                None
            }
        })
    }

    /// The keys that trigger an action in a context, in definition order.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<Key> {
        let own = self.order.iter().filter(|(c, _)| *c == ctx);
        let global = self
            .order
            .iter()
            .filter(|(c, _)| ctx.falls_back_to_global() && *c == Context::Global);
        own.chain(global)
            .filter(|(_, k)| self.lookup(ctx, *k) == Some(action))
            .map(|(_, k)| *k)
            .collect()
    }

    /// Bindings defined directly in a context: (keys, action), grouped by action.
    pub fn bindings(&self, ctx: Context) -> Vec<(Vec<Key>, Action)> {
        let mut out: Vec<(Vec<Key>, Action)> = Vec::new();
        for (c, k) in &self.order {
            if *c != ctx {
                continue;
            }
            let action = self.map[&(*c, *k)];
            match out.iter_mut().find(|(_, a)| *a == action) {
                Some((keys, _)) => keys.push(*k),
                None => out.push((vec![*k], action)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{apply_user_config, default_settings};

    #[test]
    fn parse_keys() {
        assert_eq!(
            Key::parse("j").unwrap(),
            Key::new(KeyCode::Char('j'), KeyModifiers::NONE)
        );
        assert_eq!(Key::parse("shift-g").unwrap(), Key::parse("G").unwrap());
        assert_eq!(Key::parse("ctrl-d").unwrap().mods, KeyModifiers::CONTROL);
        assert_eq!(Key::parse("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(Key::parse("f5").unwrap().code, KeyCode::F(5));
        assert_eq!(Key::parse("-").unwrap().code, KeyCode::Char('-'));
        assert!(Key::parse("hyper-x").is_err());
        assert_eq!(Key::parse("ctrl-d").unwrap().label(), "C-d");
    }

    #[test]
    fn event_normalisation_matches_parsed_keys() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::parse("G").unwrap());
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::parse("backtab").unwrap());
    }

    #[test]
    fn defaults_and_fallback() {
        let km = Keymap::from_settings(&default_settings()).unwrap();
        let q = Key::parse("q").unwrap();
        assert_eq!(km.lookup(Context::List, q), Some(Action::Quit));
        assert_eq!(
            km.lookup(Context::Filter, q),
            None,
            "typing q in the filter must not quit"
        );
        assert_eq!(km.lookup(Context::Help, q), Some(Action::Back));
        assert!(
            km.keys_for(Context::List, Action::Down)
                .contains(&Key::parse("j").unwrap())
        );
    }

    #[test]
    fn user_overrides_and_unbinds() {
        let mut s = default_settings();
        apply_user_config(
            &mut s,
            "c.toml",
            "[keys.list]\n\"x\" = \"quit\"\n\"j\" = \"none\"\n",
        )
        .unwrap();
        let km = Keymap::from_settings(&s).unwrap();
        assert_eq!(
            km.lookup(Context::List, Key::parse("x").unwrap()),
            Some(Action::Quit)
        );
        assert_eq!(km.lookup(Context::List, Key::parse("j").unwrap()), None);
    }

    #[test]
    fn bad_bindings_name_their_line() {
        let mut s = default_settings();
        apply_user_config(
            &mut s,
            "c.toml",
            "[keys.list]\n\"x\" = \"quit\"\n\"y\" = \"fly\"\n",
        )
        .unwrap();
        let err = Keymap::from_settings(&s).unwrap_err();
        assert_eq!((err.path.as_str(), err.line), ("c.toml", 3));
        assert!(err.message.contains("unknown action \"fly\""));
        let mut s = default_settings();
        apply_user_config(&mut s, "c.toml", "\n[keys.nowhere]\n\"x\" = \"quit\"\n").unwrap();
        let err = Keymap::from_settings(&s).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("unknown key context"));
    }
}
