//! A graded assessment through the real router, on SQLite and PostgreSQL: under the strict rule
//! no response (page, page data, answer) carries a graded question's correct mark, feedback or
//! explanation before the attempts end; the wait is shown; an administrator, and only an
//! administrator, grants another attempt with a reason, which opens the next attempt at once.

mod support;

use http::StatusCode;
use support::{Browser, body_bytes};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::learning;
use tiltas_app::server::testing::{
    app_state, fixture_courses, import_fixture_courses, on_both_backends, person, person_with_roles, shown_positions, shown_questions,
};
use tiltas_course::Module;

const COURSE: &str = "spotting-exploitation";
const FINAL: &str = "final-check";

fn final_check() -> Module {
    let course = fixture_courses().courses.into_iter().find(|c| c.slug == COURSE).unwrap();
    course.modules_in("en").iter().find(|m| m.id == FINAL).unwrap().clone()
}

/// Every feedback and explanation of the bank, as HTML and as it appears inside JSON.
fn secrets(module: &Module) -> Vec<String> {
    let html: Vec<String> = module
        .questions()
        .flat_map(|q| q.options.iter().filter_map(|o| o.feedback.as_ref()).chain(q.explanation.as_ref()).map(|t| t.html.clone()))
        .collect();
    // JSON escapes these texts' quotes and line breaks, and nothing else in them.
    let json = html.iter().map(|h| h.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"));
    html.iter().cloned().chain(json).collect()
}

fn assert_hidden(body: &str, module: &Module, what: &str) {
    for secret in secrets(module) {
        assert!(!body.contains(&secret), "{what} reveals {secret}");
    }
    assert!(!body.contains("badge-correct") && !body.contains("option-correct"), "{what} marks a correct option");
}

#[tokio::test]
async fn no_response_reveals_a_graded_answer_before_the_attempts_end_and_an_administrator_grants_another() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "rasa@ngo.lt", Role::Trainer).await;
        person_with_roles(&db, "lead@tiltas.lt", &[Role::Trainer, Role::Administrator]).await;
        let module = final_check();
        let page_path = format!("/courses/{COURSE}/modules/{FINAL}");
        let page_path = page_path.as_str();

        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        learner.post_form("/api/enrol", "/courses", &[("slug", COURSE)]).await;
        let page = learner.get(page_path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Start attempt 1") && !page.body.contains("name=\"selected[]\""), "no question before an attempt");
        assert_hidden(&page.body, &module, "the page before an attempt");

        let started = learner.post_form("/api/start_attempt", page_path, &[("slug", COURSE), ("module_id", FINAL)]).await;
        assert_eq!(started.status, StatusCode::FOUND);
        let page = learner.get(page_path).await;
        assert!(page.body.contains("name=\"selected[]\""), "the attempt's questions are on the page");
        assert_hidden(&page.body, &module, "the page during the attempt");
        let data = learner.call_function("/api/module_page", &format!("slug={COURSE}&module_id={FINAL}")).await;
        assert_eq!(data.status(), StatusCode::OK);
        assert_hidden(&String::from_utf8(body_bytes(data).await).unwrap(), &module, "the page data during the attempt");

        // Every drawn question answered wrongly, as a script and as a plain form.
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let drawn = shown_questions(&db, &enrolled, &module).await;
        for (k, question) in drawn.iter().enumerate() {
            let key = module.questions().find(|q| q.id == question.question_id).unwrap();
            let wrong = shown_positions(key, &question.option_order, false)[0].to_string();
            let fields = [("slug", COURSE), ("module_id", FINAL), ("question_id", key.id.as_str()), ("selected[]", wrong.as_str())];
            if k == 0 {
                let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
                let response = learner.call_function("/api/answer_question", &body).await;
                assert_eq!(response.status(), StatusCode::OK);
                let text = String::from_utf8(body_bytes(response).await).unwrap();
                assert!(text.contains("AnswerRecorded"), "only that the answer was recorded: {text}");
                assert_hidden(&text, &module, "the answer's response");
            } else {
                assert_eq!(learner.post_form("/api/answer_question", page_path, &fields).await.status, StatusCode::FOUND);
            }
            let page = learner.get(page_path).await;
            assert_hidden(&page.body, &module, "the page after an answer");
            assert!(!page.body.contains("Your answer is not correct."), "not even right or wrong under the strict rule");
        }
        let page = learner.get(page_path).await;
        assert!(page.body.contains("You have 0 of 3 points"), "the result is shown");
        assert!(page.body.contains("Your next attempt opens at"), "and when the next attempt opens");
        assert!(!page.body.contains("Start attempt 2"));
        assert_hidden(&page.body, &module, "the failed attempt with attempts left");

        // Granting is for administrators, and needs a reason.
        let results_path = format!("/author/courses/{COURSE}/results");
        let grant = |reason: &'static str| {
            vec![
                ("slug", COURSE.to_string()),
                ("learner_id", user.clone()),
                ("item_id", FINAL.to_string()),
                ("reason", reason.to_string()),
            ]
        };
        let mut trainer = Browser::signed_in(&db, "rasa@ngo.lt").await;
        let refused = trainer.post_owned_form("/api/grant_attempt", &results_path, &grant("Please")).await;
        assert_ne!(refused.status, StatusCode::OK);
        assert!(learner.get(page_path).await.body.contains("Your next attempt opens at"), "a trainer's post granted nothing");

        let mut lead = Browser::signed_in(&db, "lead@tiltas.lt").await;
        let results = lead.get(&results_path).await;
        assert!(results.body.contains("Grant another attempt") && results.body.contains("Final check"));
        lead.post_owned_form("/api/grant_attempt", &results_path, &grant("")).await;
        let results = lead.get(&results_path).await;
        assert!(results.body.contains("Write why you grant another attempt"), "a reason is required");
        lead.post_owned_form("/api/grant_attempt", &results_path, &grant("Retrained in class")).await;
        let results = lead.get(&results_path).await;
        assert!(results.body.contains("Another attempt was granted and recorded."));
        assert!(results.body.contains("Drawn"), "the bank's questions show how often they were drawn");

        let page = learner.get(page_path).await;
        assert!(page.body.contains("Start attempt 2"), "the granted attempt opens at once");
        assert_hidden(&page.body, &module, "the page after a grant");
    })
    .await;
}
