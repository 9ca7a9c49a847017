//! What graded assessments add to a learner's record: the questions each attempt drew (and in
//! which order it shows their options), and the extra attempts administrators grant.

use super::activity::{Answer, AnswerRow};
use super::enrolments::{EnrolmentScope, fetch_in_scope};
use super::{StorageError, StorageResult, now, summaries};
use sqlx::{AnyConnection, FromRow};
use tiltas_course::DrawnQuestion;

/// Questions drawn per INSERT: well within both databases' limits on bound values.
const DRAWN_PER_STATEMENT: usize = 200;

/// Records the draw of a new attempt, in the order the learner sees it, and counts the draws,
/// in two statements for any usual draw rather than two per question (each statement is a round
/// trip, and on SQLite a hand-over to the connection's thread).
pub async fn insert_drawn(conn: &mut AnyConnection, attempt_id: &str, drawn: &[DrawnQuestion]) -> StorageResult<()> {
    for (chunk_number, chunk) in drawn.chunks(DRAWN_PER_STATEMENT).enumerate() {
        let rows: Vec<String> =
            (0..chunk.len()).map(|row| format!("($1, ${}, ${}, ${})", 3 * row + 2, 3 * row + 3, 3 * row + 4)).collect();
        let sql =
            format!("INSERT INTO quiz_attempt_questions (attempt_id, position, question_id, option_order) VALUES {}", rows.join(", "));
        let mut insert = sqlx::query(&sql).bind(attempt_id);
        for (row, question) in chunk.iter().enumerate() {
            let order = serde_json::to_string(&question.option_order).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let position = (chunk_number * DRAWN_PER_STATEMENT + row) as i64;
            insert = insert.bind(position).bind(question.question_id.clone()).bind(order);
        }
        insert.execute(&mut *conn).await?;
    }
    summaries::count_draws(conn, attempt_id).await
}

/// A graded attempt's draw and the answers given in it so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrawnAttempt {
    /// The questions in the order the learner sees them.
    pub drawn: Vec<DrawnQuestion>,
    pub answers: Vec<Answer>,
}

#[derive(FromRow)]
struct DrawnRow {
    question_id: String,
    option_order: String,
    selected: Option<String>,
    correct: Option<i64>,
    points: Option<i64>,
    answered_at: Option<i64>,
}

/// The questions an attempt drew, in order (none for a practice attempt), with the answers given
/// to them, in one statement: an assessment's page and each answer need both. A graded attempt
/// is only ever answered on its drawn questions, so the join finds all its answers.
pub async fn drawn_with_answers(conn: &mut AnyConnection, attempt_id: &str) -> StorageResult<DrawnAttempt> {
    let rows: Vec<DrawnRow> = sqlx::query_as(
        "SELECT d.question_id, d.option_order, q.selected, q.correct, q.points, q.answered_at \
         FROM quiz_attempt_questions d LEFT JOIN quiz_answers q ON q.attempt_id = d.attempt_id AND q.question_id = d.question_id \
         WHERE d.attempt_id = $1 ORDER BY d.position",
    )
    .bind(attempt_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut attempt = DrawnAttempt::default();
    for row in rows {
        let option_order = serde_json::from_str(&row.option_order).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        if let (Some(selected), Some(correct), Some(points), Some(answered_at)) = (row.selected, row.correct, row.points, row.answered_at) {
            let answer = AnswerRow { question_id: row.question_id.clone(), selected, correct, points, answered_at };
            attempt.answers.push(Answer::try_from(answer)?);
        }
        attempt.drawn.push(DrawnQuestion { question_id: row.question_id, option_order });
    }
    Ok(attempt)
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
