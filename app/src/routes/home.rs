//! The home page: who you are and what you can do here; for learners, their courses.

use crate::components::error_page::load_page;
use crate::domain::calendar::date_text;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{SessionUser, page_context, tr};
use crate::paths::course_path;
use crate::views::learning::DashboardCourse;
use leptos::prelude::*;

#[server(name = LoadDashboardPage, endpoint = "my_courses")]
pub async fn dashboard_page() -> Result<Vec<DashboardCourse>, AppError> {
    use crate::server::{context, learning};
    context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        Ok(learning::pages::dashboard_page(&state, &user.id, context::locale()).await?)
    }
    .await)
}

#[component]
fn MyCourses() -> impl IntoView {
    load_page(dashboard_page(), |courses| {
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
                                <h3><a href=course_path(&course.slug)>{course.title.clone()}</a></h3>
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
                                <a href=course_path(&course.slug)>{course.title.clone()}</a>
                                " · "{tr(Msg::CompletedOn)}" "{course.completed_at.map(date_text).unwrap_or_default()}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
    })
}

/// What the person administers, for the administration links: everything, or (an
/// organisation administrator) their organisation, named.
fn administration_intro(user: &SessionUser) -> Option<String> {
    if user.has_role(Role::Administrator) {
        Some(tr(Msg::HomeAdminIntro).to_string())
    } else if user.has_role(Role::OrganisationAdministrator) {
        let organisation = user.organisation_name.clone().unwrap_or_default();
        Some(fill(tr(Msg::HomeOrganisationAdminIntro), &[("organisation", &organisation)]))
    } else {
        None
    }
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
                    {administration_intro(&user).map(|intro| view! {
                        <p>{intro}</p>
                        <ul class="link-list">
                            <li><a href="/admin/organisations">{tr(Msg::NavOrganisations)}</a></li>
                            <li><a href="/admin/people">{tr(Msg::NavPeople)}</a></li>
                            <li><a href="/admin/assignments">{tr(Msg::NavAssignments)}</a></li>
                        </ul>
                    })}
                </section>
            }
            .into_any()
        }
    }
}
