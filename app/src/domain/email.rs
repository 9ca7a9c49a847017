//! Email as plain rules (issue 15): which reminders are due, the key that makes each message
//! unique, how long to wait before trying a failed message again, and composing a message in
//! its recipient's language, as plain text and simple HTML, from the translation table.
//!
//! Nothing here knows SMTP or SQL: the worker (`server::email`) asks these functions what to
//! send and stores the answer in the outbox.

use crate::charts::escape;
use crate::domain::calendar::date_text;
use crate::i18n::{Locale, Msg, fill};

pub const DAY: i64 = 86_400;

/// An overdue assignment is reminded about once, and only within this many days after its due
/// date: switching email on must not mail everyone about assignments long past.
pub const OVERDUE_WINDOW_DAYS: i64 = 14;

/// When reminders go out (`tiltas serve --reminder-days`, `--expiry-reminder-days`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReminderPolicy {
    /// Days before an assignment's due date that its learner is reminded.
    pub due_soon_days: i64,
    /// Days before a certificate expires that its holder is reminded.
    pub expiry_days: i64,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy { due_soon_days: 3, expiry_days: 30 }
    }
}

impl ReminderPolicy {
    /// The due dates worth looking at now: `(after, up_to)`, i.e. `after < due_at <= up_to`.
    pub fn assignment_window(&self, now: i64) -> (i64, i64) {
        (now - OVERDUE_WINDOW_DAYS * DAY, now + self.due_soon_days * DAY)
    }

    /// The expiry dates worth looking at now: `(after, up_to)`.
    pub fn expiry_window(&self, now: i64) -> (i64, i64) {
        (now, now + self.expiry_days * DAY)
    }

    /// The reminder an unfinished assignment due at `due_at` calls for at `now`, if any.
    pub fn assignment_reminder(&self, due_at: i64, now: i64) -> Option<MailKind> {
        if now >= due_at {
            (now < due_at + OVERDUE_WINDOW_DAYS * DAY).then_some(MailKind::Overdue)
        } else {
            (now >= due_at - self.due_soon_days * DAY).then_some(MailKind::DueSoon)
        }
    }

    /// Whether a valid certificate expiring at `expires_at` calls for a reminder at `now`.
    pub fn expiry_reminder(&self, expires_at: i64, now: i64) -> bool {
        now < expires_at && now >= expires_at - self.expiry_days * DAY
    }
}

/// What a message is about. The code is stored in the outbox and starts its dedup key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    Invitation,
    PasswordReset,
    DueSoon,
    Overdue,
    CertificateExpiring,
    ApprovalDigest,
}

impl MailKind {
    pub fn code(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::PasswordReset => "password_reset",
            MailKind::DueSoon => "due_soon",
            MailKind::Overdue => "overdue",
            MailKind::CertificateExpiring => "certificate_expiring",
            MailKind::ApprovalDigest => "approval_digest",
        }
    }

    /// The outbox's unique key of this message about `subject` (an enrolment, a certificate, a
    /// person) at `moment` (a due date, an expiry date, a day). A changed due date is a new
    /// reminder; the same due date seen again, by a restarted or a second instance, is not.
    pub fn dedup_key(self, subject: &str, moment: i64) -> String {
        format!("{}:{subject}:{moment}", self.code())
    }
}

/// The day number of `now`, for messages sent at most once a day (the approval digest).
pub fn day_of(now: i64) -> i64 {
    now.div_euclid(DAY)
}

/// A failed message is tried this many times in all, then given up (and logged).
pub const MAX_ATTEMPTS: i64 = 10;

/// Seconds to wait after the `attempts`-th failed try (1, 2, ...): one minute, doubling, at most
/// six hours; `None` once the message has had `MAX_ATTEMPTS` tries. Ten tries span about eight
/// and a half hours: a mail server down overnight is waited out, a wrong address is not tried for ever.
pub fn retry_delay(attempts: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doubling = 1_i64 << attempts.clamp(1, 20).saturating_sub(1);
    Some((60 * doubling).min(6 * 60 * 60))
}

