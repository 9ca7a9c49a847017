//! Behind the completion report: the people a figure counts (paginated by name, with the same
//! filters in the address and a CSV download), and one person's enrolments, graded attempts and
//! certificates. A person outside an organisation administrator's organisation is "not found".

use crate::components::error_page::load_page;
use crate::domain::calendar::date_text;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{page_context, tr};
use crate::paths::{ADMIN_REPORT_PEOPLE_CSV_PATH, ADMIN_REPORT_PEOPLE_PATH, ADMIN_REPORTS_PATH, admin_report_person_path, certificate_path};
use crate::routes::certificates::state_label;
use crate::views::admin_reports::{PersonEnrolment, ReportPeople, ReportPersonDetail, ReportPersonRow};
use crate::components::table_scroll::TableScroll;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[allow(clippy::too_many_arguments)] // One argument per parameter of the address.
#[server(name = LoadAdminReportPeople, endpoint = "admin_report_people")]
pub async fn admin_report_people(
    course: Option<String>,
    organisation: Option<String>,
    cohort: Option<String>,
    group: Option<String>,
    days: Option<String>,
    status: Option<String>,
    after: Option<String>,
) -> Result<ReportPeople, AppError> {
    use crate::server::admin_reports::{ReportParams, people};
    use crate::server::context;
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        let params = ReportParams { course, organisation, cohort, group, days, status, after };
        Ok(people::people_page(&state, &scope, &params, context::locale()).await?)
    }
    .await)
}

#[server(name = LoadAdminReportPerson, endpoint = "admin_report_person")]
pub async fn admin_report_person(user_id: String) -> Result<ReportPersonDetail, AppError> {
    use crate::server::admin_reports::people;
    use crate::server::context;
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        Ok(people::person_detail(&state, &scope, &user_id, context::locale()).await?)
    }
    .await)
}

fn date(at: Option<i64>) -> String {
    at.map(date_text).unwrap_or_default()
}

#[component]
pub fn ReportPeoplePage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let param = |name: &str| query.get(name);
    let loading = admin_report_people(
        param("course"),
        param("organisation"),
        param("cohort"),
        param("group"),
        param("days"),
        param("status"),
        param("after"),
    );
    load_page(loading, |people| view! { <PeopleList people=people.clone()/> })
}

#[component]
fn PeopleList(people: ReportPeople) -> impl IntoView {
    let locale = page_context().locale;
    let filter = people.filter.clone();
    let status = people.status;
    let status_code = status.code();
    let back = format!("{ADMIN_REPORTS_PATH}?{}", filter.query(&[]));
    let csv = format!("{ADMIN_REPORT_PEOPLE_CSV_PATH}?{}", filter.query(&[("status", status_code)]));
    let first = format!("{ADMIN_REPORT_PEOPLE_PATH}?{}", filter.query(&[("status", status_code)]));
    let next = people.next_after.as_ref().map(|after| format!("{ADMIN_REPORT_PEOPLE_PATH}?{}", filter.query(&[("status", status_code), ("after", after.as_str())])));
    let certificates = status.is_certificate();
    view! {
        <section class="report">
            <p><a href=back>{tr(Msg::ReportBack)}</a></p>
            <h1>{status.heading(filter.expiring_days, locale)}</h1>
            <p>{tr(Msg::ReportPeopleIntro)}</p>
            {if people.rows.is_empty() {
                view! { <p>{tr(Msg::ReportNobody)}</p> }.into_any()
            } else {
                view! {
                    <p><a href=csv download="">{tr(Msg::ReportDownloadCsv)}</a></p>
                    <TableScroll>
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{tr(Msg::Name)}</th>
                                <th scope="col">{tr(Msg::Email)}</th>
                                <th scope="col">{tr(Msg::Organisation)}</th>
                                <th scope="col">{tr(Msg::Course)}</th>
                                {if certificates {
                                    view! {
                                        <th scope="col">{tr(Msg::ReportIssuedOn)}</th>
                                        <th scope="col">{tr(Msg::ReportExpiresOn)}</th>
                                    }.into_any()
                                } else {
                                    view! {
                                        <th scope="col">{tr(Msg::Status)}</th>
                                        <th scope="col">{tr(Msg::ReportDueDate)}</th>
                                        <th scope="col">{tr(Msg::ReportCompletedOn)}</th>
                                    }.into_any()
                                }}
                            </tr></thead>
                            <tbody>
                                {people.rows.iter().cloned().map(|row| view! { <PersonLine row certificates/> }).collect_view()}
                            </tbody>
                        </table>
                    </TableScroll>
                }.into_any()
            }}
            <nav class="pagination" aria-label=tr(Msg::Pages)>
                {people.later_page.then(|| view! { <a href=first>{tr(Msg::ReportFirstPage)}</a>" " })}
                {next.map(|href| view! { <a href=href rel="next">{tr(Msg::ReportNextPage)}</a> })}
            </nav>
        </section>
    }
}

