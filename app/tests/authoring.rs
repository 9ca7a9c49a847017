//! The browser editor's service on a real SQLite file and a real PostgreSQL database: drafts
//! over the published files, publishing through the importer (refused while there are errors),
//! a restart that must not undo a browser edit, new courses and modules, and zip round trips.

use tiltas_app::domain::roles::Role;
use tiltas_app::server::authoring::{self, AuthoringError};
use tiltas_app::server::course_import::{ImportOutcome, import_courses};
use tiltas_app::server::storage::Db;
use tiltas_app::server::storage::courses::{self, VersionOrigin};
use tiltas_app::server::testing::{app_state, fixture_courses, import_fixture_courses, on_both_backends, person};
use tiltas_course::SourceFile;

const COURSE: &str = "spotting-exploitation";
const MODULE: &str = "02-indicators.en.md";
const TRANSLATION: &str = "01-what-exploitation-is.lt.md";
const QUESTION_LINE: &str = "::: question indicators-not-proof";

fn text_of(file: &SourceFile) -> String {
    String::from_utf8(file.contents.clone()).unwrap()
}

async fn module_text(db: &Db) -> String {
    text_of(authoring::working_copy(db, COURSE).await.unwrap().unwrap().file(MODULE).unwrap())
}

#[tokio::test]
async fn an_edit_is_checked_published_as_a_new_version_and_survives_a_restart() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let user = person(&db, "trainer@example.lt", Role::Trainer).await;
        let original = module_text(&db).await;
        let error_line = original.lines().position(|l| l == QUESTION_LINE).unwrap() + 2;

        // A line the question syntax does not allow, right after the question's first line.
        let broken = original.replacen(QUESTION_LINE, &format!("{QUESTION_LINE}\nnot a kind line"), 1);
        authoring::save_file(&db, COURSE, MODULE, &broken.replace('\n', "\r\n"), &user).await.unwrap();
        let working = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        assert!(text_of(working.file(MODULE).unwrap()) == broken, "CRLF from the browser is stored as LF");
        assert!(working.changed.contains(MODULE));
        match authoring::publish(&db, COURSE, &user).await {
            Err(AuthoringError::Invalid(problems)) => {
                let problem = problems.iter().find(|d| d.is_error()).unwrap();
                assert_eq!((problem.path.as_str(), problem.line as usize), (MODULE, error_line), "{problem}");
            }
            other => panic!("publishing a broken module must fail, got {other:?}"),
        }
        assert_eq!(courses::list_versions(&db, COURSE).await.unwrap().len(), 1, "nothing is half-published");

        let fixed = original.replacen("may not say so at a first meeting", "might not say so at a first meeting", 1);
        assert!(fixed != original, "the fixture module no longer has the sentence this test edits");
        authoring::save_file(&db, COURSE, MODULE, &fixed, &user).await.unwrap();
        assert_eq!(authoring::publish(&db, COURSE, &user).await.unwrap(), ImportOutcome::Created { version: 2 });
        let working = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        assert!(working.changed.is_empty(), "drafts became the version");
        assert_eq!(working.latest.as_ref().map(|v| v.origin.code()), Some("editor"));
        let stored = courses::version_files(&db, &working.latest.unwrap().id).await.unwrap();
        assert!(text_of(stored.iter().find(|f| f.path == MODULE).unwrap()) == fixed, "the version holds the edited file");

        // A restart imports the unchanged folder: the browser edit stays the newest version.
        let report = import_courses(&db, &fixture_courses(), |_| {}).await.unwrap();
        let outcome = report.courses.iter().find(|c| c.slug == COURSE).unwrap().outcome;
        assert_eq!(outcome, ImportOutcome::Unchanged { version: 2 });
        let from_folder = courses::latest_version_from(&db, COURSE, VersionOrigin::Folder).await.unwrap().unwrap();
        assert_eq!(from_folder.version_number, 1);

        // Publishing with nothing changed creates nothing.
        assert_eq!(authoring::publish(&db, COURSE, &user).await.unwrap(), ImportOutcome::Unchanged { version: 2 });
    })
    .await;
}

