//! The administrators' reports through the service, on SQLite and PostgreSQL, over the
//! handcrafted data set of `admin_reports::fixture` (each status, overdue, expiring, expired,
//! revoked and replaced certificates, a cohort across two organisations): the counts, the
//! drill-down and a person's record, and that an organisation administrator never sees another
//! organisation's people.

use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::certificates::CertificateState;
use tiltas_app::domain::reporting::{CompletionCounts, ProgressState, ReportStatus};
use tiltas_app::i18n::Locale;
use tiltas_app::server::admin_reports::fixture::{COHORT, COURSE, FORMULA_NAME, OTHER_COURSE, report_fixture};
use tiltas_app::server::admin_reports::{self, ReportParams, ReportsError, people};
use tiltas_app::server::context::AppState;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::people_admin::{self, Administrator};
use tiltas_app::server::testing::{app_state, enrolled_learners, on_both_backends, person};
use tiltas_app::views::admin_reports::{CompletionReport, CompletionRow};

fn params(group: &str) -> ReportParams {
    ReportParams { group: Some(group.into()), ..ReportParams::default() }
}

fn row<'a>(report: &'a CompletionReport, label: &str) -> &'a CompletionRow {
    report.rows.iter().find(|r| r.label == label).unwrap_or_else(|| panic!("no row {label} in {:?}", report.rows))
}

/// enrolled, not started, in progress, completed, overdue, valid, expiring, expired.
fn counts(c: &CompletionCounts) -> [i64; 8] {
    [c.enrolled, c.not_started, c.in_progress, c.completed, c.overdue, c.certificates_valid, c.certificates_expiring, c.certificates_expired]
}

/// The people (user ids) of the first page behind the figure `status` of `COURSE`, for a platform
/// administrator.
async fn listed(state: AppState, status: &str) -> Vec<String> {
    let params = ReportParams { status: Some(status.into()), course: Some(COURSE.into()), ..ReportParams::default() };
    let page = people::people_page(&state, &AdminScope::Platform, &params, Locale::En).await.unwrap();
    page.rows.iter().map(|r| r.user_id.clone()).collect()
}

