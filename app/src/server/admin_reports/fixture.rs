//! A small, handcrafted data set for the reports' tests (feature `testing`), written straight
//! into the tables so that every count is known in advance:
//!
//! | person | organisation | `spotting-exploitation` | certificate |
//! |---|---|---|---|
//! | Ona Žemaitė | Vilniaus AVPK | not started, due yesterday (overdue) | revoked (not counted) |
//! | `=HYPERLINK(…)` | Vilniaus AVPK | in progress (a module read, a practice attempt) | expired yesterday |
//! | Jonas Jonaitis | Vilniaus AVPK | completed today (due yesterday: late, not overdue), graded attempts 7/10 and 9/10 | expires in 10 days (an older one replaced) |
//! | Petras Kaunietis | Kauno AVPK | not started, due yesterday (overdue) | valid, no expiry |
//!
//! The person named `=HYPERLINK(…)` is also enrolled in `assisting-survivors`, not started and
//! without a due date. Ona and Petras are in the cohort "Intake 2027" (across organisations).
//! A deactivated person of Vilniaus AVPK is enrolled too, and never counted.

use super::super::storage::{self, Db, now};
use super::super::testing::{ORGANISATION, import_fixture_courses, organisation_named};
use crate::domain::roles::Role;

pub const COURSE: &str = "spotting-exploitation";
pub const OTHER_COURSE: &str = "assisting-survivors";
pub const OTHER_ORGANISATION: &str = "Kauno AVPK";
pub const COHORT: &str = "Intake 2027";
/// A name a spreadsheet would run as a formula unless neutralised.
pub const FORMULA_NAME: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";

const DAY: i64 = 86_400;

pub struct ReportFixture {
    pub organisation: String,
    pub other_organisation: String,
    pub not_started: String,
    pub in_progress: String,
    pub completed: String,
    pub other_learner: String,
    pub cohort: String,
}

async fn learner(db: &Db, organisation: &str, name: &str, email: &str) -> String {
    let user = storage::users::NewUser { email, name, organisation_id: Some(organisation), roles: &[Role::Learner], password_hash: None };
    storage::users::insert_user(db, user).await.expect("insert a learner")
}

async fn enrol(db: &Db, user: &str, slug: &str, due_at: Option<i64>) -> (String, String) {
    let version = storage::courses::latest_version(db, slug).await.unwrap().expect("the course is imported");
    let enrolment = storage::enrolments::insert_enrolment(db, user, slug, &version.id, None, due_at).await.expect("enrol");
    (enrolment, version.id)
}

/// A value for `execute`.
enum Value {
    Text(String),
    Number(i64),
}

async fn execute(db: &Db, sql: &str, values: &[Value]) {
    let mut query = sqlx::query(sql);
    for value in values {
        query = match value {
            Value::Text(text) => query.bind(text.clone()),
            Value::Number(number) => query.bind(*number),
        };
    }
    query.execute(db.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

fn number(value: i64) -> Value {
    Value::Number(value)
}

/// A certificate row: `(user, enrolment, version, expires_at, revoked_at, superseded_by)`.
async fn certificate(db: &Db, user: &str, enrolment: Option<&str>, version: &str, expires_at: Option<i64>, revoked_at: Option<i64>, superseded_by: Option<&str>) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let sql = format!(
        "INSERT INTO certificates (id, code, user_id, enrolment_id, course_slug, version_id, holder_name, issued_at, expires_at, revoked_at, superseded_by, organisation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, 'Holder', $7, $8, $9, $10, {})",
        storage::organisation_of_person("$3")
    );
    sqlx::query(&sql)
    .bind(&id)
    .bind(format!("TLT-{}", &id[..8]))
    .bind(user)
    .bind(enrolment)
    .bind(COURSE)
    .bind(version)
    .bind(now() - 30 * DAY)
    .bind(expires_at)
    .bind(revoked_at)
    .bind(superseded_by)
    .execute(db.pool())
    .await
    .expect("insert a certificate");
    id
}

/// A finished attempt, with the summary the learning service keeps when it finishes one.
async fn attempt(db: &Db, enrolment: &str, module: &str, number: i64, points: i64, seed: Option<i64>) {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO quiz_attempts (id, enrolment_id, module_id, attempt_number, started_at, finished_at, points, max_points, passed, seed) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, 10, $7, $8)",
    )
    .bind(&id)
    .bind(enrolment)
    .bind(module)
    .bind(number)
    .bind(now() - DAY)
    .bind(points)
    .bind(i64::from(points >= 7))
    .bind(seed)
    .execute(db.pool())
    .await
    .expect("insert an attempt");
    let mut conn = db.pool().acquire().await.expect("a connection");
    storage::summaries::keep_best_graded_score(&mut conn, &id).await.expect("keep the best graded score");
}

