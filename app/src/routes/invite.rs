//! The one-time link where an invited person sets their password.

use crate::components::error_page::{page_or_error, set_http_status};
use crate::components::form::{CsrfField, FormOutcome, NewPasswordFields};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The email address the invitation is for, or `None` when the link is used up or expired.
#[server(name = LoadInvitePage, endpoint = "invite_status")]
pub async fn invite_page(token: String) -> Result<Option<String>, AppError> {
    use crate::server::{accounts, context};
    context::with_status(async {
        let state = context::app_state()?;
        Ok(accounts::open_invite_email(&state.db, &token).await?)
    }
    .await)
}

#[server(endpoint = "accept_invite")]
pub async fn accept_invite(token: String, password: String, password_confirmation: String) -> Result<FormSuccess, AppError> {
    use crate::server::{accounts, context, cookies, forms};
    let result = async {
        let state = context::app_state()?;
        let session = accounts::accept_invite(&state.db, &token, &password, &password_confirmation).await?;
        cookies::send_new_session(&session, Some(accounts::SESSION_SECONDS));
        Ok(FormSuccess { message: Msg::PasswordChanged, detail: None, redirect_to: Some("/".into()) })
    }
    .await;
    forms::respond("invite", &[], result)
}

#[component]
pub fn InvitePage() -> impl IntoView {
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let accept = ServerAction::<AcceptInvite>::new();
    view! {
        <section class="narrow">
            <h1>{tr(Msg::InviteTitle)}</h1>
            <Await future=invite_page(token.clone()) let:status>
                {page_or_error(status, |email| match email {
                    None => {
                        set_http_status(404);
                        view! { <p class="notice notice-error" role="alert">{tr(Msg::InviteInvalid)}</p> }.into_any()
                    }
                    Some(email) => view! {
                        <p>{tr(Msg::InviteIntro)}</p>
                        <p><strong>{email.clone()}</strong></p>
                        <FormOutcome form="invite"/>
                        <ActionForm action=accept>
                            <CsrfField/>
                            <input type="hidden" name="token" value=token.clone()/>
                            <NewPasswordFields form="invite" password="password" confirmation="password_confirmation"
                                label=Msg::NewPassword/>
                            <button type="submit">{tr(Msg::SavePassword)}</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Await>
        </section>
    }
}
