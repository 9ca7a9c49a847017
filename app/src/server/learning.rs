//! The learner's service: the catalogue, enrolment, reading, quiz attempts graded on the server,
//! scenarios played one step at a time, and completion.
//!
//! Every change to a learner's progress is one transaction that first locks the enrolment row,
//! writes, then re-reads the learner's record and, if the course's rules are now all met,
//! records the completion, so completion happens exactly when the last requirement is met and
//! exactly once, with no periodic job.

use super::course_import::StoredCourseMetadata;
use super::storage::courses;
use super::storage::learning::{self as store, AnswerRow, AttemptRow, ChoiceRow, EnrolmentRow, NewPlay, PlayMove, PlayRow};
use super::storage::{Db, StorageError};
use crate::domain::progress::{CourseRules, CourseStatus, FinishedAttempt, FinishedPlay, LearnerRecord, course_status};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex};
use tiltas_course::{ChoiceOutcome, Course, Module, Question, QuestionResult, Scenario, ScenarioState, grade_question};

#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    #[error("no such course")]
    NoSuchCourse,
    #[error("not enrolled in this course")]
    NotEnrolled,
    #[error("this course is assigned by an administrator")]
    NotOpenToSelfEnrolment,
    #[error("prerequisites not completed: {0:?}")]
    PrerequisitesMissing(Vec<String>),
    #[error("no such module, question or scenario")]
    NoSuchItem,
    #[error("no option was chosen")]
    NothingChosen,
    #[error("the answer names an option the question does not have")]
    BadAnswer,
    #[error("this attempt is finished")]
    AttemptFinished,
    #[error("the quiz is already passed")]
    AlreadyPassed,
    #[error("no attempts left")]
    NoAttemptsLeft,
    #[error("this choice was already made")]
    ChoiceAlreadyMade,
    #[error("stored course content cannot be read: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for LearningError {
    fn from(error: sqlx::Error) -> Self {
        LearningError::Storage(error.into())
    }
}

pub type LearningResult<T> = Result<T, LearningError>;

/// Versions never change, so a parsed version is kept for the life of the process. The cache is
/// small: one entry per version in use, and it is emptied if it ever grows past this.
const CACHED_VERSIONS: usize = 64;
static VERSIONS: LazyLock<Mutex<HashMap<String, Arc<Course>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// A stored version as the course model: metadata and every module in every language.
pub async fn load_version(db: &Db, version_id: &str) -> LearningResult<Arc<Course>> {
    if let Some(course) = VERSIONS.lock().ok().and_then(|cache| cache.get(version_id).cloned()) {
        return Ok(course);
    }
    let version = courses::version(db, version_id).await?.ok_or(LearningError::NoSuchCourse)?;
    let metadata_json = courses::version_metadata_json(db, version_id).await?.ok_or(LearningError::NoSuchCourse)?;
    let metadata: StoredCourseMetadata =
        serde_json::from_str(&metadata_json).map_err(|e| LearningError::Corrupt(e.to_string()))?;
    let mut modules: BTreeMap<String, Vec<Module>> = BTreeMap::new();
    for row in courses::all_version_modules(db, version_id).await? {
        let module: Module = serde_json::from_str(&row.content_json).map_err(|e| LearningError::Corrupt(e.to_string()))?;
        modules.entry(row.language).or_default().push(module);
    }
    let course = Arc::new(Course {
        slug: version.course_slug,
        content_hash: version.content_hash,
        metadata: metadata.metadata,
        modules,
    });
    if let Ok(mut cache) = VERSIONS.lock() {
        if cache.len() >= CACHED_VERSIONS {
            cache.clear();
        }
        cache.insert(version_id.to_string(), course.clone());
    }
    Ok(course)
}

/// The newest version of every published course that is not retired, with its version id.
pub async fn published_courses(db: &Db) -> LearningResult<Vec<(String, Arc<Course>)>> {
    let retired = courses::retired_slugs(db).await?;
    let mut out = Vec::new();
    for version in courses::latest_versions(db).await?.into_iter().filter(|v| !retired.contains(&v.course_slug)) {
        out.push((version.id.clone(), load_version(db, &version.id).await?));
    }
    Ok(out)
}

