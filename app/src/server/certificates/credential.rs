//! Signed Open Badges 3.0 credentials: each certificate's credential, signed with the
//! deployment's Ed25519 key (an `eddsa-rdfc-2022` Data Integrity proof); the deployment's
//! `did:web` document that publishes every key it has signed with; and the Bitstring Status List
//! credentials whose bits say which certificates are revoked.

use super::documents::{Download, readable_certificate};
use super::{CertificatesError, CertificatesResult};
use crate::domain::calendar::xml_date_time;
use crate::server::context::AppState;
use crate::server::learning::{course_title, localised};
use crate::server::storage::certificates as store;
use crate::server::storage::now;
use serde_json::Value;
use std::sync::Arc;
use tiltas_credentials::{
    Achievement, CompletionCredential, MIN_STATUS_LIST_BITS, SigningKey, StatusEntry, StatusList, did_document, did_web_for, sign,
    status_list_credential,
};

/// Bits in one revocation list: the smallest list the standard allows (16 KB), so that a list
/// holds enough certificates to hide which one a verifier asks about.
pub const STATUS_LIST_BITS: i64 = MIN_STATUS_LIST_BITS as i64;

/// The key this instance signs with, and its id in the DID document. Several instances sharing
/// one database should share one key file; if they do not, each key is published and every
/// credential still verifies.
#[derive(Clone)]
pub struct CredentialKey {
    key: Arc<SigningKey>,
    key_id: String,
}

impl CredentialKey {
    pub fn new(key: SigningKey) -> CredentialKey {
        // The id follows from the public key, so that every instance names the same key alike
        // without agreeing on a counter.
        let public = key.public_multibase();
        let key_id = format!("key-{}", &crate::server::storage::sha256_hex(public.as_bytes())[..16]);
        CredentialKey { key: Arc::new(key), key_id }
    }

    pub fn public_multibase(&self) -> String {
        self.key.public_multibase()
    }
}

impl std::fmt::Debug for CredentialKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret half.
        write!(f, "CredentialKey({}, {})", self.key_id, self.public_multibase())
    }
}

fn credential_error(error: tiltas_credentials::CredentialError) -> CertificatesError {
    CertificatesError::Document(error.to_string())
}

/// The deployment's DID: `did:web:` and its public host.
pub fn deployment_did(state: &AppState) -> CertificatesResult<String> {
    did_web_for(state.config.base_url.as_str()).map_err(credential_error)
}

/// Records this instance's signing key among the deployment's keys, so that the DID document
/// keeps listing it after a rotation. Done once at start (`tiltas serve`) and again before each
/// credential is signed, so not on every request for the DID document or a revocation list.
pub async fn register_deployment_key(state: &AppState) -> CertificatesResult<()> {
    let key = &state.config.credential_key;
    store::register_signing_key(&mut *state.db.pool().acquire().await?, &key.key_id, &key.public_multibase()).await?;
    Ok(())
}

/// Signs `document` with this instance's key.
async fn sign_now(state: &AppState, document: &Value) -> CertificatesResult<Value> {
    let key = &state.config.credential_key;
    let method = format!("{}#{}", deployment_did(state)?, key.key_id);
    sign(document, &key.key, &method, &xml_date_time(now())).map_err(credential_error)
}

