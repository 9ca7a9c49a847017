//! Single sign-on's rules (issue 15): what an administrator may enter for an OpenID Connect
//! provider, and why a sign-in through one can be refused. Plain Rust, shared by the server
//! function and its tests; the protocol itself is `server::single_sign_on`.

use super::roles::Role;
use crate::i18n::Msg;

pub const MAX_TEXT_CHARS: usize = 500;
pub const MAX_CLAIM_CHARS: usize = 100;

/// The roles a provider may give the accounts it creates. Never the platform administrator's:
/// whoever controls the identity provider would otherwise control Tiltas.
pub const ROLES_FOR_NEW_ACCOUNTS: [Role; 3] = [Role::Learner, Role::Trainer, Role::OrganisationAdministrator];

/// A provider form as typed.
#[derive(Clone, Debug, Default)]
pub struct ProviderInput {
    pub name: String,
    pub issuer_url: String,
    pub client_id: String,
    /// Empty when an administrator changes a provider and keeps its secret.
    pub client_secret: String,
    pub email_claim: String,
    pub name_claim: String,
    pub organisation_id: String,
    pub role: String,
    pub create_accounts: bool,
}

/// A provider form that passed every check, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProvider {
    pub name: String,
    pub issuer_url: String,
    pub client_id: String,
    /// `None`: keep the stored secret (only when changing a provider).
    pub client_secret: Option<String>,
    pub email_claim: String,
    pub name_claim: String,
    pub organisation_id: Option<String>,
    pub role: Role,
    pub create_accounts: bool,
}

/// Checks a provider form; `is_new` requires a secret. The error names the field.
pub fn validate_provider(input: &ProviderInput, is_new: bool) -> Result<ValidProvider, (&'static str, Msg)> {
    let name = super::accounts::validate_name(&input.name).map_err(|m| ("name", m))?;
    let issuer_url = validate_issuer(&input.issuer_url).ok_or(("issuer_url", Msg::SsoIssuerInvalid))?;
    let client_id = input.client_id.trim();
    if client_id.is_empty() || client_id.chars().count() > MAX_TEXT_CHARS {
        return Err(("client_id", Msg::SsoClientIdRequired));
    }
    let secret = input.client_secret.trim();
    let client_secret = match (secret.is_empty(), is_new) {
        (true, true) => return Err(("client_secret", Msg::SsoClientSecretRequired)),
        (true, false) => None,
        (false, _) if secret.chars().count() > MAX_TEXT_CHARS => return Err(("client_secret", Msg::SsoClientSecretRequired)),
        (false, _) => Some(secret.to_string()),
    };
    let email_claim = validate_claim(&input.email_claim).ok_or(("email_claim", Msg::SsoClaimInvalid))?;
    let name_claim = validate_claim(&input.name_claim).ok_or(("name_claim", Msg::SsoClaimInvalid))?;
    let organisation_id = Some(input.organisation_id.trim().to_string()).filter(|id| !id.is_empty());
    let role = Role::from_code(input.role.trim())
        .filter(|role| ROLES_FOR_NEW_ACCOUNTS.contains(role))
        .ok_or(("role", Msg::SsoRoleInvalid))?;
    if role == Role::OrganisationAdministrator && organisation_id.is_none() {
        return Err(("organisation", Msg::SsoRoleNeedsOrganisation));
    }
    Ok(ValidProvider {
        name,
        issuer_url,
        client_id: client_id.to_string(),
        client_secret,
        email_claim,
        name_claim,
        organisation_id,
        role,
        create_accounts: input.create_accounts,
    })
}

/// The issuer as the provider names itself in its discovery document, which must match it
/// exactly: so it is only trimmed, never rewritten. https, or http to this very computer (a
/// provider on the same machine, as in the tests); no query or fragment, which issuers never have.
pub fn validate_issuer(issuer: &str) -> Option<String> {
    let issuer = issuer.trim();
    let rest = issuer
        .strip_prefix("https://")
        .or_else(|| ["http://127.0.0.1", "http://localhost", "http://[::1]"].iter().find(|local| {
            issuer.strip_prefix(**local).is_some_and(|tail| tail.is_empty() || tail.starts_with(':') || tail.starts_with('/'))
        }).map(|local| &issuer[local.len()..]))?;
    let host_given = issuer.starts_with("http://") || rest.split('/').next().is_some_and(|host| !host.is_empty());
    let plain = !issuer.contains(['?', '#', ' ', '"', '<', '>']) && issuer.chars().all(|c| !c.is_control());
    (host_given && plain && issuer.len() <= MAX_TEXT_CHARS).then(|| issuer.to_string())
}

/// A claim's name as it appears in the ID token: letters, digits and `_ : . - /` (namespaced
/// claims such as `https://example.org/upn` included).
pub fn validate_claim(claim: &str) -> Option<String> {
    let claim = claim.trim();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_:.-/".contains(c);
    (!claim.is_empty() && claim.chars().count() <= MAX_CLAIM_CHARS && claim.chars().all(allowed)).then(|| claim.to_string())
}

