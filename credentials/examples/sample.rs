//! Writes a freshly signed sample credential and what is needed to check it into a directory,
//! for checking the crate's output with an independent verifier
//! (`end2end/tools/verify-credential.mjs`):
//!
//! ```text
//! cargo run --example sample -p tiltas-credentials -- <dir>
//! node end2end/tools/verify-credential.mjs <dir>/credential.json <dir>/did.json
//! ```
//!
//! Files written: `credential.json` (signed Open Badge), `did.json` (the issuer's DID document),
//! `other-key-did.json` (the same DID with another key, which must not verify),
//! `status-list.json` (signed status list, the credential's bit clear) and
//! `revoked-status-list.json` (signed, the bit set).

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tiltas_credentials::{
    Achievement, CompletionCredential, SigningKey, StatusEntry, StatusList, did_document,
    did_web_for, sign, status_list_credential,
};

const BASE_URL: &str = "http://127.0.0.1:3000/";
const STATUS_INDEX: u64 = 94_567;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .ok_or("usage: cargo run --example sample -p tiltas-credentials -- <output dir>")?
        .into();
    std::fs::create_dir_all(&dir)?;

    let did = did_web_for(BASE_URL)?;
    let key_id = format!("{did}#key-1");
    let key = SigningKey::generate()?;
    let other_key = SigningKey::generate()?;
    let now = utc_now();
    let status_list_url = format!("{BASE_URL}credentials/status/1");

    let credential = CompletionCredential {
        id: "urn:uuid:0b9e3f52-7c1d-4e8a-9f21-5a6b7c8d9e0f".into(),
        issuer_id: did.clone(),
        issuer_name: "Tiltas (sample)".into(),
        issuer_url: Some(BASE_URL.into()),
        name: "Sample course".into(),
        valid_from: now.clone(),
        valid_until: None,
        email: "learner@example.com".into(),
        salt: "sample-salt-1234".into(),
        holder_name: Some("Ada Learner".into()),
        achievement: Achievement {
            id: format!("{BASE_URL}courses/sample"),
            name: "Sample course".into(),
            // Characters that canonical N-Quads must escape in a particular way, so that the
            // independent verifier also checks the escaping.
            description: "A course that exists to test credentials.\n\
                          \"Quotes\", a\ttab, a backslash \\, a carriage\rreturn, \
                          control \u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}, é, \u{2028} and 😀."
                .into(),
            criteria: "Completed every lesson.".into(),
        },
        status: Some(StatusEntry {
            status_list_credential: status_list_url.clone(),
            status_list_index: STATUS_INDEX,
        }),
    };
    let signed = sign(&credential.to_json(), &key, &key_id, &now)?;

    let mut list = StatusList::new(0);
    let clear = status_list_credential(&status_list_url, &did, &now, &list.encode());
    list.set(STATUS_INDEX, true)?;
    let revoked = status_list_credential(&status_list_url, &did, &now, &list.encode());

    write(&dir, "credential.json", &signed)?;
    write(
        &dir,
        "did.json",
        &did_document(&did, &[("key-1".into(), key.public_multibase())]),
    )?;
    write(
        &dir,
        "other-key-did.json",
        &did_document(&did, &[("key-1".into(), other_key.public_multibase())]),
    )?;
    write(
        &dir,
        "status-list.json",
        &sign(&clear, &key, &key_id, &now)?,
    )?;
    write(
        &dir,
        "revoked-status-list.json",
        &sign(&revoked, &key, &key_id, &now)?,
    )?;
    println!("wrote a credential signed by {key_id} to {}", dir.display());
    Ok(())
}

fn write(dir: &std::path::Path, name: &str, value: &Value) -> std::io::Result<()> {
    std::fs::write(dir.join(name), serde_json::to_string_pretty(value)? + "\n")
}

/// The current time as an XML Schema dateTime in UTC, to the second.
fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (days, second_of_day) = (seconds / 86_400, seconds % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}
