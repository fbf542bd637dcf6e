//! Settings: the defaults in `assets/` overlaid by the user's config file.
//!
//! The user's file is `--config FILE`, else `$XDG_CONFIG_HOME/newsdesk/config.toml`
//! (`~/.config/newsdesk/config.toml`) when it exists. It may set
//! `max_file_size_mb`, key bindings under `[keys.CONTEXT]`, styles under
//! `[theme]` and feeds to poll under `[[feeds]]` (`url`, `every = "5m"`,
//! optional `name`). Every error names the file and line, so a typo is a one-line fix.
//! This module only reads and locates; the dashboard validates key names,
//! actions and colours and reports those errors with the lines kept here.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The default keymap, compiled in.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");
/// The default theme, compiled in.
pub const DEFAULT_THEME: &str = include_str!("../assets/theme.toml");

/// A problem in a config file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// A style as written in a theme: colours by name and modifiers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    pub fg: Option<String>,
    pub bg: Option<String>,
    #[serde(default)]
    pub modifiers: Vec<String>,
}

/// One `"key" = "action"` line, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec {
    pub context: String,
    pub key: String,
    pub action: String,
    pub origin: Origin,
}

/// One `name = { … }` style line, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleEntry {
    pub name: String,
    pub style: StyleSpec,
    pub origin: Origin,
}

/// A file and line, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: String,
    pub line: usize,
}

