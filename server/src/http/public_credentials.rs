//! What anyone needs to check a Tiltas credential, without signing in: the deployment's DID
//! document (at `/.well-known/did.json`, where `did:web` puts it, and at `/did.json`, where the
//! 1EdTech validator looks), and the signed revocation lists at `/status/{n}`.

use axum::Extension;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::error::AppError;
use tiltas_app::server::certificates::credential;
use tiltas_app::server::context::AppState;

pub async fn did_document(Extension(state): Extension<AppState>) -> Result<Response, AppError> {
    Ok(json_response(credential::deployment_did_document(&state).await?, "public, max-age=300"))
}

/// A revocation shows within a minute: verifiers may keep a list that long, no longer.
pub async fn status_list(Extension(state): Extension<AppState>, Path(number): Path<String>) -> Result<Response, AppError> {
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    Ok(json_response(credential::status_list(&state, number).await?, "public, max-age=60"))
}

fn json_response(document: serde_json::Value, cache: &'static str) -> Response {
    let mut response = axum::Json(document).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Verifiers run in other sites' pages (wallets, the 1EdTech validator): let them read it.
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}
