//! The email outbox (issue 15) on a real SQLite file and a real PostgreSQL database: links'
//! messages written with the link, only when email is on, in the recipient's language;
//! claims that give each message to one worker; retries, expired claims and blanked bodies; and
//! reminders computed from the data that are stored once however often, and by however many
//! instances, they are computed. Sending to a real mail server: `server/tests/email_delivery.rs`.

use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::{Locale, Msg, fill};
use tiltas_app::server::accounts::{NewAccount, invite_path};
use tiltas_app::server::context::AppState;
use tiltas_app::server::email::reminders::enqueue_reminders;
use tiltas_app::server::people_admin::{self, Administrator};
use tiltas_app::server::people_import;
use tiltas_app::server::privacy::erasure;
use tiltas_app::server::storage::outbox::{self, NewMail, OutboxEntry};
use tiltas_app::server::storage::{self, Db, now};
use tiltas_app::server::testing::{
    app_state, app_state_with_email, complete_course, import_fixture_courses, on_both_backends, organisation_named, person,
    ORGANISATION,
};

const DAY: i64 = 86_400;

fn platform(id: &str) -> Administrator {
    Administrator { id: id.to_string(), scope: AdminScope::Platform, client_address: "10.1.2.3".into() }
}

fn mail(key: &str) -> NewMail {
    NewMail {
        dedup_key: key.to_string(),
        kind: "test",
        user_id: None,
        recipient: "ona@policija.lt".into(),
        subject: format!("Subject {key}"),
        body_text: "text".into(),
        body_html: "<p>html</p>".into(),
    }
}

async fn enqueue(db: &Db, mail: &NewMail, at: i64) -> bool {
    let mut conn = db.pool().acquire().await.unwrap();
    outbox::enqueue(&mut conn, mail, at).await.unwrap()
}

async fn new_person(state: &AppState, admin: &Administrator, email: &str) -> String {
    let account = NewAccount {
        email: email.into(),
        name: "Jūratė Žemaitė".into(),
        roles: vec![Role::Learner],
        organisation_id: Some(organisation_named(&state.db, ORGANISATION).await),
        password: None,
    };
    people_admin::create_person(state, admin, account).await.unwrap().expect("an invitation")
}

fn unsent(entries: &[OutboxEntry]) -> Vec<&OutboxEntry> {
    entries.iter().filter(|e| e.sent_at.is_none() && e.failed_at.is_none()).collect()
}

#[tokio::test]
async fn a_link_is_emailed_in_its_own_transaction_only_when_email_is_on() {
    on_both_backends(|db| async move {
        let admin = platform(&person(&db, "admin@tiltas.lt", Role::Administrator).await);

        // Without a mail server: exactly as before, nothing in the outbox.
        new_person(&app_state(&db), &admin, "jonas@policija.lt").await;
        assert!(outbox::entries(&db).await.unwrap().is_empty());

        // With one, and Lithuanian for people who never chose a language.
        let state = app_state_with_email(&db, Locale::Lt);
        let token = new_person(&state, &admin, "jurate@policija.lt").await;
        let entries = outbox::entries(&db).await.unwrap();
        assert_eq!(entries.len(), 1, "{entries:?}");
        let invitation = &entries[0];
        assert_eq!((invitation.kind.as_str(), invitation.recipient.as_str()), ("invitation", "jurate@policija.lt"));
        assert_eq!(invitation.subject, fill(Msg::EmailInvitationSubject.text(Locale::Lt), &[("site", "Tiltas test academy")]));
        let claimed = outbox::claim_due(&db, now(), 60, 10).await.unwrap();
        assert!(claimed[0].body_text.contains(&state.config.link(&invite_path(&token))), "{}", claimed[0].body_text);
        assert!(claimed[0].body_text.starts_with("Sveiki, Jūratė Žemaitė,"));
        outbox::release(&db, &claimed[0].id).await.unwrap();

        // A new link cancels the unsent message with the old one, which no longer works.
        let jurate = invitation.user_id.clone().unwrap();
        let renewed = people_admin::renew_link(&state, &admin, &jurate).await.unwrap();
        let entries = outbox::entries(&db).await.unwrap();
        assert_eq!(entries.len(), 1, "only the newest link's message: {entries:?}");
        let claimed = outbox::claim_due(&db, now(), 60, 10).await.unwrap();
        assert!(claimed[0].body_text.contains(&renewed) && !claimed[0].body_text.contains(&token));
        outbox::mark_sent(&db, &claimed[0].id, now()).await.unwrap();

        // A reset of someone with a password, who chose English: a reset message, in English.
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        storage::users::set_preferred_language(&db, &ona, "en").await.unwrap();
        people_admin::renew_link(&state, &admin, &ona).await.unwrap();
        let reset = unsent(&outbox::entries(&db).await.unwrap()).into_iter().cloned().collect::<Vec<_>>();
        assert_eq!(reset.len(), 1);
        assert_eq!(reset[0].kind, "password_reset");
        assert_eq!(reset[0].subject, fill(Msg::EmailPasswordResetSubject.text(Locale::En), &[("site", "Tiltas test academy")]));

        // Deactivation ends the link, and with it the message not sent yet.
        people_admin::deactivate(&state, &admin, &ona).await.unwrap();
        assert!(unsent(&outbox::entries(&db).await.unwrap()).is_empty());
    })
    .await;
}

