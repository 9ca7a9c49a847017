//! Files a course's Markdown refers to by relative path, such as `images/referral-map.png`.
//!
//! Module pages live at `/courses/{slug}/modules/{module}`, so a relative `images/map.png` in a
//! module's text resolves to `/courses/{slug}/modules/images/map.png`: the file is served from the
//! version the learner is enrolled in. The editor's page for a file works the same way, serving
//! from the course's working copy to its trainers, so the preview shows the images too.

use axum::Extension;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Msg;
use tiltas_app::server::authoring;
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::storage::{StorageError, courses, learning};

/// `GET /courses/{slug}/modules/{first}/{*rest}`: a file of the learner's version.
pub async fn learner_course_file(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, first, rest)): Path<(String, String, String)>,
) -> Response {
    let Some(user) = viewer.page.user.as_ref() else { return sign_in() };
    let path = format!("{first}/{rest}");
    let found = async {
        let Some(enrolment) = learning::enrolment(&state.db, &user.id, &slug).await? else { return Ok(None) };
        courses::version_file(&state.db, &enrolment.version_id, &path).await
    };
    answer(found.await, &path, &viewer)
}

/// `GET /author/courses/{slug}/files/{first}/{*rest}`: a file of the working copy, for trainers.
pub async fn working_copy_file(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, first, rest)): Path<(String, String, String)>,
) -> Response {
    let Some(user) = viewer.page.user.as_ref() else { return sign_in() };
    if !user.has_role(Role::Trainer) {
        return (StatusCode::FORBIDDEN, Msg::ForbiddenBody.text(viewer.page.locale)).into_response();
    }
    let path = format!("{first}/{rest}");
    let found = authoring::working_copy(&state.db, &slug)
        .await
        .map(|working| working.and_then(|w| w.file(&path).map(|f| f.contents.clone())));
    answer(found, &path, &viewer)
}

fn sign_in() -> Response {
    (StatusCode::FOUND, [(header::LOCATION, HeaderValue::from_static("/login"))]).into_response()
}

fn answer(found: Result<Option<Vec<u8>>, StorageError>, path: &str, viewer: &Viewer) -> Response {
    let locale = viewer.page.locale;
    match found {
        Ok(Some(bytes)) => {
            let (content_type, inline) = content_type(path);
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            // Trainer-supplied files never run as a page of this site, even an SVG opened
            // directly, and browsers must not guess another type.
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'; style-src 'unsafe-inline'"));
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
            if !inline {
                headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment"));
            }
            response
        }
        Ok(None) => (StatusCode::NOT_FOUND, Msg::NotFoundBody.text(locale)).into_response(),
        Err(error) => {
            tracing::error!(%error, "reading a course file failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Msg::InternalBody.text(locale)).into_response()
        }
    }
}

/// The media type by extension, and whether a browser may show it inline.
fn content_type(path: &str) -> (&'static str, bool) {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "png" => ("image/png", true),
        "jpg" | "jpeg" => ("image/jpeg", true),
        "gif" => ("image/gif", true),
        "webp" => ("image/webp", true),
        "svg" => ("image/svg+xml", true),
        "pdf" => ("application/pdf", true),
        "txt" => ("text/plain; charset=utf-8", true),
        _ => ("application/octet-stream", false),
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn images_show_inline_and_anything_else_downloads() {
        assert_eq!(content_type("images/Map.PNG"), ("image/png", true));
        assert_eq!(content_type("handout.pdf"), ("application/pdf", true));
        assert_eq!(content_type("notes.html"), ("application/octet-stream", false));
        assert_eq!(content_type("no-extension"), ("application/octet-stream", false));
    }
}
