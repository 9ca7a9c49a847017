//! Every change to a learner's progress: reading, answering, retaking, playing a scenario.
//! Each is one transaction that locks the enrolment row first, writes, and ends in
//! `complete_if_due`, which records the completion when the last requirement is met.

use super::activity::activity;
use super::{Enrolled, LearningError, LearningResult};
use crate::domain::progress::course_status;
use crate::server::storage::activity::{self as store, Answer, NewPlay, PlayMove};
use crate::server::storage::enrolments;
use crate::server::storage::{Db, StorageError};
use tiltas_course::{ChoiceOutcome, Question, QuestionResult, Scenario, ScenarioState, grade_question};

/// Finishes a progress transaction: records the completion if the rules are now met, then
/// commits. Returns whether the course was completed by this change.
async fn complete_if_due(mut tx: sqlx::Transaction<'_, sqlx::Any>, enrolled: &Enrolled) -> LearningResult<bool> {
    let status = course_status(&enrolled.rules, &activity(&mut tx, &enrolled.enrolment.id).await?.record());
    let completed_now = if status.is_complete() {
        enrolments::insert_completion(&mut tx, &enrolled.enrolment, i64::from(status.points), i64::from(status.max_points)).await?
    } else {
        false
    };
    tx.commit().await?;
    Ok(completed_now)
}

async fn begin_progress<'a>(db: &'a Db, enrolled: &Enrolled) -> LearningResult<sqlx::Transaction<'a, sqlx::Any>> {
    let mut tx = db.pool().begin().await?;
    if !enrolments::lock_enrolment(&mut tx, &enrolled.enrolment.id).await? {
        return Err(LearningError::NotEnrolled);
    }
    Ok(tx)
}

