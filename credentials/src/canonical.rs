//! JSON-LD → RDF → RDFC-1.0 canonical N-Quads, the "transformation" step of eddsa-rdfc-2022.
//!
//! A signature covers the canonical N-Quads, not the JSON. Whatever JSON-LD processing drops
//! from the JSON (an undefined property, a relative IRI) is therefore not signed, and a reader
//! of the JSON could be shown data nobody signed. The Data Integrity specification asks for an
//! error in that case, so this module is strict where JSON-LD is lenient:
//! - properties that the contexts do not define are an error (JSON-LD expansion policy
//!   "strictest" instead of dropping them);
//! - relative IRIs (an `id` or `type` that is neither an absolute IRI nor a defined term) are an
//!   error: the document is expanded against a sentinel base IRI, and any IRI under it means
//!   something was relative;
//! - every string, number and boolean in the JSON (outside `@context` and `type`) must appear
//!   in the RDF, as a literal or an IRI — a last guard against anything else being dropped.

use std::collections::HashSet;
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Waker};

use locspan::{Location, Meta};
use serde_json::Value;
use sophia_api::quad::Spog;
use sophia_api::term::{SimpleTerm, Term};
use sophia_jsonld::json_ld::syntax::{Parse, Value as JsonLdValue};
use sophia_jsonld::json_ld::{self, ExpandError, JsonLdProcessor, RemoteDocument};
use sophia_jsonld::loader::StaticLoader;
use sophia_jsonld::parser::JsonLdQuadSource;
use sophia_jsonld::vocabulary::ArcIri;
use sophia_jsonld::vocabulary::ArcVoc;
use sophia_jsonld::{JsonLdOptions, JsonLdParser, Policy};

use crate::CredentialError;
use crate::contexts::{BUNDLED_CONTEXTS, check_context_urls};

/// Base IRI used while expanding: it never occurs in a valid credential, so seeing it in the
/// output proves that some IRI was relative (JSON-LD would otherwise resolve or drop it).
const SENTINEL_BASE: &str = "https://relative-iri.invalid/";

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

type Loader = StaticLoader<ArcIri, locspan::Span>;

/// The canonical (RDFC-1.0) N-Quads of a JSON-LD document, as signed by eddsa-rdfc-2022.
///
/// Fails with a readable error on an unknown `@context` URL, an undefined property, a relative
/// IRI or any value that would not be covered by a signature.
pub fn canonicalize(document: &Value) -> Result<String, CredentialError> {
    if !document.is_object() {
        return Err(CredentialError::InvalidDocument(
            "it must be a JSON object".into(),
        ));
    }
    check_context_urls(document)?;
    let quads = to_rdf(document)?;
    check_no_relative_iri(&quads)?;
    check_every_value_is_in_rdf(document, &quads)?;
    let dataset: HashSet<Spog<SimpleTerm<'static>>> = quads.into_iter().collect();
    let mut out = Vec::new();
    sophia_c14n::rdfc10::normalize(&dataset, &mut out)
        .map_err(|err| CredentialError::Canonicalization(err.to_string()))?;
    String::from_utf8(out).map_err(|err| CredentialError::Canonicalization(err.to_string()))
}

/// Expands the document with the bundled contexts and turns it into RDF quads.
fn to_rdf(document: &Value) -> Result<Vec<Spog<SimpleTerm<'static>>>, CredentialError> {
    let base = ArcIri::new_unchecked(Arc::from(SENTINEL_BASE));
    let options = JsonLdOptions::new()
        .with_base(base)
        .with_expansion_policy(Policy::Strictest)
        .with_document_loader_closure(|| static_loader().clone());
    let parser = JsonLdParser::new_with_options(options);
    let text = document.to_string();
    let source = run_to_completion(parser.async_parse_str(&text))?;
    match source {
        JsonLdQuadSource::Quads(quads) => Ok(quads
            .map(|([s, p, o], g)| {
                (
                    [s.into_term(), p.into_term(), o.into_term()],
                    g.map(Term::into_term),
                )
            })
            .collect()),
        JsonLdQuadSource::Err(err) => {
            let message = err.map(|err| err.to_string()).unwrap_or_default();
            Err(if message.contains("Key expansion failed") {
                CredentialError::UndefinedTerm(
                    locate_undefined_key(&text).unwrap_or_else(|| "(not found)".into()),
                )
            } else {
                CredentialError::JsonLd(message)
            })
        }
    }
}

