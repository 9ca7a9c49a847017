//! xAPI statements (issue 15) on a real SQLite file and a real PostgreSQL database: written by
//! the learning and certificate services in the event's own transaction, once per event, claimed
//! by one sender at a time, retried with back-off, given up on a refusal and kept; and the worker
//! against a small stand-in LRS that answers with chosen statuses. Delivery to a real LRS is in
//! `server/tests/xapi_delivery.rs`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use tiltas_app::domain::roles::Role;
use tiltas_app::domain::xapi::{Learning, LearningEvent};
use tiltas_app::server::delivery::Round;
use tiltas_app::server::email::worker::WorkerTiming;
use tiltas_app::server::learning::{self, LearningError};
use tiltas_app::server::storage::xapi_statements::{self, StatementEntry};
use tiltas_app::server::storage::{Db, now};
use tiltas_app::server::testing::{app_state, complete_course, import_fixture_courses, on_both_backends, person};
use tiltas_app::server::xapi::lrs::{Lrs, LrsSettings};
use tiltas_app::server::xapi::{self, worker};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const COURSE: &str = "spotting-exploitation";

async fn entries(db: &Db) -> Vec<StatementEntry> {
    xapi_statements::entries(db).await.unwrap()
}

fn kinds(entries: &[StatementEntry]) -> BTreeSet<&str> {
    entries.iter().map(|e| e.kind.as_str()).collect()
}

#[tokio::test]
async fn completing_a_course_records_a_statement_for_every_kind_of_event_once() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        complete_course(&state, &ona, COURSE).await;
        let stored = entries(&db).await;
        assert_eq!(
            kinds(&stored),
            BTreeSet::from(["launched", "experienced", "answered", "passed", "completed", "responded", "earned"]),
        );
        assert_eq!(stored.iter().filter(|e| e.kind == "completed" || e.kind == "launched" || e.kind == "earned").count(), 3);
        let answers: i64 = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM quiz_answers").fetch_one(db.pool()).await.unwrap().0;
        assert_eq!(stored.iter().filter(|e| e.kind == "answered").count() as i64, answers, "one statement per stored answer");
        for entry in &stored {
            let statement: serde_json::Value = serde_json::from_str(&entry.statement).unwrap();
            assert_eq!(statement["id"], entry.id.as_str(), "the row is keyed by the statement's own id");
            assert!(statement["verb"]["id"].as_str().unwrap().ends_with(&format!("/{}", entry.kind)));
            assert_eq!(statement["actor"]["account"]["name"], xapi::site(&state.config).pseudonym(&ona));
            assert!(!entry.statement.contains("ona@policija.lt"), "no email in a statement");
            assert_eq!((entry.user_id.as_str(), entry.course_slug.as_str()), (ona.as_str(), COURSE));
            assert!(entry.sent_at.is_none() && entry.failed_at.is_none(), "nothing is sent without an LRS");
        }
        let registrations: BTreeSet<String> = stored
            .iter()
            .filter(|e| e.kind != "earned")
            .map(|e| serde_json::from_str::<serde_json::Value>(&e.statement).unwrap()["context"]["registration"].to_string())
            .collect();
        assert_eq!(registrations.len(), 1, "one enrolment, one registration: {registrations:?}");
    })
    .await;
}

#[tokio::test]
async fn the_same_event_is_stored_once_and_a_refused_change_stores_nothing() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        learning::enrol(&state, &ona, COURSE).await.unwrap();
        learning::enrol(&state, &ona, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &ona, COURSE).await.unwrap();
        let module = enrolled.course.modules_in("en")[0].clone();
        learning::mark_read(&state, &enrolled, &module.id).await.unwrap();
        learning::mark_read(&state, &enrolled, &module.id).await.unwrap();
        assert_eq!(entries(&db).await.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["launched", "experienced"]);

        // Recorded again directly, later: the same id, not stored again.
        let learning_then = xapi::learning_in(&enrolled, now() + 60);
        let mut conn = db.pool().acquire().await.unwrap();
        xapi::record(&mut conn, &state.config, &learning_then, &LearningEvent::Launched).await.unwrap();
        drop(conn);
        assert_eq!(entries(&db).await.len(), 2);

        // A choice refused (not where the learner stands) rolls back with its statement.
        let scenario = enrolled.course.modules_in("en").iter().flat_map(|m| m.scenarios()).next().unwrap().id.clone();
        learning::start_play(&state, &enrolled, &scenario).await.unwrap();
        let refused = learning::choose(&state, &enrolled, &scenario, "not-a-step", 0).await;
        assert!(matches!(refused, Err(LearningError::ChoiceAlreadyMade)));
        assert_eq!(entries(&db).await.len(), 2);

        // A statement written in a transaction that is rolled back is gone with it.
        let mut tx = db.pool().begin().await.unwrap();
        let read_later = LearningEvent::ModuleRead { module: tiltas_app::domain::xapi::Item { id: "another", title: "" } };
        xapi::record(&mut tx, &state.config, &learning_then, &read_later).await.unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(entries(&db).await.len(), 2);
    })
    .await;
}

