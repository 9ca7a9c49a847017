//! Administrators managing people (`server::people_admin`) and organisations, on SQLite and
//! PostgreSQL: the list's pages and filters, organisation administrators held to their own
//! organisation, role changes, deactivation and reactivation, password resets, and the audit
//! events each change writes.

use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::people::{PeopleFilter, PersonStatus};
use tiltas_app::domain::roles::Role;
use tiltas_app::error::AppError;
use tiltas_app::i18n::{Locale, Msg};
use tiltas_app::server::accounts::{self, NewAccount};
use tiltas_app::server::context::AppState;
use tiltas_app::server::people_admin::{self, Administrator};
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{
    ORGANISATION, PASSWORD, app_state, import_fixture_courses, on_both_backends, organisation_named, person, person_in,
};
use tiltas_app::server::{learning, people, reports};

const OTHER: &str = "Kauno AVPK";

fn acting(id: &str, scope: AdminScope) -> Administrator {
    Administrator { id: id.to_string(), scope, client_address: "10.1.2.3".into() }
}

/// The platform administrator, the organisation administrators of `ORGANISATION` and of
/// `OTHER`, and a learner in each organisation.
struct Cast {
    platform: Administrator,
    own: Administrator,
    other: Administrator,
    learner: String,
    other_learner: String,
    admin_id: String,
}

async fn cast(db: &Db) -> Cast {
    let admin_id = person(db, "admin@tiltas.lt", Role::Administrator).await;
    let own_id = person(db, "org-admin@policija.lt", Role::OrganisationAdministrator).await;
    let other_id = person_in(db, OTHER, "org-admin@kaunas.lt", &[Role::OrganisationAdministrator]).await;
    let learner = person(db, "ona@policija.lt", Role::Learner).await;
    let other_learner = person_in(db, OTHER, "jonas@kaunas.lt", &[Role::Learner]).await;
    let own_org = organisation_named(db, ORGANISATION).await;
    let other_org = organisation_named(db, OTHER).await;
    Cast {
        platform: acting(&admin_id, AdminScope::Platform),
        own: acting(&own_id, AdminScope::Organisation(own_org)),
        other: acting(&other_id, AdminScope::Organisation(other_org)),
        learner,
        other_learner,
        admin_id,
    }
}

fn everyone() -> PeopleFilter {
    PeopleFilter { page: 1, ..PeopleFilter::default() }
}

async fn emails(state: &AppState, admin: &Administrator, filter: PeopleFilter) -> Vec<String> {
    people_admin::people_page(state, admin, filter).await.unwrap().people.into_iter().map(|p| p.email).collect()
}

fn refusal<T: std::fmt::Debug>(result: Result<T, accounts::AccountsError>) -> AppError {
    AppError::from(result.expect_err("refused"))
}

