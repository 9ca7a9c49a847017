//! Server-only code: storage, the account services, the course importer and the request
//! context. Compiled only with the `ssr` feature, so none of it reaches the browser bundle.
//!
//! Read `context` first (what a request carries), then `accounts` (the services server
//! functions call), `course_import` (Markdown courses into stored versions), `authoring` (the browser editor's
//! working copies), `learning` (enrolment, answers, scenarios, completion), then `storage`.

pub mod accounts;
pub mod authoring;
pub mod context;
pub mod cookies;
pub mod course_import;
pub mod document;
pub mod forms;
pub mod learning;
pub mod storage;
#[cfg(feature = "testing")]
pub mod testing;
