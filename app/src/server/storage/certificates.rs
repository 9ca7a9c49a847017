//! Certificates, and the audit log of what was done with them. Functions that belong in a
//! learning or certificate transaction take a connection, so that a completion and its
//! certificate (or an approval and its audit entry) are written together or not at all.

use super::{StorageResult, now};
use sqlx::{AnyConnection, FromRow};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct CertificateRow {
    pub id: String,
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
}

const COLUMNS: &str = "id, code, user_id, enrolment_id, course_slug, version_id, holder_name, organisation_name, points, \
                       max_points, issued_at, expires_at, issued_by, note, revoked_at, revoked_by, revocation_reason, superseded_by";

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
    sqlx::query(
        "INSERT INTO certificates (id, code, user_id, enrolment_id, course_slug, version_id, holder_name, organisation_name, \
         points, max_points, issued_at, expires_at, issued_by, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
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

/// Every certificate, newest first, for administrators.
pub async fn all(conn: &mut AnyConnection) -> StorageResult<Vec<CertificateRow>> {
    let sql = format!("SELECT {COLUMNS} FROM certificates ORDER BY issued_at DESC, id");
    Ok(sqlx::query_as(&sql).fetch_all(&mut *conn).await?)
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

/// Completions without a certificate, oldest first; the service keeps those whose course
/// awards certificates on approval.
pub async fn uncertified(conn: &mut AnyConnection) -> StorageResult<Vec<Uncertified>> {
    Ok(sqlx::query_as(
        "SELECT c.enrolment_id, c.user_id, c.course_slug, c.version_id, c.points, c.max_points, c.completed_at \
         FROM completions c LEFT JOIN certificates z ON z.enrolment_id = c.enrolment_id \
         WHERE z.id IS NULL ORDER BY c.completed_at, c.enrolment_id",
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

/// A person's name and organisation's name, as a certificate records them.
pub async fn holder(conn: &mut AnyConnection, user_id: &str) -> StorageResult<Option<(String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT u.name, o.name FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?)
}
