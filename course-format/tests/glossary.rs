//! The glossary beside a folder of courses: `tiltas check` (through `load_courses_root`) warns
//! at the exact line and column of every avoided variant, and keeps the glossary for import.

use std::path::{Path, PathBuf};

use tiltas_course::fs::load_courses_root;
use tiltas_course::{Code, Severity};

/// A folder of courses holding a copy of the `first-contact` fixture and `glossary`.
fn courses_with_glossary(glossary: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("tiltas-glossary-{}-{}", std::process::id(), glossary.len()));
    let course = root.join("first-contact");
    std::fs::create_dir_all(&course).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/first-contact");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), course.join(entry.file_name())).unwrap();
    }
    std::fs::write(root.join("glossary.toml"), glossary).unwrap();
    root
}

const GLOSSARY: &str = r#"
[[term]]
id = "interpreter"
source = "Directive 2011/36/EU, Article 11(5)"

[term.en]
term = "interpreter"
definition = "A person who interprets between languages."

[term.lt]
term = "vertėjas"
definition = "Asmuo, verčiantis žodžiu."
avoid = ["vertėj"]
note = "Only to test the checker."
"#;

#[test]
fn avoided_variants_are_warnings_at_their_position_in_that_language_only() {
    let root = courses_with_glossary(GLOSSARY);
    let set = load_courses_root(&root);
    std::fs::remove_dir_all(&root).unwrap();
    let avoided: Vec<_> = set.diagnostics.iter().filter(|d| d.code == Code::AvoidedTerm).collect();
    assert!(!set.has_errors(), "{:#?}", set.diagnostics);
    assert!(avoided.iter().all(|d| d.severity == Severity::Warning && d.path.ends_with("first-contact/01-first-contact.lt.md")));
    let first = avoided.first().expect("the Lithuanian module uses the variant");
    assert_eq!((first.line, first.column), (9, 76), "{first}");
    assert!(first.message.contains("`vertėją`") && first.message.contains("interpreter"), "{}", first.message);
    assert_eq!(first.hint.as_deref(), Some("Only to test the checker."));
    assert_eq!(set.glossary.as_ref().map(|g| g.terms.len()), Some(1), "kept for the importer");
}

#[test]
fn a_broken_glossary_is_an_error_of_its_own_file() {
    let root = courses_with_glossary("[[term]]\nid = \"a b\"\nsource = \"s\"\n[term.en]\nterm = \"a\"\ndefinition = \"d\"\n");
    let set = load_courses_root(&root);
    std::fs::remove_dir_all(&root).unwrap();
    let error = set.diagnostics.iter().find(|d| d.code == Code::Glossary).expect("the bad id is reported");
    assert!(error.path.ends_with("glossary.toml") && error.line == 2, "{error}");
    assert!(set.has_errors());
}
