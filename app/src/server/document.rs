//! Per-request set-up of the HTML document: the page context, the script nonce with its
//! Content-Security-Policy, and consuming the one-time form outcome.

use super::context::{app_state, page_context_for_request, viewer};
use super::cookies;
use crate::page::PageContext;
use leptos::nonce::{provide_nonce, use_nonce};
use leptos::prelude::*;

pub fn prepare_page() -> PageContext {
    let mut page = page_context_for_request();
    page.loads_islands = use_context::<http::request::Parts>().is_some_and(|parts| crate::page::path_has_islands(parts.uri.path()));
    provide_nonce();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
        // Images from other websites only where the deployment allows them: a second guard
        // behind their replacement in trainers' text (`domain::external_images`).
        let images = if app_state().is_ok_and(|state| state.config.allow_external_images) { "'self' https: data:" } else { "'self' data:" };
        // Only our own scripts, and the inline hydration loader that carries this nonce.
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src {images}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
             object-src 'none'; form-action 'self'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if viewer().page.flash.is_some() {
        // Shown now, so the next page does not show it again.
        cookies::send(cookies::FLASH, "", Some(0));
    }
    page
}
