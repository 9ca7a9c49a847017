//! What learners do inside an enrolment: modules read, quiz attempts and their answers, scenario
//! plays and their choices. Rows come out typed (booleans, parsed lists), so services never see
//! how a database encodes them.
//!
//! Functions that belong inside the learning service's transactions take a connection
//! (`&mut *tx`), so one transaction can record an answer, finish the attempt and record a
//! completion together.

use super::summaries;
use super::{StorageError, StorageResult, now};
use sqlx::{AnyConnection, FromRow};

/// One attempt at the questions of one module. `points` and `passed` count once it is finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub id: String,
    pub enrolment_id: String,
    pub module_id: String,
    pub attempt_number: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub points: i64,
    pub max_points: i64,
    pub passed: bool,
}

impl Attempt {
    pub fn is_open(&self) -> bool {
        self.finished_at.is_none()
    }
}

/// An attempt as stored; also built by `activity_rows` from its union's columns.
#[derive(FromRow)]
pub(super) struct AttemptRow {
    pub(super) id: String,
    pub(super) enrolment_id: String,
    pub(super) module_id: String,
    pub(super) attempt_number: i64,
    pub(super) started_at: i64,
    pub(super) finished_at: Option<i64>,
    pub(super) points: Option<i64>,
    pub(super) max_points: i64,
    pub(super) passed: Option<i64>,
}

impl From<AttemptRow> for Attempt {
    fn from(row: AttemptRow) -> Self {
        Attempt {
            id: row.id,
            enrolment_id: row.enrolment_id,
            module_id: row.module_id,
            attempt_number: row.attempt_number,
            started_at: row.started_at,
            finished_at: row.finished_at,
            points: row.points.unwrap_or(0),
            max_points: row.max_points,
            passed: row.passed == Some(1),
        }
    }
}

const ATTEMPTS: &str =
    "SELECT id, enrolment_id, module_id, attempt_number, started_at, finished_at, points, max_points, passed FROM quiz_attempts";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub question_id: String,
    /// The chosen options, by position.
    pub selected: Vec<usize>,
    pub correct: bool,
    pub points: i64,
    pub answered_at: i64,
}

#[derive(FromRow)]
pub(super) struct AnswerRow {
    pub(super) question_id: String,
    pub(super) selected: String,
    pub(super) correct: i64,
    pub(super) points: i64,
    pub(super) answered_at: i64,
}

impl TryFrom<AnswerRow> for Answer {
    type Error = StorageError;
    fn try_from(row: AnswerRow) -> Result<Self, StorageError> {
        Ok(Answer {
            selected: serde_json::from_str(&row.selected).map_err(|e| StorageError::Corrupt(e.to_string()))?,
            question_id: row.question_id,
            correct: row.correct != 0,
            points: row.points,
            answered_at: row.answered_at,
        })
    }
}

/// One play of a scenario: where the learner stands, and the ending once reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Play {
    pub id: String,
    pub enrolment_id: String,
    pub module_id: String,
    pub scenario_id: String,
    pub play_number: i64,
    pub node: String,
    pub score: i64,
    /// The node ids visited, in order.
    pub path: Vec<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub ending_id: Option<String>,
    pub points: i64,
}

impl Play {
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }
}

/// A play as stored; also built by `activity_rows` from its union's columns.
#[derive(FromRow)]
pub(super) struct PlayRow {
    pub(super) id: String,
    pub(super) enrolment_id: String,
    pub(super) module_id: String,
    pub(super) scenario_id: String,
    pub(super) play_number: i64,
    pub(super) node: String,
    pub(super) score: i64,
    pub(super) path: String,
    pub(super) started_at: i64,
    pub(super) finished_at: Option<i64>,
    pub(super) ending_id: Option<String>,
    pub(super) points: Option<i64>,
}

impl TryFrom<PlayRow> for Play {
    type Error = StorageError;
    fn try_from(row: PlayRow) -> Result<Self, StorageError> {
        Ok(Play {
            path: serde_json::from_str(&row.path).map_err(|e| StorageError::Corrupt(e.to_string()))?,
            id: row.id,
            enrolment_id: row.enrolment_id,
            module_id: row.module_id,
            scenario_id: row.scenario_id,
            play_number: row.play_number,
            node: row.node,
            score: row.score,
            started_at: row.started_at,
            finished_at: row.finished_at,
            ending_id: row.ending_id,
            points: row.points.unwrap_or(0),
        })
    }
}

const PLAYS: &str = "SELECT id, enrolment_id, module_id, scenario_id, play_number, node, score, path, started_at, \
                     finished_at, ending_id, points FROM scenario_plays";

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Choice {
    pub position: i64,
    pub step_id: String,
    pub choice_index: i64,
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
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
    mark_started(conn, enrolment_id).await
}

