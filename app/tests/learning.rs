//! The learner's service on a real SQLite file and a real PostgreSQL database: enrolment and
//! prerequisites, a failed quiz and its retake, concurrent submissions, scenario choices that
//! cannot be replayed, and completion recorded once, when the last requirement is met.

use std::path::Path;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::accounts::{NewAccount, create_account};
use tiltas_app::server::course_import::import_courses;
use tiltas_app::server::learning::{self, Enrolled, LearningError};
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::on_both_backends;
use tiltas_course::fs::load_courses_root;
use tiltas_course::{Module, Question, best_path};

const COURSE: &str = "recognising-trafficking";

async fn setup(db: &Db) {
    let set = load_courses_root(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../courses"));
    import_courses(db, &set, |_| {}).await.unwrap();
}

async fn learner(db: &Db, email: &str) -> String {
    let organisation = match storage::organisations::find_by_name(db, "Kauno AVPK").await.unwrap() {
        Some(id) => id,
        None => storage::organisations::insert_organisation(db, "Kauno AVPK").await.unwrap(),
    };
    let account = NewAccount {
        email: email.into(),
        name: "Learner".into(),
        roles: vec![Role::Learner],
        organisation_id: Some(organisation),
        password: None,
    };
    create_account(db, account).await.unwrap().0
}

fn correct_options(question: &Question) -> Vec<usize> {
    question.options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i).collect()
}

fn wrong_options(question: &Question) -> Vec<usize> {
    vec![question.options.iter().position(|o| !o.correct).unwrap()]
}

fn modules(enrolled: &Enrolled) -> Vec<Module> {
    enrolled.course.modules_in("en").to_vec()
}

async fn pass_quiz(db: &Db, enrolled: &Enrolled, module: &Module) -> bool {
    let mut completed = false;
    for question in module.questions() {
        let answered = learning::answer(db, enrolled, &module.id, &question.id, &correct_options(question)).await.unwrap();
        assert!(answered.result.correct && answered.stored_now);
        completed |= answered.completed_course;
    }
    completed
}

async fn play_best_path(db: &Db, enrolled: &Enrolled, scenario_id: &str) -> bool {
    let scenario = modules(enrolled).iter().flat_map(|m| m.scenarios().cloned().collect::<Vec<_>>()).find(|s| s.id == scenario_id).unwrap();
    learning::start_play(db, enrolled, scenario_id).await.unwrap();
    let mut completed = false;
    for step in best_path(&scenario).unwrap() {
        completed |= learning::choose(db, enrolled, scenario_id, &step.step, step.choice).await.unwrap().completed_course;
    }
    completed
}

