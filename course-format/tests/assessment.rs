//! Graded assessments in the format: the front-matter keys, question topics, graded scenarios,
//! the checks against the bank, and translations that must keep the same settings.

use tiltas_course::{Code, ModuleContext, Reveal, SourceFile, check_module_text, draw_questions, parse_course};

const SOURCES: &str = "\n## Sources\n\n- A source.\n";

fn front(extra: &str) -> String {
    format!("+++\nid = \"final\"\ntitle = \"Final\"\norder = 1\nestimated_minutes = 5\nobjectives = [\"o\"]\n{extra}+++\n")
}

fn question(id: &str, topic: &str) -> String {
    format!("::: question {id}\nkind: single\ntopic: {topic}\nWhich?\n\n- [ ] A\n  feedback: No.\n- [x] B\n  feedback: Yes.\n\nexplanation: Why.\n:::\n\n")
}

fn bank(law: usize, care: usize) -> String {
    let mut body = String::new();
    for i in 0..law {
        body.push_str(&question(&format!("law-{i}"), "law"));
    }
    for i in 0..care {
        body.push_str(&question(&format!("care-{i}"), "care"));
    }
    body
}

fn check(text: &str) -> tiltas_course::ModuleCheck {
    check_module_text("01-final.en.md", text, &ModuleContext::default())
}

fn problems(text: &str) -> Vec<(Code, u32, String)> {
    check(text).diagnostics.iter().map(|d| (d.code, d.line, d.message.clone())).collect()
}

#[test]
fn a_graded_assessment_with_every_setting() {
    let text = format!(
        "{}\n{}{SOURCES}",
        front("assessment = \"graded\"\ndraw = 4\nquotas = { care = 2 }\nattempts = 2\nretake_after = \"24h\"\nreveal = \"right-or-wrong\"\n"),
        bank(4, 2)
    );
    let checked = check(&text);
    let module = checked.module.unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let assessment = module.metadata.assessment.clone().unwrap();
    assert_eq!(assessment.draw, Some(4));
    assert_eq!(assessment.quotas.get("care"), Some(&2));
    assert_eq!(assessment.attempts, 2);
    assert_eq!(assessment.retake_after_seconds, Some(86_400));
    assert_eq!(assessment.reveal, Reveal::RightOrWrong);
    assert_eq!(module.questions().next().unwrap().topic.as_deref(), Some("law"));
    assert_eq!(module.assessment_points(), 4);
    let drawn = draw_questions(&module, 1);
    assert_eq!(drawn.len(), 4);
    assert_eq!(drawn.iter().filter(|d| d.question_id.starts_with("care")).count(), 2);
}

#[test]
fn defaults_are_three_attempts_the_whole_bank_and_the_strict_rule() {
    let module = check(&format!("{}\n{}{SOURCES}", front("assessment = \"graded\"\n"), bank(3, 0))).module.unwrap();
    let assessment = module.metadata.assessment.unwrap();
    assert_eq!((assessment.draw, assessment.attempts, assessment.reveal), (None, 3, Reveal::Strict));
    assert_eq!(assessment.retake_after_seconds, None);
    let practice = check(&format!("{}\n{}{SOURCES}", front(""), bank(3, 0))).module.unwrap();
    assert!(practice.metadata.assessment.is_none());
}

#[test]
fn a_bank_smaller_than_draw_is_an_error_at_the_draw_line() {
    let text = format!("{}\n{}{SOURCES}", front("assessment = \"graded\"\ndraw = 10\n"), bank(8, 0));
    let found = problems(&text);
    assert!(
        found.contains(&(Code::Assessment, 8, "`draw = 10` but the bank has only 8 questions".into())),
        "{found:?}"
    );
    assert!(check(&text).module.is_none());
}

#[test]
fn quotas_that_cannot_be_met_are_errors() {
    let text = format!("{}\n{}{SOURCES}", front("assessment = \"graded\"\ndraw = 3\nquotas = { care = 2, law = 2, signs = 1 }\n"), bank(3, 1));
    let messages: Vec<String> = problems(&text).into_iter().filter(|(c, l, _)| *c == Code::Assessment && *l == 9).map(|(_, _, m)| m).collect();
    assert!(messages.contains(&"the quota for `care` is 2 but the bank has 1 questions with `topic: care`".to_string()), "{messages:?}");
    assert!(messages.contains(&"the quota for `signs` is 1 but the bank has 0 questions with `topic: signs`".to_string()));
    assert!(messages.contains(&"the quotas add up to 5, more than the 3 questions drawn".to_string()));
}

#[test]
fn assessment_settings_without_a_graded_assessment_and_bad_values_are_errors() {
    let found = problems(&format!("{}\n{}{SOURCES}", front("draw = 2\n"), bank(3, 0)));
    assert!(found.iter().any(|(c, l, _)| *c == Code::Assessment && *l == 7), "{found:?}");
    let found = problems(&format!(
        "{}\n{}{SOURCES}",
        front("assessment = \"final\"\n"),
        bank(3, 0)
    ));
    assert!(found.iter().any(|(c, l, m)| *c == Code::InvalidValue && *l == 7 && m.contains("final")), "{found:?}");
    let found = problems(&format!(
        "{}\n{}{SOURCES}",
        front("assessment = \"graded\"\nretake_after = \"tomorrow\"\nreveal = \"never\"\nattempts = 0\n"),
        bank(3, 0)
    ));
    for line in [8, 9, 10] {
        assert!(found.iter().any(|(c, l, _)| *c == Code::InvalidValue && *l == line), "line {line}: {found:?}");
    }
    let found = problems(&format!("{}\n{}{SOURCES}", front("assessment = \"graded\"\n"), ""));
    assert!(found.iter().any(|(c, _, m)| *c == Code::Assessment && m == "a graded assessment needs questions"), "{found:?}");
}

