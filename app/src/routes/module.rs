//! Reading a module: the content note first when there is one (continue, or skip to a summary
//! and come back later), the text, its practice questions or graded assessment (in
//! `questions`), links to its case scenarios, and "mark as read".

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FormOutcome};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::paths::{GLOSSARY_PATH, course_path, module_path, scenario_path};
use crate::routes::questions::{AssessmentSection, PracticeResult, QuestionBlock};
use crate::views::learning::{LearnerBlock, ModulePage, ScenarioCardState};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(name = LoadModulePage, endpoint = "module_page")]
pub async fn module_page(slug: String, module_id: String) -> Result<ModulePage, AppError> {
    use crate::server::{context, learning};
    context::with_status(async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        Ok(learning::reading::module_page(&state, &enrolled, context::locale(), &module_id).await?)
    }
    .await)
}

/// `submission_id` comes only from a device that queued the form while offline (see
/// `learning::SubmissionId`); the page's own form has no such field.
#[server(endpoint = "mark_module_read")]
pub async fn mark_module_read(
    slug: String,
    module_id: String,
    #[server(default)] submission_id: Option<String>,
) -> Result<FormSuccess, AppError> {
    use crate::paths::module_anchor_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        let submission = learning::SubmissionId::from_form(submission_id.as_deref()).ok_or(AppError::BadRequest)?;
        let completed = learning::mark_read_submitted(&state, &enrolled, &module_id, submission.as_ref()).await?;
        let message = if completed { Msg::CourseCompletedMessage } else { Msg::ModuleIsRead };
        Ok(FormSuccess { message, detail: None, redirect_to: Some(module_anchor_path(&slug, &module_id, "module-end")) })
    }
    .await;
    forms::respond("read", &[], result)
}

#[component]
pub fn ModuleReadingPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let slug = params.get("slug").unwrap_or_default();
    let module_id = params.get("module").unwrap_or_default();
    // ?note=read: past the content note; ?note=summary: the summary instead of the module.
    let note = use_query_map().read_untracked().get("note").unwrap_or_default();
    view! {
        {load_page(module_page(slug.clone(), module_id.clone()), move |page| {
                let page = page.clone();
                match (page.content_note.clone(), note.as_str()) {
                    (Some(_), "summary") => view! { <ModuleSummaryView page/> }.into_any(),
                    (Some(content_note), shown) if shown != "read" => view! { <ContentNoteGate page content_note/> }.into_any(),
                    _ => view! { <ModuleBody page/> }.into_any(),
                }
            })}
    }
}

#[component]
fn ModuleHeader(page: ModulePage, show_title: bool) -> impl IntoView {
    let percent = page.course_percent.to_string();
    view! {
        <p>
            <a href=course_path(&page.slug)>{page.course_title.clone()}</a>
            " · "<a href=GLOSSARY_PATH>{tr(Msg::GlossaryLink)}</a>
        </p>
        <p class="module-position">
            {fill(tr(Msg::ModuleOf), &[("number", &page.number.to_string()), ("total", &page.total.to_string())])}
            " · "{fill(tr(Msg::ProgressPercent), &[("percent", &percent)])}
        </p>
        <progress max="100" value=percent.clone() aria-label=tr(Msg::YourProgress)>{percent.clone()}"%"</progress>
        {show_title.then(|| view! { <h1>{page.title.clone()}</h1> })}
        {page.language_notice.map(|notice| view! { <p class="notice">{tr(notice)}</p> })}
    }
}

/// Shown before a module with distressing material: the note, and a free choice.
#[component]
fn ContentNoteGate(page: ModulePage, content_note: String) -> impl IntoView {
    let path = module_path(&page.slug, &page.id);
    view! {
        <section class="module">
            <ModuleHeader page=page.clone() show_title=true/>
            <aside class="content-note" role="note">
                <h2>{tr(Msg::ContentNote)}</h2>
                <p>{tr(Msg::ContentNoteIntro)}</p>
                <p>{content_note}</p>
                <p>{tr(Msg::ContentNoteChoice)}</p>
                <div class="button-row">
                    <a class="button" href=format!("{path}?note=read")>{tr(Msg::ContinueToModule)}</a>
                    <a class="button button-secondary" href=format!("{path}?note=summary")>{tr(Msg::SkipToSummary)}</a>
                </div>
            </aside>
        </section>
    }
}

