//! Signing in and out.

use crate::components::error_page::redirect_to_home;
use crate::components::form::{CsrfField, FormOutcome, TextField};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, page_context, tr};
use leptos::prelude::*;

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
    let sign_in = ServerAction::<SignIn>::new();
    view! {
        <section class="narrow">
            <h1>{tr(Msg::LoginTitle)}</h1>
            <FormOutcome form="signout"/>
            <FormOutcome form="login"/>
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
