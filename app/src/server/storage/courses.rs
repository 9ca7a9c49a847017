//! Imported courses: immutable versions of each course with their modules (stored as JSON
//! prepared by the importer, `crate::server::course_import`, which also decides when a new
//! version is due) and their source files; and trainers' unpublished drafts. This module only
//! reads and writes rows.

use super::{Db, StorageError, StorageResult, now};
use sqlx::FromRow;
use tiltas_course::SourceFile;

/// A version as listed: enough to tell whether a course changed and which version is newest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseVersion {
    pub id: String,
    pub course_slug: String,
    pub version_number: i64,
    pub content_hash: String,
    pub imported_at: i64,
    pub origin: VersionOrigin,
}

#[derive(FromRow)]
struct CourseVersionRow {
    id: String,
    course_slug: String,
    version_number: i64,
    content_hash: String,
    imported_at: i64,
    origin: String,
}

impl TryFrom<CourseVersionRow> for CourseVersion {
    type Error = StorageError;
    fn try_from(row: CourseVersionRow) -> Result<Self, StorageError> {
        Ok(CourseVersion {
            origin: VersionOrigin::from_code(&row.origin)
                .ok_or_else(|| StorageError::Corrupt(format!("unknown version origin {:?}", row.origin)))?,
            id: row.id,
            course_slug: row.course_slug,
            version_number: row.version_number,
            content_hash: row.content_hash,
            imported_at: row.imported_at,
        })
    }
}

fn versions(rows: Vec<CourseVersionRow>) -> StorageResult<Vec<CourseVersion>> {
    rows.into_iter().map(CourseVersion::try_from).collect()
}

fn one_version(row: Option<CourseVersionRow>) -> StorageResult<Option<CourseVersion>> {
    row.map(CourseVersion::try_from).transpose()
}

/// Where a version's files came from. Start-up imports compare the courses folder only with
/// the newest version that came from the folder, so a restart never undoes a browser edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionOrigin {
    Folder,
    Editor,
}

impl VersionOrigin {
    pub fn code(self) -> &'static str {
        match self {
            VersionOrigin::Folder => "folder",
            VersionOrigin::Editor => "editor",
        }
    }

    pub fn from_code(code: &str) -> Option<VersionOrigin> {
        match code {
            "folder" => Some(VersionOrigin::Folder),
            "editor" => Some(VersionOrigin::Editor),
            _ => None,
        }
    }
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
    pub files: &'a [SourceFile],
    pub origin: VersionOrigin,
    /// The trainer who published from the browser; `None` for folder imports.
    pub published_by: Option<&'a str>,
}

pub struct NewVersionModule {
    pub module_id: String,
    pub language: String,
    pub position: i64,
    pub title: String,
    pub content_json: String,
}

const VERSION_COLUMNS: &str = "id, course_slug, version_number, content_hash, imported_at, origin";

/// Inserts the course (if it is new), the version, all its modules and files in one
/// transaction, so a version is either complete or absent. Publishing also clears the course's
/// drafts in the same transaction: they are now part of the version. A version number already taken for this course (another
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
        "INSERT INTO course_versions \
         (id, course_slug, version_number, content_hash, metadata_json, imported_at, origin, published_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(version.course_slug)
    .bind(version.version_number)
    .bind(version.content_hash)
    .bind(version.metadata_json)
    .bind(imported_at)
    .bind(version.origin.code())
    .bind(version.published_by)
    .execute(&mut *tx)
    .await?;
    for file in version.files {
        sqlx::query("INSERT INTO course_version_files (version_id, path, contents) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(&file.path)
            .bind(&file.contents)
            .execute(&mut *tx)
            .await?;
    }
    // A new version, from anywhere, brings a retired course back.
    sqlx::query("UPDATE courses SET retired_at = NULL WHERE slug = $1")
        .bind(version.course_slug)
        .execute(&mut *tx)
        .await?;
    if version.origin == VersionOrigin::Editor {
        sqlx::query("DELETE FROM course_drafts WHERE course_slug = $1")
            .bind(version.course_slug)
            .execute(&mut *tx)
            .await?;
    }
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
pub async fn latest_version(db: &Db, course_slug: &str) -> StorageResult<Option<CourseVersion>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM course_versions WHERE course_slug = $1 ORDER BY version_number DESC LIMIT 1"
    );
    one_version(sqlx::query_as::<_, CourseVersionRow>(&sql).bind(course_slug).fetch_optional(db.pool()).await?)
}

/// The newest version of every imported course, by slug.
pub async fn latest_versions(db: &Db) -> StorageResult<Vec<CourseVersion>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM course_versions v WHERE version_number = \
         (SELECT MAX(version_number) FROM course_versions newer WHERE newer.course_slug = v.course_slug) \
         ORDER BY course_slug"
    );
    versions(sqlx::query_as::<_, CourseVersionRow>(&sql).fetch_all(db.pool()).await?)
}

/// Every version of one course, oldest first.
pub async fn list_versions(db: &Db, course_slug: &str) -> StorageResult<Vec<CourseVersion>> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM course_versions WHERE course_slug = $1 ORDER BY version_number");
    versions(sqlx::query_as::<_, CourseVersionRow>(&sql).bind(course_slug).fetch_all(db.pool()).await?)
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

