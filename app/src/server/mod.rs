//! Server-only code: storage, the account services, the course importer and the request
//! context. Compiled only with the `ssr` feature, so none of it reaches the browser bundle.
//!
//! The layers point one way: routes (pages and server functions) -> services -> storage and the
//! domain. A route checks who is asking (`context::require_*`), calls one service function and
//! renders the view type it returns (`crate::views`); routes never touch storage. Each service
//! has its own error type, converted once into `AppError` (`crate::error`).
//!
//! Read `context` first (what a request carries), then the services: `accounts` (sign-in,
//! sessions, invitations), `people` (directory, organisations, profile), `learning` (enrolment,
//! answers, scenarios, completion and the learner's pages), `reports` (overviews across
//! learners), `authoring` (the browser editor's working copies), `course_import` (Markdown
//! courses into stored versions); then `storage`.

pub mod accounts;
pub mod authoring;
pub mod certificates;
pub mod context;
pub mod cookies;
pub mod course_import;
pub mod document;
pub mod forms;
pub mod learning;
pub mod people;
pub mod reports;
pub mod storage;
#[cfg(feature = "testing")]
pub mod testing;
