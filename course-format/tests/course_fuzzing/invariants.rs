//! What must hold for any input, however broken: every diagnostic points at a file that was
//! given and at a line and column inside it, diagnostics come sorted, and a result is an error
//! exactly when it carries an error.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use tiltas_course::{Diagnostic, SourceFile};

/// The course folder itself is reported as `course.toml` at 1:1 (a bad folder name, a missing
/// course.toml, no modules), whether or not that file was given.
const COURSE_TOML: &str = "course.toml";

/// Paths as the parser reports them: forward slashes, no leading `./` or `/`. The crate's own
/// function for this is private, and the test must not trust it anyway: a diagnostic naming a
/// path that no given file normalises to is exactly the kind of bug looked for here.
pub fn reported_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(after) = rest.strip_prefix("./") {
        rest = after;
    }
    rest.trim_start_matches('/').to_string()
}

/// Whether 1-based `line` and `column` fall inside `text`. Positions follow the crate's `Pos`:
/// lines are split at `\n` only (so a file ending in a newline has an empty last line, where
/// end-of-file problems are reported), and columns count characters, not bytes, up to one past
/// the last character of the line (a missing value at the end of a line). A `\r` before the
/// `\n` counts as a character: the bound is the loosest one any of the crate's ways of
/// counting can reach.
fn fits(text: &str, line: u32, column: u32) -> bool {
    if line == 0 || column == 0 {
        return false;
    }
    text.split('\n')
        .nth(line as usize - 1)
        .is_some_and(|l| column as usize <= l.chars().count() + 1)
}

/// Describes where a file's lines end, for failure messages.
fn shape(text: &str, line: u32) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let length = lines.get((line as usize).wrapping_sub(1)).map(|l| l.chars().count());
    format!("{} lines; line {line} has {length:?} characters", lines.len())
}

/// Checks every diagnostic's path and position against the files given. `prefix` is what the
/// entry point puts before each path (`slug/` for [`tiltas_course::parse_courses`]).
pub fn positions_are_valid(diagnostics: &[Diagnostic], files: &[SourceFile], prefix: &str) -> Result<(), TestCaseError> {
    for d in diagnostics {
        prop_assert!(d.line >= 1 && d.column >= 1, "position before the start of the file: {d}");
        let Some(path) = d.path.strip_prefix(prefix) else {
            return Err(TestCaseError::fail(format!("path without the `{prefix}` prefix: {d}")));
        };
        // Non-UTF-8 files are reported up to their first bad byte, which a lossy decoding
        // leaves where it was.
        let texts: Vec<String> = files
            .iter()
            .filter(|f| reported_path(&f.path) == path)
            .map(|f| String::from_utf8_lossy(&f.contents).into_owned())
            .collect();
        if texts.is_empty() {
            prop_assert!(
                path == COURSE_TOML && (d.line, d.column) == (1, 1),
                "names a file that was not given: {d}"
            );
            continue;
        }
        // The same path given twice (possible in memory, not on disk): valid in either will do.
        prop_assert!(
            texts.iter().any(|t| fits(t, d.line, d.column)),
            "position outside the file ({}): {d}",
            shape(&texts[0], d.line)
        );
    }
    Ok(())
}

/// Diagnostics come sorted by path, then line and column, as promised to readers and tools.
pub fn sorted(diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for pair in diagnostics.windows(2) {
        let key = |d: &Diagnostic| (d.path.clone(), d.line, d.column);
        prop_assert!(key(&pair[0]) <= key(&pair[1]), "unsorted: {} before {}", pair[0], pair[1]);
    }
    Ok(())
}

/// `Err` means at least one error; `Ok` means warnings only.
pub fn errors_match_result<T>(result: &Result<T, Vec<Diagnostic>>, warnings: impl Fn(&T) -> &[Diagnostic]) -> Result<(), TestCaseError> {
    match result {
        Err(problems) => prop_assert!(problems.iter().any(Diagnostic::is_error), "rejected without an error: {problems:?}"),
        Ok(value) => {
            let warnings = warnings(value);
            prop_assert!(!warnings.iter().any(Diagnostic::is_error), "accepted with an error: {warnings:?}");
        }
    }
    Ok(())
}

/// Every diagnostic renders as `path:line:column: severity: message`.
pub fn displayable(diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diagnostics {
        let shown = d.to_string();
        let expected = format!("{}:{}:{}: ", d.path, d.line, d.column);
        prop_assert!(shown.starts_with(&expected), "{shown}");
        prop_assert!(!d.message.trim().is_empty(), "empty message: {shown}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_the_crates_convention() {
        assert!(fits("ab\n", 1, 3), "one past the end of a line");
        assert!(!fits("ab\n", 1, 4));
        assert!(fits("ab\n", 2, 1), "the empty line after a final newline");
        assert!(!fits("ab\n", 3, 1));
        assert!(fits("ąč", 1, 3), "columns count characters");
        assert!(!fits("ąč", 1, 4), "not bytes");
        assert!(fits("", 1, 1), "an empty file has one empty line");
        assert!(!fits("x", 0, 1) && !fits("x", 1, 0));
    }
}