#[tokio::test]
async fn a_course_started_in_the_browser_is_a_draft_until_published() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let user = person(&db, "trainer@example.lt", Role::Trainer).await;
        authoring::create_course(&db, "labour-inspections", "Labour inspections", &user).await.unwrap();
        assert!(matches!(
            authoring::create_course(&db, "labour-inspections", "Again", &user).await,
            Err(AuthoringError::CourseExists)
        ));
        assert!(matches!(
            authoring::create_course(&db, "Not A Slug", "Title", &user).await,
            Err(AuthoringError::BadFileName)
        ));
        let listed = authoring::editable_courses(&db).await.unwrap();
        let new_course = listed.iter().find(|c| c.slug == "labour-inspections").unwrap();
        assert_eq!((new_course.latest_version, new_course.has_drafts), (None, true));

        authoring::add_module(&db, "labour-inspections", "02-warning-signs.en.md", "Warning signs", &user).await.unwrap();
        assert!(matches!(
            authoring::add_module(&db, "labour-inspections", "02-warning-signs.en.md", "Twice", &user).await,
            Err(AuthoringError::FileExists)
        ));
        assert!(matches!(
            authoring::add_module(&db, "labour-inspections", "warning signs.md", "Bad", &user).await,
            Err(AuthoringError::BadFileName)
        ));
        assert_eq!(
            authoring::publish(&db, "labour-inspections", &user).await.unwrap(),
            ImportOutcome::Created { version: 1 }
        );
        let versions = courses::list_versions(&db, "labour-inspections").await.unwrap();
        let modules = courses::version_modules(&db, &versions[0].id, "en").await.unwrap();
        let titles: Vec<_> = modules.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["Introduction", "Warning signs"]);
    })
    .await;
}

#[tokio::test]
async fn a_downloaded_zip_uploads_again_and_a_missing_file_is_removed() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let user = person(&db, "trainer@example.lt", Role::Trainer).await;
        let published = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        let zipped = authoring::zip_course(COURSE, &published.files).unwrap();

        // The same files under another id make an identical course.
        authoring::upload_zip(&db, "spotting-copy", zipped, &user).await.unwrap();
        let copy = authoring::working_copy(&db, "spotting-copy").await.unwrap().unwrap();
        assert_eq!(copy.files, published.files);

        // A zip without one translation removes that file from the working copy, and the check
        // then reports the missing translation instead of publishing a course without it.
        let without: Vec<SourceFile> =
            published.files.iter().filter(|f| f.path != TRANSLATION).cloned().collect();
        authoring::upload_zip(&db, COURSE, authoring::zip_course(COURSE, &without).unwrap(), &user).await.unwrap();
        let working = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        assert!(working.file(TRANSLATION).is_none());
        assert!(working.changed.contains(TRANSLATION));
        let problems = match authoring::publish(&db, COURSE, &user).await {
            Err(AuthoringError::Invalid(problems)) => problems,
            other => panic!("a missing translation must stop publishing, got {other:?}"),
        };
        let missing = problems.iter().find(|d| d.is_error() && d.path.starts_with("01-what-exploitation-is"));
        assert!(missing.is_some_and(|d| d.message.contains("lt")), "{:?}", problems.iter().map(|d| d.to_string()).collect::<Vec<_>>());

        assert!(matches!(authoring::upload_zip(&db, COURSE, b"PK not really".to_vec(), &user).await, Err(AuthoringError::BadZip(_))));
        courses::discard_drafts(&db, COURSE).await.unwrap();
        assert!(!authoring::working_copy(&db, COURSE).await.unwrap().unwrap().has_unpublished_changes());
    })
    .await;
}

#[tokio::test]
async fn a_course_removed_from_the_folder_is_retired_and_comes_back_when_restored() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let user = person(&db, "trainer@example.lt", Role::Trainer).await;
        authoring::create_course(&db, "browser-only", "Made in the browser", &user).await.unwrap();
        authoring::publish(&db, "browser-only", &user).await.unwrap();

        let mut without = fixture_courses();
        without.courses.retain(|c| c.slug != "legal-duties");
        let report = import_courses(&db, &without, |_| {}).await.unwrap();
        assert_eq!(report.retired, ["legal-duties"], "courses made in the browser are not the folder's to retire");
        let offered: Vec<String> =
            app_state(&db).versions.published(&db).await.unwrap().into_iter().map(|c| c.slug.clone()).collect();
        assert!(!offered.contains(&"legal-duties".to_string()) && offered.contains(&"browser-only".to_string()));

        let report = import_courses(&db, &fixture_courses(), |_| {}).await.unwrap();
        assert!(report.retired.is_empty());
        assert_eq!(courses::retired_slugs(&db).await.unwrap(), Vec::<String>::new(), "restored to the folder, offered again");
    })
    .await;
}

/// The module text with one sentence of the fixture reworded as `wording`.
fn reworded(original: &str, wording: &str) -> String {
    let edited = original.replacen("may not say so at a first meeting", wording, 1);
    assert!(edited != original, "the fixture module no longer has the sentence this test edits");
    edited
}

async fn stored_module_text(db: &Db, version: &courses::CourseVersion) -> String {
    text_of(courses::version_files(db, &version.id).await.unwrap().iter().find(|f| f.path == MODULE).unwrap())
}

