//! The authorisation matrix's table: every server function, page and plain route, how to call
//! it, and who may (`Rule`, in the parent module). The parent checks that the table covers exactly
//! what is served, then calls every line as every caller.

use super::{Kind, Rule};

/// One line of the table: what is registered (`key`: the function's path, or the route pattern
/// as axum spells it), how to call it (`sample`: form fields, or a concrete path), who may.
/// `$CERT`, `$ENROLLED`, `$LEARNER`, `$ORG`, `$INVITE` and `$COHORT` in a sample are replaced
/// by the enrolled learner's certificate id, the two learners' user ids, the organisation's id,
/// an open invitation's token and a cohort of the learners' organisation with `$LEARNER` in it
/// (see `Fixture`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    pub(super) kind: Kind,
    pub(super) key: &'static str,
    pub(super) sample: &'static str,
    pub(super) rule: Rule,
}

const fn page(key: &'static str, sample: &'static str, rule: Rule) -> Entry {
    Entry { kind: Kind::Page, key, sample, rule }
}
const fn plain(key: &'static str, sample: &'static str, rule: Rule) -> Entry {
    Entry { kind: Kind::Plain, key, sample, rule }
}
const fn func(key: &'static str, sample: &'static str, rule: Rule) -> Entry {
    Entry { kind: Kind::Function, key, sample, rule }
}

pub(super) const COURSE: &str = "spotting-exploitation";

use Rule::*;

