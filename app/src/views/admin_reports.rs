//! The administrators' reports: completion by course, organisation or cohort with its charts,
//! the drill-down to the people behind a count, and one person's enrolments and attempts.

use crate::domain::certificates::CertificateState;
use crate::domain::reporting::{ChartSeries, CompletionCounts, ProgressState, ReportFilter, ReportStatus};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// What the filter form offers, limited to the administrator's scope.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReportChoices {
    /// (slug, title) of every published course.
    pub courses: Vec<(String, String)>,
    /// (id, name) of every organisation, for a platform administrator; `None` for an
    /// organisation administrator, who sees their own only.
    pub organisations: Option<Vec<(String, String)>>,
    /// (id, name) of the cohorts the administrator may report on.
    pub cohorts: Vec<(String, String)>,
}

/// One row of the completion table.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CompletionRow {
    /// The course slug, organisation id or cohort id; `None` for the people in no organisation
    /// or no cohort.
    pub key: Option<String>,
    pub label: String,
    pub counts: CompletionCounts,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CompletionReport {
    pub filter: ReportFilter,
    /// A filter that could not be read (the field and its message); the report then uses the
    /// default in its place.
    pub field_error: Option<(String, Msg)>,
    pub choices: ReportChoices,
    pub rows: Vec<CompletionRow>,
    pub totals: CompletionCounts,
    /// The completions chart: the months ("YYYY-MM") and a line per organisation (at most
    /// `reporting::CHART_ORGANISATIONS` plus "others").
    pub months: Vec<String>,
    pub completions_by_month: Vec<ChartSeries>,
    /// People's best scores at graded assessments, counted per 10 % band.
    pub score_bands: Vec<i64>,
}

/// One line of a drill-down: an enrolment, or for certificate counts a certificate.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportPersonRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub course_title: String,
    pub state: Option<ProgressState>,
    pub due_at: Option<i64>,
    pub overdue: bool,
    pub completed_at: Option<i64>,
    pub issued_at: Option<i64>,
    pub expires_at: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportPeople {
    pub filter: ReportFilter,
    pub status: ReportStatus,
    pub rows: Vec<ReportPersonRow>,
    /// The `after` of the next page, when there is one.
    pub next_after: Option<String>,
    /// Whether this is a later page (so a link back to the first is shown).
    pub later_page: bool,
}

/// One attempt at a graded assessment or one play of a graded scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonAttempt {
    pub item_title: String,
    pub number: i64,
    pub points: i64,
    pub max_points: i64,
    /// `None` for a scenario play, which is not passed or failed on its own.
    pub passed: Option<bool>,
    pub finished_at: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonEnrolment {
    pub course_title: String,
    pub state: ProgressState,
    pub percent: u8,
    pub enrolled_at: i64,
    pub due_at: Option<i64>,
    pub overdue: bool,
    pub completed_at: Option<i64>,
    pub attempts: Vec<PersonAttempt>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonCertificate {
    pub id: String,
    pub code: String,
    pub course_title: String,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub state: CertificateState,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportPersonDetail {
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub cohorts: Vec<String>,
    pub deactivated: bool,
    pub enrolments: Vec<PersonEnrolment>,
    pub certificates: Vec<PersonCertificate>,
}