pub async fn report_fixture(db: &Db) -> ReportFixture {
    import_fixture_courses(db).await;
    let organisation = organisation_named(db, ORGANISATION).await;
    let other_organisation = organisation_named(db, OTHER_ORGANISATION).await;
    let yesterday = now() - DAY;

    let not_started = learner(db, &organisation, "Ona Žemaitė", "ona@tiltas.test").await;
    let in_progress = learner(db, &organisation, FORMULA_NAME, "formula@tiltas.test").await;
    let completed = learner(db, &organisation, "Jonas Jonaitis", "jonas@tiltas.test").await;
    let other_learner = learner(db, &other_organisation, "Petras Kaunietis", "petras@tiltas.test").await;
    let deactivated = learner(db, &organisation, "Deactivated person", "gone@tiltas.test").await;

    let (ona_enrolment, version) = enrol(db, &not_started, COURSE, Some(yesterday)).await;
    let (formula_enrolment, _) = enrol(db, &in_progress, COURSE, None).await;
    enrol(db, &in_progress, OTHER_COURSE, None).await;
    let (jonas_enrolment, _) = enrol(db, &completed, COURSE, Some(yesterday)).await;
    enrol(db, &other_learner, COURSE, Some(yesterday)).await;
    enrol(db, &deactivated, COURSE, Some(yesterday)).await;
    execute(db, "UPDATE users SET deactivated_at = $1 WHERE id = $2", &[number(yesterday), text(&deactivated)]).await;

    execute(db, "INSERT INTO module_reads (enrolment_id, module_id, read_at) VALUES ($1, 'what-exploitation-is', $2)", &[text(&formula_enrolment), number(yesterday)]).await;
    attempt(db, &formula_enrolment, "what-exploitation-is", 1, 1, None).await;
    attempt(db, &jonas_enrolment, "final-check", 1, 7, Some(11)).await;
    attempt(db, &jonas_enrolment, "final-check", 2, 9, Some(12)).await;
    execute(
        db,
        &format!(
            "INSERT INTO completions (enrolment_id, user_id, course_slug, version_id, points, max_points, completed_at, organisation_id) \
             VALUES ($1, $2, $3, $4, 9, 10, $5, {})",
            storage::organisation_of_person("$2")
        ),
        &[text(&jonas_enrolment), text(&completed), text(COURSE), text(&version), number(now())],
    )
    .await;
    // The facts the learning service keeps on the enrolment with each read, attempt and completion.
    execute(db, "UPDATE enrolments SET started_at = $1 WHERE id IN ($2, $3)", &[number(yesterday), text(&formula_enrolment), text(&jonas_enrolment)]).await;
    execute(db, "UPDATE enrolments SET completed_at = $1 WHERE id = $2", &[number(now()), text(&jonas_enrolment)]).await;

    certificate(db, &not_started, Some(&ona_enrolment), &version, None, Some(yesterday), None).await;
    certificate(db, &in_progress, None, &version, Some(yesterday), None, None).await;
    let newer = certificate(db, &completed, Some(&jonas_enrolment), &version, Some(now() + 10 * DAY), None, None).await;
    certificate(db, &completed, None, &version, Some(now() + 400 * DAY), None, Some(&newer)).await;
    certificate(db, &other_learner, None, &version, None, None, None).await;

    let cohort = uuid::Uuid::new_v4().to_string();
    execute(db, "INSERT INTO cohorts (id, name, organisation_id, created_at) VALUES ($1, $2, NULL, $3)", &[text(&cohort), text(COHORT), number(now())]).await;
    for member in [&not_started, &other_learner] {
        execute(db, "INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES ($1, $2, $3)", &[text(&cohort), text(member), number(now())]).await;
    }
    ReportFixture { organisation, other_organisation, not_started, in_progress, completed, other_learner, cohort }
}
