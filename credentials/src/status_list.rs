//! W3C Bitstring Status List v1.0: one bit per credential, set when it is revoked, published
//! gzip-compressed inside a signed `BitstringStatusListCredential`.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

use crate::CredentialError;
use crate::badge::has_type;
use crate::contexts::VC_V2;

/// The smallest list the specification allows: 16 KiB, so that one credential's bit does not
/// stand out in a small list (group privacy).
pub const MIN_STATUS_LIST_BITS: usize = 131_072;

/// A decoded list is refused beyond this many bytes (128 Mi entries), so that a small gzip
/// bomb in someone else's status list cannot exhaust memory.
const MAX_DECODED_BYTES: u64 = 16 * 1024 * 1024;

/// A revocation bitstring. Bit 0 is the most significant bit of byte 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl StatusList {
    /// An all-clear list of at least `len_bits` entries: raised to the 131072-entry minimum and
    /// rounded up to whole bytes.
    pub fn new(len_bits: usize) -> Self {
        let bits = len_bits.max(MIN_STATUS_LIST_BITS);
        Self {
            bytes: vec![0; bits.div_ceil(8)],
        }
    }

    /// The number of entries.
    pub fn len(&self) -> u64 {
        self.bytes.len() as u64 * 8
    }

    /// Whether the list has no entries (never true for a list made by [`StatusList::new`]).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Sets (revoked) or clears the bit at `index`.
    pub fn set(&mut self, index: u64, revoked: bool) -> Result<(), CredentialError> {
        let (byte, mask) = self.position(index)?;
        if revoked {
            self.bytes[byte] |= mask;
        } else {
            self.bytes[byte] &= !mask;
        }
        Ok(())
    }

    /// Whether the bit at `index` is set (revoked).
    pub fn get(&self, index: u64) -> Result<bool, CredentialError> {
        let (byte, mask) = self.position(index)?;
        Ok(self.bytes[byte] & mask != 0)
    }

    fn position(&self, index: u64) -> Result<(usize, u8), CredentialError> {
        if index >= self.len() {
            return Err(CredentialError::StatusIndexOutOfRange {
                index,
                len: self.len(),
            });
        }
        let byte = usize::try_from(index / 8).expect("index below len fits in usize");
        Ok((byte, 0x80 >> (index % 8)))
    }

    /// The `encodedList` value: multibase base64url without padding (`u` prefix) of the
    /// gzip-compressed bitstring.
    pub fn encode(&self) -> String {
        let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
        gzip.write_all(&self.bytes)
            .expect("writing to memory cannot fail");
        let compressed = gzip.finish().expect("writing to memory cannot fail");
        format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    /// Reads an `encodedList`. The 16 KiB minimum is not enforced here: a verifier should still
    /// read a smaller list published by someone else.
    pub fn decode(encoded: &str) -> Result<Self, CredentialError> {
        let base64 = encoded.strip_prefix('u').ok_or_else(|| {
            CredentialError::InvalidStatusList(
                "encodedList is not multibase base64url (it must start with 'u')".into(),
            )
        })?;
        let compressed = URL_SAFE_NO_PAD.decode(base64).map_err(|_| {
            CredentialError::InvalidStatusList(
                "encodedList is not base64url without padding".into(),
            )
        })?;
        let mut bytes = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_DECODED_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| {
                CredentialError::InvalidStatusList("encodedList is not gzip data".into())
            })?;
        if bytes.len() as u64 > MAX_DECODED_BYTES {
            return Err(CredentialError::InvalidStatusList(format!(
                "the list is larger than {MAX_DECODED_BYTES} bytes"
            )));
        }
        Ok(Self { bytes })
    }
}

/// An unsigned `BitstringStatusListCredential` for revocation, to be signed with
/// [`crate::sign`]. Its subject is `id#list`.
pub fn status_list_credential(id: &str, issuer_id: &str, valid_from: &str, encoded: &str) -> Value {
    json!({
        "@context": [VC_V2],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    })
}

