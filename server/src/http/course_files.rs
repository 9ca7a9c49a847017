//! Files a course's Markdown refers to by relative path, such as `images/referral-map.png`.
//!
//! Module pages live at `/courses/{slug}/modules/{module}`, so a relative `images/map.png` in a
//! module's text resolves to `/courses/{slug}/modules/images/map.png`: the file is served from the
//! version the learner is enrolled in, past the same enrolment and prerequisite check as every
//! learner page, and only when it is an image or PDF that a module refers to (never the Markdown
//! or TOML that hold the answer keys). The editor's page for a file works the same way, serving
//! from the course's working copy to its trainers, so the preview shows the images too.

use axum::Extension;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::domain::roles::Role;
use tiltas_app::error::AppError;
use tiltas_app::server::authoring;
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::learning::reading::{course_file, learner_file_type};

/// `GET /courses/{slug}/modules/{first}/{*rest}`: a file of the learner's version.
pub async fn learner_course_file(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, first, rest)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let path = format!("{first}/{rest}");
    let enrolled = viewer.require_enrolment(&state, &slug).await.map_err(|error| match error {
        // Outsiders learn nothing about which courses exist.
        AppError::NotEnrolled => AppError::NotFound,
        other => other,
    })?;
    let (media_type, bytes) = course_file(&state, &enrolled, &path).await?;
    Ok(file_response(bytes, media_type, true))
}

/// `GET /author/courses/{slug}/files/{first}/{*rest}`: a file of the working copy, for trainers.
pub async fn working_copy_file(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, first, rest)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    viewer.require_role(Role::Trainer)?;
    let path = format!("{first}/{rest}");
    let bytes = authoring::working_copy_file(&state.db, &slug, &path).await?;
    Ok(match learner_file_type(&path) {
        Some(media_type) => file_response(bytes, media_type, true),
        None => file_response(bytes, "application/octet-stream", false),
    })
}

/// The file, sent so that it never runs as a page of this site (even an SVG opened directly)
/// and browsers do not guess another type; anything but an image or PDF is a download.
fn file_response(bytes: Vec<u8>, media_type: &'static str, inline: bool) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'; style-src 'unsafe-inline'"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    if !inline {
        headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::learner_file_type;

    #[test]
    fn only_images_and_pdfs_are_learner_files() {
        assert_eq!(learner_file_type("images/Map.PNG"), Some("image/png"));
        assert_eq!(learner_file_type("handout.pdf"), Some("application/pdf"));
        assert_eq!(learner_file_type("extra/answers.md"), None);
        assert_eq!(learner_file_type("course.toml"), None);
        assert_eq!(learner_file_type("no-extension"), None);
    }
}
