//! The listener against real TCP clients on 127.0.0.1, with timeouts of about a second: a client
//! that stalls in its request head is cut off at the header timeout, a kept-alive connection
//! at the idle timeout; past the connection cap a client waits until a connection closes; and a
//! shutdown lets a short request finish but ends within its grace period however the clients
//! behave. No database is involved: the listener serves any router.

use axum::Router;
use axum::routing::get;
use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;
use tiltas_server::http::listener::{ListenerSettings, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;

const SECOND: Duration = Duration::from_secs(1);

/// `/` answers at once, `/slow` after half a second, `/stuck` after a minute.
fn router() -> Router {
    Router::new()
        .route("/", get(|| async { "hello" }))
        .route("/slow", get(|| async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            "finished"
        }))
        .route("/stuck", get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "too late"
        }))
}

fn settings() -> ListenerSettings {
    ListenerSettings { header_timeout: SECOND, idle_timeout: 2 * SECOND, max_connections: 64, shutdown_grace: SECOND }
}

struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start(settings: ListenerSettings) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, router(), settings, async {
        let _ = stopped.await;
    }));
    Server { address, stop: Some(stop), task }
}

impl Server {
    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.address).await.unwrap()
    }

    /// Asks for the shutdown and returns how long the server took to finish.
    async fn shut_down(mut self) -> Duration {
        let asked = Instant::now();
        self.stop.take().unwrap().send(()).unwrap();
        tokio::time::timeout(10 * SECOND, self.task).await.expect("the server never finished").unwrap().unwrap();
        asked.elapsed()
    }
}

fn get_request(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: tiltas.test\r\n\r\n")
}

/// Reads one response (headers and a `content-length` body) and returns its body.
async fn read_response(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
            let length: usize = head
                .lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length: ").map(str::to_string))
                .expect("a content-length")
                .parse()
                .unwrap();
            if body.len() >= length {
                return body[..length].to_string();
            }
        }
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the connection closed before the response was complete: {text:?}");
        received.extend_from_slice(&chunk[..read]);
    }
}

/// Waits (at most `limit`) for the server to close `stream`; returns how long that took from
/// `since`. Fails if the server sends anything instead.
async fn closed_after(stream: &mut TcpStream, since: Instant, limit: Duration) -> Duration {
    let mut chunk = [0u8; 1024];
    match tokio::time::timeout(limit, stream.read(&mut chunk)).await {
        Ok(Ok(0)) => since.elapsed(),
        Ok(Err(error)) if error.kind() == ErrorKind::ConnectionReset => since.elapsed(),
        Ok(other) => panic!("expected the connection to close, got {other:?}"),
        Err(_) => panic!("the connection was still open after {limit:?}"),
    }
}

/// Whether a response arrives on `stream` within `wait`.
async fn answered_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut byte = [0u8; 1];
    tokio::time::timeout(wait, stream.peek(&mut byte)).await.is_ok()
}

