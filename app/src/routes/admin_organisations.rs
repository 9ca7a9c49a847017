//! The organisations an administrator administers: every one, with adding and renaming, for a
//! platform administrator; their own, to look at, for an organisation administrator.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FieldError, FormOutcome, TextField};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::views::people::{OrganisationSummary, OrganisationsOverview};
use leptos::prelude::*;

#[server(name = LoadOrganisationsPage, endpoint = "list_organisations")]
pub async fn organisations_page() -> Result<OrganisationsOverview, AppError> {
    use crate::server::{context, people};
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        Ok(people::organisations_page(&state, &scope).await?)
    }
    .await)
}

#[server(endpoint = "create_organisation")]
pub async fn create_organisation(name: String) -> Result<FormSuccess, AppError> {
    use crate::server::{context, forms, people};
    let result = async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        people::create_organisation(&state, &scope, &name).await?;
        Ok(FormSuccess::message(Msg::OrganisationCreated))
    }
    .await;
    forms::respond("organisation", &[("name", &name)], result)
}

#[server(endpoint = "rename_organisation")]
pub async fn rename_organisation(organisation_id: String, name: String) -> Result<FormSuccess, AppError> {
    use crate::server::{context, forms, people};
    let result = async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        people::rename_organisation(&state, &scope, &organisation_id, &name).await?;
        Ok(FormSuccess::message(Msg::OrganisationRenamed))
    }
    .await;
    // Each organisation's form is its own, so that the message and typed name show beside it.
    forms::respond(&rename_form(&organisation_id), &[("name", &name)], result)
}

/// The form name of one organisation's rename form.
fn rename_form(organisation_id: &str) -> String {
    format!("rename-{organisation_id}")
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let create = ServerAction::<CreateOrganisation>::new();
    view! {
        <Await future=organisations_page() let:overview>
            {page_or_error(overview, |overview| view! {
                <section>
                    <h1>{tr(Msg::OrganisationsTitle)}</h1>
                    <p>{tr(Msg::OrganisationsIntro)}</p>
                    {if overview.organisations.is_empty() {
                        view! { <p>{tr(Msg::NoOrganisations)}</p> }.into_any()
                    } else {
                        let may_change = overview.may_change;
                        view! {
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">{tr(Msg::OrganisationName)}</th>
                                    <th scope="col">{tr(Msg::PeopleCount)}</th>
                                    {may_change.then(|| view! { <th scope="col">{tr(Msg::RenameOrganisation)}</th> })}
                                </tr></thead>
                                <tbody>
                                    {overview.organisations.iter().map(|o| view! {
                                        <tr>
                                            <td>{o.name.clone()}</td>
                                            <td>{o.people}</td>
                                            {may_change.then(|| view! { <td><RenameForm organisation=o.clone()/></td> })}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    {overview.may_change.then(|| view! {
                        <h2>{tr(Msg::AddOrganisation)}</h2>
                        <FormOutcome form="organisation"/>
                        <ActionForm action=create>
                            <CsrfField/>
                            <TextField form="organisation" name="name" label=Msg::OrganisationName autocomplete="off"/>
                            <button type="submit">{tr(Msg::AddOrganisation)}</button>
                        </ActionForm>
                    })}
                </section>
            })}
        </Await>
    }
}

#[component]
fn RenameForm(organisation: OrganisationSummary) -> impl IntoView {
    let rename = ServerAction::<RenameOrganisation>::new();
    let form = rename_form(&organisation.id);
    let page = page_context();
    let typed = page.echoed(&form, "name");
    let value = if typed.is_empty() { organisation.name.clone() } else { typed };
    let input_id = format!("{form}-name");
    view! {
        <FormOutcome form=form.clone()/>
        <ActionForm action=rename>
            <CsrfField/>
            <input type="hidden" name="organisation_id" value=organisation.id.clone()/>
            <label for=input_id.clone() class="visually-hidden">{fill(tr(Msg::NewNameFor), &[("organisation", &organisation.name)])}</label>
            <FieldError form=form.clone() name="name"/>
            <input id=input_id type="text" name="name" value=value required=true autocomplete="off"/>
            <button type="submit" class="small">{tr(Msg::Rename)}</button>
        </ActionForm>
    }
}
