//! The stored xAPI statements as JSON downloads (issue 15): `GET /admin/people/{id}/xapi.json`
//! (one learner's, for their administrators) and `GET /author/courses/{slug}/xapi.json` (one
//! course's, for trainers and platform administrators). Plain routes because the answers are
//! files, streamed as the database is read; who may export what is decided by
//! `tiltas_app::server::xapi::export`.

use super::certificate_files::private_attachment;
use axum::Extension;
use axum::body::Body;
use axum::extract::Path;
use axum::response::Response;
use tiltas_app::domain::roles::Role;
use tiltas_app::error::AppError;
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::xapi::export::{self, JsonDownload};

pub async fn learner_statements(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(user_id): Path<String>,
) -> Result<Response, AppError> {
    let (admin, scope) = viewer.require_admin_scope()?;
    Ok(json_attachment(export::learner_statements(&state, &admin, &scope, &viewer.client_ip, &user_id).await?))
}

pub async fn course_statements(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let user = viewer.require_any_role(&[Role::Trainer, Role::Administrator])?;
    Ok(json_attachment(export::course_statements(&state, &user, &viewer.client_ip, &slug).await?))
}

fn json_attachment(download: JsonDownload) -> Response {
    private_attachment("application/json", &download.filename, Body::from_stream(download.chunks))
}
