//! The `tiltas` binary's subcommands, run as a person would run them, on both databases.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::accounts;
use tiltas_app::server::storage;
use tiltas_app::server::testing::TestDatabase;

fn tiltas(database_url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiltas"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("TILTAS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tiltas");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn user_add_creates_accounts_with_a_password_or_an_invitation() {
    // Sequential on purpose: each database is removed, even when an assertion fails, before the
    // next is made.
    for postgres in [false, true] {
        let database = if postgres { TestDatabase::postgres().await } else { TestDatabase::sqlite().await };
        let (url, db) = (database.url.clone(), database.db.clone());
        database
            .run(async move {
                let with_password = tiltas(
                    &url,
                    &["user", "add", "--email", "Ona@Policija.lt", "--name", "Ona", "--role", "learner", "--organisation", "Šiaulių AVPK", "--password-stdin"],
                    Some("a long enough passphrase\n"),
                );
                assert!(with_password.status.success(), "{}", String::from_utf8_lossy(&with_password.stderr));
                accounts::sign_in(&db, "ona@policija.lt", "a long enough passphrase", "127.0.0.1").await.expect("the password from stdin works");
                assert!(storage::organisations::find_by_name(&db, "Šiaulių AVPK").await.unwrap().is_some());

                let invited = tiltas(
                    &url,
                    &["user", "add", "--email", "trainer@tiltas.lt", "--name", "Trainer", "--role", "trainer", "--role", "administrator"],
                    None,
                );
                assert!(invited.status.success());
                let printed = String::from_utf8_lossy(&invited.stdout);
                let token = printed.split("/invite/").nth(1).expect("an invitation link is printed").trim();
                assert_eq!(accounts::open_invite_email(&db, token).await.unwrap().as_deref(), Some("trainer@tiltas.lt"));
                let user = storage::users::find_by_email(&db, "trainer@tiltas.lt").await.unwrap().unwrap();
                assert_eq!(storage::users::roles_of(&db, &user.id).await.unwrap(), vec![Role::Trainer, Role::Administrator]);

                // An administrator's recovery link, printed for whoever runs the server.
                let recovery = tiltas(&url, &["admin-link", "--email", "Trainer@Tiltas.lt", "--base-url", "https://tiltas.example/"], None);
                assert!(recovery.status.success(), "{}", String::from_utf8_lossy(&recovery.stderr));
                let printed = String::from_utf8_lossy(&recovery.stdout);
                let fresh = printed.split("https://tiltas.example/invite/").nth(1).expect("a link is printed").split_whitespace().next().unwrap();
                assert_eq!(accounts::open_invite_email(&db, fresh).await.unwrap().as_deref(), Some("trainer@tiltas.lt"));
                assert_eq!(accounts::open_invite_email(&db, token).await.unwrap(), None, "the earlier link no longer works");
                let nobody = tiltas(&url, &["admin-link", "--email", "nobody@tiltas.lt"], None);
                assert!(!nobody.status.success());

                let unknown_role = tiltas(&url, &["user", "add", "--email", "x@tiltas.lt", "--name", "X", "--role", "admin"], None);
                assert!(!unknown_role.status.success());
                assert!(String::from_utf8_lossy(&unknown_role.stderr).contains("unknown role `admin`"));

                let duplicate = tiltas(&url, &["user", "add", "--email", "ona@policija.lt", "--name", "Ona", "--role", "trainer"], None);
                assert!(!duplicate.status.success());
                assert!(String::from_utf8_lossy(&duplicate.stderr).contains("already exists"));
            })
            .await;
    }
}

#[test]
fn check_reports_problems_like_a_compiler_and_fails() {
    let fixtures = tiltas_app::server::testing::fixture_courses_dir();
    let ok = tiltas("sqlite://unused.db", &["check", fixtures.to_str().unwrap()], None);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("0 error(s)"));

    let broken = std::env::temp_dir().join(format!("tiltas-check-{}", uuid::Uuid::new_v4()));
    let course = broken.join("broken-course");
    std::fs::create_dir_all(&course).unwrap();
    std::fs::write(course.join("course.toml"), "source_language = \"en\"\nunknown_key = 1\n").unwrap();
    let failed = tiltas("sqlite://unused.db", &["check", broken.to_str().unwrap()], None);
    let printed = String::from_utf8_lossy(&failed.stdout);
    assert!(!failed.status.success());
    assert!(printed.contains("course.toml:2:1: error:"), "{printed}");

    // A link in a course folder is refused, at its path, and not followed.
    std::fs::create_dir_all(course.join("images")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", course.join("images/x.png")).unwrap();
    let linked = tiltas("sqlite://unused.db", &["check", broken.to_str().unwrap()], None);
    let printed = String::from_utf8_lossy(&linked.stdout);
    assert!(!linked.status.success());
    assert!(printed.contains("broken-course/images/x.png:1:1: error: a symbolic link"), "{printed}");
    assert!(!printed.contains("DATABASE_URL"), "nothing of the environment is read: {printed}");
    std::fs::remove_dir_all(broken).unwrap();
}

