//! Removes Leptos's `__path`/`__err` query parameters from the redirect that follows a form
//! post without JavaScript. Tiltas shows form outcomes through its own one-time cookie, and an
//! error code in the address would stay in the browser history that the quick exit is meant to
//! keep free of traces.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

pub async fn strip_error_parameters(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let cleaned = response
        .headers()
        .get(header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .filter(|location| location.contains("__err=") || location.contains("__path="))
        .map(without_error_parameters);
    if let Some(value) = cleaned.and_then(|location| HeaderValue::from_str(&location).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn without_error_parameters(location: &str) -> String {
    let (path, query) = location.split_once('?').unwrap_or((location, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("__err=") && !pair.starts_with("__path="))
        .collect();
    if kept.is_empty() { path.to_string() } else { format!("{path}?{}", kept.join("&")) }
}

#[cfg(test)]
mod tests {
    use super::without_error_parameters;

    #[test]
    fn only_the_error_parameters_go() {
        assert_eq!(without_error_parameters("http://x/invite/t?__path=%2Fapi%2Fa&__err=e30%3D"), "http://x/invite/t");
        assert_eq!(without_error_parameters("/p?keep=1&__err=e30"), "/p?keep=1");
        assert_eq!(without_error_parameters("/p?"), "/p");
    }
}
