//! Audit and privacy through the services, on SQLite and PostgreSQL: sign-ins and certificate
//! actions in the audit log; the log's filters and pages; a person's data download holding their
//! data and nobody else's; erasure (what goes, what stays, certificates verifiable without the
//! name, sessions ended, scopes enforced). The retention command is tested in server/tests/cli.rs.

use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::audit::AuditAction;
use tiltas_app::domain::certificates::CertificateState;
use tiltas_app::domain::privacy::AuditFilter;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::{Locale, Msg};
use tiltas_app::page::SessionUser;
use tiltas_app::server::certificates::{self, CertificatesError, credential, documents};
use tiltas_app::server::privacy::{PrivacyError, audit_log, erasure, personal_data};
use tiltas_app::server::storage::audit::{self, AuditListing, NewAuditEvent};
use tiltas_app::server::storage::{Db, users};
use tiltas_app::server::testing::{
    ORGANISATION, PASSWORD, app_state, complete_course, import_fixture_courses, on_both_backends, organisation_named, person, person_in,
};
use tiltas_app::domain::people::PeopleFilter;
use tiltas_app::server::accounts;
use tiltas_app::server::people_admin::{self, Administrator};
use tiltas_app::views::privacy::AuditQuery;

/// Every entry of the log, newest first.
async fn all_events(db: &Db) -> Vec<AuditListing> {
    audit::list(db, &AuditFilter::default(), None, 10_000).await.unwrap()
}

async fn events_of(db: &Db, action: AuditAction) -> Vec<AuditListing> {
    let filter = AuditFilter { action: Some(action), ..AuditFilter::default() };
    audit::list(db, &filter, None, 10_000).await.unwrap()
}

/// The signed-in administrator as a request would carry them.
async fn session_user(db: &Db, id: &str) -> SessionUser {
    let row = users::find_by_id(db, id).await.unwrap().unwrap();
    SessionUser {
        id: row.id,
        name: row.name,
        email: row.email,
        roles: users::roles_of(db, id).await.unwrap(),
        organisation_id: row.organisation_id,
        organisation_name: None,
    }
}

#[tokio::test]
async fn sign_ins_and_failed_sign_ins_are_recorded_with_the_typed_address_only_when_no_account_has_it() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        accounts::sign_in(&db, "Ona@Policija.lt", PASSWORD, "192.0.2.7").await.unwrap();
        accounts::sign_in(&db, "ona@policija.lt", "not the password", "192.0.2.8").await.unwrap_err();
        accounts::sign_in(&db, "Nobody@Policija.lt", "whatever it is", "192.0.2.9").await.unwrap_err();

        let signed_in = events_of(&db, AuditAction::SignedIn).await;
        assert_eq!(signed_in.len(), 1);
        let who = Some(("Learner person".to_string(), "ona@policija.lt".to_string()));
        assert_eq!((&signed_in[0].actor, &signed_in[0].subject), (&who, &who));
        assert_eq!(signed_in[0].client_address.as_deref(), Some("192.0.2.7"));

        let failed = events_of(&db, AuditAction::SignInFailed).await;
        assert_eq!(failed.len(), 2);
        // Newest first: the unknown address, then Ona's wrong password.
        assert_eq!((failed[0].actor.as_ref(), failed[0].subject.as_ref()), (None, None));
        assert_eq!(failed[0].subject_email.as_deref(), Some("nobody@policija.lt"));
        assert_eq!((failed[1].actor.as_ref(), failed[1].subject.as_ref(), failed[1].subject_email.as_deref()), (None, who.as_ref(), None));
        assert_eq!(failed[1].client_address.as_deref(), Some("192.0.2.8"));
        assert!(all_events(&db).await.iter().all(|e| !e.detail.contains("not the password")));
    })
    .await;
}