/// (action, actor, subject, organisation, detail) of every audit event of people management,
/// oldest first. Sign-ins are recorded too (the privacy part tests those); they are left out here.
async fn audit_rows(db: &Db) -> Vec<(String, Option<String>, Option<String>, Option<String>, String)> {
    sqlx::query_as(
        "SELECT action, actor_id, subject_user_id, organisation_id, detail FROM audit_events \
         WHERE action NOT IN ('signed_in', 'sign_in_failed') ORDER BY id",
    )
        .fetch_all(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn organisation_administrators_see_and_manage_only_their_own_organisation() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let cast = cast(&db).await;

        let platform = emails(&state, &cast.platform, everyone()).await;
        assert_eq!(platform.len(), 5, "{platform:?}");
        // An organisation in the URL does not widen an organisation administrator's list.
        let other_org = organisation_named(&db, OTHER).await;
        let own = emails(&state, &cast.own, PeopleFilter { organisation_id: Some(other_org.clone()), ..everyone() }).await;
        assert_eq!(own, vec!["ona@policija.lt", "org-admin@policija.lt"]);
        let directory = people_admin::people_page(&state, &cast.own, everyone()).await.unwrap();
        assert!(!directory.platform && !directory.grantable_roles.contains(&Role::Administrator));
        assert_eq!(directory.organisations.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>(), vec![ORGANISATION]);
        assert_eq!(directory.filter.organisation_id, None);

        // A person elsewhere, or a platform administrator in one's organisation, does not exist.
        assert_eq!(refusal(people_admin::person_page(&state, &cast.own, &cast.other_learner).await), AppError::NotFound);
        assert_eq!(refusal(people_admin::person_page(&state, &cast.own, &cast.admin_id).await), AppError::NotFound);
        assert_eq!(refusal(people_admin::person_page(&state, &cast.own, "no-such-id").await), AppError::NotFound);
        let seen = people_admin::person_page(&state, &cast.own, &cast.learner).await.unwrap();
        assert_eq!((seen.email.as_str(), seen.organisations.is_none()), ("ona@policija.lt", true));
        for refused in [
            people_admin::update_person(&state, &cast.other, &cast.learner, "X", "x@policija.lt", None).await,
            people_admin::change_roles(&state, &cast.other, &cast.learner, &[Role::Trainer]).await,
            people_admin::deactivate(&state, &cast.other, &cast.learner).await,
            people_admin::reactivate(&state, &cast.other, &cast.learner).await,
            people_admin::renew_link(&state, &cast.other, &cast.learner).await.map(|_| ()),
        ] {
            assert_eq!(refusal(refused), AppError::NotFound);
        }
        assert!(audit_rows(&db).await.is_empty(), "nothing refused was recorded");

        // A new person joins the organisation administrator's organisation whatever the form said,
        // and never as a platform administrator.
        let account = |email: &str, roles: Vec<Role>| NewAccount {
            email: email.into(),
            name: "New person".into(),
            roles,
            organisation_id: Some(other_org.clone()),
            password: None,
        };
        let token = people_admin::create_person(&state, &cast.own, account("new@policija.lt", vec![Role::Learner])).await.unwrap().expect("an invitation");
        assert_eq!(accounts::open_invite_email(&db, &token).await.unwrap().as_deref(), Some("new@policija.lt"));
        let created = storage::users::find_by_email(&db, "new@policija.lt").await.unwrap().unwrap();
        assert_eq!(created.organisation_id, Some(organisation_named(&db, ORGANISATION).await));
        let admin = people_admin::create_person(&state, &cast.own, account("boss@policija.lt", vec![Role::Administrator])).await;
        assert_eq!(refusal(admin), AppError::invalid("roles", Msg::MayNotGrantAdministrator));
        assert!(storage::users::find_by_email(&db, "boss@policija.lt").await.unwrap().is_none());

        // Organisations: their own to look at, nothing to add or rename.
        let overview = people::organisations_page(&state, &cast.own.scope).await.unwrap();
        assert_eq!(overview.organisations.len(), 1);
        assert!(!overview.may_change);
        assert_eq!(people::organisations_page(&state, &AdminScope::Platform).await.unwrap().organisations.len(), 2);
        assert_eq!(refusal(people::create_organisation(&state, &cast.own.scope, "Alytaus AVPK").await), AppError::Forbidden);
        assert_eq!(refusal(people::rename_organisation(&state, &cast.own.scope, &other_org, "Mine").await), AppError::Forbidden);
    })
    .await;
}

#[tokio::test]
async fn platform_administrators_rename_organisations_to_free_names() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let vilnius = organisation_named(&db, ORGANISATION).await;
        organisation_named(&db, OTHER).await;
        people::rename_organisation(&state, &AdminScope::Platform, &vilnius, "  Vilniaus apskrities VPK ").await.unwrap();
        assert_eq!(storage::organisations::name_of(&db, &vilnius).await.unwrap().as_deref(), Some("Vilniaus apskrities VPK"));
        let taken = people::rename_organisation(&state, &AdminScope::Platform, &vilnius, OTHER).await;
        assert_eq!(refusal(taken), AppError::invalid("name", Msg::OrganisationNameTaken));
        let empty = people::rename_organisation(&state, &AdminScope::Platform, &vilnius, " ").await;
        assert_eq!(refusal(empty), AppError::invalid("name", Msg::NameRequired));
        let unknown = people::rename_organisation(&state, &AdminScope::Platform, "no-such-id", "Nauja").await;
        assert_eq!(refusal(unknown), AppError::NotFound);
    })
    .await;
}

/// Inserts `count` people without passwords, named "<prefix> NNN", quickly (no hashing).
async fn many_people(db: &Db, organisation: &str, prefix: &str, count: usize, roles: &[Role]) -> Vec<String> {
    let organisation = organisation_named(db, organisation).await;
    let mut ids = Vec::new();
    for number in 1..=count {
        let email = format!("{}-{number:03}@tiltas.lt", prefix.to_lowercase());
        let name = format!("{prefix} {number:03}");
        let user = storage::users::NewUser { email: &email, name: &name, organisation_id: Some(&organisation), roles, password_hash: None };
        ids.push(storage::users::insert_user(db, user).await.unwrap());
    }
    ids
}

