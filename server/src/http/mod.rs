//! The HTTP stack. A request passes, outermost first: the request log, the timeout,
//! compression, security headers, the body limit; then either an asset or the health check, or,
//! for pages and server functions, the viewer (session, language, form token) and the
//! anti-forgery check before Leptos.
//!
//! `server_timing`, when switched on, wraps all of these.
//!
//! Before any of that, `listener` accepts the connection and hands it to hyper, under the
//! header and idle timeouts of `timed_stream` and a cap on open connections.

pub mod assets;
pub mod certificate_files;
pub mod clean_redirects;
pub mod course_files;
pub mod course_zip;
pub mod csrf;
pub mod health;
pub mod listener;
pub mod privacy_files;
pub mod people_import;
pub mod public_credentials;
pub mod report_exports;
pub mod xapi_exports;
pub mod request_log;
pub mod security_headers;
pub mod server_timing;
pub mod single_sign_on;
pub mod timed_stream;
pub mod viewer;

pub use assets::SiteAssets;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, generate_route_list, handle_server_fns_with_context, render_app_async_with_context,
};
use std::sync::LazyLock;
use std::time::Duration;
use tiltas_app::paths::{PEOPLE_IMPORT_CONFIRM_PATH, PEOPLE_IMPORT_PREVIEW_PATH};
use tiltas_app::server::context::AppState;
use tiltas_app::views::people_import::ImportStep;
use tiltas_app::{App, shell};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::TimeoutLayer;

/// How hard pages are compressed as they are sent: gzip at 4. The libraries' default for Brotli
/// is its maximum, 11, which is meant for files compressed once (README, "Benchmark suite", has
/// the measurement). Pages are not sent as Brotli at all: tower-http gives its encoder the
/// library's default window (4 MiB) for every response, and that memory is taken from the system
/// and handed back each time, so with jemalloc a Brotli module page cost 5.6 times the same page
/// uncompressed (1.4 times with glibc's allocator), for 3 % fewer bytes than gzip at the same
/// level. The big assets are compressed once, at build time, Brotli included (see `assets`).
pub const PAGE_COMPRESSION_QUALITY: i32 = 4;

/// Forms are small. Only the course upload takes more (see `MAX_UPLOAD_BODY_BYTES`).
pub const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;
/// A course zip plus the rest of its form.
pub const MAX_UPLOAD_BODY_BYTES: usize = tiltas_app::server::authoring::MAX_ZIP_BYTES + 64 * 1024;
const UPLOAD_PATH: &str = "/api/upload_course";
/// The CSV import's two posts: a file of at most `MAX_BYTES`, or that text posted back
/// percent-encoded (up to three bytes for one), plus the rest of the form.
pub const MAX_IMPORT_BODY_BYTES: usize = 3 * tiltas_app::domain::people_import::MAX_BYTES + 64 * 1024;

