//! A person's own profile: name, preferred language and password.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FormOutcome, NewPasswordFields, TextField};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::page::{FormSuccess, page_context, tr};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub email: String,
    pub preferred_language: Option<Locale>,
}

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    use crate::server::{context, storage};
    crate::server::context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let row = storage::users::find_by_id(&state.db, &user.id).await?.ok_or(AppError::Unauthenticated)?;
        Ok(Profile {
            name: row.name,
            email: row.email,
            preferred_language: row.preferred_language.as_deref().and_then(Locale::from_code),
        })
    }
    .await)
}

#[server(endpoint = "save_profile")]
pub async fn save_profile(name: String, preferred_language: String) -> Result<FormSuccess, AppError> {
    use crate::domain::accounts::validate_name;
    use crate::server::{context, cookies, forms, storage};
    let result = async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let name = validate_name(&name).map_err(|m| AppError::invalid("name", m))?;
        let locale = Locale::from_code(&preferred_language)
            .ok_or(AppError::invalid("preferred_language", Msg::ChangeLanguage))?;
        storage::users::update_profile(&state.db, &user.id, &name, locale.code()).await?;
        cookies::send(cookies::LANGUAGE, locale.code(), Some(365 * 24 * 60 * 60));
        Ok(FormSuccess::message(Msg::ProfileSaved))
    }
    .await;
    forms::respond("profile", &[("name", &name)], result)
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_confirmation: String,
) -> Result<FormSuccess, AppError> {
    use crate::server::{accounts, context, forms};
    let result = async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let session_hash = context::viewer().session_token_hash.unwrap_or_default();
        accounts::change_password(&state.db, &user.id, &session_hash, &current_password, &new_password, &new_password_confirmation)
            .await?;
        Ok(FormSuccess::message(Msg::PasswordChanged))
    }
    .await;
    forms::respond("password", &[], result)
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let current_locale = page_context().locale;
    let save = ServerAction::<SaveProfile>::new();
    let change = ServerAction::<ChangePassword>::new();
    view! {
        <section class="narrow">
            <h1>{tr(Msg::ProfileTitle)}</h1>
            <Await future=my_profile() let:profile>
                {page_or_error(profile, |profile| {
                    let profile = profile.clone();
                    let preferred = profile.preferred_language.unwrap_or(current_locale);
                    view! {
                        <p>{tr(Msg::Email)}": "<strong>{profile.email}</strong></p>
                        <FormOutcome form="profile"/>
                        <ActionForm action=save>
                            <CsrfField/>
                            <TextField form="profile" name="name" label=Msg::Name autocomplete="name" value=profile.name/>
                            <div class="field">
                                <label for="profile-preferred_language">{tr(Msg::PreferredLanguage)}</label>
                                <select id="profile-preferred_language" name="preferred_language">
                                    {Locale::ALL.into_iter().map(|locale| view! {
                                        <option value=locale.code() selected=locale == preferred lang=locale.code()>
                                            {locale.native_name()}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit">{tr(Msg::Save)}</button>
                        </ActionForm>
                        <h2>{tr(Msg::ChangePassword)}</h2>
                        <FormOutcome form="password"/>
                        <ActionForm action=change>
                            <CsrfField/>
                            <TextField form="password" name="current_password" label=Msg::CurrentPassword
                                input_type="password" autocomplete="current-password"/>
                            <NewPasswordFields form="password" password="new_password"
                                confirmation="new_password_confirmation" label=Msg::NewPassword/>
                            <button type="submit">{tr(Msg::ChangePassword)}</button>
                        </ActionForm>
                    }
                })}
            </Await>
        </section>
    }
}
