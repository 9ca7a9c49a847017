//! The reports as CSV files for spreadsheets: the completion table and the list behind a figure.
//! Each is streamed (`spreadsheet::csv_stream`): the list is read from the database in
//! keyset-paginated batches of `BATCH` lines, so an export of 100,000 lines holds one batch in
//! memory at a time. The column headers are in the administrator's language, and every export
//! is recorded in the audit log with its filters.

use super::people::{person_row, status};
use super::{ReportParams, ReportsResult, completion_table, course_titles};
use crate::domain::administration::AdminScope;
use crate::domain::audit::AuditAction;
use crate::domain::calendar::date_text;
use crate::domain::reporting::{ReportFilter, ReportStatus};
use crate::i18n::{Locale, Msg};
use crate::page::SessionUser;
use crate::server::context::AppState;
use crate::server::spreadsheet::csv_stream;
use crate::server::storage::audit::{self, NewAuditEvent};
use crate::server::storage::reporting::{self as store, ListOrder, ReportScope};
use crate::server::storage::{Db, now};
use crate::views::admin_reports::ReportPersonRow;
use futures_util::{Stream, StreamExt};
use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;

/// Lines read from the database per batch of an export.
pub const BATCH: i64 = 1000;

/// A CSV file on its way: its name and its bytes, chunk by chunk. A failure part-way is logged
/// and ends the download (the browser reports it as failed); its cause is never sent.
pub struct CsvDownload {
    pub filename: String,
    pub chunks: Pin<Box<dyn Stream<Item = Result<Vec<u8>, std::io::Error>> + Send>>,
}

/// Who exported what, for the audit log.
pub struct Exporter<'a> {
    pub admin: &'a SessionUser,
    pub scope: &'a AdminScope,
    pub client_address: &'a str,
    pub locale: Locale,
}

async fn record_export(db: &Db, exporter: &Exporter<'_>, report: &str, filter: &ReportFilter, extra: &[(&str, &str)]) -> ReportsResult<()> {
    let detail = format!("{report}: {}", filter.query(extra));
    let event = NewAuditEvent {
        actor_id: Some(&exporter.admin.id),
        organisation_id: exporter.scope.organisation_filter(),
        detail: &detail,
        client_address: Some(exporter.client_address),
        ..NewAuditEvent::default()
    };
    audit::record(db, AuditAction::ReportExported, &event).await?;
    Ok(())
}

fn logged<S, E>(chunks: S) -> Pin<Box<dyn Stream<Item = Result<Vec<u8>, std::io::Error>> + Send>>
where
    S: Stream<Item = Result<Vec<u8>, E>> + Send + 'static,
    E: std::fmt::Display,
{
    Box::pin(chunks.map(|chunk| {
        chunk.map_err(|error| {
            tracing::error!(%error, "a report export failed part-way");
            std::io::Error::other("the export failed")
        })
    }))
}

/// The completion table as CSV: a line per group, then the total.
pub async fn completion_csv(state: &AppState, exporter: &Exporter<'_>, params: &ReportParams) -> ReportsResult<CsvDownload> {
    let locale = exporter.locale;
    let filter = params.filter()?;
    let report = ReportScope { scope: exporter.scope, filter: &filter, now: now() };
    let titles: HashMap<String, String> = course_titles(state, locale).await?.into_iter().collect();
    let (rows, totals) = completion_table(state, report, &titles, locale).await?;
    record_export(&state.db, exporter, "completion", &filter, &[]).await?;

    let mut header = vec![filter.group_by.label().text(locale).to_string()];
    header.extend(ReportStatus::ALL.iter().map(|status| status.heading(filter.expiring_days, locale)));
    let mut lines: Vec<Vec<String>> = rows
        .iter()
        .map(|row| std::iter::once(row.label.clone()).chain(ReportStatus::ALL.iter().map(|s| row.counts.get(*s).to_string())).collect())
        .collect();
    lines.push(std::iter::once(Msg::ReportTotal.text(locale).to_string()).chain(ReportStatus::ALL.iter().map(|s| totals.get(*s).to_string())).collect());
    // The table is small (a line per course, organisation or cohort), but goes out through the
    // same stream as every export, a batch at a time.
    let lines = Arc::new(lines);
    let chunks = csv_stream(header, move |cursor: Option<String>| {
        let lines = lines.clone();
        async move {
            let start: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
            let end = (start + BATCH as usize).min(lines.len());
            let next = (end < lines.len()).then(|| end.to_string());
            Ok::<_, std::convert::Infallible>((lines[start.min(end)..end].to_vec(), next))
        }
    });
    Ok(CsvDownload { filename: format!("tiltas-completion-{}.csv", date_text(report.now)), chunks: logged(chunks) })
}

