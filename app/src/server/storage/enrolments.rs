//! Learners' enrolments in courses and their completions. The learning service decides what to
//! write; these functions only read and write rows.
//!
//! Lists are read for an [`EnrolmentScope`] (one learner, one course, everyone, one enrolment),
//! so that a page showing many enrolments reads each table once, whatever their number.

use super::{Db, StorageResult, now, organisation_of_person};
use sqlx::{AnyConnection, FromRow};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Enrolment {
    pub id: String,
    pub user_id: String,
    pub course_slug: String,
    pub version_id: String,
    pub assigned_by: Option<String>,
    pub due_at: Option<i64>,
    pub enrolled_at: i64,
}

pub(super) const ENROLMENT_COLUMNS: &str = "id, user_id, course_slug, version_id, assigned_by, due_at, enrolled_at";

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Completion {
    pub enrolment_id: String,
    pub course_slug: String,
    pub version_id: String,
    pub points: i64,
    pub max_points: i64,
    pub completed_at: i64,
}

/// Whose enrolments a list covers. Lists cover current enrolments: one that ended when the
/// learner took the course again keeps its rows, reached only by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnrolmentScope<'a> {
    Enrolment(&'a str),
    Learner(&'a str),
    Course(&'a str),
    /// The learners of one organisation (by its id).
    Organisation(&'a str),
    Everyone,
}

impl EnrolmentScope<'_> {
    /// A condition on an enrolment id column, and the value bound to its `$1` if any.
    pub(super) fn condition(&self, column: &str) -> (String, Option<&str>) {
        match *self {
            EnrolmentScope::Enrolment(id) => (format!("{column} = $1"), Some(id)),
            EnrolmentScope::Learner(user_id) => {
                (format!("{column} IN (SELECT id FROM enrolments WHERE user_id = $1 AND ended_at IS NULL)"), Some(user_id))
            }
            EnrolmentScope::Course(slug) => {
                (format!("{column} IN (SELECT id FROM enrolments WHERE course_slug = $1 AND ended_at IS NULL)"), Some(slug))
            }
            EnrolmentScope::Organisation(organisation_id) => (
                format!(
                    "{column} IN (SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id \
                     WHERE u.organisation_id = $1 AND e.ended_at IS NULL)"
                ),
                Some(organisation_id),
            ),
            EnrolmentScope::Everyone => (format!("{column} IN (SELECT id FROM enrolments WHERE ended_at IS NULL)"), None),
        }
    }
}

/// Runs `SELECT … WHERE <scope on id_column> ORDER BY …` and maps the rows.
pub(super) async fn fetch_in_scope<T>(
    conn: &mut AnyConnection,
    select_from: &str,
    id_column: &str,
    scope: EnrolmentScope<'_>,
    order_by: &str,
) -> StorageResult<Vec<T>>
where
    T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let (condition, value) = scope.condition(id_column);
    let sql = format!("{select_from} WHERE {condition} ORDER BY {order_by}");
    let query = sqlx::query_as::<_, T>(&sql);
    let query = match value {
        Some(value) => query.bind(value.to_string()),
        None => query,
    };
    Ok(query.fetch_all(&mut *conn).await?)
}

/// Enrols outside any other change (fixtures, tests); see `insert_enrolment_in`.
pub async fn insert_enrolment(
    db: &Db,
    user_id: &str,
    course_slug: &str,
    version_id: &str,
    assigned_by: Option<&str>,
    due_at: Option<i64>,
) -> StorageResult<String> {
    let mut conn = db.pool().acquire().await?;
    insert_enrolment_in(&mut conn, user_id, course_slug, version_id, assigned_by, due_at).await
}

/// Enrols inside the caller's transaction (the learning service records the enrolment's xAPI
/// statement in the same one). Returns the new enrolment's id.
pub async fn insert_enrolment_in(
    conn: &mut AnyConnection,
    user_id: &str,
    course_slug: &str,
    version_id: &str,
    assigned_by: Option<&str>,
    due_at: Option<i64>,
) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let sql = format!(
        "INSERT INTO enrolments (id, user_id, course_slug, version_id, assigned_by, due_at, enrolled_at, organisation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, {})",
        organisation_of_person("$2")
    );
    sqlx::query(&sql)
    .bind(&id)
    .bind(user_id)
    .bind(course_slug)
    .bind(version_id)
    .bind(assigned_by)
    .bind(due_at)
    .bind(now())
    .execute(&mut *conn)
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

/// The learner's current enrolment in a course.
pub async fn enrolment(db: &Db, user_id: &str, course_slug: &str) -> StorageResult<Option<Enrolment>> {
    let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments WHERE user_id = $1 AND course_slug = $2 AND ended_at IS NULL");
    Ok(sqlx::query_as::<_, Enrolment>(&sql).bind(user_id).bind(course_slug).fetch_optional(db.pool()).await?)
}

/// The enrolments of a scope, oldest first.
pub async fn enrolments(conn: &mut AnyConnection, scope: EnrolmentScope<'_>) -> StorageResult<Vec<Enrolment>> {
    let select = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments");
    fetch_in_scope(conn, &select, "id", scope, "enrolled_at, course_slug").await
}

/// Ends a current enrolment and starts a new one on `version_id`, in the caller's transaction:
/// taking the course again. Returns the new enrolment's id, or None if the enrolment had already
/// ended (a repeated post).
pub async fn start_again(tx: &mut AnyConnection, current: &Enrolment, version_id: &str) -> StorageResult<Option<String>> {
    let ended = sqlx::query("UPDATE enrolments SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
        .bind(now())
        .bind(&current.id)
        .execute(&mut *tx)
        .await?;
    if ended.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(Some(insert_enrolment_in(tx, &current.user_id, &current.course_slug, version_id, None, None).await?))
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

/// Records the completion unless it is already recorded; returns whether this call did.
pub async fn insert_completion(conn: &mut AnyConnection, enrolment: &Enrolment, points: i64, max_points: i64) -> StorageResult<bool> {
    let completed_at = now();
    let sql = format!(
        "INSERT INTO completions (enrolment_id, user_id, course_slug, version_id, points, max_points, completed_at, organisation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, {}) ON CONFLICT (enrolment_id) DO NOTHING",
        organisation_of_person("$2")
    );
    let result = sqlx::query(&sql)
    .bind(&enrolment.id)
    .bind(&enrolment.user_id)
    .bind(&enrolment.course_slug)
    .bind(&enrolment.version_id)
    .bind(points)
    .bind(max_points)
    .bind(completed_at)
    .execute(&mut *conn)
    .await?;
    let recorded = result.rows_affected() == 1;
    if recorded {
        // The report's facts on the enrolment (migration 14): completed, and so started.
        sqlx::query("UPDATE enrolments SET completed_at = $1, started_at = COALESCE(started_at, $1) WHERE id = $2")
            .bind(completed_at)
            .bind(&enrolment.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(recorded)
}

/// The completions of a scope's enrolments.
pub async fn completions(conn: &mut AnyConnection, scope: EnrolmentScope<'_>) -> StorageResult<Vec<Completion>> {
    let select = "SELECT enrolment_id, course_slug, version_id, points, max_points, completed_at FROM completions";
    fetch_in_scope(conn, select, "enrolment_id", scope, "completed_at").await
}

/// The courses a learner has completed (any version), by slug.
pub async fn completed_slugs(db: &Db, user_id: &str) -> StorageResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT course_slug FROM completions WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(|(slug,)| slug).collect())
}