/// The certificate's signed credential, for its holder or an administrator. It is signed at
/// the first download and kept, so that every download is the same document. None is made for
/// a certificate whose holder's data was erased.
pub async fn certificate_credential(state: &AppState, viewer_id: &str, is_admin: bool, id: &str) -> CertificatesResult<Download> {
    let row = readable_certificate(state, viewer_id, is_admin, id).await?;
    // A credential names its holder and identifies them by a hash of their address: once their
    // data is erased there is none to make (the certificate stays verifiable on its page).
    if row.holder_erased_at.is_some() {
        return Err(CertificatesError::NotFound);
    }
    let filename = format!("credential-{}.json", row.code);
    let mut conn = state.db.pool().acquire().await?;
    if let Some(json) = store::credential(&mut conn, id).await? {
        return Ok(Download { filename, content_type: "application/json", bytes: json.into_bytes() });
    }
    let status_index = match row.status_index {
        Some(index) => index,
        None => {
            let index = store::next_status_index(&mut conn).await?;
            store::set_status_index(&mut conn, id, index).await?;
            store::by_id(&mut conn, id).await?.and_then(|r| r.status_index).unwrap_or(index)
        }
    };
    let email = store::holder_email(&mut conn, &row.user_id).await?.ok_or(CertificatesError::NotFound)?;
    drop(conn);
    let course = state.versions.load(&state.db, &row.version_id).await?;
    let source = course.metadata.source_language.clone();
    let title = course_title(&course, &source);
    let credential = CompletionCredential {
        id: state.config.link(&crate::paths::verify_path(&row.id)),
        issuer_id: deployment_did(state)?,
        issuer_name: state.config.issuer_name.clone(),
        issuer_url: Some(state.config.base_url.to_string()),
        name: title.clone(),
        valid_from: xml_date_time(row.issued_at),
        valid_until: row.expires_at.map(xml_date_time),
        email: email.trim().to_lowercase(),
        // A fresh salt per credential: the same person's credentials cannot be linked by hash.
        salt: uuid::Uuid::new_v4().simple().to_string(),
        holder_name: Some(row.holder_name.clone()),
        achievement: Achievement {
            id: state.config.link(&crate::paths::course_path(&row.course_slug)),
            name: title.clone(),
            description: localised(&course.metadata.summary, &source, &source),
            criteria: format!(
                "Completed the course \"{title}\" on Tiltas: every module read, every graded assessment passed and the pass mark reached."
            ),
        },
        status: Some(StatusEntry {
            status_list_credential: status_list_url(state, status_index / STATUS_LIST_BITS),
            status_list_index: (status_index % STATUS_LIST_BITS) as u64,
        }),
    };
    register_deployment_key(state).await?;
    let signed = sign_now(state, &credential.to_json()).await?;
    let json = serde_json::to_string_pretty(&signed).map_err(|e| CertificatesError::Document(e.to_string()))?;
    let mut conn = state.db.pool().acquire().await?;
    store::keep_credential(&mut conn, id, &json).await?;
    let kept = store::credential(&mut conn, id).await?.unwrap_or(json);
    Ok(Download { filename, content_type: "application/json", bytes: kept.into_bytes() })
}

/// Where revocation list `list` (0, 1, …) is published; people count from 1.
fn status_list_url(state: &AppState, list: i64) -> String {
    state.config.link(&format!("/status/{}", list + 1))
}

/// The deployment's DID document: every key it has signed credentials with, so that a
/// credential signed before a key rotation still verifies.
pub async fn deployment_did_document(state: &AppState) -> CertificatesResult<Value> {
    let key = &state.config.credential_key;
    let mut keys = store::signing_keys(&mut *state.db.pool().acquire().await?).await?;
    // This instance's key, even before it is registered: it signs the revocation lists.
    if !keys.iter().any(|(id, _)| *id == key.key_id) {
        keys.push((key.key_id.clone(), key.public_multibase()));
    }
    Ok(did_document(&deployment_did(state)?, &keys))
}

/// Revocation list `number` (counted from 1) as a signed Bitstring Status List credential,
/// made from the database on each request so a revocation shows at once.
pub async fn status_list(state: &AppState, number: i64) -> CertificatesResult<Value> {
    let mut conn = state.db.pool().acquire().await?;
    // Only lists that hold a certificate exist (and no arithmetic on an absurd number).
    if number < 1 || number > store::status_indexes_used(&mut conn).await? / STATUS_LIST_BITS + 1 {
        return Err(CertificatesError::NotFound);
    }
    let from = (number - 1) * STATUS_LIST_BITS;
    let revoked = store::revoked_indexes(&mut conn, from, from + STATUS_LIST_BITS).await?;
    drop(conn);
    let mut list = StatusList::new(MIN_STATUS_LIST_BITS);
    for index in revoked {
        list.set((index - from) as u64, true).map_err(credential_error)?;
    }
    let unsigned = status_list_credential(&status_list_url(state, number - 1), &deployment_did(state)?, &xml_date_time(now()), &list.encode());
    sign_now(state, &unsigned).await
}
