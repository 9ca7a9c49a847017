//! A sign-in through an OpenID Connect provider: the authorisation code flow with PKCE (S256),
//! state and nonce, using the `openidconnect` crate.
//!
//! `start` discovers the provider, keeps the PKCE verifier and the nonce on the server (table
//! `sso_sign_ins`, under the state's hash) and returns the provider's address and the state,
//! which the browser keeps in a short-lived HttpOnly cookie. `finish` takes the provider's
//! answer: the state must be the cookie's (so that nobody can finish their own sign-in in
//! someone else's browser) and unused; the code is exchanged with the PKCE verifier and the
//! client secret; the ID token's signature is checked against the keys the provider publishes
//! (its JWKS, from discovery), and its issuer, audience, expiry and nonce by the crate's
//! verifier. Only then is the account found (or created) by the email claim, and a session
//! opened by `accounts::start_session`, exactly as a password sign-in does, with the same audit
//! entry.

use super::super::accounts;
use super::super::context::AppState;
use super::super::storage::audit::NewAuditEvent;
use super::super::storage::single_sign_on::{self as store, PendingSignIn, ProviderRow};
use super::super::storage::{self, StorageError, now, users};
use super::{SsoError, SsoResult};
use crate::domain::accounts::{MAX_NAME_CHARS, validate_email};
use crate::domain::roles::Role;
use crate::domain::single_sign_on::{ROLES_FOR_NEW_ACCOUNTS, SignInRefusal};
use crate::paths::SSO_CALLBACK_PATH;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenVerifier, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, TokenResponse, reqwest,
};
use serde_json::Value;
use std::str::FromStr;
use std::sync::LazyLock;
use std::time::Duration;

/// How long a person has at the provider before the sign-in must start again.
pub const SIGN_IN_SECONDS: i64 = 10 * 60;

/// One client for every provider. It never follows redirects: a provider's discovery or token
/// endpoint that redirects could otherwise send Tiltas's requests anywhere (SSRF). The timeout
/// bounds a sign-in when a provider hangs.
static HTTP: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::ClientBuilder::new()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client with rustls builds")
});

/// Where `start` sends the browser, and the state for its cookie.
#[derive(Debug)]
pub struct Started {
    pub authorize_url: String,
    pub state: String,
}

/// The provider's answer at the redirect URI, as its query string gives it.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ProviderAnswer {
    #[serde(default)]
    pub state: String,
    pub code: Option<String>,
    pub error: Option<String>,
}

/// Who the provider says the person is, from a verified ID token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub email: String,
    pub name: String,
}

/// Begins a sign-in through the provider: its authorisation address (with the PKCE challenge,
/// state and nonce) and the state for the browser's cookie.
pub async fn start(state: &AppState, provider_id: &str) -> SsoResult<Started> {
    let provider = store::find_provider(&state.db, provider_id).await?.ok_or(SignInRefusal::UnknownProvider)?;
    let metadata = discover(&provider.issuer_url).await?;
    let redirect = redirect_url(state)?;
    let client = CoreClient::from_provider_metadata(metadata, ClientId::new(provider.client_id.clone()), None).set_redirect_uri(redirect);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = PendingSignIn { provider_id: provider.id, nonce: nonce.secret().clone(), pkce_verifier: verifier.secret().clone() };
    store::insert_sign_in(&state.db, &accounts::hash_token(csrf.secret()), &pending, now() + SIGN_IN_SECONDS).await?;
    Ok(Started { authorize_url: url.to_string(), state: csrf.secret().clone() })
}

/// Finishes a sign-in with the provider's answer; `browser_state` is the state cookie. Returns
/// the new session's token. Every outcome past the state check is in the audit log.
pub async fn finish(state: &AppState, answer: &ProviderAnswer, browser_state: Option<&str>, client_address: &str) -> SsoResult<String> {
    if answer.state.is_empty() || browser_state != Some(answer.state.as_str()) {
        return Err(SignInRefusal::Expired.into());
    }
    let Some(pending) = store::take_sign_in(&state.db, &accounts::hash_token(&answer.state), now()).await? else {
        return Err(SignInRefusal::Expired.into());
    };
    let provider = store::find_provider(&state.db, &pending.provider_id).await?.ok_or(SignInRefusal::UnknownProvider)?;
    let via = format!("single sign-on: {}", provider.name);
    let failed = SignInAttempt { state, client_address, via: &via };
    let identity = match identify(&provider, &pending, answer, state).await {
        Ok(identity) => identity,
        Err(SsoError::Refused(refusal)) => return failed.refuse(None, "", refusal).await,
        Err(other) => return Err(other),
    };
    let account = match users::find_by_email(&state.db, &identity.email).await? {
        Some(user) if user.deactivated_at.is_some() => {
            return failed.refuse(Some((user.id, user.organisation_id)), &identity.email, SignInRefusal::Deactivated).await;
        }
        Some(user) => (user.id, user.organisation_id),
        None if provider.create_accounts != 0 => create_account(state, &provider, &identity, client_address, &via).await?,
        None => return failed.refuse(None, &identity.email, SignInRefusal::NoAccount).await,
    };
    let token = accounts::start_session(&state.db, &account.0).await?;
    accounts::record_sign_in(&state.db, Some(account), &identity.email, client_address, true, &via).await?;
    Ok(token)
}

