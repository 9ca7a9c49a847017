//! The Markdown editor for one module file: the text with line numbers, the problems the
//! course check finds (by line), and a preview, all produced by `tiltas_course`, the same
//! parser and renderer the importer uses.
//!
//! It is an island: rendered on the server for the first view (and for browsers without
//! JavaScript, which see the check and preview of the saved text after each save), then, with
//! JavaScript, re-checked and re-previewed in the browser on every keystroke. The text travels
//! in a plain form field named `text`, so saving works the same either way.

use crate::components::module_preview::ModulePreview;
use crate::domain::external_images::{show_external_images, show_external_images_in};
use crate::i18n::{Locale, Msg, fill};
use leptos::prelude::*;
use tiltas_course::{Code, Diagnostic, ModuleCheck, ModuleContext, Severity, check_module_text, render_markdown};

/// `allow_external_images` is the deployment's setting: the preview shows images from other
/// websites only if learners will see them.
#[island]
pub fn ModuleEditor(path: String, text: String, context: ModuleContext, locale: Locale, allow_external_images: bool) -> impl IntoView {
    let t = move |msg: Msg| msg.text(locale);
    let (source, set_source) = signal(text);
    let check = Memo::new(move |_| source.with(|text| check_module_text(&path, text, &context)));
    let line_count = move || source.with(|text| text.lines().count().max(1) + 1);
    // Effects run only in the browser: this marks the editor as live once it is hydrated (the
    // browser tests wait for it, and the styles show the "updates as you type" hint only then).
    let (live, set_live) = signal(false);
    Effect::new(move |_| set_live.set(true));
    view! {
        <div class="editor" data-live=move || live.get().to_string()>
            <div class="editor-source">
                <label for="editor-text">{t(Msg::EditorText)}</label>
                <div class="editor-frame">
                    <ol class="editor-gutter" aria-hidden="true">
                        {move || {
                            let flagged = check.with(error_lines);
                            (1..=line_count()).map(|line| {
                                let flag = flagged.iter().find(|(l, _)| *l == line).map(|(_, s)| *s);
                                view! {
                                    <li class:line-error=flag == Some(Severity::Error)
                                        class:line-warning=flag == Some(Severity::Warning)>{line}</li>
                                }
                            }).collect_view()
                        }}
                    </ol>
                    <textarea
                        id="editor-text"
                        name="text"
                        wrap="off"
                        spellcheck="true"
                        rows=line_count
                        aria-describedby="editor-problems"
                        prop:value=move || source.get()
                        on:input=move |event| set_source.set(event_target_value(&event))
                    >{source.get_untracked()}</textarea>
                </div>
            </div>
            <div class="editor-side">
                <section id="editor-problems" class="editor-problems" aria-live="polite">
                    {move || check.with(|c| view! { <Problems diagnostics=c.diagnostics.clone() locale/> })}
                </section>
                <section class="editor-preview">
                    <h2>{t(Msg::Preview)}</h2>
                    {move || match check.with(|c| c.module.clone()) {
                        Some(mut module) => {
                            show_external_images(&mut module, allow_external_images);
                            view! { <ModulePreview module locale/> }.into_any()
                        }
                        None => {
                            // The text alone still previews, so the trainer keeps seeing what
                            // they write while a question or scenario block is unfinished.
                            let html = source.with(|text| render_markdown(strip_front_matter(text)));
                            let html = show_external_images_in(html, locale, allow_external_images);
                            view! {
                                <p class="notice">{t(Msg::PreviewPartial)}</p>
                                <div class="module-text" inner_html=html></div>
                            }.into_any()
                        }
                    }}
                </section>
            </div>
        </div>
    }
}

