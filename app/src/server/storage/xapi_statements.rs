//! xAPI statements (issue 15): stored in the transaction of the learning event they tell about,
//! claimed and sent by the xAPI worker (claims and retries are `work_queue`'s), and read a page
//! at a time for administrators' exports.

use super::work_queue::{self, Queue};
use super::{Db, StorageResult};
use sqlx::{AnyConnection, FromRow};

/// A statement to store: its id is the statement's own, derived from the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStatement<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub user_id: &'a str,
    pub course_slug: &'a str,
    /// The statement as JSON.
    pub statement: &'a str,
    pub occurred_at: i64,
}

/// Stores the statement unless one with its id exists already (the same event recorded
/// again); true if it was stored.
pub async fn enqueue(conn: &mut AnyConnection, new: &NewStatement<'_>, now: i64) -> StorageResult<bool> {
    let stored = sqlx::query(
        "INSERT INTO xapi_statements (id, kind, user_id, course_slug, statement, occurred_at, created_at, recorded_at_us, attempts, \
         next_attempt_at, claimed_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $7, 0) ON CONFLICT (id) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.kind)
    .bind(new.user_id)
    .bind(new.course_slug)
    .bind(new.statement)
    .bind(new.occurred_at)
    .bind(now)
    .bind(micros_now())
    .execute(&mut *conn)
    .await?;
    Ok(stored.rows_affected() == 1)
}

/// Microseconds since 1970: orders the statements recorded within one second.
fn micros_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros() as i64)
}

/// A claimed statement, to send.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ClaimedStatement {
    pub id: String,
    pub kind: String,
    pub statement: String,
    /// Tries made before this one.
    pub attempts: i64,
}

/// Claims up to `limit` due statements until `now + lease_seconds`.
pub async fn claim_due(db: &Db, now: i64, lease_seconds: i64, limit: i64) -> StorageResult<Vec<ClaimedStatement>> {
    let mut claimed = Vec::new();
    for id in work_queue::claim_due(db, Queue::Xapi, now, lease_seconds, limit).await? {
        claimed.push(
            sqlx::query_as("SELECT id, kind, statement, attempts FROM xapi_statements WHERE id = $1").bind(&id).fetch_one(db.pool()).await?,
        );
    }
    Ok(claimed)
}

/// Gives a claimed statement back unsent (the worker is stopping).
pub async fn release(db: &Db, id: &str) -> StorageResult<()> {
    work_queue::release(db, Queue::Xapi, id).await
}

/// Delivered (or already held by the LRS).
pub async fn mark_sent(db: &Db, id: &str, now: i64) -> StorageResult<()> {
    sqlx::query("UPDATE xapi_statements SET sent_at = $1, attempts = attempts + 1, claimed_until = 0, last_error = NULL WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A failed try: tried again from `retry_at`, or, with `None`, given up. Unlike an email, a
/// statement given up is kept whole, for someone to inspect and, once the cause is fixed, send
/// again (by clearing `failed_at`).
pub async fn mark_failed(db: &Db, id: &str, now: i64, retry_at: Option<i64>, error: &str) -> StorageResult<()> {
    if let Some(retry_at) = retry_at {
        return work_queue::retry_later(db, Queue::Xapi, id, retry_at, error).await;
    }
    sqlx::query("UPDATE xapi_statements SET attempts = attempts + 1, failed_at = $1, claimed_until = 0, last_error = $2 WHERE id = $3")
        .bind(now)
        .bind(error)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Where a statement stands, for tests and for an operator's `SELECT`.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct StatementEntry {
    pub id: String,
    pub kind: String,
    pub user_id: String,
    pub course_slug: String,
    pub statement: String,
    pub occurred_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

const ENTRY_COLUMNS: &str =
    "id, kind, user_id, course_slug, statement, occurred_at, attempts, next_attempt_at, sent_at, failed_at, last_error";

/// Every statement, in the order they were recorded.
pub async fn entries(db: &Db) -> StorageResult<Vec<StatementEntry>> {
    Ok(sqlx::query_as(&format!("SELECT {ENTRY_COLUMNS} FROM xapi_statements ORDER BY recorded_at_us, id")).fetch_all(db.pool()).await?)
}

/// Whose statements an export covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportScope<'a> {
    Learner(&'a str),
    Course(&'a str),
}

/// Where the previous page ended: the last statement's recording time (microseconds) and id.
pub type PageEnd = (i64, String);

/// One page of the statements of `scope` after `after`, in the order they were recorded (the
/// order things happened): the statement JSON with its recording time and id. Keyset paging, so
/// a large export reads each row once.
pub async fn export_page(db: &Db, scope: ExportScope<'_>, after: Option<&PageEnd>, limit: i64) -> StorageResult<Vec<(String, i64, String)>> {
    let (column, value) = match scope {
        ExportScope::Learner(user_id) => ("user_id", user_id),
        ExportScope::Course(slug) => ("course_slug", slug),
    };
    let (after_time, after_id) = after.map_or((i64::MIN, ""), |(time, id)| (*time, id.as_str()));
    Ok(sqlx::query_as(&format!(
        "SELECT statement, recorded_at_us, id FROM xapi_statements WHERE {column} = $1 \
         AND (recorded_at_us > $2 OR (recorded_at_us = $2 AND id > $3)) ORDER BY recorded_at_us, id LIMIT $4"
    ))
    .bind(value)
    .bind(after_time)
    .bind(after_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}