#[tokio::test]
async fn verify_checks_a_downloaded_credential_offline_and_refuses_a_changed_one() {
    let database = TestDatabase::sqlite().await;
    let db = database.db.clone();
    database
        .run(async move {
            use tiltas_app::server::certificates::{self, credential};
            use tiltas_app::server::testing::{app_state, complete_course, import_fixture_courses, person};
            import_fixture_courses(&db).await;
            let state = app_state(&db);
            let ona = person(&db, "ona@policija.lt", Role::Learner).await;
            complete_course(&state, &ona, "spotting-exploitation").await;
            let id = certificates::my_certificates(&state, &ona, tiltas_app::i18n::Locale::En).await.unwrap()[0].id.clone();
            let download = credential::certificate_credential(&state, &ona, false, &id).await.unwrap();
            let did = credential::deployment_did_document(&state).await.unwrap();

            let dir = std::env::temp_dir().join(format!("tiltas-verify-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&dir).unwrap();
            let (file, changed, did_file) = (dir.join("credential.json"), dir.join("changed.json"), dir.join("did.json"));
            std::fs::write(&file, &download.bytes).unwrap();
            std::fs::write(&did_file, did.to_string()).unwrap();
            let text = String::from_utf8(download.bytes.clone()).unwrap();
            std::fs::write(&changed, text.replacen("Spotting exploitation", "Spotting exploitatiom", 1)).unwrap();
            let verify = |path: &std::path::Path| {
                tiltas("sqlite://unused.db", &["verify", path.to_str().unwrap(), "--did-document", did_file.to_str().unwrap(), "--offline"], None)
            };

            let good = verify(&file);
            let printed = String::from_utf8_lossy(&good.stdout);
            assert!(good.status.success(), "{printed}{}", String::from_utf8_lossy(&good.stderr));
            assert!(printed.contains("Holder: Learner person") && printed.contains("Signature: valid") && printed.contains("Result: VALID"), "{printed}");
            assert!(printed.contains("Revocation: not checked (offline)"));

            let bad = verify(&changed);
            assert!(!bad.status.success());
            assert!(String::from_utf8_lossy(&bad.stdout).contains("Signature: NOT VALID"));
            let no_key = tiltas("sqlite://unused.db", &["verify", file.to_str().unwrap(), "--offline"], None);
            assert!(String::from_utf8_lossy(&no_key.stderr).contains("--did-document"));
            std::fs::remove_dir_all(dir).unwrap();
        })
        .await;
}

// Issue 13, audit and privacy: the retention rule.

/// `tiltas` with extra environment variables (the retention period).
fn tiltas_with(database_url: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tiltas"));
    command.args(args).env("DATABASE_URL", database_url).env("TILTAS_LOG", "warn").env_remove("TILTAS_RETENTION_INACTIVE_DAYS");
    for (name, value) in env {
        command.env(name, value);
    }
    command.stdin(Stdio::null()).output().expect("run tiltas")
}

#[tokio::test]
async fn retention_lists_in_a_dry_run_and_then_erases_exactly_the_inactive_accounts_but_never_administrators() {
    use tiltas_app::domain::audit::AuditAction;
    use tiltas_app::domain::privacy::AuditFilter;
    use tiltas_app::server::testing::person;
    for postgres in [false, true] {
        let database = if postgres { TestDatabase::postgres().await } else { TestDatabase::sqlite().await };
        let (url, db) = (database.url.clone(), database.db.clone());
        database
            .run(async move {
                let day = 86_400;
                let now = storage::now();
                // (email, roles, last sign-in, created): who has been away how long.
                let people: [(&str, Role, Option<i64>, i64); 6] = [
                    ("away-long@tiltas.test", Role::Learner, Some(now - 100 * day), now - 400 * day),
                    ("never-came@tiltas.test", Role::Learner, None, now - 100 * day),
                    ("recent@tiltas.test", Role::Learner, Some(now - day), now - 400 * day),
                    ("new@tiltas.test", Role::Trainer, None, now - day),
                    ("old-admin@tiltas.test", Role::Administrator, Some(now - 100 * day), now - 400 * day),
                    ("old-org-admin@tiltas.test", Role::OrganisationAdministrator, None, now - 400 * day),
                ];
                for (email, role, last_seen, created) in people {
                    let id = person(&db, email, role).await;
                    sqlx::query("UPDATE users SET last_seen_at = $1, created_at = $2 WHERE id = $3")
                        .bind(last_seen)
                        .bind(created)
                        .bind(&id)
                        .execute(db.pool())
                        .await
                        .unwrap();
                }
                let erased = || async {
                    let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM users WHERE erased_at IS NOT NULL").fetch_all(db.pool()).await.unwrap();
                    rows.len()
                };

                let off = tiltas_with(&url, &["retention"], &[]);
                assert!(off.status.success());
                assert!(String::from_utf8_lossy(&off.stdout).contains("Retention is off"));

                let dry = tiltas_with(&url, &["retention", "--dry-run"], &[("TILTAS_RETENTION_INACTIVE_DAYS", "30")]);
                let printed = String::from_utf8_lossy(&dry.stdout);
                assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
                assert!(printed.contains("Would erase 2 account(s)"), "{printed}");
                assert!(printed.contains("away-long@tiltas.test") && printed.contains("never-came@tiltas.test"), "{printed}");
                for kept in ["recent@", "new@", "old-admin@", "old-org-admin@"] {
                    assert!(!printed.contains(kept), "{kept} listed: {printed}");
                }
                assert_eq!(erased().await, 0, "a dry run changes nothing");
                assert!(storage::users::find_by_email(&db, "away-long@tiltas.test").await.unwrap().is_some());

                let real = tiltas_with(&url, &["retention", "--days", "30"], &[]);
                let printed = String::from_utf8_lossy(&real.stdout);
                assert!(real.status.success(), "{}", String::from_utf8_lossy(&real.stderr));
                assert!(printed.contains("Erased 2 account(s)") && !printed.contains("away-long"), "{printed}");
                assert_eq!(erased().await, 2);
                for gone in ["away-long@tiltas.test", "never-came@tiltas.test"] {
                    assert!(storage::users::find_by_email(&db, gone).await.unwrap().is_none(), "{gone}");
                }
                for (email, ..) in &people[2..] {
                    assert!(storage::users::find_by_email(&db, email).await.unwrap().is_some(), "{email} stays");
                }
                let filter = |code: &str| AuditFilter::parse(code, "", "", "").unwrap();
                let applied = storage::audit::list(&db, &filter(AuditAction::RetentionApplied.code()), None, 10).await.unwrap();
                assert_eq!(applied.len(), 1);
                assert!(applied[0].detail.contains("30 days") && applied[0].detail.contains("2 account(s)"));
                assert_eq!(storage::audit::list(&db, &filter(AuditAction::PersonErased.code()), None, 10).await.unwrap().len(), 2);

                let again = tiltas_with(&url, &["retention", "--days", "30"], &[]);
                assert!(String::from_utf8_lossy(&again.stdout).contains("Erased 0 account(s)"));
                let bad = tiltas_with(&url, &["retention", "--days", "0"], &[]);
                assert!(!bad.status.success());
            })
            .await;
    }
}

/// `tiltas routes` prints exactly the pages the router is built from (the list the
/// authorisation matrix checks too), which the accessibility tests hold their checks against.
#[test]
fn routes_prints_every_page_pattern_the_router_serves() {
    let output = tiltas("sqlite::memory:", &["routes"], None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: Vec<String> = String::from_utf8_lossy(&output.stdout).lines().map(str::to_string).collect();
    let mut served: Vec<String> =
        leptos_axum::generate_route_list(tiltas_app::App).iter().map(|route| route.path().to_string()).collect();
    served.sort();
    served.dedup();
    assert_eq!(printed, served);
    assert!(printed.iter().any(|pattern| pattern == "/courses/{slug}/modules/{module}"), "{printed:?}");
}
