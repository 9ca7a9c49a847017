//! Parser features, one at a time, through the public API.

use tiltas_course::{
    Block, Code, Comparison, ModuleContext, Outcome, QuestionKind, ScenarioNode, Severity, SourceFile,
    check_module_text, content_hash, parse_course, parse_courses,
};

const FRONT: &str = "+++\nid = \"m\"\ntitle = \"M\"\norder = 1\nestimated_minutes = 5\nobjectives = [\"o\"]\n+++\n";
const SOURCES: &str = "\n## Sources\n\n- A source.\n";

fn module(body: &str) -> String {
    format!("{FRONT}\n{body}\n{SOURCES}")
}

fn check(text: &str) -> tiltas_course::ModuleCheck {
    check_module_text("01-m.en.md", text, &ModuleContext::default())
}

fn ok_module(body: &str) -> tiltas_course::Module {
    let c = check(&module(body));
    assert!(
        c.module.is_some(),
        "{}",
        c.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    );
    c.module.unwrap()
}

fn codes(text: &str) -> Vec<(Code, u32, u32)> {
    check(text).diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect()
}

#[test]
fn question_with_all_parts() {
    let m = ok_module(
        "::: question q\nkind: multiple\nFirst paragraph\ncontinues.\n\nSecond paragraph.\n\n\
         * [X] One\n  continued option.\n  feedback: Yes,\n  indeed.\n+ [] Two\n- [x] Three\n\n\
         points: 3\nexplanation: Because\nof reasons.\n:::",
    );
    let q = m.questions().next().unwrap();
    assert_eq!(q.kind, QuestionKind::Multiple);
    assert_eq!(q.prompt.markdown, "First paragraph\ncontinues.\n\nSecond paragraph.");
    assert!(q.prompt.html.contains("<p>Second paragraph.</p>"));
    assert_eq!(q.options.len(), 3);
    assert_eq!(q.options[0].text.markdown, "One\ncontinued option.");
    assert_eq!(q.options[0].feedback.as_ref().unwrap().markdown, "Yes,\nindeed.");
    assert_eq!(q.options.iter().map(|o| o.correct).collect::<Vec<_>>(), [true, false, true]);
    assert!(q.options[1].feedback.is_none());
    assert_eq!(q.points, 3);
    assert_eq!(q.explanation.as_ref().unwrap().markdown, "Because\nof reasons.");
}

#[test]
fn question_defaults_to_one_point_and_no_explanation() {
    let m = ok_module("::: question q\nkind: true-false\nIs it?\n\n- [x] True\n- [ ] False\n:::");
    let q = m.questions().next().unwrap();
    assert_eq!((q.points, q.kind), (1, QuestionKind::TrueFalse));
    assert!(q.explanation.is_none());
}

#[test]
fn question_errors_point_at_their_lines() {
    // Line 9 is the ::: line (front matter is 7 lines, then a blank line).
    let text = module("::: question q\nkind: sometimes\nPrompt\n\n- [x] A\n- [ ] B\npoints: many\n:::");
    let found = codes(&text);
    assert!(found.contains(&(Code::QuestionSyntax, 10, 7)), "{found:?}");
    assert!(found.contains(&(Code::InvalidValue, 15, 9)), "{found:?}");

    let text = module("::: question q\nkind: single\n\n- [x] A\n- [ ] B\n:::");
    assert_eq!(codes(&text), vec![(Code::EmptyPrompt, 9, 1)]);

    let text = module("::: question q\nkind: single\nPrompt only.\n:::");
    assert_eq!(codes(&text), vec![(Code::NoOptions, 9, 1)]);

    let text = module("::: question q\nkind: single\nP\n\n- [x] A\n- [ ] B\nexplanation: E\n- [ ] C\n:::");
    assert_eq!(codes(&text), vec![(Code::QuestionSyntax, 16, 1)]);

    let text = module("::: question q\nkind: single\nP\n\n- [x] A\n  feedback:\n- [ ] B\n:::");
    assert_eq!(codes(&text), vec![(Code::QuestionSyntax, 14, 3)]);

    let text = module("::: question q\nkind: single\nP\n\n- [x] A\nfeedback: F\n- [ ] B\n:::");
    assert_eq!(codes(&text), vec![(Code::QuestionSyntax, 14, 1)]);

    let text = module("::: question two words\nkind: single\nP\n\n- [x] A\n:::");
    assert_eq!(codes(&text), vec![(Code::BadId, 9, 14)]);

    let text = module("::: question\nkind: single\nP\n\n- [x] A\n:::");
    assert_eq!(codes(&text), vec![(Code::BadId, 9, 1)]);
}

