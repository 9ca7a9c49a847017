//! The two posts of the CSV import of people: `POST /admin/people/import/preview` (a multipart
//! form with a file, or the text pasted; a plain form is accepted too) and
//! `POST /admin/people/import/confirm` (the previewed text, carried back in a hidden field).
//!
//! Plain routes rather than server functions because each answers with a whole page: the import
//! page (`tiltas_app::routes::admin_people_import`) rendered with the outcome in its context.
//! Each checks the caller (`Viewer::require_admin_scope`), reads the form, and calls one service
//! function, which applies the administrator's scope. The anti-forgery layer has already
//! refused a multipart post from anyone who is not an administrator, before reading it.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;
use tiltas_app::domain::people_import::{MAX_BYTES, RowProblem};
use tiltas_app::error::AppError;
use tiltas_app::i18n::Msg;
use tiltas_app::paths::PEOPLE_IMPORT_PATH;
use tiltas_app::server::context::{AppState, Viewer};
use tiltas_app::server::people_import::{self, ImportError};
use tiltas_app::views::people_import::{ImportCounts, ImportPreview, ImportStep};

/// Renders the import page for a request, with the step's outcome in its context.
pub type RenderStep = std::sync::Arc<dyn Fn(ImportStep, Request) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

/// Which of the two posts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Post {
    Preview,
    Confirm,
}

pub async fn import_post(post: Post, render: RenderStep, request: Request) -> Response {
    match step(post, request).await {
        Ok((step, parts)) => {
            let mut request = Request::from_parts(parts, Body::empty());
            // The page is rendered as the import page, whichever of the two addresses was posted to.
            *request.uri_mut() = Uri::from_static(PEOPLE_IMPORT_PATH);
            render(step, request).await
        }
        Err(error) => error.into_response(),
    }
}

async fn step(post: Post, request: Request) -> Result<(ImportStep, http::request::Parts), AppError> {
    let state = request.extensions().get::<AppState>().cloned().ok_or(AppError::Internal)?;
    let viewer = request.extensions().get::<Viewer>().cloned().unwrap_or_default();
    let (admin, scope) = viewer.require_admin_scope()?;
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (parts, body) = request.into_parts();
    // The body limit layer bounds the size (`MAX_IMPORT_BODY_BYTES`).
    let body = to_bytes(body, usize::MAX).await.map_err(|_| AppError::BadRequest)?;
    let submitted = match multer::parse_boundary(&content_type) {
        Ok(boundary) => multipart_text(body, boundary).await?,
        Err(_) => form_text(&body),
    };
    let nothing = || {
        let problem = RowProblem::new(0, None, Msg::ImportNothingChosen, "");
        ImportStep::Preview(ImportPreview { csv: String::new(), rows: Vec::new(), problems: vec![problem], counts: ImportCounts::default() })
    };
    let step = match (post, submitted) {
        (_, None) => nothing(),
        (Post::Preview, Some(bytes)) => ImportStep::Preview(people_import::preview(&state, &scope, &bytes).await?),
        (Post::Confirm, Some(bytes)) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match people_import::import(&state, &scope, &admin, &text, &viewer.client_ip).await {
                Ok(outcome) => ImportStep::Imported(outcome),
                // Changed since the preview (or tampered with): the preview says what is wrong now.
                Err(ImportError::Rows(_)) => ImportStep::Preview(people_import::preview(&state, &scope, &bytes).await?),
                Err(other) => return Err(other.into()),
            }
        }
    };
    Ok((step, parts))
}

/// The file's bytes, or else the text pasted; `None` when both are empty.
async fn multipart_text(body: Bytes, boundary: String) -> Result<Option<Vec<u8>>, AppError> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let (mut file, mut pasted) = (Vec::new(), Vec::new());
    while let Some(mut field) = multipart.next_field().await.map_err(|_| AppError::BadRequest)? {
        let target = match field.name() {
            Some("file") => &mut file,
            Some("csv_text" | "csv") => &mut pasted,
            _ => continue,
        };
        while let Some(chunk) = field.chunk().await.map_err(|_| AppError::BadRequest)? {
            // One byte over the limit is enough for the preview to say the file is too large.
            if target.len() <= MAX_BYTES {
                target.extend_from_slice(&chunk);
            }
        }
    }
    Ok(non_empty(if file.is_empty() { pasted } else { file }))
}

/// The text of a plain form's `csv` (the confirmation) or `csv_text` field.
fn form_text(body: &[u8]) -> Option<Vec<u8>> {
    let text = url::form_urlencoded::parse(body)
        .find(|(name, _)| name == "csv" || name == "csv_text")
        .map(|(_, value)| value.into_owned().into_bytes())
        .unwrap_or_default();
    non_empty(text)
}

fn non_empty(bytes: Vec<u8>) -> Option<Vec<u8>> {
    (!bytes.iter().all(u8::is_ascii_whitespace)).then_some(bytes)
}
