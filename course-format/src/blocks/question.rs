//! `::: question` blocks: a `kind:` line, the question text, `- [ ]` / `- [x]`
//! options with indented feedback, then an optional explanation and `points:`.
//! Kept apart from scenarios because a question is one flat list read in phases,
//! while a scenario is a graph of parts.

use super::{BlockCx, Line, list_item, rich};
use crate::diagnostic::{Code, Pos};
use crate::model::{Question, QuestionKind, QuestionOption};
use crate::snippet::{Snippet, column_of, indent_len, strip_key};

/// Where a question's pieces are in the file, kept even when the question has
/// errors: the course-level checks (ids used twice, translations that differ from
/// the source) report there.
#[derive(Debug, Clone)]
pub(crate) struct QuestionLoc {
    pub opener: Pos,
    pub kind: Option<Pos>,
    pub topic: Option<Pos>,
    pub options: Vec<Pos>,
    pub points: Option<Pos>,
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

/// A question's parts come in a fixed order; the phase tells which lines may
/// still follow.
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
    let mut topic: Option<(String, Pos)> = None;

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

        // `topic:` may follow `kind:`, before the question text.
        if phase == QPhase::Prompt
            && prompt.is_blank()
            && let Some((value, vi)) = strip_key(line, "topic")
        {
            let at = Pos::new(ln, column_of(line, vi));
            if topic.is_some() {
                cx.error(here, Code::QuestionSyntax, "a question can have only one `topic:`");
            } else if !crate::ids::is_valid_slug(value) {
                cx.error(at, Code::QuestionSyntax, format!("`{value}` is not a topic name"))
                    .hint = Some("A topic is lowercase letters, digits and hyphens, e.g. topic: non-punishment".into());
            } else {
                topic = Some((value.to_string(), here));
            }
            continue;
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
                let repeated = (Code::QuestionSyntax, "a question can have only one `points:`");
                cx.points_line(&mut points, value, Pos::new(ln, column_of(line, vi)), here, repeated);
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
        topic: topic.as_ref().map(|(_, p)| *p),
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
        topic: topic.map(|(t, _)| t),
    };
    (Some(question), loc)
}