/// Marks a module as read. Returns whether this completed the course.
pub async fn mark_read(db: &Db, enrolled: &Enrolled, module_id: &str) -> LearningResult<bool> {
    enrolled.source_module(module_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(db, enrolled).await?;
    store::insert_read(&mut tx, &enrolled.enrolment.id, module_id).await?;
    complete_if_due(tx, enrolled).await
}

/// Opens the next attempt at a module's quiz after a failed one, if the retake rules allow.
pub async fn retake(db: &Db, enrolled: &Enrolled, module_id: &str) -> LearningResult<()> {
    let module = enrolled.source_module(module_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(db, enrolled).await?;
    let attempts = store::module_attempts(&mut tx, &enrolled.enrolment.id, module_id).await?;
    if attempts.iter().any(|a| a.passed) {
        return Err(LearningError::AlreadyPassed);
    }
    if attempts.last().is_some_and(|latest| latest.is_open()) {
        // The newest attempt is still open: nothing to do (a repeated post).
        return Ok(());
    }
    if !enrolled.rules.may_try(attempts.len() as u32) {
        return Err(LearningError::NoAttemptsLeft);
    }
    let number = attempts.len() as i64 + 1;
    store::insert_attempt(&mut tx, &enrolled.enrolment.id, module_id, number, i64::from(module.question_points())).await?;
    tx.commit().await?;
    Ok(())
}

/// What answering one question did.
#[derive(Clone, Debug)]
pub struct Answered {
    /// The grading of the answer that counts: this one, or the one already stored for this
    /// question in this attempt (a repeated submission does not count twice).
    pub result: QuestionResult,
    pub stored_now: bool,
    pub completed_course: bool,
}

/// Grades and stores an answer in the open attempt (opening the first attempt if there is
/// none), finishes the attempt when it was the last question, and completes the course if that
/// was the last requirement: all in one transaction, committed before the learner sees the
/// result.
pub async fn answer(db: &Db, enrolled: &Enrolled, module_id: &str, question_id: &str, selected: &[usize]) -> LearningResult<Answered> {
    let module = enrolled.source_module(module_id).ok_or(LearningError::NoSuchItem)?;
    let question = module.questions().find(|q| q.id == question_id).ok_or(LearningError::NoSuchItem)?;
    if selected.is_empty() {
        return Err(LearningError::NothingChosen);
    }
    let result = grade_question(question, selected).map_err(|_| LearningError::BadAnswer)?;
    let mut tx = begin_progress(db, enrolled).await?;
    let attempts = store::module_attempts(&mut tx, &enrolled.enrolment.id, module_id).await?;
    let max_points = module.question_points();
    let attempt_id = match attempts.last() {
        Some(open) if open.is_open() => open.id.clone(),
        Some(_) => return Err(LearningError::AttemptFinished),
        None => store::insert_attempt(&mut tx, &enrolled.enrolment.id, module_id, 1, i64::from(max_points)).await?,
    };
    let points = i64::from(result.points_awarded);
    let stored_now = store::insert_answer(&mut tx, &attempt_id, question_id, selected, result.correct, points).await?;
    let answers = store::answers(&mut tx, &attempt_id).await?;
    let result = if stored_now {
        result
    } else {
        let earlier = answers.iter().find(|a| a.question_id == question_id).ok_or(LearningError::NoSuchItem)?;
        regrade(question, earlier)?
    };
    if answers.len() >= module.questions().count() {
        let points: i64 = answers.iter().map(|a| a.points).sum();
        let passed = enrolled.rules.passes(points.max(0) as u32, max_points);
        store::finish_attempt(&mut tx, &attempt_id, points, passed).await?;
    }
    let completed_course = complete_if_due(tx, enrolled).await?;
    Ok(Answered { result, stored_now, completed_course })
}

/// The grading of a stored answer, to show it again.
pub fn regrade(question: &Question, answer: &Answer) -> LearningResult<QuestionResult> {
    grade_question(question, &answer.selected).map_err(|_| LearningError::Corrupt("stored answer out of range".into()))
}

/// Starts a play of a scenario: the first, or another after an ending if the retake rules allow.
/// A play in progress is continued instead.
pub async fn start_play(db: &Db, enrolled: &Enrolled, scenario_id: &str) -> LearningResult<()> {
    let (module, scenario) = enrolled.scenario(scenario_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(db, enrolled).await?;
    let plays = store::scenario_plays(&mut tx, &enrolled.enrolment.id, scenario_id).await?;
    if plays.last().is_some_and(|p| !p.is_finished()) {
        return Ok(());
    }
    if !enrolled.rules.may_try(plays.len() as u32) {
        return Err(LearningError::NoAttemptsLeft);
    }
    let state = tiltas_course::start(scenario).map_err(|e| LearningError::Corrupt(e.to_string()))?;
    let ending = ending_of(scenario, &state);
    let play = NewPlay {
        enrolment_id: &enrolled.enrolment.id,
        module_id: &module.id,
        scenario_id,
        play_number: plays.len() as i64 + 1,
        node: &state.node,
        path: &state.path,
        finished: ending.as_ref().map(|(id, points)| (id.as_str(), *points)),
    };
    match store::insert_play(&mut tx, play).await {
        Ok(_) => {}
        Err(StorageError::UniqueViolation) => return Ok(()),
        Err(other) => return Err(other.into()),
    }
    complete_if_due(tx, enrolled).await?;
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
pub async fn choose(db: &Db, enrolled: &Enrolled, scenario_id: &str, step_id: &str, choice_index: usize) -> LearningResult<Chosen> {
    let (_, scenario) = enrolled.scenario(scenario_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(db, enrolled).await?;
    let play = store::scenario_plays(&mut tx, &enrolled.enrolment.id, scenario_id).await?.pop().ok_or(LearningError::NoSuchItem)?;
    if play.is_finished() || play.node != step_id {
        return Err(LearningError::ChoiceAlreadyMade);
    }
    let state = ScenarioState { node: play.node.clone(), score: play.score as i32, finished: false, path: play.path.clone() };
    let outcome = tiltas_course::choose(scenario, &state, choice_index).map_err(|_| LearningError::BadAnswer)?;
    let position = store::choices(&mut tx, &play.id).await?.len() as i64;
    match store::insert_choice(&mut tx, &play.id, position, step_id, choice_index as i64).await {
        Ok(()) => {}
        Err(StorageError::UniqueViolation) => return Err(LearningError::ChoiceAlreadyMade),
        Err(other) => return Err(other.into()),
    }
    let ending = outcome.ending.as_ref().map(|e| (e.id.as_str(), i64::from(e.points)));
    let to = PlayMove { node: &outcome.state.node, score: i64::from(outcome.state.score), path: &outcome.state.path, ending };
    store::move_play(&mut tx, &play.id, to).await?;
    let completed_course = complete_if_due(tx, enrolled).await?;
    Ok(Chosen { outcome, completed_course })
}