#[component]
fn ModuleSummaryView(page: ModulePage) -> impl IntoView {
    let path = module_path(&page.slug, &page.id);
    view! {
        <section class="module">
            <ModuleHeader page=page.clone() show_title=true/>
            <h2>{tr(Msg::SummaryTitle)}</h2>
            <p>{tr(Msg::SummaryIntro)}</p>
            <ul>{page.objectives.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
            <p>{tr(Msg::ComeBackLater)}</p>
            <div class="button-row">
                <a class="button" href=format!("{path}?note=read")>{tr(Msg::ContinueToModule)}</a>
                <a class="button button-secondary" href=course_path(&page.slug)>{tr(Msg::BackToCourseOverview)}</a>
            </div>
        </section>
    }
}

#[component]
fn ModuleBody(page: ModulePage) -> impl IntoView {
    let mark_read = ServerAction::<MarkModuleRead>::new();
    let slug = page.slug.clone();
    let module_id = page.id.clone();
    let first_question = page.blocks.iter().position(|b| matches!(b, LearnerBlock::Question(_)));
    view! {
        // The messages `offline.js` shows when a form here is kept on the device until the
        // connection returns (a course kept for offline use); nothing reads them otherwise.
        <article
            class="module"
            data-enhance="true"
            data-offline-answer-pending=tr(Msg::OfflineAnswerPending)
            data-offline-read-pending=tr(Msg::OfflineReadPending)
            data-offline-sent=tr(Msg::OfflineSent)
        >
            // Modules usually open with their own `# Title`; the page adds one only when not.
            <ModuleHeader page=page.clone() show_title=!page.opens_with_title/>
            {page.blocks.iter().enumerate().map(|(index, block)| {
                let anchor = (Some(index) == first_question).then_some("questions");
                match block.clone() {
                    LearnerBlock::Text(html) => view! { <div class="module-text" inner_html=html></div> }.into_any(),
                    LearnerBlock::Question(question) => view! {
                        <div id=anchor>
                            {anchor.map(|_| view! { <p class="notice practice-label">{tr(Msg::PracticeLabel)}</p> })}
                            <QuestionBlock slug=slug.clone() module_id=module_id.clone() question/>
                        </div>
                    }.into_any(),
                    LearnerBlock::Scenario { id, title, state } => view! {
                        <ScenarioCard href=scenario_path(&slug, &id) title state/>
                    }.into_any(),
                }
            }).collect_view()}
            {page.quiz.clone().map(|quiz| view! { <PracticeResult slug=slug.clone() module_id=module_id.clone() quiz/> })}
            {page.assessment.clone().map(|assessment| view! {
                <AssessmentSection slug=slug.clone() module_id=module_id.clone() assessment/>
            })}
            <footer class="module-end" id="module-end">
                <FormOutcome form="read"/>
                // A graded assessment is passed, not marked as read.
                {if page.assessment.is_some() {
                    ().into_any()
                } else if page.read {
                    view! { <p class="notice notice-success">{tr(Msg::ModuleIsRead)}</p> }.into_any()
                } else {
                    let (slug, module_id) = (slug.clone(), module_id.clone());
                    view! {
                        <ActionForm action=mark_read>
                            <CsrfField/>
                            <input type="hidden" name="slug" value=slug/>
                            <input type="hidden" name="module_id" value=module_id/>
                            <button type="submit">{tr(Msg::MarkRead)}</button>
                        </ActionForm>
                    }.into_any()
                }}
                <p class="button-row">
                    {page.next_module.clone().map(|next| view! {
                        <a class="button" href=module_path(&slug, &next)>{tr(Msg::NextModule)}</a>
                    })}
                    <a class="button button-secondary" href=course_path(&slug)>{tr(Msg::BackToCourseOverview)}</a>
                </p>
            </footer>
        </article>
    }
}

#[component]
fn ScenarioCard(href: String, title: String, state: ScenarioCardState) -> impl IntoView {
    let label = match state {
        ScenarioCardState::NotStarted => Msg::StartScenario,
        ScenarioCardState::InProgress => Msg::ContinueScenario,
        ScenarioCardState::Finished => Msg::SeeScenarioResult,
    };
    view! {
        <section class="scenario-card">
            <p class="preview-label">{tr(Msg::ScenarioLabel)}</p>
            <h2>{title}</h2>
            <p>{tr(Msg::ScenarioIntro)}</p>
            <a class="button" href=href>{tr(label)}</a>
        </section>
    }
}
