//! Offline reading and answering (issue 16) through the real router, on SQLite and PostgreSQL:
//! an answer or "mark as read" queued on a device carries an id that makes sending it again
//! harmless (the same id twice is one answer, two ids are two), a malformed id is refused,
//! signing in and out tell the browser to clear what Tiltas kept on the device, the course page
//! lists the pages a device may keep (never a graded assessment), the offline page is there for
//! anyone in both languages, and the service worker is served from the site's root.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::storage::Db;
use tiltas_app::server::testing::{app_state, fixture_courses, import_fixture_courses, on_both_backends, person};
use tower::ServiceExt;

const COURSE: &str = "spotting-exploitation";
/// The course's first module: practice questions, with a content note.
const PRACTICE: &str = "what-exploitation-is";
const FIRST_ID: &str = "3f1c2a4e-8b9d-4c1e-9f2a-6d5b4c3a2b1e";
const SECOND_ID: &str = "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d";

fn practice_questions() -> Vec<String> {
    let course = fixture_courses().courses.into_iter().find(|c| c.slug == COURSE).unwrap();
    let module = course.modules_in("en").iter().find(|m| m.id == PRACTICE).unwrap().clone();
    module.questions().map(|q| q.id.clone()).collect()
}

async fn count(db: &Db, sql: &str, bind: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).bind(bind).fetch_one(db.pool()).await.unwrap();
    n
}

/// Answers to `question` in all of the learner's attempts.
async fn answers_to(db: &Db, question: &str) -> i64 {
    count(db, "SELECT COUNT(*) FROM quiz_answers WHERE question_id = $1", question).await
}

async fn receipts(db: &Db, kind: &str) -> i64 {
    count(db, "SELECT COUNT(*) FROM submission_receipts WHERE kind = $1", kind).await
}

async fn answer(learner: &mut Browser, question: &str, submission: Option<&str>) -> StatusCode {
    let page = format!("/courses/{COURSE}/modules/{PRACTICE}?note=read");
    let mut fields = vec![("slug", COURSE), ("module_id", PRACTICE), ("question_id", question), ("selected[]", "1")];
    if let Some(id) = submission {
        fields.push(("submission_id", id));
    }
    learner.post_form("/api/answer_question", &page, &fields).await.status
}

async fn enrolled_learner(db: &Db) -> Browser {
    import_fixture_courses(db).await;
    person(db, "ona@policija.lt", Role::Learner).await;
    let mut learner = Browser::signed_in(db, "ona@policija.lt").await;
    learner.post_form("/api/enrol", "/courses", &[("slug", COURSE)]).await;
    learner
}

