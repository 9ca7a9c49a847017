//! Organisations: the police headquarters, social services departments and inspectorates
//! that learners belong to.

use super::{Db, StorageResult, now};

#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationListing {
    pub id: String,
    pub name: String,
    pub people: i64,
}

pub async fn insert_organisation(db: &Db, name: &str) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(name)
        .bind(now())
        .execute(db.pool())
        .await?;
    Ok(id)
}

/// Gives an organisation a new name; false when there is no such organisation. A name another
/// organisation has is `UniqueViolation`.
pub async fn rename_organisation(db: &Db, id: &str, name: &str) -> StorageResult<bool> {
    let renamed = sqlx::query("UPDATE organisations SET name = $1 WHERE id = $2").bind(name).bind(id).execute(db.pool()).await?;
    Ok(renamed.rows_affected() == 1)
}

pub async fn list_organisations(db: &Db) -> StorageResult<Vec<OrganisationListing>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.name, COUNT(u.id) FROM organisations o LEFT JOIN users u ON u.organisation_id = o.id \
         GROUP BY o.id, o.name ORDER BY o.name",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, name, people)| OrganisationListing { id, name, people }).collect())
}

/// Every organisation's (id, name), by name: the choices of a form or a filter, without the
/// people counts `list_organisations` adds up.
pub async fn organisation_names(db: &Db) -> StorageResult<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT id, name FROM organisations ORDER BY name").fetch_all(db.pool()).await?)
}

/// The organisations whose people may sign in with a password, by name: the ones a new person
/// may register in (an organisation whose passwords are off takes its people through its
/// identity provider only).
pub async fn organisations_with_passwords(db: &Db) -> StorageResult<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT id, name FROM organisations WHERE passwords_disabled = 0 ORDER BY name").fetch_all(db.pool()).await?)
}

pub async fn find_by_name(db: &Db, name: &str) -> StorageResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn name_of(db: &Db, id: &str) -> StorageResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(name,)| name))
}
