//! Administrators' list of people (filtered and paged through its URL), creating accounts and
//! handing out one-time invitation links. Organisation administrators see and create only the
//! people of their own organisation; the service enforces it.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome, OrganisationSelect, TextField};
use crate::components::pager::Pager;
use crate::domain::people::{PersonStatus, page_count};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::{PEOPLE_IMPORT_PATH, PEOPLE_PATH, person_admin_path};
use crate::views::people::{PeopleDirectory, PersonSummary};
use crate::components::table_scroll::TableScroll;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// One page of the list. The arguments are the URL's filter values, as typed (see
/// `PeopleFilter::from_query`).
#[server(name = LoadPeoplePage, endpoint = "people_overview")]
pub async fn people_page(
    #[server(default)] q: String,
    #[server(default)] organisation: String,
    #[server(default)] role: String,
    #[server(default)] status: String,
    #[server(default)] page: String,
) -> Result<PeopleDirectory, AppError> {
    use crate::domain::people::PeopleFilter;
    use crate::server::context;
    use crate::server::people_admin::{self, Administrator};
    context::with_status(async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        let filter = PeopleFilter::from_query(&q, &organisation, &role, &status, &page);
        Ok(people_admin::people_page(&state, &admin, filter).await?)
    }
    .await)
}

/// Checkbox values arrive only when ticked, hence one optional argument per role. An
/// organisation administrator's new person joins their organisation whatever `organisation_id`
/// says.
#[server(endpoint = "create_person")]
pub async fn create_person(
    email: String,
    name: String,
    #[server(default)] organisation_id: String,
    role_learner: Option<String>,
    role_trainer: Option<String>,
    role_administrator: Option<String>,
    role_organisation_administrator: Option<String>,
) -> Result<FormSuccess, AppError> {
    use crate::server::people_admin::{self, Administrator};
    use crate::server::{accounts, context, forms};
    let roles = crate::domain::roles::ticked_roles(&role_learner, &role_trainer, &role_administrator, &role_organisation_administrator);
    let result = async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        let account = accounts::NewAccount {
            email: email.clone(),
            name: name.clone(),
            roles,
            organisation_id: Some(organisation_id.clone()),
            password: None,
        };
        // No link for a person whose organisation signs in through single sign-on only.
        let Some(token) = people_admin::create_person(&state, &admin, account).await? else {
            return Ok(FormSuccess::message(Msg::PersonCreatedSingleSignOn));
        };
        Ok(FormSuccess {
            message: if state.config.email.is_some() { Msg::PersonCreatedEmailed } else { Msg::PersonCreated },
            detail: Some(state.config.link(&accounts::invite_path(&token))),
            redirect_to: None,
        })
    }
    .await;
    let echo_roles = |value: &Option<String>| if value.is_some() { "on" } else { "" };
    forms::respond(
        "person",
        &[
            ("email", &email),
            ("name", &name),
            ("organisation_id", &organisation_id),
            ("role_learner", echo_roles(&role_learner)),
            ("role_trainer", echo_roles(&role_trainer)),
            ("role_administrator", echo_roles(&role_administrator)),
            ("role_organisation_administrator", echo_roles(&role_organisation_administrator)),
        ],
        result,
    )
}

/// A fresh one-time link for a person, shown to the administrator: a lost invitation, or a
/// password reset (see `people_admin::renew_link`). Used by the list and the person's page.
#[server(endpoint = "renew_invite")]
pub async fn renew_invite(user_id: String) -> Result<FormSuccess, AppError> {
    use crate::server::people_admin::{self, Administrator};
    use crate::server::{accounts, context, forms};
    let result = async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        let token = people_admin::renew_link(&state, &admin, &user_id).await?;
        Ok(FormSuccess {
            message: if state.config.email.is_some() { Msg::InviteRenewedEmailed } else { Msg::InviteRenewed },
            detail: Some(state.config.link(&accounts::invite_path(&token))),
            redirect_to: None,
        })
    }
    .await;
    forms::respond("renew-invite", &[], result)
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let value = |name: &str| query.get(name).unwrap_or_default();
    let loaded = people_page(value("q"), value("organisation"), value("role"), value("status"), value("page"));
    load_page(loaded, |directory| {
        let directory = directory.clone();
        view! {
            <section>
                <h1>{tr(Msg::PeopleTitle)}</h1>
                <p>{tr(Msg::PeopleIntro)}</p>
                <PeopleFilters directory=directory.clone()/>
                <FormOutcome form="renew-invite"/>
                <PeopleTable people=directory.people.clone()/>
                <Pages directory=directory.clone()/>
                <h2>{tr(Msg::AddPerson)}</h2>
                <p><a href=PEOPLE_IMPORT_PATH>{tr(Msg::ImportTitle)}</a></p>
                <NewPersonForm directory/>
            </section>
        }
    })
}

