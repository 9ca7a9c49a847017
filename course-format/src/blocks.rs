//! The two kinds of `:::` blocks: questions and case scenarios. Both are parsed line
//! by line, collecting every problem, and are only built when they have none.

use std::collections::{BTreeSet, HashMap, VecDeque};

use crate::diagnostic::{Code, Diagnostic, Pos};
use crate::links::{check_links, scan_markdown};
use crate::model::{
    Branch, Choice, Comparison, Condition, Ending, Outcome, Question, QuestionKind, QuestionOption, RichText,
    Scenario, ScenarioNode, Step,
};
use crate::snippet::{Snippet, column_of, indent_len, strip_key};
use crate::tomlfields::closest;

/// A source line: 1-based line number and its text (without line terminator).
pub(crate) type Line<'a> = (u32, &'a str);

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

    /// The value of a question's or an ending's `points:` line, a whole number from 0 to
    /// 1000; `at` is where the value starts. Reports anything else and returns `None`.
    fn points(&mut self, value: &str, at: Pos) -> Option<u32> {
        match value.parse::<u32>() {
            Ok(n) if n <= 1000 => Some(n),
            _ => {
                self.error(at, Code::InvalidValue, format!("`points` must be a whole number from 0 to 1000, not `{value}`"));
                None
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

#[derive(Debug, Clone)]
pub(crate) struct QuestionLoc {
    pub opener: Pos,
    pub kind: Option<Pos>,
    pub options: Vec<Pos>,
    pub points: Option<Pos>,
}

#[derive(Debug, Clone)]
pub(crate) struct ScenarioLoc {
    pub opener: Pos,
    pub start: Option<Pos>,
    pub nodes: HashMap<String, NodeLoc>,
}

#[derive(Debug, Clone)]
pub(crate) struct NodeLoc {
    pub at: Pos,
    /// Choice lines of a step, condition lines of a branch.
    pub items: Vec<Pos>,
    pub otherwise: Option<Pos>,
    pub outcome: Option<Pos>,
    pub points: Option<Pos>,
}

/// A list item `- `, `* ` or `+ ` (at most three spaces in): byte index of the
/// marker and of the text after it.
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

/// A task-list item `- [ ] text` / `- [x] text`: (correct, marker index, text index).
fn option_item(line: &str) -> Option<(bool, usize, usize)> {
    let (marker, text) = list_item(line)?;
    let rest = &line[text..];
    let (correct, len) = if rest.starts_with("[ ]") {
        (false, 3)
    } else if rest.starts_with("[]") {
        (false, 2)
    } else if rest.starts_with("[x]") || rest.starts_with("[X]") {
        (true, 3)
    } else {
        return None;
    };
    let after = &rest[len..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    Some((correct, marker, text + len + indent_len(after)))
}

struct RawOption {
    at: Pos,
    correct: bool,
    text: Snippet,
    feedback: Option<(Snippet, Pos)>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum QPhase {
    Prompt,
    Options,
    Trailer,
}

pub(crate) fn parse_question(cx: &mut BlockCx, id: &str, opener: Pos, lines: &[Line]) -> (Option<Question>, QuestionLoc) {
    let errors_before = cx.error_count();
    let mut kind: Option<QuestionKind> = None;
    let mut kind_pos: Option<Pos> = None;
    let mut seen_first = false;
    let mut phase = QPhase::Prompt;
    let mut prompt = Snippet::new();
    let mut options: Vec<RawOption> = Vec::new();
    let mut explanation: Option<(Snippet, Pos)> = None;
    let mut in_explanation = false;
    let mut points: Option<(u32, Pos)> = None;

    for &(ln, line) in lines {
        let indent = indent_len(line);
        let here = Pos::new(ln, column_of(line, indent));
        if line.trim().is_empty() {
            in_explanation = false;
            if phase == QPhase::Prompt && seen_first {
                prompt.push_line(Pos::new(ln, 1), "");
            }
            continue;
        }
        if !seen_first {
            seen_first = true;
            if let Some((value, vi)) = strip_key(line, "kind") {
                kind_pos = Some(here);
                kind = match value {
                    "single" => Some(QuestionKind::Single),
                    "multiple" => Some(QuestionKind::Multiple),
                    "true-false" => Some(QuestionKind::TrueFalse),
                    other => {
                        let at = Pos::new(ln, column_of(line, vi));
                        let d = cx.error(at, Code::QuestionSyntax, format!("unknown question kind `{other}`"));
                        d.hint = Some("Use kind: single, kind: multiple or kind: true-false.".into());
                        None
                    }
                };
                continue;
            }
            cx.error(here, Code::QuestionSyntax, "a question must start with a `kind:` line")
                .hint = Some("Put kind: single, kind: multiple or kind: true-false right after the ::: question line.".into());
        }

        if let Some((correct, marker, text)) = option_item(line) {
            if phase == QPhase::Trailer {
                cx.error(here, Code::QuestionSyntax, "options must come before `explanation:` and `points:`");
                continue;
            }
            phase = QPhase::Options;
            in_explanation = false;
            let at = Pos::new(ln, column_of(line, marker));
            let text_pos = Pos::new(ln, column_of(line, text));
            options.push(RawOption {
                at,
                correct,
                text: Snippet::starting(text_pos, line[text..].trim_end()),
                feedback: None,
            });
            continue;
        }

        if phase == QPhase::Prompt {
            prompt.push_line(Pos::new(ln, 1), line);
            continue;
        }

        if phase == QPhase::Options && indent > 0 {
            let opt = options.last_mut().expect("options phase has an option");
            if let Some((fb, vi)) = strip_key(line, "feedback") {
                if opt.feedback.is_some() {
                    cx.error(here, Code::QuestionSyntax, "this option already has feedback")
                        .hint = Some("Continue the feedback on the next indented line instead.".into());
                } else {
                    opt.feedback = Some((Snippet::starting(Pos::new(ln, column_of(line, vi)), fb), here));
                }
            } else if let Some((fb, _)) = opt.feedback.as_mut() {
                fb.push_line(here, line.trim());
            } else {
                opt.text.push_line(here, line.trim());
            }
            continue;
        }

        if indent == 0 {
            if let Some((value, vi)) = strip_key(line, "explanation") {
                phase = QPhase::Trailer;
                if explanation.is_some() {
                    cx.error(here, Code::QuestionSyntax, "a question can have only one `explanation:`");
                } else {
                    explanation = Some((Snippet::starting(Pos::new(ln, column_of(line, vi)), value), here));
                    in_explanation = true;
                }
                continue;
            }
            if let Some((value, vi)) = strip_key(line, "points") {
                phase = QPhase::Trailer;
                in_explanation = false;
                if points.is_some() {
                    cx.error(here, Code::QuestionSyntax, "a question can have only one `points:`");
                    continue;
                }
                if let Some(n) = cx.points(value, Pos::new(ln, column_of(line, vi))) {
                    points = Some((n, here));
                }
                continue;
            }
        }
        if in_explanation {
            if let Some((ex, _)) = explanation.as_mut() {
                ex.push_line(here, line.trim());
            }
            continue;
        }
        if phase == QPhase::Options
            && let Some((fb, vi)) = strip_key(line, "feedback")
        {
            cx.error(here, Code::QuestionSyntax, "`feedback:` must be indented under its option")
                .hint = Some("Start the line with two spaces: `  feedback: ...`.".into());
            let opt = options.last_mut().expect("options phase has an option");
            if opt.feedback.is_none() {
                opt.feedback = Some((Snippet::starting(Pos::new(ln, column_of(line, vi)), fb), here));
            }
        } else if phase == QPhase::Options {
            cx.error(here, Code::QuestionSyntax, "unexpected text among the options").hint = Some(
                "Options are list items `- [ ] text` or `- [x] text`; feedback goes on an indented line `  feedback: ...` below its option.".into(),
            );
        } else {
            cx.error(here, Code::QuestionSyntax, "unexpected text after the explanation").hint =
                Some("The explanation is one paragraph; a blank line ends it. Only `points:` may follow.".into());
        }
    }

    if prompt.is_blank() {
        cx.error(opener, Code::EmptyPrompt, format!("question `{id}` has no question text"))
            .hint = Some("Write the question as a paragraph between the kind: line and the options.".into());
    }
    if options.is_empty() {
        cx.error(opener, Code::NoOptions, format!("question `{id}` has no options"))
            .hint = Some("List the options as `- [x] correct answer` and `- [ ] wrong answer`.".into());
    }
    for opt in &options {
        if opt.text.is_blank() {
            cx.error(opt.at, Code::EmptyOption, "option has no text")
                .hint = Some("Write the answer after the box, e.g. `- [ ] She is free to leave.`".into());
        }
        if let Some((fb, at)) = &opt.feedback
            && fb.is_blank()
        {
            cx.error(*at, Code::QuestionSyntax, "feedback is empty")
                .hint = Some("Write the feedback after `feedback:`, or remove the line.".into());
        }
    }
    if let Some((ex, at)) = &explanation
        && ex.is_blank()
    {
        cx.error(*at, Code::QuestionSyntax, "explanation is empty");
    }

    let correct: Vec<&RawOption> = options.iter().filter(|o| o.correct).collect();
    if !options.is_empty() && correct.is_empty() {
        cx.error(opener, Code::NoCorrectOption, format!("question `{id}` has no correct option"))
            .hint = Some("Mark the correct option(s) with [x].".into());
    }
    if let Some(k @ (QuestionKind::Single | QuestionKind::TrueFalse)) = kind
        && correct.len() > 1
    {
        cx.error(correct[1].at, Code::TooManyCorrect, format!("a {} question has exactly one correct option; this is the second [x]", if k == QuestionKind::Single { "single-choice" } else { "true-false" }))
            .hint = Some("Use kind: multiple if several options are correct.".into());
    }
    if kind == Some(QuestionKind::TrueFalse) && !options.is_empty() && options.len() != 2 {
        let at = if options.len() > 2 { options[2].at } else { kind_pos.unwrap_or(opener) };
        cx.error(at, Code::TrueFalseOptions, format!("a true-false question needs exactly 2 options, found {}", options.len()))
            .hint = Some("Give one true and one false option, e.g. `- [x] True` and `- [ ] False`.".into());
    }

    cx.check_snippet_links(&prompt);
    for opt in &options {
        cx.check_snippet_links(&opt.text);
        if let Some((fb, _)) = &opt.feedback {
            cx.check_snippet_links(fb);
        }
    }
    if let Some((ex, _)) = &explanation {
        cx.check_snippet_links(ex);
    }

    let loc = QuestionLoc {
        opener,
        kind: kind_pos,
        options: options.iter().map(|o| o.at).collect(),
        points: points.map(|(_, p)| p),
    };
    if cx.error_count() > errors_before || id.is_empty() {
        return (None, loc);
    }
    let Some(kind) = kind else { return (None, loc) };
    let question = Question {
        id: id.to_string(),
        kind,
        prompt: rich(&prompt),
        options: options
            .iter()
            .map(|o| QuestionOption {
                text: rich(&o.text),
                correct: o.correct,
                feedback: o.feedback.as_ref().map(|(f, _)| rich(f)),
            })
            .collect(),
        explanation: explanation.as_ref().map(|(e, _)| rich(e)),
        points: points.map_or(1, |(n, _)| n),
    };
    (Some(question), loc)
}

// ---------------------------------------------------------------------------
// Scenarios

struct RawChoice {
    at: Pos,
    text: Snippet,
    target: String,
    target_pos: Pos,
    score: i32,
    feedback: Option<Snippet>,
}

struct RawCondition {
    at: Pos,
    comparison: Comparison,
    value: i32,
    target: String,
    target_pos: Pos,
}

enum RawKind {
    Step { narrative: Snippet, choices: Vec<RawChoice> },
    Branch { conditions: Vec<RawCondition>, otherwise: Option<(String, Pos, Pos)> },
    Ending { outcome: Option<(Outcome, Pos)>, points: Option<(u32, Pos)>, narrative: Snippet },
}

struct RawNode {
    id: String,
    at: Pos,
    id_pos: Pos,
    kind: RawKind,
}

impl RawNode {
    fn targets(&self) -> Vec<(&str, Pos)> {
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

    fn kind_name(&self) -> &'static str {
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

/// A word of id characters at the start of `s`: the word and its byte length.
fn id_word(s: &str) -> (&str, usize) {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(s.len());
    (&s[..end], end)
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

pub(crate) fn parse_scenario(cx: &mut BlockCx, id: &str, opener: Pos, lines: &[Line]) -> (Option<Scenario>, ScenarioLoc) {
    let errors_before = cx.error_count();
    let mut title: Option<(String, Pos)> = None;
    let mut start: Option<(String, Pos)> = None;
    let mut i = 0;

    // Header: title and start, up to the first @ line.
    while i < lines.len() {
        let (ln, line) = lines[i];
        let t = line.trim();
        if t.starts_with('@') {
            break;
        }
        i += 1;
        if t.is_empty() {
            continue;
        }
        let here = Pos::new(ln, column_of(line, indent_len(line)));
        if let Some((v, vi)) = strip_key(line, "title") {
            if title.is_some() {
                cx.error(here, Code::ScenarioSyntax, "the scenario already has a `title:`");
            } else if v.is_empty() {
                cx.error(here, Code::ScenarioSyntax, "`title:` is empty");
            } else {
                title = Some((v.to_string(), Pos::new(ln, column_of(line, vi))));
            }
        } else if let Some((v, vi)) = strip_key(line, "start") {
            let at = Pos::new(ln, column_of(line, vi));
            if start.is_some() {
                cx.error(here, Code::ScenarioSyntax, "the scenario already has a `start:`");
            } else if v.is_empty() {
                cx.error(here, Code::MissingTarget, "`start:` names no step")
                    .hint = Some("Write the id of the first step, e.g. start: arrival".into());
            } else {
                start = Some((v.to_string(), at));
            }
        } else {
            cx.error(here, Code::ScenarioSyntax, "unexpected line before the first step")
                .hint = Some("Only `title:` and `start:` go between `::: scenario` and the first `@step`.".into());
        }
    }

    let mut nodes: Vec<RawNode> = Vec::new();
    // Ids of parts with an unknown `@kind`: already reported, so pointing at them
    // is not reported again as a missing target.
    let mut unknown_parts: Vec<String> = Vec::new();
    while i < lines.len() {
        let (ln, line) = lines[i];
        let indent = indent_len(line);
        let head = line[indent..].trim_end();
        let at = Pos::new(ln, column_of(line, indent));
        let mut group_end = i + 1;
        while group_end < lines.len() && !lines[group_end].1.trim_start().starts_with('@') {
            group_end += 1;
        }
        let body = &lines[i + 1..group_end];
        i = group_end;

        let word_end = head.find(char::is_whitespace).unwrap_or(head.len());
        let kind_word = &head[1..word_end];
        let rest = head[word_end..].trim_start();
        let id_index = indent + (head.len() - rest.len());
        let id_pos = Pos::new(ln, column_of(line, id_index));
        let mut words = rest.split_whitespace();
        let node_id = words.next().unwrap_or("");
        if !matches!(kind_word, "step" | "branch" | "ending") {
            let d = cx.error(at, Code::ScenarioSyntax, format!("unknown `@{kind_word}`"));
            d.hint = Some(match closest(kind_word, &["step", "branch", "ending"]) {
                Some(k) => format!("Did you mean `@{k}`? Scenario parts are @step, @branch and @ending."),
                None => "Scenario parts are @step, @branch and @ending.".into(),
            });
            unknown_parts.push(node_id.to_string());
            continue;
        }
        if node_id.is_empty() {
            cx.error(at, Code::BadId, format!("`@{kind_word}` needs an id, e.g. `@{kind_word} arrival`"));
        } else if !crate::ids::is_valid_id(node_id) || words.next().is_some() {
            cx.error(id_pos, Code::BadId, format!("`{}` is not a valid id", rest))
                .hint = Some("An id is one word of letters, digits, `-` or `_`.".into());
        }
        let kind = match kind_word {
            "step" => parse_step(cx, body),
            "branch" => parse_branch(cx, body),
            _ => parse_ending(cx, body),
        };
        nodes.push(RawNode {
            id: node_id.to_string(),
            at,
            id_pos,
            kind,
        });
    }

    check_scenario_nodes(cx, id, opener, &title, &start, &nodes, &unknown_parts);

    let loc = ScenarioLoc {
        opener,
        start: start.as_ref().map(|(_, p)| *p),
        nodes: nodes
            .iter()
            .map(|n| {
                let (items, otherwise, outcome, points) = match &n.kind {
                    RawKind::Step { choices, .. } => (choices.iter().map(|c| c.at).collect(), None, None, None),
                    RawKind::Branch { conditions, otherwise } => {
                        (conditions.iter().map(|c| c.at).collect(), otherwise.as_ref().map(|o| o.1), None, None)
                    }
                    RawKind::Ending { outcome, points, .. } => {
                        (Vec::new(), None, outcome.map(|o| o.1), points.map(|p| p.1))
                    }
                };
                (n.id.clone(), NodeLoc { at: n.at, items, otherwise, outcome, points })
            })
            .collect(),
    };
    if cx.error_count() > errors_before || id.is_empty() {
        return (None, loc);
    }
    let (Some((title, _)), Some((start, _))) = (title, start) else {
        return (None, loc);
    };
    let built = nodes
        .into_iter()
        .map(|n| match n.kind {
            RawKind::Step { narrative, choices } => ScenarioNode::Step(Step {
                id: n.id,
                narrative: rich(&narrative),
                choices: choices
                    .into_iter()
                    .map(|c| Choice {
                        text: rich(&c.text),
                        target: c.target,
                        score: c.score,
                        feedback: c.feedback.as_ref().map(rich).unwrap_or_else(|| RichText::from_markdown("")),
                    })
                    .collect(),
            }),
            RawKind::Branch { conditions, otherwise } => ScenarioNode::Branch(Branch {
                id: n.id,
                conditions: conditions
                    .into_iter()
                    .map(|c| Condition {
                        comparison: c.comparison,
                        value: c.value,
                        target: c.target,
                    })
                    .collect(),
                otherwise: otherwise.map(|o| o.0).unwrap_or_default(),
            }),
            RawKind::Ending { outcome, points, narrative } => ScenarioNode::Ending(Ending {
                id: n.id,
                outcome: outcome.map_or(Outcome::Mixed, |o| o.0),
                points: points.map_or(0, |p| p.0),
                narrative: rich(&narrative),
            }),
        })
        .collect();
    (
        Some(Scenario {
            id: id.to_string(),
            title,
            start,
            nodes: built,
        }),
        loc,
    )
}

fn parse_step(cx: &mut BlockCx, body: &[Line]) -> RawKind {
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
            let after = &line[arrow_at + arrow_len..];
            let target_index = arrow_at + arrow_len + indent_len(after);
            let (target, tlen) = id_word(&line[target_index..]);
            let target_pos = Pos::new(ln, column_of(line, target_index));
            let at = Pos::new(ln, column_of(line, marker));
            let rest = line[target_index + tlen..].trim();
            let mut score = 0;
            if target.is_empty() {
                cx.error(target_pos, Code::MissingTarget, "choice has no target after `->`")
                    .hint = Some("End the choice with the id of the step it leads to, e.g. `-> separate-interview (+2)`.".into());
            } else if !rest.is_empty() {
                match score_change(rest) {
                    Some(n) => score = n,
                    None => {
                        let rest_pos = Pos::new(ln, column_of(line, target_index + tlen + indent_len(&line[target_index + tlen..])));
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

fn parse_branch(cx: &mut BlockCx, body: &[Line]) -> RawKind {
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
        let after = &line[arrow_at + arrow_len..];
        let target_index = arrow_at + arrow_len + indent_len(after);
        let (target, tlen) = id_word(&line[target_index..]);
        let target_pos = Pos::new(ln, column_of(line, target_index));
        let head = line[indent..arrow_at].trim();
        if target.is_empty() || !line[target_index + tlen..].trim().is_empty() {
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

fn parse_ending(cx: &mut BlockCx, body: &[Line]) -> RawKind {
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
                if points.is_some() {
                    cx.error(here, Code::ScenarioSyntax, "the ending already has `points:`");
                    continue;
                }
                if let Some(n) = cx.points(v, Pos::new(ln, column_of(line, vi))) {
                    points = Some((n, here));
                }
                continue;
            }
            in_header = false;
        }
        narrative.push_line(Pos::new(ln, 1), line);
    }
    cx.check_snippet_links(&narrative);
    RawKind::Ending { outcome, points, narrative }
}

fn check_scenario_nodes(
    cx: &mut BlockCx,
    id: &str,
    opener: Pos,
    title: &Option<(String, Pos)>,
    start: &Option<(String, Pos)>,
    nodes: &[RawNode],
    unknown_parts: &[String],
) {
    if title.is_none() {
        cx.error(opener, Code::MissingKey, format!("scenario `{id}` has no `title:`"))
            .hint = Some("Add a line `title: ...` right after the ::: scenario line.".into());
    }
    if start.is_none() {
        cx.error(opener, Code::MissingKey, format!("scenario `{id}` has no `start:`"))
            .hint = Some("Add a line `start: <id of the first step>` after the title.".into());
    }

    // Per-node content problems. Some of them leave holes in the graph (a step with
    // nothing to choose, a branch with no else, a target that does not exist);
    // reachability is then not checked, as it would only repeat the same problem.
    let mut graph_incomplete = !unknown_parts.is_empty();
    let is_unknown_part = |t: &str| unknown_parts.iter().any(|u| u == t);
    for n in nodes {
        match &n.kind {
            RawKind::Step { narrative, choices } => {
                if narrative.is_blank() {
                    cx.error(n.at, Code::EmptyNarrative, format!("step `{}` has no narrative", n.id))
                        .hint = Some("Describe the situation before listing the choices.".into());
                }
                if choices.is_empty() {
                    graph_incomplete = true;
                    cx.error(n.at, Code::NoChoices, format!("step `{}` has no choices", n.id))
                        .hint = Some("Add at least one choice: `- What the learner does -> next-step (+1)`.".into());
                }
            }
            RawKind::Branch { otherwise, .. } => {
                if otherwise.is_none() {
                    graph_incomplete = true;
                    cx.error(n.at, Code::BranchWithoutElse, format!("branch `{}` has no `else` line", n.id))
                        .hint = Some("End the branch with `else -> step-id` so that every score leads somewhere.".into());
                }
            }
            RawKind::Ending { outcome, points, narrative } => {
                if outcome.is_none() {
                    cx.error(n.at, Code::MissingKey, format!("ending `{}` has no `outcome:`", n.id))
                        .hint = Some("Add `outcome: good-practice`, `outcome: mixed` or `outcome: harmful` under the @ending line.".into());
                }
                if points.is_none() {
                    cx.error(n.at, Code::MissingKey, format!("ending `{}` has no `points:`", n.id))
                        .hint = Some("Add `points: N` under the @ending line (0 is allowed).".into());
                }
                if narrative.is_blank() {
                    cx.error(n.at, Code::EmptyNarrative, format!("ending `{}` has no narrative", n.id))
                        .hint = Some("Describe what happened next and what good practice would have been.".into());
                }
            }
        }
    }

    // Ids.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.id.is_empty() {
            continue;
        }
        if let Some(&first) = index.get(n.id.as_str()) {
            let f = nodes[first].at;
            cx.error(n.id_pos, Code::DuplicateId, format!("`{}` is already used in this scenario (line {})", n.id, f.line))
                .hint = Some("Steps, branches and endings of a scenario need different ids.".into());
        } else {
            index.insert(&n.id, i);
        }
    }
    let all_ids: Vec<&str> = index.keys().copied().collect();
    let unknown_hint = |t: &str| match closest(t, &all_ids) {
        Some(c) => format!("Did you mean `{c}`?"),
        None => format!("Known ids in this scenario: {}.", {
            let mut ids = all_ids.clone();
            ids.sort_unstable();
            ids.join(", ")
        }),
    };

    let mut start_index = None;
    if let Some((s, at)) = start {
        match index.get(s.as_str()) {
            None if is_unknown_part(s) => {}
            None => {
                let hint = unknown_hint(s);
                cx.error(*at, Code::MissingTarget, format!("`start` names `{s}`, which is not a step in this scenario"))
                    .hint = Some(hint);
            }
            Some(&i) if matches!(nodes[i].kind, RawKind::Ending { .. }) => {
                cx.error(*at, Code::ScenarioSyntax, format!("`start` names the ending `{s}`; the learner would make no choice"))
                    .hint = Some("Start at a @step (or a @branch).".into());
            }
            Some(&i) => start_index = Some(i),
        }
    }
    for n in nodes {
        for (t, at) in n.targets() {
            if t.is_empty() {
                // Already reported where the line was read.
                graph_incomplete = true;
            } else if !index.contains_key(t) && !is_unknown_part(t) {
                graph_incomplete = true;
                let hint = unknown_hint(t);
                cx.error(at, Code::MissingTarget, format!("`{t}` is not a step, branch or ending in this scenario"))
                    .hint = Some(hint);
            }
        }
    }

    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| n.targets().iter().filter_map(|(t, _)| index.get(t).copied()).collect())
        .collect();
    let endings: Vec<usize> = (0..nodes.len())
        .filter(|&i| matches!(nodes[i].kind, RawKind::Ending { .. }))
        .collect();
    if endings.is_empty() {
        cx.error(opener, Code::NoEnding, format!("scenario `{id}` has no ending"))
            .hint = Some("Add at least one `@ending <id>` with outcome:, points: and a narrative.".into());
    }

    let Some(start_index) = start_index else { return };
    if graph_incomplete {
        return;
    }
    let reachable = bfs(&[start_index], &edges);
    for (i, n) in nodes.iter().enumerate() {
        let first_with_id = index.get(n.id.as_str()) == Some(&i);
        if !reachable[i] && first_with_id {
            cx.error(n.at, Code::Unreachable, format!("{} `{}` cannot be reached from the start `{}`", n.kind_name(), n.id, nodes[start_index].id))
                .hint = Some("Point a choice or a branch at it, or remove it.".into());
        }
    }
    if endings.is_empty() {
        return;
    }
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            reverse[to].push(from);
        }
    }
    let can_end = bfs(&endings, &reverse);
    for (i, n) in nodes.iter().enumerate() {
        if reachable[i] && !can_end[i] {
            cx.error(n.at, Code::NoWayOut, format!("no ending can be reached from {} `{}`", n.kind_name(), n.id))
                .hint = Some("The choices here loop back without a way out: let at least one path lead to an @ending.".into());
        }
    }

    // A circle made only of branches would bounce forever: the score cannot change
    // between them.
    let is_branch = |i: usize| matches!(nodes[i].kind, RawKind::Branch { .. });
    let mut state = vec![0u8; nodes.len()]; // 0 new, 1 on stack, 2 done
    for root in 0..nodes.len() {
        if !is_branch(root) || state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let succ: Vec<usize> = edges[node].iter().copied().filter(|&s| is_branch(s)).collect();
            if *next < succ.len() {
                let s = succ[*next];
                *next += 1;
                if state[s] == 1 {
                    cx.error(nodes[s].at, Code::BranchLoop, format!("branch `{}` can lead back to itself through other branches only", nodes[s].id))
                        .hint = Some("The score does not change between branches, so this would never stop. Put a @step in the circle.".into());
                } else if state[s] == 0 {
                    state[s] = 1;
                    stack.push((s, 0));
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }

    // Harmful endings that pay more than good practice are almost certainly a typo.
    let best_good = nodes
        .iter()
        .filter_map(|n| match &n.kind {
            RawKind::Ending { outcome: Some((Outcome::GoodPractice, _)), points: Some((p, _)), .. } => Some(*p),
            _ => None,
        })
        .max();
    if let Some(best_good) = best_good {
        for n in nodes {
            if let RawKind::Ending { outcome: Some((o, _)), points: Some((p, at)), .. } = &n.kind
                && *o != Outcome::GoodPractice
                && *p > best_good
            {
                cx.warning(*at, Code::Suspicious, format!("this {} ending gives more points ({p}) than the best good-practice ending ({best_good})", o.as_str()));
            }
        }
    }
}

fn bfs(from: &[usize], edges: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &f in from {
        if !seen[f] {
            seen[f] = true;
            queue.push_back(f);
        }
    }
    while let Some(n) = queue.pop_front() {
        for &m in &edges[n] {
            if !seen[m] {
                seen[m] = true;
                queue.push_back(m);
            }
        }
    }
    seen
}

