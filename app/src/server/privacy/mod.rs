//! Audit and privacy (issue 13): the administrators' audit log and its CSV, a person's download
//! of everything Tiltas holds about them, erasure of a person's personal data, and the retention
//! rule that erases inactive accounts.
//!
//! The audit log is append-only in the application: entries are inserted (next to the change
//! they record, in its transaction, where there is one) and read, never updated or deleted. The
//! one exception is erasure, which clears the address typed in failed sign-ins that was the
//! erased person's; the entries and their ids stay. `docs/privacy.md` explains the choices.
//!
//! Read `audit_log`, then `personal_data`, `erasure` and `retention` (which erases through
//! `erasure`).

pub mod audit_log;
pub mod erasure;
pub mod personal_data;
pub mod retention;

use crate::i18n::{Locale, Msg};
use crate::server::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    /// No such person, or one outside the administrator's organisation: the same answer, so
    /// that ids cannot be probed.
    #[error("no such person")]
    NotFound,
    /// Input a person can correct, beside the named field.
    #[error("{field}: {}", message.text(Locale::En))]
    Invalid { field: String, message: Msg },
    #[error("cannot write the download: {0}")]
    Serialisation(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl PrivacyError {
    pub fn invalid(field: &str, message: Msg) -> PrivacyError {
        PrivacyError::Invalid { field: field.to_string(), message }
    }
}

pub type PrivacyResult<T> = Result<T, PrivacyError>;
