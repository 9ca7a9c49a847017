//! The Open Badges 3.0 credential Tiltas issues when a learner completes a course.
//!
//! Every property used here is a term of the bundled VC 2.0 or Open Badges 3.0.3 contexts, so
//! the whole document is covered by the signature (see `canonical.rs`). One thing the OB 3.0
//! specification shows is deliberately left out: `credentialSchema` with type
//! `1EdTechJsonSchemaValidator2019`. No context defines that type since the VC 2.0 context
//! dropped `@vocab` (July 2024), so it is a relative IRI in JSON-LD; Data Integrity verifiers in
//! safe mode (Digital Bazaar's among them) reject such a credential ("Relative @type
//! reference"), and this crate refuses to sign it. `credentialSchema` is optional (0..*).

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::contexts::{OPEN_BADGES_V3, VC_V2};

/// The achievement the credential recognises (an OB 3.0 `Achievement`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Achievement {
    /// A URL identifying the achievement, e.g. the course's public page.
    pub id: String,
    /// Name of the achievement, e.g. the course title.
    pub name: String,
    /// A short description.
    pub description: String,
    /// How it is earned, as a narrative (Markdown allowed by OB 3.0).
    pub criteria: String,
}

/// A Bitstring Status List entry: where the revocation bit of this credential is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    /// URL of the status list credential.
    pub status_list_credential: String,
    /// Position of this credential's bit in the list.
    pub status_list_index: u64,
}

/// A course completion credential, ready to be turned into JSON and signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionCredential {
    /// The credential's id, e.g. `urn:uuid:…`.
    pub id: String,
    /// The issuer's DID, e.g. `did:web:tiltas.example`.
    pub issuer_id: String,
    /// The issuer's name.
    pub issuer_name: String,
    /// The issuer's web site.
    pub issuer_url: Option<String>,
    /// The credential's name, e.g. the course title.
    pub name: String,
    /// When the credential becomes valid (XML Schema dateTime, e.g. `2026-11-30T12:00:00Z`).
    pub valid_from: String,
    /// When it stops being valid, if ever.
    pub valid_until: Option<String>,
    /// The learner's email address, stored only as a salted hash. Pass it normalised as the
    /// learner will later type it (the hash is over the exact text).
    pub email: String,
    /// The salt of the email hash: random, different for every credential.
    pub salt: String,
    /// The learner's name, shown by wallets and verifiers. It is not hashed: leave it out if
    /// the credential must not reveal it.
    pub holder_name: Option<String>,
    /// What was achieved.
    pub achievement: Achievement,
    /// The revocation entry, if the credential can be revoked.
    pub status: Option<StatusEntry>,
}

/// The OB 3.0 `IdentityHash` of an identifier: `sha256$` + lowercase hex of
/// SHA-256(identifier ‖ salt), the strings UTF-8 encoded.
pub fn identity_hash(identifier: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{identifier}{salt}").as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256${hex}")
}

