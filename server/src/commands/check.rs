//! `tiltas check <dir>`: validate a course folder, or a folder of courses, and print every
//! problem like a compiler (`path:line:column: error: message`). Exits non-zero on any error,
//! so it can guard a Git repository of courses in CI.

use super::CommandError;
use std::path::Path;
use tiltas_course::fs::{load_course_dir, load_courses_root};

pub fn run(path: &Path) -> Result<(), CommandError> {
    if !path.is_dir() {
        return Err(CommandError::Invalid(format!("{} is not a folder", path.display())));
    }
    let (diagnostics, courses) = if path.join("course.toml").is_file() {
        match load_course_dir(path) {
            Ok(parsed) => (parsed.warnings, vec![parsed.course]),
            Err(diagnostics) => (diagnostics, Vec::new()),
        }
    } else {
        let set = load_courses_root(path);
        (set.diagnostics, set.courses)
    };
    for diagnostic in &diagnostics {
        println!("{diagnostic}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    for course in &courses {
        let module_files: usize = course.modules.values().map(Vec::len).sum();
        println!("ok: {} ({module_files} module files, {} points)", course.slug, course.max_points());
    }
    println!("{errors} error(s), {} warning(s)", diagnostics.len() - errors);
    if errors > 0 { Err(CommandError::Invalid(format!("{errors} error(s) in {}", path.display()))) } else { Ok(()) }
}