#[tokio::test]
async fn a_failed_quiz_is_retaken_and_completion_is_recorded_once_at_the_last_requirement() {
    on_both_backends(|db| async move {
        setup(&db).await;
        let user = learner(&db, "ona@policija.lt").await;
        assert!(matches!(learning::enrolled(&db, &user, COURSE).await, Err(LearningError::NotEnrolled)));
        learning::enrol(&db, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&db, &user, COURSE).await.unwrap();
        let all = modules(&enrolled);

        // Fail the first module's quiz: every question answered wrongly.
        let first = &all[0];
        for question in first.questions() {
            let answered = learning::answer(&db, &enrolled, &first.id, &question.id, &wrong_options(question)).await.unwrap();
            assert!(!answered.result.correct);
        }
        let quiz = learning::quiz(&db, &enrolled, &first.id).await.unwrap();
        let attempt = quiz.latest().unwrap();
        assert!(attempt.finished_at.is_some() && attempt.passed == Some(0) && attempt.points == Some(0));
        let question = first.questions().next().unwrap();
        assert!(matches!(
            learning::answer(&db, &enrolled, &first.id, &question.id, &correct_options(question)).await,
            Err(LearningError::AttemptFinished)
        ));
        learning::retake(&db, &enrolled, &first.id).await.unwrap();
        assert!(!pass_quiz(&db, &enrolled, first).await);
        let quiz = learning::quiz(&db, &enrolled, &first.id).await.unwrap();
        assert_eq!(quiz.attempts.len(), 2);
        assert!(quiz.passed());
        assert!(matches!(learning::retake(&db, &enrolled, &first.id).await, Err(LearningError::AlreadyPassed)));

        // Everything but the last requirement: no completion yet.
        for module in &all[1..] {
            assert!(!pass_quiz(&db, &enrolled, module).await);
        }
        for module in &all {
            for scenario in module.scenarios() {
                assert!(!play_best_path(&db, &enrolled, &scenario.id).await);
            }
        }
        for module in &all[..all.len() - 1] {
            assert!(!learning::mark_read(&db, &enrolled, &module.id).await.unwrap());
        }
        assert!(learning::completion(&db, &enrolled).await.unwrap().is_none());
        let status = learning::status(&db, &enrolled).await.unwrap();
        assert_eq!(status.remaining.len(), 1, "{:?}", status.remaining);

        // The last module read completes the course, once.
        assert!(learning::mark_read(&db, &enrolled, &all.last().unwrap().id).await.unwrap());
        assert!(!learning::mark_read(&db, &enrolled, &all.last().unwrap().id).await.unwrap());
        let completion = learning::completion(&db, &enrolled).await.unwrap().unwrap();
        assert_eq!((completion.points, completion.max_points), (i64::from(status.max_points), i64::from(status.max_points)));
        assert!(learning::status(&db, &enrolled).await.unwrap().is_complete());
    })
    .await;
}

#[tokio::test]
async fn two_concurrent_submissions_of_the_same_answer_count_once() {
    on_both_backends(|db| async move {
        setup(&db).await;
        let user = learner(&db, "jonas@policija.lt").await;
        learning::enrol(&db, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&db, &user, COURSE).await.unwrap();
        let module = modules(&enrolled)[1].clone();
        let question = module.questions().next().unwrap().clone();
        let chosen = correct_options(&question);
        let (a, b) = tokio::join!(
            learning::answer(&db, &enrolled, &module.id, &question.id, &chosen),
            learning::answer(&db, &enrolled, &module.id, &question.id, &chosen),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.stored_now ^ b.stored_now, "exactly one of the two submissions is stored");
        assert!(a.result.correct && b.result.correct);
        let quiz = learning::quiz(&db, &enrolled, &module.id).await.unwrap();
        assert_eq!(quiz.attempts.len(), 1, "one attempt, not two");
        assert_eq!(quiz.answers.len(), 1);

        // A different answer posted later does not replace the first.
        let again = learning::answer(&db, &enrolled, &module.id, &question.id, &wrong_options(&question)).await.unwrap();
        assert!(!again.stored_now && again.result.correct, "the stored answer is the one that counts");
    })
    .await;
}

