//! Whole-course parsing: course.toml, every module file, and the checks that need
//! more than one file (duplicate ids, missing translations, translation answer keys,
//! prerequisites between courses).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::consistency::{Side, compare_translation};
use crate::diagnostic::{Code, Diagnostic, Pos, sort_diagnostics};
use crate::hash::content_hash;
use crate::ids::{ModuleFileName, is_valid_slug, parse_module_file_name};
use crate::metadata::{COURSE_TOML, Languages, parse_course_toml, prerequisite_positions};
use crate::model::{Course, Module, SourceFile};
use crate::module::{BlockKind, ModuleEnv, ParsedModule, parse_module};

/// A course that parsed without errors, with the warnings found on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedCourse {
    pub course: Course,
    pub warnings: Vec<Diagnostic>,
}

/// Paths are compared as written by the course's own links: forward slashes, no
/// leading `./`.
pub(crate) fn normalise_path(p: &str) -> String {
    let p = p.replace('\\', "/");
    let mut s = p.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.trim_start_matches('/').to_string()
}

fn is_markdown(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"))
}

struct ModFile {
    path: String,
    name: ModuleFileName,
    parsed: ParsedModule,
}

/// Parses and validates one course from its files (paths relative to the course
/// folder). Returns the course only if there is no error at all; otherwise every
/// diagnostic found (errors and warnings), sorted by file and position.
pub fn parse_course(slug: &str, files: &[SourceFile]) -> Result<ParsedCourse, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    if !is_valid_slug(slug) {
        diags.push(
            Diagnostic::error(COURSE_TOML, Pos::START, Code::BadSlug, format!("the folder name `{slug}` is not a valid course id"))
                .with_hint("Rename the course folder using lowercase letters, digits and hyphens, e.g. trafficking-basics."),
        );
    }
    let files: Vec<(String, &[u8])> = files
        .iter()
        .map(|f| (normalise_path(&f.path), f.contents.as_slice()))
        .collect();
    let file_set: BTreeSet<String> = files.iter().map(|(p, _)| p.clone()).collect();

    let (meta, langs) = match files.iter().find(|(p, _)| p == COURSE_TOML) {
        None => {
            diags.push(
                Diagnostic::error(COURSE_TOML, Pos::START, Code::MissingCourseToml, "the course folder has no course.toml")
                    .with_hint("Every course needs a course.toml with its title, languages and pass mark; see docs/authoring.md."),
            );
            (None, Languages::default())
        }
        Some((_, bytes)) => match std::str::from_utf8(bytes) {
            Ok(text) => parse_course_toml(text.strip_prefix('\u{feff}').unwrap_or(text), &mut diags),
            Err(e) => {
                diags.push(not_utf8(COURSE_TOML, bytes, e));
                (None, Languages::default())
            }
        },
    };

    let mut modules: Vec<ModFile> = Vec::new();
    for (path, bytes) in &files {
        if path.contains('/') || !is_markdown(path) {
            continue;
        }
        let Some(name) = parse_module_file_name(path) else {
            diags.push(
                Diagnostic::error(path, Pos::START, Code::BadFileName, format!("`{path}` is not a module file name"))
                    .with_hint("Module files are named NN-name.<lang>.md, e.g. 01-indicators.en.md: two digits, a hyphen, a lowercase name, the language code."),
            );
            continue;
        };
        if let Some(listed) = &langs.listed
            && !listed.contains(&name.language)
        {
            diags.push(
                Diagnostic::error(path, Pos::START, Code::LanguageNotListed, format!("language `{}` is not listed in course.toml", name.language))
                    .with_hint(format!("Add \"{}\" to `languages` in course.toml, or rename the file.", name.language)),
            );
            continue;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                diags.push(not_utf8(path, bytes, e));
                continue;
            }
        };
        let env = ModuleEnv {
            language: Some(&name.language),
            is_source: langs.source.as_ref().map(|s| *s == name.language),
            files: Some(&file_set),
        };
        let parsed = parse_module(path, text, &env, &mut diags);
        modules.push(ModFile {
            path: path.clone(),
            name,
            parsed,
        });
    }
    if modules.is_empty() && files.iter().all(|(p, _)| p.contains('/') || !is_markdown(p)) {
        diags.push(
            Diagnostic::error(COURSE_TOML, Pos::START, Code::NoModules, "the course has no module files")
                .with_hint("Add module files such as 01-introduction.en.md next to course.toml."),
        );
    }

    let by_language = group_by_language(&modules);
    for mods in by_language.values() {
        check_duplicate_ids(mods, &mut diags);
        check_order_ties(mods, &mut diags);
    }
    check_translations(&modules, &langs, &mut diags);

    let has_errors = diags.iter().any(Diagnostic::is_error);
    let (Some(meta), false) = (meta, has_errors) else {
        sort_diagnostics(&mut diags);
        return Err(diags);
    };
    let mut per_language: BTreeMap<String, Vec<Module>> = BTreeMap::new();
    for m in modules {
        let Some(module) = m.parsed.module else {
            // Unreachable in practice: a module is only missing when it had an error.
            sort_diagnostics(&mut diags);
            return Err(diags);
        };
        per_language.entry(module.language.clone()).or_default().push(module);
    }
    for mods in per_language.values_mut() {
        mods.sort_by(|a, b| (a.metadata.order, &a.file).cmp(&(b.metadata.order, &b.file)));
    }
    let source_files: Vec<SourceFile> = files.iter().map(|(p, c)| SourceFile::new(p.clone(), c.to_vec())).collect();
    let course = Course {
        slug: slug.to_string(),
        content_hash: content_hash(&source_files),
        metadata: meta,
        modules: per_language,
    };
    sort_diagnostics(&mut diags);
    Ok(ParsedCourse { course, warnings: diags })
}