/// Called in this order for each caller, on a fresh database per caller and backend, so that
/// what one call changes (a revocation, a publication) never meets another caller. Pages and
/// plain routes come first; of the functions, those that change data come after those that read
/// it, and `sign_out` (which ends the caller's session) is last.
pub(super) const TABLE: &[Entry] = &[
    // Pages, opened as a browser does. Each calls its loader (one of the reading functions below)
    // in place, so a refusal is a 403 or 404 page, or a redirect to sign in.
    page("/", "/", Public), // Strangers get the welcome, signed-in people their own home.
    page("/login", "/login", Guest),
    page("/register", "/register", Guest), // Self-registration is switched on for this test.
    page("/invite/{token}", "/invite/$INVITE", Public), // The token is the credential.
    page("/verify/{id}", "/verify/$CERT", Public), // Anyone may check a certificate's validity.
    page("/profile", "/profile", SignedIn),
    page("/courses", "/courses", SignedIn),
    page("/glossary", "/glossary", SignedIn),
    page("/offline", "/offline", Public), // What the service worker shows when a page is not kept; nothing personal.
    page("/courses/{slug}", "/courses/spotting-exploitation", SignedIn), // The catalogue's overview, with the enrol button.
    page("/courses/{slug}/modules/{module}", "/courses/spotting-exploitation/modules/what-exploitation-is", Enrolled),
    page("/courses/{slug}/scenarios/{scenario}", "/courses/spotting-exploitation/scenarios/farm-inspection", Enrolled),
    page("/certificates", "/certificates", SignedIn), // Each person's own list.
    page("/certificates/{id}", "/certificates/$CERT", HolderOrAdmin),
    // People and organisations administration (people-admin): organisation administrators
    // see their own organisation; a person outside it is a 404.
    page("/admin/organisations", "/admin/organisations", AnyAdmin),
    page("/admin/people", "/admin/people", AnyAdmin),
    page("/admin/people/{id}", "/admin/people/$LEARNER", AdminOfLearner),
    page("/admin/assignments", "/admin/assignments", AnyAdmin),
    page("/admin/certificates", "/admin/certificates", AdminOnly),
    // Reports (issue 13, part "reports"): every administrator, each within their scope; one
    // person's record is hidden from another organisation's administrator.
    page("/admin/reports", "/admin/reports", AnyAdmin),
    page("/admin/reports/people", "/admin/reports/people?status=enrolled", AnyAdmin),
    page("/admin/reports/people/{id}", "/admin/reports/people/$LEARNER", AdminOfLearner),
    // Cohorts and the CSV import of people (part "cohorts").
    page("/admin/cohorts", "/admin/cohorts", AnyAdmin),
    page("/admin/cohorts/{id}", "/admin/cohorts/$COHORT", AdminOfLearner),
    page("/admin/people/import", "/admin/people/import", AnyAdmin),
    page("/author", "/author", TrainerOnly),
    page("/author/courses/{slug}", "/author/courses/spotting-exploitation", TrainerOnly),
    page("/author/courses/{slug}/files/{file}", "/author/courses/spotting-exploitation/files/02-indicators.en.md", TrainerOnly),
    page("/author/courses/{slug}/results", "/author/courses/spotting-exploitation/results", TrainerOrAdmin), // Admins follow learners here.
    // Issue 13, audit and privacy: the audit log, erasure.
    page("/admin/audit", "/admin/audit", AdminOnly),
    page("/admin/people/{id}/erase", "/admin/people/$LEARNER/erase", AdminOfLearner),
    // Single sign-on (issue 15): the providers and organisations' passwords, platform administrators only.
    page("/admin/single-sign-on", "/admin/single-sign-on", AdminOnly),
    // Plain routes (server/src/http/mod.rs and assets.rs).
    plain("/api/{*function}", "", Dispatcher),
    plain("/healthz", "/healthz", Public), // For load balancers.
    plain("/did.json", "/did.json", Public), // Verifiers need the issuer's keys...
    plain("/.well-known/did.json", "/.well-known/did.json", Public),
    plain("/status/{number}", "/status/1", Public), // ...and its revocation lists.
    plain("/certificates/{id}/pdf/{language}", "/certificates/$CERT/pdf/en", HolderOrAdmin),
    plain("/certificates/{id}/credential", "/certificates/$CERT/credential", HolderOrAdmin),
    plain("/courses/{slug}/modules/{module}/{*rest}", "/courses/legal-duties/modules/images/referral-map.png", EnrolledOr404),
    plain("/author/courses/{slug}/files/{file}/{*rest}", "/author/courses/legal-duties/files/images/referral-map.png", TrainerOnly),
    plain("/author/courses/{slug}/download.zip", "/author/courses/spotting-exploitation/download.zip", TrainerOnly),
    // Reports (issue 13, part "reports"): the CSV exports.
    plain("/admin/reports.csv", "/admin/reports.csv?group=organisation", AnyAdmin),
    plain("/admin/reports/people.csv", "/admin/reports/people.csv?status=overdue", AnyAdmin),
    // Issue 13, audit and privacy: each person's own data; the audit log as CSV.
    plain("/profile/my-data.json", "/profile/my-data.json", SignedIn),
    plain("/admin/audit.csv", "/admin/audit.csv", AdminOnly),
    // Issue 15, xAPI: the stored statements of one learner (for their administrators) and of
    // one course (for those who see its results).
    plain("/admin/people/{id}/xapi.json", "/admin/people/$LEARNER/xapi.json", AdminOfLearner),
    plain("/author/courses/{slug}/xapi.json", "/author/courses/spotting-exploitation/xapi.json", TrainerOrAdmin),
    // The CSV import's two posts (part "cohorts"); the sample has a bad row, so nothing is stored.
    Entry { kind: Kind::PlainUpload, key: "/admin/people/import/preview", sample: "name,email\nAldona,not-an-address\n", rule: AdminUpload },
    Entry { kind: Kind::PlainPost, key: "/admin/people/import/confirm", sample: "csv=name%2Cemail%0AAldona%2Cnot-an-address%0A", rule: AnyAdmin },
    // Single sign-on (issue 15): anyone may start or finish a sign-in through a provider; an
    // unknown provider or a forged answer goes back to the sign-in page with the reason.
    plain("/sso/{provider}/start", "/sso/no-such-provider/start", SignInFlow),
    plain("/sso/callback", "/sso/callback?state=forged&code=forged", SignInFlow),
    plain("/pkg", "/pkg/tiltas.js", Static),
    plain("/quick-exit.js", "/quick-exit.js", Static),
    plain("/enhance.js", "/enhance.js", Static),
    plain("/offline.js", "/offline.js", Static),
    plain("/sw.js", "/sw.js", Static), // The service worker: its scope is the site, so it lives at the root.
    plain("/favicon.svg", "/favicon.svg", Static),
    // Server functions that read.
    func("/api/registration_organisations", "", Public), // The registration form's list.
    func("/api/invite_status", "token=$INVITE", Public),
    func("/api/verification_page", "id=$CERT", Public),
    func("/api/my_courses", "", SignedIn),
    func("/api/my_profile", "", SignedIn),
    func("/api/catalogue", "", SignedIn),
    func("/api/glossary", "", SignedIn),
    func("/api/course_overview", "slug=spotting-exploitation", SignedIn),
    func("/api/my_certificates", "", SignedIn),
    func("/api/certificate_page", "id=$CERT", HolderOrAdmin),
    func("/api/module_page", "slug=spotting-exploitation&module_id=what-exploitation-is", Enrolled),
    func("/api/scenario_page", "slug=spotting-exploitation&scenario_id=farm-inspection", Enrolled),
    func("/api/author_courses", "", TrainerOnly),
    func("/api/author_course", "slug=spotting-exploitation", TrainerOnly),
    func("/api/author_file", "slug=spotting-exploitation&path=02-indicators.en.md", TrainerOnly),
    func("/api/course_results", "slug=spotting-exploitation", TrainerOrAdmin),
    // People and organisations administration (people-admin).
    func("/api/people_overview", "", AnyAdmin),
    func("/api/person_overview", "user_id=$LEARNER", AdminOfLearner),
    func("/api/list_organisations", "", AnyAdmin),
    func("/api/assignments_overview", "", AnyAdmin),
    func("/api/admin_certificates", "", AdminOnly),
    // Reports (issue 13, part "reports").
    func("/api/admin_report", "group=cohort", AnyAdmin),
    func("/api/admin_report_people", "status=enrolled", AnyAdmin),
    func("/api/admin_report_person", "user_id=$LEARNER", AdminOfLearner),
    // Issue 13, audit and privacy.
    func("/api/audit_log", "", AdminOnly),
    func("/api/erasure_page", "user_id=$LEARNER", AdminOfLearner),
    // Cohorts and the CSV import of people (part "cohorts"), reading.
    func("/api/cohorts_overview", "page=1", AnyAdmin),
    func("/api/cohort_page", "id=$COHORT&page=1", AdminOfLearner),
    func("/api/people_import_page", "", AnyAdmin),
    // Single sign-on (issue 15), reading: the sign-in page's buttons, the administrators' page.
    func("/api/sign_in_options", "", Public),
    func("/api/single_sign_on_overview", "", AdminOnly),
    // Server functions that change data. Samples are valid where that is harmless, or fail
    // a form check (422) past the access check where success would get in a later call's way.
    func("/api/set_language", "language=en", Public),
    func("/api/sign_in", "email=nobody%40tiltas.test&password=not+the+password", Public),
    func("/api/register", "name=Egle&email=egle%40tiltas.test&organisation_id=$ORG&password=a+long+enough+passphrase&password_confirmation=another+long+passphrase", Public),
    func("/api/accept_invite", "token=$INVITE&password=a+long+enough+passphrase&password_confirmation=another+long+passphrase", Public),
    func("/api/save_profile", "name=Renamed+person&preferred_language=en", SignedIn),
    func("/api/change_password", "current_password=not+the+password&new_password=a+new+long+passphrase&new_password_confirmation=a+new+long+passphrase", SignedIn),
    // Another course than the fixture's, so that nobody becomes enrolled in that one.
    // Courses are taken with a learner account, as assignments and certificates by hand require.
    func("/api/enrol", "slug=first-contact", LearnerOnly),
    // The enrolment is looked up by the renewal service itself (`NotEnrolled`, 403).
    func("/api/take_course_again", "slug=spotting-exploitation", Enrolled),
    func("/api/mark_module_read", "slug=spotting-exploitation&module_id=what-exploitation-is", Enrolled),
    func("/api/answer_question", "slug=spotting-exploitation&module_id=what-exploitation-is&question_id=consent-and-means&selected[]=0", Enrolled),
    func("/api/start_attempt", "slug=spotting-exploitation&module_id=final-check", Enrolled),
    func("/api/start_scenario", "slug=spotting-exploitation&scenario_id=farm-inspection", Enrolled),
    func("/api/choose_option", "slug=spotting-exploitation&scenario_id=farm-inspection&step_id=arrival&choice=0", Enrolled),
    func("/api/start_course", "slug=new-course&title=New+course", TrainerOnly),
    Entry { kind: Kind::Upload, key: "/api/upload_course", sample: "slug=uploaded", rule: TrainerUpload },
    func("/api/add_module", "slug=spotting-exploitation&file_name=04-extra.en.md&title=Extra", TrainerOnly),
    func("/api/save_course_file", "slug=spotting-exploitation&path=04-extra.en.md&text=changed", TrainerOnly),
    func("/api/remove_course_file", "slug=spotting-exploitation&path=04-extra.en.md", TrainerOnly),
    func("/api/publish_course", "slug=spotting-exploitation", TrainerOnly),
    func("/api/discard_course_changes", "slug=spotting-exploitation", TrainerOnly),
    // Trainers see results but may not change a learner's attempts.
    func("/api/grant_attempt", "slug=spotting-exploitation&learner_id=$ENROLLED&item_id=final-check&reason=Ill+on+the+day", AdminOnly),
    // People and organisations administration (people-admin). Organisations are the platform
    // administrators' (the service refuses an organisation administrator with 403); people are
    // each administrator's own organisation's, and someone else's person is a 404.
    func("/api/create_organisation", "name=Kauno+VPK", AdminOnly),
    func("/api/rename_organisation", "organisation_id=$ORG&name=Vilniaus+AVPK+renamed", AdminOnly),
    func("/api/create_person", "email=new%40tiltas.test&name=New+person&organisation_id=$ORG&role_learner=on", AnyAdmin),
    func("/api/update_person", "user_id=$LEARNER&name=Renamed+learner&email=other%40tiltas.test&organisation_id=$ORG", AdminOfLearner),
    func("/api/change_roles", "user_id=$LEARNER&role_learner=on&role_trainer=on", AdminOfLearner),
    func("/api/renew_invite", "user_id=$LEARNER", AdminOfLearner),
    func("/api/assign_course", "learner_id=$LEARNER&course_slug=first-contact&due_date=", AdminOfLearner),
    func("/api/approve_certificates", "enrolment_ids[]=none", AdminOnly),
    func("/api/issue_certificate", "learner_id=$LEARNER&course_slug=spotting-exploitation&note=Completed+on+paper", AdminOnly),
    func("/api/revoke_certificate", "id=$CERT&reason=Issued+in+error", AdminOnly),
    // Cohorts (part "cohorts"), changing: an empty name, a line that is no address and an
    // empty course fail their form checks past the scope check; the removal succeeds.
    func("/api/create_cohort", "name=&organisation_id=", AnyAdmin),
    func("/api/add_cohort_members", "cohort_id=$COHORT&emails=not+an+address", AdminOfLearner),
    func("/api/assign_cohort_course", "cohort_id=$COHORT&course_slug=&due_date=", AdminOfLearner),
    func("/api/remove_cohort_member", "cohort_id=$COHORT&user_id=$LEARNER", AdminOfLearner),
    // After the functions about $LEARNER above, which a deactivation would turn into form errors.
    func("/api/deactivate_person", "user_id=$LEARNER", AdminOfLearner),
    func("/api/reactivate_person", "user_id=$LEARNER", AdminOfLearner),
    // Issue 13, audit and privacy: a wrong confirmation (422) past the scope check, so that the
    // learner stays for the calls after it.
    func("/api/erase_person", "user_id=$LEARNER&confirmation=not-the-address%40tiltas.test", AdminOfLearner),
    // Single sign-on (issue 15), changing: an empty provider form and an unknown provider fail
    // their checks (422) past the role check; passwords stay allowed for the organisation.
    func("/api/save_sso_provider", "name=&issuer_url=&client_id=&email_claim=&name_claim=", AdminOnly),
    func("/api/remove_sso_provider", "provider_id=no-such-provider", AdminOnly),
    func("/api/set_organisation_passwords", "organisation_id=$ORG&passwords=on", AdminOnly),
    func("/api/sign_out", "", Public), // Last: it ends the caller's session.
];
