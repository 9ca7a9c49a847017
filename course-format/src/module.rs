//! One module file: `+++` front matter, then Markdown with `:::` question and
//! scenario blocks. Produces the module (when it has no errors) and the positions
//! that course-level checks (duplicates, translations) need.

use std::collections::{BTreeSet, HashMap};

use crate::assessment::{AssessmentLocs, check_bank, parse_assessment};
use crate::blocks::{BlockCx, Line, QuestionLoc, ScenarioLoc, parse_question, parse_scenario};
use crate::diagnostic::{Code, Diagnostic, LineIndex, Pos};
use crate::ids::is_valid_id;
use crate::links::{check_links, scan_markdown};
use crate::model::{Block, Module, ModuleMetadata, RichText, TranslationStatus};
use crate::render::{markdown_to_unsafe_html, render_markdown, sanitize_html};
use crate::snippet::{column_of, indent_len};
use crate::tomlfields::{TomlCtx, closest};

const FRONT_MATTER_KEYS: &[&str] = &[
    "id",
    "title",
    "order",
    "estimated_minutes",
    "objectives",
    "content_note",
    "translation_status",
    "assessment",
    "draw",
    "quotas",
    "attempts",
    "retake_after",
    "reveal",
];

/// What the module parser needs to know about the course around it. Fields are
/// `None` when unknown (the browser editor checking one file on its own, or a
/// course.toml with errors); checks that need them are then skipped.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModuleEnv<'a> {
    pub language: Option<&'a str>,
    pub is_source: Option<bool>,
    pub files: Option<&'a BTreeSet<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Question,
    Scenario,
}

