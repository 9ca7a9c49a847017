//! People: accounts with their roles and organisation.

use super::audit::{self, NewAuditEvent};
use super::{Db, StorageResult, now};
use crate::domain::audit::AuditAction;
use crate::domain::roles::Role;
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(Clone, Debug, FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub organisation_id: Option<String>,
    pub preferred_language: Option<String>,
    /// When an administrator deactivated the account; such a person cannot sign in.
    pub deactivated_at: Option<i64>,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub organisation_id: Option<&'a str>,
    pub roles: &'a [Role],
    pub password_hash: Option<&'a str>,
}

/// One row of the administrators' list of people.
#[derive(Clone, Debug)]
pub struct PersonListing {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub roles: Vec<Role>,
    pub has_password: bool,
}

const USER_COLUMNS: &str = "id, email, name, password_hash, organisation_id, preferred_language, deactivated_at";

/// Inserts the person and their roles in one transaction, so no account exists without roles.
pub async fn insert_user(db: &Db, user: NewUser<'_>) -> StorageResult<String> {
    insert_user_recorded(db, user, None).await
}

/// `insert_user`, recording `created` (whose subject becomes the new person) as a
/// `PersonCreated` audit event in the same transaction.
pub async fn insert_user_recorded(db: &Db, user: NewUser<'_>, created: Option<&NewAuditEvent<'_>>) -> StorageResult<String> {
    let mut tx = db.begin().await?;
    let id = insert_user_in(&mut tx, user).await?;
    if let Some(created) = created {
        let event = NewAuditEvent { subject_user_id: Some(&id), ..created.clone() };
        audit::insert(&mut *tx, AuditAction::PersonCreated, &event).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// `insert_user` inside the caller's transaction (the CSV import adds many people in one).
pub async fn insert_user_in(conn: &mut sqlx::AnyConnection, user: NewUser<'_>) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, organisation_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(user.email)
    .bind(user.name)
    .bind(user.password_hash)
    .bind(user.organisation_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    add_roles(conn, &id, user.roles).await?;
    Ok(id)
}

/// Gives a person roles they do not hold yet, inside the caller's transaction.
pub async fn add_roles(conn: &mut sqlx::AnyConnection, user_id: &str, roles: &[Role]) -> StorageResult<()> {
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(user_id)
            .bind(role.code())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn find_by_email(db: &Db, email: &str) -> StorageResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    Ok(sqlx::query_as::<_, UserRow>(&sql).bind(email).fetch_optional(db.pool()).await?)
}

pub async fn find_by_id(db: &Db, id: &str) -> StorageResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    Ok(sqlx::query_as::<_, UserRow>(&sql).bind(id).fetch_optional(db.pool()).await?)
}

pub async fn roles_of(db: &Db, user_id: &str) -> StorageResult<Vec<Role>> {
    let codes: Vec<(String,)> = sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db.pool())
        .await?;
    let mut roles: Vec<Role> = codes.iter().filter_map(|(code,)| Role::from_code(code)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn set_password_hash(db: &Db, user_id: &str, password_hash: &str) -> StorageResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn update_profile(db: &Db, user_id: &str, name: &str, preferred_language: &str) -> StorageResult<()> {
    sqlx::query("UPDATE users SET name = $1, preferred_language = $2 WHERE id = $3")
        .bind(name)
        .bind(preferred_language)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn set_preferred_language(db: &Db, user_id: &str, preferred_language: &str) -> StorageResult<()> {
    sqlx::query("UPDATE users SET preferred_language = $1 WHERE id = $2")
        .bind(preferred_language)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The administrators, oldest first: the first one is the deployment's founding account.
pub async fn administrators(db: &Db) -> StorageResult<Vec<UserRow>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id IN (SELECT user_id FROM user_roles WHERE role = $1) ORDER BY created_at, email"
    );
    Ok(sqlx::query_as::<_, UserRow>(&sql).bind(Role::Administrator.code()).fetch_all(db.pool()).await?)
}

#[derive(FromRow)]
struct PersonRow {
    id: String,
    name: String,
    email: String,
    organisation_name: Option<String>,
    password_hash: Option<String>,
}

pub async fn list_people(db: &Db) -> StorageResult<Vec<PersonListing>> {
    list_people_of(db, None).await
}

/// `list_people`, limited to the people of one organisation when `organisation_id` is given.
pub async fn list_people_of(db: &Db, organisation_id: Option<&str>) -> StorageResult<Vec<PersonListing>> {
    let in_organisation = if organisation_id.is_some() { "WHERE u.organisation_id = $1" } else { "" };
    let sql = format!(
        "SELECT u.id, u.name, u.email, o.name AS organisation_name, u.password_hash FROM users u \
         LEFT JOIN organisations o ON o.id = u.organisation_id {in_organisation} ORDER BY u.name, u.email"
    );
    let mut people = sqlx::query_as::<_, PersonRow>(&sql);
    if let Some(organisation_id) = organisation_id {
        people = people.bind(organisation_id);
    }
    let rows = people.fetch_all(db.pool()).await?;
    let roles_sql = if organisation_id.is_some() {
        "SELECT user_id, role FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE organisation_id = $1)"
    } else {
        "SELECT user_id, role FROM user_roles"
    };
    let mut roles = sqlx::query_as::<_, (String, String)>(roles_sql);
    if let Some(organisation_id) = organisation_id {
        roles = roles.bind(organisation_id);
    }
    let role_rows = roles.fetch_all(db.pool()).await?;
    let mut roles_by_user: HashMap<String, Vec<Role>> = HashMap::new();
    for (user_id, code) in role_rows {
        if let Some(role) = Role::from_code(&code) {
            roles_by_user.entry(user_id).or_default().push(role);
        }
    }
    Ok(rows
        .into_iter()
        .map(|PersonRow { id, name, email, organisation_name, password_hash }| {
            let mut roles = roles_by_user.remove(&id).unwrap_or_default();
            roles.sort();
            PersonListing { id, name, email, organisation_name, roles, has_password: password_hash.is_some() }
        })
        .collect())
}