#[tokio::test]
async fn each_status_overdue_and_certificate_state_is_counted_once_by_course_and_organisation() {
    on_both_backends(|db| async move {
        let fixture = report_fixture(&db).await;
        let state = app_state(&db);
        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &params("course"), Locale::En).await.unwrap();
        assert_eq!(report.rows.len(), 2, "{:?}", report.rows);
        let spotting = row(&report, "Spotting exploitation");
        assert_eq!(spotting.key.as_deref(), Some(COURSE));
        // Ona, the formula, Jonas, Petras (the deactivated person is not counted); Jonas completed
        // late, so two are overdue; Ona's certificate is revoked and Jonas's older one replaced.
        assert_eq!(counts(&spotting.counts), [4, 2, 1, 1, 2, 2, 1, 1]);
        let other = report.rows.iter().find(|r| r.key.as_deref() == Some(OTHER_COURSE)).unwrap();
        assert_eq!(counts(&other.counts), [1, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(counts(&report.totals), [5, 3, 1, 1, 2, 2, 1, 1]);

        let by_organisation = admin_reports::completion_report(&state, &AdminScope::Platform, &params("organisation"), Locale::En).await.unwrap();
        assert_eq!(counts(&row(&by_organisation, "Vilniaus AVPK").counts), [4, 2, 1, 1, 1, 1, 1, 1]);
        assert_eq!(counts(&row(&by_organisation, "Kauno AVPK").counts), [1, 1, 0, 0, 1, 1, 0, 0]);
        assert_eq!(row(&by_organisation, "Kauno AVPK").key.as_deref(), Some(fixture.other_organisation.as_str()));

        // A window of 5 days: Jonas's certificate (10 days left) is valid but not expiring.
        let narrow = ReportParams { days: Some("5".into()), ..params("course") };
        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &narrow, Locale::En).await.unwrap();
        assert_eq!(counts(&row(&report, "Spotting exploitation").counts)[5..], [2, 0, 1]);

        // The charts: Jonas's completion this month, for his organisation; his best graded
        // attempt (9 of 10) in the top band; the practice attempt not at all.
        let series = &report.completions_by_month;
        assert_eq!(series.len(), 1);
        assert_eq!((series[0].label.as_str(), series[0].values.len()), ("Vilniaus AVPK", 12));
        assert_eq!((series[0].values[11], series[0].values.iter().sum::<i64>()), (1, 1));
        assert_eq!(report.score_bands, vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    })
    .await;
}

#[tokio::test]
async fn a_person_moved_to_another_organisation_takes_their_enrolments_certificates_and_completions_along() {
    on_both_backends(|db| async move {
        let fixture = report_fixture(&db).await;
        let state = app_state(&db);
        let admin = Administrator { id: person(&db, "admin@tiltas.test", Role::Administrator).await, scope: AdminScope::Platform, client_address: "10.0.0.9".into() };
        // Jonas (completed this month, a certificate expiring in 10 days) moves to Kaunas.
        people_admin::update_person(&state, &admin, &fixture.completed, "Jonas Jonaitis", "jonas@tiltas.test", Some(&fixture.other_organisation))
            .await
            .unwrap();
        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &params("organisation"), Locale::En).await.unwrap();
        assert_eq!(counts(&row(&report, "Vilniaus AVPK").counts), [3, 2, 1, 0, 1, 0, 0, 1]);
        assert_eq!(counts(&row(&report, "Kauno AVPK").counts), [2, 1, 0, 1, 1, 2, 1, 0]);
        let series = &report.completions_by_month;
        assert_eq!(series.len(), 1, "{series:?}");
        assert_eq!((series[0].label.as_str(), series[0].values[11]), ("Kauno AVPK", 1), "the completion moved with him");
        // Kaunas's own administrator now sees him; Vilnius's no longer does.
        let kaunas = AdminScope::Organisation(fixture.other_organisation.clone());
        let theirs = admin_reports::completion_report(&state, &kaunas, &params("organisation"), Locale::En).await.unwrap();
        assert_eq!(counts(&theirs.totals), [2, 1, 0, 1, 1, 2, 1, 0]);
        let vilnius = AdminScope::Organisation(fixture.organisation.clone());
        let theirs = admin_reports::completion_report(&state, &vilnius, &params("course"), Locale::En).await.unwrap();
        assert_eq!(counts(&theirs.totals), [3, 2, 1, 0, 1, 0, 0, 1]);
    })
    .await;
}

#[tokio::test]
async fn a_cohort_row_counts_its_members_across_organisations_and_the_total_counts_each_enrolment_once() {
    on_both_backends(|db| async move {
        let fixture = report_fixture(&db).await;
        let state = app_state(&db);
        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &params("cohort"), Locale::Lt).await.unwrap();
        assert_eq!(counts(&row(&report, COHORT).counts), [2, 2, 0, 0, 2, 1, 0, 0]);
        assert_eq!(row(&report, "Nepriskirti jokiai grupei").counts.enrolled, 3);
        assert_eq!(report.totals.enrolled, 5);

        let only_cohort = ReportParams { cohort: Some(fixture.cohort.clone()), ..params("course") };
        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &only_cohort, Locale::En).await.unwrap();
        assert_eq!(counts(&report.totals)[..5], [2, 2, 0, 0, 2]);
    })
    .await;
}

#[tokio::test]
async fn an_organisation_administrator_sees_only_their_organisation_whatever_the_address_says() {
    on_both_backends(|db| async move {
        let fixture = report_fixture(&db).await;
        let state = app_state(&db);
        let kaunas = AdminScope::Organisation(fixture.other_organisation.clone());
        // Asking for the other organisation by name in the address changes nothing.
        let asking_for_vilnius = ReportParams { organisation: Some(fixture.organisation.clone()), ..params("organisation") };
        let report = admin_reports::completion_report(&state, &kaunas, &asking_for_vilnius, Locale::En).await.unwrap();
        assert_eq!(report.rows.len(), 1);
        assert_eq!(counts(&row(&report, "Kauno AVPK").counts), [1, 1, 0, 0, 1, 1, 0, 0]);
        assert!(report.choices.organisations.is_none(), "no organisation to choose");
        assert_eq!(report.choices.cohorts.len(), 1, "the cohort has one of theirs");
        assert_eq!(report.completions_by_month.len(), 0, "no completion in Kaunas");

        let everyone = ReportParams { status: Some("enrolled".into()), ..asking_for_vilnius.clone() };
        let listed = people::people_page(&state, &kaunas, &everyone, Locale::En).await.unwrap();
        let names: Vec<&str> = listed.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Petras Kaunietis"]);

        for outsider in [&fixture.not_started, &fixture.completed] {
            let refused = people::person_detail(&state, &kaunas, outsider, Locale::En).await;
            assert!(matches!(refused, Err(ReportsError::NotFound)), "{refused:?}");
        }
        assert!(matches!(people::person_detail(&state, &kaunas, "no-such-person", Locale::En).await, Err(ReportsError::NotFound)));
        assert_eq!(people::person_detail(&state, &kaunas, &fixture.other_learner, Locale::En).await.unwrap().name, "Petras Kaunietis");
    })
    .await;
}

