//! Markdown assembled from pieces of source lines (a question prompt, an indented
//! feedback line, ...) that remembers where each piece came from, so problems found
//! inside it can be reported at the right file line and column.

use crate::diagnostic::Pos;

#[derive(Debug, Clone, Default)]
pub(crate) struct Snippet {
    pub text: String,
    /// (byte offset in `text`, position in the file of that byte), one per line.
    map: Vec<(usize, Pos)>,
}

impl Snippet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn starting(at: Pos, s: &str) -> Self {
        let mut sn = Self::new();
        sn.push_line(at, s);
        sn
    }

    pub fn push_line(&mut self, at: Pos, s: &str) {
        if !self.map.is_empty() {
            self.text.push('\n');
        }
        self.map.push((self.text.len(), at));
        self.text.push_str(s);
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The text without leading/trailing blank lines, which only come from layout.
    pub fn markdown(&self) -> String {
        self.text.trim_matches('\n').trim_end().to_string()
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let i = match self.map.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let Some((start, at)) = self.map.get(i) else {
            return Pos::START;
        };
        let end = offset.min(self.text.len()).max(*start);
        let chars = self.text.get(*start..end).map_or(0, |s| s.chars().count());
        Pos::new(at.line, at.column + chars as u32)
    }
}

/// 1-based column of a byte index within a line.
pub(crate) fn column_of(line: &str, byte: usize) -> u32 {
    line.get(..byte.min(line.len())).map_or(0, |s| s.chars().count()) as u32 + 1
}

/// Byte length of the leading whitespace.
pub(crate) fn indent_len(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `key: value` at the start of a line (after indentation), key matched without
/// regard to case. Returns the value, trimmed, and its byte index in the line.
pub(crate) fn strip_key<'l>(line: &'l str, key: &str) -> Option<(&'l str, usize)> {
    let indent = indent_len(line);
    let t = &line[indent..];
    let head = t.get(..key.len())?;
    if !head.eq_ignore_ascii_case(key) || !t[key.len()..].starts_with(':') {
        return None;
    }
    let after = &t[key.len() + 1..];
    let value_start = indent + key.len() + 1 + indent_len(after);
    Some((line[value_start..].trim_end(), value_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_back_to_lines() {
        let mut s = Snippet::new();
        s.push_line(Pos::new(10, 3), "ąb");
        s.push_line(Pos::new(11, 1), "cd");
        assert_eq!(s.pos(0), Pos::new(10, 3));
        assert_eq!(s.pos(2), Pos::new(10, 4)); // after the two-byte ą
        assert_eq!(s.pos(4), Pos::new(11, 1));
        assert_eq!(s.pos(5), Pos::new(11, 2));
    }

    #[test]
    fn keys() {
        assert_eq!(strip_key("  feedback:  Good.", "feedback"), Some(("Good.", 13)));
        assert_eq!(strip_key("Points: 3", "points"), Some(("3", 8)));
        assert_eq!(strip_key("points to consider", "points"), None);
        assert_eq!(strip_key("kind:", "kind"), Some(("", 5)));
    }
}
