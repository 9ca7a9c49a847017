//! Account services: signing in and out, creating accounts, invitations and passwords.
//! Server functions and the `tiltas user` command call these; they hold the rules, storage holds
//! the SQL.

use super::context::AppConfig;
use super::email;
use super::storage::{self, Db, StorageError, now};
use crate::domain::accounts::{password_error_field, validate_email, validate_name, validate_new_password, validate_roles};
use crate::domain::roles::Role;
use crate::domain::throttle::{self, ThrottlePolicy, minutes_to_wait};
use crate::server::storage::throttle::Reservation;
use crate::i18n::{Locale, Msg};
use crate::page::SessionUser;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// What can go wrong with accounts. `Invalid` names the form field and carries the message key,
/// so a page shows it beside the field and the command line prints it in English.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("{field}: {}", message.text(Locale::En))]
    Invalid { field: String, message: Msg },
    #[error("too many failed sign-ins; try again in {minutes} minutes")]
    TooManyAttempts { minutes: i64 },
    #[error("no such person")]
    NoSuchPerson,
    /// The administrator's scope does not allow this (an organisation administrator creating
    /// an organisation).
    #[error("not permitted in the administrator's scope")]
    NotPermitted,
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl AccountsError {
    pub fn invalid(field: &str, message: Msg) -> AccountsError {
        AccountsError::Invalid { field: field.to_string(), message }
    }
}

pub type AccountsResult<T> = Result<T, AccountsError>;

/// A session lasts one working day; shared computers in stations make longer risky.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
pub const INVITE_SECONDS: i64 = 7 * 24 * 60 * 60;

/// A random token for a cookie or link, and the hash under which it is stored.
pub fn new_secret_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    storage::sha256_hex(token.as_bytes())
}

/// The anti-forgery token of a signed-in person's forms, derived from their session token: only
/// someone who holds the session can know it, and it changes with every sign-in.
pub fn session_form_token(session_token: &str) -> String {
    storage::sha256_hex(format!("form token for {session_token}").as_bytes())
}

/// At most this many password hashes run at once, one per core: each takes about 19 MiB and tens
/// of milliseconds of CPU by design, so unbounded parallel sign-ins would exhaust the machine.
/// The rest wait their turn.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
});

