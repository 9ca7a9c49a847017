//! A person's page for administrators: their details, roles and status, with the forms to edit
//! them, change their roles, deactivate or reactivate the account, and reset the password with
//! a fresh one-time link (`admin_people::renew_invite`). Someone outside the administrator's
//! scope is a 404, as an unknown id is.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome, TextField};
use crate::domain::calendar::{date_text, datetime_text};
use crate::domain::people::PersonStatus;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::PEOPLE_PATH;
use crate::routes::admin_people::{RenewInvite, role_field};
use crate::views::people::PersonDetail;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[server(name = LoadPersonPage, endpoint = "person_overview")]
pub async fn person_page(user_id: String) -> Result<PersonDetail, AppError> {
    use crate::server::context;
    use crate::server::people_admin::{self, Administrator};
    context::with_status(async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        Ok(people_admin::person_page(&state, &admin, &user_id).await?)
    }
    .await)
}

/// Saves name and email, and (platform administrators) the organisation.
#[server(endpoint = "update_person")]
pub async fn update_person(
    user_id: String,
    name: String,
    email: String,
    #[server(default)] organisation_id: String,
) -> Result<FormSuccess, AppError> {
    use crate::server::people_admin::{self, Administrator};
    use crate::server::{context, forms};
    let result = async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        people_admin::update_person(&state, &admin, &user_id, &name, &email, Some(&organisation_id)).await?;
        Ok(FormSuccess::message(Msg::PersonSaved))
    }
    .await;
    forms::respond("details", &[("name", &name), ("email", &email), ("organisation_id", &organisation_id)], result)
}

/// Replaces the person's roles with the ticked ones (a box arrives only when ticked).
#[server(endpoint = "change_roles")]
pub async fn change_roles(
    user_id: String,
    role_learner: Option<String>,
    role_trainer: Option<String>,
    role_administrator: Option<String>,
    role_organisation_administrator: Option<String>,
) -> Result<FormSuccess, AppError> {
    use crate::server::people_admin::{self, Administrator};
    use crate::server::{context, forms};
    let roles = crate::domain::roles::ticked_roles(&role_learner, &role_trainer, &role_administrator, &role_organisation_administrator);
    let result = async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        people_admin::change_roles(&state, &admin, &user_id, &roles).await?;
        Ok(FormSuccess::message(Msg::RolesSaved))
    }
    .await;
    let echo = |value: &Option<String>| if value.is_some() { "on" } else { "" };
    forms::respond(
        "roles",
        &[
            ("role_learner", echo(&role_learner)),
            ("role_trainer", echo(&role_trainer)),
            ("role_administrator", echo(&role_administrator)),
            ("role_organisation_administrator", echo(&role_organisation_administrator)),
        ],
        result,
    )
}

#[server(endpoint = "deactivate_person")]
pub async fn deactivate_person(user_id: String) -> Result<FormSuccess, AppError> {
    use crate::server::people_admin::{self, Administrator};
    use crate::server::{context, forms};
    let result = async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        people_admin::deactivate(&state, &admin, &user_id).await?;
        Ok(FormSuccess::message(Msg::PersonDeactivated))
    }
    .await;
    forms::respond("status", &[], result)
}

#[server(endpoint = "reactivate_person")]
pub async fn reactivate_person(user_id: String) -> Result<FormSuccess, AppError> {
    use crate::server::people_admin::{self, Administrator};
    use crate::server::{context, forms};
    let result = async {
        let admin = Administrator::new(context::require_admin_scope()?, context::viewer().client_ip);
        let state = context::app_state()?;
        people_admin::reactivate(&state, &admin, &user_id).await?;
        Ok(FormSuccess::message(Msg::PersonReactivated))
    }
    .await;
    forms::respond("status", &[], result)
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    load_page(person_page(id), |person| view! { <Person person=person.clone()/> })
}

#[component]
fn Person(person: PersonDetail) -> impl IntoView {
    let roles = person.roles.iter().map(|r| tr(r.label())).collect::<Vec<_>>().join(", ");
    view! {
        <section class="person">
            <p><a href=PEOPLE_PATH>{tr(Msg::BackToPeople)}</a></p>
            <h1>{person.name.clone()}</h1>
            <dl class="facts">
                <dt>{tr(Msg::Email)}</dt>
                <dd>{person.email.clone()}</dd>
                <dt>{tr(Msg::Organisation)}</dt>
                <dd>{person.organisation_name.clone().unwrap_or_else(|| tr(Msg::NoOrganisation).to_string())}</dd>
                <dt>{tr(Msg::Roles)}</dt>
                <dd>{roles}</dd>
                <dt>{tr(Msg::Status)}</dt>
                <dd>{tr(person.status.label())}</dd>
                <dt>{tr(Msg::AccountCreatedOn)}</dt>
                <dd>{date_text(person.created_at)}</dd>
                <dt>{tr(Msg::LastSignIn)}</dt>
                <dd>{person.last_seen_at.map(datetime_text).unwrap_or_else(|| tr(Msg::NeverSignedIn).to_string())}</dd>
            </dl>
            {(person.status != PersonStatus::Erased).then(|| view! {
                <DetailsForm person=person.clone()/>
                <RolesForm person=person.clone()/>
                <SignInSection person=person.clone()/>
                <XapiSection id=person.id.clone()/>
                <ErasureSection id=person.id.clone()/>
            })}
        </section>
    }
}

