//! Markdown to safe HTML. Every piece of trainer-written text that reaches a browser
//! goes through [`render_markdown`], so this is the one place that decides what HTML
//! a course may contain.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

/// Markdown features the format promises: CommonMark plus tables, footnotes and
/// strikethrough. Task lists stay off because `- [x]` only means something inside
/// question blocks, where we parse it ourselves.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders trainer Markdown to HTML that is safe to insert into a learner's page.
///
/// Raw HTML in the Markdown is allowed through only as far as the sanitiser allows:
/// no scripts, event handlers, `style` (except table column alignment), iframes,
/// forms, or `javascript:`/`data:` URLs. Links get `rel="noopener noreferrer"`;
/// images must be relative (course files) or `https://`.
pub fn render_markdown(md: &str) -> String {
    sanitize_html(&markdown_to_unsafe_html(md))
}

pub(crate) fn markdown_to_unsafe_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(md, markdown_options()));
    out
}

/// Footnote ids are prefixed so that a footnote called e.g. `[^location]` cannot
/// clobber a same-named element or global in the surrounding application.
const FOOTNOTE_ID_PREFIX: &str = "fn-";

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .add_tag_attributes("div", ["id"].iter())
        .add_tag_attributes("th", ["style"].iter())
        .add_tag_attributes("td", ["style"].iter())
        .allowed_classes(HashMap::from([
            (
                "sup",
                HashSet::from(["footnote-reference", "footnote-definition-label"]),
            ),
            ("div", HashSet::from(["footnote-definition"])),
        ]))
        .attribute_filter(filter_attribute);
    b
});

pub(crate) fn sanitize_html(html: &str) -> String {
    if html_nesting_depth(html) > MAX_NESTING {
        // The sanitiser's HTML parser takes time quadratic in the depth (seconds at a few
        // thousand levels): text nested this deep is shown as plain text instead. The checker
        // refuses such a module (`too-deep`), so this only guards previews and old content.
        return format!("<p>{}</p>", ammonia::clean_text(html));
    }
    SANITIZER.clean(html).to_string()
}

/// How deep elements may nest: far beyond any real module (a quote in a list in a table is 5).
pub const MAX_NESTING: usize = 100;

/// How deeply the elements of `html` nest, counted in one pass over its tags: an upper bound
/// good enough to refuse pathological input before it is parsed. Void elements (`<br>`,
/// `<img>`, …) and self-closed tags do not nest.
pub fn html_nesting_depth(html: &str) -> usize {
    const VOID: [&str; 8] = ["br", "hr", "img", "input", "meta", "link", "wbr", "col"];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset + 1;
        let end = bytes[start..].iter().position(|&b| b == b'>').map_or(bytes.len(), |e| start + e);
        let tag = &html[start..end];
        if let Some(closing) = tag.strip_prefix('/') {
            if closing.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                depth = depth.saturating_sub(1);
            }
        } else if tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
            if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        i = end.min(bytes.len());
        if i >= bytes.len() {
            break;
        }
    }
    deepest
}

fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("img", "src") => {
            if is_relative_url(value) || has_scheme(value, "https") {
                Some(Cow::Borrowed(value))
            } else {
                None
            }
        }
        // pulldown-cmark expresses column alignment as inline style; nothing else
        // may come through a style attribute.
        ("th" | "td", "style") => match value {
            "text-align: left" | "text-align: center" | "text-align: right" => Some(Cow::Borrowed(value)),
            _ => None,
        },
        ("div", "id") => Some(Cow::Owned(format!("{FOOTNOTE_ID_PREFIX}{value}"))),
        ("a", "href") if value.starts_with('#') => {
            Some(Cow::Owned(format!("#{FOOTNOTE_ID_PREFIX}{}", &value[1..])))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// The scheme of a URL, lowercased, if it has one. Browsers ignore ASCII tab and
/// newline anywhere in a URL and leading control characters and spaces, so they are
/// ignored here too; `java\tscript:` is still `javascript:`.
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') || end == 0 {
        return None;
    }
    // Anything before the first colon counts as a scheme, valid or not: a browser
    // may still treat it specially, so the safe reading is "not relative".
    Some(cleaned[..end].to_ascii_lowercase())
}

fn has_scheme(url: &str, scheme: &str) -> bool {
    url_scheme(url).as_deref() == Some(scheme)
}

/// Relative to the current page: no scheme and not protocol-relative (`//host`).
pub(crate) fn is_relative_url(url: &str) -> bool {
    let t = url.trim_start();
    url_scheme(t).is_none() && !t.starts_with("//") && !t.starts_with("\\\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_in_one_pass_and_pathological_depth_is_not_parsed() {
        assert_eq!(html_nesting_depth("<p>a<br>b<img src=x><em>c</em></p><p>d</p>"), 2);
        assert_eq!(html_nesting_depth("<blockquote><blockquote><p>x</p></blockquote></blockquote>"), 3);
        assert_eq!(html_nesting_depth("a < b and c > d"), 0);
        let deep = ">".repeat(5_000) + " x";
        assert!(html_nesting_depth(&markdown_to_unsafe_html(&deep)) > MAX_NESTING);
        let html = render_markdown(&deep);
        assert!(html.starts_with("<p>&lt;blockquote&gt;"), "shown as text, not parsed");
    }

    #[test]
    fn renders_formatting_tables_and_footnotes() {
        let html = render_markdown(
            "Some **bold** and ~~old~~ text.[^1]\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n[^1]: A note.\n",
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("style=\"text-align: left\""), "{html}");
        assert!(html.contains("class=\"footnote-reference\""), "{html}");
        assert!(html.contains("href=\"#fn-1\""), "{html}");
        assert!(html.contains("id=\"fn-1\""), "{html}");
    }

    #[test]
    fn links_get_rel_and_keep_relative_targets() {
        let html = render_markdown("[next](02-needs.en.md) and [law](https://eur-lex.europa.eu/)");
        assert!(html.contains("href=\"02-needs.en.md\""), "{html}");
        assert!(html.contains("href=\"https://eur-lex.europa.eu/\""), "{html}");
        assert_eq!(html.matches("rel=\"noopener noreferrer\"").count(), 2, "{html}");
    }

    #[test]
    fn images_only_relative_or_https() {
        let html = render_markdown("![a](images/a.png) ![b](https://example.org/b.png) ![c](http://example.org/c.png)");
        assert!(html.contains("src=\"images/a.png\""), "{html}");
        assert!(html.contains("src=\"https://example.org/b.png\""), "{html}");
        assert!(!html.contains("http://example.org/c.png"), "{html}");
    }

    #[test]
    fn task_list_syntax_is_plain_text_outside_questions() {
        let html = render_markdown("- [x] done\n");
        assert!(!html.contains("<input"), "{html}");
    }

    #[test]
    fn scheme_detection() {
        assert_eq!(url_scheme("JaVaScRiPt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(url_scheme("java\tscript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(url_scheme(" https://x").as_deref(), Some("https"));
        assert_eq!(url_scheme("images/a.png"), None);
        assert_eq!(url_scheme("a/b:c"), None);
        assert!(is_relative_url("02-x.en.md#part"));
        assert!(!is_relative_url("//evil.example/x.png"));
    }
}
