//! What a learner's browser may receive before answering: the course as written,
//! minus everything that gives the answers away (correct marks, feedback,
//! explanations, scenario targets, score changes, outcomes). These are separate
//! types, not the model with fields skipped, so that the answer key cannot leak by
//! someone serialising the wrong struct or adding a field without thinking.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    Audience, Block, Certificate, Course, Module, Question, QuestionKind, Retakes, RichText, Scenario, ScenarioNode,
    TranslationStatus,
};
use crate::traverse;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCourse {
    pub slug: String,
    pub content_hash: String,
    pub source_language: String,
    pub languages: Vec<String>,
    pub audience: Vec<Audience>,
    pub estimated_minutes: u32,
    pub pass_mark: u8,
    pub self_enrolment: bool,
    pub prerequisites: Vec<String>,
    pub retakes: Retakes,
    pub certificate: Certificate,
    pub title: BTreeMap<String, String>,
    pub summary: BTreeMap<String, String>,
    pub modules: BTreeMap<String, Vec<PublicModule>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicModule {
    pub id: String,
    pub language: String,
    pub title: String,
    pub order: u32,
    pub estimated_minutes: u32,
    pub objectives: Vec<String>,
    pub content_note: Option<String>,
    pub translation_status: Option<TranslationStatus>,
    pub blocks: Vec<PublicBlock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum PublicBlock {
    Markdown(RichText),
    Question(PublicQuestion),
    Scenario(PublicScenario),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicQuestion {
    pub id: String,
    /// Tells the browser whether to offer radio buttons or checkboxes.
    pub kind: QuestionKind,
    pub prompt: RichText,
    pub options: Vec<RichText>,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicScenario {
    pub id: String,
    pub title: String,
    /// The step the learner starts at; `None` only for a scenario that could not be
    /// started (never for a validated course).
    pub first_step: Option<PublicStep>,
}

/// One step as the learner sees it: the situation and the possible actions, but not
/// where they lead or how they score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicStep {
    pub narrative: RichText,
    pub choices: Vec<RichText>,
}

pub fn public_course(course: &Course) -> PublicCourse {
    PublicCourse {
        slug: course.slug.clone(),
        content_hash: course.content_hash.clone(),
        source_language: course.source_language.clone(),
        languages: course.languages.clone(),
        audience: course.audience.clone(),
        estimated_minutes: course.estimated_minutes,
        pass_mark: course.pass_mark,
        self_enrolment: course.self_enrolment,
        prerequisites: course.prerequisites.clone(),
        retakes: course.retakes,
        certificate: course.certificate,
        title: course.title.clone(),
        summary: course.summary.clone(),
        modules: course
            .modules
            .iter()
            .map(|(lang, mods)| (lang.clone(), mods.iter().map(public_module).collect()))
            .collect(),
    }
}

pub fn public_module(module: &Module) -> PublicModule {
    PublicModule {
        id: module.id.clone(),
        language: module.language.clone(),
        title: module.title.clone(),
        order: module.order,
        estimated_minutes: module.estimated_minutes,
        objectives: module.objectives.clone(),
        content_note: module.content_note.clone(),
        translation_status: module.translation_status,
        blocks: module
            .blocks
            .iter()
            .map(|b| match b {
                Block::Markdown(m) => PublicBlock::Markdown(m.clone()),
                Block::Question(q) => PublicBlock::Question(public_question(q)),
                Block::Scenario(s) => PublicBlock::Scenario(public_scenario(s)),
            })
            .collect(),
    }
}

pub fn public_question(question: &Question) -> PublicQuestion {
    PublicQuestion {
        id: question.id.clone(),
        kind: question.kind,
        prompt: question.prompt.clone(),
        options: question.options.iter().map(|o| o.text.clone()).collect(),
        points: question.points,
    }
}

pub fn public_scenario(scenario: &Scenario) -> PublicScenario {
    PublicScenario {
        id: scenario.id.clone(),
        title: scenario.title.clone(),
        first_step: traverse::start(scenario)
            .ok()
            .and_then(|state| public_step(scenario, &state.node)),
    }
}

/// The learner's view of a step; `None` if `node_id` is not a step (endings are
/// revealed through [`crate::ChoiceOutcome`] once reached).
pub fn public_step(scenario: &Scenario, node_id: &str) -> Option<PublicStep> {
    match scenario.node(node_id)? {
        ScenarioNode::Step(s) => Some(PublicStep {
            narrative: s.narrative.clone(),
            choices: s.choices.iter().map(|c| c.text.clone()).collect(),
        }),
        _ => None,
    }
}
