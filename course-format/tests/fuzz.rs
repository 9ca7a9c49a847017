//! Malformed input must never panic. A seeded generator (so failures reproduce)
//! feeds the parser random text built from the format's own tokens and mutations of
//! the valid example course, and checks the invariants the rest of Tiltas relies on.
//! Set TILTAS_FUZZ_ITERATIONS to run longer.

use std::path::Path;

use tiltas_course::fs::read_course_files;
use tiltas_course::{
    ModuleContext, ScenarioNode, SourceFile, check_module_text, choose, grade_question, parse_course, public_module,
    render_markdown, start,
};

/// SplitMix64: tiny, good enough, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TOKENS: &[&str] = &[
    "+++", ":::", "::: question q", "::: scenario s", "::: question", "::: quiz x", "@step a", "@step b", "@branch c",
    "@ending e", "@", "kind: single", "kind: multiple", "kind: true-false", "kind:", "- [x] ", "- [ ] ", "- [X]", "- [",
    "  feedback: ", "feedback:", "explanation: ", "points: 2", "points: -1", "points: 99999999999", "title: T",
    "start: a", "start: e", "outcome: good-practice", "outcome: harmful", "outcome:", "if score >= 2 -> e",
    "if score = 1 -> a", "else -> e", "else ->", " -> ", " → ", "->", "(+1)", "(-2)", "(+", ")", "(+99999999999)",
    "## Sources", "## Šaltiniai", "# H", "[^n]", "[^n]: note", "[l](x.md)", "![i](images/a.png)", "[j](javascript:x)",
    "<script>", "```", "~~~", "|a|b|\n|-|-|", "id = \"m\"", "order = 1", "order = \"x\"", "title = ", "=", "\"", "[",
    "]", "{", "translation_status = \"draft\"", "ą", "Š", "🙂", "\u{feff}", "\r", "\t", "\n", "\n\n", " ", "    ",
    "\u{0}", "\u{200b}", "%", "%%", "%ff", "../", "..", "/", "\\",
];

fn random_text(rng: &mut Rng, max_tokens: usize) -> String {
    let n = rng.below(max_tokens);
    let mut s = String::new();
    for _ in 0..n {
        match rng.below(10) {
            0 => s.push(char::from_u32(rng.below(0x3000) as u32).unwrap_or('?')),
            1..=2 => s.push('\n'),
            _ => s.push_str(rng.pick(TOKENS)),
        }
        if rng.below(4) == 0 {
            s.push(' ');
        }
    }
    s
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = rng.below(lines.len());
        match rng.below(9) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => lines[i] = rng.pick(TOKENS).to_string(),
            4 => lines.insert(i, random_text(rng, 6)),
            5 => {
                // Insert a token at a character boundary inside the line.
                let chars: Vec<char> = lines[i].chars().collect();
                let at = rng.below(chars.len() + 1);
                let mut l: String = chars[..at].iter().collect();
                l.push_str(rng.pick(TOKENS));
                l.extend(&chars[at..]);
                lines[i] = l;
            }
            6 => {
                let chars: Vec<char> = lines[i].chars().collect();
                let a = rng.below(chars.len() + 1);
                let b = a + rng.below(chars.len() + 1 - a);
                lines[i] = chars[..a].iter().chain(&chars[b..]).collect();
            }
            7 => lines.truncate(i),
            _ => lines[i] = format!("  {}", lines[i]),
        }
    }
    lines.join("\n")
}

