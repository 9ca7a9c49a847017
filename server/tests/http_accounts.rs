//! Accounts and the site's basics through the real router, on SQLite and PostgreSQL: health,
//! security headers and languages, unknown pages, the anti-forgery token, signing in and out,
//! administrators' pages, invitations, the remembered language and self-registration.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use support::{Browser, app, app_with_registration};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::storage;
use tiltas_app::server::testing::{ORGANISATION, PASSWORD, on_both_backends, person};
use tower::ServiceExt;

#[tokio::test]
async fn health_reflects_the_database() {
    on_both_backends(|db| async move {
        let app = app(&db);
        let ok = app.clone().oneshot(Request::get("/healthz").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        db.close().await;
        let down = app.oneshot(Request::get("/healthz").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
    })
    .await;
}

/// While the database cannot be reached, a signed-in person gets 503 and keeps their session
/// cookie: answering as if signed out would clear it and sign everyone out for good.
#[tokio::test]
async fn a_database_outage_answers_503_and_signs_nobody_out() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let ona = Browser::signed_in(&db, "ona@policija.lt").await;
        assert_eq!(ona.fetch("/").await.status(), StatusCode::OK);
        db.close().await;
        let down = ona.fetch("/").await;
        assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(down.headers()[header::RETRY_AFTER], "5");
        let cleared: Vec<_> = down.headers().get_all(header::SET_COOKIE).iter().filter_map(|c| c.to_str().ok()).filter(|c| c.contains("session")).collect();
        assert!(cleared.is_empty(), "the session cookie is kept: {cleared:?}");
        let text = String::from_utf8(support::body_bytes(down).await).unwrap();
        assert!(text.contains("You are still signed in"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn pages_carry_security_headers_and_follow_accept_language() {
    on_both_backends(|db| async move {
        let mut browser = Browser::new(&db);
        browser.language = Some("lt-LT,lt;q=0.9,en;q=0.5");
        let request = Request::get("/login").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
        let response = browser.app.clone().oneshot(request).await.unwrap();
        let headers = response.headers();
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"));
        let page = browser.get("/login").await;
        assert!(page.body.contains(r#"<html lang="lt""#), "{}", page.body);
        assert!(page.body.contains("Prisijunkite prie Tiltas"));
        assert!(page.body.contains("id=\"quick-exit\""));
    })
    .await;
}

#[tokio::test]
async fn unknown_pages_are_404_without_internals() {
    on_both_backends(|db| async move {
        let page = Browser::new(&db).get("/no/such/page").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.body.contains("Page not found"));
    })
    .await;
}

#[tokio::test]
async fn forms_without_the_anti_forgery_token_are_refused() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let mut browser = Browser::new(&db);
        browser.get("/login").await;
        let forged = browser
            .post_form_with_token("/api/sign_in", "/login", "forged-token", &[("email", "ona@policija.lt"), ("password", PASSWORD)])
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(!browser.cookies.contains_key("tiltas_session"));

        let mut cookieless = Browser::new(&db);
        let no_cookie = cookieless
            .post_form_with_token("/api/sign_in", "/login", "anything", &[("email", "ona@policija.lt"), ("password", PASSWORD)])
            .await;
        assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);

        // An empty cookie and an empty field are not a token.
        let mut empty = Browser::new(&db);
        empty.cookies.insert("tiltas_csrf".into(), String::new());
        let emptied = empty.post_form_with_token("/api/sign_in", "/login", "", &[("email", "ona@policija.lt"), ("password", PASSWORD)]).await;
        assert_eq!(emptied.status, StatusCode::FORBIDDEN);

        // A post from a sibling subdomain, with the right token, is still refused.
        let token = browser.form_token();
        let body = format!("csrf={token}&email=ona%40policija.lt&password={}", PASSWORD.replace(' ', "+"));
        for (name, value) in [("sec-fetch-site", "same-site"), ("origin", "http://evil.tiltas.test")] {
            let request = Request::post("/api/sign_in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(name, value)
                .header(header::COOKIE, browser.cookie_header());
            assert_eq!(browser.send(request, Body::from(body.clone())).await.status, StatusCode::FORBIDDEN, "{name}: {value}");
        }

        // Signed in, the token follows from the session: the browser cookie's token (which another
        // site could have planted) no longer passes.
        browser.sign_in("ona@policija.lt", PASSWORD).await;
        let planted = browser.cookies["tiltas_csrf"].clone();
        let refused = browser.post_form_with_token("/api/sign_out", "/", &planted, &[]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(browser.get("/profile").await.status == StatusCode::OK, "still signed in");
    })
    .await;
}

#[tokio::test]
async fn signing_in_and_out_without_javascript() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let mut browser = Browser::new(&db);

        let failed = browser.sign_in("ona@policija.lt", "wrong password here").await;
        assert_eq!(failed.status, StatusCode::FOUND);
        assert_eq!(failed.location.as_deref().map(|l| l.starts_with("http://tiltas.test/login")), Some(true));
        let shown = browser.get("/login").await;
        assert!(shown.body.contains("The email address or password is not correct."));
        assert!(shown.body.contains(r#"value="ona@policija.lt""#), "the typed email is kept");
        let shown_once = browser.get("/login").await;
        assert!(!shown_once.body.contains("The email address or password is not correct."));

        let signed_in = browser.sign_in("ona@policija.lt", PASSWORD).await;
        assert_eq!(signed_in.location.as_deref(), Some("/"));
        let session_cookie = browser.cookies["tiltas_session"].clone();
        // Nothing a signed-in person sees is kept by the browser or a proxy.
        let profile = browser.fetch("/profile").await;
        assert_eq!(profile.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"));
        let home = browser.get("/").await;
        assert!(home.body.contains("Welcome, Learner person"));
        assert!(home.body.contains(ORGANISATION));

        let signed_out = browser.post_form("/api/sign_out", "/", &[]).await;
        assert_eq!(signed_out.location.as_deref(), Some("/login"));
        assert!(!browser.cookies.contains_key("tiltas_session"));
        // The old cookie, replayed, no longer signs anyone in: the session ended on the server.
        browser.cookies.insert("tiltas_session".into(), session_cookie);
        let replayed = browser.get("/profile").await;
        assert_eq!(replayed.status, StatusCode::FOUND);
        assert_eq!(replayed.location.as_deref(), Some("/login"));
    })
    .await;
}

#[tokio::test]
async fn on_a_shared_computer_the_session_cookie_ends_with_the_browser() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let mut browser = Browser::new(&db);
        assert!(browser.get("/login").await.body.contains("This is a shared computer"));
        let request = Request::post("/api/sign_in").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let csrf = browser.form_token();
        let body = format!("csrf={csrf}&email=ona%40policija.lt&password={}&shared_computer=yes", PASSWORD.replace(' ', "+"));
        let response = browser.app.clone().oneshot(request.header(header::COOKIE, browser.cookie_header()).body(Body::from(body)).unwrap()).await.unwrap();
        let cookie = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("tiltas_session="))
            .expect("a session cookie");
        assert!(!cookie.contains("Max-Age") && !cookie.contains("Expires"), "a browser-session cookie: {cookie}");
    })
    .await;
}

