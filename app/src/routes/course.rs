//! A course's page for a learner: before enrolling, what it is and how to enrol; after, the
//! modules in order with their state, the progress, and what is left.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::domain::certificates::TakeAgain;
use crate::domain::calendar::date_text;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::paths::module_path;
use crate::routes::catalogue::Enrol;
use crate::routes::offline::KeepOnDevice;
use crate::views::learning::{CourseOverview, LearnerProgress};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[server(name = LoadCoursePage, endpoint = "course_overview")]
pub async fn course_page(slug: String) -> Result<CourseOverview, AppError> {
    use crate::server::{context, learning};
    context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        Ok(learning::pages::course_page(&state, &user.id, &slug, context::locale()).await?)
    }
    .await)
}

/// Ends a finished enrolment and starts the newest version, when the rules allow it.
#[server(endpoint = "take_course_again")]
pub async fn take_course_again(slug: String) -> Result<FormSuccess, AppError> {
    use crate::paths::course_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        learning::renewal::take_course_again(&state, &user.id, &slug).await?;
        Ok(FormSuccess { message: Msg::TakingCourseAgain, detail: None, redirect_to: Some(course_path(&slug)) })
    }
    .await;
    forms::respond("take_again", &[], result)
}

#[component]
pub fn CoursePage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    view! {
        {load_page(course_page(slug.clone()), |overview| view! { <Overview overview=overview.clone()/> })}
    }
}

#[component]
fn Overview(overview: CourseOverview) -> impl IntoView {
    let slug = overview.slug.clone();
    view! {
        <section class="course-overview">
            <p><a href="/courses">{tr(Msg::CatalogueTitle)}</a></p>
            <h1>{overview.title.clone()}</h1>
            <p>{overview.summary.clone()}</p>
            <FormOutcome form="enrol"/>
            <FormOutcome form="take_again"/>
            {(overview.progress.is_some() && !overview.missing_prerequisites.is_empty()).then(|| view! {
                <p class="notice">{tr(Msg::FinishFirst)}" "{overview.missing_prerequisites.join(", ")}</p>
            })}
            {match overview.progress.clone() {
                Some(progress) => view! { <ProgressPanel progress slug=slug.clone()/> }.into_any(),
                None => view! { <EnrolPanel overview=overview.clone()/> }.into_any(),
            }}
            {overview.progress.is_some().then(|| view! { <KeepOnDevice slug=slug.clone() modules=overview.modules.clone()/> })}
            <h2>{tr(Msg::Modules)}</h2>
            <ol class="module-list">
                {overview.modules.iter().map(|module| {
                    let enrolled = overview.progress.is_some();
                    let href = module_path(&slug, &module.id);
                    view! {
                        <li>
                            {if enrolled {
                                view! { <a href=href>{module.title.clone()}</a> }.into_any()
                            } else {
                                view! { <span>{module.title.clone()}</span> }.into_any()
                            }}
                            {module.graded.then(|| view! { " " <span class="badge">{tr(Msg::GradedBadge)}</span> })}
                            {module.read.then(|| view! { " " <span class="badge badge-correct">{tr(Msg::ModuleRead)}</span> })}
                            {module.quiz_passed.then(|| view! { " " <span class="badge badge-correct">{tr(Msg::QuizPassed)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn ProgressPanel(progress: LearnerProgress, slug: String) -> impl IntoView {
    let percent = progress.percent.to_string();
    view! {
        <section class="progress-panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading">{tr(Msg::YourProgress)}</h2>
            <progress max="100" value=percent.clone()>{percent.clone()}"%"</progress>
            <p>
                {fill(tr(Msg::ProgressPercent), &[("percent", &percent)])}" · "
                {fill(tr(Msg::PointsOf), &[("points", &progress.points.to_string()), ("max", &progress.max_points.to_string())])}
            </p>
            {progress.due_at.map(|due| view! { <p>{tr(Msg::DueDate)}": "{date_text(due)}</p> })}
            {match progress.completed_at {
                Some(at) => view! {
                    <p class="notice notice-success">{tr(Msg::CourseCompleted)}" "{tr(Msg::CompletedOn)}": "{date_text(at)}</p>
                    {match progress.take_again {
                        Some(reason) => view! { <TakeAgainForm reason slug=slug.clone()/> }.into_any(),
                        // A post from a stale page: the rule is explained here, as no form is shown.
                        None => view! { <FieldError form="take_again" name="take_again"/> }.into_any(),
                    }}
                }.into_any(),
                None => view! {
                    {progress.failed.then(|| view! { <p class="notice notice-error">{tr(Msg::CourseFailed)}</p> })}
                    <h3>{tr(Msg::WhatIsLeft)}</h3>
                    <ul class="left-to-do">
                        {progress.left.into_iter().map(|item| view! { <li><a href=item.href>{item.text}</a></li> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TakeAgainForm(reason: TakeAgain, slug: String) -> impl IntoView {
    let take_again = ServerAction::<TakeCourseAgain>::new();
    let why = match reason {
        TakeAgain::NewerVersion => tr(Msg::TakeAgainNewerVersion).to_string(),
        TakeAgain::Expired => tr(Msg::TakeAgainExpired).to_string(),
        TakeAgain::ExpiresSoon { expires_at } => fill(tr(Msg::TakeAgainExpiresSoon), &[("date", &date_text(expires_at))]),
    };
    view! {
        <div class="take-again">
            <p>{why}</p>
            <ActionForm action=take_again>
                <CsrfField/>
                <input type="hidden" name="slug" value=slug/>
                <FieldError form="take_again" name="take_again"/>
                <button type="submit">{tr(Msg::TakeCourseAgain)}</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn EnrolPanel(overview: CourseOverview) -> impl IntoView {
    let enrol = ServerAction::<Enrol>::new();
    if !overview.missing_prerequisites.is_empty() {
        return view! {
            <p class="notice">{tr(Msg::FinishFirst)}" "{overview.missing_prerequisites.join(", ")}</p>
        }
        .into_any();
    }
    if !crate::routes::catalogue::is_learner() {
        return view! { <p class="notice">{tr(Msg::LearnersOnly)}</p> }.into_any();
    }
    if !overview.self_enrolment {
        return view! { <p class="notice">{tr(Msg::AssignedOnly)}</p> }.into_any();
    }
    view! {
        <ActionForm action=enrol>
            <CsrfField/>
            <input type="hidden" name="slug" value=overview.slug.clone()/>
            <FieldError form="enrol" name="enrol"/>
            <button type="submit">{tr(Msg::Enrol)}</button>
        </ActionForm>
    }
    .into_any()
}
