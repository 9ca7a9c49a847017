//! Single sign-on through a real OpenID Connect provider running locally (npm `oidc-provider`,
//! see `tiltas_app::server::testing::identity_provider`), through the real router, on SQLite and
//! PostgreSQL: an administrator configures the provider on its page, a person signs in through
//! it (the account made on a first sign-in, or required to exist), and every refusal the issue
//! names. Tokens no honest provider issues (tampered, expired, for another audience) are signed
//! by the test with the provider's own key, or a stranger's, and checked against the keys the
//! provider publishes, by the check the sign-in itself uses.
//!
//! Also here: passwords switched off for an organisation that uses single sign-on.

mod support;

use http::StatusCode;
use support::{Browser, Page};
use tiltas_app::domain::roles::Role;
use tiltas_app::domain::single_sign_on::{SignInRefusal, ValidProvider};
use tiltas_app::i18n::{Locale, Msg};
use tiltas_app::server::single_sign_on::flow::check_id_token;
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::identity_provider::{
    CLIENT_ID, CLIENT_SECRET, IdentityProvider, TestToken, signed_id_token, signing_key_pem, stranger_key_pem,
};
use tiltas_app::server::testing::{ORGANISATION, PASSWORD, on_both_backends, organisation_named, person, person_in};

/// The tests' Tiltas is `http://tiltas.test/` (`testing::app_state`).
const REDIRECT_URI: &str = "http://tiltas.test/sso/callback";
const PROVIDER_NAME: &str = "Policijos IdP";
const ADMIN: &str = "admin@tiltas.test";
const PROVIDERS_PAGE: &str = "/admin/single-sign-on";

fn text(msg: Msg) -> &'static str {
    msg.text(Locale::En)
}

