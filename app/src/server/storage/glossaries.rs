//! The terminology glossary, stored whole as JSON by the course importer, with a hash of it so
//! that an instance can tell with one small query whether its copy is current.

use super::{Db, StorageResult, now, sha256_hex};

/// The glossary that comes with the courses folder.
pub const COURSES_GLOSSARY: &str = "courses";

/// Stores the glossary `name`, replacing the previous one; `None` removes it.
pub async fn save_glossary(db: &Db, name: &str, content_json: Option<&str>) -> StorageResult<()> {
    match content_json {
        Some(json) => {
            let hash = sha256_hex(json.as_bytes());
            sqlx::query(
                "INSERT INTO glossaries (name, content_json, content_hash, imported_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (name) DO UPDATE SET content_json = excluded.content_json, \
                 content_hash = excluded.content_hash, imported_at = excluded.imported_at",
            )
            .bind(name)
            .bind(json)
            .bind(hash)
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

/// The hash of the stored glossary `name`, `None` if there is none.
pub async fn glossary_hash(db: &Db, name: &str) -> StorageResult<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT content_hash FROM glossaries WHERE name = $1").bind(name).fetch_optional(db.pool()).await?;
    Ok(row.map(|(hash,)| hash))
}

/// The stored glossary `name` as JSON with its hash, `None` if there is none.
pub async fn glossary_json(db: &Db, name: &str) -> StorageResult<Option<(String, String)>> {
    Ok(sqlx::query_as("SELECT content_json, content_hash FROM glossaries WHERE name = $1")
        .bind(name)
        .fetch_optional(db.pool())
        .await?)
}
