//! The browser editor's service: a course's working copy (its newest version's files with the
//! trainers' drafts on top), checking it with the same parser as `tiltas check`, publishing it
//! through the same importer as the courses folder, new courses and modules from templates, and
//! course folders in and out as zip files.

pub mod pages;

use super::course_import::{EditedCourse, ImportError, ImportOutcome, publish_course};
use super::storage::courses::{self, CourseVersion, Draft, DraftChange};
use super::storage::{Db, StorageError};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use tiltas_course::{CourseSet, Diagnostic, ModuleContext, SourceFile, is_valid_slug, parse_courses, parse_module_file_name};

/// Largest zip accepted, and the most its files may add up to once unpacked: a course is text
/// and a few images, and the limit keeps a crafted zip from filling the disk or memory.
pub const MAX_ZIP_BYTES: usize = 16 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ZIP_FILES: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum AuthoringError {
    #[error("no such course")]
    NoSuchCourse,
    #[error("a course with this id already exists")]
    CourseExists,
    #[error("the course already has a file with this name")]
    FileExists,
    #[error("the course has no such file")]
    NoSuchFile,
    #[error("not a course file name")]
    BadFileName,
    #[error("not a usable zip file: {0}")]
    BadZip(String),
    #[error("the course has errors")]
    Invalid(Vec<Diagnostic>),
    /// Another version was published after the working copy was read for publishing.
    #[error("another version was published meanwhile")]
    PublishedMeanwhile,
    /// The course changed (a draft saved, a version published) after the working copy was read
    /// to be replaced by an uploaded zip.
    #[error("the course changed while the zip was uploaded")]
    ChangedDuringUpload,
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A course as the editor sees it.
#[derive(Clone, Debug)]
pub struct WorkingCopy {
    pub slug: String,
    /// The newest published version; `None` for a course created in the browser and not yet
    /// published.
    pub latest: Option<CourseVersion>,
    /// Every file, sorted by path.
    pub files: Vec<SourceFile>,
    /// Paths changed since the newest version (edited, added or removed).
    pub changed: BTreeSet<String>,
    /// The drafts this copy was read with: what publishing it removes, and what an uploaded
    /// zip replaces.
    pub drafts: Vec<Draft>,
}

impl WorkingCopy {
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn has_unpublished_changes(&self) -> bool {
        !self.changed.is_empty()
    }

    /// What the single-file check needs to know about the rest of the course.
    pub fn module_context(&self) -> ModuleContext {
        let toml = self.file("course.toml").map(|f| String::from_utf8_lossy(&f.contents).into_owned());
        let parsed = toml.as_deref().and_then(toml_languages);
        ModuleContext {
            source_language: parsed.as_ref().map(|(source, _)| source.clone()),
            languages: parsed.map(|(_, languages)| languages),
            files: Some(self.files.iter().map(|f| f.path.clone()).collect()),
        }
    }
}

/// The course's title in `language`, else in its source language, as course.toml says it; `None`
/// while course.toml cannot be read.
pub fn course_title(working: &WorkingCopy, language: &str) -> Option<String> {
    let text = String::from_utf8_lossy(&working.file("course.toml")?.contents).into_owned();
    let parsed: toml::Table = toml::from_str(&text).ok()?;
    let titles = parsed.get("title")?.as_table()?;
    let source = parsed.get("source_language").and_then(|v| v.as_str()).unwrap_or("en");
    titles.get(language).or_else(|| titles.get(source))?.as_str().map(str::to_string)
}

/// `source_language` and `languages` from a course.toml, if it is well-formed enough to say.
fn toml_languages(text: &str) -> Option<(String, Vec<String>)> {
    #[derive(serde::Deserialize)]
    struct Languages {
        source_language: String,
        languages: Vec<String>,
    }
    let parsed: Languages = toml::from_str(text).ok()?;
    Some((parsed.source_language, parsed.languages))
}

/// The working copy of a course, `None` if the course was never published and has no drafts.
pub async fn working_copy(db: &Db, slug: &str) -> Result<Option<WorkingCopy>, StorageError> {
    let latest = courses::latest_version(db, slug).await?;
    let drafts = courses::drafts(db, slug).await?;
    if latest.is_none() && drafts.is_empty() {
        return Ok(None);
    }
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    if let Some(version) = &latest {
        for file in courses::version_files(db, &version.id).await? {
            files.insert(file.path, file.contents);
        }
    }
    let mut changed = BTreeSet::new();
    for draft in &drafts {
        let differs = if draft.deleted {
            files.remove(&draft.path).is_some()
        } else {
            files.insert(draft.path.clone(), draft.contents.clone()).as_ref() != Some(&draft.contents)
        };
        if differs {
            changed.insert(draft.path.clone());
        }
    }
    Ok(Some(WorkingCopy {
        slug: slug.to_string(),
        latest,
        files: files.into_iter().map(|(path, contents)| SourceFile { path, contents }).collect(),
        changed,
        drafts,
    }))
}

/// One row of the trainer's course list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditableCourse {
    pub slug: String,
    pub latest_version: Option<i64>,
    pub has_drafts: bool,
}

