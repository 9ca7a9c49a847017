//! Test support shared by this crate's and the server crate's tests (feature `testing`): real
//! databases, people, the fixture courses, and learners' progress made through the services.
//!
//! Read `TestDatabase` and `on_both_backends` first, then `person` and `fixture_courses`.
//!
//! PostgreSQL is required, not optional: a suite that silently skipped it would prove nothing
//! about half of the supported deployments. `TILTAS_TEST_POSTGRES_URL` points at a server where
//! databases may be created (default: the local one, with trust authentication).
//!
//! Tests use the courses in `course-format/tests/fixtures`, never the shipped ones in `courses/`,
//! so that a trainer editing a shipped course never breaks a Rust test. (`scripts/test.sh` checks
//! the shipped courses with `tiltas check`.)

pub mod identity_provider;

use super::accounts::{self, NewAccount};
use super::context::{AppConfig, AppState};
use super::certificates::credential::CredentialKey;
use super::course_import::{ImportReport, import_courses};
use super::learning::{self, AnswerFeedback, Enrolled};
use super::storage::{self, Db};
use crate::domain::roles::Role;
use crate::page::SiteSettings;
use futures_util::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use tiltas_course::{CourseSet, DrawnQuestion, Module, Question, best_path, draw_questions};

pub const DEFAULT_POSTGRES_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The password of everyone `person` creates.
pub const PASSWORD: &str = "a long enough passphrase";

/// The organisation of everyone `person` creates: learners must belong to one.
pub const ORGANISATION: &str = "Vilniaus AVPK";

/// A migrated database, removed by `run` (or by `on_both_backends`) once its test is over.
pub struct TestDatabase {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    pub async fn sqlite() -> TestDatabase {
        let dir = std::env::temp_dir().join(format!("tiltas-test-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/tiltas.db", dir.display());
        let db = Db::connect(&url).await.expect("open SQLite test database");
        TestDatabase { db, url, cleanup: Cleanup::SqliteFile(dir) }.migrated().await
    }

