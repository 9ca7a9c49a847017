//! Sign-in sessions, kept in the database so any app instance can serve any request.
//! Only a hash of the cookie's token is stored: a leaked database does not sign anyone in.

use super::{Db, StorageResult};
use crate::domain::roles::Role;

#[derive(Clone, Debug)]
pub struct SessionOwner {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub preferred_language: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    /// Sorted.
    pub roles: Vec<Role>,
}

/// One row of the session lookup: the owner, with one of their roles (none when they have none).
#[derive(sqlx::FromRow)]
struct SessionOwnerRow {
    user_id: String,
    email: String,
    name: String,
    preferred_language: Option<String>,
    organisation_id: Option<String>,
    organisation_name: Option<String>,
    role: Option<String>,
}

pub async fn insert_session(db: &Db, token_hash: &str, user_id: &str, created_at: i64, expires_at: i64) -> StorageResult<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(created_at)
        .bind(expires_at)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The person a live session belongs to; an expired session, or one of a deactivated person,
/// finds nobody.
pub async fn find_session_owner(db: &Db, token_hash: &str, now: i64) -> StorageResult<Option<SessionOwner>> {
    // Every request asks this, so the person and their roles come in one statement: a row per role.
    let rows: Vec<SessionOwnerRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.name, u.preferred_language, u.organisation_id, o.name AS organisation_name, r.role \
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN organisations o ON o.id = u.organisation_id \
         LEFT JOIN user_roles r ON r.user_id = u.id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deactivated_at IS NULL",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let mut roles: Vec<Role> = rows.iter().filter_map(|row| row.role.as_deref().and_then(Role::from_code)).collect();
    roles.sort();
    Ok(rows.into_iter().next().map(|row| SessionOwner {
        user_id: row.user_id,
        email: row.email,
        name: row.name,
        preferred_language: row.preferred_language,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_name,
        roles,
    }))
}

pub async fn delete_session(db: &Db, token_hash: &str) -> StorageResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(db.pool()).await?;
    Ok(())
}

/// Ends every other session of a person, e.g. after a password change.
pub async fn delete_other_sessions(db: &Db, user_id: &str, keep_token_hash: &str) -> StorageResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_token_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn delete_expired_sessions(db: &Db, now: i64) -> StorageResult<u64> {
    let result = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(db.pool()).await?;
    Ok(result.rows_affected())
}
