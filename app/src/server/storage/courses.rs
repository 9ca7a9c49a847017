//! Imported courses: immutable versions of each course with their modules (stored as JSON
//! prepared by the importer, `crate::server::course_import`, which also decides when a new
//! version is due) and their source files; and trainers' unpublished drafts. This module only
//! reads and writes rows.

use super::{Db, StorageError, StorageResult, now};
use sqlx::{AnyConnection, FromRow};
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
    /// The drafts the published working copy was read with, removed with the version's
    /// insertion; empty for folder imports. A draft saved since stays a draft.
    pub drafts_published: &'a [Draft],
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
/// transaction, so a version is either complete or absent. A browser publication also removes
/// the drafts it was made from, in the same transaction. A version number already taken for
/// this course (another instance imported, or another trainer published, at the same moment)
/// fails with `StorageError::UniqueViolation`.
pub async fn insert_version(db: &Db, version: NewCourseVersion<'_>) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let imported_at = now();
    let mut tx = db.begin().await?;
    lock_course(&mut tx, version.course_slug).await?;
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
    for draft in version.drafts_published {
        delete_draft_if_unchanged(&mut tx, version.course_slug, draft).await?;
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
    let mut conn = db.pool().acquire().await?;
    drafts_in(&mut conn, course_slug).await
}

async fn drafts_in(conn: &mut AnyConnection, course_slug: &str) -> StorageResult<Vec<Draft>> {
    let rows: Vec<(String, Vec<u8>, i64, i64)> = sqlx::query_as(
        "SELECT path, contents, deleted, updated_at FROM course_drafts WHERE course_slug = $1 ORDER BY path",
    )
    .bind(course_slug)
    .fetch_all(&mut *conn)
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

/// Takes the course's lock for the rest of the transaction, making its `courses` row if it has
/// none yet (a course started in the browser). Every change to a course's drafts and every new
/// version starts with it, so they run one after the other: a draft saved while the course is
/// being published or replaced by a zip is then seen by it. On SQLite, whose writers already
/// take turns, it makes the transaction a writer from its first statement.
async fn lock_course(conn: &mut AnyConnection, course_slug: &str) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO courses (slug, created_at) VALUES ($1, $2) \
         ON CONFLICT (slug) DO UPDATE SET created_at = courses.created_at",
    )
    .bind(course_slug)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Saves changes to a course's working copy in one transaction.
pub async fn save_drafts(db: &Db, course_slug: &str, changes: &[DraftChange<'_>], updated_by: &str) -> StorageResult<()> {
    let mut tx = db.begin().await?;
    lock_course(&mut tx, course_slug).await?;
    write_drafts(&mut tx, course_slug, changes, updated_by).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces every draft of a course with `changes` (an uploaded zip replacing the working
/// copy), provided the course is still as it was read: the same newest version
/// (`version_read`, `None` if there was none) and the same drafts (`drafts_read`). Otherwise
/// nothing is written and `false` is returned: a draft saved or a version published in the
/// meantime must not be overwritten by a zip made without it.
pub async fn replace_drafts(
    db: &Db,
    course_slug: &str,
    version_read: Option<&str>,
    drafts_read: &[Draft],
    changes: &[DraftChange<'_>],
    updated_by: &str,
) -> StorageResult<bool> {
    let mut tx = db.begin().await?;
    lock_course(&mut tx, course_slug).await?;
    let latest: Option<(String,)> =
        sqlx::query_as("SELECT id FROM course_versions WHERE course_slug = $1 ORDER BY version_number DESC LIMIT 1")
            .bind(course_slug)
            .fetch_optional(&mut *tx)
            .await?;
    let current = drafts_in(&mut tx, course_slug).await?;
    if latest.map(|(id,)| id).as_deref() != version_read || !same_drafts(&current, drafts_read) {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query("DELETE FROM course_drafts WHERE course_slug = $1").bind(course_slug).execute(&mut *tx).await?;
    write_drafts(&mut tx, course_slug, changes, updated_by).await?;
    tx.commit().await?;
    Ok(true)
}

/// The same files changed in the same way; when each was saved does not matter.
fn same_drafts(a: &[Draft], b: &[Draft]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| a.path == b.path && a.deleted == b.deleted && a.contents == b.contents)
}

async fn write_drafts(conn: &mut AnyConnection, course_slug: &str, changes: &[DraftChange<'_>], updated_by: &str) -> StorageResult<()> {
    let updated_at = now();
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
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Removes one draft if it is still as it was read.
async fn delete_draft_if_unchanged(conn: &mut AnyConnection, course_slug: &str, draft: &Draft) -> StorageResult<()> {
    sqlx::query(
        "DELETE FROM course_drafts WHERE course_slug = $1 AND path = $2 AND deleted = $3 AND contents = $4",
    )
    .bind(course_slug)
    .bind(&draft.path)
    .bind(i64::from(draft.deleted))
    .bind(draft.contents.clone())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Throws away every unpublished change to a course.
pub async fn discard_drafts(db: &Db, course_slug: &str) -> StorageResult<()> {
    sqlx::query("DELETE FROM course_drafts WHERE course_slug = $1").bind(course_slug).execute(db.pool()).await?;
    Ok(())
}

/// Throws away the drafts of a course that are still as they were read (`drafts_read`): those
/// of a working copy that turned out identical to the published version. A draft saved since
/// stays.
pub async fn discard_drafts_read(db: &Db, course_slug: &str, drafts_read: &[Draft]) -> StorageResult<()> {
    let mut tx = db.begin().await?;
    lock_course(&mut tx, course_slug).await?;
    for draft in drafts_read {
        delete_draft_if_unchanged(&mut tx, course_slug, draft).await?;
    }
    tx.commit().await?;
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
