//! Account services and storage on a real SQLite file and a real PostgreSQL database.

use tiltas_app::domain::roles::Role;
use tiltas_app::domain::throttle;
use tiltas_app::server::storage::throttle::Reservation;
use tiltas_app::error::AppError;
use tiltas_app::i18n::Msg;
use tiltas_app::server::accounts::{self, FirstAdministrator, NewAccount};
use tiltas_app::server::storage::{self, StorageError};
use tiltas_app::domain::administration::AdminScope;
use tiltas_app::server::people_admin::{self, Administrator};
use tiltas_app::server::testing::{ORGANISATION, PASSWORD, app_state, on_both_backends, person};

#[tokio::test]
async fn organisation_names_are_unique() {
    on_both_backends(|db| async move {
        storage::organisations::insert_organisation(&db, "Klaipėdos AVPK").await.unwrap();
        let again = storage::organisations::insert_organisation(&db, "Klaipėdos AVPK").await;
        assert!(matches!(again, Err(StorageError::UniqueViolation)), "{again:?}");
        let listed = storage::organisations::list_organisations(&db).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].people, 0);
    })
    .await;
}

#[tokio::test]
async fn accounts_validate_input_and_reject_duplicate_emails() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let duplicate = NewAccount {
            email: " ONA@policija.lt ".into(),
            name: "Other".into(),
            roles: vec![Role::Trainer],
            organisation_id: None,
            password: None,
        };
        assert_eq!(accounts::create_account(&db, duplicate).await.map_err(AppError::from).unwrap_err(), AppError::invalid("email", Msg::EmailTaken));
        let no_organisation = NewAccount {
            email: "jonas@policija.lt".into(),
            name: "Jonas".into(),
            roles: vec![Role::Learner],
            organisation_id: None,
            password: None,
        };
        assert_eq!(
            accounts::create_account(&db, no_organisation).await.map_err(AppError::from).unwrap_err(),
            AppError::invalid("organisation", Msg::OrganisationRequired)
        );
        let unknown_organisation = NewAccount {
            email: "jonas@policija.lt".into(),
            name: "Jonas".into(),
            roles: vec![Role::Learner],
            organisation_id: Some("no-such-organisation".into()),
            password: None,
        };
        assert_eq!(
            accounts::create_account(&db, unknown_organisation).await.map_err(AppError::from).unwrap_err(),
            AppError::invalid("organisation", Msg::OrganisationUnknown)
        );
    })
    .await;
}

#[tokio::test]
async fn sign_in_gives_the_same_error_for_unknown_email_and_wrong_password() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let wrong_password = accounts::sign_in(&db, "ona@policija.lt", "not the password", "10.0.0.1").await.map_err(AppError::from).unwrap_err();
        let unknown_email = accounts::sign_in(&db, "nobody@policija.lt", "not the password", "10.0.0.1").await.map_err(AppError::from).unwrap_err();
        assert_eq!(wrong_password, unknown_email);
        assert_eq!(wrong_password, AppError::invalid("email", Msg::LoginFailed));

        let token = accounts::sign_in(&db, "Ona@Policija.lt", PASSWORD, "10.0.0.1").await.unwrap();
        let (user, locale) = accounts::session_user(&db, &token).await.unwrap().expect("session is live");
        assert_eq!(user.email, "ona@policija.lt");
        assert_eq!(user.roles, vec![Role::Learner]);
        assert_eq!(user.organisation_name.as_deref(), Some(ORGANISATION));
        assert_eq!(locale, None);

        storage::sessions::delete_session(&db, &accounts::hash_token(&token)).await.unwrap();
        assert!(accounts::session_user(&db, &token).await.unwrap().is_none(), "signed-out session must not work");
    })
    .await;
}

