//! Certificates: issued in the transaction that records a completion (or an administrator's
//! approval, or by hand for training done elsewhere), revoked with a reason, every step in the
//! audit log; and the read models of the holder's pages, the administrators' page and the public
//! verification page.
//!
//! Read `issue` first: every way of issuing goes through it.

use crate::domain::audit::AuditAction;
use crate::domain::certificates::{CertificateState, Standing, expiry, human_code, state};
use crate::domain::roles::Role;
use crate::i18n::Locale;
use crate::domain::xapi::{Learning, LearningEvent};
use crate::server::context::{AppConfig, AppState};
use crate::server::learning::{Enrolled, course_title};
use crate::server::storage::certificates::{self as store, CertificateRow};
use crate::server::storage::audit::{self as audit_events, NewAuditEvent};
use crate::server::storage::{StorageError, courses, now, users};
use crate::views::certificates::{CertificateAdminView, CertificateSummary, CertificateView, CertificatesAdmin, PendingCertificate, VerificationView};
use sqlx::AnyConnection;

pub mod credential;
pub mod documents;
use std::collections::HashMap;
use tiltas_course::{Course, IssuePolicy};

#[derive(Debug, thiserror::Error)]
pub enum CertificatesError {
    /// No such certificate, or not one the person asking may see: the same answer for both, so
    /// that ids cannot be probed.
    #[error("no such certificate")]
    NotFound,
    #[error("no such learner or course")]
    NoSuchLearnerOrCourse,
    #[error("this course does not award certificates")]
    NotAwarded,
    #[error("a reason or note is required")]
    ReasonMissing,
    #[error("already revoked")]
    AlreadyRevoked,
    #[error("nothing chosen")]
    NothingChosen,
    /// A certificate's file could not be made (a name the font cannot draw, say): logged, and
    /// shown as a general error.
    #[error("cannot make the certificate's file: {0}")]
    Document(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for CertificatesError {
    fn from(error: sqlx::Error) -> Self {
        CertificatesError::Storage(error.into())
    }
}

impl From<crate::server::learning::LearningError> for CertificatesError {
    fn from(error: crate::server::learning::LearningError) -> Self {
        use crate::server::learning::LearningError;
        match error {
            LearningError::Storage(error) => CertificatesError::Storage(error),
            _ => CertificatesError::NoSuchLearnerOrCourse,
        }
    }
}

pub type CertificatesResult<T> = Result<T, CertificatesError>;

/// What the administrators' audit log says about a certificate: its code, its course and what
/// was done (never the holder's name, which the entry's subject gives while it exists).
fn certificate_event_detail(code: &str, course_slug: &str, what: &str) -> String {
    format!("{code} · {course_slug} · {what}")
}

/// What a new certificate is for.
pub struct Issue<'a> {
    pub user_id: &'a str,
    pub enrolment_id: Option<&'a str>,
    pub course: &'a Course,
    pub version_id: &'a str,
    pub points: Option<(i64, i64)>,
    pub issued_by: Option<&'a str>,
    pub note: Option<&'a str>,
    /// What the audit log records: "issued at completion", "approved", "issued by hand".
    pub action: &'a str,
    /// The administrators' audit log's action: issued or approved.
    pub event: AuditAction,
}

/// Issues a certificate inside the caller's transaction: the holder's name and organisation as
/// they are today, the expiry from the course's validity, an unguessable id and a short code.
/// Earlier certificates of the holder for the course are marked as replaced.
pub async fn issue(conn: &mut AnyConnection, config: &AppConfig, new: Issue<'_>) -> CertificatesResult<String> {
    let store::Holder { name: holder_name, organisation_name, organisation_id, .. } =
        store::holder(conn, new.user_id).await?.filter(|h| h.erased_at.is_none()).ok_or(CertificatesError::NoSuchLearnerOrCourse)?;
    let issued_at = now();
    // Two version 4 UUIDs: 244 random bits, well past the 128 an address must not be guessed with.
    let id = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let status_index = store::next_status_index(conn).await?;
    let row = CertificateRow {
        status_index: Some(status_index),
        code: human_code(uuid::Uuid::new_v4().as_u64_pair().1),
        user_id: new.user_id.to_string(),
        enrolment_id: new.enrolment_id.map(str::to_string),
        course_slug: new.course.slug.clone(),
        version_id: new.version_id.to_string(),
        holder_name,
        organisation_name,
        points: new.points.map(|(p, _)| p),
        max_points: new.points.map(|(_, m)| m),
        issued_at,
        expires_at: expiry(issued_at, new.course.metadata.certificate.validity_months),
        issued_by: new.issued_by.map(str::to_string),
        note: new.note.map(str::to_string),
        revoked_at: None,
        revoked_by: None,
        revocation_reason: None,
        superseded_by: None,
        holder_erased_at: None,
        id: id.clone(),
    };
    store::insert(conn, &row).await?;
    store::audit(conn, new.issued_by, new.action, &id, new.note).await?;
    let detail = certificate_event_detail(&row.code, &row.course_slug, new.action);
    let event = NewAuditEvent {
        actor_id: new.issued_by,
        subject_user_id: Some(new.user_id),
        organisation_id: organisation_id.as_deref(),
        detail: &detail,
        ..NewAuditEvent::default()
    };
    audit_events::insert(&mut *conn, new.event, &event).await?;
    let title = crate::server::xapi::source_title(new.course);
    let learning = Learning {
        user_id: new.user_id,
        enrolment_id: new.enrolment_id,
        course_slug: &new.course.slug,
        version_id: new.version_id,
        course_title: &title,
        language: &new.course.metadata.source_language,
        at: issued_at,
    };
    crate::server::xapi::record(&mut *conn, config, &learning, &LearningEvent::CertificateEarned { certificate_id: &id }).await?;
    Ok(id)
}

/// In the completion's transaction: the certificate of a course that awards one automatically.
pub async fn issue_at_completion(
    conn: &mut AnyConnection,
    config: &AppConfig,
    enrolled: &Enrolled,
    points: i64,
    max_points: i64,
) -> CertificatesResult<()> {
    let policy = enrolled.course.metadata.certificate;
    if !policy.awarded || policy.issue != IssuePolicy::Automatic {
        return Ok(());
    }
    let enrolment = &enrolled.enrolment;
    issue(
        conn,
        config,
        Issue {
            user_id: &enrolment.user_id,
            enrolment_id: Some(&enrolment.id),
            course: &enrolled.course,
            version_id: &enrolment.version_id,
            points: Some((points, max_points)),
            issued_by: None,
            note: None,
            action: "issued at completion",
            event: AuditAction::CertificateIssued,
        },
    )
    .await?;
    Ok(())
}

/// Completions waiting for approval, in the order they were completed.
async fn pending(state: &AppState, conn: &mut AnyConnection) -> CertificatesResult<Vec<(store::Uncertified, std::sync::Arc<Course>)>> {
    let mut waiting = Vec::new();
    for completion in store::uncertified(conn).await? {
        let course = state.versions.load(&state.db, &completion.version_id).await?;
        let policy = course.metadata.certificate;
        if policy.awarded && policy.issue == IssuePolicy::Approval {
            waiting.push((completion, course));
        }
    }
    Ok(waiting)
}

/// How many completions wait for an administrator's approval: the email digest's count.
pub async fn awaiting_approval(state: &AppState) -> CertificatesResult<usize> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(pending(state, &mut conn).await?.len())
}