/// Whether the credential at `index` is revoked according to a status list credential. This
/// only reads `encodedList`: check the status list credential's own proof first (for example
/// with [`crate::verify_credential`]).
pub fn status_bit(status_list_credential: &Value, index: u64) -> Result<bool, CredentialError> {
    let is_list_credential = status_list_credential
        .get("type")
        .is_some_and(|kind| has_type(kind, "BitstringStatusListCredential"));
    if !is_list_credential {
        return Err(CredentialError::InvalidStatusList(
            "the document is not a BitstringStatusListCredential".into(),
        ));
    }
    let subject = status_list_credential
        .get("credentialSubject")
        .ok_or_else(|| {
            CredentialError::InvalidStatusList(
                "the status list credential has no credentialSubject".into(),
            )
        })?;
    let purpose = subject.get("statusPurpose").and_then(Value::as_str);
    if purpose != Some("revocation") {
        return Err(CredentialError::InvalidStatusList(format!(
            "the list's statusPurpose is {purpose:?}, not \"revocation\""
        )));
    }
    let encoded = subject
        .get("encodedList")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            CredentialError::InvalidStatusList(
                "the status list credential has no encodedList".into(),
            )
        })?;
    StatusList::decode(encoded)?.get(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_the_minimum_size() {
        assert_eq!(StatusList::new(10).len(), 131_072);
        assert_eq!(StatusList::new(200_001).len(), 200_008);
    }

    #[test]
    fn bits_round_trip_through_the_encoding() {
        let mut list = StatusList::new(0);
        for index in [0, 7, 8, 94_567, 131_071] {
            list.set(index, true).unwrap();
        }
        list.set(8, false).unwrap();
        let encoded = list.encode();
        assert!(encoded.starts_with('u'));
        assert!(!encoded.contains(['=', '+', '/']));
        // 16 KiB of mostly zeros compresses to a few dozen bytes.
        assert!(encoded.len() < 200, "{}", encoded.len());
        let decoded = StatusList::decode(&encoded).unwrap();
        assert_eq!(decoded, list);
        for (index, revoked) in [
            (0, true),
            (1, false),
            (7, true),
            (8, false),
            (94_567, true),
            (131_071, true),
        ] {
            assert_eq!(decoded.get(index).unwrap(), revoked, "{index}");
        }
        assert!(matches!(
            decoded.get(131_072),
            Err(CredentialError::StatusIndexOutOfRange {
                index: 131_072,
                len: 131_072
            })
        ));
    }

    #[test]
    fn bit_zero_is_the_most_significant_bit_of_byte_zero() {
        let mut list = StatusList::new(0);
        list.set(0, true).unwrap();
        list.set(9, true).unwrap();
        assert_eq!(&list.bytes[..2], &[0b1000_0000, 0b0100_0000]);
        // The same bytes decoded independently of `encode`: gzip of [0x80, 0x40, 0, 0, …].
        let mut gzip = GzEncoder::new(Vec::new(), Compression::fast());
        let mut raw = vec![0u8; 16_384];
        raw[0] = 0x80;
        raw[1] = 0x40;
        gzip.write_all(&raw).unwrap();
        let encoded = format!("u{}", URL_SAFE_NO_PAD.encode(gzip.finish().unwrap()));
        let decoded = StatusList::decode(&encoded).unwrap();
        assert!(decoded.get(0).unwrap() && decoded.get(9).unwrap());
        assert!(!decoded.get(1).unwrap() && !decoded.get(8).unwrap());
    }

    #[test]
    fn bad_encodings_are_refused() {
        assert!(StatusList::decode("zabc").is_err());
        assert!(StatusList::decode("u!!!").is_err());
        assert!(StatusList::decode(&format!("u{}", URL_SAFE_NO_PAD.encode(b"not gzip"))).is_err());
    }

    #[test]
    fn status_bit_reads_a_status_list_credential() {
        let mut list = StatusList::new(0);
        list.set(42, true).unwrap();
        let credential = status_list_credential(
            "https://tiltas.example/credentials/status/1",
            "did:web:tiltas.example",
            "2026-11-30T12:00:00Z",
            &list.encode(),
        );
        assert_eq!(
            credential["credentialSubject"]["id"],
            "https://tiltas.example/credentials/status/1#list"
        );
        assert!(status_bit(&credential, 42).unwrap());
        assert!(!status_bit(&credential, 41).unwrap());
        assert!(status_bit(&json!({"type": "VerifiableCredential"}), 1).is_err());
    }
}
