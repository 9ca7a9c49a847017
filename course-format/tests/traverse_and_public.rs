//! Scenario traversal on the example course, and the learner-facing views.

use std::path::Path;

use tiltas_course::fs::load_course_dir;
use tiltas_course::{
    Branch, Comparison, Condition, Course, Outcome, PathChoice, RichText, Scenario, ScenarioError, ScenarioNode, Step,
    best_path, choose, public_course, public_step, start,
};

fn example() -> Course {
    load_course_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/first-contact"))
        .unwrap()
        .course
}

fn scenario(course: &Course, lang: &str) -> Scenario {
    course.modules_in(lang)[0].scenarios().next().unwrap().clone()
}

/// Plays a scenario with the given choice indices; returns (ending id, outcome, score).
fn play(s: &Scenario, choices: &[usize]) -> (String, Outcome, i32) {
    let mut state = start(s).unwrap();
    let mut last = None;
    for &c in choices {
        let outcome = choose(s, &state, c).unwrap();
        state = outcome.state;
        last = outcome.ending;
    }
    assert!(state.finished);
    let e = last.expect("reached an ending");
    (e.id, e.outcome, state.score)
}

#[test]
fn every_path_through_the_example() {
    let s = scenario(&example(), "en");
    assert_eq!(play(&s, &[0, 0]), ("good-practice".into(), Outcome::GoodPractice, 3));
    assert_eq!(play(&s, &[0, 1]), ("harmful-outcome".into(), Outcome::Harmful, 0));
    assert_eq!(play(&s, &[1, 0]), ("harmful-outcome".into(), Outcome::Harmful, -2));
    assert_eq!(play(&s, &[1, 1, 0]), ("mixed-outcome".into(), Outcome::Mixed, 1));
    assert_eq!(play(&s, &[1, 1, 1]), ("harmful-outcome".into(), Outcome::Harmful, -2));
    // Lithuanian learners walk the same graph.
    let lt = scenario(&example(), "lt");
    assert_eq!(play(&lt, &[1, 1, 0]).2, 1);
}

#[test]
fn the_best_path_leads_to_the_good_practice_ending() {
    let s = scenario(&example(), "en");
    let best = best_path(&s).unwrap();
    let choices: Vec<usize> = best.iter().map(|c| c.choice).collect();
    assert_eq!(choices, [0, 0]);
    assert_eq!(play(&s, &choices).1, Outcome::GoodPractice);
    assert_eq!(best[0], PathChoice { step: s.start.clone(), choice: 0 });
}

#[test]
fn state_records_path_feedback_and_score_changes() {
    let s = scenario(&example(), "en");
    let st = start(&s).unwrap();
    assert_eq!((st.node.as_str(), st.score, st.finished), ("arrival", 0, false));
    let o = choose(&s, &st, 1).unwrap();
    assert_eq!(o.score_change, -1);
    assert!(o.feedback.markdown.starts_with("He may be controlling her"));
    assert_eq!(o.state.node, "translated-by-him");
    assert!(o.ending.is_none());
    let o = choose(&s, &o.state, 1).unwrap();
    let o = choose(&s, &o.state, 0).unwrap();
    // The branch is passed through: the path has steps and the ending only.
    assert_eq!(o.state.path, ["arrival", "translated-by-him", "separate-interview", "mixed-outcome"]);
    assert_eq!(o.ending.unwrap().points, 1);
}

#[test]
fn traversal_errors() {
    let s = scenario(&example(), "en");
    let st = start(&s).unwrap();
    assert_eq!(choose(&s, &st, 2), Err(ScenarioError::ChoiceOutOfRange { index: 2, choices: 2 }));
    let done = choose(&s, &choose(&s, &st, 0).unwrap().state, 0).unwrap().state;
    assert_eq!(choose(&s, &done, 0), Err(ScenarioError::Finished));
    let mut stale = st.clone();
    stale.node = "gone".into();
    assert_eq!(choose(&s, &stale, 0), Err(ScenarioError::UnknownNode("gone".into())));
    stale.node = "score-check".into();
    assert_eq!(choose(&s, &stale, 0), Err(ScenarioError::NotAStep("score-check".into())));
}

#[test]
fn branches_at_the_start_and_loops_in_unvalidated_scenarios() {
    let text = RichText::from_markdown("x");
    let step = |id: &str| {
        ScenarioNode::Step(Step {
            id: id.into(),
            narrative: text.clone(),
            choices: vec![],
        })
    };
    let branch = |id: &str, to: &str, other: &str| {
        ScenarioNode::Branch(Branch {
            id: id.into(),
            conditions: vec![Condition {
                comparison: Comparison::Less,
                value: 0,
                target: to.into(),
            }],
            otherwise: other.into(),
        })
    };
    let s = Scenario {
        id: "s".into(),
        title: "t".into(),
        start: "b".into(),
        nodes: vec![branch("b", "neg", "pos"), step("neg"), step("pos")],
        graded: None,
    };
    assert_eq!(start(&s).unwrap().node, "pos");
    let looping = Scenario {
        id: "s".into(),
        title: "t".into(),
        start: "b1".into(),
        nodes: vec![branch("b1", "b2", "b2"), branch("b2", "b1", "b1")],
        graded: None,
    };
    assert!(matches!(start(&looping), Err(ScenarioError::BranchLoop(_))));
}

#[test]
fn public_views_never_contain_answers() {
    let course = example();
    let public = public_course(&course);
    let json = serde_json::to_string(&public).unwrap();
    for secret in ["\"correct\"", "\"feedback\"", "\"explanation\"", "\"target\"", "\"score\"", "\"outcome\"", "\"otherwise\"", "\"conditions\""] {
        assert!(!json.contains(secret), "{secret} leaked into the public course");
    }
    // Feedback and explanation texts must not appear under another name either.
    for lang in ["en", "lt"] {
        for m in course.modules_in(lang) {
            for q in m.questions() {
                for o in &q.options {
                    if let Some(f) = &o.feedback {
                        assert!(!json.contains(&f.html), "option feedback leaked: {}", f.markdown);
                    }
                }
                assert!(!json.contains(&q.explanation.as_ref().unwrap().html));
            }
            for s in m.scenarios() {
                for n in &s.nodes {
                    if let ScenarioNode::Ending(e) = n {
                        assert!(!json.contains(&e.narrative.html), "ending leaked");
                    }
                    if let ScenarioNode::Step(st) = n {
                        for c in &st.choices {
                            assert!(!json.contains(&c.feedback.html), "choice feedback leaked");
                        }
                    }
                }
            }
        }
    }
    // ...while what the learner needs is there.
    let m = &public.modules["en"][0];
    let json_m = serde_json::to_string(m).unwrap();
    assert!(json_m.contains("Speaking with the person away from the people they came with"));
    assert!(json_m.contains("You respond to a noise complaint"));
    assert!(json_m.contains("\"kind\":\"multiple\""));
}

#[test]
fn public_step_is_only_for_steps() {
    let s = scenario(&example(), "en");
    let step = public_step(&s, "separate-interview").unwrap();
    assert_eq!(step.choices.len(), 2);
    assert!(public_step(&s, "score-check").is_none());
    assert!(public_step(&s, "good-practice").is_none());
    assert!(public_step(&s, "nope").is_none());
}

#[test]
fn full_model_round_trips_through_json() {
    let course = example();
    let json = serde_json::to_string(&course).unwrap();
    let back: Course = serde_json::from_str(&json).unwrap();
    assert_eq!(back, course);
}
