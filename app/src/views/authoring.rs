//! The trainers' course editor: the list of courses, one course, one file.

use serde::{Deserialize, Serialize};
use tiltas_course::{Diagnostic, ModuleContext};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EditorCourseSummary {
    pub slug: String,
    pub title: Option<String>,
    pub latest_version: Option<i64>,
    pub has_drafts: bool,
    /// Removed from the course folder: no longer offered to new learners.
    pub retired: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EditorFileSummary {
    pub path: String,
    pub changed: bool,
    /// Opens in the text editor (course.toml and module files).
    pub editable: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CourseEditorView {
    pub slug: String,
    pub title: Option<String>,
    pub latest_version: Option<i64>,
    pub files: Vec<EditorFileSummary>,
    /// Files of the published version that the working copy removes.
    pub removed: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub has_errors: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileEditorView {
    pub slug: String,
    pub path: String,
    pub text: String,
    pub context: ModuleContext,
    /// The course check's findings for this file. For a module, only those the editor island's
    /// single-file check cannot find itself (a translation that disagrees with its source, an id
    /// used in another module), since the island lists the rest live.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether learners are shown images from other websites, so the preview shows them alike.
    pub allow_external_images: bool,
}

impl FileEditorView {
    pub fn is_module(&self) -> bool {
        self.path.ends_with(".md")
    }
}
