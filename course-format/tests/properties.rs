//! Property tests of the course parser and checker over mutated and generated courses. Whatever
//! a trainer, a bad merge or a hostile upload puts in a course folder, checking it must not
//! panic, every problem must point at a file that was given and at a line and column inside it,
//! and the same input must give the same answer. An accepted course must be exactly what was
//! given (its content hash, its JSON form, whatever the order of its files), the browser editor
//! must agree with `tiltas check`, and glossary links must stay in the text.
//!
//! The mutated inputs start from the real fixture courses in `tests/fixtures/`; the generated
//! ones come from a rough grammar of the format (see `course_fuzzing/`).
//!
//! `PROPTEST_CASES=N` sets the cases of every property. The defaults below, about 14,000 inputs
//! in all, took 50 to 82 seconds in a debug build on two cores, depending on what else was
//! running (`cargo test -p tiltas-course --test properties`). A longer campaign:
//!
//! ```sh
//! PROPTEST_CASES=1000000 cargo test -p tiltas-course --release --test properties
//! ```
//!
//! A failure is shrunk to a small input and its seed saved in
//! `tests/properties.proptest-regressions`, which is replayed first on every run: commit it,
//! and keep the minimal input as a named test in the crate once the bug is fixed.

mod course_fuzzing;

use std::path::Path;
use std::sync::LazyLock;

use course_fuzzing::generated::{course_files, glossary_text, module_text, one_of, text_with_stems};
use course_fuzzing::invariants::{displayable, errors_match_result, positions_are_valid, reported_path, sorted};
use course_fuzzing::mutations::{Edit, apply, content_edit, edit};
use proptest::prelude::*;
use proptest::sample::{Index, subsequence};
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use tiltas_course::fs::read_course_files;
use tiltas_course::{
    Code, Course, Diagnostic, ModuleContext, Severity, SourceFile, check_module_text, content_hash, parse_course,
    parse_courses, parse_glossary, parse_module_file_name, render_markdown,
};

struct Fixtures {
    /// Each fixture course: its folder name and files, read with the crate's own loader.
    courses: Vec<(String, Vec<SourceFile>)>,
    glossary: String,
    /// Every line of every fixture file, for splicing lines between files and courses.
    lines: Vec<String>,
}

static FIXTURES: LazyLock<Fixtures> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut courses: Vec<(String, Vec<SourceFile>)> = std::fs::read_dir(&root)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a fixture").path())
        .filter(|path| path.is_dir())
        .map(|dir| {
            let slug = dir.file_name().expect("a folder name").to_string_lossy().into_owned();
            (slug, read_course_files(&dir).expect("a readable fixture course"))
        })
        .collect();
    courses.sort_by(|a, b| a.0.cmp(&b.0));
    let glossary = std::fs::read_to_string(root.join("glossary.toml")).expect("the fixture glossary");
    let lines = courses
        .iter()
        .flat_map(|(_, files)| files)
        .flat_map(|f| String::from_utf8_lossy(&f.contents).split('\n').map(str::to_string).collect::<Vec<_>>())
        .chain(glossary.lines().map(str::to_string))
        .collect();
    Fixtures { courses, glossary, lines }
});

/// The defaults apply when `PROPTEST_CASES` is not set; proptest reads it into its default
/// configuration, which then wins.
/// Failures are saved beside this file (the default looks for a lib.rs, which tests lack).
fn config(default_cases: u32) -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() { defaults.cases } else { default_cases };
    let failure_persistence = Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions")) as _);
    ProptestConfig { cases, failure_persistence, ..defaults }
}

fn edits(max: usize) -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..=max)
}

