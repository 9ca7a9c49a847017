//! Email (issue 15) sent to a real SMTP server on this machine: aiosmtpd (PyPI, installed by
//! `scripts/setup.sh --test`) writing a Maildir, read back and decoded by Python's own email
//! package, so that what is checked is what a mail client would show: a Lithuanian subject
//! (RFC 2047 encoded on the wire), the plain text and HTML parts, the link, once.
//!
//! Read `SmtpSink` first, then the tests: the services' worker round by round, a mail server
//! that is down and comes back, the worker loop with its restart, and `tiltas serve` itself.

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::{Locale, Msg, fill};
use tiltas_app::server::accounts::{NewAccount, invite_path};
use tiltas_app::server::context::AppState;
use tiltas_app::server::email::smtp::{Smtp, SmtpSettings, TlsMode};
use tiltas_app::server::email::worker::{self, Round, WorkerTiming};
use tiltas_app::server::people_admin::{self, Administrator};
use tiltas_app::server::storage::{self, now, outbox};
use tiltas_app::server::testing::{
    ORGANISATION, TestDatabase, app_state_with_email, import_fixture_courses, on_both_backends, organisation_named, person,
};
use tokio::sync::watch;

const SENDER: &str = "Tiltas <tiltas@tiltas.test>";

/// aiosmtpd on a free local port, storing every message it receives in a Maildir; stopped
/// when dropped.
struct SmtpSink {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpSink {
    fn start() -> SmtpSink {
        SmtpSink::start_on(free_port())
    }

    fn start_on(port: u16) -> SmtpSink {
        let maildir = std::env::temp_dir().join(format!("tiltas-maildir-{}", uuid::Uuid::new_v4().simple()));
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 is needed for the email tests (scripts/setup.sh --test installs aiosmtpd)");
        let mut sink = SmtpSink { child, port, maildir };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = sink.child.try_wait() {
                let mut stderr = String::new();
                use std::io::Read;
                let _ = sink.child.stderr.take().map(|mut e| e.read_to_string(&mut stderr));
                panic!("aiosmtpd exited ({status}): {stderr}\nInstall it with `scripts/setup.sh --test` (pip install aiosmtpd==1.4.6).");
            }
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd did not start listening on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        sink
    }

    fn settings(&self) -> SmtpSettings {
        settings_for(self.port)
    }

    /// The messages received so far, as Python's email package decodes them.
    fn messages(&self) -> Vec<Received> {
        let Ok(files) = std::fs::read_dir(self.maildir.join("new")) else { return Vec::new() };
        let mut paths: Vec<PathBuf> = files.map(|f| f.unwrap().path()).collect();
        paths.sort();
        decode(&paths)
    }

