//! Text made from scratch: pieces of the format's own syntax, awkward characters, and whole
//! courses written from a rough grammar of course.toml, front matter and module bodies. Ids and
//! step names come from small pools so that references, duplicates and cycles actually happen.

use proptest::prelude::*;
use proptest::sample::select;
use tiltas_course::SourceFile;

/// Characters that have broken text handling elsewhere: Lithuanian letters (two bytes each),
/// emoji (four bytes, some joined), a combining accent, line and page separators, a byte-order
/// mark, CR, tab, NUL, a zero-width space, and what HTML escapes.
const AWKWARD: &[&str] = &[
    "ą", "č", "ę", "ė", "į", "š", "ų", "ū", "ž", "Ą", "Ž", "🙂", "👩‍⚕️", "e\u{301}", "\u{2028}", "\u{feff}", "\r", "\r\n",
    "\t", "\0", "\u{200b}", "\u{fffd}", "İ", "ß", "ﬁ", "&", "<", ">", "'",
];

/// Fragments of the format's syntax, so that random text often means something to the parser.
const SYNTAX: &[&str] = &[
    "+++", ":::", "::: question q1", "::: scenario s1", "::: question", "::: quiz x", "@step a", "@branch b",
    "@ending end", "@", "kind: single", "kind: multiple", "kind: true-false", "kind:", "topic: signs", "- [x] ",
    "- [ ] ", "- [X]", "- [", "  feedback: ", "feedback:", "explanation: ", "points: 2", "points: 1001", "title: ",
    "start: a", "outcome: good-practice", "outcome: mixed", "if score >= 2 -> end", "else -> a", " -> ", " → ",
    "(+1)", "(-2)", "(+", "## Sources", "## Šaltiniai", "# ", "[^n]", "[^n]: note", "[l](01-x.en.md)",
    "![i](images/a.png)", "[j](javascript:x)", "[e]()", "<script>", "<!--tiltas-block-0-f0e1d2-->", "```", "~~~",
    "|a|b|\n|-|-|", "id = \"m\"", "order = 1", "= ", "\"", "[", "]", "{", "}", "[[term]]", "[term.en]", "%", "%ff",
    "../", "/", "\\", "    ", "\n", "\n\n",
];

/// One of a fixed list of strings.
pub fn one_of(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    select(items).prop_map(str::to_string)
}

/// A short piece of text: a word, syntax, an awkward character or any character at all.
pub fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .,-]{1,8}",
        3 => one_of(SYNTAX),
        2 => one_of(AWKWARD),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Up to `max` pieces joined: may span lines.
pub fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..=max).prop_map(|pieces| pieces.concat())
}

/// Text for one line: the same pieces without their newlines.
pub fn line_text(max: usize) -> impl Strategy<Value = String> {
    text(max).prop_map(|t| t.replace('\n', " "))
}

/// Values for `key = value` in TOML: valid ones of each type, wrong types, out of range,
/// unterminated, and free text.
pub fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => one_of(&[
            "\"x\"", "\"en\"", "\"lt\"", "\"graded\"", "\"practice\"", "\"strict\"", "\"24h\"", "\"0m\"", "\"draft\"",
            "\"\"", "\"   \"", "1", "0", "-1", "3", "70", "101", "10001", "99999999999999999999", "0x10", "1.5", "inf",
            "true", "false", "[]", "[\"en\"]", "[\"en\", \"lt\"]", "[\"police\"]", "[1, \"a\"]", "{}", "{ signs = 1 }",
            "1979-05-27", "\"\"\"multi\nline\"\"\"", "'literal'", "\"unterminated", "[\"a\",", "",
        ]),
        1 => line_text(4).prop_map(|t| format!("\"{}\"", t.replace(['"', '\\'], ""))),
        1 => line_text(4),
    ]
}

fn key_line(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    (select(keys), toml_value()).prop_map(|(k, v)| format!("{k} = {v}"))
}

/// A line of TOML that is not one of the template's: any key, a table header, or junk.
fn stray_toml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => key_line(&["id", "title", "order", "languages", "pass_mark", "retakes", "en", "lt", "draw", "translation_status", "colour"]),
        1 => one_of(&["[certificate]", "[title]", "[summary]", "[quotas]", "[[term]]", "[title", "+++"]),
        1 => line_text(6),
    ]
}

/// A template written out, either as it is (valid, so that the checks behind it run) or with
/// some lines' values replaced, some dropped (a missing key) and some followed by a stray line.
fn from_template(template: &'static [&'static str]) -> impl Strategy<Value = String> {
    let noisy: Vec<_> = template
        .iter()
        .map(|line| {
            let key = line.split(" = ").next().unwrap_or(line);
            let with_value = toml_value().prop_map(move |v| format!("{key} = {v}"));
            prop_oneof![
                24 => Just(line.to_string()),
                2 => with_value,
                1 => Just(String::new()),
                1 => stray_toml_line().prop_map(move |s| format!("{line}\n{s}")),
            ]
        })
        .collect();
    prop_oneof![
        1 => Just(template.join("\n")),
        2 => noisy.prop_map(|lines| lines.join("\n")),
    ]
}

