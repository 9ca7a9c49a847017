//! `Server-Timing: app;dur=…` on every response: the milliseconds from the request reaching the
//! HTTP stack to its response head leaving it. Pages render before their head is sent (async
//! rendering), so for a page this is the whole of its server work; for a streamed download it is
//! the time to the first byte. The benchmark suite (scripts/bench-suite.sh) sums it over a quiz
//! attempt, free of the client's and the network's share.
//!
//! Off unless `tiltas serve --server-timing`: an exact server time per request lets a remote
//! client compare, say, sign-ins of known and unknown emails without the network's noise.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");

/// The router with the header added outside every other layer, so that the time covers them all.
pub fn with_server_timing(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(add_server_timing))
}

async fn add_server_timing(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    let value = header_value(started.elapsed().as_secs_f64() * 1000.0);
    response.headers_mut().insert(SERVER_TIMING, value);
    response
}

/// Microsecond resolution: a cached page takes well under a millisecond.
fn header_value(milliseconds: f64) -> HeaderValue {
    HeaderValue::from_str(&format!("app;dur={milliseconds:.3}")).expect("digits and ASCII make a valid header value")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_duration_is_in_milliseconds_with_microseconds() {
        assert_eq!(super::header_value(1.23456), "app;dur=1.235");
        assert_eq!(super::header_value(0.0004), "app;dur=0.000");
    }
}
