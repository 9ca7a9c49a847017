//! People and organisations: the administrators' directory, a person's profile, registration.

use crate::domain::roles::Role;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub id: String,
    pub name: String,
    pub people: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub roles: Vec<Role>,
    pub has_password: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PeopleDirectory {
    pub people: Vec<PersonSummary>,
    pub organisations: Vec<OrganisationSummary>,
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
