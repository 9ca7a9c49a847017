//! `tiltas serve --server-timing`: every response, a signed-in page as much as a server function
//! or a page that is not found, carries `Server-Timing: app;dur=<ms>` with the time the server
//! spent on it, never more than the client waited; without the switch no response carries it.

mod support;

use axum::Router;
use http::{HeaderMap, Request, StatusCode, header};
use std::time::Instant;
use support::{Browser, app};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::testing::{on_both_backends, person};
use tiltas_server::http::server_timing::with_server_timing;
use tower::ServiceExt;

/// The milliseconds of `app;dur=…`, if the header is there.
fn app_duration(headers: &HeaderMap) -> Option<f64> {
    let value = headers.get("server-timing")?.to_str().unwrap();
    let duration = value.strip_prefix("app;dur=").unwrap_or_else(|| panic!("an app duration: {value}"));
    Some(duration.parse().unwrap())
}

/// Sends `request` and checks its duration against the wall time the client saw.
async fn timed(router: &Router, request: Request<axum::body::Body>) -> (StatusCode, Option<f64>) {
    let started = Instant::now();
    let response = router.clone().oneshot(request).await.unwrap();
    let waited = started.elapsed().as_secs_f64() * 1000.0;
    let duration = app_duration(response.headers());
    if let Some(duration) = duration {
        assert!(duration > 0.0 && duration <= waited, "{duration} ms reported, {waited} ms waited");
    }
    (response.status(), duration)
}

#[tokio::test]
async fn every_response_carries_the_server_time_only_when_switched_on() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let mut browser = Browser::on(with_server_timing(app(&db)));
        browser.sign_in("ona@policija.lt", tiltas_app::server::testing::PASSWORD).await;
        let cookie = browser.cookie_header();
        let get = |path: &str| {
            Request::get(path).header(header::ACCEPT, "text/html").header(header::COOKIE, &cookie).body(Default::default()).unwrap()
        };

        let (status, duration) = timed(&browser.app, get("/")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(duration.is_some(), "the dashboard carries its server time");
        let (status, duration) = timed(&browser.app, get("/no-such-page")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(duration.is_some(), "so does a page that is not found");
        let (_, duration) = timed(&browser.app, get("/healthz")).await;
        assert!(duration.is_some(), "and the health check, outside the pages' layers");
        let call = Request::post("/api/set_language")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(format!("csrf={}&language=lt", browser.form_token()).into())
            .unwrap();
        let (status, duration) = timed(&browser.app, call).await;
        assert!(status.is_success() || status.is_redirection(), "the language is set: {status}");
        assert!(duration.is_some(), "a server function carries its server time");

        let (status, duration) = timed(&app(&db), get("/")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(duration, None, "off by default");
    })
    .await;
}
