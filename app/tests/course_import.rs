//! Importing the Markdown courses into versions, on a real SQLite file and a real PostgreSQL
//! database: first import, re-import, a changed module, a broken folder, and unsafe HTML.

use std::path::{Path, PathBuf};
use tiltas_app::server::course_import::{
    CourseImport, ImportError, ImportOutcome, ImportReport, StoredCourseMetadata, import_courses,
};
use tiltas_app::server::storage::courses::{self, NewCourseVersion, NewVersionModule, VersionOrigin};
use tiltas_app::server::storage::{Db, StorageError};
use tiltas_app::server::testing::{checked_courses, fixture_courses, fixture_courses_dir, on_both_backends};
use tiltas_course::fs::load_courses_root;
use tiltas_course::{CourseSet, Module};

const FIXTURE_SLUGS: [&str; 4] = ["assisting-survivors", "first-contact", "legal-duties", "spotting-exploitation"];
/// The course, module and file the tests below change.
const CHANGED_COURSE: &str = "spotting-exploitation";
const CHANGED_MODULE: &str = "what-exploitation-is";
const CHANGED_MODULE_FILE: &str = "spotting-exploitation/01-what-exploitation-is.en.md";
const ORIGINAL_SENTENCE: &str = "You do not have to prove a crime on the spot.";
const CHANGED_SENTENCE: &str = "You never have to prove a crime on the spot.";

/// A copy of the fixture courses that a test may edit; removed when dropped.
struct CourseFolder {
    root: PathBuf,
}

impl CourseFolder {
    fn copy_of_fixtures() -> CourseFolder {
        let root = std::env::temp_dir().join(format!("tiltas-courses-{}", uuid::Uuid::new_v4()));
        copy_dir(&fixture_courses_dir(), &root);
        CourseFolder { root }
    }