/// Every course a trainer may edit: the published ones and those only drafted so far.
pub async fn editable_courses(db: &Db) -> Result<Vec<EditableCourse>, StorageError> {
    let mut by_slug: BTreeMap<String, EditableCourse> = BTreeMap::new();
    for version in courses::latest_versions(db).await? {
        by_slug.insert(
            version.course_slug.clone(),
            EditableCourse { slug: version.course_slug, latest_version: Some(version.version_number), has_drafts: false },
        );
    }
    for slug in courses::slugs_with_drafts(db).await? {
        by_slug
            .entry(slug.clone())
            .or_insert(EditableCourse { slug, latest_version: None, has_drafts: false })
            .has_drafts = true;
    }
    Ok(by_slug.into_values().collect())
}

/// Checks a working copy as `tiltas check` would check it in a folder beside the other
/// courses' published versions (which prerequisites refer to). Only this course's problems are
/// returned, with paths relative to the course folder.
pub async fn check_working_copy(db: &Db, working: &WorkingCopy) -> Result<CourseSet, StorageError> {
    let mut inputs = vec![(working.slug.clone(), working.files.clone())];
    for version in courses::latest_versions(db).await? {
        if version.course_slug != working.slug {
            inputs.push((version.course_slug.clone(), courses::version_files(db, &version.id).await?));
        }
    }
    let mut set = crate::server::off_runtime(move || parse_courses(&inputs)).await;
    let prefix = format!("{}/", working.slug);
    set.diagnostics.retain(|d| d.path.starts_with(&prefix));
    for diagnostic in &mut set.diagnostics {
        diagnostic.path = diagnostic.path[prefix.len()..].to_string();
    }
    set.courses.retain(|c| c.slug == working.slug);
    set.sources.retain(|slug, _| *slug == working.slug);
    Ok(set)
}

