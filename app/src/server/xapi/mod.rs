//! xAPI (issue 15): every learning event is written as a statement to `xapi_statements` in the
//! event's own transaction, and, when the deployment names a learning record store, a worker
//! sends the unsent ones to it. Administrators export the stored statements as JSON.
//!
//! Read this file first (what the learning and certificate services call inside their
//! transactions), then `lrs` (one statement on the wire), `worker` (the loop `tiltas serve`
//! starts) and `export` (who may download whose statements). The statements themselves are
//! built by `domain::xapi`.
//!
//! Statements are recorded whether or not an LRS is configured: an export works without one,
//! and an LRS configured later receives the history from the start.

pub mod export;
pub mod lrs;
pub mod worker;

use crate::domain::xapi::{Learning, LearningEvent, Site};
use crate::server::context::AppConfig;
use crate::server::learning::{Enrolled, course_title};
use crate::server::storage::xapi_statements::{self, NewStatement};
use crate::server::storage::{StorageError, StorageResult, now};
use sqlx::AnyConnection;

/// The site statements are about: this deployment's public address.
pub fn site(config: &AppConfig) -> Site {
    Site::new(config.base_url.as_str())
}

/// What every statement of `enrolled` shares, at `at`.
pub fn learning_in(enrolled: &Enrolled, at: i64) -> Learning<'_> {
    let course = &enrolled.course;
    Learning {
        user_id: &enrolled.enrolment.user_id,
        enrolment_id: Some(&enrolled.enrolment.id),
        course_slug: &enrolled.enrolment.course_slug,
        version_id: &enrolled.enrolment.version_id,
        course_title: course.metadata.title.get(&course.metadata.source_language).map_or("", String::as_str),
        language: &course.metadata.source_language,
        at,
    }
}

/// Stores the statement of `event` in the caller's transaction. The same event recorded again
/// (a repeated post) is stored once.
pub async fn record(conn: &mut AnyConnection, config: &AppConfig, learning: &Learning<'_>, event: &LearningEvent<'_>) -> StorageResult<()> {
    let statement = site(config).statement(learning, event);
    let json = serde_json::to_string(&statement).map_err(|error| StorageError::Corrupt(error.to_string()))?;
    let new = NewStatement {
        id: &statement.id,
        kind: event.kind(),
        user_id: learning.user_id,
        course_slug: learning.course_slug,
        statement: &json,
        occurred_at: learning.at,
    };
    xapi_statements::enqueue(conn, &new, now()).await?;
    Ok(())
}

/// Records `event` of `enrolled`, happening now.
pub async fn record_now(conn: &mut AnyConnection, config: &AppConfig, enrolled: &Enrolled, event: &LearningEvent<'_>) -> StorageResult<()> {
    record(conn, config, &learning_in(enrolled, now()), event).await
}

/// A course's title in its source language, for a statement outside an enrolment.
pub fn source_title(course: &tiltas_course::Course) -> String {
    course_title(course, &course.metadata.source_language)
}
