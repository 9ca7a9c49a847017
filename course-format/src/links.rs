//! Finding links, images and headings in Markdown, and checking that relative links
//! point at files that exist in the course folder.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::diagnostic::{Code, Diagnostic, Pos};
use crate::model::Module;
use crate::render::{markdown_options, url_scheme};

pub(crate) struct LinkRef {
    pub dest: String,
    pub offset: usize,
    pub image: bool,
}

pub(crate) struct Heading {
    pub level: u32,
    pub text: String,
    pub offset: usize,
}

pub(crate) fn scan_markdown(md: &str) -> (Vec<Heading>, Vec<LinkRef>) {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut current: Option<Heading> = None;
    for (event, range) in Parser::new_ext(md, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    level: level as u32,
                    text: String::new(),
                    offset: range.start,
                });
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) if link_type != LinkType::Email => {
                links.push(LinkRef {
                    dest: dest_url.to_string(),
                    offset: range.start,
                    image: false,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => links.push(LinkRef {
                dest: dest_url.to_string(),
                offset: range.start,
                image: true,
            }),
            _ => {}
        }
    }
    (headings, links)
}

/// Checks the links of one piece of Markdown. `files` is every path in the course
/// folder; `None` when it is unknown (the single-module editor check), in which
/// case only the safety of link schemes is checked.
pub(crate) fn check_links(
    links: &[LinkRef],
    to_pos: impl Fn(usize) -> Pos,
    path: &str,
    files: Option<&BTreeSet<String>>,
    diags: &mut Vec<Diagnostic>,
) {
    for link in links {
        let at = to_pos(link.offset);
        let what = if link.image { "image" } else { "link" };
        let dest = link.dest.trim();
        if dest.is_empty() {
            diags.push(Diagnostic::error(path, at, Code::BrokenLink, format!("{what} has no target")));
            continue;
        }
        if dest.starts_with('#') {
            continue;
        }
        if let Some(scheme) = url_scheme(dest) {
            let allowed: &[&str] = if link.image { &["https"] } else { &["http", "https", "mailto", "tel"] };
            if !allowed.contains(&scheme.as_str()) {
                diags.push(
                    Diagnostic::warning(
                        path,
                        at,
                        Code::UnsafeLink,
                        format!("{what} to `{scheme}:` will be removed when shown to learners"),
                    )
                    .with_hint(if link.image {
                        "Put the image in the course folder (for example images/map.png) and show it by that path."
                    } else {
                        "Links may use https://, http://, mailto: or tel:, or point to a file in the course folder."
                    }),
                );
            } else if link.image {
                diags.push(
                    Diagnostic::warning(path, at, Code::ExternalImage, format!("image `{dest}` is on another website"))
                        .with_hint(
                            "Learners' browsers would fetch it from there, telling that website who reads the course. \
                             Unless the deployment allows external images, learners see a link to it instead. \
                             Put the image in the course folder (for example images/map.png) to show it.",
                        ),
                );
            }
            continue;
        }
        if dest.starts_with("//") || dest.starts_with('/') || dest.starts_with('\\') {
            diags.push(
                Diagnostic::warning(path, at, Code::UnsafeLink, format!("{what} `{dest}` does not point into the course folder"))
                    .with_hint("Use a path relative to the course folder (e.g. images/map.png) or a full https:// address."),
            );
            continue;
        }
        let Some(files) = files else { continue };
        let base = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        match resolve_relative(base, dest) {
            None => diags.push(
                Diagnostic::error(path, at, Code::BrokenLink, format!("{what} `{dest}` points outside the course folder"))
                    .with_hint("Only files inside the course folder are published with the course."),
            ),
            Some(target) if target.is_empty() => {}
            Some(target) if files.contains(&target) => {}
            Some(target) => {
                let mut d = Diagnostic::error(
                    path,
                    at,
                    Code::BrokenLink,
                    format!("{what} points to `{target}`, which is not in the course folder"),
                );
                if let Some(other) = files.iter().find(|f| f.eq_ignore_ascii_case(&target)) {
                    d = d.with_hint(format!("There is a file `{other}`: file names are case-sensitive."));
                } else {
                    d = d.with_hint("Check the spelling, or add the file to the course folder.");
                }
                diags.push(d);
            }
        }
    }
}

/// The course files a module's text links to or shows, as course paths (`images/map.png`):
/// every relative link that stays inside the course folder, from the text, the questions, the
/// feedback and the scenarios. The server serves learners only these.
pub fn referenced_files(module: &Module) -> BTreeSet<String> {
    let base = module.file.rsplit_once('/').map_or("", |(dir, _)| dir);
    module
        .rich_texts()
        .flat_map(|text| scan_markdown(&text.markdown).1)
        .filter(|link| url_scheme(link.dest.trim()).is_none() && !link.dest.trim().starts_with(['/', '\\', '#']))
        .filter_map(|link| resolve_relative(base, link.dest.trim()))
        .filter(|target| !target.is_empty())
        .collect()
}

/// Resolves a relative URL against a folder inside the course, giving a course
/// path; `None` if it climbs out of the course folder.
pub(crate) fn resolve_relative(base_dir: &str, url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let path = percent_decode(path);
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(resolve_relative("", "images/a%20b.png#x").as_deref(), Some("images/a b.png"));
        assert_eq!(resolve_relative("", "./02-x.en.md").as_deref(), Some("02-x.en.md"));
        assert_eq!(resolve_relative("", "images/../02-x.en.md").as_deref(), Some("02-x.en.md"));
        assert_eq!(resolve_relative("", "../other-course/x.md"), None);
    }

    #[test]
    fn a_module_references_its_relative_files_only() {
        let module = crate::check_module_text(
            "01-intro.en.md",
            "+++\nid = \"intro\"\ntitle = \"Intro\"\norder = 1\nestimated_minutes = 5\nobjectives = [\"Read\"]\n+++\n\n# Intro\n\n\
             ![Map](images/map.png) [handout](docs/handout.pdf) [site](https://example.org/x.png) [top](#intro)\n\n## Sources\n\n- A\n",
            &Default::default(),
        )
        .module
        .expect("the module parses");
        let files: Vec<String> = referenced_files(&module).into_iter().collect();
        assert_eq!(files, ["docs/handout.pdf", "images/map.png"]);
    }

    #[test]
    fn finds_headings_and_links() {
        let (h, l) = scan_markdown("# A\n\ntext [x](a.md) ![i](b.png)\n\n## Sources\n");
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].text, "Sources");
        assert_eq!(l.len(), 2);
        assert!(l[1].image);
        assert_eq!(l[0].offset, 10);
    }
}