const COURSE_TOML: &[&str] = &[
    "source_language = \"en\"",
    "languages = [\"en\"]",
    "audience = [\"police\"]",
    "estimated_minutes = 20",
    "pass_mark = 70",
    "self_enrolment = true",
    "prerequisites = []",
    "[certificate]",
    "awarded = true",
    "[title]",
    "en = \"Title\"",
    "[summary]",
    "en = \"Summary\"",
];

const FRONT_MATTER: &[&str] = &[
    "id = \"intro\"",
    "title = \"Intro\"",
    "order = 1",
    "estimated_minutes = 5",
    "objectives = [\"Know\"]",
    "assessment = \"practice\"",
];

const IDS: &[&str] = &["q1", "q2", "s1", "intro", "bad id", "ą"];
const NODES: &[&str] = &["a", "b", "end", "other", "a b", ""];

fn question_line() -> impl Strategy<Value = String> {
    prop_oneof![
        one_of(&["kind: single", "kind: multiple", "kind: true-false", "kind: essay", "topic: signs", "points: 2", "points: x"]),
        line_text(4).prop_map(|t| format!("- [x] {t}")),
        line_text(4).prop_map(|t| format!("- [ ] {t}")),
        line_text(4).prop_map(|t| format!("  feedback: {t}")),
        line_text(4).prop_map(|t| format!("explanation: {t}")),
        line_text(6),
        Just(String::new()),
    ]
}

fn scenario_line() -> impl Strategy<Value = String> {
    let node = || select(NODES);
    prop_oneof![
        node().prop_map(|n| format!("@step {n}")),
        node().prop_map(|n| format!("@branch {n}")),
        node().prop_map(|n| format!("@ending {n}")),
        node().prop_map(|n| format!("start: {n}")),
        (line_text(3), node(), -3i32..4).prop_map(|(t, n, s)| format!("- {t} -> {n} ({s:+})")),
        line_text(4).prop_map(|t| format!("  feedback: {t}")),
        (0u32..5, node()).prop_map(|(s, n)| format!("if score >= {s} -> {n}")),
        node().prop_map(|n| format!("else -> {n}")),
        one_of(&["outcome: good-practice", "outcome: mixed", "outcome: harmful", "outcome: bad", "points: 1", "title: T"]),
        line_text(6),
        Just(String::new()),
    ]
}

/// Blocks as the guide writes them, so that generated modules are sometimes accepted and the
/// checks that need a whole block (scoring, reachability, translations) run.
const WELL_FORMED: &[&str] = &[
    "::: question q1\nkind: single\nWhich?\n\n- [x] This\n  feedback: Yes.\n- [ ] That\n  feedback: No.\n:::",
    "::: question q2\nkind: true-false\nTrue?\n\n- [x] True\n- [ ] False\n\nexplanation: Because.\npoints: 2\n:::",
    "::: scenario s1\ntitle: A call\nstart: a\n\n@step a\nWhat now?\n\n- Ask -> b (+1)\n  feedback: Good.\n- Leave -> end (-1)\n  \
     feedback: No.\n\n@branch b\nif score >= 1 -> end\nelse -> a\n\n@ending end\noutcome: good-practice\npoints: 1\nDone.\n:::",
    "## Sources\n\n- Directive 2011/36/EU.",
];

/// One stretch of a module body: prose, a heading, a block, a code fence, a stray marker.
fn body_part() -> impl Strategy<Value = String> {
    let block = |kind: &'static str, lines: BoxedStrategy<String>| {
        (select(IDS), prop::collection::vec(lines, 0..10), any::<bool>()).prop_map(move |(id, lines, closed)| {
            let end = if closed { "\n:::" } else { "" };
            format!("::: {kind} {id}\n{}{end}", lines.join("\n"))
        })
    };
    prop_oneof![
        3 => "[a-zA-Z ąčęėįšųūž.,\n]{0,80}",
        1 => text(10),
        1 => line_text(4).prop_map(|t| format!("# {t}")),
        1 => one_of(&["## Sources\n\n- A source.", "## Šaltiniai\n\n- Šaltinis.", "## Sources", "```\n:::\n```", ":::"]),
        1 => block("question", question_line().boxed()),
        1 => block("scenario", scenario_line().boxed()),
        4 => one_of(WELL_FORMED),
    ]
}

