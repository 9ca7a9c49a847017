//! Server-only code: storage, the account services and the request context. Compiled only with
//! the `ssr` feature, so none of it reaches the browser bundle.
//!
//! Read `context` first (what a request carries), then `accounts` (the services server
//! functions call), then `storage`.

pub mod accounts;
pub mod context;
pub mod cookies;
pub mod document;
pub mod forms;
pub mod storage;
#[cfg(feature = "testing")]
pub mod testing;
