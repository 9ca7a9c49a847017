//! Administrators' list of people: create accounts and hand out one-time invitation links.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FieldError, FormOutcome, OrganisationSelect, TextField};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, page_context, tr};
use leptos::prelude::*;
use crate::views::people::{PeopleDirectory, PersonSummary};

#[server(name = LoadPeoplePage, endpoint = "people_overview")]
pub async fn people_page() -> Result<PeopleDirectory, AppError> {
    use crate::server::{context, people};
    context::with_status(async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        Ok(people::people_page(&state).await?)
    }
    .await)
}

/// Checkbox values arrive only when ticked, hence one optional argument per role.
#[server(endpoint = "create_person")]
pub async fn create_person(
    email: String,
    name: String,
    organisation_id: String,
    role_learner: Option<String>,
    role_trainer: Option<String>,
    role_administrator: Option<String>,
) -> Result<FormSuccess, AppError> {
    use crate::server::{accounts, context, forms};
    let ticked = [(Role::Learner, &role_learner), (Role::Trainer, &role_trainer), (Role::Administrator, &role_administrator)];
    let roles: Vec<Role> = ticked.iter().filter(|(_, value)| value.is_some()).map(|(role, _)| *role).collect();
    let result = async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        let account = accounts::NewAccount {
            email: email.clone(),
            name: name.clone(),
            roles,
            organisation_id: Some(organisation_id.clone()),
            password: None,
        };
        let (_, invite) = accounts::create_account(&state.db, account).await?;
        let token = invite.ok_or(AppError::Internal)?;
        Ok(FormSuccess {
            message: Msg::PersonCreated,
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
        ],
        result,
    )
}

#[server(endpoint = "renew_invite")]
pub async fn renew_invite(user_id: String) -> Result<FormSuccess, AppError> {
    use crate::server::{accounts, context, forms};
    let result = async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        let token = accounts::renew_invite(&state.db, &user_id).await?;
        Ok(FormSuccess {
            message: Msg::InviteRenewed,
            detail: Some(state.config.link(&accounts::invite_path(&token))),
            redirect_to: None,
        })
    }
    .await;
    forms::respond("renew-invite", &[], result)
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Await future=people_page() let:overview>
            {page_or_error(overview, |overview| view! {
                <section>
                    <h1>{tr(Msg::PeopleTitle)}</h1>
                    <p>{tr(Msg::PeopleIntro)}</p>
                    <FormOutcome form="renew-invite"/>
                    <PeopleTable people=overview.people.clone()/>
                    <h2>{tr(Msg::AddPerson)}</h2>
                    <NewPersonForm organisations=overview.organisations.iter().map(|o| (o.id.clone(), o.name.clone())).collect()/>
                </section>
            })}
        </Await>
    }
}

#[component]
fn PeopleTable(people: Vec<PersonSummary>) -> impl IntoView {
    if people.is_empty() {
        return view! { <p>{tr(Msg::NoPeople)}</p> }.into_any();
    }
    let renew = ServerAction::<RenewInvite>::new();
    view! {
        <div class="table-scroll">
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
                                <td>{person.name}</td>
                                <td>{person.email}</td>
                                <td>{person.organisation_name.unwrap_or_else(|| tr(Msg::NoOrganisation).to_string())}</td>
                                <td>{roles}</td>
                                <td>
                                    {if person.has_password {
                                        tr(Msg::StatusActive).into_any()
                                    } else {
                                        view! {
                                            {tr(Msg::StatusInvited)}
                                            <ActionForm action=renew>
                                                <CsrfField/>
                                                <input type="hidden" name="user_id" value=person.id/>
                                                <button type="submit" class="small">{tr(Msg::NewInviteLink)}</button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewPersonForm(organisations: Vec<(String, String)>) -> impl IntoView {
    let page = page_context();
    let create = ServerAction::<CreatePerson>::new();
    // After a failed submission keep the ticked roles; on a fresh form suggest "learner".
    let ticked = |field: &str, default: bool| {
        if page.flash_for("person").is_some() { page.echoed("person", field) == "on" } else { default }
    };
    let role_boxes = [
        (Role::Learner, "role_learner", ticked("role_learner", true)),
        (Role::Trainer, "role_trainer", ticked("role_trainer", false)),
        (Role::Administrator, "role_administrator", ticked("role_administrator", false)),
    ];
    view! {
        <FormOutcome form="person"/>
        <ActionForm action=create>
            <CsrfField/>
            <TextField form="person" name="name" label=Msg::Name autocomplete="off"/>
            <TextField form="person" name="email" label=Msg::Email input_type="email" autocomplete="off"/>
            <OrganisationSelect form="person" organisations=organisations empty_label=Msg::NoOrganisation/>
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
