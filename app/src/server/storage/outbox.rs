//! The email outbox (issue 15): messages written in the transaction of what they tell about,
//! claimed by one worker at a time through the database, and marked sent or given up. Also the
//! rows the worker computes reminders from.
//!
//! Claiming and retrying are `work_queue`'s, shared with the xAPI statements.

use super::work_queue::{self, Queue};
use super::{Db, StorageResult};
use crate::domain::roles::Role;
use sqlx::{AnyConnection, FromRow};

/// A message to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMail {
    /// Unique: a second message with the same key is not stored (see `domain::email`).
    pub dedup_key: String,
    pub kind: &'static str,
    pub user_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// Stores `mail` unless one with its key exists already; true if it was stored.
pub async fn enqueue(conn: &mut AnyConnection, mail: &NewMail, now: i64) -> StorageResult<bool> {
    let stored = sqlx::query(
        "INSERT INTO outbox (id, dedup_key, kind, user_id, recipient, subject, body_text, body_html, created_at, \
         attempts, next_attempt_at, claimed_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $9, 0) \
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(&mail.dedup_key)
    .bind(mail.kind)
    .bind(mail.user_id.as_deref())
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(&mail.body_html)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(stored.rows_affected() == 1)
}

/// Drops the person's unsent messages of `kind`: an invitation replaced by a newer one carries
/// a link that no longer works.
pub async fn cancel_unsent(conn: &mut AnyConnection, user_id: &str, kinds: &[&str]) -> StorageResult<()> {
    for kind in kinds {
        sqlx::query("DELETE FROM outbox WHERE user_id = $1 AND kind = $2 AND sent_at IS NULL AND failed_at IS NULL")
            .bind(user_id)
            .bind(*kind)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A claimed message, to send.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ClaimedMail {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// Tries made before this one.
    pub attempts: i64,
}

/// Claims up to `limit` due messages until `now + lease_seconds` (see `work_queue`).
pub async fn claim_due(db: &Db, now: i64, lease_seconds: i64, limit: i64) -> StorageResult<Vec<ClaimedMail>> {
    let mut claimed = Vec::new();
    for id in work_queue::claim_due(db, Queue::Email, now, lease_seconds, limit).await? {
        let mail = sqlx::query_as("SELECT id, kind, recipient, subject, body_text, body_html, attempts FROM outbox WHERE id = $1")
            .bind(&id)
            .fetch_one(db.pool())
            .await?;
        claimed.push(mail);
    }
    Ok(claimed)
}

/// Gives a claimed message back unsent (the worker is stopping), for any worker to take now.
pub async fn release(db: &Db, id: &str) -> StorageResult<()> {
    work_queue::release(db, Queue::Email, id).await
}

/// Sent: the subject and bodies (which may hold a one-time link) are not kept.
pub async fn mark_sent(db: &Db, id: &str, now: i64) -> StorageResult<()> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, claimed_until = 0, subject = '', body_text = '', body_html = '', \
         last_error = NULL WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A failed try: tried again from `retry_at`, or, with `None`, given up (and blanked as if sent).
/// `error` is the mail server's answer, for the log and whoever reads the table; never shown
/// to users.
pub async fn mark_failed(db: &Db, id: &str, now: i64, retry_at: Option<i64>, error: &str) -> StorageResult<()> {
    if let Some(retry_at) = retry_at {
        return work_queue::retry_later(db, Queue::Email, id, retry_at, error).await;
    }
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, failed_at = $1, claimed_until = 0, last_error = $2, \
         subject = '', body_text = '', body_html = '' WHERE id = $3",
    )
    .bind(now)
    .bind(error)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Where a message stands, for tests and for an operator's `SELECT`.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct OutboxEntry {
    pub dedup_key: String,
    pub kind: String,
    pub user_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

/// Every message, oldest first.
pub async fn entries(db: &Db) -> StorageResult<Vec<OutboxEntry>> {
    Ok(sqlx::query_as(
        "SELECT dedup_key, kind, user_id, recipient, subject, attempts, next_attempt_at, sent_at, failed_at, last_error \
         FROM outbox ORDER BY created_at, id",
    )
    .fetch_all(db.pool())
    .await?)
}

/// Who a message goes to: address, name and chosen language (`None`: never chosen).
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Recipient {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub preferred_language: Option<String>,
}

/// The person as a recipient, unless deactivated or erased.
pub async fn recipient(db: &Db, user_id: &str) -> StorageResult<Option<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT id AS user_id, email, name, preferred_language FROM users WHERE id = $1 AND deactivated_at IS NULL AND erased_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?)
}

/// An unfinished assignment with a due date, and its learner.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct DueAssignment {
    pub enrolment_id: String,
    pub course_slug: String,
    pub due_at: i64,
    #[sqlx(flatten)]
    pub learner: Recipient,
}

/// Current, uncompleted enrolments due in `after < due_at <= up_to`, of active people.
pub async fn due_assignments(db: &Db, after: i64, up_to: i64) -> StorageResult<Vec<DueAssignment>> {
    Ok(sqlx::query_as(
        "SELECT e.id AS enrolment_id, e.course_slug, e.due_at, u.id AS user_id, u.email, u.name, u.preferred_language \
         FROM enrolments e JOIN users u ON u.id = e.user_id \
         WHERE e.due_at > $1 AND e.due_at <= $2 AND e.ended_at IS NULL AND e.completed_at IS NULL \
         AND u.deactivated_at IS NULL AND u.erased_at IS NULL ORDER BY e.due_at, e.id",
    )
    .bind(after)
    .bind(up_to)
    .fetch_all(db.pool())
    .await?)
}

/// A valid certificate that will expire, and its holder.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ExpiringCertificate {
    pub certificate_id: String,
    pub course_slug: String,
    pub expires_at: i64,
    #[sqlx(flatten)]
    pub holder: Recipient,
}

/// Certificates neither revoked nor superseded, expiring in `after < expires_at <= up_to`, of
/// active people.
pub async fn expiring_certificates(db: &Db, after: i64, up_to: i64) -> StorageResult<Vec<ExpiringCertificate>> {
    Ok(sqlx::query_as(
        "SELECT z.id AS certificate_id, z.course_slug, z.expires_at, u.id AS user_id, u.email, u.name, u.preferred_language \
         FROM certificates z JOIN users u ON u.id = z.user_id \
         WHERE z.expires_at > $1 AND z.expires_at <= $2 AND z.revoked_at IS NULL AND z.superseded_by IS NULL \
         AND u.deactivated_at IS NULL AND u.erased_at IS NULL ORDER BY z.expires_at, z.id",
    )
    .bind(after)
    .bind(up_to)
    .fetch_all(db.pool())
    .await?)
}

/// The active platform administrators, who approve certificates.
pub async fn approving_administrators(db: &Db) -> StorageResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.name, u.preferred_language FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = $1 AND u.deactivated_at IS NULL AND u.erased_at IS NULL ORDER BY u.created_at, u.id",
    )
    .bind(Role::Administrator.code())
    .fetch_all(db.pool())
    .await?)
}
