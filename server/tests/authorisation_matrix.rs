//! The authorisation matrix: every server function, page and plain route, called through the real
//! router as seven callers (anonymous, a learner enrolled in the fixture course, a learner not
//! enrolled, a trainer, a platform administrator, and the organisation administrators of the
//! learners' organisation and of another), on SQLite and PostgreSQL, with the answer each one
//! must get written down in `TABLE`.
//!
//! The table is checked against what is really served: the server functions in server_fn's
//! registry, the pages in the route list the router is built from, and the plain routes written
//! in `server/src/http/mod.rs` and `assets.rs`. A new function, page or route without a line in
//! the table fails the test, and so does a line for something that no longer exists.
//!
//! Read `Rule` and `expect` first (who gets what), then `TABLE`.

mod support;

use axum::body::Body;
use http::{Request, Response, header};
use leptos_axum::generate_route_list;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use support::{Browser, app_with_registration};
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Locale;
use tiltas_app::server::accounts::{self, NewAccount};
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{
    ORGANISATION, PASSWORD, TestDatabase, app_state, complete_course, import_fixture_courses, on_both_backends, person, person_in,
};
use tiltas_app::domain::administration::AdminScope;
use tiltas_app::server::{certificates, cohorts, learning};
use tower::ServiceExt;

/// Who is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Anonymous,
    /// Has completed `spotting-exploitation` (so holds its certificate) and is enrolled in
    /// `legal-duties`, whose prerequisite that is.
    EnrolledLearner,
    /// A learner in the same organisation, enrolled in nothing.
    OtherLearner,
    /// A trainer only (not a learner, not an administrator).
    Trainer,
    /// A platform administrator only (not a trainer).
    Admin,
    /// The organisation administrator of the learners' organisation.
    OrgAdmin,
    /// The organisation administrator of another organisation.
    OtherOrgAdmin,
}

const CALLERS: [Caller; 7] =
    [Caller::Anonymous, Caller::EnrolledLearner, Caller::OtherLearner, Caller::Trainer, Caller::Admin, Caller::OrgAdmin, Caller::OtherOrgAdmin];

/// The organisation of `Caller::OtherOrgAdmin`.
const OTHER_ORGANISATION: &str = "Other organisation";

impl Caller {
    fn email(self) -> Option<&'static str> {
        match self {
            Caller::Anonymous => None,
            Caller::EnrolledLearner => Some("enrolled@tiltas.test"),
            Caller::OtherLearner => Some("other@tiltas.test"),
            Caller::Trainer => Some("trainer@tiltas.test"),
            Caller::Admin => Some("admin@tiltas.test"),
            Caller::OrgAdmin => Some("org-admin@tiltas.test"),
            Caller::OtherOrgAdmin => Some("other-org-admin@tiltas.test"),
        }
    }
}

/// Who may use an entry. The `require_*` check named is the one the code makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Anyone, signed in or not (no check).
    Public,
    /// Pages for signing in: strangers see them, signed-in people are sent home (to `/`).
    Guest,
    /// Anyone signed in (`require_user`).
    SignedIn,
    /// A learner enrolled in the course named, prerequisites met (`require_enrolment`, or the
    /// service's own enrolment lookup); anyone else signed in gets 403.
    Enrolled,
    /// As `Enrolled`, but anyone else gets 404, so that outsiders learn nothing about which
    /// courses and files exist (course files).
    EnrolledOr404,
    /// The certificate's holder or an administrator; anyone else signed in gets the same 404 as
    /// for an unknown id.
    HolderOrAdmin,
    /// A person with the learner role, enrolled or not; trainers and administrators get 403.
    LearnerOnly,
    /// `require_role(Trainer)`: an administrator who is not a trainer is refused too.
    TrainerOnly,
    /// `require_role(Administrator)`: platform administrators only.
    AdminOnly,
    /// `require_admin_scope`: platform and organisation administrators, each seeing their scope.
    AnyAdmin,
    /// About a person of the learners' organisation (`$LEARNER`, `$ENROLLED`): the platform
    /// administrator and that organisation's administrator; another organisation's
    /// administrator gets the 404 of an unknown person; anyone else 403.
    AdminOfLearner,
    /// `require_any_role(&[Trainer, Administrator])`.
    TrainerOrAdmin,
    /// The course upload (multipart): the anti-forgery layer refuses a multipart post from
    /// anyone who is not a trainer, strangers included, with 403 before reading the body.
    TrainerUpload,
    /// The CSV import's preview (multipart): the anti-forgery layer refuses a multipart post to
    /// it from anyone who is not an administrator (platform or organisation), strangers
    /// included, with 403 before reading the body.
    AdminUpload,
    /// A static file from the site root, served to anyone without a session lookup.
    Static,
    /// The server functions' dispatcher: each function is an entry of its own.
    Dispatcher,
}

