//! The real router, driven request by request, on SQLite and PostgreSQL.

use axum::Router;
use axum::body::{Body, to_bytes};
use http::{Request, Response, StatusCode, header};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tiltas_app::domain::roles::Role;
use tiltas_app::page::SiteSettings;
use tiltas_app::server::accounts::{self, NewAccount};
use tiltas_app::server::context::{AppConfig, AppState};
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::on_both_backends;
use tiltas_server::http::{SiteAssets, router};
use tower::ServiceExt;

const PASSWORD: &str = "a long enough passphrase";

fn app(db: &Db) -> Router {
    app_with_registration(db, false)
}

fn app_with_registration(db: &Db, self_registration: bool) -> Router {
    let config = AppConfig {
        base_url: url::Url::parse("http://tiltas.test/").unwrap(),
        site: SiteSettings { support_contacts: vec!["Emergency: 112".into()], self_registration, ..SiteSettings::default() },
        trust_forwarded_for: false,
    };
    let state = AppState { db: db.clone(), config: Arc::new(config) };
    // Generous: on a loaded two-core CI machine, PostgreSQL creating and dropping the other tests'
    // databases can stall a request for seconds; the timeout is not what these tests examine.
    router(state, SiteAssets::new(&std::env::temp_dir().to_string_lossy()), Duration::from_secs(120))
}

/// A browser: keeps cookies between requests and sends `Accept: text/html` like a navigation.
struct Browser {
    app: Router,
    cookies: BTreeMap<String, String>,
    language: Option<&'static str>,
}

struct Page {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Browser {
    fn new(db: &Db) -> Browser {
        Browser { app: app(db), cookies: BTreeMap::new(), language: None }
    }

    async fn send(&mut self, request: http::request::Builder, body: Body) -> Page {
        let mut request = request.header(header::ACCEPT, "text/html");
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(language) = self.language {
            request = request.header(header::ACCEPT_LANGUAGE, language);
        }
        let response = self.app.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        self.keep_cookies(&response);
        let status = response.status();
        let location = response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string());
        let body = String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
        Page { status, location, body }
    }

    fn keep_cookies(&mut self, response: &Response<Body>) {
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        self.send(Request::get(path), Body::empty()).await
    }

    /// Posts a form as a browser without JavaScript would, from `referer`.
    async fn post_form(&mut self, path: &str, referer: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.cookies.get("tiltas_csrf").cloned().unwrap_or_default();
        self.post_form_with_token(path, referer, &csrf, fields).await
    }

    async fn post_form_with_token(&mut self, path: &str, referer: &str, csrf: &str, fields: &[(&str, &str)]) -> Page {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", csrf)
            .extend_pairs(fields)
            .finish();
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::REFERER, format!("http://tiltas.test{referer}"));
        self.send(request, Body::from(body)).await
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.get("/login").await;
        self.post_form("/api/sign_in", "/login", &[("email", email), ("password", password)]).await
    }
}

async fn create_person(db: &Db, email: &str, role: Role) {
    let organisation = match storage::organisations::find_by_name(db, "Vilniaus AVPK").await.unwrap() {
        Some(id) => id,
        None => storage::organisations::insert_organisation(db, "Vilniaus AVPK").await.unwrap(),
    };
    let account = NewAccount {
        email: email.into(),
        name: format!("{role:?} person"),
        roles: vec![role],
        organisation_id: Some(organisation),
        password: Some(PASSWORD.into()),
    };
    accounts::create_account(db, account).await.unwrap();
}

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
        create_person(&db, "ona@policija.lt", Role::Learner).await;
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
    })
    .await;
}