/// Stores `count` statements of a learner directly, for the delivery tests.
async fn some_statements(db: &Db, count: usize) -> Vec<String> {
    let state = app_state(db);
    let ona = person(db, "ona@policija.lt", Role::Learner).await;
    let mut ids = Vec::new();
    for n in 0..count {
        let enrolment = uuid::Uuid::new_v4().to_string();
        let learning = Learning {
            user_id: &ona,
            enrolment_id: Some(&enrolment),
            course_slug: COURSE,
            version_id: "v1",
            course_title: "Spotting exploitation",
            language: "en",
            at: 1_796_000_000 + n as i64,
        };
        let mut conn = db.pool().acquire().await.unwrap();
        xapi::record(&mut conn, &state.config, &learning, &LearningEvent::Launched).await.unwrap();
        ids.push(xapi::site(&state.config).statement_id(&learning, &LearningEvent::Launched));
    }
    ids
}

#[tokio::test]
async fn two_senders_never_claim_the_same_statement_and_retries_wait_their_turn() {
    on_both_backends(|db| async move {
        let ids = some_statements(&db, 6).await;
        let t = now();
        let (first, second) =
            tokio::join!(xapi_statements::claim_due(&db, t, 600, 10), xapi_statements::claim_due(&db, t, 600, 10));
        let (first, second) = (first.unwrap(), second.unwrap());
        let mut claimed: Vec<String> = first.iter().chain(&second).map(|c| c.id.clone()).collect();
        claimed.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(claimed, expected, "every statement claimed exactly once");
        assert!(xapi_statements::claim_due(&db, t + 1, 600, 10).await.unwrap().is_empty(), "claimed ones are not claimed again");

        let [retried, refused, sent, released, ..] = &ids[..] else { unreachable!() };
        xapi_statements::mark_failed(&db, retried, t, Some(t + 120), "HTTP 503: busy").await.unwrap();
        xapi_statements::mark_failed(&db, refused, t, None, "HTTP 400: bad statement").await.unwrap();
        xapi_statements::mark_sent(&db, sent, t).await.unwrap();
        xapi_statements::release(&db, released).await.unwrap();
        let due_now: Vec<String> = xapi_statements::claim_due(&db, t + 1, 600, 10).await.unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(due_now, std::slice::from_ref(released), "only the released one is due before the retry time");
        let later = xapi_statements::claim_due(&db, t + 120, 600, 10).await.unwrap();
        assert_eq!(later.iter().map(|c| (c.id.as_str(), c.attempts)).collect::<Vec<_>>(), [(retried.as_str(), 1)]);

        let stored = entries(&db).await;
        let find = |id: &str| stored.iter().find(|e| e.id == id).unwrap().clone();
        let given_up = find(refused);
        assert!(given_up.failed_at.is_some() && given_up.sent_at.is_none());
        assert_eq!(given_up.last_error.as_deref(), Some("HTTP 400: bad statement"));
        assert!(given_up.statement.contains(refused.as_str()), "a refused statement is kept whole for inspection");
        assert!(find(sent).sent_at.is_some());
    })
    .await;
}

/// A stand-in LRS on a local port: answers each request with the next status of its script
/// (the last one repeating) and keeps what it was sent.
struct ScriptedLrs {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
}

impl ScriptedLrs {
    async fn start(statuses: Vec<u16>) -> ScriptedLrs {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let kept = requests.clone();
        tokio::spawn(async move {
            let mut next = 0;
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let request = read_request(&mut socket).await;
                kept.lock().unwrap().push(request);
                let status = statuses[next.min(statuses.len() - 1)];
                next += 1;
                let answer = format!("HTTP/1.1 {status} Scripted\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]");
                let _ = socket.write_all(answer.as_bytes()).await;
            }
        });
        ScriptedLrs { port, requests }
    }

    fn lrs(&self) -> Lrs {
        Lrs::new(LrsSettings {
            endpoint: url::Url::parse(&format!("http://127.0.0.1:{}/xAPI/", self.port)).unwrap(),
            key: "tiltas".into(),
            secret: "s3cret".into(),
            timeout: std::time::Duration::from_secs(10),
        })
    }
}

/// One HTTP/1.1 request with a Content-Length body, as text.
async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    loop {
        let read = socket.read(&mut chunk).await.unwrap_or(0);
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&buffer);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&buffer).into_owned()
}

fn timing() -> WorkerTiming {
    WorkerTiming { batch: 10, ..WorkerTiming::default() }
}

