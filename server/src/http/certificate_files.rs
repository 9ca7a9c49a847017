//! A certificate's files, for its holder or an administrator: `GET /certificates/{id}/pdf/{en|lt}`
//! and `GET /certificates/{id}/credential`. Plain routes rather than server functions because the
//! answers are files. Anyone else, and any unknown id, gets the same "not found".

use axum::Extension;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::domain::roles::Role;
use tiltas_app::error::AppError;
use tiltas_app::i18n::Locale;
use tiltas_app::server::certificates::credential;
use tiltas_app::server::certificates::documents::{self, Download};
use tiltas_app::server::context::{AppState, Viewer};

pub async fn certificate_pdf(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((id, language)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let user = viewer.require_user()?;
    let language = Locale::from_code(&language).ok_or(AppError::NotFound)?;
    let download = documents::certificate_pdf(&state, &user.id, user.has_role(Role::Administrator), &id, language).await?;
    Ok(attachment(download))
}

pub async fn certificate_credential(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = viewer.require_user()?;
    let download = credential::certificate_credential(&state, &user.id, user.has_role(Role::Administrator), &id).await?;
    Ok(attachment(download))
}

/// A download that is the holder's personal data: never stored by a shared cache or kept by a
/// shared computer's browser, and never run as a page of this site.
fn attachment(download: Download) -> Response {
    private_attachment(download.content_type, &download.filename, Body::from(download.bytes))
}

/// `attachment` for any body, streamed ones included (the personal data and audit downloads).
pub(crate) fn private_attachment(content_type: &'static str, filename: &str, body: Body) -> Response {
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")).unwrap_or(HeaderValue::from_static("attachment"));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