/// The bundled contexts, parsed once.
fn static_loader() -> &'static Loader {
    static LOADER: OnceLock<Loader> = OnceLock::new();
    LOADER.get_or_init(|| {
        BUNDLED_CONTEXTS
            .iter()
            .fold(Loader::new(), |loader, (url, text)| {
                let iri = ArcIri::new_unchecked(Arc::from(*url));
                let parsed = JsonLdValue::parse_str(text, |span| Location::new(iri.clone(), span))
                    .unwrap_or_else(|_| panic!("bundled context {url} is valid JSON"));
                loader.with(iri, parsed)
            })
    })
}

/// Runs a future that never waits on anything external. The JSON-LD processor is async only
/// because document loaders may be; ours answers from memory, so the future is ready at once.
/// Polling it here (rather than in a Tokio runtime) keeps `sign` and `verify` callable from
/// both plain and async code without "runtime within a runtime" panics.
fn run_to_completion<F: Future>(future: F) -> Result<F::Output, CredentialError> {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    // A handful of polls is plenty; the bound only guards against a loader that would wait.
    for _ in 0..1000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return Ok(output);
        }
    }
    Err(CredentialError::JsonLd(
        "JSON-LD processing did not finish".into(),
    ))
}

/// Names the property behind a "key expansion failed" error. The parser only reports the
/// message, so on this (rare) path the document is expanded once more, directly with the
/// JSON-LD processor, whose error carries the position of the key in the text.
fn locate_undefined_key(text: &str) -> Option<String> {
    let base = ArcIri::new_unchecked(Arc::from(SENTINEL_BASE));
    let json = JsonLdValue::parse_str(text, |span| Location::new(base.clone(), span)).ok()?;
    let document = RemoteDocument::new(Some(base), None, json);
    let mut loader = static_loader().clone();
    let mut vocabulary = ArcVoc {};
    let options: json_ld::Options<ArcIri, Location<ArcIri>> = json_ld::Options {
        expansion_policy: Policy::Strictest,
        ..Default::default()
    };
    let expanded =
        run_to_completion(document.expand_full(&mut vocabulary, &mut loader, options, ())).ok()?;
    match expanded {
        Err(ExpandError::Expansion(Meta(_, location))) => {
            let key = text.get(location.span().range())?;
            Some(key.trim_matches('"').to_owned())
        }
        _ => None,
    }
}

