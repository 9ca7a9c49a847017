//! Overview pages across many learners: a course's results for trainers, and assignments for
//! administrators. Each reads every table it needs once (people, enrolments, and the four
//! activity tables through `learning::activity::activities`), so its query count is the same
//! for three learners and for three thousand. The administration reports to come extend this.

use crate::domain::administration::AdminScope;
use crate::domain::roles::Role;
use crate::i18n::Locale;
use crate::server::context::AppState;
use crate::server::learning::activity::activities;
use crate::server::learning::{LearningResult, course_title, with_course};
use crate::server::storage::enrolments::{self, EnrolmentScope};
use crate::server::storage::{statistics, users};
use crate::domain::assessment::question_flag;
use crate::views::reports::{
    AssignmentRow, AssignmentsOverview, ChoiceCount, CourseResults, LearnerResult, QuestionResultRow, StepResults,
};
use std::collections::HashMap;
use tiltas_course::ScenarioNode;

/// The enrolments with progress of every learner in `scope` (an organisation administrator's
/// organisation, or everyone), plus what the assignment form offers.
pub async fn assignments_page(state: &AppState, scope: &AdminScope, locale: Locale) -> LearningResult<AssignmentsOverview> {
    let language = locale.code();
    let people = users::list_people_of(&state.db, scope.organisation_filter()).await?;
    let learners: Vec<&users::PersonListing> = people.iter().filter(|p| p.roles.contains(&Role::Learner)).collect();
    let courses = state.versions.published(&state.db).await?.iter().map(|c| (c.slug.clone(), course_title(c, language))).collect();
    let enrolment_scope = match scope.organisation_filter() {
        Some(organisation_id) => EnrolmentScope::Organisation(organisation_id),
        None => EnrolmentScope::Everyone,
    };
    let mut conn = state.db.pool().acquire().await?;
    let all_enrolments = enrolments::enrolments(&mut conn, enrolment_scope).await?;
    let activities = activities(&mut conn, enrolment_scope).await?;
    drop(conn);
    let learner_by_id: HashMap<&str, &users::PersonListing> = learners.iter().map(|p| (p.id.as_str(), *p)).collect();
    let mut by_learner: HashMap<&str, Vec<AssignmentRow>> = HashMap::new();
    for enrolment in all_enrolments {
        let Some(person) = learner_by_id.get(enrolment.user_id.as_str()) else { continue };
        let enrolled = with_course(state, enrolment).await?;
        let activity = activities.get(&enrolled.enrolment.id).cloned().unwrap_or_default();
        by_learner.entry(person.id.as_str()).or_default().push(AssignmentRow {
            learner: person.name.clone(),
            course: course_title(&enrolled.course, language),
            due_at: enrolled.enrolment.due_at,
            percent: activity.status(&enrolled).percent,
            completed_at: activity.completion.map(|c| c.completed_at),
        });
    }
    // People in name order, each with their enrolments in enrolment order.
    let rows = learners.iter().flat_map(|p| by_learner.remove(p.id.as_str()).unwrap_or_default()).collect();
    Ok(AssignmentsOverview {
        learners: learners.iter().map(|p| (p.id.clone(), format!("{} ({})", p.name, p.email))).collect(),
        courses,
        rows,
    })
}

