//! Server-only code: storage, the account services, the course importer and the request
//! context. Compiled only with the `ssr` feature, so none of it reaches the browser bundle.
//!
//! The layers point one way: routes (pages and server functions) -> services -> storage and the
//! domain. A route checks who is asking (`context::require_*`), calls one service function and
//! renders the view type it returns (`crate::views`); routes never touch storage. Each service
//! has its own error type, converted once into `AppError` (`crate::error`).
//!
//! Read `context` first (what a request carries), then the services: `accounts` (sign-in,
//! sessions, invitations), `people` (organisations, profile), `people_admin` (administrators
//! managing people: the list, a person's page, deactivation), `cohorts` (groups of learners and
//! their course assignments), `people_import` (the CSV import), `learning` (enrolment,
//! answers, scenarios, completion and the learner's pages), `reports` (overviews across
//! learners), `privacy` (the audit log, a person's data download, erasure and retention),
//! `authoring` (the browser editor's working copies), `email` (the outbox and its worker), `delivery` (what the email and
//! xAPI workers share), `xapi` (statements for a learning record store), `single_sign_on` (OpenID Connect
//! providers and sign-ins through them), `course_import` (Markdown courses into
//! stored versions); then `storage`.

pub mod accounts;
pub mod admin_reports;
pub mod authoring;
pub mod certificates;
pub mod cohorts;
pub mod context;
pub mod cookies;
pub mod course_import;
pub mod delivery;
pub mod document;
pub mod email;
pub mod forms;
pub mod learning;
pub mod people;
pub mod people_admin;
pub mod privacy;
pub mod people_import;
pub mod spreadsheet;
pub mod reports;
pub mod single_sign_on;
pub mod storage;
pub mod xapi;
#[cfg(feature = "testing")]
pub mod testing;

/// Runs CPU-bound work (parsing a course, unpacking a zip, rendering a PDF) on the blocking pool,
/// so that a large course does not hold up the async workers serving everyone else. A panic in
/// the work is resumed here, as if it had run inline.
pub async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Only when the runtime is shutting down, and then nobody waits for the answer.
        Err(error) => panic!("blocking work was cancelled: {error}"),
    }
}
