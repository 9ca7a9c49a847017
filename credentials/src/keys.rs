//! Ed25519 keys in the Multikey encoding used by Data Integrity proofs and DID documents.
//!
//! - public key: `z` + base58btc(0xed 0x01 ‖ 32-byte key), so it starts with `z6Mk`;
//! - secret key: `z` + base58btc(0x80 0x26 ‖ 32-byte seed).
//!
//! The prefixes are the multicodec codes `ed25519-pub` and `ed25519-priv` as unsigned varints.

use std::fmt;

use ed25519_dalek::Signer;
use rand_core::{OsRng, RngCore};

use crate::CredentialError;

const PUBLIC_KEY_HEADER: [u8; 2] = [0xed, 0x01];
const SECRET_KEY_HEADER: [u8; 2] = [0x80, 0x26];

/// The first line of a key file, telling a person what the file is.
const KEY_FILE_COMMENT: &str =
    "# Tiltas credential signing key (Ed25519, Multikey secretKeyMultibase). Keep it secret.";

/// An Ed25519 key that signs credentials. Its `Debug` output never shows the secret.
#[derive(Clone)]
pub struct SigningKey(ed25519_dalek::SigningKey);

/// An Ed25519 public key that checks signatures.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl SigningKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Result<Self, CredentialError> {
        let mut seed = [0u8; 32];
        OsRng
            .try_fill_bytes(&mut seed)
            .map_err(|err| CredentialError::Randomness(err.to_string()))?;
        Ok(Self::from_seed(&seed))
    }

    /// The key with this 32-byte seed (the Ed25519 "secret key" of RFC 8032).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// Reads a Multikey `secretKeyMultibase`. Besides the standard 32-byte seed form, the
    /// 64-byte seed ‖ public-key form that older Digital Bazaar libraries wrote (as in the
    /// 1EdTech test vector) is accepted when its public half matches the seed.
    pub fn from_secret_multibase(text: &str) -> Result<Self, CredentialError> {
        let bytes = decode_multibase(text.trim(), &SECRET_KEY_HEADER, "secret key")?;
        match bytes.len() {
            32 => Ok(Self::from_seed(bytes[..].try_into().expect("32 bytes"))),
            64 => {
                let key = Self::from_seed(bytes[..32].try_into().expect("32 bytes"));
                if key.0.verifying_key().as_bytes()[..] != bytes[32..] {
                    return Err(CredentialError::InvalidKey(
                        "the public half of the 64-byte secret key does not match its seed".into(),
                    ));
                }
                Ok(key)
            }
            other => Err(CredentialError::InvalidKey(format!(
                "an Ed25519 secret key has 32 bytes, this one has {other}"
            ))),
        }
    }

    /// The Multikey `secretKeyMultibase` (32-byte seed form).
    pub fn secret_multibase(&self) -> String {
        encode_multibase(&SECRET_KEY_HEADER, self.0.as_bytes())
    }

    /// The public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The Multikey `publicKeyMultibase` of the public key (starts with `z6Mk`).
    pub fn public_multibase(&self) -> String {
        self.public_key().to_multibase()
    }

    /// The text of a key file: a comment line, then the secret multibase on its own line.
    pub fn to_file_text(&self) -> String {
        format!("{KEY_FILE_COMMENT}\n{}\n", self.secret_multibase())
    }

    /// Reads the text of a key file: blank lines and lines starting with `#` are ignored, and
    /// exactly one line must remain, the secret multibase.
    pub fn from_file_text(text: &str) -> Result<Self, CredentialError> {
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        let Some(secret) = lines.next() else {
            return Err(CredentialError::InvalidKey(
                "the key file holds no key".into(),
            ));
        };
        if lines.next().is_some() {
            return Err(CredentialError::InvalidKey(
                "the key file holds more than one line besides comments".into(),
            ));
        }
        Self::from_secret_multibase(secret)
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", &self.public_multibase())
            .finish_non_exhaustive()
    }
}

impl PublicKey {
    /// Reads a Multikey `publicKeyMultibase`.
    pub fn from_multibase(text: &str) -> Result<Self, CredentialError> {
        let bytes = decode_multibase(text.trim(), &PUBLIC_KEY_HEADER, "public key")?;
        let bytes: [u8; 32] = bytes[..].try_into().map_err(|_| {
            CredentialError::InvalidKey(format!(
                "an Ed25519 public key has 32 bytes, this one has {}",
                bytes.len()
            ))
        })?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| CredentialError::InvalidKey("not a valid Ed25519 public key".into()))
    }

    /// The public key from its 32 raw bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, CredentialError> {
        ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map(Self)
            .map_err(|_| CredentialError::InvalidKey("not a valid Ed25519 public key".into()))
    }

    /// The Multikey `publicKeyMultibase` (starts with `z6Mk`).
    pub fn to_multibase(&self) -> String {
        encode_multibase(&PUBLIC_KEY_HEADER, self.0.as_bytes())
    }

    /// The 32 raw bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// Whether `signature` is this key's signature of `message`.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        // Strict verification also rejects weak keys and non-canonical signatures, which no
        // honest signer produces and which would let one signature pass for several.
        self.0.verify_strict(message, &signature).is_ok()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_multibase())
    }
}

