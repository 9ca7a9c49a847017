//! What every page knows about the request it is rendering: who is asking, in which language,
//! the form token, and the outcome of a form that was just submitted without JavaScript.

use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageContext {
    pub locale: Locale,
    pub user: Option<SessionUser>,
    pub csrf_token: String,
    pub flash: Option<Flash>,
    pub site: SiteSettings,
    /// The page has islands, so the document loads the WebAssembly that hydrates them.
    pub loads_islands: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionUser {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
}

impl SessionUser {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Per-deployment settings the pages show.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteSettings {
    pub quick_exit_url: String,
    pub support_contacts: Vec<String>,
    pub self_registration: bool,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            quick_exit_url: "https://www.google.com/search?q=weather".into(),
            support_contacts: Vec::new(),
            self_registration: false,
        }
    }
}

/// The outcome of a form post, carried across the redirect that follows a submission made
/// without JavaScript (post, redirect, get), so the page can show it once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// Which form on the page the outcome belongs to.
    pub form: String,
    pub outcome: FlashOutcome,
    /// What the person typed (never passwords), so a failed submission loses nothing.
    pub fields: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FlashOutcome {
    Success(FormSuccess),
    Failure(AppError),
}

/// What a successful form submission tells the person, and where to go next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSuccess {
    pub message: Msg,
    /// Extra text shown after the message, such as a one-time invitation link.
    pub detail: Option<String>,
    pub redirect_to: Option<String>,
}

impl FormSuccess {
    pub fn message(message: Msg) -> FormSuccess {
        FormSuccess { message, detail: None, redirect_to: None }
    }
}

pub fn page_context() -> PageContext {
    use_context::<PageContext>().unwrap_or_default()
}

/// The current language's text for a message. Reads the language in place: a page asks this
/// for every label, and cloning the whole context each time showed in the module page's profile.
pub fn tr(msg: Msg) -> &'static str {
    msg.text(with_context::<PageContext, _>(|page| page.locale).unwrap_or_default())
}

impl PageContext {
    /// The flash for one form, if it is the one that was just submitted.
    pub fn flash_for(&self, form: &str) -> Option<&Flash> {
        self.flash.as_ref().filter(|flash| flash.form == form)
    }

    /// The value to pre-fill a field with after a failed submission.
    pub fn echoed(&self, form: &str, field: &str) -> String {
        self.flash_for(form)
            .and_then(|flash| flash.fields.iter().find(|(name, _)| name == field))
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    /// The error message to show beside one field, if the last submission failed there.
    pub fn field_error(&self, form: &str, field: &str) -> Option<String> {
        match self.flash_for(form).map(|flash| &flash.outcome) {
            Some(FlashOutcome::Failure(error)) if error.field() == Some(field) => Some(error.message(self.locale)),
            _ => None,
        }
    }
}

/// Pages with interactive islands; every other page is plain HTML and forms.
pub fn path_has_islands(path: &str) -> bool {
    path.starts_with("/author/courses/") && path.contains("/files/")
}