#[tokio::test]
async fn an_answer_sent_twice_with_one_id_counts_once_and_two_ids_count_twice() {
    on_both_backends(|db| async move {
        let mut learner = enrolled_learner(&db).await;
        let questions = practice_questions();
        let first = questions[0].as_str();

        answer(&mut learner, first, Some(FIRST_ID)).await;
        answer(&mut learner, first, Some(FIRST_ID)).await;
        assert_eq!(answers_to(&db, first).await, 1, "the repeat is the same answer");
        assert_eq!(receipts(&db, "answer").await, 1);

        // The attempt ends with its last question; a new try opens attempt 2. A late repeat of
        // the first submission must not become an answer in the new attempt.
        for question in &questions[1..] {
            answer(&mut learner, question, None).await;
        }
        let page = format!("/courses/{COURSE}/modules/{PRACTICE}?note=read");
        learner.post_form("/api/start_attempt", &page, &[("slug", COURSE), ("module_id", PRACTICE)]).await;
        answer(&mut learner, first, Some(FIRST_ID)).await;
        assert_eq!(answers_to(&db, first).await, 1, "a repeat after a new attempt is still the first answer");

        answer(&mut learner, first, Some(SECOND_ID)).await;
        assert_eq!(answers_to(&db, first).await, 2, "another id is another answer, in the new attempt");
        assert_eq!(receipts(&db, "answer").await, 2);
        let progress = learner.get(&format!("/courses/{COURSE}")).await;
        assert_eq!(progress.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_read_sent_twice_with_one_id_is_recorded_once_and_a_malformed_id_is_refused() {
    on_both_backends(|db| async move {
        let mut learner = enrolled_learner(&db).await;
        let page = format!("/courses/{COURSE}/modules/{PRACTICE}?note=read");
        let read = |id: &'static str| [("slug", COURSE), ("module_id", PRACTICE), ("submission_id", id)];

        let refused = learner.post_form("/api/mark_module_read", &page, &read("not-a-uuid")).await;
        assert_eq!(refused.status, StatusCode::FOUND, "a plain form post is answered with a redirect");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM module_reads WHERE module_id = $1", PRACTICE).await, 0, "a malformed id stores nothing");
        let question = practice_questions()[0].clone();
        answer(&mut learner, &question, Some("1234")).await;
        assert_eq!(answers_to(&db, &question).await, 0, "nor does an answer with one");

        learner.post_form("/api/mark_module_read", &page, &read(FIRST_ID)).await;
        learner.post_form("/api/mark_module_read", &page, &read(FIRST_ID)).await;
        assert_eq!(count(&db, "SELECT COUNT(*) FROM module_reads WHERE module_id = $1", PRACTICE).await, 1);
        assert_eq!(receipts(&db, "read").await, 1, "one receipt for the id sent twice");
        learner.post_form("/api/mark_module_read", &page, &read(SECOND_ID)).await;
        assert_eq!(receipts(&db, "read").await, 2, "another id is another submission");
        let module = learner.get(&page).await;
        assert!(module.body.contains("data-offline-read-pending"), "the module page carries the pending messages");
    })
    .await;
}

#[tokio::test]
async fn signing_in_and_out_clear_what_the_device_kept() {
    on_both_backends(|db| async move {
        person(&db, "ona@policija.lt", Role::Learner).await;
        let mut browser = Browser::new(&db);
        browser.get("/login").await;
        let body = format!("csrf={}&email=ona%40policija.lt&password={}", browser.form_token(), tiltas_app::server::testing::PASSWORD);
        let signed_in = post_raw(&browser, "/api/sign_in", body).await;
        assert_eq!(clear_site_data(&signed_in), Some("\"cache\", \"storage\""), "a new person starts from a clean device");
        for value in signed_in.headers().get_all(header::SET_COOKIE) {
            let (pair, _) = value.to_str().unwrap().split_once(';').unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            browser.cookies.insert(name.into(), value.into());
        }
        let page = browser.get("/").await;
        assert!(page.body.contains("/offline.js"), "pages load the offline script");
        let signed_out = post_raw(&browser, "/api/sign_out", format!("csrf={}", browser.form_token())).await;
        assert_eq!(clear_site_data(&signed_out), Some("\"cache\", \"storage\""));
        let home = browser.app.clone().oneshot(Request::get("/login").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(clear_site_data(&home), None, "other pages leave the device alone");
    })
    .await;
}

#[tokio::test]
async fn the_course_page_lists_the_pages_to_keep_but_never_a_graded_assessment() {
    on_both_backends(|db| async move {
        let mut learner = enrolled_learner(&db).await;
        let page = learner.get(&format!("/courses/{COURSE}")).await;
        let start = page.body.find("data-pages=\"").expect("the keep control is on the page") + "data-pages=\"".len();
        let pages: Vec<&str> = page.body[start..].split('"').next().unwrap().split(' ').collect();
        assert!(pages.contains(&"/courses/spotting-exploitation/modules/what-exploitation-is?note=read"));
        assert!(pages.contains(&"/courses/spotting-exploitation/modules/indicators"));
        assert!(!pages.iter().any(|p| p.contains("final-check")), "the graded assessment is not kept: {pages:?}");
        assert!(page.body.contains("id=\"offline-keep\"") && page.body.contains(" hidden"), "hidden until the script shows it");

        let assessment = learner.get(&format!("/courses/{COURSE}/modules/final-check")).await;
        assert!(assessment.body.contains("data-offline-unavailable=\"spotting-exploitation\""), "the assessment can say it needs a connection");

        // Not enrolled: no control.
        person(&db, "jonas@policija.lt", Role::Learner).await;
        let mut outsider = Browser::signed_in(&db, "jonas@policija.lt").await;
        assert!(!outsider.get(&format!("/courses/{COURSE}")).await.body.contains("data-offline-keep"));
    })
    .await;
}

#[tokio::test]
async fn the_offline_page_is_translated_and_the_worker_is_served_from_the_root() {
    on_both_backends(|db| async move {
        let mut stranger = Browser::new(&db);
        let page = stranger.get("/offline").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("This page is not kept on this device"));
        stranger.language = Some("lt");
        assert!(stranger.get("/offline").await.body.contains("Šis puslapis šiame įrenginyje neišsaugotas"));

        let site = tempfile_site();
        let app = router_for_site(&db, &site);
        let worker = app.oneshot(Request::get("/sw.js").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(worker.status(), StatusCode::OK);
        assert!(worker.headers()[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"));
        assert_eq!(worker.headers()[header::CACHE_CONTROL], "no-cache", "a new worker reaches devices at once");
        std::fs::remove_dir_all(site).unwrap();
    })
    .await;
}

/// A site folder holding the checked-in scripts, as cargo-leptos copies `public/` there.
fn tempfile_site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tiltas-site-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["sw.js", "offline.js"] {
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/").to_string() + file, dir.join(file)).unwrap();
    }
    dir
}

fn uuid_like() -> String {
    format!("{}-{:?}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}

fn router_for_site(db: &Db, site: &std::path::Path) -> axum::Router {
    tiltas_server::http::router(
        app_state(db),
        tiltas_server::http::SiteAssets::new(&site.to_string_lossy()),
        std::time::Duration::from_secs(120),
    )
}

async fn post_raw(browser: &Browser, path: &str, body: String) -> http::Response<Body> {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://tiltas.test/login")
        .header(header::COOKIE, browser.cookie_header())
        .body(Body::from(body))
        .unwrap();
    browser.app.clone().oneshot(request).await.unwrap()
}

fn clear_site_data(response: &http::Response<Body>) -> Option<&str> {
    response.headers().get("clear-site-data").map(|v| v.to_str().unwrap())
}
