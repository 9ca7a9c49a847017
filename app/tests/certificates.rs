//! Certificates through the services, on a real SQLite file and a real PostgreSQL database:
//! issued in the completion's transaction or on approval, by hand with a note, revoked with a
//! reason, replaced by a newer one, every step in the audit log; seen only by their holder and
//! administrators, and verified by anyone who has the unguessable address.

use tiltas_app::domain::certificates::CertificateState;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Locale;
use tiltas_app::server::certificates::{self, CertificatesError};
use tiltas_app::server::context::AppState;
use tiltas_app::domain::certificates::TakeAgain;
use tiltas_app::server::learning::{LearningError, renewal};
use tiltas_app::server::testing::{
    app_state, complete_course, expire_certificates, has_certificate, import_fixture_courses, on_both_backends, person,
};

const AUTOMATIC: &str = "spotting-exploitation";
const APPROVAL: &str = "legal-duties";

async fn only_certificate(state: &AppState, user: &str) -> tiltas_app::views::certificates::CertificateSummary {
    let mine = certificates::my_certificates(state, user, Locale::En).await.unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    mine.into_iter().next().unwrap()
}

/// The fixture courses, a learner (Ona) who completed `slug`, and an administrator: the state
/// and their ids.
async fn learner_who_completed(db: &tiltas_app::server::storage::Db, slug: &str) -> (AppState, String, String) {
    import_fixture_courses(db).await;
    let state = app_state(db);
    let ona = person(db, "ona@policija.lt", Role::Learner).await;
    let admin = person(db, "admin@policija.lt", Role::Administrator).await;
    complete_course(&state, &ona, slug).await;
    (state, ona, admin)
}

#[tokio::test]
async fn a_completion_issues_its_certificate_which_only_its_holder_and_administrators_see() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let jonas = person(&db, "jonas@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        complete_course(&state, &ona, AUTOMATIC).await;

        let issued = only_certificate(&state, &ona).await;
        assert_eq!(issued.state, CertificateState::Valid);
        assert!(issued.id.len() >= 32 && issued.code.starts_with("TLT-"));
        let expires = issued.expires_at.expect("the course is valid for 24 months");
        assert!((expires - issued.issued_at) > 700 * 86_400 && (expires - issued.issued_at) < 740 * 86_400);

        // The holder and administrators see it; another learner gets "not found", as for an id
        // that does not exist.
        certificates::certificate_page(&state, &ona, false, &issued.id, Locale::En).await.unwrap();
        assert!(matches!(certificates::certificate_page(&state, &jonas, false, &issued.id, Locale::En).await, Err(CertificatesError::NotFound)));
        assert!(matches!(certificates::verification_page(&state, "0123456789abcdef", Locale::En).await, Err(CertificatesError::NotFound)));
        let page = certificates::certificate_page(&state, &admin, true, &issued.id, Locale::En).await.unwrap();
        let audit = page.admin.unwrap().audit;
        assert_eq!(audit.len(), 1);
        assert_eq!((audit[0].1.as_str(), audit[0].2.as_deref()), ("issued at completion", None));

        // Anyone with the address verifies it; revocation needs a reason and shows at once.
        let public = certificates::verification_page(&state, &issued.id, Locale::Lt).await.unwrap();
        assert_eq!((public.summary.state, public.summary.course_title.as_str()), (CertificateState::Valid, "Kaip pastebėti išnaudojimą"));
        assert!(matches!(certificates::revoke(&state, &admin, &issued.id, " ").await, Err(CertificatesError::ReasonMissing)));
        certificates::revoke(&state, &admin, &issued.id, "Issued to the wrong person").await.unwrap();
        assert!(matches!(certificates::revoke(&state, &admin, &issued.id, "again").await, Err(CertificatesError::AlreadyRevoked)));
        let public = certificates::verification_page(&state, &issued.id, Locale::En).await.unwrap();
        assert_eq!(public.summary.state, CertificateState::Revoked);
        assert!(public.revoked_at.is_some());
        let audit = certificates::certificate_page(&state, &admin, true, &issued.id, Locale::En).await.unwrap().admin.unwrap().audit;
        assert_eq!(audit.last().map(|a| (a.1.as_str(), a.3.as_deref())), Some(("revoked", Some("Issued to the wrong person"))));
    })
    .await;
}

#[tokio::test]
async fn an_approval_course_waits_in_the_queue_and_a_certificate_by_hand_replaces_the_older_one() {
    on_both_backends(|db| async move {
        let (state, ona, admin) = learner_who_completed(&db, AUTOMATIC).await;
        complete_course(&state, &ona, APPROVAL).await;
        assert!(!has_certificate(&db, &ona, APPROVAL).await, "not before approval");

        let queue = certificates::admin_page(&state, Locale::En).await.unwrap().pending;
        assert_eq!(queue.len(), 1, "only the approval course waits");
        assert!(matches!(certificates::approve(&state, &admin, &[]).await, Err(CertificatesError::NothingChosen)));
        assert_eq!(certificates::approve(&state, &admin, &[queue[0].enrolment_id.clone()]).await.unwrap(), 1);
        assert!(has_certificate(&db, &ona, APPROVAL).await);
        assert!(certificates::admin_page(&state, Locale::En).await.unwrap().pending.is_empty());
        // Approving again issues nothing twice.
        assert_eq!(certificates::approve(&state, &admin, &[queue[0].enrolment_id.clone()]).await.unwrap(), 0);

        // By hand: a note is required; the new certificate replaces the one from the completion.
        assert!(matches!(certificates::issue_by_hand(&state, &admin, &ona, AUTOMATIC, "").await, Err(CertificatesError::ReasonMissing)));
        assert!(matches!(
            certificates::issue_by_hand(&state, &admin, &ona, "assisting-survivors", "Classroom, Vilnius").await,
            Err(CertificatesError::NotAwarded)
        ));
        let by_hand = certificates::issue_by_hand(&state, &admin, &ona, AUTOMATIC, "Classroom course, Vilnius, 2026-11-20").await.unwrap();
        let mine = certificates::my_certificates(&state, &ona, Locale::En).await.unwrap();
        let states: Vec<(bool, CertificateState)> = mine
            .iter()
            .filter(|c| c.course_title == "Spotting exploitation")
            .map(|c| (c.id == by_hand, c.state))
            .collect();
        assert_eq!(states.len(), 2);
        assert!(states.contains(&(true, CertificateState::Valid)) && states.contains(&(false, CertificateState::Superseded)));
        let page = certificates::certificate_page(&state, &admin, true, &by_hand, Locale::En).await.unwrap();
        let admin_view = page.admin.unwrap();
        assert_eq!(admin_view.note.as_deref(), Some("Classroom course, Vilnius, 2026-11-20"));
        assert_eq!(admin_view.audit[0].1, "issued by hand");
    })
    .await;
}

