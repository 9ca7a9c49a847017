//! Erasing a person's personal data: what will happen, and a confirmation field where the
//! administrator types the person's email address. For platform administrators, and for the
//! organisation administrator of the person's organisation; anyone else's person is "not found".

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FormOutcome, TextField};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::views::privacy::ErasureView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[server(name = LoadErasurePage, endpoint = "erasure_page")]
pub async fn erasure_page(user_id: String) -> Result<ErasureView, AppError> {
    use crate::server::{context, privacy};
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        Ok(privacy::erasure::erasure_page(&state.db, &scope, &user_id).await?)
    }
    .await)
}

#[server(endpoint = "erase_person")]
pub async fn erase_person(user_id: String, confirmation: String) -> Result<FormSuccess, AppError> {
    use crate::paths::erase_person_path;
    use crate::server::{context, forms, privacy};
    let result = async {
        let (admin, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        let client_address = context::viewer().client_ip;
        privacy::erasure::erase_person(&state.db, &admin, &scope, &user_id, &confirmation, &client_address).await?;
        Ok(FormSuccess { message: Msg::PersonErasedMessage, detail: None, redirect_to: Some(erase_person_path(&user_id)) })
    }
    .await;
    forms::respond("erase", &[("confirmation", &confirmation)], result)
}

#[component]
pub fn ErasurePage() -> impl IntoView {
    let user_id = use_params_map().read_untracked().get("id").unwrap_or_default();
    load_page(erasure_page(user_id), |person| view! { <Erasure person=person.clone()/> })
}

#[component]
fn Erasure(person: ErasureView) -> impl IntoView {
    let erase = ServerAction::<ErasePerson>::new();
    let certificates = fill(tr(Msg::EraseCertificateCount), &[("count", &person.certificates.to_string())]);
    view! {
        <section class="narrow">
            <h1>{tr(Msg::EraseTitle)}</h1>
            <FormOutcome form="erase"/>
            {if person.erased {
                view! { <p>{tr(Msg::AlreadyErased)}</p> }.into_any()
            } else {
                view! {
                    <dl class="facts">
                        <dt>{tr(Msg::Name)}</dt><dd>{person.name.clone()}</dd>
                        <dt>{tr(Msg::Email)}</dt><dd><strong>{person.email.clone()}</strong></dd>
                        <dt>{tr(Msg::Organisation)}</dt>
                        <dd>{person.organisation_name.clone().unwrap_or_else(|| tr(Msg::NoOrganisation).to_string())}</dd>
                    </dl>
                    <h2>{tr(Msg::EraseWhatHappens)}</h2>
                    <ul>
                        <li>{tr(Msg::EraseStepAccount)}</li>
                        <li>{tr(Msg::EraseStepSessions)}</li>
                        <li>{tr(Msg::EraseStepCertificates)}" "{certificates}</li>
                        <li>{tr(Msg::EraseStepRecords)}</li>
                    </ul>
                    <ActionForm action=erase>
                        <CsrfField/>
                        <input type="hidden" name="user_id" value=person.id.clone()/>
                        <TextField form="erase" name="confirmation" label=Msg::EraseConfirmation input_type="email" autocomplete="off"/>
                        <button type="submit">{tr(Msg::EraseButton)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}
