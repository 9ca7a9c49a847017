//! Anti-forgery check for every state-changing request, in one place so that no form can
//! forget it: the form's `csrf` field (or an `X-CSRF-Token` header from scripts) must equal the
//! token the person's pages carry (derived from the session when signed in, the browser's
//! `tiltas_csrf` cookie otherwise), and browsers must say the post comes from this origin. File uploads (`multipart/form-data`: a
//! trainer's course, an administrator's CSV file of people) carry the same `csrf` field.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Msg;
use tiltas_app::paths::PEOPLE_IMPORT_PREVIEW_PATH;
use axum::extract::State;
use tiltas_app::server::context::{AppState, Viewer};

pub async fn reject_forged_posts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(request.method(), &Method::GET | &Method::HEAD | &Method::OPTIONS) {
        return next.run(request).await;
    }
    let viewer = request.extensions().get::<Viewer>();
    let locale = viewer.map(|viewer| viewer.page.locale).unwrap_or_default();
    let refuse = || (StatusCode::FORBIDDEN, Msg::FormExpired.text(locale)).into_response();
    // The token the viewer's pages carry: derived from the session when signed in, otherwise the
    // browser's cookie (a fresh one, which no form can have yet, if it sent none).
    let Some(expected) = viewer.map(|viewer| viewer.page.csrf_token.clone()).filter(|token| token.len() >= MIN_TOKEN_LENGTH) else {
        return refuse();
    };
    if !from_this_origin(request.headers(), &state.config.base_url) {
        return refuse();
    }
    if let Some(header_token) = request.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if constant_time_equal(header_token, &expected) { next.run(request).await } else { refuse() };
    }
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let multipart_boundary = multer::parse_boundary(content_type).ok();
    if !content_type.starts_with("application/x-www-form-urlencoded") && multipart_boundary.is_none() {
        return refuse();
    }
    // Only trainers upload courses, and only administrators (of the platform or of an
    // organisation) upload a CSV file of people: anyone else is refused before a byte of the
    // large body is read.
    if multipart_boundary.is_some() && !may_upload(request.uri().path(), viewer) {
        return refuse();
    }
    let (parts, body) = request.into_parts();
    // The body limit layer outside this one already bounds the size.
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let submitted = match multipart_boundary {
        Some(boundary) => multipart_field(bytes.clone(), boundary, "csrf").await,
        None => url::form_urlencoded::parse(&bytes).find(|(name, _)| name == "csrf").map(|(_, value)| value.into_owned()),
    };
    match submitted {
        Some(token) if constant_time_equal(&token, &expected) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        _ => refuse(),
    }
}

/// Whether the viewer may post a multipart form (an upload) to `path`.
fn may_upload(path: &str, viewer: Option<&Viewer>) -> bool {
    let Some(viewer) = viewer else { return false };
    if path == PEOPLE_IMPORT_PREVIEW_PATH {
        viewer.require_admin_scope().is_ok()
    } else {
        viewer.page.user.as_ref().is_some_and(|user| user.has_role(Role::Trainer))
    }
}

/// The text of one field of a multipart form. Forms put `csrf` first, so this stops long before
/// reading through an uploaded file.
async fn multipart_field(body: axum::body::Bytes, boundary: String, wanted: &str) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(wanted) {
            return field.text().await.ok();
        }
    }
    None
}

/// Tokens are 32 random bytes (43 characters) or a SHA-256 in hex (64): anything shorter is not one.
const MIN_TOKEN_LENGTH: usize = 43;

/// Whether a browser says the post comes from a page of this deployment itself. `Sec-Fetch-Site`
/// must be `same-origin` (or `none`, typed or bookmarked); `same-site` is refused, since a sibling
/// subdomain may be someone else's. Without it, an `Origin` header must be this deployment's.
/// A client that sends neither is not a browser that another site could drive.
fn from_this_origin(headers: &axum::http::HeaderMap, base_url: &url::Url) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => url::Url::parse(origin).is_ok_and(|origin| origin.origin() == base_url.origin()),
        None => true,
    }
}

/// Compares without stopping at the first difference, so timing does not leak the token.
fn constant_time_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::{constant_time_equal, from_this_origin};

    #[test]
    fn only_this_origin_may_post() {
        let base = url::Url::parse("https://tiltas.example/").unwrap();
        let with = |name: &'static str, value: &'static str| {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(name, axum::http::HeaderValue::from_static(value));
            headers
        };
        assert!(from_this_origin(&with("sec-fetch-site", "same-origin"), &base));
        assert!(!from_this_origin(&with("sec-fetch-site", "same-site"), &base), "a sibling subdomain");
        assert!(!from_this_origin(&with("sec-fetch-site", "cross-site"), &base));
        assert!(from_this_origin(&with("origin", "https://tiltas.example"), &base));
        assert!(!from_this_origin(&with("origin", "https://evil.tiltas.example"), &base));
        assert!(!from_this_origin(&with("origin", "http://tiltas.example"), &base), "another scheme is another origin");
        assert!(from_this_origin(&axum::http::HeaderMap::new(), &base));
    }

    #[test]
    fn equal_only_when_identical() {
        assert!(constant_time_equal("abc", "abc"));
        assert!(!constant_time_equal("abc", "abd"));
        assert!(!constant_time_equal("abc", "abcd"));
    }
}
