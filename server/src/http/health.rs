//! `GET /healthz` for load balancers: 200 when the database answers, 503 when it does not.

use axum::Extension;
use axum::http::StatusCode;
use tiltas_app::server::context::AppState;

pub async fn healthz(Extension(state): Extension<AppState>) -> (StatusCode, &'static str) {
    if state.db.is_healthy().await {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
    }
}
