//! Form outcomes for browsers without JavaScript.
//!
//! A plain form post gets a redirect (to the page it came from, or where the form says), and the
//! outcome travels in a short-lived cookie that the next page shows once. A JavaScript caller
//! gets the same `Result` as the server function's return value instead.

use super::context::{viewer, with_status};
use super::cookies;
use crate::error::AppError;
use crate::page::{Flash, FlashOutcome, FormSuccess};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Longest echoed value kept: the cookie must stay under the browsers' 4 KB limit.
const MAX_ECHO_CHARS: usize = 600;

/// Finishes a form's server function: records the outcome for the next page when the browser
/// posted without JavaScript, and follows the success's redirect. `echo` lists the fields to
/// give back after a failure; passwords must never be listed.
pub fn respond(form: &str, echo: &[(&str, &str)], result: Result<FormSuccess, AppError>) -> Result<FormSuccess, AppError> {
    if let Ok(FormSuccess { redirect_to: Some(path), .. }) = &result {
        leptos_axum::redirect(path);
    }
    if !viewer().plain_browser_request {
        return with_status(result);
    }
    let flash = match &result {
        Ok(success) => Flash { form: form.to_string(), outcome: FlashOutcome::Success(success.clone()), fields: Vec::new() },
        Err(AppError::Unauthenticated) => {
            leptos_axum::redirect("/login");
            Flash { form: "login".into(), outcome: FlashOutcome::Failure(AppError::Unauthenticated), fields: Vec::new() }
        }
        Err(error) => Flash {
            form: form.to_string(),
            outcome: FlashOutcome::Failure(error.clone()),
            fields: echo.iter().map(|(name, value)| (name.to_string(), value.chars().take(MAX_ECHO_CHARS).collect())).collect(),
        },
    };
    set_flash(flash);
    result
}

fn set_flash(flash: Flash) {
    if let Some(value) = encode_flash(&flash) {
        cookies::send(cookies::FLASH, &value, Some(FLASH_SECONDS));
    }
}

/// How long an outcome waits for the next page.
pub const FLASH_SECONDS: i64 = 120;

/// The flash cookie's value for an outcome, for a plain handler that answers with a redirect
/// itself (single sign-on's, which sends a refusal to the sign-in page).
pub fn encode_flash(flash: &Flash) -> Option<String> {
    serde_json::to_vec(flash).ok().map(|json| URL_SAFE_NO_PAD.encode(json))
}

/// Reads the flash cookie of a request. A tampered or stale cookie is simply ignored.
pub fn decode_flash(value: &str) -> Option<Flash> {
    let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn flash_round_trips_and_garbage_is_ignored() {
        let flash = Flash {
            form: "profile".into(),
            outcome: FlashOutcome::Failure(AppError::invalid("name", Msg::NameRequired)),
            fields: vec![("name".into(), "Ona".into())],
        };
        let encoded = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&flash).unwrap());
        assert_eq!(decode_flash(&encoded), Some(flash));
        assert_eq!(decode_flash("not base64 !"), None);
        assert_eq!(decode_flash(&URL_SAFE_NO_PAD.encode(b"{}")), None);
    }
}
