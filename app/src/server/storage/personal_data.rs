//! What Tiltas holds about one person, table by table, for their own data download (issue 13,
//! audit and privacy). One query per table for all of the person's rows, so the download costs
//! the same number of queries however much they did.
//!
//! These rows are serialised as they are (the download is the database's record of the person),
//! so they leave out what is not the person's to receive: other people's ids (who assigned a
//! course, who granted an attempt, who revoked a certificate), password and token hashes, and
//! the signed credentials' internals.

use super::{Db, StorageResult};
use serde::Serialize;
use sqlx::FromRow;

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct AccountRecord {
    pub id: String,
    pub name: String,
    pub email: String,
    /// For the download's own audit entry; the organisation's name is what the file shows.
    #[serde(skip)]
    pub organisation_id: Option<String>,
    pub organisation: Option<String>,
    pub preferred_language: Option<String>,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub deactivated_at: Option<i64>,
}

pub async fn account(db: &Db, user_id: &str) -> StorageResult<Option<AccountRecord>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.organisation_id, o.name AS organisation, u.preferred_language, u.created_at, u.last_seen_at, u.deactivated_at \
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?)
}

#[derive(Clone, Debug, Serialize)]
pub struct EnrolmentRecord {
    pub id: String,
    pub course: String,
    pub version_id: String,
    pub assigned: bool,
    pub due_at: Option<i64>,
    pub enrolled_at: i64,
    pub ended_at: Option<i64>,
}

#[derive(FromRow)]
struct EnrolmentRow {
    id: String,
    course_slug: String,
    version_id: String,
    assigned_by: Option<String>,
    due_at: Option<i64>,
    enrolled_at: i64,
    ended_at: Option<i64>,
}

pub async fn enrolments(db: &Db, user_id: &str) -> StorageResult<Vec<EnrolmentRecord>> {
    let rows: Vec<EnrolmentRow> = sqlx::query_as(
        "SELECT id, course_slug, version_id, assigned_by, due_at, enrolled_at, ended_at FROM enrolments WHERE user_id = $1 \
         ORDER BY enrolled_at, id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| EnrolmentRecord {
            id: row.id,
            course: row.course_slug,
            version_id: row.version_id,
            // Whether an administrator assigned it, not who: that is another person's data.
            assigned: row.assigned_by.is_some(),
            due_at: row.due_at,
            enrolled_at: row.enrolled_at,
            ended_at: row.ended_at,
        })
        .collect())
}

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct ModuleReadRecord {
    pub enrolment_id: String,
    pub module_id: String,
    pub read_at: i64,
}

pub async fn module_reads(db: &Db, user_id: &str) -> StorageResult<Vec<ModuleReadRecord>> {
    Ok(sqlx::query_as(
        "SELECT r.enrolment_id, r.module_id, r.read_at FROM module_reads r JOIN enrolments e ON e.id = r.enrolment_id \
         WHERE e.user_id = $1 ORDER BY r.read_at, r.module_id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct CompletionRecord {
    pub enrolment_id: String,
    pub course: String,
    pub points: i64,
    pub max_points: i64,
    pub completed_at: i64,
}

pub async fn completions(db: &Db, user_id: &str) -> StorageResult<Vec<CompletionRecord>> {
    Ok(sqlx::query_as(
        "SELECT enrolment_id, course_slug AS course, points, max_points, completed_at FROM completions WHERE user_id = $1 \
         ORDER BY completed_at",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Clone, Debug, Serialize)]
pub struct QuizAttemptRecord {
    pub id: String,
    pub enrolment_id: String,
    pub module_id: String,
    pub attempt_number: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub points: Option<i64>,
    pub max_points: i64,
    pub passed: Option<bool>,
}

pub async fn quiz_attempts(db: &Db, user_id: &str) -> StorageResult<Vec<QuizAttemptRecord>> {
    type Row = (String, String, String, i64, i64, Option<i64>, Option<i64>, i64, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.enrolment_id, a.module_id, a.attempt_number, a.started_at, a.finished_at, a.points, a.max_points, a.passed \
         FROM quiz_attempts a JOIN enrolments e ON e.id = a.enrolment_id WHERE e.user_id = $1 ORDER BY a.started_at, a.id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, enrolment_id, module_id, attempt_number, started_at, finished_at, points, max_points, passed)| QuizAttemptRecord {
            id,
            enrolment_id,
            module_id,
            attempt_number,
            started_at,
            finished_at,
            points,
            max_points,
            passed: passed.map(|p| p != 0),
        })
        .collect())
}

#[derive(Clone, Debug, Serialize)]
pub struct QuizAnswerRecord {
    pub attempt_id: String,
    pub question_id: String,
    /// The chosen options' numbers, as stored (a JSON list).
    pub selected: serde_json::Value,
    pub correct: bool,
    pub points: i64,
    pub answered_at: i64,
}

pub async fn quiz_answers(db: &Db, user_id: &str) -> StorageResult<Vec<QuizAnswerRecord>> {
    let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT q.attempt_id, q.question_id, q.selected, q.correct, q.points, q.answered_at FROM quiz_answers q \
         JOIN quiz_attempts a ON a.id = q.attempt_id JOIN enrolments e ON e.id = a.enrolment_id WHERE e.user_id = $1 \
         ORDER BY q.answered_at, q.attempt_id, q.question_id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(attempt_id, question_id, selected, correct, points, answered_at)| QuizAnswerRecord {
            attempt_id,
            question_id,
            selected: serde_json::from_str(&selected).unwrap_or(serde_json::Value::String(selected)),
            correct: correct != 0,
            points,
            answered_at,
        })
        .collect())
}

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct ScenarioPlayRecord {
    pub id: String,
    pub enrolment_id: String,
    pub module_id: String,
    pub scenario_id: String,
    pub play_number: i64,
    pub score: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub ending_id: Option<String>,
    pub points: Option<i64>,
}