#[tokio::test]
async fn the_list_is_paged_by_fifty_and_filtered_by_name_email_organisation_role_and_status() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let cast = cast(&db).await;
        let learners = many_people(&db, ORGANISATION, "Learner", 110, &[Role::Learner]).await;
        many_people(&db, OTHER, "Trainer", 3, &[Role::Trainer]).await;
        let page = |number: u32| PeopleFilter { page: number, ..everyone() };

        // 5 + 110 + 3 people: three pages, the last holding the rest; beyond it, nobody.
        let first = people_admin::people_page(&state, &cast.platform, page(1)).await.unwrap();
        assert_eq!((first.total, first.people.len()), (118, 50));
        let third = people_admin::people_page(&state, &cast.platform, page(3)).await.unwrap();
        assert_eq!((third.total, third.people.len()), (118, 18));
        assert!(people_admin::people_page(&state, &cast.platform, page(4)).await.unwrap().people.is_empty());
        let mut all = Vec::new();
        for number in 1..=3 {
            all.extend(emails(&state, &cast.platform, page(number)).await);
        }
        let mut distinct = all.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 118, "no one is shown twice or left out across the pages");
        // Roles come with each row.
        let row = first.people.iter().find(|p| p.email == "learner-001@tiltas.lt").unwrap();
        assert_eq!((row.roles.clone(), row.status), (vec![Role::Learner], PersonStatus::Invited));

        // Search: part of a name (any case) or of an email; pattern characters are literal.
        let search = |text: &str| PeopleFilter { search: text.into(), ..everyone() };
        assert_eq!(people_admin::people_page(&state, &cast.platform, search("learner 10")).await.unwrap().total, 10, "Learner 100 to 109");
        assert_eq!(emails(&state, &cast.platform, search("JONAS@")).await, vec!["jonas@kaunas.lt"]);
        assert_eq!(emails(&state, &cast.platform, search("trainer-00")).await.len(), 3);
        assert!(emails(&state, &cast.platform, search("%")).await.is_empty(), "a % is a character, not a wildcard");
        assert!(emails(&state, &cast.platform, search("learner_001")).await.is_empty(), "an _ is a character too");

        // Organisation, role and status.
        let other_org = organisation_named(&db, OTHER).await;
        let in_other = PeopleFilter { organisation_id: Some(other_org), ..everyone() };
        assert_eq!(people_admin::people_page(&state, &cast.platform, in_other).await.unwrap().total, 5);
        let trainers = PeopleFilter { role: Some(Role::Trainer), ..everyone() };
        assert_eq!(people_admin::people_page(&state, &cast.platform, trainers).await.unwrap().total, 3);
        let status = |status: PersonStatus| PeopleFilter { status: Some(status), ..everyone() };
        people_admin::deactivate(&state, &cast.platform, &learners[0]).await.unwrap();
        people_admin::deactivate(&state, &cast.platform, &cast.learner).await.unwrap();
        let deactivated = emails(&state, &cast.platform, status(PersonStatus::Deactivated)).await;
        assert_eq!(deactivated, vec!["learner-001@tiltas.lt", "ona@policija.lt"]);
        // The cast signed up with passwords, except the one now deactivated.
        assert_eq!(people_admin::people_page(&state, &cast.platform, status(PersonStatus::Active)).await.unwrap().total, 4);
        assert_eq!(people_admin::people_page(&state, &cast.platform, status(PersonStatus::Invited)).await.unwrap().total, 112);
        // Filters combine, and an organisation administrator's list is filtered within their own.
        let own_learners = PeopleFilter { role: Some(Role::Learner), status: Some(PersonStatus::Invited), ..everyone() };
        assert_eq!(people_admin::people_page(&state, &cast.own, own_learners).await.unwrap().total, 109);
        let other_learners = PeopleFilter { role: Some(Role::Learner), ..everyone() };
        assert_eq!(emails(&state, &cast.other, other_learners).await, vec!["jonas@kaunas.lt"]);
    })
    .await;
}

