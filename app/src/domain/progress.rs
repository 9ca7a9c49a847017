//! Progress and completion rules, as pure functions of a course and what a learner has done.
//!
//! The rules (also in docs/authoring.md, "How a learner completes a course"):
//! - every practice module must be marked as read; its questions are practice, with feedback
//!   straight away, as many tries as the learner likes, and they do not count;
//! - every graded assessment must be passed: an attempt passes when its points reach the course's
//!   pass mark (a percentage of the points of the questions drawn for it), within the attempts
//!   its rule and any grants allow;
//! - every graded scenario must be played to an ending; its best graded play counts;
//! - the course is complete when all of that is done and the counted points (the best attempt
//!   per assessment plus the best play per graded scenario) reach the pass mark of the points
//!   they could have earned. A course without graded items is complete once every module is read.

use crate::domain::assessment::{AttemptHistory, AttemptRule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tiltas_course::{Course, Reveal, meets_pass_mark};

/// A graded assessment's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRules {
    pub rule: AttemptRule,
    pub reveal: Reveal,
    /// The most one attempt can be worth; what an assessment not yet taken counts for.
    pub max_points: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRules {
    pub id: String,
    /// The points of its best ending.
    pub max_points: u32,
    /// `None` for a practice scenario, replayed freely and not counted.
    pub graded: Option<AttemptRule>,
}

/// What the rules need to know about one module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleRules {
    pub id: String,
    /// `None` for a practice module, which is read rather than passed.
    pub assessment: Option<AssessmentRules>,
    pub scenarios: Vec<ScenarioRules>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRules {
    pub pass_mark: u8,
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
                assessment: module.metadata.assessment.as_ref().map(|a| AssessmentRules {
                    rule: AttemptRule { attempts: a.attempts, wait_seconds: a.retake_after_seconds },
                    reveal: a.reveal,
                    max_points: module.assessment_points(),
                }),
                scenarios: module
                    .scenarios()
                    .map(|s| ScenarioRules {
                        id: s.id.clone(),
                        max_points: s.max_points(),
                        graded: s.graded.map(|g| AttemptRule { attempts: g.attempts, wait_seconds: None }),
                    })
                    .collect(),
            })
            .collect();
        CourseRules { pass_mark: course.metadata.pass_mark, modules }
    }

    pub fn module(&self, module_id: &str) -> Option<&ModuleRules> {
        self.modules.iter().find(|m| m.id == module_id)
    }

    pub fn scenario(&self, scenario_id: &str) -> Option<&ScenarioRules> {
        self.modules.iter().flat_map(|m| &m.scenarios).find(|s| s.id == scenario_id)
    }

    pub fn passes(&self, points: u32, possible: u32) -> bool {
        meets_pass_mark(self.pass_mark, points, possible)
    }
}

/// An attempt at a module's questions, open (`finished_at` is `None`) or finished.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub module_id: String,
    pub points: u32,
    pub max_points: u32,
    pub passed: bool,
    pub finished_at: Option<i64>,
}

/// A play of a scenario, in progress or ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayRecord {
    pub scenario_id: String,
    pub points: u32,
    pub finished_at: Option<i64>,
}

/// An extra attempt an administrator granted at an assessment or graded scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRecord {
    pub item_id: String,
    /// Attempts the learner had started when it was granted.
    pub attempts_before: u32,
}

/// What a learner has done in one enrolment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerRecord {
    pub read: BTreeSet<String>,
    pub attempts: Vec<AttemptRecord>,
    pub plays: Vec<PlayRecord>,
    pub grants: Vec<GrantRecord>,
}

impl LearnerRecord {
    fn with_grants(&self, item_id: &str, mut history: AttemptHistory) -> AttemptHistory {
        let grants = self.grants.iter().filter(|g| g.item_id == item_id);
        history.grants = grants.clone().count() as u32;
        history.granted_since_last_attempt = grants.map(|g| g.attempts_before).max() == Some(history.used);
        history
    }

    /// The history of a module's assessment.
    pub fn assessment_history(&self, module_id: &str) -> AttemptHistory {
        let attempts = self.attempts.iter().filter(|a| a.module_id == module_id);
        let history = AttemptHistory {
            used: attempts.clone().count() as u32,
            open: attempts.clone().any(|a| a.finished_at.is_none()),
            passed: attempts.clone().any(|a| a.passed),
            last_finished_at: attempts.filter_map(|a| a.finished_at).max(),
            ..AttemptHistory::default()
        };
        self.with_grants(module_id, history)
    }

