//! `::: scenario` blocks: the `title:` and `start:` header, then the `@step`,
//! `@branch` and `@ending` parts. This file splits the block into its parts and
//! builds the scenario; reading each part is in [`super::scenario_parts`], and the
//! checks that need all parts at once are in [`super::scenario_graph`].

use std::collections::HashMap;

use super::scenario_graph::check_scenario_nodes;
use super::scenario_parts::{RawKind, RawNode, parse_branch, parse_ending, parse_step};
use super::{BlockCx, Line, rich};
use crate::diagnostic::{Code, Pos};
use crate::model::{Branch, Choice, Condition, Ending, GradedScenario, Outcome, RichText, Scenario, ScenarioNode, Step};
use crate::snippet::{column_of, indent_len, strip_key};
use crate::tomlfields::closest;

/// Where a scenario's pieces are in the file, kept even when the scenario has
/// errors, for the same course-level checks as [`super::QuestionLoc`].
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

pub(crate) fn parse_scenario(cx: &mut BlockCx, id: &str, opener: Pos, lines: &[Line]) -> (Option<Scenario>, ScenarioLoc) {
    let errors_before = cx.error_count();
    let mut title: Option<(String, Pos)> = None;
    let mut start: Option<(String, Pos)> = None;
    let mut assessment: Option<(bool, Pos)> = None;
    let mut attempts: Option<(u32, Pos)> = None;
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
        } else if let Some((v, vi)) = strip_key(line, "assessment") {
            let at = Pos::new(ln, column_of(line, vi));
            match v {
                _ if assessment.is_some() => {
                    cx.error(here, Code::ScenarioSyntax, "the scenario already has an `assessment:`");
                }
                "graded" | "practice" => assessment = Some((v == "graded", here)),
                other => {
                    cx.error(at, Code::ScenarioSyntax, format!("unknown assessment `{other}`"))
                        .hint = Some("Write assessment: graded for a scenario that counts, or leave the line out for practice.".into());
                }
            }
        } else if let Some((v, vi)) = strip_key(line, "attempts") {
            let at = Pos::new(ln, column_of(line, vi));
            match v.parse::<u32>() {
                _ if attempts.is_some() => {
                    cx.error(here, Code::ScenarioSyntax, "the scenario already has `attempts:`");
                }
                Ok(n) if (1..=100).contains(&n) => attempts = Some((n, here)),
                _ => {
                    cx.error(at, Code::ScenarioSyntax, format!("`{v}` is not a number of attempts"))
                        .hint = Some("Write a whole number from 1 to 100, e.g. attempts: 2".into());
                }
            }
        } else {
            cx.error(here, Code::ScenarioSyntax, "unexpected line before the first step")
                .hint = Some("Only `title:`, `start:`, `assessment:` and `attempts:` go between `::: scenario` and the first `@step`.".into());
        }
    }
    let graded = assessment.is_some_and(|(graded, _)| graded);
    if let Some((_, at)) = attempts
        && !graded
    {
        cx.error(at, Code::Assessment, "`attempts:` applies only to a graded scenario")
            .hint = Some("Add `assessment: graded` above it, or remove the line: practice scenarios can be replayed freely.".into());
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
            graded: graded.then(|| GradedScenario { attempts: attempts.map_or(GradedScenario::DEFAULT_ATTEMPTS, |(n, _)| n) }),
        }),
        loc,
    )
}