#[tokio::test]
async fn a_scenario_choice_once_made_is_final_and_state_survives_a_new_session() {
    on_both_backends(|db| async move {
        setup(&db).await;
        let user = learner(&db, "asta@socialine.lt").await;
        learning::enrol(&db, &user, COURSE).await.unwrap();
        let enrolled = learning::enrolled(&db, &user, COURSE).await.unwrap();
        let scenario = modules(&enrolled).iter().flat_map(|m| m.scenarios().cloned().collect::<Vec<_>>()).next().unwrap();
        learning::start_play(&db, &enrolled, &scenario.id).await.unwrap();
        let first_step = learning::scenario_progress(&db, &enrolled, &scenario.id).await.unwrap().latest().unwrap().node.clone();
        learning::choose(&db, &enrolled, &scenario.id, &first_step, 0).await.unwrap();
        // The back button posts the first step again, with another option.
        assert!(matches!(
            learning::choose(&db, &enrolled, &scenario.id, &first_step, 1).await,
            Err(LearningError::ChoiceAlreadyMade)
        ));
        // Another device: the same enrolment, loaded afresh, stands where the first left off.
        let elsewhere = learning::enrolled(&db, &user, COURSE).await.unwrap();
        let progress = learning::scenario_progress(&db, &elsewhere, &scenario.id).await.unwrap();
        assert_eq!(progress.choices.len(), 1);
        assert_eq!((progress.choices[0].step_id.as_str(), progress.choices[0].choice_index), (first_step.as_str(), 0));
        assert_ne!(progress.latest().unwrap().node, first_step);
        // Starting again while a play is under way continues it rather than opening another.
        learning::start_play(&db, &elsewhere, &scenario.id).await.unwrap();
        assert_eq!(learning::scenario_progress(&db, &elsewhere, &scenario.id).await.unwrap().plays.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn prerequisites_are_enforced_and_assignment_sets_a_due_date() {
    on_both_backends(|db| async move {
        setup(&db).await;
        let user = learner(&db, "rimas@vdi.lt").await;
        match learning::enrol(&db, &user, "legal-obligations").await {
            Err(LearningError::PrerequisitesMissing(missing)) => assert_eq!(missing, [COURSE]),
            other => panic!("expected the prerequisite to be enforced, got {other:?}"),
        }
        let admin = create_account(
            &db,
            NewAccount { email: "admin@x.lt".into(), name: "Admin".into(), roles: vec![Role::Administrator], organisation_id: None, password: None },
        )
        .await
        .unwrap()
        .0;
        let assigned = learning::assign(&db, &admin, &user, "survivor-centred-assistance", Some(1_900_000_000)).await.unwrap();
        assert_eq!((assigned.due_at, assigned.assigned_by.as_deref()), (Some(1_900_000_000), Some(admin.as_str())));
        // Assigning again changes the due date on the same enrolment.
        let again = learning::assign(&db, &admin, &user, "survivor-centred-assistance", None).await.unwrap();
        assert_eq!((again.id, again.due_at), (assigned.id, None));
    })
    .await;
}

#[tokio::test]
async fn trainers_statistics_count_answers_and_first_play_choices() {
    on_both_backends(|db| async move {
        setup(&db).await;
        let mut learners = Vec::new();
        for email in ["a@policija.lt", "b@policija.lt"] {
            let user = learner(&db, email).await;
            learning::enrol(&db, &user, COURSE).await.unwrap();
            learners.push(learning::enrolled(&db, &user, COURSE).await.unwrap());
        }
        let module = modules(&learners[0])[0].clone();
        let question = module.questions().next().unwrap().clone();
        learning::answer(&db, &learners[0], &module.id, &question.id, &correct_options(&question)).await.unwrap();
        learning::answer(&db, &learners[1], &module.id, &question.id, &wrong_options(&question)).await.unwrap();
        let stats = storage::learning::question_stats(&db, COURSE).await.unwrap();
        assert_eq!(stats.len(), 1);
        assert_eq!((stats[0].question_id.as_str(), stats[0].answers, stats[0].correct), (question.id.as_str(), 2, 1));

        let scenario = modules(&learners[0]).iter().flat_map(|m| m.scenarios().cloned().collect::<Vec<_>>()).next().unwrap();
        for (enrolled, choice) in learners.iter().zip([0, 1]) {
            learning::start_play(&db, enrolled, &scenario.id).await.unwrap();
            let step = learning::scenario_progress(&db, enrolled, &scenario.id).await.unwrap().latest().unwrap().node.clone();
            learning::choose(&db, enrolled, &scenario.id, &step, choice).await.unwrap();
        }
        let choices = storage::learning::choice_stats(&db, COURSE).await.unwrap();
        let counts: Vec<(i64, i64)> = choices.iter().map(|c| (c.choice_index, c.times)).collect();
        assert_eq!(counts, [(0, 1), (1, 1)]);
        assert_eq!(storage::learning::course_counts(&db, COURSE).await.unwrap(), (2, 0));
    })
    .await;
}
