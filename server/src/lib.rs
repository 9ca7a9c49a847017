//! The `tiltas` server: command line, configuration and the HTTP stack around the Leptos app.
//!
//! Read `cli` (what can be run and configured), then `http` (how a request flows: logging,
//! limits, headers, the viewer, the anti-forgery check, then the app), then `commands`.

pub mod cli;
pub mod commands;
pub mod http;
pub mod signing_key;
