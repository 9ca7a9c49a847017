//! The learner's service: the catalogue, enrolment, reading, quiz attempts graded on the server,
//! scenarios played one step at a time, completion, and the read models of the learner's pages.
//!
//! Read this file first (errors, an enrolment with its course, enrolling), then `progress` (every
//! change to a learner's progress, each one transaction), `activity` (what learners did, read in
//! batches), `pages` (catalogue, dashboard, course page) and `reading` (module and scenario pages,
//! course files), `glossary`. `versions` caches the parsed course versions.
//!
//! Every change to a learner's progress is one transaction that first locks the enrolment row,
//! writes, then re-reads the learner's record and, if the course's rules are now all met,
//! records the completion, so completion happens exactly when the last requirement is met and
//! exactly once, with no periodic job.

pub mod activity;
mod assessment_page;
pub mod glossary;
pub mod pages;
pub mod progress;
pub mod reading;
pub mod renewal;
pub mod versions;

pub use activity::Activity;
pub use progress::{
    AnswerFeedback, Answered, Chosen, SubmissionId, answer, answer_submitted, choose, grant_attempt, mark_read, mark_read_submitted,
    start_attempt, start_play,
};
pub use versions::CourseVersions;

use crate::domain::administration::AdminScope;
use crate::domain::progress::CourseRules;
use crate::domain::roles::Role;
use crate::server::context::AppState;
use crate::server::storage::enrolments::{self, Enrolment};
use crate::domain::xapi::{Learning, LearningEvent};
use crate::server::storage::{Db, StorageError, courses, now, users};
use crate::server::xapi;
use std::collections::BTreeMap;
use std::sync::Arc;
use tiltas_course::{Course, Module, Scenario};

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
    #[error("no such learner")]
    NotALearner,
    #[error("courses are taken with a learner account")]
    LearnersOnly,
    #[error("no such module, question, scenario or file")]
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
    #[error("the wait before the next attempt has not passed")]
    NotYet,
    #[error("only a graded assessment or graded scenario takes extra attempts")]
    NotGraded,
    #[error("a reason is required")]
    ReasonMissing,
    #[error("the course cannot be taken again yet")]
    NotDueForRenewal,
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

/// A learner's enrolment with the course version it is tied to.
#[derive(Clone, Debug)]
pub struct Enrolled {
    pub enrolment: Enrolment,
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

    /// A scenario with the module that holds it, in the source language.
    fn scenario(&self, scenario_id: &str) -> Option<(&Module, &Scenario)> {
        self.course.scenario(scenario_id)
    }
}

/// The signed-in learner's enrolment in `slug`, refused while the course's prerequisites are
/// not completed: the one check in front of every learner page, form and course file.
pub async fn enrolled(state: &AppState, user_id: &str, slug: &str) -> LearningResult<Enrolled> {
    let enrolment = enrolments::enrolment(&state.db, user_id, slug).await?.ok_or(LearningError::NotEnrolled)?;
    let enrolled = with_course(state, enrolment).await?;
    let missing = missing_prerequisites(&state.db, user_id, &enrolled.course).await?;
    if !missing.is_empty() {
        return Err(LearningError::PrerequisitesMissing(missing));
    }
    Ok(enrolled)
}

/// An enrolment already read (from a list of them) with its course version.
pub async fn with_course(state: &AppState, enrolment: Enrolment) -> LearningResult<Enrolled> {
    let course = state.versions.load(&state.db, &enrolment.version_id).await?;
    Ok(Enrolled { rules: CourseRules::of(&course), enrolment, course })
}

/// The prerequisites of `course` that the learner has not completed, in course order.
pub async fn missing_prerequisites(db: &Db, user_id: &str, course: &Course) -> LearningResult<Vec<String>> {
    // Most courses have none, and every page inside a course asks: no query for them.
    if course.metadata.prerequisites.is_empty() {
        return Ok(Vec::new());
    }
    let completed = enrolments::completed_slugs(db, user_id).await?;
    Ok(course.metadata.prerequisites.iter().filter(|slug| !completed.contains(slug)).cloned().collect())
}

/// An administrator grants a learner one more attempt at a graded item of a course.
pub async fn grant_extra_attempt(
    state: &AppState,
    admin_id: &str,
    learner_id: &str,
    slug: &str,
    item_id: &str,
    reason: &str,
) -> LearningResult<()> {
    // The learner named in the form is not enrolled: a stale page; the form asks again.
    let enrolment = enrolments::enrolment(&state.db, learner_id, slug).await?.ok_or(LearningError::NotALearner)?;
    let enrolled = with_course(state, enrolment).await?;
    progress::grant_attempt(&state.db, &enrolled, item_id, admin_id, reason).await
}

/// Self-enrolment in the newest version. Enrolling twice returns the existing enrolment.
pub async fn enrol(state: &AppState, user_id: &str, slug: &str) -> LearningResult<Enrolment> {
    let db = &state.db;
    if !users::roles_of(db, user_id).await?.contains(&Role::Learner) {
        return Err(LearningError::LearnersOnly);
    }
    if let Some(existing) = enrolments::enrolment(db, user_id, slug).await? {
        return Ok(existing);
    }
    if courses::retired_slugs(db).await?.iter().any(|retired| retired == slug) {
        return Err(LearningError::NoSuchCourse);
    }
    let version = courses::latest_version(db, slug).await?.ok_or(LearningError::NoSuchCourse)?;
    let course = state.versions.load(db, &version.id).await?;
    if !course.metadata.self_enrolment {
        return Err(LearningError::NotOpenToSelfEnrolment);
    }
    let missing = missing_prerequisites(db, user_id, &course).await?;
    if !missing.is_empty() {
        return Err(LearningError::PrerequisitesMissing(missing));
    }
    insert_enrolment(state, user_id, slug, &version.id, None, None).await
}

