//! The one error type of the crate. Messages are written for a person reading a CLI or a log:
//! they say what is wrong with the credential, the key or the DID document, not which function
//! failed.

/// Everything that can go wrong when making, signing or checking a credential.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialError {
    /// The document (or a part of it) does not have the JSON shape needed.
    #[error("the document is not a usable credential: {0}")]
    InvalidDocument(String),

    /// An `@context` URL that the crate does not carry; contexts are never fetched.
    #[error("unknown JSON-LD context {0}")]
    UnknownContext(String),

    /// A property name that none of the document's contexts defines. JSON-LD would drop it, so
    /// it would not be covered by the signature.
    #[error(
        "the property \"{0}\" is not defined by the document's JSON-LD contexts, so a signature could not cover it"
    )]
    UndefinedTerm(String),

    /// A value that would not survive the conversion to RDF (for example a relative IRI), so
    /// it would not be covered by the signature.
    #[error("{0}")]
    DroppedValue(String),

    /// JSON-LD processing failed for another reason.
    #[error("the document is not valid JSON-LD: {0}")]
    JsonLd(String),

    /// RDFC-1.0 canonicalisation failed (for example a graph too hard to canonicalise).
    #[error("the document could not be canonicalised: {0}")]
    Canonicalization(String),

    /// `sign` was given a document that already carries a proof.
    #[error("the document already has a proof; sign the unsigned credential")]
    AlreadySigned,

    /// `verify` was given a document without a `proof`.
    #[error("the credential has no proof (it is not signed)")]
    MissingProof,

    /// A proof this crate does not check (another type, cryptosuite, purpose, or several proofs).
    #[error("unsupported proof: {0}")]
    UnsupportedProof(String),

    /// The proof's fields are malformed.
    #[error("the proof is malformed: {0}")]
    InvalidProof(String),

    /// The signature is well formed but does not match the document and key.
    #[error(
        "the signature does not match: the credential was changed after signing, or was signed with another key"
    )]
    SignatureMismatch,

    /// A key (multibase text, key file) could not be read.
    #[error("invalid key: {0}")]
    InvalidKey(String),

    /// A DID or DID document could not be used.
    #[error("invalid DID or DID document: {0}")]
    InvalidDid(String),

    /// The DID document does not list the key that the proof names.
    #[error("the DID document has no assertion key {0}")]
    KeyNotFound(String),

    /// A status list (encoded bitstring or status list credential) could not be read.
    #[error("invalid status list: {0}")]
    InvalidStatusList(String),

    /// A status list index past the end of the list.
    #[error("status list index {index} is outside the list of {len} entries")]
    StatusIndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// The number of entries in the list.
        len: u64,
    },

    /// The operating system could not provide random bytes for a new key.
    #[error("no randomness available for a new key: {0}")]
    Randomness(String),
}
