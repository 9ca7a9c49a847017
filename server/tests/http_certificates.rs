//! Certificates through the real router, on SQLite and PostgreSQL: the holder sees theirs,
//! another learner gets "not found", anyone verifies one by its address without signing in and
//! sees a revocation at once (never its reason), unknown addresses find nothing, and only
//! administrators approve, issue by hand and revoke.

mod support;

use http::StatusCode;
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Locale;
use tiltas_app::server::certificates;
use tiltas_app::server::testing::{app_state, complete_course, import_fixture_courses, on_both_backends, person};

#[tokio::test]
async fn a_certificate_is_for_its_holder_verifiable_by_anyone_and_revoked_only_by_administrators() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "jonas@policija.lt", Role::Learner).await;
        person(&db, "admin@policija.lt", Role::Administrator).await;
        complete_course(&state, &ona, "spotting-exploitation").await;
        let id = certificates::my_certificates(&state, &ona, Locale::En).await.unwrap()[0].id.clone();
        let page_path = format!("/certificates/{id}");
        let verify_path = format!("/verify/{id}");

        let mut holder = Browser::signed_in(&db, "ona@policija.lt").await;
        let list = holder.get("/certificates").await;
        assert!(list.body.contains("Spotting exploitation") && list.body.contains(&page_path));
        let page = holder.get(&page_path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Certificate of completion") && page.body.contains(&verify_path));
        assert!(!page.body.contains("Revoke this certificate"), "a learner cannot revoke");

        let mut other = Browser::signed_in(&db, "jonas@policija.lt").await;
        assert_eq!(other.get(&page_path).await.status, StatusCode::NOT_FOUND, "another learner's certificate is not found");
        let refused = other.post_form("/api/revoke_certificate", &page_path, &[("id", &id), ("reason", "mine now")]).await;
        assert_ne!(refused.status, StatusCode::OK);

        let mut anyone = Browser::new(&db);
        let public = anyone.get(&verify_path).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("Valid") && public.body.contains("Spotting exploitation"));
        assert!(!public.body.contains("ona@policija.lt"), "no email on the public page");
        assert_eq!(anyone.get("/verify/0123456789abcdef0123456789abcdef").await.status, StatusCode::NOT_FOUND);
        assert_ne!(anyone.get(&page_path).await.status, StatusCode::OK, "the holder's page needs signing in");

        let mut admin = Browser::signed_in(&db, "admin@policija.lt").await;
        admin.post_form("/api/revoke_certificate", &page_path, &[("id", &id), ("reason", "")]).await;
        assert!(admin.get(&page_path).await.body.contains("Write the reason; it is kept in the record."));
        admin.post_form("/api/revoke_certificate", &page_path, &[("id", &id), ("reason", "Completed under another person's account")]).await;
        let page = admin.get(&page_path).await;
        assert!(page.body.contains("The certificate was revoked.") && page.body.contains("Completed under another person"));

        let public = anyone.get(&verify_path).await;
        assert!(public.body.contains("Revoked"), "the public page shows the revocation at once");
        assert!(!public.body.contains("Completed under another person"), "but never its reason");
        assert_eq!(other.get("/admin/certificates").await.status, StatusCode::FORBIDDEN);
        assert_eq!(admin.get("/admin/certificates").await.status, StatusCode::OK);
    })
    .await;
}
