//! Single sign-on (issue 15): the administrators' page of identity providers and organisations,
//! and the buttons of the sign-in page. A provider's client secret is never in these types: it
//! stays on the server.

use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// A configured provider as its administrators' page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderSummary {
    pub id: String,
    pub name: String,
    pub issuer_url: String,
    pub client_id: String,
    pub email_claim: String,
    pub name_claim: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub role: Role,
    pub create_accounts: bool,
}

/// One organisation and whether its people may still sign in with a password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationSignIn {
    pub id: String,
    pub name: String,
    pub passwords_disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SingleSignOnOverview {
    pub providers: Vec<ProviderSummary>,
    pub organisations: Vec<OrganisationSignIn>,
    /// The address to register at every provider: where it sends people back.
    pub redirect_uri: String,
}

/// A "Sign in with …" button: where it starts (`/sso/{id}/start`) and the name it shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInOption {
    pub id: String,
    pub name: String,
}
