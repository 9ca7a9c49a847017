//! Behind the report's figures: the paginated list of the enrolments (or certificates) a figure
//! counts, and one person's enrolments, attempts and certificates. A person outside the
//! administrator's scope is "not found", exactly like one who does not exist.

use super::{ReportParams, ReportsError, ReportsResult, course_titles};
use crate::domain::administration::AdminScope;
use crate::domain::certificates::{Standing, state as certificate_state};
use crate::domain::reporting::{ReportStatus, due_passed, overdue, progress_state};
use crate::i18n::Locale;
use crate::server::context::AppState;
use crate::server::learning::activity::activities;
use crate::server::learning::with_course;
use crate::server::storage::enrolments::{self, EnrolmentScope};
use crate::server::storage::reporting::{self as store, ListOrder, PersonLine, ReportScope};
use crate::server::storage::{certificates, now};
use crate::views::admin_reports::{PersonAttempt, PersonCertificate, PersonEnrolment, ReportPeople, ReportPersonDetail, ReportPersonRow};
use std::collections::HashMap;

/// Lines per page of a drill-down.
pub const PAGE_SIZE: i64 = 50;

/// The figure a drill-down lists, from the address; an unknown one is a bad address.
pub fn status(params: &ReportParams) -> ReportsResult<ReportStatus> {
    let code = params.status.as_deref().unwrap_or(ReportStatus::Enrolled.code());
    ReportStatus::from_code(code).ok_or(ReportsError::Invalid { field: "status", message: crate::i18n::Msg::ReportStatusUnknown })
}

/// A stored line as the page and the export show it.
pub(super) fn person_row(line: PersonLine, status: ReportStatus, titles: &HashMap<String, String>, now: i64) -> ReportPersonRow {
    let completed = line.completed_at.is_some();
    ReportPersonRow {
        course_title: titles.get(&line.course_slug).cloned().unwrap_or(line.course_slug),
        state: (!status.is_certificate()).then(|| progress_state(line.started, completed)),
        overdue: overdue(due_passed(line.due_at, now), completed),
        user_id: line.user_id,
        name: line.name,
        email: line.email,
        organisation: line.organisation,
        due_at: line.due_at,
        completed_at: line.completed_at,
        issued_at: line.issued_at,
        expires_at: line.expires_at,
    }
}

/// One page (by name) of the lines behind the figure `params.status`, after `params.after`.
pub async fn people_page(state: &AppState, scope: &AdminScope, params: &ReportParams, locale: Locale) -> ReportsResult<ReportPeople> {
    let filter = params.filter()?;
    let status = status(params)?;
    let report = ReportScope { scope, filter: &filter, now: now() };
    let titles: HashMap<String, String> = course_titles(state, locale).await?.into_iter().collect();
    let after = params.after.as_deref().filter(|a| !a.is_empty());
    // One more than a page, to know whether there is a next one.
    let mut lines = store::people_lines(&state.db, report, status, ListOrder::ByName { after }, PAGE_SIZE + 1).await?;
    let next_after = if lines.len() as i64 > PAGE_SIZE {
        lines.truncate(PAGE_SIZE as usize);
        lines.last().map(|line| line.row_id.clone())
    } else {
        None
    };
    let rows = lines.into_iter().map(|line| person_row(line, status, &titles, report.now)).collect();
    Ok(ReportPeople { filter: filter.clone(), status, rows, next_after, later_page: after.is_some() })
}

/// A person's record for an administrator: each current enrolment with its progress (by the
/// completion rules of `domain::progress`), due date and graded attempts and plays, and every
/// certificate issued to them.
pub async fn person_detail(state: &AppState, scope: &AdminScope, user_id: &str, locale: Locale) -> ReportsResult<ReportPersonDetail> {
    let person = store::person(&state.db, user_id).await?.ok_or(ReportsError::NotFound)?;
    if !scope.covers(person.organisation_id.as_deref()) {
        return Err(ReportsError::NotFound);
    }
    let language = locale.code();
    let now = now();
    let cohorts = store::cohorts_of(&state.db, user_id).await?;
    let titles: HashMap<String, String> = course_titles(state, locale).await?.into_iter().collect();
    let mut conn = state.db.pool().acquire().await.map_err(crate::server::storage::StorageError::from)?;
    let scope_of_person = EnrolmentScope::Learner(user_id);
    let current = enrolments::enrolments(&mut conn, scope_of_person).await?;
    let mut done = activities(&mut conn, scope_of_person).await?;
    let held = certificates::of_holder(&mut conn, user_id).await?;
    drop(conn);

    let mut enrolled_courses = Vec::new();
    for enrolment in current {
        let activity = done.remove(&enrolment.id).unwrap_or_default();
        let enrolled = with_course(state, enrolment).await?;
        let status = activity.status(&enrolled);
        let started = !activity.read.is_empty() || !activity.attempts.is_empty() || !activity.plays.is_empty();
        let completed_at = activity.completion.as_ref().map(|c| c.completed_at);
        let module_title = |id: &str| enrolled.module(id, language).map(|m| m.metadata.title.clone()).unwrap_or_else(|| id.to_string());
        let mut attempts: Vec<PersonAttempt> = activity
            .attempts
            .iter()
            .filter(|a| enrolled.module(&a.module_id, language).is_some_and(|m| m.is_graded()))
            .map(|a| PersonAttempt {
                item_title: module_title(&a.module_id),
                number: a.attempt_number,
                points: a.points,
                max_points: a.max_points,
                passed: a.finished_at.map(|_| a.passed),
                finished_at: a.finished_at,
            })
            .collect();
        for play in activity.plays.iter().filter(|p| enrolled.rules.scenario(&p.scenario_id).is_some_and(|s| s.graded.is_some())) {
            let title = enrolled
                .module(&play.module_id, language)
                .and_then(|m| m.scenarios().find(|s| s.id == play.scenario_id))
                .map(|s| s.title.clone())
                .unwrap_or_else(|| play.scenario_id.clone());
            let max_points = enrolled.rules.scenario(&play.scenario_id).map_or(0, |s| i64::from(s.max_points));
            attempts.push(PersonAttempt {
                item_title: title,
                number: play.play_number,
                points: play.points,
                max_points,
                passed: None,
                finished_at: play.finished_at,
            });
        }
        enrolled_courses.push(PersonEnrolment {
            course_title: titles.get(&enrolled.enrolment.course_slug).cloned().unwrap_or_else(|| enrolled.enrolment.course_slug.clone()),
            state: progress_state(started, completed_at.is_some()),
            percent: status.percent,
            enrolled_at: enrolled.enrolment.enrolled_at,
            due_at: enrolled.enrolment.due_at,
            overdue: overdue(due_passed(enrolled.enrolment.due_at, now), completed_at.is_some()),
            completed_at,
            attempts,
        });
    }
    let certificates = held
        .into_iter()
        .map(|row| {
            let standing = Standing { expires_at: row.expires_at, revoked_at: row.revoked_at, superseded: row.superseded_by.is_some() };
            PersonCertificate {
                course_title: titles.get(&row.course_slug).cloned().unwrap_or_else(|| row.course_slug.clone()),
                state: certificate_state(standing, now),
                id: row.id,
                code: row.code,
                issued_at: row.issued_at,
                expires_at: row.expires_at,
            }
        })
        .collect();
    Ok(ReportPersonDetail {
        name: person.name,
        email: person.email,
        organisation: person.organisation_name,
        cohorts,
        deactivated: person.deactivated_at.is_some(),
        enrolments: enrolled_courses,
        certificates,
    })
}
