//! The administrators' audit log: a filtered page of entries (keyset pagination, newest first)
//! and the same filters as a streamed CSV file.

use super::{PrivacyError, PrivacyResult};
use crate::domain::calendar::xml_date_time;
use crate::domain::privacy::{AUDIT_CSV_BATCH, AUDIT_PAGE_SIZE, AuditCursor, AuditFilter};
use crate::i18n::{Locale, Msg};
use crate::paths::{ADMIN_AUDIT_CSV_PATH, ADMIN_AUDIT_PATH};
use crate::server::context::AppState;
use crate::server::spreadsheet::csv_stream;
use crate::server::storage::audit::{self as store, AuditListing, NewAuditEvent};
use crate::server::storage::{Db, StorageError};
use crate::views::privacy::{AuditEntryView, AuditLogView, AuditQuery};
use crate::domain::audit::AuditAction;

/// The query string of the page (or CSV) for `query`, starting after `after`.
fn address(path: &str, query: &AuditQuery, after: Option<&AuditCursor>) -> String {
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [("action", &query.action), ("person", &query.person), ("from", &query.from), ("to", &query.to)] {
        if !value.trim().is_empty() {
            pairs.append_pair(name, value.trim());
        }
    }
    if let Some(cursor) = after {
        pairs.append_pair("after", &cursor.encode());
    }
    let query = pairs.finish();
    if query.is_empty() { path.to_string() } else { format!("{path}?{query}") }
}

fn person_text(person: &Option<(String, String)>) -> Option<String> {
    person.as_ref().map(|(name, email)| format!("{name} ({email})"))
}

/// One page of the log. A filter that cannot be read shows no entries but the form with each
/// problem beside its field, and what was typed kept.
pub async fn audit_log_page(state: &AppState, query: AuditQuery) -> PrivacyResult<AuditLogView> {
    let csv = address(ADMIN_AUDIT_CSV_PATH, &query, None);
    let filter = match AuditFilter::parse(&query.action, &query.person, &query.from, &query.to) {
        Ok(filter) => filter,
        Err(problems) => {
            let problems = problems.into_iter().map(|(field, msg)| (field.to_string(), msg)).collect();
            return Ok(AuditLogView { query, problems, entries: Vec::new(), older: None, csv });
        }
    };
    let after = AuditCursor::decode(&query.after);
    // One more than a page, to know whether an older page exists.
    let mut listed = store::list(&state.db, &filter, after.as_ref(), AUDIT_PAGE_SIZE + 1).await?;
    let older = if listed.len() > AUDIT_PAGE_SIZE as usize {
        listed.truncate(AUDIT_PAGE_SIZE as usize);
        listed.last().map(|last| address(ADMIN_AUDIT_PATH, &query, Some(&AuditCursor { occurred_at: last.occurred_at, id: last.id.clone() })))
    } else {
        None
    };
    let entries = listed
        .into_iter()
        .map(|entry| AuditEntryView {
            occurred_at: entry.occurred_at,
            action: entry.action,
            actor: person_text(&entry.actor),
            subject: person_text(&entry.subject).or(entry.subject_email),
            detail: entry.detail,
            client_address: entry.client_address,
        })
        .collect();
    Ok(AuditLogView { query, problems: Vec::new(), entries, older, csv })
}

/// A CSV line of the log: the time as a spreadsheet reads it, the action in the reader's
/// language, then who, to whom, what and from where.
fn csv_row(entry: AuditListing, locale: Locale) -> Vec<String> {
    let (actor_name, actor_email) = entry.actor.unwrap_or_default();
    let (subject_name, subject_email) = entry.subject.unwrap_or_else(|| (String::new(), entry.subject_email.unwrap_or_default()));
    vec![
        xml_date_time(entry.occurred_at),
        entry.action.label().text(locale).to_string(),
        actor_name,
        actor_email,
        subject_name,
        subject_email,
        entry.detail,
        entry.client_address.unwrap_or_default(),
    ]
}

/// The log, filtered as `query` says, as a CSV stream read in bounded batches, after recording
/// the export itself (who exported what, as any report export).
pub async fn audit_log_csv(
    state: &AppState,
    admin_id: &str,
    client_address: &str,
    query: &AuditQuery,
    locale: Locale,
) -> PrivacyResult<impl futures_util::Stream<Item = Result<Vec<u8>, StorageError>> + Send + 'static> {
    let filter = AuditFilter::parse(&query.action, &query.person, &query.from, &query.to)
        .map_err(|problems| {
            // The file has no form to show every problem beside: the first one is reported.
            problems.into_iter().next().map(|(field, msg)| PrivacyError::invalid(field, msg)).unwrap_or(PrivacyError::NotFound)
        })?;
    let detail = format!("audit log: {}", address(ADMIN_AUDIT_CSV_PATH, query, None));
    let event = NewAuditEvent { actor_id: Some(admin_id), detail: &detail, client_address: Some(client_address), ..NewAuditEvent::default() };
    store::record(&state.db, AuditAction::ReportExported, &event).await?;
    let columns = [Msg::AuditTime, Msg::AuditActionFilter, Msg::AuditActor, Msg::Email, Msg::AuditSubject, Msg::Email, Msg::AuditDetail];
    let header = columns.iter().chain([&Msg::AuditAddress]).map(|msg| msg.text(locale).to_string()).collect();
    let db: Db = state.db.clone();
    Ok(csv_stream(header, move |cursor: Option<String>| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let after = cursor.as_deref().and_then(AuditCursor::decode);
            let listed = store::list(&db, &filter, after.as_ref(), AUDIT_CSV_BATCH).await?;
            let next = (listed.len() == AUDIT_CSV_BATCH as usize)
                .then(|| listed.last().map(|last| AuditCursor { occurred_at: last.occurred_at, id: last.id.clone() }.encode()))
                .flatten();
            Ok::<_, StorageError>((listed.into_iter().map(|entry| csv_row(entry, locale)).collect(), next))
        }
    }))
}