#[tokio::test]
async fn certificates_issued_approved_and_revoked_are_recorded_against_their_holder() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        complete_course(&state, &ona, "spotting-exploitation").await;
        complete_course(&state, &ona, "legal-duties").await;
        let pending = certificates::admin_page(&state, Locale::En).await.unwrap().pending;
        assert_eq!(pending.len(), 1, "the approval course waits");
        certificates::approve(&state, &admin, &[pending[0].enrolment_id.clone()]).await.unwrap();
        let mine = certificates::my_certificates(&state, &ona, Locale::En).await.unwrap();
        let automatic = mine.iter().find(|c| c.course_title == "Spotting exploitation").unwrap();
        certificates::revoke(&state, &admin, &automatic.id, "Issued in error").await.unwrap();

        let holder = Some(("Learner person".to_string(), "ona@policija.lt".to_string()));
        let admin_person = Some(("Administrator person".to_string(), "admin@policija.lt".to_string()));
        let issued = events_of(&db, AuditAction::CertificateIssued).await;
        assert_eq!(issued.len(), 1);
        assert_eq!((&issued[0].actor, &issued[0].subject), (&None, &holder), "issued by Tiltas at completion");
        assert!(issued[0].detail.contains(&automatic.code) && issued[0].detail.contains("spotting-exploitation"));
        let approved = events_of(&db, AuditAction::CertificateApproved).await;
        assert_eq!(approved.len(), 1);
        assert_eq!((&approved[0].actor, &approved[0].subject), (&admin_person, &holder));
        let revoked = events_of(&db, AuditAction::CertificateRevoked).await;
        assert_eq!(revoked.len(), 1);
        assert_eq!((&revoked[0].actor, &revoked[0].subject), (&admin_person, &holder));
        assert!(revoked[0].detail.contains("Issued in error") && revoked[0].detail.contains(&automatic.code));
        // A refused revocation records nothing.
        certificates::revoke(&state, &admin, &automatic.id, "again").await.unwrap_err();
        assert_eq!(events_of(&db, AuditAction::CertificateRevoked).await.len(), 1);
    })
    .await;
}

/// Records `count` events of `action` about `subject`, `seconds_ago` in the past.
async fn past_events(db: &Db, action: AuditAction, subject: &str, count: usize, seconds_ago: i64) {
    for _ in 0..count {
        let event = NewAuditEvent { subject_user_id: Some(subject), detail: "test", ..NewAuditEvent::default() };
        audit::record(db, action, &event).await.unwrap();
    }
    sqlx::query("UPDATE audit_events SET occurred_at = occurred_at - $1 WHERE action = $2 AND detail = 'test' AND subject_user_id = $3")
        .bind(seconds_ago)
        .bind(action.code())
        .bind(subject)
        .execute(db.pool())
        .await
        .unwrap();
}

fn query(action: &str, person: &str, from: &str, to: &str) -> AuditQuery {
    AuditQuery { action: action.into(), person: person.into(), from: from.into(), to: to.into(), after: String::new() }
}

#[tokio::test]
async fn the_audit_log_filters_by_action_person_and_day_and_pages_without_gaps_or_repeats() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let jonas = person_in(&db, ORGANISATION, "jonas.petraitis@policija.lt", &[Role::Trainer]).await;
        // Entries other parts record when people are created, if any, count as well.
        let earlier = all_events(&db).await.len();
        past_events(&db, AuditAction::PersonEdited, &ona, 70, 0).await;
        past_events(&db, AuditAction::RolesChanged, &jonas, 45, 10 * 86_400).await;

        // Every entry, 50 a page, by following the "older" links.
        let mut seen = Vec::new();
        let mut page = audit_log::audit_log_page(&state, query("", "", "", "")).await.unwrap();
        let mut pages = 1;
        loop {
            assert!(page.entries.len() <= 50);
            seen.extend(page.entries.iter().map(|e| (e.occurred_at, e.action, e.subject.clone())));
            let Some(older) = page.older.clone() else { break };
            let after = url::Url::parse(&format!("http://x{older}")).unwrap().query_pairs().find(|(k, _)| k == "after").unwrap().1.to_string();
            page = audit_log::audit_log_page(&state, AuditQuery { after, ..query("", "", "", "") }).await.unwrap();
            pages += 1;
        }
        let total = earlier + 115;
        assert_eq!((seen.len(), pages), (total, total.div_ceil(50)));
        assert!(seen.windows(2).all(|w| w[0].0 >= w[1].0), "newest first");
        assert_eq!(seen.iter().filter(|e| e.1 == AuditAction::RolesChanged).count(), 45, "no entry twice, none missed");
        assert_eq!(seen.iter().filter(|e| e.1 == AuditAction::PersonEdited).count(), 70);

        let by_action = audit_log::audit_log_page(&state, query("roles_changed", "", "", "")).await.unwrap();
        assert!(by_action.entries.iter().all(|e| e.action == AuditAction::RolesChanged) && by_action.entries.len() == 45);
        let by_person = audit_log::audit_log_page(&state, query("", "PETRAIT", "", "")).await.unwrap();
        assert!(by_person.entries.iter().all(|e| e.subject.as_deref().is_some_and(|s| s.contains("jonas.petraitis@policija.lt"))));
        assert_eq!(by_person.entries.iter().filter(|e| e.action == AuditAction::RolesChanged).count(), 45, "part of an address, in any case");
        let wildcard = audit_log::audit_log_page(&state, query("", "%", "", "")).await.unwrap();
        assert!(wildcard.entries.is_empty(), "a % is a character, not a wildcard");
        let today = tiltas_app::domain::calendar::date_text(tiltas_app::server::storage::now());
        let recent = audit_log::audit_log_page(&state, query("", "", &today, &today)).await.unwrap();
        assert!(recent.entries.iter().all(|e| e.action != AuditAction::RolesChanged), "those were ten days ago");
        let recent = audit_log::audit_log_page(&state, query("person_edited", "", &today, &today)).await.unwrap();
        assert_eq!(recent.entries.len(), 50);
        assert!(recent.older.as_deref().is_some_and(|o| o.contains(&format!("from={today}"))), "the next page keeps the filters");
        let before = audit_log::audit_log_page(&state, query("", "", "2000-01-01", "2000-12-31")).await.unwrap();
        assert!(before.entries.is_empty());

        let bad = audit_log::audit_log_page(&state, query("erased_everything", "", "2026-13-01", "")).await.unwrap();
        assert!(bad.entries.is_empty());
        assert_eq!(bad.problem("action"), Some(Msg::AuditActionUnknown));
        assert_eq!(bad.problem("from"), Some(Msg::DateInvalid));
        assert_eq!(bad.query.from, "2026-13-01", "what was typed is kept");
    })
    .await;
}

