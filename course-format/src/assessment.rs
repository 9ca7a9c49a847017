//! A graded assessment's front-matter keys (`assessment = "graded"`, `draw`, `quotas`,
//! `attempts`, `retake_after`, `reveal`) and the checks that need the module's questions too:
//! a bank at least as large as `draw`, quotas that can be met.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Code, Diagnostic, Pos};
use crate::ids::is_valid_slug;
use crate::model::{Assessment, Question, QuestionKind, Reveal};
use crate::tomlfields::TomlCtx;

pub(crate) const ASSESSMENT_KEYS: &[&str] = &["assessment", "draw", "quotas", "attempts", "retake_after", "reveal"];

/// Where the assessment's settings are written, for the checks against the questions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AssessmentLocs {
    pub assessment: Pos,
    pub draw: Option<Pos>,
    pub quotas: Option<Pos>,
}

/// The module's assessment settings: `Some(None)` for practice, `None` after an error.
pub(crate) fn parse_assessment(cx: &mut TomlCtx, table: &DeTable) -> Option<(Option<Assessment>, Option<AssessmentLocs>)> {
    let graded = match table.get("assessment") {
        None => false,
        Some(v) => match cx.string(v, "assessment")?.as_str() {
            "graded" => true,
            "practice" => false,
            other => {
                let at = cx.pos(v.span());
                cx.error(at, Code::InvalidValue, format!("unknown assessment `{other}`"))
                    .hint = Some("Use assessment = \"graded\" for an assessment that counts, or leave the line out for practice.".into());
                return None;
            }
        },
    };
    if !graded {
        let mut ok = true;
        for key in &ASSESSMENT_KEYS[1..] {
            if let Some(at) = cx.key_pos(table, key) {
                cx.error(at, Code::Assessment, format!("`{key}` applies only to a graded assessment"))
                    .hint = Some("Add assessment = \"graded\" to make this module a graded assessment, or remove this line.".into());
                ok = false;
            }
        }
        return ok.then_some((None, None));
    }
    let locs = AssessmentLocs {
        assessment: cx.key_pos(table, "assessment").unwrap_or(Pos::START),
        draw: cx.key_pos(table, "draw"),
        quotas: cx.key_pos(table, "quotas"),
    };
    let draw = match table.get("draw") {
        None => Some(None),
        Some(v) => cx.integer(v, "draw", 1, 1000).map(|n| Some(n as u32)),
    };
    let attempts = match table.get("attempts") {
        None => Some(Assessment::DEFAULT_ATTEMPTS),
        Some(v) => cx.integer(v, "attempts", 1, 100).map(|n| n as u32),
    };
    let retake_after = match table.get("retake_after") {
        None => Some(None),
        Some(v) => cx.string(v, "retake_after").and_then(|text| match parse_duration(&text) {
            Some(seconds) => Some(Some(seconds)),
            None => {
                let at = cx.pos(v.span());
                cx.error(at, Code::InvalidValue, format!("`{text}` is not a waiting time"))
                    .hint = Some("Write a whole number and a unit: \"30m\" (minutes), \"24h\" (hours) or \"2d\" (days).".into());
                None
            }
        }),
    };
    let reveal = match table.get("reveal") {
        None => Some(Reveal::default()),
        Some(v) => cx.string(v, "reveal").and_then(|text| match Reveal::ALL.iter().find(|(name, _)| *name == text) {
            Some((_, reveal)) => Some(*reveal),
            None => {
                let at = cx.pos(v.span());
                let names: Vec<&str> = Reveal::ALL.iter().map(|(name, _)| *name).collect();
                cx.error(at, Code::InvalidValue, format!("unknown reveal rule `{text}`"))
                    .hint = Some(format!("Use one of: {}.", names.join(", ")));
                None
            }
        }),
    };
    let quotas = match table.get("quotas") {
        None => Some(BTreeMap::new()),
        Some(v) => parse_quotas(cx, v),
    };
    let assessment = Assessment { draw: draw?, quotas: quotas?, attempts: attempts?, retake_after_seconds: retake_after?, reveal: reveal? };
    Some((Some(assessment), Some(locs)))
}

