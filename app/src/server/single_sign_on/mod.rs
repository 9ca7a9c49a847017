//! Single sign-on with OpenID Connect (issue 15). This module holds what administrators do
//! (configure identity providers, switch passwords off for an organisation) and what the sign-in
//! page offers; `flow` is the protocol: the redirect to a provider and the checks of its answer.
//!
//! Read `flow` for the security of a sign-in; docs/single-sign-on.md for the configuration.

pub mod flow;

use super::context::AppState;
use super::storage::audit::{self, NewAuditEvent};
use super::storage::single_sign_on as store;
use super::storage::{StorageError, organisations};
use crate::domain::audit::AuditAction;
use crate::domain::roles::Role;
use crate::domain::single_sign_on::{ProviderInput, SignInRefusal, validate_provider};
use crate::i18n::Msg;
use crate::paths::SSO_CALLBACK_PATH;
use crate::views::single_sign_on::{OrganisationSignIn, ProviderSummary, SignInOption, SingleSignOnOverview};

#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    #[error("invalid input in field {field}")]
    Invalid { field: String, message: Msg },
    /// A sign-in through a provider that ended without a session, and why.
    #[error("single sign-on refused: {}", .0.code())]
    Refused(SignInRefusal),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<SignInRefusal> for SsoError {
    fn from(refusal: SignInRefusal) -> Self {
        SsoError::Refused(refusal)
    }
}

impl From<super::accounts::AccountsError> for SsoError {
    fn from(error: super::accounts::AccountsError) -> Self {
        use super::accounts::AccountsError;
        match error {
            AccountsError::Storage(error) => SsoError::Storage(error),
            AccountsError::Invalid { field, message } => SsoError::Invalid { field, message },
            other => SsoError::Storage(StorageError::Corrupt(other.to_string())),
        }
    }
}

pub type SsoResult<T> = Result<T, SsoError>;

/// Who changed the settings, for the audit log.
pub struct Changer<'a> {
    pub user_id: &'a str,
    pub client_address: &'a str,
}

/// The administrators' page: the providers (never their secrets), every organisation with its
/// password setting, and the redirect URI to register at a provider.
pub async fn overview(state: &AppState) -> SsoResult<SingleSignOnOverview> {
    let names = organisations::organisation_names(&state.db).await?;
    let name_of = |id: &Option<String>| id.as_ref().and_then(|id| names.iter().find(|(o, _)| o == id).map(|(_, name)| name.clone()));
    let providers = store::list_providers(&state.db)
        .await?
        .into_iter()
        .map(|row| ProviderSummary {
            organisation_name: name_of(&row.organisation_id),
            id: row.id,
            name: row.name,
            issuer_url: row.issuer_url,
            client_id: row.client_id,
            email_claim: row.email_claim,
            name_claim: row.name_claim,
            organisation_id: row.organisation_id,
            role: Role::from_code(&row.role).unwrap_or(Role::Learner),
            create_accounts: row.create_accounts != 0,
        })
        .collect();
    let organisations = store::organisation_sign_in_settings(&state.db)
        .await?
        .into_iter()
        .map(|(id, name, passwords_disabled)| OrganisationSignIn { id, name, passwords_disabled })
        .collect();
    Ok(SingleSignOnOverview { providers, organisations, redirect_uri: state.config.link(SSO_CALLBACK_PATH) })
}

/// Adds a provider (`provider_id` empty) or changes one, keeping its secret unless a new one is
/// typed. Recorded in the audit log, without the secret.
pub async fn save_provider(state: &AppState, by: &Changer<'_>, provider_id: &str, input: &ProviderInput) -> SsoResult<()> {
    let provider_id = provider_id.trim();
    let valid = validate_provider(input, provider_id.is_empty())
        .map_err(|(field, message)| SsoError::Invalid { field: field.to_string(), message })?;
    let saved = if provider_id.is_empty() {
        store::insert_provider(&state.db, &valid).await.map(|_| true)
    } else {
        store::update_provider(&state.db, provider_id, &valid).await
    };
    match saved {
        Ok(true) => {}
        Ok(false) => return Err(SignInRefusal::UnknownProvider.into()),
        Err(StorageError::UniqueViolation) => return Err(SsoError::Invalid { field: "name".into(), message: Msg::SsoProviderNameTaken }),
        Err(StorageError::ForeignKeyViolation) => {
            return Err(SsoError::Invalid { field: "organisation".into(), message: Msg::OrganisationUnknown });
        }
        Err(other) => return Err(other.into()),
    }
    let detail = format!(
        "provider {} saved: issuer {}, client {}, new accounts {}",
        valid.name,
        valid.issuer_url,
        valid.client_id,
        if valid.create_accounts { valid.role.code() } else { "not created" }
    );
    record_change(state, by, valid.organisation_id.as_deref(), &detail).await
}

/// Removes a provider: its button goes, and sign-ins under way through it fail.
pub async fn remove_provider(state: &AppState, by: &Changer<'_>, provider_id: &str) -> SsoResult<()> {
    // Removed meanwhile, or a stale page: said as the sign-in page would.
    let provider = store::find_provider(&state.db, provider_id).await?.ok_or(SignInRefusal::UnknownProvider)?;
    if !store::delete_provider(&state.db, provider_id).await? {
        return Err(SignInRefusal::UnknownProvider.into());
    }
    record_change(state, by, None, &format!("provider {} removed", provider.name)).await
}

/// Switches passwords off for an organisation, or allows them again. Switching off also ends
/// nothing by itself: people signed in stay signed in until their session ends.
pub async fn set_passwords_disabled(state: &AppState, by: &Changer<'_>, organisation_id: &str, disabled: bool) -> SsoResult<()> {
    if !store::set_passwords_disabled(&state.db, organisation_id, disabled).await? {
        return Err(SsoError::Invalid { field: "organisation_id".into(), message: Msg::OrganisationUnknown });
    }
    let detail = if disabled { "passwords switched off for the organisation" } else { "passwords allowed again for the organisation" };
    record_change(state, by, Some(organisation_id), detail).await
}

async fn record_change(state: &AppState, by: &Changer<'_>, organisation_id: Option<&str>, detail: &str) -> SsoResult<()> {
    let event = NewAuditEvent {
        actor_id: Some(by.user_id),
        organisation_id,
        detail,
        client_address: Some(by.client_address),
        ..NewAuditEvent::default()
    };
    Ok(audit::record(&state.db, AuditAction::SingleSignOnChanged, &event).await?)
}

/// The "Sign in with …" buttons of the sign-in page, by name.
pub async fn sign_in_options(state: &AppState) -> SsoResult<Vec<SignInOption>> {
    Ok(store::list_providers(&state.db).await?.into_iter().map(|row| SignInOption { id: row.id, name: row.name }).collect())
}
