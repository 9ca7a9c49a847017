//! Audit and privacy through the real router, on SQLite and PostgreSQL: the audit log page (its
//! GET filters, a bad date shown beside its field, the pages) and its CSV for platform
//! administrators only; a person's own data as a JSON download; erasure from its page, which
//! ends the person's sessions and leaves their certificate verifiable without the name.

mod support;

use http::{StatusCode, header};
use support::{Browser, body_bytes};
use tiltas_app::domain::audit::AuditAction;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Locale;
use tiltas_app::server::certificates;
use tiltas_app::server::storage::audit::{self, NewAuditEvent};
use tiltas_app::server::testing::{app_state, complete_course, import_fixture_courses, on_both_backends, person, person_in};

#[tokio::test]
async fn the_audit_log_page_filters_in_its_address_and_its_csv_is_for_platform_administrators() {
    on_both_backends(|db| async move {
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "admin@policija.lt", Role::Administrator).await;
        person(&db, "org-admin@policija.lt", Role::OrganisationAdministrator).await;
        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        let mut stranger = Browser::new(&db);
        stranger.sign_in("nobody@policija.lt", "a wrong password here").await;
        for _ in 0..55 {
            let event = NewAuditEvent { subject_user_id: Some(&ona), detail: "Pareigos pakeistos", ..NewAuditEvent::default() };
            audit::record(&db, AuditAction::PersonEdited, &event).await.unwrap();
        }
        let mut admin = Browser::signed_in(&db, "admin@policija.lt").await;

        let page = admin.get("/admin/audit?action=sign_in_failed").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("<tr data-action=").count(), 1, "only the failed sign-in");
        assert!(page.body.contains("data-action=\"sign_in_failed\"") && page.body.contains("nobody@policija.lt"));
        assert!(page.body.contains("<option value=\"sign_in_failed\" selected"), "the filter stays chosen");

        let all = admin.get("/admin/audit").await;
        assert_eq!(all.body.matches("<tr data-action=").count(), 50);
        let older = all.body.split("href=\"/admin/audit?after=").nth(1).expect("a link to older entries").split('"').next().unwrap();
        let second = admin.get(&format!("/admin/audit?after={}", older.replace("&amp;", "&"))).await;
        assert!(second.body.matches("<tr data-action=").count() >= 5, "the rest on the next page");

        let bad = admin.get("/admin/audit?person=ona&from=2026-02-31").await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(bad.body.contains("Enter a date as YYYY-MM-DD") && bad.body.contains("value=\"2026-02-31\"") && bad.body.contains("value=\"ona\""));
        assert_eq!(bad.body.matches("<tr data-action=").count(), 0);

        let csv = admin.fetch("/admin/audit.csv?action=person_edited&person=ona").await;
        assert_eq!(csv.status(), StatusCode::OK);
        assert!(csv.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
        assert!(csv.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
        assert_eq!(csv.headers()[header::CACHE_CONTROL], "no-store");
        let bytes = body_bytes(csv).await;
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 1 + 55);
        let exports = audit::list(&db, &tiltas_app::domain::privacy::AuditFilter::parse("report_exported", "", "", "").unwrap(), None, 10).await.unwrap();
        assert_eq!(exports.len(), 1, "the export is recorded");
        assert_eq!(admin.fetch("/admin/audit.csv?from=yesterday").await.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // Organisation administrators and learners: neither the page nor the file.
        let mut org_admin = Browser::signed_in(&db, "org-admin@policija.lt").await;
        assert_eq!(org_admin.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
        assert_eq!(org_admin.fetch("/admin/audit.csv").await.status(), StatusCode::FORBIDDEN);
        assert_eq!(learner.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
        assert_eq!(learner.fetch("/admin/audit.csv").await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn a_person_downloads_their_own_data_from_their_profile() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "jonas@policija.lt", Role::Learner).await;
        let mut ona = Browser::signed_in(&db, "ona@policija.lt").await;
        Browser::signed_in(&db, "jonas@policija.lt").await;
        let profile = ona.get("/profile").await;
        assert!(profile.body.contains("href=\"/profile/my-data.json\""));

        let response = ona.fetch("/profile/my-data.json").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert!(response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let data: serde_json::Value = serde_json::from_slice(&body_bytes(response).await).unwrap();
        assert_eq!(data["account"]["email"], "ona@policija.lt");
        assert!(!data.to_string().contains("jonas"));
        assert_eq!(Browser::new(&db).fetch("/profile/my-data.json").await.status(), StatusCode::FOUND, "strangers sign in first");
    })
    .await;
}

#[tokio::test]
async fn an_erasure_from_its_page_signs_the_person_out_and_their_certificate_shows_no_name() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona.kazlauskiene@policija.lt", Role::Learner).await;
        person(&db, "org-admin@policija.lt", Role::OrganisationAdministrator).await;
        person_in(&db, "Kauno VPK", "kaunas-admin@policija.lt", &[Role::OrganisationAdministrator]).await;
        sqlx::query("UPDATE users SET name = 'Ona Kazlauskienė' WHERE id = $1").bind(&ona).execute(db.pool()).await.unwrap();
        complete_course(&state, &ona, "spotting-exploitation").await;
        let certificate = certificates::my_certificates(&state, &ona, Locale::En).await.unwrap()[0].id.clone();
        let verify_path = format!("/verify/{certificate}");
        let mut learner = Browser::signed_in(&db, "ona.kazlauskiene@policija.lt").await;
        assert!(Browser::new(&db).get(&verify_path).await.body.contains("Ona Kazlauskienė"));

        let path = format!("/admin/people/{ona}/erase");
        let mut kaunas = Browser::signed_in(&db, "kaunas-admin@policija.lt").await;
        assert_eq!(kaunas.get(&path).await.status, StatusCode::NOT_FOUND, "another organisation's administrator");

        let mut admin = Browser::signed_in(&db, "org-admin@policija.lt").await;
        let page = admin.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("ona.kazlauskiene@policija.lt") && page.body.contains("Certificates issued to this person: 1"));
        let wrong = admin.post_form("/api/erase_person", &path, &[("user_id", &ona), ("confirmation", "ona@policija.lt")]).await;
        assert_eq!(wrong.status, StatusCode::FOUND);
        let shown = admin.get(&path).await;
        assert!(shown.body.contains("This is not the person&#x27;s email address") || shown.body.contains("This is not the person's email address"));
        assert!(shown.body.contains("value=\"ona@policija.lt\""), "what was typed is kept");
        assert_eq!(learner.get("/profile").await.status, StatusCode::OK, "nothing happened yet");

        admin.post_form("/api/erase_person", &path, &[("user_id", &ona), ("confirmation", "ona.kazlauskiene@policija.lt")]).await;
        let done = admin.get(&path).await;
        assert!(done.body.contains("The person&#x27;s data has been erased.") || done.body.contains("The person's data has been erased."));
        assert!(!done.body.contains("ona.kazlauskiene@policija.lt"));

        let after = learner.get("/profile").await;
        assert_eq!((after.status, after.location.as_deref()), (StatusCode::FOUND, Some("/login")), "her session has ended");
        let public = Browser::new(&db).get(&verify_path).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("A person whose data was erased") && public.body.contains("Valid"));
        assert!(!public.body.contains("Kazlauskienė"));
    })
    .await;
}
