//! How many SQL statements a page runs, through the real router with signed-in sessions, on
//! SQLite and PostgreSQL: the administrators' assignments and list of people, a course's results
//! and a learner's dashboard must run as many statements for 300 learners as for 3, and the dashboard as many
//! for a learner with two enrolments as for one with one. A page that reads per learner or per
//! enrolment (N+1) fails here long before it is slow in production.
//!
//! Statements are counted from sqlx's own log: sqlx logs every statement it runs as a `tracing`
//! event with target `sqlx::query`, from SQLite's worker threads and from the calling task for
//! PostgreSQL. Only a process-wide subscriber sees both, so this file is its own test binary with
//! one test, running the backends one after the other: any other test in the process would add
//! its statements to the count.

mod support;

use http::StatusCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::context::AppState;
use tiltas_app::server::learning;
use tiltas_app::server::storage::Db;
use tiltas_app::server::testing::{
    app_state, complete_course, correct_options, enrolled_learners, import_fixture_courses, on_both_backends, person,
    person_with_roles,
};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The course whose learners the pages list: two modules, questions and a scenario.
const COURSE: &str = "spotting-exploitation";
/// A second course, for a learner with two enrolments.
const OTHER_COURSE: &str = "first-contact";

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

/// Counts sqlx's statement events, except the PRAGMAs that set up each new SQLite connection:
/// the pool opens connections when it likes, and that is not work the page asked for.
struct CountStatements;

/// The opening words of a sqlx statement event (its `summary` field).
#[derive(Default)]
struct StatementSummary(String);

impl tracing::field::Visit for StatementSummary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            self.0 = value.to_string();
        }
    }

    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        // At any level: sqlx logs a statement at DEBUG, or at WARN when it was slower than its
        // threshold, which a loaded machine can cause for any statement.
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut summary = StatementSummary::default();
        event.record(&mut summary);
        if !summary.0.trim_start().to_ascii_uppercase().starts_with("PRAGMA") {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The count once no statement has been logged for a while: SQLite's worker thread may log a
/// statement just after the caller has its result.
async fn settled_count() -> usize {
    let mut last = STATEMENTS.load(Ordering::SeqCst);
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = STATEMENTS.load(Ordering::SeqCst);
        if now == last {
            return now;
        }
        last = now;
    }
}

/// The statements one request for `path` runs, after a first request has warmed the caches
/// (parsed course versions, the pool's connections, PostgreSQL's prepared statements).
async fn statements(browser: &mut Browser, path: &str) -> usize {
    let warm = browser.get(path).await;
    assert_eq!(warm.status, StatusCode::OK, "{path}: {}", warm.body);
    let before = settled_count().await;
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    settled_count().await - before
}

/// Statements of the pages, for one number of learners.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct PageCounts {
    assignments: usize,
    /// The administrators' list of people (people-admin): one page of 50, its total, their roles.
    people: usize,
    results: usize,
    dashboard: usize,
    report: usize,
    report_people: usize,
    cohort: usize,
}

/// Puts every learner not yet in the cohort into it, as an import or an administrator would.
async fn fill_cohort(db: &Db, cohort: &str) {
    sqlx::query(
        "INSERT INTO cohort_members (cohort_id, user_id, joined_at) SELECT $1, u.id, 0 FROM users u \
         WHERE u.id IN (SELECT user_id FROM user_roles WHERE role = 'learner') \
         AND u.id NOT IN (SELECT user_id FROM cohort_members WHERE cohort_id = $1)",
    )
    .bind(cohort)
    .execute(db.pool())
    .await
    .expect("fill the cohort");
}

#[derive(Debug)]
struct Measured {
    backend: String,
    three_learners: PageCounts,
    three_hundred_learners: PageCounts,
    one_enrolment: usize,
    two_enrolments: usize,
}

/// A module read, an answer and one scenario choice, through the learning service.
async fn some_progress(state: &AppState, user_id: &str) {
    let enrolled = learning::enrolled(state, user_id, COURSE).await.unwrap();
    let module = enrolled.course.modules_in("en")[0].clone();
    learning::mark_read(state, &enrolled, &module.id).await.unwrap();
    let question = module.questions().next().unwrap();
    learning::answer(state, &enrolled, &module.id, &question.id, &correct_options(question)).await.unwrap();
    let scenario = enrolled.course.modules_in("en").iter().find_map(|m| m.scenarios().next().cloned()).unwrap();
    let first = tiltas_course::best_path(&scenario).unwrap().remove(0);
    learning::start_play(state, &enrolled, &scenario.id).await.unwrap();
    learning::choose(state, &enrolled, &scenario.id, &first.step, first.choice).await.unwrap();
}

