//! Published course versions as course models, cached for the life of the process.

use super::{LearningError, LearningResult};
use crate::domain::external_images::show_external_images;
use crate::server::course_import::StoredCourseMetadata;
use crate::server::storage::{Db, courses};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tiltas_course::{Course, Module};

/// Versions never change, so a parsed version is kept once read. The cache is small: one entry
/// per version in use, and it is emptied if it ever grows past `CACHED_VERSIONS`. It lives in
/// the application state, so each test's state starts empty and nothing is process-wide.
///
/// A version is kept as learners are shown it: with images from other websites replaced by
/// links unless the deployment allows them. The stored version keeps them, so changing the
/// setting needs no new import.
#[derive(Clone, Debug, Default)]
pub struct CourseVersions {
    cache: Arc<Mutex<HashMap<String, Arc<Course>>>>,
    allow_external_images: bool,
}

const CACHED_VERSIONS: usize = 64;

impl CourseVersions {
    pub fn new(allow_external_images: bool) -> CourseVersions {
        CourseVersions { cache: Arc::default(), allow_external_images }
    }

    /// A stored version as the course model: metadata and every module in every language.
    pub async fn load(&self, db: &Db, version_id: &str) -> LearningResult<Arc<Course>> {
        if let Some(course) = self.cache.lock().ok().and_then(|cache| cache.get(version_id).cloned()) {
            return Ok(course);
        }
        let version = courses::version(db, version_id).await?.ok_or(LearningError::NoSuchCourse)?;
        let metadata_json = courses::version_metadata_json(db, version_id).await?.ok_or(LearningError::NoSuchCourse)?;
        let metadata: StoredCourseMetadata =
            serde_json::from_str(&metadata_json).map_err(|e| LearningError::Corrupt(e.to_string()))?;
        let mut modules: BTreeMap<String, Vec<Module>> = BTreeMap::new();
        for row in courses::all_version_modules(db, version_id).await? {
            let mut module: Module =
                serde_json::from_str(&row.content_json).map_err(|e| LearningError::Corrupt(e.to_string()))?;
            show_external_images(&mut module, self.allow_external_images);
            modules.entry(row.language).or_default().push(module);
        }
        let course = Arc::new(Course {
            slug: version.course_slug,
            content_hash: version.content_hash,
            metadata: metadata.metadata,
            modules,
        });
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHED_VERSIONS {
                cache.clear();
            }
            cache.insert(version_id.to_string(), course.clone());
        }
        Ok(course)
    }

    /// The newest version of one course, whether or not it is retired.
    pub async fn latest(&self, db: &Db, slug: &str) -> LearningResult<Arc<Course>> {
        let version = courses::latest_version(db, slug).await?.ok_or(LearningError::NoSuchCourse)?;
        self.load(db, &version.id).await
    }

    /// The newest version of every published course that is not retired, in slug order.
    pub async fn published(&self, db: &Db) -> LearningResult<Vec<Arc<Course>>> {
        let retired = courses::retired_slugs(db).await?;
        let mut out = Vec::new();
        for version in courses::latest_versions(db).await?.into_iter().filter(|v| !retired.contains(&v.course_slug)) {
            out.push(self.load(db, &version.id).await?);
        }
        Ok(out)
    }
}