/// A sign-in through a provider, for the audit entry of its refusal.
struct SignInAttempt<'a> {
    state: &'a AppState,
    client_address: &'a str,
    via: &'a str,
}

impl SignInAttempt<'_> {
    /// Records the failed sign-in (for `account`, or the address the provider gave) and refuses.
    async fn refuse(&self, account: Option<(String, Option<String>)>, email: &str, refusal: SignInRefusal) -> SsoResult<String> {
        let detail = format!("{} ({})", self.via, refusal.code());
        accounts::record_sign_in(&self.state.db, account, email, self.client_address, false, &detail).await?;
        Err(refusal.into())
    }
}

/// Exchanges the code and checks the ID token: who the provider vouches for.
async fn identify(provider: &ProviderRow, pending: &PendingSignIn, answer: &ProviderAnswer, state: &AppState) -> SsoResult<Identity> {
    if let Some(error) = &answer.error {
        tracing::info!(provider = %provider.name, %error, "the identity provider answered with an error");
        return Err(SignInRefusal::Cancelled.into());
    }
    let code = answer.code.clone().filter(|code| !code.is_empty()).ok_or(SignInRefusal::TokenRefused)?;
    let metadata = discover(&provider.issuer_url).await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect_url(state)?);
    let request = client.exchange_code(AuthorizationCode::new(code)).map_err(|error| {
        tracing::warn!(provider = %provider.name, %error, "the identity provider has no token endpoint");
        SignInRefusal::ProviderUnreachable
    })?;
    let response = request
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(&*HTTP)
        .await
        .map_err(|error| {
            tracing::warn!(provider = %provider.name, ?error, "the code exchange failed");
            match error {
                RequestTokenError::Request(_) => SignInRefusal::ProviderUnreachable,
                _ => SignInRefusal::TokenRefused,
            }
        })?;
    let id_token = response.id_token().ok_or(SignInRefusal::TokenRefused)?;
    let claims = verified_claims(&client.id_token_verifier(), id_token, &pending.nonce)?;
    Ok(identity_from(&claims, &provider.email_claim, &provider.name_claim)?)
}

/// Checks an ID token as a provider's answer is checked, against the provider's published keys
/// found by discovery: signature, issuer, audience (`client_id`), expiry and nonce. Returns its
/// claims. The sign-in uses the same check (`verified_claims`); this entry point lets tests
/// present tokens no honest provider would issue.
pub async fn check_id_token(issuer_url: &str, client_id: &str, id_token: &str, nonce: &str) -> Result<Value, SignInRefusal> {
    let metadata = discover(issuer_url).await?;
    let client = CoreClient::from_provider_metadata(metadata, ClientId::new(client_id.to_string()), None);
    let id_token = CoreIdToken::from_str(id_token).map_err(|error| {
        tracing::warn!(%error, "an ID token that does not parse");
        SignInRefusal::TokenRefused
    })?;
    verified_claims(&client.id_token_verifier(), &id_token, nonce)
}

/// The token's claims, once the crate's verifier has accepted it (and only then): read from
/// its payload as JSON, so that an administrator can name any claim, not only the standard ones.
fn verified_claims(verifier: &CoreIdTokenVerifier, id_token: &CoreIdToken, nonce: &str) -> Result<Value, SignInRefusal> {
    if let Err(error) = id_token.claims(verifier, &Nonce::new(nonce.to_string())) {
        tracing::warn!(%error, "an ID token was refused");
        return Err(SignInRefusal::TokenRefused);
    }
    let compact = serde_json::to_value(id_token).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let payload = compact.split('.').nth(1).and_then(|part| URL_SAFE_NO_PAD.decode(part).ok());
    payload.and_then(|bytes| serde_json::from_slice(&bytes).ok()).ok_or(SignInRefusal::TokenRefused)
}