#[test]
fn scenario_with_all_parts() {
    let m = ok_module(
        "::: scenario s\ntitle: T\nstart: b0\n\n@branch b0\nelse -> a\n\n@step a\nWhat now?\n\n\
         - Go → b (+2)\n  feedback: Fine\n  really.\n- Stay -> b (-1)\n  feedback: Hm.\n- Wait -> b\n  feedback: Ok.\n- Think -> b (3)\n  feedback: Ok.\n\n\
         @branch b\nif score >= 2 -> good\nif score > 1 -> mixed\nif score <= -1 -> bad\nif score < -5 -> bad\nif score == 0 -> mixed\nelse -> bad\n\n\
         @ending good\npoints: 2\noutcome: good-practice\nGood.\n\n@ending mixed\noutcome: mixed\npoints: 1\nMixed.\n\n@ending bad\noutcome: harmful\npoints: 0\nBad.\n:::",
    );
    let s = m.scenarios().next().unwrap();
    assert_eq!((s.title.as_str(), s.start.as_str()), ("T", "b0"));
    assert_eq!(s.max_points(), 2);
    let ScenarioNode::Step(a) = s.node("a").unwrap() else { panic!() };
    assert_eq!(a.choices.iter().map(|c| c.score).collect::<Vec<_>>(), [2, -1, 0, 3]);
    assert_eq!(a.choices[0].target, "b");
    assert_eq!(a.choices[0].text.markdown, "Go");
    assert_eq!(a.choices[0].feedback.markdown, "Fine\nreally.");
    let ScenarioNode::Branch(b) = s.node("b").unwrap() else { panic!() };
    assert_eq!(
        b.conditions.iter().map(|c| (c.comparison, c.value)).collect::<Vec<_>>(),
        [
            (Comparison::AtLeast, 2),
            (Comparison::Greater, 1),
            (Comparison::AtMost, -1),
            (Comparison::Less, -5),
            (Comparison::Equal, 0)
        ]
    );
    assert_eq!(b.otherwise, "bad");
    let ScenarioNode::Ending(e) = s.node("good").unwrap() else { panic!() };
    assert_eq!((e.outcome, e.points, e.narrative.markdown.as_str()), (Outcome::GoodPractice, 2, "Good."));
}

#[test]
fn scenario_errors_point_at_their_lines() {
    let base = |nodes: &str| module(&format!("::: scenario s\ntitle: T\nstart: a\n\n{nodes}\n@ending e\noutcome: mixed\npoints: 1\nEnd.\n:::"));
    // Line 9 is `::: scenario s`; node text starts on line 13.
    assert_eq!(codes(&base("@step a\nText.\n")), vec![(Code::NoChoices, 13, 1)]);
    assert_eq!(codes(&base("@step a\n\n- Go -> e\n  feedback: ok\n")), vec![(Code::EmptyNarrative, 13, 1)]);
    assert_eq!(codes(&base("@step a\nText.\n\n- Go -> e\n  feedback: ok\nMore text.\n")), vec![(Code::ScenarioSyntax, 18, 1)]);
    assert_eq!(codes(&base("@step a\nText.\n\n- Go -> e\n  feedback: ok\n- Stay\n")), vec![(Code::MissingTarget, 18, 1)]);
    assert_eq!(codes(&base("@step a\nText.\n\n- Go ->\n  feedback: ok\n")), vec![(Code::MissingTarget, 16, 8)]);
    assert_eq!(codes(&base("@step a\nText.\n\n-  -> e\n  feedback: ok\n")), vec![(Code::ScenarioSyntax, 16, 1)]);
    assert_eq!(codes(&base("@step a\nText.\n\n- Go -> e\n  not feedback\n")), {
        vec![(Code::ScenarioSyntax, 17, 3)]
    });
    assert_eq!(codes(&base("@stop a\n")), vec![(Code::ScenarioSyntax, 13, 1)]);
    assert_eq!(codes(&base("@step a\nText.\n\n- Go -> e\nfeedback: ok\n")), vec![(Code::ScenarioSyntax, 17, 1)]);
    assert_eq!(
        codes(&base("@branch a\nif score => 2 -> e\nelse -> e\n")),
        vec![(Code::ScenarioSyntax, 14, 1)]
    );
    assert_eq!(codes(&base("@branch a\nelse -> e\nif score > 1 -> e\n")), vec![(Code::ScenarioSyntax, 15, 1)]);
    assert_eq!(codes(&base("@branch a\nSome narrative.\nelse -> e\n")), vec![(Code::ScenarioSyntax, 14, 1)]);
    assert_eq!(codes(&module("::: scenario s\nstart: a\nBefore the steps.\n:::")).len(), 4);
    // start pointing at an ending.
    let text = module("::: scenario s\ntitle: T\nstart: e\n\n@ending e\noutcome: mixed\npoints: 1\nEnd.\n:::");
    assert_eq!(codes(&text), vec![(Code::ScenarioSyntax, 11, 8)]);
    // Ending problems.
    let text = module("::: scenario s\ntitle: T\nstart: a\n\n@step a\nA\n\n- x -> e\n  feedback: f\n\n@ending e\noutcome: great\n:::");
    assert_eq!(
        codes(&text),
        vec![(Code::MissingKey, 19, 1), (Code::MissingKey, 19, 1), (Code::EmptyNarrative, 19, 1), (Code::InvalidValue, 20, 10)]
    );
}

