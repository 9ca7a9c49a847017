//! The read models of the editor's pages: the course list, one course, one file.

use super::{AuthoringError, course_title, editable_courses, is_editable_path, working_copy, check_working_copy};
use crate::i18n::Locale;
use crate::server::storage::{Db, courses};
use crate::views::authoring::{CourseEditorView, EditorCourseSummary, EditorFileSummary, FileEditorView};

/// Every course a trainer may edit, with its title in `locale`.
pub async fn editor_courses_page(db: &Db, locale: Locale) -> Result<Vec<EditorCourseSummary>, AuthoringError> {
    let retired = courses::retired_slugs(db).await?;
    let mut summaries = Vec::new();
    for course in editable_courses(db).await? {
        let title = working_copy(db, &course.slug).await?.and_then(|working| course_title(&working, locale.code()));
        summaries.push(EditorCourseSummary {
            retired: retired.contains(&course.slug),
            slug: course.slug,
            title,
            latest_version: course.latest_version,
            has_drafts: course.has_drafts,
        });
    }
    Ok(summaries)
}

/// One course in the editor: its files, what changed, and what the course check says.
pub async fn course_editor_page(db: &Db, slug: &str, locale: Locale) -> Result<CourseEditorView, AuthoringError> {
    let working = working_copy(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    let set = check_working_copy(db, &working).await?;
    Ok(CourseEditorView {
        title: course_title(&working, locale.code()),
        latest_version: working.latest.as_ref().map(|v| v.version_number),
        files: working
            .files
            .iter()
            .map(|f| EditorFileSummary {
                path: f.path.clone(),
                changed: working.changed.contains(&f.path),
                editable: is_editable_path(&f.path),
            })
            .collect(),
        removed: working.changed.iter().filter(|path| working.file(path).is_none()).cloned().collect(),
        has_errors: set.has_errors(),
        diagnostics: set.diagnostics,
        slug: slug.to_string(),
    })
}

/// One editable file (a module or course.toml) with the course check's findings for it, and
/// whether the deployment lets learners see images from other websites (for the preview).
pub async fn file_editor_page(db: &Db, slug: &str, path: &str, allow_external_images: bool) -> Result<FileEditorView, AuthoringError> {
    let working = working_copy(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    if !is_editable_path(path) {
        return Err(AuthoringError::NoSuchFile);
    }
    let file = working.file(path).ok_or(AuthoringError::NoSuchFile)?;
    let text = String::from_utf8_lossy(&file.contents).into_owned();
    let context = working.module_context();
    let mut diagnostics = check_working_copy(db, &working).await?.diagnostics;
    diagnostics.retain(|d| d.path == path);
    if path.ends_with(".md") {
        let single_file = tiltas_course::check_module_text(path, &text, &context).diagnostics;
        diagnostics.retain(|d| !single_file.contains(d));
    }
    Ok(FileEditorView { context, slug: slug.to_string(), path: path.to_string(), text, diagnostics, allow_external_images })
}