/// A learner's enrolment with the course version it is tied to.
#[derive(Clone, Debug)]
pub struct Enrolled {
    pub enrolment: EnrolmentRow,
    pub course: Arc<Course>,
    pub rules: CourseRules,
}

impl Enrolled {
    /// The module in `language` if the course has it, otherwise in the source language.
    pub fn module(&self, module_id: &str, language: &str) -> Option<&Module> {
        let find = |lang: &str| self.course.modules_in(lang).iter().find(|m| m.id == module_id);
        find(language).or_else(|| find(&self.course.metadata.source_language))
    }

    /// The module in the source language, whose answer key grades every translation.
    fn source_module(&self, module_id: &str) -> Option<&Module> {
        self.module(module_id, &self.course.metadata.source_language)
    }

    fn scenario(&self, scenario_id: &str) -> Option<(&Module, &Scenario)> {
        self.course
            .modules_in(&self.course.metadata.source_language)
            .iter()
            .find_map(|m| m.scenarios().find(|s| s.id == scenario_id).map(|s| (m, s)))
    }
}

pub async fn enrolled(db: &Db, user_id: &str, slug: &str) -> LearningResult<Enrolled> {
    let enrolment = store::enrolment(db, user_id, slug).await?.ok_or(LearningError::NotEnrolled)?;
    with_course(db, enrolment).await
}

/// An enrolment already read (from a list of them) with its course version.
pub async fn with_course(db: &Db, enrolment: EnrolmentRow) -> LearningResult<Enrolled> {
    let course = load_version(db, &enrolment.version_id).await?;
    Ok(Enrolled { rules: CourseRules::of(&course), enrolment, course })
}

/// The prerequisites of `course` that the learner has not completed, in course order.
pub async fn missing_prerequisites(db: &Db, user_id: &str, course: &Course) -> LearningResult<Vec<String>> {
    let completed = store::completed_slugs(db, user_id).await?;
    Ok(course.metadata.prerequisites.iter().filter(|slug| !completed.contains(slug)).cloned().collect())
}

/// Self-enrolment in the newest version. Enrolling twice returns the existing enrolment.
pub async fn enrol(db: &Db, user_id: &str, slug: &str) -> LearningResult<EnrolmentRow> {
    if let Some(existing) = store::enrolment(db, user_id, slug).await? {
        return Ok(existing);
    }
    if courses::retired_slugs(db).await?.iter().any(|retired| retired == slug) {
        return Err(LearningError::NoSuchCourse);
    }
    let version = courses::latest_version(db, slug).await?.ok_or(LearningError::NoSuchCourse)?;
    let course = load_version(db, &version.id).await?;
    if !course.metadata.self_enrolment {
        return Err(LearningError::NotOpenToSelfEnrolment);
    }
    let missing = missing_prerequisites(db, user_id, &course).await?;
    if !missing.is_empty() {
        return Err(LearningError::PrerequisitesMissing(missing));
    }
    insert_enrolment(db, user_id, slug, &version.id, None, None).await
}

/// An administrator's assignment, with an optional due date (seconds since 1970). A learner
/// already enrolled keeps their version; the assignment and due date are recorded on it.
pub async fn assign(db: &Db, admin_id: &str, learner_id: &str, slug: &str, due_at: Option<i64>) -> LearningResult<EnrolmentRow> {
    if let Some(existing) = store::enrolment(db, learner_id, slug).await? {
        store::set_assignment(db, &existing.id, admin_id, due_at).await?;
        return Ok(store::enrolment(db, learner_id, slug).await?.unwrap_or(existing));
    }
    let version = courses::latest_version(db, slug).await?.ok_or(LearningError::NoSuchCourse)?;
    insert_enrolment(db, learner_id, slug, &version.id, Some(admin_id), due_at).await
}

