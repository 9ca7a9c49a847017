//! The CSV import of people: a preview that stores nothing, then the import, in one transaction
//! or not at all.
//!
//! Both steps run the same `plan` on the file's text: the file's own rules
//! (`domain::people_import`), then what the rows mean against the database and the
//! administrator's scope. A file with any problem imports nothing; the confirmation form carries
//! the text back, so nothing is kept between the steps, and the import plans again, so a file
//! changed in between, or someone created meanwhile, is judged as it is now.
//!
//! What a row does (documented on the page too):
//! - a new email address: a new person, with an invitation link to set their password;
//! - an existing person (one the administrator administers): their name becomes the file's,
//!   and roles the file lists that they lack are added. Roles are never taken away, and an
//!   organisation that differs from theirs is an error (moving someone is done on their page).
//!   A person whose name and roles already match is unchanged, so importing a file twice
//!   changes nothing the second time;
//! - `cohort`: the person joins it (and is enrolled in its assigned courses); a cohort that does
//!   not exist is created, in the organisation of its first row's person (an organisation
//!   administrator's own organisation).

use super::accounts::{self, AccountsError, INVITE_SECONDS, invite_path};
use super::context::AppState;
use super::email;
use super::storage::audit::{self, NewAuditEvent};
use super::storage::{self, StorageError, cohorts, users};
use crate::domain::accounts::validate_roles;
use crate::domain::administration::AdminScope;
use crate::domain::audit::AuditAction;
use crate::domain::people_import::{Column, ImportRow, RowProblem, file_text, parse};
use crate::domain::roles::Role;
use crate::i18n::Msg;
use crate::page::SessionUser;
use crate::views::people_import::{CohortJoin, ImportCounts, ImportOutcome, ImportPreview, Invitation, PersonChange, PlannedRow};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems; nothing was imported.
    #[error("{} problems in the file", .0.len())]
    Rows(Vec<RowProblem>),
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for ImportError {
    fn from(error: sqlx::Error) -> Self {
        ImportError::Storage(error.into())
    }
}

pub type ImportResult<T> = Result<T, ImportError>;

/// The cohort a row's person joins.
#[derive(Clone, Debug)]
enum CohortTarget {
    Existing { id: String },
    New { name: String, organisation_id: Option<String> },
}

/// A row as it will be imported.
#[derive(Clone, Debug)]
struct Step {
    row: ImportRow,
    organisation_id: Option<String>,
    /// The existing person's id, if any.
    existing: Option<String>,
    view: PlannedRow,
    cohort: Option<CohortTarget>,
}

/// Step 1: what importing `bytes` would do, row by row, and every problem found. Stores nothing.
pub async fn preview(state: &AppState, scope: &AdminScope, bytes: &[u8]) -> ImportResult<ImportPreview> {
    let text = match file_text(bytes) {
        Ok(text) => text,
        Err(problem) => {
            return Ok(ImportPreview { csv: String::new(), rows: Vec::new(), problems: vec![problem], counts: ImportCounts::default() });
        }
    };
    let mut conn = state.db.pool().acquire().await?;
    let (steps, problems) = plan(&mut conn, scope, text).await?;
    Ok(ImportPreview {
        csv: text.to_string(),
        counts: counts(&steps),
        rows: steps.into_iter().map(|step| step.view).collect(),
        problems,
    })
}

