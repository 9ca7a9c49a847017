//! The home page: who you are and what you can do here; for learners, their courses.

use crate::components::error_page::load_page;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{page_context, tr};
use crate::routes::course::{LeftToDo, date_text};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DashboardCourse {
    pub slug: String,
    pub title: String,
    pub percent: u8,
    pub next: Option<LeftToDo>,
    pub due_at: Option<i64>,
    pub completed_at: Option<i64>,
}

#[server(endpoint = "my_courses")]
pub async fn my_courses() -> Result<Vec<DashboardCourse>, AppError> {
    use crate::server::storage::learning as store;
    use crate::server::{context, learning};
    crate::server::context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let locale = context::viewer().page.locale;
        let mut courses = Vec::new();
        for enrolment in store::enrolments_of(&state.db, &user.id).await? {
            let enrolled = learning::with_course(&state.db, enrolment).await?;
            let status = learning::status(&state.db, &enrolled).await?;
            let completion = learning::completion(&state.db, &enrolled).await?;
            let meta = &enrolled.course.metadata;
            courses.push(DashboardCourse {
                title: learning::localised(&meta.title, locale.code(), &meta.source_language),
                percent: status.percent,
                next: status
                    .remaining
                    .first()
                    .map(|r| crate::routes::course::describe_requirement(&enrolled.course, &enrolled.enrolment.course_slug, locale, r)),
                due_at: enrolled.enrolment.due_at,
                completed_at: completion.map(|c| c.completed_at),
                slug: enrolled.enrolment.course_slug.clone(),
            });
        }
        // Due soonest first, then the rest in enrolment order.
        courses.sort_by_key(|c| c.due_at.unwrap_or(i64::MAX));
        Ok(courses)
    }
    .await)
}

#[component]
fn MyCourses() -> impl IntoView {
    load_page(my_courses(), |courses| {
        let (done, open): (Vec<DashboardCourse>, Vec<DashboardCourse>) =
            courses.iter().cloned().partition(|c| c.completed_at.is_some());
        view! {
            <section class="dashboard" aria-labelledby="dashboard-heading">
                <h2 id="dashboard-heading">{tr(Msg::DashboardTitle)}</h2>
                {open.is_empty().then(|| view! { <p>{tr(Msg::DashboardEmpty)}</p> })}
                <ul class="course-cards">
                    {open.into_iter().map(|course| {
                        let percent = course.percent.to_string();
                        view! {
                            <li class="course-card">
                                <h3><a href=crate::routes::catalogue::course_path(&course.slug)>{course.title.clone()}</a></h3>
                                <progress max="100" value=percent.clone()>{percent.clone()}"%"</progress>
                                <p>{fill(tr(Msg::ProgressPercent), &[("percent", &percent)])}</p>
                                {course.due_at.map(|due| view! { <p><strong>{tr(Msg::DueDate)}": "{date_text(due)}</strong></p> })}
                                {course.next.clone().map(|next| view! {
                                    <p>{tr(Msg::NextStep)}": "<a href=next.href>{next.text}</a></p>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p><a class="button button-secondary" href="/courses">{tr(Msg::BrowseCourses)}</a></p>
                {(!done.is_empty()).then(|| view! {
                    <h2>{tr(Msg::CompletedCourses)}</h2>
                    <ul>
                        {done.into_iter().map(|course| view! {
                            <li>
                                <a href=crate::routes::catalogue::course_path(&course.slug)>{course.title.clone()}</a>
                                " · "{tr(Msg::CompletedOn)}" "{course.completed_at.map(date_text).unwrap_or_default()}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
    })
}

#[component]
pub fn HomePage() -> impl IntoView {
    let page = page_context();
    match page.user {
        None => view! {
            <section class="welcome">
                <h1>{tr(Msg::WelcomeAnonymous)}</h1>
                <p>{tr(Msg::AppTagline)}</p>
                <p>{tr(Msg::HomeAnonymousIntro)}</p>
                <p><a class="button" href="/login">{tr(Msg::SignIn)}</a></p>
            </section>
        }
        .into_any(),
        Some(user) => {
            let roles = user.roles.iter().map(|role| tr(role.label())).collect::<Vec<_>>().join(", ");
            view! {
                <section class="welcome">
                    <h1>{fill(tr(Msg::WelcomeNamed), &[("name", &user.name)])}</h1>
                    <dl class="facts">
                        <dt>{tr(Msg::HomeYourRoles)}</dt>
                        <dd>{roles}</dd>
                        {user.organisation_name.clone().map(|name| view! {
                            <dt>{tr(Msg::HomeYourOrganisation)}</dt>
                            <dd>{name}</dd>
                        })}
                    </dl>
                    {user.has_role(Role::Learner).then(|| view! { <MyCourses/> })}
                    {user.has_role(Role::Trainer).then(|| view! { <p>{tr(Msg::HomeTrainerIntro)}</p> })}
                    {user.has_role(Role::Administrator).then(|| view! {
                        <p>{tr(Msg::HomeAdminIntro)}</p>
                        <ul class="link-list">
                            <li><a href="/admin/organisations">{tr(Msg::NavOrganisations)}</a></li>
                            <li><a href="/admin/people">{tr(Msg::NavPeople)}</a></li>
                        </ul>
                    })}
                </section>
            }
            .into_any()
        }
    }
}