/// `z` + base58btc(header ‖ bytes).
fn encode_multibase(header: &[u8], bytes: &[u8]) -> String {
    let mut raw = Vec::with_capacity(header.len() + bytes.len());
    raw.extend_from_slice(header);
    raw.extend_from_slice(bytes);
    format!("z{}", bs58::encode(raw).into_string())
}

/// The bytes after `header` in a base58btc multibase text, or a readable error.
fn decode_multibase(text: &str, header: &[u8], what: &str) -> Result<Vec<u8>, CredentialError> {
    let raw = decode_base58btc_multibase(text)
        .map_err(|reason| CredentialError::InvalidKey(format!("the {what} {reason}")))?;
    raw.strip_prefix(header).map(<[u8]>::to_vec).ok_or_else(|| {
        CredentialError::InvalidKey(format!("the {what} is not an Ed25519 Multikey {what}"))
    })
}

/// Decodes multibase base58btc (`z` prefix). The error completes "the … ".
pub(crate) fn decode_base58btc_multibase(text: &str) -> Result<Vec<u8>, &'static str> {
    let encoded = text
        .strip_prefix('z')
        .ok_or("is not multibase base58btc (it must start with 'z')")?;
    bs58::decode(encoded)
        .into_vec()
        .map_err(|_| "contains characters that are not base58")
}

/// `z` + base58btc(bytes).
pub(crate) fn encode_base58btc_multibase(bytes: &[u8]) -> String {
    format!("z{}", bs58::encode(bytes).into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_round_trip_through_multibase_and_files() {
        let key = SigningKey::generate().unwrap();
        assert!(key.public_multibase().starts_with("z6Mk"));
        assert!(key.secret_multibase().starts_with("z3u2"));
        let again = SigningKey::from_secret_multibase(&key.secret_multibase()).unwrap();
        assert_eq!(again.public_multibase(), key.public_multibase());
        let text = key.to_file_text();
        assert!(text.starts_with('#'));
        assert_eq!(text.lines().count(), 2);
        let from_file = SigningKey::from_file_text(&text).unwrap();
        assert_eq!(from_file.secret_multibase(), key.secret_multibase());
        let public = PublicKey::from_multibase(&key.public_multibase()).unwrap();
        assert_eq!(public, key.public_key());
        assert_ne!(
            SigningKey::generate().unwrap().public_key(),
            key.public_key()
        );
    }

    #[test]
    fn key_files_reject_nothing_or_too_much() {
        assert!(SigningKey::from_file_text("# only a comment\n\n").is_err());
        let key = SigningKey::generate().unwrap();
        let two = format!("{}\n{}\n", key.secret_multibase(), key.secret_multibase());
        assert!(SigningKey::from_file_text(&two).is_err());
        let with_blank_lines = format!("\n# c\n  {}  \n\n", key.secret_multibase());
        assert!(SigningKey::from_file_text(&with_blank_lines).is_ok());
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let key = SigningKey::generate().unwrap();
        let shown = format!("{key:?}");
        assert!(!shown.contains(&key.secret_multibase()[1..]));
        assert!(shown.contains(&key.public_multibase()));
    }

    #[test]
    fn malformed_multibase_is_refused_with_a_reason() {
        let key = SigningKey::generate().unwrap();
        let err = PublicKey::from_multibase(&key.secret_multibase()).unwrap_err();
        assert!(
            err.to_string()
                .contains("not an Ed25519 Multikey public key"),
            "{err}"
        );
        let err = SigningKey::from_secret_multibase(&key.public_multibase()).unwrap_err();
        assert!(
            err.to_string()
                .contains("not an Ed25519 Multikey secret key"),
            "{err}"
        );
        assert!(PublicKey::from_multibase("u6Mk").is_err());
        assert!(PublicKey::from_multibase("z0OIl").is_err());
        let short = encode_multibase(&PUBLIC_KEY_HEADER, &[1, 2, 3]);
        assert!(
            PublicKey::from_multibase(&short)
                .unwrap_err()
                .to_string()
                .contains("3")
        );
    }
}
