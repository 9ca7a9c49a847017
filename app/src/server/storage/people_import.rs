//! What the CSV import of people reads and writes beyond the people and cohort tables' own
//! functions: the people a file names with their roles and cohort memberships, read in a fixed
//! number of statements however long the file, inside the import's transaction.

use super::cohorts::placeholders;
use super::StorageResult;
use crate::domain::roles::Role;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

/// A person a file names who already has an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingPerson {
    pub id: String,
    pub email: String,
    pub name: String,
    pub organisation_id: Option<String>,
    pub roles: Vec<Role>,
}

#[derive(FromRow)]
struct PersonRow {
    id: String,
    email: String,
    name: String,
    organisation_id: Option<String>,
}

/// Every organisation, as (id, name).
pub async fn organisations(conn: &mut AnyConnection) -> StorageResult<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT id, name FROM organisations ORDER BY name").fetch_all(&mut *conn).await?)
}

/// The people with these (normalised) email addresses, with their roles.
pub async fn existing_people(conn: &mut AnyConnection, emails: &[String]) -> StorageResult<Vec<ExistingPerson>> {
    let mut people = Vec::new();
    for chunk in emails.chunks(500) {
        let list = placeholders(1, chunk.len());
        let sql = format!("SELECT id, email, name, organisation_id FROM users WHERE email IN ({list})");
        let mut query = sqlx::query_as::<_, PersonRow>(&sql);
        for email in chunk {
            query = query.bind(email);
        }
        let rows = query.fetch_all(&mut *conn).await?;
        let sql = format!("SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email IN ({list})");
        let mut query = sqlx::query_as::<_, (String, String)>(&sql);
        for email in chunk {
            query = query.bind(email);
        }
        let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
        for (user_id, code) in query.fetch_all(&mut *conn).await? {
            if let Some(role) = Role::from_code(&code) {
                roles.entry(user_id).or_default().push(role);
            }
        }
        people.extend(rows.into_iter().map(|row| {
            let mut held = roles.remove(&row.id).unwrap_or_default();
            held.sort();
            ExistingPerson { id: row.id, email: row.email, name: row.name, organisation_id: row.organisation_id, roles: held }
        }));
    }
    Ok(people)
}

/// The (cohort id, user id) memberships of these people.
pub async fn memberships(conn: &mut AnyConnection, user_ids: &[String]) -> StorageResult<Vec<(String, String)>> {
    let mut found = Vec::new();
    for chunk in user_ids.chunks(500) {
        let sql = format!("SELECT cohort_id, user_id FROM cohort_members WHERE user_id IN ({})", placeholders(1, chunk.len()));
        let mut query = sqlx::query_as::<_, (String, String)>(&sql);
        for id in chunk {
            query = query.bind(id);
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

pub async fn set_name(conn: &mut AnyConnection, user_id: &str, name: &str) -> StorageResult<()> {
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2").bind(name).bind(user_id).execute(&mut *conn).await?;
    Ok(())
}
