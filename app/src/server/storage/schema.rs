//! Schema changes that portable SQL cannot express, applied after the migrations by
//! [`Db::migrate`](super::Db::migrate). Each step checks whether it is needed, so running it
//! again (every start, or several instances starting together) changes nothing.

use super::{Backend, StorageResult};
use sqlx::{AnyPool, Connection, Executor};

/// Applies every step this database still needs.
pub(super) async fn apply(pool: &AnyPool, backend: Backend) -> StorageResult<()> {
    allow_taking_courses_again(pool, backend).await
}

/// Removes the first schema's rule of one enrolment per person and course for ever; migration
/// 8 put a unique index on current enrolments in its place. PostgreSQL drops the constraint.
/// SQLite cannot drop a table constraint, so the table is rebuilt, with foreign keys switched off
/// on that connection as SQLite's documented procedure requires (they cannot be switched off
/// inside a migration's transaction), and checked before the rebuild commits.
async fn allow_taking_courses_again(pool: &AnyPool, backend: Backend) -> StorageResult<()> {
    match backend {
        Backend::Postgres => {
            pool.execute("ALTER TABLE enrolments DROP CONSTRAINT IF EXISTS enrolments_user_id_course_slug_key").await?;
        }
        Backend::Sqlite => {
            let old_rule: Option<(String,)> =
                // A unique constraint written in the table (origin 'u'), as opposed to the primary key
                // or an index created on its own.
                sqlx::query_as("SELECT name FROM pragma_index_list('enrolments') WHERE origin = 'u'")
                    .fetch_optional(pool)
                    .await?;
            if old_rule.is_none() {
                return Ok(());
            }
            let mut conn = pool.acquire().await?;
            conn.execute("PRAGMA foreign_keys = OFF").await?;
            let rebuilt = rebuild_sqlite_enrolments(&mut conn).await;
            // The connection goes back to the pool: its foreign keys must be on again whatever happened.
            conn.execute("PRAGMA foreign_keys = ON").await?;
            rebuilt?;
        }
    }
    Ok(())
}

/// The rebuilt table is the table as the migrations leave it: every column and index a later
/// migration adds to `enrolments` must be restated here, because this runs after all of them.
async fn rebuild_sqlite_enrolments(conn: &mut sqlx::AnyConnection) -> StorageResult<()> {
    let mut tx = conn.begin().await?;
    tx.execute(
        "CREATE TABLE enrolments_rebuilt (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            course_slug TEXT NOT NULL REFERENCES courses (slug),
            version_id TEXT NOT NULL REFERENCES course_versions (id),
            assigned_by TEXT REFERENCES users (id),
            due_at BIGINT,
            enrolled_at BIGINT NOT NULL,
            ended_at BIGINT,
            started_at BIGINT,
            completed_at BIGINT,
            organisation_id TEXT REFERENCES organisations (id)
        );
        INSERT INTO enrolments_rebuilt (id, user_id, course_slug, version_id, assigned_by, due_at, enrolled_at, ended_at, started_at, completed_at, organisation_id)
            SELECT id, user_id, course_slug, version_id, assigned_by, due_at, enrolled_at, ended_at, started_at, completed_at, organisation_id FROM enrolments;
        DROP TABLE enrolments;
        ALTER TABLE enrolments_rebuilt RENAME TO enrolments;
        CREATE UNIQUE INDEX enrolments_current ON enrolments (user_id, course_slug) WHERE ended_at IS NULL;
        CREATE INDEX enrolments_report ON enrolments (course_slug, user_id, started_at, completed_at, due_at) WHERE ended_at IS NULL;
        CREATE INDEX enrolments_report_by_person ON enrolments (user_id, course_slug, started_at, completed_at, due_at) WHERE ended_at IS NULL;
        CREATE INDEX enrolments_ended ON enrolments (id) WHERE ended_at IS NOT NULL;
        CREATE INDEX enrolments_report_by_organisation ON enrolments (organisation_id, user_id, started_at, completed_at, due_at) WHERE ended_at IS NULL;
        CREATE INDEX enrolments_ended_by_person ON enrolments (user_id) WHERE ended_at IS NOT NULL;",
    )
    .await?;
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check").fetch_all(&mut *tx).await?;
    if let Some((table,)) = broken.first() {
        return Err(super::StorageError::Corrupt(format!("rebuilding enrolments left a broken reference in {table}")));
    }
    tx.commit().await?;
    Ok(())
}