impl Origin {
    /// An error at this place.
    pub fn error(&self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: self.path.clone(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// Everything the settings say, defaults first and user entries after them
/// (later entries win).
#[derive(Debug, Clone)]
pub struct Settings {
    pub max_file_size: u64,
    pub keys: Vec<KeySpec>,
    pub styles: Vec<StyleEntry>,
    /// Feeds to poll into the watched folder (`newsdesk watch`).
    pub feeds: Vec<FeedEntry>,
    /// The user file that was read, if any.
    pub user_file: Option<PathBuf>,
}

impl Settings {
    /// How articles are loaded under these settings.
    pub fn load_options(&self) -> crate::corpus::LoadOptions {
        crate::corpus::LoadOptions {
            max_file_size: self.max_file_size,
        }
    }
}

/// One `[[feeds]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub url: String,
    pub every: std::time::Duration,
    pub name: Option<String>,
    pub origin: Origin,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedSpec {
    url: Spanned<String>,
    every: Option<Spanned<String>>,
    name: Option<String>,
}

type KeyTables = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>;
type StyleTable = BTreeMap<Spanned<String>, Spanned<StyleSpec>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFile {
    max_file_size_mb: Option<Spanned<u64>>,
    #[serde(default)]
    keys: KeyTables,
    #[serde(default)]
    theme: StyleTable,
    #[serde(default)]
    feeds: Vec<FeedSpec>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

fn parse_error(path: &str, text: &str, e: toml::de::Error) -> ConfigError {
    let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
    ConfigError {
        path: path.to_string(),
        line,
        message: e.message().trim().to_string(),
    }
}

/// Appends the bindings of a file in the order they are written (the
/// tables themselves are sorted maps), so the first key listed for an action
/// is the one the key bar shows.
fn key_specs(path: &str, text: &str, tables: KeyTables, out: &mut Vec<KeySpec>) {
    let first = out.len();
    for (context, table) in tables {
        for (key, action) in table {
            out.push(KeySpec {
                context: context.get_ref().clone(),
                key: key.get_ref().clone(),
                action: action.get_ref().clone(),
                origin: Origin {
                    path: path.to_string(),
                    line: line_of(text, key.span().start),
                },
            });
        }
    }
    out[first..].sort_by_key(|k| k.origin.line);
}

fn style_entries(path: &str, text: &str, table: StyleTable, out: &mut Vec<StyleEntry>) {
    for (name, style) in table {
        out.push(StyleEntry {
            name: name.get_ref().clone(),
            origin: Origin {
                path: path.to_string(),
                line: line_of(text, name.span().start),
            },
            style: style.into_inner(),
        });
    }
}

/// The user's config file: the explicit one, else the XDG one if present.
pub fn user_config_path(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.config_dir().to_path_buf()))?;
    let p = base.join("newsdesk").join("config.toml");
    p.is_file().then_some(p)
}

/// Reads the defaults and the user's file.
pub fn load_settings(explicit: Option<&Path>) -> Result<Settings, ConfigError> {
    let mut settings = default_settings();
    let Some(path) = user_config_path(explicit) else {
        return Ok(settings);
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
        path: shown.clone(),
        line: 0,
        message: format!("cannot read config: {e}"),
    })?;
    apply_user_config(&mut settings, &shown, &text)?;
    settings.user_file = Some(path);
    Ok(settings)
}

/// The compiled-in defaults alone.
pub fn default_settings() -> Settings {
    let mut keys = Vec::new();
    let tables: KeyTables = toml::from_str(DEFAULT_KEYMAP).expect("assets/keymap.toml is valid");
    key_specs("assets/keymap.toml", DEFAULT_KEYMAP, tables, &mut keys);
    let mut styles = Vec::new();
    let table: StyleTable = toml::from_str(DEFAULT_THEME).expect("assets/theme.toml is valid");
    style_entries("assets/theme.toml", DEFAULT_THEME, table, &mut styles);
    Settings {
        max_file_size: 20 * 1024 * 1024,
        keys,
        styles,
        feeds: Vec::new(),
        user_file: None,
    }
}

/// Overlays a user config text on settings.
pub fn apply_user_config(
    settings: &mut Settings,
    path: &str,
    text: &str,
) -> Result<(), ConfigError> {
    let user: UserFile = toml::from_str(text).map_err(|e| parse_error(path, text, e))?;
    if let Some(mb) = user.max_file_size_mb {
        if *mb.get_ref() == 0 {
            return Err(ConfigError {
                path: path.to_string(),
                line: line_of(text, mb.span().start),
                message: "max_file_size_mb must be at least 1".into(),
            });
        }
        settings.max_file_size = mb.get_ref().saturating_mul(1024 * 1024);
    }
    key_specs(path, text, user.keys, &mut settings.keys);
    style_entries(path, text, user.theme, &mut settings.styles);
    for feed in user.feeds {
        let line = line_of(text, feed.url.span().start);
        let err = |message: String| ConfigError {
            path: path.to_string(),
            line,
            message,
        };
        let url = feed.url.into_inner();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(err(format!(
                "feed url must start with http:// or https://: {url:?}"
            )));
        }
        let every = match feed.every {
            None => std::time::Duration::from_secs(300),
            Some(e) => {
                let at = line_of(text, e.span().start);
                let text_value = e.into_inner();
                match crate::fetch::parse_interval(&text_value) {
                    Some(d) if d.as_secs() >= 1 => d,
                    _ => {
                        return Err(ConfigError {
                            path: path.to_string(),
                            line: at,
                            message: format!(
                                "feed interval {text_value:?} is not a duration like \"90s\", \"5m\" or \"1h\""
                            ),
                        });
                    }
                }
            }
        };
        settings.feeds.push(FeedEntry {
            url,
            every,
            name: feed.name,
            origin: Origin {
                path: path.to_string(),
                line,
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let s = default_settings();
        assert!(
            s.keys
                .iter()
                .any(|k| k.context == "global" && k.key == "q" && k.action == "quit")
        );
        assert!(s.styles.iter().any(|st| st.name == "selected"));
        assert_eq!(s.max_file_size, 20 * 1024 * 1024);
    }

    #[test]
    fn user_config_overlays_with_lines() {
        let mut s = default_settings();
        let text = "max_file_size_mb = 5\n\n[keys.list]\n\"x\" = \"cycle_sort\"\n\n[theme]\nselected = { bg = \"red\" }\n";
        apply_user_config(&mut s, "c.toml", text).unwrap();
        assert_eq!(s.max_file_size, 5 * 1024 * 1024);
        let k = s.keys.last().unwrap();
        assert_eq!(
            (
                k.context.as_str(),
                k.key.as_str(),
                k.action.as_str(),
                k.origin.line
            ),
            ("list", "x", "cycle_sort", 4)
        );
        let st = s.styles.last().unwrap();
        assert_eq!(st.origin.line, 7);
        assert_eq!(st.style.bg.as_deref(), Some("red"));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let mut s = default_settings();
        let err = apply_user_config(&mut s, "c.toml", "[keys.list]\n\"x\" = \n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.to_string().starts_with("c.toml:2:"));
        let err = apply_user_config(&mut s, "c.toml", "colour = 1\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("unknown field"), "{err}");
        let err =
            apply_user_config(&mut s, "c.toml", "[theme]\nx = { fgg = \"red\" }\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn feeds_with_intervals() {
        let mut s = default_settings();
        let text = "[[feeds]]\nurl = \"https://a.example/rss\"\nevery = \"5m\"\n\n[[feeds]]\nurl = \"https://b.example/atom\"\nname = \"bee\"\n";
        apply_user_config(&mut s, "c.toml", text).unwrap();
        assert_eq!(s.feeds.len(), 2);
        assert_eq!(s.feeds[0].every, std::time::Duration::from_secs(300));
        assert_eq!(s.feeds[0].origin.line, 2);
        assert_eq!(s.feeds[1].name.as_deref(), Some("bee"));
        let err = apply_user_config(
            &mut s,
            "c.toml",
            "[[feeds]]\nurl = \"https://a\"\nevery = \"soon\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = apply_user_config(
            &mut s,
            "c.toml",
            "[[feeds]]\nurl = \"file:///etc/passwd\"\n",
        )
        .unwrap_err();
        assert!(err.message.contains("http"), "{err}");
    }

    #[test]
    fn explicit_path_is_used_even_if_missing() {
        let err = load_settings(Some(Path::new("/nonexistent/newsdesk.toml"))).unwrap_err();
        assert!(err.message.contains("cannot read config"));
    }
}
