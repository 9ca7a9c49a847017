//! The learner's pages: the catalogue, the dashboard, a course, a module and a scenario.

use crate::domain::assessment::NextAttempt;
use crate::domain::certificates::TakeAgain;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use tiltas_course::{Audience, Outcome, QuestionKind, Reveal};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub audience: Vec<Audience>,
    pub languages: Vec<String>,
    pub estimated_minutes: u32,
    pub module_count: usize,
    pub certificate: bool,
    pub self_enrolment: bool,
    pub enrolled: bool,
    pub completed: bool,
    /// Titles of prerequisite courses not yet completed.
    pub missing_prerequisites: Vec<String>,
}

impl CatalogueEntry {
    /// A course matches an audience filter when it is for that audience or for anyone.
    pub fn matches(&self, audience: Option<Audience>, language: Option<&str>) -> bool {
        let audience_ok = audience.is_none_or(|wanted| self.audience.iter().any(|a| *a == wanted || *a == Audience::Any));
        let language_ok = language.is_none_or(|wanted| self.languages.iter().any(|l| l == wanted));
        audience_ok && language_ok
    }
}

/// One course on a learner's home page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DashboardCourse {
    pub slug: String,
    pub title: String,
    pub percent: u8,
    pub next: Option<LeftToDo>,
    pub due_at: Option<i64>,
    pub completed_at: Option<i64>,
}

/// One thing still to do, ready to show: the message, the name it mentions, where to go.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LeftToDo {
    pub text: String,
    pub href: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModuleSummary {
    pub id: String,
    pub title: String,
    pub read: bool,
    pub has_questions: bool,
    /// A graded assessment rather than practice.
    pub graded: bool,
    pub quiz_passed: bool,
    /// Opens with a content note (the page then has a `?note=read` and a `?note=summary` form).
    pub has_content_note: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LearnerProgress {
    pub percent: u8,
    pub points: u32,
    pub max_points: u32,
    /// No attempt is left where one is needed: only an administrator's grant can help.
    pub failed: bool,
    pub due_at: Option<i64>,
    pub completed_at: Option<i64>,
    /// Set when the learner may take the course again, with the reason shown.
    pub take_again: Option<TakeAgain>,
    pub left: Vec<LeftToDo>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CourseOverview {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub estimated_minutes: u32,
    pub certificate: bool,
    pub self_enrolment: bool,
    pub missing_prerequisites: Vec<String>,
    pub modules: Vec<ModuleSummary>,
    /// `None` when the learner is not enrolled.
    pub progress: Option<LearnerProgress>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OptionFeedback {
    pub selected: bool,
    pub correct: bool,
    pub feedback_html: Option<String>,
}

/// The marks of an answered question, options in the order the page shows them. Present only
/// once the rules let the learner see them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AnsweredQuestion {
    pub correct: bool,
    pub options: Vec<OptionFeedback>,
    pub explanation_html: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum QuestionState {
    /// Not answered in this attempt; `open` when it may be answered now.
    Unanswered { open: bool },
    /// A graded question: the answer is recorded, and `correct` says whether it was right when
    /// the reveal rule shows that much.
    Recorded { correct: Option<bool> },
    Reviewed(AnsweredQuestion),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt_html: String,
    /// In the order shown; the form posts positions in this order.
    pub options_html: Vec<String>,
    pub state: QuestionState,
}

/// How far the learner is in a scenario, for its card on the module page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ScenarioCardState {
    NotStarted,
    InProgress,
    Finished,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum LearnerBlock {
    Text(String),
    Question(QuestionView),
    Scenario { id: String, title: String, state: ScenarioCardState },
}

/// The newest try at a module's practice questions.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuizSummary {
    pub attempt_number: i64,
    pub finished: bool,
    pub points: i64,
    pub max_points: i64,
}

/// A graded assessment as the learner stands in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AssessmentView {
    pub attempts_allowed: u32,
    pub attempts_used: u32,
    /// Questions in each attempt.
    pub question_count: usize,
    pub pass_mark: u8,
    pub reveal: Reveal,
    pub wait_seconds: Option<u64>,
    pub next: NextAttempt,
    pub latest: Option<AttemptView>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttemptView {
    pub number: i64,
    pub finished: bool,
    pub passed: bool,
    pub points: i64,
    pub max_points: i64,
    pub answered: usize,
    /// The attempt's questions in order: all of them during the attempt; after it only when the
    /// reveal rule shows marks, otherwise none.
    pub questions: Vec<QuestionView>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModulePage {
    pub slug: String,
    pub course_title: String,
    pub id: String,
    pub title: String,
    pub number: usize,
    pub total: usize,
    pub course_percent: u8,
    pub language_notice: Option<Msg>,
    pub content_note: Option<String>,
    pub objectives: Vec<String>,
    /// The module's text, practice questions and scenario cards; a graded assessment's bank is
    /// not among them.
    pub blocks: Vec<LearnerBlock>,
    pub quiz: Option<QuizSummary>,
    pub assessment: Option<AssessmentView>,
    pub read: bool,
    pub next_module: Option<String>,
    /// The module's text starts with its own top-level heading.
    pub opens_with_title: bool,
}

/// A choice on the path and what it led to.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PathEntry {
    pub choice_html: String,
    pub feedback_html: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum PlayView {
    NotStarted,
    AtStep { step_id: String, narrative_html: String, choices_html: Vec<String>, last: Option<PathEntry> },
    Ended {
        last: Option<PathEntry>,
        outcome: Outcome,
        points: u32,
        max_points: u32,
        narrative_html: String,
        path: Vec<PathEntry>,
        /// `None` while a graded scenario still has plays left.
        good_practice: Option<Vec<PathEntry>>,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScenarioPage {
    pub slug: String,
    pub module_id: String,
    pub scenario_id: String,
    pub title: String,
    pub view: PlayView,
    pub may_replay: bool,
    /// For a graded scenario: plays allowed and used.
    pub graded: Option<(u32, u32)>,
}

/// One term of the glossary, in the reader's language.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GlossaryEntry {
    pub id: String,
    pub term: String,
    pub definition: String,
    pub source: String,
    /// The term in the other languages, as (language code, term).
    pub other_languages: Vec<(String, String)>,
    /// Variants to avoid in the reader's language, and why.
    pub avoid: Vec<String>,
    pub note: Option<String>,
}