/// Approves the chosen waiting completions, all in one transaction; returns how many.
pub async fn approve(state: &AppState, admin_id: &str, enrolment_ids: &[String]) -> CertificatesResult<usize> {
    if enrolment_ids.is_empty() {
        return Err(CertificatesError::NothingChosen);
    }
    let mut tx = state.db.begin().await?;
    let chosen: Vec<_> = pending(state, &mut tx).await?.into_iter().filter(|(c, _)| enrolment_ids.contains(&c.enrolment_id)).collect();
    for (completion, course) in &chosen {
        issue(
            &mut tx,
            &state.config,
            Issue {
                user_id: &completion.user_id,
                enrolment_id: Some(&completion.enrolment_id),
                course,
                version_id: &completion.version_id,
                points: Some((completion.points, completion.max_points)),
                issued_by: Some(admin_id),
                note: None,
                action: "approved",
                event: AuditAction::CertificateApproved,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(chosen.len())
}

/// Issues a certificate by hand, for training done outside Tiltas, with a note saying so. The
/// course's newest version is the one certified.
pub async fn issue_by_hand(state: &AppState, admin_id: &str, learner_id: &str, slug: &str, note: &str) -> CertificatesResult<String> {
    let note = note.trim();
    if note.is_empty() {
        return Err(CertificatesError::ReasonMissing);
    }
    if !users::roles_of(&state.db, learner_id).await?.contains(&Role::Learner) {
        return Err(CertificatesError::NoSuchLearnerOrCourse);
    }
    let version = courses::latest_version(&state.db, slug).await?.ok_or(CertificatesError::NoSuchLearnerOrCourse)?;
    let course = state.versions.load(&state.db, &version.id).await?;
    if !course.metadata.certificate.awarded {
        return Err(CertificatesError::NotAwarded);
    }
    let mut tx = state.db.begin().await?;
    let new = Issue {
        user_id: learner_id,
        enrolment_id: None,
        course: &course,
        version_id: &version.id,
        points: None,
        issued_by: Some(admin_id),
        note: Some(note),
        action: "issued by hand",
        event: AuditAction::CertificateIssued,
    };
    let id = issue(&mut tx, &state.config, new).await?;
    tx.commit().await?;
    Ok(id)
}

/// Revokes a certificate with a reason, recorded in the audit log.
pub async fn revoke(state: &AppState, admin_id: &str, id: &str, reason: &str) -> CertificatesResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CertificatesError::ReasonMissing);
    }
    let mut tx = state.db.begin().await?;
    let row = store::by_id(&mut tx, id).await?.ok_or(CertificatesError::NotFound)?;
    if !store::revoke(&mut tx, id, admin_id, reason).await? {
        return Err(CertificatesError::AlreadyRevoked);
    }
    store::audit(&mut tx, Some(admin_id), "revoked", id, Some(reason)).await?;
    let organisation_id = store::holder(&mut tx, &row.user_id).await?.and_then(|holder| holder.organisation_id);
    let detail = certificate_event_detail(&row.code, &row.course_slug, &format!("revoked: {reason}"));
    let event = NewAuditEvent {
        actor_id: Some(admin_id),
        subject_user_id: Some(&row.user_id),
        organisation_id: organisation_id.as_deref(),
        detail: &detail,
        ..NewAuditEvent::default()
    };
    audit_events::insert(&mut *tx, AuditAction::CertificateRevoked, &event).await?;
    tx.commit().await?;
    Ok(())
}