#[component]
fn DetailsForm(person: PersonDetail) -> impl IntoView {
    let save = ServerAction::<UpdatePerson>::new();
    // Without a flash the organisation select shows the person's own; after a failure, the choice made.
    let page = page_context();
    let organisation = person.organisations.clone().map(|organisations| {
        let own = person.organisation_id.clone().unwrap_or_default();
        let chosen = if page.flash_for("details").is_some() { page.echoed("details", "organisation_id") } else { own };
        view! {
            <div class="field">
                <label for="details-organisation_id">{tr(Msg::Organisation)}</label>
                <FieldError form="details" name="organisation"/>
                <select id="details-organisation_id" name="organisation_id">
                    <option value="">{tr(Msg::NoOrganisation)}</option>
                    {organisations.into_iter().map(|(id, name)| {
                        let selected = id == chosen;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        <h2>{tr(Msg::EditDetails)}</h2>
        <FormOutcome form="details"/>
        <ActionForm action=save>
            <CsrfField/>
            <input type="hidden" name="user_id" value=person.id.clone()/>
            <TextField form="details" name="name" label=Msg::Name autocomplete="off" value=person.name.clone()/>
            <TextField form="details" name="email" label=Msg::Email input_type="email" autocomplete="off" value=person.email.clone()/>
            {organisation}
            <button type="submit">{tr(Msg::Save)}</button>
        </ActionForm>
    }
}

#[component]
fn RolesForm(person: PersonDetail) -> impl IntoView {
    let save = ServerAction::<ChangeRoles>::new();
    let page = page_context();
    let after_failure = page.flash_for("roles").is_some();
    let boxes = Role::ALL.into_iter().map(|role| {
        let field = role_field(role);
        let checked = if after_failure { page.echoed("roles", field) == "on" } else { person.roles.contains(&role) };
        let offered = person.grantable_roles.contains(&role);
        view! {
            <label class="checkbox">
                // A role this administrator may not change is shown, not offered; a ticked one
                // still travels with the form so that saving keeps it.
                <input type="checkbox" name=field value="on" checked=checked disabled=!offered/>
                {(!offered && checked).then(|| view! { <input type="hidden" name=field value="on"/> })}
                {tr(role.label())}
            </label>
        }
    })
    .collect_view();
    view! {
        <h2>{tr(Msg::Roles)}</h2>
        <FormOutcome form="roles"/>
        <ActionForm action=save>
            <CsrfField/>
            <input type="hidden" name="user_id" value=person.id.clone()/>
            <fieldset class="field">
                <legend>{tr(Msg::Roles)}</legend>
                <FieldError form="roles" name="roles"/>
                <FieldError form="roles" name="organisation"/>
                {boxes}
            </fieldset>
            <button type="submit">{tr(Msg::SaveRoles)}</button>
        </ActionForm>
    }
}

/// Deactivation or reactivation, and a password reset by a fresh link.
#[component]
fn SignInSection(person: PersonDetail) -> impl IntoView {
    let deactivate = ServerAction::<DeactivatePerson>::new();
    let reactivate = ServerAction::<ReactivatePerson>::new();
    let renew = ServerAction::<RenewInvite>::new();
    let id = person.id.clone();
    let status_id = id.clone();
    let status_form = match person.status {
        PersonStatus::Deactivated => view! {
            <p>{tr(Msg::ReactivateHint)}</p>
            <ActionForm action=reactivate>
                <CsrfField/>
                <input type="hidden" name="user_id" value=status_id.clone()/>
                <button type="submit">{tr(Msg::Reactivate)}</button>
            </ActionForm>
        }
        .into_any(),
        _ if person.is_self => ().into_any(),
        _ => view! {
            <p>{tr(Msg::DeactivateHint)}</p>
            <FieldError form="status" name="deactivate"/>
            <ActionForm action=deactivate>
                <CsrfField/>
                <input type="hidden" name="user_id" value=status_id.clone()/>
                <button type="submit" class="button-danger">{tr(Msg::Deactivate)}</button>
            </ActionForm>
        }
        .into_any(),
    };
    let reset = (!person.is_self && person.status != PersonStatus::Deactivated).then(move || {
        let hint = if person.status == PersonStatus::Active { Msg::ResetPasswordHint } else { Msg::RenewInviteHint };
        view! {
            <p>{tr(hint)}</p>
            <FieldError form="renew-invite" name="user_id"/>
            <ActionForm action=renew>
                <CsrfField/>
                <input type="hidden" name="user_id" value=id.clone()/>
                <button type="submit">{tr(if person.status == PersonStatus::Active { Msg::ResetPassword } else { Msg::NewInviteLink })}</button>
            </ActionForm>
        }
    });
    view! {
        <h2>{tr(Msg::SigningIn)}</h2>
        <FormOutcome form="status"/>
        <FormOutcome form="renew-invite"/>
        {status_form}
        {reset}
    }
}

/// The person's learning records as xAPI statements (issue 15), to download.
#[component]
fn XapiSection(id: String) -> impl IntoView {
    view! {
        <h2>{tr(Msg::XapiRecords)}</h2>
        <p><a href=crate::paths::person_xapi_path(&id) download="">{tr(Msg::XapiLearnerDownload)}</a></p>
        <p class="field-hint">{tr(Msg::XapiPseudonymous)}</p>
    }
}

/// The way to erasing the person's personal data, at the bottom of the page and apart from the
/// everyday forms above: its own page says what will happen and asks for a confirmation.
#[component]
fn ErasureSection(id: String) -> impl IntoView {
    view! {
        <h2>{tr(Msg::EraseTitle)}</h2>
        <p><a href=crate::paths::erase_person_path(&id)>{tr(Msg::EraseWhatHappens)}</a></p>
    }
}
