//! Offline reading and answering (issue 16): the course page's "keep this course on this device"
//! control, and the page the service worker (`public/sw.js`) shows instead of a browser error
//! when there is no connection and the page asked for is not kept.
//!
//! The control is rendered `hidden` and only `public/offline.js` shows it, because keeping a
//! course needs a service worker: without JavaScript nothing here is seen and nothing changes.
//! The server decides which pages a course keeps (`kept_pages`), so the script never guesses:
//! the course page, the glossary the modules link to, and every module without a graded
//! assessment. Graded assessments are never kept or queued: their reveal rules are enforced by
//! the server at the moment of answering. What is kept is the very HTML the learner gets online,
//! which holds no answer key (see `routes::questions`).

use crate::i18n::Msg;
use crate::page::tr;
use crate::paths::{GLOSSARY_PATH, course_path, module_path};
use crate::views::learning::ModuleSummary;
use leptos::prelude::*;

/// The addresses of a course's pages that a device keeps: the course page, the glossary, and
/// each module without a graded assessment, with its content-note variants (`?note=read` is the
/// text itself, `?note=summary` the choice to skip it).
pub fn kept_pages(slug: &str, modules: &[ModuleSummary]) -> Vec<String> {
    let mut pages = vec![course_path(slug), GLOSSARY_PATH.to_string()];
    for module in modules.iter().filter(|module| !module.graded) {
        let path = module_path(slug, &module.id);
        if module.has_content_note {
            pages.push(format!("{path}?note=read"));
            pages.push(format!("{path}?note=summary"));
        }
        pages.push(path);
    }
    pages
}

/// The course page's control, for an enrolled learner. Its messages travel as data attributes
/// so the script shows them in the page's language.
#[component]
pub fn KeepOnDevice(slug: String, modules: Vec<ModuleSummary>) -> impl IntoView {
    let pages = kept_pages(&slug, &modules).join(" ");
    view! {
        <section
            class="offline-keep"
            id="offline-keep"
            aria-labelledby="offline-keep-heading"
            hidden=true
            data-offline-keep=slug
            data-pages=pages
            data-msg-keeping=tr(Msg::OfflineKeeping)
            data-msg-kept=tr(Msg::OfflineKept)
            data-msg-failed=tr(Msg::OfflineKeepFailed)
            data-msg-removed=tr(Msg::OfflineRemoved)
        >
            <h2 id="offline-keep-heading">{tr(Msg::OfflineKeepHeading)}</h2>
            <p>{tr(Msg::OfflineKeepIntro)}</p>
            <p>{tr(Msg::OfflineKeepLimits)}</p>
            <p class="notice offline-status" role="status" hidden=true></p>
            <p class="button-row">
                <button type="button" data-offline-action="keep">{tr(Msg::OfflineKeepButton)}</button>
                <button type="button" class="button-secondary" data-offline-action="forget" hidden=true>
                    {tr(Msg::OfflineForgetButton)}
                </button>
            </p>
        </section>
    }
}

/// Shown by the service worker, at the address that could not be opened, when there is no
/// connection. Holds nothing personal, so anyone may open it.
#[component]
pub fn OfflinePage() -> impl IntoView {
    view! {
        <section class="narrow offline-page">
            <h1>{tr(Msg::OfflinePageTitle)}</h1>
            <p>{tr(Msg::OfflinePageText)}</p>
            <p>{tr(Msg::OfflinePageKept)}</p>
            // An empty href is the address shown, which is the page that could not be opened.
            <p><a class="button" href="" data-offline-retry="true">{tr(Msg::OfflinePageRetry)}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(id: &str, graded: bool, has_content_note: bool) -> ModuleSummary {
        ModuleSummary {
            id: id.into(),
            title: id.into(),
            read: false,
            has_questions: true,
            graded,
            quiz_passed: false,
            has_content_note,
        }
    }

    #[test]
    fn keeps_practice_modules_with_their_content_note_forms_but_never_a_graded_assessment() {
        let modules = [module("intro", false, false), module("final", true, false), module("hard", false, true)];
        let pages = kept_pages("spotting", &modules);
        assert_eq!(
            pages,
            [
                "/courses/spotting",
                "/glossary",
                "/courses/spotting/modules/intro",
                "/courses/spotting/modules/hard?note=read",
                "/courses/spotting/modules/hard?note=summary",
                "/courses/spotting/modules/hard",
            ]
        );
        assert!(!pages.iter().any(|page| page.contains("final")), "a graded assessment is not kept");
    }
}