fn parse_quotas(cx: &mut TomlCtx, v: &crate::tomlfields::Value<'_>) -> Option<BTreeMap<String, u32>> {
    let DeValue::Table(table) = v.get_ref() else {
        let at = cx.pos(v.span());
        cx.error(at, Code::InvalidValue, "`quotas` must be a table of topics and numbers")
            .hint = Some("For example: quotas = { law = 3, indicators = 2 }".into());
        return None;
    };
    let mut quotas = BTreeMap::new();
    let mut ok = true;
    for (key, value) in table.iter() {
        let topic: &str = key.get_ref();
        if !is_valid_slug(topic) {
            let at = cx.pos(key.span());
            cx.error(at, Code::InvalidValue, format!("`{topic}` is not a topic name"))
                .hint = Some("A topic is lowercase letters, digits and hyphens, the same as on the questions' `topic:` lines.".into());
            ok = false;
            continue;
        }
        match cx.integer(value, &format!("quotas.{topic}"), 1, 1000) {
            Some(n) => {
                quotas.insert(topic.to_string(), n as u32);
            }
            None => ok = false,
        }
    }
    ok.then_some(quotas)
}

/// A waiting time such as "30m", "24h" or "2d", in seconds.
pub(crate) fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let seconds_per_unit = match unit {
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    let number = &text[..text.len() - 1];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = number.parse().ok()?;
    (n > 0).then(|| n.checked_mul(seconds_per_unit)).flatten()
}

/// Checks a graded assessment against its bank: there must be questions, at least `draw` of
/// them, and enough of each quota's topic, with the quotas fitting inside the draw. Warns of a
/// correct option that gives itself away by its length.
pub(crate) fn check_bank(
    path: &str,
    assessment: &Assessment,
    locs: &AssessmentLocs,
    questions: &[&Question],
    option_positions: &dyn Fn(&str) -> Vec<Pos>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut error = |at: Pos, msg: String, hint: &str| {
        diags.push(Diagnostic::error(path, at, Code::Assessment, msg).with_hint(hint));
    };
    if questions.is_empty() {
        error(locs.assessment, "a graded assessment needs questions".into(), "Add `::: question` blocks: they are the bank each attempt draws from.");
        return;
    }
    let draw = assessment.draw.unwrap_or(questions.len() as u32);
    if draw as usize > questions.len() {
        error(
            locs.draw.unwrap_or(locs.assessment),
            format!("`draw = {draw}` but the bank has only {} questions", questions.len()),
            "Add questions to the bank or draw fewer.",
        );
    }
    let quota_at = locs.quotas.unwrap_or(locs.assessment);
    let mut total = 0;
    for (topic, &quota) in &assessment.quotas {
        total += quota;
        let available = questions.iter().filter(|q| q.topic.as_deref() == Some(topic)).count();
        if (available as u32) < quota {
            error(
                quota_at,
                format!("the quota for `{topic}` is {quota} but the bank has {available} questions with `topic: {topic}`"),
                "Add questions on this topic, lower the quota, or check the spelling of the topic.",
            );
        }
    }
    if total > draw {
        error(quota_at, format!("the quotas add up to {total}, more than the {draw} questions drawn"), "Lower the quotas or draw more questions.");
    }
    for question in questions {
        if let Some(k) = longest_gives_away(question) {
            let at = option_positions(&question.id).get(k).copied().unwrap_or(locs.assessment);
            diags.push(
                Diagnostic::warning(path, at, Code::Suspicious, "the correct option is much longer than every other option")
                    .with_hint("In an assessment learners may pick the longest answer without knowing it; make the options about equally long."),
            );
        }
    }
}

/// The correct option of a single-choice question when it is at least half as long again as
/// every wrong option (and 20 characters longer): a give-away in an assessment.
fn longest_gives_away(question: &Question) -> Option<usize> {
    if question.kind != QuestionKind::Single || question.options.len() < 3 {
        return None;
    }
    let length = |k: usize| question.options[k].text.markdown.chars().count();
    let correct = question.options.iter().position(|o| o.correct)?;
    let longest_wrong = (0..question.options.len()).filter(|&k| k != correct).map(length).max()?;
    (length(correct) * 2 >= longest_wrong * 3 && length(correct) >= longest_wrong + 20).then_some(correct)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn waiting_times() {
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("24h"), Some(86_400));
        assert_eq!(parse_duration("2d"), Some(172_800));
        assert_eq!(parse_duration("0h"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("1.5h"), None);
        assert_eq!(parse_duration("24 hours"), None);
    }
}
