//! Cohorts as administrators see them: the list in their scope, and one cohort with its members
//! and course assignments.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub id: String,
    pub name: String,
    /// `None`: across organisations.
    pub organisation_name: Option<String>,
    pub members: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortsOverview {
    pub cohorts: Vec<CohortSummary>,
    pub page: u32,
    pub has_next: bool,
    /// What the new cohort form offers: every organisation for a platform administrator (who
    /// may also choose "across organisations"); empty for an organisation administrator, whose
    /// cohorts are always their own organisation's.
    pub organisations: Vec<(String, String)>,
    pub platform: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortMember {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub joined_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortCourse {
    pub course_slug: String,
    pub title: String,
    pub due_at: Option<i64>,
    pub assigned_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortDetail {
    pub id: String,
    pub name: String,
    pub organisation_name: Option<String>,
    pub member_count: i64,
    pub members: Vec<CohortMember>,
    pub page: u32,
    pub has_next: bool,
    pub assignments: Vec<CohortCourse>,
    /// The published courses the assignment form offers, as (slug, title).
    pub courses: Vec<(String, String)>,
}
