//! Verification of a credential against its issuer's DID document, as `tiltas verify` does it.

use serde_json::Value;

use crate::badge::StatusEntry;
use crate::did_web::public_key_from_did_document;
use crate::{CredentialError, proof_verification_method, verify};

/// What a verified credential says, for display. Dates are as written in the credential;
/// whether it is currently within them, and whether its status bit is set, is for the caller
/// to check (with [`crate::status_bit`] on the verified status list credential).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCredential {
    /// The credential's `id`.
    pub id: Option<String>,
    /// The credential's `name` (for our credentials, the course title).
    pub name: Option<String>,
    /// The issuer's DID (also the DID document's id).
    pub issuer_id: String,
    /// The issuer's name, if the issuer is given as a profile with a name.
    pub issuer_name: Option<String>,
    /// The name of the achievement in `credentialSubject`, if any.
    pub achievement_name: Option<String>,
    /// `validFrom`.
    pub valid_from: Option<String>,
    /// `validUntil`.
    pub valid_until: Option<String>,
    /// The revocation status entry, if any.
    pub status: Option<StatusEntry>,
    /// The key that signed it (`did#fragment`).
    pub verification_method: String,
}

/// Verifies a signed credential with the key its proof names in the issuer's DID document,
/// and summarises it.
///
/// Besides the signature, this checks that the DID document is the issuer's (its `id` is the
/// credential's `issuer`), and that the key belongs to that DID and may assert credentials:
/// otherwise anyone could sign a credential naming someone else as issuer.
pub fn verify_credential(
    signed: &Value,
    did_document: &Value,
) -> Result<CheckedCredential, CredentialError> {
    if signed.get("proof").is_none_or(Value::is_null) {
        return Err(CredentialError::MissingProof);
    }
    let verification_method = proof_verification_method(signed)
        .ok_or_else(|| {
            CredentialError::InvalidProof("it has no verificationMethod naming the key".into())
        })?
        .to_owned();
    let issuer = signed.get("issuer");
    let issuer_id = match issuer {
        Some(Value::String(id)) => Some(id.as_str()),
        Some(profile) => profile.get("id").and_then(Value::as_str),
        None => None,
    }
    .ok_or_else(|| CredentialError::InvalidDocument("it has no issuer id".into()))?
    .to_owned();
    let did = did_document
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if did != issuer_id {
        return Err(CredentialError::InvalidDid(format!(
            "the credential's issuer is {issuer_id}, but the DID document is that of {did}"
        )));
    }
    let key = public_key_from_did_document(did_document, &verification_method)?;
    verify(signed, &key)?;

    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    Ok(CheckedCredential {
        id: text(signed.get("id")),
        name: text(signed.get("name")),
        issuer_name: text(issuer.and_then(|profile| profile.get("name"))),
        issuer_id,
        achievement_name: text(
            signed
                .get("credentialSubject")
                .and_then(|subject| subject.get("achievement"))
                .and_then(|achievement| achievement.get("name")),
        ),
        valid_from: text(signed.get("validFrom")),
        valid_until: text(signed.get("validUntil")),
        status: signed
            .get("credentialStatus")
            .and_then(StatusEntry::from_credential_status),
        verification_method,
    })
}
