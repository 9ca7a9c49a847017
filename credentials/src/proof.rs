//! The `eddsa-rdfc-2022` Data Integrity cryptosuite (W3C "Data Integrity EdDSA Cryptosuites
//! v1.0", §3.3): one embedded `DataIntegrityProof` per document.
//!
//! - transformation: RDFC-1.0 canonical N-Quads of the document without its proof;
//! - proof configuration: the proof options (everything but `proofValue`) with the document's
//!   `@context`, canonicalised the same way;
//! - hashing: SHA-256(canonical proof configuration) ‖ SHA-256(canonical document);
//! - proof value: multibase base58btc (`z…`) of the 64-byte Ed25519 signature of that hash.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::keys::{decode_base58btc_multibase, encode_base58btc_multibase};
use crate::{CredentialError, PublicKey, SigningKey, canonicalize};

/// The proof type of Data Integrity proofs.
pub const PROOF_TYPE: &str = "DataIntegrityProof";
/// The cryptosuite this crate implements.
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
/// The only proof purpose this crate makes and accepts: the issuer asserts the credential.
pub const PROOF_PURPOSE: &str = "assertionMethod";

/// The intermediate values of the cryptosuite for one document and proof configuration.
/// Signing and verifying both go through it; it is public so that test vectors and
/// debugging tools can compare each step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashData {
    /// RDFC-1.0 N-Quads of the proof configuration.
    pub canonical_proof_config: String,
    /// RDFC-1.0 N-Quads of the unsecured document.
    pub canonical_document: String,
    /// SHA-256 of `canonical_proof_config`.
    pub proof_config_hash: [u8; 32],
    /// SHA-256 of `canonical_document`.
    pub document_hash: [u8; 32],
}

impl HashData {
    /// The 64 bytes that are signed: proof configuration hash, then document hash.
    pub fn bytes(&self) -> [u8; 64] {
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(&self.proof_config_hash);
        bytes[32..].copy_from_slice(&self.document_hash);
        bytes
    }
}

/// Runs the transformation, proof configuration and hashing steps for an unsecured document
/// (no `proof`) and proof options (a proof without `proofValue`).
pub fn hash_data(unsecured: &Value, proof_options: &Value) -> Result<HashData, CredentialError> {
    let options = proof_options
        .as_object()
        .ok_or_else(|| CredentialError::InvalidProof("the proof must be a JSON object".into()))?;
    check_proof_options(options)?;
    let context = unsecured.get("@context").ok_or_else(|| {
        CredentialError::InvalidDocument("it has no @context, so it is not JSON-LD".into())
    })?;
    let mut proof_config = options.clone();
    proof_config.insert("@context".into(), context.clone());
    let canonical_proof_config = canonicalize(&Value::Object(proof_config))?;
    let canonical_document = canonicalize(unsecured)?;
    Ok(HashData {
        proof_config_hash: Sha256::digest(canonical_proof_config.as_bytes()).into(),
        document_hash: Sha256::digest(canonical_document.as_bytes()).into(),
        canonical_proof_config,
        canonical_document,
    })
}

/// Signs an unsigned credential: returns it with a `proof` (type `DataIntegrityProof`,
/// cryptosuite `eddsa-rdfc-2022`, purpose `assertionMethod`) added.
///
/// `verification_method` is the URL of the public key (for did:web, `did:web:…#key-1`), and
/// `created` an XML Schema dateTime such as `2026-11-30T12:00:00Z`.
pub fn sign(
    unsigned: &Value,
    key: &SigningKey,
    verification_method: &str,
    created: &str,
) -> Result<Value, CredentialError> {
    let Some(document) = unsigned.as_object() else {
        return Err(CredentialError::InvalidDocument(
            "it must be a JSON object".into(),
        ));
    };
    if document.contains_key("proof") {
        return Err(CredentialError::AlreadySigned);
    }
    let mut proof = Map::new();
    proof.insert("type".into(), PROOF_TYPE.into());
    proof.insert("cryptosuite".into(), CRYPTOSUITE.into());
    proof.insert("created".into(), created.into());
    proof.insert("verificationMethod".into(), verification_method.into());
    proof.insert("proofPurpose".into(), PROOF_PURPOSE.into());
    let hashes = hash_data(unsigned, &Value::Object(proof.clone()))?;
    let signature = key.sign(&hashes.bytes());
    proof.insert(
        "proofValue".into(),
        encode_base58btc_multibase(&signature).into(),
    );
    let mut signed = document.clone();
    signed.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(signed))
}

