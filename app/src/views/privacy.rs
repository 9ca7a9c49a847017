//! The audit log and erasure pages (issue 13, audit and privacy).

use crate::domain::audit::AuditAction;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// The audit log's filter form as it was typed, to show again (and to carry in page links).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub action: String,
    pub person: String,
    pub from: String,
    pub to: String,
    /// Where the page starts (see `domain::privacy::AuditCursor`); empty for the newest.
    pub after: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub occurred_at: i64,
    pub action: AuditAction,
    /// "Name (email)", or `None` when Tiltas did it (or nobody signed in, for a failed sign-in).
    pub actor: Option<String>,
    /// "Name (email)", or the address typed in a failed sign-in that matched no account.
    pub subject: Option<String>,
    pub detail: String,
    pub client_address: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditLogView {
    pub query: AuditQuery,
    /// Fields of the filter form that could not be read, with the message to show beside each;
    /// no entries are shown until they are corrected.
    pub problems: Vec<(String, Msg)>,
    pub entries: Vec<AuditEntryView>,
    /// The address of the next (older) page, if there is one.
    pub older: Option<String>,
    /// The address of the CSV export of the same filters.
    pub csv: String,
}

impl AuditLogView {
    pub fn problem(&self, field: &str) -> Option<Msg> {
        self.problems.iter().find(|(name, _)| name == field).map(|(_, msg)| *msg)
    }
}

/// The erasure page: who is about to be erased and what they hold.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErasureView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub certificates: i64,
    /// Erased already: the page says so instead of offering the form.
    pub erased: bool,
}
