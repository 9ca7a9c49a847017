//! `GET /author/courses/{slug}/download.zip`: a course's published files as a zip, for trainers
//! who keep courses in Git. A plain route rather than a server function because the answer is a
//! file, not data for a page.

use axum::Extension;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::domain::roles::Role;
use tiltas_app::error::AppError;
use tiltas_app::server::authoring;
use tiltas_app::server::context::{AppState, Viewer};

pub async fn download_course_zip(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    viewer.require_role(Role::Trainer)?;
    let bytes = authoring::published_zip(&state.db, &slug).await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{slug}.zip\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("application/zip")), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
