//! Cohorts through the real router, on SQLite and PostgreSQL, without JavaScript: an
//! organisation administrator creates a cohort, adds members (a bad line is reported by its
//! number, and nothing is added), assigns a course with a due date that the learner's home page
//! then shows; another organisation's administrator gets 404 for the cohort and its forms.

mod support;

use http::StatusCode;
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::testing::{import_fixture_courses, on_both_backends, person, person_in};

#[tokio::test]
async fn an_organisation_administrator_runs_a_cohort_and_another_organisation_cannot_see_it() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        person(&db, "org-admin@vpk.lt", Role::OrganisationAdministrator).await;
        person(&db, "ona@vpk.lt", Role::Learner).await;
        person_in(&db, "Kauno AVPK", "other-admin@kaunas.lt", &[Role::OrganisationAdministrator]).await;
        person_in(&db, "Kauno AVPK", "jonas@kaunas.lt", &[Role::Learner]).await;
        let mut admin = Browser::signed_in(&db, "org-admin@vpk.lt").await;

        let page = admin.post_form("/api/create_cohort", "/admin/cohorts", &[("name", "Intake 2027"), ("organisation_id", "")]).await;
        assert_eq!(page.status, StatusCode::FOUND);
        let cohort_path = page.location.clone().expect("to the new cohort");
        assert!(cohort_path.starts_with("/admin/cohorts/"), "{cohort_path}");
        let cohort_id = cohort_path.trim_start_matches("/admin/cohorts/").to_string();
        let list = admin.get("/admin/cohorts").await;
        assert!(list.body.contains("Intake 2027"));

        // A line naming another organisation's learner: reported by number, nobody added.
        let fields = [("cohort_id", cohort_id.as_str()), ("emails", "ona@vpk.lt\njonas@kaunas.lt")];
        let page = admin.post_form("/api/add_cohort_members", &cohort_path, &fields).await;
        assert_eq!(page.status, StatusCode::FOUND);
        let shown = admin.get(&cohort_path).await;
        assert!(shown.body.contains("Line 2 (jonas@kaunas.lt):"), "{}", shown.body);
        assert!(shown.body.contains("This cohort has no members yet."));

        admin.post_form("/api/add_cohort_members", &cohort_path, &[("cohort_id", &cohort_id), ("emails", "ona@vpk.lt")]).await;
        let fields = [("cohort_id", cohort_id.as_str()), ("course_slug", "spotting-exploitation"), ("due_date", "2027-03-31")];
        admin.post_form("/api/assign_cohort_course", &cohort_path, &fields).await;
        let shown = admin.get(&cohort_path).await;
        assert!(shown.body.contains("ona@vpk.lt") && shown.body.contains("2027-03-31"), "{}", shown.body);

        let mut learner = Browser::signed_in(&db, "ona@vpk.lt").await;
        let home = learner.get("/").await;
        assert!(home.body.contains("2027-03-31"), "the learner sees the due date: {}", home.body);

        // Another organisation's administrator: 404 for the page and for each form.
        let mut other = Browser::signed_in(&db, "other-admin@kaunas.lt").await;
        assert_eq!(other.get(&cohort_path).await.status, StatusCode::NOT_FOUND);
        assert!(!other.get("/admin/cohorts").await.body.contains("Intake 2027"));
        let response = other.call_function("/api/add_cohort_members", &format!("cohort_id={cohort_id}&emails=jonas%40kaunas.lt")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = other.call_function("/api/assign_cohort_course", &format!("cohort_id={cohort_id}&course_slug=spotting-exploitation&due_date=")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let (members,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cohort_members").fetch_one(db.pool()).await.unwrap();
        assert_eq!(members, 1);
    })
    .await;
}
