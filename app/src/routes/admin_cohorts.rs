//! Administrators' cohorts: the list in their scope with the form to add one (`/admin/cohorts`),
//! and one cohort (`/admin/cohorts/{id}`) with its members, adding members by email, removing
//! one, and assigning courses to everyone in it with a due date.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome, OrganisationSelect, SelectField, TextField};
use crate::components::pager::Pager;
use crate::domain::calendar::date_text;
use crate::domain::cohorts::{decode_problems, page_number};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::{ADMIN_COHORTS_PATH, PEOPLE_IMPORT_PATH, cohort_path};
use crate::views::cohorts::{CohortDetail, CohortMember, CohortsOverview};
use crate::components::table_scroll::TableScroll;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(name = LoadCohortsPage, endpoint = "cohorts_overview")]
pub async fn cohorts_page(page: u32) -> Result<CohortsOverview, AppError> {
    use crate::server::{cohorts, context};
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        Ok(cohorts::cohorts_page(&state, &scope, page).await?)
    }
    .await)
}

#[server(name = LoadCohortPage, endpoint = "cohort_page")]
pub async fn cohort_page(id: String, page: u32) -> Result<CohortDetail, AppError> {
    use crate::server::{cohorts, context};
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        Ok(cohorts::cohort_page(&state, &scope, &id, page, context::locale()).await?)
    }
    .await)
}

#[server(endpoint = "create_cohort")]
pub async fn create_cohort(name: String, organisation_id: String) -> Result<FormSuccess, AppError> {
    use crate::server::{cohorts, context, forms};
    let result = async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        let id = cohorts::create_cohort(&state, &scope, &name, &organisation_id).await?;
        Ok(FormSuccess { message: Msg::CohortCreated, detail: None, redirect_to: Some(cohort_path(&id)) })
    }
    .await;
    forms::respond("cohort", &[("name", &name), ("organisation_id", &organisation_id)], result)
}

#[server(endpoint = "add_cohort_members")]
pub async fn add_cohort_members(cohort_id: String, emails: String) -> Result<FormSuccess, AppError> {
    use crate::domain::cohorts::encode_problems;
    use crate::server::cohorts::{self, CohortsError};
    use crate::server::{context, forms};
    let mut problems = String::new();
    let result = async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        match cohorts::add_members(&state, &scope, &cohort_id, &emails).await {
            Ok(added) => Ok(FormSuccess {
                message: Msg::CohortMembersAdded,
                detail: Some(fill(Msg::CohortMembersAddedCount.text(context::locale()), &[("count", &added.to_string())])),
                redirect_to: None,
            }),
            Err(CohortsError::Lines(lines)) => {
                problems = encode_problems(&lines);
                Err(CohortsError::Lines(lines).into())
            }
            Err(other) => Err(other.into()),
        }
    }
    .await;
    forms::respond("members", &[("emails", &emails), ("problems", &problems)], result)
}

#[server(endpoint = "remove_cohort_member")]
pub async fn remove_cohort_member(cohort_id: String, user_id: String) -> Result<FormSuccess, AppError> {
    use crate::server::{cohorts, context, forms};
    let result = async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        cohorts::remove_member(&state, &scope, &cohort_id, &user_id).await?;
        Ok(FormSuccess::message(Msg::CohortMemberRemoved))
    }
    .await;
    forms::respond("remove-member", &[], result)
}

