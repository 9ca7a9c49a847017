//! One course in the editor: its files, what the course check says about the working copy,
//! publishing, adding and removing modules, and the zip download and upload.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FieldError, FormOutcome, TextField};
use crate::components::module_editor::Problem;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::{course_results_path, course_zip_path, file_editor_path};
use crate::routes::editor_courses::UploadForm;
use crate::views::authoring::{CourseEditorView, EditorFileSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[server(name = LoadCourseEditorPage, endpoint = "author_course")]
pub async fn course_editor_page(slug: String) -> Result<CourseEditorView, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{authoring, context};
    context::with_status(async {
        context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        Ok(authoring::pages::course_editor_page(&state.db, &slug, context::locale()).await?)
    }
    .await)
}

#[server(endpoint = "publish_course")]
pub async fn publish_course(slug: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::course_import::ImportOutcome;
    use crate::server::{authoring, context, forms};
    let result = async {
        let user = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        Ok(match authoring::publish(&state.db, &slug, &user.id).await? {
            ImportOutcome::Created { version } => {
                FormSuccess { message: Msg::PublishedAs, detail: Some(version.to_string()), redirect_to: None }
            }
            ImportOutcome::Unchanged { .. } => FormSuccess::message(Msg::PublishUnchanged),
        })
    }
    .await;
    forms::respond("publish", &[], result)
}

#[server(endpoint = "discard_course_changes")]
pub async fn discard_course_changes(slug: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{authoring, context, forms};
    let result = async {
        context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        let still_published = authoring::discard_drafts(&state.db, &slug).await?;
        // A course that was never published has nothing left; its page is gone with it.
        let redirect_to = (!still_published).then(|| "/author".to_string());
        Ok(FormSuccess { message: Msg::ChangesDiscarded, detail: None, redirect_to })
    }
    .await;
    forms::respond("publish", &[], result)
}

#[server(endpoint = "add_module")]
pub async fn add_module(slug: String, file_name: String, title: String) -> Result<FormSuccess, AppError> {
    use crate::domain::accounts::validate_name;
    use crate::domain::roles::Role;
    use crate::server::{authoring, context, forms};
    let result = async {
        let user = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        let file_name = file_name.trim().to_string();
        let title = validate_name(&title).map_err(|m| AppError::invalid("title", m))?;
        authoring::add_module(&state.db, &slug, &file_name, &title, &user.id).await?;
        Ok(FormSuccess { message: Msg::ModuleAdded, detail: None, redirect_to: Some(file_editor_path(&slug, &file_name)) })
    }
    .await;
    forms::respond("add-module", &[("file_name", &file_name), ("title", &title)], result)
}

#[server(endpoint = "remove_course_file")]
pub async fn remove_course_file(slug: String, path: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{authoring, context, forms};
    let result = async {
        let user = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        authoring::delete_file(&state.db, &slug, &path, &user.id).await?;
        Ok(FormSuccess::message(Msg::FileRemoved))
    }
    .await;
    forms::respond("files", &[], result)
}

#[component]
pub fn CourseEditorPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    view! {
        <Await future=course_editor_page(slug.clone()) let:course>
            {page_or_error(course, |course| view! { <CourseWorkspace course=course.clone()/> })}
        </Await>
    }
}

