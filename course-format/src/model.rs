//! The typed course model: what a course is once its sources have been parsed and
//! validated. These types include the answer keys, so they are for the server only;
//! learners get the views in [`crate::public`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One file of a course folder, with its path relative to the course folder
/// (`course.toml`, `01-indicators.en.md`, `images/map.png`). Parsing takes these
/// instead of reading the disk so that the same code runs in the browser preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// Markdown as the trainer wrote it, together with its sanitised HTML. Both are kept:
/// the HTML is what learners see, the Markdown lets the editor round-trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RichText {
    pub markdown: String,
    pub html: String,
}

impl RichText {
    pub fn from_markdown(markdown: impl Into<String>) -> Self {
        let markdown = markdown.into();
        let html = crate::render::render_markdown(&markdown);
        RichText { markdown, html }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    Police,
    BorderGuard,
    SocialWorker,
    LabourInspector,
    Any,
}

impl Audience {
    pub const ALL: [(&'static str, Audience); 5] = [
        ("police", Audience::Police),
        ("border-guard", Audience::BorderGuard),
        ("social-worker", Audience::SocialWorker),
        ("labour-inspector", Audience::LabourInspector),
        ("any", Audience::Any),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map(|(s, _)| *s)
            .unwrap_or("any")
    }
}

/// A graded assessment: a module whose questions are a bank that each attempt draws from, and
/// that counts toward the course's pass mark. A module without one is practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Questions drawn per attempt; `None` draws the whole bank.
    pub draw: Option<u32>,
    /// Topic to the least number of questions each attempt draws from it.
    pub quotas: BTreeMap<String, u32>,
    pub attempts: u32,
    /// Seconds to wait after a finished attempt before starting the next; `None`: no wait.
    pub retake_after_seconds: Option<u64>,
    pub reveal: Reveal,
}

impl Assessment {
    pub const DEFAULT_ATTEMPTS: u32 = 3;
}

/// When a graded assessment shows the learner the correct options, feedback and explanations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reveal {
    /// During an attempt only "answer recorded"; everything once the assessment is passed or no
    /// attempt remains.
    #[default]
    Strict,
    /// As strict, but each answer is marked right or wrong as it is given.
    RightOrWrong,
    /// Everything about an attempt once that attempt is finished.
    AfterEachAttempt,
}

impl Reveal {
    pub const ALL: [(&'static str, Reveal); 3] =
        [("strict", Reveal::Strict), ("right-or-wrong", Reveal::RightOrWrong), ("after-each-attempt", Reveal::AfterEachAttempt)];

    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, r)| *r == self).map_or("strict", |(s, _)| *s)
    }
}

/// A scenario that counts toward the pass mark: its best graded play counts, and the
/// good-practice path is shown only when no graded play remains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradedScenario {
    pub attempts: u32,
}

impl GradedScenario {
    pub const DEFAULT_ATTEMPTS: u32 = 1;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub awarded: bool,
    /// `None` when the certificate does not expire (`validity_months` omitted or 0).
    pub validity_months: Option<u32>,
    /// Courses stored before this setting existed issue automatically.
    #[serde(default)]
    pub issue: IssuePolicy,
}

/// When a completed course's certificate is issued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssuePolicy {
    /// In the transaction that records the completion.
    #[default]
    Automatic,
    /// When an administrator approves the completion.
    Approval,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TranslationStatus {
    Draft,
    Reviewed,
}

/// A course's metadata, as written in `course.toml`: everything about the course
/// except its modules. Shared by [`Course`], [`crate::PublicCourse`] and whatever
/// stores a course, so that the list of course-level facts is written once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseMetadata {
    pub source_language: String,
    pub languages: Vec<String>,
    pub audience: Vec<Audience>,
    pub estimated_minutes: u32,
    /// Percentage (0..=100) of the course's points needed to pass.
    pub pass_mark: u8,
    pub self_enrolment: bool,
    pub prerequisites: Vec<String>,
    pub certificate: Certificate,
    /// Language code to title; has an entry for every language in `languages`.
    pub title: BTreeMap<String, String>,
    pub summary: BTreeMap<String, String>,
}

