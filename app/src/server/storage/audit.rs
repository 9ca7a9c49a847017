//! The audit log's table. The application only ever inserts into it and reads it: there is no
//! update and no delete here, except clearing a failed sign-in's typed address when that person
//! is erased.

use super::{Db, StorageResult, now};
use crate::domain::audit::AuditAction;

/// One thing that happened, as recorded.
#[derive(Clone, Debug, Default)]
pub struct NewAuditEvent<'a> {
    pub actor_id: Option<&'a str>,
    pub subject_user_id: Option<&'a str>,
    pub subject_email: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
    /// Facts an administrator needs to read the event (the roles before and after, the report's
    /// filters, a certificate's code), never secrets or passwords.
    pub detail: &'a str,
    pub client_address: Option<&'a str>,
}

/// Appends an event, inside the caller's transaction (`executor`) when the event belongs to a
/// change, so that the change and its record are stored together or not at all.
pub async fn insert<'e, E>(executor: E, action: AuditAction, event: &NewAuditEvent<'_>) -> StorageResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_events (id, occurred_at, action, actor_id, subject_user_id, subject_email, organisation_id, detail, client_address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(now())
    .bind(action.code())
    .bind(event.actor_id)
    .bind(event.subject_user_id)
    .bind(event.subject_email)
    .bind(event.organisation_id)
    .bind(event.detail)
    .bind(event.client_address)
    .execute(executor)
    .await?;
    Ok(())
}

/// Appends an event on its own (sign-ins, exports: events that change nothing else).
pub async fn record(db: &Db, action: AuditAction, event: &NewAuditEvent<'_>) -> StorageResult<()> {
    insert(db.pool(), action, event).await
}