/// A GET form, so that filtering works without JavaScript and a filtered list can be bookmarked.
#[component]
fn PeopleFilters(directory: PeopleDirectory) -> impl IntoView {
    let filter = directory.filter.clone();
    let chosen_organisation = filter.organisation_id.clone().unwrap_or_default();
    view! {
        <form method="get" action=PEOPLE_PATH class="filters" role="search">
            <div class="field">
                <label for="people-search">{tr(Msg::SearchPeople)}</label>
                <input id="people-search" type="search" name="q" value=filter.search.clone()/>
            </div>
            {directory.platform.then(|| view! {
                <div class="field">
                    <label for="people-organisation">{tr(Msg::Organisation)}</label>
                    <select id="people-organisation" name="organisation">
                        <option value="">{tr(Msg::FilterAll)}</option>
                        {directory.organisations.iter().map(|(id, name)| view! {
                            <option value=id.clone() selected=*id == chosen_organisation>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="people-role">{tr(Msg::Roles)}</label>
                <select id="people-role" name="role">
                    <option value="">{tr(Msg::FilterAll)}</option>
                    {Role::ALL.into_iter().filter(|role| directory.platform || *role != Role::Administrator).map(|role| view! {
                        <option value=role.code() selected=filter.role == Some(role)>{tr(role.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="people-status">{tr(Msg::Status)}</label>
                <select id="people-status" name="status">
                    <option value="">{tr(Msg::FilterAll)}</option>
                    {PersonStatus::FILTERABLE.into_iter().map(|status| view! {
                        <option value=status.code() selected=filter.status == Some(status)>{tr(status.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button-secondary">{tr(Msg::ShowPeople)}</button>
        </form>
    }
}

#[component]
fn PeopleTable(people: Vec<PersonSummary>) -> impl IntoView {
    if people.is_empty() {
        return view! { <p>{tr(Msg::NoPeopleMatch)}</p> }.into_any();
    }
    let renew = ServerAction::<RenewInvite>::new();
    view! {
        <TableScroll>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::Name)}</th>
                        <th scope="col">{tr(Msg::Email)}</th>
                        <th scope="col">{tr(Msg::Organisation)}</th>
                        <th scope="col">{tr(Msg::Roles)}</th>
                        <th scope="col">{tr(Msg::Status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {people.into_iter().map(|person| {
                        let roles = person.roles.iter().map(|r| tr(r.label())).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr>
                                <td><a href=person_admin_path(&person.id)>{person.name}</a></td>
                                <td>{person.email}</td>
                                <td>{person.organisation_name.unwrap_or_else(|| tr(Msg::NoOrganisation).to_string())}</td>
                                <td>{roles}</td>
                                <td>
                                    {tr(person.status.label())}
                                    {(person.status == PersonStatus::Invited).then(|| view! {
                                        <ActionForm action=renew>
                                            <CsrfField/>
                                            <input type="hidden" name="user_id" value=person.id/>
                                            <button type="submit" class="small">{tr(Msg::NewInviteLink)}</button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
    .into_any()
}

/// Where the list is, and links to the pages before and after, keeping the filters.
#[component]
fn Pages(directory: PeopleDirectory) -> impl IntoView {
    let filter = directory.filter;
    let pages = page_count(directory.total);
    let page = filter.page.min(pages);
    let shown = directory.people.len() as i64;
    let first = if shown == 0 { 0 } else { filter.offset() + 1 };
    let summary = fill(
        tr(Msg::PeopleShown),
        &[("first", &first.to_string()), ("last", &(filter.offset() + shown).to_string()), ("total", &directory.total.to_string())],
    );
    view! {
        <p class="pagination-summary">{summary}" · "{fill(tr(Msg::PageOf), &[("page", &page.to_string()), ("pages", &pages.to_string())])}</p>
        <Pager path=filter.page_link(PEOPLE_PATH, 1) page=page has_next=page < pages />
    }
}

#[component]
fn NewPersonForm(directory: PeopleDirectory) -> impl IntoView {
    let page = page_context();
    let create = ServerAction::<CreatePerson>::new();
    // After a failed submission keep the ticked roles; on a fresh form suggest "learner".
    let ticked = |field: &str, default: bool| {
        if page.flash_for("person").is_some() { page.echoed("person", field) == "on" } else { default }
    };
    let role_boxes: Vec<(Role, &'static str, bool)> = directory
        .grantable_roles
        .iter()
        .map(|role| {
            let field = role_field(*role);
            (*role, field, ticked(field, *role == Role::Learner))
        })
        .collect();
    let organisation = if directory.platform {
        view! { <OrganisationSelect form="person" organisations=directory.organisations.clone() empty_label=Msg::NoOrganisation/> }
            .into_any()
    } else {
        // An organisation administrator's new people join their organisation: shown, not chosen.
        let (id, name) = directory.organisations.first().cloned().unwrap_or_default();
        view! {
            <p class="field">{tr(Msg::Organisation)}": "<strong>{name}</strong></p>
            <input type="hidden" name="organisation_id" value=id/>
        }
        .into_any()
    };
    view! {
        <FormOutcome form="person"/>
        <ActionForm action=create>
            <CsrfField/>
            <TextField form="person" name="name" label=Msg::Name autocomplete="off"/>
            <TextField form="person" name="email" label=Msg::Email input_type="email" autocomplete="off"/>
            {organisation}
            <fieldset class="field">
                <legend>{tr(Msg::Roles)}</legend>
                <FieldError form="person" name="roles"/>
                {role_boxes.into_iter().map(|(role, field, checked)| view! {
                    <label class="checkbox">
                        <input type="checkbox" name=field value="on" checked=checked/>
                        {tr(role.label())}
                    </label>
                }).collect_view()}
            </fieldset>
            <button type="submit">{tr(Msg::CreateAccount)}</button>
        </ActionForm>
    }
}

/// The form field of a role's checkbox, as `create_person` and `change_roles` name them.
pub fn role_field(role: Role) -> &'static str {
    match role {
        Role::Learner => "role_learner",
        Role::Trainer => "role_trainer",
        Role::Administrator => "role_administrator",
        Role::OrganisationAdministrator => "role_organisation_administrator",
    }
}
