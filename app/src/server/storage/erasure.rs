//! Erasing a person's personal data (issue 13, audit and privacy), by an administrator or by the
//! retention rule: everything in one transaction, with its audit entry.
//!
//! The person's row stays, so that what refers to it (enrolments, answers, certificates, audit
//! entries) stays whole and reports keep counting them; what identifies them is replaced or
//! removed. `docs/privacy.md` lists what goes and what stays, and why.

use super::audit::{self, NewAuditEvent};
use super::{Db, StorageResult};
use crate::domain::audit::AuditAction;
use crate::domain::roles::Role;
use sqlx::FromRow;

/// A person as erasure needs them: who they are, where, and whether they are erased already.
#[derive(Clone, Debug, FromRow)]
pub struct ErasureCandidate {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub erased_at: Option<i64>,
    pub certificates: i64,
}

pub async fn candidate(db: &Db, user_id: &str) -> StorageResult<Option<ErasureCandidate>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.organisation_id, o.name AS organisation_name, u.erased_at, \
         (SELECT COUNT(*) FROM certificates c WHERE c.user_id = u.id) AS certificates \
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?)
}

/// What one erasure writes.
pub struct Erasure<'a> {
    pub user_id: &'a str,
    /// The address the person had: failed sign-ins that typed it lose it, and its sign-in
    /// throttle counter goes.
    pub old_email: &'a str,
    pub new_name: &'a str,
    pub new_email: &'a str,
    pub at: i64,
    /// The administrator who erased, `None` for the retention rule.
    pub actor_id: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
    /// Without personal data: what was kept, and why (by hand or by the retention rule).
    pub detail: &'a str,
    pub client_address: Option<&'a str>,
    /// The sign-in throttle's key for the old address (see `accounts::sign_in`).
    pub throttle_key: &'a str,
    /// For the retention rule: erase only if the person has still not signed in since this
    /// moment (they may have, between the rule's listing and this erasure).
    pub inactive_before: Option<i64>,
}

/// Erases in one transaction; `false` if the person was erased already (or meanwhile), in which
/// case nothing is written.
pub async fn erase(db: &Db, erasure: &Erasure<'_>) -> StorageResult<bool> {
    let mut tx = db.begin().await?;
    let mut sql = String::from(
        "UPDATE users SET name = $1, email = $2, password_hash = NULL, preferred_language = NULL, erased_at = $3, \
         deactivated_at = COALESCE(deactivated_at, $3) WHERE id = $4 AND erased_at IS NULL",
    );
    if erasure.inactive_before.is_some() {
        sql.push_str(" AND COALESCE(last_seen_at, created_at) < $5");
    }
    let mut update = sqlx::query(&sql).bind(erasure.new_name).bind(erasure.new_email).bind(erasure.at).bind(erasure.user_id);
    if let Some(before) = erasure.inactive_before {
        update = update.bind(before);
    }
    let updated = update.execute(&mut *tx).await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    for table in ["sessions", "invites", "cohort_members", "outbox", "xapi_statements"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1")).bind(erasure.user_id).execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1").bind(erasure.throttle_key).execute(&mut *tx).await?;
    audit::clear_typed_email(&mut *tx, erasure.old_email).await?;
    // Certificates stay verifiable without the name; a signed credential names the holder and
    // carries a hash of their address, so it goes (see docs/privacy.md).
    sqlx::query("UPDATE certificates SET holder_name = '', holder_erased_at = $1, credential_json = NULL WHERE user_id = $2")
        .bind(erasure.at)
        .bind(erasure.user_id)
        .execute(&mut *tx)
        .await?;
    audit::insert(
        &mut *tx,
        AuditAction::PersonErased,
        &NewAuditEvent {
            actor_id: erasure.actor_id,
            subject_user_id: Some(erasure.user_id),
            subject_email: None,
            organisation_id: erasure.organisation_id,
            detail: erasure.detail,
            client_address: erasure.client_address,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// An account the retention rule would erase.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct InactiveAccount {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_id: Option<String>,
    /// The last sign-in, or the account's creation if they never signed in.
    pub last_active_at: i64,
}

/// Accounts not erased whose last sign-in (or creation, if they never signed in) is before
/// `before`, longest inactive first. Administrators, of the platform or of an organisation,
/// are never among them: erasing the people who run a deployment by a timer could lock
/// everyone out.
pub async fn inactive_accounts(db: &Db, before: i64) -> StorageResult<Vec<InactiveAccount>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.organisation_id, COALESCE(u.last_seen_at, u.created_at) AS last_active_at FROM users u \
         WHERE u.erased_at IS NULL AND COALESCE(u.last_seen_at, u.created_at) < $1 \
         AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ($2, $3)) \
         ORDER BY COALESCE(u.last_seen_at, u.created_at), u.email",
    )
    .bind(before)
    .bind(Role::Administrator.code())
    .bind(Role::OrganisationAdministrator.code())
    .fetch_all(db.pool())
    .await?)
}
