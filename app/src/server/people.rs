//! Organisations as administrators see them (platform administrators also add and rename
//! them), a person's own profile and language, and what registration offers. Administrators
//! managing people is `people_admin`.

use super::accounts::{AccountsError, AccountsResult};
use super::context::AppState;
use super::storage::{Db, StorageError, organisations, users};
use crate::domain::accounts::validate_name;
use crate::i18n::{Locale, Msg};
use crate::domain::administration::AdminScope;
use crate::views::people::{OrganisationChoice, OrganisationSummary, OrganisationsOverview, Profile};

/// The organisations the administrator administers: all of them for a platform administrator,
/// their own for an organisation administrator, who may look but not add or rename.
pub async fn organisations_page(state: &AppState, scope: &AdminScope) -> AccountsResult<OrganisationsOverview> {
    let listed = organisations::list_organisations(&state.db).await?;
    Ok(OrganisationsOverview {
        organisations: listed
            .into_iter()
            .filter(|o| scope.covers(Some(&o.id)))
            .map(|o| OrganisationSummary { id: o.id, name: o.name, people: o.people })
            .collect(),
        may_change: *scope == AdminScope::Platform,
    })
}

/// Adds an organisation (platform administrators only); its name must be new.
pub async fn create_organisation(state: &AppState, scope: &AdminScope, name: &str) -> AccountsResult<()> {
    if *scope != AdminScope::Platform {
        return Err(AccountsError::NotPermitted);
    }
    let name = validate_name(name).map_err(|m| AccountsError::invalid("name", m))?;
    match organisations::insert_organisation(&state.db, &name).await {
        Ok(_) => Ok(()),
        Err(StorageError::UniqueViolation) => Err(AccountsError::invalid("name", Msg::OrganisationNameTaken)),
        Err(other) => Err(other.into()),
    }
}

/// Renames an organisation (platform administrators only); the new name must be free.
pub async fn rename_organisation(state: &AppState, scope: &AdminScope, id: &str, name: &str) -> AccountsResult<()> {
    if *scope != AdminScope::Platform {
        return Err(AccountsError::NotPermitted);
    }
    let name = validate_name(name).map_err(|m| AccountsError::invalid("name", m))?;
    match organisations::rename_organisation(&state.db, id, &name).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(AccountsError::NoSuchPerson),
        Err(StorageError::UniqueViolation) => Err(AccountsError::invalid("name", Msg::OrganisationNameTaken)),
        Err(other) => Err(other.into()),
    }
}

/// The organisations a new learner may join; empty when self-registration is off. Those whose
/// passwords are off are not offered: registering sets a password, which they refuse.
pub async fn registration_page(state: &AppState) -> AccountsResult<Vec<OrganisationChoice>> {
    if !state.config.site.self_registration {
        return Ok(Vec::new());
    }
    let listed = organisations::organisations_with_passwords(&state.db).await?;
    Ok(listed.into_iter().map(|(id, name)| OrganisationChoice { id, name }).collect())
}

pub async fn profile_page(state: &AppState, user_id: &str) -> AccountsResult<Profile> {
    let person = users::find_by_id(&state.db, user_id).await?.ok_or(AccountsError::NoSuchPerson)?;
    Ok(Profile {
        name: person.name,
        email: person.email,
        preferred_language: person.preferred_language.as_deref().and_then(Locale::from_code),
    })
}

/// Saves a person's name and preferred language; returns the language to switch to.
pub async fn save_profile(state: &AppState, user_id: &str, name: &str, language: &str) -> AccountsResult<Locale> {
    let name = validate_name(name).map_err(|m| AccountsError::invalid("name", m))?;
    let locale = Locale::from_code(language).ok_or(AccountsError::invalid("preferred_language", Msg::ChangeLanguage))?;
    users::update_profile(&state.db, user_id, &name, locale.code()).await?;
    Ok(locale)
}

/// The interface language, remembered in the profile of a signed-in person (`user_id`).
pub async fn set_language(state: &AppState, user_id: Option<&str>, language: &str) -> AccountsResult<Locale> {
    let locale = Locale::from_code(language).ok_or(AccountsError::invalid("language", Msg::ChangeLanguage))?;
    if let Some(user_id) = user_id {
        users::set_preferred_language(&state.db, user_id, locale.code()).await?;
    }
    Ok(locale)
}

/// The id of the organisation called `name`, created if there is none (for `tiltas user add`).
pub async fn organisation_named(db: &Db, name: &str) -> AccountsResult<String> {
    if let Some(id) = organisations::find_by_name(db, name).await? {
        return Ok(id);
    }
    match organisations::insert_organisation(db, name).await {
        Ok(id) => Ok(id),
        // Created meanwhile by someone else: use theirs.
        Err(StorageError::UniqueViolation) => organisations::find_by_name(db, name).await?.ok_or(AccountsError::NoSuchPerson),
        Err(other) => Err(other.into()),
    }
}