/// Why a sign-in through a provider ended without a session. Each is told to the person in
/// words (`message`); the details go to the log only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInRefusal {
    /// The provider named is not (or no longer) configured.
    UnknownProvider,
    /// Discovery, the keys or the token endpoint could not be reached or read.
    ProviderUnreachable,
    /// The person cancelled at the provider, or it refused them.
    Cancelled,
    /// No sign-in under way matches the answer: expired, used already, or another browser's.
    Expired,
    /// The token exchange failed, or the ID token failed a check (signature, issuer, audience,
    /// expiry, nonce).
    TokenRefused,
    /// The token has no usable email address in the configured claim, or says it is unverified.
    NoEmail,
    /// No account has that address, and the provider does not create accounts.
    NoAccount,
    /// The account exists but is deactivated.
    Deactivated,
}

impl SignInRefusal {
    pub fn message(self) -> Msg {
        match self {
            SignInRefusal::UnknownProvider => Msg::SsoProviderUnknown,
            SignInRefusal::ProviderUnreachable => Msg::SsoProviderUnreachable,
            SignInRefusal::Cancelled => Msg::SsoCancelled,
            SignInRefusal::Expired => Msg::SsoExpired,
            SignInRefusal::TokenRefused => Msg::SsoTokenRefused,
            SignInRefusal::NoEmail => Msg::SsoEmailMissing,
            SignInRefusal::NoAccount => Msg::SsoNoAccount,
            SignInRefusal::Deactivated => Msg::AccountDeactivated,
        }
    }

    /// How the refusal is written in the audit log's detail.
    pub fn code(self) -> &'static str {
        match self {
            SignInRefusal::UnknownProvider => "unknown provider",
            SignInRefusal::ProviderUnreachable => "provider unreachable",
            SignInRefusal::Cancelled => "cancelled at the provider",
            SignInRefusal::Expired => "expired or replayed",
            SignInRefusal::TokenRefused => "token refused",
            SignInRefusal::NoEmail => "no verified email",
            SignInRefusal::NoAccount => "no account",
            SignInRefusal::Deactivated => "deactivated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProviderInput {
        ProviderInput {
            name: "Policijos departamentas".into(),
            issuer_url: " https://login.policija.lt/realms/staff ".into(),
            client_id: "tiltas".into(),
            client_secret: "s3cret".into(),
            email_claim: "email".into(),
            name_claim: "name".into(),
            organisation_id: String::new(),
            role: "learner".into(),
            create_accounts: true,
        }
    }

    #[test]
    fn a_complete_form_is_trimmed_and_accepted() {
        let valid = validate_provider(&input(), true).unwrap();
        assert_eq!(valid.issuer_url, "https://login.policija.lt/realms/staff");
        assert_eq!(valid.client_secret.as_deref(), Some("s3cret"));
        assert_eq!((valid.role, valid.organisation_id), (Role::Learner, None));
    }

    #[test]
    fn each_bad_field_is_named() {
        let with = |change: fn(&mut ProviderInput)| {
            let mut form = input();
            change(&mut form);
            validate_provider(&form, true).unwrap_err()
        };
        assert_eq!(with(|f| f.name = " ".into()).0, "name");
        assert_eq!(with(|f| f.issuer_url = "http://idp.example.org".into()), ("issuer_url", Msg::SsoIssuerInvalid));
        assert_eq!(with(|f| f.client_id.clear()), ("client_id", Msg::SsoClientIdRequired));
        assert_eq!(with(|f| f.client_secret.clear()), ("client_secret", Msg::SsoClientSecretRequired));
        assert_eq!(with(|f| f.email_claim = "e mail".into()), ("email_claim", Msg::SsoClaimInvalid));
        assert_eq!(with(|f| f.name_claim.clear()), ("name_claim", Msg::SsoClaimInvalid));
        assert_eq!(with(|f| f.role = "administrator".into()), ("role", Msg::SsoRoleInvalid));
        assert_eq!(with(|f| f.role = "organisation_administrator".into()), ("organisation", Msg::SsoRoleNeedsOrganisation));
    }

    #[test]
    fn a_changed_provider_may_keep_its_secret() {
        let mut form = input();
        form.client_secret.clear();
        assert_eq!(validate_provider(&form, false).unwrap().client_secret, None);
    }

    #[test]
    fn issuers_are_https_or_this_computer() {
        assert!(validate_issuer("https://idp.example.org").is_some());
        assert!(validate_issuer("http://127.0.0.1:3490").is_some());
        assert!(validate_issuer("http://localhost/realms/x").is_some());
        for bad in ["http://idp.example.org", "http://127.0.0.1.evil.example", "https://", "ftp://x", "https://x/?a=b", "https://x/#f", ""] {
            assert_eq!(validate_issuer(bad), None, "{bad}");
        }
    }

    #[test]
    fn namespaced_claims_are_allowed() {
        assert_eq!(validate_claim("https://example.org/upn").as_deref(), Some("https://example.org/upn"));
        assert_eq!(validate_claim("preferred_username").as_deref(), Some("preferred_username"));
        assert_eq!(validate_claim("a\"b"), None);
    }
}