#[tokio::test]
async fn a_figure_drills_down_to_its_people_and_a_person_to_their_attempts_and_certificates() {
    on_both_backends(|db| async move {
        let fixture = report_fixture(&db).await;
        let state = app_state(&db);
        let mut not_started = listed(state.clone(), "not_started").await;
        not_started.sort();
        let mut expected = vec![fixture.not_started.clone(), fixture.other_learner.clone()];
        expected.sort();
        assert_eq!(not_started, expected);
        assert_eq!(listed(state.clone(), "in_progress").await, vec![fixture.in_progress.clone()]);
        assert_eq!(listed(state.clone(), "completed").await, vec![fixture.completed.clone()]);
        assert_eq!(listed(state.clone(), "overdue").await.len(), 2);
        assert_eq!(listed(state.clone(), "certificates_expiring").await, vec![fixture.completed.clone()]);
        assert_eq!(listed(state.clone(), "certificates_expired").await, vec![fixture.in_progress.clone()]);
        assert_eq!(listed(state.clone(), "certificates_valid").await.len(), 2);
        let unknown = ReportParams { status: Some("everyone".into()), ..ReportParams::default() };
        assert!(matches!(people::people_page(&state, &AdminScope::Platform, &unknown, Locale::En).await, Err(ReportsError::Invalid { field: "status", .. })));

        let everyone = ReportParams { status: Some(ReportStatus::Enrolled.code().into()), ..ReportParams::default() };
        let page = people::people_page(&state, &AdminScope::Platform, &everyone, Locale::En).await.unwrap();
        let formula = page.rows.iter().find(|r| r.name == FORMULA_NAME && r.course_title == "Spotting exploitation").unwrap();
        assert_eq!(formula.state, Some(ProgressState::InProgress));

        let jonas = people::person_detail(&state, &AdminScope::Platform, &fixture.completed, Locale::En).await.unwrap();
        assert_eq!(jonas.name, "Jonas Jonaitis");
        let enrolment = &jonas.enrolments[0];
        assert_eq!((enrolment.state, enrolment.overdue), (ProgressState::Completed, false));
        let scores: Vec<(i64, i64, Option<bool>)> = enrolment.attempts.iter().map(|a| (a.number, a.points, a.passed)).collect();
        assert_eq!(scores, [(1, 7, Some(true)), (2, 9, Some(true))]);
        let mut states: Vec<CertificateState> = jonas.certificates.iter().map(|c| c.state).collect();
        states.sort_by_key(|s| format!("{s:?}"));
        assert_eq!(states, [CertificateState::Superseded, CertificateState::Valid]);

        let ona = people::person_detail(&state, &AdminScope::Platform, &fixture.not_started, Locale::En).await.unwrap();
        assert_eq!((ona.enrolments[0].state, ona.enrolments[0].overdue), (ProgressState::NotStarted, true));
        assert_eq!(ona.cohorts, [COHORT]);
        assert_eq!(ona.certificates[0].state, CertificateState::Revoked);
        let practice_only = people::person_detail(&state, &AdminScope::Platform, &fixture.in_progress, Locale::En).await.unwrap();
        assert!(practice_only.enrolments.iter().all(|e| e.attempts.is_empty()), "practice attempts are not graded attempts");
    })
    .await;
}

