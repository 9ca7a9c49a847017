//! The administrators' reports as CSV downloads: `GET /admin/reports.csv` (the completion
//! table) and `GET /admin/reports/people.csv` (the people behind one figure), with the same
//! query parameters as the pages they come from. Plain routes rather than server functions
//! because the answers are files, streamed as the database is read (see
//! `tiltas_app::server::admin_reports::export`). The caller must administer something; what
//! they get is limited to their scope by the service.

use axum::Extension;
use axum::body::Body;
use axum::extract::Query;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::error::AppError;
use tiltas_app::server::admin_reports::export::{self, CsvDownload, Exporter};
use tiltas_app::server::admin_reports::ReportParams;
use tiltas_app::server::context::{AppState, Viewer};

pub async fn completion_csv(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<ReportParams>,
) -> Result<Response, AppError> {
    let (admin, scope) = viewer.require_admin_scope()?;
    let exporter = Exporter { admin: &admin, scope: &scope, client_address: &viewer.client_ip, locale: viewer.page.locale };
    Ok(csv_attachment(export::completion_csv(&state, &exporter, &params).await?))
}

pub async fn people_csv(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<ReportParams>,
) -> Result<Response, AppError> {
    let (admin, scope) = viewer.require_admin_scope()?;
    let exporter = Exporter { admin: &admin, scope: &scope, client_address: &viewer.client_ip, locale: viewer.page.locale };
    Ok(csv_attachment(export::people_csv(&state, &exporter, &params).await?))
}

/// A CSV file to save, never stored by a shared cache (it names people) nor run as a page.
fn csv_attachment(download: CsvDownload) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", download.filename))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let mut response = Body::from_stream(download.chunks).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
