//! Open Badges 3.0 credentials signed with one embedded W3C Data Integrity proof using the
//! `eddsa-rdfc-2022` cryptosuite (Ed25519 over SHA-256 hashes of RDFC-1.0 canonical N-Quads).
//!
//! - [`CompletionCredential`] builds the unsigned credential;
//! - [`SigningKey`] makes and reads Ed25519 Multikey keys;
//! - [`sign`] adds the proof, [`verify`] checks it with a given key, and [`verify_credential`]
//!   checks it with the key the proof names in the issuer's DID document;
//! - [`did_web_for`], [`did_document`] and [`did_document_url`] handle `did:web`;
//! - [`StatusList`] and [`status_list_credential`] publish revocations (Bitstring Status List).
//!
//! JSON-LD contexts are bundled (see [`contexts`]); nothing is fetched over the network.

mod badge;
mod canonical;
mod checked;
pub mod contexts;
mod did_web;
mod error;
mod keys;
mod proof;
mod status_list;

pub use badge::{Achievement, CompletionCredential, StatusEntry, identity_hash};
pub use canonical::canonicalize;
pub use checked::{CheckedCredential, verify_credential};
pub use did_web::{did_document, did_document_url, did_web_for, public_key_from_did_document};
pub use error::CredentialError;
pub use keys::{PublicKey, SigningKey};
pub use proof::{
    CRYPTOSUITE, HashData, PROOF_PURPOSE, PROOF_TYPE, hash_data, is_xml_schema_date_time,
    proof_verification_method, sign, verify,
};
pub use status_list::{MIN_STATUS_LIST_BITS, StatusList, status_bit, status_list_credential};