fn iterations(default: usize) -> usize {
    std::env::var("TILTAS_FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Returns whether the course was accepted.
fn check_invariants(files: &[SourceFile]) -> bool {
    let result = parse_course("fuzz", files);
    let diags = match &result {
        Ok(p) => p.warnings.clone(),
        Err(d) => d.clone(),
    };
    for w in diags.windows(2) {
        assert!((&w[0].path, w[0].line, w[0].column) <= (&w[1].path, w[1].line, w[1].column), "unsorted diagnostics");
    }
    for d in &diags {
        assert!(d.line >= 1 && d.column >= 1, "{d}");
        if let Some(f) = files.iter().find(|f| f.path == d.path) {
            let lines = f.contents.split(|b| *b == b'\n').count() as u32;
            assert!(d.line <= lines.max(1), "{d} is past the end ({lines} lines)");
        }
        let _ = d.to_string();
    }
    match result {
        Err(d) => {
            assert!(d.iter().any(|d| d.is_error()), "Err without an error");
            false
        }
        Ok(p) => {
            assert!(p.warnings.iter().all(|d| !d.is_error()));
            let mut rng = Rng(p.course.content_hash.len() as u64);
            for modules in p.course.modules.values() {
                for m in modules {
                    serde_json::to_string(&public_module(m)).unwrap();
                    for q in m.questions() {
                        let pick: Vec<usize> = (0..q.options.len()).filter(|_| rng.below(2) == 0).collect();
                        grade_question(q, &pick).expect("in-range answers always grade");
                    }
                    for s in m.scenarios() {
                        // A validated scenario always starts and never errors on a
                        // valid choice; walks are capped because loops with a way
                        // out are allowed.
                        let mut state = start(s).expect("validated scenario starts");
                        for _ in 0..200 {
                            if state.finished {
                                break;
                            }
                            let Some(ScenarioNode::Step(step)) = s.node(&state.node) else {
                                panic!("state is not at a step: {}", state.node)
                            };
                            let c = rng.below(step.choices.len());
                            state = choose(s, &state, c).expect("valid choice").state;
                        }
                    }
                }
            }
            true
        }
    }
}

fn example_files() -> Vec<SourceFile> {
    read_course_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/first-contact")).unwrap()
}

#[test]
fn mutated_example_course_never_panics() {
    let base = example_files();
    let mut rng = Rng(0x0071_17a5);
    let mut accepted = 0;
    for _ in 0..iterations(300) {
        let mut files = base.clone();
        for _ in 0..1 + rng.below(2) {
            let k = rng.below(files.len());
            let text = String::from_utf8_lossy(&files[k].contents).into_owned();
            files[k].contents = mutate(&mut rng, &text).into_bytes();
        }
        if rng.below(20) == 0 {
            let k = rng.below(files.len());
            files.remove(k);
        }
        if rng.below(20) == 0 {
            let k = rng.below(files.len());
            let at = rng.below(files[k].contents.len() + 1);
            files[k].contents.insert(at, 0xff);
        }
        if check_invariants(&files) {
            accepted += 1;
        }
    }
    // Some mutations (e.g. a changed word) keep the course valid; if none ever does,
    // the invariants on accepted courses were never exercised.
    assert!(accepted > 0);
}

#[test]
fn random_text_never_panics() {
    let mut rng = Rng(42);
    let ctx = ModuleContext {
        source_language: Some("en".into()),
        languages: Some(vec!["en".into(), "lt".into()]),
        files: Some(vec!["images/a.png".into()]),
    };
    for _ in 0..iterations(1500) {
        let text = random_text(&mut rng, 60);
        let check = check_module_text("01-fuzz.lt.md", &text, &ctx);
        for d in &check.diagnostics {
            assert!(d.line >= 1 && d.column >= 1);
        }
        let _ = render_markdown(&text);
        let files = vec![
            SourceFile::new("course.toml", random_text(&mut rng, 20)),
            SourceFile::new("01-fuzz.en.md", text.clone()),
            SourceFile::new(rng.pick(TOKENS), random_text(&mut rng, 10)),
        ];
        let _ = check_invariants(&files);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(7);
    for _ in 0..iterations(300) {
        let len = rng.below(400);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = check_invariants(&[
            SourceFile::new("course.toml", bytes.clone()),
            SourceFile::new("01-x.en.md", bytes),
        ]);
    }
}