#[tokio::test]
async fn signing_in_and_out_without_javascript() {
    on_both_backends(|db| async move {
        create_person(&db, "ona@policija.lt", Role::Learner).await;
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
        let home = browser.get("/").await;
        assert!(home.body.contains("Welcome, Learner person"));
        assert!(home.body.contains("Vilniaus AVPK"));

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
async fn administrators_pages_and_functions_refuse_learners_and_strangers() {
    on_both_backends(|db| async move {
        create_person(&db, "ona@policija.lt", Role::Learner).await;
        let mut anonymous = Browser::new(&db);
        let page = anonymous.get("/admin/people").await;
        assert_eq!((page.status, page.location.as_deref()), (StatusCode::FOUND, Some("/login")));

        let mut learner = Browser::new(&db);
        learner.sign_in("ona@policija.lt", PASSWORD).await;
        for path in ["/admin/people", "/admin/organisations"] {
            let page = learner.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
            assert!(page.body.contains("You do not have access to this page"));
            assert!(!page.body.contains("ona@policija.lt</td>"), "no data leaks into the 403 page");
        }

        // Called as an API (no text/html), the server functions answer with the status itself.
        let csrf = learner.cookies["tiltas_csrf"].clone();
        let cookie = learner.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        for (function, body) in [("/api/people_overview", format!("csrf={csrf}")), ("/api/create_organisation", format!("csrf={csrf}&name=X"))] {
            let request = Request::post(function)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &cookie)
                .body(Body::from(body))
                .unwrap();
            let response = learner.app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{function}");
        }
        assert!(storage::organisations::find_by_name(&db, "X").await.unwrap().is_none());

        let anonymous_csrf = anonymous.cookies["tiltas_csrf"].clone();
        let request = Request::post("/api/people_overview")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("tiltas_csrf={anonymous_csrf}"))
            .body(Body::from(format!("csrf={anonymous_csrf}")))
            .unwrap();
        let response = anonymous.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn an_administrator_creates_an_organisation_and_invites_a_learner() {
    on_both_backends(|db| async move {
        create_person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let mut admin = Browser::new(&db);
        admin.sign_in("admin@tiltas.lt", PASSWORD).await;

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
        create_person(&db, "ona@policija.lt", Role::Learner).await;
        let mut browser = Browser::new(&db);
        browser.sign_in("ona@policija.lt", PASSWORD).await;
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

        let mut open = Browser { app: app_with_registration(&db, true), cookies: BTreeMap::new(), language: None };
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

async fn import_shipped_courses(db: &Db) {
    let set = tiltas_course::fs::load_courses_root(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../courses"));
    tiltas_app::server::course_import::import_courses(db, &set, |_| {}).await.unwrap();
}

/// A multipart upload as a browser sends the course zip form.
fn multipart_upload(csrf: &str, slug: &str, zip: &[u8]) -> (String, Vec<u8>) {
    let boundary = "tiltas-test-boundary";
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf), ("slug", slug)] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"zip\"; filename=\"c.zip\"\r\nContent-Type: application/zip\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(zip);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_course_editor_is_for_trainers_only() {
    on_both_backends(|db| async move {
        import_shipped_courses(&db).await;
        create_person(&db, "ona@policija.lt", Role::Learner).await;
        let editor_pages = [
            "/author",
            "/author/courses/recognising-trafficking",
            "/author/courses/recognising-trafficking/files/02-indicators.en.md",
        ];
        let mut anonymous = Browser::new(&db);
        for path in editor_pages.iter().chain(&["/author/courses/recognising-trafficking/download.zip"]) {
            let page = anonymous.get(path).await;
            assert_eq!((page.status, page.location.as_deref()), (StatusCode::FOUND, Some("/login")), "{path}");
        }
        let mut learner = Browser::new(&db);
        learner.sign_in("ona@policija.lt", PASSWORD).await;
        for path in editor_pages.iter().chain(&["/author/courses/recognising-trafficking/download.zip"]) {
            let page = learner.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
            assert!(!page.body.contains("::: question"), "no course source leaks to a learner: {path}");
        }
        let page = learner
            .post_form(
                "/api/save_course_file",
                "/author",
                &[("slug", "recognising-trafficking"), ("path", "02-indicators.en.md"), ("text", "changed"), ("then", "publish")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FOUND);
        let drafts = tiltas_app::server::storage::courses::drafts(&db, "recognising-trafficking").await.unwrap();
        assert!(drafts.is_empty(), "a learner's post changed nothing");

        let zip = tiltas_app::server::authoring::zip_course("x", &[tiltas_course::SourceFile::new("course.toml", "x")]).unwrap();
        let (content_type, body) = multipart_upload(&learner.cookies["tiltas_csrf"], "uploaded", &zip);
        let request = Request::post("/api/upload_course").header(header::CONTENT_TYPE, content_type);
        learner.send(request, Body::from(body)).await;
        assert!(tiltas_app::server::authoring::working_copy(&db, "uploaded").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn a_trainer_edits_sees_the_error_line_fixes_and_publishes_without_javascript() {
    on_both_backends(|db| async move {
        import_shipped_courses(&db).await;
        create_person(&db, "rasa@ngo.lt", Role::Trainer).await;
        let mut trainer = Browser::new(&db);
        trainer.sign_in("rasa@ngo.lt", PASSWORD).await;
        let editor = "/author/courses/recognising-trafficking/files/01-what-is-trafficking.en.md";
        let page = trainer.get(editor).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<leptos-island"), "the live editor is an island");
        assert!(page.body.contains(".wasm"), "the editor page loads the WebAssembly");
        let home = trainer.get("/").await;
        assert!(!home.body.contains(".wasm"), "pages without islands load no WebAssembly");

        let original = {
            let working = tiltas_app::server::authoring::working_copy(&db, "recognising-trafficking").await.unwrap().unwrap();
            String::from_utf8(working.file("01-what-is-trafficking.en.md").unwrap().contents.clone()).unwrap()
        };
        // An unknown front-matter key on line 3.
        let broken = original.replacen("+++\n", "+++\nestimated_mintues = 5\n", 1);
        let fields = |text: &str, then: &str| {
            vec![
                ("slug", "recognising-trafficking".to_string()),
                ("path", "01-what-is-trafficking.en.md".to_string()),
                ("text", text.to_string()),
                ("then", then.to_string()),
            ]
        };
        let broken_fields = fields(&broken, "publish");
        let borrowed: Vec<(&str, &str)> = broken_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = trainer.post_form("/api/save_course_file", editor, &borrowed).await;
        assert_eq!((page.status, page.location.as_deref()), (StatusCode::FOUND, Some(format!("http://tiltas.test{editor}").as_str())));
        let page = trainer.get(editor).await;
        assert!(page.body.contains("Nothing was published."), "the refusal is shown");
        assert!(page.body.contains("data-line=\"2\""), "the unknown key is reported on its line");
        assert!(page.body.contains("estimated_mintues"), "the saved draft is shown, nothing lost");
        assert_eq!(tiltas_app::server::storage::courses::list_versions(&db, "recognising-trafficking").await.unwrap().len(), 1);

        let fixed = original.replacen("You do not have to prove a crime on the spot.", "You never have to prove a crime on the spot.", 1);
        assert!(fixed != original, "the shipped module no longer has the sentence this test edits");
        let fixed_fields = fields(&fixed, "publish");
        let borrowed: Vec<(&str, &str)> = fixed_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        trainer.post_form("/api/save_course_file", editor, &borrowed).await;
        let page = trainer.get(editor).await;
        assert!(page.body.contains("Published. Learners now get version"), "{}", page.status);
        let latest = tiltas_app::server::storage::courses::latest_version(&db, "recognising-trafficking").await.unwrap().unwrap();
        assert_eq!((latest.version_number, latest.origin.as_str()), (2, "editor"));

        let cookie = trainer.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let request = Request::get("/author/courses/recognising-trafficking/download.zip").header(header::COOKIE, cookie);
        let response = trainer.app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/zip");
        let zipped = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let files = tiltas_app::server::authoring::unzip_course(&zipped).unwrap();
        let module = files.iter().find(|f| f.path == "01-what-is-trafficking.en.md").unwrap();
        assert!(String::from_utf8_lossy(&module.contents).contains("You never have to prove"), "the zip holds the published edit");

        // Removing a course from the folder retires it: marked in the editor, gone from the catalogue.
        let mut set = tiltas_course::fs::load_courses_root(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../courses"));
        set.courses.retain(|c| c.slug != "legal-obligations");
        tiltas_app::server::course_import::import_courses(&db, &set, |_| {}).await.unwrap();
        let list = trainer.get("/author").await;
        assert!(list.body.contains("Retired: removed from the course folder"));
        let catalogue = trainer.get("/courses").await;
        assert!(!catalogue.body.contains("href=\"/courses/legal-obligations\""));
        assert!(catalogue.body.contains("href=\"/courses/recognising-trafficking\""));
    })
    .await;
}

/// Feedback texts of the shipped course's first module, which must never reach a learner's
/// browser before they answer.
fn first_module_feedback() -> Vec<String> {
    let set = tiltas_course::fs::load_courses_root(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../courses"));
    let course = set.courses.iter().find(|c| c.slug == "recognising-trafficking").unwrap();
    let module = &course.modules_in("en")[0];
    let mut texts: Vec<String> = module
        .questions()
        .flat_map(|q| q.options.iter().filter_map(|o| o.feedback.as_ref().map(|f| f.html.clone())).chain(q.explanation.iter().map(|e| e.html.clone())))
        .collect();
    texts.retain(|t| t.len() > 40);
    assert!(!texts.is_empty());
    texts
}

#[tokio::test]
async fn learners_see_no_answers_before_answering_and_nothing_of_courses_they_are_not_in() {
    on_both_backends(|db| async move {
        import_shipped_courses(&db).await;
        create_person(&db, "ona@policija.lt", Role::Learner).await;
        create_person(&db, "jonas@policija.lt", Role::Learner).await;
        let module_page = "/courses/recognising-trafficking/modules/what-is-trafficking?note=read";
        let secrets = first_module_feedback();

        let mut outsider = Browser::new(&db);
        outsider.sign_in("jonas@policija.lt", PASSWORD).await;
        let page = outsider.get(module_page).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "not enrolled: no module text");
        assert!(page.body.contains("You are not enrolled in this course."), "and the page says why");
        let page = outsider
            .post_form(
                "/api/answer_question",
                module_page,
                &[("slug", "recognising-trafficking"), ("module_id", "what-is-trafficking"), ("question_id", "x"), ("selected[]", "0")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FOUND);

        let mut learner = Browser::new(&db);
        learner.sign_in("ona@policija.lt", PASSWORD).await;
        learner.post_form("/api/enrol", "/courses", &[("slug", "recognising-trafficking")]).await;
        let page = learner.get(module_page).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"selected[]\""), "the questions are there to answer");
        for secret in &secrets {
            assert!(!page.body.contains(secret.as_str()), "feedback or explanation before answering: {secret}");
        }
        assert!(!page.body.contains("badge-correct") && !page.body.contains(".wasm"));

        // The page's data as a script would fetch it: no answer key either.
        let cookie = learner.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let csrf = learner.cookies["tiltas_csrf"].clone();
        let request = Request::post("/api/module_page")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::from(format!("csrf={csrf}&slug=recognising-trafficking&module_id=what-is-trafficking")))
            .unwrap();
        let response = learner.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let json = String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
        assert!(json.contains("options_html") && !json.contains("\"correct\":true") && !json.contains("feedback_html\":\"<"));

        // Answering shows that question's feedback, and only on this learner's page.
        let set = tiltas_course::fs::load_courses_root(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../courses"));
        let question = set.courses.iter().find(|c| c.slug == "recognising-trafficking").unwrap().modules_in("en")[0]
            .questions()
            .next()
            .unwrap()
            .clone();
        let page = learner
            .post_form(
                "/api/answer_question",
                module_page,
                &[("slug", "recognising-trafficking"), ("module_id", "what-is-trafficking"), ("question_id", &question.id), ("selected[]", "0")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FOUND);
        let answered = learner.get(module_page).await;
        let shown = question.explanation.as_ref().unwrap().html.clone();
        assert!(answered.body.contains(&shown), "the explanation appears after answering");

        outsider.post_form("/api/enrol", "/courses", &[("slug", "recognising-trafficking")]).await;
        let other = outsider.get(module_page).await;
        assert_eq!(other.status, StatusCode::OK);
        assert!(!other.body.contains(&shown), "another learner's answers stay theirs");
    })
    .await;
}

#[tokio::test]
async fn course_images_are_served_to_enrolled_learners_and_to_trainers() {
    use tiltas_app::server::authoring;
    on_both_backends(|db| async move {
        import_shipped_courses(&db).await;
        create_person(&db, "rasa@ngo.lt", Role::Trainer).await;
        create_person(&db, "ona@policija.lt", Role::Learner).await;
        create_person(&db, "jonas@policija.lt", Role::Learner).await;
        let trainer_id = storage::users::find_by_email(&db, "rasa@ngo.lt").await.unwrap().unwrap().id;
        authoring::create_course(&db, "with-map", "With a map", &trainer_id).await.unwrap();
        let module = authoring::working_copy(&db, "with-map").await.unwrap().unwrap();
        let text = String::from_utf8(module.file("01-introduction.en.md").unwrap().contents.clone()).unwrap();
        let text = text.replace("Write the module here.", "![A referral map](images/map.png)");
        authoring::save_file(&db, "with-map", "01-introduction.en.md", &text, &trainer_id).await.unwrap();
        let png: &[u8] = b"\x89PNG\r\n\x1a\nnot really";
        let mut files = authoring::working_copy(&db, "with-map").await.unwrap().unwrap().files;
        files.push(tiltas_course::SourceFile::new("images/map.png", png));
        authoring::upload_zip(&db, "with-map", &authoring::zip_course("with-map", &files).unwrap(), &trainer_id).await.unwrap();
        authoring::publish(&db, "with-map", &trainer_id).await.unwrap();

        let get_bytes = |browser: &Browser, path: &str| {
            let cookie = browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            let request = Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
            let app = browser.app.clone();
            async move { app.oneshot(request).await.unwrap() }
        };
        let mut learner = Browser::new(&db);
        learner.sign_in("ona@policija.lt", PASSWORD).await;
        learner.post_form("/api/enrol", "/courses", &[("slug", "with-map")]).await;
        let page = learner.get("/courses/with-map/modules/introduction").await;
        assert!(page.body.contains("src=\"images/map.png\""), "the image stays relative to the module page");
        let image = get_bytes(&learner, "/courses/with-map/modules/images/map.png").await;
        assert_eq!(image.status(), StatusCode::OK);
        assert_eq!(image.headers()[header::CONTENT_TYPE], "image/png");
        assert!(image.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("sandbox"));
        assert_eq!(&to_bytes(image.into_body(), usize::MAX).await.unwrap()[..], png);

        let mut outsider = Browser::new(&db);
        outsider.sign_in("jonas@policija.lt", PASSWORD).await;
        assert_eq!(get_bytes(&outsider, "/courses/with-map/modules/images/map.png").await.status(), StatusCode::NOT_FOUND);

        let mut trainer = Browser::new(&db);
        trainer.sign_in("rasa@ngo.lt", PASSWORD).await;
        let preview = get_bytes(&trainer, "/author/courses/with-map/files/images/map.png").await;
        assert_eq!(preview.status(), StatusCode::OK);
        assert_eq!(get_bytes(&learner, "/author/courses/with-map/files/images/map.png").await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn an_assigned_course_shows_its_due_date_and_results_name_learners_only_to_administrators() {
    on_both_backends(|db| async move {
        import_shipped_courses(&db).await;
        create_person(&db, "ona@policija.lt", Role::Learner).await;
        create_person(&db, "admin@tiltas.lt", Role::Administrator).await;
        create_person(&db, "rasa@ngo.lt", Role::Trainer).await;
        let learner_id = storage::users::find_by_email(&db, "ona@policija.lt").await.unwrap().unwrap().id;

        let mut admin = Browser::new(&db);
        admin.sign_in("admin@tiltas.lt", PASSWORD).await;
        let assign = |due: &'static str| {
            vec![("learner_id", learner_id.clone()), ("course_slug", "survivor-centred-assistance".to_string()), ("due_date", due.to_string())]
        };
        let fields = assign("31.03.2027");
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        admin.post_form("/api/assign_course", "/admin/assignments", &borrowed).await;
        let page = admin.get("/admin/assignments").await;
        assert!(page.body.contains("Enter the due date as a date, e.g. 2027-03-31."), "a clear message for a bad date");
        assert!(page.body.contains("31.03.2027"), "the typed date is kept");

        let fields = assign("2027-03-31");
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        admin.post_form("/api/assign_course", "/admin/assignments", &borrowed).await;
        let page = admin.get("/admin/assignments").await;
        assert!(page.body.contains("Course assigned."));

        let mut learner = Browser::new(&db);
        learner.sign_in("ona@policija.lt", PASSWORD).await;
        let home = learner.get("/").await;
        assert!(home.body.contains("Survivor-centred and trauma-informed assistance"), "the assigned course is on the dashboard");
        assert!(home.body.contains("2027-03-31"), "with its due date");

        let mut trainer = Browser::new(&db);
        trainer.sign_in("rasa@ngo.lt", PASSWORD).await;
        let results = trainer.get("/author/courses/survivor-centred-assistance/results").await;
        assert_eq!(results.status, StatusCode::OK);
        assert!(results.body.contains("0 of 1 enrolled learners completed"));
        assert!(!results.body.contains("Learner person"), "a trainer sees no learner names");
        assert_eq!(learner.get("/author/courses/survivor-centred-assistance/results").await.status, StatusCode::FORBIDDEN);

        let lead = NewAccount {
            email: "lead@tiltas.lt".into(),
            name: "Lead trainer".into(),
            roles: vec![Role::Trainer, Role::Administrator],
            organisation_id: None,
            password: Some(PASSWORD.into()),
        };
        accounts::create_account(&db, lead).await.unwrap();
        let mut lead = Browser::new(&db);
        lead.sign_in("lead@tiltas.lt", PASSWORD).await;
        let results = lead.get("/author/courses/survivor-centred-assistance/results").await;
        assert!(results.body.contains("Learner person"), "an administrator who trains sees names");
    })
    .await;
}
