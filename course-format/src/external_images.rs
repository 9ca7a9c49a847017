//! Images from other websites in rendered text. A learner's browser that loads
//! `![map](https://elsewhere.example/map.png)` tells that website the learner's address, and
//! when and how often the course is read; for the people Tiltas trains (and the victims they
//! work with) that is more than a third party should see. Unless a deployment allows it, such
//! an image is shown as a link the learner may choose to follow, marked as leaving Tiltas.
//!
//! The rendered HTML of a version is stored when it is imported, and the setting belongs to
//! the deployment, so the replacement is made on the HTML, when a version is loaded for
//! showing, rather than when the Markdown is rendered. It reads the sanitiser's output only,
//! whose form is fixed: `<img src="…" alt="…">`, attribute values in double quotes with `"` and
//! `&` escaped, and `<` never bare in text.

use std::borrow::Cow;

use crate::render::is_relative_url;

/// The words of the replacement, in the language of the text. `{alt}` stands for the image's
/// description, or its address when it has none.
#[derive(Clone, Copy, Debug)]
pub struct ExternalImageWording<'a> {
    /// The text of the link that replaces the image.
    pub link: &'a str,
    /// The text that replaces an image which is itself inside a link (a link cannot hold
    /// another).
    pub inside_link: &'a str,
}

/// `html` (as rendered by [`crate::render_markdown`]) with every image whose source is not a
/// course file replaced by a link to it, worded by `wording`. Borrowed when there is none.
pub fn withhold_external_images<'h>(html: &'h str, wording: &ExternalImageWording<'_>) -> Cow<'h, str> {
    if !html.contains("<img") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut links_open = 0usize;
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag_and_after = &rest[start..];
        let end = tag_end(tag_and_after);
        let tag = &tag_and_after[..end];
        match tag_name(tag) {
            "a" => links_open += 1,
            "/a" => links_open = links_open.saturating_sub(1),
            _ => {}
        }
        match external_image(tag) {
            Some(image) if links_open > 0 => {
                out.push_str("<span class=\"external-image\">");
                out.push_str(&worded(wording.inside_link, &image));
                out.push_str("</span>");
            }
            Some(image) => {
                out.push_str("<a class=\"external-image\" href=\"");
                out.push_str(image.raw_src);
                out.push_str("\" rel=\"noopener noreferrer\" referrerpolicy=\"no-referrer\">");
                out.push_str(&worded(wording.link, &image));
                out.push_str("</a>");
            }
            None => out.push_str(tag),
        }
        rest = &tag_and_after[end..];
    }
    out.push_str(rest);
    if out == html { Cow::Borrowed(html) } else { Cow::Owned(out) }
}

/// The length of the tag at the start of `text`, up to and including its `>`; quoted
/// attribute values may hold `>`.
fn tag_end(text: &str) -> usize {
    let mut quoted = false;
    for (index, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return index + 1,
            _ => {}
        }
    }
    text.len()
}

/// `a`, `/a`, `img`…: the name of a tag, lowercase as the sanitiser writes it.
fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches('<');
    let end = inner.find(|c: char| c.is_whitespace() || c == '>' || (c == '/' && !inner.starts_with('/'))).unwrap_or(inner.len());
    &inner[..end]
}

struct ExternalImage<'t> {
    /// The address as written in the tag, already escaped for an attribute.
    raw_src: &'t str,
    /// The description, or the address, as plain text.
    label: String,
}

fn external_image(tag: &str) -> Option<ExternalImage<'_>> {
    if tag_name(tag) != "img" {
        return None;
    }
    let raw_src = attribute(tag, "src")?;
    let src = unescape(raw_src);
    if is_relative_url(&src) {
        return None;
    }
    let alt = attribute(tag, "alt").map(unescape).filter(|alt| !alt.trim().is_empty());
    Some(ExternalImage { raw_src, label: alt.unwrap_or(src) })
}

/// The raw value of `name="…"` in a tag written by the sanitiser.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}

fn worded(template: &str, image: &ExternalImage<'_>) -> String {
    escape(template).replace("{alt}", &escape(&image.label))
}

fn unescape(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u{a0}").replace("&amp;", "&")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render_markdown;

    const WORDING: ExternalImageWording<'static> =
        ExternalImageWording { link: "{alt} (on another website)", inside_link: "{alt} (not shown)" };

    const TEXT: &str = "A map: ![The \"national\" map & more](https://maps.example/map.png?a=1&b=2)\n\n\
                        Ours: ![Referral map](images/referral-map.png)";

    #[test]
    fn allowed_external_images_are_rendered_as_images() {
        let html = render_markdown(TEXT);
        assert!(html.contains("<img src=\"https://maps.example/map.png?a=1&amp;b=2\""), "{html}");
        assert!(html.contains("<img src=\"images/referral-map.png\""), "{html}");
    }

    #[test]
    fn withheld_external_images_become_links_and_course_images_stay() {
        let html = withhold_external_images(&render_markdown(TEXT), &WORDING).into_owned();
        assert!(!html.contains("<img src=\"https:"), "{html}");
        assert!(html.contains("<img src=\"images/referral-map.png\" alt=\"Referral map\">"), "{html}");
        assert!(
            html.contains(
                "<a class=\"external-image\" href=\"https://maps.example/map.png?a=1&amp;b=2\" rel=\"noopener noreferrer\" \
                 referrerpolicy=\"no-referrer\">The &quot;national&quot; map &amp; more (on another website)</a>"
            ),
            "{html}"
        );
    }

    #[test]
    fn an_image_inside_a_link_becomes_text_and_one_without_description_shows_its_address() {
        let html = withhold_external_images(&render_markdown("[![Logo](https://x.example/logo.png)](https://x.example/)"), &WORDING)
            .into_owned();
        assert!(html.contains("<span class=\"external-image\">Logo (not shown)</span></a>"), "{html}");
        assert_eq!(html.matches("<a ").count(), 1, "{html}");

        let html = withhold_external_images(&render_markdown("![](https://x.example/a.png)"), &WORDING).into_owned();
        assert!(html.contains(">https://x.example/a.png (on another website)</a>"), "{html}");
    }

    #[test]
    fn text_without_external_images_is_not_copied() {
        for html in ["<p>No images.</p>", "<p><img src=\"images/a.png\" alt=\"a\"></p>"] {
            assert!(matches!(withhold_external_images(html, &WORDING), Cow::Borrowed(_)));
        }
    }
}
