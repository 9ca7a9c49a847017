//! The application state and the per-request view of who is asking.

use crate::domain::roles::Role;
use crate::error::AppError;
use crate::page::{PageContext, SessionUser, SiteSettings};
use crate::server::storage::Db;
use leptos::prelude::*;
use std::sync::Arc;

/// Everything shared by all requests. One pool, made in `main` and carried here.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<AppConfig>,
}

#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Public address used in links (invitations, later certificates).
    pub base_url: url::Url,
    pub site: SiteSettings,
    /// Trust `X-Forwarded-For` for the client address: only behind a load balancer that sets it.
    pub trust_forwarded_for: bool,
}

impl AppConfig {
    /// Cookies are marked `Secure` whenever the public address is https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    pub fn link(&self, path: &str) -> String {
        self.base_url.join(path).map(|u| u.to_string()).unwrap_or_else(|_| path.to_string())
    }
}

/// Resolved once per request by the session middleware and stored in the request extensions.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    pub page: PageContext,
    pub session_token_hash: Option<String>,
    pub client_ip: String,
    /// A browser navigation or plain form post (no JavaScript), which expects a redirect.
    pub plain_browser_request: bool,
}

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

pub fn viewer() -> Viewer {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
}

/// The page context for rendering, completed with the deployment's settings.
pub fn page_context_for_request() -> PageContext {
    let mut page = viewer().page;
    if let Ok(state) = app_state() {
        page.site = state.config.site.clone();
    }
    page
}

pub fn require_user() -> Result<SessionUser, AppError> {
    viewer().page.user.ok_or(AppError::Unauthenticated)
}

pub fn require_role(role: Role) -> Result<SessionUser, AppError> {
    let user = require_user()?;
    if user.has_role(role) { Ok(user) } else { Err(AppError::Forbidden) }
}

/// Gives a failed server function call the HTTP status of its error, for script and API
/// callers. Browser navigations and plain form posts are answered with a page or a redirect
/// instead, whose status the page decides.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && !viewer().plain_browser_request
        && let (Some(response), Ok(status)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(error.status_code()),
        )
    {
        response.set_status(status);
    }
    result
}

/// What every learner page and form of a course needs first: the signed-in person's enrolment
/// in `slug`, with the course's prerequisites completed. One check, so that a form posted
/// directly is refused exactly as the page that shows it would be.
pub async fn require_enrolment(slug: &str) -> Result<(AppState, crate::server::learning::Enrolled), AppError> {
    use crate::i18n::Msg;
    use crate::server::learning;
    let user = require_user()?;
    let state = app_state()?;
    let enrolled = learning::enrolled(&state.db, &user.id, slug).await?;
    if !learning::missing_prerequisites(&state.db, &user.id, &enrolled.course).await?.is_empty() {
        return Err(AppError::invalid("enrol", Msg::FinishFirst));
    }
    Ok((state, enrolled))
}
