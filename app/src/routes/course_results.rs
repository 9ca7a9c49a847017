//! Trainers' view of how learners do in a course: completion, how often each question is drawn
//! and answered correctly (flagging questions nearly everyone gets wrong or right), and, for
//! every scenario step, how many learners chose each option. Learners are named only for
//! trainers who are also administrators, who can also grant a learner another attempt.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::domain::assessment::QuestionFlag;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::paths::{course_editor_path, course_xapi_path};
use crate::views::reports::{CourseResults, LearnerResult};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[server(name = LoadResultsPage, endpoint = "course_results")]
pub async fn results_page(slug: String) -> Result<CourseResults, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, reports};
    context::with_status(async {
        // Trainers see how their course does; administrators also follow their learners here.
        let viewer = context::require_any_role(&[Role::Trainer, Role::Administrator])?;
        let state = context::app_state()?;
        let with_names = viewer.has_role(Role::Administrator);
        Ok(reports::course_results(&state, &slug, context::locale(), with_names).await?)
    }
    .await)
}

#[server(endpoint = "grant_attempt")]
pub async fn grant_attempt(slug: String, learner_id: String, item_id: String, reason: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::paths::course_results_path;
    use crate::server::{context, forms, learning};
    let form = format!("grant-{learner_id}");
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        learning::grant_extra_attempt(&state, &admin.id, &learner_id, &slug, &item_id, &reason).await?;
        Ok(FormSuccess { message: Msg::AttemptGranted, detail: None, redirect_to: Some(course_results_path(&slug)) })
    }
    .await;
    forms::respond(&form, &[("reason", &reason), ("item_id", &item_id)], result)
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
            {is_trainer().then(|| view! { <p><a href=course_editor_path(&results.slug)>{results.title.clone()}</a></p> })}
            <h1>{tr(Msg::ResultsTitle)}": "{results.title.clone()}</h1>
            <p>{tr(Msg::ResultsIntro)}</p>
            <h2>{tr(Msg::CompletionRate)}</h2>
            <p class="completion-rate">{rate}</p>
            <h2>{tr(Msg::XapiRecords)}</h2>
            <p><a href=course_xapi_path(&results.slug) download="">{tr(Msg::XapiCourseDownload)}</a></p>
            <p class="field-hint">{tr(Msg::XapiPseudonymous)}</p>
            <h2>{tr(Msg::QuestionResults)}</h2>
            <p class="field-hint">{tr(Msg::QuestionResultsHint)}</p>
            {if results.questions.is_empty() {
                view! { <p>{tr(Msg::NoResultsYet)}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::Question)}</th>
                            <th scope="col">{tr(Msg::TimesDrawn)}</th>
                            <th scope="col">{tr(Msg::AnswersCount)}</th>
                            <th scope="col">{tr(Msg::CorrectShare)}</th>
                        </tr></thead>
                        <tbody>
                            {results.questions.iter().map(|q| view! {
                                <tr data-question=q.question_id.clone()>
                                    <td>
                                        <span class="preview-label">{q.module_title.clone()}</span>
                                        <div inner_html=q.prompt_html.clone()></div>
                                        {q.flag.map(|flag| view! {
                                            <p class="notice notice-warning question-flag">{tr(match flag {
                                                QuestionFlag::NearlyAllWrong => Msg::FlagTooHard,
                                                QuestionFlag::NearlyAllRight => Msg::FlagTooEasy,
                                            })}</p>
                                        })}
                                    </td>
                                    <td>{q.drawn.map_or_else(|| "–".to_string(), |n| n.to_string())}</td>
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
            }.into_any()).collect_view()}
            {results.learners.clone().map(|learners| {
                let slug = results.slug.clone();
                view! {
                    <h2>{tr(Msg::LearnersList)}</h2>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::Learner)}</th>
                            <th scope="col">{tr(Msg::Progress)}</th>
                            <th scope="col">{tr(Msg::GrantAttempt)}</th>
                        </tr></thead>
                        <tbody>
                            {learners.into_iter().map(|learner| view! { <LearnerRow slug=slug.clone() learner/> }).collect_view()}
                        </tbody>
                    </table>
                }
                // Erased: the page's view type is otherwise too deep for the compiler's release build.
                .into_any()
            })}
        </section>
    }
}

/// Whether the person looking is a trainer, who can open the course in the editor.
fn is_trainer() -> bool {
    crate::page::page_context().user.is_some_and(|u| u.has_role(crate::domain::roles::Role::Trainer))
}

/// A learner's progress and, for administrators, the form that grants another attempt at a
/// graded item, with the reason kept in the record.
#[component]
fn LearnerRow(slug: String, learner: LearnerResult) -> impl IntoView {
    let grant = ServerAction::<GrantAttempt>::new();
    let form = format!("grant-{}", learner.user_id);
    let reason_id = format!("reason-{}", learner.user_id);
    let item_id = format!("item-{}", learner.user_id);
    // After a failed post the form stays open, with what was typed and chosen.
    let page = crate::page::page_context();
    let posted = page.flash_for(&form).is_some();
    let (typed_reason, chosen_item) = (page.echoed(&form, "reason"), page.echoed(&form, "item_id"));
    view! {
        <tr data-learner=learner.name.clone()>
            <td>{learner.name.clone()}</td>
            <td>
                {format!("{}%", learner.percent)}
                {learner.failed.then(|| view! { " " <span class="badge badge-warning">{tr(Msg::NoAttemptsLeftBadge)}</span> })}
            </td>
            <td>
                <FormOutcome form=form.clone()/>
                {(!learner.grantable.is_empty()).then(|| view! {
                    <details open=learner.failed || posted>
                        <summary>{tr(Msg::GrantAttempt)}</summary>
                        <ActionForm action=grant>
                            <CsrfField/>
                            <input type="hidden" name="slug" value=slug.clone()/>
                            <input type="hidden" name="learner_id" value=learner.user_id.clone()/>
                            <label for=item_id.clone()>{tr(Msg::GrantItem)}</label>
                            <FieldError form=form.clone() name="item_id"/>
                            <select id=item_id name="item_id">
                                {learner.grantable.iter().map(|(id, title)| view! {
                                    <option value=id.clone() selected=*id == chosen_item>{title.clone()}</option>
                                }).collect_view()}
                            </select>
                            <label for=reason_id.clone()>{tr(Msg::GrantReason)}</label>
                            <FieldError form=form.clone() name="reason"/>
                            <input type="text" id=reason_id name="reason" required=true maxlength="500" value=typed_reason/>
                            <button type="submit">{tr(Msg::GrantAttempt)}</button>
                        </ActionForm>
                    </details>
                })}
            </td>
        </tr>
    }
}