/// The answer a caller must get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Let through. A page or plain route answers 200; a server function 2xx, 3xx or 422 (a
    /// form error, so the call reached the service past every check). Never 400 (the sample
    /// fields did not decode, so the check was never reached), 401, 403, 404 or 5xx.
    Allowed,
    /// Not signed in: 401 for a server function called as a script, a redirect to `/login` for
    /// a page or a file.
    SignIn,
    /// Redirected to the home page.
    SentHome,
    Refused,
    Hidden,
    /// A file served whoever asks: 200, or 404 where the tests' site root lacks it (it is the
    /// temporary folder), never a refusal or a redirect.
    Served,
    /// Not called (see `Rule::Dispatcher`).
    NotCalled,
}

fn expect(rule: Rule, caller: Caller) -> Expect {
    use Caller::*;
    use Expect::*;
    match (rule, caller) {
        (Rule::Dispatcher, _) => NotCalled,
        (Rule::Static, _) => Served,
        (Rule::Public, _) => Allowed,
        (Rule::Guest, Anonymous) => Allowed,
        (Rule::Guest, _) => SentHome,
        (Rule::TrainerUpload | Rule::AdminUpload, Anonymous) => Refused,
        (_, Anonymous) => SignIn,
        (Rule::SignedIn, _) => Allowed,
        (Rule::LearnerOnly, EnrolledLearner | OtherLearner) => Allowed,
        (Rule::LearnerOnly, _) => Refused,
        (Rule::Enrolled, EnrolledLearner) | (Rule::EnrolledOr404, EnrolledLearner) => Allowed,
        (Rule::Enrolled, _) => Refused,
        (Rule::EnrolledOr404, _) => Hidden,
        (Rule::HolderOrAdmin, EnrolledLearner | Admin) => Allowed,
        (Rule::HolderOrAdmin, _) => Hidden,
        (Rule::TrainerOnly | Rule::TrainerUpload, Trainer) => Allowed,
        (Rule::AdminOnly, Admin) => Allowed,
        (Rule::AnyAdmin | Rule::AdminUpload, Admin | OrgAdmin | OtherOrgAdmin) => Allowed,
        (Rule::AdminOfLearner, Admin | OrgAdmin) => Allowed,
        (Rule::AdminOfLearner, OtherOrgAdmin) => Hidden,
        (Rule::TrainerOrAdmin, Trainer | Admin) => Allowed,
        (
            Rule::TrainerOnly | Rule::TrainerUpload | Rule::AdminOnly | Rule::AnyAdmin | Rule::AdminUpload | Rule::AdminOfLearner | Rule::TrainerOrAdmin,
            _,
        ) => Refused,
    }
}

/// How an entry is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A server function, posted as a script does (form fields, no `text/html`).
    Function,
    /// The one server function taking a multipart form (`upload_course`).
    Upload,
    /// A page, opened as a browser navigation.
    Page,
    /// A plain axum route (files, documents, health), fetched without `text/html`.
    Plain,
    /// A plain axum route taking a multipart post (the CSV import's preview), sent a CSV file.
    PlainUpload,
    /// A plain axum route taking a form post (the CSV import's confirmation), posted without
    /// `text/html`.
    PlainPost,
}

/// One line of the table: what is registered (`key`: the function's path, or the route pattern
/// as axum spells it), how to call it (`sample`: form fields, or a concrete path), who may.
/// `$CERT`, `$ENROLLED`, `$LEARNER`, `$ORG`, `$INVITE` and `$COHORT` in a sample are replaced
/// by the enrolled learner's certificate id, the two learners' user ids, the organisation's id,
/// an open invitation's token and a cohort of the learners' organisation with `$LEARNER` in it
/// (see `Fixture`).
#[derive(Clone, Copy, Debug)]
struct Entry {
    kind: Kind,
    key: &'static str,
    sample: &'static str,
    rule: Rule,
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

const COURSE: &str = "spotting-exploitation";

use Rule::*;

/// Called in this order for each caller, on a fresh database per caller and backend, so that
/// what one call changes (a revocation, a publication) never meets another caller. Pages and
/// plain routes come first; of the functions, those that change data come after those that read
/// it, and `sign_out` (which ends the caller's session) is last.
const TABLE: &[Entry] = &[
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
    // The CSV import's two posts (part "cohorts"); the sample has a bad row, so nothing is stored.
    Entry { kind: Kind::PlainUpload, key: "/admin/people/import/preview", sample: "name,email\nAldona,not-an-address\n", rule: AdminUpload },
    Entry { kind: Kind::PlainPost, key: "/admin/people/import/confirm", sample: "csv=name%2Cemail%0AAldona%2Cnot-an-address%0A", rule: AnyAdmin },
    plain("/pkg", "/pkg/tiltas.js", Static),
    plain("/quick-exit.js", "/quick-exit.js", Static),
    plain("/enhance.js", "/enhance.js", Static),
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
    func("/api/sign_out", "", Public), // Last: it ends the caller's session.
];

// ---------------------------------------------------------------------------------------------
// What is really served.

/// The pages' route patterns, from the same route list the router is built from. Generated once
/// per process, before any router renders a page (see the comment on `ROUTES` in
/// `server/src/http/mod.rs`): every test here forces it first.
static PAGES: LazyLock<BTreeSet<String>> =
    LazyLock::new(|| generate_route_list(tiltas_app::App).iter().map(|route| route.path().to_string()).collect());

/// The server functions registered with server_fn (the registry `/api/{*function}` dispatches on).
fn registered_functions() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string()).collect()
}

