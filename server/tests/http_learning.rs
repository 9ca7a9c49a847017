//! Learning through the real router, on SQLite and PostgreSQL: a learner's module page holds no
//! answer key before they answer, other learners' answers stay theirs, a course not enrolled in
//! shows nothing, an assigned course carries its due date to the dashboard while its results
//! name learners only to administrators, and images from other websites are not loaded unless
//! the deployment allows them.

mod support;

use http::StatusCode;
use std::sync::Arc;
use support::{Browser, body_bytes};
use tiltas_app::domain::roles::Role;
use tiltas_app::paths::{file_editor_path, module_path};
use tiltas_app::server::testing::{
    PASSWORD, app_state, fixture_courses, import_fixture_courses, on_both_backends, person, person_with_roles,
};
use tiltas_course::{Course, Question};

const COURSE: &str = "spotting-exploitation";

/// The fixture course whose first module the tests below open.
fn course() -> Course {
    fixture_courses().courses.into_iter().find(|c| c.slug == COURSE).unwrap()
}

/// Feedback texts of the course's first module, which must never reach a learner's browser
/// before they answer.
fn first_module_feedback() -> Vec<String> {
    let course = course();
    let module = &course.modules_in("en")[0];
    let mut texts: Vec<String> = module
        .questions()
        .flat_map(|q| q.options.iter().filter_map(|o| o.feedback.as_ref().map(|f| f.html.clone())).chain(q.explanation.iter().map(|e| e.html.clone())))
        .collect();
    texts.retain(|t| t.len() > 40);
    assert!(!texts.is_empty());
    texts
}

fn first_question() -> Question {
    course().modules_in("en")[0].questions().next().unwrap().clone()
}

#[tokio::test]
async fn learners_see_no_answers_before_answering_and_nothing_of_courses_they_are_not_in() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "jonas@policija.lt", Role::Learner).await;
        let module_id = course().modules_in("en")[0].id.clone();
        let module_page = format!("/courses/{COURSE}/modules/{module_id}?note=read");
        let module_page = module_page.as_str();
        let secrets = first_module_feedback();

        let mut outsider = Browser::signed_in(&db, "jonas@policija.lt").await;
        let page = outsider.get(module_page).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "not enrolled: no module text");
        assert!(page.body.contains("You are not enrolled in this course."), "and the page says why");
        let page = outsider
            .post_form(
                "/api/answer_question",
                module_page,
                &[("slug", COURSE), ("module_id", &module_id), ("question_id", "x"), ("selected[]", "0")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FOUND);

        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        learner.post_form("/api/enrol", "/courses", &[("slug", COURSE)]).await;
        let page = learner.get(module_page).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"selected[]\""), "the questions are there to answer");
        for secret in &secrets {
            assert!(!page.body.contains(secret.as_str()), "feedback or explanation before answering: {secret}");
        }
        assert!(!page.body.contains("badge-correct") && !page.body.contains(".wasm"));

        // The page's data as a script would fetch it: no answer key either.
        let response = learner.call_function("/api/module_page", &format!("slug={COURSE}&module_id={module_id}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let json = String::from_utf8(body_bytes(response).await).unwrap();
        assert!(json.contains("options_html") && !json.contains("\"correct\":true") && !json.contains("feedback_html\":\"<"));

        // Answering shows that question's feedback, and only on this learner's page.
        let question = first_question();
        let page = learner
            .post_form(
                "/api/answer_question",
                module_page,
                &[("slug", COURSE), ("module_id", &module_id), ("question_id", &question.id), ("selected[]", "0")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FOUND);
        let answered = learner.get(module_page).await;
        let shown = question.explanation.as_ref().unwrap().html.clone();
        assert!(answered.body.contains(&shown), "the explanation appears after answering");

        outsider.post_form("/api/enrol", "/courses", &[("slug", COURSE)]).await;
        let other = outsider.get(module_page).await;
        assert_eq!(other.status, StatusCode::OK);
        assert!(!other.body.contains(&shown), "another learner's answers stay theirs");
    })
    .await;
}

