//! Works out who is asking, once per request: the session, the language, the anti-forgery
//! token and any one-time form outcome. Pages and server functions read the result from the
//! request extensions instead of each looking at cookies.

use axum::extract::{ConnectInfo, Request, State};
use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;
use tiltas_app::domain::throttle;
use tiltas_app::error::AppError;
use tiltas_app::i18n::Locale;
use tiltas_app::page::PageContext;
use tiltas_app::server::accounts;
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::cookies;
use tiltas_app::server::forms::decode_flash;

/// The anti-forgery token lives as long as the browser keeps it; it is not a secret from the
/// person, only from other sites.
const CSRF_COOKIE_SECONDS: i64 = 30 * 24 * 60 * 60;

pub async fn resolve_viewer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let secure = state.config.secure_cookies();
    let session_token = cookies::read_cookie(headers, cookies::SESSION, secure);
    let chosen_locale = cookies::read_cookie(headers, cookies::LANGUAGE, secure)
        .and_then(|code| Locale::from_code(&code))
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::negotiate));
    let session = match &session_token {
        Some(token) => match accounts::session_user(&state.db, token).await {
            Ok(found) => found,
            Err(error) => {
                // The database cannot be reached. Answering as if signed out would clear the
                // session cookie and sign everyone out for good during a database restart.
                tracing::error!(?error, "session lookup failed");
                return database_unavailable(chosen_locale.unwrap_or_default());
            }
        },
        None => None,
    };
    let stale_session_cookie = session_token.is_some() && session.is_none();
    let (user, preferred) = session.map_or((None, None), |(user, locale)| (Some(user), locale));
    let signed_in = user.is_some();
    let locale = preferred.or(chosen_locale).unwrap_or_default();
    let existing_csrf = cookies::read_cookie(headers, cookies::CSRF, secure).filter(|token| token.len() >= 32);
    let browser_token = existing_csrf.clone().unwrap_or_else(|| accounts::new_secret_token().0);
    // Signed in, the forms' token follows from the session, so a token planted in the browser
    // by another site (or a sibling subdomain) is worth nothing; signed out, it is the cookie's.
    let csrf_token = match (&session_token, signed_in) {
        (Some(token), true) => accounts::session_form_token(token),
        _ => browser_token.clone(),
    };
    let flash = cookies::read_cookie(headers, cookies::FLASH, secure).and_then(|value| decode_flash(&value));
    let plain_browser_request = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let client_ip = client_address(&request, state.config.trusted_proxies);

    request.extensions_mut().insert(Viewer {
        page: PageContext { locale, user, csrf_token: csrf_token.clone(), flash, ..Default::default() },
        session_token_hash: session_token.as_deref().map(accounts::hash_token),
        client_ip,
        plain_browser_request,
    });
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<AppError>() {
        write_error_message(&mut response, &error, locale);
    }

    if existing_csrf.is_none() {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookies::set_cookie(cookies::CSRF, &browser_token, Some(CSRF_COOKIE_SECONDS), secure));
    }
    // Nothing a signed-in person sees may be kept by a shared computer's browser or a proxy:
    // the next person at a station computer could open it from the history or the cache.
    let session_cookie = cookies::cookie_name(cookies::SESSION, secure);
    if signed_in || response.headers().get_all(header::SET_COOKIE).iter().any(|c| c.as_bytes().starts_with(session_cookie.as_bytes())) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if stale_session_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookies::set_cookie(cookies::SESSION, "", Some(0), secure));
    }
    response
}

/// 503 with a short message in the person's language, asking them to try again in a moment; a
/// load balancer's retry or the person's reload then finds the database back.
fn database_unavailable(locale: Locale) -> Response {
    let mut response = Response::new(Body::from(tiltas_app::i18n::Msg::DatabaseUnavailable.text(locale)));
    *response.status_mut() = axum::http::StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The body of an error answered by a plain axum handler (`AppError`'s `IntoResponse`), in the
/// person's language. Pages render their own error page instead.
fn write_error_message(response: &mut Response, error: &AppError, locale: Locale) {
    *response.body_mut() = Body::from(error.message(locale));
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
}

/// The address throttles count this request under (see `throttle::client_address`).
fn client_address(request: &Request, trusted_proxies: usize) -> String {
    let forwarded: Vec<&str> = request.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    throttle::client_address(&forwarded, trusted_proxies, peer)
}