async fn insert_enrolment(
    db: &Db,
    user_id: &str,
    slug: &str,
    version_id: &str,
    assigned_by: Option<&str>,
    due_at: Option<i64>,
) -> LearningResult<EnrolmentRow> {
    match store::insert_enrolment(db, user_id, slug, version_id, assigned_by, due_at).await {
        // Two enrolment posts at once: the other one won, and that is the enrolment.
        Ok(_) | Err(StorageError::UniqueViolation) => {}
        Err(other) => return Err(other.into()),
    }
    store::enrolment(db, user_id, slug).await?.ok_or(LearningError::NotEnrolled)
}

async fn learner_record(conn: &mut AnyConnection, enrolment_id: &str) -> LearningResult<LearnerRecord> {
    let read = store::read_modules(conn, enrolment_id).await?.into_iter().collect();
    let attempts = store::attempts(conn, enrolment_id)
        .await?
        .into_iter()
        .filter(|a| a.finished_at.is_some())
        .map(|a| FinishedAttempt {
            module_id: a.module_id,
            points: a.points.unwrap_or(0).max(0) as u32,
            passed: a.passed == Some(1),
        })
        .collect();
    let plays = store::plays(conn, enrolment_id)
        .await?
        .into_iter()
        .filter(|p| p.finished_at.is_some())
        .map(|p| FinishedPlay { scenario_id: p.scenario_id, points: p.points.unwrap_or(0).max(0) as u32 })
        .collect();
    Ok(LearnerRecord { read, attempts, plays })
}

pub async fn status(db: &Db, enrolled: &Enrolled) -> LearningResult<CourseStatus> {
    let mut conn = db.pool().acquire().await?;
    let record = learner_record(&mut conn, &enrolled.enrolment.id).await?;
    Ok(course_status(&enrolled.rules, &record))
}

/// Finishes a progress transaction: records the completion if the rules are now met, then
/// commits. Returns whether the course was completed by this change.
async fn complete_if_due(mut tx: sqlx::Transaction<'_, sqlx::Any>, enrolled: &Enrolled) -> LearningResult<bool> {
    let record = learner_record(&mut tx, &enrolled.enrolment.id).await?;
    let status = course_status(&enrolled.rules, &record);
    let completed_now = if status.is_complete() {
        store::insert_completion(&mut tx, &enrolled.enrolment, i64::from(status.points), i64::from(status.max_points)).await?
    } else {
        false
    };
    tx.commit().await?;
    Ok(completed_now)
}