#[test]
fn a_topic_must_be_a_name_and_come_before_the_question_text() {
    let text = format!("{}\n::: question q\nkind: single\ntopic: Law and Order\nWhich?\n\n- [x] A\n:::\n{SOURCES}", front(""));
    assert!(problems(&text).iter().any(|(c, l, _)| *c == Code::QuestionSyntax && *l == 11));
}

const SCENARIO: &str = "::: scenario s\ntitle: S\nassessment: graded\nattempts: 2\nstart: a\n\n@step a\nWhat now?\n\n\
                        - Go -> end (+1)\n  feedback: Fine.\n\n@ending end\noutcome: good-practice\npoints: 1\nDone.\n:::\n";

#[test]
fn a_scenario_can_be_graded_with_its_own_attempts() {
    let module = check(&format!("{}\n{SCENARIO}{SOURCES}", front(""))).module.unwrap();
    let scenario = module.scenarios().next().unwrap();
    assert_eq!(scenario.graded.map(|g| g.attempts), Some(2));
    assert_eq!(module.graded_points(), 1);

    let once = check(&format!("{}\n{}{SOURCES}", front(""), SCENARIO.replace("attempts: 2\n", ""))).module.unwrap();
    assert_eq!(once.scenarios().next().unwrap().graded.map(|g| g.attempts), Some(1));

    let practice = SCENARIO.replace("assessment: graded\n", "");
    let found = problems(&format!("{}\n{practice}{SOURCES}", front("")));
    assert!(found.iter().any(|(c, _, m)| *c == Code::Assessment && m.contains("attempts")), "{found:?}");
}

#[test]
fn a_translation_must_keep_the_assessment_settings_and_topics() {
    let toml = "source_language = \"en\"\nlanguages = [\"en\", \"lt\"]\naudience = [\"any\"]\nestimated_minutes = 5\npass_mark = 50\n\
                self_enrolment = false\n[certificate]\nawarded = true\n[title]\nen = \"T\"\nlt = \"T\"\n[summary]\nen = \"S\"\nlt = \"S\"\n";
    let en = format!("{}\n{}{SOURCES}", front("assessment = \"graded\"\ndraw = 2\n"), bank(3, 0));
    let lt = format!("{}\n{}\n## Šaltiniai\n\n- Šaltinis.\n", front("translation_status = \"draft\"\nassessment = \"graded\"\ndraw = 3\n"), bank(2, 1));
    let files = vec![
        SourceFile::new("course.toml", toml),
        SourceFile::new("01-final.en.md", en),
        SourceFile::new("01-final.lt.md", lt),
    ];
    let diags = parse_course("demo", &files).unwrap_err();
    let mismatches: Vec<String> =
        diags.iter().filter(|d| d.code == Code::TranslationMismatch).map(|d| d.message.clone()).collect();
    assert!(mismatches.iter().any(|m| m.contains("assessment settings")), "{mismatches:?}");
    assert!(mismatches.iter().any(|m| m.contains("question `law-2`")), "{mismatches:?}");
}

#[test]
fn a_course_stored_before_graded_assessments_still_loads_as_practice() {
    // Stored course versions are JSON; those written before this format had `retakes` and no
    // `assessment`, `topic` or `graded` keys. They must load, with everything practice.
    let toml = "source_language = \"en\"\nlanguages = [\"en\"]\naudience = [\"any\"]\nestimated_minutes = 5\npass_mark = 50\n\
                self_enrolment = false\n[certificate]\nawarded = true\n[title]\nen = \"T\"\n[summary]\nen = \"S\"\n";
    let files = vec![
        SourceFile::new("course.toml", toml),
        SourceFile::new("01-final.en.md", format!("{}\n{}{SCENARIO}{SOURCES}", front(""), bank(2, 0))),
    ];
    let course = parse_course("demo", &files).unwrap().course;
    let mut json: serde_json::Value = serde_json::to_value(&course).unwrap();
    json["retakes"] = serde_json::json!("unlimited");
    let module = &mut json["modules"]["en"][0];
    module.as_object_mut().unwrap().remove("assessment");
    for block in module["blocks"].as_array_mut().unwrap() {
        let block = block.as_object_mut().unwrap();
        block.remove("topic");
        block.remove("graded");
    }
    let old: tiltas_course::Course = serde_json::from_value(json).unwrap();
    let module = &old.modules_in("en")[0];
    assert!(module.metadata.assessment.is_none() && module.questions().all(|q| q.topic.is_none()));
    assert!(module.scenarios().all(|s| s.graded.is_none()));
    assert_eq!(old.max_points(), 0, "nothing graded: the course is completed by reading");
}

#[test]
fn a_correct_option_much_longer_than_the_others_is_a_warning_in_an_assessment() {
    let give_away = "::: question long\nkind: single\ntopic: law\nWhich?\n\n- [ ] No\n  feedback: No.\n- [ ] Never\n  feedback: No.\n\
                     - [x] Only where the person was compelled to commit it as a direct consequence of being trafficked\n  feedback: Yes.\n:::\n";
    let graded = format!("{}\n{}{give_away}{SOURCES}", front("assessment = \"graded\"\n"), bank(1, 0));
    let found = problems(&graded);
    assert!(found.iter().any(|(c, l, m)| *c == Code::Suspicious && *l == 32 && m.contains("much longer")), "{found:?}");
    // Practice may explain itself at length.
    let practice = format!("{}\n{}{give_away}{SOURCES}", front(""), bank(1, 0));
    assert!(!problems(&practice).iter().any(|(c, _, _)| *c == Code::Suspicious));
}
