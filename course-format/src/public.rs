//! What a learner's browser may receive before answering: the course as written,
//! minus everything that gives the answers away (correct marks, feedback,
//! explanations, scenario targets, score changes, outcomes). These are separate
//! types, not the model with fields skipped, so that the answer key cannot leak by
//! someone serialising the wrong struct or adding a field without thinking.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    Block, Course, CourseMetadata, Module, ModuleMetadata, Question, QuestionKind, RichText, Scenario, ScenarioNode,
};
use crate::traverse;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCourse {
    pub slug: String,
    pub content_hash: String,
    /// The same metadata as the full course: none of it gives answers away.
    #[serde(flatten)]
    pub metadata: CourseMetadata,
    pub modules: BTreeMap<String, Vec<PublicModule>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicModule {
    pub id: String,
    pub language: String,
    #[serde(flatten)]
    pub metadata: ModuleMetadata,
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
        metadata: course.metadata.clone(),
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
        metadata: module.metadata.clone(),
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
