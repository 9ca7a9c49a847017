//! Aggregates over every learner of a course, for trainers' results pages. The per-question and
//! per-option figures are read from counters kept with each draw, answer and choice
//! (`summaries`, migration 16), so the page reads a few rows per question however many
//! learners there are; the enrolment counts read one index of the course's current enrolments.

use super::{Db, StorageResult};
use sqlx::FromRow;

/// How many current enrolments a course has and how many of them are complete (the completion
/// is kept on the enrolment, migration 14).
pub async fn course_counts(db: &Db, course_slug: &str) -> StorageResult<(i64, i64)> {
    let (enrolled, completed): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COUNT(completed_at) AS BIGINT) FROM enrolments WHERE course_slug = $1 AND ended_at IS NULL",
    )
    .bind(course_slug)
    .fetch_one(db.pool())
    .await?;
    Ok((enrolled, completed))
}

/// Per question, how many answers and how many were correct, over every attempt.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct QuestionStat {
    pub module_id: String,
    pub question_id: String,
    pub answers: i64,
    pub correct: i64,
}

pub async fn question_stats(db: &Db, course_slug: &str) -> StorageResult<Vec<QuestionStat>> {
    Ok(sqlx::query_as::<_, QuestionStat>(
        "SELECT module_id, question_id, answers, correct FROM question_counts \
         WHERE course_slug = $1 AND answers > 0 ORDER BY module_id, question_id",
    )
    .bind(course_slug)
    .fetch_all(db.pool())
    .await?)
}

/// Per scenario step and option, how many choices were made (each learner's first play only,
/// so replays do not outweigh first instincts).
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct ChoiceStat {
    pub scenario_id: String,
    pub step_id: String,
    pub choice_index: i64,
    pub times: i64,
}

pub async fn choice_stats(db: &Db, course_slug: &str) -> StorageResult<Vec<ChoiceStat>> {
    Ok(sqlx::query_as::<_, ChoiceStat>(
        "SELECT scenario_id, step_id, choice_index, times FROM choice_counts \
         WHERE course_slug = $1 ORDER BY scenario_id, step_id, choice_index",
    )
    .bind(course_slug)
    .fetch_all(db.pool())
    .await?)
}

/// Per question of a graded assessment, how many attempts drew it.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct DrawStat {
    pub module_id: String,
    pub question_id: String,
    pub drawn: i64,
}

pub async fn draw_stats(db: &Db, course_slug: &str) -> StorageResult<Vec<DrawStat>> {
    Ok(sqlx::query_as::<_, DrawStat>(
        "SELECT module_id, question_id, drawn FROM question_counts \
         WHERE course_slug = $1 AND drawn > 0 ORDER BY module_id, question_id",
    )
    .bind(course_slug)
    .fetch_all(db.pool())
    .await?)
}