/// Runs one Argon2 computation on the blocking pool, within the machine's bound.
async fn with_hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AccountsResult<T> {
    let _permit = HASHING.acquire().await.map_err(|error| AccountsError::Hashing(error.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|error| AccountsError::Hashing(error.to_string()))
}

/// Argon2id with the crate's recommended parameters, off the async runtime.
pub async fn hash_password(password: String) -> AccountsResult<String> {
    with_hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await?
    .map_err(|error| AccountsError::Hashing(error.to_string()))
}

async fn password_matches(stored_hash: String, password: String) -> bool {
    with_hashing(move || {
        PasswordHash::new(&stored_hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Reserves one try under each key before anything is checked (see `storage::throttle`), and
/// refuses with the longest wait among them if any must wait. Keys already reserved when a later
/// one refuses stay counted: a refused try is still a try.
async fn reserve_tries(db: &Db, keys: &[(&str, ThrottlePolicy)], at: i64) -> AccountsResult<()> {
    let mut wait = 0;
    for (key, policy) in keys {
        if let Reservation::Wait { seconds } = storage::throttle::reserve(db, key, *policy, at).await? {
            wait = wait.max(seconds);
        }
    }
    if wait > 0 {
        tracing::warn!(keys = ?keys.iter().map(|(k, _)| *k).collect::<Vec<_>>(), wait_seconds = wait, "sign-in or registration throttled");
        return Err(AccountsError::TooManyAttempts { minutes: minutes_to_wait(wait) });
    }
    Ok(())
}

/// Reserves the try, then checks the password. Unknown email and wrong password give the same
/// error, and take about the same time, so the form does not reveal who has an account.
pub async fn sign_in(db: &Db, email: &str, password: &str, client_address: &str) -> AccountsResult<String> {
    let email = email.trim().to_lowercase();
    let account_key = format!("account:{email}");
    let address_key = format!("address:{client_address}");
    let at = now();
    // Quiet keys are purged here, when a new one may be written, so no job is needed.
    storage::throttle::purge(db, at, throttle::PER_ACCOUNT.forget_after_seconds).await?;
    reserve_tries(db, &[(&account_key, throttle::PER_ACCOUNT), (&address_key, throttle::PER_ADDRESS)], at).await?;
    let user = storage::users::find_by_email(db, &email).await?;
    let matched = match user.as_ref().and_then(|u| u.password_hash.clone()) {
        Some(hash) => password_matches(hash, password.to_string()).await,
        None => {
            // Spend the same effort as a real check.
            hash_password(password.to_string()).await?;
            false
        }
    };
    let account = user.as_ref().map(|u| (u.id.clone(), u.organisation_id.clone()));
    // Checked after the hashing, so that the answer takes as long as any other.
    let passwords_off = match &user {
        Some(user) => storage::single_sign_on::passwords_disabled(db, user.organisation_id.as_deref()).await?,
        None => false,
    };
    let outcome = match user {
        // The organisation signs in through its identity provider only (issue 15). Said whatever
        // the password, so that its people are pointed to the right button; this tells a
        // guesser that the address has an account there, which its identity provider knows anyway.
        Some(_) if passwords_off => {
            storage::throttle::release(db, &address_key).await?;
            Err(AccountsError::invalid("email", Msg::PasswordsOffForOrganisation))
        }
        // Said only to someone who knows the password, so it reveals nothing to a guesser.
        Some(user) if matched && user.deactivated_at.is_some() => {
            storage::throttle::clear(db, &account_key).await?;
            storage::throttle::release(db, &address_key).await?;
            Err(AccountsError::invalid("email", Msg::AccountDeactivated))
        }
        Some(user) if matched => {
            storage::throttle::clear(db, &account_key).await?;
            storage::throttle::release(db, &address_key).await?;
            start_session(db, &user.id).await
        }
        _ => {
            tracing::info!(address = client_address, "failed sign-in");
            Err(AccountsError::invalid("email", Msg::LoginFailed))
        }
    };
    record_sign_in(db, account, &email, client_address, outcome.is_ok(), "").await?;
    outcome
}

/// The audit entry of a sign-in, once its outcome is known: who signed in, or whose account a
/// failed try was for; the address typed is kept only when no account has it (someone guessing,
/// or a typing mistake), and is cleared if a person with that address is later erased. `detail`
/// says how (empty for the password form; the provider for single sign-on).
pub(crate) async fn record_sign_in(
    db: &Db,
    account: Option<(String, Option<String>)>,
    email: &str,
    client_address: &str,
    succeeded: bool,
    detail: &str,
) -> AccountsResult<()> {
    use crate::domain::audit::AuditAction;
    use storage::audit::NewAuditEvent;
    let (user_id, organisation_id) = account.map_or((None, None), |(id, organisation)| (Some(id), organisation));
    let event = NewAuditEvent {
        actor_id: if succeeded { user_id.as_deref() } else { None },
        subject_user_id: user_id.as_deref(),
        subject_email: if user_id.is_none() && !email.is_empty() { Some(email) } else { None },
        organisation_id: organisation_id.as_deref(),
        detail,
        client_address: Some(client_address),
    };
    let action = if succeeded { AuditAction::SignedIn } else { AuditAction::SignInFailed };
    Ok(storage::audit::record(db, action, &event).await?)
}

/// Counts an account registration from `client_address`: a few are free, then each waits longer,
/// so nobody can fill the database or test many addresses quickly.
pub async fn reserve_registration(db: &Db, client_address: &str) -> AccountsResult<()> {
    reserve_tries(db, &[(&format!("register:{client_address}"), throttle::REGISTRATIONS_PER_ADDRESS)], now()).await
}

/// Opens a session and returns the token for the cookie. Expired sessions are cleared here, at
/// the moment a new one is written, so the table stays small without a background job. Every
/// way of signing in (the form, a one-time link, registration) comes here, so this is where the
/// person's last sign-in is recorded, which the retention of inactive accounts goes by.
pub async fn start_session(db: &Db, user_id: &str) -> AccountsResult<String> {
    let (token, token_hash) = new_secret_token();
    let at = now();
    storage::sessions::delete_expired_sessions(db, at).await?;
    storage::sessions::insert_session(db, &token_hash, user_id, at, at + SESSION_SECONDS).await?;
    storage::account_changes::mark_seen(db, user_id, at).await?;
    Ok(token)
}

/// The signed-in person behind a session cookie, with their preferred language.
pub async fn session_user(db: &Db, token: &str) -> AccountsResult<Option<(SessionUser, Option<Locale>)>> {
    let Some(owner) = storage::sessions::find_session_owner(db, &hash_token(token), now()).await? else {
        return Ok(None);
    };
    let locale = owner.preferred_language.as_deref().and_then(Locale::from_code);
    Ok(Some((
        SessionUser {
            id: owner.user_id,
            name: owner.name,
            email: owner.email,
            roles: owner.roles,
            organisation_id: owner.organisation_id,
            organisation_name: owner.organisation_name,
        },
        locale,
    )))
}

pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub organisation_id: Option<String>,
    /// Set directly (command line, self-registration); otherwise the person gets an invitation.
    pub password: Option<String>,
}

/// Creates an account. Returns its id and, when no password was given, an invitation token.
pub async fn create_account(db: &Db, account: NewAccount) -> AccountsResult<(String, Option<String>)> {
    create_account_recorded(db, account, None, None).await
}

/// `create_account`, storing `created` (who created the account, from where) as the
/// `PersonCreated` audit event in the account's own transaction. With `mailing` (the
/// deployment's configuration), the invitation is also emailed if email is on.
pub async fn create_account_recorded(
    db: &Db,
    account: NewAccount,
    created: Option<&storage::audit::NewAuditEvent<'_>>,
    mailing: Option<&AppConfig>,
) -> AccountsResult<(String, Option<String>)> {
    let email = validate_email(&account.email).map_err(|m| AccountsError::invalid("email", m))?;
    let name = validate_name(&account.name).map_err(|m| AccountsError::invalid("name", m))?;
    let organisation_id = account.organisation_id.filter(|id| !id.trim().is_empty());
    validate_roles(&account.roles, organisation_id.is_some()).map_err(|(field, m)| AccountsError::invalid(field, m))?;
    // People of an organisation that signs in through single sign-on get no password, and so no
    // link to set one either: they sign in through their identity provider.
    let passwords_off = storage::single_sign_on::passwords_disabled(db, organisation_id.as_deref()).await?;
    if passwords_off && account.password.is_some() {
        return Err(AccountsError::invalid("organisation", Msg::PasswordsOffForOrganisation));
    }
    let password_hash = match account.password {
        Some(password) => {
            validate_new_password(&password, &password).map_err(|m| AccountsError::invalid("password", m))?;
            Some(hash_password(password).await?)
        }
        None => None,
    };
    let inserted = storage::users::insert_user_recorded(
        db,
        storage::users::NewUser {
            email: &email,
            name: &name,
            organisation_id: organisation_id.as_deref(),
            roles: &account.roles,
            password_hash: password_hash.as_deref(),
        },
        created,
    )
    .await;
    let user_id = match inserted {
        Ok(id) => id,
        Err(StorageError::UniqueViolation) => return Err(AccountsError::invalid("email", Msg::EmailTaken)),
        Err(StorageError::ForeignKeyViolation) => return Err(AccountsError::invalid("organisation", Msg::OrganisationUnknown)),
        Err(other) => return Err(other.into()),
    };
    let invite = match password_hash {
        Some(_) => None,
        None if passwords_off => None,
        None => Some(issue_link(db, &user_id, INVITE_SECONDS, mailing).await?),
    };
    Ok((user_id, invite))
}

/// Refuses a password, or a link to set one, to a person of an organisation whose passwords are
/// switched off (issue 15, single sign-on); `field` is where the form shows why.
pub async fn refuse_if_passwords_off(db: &Db, organisation_id: Option<&str>, field: &str) -> AccountsResult<()> {
    if storage::single_sign_on::passwords_disabled(db, organisation_id).await? {
        return Err(AccountsError::invalid(field, Msg::PasswordsOffNoLink));
    }
    Ok(())
}

/// A fresh one-time link for a person; earlier unused links stop working.
pub async fn issue_invite(db: &Db, user_id: &str) -> AccountsResult<String> {
    issue_link(db, user_id, INVITE_SECONDS, None).await
}

/// A fresh link; with `mailing`, its invitation is emailed too (in the link's transaction) when
/// the deployment sends email.
async fn issue_link(db: &Db, user_id: &str, valid_seconds: i64, mailing: Option<&AppConfig>) -> AccountsResult<String> {
    let Some(user) = storage::users::find_by_id(db, user_id).await? else {
        return Err(AccountsError::NoSuchPerson);
    };
    refuse_if_passwords_off(db, user.organisation_id.as_deref(), "user_id").await?;
    let (token, token_hash) = new_secret_token();
    let expires_at = now() + valid_seconds;
    let to = storage::outbox::Recipient { user_id: user.id, email: user.email, name: user.name, preferred_language: user.preferred_language };
    let mail = mailing.and_then(|config| email::link_mail(config, &to, email::LinkMail::Invitation, &token, &token_hash, expires_at));
    storage::invites::replace_invite(db, user_id, &token_hash, expires_at, mail.as_ref()).await?;
    Ok(token)
}

/// How long the set-up link printed for an administrator stays valid: terminals and logs keep
/// what is printed, so a day rather than the week an invitation has.
pub const SETUP_LINK_SECONDS: i64 = 24 * 60 * 60;

/// A fresh set-up link for the administrator with this email (any administrator if none is
/// given and there is one): `tiltas admin-link`, for whoever runs the server.
pub async fn administrator_link(db: &Db, email: Option<&str>) -> AccountsResult<(String, String)> {
    let administrators = storage::users::administrators(db).await?;
    let wanted = email.map(|e| e.trim().to_lowercase());
    let admin = match &wanted {
        Some(email) => administrators.into_iter().find(|a| &a.email == email),
        None if administrators.len() == 1 => administrators.into_iter().next(),
        None => return Err(AccountsError::invalid("email", Msg::ChooseAdministrator)),
    }
    .ok_or(AccountsError::NoSuchPerson)?;
    let token = issue_link(db, &admin.id, SETUP_LINK_SECONDS, None).await?;
    Ok((admin.email, token))
}

/// The email address an open invitation is for, to show on the set-password page.
pub async fn open_invite_email(db: &Db, token: &str) -> AccountsResult<Option<String>> {
    Ok(storage::invites::find_open_invite(db, &hash_token(token), now()).await?.map(|(_, email)| email))
}

/// Sets the password from an invitation and signs the person in; returns the session token.
pub async fn accept_invite(db: &Db, token: &str, password: &str, confirmation: &str) -> AccountsResult<String> {
    validate_new_password(password, confirmation)
        .map_err(|m| AccountsError::invalid(password_error_field(m, "password", "password_confirmation"), m))?;
    let token_hash = hash_token(token);
    let Some((user_id, _)) = storage::invites::find_open_invite(db, &token_hash, now()).await? else {
        return Err(AccountsError::invalid("token", Msg::InviteInvalid));
    };
    // A link handed out before the organisation switched passwords off no longer sets one.
    let organisation = storage::users::find_by_id(db, &user_id).await?.and_then(|user| user.organisation_id);
    if storage::single_sign_on::passwords_disabled(db, organisation.as_deref()).await? {
        return Err(AccountsError::invalid("token", Msg::PasswordsOffForOrganisation));
    }
    let password_hash = hash_password(password.to_string()).await?;
    match storage::invites::redeem_invite(db, &token_hash, &password_hash, now()).await? {
        Some(user_id) => start_session(db, &user_id).await,
        None => Err(AccountsError::invalid("token", Msg::InviteInvalid)),
    }
}

/// Changes a password after checking the current one, and signs out the person's other sessions.
pub async fn change_password(
    db: &Db,
    user_id: &str,
    current_session_hash: &str,
    current: &str,
    new: &str,
    confirmation: &str,
) -> AccountsResult<()> {
    let user = storage::users::find_by_id(db, user_id).await?.ok_or(AccountsError::NoSuchPerson)?;
    let matches = match user.password_hash {
        Some(hash) => password_matches(hash, current.to_string()).await,
        None => false,
    };
    if !matches {
        return Err(AccountsError::invalid("current_password", Msg::CurrentPasswordWrong));
    }
    validate_new_password(new, confirmation)
        .map_err(|m| AccountsError::invalid(password_error_field(m, "new_password", "new_password_confirmation"), m))?;
    let hash = hash_password(new.to_string()).await?;
    storage::users::set_password_hash(db, user_id, &hash).await?;
    storage::sessions::delete_other_sessions(db, user_id, current_session_hash).await?;
    Ok(())
}

/// What start-up did about the first administrator.
#[derive(Debug, PartialEq, Eq)]
pub enum FirstAdministrator {
    /// An administrator has signed in before: nothing to do.
    Ready,
    /// A set-up link for the founding administrator, who has not chosen a password yet.
    SetupLink { email: String, token: String },
}

/// Makes sure a deployment can be administered: creates the founding administrator on first
/// start, and while nobody has set an administrator password, issues a fresh set-up link (the
/// previous one is printed only once and may be lost). Never creates a second administrator.
pub async fn ensure_first_administrator(db: &Db, email: &str) -> AccountsResult<FirstAdministrator> {
    match prepare_first_administrator(db, email).await {
        // Instances started together on an empty database all find no administrator and create
        // one: all but the first are refused the address, and find that administrator on a
        // second look. (A person who is not an administrator holding the address is refused
        // again, as before.)
        Err(AccountsError::Invalid { message: Msg::EmailTaken, .. }) => prepare_first_administrator(db, email).await,
        prepared => prepared,
    }
}

async fn prepare_first_administrator(db: &Db, email: &str) -> AccountsResult<FirstAdministrator> {
    let administrators = storage::users::administrators(db).await?;
    if administrators.iter().any(|admin| admin.password_hash.is_some()) {
        return Ok(FirstAdministrator::Ready);
    }
    let (email, token) = match administrators.into_iter().next() {
        Some(admin) => {
            let token = issue_link(db, &admin.id, SETUP_LINK_SECONDS, None).await?;
            (admin.email, token)
        }
        None => {
            let account = NewAccount {
                email: email.to_string(),
                name: "Administrator".into(),
                roles: vec![Role::Administrator],
                organisation_id: None,
                password: None,
            };
            let (id, _) = create_account(db, account).await?;
            (validate_email(email).map_err(|m| AccountsError::invalid("email", m))?, issue_link(db, &id, SETUP_LINK_SECONDS, None).await?)
        }
    };
    Ok(FirstAdministrator::SetupLink { email, token })
}

pub fn invite_path(token: &str) -> String {
    format!("/invite/{token}")
}

/// Ends a session on the server, not just in the browser.
pub async fn sign_out(db: &Db, session_token_hash: &str) -> AccountsResult<()> {
    Ok(storage::sessions::delete_session(db, session_token_hash).await?)
}