#[tokio::test]
async fn the_audit_csv_streams_the_filtered_log_and_records_the_export() {
    use futures_util::StreamExt;
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        // More than one batch of 1,000.
        past_events(&db, AuditAction::PersonEdited, &ona, 1_203, 0).await;
        past_events(&db, AuditAction::RolesChanged, &ona, 2, 0).await;
        let stream = audit_log::audit_log_csv(&state, &admin, "192.0.2.1", &query("person_edited", "", "", ""), Locale::Lt).await.unwrap();
        let chunks: Vec<Vec<u8>> = stream.map(|chunk| chunk.unwrap()).collect().await;
        assert!(chunks.len() >= 3, "the header and two batches");
        let bytes = chunks.concat();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 1_203);
        assert!(lines[0].starts_with("Laikas,Veiksmas,Atliko"), "{}", lines[0]);
        assert!(lines[1].contains("Pakeisti duomenys") && lines[1].contains("ona@policija.lt"));
        let exported = events_of(&db, AuditAction::ReportExported).await;
        assert_eq!(exported.len(), 1);
        assert!(exported[0].actor.as_ref().is_some_and(|(_, email)| email == "admin@policija.lt"));
        assert!(exported[0].detail.contains("action=person_edited"));

        let refused = audit_log::audit_log_csv(&state, &admin, "192.0.2.1", &query("", "", "someday", ""), Locale::En).await;
        assert!(matches!(refused, Err(PrivacyError::Invalid { ref field, .. }) if field == "from"));
    })
    .await;
}

/// Puts a person in a new cohort called `name`, straight through SQL (cohorts belong to another
/// part of issue 13).
async fn join_cohort(db: &Db, name: &str, user_id: &str) {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO cohorts (id, name, organisation_id, created_at) VALUES ($1, $2, NULL, 0)").bind(&id).bind(name).execute(db.pool()).await.unwrap();
    sqlx::query("INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES ($1, $2, 0)").bind(&id).bind(user_id).execute(db.pool()).await.unwrap();
}

