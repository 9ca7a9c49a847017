//! The Tiltas course format: parsing and validating course folders (`course.toml`
//! plus one Markdown file per module per language), rendering trainer Markdown to
//! safe HTML, grading answers and walking through case scenarios.
//!
//! The format itself is described for trainers in `docs/authoring.md`.
//!
//! Everything except [`fs`] is pure and runs in the browser (wasm32) for the live
//! preview: parsing takes `(path, contents)` pairs, never paths on disk.
//!
//! ```
//! use tiltas_course::{SourceFile, parse_course};
//! let files = vec![SourceFile::new("course.toml", "not = [valid")];
//! let problems = parse_course("demo", &files).unwrap_err();
//! assert!(problems[0].to_string().starts_with("course.toml:1:"));
//! ```

mod assessment;
mod blocks;
mod consistency;
mod course;
mod diagnostic;
mod draw;
mod external_images;
pub mod fs;
mod glossary;
mod grade;
mod hash;
mod ids;
mod links;
mod metadata;
mod model;
mod module;
mod public;
mod render;
mod snippet;
mod tomlfields;
mod traverse;

pub use course::{CourseSet, ModuleCheck, ModuleContext, ParsedCourse, check_module_text, parse_course, parse_courses};
pub use diagnostic::{Code, Diagnostic, Pos, Severity};
pub use draw::{DrawnQuestion, draw_questions};
pub use external_images::{ExternalImageWording, withhold_external_images};
pub use glossary::{GLOSSARY_FILE, Glossary, GlossaryTerm, TermInLanguage, parse_glossary};
pub use grade::{GradeError, OptionResult, QuestionResult, grade_question, meets_pass_mark};
pub use hash::content_hash;
pub use ids::{ModuleFileName, is_valid_id, is_valid_language, is_valid_slug, parse_module_file_name};
pub use model::{
    Assessment, Audience, Block, Branch, Certificate, Choice, Comparison, Condition, Course, CourseMetadata, Ending, GradedScenario, IssuePolicy, Module,
    ModuleMetadata, Outcome, Question, QuestionKind, QuestionOption, Reveal, RichText, Scenario, ScenarioNode,
    SourceFile, Step, TranslationStatus,
};
pub use public::{
    PublicBlock, PublicCourse, PublicModule, PublicQuestion, PublicScenario, PublicStep, public_course, public_module,
    public_question, public_scenario, public_step,
};
pub use links::referenced_files;
pub use render::render_markdown;
pub use traverse::{ChoiceOutcome, PathChoice, ScenarioError, ScenarioState, best_path, choose, start};