/// A fixture course after some edits, under its own folder name or, now and then, a bad one.
fn mutated_course() -> impl Strategy<Value = (String, Vec<SourceFile>)> {
    let slug = prop_oneof![15 => Just(None), 1 => one_of(&["Bad_Slug", "", "ą", "a/b", "x-"]).prop_map(Some)];
    (any::<Index>(), edits(8), slug).prop_map(|(course, edits, slug)| {
        let (fixture_slug, files) = course.get(&FIXTURES.courses);
        let mut files = files.clone();
        apply(&mut files, &edits, &FIXTURES.lines);
        (slug.unwrap_or_else(|| fixture_slug.clone()), files)
    })
}

/// Whether any two files normalise to the same path: a folder on disk cannot hold that, and
/// which of the two counts is then a matter of order.
fn has_duplicate_paths(files: &[SourceFile]) -> bool {
    let mut paths: Vec<String> = files.iter().map(|f| reported_path(&f.path)).collect();
    paths.sort();
    paths.windows(2).any(|pair| pair[0] == pair[1])
}

/// Checks one course folder: every invariant on its diagnostics, the same answer twice, and for
/// an accepted course the promises about what was accepted.
fn check_course(slug: &str, files: &[SourceFile]) -> Result<(), TestCaseError> {
    let result = parse_course(slug, files);
    let diagnostics = match &result {
        Ok(parsed) => &parsed.warnings,
        Err(problems) => problems,
    };
    positions_are_valid(diagnostics, files, "")?;
    sorted(diagnostics)?;
    displayable(diagnostics)?;
    errors_match_result(&result, |parsed| &parsed.warnings)?;
    prop_assert_eq!(&parse_course(slug, files), &result, "a second check of the same files differs");
    if let Ok(parsed) = &result {
        accepted_course_is_what_was_given(&parsed.course, files)?;
        if !has_duplicate_paths(files) {
            let mut reversed = files.to_vec();
            reversed.reverse();
            let again = parse_course(slug, &reversed).map(|p| p.course);
            prop_assert_eq!(again.as_ref(), Ok(&parsed.course), "the order of the files changed the course");
        }
    }
    Ok(())
}

/// An accepted course carries the hash of exactly the files given, names only given files as
/// its modules, and survives the JSON the server stores it as.
fn accepted_course_is_what_was_given(course: &Course, files: &[SourceFile]) -> Result<(), TestCaseError> {
    prop_assert_eq!(&course.content_hash, &content_hash(files));
    let given: Vec<String> = files.iter().map(|f| reported_path(&f.path)).collect();
    for module in course.modules.values().flatten() {
        prop_assert!(given.contains(&module.file), "module file `{}` was not given", module.file);
    }
    let json = serde_json::to_string(course).expect("a course serialises");
    let back: Course = serde_json::from_str(&json).expect("and deserialises");
    prop_assert_eq!(&back, course, "the course changed through JSON");
    Ok(())
}

/// What the browser editor knows about the rest of the course when it checks one module.
fn editor_context() -> impl Strategy<Value = ModuleContext> {
    let languages = prop_oneof![Just(None), Just(Some(vec!["en".to_string(), "lt".to_string()])), Just(Some(vec![]))];
    let files = prop_oneof![Just(None), Just(Some(vec!["images/referral-map.png".to_string(), "course.toml".to_string()]))];
    let source = prop_oneof![Just(None), Just(Some("en".to_string())), Just(Some("lt".to_string()))];
    (source, languages, files).prop_map(|(source_language, languages, files)| ModuleContext { source_language, languages, files })
}

/// Checks one module on its own, as the browser editor does.
fn check_module_alone(file: &SourceFile, context: &ModuleContext) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(&file.contents);
    let checked = check_module_text(&file.path, &text, context);
    let as_given = SourceFile::new(file.path.clone(), text.as_bytes());
    positions_are_valid(&checked.diagnostics, std::slice::from_ref(&as_given), "")?;
    sorted(&checked.diagnostics)?;
    displayable(&checked.diagnostics)?;
    let has_errors = checked.diagnostics.iter().any(|d| d.is_error());
    prop_assert_eq!(checked.module.is_some(), !has_errors, "a module is returned exactly when there is no error");
    prop_assert_eq!(&check_module_text(&file.path, &text, context), &checked, "a second check differs");
    Ok(())
}

