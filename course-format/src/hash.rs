//! A fingerprint of a course's sources, so that an importer can tell whether a
//! course changed since the last import without comparing every file.

use sha2::{Digest, Sha256};

use crate::course::normalise_path;
use crate::model::SourceFile;

/// Hex SHA-256 over every file, sorted by (normalised) path. Each path and content
/// is length-prefixed, so moving bytes between a file name and its content, or
/// between two files, always changes the hash. The order files are given in does not
/// matter.
pub fn content_hash(files: &[SourceFile]) -> String {
    let mut entries: Vec<(String, &[u8])> = files
        .iter()
        .map(|f| (normalise_path(&f.path), f.contents.as_slice()))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut h = Sha256::new();
    h.update(b"tiltas-course-v1\0");
    for (path, contents) in entries {
        h.update((path.len() as u64).to_le_bytes());
        h.update(path.as_bytes());
        h.update((contents.len() as u64).to_le_bytes());
        h.update(contents);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_independent_and_content_sensitive() {
        let a = SourceFile::new("course.toml", "x");
        let b = SourceFile::new("01-a.en.md", "y");
        let h1 = content_hash(&[a.clone(), b.clone()]);
        assert_eq!(h1, content_hash(&[b.clone(), a.clone()]));
        assert_eq!(h1.len(), 64);
        assert_ne!(h1, content_hash(&[a.clone(), SourceFile::new("01-a.en.md", "y ")]));
        assert_ne!(h1, content_hash(&[a.clone(), SourceFile::new("01-b.en.md", "y")]));
        // Moving a byte from one file to the next must not collide.
        assert_ne!(
            content_hash(&[SourceFile::new("a", "xy"), SourceFile::new("b", "z")]),
            content_hash(&[SourceFile::new("a", "x"), SourceFile::new("b", "yz")])
        );
        assert_eq!(h1, content_hash(&[SourceFile::new("./course.toml", "x"), b]));
    }
}