#[tokio::test]
async fn a_persons_data_download_holds_everything_about_them_and_nothing_about_anyone_else() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let jonas = person(&db, "jonas@policija.lt", Role::Learner).await;
        complete_course(&state, &ona, "spotting-exploitation").await;
        complete_course(&state, &jonas, "spotting-exploitation").await;
        join_cohort(&db, "Spring intake", &ona).await;
        join_cohort(&db, "Night shift", &jonas).await;
        accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "192.0.2.7").await.unwrap();
        accounts::sign_in(&db, "jonas@policija.lt", PASSWORD, "192.0.2.99").await.unwrap();

        let download = personal_data::personal_data(&db, &ona, "192.0.2.7").await.unwrap();
        let text = String::from_utf8(download.bytes.clone()).unwrap();
        let data: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(data["account"]["email"], "ona@policija.lt");
        assert_eq!(data["account"]["organisation"], ORGANISATION);
        assert_eq!(data["account"]["roles"], serde_json::json!(["learner"]));
        let enrolment = &data["enrolments"][0];
        assert_eq!(enrolment["course"], "spotting-exploitation");
        assert!(!enrolment["modules_read"].as_array().unwrap().is_empty());
        let attempts = enrolment["quiz_attempts"].as_array().unwrap();
        assert!(!attempts.is_empty() && attempts.iter().all(|a| !a["answers"].as_array().unwrap().is_empty()));
        assert_eq!(attempts[0]["answers"][0]["correct"], true);
        let plays = enrolment["scenario_plays"].as_array().unwrap();
        assert!(!plays.is_empty() && !plays[0]["choices"].as_array().unwrap().is_empty());
        assert!(enrolment["completion"]["completed_at"].is_i64());
        assert_eq!(data["certificates"].as_array().unwrap().len(), 1);
        assert_eq!(data["cohorts"], serde_json::json!([{ "cohort": "Spring intake", "joined_at": 0 }]));
        assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
        let events: Vec<&str> = data["audit_events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert!(events.contains(&"signed_in") && events.contains(&"certificate_issued"), "{events:?}");

        // Nothing of Jonas's, and no secrets.
        for foreign in [jonas.as_str(), "jonas@policija.lt", "Night shift", "192.0.2.99"] {
            assert!(!text.contains(foreign), "{foreign} is in Ona's download");
        }
        let password_hash = users::find_by_id(&db, &ona).await.unwrap().unwrap().password_hash.unwrap();
        assert!(!text.contains(&password_hash) && !text.contains("argon2") && !text.contains("token"));
        let recorded = events_of(&db, AuditAction::PersonalDataExported).await;
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].subject.as_ref().map(|(_, email)| email.as_str()), Some("ona@policija.lt"));
    })
    .await;
}

