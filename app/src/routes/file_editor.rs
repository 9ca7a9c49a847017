//! Editing one file of a course: a module's Markdown with its check and preview (the
//! `ModuleEditor` island), or course.toml with the course check's findings for it.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::components::module_editor::{ModuleEditor, Problems};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::course_editor_path;
use crate::views::authoring::FileEditorView;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;
use tiltas_course::Diagnostic;

#[server(name = LoadFileEditorPage, endpoint = "author_file")]
pub async fn file_editor_page(slug: String, path: String) -> Result<FileEditorView, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{authoring, context};
    context::with_status(async {
        context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        Ok(authoring::pages::file_editor_page(&state.db, &slug, &path, state.config.allow_external_images).await?)
    }
    .await)
}

/// Saves the text as a draft; with `then = "publish"`, also publishes the course.
#[server(endpoint = "save_course_file")]
pub async fn save_course_file(slug: String, path: String, text: String, then: Option<String>) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::course_import::ImportOutcome;
    use crate::server::{authoring, context, forms};
    let result = async {
        let user = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        authoring::save_file(&state.db, &slug, &path, &text, &user.id).await?;
        if then.as_deref() != Some("publish") {
            return Ok(FormSuccess::message(Msg::FileSaved));
        }
        Ok(match authoring::publish(&state.db, &slug, &user.id).await? {
            ImportOutcome::Created { version } => {
                FormSuccess { message: Msg::PublishedAs, detail: Some(version.to_string()), redirect_to: None }
            }
            ImportOutcome::Unchanged { .. } => FormSuccess::message(Msg::PublishUnchanged),
        })
    }
    .await;
    // The text is a saved draft by now (or the save itself failed with nothing to lose but a
    // page reload), so it is not echoed: it could be far larger than a cookie.
    forms::respond("editor", &[], result)
}

#[component]
pub fn FileEditorPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let slug = params.get("slug").unwrap_or_default();
    let path = params.get("file").unwrap_or_default();
    view! {
        <Await future=file_editor_page(slug.clone(), path.clone()) let:file>
            {page_or_error(file, |file| view! { <FileEditor file=file.clone()/> })}
        </Await>
    }
}

#[component]
fn FileEditor(file: FileEditorView) -> impl IntoView {
    let locale = page_context().locale;
    let is_module = file.is_module();
    view! {
        <section class="author-file">
            <p><a href=course_editor_path(&file.slug)>{tr(Msg::BackToCourse)}</a></p>
            <h1>{tr(Msg::EditorTitle)}" "<code>{file.path.clone()}</code></h1>
            <p class="field-hint">{tr(Msg::EditorHelp)}" "{is_module.then(|| tr(Msg::PreviewLive))}</p>
            <FormOutcome form="editor"/>
            <form method="post" action=SaveCourseFile::url() class="editor-form">
                <CsrfField/>
                <input type="hidden" name="slug" value=file.slug.clone()/>
                <input type="hidden" name="path" value=file.path.clone()/>
                {if is_module {
                    view! {
                        <ModuleEditor path=file.path.clone() text=file.text.clone() context=file.context.clone() locale
                            allow_external_images=file.allow_external_images/>
                        <CourseOnlyProblems diagnostics=file.diagnostics.clone()/>
                    }.into_any()
                } else {
                    view! {
                        <label for="editor-text">{tr(Msg::EditorText)}</label>
                        <textarea id="editor-text" name="text" wrap="off" rows=file.text.lines().count() + 2>{file.text.clone()}</textarea>
                        <Problems diagnostics=file.diagnostics.clone() locale/>
                    }.into_any()
                }}
                <FieldError form="editor" name="publish"/>
                <div class="button-row">
                    <button type="submit" name="then" value="save">{tr(Msg::SaveDraft)}</button>
                    <button type="submit" name="then" value="publish" class="button-secondary">{tr(Msg::SaveAndPublish)}</button>
                </div>
            </form>
        </section>
    }
}

/// The whole-course findings for this module that the single-file check in the editor cannot
/// see, as of the last save.
#[component]
fn CourseOnlyProblems(diagnostics: Vec<Diagnostic>) -> impl IntoView {
    let locale = page_context().locale;
    (!diagnostics.is_empty()).then(|| view! { <Problems diagnostics locale/> })
}
