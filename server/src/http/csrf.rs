//! Anti-forgery check for every state-changing request, in one place so that no form can
//! forget it: the form's `csrf` field (or an `X-CSRF-Token` header from scripts) must equal the
//! browser's `tiltas_csrf` cookie (the double-submit pattern), and browsers that say a request
//! is cross-site are refused outright. File uploads (`multipart/form-data`) carry the same
//! `csrf` field.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Msg;
use tiltas_app::server::context::Viewer;
use tiltas_app::server::cookies;

pub async fn reject_forged_posts(request: Request, next: Next) -> Response {
    if matches!(request.method(), &Method::GET | &Method::HEAD | &Method::OPTIONS) {
        return next.run(request).await;
    }
    let cross_site = request
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "cross-site");
    let locale = request.extensions().get::<Viewer>().map(|viewer| viewer.page.locale).unwrap_or_default();
    let refuse = || (StatusCode::FORBIDDEN, Msg::FormExpired.text(locale)).into_response();
    let Some(expected) = cookies::read_cookie(request.headers(), cookies::CSRF) else {
        return refuse();
    };
    if cross_site {
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
    // Only trainers upload courses: anyone else is refused before a byte of the large body is read.
    let is_trainer = request.extensions().get::<Viewer>().and_then(|viewer| viewer.page.user.as_ref()).is_some_and(|u| u.has_role(Role::Trainer));
    if multipart_boundary.is_some() && !is_trainer {
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

/// Compares without stopping at the first difference, so timing does not leak the token.
fn constant_time_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_equal;

    #[test]
    fn equal_only_when_identical() {
        assert!(constant_time_equal("abc", "abc"));
        assert!(!constant_time_equal("abc", "abd"));
        assert!(!constant_time_equal("abc", "abcd"));
    }
}
