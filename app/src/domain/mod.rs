//! The domain core: plain Rust rules about people, roles, sign-in and course progress, with no Leptos, SQL or
//! HTTP, so they are tested by ordinary unit tests and shared by the server and the browser.

pub mod accounts;
pub mod administration;
pub mod audit;
pub mod assessment;
pub mod calendar;
pub mod certificates;
pub mod cohorts;
pub mod email;
pub mod external_images;
pub mod people;
pub mod privacy;
pub mod people_import;
pub mod progress;
pub mod reporting;
pub mod roles;
pub mod single_sign_on;
pub mod throttle;
/// Server-only: statements are built where they are stored.
#[cfg(feature = "ssr")]
pub mod xapi;
