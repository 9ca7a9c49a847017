//! The home page: who you are and what you can do here.

use crate::domain::roles::Role;
use crate::i18n::{Msg, fill};
use crate::page::{page_context, tr};
use leptos::prelude::*;

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
                    {user.has_role(Role::Learner).then(|| view! { <p>{tr(Msg::HomeLearnerIntro)}</p> })}
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
