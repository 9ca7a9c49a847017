//! What learners have done, read in batches: for one enrolment or for every enrolment of a
//! learner, a course or the whole deployment, with one query (reads, attempts, plays, grants
//! and completions together, `storage::activity_rows`), so a page's query count does not grow
//! with the number of learners.

use crate::domain::progress::{AttemptRecord, CourseStatus, GrantRecord, LearnerRecord, PlayRecord, course_status};
use crate::server::storage::activity::{Attempt, Play};
use crate::server::storage::activity_rows::activity_rows;
use crate::server::storage::assessments::Grant;
use crate::server::storage::enrolments::{Completion, EnrolmentScope};
use crate::server::storage::StorageResult;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

use super::Enrolled;

/// Everything done in one enrolment.
#[derive(Clone, Debug, Default)]
pub struct Activity {
    pub read: BTreeSet<String>,
    /// In attempt order per module.
    pub attempts: Vec<Attempt>,
    /// In play order per scenario.
    pub plays: Vec<Play>,
    /// Extra attempts granted, oldest first.
    pub grants: Vec<Grant>,
    pub completion: Option<Completion>,
}

impl Activity {
    /// The attempts at one module's quiz, oldest first.
    pub fn module_attempts(&self, module_id: &str) -> Vec<&Attempt> {
        self.attempts.iter().filter(|a| a.module_id == module_id).collect()
    }

    /// The plays of one scenario, oldest first.
    pub fn scenario_plays(&self, scenario_id: &str) -> Vec<&Play> {
        self.plays.iter().filter(|p| p.scenario_id == scenario_id).collect()
    }

    /// What the completion rules look at.
    pub fn record(&self) -> LearnerRecord {
        LearnerRecord {
            read: self.read.clone(),
            attempts: self
                .attempts
                .iter()
                .map(|a| AttemptRecord {
                    module_id: a.module_id.clone(),
                    points: a.points.max(0) as u32,
                    max_points: a.max_points.max(0) as u32,
                    passed: a.passed,
                    finished_at: a.finished_at,
                })
                .collect(),
            plays: self
                .plays
                .iter()
                .map(|p| PlayRecord { scenario_id: p.scenario_id.clone(), points: p.points.max(0) as u32, finished_at: p.finished_at })
                .collect(),
            grants: self.grants.iter().map(|g| GrantRecord { item_id: g.item_id.clone(), attempts_before: g.attempts_before.max(0) as u32 }).collect(),
        }
    }

    pub fn status(&self, enrolled: &Enrolled) -> CourseStatus {
        course_status(&enrolled.rules, &self.record())
    }
}

/// The activity of every enrolment in `scope`, by enrolment id. Enrolments with no activity
/// are absent; `Activity::default()` stands for them.
pub async fn activities(conn: &mut AnyConnection, scope: EnrolmentScope<'_>) -> StorageResult<HashMap<String, Activity>> {
    let rows = activity_rows(conn, scope).await?;
    let mut by_enrolment: HashMap<String, Activity> = HashMap::new();
    for (enrolment_id, module_id) in rows.reads {
        by_enrolment.entry(enrolment_id).or_default().read.insert(module_id);
    }
    for attempt in rows.attempts {
        by_enrolment.entry(attempt.enrolment_id.clone()).or_default().attempts.push(attempt);
    }
    for play in rows.plays {
        by_enrolment.entry(play.enrolment_id.clone()).or_default().plays.push(play);
    }
    for grant in rows.grants {
        by_enrolment.entry(grant.enrolment_id.clone()).or_default().grants.push(grant);
    }
    for completion in rows.completions {
        let enrolment_id = completion.enrolment_id.clone();
        by_enrolment.entry(enrolment_id).or_default().completion = Some(completion);
    }
    Ok(by_enrolment)
}

/// The activity of one enrolment.
pub async fn activity(conn: &mut AnyConnection, enrolment_id: &str) -> StorageResult<Activity> {
    Ok(activities(conn, EnrolmentScope::Enrolment(enrolment_id)).await?.remove(enrolment_id).unwrap_or_default())
}