/// Publishes the working copy as the course's newest version, or returns every problem that
/// stops it. Nothing is stored when there is any error.
pub async fn publish(db: &Db, slug: &str, user_id: &str) -> Result<ImportOutcome, AuthoringError> {
    let working = working_copy(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    publish_working_copy(db, &working, user_id).await
}

/// Publishes a working copy read earlier (checking it takes a while, and other trainers keep
/// saving meanwhile). The drafts it was read with become the version; a draft saved since stays
/// a draft on top of it. If another version was published since, nothing is published
/// (`PublishedMeanwhile`): this copy does not have that version's changes.
pub async fn publish_working_copy(db: &Db, working: &WorkingCopy, user_id: &str) -> Result<ImportOutcome, AuthoringError> {
    let set = check_working_copy(db, working).await?;
    let Some(course) = set.courses.first().filter(|_| !set.has_errors()) else {
        return Err(AuthoringError::Invalid(set.diagnostics));
    };
    let edited = EditedCourse { files: &working.files, based_on: working.latest.as_ref(), drafts: &working.drafts };
    match publish_course(db, course, edited, user_id).await {
        Err(ImportError::ConcurrentImport { .. }) => Err(AuthoringError::PublishedMeanwhile),
        outcome => Ok(outcome?),
    }
}

/// Saves the editor's text of one file as a draft.
pub async fn save_file(db: &Db, slug: &str, path: &str, text: &str, user_id: &str) -> Result<(), AuthoringError> {
    if working_copy(db, slug).await?.is_none() {
        return Err(AuthoringError::NoSuchCourse);
    }
    if !is_editable_path(path) {
        return Err(AuthoringError::BadFileName);
    }
    let contents = normalise_newlines(text);
    courses::save_drafts(db, slug, &[DraftChange::Write { path, contents: contents.as_bytes() }], user_id).await?;
    Ok(())
}

/// Browsers send textarea text with CRLF line ends; files keep the LF a Git checkout has, so a
/// save that changes nothing does not change the course's fingerprint.
fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Files the editor opens as text: course.toml and module files at the top of the folder.
pub fn is_editable_path(path: &str) -> bool {
    path == "course.toml" || parse_module_file_name(path).is_some()
}

/// Removes a module file from the working copy (published when the course is published).
pub async fn delete_file(db: &Db, slug: &str, path: &str, user_id: &str) -> Result<(), AuthoringError> {
    let working = working_copy(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    if path == "course.toml" || working.file(path).is_none() {
        return Err(AuthoringError::BadFileName);
    }
    courses::save_drafts(db, slug, &[DraftChange::Delete { path }], user_id).await?;
    Ok(())
}

/// Starts a course in the browser: a course.toml and a first module, as drafts.
pub async fn create_course(db: &Db, slug: &str, title: &str, user_id: &str) -> Result<(), AuthoringError> {
    if !is_valid_slug(slug) {
        return Err(AuthoringError::BadFileName);
    }
    if working_copy(db, slug).await?.is_some() {
        return Err(AuthoringError::CourseExists);
    }
    let toml = new_course_toml(title);
    let module = new_module_text("introduction", "Introduction", 1);
    let changes = [
        DraftChange::Write { path: "course.toml", contents: toml.as_bytes() },
        DraftChange::Write { path: "01-introduction.en.md", contents: module.as_bytes() },
    ];
    courses::save_drafts(db, slug, &changes, user_id).await?;
    Ok(())
}

/// Adds a module file from a template. `file_name` is `NN-name.<lang>.md`.
pub async fn add_module(db: &Db, slug: &str, file_name: &str, title: &str, user_id: &str) -> Result<(), AuthoringError> {
    let working = working_copy(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    let name = parse_module_file_name(file_name).ok_or(AuthoringError::BadFileName)?;
    if working.file(file_name).is_some() {
        return Err(AuthoringError::FileExists);
    }
    // The id defaults to the name part of `NN-name`, which is already a valid id.
    let id = name.stem.split_once('-').map_or(name.stem.as_str(), |(_, label)| label);
    let is_translation = working.module_context().source_language.is_some_and(|source| source != name.language);
    let mut text = new_module_text(id, title, name.number);
    if is_translation {
        // Translations must say how far they were checked; a new one starts as a draft.
        text = text.replacen("+++\n\n", "translation_status = \"draft\"\n+++\n\n", 1);
    }
    courses::save_drafts(db, slug, &[DraftChange::Write { path: file_name, contents: text.as_bytes() }], user_id)
        .await?;
    Ok(())
}

/// Replaces a course's working copy with the files of a zip. The course is checked and
/// published separately, so a zip with mistakes can still be fixed in the browser.
pub async fn upload_zip(db: &Db, slug: &str, zip_bytes: Vec<u8>, user_id: &str) -> Result<(), AuthoringError> {
    if !is_valid_slug(slug) {
        return Err(AuthoringError::BadFileName);
    }
    let uploaded = crate::server::off_runtime(move || unzip_course(&zip_bytes)).await?;
    let current = working_copy(db, slug).await?;
    replace_working_copy(db, slug, current.as_ref(), &uploaded, user_id).await
}

/// Replaces the working copy `current`, as read earlier (`None`: the course did not exist),
/// with `uploaded`. If the course changed since it was read, nothing is replaced
/// (`ChangedDuringUpload`): the zip was made without that change and would overwrite it.
pub async fn replace_working_copy(
    db: &Db,
    slug: &str,
    current: Option<&WorkingCopy>,
    uploaded: &[SourceFile],
    user_id: &str,
) -> Result<(), AuthoringError> {
    let mut changes: Vec<DraftChange<'_>> =
        uploaded.iter().map(|f| DraftChange::Write { path: &f.path, contents: &f.contents }).collect();
    // Files of the published version that the zip no longer has are removed.
    let removed = current.iter().flat_map(|working| &working.files).filter(|f| !uploaded.iter().any(|u| u.path == f.path));
    changes.extend(removed.map(|f| DraftChange::Delete { path: &f.path }));
    let version_read = current.and_then(|working| working.latest.as_ref()).map(|version| version.id.as_str());
    let drafts_read = current.map_or(&[][..], |working| &working.drafts);
    if !courses::replace_drafts(db, slug, version_read, drafts_read, &changes, user_id).await? {
        return Err(AuthoringError::ChangedDuringUpload);
    }
    Ok(())
}

/// The course's files as a zip, inside a folder named after the course, ready to unpack into
/// a Git checkout of `courses/`.
pub fn zip_course(slug: &str, files: &[SourceFile]) -> Result<Vec<u8>, AuthoringError> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for file in files {
        writer.start_file(format!("{slug}/{}", file.path), options).map_err(|e| AuthoringError::BadZip(e.to_string()))?;
        writer.write_all(&file.contents).map_err(|e| AuthoringError::BadZip(e.to_string()))?;
    }
    let cursor = writer.finish().map_err(|e| AuthoringError::BadZip(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// The files of an uploaded zip, relative to the course folder. A zip made by zipping the
/// course folder itself (one top-level folder holding course.toml) is unwrapped. Hidden files
/// and folders (`.git`, `__MACOSX`, `.DS_Store`) are left out, as on disk.
pub fn unzip_course(zip_bytes: &[u8]) -> Result<Vec<SourceFile>, AuthoringError> {
    let bad = |message: &str| AuthoringError::BadZip(message.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes)).map_err(|_| bad("the file is not a zip archive"))?;
    if archive.len() > MAX_ZIP_FILES {
        return Err(bad("the zip has too many files"));
    }
    let mut files = Vec::new();
    let mut unpacked: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|_| bad("the zip is damaged"))?;
        if entry.is_dir() {
            continue;
        }
        // `enclosed_name` refuses absolute paths and `..`, so nothing lands outside the course.
        let Some(path) = entry.enclosed_name() else {
            return Err(bad("the zip has a file outside its folder"));
        };
        let path = path.to_string_lossy().replace('\\', "/");
        if path.split('/').any(|part| part.starts_with('.') || part == "__MACOSX") {
            continue;
        }
        let mut contents = Vec::new();
        let limit = MAX_UNPACKED_BYTES - unpacked;
        (&mut entry).take(limit + 1).read_to_end(&mut contents).map_err(|_| bad("the zip is damaged"))?;
        unpacked += contents.len() as u64;
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(bad("the zip unpacks to more than 64 MB"));
        }
        files.push(SourceFile { path, contents });
    }
    let top_folder = files.first().and_then(|f| f.path.split_once('/').map(|(top, _)| format!("{top}/")));
    if let Some(top) = top_folder
        && !files.iter().any(|f| f.path == "course.toml")
        && files.iter().all(|f| f.path.starts_with(&top))
    {
        for file in &mut files {
            file.path = file.path[top.len()..].to_string();
        }
    }
    if !files.iter().any(|f| f.path == "course.toml") {
        return Err(bad("the zip has no course.toml"));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn new_course_toml(title: &str) -> String {
    let title = toml_string(title);
    format!(
        "source_language = \"en\"\n\
         languages = [\"en\"]\n\
         audience = [\"any\"]\n\
         estimated_minutes = 30\n\
         pass_mark = 70\n\
         self_enrolment = true\n\
         prerequisites = []\n\
         \n\
         [certificate]\n\
         awarded = false\n\
         \n\
         [title]\n\
         en = {title}\n\
         \n\
         [summary]\n\
         en = \"Describe in a sentence or two what this course teaches and for whom.\"\n"
    )
}

fn new_module_text(id: &str, title: &str, order: u32) -> String {
    let title_toml = toml_string(title);
    format!(
        "+++\n\
         id = \"{id}\"\n\
         title = {title_toml}\n\
         order = {order}\n\
         estimated_minutes = 10\n\
         objectives = [\"Say what a learner can do after this module.\"]\n\
         +++\n\
         \n\
         # {title}\n\
         \n\
         Write the module here.\n\
         \n\
         ## Sources\n\
         \n\
         - List the sources of the facts taught in this module.\n"
    )
}

/// A TOML basic string, so a title with quotes or backslashes cannot break the file. JSON's
/// string escapes (`\"`, `\\`, `\n`, `\uXXXX`) are all valid in TOML basic strings.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// Throws away every unpublished change to a course. Returns whether the course is still
/// there: one that was never published has nothing left.
pub async fn discard_drafts(db: &Db, slug: &str) -> Result<bool, AuthoringError> {
    let working = working_copy(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    courses::discard_drafts(db, slug).await?;
    Ok(working.latest.is_some())
}

/// The published files of a course as a zip, for trainers who keep courses in Git.
pub async fn published_zip(db: &Db, slug: &str) -> Result<Vec<u8>, AuthoringError> {
    let version = courses::latest_version(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    zip_course(slug, &courses::version_files(db, &version.id).await?)
}

/// One file of a course's working copy, for the editor's preview.
pub async fn working_copy_file(db: &Db, slug: &str, path: &str) -> Result<Vec<u8>, AuthoringError> {
    let working = working_copy(db, slug).await?.ok_or(AuthoringError::NoSuchCourse)?;
    working.file(path).map(|f| f.contents.clone()).ok_or(AuthoringError::NoSuchFile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_round_trips_and_unwraps_the_course_folder() {
        let files = vec![
            SourceFile::new("01-a.en.md", "text"),
            SourceFile::new("course.toml", "x = 1"),
            SourceFile::new("images/map.png", vec![0u8, 1, 2, 255]),
        ];
        let zipped = zip_course("demo", &files).unwrap();
        assert_eq!(unzip_course(&zipped).unwrap(), files);
    }

    #[test]
    fn unzip_skips_hidden_files_and_refuses_what_is_not_a_course() {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (path, text) in [("course.toml", "x"), (".git/HEAD", "ref"), ("__MACOSX/._course.toml", "junk")] {
            writer.start_file(path, options).unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        let zipped = writer.finish().unwrap().into_inner();
        let files = unzip_course(&zipped).unwrap();
        assert_eq!(files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["course.toml"]);

        assert!(matches!(unzip_course(b"not a zip"), Err(AuthoringError::BadZip(_))));
        let empty = zip_course("demo", &[SourceFile::new("notes.txt", "hi")]).unwrap();
        assert!(matches!(unzip_course(&empty), Err(AuthoringError::BadZip(m)) if m.contains("course.toml")));
    }

    #[test]
    fn templates_pass_the_course_check() {
        let files = vec![
            SourceFile::new("course.toml", new_course_toml("A \"quoted\" title")),
            SourceFile::new("01-introduction.en.md", new_module_text("introduction", "Introduction", 1)),
        ];
        let set = parse_courses(&[("new-course".to_string(), files)]);
        assert!(!set.has_errors(), "{:#?}", set.diagnostics);
        assert_eq!(set.courses[0].metadata.title["en"], "A \"quoted\" title");
    }

    #[test]
    fn only_course_toml_and_module_files_are_edited_as_text() {
        assert!(is_editable_path("course.toml"));
        assert!(is_editable_path("02-referral.lt.md"));
        assert!(!is_editable_path("images/map.png"));
        assert!(!is_editable_path("../course.toml"));
        assert_eq!(normalise_newlines("a\r\nb\n"), "a\nb\n");
    }
}