/// A message ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What to tell the recipient. Links are absolute (the deployment's public address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice<'a> {
    Invitation { link: &'a str, expires_at: i64 },
    PasswordReset { link: &'a str, expires_at: i64 },
    DueSoon { course: &'a str, due_at: i64, link: &'a str },
    Overdue { course: &'a str, due_at: i64, link: &'a str },
    CertificateExpiring { course: &'a str, expires_at: i64, link: &'a str },
    ApprovalDigest { count: usize, link: &'a str },
}

impl Notice<'_> {
    pub fn kind(&self) -> MailKind {
        match self {
            Notice::Invitation { .. } => MailKind::Invitation,
            Notice::PasswordReset { .. } => MailKind::PasswordReset,
            Notice::DueSoon { .. } => MailKind::DueSoon,
            Notice::Overdue { .. } => MailKind::Overdue,
            Notice::CertificateExpiring { .. } => MailKind::CertificateExpiring,
            Notice::ApprovalDigest { .. } => MailKind::ApprovalDigest,
        }
    }

    /// Subject, paragraph and button text, the placeholder values they share, and the link.
    fn parts(&self) -> (Msg, Msg, Msg, Vec<(&'static str, String)>, &str) {
        let until = |at: i64| vec![("date", date_text(at))];
        let course_on = |course: &str, at: i64| vec![("course", course.to_string()), ("date", date_text(at))];
        match *self {
            Notice::Invitation { link, expires_at } => (Msg::EmailInvitationSubject, Msg::EmailInvitationBody, Msg::EmailChoosePassword, until(expires_at), link),
            Notice::PasswordReset { link, expires_at } => (Msg::EmailPasswordResetSubject, Msg::EmailPasswordResetBody, Msg::EmailChoosePassword, until(expires_at), link),
            Notice::DueSoon { course, due_at, link } => (Msg::EmailDueSoonSubject, Msg::EmailDueSoonBody, Msg::EmailOpenCourse, course_on(course, due_at), link),
            Notice::Overdue { course, due_at, link } => (Msg::EmailOverdueSubject, Msg::EmailOverdueBody, Msg::EmailOpenCourse, course_on(course, due_at), link),
            Notice::CertificateExpiring { course, expires_at, link } => {
                (Msg::EmailExpiringSubject, Msg::EmailExpiringBody, Msg::EmailSeeCertificates, course_on(course, expires_at), link)
            }
            Notice::ApprovalDigest { count, link } => {
                (Msg::EmailApprovalDigestSubject, Msg::EmailApprovalDigestBody, Msg::EmailReviewApprovals, vec![("count", count.to_string())], link)
            }
        }
    }
}

/// The message for `name` in `locale`, from the deployment `site` (the issuer's name). The
/// HTML part says the same as the text part, with the link as a button-like anchor; every
/// value placed in it is escaped.
pub fn compose(locale: Locale, site: &str, name: &str, notice: &Notice<'_>) -> Email {
    let (subject, body, action, mut values, link) = notice.parts();
    values.push(("site", site.to_string()));
    values.push(("name", name.to_string()));
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let text_of = |msg: Msg| fill(msg.text(locale), &values);
    let greeting = text_of(Msg::EmailGreeting);
    let paragraph = text_of(body);
    let action = text_of(action);
    let footer = text_of(Msg::EmailFooter);
    let text = format!("{greeting}\n\n{paragraph}\n\n{action}:\n{link}\n\n-- \n{footer}\n");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a\">\n<p>{greeting}</p>\n<p>{paragraph}</p>\n\
         <p><a href=\"{href}\" style=\"display: inline-block; padding: 0.5em 1em; background: #1d4e89; color: #ffffff; \
         text-decoration: none; border-radius: 4px\">{action}</a></p>\n<p style=\"font-size: 0.9em\">{href}</p>\n\
         <p style=\"color: #555555; font-size: 0.85em\">{footer}</p>\n</body></html>\n",
        lang = locale.code(),
        title = escape(&text_of(subject)),
        greeting = escape(&greeting),
        paragraph = escape(&paragraph),
        href = escape(link),
        action = escape(&action),
        footer = escape(&footer),
    );
    Email { subject: text_of(subject), text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn assignments_are_reminded_before_the_due_date_and_once_overdue() {
        let policy = ReminderPolicy { due_soon_days: 3, expiry_days: 30 };
        assert_eq!(policy.assignment_reminder(NOW + 4 * DAY, NOW), None, "too early");
        assert_eq!(policy.assignment_reminder(NOW + 3 * DAY, NOW), Some(MailKind::DueSoon), "exactly three days before");
        assert_eq!(policy.assignment_reminder(NOW + 1, NOW), Some(MailKind::DueSoon));
        assert_eq!(policy.assignment_reminder(NOW, NOW), Some(MailKind::Overdue), "due this second");
        assert_eq!(policy.assignment_reminder(NOW - 13 * DAY, NOW), Some(MailKind::Overdue));
        assert_eq!(policy.assignment_reminder(NOW - 14 * DAY, NOW), None, "long past: not mailed");
    }

    #[test]
    fn the_window_holds_exactly_the_due_dates_that_get_a_reminder() {
        let policy = ReminderPolicy::default();
        let (after, up_to) = policy.assignment_window(NOW);
        for due_at in (NOW - 20 * DAY..NOW + 10 * DAY).step_by(3_600) {
            let in_window = due_at > after && due_at <= up_to;
            assert_eq!(in_window, policy.assignment_reminder(due_at, NOW).is_some(), "due at {due_at}");
        }
        let (after, up_to) = policy.expiry_window(NOW);
        for expires_at in (NOW - 5 * DAY..NOW + 40 * DAY).step_by(3_600) {
            let in_window = expires_at > after && expires_at <= up_to;
            assert_eq!(in_window, policy.expiry_reminder(expires_at, NOW), "expires at {expires_at}");
        }
    }

    #[test]
    fn certificates_are_reminded_within_the_expiry_period_only() {
        let policy = ReminderPolicy { due_soon_days: 3, expiry_days: 30 };
        assert!(!policy.expiry_reminder(NOW + 31 * DAY, NOW));
        assert!(policy.expiry_reminder(NOW + 30 * DAY, NOW));
        assert!(policy.expiry_reminder(NOW + 1, NOW));
        assert!(!policy.expiry_reminder(NOW, NOW), "expired already: nothing to renew before");
    }

    #[test]
    fn keys_separate_kinds_subjects_and_moments() {
        let a = MailKind::DueSoon.dedup_key("enrolment-1", 100);
        assert_eq!(a, "due_soon:enrolment-1:100");
        assert_ne!(a, MailKind::Overdue.dedup_key("enrolment-1", 100));
        assert_ne!(a, MailKind::DueSoon.dedup_key("enrolment-2", 100));
        assert_ne!(a, MailKind::DueSoon.dedup_key("enrolment-1", 101), "a new due date is a new reminder");
        assert_eq!(day_of(NOW), day_of(NOW - NOW % DAY + DAY - 1));
        assert_ne!(day_of(NOW), day_of(NOW + DAY));
    }

    #[test]
    fn retries_back_off_and_stop() {
        assert_eq!(retry_delay(1), Some(60));
        assert_eq!(retry_delay(2), Some(120));
        assert_eq!(retry_delay(5), Some(960));
        assert_eq!(retry_delay(9), Some(256 * 60), "the last wait, over four hours");
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        let total: i64 = (1..MAX_ATTEMPTS).filter_map(retry_delay).sum();
        assert!(total > 6 * 60 * 60 && total < 12 * 60 * 60, "tries span a night: {total}");
    }

    #[test]
    fn a_lithuanian_invitation_is_in_lithuanian_in_both_parts() {
        let link = "https://tiltas.example/invite/abc";
        let email = compose(Locale::Lt, "Tiltas", "Jūratė Žemaitė", &Notice::Invitation { link, expires_at: NOW });
        assert_eq!(email.subject, fill(Msg::EmailInvitationSubject.text(Locale::Lt), &[("site", "Tiltas")]));
        assert!(email.text.starts_with("Sveiki, Jūratė Žemaitė,"), "{}", email.text);
        assert!(email.text.contains(link) && email.html.contains(link));
        assert!(email.text.contains(&date_text(NOW)));
        assert!(email.html.contains("lang=\"lt\""));
        assert!(email.html.contains(&escape(Msg::EmailChoosePassword.text(Locale::Lt))));
        assert!(!email.text.contains('{') && !email.html.contains("{name}"), "every placeholder filled");
    }

    #[test]
    fn names_and_titles_cannot_inject_html() {
        let email = compose(
            Locale::En,
            "Academy <b>",
            "<script>alert(1)</script>",
            &Notice::DueSoon { course: "A & B \"quoted\"", due_at: NOW, link: "https://t.example/courses/a?x=1&y=2" },
        );
        assert!(!email.html.contains("<script>") && !email.html.contains("<b>"));
        assert!(email.html.contains("&lt;script&gt;") && email.html.contains("A &amp; B &quot;quoted&quot;"));
        assert!(email.html.contains("href=\"https://t.example/courses/a?x=1&amp;y=2\""));
        assert!(email.text.contains("<script>alert(1)</script>"), "plain text is not escaped");
        assert!(email.subject.contains("A & B"));
    }

    #[test]
    fn every_notice_composes_in_every_language() {
        let link = "https://t.example/x";
        let notices = [
            Notice::Invitation { link, expires_at: NOW },
            Notice::PasswordReset { link, expires_at: NOW },
            Notice::DueSoon { course: "C", due_at: NOW, link },
            Notice::Overdue { course: "C", due_at: NOW, link },
            Notice::CertificateExpiring { course: "C", expires_at: NOW, link },
            Notice::ApprovalDigest { count: 4, link },
        ];
        for locale in Locale::ALL {
            let mut subjects = std::collections::HashSet::new();
            for notice in &notices {
                let email = compose(locale, "Tiltas", "N", notice);
                assert!(!email.subject.contains('{') && !email.text.contains('{'), "{notice:?} {locale:?}: {email:?}");
                assert!(!email.subject.contains('\n'), "one-line subject");
                subjects.insert(email.subject);
            }
            assert_eq!(subjects.len(), notices.len(), "each kind has its own subject");
        }
        let digest = compose(Locale::En, "Tiltas", "N", &notices[5]);
        assert!(digest.subject.contains('4') && digest.text.contains('4'));
    }
}
