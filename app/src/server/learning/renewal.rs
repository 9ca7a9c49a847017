//! Taking a course again: when the certificate has expired or soon will, or when a newer version
//! of the course is published. The finished enrolment ends and keeps its completion and
//! certificate; a new enrolment starts on the newest version, and completing it gives a new
//! certificate that replaces the old one (which stays verifiable, as replaced).

use super::{LearningError, LearningResult};
use crate::domain::certificates::{TakeAgain, take_again};
use crate::server::certificates::state_now;
use crate::server::context::AppState;
use crate::server::storage::certificates as certificate_store;
use crate::server::storage::enrolments::{self, Enrolment, EnrolmentScope};
use crate::server::storage::{courses, now};

/// Whether, and why, the learner may take the course of this enrolment again.
pub async fn reason_to_take_again(state: &AppState, enrolment: &Enrolment) -> LearningResult<Option<TakeAgain>> {
    let mut conn = state.db.pool().acquire().await?;
    if enrolments::completions(&mut conn, EnrolmentScope::Enrolment(&enrolment.id)).await?.is_empty() {
        return Ok(None);
    }
    let certificate = certificate_store::current_of(&mut conn, &enrolment.user_id, &enrolment.course_slug).await?;
    drop(conn);
    if courses::retired_slugs(&state.db).await?.contains(&enrolment.course_slug) {
        return Ok(None);
    }
    let newest = courses::latest_version(&state.db, &enrolment.course_slug).await?.ok_or(LearningError::NoSuchCourse)?;
    let certificate = certificate.map(|row| (state_now(&row), row.expires_at));
    Ok(take_again(newest.id != enrolment.version_id, certificate, now()))
}

/// Ends the learner's finished enrolment and enrols them in the newest version, if the rules
/// allow it; a repeated post returns the enrolment the first one made.
pub async fn take_course_again(state: &AppState, user_id: &str, slug: &str) -> LearningResult<Enrolment> {
    let current = enrolments::enrolment(&state.db, user_id, slug).await?.ok_or(LearningError::NotEnrolled)?;
    if reason_to_take_again(state, &current).await?.is_none() {
        return Err(LearningError::NotDueForRenewal);
    }
    let newest = courses::latest_version(&state.db, slug).await?.ok_or(LearningError::NoSuchCourse)?;
    let course = state.versions.load(&state.db, &newest.id).await?;
    let mut tx = state.db.begin().await?;
    if let Some(enrolment_id) = enrolments::start_again(&mut tx, &current, &newest.id).await? {
        super::record_launch(&mut tx, state, &course, user_id, &enrolment_id, &newest.id).await?;
        tx.commit().await?;
    }
    enrolments::enrolment(&state.db, user_id, slug).await?.ok_or(LearningError::NotEnrolled)
}
