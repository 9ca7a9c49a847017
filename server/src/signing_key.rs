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
    // create_new: two instances starting at once never overwrite each other's key.
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return load_or_create(path),
        Err(error) => return Err(error.into()),
    };
    file.write_all(key.to_file_text().as_bytes())?;
    file.sync_all()?;
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
}
