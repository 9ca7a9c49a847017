//! The two kinds of `:::` blocks: questions and case scenarios. Both are parsed line
//! by line, collecting every problem, and are only built when they have none.
//!
//! [`crate::module`] finds the blocks and hands each one's lines to
//! [`parse_question`] or [`parse_scenario`]. This module keeps what both parsers
//! need, so that a question and a scenario report problems, read `points:` and
//! check links the same way.

mod question;
mod scenario;
mod scenario_graph;
mod scenario_parts;

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic, Pos};
use crate::links::{check_links, scan_markdown};
use crate::model::RichText;
use crate::snippet::{Snippet, indent_len};

pub(crate) use question::{QuestionLoc, parse_question};
pub(crate) use scenario::{ScenarioLoc, parse_scenario};

/// A source line: 1-based line number and its text (without line terminator).
pub(crate) type Line<'a> = (u32, &'a str);

/// Where a block parser reports its problems, and the course's files (`None` when
/// unknown) so that links can be checked while the block's positions are known.
pub(crate) struct BlockCx<'a> {
    pub path: &'a str,
    pub files: Option<&'a BTreeSet<String>>,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl BlockCx<'_> {
    fn error(&mut self, at: Pos, code: Code, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(self.path, at, code, msg));
        self.diags.last_mut().expect("just pushed")
    }

    fn warning(&mut self, at: Pos, code: Code, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(self.path, at, code, msg));
        self.diags.last_mut().expect("just pushed")
    }

    /// A question's or an ending's `points:` line, whose `value` starts at
    /// `value_at`. Both allow one such line with a whole number from 0 to 1000, kept
    /// in `points` together with `here`, where the line starts (translations are
    /// compared there). A second line is reported as `repeated`, in the block's own
    /// words.
    fn points_line(
        &mut self,
        points: &mut Option<(u32, Pos)>,
        value: &str,
        value_at: Pos,
        here: Pos,
        repeated: (Code, &str),
    ) {
        if points.is_some() {
            let (code, msg) = repeated;
            self.error(here, code, msg);
            return;
        }
        match value.parse::<u32>() {
            Ok(n) if n <= 1000 => *points = Some((n, here)),
            _ => {
                self.error(value_at, Code::InvalidValue, format!("`points` must be a whole number from 0 to 1000, not `{value}`"));
            }
        }
    }

    fn error_count(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// Checks a snippet's links now (while we still know where its lines came from).
    fn check_snippet_links(&mut self, sn: &Snippet) {
        let (_, links) = scan_markdown(&sn.text);
        check_links(&links, |o| sn.pos(o), self.path, self.files, self.diags);
    }
}

fn rich(sn: &Snippet) -> RichText {
    RichText::from_markdown(sn.markdown())
}

/// A list item `- `, `* ` or `+ ` (at most three spaces in): byte index of the
/// marker and of the text after it. Question options and scenario choices are both
/// written as Markdown list items, so they are recognised by the same rule.
fn list_item(line: &str) -> Option<(usize, usize)> {
    let indent = indent_len(line);
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let mut chars = rest.chars();
    let marker = chars.next()?;
    if !matches!(marker, '-' | '*' | '+') {
        return None;
    }
    let after = &rest[1..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    Some((indent, indent + 1 + indent_len(after)))
}
