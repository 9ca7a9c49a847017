//! Learners' enrolments and everything they do in a course: reading, quiz attempts and answers,
//! scenario plays and choices, completions. The learning service (`crate::server::learning`)
//! decides what to write; these functions only read and write rows.
//!
//! Functions that belong inside the service's transactions take a connection (`&mut *tx`), so
//! one transaction can record an answer, finish the attempt and record a completion together.

use super::{Db, StorageResult, now};
use sqlx::{AnyConnection, FromRow};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct EnrolmentRow {
    pub id: String,
    pub user_id: String,
    pub course_slug: String,
    pub version_id: String,
    pub assigned_by: Option<String>,
    pub due_at: Option<i64>,
    pub enrolled_at: i64,
}

const ENROLMENT_COLUMNS: &str = "id, user_id, course_slug, version_id, assigned_by, due_at, enrolled_at";

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct AttemptRow {
    pub id: String,
    pub module_id: String,
    pub attempt_number: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub points: Option<i64>,
    pub max_points: i64,
    pub passed: Option<i64>,
}

const ATTEMPT_COLUMNS: &str = "id, module_id, attempt_number, started_at, finished_at, points, max_points, passed";

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct AnswerRow {
    pub question_id: String,
    /// JSON array of the chosen option numbers.
    pub selected: String,
    pub correct: i64,
    pub points: i64,
    pub answered_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct PlayRow {
    pub id: String,
    pub module_id: String,
    pub scenario_id: String,
    pub play_number: i64,
    pub node: String,
    pub score: i64,
    /// JSON array of the node ids visited.
    pub path: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub ending_id: Option<String>,
    pub points: Option<i64>,
}

const PLAY_COLUMNS: &str =
    "id, module_id, scenario_id, play_number, node, score, path, started_at, finished_at, ending_id, points";

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ChoiceRow {
    pub position: i64,
    pub step_id: String,
    pub choice_index: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct CompletionRow {
    pub enrolment_id: String,
    pub course_slug: String,
    pub version_id: String,
    pub points: i64,
    pub max_points: i64,
    pub completed_at: i64,
}

pub async fn insert_enrolment(
    db: &Db,
    user_id: &str,
    course_slug: &str,
    version_id: &str,
    assigned_by: Option<&str>,
    due_at: Option<i64>,
) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO enrolments (id, user_id, course_slug, version_id, assigned_by, due_at, enrolled_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(course_slug)
    .bind(version_id)
    .bind(assigned_by)
    .bind(due_at)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(id)
}

/// Records an administrator's assignment (and due date) on an existing enrolment.
pub async fn set_assignment(db: &Db, enrolment_id: &str, assigned_by: &str, due_at: Option<i64>) -> StorageResult<()> {
    sqlx::query("UPDATE enrolments SET assigned_by = $1, due_at = $2 WHERE id = $3")
        .bind(assigned_by)
        .bind(due_at)
        .bind(enrolment_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn enrolment(db: &Db, user_id: &str, course_slug: &str) -> StorageResult<Option<EnrolmentRow>> {
    let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments WHERE user_id = $1 AND course_slug = $2");
    Ok(sqlx::query_as::<_, EnrolmentRow>(&sql).bind(user_id).bind(course_slug).fetch_optional(db.pool()).await?)
}

pub async fn enrolments_of(db: &Db, user_id: &str) -> StorageResult<Vec<EnrolmentRow>> {
    let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments WHERE user_id = $1 ORDER BY enrolled_at, course_slug");
    Ok(sqlx::query_as::<_, EnrolmentRow>(&sql).bind(user_id).fetch_all(db.pool()).await?)
}

pub async fn enrolments_in(db: &Db, course_slug: &str) -> StorageResult<Vec<EnrolmentRow>> {
    let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments WHERE course_slug = $1 ORDER BY enrolled_at");
    Ok(sqlx::query_as::<_, EnrolmentRow>(&sql).bind(course_slug).fetch_all(db.pool()).await?)
}

/// Takes the enrolment's row lock for the rest of the transaction. Every change to a learner's
/// progress starts with this, so two changes to one enrolment (an answer and a "mark as read" at
/// the same moment) run one after the other and the second sees the first when it decides
/// whether the course is now complete. Returns false if there is no such enrolment.
pub async fn lock_enrolment(conn: &mut AnyConnection, enrolment_id: &str) -> StorageResult<bool> {
    let result = sqlx::query("UPDATE enrolments SET enrolled_at = enrolled_at WHERE id = $1")
        .bind(enrolment_id)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn insert_read(conn: &mut AnyConnection, enrolment_id: &str, module_id: &str) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO module_reads (enrolment_id, module_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (enrolment_id, module_id) DO NOTHING",
    )
    .bind(enrolment_id)
    .bind(module_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn read_modules(conn: &mut AnyConnection, enrolment_id: &str) -> StorageResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT module_id FROM module_reads WHERE enrolment_id = $1")
        .bind(enrolment_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn attempts(conn: &mut AnyConnection, enrolment_id: &str) -> StorageResult<Vec<AttemptRow>> {
    let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM quiz_attempts WHERE enrolment_id = $1 ORDER BY module_id, attempt_number");
    Ok(sqlx::query_as::<_, AttemptRow>(&sql).bind(enrolment_id).fetch_all(&mut *conn).await?)
}

/// Opens attempt `attempt_number`; a number already taken fails with `UniqueViolation`.
pub async fn insert_attempt(
    conn: &mut AnyConnection,
    enrolment_id: &str,
    module_id: &str,
    attempt_number: i64,
    max_points: i64,
) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO quiz_attempts (id, enrolment_id, module_id, attempt_number, started_at, max_points) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(enrolment_id)
    .bind(module_id)
    .bind(attempt_number)
    .bind(now())
    .bind(max_points)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Stores an answer unless the question was already answered in this attempt; returns whether
/// this call stored it.
pub async fn insert_answer(
    conn: &mut AnyConnection,
    attempt_id: &str,
    question_id: &str,
    selected_json: &str,
    correct: bool,
    points: i64,
) -> StorageResult<bool> {
    let result = sqlx::query(
        "INSERT INTO quiz_answers (attempt_id, question_id, selected, correct, points, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (attempt_id, question_id) DO NOTHING",
    )
    .bind(attempt_id)
    .bind(question_id)
    .bind(selected_json)
    .bind(i64::from(correct))
    .bind(points)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn answers(conn: &mut AnyConnection, attempt_id: &str) -> StorageResult<Vec<AnswerRow>> {
    Ok(sqlx::query_as::<_, AnswerRow>(
        "SELECT question_id, selected, correct, points, answered_at FROM quiz_answers WHERE attempt_id = $1",
    )
    .bind(attempt_id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn finish_attempt(conn: &mut AnyConnection, attempt_id: &str, points: i64, passed: bool) -> StorageResult<()> {
    sqlx::query("UPDATE quiz_attempts SET finished_at = $1, points = $2, passed = $3 WHERE id = $4 AND finished_at IS NULL")
        .bind(now())
        .bind(points)
        .bind(i64::from(passed))
        .bind(attempt_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn plays(conn: &mut AnyConnection, enrolment_id: &str) -> StorageResult<Vec<PlayRow>> {
    let sql = format!("SELECT {PLAY_COLUMNS} FROM scenario_plays WHERE enrolment_id = $1 ORDER BY scenario_id, play_number");
    Ok(sqlx::query_as::<_, PlayRow>(&sql).bind(enrolment_id).fetch_all(&mut *conn).await?)
}

pub struct NewPlay<'a> {
    pub enrolment_id: &'a str,
    pub module_id: &'a str,
    pub scenario_id: &'a str,
    pub play_number: i64,
    pub node: &'a str,
    pub path_json: &'a str,
    pub finished: Option<(&'a str, i64)>,
}

/// Starts play `play_number`; a number already taken fails with `UniqueViolation`.
pub async fn insert_play(conn: &mut AnyConnection, play: NewPlay<'_>) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let started_at = now();
    sqlx::query(
        "INSERT INTO scenario_plays (id, enrolment_id, module_id, scenario_id, play_number, node, score, path, \
         started_at, finished_at, ending_id, points) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(play.enrolment_id)
    .bind(play.module_id)
    .bind(play.scenario_id)
    .bind(play.play_number)
    .bind(play.node)
    .bind(play.path_json)
    .bind(started_at)
    .bind(play.finished.map(|_| started_at))
    .bind(play.finished.map(|(ending, _)| ending))
    .bind(play.finished.map(|(_, points)| points))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Records a choice at `position` (the number of choices made before it); a position already
/// taken (the choice was made already) fails with `UniqueViolation`.
pub async fn insert_choice(conn: &mut AnyConnection, play_id: &str, position: i64, step_id: &str, choice_index: i64) -> StorageResult<()> {
    sqlx::query("INSERT INTO scenario_choices (play_id, position, step_id, choice_index, chosen_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(play_id)
        .bind(position)
        .bind(step_id)
        .bind(choice_index)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub struct PlayMove<'a> {
    pub node: &'a str,
    pub score: i64,
    pub path_json: &'a str,
    pub ending: Option<(&'a str, i64)>,
}

pub async fn move_play(conn: &mut AnyConnection, play_id: &str, to: PlayMove<'_>) -> StorageResult<()> {
    let finished_at = to.ending.map(|_| now());
    sqlx::query(
        "UPDATE scenario_plays SET node = $1, score = $2, path = $3, finished_at = $4, ending_id = $5, points = $6 \
         WHERE id = $7",
    )
    .bind(to.node)
    .bind(to.score)
    .bind(to.path_json)
    .bind(finished_at)
    .bind(to.ending.map(|(ending, _)| ending))
    .bind(to.ending.map(|(_, points)| points))
    .bind(play_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn choices(conn: &mut AnyConnection, play_id: &str) -> StorageResult<Vec<ChoiceRow>> {
    Ok(sqlx::query_as::<_, ChoiceRow>(
        "SELECT position, step_id, choice_index FROM scenario_choices WHERE play_id = $1 ORDER BY position",
    )
    .bind(play_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Records the completion unless it is already recorded; returns whether this call did.
pub async fn insert_completion(conn: &mut AnyConnection, enrolment: &EnrolmentRow, points: i64, max_points: i64) -> StorageResult<bool> {
    let result = sqlx::query(
        "INSERT INTO completions (enrolment_id, user_id, course_slug, version_id, points, max_points, completed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (enrolment_id) DO NOTHING",
    )
    .bind(&enrolment.id)
    .bind(&enrolment.user_id)
    .bind(&enrolment.course_slug)
    .bind(&enrolment.version_id)
    .bind(points)
    .bind(max_points)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn completion(db: &Db, enrolment_id: &str) -> StorageResult<Option<CompletionRow>> {
    Ok(sqlx::query_as::<_, CompletionRow>(
        "SELECT enrolment_id, course_slug, version_id, points, max_points, completed_at FROM completions WHERE enrolment_id = $1",
    )
    .bind(enrolment_id)
    .fetch_optional(db.pool())
    .await?)
}

/// The courses a learner has completed (any version), by slug.
pub async fn completed_slugs(db: &Db, user_id: &str) -> StorageResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT course_slug FROM completions WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(|(slug,)| slug).collect())
}

/// For trainers: how many enrolments a course has and how many are complete.
pub async fn course_counts(db: &Db, course_slug: &str) -> StorageResult<(i64, i64)> {
    let (enrolled,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE course_slug = $1")
        .bind(course_slug)
        .fetch_one(db.pool())
        .await?;
    let (completed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM completions WHERE course_slug = $1")
        .bind(course_slug)
        .fetch_one(db.pool())
        .await?;
    Ok((enrolled, completed))
}

/// For trainers: per question, how many answers and the average points, over every attempt.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct QuestionStatRow {
    pub module_id: String,
    pub question_id: String,
    pub answers: i64,
    pub correct: i64,
}

pub async fn question_stats(db: &Db, course_slug: &str) -> StorageResult<Vec<QuestionStatRow>> {
    Ok(sqlx::query_as::<_, QuestionStatRow>(
        "SELECT a.module_id, q.question_id, COUNT(*) AS answers, CAST(SUM(q.correct) AS BIGINT) AS correct \
         FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE e.course_slug = $1 GROUP BY a.module_id, q.question_id ORDER BY a.module_id, q.question_id",
    )
    .bind(course_slug)
    .fetch_all(db.pool())
    .await?)
}

/// For trainers: per scenario step and option, how many choices were made (each learner's
/// first play only, so replays do not outweigh first instincts).
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct ChoiceStatRow {
    pub scenario_id: String,
    pub step_id: String,
    pub choice_index: i64,
    pub times: i64,
}

pub async fn choice_stats(db: &Db, course_slug: &str) -> StorageResult<Vec<ChoiceStatRow>> {
    Ok(sqlx::query_as::<_, ChoiceStatRow>(
        "SELECT p.scenario_id, c.step_id, c.choice_index, COUNT(*) AS times \
         FROM scenario_choices c JOIN scenario_plays p ON p.id = c.play_id JOIN enrolments e ON e.id = p.enrolment_id \
         WHERE e.course_slug = $1 AND p.play_number = 1 \
         GROUP BY p.scenario_id, c.step_id, c.choice_index ORDER BY p.scenario_id, c.step_id, c.choice_index",
    )
    .bind(course_slug)
    .fetch_all(db.pool())
    .await?)
}
