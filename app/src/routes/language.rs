//! Switching the interface language: remembered in a cookie, and in the profile when signed in.

use crate::error::AppError;
use crate::page::FormSuccess;
use leptos::prelude::*;

#[server(endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<FormSuccess, AppError> {
    use crate::i18n::{Locale, Msg};
    use crate::server::{context, cookies, forms, storage};
    let result = async {
        let locale = Locale::from_code(&language).ok_or(AppError::invalid("language", Msg::ChangeLanguage))?;
        cookies::send(cookies::LANGUAGE, locale.code(), Some(365 * 24 * 60 * 60));
        if let Some(user) = context::viewer().page.user {
            let state = context::app_state()?;
            storage::users::set_preferred_language(&state.db, &user.id, locale.code()).await?;
        }
        Ok(FormSuccess::message(Msg::ProfileSaved))
    }
    .await;
    forms::respond("language", &[], result)
}
