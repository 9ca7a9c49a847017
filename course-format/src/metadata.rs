//! `course.toml`: the course's metadata, checked key by key.

use std::collections::BTreeMap;

use toml::de::DeTable;

use crate::diagnostic::{Code, Diagnostic, LineIndex, Pos};
use crate::ids::{is_valid_language, is_valid_slug};
use crate::model::{Audience, Certificate, CourseMetadata, IssuePolicy};
use crate::tomlfields::TomlCtx;

pub(crate) const COURSE_TOML: &str = "course.toml";

const TOP_KEYS: &[&str] = &[
    "source_language",
    "languages",
    "audience",
    "estimated_minutes",
    "pass_mark",
    "self_enrolment",
    "prerequisites",
    // No longer used: warned about below rather than refused, so older courses still import.
    "retakes",
    "certificate",
    "title",
    "summary",
];

/// What could be learnt from `course.toml` even when it has errors, so that module
/// files can still be checked against the language list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Languages {
    pub source: Option<String>,
    pub listed: Option<Vec<String>>,
}

pub(crate) fn parse_course_toml(text: &str, diags: &mut Vec<Diagnostic>) -> (Option<CourseMetadata>, Languages) {
    let index = LineIndex::new(text);
    let before = diags.len();
    let mut cx = TomlCtx {
        path: COURSE_TOML,
        index: &index,
        base: 0,
        diags,
    };
    let Some(table) = cx.parse(text, Pos::START) else {
        return (None, Languages::default());
    };
    cx.check_keys(&table, TOP_KEYS, "course.toml");
    let top = Pos::START;
    let ctx = "course.toml";

    let source_language = cx
        .require(&table, "source_language", top, ctx, "source_language = \"en\"")
        .and_then(|v| {
            let s = cx.string(v, "source_language")?;
            if is_valid_language(&s) {
                Some((s, cx.pos(v.span())))
            } else {
                let at = cx.pos(v.span());
                cx.error(at, Code::InvalidValue, format!("`{s}` is not a language code"))
                    .hint = Some("Use a two-letter lowercase code such as \"en\" or \"lt\".".into());
                None
            }
        });

    let languages = cx
        .require(&table, "languages", top, ctx, "languages = [\"en\", \"lt\"]")
        .and_then(|v| {
            let items = cx.string_array(v, "languages")?;
            if items.is_empty() {
                let at = cx.pos(v.span());
                cx.error(at, Code::InvalidValue, "`languages` must list at least one language");
                return None;
            }
            let mut out: Vec<String> = Vec::new();
            let mut ok = true;
            for (lang, at) in items {
                if !is_valid_language(&lang) {
                    cx.error(at, Code::InvalidValue, format!("`{lang}` is not a language code"))
                        .hint = Some("Use two-letter lowercase codes such as \"en\" or \"lt\".".into());
                    ok = false;
                } else if out.contains(&lang) {
                    cx.error(at, Code::DuplicateId, format!("language `{lang}` is listed twice"));
                    ok = false;
                } else {
                    out.push(lang);
                }
            }
            ok.then_some(out)
        });

    if let (Some((src, at)), Some(langs)) = (&source_language, &languages)
        && !langs.contains(src)
    {
        cx.error(*at, Code::InvalidValue, format!("source language `{src}` is not in `languages`"))
            .hint = Some(format!("Add \"{src}\" to languages, or change source_language."));
    }

    let audience = cx
        .require(&table, "audience", top, ctx, "audience = [\"police\", \"social-worker\"]")
        .and_then(|v| {
            let items = cx.string_array(v, "audience")?;
            if items.is_empty() {
                let at = cx.pos(v.span());
                cx.error(at, Code::InvalidValue, "`audience` must name at least one group")
                    .hint = Some("Use \"any\" if the course is for everyone.".into());
                return None;
            }
            let mut out = Vec::new();
            let mut ok = true;
            for (name, at) in items {
                match Audience::ALL.iter().find(|(s, _)| *s == name) {
                    Some((_, a)) if !out.contains(a) => out.push(*a),
                    Some(_) => {
                        cx.error(at, Code::DuplicateId, format!("audience `{name}` is listed twice"));
                        ok = false;
                    }
                    None => {
                        let names: Vec<&str> = Audience::ALL.iter().map(|(s, _)| *s).collect();
                        cx.error(at, Code::InvalidValue, format!("unknown audience `{name}`"))
                            .hint = Some(format!("Use any of: {}.", names.join(", ")));
                        ok = false;
                    }
                }
            }
            ok.then_some(out)
        });

    let estimated_minutes = cx
        .require(&table, "estimated_minutes", top, ctx, "estimated_minutes = 120")
        .and_then(|v| cx.integer(v, "estimated_minutes", 1, 100_000));
    let pass_mark = cx
        .require(&table, "pass_mark", top, ctx, "pass_mark = 70")
        .and_then(|v| cx.integer(v, "pass_mark", 0, 100));
    let self_enrolment = cx
        .require(&table, "self_enrolment", top, ctx, "self_enrolment = true")
        .and_then(|v| cx.boolean(v, "self_enrolment"));

    let prerequisites = match table.get("prerequisites") {
        None => Some(Vec::new()),
        Some(v) => cx.string_array(v, "prerequisites").and_then(|items| {
            let mut ok = true;
            let mut out = Vec::new();
            for (slug, at) in items {
                if !is_valid_slug(&slug) {
                    cx.error(at, Code::InvalidValue, format!("`{slug}` is not a course id"))
                        .hint = Some("A course id is the course's folder name: lowercase letters, digits and hyphens.".into());
                    ok = false;
                } else {
                    out.push(slug);
                }
            }
            ok.then_some(out)
        }),
    };

    // Courses written before graded assessments set one retake rule for every quiz; practice can
    // now always be retaken and each graded assessment sets its own `attempts`.
    if table.get("retakes").is_some() {
        let at = cx.key_pos(&table, "retakes").unwrap_or(top);
        cx.warning(at, Code::NoLongerUsed, "`retakes` is no longer used")
            .hint = Some("Practice questions can always be tried again; set `attempts` in the front matter of a graded assessment instead, and remove this line.".into());
    }

    let certificate = cx
        .require(&table, "certificate", top, ctx, "[certificate] then awarded = true")
        .and_then(|v| {
            let at = cx.key_pos(&table, "certificate").unwrap_or(top);
            let t = cx.table(v, "certificate")?;
            cx.check_keys(t, &["awarded", "validity_months", "issue"], "[certificate]");
            let awarded = cx
                .require(t, "awarded", at, "[certificate]", "awarded = true")
                .and_then(|v| cx.boolean(v, "awarded"));
            let validity = match t.get("validity_months") {
                None => Some(None),
                Some(v) => cx
                    .integer(v, "validity_months", 0, 1200)
                    .map(|n| (n > 0).then_some(n as u32)),
            };
            let issue = match t.get("issue") {
                None => Some(IssuePolicy::Automatic),
                Some(v) => cx.string(v, "issue").and_then(|text| match text.as_str() {
                    "automatic" => Some(IssuePolicy::Automatic),
                    "approval" => Some(IssuePolicy::Approval),
                    other => {
                        let at = cx.pos(v.span());
                        cx.error(at, Code::InvalidValue, format!("unknown `issue` policy `{other}`"))
                            .hint = Some("Use issue = \"automatic\" (at completion) or issue = \"approval\" (an administrator approves).".into());
                        None
                    }
                }),
            };
            Some(Certificate {
                awarded: awarded?,
                validity_months: validity?,
                issue: issue?,
            })
        });

    let langs_for_text = languages.clone();
    let per_language = |cx: &mut TomlCtx, key: &str| -> Option<BTreeMap<String, String>> {
        let example = format!("[{key}] then en = \"...\"");
        let v = cx.require(&table, key, top, ctx, &example)?;
        let at = cx.key_pos(&table, key).unwrap_or(top);
        let t = cx.table(v, key)?;
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (k, v) in t.iter() {
            let lang: &str = k.get_ref();
            if let Some(langs) = &langs_for_text
                && !langs.iter().any(|l| l == lang)
            {
                let kp = cx.pos(k.span());
                cx.error(kp, Code::UnknownKey, format!("[{key}] has an entry for `{lang}`, which is not in `languages`"))
                    .hint = Some("Add the language to `languages`, or remove this line.".into());
                ok = false;
                continue;
            }
            match cx.nonempty_string(v, &format!("{key}.{lang}")) {
                Some(s) => {
                    out.insert(lang.to_string(), s);
                }
                None => ok = false,
            }
        }
        if let Some(langs) = &langs_for_text {
            for lang in langs {
                if !t.contains_key(lang.as_str()) {
                    cx.error(at, Code::MissingKey, format!("[{key}] has no `{lang}` entry"))
                        .hint = Some(format!("Every language in `languages` needs a {key}: add {lang} = \"...\""));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    };
    let title = per_language(&mut cx, "title");
    let summary = per_language(&mut cx, "summary");

    let langs = Languages {
        source: source_language.as_ref().map(|(s, _)| s.clone()),
        listed: languages.clone(),
    };
    if cx.diags[before..].iter().any(Diagnostic::is_error) {
        return (None, langs);
    }
    let meta = (|| {
        Some(CourseMetadata {
            source_language: source_language?.0,
            languages: languages?,
            audience: audience?,
            estimated_minutes: estimated_minutes? as u32,
            pass_mark: pass_mark? as u8,
            self_enrolment: self_enrolment?,
            prerequisites: prerequisites?,
            certificate: certificate?,
            title: title?,
            summary: summary?,
        })
    })();
    (meta, langs)
}

/// Where each prerequisite is written in `course.toml`, for cross-course checks that
/// run after the courses have been parsed.
pub(crate) fn prerequisite_positions(text: &str) -> Vec<(String, Pos)> {
    let index = LineIndex::new(text);
    let Ok(table) = DeTable::parse(text) else {
        return Vec::new();
    };
    let Some(toml::de::DeValue::Array(items)) = table.get_ref().get("prerequisites").map(|v| v.get_ref()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            item.get_ref()
                .as_str()
                .map(|s| (s.to_string(), index.pos(item.span().start)))
        })
        .collect()
}