/// The email address and name in the configured claims. A token that says the address is not
/// verified (`email_verified: false`) names nobody: anyone could have typed it at the provider.
/// Without a name, the person's given and family names, or else the address, stand in.
pub fn identity_from(claims: &Value, email_claim: &str, name_claim: &str) -> Result<Identity, SignInRefusal> {
    let text = |claim: &str| claims.get(claim).and_then(Value::as_str).map(str::trim).filter(|value| !value.is_empty());
    let email = text(email_claim).and_then(|email| validate_email(email).ok()).ok_or(SignInRefusal::NoEmail)?;
    if claims.get("email_verified") == Some(&Value::Bool(false)) {
        return Err(SignInRefusal::NoEmail);
    }
    let given_and_family = [text("given_name"), text("family_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let name = text(name_claim).map(str::to_string).or(Some(given_and_family).filter(|n| !n.is_empty())).unwrap_or_else(|| email.clone());
    Ok(Identity { email, name: name.chars().take(MAX_NAME_CHARS).collect() })
}

/// The account of a first sign-in, with the provider's organisation and role. Created by
/// someone else's sign-in meanwhile (the address is taken): that account.
async fn create_account(
    state: &AppState,
    provider: &ProviderRow,
    identity: &Identity,
    client_address: &str,
    via: &str,
) -> SsoResult<(String, Option<String>)> {
    let role = Role::from_code(&provider.role)
        .filter(|role| ROLES_FOR_NEW_ACCOUNTS.contains(role))
        .ok_or_else(|| StorageError::Corrupt(format!("provider role {}", provider.role)))?;
    let created = NewAuditEvent {
        organisation_id: provider.organisation_id.as_deref(),
        detail: via,
        client_address: Some(client_address),
        ..NewAuditEvent::default()
    };
    let user = users::NewUser {
        email: &identity.email,
        name: &identity.name,
        organisation_id: provider.organisation_id.as_deref(),
        roles: &[role],
        password_hash: None,
    };
    match users::insert_user_recorded(&state.db, user, Some(&created)).await {
        Ok(id) => Ok((id, provider.organisation_id.clone())),
        Err(StorageError::UniqueViolation) => {
            let user = users::find_by_email(&state.db, &identity.email).await?.ok_or(SignInRefusal::NoAccount)?;
            Ok((user.id, user.organisation_id))
        }
        Err(other) => Err(other.into()),
    }
}

async fn discover(issuer_url: &str) -> Result<CoreProviderMetadata, SignInRefusal> {
    let issuer = IssuerUrl::new(issuer_url.to_string()).map_err(|_| SignInRefusal::ProviderUnreachable)?;
    CoreProviderMetadata::discover_async(issuer, &*HTTP).await.map_err(|error| {
        tracing::warn!(issuer = issuer_url, ?error, "OpenID Connect discovery failed");
        SignInRefusal::ProviderUnreachable
    })
}

fn redirect_url(state: &AppState) -> Result<RedirectUrl, SsoError> {
    RedirectUrl::new(state.config.link(SSO_CALLBACK_PATH))
        .map_err(|error| SsoError::Storage(storage::StorageError::Corrupt(format!("the redirect URI: {error}"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_configured_claims_name_the_person() {
        let claims = json!({"upn": " Ona@Policija.LT ", "display": "Ona Onaitė", "email_verified": true});
        assert_eq!(
            identity_from(&claims, "upn", "display"),
            Ok(Identity { email: "ona@policija.lt".into(), name: "Ona Onaitė".into() })
        );
    }

    #[test]
    fn a_missing_name_falls_back_on_given_and_family_names_then_the_address() {
        let claims = json!({"email": "jonas@vmi.lt", "given_name": "Jonas", "family_name": "Jonaitis"});
        assert_eq!(identity_from(&claims, "email", "name").unwrap().name, "Jonas Jonaitis");
        assert_eq!(identity_from(&json!({"email": "jonas@vmi.lt"}), "email", "name").unwrap().name, "jonas@vmi.lt");
    }

    #[test]
    fn no_usable_or_verified_address_names_nobody() {
        assert_eq!(identity_from(&json!({"name": "X"}), "email", "name"), Err(SignInRefusal::NoEmail));
        assert_eq!(identity_from(&json!({"email": "not an address"}), "email", "name"), Err(SignInRefusal::NoEmail));
        assert_eq!(identity_from(&json!({"email": 42}), "email", "name"), Err(SignInRefusal::NoEmail));
        let unverified = json!({"email": "ona@policija.lt", "email_verified": false});
        assert_eq!(identity_from(&unverified, "email", "name"), Err(SignInRefusal::NoEmail));
    }
}
