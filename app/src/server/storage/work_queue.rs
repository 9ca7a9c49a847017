//! Work claimed through the database (issue 15): the email outbox and the xAPI statements wait
//! in tables with the same delivery columns (`attempts`, `next_attempt_at`, `claimed_until`,
//! `sent_at`, `failed_at`, `last_error`), and every worker of every instance takes its share of
//! them in the same way, written once here.
//!
//! Claiming is a conditional `UPDATE` of one row (`claimed_until` still in the past), so that of
//! two instances polling at the same moment exactly one gets each row, on SQLite and on
//! PostgreSQL alike, without engine-specific `SKIP LOCKED`. A worker that dies mid-send leaves
//! its claim to expire, and another sends the row again: delivery is at least once, which is
//! why what is sent carries its own identity (a Message-ID, a statement id).

use super::{Db, StorageResult};

/// A table of work. The name is never taken from input: these are the only tables claimed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// `outbox`: email.
    Email,
    /// `xapi_statements`: statements for the learning record store.
    Xapi,
}

impl Queue {
    fn table(self) -> &'static str {
        match self {
            Queue::Email => "outbox",
            Queue::Xapi => "xapi_statements",
        }
    }
}

/// Claims up to `limit` due rows until `now + lease_seconds` and returns their ids: each one is
/// this caller's alone until then (or until it is marked), however many instances claim at once.
pub async fn claim_due(db: &Db, queue: Queue, now: i64, lease_seconds: i64, limit: i64) -> StorageResult<Vec<String>> {
    let table = queue.table();
    let candidates: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT id FROM {table} WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND claimed_until <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let claim = format!("UPDATE {table} SET claimed_until = $1 WHERE id = $2 AND sent_at IS NULL AND failed_at IS NULL AND claimed_until <= $3");
    let mut claimed = Vec::with_capacity(candidates.len());
    for (id,) in candidates {
        let taken = sqlx::query(&claim).bind(now + lease_seconds).bind(&id).bind(now).execute(db.pool()).await?;
        if taken.rows_affected() == 1 {
            claimed.push(id);
        } // else another instance claimed it first
    }
    Ok(claimed)
}

/// Gives a claimed row back unsent (the worker is stopping), for any worker to take now.
pub async fn release(db: &Db, queue: Queue, id: &str) -> StorageResult<()> {
    sqlx::query(&format!("UPDATE {} SET claimed_until = 0 WHERE id = $1 AND sent_at IS NULL", queue.table()))
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A failed try, to be tried again from `retry_at`. `error` is the other server's answer, for
/// the log and whoever reads the table; never shown to users.
pub async fn retry_later(db: &Db, queue: Queue, id: &str, retry_at: i64, error: &str) -> StorageResult<()> {
    sqlx::query(&format!(
        "UPDATE {} SET attempts = attempts + 1, next_attempt_at = $1, claimed_until = 0, last_error = $2 WHERE id = $3",
        queue.table()
    ))
    .bind(retry_at)
    .bind(error)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}
