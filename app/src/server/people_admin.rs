//! Administrators managing people: the list with its filters and pages, a person's page, and
//! the changes made there (details, roles, deactivation, reactivation, a fresh one-time link),
//! each recorded in the audit log in the change's own transaction.
//!
//! Every function takes the acting [`Administrator`] and applies their scope itself: an
//! organisation administrator reaches only the people of their organisation, never a platform
//! administrator, and gives only the roles `AdminScope::may_grant` allows. Someone outside the
//! scope is answered as a person who does not exist (`NoSuchPerson`, a 404), so that nobody
//! learns who has an account elsewhere.

use super::accounts::{self, AccountsError, AccountsResult, NewAccount};
use super::context::AppState;
use super::storage::audit::NewAuditEvent;
use super::storage::directory::{self, DirectoryQuery, DirectoryRow};
use super::storage::account_changes::{self, Guarded};
use super::email;
use super::storage::{StorageError, organisations, outbox};
use crate::domain::accounts::{validate_email, validate_name};
use crate::domain::administration::AdminScope;
use crate::domain::people::{PeopleFilter, PersonStatus, check_role_change, may_manage, roles_change_detail};
use crate::domain::roles::Role;
use crate::i18n::Msg;
use crate::page::SessionUser;
use crate::views::people::{PeopleDirectory, PersonDetail, PersonSummary};

/// Who is acting: the signed-in administrator, what they administer, and from which address
/// (recorded with each change).
#[derive(Clone, Debug)]
pub struct Administrator {
    pub id: String,
    pub scope: AdminScope,
    pub client_address: String,
}

impl Administrator {
    /// From `context::require_admin_scope()`'s answer and the request's client address.
    pub fn new((user, scope): (SessionUser, AdminScope), client_address: String) -> Administrator {
        Administrator { id: user.id, scope, client_address }
    }

    fn is_platform(&self) -> bool {
        self.scope == AdminScope::Platform
    }

    /// The roles this administrator may give or take away, in display order.
    fn grantable_roles(&self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|role| self.scope.may_grant(*role)).collect()
    }

    /// An audit event of this administrator about `subject`, filed under the subject's
    /// organisation (so that its administrators see it too).
    fn event<'a>(&'a self, subject: &'a Managed, detail: &'a str) -> NewAuditEvent<'a> {
        NewAuditEvent {
            actor_id: Some(&self.id),
            subject_user_id: Some(&subject.row.id),
            subject_email: None,
            organisation_id: subject.row.organisation_id.as_deref(),
            detail,
            client_address: Some(&self.client_address),
        }
    }
}

/// A person within the acting administrator's scope, as stored, with their roles.
struct Managed {
    row: DirectoryRow,
    roles: Vec<Role>,
}

/// `managed`, for a change: an erased person's account no longer changes (the privacy part
/// removed what these forms would edit).
async fn changeable(state: &AppState, admin: &Administrator, user_id: &str) -> AccountsResult<Managed> {
    let person = managed(state, admin, user_id).await?;
    if person.row.erased_at.is_some() {
        return Err(AccountsError::invalid("user_id", Msg::ErasedPersonUnchangeable));
    }
    Ok(person)
}

/// The person with `user_id`, if the administrator may manage them; otherwise the same
/// `NoSuchPerson` as for an unknown id.
async fn managed(state: &AppState, admin: &Administrator, user_id: &str) -> AccountsResult<Managed> {
    let row = directory::person(&state.db, user_id).await?.ok_or(AccountsError::NoSuchPerson)?;
    let roles = directory::roles_of_people(&state.db, std::slice::from_ref(&row.id)).await?.remove(&row.id).unwrap_or_default();
    if !may_manage(&admin.scope, row.organisation_id.as_deref(), &roles) {
        return Err(AccountsError::NoSuchPerson);
    }
    Ok(Managed { row, roles })
}

/// The organisations (id, name) the administrator can put people in: every one for a platform
/// administrator, their own for an organisation administrator.
async fn organisation_choices(state: &AppState, admin: &Administrator) -> AccountsResult<Vec<(String, String)>> {
    Ok(match &admin.scope {
        AdminScope::Platform => organisations::organisation_names(&state.db).await?,
        AdminScope::Organisation(id) => {
            organisations::name_of(&state.db, id).await?.map(|name| (id.clone(), name)).into_iter().collect()
        }
    })
}

