//! The CSV import of people as the administrator sees it: the preview of what importing the file
//! would do (or why it cannot), and what the import did.

use crate::domain::people_import::RowProblem;
use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// What importing a row does to the person it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PersonChange {
    New,
    Unchanged,
    /// An existing person: their name is set to the file's (`name`), and roles the file gives
    /// them are added (`roles_added`). Roles are never taken away and the organisation is never
    /// changed by an import.
    Updated { name: bool, roles_added: Vec<Role> },
}

/// A cohort the row's person joins (not shown when they are in it already).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortJoin {
    pub name: String,
    /// The cohort does not exist yet and the import creates it.
    pub new_cohort: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRow {
    pub line: u32,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub roles: Vec<Role>,
    pub change: PersonChange,
    pub cohort: Option<CohortJoin>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub new_people: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub cohort_joins: u32,
    pub new_cohorts: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The file's text, carried by the confirmation form so that nothing is stored between the
    /// two steps.
    pub csv: String,
    pub rows: Vec<PlannedRow>,
    /// Empty when the file can be imported.
    pub problems: Vec<RowProblem>,
    pub counts: ImportCounts,
}

/// A new person's one-time link to set their password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub name: String,
    pub email: String,
    pub link: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub counts: ImportCounts,
    pub invitations: Vec<Invitation>,
    /// The invitations are also being emailed (the deployment has a mail server).
    pub emailed: bool,
}

/// What the import page shows after a post: the preview, or the import done (or refused, with
/// the preview that says why).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportStep {
    Preview(ImportPreview),
    Imported(ImportOutcome),
}
