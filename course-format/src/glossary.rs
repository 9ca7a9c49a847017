//! The terminology glossary (`glossary.toml` beside the course folders): each term in every
//! language with a short definition, its source, the word forms that count as a use of it, and
//! the variants to avoid (such as "prieglobstis", asylum, for a shelter).
//!
//! Two uses beyond the glossary page: `tiltas check` warns wherever a module uses an avoided
//! variant, and a module page links the first use of each term to its glossary entry. Matching
//! is by word beginnings, case-insensitive, so a Lithuanian stem covers its inflected forms.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, LineIndex, Pos};
use crate::ids::is_valid_id;

/// The glossary's file name, in the folder that holds the course folders.
pub const GLOSSARY_FILE: &str = "glossary.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    pub terms: Vec<GlossaryTerm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryTerm {
    pub id: String,
    /// Where the term and its definition come from.
    pub source: String,
    /// The term in each language, by language code.
    pub languages: BTreeMap<String, TermInLanguage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermInLanguage {
    pub term: String,
    pub definition: String,
    /// Word beginnings that count as a use of the term. In lowercase they match any case; with
    /// a capital letter (an acronym such as GRETA) only exactly.
    pub forms: Vec<String>,
    /// Word beginnings of variants to avoid, matched the same way.
    pub avoid: Vec<String>,
    /// Why the variants are avoided.
    pub note: Option<String>,
}

/// The file as written: `[[term]]` tables with `[term.<language>]` sub-tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<TermEntry>,
}

/// A `[[term]]` table, key by key with positions: `id`, `source`, and one table per language.
type TermEntry = BTreeMap<String, toml::Spanned<toml::Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageEntry {
    term: String,
    definition: String,
    #[serde(default)]
    forms: Vec<String>,
    #[serde(default)]
    avoid: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

/// Parses and checks a glossary file: valid TOML of the documented shape, unique valid ids,
/// no empty term or definition. Problems carry `path:line:column`.
pub fn parse_glossary(path: &str, text: &str) -> Result<Glossary, Vec<Diagnostic>> {
    let index = LineIndex::new(text);
    let file: GlossaryFile = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(Pos::START, |span| index.pos(span.start));
        vec![
            Diagnostic::error(path, at, Code::Glossary, e.message().trim().to_string())
                .with_hint("Each entry is a [[term]] with id and source, and a [term.<language>] table with term and definition."),
        ]
    })?;
    let mut diagnostics = Vec::new();
    let mut seen = BTreeSet::new();
    let mut terms = Vec::new();
    for entry in file.term {
        let text_of = |key: &str| entry.get(key).and_then(|v| v.get_ref().as_str()).map(str::to_string);
        let at = entry.get("id").map_or(Pos::START, |v| index.pos(v.span().start));
        let id = text_of("id").unwrap_or_default();
        if !is_valid_id(&id) {
            diagnostics.push(Diagnostic::error(path, at, Code::Glossary, format!("`{id}` is not a valid term id (`id = \"…\"`)")));
        } else if !seen.insert(id.clone()) {
            diagnostics.push(Diagnostic::error(path, at, Code::Glossary, format!("the term id `{id}` is used twice")));
        }
        let source = text_of("source").unwrap_or_default();
        if source.trim().is_empty() {
            diagnostics.push(Diagnostic::error(path, at, Code::Glossary, format!("term `{id}` needs a source")));
        }
        let mut languages = BTreeMap::new();
        for (language, value) in entry.iter().filter(|(key, _)| !matches!(key.as_str(), "id" | "source")) {
            let at = index.pos(value.span().start);
            let written = match LanguageEntry::deserialize(value.get_ref().clone()) {
                Ok(written) => written,
                Err(e) => {
                    let message = format!("term `{id}`, `{language}`: {}", e.message().trim());
                    diagnostics.push(Diagnostic::error(path, at, Code::Glossary, message));
                    continue;
                }
            };
            if written.term.trim().is_empty() || written.definition.trim().is_empty() {
                let message = format!("term `{id}` in `{language}` needs a term and a definition");
                diagnostics.push(Diagnostic::error(path, at, Code::Glossary, message));
            }
            let trimmed = |words: Vec<String>| words.iter().map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect();
            let forms: Vec<String> =
                if written.forms.is_empty() { vec![written.term.trim().to_lowercase()] } else { trimmed(written.forms) };
            let term = TermInLanguage {
                term: written.term.trim().to_string(),
                definition: written.definition.trim().to_string(),
                avoid: trimmed(written.avoid),
                note: written.note.filter(|n| !n.trim().is_empty()),
                forms,
            };
            languages.insert(language.clone(), term);
        }
        if languages.is_empty() {
            diagnostics.push(Diagnostic::error(path, at, Code::Glossary, format!("term `{id}` has no [term.<language>] table")));
        }
        terms.push(GlossaryTerm { id, source: source.trim().to_string(), languages });
    }
    if diagnostics.is_empty() { Ok(Glossary { terms }) } else { Err(diagnostics) }
}