/// A course's results: completion; each question's rate of correct answers (and, for a graded
/// assessment's bank, how often it was drawn), flagged when nearly everyone gets it wrong or
/// right; and how often each option of each scenario step was chosen. Learners are named, with
/// what another attempt can be granted at, only when `with_names`.
pub async fn course_results(state: &AppState, slug: &str, locale: Locale, with_names: bool) -> LearningResult<CourseResults> {
    let language = locale.code();
    // Questions and steps are described from the newest version; ids are stable across
    // versions, so answers given on older versions count under the same question.
    let course = state.versions.latest(&state.db, slug).await?;
    let source = course.metadata.source_language.as_str();
    let shown = if course.metadata.languages.iter().any(|l| l == language) { language } else { source };
    let shown = course.modules_in(shown);
    let (enrolled, completed) = statistics::course_counts(&state.db, slug).await?;
    let answered = statistics::question_stats(&state.db, slug).await?;
    let drawn = statistics::draw_stats(&state.db, slug).await?;
    let mut questions = Vec::new();
    for module in shown {
        let graded = module.is_graded();
        for question in module.questions() {
            let stat = answered.iter().find(|r| r.module_id == module.id && r.question_id == question.id);
            let (answers, correct) = stat.map_or((0, 0), |r| (r.answers, r.correct));
            // Practice questions nobody answered yet would only be noise; every bank question
            // is listed, so one that is never drawn shows up too.
            if answers == 0 && !graded {
                continue;
            }
            questions.push(QuestionResultRow {
                module_title: module.metadata.title.clone(),
                question_id: question.id.clone(),
                prompt_html: question.prompt.html.clone(),
                correct_percent: if answers == 0 { 0 } else { correct * 100 / answers },
                answers,
                drawn: graded.then(|| {
                    drawn.iter().find(|d| d.module_id == module.id && d.question_id == question.id).map_or(0, |d| d.drawn)
                }),
                flag: question_flag(answers, correct),
            });
        }
    }
    let counts = statistics::choice_stats(&state.db, slug).await?;
    let mut steps = Vec::new();
    for scenario in shown.iter().flat_map(|m| m.scenarios()) {
        for node in &scenario.nodes {
            let ScenarioNode::Step(step) = node else { continue };
            let times = |index: usize| {
                counts
                    .iter()
                    .find(|c| c.scenario_id == scenario.id && c.step_id == step.id && c.choice_index == index as i64)
                    .map_or(0, |c| c.times)
            };
            steps.push(StepResults {
                scenario_title: scenario.title.clone(),
                step_id: step.id.clone(),
                narrative_html: step.narrative.html.clone(),
                choices: step
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(index, choice)| ChoiceCount { choice_html: choice.text.html.clone(), times: times(index) })
                    .collect(),
            });
        }
    }
    let learners = if with_names { Some(named_progress(state, slug, language).await?) } else { None };
    Ok(CourseResults { title: course_title(&course, language), enrolled, completed, questions, steps, learners, slug: slug.to_string() })
}

/// Each enrolled learner's name, progress, and the graded items another attempt can be granted
/// at, in enrolment order.
async fn named_progress(state: &AppState, slug: &str, language: &str) -> LearningResult<Vec<LearnerResult>> {
    let names: HashMap<String, String> = users::list_people(&state.db).await?.into_iter().map(|p| (p.id, p.name)).collect();
    let scope = EnrolmentScope::Course(slug);
    let mut conn = state.db.pool().acquire().await?;
    let course_enrolments = enrolments::enrolments(&mut conn, scope).await?;
    let activities = activities(&mut conn, scope).await?;
    drop(conn);
    let mut named = Vec::new();
    for enrolment in course_enrolments {
        let name = names.get(&enrolment.user_id).cloned().unwrap_or_default();
        let user_id = enrolment.user_id.clone();
        let enrolled = with_course(state, enrolment).await?;
        let activity = activities.get(&enrolled.enrolment.id).cloned().unwrap_or_default();
        let status = activity.status(&enrolled);
        let record = activity.record();
        let mut grantable = Vec::new();
        for module in enrolled.course.modules_in(&enrolled.course.metadata.source_language) {
            let title = |id: &str| enrolled.module(id, language).map(|m| m.metadata.title.clone()).unwrap_or_default();
            if module.is_graded() && !record.assessment_history(&module.id).passed {
                grantable.push((module.id.clone(), title(&module.id)));
            }
            for scenario in module.scenarios().filter(|s| s.graded.is_some()) {
                let shown = enrolled.module(&module.id, language).and_then(|m| m.scenarios().find(|s| s.id == scenario.id));
                grantable.push((scenario.id.clone(), shown.unwrap_or(scenario).title.clone()));
            }
        }
        named.push(LearnerResult { user_id, name, percent: status.percent, failed: status.failed, grantable });
    }
    Ok(named)
}
