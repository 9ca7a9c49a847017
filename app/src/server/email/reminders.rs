//! Reminders computed from the data: assignments due soon or overdue, certificates about to
//! expire, and each administrator's daily digest of certificates awaiting approval.
//!
//! Every run looks at the same data and proposes the same messages; the outbox's unique key
//! (kind, subject, due date or day) keeps exactly one of each, so running it often, after a
//! restart or on several instances at once sends nothing twice.

use super::{EmailError, MailOptions, mail_for};
use crate::domain::email::{MailKind, Notice, day_of};
use crate::paths::{ADMIN_CERTIFICATES_PATH, certificate_path, course_path};
use crate::server::certificates;
use crate::server::context::AppState;
use crate::server::learning::course_title;
use crate::server::storage::outbox::{self, NewMail};
use std::sync::Arc;
use tiltas_course::Course;

/// Stores the reminders due at `now` that are not stored yet; returns how many were new.
pub async fn enqueue_reminders(state: &AppState, options: &MailOptions, now: i64) -> Result<usize, EmailError> {
    let mut proposed = assignment_reminders(state, options, now).await?;
    proposed.extend(expiry_reminders(state, options, now).await?);
    proposed.extend(approval_digests(state, options, now).await?);
    let mut conn = state.db.pool().acquire().await?;
    let mut stored = 0;
    for mail in &proposed {
        if outbox::enqueue(&mut conn, mail, now).await? {
            stored += 1;
        }
    }
    Ok(stored)
}

/// The published courses, to name a course in the recipient's language.
struct Titles(Vec<Arc<Course>>);

impl Titles {
    async fn load(state: &AppState) -> Result<Titles, EmailError> {
        let published = state.versions.published(&state.db).await.map_err(|error| EmailError::Reading(error.to_string()))?;
        Ok(Titles(published))
    }

    fn of(&self, slug: &str, language: &str) -> String {
        self.0.iter().find(|course| course.slug == slug).map_or_else(|| slug.to_string(), |course| course_title(course, language))
    }
}

async fn assignment_reminders(state: &AppState, options: &MailOptions, now: i64) -> Result<Vec<NewMail>, EmailError> {
    let policy = options.reminders;
    let (after, up_to) = policy.assignment_window(now);
    let due = outbox::due_assignments(&state.db, after, up_to).await?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let titles = Titles::load(state).await?;
    let mut mails = Vec::new();
    for row in due {
        let Some(kind) = policy.assignment_reminder(row.due_at, now) else { continue };
        let course = titles.of(&row.course_slug, super::locale_of(options, row.learner.preferred_language.as_deref()).code());
        let link = state.config.link(&course_path(&row.course_slug));
        let notice = match kind {
            MailKind::Overdue => Notice::Overdue { course: &course, due_at: row.due_at, link: &link },
            _ => Notice::DueSoon { course: &course, due_at: row.due_at, link: &link },
        };
        mails.push(mail_for(&state.config, options, &row.learner, &notice, kind.dedup_key(&row.enrolment_id, row.due_at)));
    }
    Ok(mails)
}

async fn expiry_reminders(state: &AppState, options: &MailOptions, now: i64) -> Result<Vec<NewMail>, EmailError> {
    let policy = options.reminders;
    let (after, up_to) = policy.expiry_window(now);
    let expiring = outbox::expiring_certificates(&state.db, after, up_to).await?;
    if expiring.is_empty() {
        return Ok(Vec::new());
    }
    let titles = Titles::load(state).await?;
    let mut mails = Vec::new();
    for row in expiring.into_iter().filter(|row| policy.expiry_reminder(row.expires_at, now)) {
        let course = titles.of(&row.course_slug, super::locale_of(options, row.holder.preferred_language.as_deref()).code());
        let link = state.config.link(&certificate_path(&row.certificate_id));
        let notice = Notice::CertificateExpiring { course: &course, expires_at: row.expires_at, link: &link };
        let key = MailKind::CertificateExpiring.dedup_key(&row.certificate_id, row.expires_at);
        mails.push(mail_for(&state.config, options, &row.holder, &notice, key));
    }
    Ok(mails)
}

/// One digest per administrator per day, and only on days when something waits.
async fn approval_digests(state: &AppState, options: &MailOptions, now: i64) -> Result<Vec<NewMail>, EmailError> {
    let count = certificates::awaiting_approval(state).await.map_err(|error| EmailError::Reading(error.to_string()))?;
    if count == 0 {
        return Ok(Vec::new());
    }
    let link = state.config.link(ADMIN_CERTIFICATES_PATH);
    let notice = Notice::ApprovalDigest { count, link: &link };
    Ok(outbox::approving_administrators(&state.db)
        .await?
        .iter()
        .map(|admin| mail_for(&state.config, options, admin, &notice, MailKind::ApprovalDigest.dedup_key(&admin.user_id, day_of(now))))
        .collect())
}
