//! Accepting connections and serving HTTP/1.1 on them with hyper, under the limits that keep
//! slow or idle clients from taking the server down: a header timeout and an idle timeout per
//! connection (see `timed_stream`), a cap on open connections, and a shutdown that ends within
//! a bound however the clients behave.
//!
//! `axum::serve` is not used because it has none of these: it runs hyper without a timer, so a
//! client sending its request a byte at a time (slowloris) or not at all keeps its connection,
//! and enough such clients exhaust the process's file descriptors.
//!
//! When the connection cap is reached, the loop stops accepting until a connection closes. New
//! clients then wait in the kernel's listen queue (which is bounded) rather than being turned
//! away: a burst of learners opening a module at the start of a class is served a moment late
//! instead of getting errors, and the idle and header timeouts make room again within seconds.
//! If the queue itself is full, the kernel refuses the connection.

use super::timed_stream::{ConnectionClock, RequestInFlight, TimedStream};
use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::ConnectInfo;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::{GracefulConnection, GracefulShutdown};
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The limits of the listener (`tiltas serve --help` explains each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListenerSettings {
    /// How long a request's head (request line and headers) may take to arrive.
    pub header_timeout: Duration,
    /// How long a connection may sit with nothing moving: no new request, or a response the
    /// client does not read.
    pub idle_timeout: Duration,
    /// Connections open at once; further clients wait until one closes.
    pub max_connections: usize,
    /// After a shutdown is asked for, how long requests in flight may take to finish before
    /// their connections are closed.
    pub shutdown_grace: Duration,
}

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting, lets the
/// requests in flight finish, and closes whatever is still open after the grace period.
/// Returns once every connection is closed, so at most `shutdown_grace` after `shutdown`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: ListenerSettings,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let room = Arc::new(Semaphore::new(settings.max_connections));
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = room.clone().acquire_owned() => permit.map_err(io::Error::other)?,
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, client) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Usually the process is out of file descriptors: wait a little rather than
                // spin, and try again.
                tracing::warn!(%error, "cannot accept a connection");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(100)) => continue,
                    () = &mut shutdown => break,
                }
            }
        };
        while connections.try_join_next().is_some() {}
        let connection = graceful.watch(connection(stream, client, router.clone(), &settings));
        connections.spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%client, %error, "connection closed");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!(open = graceful.count(), "no longer accepting connections; letting requests in flight finish");
    if tokio::time::timeout(settings.shutdown_grace, graceful.shutdown()).await.is_err() {
        while connections.try_join_next().is_some() {}
        tracing::warn!(open = connections.len(), grace = ?settings.shutdown_grace, "closing connections still busy after the grace period");
    }
    connections.shutdown().await;
    Ok(())
}

/// One accepted connection as hyper serves it: the router, told the client's address as
/// `axum::serve` would tell it, behind the connection's clock.
fn connection(
    stream: TcpStream,
    client: SocketAddr,
    router: Router,
    settings: &ListenerSettings,
) -> impl GracefulConnection<Error = hyper::Error> + Send + 'static {
    // Responses are written whole by hyper; waiting to fill packets only delays them.
    let _ = stream.set_nodelay(true);
    let clock = ConnectionClock::new(settings.header_timeout, settings.idle_timeout);
    let io = TokioIo::new(TimedStream::new(stream, clock.clone()));
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        let in_flight = clock.request_started();
        request.extensions_mut().insert(ConnectInfo(client));
        let response = router.clone().oneshot(request);
        async move {
            let response = response.await?;
            Ok::<_, Infallible>(response.map(|body| Body::new(ResponseBody { body, _in_flight: in_flight })))
        }
    });
    let mut builder = http1::Builder::new();
    // hyper's own header timeout would also cut kept-alive connections between requests;
    // `TimedStream` keeps the two limits apart.
    builder.header_read_timeout(None).keep_alive(true);
    builder.serve_connection(io, service)
}

/// A response body that keeps its request in flight until hyper has written it and drops it.
struct ResponseBody {
    body: Body,
    _in_flight: RequestInFlight,
}

impl HttpBody for ResponseBody {
    type Data = <Body as HttpBody>::Data;
    type Error = <Body as HttpBody>::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
