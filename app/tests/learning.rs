//! The learner's service on a real SQLite file and a real PostgreSQL database: enrolment and
//! prerequisites, practice tried again, concurrent submissions, scenario choices that cannot be
//! replayed, and completion recorded once, when the last requirement is met. Graded assessments
//! are in `assessments.rs`.

use tiltas_app::domain::roles::Role;
use tiltas_app::server::learning::Activity;
use tiltas_app::domain::progress::Requirement;
use tiltas_app::server::learning::{self, AnswerFeedback, Enrolled, LearningError};
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{
    activity_of, app_state, correct_options, import_fixture_courses, on_both_backends, pass_quiz, person, play_best_path,
};
use tiltas_course::{Module, Question};

const COURSE: &str = "spotting-exploitation";

fn wrong_options(question: &Question) -> Vec<usize> {
    vec![question.options.iter().position(|o| !o.correct).unwrap()]
}

fn modules(enrolled: &Enrolled) -> Vec<Module> {
    enrolled.course.modules_in("en").to_vec()
}

async fn activity(db: &Db, enrolled: &Enrolled) -> Activity {
    activity_of(db, enrolled).await
}

/// The answers of an attempt and the choices of a play, read directly.
async fn answers(db: &Db, attempt_id: &str) -> Vec<storage::activity::Answer> {
    storage::activity::answers(&mut db.pool().acquire().await.unwrap(), attempt_id).await.unwrap()
}

async fn choices(db: &Db, play_id: &str) -> Vec<storage::activity::Choice> {
    storage::activity::choices(&mut db.pool().acquire().await.unwrap(), play_id).await.unwrap()
}

/// Where the newest play of a scenario stands.
async fn standing(db: &Db, enrolled: &Enrolled, scenario_id: &str) -> storage::activity::Play {
    activity(db, enrolled).await.scenario_plays(scenario_id).last().copied().cloned().expect("a play")
}

#[tokio::test]
async fn practice_is_retried_freely_and_completion_is_recorded_once_at_the_last_requirement() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "ona@policija.lt", Role::Learner).await;
        assert!(matches!(learning::enrolled(&state, &user, COURSE).await, Err(LearningError::NotEnrolled)));
        learning::enrol(&state, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let all = modules(&enrolled);
        let (practice, last) = (&all[0], all.last().unwrap());
        assert!(!practice.is_graded() && last.is_graded());

        // Practice answered wrongly: feedback straight away, and it can be tried again even
        // after a full score.
        for question in practice.questions() {
            let answered = learning::answer(&state, &enrolled, &practice.id, &question.id, &wrong_options(question)).await.unwrap();
            assert_eq!(answered.feedback, AnswerFeedback::Wrong);
        }
        let question = practice.questions().next().unwrap();
        assert!(matches!(
            learning::answer(&state, &enrolled, &practice.id, &question.id, &correct_options(question)).await,
            Err(LearningError::AttemptFinished)
        ));
        learning::start_attempt(&state, &enrolled, &practice.id).await.unwrap();
        assert!(!pass_quiz(&state, &enrolled, practice).await);
        learning::start_attempt(&state, &enrolled, &practice.id).await.unwrap();
        assert_eq!(activity(&db, &enrolled).await.module_attempts(&practice.id).len(), 3);
        let status = activity(&db, &enrolled).await.status(&enrolled);
        assert!(!status.remaining.iter().any(|r| matches!(r, Requirement::PassAssessment { module_id } if *module_id == practice.id)));

        // Everything but the last requirement: no completion yet.
        for module in &all {
            for scenario in module.scenarios() {
                assert!(!play_best_path(&state, &enrolled, &scenario.id).await);
            }
        }
        for module in all.iter().filter(|m| !m.is_graded()) {
            assert!(!learning::mark_read(&state, &enrolled, &module.id).await.unwrap());
        }
        assert!(activity(&db, &enrolled).await.completion.is_none());
        let status = activity(&db, &enrolled).await.status(&enrolled);
        assert_eq!(status.remaining, vec![Requirement::PassAssessment { module_id: last.id.clone() }]);

        // Passing the graded final check completes the course, once.
        assert!(pass_quiz(&state, &enrolled, last).await);
        assert!(matches!(learning::start_attempt(&state, &enrolled, &last.id).await, Err(LearningError::AlreadyPassed)));
        assert!(!learning::mark_read(&state, &enrolled, &practice.id).await.unwrap());
        let done = activity(&db, &enrolled).await;
        let completion = done.completion.clone().unwrap();
        assert_eq!((completion.points, completion.max_points), (i64::from(status.max_points), i64::from(status.max_points)));
        assert!(done.status(&enrolled).is_complete());
    })
    .await;
}

