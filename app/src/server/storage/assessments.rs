//! What graded assessments add to a learner's record: the questions each attempt drew (and in
//! which order it shows their options), and the extra attempts administrators grant.

use super::enrolments::{EnrolmentScope, fetch_in_scope};
use super::{StorageError, StorageResult, now, summaries};
use sqlx::{AnyConnection, FromRow};
use tiltas_course::DrawnQuestion;

/// Records the draw of a new attempt, in the order the learner sees it.
pub async fn insert_drawn(conn: &mut AnyConnection, attempt_id: &str, drawn: &[DrawnQuestion]) -> StorageResult<()> {
    for (position, question) in drawn.iter().enumerate() {
        let order = serde_json::to_string(&question.option_order).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query("INSERT INTO quiz_attempt_questions (attempt_id, position, question_id, option_order) VALUES ($1, $2, $3, $4)")
            .bind(attempt_id)
            .bind(position as i64)
            .bind(&question.question_id)
            .bind(order)
            .execute(&mut *conn)
            .await?;
    }
    let question_ids: Vec<&str> = drawn.iter().map(|question| question.question_id.as_str()).collect();
    summaries::count_draws(conn, attempt_id, &question_ids).await
}

#[derive(FromRow)]
struct DrawnRow {
    question_id: String,
    option_order: String,
}

/// The questions an attempt drew, in order; empty for a practice attempt.
pub async fn drawn(conn: &mut AnyConnection, attempt_id: &str) -> StorageResult<Vec<DrawnQuestion>> {
    let rows: Vec<DrawnRow> =
        sqlx::query_as("SELECT question_id, option_order FROM quiz_attempt_questions WHERE attempt_id = $1 ORDER BY position")
            .bind(attempt_id)
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter()
        .map(|row| {
            let option_order = serde_json::from_str(&row.option_order).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            Ok(DrawnQuestion { question_id: row.question_id, option_order })
        })
        .collect()
}

/// An extra attempt granted at an assessment or graded scenario.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Grant {
    pub id: String,
    pub enrolment_id: String,
    pub item_id: String,
    pub granted_by: String,
    pub reason: String,
    /// Attempts the learner had started when it was granted.
    pub attempts_before: i64,
    pub granted_at: i64,
}

pub async fn insert_grant(
    conn: &mut AnyConnection,
    enrolment_id: &str,
    item_id: &str,
    granted_by: &str,
    reason: &str,
    attempts_before: u32,
) -> StorageResult<Grant> {
    let grant = Grant {
        attempts_before: i64::from(attempts_before),
        id: uuid::Uuid::new_v4().to_string(),
        enrolment_id: enrolment_id.to_string(),
        item_id: item_id.to_string(),
        granted_by: granted_by.to_string(),
        reason: reason.to_string(),
        granted_at: now(),
    };
    sqlx::query(
        "INSERT INTO attempt_grants (id, enrolment_id, item_id, granted_by, reason, attempts_before, granted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
        .bind(&grant.id)
        .bind(&grant.enrolment_id)
        .bind(&grant.item_id)
        .bind(&grant.granted_by)
        .bind(&grant.reason)
        .bind(grant.attempts_before)
        .bind(grant.granted_at)
        .execute(&mut *conn)
        .await?;
    Ok(grant)
}

/// The grants of a scope's enrolments, oldest first.
pub async fn grants(conn: &mut AnyConnection, scope: EnrolmentScope<'_>) -> StorageResult<Vec<Grant>> {
    fetch_in_scope(
        conn,
        "SELECT id, enrolment_id, item_id, granted_by, reason, attempts_before, granted_at FROM attempt_grants",
        "enrolment_id",
        scope,
        "enrolment_id, granted_at, id",
    )
    .await
}
