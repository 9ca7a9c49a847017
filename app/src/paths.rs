//! The addresses of Tiltas's pages, in one place, so that services (which build links such as
//! "what is left to do") and pages agree on them.

/// A course's page in the catalogue.
pub fn course_path(slug: &str) -> String {
    format!("/courses/{slug}")
}

pub fn module_path(slug: &str, module_id: &str) -> String {
    format!("/courses/{slug}/modules/{module_id}")
}

/// A module past its content note, at `anchor`: where the module's forms return to.
pub fn module_anchor_path(slug: &str, module_id: &str, anchor: &str) -> String {
    format!("{}?note=read#{anchor}", module_path(slug, module_id))
}

pub fn scenario_path(slug: &str, scenario_id: &str) -> String {
    format!("/courses/{slug}/scenarios/{scenario_id}")
}

/// A course in the editor.
pub fn course_editor_path(slug: &str) -> String {
    format!("/author/courses/{slug}")
}

/// One file of a course in the editor.
pub fn file_editor_path(slug: &str, path: &str) -> String {
    format!("/author/courses/{slug}/files/{path}")
}

/// A course's published files as a zip.
pub fn course_zip_path(slug: &str) -> String {
    format!("/author/courses/{slug}/download.zip")
}

/// A course's results for trainers.
pub fn course_results_path(slug: &str) -> String {
    format!("/author/courses/{slug}/results")
}

/// A course's stored xAPI statements, as JSON.
pub fn course_xapi_path(slug: &str) -> String {
    format!("/author/courses/{slug}/xapi.json")
}

/// A person's stored xAPI statements, as JSON, for their administrators.
pub fn person_xapi_path(id: &str) -> String {
    format!("/admin/people/{id}/xapi.json")
}

/// A certificate, for its holder and administrators.
pub fn certificate_path(id: &str) -> String {
    format!("/certificates/{id}")
}

/// A certificate as a PDF in `language` (en or lt), for its holder and administrators.
pub fn certificate_pdf_path(id: &str, language: &str) -> String {
    format!("/certificates/{id}/pdf/{language}")
}

/// A certificate's signed Open Badges credential, for its holder and administrators.
pub fn certificate_credential_path(id: &str) -> String {
    format!("/certificates/{id}/credential")
}

/// A certificate's public verification page: what its QR code and printed address point to.
pub fn verify_path(id: &str) -> String {
    format!("/verify/{id}")
}

/// The signed-in person's certificates.
pub const CERTIFICATES_PATH: &str = "/certificates";

/// The administrators' certificates page: approvals, issuing by hand, everything issued.
pub const ADMIN_CERTIFICATES_PATH: &str = "/admin/certificates";

/// The administrators' completion report (filters in the query).
pub const ADMIN_REPORTS_PATH: &str = "/admin/reports";

/// The people behind one figure of the report (the report's filters plus `status`).
pub const ADMIN_REPORT_PEOPLE_PATH: &str = "/admin/reports/people";

/// The completion report and the people behind a figure as CSV files.
pub const ADMIN_REPORTS_CSV_PATH: &str = "/admin/reports.csv";
pub const ADMIN_REPORT_PEOPLE_CSV_PATH: &str = "/admin/reports/people.csv";

/// One person's enrolments, attempts and certificates, for administrators.
pub fn admin_report_person_path(user_id: &str) -> String {
    format!("/admin/reports/people/{user_id}")
}

/// The terminology glossary.
pub const GLOSSARY_PATH: &str = "/glossary";

/// What the service worker shows instead of a page it does not keep, when there is no connection.
pub const OFFLINE_PATH: &str = "/offline";

/// The administrators' list of people.
pub const PEOPLE_PATH: &str = "/admin/people";

/// A person's page for administrators.
pub fn person_admin_path(id: &str) -> String {
    format!("/admin/people/{id}")
}

// Issue 13, audit and privacy.

/// The platform administrators' audit log.
pub const ADMIN_AUDIT_PATH: &str = "/admin/audit";

/// The audit log as CSV; takes the page's filter query.
pub const ADMIN_AUDIT_CSV_PATH: &str = "/admin/audit.csv";

/// The signed-in person's own data, as a JSON download.
pub const MY_DATA_PATH: &str = "/profile/my-data.json";

/// The page where an administrator erases a person's personal data.
pub fn erase_person_path(user_id: &str) -> String {
    format!("/admin/people/{user_id}/erase")
}

/// Administrators' cohorts (issue 13).
pub const ADMIN_COHORTS_PATH: &str = "/admin/cohorts";

/// One cohort, with its members and course assignments.
pub fn cohort_path(id: &str) -> String {
    format!("/admin/cohorts/{id}")
}

/// The CSV import of people: the form (GET), its preview and its confirmation (plain POSTs,
/// which answer with this page rendered with their outcome).
pub const PEOPLE_IMPORT_PATH: &str = "/admin/people/import";
pub const PEOPLE_IMPORT_PREVIEW_PATH: &str = "/admin/people/import/preview";
pub const PEOPLE_IMPORT_CONFIRM_PATH: &str = "/admin/people/import/confirm";

// Single sign-on (issue 15).

/// The platform administrators' page of identity providers and organisations' password setting.
pub const ADMIN_SINGLE_SIGN_ON_PATH: &str = "/admin/single-sign-on";

/// Where a provider sends people back (the redirect URI registered at every provider).
pub const SSO_CALLBACK_PATH: &str = "/sso/callback";

/// Where a "Sign in with …" button starts a sign-in through one provider.
pub fn sso_start_path(provider_id: &str) -> String {
    format!("/sso/{provider_id}/start")
}
