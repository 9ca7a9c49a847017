//! The summaries kept for the reports (migration 16, `storage::summaries`), on SQLite and
//! PostgreSQL: after each event that changes them they must say what counting every attempt,
//! answer, draw and choice afresh says. A better attempt raises a best score and a worse one
//! does not lower it; taking a course again leaves the ended enrolment's score out; a person's
//! new organisation, deactivation and erasure move or remove them in the report at once; and
//! the migration's backfill computes the same summaries from existing data.

use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Locale;
use tiltas_app::server::admin_reports::{self, ReportParams};
use tiltas_app::server::context::AppState;
use tiltas_app::server::learning::{self, Enrolled};
use tiltas_app::server::people_admin::{self, Administrator};
use tiltas_app::server::storage::{Db, statistics, users};
use tiltas_app::server::testing::{
    answer_all, app_state, enrolled_learners, import_fixture_courses, on_both_backends, organisation_named, person, play_best_path,
    shown_positions, shown_questions,
};
use tiltas_app::views::admin_reports::CompletionReport;
use tiltas_course::Module;

const COURSE: &str = "spotting-exploitation";
const FINAL: &str = "final-check";
const SCENARIO: &str = "farm-inspection";
const MIGRATION: &str = include_str!("../migrations/20261203000016_report_summaries.sql");

fn module(enrolled: &Enrolled, id: &str) -> Module {
    enrolled.course.modules_in("en").iter().find(|m| m.id == id).unwrap().clone()
}

/// Starts a graded attempt at the final check and answers its first `right` drawn questions
/// rightly and the others wrongly.
async fn graded_attempt(state: &AppState, enrolled: &Enrolled, right: usize) {
    let module = module(enrolled, FINAL);
    learning::start_attempt(state, enrolled, FINAL).await.unwrap();
    for (index, drawn) in shown_questions(&state.db, enrolled, &module).await.iter().enumerate() {
        let question = module.questions().find(|q| q.id == drawn.question_id).unwrap();
        let shown = shown_positions(question, &drawn.option_order, index < right);
        learning::answer(state, enrolled, FINAL, &question.id, &shown).await.unwrap();
    }
}

/// Moves the end of the enrolment's finished attempts a day back, so the next one may start.
async fn a_day_passes(db: &Db, enrolled: &Enrolled) {
    sqlx::query("UPDATE quiz_attempts SET finished_at = finished_at - 90000 WHERE enrolment_id = $1 AND finished_at IS NOT NULL")
        .bind(&enrolled.enrolment.id)
        .execute(db.pool())
        .await
        .unwrap();
}

async fn report(state: &AppState, params: ReportParams) -> CompletionReport {
    admin_reports::completion_report(state, &AdminScope::Platform, &params, Locale::En).await.unwrap()
}

/// The score chart's bands for the course, optionally of one organisation.
async fn bands(state: &AppState, organisation: Option<&str>) -> Vec<i64> {
    let params = ReportParams { course: Some(COURSE.into()), organisation: organisation.map(Into::into), ..ReportParams::default() };
    report(state, params).await.score_bands
}

/// One band counted: `band` of ten.
fn one_in(band: usize) -> Vec<i64> {
    let mut bands = vec![0; 10];
    bands[band] = 1;
    bands
}

/// (question, answers, correct), (question, drawn) and (scenario, step, choice, times) as the
/// results page reads them.
async fn kept(db: &Db) -> (Vec<(String, i64, i64)>, Vec<(String, i64)>, Vec<(String, String, i64, i64)>) {
    let answered = statistics::question_stats(db, COURSE).await.unwrap();
    let drawn = statistics::draw_stats(db, COURSE).await.unwrap();
    let chosen = statistics::choice_stats(db, COURSE).await.unwrap();
    (
        answered.into_iter().map(|s| (format!("{}/{}", s.module_id, s.question_id), s.answers, s.correct)).collect(),
        drawn.into_iter().map(|s| (format!("{}/{}", s.module_id, s.question_id), s.drawn)).collect(),
        chosen.into_iter().map(|s| (s.scenario_id, s.step_id, s.choice_index, s.times)).collect(),
    )
}

