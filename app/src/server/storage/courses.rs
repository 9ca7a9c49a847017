//! Imported courses: immutable versions of each course with their modules, stored as JSON
//! prepared by the importer (`crate::server::course_import`), which also decides when a new
//! version is due. This module only reads and writes rows.

use super::{Db, StorageResult, now};
use sqlx::FromRow;

/// A version as listed: enough to tell whether a course changed and which version is newest.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct CourseVersionRow {
    pub id: String,
    pub course_slug: String,
    pub version_number: i64,
    pub content_hash: String,
    pub imported_at: i64,
}

/// One module of one version in one language, as stored.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct VersionModuleRow {
    pub module_id: String,
    pub language: String,
    pub position: i64,
    pub title: String,
    pub content_json: String,
}

pub struct NewCourseVersion<'a> {
    pub course_slug: &'a str,
    pub version_number: i64,
    pub content_hash: &'a str,
    pub metadata_json: &'a str,
    pub modules: &'a [NewVersionModule],
}

pub struct NewVersionModule {
    pub module_id: String,
    pub language: String,
    pub position: i64,
    pub title: String,
    pub content_json: String,
}

const VERSION_COLUMNS: &str = "id, course_slug, version_number, content_hash, imported_at";

/// Inserts the course (if it is new), the version and all its modules in one transaction, so a
/// version is either complete or absent. A version number already taken for this course (another
/// instance imported at the same moment) fails with `StorageError::UniqueViolation`.
pub async fn insert_version(db: &Db, version: NewCourseVersion<'_>) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let imported_at = now();
    let mut tx = db.pool().begin().await?;
    sqlx::query("INSERT INTO courses (slug, created_at) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
        .bind(version.course_slug)
        .bind(imported_at)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO course_versions (id, course_slug, version_number, content_hash, metadata_json, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(version.course_slug)
    .bind(version.version_number)
    .bind(version.content_hash)
    .bind(version.metadata_json)
    .bind(imported_at)
    .execute(&mut *tx)
    .await?;
    for module in version.modules {
        sqlx::query(
            "INSERT INTO course_version_modules (version_id, module_id, language, position, title, content_json) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&module.module_id)
        .bind(&module.language)
        .bind(module.position)
        .bind(&module.title)
        .bind(&module.content_json)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The newest version of one course, `None` if it was never imported.
pub async fn latest_version(db: &Db, course_slug: &str) -> StorageResult<Option<CourseVersionRow>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM course_versions WHERE course_slug = $1 ORDER BY version_number DESC LIMIT 1"
    );
    Ok(sqlx::query_as::<_, CourseVersionRow>(&sql).bind(course_slug).fetch_optional(db.pool()).await?)
}

/// The newest version of every imported course, by slug.
pub async fn latest_versions(db: &Db) -> StorageResult<Vec<CourseVersionRow>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM course_versions v WHERE version_number = \
         (SELECT MAX(version_number) FROM course_versions newer WHERE newer.course_slug = v.course_slug) \
         ORDER BY course_slug"
    );
    Ok(sqlx::query_as::<_, CourseVersionRow>(&sql).fetch_all(db.pool()).await?)
}

/// Every version of one course, oldest first.
pub async fn list_versions(db: &Db, course_slug: &str) -> StorageResult<Vec<CourseVersionRow>> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM course_versions WHERE course_slug = $1 ORDER BY version_number");
    Ok(sqlx::query_as::<_, CourseVersionRow>(&sql).bind(course_slug).fetch_all(db.pool()).await?)
}

/// The course metadata JSON of a version, `None` if there is no such version.
pub async fn version_metadata_json(db: &Db, version_id: &str) -> StorageResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT metadata_json FROM course_versions WHERE id = $1")
        .bind(version_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(json,)| json))
}

/// A version's modules in one language, in outline order.
pub async fn version_modules(db: &Db, version_id: &str, language: &str) -> StorageResult<Vec<VersionModuleRow>> {
    Ok(sqlx::query_as::<_, VersionModuleRow>(
        "SELECT module_id, language, position, title, content_json FROM course_version_modules \
         WHERE version_id = $1 AND language = $2 ORDER BY position",
    )
    .bind(version_id)
    .bind(language)
    .fetch_all(db.pool())
    .await?)
}