#[tokio::test]
async fn clients_that_stall_or_trickle_their_request_head_are_cut_off_at_the_header_timeout() {
    let server = start(settings()).await;

    let mut stalled = server.connect().await;
    let started = Instant::now();
    stalled.write_all(b"GET / HTTP/1.1\r\nHost: til").await.unwrap();

    // One byte every 200 ms keeps the connection busy but never finishes the head.
    let mut trickling = server.connect().await;
    let trickle_started = Instant::now();
    let (mut reader, mut writer) = trickling.split();
    let trickle = async {
        for byte in b"GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
            if writer.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    let cut_off = async {
        let mut chunk = [0u8; 64];
        let outcome = tokio::time::timeout(5 * SECOND, reader.read(&mut chunk)).await;
        assert!(matches!(outcome, Ok(Ok(0)) | Ok(Err(_))), "the trickling client was not cut off: {outcome:?}");
        trickle_started.elapsed()
    };
    let (_, trickle_cut_off, stall_cut_off) = tokio::join!(trickle, cut_off, closed_after(&mut stalled, started, 5 * SECOND));
    for waited in [stall_cut_off, trickle_cut_off] {
        assert!(waited >= Duration::from_millis(900) && waited < 3 * SECOND, "cut off after {waited:?}");
    }

    // A client that connects and sends nothing is cut off the same way.
    let mut silent = server.connect().await;
    let waited = closed_after(&mut silent, Instant::now(), 5 * SECOND).await;
    assert!(waited >= Duration::from_millis(900) && waited < 3 * SECOND, "cut off after {waited:?}");

    // And the server still serves.
    let mut client = server.connect().await;
    client.write_all(get_request("/").as_bytes()).await.unwrap();
    assert_eq!(read_response(&mut client).await, "hello");
    server.shut_down().await;
}

#[tokio::test]
async fn a_kept_alive_connection_waits_the_idle_timeout_for_its_next_request() {
    let server = start(settings()).await;
    let mut client = server.connect().await;
    client.write_all(get_request("/").as_bytes()).await.unwrap();
    assert_eq!(read_response(&mut client).await, "hello");

    // Longer than the header timeout, shorter than the idle timeout: still open.
    tokio::time::sleep(Duration::from_millis(1300)).await;
    client.write_all(get_request("/").as_bytes()).await.unwrap();
    assert_eq!(read_response(&mut client).await, "hello", "the kept-alive connection serves its next request");

    let waited = closed_after(&mut client, Instant::now(), 6 * SECOND).await;
    assert!(waited >= Duration::from_millis(1800) && waited < 4 * SECOND, "closed after {waited:?}");
    server.shut_down().await;
}

#[tokio::test]
async fn past_the_connection_cap_a_client_waits_until_a_connection_closes() {
    let server = start(ListenerSettings { max_connections: 2, header_timeout: 10 * SECOND, idle_timeout: 10 * SECOND, ..settings() }).await;
    let mut first = server.connect().await;
    let mut second = server.connect().await;
    for client in [&mut first, &mut second] {
        client.write_all(get_request("/").as_bytes()).await.unwrap();
        assert_eq!(read_response(client).await, "hello");
    }

    // Both stay open, idle: the third client connects (the system queues it) but is not served.
    let mut third = server.connect().await;
    third.write_all(get_request("/").as_bytes()).await.unwrap();
    assert!(!answered_within(&mut third, Duration::from_millis(700)).await, "served past the cap");

    drop(first);
    assert!(answered_within(&mut third, 3 * SECOND).await, "not served once a connection closed");
    assert_eq!(read_response(&mut third).await, "hello");
    drop(second);
    server.shut_down().await;
}

#[tokio::test]
async fn a_shutdown_finishes_requests_in_flight_and_ends_within_its_grace_period() {
    let server = start(ListenerSettings { header_timeout: 30 * SECOND, idle_timeout: 30 * SECOND, ..settings() }).await;
    let address = server.address;
    let mut stalled = server.connect().await;
    stalled.write_all(b"GET / HTTP/1.1\r\nHost: til").await.unwrap();
    let mut stuck = server.connect().await;
    stuck.write_all(get_request("/stuck").as_bytes()).await.unwrap();
    let mut slow = server.connect().await;
    slow.write_all(get_request("/slow").as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let slow_answer = tokio::spawn(async move { read_response(&mut slow).await });
    let took = server.shut_down().await;
    assert!(took < 2 * SECOND, "the shutdown took {took:?}, beyond its grace period of 1 s");
    assert!(took >= Duration::from_millis(900), "the stuck request was not given its grace period: {took:?}");
    assert_eq!(slow_answer.await.unwrap(), "finished", "the request in flight finished");

    let mut chunk = [0u8; 64];
    for client in [&mut stalled, &mut stuck] {
        let outcome = tokio::time::timeout(SECOND, client.read(&mut chunk)).await;
        assert!(matches!(outcome, Ok(Ok(0)) | Ok(Err(_))), "still open after the shutdown: {outcome:?}");
    }
    assert!(TcpStream::connect(address).await.is_err(), "new connections are refused");
}
