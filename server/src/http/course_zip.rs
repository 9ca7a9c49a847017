//! `GET /author/courses/{slug}/download.zip`: a course's published files as a zip, for trainers
//! who keep courses in Git. A plain route rather than a server function because the answer is a
//! file, not data for a page.

use axum::Extension;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Msg;
use tiltas_app::server::authoring;
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::storage::courses;

pub async fn download_course_zip(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
) -> Response {
    let locale = viewer.page.locale;
    let Some(user) = viewer.page.user else {
        return (StatusCode::FOUND, [(header::LOCATION, HeaderValue::from_static("/login"))]).into_response();
    };
    if !user.has_role(Role::Trainer) {
        return (StatusCode::FORBIDDEN, Msg::ForbiddenBody.text(locale)).into_response();
    }
    let zipped = async {
        let Some(version) = courses::latest_version(&state.db, &slug).await? else { return Ok(None) };
        let files = courses::version_files(&state.db, &version.id).await?;
        authoring::zip_course(&slug, &files).map(Some)
    };
    match zipped.await {
        Ok(Some(bytes)) => {
            let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{slug}.zip\""))
                .unwrap_or(HeaderValue::from_static("attachment"));
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/zip")), (header::CONTENT_DISPOSITION, disposition)], bytes)
                .into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, Msg::NotFoundBody.text(locale)).into_response(),
        Err(error) => {
            tracing::error!(%error, %slug, "building a course zip failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Msg::InternalBody.text(locale)).into_response()
        }
    }
}
