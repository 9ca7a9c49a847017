//! The corpus of broken courses: each folder under tests/broken/ changes the valid
//! course in tests/broken/_base/ in one way (its files replace the base's; a DELETE
//! file lists base files to remove) and lists in expected.txt exactly which errors
//! must be reported, as `severity code path:line:column`. Every listed error and
//! warning must appear, and no unlisted error may.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tiltas_course::fs::read_course_files;
use tiltas_course::{Diagnostic, SourceFile, parse_course};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

fn case_files(case: &Path) -> Vec<SourceFile> {
    let mut files: BTreeMap<String, SourceFile> = read_course_files(&corpus().join("_base"))
        .unwrap()
        .into_iter()
        .map(|f| (f.path.clone(), f))
        .collect();
    for f in read_course_files(case).unwrap() {
        if f.path == "DELETE" {
            for p in String::from_utf8(f.contents).unwrap().lines() {
                files.remove(p.trim());
            }
        } else if f.path != "expected.txt" {
            files.insert(f.path.clone(), f);
        }
    }
    files.into_values().collect()
}

fn code_name(d: &Diagnostic) -> String {
    serde_json::to_string(&d.code).unwrap().trim_matches('"').to_string()
}

fn render(d: &Diagnostic) -> String {
    let sev = if d.is_error() { "error" } else { "warning" };
    format!("{sev} {} {}:{}:{}", code_name(d), d.path, d.line, d.column)
}

#[test]
fn base_course_is_valid_and_clean() {
    let parsed = parse_course("base", &case_files(&corpus().join("_base"))).unwrap_or_else(|d| {
        panic!("{}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    });
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn every_broken_course_reports_exactly_its_errors() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "the corpus has shrunk to {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected_text = std::fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{name} has no expected.txt"));
        let mut expected: Vec<String> = expected_text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        assert!(!expected.is_empty(), "{name}: expected.txt lists nothing");
        let result = parse_course(&name, &case_files(case));
        let diags = match &result {
            Ok(p) => p.warnings.clone(),
            Err(d) => d.clone(),
        };
        let expects_error = expected.iter().any(|e| e.starts_with("error "));
        if expects_error != result.is_err() {
            failures.push(format!("{name}: expected errors: {expects_error}, got a course: {}", result.is_ok()));
        }
        for d in &diags {
            // Every diagnostic must be printable the way a compiler prints.
            let shown = d.to_string();
            assert!(shown.starts_with(&format!("{}:{}:{}: ", d.path, d.line, d.column)), "{shown}");
            assert!(!d.message.is_empty());
            assert!(d.line >= 1 && d.column >= 1, "{shown}");
        }
        let mut actual_errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(render).collect();
        let actual_warnings: Vec<String> = diags.iter().filter(|d| !d.is_error()).map(render).collect();
        actual_errors.sort();
        let expected_warnings: Vec<String> = expected.iter().filter(|e| e.starts_with("warning ")).cloned().collect();
        expected.retain(|e| e.starts_with("error "));
        expected.sort();
        if actual_errors != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {actual_errors:?}\n{}",
                diags.iter().map(|d| format!("    {d}")).collect::<Vec<_>>().join("\n")
            ));
        }
        for w in expected_warnings {
            if !actual_warnings.contains(&w) {
                failures.push(format!("{name}: missing {w}; warnings: {actual_warnings:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Prints every case's diagnostics; run with `--ignored --nocapture` to review the
/// wording trainers will see.
#[test]
#[ignore]
fn show_all_diagnostics() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus()).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    for case in cases.iter().filter(|p| p.is_dir() && !p.ends_with("_base")) {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        println!("== {name}");
        let diags = match parse_course(&name, &case_files(case)) {
            Ok(p) => p.warnings,
            Err(d) => d,
        };
        for d in diags {
            println!("{d}");
        }
    }
}