#[tokio::test]
async fn pages_run_as_many_statements_for_300_learners_as_for_3() {
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountStatements))
        .expect("this test binary installs the only subscriber");
    let measured: Arc<Mutex<Vec<Measured>>> = Arc::default();
    on_both_backends(|db| {
        let measured = measured.clone();
        async move {
            let backend = db.pool().connect_options().database_url.scheme().to_string();
            import_fixture_courses(&db).await;
            let state = app_state(&db);
            person(&db, "admin@tiltas.lt", Role::Administrator).await;
            // A trainer who is also an administrator sees the learners' names on the results.
            person_with_roles(&db, "lead@tiltas.lt", &[Role::Trainer, Role::Administrator]).await;
            let reading = person(&db, "ona@policija.lt", Role::Learner).await;
            let finished = person(&db, "jonas@policija.lt", Role::Learner).await;
            let enrolled_only = person(&db, "asta@policija.lt", Role::Learner).await;
            for learner in [&reading, &enrolled_only] {
                learning::enrol(&state, learner, COURSE).await.unwrap();
            }
            some_progress(&state, &reading).await;
            complete_course(&state, &finished, COURSE).await;
            learning::enrol(&state, &finished, OTHER_COURSE).await.unwrap();

            let mut admin = Browser::signed_in(&db, "admin@tiltas.lt").await;
            let mut lead = Browser::signed_in(&db, "lead@tiltas.lt").await;
            let mut reading = Browser::signed_in(&db, "ona@policija.lt").await;
            let mut finished = Browser::signed_in(&db, "jonas@policija.lt").await;
            let mut enrolled_only = Browser::signed_in(&db, "asta@policija.lt").await;
            let results = format!("/author/courses/{COURSE}/results");
            let cohort = uuid::Uuid::new_v4().to_string();
            sqlx::query("INSERT INTO cohorts (id, name, organisation_id, created_at) VALUES ($1, 'Intake', NULL, 0)")
                .bind(&cohort)
                .execute(db.pool())
                .await
                .unwrap();
            fill_cohort(&db, &cohort).await;
            let cohort_page = format!("/admin/cohorts/{cohort}");
            let mut count_pages = async || PageCounts {
                assignments: statements(&mut admin, "/admin/assignments").await,
                people: statements(&mut admin, "/admin/people?role=learner").await,
                results: statements(&mut lead, &results).await,
                dashboard: statements(&mut reading, "/").await,
                report: statements(&mut admin, &format!("/admin/reports?group=cohort&cohort={cohort}")).await,
                report_people: statements(&mut admin, "/admin/reports/people?status=enrolled").await,
                cohort: statements(&mut admin, &cohort_page).await,
            };

            let three_learners = count_pages().await;
            enrolled_learners(&db, COURSE, 297).await;
            fill_cohort(&db, &cohort).await;
            let three_hundred_learners = count_pages().await;
            let one_enrolment = statements(&mut enrolled_only, "/").await;
            let two_enrolments = statements(&mut finished, "/").await;
            measured.lock().unwrap().push(Measured { backend, three_learners, three_hundred_learners, one_enrolment, two_enrolments });
        }
    })
    .await;

    // Every number first, then the verdict, so a failure shows both backends.
    let measured = measured.lock().unwrap();
    for m in measured.iter() {
        println!(
            "{}: statements for 3 learners {:?}, for 300 learners {:?}; dashboard with 1 enrolment {}, with 2 enrolments {}",
            m.backend, m.three_learners, m.three_hundred_learners, m.one_enrolment, m.two_enrolments
        );
    }
    assert_eq!(measured.len(), 2, "both backends measured");
    for m in measured.iter() {
        assert_eq!(m.three_learners, m.three_hundred_learners, "{}: statements grow with the number of learners", m.backend);
        assert_eq!(m.one_enrolment, m.two_enrolments, "{}: the dashboard's statements grow with enrolments", m.backend);
    }
}
