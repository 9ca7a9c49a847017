//! Switching the interface language: remembered in a cookie, and in the profile when signed in.

use crate::error::AppError;
use crate::page::FormSuccess;
use leptos::prelude::*;

#[server(endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<FormSuccess, AppError> {
    use crate::i18n::Msg;
    use crate::server::{context, cookies, forms, people};
    let result = async {
        let state = context::app_state()?;
        let user = context::viewer().page.user;
        let locale = people::set_language(&state, user.as_ref().map(|u| u.id.as_str()), &language).await?;
        cookies::send(cookies::LANGUAGE, locale.code(), Some(cookies::LANGUAGE_SECONDS));
        Ok(FormSuccess::message(Msg::ProfileSaved))
    }
    .await;
    forms::respond("language", &[], result)
}