#[test]
fn harmful_ending_worth_more_than_good_practice_is_a_warning() {
    let text = module(
        "::: scenario s\ntitle: T\nstart: a\n\n@step a\nA\n\n- x -> g\n  feedback: f\n- y -> h\n  feedback: f\n\n\
         @ending g\noutcome: good-practice\npoints: 1\nG\n\n@ending h\noutcome: harmful\npoints: 5\nH\n:::",
    );
    let c = check(&text);
    assert!(c.module.is_some());
    assert_eq!(c.diagnostics.len(), 1);
    assert_eq!((c.diagnostics[0].code, c.diagnostics[0].line, c.diagnostics[0].severity), (Code::Suspicious, 28, Severity::Warning));
}

#[test]
fn code_fences_can_show_block_syntax() {
    let m = ok_module("An example:\n\n```\n::: question q\n:::\n```\n\n~~~~\n:::\n~~~~\n");
    assert_eq!(m.questions().count(), 0);
    assert!(matches!(&m.blocks[0], Block::Markdown(md) if md.html.contains("::: question q")));
}

#[test]
fn markdown_segments_keep_their_order_and_footnotes_link_across_blocks() {
    let m = ok_module(
        "Before.[^n]\n\n::: question q\nkind: true-false\nP\n\n- [x] T\n- [ ] F\n:::\n\nBetween.\n\n[^n]: The note.",
    );
    let kinds: Vec<&str> = m
        .blocks
        .iter()
        .map(|b| match b {
            Block::Markdown(_) => "md",
            Block::Question(_) => "q",
            Block::Scenario(_) => "s",
        })
        .collect();
    assert_eq!(kinds, ["md", "q", "md"]);
    let Block::Markdown(first) = &m.blocks[0] else { panic!() };
    let Block::Markdown(last) = &m.blocks[2] else { panic!() };
    assert!(first.html.contains("href=\"#fn-n\""), "{}", first.html);
    assert!(last.html.contains("id=\"fn-n\""), "{}", last.html);
    assert!(last.markdown.starts_with("Between."));
}

#[test]
fn crlf_and_bom_give_the_same_module_and_positions() {
    let text = module("::: question q\nkind: single\nP\n\n- [x] A\n- [ ]\n:::");
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(codes(&text), vec![(Code::EmptyOption, 14, 1)]);
    assert_eq!(codes(&crlf), codes(&text));
    let ok = module("Text.");
    let a = check(&ok).module.unwrap();
    let b = check(&ok.replace('\n', "\r\n")).module.unwrap();
    assert_eq!(a.metadata.title, b.metadata.title);
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "+++\nid = \"m\"\ntitle = \"Įvadas į ąčę\"\norder = \"x\"\nestimated_minutes = 5\nobjectives = [\"o\"]\n+++\n";
    assert!(codes(text).contains(&(Code::InvalidValue, 4, 9)));
    let text = module("Šaltinių [nuoroda](nera.md) čia.");
    let c = check_module_text(
        "01-m.en.md",
        &text,
        &ModuleContext {
            files: Some(vec![]),
            ..Default::default()
        },
    );
    assert_eq!((c.diagnostics[0].code, c.diagnostics[0].line, c.diagnostics[0].column), (Code::BrokenLink, 9, 10));
}

