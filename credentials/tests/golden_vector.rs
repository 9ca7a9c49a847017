//! The 1EdTech Open Badges 3.0 `eddsa-rdfc-2022` test vector ("Linked Data Proof Test Vector
//! for Open Badges 3.0", see `tests/vector/README.md`), reproduced step by step: key, canonical
//! N-Quads of document and proof configuration, their hashes, the signature and `proofValue`,
//! all byte for byte, then verification of the published signed credential.

use serde_json::Value;
use tiltas_credentials::{
    PublicKey, SigningKey, canonicalize, hash_data, sign, verify, verify_credential,
};

fn vector_file(name: &str) -> String {
    let path = format!("{}/tests/vector/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn vector_json(name: &str) -> Value {
    serde_json::from_str(&vector_file(name)).unwrap()
}

fn expected(field: &str) -> String {
    vector_json("expected.json")[field]
        .as_str()
        .unwrap()
        .to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn vector_key() -> SigningKey {
    let private = unhex(&expected("privateKeyHex"));
    SigningKey::from_seed(private[..32].try_into().unwrap())
}

fn proof_options() -> Value {
    serde_json::json!({
        "type": "DataIntegrityProof",
        "created": expected("created"),
        "verificationMethod": expected("verificationMethod"),
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
    })
}

#[test]
fn the_key_pair_matches_its_published_encodings() {
    let key = vector_key();
    assert_eq!(hex(&key.public_key().to_bytes()), expected("publicKeyHex"));
    assert_eq!(key.public_multibase(), expected("publicKeyMultibase"));
    // The vector's secretKeyMultibase is the older 64-byte (seed ‖ public key) form.
    let from_multibase =
        SigningKey::from_secret_multibase(&expected("secretKeyMultibase")).unwrap();
    assert_eq!(from_multibase.secret_multibase(), key.secret_multibase());
    assert_eq!(
        PublicKey::from_multibase(&expected("publicKeyMultibase")).unwrap(),
        key.public_key()
    );
}

#[test]
fn the_document_canonicalises_to_the_published_nquads() {
    let canonical = canonicalize(&vector_json("credential.json")).unwrap();
    assert_eq!(canonical, vector_file("document-canon.nq"));
}

#[test]
fn every_intermediate_value_matches() {
    let hashes = hash_data(&vector_json("credential.json"), &proof_options()).unwrap();
    assert_eq!(hashes.canonical_document, vector_file("document-canon.nq"));
    assert_eq!(hashes.canonical_proof_config, vector_file("proof-canon.nq"));
    assert_eq!(hex(&hashes.document_hash), expected("documentHashHex"));
    assert_eq!(hex(&hashes.proof_config_hash), expected("proofHashHex"));
    assert_eq!(hex(&hashes.bytes()), expected("dataToSignHex"));
}

#[test]
fn signing_reproduces_the_published_proof_value_and_signed_credential() {
    let signed = sign(
        &vector_json("credential.json"),
        &vector_key(),
        &expected("verificationMethod"),
        &expected("created"),
    )
    .unwrap();
    let proof_value = signed["proof"]["proofValue"].as_str().unwrap();
    assert_eq!(proof_value, expected("proofValue"));
    let signature = bs58_decode(&proof_value[1..]);
    assert_eq!(hex(&signature), expected("signatureHex"));
    assert_eq!(signed, vector_json("signed-credential.json"));
}

#[test]
fn the_published_signed_credential_verifies() {
    let public = PublicKey::from_multibase(&expected("publicKeyMultibase")).unwrap();
    verify(&vector_json("signed-credential.json"), &public).unwrap();
}

#[test]
fn the_published_signed_credential_verifies_against_a_controller_document() {
    let checked = verify_credential(
        &vector_json("signed-credential.json"),
        &vector_json("controller-document.json"),
    )
    .unwrap();
    assert_eq!(checked.issuer_id, "https://example.edu/issuers/565049");
    assert_eq!(checked.issuer_name.as_deref(), Some("Example Corp"));
    assert_eq!(checked.name.as_deref(), Some("Teamwork Badge"));
    assert_eq!(checked.achievement_name.as_deref(), Some("Teamwork"));
    assert_eq!(checked.valid_from.as_deref(), Some("2010-01-01T00:00:00Z"));
    assert_eq!(checked.status, None);
}

#[test]
fn the_published_signed_credential_fails_once_changed() {
    let public = PublicKey::from_multibase(&expected("publicKeyMultibase")).unwrap();
    let mut changed = vector_json("signed-credential.json");
    changed["name"] = "Teamwork Badgf".into();
    assert!(verify(&changed, &public).is_err());
}

/// Plain base58 (Bitcoin alphabet) decoding, written out so that the test does not check the
/// crate's encoding with the crate's own decoder.
fn bs58_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut bytes: Vec<u8> = Vec::new();
    for ch in text.chars() {
        let mut carry = ALPHABET.find(ch).unwrap() as u32;
        for byte in bytes.iter_mut().rev() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = text.chars().take_while(|&c| c == '1').count();
    [vec![0; zeros], bytes].concat()
}
