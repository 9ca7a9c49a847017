//! xAPI (issue 15) delivered end to end to a real learning record store on this machine: Ralph
//! (PyPI `ralph-malph`, installed by `scripts/setup.sh --test`) with its file-system backend,
//! on a port from 3590 to 3599. A learner completes a fixture course through the services; the
//! worker sends every statement; each is read back from Ralph by its id and is the statement
//! Tiltas stored. Sending one again is harmless (the LRS keeps one), and wrong credentials are a
//! refusal kept for inspection, not retried for ever.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::delivery::Round;
use tiltas_app::server::email::worker::WorkerTiming;
use tiltas_app::server::storage::xapi_statements;
use tiltas_app::server::testing::{app_state, complete_course, import_fixture_courses, on_both_backends, person};
use tiltas_app::server::xapi::lrs::{Lrs, LrsSettings};
use tiltas_app::server::xapi::worker;
use tokio::sync::watch;

const KEY: &str = "tiltas";
const SECRET: &str = "s3cret";
/// bcrypt of SECRET, as `ralph auth` writes it (so the test need not run that slow command).
const SECRET_HASH: &str = "$2b$12$Z2W4YJfdhiJH340HNbU2fOZfmY.u7nDMEo9aBr7qb6PXRA4fMwEBi";

/// Starts Ralph's API with uvicorn directly (`ralph runserver` starts a reloader that leaves a
/// second process behind). Ralph 5.1.0's file-system backend writes each POST with the
/// operation `create`, which fails once its statements file exists: a development LRS that
/// takes one write. Its backend is switched to `append`, Ralph's own mode for adding to a file,
/// so that it stores every statement posted; nothing in how it reads and checks statements or
/// answers requests changes.
const RUN_RALPH: &str = "
import sys, uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run('ralph.api:app', host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')
";

/// Ralph's LRS on a free port of 3590-3599, storing statements in a temporary folder; stopped
/// and removed when dropped.
struct Ralph {
    child: Child,
    port: u16,
    folder: PathBuf,
}

impl Ralph {
    fn start() -> Ralph {
        let port = (3590..3600)
            .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
            .expect("a free port among 3590-3599 for the local LRS");
        let folder = std::env::temp_dir().join(format!("tiltas-ralph-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(folder.join("data")).unwrap();
        let auth = serde_json::json!([{
            "agent": { "objectType": "Agent", "account": { "homePage": "https://tiltas.test/", "name": KEY } },
            "scopes": ["all"],
            "hash": SECRET_HASH,
            "username": KEY,
        }]);
        std::fs::write(folder.join("auth.json"), auth.to_string()).unwrap();
        let child = Command::new("python3")
            .args(["-c", RUN_RALPH, &port.to_string()])
            .current_dir(&folder)
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .env("RALPH_AUTH_FILE", folder.join("auth.json"))
            .env("RALPH_APP_DIR", folder.join("app"))
            .env("RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH", folder.join("data"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 is needed for the xAPI tests (scripts/setup.sh --test installs ralph-malph)");
        let mut ralph = Ralph { child, port, folder };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = ralph.child.try_wait() {
                let mut stderr = String::new();
                use std::io::Read;
                let _ = ralph.child.stderr.take().map(|mut e| e.read_to_string(&mut stderr));
                panic!("Ralph exited ({status}): {stderr}\nInstall it with `scripts/setup.sh --test`.");
            }
            assert!(started.elapsed() < Duration::from_secs(60), "Ralph did not start listening on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        ralph
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    fn lrs(&self, secret: &str) -> Lrs {
        Lrs::new(LrsSettings {
            endpoint: url::Url::parse(&self.endpoint()).unwrap(),
            key: KEY.into(),
            secret: secret.into(),
            timeout: Duration::from_secs(30),
        })
    }

    /// The statement with `id`, as the LRS gives it back (Ralph wraps it in a result list).
    async fn statement(&self, id: &str) -> serde_json::Value {
        let url = format!("{}statements?statementId={id}", self.endpoint());
        let text = tokio::task::spawn_blocking(move || {
            let authorization = format!("Basic {}", base64_of(&format!("{KEY}:{SECRET}")));
            ureq::get(&url)
                .header("Authorization", &authorization)
                .header("X-Experience-API-Version", "1.0.3")
                .call()
                .and_then(|mut response| response.body_mut().read_to_string())
                .expect("the LRS answers a statement id")
        })
        .await
        .unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        match value.get("statements") {
            Some(list) => list.as_array().and_then(|list| list.first()).cloned().unwrap_or(serde_json::Value::Null),
            None => value,
        }
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Basic authentication's encoding, small enough to write here rather than add a dependency.
fn base64_of(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0_u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Runs delivery rounds until one finds nothing to send; returns their sum.
async fn deliver_all(state: &tiltas_app::server::context::AppState, lrs: &Lrs) -> Round {
    let timing = WorkerTiming { batch: 25, ..WorkerTiming::default() };
    let (_stop, stopping) = watch::channel(false);
    let mut total = Round::default();
    loop {
        let round = worker::deliver_due(state, lrs, &timing, &stopping).await.unwrap();
        if round == Round::default() {
            return total;
        }
        total.sent += round.sent;
        total.retrying += round.retrying;
        total.given_up += round.given_up;
    }
}

#[tokio::test]
async fn every_statement_of_a_completed_course_reaches_the_lrs_and_is_read_back_by_its_id() {
    assert_eq!(base64_of("tiltas:s3cret"), "dGlsdGFzOnMzY3JldA==");
    let ralph = Ralph::start();
    on_both_backends(|db| {
        let ralph = &ralph;
        async move {
            import_fixture_courses(&db).await;
            let state = app_state(&db);
            let ona = person(&db, "ona@policija.lt", Role::Learner).await;
            complete_course(&state, &ona, "spotting-exploitation").await;
            let stored = xapi_statements::entries(&db).await.unwrap();
            assert!(stored.len() >= 7, "a statement for every event: {}", stored.len());

            let round = deliver_all(&state, &ralph.lrs(SECRET)).await;
            let errors: Vec<(String, Option<String>)> =
                xapi_statements::entries(&db).await.unwrap().into_iter().filter(|e| e.last_error.is_some()).map(|e| (e.kind, e.last_error)).collect();
            assert_eq!(round, Round { sent: stored.len(), retrying: 0, given_up: 0 }, "{errors:?}");
            for entry in xapi_statements::entries(&db).await.unwrap() {
                assert!(entry.sent_at.is_some(), "{} sent", entry.id);
                let ours: serde_json::Value = serde_json::from_str(&entry.statement).unwrap();
                let theirs = ralph.statement(&entry.id).await;
                assert_eq!(theirs["id"], entry.id.as_str(), "{} is in the LRS", entry.kind);
                for field in ["actor", "verb", "object", "timestamp"] {
                    assert_eq!(theirs[field], ours[field], "{} of {}", field, entry.kind);
                }
                assert_eq!(theirs["result"], ours["result"], "result of {}", entry.kind);
            }

            // Sent again (a worker that stopped before marking it): the LRS keeps one, and the
            // statement counts as delivered.
            let first = &stored[0].id;
            sqlx::query("UPDATE xapi_statements SET sent_at = NULL WHERE id = $1").bind(first).execute(db.pool()).await.unwrap();
            assert_eq!(deliver_all(&state, &ralph.lrs(SECRET)).await, Round { sent: 1, retrying: 0, given_up: 0 });
            assert_eq!(ralph.statement(first).await["id"], first.as_str());

            // Wrong credentials: refused (401), given up at once and kept with the answer.
            sqlx::query("UPDATE xapi_statements SET sent_at = NULL WHERE id = $1").bind(first).execute(db.pool()).await.unwrap();
            assert_eq!(deliver_all(&state, &ralph.lrs("wrong")).await, Round { sent: 0, retrying: 0, given_up: 1 });
            let refused = xapi_statements::entries(&db).await.unwrap().into_iter().find(|e| &e.id == first).unwrap();
            assert!(refused.failed_at.is_some() && refused.last_error.unwrap().contains("401"));
        }
    })
    .await;
}