#[tokio::test]
async fn parallel_guesses_cannot_pass_the_limit_and_the_wait_doubles_then_ends() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        // 300 guesses at once: each try is reserved atomically before its password is checked,
        // so exactly the free ones reach the check.
        let guesses = (0..300).map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                accounts::sign_in(&db, "ona@policija.lt", "wrong password!", &format!("10.0.{}.{}", i / 250, i % 250)).await.map_err(AppError::from)
            })
        });
        let outcomes: Vec<AppError> = futures_util::future::join_all(guesses).await.into_iter().map(|r| r.unwrap().unwrap_err()).collect();
        let checked = outcomes.iter().filter(|e| **e == AppError::invalid("email", Msg::LoginFailed)).count();
        assert_eq!(checked as i64, throttle::PER_ACCOUNT.free_failures, "only the free tries reach the password check");
        assert_eq!(outcomes.len() - checked, outcomes.iter().filter(|e| matches!(e, AppError::TooManyAttempts { .. })).count());

        // Even the right password waits: a short, growing wait rather than a lock-out.
        let waiting = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.9.9").await.map_err(AppError::from).unwrap_err();
        assert_eq!(waiting, AppError::TooManyAttempts { minutes: 1 });
        let key = "account:ona@policija.lt";
        let at = storage::now();
        let first_wait = throttle::PER_ACCOUNT.wait_after(throttle::PER_ACCOUNT.free_failures);
        assert_eq!(storage::throttle::reserve(&db, key, throttle::PER_ACCOUNT, at + first_wait).await.unwrap(), Reservation::Granted);
        let second_wait = throttle::PER_ACCOUNT.wait_after(throttle::PER_ACCOUNT.free_failures + 1);
        assert_eq!(second_wait, 2 * first_wait);
        assert_eq!(
            storage::throttle::reserve(&db, key, throttle::PER_ACCOUNT, at + first_wait + second_wait - 1).await.unwrap(),
            Reservation::Wait { seconds: 1 }
        );
        storage::throttle::clear(&db, key).await.unwrap();
        accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.9.9").await.expect("once the wait is over, the right password works");
    })
    .await;
}

#[tokio::test]
async fn registrations_from_one_address_are_throttled_and_quiet_keys_are_purged() {
    on_both_backends(|db| async move {
        for _ in 0..throttle::REGISTRATIONS_PER_ADDRESS.free_failures {
            accounts::reserve_registration(&db, "192.0.2.7").await.unwrap();
        }
        let refused = accounts::reserve_registration(&db, "192.0.2.7").await.map_err(AppError::from).unwrap_err();
        assert!(matches!(refused, AppError::TooManyAttempts { .. }));
        accounts::reserve_registration(&db, "192.0.2.8").await.expect("another address is not held up");
        let later = storage::now() + throttle::REGISTRATIONS_PER_ADDRESS.forget_after_seconds + throttle::REGISTRATIONS_PER_ADDRESS.longest_wait_seconds() + 1;
        assert_eq!(storage::throttle::purge(&db, later, throttle::REGISTRATIONS_PER_ADDRESS.forget_after_seconds).await.unwrap(), 2);
    })
    .await;
}

