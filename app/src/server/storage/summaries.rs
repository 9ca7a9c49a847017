//! Summaries kept for the pages that read many learners at once (migration 16): each
//! enrolment's best graded score per assessment (the completion report's score-band chart), and
//! per question and scenario option how often it was drawn, answered, answered right or chosen
//! (a trainer's results page). Counting them again from every attempt, answer and choice took
//! most of a second at 100,000 learners; reading them takes a few rows.
//!
//! Each function is called by the storage function that records the event, on the same
//! connection, so a summary is written in the transaction of the event that changes it and is
//! never seen without it. Counters are raised with an UPSERT that adds to the stored value,
//! which is safe when learners answer the same question at the same moment: PostgreSQL locks the
//! counter's row until the transaction ends, SQLite has one writer at a time.

use super::StorageResult;
use sqlx::AnyConnection;

/// Raises the enrolment's best score at the attempt's assessment to the attempt's score, if the
/// attempt is a finished graded one and scored better (or is the first). Practice attempts have
/// no draw seed and are not counted, as before.
pub async fn keep_best_graded_score(conn: &mut AnyConnection, attempt_id: &str) -> StorageResult<()> {
    // The WHERE clause also tells SQLite's parser that ON CONFLICT is the UPSERT, not a join's ON.
    sqlx::query(
        "INSERT INTO graded_bests (enrolment_id, module_id, user_id, course_slug, best_percent) \
         SELECT a.enrolment_id, a.module_id, e.user_id, e.course_slug, COALESCE(a.points, 0) * 100 / a.max_points \
         FROM quiz_attempts a JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE a.id = $1 AND a.seed IS NOT NULL AND a.finished_at IS NOT NULL AND a.max_points > 0 \
         ON CONFLICT (enrolment_id, module_id) DO UPDATE SET best_percent = CASE \
           WHEN excluded.best_percent > graded_bests.best_percent THEN excluded.best_percent ELSE graded_bests.best_percent END",
    )
    .bind(attempt_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts one draw of each question the attempt drew (its `quiz_attempt_questions`, just
/// stored) for the attempt's course and module, in one statement. The counters are raised in
/// question order, whatever the draw's order: two attempts started together then lock the shared
/// counters in the same order and cannot deadlock on PostgreSQL.
pub async fn count_draws(conn: &mut AnyConnection, attempt_id: &str) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO question_counts (course_slug, module_id, question_id, drawn, answers, correct) \
         SELECT e.course_slug, a.module_id, d.question_id, 1, 0, 0 \
         FROM quiz_attempt_questions d JOIN quiz_attempts a ON a.id = d.attempt_id JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE d.attempt_id = $1 ORDER BY d.question_id \
         ON CONFLICT (course_slug, module_id, question_id) DO UPDATE SET drawn = question_counts.drawn + excluded.drawn",
    )
    .bind(attempt_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts one answer to the question (and whether it was right).
pub async fn count_answer(conn: &mut AnyConnection, attempt_id: &str, question_id: &str, correct: bool) -> StorageResult<()> {
    raise_question_counts(conn, attempt_id, question_id, (0, 1, i64::from(correct))).await
}

/// Adds (drawn, answers, correct) to the question's counters in the attempt's course and module.
async fn raise_question_counts(conn: &mut AnyConnection, attempt_id: &str, question_id: &str, by: (i64, i64, i64)) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO question_counts (course_slug, module_id, question_id, drawn, answers, correct) \
         SELECT e.course_slug, a.module_id, $2, $3, $4, $5 FROM quiz_attempts a JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE a.id = $1 \
         ON CONFLICT (course_slug, module_id, question_id) DO UPDATE SET drawn = question_counts.drawn + excluded.drawn, \
           answers = question_counts.answers + excluded.answers, correct = question_counts.correct + excluded.correct",
    )
    .bind(attempt_id)
    .bind(question_id)
    .bind(by.0)
    .bind(by.1)
    .bind(by.2)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts a choice if it was made in the learner's first play of the scenario.
pub async fn count_first_play_choice(conn: &mut AnyConnection, play_id: &str, step_id: &str, choice_index: i64) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO choice_counts (course_slug, scenario_id, step_id, choice_index, times) \
         SELECT e.course_slug, p.scenario_id, $2, $3, 1 FROM scenario_plays p JOIN enrolments e ON e.id = p.enrolment_id \
         WHERE p.id = $1 AND p.play_number = 1 \
         ON CONFLICT (course_slug, scenario_id, step_id, choice_index) DO UPDATE SET times = choice_counts.times + 1",
    )
    .bind(play_id)
    .bind(step_id)
    .bind(choice_index)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
