//! Graded assessments through the learning service, on a real SQLite file and a real PostgreSQL
//! database: under the strict rule nothing about correctness leaves the service before the
//! assessment is passed or out of attempts; each attempt draws afresh and is recorded; the wait
//! between attempts holds; a granted attempt works once; a graded scenario keeps its good-practice
//! path back while plays remain.

use tiltas_app::domain::assessment::NextAttempt;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Locale;
use tiltas_app::server::learning::{self, AnswerFeedback, Enrolled, LearningError};
use tiltas_app::server::storage::activity::Answer;
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{
    activity_of, answer_all, app_state, import_fixture_courses, on_both_backends, person, play_best_path, shown_positions,
    shown_questions,
};
use tiltas_app::views::learning::{AssessmentView, PlayView, QuestionState};
use tiltas_course::{DrawnQuestion, Module};

const COURSE: &str = "spotting-exploitation";
const FINAL: &str = "final-check";

fn final_check(enrolled: &Enrolled) -> Module {
    enrolled.course.modules_in("en").iter().find(|m| m.id == FINAL).unwrap().clone()
}

/// Every feedback and explanation of the bank, as they would appear in the page's JSON: none may
/// reach the learner while the strict rule hides them.
fn secrets(module: &Module) -> Vec<String> {
    let in_json = |html: &str| serde_json::to_string(html).unwrap().trim_matches('"').to_string();
    module
        .questions()
        .flat_map(|q| q.options.iter().filter_map(|o| o.feedback.as_ref()).chain(q.explanation.as_ref()).map(|t| in_json(&t.html)))
        .collect()
}

async fn assessment(state: &tiltas_app::server::context::AppState, enrolled: &Enrolled) -> (AssessmentView, String) {
    let page = learning::reading::module_page(state, enrolled, Locale::En, FINAL).await.unwrap();
    let json = serde_json::to_string(&page).unwrap();
    (page.assessment.expect("the final check is graded"), json)
}

fn assert_nothing_revealed(json: &str, module: &Module) {
    for secret in secrets(module) {
        assert!(!json.contains(&secret), "revealed before the attempts ended: {secret}");
    }
    assert!(!json.contains("\"correct\":true") && !json.contains("Reviewed"), "no marks in {json}");
}

/// Moves the end of every finished attempt back by `seconds`, as if that much time had passed.
async fn age_attempts(db: &Db, enrolled: &Enrolled, seconds: i64) {
    sqlx::query("UPDATE quiz_attempts SET finished_at = finished_at - $1 WHERE enrolment_id = $2 AND finished_at IS NOT NULL")
        .bind(seconds)
        .bind(&enrolled.enrolment.id)
        .execute(db.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_strict_rule_hides_answers_until_no_attempt_remains_and_each_attempt_draws_again() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "ona@policija.lt", Role::Learner).await;
        learning::enrol(&state, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let module = final_check(&enrolled);

        let (view, json) = assessment(&state, &enrolled).await;
        assert_eq!((view.next, view.attempts_allowed, view.question_count), (NextAttempt::Available, 2, 3));
        assert!(view.latest.is_none());
        assert_nothing_revealed(&json, &module);
        // A graded question cannot be answered before an attempt has drawn it.
        let any = module.questions().next().unwrap();
        assert!(learning::answer(&state, &enrolled, FINAL, &any.id, &[0]).await.is_err());

        learning::start_attempt(&state, &enrolled, FINAL).await.unwrap();
        let first_draw = shown_questions(&db, &enrolled, &module).await;
        assert_eq!(first_draw.len(), 3);
        // A reload shows the same draw, in the same order.
        let (view, json) = assessment(&state, &enrolled).await;
        let latest = view.latest.unwrap();
        assert_eq!(latest.questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), first_draw.iter().map(|d| d.question_id.as_str()).collect::<Vec<_>>());
        assert_nothing_revealed(&json, &module);
        // A question outside the draw is refused.
        let undrawn = module.questions().find(|q| first_draw.iter().all(|d| d.question_id != q.id)).unwrap();
        assert!(matches!(learning::answer(&state, &enrolled, FINAL, &undrawn.id, &[0]).await, Err(LearningError::NoSuchItem)));

        // Every answer wrong: each is only "recorded", and the failed attempt shows nothing.
        for drawn in &first_draw {
            let question = module.questions().find(|q| q.id == drawn.question_id).unwrap();
            let wrong = shown_positions(question, &drawn.option_order, false);
            let answered = learning::answer(&state, &enrolled, FINAL, &question.id, &wrong).await.unwrap();
            assert_eq!(answered.feedback, AnswerFeedback::Recorded);
            let (_, json) = assessment(&state, &enrolled).await;
            assert_nothing_revealed(&json, &module);
        }
        let (view, json) = assessment(&state, &enrolled).await;
        let latest = view.latest.unwrap();
        assert!(latest.finished && !latest.passed && latest.questions.is_empty());
        assert!(matches!(view.next, NextAttempt::WaitUntil(_)));
        assert_nothing_revealed(&json, &module);

        // The wait holds until it is over; then the second attempt draws again.
        assert!(matches!(learning::start_attempt(&state, &enrolled, FINAL).await, Err(LearningError::NotYet)));
        age_attempts(&db, &enrolled, 23 * 3600).await;
        assert!(matches!(learning::start_attempt(&state, &enrolled, FINAL).await, Err(LearningError::NotYet)));
        age_attempts(&db, &enrolled, 3600).await;
        assert!(!answer_all(&state, &enrolled, &module, false).await);
        let second_draw = shown_questions(&db, &enrolled, &module).await;
        assert_ne!(first_draw, second_draw, "a new attempt draws again");
        let seeds: Vec<Option<i64>> = sqlx::query_scalar("SELECT seed FROM quiz_attempts WHERE module_id = $1 ORDER BY attempt_number")
            .bind(FINAL)
            .fetch_all(db.pool())
            .await
            .unwrap();
        assert!(seeds.len() == 2 && seeds[0].is_some() && seeds[0] != seeds[1], "each attempt records its own seed: {seeds:?}");

        // No attempt left: now everything about the last attempt is shown, and the course is failed.
        let (view, json) = assessment(&state, &enrolled).await;
        assert_eq!(view.next, NextAttempt::NoneLeft);
        let latest = view.latest.unwrap();
        assert!(latest.questions.iter().all(|q| matches!(&q.state, QuestionState::Reviewed(r) if !r.correct)));
        assert!(secrets(&module).iter().any(|s| json.contains(s)), "the review shows feedback and explanations");
        assert!(activity_of(&db, &enrolled).await.status(&enrolled).failed);
        assert!(matches!(learning::start_attempt(&state, &enrolled, FINAL).await, Err(LearningError::NoAttemptsLeft)));
    })
    .await;
}

