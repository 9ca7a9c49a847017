//! Certificates, and the audit log of what was done with them. Functions that belong in a
//! learning or certificate transaction take a connection, so that a completion and its
//! certificate (or an approval and its audit entry) are written together or not at all.

use super::{StorageResult, now, organisation_of_person};
use sqlx::{AnyConnection, FromRow};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct CertificateRow {
    pub id: String,
    /// The certificate's bit in the revocation list; NULL only for certificates issued before
    /// credentials existed, which get one when their credential is first made.
    pub status_index: Option<i64>,
    pub code: String,
    pub user_id: String,
    pub enrolment_id: Option<String>,
    pub course_slug: String,
    pub version_id: String,
    pub holder_name: String,
    pub organisation_name: Option<String>,
    pub points: Option<i64>,
    pub max_points: Option<i64>,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub issued_by: Option<String>,
    pub note: Option<String>,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revocation_reason: Option<String>,
    pub superseded_by: Option<String>,
    /// When the holder's personal data was erased: `holder_name` is blank since, and the
    /// certificate shows as issued to a person whose data was erased.
    pub holder_erased_at: Option<i64>,
}

const COLUMNS: &str = "id, status_index, code, user_id, enrolment_id, course_slug, version_id, holder_name, organisation_name, points, \
                       max_points, issued_at, expires_at, issued_by, note, revoked_at, revoked_by, revocation_reason, superseded_by, \
                       holder_erased_at";

/// Inserts a certificate and marks the holder's earlier certificates for the course as replaced
/// by it. The row's `superseded_by` and revocation fields are ignored.
pub async fn insert(conn: &mut AnyConnection, certificate: &CertificateRow) -> StorageResult<()> {
    sqlx::query(
        "UPDATE certificates SET superseded_by = $1 WHERE user_id = $2 AND course_slug = $3 AND superseded_by IS NULL",
    )
    .bind(&certificate.id)
    .bind(&certificate.user_id)
    .bind(&certificate.course_slug)
    .execute(&mut *conn)
    .await?;
    let sql = format!(
        "INSERT INTO certificates (id, code, user_id, enrolment_id, course_slug, version_id, holder_name, organisation_name, \
         points, max_points, issued_at, expires_at, issued_by, note, status_index, organisation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, {})",
        organisation_of_person("$3")
    );
    sqlx::query(&sql)
    .bind(&certificate.id)
    .bind(&certificate.code)
    .bind(&certificate.user_id)
    .bind(&certificate.enrolment_id)
    .bind(&certificate.course_slug)
    .bind(&certificate.version_id)
    .bind(&certificate.holder_name)
    .bind(&certificate.organisation_name)
    .bind(certificate.points)
    .bind(certificate.max_points)
    .bind(certificate.issued_at)
    .bind(certificate.expires_at)
    .bind(&certificate.issued_by)
    .bind(&certificate.note)
    .bind(certificate.status_index)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> StorageResult<Option<CertificateRow>> {
    let sql = format!("SELECT {COLUMNS} FROM certificates WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await?)
}

/// A person's certificates, newest first.
pub async fn of_holder(conn: &mut AnyConnection, user_id: &str) -> StorageResult<Vec<CertificateRow>> {
    let sql = format!("SELECT {COLUMNS} FROM certificates WHERE user_id = $1 ORDER BY issued_at DESC, id");
    Ok(sqlx::query_as(&sql).bind(user_id).fetch_all(&mut *conn).await?)
}

/// The holder's newest certificate for a course that no other replaced, if any.
pub async fn current_of(conn: &mut AnyConnection, user_id: &str, course_slug: &str) -> StorageResult<Option<CertificateRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM certificates WHERE user_id = $1 AND course_slug = $2 AND superseded_by IS NULL \
         ORDER BY issued_at DESC, id"
    );
    Ok(sqlx::query_as(&sql).bind(user_id).bind(course_slug).fetch_optional(&mut *conn).await?)
}

/// Every certificate, newest first, for administrators.
pub async fn all(conn: &mut AnyConnection) -> StorageResult<Vec<CertificateRow>> {
    let sql = format!("SELECT {COLUMNS} FROM certificates ORDER BY issued_at DESC, id");
    Ok(sqlx::query_as(&sql).fetch_all(&mut *conn).await?)
}

/// The next free bit of the revocation list. The counter row is updated in the caller's
/// transaction, so concurrent issues queue on it and never share a bit.
pub async fn next_status_index(conn: &mut AnyConnection) -> StorageResult<i64> {
    let (value,): (i64,) =
        sqlx::query_as("UPDATE counters SET value = value + 1 WHERE name = 'certificate_status_index' RETURNING value")
            .fetch_one(&mut *conn)
            .await?;
    Ok(value - 1)
}

/// How many revocation-list bits have been handed out.
pub async fn status_indexes_used(conn: &mut AnyConnection) -> StorageResult<i64> {
    let (value,): (i64,) = sqlx::query_as("SELECT value FROM counters WHERE name = 'certificate_status_index'").fetch_one(&mut *conn).await?;
    Ok(value)
}

