//! Every change to a learner's progress: reading, starting an attempt, answering, playing a
//! scenario.
//! Each is one transaction that locks the enrolment row first, writes, and ends in
//! `complete_if_due`, which records the completion when the last requirement is met.

use super::activity::activity;
use super::{Enrolled, LearningError, LearningResult};
use crate::domain::assessment::{Disclosure, NextAttempt, disclosure};
use crate::domain::progress::course_status;
use crate::domain::xapi::{Item, LearningEvent};
use crate::server::certificates;
use crate::server::context::{AppConfig, AppState};
use crate::server::xapi;
use crate::server::storage::activity::{self as store, Answer, NewPlay, PlayMove};
use crate::server::storage::submissions::{self, NewReceipt, Receipt, SubmissionKind};
use crate::server::storage::{Db, StorageError, WriteTransaction, assessments, enrolments, now};
use tiltas_course::{ChoiceOutcome, Question, QuestionResult, Scenario, ScenarioState, draw_questions, grade_question};

/// Finishes a progress transaction: records the completion if the rules are now met, with the
/// certificate when the course issues one automatically (and their xAPI statements), then
/// commits. Returns whether the course was completed by this change.
async fn complete_if_due(mut tx: WriteTransaction, config: &AppConfig, enrolled: &Enrolled) -> LearningResult<bool> {
    let status = course_status(&enrolled.rules, &activity(&mut tx, &enrolled.enrolment.id).await?.record());
    let (points, max_points) = (i64::from(status.points), i64::from(status.max_points));
    let completed_now = status.is_complete() && enrolments::insert_completion(&mut tx, &enrolled.enrolment, points, max_points).await?;
    if completed_now {
        xapi::record_now(&mut tx, config, enrolled, &LearningEvent::CourseCompleted { points, max_points }).await?;
        certificates::issue_at_completion(&mut tx, config, enrolled, points, max_points).await.map_err(|error| match error {
            crate::server::certificates::CertificatesError::Storage(error) => LearningError::Storage(error),
            other => LearningError::Corrupt(other.to_string()),
        })?;
    }
    tx.commit().await?;
    Ok(completed_now)
}

/// Progress is written in groups on SQLite (`Db::begin_grouped`): learners answering at once
/// share one commit. Each change locks and reads before it writes, so it sees the group's work.
async fn begin_progress(db: &Db, enrolled: &Enrolled) -> LearningResult<WriteTransaction> {
    let mut tx = db.begin_grouped().await?;
    if !enrolments::lock_enrolment(&mut tx, &enrolled.enrolment.id).await? {
        return Err(LearningError::NotEnrolled);
    }
    Ok(tx)
}

/// The id a learner's device gave a submission it queued while offline (a UUID), which makes
/// sending it again harmless: the server recognises a second arrival as the same submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmissionId(String);

impl SubmissionId {
    /// A UUID in any of its usual spellings, kept in its canonical lower-case form; anything else
    /// is not an id a device made, and `None`.
    pub fn parse(text: &str) -> Option<SubmissionId> {
        uuid::Uuid::parse_str(text.trim()).ok().map(|id| SubmissionId(id.hyphenated().to_string()))
    }