    pub async fn postgres() -> TestDatabase {
        let admin_url = std::env::var("TILTAS_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_ADMIN_URL.into());
        let name = format!("tiltas_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Db::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is required for the tests ({admin_url}): {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.expect("create test database");
        admin.close().await;
        let mut url = url::Url::parse(&admin_url).expect("PostgreSQL URL");
        url.set_path(&name);
        let url = url.to_string();
        let cleanup = Cleanup::PostgresDatabase { admin_url, name };
        let db = match Db::connect(&url).await {
            Ok(db) => db,
            Err(error) => {
                cleanup.run().await;
                panic!("open PostgreSQL test database: {error}");
            }
        };
        TestDatabase { db, url, cleanup }.migrated().await
    }

    /// Migrates, removing the database again if that fails.
    async fn migrated(self) -> TestDatabase {
        if let Err(error) = self.db.migrate().await {
            self.cleanup().await;
            panic!("migrate the test database: {error}");
        }
        self
    }

    /// Runs `test` on this database, then removes the database even if the test panicked, and
    /// passes the panic on: a failing test must not leave SQLite folders or `tiltas_test_*`
    /// databases behind.
    pub async fn run(self, test: impl Future<Output = ()>) {
        let outcome = AssertUnwindSafe(test).catch_unwind().await;
        self.cleanup().await;
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }

    async fn cleanup(self) {
        self.db.close().await;
        self.cleanup.run().await;
    }
}

impl Cleanup {
    async fn run(self) {
        match self {
            Cleanup::SqliteFile(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(admin.pool()).await;
                    admin.close().await;
                }
            }
        }
    }
}

/// Runs the same test body against SQLite and then PostgreSQL, each database removed afterwards
/// whether the body passed or panicked. The PostgreSQL database is made only once SQLite passed.
pub async fn on_both_backends<F, Fut>(test: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let sqlite = TestDatabase::sqlite().await;
    let db = sqlite.db.clone();
    sqlite.run(test(db)).await;
    let postgres = TestDatabase::postgres().await;
    let db = postgres.db.clone();
    postgres.run(test(db)).await;
}

/// The application state the router and the services get in tests: `http://tiltas.test/`,
/// one support contact, self-registration off.
pub fn app_state(db: &Db) -> AppState {
    let config = AppConfig {
        base_url: url::Url::parse("http://tiltas.test/").expect("test base URL"),
        site: SiteSettings { support_contacts: vec!["Emergency: 112".into()], ..SiteSettings::default() },
        trusted_proxies: 0,
        issuer_name: "Tiltas test academy".into(),
        credential_key: test_credential_key(),
        allow_external_images: false,
        email: None,
    };
    AppState::new(db.clone(), config)
}

/// `app_state` of a deployment that sends email (issue 15): messages to people who never
/// chose a language are in `default_locale`; reminders 3 days before a due date and 30 before
/// a certificate expires.
pub fn app_state_with_email(db: &Db, default_locale: crate::i18n::Locale) -> AppState {
    let mut state = app_state(db);
    std::sync::Arc::make_mut(&mut state.config).email =
        Some(super::email::MailOptions { default_locale, reminders: crate::domain::email::ReminderPolicy::default() });
    state
}

/// The key tests sign credentials with: fixed, so that a test can check a credential against it.
pub fn test_credential_key() -> CredentialKey {
    CredentialKey::new(tiltas_credentials::SigningKey::from_seed(&[7; 32]))
}

/// Creates a person with one role, named "<Role> person" (e.g. "Learner person"), in
/// `ORGANISATION`, with `PASSWORD`. Returns their user id.
pub async fn person(db: &Db, email: &str, role: Role) -> String {
    person_with_roles(db, email, &[role]).await
}

/// A platform administrator as a signed-in session presents them to the services, for calls
/// that take the acting person (erasure, imports).
pub fn platform_administrator(id: String, email: &str) -> crate::page::SessionUser {
    crate::page::SessionUser {
        id,
        name: "Admin".into(),
        email: email.into(),
        roles: vec![Role::Administrator],
        organisation_id: None,
        organisation_name: None,
    }
}

/// `person` with several roles, named after the first.
pub async fn person_with_roles(db: &Db, email: &str, roles: &[Role]) -> String {
    person_in(db, ORGANISATION, email, roles).await
}

/// `person_with_roles` in the organisation called `organisation_name` (created on first use).
pub async fn person_in(db: &Db, organisation_name: &str, email: &str, roles: &[Role]) -> String {
    let account = NewAccount {
        email: email.into(),
        name: format!("{:?} person", roles[0]),
        roles: roles.to_vec(),
        organisation_id: Some(organisation_named(db, organisation_name).await),
        password: Some(PASSWORD.into()),
    };
    accounts::create_account(db, account).await.expect("create a test person").0
}

/// `ORGANISATION`'s id, created on first use.
async fn organisation(db: &Db) -> String {
    organisation_named(db, ORGANISATION).await
}

/// The id of the organisation called `name`, created on first use.
pub async fn organisation_named(db: &Db, name: &str) -> String {
    match storage::organisations::find_by_name(db, name).await.expect("find the test organisation") {
        Some(id) => id,
        None => storage::organisations::insert_organisation(db, name).await.expect("create the test organisation"),
    }
}

/// Creates `count` learners enrolled in the newest version of `slug`, quickly: straight through
/// storage, without passwords (hashing one takes tens of milliseconds by design), so they cannot
/// sign in. For tests that need many learners in a list. Returns their user ids.
pub async fn enrolled_learners(db: &Db, slug: &str, count: usize) -> Vec<String> {
    let organisation = organisation(db).await;
    let version = storage::courses::latest_version(db, slug).await.expect("read the course").expect("the course is imported");
    let mut ids = Vec::with_capacity(count);
    for number in 1..=count {
        let email = format!("learner-{}@tiltas.test", uuid::Uuid::new_v4().simple());
        let name = format!("Learner {number}");
        let user = storage::users::NewUser {
            email: &email,
            name: &name,
            organisation_id: Some(&organisation),
            roles: &[Role::Learner],
            password_hash: None,
        };
        let id = storage::users::insert_user(db, user).await.expect("insert a learner");
        storage::enrolments::insert_enrolment(db, &id, slug, &version.id, None, None).await.expect("enrol a learner");
        ids.push(id);
    }
    ids
}

/// The folder of fixture courses: `course-format/tests/fixtures`.
pub fn fixture_courses_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../course-format/tests/fixtures")
}

/// The fixture courses, checked: a fixture with an error is a bug in the tests, reported here.
///
/// - `assisting-survivors`: English, one module, no questions; `self_enrolment = false`, so only
///   an administrator's assignment enrols. Its module shows an image from another website,
///   `https://example.org/helpline-poster.png`.
/// - `first-contact`: English and Lithuanian, one module with three questions and a scenario
///   (the complete example of `docs/authoring.md`).
/// - `legal-duties`: English; needs `spotting-exploitation` first; its module shows
///   `images/referral-map.png`; `images/unreferenced.png`, `notes/answer-key.md` and
///   `notes/grading.toml` are in the folder but no module refers to them.
/// - `spotting-exploitation`: English and Lithuanian, two modules with questions whose options
///   have feedback, and a scenario in the second module.
///
/// Beside them, `glossary.toml` has two terms that `spotting-exploitation` uses.
pub fn fixture_courses() -> CourseSet {
    checked_courses(&fixture_courses_dir())
}

/// The courses in the folders under `root`, which must have no errors.
pub fn checked_courses(root: &Path) -> CourseSet {
    let set = tiltas_course::fs::load_courses_root(root);
    assert!(!set.has_errors(), "the courses in {} have errors: {:#?}", root.display(), set.diagnostics);
    set
}

/// Imports the fixture courses, each as version 1 on a new database.
pub async fn import_fixture_courses(db: &Db) -> ImportReport {
    import_courses(db, &fixture_courses(), |_| {}).await.expect("import the fixture courses")
}

/// The options of `question` that are marked correct.
pub fn correct_options(question: &Question) -> Vec<usize> {
    question.options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i).collect()
}

