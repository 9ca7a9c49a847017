//! Progress and completion rules, as pure functions of a course and what a learner has done.
//!
//! The rules (also in docs/authoring.md, "Completing a course"):
//! - every module must be marked as read;
//! - the questions of a module are a quiz, answered one question at a time; an attempt ends when
//!   every question is answered, and passes when its points reach the course's pass mark (a
//!   percentage of the module's question points). A failed attempt may be retaken while the
//!   course's `retakes` allow; the best attempt counts;
//! - every scenario must be played to an ending; a scenario may be played again under the same
//!   `retakes` rule, and its best ending counts;
//! - the course is complete when all of that is done and the counted points (best quiz attempt
//!   per module plus best ending per scenario) reach the pass mark of the course's points.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tiltas_course::{Course, Retakes, meets_pass_mark};

/// What the rules need to know about one module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleRules {
    pub id: String,
    /// The sum of the points of the module's questions; 0 when it has none.
    pub question_points: u32,
    pub question_count: usize,
    /// Each scenario's id and the points of its best ending.
    pub scenarios: Vec<(String, u32)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRules {
    pub pass_mark: u8,
    pub retakes: Retakes,
    pub modules: Vec<ModuleRules>,
}

impl CourseRules {
    /// The rules of a course, from its source language (translations share the answer key).
    pub fn of(course: &Course) -> CourseRules {
        let modules = course
            .modules_in(&course.metadata.source_language)
            .iter()
            .map(|module| ModuleRules {
                id: module.id.clone(),
                question_points: module.question_points(),
                question_count: module.questions().count(),
                scenarios: module.scenarios().map(|s| (s.id.clone(), s.max_points())).collect(),
            })
            .collect();
        CourseRules { pass_mark: course.metadata.pass_mark, retakes: course.metadata.retakes, modules }
    }

    pub fn max_points(&self) -> u32 {
        self.modules.iter().map(|m| m.question_points + m.scenarios.iter().map(|(_, p)| p).sum::<u32>()).sum()
    }

    /// Whether another attempt (or play) may start after `used` of them.
    pub fn may_try(&self, used: u32) -> bool {
        match self.retakes {
            Retakes::Unlimited => true,
            Retakes::Limited(limit) => used < limit,
        }
    }

    pub fn passes(&self, points: u32, possible: u32) -> bool {
        meets_pass_mark(self.pass_mark, points, possible)
    }
}

/// A finished quiz attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedAttempt {
    pub module_id: String,
    pub points: u32,
    pub passed: bool,
}

/// A scenario played to an ending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedPlay {
    pub scenario_id: String,
    pub points: u32,
}

/// What a learner has done in one enrolment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerRecord {
    pub read: BTreeSet<String>,
    pub attempts: Vec<FinishedAttempt>,
    pub plays: Vec<FinishedPlay>,
}

