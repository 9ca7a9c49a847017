//! Reading one part of a scenario (`@step`, `@branch` or `@ending`) from the lines
//! below its `@` line. Each part is read on its own into a raw form that keeps
//! source positions; whether the parts fit together is for
//! [`super::scenario_graph`] to decide.

use super::{BlockCx, Line, list_item};
use crate::diagnostic::{Code, Pos};
use crate::model::{Comparison, Outcome};
use crate::snippet::{Snippet, column_of, indent_len, strip_key};

pub(super) struct RawChoice {
    pub at: Pos,
    pub text: Snippet,
    pub target: String,
    pub target_pos: Pos,
    pub score: i32,
    pub feedback: Option<Snippet>,
}

pub(super) struct RawCondition {
    pub at: Pos,
    pub comparison: Comparison,
    pub value: i32,
    pub target: String,
    pub target_pos: Pos,
}

/// A part as read, before the scenario is checked as a whole. Every value keeps the
/// position it came from: the whole-scenario checks report there, and the
/// translation checks need them later through [`super::scenario::NodeLoc`].
pub(super) enum RawKind {
    Step { narrative: Snippet, choices: Vec<RawChoice> },
    Branch { conditions: Vec<RawCondition>, otherwise: Option<(String, Pos, Pos)> },
    Ending { outcome: Option<(Outcome, Pos)>, points: Option<(u32, Pos)>, narrative: Snippet },
}

pub(super) struct RawNode {
    pub id: String,
    pub at: Pos,
    pub id_pos: Pos,
    pub kind: RawKind,
}

impl RawNode {
    pub(super) fn targets(&self) -> Vec<(&str, Pos)> {
        match &self.kind {
            RawKind::Step { choices, .. } => choices.iter().map(|c| (c.target.as_str(), c.target_pos)).collect(),
            RawKind::Branch { conditions, otherwise } => conditions
                .iter()
                .map(|c| (c.target.as_str(), c.target_pos))
                .chain(otherwise.iter().map(|(t, _, p)| (t.as_str(), *p)))
                .collect(),
            RawKind::Ending { .. } => Vec::new(),
        }
    }

    pub(super) fn kind_name(&self) -> &'static str {
        match self.kind {
            RawKind::Step { .. } => "step",
            RawKind::Branch { .. } => "branch",
            RawKind::Ending { .. } => "ending",
        }
    }
}