#[tokio::test]
async fn an_assigned_course_shows_its_due_date_and_results_name_learners_only_to_administrators() {
    // Learners cannot enrol in this fixture course themselves: only an assignment enrols.
    const ASSIGNED: &str = "assisting-survivors";
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let learner_id = person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "admin@tiltas.lt", Role::Administrator).await;
        person(&db, "rasa@ngo.lt", Role::Trainer).await;

        let mut admin = Browser::signed_in(&db, "admin@tiltas.lt").await;
        let assign = |due: &str| vec![("learner_id", learner_id.clone()), ("course_slug", ASSIGNED.to_string()), ("due_date", due.to_string())];
        admin.post_owned_form("/api/assign_course", "/admin/assignments", &assign("31.03.2027")).await;
        let page = admin.get("/admin/assignments").await;
        assert!(page.body.contains("Enter the due date as a date, e.g. 2027-03-31."), "a clear message for a bad date");
        assert!(page.body.contains("31.03.2027"), "the typed date is kept");

        admin.post_owned_form("/api/assign_course", "/admin/assignments", &assign("2027-03-31")).await;
        let page = admin.get("/admin/assignments").await;
        assert!(page.body.contains("Course assigned."));

        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        let home = learner.get("/").await;
        assert!(home.body.contains("Assisting survivors without causing harm"), "the assigned course is on the dashboard");
        assert!(home.body.contains("2027-03-31"), "with its due date");

        let results_page = format!("/author/courses/{ASSIGNED}/results");
        let mut trainer = Browser::signed_in(&db, "rasa@ngo.lt").await;
        let results = trainer.get(&results_page).await;
        assert_eq!(results.status, StatusCode::OK);
        assert!(results.body.contains("0 of 1 enrolled learners completed"));
        assert!(!results.body.contains("Learner person"), "a trainer sees no learner names");
        assert_eq!(learner.get(&results_page).await.status, StatusCode::FORBIDDEN);

        person_with_roles(&db, "lead@tiltas.lt", &[Role::Trainer, Role::Administrator]).await;
        let mut lead = Browser::signed_in(&db, "lead@tiltas.lt").await;
        let results = lead.get(&results_page).await;
        assert!(results.body.contains("Learner person"), "an administrator who trains sees names");
    })
    .await;
}

/// The fixture course `assisting-survivors` shows `https://example.org/helpline-poster.png`.
/// By default no page makes a browser fetch it: learners and the editor's preview get a link
/// instead, and the pages' policy allows images from Tiltas only.
#[tokio::test]
async fn an_image_from_another_website_is_a_link_unless_the_deployment_allows_it() {
    const COURSE: &str = "assisting-survivors";
    const POSTER: &str = "https://example.org/helpline-poster.png";
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let learner = person(&db, "ona@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@tiltas.lt", Role::Administrator).await;
        person(&db, "rasa@ngo.lt", Role::Trainer).await;
        tiltas_app::server::learning::assign(&app_state(&db), &admin, &learner, COURSE, None).await.unwrap();
        let module_page = module_path(COURSE, "do-no-harm");

        let mut browser = Browser::signed_in(&db, "ona@policija.lt").await;
        let page = browser.get(&module_page).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("<img src=\"https://"), "{}", page.body);
        assert!(page.body.contains(&format!("<a class=\"external-image\" href=\"{POSTER}\"")), "{}", page.body);
        assert!(page.body.contains("The helpline's poster (an image on another website; opening it leaves Tiltas)"), "{}", page.body);
        let response = browser.fetch(&module_page).await;
        let policy = response.headers()[http::header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(policy.contains("img-src 'self' data:;"), "{policy}");

        let mut trainer = Browser::signed_in(&db, "rasa@ngo.lt").await;
        let editor = trainer.get(&file_editor_path(COURSE, "01-do-no-harm.en.md")).await;
        assert_eq!(editor.status, StatusCode::OK);
        assert!(!editor.body.contains("<img src=\"https://"), "the preview shows what learners see");
        assert!(editor.body.contains("Image from another website, shown to learners as a link"), "and the check warns");

        // A deployment that allows them shows the image itself.
        let mut state = app_state(&db);
        Arc::make_mut(&mut state.config).allow_external_images = true;
        let allowed = tiltas_app::server::context::AppState::new(db.clone(), (*state.config).clone());
        let mut browser = Browser::on(support::router_for(allowed));
        browser.sign_in("ona@policija.lt", PASSWORD).await;
        let page = browser.get(&module_page).await;
        assert!(page.body.contains(&format!("<img src=\"{POSTER}\"")), "{}", page.body);
    })
    .await;
}