/// Bounds every request body: the course upload to `MAX_UPLOAD_BODY_BYTES`, everything else to
/// `MAX_REQUEST_BODY_BYTES`. A declared length over the limit is refused at once; a body that
/// turns out longer fails when read, which the anti-forgery check answers with 413.
async fn limit_request_body(request: Request<Body>, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path();
    let limit = if path == UPLOAD_PATH {
        MAX_UPLOAD_BODY_BYTES
    } else if path == PEOPLE_IMPORT_PREVIEW_PATH || path == PEOPLE_IMPORT_CONFIRM_PATH {
        MAX_IMPORT_BODY_BYTES
    } else {
        MAX_REQUEST_BODY_BYTES
    };
    let declared = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    next.run(Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// The app's route list, generated once per process. Generating it suppresses the loading of
/// resources process-wide while it runs (leptos-rs/leptos#4773), so a page rendering at that
/// moment in another router (the tests build many routers in one process) could wait forever.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// The patterns of the pages the router serves (`/courses/{slug}`), from the same list it is
/// built from: `tiltas routes` prints them so that the browser tests can refuse a page they
/// have no check for.
pub fn page_patterns() -> Vec<String> {
    let mut patterns: Vec<String> = ROUTES.iter().map(|route| route.path().to_string()).collect();
    patterns.sort();
    patterns.dedup();
    patterns
}

pub fn router(state: AppState, assets: SiteAssets, request_timeout: Duration) -> Router {
    let options = assets.leptos_options();
    let routes = ROUTES.clone();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let app_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    let server_fns = {
        let context = context.clone();
        move |request: Request<Body>| handle_server_fns_with_context(context.clone(), request)
    };
    let not_found = render_app_async_with_context(context.clone(), app_shell.clone());
    // The import page, rendered with the outcome of one of its two posts.
    let render_import: people_import::RenderStep = {
        let (context, app_shell) = (context.clone(), app_shell.clone());
        std::sync::Arc::new(move |step: ImportStep, request: Request<Body>| {
            let context = context.clone();
            let with_step = move || {
                context();
                provide_context(step.clone());
            };
            render_app_async_with_context(with_step, app_shell.clone())(request)
        })
    };
    let import_post = move |post: people_import::Post| {
        let render = render_import.clone();
        move |request: Request<Body>| people_import::import_post(post, render.clone(), request)
    };

    // Pages and server functions need the viewer and the anti-forgery check; assets and the
    // health check do not, so they skip the session lookup.
    let pages = Router::new()
        .route("/api/{*function}", post(server_fns))
        .route("/author/courses/{slug}/download.zip", get(course_zip::download_course_zip))
        .route("/certificates/{id}/pdf/{language}", get(certificate_files::certificate_pdf))
        .route("/certificates/{id}/credential", get(certificate_files::certificate_credential))
        .route("/admin/reports.csv", get(report_exports::completion_csv))
        .route("/admin/reports/people.csv", get(report_exports::people_csv))
        .route("/admin/people/{id}/xapi.json", get(xapi_exports::learner_statements))
        .route("/author/courses/{slug}/xapi.json", get(xapi_exports::course_statements))
        .route("/profile/my-data.json", get(privacy_files::my_data))
        .route("/admin/audit.csv", get(privacy_files::audit_csv))
        .route("/admin/people/import/preview", post(import_post(people_import::Post::Preview)))
        .route("/admin/people/import/confirm", post(import_post(people_import::Post::Confirm)))
        .route("/sso/{provider}/start", get(single_sign_on::start_sign_in))
        .route("/sso/callback", get(single_sign_on::finish_sign_in))
        .route("/courses/{slug}/modules/{module}/{*rest}", get(course_files::learner_course_file))
        .route("/author/courses/{slug}/files/{file}/{*rest}", get(course_files::working_copy_file))
        .leptos_routes_with_context(&options, routes, context, app_shell)
        .fallback(move |request: Request<Body>| not_found(request))
        .with_state(options)
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::reject_forged_posts))
        .layer(axum::middleware::from_fn(clean_redirects::strip_error_parameters))
        .layer(axum::middleware::from_fn_with_state(state.clone(), viewer::resolve_viewer));

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/did.json", get(public_credentials::did_document))
        .route("/.well-known/did.json", get(public_credentials::did_document))
        .route("/status/{number}", get(public_credentials::status_list))
        .merge(assets.router())
        .fallback_service(pages)
        .layer(axum::middleware::from_fn(limit_request_body))
        .layer(axum::middleware::from_fn_with_state(state.config.secure_cookies(), security_headers::add_security_headers))
        .layer(CompressionLayer::new().br(false).gzip(true).quality(CompressionLevel::Precise(PAGE_COMPRESSION_QUALITY)))
        .layer(TimeoutLayer::with_status_code(http::StatusCode::REQUEST_TIMEOUT, request_timeout))
        .layer(axum::middleware::from_fn(request_log::log_request))
        .layer(axum::Extension(state))
}