fn not_utf8(path: &str, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..e.valid_up_to()];
    let text = std::str::from_utf8(valid).unwrap_or_default();
    let line = text.matches('\n').count() as u32 + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Diagnostic::error(path, Pos::new(line, column), Code::NotUtf8, "the file is not UTF-8 text")
        .with_hint("Save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8).")
}

fn group_by_language(modules: &[ModFile]) -> BTreeMap<&str, Vec<&ModFile>> {
    let mut out: BTreeMap<&str, Vec<&ModFile>> = BTreeMap::new();
    for m in modules {
        out.entry(m.name.language.as_str()).or_default().push(m);
    }
    out
}

fn check_duplicate_ids(mods: &[&ModFile], diags: &mut Vec<Diagnostic>) {
    let mut module_ids: HashMap<&str, (&str, Pos)> = HashMap::new();
    let mut block_ids: HashMap<&str, (&str, Pos, BlockKind)> = HashMap::new();
    for m in mods {
        let locs = &m.parsed.locs;
        if let Some((id, at)) = &locs.id {
            if let Some((first_path, first)) = module_ids.get(id.as_str()) {
                diags.push(
                    Diagnostic::error(&m.path, *at, Code::DuplicateId, format!("module id `{id}` is already used by {first_path}"))
                        .with_hint(format!("Each module needs its own id (first used at {first_path}:{}).", first.line)),
                );
            } else {
                module_ids.insert(id, (&m.path, *at));
            }
        }
        for b in &locs.blocks {
            if let Some((first_path, first, kind)) = block_ids.get(b.id.as_str()) {
                let what = match kind {
                    BlockKind::Question => "question",
                    BlockKind::Scenario => "scenario",
                };
                diags.push(
                    Diagnostic::error(&m.path, b.id_pos, Code::DuplicateId, format!("id `{}` is already used by a {what} at {first_path}:{}", b.id, first.line))
                        .with_hint("Questions and scenarios share one set of ids per course; give this one a different id."),
                );
            } else {
                block_ids.insert(&b.id, (&m.path, b.id_pos, b.kind));
            }
        }
    }
}

fn check_order_ties(mods: &[&ModFile], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<u32, &str> = HashMap::new();
    for m in mods {
        if let Some((order, at)) = m.parsed.locs.order {
            if let Some(first) = seen.get(&order) {
                diags.push(
                    Diagnostic::warning(&m.path, at, Code::Suspicious, format!("{first} has the same order ({order})"))
                        .with_hint("Modules with the same order are shown in file-name order; give each module its own number."),
                );
            } else {
                seen.insert(order, &m.path);
            }
        }
    }
}