#[tokio::test]
async fn the_drill_down_pages_by_name_with_no_one_twice_and_no_one_left_out() {
    on_both_backends(|db| async move {
        report_fixture(&db).await;
        let state = app_state(&db);
        enrolled_learners(&db, OTHER_COURSE, 60).await;
        let mut params = ReportParams { status: Some("enrolled".into()), course: Some(OTHER_COURSE.into()), ..ReportParams::default() };
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = people::people_page(&state, &AdminScope::Platform, &params, Locale::En).await.unwrap();
            pages += 1;
            assert!(page.rows.len() <= people::PAGE_SIZE as usize);
            assert_eq!(page.later_page, pages > 1);
            seen.extend(page.rows.iter().map(|r| r.name.clone()));
            match page.next_after {
                Some(after) => params.after = Some(after),
                None => break,
            }
        }
        assert_eq!(pages, 2);
        assert_eq!(seen.len(), 61, "60 generated learners and the fixture's one");
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen, sorted, "by name, across pages");
        sorted.dedup();
        assert_eq!(sorted.len(), 61);
    })
    .await;
}

#[tokio::test]
async fn a_window_that_is_not_a_number_of_days_is_reported_at_its_field_over_the_default_report() {
    on_both_backends(|db| async move {
        report_fixture(&db).await;
        let state = app_state(&db);
        let bad = ReportParams { days: Some("thirty".into()), ..params("course") };
        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &bad, Locale::En).await.unwrap();
        assert_eq!(report.field_error.as_ref().map(|(field, _)| field.as_str()), Some("days"));
        assert_eq!(report.filter.expiring_days, 30);
        assert_eq!(report.totals.enrolled, 5);
        let listed = ReportParams { status: Some("enrolled".into()), ..bad };
        assert!(matches!(people::people_page(&state, &AdminScope::Platform, &listed, Locale::En).await, Err(ReportsError::Invalid { field: "days", .. })));
    })
    .await;
}

/// The report counts from facts the learning service keeps on each enrolment (migration 14), so
/// they must follow what a learner really does: a module read starts a course, a scenario play or
/// an attempt would too, and finishing it completes it.
#[tokio::test]
async fn reading_starts_and_finishing_completes_an_enrolment_in_the_report() {
    on_both_backends(|db| async move {
        tiltas_app::server::testing::import_fixture_courses(&db).await;
        let state = app_state(&db);
        let learners = enrolled_learners(&db, COURSE, 3).await;
        let (reader, finisher) = (&learners[1], &learners[2]);
        let enrolled = tiltas_app::server::learning::enrolled(&state, reader, COURSE).await.unwrap();
        let first_module = enrolled.course.modules_in(&enrolled.course.metadata.source_language)[0].id.clone();
        tiltas_app::server::learning::mark_read(&state, &enrolled, &first_module).await.unwrap();
        tiltas_app::server::testing::complete_course(&state, finisher, COURSE).await;

        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &params("course"), Locale::En).await.unwrap();
        // enrolled, not started, in progress, completed; no due dates, no certificates counted here.
        assert_eq!(counts(&row(&report, "Spotting exploitation").counts)[..5], [3, 1, 1, 1, 0]);
        assert_eq!(listed(state.clone(), "not_started").await, vec![learners[0].clone()]);
        assert_eq!(listed(state.clone(), "in_progress").await, vec![reader.clone()]);
        assert_eq!(listed(state.clone(), "completed").await, vec![finisher.clone()]);

        // A database from before migration 14 gets the same facts from its backfill.
        sqlx::query("UPDATE enrolments SET started_at = NULL, completed_at = NULL").execute(db.pool()).await.unwrap();
        let migration = include_str!("../migrations/20261201000014_enrolment_progress_facts.sql");
        let backfill: Vec<&str> = migration.split(';').map(str::trim).filter(|statement| statement.starts_with("UPDATE")).collect();
        assert_eq!(backfill.len(), 2, "the migration's two backfilling statements");
        for statement in backfill {
            sqlx::query(statement).execute(db.pool()).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
        }
        let report = admin_reports::completion_report(&state, &AdminScope::Platform, &params("course"), Locale::En).await.unwrap();
        assert_eq!(counts(&row(&report, "Spotting exploitation").counts)[..5], [3, 1, 1, 1, 0]);
    })
    .await;
}