/// HTML-escaped as the pages print it.
fn escaped(msg: Msg) -> String {
    text(msg).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

async fn administrator(db: &Db) -> Browser {
    person(db, ADMIN, Role::Administrator).await;
    Browser::signed_in(db, ADMIN).await
}

/// Configures the provider on the administrators' page, as a browser without JavaScript would;
/// returns its id.
async fn configure(db: &Db, issuer: &str, create_accounts: bool, organisation_id: &str) -> String {
    let mut admin = administrator(db).await;
    admin.get(PROVIDERS_PAGE).await;
    let mut fields = vec![
        ("name", PROVIDER_NAME),
        ("issuer_url", issuer),
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("email_claim", "email"),
        ("name_claim", "name"),
        ("organisation_id", organisation_id),
        ("role", "learner"),
    ];
    if create_accounts {
        fields.push(("create_accounts", "on"));
    }
    let saved = admin.post_form("/api/save_sso_provider", PROVIDERS_PAGE, &fields).await;
    assert_eq!(saved.location.as_deref(), Some(PROVIDERS_PAGE), "saved and back on the page");
    let page = admin.get(PROVIDERS_PAGE).await;
    assert!(page.body.contains(text(Msg::SsoProviderSaved)) && page.body.contains(issuer), "the page lists the provider");
    assert!(!page.body.contains(CLIENT_SECRET), "the secret is never sent to a browser");
    let (id,): (String,) = sqlx::query_as("SELECT id FROM sso_providers WHERE name = $1").bind(PROVIDER_NAME).fetch_one(db.pool()).await.unwrap();
    id
}

/// Starts a sign-in in `browser` through the provider's button; returns the provider's address.
async fn start(browser: &mut Browser, provider_id: &str) -> Page {
    let login = browser.get("/login").await;
    assert!(login.body.contains(&format!("Sign in with {PROVIDER_NAME}")), "the sign-in page offers the provider");
    browser.get(&format!("/sso/{provider_id}/start")).await
}

/// Signs in through the provider as `login` in a fresh browser: the browser, and Tiltas's answer
/// to the provider's redirect back.
async fn sign_in_through(db: &Db, idp: &IdentityProvider, provider_id: &str, login: &str) -> (Browser, Page) {
    let mut browser = Browser::new(db);
    let started = start(&mut browser, provider_id).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let authorize = started.location.expect("a redirect to the provider");
    assert!(authorize.starts_with(&idp.issuer), "{authorize}");
    for parameter in ["code_challenge_method=S256", "code_challenge=", "state=", "nonce=", "response_type=code"] {
        assert!(authorize.contains(parameter), "{parameter} in {authorize}");
    }
    assert!(browser.cookies.contains_key("tiltas_sso"), "the state waits in the browser");
    let back = idp.sign_in(&authorize, login).await;
    let answer = browser.get(back.strip_prefix("http://tiltas.test").expect("back to Tiltas")).await;
    (browser, answer)
}

/// The sign-in page after a refusal shows `reason`, and the browser is not signed in.
async fn refused_with(browser: &mut Browser, answer: &Page, reason: Msg) {
    assert_eq!((answer.status, answer.location.as_deref()), (StatusCode::SEE_OTHER, Some("/login")));
    assert!(!browser.cookies.contains_key("tiltas_session"), "not signed in");
    let page = browser.get("/login").await;
    assert!(page.body.contains(&escaped(reason)), "the sign-in page says {reason:?}");
}

async fn audit(db: &Db, action: &str) -> Vec<(Option<String>, Option<String>, String)> {
    sqlx::query_as("SELECT subject_user_id, subject_email, detail FROM audit_events WHERE action = $1 ORDER BY occurred_at, id")
        .bind(action)
        .fetch_all(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_first_sign_in_creates_the_account_and_later_ones_use_it() {
    let idp = &IdentityProvider::start(REDIRECT_URI).await;
    on_both_backends(|db| async move {
        let organisation = organisation_named(&db, ORGANISATION).await;
        let provider = configure(&db, &idp.issuer, true, &organisation).await;

        let (mut browser, answer) = sign_in_through(&db, idp, &provider, "ona.onaite@policija.test").await;
        assert_eq!((answer.status, answer.location.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
        assert!(browser.cookies.contains_key("tiltas_session"), "signed in");
        assert!(!browser.cookies.contains_key("tiltas_sso"), "the state is cleared");
        assert!(browser.get("/").await.body.contains("Ona Onaite"), "the home page greets the person by the provider's name");

        let user = storage::users::find_by_email(&db, "ona.onaite@policija.test").await.unwrap().expect("the account was created");
        assert_eq!(user.organisation_id.as_deref(), Some(organisation.as_str()));
        assert!(user.password_hash.is_none(), "no password");
        assert_eq!(storage::users::roles_of(&db, &user.id).await.unwrap(), vec![Role::Learner]);

        let (again, answer) = sign_in_through(&db, idp, &provider, "ona.onaite@policija.test").await;
        assert_eq!(answer.location.as_deref(), Some("/"));
        assert!(again.cookies.contains_key("tiltas_session"));
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = $1").bind(&user.email).fetch_one(db.pool()).await.unwrap();
        assert_eq!(count, 1, "the second sign-in used the account");

        let created = audit(&db, "person_created").await;
        assert_eq!(created.len(), 1, "the account's creation is audited");
        assert_eq!((created[0].0.as_deref(), created[0].2.as_str()), (Some(user.id.as_str()), "single sign-on: Policijos IdP"));
        let signed_in: Vec<_> = audit(&db, "signed_in").await.into_iter().filter(|e| e.0.as_deref() == Some(user.id.as_str())).collect();
        assert_eq!(signed_in.len(), 2, "each sign-in is audited like a password sign-in");
        assert!(signed_in.iter().all(|e| e.2 == format!("single sign-on: {PROVIDER_NAME}")));
    })
    .await;
}

#[tokio::test]
async fn without_account_creation_only_existing_active_people_with_a_verified_address_get_in() {
    let idp = &IdentityProvider::start(REDIRECT_URI).await;
    on_both_backends(|db| async move {
        let provider = configure(&db, &idp.issuer, false, "").await;
        let jonas = person_in(&db, ORGANISATION, "jonas@policija.test", &[Role::Learner]).await;

        let (browser, answer) = sign_in_through(&db, idp, &provider, "jonas@policija.test").await;
        assert_eq!(answer.location.as_deref(), Some("/"), "an existing account");
        assert!(browser.cookies.contains_key("tiltas_session"));

        let (mut browser, answer) = sign_in_through(&db, idp, &provider, "stranger@policija.test").await;
        refused_with(&mut browser, &answer, Msg::SsoNoAccount).await;
        assert!(storage::users::find_by_email(&db, "stranger@policija.test").await.unwrap().is_none(), "no account was made");
        let failed = audit(&db, "sign_in_failed").await;
        assert_eq!(failed.last().map(|e| (e.1.as_deref(), e.2.as_str())), Some((Some("stranger@policija.test"), "single sign-on: Policijos IdP (no account)")));

        let (mut browser, answer) = sign_in_through(&db, idp, &provider, "unverified.jonas@policija.test").await;
        refused_with(&mut browser, &answer, Msg::SsoEmailMissing).await;

        sqlx::query("UPDATE users SET deactivated_at = 1 WHERE id = $1").bind(&jonas).execute(db.pool()).await.unwrap();
        let (mut browser, answer) = sign_in_through(&db, idp, &provider, "jonas@policija.test").await;
        refused_with(&mut browser, &answer, Msg::AccountDeactivated).await;
        let failed = audit(&db, "sign_in_failed").await;
        assert_eq!(failed.last().and_then(|e| e.0.clone()), Some(jonas), "the deactivated person's failed try is theirs");
    })
    .await;
}

#[tokio::test]
async fn a_forged_replayed_or_cancelled_answer_and_an_unreachable_provider_are_refused() {
    let idp = &IdentityProvider::start(REDIRECT_URI).await;
    on_both_backends(|db| async move {
        let provider = configure(&db, &idp.issuer, true, "").await;

        // An answer opened in another browser (someone else's sign-in finished in this browser).
        let mut victim = Browser::new(&db);
        let started = start(&mut victim, &provider).await;
        let back = idp.sign_in(started.location.as_deref().unwrap(), "mallory@policija.test").await;
        let path = back.strip_prefix("http://tiltas.test").unwrap().to_string();
        let state = victim.cookies["tiltas_sso"].clone();
        let mut other = Browser::new(&db);
        let answer = other.get(&path).await;
        refused_with(&mut other, &answer, Msg::SsoExpired).await;
        // The browser that started it still can, once; then the state is used up, even when the
        // cookie is sent again.
        let answer = victim.get(&path).await;
        assert_eq!(answer.location.as_deref(), Some("/"));
        let mut replay = Browser::new(&db);
        replay.cookies.insert("tiltas_sso".into(), state);
        let answer = replay.get(&path).await;
        refused_with(&mut replay, &answer, Msg::SsoExpired).await;

        // Cancelled at the provider.
        let mut browser = Browser::new(&db);
        start(&mut browser, &provider).await;
        let state = browser.cookies["tiltas_sso"].clone();
        let answer = browser.get(&format!("/sso/callback?state={state}&error=access_denied")).await;
        refused_with(&mut browser, &answer, Msg::SsoCancelled).await;

        // A provider that does not answer, and one that no longer exists.
        let unreachable = configure_unreachable(&db).await;
        let mut browser = Browser::new(&db);
        let answer = browser.get(&format!("/sso/{unreachable}/start")).await;
        refused_with(&mut browser, &answer, Msg::SsoProviderUnreachable).await;
        let answer = browser.get("/sso/no-such-provider/start").await;
        refused_with(&mut browser, &answer, Msg::SsoProviderUnknown).await;
    })
    .await;
}

/// A second provider whose issuer nobody serves (port 1 refuses connections).
async fn configure_unreachable(db: &Db) -> String {
    let fields = ValidProvider {
        name: "Unreachable".into(),
        issuer_url: "http://127.0.0.1:1".into(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(CLIENT_SECRET.into()),
        email_claim: "email".into(),
        name_claim: "name".into(),
        organisation_id: None,
        role: Role::Learner,
        create_accounts: true,
    };
    storage::single_sign_on::insert_provider(db, &fields).await.unwrap()
}

#[tokio::test]
async fn id_tokens_failing_a_check_are_refused_against_the_providers_published_keys() {
    let idp = IdentityProvider::start(REDIRECT_URI).await;
    let key = signing_key_pem();
    let good = TestToken {
        issuer: idp.issuer.clone(),
        audience: CLIENT_ID.into(),
        expires_in_seconds: 300,
        nonce: "nonce-1".into(),
        email: "ona@policija.test".into(),
    };
    let check = |token: String, nonce: &'static str| {
        let issuer = idp.issuer.clone();
        async move { check_id_token(&issuer, CLIENT_ID, &token, nonce).await }
    };
    // The control: a token as the provider signs it passes, so each refusal below is the check's.
    let claims = check(signed_id_token(&good, &key), "nonce-1").await.expect("a good token is accepted");
    assert_eq!(claims["email"], "ona@policija.test");

    let token = signed_id_token(&good, &key);
    let parts: Vec<&str> = token.split('.').collect();
    let payload = String::from_utf8(base64_url_decode(parts[1])).unwrap().replace("ona@policija.test", "admin@tiltas.test");
    let tampered = format!("{}.{}.{}", parts[0], base64_url_encode(payload.as_bytes()), parts[2]);
    assert_eq!(check(tampered, "nonce-1").await, Err(SignInRefusal::TokenRefused), "tampered");

    let expired = TestToken { expires_in_seconds: -600, ..good.clone() };
    assert_eq!(check(signed_id_token(&expired, &key), "nonce-1").await, Err(SignInRefusal::TokenRefused), "expired");
    let elsewhere = TestToken { audience: "another-application".into(), ..good.clone() };
    assert_eq!(check(signed_id_token(&elsewhere, &key), "nonce-1").await, Err(SignInRefusal::TokenRefused), "wrong audience");
    let other_issuer = TestToken { issuer: "http://127.0.0.1:1".into(), ..good.clone() };
    assert_eq!(check(signed_id_token(&other_issuer, &key), "nonce-1").await, Err(SignInRefusal::TokenRefused), "wrong issuer");
    assert_eq!(check(signed_id_token(&good, &key), "nonce-2").await, Err(SignInRefusal::TokenRefused), "another sign-in's nonce");
    assert_eq!(check(signed_id_token(&good, &stranger_key_pem()), "nonce-1").await, Err(SignInRefusal::TokenRefused), "forged key");
    assert_eq!(check("not.a.token".into(), "nonce-1").await, Err(SignInRefusal::TokenRefused), "garbage");
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).unwrap()
}

fn base64_url_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn an_organisation_with_passwords_switched_off_signs_in_through_its_provider_only() {
    on_both_backends(|db| async move {
        let organisation = organisation_named(&db, ORGANISATION).await;
        let vida = person_in(&db, ORGANISATION, "vida@policija.test", &[Role::Learner]).await;
        let mut admin = administrator(&db).await;
        let switched = admin.post_form("/api/set_organisation_passwords", PROVIDERS_PAGE, &[("organisation_id", &organisation), ("passwords", "off")]).await;
        assert!(switched.status.is_redirection(), "back to the page");
        assert!(admin.get(PROVIDERS_PAGE).await.body.contains(text(Msg::SsoPasswordsSwitchedOff)));

        // The right password no longer signs in; the page says to use the provider's button.
        let mut browser = Browser::new(&db);
        browser.sign_in("vida@policija.test", PASSWORD).await;
        assert!(!browser.cookies.contains_key("tiltas_session"));
        assert!(browser.get("/login").await.body.contains(&escaped(Msg::PasswordsOffForOrganisation)));

        // No links to set a password: not for a reset, not for a new person.
        let reset = admin.call_function("/api/renew_invite", &format!("user_id={vida}")).await;
        assert_eq!(reset.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let created = admin
            .post_form("/api/create_person", "/admin/people", &[("email", "new@policija.test"), ("name", "Naujas"), ("organisation_id", &organisation), ("role_learner", "on")])
            .await;
        assert!(created.status.is_redirection(), "back to the page");
        let (links,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM invites").fetch_one(db.pool()).await.unwrap();
        assert_eq!(links, 0, "nobody got a link");
        assert!(storage::users::find_by_email(&db, "new@policija.test").await.unwrap().is_some(), "the person was added");

        // Self-registration does not offer it; another organisation is still offered.
        organisation_named(&db, "Kitos tarnybos").await;
        let registration = || async { Browser::on(support::app_with_registration(&db, true)).get("/register").await.body };
        let offered = registration().await;
        assert!(offered.contains("Kitos tarnybos") && !offered.contains(ORGANISATION), "{offered}");

        // Allowed again, the password works again.
        admin.post_form("/api/set_organisation_passwords", PROVIDERS_PAGE, &[("organisation_id", &organisation), ("passwords", "on")]).await;
        let mut browser = Browser::new(&db);
        browser.sign_in("vida@policija.test", PASSWORD).await;
        assert!(browser.cookies.contains_key("tiltas_session"), "signed in with the password");
        assert!(registration().await.contains(ORGANISATION), "offered for registration again");
        assert_eq!(audit(&db, "single_sign_on_changed").await.len(), 2, "both switches are audited");
    })
    .await;
}
