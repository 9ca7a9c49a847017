//! Signing in and out: with a password, or through one of the configured identity providers
//! (single sign-on, issue 15: each button starts at `/sso/{id}/start`, served by
//! `server/src/http/single_sign_on.rs`, and a refusal comes back as this form's `sso` error).

use crate::components::error_page::{load_page, redirect_to_home};
use crate::components::form::{CsrfField, FieldError, FormOutcome, TextField};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::sso_start_path;
use crate::views::single_sign_on::SignInOption;
use leptos::prelude::*;

/// The "Sign in with …" buttons: the configured providers' names, for anyone.
#[server(name = LoadSignInOptions, endpoint = "sign_in_options")]
pub async fn sign_in_options() -> Result<Vec<SignInOption>, AppError> {
    use crate::server::{context, single_sign_on};
    context::with_status(async {
        let state = context::app_state()?;
        Ok(single_sign_on::sign_in_options(&state).await?)
    }
    .await)
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, #[server(default)] shared_computer: Option<String>) -> Result<FormSuccess, AppError> {
    use crate::server::{accounts, context, cookies, forms};
    let result = async {
        let state = context::app_state()?;
        let token = accounts::sign_in(&state.db, &email, &password, &context::viewer().client_ip).await?;
        // On a shared computer the cookie lasts until the browser closes, not a working day.
        let lifetime = if shared_computer.is_some() { None } else { Some(accounts::SESSION_SECONDS) };
        cookies::send_new_session(&token, lifetime);
        Ok(FormSuccess { message: Msg::WelcomeAnonymous, detail: None, redirect_to: Some("/".into()) })
    }
    .await;
    forms::respond("login", &[("email", &email)], result)
}

/// Ends the session on the server, not just in the browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<FormSuccess, AppError> {
    use crate::server::{accounts, context, cookies, forms};
    let result = async {
        let state = context::app_state()?;
        if let Some(hash) = context::viewer().session_token_hash {
            accounts::sign_out(&state.db, &hash).await?;
        }
        cookies::send(cookies::SESSION, "", Some(0));
        cookies::clear_device_storage();
        Ok(FormSuccess { message: Msg::SignedOut, detail: None, redirect_to: Some("/login".into()) })
    }
    .await;
    forms::respond("signout", &[], result)
}

#[component]
pub fn LoginPage() -> impl IntoView {
    if page_context().user.is_some() {
        redirect_to_home();
    }
    load_page(sign_in_options(), |options| view! { <LoginForms options=options.clone()/> })
}

#[component]
fn LoginForms(options: Vec<SignInOption>) -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let has_providers = !options.is_empty();
    view! {
        <section class="narrow">
            <h1>{tr(Msg::LoginTitle)}</h1>
            <FormOutcome form="signout"/>
            <FormOutcome form="login"/>
            <div class="sign-in-providers">
                <FieldError form="login" name="sso"/>
                {has_providers.then(|| view! {
                    <ul class="provider-list">
                        {options.iter().map(|option| view! {
                            <li>
                                <a class="button" rel="external" href=sso_start_path(&option.id)>
                                    {fill(tr(Msg::SignInWith), &[("provider", &option.name)])}
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                    <h2>{tr(Msg::SignInWithPassword)}</h2>
                })}
            </div>
            <ActionForm action=sign_in>
                <CsrfField/>
                <TextField form="login" name="email" label=Msg::Email input_type="email" autocomplete="username"/>
                <TextField form="login" name="password" label=Msg::Password input_type="password" autocomplete="current-password"/>
                <label class="checkbox">
                    <input type="checkbox" name="shared_computer" value="yes"/>
                    {tr(Msg::SharedComputer)}
                </label>
                <button type="submit">{tr(Msg::SignIn)}</button>
            </ActionForm>
        </section>
    }
}
