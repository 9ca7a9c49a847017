//! Trainers' view of how learners do in a course: completion, how often each question is
//! answered correctly (to spot misleading questions), and, for every scenario step, how many
//! learners chose each option. Learners are named only for trainers who are also
//! administrators.

use crate::components::error_page::load_page;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::tr;
use crate::paths::course_editor_path;
use crate::views::reports::CourseResults;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[server(name = LoadResultsPage, endpoint = "course_results")]
pub async fn results_page(slug: String) -> Result<CourseResults, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, reports};
    context::with_status(async {
        let trainer = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        let with_names = trainer.has_role(Role::Administrator);
        Ok(reports::course_results(&state, &slug, context::locale(), with_names).await?)
    }
    .await)
}

#[component]
pub fn CourseResultsPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    load_page(results_page(slug), |results| view! { <Results results=results.clone()/> })
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
