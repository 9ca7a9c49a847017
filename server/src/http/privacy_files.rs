//! The two downloads of issue 13's audit and privacy part, plain routes because the answers are
//! files: `GET /profile/my-data.json`, everything Tiltas holds about the person asking, and
//! `GET /admin/audit.csv`, the audit log (with the page's filters) for platform administrators,
//! streamed in bounded batches.

use axum::Extension;
use axum::body::Body;
use axum::extract::Query;
use axum::response::Response;
use super::certificate_files::private_attachment;
use tiltas_app::domain::roles::Role;
use tiltas_app::error::AppError;
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::privacy::{audit_log, personal_data};
use tiltas_app::views::privacy::AuditQuery;

pub async fn my_data(Extension(state): Extension<AppState>, Extension(viewer): Extension<Viewer>) -> Result<Response, AppError> {
    let user = viewer.require_user()?;
    let download = personal_data::personal_data(&state.db, &user.id, &viewer.client_ip).await?;
    Ok(private_attachment(download.content_type, &download.filename, Body::from(download.bytes)))
}

/// The filters arrive as the page's GET form sends them; any may be missing.
#[derive(serde::Deserialize)]
pub struct AuditCsvQuery {
    #[serde(default)]
    action: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

pub async fn audit_csv(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(filters): Query<AuditCsvQuery>,
) -> Result<Response, AppError> {
    let admin = viewer.require_role(Role::Administrator)?;
    let query = AuditQuery { action: filters.action, person: filters.person, from: filters.from, to: filters.to, after: String::new() };
    let stream = audit_log::audit_log_csv(&state, &admin.id, &viewer.client_ip, &query, viewer.page.locale).await?;
    let filename = format!("tiltas-audit-log-{}.csv", tiltas_app::domain::calendar::date_text(unix_now()));
    Ok(private_attachment("text/csv; charset=utf-8", &filename, Body::from_stream(stream)))
}

/// Seconds since 1970, for the file name's date (the handler does not reach into storage).
fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