#[tokio::test]
async fn deactivation_ends_sessions_and_refuses_sign_in_until_reactivated() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let cast = cast(&db).await;
        let before: (Option<i64>,) = sqlx::query_as("SELECT last_seen_at FROM users WHERE id = $1").bind(&cast.learner).fetch_one(db.pool()).await.unwrap();
        assert_eq!(before.0, None);
        let phone = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.1").await.unwrap();
        let desk = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.2").await.unwrap();
        let seen: (Option<i64>,) = sqlx::query_as("SELECT last_seen_at FROM users WHERE id = $1").bind(&cast.learner).fetch_one(db.pool()).await.unwrap();
        assert!(seen.0.is_some_and(|at| (storage::now() - at).abs() < 60), "a sign-in is remembered: {seen:?}");

        people_admin::deactivate(&state, &cast.own, &cast.learner).await.unwrap();
        for token in [&phone, &desk] {
            assert!(accounts::session_user(&db, token).await.unwrap().is_none(), "every session ended at once");
        }
        let sessions: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE user_id = $1").bind(&cast.learner).fetch_one(db.pool()).await.unwrap();
        assert_eq!(sessions.0, 0);
        // The right password is told the account is deactivated; a wrong one learns nothing.
        let right = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.1").await;
        assert_eq!(refusal(right), AppError::invalid("email", Msg::AccountDeactivated));
        let wrong = accounts::sign_in(&db, "ona@policija.lt", "not the password at all", "10.0.0.1").await;
        assert_eq!(refusal(wrong), AppError::invalid("email", Msg::LoginFailed));
        // Nor does a new link help while deactivated; their records stay.
        assert_eq!(
            refusal(people_admin::renew_link(&state, &cast.own, &cast.learner).await),
            AppError::invalid("user_id", Msg::ReactivateFirst)
        );
        assert_eq!(people_admin::person_page(&state, &cast.own, &cast.learner).await.unwrap().status, PersonStatus::Deactivated);
        // Deactivating twice changes nothing more.
        people_admin::deactivate(&state, &cast.own, &cast.learner).await.unwrap();

        people_admin::reactivate(&state, &cast.own, &cast.learner).await.unwrap();
        let again = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.1").await.unwrap();
        assert!(accounts::session_user(&db, &again).await.unwrap().is_some());

        // Nobody deactivates themselves.
        let own = people_admin::deactivate(&state, &cast.platform, &cast.admin_id).await;
        assert_eq!(refusal(own), AppError::invalid("deactivate", Msg::CannotDeactivateYourself));
        let actions: Vec<String> = audit_rows(&db).await.into_iter().map(|row| row.0).collect();
        assert_eq!(actions, vec!["deactivated", "reactivated"], "one event per change, none for a repeat or a refusal");
    })
    .await;
}

