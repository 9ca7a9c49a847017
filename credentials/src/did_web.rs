//! `did:web` identifiers and DID documents (W3C CCG "did:web Method Specification").
//!
//! `did:web:example.com` is resolved by fetching `https://example.com/.well-known/did.json`;
//! `did:web:example.com:issuers:1` by fetching `https://example.com/issuers/1/did.json`. A port
//! is written `%3A` in the DID because `:` separates path segments.

use serde_json::{Value, json};

use crate::contexts::{DID_V1, MULTIKEY_V1};
use crate::{CredentialError, PublicKey};

/// The did:web DID of a site, from its base URL: host, then port as `%3A…`, then each path
/// segment after a `:`. `http://127.0.0.1:3000/` → `did:web:127.0.0.1%3A3000`,
/// `https://example.com/tiltas/` → `did:web:example.com:tiltas`.
pub fn did_web_for(base_url: &str) -> Result<String, CredentialError> {
    let url = url::Url::parse(base_url)
        .map_err(|err| CredentialError::InvalidDid(format!("the base URL {base_url}: {err}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CredentialError::InvalidDid(format!(
            "the base URL {base_url} is not http or https"
        )));
    }
    let host = url.host_str().ok_or_else(|| {
        CredentialError::InvalidDid(format!("the base URL {base_url} has no host"))
    })?;
    let mut did = format!("did:web:{}", host.replace(':', "%3A"));
    if let Some(port) = url.port() {
        did.push_str(&format!("%3A{port}"));
    }
    for segment in url.path_segments().into_iter().flatten() {
        if !segment.is_empty() {
            did.push(':');
            did.push_str(&segment.replace(':', "%3A"));
        }
    }
    Ok(did)
}

/// Where the DID document of a did:web DID is published: `https://host/.well-known/did.json`
/// for a bare host, `https://host/path/did.json` with a path. As a development convenience,
/// `http://` is used for `localhost` and loopback addresses, where a local server has no TLS
/// certificate (the did:web specification itself only allows HTTPS).
pub fn did_document_url(did: &str) -> Result<String, CredentialError> {
    let method_specific = did
        .strip_prefix("did:web:")
        .ok_or_else(|| CredentialError::InvalidDid(format!("{did} is not a did:web DID")))?;
    // A DID URL's fragment or query names something inside the document, not the document.
    let method_specific = method_specific
        .split(['#', '?'])
        .next()
        .unwrap_or(method_specific);
    let mut segments = method_specific.split(':');
    let host_and_port = segments
        .next()
        .unwrap_or_default()
        .replace("%3A", ":")
        .replace("%3a", ":");
    if host_and_port.is_empty() || host_and_port.contains(['/', '@']) {
        return Err(CredentialError::InvalidDid(format!(
            "{did} has no valid host"
        )));
    }
    let path: Vec<&str> = segments.collect();
    if path
        .iter()
        .any(|segment| segment.is_empty() || segment.contains('/'))
    {
        return Err(CredentialError::InvalidDid(format!(
            "{did} has an empty or invalid path segment"
        )));
    }
    let scheme = if is_loopback_host(&host_and_port) {
        "http"
    } else {
        "https"
    };
    let location = if path.is_empty() {
        ".well-known".to_owned()
    } else {
        path.join("/")
    };
    Ok(format!("{scheme}://{host_and_port}/{location}/did.json"))
}