/// Fails if any IRI was resolved against the sentinel base, that is, was relative.
fn check_no_relative_iri(quads: &[Spog<SimpleTerm<'static>>]) -> Result<(), CredentialError> {
    for ([s, p, o], g) in quads {
        for term in [Some(s), Some(p), Some(o), g.as_ref()]
            .into_iter()
            .flatten()
        {
            if let Some(relative) = term
                .iri()
                .and_then(|iri| iri.as_str().strip_prefix(SENTINEL_BASE).map(str::to_owned))
            {
                let is_type =
                    p.iri().is_some_and(|p| p.as_str() == RDF_TYPE) && std::ptr::eq(term, o);
                let what = if is_type { "type" } else { "IRI" };
                return Err(CredentialError::DroppedValue(format!(
                    "the {what} \"{relative}\" is neither an absolute IRI nor a term defined by the document's JSON-LD contexts, so a signature could not cover it"
                )));
            }
        }
    }
    Ok(())
}

/// Fails if a string, number or boolean of the JSON has no counterpart in the RDF.
fn check_every_value_is_in_rdf(
    document: &Value,
    quads: &[Spog<SimpleTerm<'static>>],
) -> Result<(), CredentialError> {
    let mut texts: HashSet<String> = HashSet::new();
    let mut iri_local_names: HashSet<String> = HashSet::new();
    let mut numbers: Vec<f64> = Vec::new();
    for ([s, p, o], g) in quads {
        for term in [Some(s), Some(p), Some(o), g.as_ref()]
            .into_iter()
            .flatten()
        {
            if let Some(iri) = term.iri() {
                let iri = iri.as_str();
                texts.insert(iri.to_owned());
                if let Some(position) = iri.rfind(['#', '/', ':']) {
                    iri_local_names.insert(iri[position + 1..].to_owned());
                }
            } else if let Some(lexical) = term.lexical_form() {
                if let Ok(number) = lexical.parse::<f64>() {
                    numbers.push(number);
                }
                texts.insert(lexical.to_string());
            }
        }
    }
    let mut missing = None;
    visit_values(document, "", &mut |path, value| {
        if missing.is_some() {
            return;
        }
        let present = match value {
            Value::String(text) => {
                text.starts_with("_:")
                    || texts.contains(text.as_str())
                    // A term used as a value (`"@type": "@vocab"`, e.g. proofPurpose
                    // "assertionMethod") becomes the IRI it stands for; ours end with the term.
                    || iri_local_names.contains(text.as_str())
            }
            Value::Bool(flag) => texts.contains(&flag.to_string()),
            Value::Number(number) => number
                .as_f64()
                .is_some_and(|wanted| numbers.contains(&wanted)),
            _ => true,
        };
        if !present {
            missing = Some(path.to_owned());
        }
    });
    match missing {
        None => Ok(()),
        Some(path) => Err(CredentialError::DroppedValue(format!(
            "the value at {path} is lost when the document is read as JSON-LD, so a signature could not cover it"
        ))),
    }
}

/// Calls `visit` with the JSON path and value of every scalar that JSON-LD should carry into
/// RDF: not the contexts, not type names (they become IRIs, checked above), not the language
/// or direction of a string (they become part of a literal, not a value of their own).
fn visit_values(value: &Value, path: &str, visit: &mut dyn FnMut(&str, &Value)) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if matches!(
                    key.as_str(),
                    "@context" | "type" | "@type" | "@language" | "@direction" | "@version"
                ) {
                    continue;
                }
                visit_values(inner, &format!("{path}/{key}"), visit);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                visit_values(inner, &format!("{path}/{index}"), visit);
            }
        }
        Value::Null => {}
        scalar => visit(if path.is_empty() { "/" } else { path }, scalar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contexts::{OPEN_BADGES_V3, VC_V2};
    use serde_json::json;

    fn minimal() -> Value {
        json!({
            "@context": [VC_V2, OPEN_BADGES_V3],
            "id": "urn:uuid:00000000-0000-4000-8000-000000000000",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:web:example.com", "type": ["Profile"], "name": "Example"},
            "validFrom": "2026-01-01T00:00:00Z",
            "name": "Minimal",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "https://example.com/a/1",
                    "type": ["Achievement"],
                    "name": "A",
                    "description": "B",
                    "criteria": {"narrative": "C"}
                }
            }
        })
    }

    #[test]
    fn a_minimal_open_badge_canonicalises() {
        let nquads = canonicalize(&minimal()).unwrap();
        assert!(
            nquads.contains("<https://schema.org/name> \"Minimal\" ."),
            "{nquads}"
        );
        assert!(nquads.ends_with(" .\n"));
    }

    #[test]
    fn an_undefined_property_is_an_error() {
        let mut doc = minimal();
        doc["nickname"] = json!("sneaky");
        let err = canonicalize(&doc).unwrap_err();
        assert!(matches!(err, CredentialError::UndefinedTerm(_)), "{err}");
    }

    #[test]
    fn a_relative_id_is_an_error() {
        let mut doc = minimal();
        doc["credentialSubject"]["achievement"]["id"] = json!("achievements/1");
        let err = canonicalize(&doc).unwrap_err();
        assert!(err.to_string().contains("achievements/1"), "{err}");
    }

    #[test]
    fn an_undefined_type_is_an_error() {
        let mut doc = minimal();
        doc["type"] = json!(["VerifiableCredential", "MadeUpCredential"]);
        let err = canonicalize(&doc).unwrap_err();
        assert!(err.to_string().contains("MadeUpCredential"), "{err}");
    }

    #[test]
    fn an_unknown_context_is_an_error() {
        let mut doc = minimal();
        doc["@context"] = json!([VC_V2, "https://example.com/my-context.json"]);
        assert_eq!(
            canonicalize(&doc),
            Err(CredentialError::UnknownContext(
                "https://example.com/my-context.json".into()
            ))
        );
    }

    #[test]
    fn works_inside_an_async_runtime_too() {
        // Signing is called from request handlers; nothing here may start its own runtime.
        let doc = minimal();
        let future = async { canonicalize(&doc) };
        assert!(run_to_completion(future).unwrap().is_ok());
    }
}
