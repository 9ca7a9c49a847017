//! Self-registration for learners, when the deployment switches it on.

use crate::components::error_page::{page_or_error, redirect_to_home};
use crate::components::form::{CsrfField, FormOutcome, NewPasswordFields, OrganisationSelect, TextField};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, page_context, tr};
use leptos::prelude::*;
use crate::views::people::OrganisationChoice;

/// The organisations a new learner may join; empty when self-registration is off.
#[server(name = LoadRegistrationPage, endpoint = "registration_organisations")]
pub async fn registration_page() -> Result<Vec<OrganisationChoice>, AppError> {
    use crate::server::{context, people};
    context::with_status(async {
        let state = context::app_state()?;
        Ok(people::registration_page(&state).await?)
    }
    .await)
}

#[server(endpoint = "register")]
pub async fn register(
    name: String,
    email: String,
    organisation_id: String,
    password: String,
    password_confirmation: String,
) -> Result<FormSuccess, AppError> {
    use crate::domain::accounts::{password_error_field, validate_new_password};
    use crate::domain::roles::Role;
    use crate::server::{accounts, context, cookies, forms};
    let result = async {
        let state = context::app_state()?;
        if !state.config.site.self_registration {
            return Err(AppError::Forbidden);
        }
        validate_new_password(&password, &password_confirmation)
            .map_err(|m| AppError::invalid(password_error_field(m, "password", "password_confirmation"), m))?;
        accounts::reserve_registration(&state.db, &context::viewer().client_ip).await?;
        let account = accounts::NewAccount {
            email: email.clone(),
            name: name.clone(),
            roles: vec![Role::Learner],
            organisation_id: Some(organisation_id.clone()),
            password: Some(password.clone()),
        };
        let user_id = match accounts::create_account(&state.db, account).await {
            Ok((user_id, _)) => user_id,
            // An address that has an account gets the same answer as a new one, so the form
            // cannot be used to find out who has an account; its owner signs in as usual.
            Err(accounts::AccountsError::Invalid { message: Msg::EmailTaken, .. }) => {
                return Ok(FormSuccess { message: Msg::Registered, detail: None, redirect_to: Some("/login".into()) });
            }
            Err(other) => return Err(other.into()),
        };
        let session = accounts::start_session(&state.db, &user_id).await?;
        cookies::send_new_session(&session, Some(accounts::SESSION_SECONDS));
        Ok(FormSuccess { message: Msg::Registered, detail: None, redirect_to: Some("/".into()) })
    }
    .await;
    forms::respond("register", &[("name", &name), ("email", &email), ("organisation_id", &organisation_id)], result)
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let page = page_context();
    if page.user.is_some() {
        redirect_to_home();
    }
    if !page.site.self_registration {
        return view! {
            <section class="narrow">
                <h1>{tr(Msg::RegisterTitle)}</h1>
                <p>{tr(Msg::RegistrationClosed)}</p>
            </section>
        }
        .into_any();
    }
    let register = ServerAction::<Register>::new();
    view! {
        <section class="narrow">
            <h1>{tr(Msg::RegisterTitle)}</h1>
            <p>{tr(Msg::RegisterIntro)}</p>
            <FormOutcome form="register"/>
            <Await future=registration_page() let:organisations>
                {page_or_error(organisations, |organisations| {
                    let organisations = organisations.iter().map(|o| (o.id.clone(), o.name.clone())).collect::<Vec<_>>();
                    view! {
                    <ActionForm action=register>
                        <CsrfField/>
                        <TextField form="register" name="name" label=Msg::Name autocomplete="name"/>
                        <TextField form="register" name="email" label=Msg::Email input_type="email" autocomplete="email"/>
                        <OrganisationSelect form="register" organisations=organisations
                            empty_label=Msg::ChooseOrganisation required=true/>
                        <NewPasswordFields form="register" password="password" confirmation="password_confirmation" label=Msg::Password/>
                        <button type="submit">{tr(Msg::Register)}</button>
                    </ActionForm>
                }})}
            </Await>
        </section>
    }
    .into_any()
}