/// The same figures counted afresh from every answer, draw and first-play choice.
async fn counted_afresh(db: &Db) -> (Vec<(String, i64, i64)>, Vec<(String, i64)>, Vec<(String, String, i64, i64)>) {
    let answered: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT a.module_id || '/' || q.question_id, CAST(COUNT(*) AS BIGINT), CAST(SUM(q.correct) AS BIGINT) \
         FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE e.course_slug = $1 GROUP BY a.module_id, q.question_id ORDER BY a.module_id, q.question_id",
    )
    .bind(COURSE)
    .fetch_all(db.pool())
    .await
    .unwrap();
    let drawn: Vec<(String, i64)> = sqlx::query_as(
        "SELECT a.module_id || '/' || d.question_id, CAST(COUNT(*) AS BIGINT) \
         FROM quiz_attempt_questions d JOIN quiz_attempts a ON a.id = d.attempt_id JOIN enrolments e ON e.id = a.enrolment_id \
         WHERE e.course_slug = $1 GROUP BY a.module_id, d.question_id ORDER BY a.module_id, d.question_id",
    )
    .bind(COURSE)
    .fetch_all(db.pool())
    .await
    .unwrap();
    let chosen: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT p.scenario_id, c.step_id, c.choice_index, CAST(COUNT(*) AS BIGINT) \
         FROM scenario_choices c JOIN scenario_plays p ON p.id = c.play_id JOIN enrolments e ON e.id = p.enrolment_id \
         WHERE e.course_slug = $1 AND p.play_number = 1 \
         GROUP BY p.scenario_id, c.step_id, c.choice_index ORDER BY p.scenario_id, c.step_id, c.choice_index",
    )
    .bind(COURSE)
    .fetch_all(db.pool())
    .await
    .unwrap();
    (answered, drawn, chosen)
}

/// Empties the kept summaries and runs the migration's backfilling statements, as on a
/// database from before migration 16.
async fn backfill(db: &Db) {
    for table in ["graded_bests", "question_counts", "choice_counts"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(db.pool()).await.unwrap();
    }
    let statements: Vec<String> = MIGRATION
        .split(';')
        .map(|statement| statement.lines().filter(|line| !line.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n"))
        .filter(|statement| statement.trim_start().starts_with("INSERT"))
        .collect();
    assert_eq!(statements.len(), 3, "the migration's three backfilling statements");
    for statement in &statements {
        sqlx::query(statement).execute(db.pool()).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

#[tokio::test]
async fn the_results_pages_kept_counts_equal_every_answer_draw_and_first_play_counted_afresh() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let admin = person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let learners = enrolled_learners(&db, COURSE, 2).await;
        let first = learning::enrolled(&state, &learners[0], COURSE).await.unwrap();
        let second = learning::enrolled(&state, &learners[1], COURSE).await.unwrap();
        let practice = first.course.modules_in("en").iter().find(|m| !m.is_graded() && m.questions().next().is_some()).unwrap().clone();
        answer_all(&state, &first, &practice, true).await;
        // An answer given twice counts once, as it is stored once.
        let drawn = shown_questions(&db, &second, &practice).await.remove(0);
        let question = practice.questions().find(|q| q.id == drawn.question_id).unwrap();
        learning::answer(&state, &second, &practice.id, &question.id, &shown_positions(question, &drawn.option_order, false)).await.unwrap();
        answer_all(&state, &second, &practice, false).await;
        graded_attempt(&state, &first, 3).await;
        graded_attempt(&state, &second, 1).await;
        play_best_path(&state, &first, SCENARIO).await;
        play_best_path(&state, &second, SCENARIO).await;
        // A second play's choices are not counted.
        learning::grant_extra_attempt(&state, &admin, &learners[1], COURSE, SCENARIO, "Interrupted").await.unwrap();
        play_best_path(&state, &second, SCENARIO).await;

        let (answered, drawn, chosen) = kept(&db).await;
        assert_eq!(kept(&db).await, counted_afresh(&db).await);
        let practice_answers: Vec<_> = answered.iter().filter(|(id, _, _)| id.starts_with(&practice.id)).collect();
        assert!(!practice_answers.is_empty() && practice_answers.iter().all(|(_, answers, correct)| (*answers, *correct) == (2, 1)), "{answered:?}");
        assert_eq!(drawn.iter().map(|(_, times)| times).sum::<i64>(), 6, "two attempts drew three questions each");
        assert!(!chosen.is_empty() && chosen.iter().all(|(_, _, _, times)| *times == 2), "first plays only: {chosen:?}");

        backfill(&db).await;
        assert_eq!(kept(&db).await, counted_afresh(&db).await, "the migration's backfill counts the same");
    })
    .await;
}

#[tokio::test]
async fn the_score_chart_keeps_each_enrolments_best_attempt_through_worse_better_and_new_enrolments() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let admin = person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let learner = enrolled_learners(&db, COURSE, 1).await.remove(0);
        let enrolled = learning::enrolled(&state, &learner, COURSE).await.unwrap();
        assert_eq!(bands(&state, None).await, vec![0; 10], "no finished graded attempt yet");

        // Two of three right (66 %, under the pass mark of 70), then none right: the best stays.
        graded_attempt(&state, &enrolled, 2).await;
        assert_eq!(bands(&state, None).await, one_in(6));
        a_day_passes(&db, &enrolled).await;
        graded_attempt(&state, &enrolled, 0).await;
        assert_eq!(bands(&state, None).await, one_in(6), "a worse attempt does not lower the best");
        // A granted third attempt, all right: the best rises.
        learning::grant_extra_attempt(&state, &admin, &learner, COURSE, FINAL, "Retrained").await.unwrap();
        a_day_passes(&db, &enrolled).await;
        graded_attempt(&state, &enrolled, 3).await;
        assert_eq!(bands(&state, None).await, one_in(9), "a better attempt raises it");

        backfill(&db).await;
        assert_eq!(bands(&state, None).await, one_in(9), "the migration's backfill keeps the best of three");

        // Taking the course again ends this enrolment: its score leaves the chart, and the new
        // enrolment's first attempt is counted alone.
        let version = enrolled.enrolment.version_id.clone();
        tiltas_app::server::storage::enrolments::start_again(&mut db.pool().acquire().await.unwrap(), &enrolled.enrolment, &version).await.unwrap().unwrap();
        assert_eq!(bands(&state, None).await, vec![0; 10]);
        let again = learning::enrolled(&state, &learner, COURSE).await.unwrap();
        graded_attempt(&state, &again, 1).await;
        assert_eq!(bands(&state, None).await, one_in(3));
    })
    .await;
}