/// The questions of the learner's newest attempt at `module`, in the order shown: a graded
/// attempt's recorded draw, or every question in source order for practice.
pub async fn shown_questions(db: &Db, enrolled: &Enrolled, module: &Module) -> Vec<DrawnQuestion> {
    let activity = activity_of(db, enrolled).await;
    match activity.module_attempts(&module.id).last() {
        Some(attempt) if module.is_graded() => {
            let mut conn = db.pool().acquire().await.expect("a connection");
            storage::assessments::drawn_with_answers(&mut conn, &attempt.id).await.expect("read the draw").drawn
        }
        _ => draw_questions(module, 0),
    }
}

/// The positions, as shown, of the options of `question` that are right (or, with `right`
/// false, of one wrong option).
pub fn shown_positions(question: &Question, order: &[usize], right: bool) -> Vec<usize> {
    let positions = order.iter().enumerate().filter(|(_, i)| question.options[**i].correct == right).map(|(p, _)| p);
    if right { positions.collect() } else { positions.take(1).collect() }
}

/// Answers every question of the learner's attempt at `module`, all right or all wrong, starting
/// a graded attempt first. Returns whether this completed the course.
pub async fn answer_all(state: &AppState, enrolled: &Enrolled, module: &Module, right: bool) -> bool {
    let db = &state.db;
    if module.is_graded() {
        learning::start_attempt(state, enrolled, &module.id).await.expect("start an attempt");
    }
    let mut completed = false;
    for drawn in shown_questions(db, enrolled, module).await {
        let question = module.questions().find(|q| q.id == drawn.question_id).expect("a drawn question is in the bank");
        let shown = shown_positions(question, &drawn.option_order, right);
        let answered = learning::answer(state, enrolled, &module.id, &question.id, &shown).await.unwrap();
        assert_ne!(answered.feedback, if right { AnswerFeedback::Wrong } else { AnswerFeedback::Correct });
        completed |= answered.completed_course;
    }
    completed
}

