//! Administrators' changes to a person's account: details, roles, deactivation, reactivation
//! and a fresh one-time link. Each change and its audit event are one transaction, so the log
//! never misses a change nor records one that did not happen.

use super::audit::{self, NewAuditEvent};
use super::{Db, StorageResult, now};
use crate::domain::audit::AuditAction;
use crate::domain::email::MailKind;
use crate::domain::roles::Role;
use sqlx::AnyConnection;

/// Saves a person's name, email and organisation. A taken email is `UniqueViolation`, an
/// unknown organisation `ForeignKeyViolation`, and nothing is saved or recorded.
pub async fn update_details(
    db: &Db,
    user_id: &str,
    name: &str,
    email: &str,
    organisation_id: Option<&str>,
    event: &NewAuditEvent<'_>,
) -> StorageResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET name = $1, email = $2, organisation_id = $3 WHERE id = $4")
        .bind(name)
        .bind(email)
        .bind(organisation_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    move_report_rows(&mut tx, user_id, organisation_id).await?;
    audit::insert(&mut *tx, AuditAction::PersonEdited, event).await?;
    tx.commit().await?;
    Ok(())
}

/// The person's enrolments, certificates and completions keep their organisation for the reports
/// (migration 21): they move with the person, in the same transaction. Current and ended
/// enrolments are updated apart so that each statement finds its rows through an index.
async fn move_report_rows(conn: &mut AnyConnection, user_id: &str, organisation_id: Option<&str>) -> StorageResult<()> {
    for change in [
        "enrolments SET organisation_id = $1 WHERE user_id = $2 AND ended_at IS NULL",
        "enrolments SET organisation_id = $1 WHERE user_id = $2 AND ended_at IS NOT NULL",
        "certificates SET organisation_id = $1 WHERE user_id = $2",
        "completions SET organisation_id = $1 WHERE user_id = $2",
    ] {
        sqlx::query(&format!("UPDATE {change}")).bind(organisation_id).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// What became of a change that an administrator may make only while they still administer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guarded {
    Made,
    /// There was nothing to change (deactivating someone already deactivated).
    Unchanged,
    /// Meanwhile the acting administrator lost their administrator role or was deactivated
    /// (typically by another administrator acting on them at the same moment): nothing changed.
    ActorNoLongerAdministers,
}

/// Locks the acting administrator's and the subject's user rows, in id order, then says whether
/// the actor is still an active administrator. Two administrators taking each other's role (or
/// deactivating each other) at the same moment then run one after the other, and the second
/// finds they no longer administer, instead of both succeeding and leaving the platform without
/// an administrator. (On SQLite the first write already takes the database's write lock.)
async fn actor_still_administers(conn: &mut AnyConnection, actor_id: &str, subject_id: &str) -> StorageResult<bool> {
    let mut ids = [actor_id, subject_id];
    ids.sort_unstable();
    for id in ids {
        sqlx::query("UPDATE users SET deactivated_at = deactivated_at WHERE id = $1").bind(id).execute(&mut *conn).await?;
    }
    let (held,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.user_id = $1 AND r.role IN ($2, $3) AND u.deactivated_at IS NULL",
    )
    .bind(actor_id)
    .bind(Role::Administrator.code())
    .bind(Role::OrganisationAdministrator.code())
    .fetch_one(&mut *conn)
    .await?;
    Ok(held > 0)
}

/// Replaces a person's roles, if the event's actor still administers.
pub async fn set_roles(db: &Db, user_id: &str, roles: &[Role], event: &NewAuditEvent<'_>) -> StorageResult<Guarded> {
    let mut tx = db.begin().await?;
    if let Some(actor_id) = event.actor_id
        && !actor_still_administers(&mut tx, actor_id, user_id).await?
    {
        return Ok(Guarded::ActorNoLongerAdministers);
    }
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.code())
            .execute(&mut *tx)
            .await?;
    }
    audit::insert(&mut *tx, AuditAction::RolesChanged, event).await?;
    tx.commit().await?;
    Ok(Guarded::Made)
}

/// Deactivates a person, if the event's actor still administers: they cannot sign in, every
/// session of theirs ends, and their unused links stop working, at once. Their records stay.
/// `Unchanged` (and nothing recorded) when they were deactivated already.
pub async fn deactivate(db: &Db, user_id: &str, event: &NewAuditEvent<'_>) -> StorageResult<Guarded> {
    let mut tx = db.begin().await?;
    if let Some(actor_id) = event.actor_id
        && !actor_still_administers(&mut tx, actor_id, user_id).await?
    {
        return Ok(Guarded::ActorNoLongerAdministers);
    }
    let changed = sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2 AND deactivated_at IS NULL")
        .bind(now())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Ok(Guarded::Unchanged);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM invites WHERE user_id = $1 AND used_at IS NULL").bind(user_id).execute(&mut *tx).await?;
    super::outbox::cancel_unsent(&mut tx, user_id, &[MailKind::Invitation.code(), MailKind::PasswordReset.code()]).await?;
    audit::insert(&mut *tx, AuditAction::Deactivated, event).await?;
    tx.commit().await?;
    Ok(Guarded::Made)
}

/// Lets a deactivated person sign in again. False (and nothing recorded) when they were not
/// deactivated.
pub async fn reactivate(db: &Db, user_id: &str, event: &NewAuditEvent<'_>) -> StorageResult<bool> {
    let mut tx = db.begin().await?;
    let changed = sqlx::query("UPDATE users SET deactivated_at = NULL WHERE id = $1 AND deactivated_at IS NOT NULL")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Ok(false);
    }
    audit::insert(&mut *tx, AuditAction::Reactivated, event).await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores a new one-time link for a person, the only one that works. With `reset_password`, the
/// person's password is also removed and their sessions end: whoever knew or guessed the old
/// password can no longer use it, and only the link's holder chooses the next.
pub async fn renew_link(
    db: &Db,
    user_id: &str,
    token_hash: &str,
    expires_at: i64,
    reset_password: bool,
    event: &NewAuditEvent<'_>,
    mail: Option<&super::outbox::NewMail>,
) -> StorageResult<()> {
    let mut tx = db.begin().await?;
    if reset_password {
        sqlx::query("UPDATE users SET password_hash = NULL WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    }
    super::invites::replace_invite_in(&mut tx, user_id, token_hash, expires_at, mail).await?;
    audit::insert(&mut *tx, AuditAction::InvitationRenewed, event).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a successful sign-in's time, which the retention of inactive accounts goes by.
pub async fn mark_seen(db: &Db, user_id: &str, at: i64) -> StorageResult<()> {
    sqlx::query("UPDATE users SET last_seen_at = $1 WHERE id = $2").bind(at).bind(user_id).execute(db.pool()).await?;
    Ok(())
}
