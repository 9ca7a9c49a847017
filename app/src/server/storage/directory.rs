//! The administrators' directory of people: one page of a filtered list, its total, and one
//! person with everything their page shows. A page of the list is three statements (the count,
//! the rows, their roles) however many people there are.

use super::{Db, StorageResult};
use crate::domain::people::{PEOPLE_PER_PAGE, PersonStatus};
use crate::domain::roles::Role;
use sqlx::FromRow;
use std::collections::HashMap;

/// Which people a list covers: the administrator's scope and the list's filters together.
#[derive(Clone, Debug, Default)]
pub struct DirectoryQuery<'a> {
    /// Only people of this organisation (the organisation administrator's own, or a platform
    /// administrator's filter).
    pub organisation_id: Option<&'a str>,
    /// Leave out platform administrators (for organisation administrators, who may not manage them).
    pub without_administrators: bool,
    /// Part of a name or email address.
    pub search: &'a str,
    pub role: Option<Role>,
    pub status: Option<PersonStatus>,
}

#[derive(Clone, Debug, FromRow)]
pub struct DirectoryRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub has_password: bool,
    pub deactivated_at: Option<i64>,
    pub erased_at: Option<i64>,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
}

impl DirectoryRow {
    pub fn status(&self) -> PersonStatus {
        PersonStatus::of(self.has_password, self.deactivated_at, self.erased_at)
    }
}

const ROW_COLUMNS: &str = "u.id, u.name, u.email, u.organisation_id, o.name AS organisation_name, \
u.password_hash, u.deactivated_at, u.erased_at, u.created_at, u.last_seen_at";

/// The row as read. Only whether there is a password leaves this module, never the hash.
#[derive(FromRow)]
struct RawRow {
    id: String,
    name: String,
    email: String,
    organisation_id: Option<String>,
    organisation_name: Option<String>,
    password_hash: Option<String>,
    deactivated_at: Option<i64>,
    erased_at: Option<i64>,
    created_at: i64,
    last_seen_at: Option<i64>,
}

impl From<RawRow> for DirectoryRow {
    fn from(raw: RawRow) -> DirectoryRow {
        DirectoryRow {
            id: raw.id,
            name: raw.name,
            email: raw.email,
            organisation_id: raw.organisation_id,
            organisation_name: raw.organisation_name,
            has_password: raw.password_hash.is_some(),
            deactivated_at: raw.deactivated_at,
            erased_at: raw.erased_at,
            created_at: raw.created_at,
            last_seen_at: raw.last_seen_at,
        }
    }
}

/// A `LIKE` pattern matching `text` anywhere, with the pattern characters in it taken literally
/// (escaped with `\`, named in each query's `ESCAPE` clause).
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl DirectoryQuery<'_> {
    /// The `WHERE` clause (on `users u`) and the text values bound to its `$1…$n`, in order.
    fn condition(&self) -> (String, Vec<String>) {
        let mut conditions = vec!["1 = 1".to_string()];
        let mut values: Vec<String> = Vec::new();
        let bind = |value: String, values: &mut Vec<String>| {
            values.push(value);
            format!("${}", values.len())
        };
        if let Some(organisation) = self.organisation_id {
            let at = bind(organisation.to_string(), &mut values);
            conditions.push(format!("u.organisation_id = {at}"));
        }
        if self.without_administrators {
            let at = bind(Role::Administrator.code().to_string(), &mut values);
            conditions.push(format!("u.id NOT IN (SELECT user_id FROM user_roles WHERE role = {at})"));
        }
        if !self.search.is_empty() {
            // Emails are stored lower-cased. SQLite's LOWER folds ASCII letters only, so the
            // name is also compared as typed: "Šarūnas" finds "Šarūnas" on both databases, and
            // "ona" finds "Ona" everywhere.
            let lowered = bind(contains_pattern(&self.search.to_lowercase()), &mut values);
            let typed = bind(contains_pattern(self.search), &mut values);
            conditions.push(format!(
                "(LOWER(u.name) LIKE {lowered} ESCAPE '\\' OR u.name LIKE {typed} ESCAPE '\\' OR u.email LIKE {lowered} ESCAPE '\\')"
            ));
        }
        if let Some(role) = self.role {
            let at = bind(role.code().to_string(), &mut values);
            conditions.push(format!("u.id IN (SELECT user_id FROM user_roles WHERE role = {at})"));
        }
        match self.status {
            // Erased people are records kept for their certificates, not people to manage: they
            // are listed only when asked for.
            None => conditions.push("u.erased_at IS NULL".into()),
            Some(PersonStatus::Active) => {
                conditions.push("u.password_hash IS NOT NULL AND u.deactivated_at IS NULL AND u.erased_at IS NULL".into())
            }
            Some(PersonStatus::Invited) => {
                conditions.push("u.password_hash IS NULL AND u.deactivated_at IS NULL AND u.erased_at IS NULL".into())
            }
            Some(PersonStatus::Deactivated) => conditions.push("u.deactivated_at IS NOT NULL AND u.erased_at IS NULL".into()),
            Some(PersonStatus::Erased) => conditions.push("u.erased_at IS NOT NULL".into()),
        }
        (conditions.join(" AND "), values)
    }
}

/// How many people the query covers.
pub async fn count_people(db: &Db, query: &DirectoryQuery<'_>) -> StorageResult<i64> {
    let (condition, values) = query.condition();
    let sql = format!("SELECT COUNT(*) FROM users u WHERE {condition}");
    let mut statement = sqlx::query_as::<_, (i64,)>(&sql);
    for value in values {
        statement = statement.bind(value);
    }
    Ok(statement.fetch_one(db.pool()).await?.0)
}

/// One page of the people the query covers, by name, then email (unique, so the order is total).
pub async fn page_of_people(db: &Db, query: &DirectoryQuery<'_>, offset: i64) -> StorageResult<Vec<DirectoryRow>> {
    let (condition, values) = query.condition();
    // Both numbers are computed here, never typed by anyone, so they are written in the SQL.
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id \
         WHERE {condition} ORDER BY u.name, u.email LIMIT {PEOPLE_PER_PAGE} OFFSET {}",
        offset.max(0)
    );
    let mut statement = sqlx::query_as::<_, RawRow>(&sql);
    for value in values {
        statement = statement.bind(value);
    }
    Ok(statement.fetch_all(db.pool()).await?.into_iter().map(DirectoryRow::from).collect())
}

/// The roles of the people with these ids (at most a page of them), each list sorted.
pub async fn roles_of_people(db: &Db, ids: &[String]) -> StorageResult<HashMap<String, Vec<Role>>> {
    let mut by_person: HashMap<String, Vec<Role>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_person);
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!("SELECT user_id, role FROM user_roles WHERE user_id IN ({})", placeholders.join(", "));
    let mut statement = sqlx::query_as::<_, (String, String)>(&sql);
    for id in ids {
        statement = statement.bind(id.clone());
    }
    for (user_id, code) in statement.fetch_all(db.pool()).await? {
        if let Some(role) = Role::from_code(&code) {
            by_person.entry(user_id).or_default().push(role);
        }
    }
    for roles in by_person.values_mut() {
        roles.sort();
    }
    Ok(by_person)
}

/// One person as the directory shows them, whatever their status.
pub async fn person(db: &Db, id: &str) -> StorageResult<Option<DirectoryRow>> {
    let sql = format!("SELECT {ROW_COLUMNS} FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1");
    Ok(sqlx::query_as::<_, RawRow>(&sql).bind(id).fetch_optional(db.pool()).await?.map(DirectoryRow::from))
}