pub async fn scenario_plays(db: &Db, user_id: &str) -> StorageResult<Vec<ScenarioPlayRecord>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.enrolment_id, p.module_id, p.scenario_id, p.play_number, p.score, p.started_at, p.finished_at, p.ending_id, p.points \
         FROM scenario_plays p JOIN enrolments e ON e.id = p.enrolment_id WHERE e.user_id = $1 ORDER BY p.started_at, p.id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct ScenarioChoiceRecord {
    pub play_id: String,
    pub position: i64,
    pub step_id: String,
    pub choice_index: i64,
    pub chosen_at: i64,
}

pub async fn scenario_choices(db: &Db, user_id: &str) -> StorageResult<Vec<ScenarioChoiceRecord>> {
    Ok(sqlx::query_as(
        "SELECT c.play_id, c.position, c.step_id, c.choice_index, c.chosen_at FROM scenario_choices c \
         JOIN scenario_plays p ON p.id = c.play_id JOIN enrolments e ON e.id = p.enrolment_id WHERE e.user_id = $1 \
         ORDER BY c.chosen_at, c.play_id, c.position",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct AttemptGrantRecord {
    pub enrolment_id: String,
    pub item_id: String,
    pub reason: String,
    pub granted_at: i64,
}

pub async fn attempt_grants(db: &Db, user_id: &str) -> StorageResult<Vec<AttemptGrantRecord>> {
    Ok(sqlx::query_as(
        "SELECT g.enrolment_id, g.item_id, g.reason, g.granted_at FROM attempt_grants g JOIN enrolments e ON e.id = g.enrolment_id \
         WHERE e.user_id = $1 ORDER BY g.granted_at, g.id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct CertificateRecord {
    pub id: String,
    pub code: String,
    pub course: String,
    pub version_id: String,
    pub holder_name: String,
    pub organisation_name: Option<String>,
    pub points: Option<i64>,
    pub max_points: Option<i64>,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub note: Option<String>,
    pub revoked_at: Option<i64>,
    pub revocation_reason: Option<String>,
    pub replaced_by: Option<String>,
}

pub async fn certificates(db: &Db, user_id: &str) -> StorageResult<Vec<CertificateRecord>> {
    Ok(sqlx::query_as(
        "SELECT id, code, course_slug AS course, version_id, holder_name, organisation_name, points, max_points, issued_at, expires_at, \
         note, revoked_at, revocation_reason, superseded_by AS replaced_by FROM certificates WHERE user_id = $1 ORDER BY issued_at, id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Clone, Debug, Serialize, FromRow)]
pub struct CohortRecord {
    pub cohort: String,
    pub joined_at: i64,
}

pub async fn cohorts(db: &Db, user_id: &str) -> StorageResult<Vec<CohortRecord>> {
    Ok(sqlx::query_as(
        "SELECT c.name AS cohort, m.joined_at FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = $1 \
         ORDER BY m.joined_at, c.name",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// A signed-in session: when it started and ends, never its token's hash.
#[derive(Clone, Debug, Serialize, FromRow)]
pub struct SessionRecord {
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn sessions(db: &Db, user_id: &str) -> StorageResult<Vec<SessionRecord>> {
    Ok(sqlx::query_as("SELECT created_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at")
        .bind(user_id)
        .fetch_all(db.pool())
        .await?)
}
