//! Overview pages for trainers and administrators: a course's results, and assignments.

use crate::domain::assessment::QuestionFlag;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionResultRow {
    pub module_title: String,
    pub question_id: String,
    pub prompt_html: String,
    pub answers: i64,
    pub correct_percent: i64,
    /// How many attempts drew it, for a graded assessment's question.
    pub drawn: Option<i64>,
    pub flag: Option<QuestionFlag>,
}

/// One learner of a course, for administrators.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LearnerResult {
    pub user_id: String,
    pub name: String,
    pub percent: u8,
    /// No attempt left where one is needed.
    pub failed: bool,
    /// The graded items not yet passed, (id, title): what another attempt can be granted at.
    pub grantable: Vec<(String, String)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChoiceCount {
    pub choice_html: String,
    pub times: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StepResults {
    pub scenario_title: String,
    pub step_id: String,
    pub narrative_html: String,
    pub choices: Vec<ChoiceCount>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CourseResults {
    pub slug: String,
    pub title: String,
    pub enrolled: i64,
    pub completed: i64,
    pub questions: Vec<QuestionResultRow>,
    pub steps: Vec<StepResults>,
    /// Names and progress; only for administrators.
    pub learners: Option<Vec<LearnerResult>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub learner: String,
    pub course: String,
    pub due_at: Option<i64>,
    pub percent: u8,
    pub completed_at: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AssignmentsOverview {
    /// (id, "name (email)") of every learner.
    pub learners: Vec<(String, String)>,
    /// (slug, title) of every published course.
    pub courses: Vec<(String, String)>,
    pub rows: Vec<AssignmentRow>,
}
