//! `tiltas verify <file>`: checks a downloaded certificate credential the way any verifier
//! would, and says in plain words what it found. Needs no database and no account.

use super::CommandError;
use crate::cli::VerifyArgs;
use serde_json::Value;
use tiltas_app::domain::calendar::xml_date_time;
use tiltas_app::server::storage::now;
use tiltas_credentials::{did_document_url, status_bit, verify_credential};

/// The verdict: every check that ran passed, or what failed.
pub fn run(args: &VerifyArgs) -> Result<(), CommandError> {
    let credential = read_json(&args.credential)?;
    let issuer = issuer_id(&credential).ok_or_else(|| CommandError::Invalid("the file names no issuer: it is not a credential".into()))?;
    let did_document = match (&args.did_document, args.offline) {
        (Some(path), _) => read_json(path)?,
        (None, true) => return Err(CommandError::Invalid("offline, the issuer's key must be given with --did-document".into())),
        (None, false) => fetch_json(&did_document_url(&issuer).map_err(invalid)?)?,
    };
    let checked = verify_credential(&credential, &did_document).map_err(|error| {
        println!("Signature: NOT VALID ({error})");
        CommandError::Invalid("the credential's signature does not hold".into())
    })?;
    println!("Credential: {}", checked.name.as_deref().unwrap_or("(no name)"));
    if let Some(holder) = holder_name(&credential) {
        println!("Holder: {holder}");
    }
    println!("Achievement: {}", checked.achievement_name.as_deref().unwrap_or("(none named)"));
    println!("Issuer: {} ({})", checked.issuer_name.as_deref().unwrap_or("(no name)"), checked.issuer_id);
    println!("Valid from: {}", checked.valid_from.as_deref().unwrap_or("(not given)"));
    println!("Valid until: {}", checked.valid_until.as_deref().unwrap_or("(no expiry)"));
    println!("Signature: valid (key {})", checked.verification_method);

    let mut problems = Vec::new();
    // Our credentials write UTC to the second (2026-11-30T12:00:00Z), which sorts as text.
    let today = xml_date_time(now());
    if checked.valid_from.as_deref().is_some_and(|from| from > today.as_str()) {
        problems.push("it is not valid yet");
    }
    if checked.valid_until.as_deref().is_some_and(|until| until <= today.as_str()) {
        problems.push("it has expired");
    }
    match (&checked.status, args.offline) {
        (None, _) => println!("Revocation: the credential cannot be revoked"),
        (Some(_), true) => println!("Revocation: not checked (offline)"),
        (Some(status), false) => {
            let list = fetch_json(&status.status_list_credential)?;
            let list_issuer = verify_credential(&list, &did_document).map_err(|error| {
                CommandError::Invalid(format!("the revocation list's signature does not hold: {error}"))
            })?;
            if list_issuer.issuer_id != checked.issuer_id {
                return Err(CommandError::Invalid("the revocation list is not the issuer's".into()));
            }
            if status_bit(&list, status.status_list_index).map_err(invalid)? {
                println!("Revocation: REVOKED");
                problems.push("it has been revoked");
            } else {
                println!("Revocation: not revoked");
            }
        }
    }
    if problems.is_empty() {
        println!("Result: VALID");
        Ok(())
    } else {
        println!("Result: NOT VALID: {}", problems.join(", "));
        Err(CommandError::Invalid(format!("the credential is not valid: {}", problems.join(", "))))
    }
}

fn invalid(error: impl std::fmt::Display) -> CommandError {
    CommandError::Invalid(error.to_string())
}

fn read_json(path: &std::path::Path) -> Result<Value, CommandError> {
    let text = std::fs::read_to_string(path).map_err(|error| CommandError::Invalid(format!("cannot read {}: {error}", path.display())))?;
    serde_json::from_str(&text).map_err(|error| CommandError::Invalid(format!("{} is not JSON: {error}", path.display())))
}

fn fetch_json(url: &str) -> Result<Value, CommandError> {
    let text = ureq::get(url)
        .call()
        .and_then(|mut response| response.body_mut().read_to_string())
        .map_err(|error| CommandError::Invalid(format!("cannot fetch {url}: {error}")))?;
    serde_json::from_str(&text).map_err(|error| CommandError::Invalid(format!("{url} did not answer with JSON: {error}")))
}

fn issuer_id(credential: &Value) -> Option<String> {
    match credential.get("issuer")? {
        Value::String(id) => Some(id.clone()),
        profile => profile.get("id")?.as_str().map(str::to_string),
    }
}

/// The name an Open Badges credential gives its holder in clear, if any (an `ext:name` identity).
fn holder_name(credential: &Value) -> Option<&str> {
    credential.get("credentialSubject")?.get("identifier")?.as_array()?.iter().find_map(|identity| {
        (identity.get("identityType")?.as_str()? == "ext:name").then(|| identity.get("identityHash")?.as_str())?
    })
}
