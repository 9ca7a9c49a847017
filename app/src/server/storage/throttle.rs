//! Failed sign-in counters, in the database so that every app instance sees the same counts.

use super::{Db, StorageResult};
use crate::domain::throttle::FailureWindow;

pub async fn load_window(db: &Db, key: &str) -> StorageResult<Option<FailureWindow>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT failures, window_started_at FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(failures, window_started_at)| FailureWindow { failures, window_started_at }))
}

pub async fn save_window(db: &Db, key: &str, window: FailureWindow) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO login_failures (throttle_key, failures, window_started_at) VALUES ($1, $2, $3) \
         ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at",
    )
    .bind(key)
    .bind(window.failures)
    .bind(window.window_started_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn clear_window(db: &Db, key: &str) -> StorageResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1").bind(key).execute(db.pool()).await?;
    Ok(())
}