/// Step 2: imports `text` (the previewed file, carried back by the confirmation form) in one
/// transaction, with one audit event, and gives each new person an invitation link. A file with
/// any problem imports nothing (`ImportError::Rows`).
pub async fn import(state: &AppState, scope: &AdminScope, admin: &SessionUser, text: &str, client_address: &str) -> ImportResult<ImportOutcome> {
    let text = file_text(text.as_bytes()).map_err(|problem| ImportError::Rows(vec![problem]))?;
    // People of organisations that sign in through single sign-on only get no link (issue 15).
    let sso_only: std::collections::HashSet<String> = storage::single_sign_on::organisation_sign_in_settings(&state.db)
        .await?
        .into_iter()
        .filter_map(|(id, _, passwords_disabled)| passwords_disabled.then_some(id))
        .collect();
    let mut tx = state.db.begin().await?;
    let (steps, problems) = plan(&mut tx, scope, text).await?;
    if !problems.is_empty() {
        return Err(ImportError::Rows(problems));
    }
    let mut invitations = Vec::new();
    let mut new_cohorts: HashMap<String, String> = HashMap::new();
    let mut joining: Vec<(String, Vec<String>)> = Vec::new();
    for step in &steps {
        let user_id = match (&step.existing, &step.view.change) {
            (None, _) => {
                let new_user = users::NewUser {
                    email: &step.row.email,
                    name: &step.row.name,
                    organisation_id: step.organisation_id.as_deref(),
                    roles: &step.row.roles,
                    password_hash: None,
                };
                let id = match users::insert_user_in(&mut tx, new_user).await {
                    Ok(id) => id,
                    // Created meanwhile by someone else: the file is judged again on a new try.
                    Err(StorageError::UniqueViolation) => {
                        return Err(ImportError::Rows(vec![RowProblem::new(step.row.line, Some(Column::Email), Msg::EmailTaken, &step.row.email)]));
                    }
                    Err(other) => return Err(other.into()),
                };
                if !step.organisation_id.as_ref().is_some_and(|organisation| sso_only.contains(organisation)) {
                    let (token, token_hash) = accounts::new_secret_token();
                    let expires_at = storage::now() + INVITE_SECONDS;
                    let to = storage::outbox::Recipient {
                        user_id: id.clone(),
                        email: step.row.email.clone(),
                        name: step.row.name.clone(),
                        preferred_language: None,
                    };
                    let mail = email::link_mail(&state.config, &to, email::LinkMail::Invitation, &token, &token_hash, expires_at);
                    storage::invites::insert_first_invite(&mut tx, &id, &token_hash, expires_at, mail.as_ref()).await?;
                    invitations.push(Invitation {
                        name: step.row.name.clone(),
                        email: step.row.email.clone(),
                        link: state.config.link(&invite_path(&token)),
                    });
                }
                id
            }
            (Some(id), PersonChange::Updated { name, roles_added }) => {
                if *name {
                    storage::people_import::set_name(&mut tx, id, &step.row.name).await?;
                }
                users::add_roles(&mut tx, id, roles_added).await?;
                id.clone()
            }
            (Some(id), _) => id.clone(),
        };
        if step.view.cohort.is_none() {
            continue;
        }
        let cohort_id = match &step.cohort {
            Some(CohortTarget::Existing { id }) => id.clone(),
            Some(CohortTarget::New { name, organisation_id }) => match new_cohorts.get(name) {
                Some(id) => id.clone(),
                None => {
                    let id = match cohorts::insert(&mut tx, name, organisation_id.as_deref()).await {
                        Ok(id) => id,
                        Err(StorageError::UniqueViolation) => {
                            return Err(ImportError::Rows(vec![RowProblem::new(step.row.line, Some(Column::Cohort), Msg::CohortNameTaken, name)]));
                        }
                        Err(other) => return Err(other.into()),
                    };
                    new_cohorts.insert(name.clone(), id.clone());
                    id
                }
            },
            None => continue,
        };
        match joining.iter_mut().find(|(id, _)| *id == cohort_id) {
            Some((_, members)) => members.push(user_id),
            None => joining.push((cohort_id, vec![user_id])),
        }
    }
    for (cohort_id, members) in &joining {
        let enrolled = cohorts::add_members(&mut tx, cohort_id, members).await?;
        crate::server::learning::record_launches(&mut tx, state, &enrolled).await?;
    }
    let counts = counts(&steps);
    let detail = format!(
        "new people: {}, updated: {}, unchanged: {}, cohort memberships: {}, new cohorts: {}",
        counts.new_people, counts.updated, counts.unchanged, counts.cohort_joins, counts.new_cohorts
    );
    let event = NewAuditEvent {
        actor_id: Some(&admin.id),
        organisation_id: scope.organisation_filter(),
        detail: &detail,
        client_address: Some(client_address),
        ..NewAuditEvent::default()
    };
    audit::insert(&mut *tx, AuditAction::PeopleImported, &event).await?;
    tx.commit().await?;
    Ok(ImportOutcome { counts, invitations, emailed: state.config.email.is_some() })
}

fn counts(steps: &[Step]) -> ImportCounts {
    let mut counts = ImportCounts::default();
    let mut new_cohorts = HashSet::new();
    for step in steps {
        match step.view.change {
            PersonChange::New => counts.new_people += 1,
            PersonChange::Unchanged => counts.unchanged += 1,
            PersonChange::Updated { .. } => counts.updated += 1,
        }
        if let Some(join) = &step.view.cohort {
            counts.cohort_joins += 1;
            if join.new_cohort && new_cohorts.insert(join.name.clone()) {
                counts.new_cohorts += 1;
            }
        }
    }
    counts
}

