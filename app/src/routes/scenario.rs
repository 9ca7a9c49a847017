//! Playing a case scenario one step at a time. The server keeps where the learner stands, so a
//! reload or another device continues the same play, and a choice once made is final. At the
//! ending: the outcome and points, the path taken, and what good practice would have been.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::components::module_preview::outcome_label;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::paths::module_path;
use crate::views::learning::{PathEntry, PlayView, ScenarioPage};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tiltas_course::Outcome;

#[server(name = LoadScenarioPage, endpoint = "scenario_page")]
pub async fn scenario_page(slug: String, scenario_id: String) -> Result<ScenarioPage, AppError> {
    use crate::server::{context, learning};
    context::with_status(async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        Ok(learning::reading::scenario_page(&state, &enrolled, context::locale(), &scenario_id).await?)
    }
    .await)
}

#[server(endpoint = "start_scenario")]
pub async fn start_scenario(slug: String, scenario_id: String) -> Result<FormSuccess, AppError> {
    use crate::paths::scenario_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        learning::start_play(&state, &enrolled, &scenario_id).await?;
        Ok(FormSuccess { message: Msg::ScenarioStarted, detail: None, redirect_to: Some(scenario_path(&slug, &scenario_id)) })
    }
    .await;
    forms::respond("scenario", &[], result)
}

#[server(endpoint = "choose_option")]
pub async fn choose_option(slug: String, scenario_id: String, step_id: String, choice: Option<String>) -> Result<FormSuccess, AppError> {
    use crate::paths::scenario_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        let index = match choice {
            None => return Err(AppError::invalid("choice", Msg::NothingChosen)),
            Some(value) => value.parse::<usize>().map_err(|_| AppError::BadRequest)?,
        };
        let chosen = learning::choose(&state, &enrolled, &scenario_id, &step_id, index).await?;
        let message = if chosen.completed_course { Msg::CourseCompletedMessage } else { Msg::WhatHappened };
        Ok(FormSuccess { message, detail: None, redirect_to: Some(scenario_path(&slug, &scenario_id)) })
    }
    .await;
    forms::respond("scenario", &[], result)
}

#[component]
pub fn ScenarioPlayPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let slug = params.get("slug").unwrap_or_default();
    let scenario_id = params.get("scenario").unwrap_or_default();
    view! {
        {load_page(scenario_page(slug.clone(), scenario_id.clone()), |page| view! { <Play page=page.clone()/> })}
    }
}

#[component]
fn Play(page: ScenarioPage) -> impl IntoView {
    let start = ServerAction::<StartScenario>::new();
    let choose = ServerAction::<ChooseOption>::new();
    let (slug, scenario_id) = (page.slug.clone(), page.scenario_id.clone());
    let start_form = move |label: Msg| {
        let (slug, scenario_id) = (slug.clone(), scenario_id.clone());
        view! {
            <ActionForm action=start>
                <CsrfField/>
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="scenario_id" value=scenario_id/>
                <button type="submit">{tr(label)}</button>
            </ActionForm>
        }
    };
    view! {
        // The id is where `enhance.js` returns after a choice, and the consequence (or, at the
        // start, the first step) is marked as the outcome it moves focus to.
        <section class="scenario" id="scenario" data-enhance="true">
            <p><a href=module_path(&page.slug, &page.module_id)>{tr(Msg::BackToCourseOverview)}</a></p>
            <p class="preview-label">{tr(Msg::ScenarioLabel)}</p>
            <h1>{page.title.clone()}</h1>
            {page.graded.map(|(allowed, used)| view! {
                <p class="notice">{fill(tr(Msg::ScenarioGraded), &[("used", &used.to_string()), ("allowed", &allowed.to_string())])}</p>
            })}
            <FormOutcome form="scenario"/>
            {match page.view.clone() {
                PlayView::NotStarted => view! {
                    <p>{tr(Msg::ScenarioIntro)}</p>
                    {start_form(Msg::StartScenario)}
                }.into_any(),
                PlayView::AtStep { step_id, narrative_html, choices_html, last } => {
                    // At the first step nothing has happened yet: the story is what changed.
                    let first_step = last.is_none().then_some("true");
                    view! {
                        {last.map(|entry| view! { <Consequence entry/> })}
                        <div class="narrative" data-outcome=first_step inner_html=narrative_html></div>
                        <ActionForm action=choose>
                            <CsrfField/>
                            <input type="hidden" name="slug" value=page.slug.clone()/>
                            <input type="hidden" name="scenario_id" value=page.scenario_id.clone()/>
                            <input type="hidden" name="step_id" value=step_id.clone()/>
                            <fieldset>
                                <legend>{tr(Msg::ChooseOne)}</legend>
                                <FieldError form="scenario" name="choice"/>
                                {choices_html.into_iter().enumerate().map(|(index, html)| {
                                    let id = format!("choice-{step_id}-{index}");
                                    view! {
                                        <div class="choice">
                                            <input type="radio" id=id.clone() name="choice" value=index.to_string() required=true/>
                                            <label for=id inner_html=html></label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <button type="submit">{tr(Msg::ConfirmChoice)}</button>
                        </ActionForm>
                    }.into_any()
                }
                PlayView::Ended { last, outcome, points, max_points, narrative_html, path, good_practice } => view! {
                    {last.map(|entry| view! { <Consequence entry/> })}
                    <h2>{tr(Msg::ScenarioEnded)}</h2>
                    <p class="notice" class:notice-success=outcome == Outcome::GoodPractice class:notice-error=outcome == Outcome::Harmful>
                        <strong>{tr(Msg::Outcome)}": "{tr(outcome_label(outcome))}</strong>
                        " · "{fill(tr(Msg::PointsOf), &[("points", &points.to_string()), ("max", &max_points.to_string())])}
                    </p>
                    <div class="narrative" inner_html=narrative_html></div>
                    <h2>{tr(Msg::YourPath)}</h2>
                    <PathList entries=path/>
                    <h2>{tr(Msg::GoodPracticePath)}</h2>
                    {match good_practice {
                        Some(entries) => view! { <PathList entries/> }.into_any(),
                        None => view! { <p>{tr(Msg::GoodPracticeHidden)}</p> }.into_any(),
                    }}
                    {page.may_replay.then(|| start_form(Msg::PlayAgain))}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Consequence(entry: PathEntry) -> impl IntoView {
    view! {
        <aside class="consequence" aria-labelledby="consequence-heading" data-outcome="true">
            <h2 id="consequence-heading">{tr(Msg::WhatHappened)}</h2>
            <div class="chosen" inner_html=entry.choice_html></div>
            <div class="feedback" inner_html=entry.feedback_html></div>
        </aside>
    }
}

#[component]
fn PathList(entries: Vec<PathEntry>) -> impl IntoView {
    view! {
        <ol class="scenario-path">
            {entries.into_iter().map(|entry| view! {
                <li>
                    <div class="chosen" inner_html=entry.choice_html></div>
                    <div class="feedback" inner_html=entry.feedback_html></div>
                </li>
            }).collect_view()}
        </ol>
    }
}
