//! Trainers' list of courses they may edit, starting a new course, and uploading a course
//! folder as a zip.

use crate::components::error_page::page_or_error;
use crate::components::form::{CsrfField, FieldError, FormOutcome, TextField};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::{FormSuccess, tr};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use crate::paths::course_editor_path;
use crate::views::authoring::EditorCourseSummary;

#[server(name = LoadEditorCoursesPage, endpoint = "author_courses")]
pub async fn editor_courses_page() -> Result<Vec<EditorCourseSummary>, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{authoring, context};
    context::with_status(async {
        context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        Ok(authoring::pages::editor_courses_page(&state.db, context::locale()).await?)
    }
    .await)
}

#[server(endpoint = "start_course")]
pub async fn start_course(slug: String, title: String) -> Result<FormSuccess, AppError> {
    use crate::domain::accounts::validate_name;
    use crate::domain::roles::Role;
    use crate::server::authoring::{self, AuthoringError};
    use crate::server::{context, forms};
    let result = async {
        let user = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        let slug = slug.trim().to_string();
        let title = validate_name(&title).map_err(|m| AppError::invalid("title", m))?;
        match authoring::create_course(&state.db, &slug, &title, &user.id).await {
            Ok(()) => Ok(FormSuccess {
                message: Msg::CourseStarted,
                detail: None,
                redirect_to: Some(course_editor_path(&slug)),
            }),
            Err(AuthoringError::BadFileName) => Err(AppError::invalid("slug", Msg::CourseIdInvalid)),
            Err(other) => Err(other.into()),
        }
    }
    .await;
    forms::respond("start-course", &[("slug", &slug), ("title", &title)], result)
}

/// A multipart form: `csrf` first (the anti-forgery check reads it), then `slug` and `zip`.
#[server(input = MultipartFormData, endpoint = "upload_course")]
pub async fn upload_course(data: MultipartData) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::authoring::{self, AuthoringError, MAX_ZIP_BYTES};
    use crate::server::{context, forms};
    let mut slug = String::new();
    let result = async {
        let user = context::require_role(Role::Trainer)?;
        let state = context::app_state()?;
        let mut form = data.into_inner().ok_or(AppError::BadRequest)?;
        let mut zip_bytes: Vec<u8> = Vec::new();
        while let Ok(Some(mut field)) = form.next_field().await {
            match field.name() {
                Some("slug") => slug = field.text().await.map_err(|_| AppError::BadRequest)?.trim().to_string(),
                Some("zip") => {
                    while let Ok(Some(chunk)) = field.chunk().await {
                        if zip_bytes.len() + chunk.len() > MAX_ZIP_BYTES {
                            return Err(AppError::invalid("zip", Msg::ZipInvalid));
                        }
                        zip_bytes.extend_from_slice(&chunk);
                    }
                }
                _ => {}
            }
        }
        if zip_bytes.is_empty() {
            return Err(AppError::invalid("zip", Msg::ZipMissing));
        }
        match authoring::upload_zip(&state.db, &slug, zip_bytes, &user.id).await {
            Ok(()) => Ok(FormSuccess { message: Msg::UploadSaved, detail: None, redirect_to: Some(course_editor_path(&slug)) }),
            Err(AuthoringError::BadFileName) => Err(AppError::invalid("slug", Msg::CourseIdInvalid)),
            Err(other) => Err(other.into()),
        }
    }
    .await;
    let echoed_slug = slug.clone();
    forms::respond("upload-course", &[("slug", &echoed_slug)], result)
}

#[component]
pub fn EditorCoursesPage() -> impl IntoView {
    let start = ServerAction::<StartCourse>::new();
    view! {
        <Await future=editor_courses_page() let:courses>
            {page_or_error(courses, |courses| view! {
                <section>
                    <h1>{tr(Msg::AuthorTitle)}</h1>
                    <p>{tr(Msg::AuthorIntro)}</p>
                    {if courses.is_empty() {
                        view! { <p>{tr(Msg::NoCourses)}</p> }.into_any()
                    } else {
                        view! { <CourseTable courses=courses.clone()/> }.into_any()
                    }}
                    <h2>{tr(Msg::StartCourse)}</h2>
                    <FormOutcome form="start-course"/>
                    <ActionForm action=start>
                        <CsrfField/>
                        <TextField form="start-course" name="slug" label=Msg::CourseId hint=Msg::CourseIdHint autocomplete="off"/>
                        <TextField form="start-course" name="title" label=Msg::CourseTitleEnglish autocomplete="off"/>
                        <button type="submit">{tr(Msg::StartCourse)}</button>
                    </ActionForm>
                    <UploadForm slug=None/>
                </section>
            })}
        </Await>
    }
}

#[component]
fn CourseTable(courses: Vec<EditorCourseSummary>) -> impl IntoView {
    view! {
        <table class="data-table">
            <thead><tr>
                <th scope="col">{tr(Msg::CourseTitle)}</th>
                <th scope="col">{tr(Msg::CourseId)}</th>
                <th scope="col">{tr(Msg::PublishedVersion)}</th>
                <th scope="col">{tr(Msg::Status)}</th>
            </tr></thead>
            <tbody>
                {courses.into_iter().map(|course| view! {
                    <tr>
                        <td><a href=course_editor_path(&course.slug)>{course.title.clone().unwrap_or_else(|| course.slug.clone())}</a></td>
                        <td><code>{course.slug.clone()}</code></td>
                        <td>{course.latest_version.map_or_else(|| tr(Msg::NotPublished).to_string(), |v| v.to_string())}</td>
                        <td>
                            {course.has_drafts.then(|| view! { <p>{tr(Msg::UnpublishedChanges)}</p> })}
                            {course.retired.then(|| view! { <p>{tr(Msg::CourseRetired)}</p> })}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Uploading a zip: on the course list for a new course (the id is asked for), and on a
/// course's page to replace its working copy (the id is given).
#[component]
pub fn UploadForm(slug: Option<String>) -> impl IntoView {
    view! {
        <h2>{tr(Msg::UploadCourse)}</h2>
        <p class="field-hint">{tr(Msg::UploadHint)}</p>
        <FormOutcome form="upload-course"/>
        <form method="post" action=UploadCourse::url() enctype="multipart/form-data">
            <CsrfField/>
            {match slug {
                Some(slug) => view! { <input type="hidden" name="slug" value=slug/> }.into_any(),
                None => view! {
                    <TextField form="upload-course" name="slug" label=Msg::CourseId hint=Msg::CourseIdHint autocomplete="off"/>
                }.into_any(),
            }}
            <div class="field">
                <label for="upload-course-zip">{tr(Msg::ZipFile)}</label>
                <FieldError form="upload-course" name="zip"/>
                <input id="upload-course-zip" type="file" name="zip" accept=".zip,application/zip" required=true/>
            </div>
            <button type="submit">{tr(Msg::Upload)}</button>
        </form>
    }
}
