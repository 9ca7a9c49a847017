//! A person's own profile: name, preferred language and password, and the download of
//! everything Tiltas holds about them.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FormOutcome, NewPasswordFields, TextField};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::page::{FormSuccess, page_context, tr};
use leptos::prelude::*;
use crate::views::people::Profile;

#[server(name = LoadProfilePage, endpoint = "my_profile")]
pub async fn profile_page() -> Result<Profile, AppError> {
    use crate::server::{context, people};
    context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        Ok(people::profile_page(&state, &user.id).await?)
    }
    .await)
}

#[server(endpoint = "save_profile")]
pub async fn save_profile(name: String, preferred_language: String) -> Result<FormSuccess, AppError> {
    use crate::server::{context, cookies, forms, people};
    let result = async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let locale = people::save_profile(&state, &user.id, &name, &preferred_language).await?;
        cookies::send(cookies::LANGUAGE, locale.code(), Some(cookies::LANGUAGE_SECONDS));
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
            <Await future=profile_page() let:profile>
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
                        <h2>{tr(Msg::MyDataTitle)}</h2>
                        <p>{tr(Msg::MyDataIntro)}</p>
                        <p><a class="button button-secondary" href=crate::paths::MY_DATA_PATH download="">{tr(Msg::MyDataDownload)}</a></p>
                    }
                })}
            </Await>
        </section>
    }
}
