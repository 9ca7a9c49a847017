//! Compiler-style diagnostics: what went wrong, where, and how a trainer can fix it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a [`Diagnostic`] is. Any error stops a course from being published;
/// warnings are shown but do not block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
}

/// A stable, machine-readable name for each kind of problem, so that tools (the
/// editor, the tests, the authoring guide) do not have to match on message text,
/// which we want to be free to improve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A file could not be read (file-system loader only).
    Io,
    /// A symbolic link in a course folder, which is never followed (file-system loader only).
    Symlink,
    /// A file is not valid UTF-8 text.
    NotUtf8,
    /// Markdown or HTML nested deeper than anyone writes by hand (and slow to clean).
    TooDeep,
    /// The course folder name is not a valid course id.
    BadSlug,
    /// `course.toml` is missing.
    MissingCourseToml,
    /// TOML syntax error in `course.toml` or a module's front matter.
    TomlSyntax,
    /// A module does not start with `+++` front matter, or it is never closed.
    FrontMatter,
    /// A key that the format does not know.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value has the wrong type or is out of range.
    InvalidValue,
    /// A course folder without any module file.
    NoModules,
    /// A Markdown file whose name is not `NN-name.<lang>.md`.
    BadFileName,
    /// A module file in a language that `course.toml` does not list.
    LanguageNotListed,
    /// A module exists in one language but not in another listed language.
    MissingTranslation,
    /// A translation lacks `translation_status`.
    TranslationStatusMissing,
    /// The source-language file has `translation_status`.
    TranslationStatusForbidden,
    /// A translation's structure (ids, answer key, scenario graph) differs from the source.
    TranslationMismatch,
    /// An id is used twice where it must be unique.
    DuplicateId,
    /// An id that is empty or contains characters other than letters, digits, `-`, `_`.
    BadId,
    /// A `:::` block that is never closed.
    UnterminatedBlock,
    /// A closing `:::` with no open block.
    StrayBlockEnd,
    /// `::: something` where something is not `question` or `scenario`.
    UnknownBlock,
    /// A line inside a question block that does not fit the question syntax.
    QuestionSyntax,
    /// A question without prompt text.
    EmptyPrompt,
    /// A question without options.
    NoOptions,
    /// An option without text.
    EmptyOption,
    /// A question with no option marked `[x]`.
    NoCorrectOption,
    /// A single or true-false question with more than one `[x]`.
    TooManyCorrect,
    /// A true-false question without exactly two options.
    TrueFalseOptions,
    /// A line inside a scenario block that does not fit the scenario syntax.
    ScenarioSyntax,
    /// A step or ending without narrative text.
    EmptyNarrative,
    /// A step without choices.
    NoChoices,
    /// A scenario choice without its `feedback:` line.
    ChoiceWithoutFeedback,
    /// `start`, a choice or a branch points to a step that does not exist.
    MissingTarget,
    /// A step, branch or ending that cannot be reached from `start`.
    Unreachable,
    /// A scenario without any `@ending`.
    NoEnding,
    /// A step or branch from which no ending can be reached.
    NoWayOut,
    /// A `@branch` without `else`.
    BranchWithoutElse,
    /// Branches that point to each other in a circle without any step in between.
    BranchLoop,
    /// The module lacks a `## Sources` section, or it is not last or is empty.
    MissingSources,
    /// A relative link or image pointing to a file that is not in the course folder.
    BrokenLink,
    /// A link or image that will be removed when shown to learners.
    UnsafeLink,
    /// An image from another website, which learners' browsers would fetch from there.
    ExternalImage,
    /// A prerequisite that is not a course, or a circle of prerequisites.
    Prerequisite,
    /// Something that is allowed but probably not what the author meant.
    Suspicious,
    /// A problem in the terminology glossary (`glossary.toml`).
    Glossary,
    /// A module uses a variant the glossary says to avoid.
    AvoidedTerm,
    /// A graded assessment's settings do not fit its questions (a bank smaller than `draw`,
    /// quotas that cannot be met) or a setting used outside a graded assessment.
    Assessment,
    /// A key from an older version of the format that no longer has any effect.
    NoLongerUsed,
}

