//! Administrators' list of organisations, and adding one.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FormOutcome, TextField};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, tr};
use leptos::prelude::*;
use crate::views::people::OrganisationSummary;

#[server(name = LoadOrganisationsPage, endpoint = "list_organisations")]
pub async fn organisations_page() -> Result<Vec<OrganisationSummary>, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, people};
    context::with_status(async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        Ok(people::organisations_page(&state).await?)
    }
    .await)
}

#[server(endpoint = "create_organisation")]
pub async fn create_organisation(name: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, forms, people};
    let result = async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        people::create_organisation(&state, &name).await?;
        Ok(FormSuccess::message(Msg::OrganisationCreated))
    }
    .await;
    forms::respond("organisation", &[("name", &name)], result)
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let create = ServerAction::<CreateOrganisation>::new();
    view! {
        <Await future=organisations_page() let:organisations>
            {page_or_error(organisations, |organisations| view! {
                <section>
                    <h1>{tr(Msg::OrganisationsTitle)}</h1>
                    <p>{tr(Msg::OrganisationsIntro)}</p>
                    {if organisations.is_empty() {
                        view! { <p>{tr(Msg::NoOrganisations)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="data-table">
                                <thead><tr><th scope="col">{tr(Msg::OrganisationName)}</th><th scope="col">{tr(Msg::PeopleCount)}</th></tr></thead>
                                <tbody>
                                    {organisations.iter().map(|o| view! {
                                        <tr><td>{o.name.clone()}</td><td>{o.people}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <h2>{tr(Msg::AddOrganisation)}</h2>
                    <FormOutcome form="organisation"/>
                    <ActionForm action=create>
                        <CsrfField/>
                        <TextField form="organisation" name="name" label=Msg::OrganisationName autocomplete="off"/>
                        <button type="submit">{tr(Msg::AddOrganisation)}</button>
                    </ActionForm>
                </section>
            })}
        </Await>
    }
}