fn standing(row: &CertificateRow) -> Standing {
    Standing { expires_at: row.expires_at, revoked_at: row.revoked_at, superseded: row.superseded_by.is_some() }
}

async fn summary(state: &AppState, row: &CertificateRow, language: &str) -> CertificatesResult<CertificateSummary> {
    let course = state.versions.load(&state.db, &row.version_id).await?;
    Ok(CertificateSummary {
        id: row.id.clone(),
        code: row.code.clone(),
        holder_name: row.holder_name.clone(),
        holder_erased: row.holder_erased_at.is_some(),
        course_title: course_title(&course, language),
        issued_at: row.issued_at,
        expires_at: row.expires_at,
        state: state_now(row),
    })
}

/// The certificate's state today.
pub fn state_now(row: &CertificateRow) -> CertificateState {
    state(standing(row), now())
}

/// The signed-in person's certificates, newest first.
pub async fn my_certificates(state: &AppState, user_id: &str, locale: Locale) -> CertificatesResult<Vec<CertificateSummary>> {
    let rows = store::of_holder(&mut *state.db.pool().acquire().await?, user_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(summary(state, row, locale.code()).await?);
    }
    Ok(out)
}

/// One certificate, for its holder or an administrator; anyone else gets "not found".
pub async fn certificate_page(state: &AppState, viewer_id: &str, is_admin: bool, id: &str, locale: Locale) -> CertificatesResult<CertificateView> {
    let mut conn = state.db.pool().acquire().await?;
    let row = store::by_id(&mut conn, id).await?.filter(|r| is_admin || r.user_id == viewer_id).ok_or(CertificatesError::NotFound)?;
    let admin = if is_admin {
        let names: HashMap<String, String> = users::list_people(&state.db).await?.into_iter().map(|p| (p.id, p.name)).collect();
        let audit = store::audit_of(&mut conn, id).await?;
        Some(CertificateAdminView {
            note: row.note.clone(),
            revocation_reason: row.revocation_reason.clone(),
            audit: audit
                .into_iter()
                .map(|e| (e.at, e.action, e.actor_id.and_then(|a| names.get(&a).cloned()), e.detail))
                .collect(),
        })
    } else {
        None
    };
    drop(conn);
    Ok(CertificateView {
        summary: summary(state, &row, locale.code()).await?,
        organisation_name: row.organisation_name.clone(),
        points: row.points.zip(row.max_points),
        revoked_at: row.revoked_at,
        verify_url: state.config.link(&crate::paths::verify_path(&row.id)),
        admin,
    })
}