    /// The history of a scenario's plays; a scenario is never "passed", its best play counts.
    pub fn scenario_history(&self, scenario_id: &str) -> AttemptHistory {
        let plays = self.plays.iter().filter(|p| p.scenario_id == scenario_id);
        let history = AttemptHistory {
            used: plays.clone().count() as u32,
            open: plays.clone().any(|p| p.finished_at.is_none()),
            passed: false,
            last_finished_at: plays.filter_map(|p| p.finished_at).max(),
            ..AttemptHistory::default()
        };
        self.with_grants(scenario_id, history)
    }

    /// The best finished attempt at an assessment, by its share of the points it could earn.
    fn best_attempt(&self, module_id: &str) -> Option<&AttemptRecord> {
        self.attempts
            .iter()
            .filter(|a| a.module_id == module_id && a.finished_at.is_some())
            .max_by(|a, b| (u64::from(a.points) * u64::from(b.max_points.max(1))).cmp(&(u64::from(b.points) * u64::from(a.max_points.max(1)))))
    }

    fn best_play(&self, scenario_id: &str) -> Option<u32> {
        self.plays.iter().filter(|p| p.scenario_id == scenario_id && p.finished_at.is_some()).map(|p| p.points).max()
    }
}

/// Something still to do, in course order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requirement {
    ReadModule { module_id: String },
    PassAssessment { module_id: String },
    FinishScenario { module_id: String, scenario_id: String },
    /// Everything is done but the counted points are short of the pass mark: replay a graded
    /// scenario while plays remain.
    ReachPassMark { points: u32, needed_percent: u8, max_points: u32 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseStatus {
    pub remaining: Vec<Requirement>,
    /// Requirements met, as a whole percentage of all requirements.
    pub percent: u8,
    /// The best attempt per assessment plus the best play per graded scenario.
    pub points: u32,
    pub max_points: u32,
    /// The course cannot be completed without an administrator granting another attempt: an
    /// assessment failed with no attempt left, or the pass mark missed with no replay left.
    pub failed: bool,
}

impl CourseStatus {
    pub fn is_complete(&self) -> bool {
        self.remaining.is_empty()
    }
}

pub fn course_status(rules: &CourseRules, record: &LearnerRecord) -> CourseStatus {
    let mut remaining = Vec::new();
    let mut total = 0usize;
    let (mut points, mut max_points) = (0u32, 0u32);
    let mut failed = false;
    let mut replays_left = false;
    for module in &rules.modules {
        total += 1;
        match &module.assessment {
            None if !record.read.contains(&module.id) => remaining.push(Requirement::ReadModule { module_id: module.id.clone() }),
            None => {}
            Some(assessment) => {
                let best = record.best_attempt(&module.id);
                points += best.map_or(0, |a| a.points);
                max_points += best.map_or(assessment.max_points, |a| a.max_points);
                let history = record.assessment_history(&module.id);
                if !history.passed {
                    remaining.push(Requirement::PassAssessment { module_id: module.id.clone() });
                    failed |= !history.open && assessment.rule.remaining(&history) == 0;
                }
            }
        }
        for scenario in &module.scenarios {
            let Some(rule) = scenario.graded else { continue };
            total += 1;
            let best = record.best_play(&scenario.id);
            points += best.unwrap_or(0);
            max_points += scenario.max_points;
            let history = record.scenario_history(&scenario.id);
            replays_left |= history.open || rule.remaining(&history) > 0;
            if best.is_none() {
                remaining.push(Requirement::FinishScenario { module_id: module.id.clone(), scenario_id: scenario.id.clone() });
            }
        }
    }
    if remaining.is_empty() && !rules.passes(points, max_points) {
        total += 1;
        remaining.push(Requirement::ReachPassMark { points, needed_percent: rules.pass_mark, max_points });
        failed |= !replays_left;
    }
    let done = total - remaining.len();
    let percent = (done * 100).checked_div(total).map_or(100, |percent| percent as u8);
    CourseStatus { remaining, percent, points, max_points, failed }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATTEMPTS: AttemptRule = AttemptRule { attempts: 2, wait_seconds: None };

    /// A practice module, a graded assessment worth 10 and a module with a graded scenario (worth
    /// 5, two plays) and a practice one.
    fn rules() -> CourseRules {
        CourseRules {
            pass_mark: 70,
            modules: vec![
                ModuleRules { id: "intro".into(), assessment: None, scenarios: vec![] },
                ModuleRules {
                    id: "final".into(),
                    assessment: Some(AssessmentRules { rule: ATTEMPTS, reveal: Reveal::Strict, max_points: 10 }),
                    scenarios: vec![],
                },
                ModuleRules {
                    id: "contact".into(),
                    assessment: None,
                    scenarios: vec![
                        ScenarioRules { id: "patrol".into(), max_points: 5, graded: Some(ATTEMPTS) },
                        ScenarioRules { id: "warm-up".into(), max_points: 3, graded: None },
                    ],
                },
            ],
        }
    }

    fn attempt(points: u32, passed: bool, finished_at: i64) -> AttemptRecord {
        AttemptRecord { module_id: "final".into(), points, max_points: 10, passed, finished_at: Some(finished_at) }
    }

    fn play(points: u32) -> PlayRecord {
        PlayRecord { scenario_id: "patrol".into(), points, finished_at: Some(1) }
    }

    fn all_read() -> BTreeSet<String> {
        ["intro", "contact"].into_iter().map(String::from).collect()
    }

    #[test]
    fn a_new_learner_has_the_graded_items_and_practice_reading_left_in_course_order() {
        let status = course_status(&rules(), &LearnerRecord::default());
        assert_eq!((status.percent, status.max_points, status.failed), (0, 15, false));
        assert_eq!(
            status.remaining,
            vec![
                Requirement::ReadModule { module_id: "intro".into() },
                Requirement::PassAssessment { module_id: "final".into() },
                Requirement::ReadModule { module_id: "contact".into() },
                Requirement::FinishScenario { module_id: "contact".into(), scenario_id: "patrol".into() },
            ]
        );
    }

    #[test]
    fn practice_counts_for_nothing_and_the_best_graded_results_count() {
        let record = LearnerRecord {
            read: all_read(),
            attempts: vec![
                attempt(4, false, 1),
                attempt(8, true, 2),
                // A practice attempt at another module does not count.
                AttemptRecord { module_id: "intro".into(), points: 0, max_points: 3, passed: false, finished_at: Some(3) },
            ],
            plays: vec![play(2), play(5), PlayRecord { scenario_id: "warm-up".into(), points: 0, finished_at: Some(1) }],
            grants: vec![],
        };
        let status = course_status(&rules(), &record);
        assert!(status.is_complete());
        assert_eq!((status.points, status.max_points, status.percent), (13, 15, 100));

        let mut unread = record.clone();
        unread.read.remove("intro");
        let status = course_status(&rules(), &unread);
        assert_eq!(status.remaining, vec![Requirement::ReadModule { module_id: "intro".into() }]);
        assert_eq!(status.percent, 75, "3 of 4 requirements met");
    }

    #[test]
    fn an_assessment_failed_with_no_attempt_left_fails_the_course_until_a_grant() {
        let mut record = LearnerRecord { read: all_read(), attempts: vec![attempt(3, false, 1), attempt(5, false, 2)], plays: vec![play(5)], grants: vec![] };
        let status = course_status(&rules(), &record);
        assert!(status.failed);
        assert_eq!(status.remaining, vec![Requirement::PassAssessment { module_id: "final".into() }]);

        record.grants.push(GrantRecord { item_id: "final".into(), attempts_before: 2 });
        assert!(!course_status(&rules(), &record).failed, "the granted attempt can still be taken");
        record.attempts.push(AttemptRecord { finished_at: None, ..attempt(0, false, 0) });
        assert!(!course_status(&rules(), &record).failed, "an attempt in progress is not a failure");
    }

    #[test]
    fn the_pass_mark_is_over_the_graded_points_and_replays_can_still_reach_it() {
        // Assessment passed with 7 of 10, scenario ended with 0 of 5: 7 of 15 is under 70 %.
        let mut record = LearnerRecord { read: all_read(), attempts: vec![attempt(7, true, 1)], plays: vec![play(0)], grants: vec![] };
        let status = course_status(&rules(), &record);
        assert_eq!(status.remaining, vec![Requirement::ReachPassMark { points: 7, needed_percent: 70, max_points: 15 }]);
        assert!(!status.failed, "one graded play is left");
        record.plays.push(play(1));
        assert!(course_status(&rules(), &record).failed, "no play left and the pass mark missed");
    }

    #[test]
    fn a_course_without_graded_items_is_complete_once_read() {
        let rules = CourseRules { pass_mark: 80, modules: vec![ModuleRules { id: "only".into(), assessment: None, scenarios: vec![] }] };
        let record = LearnerRecord { read: ["only".to_string()].into(), ..Default::default() };
        let status = course_status(&rules, &record);
        assert!(status.is_complete());
        assert_eq!(status.max_points, 0);
    }
}
