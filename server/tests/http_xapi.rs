//! The xAPI exports (issue 15) through the real router, on SQLite and PostgreSQL: a person's
//! statements for their administrators, a course's for trainers and platform administrators,
//! each a JSON array streamed a page at a time, with the download links on the pages. Who is
//! refused is also in the authorisation matrix; these tests check what the answers hold.

mod support;

use http::{StatusCode, header};
use support::{Browser, body_bytes};
use tiltas_app::domain::roles::Role;
use tiltas_app::domain::xapi::{Learning, LearningEvent};
use tiltas_app::server::storage::{Db, xapi_statements};
use tiltas_app::server::testing::{app_state, complete_course, import_fixture_courses, on_both_backends, person, person_in};
use tiltas_app::server::xapi;

const COURSE: &str = "spotting-exploitation";

/// The export as a browser downloads it, compressed: the streamed body must end cleanly under
/// the compression layer too (an unfused stream once panicked when polled past its end).
async fn gzipped_json_array(browser: &Browser, path: &str) -> Vec<serde_json::Value> {
    use std::io::Read;
    let request = http::Request::get(path)
        .header(header::COOKIE, browser.cookie_header())
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(browser.app.clone(), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let mut json = String::new();
    flate2::read::GzDecoder::new(&body_bytes(response).await[..]).read_to_string(&mut json).unwrap();
    serde_json::from_str(&json).unwrap()
}

async fn json_array(browser: &Browser, path: &str) -> Vec<serde_json::Value> {
    let response = browser.fetch(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    assert!(response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename=\"xapi-"));
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let body = String::from_utf8(body_bytes(response).await).unwrap();
    serde_json::from_str::<Vec<serde_json::Value>>(&body).unwrap_or_else(|error| panic!("{path} is not a JSON array: {error}\n{body}"))
}

/// `count` statements about `user_id` in `slug`, one second apart, stored directly.
async fn many_statements(db: &Db, user_id: &str, slug: &str, count: usize) {
    let state = app_state(db);
    let mut tx = db.pool().begin().await.unwrap();
    for n in 0..count {
        let enrolment = uuid::Uuid::new_v4().to_string();
        let learning = Learning {
            user_id,
            enrolment_id: Some(&enrolment),
            course_slug: slug,
            version_id: "v1",
            course_title: "",
            language: "en",
            at: 1_700_000_000 + n as i64,
        };
        xapi::record(&mut tx, &state.config, &learning, &LearningEvent::Launched).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn administrators_export_the_statements_of_their_people_and_trainers_those_of_a_course() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let jonas = person_in(&db, "Kauno VPK", "jonas@kaunas.lt", &[Role::Learner]).await;
        person(&db, "admin@policija.lt", Role::Administrator).await;
        person(&db, "org-admin@policija.lt", Role::OrganisationAdministrator).await;
        person_in(&db, "Kauno VPK", "org-admin@kaunas.lt", &[Role::OrganisationAdministrator]).await;
        person(&db, "trainer@policija.lt", Role::Trainer).await;
        complete_course(&state, &ona, COURSE).await;
        many_statements(&db, &jonas, "legal-duties", 3).await;
        let stored = xapi_statements::entries(&db).await.unwrap();
        let of_ona = stored.iter().filter(|e| e.user_id == ona).count();

        let admin = Browser::signed_in(&db, "admin@policija.lt").await;
        let exported = json_array(&admin, &format!("/admin/people/{ona}/xapi.json")).await;
        assert_eq!(exported.len(), of_ona);
        let pseudonym = xapi::site(&state.config).pseudonym(&ona);
        assert!(exported.iter().all(|s| s["actor"]["account"]["name"] == pseudonym.as_str()));
        let times: Vec<&str> = exported.iter().map(|s| s["timestamp"].as_str().unwrap()).collect();
        assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "in the order things happened");
        assert_eq!(exported[0]["verb"]["id"], "http://adlnet.gov/expapi/verbs/launched");

        // An organisation administrator: their own people only; another's are unknown.
        let own = Browser::signed_in(&db, "org-admin@policija.lt").await;
        assert_eq!(json_array(&own, &format!("/admin/people/{ona}/xapi.json")).await.len(), of_ona);
        assert_eq!(own.fetch(&format!("/admin/people/{jonas}/xapi.json")).await.status(), StatusCode::NOT_FOUND);
        let other = Browser::signed_in(&db, "org-admin@kaunas.lt").await;
        assert_eq!(other.fetch(&format!("/admin/people/{ona}/xapi.json")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(json_array(&other, &format!("/admin/people/{jonas}/xapi.json")).await.len(), 3);
        assert_eq!(admin.fetch("/admin/people/nobody/xapi.json").await.status(), StatusCode::NOT_FOUND);

        // A course's statements: its own only, for a trainer as for the administrator.
        let trainer = Browser::signed_in(&db, "trainer@policija.lt").await;
        let course = json_array(&trainer, &format!("/author/courses/{COURSE}/xapi.json")).await;
        assert_eq!(course.len(), stored.iter().filter(|e| e.course_slug == COURSE).count());
        assert!(course.iter().all(|s| !s.to_string().contains("legal-duties")));
        assert_eq!(json_array(&admin, "/author/courses/legal-duties/xapi.json").await.len(), 3);
        assert_eq!(trainer.fetch("/author/courses/no-such-course/xapi.json").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(trainer.fetch(&format!("/admin/people/{ona}/xapi.json")).await.status(), StatusCode::FORBIDDEN);
        let learner = Browser::signed_in(&db, "ona@policija.lt").await;
        assert_eq!(learner.fetch(&format!("/author/courses/{COURSE}/xapi.json")).await.status(), StatusCode::FORBIDDEN);

        // Each export is in the audit log.
        let exports: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE action = 'report_exported' AND detail LIKE 'xapi%'")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(exports.0, 5);

        // The links, on the person's page and the course's results page.
        let mut admin = admin;
        let page = admin.get(&format!("/admin/people/{ona}")).await;
        assert!(page.body.contains(&format!("href=\"/admin/people/{ona}/xapi.json\"")), "the person's page links the export");
        let results = admin.get(&format!("/author/courses/{COURSE}/results")).await;
        assert!(results.body.contains(&format!("href=\"/author/courses/{COURSE}/xapi.json\"")));
    })
    .await;
}

#[tokio::test]
async fn a_large_export_is_one_array_across_pages_and_an_empty_one_is_empty() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let idle = person(&db, "idle@policija.lt", Role::Learner).await;
        person(&db, "admin@policija.lt", Role::Administrator).await;
        // More than two pages of 500, ending mid-page; and exactly one page for another course.
        many_statements(&db, &ona, COURSE, 1_201).await;
        many_statements(&db, &ona, "legal-duties", 500).await;
        let admin = Browser::signed_in(&db, "admin@policija.lt").await;
        let all = json_array(&admin, &format!("/admin/people/{ona}/xapi.json")).await;
        assert_eq!(all.len(), 1_701);
        let mut ids: Vec<&str> = all.iter().map(|s| s["id"].as_str().unwrap()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 1_701, "no statement twice, none skipped at a page's edge");
        let compressed = gzipped_json_array(&admin, &format!("/admin/people/{ona}/xapi.json")).await;
        assert_eq!(compressed, all, "the same statements, compressed");
        assert_eq!(json_array(&admin, "/author/courses/legal-duties/xapi.json").await.len(), 500);
        assert!(json_array(&admin, &format!("/admin/people/{idle}/xapi.json")).await.is_empty());
    })
    .await;
}