proptest! {
    #![proptest_config(config(3000))]

    /// The fixture courses after a few edits: near-valid input that reaches every check.
    #[test]
    fn mutated_fixture_courses_are_checked_without_panics_and_with_valid_positions((slug, files) in mutated_course()) {
        check_course(&slug, &files)?;
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// Courses written from scratch from the format's grammar, with ids drawn from a small pool
    /// so that references, duplicates and loops happen.
    #[test]
    fn generated_courses_are_checked_without_panics_and_with_valid_positions(files in course_files()) {
        check_course("generated", &files)?;
    }
}

proptest! {
    #![proptest_config(config(1500))]

    /// One module checked on its own, as the browser editor does while a trainer types.
    #[test]
    fn a_mutated_module_checked_alone_gives_valid_positions(
        module in any::<Index>(),
        edits in edits(6),
        context in editor_context(),
    ) {
        let modules: Vec<&SourceFile> = FIXTURES.courses.iter().flat_map(|(_, files)| files).filter(|f| f.path.ends_with(".md")).collect();
        let mut files = vec![(*module.get(&modules)).clone()];
        apply(&mut files, &edits, &FIXTURES.lines);
        for file in &files {
            check_module_alone(file, &context)?;
        }
    }

    /// A generated module checked on its own, under a valid name.
    #[test]
    fn a_generated_module_checked_alone_gives_valid_positions(text in module_text(), context in editor_context()) {
        check_module_alone(&SourceFile::new("01-generated.en.md", text), &context)?;
    }
}

/// What a diagnostic says, less its wording: where, how serious, which problem.
type Finding = (u32, u32, Severity, Code);

fn findings<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) -> Vec<Finding> {
    let mut found: Vec<Finding> = diagnostics.map(|d| (d.line, d.column, d.severity, d.code)).collect();
    found.sort_by_key(|&(line, column, severity, code)| (line, column, severity, code.as_str()));
    found
}

/// Problems only a whole course can show: an id or order also used in another module, a
/// translation that is missing or differs from its source.
fn needs_other_files(d: &Diagnostic) -> bool {
    matches!(d.code, Code::DuplicateId | Code::MissingTranslation | Code::TranslationMismatch)
        || (d.code == Code::Suspicious && d.message.contains("has the same order"))
}