#[test]
fn module_check_uses_context_when_given() {
    let text = module("See [x](images/a.png).");
    // Without a file list, links are not checked.
    assert!(check(&text).module.is_some());
    let ctx = ModuleContext {
        source_language: Some("en".into()),
        languages: Some(vec!["en".into(), "lt".into()]),
        files: Some(vec!["images/a.png".into()]),
    };
    assert!(check_module_text("01-m.en.md", &text, &ctx).module.is_some());
    let lt = check_module_text("01-m.lt.md", &text, &ctx);
    assert_eq!(
        lt.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        [Code::TranslationStatusMissing, Code::MissingSources]
    );
    let de = check_module_text("01-m.de.md", &text, &ctx);
    assert_eq!(de.diagnostics[0].code, Code::LanguageNotListed);
    let bad = check_module_text("intro.md", &text, &ctx);
    assert_eq!(bad.diagnostics[0].code, Code::BadFileName);
    assert!(bad.module.is_none());
}

#[test]
fn duplicate_ids_within_one_module() {
    let q = "::: question q\nkind: true-false\nP\n\n- [x] T\n- [ ] F\n:::\n\n";
    let text = module(&format!("{q}{q}"));
    assert_eq!(codes(&text), vec![(Code::DuplicateId, 17, 14)]);
}

#[test]
fn sources_section_warnings() {
    let warn = |text: &str| -> Vec<(Code, u32)> {
        check(text).diagnostics.iter().map(|d| {
            assert_eq!(d.severity, Severity::Warning);
            (d.code, d.line)
        }).collect()
    };
    let no_sources = format!("{FRONT}\nText.\n");
    assert_eq!(warn(&no_sources), vec![(Code::MissingSources, 9)]);
    let not_last = format!("{FRONT}\n## Sources\n\n- S\n\n## More\n\nText.\n");
    assert_eq!(warn(&not_last), vec![(Code::MissingSources, 9)]);
    let empty = format!("{FRONT}\nText.\n\n## Sources\n");
    assert_eq!(warn(&empty), vec![(Code::MissingSources, 11)]);
    let q_after = format!("{FRONT}\n## Sources\n\n- S\n\n::: question q\nkind: true-false\nP\n\n- [x] T\n- [ ] F\n:::\n");
    assert_eq!(warn(&q_after), vec![(Code::MissingSources, 9)]);
    let lt = check_module_text(
        "01-m.lt.md",
        &format!("{}\nTekstas.\n\n## Sources\n\n- S\n", FRONT.replace("+++\n\n", "")),
        &ModuleContext::default(),
    );
    assert!(lt.diagnostics.iter().any(|d| d.code == Code::MissingSources && d.line == 11), "{:?}", lt.diagnostics);
    let sub_heading_ok = format!("{FRONT}\n## Sources\n\n### Laws\n\n- S\n");
    assert!(warn(&sub_heading_ok).is_empty());
}

#[test]
fn unsafe_links_warn_and_are_removed() {
    let c = check(&module("[x](javascript:alert(1)) ![i](http://example.org/i.png) [y](/etc/passwd)"));
    let found: Vec<(Code, u32, u32)> = c.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(found, vec![(Code::UnsafeLink, 9, 1), (Code::UnsafeLink, 9, 26), (Code::UnsafeLink, 9, 57)]);
    let html = match &c.module.unwrap().blocks[0] {
        Block::Markdown(m) => m.html.clone(),
        _ => panic!(),
    };
    assert!(!html.contains("javascript"), "{html}");
    assert!(!html.contains("http://example.org/i.png"), "{html}");
}

#[test]
fn images_from_other_websites_warn_and_links_to_them_do_not() {
    let c = check(&module("[law](https://eur-lex.europa.eu/) ![Poster](https://example.org/poster.png) ![Map](images/map.png)"));
    let found: Vec<(Code, u32, u32)> = c.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(found, vec![(Code::ExternalImage, 9, 35)]);
    assert_eq!(
        c.diagnostics[0].to_string().lines().next(),
        Some("01-m.en.md:9:35: warning: image `https://example.org/poster.png` is on another website")
    );
}

#[test]
fn diagnostic_display_is_compiler_style() {
    let c = check(&module("::: question q\nkind: single\nP\n\n- [x] A\n- [ ]\n:::"));
    assert_eq!(
        c.diagnostics[0].to_string(),
        "01-m.en.md:14:1: error: option has no text\n  hint: Write the answer after the box, e.g. `- [ ] She is free to leave.`"
    );
}

