//! Playing a case scenario one step at a time. The server keeps where the learner stands, so a
//! reload or another device continues the same play, and a choice once made is final. At the
//! ending: the outcome and points, the path taken, and what good practice would have been.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::components::module_preview::outcome_label;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::routes::course::module_path;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use tiltas_course::Outcome;

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
        good_practice: Vec<PathEntry>,
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
}

#[server(endpoint = "scenario_page")]
pub async fn get_scenario_page(slug: String, scenario_id: String) -> Result<ScenarioPage, AppError> {
    use crate::server::{context, learning};
    use tiltas_course::ScenarioNode;
    crate::server::context::with_status(async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        let locale = context::viewer().page.locale.code();
        let module_id = enrolled
            .course
            .modules_in(&enrolled.course.metadata.source_language)
            .iter()
            .find(|m| m.scenarios().any(|s| s.id == scenario_id))
            .map(|m| m.id.clone())
            .ok_or(AppError::NotFound)?;
        // The learner's language for every text; translations share the graph.
        let scenario = enrolled
            .module(&module_id, locale)
            .and_then(|m| m.scenarios().find(|s| s.id == scenario_id))
            .ok_or(AppError::NotFound)?
            .clone();
        let progress = learning::scenario_progress(&state.db, &enrolled, &scenario_id).await?;
        let entry = |step_id: &str, index: usize| {
            let ScenarioNode::Step(step) = scenario.node(step_id)? else { return None };
            let choice = step.choices.get(index)?;
            Some(PathEntry { choice_html: choice.text.html.clone(), feedback_html: choice.feedback.html.clone() })
        };
        let path: Vec<PathEntry> =
            progress.choices.iter().filter_map(|c| entry(&c.step_id, c.choice_index.max(0) as usize)).collect();
        let view = match progress.latest() {
            None => PlayView::NotStarted,
            Some(play) => match scenario.node(&play.node) {
                Some(ScenarioNode::Ending(ending)) => PlayView::Ended {
                    last: path.last().cloned(),
                    outcome: ending.outcome,
                    points: ending.points,
                    max_points: scenario.max_points(),
                    narrative_html: ending.narrative.html.clone(),
                    good_practice: tiltas_course::best_path(&scenario)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|c| entry(&c.step, c.choice))
                        .collect(),
                    path,
                },
                Some(ScenarioNode::Step(step)) => PlayView::AtStep {
                    step_id: step.id.clone(),
                    narrative_html: step.narrative.html.clone(),
                    choices_html: step.choices.iter().map(|c| c.text.html.clone()).collect(),
                    last: path.last().cloned(),
                },
                _ => return Err(AppError::Internal),
            },
        };
        let may_replay = matches!(view, PlayView::Ended { .. }) && enrolled.rules.may_try(progress.plays.len() as u32);
        Ok(ScenarioPage { slug, module_id, title: scenario.title.clone(), scenario_id, view, may_replay })
    }
    .await)
}

#[server(endpoint = "start_scenario")]
pub async fn start_scenario(slug: String, scenario_id: String) -> Result<FormSuccess, AppError> {
    use crate::routes::course::scenario_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        learning::start_play(&state.db, &enrolled, &scenario_id).await?;
        Ok(FormSuccess { message: Msg::ScenarioStarted, detail: None, redirect_to: Some(scenario_path(&slug, &scenario_id)) })
    }
    .await;
    forms::respond("scenario", &[], result)
}

#[server(endpoint = "choose_option")]
pub async fn choose_option(slug: String, scenario_id: String, step_id: String, choice: Option<String>) -> Result<FormSuccess, AppError> {
    use crate::routes::course::scenario_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        let index = match choice {
            None => return Err(AppError::invalid("choice", Msg::NothingChosen)),
            Some(value) => value.parse::<usize>().map_err(|_| AppError::BadRequest)?,
        };
        let chosen = learning::choose(&state.db, &enrolled, &scenario_id, &step_id, index).await?;
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
        {load_page(get_scenario_page(slug.clone(), scenario_id.clone()), |page| view! { <Play page=page.clone()/> })}
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
        <section class="scenario" data-enhance="true">
            <p><a href=module_path(&page.slug, &page.module_id)>{tr(Msg::BackToCourseOverview)}</a></p>
            <p class="preview-label">{tr(Msg::ScenarioLabel)}</p>
            <h1>{page.title.clone()}</h1>
            <FormOutcome form="scenario"/>
            {match page.view.clone() {
                PlayView::NotStarted => view! {
                    <p>{tr(Msg::ScenarioIntro)}</p>
                    {start_form(Msg::StartScenario)}
                }.into_any(),
                PlayView::AtStep { step_id, narrative_html, choices_html, last } => view! {
                    {last.map(|entry| view! { <Consequence entry/> })}
                    <div class="narrative" inner_html=narrative_html></div>
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
                }.into_any(),
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
                    <PathList entries=good_practice/>
                    {page.may_replay.then(|| start_form(Msg::PlayAgain))}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Consequence(entry: PathEntry) -> impl IntoView {
    view! {
        <aside class="consequence" aria-labelledby="consequence-heading">
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