#[derive(Debug, Clone)]
pub(crate) struct BlockLoc {
    pub kind: BlockKind,
    pub id: String,
    pub id_pos: Pos,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ModuleLocs {
    pub id: Option<(String, Pos)>,
    pub order: Option<(u32, Pos)>,
    pub assessment: Option<AssessmentLocs>,
    pub blocks: Vec<BlockLoc>,
    pub questions: HashMap<String, QuestionLoc>,
    pub scenarios: HashMap<String, ScenarioLoc>,
}

pub(crate) struct ParsedModule {
    pub module: Option<Module>,
    pub locs: ModuleLocs,
}

struct FrontMatter {
    id: String,
    metadata: ModuleMetadata,
}

/// `:::` lines: `Some(None)` closes a block, `Some(Some(rest))` opens one.
fn block_marker(line: &str) -> Option<Option<&str>> {
    let t = line.trim_start();
    if !t.starts_with(":::") {
        return None;
    }
    let rest = t.trim_start_matches(':').trim();
    Some((!rest.is_empty()).then_some(rest))
}

/// Opening fence of a fenced code block: its character and length.
fn fence_open(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    if n < 3 || (c == '`' && t[n..].contains('`')) {
        return None;
    }
    Some((c, n))
}

fn fence_closes(line: &str, c: char, n: usize) -> bool {
    let t = line.trim();
    t.chars().count() >= n && t.chars().all(|x| x == c)
}

/// A marker that stands in for a block while the module's Markdown is rendered as
/// one document (so footnotes and reference links work across blocks); it is
/// unlikely to be typed by a trainer, and if it is, we fall back to rendering
/// segment by segment.
fn placeholder(i: usize) -> String {
    format!("<!--tiltas-block-{i}-f0e1d2-->")
}

pub(crate) fn parse_module(path: &str, text: &str, env: &ModuleEnv, diags: &mut Vec<Diagnostic>) -> ParsedModule {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let index = LineIndex::new(text);
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let mut locs = ModuleLocs::default();

    // Front matter.
    let mut front = None;
    let body_start;
    if lines.first().map(|l| l.trim_end()) == Some("+++") {
        match lines.iter().skip(1).position(|l| l.trim_end() == "+++") {
            Some(close) => {
                let close = close + 1;
                let fm_text = &text[index.line_start(2)..index.line_start(close as u32 + 1)];
                front = parse_front_matter(path, fm_text, index.line_start(2), &index, env, &mut locs, diags);
                body_start = close + 1;
            }
            None => {
                diags.push(
                    Diagnostic::error(path, Pos::START, Code::FrontMatter, "the front matter starting here is never closed")
                        .with_hint("Add a line with only +++ after the last front-matter line."),
                );
                return ParsedModule { module: None, locs };
            }
        }
    } else {
        diags.push(
            Diagnostic::error(path, Pos::START, Code::FrontMatter, "a module must start with front matter between `+++` lines")
                .with_hint("The first line must be +++, followed by id = \"...\", title = \"...\" and the other keys, and another +++ line."),
        );
        body_start = 0;
    }

    // Body: Markdown with blocks. The Markdown "document" keeps one line per source
    // line so that Markdown offsets map straight back to file positions.
    let mut doc: Vec<String> = Vec::with_capacity(lines.len());
    let mut segments: Vec<String> = Vec::new();
    let mut segment: Vec<&str> = Vec::new();
    let mut blocks: Vec<Option<Block>> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut i = body_start;
    while i < lines.len() {
        let line = lines[i];
        let ln = i as u32 + 1;
        if let Some((c, n)) = fence {
            if fence_closes(line, c, n) {
                fence = None;
            }
        } else if let Some(f) = fence_open(line) {
            fence = Some(f);
        } else if let Some(marker) = block_marker(line) {
            let at = Pos::new(ln, column_of(line, indent_len(line)));
            if marker.is_none() {
                diags.push(
                    Diagnostic::error(path, at, Code::StrayBlockEnd, "`:::` closes a block, but no block is open")
                        .with_hint("Blocks start with `::: question <id>` or `::: scenario <id>`; remove this line or add the opening line."),
                );
                doc.push(String::new());
                segment.push("");
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut closed = false;
            while j < lines.len() {
                match block_marker(lines[j]) {
                    Some(None) => {
                        closed = true;
                        break;
                    }
                    Some(Some(_)) => break,
                    None => j += 1,
                }
            }
            doc.push(placeholder(blocks.len()));
            doc.extend((i + 1..j + usize::from(closed)).map(|_| String::new()));
            segments.push(segment.join("\n"));
            segment.clear();
            if !closed {
                diags.push(
                    Diagnostic::error(path, at, Code::UnterminatedBlock, format!("`{}` is never closed", line.trim()))
                        .with_hint("Add a line with only `:::` at the end of the block."),
                );
                blocks.push(None);
                i = j;
                continue;
            }
            let inner: Vec<Line> = (i + 1..j).map(|k| (k as u32 + 1, lines[k])).collect();
            blocks.push(parse_block(path, line, at, &inner, env, &mut locs, diags));
            i = j + 1;
            continue;
        }
        doc.push(line.to_string());
        segment.push(line);
        i += 1;
    }
    segments.push(segment.join("\n"));

    // Links and the Sources section, over the Markdown between blocks.
    let doc_text = doc.join("\n");
    let doc_index = LineIndex::new(&doc_text);
    let to_pos = |offset: usize| {
        let p = doc_index.pos(offset);
        Pos::new(p.line + body_start as u32, p.column)
    };
    let (headings, links) = scan_markdown(&doc_text);
    check_links(&links, to_pos, path, env.files, diags);
    check_sources(path, &lines, body_start, &headings, &locs, env.language, &to_pos, diags);
    if let (Some(fm), Some(assessment_locs)) = (&front, &locs.assessment)
        && let Some(assessment) = &fm.metadata.assessment
    {
        let questions: Vec<_> = blocks
            .iter()
            .flatten()
            .filter_map(|b| match b {
                Block::Question(q) => Some(q),
                _ => None,
            })
            .collect();
        let option_positions = |id: &str| locs.questions.get(id).map(|q| q.options.clone()).unwrap_or_default();
        check_bank(path, assessment, assessment_locs, &questions, &option_positions, diags);
    }

    let depth = crate::render::html_nesting_depth(&markdown_to_unsafe_html(&doc_text));
    if depth > crate::render::MAX_NESTING {
        diags.push(Diagnostic::error(
            path,
            Pos::START,
            Code::TooDeep,
            format!("quotes, lists or HTML are nested {depth} levels deep; at most {} are allowed", crate::render::MAX_NESTING),
        ));
    }

    let errors_after = diags.iter().filter(|d| d.is_error()).count();
    let module = match (front, errors_after == errors_before) {
        (Some(fm), true) => {
            let html = render_segments(&doc_text, &segments, blocks.len());
            let mut built = Vec::new();
            for (k, seg_html) in html.into_iter().enumerate() {
                if !seg_html.trim().is_empty() {
                    built.push(Block::Markdown(RichText {
                        markdown: segments[k].trim_matches('\n').to_string(),
                        html: seg_html.trim().to_string(),
                    }));
                }
                if let Some(Some(b)) = blocks.get_mut(k).map(Option::take) {
                    built.push(b);
                }
            }
            Some(Module {
                id: fm.id,
                language: env.language.unwrap_or_default().to_string(),
                file: path.to_string(),
                metadata: fm.metadata,
                blocks: built,
            })
        }
        _ => None,
    };
    ParsedModule { module, locs }
}

fn parse_block(
    path: &str,
    line: &str,
    at: Pos,
    inner: &[Line],
    env: &ModuleEnv,
    locs: &mut ModuleLocs,
    diags: &mut Vec<Diagnostic>,
) -> Option<Block> {
    let indent = indent_len(line);
    let after_colons = line[indent..].trim_start_matches(':');
    let rest_index = line.len() - after_colons.trim_start().len();
    let rest = line[rest_index..].trim_end();
    let mut words = rest.split_whitespace();
    let kind_word = words.next().unwrap_or("");
    let id = words.next().unwrap_or("");
    let extra = words.next();
    let id_index = rest_index + rest.find(char::is_whitespace).map_or(rest.len(), |k| k + indent_len(&rest[k..]));
    let id_pos = Pos::new(at.line, column_of(line, id_index));
    let kind = match kind_word {
        "question" => BlockKind::Question,
        "scenario" => BlockKind::Scenario,
        other => {
            let hint = match closest(other, &["question", "scenario"]) {
                Some(k) => format!("Did you mean `::: {k}`? Blocks are `::: question <id>` and `::: scenario <id>`."),
                None => "Blocks are `::: question <id>` and `::: scenario <id>`.".into(),
            };
            diags.push(Diagnostic::error(path, at, Code::UnknownBlock, format!("unknown block `::: {other}`")).with_hint(hint));
            return None;
        }
    };
    let mut valid_id = true;
    if id.is_empty() {
        diags.push(
            Diagnostic::error(path, at, Code::BadId, format!("`::: {kind_word}` needs an id"))
                .with_hint(format!("For example `::: {kind_word} consent-irrelevant`; the id must be unique in the course.")),
        );
        valid_id = false;
    } else if !is_valid_id(id) || extra.is_some() {
        diags.push(
            Diagnostic::error(path, id_pos, Code::BadId, format!("`{}` is not a valid id", rest[id_index - rest_index..].trim()))
                .with_hint("An id is one word of letters, digits, `-` or `_`, e.g. consent-irrelevant."),
        );
        valid_id = false;
    }
    let id = if valid_id { id } else { "" };
    if valid_id {
        locs.blocks.push(BlockLoc {
            kind,
            id: id.to_string(),
            id_pos,
        });
    }
    let mut cx = BlockCx {
        path,
        files: env.files,
        diags,
    };
    match kind {
        BlockKind::Question => {
            let (q, loc) = parse_question(&mut cx, id, at, inner);
            if valid_id {
                locs.questions.insert(id.to_string(), loc);
            }
            q.map(Block::Question)
        }
        BlockKind::Scenario => {
            let (s, loc) = parse_scenario(&mut cx, id, at, inner);
            if valid_id {
                locs.scenarios.insert(id.to_string(), loc);
            }
            s.map(Block::Scenario)
        }
    }
}

fn parse_front_matter(
    path: &str,
    fm_text: &str,
    base: usize,
    index: &LineIndex,
    env: &ModuleEnv,
    locs: &mut ModuleLocs,
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let before = diags.iter().filter(|d| d.is_error()).count();
    let mut cx = TomlCtx { path, index, base, diags };
    let table = cx.parse(fm_text, Pos::START)?;
    cx.check_keys(&table, FRONT_MATTER_KEYS, "the front matter");
    let top = Pos::START;
    let ctx = "the front matter";
    let id = cx.require(&table, "id", top, ctx, "id = \"indicators\"").and_then(|v| {
        let s = cx.string(v, "id")?;
        let at = cx.pos(v.span());
        if !is_valid_id(&s) {
            cx.error(at, Code::BadId, format!("`{s}` is not a valid module id"))
                .hint = Some("An id is one word of letters, digits, `-` or `_`, e.g. \"indicators\".".into());
            return None;
        }
        locs.id = Some((s.clone(), at));
        Some(s)
    });
    let title = cx
        .require(&table, "title", top, ctx, "title = \"Indicators and their limits\"")
        .and_then(|v| cx.nonempty_string(v, "title"));
    let order = cx.require(&table, "order", top, ctx, "order = 1").and_then(|v| {
        let n = cx.integer(v, "order", 0, 10_000)? as u32;
        locs.order = Some((n, cx.pos(v.span())));
        Some(n)
    });
    let estimated_minutes = cx
        .require(&table, "estimated_minutes", top, ctx, "estimated_minutes = 25")
        .and_then(|v| cx.integer(v, "estimated_minutes", 1, 10_000))
        .map(|n| n as u32);
    let objectives = cx
        .require(&table, "objectives", top, ctx, "objectives = [\"Name the three elements of trafficking\"]")
        .and_then(|v| {
            let items = cx.string_array(v, "objectives")?;
            if items.is_empty() {
                let at = cx.pos(v.span());
                cx.warning(at, Code::Suspicious, "`objectives` is empty")
                    .hint = Some("Learners see the objectives before starting; list what they will be able to do.".into());
            }
            let mut ok = true;
            for (o, at) in &items {
                if o.trim().is_empty() {
                    cx.error(*at, Code::InvalidValue, "an objective is empty");
                    ok = false;
                }
            }
            ok.then(|| items.into_iter().map(|(s, _)| s).collect::<Vec<_>>())
        });
    let content_note = match table.get("content_note") {
        None => Some(None),
        Some(v) => cx.string(v, "content_note").map(|s| (!s.trim().is_empty()).then_some(s)),
    };
    let translation_status = match (table.get("translation_status"), env.is_source) {
        (Some(_), Some(true)) => {
            let at = cx.key_pos(&table, "translation_status").unwrap_or(top);
            cx.error(at, Code::TranslationStatusForbidden, "`translation_status` is only for translations, not the source language")
                .hint = Some("Remove this line: the source-language file is the original.".into());
            None
        }
        (None, Some(false)) => {
            cx.error(top, Code::TranslationStatusMissing, "a translation needs `translation_status`")
                .hint = Some("Add translation_status = \"draft\" (or \"reviewed\" once a second person has checked it).".into());
            None
        }
        (None, _) => Some(None),
        (Some(v), _) => cx.string(v, "translation_status").and_then(|s| match s.as_str() {
            "draft" => Some(Some(TranslationStatus::Draft)),
            "reviewed" => Some(Some(TranslationStatus::Reviewed)),
            other => {
                let at = cx.pos(v.span());
                cx.error(at, Code::InvalidValue, format!("unknown translation_status `{other}`"))
                    .hint = Some("Use \"draft\" or \"reviewed\".".into());
                None
            }
        }),
    };
    let assessment = parse_assessment(&mut cx, &table).map(|(assessment, assessment_locs)| {
        locs.assessment = assessment_locs;
        assessment
    });
    if cx.diags.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    Some(FrontMatter {
        id: id?,
        metadata: ModuleMetadata {
            title: title?,
            order: order?,
            estimated_minutes: estimated_minutes?,
            objectives: objectives?,
            content_note: content_note?,
            translation_status: translation_status?,
            assessment: assessment?,
        },
    })
}

/// The heading a module's sources go under, per language. Unknown languages accept
/// any of the known names rather than guessing a translation.
fn sources_names(language: Option<&str>) -> &'static [&'static str] {
    match language {
        Some("en") => &["Sources"],
        Some("lt") => &["Šaltiniai"],
        _ => &["Sources", "Šaltiniai"],
    }
}

#[allow(clippy::too_many_arguments)]
fn check_sources(
    path: &str,
    lines: &[&str],
    body_start: usize,
    headings: &[crate::links::Heading],
    locs: &ModuleLocs,
    language: Option<&str>,
    to_pos: &dyn Fn(usize) -> Pos,
    diags: &mut Vec<Diagnostic>,
) {
    let names = sources_names(language);
    let matches = |h: &crate::links::Heading, names: &[&str]| names.iter().any(|n| h.text.trim().eq_ignore_ascii_case(n));
    let wanted = names.iter().map(|n| format!("## {n}")).collect::<Vec<_>>().join("` or `");
    let Some((k, h)) = headings.iter().enumerate().rev().find(|(_, h)| matches(h, names)) else {
        if let Some(other) = headings.iter().find(|h| matches(h, sources_names(None))) {
            diags.push(
                Diagnostic::warning(path, to_pos(other.offset), Code::MissingSources, format!("in this language the sources section is called `{wanted}`"))
                    .with_hint("Rename the heading so that the platform recognises the section."),
            );
            return;
        }
        let last = lines
            .iter()
            .enumerate()
            .skip(body_start)
            .rev()
            .find(|(_, l)| !l.trim().is_empty())
            .map_or(lines.len().max(1), |(i, _)| i + 1);
        diags.push(
            Diagnostic::warning(path, Pos::new(last as u32, 1), Code::MissingSources, format!("the module has no `{wanted}` section"))
                .with_hint("End every module with a sources section listing the laws, guidance and research used."),
        );
        return;
    };
    let at = to_pos(h.offset);
    let later_heading = headings[k + 1..].iter().any(|o| o.level <= h.level);
    let later_block = locs.blocks.iter().any(|b| b.id_pos.line > at.line);
    if later_heading || later_block {
        diags.push(
            Diagnostic::warning(path, at, Code::MissingSources, "the sources section should be the last part of the module")
                .with_hint("Move it to the end, after all questions and scenarios."),
        );
        return;
    }
    let first_line = (at.line as usize).min(lines.len());
    if lines[first_line..].iter().all(|l| l.trim().is_empty()) {
        diags.push(
            Diagnostic::warning(path, at, Code::MissingSources, "the sources section is empty")
                .with_hint("List the laws, guidance and research the module is based on."),
        );
    }
}

/// Renders the Markdown between blocks. The whole module is rendered at once, with
/// placeholders where the blocks are, so that a footnote used before a question and
/// defined in the Sources section after it still links up.
fn render_segments(doc_text: &str, segments: &[String], n_blocks: usize) -> Vec<String> {
    let html = markdown_to_unsafe_html(doc_text);
    let mut pieces = Vec::with_capacity(n_blocks + 1);
    let mut rest = html.as_str();
    for k in 0..n_blocks {
        let marker = placeholder(k);
        match rest.find(&marker) {
            Some(at) => {
                pieces.push(&rest[..at]);
                rest = &rest[at + marker.len()..];
            }
            None => return segments.iter().map(|s| render_markdown(s)).collect(),
        }
    }
    pieces.push(rest);
    pieces.into_iter().map(sanitize_html).collect()
}
