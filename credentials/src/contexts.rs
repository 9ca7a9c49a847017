//! The JSON-LD contexts this crate knows, carried in the binary (see `contexts/README.md` for
//! where each file comes from). Nothing is ever fetched: a context URL not listed here is an
//! error, so what a signature covers cannot change with what a web server answers.

use serde_json::Value;

use crate::CredentialError;

/// W3C Verifiable Credentials Data Model 2.0 context.
pub const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// Open Badges 3.0 context, version 3.0.3.
pub const OPEN_BADGES_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// W3C Decentralized Identifiers 1.0 context (DID documents).
pub const DID_V1: &str = "https://www.w3.org/ns/did/v1";
/// Multikey context (verification methods of type `Multikey` in DID documents).
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";

/// Every bundled context: URL and file content, in the order of `contexts/index.json`.
pub const BUNDLED_CONTEXTS: &[(&str, &str)] = &[
    (VC_V2, include_str!("../contexts/credentials-v2.jsonld")),
    (
        OPEN_BADGES_V3,
        include_str!("../contexts/ob-v3p0-context-3.0.3.json"),
    ),
    (DID_V1, include_str!("../contexts/did-v1.jsonld")),
    (MULTIKEY_V1, include_str!("../contexts/multikey-v1.jsonld")),
];

/// The bundled document for a context URL, if the crate carries it.
pub fn bundled_context(url: &str) -> Option<&'static str> {
    BUNDLED_CONTEXTS
        .iter()
        .find(|(known, _)| *known == url)
        .map(|(_, text)| *text)
}

/// Checks every `@context` URL anywhere in the document (scoped contexts included) before
/// JSON-LD processing, so that an unknown one is reported by name rather than as a loader
/// failure deep inside the processor.
pub(crate) fn check_context_urls(document: &Value) -> Result<(), CredentialError> {
    match document {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "@context" {
                    check_context_value(value)?;
                } else {
                    check_context_urls(value)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_context_urls),
        _ => Ok(()),
    }
}

fn check_context_value(value: &Value) -> Result<(), CredentialError> {
    match value {
        Value::String(url) if bundled_context(url).is_none() => {
            Err(CredentialError::UnknownContext(url.clone()))
        }
        Value::Array(items) => items.iter().try_for_each(check_context_value),
        // An inline context may import another (`@import`) or scope one to a term.
        Value::Object(map) => map.iter().try_for_each(|(key, inner)| {
            if key == "@import" {
                check_context_value(inner)
            } else if let Some(scoped) = inner.get("@context") {
                check_context_value(scoped)
            } else {
                Ok(())
            }
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_json_lists_exactly_the_bundled_files() {
        let index: serde_json::Map<String, Value> =
            serde_json::from_str(include_str!("../contexts/index.json")).unwrap();
        let urls: Vec<&str> = index.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = BUNDLED_CONTEXTS.iter().map(|(url, _)| *url).collect();
        let mut sorted_urls = urls.clone();
        sorted_urls.sort_unstable();
        expected.sort_unstable();
        assert_eq!(sorted_urls, expected);
        for (url, file) in &index {
            let path = format!(
                "{}/contexts/{}",
                env!("CARGO_MANIFEST_DIR"),
                file.as_str().unwrap()
            );
            let on_disk = std::fs::read_to_string(&path).unwrap();
            assert_eq!(Some(on_disk.as_str()), bundled_context(url), "{url}");
        }
    }

    #[test]
    fn every_bundled_context_is_json_with_a_context() {
        for (url, text) in BUNDLED_CONTEXTS {
            let value: Value = serde_json::from_str(text).unwrap();
            assert!(value.get("@context").is_some(), "{url}");
        }
    }

    #[test]
    fn unknown_context_urls_are_named_wherever_they_are() {
        let top = serde_json::json!({"@context": [VC_V2, "https://example.com/ctx"]});
        assert_eq!(
            check_context_urls(&top),
            Err(CredentialError::UnknownContext(
                "https://example.com/ctx".into()
            ))
        );
        let nested =
            serde_json::json!({"@context": VC_V2, "a": {"@context": "https://evil.example/"}});
        assert_eq!(
            check_context_urls(&nested),
            Err(CredentialError::UnknownContext(
                "https://evil.example/".into()
            ))
        );
        let scoped = serde_json::json!({"@context": [{"t": {"@id": "https://x/t", "@context": "https://evil.example/s"}}]});
        assert!(check_context_urls(&scoped).is_err());
        assert!(
            check_context_urls(&serde_json::json!({"@context": [VC_V2, OPEN_BADGES_V3]})).is_ok()
        );
    }
}
