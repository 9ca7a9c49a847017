//! Certificates for people: the holder's list and each certificate's page (where administrators
//! also see its record and can revoke it), and the public verification page that anyone with
//! the address or QR code can open without signing in.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::domain::calendar::{date_text, datetime_text};
use crate::domain::certificates::CertificateState;
use crate::error::AppError;
use crate::i18n::{Locale, Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::paths::{certificate_credential_path, certificate_path, certificate_pdf_path};
use crate::views::certificates::{CertificateSummary, CertificateView, VerificationView};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[server(name = LoadMyCertificates, endpoint = "my_certificates")]
pub async fn my_certificates_page() -> Result<Vec<CertificateSummary>, AppError> {
    use crate::server::{certificates, context};
    context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        Ok(certificates::my_certificates(&state, &user.id, context::locale()).await?)
    }
    .await)
}

#[server(name = LoadCertificatePage, endpoint = "certificate_page")]
pub async fn certificate_page(id: String) -> Result<CertificateView, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{certificates, context};
    context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let is_admin = user.has_role(Role::Administrator);
        Ok(certificates::certificate_page(&state, &user.id, is_admin, &id, context::locale()).await?)
    }
    .await)
}

#[server(name = LoadVerificationPage, endpoint = "verification_page")]
pub async fn verification_page(id: String) -> Result<VerificationView, AppError> {
    use crate::server::{certificates, context};
    context::with_status(async {
        let state = context::app_state()?;
        Ok(certificates::verification_page(&state, &id, context::locale()).await?)
    }
    .await)
}

#[server(endpoint = "revoke_certificate")]
pub async fn revoke_certificate(id: String, reason: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{certificates, context, forms};
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        certificates::revoke(&state, &admin.id, &id, &reason).await?;
        Ok(FormSuccess { message: Msg::CertificateRevoked, detail: None, redirect_to: Some(certificate_path(&id)) })
    }
    .await;
    forms::respond("revoke", &[("reason", &reason)], result)
}

/// The holder as a certificate shows them: their name, or that their data was erased.
pub fn holder_text(summary: &CertificateSummary) -> String {
    if summary.holder_erased { tr(Msg::HolderErased).to_string() } else { summary.holder_name.clone() }
}

pub fn state_label(state: CertificateState) -> Msg {
    match state {
        CertificateState::Valid => Msg::StateValid,
        CertificateState::Expired => Msg::StateExpired,
        CertificateState::Superseded => Msg::StateSuperseded,
        CertificateState::Revoked => Msg::StateRevoked,
    }
}

#[component]
pub fn StateBadge(state: CertificateState) -> impl IntoView {
    let valid = state == CertificateState::Valid;
    view! { <span class="badge certificate-state" class:badge-correct=valid class:badge-warning=!valid>{tr(state_label(state))}</span> }
}

#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    load_page(my_certificates_page(), |list| {
        let list = list.clone();
        view! {
            <section>
                <h1>{tr(Msg::MyCertificatesTitle)}</h1>
                {if list.is_empty() {
                    view! { <p>{tr(Msg::NoCertificatesYet)}</p> }.into_any()
                } else {
                    view! { <CertificateList list/> }.into_any()
                }}
            </section>
        }
    })
}

