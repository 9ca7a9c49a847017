//! People and organisations: the administrators' directory and person pages, a person's
//! profile, registration.

use crate::domain::people::{PeopleFilter, PersonStatus};
use crate::domain::roles::Role;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub id: String,
    pub name: String,
    pub people: i64,
}

/// The organisations an administrator sees.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OrganisationsOverview {
    pub organisations: Vec<OrganisationSummary>,
    /// Whether the administrator may add and rename organisations (platform administrators).
    pub may_change: bool,
}

/// One row of the people list.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub roles: Vec<Role>,
    pub status: PersonStatus,
}

/// One page of the administrators' list of people, with what its filter and its form for a new
/// person offer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PeopleDirectory {
    pub people: Vec<PersonSummary>,
    /// How many people match the filter, on every page.
    pub total: i64,
    /// The filter as understood, to fill the filter form and build the page links.
    pub filter: PeopleFilter,
    /// (id, name) of the organisations a person can be put in: all of them for a platform
    /// administrator, their own for an organisation administrator.
    pub organisations: Vec<(String, String)>,
    /// A platform administrator's list (filter by organisation, choose a new person's).
    pub platform: bool,
    /// The roles the administrator may give.
    pub grantable_roles: Vec<Role>,
}

/// A person's page for administrators: who they are, and what the administrator may change.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonDetail {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub roles: Vec<Role>,
    pub status: PersonStatus,
    pub created_at: i64,
    /// The last successful sign-in.
    pub last_seen_at: Option<i64>,
    /// The administrator is looking at their own account.
    pub is_self: bool,
    /// The administrator may move the person to another organisation (platform administrators),
    /// choosing from `organisations` (id, name).
    pub organisations: Option<Vec<(String, String)>>,
    /// The roles the administrator may give or take away; the others are shown, not offered.
    pub grantable_roles: Vec<Role>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub email: String,
    pub preferred_language: Option<Locale>,
}

/// An organisation a new learner may join.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OrganisationChoice {
    pub id: String,
    pub name: String,
}
