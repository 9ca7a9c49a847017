//! The read model of a graded assessment on its module page: the attempt rule, where the
//! learner stands, and the newest attempt's questions in their drawn order. What each question
//! shows follows the reveal rule; under the strict rule nothing about correctness leaves the
//! server until the assessment is passed or no attempt remains.

use super::activity::Activity;
use super::progress::regrade;
use super::{Enrolled, LearningError, LearningResult};
use crate::domain::assessment::{Disclosure, disclosure};
use crate::domain::progress::AssessmentRules;
use crate::server::storage::activity::Answer;
use crate::server::storage::{assessments, now};
use crate::views::learning::{AnsweredQuestion, AssessmentView, AttemptView, OptionFeedback, QuestionState, QuestionView};
use sqlx::AnyConnection;
use tiltas_course::{DrawnQuestion, Module, Question};

pub(super) async fn assessment_view(
    conn: &mut AnyConnection,
    enrolled: &Enrolled,
    activity: &Activity,
    rules: &AssessmentRules,
    shown: &Module,
) -> LearningResult<AssessmentView> {
    let source = enrolled.source_module(&shown.id).ok_or(LearningError::NoSuchItem)?;
    let history = activity.record().assessment_history(&shown.id);
    let next = rules.rule.next(&history, now());
    let latest = match activity.module_attempts(&shown.id).last() {
        None => None,
        Some(attempt) => {
            let assessments::DrawnAttempt { drawn, answers } = assessments::drawn_with_answers(conn, &attempt.id).await?;
            let finished = !attempt.is_open();
            let shows = disclosure(rules.reveal, finished, next);
            // After an attempt that shows nothing, not even the questions are repeated.
            let questions = if finished && shows == Disclosure::Recorded {
                Vec::new()
            } else {
                drawn.iter().filter_map(|d| drawn_question(source, shown, d, &answers, shows, !finished)).collect()
            };
            Some(AttemptView {
                number: attempt.attempt_number,
                finished,
                passed: attempt.passed,
                points: attempt.points,
                max_points: attempt.max_points,
                answered: answers.len(),
                questions,
            })
        }
    };
    Ok(AssessmentView {
        attempts_allowed: rules.rule.allowed(&history),
        attempts_used: history.used,
        question_count: source.metadata.assessment.as_ref().and_then(|a| a.draw).map_or(source.questions().count(), |n| n as usize),
        pass_mark: enrolled.rules.pass_mark,
        reveal: rules.reveal,
        wait_seconds: rules.rule.wait_seconds,
        next,
        latest,
    })
}

/// One drawn question in the learner's language, options in the drawn order.
fn drawn_question(
    source: &Module,
    shown: &Module,
    drawn: &DrawnQuestion,
    answers: &[Answer],
    shows: Disclosure,
    open: bool,
) -> Option<QuestionView> {
    let key = source.questions().find(|q| q.id == drawn.question_id)?;
    let text = shown.questions().find(|q| q.id == drawn.question_id).unwrap_or(key);
    let state = match answers.iter().find(|a| a.question_id == drawn.question_id) {
        None => QuestionState::Unanswered { open },
        Some(answer) => match shows {
            Disclosure::Recorded => QuestionState::Recorded { correct: None },
            Disclosure::RightOrWrong => QuestionState::Recorded { correct: Some(answer.correct) },
            Disclosure::Full => QuestionState::Reviewed(reviewed(key, text, answer, &drawn.option_order)?),
        },
    };
    Some(QuestionView {
        id: text.id.clone(),
        kind: text.kind,
        prompt_html: text.prompt.html.clone(),
        options_html: drawn.option_order.iter().filter_map(|&i| text.options.get(i)).map(|o| o.text.html.clone()).collect(),
        state,
    })
}

/// The full marks of an answered question, graded with the source language's key and shown with
/// the learner's language's feedback, options in the order given.
pub(super) fn reviewed(key: &Question, text: &Question, answer: &Answer, order: &[usize]) -> Option<AnsweredQuestion> {
    let result = regrade(key, answer).ok()?;
    let options = order
        .iter()
        .map(|&i| {
            let marks = result.options.get(i)?;
            Some(OptionFeedback {
                selected: marks.selected,
                correct: marks.correct,
                feedback_html: text.options.get(i)?.feedback.as_ref().map(|f| f.html.clone()),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(AnsweredQuestion { correct: result.correct, options, explanation_html: text.explanation.as_ref().map(|e| e.html.clone()) })
}