/// Whether `host_and_port` is `localhost` or a loopback IP address, with or without port.
fn is_loopback_host(host_and_port: &str) -> bool {
    let host = if let Some(bracketed) = host_and_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_and_port.split(':').next().unwrap_or_default()
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A DID document for `did` listing Multikey verification methods. Each key is given as its
/// fragment (e.g. `key-1`, making the verification method `did#key-1`) and its public
/// multibase; every key may both assert (sign credentials) and authenticate.
pub fn did_document(did: &str, keys: &[(String, String)]) -> Value {
    let method_ids: Vec<String> = keys
        .iter()
        .map(|(fragment, _)| format!("{did}#{fragment}"))
        .collect();
    let methods: Vec<Value> = keys
        .iter()
        .zip(&method_ids)
        .map(|((_, public_multibase), id)| {
            json!({
                "id": id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_multibase,
            })
        })
        .collect();
    json!({
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": method_ids,
        "authentication": method_ids,
    })
}

/// The public key of `verification_method` (e.g. `did:web:example.com#key-1`) in a DID
/// document, provided the key belongs to this DID and is listed under `assertionMethod`, the
/// relationship that lets it sign credentials.
pub fn public_key_from_did_document(
    document: &Value,
    verification_method: &str,
) -> Result<PublicKey, CredentialError> {
    let did = document
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| CredentialError::InvalidDid("the DID document has no id".into()))?;
    let (method_did, _) = verification_method.split_once('#').ok_or_else(|| {
        CredentialError::InvalidDid(format!(
            "the verification method {verification_method} has no #fragment"
        ))
    })?;
    if method_did != did {
        return Err(CredentialError::KeyNotFound(format!(
            "{verification_method} (the DID document is that of {did})"
        )));
    }
    // Ids in a DID document may be written relative to the document: "#key-1".
    let same_id =
        |id: &str| id == verification_method || format!("{did}{id}") == verification_method;
    let as_list = |value: Option<&Value>| match value {
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    };

    let assertion_methods = as_list(document.get("assertionMethod"));
    let listed = assertion_methods.iter().find_map(|entry| match entry {
        Value::String(reference) if same_id(reference) => Some(None),
        Value::Object(embedded)
            if embedded
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(same_id) =>
        {
            Some(Some(entry.clone()))
        }
        _ => None,
    });
    let method = match listed {
        None => return Err(CredentialError::KeyNotFound(verification_method.to_owned())),
        Some(Some(embedded)) => embedded,
        Some(None) => as_list(document.get("verificationMethod"))
            .into_iter()
            .find(|method| {
                method
                    .get("id")
                    .and_then(Value::as_str)
                    .is_some_and(same_id)
            })
            .ok_or_else(|| CredentialError::KeyNotFound(verification_method.to_owned()))?,
    };

    let kind = method
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    // Ed25519VerificationKey2020 uses the same publicKeyMultibase encoding as Multikey.
    if kind != "Multikey" && kind != "Ed25519VerificationKey2020" {
        return Err(CredentialError::InvalidDid(format!(
            "{verification_method} has type {kind:?}; only Ed25519 Multikey keys are supported"
        )));
    }
    if let Some(controller) = method.get("controller").and_then(Value::as_str)
        && controller != did
    {
        return Err(CredentialError::InvalidDid(format!(
            "{verification_method} is controlled by {controller}, not by {did}"
        )));
    }
    let multibase = method
        .get("publicKeyMultibase")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            CredentialError::InvalidDid(format!("{verification_method} has no publicKeyMultibase"))
        })?;
    PublicKey::from_multibase(multibase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SigningKey;

    #[test]
    fn dids_from_base_urls() {
        assert_eq!(
            did_web_for("http://127.0.0.1:3000/").unwrap(),
            "did:web:127.0.0.1%3A3000"
        );
        assert_eq!(
            did_web_for("https://example.com").unwrap(),
            "did:web:example.com"
        );
        assert_eq!(
            did_web_for("https://example.com:8443/").unwrap(),
            "did:web:example.com%3A8443"
        );
        assert_eq!(
            did_web_for("https://example.com/schools/tiltas/").unwrap(),
            "did:web:example.com:schools:tiltas"
        );
        // The default port of the scheme is not part of the DID.
        assert_eq!(
            did_web_for("https://example.com:443/").unwrap(),
            "did:web:example.com"
        );
        assert!(did_web_for("ftp://example.com/").is_err());
        assert!(did_web_for("not a url").is_err());
    }

    #[test]
    fn document_urls_from_dids() {
        assert_eq!(
            did_document_url("did:web:example.com").unwrap(),
            "https://example.com/.well-known/did.json"
        );
        assert_eq!(
            did_document_url("did:web:example.com%3A8443:schools:tiltas").unwrap(),
            "https://example.com:8443/schools/tiltas/did.json"
        );
        assert_eq!(
            did_document_url("did:web:127.0.0.1%3A3000").unwrap(),
            "http://127.0.0.1:3000/.well-known/did.json"
        );
        assert_eq!(
            did_document_url("did:web:localhost%3A3000#key-1").unwrap(),
            "http://localhost:3000/.well-known/did.json"
        );
        assert!(did_document_url("did:key:z6Mk").is_err());
        assert!(did_document_url("did:web:").is_err());
        assert!(did_document_url("did:web:example.com::x").is_err());
        for url in [
            "http://127.0.0.1:3000/",
            "https://example.com/a/b",
            "http://localhost:8080",
        ] {
            let did = did_web_for(url).unwrap();
            let document_url = did_document_url(&did).unwrap();
            assert!(
                document_url.ends_with("did.json"),
                "{url} → {did} → {document_url}"
            );
        }
    }

    #[test]
    fn keys_are_found_by_verification_method() {
        let did = "did:web:tiltas.example";
        let first = SigningKey::generate().unwrap();
        let second = SigningKey::generate().unwrap();
        let document = did_document(
            did,
            &[
                ("key-1".into(), first.public_multibase()),
                ("key-2".into(), second.public_multibase()),
            ],
        );
        assert_eq!(
            document["verificationMethod"][1]["id"],
            "did:web:tiltas.example#key-2"
        );
        assert_eq!(
            document["assertionMethod"][0],
            "did:web:tiltas.example#key-1"
        );
        assert_eq!(
            document["authentication"][1],
            "did:web:tiltas.example#key-2"
        );
        let found =
            public_key_from_did_document(&document, "did:web:tiltas.example#key-2").unwrap();
        assert_eq!(found, second.public_key());
        let missing = public_key_from_did_document(&document, "did:web:tiltas.example#key-3");
        assert!(matches!(missing, Err(CredentialError::KeyNotFound(_))));
        let other_did = public_key_from_did_document(&document, "did:web:evil.example#key-1");
        assert!(matches!(other_did, Err(CredentialError::KeyNotFound(_))));
    }

    #[test]
    fn relative_ids_and_missing_assertion_rights_are_handled() {
        let key = SigningKey::generate().unwrap();
        let mut document = json!({
            "@context": [DID_V1, MULTIKEY_V1],
            "id": "did:web:example.com",
            "verificationMethod": [{
                "id": "#key-1",
                "type": "Multikey",
                "controller": "did:web:example.com",
                "publicKeyMultibase": key.public_multibase(),
            }],
            "assertionMethod": ["#key-1"],
        });
        let found = public_key_from_did_document(&document, "did:web:example.com#key-1").unwrap();
        assert_eq!(found, key.public_key());
        document["assertionMethod"] = json!([]);
        document["authentication"] = json!(["#key-1"]);
        let err = public_key_from_did_document(&document, "did:web:example.com#key-1").unwrap_err();
        assert!(matches!(err, CredentialError::KeyNotFound(_)), "{err}");
    }
}