#[tokio::test]
async fn role_changes_follow_the_scope_and_nobody_removes_their_own_administrator_role() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let cast = cast(&db).await;
        let roles_of = |id: String| {
            let db = db.clone();
            async move { storage::users::roles_of(&db, &id).await.unwrap() }
        };
        people_admin::change_roles(&state, &cast.own, &cast.learner, &[Role::Learner, Role::Trainer]).await.unwrap();
        assert_eq!(roles_of(cast.learner.clone()).await, vec![Role::Learner, Role::Trainer]);
        let grant = people_admin::change_roles(&state, &cast.own, &cast.learner, &[Role::Learner, Role::Administrator]).await;
        assert_eq!(refusal(grant), AppError::invalid("roles", Msg::MayNotGrantAdministrator));
        let drop_own = people_admin::change_roles(&state, &cast.own, &cast.own.id, &[Role::Learner]).await;
        assert_eq!(refusal(drop_own), AppError::invalid("roles", Msg::CannotRemoveOwnAdministrator));

        // The last platform administrator cannot remove their own role; with a second one, the
        // second may remove the first's (and the platform still has one).
        let last = people_admin::change_roles(&state, &cast.platform, &cast.admin_id, &[Role::Trainer]).await;
        assert_eq!(refusal(last), AppError::invalid("roles", Msg::CannotRemoveOwnAdministrator));
        people_admin::change_roles(&state, &cast.platform, &cast.learner, &[Role::Learner, Role::Administrator]).await.unwrap();
        let second = acting(&cast.learner, AdminScope::Platform);
        people_admin::change_roles(&state, &second, &cast.admin_id, &[Role::Trainer]).await.unwrap();
        assert_eq!(roles_of(cast.admin_id.clone()).await, vec![Role::Trainer]);
        assert_eq!(storage::users::administrators(&db).await.unwrap().len(), 1);

        let changes: Vec<(String, String)> = audit_rows(&db)
            .await
            .into_iter()
            .filter(|row| row.0 == "roles_changed")
            .map(|row| (row.1.unwrap(), row.4))
            .collect();
        assert_eq!(
            changes,
            vec![
                (cast.own.id.clone(), "learner -> learner, trainer".to_string()),
                (cast.admin_id.clone(), "learner, trainer -> learner, administrator".to_string()),
                (cast.learner.clone(), "administrator -> trainer".to_string()),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn details_are_validated_as_at_creation_and_the_email_stays_unique() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let cast = cast(&db).await;
        let update = |email: &'static str, organisation: Option<String>| {
            let (state, admin, learner) = (state.clone(), cast.platform.clone(), cast.learner.clone());
            async move { people_admin::update_person(&state, &admin, &learner, "Ona Petraitienė", email, organisation.as_deref()).await }
        };
        let own_org = organisation_named(&db, ORGANISATION).await;
        assert_eq!(refusal(update("not-an-address", Some(own_org.clone())).await), AppError::invalid("email", Msg::EmailInvalid));
        assert_eq!(refusal(update("JONAS@kaunas.lt", Some(own_org.clone())).await), AppError::invalid("email", Msg::EmailTaken));
        // A learner must keep an organisation.
        assert_eq!(refusal(update("ona@policija.lt", None).await), AppError::invalid("organisation", Msg::OrganisationRequired));
        assert!(audit_rows(&db).await.is_empty());

        let other_org = organisation_named(&db, OTHER).await;
        update(" Ona.P@Policija.lt ", Some(other_org.clone())).await.unwrap();
        let saved = storage::users::find_by_id(&db, &cast.learner).await.unwrap().unwrap();
        assert_eq!((saved.name.as_str(), saved.email.as_str()), ("Ona Petraitienė", "ona.p@policija.lt"));
        assert_eq!(saved.organisation_id.as_deref(), Some(other_org.as_str()));
        // An organisation administrator's edit leaves the organisation alone, whatever is sent.
        people_admin::update_person(&state, &cast.other, &cast.learner, "Ona P.", "ona.p@policija.lt", Some(&own_org)).await.unwrap();
        let saved = storage::users::find_by_id(&db, &cast.learner).await.unwrap().unwrap();
        assert_eq!((saved.name.as_str(), saved.organisation_id.as_deref()), ("Ona P.", Some(other_org.as_str())));
        // Saving unchanged details records nothing.
        people_admin::update_person(&state, &cast.other, &cast.learner, "Ona P.", "ona.p@policija.lt", None).await.unwrap();
        let edits: Vec<(Option<String>, Option<String>, String)> =
            audit_rows(&db).await.into_iter().map(|row| (row.1, row.3, row.4)).collect();
        assert_eq!(
            edits,
            vec![
                (Some(cast.admin_id.clone()), Some(own_org.clone()), "name, email, organisation".to_string()),
                (Some(cast.other.id.clone()), Some(other_org.clone()), "name".to_string()),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn creations_resets_and_renewals_are_recorded_with_who_and_from_where() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let cast = cast(&db).await;
        let own_org = organisation_named(&db, ORGANISATION).await;
        let account = NewAccount {
            email: "new@policija.lt".into(),
            name: "New person".into(),
            roles: vec![Role::Learner, Role::Trainer],
            organisation_id: Some(own_org.clone()),
            password: None,
        };
        people_admin::create_person(&state, &cast.platform, account).await.unwrap();
        let new_id = storage::users::find_by_email(&db, "new@policija.lt").await.unwrap().unwrap().id;
        let renewed = people_admin::renew_link(&state, &cast.own, &new_id).await.unwrap();
        assert_eq!(accounts::open_invite_email(&db, &renewed).await.unwrap().as_deref(), Some("new@policija.lt"));

        // A reset for someone with a password: the password stops working and their sessions end.
        let session = accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.1").await.unwrap();
        let link = people_admin::renew_link(&state, &cast.own, &cast.learner).await.unwrap();
        assert!(accounts::session_user(&db, &session).await.unwrap().is_none());
        assert_eq!(refusal(accounts::sign_in(&db, "ona@policija.lt", PASSWORD, "10.0.0.1").await), AppError::invalid("email", Msg::LoginFailed));
        accounts::accept_invite(&db, &link, "her new passphrase", "her new passphrase").await.unwrap();
        // A platform administrator may reset another administrator's password.
        let second = person(&db, "second-admin@tiltas.lt", Role::Administrator).await;
        people_admin::renew_link(&state, &cast.platform, &second).await.unwrap();

        let rows = audit_rows(&db).await;
        let summary: Vec<(&str, Option<&str>, Option<&str>, &str)> =
            rows.iter().map(|r| (r.0.as_str(), r.1.as_deref(), r.2.as_deref(), r.4.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                ("person_created", Some(cast.admin_id.as_str()), Some(new_id.as_str()), "learner, trainer"),
                ("invitation_renewed", Some(cast.own.id.as_str()), Some(new_id.as_str()), "invitation renewed"),
                ("invitation_renewed", Some(cast.own.id.as_str()), Some(cast.learner.as_str()), "password reset"),
                ("invitation_renewed", Some(cast.admin_id.as_str()), Some(second.as_str()), "password reset"),
            ]
        );
        assert!(rows[..3].iter().all(|r| r.3.as_deref() == Some(own_org.as_str())), "filed under the person's organisation");
        let addresses: Vec<(Option<String>,)> =
            sqlx::query_as("SELECT client_address FROM audit_events WHERE action NOT IN ('signed_in', 'sign_in_failed')")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert!(addresses.iter().all(|(a,)| a.as_deref() == Some("10.1.2.3")));
        // The command line's accounts are not an administrator's doing: nothing recorded.
        accounts::create_account(
            &db,
            NewAccount { email: "cli@tiltas.lt".into(), name: "Cli".into(), roles: vec![Role::Trainer], organisation_id: None, password: None },
        )
        .await
        .unwrap();
        assert_eq!(audit_rows(&db).await.len(), 4);
    })
    .await;
}