fn check_translations(modules: &[ModFile], langs: &Languages, diags: &mut Vec<Diagnostic>) {
    let mut by_stem: BTreeMap<&str, BTreeMap<&str, &ModFile>> = BTreeMap::new();
    for m in modules {
        by_stem.entry(&m.name.stem).or_default().insert(&m.name.language, m);
    }
    for (stem, versions) in &by_stem {
        let representative = langs
            .source
            .as_deref()
            .and_then(|s| versions.get(s))
            .or_else(|| versions.values().next())
            .copied();
        let Some(rep) = representative else { continue };
        if let Some(listed) = &langs.listed {
            for lang in listed {
                if !versions.contains_key(lang.as_str()) {
                    diags.push(
                        Diagnostic::error(&rep.path, Pos::START, Code::MissingTranslation, format!("this module has no `{lang}` version"))
                            .with_hint(format!("Create {stem}.{lang}.md (every language in course.toml needs every module), or remove \"{lang}\" from `languages`.")),
                    );
                }
            }
        }
        let Some(src_lang) = langs.source.as_deref() else { continue };
        let Some(src) = versions.get(src_lang) else { continue };
        let Some(src_module) = &src.parsed.module else { continue };
        for (lang, tr) in versions {
            if *lang == src_lang {
                continue;
            }
            let Some(tr_module) = &tr.parsed.module else { continue };
            compare_translation(
                &Side { path: &src.path, module: src_module, locs: &src.parsed.locs },
                &Side { path: &tr.path, module: tr_module, locs: &tr.parsed.locs },
                diags,
            );
        }
    }
}

/// What the browser editor knows about the course around the module being edited.
/// Leave a field `None` to skip the checks that need it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleContext {
    pub source_language: Option<String>,
    pub languages: Option<Vec<String>>,
    /// Every file path in the course folder, for checking relative links.
    pub files: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleCheck {
    /// The parsed module, present only when there are no errors.
    pub module: Option<Module>,
    /// Errors and warnings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks one module file on its own, with the same diagnostics as a full course
/// check except those that need the other files (translations, ids used in other
/// modules). `path` is the file's path in the course folder, e.g.
/// `01-indicators.lt.md`; its language comes from the name.
pub fn check_module_text(path: &str, text: &str, context: &ModuleContext) -> ModuleCheck {
    let path = normalise_path(path);
    let mut diags = Vec::new();
    let file_name = path.rsplit('/').next().unwrap_or(&path);
    let name = parse_module_file_name(file_name);
    if name.is_none() {
        diags.push(
            Diagnostic::error(&path, Pos::START, Code::BadFileName, format!("`{file_name}` is not a module file name"))
                .with_hint("Module files are named NN-name.<lang>.md, e.g. 01-indicators.en.md."),
        );
    }
    let language = name.as_ref().map(|n| n.language.as_str());
    if let (Some(lang), Some(listed)) = (language, &context.languages)
        && !listed.iter().any(|l| l == lang)
    {
        diags.push(
            Diagnostic::error(&path, Pos::START, Code::LanguageNotListed, format!("language `{lang}` is not listed in course.toml"))
                .with_hint(format!("Add \"{lang}\" to `languages` in course.toml, or rename the file.")),
        );
    }
    let files: Option<BTreeSet<String>> = context
        .files
        .as_ref()
        .map(|f| f.iter().map(|p| normalise_path(p)).chain(std::iter::once(path.clone())).collect());
    let env = ModuleEnv {
        language,
        is_source: language.zip(context.source_language.as_deref()).map(|(l, s)| l == s),
        files: files.as_ref(),
    };
    let parsed = parse_module(&path, text, &env, &mut diags);
    let mod_file = ModFile {
        path: path.clone(),
        name: name.unwrap_or(ModuleFileName {
            stem: String::new(),
            number: 0,
            language: String::new(),
        }),
        parsed,
    };
    check_duplicate_ids(&[&mod_file], &mut diags);
    sort_diagnostics(&mut diags);
    let module = if diags.iter().any(Diagnostic::is_error) {
        None
    } else {
        mod_file.parsed.module
    };
    ModuleCheck { module, diagnostics: diags }
}

/// The result of checking a folder of courses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseSet {
    /// Courses without errors, sorted by slug.
    pub courses: Vec<Course>,
    /// Every error and warning, with paths prefixed by the course slug
    /// (`trafficking-basics/01-indicators.en.md`).
    pub diagnostics: Vec<Diagnostic>,
    /// The files each valid course was parsed from, by slug: the importer stores them with the
    /// version so that the browser editor and the zip download start from exactly these bytes.
    #[serde(default)]
    pub sources: BTreeMap<String, Vec<SourceFile>>,
    /// The terminology glossary beside the courses, when the folder has one.
    #[serde(default)]
    pub glossary: Option<crate::glossary::Glossary>,
}

