//! Hostile input, sent as an attacker would rather than as a form would: oversized bodies,
//! invalid UTF-8, oversized uploads, pathologically nested Markdown and values of the wrong type
//! in form fields. Each gets a 4xx answer that shows no internals, and changes nothing.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::storage;
use tiltas_app::server::testing::{import_fixture_courses, on_both_backends, person};

const COURSE: &str = "spotting-exploitation";

/// What no answer may show: traces, driver text, internal names.
fn shows_no_internals(body: &str) {
    for leak in ["panicked", "sqlx", "SQLSTATE", "stack backtrace", "src/", "called `Result::unwrap()`", "syntax error"] {
        assert!(!body.contains(leak), "the answer shows {leak:?}: {body}");
    }
}

/// Posts a raw urlencoded body with this browser's cookies and form token.
async fn post_raw(browser: &mut Browser, path: &str, fields: &[u8]) -> support::Page {
    let mut body = format!("csrf={}&", browser.form_token()).into_bytes();
    body.extend_from_slice(fields);
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, browser.cookie_header());
    browser.send(request, Body::from(body)).await
}

async fn answers_stored(db: &storage::Db) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM quiz_answers").fetch_one(db.pool()).await.unwrap();
    count
}

#[tokio::test]
async fn hostile_posts_get_a_clear_refusal_and_change_nothing() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "trainer@policija.lt", Role::Trainer).await;
        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        learner.post_form("/api/enrol", "/courses", &[("slug", COURSE)]).await;

        // A body far over the limit for forms: refused by its declared length.
        let mut stranger = Browser::new(&db);
        stranger.get("/login").await;
        let huge = format!("email=a%40b.lt&password={}", "x".repeat(2 * 1024 * 1024));
        let page = post_raw(&mut stranger, "/api/sign_in", huge.as_bytes()).await;
        assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
        shows_no_internals(&page.body);
        assert!(!stranger.cookies.contains_key("tiltas_session"));

        // Invalid UTF-8, raw and percent-encoded, in a field.
        for fields in [&b"email=\xff\xfe%40b.lt&password=x"[..], b"email=%FF%FE%40b.lt&password=x"] {
            let page = post_raw(&mut stranger, "/api/sign_in", fields).await;
            assert!(page.status.is_client_error() || page.status == StatusCode::FOUND, "{}", page.status);
            shows_no_internals(&page.body);
            assert!(!stranger.cookies.contains_key("tiltas_session"));
        }

        // Values of the wrong type or shape in a learner's fields: nothing is stored.
        let before = answers_stored(&db).await;
        let module = "indicators";
        for fields in [
            "slug=spotting-exploitation&module_id=indicators&question_id=q&selected[]=not-a-number".to_string(),
            "slug=spotting-exploitation&module_id=indicators&question_id=q&selected[]=-1".to_string(),
            "slug=spotting-exploitation&module_id=indicators&question_id=q&selected[]=99999999999999999999999".to_string(),
            format!("slug=spotting-exploitation&module_id={module}&question_id=q{}", "&selected[]=0".repeat(500)),
            "slug[]=a&slug[]=b&module_id=indicators".to_string(),
            "module_id=indicators".to_string(),
        ] {
            let page = post_raw(&mut learner, "/api/answer_question", fields.as_bytes()).await;
            assert!(page.status.is_client_error() || page.status == StatusCode::FOUND, "{fields}: {}", page.status);
            shows_no_internals(&page.body);
        }
        assert_eq!(answers_stored(&db).await, before, "no answer was stored");
        let script = learner.call_function("/api/answer_question", "slug=spotting-exploitation&module_id=indicators&question_id=q&selected[]=x").await;
        assert_eq!(script.status(), StatusCode::BAD_REQUEST, "a script gets the status itself");

        // A trainer's upload over the limit is refused by its declared length, before it is read.
        let mut trainer = Browser::signed_in(&db, "trainer@policija.lt").await;
        let request = Request::post("/api/upload_course")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
            .header(header::CONTENT_LENGTH, (64 * 1024 * 1024).to_string())
            .header(header::COOKIE, trainer.cookie_header());
        let page = trainer.send(request, Body::empty()).await;
        assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);

        // Markdown nested thousands deep: kept as a draft with a clear problem, never published.
        let deep = format!(
            "+++\nid = \"what-exploitation-is\"\ntitle = \"Deep\"\norder = 1\nestimated_minutes = 5\nobjectives = [\"o\"]\n+++\n\n{}\n\n## Sources\n\n- S\n",
            ">".repeat(20_000) + " x"
        );
        let path = "01-what-exploitation-is.en.md";
        trainer.post_form("/api/save_course_file", "/author", &[("slug", COURSE), ("path", path), ("text", &deep), ("then", "publish")]).await;
        let editor = trainer.get(&format!("/author/courses/{COURSE}/files/{path}")).await;
        assert_eq!(editor.status, StatusCode::OK);
        assert!(editor.body.contains("nested"), "the problem is shown");
        shows_no_internals(&editor.body);
        let versions: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM course_versions WHERE course_slug = $1").bind(COURSE).fetch_one(db.pool()).await.unwrap();
        assert_eq!(versions.0, 1, "not published");
    })
    .await;
}