impl Glossary {
    /// A warning for every avoided variant in `text` (a module in `language`), at its line and
    /// column, naming the preferred term.
    pub fn avoided_variants(&self, path: &str, language: &str, text: &str) -> Vec<Diagnostic> {
        let index = LineIndex::new(text);
        let mut found = Vec::new();
        for term in &self.terms {
            let Some(written) = term.languages.get(language) else { continue };
            for stem in &written.avoid {
                for (start, end) in word_matches(text, stem) {
                    let message = format!("`{}` is a variant to avoid: write “{}” (glossary: {})", &text[start..end], written.term, term.id);
                    let mut warning = Diagnostic::warning(path, index.pos(start), Code::AvoidedTerm, message);
                    if let Some(note) = &written.note {
                        warning = warning.with_hint(note.clone());
                    }
                    found.push(warning);
                }
            }
        }
        found
    }

    /// Links the first use of each term in a module's HTML (its text blocks, in order) to
    /// `href(term id)`. Text inside links, headings and code is left alone.
    pub fn link_first_uses(&self, language: &str, blocks: &mut [String], href: impl Fn(&str) -> String) {
        let mut linked: BTreeSet<&str> = BTreeSet::new();
        for block in blocks.iter_mut() {
            let mut out = String::with_capacity(block.len());
            for segment in html_segments(block) {
                match segment {
                    Segment::Markup(markup) | Segment::Protected(markup) => out.push_str(markup),
                    Segment::Text(text) => out.push_str(&self.link_in_text(language, text, &mut linked, &href)),
                }
            }
            *block = out;
        }
    }