/// A whole module file: usually with front matter (sometimes unclosed), then body parts.
pub fn module_text() -> impl Strategy<Value = String> {
    let front = prop_oneof![
        8 => from_template(FRONT_MATTER).prop_map(|fm| format!("+++\n{fm}\n+++\n")),
        1 => from_template(FRONT_MATTER).prop_map(|fm| format!("+++\n{fm}\n")),
        1 => Just(String::new()),
    ];
    (front, prop::collection::vec(body_part(), 0..8)).prop_map(|(front, parts)| format!("{front}{}", parts.join("\n\n")))
}

/// Module file names: mostly valid ones in the listed language, then other languages and names
/// that are not module names at all.
pub fn module_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => one_of(&["01-intro.en.md", "02-more.en.md", "03-check.en.md"]),
        1 => one_of(&[
            "01-intro.lt.md", "02-more.lt.md", "01-intro.fr.md", "1-intro.en.md", "01-Intro.en.md", "01-intro.EN.md",
            "01-intro.en.MD", "intro.md", "01-ą.en.md", "notes/01-intro.en.md", "./02-more.lt.md",
        ]),
    ]
}

/// A course folder written from scratch.
pub fn course_files() -> impl Strategy<Value = Vec<SourceFile>> {
    let toml = prop_oneof![8 => from_template(COURSE_TOML).prop_map(Some), 1 => Just(None)];
    let modules = prop::collection::vec((module_name(), module_text()), 1..4);
    (toml, modules).prop_map(|(toml, modules)| {
        let mut files: Vec<SourceFile> = toml.map(|t| SourceFile::new("course.toml", t)).into_iter().collect();
        // Each module its own id (translations share it), so that a course of several modules
        // can be accepted.
        files.extend(modules.into_iter().map(|(name, text)| {
            let stem = name.split(['-', '.']).nth(1).unwrap_or("x").to_string();
            SourceFile::new(name, text.replace("id = \"intro\"", &format!("id = \"{stem}\"")))
        }));
        files
    })
}

/// Word beginnings for glossary `forms` and `avoid`, including letters whose lower case is
/// longer than they are (İ, ß's upper case) and a ligature, which break byte arithmetic, and
/// words that are also names of HTML character references (`&amp;`, `&lt;`, `&quot;`, `&#39;`).
const STEMS: &[&str] = &[
    "prieglaud", "prieglobst", "Prieglobst", "GRETA", "greta", "ą", "Š", "e\u{301}", "İ", "i\u{307}", "ß", "SS", "ﬁ", "FI",
    "🙂", "a b", "laikymas ar priėm", " ", "", "amp", "lt", "quot", "39",
];

fn stem_list(sizes: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(select(STEMS), sizes).prop_map(|stems| {
        let quoted: Vec<String> = stems.iter().map(|s| format!("\"{s}\"")).collect();
        format!("[{}]", quoted.join(", "))
    })
}

/// A glossary file: `[[term]]` tables with one or two languages, forms and variants to avoid.
pub fn glossary_text() -> impl Strategy<Value = String> {
    const TERM_IDS: &[&str] = &["shelter", "harbouring", "trafficking", "greta"];
    let id = prop_oneof![8 => select(TERM_IDS), 1 => select(IDS)];
    let language = prop_oneof![8 => one_of(&["en", "lt"]), 1 => one_of(&["en-GB", "x y"])];
    let word = prop_oneof![8 => one_of(&["shelter", "prieglauda", "GRETA", "ąžuolas"]), 1 => select(STEMS).prop_map(str::to_string)];
    let term = (id, language, word, stem_list(0..3), stem_list(1..4), any::<bool>());
    prop::collection::vec(term, 0..4).prop_map(|terms| {
        terms
            .into_iter()
            .map(|(id, language, word, forms, avoid, note)| {
                let note = if note { "note = \"Why.\"\n" } else { "" };
                format!(
                    "[[term]]\nid = \"{id}\"\nsource = \"Directive\"\n\n[term.{language}]\nterm = \"{word}\"\n\
                     definition = \"Meaning.\"\nforms = {forms}\navoid = {avoid}\n{note}"
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Text in which glossary stems often occur, at word starts and inside words.
pub fn text_with_stems() -> impl Strategy<Value = String> {
    let stem = (select(STEMS), one_of(&[" ", "\n", "", "„", "(", "x"]), "[a-ząčęėįšųūž]{0,3}")
        .prop_map(|(stem, before, ending)| format!("{before}{stem}{ending}"));
    // Attribute values (an image's alt text, a link's title) keep `>` and `'` unescaped in HTML.
    let in_attribute = (select(STEMS), select(STEMS), any::<bool>()).prop_map(|(a, b, image)| {
        if image { format!("![{a} > {b}](images/a.png)") } else { format!("[{a}](x.md \"it's > {b}\")") }
    });
    prop::collection::vec(prop_oneof![3 => stem, 3 => piece(), 1 => in_attribute], 0..30).prop_map(|p| p.concat())
}
