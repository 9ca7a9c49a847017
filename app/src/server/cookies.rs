//! The cookies Tiltas sets. All are HttpOnly and SameSite=Lax. Under https they are `Secure` and
//! named with the `__Host-` prefix, which browsers accept only from this exact host, over https,
//! for the whole site: a sibling subdomain cannot set or overwrite them.

use cookie::{Cookie, SameSite};
use http::HeaderValue;

pub const SESSION: &str = "tiltas_session";
pub const CSRF: &str = "tiltas_csrf";
pub const LANGUAGE: &str = "tiltas_lang";
pub const FLASH: &str = "tiltas_flash";
/// The state of a single sign-on under way, which the provider's answer must repeat (issue 15).
pub const SSO_STATE: &str = "tiltas_sso";

/// The language choice is kept for a year.
pub const LANGUAGE_SECONDS: i64 = 365 * 24 * 60 * 60;

/// The name a cookie is sent and read under.
pub fn cookie_name(name: &str, secure: bool) -> String {
    if secure { format!("__Host-{name}") } else { name.to_string() }
}

/// A `Set-Cookie` value. `max_age_seconds` of `None` makes a browser-session cookie; `Some(0)` deletes it.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: Option<i64>, secure: bool) -> HeaderValue {
    let mut cookie = Cookie::build((cookie_name(name, secure), value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    if let Some(seconds) = max_age_seconds {
        cookie.set_max_age(cookie::time::Duration::seconds(seconds));
    }
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Adds a cookie to the response being built for the current request.
pub fn send(name: &str, value: &str, max_age_seconds: Option<i64>) {
    use leptos::prelude::use_context;
    let secure = super::context::app_state().map(|state| state.config.secure_cookies()).unwrap_or(false);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(http::header::SET_COOKIE, set_cookie(name, value, max_age_seconds, secure));
    }
}

/// `Clear-Site-Data` for signing in and out: the browser deletes everything this site stored on
/// the device (caches, IndexedDB, service workers: a course kept for offline use and answers
/// queued there), so a shared device never shows one person's pages to the next. Cookies are
/// left alone: the session cookie is handled by name, and the language choice stays.
pub fn clear_device_storage() {
    use leptos::prelude::use_context;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(http::HeaderName::from_static("clear-site-data"), HeaderValue::from_static(CLEAR_SITE_DATA));
    }
}

/// Sends a new session's cookie (signing in, accepting an invitation, registering). Whatever an
/// earlier person left on this device (a course kept for offline use) goes before anything of
/// this person's is kept.
pub fn send_new_session(token: &str, max_age_seconds: Option<i64>) {
    send(SESSION, token, max_age_seconds);
    clear_device_storage();
}

/// The types `clear_device_storage` asks the browser to clear.
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"storage\"";

/// The value of one cookie in a request's `Cookie` headers; under https only its `__Host-` form.
pub fn read_cookie(headers: &http::HeaderMap, name: &str, secure: bool) -> Option<String> {
    let name = cookie_name(name, secure);
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_and_secure_when_asked() {
        let plain = set_cookie(SESSION, "abc", Some(60), false);
        let text = plain.to_str().unwrap();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Lax") && text.contains("Max-Age=60"));
        assert!(!text.contains("Secure"));
        let secure = set_cookie(SESSION, "abc", None, true);
        assert!(secure.to_str().unwrap().starts_with("__Host-tiltas_session=abc") && secure.to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = http::HeaderMap::new();
        headers.append(http::header::COOKIE, HeaderValue::from_static("a=1; tiltas_lang=lt"));
        headers.append(http::header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(read_cookie(&headers, LANGUAGE, false).as_deref(), Some("lt"));
        assert_eq!(read_cookie(&headers, "b", false).as_deref(), Some("2"));
        assert_eq!(read_cookie(&headers, "missing", false), None);
        assert_eq!(read_cookie(&headers, LANGUAGE, true), None, "under https only the __Host- form counts");
    }
}
