//! The translation layer: every string the UI shows comes from [`Msg`].
//!
//! Translations are a compile-time table rather than runtime resource files so that a missing
//! Lithuanian (or English) string is a build error, not a blank label found by a learner. The
//! table is small enough that the browser bundle does not notice it.

use serde::{Deserialize, Serialize};

/// A language the interface is offered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Lt,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Lt];

    /// The BCP 47 tag, as used in `lang` attributes, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Lt => "lt",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "lt" => Some(Locale::Lt),
            _ => None,
        }
    }

    /// The language's own name, so a person can find it whatever language is showing.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Lt => "Lietuvių",
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(locale) = Locale::from_code(primary)
                && quality > 0.0
                && best.is_none_or(|(_, q)| quality > q)
            {
                best = Some((locale, quality));
            }
        }
        best.map(|(locale, _)| locale)
    }
}

/// Replaces `{name}` placeholders in a translated string.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}", name = name), value);
    }
    text
}

// The table, area by area: each file defines a `*_messages!` macro (see `messages!`).
#[macro_use]
mod common;
#[macro_use]
mod learning;
#[macro_use]
mod authoring;
#[macro_use]
mod administration;
#[macro_use]
mod accessibility;
#[macro_use]
mod offline;
#[macro_use]
mod single_sign_on;
#[macro_use]
mod xapi;

/// Builds `Msg` from the whole table. The areas' macros call each other in a chain, each adding
/// its lines, and the last hands the complete table here (the `[]` says no area is left).
macro_rules! messages {
    ([] $($key:ident => $en:literal, $lt:literal;)*) => {
        /// A translatable message. Variants name the meaning, not the English wording.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            pub fn text(self, locale: Locale) -> &'static str {
                match locale {
                    Locale::En => match self { $(Msg::$key => $en,)* },
                    Locale::Lt => match self { $(Msg::$key => $lt,)* },
                }
            }
        }
    };
}

common_messages! { [learning_messages, authoring_messages, administration_messages, accessibility_messages, offline_messages, single_sign_on_messages, xapi_messages, messages] }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_quality_values() {
        assert_eq!(Locale::negotiate("lt-LT,lt;q=0.9,en;q=0.8"), Some(Locale::Lt));
        assert_eq!(Locale::negotiate("en-GB,en;q=0.9,lt;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::negotiate("de-DE, lt;q=0.5, en;q=0.7"), Some(Locale::En));
        assert_eq!(Locale::negotiate("lt;q=0"), None);
        assert_eq!(Locale::negotiate("de, fr"), None);
        assert_eq!(Locale::negotiate(""), None);
    }

    #[test]
    fn every_message_has_text_in_every_language() {
        for msg in Msg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} is empty in {locale:?}");
            }
        }
    }

    #[test]
    fn placeholders_survive_translation() {
        for msg in Msg::ALL {
            let en_placeholders: Vec<_> = msg.text(Locale::En).matches('{').collect();
            let lt_placeholders: Vec<_> = msg.text(Locale::Lt).matches('{').collect();
            assert_eq!(en_placeholders.len(), lt_placeholders.len(), "{msg:?}");
        }
        assert_eq!(fill(Msg::TooManyAttempts.text(Locale::En), &[("minutes", "15")]),
            "Too many sign-in attempts. Please wait 15 minutes and try again.");
    }
}
