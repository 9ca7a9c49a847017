//! The terminology glossary, stored whole as JSON by the course importer.

use super::{Db, StorageResult, now};

/// The glossary that comes with the courses folder.
pub const COURSES_GLOSSARY: &str = "courses";

/// Stores the glossary `name`, replacing the previous one; `None` removes it.
pub async fn save_glossary(db: &Db, name: &str, content_json: Option<&str>) -> StorageResult<()> {
    match content_json {
        Some(json) => {
            sqlx::query(
                "INSERT INTO glossaries (name, content_json, imported_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET content_json = excluded.content_json, imported_at = excluded.imported_at",
            )
            .bind(name)
            .bind(json)
            .bind(now())
            .execute(db.pool())
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM glossaries WHERE name = $1").bind(name).execute(db.pool()).await?;
        }
    }
    Ok(())
}

/// The stored glossary `name` as JSON, `None` if there is none.
pub async fn glossary_json(db: &Db, name: &str) -> StorageResult<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT content_json FROM glossaries WHERE name = $1").bind(name).fetch_optional(db.pool()).await?;
    Ok(row.map(|(json,)| json))
}