/// A validated course. Only ever built when the sources have no errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    /// The course folder name; also the course id.
    pub slug: String,
    /// SHA-256 over all source files; see [`crate::content_hash`].
    pub content_hash: String,
    /// Flattened, so a serialised course has the metadata keys at its top level.
    #[serde(flatten)]
    pub metadata: CourseMetadata,
    /// Language code to that language's modules, sorted by `order` (then file name).
    pub modules: BTreeMap<String, Vec<Module>>,
}

impl Course {
    pub fn modules_in(&self, language: &str) -> &[Module] {
        self.modules.get(language).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The points that count toward the pass mark: each graded assessment's attempt plus each
    /// graded scenario's best ending. Translations share one answer key, so the source language
    /// is representative.
    pub fn max_points(&self) -> u32 {
        self.modules_in(&self.metadata.source_language).iter().map(Module::graded_points).sum()
    }

    /// A scenario with the module that holds it, in the source language.
    pub fn scenario(&self, scenario_id: &str) -> Option<(&Module, &Scenario)> {
        self.modules_in(&self.metadata.source_language)
            .iter()
            .find_map(|m| m.scenarios().find(|s| s.id == scenario_id).map(|s| (m, s)))
    }
}

/// A module's metadata, as written in its front matter (apart from the id): shared by
/// [`Module`] and [`crate::PublicModule`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleMetadata {
    pub title: String,
    pub order: u32,
    pub estimated_minutes: u32,
    pub objectives: Vec<String>,
    pub content_note: Option<String>,
    /// `None` in the source language, `Some` in every translation.
    pub translation_status: Option<TranslationStatus>,
    /// `None` for practice. Stored courses from before graded assessments have no such key.
    #[serde(default)]
    pub assessment: Option<Assessment>,
}

/// One module in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    pub id: String,
    pub language: String,
    /// The file it came from, relative to the course folder.
    pub file: String,
    /// Flattened, so a serialised module has the front-matter keys at its top level.
    #[serde(flatten)]
    pub metadata: ModuleMetadata,
    pub blocks: Vec<Block>,
}

impl Module {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Question(q) => Some(q),
            _ => None,
        })
    }

    pub fn scenarios(&self) -> impl Iterator<Item = &Scenario> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Scenario(s) => Some(s),
            _ => None,
        })
    }

    /// Every piece of text in the module, in source order: what links and images can be in.
    pub fn rich_texts(&self) -> impl Iterator<Item = &RichText> {
        self.blocks.iter().flat_map(|block| -> Box<dyn Iterator<Item = &RichText> + '_> {
            match block {
                Block::Markdown(text) => Box::new(std::iter::once(text)),
                Block::Question(q) => Box::new(
                    std::iter::once(&q.prompt)
                        .chain(q.options.iter().flat_map(|o| std::iter::once(&o.text).chain(o.feedback.as_ref())))
                        .chain(q.explanation.as_ref()),
                ),
                Block::Scenario(s) => Box::new(s.nodes.iter().flat_map(|node| -> Box<dyn Iterator<Item = &RichText> + '_> {
                    match node {
                        ScenarioNode::Step(step) => Box::new(
                            std::iter::once(&step.narrative)
                                .chain(step.choices.iter().flat_map(|c| [&c.text, &c.feedback])),
                        ),
                        ScenarioNode::Ending(ending) => Box::new(std::iter::once(&ending.narrative)),
                        ScenarioNode::Branch(_) => Box::new(std::iter::empty()),
                    }
                })),
            }
        })
    }

    /// Changes every piece of text in the module in place (the texts of [`Module::rich_texts`]).
    pub fn change_texts(&mut self, mut change: impl FnMut(&mut RichText)) {
        for block in &mut self.blocks {
            match block {
                Block::Markdown(text) => change(text),
                Block::Question(question) => {
                    change(&mut question.prompt);
                    for option in &mut question.options {
                        change(&mut option.text);
                        option.feedback.iter_mut().for_each(&mut change);
                    }
                    question.explanation.iter_mut().for_each(&mut change);
                }
                Block::Scenario(scenario) => {
                    for node in &mut scenario.nodes {
                        match node {
                            ScenarioNode::Step(step) => {
                                change(&mut step.narrative);
                                for choice in &mut step.choices {
                                    change(&mut choice.text);
                                    change(&mut choice.feedback);
                                }
                            }
                            ScenarioNode::Ending(ending) => change(&mut ending.narrative),
                            ScenarioNode::Branch(_) => {}
                        }
                    }
                }
            }
        }
    }

    /// The points of the module's quiz: the sum of its questions' points.
    pub fn question_points(&self) -> u32 {
        self.questions().map(|q| q.points).sum()
    }

    pub fn is_graded(&self) -> bool {
        self.metadata.assessment.is_some()
    }

    /// The most points one attempt at this module's graded assessment can be worth: the bank's
    /// highest-scoring questions, as many as are drawn. 0 for practice.
    pub fn assessment_points(&self) -> u32 {
        let Some(assessment) = &self.metadata.assessment else { return 0 };
        let mut points: Vec<u32> = self.questions().map(|q| q.points).collect();
        points.sort_unstable_by(|a, b| b.cmp(a));
        let drawn = assessment.draw.map_or(points.len(), |n| n as usize);
        points.iter().take(drawn).sum()
    }

    /// What the module adds to the course's pass mark: its graded assessment and graded scenarios.
    pub fn graded_points(&self) -> u32 {
        self.assessment_points() + self.scenarios().filter(|s| s.graded.is_some()).map(Scenario::max_points).sum::<u32>()
    }
}

