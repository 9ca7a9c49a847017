//! Single sign-on's two plain routes (issue 15): `GET /sso/{provider}/start`, behind each "Sign in
//! with …" button, redirects to the identity provider; `GET /sso/callback`, where the provider
//! sends the person back, finishes the sign-in (`single_sign_on::flow`) and redirects home with
//! a session cookie, or to the sign-in page with the reason, as a form's outcome is shown.
//!
//! Plain routes because both answer with redirects to or from another site. The state travels in
//! a short-lived HttpOnly, SameSite=Lax cookie (Lax, so that the provider's redirect back, a
//! top-level navigation, carries it), and is cleared whatever the outcome.

use axum::Extension;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tiltas_app::error::AppError;
use tiltas_app::page::{Flash, FlashOutcome};
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::single_sign_on::SsoError;
use tiltas_app::server::single_sign_on::flow::{self, ProviderAnswer, SIGN_IN_SECONDS};
use tiltas_app::server::{accounts, cookies, forms};

pub async fn start_sign_in(Extension(state): Extension<AppState>, Path(provider_id): Path<String>) -> Response {
    let secure = state.config.secure_cookies();
    match flow::start(&state, &provider_id).await {
        Ok(started) => {
            let mut response = see_other(&started.authorize_url);
            let cookie = cookies::set_cookie(cookies::SSO_STATE, &started.state, Some(SIGN_IN_SECONDS), secure);
            response.headers_mut().append(header::SET_COOKIE, cookie);
            response
        }
        Err(error) => back_to_sign_in(error, secure),
    }
}

pub async fn finish_sign_in(
    Extension(state): Extension<AppState>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(answer): Query<ProviderAnswer>,
) -> Response {
    let secure = state.config.secure_cookies();
    let browser_state = cookies::read_cookie(&headers, cookies::SSO_STATE, secure);
    let mut response = match flow::finish(&state, &answer, browser_state.as_deref(), &viewer.client_ip).await {
        Ok(token) => {
            let mut response = see_other("/");
            let session = cookies::set_cookie(cookies::SESSION, &token, Some(accounts::SESSION_SECONDS), secure);
            response.headers_mut().append(header::SET_COOKIE, session);
            response
        }
        Err(error) => back_to_sign_in(error, secure),
    };
    response.headers_mut().append(header::SET_COOKIE, cookies::set_cookie(cookies::SSO_STATE, "", Some(0), secure));
    response
}

/// To the sign-in page, which shows why beside the providers' buttons (the log has the cause).
fn back_to_sign_in(error: SsoError, secure: bool) -> Response {
    let flash = Flash { form: "login".into(), outcome: FlashOutcome::Failure(AppError::from(error)), fields: Vec::new() };
    let mut response = see_other("/login");
    if let Some(value) = forms::encode_flash(&flash) {
        response.headers_mut().append(header::SET_COOKIE, cookies::set_cookie(cookies::FLASH, &value, Some(forms::FLASH_SECONDS), secure));
    }
    response
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