/// Something still to do, in course order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requirement {
    ReadModule { module_id: String },
    PassQuiz { module_id: String },
    FinishScenario { module_id: String, scenario_id: String },
    /// Everything is done but the counted points are short of the pass mark: retake a quiz or
    /// replay a scenario.
    ReachPassMark { points: u32, needed_percent: u8, max_points: u32 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseStatus {
    pub remaining: Vec<Requirement>,
    /// Requirements met, as a whole percentage of all requirements.
    pub percent: u8,
    /// Best quiz attempt per module plus best ending per scenario.
    pub points: u32,
    pub max_points: u32,
}

impl CourseStatus {
    pub fn is_complete(&self) -> bool {
        self.remaining.is_empty()
    }
}

pub fn course_status(rules: &CourseRules, record: &LearnerRecord) -> CourseStatus {
    let mut remaining = Vec::new();
    let mut total = 0usize;
    let mut points = 0u32;
    for module in &rules.modules {
        total += 1;
        if !record.read.contains(&module.id) {
            remaining.push(Requirement::ReadModule { module_id: module.id.clone() });
        }
        if module.question_count > 0 {
            total += 1;
            let attempts = record.attempts.iter().filter(|a| a.module_id == module.id);
            points += attempts.clone().map(|a| a.points).max().unwrap_or(0);
            if !attempts.clone().any(|a| a.passed) {
                remaining.push(Requirement::PassQuiz { module_id: module.id.clone() });
            }
        }
        for (scenario_id, _) in &module.scenarios {
            total += 1;
            let best = record.plays.iter().filter(|p| &p.scenario_id == scenario_id).map(|p| p.points).max();
            points += best.unwrap_or(0);
            if best.is_none() {
                remaining.push(Requirement::FinishScenario { module_id: module.id.clone(), scenario_id: scenario_id.clone() });
            }
        }
    }
    let max_points = rules.max_points();
    if remaining.is_empty() && !rules.passes(points, max_points) {
        total += 1;
        remaining.push(Requirement::ReachPassMark { points, needed_percent: rules.pass_mark, max_points });
    }
    let done = total - remaining.len();
    let percent = if total == 0 { 100 } else { (done * 100 / total) as u8 };
    CourseStatus { remaining, percent, points, max_points }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(retakes: Retakes) -> CourseRules {
        CourseRules {
            pass_mark: 70,
            retakes,
            modules: vec![
                ModuleRules { id: "intro".into(), question_points: 0, question_count: 0, scenarios: vec![] },
                ModuleRules { id: "signs".into(), question_points: 3, question_count: 3, scenarios: vec![] },
                ModuleRules {
                    id: "contact".into(),
                    question_points: 2,
                    question_count: 2,
                    scenarios: vec![("patrol".into(), 5)],
                },
            ],
        }
    }

    fn attempt(module: &str, points: u32, passed: bool) -> FinishedAttempt {
        FinishedAttempt { module_id: module.into(), points, passed }
    }

    fn all_read() -> BTreeSet<String> {
        ["intro", "signs", "contact"].into_iter().map(String::from).collect()
    }

    #[test]
    fn a_new_learner_has_everything_left_in_course_order() {
        let status = course_status(&rules(Retakes::Unlimited), &LearnerRecord::default());
        assert_eq!(status.percent, 0);
        assert_eq!(status.max_points, 10);
        assert_eq!(
            status.remaining,
            vec![
                Requirement::ReadModule { module_id: "intro".into() },
                Requirement::ReadModule { module_id: "signs".into() },
                Requirement::PassQuiz { module_id: "signs".into() },
                Requirement::ReadModule { module_id: "contact".into() },
                Requirement::PassQuiz { module_id: "contact".into() },
                Requirement::FinishScenario { module_id: "contact".into(), scenario_id: "patrol".into() },
            ]
        );
    }

    #[test]
    fn the_best_attempt_and_best_play_count_and_completion_needs_everything() {
        let record = LearnerRecord {
            read: all_read(),
            attempts: vec![attempt("signs", 1, false), attempt("signs", 3, true), attempt("contact", 2, true)],
            plays: vec![FinishedPlay { scenario_id: "patrol".into(), points: 2 }, FinishedPlay { scenario_id: "patrol".into(), points: 5 }],
        };
        let status = course_status(&rules(Retakes::Unlimited), &record);
        assert!(status.is_complete());
        assert_eq!((status.points, status.percent), (10, 100));

        let mut unread = record.clone();
        unread.read.remove("intro");
        let status = course_status(&rules(Retakes::Unlimited), &unread);
        assert_eq!(status.remaining, vec![Requirement::ReadModule { module_id: "intro".into() }]);
        assert_eq!(status.percent, 83, "5 of 6 requirements met");
    }

    #[test]
    fn passing_every_quiz_is_not_enough_when_the_course_total_is_short() {
        // Quizzes passed, but the scenario ended badly: 3 + 2 + 1 = 6 of 10 is under 70 %.
        let record = LearnerRecord {
            read: all_read(),
            attempts: vec![attempt("signs", 3, true), attempt("contact", 2, true)],
            plays: vec![FinishedPlay { scenario_id: "patrol".into(), points: 1 }],
        };
        let status = course_status(&rules(Retakes::Unlimited), &record);
        assert_eq!(status.remaining, vec![Requirement::ReachPassMark { points: 6, needed_percent: 70, max_points: 10 }]);
    }

    #[test]
    fn retakes_limit_the_number_of_attempts() {
        assert!(rules(Retakes::Limited(2)).may_try(1));
        assert!(!rules(Retakes::Limited(2)).may_try(2));
        assert!(rules(Retakes::Unlimited).may_try(1000));
    }

    #[test]
    fn a_course_without_points_is_passed_by_doing_it() {
        let rules = CourseRules {
            pass_mark: 80,
            retakes: Retakes::Unlimited,
            modules: vec![ModuleRules { id: "only".into(), question_points: 0, question_count: 0, scenarios: vec![] }],
        };
        let record = LearnerRecord { read: ["only".to_string()].into(), ..Default::default() };
        assert!(course_status(&rules, &record).is_complete());
    }
}
