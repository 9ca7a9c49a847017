//! The example course in docs/authoring.md is the one trainers copy, so it must
//! pass the checker cleanly, and it must not drift from the fixture copy that the
//! other tests use.

use std::path::Path;

use tiltas_course::fs::{load_course_dir, read_course_files};
use tiltas_course::{SourceFile, parse_course};

/// Files in the guide are fenced code blocks whose info string has `file=<name>`.
fn files_from_guide(guide: &str) -> Vec<SourceFile> {
    let mut out = Vec::new();
    let mut lines = guide.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let t = line.trim_end();
        let fence_len = t.chars().take_while(|c| *c == '`').count();
        if fence_len < 3 {
            continue;
        }
        let Some(name) = t[fence_len..].split_whitespace().find_map(|w| w.strip_prefix("file=")) else {
            continue;
        };
        let fence = &t[..fence_len];
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.trim_end() == fence {
                break;
            }
            body.push_str(l);
        }
        out.push(SourceFile::new(name, body));
    }
    out
}

fn guide() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/authoring.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn guide_example_parses_without_errors_or_warnings() {
    let files = files_from_guide(&guide());
    assert_eq!(files.len(), 3, "expected course.toml and two module files in the guide");
    let parsed = parse_course("first-contact", &files).unwrap_or_else(|d| {
        panic!("{}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    });
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let course = parsed.course;
    assert_eq!(course.metadata.languages, ["en", "lt"]);
    for lang in ["en", "lt"] {
        let module = &course.modules_in(lang)[0];
        let kinds: Vec<_> = module.questions().map(|q| q.kind).collect();
        assert_eq!(kinds.len(), 3, "{lang}: one question of each kind");
        let scenario = module.scenarios().next().expect("a scenario");
        let endings = scenario
            .nodes
            .iter()
            .filter(|n| matches!(n, tiltas_course::ScenarioNode::Ending(_)))
            .count();
        assert_eq!(endings, 3);
        assert!(scenario.nodes.iter().any(|n| matches!(n, tiltas_course::ScenarioNode::Branch(_))));
    }
}

#[test]
fn guide_example_matches_the_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/first-contact");
    let mut fixture = read_course_files(&dir).unwrap();
    let mut from_guide = files_from_guide(&guide());
    fixture.sort_by(|a, b| a.path.cmp(&b.path));
    from_guide.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(fixture, from_guide, "docs/authoring.md and tests/fixtures/first-contact differ");
    assert!(load_course_dir(&dir).is_ok());
}

#[test]
fn documented_error_example_is_what_the_checker_prints() {
    let mut files = files_from_guide(&guide());
    let en = files.iter_mut().find(|f| f.path == "01-first-contact.en.md").unwrap();
    let text = String::from_utf8(en.contents.clone())
        .unwrap()
        .replace("- Thank them and leave -> score-check (-1)", "- Thank them and leave -> score-chek (-1)");
    en.contents = text.into_bytes();
    let diags = parse_course("first-contact", &files).unwrap_err();
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    let expected = "01-first-contact.en.md:104:27: error: `score-chek` is not a step, branch or ending in this scenario\n  hint: Did you mean `score-check`?";
    assert!(shown.iter().any(|s| s == expected), "{shown:#?}");
    assert!(guide().contains(&format!("courses/first-contact/{expected}")));
}

#[test]
fn every_message_name_is_explained_in_the_guide() {
    let guide = guide();
    for code in tiltas_course::Code::ALL {
        let name = code.as_str();
        assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{name}\""));
        assert!(guide.contains(&format!("| `{name}` |")), "{name} is not in the guide's table");
    }
    // And the guide lists no name that does not exist.
    let table_names = guide
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` | "))
        .filter(|(_, rest)| rest.starts_with("error") || rest.starts_with("warning"))
        .map(|(n, _)| n)
        .collect::<Vec<_>>();
    assert_eq!(table_names.len(), tiltas_course::Code::ALL.len());
}
