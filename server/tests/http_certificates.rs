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

/// The JSON a GET answers with, for anyone (no cookies needed for public documents).
async fn json_of(browser: &Browser, path: &str) -> (StatusCode, serde_json::Value) {
    let response = browser.fetch(path).await;
    let status = response.status();
    let bytes = support::body_bytes(response).await;
    (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn the_pdf_and_the_signed_credential_reach_only_their_holder_and_a_revocation_sets_its_status_bit() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "jonas@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        complete_course(&state, &ona, "spotting-exploitation").await;
        let id = certificates::my_certificates(&state, &ona, Locale::En).await.unwrap()[0].id.clone();
        let holder = Browser::signed_in(&db, "ona@policija.lt").await;
        let other = Browser::signed_in(&db, "jonas@policija.lt").await;
        let anyone = Browser::new(&db);

        // The PDF, in either language, for the holder only; the same "not found" for everyone else.
        let pdf = holder.fetch(&format!("/certificates/{id}/pdf/lt")).await;
        assert_eq!(pdf.status(), StatusCode::OK);
        assert_eq!(pdf.headers()[http::header::CONTENT_TYPE], "application/pdf");
        assert_eq!(pdf.headers()[http::header::CACHE_CONTROL], "no-store");
        assert!(support::body_bytes(pdf).await.starts_with(b"%PDF-"));
        assert_eq!(holder.fetch(&format!("/certificates/{id}/pdf/de")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(other.fetch(&format!("/certificates/{id}/pdf/en")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(other.fetch(&format!("/certificates/{id}/credential")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(holder.fetch("/certificates/0123456789abcdef0123456789abcdef/credential").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(anyone.fetch(&format!("/certificates/{id}/credential")).await.status(), StatusCode::FOUND, "signing in first");

        // The credential verifies against the deployment's DID document, published at both addresses.
        let (status, credential) = json_of(&holder, &format!("/certificates/{id}/credential")).await;
        assert_eq!(status, StatusCode::OK);
        let (_, did_document) = json_of(&anyone, "/.well-known/did.json").await;
        assert_eq!(json_of(&anyone, "/did.json").await.1, did_document);
        let checked = tiltas_credentials::verify_credential(&credential, &did_document).expect("the signature holds");
        assert_eq!(checked.issuer_id, "did:web:tiltas.test");
        assert_eq!(checked.name.as_deref(), Some("Spotting exploitation"));
        assert_eq!(json_of(&holder, &format!("/certificates/{id}/credential")).await.1, credential, "every download is the same document");

        // The holder is named by a salted hash of their email, never the address itself.
        let text = credential.to_string();
        assert!(!text.contains("ona@policija.lt"));
        let email_identity = &credential["credentialSubject"]["identifier"][0];
        let salt = email_identity["salt"].as_str().unwrap();
        assert_eq!(email_identity["identityHash"], tiltas_credentials::identity_hash("ona@policija.lt", salt));

        // Its bit in the signed revocation list is clear, then set once an administrator revokes it.
        let status_entry = checked.status.expect("a status entry");
        let list_path = status_entry.status_list_credential.strip_prefix("http://tiltas.test").unwrap().to_string();
        let bit = |list: &serde_json::Value| {
            tiltas_credentials::verify_credential(list, &did_document).expect("the list is signed by the deployment");
            tiltas_credentials::status_bit(list, status_entry.status_list_index).unwrap()
        };
        let (status, list) = json_of(&anyone, &list_path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!bit(&list));
        certificates::revoke(&state, &admin, &id, "Issued to the wrong person").await.unwrap();
        assert!(bit(&json_of(&anyone, &list_path).await.1), "the revocation is in the list at once");
        for missing in ["/status/0", "/status/2", "/status/x", "/status/99999999999999999999"] {
            assert_eq!(anyone.fetch(missing).await.status(), StatusCode::NOT_FOUND, "{missing}");
        }

        // Another key cannot have signed it.
        let other_key = tiltas_credentials::SigningKey::from_seed(&[9; 32]);
        let forged = tiltas_credentials::did_document("did:web:tiltas.test", &[(
            checked.verification_method.split('#').nth(1).unwrap().to_string(),
            other_key.public_multibase(),
        )]);
        assert!(tiltas_credentials::verify_credential(&credential, &forged).is_err());
    })
    .await;
}

#[tokio::test]
async fn an_expired_certificate_offers_to_take_the_course_again_with_a_plain_form() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        complete_course(&state, &ona, "spotting-exploitation").await;
        let course_path = "/courses/spotting-exploitation";
        let mut holder = Browser::signed_in(&db, "ona@policija.lt").await;
        assert!(!holder.get(course_path).await.body.contains("Take the course again"), "not while the certificate is valid");
        // Posted anyway (a stale page): refused with the rule, nothing changes.
        holder.post_form("/api/take_course_again", course_path, &[("slug", "spotting-exploitation")]).await;
        let page = holder.get(course_path).await;
        assert!(page.body.contains("This course can be taken again when your certificate has expired"), "{}", page.body);
        assert!(page.body.contains("You completed this course."));

        tiltas_app::server::testing::expire_certificates(&db, &ona, "spotting-exploitation").await;
        let page = holder.get(course_path).await;
        assert!(page.body.contains("Your certificate for this course has expired.") && page.body.contains("Take the course again"));
        let sent = holder.post_form("/api/take_course_again", course_path, &[("slug", "spotting-exploitation")]).await;
        assert_eq!(sent.location.as_deref().map(|l| l.split('?').next().unwrap()), Some(course_path));
        let page = holder.get(course_path).await;
        assert!(page.body.contains("You are taking the course again from the start."));
        assert!(page.body.contains(r#"<progress max="100" value="0""#) && !page.body.contains("You completed this course."));
        // The expired certificate is still there, for the record.
        assert!(holder.get("/certificates").await.body.contains("Expired"));
    })
    .await;
}