    /// Waits (up to 20 s) until `count` messages arrived, and returns them.
    fn wait_for(&self, count: usize) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= count || started.elapsed() > Duration::from_secs(20) {
                assert_eq!(messages.len(), count, "{messages:#?}");
                return messages;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn settings_for(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: TlsMode::None,
        credentials: None,
        sender: SENDER.into(),
        timeout: Duration::from_secs(10),
    }
}

/// One received message, decoded.
#[derive(Debug, serde::Deserialize)]
struct Received {
    /// The Subject header as on the wire.
    raw_subject: String,
    subject: String,
    to: String,
    sender: String,
    message_id: String,
    text: String,
    html: String,
}

const DECODE: &str = r#"
import email, email.policy, json, sys
out = []
for path in sys.argv[1:]:
    raw = open(path, 'rb').read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    wire = email.message_from_bytes(raw, policy=email.policy.compat32)
    out.append(dict(
        raw_subject=str(wire['Subject']), subject=str(message['Subject']), to=str(message['To']),
        sender=str(message['From']), message_id=str(message['Message-ID']),
        text=message.get_body(('plain',)).get_content(), html=message.get_body(('html',)).get_content()))
print(json.dumps(out))
"#;

fn decode(paths: &[PathBuf]) -> Vec<Received> {
    if paths.is_empty() {
        return Vec::new();
    }
    let output = Command::new("python3").arg("-c").arg(DECODE).args(paths).output().expect("run python3");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the decoder's JSON")
}

fn never_stop() -> (watch::Sender<bool>, watch::Receiver<bool>) {
    watch::channel(false)
}

fn quick() -> WorkerTiming {
    WorkerTiming { poll: Duration::from_millis(100), reminders_every: Duration::from_millis(300), ..WorkerTiming::default() }
}

async fn invite_jurate(state: &AppState) -> String {
    let admin = person(&state.db, "admin@tiltas.lt", Role::Administrator).await;
    let admin = Administrator { id: admin, scope: AdminScope::Platform, client_address: "10.1.2.3".into() };
    let account = NewAccount {
        email: "jurate@policija.lt".into(),
        name: "Jūratė Žemaitė".into(),
        roles: vec![Role::Learner],
        organisation_id: Some(organisation_named(&state.db, ORGANISATION).await),
        password: None,
    };
    people_admin::create_person(state, &admin, account).await.unwrap().expect("an invitation")
}

#[tokio::test]
async fn a_lithuanian_invitation_arrives_once_with_its_subject_and_both_parts_intact() {
    on_both_backends(|db| async move {
        let sink = SmtpSink::start();
        let state = app_state_with_email(&db, Locale::Lt);
        let token = invite_jurate(&state).await;
        let smtp = Smtp::new(&sink.settings()).unwrap();
        let (_keep, stop) = never_stop();

        let round = worker::deliver_due(&state, &smtp, &WorkerTiming::default(), &stop).await.unwrap();
        assert_eq!(round, Round { sent: 1, retrying: 0, given_up: 0 });
        let received = sink.wait_for(1);
        let mail = &received[0];
        let subject = fill(Msg::EmailInvitationSubject.text(Locale::Lt), &[("site", "Tiltas test academy")]);
        assert_eq!(mail.subject, subject);
        assert!(mail.raw_subject.to_ascii_lowercase().starts_with("=?utf-8?"), "RFC 2047 on the wire: {}", mail.raw_subject);
        assert!(!mail.raw_subject.contains('ų'), "no raw 8-bit subject: {}", mail.raw_subject);
        assert_eq!(mail.to, "jurate@policija.lt");
        assert_eq!(mail.sender, SENDER);
        assert!(mail.message_id.ends_with("@tiltas.test>"), "{}", mail.message_id);
        let link = state.config.link(&invite_path(&token));
        assert!(mail.text.starts_with("Sveiki, Jūratė Žemaitė,"), "{}", mail.text);
        assert!(mail.text.contains(&link), "{}", mail.text);
        assert!(mail.text.contains(Msg::EmailChoosePassword.text(Locale::Lt)));
        assert!(mail.html.contains("lang=\"lt\"") && mail.html.contains(&format!("href=\"{link}\"")), "{}", mail.html);
        assert!(mail.html.contains("Jūratė Žemaitė"));

        // Recorded as sent, so neither another round nor a restarted worker sends it again.
        let entries = outbox::entries(&db).await.unwrap();
        assert!(entries[0].sent_at.is_some());
        let again = worker::deliver_due(&state, &smtp, &WorkerTiming::default(), &stop).await.unwrap();
        assert_eq!(again, Round::default());
        let restarted = Smtp::new(&sink.settings()).unwrap();
        assert_eq!(worker::deliver_due(&state, &restarted, &WorkerTiming::default(), &stop).await.unwrap(), Round::default());
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(sink.messages().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_message_waits_while_the_mail_server_is_down_and_goes_once_it_is_back() {
    let database = TestDatabase::sqlite().await;
    let db = database.db.clone();
    database
        .run(async move {
            let state = app_state_with_email(&db, Locale::En);
            invite_jurate(&state).await;
            let port = free_port();
            let smtp = Smtp::new(&settings_for(port)).unwrap();
            let (_keep, stop) = never_stop();

            let down = worker::deliver_due(&state, &smtp, &WorkerTiming::default(), &stop).await.unwrap();
            assert_eq!(down, Round { sent: 0, retrying: 1, given_up: 0 });
            let entry = &outbox::entries(&db).await.unwrap()[0];
            assert_eq!(entry.attempts, 1);
            assert!(entry.last_error.is_some() && entry.sent_at.is_none());
            assert!(entry.next_attempt_at >= now() + 50, "backs off about a minute: {entry:?}");
            assert_eq!(worker::deliver_due(&state, &smtp, &WorkerTiming::default(), &stop).await.unwrap(), Round::default(), "not before then");

            let sink = SmtpSink::start_on(port);
            sqlx::query("UPDATE outbox SET next_attempt_at = $1").bind(now()).execute(db.pool()).await.unwrap();
            let back = worker::deliver_due(&state, &smtp, &WorkerTiming::default(), &stop).await.unwrap();
            assert_eq!(back, Round { sent: 1, retrying: 0, given_up: 0 });
            let received = sink.wait_for(1);
            assert_eq!(received[0].subject, fill(Msg::EmailInvitationSubject.text(Locale::En), &[("site", "Tiltas test academy")]));
            assert_eq!(outbox::entries(&db).await.unwrap()[0].attempts, 2);
        })
        .await;
}

#[tokio::test]
async fn starttls_that_the_server_does_not_offer_sends_nothing_in_plain_text() {
    let database = TestDatabase::sqlite().await;
    let db = database.db.clone();
    database
        .run(async move {
            let sink = SmtpSink::start();
            let state = app_state_with_email(&db, Locale::En);
            invite_jurate(&state).await;
            let smtp = Smtp::new(&SmtpSettings { tls: TlsMode::StartTls, ..sink.settings() }).unwrap();
            let (_keep, stop) = never_stop();
            let round = worker::deliver_due(&state, &smtp, &WorkerTiming::default(), &stop).await.unwrap();
            assert_eq!(round.sent, 0, "{round:?}");
            let entry = &outbox::entries(&db).await.unwrap()[0];
            assert!(entry.sent_at.is_none() && entry.last_error.is_some(), "{entry:?}");
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert!(sink.messages().is_empty(), "no fallback to an unprotected connection");
        })
        .await;
}

/// A Lithuanian learner whose assigned course was due yesterday. Returns the state.
async fn overdue_learner(db: &storage::Db) -> AppState {
    import_fixture_courses(db).await;
    let state = app_state_with_email(db, Locale::En);
    let ona = person(db, "ona@policija.lt", Role::Learner).await;
    storage::users::set_preferred_language(db, &ona, "lt").await.unwrap();
    let version = storage::courses::latest_version(db, "first-contact").await.unwrap().unwrap().id;
    storage::enrolments::insert_enrolment(db, &ona, "first-contact", &version, None, Some(now() - 86_400)).await.unwrap();
    state
}

#[tokio::test]
async fn the_worker_sends_a_reminder_once_across_a_restart_and_stops_when_told() {
    let database = TestDatabase::postgres().await;
    let db = database.db.clone();
    database
        .run(async move {
            let sink = SmtpSink::start();
            let state = overdue_learner(&db).await;
            let options = state.config.email.clone().unwrap();
            for _run in 0..2 {
                let smtp = Smtp::new(&sink.settings()).unwrap();
                let (stop, stopping) = watch::channel(false);
                let running = tokio::spawn(worker::run(state.clone(), options.clone(), smtp, quick(), stopping));
                tokio::time::sleep(Duration::from_millis(1_500)).await;
                stop.send(true).unwrap();
                tokio::time::timeout(Duration::from_secs(10), running).await.expect("the worker stops when told").unwrap();
            }
            let received = sink.wait_for(1);
            assert!(received[0].subject.starts_with("Vėluojate:"), "in Ona's language: {}", received[0].subject);
            assert!(received[0].text.contains("http://tiltas.test/courses/first-contact"), "{}", received[0].text);
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(sink.messages().len(), 1, "not again after the restart");
        })
        .await;
}

#[tokio::test]
async fn tiltas_serve_sends_email_when_a_mail_server_is_configured() {
    let database = TestDatabase::sqlite().await;
    let (db, url) = (database.db.clone(), database.url.clone());
    database
        .run(async move {
            let sink = SmtpSink::start();
            overdue_learner(&db).await;
            let work = std::env::temp_dir().join(format!("tiltas-serve-{}", uuid::Uuid::new_v4().simple()));
            let mut serve = Command::new(env!("CARGO_BIN_EXE_tiltas"))
                .args(["serve", "--site-addr", &format!("127.0.0.1:{}", free_port()), "--smtp-tls", "none"])
                .args(["--smtp-host", "127.0.0.1", "--smtp-port", &sink.port.to_string(), "--mail-from", SENDER])
                .arg("--courses")
                .arg(work.join("no-courses"))
                .arg("--signing-key-file")
                .arg(work.join("signing.key"))
                .env("DATABASE_URL", &url)
                .env("TILTAS_LOG", "warn")
                .env("TILTAS_MAIL_LANGUAGE", "lt")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let received = sink.wait_for(1);
            assert!(received[0].subject.starts_with("Vėluojate:"), "{}", received[0].subject);
            let terminated = Command::new("kill").args(["-TERM", &serve.id().to_string()]).status().unwrap();
            assert!(terminated.success());
            let status = wait_with_timeout(&mut serve, Duration::from_secs(30));
            assert!(status.success(), "tiltas serve stops cleanly with its email worker");
            let _ = std::fs::remove_dir_all(&work);
        })
        .await;
}

#[tokio::test]
async fn the_administrator_is_told_that_the_link_is_being_emailed() {
    let database = TestDatabase::sqlite().await;
    let db = database.db.clone();
    database
        .run(async move {
            person(&db, "admin@tiltas.lt", Role::Administrator).await;
            let mut browser = support::Browser::on(support::router_for(app_state_with_email(&db, Locale::En)));
            browser.sign_in("admin@tiltas.lt", tiltas_app::server::testing::PASSWORD).await;
            let fields = [("name", "Rūta"), ("email", "ruta@policija.lt"), ("role_learner", "on")];
            let organisation = organisation_named(&db, ORGANISATION).await;
            let mut fields = fields.map(|(k, v)| (k, v.to_string())).to_vec();
            fields.push(("organisation_id", organisation));
            browser.post_owned_form("/api/create_person", "/admin/people", &fields).await;
            let page = browser.get("/admin/people").await;
            assert!(page.body.contains(Msg::PersonCreatedEmailed.text(Locale::En)), "{}", page.body);
            let entries = outbox::entries(&db).await.unwrap();
            assert_eq!((entries.len(), entries[0].recipient.as_str()), (1, "ruta@policija.lt"));

            let ruta = entries[0].user_id.clone().unwrap();
            browser.post_owned_form("/api/renew_invite", "/admin/people", &[("user_id", ruta)]).await;
            let page = browser.get("/admin/people").await;
            assert!(page.body.contains(Msg::InviteRenewedEmailed.text(Locale::En)), "{}", page.body);
        })
        .await;
}

#[test]
fn tiltas_serve_refuses_a_mail_server_without_a_sender() {
    let output = Command::new(env!("CARGO_BIN_EXE_tiltas"))
        .args(["serve", "--smtp-host", "mail.example", "--site-addr", "127.0.0.1:0"])
        .env("DATABASE_URL", "sqlite://does/not/matter.db")
        .env_remove("TILTAS_MAIL_FROM")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--mail-from"), "{stderr}");
    assert!(!Path::new(&std::env::temp_dir()).join("does/not/matter.db").exists(), "nothing made before the settings are checked");
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("tiltas serve did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