#[tokio::test]
async fn invitations_work_once_and_only_the_newest_works() {
    on_both_backends(|db| async move {
        let account = NewAccount {
            email: "trainer@tiltas.lt".into(),
            name: "Trainer".into(),
            roles: vec![Role::Trainer],
            organisation_id: None,
            password: None,
        };
        let (user_id, first) = accounts::create_account(&db, account).await.unwrap();
        let first = first.expect("no password given, so an invitation");
        assert_eq!(accounts::open_invite_email(&db, &first).await.unwrap().as_deref(), Some("trainer@tiltas.lt"));

        let second = accounts::issue_invite(&db, &user_id).await.unwrap();
        assert_eq!(accounts::open_invite_email(&db, &first).await.unwrap(), None, "older link is cancelled");

        let short = accounts::accept_invite(&db, &second, "short", "short").await.map_err(AppError::from).unwrap_err();
        assert_eq!(short, AppError::invalid("password", Msg::PasswordTooShort));

        let session = accounts::accept_invite(&db, &second, PASSWORD, PASSWORD).await.unwrap();
        assert!(accounts::session_user(&db, &session).await.unwrap().is_some());
        let reused = accounts::accept_invite(&db, &second, PASSWORD, PASSWORD).await.map_err(AppError::from).unwrap_err();
        assert_eq!(reused, AppError::invalid("token", Msg::InviteInvalid));
        accounts::sign_in(&db, "trainer@tiltas.lt", PASSWORD, "10.0.0.4").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_new_password_from_a_link_ends_older_sessions_and_administrators_get_no_link_from_below() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let ona = person(&db, "ona@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        let org_admin = person(&db, "org-admin@policija.lt", Role::OrganisationAdministrator).await;
        let acting = |id: &str, scope: AdminScope| Administrator { id: id.to_string(), scope, client_address: "10.0.0.9".into() };
        let old_session = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.5").await.unwrap();
        // A learner's forgotten password: an administrator renews her link.
        let link = people_admin::renew_link(&state, &acting(&admin, AdminScope::Platform), &ona).await.unwrap();
        let new_session = accounts::accept_invite(&db, &link, "a new long passphrase", "a new long passphrase").await.unwrap();
        assert!(accounts::session_user(&db, &old_session).await.unwrap().is_none(), "whoever held the old session is out");
        assert!(accounts::session_user(&db, &new_session).await.unwrap().is_some());

        // An administrator's account cannot be taken over by a link an organisation administrator
        // makes (to them, no administrator exists), nor can anyone reset their own from the web.
        let organisation = storage::organisations::find_by_name(&db, ORGANISATION).await.unwrap().unwrap();
        let below = people_admin::renew_link(&state, &acting(&org_admin, AdminScope::Organisation(organisation)), &admin).await;
        assert_eq!(below.map_err(AppError::from).unwrap_err(), AppError::NotFound);
        let own = people_admin::renew_link(&state, &acting(&admin, AdminScope::Platform), &admin).await;
        assert_eq!(own.map_err(AppError::from).unwrap_err(), AppError::invalid("user_id", Msg::CannotResetYourOwnPassword));
        // Whoever runs the server can: a link valid for a day.
        let (email, token) = accounts::administrator_link(&db, Some("Admin@Policija.lt")).await.unwrap();
        assert_eq!(email, "admin@policija.lt");
        assert_eq!(accounts::open_invite_email(&db, &token).await.unwrap().as_deref(), Some("admin@policija.lt"));
        let expiry: (i64,) = sqlx::query_as("SELECT expires_at FROM invites WHERE token_hash = $1")
            .bind(accounts::hash_token(&token))
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert!(expiry.0 - storage::now() <= accounts::SETUP_LINK_SECONDS);
    })
    .await;
}

#[tokio::test]
async fn two_simultaneous_redemptions_of_one_link_succeed_once() {
    on_both_backends(|db| async move {
        let account = NewAccount {
            email: "race@tiltas.lt".into(),
            name: "Race".into(),
            roles: vec![Role::Administrator],
            organisation_id: None,
            password: None,
        };
        let (_, token) = accounts::create_account(&db, account).await.unwrap();
        let token = token.unwrap();
        let (a, b) = tokio::join!(
            accounts::accept_invite(&db, &token, PASSWORD, PASSWORD),
            accounts::accept_invite(&db, &token, "another long passphrase", "another long passphrase"),
        );
        assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    })
    .await;
}

#[tokio::test]
async fn the_first_administrator_is_created_once() {
    on_both_backends(|db| async move {
        let FirstAdministrator::SetupLink { email, token: first } =
            accounts::ensure_first_administrator(&db, "Admin@Example.lt").await.unwrap()
        else {
            panic!("a new deployment needs a set-up link");
        };
        assert_eq!(email, "admin@example.lt");
        // A restart before the password is set: a new link, the same single administrator.
        let FirstAdministrator::SetupLink { token: second, .. } =
            accounts::ensure_first_administrator(&db, "admin@example.lt").await.unwrap()
        else {
            panic!("still no password, so a new link");
        };
        assert_ne!(first, second);
        assert_eq!(accounts::open_invite_email(&db, &first).await.unwrap(), None);
        assert_eq!(storage::users::administrators(&db).await.unwrap().len(), 1);

        accounts::accept_invite(&db, &second, PASSWORD, PASSWORD).await.unwrap();
        assert_eq!(accounts::ensure_first_administrator(&db, "admin@example.lt").await.unwrap(), FirstAdministrator::Ready);
        assert_eq!(storage::users::administrators(&db).await.unwrap().len(), 1);
    })
    .await;
}

/// Two instances started together on an empty database (scripts/two-instances.sh) both look
/// for an administrator, find none and create one: both must start, with one administrator.
#[tokio::test]
async fn instances_starting_together_make_one_first_administrator() {
    on_both_backends(|db| async move {
        let (one, other) = tokio::join!(
            accounts::ensure_first_administrator(&db, "admin@example.lt"),
            accounts::ensure_first_administrator(&db, "admin@example.lt")
        );
        for started in [one, other] {
            assert!(matches!(started, Ok(FirstAdministrator::SetupLink { ref email, .. }) if email == "admin@example.lt"), "{started:?}");
        }
        assert_eq!(storage::users::administrators(&db).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions_only() {
    on_both_backends(|db| async move {
        let user_id = person(&db, "ona@policija.lt", Role::Learner).await;
        let here = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.5").await.unwrap();
        let elsewhere = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.6").await.unwrap();
        let here_hash = accounts::hash_token(&here);

        let wrong = accounts::change_password(&db, &user_id, &here_hash, "not it", "new passphrase 2026", "new passphrase 2026").await;
        assert_eq!(wrong.map_err(AppError::from).unwrap_err(), AppError::invalid("current_password", Msg::CurrentPasswordWrong));
        let differ = accounts::change_password(&db, &user_id, &here_hash, PASSWORD, "new passphrase 2026", "new passphrase 2027").await;
        assert_eq!(differ.map_err(AppError::from).unwrap_err(), AppError::invalid("new_password_confirmation", Msg::PasswordsDiffer));

        accounts::change_password(&db, &user_id, &here_hash, PASSWORD, "new passphrase 2026", "new passphrase 2026").await.unwrap();
        assert!(accounts::session_user(&db, &here).await.unwrap().is_some());
        assert!(accounts::session_user(&db, &elsewhere).await.unwrap().is_none());
        assert!(accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.5").await.is_err());
        accounts::sign_in(&db, "ona@policija.lt", "new passphrase 2026", "10.0.0.5").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn expired_sessions_find_nobody_and_are_purged() {
    on_both_backends(|db| async move {
        let user_id = person(&db, "ona@policija.lt", Role::Learner).await;
        let now = storage::now();
        storage::sessions::insert_session(&db, "expired-hash", &user_id, now - 100, now - 1).await.unwrap();
        assert!(storage::sessions::find_session_owner(&db, "expired-hash", now).await.unwrap().is_none());
        assert_eq!(storage::sessions::delete_expired_sessions(&db, now).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn people_are_listed_with_roles_organisation_and_status() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        accounts::create_account(
            &db,
            NewAccount {
                email: "admin@tiltas.lt".into(),
                name: "Admin".into(),
                roles: vec![Role::Administrator, Role::Trainer],
                organisation_id: None,
                password: None,
            },
        )
        .await
        .unwrap();
        let people = storage::users::list_people(&db).await.unwrap();
        assert_eq!(people.len(), 2);
        let admin = people.iter().find(|p| p.email == "admin@tiltas.lt").unwrap();
        assert_eq!(admin.roles, vec![Role::Trainer, Role::Administrator]);
        assert!(!admin.has_password);
        let learner = people.iter().find(|p| p.email == "ona@policija.lt").unwrap();
        assert!(learner.has_password);
        assert_eq!(learner.organisation_name.as_deref(), Some(ORGANISATION));
    })
    .await;
}
