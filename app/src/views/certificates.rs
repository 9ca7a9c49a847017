//! Certificates as their holder, administrators and anyone verifying one see them.

use crate::domain::certificates::CertificateState;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CertificateSummary {
    pub id: String,
    pub code: String,
    /// Blank when `holder_erased`.
    pub holder_name: String,
    /// The holder's personal data was erased: shown as "a person whose data was erased".
    pub holder_erased: bool,
    pub course_title: String,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub state: CertificateState,
}

/// What only administrators see of a certificate.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CertificateAdminView {
    pub note: Option<String>,
    pub revocation_reason: Option<String>,
    /// (when, what, who, why) in order.
    pub audit: Vec<(i64, String, Option<String>, Option<String>)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CertificateView {
    pub summary: CertificateSummary,
    pub organisation_name: Option<String>,
    /// (points, of points), for a certificate earned in Tiltas.
    pub points: Option<(i64, i64)>,
    pub revoked_at: Option<i64>,
    /// The public address that verifies it.
    pub verify_url: String,
    /// Present for administrators only.
    pub admin: Option<CertificateAdminView>,
}

/// The public verification page: only what a verifier needs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VerificationView {
    pub summary: CertificateSummary,
    pub organisation_name: Option<String>,
    pub revoked_at: Option<i64>,
}

/// A completion waiting for an administrator's approval.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingCertificate {
    pub enrolment_id: String,
    pub learner: String,
    pub course_title: String,
    pub completed_at: i64,
    pub points: i64,
    pub max_points: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CertificatesAdmin {
    pub pending: Vec<PendingCertificate>,
    /// (id, "name (email)") of every learner, for issuing by hand.
    pub learners: Vec<(String, String)>,
    /// (slug, title) of every published course that awards certificates.
    pub courses: Vec<(String, String)>,
    pub issued: Vec<CertificateSummary>,
}