    /// A form's optional `submission_id` field: absent or empty is no id (`Some(None)`), a
    /// malformed one is refused (`None`).
    pub fn from_form(field: Option<&str>) -> Option<Option<SubmissionId>> {
        match field.map(str::trim) {
            None | Some("") => Some(None),
            Some(text) => SubmissionId::parse(text).map(Some),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Marks a module as read. Returns whether this completed the course.
pub async fn mark_read(state: &AppState, enrolled: &Enrolled, module_id: &str) -> LearningResult<bool> {
    mark_read_submitted(state, enrolled, module_id, None).await
}

/// `mark_read`, sent with the id the device gave it: a second arrival of the same id changes
/// nothing (and did not complete the course).
pub async fn mark_read_submitted(
    state: &AppState,
    enrolled: &Enrolled,
    module_id: &str,
    submission: Option<&SubmissionId>,
) -> LearningResult<bool> {
    let module = enrolled.source_module(module_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(&state.db, enrolled).await?;
    if let Some(id) = submission {
        if submissions::receipt(&mut tx, &enrolled.enrolment.id, id.as_str()).await?.is_some() {
            return Ok(false);
        }
        let receipt = NewReceipt {
            enrolment_id: &enrolled.enrolment.id,
            submission_id: id.as_str(),
            kind: SubmissionKind::Read,
            module_id,
            answered: None,
        };
        submissions::insert_receipt(&mut tx, receipt).await?;
    }
    store::insert_read(&mut tx, &enrolled.enrolment.id, module_id).await?;
    let read = LearningEvent::ModuleRead { module: Item { id: &module.id, title: &module.metadata.title } };
    xapi::record_now(&mut tx, &state.config, enrolled, &read).await?;
    complete_if_due(tx, &state.config, enrolled).await
}

/// Opens the next attempt at a module's questions. Practice may be tried again whenever the
/// last try is finished. A graded assessment checks its attempt rule, then draws the attempt's
/// questions and option order from a new seed and records them with the attempt.
pub async fn start_attempt(state: &AppState, enrolled: &Enrolled, module_id: &str) -> LearningResult<()> {
    let module = enrolled.source_module(module_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(&state.db, enrolled).await?;
    let Some(assessment) = enrolled.rules.module(module_id).and_then(|m| m.assessment.as_ref()) else {
        let attempts = store::module_attempts(&mut tx, &enrolled.enrolment.id, module_id).await?;
        // Practice starts with the first answer; an open attempt is a repeated post.
        if attempts.is_empty() || attempts.last().is_some_and(|latest| latest.is_open()) {
            return Ok(());
        }
        let number = attempts.len() as i64 + 1;
        insert_attempt(&mut tx, enrolled, module_id, number, i64::from(module.question_points()), None).await?;
        tx.commit().await?;
        return Ok(());
    };
    // The learner's whole record, which the attempt rule needs, holds this module's attempts too.
    let activity = activity(&mut tx, &enrolled.enrolment.id).await?;
    let number = activity.module_attempts(module_id).len() as i64 + 1;
    match assessment.rule.next(&activity.record().assessment_history(module_id), now()) {
        // The newest attempt is still open: nothing to do (a repeated post).
        NextAttempt::InProgress => return Ok(()),
        NextAttempt::Passed => return Err(LearningError::AlreadyPassed),
        NextAttempt::NoneLeft => return Err(LearningError::NoAttemptsLeft),
        NextAttempt::WaitUntil(_) => return Err(LearningError::NotYet),
        NextAttempt::Available => {}
    }
    // A random seed: every attempt draws afresh, and nobody can predict the next draw.
    let seed = uuid::Uuid::new_v4().as_u64_pair().0;
    let drawn = draw_questions(module, seed);
    let points: u32 =
        drawn.iter().filter_map(|d| module.questions().find(|q| q.id == d.question_id)).map(|q| q.points).sum();
    // Stored as the same 64 bits in a signed column.
    let Some(attempt_id) = insert_attempt(&mut tx, enrolled, module_id, number, i64::from(points), Some(seed as i64)).await? else {
        return Ok(());
    };
    assessments::insert_drawn(&mut tx, &attempt_id, &drawn).await?;
    tx.commit().await?;
    Ok(())
}

/// Inserts an attempt; `None` when a concurrent post opened the same attempt number first.
async fn insert_attempt(
    tx: &mut sqlx::AnyConnection,
    enrolled: &Enrolled,
    module_id: &str,
    number: i64,
    max_points: i64,
    seed: Option<i64>,
) -> LearningResult<Option<String>> {
    match store::insert_attempt(tx, &enrolled.enrolment.id, module_id, number, max_points, seed).await {
        Ok(id) => Ok(Some(id)),
        Err(StorageError::UniqueViolation) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// What the learner is told after answering, as the reveal rules allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerFeedback {
    Correct,
    Wrong,
    /// A graded question under a rule that hides right and wrong during the attempt.
    Recorded,
}

/// What answering one question did.
#[derive(Clone, Debug)]
pub struct Answered {
    pub feedback: AnswerFeedback,
    /// This answer was the attempt's last.
    pub finished_attempt: bool,
    pub completed_course: bool,
}

/// Grades and stores an answer in the open attempt, finishes the attempt when it was the last
/// question, and completes the course if that was the last requirement: all in one transaction,
/// committed before the learner sees the result. `shown` are the positions of the chosen
/// options as the page showed them; a graded attempt maps them through its recorded option
/// order. Practice opens its first attempt with the first answer; a graded assessment needs an
/// attempt started (and drawn) first. A repeated submission for the same question counts once.
pub async fn answer(state: &AppState, enrolled: &Enrolled, module_id: &str, question_id: &str, shown: &[usize]) -> LearningResult<Answered> {
    answer_submitted(state, enrolled, module_id, question_id, shown, None).await
}

/// `answer`, sent with the id the device gave it (an answer queued while offline): graded on
/// arrival by the same rules as an answer given online. A second arrival of the same id stores
/// nothing and is told the result of the answer the first one stored, even when the learner has
/// started another attempt since.
pub async fn answer_submitted(
    state: &AppState,
    enrolled: &Enrolled,
    module_id: &str,
    question_id: &str,
    shown: &[usize],
    submission: Option<&SubmissionId>,
) -> LearningResult<Answered> {
    let module = enrolled.source_module(module_id).ok_or(LearningError::NoSuchItem)?;
    let question = module.questions().find(|q| q.id == question_id).ok_or(LearningError::NoSuchItem)?;
    if shown.is_empty() {
        return Err(LearningError::NothingChosen);
    }
    // An option chosen twice is chosen once; more choices than options is not an answer.
    let mut shown = shown.to_vec();
    shown.sort_unstable();
    shown.dedup();
    if shown.len() > question.options.len() {
        return Err(LearningError::BadAnswer);
    }
    let assessment = enrolled.rules.module(module_id).and_then(|m| m.assessment.clone());
    let mut tx = begin_progress(&state.db, enrolled).await?;
    if let Some(id) = submission
        && let Some(receipt) = submissions::receipt(&mut tx, &enrolled.enrolment.id, id.as_str()).await?
    {
        return repeated_answer(&mut tx, receipt, assessment.is_some()).await;
    }
    let attempts = store::module_attempts(&mut tx, &enrolled.enrolment.id, module_id).await?;
    let attempt_id = match (attempts.last(), &assessment) {
        (Some(open), _) if open.is_open() => open.id.clone(),
        (Some(_), _) => return Err(LearningError::AttemptFinished),
        (None, None) => {
            let points = i64::from(module.question_points());
            insert_attempt(&mut tx, enrolled, module_id, 1, points, None).await?.ok_or(LearningError::AttemptFinished)?
        }
        (None, Some(_)) => return Err(LearningError::NoSuchItem),
    };
    // Read before the answer is stored: the answer is added here once the insert says it was new.
    let (drawn, mut answers) = if assessment.is_some() {
        let attempt = assessments::drawn_with_answers(&mut tx, &attempt_id).await?;
        (attempt.drawn, attempt.answers)
    } else {
        (Vec::new(), store::answers(&mut tx, &attempt_id).await?)
    };
    let selected: Vec<usize> = if assessment.is_some() {
        let order = &drawn.iter().find(|d| d.question_id == question_id).ok_or(LearningError::NoSuchItem)?.option_order;
        shown.iter().map(|&position| order.get(position).copied().ok_or(LearningError::BadAnswer)).collect::<Result<_, _>>()?
    } else {
        shown
    };
    let result = grade_question(question, &selected).map_err(|_| LearningError::BadAnswer)?;
    let given = Answer {
        question_id: question_id.to_string(),
        selected: selected.clone(),
        correct: result.correct,
        points: i64::from(result.points_awarded),
        answered_at: now(),
    };
    if store::insert_answer(&mut tx, &attempt_id, &given).await? {
        answers.push(given);
    }
    if let Some(id) = submission {
        let receipt = NewReceipt {
            enrolment_id: &enrolled.enrolment.id,
            submission_id: id.as_str(),
            kind: SubmissionKind::Answer,
            module_id,
            answered: Some((attempt_id.as_str(), question_id)),
        };
        submissions::insert_receipt(&mut tx, receipt).await?;
    }
    // The answer that counts: this one, or the one stored first for this question.
    let counted = answers.iter().find(|a| a.question_id == question_id).map_or(result.correct, |a| a.correct);
    let questions_in_attempt = if assessment.is_some() { drawn.len() } else { module.questions().count() };
    let finished_attempt = answers.len() >= questions_in_attempt;
    let item = Item { id: &module.id, title: &module.metadata.title };
    let answered = LearningEvent::Answered {
        module: item.clone(),
        question: Item { id: &question.id, title: "" },
        option_count: question.options.len(),
        attempt_id: &attempt_id,
        selected: &selected,
        correct: result.correct,
        points: i64::from(result.points_awarded),
        max_points: i64::from(question.points),
        graded: assessment.is_some(),
    };
    xapi::record_now(&mut tx, &state.config, enrolled, &answered).await?;
    if finished_attempt {
        let attempt = attempts.last().filter(|a| a.id == attempt_id);
        let max_points = attempt.map_or(i64::from(module.question_points()), |a| a.max_points).max(0) as u32;
        let points: i64 = answers.iter().map(|a| a.points).sum();
        let passed = enrolled.rules.passes(points.max(0) as u32, max_points);
        store::finish_attempt(&mut tx, &attempt_id, points, passed).await?;
        if assessment.is_some() {
            let finished = LearningEvent::AssessmentFinished { module: item, attempt_id: &attempt_id, points, max_points: i64::from(max_points), passed };
            xapi::record_now(&mut tx, &state.config, enrolled, &finished).await?;
        }
    }
    // During an attempt the reveal rule says how much an answer may show; practice shows all.
    let shows = assessment.map_or(Disclosure::Full, |a| disclosure(a.reveal, false, NextAttempt::InProgress));
    let feedback = match (shows, counted) {
        (Disclosure::Recorded, _) => AnswerFeedback::Recorded,
        (_, true) => AnswerFeedback::Correct,
        (_, false) => AnswerFeedback::Wrong,
    };
    let completed_course = if finished_attempt {
        complete_if_due(tx, &state.config, enrolled).await?
    } else {
        // Completion depends on modules read, finished attempts and ended plays (course_status),
        // so an answer that leaves its attempt open cannot complete the course: the learner's
        // record is not read again.
        tx.commit().await?;
        false
    };
    Ok(Answered { feedback, finished_attempt, completed_course })
}

/// The answer to tell a submission that arrived before: the result of the answer it stored, as
/// much of it as the reveal rule lets a graded question show.
async fn repeated_answer(conn: &mut sqlx::AnyConnection, receipt: Receipt, graded: bool) -> LearningResult<Answered> {
    let (Some(attempt_id), Some(question_id)) = (receipt.attempt_id, receipt.question_id) else {
        return Err(LearningError::NoSuchItem);
    };
    let stored = store::answers(conn, &attempt_id).await?.into_iter().find(|a| a.question_id == question_id);
    let feedback = match stored {
        _ if graded => AnswerFeedback::Recorded,
        Some(answer) if answer.correct => AnswerFeedback::Correct,
        _ => AnswerFeedback::Wrong,
    };
    Ok(Answered { feedback, finished_attempt: false, completed_course: false })
}

/// The grading of a stored answer, to show it again.
pub fn regrade(question: &Question, answer: &Answer) -> LearningResult<QuestionResult> {
    grade_question(question, &answer.selected).map_err(|_| LearningError::Corrupt("stored answer out of range".into()))
}

/// Starts a play of a scenario: the first, or another after an ending (freely for practice, while
/// plays remain for a graded scenario).
/// A play in progress is continued instead.
pub async fn start_play(state: &AppState, enrolled: &Enrolled, scenario_id: &str) -> LearningResult<()> {
    let (module, scenario) = enrolled.scenario(scenario_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(&state.db, enrolled).await?;
    let plays = store::scenario_plays(&mut tx, &enrolled.enrolment.id, scenario_id).await?;
    if plays.last().is_some_and(|p| !p.is_finished()) {
        return Ok(());
    }
    if let Some(rule) = enrolled.rules.scenario(scenario_id).and_then(|s| s.graded) {
        let record = activity(&mut tx, &enrolled.enrolment.id).await?.record();
        if rule.next(&record.scenario_history(scenario_id), now()) == NextAttempt::NoneLeft {
            return Err(LearningError::NoAttemptsLeft);
        }
    }
    let opening = tiltas_course::start(scenario).map_err(|e| LearningError::Corrupt(e.to_string()))?;
    let ending = ending_of(scenario, &opening);
    let play = NewPlay {
        enrolment_id: &enrolled.enrolment.id,
        module_id: &module.id,
        scenario_id,
        play_number: plays.len() as i64 + 1,
        node: &opening.node,
        path: &opening.path,
        finished: ending.as_ref().map(|(id, points)| (id.as_str(), *points)),
    };
    match store::insert_play(&mut tx, play).await {
        Ok(_) => {}
        Err(StorageError::UniqueViolation) => return Ok(()),
        Err(other) => return Err(other.into()),
    }
    complete_if_due(tx, &state.config, enrolled).await?;
    Ok(())
}

fn ending_of(scenario: &Scenario, state: &ScenarioState) -> Option<(String, i64)> {
    match scenario.node(&state.node)? {
        tiltas_course::ScenarioNode::Ending(ending) if state.finished => Some((ending.id.clone(), i64::from(ending.points))),
        _ => None,
    }
}

/// What a choice did.
#[derive(Clone, Debug)]
pub struct Chosen {
    pub outcome: ChoiceOutcome,
    pub completed_course: bool,
}

/// Makes a choice at `step_id` in the newest play. The step must be where the learner stands:
/// a choice posted again (the back button, a second device) is refused rather than replayed.
pub async fn choose(state: &AppState, enrolled: &Enrolled, scenario_id: &str, step_id: &str, choice_index: usize) -> LearningResult<Chosen> {
    let (_, scenario) = enrolled.scenario(scenario_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(&state.db, enrolled).await?;
    let play = store::scenario_plays(&mut tx, &enrolled.enrolment.id, scenario_id).await?.pop().ok_or(LearningError::NoSuchItem)?;
    if play.is_finished() || play.node != step_id {
        return Err(LearningError::ChoiceAlreadyMade);
    }
    let standing = ScenarioState { node: play.node.clone(), score: play.score as i32, finished: false, path: play.path.clone() };
    let outcome = tiltas_course::choose(scenario, &standing, choice_index).map_err(|_| LearningError::BadAnswer)?;
    let position = store::choices(&mut tx, &play.id).await?.len() as i64;
    match store::insert_choice(&mut tx, &play.id, position, step_id, choice_index as i64).await {
        Ok(()) => {}
        Err(StorageError::UniqueViolation) => return Err(LearningError::ChoiceAlreadyMade),
        Err(other) => return Err(other.into()),
    }
    let ending = outcome.ending.as_ref().map(|e| (e.id.as_str(), i64::from(e.points)));
    let to = PlayMove { node: &outcome.state.node, score: i64::from(outcome.state.score), path: &outcome.state.path, ending };
    store::move_play(&mut tx, &play.id, to).await?;
    let choice_count = match scenario.node(step_id) {
        Some(tiltas_course::ScenarioNode::Step(step)) => step.choices.len(),
        _ => choice_index + 1,
    };
    let responded = LearningEvent::ScenarioChoice {
        scenario: Item { id: &scenario.id, title: &scenario.title },
        step_id,
        play_id: &play.id,
        position,
        choice_index,
        choice_count,
        ending: outcome.ending.as_ref().map(|e| i64::from(e.points)),
    };
    xapi::record_now(&mut tx, &state.config, enrolled, &responded).await?;
    let completed_course = complete_if_due(tx, &state.config, enrolled).await?;
    Ok(Chosen { outcome, completed_course })
}

/// An administrator grants a learner one more attempt at a graded assessment or graded
/// scenario (`item_id` is the module or scenario id), recorded with who and why. The attempt may
/// be started at once, without the wait after the last one.
pub async fn grant_attempt(db: &Db, enrolled: &Enrolled, item_id: &str, granted_by: &str, reason: &str) -> LearningResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(LearningError::ReasonMissing);
    }
    let assessment = enrolled.rules.module(item_id).is_some_and(|m| m.assessment.is_some());
    let graded_scenario = enrolled.rules.scenario(item_id).is_some_and(|s| s.graded.is_some());
    if !assessment && !graded_scenario {
        return Err(LearningError::NotGraded);
    }
    let mut tx = begin_progress(db, enrolled).await?;
    let record = activity(&mut tx, &enrolled.enrolment.id).await?.record();
    let history = if assessment { record.assessment_history(item_id) } else { record.scenario_history(item_id) };
    if history.passed {
        return Err(LearningError::AlreadyPassed);
    }
    let grant = assessments::insert_grant(&mut tx, &enrolled.enrolment.id, item_id, granted_by, reason, history.used).await?;
    tx.commit().await?;
    tracing::info!(grant = %grant.id, enrolment = %enrolled.enrolment.id, item_id, granted_by, "extra attempt granted");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::SubmissionId;

    #[test]
    fn a_submission_id_is_a_uuid_in_its_canonical_form_and_anything_else_is_refused() {
        let id = SubmissionId::parse("3F1C2A4E-8B9D-4C1E-9F2A-6D5B4C3A2B1E").unwrap();
        assert_eq!(id.as_str(), "3f1c2a4e-8b9d-4c1e-9f2a-6d5b4c3a2b1e", "one id, however it is spelt");
        assert_eq!(SubmissionId::from_form(None), Some(None), "a form without the field has no id");
        assert_eq!(SubmissionId::from_form(Some("  ")), Some(None));
        assert_eq!(SubmissionId::from_form(Some("not-a-uuid")), None, "a malformed id is refused, not ignored");
        assert_eq!(SubmissionId::from_form(Some("1'; DROP TABLE quiz_answers; --")), None);
    }
}
