//! The deployment's credential signing key: read from its file, or made on first start and
//! written readable by the owner only. The file holds the secret half; its public half is
//! published in the DID document. docs/operations.md says how to share it between instances and
//! how to rotate it.

use crate::commands::CommandError;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use tiltas_credentials::SigningKey;

pub fn load_or_create(path: &Path) -> Result<SigningKey, CommandError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mode = std::fs::metadata(path)?.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(path = %path.display(), mode = format!("{:o}", mode & 0o777), "the credential signing key file is readable by others; chmod 600 it");
            }
            SigningKey::from_file_text(&text)
                .map_err(|error| CommandError::Invalid(format!("cannot read the signing key in {}: {error}", path.display())))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(error) => Err(error.into()),
    }
}

fn create(path: &Path) -> Result<SigningKey, CommandError> {
    let key = SigningKey::generate().map_err(|error| CommandError::Invalid(format!("cannot make a signing key: {error}")))?;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    // The key is written whole to a file of this process's own, then linked under its name:
    // two instances starting at once never overwrite each other's key, and neither ever reads
    // the other's file half written (linking fails if the name exists; then the winner's key
    // is read).
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |t| t.subsec_nanos());
    let partial = path.with_file_name(format!(
        ".{}.{}-{:?}-{nanos}.partial",
        path.file_name().and_then(|name| name.to_str()).unwrap_or("key"),
        std::process::id(),
        std::thread::current().id()
    ));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&partial)?;
        file.write_all(key.to_file_text().as_bytes())?;
        file.sync_all()?;
        std::fs::hard_link(&partial, path)
    })();
    let _ = std::fs::remove_file(&partial);
    match written {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return load_or_create(path),
        Err(error) => return Err(error.into()),
    }
    tracing::info!(path = %path.display(), public_key = %key.public_multibase(), "made a new credential signing key");
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_written_for_the_owner_only_and_read_back_the_same() {
        let dir = std::env::temp_dir().join(format!("tiltas-key-{}", uuid::Uuid::new_v4()));
        let path = dir.join("keys/signing.key");
        let made = load_or_create(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let read = load_or_create(&path).unwrap();
        assert_eq!(made.public_multibase(), read.public_multibase());
        std::fs::write(&path, "not a key").unwrap();
        assert!(matches!(load_or_create(&path), Err(CommandError::Invalid(_))));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn instances_starting_together_all_read_the_one_key_that_was_made() {
        let dir = std::env::temp_dir().join(format!("tiltas-key-{}", uuid::Uuid::new_v4()));
        let path = dir.join("signing.key");
        let starts: Vec<_> = (0..16)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || load_or_create(&path).map(|key| key.public_multibase()))
            })
            .collect();
        let keys: Vec<String> = starts.into_iter().map(|start| start.join().unwrap().unwrap()).collect();
        assert!(keys.iter().all(|key| *key == keys[0]), "every start has the same key: {keys:?}");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(left, ["signing.key"], "no half-written files are left");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