#[tokio::test]
async fn a_new_organisation_deactivation_and_erasure_change_the_report_at_once() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let admin_id = person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let admin = Administrator { id: admin_id.clone(), scope: AdminScope::Platform, client_address: "10.0.0.9".into() };
        let learners = enrolled_learners(&db, COURSE, 2).await;
        let enrolled = learning::enrolled(&state, &learners[0], COURSE).await.unwrap();
        graded_attempt(&state, &enrolled, 3).await;
        let row = users::find_by_id(&db, &learners[0]).await.unwrap().unwrap();
        let first_organisation = row.organisation_id.clone().expect("the learners have an organisation");
        let kaunas = organisation_named(&db, "Kauno AVPK").await;
        let enrolled_in = |report: &CompletionReport, key: &str| {
            report.rows.iter().find(|r| r.key.as_deref() == Some(key)).map_or(0, |r| r.counts.enrolled)
        };
        let by_organisation = || ReportParams { group: Some("organisation".into()), ..ReportParams::default() };

        let before = report(&state, by_organisation()).await;
        assert_eq!((enrolled_in(&before, &first_organisation), enrolled_in(&before, &kaunas)), (2, 0));
        assert_eq!(bands(&state, Some(&kaunas)).await, vec![0; 10]);

        people_admin::update_person(&state, &admin, &learners[0], &row.name, &row.email, Some(&kaunas)).await.unwrap();
        let after = report(&state, by_organisation()).await;
        assert_eq!((enrolled_in(&after, &first_organisation), enrolled_in(&after, &kaunas)), (1, 1), "{:?}", after.rows);
        assert_eq!(bands(&state, Some(&kaunas)).await, one_in(9), "the score follows the person to their new organisation");
        assert_eq!(bands(&state, Some(&first_organisation)).await, vec![0; 10]);

        people_admin::deactivate(&state, &admin, &learners[0]).await.unwrap();
        assert_eq!(enrolled_in(&report(&state, by_organisation()).await, &kaunas), 0, "a deactivated person is not counted");
        assert_eq!(bands(&state, None).await, vec![0; 10]);
        people_admin::reactivate(&state, &admin, &learners[0]).await.unwrap();
        assert_eq!(enrolled_in(&report(&state, by_organisation()).await, &kaunas), 1);
        assert_eq!(bands(&state, None).await, one_in(9));

        let session_admin = tiltas_app::server::testing::platform_administrator(admin_id, "admin@tiltas.lt");
        tiltas_app::server::privacy::erasure::erase_person(&db, &session_admin, &AdminScope::Platform, &learners[0], &row.email, "10.0.0.9")
            .await
            .unwrap();
        assert_eq!(enrolled_in(&report(&state, by_organisation()).await, &kaunas), 0, "an erased person is not counted");
        assert_eq!(bands(&state, None).await, vec![0; 10]);
    })
    .await;
}
