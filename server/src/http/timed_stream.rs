//! The clock of one connection: how long a client may take to send a request's head, and how
//! long a connection may sit with nothing moving.
//!
//! hyper has a header-read timeout of its own, but it starts as soon as hyper waits for a
//! request, so on a kept-alive connection it also bounds the wait for the *next* request: the
//! two limits could not be set apart. Here they are separate, as in most web servers:
//!
//! - a new connection must deliver its first request's head within the header timeout of being
//!   accepted, and a later request's head within the header timeout of its first byte (a client
//!   sending a byte now and then, slowloris-style, is cut off all the same);
//! - between requests, a kept-alive connection may wait the idle timeout for the next one;
//! - a response the client stops reading fails once no byte has gone out for the idle timeout.
//!
//! While a request is being handled, the request timeout of the router applies instead (see
//! `http::router`). The service marks each request with a [`RequestInFlight`], which lives
//! until hyper drops the response body, that is once the response has been written.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

/// What one connection is doing, shared by its stream and its service.
#[derive(Clone, Debug)]
pub struct ConnectionClock {
    state: Arc<Mutex<ClockState>>,
    header_timeout: Duration,
    idle_timeout: Duration,
}

#[derive(Debug)]
struct ClockState {
    requests_in_flight: usize,
    /// When the connection last became free for a new request.
    idle_since: Instant,
    /// When the head of the next request started: its first byte, or, for the first request,
    /// the moment the connection was accepted.
    head_started: Option<Instant>,
    /// The reader waiting while a request was in flight, woken when the connection is free
    /// again so that it starts the idle clock.
    waiting_reader: Option<Waker>,
}

impl ConnectionClock {
    /// The clock of a connection accepted now.
    pub fn new(header_timeout: Duration, idle_timeout: Duration) -> ConnectionClock {
        let now = Instant::now();
        let state = ClockState { requests_in_flight: 0, idle_since: now, head_started: Some(now), waiting_reader: None };
        ConnectionClock { state: Arc::new(Mutex::new(state)), header_timeout, idle_timeout }
    }

    /// Marks a request whose head has arrived; the connection is busy until the mark is dropped.
    pub fn request_started(&self) -> RequestInFlight {
        self.lock().requests_in_flight += 1;
        RequestInFlight { clock: self.clone() }
    }

    fn lock(&self) -> MutexGuard<'_, ClockState> {
        // The state is a few plain values, consistent after every statement, so a panic
        // elsewhere while it was held leaves nothing half-done.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn bytes_arrived(&self) {
        let mut state = self.lock();
        if state.requests_in_flight == 0 && state.head_started.is_none() {
            state.head_started = Some(Instant::now());
        }
    }

    /// When a read that is still waiting must give up, and why; `None` while a request is in
    /// flight (the reader is then woken when it ends).
    fn read_deadline(&self, reader: &Waker) -> Option<(Instant, &'static str)> {
        let mut state = self.lock();
        if state.requests_in_flight > 0 {
            state.waiting_reader = Some(reader.clone());
            return None;
        }
        Some(match state.head_started {
            Some(started) => (started + self.header_timeout, "the request head took longer than the header timeout"),
            None => (state.idle_since + self.idle_timeout, "the connection was idle for longer than the idle timeout"),
        })
    }

    fn request_ended(&self) {
        let mut state = self.lock();
        state.requests_in_flight -= 1;
        if state.requests_in_flight == 0 {
            state.idle_since = Instant::now();
            state.head_started = None;
            if let Some(reader) = state.waiting_reader.take() {
                reader.wake();
            }
        }
    }
}

/// A request being handled; dropping it (with the response body) frees the connection.
#[derive(Debug)]
pub struct RequestInFlight {
    clock: ConnectionClock,
}

impl Drop for RequestInFlight {
    fn drop(&mut self) {
        self.clock.request_ended();
    }
}

/// A TCP stream whose reads and writes fail with `TimedOut` when its clock says so.
pub struct TimedStream {
    stream: TcpStream,
    clock: ConnectionClock,
    read_timer: Pin<Box<Sleep>>,
    write_timer: Pin<Box<Sleep>>,
    write_stalled_since: Option<Instant>,
}

impl TimedStream {
    pub fn new(stream: TcpStream, clock: ConnectionClock) -> TimedStream {
        let far = Instant::now() + Duration::from_secs(86_400);
        TimedStream {
            stream,
            clock,
            read_timer: Box::pin(tokio::time::sleep_until(far)),
            write_timer: Box::pin(tokio::time::sleep_until(far)),
            write_stalled_since: None,
        }
    }

    /// `Pending`, or a `TimedOut` error once `timer`, set to `deadline`, has gone off.
    fn wait_until<T>(timer: &mut Pin<Box<Sleep>>, deadline: Instant, why: &'static str, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        if timer.deadline() != deadline {
            timer.as_mut().reset(deadline);
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, why))),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Watches a write: progress resets the stall clock; no progress for the idle timeout fails.
    fn watch_write(&mut self, written: Poll<io::Result<usize>>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        if !written.is_pending() {
            self.write_stalled_since = None;
            return written;
        }
        let since = *self.write_stalled_since.get_or_insert_with(Instant::now);
        let why = "the client read nothing for longer than the idle timeout";
        Self::wait_until(&mut self.write_timer, since + self.clock.idle_timeout, why, cx)
    }
}

impl AsyncRead for TimedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.clock.bytes_arrived();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => match this.clock.read_deadline(cx.waker()) {
                None => Poll::Pending,
                Some((deadline, why)) => Self::wait_until(&mut this.read_timer, deadline, why, cx),
            },
        }
    }
}

impl AsyncWrite for TimedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.watch_write(written, cx)
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.watch_write(written, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
