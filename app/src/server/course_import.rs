//! Importing courses written in Markdown into the database, as immutable versions.
//!
//! The importer takes a checked [`CourseSet`] (see `tiltas_course::fs::load_courses_root`) and,
//! for each course, compares the fingerprint of its files with what is stored: the same
//! fingerprint means nothing to do; a different one adds version N + 1 with everything the
//! learner pages need (metadata and every module, rendered to sanitised HTML) and the files
//! themselves, in one transaction. Earlier versions are never touched, because learners finish
//! the version they started.
//!
//! The courses folder is compared with the newest version that came *from the folder*: if the
//! folder has not changed since it was last imported, a version published later in the browser
//! editor stays the newest, instead of being undone by the next restart. Once the folder does
//! change, it wins, and a trainer who worked in the browser downloads the zip to merge first.
//! Publishing from the editor ([`publish_course`]) goes through the same version writer.
//!
//! A set with any error is refused as a whole: a broken course folder must be fixed, not
//! half-published.

use super::storage::courses::{self, CourseVersion, Draft, NewCourseVersion, NewVersionModule, VersionOrigin};
use super::storage::{Db, StorageError, glossaries};
use serde::{Deserialize, Serialize};
use std::fmt;
use tiltas_course::{Course, CourseMetadata, CourseSet, SourceFile};

/// The course-level facts stored as JSON with each version (`course_versions.metadata_json`),
/// so that catalogue and course pages never re-parse Markdown: the course's metadata as
/// parsed, plus the points it is marked out of. The metadata is flattened, so the stored JSON
/// is one object with `max_points` next to the `course.toml` keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCourseMetadata {
    #[serde(flatten)]
    pub metadata: CourseMetadata,
    /// What `pass_mark` is a percentage of; see `Course::max_points`.
    pub max_points: u32,
}

impl StoredCourseMetadata {
    pub fn of(course: &Course) -> StoredCourseMetadata {
        StoredCourseMetadata { metadata: course.metadata.clone(), max_points: course.max_points() }
    }
}

/// What importing did to one course.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The files match the newest stored version; nothing was written.
    Unchanged { version: i64 },
    /// A new version was stored and is now the newest.
    Created { version: i64 },
}

impl fmt::Display for ImportOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportOutcome::Unchanged { version } => write!(f, "unchanged (version {version})"),
            ImportOutcome::Created { version } => write!(f, "new version {version}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseImport {
    pub slug: String,
    pub outcome: ImportOutcome,
}

/// Every course of the set, in the set's order (by slug), and the courses retired because they
/// are no longer in the folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub courses: Vec<CourseImport>,
    pub retired: Vec<String>,
}

/// Reported after each course, so that a terminal or a log can follow a long import.
#[derive(Clone, Copy, Debug)]
pub struct ImportProgress<'a> {
    /// How many courses are done, this one included (from 1).
    pub done: usize,
    pub total: usize,
    pub course: &'a CourseImport,
}

impl fmt::Display for ImportProgress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}/{}] {}: {}", self.done, self.total, self.course.slug, self.course.outcome)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the courses have {errors} error(s); nothing was imported")]
    InvalidCourses { errors: usize },
    #[error("course `{slug}` was changed by another import at the same moment; run the import again")]
    ConcurrentImport { slug: String },
    #[error("cannot encode the course for storage: {0}")]
    Encoding(#[from] serde_json::Error),
    #[error("database: {0}")]
    Storage(#[from] StorageError),
}

/// Imports every course of `set`, or nothing if the set has any error. Each course is stored
/// whole or not at all; `on_progress` is called after each one.
pub async fn import_courses(
    db: &Db,
    set: &CourseSet,
    mut on_progress: impl FnMut(ImportProgress<'_>),
) -> Result<ImportReport, ImportError> {
    let errors = set.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        return Err(ImportError::InvalidCourses { errors });
    }
    let total = set.courses.len();
    let mut report = ImportReport { courses: Vec::with_capacity(total), retired: Vec::new() };
    for course in &set.courses {
        let files = set.sources.get(&course.slug).map(Vec::as_slice).unwrap_or_default();
        let outcome = import_from_folder(db, course, files).await?;
        // Back in the folder, unchanged: offered again.
        courses::set_retired(db, &course.slug, false).await?;
        let imported = CourseImport { slug: course.slug.clone(), outcome };
        on_progress(ImportProgress { done: report.courses.len() + 1, total, course: &imported });
        report.courses.push(imported);
    }
    report.retired = retire_courses_gone_from_folder(db, set).await?;
    // The folder's glossary, or none when the folder no longer has one.
    let glossary = set.glossary.as_ref().map(serde_json::to_string).transpose()?;
    glossaries::save_glossary(db, glossaries::COURSES_GLOSSARY, glossary.as_deref()).await?;
    Ok(report)
}

/// The folder is the whole list of the courses it manages: a course whose newest version came
/// from the folder but which is no longer in it is retired (learners already enrolled finish
/// it; nobody new can enrol). Courses made or last published in the browser are not the
/// folder's to retire.
async fn retire_courses_gone_from_folder(db: &Db, set: &CourseSet) -> Result<Vec<String>, ImportError> {
    let mut retired = Vec::new();
    for latest in courses::latest_versions(db).await? {
        let gone = latest.origin == VersionOrigin::Folder && !set.courses.iter().any(|c| c.slug == latest.course_slug);
        if gone && courses::set_retired(db, &latest.course_slug, true).await? {
            retired.push(latest.course_slug);
        }
    }
    Ok(retired)
}

async fn import_from_folder(db: &Db, course: &Course, files: &[SourceFile]) -> Result<ImportOutcome, ImportError> {
    if let Some(from_folder) = courses::latest_version_from(db, &course.slug, VersionOrigin::Folder).await?
        && from_folder.content_hash == course.content_hash
        && let Some(latest) = courses::latest_version(db, &course.slug).await?
    {
        return Ok(ImportOutcome::Unchanged { version: latest.version_number });
    }
    store_version(db, course, files, Provenance::Folder).await
}

/// A working copy of the browser editor, as it was read for publishing.
#[derive(Clone, Copy, Debug)]
pub struct EditedCourse<'a> {
    /// Every file of the working copy.
    pub files: &'a [SourceFile],
    /// The newest version when the working copy was read; `None` for a course never published.
    pub based_on: Option<&'a CourseVersion>,
    /// The drafts the working copy was read with.
    pub drafts: &'a [Draft],
}