#[component]
fn CourseWorkspace(course: CourseEditorView) -> impl IntoView {
    let publish = ServerAction::<PublishCourse>::new();
    let discard = ServerAction::<DiscardCourseChanges>::new();
    let add = ServerAction::<AddModule>::new();
    let locale = page_context().locale;
    let slug = course.slug.clone();
    // ActionForm's children take ownership, so each form gets its own copy.
    let (publish_slug, discard_slug, add_slug) = (slug.clone(), slug.clone(), slug.clone());
    let download = course.latest_version.map(|_| (course_zip_path(&slug), format!("{slug}.zip")));
    let has_changes = course.files.iter().any(|f| f.changed) || !course.removed.is_empty() || course.latest_version.is_none();
    view! {
        <section class="author-course">
            <p><a href="/author">{tr(Msg::AuthorTitle)}</a></p>
            <h1>{course.title.clone().unwrap_or_else(|| course.slug.clone())}</h1>
            <dl class="facts">
                <dt>{tr(Msg::CourseId)}</dt><dd><code>{course.slug.clone()}</code></dd>
                <dt>{tr(Msg::PublishedVersion)}</dt>
                <dd>{course.latest_version.map_or_else(|| tr(Msg::NotPublished).to_string(), |v| v.to_string())}</dd>
            </dl>

            {course.latest_version.map(|_| view! {
                <p><a href=course_results_path(&course.slug)>{tr(Msg::ResultsLink)}</a></p>
            })}
            <FormOutcome form="publish"/>
            {if course.diagnostics.is_empty() {
                view! { <p class="notice notice-success">{tr(Msg::CheckPassed)}</p> }.into_any()
            } else {
                view! {
                    <h2>{tr(Msg::CheckProblems)}</h2>
                    <ul class="problems">
                        {course.diagnostics.clone().into_iter().map(|d| view! { <Problem diagnostic=d locale show_path=true/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="field-hint">{tr(Msg::PublishHint)}</p>
            <div class="button-row">
                <ActionForm action=publish>
                    <CsrfField/>
                    <input type="hidden" name="slug" value=publish_slug/>
                    <button type="submit">{tr(Msg::Publish)}</button>
                    <FieldError form="publish" name="publish"/>
                </ActionForm>
                {has_changes.then(move || view! {
                    <ActionForm action=discard>
                        <CsrfField/>
                        <input type="hidden" name="slug" value=discard_slug/>
                        <button type="submit" class="button-secondary">{tr(Msg::DiscardChanges)}</button>
                    </ActionForm>
                })}
            </div>

            <h2>{tr(Msg::Files)}</h2>
            <FormOutcome form="files"/>
            <FileTable slug=slug.clone() files=course.files.clone() removed=course.removed.clone()/>
            {download.map(|(href, file_name)| view! {
                <p><a class="button button-secondary" href=href download=file_name>{tr(Msg::DownloadZip)}</a></p>
            })}

            <h2>{tr(Msg::AddModule)}</h2>
            <FormOutcome form="add-module"/>
            <ActionForm action=add>
                <CsrfField/>
                <input type="hidden" name="slug" value=add_slug/>
                <TextField form="add-module" name="file_name" label=Msg::ModuleFileName hint=Msg::ModuleFileNameHint autocomplete="off"/>
                <TextField form="add-module" name="title" label=Msg::ModuleTitle autocomplete="off"/>
                <button type="submit">{tr(Msg::AddModule)}</button>
            </ActionForm>

            <UploadForm slug=Some(slug.clone())/>
        </section>
    }
}

#[component]
fn FileTable(slug: String, files: Vec<EditorFileSummary>, removed: Vec<String>) -> impl IntoView {
    let remove = ServerAction::<RemoveCourseFile>::new();
    view! {
        <table class="data-table">
            <thead><tr>
                <th scope="col">{tr(Msg::ModuleFileName)}</th>
                <th scope="col">{tr(Msg::Status)}</th>
                <th scope="col">{tr(Msg::Actions)}</th>
            </tr></thead>
            <tbody>
                {files.into_iter().map(|file| {
                    let slug = slug.clone();
                    let removable = file.editable && file.path != "course.toml";
                    view! {
                        <tr>
                            <td><code>{file.path.clone()}</code></td>
                            <td>{file.changed.then(|| tr(Msg::FileChanged))}</td>
                            <td class="row-actions">
                                {file.editable.then(|| view! { <a href=file_editor_path(&slug, &file.path)>{tr(Msg::Edit)}</a> })}
                                {removable.then(move || view! {
                                    <ActionForm action=remove>
                                        <CsrfField/>
                                        <input type="hidden" name="slug" value=slug/>
                                        <input type="hidden" name="path" value=file.path.clone()/>
                                        <button type="submit" class="button-link">{tr(Msg::RemoveFile)}</button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
                {removed.into_iter().map(|path| view! {
                    <tr class="file-removed"><td><del>{path}</del></td><td>{tr(Msg::FileChanged)}</td><td></td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <FieldError form="files" name="file_name"/>
    }
}
