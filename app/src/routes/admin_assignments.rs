//! Administrators assign courses to learners, with an optional due date, and follow their
//! progress; an organisation administrator, those of their own organisation only.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome, SelectField};
use crate::domain::calendar::date_text;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::course_results_path;
use crate::views::reports::AssignmentsOverview;
use leptos::prelude::*;

#[server(name = LoadAssignmentsPage, endpoint = "assignments_overview")]
pub async fn assignments_page() -> Result<AssignmentsOverview, AppError> {
    use crate::server::{context, reports};
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        Ok(reports::assignments_page(&state, &scope, context::locale()).await?)
    }
    .await)
}

#[server(endpoint = "assign_course")]
pub async fn assign_course(learner_id: String, course_slug: String, due_date: String) -> Result<FormSuccess, AppError> {
    use crate::domain::calendar::parse_end_of_day;
    use crate::server::{context, forms, learning};
    let result = async {
        let (admin, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        if learner_id.is_empty() {
            return Err(AppError::invalid("learner_id", Msg::ChooseLearner));
        }
        if course_slug.is_empty() {
            return Err(AppError::invalid("course_slug", Msg::ChooseCourse));
        }
        let due_at = match due_date.trim() {
            "" => None,
            text => Some(parse_end_of_day(text).ok_or_else(|| AppError::invalid("due_date", Msg::DueDateInvalid))?),
        };
        learning::assign_in_scope(&state, &scope, &admin.id, &learner_id, &course_slug, due_at).await.map_err(|e| match e {
            crate::server::learning::LearningError::NoSuchCourse => AppError::invalid("course_slug", Msg::ChooseCourse),
            other => other.into(),
        })?;
        Ok(FormSuccess::message(Msg::CourseAssigned))
    }
    .await;
    forms::respond(
        "assign",
        &[("learner_id", &learner_id), ("course_slug", &course_slug), ("due_date", &due_date)],
        result,
    )
}

#[component]
pub fn AssignmentsPage() -> impl IntoView {
    load_page(assignments_page(), |overview| view! { <Assignments overview=overview.clone()/> })
}

#[component]
fn Assignments(overview: AssignmentsOverview) -> impl IntoView {
    let assign = ServerAction::<AssignCourse>::new();
    let page = page_context();
    let due = page.echoed("assign", "due_date");
    let result_links = overview.courses.clone();
    view! {
        <section>
            <h1>{tr(Msg::AssignmentsTitle)}</h1>
            <p>{tr(Msg::AssignmentsIntro)}</p>
            <FormOutcome form="assign"/>
            <ActionForm action=assign>
                <CsrfField/>
                <SelectField form="assign" name="learner_id" error_field="learner_id" label=Msg::Learner
                    options=overview.learners.clone() empty_label=Msg::ChooseOrganisation required=true/>
                <SelectField form="assign" name="course_slug" error_field="course_slug" label=Msg::Course
                    options=overview.courses.clone() empty_label=Msg::ChooseOrganisation required=true/>
                <div class="field">
                    <label for="assign-due">{tr(Msg::DueDate)}</label>
                    <FieldError form="assign" name="due_date"/>
                    <input id="assign-due" type="date" name="due_date" value=due/>
                </div>
                <button type="submit">{tr(Msg::AssignCourse)}</button>
            </ActionForm>
            <h2>{tr(Msg::ResultsLink)}</h2>
            <ul class="course-results-links">
                {result_links.into_iter().map(|(slug, title)| view! {
                    <li><a href=course_results_path(&slug)>{title}</a></li>
                }).collect_view()}
            </ul>
            {if overview.rows.is_empty() {
                view! { <p>{tr(Msg::NoAssignments)}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::Learner)}</th>
                            <th scope="col">{tr(Msg::Course)}</th>
                            <th scope="col">{tr(Msg::DueDate)}</th>
                            <th scope="col">{tr(Msg::Progress)}</th>
                        </tr></thead>
                        <tbody>
                            {overview.rows.iter().map(|row| view! {
                                <tr>
                                    <td>{row.learner.clone()}</td>
                                    <td>{row.course.clone()}</td>
                                    <td>{row.due_at.map(date_text)}</td>
                                    <td>{match row.completed_at {
                                        Some(at) => format!("{} {}", tr(Msg::CompletedOn), date_text(at)),
                                        None => fill(tr(Msg::ProgressPercent), &[("percent", &row.percent.to_string())]),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