impl StatusEntry {
    /// The `credentialStatus` value: a `BitstringStatusListEntry` for revocation.
    pub fn to_json(&self) -> Value {
        json!({
            "id": format!("{}#{}", self.status_list_credential, self.status_list_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            // The Bitstring Status List specification makes the index a string.
            "statusListIndex": self.status_list_index.to_string(),
            "statusListCredential": self.status_list_credential,
        })
    }

    /// Reads a revocation `BitstringStatusListEntry` (the first one if `credentialStatus` is
    /// a list); `None` if there is none or it is malformed.
    pub fn from_credential_status(status: &Value) -> Option<Self> {
        let entries: Vec<&Value> = match status {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        entries.into_iter().find_map(|entry| {
            let is_entry = entry
                .get("type")
                .is_some_and(|kind| has_type(kind, "BitstringStatusListEntry"));
            let revocation =
                entry.get("statusPurpose").and_then(Value::as_str) == Some("revocation");
            if !is_entry || !revocation {
                return None;
            }
            Some(Self {
                status_list_credential: entry.get("statusListCredential")?.as_str()?.to_owned(),
                status_list_index: entry.get("statusListIndex")?.as_str()?.parse().ok()?,
            })
        })
    }
}

/// Whether a JSON-LD `type` value (a string or a list) includes `wanted`.
pub(crate) fn has_type(kind: &Value, wanted: &str) -> bool {
    match kind {
        Value::String(one) => one == wanted,
        Value::Array(all) => all.iter().any(|one| one.as_str() == Some(wanted)),
        _ => false,
    }
}

impl CompletionCredential {
    /// The unsigned credential as JSON-LD, ready for [`crate::sign`].
    pub fn to_json(&self) -> Value {
        let mut issuer = Map::new();
        issuer.insert("id".into(), self.issuer_id.clone().into());
        issuer.insert("type".into(), json!(["Profile"]));
        issuer.insert("name".into(), self.issuer_name.clone().into());
        if let Some(url) = &self.issuer_url {
            issuer.insert("url".into(), url.clone().into());
        }

        let mut identifiers = vec![json!({
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": true,
            "identityHash": identity_hash(&self.email, &self.salt),
            "salt": self.salt,
        })];
        if let Some(name) = &self.holder_name {
            // OB 3.0 has no name property on AchievementSubject; its implementation guide
            // ("Including additional recipient profile information") puts the name in an
            // unhashed IdentityObject with the extension identity type `ext:name`.
            identifiers.push(json!({
                "type": "IdentityObject",
                "identityType": "ext:name",
                "hashed": false,
                "identityHash": name,
            }));
        }

        let mut credential = Map::new();
        credential.insert("@context".into(), json!([VC_V2, OPEN_BADGES_V3]));
        credential.insert("id".into(), self.id.clone().into());
        credential.insert(
            "type".into(),
            json!(["VerifiableCredential", "OpenBadgeCredential"]),
        );
        credential.insert("issuer".into(), Value::Object(issuer));
        credential.insert("validFrom".into(), self.valid_from.clone().into());
        if let Some(until) = &self.valid_until {
            credential.insert("validUntil".into(), until.clone().into());
        }
        credential.insert("name".into(), self.name.clone().into());
        credential.insert(
            "credentialSubject".into(),
            json!({
                "type": ["AchievementSubject"],
                "identifier": identifiers,
                "achievement": {
                    "id": self.achievement.id,
                    "type": ["Achievement"],
                    "name": self.achievement.name,
                    "description": self.achievement.description,
                    "criteria": {"narrative": self.achievement.criteria},
                },
            }),
        );
        if let Some(status) = &self.status {
            credential.insert("credentialStatus".into(), status.to_json());
        }
        Value::Object(credential)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CredentialError, canonicalize};

    pub(crate) fn sample() -> CompletionCredential {
        CompletionCredential {
            id: "urn:uuid:6f1c2a3e-8d4b-4c1a-9e2f-0a1b2c3d4e5f".into(),
            issuer_id: "did:web:tiltas.example".into(),
            issuer_name: "Tiltas Academy".into(),
            issuer_url: Some("https://tiltas.example/".into()),
            name: "Introduction to Rust".into(),
            valid_from: "2026-11-30T12:00:00Z".into(),
            valid_until: Some("2031-11-30T12:00:00Z".into()),
            email: "learner@example.com".into(),
            salt: "c2FsdHktc2FsdA".into(),
            holder_name: Some("Ada Learner".into()),
            achievement: Achievement {
                id: "https://tiltas.example/courses/intro-rust".into(),
                name: "Introduction to Rust".into(),
                description: "Ownership, borrowing and the standard library.".into(),
                criteria: "Completed every lesson and passed the final assessment.".into(),
            },
            status: Some(StatusEntry {
                status_list_credential: "https://tiltas.example/credentials/status/1".into(),
                status_list_index: 94567,
            }),
        }
    }

    #[test]
    fn identity_hash_matches_the_ob_implementation_guide_example() {
        // "Getting started" of the OB 3.0 implementation guide: the hash of
        // jjefferson18@example.com salted with FleurDeSel.
        assert_eq!(
            identity_hash("jjefferson18@example.com", "FleurDeSel"),
            "sha256$658625b25ab3d75d613ca97d9a5a77f70e2192feca5557f4ad09a4d4f121f5fc"
        );
    }

    #[test]
    fn every_field_reaches_the_canonical_form() {
        let nquads = canonicalize(&sample().to_json()).unwrap();
        let expected_hash = identity_hash("learner@example.com", "c2FsdHktc2FsdA");
        for needle in [
            format!("\"{expected_hash}\""),
            "\"c2FsdHktc2FsdA\"".to_owned(),
            "\"emailAddress\"".to_owned(),
            "\"Ada Learner\"".to_owned(),
            "\"Introduction to Rust\"".to_owned(),
            "\"Completed every lesson and passed the final assessment.\"".to_owned(),
            "<https://www.w3.org/ns/credentials/status#statusListIndex> \"94567\"".to_owned(),
            "<https://tiltas.example/credentials/status/1>".to_owned(),
            "<https://www.w3.org/2018/credentials#validUntil> \"2031-11-30T12:00:00Z\"".to_owned(),
            "\"https://tiltas.example/\"^^<https://www.w3.org/2001/XMLSchema#anyURI>".to_owned(),
            "<did:web:tiltas.example>".to_owned(),
            "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject>".to_owned(),
        ] {
            assert!(nquads.contains(&needle), "missing {needle} in\n{nquads}");
        }
        assert!(
            !nquads.contains("learner@example.com"),
            "the email must only appear hashed"
        );
    }

    #[test]
    fn optional_parts_can_be_left_out() {
        let mut credential = sample();
        credential.issuer_url = None;
        credential.valid_until = None;
        credential.holder_name = None;
        credential.status = None;
        let json = credential.to_json();
        assert!(json.get("validUntil").is_none());
        assert!(json.get("credentialStatus").is_none());
        assert_eq!(
            json["credentialSubject"]["identifier"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert!(canonicalize(&json).is_ok());
    }

    #[test]
    fn the_status_entry_reads_back() {
        let entry = sample().status.unwrap();
        assert_eq!(
            StatusEntry::from_credential_status(&entry.to_json()),
            Some(entry.clone())
        );
        let list = Value::Array(vec![entry.to_json()]);
        assert_eq!(StatusEntry::from_credential_status(&list), Some(entry));
    }

    #[test]
    fn the_spec_example_credential_schema_cannot_be_signed() {
        // Documents why `to_json` has no credentialSchema (see the module comment).
        let mut json = sample().to_json();
        json["credentialSchema"] = json!([{
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019"
        }]);
        let err = canonicalize(&json).unwrap_err();
        assert!(matches!(err, CredentialError::DroppedValue(_)), "{err}");
        assert!(
            err.to_string().contains("1EdTechJsonSchemaValidator2019"),
            "{err}"
        );
    }
}