fn course_files(extra: &[(&str, &str)]) -> Vec<SourceFile> {
    let toml = "source_language = \"en\"\nlanguages = [\"en\"]\naudience = [\"any\"]\nestimated_minutes = 5\npass_mark = 50\n\
                self_enrolment = false\n[certificate]\nawarded = true\nvalidity_months = 0\n\
                [title]\nen = \"T\"\n[summary]\nen = \"S\"\n";
    let mut files = vec![SourceFile::new("course.toml", toml)];
    files.extend(extra.iter().map(|(p, t)| SourceFile::new(*p, *t)));
    files
}

#[test]
fn course_model_from_toml_and_modules() {
    let m2 = module("Two.").replace("id = \"m\"", "id = \"second\"").replace("order = 1", "order = 0");
    let files = course_files(&[("01-first.en.md", &module("One.")), ("02-second.en.md", &m2)]);
    let parsed = parse_course("demo", &files).unwrap();
    let c = parsed.course;
    assert_eq!(
        c.metadata.certificate,
        tiltas_course::Certificate { awarded: true, validity_months: None, issue: tiltas_course::IssuePolicy::Automatic }
    );
    assert_eq!(c.metadata.audience, [tiltas_course::Audience::Any]);
    assert!(c.metadata.prerequisites.is_empty());
    // Sorted by front-matter order, not by file name.
    let ids: Vec<&str> = c.modules_in("en").iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["second", "m"]);
    assert_eq!(c.content_hash, content_hash(&files));
    // A changed file changes the hash.
    let mut changed = files.clone();
    changed[1].contents.push(b' ');
    assert_ne!(parse_course("demo", &changed).unwrap().course.content_hash, c.content_hash);
}

#[test]
fn errors_mean_no_course_at_all() {
    let good = module("One.");
    let bad = module("::: question q\nkind: single\nP\n:::").replace("id = \"m\"", "id = \"b\"");
    let files = course_files(&[("01-good.en.md", &good), ("02-bad.en.md", &bad)]);
    let diags = parse_course("demo", &files).unwrap_err();
    assert!(diags.iter().all(|d| d.path == "02-bad.en.md"), "{diags:?}");
}

#[test]
fn prerequisites_across_courses() {
    let with_pre = |pre: &str| {
        let mut f = course_files(&[("01-m.en.md", &module("One."))]);
        let t = String::from_utf8(f[0].contents.clone()).unwrap();
        f[0].contents = format!("prerequisites = [{pre}]\n{t}").into_bytes();
        f
    };
    let set = parse_courses(&[
        ("a".into(), with_pre("\"b\"")),
        ("b".into(), with_pre("")),
        ("c".into(), with_pre("\"missing\"")),
        ("d".into(), with_pre("\"d\"")),
        ("e".into(), with_pre("\"f\"")),
        ("f".into(), with_pre("\"e\"")),
    ]);
    let slugs: Vec<&str> = set.courses.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, ["a", "b"]);
    let found: Vec<(String, Code, u32, u32)> =
        set.diagnostics.iter().map(|d| (d.path.clone(), d.code, d.line, d.column)).collect();
    assert_eq!(
        found,
        vec![
            ("c/course.toml".into(), Code::Prerequisite, 1, 18),
            ("d/course.toml".into(), Code::Prerequisite, 1, 18),
            ("e/course.toml".into(), Code::Prerequisite, 1, 18),
            ("f/course.toml".into(), Code::Prerequisite, 1, 18),
        ]
    );
    assert!(set.has_errors());
}

#[test]
fn every_toml_problem_is_reported_not_just_the_first() {
    let files = vec![SourceFile::new(
        "course.toml",
        "source_language = \"xx-yy\"\nlanguages = \"en\"\naudience = []\nestimated_minutes = 0\npass_mark = 70\n\
         self_enrolment = \"yes\"\nretakes = 0\ncolour = 1\n[certificate]\nawarded = true\nexpires = 1\n[title]\nen = \"\"\n[summary]\nen = \"S\"\n",
    )];
    let diags = parse_course("demo", &files).unwrap_err();
    let found: Vec<(Code, u32)> = diags.iter().filter(|d| d.path == "course.toml").map(|d| (d.code, d.line)).collect();
    for expected in [
        (Code::InvalidValue, 1),
        (Code::InvalidValue, 2),
        (Code::InvalidValue, 3),
        (Code::InvalidValue, 4),
        (Code::InvalidValue, 6),
        (Code::NoLongerUsed, 7),
        (Code::UnknownKey, 8),
        (Code::UnknownKey, 11),
        (Code::InvalidValue, 13),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert!(diags.iter().any(|d| d.code == Code::NoModules));
}
