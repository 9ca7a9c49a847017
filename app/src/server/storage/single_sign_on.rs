//! Single sign-on's tables (issue 15): the configured OpenID Connect providers, the sign-ins under
//! way between the redirect to a provider and its answer, and each organisation's
//! "passwords switched off" flag.

use super::{Db, StorageResult, now};
use crate::domain::single_sign_on::ValidProvider;
use sqlx::FromRow;

/// A provider as stored, secret included: only the sign-in flow reads `client_secret`; what an
/// administrator's page shows is built from the other fields.
#[derive(Clone, Debug, FromRow)]
pub struct ProviderRow {
    pub id: String,
    pub name: String,
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub email_claim: String,
    pub name_claim: String,
    pub organisation_id: Option<String>,
    pub role: String,
    pub create_accounts: i64,
}

const PROVIDER_COLUMNS: &str =
    "id, name, issuer_url, client_id, client_secret, email_claim, name_claim, organisation_id, role, create_accounts";

pub async fn list_providers(db: &Db) -> StorageResult<Vec<ProviderRow>> {
    let sql = format!("SELECT {PROVIDER_COLUMNS} FROM sso_providers ORDER BY name");
    Ok(sqlx::query_as::<_, ProviderRow>(&sql).fetch_all(db.pool()).await?)
}

pub async fn find_provider(db: &Db, id: &str) -> StorageResult<Option<ProviderRow>> {
    let sql = format!("SELECT {PROVIDER_COLUMNS} FROM sso_providers WHERE id = $1");
    Ok(sqlx::query_as::<_, ProviderRow>(&sql).bind(id).fetch_optional(db.pool()).await?)
}

/// Adds a provider (its secret is required then); a taken name is `UniqueViolation`, an unknown
/// organisation `ForeignKeyViolation`.
pub async fn insert_provider(db: &Db, fields: &ValidProvider) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let at = now();
    sqlx::query(
        "INSERT INTO sso_providers (id, name, issuer_url, client_id, client_secret, email_claim, name_claim, organisation_id, role, create_accounts, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&fields.name)
    .bind(&fields.issuer_url)
    .bind(&fields.client_id)
    .bind(fields.client_secret.as_deref().unwrap_or_default())
    .bind(&fields.email_claim)
    .bind(&fields.name_claim)
    .bind(fields.organisation_id.as_deref())
    .bind(fields.role.code())
    .bind(i64::from(fields.create_accounts))
    .bind(at)
    .bind(at)
    .execute(db.pool())
    .await?;
    Ok(id)
}

/// Changes a provider; false when there is no such provider. The secret changes only when given.
pub async fn update_provider(db: &Db, id: &str, fields: &ValidProvider) -> StorageResult<bool> {
    let updated = sqlx::query(
        "UPDATE sso_providers SET name = $1, issuer_url = $2, client_id = $3, client_secret = COALESCE($4, client_secret), \
         email_claim = $5, name_claim = $6, organisation_id = $7, role = $8, create_accounts = $9, updated_at = $10 WHERE id = $11",
    )
    .bind(&fields.name)
    .bind(&fields.issuer_url)
    .bind(&fields.client_id)
    .bind(fields.client_secret.as_deref())
    .bind(&fields.email_claim)
    .bind(&fields.name_claim)
    .bind(fields.organisation_id.as_deref())
    .bind(fields.role.code())
    .bind(i64::from(fields.create_accounts))
    .bind(now())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Removes a provider and its sign-ins under way; false when there was none.
pub async fn delete_provider(db: &Db, id: &str) -> StorageResult<bool> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM sso_sign_ins WHERE provider_id = $1").bind(id).execute(&mut *tx).await?;
    let deleted = sqlx::query("DELETE FROM sso_providers WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(deleted.rows_affected() == 1)
}

/// A sign-in under way, as the callback needs it back.
#[derive(Clone, Debug, FromRow)]
pub struct PendingSignIn {
    pub provider_id: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Stores a sign-in under way, clearing expired ones first so the table stays small without a job.
pub async fn insert_sign_in(db: &Db, state_hash: &str, pending: &PendingSignIn, expires_at: i64) -> StorageResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM sso_sign_ins WHERE expires_at <= $1").bind(now()).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO sso_sign_ins (state_hash, provider_id, nonce, pkce_verifier, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(state_hash)
        .bind(&pending.provider_id)
        .bind(&pending.nonce)
        .bind(&pending.pkce_verifier)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a sign-in under way: returns it if it exists and has not expired, and deletes it either
/// way, so that a state is answered at most once (a replayed callback finds nothing). Only the
/// instance whose DELETE removes the row gets it.
pub async fn take_sign_in(db: &Db, state_hash: &str, at: i64) -> StorageResult<Option<PendingSignIn>> {
    let mut tx = db.begin().await?;
    let found: Option<(String, String, String, i64)> =
        sqlx::query_as("SELECT provider_id, nonce, pkce_verifier, expires_at FROM sso_sign_ins WHERE state_hash = $1")
            .bind(state_hash)
            .fetch_optional(&mut *tx)
            .await?;
    let deleted = sqlx::query("DELETE FROM sso_sign_ins WHERE state_hash = $1").bind(state_hash).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(found.filter(|(.., expires_at)| *expires_at > at && deleted.rows_affected() == 1).map(
        |(provider_id, nonce, pkce_verifier, _)| PendingSignIn { provider_id, nonce, pkce_verifier },
    ))
}

/// Every organisation's id, name and whether its passwords are switched off, by name.
pub async fn organisation_sign_in_settings(db: &Db) -> StorageResult<Vec<(String, String, bool)>> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT id, name, passwords_disabled FROM organisations ORDER BY name").fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|(id, name, disabled)| (id, name, disabled != 0)).collect())
}

/// Switches passwords off (or back on) for an organisation; false when there is no such one.
pub async fn set_passwords_disabled(db: &Db, organisation_id: &str, disabled: bool) -> StorageResult<bool> {
    let updated = sqlx::query("UPDATE organisations SET passwords_disabled = $1 WHERE id = $2")
        .bind(i64::from(disabled))
        .bind(organisation_id)
        .execute(db.pool())
        .await?;
    Ok(updated.rows_affected() == 1)
}

/// Whether passwords are switched off for this organisation (false for none or an unknown one).
pub async fn passwords_disabled(db: &Db, organisation_id: Option<&str>) -> StorageResult<bool> {
    let Some(organisation_id) = organisation_id else { return Ok(false) };
    let row: Option<(i64,)> = sqlx::query_as("SELECT passwords_disabled FROM organisations WHERE id = $1")
        .bind(organisation_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.is_some_and(|(disabled,)| disabled != 0))
}
