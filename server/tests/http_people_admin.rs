//! Administrators managing people through the real router, as browsers without JavaScript, on
//! SQLite and PostgreSQL: the list's filters and pages in the URL, organisation administrators
//! held to their organisation on every page and form, a person's page and its forms, and a
//! deactivated person signed out at once and told why at sign-in.

mod support;

use http::StatusCode;
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{ORGANISATION, PASSWORD, on_both_backends, organisation_named, person, person_in};

const OTHER: &str = "Kauno AVPK";

/// Everyone the tests need; returns the learners' ids (own organisation, other organisation).
async fn cast(db: &Db) -> (String, String) {
    person(db, "admin@tiltas.lt", Role::Administrator).await;
    person(db, "org-admin@policija.lt", Role::OrganisationAdministrator).await;
    person_in(db, OTHER, "org-admin@kaunas.lt", &[Role::OrganisationAdministrator]).await;
    let own = person(db, "ona@policija.lt", Role::Learner).await;
    let other = person_in(db, OTHER, "jonas@kaunas.lt", &[Role::Learner]).await;
    (own, other)
}

#[tokio::test]
async fn an_organisation_administrator_sees_and_reaches_only_their_organisations_people() {
    on_both_backends(|db| async move {
        let (own, other) = cast(&db).await;
        let mut browser = Browser::signed_in(&db, "org-admin@policija.lt").await;

        let home = browser.get("/").await;
        assert!(home.body.contains(&format!("As an administrator of {ORGANISATION}")), "{}", home.body);
        assert!(home.body.contains(r#"href="/admin/people""#) && home.body.contains(r#"href="/admin/assignments""#));
        assert!(!home.body.contains(r#"href="/admin/certificates""#), "certificates stay the platform's");

        let list = browser.get("/admin/people").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("ona@policija.lt"));
        assert!(!list.body.contains("jonas@kaunas.lt"), "another organisation's learner");
        assert!(!list.body.contains("admin@tiltas.lt"), "a platform administrator, even of this organisation");
        assert!(!list.body.contains(r#"name="role_administrator""#), "the administrator role is not offered");
        assert!(!list.body.contains(r#"id="people-organisation""#), "no organisation filter");
        // Asking for another organisation in the URL changes nothing.
        let other_org = organisation_named(&db, OTHER).await;
        let widened = browser.get(&format!("/admin/people?organisation={other_org}")).await;
        assert!(widened.body.contains("ona@policija.lt") && !widened.body.contains("jonas@kaunas.lt"));

        assert_eq!(browser.get(&format!("/admin/people/{own}")).await.status, StatusCode::OK);
        let hidden = browser.get(&format!("/admin/people/{other}")).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        assert!(!hidden.body.contains("jonas@kaunas.lt"));

        // Forms about someone elsewhere are refused as if the person did not exist, and change nothing.
        for (function, fields) in [
            ("/api/person_overview", format!("user_id={other}")),
            ("/api/update_person", format!("user_id={other}&name=Renamed&email=jonas%40kaunas.lt")),
            ("/api/change_roles", format!("user_id={other}&role_trainer=on")),
            ("/api/deactivate_person", format!("user_id={other}")),
            ("/api/renew_invite", format!("user_id={other}")),
            ("/api/assign_course", format!("learner_id={other}&course_slug=first-contact&due_date=")),
        ] {
            assert_eq!(browser.call_function(function, &fields).await.status(), StatusCode::NOT_FOUND, "{function}");
        }
        let jonas = storage::users::find_by_id(&db, &other).await.unwrap().unwrap();
        assert_eq!((jonas.name.as_str(), jonas.deactivated_at), ("Learner person", None));
        assert_eq!(storage::users::roles_of(&db, &other).await.unwrap(), vec![Role::Learner]);

        // A new person joins this organisation, whatever organisation the post names.
        browser
            .post_form(
                "/api/create_person",
                "/admin/people",
                &[("name", "Rūta"), ("email", "ruta@policija.lt"), ("organisation_id", &other_org), ("role_learner", "on")],
            )
            .await;
        let created = browser.get("/admin/people").await;
        assert!(created.body.contains("Account created."), "{}", created.body);
        let ruta = storage::users::find_by_email(&db, "ruta@policija.lt").await.unwrap().unwrap();
        assert_eq!(ruta.organisation_id, Some(organisation_named(&db, ORGANISATION).await));
        // The administrator role is refused beside the roles, with what was typed kept.
        browser
            .post_form(
                "/api/create_person",
                "/admin/people",
                &[("name", "Boss"), ("email", "boss@policija.lt"), ("role_administrator", "on")],
            )
            .await;
        let refused = browser.get("/admin/people").await;
        assert!(refused.body.contains("Only a platform administrator can give or remove the administrator role."));
        assert!(refused.body.contains(r#"value="boss@policija.lt""#));
        assert!(storage::users::find_by_email(&db, "boss@policija.lt").await.unwrap().is_none());

        // Their own organisation, to look at only.
        let organisations = browser.get("/admin/organisations").await;
        assert!(organisations.body.contains(&format!("<td>{ORGANISATION}</td>")));
        assert!(!organisations.body.contains(OTHER) && !organisations.body.contains("Add organisation"));
        let renamed = browser.call_function("/api/rename_organisation", &format!("organisation_id={other_org}&name=Mine")).await;
        assert_eq!(renamed.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn the_list_filters_and_pages_through_its_address() {
    on_both_backends(|db| async move {
        cast(&db).await;
        let organisation = organisation_named(&db, ORGANISATION).await;
        for number in 1..=60 {
            let (email, name) = (format!("learner-{number:02}@policija.lt"), format!("Learner {number:02}"));
            let user = storage::users::NewUser {
                email: &email,
                name: &name,
                organisation_id: Some(&organisation),
                roles: &[Role::Learner],
                password_hash: None,
            };
            storage::users::insert_user(&db, user).await.unwrap();
        }
        let mut admin = Browser::signed_in(&db, "admin@tiltas.lt").await;
        // 65 people: 50 on the first page, with a link to the second that keeps nothing else.
        let first = admin.get("/admin/people").await;
        assert!(first.body.contains("Showing 1–50 of 65"), "{}", first.body);
        assert!(first.body.contains(r#"href="/admin/people?page=2""#));
        assert!(!first.body.contains(r#"rel="prev""#));
        let second = admin.get("/admin/people?page=2").await;
        assert!(second.body.contains("Showing 51–65 of 65"));
        assert!(second.body.contains(r#"href="/admin/people""#) && second.body.contains(r#"rel="prev""#));

        // Filters come from the GET form's fields, and the page links keep them.
        let invited = admin.get("/admin/people?q=learner+&role=learner&status=invited").await;
        assert!(invited.body.contains("Showing 1–50 of 60"), "{}", invited.body);
        assert!(invited.body.contains(r#"href="/admin/people?q=learner&amp;role=learner&amp;status=invited&amp;page=2""#), "{}", invited.body);
        assert!(invited.body.contains(r#"<option value="invited" selected"#), "the form shows the filter");
        let one = admin.get("/admin/people?q=LEARNER-07%40").await;
        assert!(one.body.contains("Showing 1–1 of 1") && one.body.contains("learner-07@policija.lt"));
        let nobody = admin.get("/admin/people?q=nobody&status=deactivated").await;
        assert!(nobody.body.contains("Nobody matches these choices."));
        // A stale or hand-made address is read leniently, never an error.
        let odd = admin.get("/admin/people?page=abc&role=superuser&status=archived").await;
        assert_eq!(odd.status, StatusCode::OK);
        assert!(odd.body.contains("Showing 1–50 of 65"));
    })
    .await;
}

#[tokio::test]
async fn a_deactivated_person_is_signed_out_at_once_and_told_why_at_sign_in() {
    on_both_backends(|db| async move {
        let (own, _) = cast(&db).await;
        let mut ona = Browser::signed_in(&db, "ona@policija.lt").await;
        assert!(ona.get("/").await.body.contains("Welcome, Learner person"));

        let mut admin = Browser::signed_in(&db, "org-admin@policija.lt").await;
        let page = format!("/admin/people/{own}");
        let shown = admin.get(&page).await;
        assert!(shown.body.contains("Deactivate account") && shown.body.contains("Reset the password"));
        let posted = admin.post_form("/api/deactivate_person", &page, &[("user_id", &own)]).await;
        assert_eq!(posted.status, StatusCode::FOUND);
        let after = admin.get(&page).await;
        assert!(after.body.contains("The account was deactivated"), "{}", after.body);
        assert!(after.body.contains("Reactivate account") && !after.body.contains("Reset the password"));

        // Her open session is gone at once.
        let signed_out = ona.get("/profile").await;
        assert_eq!((signed_out.status, signed_out.location.as_deref()), (StatusCode::FOUND, Some("/login")));
        // The right password is told the account is deactivated; a wrong one gets the usual message.
        let mut browser = Browser::new(&db);
        browser.sign_in("ona@policija.lt", PASSWORD).await;
        assert!(!browser.cookies.contains_key("tiltas_session"));
        assert!(browser.get("/login").await.body.contains("This account has been deactivated. Ask your administrator"));
        browser.sign_in("ona@policija.lt", "a wrong password").await;
        let wrong = browser.get("/login").await;
        assert!(wrong.body.contains("The email address or password is not correct.") && !wrong.body.contains("deactivated"));

        admin.post_form("/api/reactivate_person", &page, &[("user_id", &own)]).await;
        assert!(admin.get(&page).await.body.contains("The account was reactivated."));
        browser.sign_in("ona@policija.lt", PASSWORD).await;
        assert!(browser.cookies.contains_key("tiltas_session"));
    })
    .await;
}

#[tokio::test]
async fn a_persons_page_edits_details_and_roles_and_resets_the_password() {
    on_both_backends(|db| async move {
        let (own, _) = cast(&db).await;
        let mut admin = Browser::signed_in(&db, "admin@tiltas.lt").await;
        let page = format!("/admin/people/{own}");
        let shown = admin.get(&page).await;
        assert!(shown.body.contains(r#"id="details-organisation_id""#), "a platform administrator may move the person");
        assert!(shown.body.contains("Never"), "not signed in yet: {}", shown.body);

        // A taken email is refused beside the field, keeping what was typed.
        let organisation = organisation_named(&db, ORGANISATION).await;
        let details = [("user_id", own.as_str()), ("name", "Ona Petraitienė"), ("email", "jonas@kaunas.lt"), ("organisation_id", &organisation)];
        admin.post_form("/api/update_person", &page, &details).await;
        let refused = admin.get(&page).await;
        assert!(refused.body.contains("An account with this email address already exists."));
        assert!(refused.body.contains(r#"value="Ona Petraitienė""#));
        let details = [("user_id", own.as_str()), ("name", "Ona Petraitienė"), ("email", "ona.p@policija.lt"), ("organisation_id", &organisation)];
        admin.post_form("/api/update_person", &page, &details).await;
        let saved = admin.get(&page).await;
        assert!(saved.body.contains("The details were saved.") && saved.body.contains("<h1>Ona Petraitienė</h1>"));

        admin.post_form("/api/change_roles", &page, &[("user_id", &own), ("role_learner", "on"), ("role_organisation_administrator", "on")]).await;
        assert!(admin.get(&page).await.body.contains("The roles were saved."));
        assert_eq!(storage::users::roles_of(&db, &own).await.unwrap(), vec![Role::Learner, Role::OrganisationAdministrator]);
        // Nobody removes their own administrator role.
        let me = storage::users::find_by_email(&db, "admin@tiltas.lt").await.unwrap().unwrap().id;
        let my_page = format!("/admin/people/{me}");
        admin.post_form("/api/change_roles", &my_page, &[("user_id", &me), ("role_trainer", "on")]).await;
        let mine = admin.get(&my_page).await;
        assert!(mine.body.contains("You cannot remove your own administrator role."));
        assert!(!mine.body.contains("Deactivate account"), "nobody deactivates themselves");

        // A reset shows the new one-time link once; the old password no longer signs in.
        admin.post_form("/api/renew_invite", &page, &[("user_id", &own)]).await;
        let reset = admin.get(&page).await;
        assert!(reset.body.contains("http://tiltas.test/invite/"), "{}", reset.body);
        let mut ona = Browser::new(&db);
        ona.sign_in("ona.p@policija.lt", PASSWORD).await;
        assert!(!ona.cookies.contains_key("tiltas_session"));

        let actions: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_events ORDER BY id").fetch_all(db.pool()).await.unwrap();
        let actions: Vec<&str> = actions.iter().map(|(a,)| a.as_str()).collect();
        assert_eq!(actions, vec!["person_edited", "roles_changed", "invitation_renewed"]);
    })
    .await;
}