/// Records that the learner has begun the enrolment (a read, an attempt or a play), unless that
/// is already recorded: the completion report counts started enrolments from this column.
async fn mark_started(conn: &mut AnyConnection, enrolment_id: &str) -> StorageResult<()> {
    sqlx::query("UPDATE enrolments SET started_at = $1 WHERE id = $2 AND started_at IS NULL")
        .bind(now())
        .bind(enrolment_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The attempts at one module's quiz in one enrolment, oldest first.
pub async fn module_attempts(conn: &mut AnyConnection, enrolment_id: &str, module_id: &str) -> StorageResult<Vec<Attempt>> {
    let sql = format!("{ATTEMPTS} WHERE enrolment_id = $1 AND module_id = $2 ORDER BY attempt_number");
    let rows: Vec<AttemptRow> = sqlx::query_as(&sql).bind(enrolment_id).bind(module_id).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(Attempt::from).collect())
}

/// Opens attempt `attempt_number`, with the seed of its draw for a graded assessment; a number
/// already taken fails with `UniqueViolation`.
pub async fn insert_attempt(
    conn: &mut AnyConnection,
    enrolment_id: &str,
    module_id: &str,
    attempt_number: i64,
    max_points: i64,
    seed: Option<i64>,
) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO quiz_attempts (id, enrolment_id, module_id, attempt_number, started_at, max_points, seed) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(enrolment_id)
    .bind(module_id)
    .bind(attempt_number)
    .bind(now())
    .bind(max_points)
    .bind(seed)
    .execute(&mut *conn)
    .await?;
    mark_started(conn, enrolment_id).await?;
    Ok(id)
}

/// Stores an answer unless the question was already answered in this attempt; returns whether
/// this call stored it.
pub async fn insert_answer(conn: &mut AnyConnection, attempt_id: &str, answer: &Answer) -> StorageResult<bool> {
    let result = sqlx::query(
        "INSERT INTO quiz_answers (attempt_id, question_id, selected, correct, points, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (attempt_id, question_id) DO NOTHING",
    )
    .bind(attempt_id)
    .bind(&answer.question_id)
    .bind(to_json(&answer.selected))
    .bind(i64::from(answer.correct))
    .bind(answer.points)
    .bind(answer.answered_at)
    .execute(&mut *conn)
    .await?;
    let stored = result.rows_affected() == 1;
    if stored {
        summaries::count_answer(conn, attempt_id, &answer.question_id, answer.correct).await?;
    }
    Ok(stored)
}

/// The answers given in an attempt so far.
pub async fn answers(conn: &mut AnyConnection, attempt_id: &str) -> StorageResult<Vec<Answer>> {
    let rows: Vec<AnswerRow> = sqlx::query_as(
        "SELECT question_id, selected, correct, points, answered_at FROM quiz_answers WHERE attempt_id = $1",
    )
    .bind(attempt_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(Answer::try_from).collect()
}

/// Finishes an open attempt, and keeps the enrolment's best graded score (`summaries`).
pub async fn finish_attempt(conn: &mut AnyConnection, attempt_id: &str, points: i64, passed: bool) -> StorageResult<()> {
    sqlx::query("UPDATE quiz_attempts SET finished_at = $1, points = $2, passed = $3 WHERE id = $4 AND finished_at IS NULL")
        .bind(now())
        .bind(points)
        .bind(i64::from(passed))
        .bind(attempt_id)
        .execute(&mut *conn)
        .await?;
    summaries::keep_best_graded_score(conn, attempt_id).await
}

/// The plays of one scenario in one enrolment, oldest first.
pub async fn scenario_plays(conn: &mut AnyConnection, enrolment_id: &str, scenario_id: &str) -> StorageResult<Vec<Play>> {
    let sql = format!("{PLAYS} WHERE enrolment_id = $1 AND scenario_id = $2 ORDER BY play_number");
    let rows: Vec<PlayRow> = sqlx::query_as(&sql).bind(enrolment_id).bind(scenario_id).fetch_all(&mut *conn).await?;
    rows.into_iter().map(Play::try_from).collect()
}

pub struct NewPlay<'a> {
    pub enrolment_id: &'a str,
    pub module_id: &'a str,
    pub scenario_id: &'a str,
    pub play_number: i64,
    pub node: &'a str,
    pub path: &'a [String],
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
    .bind(to_json(&play.path))
    .bind(started_at)
    .bind(play.finished.map(|_| started_at))
    .bind(play.finished.map(|(ending, _)| ending))
    .bind(play.finished.map(|(_, points)| points))
    .execute(&mut *conn)
    .await?;
    mark_started(conn, play.enrolment_id).await?;
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
    summaries::count_first_play_choice(conn, play_id, step_id, choice_index).await
}

pub struct PlayMove<'a> {
    pub node: &'a str,
    pub score: i64,
    pub path: &'a [String],
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
    .bind(to_json(&to.path))
    .bind(finished_at)
    .bind(to.ending.map(|(ending, _)| ending))
    .bind(to.ending.map(|(_, points)| points))
    .bind(play_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn choices(conn: &mut AnyConnection, play_id: &str) -> StorageResult<Vec<Choice>> {
    Ok(sqlx::query_as::<_, Choice>(
        "SELECT position, step_id, choice_index FROM scenario_choices WHERE play_id = $1 ORDER BY position",
    )
    .bind(play_id)
    .fetch_all(&mut *conn)
    .await?)
}