/// The public verification page: only what a verifier needs, never a revocation's reason.
pub async fn verification_page(state: &AppState, id: &str, locale: Locale) -> CertificatesResult<VerificationView> {
    let row = store::by_id(&mut *state.db.pool().acquire().await?, id).await?.ok_or(CertificatesError::NotFound)?;
    Ok(VerificationView {
        organisation_name: row.organisation_name.clone(),
        revoked_at: row.revoked_at,
        summary: summary(state, &row, locale.code()).await?,
    })
}

/// The administrators' certificates page: the approval queue, what the by-hand form offers, and
/// every certificate issued.
pub async fn admin_page(state: &AppState, locale: Locale) -> CertificatesResult<CertificatesAdmin> {
    let language = locale.code();
    let people = users::list_people(&state.db).await?;
    let names: HashMap<&str, &str> = people.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let mut conn = state.db.pool().acquire().await?;
    let waiting = pending(state, &mut conn).await?;
    let rows = store::all(&mut conn).await?;
    drop(conn);
    let mut issued = Vec::with_capacity(rows.len());
    for row in &rows {
        issued.push(summary(state, row, language).await?);
    }
    let courses = state.versions.published(&state.db).await?;
    Ok(CertificatesAdmin {
        pending: waiting
            .iter()
            .map(|(c, course)| PendingCertificate {
                enrolment_id: c.enrolment_id.clone(),
                learner: names.get(c.user_id.as_str()).map(|n| n.to_string()).unwrap_or_default(),
                course_title: course_title(course, language),
                completed_at: c.completed_at,
                points: c.points,
                max_points: c.max_points,
            })
            .collect(),
        learners: people.iter().filter(|p| p.roles.contains(&Role::Learner)).map(|p| (p.id.clone(), format!("{} ({})", p.name, p.email))).collect(),
        courses: courses.iter().filter(|c| c.metadata.certificate.awarded).map(|c| (c.slug.clone(), course_title(c, language))).collect(),
        issued,
    })
}