#[tokio::test]
async fn the_worker_counts_409_as_delivered_retries_503_and_keeps_a_400() {
    on_both_backends(|db| async move {
        some_statements(&db, 4).await;
        let state = app_state(&db);
        let lrs = ScriptedLrs::start(vec![200, 409, 503, 400]).await;
        let (_stop, stopping) = tokio::sync::watch::channel(false);
        let round = worker::deliver_due(&state, &lrs.lrs(), &timing(), &stopping).await.unwrap();
        assert_eq!(round, Round { sent: 2, retrying: 1, given_up: 1 });

        let requests = lrs.requests.lock().unwrap().clone();
        assert_eq!(requests.len(), 4);
        let first = &requests[0];
        assert!(first.starts_with("POST /xAPI/statements HTTP/1.1"), "{first}");
        let lower = first.to_ascii_lowercase();
        assert!(lower.contains("x-experience-api-version: 1.0.3"), "{first}");
        assert!(lower.contains("authorization: basic ") && first.contains("dGlsdGFzOnMzY3JldA=="), "{first}");
        // The n-th statement sent got the n-th answer.
        let sent_ids: Vec<String> = requests
            .iter()
            .map(|request| {
                let body = &request[request.find("\r\n\r\n").unwrap() + 4..];
                serde_json::from_str::<serde_json::Value>(body).unwrap()["id"].as_str().unwrap().to_string()
            })
            .collect();
        let stored = entries(&db).await;
        let find = |id: &str| stored.iter().find(|e| e.id == id).unwrap().clone();
        assert!(find(&sent_ids[0]).sent_at.is_some() && find(&sent_ids[1]).sent_at.is_some(), "200 and 409 are delivered");
        let retrying = find(&sent_ids[2]);
        assert!(retrying.sent_at.is_none() && retrying.failed_at.is_none() && retrying.next_attempt_at > now() + 30);
        let refused = find(&sent_ids[3]);
        assert!(refused.failed_at.is_some() && refused.last_error.as_deref().unwrap().starts_with("HTTP 400"));

        // Nothing is due until the retry time: the next round sends nothing.
        let quiet = worker::deliver_due(&state, &lrs.lrs(), &timing(), &stopping).await.unwrap();
        assert_eq!(quiet, Round::default());
    })
    .await;
}

#[tokio::test]
async fn a_stopping_worker_gives_its_claims_back() {
    on_both_backends(|db| async move {
        some_statements(&db, 2).await;
        let state = app_state(&db);
        let lrs = ScriptedLrs::start(vec![200]).await;
        let (stop, stopping) = tokio::sync::watch::channel(false);
        stop.send(true).unwrap();
        assert_eq!(worker::deliver_due(&state, &lrs.lrs(), &timing(), &stopping).await.unwrap(), Round::default());
        assert!(lrs.requests.lock().unwrap().is_empty());
        assert_eq!(xapi_statements::claim_due(&db, now(), 600, 10).await.unwrap().len(), 2, "given back, due at once");
    })
    .await;
}

#[tokio::test]
async fn erasing_a_person_deletes_their_statements_and_no_one_elses() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        some_statements(&db, 2).await;
        let ona = entries(&db).await[0].user_id.clone();
        let state = app_state(&db);
        let jonas = person(&db, "jonas@policija.lt", Role::Learner).await;
        learning::enrol(&state, &jonas, COURSE).await.unwrap();
        let admin_id = person(&db, "admin@policija.lt", Role::Administrator).await;
        let admin = tiltas_app::server::testing::platform_administrator(admin_id, "admin@policija.lt");
        let platform = tiltas_app::domain::administration::AdminScope::Platform;
        tiltas_app::server::privacy::erasure::erase_person(&db, &admin, &platform, &ona, "ona@policija.lt", "-").await.unwrap();
        let left = entries(&db).await;
        assert_eq!(left.iter().map(|e| (e.user_id.as_str(), e.kind.as_str())).collect::<Vec<_>>(), [(jonas.as_str(), "launched")]);
    })
    .await;
}

#[tokio::test]
async fn a_course_assigned_to_a_cohort_is_launched_for_each_learner_it_enrols_including_later_ones() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let scope = tiltas_app::domain::administration::AdminScope::Platform;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let jonas = person(&db, "jonas@policija.lt", Role::Learner).await;
        let cohorts = tiltas_app::server::cohorts::create_cohort(&state, &scope, "Intake 2027", "").await.unwrap();
        tiltas_app::server::cohorts::add_members(&state, &scope, &cohorts, "ona@policija.lt").await.unwrap();
        // Ona enrolled herself first: her enrolment, and its one launch, are kept.
        learning::enrol(&state, &ona, COURSE).await.unwrap();
        tiltas_app::server::cohorts::assign_course(&state, &scope, &admin, &cohorts, COURSE, "").await.unwrap();
        tiltas_app::server::cohorts::add_members(&state, &scope, &cohorts, "jonas@policija.lt").await.unwrap();
        let launched: Vec<(String, String)> =
            entries(&db).await.into_iter().filter(|e| e.kind == "launched").map(|e| (e.user_id, e.course_slug)).collect();
        assert_eq!(launched, [(ona.clone(), COURSE.to_string()), (jonas.clone(), COURSE.to_string())]);
        let enrolment = learning::enrolled(&state, &jonas, COURSE).await.unwrap().enrolment.id;
        let statement: serde_json::Value = serde_json::from_str(&entries(&db).await[1].statement).unwrap();
        assert_eq!(statement["context"]["registration"], enrolment.as_str());
    })
    .await;
}
