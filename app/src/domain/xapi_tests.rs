//! Statement building, and every kind of statement checked against the xAPI 1.0.3 data model
//! with `xapi-data` (a dev-dependency), so a shape an LRS would refuse fails here first.

use super::*;
use xapi_data::Validate;

const ENROLMENT: &str = "0b5e4c3e-6f1d-4c55-9a0e-3f2d6f0a9c11";

fn site() -> Site {
    Site::new("https://tiltas.example")
}

fn learning(at: i64) -> Learning<'static> {
    Learning {
        user_id: "user-17",
        enrolment_id: Some(ENROLMENT),
        course_slug: "identifying-victims",
        version_id: "v-3",
        course_title: "Nukentėjusiųjų atpažinimas",
        language: "lt",
        at,
    }
}

const MODULE: Item<'static> = Item { id: "signs", title: "Požymiai" };

/// One event of every kind Tiltas emits.
fn every_kind() -> Vec<LearningEvent<'static>> {
    vec![
        LearningEvent::Launched,
        LearningEvent::ModuleRead { module: MODULE },
        LearningEvent::Answered {
            module: MODULE,
            question: Item { id: "q1", title: "" },
            option_count: 4,
            attempt_id: "attempt-1",
            selected: &[0, 2],
            correct: true,
            points: 2,
            max_points: 2,
            graded: true,
        },
        LearningEvent::Answered {
            module: MODULE,
            question: Item { id: "q2", title: "" },
            option_count: 3,
            attempt_id: "attempt-0",
            selected: &[1],
            correct: false,
            points: 0,
            max_points: 1,
            graded: false,
        },
        LearningEvent::AssessmentFinished { module: MODULE, attempt_id: "attempt-1", points: 7, max_points: 10, passed: true },
        LearningEvent::AssessmentFinished { module: MODULE, attempt_id: "attempt-2", points: 3, max_points: 10, passed: false },
        LearningEvent::CourseCompleted { points: 9, max_points: 12 },
        LearningEvent::ScenarioChoice {
            scenario: Item { id: "border-check", title: "Patikra pasienyje" },
            step_id: "start",
            play_id: "play-1",
            position: 0,
            choice_index: 1,
            choice_count: 3,
            ending: None,
        },
        LearningEvent::ScenarioChoice {
            scenario: Item { id: "border-check", title: "Patikra pasienyje" },
            step_id: "talk",
            play_id: "play-1",
            position: 1,
            choice_index: 0,
            choice_count: 2,
            ending: Some(-2),
        },
        LearningEvent::CertificateEarned { certificate_id: "c0ffee" },
    ]
}

fn json(statement: &Statement) -> serde_json::Value {
    serde_json::to_value(statement).expect("a statement serialises")
}

/// The statement as `xapi-data` 1.0.2 can check it. That version reads a score's range as
/// half-open (`min..max`, `score.rs`), so it refuses a full score (`raw == max`), which xAPI
/// 1.0.3 allows ("between min and max, inclusive"). The range is checked here instead, and the
/// score handed on without its maximum.
fn checkable(statement: &Statement) -> String {
    let mut value = serde_json::to_value(statement).unwrap();
    if let Some(score) = value.pointer_mut("/result/score").and_then(serde_json::Value::as_object_mut) {
        let number = |key: &str| score.get(key).and_then(serde_json::Value::as_f64);
        let (raw, min, max) = (number("raw").unwrap(), number("min").unwrap(), number("max").unwrap());
        assert!(min <= raw && raw <= max, "raw {raw} outside {min}..={max}");
        if raw == max {
            score.remove("max");
        }
    }
    value.to_string()
}

#[test]
fn every_kind_of_statement_is_valid_xapi() {
    for event in every_kind() {
        let statement = site().statement(&learning(1_796_000_000), &event);
        let text = checkable(&statement);
        let parsed: xapi_data::Statement =
            serde_json::from_str(&text).unwrap_or_else(|error| panic!("{} does not parse as xAPI: {error}\n{text}", event.kind()));
        let problems = parsed.validate();
        assert!(problems.is_empty(), "{} is not valid xAPI: {problems:?}\n{text}", event.kind());
        assert_eq!(parsed.id().map(|id| id.to_string()), Some(statement.id.clone()));
    }
}

#[test]
fn a_statement_that_breaks_the_rules_is_caught_by_the_validation() {
    // The check above must be able to fail: a verb id that is not an IRI and a scaled score out of range.
    let mut statement = site().statement(&learning(0), &LearningEvent::CourseCompleted { points: 1, max_points: 2 });
    statement.verb.id = "completed".into();
    let parsed: Result<xapi_data::Statement, _> = serde_json::from_str(&serde_json::to_string(&statement).unwrap());
    assert!(parsed.is_err() || !parsed.unwrap().validate().is_empty());
}

#[test]
fn verbs_and_kinds_match() {
    let verbs: Vec<(String, &str)> = every_kind()
        .iter()
        .map(|event| (site().statement(&learning(0), event).verb.id, event.kind()))
        .collect();
    for (verb, kind) in &verbs {
        assert!(verb.ends_with(&format!("/{kind}")), "{verb} for {kind}");
    }
    assert!(verbs.iter().any(|(verb, _)| verb == "http://id.tincanapi.com/verb/earned"));
}