/// Where a new version comes from, and what that changes in storing it.
enum Provenance<'a> {
    Folder,
    Editor { edited: EditedCourse<'a>, published_by: &'a str },
}

/// Publishes a course checked from the browser editor's working copy as its newest version,
/// unless it is identical to the newest version already. The drafts it was read with are
/// removed; a draft saved since stays a draft on top of the new version. If another version
/// was published since the working copy was read, nothing is published and the outcome is
/// `ImportError::ConcurrentImport`, so that this publication cannot undo that one.
pub async fn publish_course(
    db: &Db,
    course: &Course,
    edited: EditedCourse<'_>,
    published_by: &str,
) -> Result<ImportOutcome, ImportError> {
    let outcome = store_version(db, course, edited.files, Provenance::Editor { edited, published_by }).await?;
    courses::set_retired(db, &course.slug, false).await?;
    if matches!(outcome, ImportOutcome::Unchanged { .. }) {
        // Nothing new to publish, but the drafts (identical to the version) are done with.
        courses::discard_drafts_read(db, &course.slug, edited.drafts).await?;
    }
    Ok(outcome)
}

async fn store_version(
    db: &Db,
    course: &Course,
    files: &[SourceFile],
    provenance: Provenance<'_>,
) -> Result<ImportOutcome, ImportError> {
    let latest = courses::latest_version(db, &course.slug).await?;
    if let Some(latest) = &latest
        && latest.content_hash == course.content_hash
    {
        return Ok(ImportOutcome::Unchanged { version: latest.version_number });
    }
    let (origin, published_by, drafts_published, version_number) = match provenance {
        Provenance::Folder => (VersionOrigin::Folder, None, &[][..], latest.map_or(1, |latest| latest.version_number + 1)),
        // Numbered after the version the working copy was read on rather than the newest now:
        // when another publication came in between, its number is taken and the insertion
        // fails, instead of this older working copy silently undoing that publication.
        Provenance::Editor { edited, published_by } => {
            let number = edited.based_on.map_or(1, |based_on| based_on.version_number + 1);
            (VersionOrigin::Editor, Some(published_by), edited.drafts, number)
        }
    };
    let metadata_json = serde_json::to_string(&StoredCourseMetadata::of(course))?;
    let modules = module_rows(course)?;
    let new_version = NewCourseVersion {
        course_slug: &course.slug,
        version_number,
        content_hash: &course.content_hash,
        metadata_json: &metadata_json,
        modules: &modules,
        files,
        origin,
        published_by,
        drafts_published,
    };
    match courses::insert_version(db, new_version).await {
        Ok(_) => Ok(ImportOutcome::Created { version: version_number }),
        // Several instances sharing one PostgreSQL all import at start-up; the first one to
        // commit wins the version number. If it stored these same files, the course is done.
        Err(StorageError::UniqueViolation) => match courses::latest_version(db, &course.slug).await? {
            Some(winner) if winner.content_hash == course.content_hash => {
                Ok(ImportOutcome::Unchanged { version: winner.version_number })
            }
            _ => Err(ImportError::ConcurrentImport { slug: course.slug.clone() }),
        },
        Err(error) => Err(error.into()),
    }
}

/// One row per module per language; the whole parsed module is kept, answer key included,
/// because grading happens on the server from these rows.
fn module_rows(course: &Course) -> Result<Vec<NewVersionModule>, serde_json::Error> {
    let mut rows = Vec::new();
    for (language, modules) in &course.modules {
        for (position, module) in (1..).zip(modules) {
            rows.push(NewVersionModule {
                module_id: module.id.clone(),
                language: language.clone(),
                position,
                title: module.metadata.title.clone(),
                content_json: serde_json::to_string(module)?,
            });
        }
    }
    Ok(rows)
}