impl CourseSet {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses several courses and checks their prerequisites against each other (each
/// must name a course in the set, none its own, and no circles). A course whose
/// prerequisites are wrong is left out like any course with errors.
pub fn parse_courses(inputs: &[(String, Vec<SourceFile>)]) -> CourseSet {
    let mut diagnostics = Vec::new();
    let mut parsed: BTreeMap<String, Course> = BTreeMap::new();
    let all_slugs: BTreeSet<&str> = inputs.iter().map(|(s, _)| s.as_str()).collect();
    let mut toml_texts: HashMap<&str, String> = HashMap::new();
    for (slug, files) in inputs {
        let prefix = |d: Diagnostic| Diagnostic {
            path: format!("{slug}/{}", d.path),
            ..d
        };
        if let Some(f) = files.iter().find(|f| normalise_path(&f.path) == COURSE_TOML) {
            toml_texts.insert(slug, String::from_utf8_lossy(&f.contents).into_owned());
        }
        match parse_course(slug, files) {
            Ok(p) => {
                diagnostics.extend(p.warnings.into_iter().map(prefix));
                parsed.insert(slug.clone(), p.course);
            }
            Err(d) => diagnostics.extend(d.into_iter().map(prefix)),
        }
    }

    let mut bad: BTreeSet<String> = BTreeSet::new();
    for (slug, course) in &parsed {
        let positions = toml_texts.get(slug.as_str()).map(|t| prerequisite_positions(t)).unwrap_or_default();
        let pos_of = |p: &str| positions.iter().find(|(s, _)| s == p).map_or(Pos::START, |(_, at)| *at);
        let path = format!("{slug}/{COURSE_TOML}");
        for pre in &course.metadata.prerequisites {
            if pre == slug {
                diagnostics.push(Diagnostic::error(&path, pos_of(pre), Code::Prerequisite, "a course cannot be its own prerequisite"));
                bad.insert(slug.clone());
            } else if !all_slugs.contains(pre.as_str()) {
                diagnostics.push(
                    Diagnostic::error(&path, pos_of(pre), Code::Prerequisite, format!("prerequisite `{pre}` is not a course"))
                        .with_hint("Prerequisites are course folder names in the same courses folder."),
                );
                bad.insert(slug.clone());
            }
        }
        if let Some(cycle) = prerequisite_cycle(slug, &parsed) {
            let first = cycle.get(1).cloned().unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(&path, pos_of(&first), Code::Prerequisite, format!("prerequisites go round in a circle: {}", cycle.join(" → ")))
                    .with_hint("Nobody could ever start these courses; remove one of the prerequisites."),
            );
            bad.insert(slug.clone());
        }
    }
    for slug in &bad {
        parsed.remove(slug);
    }
    sort_diagnostics(&mut diagnostics);
    let sources = inputs
        .iter()
        .filter(|(slug, _)| parsed.contains_key(slug))
        .map(|(slug, files)| (slug.clone(), files.clone()))
        .collect();
    CourseSet {
        courses: parsed.into_values().collect(),
        diagnostics,
        sources,
        glossary: None,
    }
}

/// A prerequisite path from `slug` back to itself, if there is one.
fn prerequisite_cycle(slug: &str, courses: &BTreeMap<String, Course>) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(slug.to_string(), vec![slug.to_string()])];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        let Some(course) = courses.get(&node) else { continue };
        for pre in &course.metadata.prerequisites {
            if pre == slug && path.len() > 1 {
                let mut p = path.clone();
                p.push(pre.clone());
                return Some(p);
            }
            if pre != slug && seen.insert(pre.clone()) {
                let mut p = path.clone();
                p.push(pre.clone());
                stack.push((pre.clone(), p));
            }
        }
    }
    None
}