impl Code {
    /// Every code, for tools that list them (the editor's help, the guide's table).
    pub const ALL: &'static [Code] = &[
        Code::Io,
        Code::Symlink,
        Code::NotUtf8,
        Code::TooDeep,
        Code::BadSlug,
        Code::MissingCourseToml,
        Code::TomlSyntax,
        Code::FrontMatter,
        Code::UnknownKey,
        Code::MissingKey,
        Code::InvalidValue,
        Code::NoModules,
        Code::BadFileName,
        Code::LanguageNotListed,
        Code::MissingTranslation,
        Code::TranslationStatusMissing,
        Code::TranslationStatusForbidden,
        Code::TranslationMismatch,
        Code::DuplicateId,
        Code::BadId,
        Code::UnterminatedBlock,
        Code::StrayBlockEnd,
        Code::UnknownBlock,
        Code::QuestionSyntax,
        Code::EmptyPrompt,
        Code::NoOptions,
        Code::EmptyOption,
        Code::NoCorrectOption,
        Code::TooManyCorrect,
        Code::TrueFalseOptions,
        Code::ScenarioSyntax,
        Code::EmptyNarrative,
        Code::NoChoices,
        Code::ChoiceWithoutFeedback,
        Code::MissingTarget,
        Code::Unreachable,
        Code::NoEnding,
        Code::NoWayOut,
        Code::BranchWithoutElse,
        Code::BranchLoop,
        Code::MissingSources,
        Code::BrokenLink,
        Code::UnsafeLink,
        Code::ExternalImage,
        Code::Prerequisite,
        Code::Suspicious,
        Code::Glossary,
        Code::AvoidedTerm,
        Code::Assessment,
        Code::NoLongerUsed,
    ];

    /// The stable kebab-case name, as serialised and as listed in docs/authoring.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::Symlink => "symlink",
            Code::NotUtf8 => "not-utf8",
            Code::TooDeep => "too-deep",
            Code::BadSlug => "bad-slug",
            Code::MissingCourseToml => "missing-course-toml",
            Code::TomlSyntax => "toml-syntax",
            Code::FrontMatter => "front-matter",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::InvalidValue => "invalid-value",
            Code::NoModules => "no-modules",
            Code::BadFileName => "bad-file-name",
            Code::LanguageNotListed => "language-not-listed",
            Code::MissingTranslation => "missing-translation",
            Code::TranslationStatusMissing => "translation-status-missing",
            Code::TranslationStatusForbidden => "translation-status-forbidden",
            Code::TranslationMismatch => "translation-mismatch",
            Code::DuplicateId => "duplicate-id",
            Code::BadId => "bad-id",
            Code::UnterminatedBlock => "unterminated-block",
            Code::StrayBlockEnd => "stray-block-end",
            Code::UnknownBlock => "unknown-block",
            Code::QuestionSyntax => "question-syntax",
            Code::EmptyPrompt => "empty-prompt",
            Code::NoOptions => "no-options",
            Code::EmptyOption => "empty-option",
            Code::NoCorrectOption => "no-correct-option",
            Code::TooManyCorrect => "too-many-correct",
            Code::TrueFalseOptions => "true-false-options",
            Code::ScenarioSyntax => "scenario-syntax",
            Code::EmptyNarrative => "empty-narrative",
            Code::NoChoices => "no-choices",
            Code::ChoiceWithoutFeedback => "choice-without-feedback",
            Code::MissingTarget => "missing-target",
            Code::Unreachable => "unreachable",
            Code::NoEnding => "no-ending",
            Code::NoWayOut => "no-way-out",
            Code::BranchWithoutElse => "branch-without-else",
            Code::BranchLoop => "branch-loop",
            Code::MissingSources => "missing-sources",
            Code::BrokenLink => "broken-link",
            Code::UnsafeLink => "unsafe-link",
            Code::ExternalImage => "external-image",
            Code::Prerequisite => "prerequisite",
            Code::Suspicious => "suspicious",
            Code::Glossary => "glossary",
            Code::AvoidedTerm => "avoided-term",
            Code::Assessment => "assessment",
            Code::NoLongerUsed => "no-longer-used",
        }
    }
}

/// One problem found in a course, located at a 1-based line and column (columns
/// count characters, not bytes, so that Lithuanian letters count as one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, pos, code, message)
    }

    pub fn warning(path: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, pos, code, message)
    }

    fn new(severity: Severity, path: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: pos.line,
            column: pos.column,
            severity,
            code,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path, self.line, self.column, severity, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };

    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }
}

/// Byte offsets to line/column conversion for one file. Kept separate from the
/// parsers so that TOML spans, Markdown offsets and our own line scanning all agree.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = char_count(self.text, start, offset);
        Pos::new(line as u32 + 1, column as u32 + 1)
    }

    /// Byte offset of the start of a 1-based line.
    pub(crate) fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) - 1) as usize;
        self.starts.get(i).copied().unwrap_or(self.text.len())
    }
}

/// Counts characters between two byte offsets, tolerating offsets that fall
/// inside a multi-byte character (they can come from third-party spans).
fn char_count(text: &str, from: usize, to: usize) -> usize {
    text.as_bytes()[from..to]
        .iter()
        .filter(|b| (**b & 0xC0) != 0x80)
        .count()
}

/// Sorts diagnostics the way a reader goes through files: by path, then position.
pub(crate) fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.column, a.severity).cmp(&(b.path.as_str(), b.line, b.column, b.severity))
    });
}