/// What an export of a list reads: fixed when the export starts.
struct PeopleExport {
    db: Db,
    scope: AdminScope,
    filter: ReportFilter,
    status: ReportStatus,
    now: i64,
    titles: HashMap<String, String>,
    locale: Locale,
}

impl PeopleExport {
    /// The batch after `cursor` (an enrolment's or certificate's id), as CSV cells, and the
    /// cursor after it (none once a batch comes back short: that was the last).
    async fn batch(&self, cursor: Option<String>) -> ReportsResult<(Vec<Vec<String>>, Option<String>)> {
        let report = ReportScope { scope: &self.scope, filter: &self.filter, now: self.now };
        let lines = store::people_lines(&self.db, report, self.status, ListOrder::ById { after: cursor.as_deref() }, BATCH).await?;
        let next = if lines.len() as i64 == BATCH { lines.last().map(|line| line.row_id.clone()) } else { None };
        let cells = lines.into_iter().map(|line| self.cells(person_row(line, self.status, &self.titles, self.now))).collect();
        Ok((cells, next))
    }

    fn cells(&self, row: ReportPersonRow) -> Vec<String> {
        let text = |msg: Msg| msg.text(self.locale).to_string();
        let date = |at: Option<i64>| at.map(date_text).unwrap_or_default();
        vec![
            row.name,
            row.email,
            row.organisation.unwrap_or_default(),
            row.course_title,
            row.state.map(|s| text(s.label())).unwrap_or_default(),
            date(row.due_at),
            if row.overdue { text(Msg::ReportOverdue) } else { String::new() },
            date(row.completed_at),
            date(row.issued_at),
            date(row.expires_at),
        ]
    }
}

/// The list behind one figure as CSV, in batches of `BATCH`.
pub async fn people_csv(state: &AppState, exporter: &Exporter<'_>, params: &ReportParams) -> ReportsResult<CsvDownload> {
    let locale = exporter.locale;
    let filter = params.filter()?;
    let status = status(params)?;
    let titles: HashMap<String, String> = course_titles(state, locale).await?.into_iter().collect();
    record_export(&state.db, exporter, "people", &filter, &[("status", status.code())]).await?;
    let header = [
        Msg::Name,
        Msg::Email,
        Msg::Organisation,
        Msg::Course,
        Msg::Status,
        Msg::ReportDueDate,
        Msg::ReportOverdue,
        Msg::ReportCompletedOn,
        Msg::ReportIssuedOn,
        Msg::ReportExpiresOn,
    ]
    .iter()
    .map(|msg| msg.text(locale).to_string())
    .collect();
    let started = now();
    let export = Arc::new(PeopleExport { db: state.db.clone(), scope: exporter.scope.clone(), filter, status, now: started, titles, locale });
    let chunks = csv_stream(header, move |cursor: Option<String>| {
        let export = export.clone();
        async move { export.batch(cursor).await }
    });
    Ok(CsvDownload { filename: format!("tiltas-people-{}-{}.csv", status.code(), date_text(started)), chunks: logged(chunks) })
}
