//! Signing and verifying our own credentials and status lists, and the ways verification must
//! fail.

use serde_json::{Value, json};
use tiltas_credentials::{
    Achievement, CompletionCredential, CredentialError, SigningKey, StatusEntry, StatusList,
    did_document, proof_verification_method, sign, status_bit, status_list_credential, verify,
    verify_credential,
};

const DID: &str = "did:web:tiltas.example";
const KEY_ID: &str = "did:web:tiltas.example#key-1";
const CREATED: &str = "2026-11-30T12:00:00Z";

fn credential() -> CompletionCredential {
    CompletionCredential {
        id: "urn:uuid:1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b".into(),
        issuer_id: DID.into(),
        issuer_name: "Tiltas Academy".into(),
        issuer_url: Some("https://tiltas.example/".into()),
        name: "Introduction to Rust".into(),
        valid_from: "2026-11-30T12:00:00Z".into(),
        valid_until: None,
        email: "learner@example.com".into(),
        salt: "6x0yQm9JHq2c".into(),
        holder_name: Some("Ada Learner".into()),
        achievement: Achievement {
            id: "https://tiltas.example/courses/intro-rust".into(),
            name: "Introduction to Rust (course)".into(),
            description: "Ownership, borrowing and the standard library.".into(),
            criteria: "Completed every lesson.".into(),
        },
        status: Some(StatusEntry {
            status_list_credential: "https://tiltas.example/credentials/status/1".into(),
            status_list_index: 7,
        }),
    }
}

fn signed_with(key: &SigningKey) -> Value {
    sign(&credential().to_json(), key, KEY_ID, CREATED).unwrap()
}

/// Every string in the JSON, as a path of keys and indexes.
fn string_paths(value: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::String(_) => out.push(path),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                string_paths(item, [path.clone(), vec![index.to_string()]].concat(), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                string_paths(item, [path.clone(), vec![key.clone()]].concat(), out);
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |inner, step| match inner {
        Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
        other => &mut other[step.as_str()],
    })
}

#[test]
fn a_signed_credential_verifies() {
    let key = SigningKey::generate().unwrap();
    let signed = signed_with(&key);
    let proof = &signed["proof"];
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
    assert_eq!(proof["created"], CREATED);
    assert!(proof["proofValue"].as_str().unwrap().starts_with('z'));
    assert_eq!(proof_verification_method(&signed), Some(KEY_ID));
    verify(&signed, &key.public_key()).unwrap();
    // Surviving a trip through text, as a downloaded file does.
    let reread: Value =
        serde_json::from_str(&serde_json::to_string_pretty(&signed).unwrap()).unwrap();
    verify(&reread, &key.public_key()).unwrap();
}

#[test]
fn changing_one_byte_of_any_string_breaks_verification() {
    let key = SigningKey::generate().unwrap();
    let signed = signed_with(&key);
    let mut paths = Vec::new();
    string_paths(&signed, Vec::new(), &mut paths);
    assert!(paths.len() > 25, "{}", paths.len());
    for path in paths {
        let mut tampered = signed.clone();
        let target = at(&mut tampered, &path);
        let mut bytes = target.as_str().unwrap().as_bytes().to_vec();
        let last = bytes.len() - 1;
        // Another ASCII letter or digit, so the JSON stays a valid string.
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        *target = Value::String(String::from_utf8(bytes).unwrap());
        assert!(
            verify(&tampered, &key.public_key()).is_err(),
            "changing {} went unnoticed",
            path.join("/")
        );
    }
}

#[test]
fn another_key_does_not_verify() {
    let signed = signed_with(&SigningKey::generate().unwrap());
    let other = SigningKey::generate().unwrap();
    assert_eq!(
        verify(&signed, &other.public_key()),
        Err(CredentialError::SignatureMismatch)
    );
}

#[test]
fn a_credential_without_proof_is_refused_clearly() {
    let key = SigningKey::generate().unwrap();
    let mut signed = signed_with(&key);
    signed.as_object_mut().unwrap().remove("proof");
    let err = verify(&signed, &key.public_key()).unwrap_err();
    assert_eq!(err, CredentialError::MissingProof);
    assert_eq!(
        err.to_string(),
        "the credential has no proof (it is not signed)"
    );
    assert_eq!(proof_verification_method(&signed), None);
}

