//! xAPI 1.0.3 statements (issue 15): what Tiltas tells a learning record store about learning.
//!
//! Read `LearningEvent` first (the things a learner does that make a statement), then
//! `Site::statement`, which turns one event into one statement. Our own small serde types rather
//! than a full xAPI crate: Tiltas only writes a handful of statement shapes, and the tests check
//! every shape against the specification with `xapi-data` (a dev-dependency), so the binary does
//! not carry a whole LRS data model.
//!
//! Three choices make the statements safe to send more than once and to read years later:
//! - the actor is an account on this site named by a pseudonym derived from the person's id
//!   (`Site::pseudonym`): never their email or name, and the same for every statement;
//! - the statement id is a UUID version 5 of the site and the event's identity
//!   (`Site::statement_id`), so the same event always gives the same id and an LRS that already
//!   has it answers 409 instead of storing it twice;
//! - activity ids are IRIs under the site's public address, one per course *version*, module,
//!   question and scenario step (`Site::course_iri` and the functions after it), so a course
//!   changed after someone learnt from it is a different activity.

use crate::domain::calendar::xml_date_time;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The xAPI version Tiltas writes, sent as `X-Experience-API-Version`.
pub const XAPI_VERSION: &str = "1.0.3";

/// ADL and TinCan-registry verbs, each with its English display name.
pub mod verbs {
    pub const LAUNCHED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/launched", "launched");
    pub const EXPERIENCED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/experienced", "experienced");
    pub const ANSWERED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/answered", "answered");
    pub const PASSED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/passed", "passed");
    pub const FAILED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/failed", "failed");
    pub const COMPLETED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/completed", "completed");
    /// A choice at a scenario step: a response to a situation rather than an answer that is
    /// right or wrong.
    pub const RESPONDED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/responded", "responded");
    /// From the TinCan registry (`registry.tincanapi.com`): "the actor has earned something,
    /// such as a badge or a certificate".
    pub const EARNED: (&str, &str) = ("http://id.tincanapi.com/verb/earned", "earned");
}

/// ADL activity types.
pub mod activity_types {
    pub const COURSE: &str = "http://adlnet.gov/expapi/activities/course";
    pub const MODULE: &str = "http://adlnet.gov/expapi/activities/module";
    pub const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
    pub const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
    pub const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
}

// ---------------------------------------------------------------------------------------------
// The statement, as sent.