/// The newest version of one course that came from `origin`.
pub async fn latest_version_from(db: &Db, course_slug: &str, origin: VersionOrigin) -> StorageResult<Option<CourseVersion>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM course_versions WHERE course_slug = $1 AND origin = $2 \
         ORDER BY version_number DESC LIMIT 1"
    );
    one_version(sqlx::query_as::<_, CourseVersionRow>(&sql).bind(course_slug).bind(origin.code()).fetch_optional(db.pool()).await?)
}

/// Every file of a version, by path.
pub async fn version_files(db: &Db, version_id: &str) -> StorageResult<Vec<SourceFile>> {
    let rows: Vec<(String, Vec<u8>)> =
        sqlx::query_as("SELECT path, contents FROM course_version_files WHERE version_id = $1 ORDER BY path")
            .bind(version_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(path, contents)| SourceFile { path, contents }).collect())
}

/// One file of a version, `None` if the version has no such file.
pub async fn version_file(db: &Db, version_id: &str, path: &str) -> StorageResult<Option<Vec<u8>>> {
    let row: Option<(Vec<u8>,)> =
        sqlx::query_as("SELECT contents FROM course_version_files WHERE version_id = $1 AND path = $2")
            .bind(version_id)
            .bind(path)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(contents,)| contents))
}

/// A saved, unpublished edit of one file; `deleted` removes the file from the working copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub path: String,
    pub contents: Vec<u8>,
    pub deleted: bool,
    pub updated_at: i64,
}

/// The drafts of one course, by path.
pub async fn drafts(db: &Db, course_slug: &str) -> StorageResult<Vec<Draft>> {
    let rows: Vec<(String, Vec<u8>, i64, i64)> = sqlx::query_as(
        "SELECT path, contents, deleted, updated_at FROM course_drafts WHERE course_slug = $1 ORDER BY path",
    )
    .bind(course_slug)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(path, contents, deleted, updated_at)| Draft { path, contents, deleted: deleted != 0, updated_at })
        .collect())
}

/// Every course that has drafts, including courses created in the browser and never published.
pub async fn slugs_with_drafts(db: &Db) -> StorageResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT course_slug FROM course_drafts ORDER BY course_slug")
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(|(slug,)| slug).collect())
}

/// A change to one file of a course's working copy.
pub enum DraftChange<'a> {
    Write { path: &'a str, contents: &'a [u8] },
    Delete { path: &'a str },
}

/// Saves changes to a course's working copy in one transaction. With `replace_all`, every
/// earlier draft of the course is dropped first (an uploaded zip replaces the working copy).
pub async fn save_drafts(
    db: &Db,
    course_slug: &str,
    changes: &[DraftChange<'_>],
    replace_all: bool,
    updated_by: &str,
) -> StorageResult<()> {
    let updated_at = now();
    let mut tx = db.pool().begin().await?;
    if replace_all {
        sqlx::query("DELETE FROM course_drafts WHERE course_slug = $1").bind(course_slug).execute(&mut *tx).await?;
    }
    for change in changes {
        let (path, contents, deleted): (&str, &[u8], i64) = match change {
            DraftChange::Write { path, contents } => (path, contents, 0),
            DraftChange::Delete { path } => (path, &[], 1),
        };
        sqlx::query(
            "INSERT INTO course_drafts (course_slug, path, contents, deleted, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (course_slug, path) DO UPDATE SET contents = excluded.contents, \
             deleted = excluded.deleted, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(course_slug)
        .bind(path)
        .bind(contents.to_vec())
        .bind(deleted)
        .bind(updated_by)
        .bind(updated_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Throws away every unpublished change to a course.
pub async fn discard_drafts(db: &Db, course_slug: &str) -> StorageResult<()> {
    sqlx::query("DELETE FROM course_drafts WHERE course_slug = $1").bind(course_slug).execute(db.pool()).await?;
    Ok(())
}

/// Every module of a version in every language, in outline order per language.
pub async fn all_version_modules(db: &Db, version_id: &str) -> StorageResult<Vec<VersionModuleRow>> {
    Ok(sqlx::query_as::<_, VersionModuleRow>(
        "SELECT module_id, language, position, title, content_json FROM course_version_modules \
         WHERE version_id = $1 ORDER BY language, position",
    )
    .bind(version_id)
    .fetch_all(db.pool())
    .await?)
}

/// One version's row, `None` if there is no such version.
pub async fn version(db: &Db, version_id: &str) -> StorageResult<Option<CourseVersion>> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM course_versions WHERE id = $1");
    one_version(sqlx::query_as::<_, CourseVersionRow>(&sql).bind(version_id).fetch_optional(db.pool()).await?)
}

/// Retires a course (no new enrolments) or brings it back. Returns whether anything changed.
pub async fn set_retired(db: &Db, course_slug: &str, retired: bool) -> StorageResult<bool> {
    let result = if retired {
        sqlx::query("UPDATE courses SET retired_at = $1 WHERE slug = $2 AND retired_at IS NULL").bind(now()).bind(course_slug)
    } else {
        sqlx::query("UPDATE courses SET retired_at = NULL WHERE slug = $1 AND retired_at IS NOT NULL").bind(course_slug)
    }
    .execute(db.pool())
    .await?;
    Ok(result.rows_affected() > 0)
}

/// The slugs of retired courses.
pub async fn retired_slugs(db: &Db) -> StorageResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT slug FROM courses WHERE retired_at IS NOT NULL ORDER BY slug")
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(|(slug,)| slug).collect())
}