/// The plain routes written in the router's source: every `.route("…"`, `.route_service("…"` and
/// `.nest_service("…"`. A route whose path is not a string literal fails here, so it cannot slip by.
fn plain_routes() -> BTreeSet<String> {
    let mut routes = BTreeSet::new();
    for (file, source) in [("mod.rs", include_str!("../src/http/mod.rs")), ("assets.rs", include_str!("../src/http/assets.rs"))] {
        for call in [".route(", ".route_service(", ".nest_service("] {
            for (at, _) in source.match_indices(call) {
                let rest = source[at + call.len()..].trim_start();
                let literal = rest.strip_prefix('"').and_then(|r| r.split_once('"')).map(|(path, _)| path);
                let path = literal.unwrap_or_else(|| panic!("a route in {file} without a literal path: {}", &rest[..rest.len().min(60)]));
                routes.insert(path.to_string());
            }
        }
    }
    routes
}

/// The differences between what is served and the table's keys, in words.
fn differences(what: &str, served: &BTreeSet<String>, table: &BTreeSet<String>) -> Vec<String> {
    let missing = served.difference(table).map(|key| format!("{what} {key} has no entry in the authorisation table"));
    let stale = table.difference(served).map(|key| format!("the table has an entry for {what} {key}, which is not served"));
    missing.chain(stale).collect()
}

fn table_keys(kinds: &[Kind]) -> BTreeSet<String> {
    TABLE.iter().filter(|entry| kinds.contains(&entry.kind)).map(|entry| entry.key.to_string()).collect()
}

