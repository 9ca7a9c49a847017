//! The domain core: plain Rust rules about people, roles and sign-in, with no Leptos, SQL or
//! HTTP, so they are tested by ordinary unit tests and shared by the server and the browser.

pub mod accounts;
pub mod roles;
pub mod throttle;
