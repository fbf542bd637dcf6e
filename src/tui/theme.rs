//! Styles for every element the views draw, from `assets/theme.toml` and the
//! user's `[theme]`. Views take colours from here and never use literals.

use crate::config::{ConfigError, Settings, StyleSpec};
use ratatui::style::{Color, Modifier, Style};
use std::str::FromStr;

macro_rules! theme {
    ($($field:ident),* $(,)?) => {
        /// One style per thing the dashboard draws.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Theme { $(pub $field: Style,)* }

        impl Theme {
            fn slot(&mut self, name: &str) -> Option<&mut Style> {
                match name { $(stringify!($field) => Some(&mut self.$field),)* _ => None }
            }
            /// The names a theme file may set.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];
        }
    };
}

theme! {
    text, title, meta, outlet, date, words, border, border_focused, pane_title,
    selected, selected_unfocused, filter_match, boilerplate, subhead, headline,
    status, warning, error, key, key_description, gauge, filter, help_heading,
    entity_person, entity_org, entity_place, entity_norp, entity_date, entity_number,
    entity_other, entity_selected, diff_delete, diff_insert, diff_change, only_here, alarm,
    caution, verdict_verified, verdict_disputed, verdict_false, verdict_needs_source,
    verdict_pending, story, cursor, evidence, mention_current, fresh,
}

fn parse_modifier(name: &str) -> Option<Modifier> {
    Some(match name.to_ascii_lowercase().as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" | "strikethrough" => Modifier::CROSSED_OUT,
        "slow_blink" | "blink" => Modifier::SLOW_BLINK,
        _ => return None,
    })
}

fn build_style(spec: &StyleSpec, no_color: bool) -> Result<Style, String> {
    let mut style = Style::default();
    for m in &spec.modifiers {
        style =
            style.add_modifier(parse_modifier(m).ok_or_else(|| format!("unknown modifier {m:?}"))?);
    }
    let colour = |c: &Option<String>| -> Result<Option<Color>, String> {
        c.as_deref()
            .map(|c| Color::from_str(c).map_err(|_| format!("unknown colour {c:?}")))
            .transpose()
    };
    let fg = colour(&spec.fg)?;
    let bg = colour(&spec.bg)?;
    if no_color {
        // Without colour a background is lost; reverse video keeps the
        // element (selection, gauge) visible.
        if bg.is_some() {
            style = style.add_modifier(Modifier::REVERSED);
        }
    } else {
        if let Some(fg) = fg {
            style = style.fg(fg);
        }
        if let Some(bg) = bg {
            style = style.bg(bg);
        }
    }
    Ok(style)
}

impl Theme {
    /// The style of an entity type.
    pub fn entity(&self, group: crate::nlp::entities::Group) -> Style {
        use crate::nlp::entities::Group;
        match group {
            Group::Person => self.entity_person,
            Group::Org => self.entity_org,
            Group::Place => self.entity_place,
            Group::Norp => self.entity_norp,
            Group::Date => self.entity_date,
            Group::Number => self.entity_number,
            Group::Other => self.entity_other,
        }
    }
}

/// True when the `NO_COLOR` convention asks for no colour.
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl Theme {
    /// Builds the theme from settings; `no_color` drops colours, keeping modifiers.
    pub fn from_settings(settings: &Settings, no_color: bool) -> Result<Theme, ConfigError> {
        let mut theme = Theme::default();
        for entry in &settings.styles {
            let style = build_style(&entry.style, no_color).map_err(|e| entry.origin.error(e))?;
            let slot = theme.slot(&entry.name).ok_or_else(|| {
                entry.origin.error(format!(
                    "unknown theme entry {:?} (known: {})",
                    entry.name,
                    Theme::NAMES.join(", ")
                ))
            })?;
            *slot = style;
        }
        Ok(theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{apply_user_config, default_settings};

    #[test]
    fn defaults_build_with_and_without_colour() {
        let s = default_settings();
        let t = Theme::from_settings(&s, false).unwrap();
        assert!(t.selected.bg.is_some());
        let plain = Theme::from_settings(&s, true).unwrap();
        for name in Theme::NAMES {
            let mut p = plain.clone();
            let st = *p.slot(name).unwrap();
            assert!(
                st.fg.is_none() && st.bg.is_none(),
                "{name} has a colour under NO_COLOR"
            );
        }
        assert!(plain.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn bad_entries_name_their_line() {
        let mut s = default_settings();
        apply_user_config(
            &mut s,
            "c.toml",
            "[theme]\nselected = { fg = \"blurple\" }\n",
        )
        .unwrap();
        let e = Theme::from_settings(&s, false).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("unknown colour"));
        let mut s = default_settings();
        apply_user_config(&mut s, "c.toml", "[theme]\nnonsense = {}\n").unwrap();
        assert!(
            Theme::from_settings(&s, false)
                .unwrap_err()
                .message
                .contains("unknown theme entry")
        );
    }
}