#[test]
fn an_undefined_top_level_property_cannot_be_signed_or_slipped_in() {
    let key = SigningKey::generate().unwrap();
    let mut unsigned = credential().to_json();
    unsigned["grade"] = json!("A+");
    let err = sign(&unsigned, &key, KEY_ID, CREATED).unwrap_err();
    assert_eq!(err, CredentialError::UndefinedTerm("grade".into()));
    assert_eq!(
        err.to_string(),
        "the property \"grade\" is not defined by the document's JSON-LD contexts, so a signature could not cover it"
    );

    // Added after signing: JSON-LD alone would drop it and the signature would still match.
    let mut signed = signed_with(&key);
    signed["grade"] = json!("A+");
    assert_eq!(
        verify(&signed, &key.public_key()),
        Err(CredentialError::UndefinedTerm("grade".into()))
    );
    // Same for a nested property.
    let mut signed = signed_with(&key);
    signed["credentialSubject"]["achievement"]["level"] = json!("expert");
    assert_eq!(
        verify(&signed, &key.public_key()),
        Err(CredentialError::UndefinedTerm("level".into()))
    );
}

#[test]
fn signing_twice_and_bad_dates_are_refused() {
    let key = SigningKey::generate().unwrap();
    let signed = signed_with(&key);
    assert_eq!(
        sign(&signed, &key, KEY_ID, CREATED),
        Err(CredentialError::AlreadySigned)
    );
    let err = sign(&credential().to_json(), &key, KEY_ID, "30/11/2026").unwrap_err();
    assert!(
        err.to_string().contains("not an XML Schema dateTime"),
        "{err}"
    );
}

#[test]
fn verify_credential_picks_the_key_from_the_did_document() {
    let old = SigningKey::generate().unwrap();
    let current = SigningKey::generate().unwrap();
    let document = did_document(
        DID,
        &[
            ("key-0".into(), old.public_multibase()),
            ("key-1".into(), current.public_multibase()),
        ],
    );
    let checked = verify_credential(&signed_with(&current), &document).unwrap();
    assert_eq!(checked.name.as_deref(), Some("Introduction to Rust"));
    assert_eq!(checked.issuer_id, DID);
    assert_eq!(checked.issuer_name.as_deref(), Some("Tiltas Academy"));
    assert_eq!(
        checked.achievement_name.as_deref(),
        Some("Introduction to Rust (course)")
    );
    assert_eq!(checked.valid_from.as_deref(), Some("2026-11-30T12:00:00Z"));
    assert_eq!(checked.valid_until, None);
    assert_eq!(checked.status, credential().status);
    assert_eq!(checked.verification_method, KEY_ID);

    // Signed with a key that the DID document lists under another id.
    let wrong = sign(&credential().to_json(), &old, KEY_ID, CREATED).unwrap();
    assert_eq!(
        verify_credential(&wrong, &document),
        Err(CredentialError::SignatureMismatch)
    );
    // Another issuer's DID document.
    let elsewhere = did_document(
        "did:web:other.example",
        &[("key-1".into(), current.public_multibase())],
    );
    let err = verify_credential(&signed_with(&current), &elsewhere).unwrap_err();
    assert!(err.to_string().contains("did:web:other.example"), "{err}");
    // A key not in the document at all.
    let only_old = did_document(DID, &[("key-0".into(), old.public_multibase())]);
    let err = verify_credential(&signed_with(&current), &only_old).unwrap_err();
    assert!(matches!(err, CredentialError::KeyNotFound(_)), "{err}");
    // No proof.
    let mut unsigned = signed_with(&current);
    unsigned.as_object_mut().unwrap().remove("proof");
    assert_eq!(
        verify_credential(&unsigned, &document),
        Err(CredentialError::MissingProof)
    );
}

#[test]
fn a_signed_status_list_verifies_and_reads() {
    let key = SigningKey::generate().unwrap();
    let mut list = StatusList::new(0);
    list.set(7, true).unwrap();
    let unsigned = status_list_credential(
        "https://tiltas.example/credentials/status/1",
        DID,
        "2026-11-30T12:00:00Z",
        &list.encode(),
    );
    let signed = sign(&unsigned, &key, KEY_ID, CREATED).unwrap();
    let document = did_document(DID, &[("key-1".into(), key.public_multibase())]);
    let checked = verify_credential(&signed, &document).unwrap();
    assert_eq!(checked.issuer_id, DID);
    assert!(status_bit(&signed, 7).unwrap());
    assert!(!status_bit(&signed, 8).unwrap());

    // Clearing the bit after signing is detected.
    let mut cleared = signed.clone();
    cleared["credentialSubject"]["encodedList"] = json!(StatusList::new(0).encode());
    assert_eq!(
        verify_credential(&cleared, &document),
        Err(CredentialError::SignatureMismatch)
    );
}
