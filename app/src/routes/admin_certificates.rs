//! Administrators' certificates page: completions waiting for approval (approve one or many at
//! once), a certificate issued by hand for training done elsewhere, and every certificate issued.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome, SelectField};
use crate::domain::calendar::date_text;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::routes::certificates::CertificateList;
use crate::views::certificates::CertificatesAdmin;
use leptos::prelude::*;

#[server(name = LoadAdminCertificates, endpoint = "admin_certificates")]
pub async fn admin_certificates_page() -> Result<CertificatesAdmin, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{certificates, context};
    context::with_status(async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        Ok(certificates::admin_page(&state, context::locale()).await?)
    }
    .await)
}

#[server(endpoint = "approve_certificates")]
pub async fn approve_certificates(enrolment_ids: Option<Vec<String>>) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{certificates, context, forms};
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        certificates::approve(&state, &admin.id, &enrolment_ids.unwrap_or_default()).await?;
        Ok(FormSuccess::message(Msg::CertificatesApproved))
    }
    .await;
    forms::respond("approve", &[], result)
}

#[server(endpoint = "issue_certificate")]
pub async fn issue_certificate(learner_id: String, course_slug: String, note: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{certificates, context, forms};
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        if learner_id.is_empty() || course_slug.is_empty() {
            return Err(AppError::invalid("learner_id", Msg::ChooseLearnerAndCourse));
        }
        certificates::issue_by_hand(&state, &admin.id, &learner_id, &course_slug, &note).await.map_err(|error| match error {
            certificates::CertificatesError::ReasonMissing => AppError::invalid("note", Msg::CertificateNoteMissing),
            other => other.into(),
        })?;
        Ok(FormSuccess::message(Msg::CertificateIssued))
    }
    .await;
    forms::respond("issue", &[("learner_id", &learner_id), ("course_slug", &course_slug), ("note", &note)], result)
}

#[component]
pub fn AdminCertificatesPage() -> impl IntoView {
    load_page(admin_certificates_page(), |admin| view! { <AdminCertificates admin=admin.clone()/> })
}

#[component]
fn AdminCertificates(admin: CertificatesAdmin) -> impl IntoView {
    let approve = ServerAction::<ApproveCertificates>::new();
    let issue = ServerAction::<IssueCertificate>::new();
    let note = page_context().echoed("issue", "note");
    view! {
        <section>
            <h1>{tr(Msg::AdminCertificatesTitle)}</h1>
            <h2>{tr(Msg::AwaitingApproval)}</h2>
            <FormOutcome form="approve"/>
            <FieldError form="approve" name="enrolment_ids"/>
            {if admin.pending.is_empty() {
                view! { <p>{tr(Msg::NoneAwaiting)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=approve>
                        <CsrfField/>
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{tr(Msg::ApproveColumn)}</th>
                                <th scope="col">{tr(Msg::Learner)}</th>
                                <th scope="col">{tr(Msg::Course)}</th>
                                <th scope="col">{tr(Msg::CompletedOn)}</th>
                            </tr></thead>
                            <tbody>
                                {admin.pending.iter().map(|p| {
                                    let id = format!("approve-{}", p.enrolment_id);
                                    let points = fill(tr(Msg::PointsOf), &[("points", &p.points.to_string()), ("max", &p.max_points.to_string())]);
                                    view! {
                                        <tr data-learner=p.learner.clone()>
                                            <td><input type="checkbox" id=id.clone() name="enrolment_ids[]" value=p.enrolment_id.clone()/></td>
                                            <td><label for=id>{p.learner.clone()}</label></td>
                                            <td>{p.course_title.clone()}</td>
                                            <td>{date_text(p.completed_at)}" · "{points}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <button type="submit">{tr(Msg::ApproveSelected)}</button>
                    </ActionForm>
                }.into_any()
            }}
            <h2>{tr(Msg::IssueByHand)}</h2>
            <FormOutcome form="issue"/>
            <ActionForm action=issue>
                <CsrfField/>
                <SelectField form="issue" name="learner_id" error_field="learner_id" label=Msg::Learner
                    options=admin.learners.clone() empty_label=Msg::ChooseLearner required=true/>
                <SelectField form="issue" name="course_slug" error_field="course_slug" label=Msg::Course
                    options=admin.courses.clone() empty_label=Msg::ChooseCourse required=true/>
                <div class="field">
                    <label for="issue-note">{tr(Msg::IssueNote)}</label>
                    <FieldError form="issue" name="note"/>
                    <input type="text" id="issue-note" name="note" required=true maxlength="500" value=note/>
                </div>
                <button type="submit">{tr(Msg::IssueCertificate)}</button>
            </ActionForm>
            <h2>{tr(Msg::IssuedCertificates)}</h2>
            {if admin.issued.is_empty() {
                view! { <p>{tr(Msg::NoCertificatesIssued)}</p> }.into_any()
            } else {
                view! { <CertificateList list=admin.issued.clone()/> }.into_any()
            }}
        </section>
    }
}