proptest! {
    #![proptest_config(config(1000))]

    /// The browser editor promises the same diagnostics for a module as `tiltas check` gives for
    /// it in its course, less those that need the other files, and the same module when there
    /// is no error. One module of a fixture course is edited; course.toml stays valid, so the
    /// editor's context is known exactly.
    #[test]
    fn a_module_checked_alone_agrees_with_the_course_check(
        course in any::<Index>(),
        module in any::<Index>(),
        edits in prop::collection::vec(content_edit(), 1..6),
    ) {
        let (slug, files) = course.get(&FIXTURES.courses);
        let metadata = parse_course(slug, files).expect("the fixture course is valid").course.metadata;
        let modules: Vec<usize> = (0..files.len())
            .filter(|&k| !files[k].path.contains('/') && parse_module_file_name(&files[k].path).is_some())
            .collect();
        let edited = *module.get(&modules);
        let mut files = files.clone();
        let mut one = vec![files[edited].clone()];
        apply(&mut one, &edits, &FIXTURES.lines);
        files[edited] = one.remove(0);
        let Ok(text) = std::str::from_utf8(&files[edited].contents) else {
            return Ok(()); // the editor only ever holds text
        };
        let path = &files[edited].path;
        let context = ModuleContext {
            source_language: Some(metadata.source_language.clone()),
            languages: Some(metadata.languages.clone()),
            files: Some(files.iter().map(|f| f.path.clone()).collect()),
        };
        let alone = check_module_text(path, text, &context);
        let in_course = parse_course(slug, &files);
        let course_diagnostics = match &in_course {
            Ok(parsed) => &parsed.warnings,
            Err(problems) => problems,
        };
        let own = || course_diagnostics.iter().filter(|d| &d.path == path);
        let course_findings = findings(own());
        let mut unmatched = course_findings.clone();
        for finding in findings(alone.diagnostics.iter()) {
            let Some(k) = unmatched.iter().position(|f| *f == finding) else {
                return Err(TestCaseError::fail(format!(
                    "the editor reports {finding:?}, the course check does not: {:?} vs {:?}",
                    alone.diagnostics, own().collect::<Vec<_>>()
                )));
            };
            unmatched.remove(k);
        }
        let local_only = findings(own().filter(|d| !needs_other_files(d)));
        let alone_findings = findings(alone.diagnostics.iter());
        for finding in &local_only {
            prop_assert!(
                alone_findings.contains(finding),
                "the course check reports {:?}, the editor does not: {:?} vs {:?}",
                finding, own().collect::<Vec<_>>(), alone.diagnostics
            );
        }
        if let Ok(parsed) = &in_course {
            let accepted = parsed.course.modules.values().flatten().find(|m| &m.file == path);
            prop_assert_eq!(alone.module.as_ref(), accepted, "the editor built a different module");
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    /// Several fixture courses checked together, after edits and with prerequisites between
    /// them that may name missing courses, the course itself or go round in circles.
    #[test]
    fn several_courses_with_prerequisites_give_valid_positions(
        chosen in subsequence((0..4).collect::<Vec<usize>>(), 1..=4),
        prerequisites in prop::collection::vec(subsequence(vec![0usize, 1, 2, 3, 4], 0..=3), 4),
        edits in prop::collection::vec(prop::collection::vec(edit(), 0..3), 4),
    ) {
        let known: Vec<&str> = FIXTURES.courses.iter().map(|(slug, _)| slug.as_str()).chain(["missing-course"]).collect();
        let inputs: Vec<(String, Vec<SourceFile>)> = chosen
            .iter()
            .map(|&k| {
                let (slug, files) = &FIXTURES.courses[k % FIXTURES.courses.len()];
                let names: Vec<String> = prerequisites[k].iter().map(|&p| format!("\"{}\"", known[p % known.len()])).collect();
                let mut files = files.clone();
                for file in files.iter_mut().filter(|f| f.path == "course.toml") {
                    let toml: Vec<String> = String::from_utf8_lossy(&file.contents)
                        .split('\n')
                        .map(|line| if line.starts_with("prerequisites =") { format!("prerequisites = [{}]", names.join(", ")) } else { line.to_string() })
                        .collect();
                    file.contents = toml.join("\n").into_bytes();
                }
                apply(&mut files, &edits[k], &FIXTURES.lines);
                (slug.clone(), files)
            })
            .collect();
        let set = parse_courses(&inputs);
        sorted(&set.diagnostics)?;
        displayable(&set.diagnostics)?;
        for (slug, files) in &inputs {
            let prefix = format!("{slug}/");
            let own: Vec<_> = set.diagnostics.iter().filter(|d| d.path.starts_with(&prefix)).cloned().collect();
            positions_are_valid(&own, files, &prefix)?;
        }
        let all_named = set.diagnostics.iter().all(|d| inputs.iter().any(|(slug, _)| d.path.starts_with(&format!("{slug}/"))));
        prop_assert!(all_named, "a diagnostic outside every course: {:?}", set.diagnostics);
        for course in &set.courses {
            let errors = set.diagnostics.iter().filter(|d| d.is_error() && d.path.starts_with(&format!("{}/", course.slug)));
            prop_assert_eq!(errors.count(), 0, "course `{}` accepted with errors", course.slug);
            prop_assert!(set.sources.contains_key(&course.slug), "no sources kept for `{}`", course.slug);
        }
        prop_assert_eq!(set.sources.len(), set.courses.len());
        prop_assert_eq!(&parse_courses(&inputs), &set, "a second check of the same courses differs");
    }
}

/// Whether every `&` in sanitised HTML still starts a whole character reference (`&amp;`):
/// a link put inside one shows the reference's name to the reader instead of the character.
fn references_intact(html: &str) -> bool {
    html.match_indices('&').all(|(at, _)| {
        let name: String = html[at + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
        !name.is_empty() && html[at + 1 + name.len()..].starts_with(';')
    })
}

/// Whether every glossary link starts outside any tag. In sanitised HTML attribute values are
/// in double quotes and may hold `>`, so a tag ends at the first `>` outside quotes.
fn links_outside_tags(html: &str) -> bool {
    const LINK: &str = "<a class=\"glossary-term\"";
    let (mut in_tag, mut in_quotes) = (false, false);
    for (at, c) in html.char_indices() {
        if html[at..].starts_with(LINK) && in_tag {
            return false;
        }
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_quotes = !in_quotes,
            '>' if in_tag && !in_quotes => in_tag = false,
            _ => {}
        }
    }
    true
}

proptest! {
    #![proptest_config(config(2000))]

    /// The terminology glossary, generated or the fixture one edited, and its use on module text:
    /// avoided variants are reported inside the text, and linking terms in rendered HTML never
    /// panics, whatever the letters' upper and lower cases do to their lengths.
    #[test]
    fn glossaries_give_valid_positions_and_link_terms_without_panics(
        generated in prop::option::weighted(0.7, glossary_text()),
        edits in prop_oneof![Just(vec![]), prop::collection::vec(edit(), 1..3)],
        text in text_with_stems(),
    ) {
        let mut files = vec![SourceFile::new("glossary.toml", generated.unwrap_or_else(|| FIXTURES.glossary.clone()))];
        apply(&mut files, &edits, &FIXTURES.lines);
        for file in &files {
            // The glossary's path is the caller's to choose (the folder it sits in); only its
            // contents are under test.
            let toml = String::from_utf8_lossy(&file.contents);
            let as_given = [SourceFile::new("glossary.toml", toml.as_bytes())];
            let glossary = match parse_glossary("glossary.toml", &toml) {
                Ok(glossary) => glossary,
                Err(problems) => {
                    prop_assert!(!problems.is_empty() && problems.iter().all(|d| d.is_error()));
                    positions_are_valid(&problems, &as_given, "")?;
                    continue;
                }
            };
            for language in ["en", "lt"] {
                let found = glossary.avoided_variants("01-x.md", language, &text);
                positions_are_valid(&found, &[SourceFile::new("01-x.md", text.as_bytes())], "")?;
                for warning in &found {
                    // The message quotes the word found; it must be the word at the position.
                    let word = warning.message.split('`').nth(1).unwrap_or_default();
                    let line = text.split('\n').nth(warning.line as usize - 1).unwrap_or_default();
                    let from_column: String = line.chars().skip(warning.column as usize - 1).collect();
                    prop_assert!(from_column.starts_with(word), "`{}` is not at {}:{}: {}", word, warning.line, warning.column, line);
                }
                let mut blocks = vec![render_markdown(&text), text.clone()];
                glossary.link_first_uses(language, &mut blocks, |id| format!("/glossary#{id}"));
                prop_assert!(references_intact(&blocks[0]), "a link inside a character reference: {}", blocks[0]);
                prop_assert!(links_outside_tags(&blocks[0]), "a link inside a tag: {}", blocks[0]);
            }
        }
    }

    /// Rendering any Markdown never panics, gives the same HTML twice, and lets no script through.
    #[test]
    fn markdown_renders_without_panics(text in module_text()) {
        let html = render_markdown(&text);
        prop_assert_eq!(&render_markdown(&text), &html);
        let lower = html.to_lowercase();
        prop_assert!(!lower.contains("<script") && !lower.contains("<iframe"), "{}", html);
    }
}
