//! Administrators assign courses to learners, with an optional due date, and follow their
//! progress.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome, SelectField};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::routes::course::date_text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub learner: String,
    pub course: String,
    pub due_at: Option<i64>,
    pub percent: u8,
    pub completed_at: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AssignmentsOverview {
    /// (id, "name (email)") of every learner.
    pub learners: Vec<(String, String)>,
    /// (slug, title) of every published course.
    pub courses: Vec<(String, String)>,
    pub rows: Vec<AssignmentRow>,
}

/// Parses an `<input type="date">` value (YYYY-MM-DD) to the end of that day, UTC, in seconds.
pub fn parse_due_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1970..=9999).contains(&year) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), the inverse of `date_text`.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + 86_399;
    // Reject dates such as 2027-02-31 that roll over into the next month.
    (date_text(seconds) == format!("{year:04}-{month:02}-{day:02}")).then_some(seconds)
}

#[server(endpoint = "assignments_overview")]
pub async fn get_assignments_overview() -> Result<AssignmentsOverview, AppError> {
    use crate::domain::roles::Role;
    use crate::server::storage::{learning as store, users};
    use crate::server::{context, learning};
    crate::server::context::with_status(async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        let locale = context::viewer().page.locale.code();
        let people = users::list_people(&state.db).await?;
        let learners: Vec<(String, String)> = people
            .iter()
            .filter(|p| p.roles.contains(&Role::Learner))
            .map(|p| (p.id.clone(), format!("{} ({})", p.name, p.email)))
            .collect();
        let published = learning::published_courses(&state.db).await?;
        let courses = published
            .iter()
            .map(|(_, c)| (c.slug.clone(), learning::localised(&c.metadata.title, locale, &c.metadata.source_language)))
            .collect::<Vec<_>>();
        let mut rows = Vec::new();
        for person in people.iter().filter(|p| p.roles.contains(&Role::Learner)) {
            for enrolment in store::enrolments_of(&state.db, &person.id).await? {
                let enrolled = learning::with_course(&state.db, enrolment).await?;
                let status = learning::status(&state.db, &enrolled).await?;
                let meta = &enrolled.course.metadata;
                rows.push(AssignmentRow {
                    learner: person.name.clone(),
                    course: learning::localised(&meta.title, locale, &meta.source_language),
                    due_at: enrolled.enrolment.due_at,
                    percent: status.percent,
                    completed_at: learning::completion(&state.db, &enrolled).await?.map(|c| c.completed_at),
                });
            }
        }
        Ok(AssignmentsOverview { learners, courses, rows })
    }
    .await)
}

#[server(endpoint = "assign_course")]
pub async fn assign_course(learner_id: String, course_slug: String, due_date: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::storage::users;
    use crate::server::{context, forms, learning};
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        if learner_id.is_empty() {
            return Err(AppError::invalid("learner_id", Msg::ChooseLearner));
        }
        if course_slug.is_empty() {
            return Err(AppError::invalid("course_slug", Msg::ChooseCourse));
        }
        let due_at = match due_date.trim() {
            "" => None,
            text => Some(parse_due_date(text).ok_or_else(|| AppError::invalid("due_date", Msg::DueDateInvalid))?),
        };
        let is_learner = users::list_people(&state.db).await?.iter().any(|p| p.id == learner_id && p.roles.contains(&Role::Learner));
        if !is_learner {
            return Err(AppError::invalid("learner_id", Msg::ChooseLearner));
        }
        learning::assign(&state.db, &admin.id, &learner_id, &course_slug, due_at).await.map_err(|e| match e {
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
    load_page(get_assignments_overview(), |overview| view! { <Assignments overview=overview.clone()/> })
}

#[component]
fn Assignments(overview: AssignmentsOverview) -> impl IntoView {
    let assign = ServerAction::<AssignCourse>::new();
    let page = page_context();
    let due = page.echoed("assign", "due_date");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_are_whole_days_and_impossible_dates_are_refused() {
        let due = parse_due_date("2027-03-31").unwrap();
        assert_eq!(date_text(due), "2027-03-31");
        assert_eq!(due % 86_400, 86_399, "the end of the day");
        assert_eq!(parse_due_date("2027-02-31"), None);
        assert_eq!(parse_due_date("31.03.2027"), None);
        assert_eq!(parse_due_date(""), None);
        assert!(parse_due_date("2028-02-29").is_some());
    }
}