/// One page of the people the administrator manages that match `filter`: a fixed number of
/// statements whatever the number of people.
pub async fn people_page(state: &AppState, admin: &Administrator, filter: PeopleFilter) -> AccountsResult<PeopleDirectory> {
    // An organisation administrator's own organisation replaces any organisation in the URL.
    let organisation_id = match &admin.scope {
        AdminScope::Platform => filter.organisation_id.clone(),
        AdminScope::Organisation(id) => Some(id.clone()),
    };
    let query = DirectoryQuery {
        organisation_id: organisation_id.as_deref(),
        without_administrators: !admin.is_platform(),
        search: &filter.search,
        role: filter.role,
        status: filter.status,
    };
    let total = directory::count_people(&state.db, &query).await?;
    let rows = directory::page_of_people(&state.db, &query, filter.offset()).await?;
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut roles = directory::roles_of_people(&state.db, &ids).await?;
    let people = rows
        .into_iter()
        .map(|row| PersonSummary {
            status: row.status(),
            roles: roles.remove(&row.id).unwrap_or_default(),
            id: row.id,
            name: row.name,
            email: row.email,
            organisation_name: row.organisation_name,
        })
        .collect();
    let filter = PeopleFilter { organisation_id: if admin.is_platform() { filter.organisation_id } else { None }, ..filter };
    Ok(PeopleDirectory {
        people,
        total,
        filter,
        organisations: organisation_choices(state, admin).await?,
        platform: admin.is_platform(),
        grantable_roles: admin.grantable_roles(),
    })
}

/// A person's page.
pub async fn person_page(state: &AppState, admin: &Administrator, user_id: &str) -> AccountsResult<PersonDetail> {
    let person = managed(state, admin, user_id).await?;
    let organisations = if admin.is_platform() { Some(organisation_choices(state, admin).await?) } else { None };
    let row = person.row;
    Ok(PersonDetail {
        status: row.status(),
        is_self: row.id == admin.id,
        id: row.id,
        name: row.name,
        email: row.email,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_name,
        roles: person.roles,
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        organisations,
        grantable_roles: admin.grantable_roles(),
    })
}

/// Creates an account with a one-time link, which is returned (none when the organisation signs
/// in through single sign-on only). An organisation administrator's
/// new person always joins their organisation, whatever the form said, and gets only roles they
/// may grant.
pub async fn create_person(state: &AppState, admin: &Administrator, mut account: NewAccount) -> AccountsResult<Option<String>> {
    if let AdminScope::Organisation(own) = &admin.scope {
        account.organisation_id = Some(own.clone());
    }
    if account.roles.iter().any(|role| !admin.scope.may_grant(*role)) {
        return Err(AccountsError::invalid("roles", Msg::MayNotGrantAdministrator));
    }
    account.password = None;
    let detail = account.roles.iter().map(|role| role.code()).collect::<Vec<_>>().join(", ");
    let organisation_id = account.organisation_id.clone().filter(|id| !id.trim().is_empty());
    let created = NewAuditEvent {
        actor_id: Some(&admin.id),
        organisation_id: organisation_id.as_deref(),
        detail: &detail,
        client_address: Some(&admin.client_address),
        ..NewAuditEvent::default()
    };
    let (_, invite) = accounts::create_account_recorded(&state.db, account, Some(&created), Some(&state.config)).await?;
    Ok(invite)
}

/// Saves a person's name and email, and for a platform administrator their organisation
/// (`organisation_id`; ignored for an organisation administrator). The email is checked as at
/// creation and must stay unique.
pub async fn update_person(
    state: &AppState,
    admin: &Administrator,
    user_id: &str,
    name: &str,
    email: &str,
    organisation_id: Option<&str>,
) -> AccountsResult<()> {
    let person = changeable(state, admin, user_id).await?;
    let name = validate_name(name).map_err(|m| AccountsError::invalid("name", m))?;
    let email = validate_email(email).map_err(|m| AccountsError::invalid("email", m))?;
    let organisation_id = if admin.is_platform() {
        organisation_id.map(str::trim).filter(|id| !id.is_empty()).map(str::to_string)
    } else {
        person.row.organisation_id.clone()
    };
    crate::domain::accounts::validate_roles(&person.roles, organisation_id.is_some())
        .map_err(|(field, m)| AccountsError::invalid(field, m))?;
    let changed: Vec<&str> = [
        ("name", name != person.row.name),
        ("email", email != person.row.email),
        ("organisation", organisation_id != person.row.organisation_id),
    ]
    .into_iter()
    .filter_map(|(field, changed)| changed.then_some(field))
    .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let detail = changed.join(", ");
    let event = admin.event(&person, &detail);
    match account_changes::update_details(&state.db, user_id, &name, &email, organisation_id.as_deref(), &event).await {
        Ok(()) => Ok(()),
        Err(StorageError::UniqueViolation) => Err(AccountsError::invalid("email", Msg::EmailTaken)),
        Err(StorageError::ForeignKeyViolation) => Err(AccountsError::invalid("organisation", Msg::OrganisationUnknown)),
        Err(other) => Err(other.into()),
    }
}

