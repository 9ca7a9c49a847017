//! Reading TOML (course.toml and module front matter) key by key, keeping source
//! spans, so that every unknown key, missing key and bad value is reported at its
//! own line and column instead of stopping at the first problem.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Code, Diagnostic, LineIndex, Pos};

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

pub(crate) struct TomlCtx<'a, 'd> {
    pub path: &'a str,
    pub index: &'a LineIndex<'a>,
    /// Byte offset of the TOML text within the file: front matter starts on line 2.
    pub base: usize,
    pub diags: &'d mut Vec<Diagnostic>,
}

impl<'a, 'd> TomlCtx<'a, 'd> {
    pub fn pos(&self, span: Range<usize>) -> Pos {
        self.index.pos(self.base + span.start)
    }

    pub fn error(&mut self, at: Pos, code: Code, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(self.path, at, code, msg));
        self.diags.last_mut().expect("just pushed")
    }

    pub fn warning(&mut self, at: Pos, code: Code, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(self.path, at, code, msg));
        self.diags.last_mut().expect("just pushed")
    }

    /// Parses a TOML document, reporting every syntax error. Returns `None` when there
    /// were syntax errors: checking keys of a half-recovered table would only add
    /// confusing "missing key" noise on top of the real problem.
    pub fn parse<'i>(&mut self, text: &'i str, fallback: Pos) -> Option<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(table.into_inner());
        }
        for e in errors {
            let at = e.span().map(|s| self.pos(s.clone())).unwrap_or(fallback);
            let (msg, hint) = explain_toml_error(text, e.span().map_or(0, |s| s.start), e.message());
            self.error(at, Code::TomlSyntax, msg).hint = Some(hint);
        }
        None
    }

    /// Reports every key not in `allowed`, with a "did you mean" when one is close.
    pub fn check_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], context: &str) {
        for key in table.keys() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let at = self.pos(key.span());
            let d = self.error(at, Code::UnknownKey, format!("unknown key `{name}` in {context}"));
            d.hint = Some(match closest(name, allowed) {
                Some(best) => format!("Did you mean `{best}`? Allowed keys: {}.", allowed.join(", ")),
                None => format!("Allowed keys: {}.", allowed.join(", ")),
            });
        }
    }

    pub fn key_pos(&self, table: &DeTable<'_>, key: &str) -> Option<Pos> {
        table.get_key_value(key).map(|(k, _)| self.pos(k.span()))
    }

    pub fn require<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
        missing_at: Pos,
        context: &str,
        example: &str,
    ) -> Option<&'t Value<'i>> {
        let v = table.get(key);
        if v.is_none() {
            self.error(missing_at, Code::MissingKey, format!("{context} is missing `{key}`"))
                .hint = Some(format!("Add a line like: {example}"));
        }
        v
    }

    fn wrong_type(&mut self, v: &Value<'_>, key: &str, expected: &str) {
        let found = v.get_ref().type_str();
        let at = self.pos(v.span());
        self.error(at, Code::InvalidValue, format!("`{key}` must be {expected}, not a {found}"));
    }

    pub fn string(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(v, key, "text in double quotes");
                None
            }
        }
    }

    pub fn nonempty_string(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        let s = self.string(v, key)?;
        if s.trim().is_empty() {
            let at = self.pos(v.span());
            self.error(at, Code::InvalidValue, format!("`{key}` must not be empty"));
            return None;
        }
        Some(s)
    }

    pub fn boolean(&mut self, v: &Value<'_>, key: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(v, key, "true or false (without quotes)");
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub fn integer(&mut self, v: &Value<'_>, key: &str, min: i64, max: i64) -> Option<i64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => {
                self.wrong_type(v, key, "a whole number (without quotes)");
                return None;
            }
        };
        match n {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let at = self.pos(v.span());
                self.error(at, Code::InvalidValue, format!("`{key}` must be between {min} and {max}"));
                None
            }
        }
    }

    /// An array of strings, each with its own position for later per-item checks.
    pub fn string_array(&mut self, v: &Value<'_>, key: &str) -> Option<Vec<(String, Pos)>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(v, key, "a list in brackets, e.g. [\"a\", \"b\"]");
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), self.pos(item.span()))),
                other => {
                    let at = self.pos(item.span());
                    let found = other.type_str();
                    self.error(at, Code::InvalidValue, format!("items of `{key}` must be text in double quotes, not a {found}"));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    pub fn table<'t, 'i>(&mut self, v: &'t Value<'i>, key: &str) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(v, key, &format!("a table, e.g. [{key}] on its own line followed by its keys"));
                None
            }
        }
    }
}

/// TOML's own messages are written for programmers ("invalid float, expected
/// `inf`" for an unquoted title). The two mistakes trainers make most, a missing
/// value and unquoted text, get a plain-language message; anything else keeps
/// TOML's wording.
fn explain_toml_error(text: &str, offset: usize, toml_message: &str) -> (String, String) {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let generic_hint = "Text values need double quotes, e.g. title = \"Indicators\"; numbers and true/false do not; lists use brackets, e.g. [\"a\", \"b\"].".to_string();
    if let Some((key, value)) = line.split_once('=') {
        let key = key.trim();
        let value = value.trim();
        let plain_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if plain_key && value.is_empty() {
            return (format!("`{key}` has no value"), generic_hint);
        }
        let starts_like_text = value.chars().next().is_some_and(|c| c.is_alphabetic());
        if plain_key && starts_like_text && !matches!(value, "true" | "false") {
            return (
                format!("the value of `{key}` must be in double quotes"),
                format!("Write: {key} = \"{}\"", value.replace('"', "\\\"")),
            );
        }
    }
    (format!("invalid TOML: {}", toml_message.trim()), generic_hint)
}

/// The allowed name closest to a misspelt one, if it is close enough to be a typo.
pub(crate) fn closest<'s>(name: &str, allowed: &[&'s str]) -> Option<&'s str> {
    allowed
        .iter()
        .map(|a| (edit_distance(&name.to_lowercase(), a), *a))
        .filter(|(d, a)| *d <= (a.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(closest("estimated_minute", &["estimated_minutes", "order"]), Some("estimated_minutes"));
        assert_eq!(closest("Title", &["title", "order"]), Some("title"));
        assert_eq!(closest("colour", &["title", "order"]), None);
    }
}
