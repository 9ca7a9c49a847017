//! Erasure of a person's personal data by an administrator: the platform's, or the one of the
//! person's organisation (`AdminScope`). Anyone outside the administrator's scope is "not found",
//! as an unknown id is.
//!
//! Their certificates stay verifiable as issued to "a person whose data was erased" rather than
//! being revoked: the training happened, and a certificate someone relied on (an employer, a
//! court) must not silently turn invalid because its holder used a right. `docs/privacy.md`
//! gives the whole reasoning.

use super::{PrivacyError, PrivacyResult};
use crate::domain::administration::AdminScope;
use crate::domain::privacy::{ERASED_NAME, confirms_erasure, erased_email};
use crate::domain::roles::Role;
use crate::i18n::Msg;
use crate::page::SessionUser;
use crate::server::storage::erasure::{self as store, Erasure, ErasureCandidate};
use crate::server::storage::{Db, now, users};
use crate::views::privacy::ErasureView;

/// The person, if the administrator's scope covers them.
async fn person_in_scope(db: &Db, scope: &AdminScope, person_id: &str) -> PrivacyResult<ErasureCandidate> {
    store::candidate(db, person_id)
        .await?
        .filter(|person| scope.covers(person.organisation_id.as_deref()))
        .ok_or(PrivacyError::NotFound)
}

/// The erasure page: who the person is and what they hold, or that they are erased already.
pub async fn erasure_page(db: &Db, scope: &AdminScope, person_id: &str) -> PrivacyResult<ErasureView> {
    let person = person_in_scope(db, scope, person_id).await?;
    Ok(ErasureView {
        erased: person.erased_at.is_some(),
        id: person.id,
        name: person.name,
        email: person.email,
        organisation_name: person.organisation_name,
        certificates: person.certificates,
    })
}

/// Erases `person_id`'s personal data, once the administrator has typed the person's address to
/// confirm. Nobody erases themselves (an administrator would lock themselves out half-way, and
/// another should look at it), and only a platform administrator erases an administrator.
pub async fn erase_person(
    db: &Db,
    admin: &SessionUser,
    scope: &AdminScope,
    person_id: &str,
    confirmation: &str,
    client_address: &str,
) -> PrivacyResult<()> {
    let person = person_in_scope(db, scope, person_id).await?;
    if person.erased_at.is_some() {
        return Err(PrivacyError::invalid("confirmation", Msg::AlreadyErased));
    }
    if person.id == admin.id {
        return Err(PrivacyError::invalid("confirmation", Msg::EraseNotYourself));
    }
    if users::roles_of(db, &person.id).await?.contains(&Role::Administrator) && !scope.may_grant(Role::Administrator) {
        return Err(PrivacyError::invalid("confirmation", Msg::EraseAdministratorPlatformOnly));
    }
    if !confirms_erasure(confirmation, &person.email) {
        return Err(PrivacyError::invalid("confirmation", Msg::EraseConfirmationWrong));
    }
    let detail = format!("by an administrator; {} certificate(s) kept verifiable without the name", person.certificates);
    if !erase(db, &person, Some(&admin.id), &detail, Some(client_address), None).await? {
        return Err(PrivacyError::invalid("confirmation", Msg::AlreadyErased));
    }
    Ok(())
}

/// Erases one person in one transaction, with its audit entry; `false` if someone else erased
/// them meanwhile (or, with `inactive_before`, they signed in meanwhile). Shared by
/// administrators' erasures and the retention rule.
pub(super) async fn erase(
    db: &Db,
    person: &ErasureCandidate,
    actor_id: Option<&str>,
    detail: &str,
    client_address: Option<&str>,
    inactive_before: Option<i64>,
) -> PrivacyResult<bool> {
    let new_email = erased_email(&person.id);
    // The key `accounts::sign_in` counts failed tries for this address under.
    let throttle_key = format!("account:{}", person.email);
    let erasure = Erasure {
        user_id: &person.id,
        old_email: &person.email,
        new_name: ERASED_NAME,
        new_email: &new_email,
        at: now(),
        actor_id,
        organisation_id: person.organisation_id.as_deref(),
        detail,
        client_address,
        throttle_key: &throttle_key,
        inactive_before,
    };
    Ok(store::erase(db, &erasure).await?)
}
