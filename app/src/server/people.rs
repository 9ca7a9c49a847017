//! People and organisations as administrators and the people themselves see them: the
//! directory, organisations, a person's own profile and language, and what registration offers.

use super::accounts::{AccountsError, AccountsResult};
use super::context::AppState;
use super::storage::{Db, StorageError, organisations, users};
use crate::domain::accounts::validate_name;
use crate::i18n::{Locale, Msg};
use crate::views::people::{OrganisationChoice, OrganisationSummary, PeopleDirectory, PersonSummary, Profile};

/// Everyone with an account, and the organisations to put new people in.
pub async fn people_page(state: &AppState) -> AccountsResult<PeopleDirectory> {
    let people = users::list_people(&state.db).await?;
    Ok(PeopleDirectory {
        people: people
            .into_iter()
            .map(|p| PersonSummary {
                id: p.id,
                name: p.name,
                email: p.email,
                organisation_name: p.organisation_name,
                roles: p.roles,
                has_password: p.has_password,
            })
            .collect(),
        organisations: organisations_page(state).await?,
    })
}

pub async fn organisations_page(state: &AppState) -> AccountsResult<Vec<OrganisationSummary>> {
    let listed = organisations::list_organisations(&state.db).await?;
    Ok(listed.into_iter().map(|o| OrganisationSummary { id: o.id, name: o.name, people: o.people }).collect())
}

/// Adds an organisation; its name must be new.
pub async fn create_organisation(state: &AppState, name: &str) -> AccountsResult<()> {
    let name = validate_name(name).map_err(|m| AccountsError::invalid("name", m))?;
    match organisations::insert_organisation(&state.db, &name).await {
        Ok(_) => Ok(()),
        Err(StorageError::UniqueViolation) => Err(AccountsError::invalid("name", Msg::OrganisationNameTaken)),
        Err(other) => Err(other.into()),
    }
}

/// The organisations a new learner may join; empty when self-registration is off.
pub async fn registration_page(state: &AppState) -> AccountsResult<Vec<OrganisationChoice>> {
    if !state.config.site.self_registration {
        return Ok(Vec::new());
    }
    let listed = organisations::list_organisations(&state.db).await?;
    Ok(listed.into_iter().map(|o| OrganisationChoice { id: o.id, name: o.name }).collect())
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