    /// Replaces the first `from` in a file; fails if the fixture no longer contains it,
    /// so that a test never passes because its edit silently did nothing.
    fn replace(&self, file: &str, from: &str, to: &str) {
        let path = self.root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} no longer contains {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn load(&self) -> CourseSet {
        load_courses_root(&self.root)
    }
}

impl Drop for CourseFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

async fn import(db: &Db, set: &CourseSet) -> ImportReport {
    import_courses(db, set, |_| {}).await.unwrap()
}

fn outcomes(report: &ImportReport) -> Vec<(&str, ImportOutcome)> {
    report.courses.iter().map(|c| (c.slug.as_str(), c.outcome)).collect()
}

async fn version_numbers(db: &Db, slug: &str) -> Vec<i64> {
    courses::list_versions(db, slug).await.unwrap().iter().map(|v| v.version_number).collect()
}

/// The stored JSON of one module of one version.
async fn module_json(db: &Db, slug: &str, version_number: i64, language: &str, module_id: &str) -> String {
    let versions = courses::list_versions(db, slug).await.unwrap();
    let version = versions.iter().find(|v| v.version_number == version_number).expect("version exists");
    let modules = courses::version_modules(db, &version.id, language).await.unwrap();
    modules.into_iter().find(|m| m.module_id == module_id).expect("module exists").content_json
}

/// Every `html` string anywhere in a stored module: all text a learner's page will insert.
fn stored_html(content_json: &str) -> Vec<String> {
    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(fields) => {
                for (key, field) in fields {
                    match field {
                        serde_json::Value::String(html) if key == "html" => out.push(html.clone()),
                        _ => collect(field, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    collect(&serde_json::from_str(content_json).unwrap(), &mut out);
    out
}

#[tokio::test]
async fn importing_the_fixture_courses_creates_version_one_of_each() {
    on_both_backends(|db| async move {
        let set = fixture_courses();
        let mut progress_lines = Vec::new();
        let report = import_courses(&db, &set, |progress| progress_lines.push(progress.to_string())).await.unwrap();

        let created_one = ImportOutcome::Created { version: 1 };
        assert_eq!(outcomes(&report), FIXTURE_SLUGS.iter().map(|slug| (*slug, created_one)).collect::<Vec<_>>());
        assert_eq!(progress_lines[3], "[4/4] spotting-exploitation: new version 1");
        assert_eq!(progress_lines.len(), 4);

        let latest = courses::latest_versions(&db).await.unwrap();
        assert_eq!(latest.len(), 4);
        for (version, course) in latest.iter().zip(&set.courses) {
            assert_eq!((version.course_slug.as_str(), version.version_number), (course.slug.as_str(), 1));
            assert_eq!(version.content_hash, course.content_hash);
            let metadata = courses::version_metadata_json(&db, &version.id).await.unwrap().unwrap();
            assert_eq!(serde_json::from_str::<StoredCourseMetadata>(&metadata).unwrap(), StoredCourseMetadata::of(course));
            // Every module in every language comes back exactly as parsed, answer key included.
            for (language, modules) in &course.modules {
                let stored = courses::version_modules(&db, &version.id, language).await.unwrap();
                assert_eq!(stored.len(), modules.len(), "{} {language}", course.slug);
                for ((row, module), position) in stored.iter().zip(modules).zip(1..) {
                    assert_eq!((row.module_id.as_str(), row.title.as_str()), (module.id.as_str(), module.metadata.title.as_str()));
                    assert_eq!(row.position, position);
                    assert_eq!(&serde_json::from_str::<Module>(&row.content_json).unwrap(), module);
                }
            }
        }
    })
    .await;
}

/// Instances sharing one PostgreSQL all import the folder at start-up, possibly at the same
/// moment: one version per course, and neither import fails.
#[tokio::test]
async fn importing_at_the_same_moment_stores_one_version_per_course() {
    on_both_backends(|db| async move {
        let set = fixture_courses();
        let (one, other) = tokio::join!(import_courses(&db, &set, |_| {}), import_courses(&db, &set, |_| {}));
        let (one, other) = (one.unwrap(), other.unwrap());
        for slug in FIXTURE_SLUGS {
            assert_eq!(version_numbers(&db, slug).await, vec![1], "{slug}");
            let outcome_of = |report: &ImportReport| report.courses.iter().find(|c| c.slug == slug).unwrap().outcome;
            let mut outcomes = [outcome_of(&one), outcome_of(&other)];
            outcomes.sort_by_key(|outcome| matches!(outcome, ImportOutcome::Unchanged { .. }));
            assert_eq!(outcomes, [ImportOutcome::Created { version: 1 }, ImportOutcome::Unchanged { version: 1 }], "{slug}");
        }
    })
    .await;
}

#[tokio::test]
async fn reimporting_unchanged_courses_writes_nothing() {
    on_both_backends(|db| async move {
        let set = fixture_courses();
        import(&db, &set).await;
        let before = courses::latest_versions(&db).await.unwrap();

        let mut progress_lines = Vec::new();
        let again = import_courses(&db, &fixture_courses(), |p| progress_lines.push(p.to_string()))
            .await
            .unwrap();
        let unchanged_one = ImportOutcome::Unchanged { version: 1 };
        assert_eq!(outcomes(&again), FIXTURE_SLUGS.iter().map(|slug| (*slug, unchanged_one)).collect::<Vec<_>>());
        assert_eq!(progress_lines[0], "[1/4] assisting-survivors: unchanged (version 1)");
        assert_eq!(courses::latest_versions(&db).await.unwrap(), before);
        for slug in FIXTURE_SLUGS {
            assert_eq!(version_numbers(&db, slug).await, vec![1]);
        }
    })
    .await;
}

#[tokio::test]
async fn changing_one_module_adds_a_version_of_that_course_only_and_keeps_the_old_one() {
    on_both_backends(|db| async move {
        let folder = CourseFolder::copy_of_fixtures();
        import(&db, &folder.load()).await;
        let first = module_json(&db, CHANGED_COURSE, 1, "en", CHANGED_MODULE).await;

        folder.replace(CHANGED_MODULE_FILE, ORIGINAL_SENTENCE, CHANGED_SENTENCE);
        let report = import(&db, &folder.load()).await;
        assert_eq!(
            outcomes(&report),
            vec![
                ("assisting-survivors", ImportOutcome::Unchanged { version: 1 }),
                ("first-contact", ImportOutcome::Unchanged { version: 1 }),
                ("legal-duties", ImportOutcome::Unchanged { version: 1 }),
                (CHANGED_COURSE, ImportOutcome::Created { version: 2 }),
            ]
        );
        assert_eq!(version_numbers(&db, CHANGED_COURSE).await, vec![1, 2]);
        for slug in FIXTURE_SLUGS.iter().filter(|slug| **slug != CHANGED_COURSE) {
            assert_eq!(version_numbers(&db, slug).await, vec![1], "{slug}");
        }

        let first_after = module_json(&db, CHANGED_COURSE, 1, "en", CHANGED_MODULE).await;
        assert_eq!(first_after, first, "version 1 must stay as it was imported");
        assert!(stored_html(&first_after).iter().any(|html| html.contains(ORIGINAL_SENTENCE)));
        let second = module_json(&db, CHANGED_COURSE, 2, "en", CHANGED_MODULE).await;
        assert!(stored_html(&second).iter().any(|html| html.contains(CHANGED_SENTENCE)));
        assert!(!second.contains(ORIGINAL_SENTENCE));
    })
    .await;
}

#[tokio::test]
async fn reverting_a_change_publishes_the_earlier_files_as_the_newest_version() {
    on_both_backends(|db| async move {
        let folder = CourseFolder::copy_of_fixtures();
        import(&db, &folder.load()).await;
        folder.replace(CHANGED_MODULE_FILE, ORIGINAL_SENTENCE, CHANGED_SENTENCE);
        import(&db, &folder.load()).await;
        folder.replace(CHANGED_MODULE_FILE, CHANGED_SENTENCE, ORIGINAL_SENTENCE);

        let report = import(&db, &folder.load()).await;
        assert!(report.courses.contains(&CourseImport {
            slug: CHANGED_COURSE.into(),
            outcome: ImportOutcome::Created { version: 3 }
        }));
        let versions = courses::list_versions(&db, CHANGED_COURSE).await.unwrap();
        assert_eq!(versions[2].content_hash, versions[0].content_hash);
        assert_ne!(versions[1].content_hash, versions[0].content_hash);
        let newest = module_json(&db, CHANGED_COURSE, 3, "en", CHANGED_MODULE).await;
        assert!(stored_html(&newest).iter().any(|html| html.contains(ORIGINAL_SENTENCE)));
    })
    .await;
}

#[tokio::test]
async fn a_course_set_with_an_error_imports_nothing() {
    on_both_backends(|db| async move {
        let folder = CourseFolder::copy_of_fixtures();
        // One broken module in one course; the other three courses are fine on their own.
        folder.replace(CHANGED_MODULE_FILE, "+++\nid = ", "id = ");
        let set = folder.load();
        assert!(set.has_errors());
        assert_eq!(set.courses.len(), 3, "the three other courses still parse");

        let refused = import_courses(&db, &set, |_| panic!("no course may be imported")).await;
        assert!(matches!(refused, Err(ImportError::InvalidCourses { errors }) if errors > 0), "{refused:?}");
        assert!(courses::latest_versions(&db).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn stored_html_never_contains_scripts() {
    on_both_backends(|db| async move {
        let folder = CourseFolder::copy_of_fixtures();
        let heading = "# What exploitation is\n";
        let payload = "<script>alert(1)</script>";
        folder.replace(CHANGED_MODULE_FILE, heading, &format!("{heading}\n{payload}\n\nText after the script.\n"));
        import(&db, &checked_courses(&folder.root)).await;

        let stored = module_json(&db, CHANGED_COURSE, 1, "en", CHANGED_MODULE).await;
        let module: Module = serde_json::from_str(&stored).unwrap();
        // The payload did reach the stored module (as the trainer's Markdown) ...
        assert!(module.blocks.iter().any(|block| matches!(block, tiltas_course::Block::Markdown(text) if text.markdown.contains(payload))));
        // ... but none of the HTML a page will insert carries it.
        let html = stored_html(&stored);
        assert!(html.iter().any(|html| html.contains("Text after the script.")));
        assert!(html.iter().all(|html| !html.to_ascii_lowercase().contains("<script")), "{html:#?}");
    })
    .await;
}

#[tokio::test]
async fn a_version_is_stored_whole_or_not_at_all() {
    on_both_backends(|db| async move {
        let module = |module_id: &str| NewVersionModule {
            module_id: module_id.into(),
            language: "en".into(),
            position: 1,
            title: "Title".into(),
            content_json: "{}".into(),
        };
        let version = |version_number, modules| NewCourseVersion {
            course_slug: "demo",
            version_number,
            content_hash: "hash",
            metadata_json: "{}",
            modules,
            files: &[],
            origin: VersionOrigin::Folder,
            published_by: None,
            drafts_published: &[],
        };
        // The second module row collides with the first, after the course and version rows
        // were written: the transaction must take them back too.
        let twice = [module("intro"), module("intro")];
        let failed = courses::insert_version(&db, version(1, &twice)).await;
        assert!(matches!(failed, Err(StorageError::UniqueViolation)), "{failed:?}");
        assert!(courses::latest_version(&db, "demo").await.unwrap().is_none());
        let (course_rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM courses").fetch_one(db.pool()).await.unwrap();
        assert_eq!(course_rows, 0);

        // A version number already taken, as when two instances import at the same moment.
        let once = [module("intro")];
        courses::insert_version(&db, version(1, &once)).await.unwrap();
        let taken = courses::insert_version(&db, version(1, &once)).await;
        assert!(matches!(taken, Err(StorageError::UniqueViolation)), "{taken:?}");
        assert_eq!(version_numbers(&db, "demo").await, vec![1]);
    })
    .await;
}

#[tokio::test]
async fn the_glossary_is_imported_with_the_courses_and_removed_with_its_file() {
    on_both_backends(|db| async move {
        let state = tiltas_app::server::testing::app_state(&db);
        import(&db, &fixture_courses()).await;
        let glossary = state.glossary.current(&db).await.unwrap();
        let ids: Vec<&str> = glossary.terms.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["trafficking", "harbouring"]);
        assert_eq!(glossary.terms[1].languages["lt"].avoid, ["laikymas ar priėm"]);

        let without_glossary = CourseSet { glossary: None, ..fixture_courses() };
        import(&db, &without_glossary).await;
        // A running instance asks again at most once a second (`glossary::RECHECK_AFTER`).
        tokio::time::sleep(tiltas_app::server::learning::glossary::RECHECK_AFTER).await;
        assert!(state.glossary.current(&db).await.unwrap().terms.is_empty(), "the removal is seen by a running instance");
    })
    .await;
}
