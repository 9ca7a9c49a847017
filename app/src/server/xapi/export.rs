//! Administrators' exports of stored xAPI statements as one JSON array, streamed a page of
//! statements at a time so that a course with a million statements never sits in memory.
//!
//! Who may export what (lines in `server/tests/authorisation_matrix/table.rs`):
//! - a learner's statements: a platform administrator for anyone, an organisation
//!   administrator for the people of their organisation (anyone else is answered as one who
//!   does not exist);
//! - a course's statements: a platform administrator or a trainer, who see the course's
//!   results page too. Statements name learners by pseudonym only, so they tell a trainer no
//!   more than that page does.
//!
//! Every export is written to the audit log.

use crate::domain::administration::AdminScope;
use crate::domain::audit::AuditAction;
use crate::page::SessionUser;
use crate::server::context::AppState;
use crate::server::storage::audit::{self, NewAuditEvent};
use crate::server::storage::xapi_statements::{self, ExportScope, PageEnd};
use crate::server::storage::{StorageError, courses, users};
use futures_util::{Stream, StreamExt};
use std::pin::Pin;

/// Statements read per query.
const PAGE: i64 = 500;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No such person or course, or none the caller may export: the same answer for both.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A JSON file to download, in chunks.
pub struct JsonDownload {
    pub filename: String,
    pub chunks: Pin<Box<dyn Stream<Item = Result<Vec<u8>, std::io::Error>> + Send>>,
}

/// The statements about one learner.
pub async fn learner_statements(state: &AppState, admin: &SessionUser, scope: &AdminScope, client: &str, user_id: &str) -> Result<JsonDownload, ExportError> {
    let person = users::find_by_id(&state.db, user_id).await?.ok_or(ExportError::NotFound)?;
    if !scope.covers(person.organisation_id.as_deref()) {
        return Err(ExportError::NotFound);
    }
    let detail = format!("xapi statements of learner {user_id}");
    let event = NewAuditEvent {
        actor_id: Some(&admin.id),
        subject_user_id: Some(user_id),
        organisation_id: person.organisation_id.as_deref(),
        detail: &detail,
        client_address: Some(client),
        ..NewAuditEvent::default()
    };
    audit::record(&state.db, AuditAction::ReportExported, &event).await?;
    Ok(download(state, ExportScope::Learner(user_id).into(), format!("xapi-learner-{user_id}.json")))
}

/// The statements about one course (every version of it).
pub async fn course_statements(state: &AppState, viewer: &SessionUser, client: &str, slug: &str) -> Result<JsonDownload, ExportError> {
    if courses::latest_version(&state.db, slug).await?.is_none() {
        return Err(ExportError::NotFound);
    }
    let detail = format!("xapi statements of course {slug}");
    let event = NewAuditEvent { actor_id: Some(&viewer.id), detail: &detail, client_address: Some(client), ..NewAuditEvent::default() };
    audit::record(&state.db, AuditAction::ReportExported, &event).await?;
    Ok(download(state, OwnedScope::Course(slug.to_string()), format!("xapi-course-{slug}.json")))
}

/// An export scope the stream can own.
#[derive(Clone)]
enum OwnedScope {
    Learner(String),
    Course(String),
}

impl From<ExportScope<'_>> for OwnedScope {
    fn from(scope: ExportScope<'_>) -> OwnedScope {
        match scope {
            ExportScope::Learner(id) => OwnedScope::Learner(id.to_string()),
            ExportScope::Course(slug) => OwnedScope::Course(slug.to_string()),
        }
    }
}

impl OwnedScope {
    fn borrowed(&self) -> ExportScope<'_> {
        match self {
            OwnedScope::Learner(id) => ExportScope::Learner(id),
            OwnedScope::Course(slug) => ExportScope::Course(slug),
        }
    }
}

/// Where the stream stands: before the first page, after a page (where it ended), or done.
enum Cursor {
    Start,
    After(PageEnd),
    Done,
}

fn download(state: &AppState, scope: OwnedScope, filename: String) -> JsonDownload {
    let db = state.db.clone();
    let pages = futures_util::stream::unfold(Cursor::Start, move |cursor| {
        let db = db.clone();
        let scope = scope.clone();
        async move {
            let (after, first) = match cursor {
                Cursor::Done => return None,
                Cursor::Start => (None, true),
                Cursor::After(end) => (Some(end), false),
            };
            let rows = match xapi_statements::export_page(&db, scope.borrowed(), after.as_ref(), PAGE).await {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::error!(%error, "an xAPI export failed part-way");
                    return Some((Err(std::io::Error::other("the export failed")), Cursor::Done));
                }
            };
            let mut chunk = String::new();
            if first {
                chunk.push('[');
            }
            for (index, (statement, _, _)) in rows.iter().enumerate() {
                if !first || index > 0 {
                    chunk.push(',');
                }
                chunk.push('\n');
                chunk.push_str(statement);
            }
            let next = match rows.last() {
                Some((_, at, id)) if rows.len() as i64 == PAGE => Cursor::After((*at, id.clone())),
                _ => {
                    chunk.push_str("\n]\n");
                    Cursor::Done
                }
            };
            Some((Ok(chunk.into_bytes()), next))
        }
    });
    // Fused: the body may be polled once more after its end (with compression, it is), and an
    // unfold that has ended panics when polled again.
    JsonDownload { filename, chunks: Box::pin(pages.fuse()) }
}