#[tokio::test]
async fn two_concurrent_submissions_of_the_same_answer_count_once() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "jonas@policija.lt", Role::Learner).await;
        learning::enrol(&state, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let module = modules(&enrolled)[1].clone();
        let question = module.questions().next().unwrap().clone();
        let chosen = correct_options(&question);
        let (a, b) = tokio::join!(
            learning::answer(&state, &enrolled, &module.id, &question.id, &chosen),
            learning::answer(&state, &enrolled, &module.id, &question.id, &chosen),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!((a.feedback, b.feedback), (AnswerFeedback::Correct, AnswerFeedback::Correct));
        let attempts = activity(&db, &enrolled).await.module_attempts(&module.id).into_iter().cloned().collect::<Vec<_>>();
        assert_eq!(attempts.len(), 1, "one attempt, not two");
        assert_eq!(answers(&db, &attempts[0].id).await.len(), 1);

        // A different answer posted later does not replace the first.
        let again = learning::answer(&state, &enrolled, &module.id, &question.id, &wrong_options(&question)).await.unwrap();
        assert_eq!(again.feedback, AnswerFeedback::Correct, "the stored answer is the one that counts");
        assert_eq!(answers(&db, &attempts[0].id).await.len(), 1);

        // A crafted post naming each option twice: chosen once, stored once.
        let second = module.questions().nth(1).expect("a second question").clone();
        let chosen = correct_options(&second);
        let doubled = [chosen.as_slice(), chosen.as_slice()].concat();
        learning::answer(&state, &enrolled, &module.id, &second.id, &doubled).await.unwrap();
        let stored = answers(&db, &attempts[0].id).await;
        assert_eq!(stored.iter().find(|a| a.question_id == second.id).map(|a| a.selected.clone()), Some(chosen));
    })
    .await;
}

#[tokio::test]
async fn a_scenario_choice_once_made_is_final_and_state_survives_a_new_session() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "asta@socialine.lt", Role::Learner).await;
        learning::enrol(&state, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let scenario = modules(&enrolled).iter().flat_map(|m| m.scenarios().cloned().collect::<Vec<_>>()).next().unwrap();
        learning::start_play(&state, &enrolled, &scenario.id).await.unwrap();
        let first_step = standing(&db, &enrolled, &scenario.id).await.node;
        learning::choose(&state, &enrolled, &scenario.id, &first_step, 0).await.unwrap();
        // The back button posts the first step again, with another option.
        assert!(matches!(
            learning::choose(&state, &enrolled, &scenario.id, &first_step, 1).await,
            Err(LearningError::ChoiceAlreadyMade)
        ));
        // Another device: the same enrolment, loaded afresh, stands where the first left off.
        let elsewhere = learning::enrolled(&state, &user, COURSE).await.unwrap();
        let play = standing(&db, &elsewhere, &scenario.id).await;
        let made = choices(&db, &play.id).await;
        assert_eq!(made.len(), 1);
        assert_eq!((made[0].step_id.as_str(), made[0].choice_index), (first_step.as_str(), 0));
        assert_ne!(play.node, first_step);
        // Starting again while a play is under way continues it rather than opening another.
        learning::start_play(&state, &elsewhere, &scenario.id).await.unwrap();
        assert_eq!(activity(&db, &elsewhere).await.scenario_plays(&scenario.id).len(), 1);
    })
    .await;
}

#[tokio::test]
async fn prerequisites_are_enforced_and_assignment_sets_a_due_date() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let user = person(&db, "rimas@vdi.lt", Role::Learner).await;
        match learning::enrol(&state, &user, "legal-duties").await {
            Err(LearningError::PrerequisitesMissing(missing)) => assert_eq!(missing, [COURSE]),
            other => panic!("expected the prerequisite to be enforced, got {other:?}"),
        }
        let admin = person(&db, "admin@x.lt", Role::Administrator).await;
        let assigned = learning::assign(&state, &admin, &user, "assisting-survivors", Some(1_900_000_000)).await.unwrap();
        assert_eq!((assigned.due_at, assigned.assigned_by.as_deref()), (Some(1_900_000_000), Some(admin.as_str())));
        // Assigning again changes the due date on the same enrolment.
        let again = learning::assign(&state, &admin, &user, "assisting-survivors", None).await.unwrap();
        assert_eq!((again.id, again.due_at), (assigned.id, None));
    })
    .await;
}

#[tokio::test]
async fn trainers_statistics_count_answers_and_first_play_choices() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let mut learners = Vec::new();
        for email in ["a@policija.lt", "b@policija.lt"] {
            let user = person(&db, email, Role::Learner).await;
            learning::enrol(&state, &user, COURSE).await.unwrap();
            learners.push(learning::enrolled(&state, &user, COURSE).await.unwrap());
        }
        let module = modules(&learners[0])[0].clone();
        let question = module.questions().next().unwrap().clone();
        learning::answer(&state, &learners[0], &module.id, &question.id, &correct_options(&question)).await.unwrap();
        learning::answer(&state, &learners[1], &module.id, &question.id, &wrong_options(&question)).await.unwrap();
        let stats = storage::statistics::question_stats(&db, COURSE).await.unwrap();
        assert_eq!(stats.len(), 1);
        assert_eq!((stats[0].question_id.as_str(), stats[0].answers, stats[0].correct), (question.id.as_str(), 2, 1));

        let scenario = modules(&learners[0]).iter().flat_map(|m| m.scenarios().cloned().collect::<Vec<_>>()).next().unwrap();
        for (enrolled, choice) in learners.iter().zip([0, 1]) {
            learning::start_play(&state, enrolled, &scenario.id).await.unwrap();
            let step = standing(&db, enrolled, &scenario.id).await.node;
            learning::choose(&state, enrolled, &scenario.id, &step, choice).await.unwrap();
        }
        let choices = storage::statistics::choice_stats(&db, COURSE).await.unwrap();
        let counts: Vec<(i64, i64)> = choices.iter().map(|c| (c.choice_index, c.times)).collect();
        assert_eq!(counts, [(0, 1), (1, 1)]);
        assert_eq!(storage::statistics::course_counts(&db, COURSE).await.unwrap(), (2, 0));
    })
    .await;
}