#[component]
fn PersonLine(row: ReportPersonRow, certificates: bool) -> impl IntoView {
    let details = if certificates {
        view! {
            <td>{date(row.issued_at)}</td>
            <td>{date(row.expires_at)}</td>
        }
        .into_any()
    } else {
        let state = row.state.map(|s| tr(s.label())).unwrap_or_default();
        view! {
            <td>{state}{row.overdue.then(|| view! { " " <span class="badge badge-wrong">{tr(Msg::ReportOverdue)}</span> })}</td>
            <td>{date(row.due_at)}</td>
            <td>{date(row.completed_at)}</td>
        }
        .into_any()
    };
    view! {
        <tr>
            <td><a href=admin_report_person_path(&row.user_id)>{row.name.clone()}</a></td>
            <td>{row.email.clone()}</td>
            <td>{row.organisation.clone().unwrap_or_default()}</td>
            <td>{row.course_title.clone()}</td>
            {details}
        </tr>
    }
}

#[component]
pub fn ReportPersonPage() -> impl IntoView {
    let user_id = use_params_map().read_untracked().get("id").unwrap_or_default();
    load_page(admin_report_person(user_id), |person| view! { <PersonRecord person=person.clone()/> })
}

#[component]
fn PersonRecord(person: ReportPersonDetail) -> impl IntoView {
    view! {
        <section class="report">
            <p><a href=ADMIN_REPORTS_PATH>{tr(Msg::ReportBack)}</a></p>
            <h1>{person.name.clone()}</h1>
            <dl class="facts">
                <dt>{tr(Msg::Email)}</dt><dd>{person.email.clone()}</dd>
                <dt>{tr(Msg::Organisation)}</dt><dd>{person.organisation.clone().unwrap_or_else(|| tr(Msg::NoOrganisation).to_string())}</dd>
                {(!person.cohorts.is_empty()).then(|| view! { <dt>{tr(Msg::ReportCohorts)}</dt><dd>{person.cohorts.join(", ")}</dd> })}
            </dl>
            {person.deactivated.then(|| view! { <p class="notice">{tr(Msg::ReportDeactivated)}</p> })}
            {if person.enrolments.is_empty() {
                view! { <p>{tr(Msg::ReportNotEnrolled)}</p> }.into_any()
            } else {
                person.enrolments.iter().cloned().map(|enrolment| view! { <EnrolmentRecord enrolment/> }).collect_view().into_any()
            }}
            <h2>{tr(Msg::ReportCertificates)}</h2>
            {if person.certificates.is_empty() {
                view! { <p>{tr(Msg::ReportNoCertificates)}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::Course)}</th>
                            <th scope="col">{tr(Msg::ReportCertificateCode)}</th>
                            <th scope="col">{tr(Msg::ReportIssuedOn)}</th>
                            <th scope="col">{tr(Msg::ReportExpiresOn)}</th>
                            <th scope="col">{tr(Msg::Status)}</th>
                        </tr></thead>
                        <tbody>
                            {person.certificates.iter().map(|c| view! {
                                <tr>
                                    <td><a href=certificate_path(&c.id)>{c.course_title.clone()}</a></td>
                                    <td>{c.code.clone()}</td>
                                    <td>{date_text(c.issued_at)}</td>
                                    <td>{date(c.expires_at)}</td>
                                    <td>{tr(state_label(c.state))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn EnrolmentRecord(enrolment: PersonEnrolment) -> impl IntoView {
    let progress = fill("{state} · {percent} %", &[("state", tr(enrolment.state.label())), ("percent", &enrolment.percent.to_string())]);
    view! {
        <h2>{enrolment.course_title.clone()}</h2>
        <dl class="facts">
            <dt>{tr(Msg::ReportProgress)}</dt>
            <dd>{progress}{enrolment.overdue.then(|| view! { " " <span class="badge badge-wrong">{tr(Msg::ReportOverdue)}</span> })}</dd>
            <dt>{tr(Msg::ReportEnrolledOn)}</dt><dd>{date_text(enrolment.enrolled_at)}</dd>
            {enrolment.due_at.map(|due| view! { <dt>{tr(Msg::ReportDueDate)}</dt><dd>{date_text(due)}</dd> })}
            {enrolment.completed_at.map(|at| view! { <dt>{tr(Msg::ReportCompletedOn)}</dt><dd>{date_text(at)}</dd> })}
        </dl>
        <h3>{tr(Msg::ReportAttempts)}</h3>
        {if enrolment.attempts.is_empty() {
            view! { <p>{tr(Msg::ReportNoAttempts)}</p> }.into_any()
        } else {
            view! {
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr(Msg::ReportAttemptItem)}</th>
                        <th scope="col">{tr(Msg::ReportAttemptNumber)}</th>
                        <th scope="col">{tr(Msg::ReportPoints)}</th>
                        <th scope="col">{tr(Msg::Status)}</th>
                        <th scope="col">{tr(Msg::ReportCompletedOn)}</th>
                    </tr></thead>
                    <tbody>
                        {enrolment.attempts.iter().map(|a| {
                            let outcome = match (a.finished_at, a.passed) {
                                (None, _) => tr(Msg::ReportInProgress),
                                (Some(_), Some(true)) => tr(Msg::ReportPassed),
                                (Some(_), Some(false)) => tr(Msg::ReportNotPassed),
                                (Some(_), None) => tr(Msg::ReportCompleted),
                            };
                            view! {
                                <tr>
                                    <td>{a.item_title.clone()}</td>
                                    <td class="number">{a.number}</td>
                                    <td class="number">{format!("{} / {}", a.points, a.max_points)}</td>
                                    <td>{outcome}</td>
                                    <td>{date(a.finished_at)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
