//! The audit log's table. The application only ever inserts into it and reads it: there is no
//! update and no delete here, except clearing a failed sign-in's typed address when that person
//! is erased.

use super::{Db, StorageError, StorageResult, now};
use crate::domain::audit::AuditAction;
use crate::domain::privacy::{AuditCursor, AuditFilter};
use sqlx::FromRow;

/// One thing that happened, as recorded.
#[derive(Clone, Debug, Default)]
pub struct NewAuditEvent<'a> {
    pub actor_id: Option<&'a str>,
    pub subject_user_id: Option<&'a str>,
    pub subject_email: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
    /// Facts an administrator needs to read the event (the roles before and after, the report's
    /// filters, a certificate's code), never secrets or passwords.
    pub detail: &'a str,
    pub client_address: Option<&'a str>,
}

/// Appends an event, inside the caller's transaction (`executor`) when the event belongs to a
/// change, so that the change and its record are stored together or not at all.
pub async fn insert<'e, E>(executor: E, action: AuditAction, event: &NewAuditEvent<'_>) -> StorageResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_events (id, occurred_at, action, actor_id, subject_user_id, subject_email, organisation_id, detail, client_address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(now())
    .bind(action.code())
    .bind(event.actor_id)
    .bind(event.subject_user_id)
    .bind(event.subject_email)
    .bind(event.organisation_id)
    .bind(event.detail)
    .bind(event.client_address)
    .execute(executor)
    .await?;
    Ok(())
}

/// Appends an event on its own (sign-ins, exports: events that change nothing else).
pub async fn record(db: &Db, action: AuditAction, event: &NewAuditEvent<'_>) -> StorageResult<()> {
    insert(db.pool(), action, event).await
}

// Reading the log (issue 13, audit and privacy): the administrators' page and CSV, and a
// person's own data download.

/// One entry as administrators read it, with the names and addresses of who did it and to whom
/// as they are today (an erased person's are gone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditListing {
    pub id: String,
    pub occurred_at: i64,
    pub action: AuditAction,
    pub actor: Option<(String, String)>,
    pub subject: Option<(String, String)>,
    /// The address typed in a failed sign-in that matched no account.
    pub subject_email: Option<String>,
    pub detail: String,
    pub client_address: Option<String>,
}

#[derive(FromRow)]
struct ListingRow {
    id: String,
    occurred_at: i64,
    action: String,
    actor_name: Option<String>,
    actor_email: Option<String>,
    subject_name: Option<String>,
    subject_email_now: Option<String>,
    subject_email: Option<String>,
    detail: String,
    client_address: Option<String>,
}

impl TryFrom<ListingRow> for AuditListing {
    type Error = StorageError;

    fn try_from(row: ListingRow) -> StorageResult<AuditListing> {
        let action = AuditAction::from_code(&row.action).ok_or_else(|| StorageError::Corrupt(format!("audit action {}", row.action)))?;
        Ok(AuditListing {
            id: row.id,
            occurred_at: row.occurred_at,
            action,
            actor: row.actor_name.zip(row.actor_email),
            subject: row.subject_name.zip(row.subject_email_now),
            subject_email: row.subject_email,
            detail: row.detail,
            client_address: row.client_address,
        })
    }
}

/// A value bound to a query built from a filter.
enum Bound {
    Text(String),
    Number(i64),
}

/// Up to `limit` entries matching `filter`, newest first, after `after` (keyset pagination on
/// (occurred_at, id), which the time index serves). One query, whatever the page.
pub async fn list(db: &Db, filter: &AuditFilter, after: Option<&AuditCursor>, limit: u32) -> StorageResult<Vec<AuditListing>> {
    let mut conditions = Vec::new();
    let mut binds = Vec::new();
    fn bind(value: Bound, binds: &mut Vec<Bound>) -> String {
        binds.push(value);
        format!("${}", binds.len())
    }
    if let Some(action) = filter.action {
        conditions.push(format!("e.action = {}", bind(Bound::Text(action.code().into()), &mut binds)));
    }
    if let Some(pattern) = filter.person_pattern() {
        let p = bind(Bound::Text(pattern), &mut binds);
        conditions.push(format!(
            "(LOWER(a.name) LIKE {p} ESCAPE '\\' OR LOWER(a.email) LIKE {p} ESCAPE '\\' OR LOWER(s.name) LIKE {p} ESCAPE '\\' \
             OR LOWER(s.email) LIKE {p} ESCAPE '\\' OR LOWER(e.subject_email) LIKE {p} ESCAPE '\\')"
        ));
    }
    if let Some(from) = filter.from {
        conditions.push(format!("e.occurred_at >= {}", bind(Bound::Number(from), &mut binds)));
    }
    if let Some(to) = filter.to {
        conditions.push(format!("e.occurred_at <= {}", bind(Bound::Number(to), &mut binds)));
    }
    if let Some(cursor) = after {
        let at = bind(Bound::Number(cursor.occurred_at), &mut binds);
        let id = bind(Bound::Text(cursor.id.clone()), &mut binds);
        conditions.push(format!("(e.occurred_at < {at} OR (e.occurred_at = {at} AND e.id < {id}))"));
    }
    let limit_placeholder = bind(Bound::Number(i64::from(limit)), &mut binds);
    let where_clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    let sql = format!(
        "SELECT e.id, e.occurred_at, e.action, a.name AS actor_name, a.email AS actor_email, s.name AS subject_name, \
         s.email AS subject_email_now, e.subject_email, e.detail, e.client_address \
         FROM audit_events e LEFT JOIN users a ON a.id = e.actor_id LEFT JOIN users s ON s.id = e.subject_user_id \
         {where_clause} ORDER BY e.occurred_at DESC, e.id DESC LIMIT {limit_placeholder}"
    );
    let mut query = sqlx::query_as::<_, ListingRow>(&sql);
    for value in binds {
        query = match value {
            Bound::Text(text) => query.bind(text),
            Bound::Number(number) => query.bind(number),
        };
    }
    query.fetch_all(db.pool()).await?.into_iter().map(AuditListing::try_from).collect()
}

/// An entry about one person, for their own data download: what happened and when, never who
/// else was involved.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OwnAuditEvent {
    pub occurred_at: i64,
    pub action: String,
    pub done_by_themselves: bool,
    pub detail: String,
    pub client_address: Option<String>,
}

#[derive(FromRow)]
struct OwnEventRow {
    occurred_at: i64,
    action: String,
    actor_id: Option<String>,
    detail: String,
    client_address: Option<String>,
}

/// The entries whose subject is `user_id`, oldest first.
pub async fn about_person(db: &Db, user_id: &str) -> StorageResult<Vec<OwnAuditEvent>> {
    let rows: Vec<OwnEventRow> = sqlx::query_as(
        "SELECT occurred_at, action, actor_id, detail, client_address FROM audit_events WHERE subject_user_id = $1 ORDER BY occurred_at, id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| OwnAuditEvent {
            occurred_at: row.occurred_at,
            action: row.action,
            done_by_themselves: row.actor_id.as_deref() == Some(user_id),
            detail: row.detail,
            client_address: row.client_address,
        })
        .collect())
}

/// The one change the application makes to recorded entries: when a person is erased, the
/// address they typed in failed sign-ins is cleared (the entries and their ids stay).
pub async fn clear_typed_email<'e, E>(executor: E, email: &str) -> StorageResult<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let result = sqlx::query("UPDATE audit_events SET subject_email = NULL WHERE subject_email = $1").bind(email).execute(executor).await?;
    Ok(result.rows_affected())
}
