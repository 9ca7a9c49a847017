//! `tiltas check <dir>`: validate a course folder, or a folder of courses, and print every
//! problem like a compiler (`path:line:column: error: message`). Exits non-zero on any error,
//! so it can guard a Git repository of courses in CI. `tiltas import` prints its check the
//! same way, through [`report`].

use super::CommandError;
use std::path::Path;
use tiltas_course::CourseSet;
use tiltas_course::fs::{load_course_dir, load_courses_root};

pub fn run(path: &Path) -> Result<(), CommandError> {
    require_folder(path)?;
    let set = if is_course_folder(path) {
        match load_course_dir(path) {
            Ok(parsed) => CourseSet {
                courses: vec![parsed.course],
                diagnostics: parsed.warnings,
                sources: Default::default(),
                glossary: None,
            },
            Err(diagnostics) => CourseSet { courses: Vec::new(), diagnostics, sources: Default::default(), glossary: None },
        }
    } else {
        load_courses_root(path)
    };
    report(&set, path)
}

pub fn require_folder(path: &Path) -> Result<(), CommandError> {
    if path.is_dir() { Ok(()) } else { Err(CommandError::Invalid(format!("{} is not a folder", path.display()))) }
}

/// One course's folder, as opposed to a folder of courses.
pub fn is_course_folder(path: &Path) -> bool {
    path.join("course.toml").is_file()
}

/// Prints every diagnostic, a line per course without errors and the totals; fails if any
/// diagnostic is an error. `path` is the folder that was checked, for the error message.
pub fn report(set: &CourseSet, path: &Path) -> Result<(), CommandError> {
    for diagnostic in &set.diagnostics {
        println!("{diagnostic}");
    }
    let errors = set.diagnostics.iter().filter(|d| d.is_error()).count();
    for course in &set.courses {
        let module_files: usize = course.modules.values().map(Vec::len).sum();
        println!("ok: {} ({module_files} module files, {} points)", course.slug, course.max_points());
    }
    println!("{errors} error(s), {} warning(s)", set.diagnostics.len() - errors);
    if errors > 0 { Err(CommandError::Invalid(format!("{errors} error(s) in {}", path.display()))) } else { Ok(()) }
}