/// Reads the file and judges each row against the database and the scope. Reads a fixed number
/// of statements (organisations, the people named, their roles and memberships, the cohorts
/// named), however long the file.
async fn plan(conn: &mut AnyConnection, scope: &AdminScope, text: &str) -> ImportResult<(Vec<Step>, Vec<RowProblem>)> {
    let parsed = crate::server::off_runtime({
        let text = text.to_string();
        move || parse(&text)
    })
    .await;
    let mut problems = parsed.problems;
    let organisations: HashMap<String, (String, String)> = storage::people_import::organisations(conn)
        .await?
        .into_iter()
        .map(|(id, name)| (name.to_lowercase(), (id, name)))
        .collect();
    let organisation_names: HashMap<String, String> = organisations.values().map(|(id, name)| (id.clone(), name.clone())).collect();
    let emails: Vec<String> = parsed.rows.iter().map(|r| r.email.clone()).collect();
    let existing = storage::people_import::existing_people(conn, &emails).await?;
    let existing_by_email: HashMap<&str, &storage::people_import::ExistingPerson> = existing.iter().map(|p| (p.email.as_str(), p)).collect();
    let cohort_names: Vec<String> = parsed.rows.iter().filter(|r| !r.cohort.is_empty()).map(|r| r.cohort.clone()).collect::<HashSet<_>>().into_iter().collect();
    let known_cohorts = cohorts::find_by_names(conn, &cohort_names).await?;
    let existing_ids: Vec<String> = existing.iter().map(|p| p.id.clone()).collect();
    let memberships: HashSet<(String, String)> = storage::people_import::memberships(conn, &existing_ids).await?.into_iter().collect();
    // The organisation each new cohort gets: its first row's.
    let mut new_cohort_organisation: HashMap<String, Option<String>> = HashMap::new();

    let mut steps = Vec::new();
    for row in parsed.rows {
        let before = problems.len();
        let problem = |column, message, value: &str| RowProblem::new(row.line, Some(column), message, value);
        let person = existing_by_email.get(row.email.as_str()).copied();
        // Someone the caller does not administer (another organisation's person, or for an
        // organisation administrator a platform administrator) cannot be touched.
        if let Some(person) = person
            && (!scope.covers(person.organisation_id.as_deref())
                || (!scope.may_grant(Role::Administrator) && person.roles.contains(&Role::Administrator)))
        {
            problems.push(problem(Column::Email, Msg::ImportPersonNotYours, &row.email));
            continue;
        }
        let organisation_id = match (row.organisation.as_str(), scope, person) {
            ("", AdminScope::Organisation(own), _) => Some(own.clone()),
            ("", AdminScope::Platform, Some(person)) => person.organisation_id.clone(),
            ("", AdminScope::Platform, None) => None,
            (named, _, _) => match organisations.get(&named.to_lowercase()) {
                Some((id, _)) if scope.covers(Some(id.as_str())) => Some(id.clone()),
                Some(_) => {
                    problems.push(problem(Column::Organisation, Msg::ImportOrganisationNotYours, named));
                    None
                }
                None => {
                    problems.push(problem(Column::Organisation, Msg::ImportUnknownOrganisation, named));
                    None
                }
            },
        };
        if let Some(person) = person
            && problems.len() == before
            && person.organisation_id != organisation_id
        {
            problems.push(problem(Column::Organisation, Msg::ImportOtherOrganisation, &row.organisation));
        }
        for role in &row.roles {
            if !scope.may_grant(*role) {
                problems.push(problem(Column::Roles, Msg::ImportRoleNotAllowed, role.code()));
            }
        }
        if problems.len() == before
            && let Err((_, message)) = validate_roles(&row.roles, organisation_id.is_some())
        {
            problems.push(problem(Column::Organisation, message, &row.organisation));
        }
        let change = match person {
            None => PersonChange::New,
            Some(person) => {
                let roles_added: Vec<Role> = row.roles.iter().copied().filter(|r| !person.roles.contains(r)).collect();
                let name = person.name != row.name;
                if name || !roles_added.is_empty() { PersonChange::Updated { name, roles_added } } else { PersonChange::Unchanged }
            }
        };
        let mut cohort = None;
        let mut join = None;
        if !row.cohort.is_empty() {
            match known_cohorts.iter().find(|c| c.name == row.cohort) {
                Some(found) if !scope.covers(found.organisation_id.as_deref()) => {
                    problems.push(problem(Column::Cohort, Msg::ImportCohortNotYours, &row.cohort))
                }
                Some(found) if found.organisation_id.is_some() && found.organisation_id != organisation_id => {
                    problems.push(problem(Column::Cohort, Msg::ImportCohortOtherOrganisation, &row.cohort))
                }
                Some(found) => {
                    let member = person.is_some_and(|p| memberships.contains(&(found.id.clone(), p.id.clone())));
                    if !member {
                        join = Some(CohortJoin { name: found.name.clone(), new_cohort: false });
                    }
                    cohort = Some(CohortTarget::Existing { id: found.id.clone() });
                }
                None => {
                    let cohort_organisation = new_cohort_organisation.entry(row.cohort.clone()).or_insert_with(|| organisation_id.clone());
                    if cohort_organisation.is_some() && *cohort_organisation != organisation_id {
                        problems.push(problem(Column::Cohort, Msg::ImportCohortOtherOrganisation, &row.cohort));
                    }
                    join = Some(CohortJoin { name: row.cohort.clone(), new_cohort: true });
                    cohort = Some(CohortTarget::New { name: row.cohort.clone(), organisation_id: cohort_organisation.clone() });
                }
            }
        }
        if problems.len() > before {
            continue;
        }
        steps.push(Step {
            view: PlannedRow {
                line: row.line,
                name: row.name.clone(),
                email: row.email.clone(),
                organisation_name: organisation_id.as_ref().and_then(|id| organisation_names.get(id).cloned()),
                roles: row.roles.clone(),
                change,
                cohort: join,
            },
            existing: person.map(|p| p.id.clone()),
            organisation_id,
            cohort,
            row,
        });
    }
    problems.sort_by_key(|p| p.line);
    Ok((steps, problems))
}