/// Publishing reads the working copy, checks it (which takes a while) and stores it; trainers
/// keep saving meanwhile. The steps run here one by one, with the other trainer's saves and
/// publications in between, as they would interleave on a busy server.
#[tokio::test]
async fn drafts_saved_while_publishing_stay_and_a_publication_in_between_is_not_undone() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let ona = person(&db, "ona@example.lt", Role::Trainer).await;
        let jonas = person(&db, "jonas@example.lt", Role::Trainer).await;
        let original = module_text(&db).await;
        let toml = text_of(authoring::working_copy(&db, COURSE).await.unwrap().unwrap().file("course.toml").unwrap());

        let ona_edit = reworded(&original, "might not say so at a first meeting");
        authoring::save_file(&db, COURSE, MODULE, &ona_edit, &ona).await.unwrap();
        let read_by_ona = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        // While Ona's publication checks what it read, Jonas edits the same module again and
        // another file.
        let jonas_edit = reworded(&original, "will rarely say so at a first meeting");
        authoring::save_file(&db, COURSE, MODULE, &jonas_edit, &jonas).await.unwrap();
        let longer = toml.replacen("estimated_minutes = 40", "estimated_minutes = 45", 1);
        authoring::save_file(&db, COURSE, "course.toml", &longer, &jonas).await.unwrap();
        let published = authoring::publish_working_copy(&db, &read_by_ona, &ona).await.unwrap();
        assert_eq!(published, ImportOutcome::Created { version: 2 });

        let working = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        let version_2 = working.latest.clone().unwrap();
        assert!(stored_module_text(&db, &version_2).await == ona_edit, "the version holds what Ona published");
        assert!(text_of(working.file(MODULE).unwrap()) == jonas_edit, "Jonas's later edit is still a draft");
        assert!(text_of(working.file("course.toml").unwrap()) == longer, "and so is his other file");
        assert_eq!(working.changed.iter().map(String::as_str).collect::<Vec<_>>(), ["02-indicators.en.md", "course.toml"]);

        // Ona reads again; before her publication is stored, Jonas changes the module once more
        // and publishes. Ona's copy lacks that change, so it must not become the newest version.
        let read_by_ona = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        let jonas_last = reworded(&original, "often does not say so at a first meeting");
        authoring::save_file(&db, COURSE, MODULE, &jonas_last, &jonas).await.unwrap();
        assert_eq!(authoring::publish(&db, COURSE, &jonas).await.unwrap(), ImportOutcome::Created { version: 3 });
        let refused = authoring::publish_working_copy(&db, &read_by_ona, &ona).await;
        assert!(matches!(refused, Err(AuthoringError::PublishedMeanwhile)), "{refused:?}");
        let latest = courses::latest_version(&db, COURSE).await.unwrap().unwrap();
        assert_eq!(latest.version_number, 3);
        assert!(stored_module_text(&db, &latest).await == jonas_last, "Jonas's publication stays the newest");
    })
    .await;
}

#[tokio::test]
async fn a_zip_does_not_replace_a_course_that_changed_while_it_was_uploaded() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let ona = person(&db, "ona@example.lt", Role::Trainer).await;
        let jonas = person(&db, "jonas@example.lt", Role::Trainer).await;
        let original = module_text(&db).await;
        let published = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        let uploaded: Vec<SourceFile> = published.files.iter().filter(|f| f.path != TRANSLATION).cloned().collect();

        // Ona's upload reads the working copy; Jonas saves an edit before the zip is stored.
        let read_for_upload = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        let jonas_edit = reworded(&original, "will rarely say so at a first meeting");
        authoring::save_file(&db, COURSE, MODULE, &jonas_edit, &jonas).await.unwrap();
        let refused = authoring::replace_working_copy(&db, COURSE, Some(&read_for_upload), &uploaded, &ona).await;
        assert!(matches!(refused, Err(AuthoringError::ChangedDuringUpload)), "{refused:?}");
        let working = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        assert!(text_of(working.file(MODULE).unwrap()) == jonas_edit, "Jonas's edit is kept");
        assert!(working.file(TRANSLATION).is_some(), "and nothing of the zip was stored");

        // A version published in between refuses the upload as well.
        let read_for_upload = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        authoring::publish(&db, COURSE, &jonas).await.unwrap();
        let refused = authoring::replace_working_copy(&db, COURSE, Some(&read_for_upload), &uploaded, &ona).await;
        assert!(matches!(refused, Err(AuthoringError::ChangedDuringUpload)), "{refused:?}");

        // Read again, the zip replaces the working copy.
        let current = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        authoring::replace_working_copy(&db, COURSE, Some(&current), &uploaded, &ona).await.unwrap();
        let working = authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
        assert!(working.file(TRANSLATION).is_none() && text_of(working.file(MODULE).unwrap()) == original);
    })
    .await;
}