/// Checks the credential's proof with `key`. The caller picks the key, typically by
/// [`proof_verification_method`]; [`crate::verify_credential`] does so from a DID document.
pub fn verify(signed: &Value, key: &PublicKey) -> Result<(), CredentialError> {
    let Some(document) = signed.as_object() else {
        return Err(CredentialError::InvalidDocument(
            "it must be a JSON object".into(),
        ));
    };
    let proof = single_proof(signed)?;
    let mut proof_options = proof.clone();
    let proof_value = proof_options
        .remove("proofValue")
        .ok_or_else(|| CredentialError::InvalidProof("it has no proofValue".into()))?;
    let signature = decode_signature(&proof_value)?;
    let mut unsecured = document.clone();
    unsecured.remove("proof");
    // A proof may carry its own @context: the document's must start with it, and it is what
    // the document is canonicalised with (Data Integrity EdDSA §3.3.2).
    if let Some(proof_context) = proof_options.remove("@context") {
        let as_list = |value: &Value| match value {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        let document_context = as_list(unsecured.get("@context").unwrap_or(&Value::Null));
        let proof_context_list = as_list(&proof_context);
        if !document_context.starts_with(&proof_context_list) {
            return Err(CredentialError::InvalidProof(
                "the proof's @context does not match the start of the credential's".into(),
            ));
        }
        unsecured.insert("@context".into(), proof_context);
    }
    let hashes = hash_data(&Value::Object(unsecured), &Value::Object(proof_options))?;
    if key.verifies(&hashes.bytes(), &signature) {
        Ok(())
    } else {
        Err(CredentialError::SignatureMismatch)
    }
}

/// The `verificationMethod` of the credential's proof (the URL of the key that should check
/// it), if the credential has exactly one proof that names one.
pub fn proof_verification_method(signed: &Value) -> Option<&str> {
    single_proof(signed)
        .ok()?
        .get("verificationMethod")?
        .as_str()
}

/// The one proof of a signed document; a set of several is not supported.
fn single_proof(signed: &Value) -> Result<&Map<String, Value>, CredentialError> {
    let proof = match signed.get("proof") {
        None | Some(Value::Null) => return Err(CredentialError::MissingProof),
        Some(Value::Array(proofs)) => match proofs.as_slice() {
            [] => return Err(CredentialError::MissingProof),
            [only] => only,
            _ => {
                return Err(CredentialError::UnsupportedProof(
                    "the credential has several proofs; only a single proof is supported".into(),
                ));
            }
        },
        Some(one) => one,
    };
    proof
        .as_object()
        .ok_or_else(|| CredentialError::InvalidProof("the proof must be a JSON object".into()))
}

/// Checks what the cryptosuite requires of the proof options before anything is hashed.
fn check_proof_options(options: &Map<String, Value>) -> Result<(), CredentialError> {
    let field = |name: &str| options.get(name).and_then(Value::as_str);
    match field("type") {
        Some(PROOF_TYPE) => {}
        Some(other) => {
            return Err(CredentialError::UnsupportedProof(format!(
                "proof type {other} (only {PROOF_TYPE} is supported)"
            )));
        }
        None => return Err(CredentialError::InvalidProof("it has no type".into())),
    }
    match field("cryptosuite") {
        Some(CRYPTOSUITE) => {}
        Some(other) => {
            return Err(CredentialError::UnsupportedProof(format!(
                "cryptosuite {other} (only {CRYPTOSUITE} is supported)"
            )));
        }
        None => {
            return Err(CredentialError::InvalidProof(
                "it has no cryptosuite".into(),
            ));
        }
    }
    match field("proofPurpose") {
        Some(PROOF_PURPOSE) => {}
        Some(other) => {
            return Err(CredentialError::UnsupportedProof(format!(
                "proof purpose {other} (only {PROOF_PURPOSE} is accepted for credentials)"
            )));
        }
        None => {
            return Err(CredentialError::InvalidProof(
                "it has no proofPurpose".into(),
            ));
        }
    }
    if field("verificationMethod").is_none_or(str::is_empty) {
        return Err(CredentialError::InvalidProof(
            "it has no verificationMethod".into(),
        ));
    }
    if let Some(created) = options.get("created") {
        let valid = created.as_str().is_some_and(is_xml_schema_date_time);
        if !valid {
            return Err(CredentialError::InvalidProof(format!(
                "created {created} is not an XML Schema dateTime such as 2026-11-30T12:00:00Z"
            )));
        }
    }
    Ok(())
}

fn decode_signature(proof_value: &Value) -> Result<[u8; 64], CredentialError> {
    let text = proof_value
        .as_str()
        .ok_or_else(|| CredentialError::InvalidProof("proofValue must be a string".into()))?;
    let bytes = decode_base58btc_multibase(text)
        .map_err(|reason| CredentialError::InvalidProof(format!("proofValue {reason}")))?;
    bytes.try_into().map_err(|bytes: Vec<u8>| {
        CredentialError::InvalidProof(format!(
            "an Ed25519 signature has 64 bytes, proofValue has {}",
            bytes.len()
        ))
    })
}

/// Whether `text` has the lexical form of an XML Schema `dateTime`:
/// `YYYY-MM-DDThh:mm:ss`, optional fraction of a second, optional `Z` or `±hh:mm`.
pub fn is_xml_schema_date_time(text: &str) -> bool {
    fn digits(text: &str, count: usize) -> Option<(u32, &str)> {
        let head = text.get(..count)?;
        if !head.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((head.parse().ok()?, &text[count..]))
    }
    fn parse(text: &str) -> Option<()> {
        let (_, rest) = digits(text, 4)?;
        let (month, rest) = digits(rest.strip_prefix('-')?, 2)?;
        let (day, rest) = digits(rest.strip_prefix('-')?, 2)?;
        let (hour, rest) = digits(rest.strip_prefix('T')?, 2)?;
        let (minute, rest) = digits(rest.strip_prefix(':')?, 2)?;
        let (second, mut rest) = digits(rest.strip_prefix(':')?, 2)?;
        if let Some(fraction) = rest.strip_prefix('.') {
            let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if length == 0 {
                return None;
            }
            rest = &fraction[length..];
        }
        let zone_ok = match rest {
            "" | "Z" => true,
            offset => {
                let sign = offset.strip_prefix(['+', '-'])?;
                let (zone_hour, after) = digits(sign, 2)?;
                let (zone_minute, end) = digits(after.strip_prefix(':')?, 2)?;
                end.is_empty() && zone_hour <= 14 && zone_minute < 60
            }
        };
        let in_range = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && (hour < 24 || (hour == 24 && minute == 0 && second == 0))
            && minute < 60
            && second < 60;
        (zone_ok && in_range).then_some(())
    }
    parse(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_are_checked() {
        for good in [
            "2026-11-30T12:00:00Z",
            "2010-01-01T19:23:24Z",
            "2026-11-30T12:00:00.123Z",
            "2026-11-30T12:00:00+02:00",
            "2026-11-30T12:00:00",
        ] {
            assert!(is_xml_schema_date_time(good), "{good}");
        }
        for bad in [
            "",
            "2026-11-30",
            "2026-11-30 12:00:00Z",
            "2026-13-30T12:00:00Z",
            "2026-11-30T12:00:00.Z",
            "2026-11-30T12:00:00+2",
            "2026-11-30T12:00:60Z",
            "yesterday",
        ] {
            assert!(!is_xml_schema_date_time(bad), "{bad}");
        }
    }
}