#[server(endpoint = "assign_cohort_course")]
pub async fn assign_cohort_course(cohort_id: String, course_slug: String, due_date: String) -> Result<FormSuccess, AppError> {
    use crate::server::{cohorts, context, forms};
    let result = async {
        let (admin, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        cohorts::assign_course(&state, &scope, &admin.id, &cohort_id, &course_slug, &due_date).await?;
        Ok(FormSuccess::message(Msg::CohortCourseAssigned))
    }
    .await;
    forms::respond("cohort-assign", &[("course_slug", &course_slug), ("due_date", &due_date)], result)
}

#[component]
pub fn CohortsPage() -> impl IntoView {
    let page = page_number(use_query_map().read_untracked().get("page").as_deref());
    load_page(cohorts_page(page), |overview| view! { <Cohorts overview=overview.clone()/> })
}

#[component]
fn Cohorts(overview: CohortsOverview) -> impl IntoView {
    let create = ServerAction::<CreateCohort>::new();
    view! {
        <section>
            <h1>{tr(Msg::CohortsTitle)}</h1>
            <p>{tr(Msg::CohortsIntro)}</p>
            <p><a href=PEOPLE_IMPORT_PATH>{tr(Msg::ImportTitle)}</a></p>
            {if overview.cohorts.is_empty() {
                view! { <p>{tr(Msg::NoCohorts)}</p> }.into_any()
            } else {
                view! {
                    <TableScroll>
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{tr(Msg::CohortName)}</th>
                                <th scope="col">{tr(Msg::Organisation)}</th>
                                <th scope="col">{tr(Msg::CohortMembers)}</th>
                            </tr></thead>
                            <tbody>
                                {overview.cohorts.iter().map(|cohort| view! {
                                    <tr>
                                        <td><a href=cohort_path(&cohort.id)>{cohort.name.clone()}</a></td>
                                        <td>{cohort.organisation_name.clone().unwrap_or_else(|| tr(Msg::AcrossOrganisations).to_string())}</td>
                                        <td>{cohort.members}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableScroll>
                }.into_any()
            }}
            <Pager path=ADMIN_COHORTS_PATH.to_string() page=overview.page has_next=overview.has_next/>
            <h2>{tr(Msg::AddCohort)}</h2>
            <FormOutcome form="cohort"/>
            <ActionForm action=create>
                <CsrfField/>
                <TextField form="cohort" name="name" label=Msg::CohortName autocomplete="off"/>
                {if overview.platform {
                    view! {
                        <OrganisationSelect form="cohort" organisations=overview.organisations.clone() empty_label=Msg::AcrossOrganisations/>
                    }.into_any()
                } else {
                    view! {
                        <input type="hidden" name="organisation_id" value=""/>
                        <p class="field-hint">{tr(Msg::CohortOwnOrganisation)}</p>
                    }.into_any()
                }}
                <button type="submit">{tr(Msg::AddCohort)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn CohortPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let page = page_number(use_query_map().read_untracked().get("page").as_deref());
    load_page(cohort_page(id, page), |cohort| view! { <Cohort cohort=cohort.clone()/> })
}

#[component]
fn Cohort(cohort: CohortDetail) -> impl IntoView {
    let organisation = cohort.organisation_name.clone().unwrap_or_else(|| tr(Msg::AcrossOrganisations).to_string());
    view! {
        <section>
            <p><a href=ADMIN_COHORTS_PATH>{tr(Msg::CohortsTitle)}</a></p>
            <h1>{cohort.name.clone()}</h1>
            <p>{tr(Msg::Organisation)}": "{organisation}" · "{tr(Msg::CohortMembers)}": "{cohort.member_count}</p>
            <CohortAssignments cohort=cohort.clone()/>
            <CohortMembers cohort=cohort.clone()/>
        </section>
    }
}

#[component]
fn CohortAssignments(cohort: CohortDetail) -> impl IntoView {
    let assign = ServerAction::<AssignCohortCourse>::new();
    let due = page_context().echoed("cohort-assign", "due_date");
    view! {
        <h2>{tr(Msg::CohortCourses)}</h2>
        <p>{tr(Msg::CohortCoursesIntro)}</p>
        {if cohort.assignments.is_empty() {
            view! { <p>{tr(Msg::NoCohortCourses)}</p> }.into_any()
        } else {
            view! {
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr(Msg::Course)}</th>
                        <th scope="col">{tr(Msg::DueDate)}</th>
                        <th scope="col">{tr(Msg::AssignedOn)}</th>
                    </tr></thead>
                    <tbody>
                        {cohort.assignments.iter().map(|a| view! {
                            <tr>
                                <td>{a.title.clone()}</td>
                                <td>{a.due_at.map(date_text).unwrap_or_else(|| tr(Msg::NoDueDate).to_string())}</td>
                                <td>{date_text(a.assigned_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <FormOutcome form="cohort-assign"/>
        <ActionForm action=assign>
            <CsrfField/>
            <input type="hidden" name="cohort_id" value=cohort.id.clone()/>
            <SelectField form="cohort-assign" name="course_slug" error_field="course_slug" label=Msg::Course
                options=cohort.courses.clone() empty_label=Msg::ChooseCourse required=true/>
            <div class="field">
                <label for="cohort-assign-due">{tr(Msg::DueDate)}</label>
                <FieldError form="cohort-assign" name="due_date"/>
                <input id="cohort-assign-due" type="date" name="due_date" value=due/>
            </div>
            <button type="submit">{tr(Msg::AssignCourse)}</button>
        </ActionForm>
    }
}

#[component]
fn CohortMembers(cohort: CohortDetail) -> impl IntoView {
    let add = ServerAction::<AddCohortMembers>::new();
    let page = page_context();
    let typed = page.echoed("members", "emails");
    let problems = decode_problems(&page.echoed("members", "problems"));
    let invalid = !problems.is_empty();
    let problem_list = invalid.then(|| {
        let items = problems
            .iter()
            .map(|p| {
                let line = fill(tr(Msg::LineProblem), &[("line", &p.line.to_string()), ("text", &p.text)]);
                view! { <li>{line}" "{tr(p.kind.message())}</li> }
            })
            .collect_view();
        view! { <ul class="field-error" id="members-emails-problems">{items}</ul> }
    });
    let pager_path = cohort_path(&cohort.id);
    let cohort_id = cohort.id.clone();
    let members = if cohort.members.is_empty() {
        view! { <p>{tr(Msg::NoCohortMembers)}</p> }.into_any()
    } else {
        view! { <MemberTable cohort_id=cohort.id.clone() members=cohort.members.clone()/> }.into_any()
    };
    view! {
        <h2>{tr(Msg::CohortMembers)}</h2>
        <FormOutcome form="members"/>
        <ActionForm action=add>
            <CsrfField/>
            <input type="hidden" name="cohort_id" value=cohort_id/>
            <div class="field" class:field-invalid=invalid>
                <label for="members-emails">{tr(Msg::CohortAddByEmail)}</label>
                <p class="field-hint" id="members-emails-hint">{tr(Msg::CohortAddByEmailHint)}</p>
                <FieldError form="members" name="emails"/>
                {problem_list}
                <textarea id="members-emails" name="emails" rows="6" aria-describedby="members-emails-hint">{typed}</textarea>
            </div>
            <button type="submit">{tr(Msg::CohortAddMembers)}</button>
        </ActionForm>
        <FormOutcome form="remove-member"/>
        {members}
        <Pager path=pager_path page=cohort.page has_next=cohort.has_next/>
    }
}

#[component]
fn MemberTable(cohort_id: String, members: Vec<CohortMember>) -> impl IntoView {
    let remove = ServerAction::<RemoveCohortMember>::new();
    let rows = members
        .into_iter()
        .map(|member| {
            let organisation = member.organisation_name.unwrap_or_else(|| tr(Msg::NoOrganisation).to_string());
            let cohort_id = cohort_id.clone();
            view! {
                <tr>
                    <td>{member.name}</td>
                    <td>{member.email}</td>
                    <td>{organisation}</td>
                    <td>{date_text(member.joined_at)}</td>
                    <td>
                        <ActionForm action=remove>
                            <CsrfField/>
                            <input type="hidden" name="cohort_id" value=cohort_id/>
                            <input type="hidden" name="user_id" value=member.user_id/>
                            <button type="submit" class="small button-secondary">{tr(Msg::CohortRemoveMember)}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <TableScroll>
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{tr(Msg::Name)}</th>
                    <th scope="col">{tr(Msg::Email)}</th>
                    <th scope="col">{tr(Msg::Organisation)}</th>
                    <th scope="col">{tr(Msg::JoinedOn)}</th>
                    <th scope="col"><span class="visually-hidden">{tr(Msg::CohortRemoveMember)}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </TableScroll>
    }
}