#[tokio::test]
async fn erasure_removes_personal_data_keeps_records_and_leaves_certificates_verifiable_without_the_name() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        // A failed sign-in typed Ona's address before her account existed: it is kept, until she is erased.
        accounts::sign_in(&db, "ona@policija.lt", "a guess at a password", "192.0.2.1").await.unwrap_err();
        accounts::sign_in(&db, "someone.else@policija.lt", "a guess at a password", "192.0.2.1").await.unwrap_err();
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        let org_admin = person(&db, "org-admin@policija.lt", Role::OrganisationAdministrator).await;
        let other_org_admin = person_in(&db, "Kauno VPK", "kaunas-admin@policija.lt", &[Role::OrganisationAdministrator]).await;
        complete_course(&state, &ona, "spotting-exploitation").await;
        join_cohort(&db, "Spring intake", &ona).await;
        accounts::issue_invite(&db, &ona).await.unwrap();
        let session = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "192.0.2.7").await.unwrap();
        let certificate = certificates::my_certificates(&state, &ona, Locale::En).await.unwrap()[0].id.clone();
        credential::certificate_credential(&state, &ona, false, &certificate).await.unwrap();

        let own = AdminScope::Organisation(organisation_named(&db, ORGANISATION).await);
        let other = AdminScope::Organisation(organisation_named(&db, "Kauno VPK").await);
        let (admin_user, org_admin_user) = (session_user(&db, &admin).await, session_user(&db, &org_admin).await);
        let other_user = session_user(&db, &other_org_admin).await;
        let invalid = |result: Result<(), PrivacyError>| match result {
            Err(PrivacyError::Invalid { field, message }) if field == "confirmation" => message,
            other => panic!("expected a form error, got {other:?}"),
        };

        // Another organisation's administrator finds nobody, on the page and in the function.
        assert!(matches!(erasure::erasure_page(&db, &other, &ona).await, Err(PrivacyError::NotFound)));
        let refused = erasure::erase_person(&db, &other_user, &other, &ona, "ona@policija.lt", "192.0.2.2").await;
        assert!(matches!(refused, Err(PrivacyError::NotFound)));
        // A wrong confirmation, oneself, and an administrator by an organisation's: refused.
        assert_eq!(invalid(erasure::erase_person(&db, &org_admin_user, &own, &ona, "ona@policija.l", "192.0.2.2").await), Msg::EraseConfirmationWrong);
        assert_eq!(invalid(erasure::erase_person(&db, &admin_user, &AdminScope::Platform, &admin, "admin@policija.lt", "-").await), Msg::EraseNotYourself);
        let admin_in_org = person(&db, "second-admin@policija.lt", Role::Administrator).await;
        assert_eq!(
            invalid(erasure::erase_person(&db, &org_admin_user, &own, &admin_in_org, "second-admin@policija.lt", "-").await),
            Msg::EraseAdministratorPlatformOnly
        );
        assert!(accounts::session_user(&db, &session).await.unwrap().is_some(), "nothing happened yet");
        let page = erasure::erasure_page(&db, &own, &ona).await.unwrap();
        assert_eq!((page.email.as_str(), page.certificates, page.erased), ("ona@policija.lt", 1, false));

        // The organisation's own administrator erases her.
        erasure::erase_person(&db, &org_admin_user, &own, &ona, " Ona@Policija.lt ", "192.0.2.2").await.unwrap();

        let row = users::find_by_id(&db, &ona).await.unwrap().unwrap();
        assert_eq!(row.name, "—");
        assert!(!row.email.contains('@') && row.email.contains(&ona));
        assert_eq!((row.password_hash, row.preferred_language), (None, None));
        let (erased_at, deactivated_at): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT erased_at, deactivated_at FROM users WHERE id = $1").bind(&ona).fetch_one(db.pool()).await.unwrap();
        assert!(erased_at.is_some() && deactivated_at.is_some());
        assert!(accounts::session_user(&db, &session).await.unwrap().is_none(), "signed out everywhere");
        for table in ["sessions", "invites", "cohort_members"] {
            let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1")).bind(&ona).fetch_one(db.pool()).await.unwrap();
            assert_eq!(count, 0, "{table}");
        }
        assert!(users::find_by_email(&db, "ona@policija.lt").await.unwrap().is_none(), "no account has her address");
        // The learning records stay, for the reports.
        let (enrolments,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE user_id = $1").bind(&ona).fetch_one(db.pool()).await.unwrap();
        assert_eq!(enrolments, 1);

        // The certificate: still valid and verifiable, without the name; no credential any more.
        let public = certificates::verification_page(&state, &certificate, Locale::En).await.unwrap();
        assert_eq!(public.summary.state, CertificateState::Valid);
        assert!(public.summary.holder_erased && public.summary.holder_name.is_empty());
        let (kept,): (Option<String>,) =
            sqlx::query_as("SELECT credential_json FROM certificates WHERE id = $1").bind(&certificate).fetch_one(db.pool()).await.unwrap();
        assert_eq!(kept, None, "the stored credential named her");
        assert!(matches!(credential::certificate_credential(&state, &admin, true, &certificate).await, Err(CertificatesError::NotFound)));
        let pdf = documents::certificate_pdf(&state, &admin, true, &certificate, Locale::En).await.unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF"));
        let by_hand = certificates::issue_by_hand(&state, &admin, &ona, "spotting-exploitation", "Trained on paper").await;
        assert!(matches!(by_hand, Err(CertificatesError::NoSuchLearnerOrCourse)), "no new certificate for an erased person");

        // The audit log: her typed address gone from the failed sign-in, another's kept; the
        // erasure recorded without her name or address.
        let failed = events_of(&db, AuditAction::SignInFailed).await;
        let typed: Vec<Option<&str>> = failed.iter().map(|e| e.subject_email.as_deref()).collect();
        assert_eq!(typed, vec![Some("someone.else@policija.lt"), None]);
        let erased = events_of(&db, AuditAction::PersonErased).await;
        assert_eq!(erased.len(), 1);
        assert_eq!(erased[0].actor.as_ref().map(|(_, email)| email.as_str()), Some("org-admin@policija.lt"));
        assert!(!erased[0].detail.contains("ona") && !erased[0].detail.contains("Learner person"));
        assert!(all_events(&db).await.iter().all(|e| e.subject_email.as_deref() != Some("ona@policija.lt")));

        // The people list leaves her out unless erased people are asked for.
        let platform = Administrator { id: admin.clone(), scope: AdminScope::Platform, client_address: "192.0.2.2".into() };
        let listed = |status: &str| {
            let (state, platform, filter) = (state.clone(), platform.clone(), PeopleFilter::from_query("", "", "", status, ""));
            async move { people_admin::people_page(&state, &platform, filter).await.unwrap().people.into_iter().map(|p| p.id).collect::<Vec<_>>() }
        };
        assert!(!listed("").await.contains(&ona), "an erased person is not among the people to manage");
        assert_eq!(listed("erased").await, vec![ona.clone()]);

        // Once is enough.
        assert!(erasure::erasure_page(&db, &own, &ona).await.unwrap().erased);
        let again = erasure::erase_person(&db, &admin_user, &AdminScope::Platform, &ona, &row.email, "192.0.2.2").await;
        assert_eq!(invalid(again), Msg::AlreadyErased);
    })
    .await;
}
