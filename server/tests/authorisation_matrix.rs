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
#[path = "authorisation_matrix/table.rs"]
mod table;

use axum::body::Body;
use http::{Request, Response, header};
use leptos_axum::generate_route_list;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use support::{Browser, app_with_registration};
use table::{COURSE, Entry, TABLE};
use Rule::*;
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
    /// Single sign-on's start and callback, open to anyone: the samples (an unknown provider, a
    /// forged answer) send every caller back to the sign-in page with the reason.
    SignInFlow,
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
        (Rule::SignInFlow, _) => SignIn,
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

