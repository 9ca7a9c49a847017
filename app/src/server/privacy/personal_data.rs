//! Everything Tiltas holds about the person asking, as one JSON file (the right of access): the
//! account, each enrolment with its progress (modules read, attempts and answers, scenario plays
//! and choices, extra attempts granted, the completion), certificates, cohort memberships,
//! sessions and the audit entries about them. Only their own rows, each table read once.

use super::{PrivacyError, PrivacyResult};
use crate::domain::audit::AuditAction;
use crate::domain::calendar::xml_date_time;
use crate::server::certificates::documents::Download;
use crate::server::storage::audit::{self, NewAuditEvent, OwnAuditEvent};
use crate::server::storage::personal_data::{
    self as store, AccountRecord, AttemptGrantRecord, CertificateRecord, CohortRecord, CompletionRecord, EnrolmentRecord, ModuleReadRecord,
    QuizAnswerRecord, QuizAttemptRecord, ScenarioChoiceRecord, ScenarioPlayRecord, SessionRecord,
};
use crate::server::storage::{Db, now, users};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct PersonalData {
    /// How to read the file.
    about: &'static str,
    exported_at: String,
    account: Account,
    enrolments: Vec<Enrolment>,
    certificates: Vec<CertificateRecord>,
    cohorts: Vec<CohortRecord>,
    sessions: Vec<SessionRecord>,
    audit_events: Vec<OwnAuditEvent>,
}

#[derive(Serialize)]
struct Account {
    #[serde(flatten)]
    record: AccountRecord,
    roles: Vec<&'static str>,
}

#[derive(Serialize)]
struct Enrolment {
    #[serde(flatten)]
    record: EnrolmentRecord,
    modules_read: Vec<ModuleReadRecord>,
    quiz_attempts: Vec<QuizAttempt>,
    scenario_plays: Vec<ScenarioPlay>,
    extra_attempts_granted: Vec<AttemptGrantRecord>,
    completion: Option<CompletionRecord>,
}

#[derive(Serialize)]
struct QuizAttempt {
    #[serde(flatten)]
    record: QuizAttemptRecord,
    answers: Vec<QuizAnswerRecord>,
}

#[derive(Serialize)]
struct ScenarioPlay {
    #[serde(flatten)]
    record: ScenarioPlayRecord,
    choices: Vec<ScenarioChoiceRecord>,
}

const ABOUT: &str = "Everything Tiltas holds about you. Times are seconds since 1970-01-01 UTC. Courses, modules, questions and \
                     scenarios are named by their ids in the course's files; each enrolment is tied to the course version you took.";

/// Groups `rows` by the key `key` gives them.
fn grouped<T>(rows: Vec<T>, key: impl Fn(&T) -> String) -> HashMap<String, Vec<T>> {
    let mut groups: HashMap<String, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}

/// The person's data as a JSON download, recorded in the audit log.
pub async fn personal_data(db: &Db, user_id: &str, client_address: &str) -> PrivacyResult<Download> {
    let record = store::account(db, user_id).await?.ok_or(PrivacyError::NotFound)?;
    let roles = users::roles_of(db, user_id).await?.into_iter().map(|role| role.code()).collect();
    let mut reads = grouped(store::module_reads(db, user_id).await?, |r| r.enrolment_id.clone());
    let mut answers = grouped(store::quiz_answers(db, user_id).await?, |a| a.attempt_id.clone());
    let mut attempts = grouped(store::quiz_attempts(db, user_id).await?, |a| a.enrolment_id.clone());
    let mut choices = grouped(store::scenario_choices(db, user_id).await?, |c| c.play_id.clone());
    let mut plays = grouped(store::scenario_plays(db, user_id).await?, |p| p.enrolment_id.clone());
    let mut grants = grouped(store::attempt_grants(db, user_id).await?, |g| g.enrolment_id.clone());
    let mut completions: HashMap<String, CompletionRecord> =
        store::completions(db, user_id).await?.into_iter().map(|c| (c.enrolment_id.clone(), c)).collect();
    let enrolments = store::enrolments(db, user_id)
        .await?
        .into_iter()
        .map(|record| {
            let id = record.id.clone();
            Enrolment {
                modules_read: reads.remove(&id).unwrap_or_default(),
                quiz_attempts: attempts
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|attempt| QuizAttempt { answers: answers.remove(&attempt.id).unwrap_or_default(), record: attempt })
                    .collect(),
                scenario_plays: plays
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|play| ScenarioPlay { choices: choices.remove(&play.id).unwrap_or_default(), record: play })
                    .collect(),
                extra_attempts_granted: grants.remove(&id).unwrap_or_default(),
                completion: completions.remove(&id),
                record,
            }
        })
        .collect();
    let data = PersonalData {
        about: ABOUT,
        exported_at: xml_date_time(now()),
        account: Account { record, roles },
        enrolments,
        certificates: store::certificates(db, user_id).await?,
        cohorts: store::cohorts(db, user_id).await?,
        sessions: store::sessions(db, user_id).await?,
        audit_events: audit::about_person(db, user_id).await?,
    };
    let bytes = serde_json::to_vec_pretty(&data).map_err(|error| PrivacyError::Serialisation(error.to_string()))?;
    let event = NewAuditEvent {
        actor_id: Some(user_id),
        subject_user_id: Some(user_id),
        subject_email: None,
        organisation_id: data.account.record.organisation_id.as_deref(),
        detail: "",
        client_address: Some(client_address),
    };
    audit::record(db, AuditAction::PersonalDataExported, &event).await?;
    Ok(Download { filename: "tiltas-my-data.json".into(), content_type: "application/json", bytes })
}