/// The problems of a check, each with its line and column, as a compiler would list them.
#[component]
pub fn Problems(diagnostics: Vec<Diagnostic>, locale: Locale) -> impl IntoView {
    let t = move |msg: Msg| msg.text(locale);
    if diagnostics.is_empty() {
        return view! { <p class="notice notice-success">{t(Msg::NoProblemsInFile)}</p> }.into_any();
    }
    view! {
        <h2>{t(Msg::CheckProblems)}</h2>
        <ul class="problems">
            {diagnostics.into_iter().map(|d| view! { <Problem diagnostic=d locale show_path=false/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One problem: where, how bad, what, and the hint if the checker has one.
#[component]
pub fn Problem(diagnostic: Diagnostic, locale: Locale, show_path: bool) -> impl IntoView {
    let t = move |msg: Msg| msg.text(locale);
    let is_error = diagnostic.severity == Severity::Error;
    let place = fill(t(Msg::LineColumn), &[("line", &diagnostic.line.to_string()), ("column", &diagnostic.column.to_string())]);
    view! {
        <li class="problem" class:problem-error=is_error data-line=diagnostic.line>
            <span class="problem-place">{show_path.then(|| format!("{} · ", diagnostic.path))}{place}</span>
            " "
            <span class="problem-severity">{t(if is_error { Msg::SeverityError } else { Msg::SeverityWarning })}</span>
            ": "
            <span class="problem-kind">{t(problem_kind(diagnostic.code))}</span>
            ". "
            // The checker's own detail names the exact key, id or line content; it is written
            // in English, as `tiltas check` prints it, and marked so for screen readers.
            <span class="problem-message" lang="en">{diagnostic.message}</span>
            {diagnostic.hint.map(|hint| view! { <span class="problem-hint">" "{t(Msg::Hint)}": "<span lang="en">{hint}</span></span> })}
        </li>
    }
}

/// What kind of problem a diagnostic is, in the interface's language.
pub fn problem_kind(code: Code) -> Msg {
    match code {
        Code::Io => Msg::ProblemIo,
        Code::Symlink => Msg::ProblemSymlink,
        Code::NotUtf8 => Msg::ProblemNotUtf8,
        Code::TooDeep => Msg::ProblemTooDeep,
        Code::BadSlug => Msg::ProblemBadSlug,
        Code::MissingCourseToml => Msg::ProblemMissingCourseToml,
        Code::TomlSyntax => Msg::ProblemTomlSyntax,
        Code::FrontMatter => Msg::ProblemFrontMatter,
        Code::UnknownKey => Msg::ProblemUnknownKey,
        Code::MissingKey => Msg::ProblemMissingKey,
        Code::InvalidValue => Msg::ProblemInvalidValue,
        Code::NoModules => Msg::ProblemNoModules,
        Code::BadFileName => Msg::ProblemBadFileName,
        Code::LanguageNotListed => Msg::ProblemLanguageNotListed,
        Code::MissingTranslation => Msg::ProblemMissingTranslation,
        Code::TranslationStatusMissing => Msg::ProblemTranslationStatusMissing,
        Code::TranslationStatusForbidden => Msg::ProblemTranslationStatusForbidden,
        Code::TranslationMismatch => Msg::ProblemTranslationMismatch,
        Code::DuplicateId => Msg::ProblemDuplicateId,
        Code::BadId => Msg::ProblemBadId,
        Code::UnterminatedBlock => Msg::ProblemUnterminatedBlock,
        Code::StrayBlockEnd => Msg::ProblemStrayBlockEnd,
        Code::UnknownBlock => Msg::ProblemUnknownBlock,
        Code::QuestionSyntax => Msg::ProblemQuestionSyntax,
        Code::EmptyPrompt => Msg::ProblemEmptyPrompt,
        Code::NoOptions => Msg::ProblemNoOptions,
        Code::EmptyOption => Msg::ProblemEmptyOption,
        Code::NoCorrectOption => Msg::ProblemNoCorrectOption,
        Code::TooManyCorrect => Msg::ProblemTooManyCorrect,
        Code::TrueFalseOptions => Msg::ProblemTrueFalseOptions,
        Code::ScenarioSyntax => Msg::ProblemScenarioSyntax,
        Code::EmptyNarrative => Msg::ProblemEmptyNarrative,
        Code::NoChoices => Msg::ProblemNoChoices,
        Code::ChoiceWithoutFeedback => Msg::ProblemChoiceWithoutFeedback,
        Code::MissingTarget => Msg::ProblemMissingTarget,
        Code::Unreachable => Msg::ProblemUnreachable,
        Code::NoEnding => Msg::ProblemNoEnding,
        Code::NoWayOut => Msg::ProblemNoWayOut,
        Code::BranchWithoutElse => Msg::ProblemBranchWithoutElse,
        Code::BranchLoop => Msg::ProblemBranchLoop,
        Code::MissingSources => Msg::ProblemMissingSources,
        Code::BrokenLink => Msg::ProblemBrokenLink,
        Code::UnsafeLink => Msg::ProblemUnsafeLink,
        Code::ExternalImage => Msg::ProblemExternalImage,
        Code::Prerequisite => Msg::ProblemPrerequisite,
        Code::Suspicious => Msg::ProblemSuspicious,
        Code::Glossary => Msg::ProblemGlossary,
        Code::AvoidedTerm => Msg::ProblemAvoidedTerm,
        Code::Assessment => Msg::ProblemAssessment,
        Code::NoLongerUsed => Msg::ProblemNoLongerUsed,
    }
}

/// The worst problem on each line, for marking the line numbers.
fn error_lines(check: &ModuleCheck) -> Vec<(usize, Severity)> {
    let mut lines: Vec<(usize, Severity)> = Vec::new();
    for d in &check.diagnostics {
        let line = d.line as usize;
        match lines.iter_mut().find(|(l, _)| *l == line) {
            Some(entry) if d.severity == Severity::Error => entry.1 = Severity::Error,
            Some(_) => {}
            None => lines.push((line, d.severity)),
        }
    }
    lines
}

/// The Markdown after a `+++` front matter block, for the fallback preview.
fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("+++") else { return text };
    match rest.find("\n+++") {
        Some(end) => rest[end + 4..].trim_start_matches(['\r', '\n']),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_left_out_of_the_fallback_preview() {
        assert_eq!(strip_front_matter("+++\nid = \"a\"\n+++\n\n# Title\n"), "# Title\n");
        assert_eq!(strip_front_matter("# No front matter"), "# No front matter");
        assert_eq!(strip_front_matter("+++\nunterminated"), "+++\nunterminated");
    }
}