/// Answers every question of `module` correctly. Returns whether this completed the course.
pub async fn pass_quiz(state: &AppState, enrolled: &Enrolled, module: &Module) -> bool {
    answer_all(state, enrolled, module, true).await
}

/// Plays the scenario along its best path to a good-practice ending. Returns whether this
/// completed the course.
pub async fn play_best_path(state: &AppState, enrolled: &Enrolled, scenario_id: &str) -> bool {
    let (_, scenario) = enrolled.course.scenario(scenario_id).expect("the scenario is in the course");
    let path = best_path(scenario).expect("the scenario has a best path");
    learning::start_play(state, enrolled, scenario_id).await.unwrap();
    let mut completed = false;
    for step in path {
        completed |= learning::choose(state, enrolled, scenario_id, &step.step, step.choice).await.unwrap().completed_course;
    }
    completed
}

/// Enrols the person in `slug` (unless enrolled already) and completes the course through the
/// learning service: every quiz answered rightly (a graded assessment in one attempt), every
/// scenario played to its best ending, every module read.
pub async fn complete_course(state: &AppState, user_id: &str, slug: &str) {
    learning::enrol(state, user_id, slug).await.expect("enrol to complete the course");
    let enrolled = learning::enrolled(state, user_id, slug).await.expect("enrolled, prerequisites met");
    let source_language = enrolled.course.metadata.source_language.clone();
    for module in enrolled.course.modules_in(&source_language).to_vec() {
        pass_quiz(state, &enrolled, &module).await;
        for scenario in module.scenarios() {
            play_best_path(state, &enrolled, &scenario.id).await;
        }
        if !module.is_graded() {
            learning::mark_read(state, &enrolled, &module.id).await.unwrap();
        }
    }
    let mut conn = state.db.pool().acquire().await.expect("a connection");
    let scope = storage::enrolments::EnrolmentScope::Enrolment(&enrolled.enrolment.id);
    let completions = storage::enrolments::completions(&mut conn, scope).await.unwrap();
    assert_eq!(completions.len(), 1, "{slug} is complete");
}

/// Moves the expiry of the person's certificates for `slug` to yesterday, as if their validity
/// had run out.
pub async fn expire_certificates(db: &Db, user_id: &str, slug: &str) {
    sqlx::query("UPDATE certificates SET expires_at = $1 WHERE user_id = $2 AND course_slug = $3")
        .bind(storage::now() - 86_400)
        .bind(user_id)
        .bind(slug)
        .execute(db.pool())
        .await
        .expect("expire the certificates");
}

/// The activity of one enrolment, as the learning service reads it.
pub async fn activity_of(db: &Db, enrolled: &Enrolled) -> crate::server::learning::Activity {
    let mut conn = db.pool().acquire().await.expect("a connection");
    crate::server::learning::activity::activity(&mut conn, &enrolled.enrolment.id).await.expect("read the activity")
}

/// Whether the learner's enrolment in `slug` has its certificate.
pub async fn has_certificate(db: &Db, user_id: &str, slug: &str) -> bool {
    let Some(enrolment) = storage::enrolments::enrolment(db, user_id, slug).await.unwrap() else { return false };
    let mut conn = db.pool().acquire().await.expect("a connection");
    let held = storage::certificates::of_holder(&mut conn, user_id).await.expect("read certificates");
    held.iter().any(|c| c.enrolment_id.as_deref() == Some(enrolment.id.as_str()))
}