/// Gives a certificate issued before credentials existed its bit, unless it has one.
pub async fn set_status_index(conn: &mut AnyConnection, id: &str, index: i64) -> StorageResult<()> {
    sqlx::query("UPDATE certificates SET status_index = $1 WHERE id = $2 AND status_index IS NULL")
        .bind(index)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The signed credential, if it was made already.
pub async fn credential(conn: &mut AnyConnection, id: &str) -> StorageResult<Option<String>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT credential_json FROM certificates WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
    Ok(row.and_then(|(json,)| json))
}

/// Keeps the first signed credential made for a certificate: if two downloads sign at once, the
/// first stored wins and both get it. A credential signed while its holder was being erased is
/// not kept: it names them.
pub async fn keep_credential(conn: &mut AnyConnection, id: &str, json: &str) -> StorageResult<()> {
    sqlx::query("UPDATE certificates SET credential_json = $1 WHERE id = $2 AND credential_json IS NULL AND holder_erased_at IS NULL")
        .bind(json)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The revoked certificates' bits in `from..to`: one revocation list's worth.
pub async fn revoked_indexes(conn: &mut AnyConnection, from: i64, to: i64) -> StorageResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT status_index FROM certificates WHERE revoked_at IS NOT NULL AND status_index >= $1 AND status_index < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(index,)| index).collect())
}

/// The holder's email address today, which a credential identifies them by (hashed).
pub async fn holder_email(conn: &mut AnyConnection, user_id: &str) -> StorageResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user_id).fetch_optional(&mut *conn).await?;
    Ok(row.map(|(email,)| email))
}

/// Records a public key that signs credentials under `key_id`, unless recorded already.
pub async fn register_signing_key(conn: &mut AnyConnection, key_id: &str, public_key_multibase: &str) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO signing_keys (id, public_key_multibase, added_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
    )
    .bind(key_id)
    .bind(public_key_multibase)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every key that ever signed this deployment's credentials: (key id, public key multibase).
pub async fn signing_keys(conn: &mut AnyConnection) -> StorageResult<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT id, public_key_multibase FROM signing_keys ORDER BY added_at, id").fetch_all(&mut *conn).await?)
}

/// Revokes a certificate not revoked yet; returns whether this call revoked it.
pub async fn revoke(conn: &mut AnyConnection, id: &str, by: &str, reason: &str) -> StorageResult<bool> {
    let result = sqlx::query(
        "UPDATE certificates SET revoked_at = $1, revoked_by = $2, revocation_reason = $3 WHERE id = $4 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A completion that waits for an administrator's approval: completed, no certificate yet.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Uncertified {
    pub enrolment_id: String,
    pub user_id: String,
    pub course_slug: String,
    pub version_id: String,
    pub points: i64,
    pub max_points: i64,
    pub completed_at: i64,
}

/// Completions without a certificate, oldest first, of people not erased; the service keeps
/// those whose course awards certificates on approval.
pub async fn uncertified(conn: &mut AnyConnection) -> StorageResult<Vec<Uncertified>> {
    Ok(sqlx::query_as(
        "SELECT c.enrolment_id, c.user_id, c.course_slug, c.version_id, c.points, c.max_points, c.completed_at \
         FROM completions c LEFT JOIN certificates z ON z.enrolment_id = c.enrolment_id JOIN users u ON u.id = c.user_id \
         WHERE z.id IS NULL AND u.erased_at IS NULL ORDER BY c.completed_at, c.enrolment_id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub action: String,
    pub certificate_id: Option<String>,
    pub detail: Option<String>,
}

pub async fn audit(conn: &mut AnyConnection, actor_id: Option<&str>, action: &str, certificate_id: &str, detail: Option<&str>) -> StorageResult<()> {
    sqlx::query("INSERT INTO audit_log (id, at, actor_id, action, certificate_id, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        // Version 7 ids sort by creation time, to the millisecond and in order within one
        // process: entries made in the same second keep their order.
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(now())
        .bind(actor_id)
        .bind(action)
        .bind(certificate_id)
        .bind(detail)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The audit entries about one certificate, oldest first.
pub async fn audit_of(conn: &mut AnyConnection, certificate_id: &str) -> StorageResult<Vec<AuditEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor_id, action, certificate_id, detail FROM audit_log WHERE certificate_id = $1 ORDER BY at, id",
    )
    .bind(certificate_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// A certificate's holder as their certificate records them.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Holder {
    pub name: String,
    pub organisation_name: Option<String>,
    /// For the certificate's entry in the administrators' audit log.
    pub organisation_id: Option<String>,
    /// Their personal data was erased: no certificate is issued to them any more.
    pub erased_at: Option<i64>,
}

/// A person's name and organisation, as a certificate records them.
pub async fn holder(conn: &mut AnyConnection, user_id: &str) -> StorageResult<Option<Holder>> {
    Ok(sqlx::query_as(
        "SELECT u.name, o.name AS organisation_name, u.organisation_id, u.erased_at FROM users u \
         LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?)
}