#[tokio::test]
async fn two_workers_claiming_at_once_never_get_the_same_message() {
    on_both_backends(|db| async move {
        let at = now();
        for number in 0..40 {
            assert!(enqueue(&db, &mail(&format!("key-{number}")), at).await);
        }
        assert!(!enqueue(&db, &mail("key-7"), at).await, "a key is stored once");
        let (first, second) = tokio::join!(outbox::claim_due(&db, at, 60, 40), outbox::claim_due(&db, at, 60, 40));
        let (first, second) = (first.unwrap(), second.unwrap());
        let mut ids: Vec<_> = first.iter().chain(&second).map(|m| m.id.clone()).collect();
        assert_eq!(ids.len(), 40, "every message claimed: {} + {}", first.len(), second.len());
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 40, "and none twice");
        assert!(outbox::claim_due(&db, at + 59, 60, 40).await.unwrap().is_empty(), "claimed until the lease ends");
        // A worker that died holding claims: once they expire, another takes the messages.
        assert_eq!(outbox::claim_due(&db, at + 60, 60, 40).await.unwrap().len(), 40);
    })
    .await;
}

#[tokio::test]
async fn a_failed_message_waits_for_its_retry_and_a_sent_or_abandoned_one_keeps_no_body() {
    on_both_backends(|db| async move {
        let at = now();
        enqueue(&db, &mail("retry"), at).await;
        enqueue(&db, &mail("abandon"), at).await;
        let claimed = outbox::claim_due(&db, at, 60, 10).await.unwrap();
        assert_eq!(claimed.len(), 2);
        let (retry, abandon) = (&claimed[0], &claimed[1]);
        assert_eq!(retry.attempts, 0);
        outbox::mark_failed(&db, &retry.id, at, Some(at + 120), "421 try later").await.unwrap();
        outbox::mark_failed(&db, &abandon.id, at, None, "550 no such mailbox").await.unwrap();

        assert!(outbox::claim_due(&db, at + 119, 60, 10).await.unwrap().is_empty(), "not before its retry");
        let again = outbox::claim_due(&db, at + 120, 60, 10).await.unwrap();
        assert_eq!(again.len(), 1, "the abandoned one never comes back");
        assert_eq!((again[0].id.as_str(), again[0].attempts), (retry.id.as_str(), 1));
        outbox::mark_sent(&db, &again[0].id, at + 121).await.unwrap();
        assert!(outbox::claim_due(&db, at + 10 * DAY, 60, 10).await.unwrap().is_empty());

        let entries = outbox::entries(&db).await.unwrap();
        let sent = entries.iter().find(|e| e.dedup_key == "retry").unwrap();
        assert_eq!((sent.sent_at, sent.attempts, sent.subject.as_str(), sent.last_error.as_deref()), (Some(at + 121), 2, "", None));
        let given_up = entries.iter().find(|e| e.dedup_key == "abandon").unwrap();
        assert_eq!((given_up.failed_at, given_up.subject.as_str()), (Some(at), ""));
        assert_eq!(given_up.last_error.as_deref(), Some("550 no such mailbox"));
        let (bodies,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE body_text <> '' OR body_html <> ''")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(bodies, 0, "no copy of a sent message, nor of its one-time link, is kept");
    })
    .await;
}

#[tokio::test]
async fn reminders_are_stored_once_however_often_and_by_however_many_they_are_computed() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state_with_email(&db, Locale::En);
        let options = state.config.email.clone().unwrap();
        let admin = person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let at = now();
        let assign = |user: String, slug: &'static str, due_at: i64| {
            let (db, admin) = (db.clone(), admin.clone());
            async move {
                let version = storage::courses::latest_version(&db, slug).await.unwrap().unwrap().id;
                storage::enrolments::insert_enrolment(&db, &user, slug, &version, Some(&admin), Some(due_at)).await.unwrap()
            }
        };
        // Due in two days (Lithuanian learner), overdue since yesterday, due next month, and
        // one long overdue (no mail: too old).
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        storage::users::set_preferred_language(&db, &ona, "lt").await.unwrap();
        let jonas = person(&db, "jonas@policija.lt", Role::Learner).await;
        let due_soon = assign(ona.clone(), "first-contact", at + 2 * DAY).await;
        let overdue = assign(jonas.clone(), "first-contact", at - DAY).await;
        assign(ona.clone(), "assisting-survivors", at + 30 * DAY).await;
        assign(jonas.clone(), "assisting-survivors", at - 40 * DAY).await;
        // A completed assignment is not reminded about, nor is a deactivated person.
        let done = person(&db, "done@policija.lt", Role::Learner).await;
        complete_course(&state, &done, "spotting-exploitation").await;
        sqlx::query("UPDATE enrolments SET due_at = $1 WHERE user_id = $2").bind(at + DAY).bind(&done).execute(db.pool()).await.unwrap();
        let gone = person(&db, "gone@policija.lt", Role::Learner).await;
        assign(gone.clone(), "first-contact", at + DAY).await;
        people_admin::deactivate(&state, &platform(&admin), &gone).await.unwrap();
        // The completed course's certificate expires in ten days.
        sqlx::query("UPDATE certificates SET expires_at = $1 WHERE user_id = $2").bind(at + 10 * DAY).bind(&done).execute(db.pool()).await.unwrap();
        // A completion waiting for approval: the administrator's digest.
        let waiting = person(&db, "waiting@policija.lt", Role::Learner).await;
        complete_course(&state, &waiting, "spotting-exploitation").await;
        complete_course(&state, &waiting, "legal-duties").await;

        let first = enqueue_reminders(&state, &options, at).await.unwrap();
        // Again, twice at once (two instances), and after a restart: nothing new.
        let (a, b) = tokio::join!(enqueue_reminders(&state, &options, at + 60), enqueue_reminders(&state, &options, at + 60));
        assert_eq!((a.unwrap(), b.unwrap()), (0, 0));
        assert_eq!(enqueue_reminders(&state, &options, at + 600).await.unwrap(), 0);

        let entries = outbox::entries(&db).await.unwrap();
        let mut found: Vec<(String, String)> = entries.iter().map(|e| (e.kind.clone(), e.recipient.clone())).collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                ("approval_digest".to_string(), "admin@tiltas.lt".to_string()),
                ("certificate_expiring".into(), "done@policija.lt".into()),
                ("due_soon".into(), "ona@policija.lt".into()),
                ("overdue".into(), "jonas@policija.lt".into()),
            ],
        );
        assert_eq!(first, 4);
        let key_of = |kind: &str| entries.iter().find(|e| e.kind == kind).unwrap().dedup_key.clone();
        assert_eq!(key_of("due_soon"), format!("due_soon:{due_soon}:{}", at + 2 * DAY));
        assert_eq!(key_of("overdue"), format!("overdue:{overdue}:{}", at - DAY));

        // Ona's reminder is in Lithuanian, with the course's Lithuanian title.
        let ona_subject = &entries.iter().find(|e| e.kind == "due_soon").unwrap().subject;
        assert!(ona_subject.starts_with("Priminimas:"), "{ona_subject}");
        assert!(!ona_subject.contains("first-contact"), "the title, not the slug: {ona_subject}");

        // When Ona's due date moves, that is a new reminder; the next day brings a new digest.
        sqlx::query("UPDATE enrolments SET due_at = $1 WHERE id = $2").bind(at + DAY).bind(&due_soon).execute(db.pool()).await.unwrap();
        assert_eq!(enqueue_reminders(&state, &options, at + 700).await.unwrap(), 1);
        assert_eq!(enqueue_reminders(&state, &options, at + DAY + 10).await.unwrap(), 2, "Ona's now overdue, and a new day's digest");
    })
    .await;
}