/// An administrator's assignment, with an optional due date (seconds since 1970). A learner
/// already enrolled keeps their version; the assignment and due date are recorded on it.
pub async fn assign(state: &AppState, admin_id: &str, learner_id: &str, slug: &str, due_at: Option<i64>) -> LearningResult<Enrolment> {
    let db = &state.db;
    if !users::roles_of(db, learner_id).await?.contains(&Role::Learner) {
        return Err(LearningError::NotALearner);
    }
    if let Some(existing) = enrolments::enrolment(db, learner_id, slug).await? {
        enrolments::set_assignment(db, &existing.id, admin_id, due_at).await?;
        return Ok(enrolments::enrolment(db, learner_id, slug).await?.unwrap_or(existing));
    }
    let version = courses::latest_version(db, slug).await?.ok_or(LearningError::NoSuchCourse)?;
    insert_enrolment(state, learner_id, slug, &version.id, Some(admin_id), due_at).await
}

/// `assign`, by an administrator of `scope`: a learner outside it is answered as one who does
/// not exist.
pub async fn assign_in_scope(
    state: &AppState,
    scope: &AdminScope,
    admin_id: &str,
    learner_id: &str,
    slug: &str,
    due_at: Option<i64>,
) -> LearningResult<Enrolment> {
    let learner = users::find_by_id(&state.db, learner_id).await?.ok_or(LearningError::NoSuchItem)?;
    if !scope.covers(learner.organisation_id.as_deref()) {
        return Err(LearningError::NoSuchItem);
    }
    assign(state, admin_id, learner_id, slug, due_at).await
}

/// Enrols, with the xAPI statement that the course was launched for the learner, in one
/// transaction.
async fn insert_enrolment(
    state: &AppState,
    user_id: &str,
    slug: &str,
    version_id: &str,
    assigned_by: Option<&str>,
    due_at: Option<i64>,
) -> LearningResult<Enrolment> {
    let db = &state.db;
    let course = state.versions.load(db, version_id).await?;
    let mut tx = db.begin().await?;
    match enrolments::insert_enrolment_in(&mut tx, user_id, slug, version_id, assigned_by, due_at).await {
        Ok(enrolment_id) => {
            record_launch(&mut tx, state, &course, user_id, &enrolment_id, version_id).await?;
            tx.commit().await?;
        }
        // Two enrolment posts at once: the other one won, and that is the enrolment.
        Err(StorageError::UniqueViolation) => {}
        Err(other) => return Err(other.into()),
    }
    enrolments::enrolment(db, user_id, slug).await?.ok_or(LearningError::NotEnrolled)
}

/// In the transaction that made `enrolments` (a cohort's assignment, say): the xAPI statement
/// of each that its course was launched for the learner.
pub(crate) async fn record_launches(conn: &mut sqlx::AnyConnection, state: &AppState, enrolments: &[Enrolment]) -> Result<(), StorageError> {
    for enrolment in enrolments {
        let course = state.versions.load(&state.db, &enrolment.version_id).await.map_err(|error| match error {
            LearningError::Storage(error) => error,
            other => StorageError::Corrupt(other.to_string()),
        })?;
        record_launch(conn, state, &course, &enrolment.user_id, &enrolment.id, &enrolment.version_id).await?;
    }
    Ok(())
}

/// In the transaction that makes enrolment `enrolment_id`: its xAPI statement that the course
/// (`course`, the version enrolled in) was launched for the learner.
pub(crate) async fn record_launch(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    course: &Course,
    user_id: &str,
    enrolment_id: &str,
    version_id: &str,
) -> Result<(), StorageError> {
    let title = course_title(course, &course.metadata.source_language);
    let learning = Learning {
        user_id,
        enrolment_id: Some(enrolment_id),
        course_slug: &course.slug,
        version_id,
        course_title: &title,
        language: &course.metadata.source_language,
        at: now(),
    };
    xapi::record(conn, &state.config, &learning, &LearningEvent::Launched).await?;
    Ok(())
}

/// A per-language text (title, summary) in `language`, else in the source language.
pub fn localised(texts: &BTreeMap<String, String>, language: &str, source_language: &str) -> String {
    texts.get(language).or_else(|| texts.get(source_language)).cloned().unwrap_or_default()
}

/// A course's title in `language`.
pub fn course_title(course: &Course, language: &str) -> String {
    localised(&course.metadata.title, language, &course.metadata.source_language)
}

/// The titles, in `language`, of the published courses `slugs` names (the slug itself for a
/// course that is not published), for messages such as "finish these courses first".
pub async fn course_titles(state: &AppState, slugs: &[String], language: &str) -> LearningResult<Vec<String>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let published = state.versions.published(&state.db).await?;
    Ok(slugs
        .iter()
        .map(|slug| published.iter().find(|c| &c.slug == slug).map_or_else(|| slug.clone(), |c| course_title(c, language)))
        .collect())
}