async fn begin_progress<'a>(db: &'a Db, enrolled: &Enrolled) -> LearningResult<sqlx::Transaction<'a, sqlx::Any>> {
    let mut tx = db.pool().begin().await?;
    if !store::lock_enrolment(&mut tx, &enrolled.enrolment.id).await? {
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

pub async fn read_modules(db: &Db, enrolled: &Enrolled) -> LearningResult<Vec<String>> {
    let mut conn = db.pool().acquire().await?;
    Ok(store::read_modules(&mut conn, &enrolled.enrolment.id).await?)
}

/// A module's quiz as the learner stands: every attempt, and the answers of the newest.
#[derive(Clone, Debug)]
pub struct QuizState {
    pub attempts: Vec<AttemptRow>,
    pub answers: Vec<AnswerRow>,
}

impl QuizState {
    pub fn latest(&self) -> Option<&AttemptRow> {
        self.attempts.last()
    }

    pub fn passed(&self) -> bool {
        self.attempts.iter().any(|a| a.passed == Some(1))
    }

    /// The answer to a question in the newest attempt.
    pub fn answer(&self, question_id: &str) -> Option<&AnswerRow> {
        self.answers.iter().find(|a| a.question_id == question_id)
    }
}

pub async fn quiz(db: &Db, enrolled: &Enrolled, module_id: &str) -> LearningResult<QuizState> {
    let mut conn = db.pool().acquire().await?;
    let attempts: Vec<AttemptRow> =
        store::attempts(&mut conn, &enrolled.enrolment.id).await?.into_iter().filter(|a| a.module_id == module_id).collect();
    let answers = match attempts.last() {
        Some(latest) => store::answers(&mut conn, &latest.id).await?,
        None => Vec::new(),
    };
    Ok(QuizState { attempts, answers })
}

/// Opens the next attempt at a module's quiz after a failed one, if the retake rules allow.
pub async fn retake(db: &Db, enrolled: &Enrolled, module_id: &str) -> LearningResult<()> {
    let module = enrolled.source_module(module_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(db, enrolled).await?;
    let attempts: Vec<AttemptRow> =
        store::attempts(&mut tx, &enrolled.enrolment.id).await?.into_iter().filter(|a| a.module_id == module_id).collect();
    if attempts.iter().any(|a| a.passed == Some(1)) {
        return Err(LearningError::AlreadyPassed);
    }
    match attempts.last() {
        // The newest attempt is still open: nothing to do (a repeated post).
        Some(latest) if latest.finished_at.is_none() => return Ok(()),
        _ => {}
    }
    if !enrolled.rules.may_try(attempts.len() as u32) {
        return Err(LearningError::NoAttemptsLeft);
    }
    let max_points: u32 = module.questions().map(|q| q.points).sum();
    store::insert_attempt(&mut tx, &enrolled.enrolment.id, module_id, attempts.len() as i64 + 1, i64::from(max_points)).await?;
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
    let attempts: Vec<AttemptRow> =
        store::attempts(&mut tx, &enrolled.enrolment.id).await?.into_iter().filter(|a| a.module_id == module_id).collect();
    let max_points: u32 = module.questions().map(|q| q.points).sum();
    let attempt_id = match attempts.last() {
        Some(open) if open.finished_at.is_none() => open.id.clone(),
        Some(_) => return Err(LearningError::AttemptFinished),
        None => store::insert_attempt(&mut tx, &enrolled.enrolment.id, module_id, 1, i64::from(max_points)).await?,
    };
    let selected_json = serde_json::to_string(selected).unwrap_or_else(|_| "[]".into());
    let stored_now = store::insert_answer(
        &mut tx,
        &attempt_id,
        question_id,
        &selected_json,
        result.correct,
        i64::from(result.points_awarded),
    )
    .await?;
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
pub fn regrade(question: &Question, answer: &AnswerRow) -> LearningResult<QuestionResult> {
    let selected: Vec<usize> = serde_json::from_str(&answer.selected).map_err(|e| LearningError::Corrupt(e.to_string()))?;
    grade_question(question, &selected).map_err(|_| LearningError::Corrupt("stored answer out of range".into()))
}

/// Grades a stored answer of a module's question, for showing results after submission.
pub fn stored_result(enrolled: &Enrolled, module_id: &str, answer: &AnswerRow) -> Option<QuestionResult> {
    let question = enrolled.source_module(module_id)?.questions().find(|q| q.id == answer.question_id)?;
    regrade(question, answer).ok()
}

/// A scenario as the learner stands: every play, and the choices of the newest.
#[derive(Clone, Debug)]
pub struct ScenarioProgress {
    pub plays: Vec<PlayRow>,
    pub choices: Vec<ChoiceRow>,
}

impl ScenarioProgress {
    pub fn latest(&self) -> Option<&PlayRow> {
        self.plays.last()
    }
}

pub async fn scenario_progress(db: &Db, enrolled: &Enrolled, scenario_id: &str) -> LearningResult<ScenarioProgress> {
    let mut conn = db.pool().acquire().await?;
    let plays: Vec<PlayRow> =
        store::plays(&mut conn, &enrolled.enrolment.id).await?.into_iter().filter(|p| p.scenario_id == scenario_id).collect();
    let choices = match plays.last() {
        Some(latest) => store::choices(&mut conn, &latest.id).await?,
        None => Vec::new(),
    };
    Ok(ScenarioProgress { plays, choices })
}

/// Starts a play of a scenario: the first, or another after an ending if the retake rules allow.
/// A play in progress is continued instead.
pub async fn start_play(db: &Db, enrolled: &Enrolled, scenario_id: &str) -> LearningResult<()> {
    let (module, scenario) = enrolled.scenario(scenario_id).ok_or(LearningError::NoSuchItem)?;
    let mut tx = begin_progress(db, enrolled).await?;
    let plays: Vec<PlayRow> =
        store::plays(&mut tx, &enrolled.enrolment.id).await?.into_iter().filter(|p| p.scenario_id == scenario_id).collect();
    if plays.last().is_some_and(|p| p.finished_at.is_none()) {
        return Ok(());
    }
    if !enrolled.rules.may_try(plays.len() as u32) {
        return Err(LearningError::NoAttemptsLeft);
    }
    let state = tiltas_course::start(scenario).map_err(|e| LearningError::Corrupt(e.to_string()))?;
    let path_json = serde_json::to_string(&state.path).unwrap_or_else(|_| "[]".into());
    let ending = ending_of(scenario, &state);
    let play = NewPlay {
        enrolment_id: &enrolled.enrolment.id,
        module_id: &module.id,
        scenario_id,
        play_number: plays.len() as i64 + 1,
        node: &state.node,
        path_json: &path_json,
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
    let play = store::plays(&mut tx, &enrolled.enrolment.id)
        .await?
        .into_iter()
        .filter(|p| p.scenario_id == scenario_id)
        .next_back()
        .ok_or(LearningError::NoSuchItem)?;
    if play.finished_at.is_some() || play.node != step_id {
        return Err(LearningError::ChoiceAlreadyMade);
    }
    let path: Vec<String> = serde_json::from_str(&play.path).map_err(|e| LearningError::Corrupt(e.to_string()))?;
    let state = ScenarioState { node: play.node.clone(), score: play.score as i32, finished: false, path };
    let outcome = tiltas_course::choose(scenario, &state, choice_index).map_err(|_| LearningError::BadAnswer)?;
    let position = store::choices(&mut tx, &play.id).await?.len() as i64;
    match store::insert_choice(&mut tx, &play.id, position, step_id, choice_index as i64).await {
        Ok(()) => {}
        Err(StorageError::UniqueViolation) => return Err(LearningError::ChoiceAlreadyMade),
        Err(other) => return Err(other.into()),
    }
    let path_json = serde_json::to_string(&outcome.state.path).unwrap_or_else(|_| "[]".into());
    let ending = outcome.ending.as_ref().map(|e| (e.id.as_str(), i64::from(e.points)));
    store::move_play(
        &mut tx,
        &play.id,
        PlayMove { node: &outcome.state.node, score: i64::from(outcome.state.score), path_json: &path_json, ending },
    )
    .await?;
    let completed_course = complete_if_due(tx, enrolled).await?;
    Ok(Chosen { outcome, completed_course })
}

pub async fn completion(db: &Db, enrolled: &Enrolled) -> LearningResult<Option<store::CompletionRow>> {
    Ok(store::completion(db, &enrolled.enrolment.id).await?)
}

/// A per-language text (title, summary) in `language`, else in the source language.
pub fn localised(texts: &BTreeMap<String, String>, language: &str, source_language: &str) -> String {
    texts.get(language).or_else(|| texts.get(source_language)).cloned().unwrap_or_default()
}

/// Each scenario the learner has started, and whether its newest play has reached an ending.
pub async fn scenario_states(db: &Db, enrolled: &Enrolled) -> LearningResult<HashMap<String, bool>> {
    let mut conn = db.pool().acquire().await?;
    let mut states = HashMap::new();
    // Plays come in play order, so the newest play of each scenario is written last.
    for play in store::plays(&mut conn, &enrolled.enrolment.id).await? {
        states.insert(play.scenario_id, play.finished_at.is_some());
    }
    Ok(states)
}

/// The titles, in `language`, of the published courses `slugs` names (the slug itself for a
/// course that is not published), for messages such as "finish these courses first".
pub async fn course_titles(db: &Db, slugs: &[String], language: &str) -> LearningResult<Vec<String>> {
    let mut titles = Vec::with_capacity(slugs.len());
    for slug in slugs {
        let title = match courses::latest_version(db, slug).await? {
            Some(version) => {
                let course = load_version(db, &version.id).await?;
                localised(&course.metadata.title, language, &course.metadata.source_language)
            }
            None => slug.clone(),
        };
        titles.push(title);
    }
    Ok(titles)
}