/// A module body is Markdown interrupted by questions and scenarios, in source order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    Markdown(RichText),
    Question(Question),
    Scenario(Scenario),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true-false",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: RichText,
    pub options: Vec<QuestionOption>,
    pub explanation: Option<RichText>,
    pub points: u32,
    /// What the question is about, for a graded assessment's quotas.
    #[serde(default)]
    pub topic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionOption {
    pub text: RichText,
    pub correct: bool,
    pub feedback: Option<RichText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    /// Id of the first node; a step or a branch.
    pub start: String,
    pub nodes: Vec<ScenarioNode>,
    /// `None` for a practice scenario, replayed freely.
    #[serde(default)]
    pub graded: Option<GradedScenario>,
}

impl Scenario {
    pub fn node(&self, id: &str) -> Option<&ScenarioNode> {
        self.nodes.iter().find(|n| n.id() == id)
    }

    /// A scenario is worth the points of its best ending.
    pub fn max_points(&self) -> u32 {
        self.nodes
            .iter()
            .filter_map(|n| match n {
                ScenarioNode::Ending(e) => Some(e.points),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ScenarioNode {
    Step(Step),
    Branch(Branch),
    Ending(Ending),
}

impl ScenarioNode {
    pub fn id(&self) -> &str {
        match self {
            ScenarioNode::Step(s) => &s.id,
            ScenarioNode::Branch(b) => &b.id,
            ScenarioNode::Ending(e) => &e.id,
        }
    }

    /// Every node this one can lead to, in source order.
    pub fn targets(&self) -> Vec<&str> {
        match self {
            ScenarioNode::Step(s) => s.choices.iter().map(|c| c.target.as_str()).collect(),
            ScenarioNode::Branch(b) => b
                .conditions
                .iter()
                .map(|c| c.target.as_str())
                .chain(std::iter::once(b.otherwise.as_str()))
                .collect(),
            ScenarioNode::Ending(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub narrative: RichText,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub text: RichText,
    pub target: String,
    /// Change to the running score, from `(+N)` / `(-N)`; 0 when absent.
    pub score: i32,
    pub feedback: RichText,
}

/// An invisible decision point: the learner never sees it, the running score picks
/// the next node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub id: String,
    pub conditions: Vec<Condition>,
    /// The `else` target.
    pub otherwise: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub comparison: Comparison,
    pub value: i32,
    pub target: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    AtLeast,
    Greater,
    AtMost,
    Less,
    Equal,
}

impl Comparison {
    pub fn holds(self, score: i32, value: i32) -> bool {
        match self {
            Comparison::AtLeast => score >= value,
            Comparison::Greater => score > value,
            Comparison::AtMost => score <= value,
            Comparison::Less => score < value,
            Comparison::Equal => score == value,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::Greater => ">",
            Comparison::AtMost => "<=",
            Comparison::Less => "<",
            Comparison::Equal => "==",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    GoodPractice,
    Mixed,
    Harmful,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::GoodPractice => "good-practice",
            Outcome::Mixed => "mixed",
            Outcome::Harmful => "harmful",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    pub id: String,
    pub outcome: Outcome,
    pub points: u32,
    pub narrative: RichText,
}
