//! What the audit log records. The codes are stored, so they never change once released; the
//! labels are what administrators read.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    SignedIn,
    SignInFailed,
    PersonCreated,
    PersonEdited,
    RolesChanged,
    Deactivated,
    Reactivated,
    InvitationRenewed,
    PeopleImported,
    CertificateIssued,
    CertificateApproved,
    CertificateRevoked,
    ReportExported,
    PersonalDataExported,
    PersonErased,
    RetentionApplied,
    /// An identity provider added, changed or removed, or an organisation's passwords switched.
    SingleSignOnChanged,
}

impl AuditAction {
    pub const ALL: [AuditAction; 17] = [
        AuditAction::SignedIn,
        AuditAction::SignInFailed,
        AuditAction::PersonCreated,
        AuditAction::PersonEdited,
        AuditAction::RolesChanged,
        AuditAction::Deactivated,
        AuditAction::Reactivated,
        AuditAction::InvitationRenewed,
        AuditAction::PeopleImported,
        AuditAction::CertificateIssued,
        AuditAction::CertificateApproved,
        AuditAction::CertificateRevoked,
        AuditAction::ReportExported,
        AuditAction::PersonalDataExported,
        AuditAction::PersonErased,
        AuditAction::RetentionApplied,
        AuditAction::SingleSignOnChanged,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SignedIn => "signed_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::PersonCreated => "person_created",
            AuditAction::PersonEdited => "person_edited",
            AuditAction::RolesChanged => "roles_changed",
            AuditAction::Deactivated => "deactivated",
            AuditAction::Reactivated => "reactivated",
            AuditAction::InvitationRenewed => "invitation_renewed",
            AuditAction::PeopleImported => "people_imported",
            AuditAction::CertificateIssued => "certificate_issued",
            AuditAction::CertificateApproved => "certificate_approved",
            AuditAction::CertificateRevoked => "certificate_revoked",
            AuditAction::ReportExported => "report_exported",
            AuditAction::PersonalDataExported => "personal_data_exported",
            AuditAction::PersonErased => "person_erased",
            AuditAction::RetentionApplied => "retention_applied",
            AuditAction::SingleSignOnChanged => "single_sign_on_changed",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|action| action.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            AuditAction::SignedIn => Msg::AuditSignedIn,
            AuditAction::SignInFailed => Msg::AuditSignInFailed,
            AuditAction::PersonCreated => Msg::AuditPersonCreated,
            AuditAction::PersonEdited => Msg::AuditPersonEdited,
            AuditAction::RolesChanged => Msg::AuditRolesChanged,
            AuditAction::Deactivated => Msg::AuditDeactivated,
            AuditAction::Reactivated => Msg::AuditReactivated,
            AuditAction::InvitationRenewed => Msg::AuditInvitationRenewed,
            AuditAction::PeopleImported => Msg::AuditPeopleImported,
            AuditAction::CertificateIssued => Msg::AuditCertificateIssued,
            AuditAction::CertificateApproved => Msg::AuditCertificateApproved,
            AuditAction::CertificateRevoked => Msg::AuditCertificateRevoked,
            AuditAction::ReportExported => Msg::AuditReportExported,
            AuditAction::PersonalDataExported => Msg::AuditPersonalDataExported,
            AuditAction::PersonErased => Msg::AuditPersonErased,
            AuditAction::RetentionApplied => Msg::AuditRetentionApplied,
            AuditAction::SingleSignOnChanged => Msg::AuditSingleSignOnChanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_distinct() {
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::from_code("deleted"), None);
    }
}
