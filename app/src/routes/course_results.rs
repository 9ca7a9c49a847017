//! Trainers' view of how learners do in a course: completion, how often each question is
//! answered correctly (to spot misleading questions), and, for every scenario step, how many
//! learners chose each option. Learners are named only for trainers who are also
//! administrators.

use crate::components::error_page::load_page;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::tr;
use crate::routes::author_courses::course_editor_path;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionResultRow {
    pub module_title: String,
    pub question_id: String,
    pub prompt_html: String,
    pub answers: i64,
    pub correct_percent: i64,
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
    pub learners: Option<Vec<(String, u8)>>,
}

#[server(endpoint = "course_results")]
pub async fn get_course_results(slug: String) -> Result<CourseResults, AppError> {
    use crate::domain::roles::Role;
    use crate::server::storage::{courses, learning as store, users};
    use crate::server::{context, learning};
    use tiltas_course::ScenarioNode;
    crate::server::context::with_status(async {
        let trainer = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        let locale = context::viewer().page.locale.code();
        // Questions and steps are described from the newest version; ids are stable across
        // versions, so answers given on older versions count under the same question.
        let latest = courses::latest_version(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
        let course = learning::load_version(&state.db, &latest.id).await?;
        let source = course.metadata.source_language.clone();
        let modules = |language: &str| course.modules_in(language).to_vec();
        let shown = if course.metadata.languages.iter().any(|l| l == locale) { modules(locale) } else { modules(&source) };
        let (enrolled, completed) = store::course_counts(&state.db, &slug).await?;
        let questions = store::question_stats(&state.db, &slug)
            .await?
            .into_iter()
            .filter_map(|row| {
                let module = shown.iter().find(|m| m.id == row.module_id)?;
                let question = module.questions().find(|q| q.id == row.question_id)?;
                Some(QuestionResultRow {
                    module_title: module.metadata.title.clone(),
                    question_id: row.question_id,
                    prompt_html: question.prompt.html.clone(),
                    correct_percent: if row.answers == 0 { 0 } else { row.correct * 100 / row.answers },
                    answers: row.answers,
                })
            })
            .collect();
        let counts = store::choice_stats(&state.db, &slug).await?;
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
        let learners = if trainer.has_role(Role::Administrator) {
            let people = users::list_people(&state.db).await?;
            let mut named = Vec::new();
            for enrolment in store::enrolments_in(&state.db, &slug).await? {
                let name = people.iter().find(|p| p.id == enrolment.user_id).map(|p| p.name.clone()).unwrap_or_default();
                let enrolled = learning::with_course(&state.db, enrolment).await?;
                named.push((name, learning::status(&state.db, &enrolled).await?.percent));
            }
            Some(named)
        } else {
            None
        };
        Ok(CourseResults {
            title: learning::localised(&course.metadata.title, locale, &source),
            enrolled,
            completed,
            questions,
            steps,
            learners,
            slug,
        })
    }
    .await)
}

#[component]
pub fn CourseResultsPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    load_page(get_course_results(slug), |results| view! { <Results results=results.clone()/> })
}

#[component]
fn Results(results: CourseResults) -> impl IntoView {
    let rate = fill(
        tr(Msg::CompletionRateValue),
        &[("completed", &results.completed.to_string()), ("enrolled", &results.enrolled.to_string())],
    );
    view! {
        <section class="results">
            <p><a href=course_editor_path(&results.slug)>{results.title.clone()}</a></p>
            <h1>{tr(Msg::ResultsTitle)}": "{results.title.clone()}</h1>
            <p>{tr(Msg::ResultsIntro)}</p>
            <h2>{tr(Msg::CompletionRate)}</h2>
            <p class="completion-rate">{rate}</p>
            <h2>{tr(Msg::QuestionResults)}</h2>
            <p class="field-hint">{tr(Msg::QuestionResultsHint)}</p>
            {if results.questions.is_empty() {
                view! { <p>{tr(Msg::NoResultsYet)}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::Question)}</th>
                            <th scope="col">{tr(Msg::AnswersCount)}</th>
                            <th scope="col">{tr(Msg::CorrectShare)}</th>
                        </tr></thead>
                        <tbody>
                            {results.questions.iter().map(|q| view! {
                                <tr data-question=q.question_id.clone()>
                                    <td><span class="preview-label">{q.module_title.clone()}</span><div inner_html=q.prompt_html.clone()></div></td>
                                    <td>{q.answers}</td>
                                    <td>{format!("{}%", q.correct_percent)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <h2>{tr(Msg::ScenarioResults)}</h2>
            <p class="field-hint">{tr(Msg::ScenarioResultsHint)}</p>
            {results.steps.iter().map(|step| view! {
                <section class="step-results" data-step=step.step_id.clone()>
                    <p class="preview-label">{step.scenario_title.clone()}" · "<code>{step.step_id.clone()}</code></p>
                    <div class="narrative" inner_html=step.narrative_html.clone()></div>
                    <table class="data-table">
                        <thead><tr><th scope="col">{tr(Msg::Choice)}</th><th scope="col">{tr(Msg::TimesChosen)}</th></tr></thead>
                        <tbody>
                            {step.choices.iter().map(|c| view! {
                                <tr><td inner_html=c.choice_html.clone()></td><td>{c.times}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }).collect_view()}
            {results.learners.clone().map(|learners| view! {
                <h2>{tr(Msg::LearnersList)}</h2>
                <table class="data-table">
                    <thead><tr><th scope="col">{tr(Msg::Learner)}</th><th scope="col">{tr(Msg::Progress)}</th></tr></thead>
                    <tbody>
                        {learners.into_iter().map(|(name, percent)| view! {
                            <tr><td>{name}</td><td>{format!("{percent}%")}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