#[tokio::test]
async fn administrators_pages_and_functions_refuse_learners_and_strangers() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let mut anonymous = Browser::new(&db);
        let page = anonymous.get("/admin/people").await;
        assert_eq!((page.status, page.location.as_deref()), (StatusCode::FOUND, Some("/login")));

        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        for path in ["/admin/people", "/admin/organisations", "/admin/certificates"] {
            let page = learner.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
            assert!(page.body.contains("You do not have access to this page"));
            assert!(!page.body.contains("ona@policija.lt</td>"), "no data leaks into the 403 page");
        }

        // Called as an API (no text/html), the server functions answer with the status itself.
        for (function, fields) in [
            ("/api/people_overview", ""),
            ("/api/create_organisation", "name=X"),
            ("/api/admin_certificates", ""),
            ("/api/approve_certificates", "enrolment_ids[]=x"),
            ("/api/issue_certificate", "learner_id=x&course_slug=y&note=z"),
            ("/api/revoke_certificate", "id=x&reason=y"),
            ("/api/grant_attempt", "slug=x&learner_id=y&item_id=z&reason=r"),
        ] {
            let response = learner.call_function(function, fields).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{function}");
        }
        // Learner functions need an enrolment in the course they name.
        let response = learner.call_function("/api/start_attempt", "slug=x&module_id=y").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(storage::organisations::find_by_name(&db, "X").await.unwrap().is_none());

        assert!(anonymous.cookies.contains_key("tiltas_csrf") && !anonymous.cookies.contains_key("tiltas_session"));
        for (function, fields) in [
            ("/api/people_overview", ""),
            ("/api/my_certificates", ""),
            ("/api/certificate_page", "id=x"),
            ("/api/start_attempt", "slug=x&module_id=y"),
            ("/api/grant_attempt", "slug=x&learner_id=y&item_id=z&reason=r"),
            ("/api/take_course_again", "slug=x"),
        ] {
            let response = anonymous.call_function(function, fields).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{function}");
        }
        // A certificate's files need signing in (a browser is sent to the sign-in page).
        for path in ["/certificates/x/pdf/en", "/certificates/x/credential"] {
            assert_eq!(anonymous.fetch(path).await.headers().get(http::header::LOCATION).map(|l| l.to_str().unwrap()), Some("/login"), "{path}");
        }
        // The verification page is public: an unknown certificate is simply not found.
        assert_eq!(anonymous.call_function("/api/verification_page", "id=x").await.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn an_administrator_creates_an_organisation_and_invites_a_learner() {
    on_both_backends(|db| async move {
        person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let mut admin = Browser::signed_in(&db, "admin@tiltas.lt").await;

        admin.get("/admin/organisations").await;
        admin.post_form("/api/create_organisation", "/admin/organisations", &[("name", "Kauno socialinės paslaugos")]).await;
        let listed = admin.get("/admin/organisations").await;
        assert!(listed.body.contains("Organisation added."));
        assert!(listed.body.contains("<td>Kauno socialinės paslaugos</td>"));
        admin.post_form("/api/create_organisation", "/admin/organisations", &[("name", "Kauno socialinės paslaugos")]).await;
        let duplicate = admin.get("/admin/organisations").await;
        assert!(duplicate.body.contains("An organisation with this name already exists."));

        let organisation = storage::organisations::find_by_name(&db, "Kauno socialinės paslaugos").await.unwrap().unwrap();
        let bad = admin
            .post_form(
                "/api/create_person",
                "/admin/people",
                &[("name", "Rūta"), ("email", "not-an-email"), ("organisation_id", &organisation), ("role_learner", "on")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::FOUND);
        let shown = admin.get("/admin/people").await;
        assert!(shown.body.contains("Enter an email address like name@example.lt."));
        assert!(shown.body.contains(r#"value="Rūta""#), "the typed name is kept");

        admin
            .post_form(
                "/api/create_person",
                "/admin/people",
                &[("name", "Rūta"), ("email", "ruta@kaunas.lt"), ("organisation_id", &organisation), ("role_learner", "on")],
            )
            .await;
        let created = admin.get("/admin/people").await;
        assert!(created.body.contains("Account created."));
        let link_start = created.body.find("http://tiltas.test/invite/").expect("the one-time link is shown");
        let link: String = created.body[link_start..].chars().take_while(|c| *c != '<').collect();

        let mut learner = Browser::new(&db);
        let invite_path = link.trim_start_matches("http://tiltas.test");
        let form = learner.get(invite_path).await;
        assert!(form.body.contains("ruta@kaunas.lt"));
        let token = invite_path.trim_start_matches("/invite/");
        let accepted = learner
            .post_form("/api/accept_invite", invite_path, &[("token", token), ("password", PASSWORD), ("password_confirmation", PASSWORD)])
            .await;
        assert_eq!(accepted.location.as_deref(), Some("/"));
        let home = learner.get("/").await;
        assert!(home.body.contains("Welcome, Rūta"));
        assert!(home.body.contains("Kauno socialinės paslaugos"));
    })
    .await;
}

#[tokio::test]
async fn the_language_choice_is_remembered_for_the_person() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let mut browser = Browser::signed_in(&db, "ona@policija.lt").await;
        browser.get("/").await;
        browser.post_form("/api/set_language", "/", &[("language", "lt")]).await;
        assert!(browser.get("/").await.body.contains(r#"<html lang="lt""#));

        // A new device, with an English browser: the saved preference wins.
        let mut other_device = Browser::new(&db);
        other_device.language = Some("en");
        other_device.sign_in("ona@policija.lt", PASSWORD).await;
        let home = other_device.get("/").await;
        assert!(home.body.contains(r#"<html lang="lt""#));
        assert!(home.body.contains("Sveiki, Learner person"));
    })
    .await;
}

#[tokio::test]
async fn self_registration_is_off_unless_the_deployment_switches_it_on() {
    on_both_backends(|db| async move {
        let organisation = storage::organisations::insert_organisation(&db, "Alytaus socialinės paslaugos").await.unwrap();
        let fields = [
            ("name", "Eglė"),
            ("email", "egle@alytus.lt"),
            ("organisation_id", organisation.as_str()),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
        ];

        let mut closed = Browser::new(&db);
        assert!(closed.get("/register").await.body.contains("Ask them for an invitation."));
        closed.post_form("/api/register", "/register", &fields).await;
        assert!(storage::users::find_by_email(&db, "egle@alytus.lt").await.unwrap().is_none());

        let mut open = Browser::on(app_with_registration(&db, true));
        let form = open.get("/register").await;
        assert!(form.body.contains("Alytaus socialinės paslaugos"));
        let mismatch = [("password_confirmation", "something else entirely"), ("name", "Eglė"), ("email", "egle@alytus.lt"),
            ("organisation_id", organisation.as_str()), ("password", PASSWORD)];
        open.post_form("/api/register", "/register", &mismatch).await;
        let shown = open.get("/register").await;
        assert!(shown.body.contains("The two passwords do not match."));
        assert!(shown.body.contains(r#"value="egle@alytus.lt""#));

        let registered = open.post_form("/api/register", "/register", &fields).await;
        assert_eq!(registered.location.as_deref(), Some("/"));
        let home = open.get("/").await;
        assert!(home.body.contains("Welcome, Eglė"));
        assert!(home.body.contains("Learner"));
    })
    .await;
}
