//! Aggregates over every learner of a course, for trainers' results pages: each is one grouped
//! query, however many learners there are.

use super::{Db, StorageResult};
use sqlx::FromRow;

/// How many enrolments a course has and how many are complete.
pub async fn course_counts(db: &Db, course_slug: &str) -> StorageResult<(i64, i64)> {
    let (enrolled, completed): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM enrolments WHERE course_slug = $1 AND ended_at IS NULL), \
         (SELECT COUNT(*) FROM completions c JOIN enrolments e ON e.id = c.enrolment_id \
          WHERE c.course_slug = $1 AND e.ended_at IS NULL)",
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
        "SELECT a.module_id, q.question_id, COUNT(*) AS answers, CAST(SUM(q.correct) AS BIGINT) AS correct \
         FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE e.course_slug = $1 GROUP BY a.module_id, q.question_id ORDER BY a.module_id, q.question_id",
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
        "SELECT p.scenario_id, c.step_id, c.choice_index, COUNT(*) AS times \
         FROM scenario_choices c JOIN scenario_plays p ON p.id = c.play_id JOIN enrolments e ON e.id = p.enrolment_id \
         WHERE e.course_slug = $1 AND p.play_number = 1 \
         GROUP BY p.scenario_id, c.step_id, c.choice_index ORDER BY p.scenario_id, c.step_id, c.choice_index",
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
        "SELECT a.module_id, d.question_id, COUNT(*) AS drawn \
         FROM quiz_attempt_questions d JOIN quiz_attempts a ON a.id = d.attempt_id JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE e.course_slug = $1 GROUP BY a.module_id, d.question_id ORDER BY a.module_id, d.question_id",
    )
    .bind(course_slug)
    .fetch_all(db.pool())
    .await?)
}
