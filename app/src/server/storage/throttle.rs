//! Failed sign-in (and registration) counters, in the database so that every app instance sees
//! the same counts. Each try is reserved by one atomic statement before the password is checked,
//! so parallel guesses each get their own count and none slips past the limit.

use super::{Db, StorageResult};
use crate::domain::throttle::ThrottlePolicy;

/// What reserving a try found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// The try may go ahead; it is counted as a failure until `release`d.
    Granted,
    /// Too soon after the last failure: try again after this many seconds.
    Wait { seconds: i64 },
}

/// The SQL form of [`ThrottlePolicy::wait_after`] for the failure count `n` (an SQL expression),
/// with the policy's numbers bound as $3 (free), $4 (first wait) and $5 (doublings). Shifts and
/// CASE are portable; MIN and LEAST are not.
fn wait_after_sql(n: &str) -> String {
    format!(
        "CASE WHEN {n} < $3 THEN 0 WHEN {n} - $3 >= $5 THEN $4 * (1 << CAST($5 AS INTEGER)) \
         ELSE $4 * (1 << CAST({n} - $3 AS INTEGER)) END"
    )
}

/// Counts one more try under `key` unless its wait has not passed; a key quiet for the policy's
/// forgetting time starts again from one.
pub async fn reserve(db: &Db, key: &str, policy: ThrottlePolicy, now: i64) -> StorageResult<Reservation> {
    let forgotten = "login_throttle.last_failure_at < $2 - $6";
    let next = format!("CASE WHEN {forgotten} THEN 1 ELSE login_throttle.failures + 1 END");
    let sql = format!(
        "INSERT INTO login_throttle (throttle_key, failures, last_failure_at, next_allowed_at) VALUES ($1, 1, $2, $2 + {first}) \
         ON CONFLICT (throttle_key) DO UPDATE SET failures = {next}, last_failure_at = $2, next_allowed_at = $2 + {wait} \
         WHERE login_throttle.next_allowed_at <= $2 OR {forgotten} \
         RETURNING failures",
        first = wait_after_sql("1"),
        wait = wait_after_sql(&next),
    );
    let granted: Option<(i64,)> = sqlx::query_as(&sql)
        .bind(key)
        .bind(now)
        .bind(policy.free_failures)
        .bind(policy.first_wait_seconds)
        .bind(policy.max_doublings)
        .bind(policy.forget_after_seconds)
        .fetch_optional(db.pool())
        .await?;
    if granted.is_some() {
        return Ok(Reservation::Granted);
    }
    let (next_allowed_at,): (i64,) =
        sqlx::query_as("SELECT next_allowed_at FROM login_throttle WHERE throttle_key = $1").bind(key).fetch_one(db.pool()).await?;
    Ok(Reservation::Wait { seconds: (next_allowed_at - now).max(1) })
}

/// Takes back a reserved try that turned out not to be a failure (a right password, from an
/// address shared with others). The wait already set stays: it was earned by earlier failures.
pub async fn release(db: &Db, key: &str) -> StorageResult<()> {
    sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets a key: a person who signed in is no longer guessed at.
pub async fn clear(db: &Db, key: &str) -> StorageResult<()> {
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1").bind(key).execute(db.pool()).await?;
    Ok(())
}

/// Removes keys quiet for longer than `older_than` seconds, so that guesses at made-up accounts
/// do not grow the table for ever.
pub async fn purge(db: &Db, now: i64, older_than: i64) -> StorageResult<u64> {
    let result = sqlx::query("DELETE FROM login_throttle WHERE last_failure_at < $1 AND next_allowed_at < $2")
        .bind(now - older_than)
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}