#[tokio::test]
async fn a_granted_attempt_starts_at_once_works_once_and_is_recorded() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "jonas@policija.lt", Role::Learner).await;
        let admin = person(&db, "admin@policija.lt", Role::Administrator).await;
        learning::enrol(&state, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let module = final_check(&enrolled);
        assert!(!answer_all(&state, &enrolled, &module, false).await);

        // A reason is required, and only graded items take grants.
        let grant = |item: &'static str, reason: &'static str| learning::grant_extra_attempt(&state, &admin, &user, COURSE, item, reason);
        assert!(matches!(grant(FINAL, "  ").await, Err(LearningError::ReasonMissing)));
        assert!(matches!(grant("indicators", "retry").await, Err(LearningError::NotGraded)));
        // During the wait, a grant lets the learner start now.
        grant(FINAL, "Trained again in class on 30 November").await.unwrap();
        let (view, _) = assessment(&state, &enrolled).await;
        assert_eq!((view.next, view.attempts_allowed), (NextAttempt::Available, 3));
        assert!(!answer_all(&state, &enrolled, &module, false).await);
        // The granted attempt was used: the second regular attempt waits again, then ends them.
        assert!(matches!(learning::start_attempt(&state, &enrolled, FINAL).await, Err(LearningError::NotYet)));
        age_attempts(&db, &enrolled, 25 * 3600).await;
        assert!(!answer_all(&state, &enrolled, &module, false).await);
        assert!(matches!(learning::start_attempt(&state, &enrolled, FINAL).await, Err(LearningError::NoAttemptsLeft)));

        let grants = storage::assessments::grants(&mut db.pool().acquire().await.unwrap(), storage::enrolments::EnrolmentScope::Enrolment(&enrolled.enrolment.id)).await.unwrap();
        assert_eq!(grants.len(), 1);
        assert_eq!((grants[0].granted_by.as_str(), grants[0].reason.as_str(), grants[0].item_id.as_str()), (admin.as_str(), "Trained again in class on 30 November", FINAL));

        // Another grant after the last failure, and this time a pass.
        grant(FINAL, "Second chance agreed with the trainer").await.unwrap();
        answer_all(&state, &enrolled, &module, true).await;
        let (view, _) = assessment(&state, &enrolled).await;
        assert_eq!(view.next, NextAttempt::Passed);
        assert!(view.latest.unwrap().questions.iter().all(|q| matches!(&q.state, QuestionState::Reviewed(r) if r.correct)));
        assert!(matches!(grant(FINAL, "more").await, Err(LearningError::AlreadyPassed)));

        // The learner's activity, read in one statement, holds what each table holds, in order.
        let activity = activity_of(&db, &enrolled).await;
        let scope = storage::enrolments::EnrolmentScope::Enrolment(&enrolled.enrolment.id);
        let mut conn = db.pool().acquire().await.unwrap();
        assert_eq!(activity.grants, storage::assessments::grants(&mut conn, scope).await.unwrap());
        assert_eq!(activity.grants.len(), 2);
        let attempts = storage::activity::module_attempts(&mut conn, &enrolled.enrolment.id, FINAL).await.unwrap();
        assert_eq!(activity.module_attempts(FINAL), attempts.iter().collect::<Vec<_>>());
        assert_eq!(attempts.iter().map(|a| a.attempt_number).collect::<Vec<_>>(), (1..=attempts.len() as i64).collect::<Vec<_>>());
        assert!(attempts.len() >= 3, "the failed attempts, the granted ones and the pass");
        assert!(attempts.last().unwrap().passed && attempts.iter().all(|a| a.finished_at.is_some()));
        assert_eq!(activity.completion.into_iter().collect::<Vec<_>>(), storage::enrolments::completions(&mut conn, scope).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn a_graded_scenario_counts_once_and_shows_good_practice_when_no_play_remains() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "asta@socialine.lt", Role::Learner).await;
        let admin = person(&db, "admin@socialine.lt", Role::Administrator).await;
        learning::enrol(&state, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let scenario = "farm-inspection";
        play_best_path(&state, &enrolled, scenario).await;
        let page = learning::reading::scenario_page(&state, &enrolled, Locale::En, scenario).await.unwrap();
        assert_eq!((page.graded, page.may_replay), (Some((1, 1)), false));
        assert!(matches!(page.view, PlayView::Ended { good_practice: Some(_), .. }));
        assert!(matches!(learning::start_play(&state, &enrolled, scenario).await, Err(LearningError::NoAttemptsLeft)));

        learning::grant_extra_attempt(&state, &admin, &user, COURSE, scenario, "Interrupted by a call-out").await.unwrap();
        let page = learning::reading::scenario_page(&state, &enrolled, Locale::En, scenario).await.unwrap();
        assert!(page.may_replay);
        assert!(matches!(page.view, PlayView::Ended { good_practice: None, .. }), "kept back while a graded play remains");
        learning::start_play(&state, &enrolled, scenario).await.unwrap();
        assert_eq!(activity_of(&db, &enrolled).await.scenario_plays(scenario).len(), 2);
    })
    .await;
}