#[tokio::test]
async fn an_import_emails_each_new_person_and_erasure_removes_their_messages() {
    on_both_backends(|db| async move {
        let state = app_state_with_email(&db, Locale::Lt);
        let admin_id = person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let admin = tiltas_app::server::testing::platform_administrator(admin_id, "admin@tiltas.lt");
        let file = format!("name,email,organisation\nOna Petraitė,ona@vpk.lt,{ORGANISATION}\nRūta Jonaitė,ruta@vpk.lt,{ORGANISATION}\n");
        let outcome = people_import::import(&state, &AdminScope::Platform, &admin, &file, "127.0.0.1").await.unwrap();
        assert!(outcome.emailed, "the page says so");
        let entries = outbox::entries(&db).await.unwrap();
        let mut recipients: Vec<_> = entries.iter().map(|e| (e.kind.as_str(), e.recipient.as_str())).collect();
        recipients.sort();
        assert_eq!(recipients, vec![("invitation", "ona@vpk.lt"), ("invitation", "ruta@vpk.lt")]);
        let claimed = outbox::claim_due(&db, now(), 60, 10).await.unwrap();
        for invitation in &outcome.invitations {
            let mail = claimed.iter().find(|m| m.recipient == invitation.email).unwrap();
            assert!(mail.body_text.contains(&invitation.link), "the link the page shows is the one emailed");
            assert!(mail.body_text.contains(&format!("Sveiki, {},", invitation.name)));
            outbox::release(&db, &mail.id).await.unwrap();
        }

        let ona = entries.iter().find(|e| e.recipient == "ona@vpk.lt").unwrap().user_id.clone().unwrap();
        erasure::erase_person(&db, &admin, &AdminScope::Platform, &ona, "ona@vpk.lt", "127.0.0.1").await.unwrap();
        let left: Vec<_> = outbox::entries(&db).await.unwrap().into_iter().map(|e| e.recipient).collect();
        assert_eq!(left, vec!["ruta@vpk.lt".to_string()], "nothing of the erased person stays in the outbox");
    })
    .await;
}