#[component]
pub fn CertificateList(list: Vec<CertificateSummary>) -> impl IntoView {
    view! {
        <ul class="certificate-list">
            {list.into_iter().map(|c| view! {
                <li>
                    <a href=certificate_path(&c.id)>{c.course_title.clone()}</a>
                    " · "{holder_text(&c)}" · "<code>{c.code.clone()}</code>" · "{date_text(c.issued_at)}" "
                    <StateBadge state=c.state/>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The facts every view of a certificate shows.
#[component]
fn CertificateFacts(summary: CertificateSummary, organisation: Option<String>, revoked_at: Option<i64>) -> impl IntoView {
    view! {
        <dl class="facts certificate-facts">
            <dt>{tr(Msg::CertificateHolder)}</dt><dd>{holder_text(&summary)}</dd>
            <dt>{tr(Msg::Course)}</dt><dd>{summary.course_title.clone()}</dd>
            <dt>{tr(Msg::IssuingOrganisation)}</dt><dd>{organisation.unwrap_or_else(|| tr(Msg::AppName).to_string())}</dd>
            <dt>{tr(Msg::IssuedOn)}</dt><dd>{date_text(summary.issued_at)}</dd>
            <dt>{tr(Msg::ExpiresOn)}</dt><dd>{summary.expires_at.map_or_else(|| tr(Msg::NoExpiry).to_string(), date_text)}</dd>
            <dt>{tr(Msg::CertificateCode)}</dt><dd><code>{summary.code.clone()}</code></dd>
            <dt>{tr(Msg::CertificateStatus)}</dt>
            <dd>
                <StateBadge state=summary.state/>
                {revoked_at.map(|at| view! { " "{fill(tr(Msg::RevokedOn), &[("date", &date_text(at))])} })}
            </dd>
        </dl>
    }
}

/// The PDF in either language (whatever the page's language, so a learner can print one for a
/// reader of the other) and the signed credential: plain links, no script needed.
#[component]
fn CertificateDownloads(id: String) -> impl IntoView {
    view! {
        <ul class="certificate-downloads">
            {Locale::ALL.into_iter().map(|locale| view! {
                <li>
                    <a href=certificate_pdf_path(&id, locale.code()) hreflang=locale.code() download>
                        {tr(Msg::DownloadPdf)}" · "<span lang=locale.code()>{locale.native_name()}</span>
                    </a>
                </li>
            }).collect_view()}
            <li><a href=certificate_credential_path(&id) download>{tr(Msg::DownloadCredential)}</a></li>
        </ul>
        <p class="field-hint">{tr(Msg::CredentialHelp)}</p>
    }
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    load_page(certificate_page(id), |view| view! { <Certificate view=view.clone()/> })
}

#[component]
fn Certificate(view: CertificateView) -> impl IntoView {
    let revoke = ServerAction::<RevokeCertificate>::new();
    let id = view.summary.id.clone();
    let points = view.points.map(|(points, max)| fill(tr(Msg::PointsOf), &[("points", &points.to_string()), ("max", &max.to_string())]));
    view! {
        <section class="certificate">
            <h1>{tr(Msg::CertificateTitle)}</h1>
            // Outside the revocation form, which is gone once the certificate is revoked.
            <FormOutcome form="revoke"/>
            <CertificateFacts summary=view.summary.clone() organisation=view.organisation_name.clone() revoked_at=view.revoked_at/>
            {points.map(|p| view! { <p>{p}</p> })}
            <p>{tr(Msg::VerifyAt)}" "<a href=view.verify_url.clone()>{view.verify_url.clone()}</a></p>
            <CertificateDownloads id=id.clone()/>
            {view.admin.clone().map(|admin| view! {
                {admin.note.map(|note| view! { <p><strong>{tr(Msg::IssueNote)}": "</strong>{note}</p> })}
                <h2>{tr(Msg::AuditTrail)}</h2>
                <ul class="audit-trail">
                    {admin.audit.into_iter().map(|(at, action, who, why)| view! {
                        <li>{datetime_text(at)}" · "{action}{who.map(|w| format!(" · {w}"))}{why.map(|w| format!(" · {w}"))}</li>
                    }).collect_view()}
                </ul>
                {view.revoked_at.is_none().then(|| view! {
                    <h2>{tr(Msg::RevokeCertificate)}</h2>
                    <ActionForm action=revoke>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id.clone()/>
                        <div class="field">
                            <label for="revoke-reason">{tr(Msg::RevocationReason)}</label>
                            <FieldError form="revoke" name="reason"/>
                            <input type="text" id="revoke-reason" name="reason" required=true maxlength="500"/>
                        </div>
                        <button type="submit">{tr(Msg::RevokeCertificate)}</button>
                    </ActionForm>
                })}
            })}
        </section>
    }
}

#[component]
pub fn VerificationPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    load_page(verification_page(id), |view| {
        let view = view.clone();
        view! {
            <section class="verification">
                <h1>{tr(Msg::VerifyTitle)}</h1>
                <p>{tr(Msg::VerifyIntro)}</p>
                <p class="notice" class:notice-success=view.summary.state == CertificateState::Valid
                    class:notice-error=view.summary.state != CertificateState::Valid role="status">
                    <strong>{tr(state_label(view.summary.state))}</strong>
                </p>
                <CertificateFacts summary=view.summary.clone() organisation=view.organisation_name.clone() revoked_at=view.revoked_at/>
            </section>
        }
    })
}
