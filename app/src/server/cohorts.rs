//! Cohorts: groups of learners (an intake, a shift, a training day) within one organisation or,
//! for platform administrators, across organisations, with the courses assigned to them.
//!
//! Every function takes the caller's [`AdminScope`] and applies it in the storage query, so a
//! cohort outside the scope is "not found" whether it is opened, changed or added to. Assigning
//! a course enrols every learner of the cohort (the rules of `learning::assign`, applied to all
//! at once in `storage::cohorts`), and people who join later are enrolled as they join.

use super::context::AppState;
use super::learning::{self, LearningError, course_title};
use super::storage::{StorageError, cohorts, courses, organisations};
use crate::domain::accounts::validate_name;
use crate::domain::administration::AdminScope;
use crate::domain::calendar::parse_end_of_day;
use crate::domain::roles::Role;
use crate::domain::cohorts::{EmailProblem, EmailProblemKind, PAGE_SIZE, email_lines, page_window};
use crate::i18n::{Locale, Msg};
use crate::views::cohorts::{CohortCourse, CohortDetail, CohortMember, CohortSummary, CohortsOverview};

#[derive(Debug, thiserror::Error)]
pub enum CohortsError {
    #[error("{field}: {message:?}")]
    Invalid { field: String, message: Msg },
    /// Some lines of the "add members" box cannot be added; nothing was.
    #[error("{} lines cannot be added", .0.len())]
    Lines(Vec<EmailProblem>),
    #[error("no such cohort, person or course in scope")]
    NotFound,
    #[error(transparent)]
    Learning(#[from] LearningError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for CohortsError {
    fn from(error: sqlx::Error) -> Self {
        CohortsError::Storage(error.into())
    }
}

impl CohortsError {
    fn invalid(field: &str, message: Msg) -> CohortsError {
        CohortsError::Invalid { field: field.to_string(), message }
    }
}

pub type CohortsResult<T> = Result<T, CohortsError>;

/// One page of the cohorts in scope, and what the new cohort form offers.
pub async fn cohorts_page(state: &AppState, scope: &AdminScope, page: u32) -> CohortsResult<CohortsOverview> {
    let (limit, offset) = page_window(page);
    let mut rows = cohorts::list(&state.db, scope.organisation_filter(), limit, offset).await?;
    let has_next = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let platform = *scope == AdminScope::Platform;
    let organisations = if platform {
        organisations::organisation_names(&state.db).await?
    } else {
        Vec::new()
    };
    Ok(CohortsOverview {
        cohorts: rows
            .into_iter()
            .map(|row| CohortSummary { id: row.id, name: row.name, organisation_name: row.organisation_name, members: row.members })
            .collect(),
        page,
        has_next,
        organisations,
        platform,
    })
}

/// Adds a cohort. An organisation administrator's cohort is their organisation's, whatever the
/// form says; a platform administrator's is the organisation chosen, or across organisations
/// for none. Returns the new cohort's id.
pub async fn create_cohort(state: &AppState, scope: &AdminScope, name: &str, organisation_id: &str) -> CohortsResult<String> {
    let name = validate_name(name).map_err(|m| CohortsError::invalid("name", m))?;
    let organisation = match scope {
        AdminScope::Organisation(own) => Some(own.clone()),
        AdminScope::Platform if organisation_id.trim().is_empty() => None,
        AdminScope::Platform => {
            organisations::name_of(&state.db, organisation_id).await?.ok_or(CohortsError::invalid("organisation", Msg::OrganisationUnknown))?;
            Some(organisation_id.to_string())
        }
    };
    let mut conn = state.db.pool().acquire().await?;
    match cohorts::insert(&mut conn, &name, organisation.as_deref()).await {
        Ok(id) => Ok(id),
        Err(StorageError::UniqueViolation) => Err(CohortsError::invalid("name", Msg::CohortNameTaken)),
        Err(other) => Err(other.into()),
    }
}

async fn cohort_in_scope(state: &AppState, scope: &AdminScope, cohort_id: &str) -> CohortsResult<cohorts::CohortRow> {
    let mut conn = state.db.pool().acquire().await?;
    cohorts::find(&mut conn, cohort_id, scope.organisation_filter()).await?.ok_or(CohortsError::NotFound)
}

/// One cohort: a page of its members, its assignments, and the published courses to assign.
pub async fn cohort_page(state: &AppState, scope: &AdminScope, cohort_id: &str, page: u32, locale: Locale) -> CohortsResult<CohortDetail> {
    let cohort = cohort_in_scope(state, scope, cohort_id).await?;
    let (limit, offset) = page_window(page);
    let mut members = cohorts::members(&state.db, &cohort.id, limit, offset).await?;
    let has_next = members.len() as i64 > PAGE_SIZE;
    members.truncate(PAGE_SIZE as usize);
    let assignments = {
        let mut conn = state.db.pool().acquire().await?;
        cohorts::assignments(&mut conn, &cohort.id).await?
    };
    let published = state.versions.published(&state.db).await?;
    let title_of = |slug: &str| {
        published.iter().find(|c| c.slug == slug).map_or_else(|| slug.to_string(), |c| course_title(c, locale.code()))
    };
    Ok(CohortDetail {
        assignments: assignments
            .iter()
            .map(|a| CohortCourse {
                title: title_of(&a.course_slug),
                course_slug: a.course_slug.clone(),
                due_at: a.due_at,
                assigned_at: a.created_at,
            })
            .collect(),
        courses: published.iter().map(|c| (c.slug.clone(), course_title(c, locale.code()))).collect(),
        id: cohort.id,
        name: cohort.name,
        organisation_name: cohort.organisation_name,
        member_count: cohort.members,
        members: members
            .into_iter()
            .map(|m| CohortMember {
                user_id: m.user_id,
                name: m.name,
                email: m.email,
                organisation_name: m.organisation_name,
                joined_at: m.joined_at,
            })
            .collect(),
        page,
        has_next,
    })
}

/// Adds the people listed (one email address a line) to the cohort, and enrols the learners
/// among them in its courses. If any line cannot be added (not an address, nobody the caller
/// administers, a person of another organisation than the cohort's), nothing is added and every
/// such line is reported. Returns how many people joined (those already in it are not counted).
pub async fn add_members(state: &AppState, scope: &AdminScope, cohort_id: &str, text: &str) -> CohortsResult<usize> {
    let mut tx = state.db.begin().await?;
    let cohort = cohorts::find(&mut tx, cohort_id, scope.organisation_filter()).await?.ok_or(CohortsError::NotFound)?;
    let (emails, mut problems) = email_lines(text);
    if emails.is_empty() && problems.is_empty() {
        return Err(CohortsError::invalid("emails", Msg::CohortEmailsMissing));
    }
    let wanted: Vec<String> = emails.iter().map(|(_, email)| email.clone()).collect();
    let people = cohorts::people_by_email(&mut tx, &wanted).await?;
    let mut ids = Vec::new();
    for (line, email) in &emails {
        let problem = |kind| EmailProblem { line: *line, text: email.clone(), kind };
        match people.iter().find(|p| &p.email == email) {
            // Someone the caller does not administer: another organisation's person, or for an
            // organisation administrator a platform administrator.
            Some(person) if !scope.covers(person.organisation_id.as_deref()) || (person.administrator && !scope.may_grant(Role::Administrator)) => {
                problems.push(problem(EmailProblemKind::Unknown))
            }
            Some(person) if cohort.organisation_id.is_some() && person.organisation_id != cohort.organisation_id => {
                problems.push(problem(EmailProblemKind::OtherOrganisation))
            }
            Some(person) => ids.push(person.id.clone()),
            None => problems.push(problem(EmailProblemKind::Unknown)),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(CohortsError::Lines(problems));
    }
    let already = cohorts::existing_members(&mut tx, &cohort.id, &ids).await?;
    let enrolled = cohorts::add_members(&mut tx, &cohort.id, &ids).await?;
    learning::record_launches(&mut tx, state, &enrolled).await?;
    tx.commit().await?;
    Ok(ids.len() - already.len())
}

/// Takes a person out of the cohort. Their enrolments stay, with any progress.
pub async fn remove_member(state: &AppState, scope: &AdminScope, cohort_id: &str, user_id: &str) -> CohortsResult<()> {
    let cohort = cohort_in_scope(state, scope, cohort_id).await?;
    if cohorts::remove_member(&state.db, &cohort.id, user_id).await? { Ok(()) } else { Err(CohortsError::NotFound) }
}

/// Assigns a published course to the cohort with an optional due date (`due_date` as typed,
/// e.g. 2027-03-31: the end of that day), and enrols its learners: a learner already enrolled
/// keeps their enrolment and progress, and it gets the assignment and due date. Assigning the
/// same course again changes the due date.
pub async fn assign_course(
    state: &AppState,
    scope: &AdminScope,
    admin_id: &str,
    cohort_id: &str,
    course_slug: &str,
    due_date: &str,
) -> CohortsResult<()> {
    let cohort = cohort_in_scope(state, scope, cohort_id).await?;
    let due_at = match due_date.trim() {
        "" => None,
        text => Some(parse_end_of_day(text).ok_or(CohortsError::invalid("due_date", Msg::DueDateInvalid))?),
    };
    let published = state.versions.published(&state.db).await?;
    if course_slug.is_empty() || !published.iter().any(|c| c.slug == course_slug) {
        return Err(CohortsError::invalid("course_slug", Msg::ChooseCourse));
    }
    let version = courses::latest_version(&state.db, course_slug).await?.ok_or(CohortsError::invalid("course_slug", Msg::ChooseCourse))?;
    let mut tx = state.db.begin().await?;
    let enrolled = cohorts::assign_course(&mut tx, &cohort.id, course_slug, &version.id, admin_id, due_at).await?;
    learning::record_launches(&mut tx, state, &enrolled).await?;
    tx.commit().await?;
    Ok(())
}
