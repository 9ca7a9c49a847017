//! `tiltas import <dir>`: check a folder of courses like `tiltas check`, then store every course
//! whose files changed as a new version (see `tiltas_app::server::course_import`). Nothing is
//! imported if any course has an error. `tiltas serve` does the same at start-up through
//! [`import_at_start`], writing to the log instead of the terminal.

use super::{CommandError, check, open_migrated};
use std::path::Path;
use tiltas_app::server::course_import::import_courses;
use tiltas_app::server::storage::Db;
use tiltas_course::fs::load_courses_root;

pub async fn run(database_url: &str, path: &Path) -> Result<(), CommandError> {
    check::require_folder(path)?;
    // Prerequisites name other courses, so they can only be checked against the whole folder.
    if check::is_course_folder(path) {
        return Err(CommandError::Invalid(format!(
            "{} is one course; import the folder of all courses (for example courses/) so that prerequisites between them are checked",
            path.display()
        )));
    }
    let set = load_courses_root(path);
    check::report(&set, path)?;
    let db = open_migrated(database_url).await?;
    let imported = import_courses(&db, &set, |progress| println!("{progress}")).await;
    db.close().await;
    for slug in imported?.retired {
        println!("{slug}: retired (no longer in the folder; enrolled learners can finish it)");
    }
    Ok(())
}

/// Imports `dir` before the server listens, if the folder exists. A course folder with errors
/// stops the start: serving an old version while the trainers believe their fix is live, or
/// publishing half of the courses, would both be worse than a clear refusal.
pub async fn import_at_start(db: &Db, dir: &Path) -> Result<(), CommandError> {
    if !dir.is_dir() {
        tracing::info!(folder = %dir.display(), "no course folder; starting without importing courses");
        return Ok(());
    }
    let set = load_courses_root(dir);
    for diagnostic in &set.diagnostics {
        if diagnostic.is_error() {
            tracing::error!("{diagnostic}");
        } else {
            tracing::warn!("{diagnostic}");
        }
    }
    if set.has_errors() {
        return Err(CommandError::Invalid(format!(
            "the courses in {0} have errors (logged above); fix them (`tiltas check {0}` lists them) and start again",
            dir.display()
        )));
    }
    let report = import_courses(db, &set, |progress| tracing::info!("course import {progress}")).await?;
    for slug in report.retired {
        tracing::info!(course = %slug, "course retired: no longer in the course folder; enrolled learners can finish it");
    }
    Ok(())
}