/// A language map: language tag to text.
pub type LanguageMap = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub actor: Agent,
    pub verb: Verb,
    pub object: Activity,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub result: Option<StatementResult>,
    pub context: Context,
    pub timestamp: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    #[serde(rename = "objectType")]
    pub object_type: String,
    pub account: Account,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(rename = "homePage")]
    pub home_page: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verb {
    pub id: String,
    pub display: LanguageMap,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    #[serde(rename = "objectType")]
    pub object_type: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub definition: Option<ActivityDefinition>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityDefinition {
    #[serde(skip_serializing_if = "LanguageMap::is_empty", default)]
    pub name: LanguageMap,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub activity_type: Option<String>,
    #[serde(rename = "interactionType", skip_serializing_if = "Option::is_none", default)]
    pub interaction_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub choices: Option<Vec<InteractionComponent>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionComponent {
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementResult {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<Score>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub completion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Between -1 and 1; absent when there is no maximum to scale by.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scaled: Option<f64>,
    pub raw: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The enrolment: every statement of one enrolment shares it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub registration: Option<String>,
    #[serde(rename = "contextActivities")]
    pub context_activities: ContextActivities,
    pub platform: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub language: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextActivities {
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub parent: Vec<Activity>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub grouping: Vec<Activity>,
}

// ---------------------------------------------------------------------------------------------
// Events.

/// Who learnt what, when: what every event shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Learning<'a> {
    pub user_id: &'a str,
    /// `None` for a certificate issued by hand, outside any enrolment.
    pub enrolment_id: Option<&'a str>,
    pub course_slug: &'a str,
    pub version_id: &'a str,
    /// The course's title, in its source language.
    pub course_title: &'a str,
    /// The course's source language (`en`, `lt`): the language of the names below.
    pub language: &'a str,
    /// Seconds since 1970.
    pub at: i64,
}

/// A module, question or scenario step named in an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

/// What a learner did that an LRS is told about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LearningEvent<'a> {
    /// Enrolled (by themselves, an assignment, or taking the course again): the course is
    /// launched for them, once per enrolment.
    Launched,
    /// Marked a module as read.
    ModuleRead { module: Item<'a> },
    /// Answered a question, in practice or in a graded assessment.
    Answered {
        module: Item<'a>,
        question: Item<'a>,
        /// Of the whole question: how many options it has.
        option_count: usize,
        attempt_id: &'a str,
        /// The chosen options, by position in the course source.
        selected: &'a [usize],
        correct: bool,
        points: i64,
        max_points: i64,
        graded: bool,
    },
    /// Finished a graded assessment attempt.
    AssessmentFinished { module: Item<'a>, attempt_id: &'a str, points: i64, max_points: i64, passed: bool },
    /// Met every requirement of the course.
    CourseCompleted { points: i64, max_points: i64 },
    /// Chose at a scenario step; `ending` when the choice led to an ending (its points).
    ScenarioChoice {
        scenario: Item<'a>,
        step_id: &'a str,
        play_id: &'a str,
        /// The choice's place in the play (0, 1, ...).
        position: i64,
        choice_index: usize,
        choice_count: usize,
        ending: Option<i64>,
    },
    /// Was issued a certificate.
    CertificateEarned { certificate_id: &'a str },
}

impl LearningEvent<'_> {
    /// The short name of the event's kind, stored beside the statement.
    pub fn kind(&self) -> &'static str {
        match self {
            LearningEvent::Launched => "launched",
            LearningEvent::ModuleRead { .. } => "experienced",
            LearningEvent::Answered { .. } => "answered",
            LearningEvent::AssessmentFinished { passed: true, .. } => "passed",
            LearningEvent::AssessmentFinished { passed: false, .. } => "failed",
            LearningEvent::CourseCompleted { .. } => "completed",
            LearningEvent::ScenarioChoice { .. } => "responded",
            LearningEvent::CertificateEarned { .. } => "earned",
        }
    }

    /// What makes this event this one and no other: the same learner doing the same thing in
    /// the same enrolment (a repeated post, a retried transaction) yields the same identity.
    fn identity(&self, learning: &Learning<'_>) -> String {
        let enrolment = learning.enrolment_id.unwrap_or("-");
        match self {
            LearningEvent::Launched => format!("launched/{enrolment}"),
            LearningEvent::ModuleRead { module } => format!("experienced/{enrolment}/{}", module.id),
            LearningEvent::Answered { attempt_id, question, .. } => format!("answered/{attempt_id}/{}", question.id),
            LearningEvent::AssessmentFinished { attempt_id, .. } => format!("finished/{attempt_id}"),
            LearningEvent::CourseCompleted { .. } => format!("completed/{enrolment}"),
            LearningEvent::ScenarioChoice { play_id, position, .. } => format!("responded/{play_id}/{position}"),
            LearningEvent::CertificateEarned { certificate_id } => format!("earned/{certificate_id}"),
        }
    }
}

/// The deployment statements are about: its public address (ending in `/`) names the actors'
/// accounts and every activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    base: String,
}

impl Site {
    /// `base_url` is the public address, such as `https://tiltas.example/`.
    pub fn new(base_url: &str) -> Site {
        let mut base = base_url.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        Site { base }
    }

    fn v5(&self, name: &str) -> uuid::Uuid {
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("{}{name}", self.base).as_bytes())
    }

    /// The person's name in their xAPI account: a UUID derived from this site and their id,
    /// the same in every statement, and telling nothing of who they are to someone without
    /// Tiltas's database.
    pub fn pseudonym(&self, user_id: &str) -> String {
        self.v5(&format!("xapi/learners/{user_id}")).to_string()
    }

    /// The statement id of `event`: the same event always has the same id.
    pub fn statement_id(&self, learning: &Learning<'_>, event: &LearningEvent<'_>) -> String {
        self.v5(&format!("xapi/statements/{}", event.identity(learning))).to_string()
    }

    /// A course version's activity id.
    pub fn course_iri(&self, slug: &str, version_id: &str) -> String {
        format!("{}xapi/activities/courses/{}/versions/{}", self.base, segment(slug), segment(version_id))
    }

    pub fn module_iri(&self, slug: &str, version_id: &str, module_id: &str) -> String {
        format!("{}/modules/{}", self.course_iri(slug, version_id), segment(module_id))
    }

    /// A graded module's assessment: an activity of its own beside the module that is read.
    pub fn assessment_iri(&self, slug: &str, version_id: &str, module_id: &str) -> String {
        format!("{}/assessment", self.module_iri(slug, version_id, module_id))
    }

    pub fn question_iri(&self, slug: &str, version_id: &str, module_id: &str, question_id: &str) -> String {
        format!("{}/questions/{}", self.module_iri(slug, version_id, module_id), segment(question_id))
    }

    pub fn scenario_iri(&self, slug: &str, version_id: &str, scenario_id: &str) -> String {
        format!("{}/scenarios/{}", self.course_iri(slug, version_id), segment(scenario_id))
    }

    pub fn scenario_step_iri(&self, slug: &str, version_id: &str, scenario_id: &str, step_id: &str) -> String {
        format!("{}/steps/{}", self.scenario_iri(slug, version_id, scenario_id), segment(step_id))
    }

    /// A certificate's public verification page: an activity that resolves.
    pub fn certificate_iri(&self, certificate_id: &str) -> String {
        format!("{}verify/{}", self.base, segment(certificate_id))
    }

    /// The statement telling of `event`.
    pub fn statement(&self, learning: &Learning<'_>, event: &LearningEvent<'_>) -> Statement {
        let (slug, version) = (learning.course_slug, learning.version_id);
        let named = |text: &str| -> LanguageMap {
            if text.trim().is_empty() { LanguageMap::new() } else { BTreeMap::from([(learning.language.to_string(), text.to_string())]) }
        };
        let activity = |id: String, name: &str, kind: &str| Activity {
            object_type: "Activity".into(),
            id,
            definition: Some(ActivityDefinition {
                name: named(name),
                activity_type: Some(kind.to_string()),
                interaction_type: None,
                choices: None,
            }),
        };
        let course = activity(self.course_iri(slug, version), learning.course_title, activity_types::COURSE);
        let choice = |id: String, name: &str, count: usize| {
            let mut interaction = activity(id, name, activity_types::INTERACTION);
            if let Some(definition) = interaction.definition.as_mut() {
                definition.interaction_type = Some("choice".into());
                definition.choices = Some((0..count).map(|i| InteractionComponent { id: i.to_string() }).collect());
            }
            interaction
        };
        let mut parent = Vec::new();
        let (verb, object, result) = match event {
            LearningEvent::Launched => (verbs::LAUNCHED, course.clone(), None),
            LearningEvent::ModuleRead { module } => {
                parent.push(course.clone());
                let object = activity(self.module_iri(slug, version, module.id), module.title, activity_types::MODULE);
                (verbs::EXPERIENCED, object, Some(StatementResult { completion: Some(true), ..StatementResult::empty() }))
            }
            LearningEvent::Answered { module, question, option_count, selected, correct, points, max_points, graded, .. } => {
                let iri = self.question_iri(slug, version, module.id, question.id);
                parent.push(if *graded {
                    activity(self.assessment_iri(slug, version, module.id), module.title, activity_types::ASSESSMENT)
                } else {
                    activity(self.module_iri(slug, version, module.id), module.title, activity_types::MODULE)
                });
                let response = selected.iter().map(usize::to_string).collect::<Vec<_>>().join("[,]");
                let result = StatementResult {
                    score: score(*points, *max_points),
                    success: Some(*correct),
                    completion: Some(true),
                    response: Some(response),
                };
                (verbs::ANSWERED, choice(iri, question.title, *option_count), Some(result))
            }
            LearningEvent::AssessmentFinished { module, points, max_points, passed, .. } => {
                parent.push(activity(self.module_iri(slug, version, module.id), module.title, activity_types::MODULE));
                let object = activity(self.assessment_iri(slug, version, module.id), module.title, activity_types::ASSESSMENT);
                let result = StatementResult {
                    score: score(*points, *max_points),
                    success: Some(*passed),
                    completion: Some(true),
                    response: None,
                };
                (if *passed { verbs::PASSED } else { verbs::FAILED }, object, Some(result))
            }
            LearningEvent::CourseCompleted { points, max_points } => {
                let result = StatementResult { score: score(*points, *max_points), completion: Some(true), ..StatementResult::empty() };
                (verbs::COMPLETED, course.clone(), Some(result))
            }
            LearningEvent::ScenarioChoice { scenario, step_id, choice_index, choice_count, ending, .. } => {
                parent.push(activity(self.scenario_iri(slug, version, scenario.id), scenario.title, activity_types::SIMULATION));
                let object = choice(self.scenario_step_iri(slug, version, scenario.id, step_id), "", *choice_count);
                let result = StatementResult {
                    score: ending.map(|points| Score { scaled: None, raw: points as f64, min: (points.min(0)) as f64, max: points.max(0) as f64 }),
                    success: None,
                    completion: Some(ending.is_some()),
                    response: Some(choice_index.to_string()),
                };
                (verbs::RESPONDED, object, Some(result))
            }
            LearningEvent::CertificateEarned { certificate_id } => {
                let object = Activity { object_type: "Activity".into(), id: self.certificate_iri(certificate_id), definition: None };
                (verbs::EARNED, object, None)
            }
        };
        let grouping = if object.id == course.id || parent.first().is_some_and(|p| p.id == course.id) { Vec::new() } else { vec![course] };
        Statement {
            id: self.statement_id(learning, event),
            actor: Agent {
                object_type: "Agent".into(),
                account: Account { home_page: self.base.clone(), name: self.pseudonym(learning.user_id) },
            },
            verb: Verb { id: verb.0.to_string(), display: BTreeMap::from([("en-US".to_string(), verb.1.to_string())]) },
            object,
            result,
            context: Context {
                registration: learning.enrolment_id.and_then(|id| uuid::Uuid::parse_str(id).ok()).map(|id| id.to_string()),
                context_activities: ContextActivities { parent, grouping },
                platform: "Tiltas".into(),
                language: Some(learning.language.to_string()),
            },
            timestamp: xml_date_time(learning.at),
        }
    }
}

impl StatementResult {
    fn empty() -> StatementResult {
        StatementResult { score: None, success: None, completion: None, response: None }
    }
}

/// Points as an xAPI score: scaled to 0..1 when there is a maximum.
fn score(points: i64, max_points: i64) -> Option<Score> {
    if max_points <= 0 {
        return None;
    }
    let raw = points.clamp(0, max_points);
    Some(Score { scaled: Some(raw as f64 / max_points as f64), raw: raw as f64, min: 0.0, max: max_points as f64 })
}

/// An id as one path segment of an IRI: course, module and question ids are slugs already, but
/// anything outside the unreserved characters is percent-encoded so that no id can break out of
/// its segment.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[path = "xapi_tests.rs"]
mod tests;