#[tokio::test]
async fn an_expired_certificate_is_renewed_by_taking_the_course_again_but_a_revoked_one_is_not() {
    on_both_backends(|db| async move {
        let (state, ona, admin) = learner_who_completed(&db, AUTOMATIC).await;
        let first = only_certificate(&state, &ona).await;

        // Valid for 24 months: too early to take the course again.
        let page = tiltas_app::server::learning::pages::course_page(&state, &ona, AUTOMATIC, Locale::En).await.unwrap();
        assert_eq!(page.progress.unwrap().take_again, None);
        assert!(matches!(renewal::take_course_again(&state, &ona, AUTOMATIC).await, Err(LearningError::NotDueForRenewal)));

        expire_certificates(&db, &ona, AUTOMATIC).await;
        let page = tiltas_app::server::learning::pages::course_page(&state, &ona, AUTOMATIC, Locale::En).await.unwrap();
        assert_eq!(page.progress.unwrap().take_again, Some(TakeAgain::Expired));
        let again = renewal::take_course_again(&state, &ona, AUTOMATIC).await.unwrap();
        // A repeated post finds the new enrolment and starts nothing more.
        assert!(matches!(renewal::take_course_again(&state, &ona, AUTOMATIC).await, Err(LearningError::NotDueForRenewal)));
        let page = tiltas_app::server::learning::pages::course_page(&state, &ona, AUTOMATIC, Locale::En).await.unwrap();
        let progress = page.progress.unwrap();
        assert_eq!((progress.percent, progress.completed_at), (0, None), "the new enrolment starts from nothing");
        assert_eq!(tiltas_app::server::storage::enrolments::enrolment(&db, &ona, AUTOMATIC).await.unwrap().unwrap().id, again.id);

        // The old certificate stays verifiable as expired until the new completion replaces it.
        assert_eq!(certificates::verification_page(&state, &first.id, Locale::En).await.unwrap().summary.state, CertificateState::Expired);
        complete_course(&state, &ona, AUTOMATIC).await;
        let mine = certificates::my_certificates(&state, &ona, Locale::En).await.unwrap();
        assert_eq!(mine.len(), 2);
        let second = mine.iter().find(|c| c.id != first.id).unwrap();
        assert_eq!(second.state, CertificateState::Valid);
        assert_eq!(certificates::verification_page(&state, &first.id, Locale::En).await.unwrap().summary.state, CertificateState::Superseded);

        // A revoked certificate is an administrator's decision: expiry does not reopen the course.
        certificates::revoke(&state, &admin, &second.id, "Completed on someone else's behalf").await.unwrap();
        expire_certificates(&db, &ona, AUTOMATIC).await;
        assert!(matches!(renewal::take_course_again(&state, &ona, AUTOMATIC).await, Err(LearningError::NotDueForRenewal)));
    })
    .await;
}

/// After a key rotation the DID document lists the old key beside the new one, so a credential
/// signed before the rotation still verifies; before any credential is signed, the document
/// lists the instance's own key without anything written for a reader of it.
#[tokio::test]
async fn a_credential_signed_before_a_key_rotation_still_verifies() {
    use tiltas_app::server::certificates::credential::{self, CredentialKey};
    on_both_backends(|db| async move {
        let (before, ona, _) = learner_who_completed(&db, AUTOMATIC).await;
        let listed = |document: &serde_json::Value| document["verificationMethod"].as_array().map_or(0, Vec::len);
        assert_eq!(listed(&credential::deployment_did_document(&before).await.unwrap()), 1, "the instance's key, unregistered");

        let id = only_certificate(&before, &ona).await.id;
        let download = credential::certificate_credential(&before, &ona, false, &id).await.unwrap();
        let signed: serde_json::Value = serde_json::from_slice(&download.bytes).unwrap();

        let mut rotated = (*before.config).clone();
        rotated.credential_key = CredentialKey::new(tiltas_credentials::SigningKey::from_seed(&[9; 32]));
        let after = AppState::new(db.clone(), rotated);
        let document = credential::deployment_did_document(&after).await.unwrap();
        assert_eq!(listed(&document), 2, "the old key and the new one: {document:#}");
        tiltas_credentials::verify_credential(&signed, &document).expect("the old credential verifies after the rotation");

        let mut without_old = document.clone();
        let old_key = signed["proof"]["verificationMethod"].clone();
        without_old["verificationMethod"].as_array_mut().unwrap().retain(|method| method["id"] != old_key);
        assert!(tiltas_credentials::verify_credential(&signed, &without_old).is_err(), "control: without the old key it fails");
    })
    .await;
}