#[tokio::test]
async fn organisation_administrators_assign_and_follow_their_own_learners_only() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let cast = cast(&db).await;
        let course = "first-contact";
        let elsewhere = learning::assign_in_scope(&state, &cast.own.scope, &cast.own.id, &cast.other_learner, course, None).await;
        assert_eq!(AppError::from(elsewhere.unwrap_err()), AppError::NotFound);
        learning::assign_in_scope(&state, &cast.own.scope, &cast.own.id, &cast.learner, course, None).await.unwrap();
        learning::assign_in_scope(&state, &AdminScope::Platform, &cast.admin_id, &cast.other_learner, course, None).await.unwrap();

        let own = reports::assignments_page(&state, &cast.own.scope, Locale::En).await.unwrap();
        assert_eq!(own.learners.len(), 1);
        assert_eq!(own.rows.iter().map(|r| r.learner.as_str()).collect::<Vec<_>>(), vec!["Learner person"]);
        assert!(own.learners[0].1.contains("ona@policija.lt"));
        let all = reports::assignments_page(&state, &AdminScope::Platform, Locale::En).await.unwrap();
        assert_eq!((all.learners.len(), all.rows.len()), (2, 2));
    })
    .await;
}

#[tokio::test]
async fn two_administrators_taking_each_others_role_at_once_leave_one_administrator() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        for round in 0..5 {
            let first = person(&db, &format!("first-{round}@tiltas.lt"), Role::Administrator).await;
            let second = person(&db, &format!("second-{round}@tiltas.lt"), Role::Administrator).await;
            let (a, b) = (acting(&first, AdminScope::Platform), acting(&second, AdminScope::Platform));
            let (one, other) = tokio::join!(
                people_admin::change_roles(&state, &a, &second, &[Role::Trainer]),
                people_admin::deactivate(&state, &b, &first),
            );
            let refused = [one.is_err(), other.is_err()];
            assert_eq!(refused.iter().filter(|r| **r).count(), 1, "round {round}: exactly one wins ({one:?}, {other:?})");
            let refusal = if one.is_err() { one } else { other };
            assert_eq!(AppError::from(refusal.unwrap_err()), AppError::Forbidden);
            // Whoever won still administers; the loser changed nothing.
            let first_active = storage::users::find_by_id(&db, &first).await.unwrap().unwrap().deactivated_at.is_none();
            let second_admin = storage::users::roles_of(&db, &second).await.unwrap().contains(&Role::Administrator);
            assert!(first_active != second_admin, "round {round}: one of the two is left to administer");
        }
    })
    .await;
}