/// Splits `text -> target (+N)` at the last arrow (`->` or `→`): byte index of the
/// arrow and its length.
fn find_arrow(s: &str) -> Option<(usize, usize)> {
    let a = s.rfind("->").map(|i| (i, 2));
    let b = s.rfind('→').map(|i| (i, '→'.len_utf8()));
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The target id that choices and branch lines name after their arrow, read from
/// `after_arrow` on: the id (empty if there is none), where it starts, and the byte
/// index just after it, where only a score change may follow.
fn target_after_arrow(line: &str, ln: u32, after_arrow: usize) -> (&str, Pos, usize) {
    let start = after_arrow + indent_len(&line[after_arrow..]);
    let rest = &line[start..];
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    (&rest[..len], Pos::new(ln, column_of(line, start)), start + len)
}

/// Parses `(+N)`, `(-N)` or `(N)`.
fn score_change(s: &str) -> Option<i32> {
    let inner = s.strip_prefix('(')?.strip_suffix(')')?.trim();
    let n = inner.strip_prefix('+').unwrap_or(inner);
    n.trim().parse::<i32>().ok().filter(|n| n.abs() <= 1000)
}

fn parse_signed(s: &str) -> Option<i32> {
    s.strip_prefix('+').unwrap_or(s).parse::<i32>().ok()
}

pub(super) fn parse_step(cx: &mut BlockCx, body: &[Line]) -> RawKind {
    let mut narrative = Snippet::new();
    let mut choices: Vec<RawChoice> = Vec::new();
    for &(ln, line) in body {
        let indent = indent_len(line);
        let here = Pos::new(ln, column_of(line, indent));
        if line.trim().is_empty() {
            if choices.is_empty() {
                narrative.push_line(Pos::new(ln, 1), "");
            }
            continue;
        }
        let item = list_item(line);
        let arrow = item.and_then(|(_, text)| find_arrow(&line[text..]).map(|(a, l)| (text + a, l)));
        if let (Some((marker, text)), Some((arrow_at, arrow_len))) = (item, arrow) {
            let choice_text = line[text..arrow_at].trim();
            let (target, target_pos, target_end) = target_after_arrow(line, ln, arrow_at + arrow_len);
            let at = Pos::new(ln, column_of(line, marker));
            let rest = line[target_end..].trim();
            let mut score = 0;
            if target.is_empty() {
                cx.error(target_pos, Code::MissingTarget, "choice has no target after `->`")
                    .hint = Some("End the choice with the id of the step it leads to, e.g. `-> separate-interview (+2)`.".into());
            } else if !rest.is_empty() {
                match score_change(rest) {
                    Some(n) => score = n,
                    None => {
                        let rest_pos = Pos::new(ln, column_of(line, target_end + indent_len(&line[target_end..])));
                        cx.error(rest_pos, Code::ScenarioSyntax, format!("cannot read `{rest}` after the target"))
                            .hint = Some("After the target, only a score change such as (+2) or (-1) may follow.".into());
                    }
                }
            }
            if choice_text.is_empty() {
                cx.error(at, Code::ScenarioSyntax, "choice has no text")
                    .hint = Some("Write what the learner can do before the arrow, e.g. `- Call an interpreter -> next`.".into());
            }
            choices.push(RawChoice {
                at,
                text: Snippet::starting(Pos::new(ln, column_of(line, text)), choice_text),
                target: target.to_string(),
                target_pos,
                score,
                feedback: None,
            });
            continue;
        }
        if choices.is_empty() {
            narrative.push_line(Pos::new(ln, 1), line);
            continue;
        }
        if indent == 0
            && let Some((fb, vi)) = strip_key(line, "feedback")
        {
            cx.error(here, Code::ScenarioSyntax, "`feedback:` must be indented under its choice")
                .hint = Some("Start the line with two spaces: `  feedback: ...`.".into());
            let choice = choices.last_mut().expect("choices is not empty");
            if choice.feedback.is_none() {
                choice.feedback = Some(Snippet::starting(Pos::new(ln, column_of(line, vi)), fb));
            }
            continue;
        }
        if indent > 0 {
            let choice = choices.last_mut().expect("choices is not empty");
            if let Some((fb, vi)) = strip_key(line, "feedback") {
                if choice.feedback.is_some() {
                    cx.error(here, Code::ScenarioSyntax, "this choice already has feedback");
                } else {
                    choice.feedback = Some(Snippet::starting(Pos::new(ln, column_of(line, vi)), fb));
                }
            } else if let Some(fb) = choice.feedback.as_mut() {
                fb.push_line(here, line.trim());
            } else {
                cx.error(here, Code::ScenarioSyntax, "expected `feedback:` under the choice")
                    .hint = Some("Each choice is followed by an indented line `  feedback: what happens and why`.".into());
                // Counted as the feedback so the same mistake is not reported twice.
                choice.feedback = Some(Snippet::starting(here, line.trim()));
            }
            continue;
        }
        if item.is_some() {
            cx.error(here, Code::MissingTarget, "this choice has no target")
                .hint = Some("End the choice with `-> step-id`, e.g. `- Call an interpreter -> interview (+1)`.".into());
        } else {
            cx.error(here, Code::ScenarioSyntax, "unexpected text after the choices")
                .hint = Some("The narrative goes before the choices. Start a new part with @step, @branch or @ending.".into());
        }
    }
    for c in &choices {
        match &c.feedback {
            None => {
                cx.error(c.at, Code::ChoiceWithoutFeedback, "choice has no feedback")
                    .hint = Some("Add an indented line under the choice: `  feedback: what happens and why`.".into());
            }
            Some(fb) if fb.is_blank() => {
                cx.error(c.at, Code::ChoiceWithoutFeedback, "choice feedback is empty");
            }
            Some(fb) => cx.check_snippet_links(fb),
        }
        cx.check_snippet_links(&c.text);
    }
    cx.check_snippet_links(&narrative);
    RawKind::Step { narrative, choices }
}

pub(super) fn parse_branch(cx: &mut BlockCx, body: &[Line]) -> RawKind {
    let mut conditions = Vec::new();
    let mut otherwise: Option<(String, Pos, Pos)> = None;
    for &(ln, line) in body {
        let indent = indent_len(line);
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let here = Pos::new(ln, column_of(line, indent));
        let syntax_hint = "Branch lines look like `if score >= 3 -> good-practice` and end with `else -> other-step`.";
        let Some((arrow_at, arrow_len)) = find_arrow(line) else {
            cx.error(here, Code::ScenarioSyntax, "expected `if score >= N -> target` or `else -> target`")
                .hint = Some(format!("{syntax_hint} Branches have no narrative: put text in a @step."));
            continue;
        };
        let (target, target_pos, target_end) = target_after_arrow(line, ln, arrow_at + arrow_len);
        let head = line[indent..arrow_at].trim();
        if target.is_empty() || !line[target_end..].trim().is_empty() {
            cx.error(target_pos, Code::MissingTarget, "expected one step id after `->`")
                .hint = Some(syntax_hint.into());
            continue;
        }
        if otherwise.is_some() {
            cx.error(here, Code::ScenarioSyntax, "this line comes after `else` and can never be used")
                .hint = Some("`else` must be the last line of a branch.".into());
            continue;
        }
        if head.eq_ignore_ascii_case("else") {
            otherwise = Some((target.to_string(), here, target_pos));
            continue;
        }
        let cond = head
            .strip_prefix("if ")
            .map(str::trim_start)
            .and_then(|c| c.strip_prefix("score"))
            .map(str::trim_start);
        let parsed = cond.and_then(|c| {
            let ops = [
                (">=", Comparison::AtLeast),
                ("<=", Comparison::AtMost),
                ("==", Comparison::Equal),
                (">", Comparison::Greater),
                ("<", Comparison::Less),
            ];
            let (op, cmp) = ops.iter().find(|(op, _)| c.starts_with(op))?;
            let value = parse_signed(c[op.len()..].trim())?;
            Some((*cmp, value))
        });
        match parsed {
            Some((comparison, value)) => conditions.push(RawCondition {
                at: here,
                comparison,
                value,
                target: target.to_string(),
                target_pos,
            }),
            None => {
                let d = cx.error(here, Code::ScenarioSyntax, format!("cannot read the condition `{head}`"));
                d.hint = Some(if cond.is_some_and(|c| c.starts_with('=') && !c.starts_with("==")) {
                    "Use `==` to compare for equality, e.g. `if score == 2 -> mixed`.".into()
                } else {
                    "Write conditions as `if score >= N -> target`; the comparisons are >=, >, <=, < and ==.".into()
                });
            }
        }
    }
    RawKind::Branch { conditions, otherwise }
}

pub(super) fn parse_ending(cx: &mut BlockCx, body: &[Line]) -> RawKind {
    let mut outcome: Option<(Outcome, Pos)> = None;
    let mut points: Option<(u32, Pos)> = None;
    let mut narrative = Snippet::new();
    let mut in_header = true;
    for &(ln, line) in body {
        let here = Pos::new(ln, column_of(line, indent_len(line)));
        if in_header {
            if line.trim().is_empty() {
                continue;
            }
            if let Some((v, vi)) = strip_key(line, "outcome") {
                let at = Pos::new(ln, column_of(line, vi));
                if outcome.is_some() {
                    cx.error(here, Code::ScenarioSyntax, "the ending already has an `outcome:`");
                    continue;
                }
                match v {
                    "good-practice" => outcome = Some((Outcome::GoodPractice, here)),
                    "mixed" => outcome = Some((Outcome::Mixed, here)),
                    "harmful" => outcome = Some((Outcome::Harmful, here)),
                    other => {
                        cx.error(at, Code::InvalidValue, format!("unknown outcome `{other}`"))
                            .hint = Some("Use outcome: good-practice, outcome: mixed or outcome: harmful.".into());
                    }
                }
                continue;
            }
            if let Some((v, vi)) = strip_key(line, "points") {
                let repeated = (Code::ScenarioSyntax, "the ending already has `points:`");
                cx.points_line(&mut points, v, Pos::new(ln, column_of(line, vi)), here, repeated);
                continue;
            }
            in_header = false;
        }
        narrative.push_line(Pos::new(ln, 1), line);
    }
    cx.check_snippet_links(&narrative);
    RawKind::Ending { outcome, points, narrative }
}