#[test]
fn the_same_event_always_has_the_same_id_and_other_events_other_ids() {
    let events = every_kind();
    let ids: Vec<String> = events.iter().map(|event| site().statement(&learning(5), event).id).collect();
    // Later, the same events: the same ids, whatever the time.
    let again: Vec<String> = events.iter().map(|event| site().statement(&learning(99), event).id).collect();
    assert_eq!(ids, again);
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "{ids:?}");
    // Another deployment, another id for the same event.
    let elsewhere = Site::new("https://other.example/").statement(&learning(5), &events[0]).id;
    assert_ne!(elsewhere, ids[0]);
    assert_eq!(uuid::Uuid::parse_str(&ids[0]).unwrap().get_version_num(), 5);
}

#[test]
fn the_actor_is_a_pseudonymous_account_on_the_site() {
    let value = json(&site().statement(&learning(0), &LearningEvent::Launched));
    assert_eq!(value["actor"]["objectType"], "Agent");
    assert_eq!(value["actor"]["account"]["homePage"], "https://tiltas.example/");
    let name = value["actor"]["account"]["name"].as_str().unwrap();
    assert!(!name.contains("user-17"), "the id itself is not shown: {name}");
    assert_eq!(name, site().pseudonym("user-17"));
    assert_ne!(name, site().pseudonym("user-18"));
    assert!(value["actor"].get("mbox").is_none() && value["actor"].get("name").is_none());
}

#[test]
fn activities_are_named_per_course_version_module_question_and_step() {
    let site = site();
    assert_eq!(
        site.question_iri("identifying-victims", "v-3", "signs", "q1"),
        "https://tiltas.example/xapi/activities/courses/identifying-victims/versions/v-3/modules/signs/questions/q1"
    );
    assert_eq!(
        site.scenario_step_iri("identifying-victims", "v-3", "border-check", "talk"),
        "https://tiltas.example/xapi/activities/courses/identifying-victims/versions/v-3/scenarios/border-check/steps/talk"
    );
    assert_ne!(site.course_iri("c", "v-3"), site.course_iri("c", "v-4"));
    assert_eq!(site.module_iri("c", "v 1", "a/b"), "https://tiltas.example/xapi/activities/courses/c/versions/v%201/modules/a%2Fb");
    assert_eq!(site.certificate_iri("c0ffee"), "https://tiltas.example/verify/c0ffee");
}

#[test]
fn an_answer_carries_its_response_score_and_success_and_its_assessment() {
    let events = every_kind();
    let value = json(&site().statement(&learning(1_796_000_000), &events[2]));
    assert_eq!(value["result"]["response"], "0[,]2");
    assert_eq!(value["result"]["success"], true);
    assert_eq!(value["result"]["score"]["scaled"], 1.0);
    assert_eq!(value["object"]["definition"]["interactionType"], "choice");
    assert_eq!(value["object"]["definition"]["choices"].as_array().unwrap().len(), 4);
    assert!(value["context"]["contextActivities"]["parent"][0]["id"].as_str().unwrap().ends_with("/modules/signs/assessment"));
    assert!(value["context"]["contextActivities"]["grouping"][0]["id"].as_str().unwrap().ends_with("/versions/v-3"));
    assert_eq!(value["context"]["registration"], ENROLMENT);
    assert_eq!(value["timestamp"], "2026-11-30T00:53:20Z");
}

#[test]
fn passed_and_failed_and_completed_carry_scaled_scores() {
    let events = every_kind();
    let passed = json(&site().statement(&learning(0), &events[4]));
    assert_eq!(passed["result"]["score"]["scaled"], 0.7);
    assert_eq!(passed["result"]["success"], true);
    let failed = json(&site().statement(&learning(0), &events[5]));
    assert_eq!(failed["verb"]["id"], "http://adlnet.gov/expapi/verbs/failed");
    assert_eq!(failed["result"]["success"], false);
    let completed = json(&site().statement(&learning(0), &events[6]));
    assert_eq!(completed["result"]["score"]["raw"], 9.0);
    assert_eq!(completed["result"]["completion"], true);
    let none = site().statement(&learning(0), &LearningEvent::CourseCompleted { points: 0, max_points: 0 });
    assert!(none.result.unwrap().score.is_none(), "nothing to scale by");
}

#[test]
fn a_choice_that_ends_the_scenario_says_so() {
    let events = every_kind();
    let middle = json(&site().statement(&learning(0), &events[7]));
    assert_eq!(middle["result"]["completion"], false);
    assert_eq!(middle["result"]["response"], "1");
    let ending = json(&site().statement(&learning(0), &events[8]));
    assert_eq!(ending["result"]["completion"], true);
    assert_eq!(ending["result"]["score"]["raw"], -2.0);
}

#[test]
fn a_certificate_issued_by_hand_has_no_registration() {
    let mut by_hand = learning(0);
    by_hand.enrolment_id = None;
    let value = json(&site().statement(&by_hand, &LearningEvent::CertificateEarned { certificate_id: "c0ffee" }));
    assert!(value["context"].get("registration").is_none());
    assert_eq!(value["object"]["id"], "https://tiltas.example/verify/c0ffee");
}
