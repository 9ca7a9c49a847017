//! The application state and the per-request view of who is asking.
//!
//! Every page loader, server function and axum handler starts with one of the `require_*`
//! checks here (signed in, a role, enrolled with prerequisites met), then calls one service.

use crate::domain::administration::AdminScope;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::page::{PageContext, SessionUser, SiteSettings};
use crate::server::learning::glossary::GlossaryCache;
use crate::server::learning::{self, CourseVersions, Enrolled};
use crate::server::storage::Db;
use leptos::prelude::*;
use std::sync::Arc;

/// Everything shared by all requests. One pool, made in `main` and carried here, and the caches
/// of parsed course versions and of the glossary.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<AppConfig>,
    pub versions: CourseVersions,
    pub glossary: GlossaryCache,
}

impl AppState {
    pub fn new(db: Db, config: AppConfig) -> AppState {
        let versions = CourseVersions::new(config.allow_external_images);
        AppState { db, config: Arc::new(config), versions, glossary: GlossaryCache::default() }
    }
}

#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Public address used in links (invitations, later certificates).
    pub base_url: url::Url,
    pub site: SiteSettings,
    /// How many load balancers in front of Tiltas append to `X-Forwarded-For`; the client's
    /// address is the entry that many places from the right (0: the connection's address).
    pub trusted_proxies: usize,
    /// Who issues this deployment's certificates, as printed on them and named in their signed
    /// credentials: the training body that runs it.
    pub issuer_name: String,
    /// The key that signs certificates' credentials.
    pub credential_key: crate::server::certificates::credential::CredentialKey,
    /// Let learners' browsers load images from other websites that trainers put in their
    /// text. Off, each is shown as a link instead (`domain::external_images`), and the pages'
    /// Content-Security-Policy allows images from this site only.
    pub allow_external_images: bool,
    /// Email (issue 15): set when an SMTP server is configured. `None`: nothing is emailed and
    /// one-time links are only shown to the administrator.
    pub email: Option<crate::server::email::MailOptions>,
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

impl Viewer {
    pub fn require_user(&self) -> Result<SessionUser, AppError> {
        self.page.user.clone().ok_or(AppError::Unauthenticated)
    }

    pub fn require_role(&self, role: Role) -> Result<SessionUser, AppError> {
        self.require_any_role(&[role])
    }

    /// The signed-in person, if they have at least one of `roles`.
    pub fn require_any_role(&self, roles: &[Role]) -> Result<SessionUser, AppError> {
        let user = self.require_user()?;
        if roles.iter().any(|role| user.has_role(*role)) { Ok(user) } else { Err(AppError::Forbidden) }
    }

    pub fn require_admin_scope(&self) -> Result<(SessionUser, AdminScope), AppError> {
        let user = self.require_user()?;
        let scope = AdminScope::of(&user.roles, user.organisation_id.as_deref()).ok_or(AppError::Forbidden)?;
        Ok((user, scope))
    }

    /// The person's enrolment in `slug`, with the course's prerequisites completed: what every
    /// learner page, form and course file needs first, so that a form posted directly or a
    /// file fetched directly is refused exactly as the page that shows it would be.
    pub async fn require_enrolment(&self, state: &AppState, slug: &str) -> Result<Enrolled, AppError> {
        let user = self.require_user()?;
        Ok(learning::enrolled(state, &user.id, slug).await?)
    }
}

pub fn require_user() -> Result<SessionUser, AppError> {
    viewer().require_user()
}

pub fn require_role(role: Role) -> Result<SessionUser, AppError> {
    viewer().require_role(role)
}

pub fn require_any_role(roles: &[Role]) -> Result<SessionUser, AppError> {
    viewer().require_any_role(roles)
}

/// The signed-in administrator and what they administer: everything for a platform
/// administrator, their own organisation for an organisation administrator.
pub fn require_admin_scope() -> Result<(SessionUser, AdminScope), AppError> {
    viewer().require_admin_scope()
}

/// Gives a failed server function call the HTTP status of its error, for script and API
/// callers. Browser navigations and plain form posts are answered with a page or a redirect
/// instead, whose status the page decides.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && !viewer().plain_browser_request
    {
        crate::components::error_page::set_http_status(error.status_code());
    }
    result
}

/// The signed-in person's enrolment in `slug`, prerequisites met (see `Viewer::require_enrolment`).
pub async fn require_enrolment(slug: &str) -> Result<(AppState, Enrolled), AppError> {
    let state = app_state()?;
    let enrolled = viewer().require_enrolment(&state, slug).await?;
    Ok((state, enrolled))
}

/// The language of the person asking.
pub fn locale() -> crate::i18n::Locale {
    viewer().page.locale
}