#[tokio::test]
async fn the_table_has_one_entry_for_every_function_page_and_route() {
    LazyLock::force(&PAGES);
    let functions = registered_functions();
    assert!(functions.len() >= 40 && functions.iter().all(|path| path.starts_with("/api/")), "the registry: {functions:?}");
    let mut problems = differences("server function", &functions, &table_keys(&[Kind::Function, Kind::Upload]));
    problems.extend(differences("page", &PAGES, &table_keys(&[Kind::Page])));
    problems.extend(differences("route", &plain_routes(), &table_keys(&[Kind::Plain, Kind::PlainUpload, Kind::PlainPost])));
    let keys: Vec<&str> = TABLE.iter().map(|entry| entry.key).collect();
    let distinct: BTreeSet<&str> = keys.iter().copied().collect();
    if distinct.len() != keys.len() {
        problems.push("an entry appears twice in the table".into());
    }
    if keys.last() != Some(&"/api/sign_out") {
        problems.push("sign_out must stay the last entry: it ends the caller's session".into());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Calling every entry.

/// What the samples refer to, made anew on each database.
struct Fixture {
    certificate: String,
    enrolled: String,
    learner: String,
    organisation: String,
    invite: String,
    cohort: String,
}

impl Fixture {
    async fn make(db: &Db) -> Fixture {
        import_fixture_courses(db).await;
        let state = app_state(db);
        let enrolled = person(db, Caller::EnrolledLearner.email().unwrap(), Role::Learner).await;
        let learner = person(db, Caller::OtherLearner.email().unwrap(), Role::Learner).await;
        person(db, Caller::Trainer.email().unwrap(), Role::Trainer).await;
        person(db, Caller::Admin.email().unwrap(), Role::Administrator).await;
        person(db, Caller::OrgAdmin.email().unwrap(), Role::OrganisationAdministrator).await;
        person_in(db, OTHER_ORGANISATION, Caller::OtherOrgAdmin.email().unwrap(), &[Role::OrganisationAdministrator]).await;
        complete_course(&state, &enrolled, COURSE).await;
        learning::enrol(&state, &enrolled, "legal-duties").await.expect("enrol in the follow-up course");
        let certificate = certificates::my_certificates(&state, &enrolled, Locale::En).await.unwrap()[0].id.clone();
        let organisation = storage::organisations::find_by_name(db, ORGANISATION).await.unwrap().expect("the organisation");
        let invitee = NewAccount {
            email: "invited@tiltas.test".into(),
            name: "Invited person".into(),
            roles: vec![Role::Learner],
            organisation_id: Some(organisation.clone()),
            password: None,
        };
        let invite = accounts::create_account(db, invitee).await.unwrap().1.expect("an invitation");
        let cohort = cohorts::create_cohort(&state, &AdminScope::Platform, "Matrix cohort", &organisation).await.unwrap();
        cohorts::add_members(&state, &AdminScope::Platform, &cohort, Caller::OtherLearner.email().unwrap()).await.unwrap();
        Fixture { certificate, enrolled, learner, organisation, invite, cohort }
    }

    fn fill(&self, sample: &str) -> String {
        sample
            .replace("$CERT", &self.certificate)
            .replace("$ENROLLED", &self.enrolled)
            .replace("$LEARNER", &self.learner)
            .replace("$ORG", &self.organisation)
            .replace("$INVITE", &self.invite)
            .replace("$COHORT", &self.cohort)
    }
}

/// A browser for the caller: signed in, or for a stranger holding the anti-forgery cookie a
/// first visit gives. Self-registration is on, so that `register` is reachable at all.
async fn browser_for(db: &Db, caller: Caller) -> Browser {
    let mut browser = Browser::on(app_with_registration(db, true));
    match caller.email() {
        Some(email) => {
            browser.sign_in(email, PASSWORD).await;
            assert!(browser.cookies.contains_key("tiltas_session"), "{caller:?} signed in");
        }
        None => {
            browser.get("/login").await;
        }
    }
    browser
}

/// An upload as the editor's and the import's forms send it: `csrf` first, the other fields, a
/// file (`file_field`, holding `contents`).
async fn upload(browser: &Browser, path: &str, fields: &str, file_field: &str, contents: &str) -> Response<Body> {
    let boundary = "matrix-boundary";
    let mut body = String::new();
    let csrf = browser.form_token();
    for (name, value) in std::iter::once(("csrf".into(), csrf.into())).chain(url::form_urlencoded::parse(fields.as_bytes())) {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"upload\"\r\n\r\n{contents}\r\n--{boundary}--\r\n"
    ));
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, browser.cookie_header())
        .body(Body::from(body))
        .unwrap();
    browser.app.clone().oneshot(request).await.unwrap()
}