    fn link_in_text<'g>(&'g self, language: &str, text: &str, linked: &mut BTreeSet<&'g str>, href: &impl Fn(&str) -> String) -> String {
        // Every first use in this text, earliest first, without overlaps.
        let mut uses: Vec<(usize, usize, &str)> = Vec::new();
        for term in &self.terms {
            if linked.contains(term.id.as_str()) {
                continue;
            }
            let Some(written) = term.languages.get(language) else { continue };
            let first = written.forms.iter().filter_map(|form| word_matches(text, form).into_iter().next()).min();
            if let Some((start, end)) = first {
                uses.push((start, end, term.id.as_str()));
            }
        }
        uses.sort();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, id) in uses {
            if start < at {
                continue;
            }
            linked.insert(id);
            out.push_str(&text[at..start]);
            out.push_str(&format!("<a class=\"glossary-term\" href=\"{}\">{}</a>", href(id), &text[start..end]));
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Where `stem` begins a word in `text` (case-insensitive), as byte ranges covering the whole
/// word, so that "prieglaud" finds "Prieglaudoje".
fn word_matches(text: &str, stem: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    for (start, c) in text.char_indices() {
        let at_word_start = previous.is_none_or(|p| !p.is_alphanumeric());
        previous = Some(c);
        if !at_word_start || !c.is_alphanumeric() {
            continue;
        }
        if let Some(end) = stem_end(text, start, stem) {
            let word_end = text[end..].char_indices().find(|(_, c)| !c.is_alphanumeric()).map_or(text.len(), |(i, _)| end + i);
            found.push((start, word_end));
        }
    }
    found
}

/// The end of `stem` in `text` at `start`, compared letter by letter: in any case when the
/// stem is lowercase, exactly when it has a capital (so "GRETA" is not the word "greta").
fn stem_end(text: &str, start: usize, stem: &str) -> Option<usize> {
    let exact = stem.chars().any(char::is_uppercase);
    let mut chars = text[start..].char_indices();
    for wanted in stem.chars() {
        let (_, c) = chars.next()?;
        let same = if exact { c == wanted } else { c.to_lowercase().eq(wanted.to_lowercase()) };
        if !same {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| start + i))
}

enum Segment<'h> {
    /// A tag.
    Markup(&'h str),
    /// Text that must not get links: inside a link, a heading or code.
    Protected(&'h str),
    Text(&'h str),
}

/// Splits sanitised HTML into tags, character references and text, marking text inside `<a>`,
/// `<h1>`–`<h6>`, `<code>` and `<pre>` as protected.
fn html_segments(html: &str) -> Vec<Segment<'_>> {
    const PROTECTING: &[&str] = &["a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"];
    let mut segments = Vec::new();
    let mut depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            let name: String = tag.trim_start_matches(['<', '/']).chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if PROTECTING.contains(&name.to_ascii_lowercase().as_str()) {
                if tag.starts_with("</") {
                    depth = depth.saturating_sub(1);
                } else if !tag.ends_with("/>") {
                    depth += 1;
                }
            }
            segments.push(Segment::Markup(tag));
            rest = &rest[end..];
        } else if rest.starts_with('&') {
            // A character reference (`&amp;`, `&#39;`) is one character to the reader: a term
            // such as "amp" must not be linked inside it.
            let name_end = 1 + rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).unwrap_or(rest.len() - 1);
            let end = if rest[name_end..].starts_with(';') { name_end + 1 } else { 1 };
            segments.push(Segment::Markup(&rest[..end]));
            rest = &rest[end..];
        } else {
            let end = rest.find(['<', '&']).unwrap_or(rest.len());
            let text = &rest[..end];
            segments.push(if depth > 0 { Segment::Protected(text) } else { Segment::Text(text) });
            rest = &rest[end..];
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOSSARY: &str = r#"
[[term]]
id = "shelter"
source = "Directive 2011/36/EU, Article 11(5)"

[term.en]
term = "shelter"
definition = "Safe accommodation."

[term.lt]
term = "prieglauda"
definition = "Saugi apgyvendinimo vieta."
forms = ["prieglaud"]
avoid = ["prieglobst", "prieglobsč"]
note = "„Prieglobstis“ reiškia prieglobstį (asylum)."

[[term]]
id = "non-punishment"
source = "Directive 2011/36/EU, Article 8"

[term.en]
term = "non-punishment principle"
definition = "Not punishing victims for what they were compelled to do."
"#;

    fn glossary() -> Glossary {
        parse_glossary("glossary.toml", GLOSSARY).expect("the glossary parses")
    }

    #[test]
    fn avoided_variants_are_found_at_their_line_and_column_in_any_inflection() {
        let text = "Pirma eilutė.\nJam pasiūlė Prieglobstį ir prieglobsčio vietą, ne prieglaudą.\n";
        let found = glossary().avoided_variants("rt/04.lt.md", "lt", text);
        let at: Vec<(u32, u32, &str)> = found.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        assert_eq!(found.len(), 2, "{at:?}");
        assert_eq!((at[0].0, at[0].1), (2, 13));
        assert!(at[0].2.contains("`Prieglobstį`") && at[0].2.contains("“prieglauda”"), "{}", at[0].2);
        assert_eq!((at[1].0, at[1].1), (2, 28));
        assert!(found.iter().all(|d| d.severity == crate::Severity::Warning && d.hint.is_some()));
        assert!(glossary().avoided_variants("rt/04.en.md", "en", text).is_empty(), "the Lithuanian list applies to Lithuanian only");
    }

    #[test]
    fn a_form_with_capitals_matches_only_exactly() {
        assert_eq!(word_matches("GRETA vertino; greta stovi", "GRETA"), vec![(0, 5)]);
        assert_eq!(word_matches("GRETA vertino; greta stovi", "greta").len(), 2);
    }

    #[test]
    fn a_stem_inside_a_word_is_not_a_match() {
        assert!(glossary().avoided_variants("x.lt.md", "lt", "neprieglobstis").is_empty());
    }

    #[test]
    fn the_first_use_of_each_term_is_linked_outside_links_headings_and_code() {
        let mut blocks = vec![
            "<h2>Shelter</h2><p>A <a href=\"x\">shelter</a> and <code>shelter</code>.</p>".to_string(),
            "<p>The Shelter is safe; another shelter. The non-punishment principle applies.</p>".to_string(),
        ];
        glossary().link_first_uses("en", &mut blocks, |id| format!("/glossary#term-{id}"));
        assert_eq!(blocks[0], "<h2>Shelter</h2><p>A <a href=\"x\">shelter</a> and <code>shelter</code>.</p>");
        assert_eq!(
            blocks[1],
            "<p>The <a class=\"glossary-term\" href=\"/glossary#term-shelter\">Shelter</a> is safe; another shelter. \
             The <a class=\"glossary-term\" href=\"/glossary#term-non-punishment\">non-punishment principle</a> applies.</p>"
        );
    }

    #[test]
    fn lithuanian_forms_link_inflected_words() {
        let mut blocks = vec!["<p>Gyvena prieglaudoje.</p>".to_string()];
        glossary().link_first_uses("lt", &mut blocks, |id| format!("#{id}"));
        assert_eq!(blocks[0], "<p>Gyvena <a class=\"glossary-term\" href=\"#shelter\">prieglaudoje</a>.</p>");
    }

    /// Found by tests/properties.rs: "amp" was linked inside `&amp;`, showing "&amp;" to the
    /// reader with "amp" as a link.
    #[test]
    fn a_term_named_like_a_character_reference_is_not_linked_inside_one() {
        let glossary = parse_glossary("glossary.toml", "[[term]]\nid = \"amp\"\nsource = \"s\"\n[term.en]\nterm = \"amp\"\ndefinition = \"d\"\n")
            .expect("the glossary parses");
        let mut blocks = vec!["<p>Tom &amp; Jerry &#39;amp&#39;, &amp</p>".to_string()];
        glossary.link_first_uses("en", &mut blocks, |id| format!("#{id}"));
        assert_eq!(blocks[0], "<p>Tom &amp; Jerry &#39;<a class=\"glossary-term\" href=\"#amp\">amp</a>&#39;, &amp</p>");
    }

    #[test]
    fn problems_in_the_file_are_reported_with_positions() {
        let twice = format!("{GLOSSARY}\n[[term]]\nid = \"shelter\"\nsource = \"x\"\n[term.en]\nterm = \"s\"\ndefinition = \"d\"\n");
        let errors = parse_glossary("glossary.toml", &twice).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("used twice"));
        assert_eq!(errors[0].line, 26, "at the second `id = \"shelter\"`");
        let unknown = parse_glossary("glossary.toml", "[[term]]\nid = \"a\"\nsource = \"s\"\n[term.en]\nterm = \"a\"\ndefinitions = \"x\"\n");
        let errors = unknown.unwrap_err();
        assert_eq!(errors[0].code, Code::Glossary);
        assert_eq!(errors[0].line, 4, "at the [term.en] table: {}", errors[0].message);
        assert!(errors[0].message.contains("definitions"));
    }
}