/// Replaces a person's roles with `roles` (see `domain::people::check_role_change`).
pub async fn change_roles(state: &AppState, admin: &Administrator, user_id: &str, roles: &[Role]) -> AccountsResult<()> {
    let person = changeable(state, admin, user_id).await?;
    let mut after = roles.to_vec();
    after.sort();
    after.dedup();
    check_role_change(&admin.scope, person.row.id == admin.id, &person.roles, &after, person.row.organisation_id.is_some())
        .map_err(|(field, m)| AccountsError::invalid(field, m))?;
    if after == person.roles {
        return Ok(());
    }
    let detail = roles_change_detail(&person.roles, &after);
    guarded(account_changes::set_roles(&state.db, user_id, &after, &admin.event(&person, &detail)).await?)
}

/// A guarded change's outcome: refused when the administrator stopped administering meanwhile.
fn guarded(outcome: Guarded) -> AccountsResult<()> {
    match outcome {
        Guarded::Made | Guarded::Unchanged => Ok(()),
        Guarded::ActorNoLongerAdministers => Err(AccountsError::NotPermitted),
    }
}

/// Deactivates a person (not oneself): they cannot sign in and their sessions end at once.
pub async fn deactivate(state: &AppState, admin: &Administrator, user_id: &str) -> AccountsResult<()> {
    let person = changeable(state, admin, user_id).await?;
    if person.row.id == admin.id {
        return Err(AccountsError::invalid("deactivate", Msg::CannotDeactivateYourself));
    }
    guarded(account_changes::deactivate(&state.db, user_id, &admin.event(&person, "")).await?)
}

/// Lets a deactivated person sign in again, with the password they had.
pub async fn reactivate(state: &AppState, admin: &Administrator, user_id: &str) -> AccountsResult<()> {
    let person = changeable(state, admin, user_id).await?;
    account_changes::reactivate(&state.db, user_id, &admin.event(&person, "")).await?;
    Ok(())
}

/// A fresh one-time link for a person, returned for the administrator to hand over; earlier
/// links stop working. For someone who has a password this is a reset: the password is removed
/// and their sessions end. Nobody resets their own password here (that is the profile's
/// "change password"), a deactivated person must be reactivated first, and an organisation
/// administrator never resets an administrator who has a password (they cannot see one anyway).
pub async fn renew_link(state: &AppState, admin: &Administrator, user_id: &str) -> AccountsResult<String> {
    let person = changeable(state, admin, user_id).await?;
    if person.row.id == admin.id {
        return Err(AccountsError::invalid("user_id", Msg::CannotResetYourOwnPassword));
    }
    let status = person.row.status();
    if matches!(status, PersonStatus::Deactivated | PersonStatus::Erased) {
        return Err(AccountsError::invalid("user_id", Msg::ReactivateFirst));
    }
    if !admin.is_platform() && person.row.has_password && person.roles.contains(&Role::Administrator) {
        return Err(AccountsError::invalid("user_id", Msg::ActiveAdministratorLink));
    }
    accounts::refuse_if_passwords_off(&state.db, person.row.organisation_id.as_deref(), "user_id").await?;
    let (token, token_hash) = accounts::new_secret_token();
    let reset = person.row.has_password;
    let detail = if reset { "password reset" } else { "invitation renewed" };
    let expires_at = super::storage::now() + accounts::INVITE_SECONDS;
    let kind = if reset { email::LinkMail::PasswordReset } else { email::LinkMail::Invitation };
    let mail = match outbox::recipient(&state.db, user_id).await? {
        Some(to) => email::link_mail(&state.config, &to, kind, &token, &token_hash, expires_at),
        None => None,
    };
    let event = admin.event(&person, detail);
    account_changes::renew_link(&state.db, user_id, &token_hash, expires_at, reset, &event, mail.as_ref()).await?;
    Ok(token)
}