fn location(response: &Response<Body>) -> Option<String> {
    response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Calls the entry as the browser's caller: the status and any redirect.
async fn call(browser: &mut Browser, entry: &Entry, fixture: &Fixture) -> (u16, Option<String>) {
    let sample = fixture.fill(entry.sample);
    match entry.kind {
        Kind::Function => {
            let response = browser.call_function(entry.key, &sample).await;
            (response.status().as_u16(), location(&response))
        }
        Kind::Upload => {
            let response = upload(browser, entry.key, &sample, "zip", "not a zip").await;
            (response.status().as_u16(), location(&response))
        }
        Kind::PlainUpload => {
            let response = upload(browser, entry.key, "", "file", &sample).await;
            (response.status().as_u16(), location(&response))
        }
        Kind::PlainPost => {
            let response = browser.call_function(entry.key, &sample).await;
            (response.status().as_u16(), location(&response))
        }
        Kind::Page => {
            let page = browser.get(&sample).await;
            (page.status.as_u16(), page.location)
        }
        Kind::Plain => {
            let response = browser.fetch(&sample).await;
            (response.status().as_u16(), location(&response))
        }
    }
}

/// Whether the answer is the one expected.
fn as_expected(kind: Kind, expected: Expect, status: u16, location: Option<&str>) -> bool {
    let redirect_to = |path: &str| matches!(status, 302 | 303 | 307) && location == Some(path);
    let function = matches!(kind, Kind::Function | Kind::Upload);
    match expected {
        Expect::Allowed if function => matches!(status, 200..=399 | 422),
        Expect::Allowed => status == 200,
        Expect::SignIn if function => status == 401,
        Expect::SignIn => redirect_to("/login"),
        Expect::SentHome => redirect_to("/"),
        Expect::Refused => status == 403,
        Expect::Hidden => status == 404,
        Expect::Served => matches!(status, 200 | 404),
        Expect::NotCalled => true,
    }
}

/// Calls the entry as the caller and says how the answer differs from the rule, if it does.
async fn mismatch(browser: &mut Browser, entry: &Entry, caller: Caller, fixture: &Fixture) -> Option<String> {
    let expected = expect(entry.rule, caller);
    if expected == Expect::NotCalled {
        return None;
    }
    let (status, location) = call(browser, entry, fixture).await;
    (!as_expected(entry.kind, expected, status, location.as_deref())).then(|| {
        let redirect = location.map(|l| format!(" to {l}")).unwrap_or_default();
        format!("{:?} {} as {caller:?}: expected {expected:?} ({:?}), got {status}{redirect}", entry.kind, entry.key, entry.rule)
    })
}

#[tokio::test]
async fn every_function_page_and_route_answers_each_caller_as_the_table_says() {
    LazyLock::force(&PAGES);
    let started = std::time::Instant::now();
    // Every difference, on both backends, is collected and reported together at the end.
    let problems = Arc::new(Mutex::new(Vec::new()));
    for caller in CALLERS {
        let runs = Arc::new(AtomicUsize::new(0));
        on_both_backends(|db| {
            let (problems, runs) = (problems.clone(), runs.clone());
            async move {
                // `on_both_backends` runs SQLite first, then PostgreSQL.
                let backend = ["SQLite", "PostgreSQL"][runs.fetch_add(1, Ordering::SeqCst)];
                let fixture = Fixture::make(&db).await;
                let mut browser = browser_for(&db, caller).await;
                for entry in TABLE {
                    if let Some(problem) = mismatch(&mut browser, entry, caller, &fixture).await {
                        problems.lock().unwrap().push(format!("{backend}: {problem}"));
                    }
                }
            }
        })
        .await;
    }
    let problems = problems.lock().unwrap();
    assert!(problems.is_empty(), "{} answers differ from the table:\n{}", problems.len(), problems.join("\n"));
    eprintln!("authorisation matrix: {} entries × {} callers × 2 backends in {:?}", TABLE.len(), CALLERS.len(), started.elapsed());
}

/// The matrix can fail: an entry given a wrong rule is reported for the caller it misjudges
/// (and, as a control, its true rule passes for that caller).
#[tokio::test]
async fn a_wrong_rule_in_the_table_is_caught() {
    LazyLock::force(&PAGES);
    let database = TestDatabase::sqlite().await;
    let db = database.db.clone();
    database
        .run(async move {
            let fixture = Fixture::make(&db).await;
            let wrong = [
                // An administrators' function said to be open to anyone signed in (403 is not allowed).
                ("/api/people_overview", SignedIn, Caller::OtherLearner),
                // A public function said to need signing in (200 is not 401).
                ("/api/verification_page", SignedIn, Caller::Anonymous),
                // A certificate said to be anyone's: the function answers 404, not allowed.
                ("/api/certificate_page", SignedIn, Caller::Trainer),
                // A learner page said to hide itself: it answers 403, not 404.
                ("/courses/{slug}/modules/{module}", EnrolledOr404, Caller::OtherLearner),
                // A page for administrators said to be for trainers too.
                ("/admin/people", TrainerOrAdmin, Caller::Trainer),
                // A holder's file said to be public.
                ("/certificates/{id}/credential", Public, Caller::OtherLearner),
                // The trainers' zip said to need signing in only.
                ("/author/courses/{slug}/download.zip", SignedIn, Caller::Admin),
                // The import's upload said to send strangers to sign in: it is refused before reading.
                ("/admin/people/import/preview", AnyAdmin, Caller::Anonymous),
                // A cohort's page said to be for trainers too.
                ("/admin/cohorts/{id}", TrainerOrAdmin, Caller::Trainer),
            ];
            for caller in [Caller::Anonymous, Caller::OtherLearner, Caller::Trainer, Caller::Admin] {
                let mut browser = browser_for(&db, caller).await;
                for (key, rule, _) in wrong.iter().filter(|(_, _, who)| *who == caller) {
                    let entry = TABLE.iter().find(|entry| entry.key == *key).expect("the entry is in the table");
                    assert_eq!(mismatch(&mut browser, entry, caller, &fixture).await, None, "the true rule of {key} holds");
                    let misjudged = Entry { rule: *rule, ..*entry };
                    let caught = mismatch(&mut browser, &misjudged, caller, &fixture).await;
                    assert!(caught.is_some(), "a wrong rule ({rule:?}) for {key} went unnoticed as {caller:?}");
                }
            }
        })
        .await;
}