/// A draw of more questions than one INSERT writes (`insert_drawn` writes them in chunks) is
/// stored in the learner's order, each question counted as drawn once, and read back in one
/// statement with exactly the answers given so far.
#[tokio::test]
async fn a_large_draw_is_stored_in_order_counted_once_and_read_back_with_its_answers() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "rasa@policija.lt", Role::Learner).await;
        learning::enrol(&state, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let mut conn = db.pool().acquire().await.unwrap();
        let attempt = storage::activity::insert_attempt(&mut conn, &enrolled.enrolment.id, FINAL, 1, 450, Some(7)).await.unwrap();
        // Not in source order, so that reading back in position order is what is tested.
        let draw: Vec<DrawnQuestion> = (0..450)
            .rev()
            .map(|i| DrawnQuestion { question_id: format!("bulk-{i:03}"), option_order: vec![i % 3, (i + 1) % 3, (i + 2) % 3] })
            .collect();
        storage::assessments::insert_drawn(&mut conn, &attempt, &draw).await.unwrap();
        let answered = [&draw[0], &draw[300]].map(|drawn| Answer {
            question_id: drawn.question_id.clone(),
            selected: vec![1],
            correct: drawn.question_id == "bulk-449",
            points: 1,
            answered_at: 1_800_000_000,
        });
        for answer in &answered {
            assert!(storage::activity::insert_answer(&mut conn, &attempt, answer).await.unwrap());
        }
        assert!(!storage::activity::insert_answer(&mut conn, &attempt, &answered[0]).await.unwrap(), "a repeat is not stored");

        let read = storage::assessments::drawn_with_answers(&mut conn, &attempt).await.unwrap();
        assert_eq!(read.drawn, draw);
        let mut answers = read.answers;
        answers.sort_by(|a, b| b.question_id.cmp(&a.question_id));
        assert_eq!(answers, answered);
        let (questions, draws): (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), CAST(SUM(drawn) AS BIGINT) FROM question_counts WHERE question_id LIKE 'bulk-%'")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        assert_eq!((questions, draws), (450, 450));
    })
    .await;
}
