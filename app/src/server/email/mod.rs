//! Email (issue 15): invitations, password resets, reminders and the approval digest, sent by
//! SMTP when the deployment configures a mail server, and not at all otherwise (the links are
//! then only shown to the administrator, as before).
//!
//! Read this file first (what the other services call to put a link's message in the outbox,
//! in the link's own transaction), then `reminders` (what the worker computes from the data),
//! `smtp` (the mail server and one message on the wire) and `worker` (the loop `tiltas serve`
//! starts). Sending never happens in a request: a request only writes an outbox row.

pub mod reminders;
pub mod smtp;
pub mod worker;

use crate::domain::email::{self, Notice, ReminderPolicy};
use crate::i18n::Locale;
use crate::server::context::AppConfig;
use crate::server::storage::outbox::{NewMail, Recipient};
use crate::server::storage::StorageError;

/// Email settings the services need (none of them secret; the mail server's are `smtp`'s).
/// Present in `AppConfig::email` exactly when an SMTP host is configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailOptions {
    /// The language of messages to people who never chose one.
    pub default_locale: Locale,
    pub reminders: ReminderPolicy,
}

/// What can go wrong while sending or computing email. Logged by the worker, never shown.
#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Reading the courses or the certificates awaiting approval failed.
    #[error("reading courses or certificates: {0}")]
    Reading(String),
    #[error("mail server settings: {0}")]
    Settings(String),
}

impl From<sqlx::Error> for EmailError {
    fn from(error: sqlx::Error) -> Self {
        EmailError::Storage(error.into())
    }
}

/// A one-time link's message: an invitation for someone without a password yet, a reset for
/// someone whose password an administrator removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkMail {
    Invitation,
    PasswordReset,
}

/// The recipient's language: their own choice, else the deployment's default.
pub fn locale_of(options: &MailOptions, preferred_language: Option<&str>) -> Locale {
    preferred_language.and_then(Locale::from_code).unwrap_or(options.default_locale)
}

/// The outbox row for `notice` to `to`, composed in their language.
pub fn mail_for(config: &AppConfig, options: &MailOptions, to: &Recipient, notice: &Notice<'_>, dedup_key: String) -> NewMail {
    let locale = locale_of(options, to.preferred_language.as_deref());
    let composed = email::compose(locale, &config.issuer_name, &to.name, notice);
    NewMail {
        dedup_key,
        kind: notice.kind().code(),
        user_id: Some(to.user_id.clone()),
        recipient: to.email.clone(),
        subject: composed.subject,
        body_text: composed.text,
        body_html: composed.html,
    }
}

/// The message carrying a one-time link (`token`, stored as `token_hash`) to `to`, or `None`
/// when this deployment sends no email.
pub fn link_mail(config: &AppConfig, to: &Recipient, kind: LinkMail, token: &str, token_hash: &str, expires_at: i64) -> Option<NewMail> {
    let options = config.email.as_ref()?;
    let link = config.link(&crate::server::accounts::invite_path(token));
    let notice = match kind {
        LinkMail::Invitation => Notice::Invitation { link: &link, expires_at },
        LinkMail::PasswordReset => Notice::PasswordReset { link: &link, expires_at },
    };
    let key = notice.kind().dedup_key(token_hash, expires_at);
    Some(mail_for(config, options, to, &notice, key))
}
