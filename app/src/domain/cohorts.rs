//! The rules of cohort membership that need no database: reading the "add members" box (one
//! email address a line), and the per-line problems reported back when some address cannot be
//! added. A problem list travels in the form's outcome, so it has a compact text form.

use super::accounts::validate_email;
use crate::i18n::Msg;

/// At most this many addresses are added at once; a larger group is a CSV import.
pub const MAX_EMAIL_LINES: usize = 1000;

/// Cohorts listed, and members shown, per page.
pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailProblemKind {
    /// Not an email address.
    Invalid,
    /// Nobody with this address that the administrator may add (unknown, or another
    /// organisation's: the two are not told apart, so nothing is revealed about other
    /// organisations).
    Unknown,
    /// A person of another organisation than the cohort's (platform administrators only).
    OtherOrganisation,
    /// More lines than `MAX_EMAIL_LINES`.
    TooMany,
}

impl EmailProblemKind {
    fn code(self) -> char {
        match self {
            EmailProblemKind::Invalid => 'i',
            EmailProblemKind::Unknown => 'u',
            EmailProblemKind::OtherOrganisation => 'o',
            EmailProblemKind::TooMany => 't',
        }
    }

    fn from_code(code: char) -> Option<EmailProblemKind> {
        [EmailProblemKind::Invalid, EmailProblemKind::Unknown, EmailProblemKind::OtherOrganisation, EmailProblemKind::TooMany]
            .into_iter()
            .find(|kind| kind.code() == code)
    }

    pub fn message(self) -> Msg {
        match self {
            EmailProblemKind::Invalid => Msg::EmailInvalid,
            EmailProblemKind::Unknown => Msg::CohortEmailUnknown,
            EmailProblemKind::OtherOrganisation => Msg::CohortEmailOtherOrganisation,
            EmailProblemKind::TooMany => Msg::CohortTooManyEmails,
        }
    }
}

/// What is wrong with one line of the box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailProblem {
    /// Counted from 1, as an editor shows it.
    pub line: u32,
    pub text: String,
    pub kind: EmailProblemKind,
}

/// The addresses of the box, normalised, each with its line, blank lines skipped and repeats
/// kept once; and the lines that are not addresses.
pub fn email_lines(text: &str) -> (Vec<(u32, String)>, Vec<EmailProblem>) {
    let mut emails: Vec<(u32, String)> = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index as u32 + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        if emails.len() >= MAX_EMAIL_LINES {
            problems.push(EmailProblem { line, text: raw.to_string(), kind: EmailProblemKind::TooMany });
            break;
        }
        match validate_email(raw) {
            Ok(email) if emails.iter().any(|(_, seen)| *seen == email) => {}
            Ok(email) => emails.push((line, email)),
            Err(_) => problems.push(EmailProblem { line, text: raw.to_string(), kind: EmailProblemKind::Invalid }),
        }
    }
    (emails, problems)
}

/// The problems as one line each, `line<TAB>kind<TAB>text`, for the form's outcome.
pub fn encode_problems(problems: &[EmailProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}\t{}\t{}", p.line, p.kind.code(), p.text.replace(['\t', '\n'], " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The problems back from `encode_problems`; a line that does not decode (cut short by the
/// outcome's size limit, or tampered with) is left out.
pub fn decode_problems(encoded: &str) -> Vec<EmailProblem> {
    encoded
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let number = parts.next()?.parse().ok()?;
            let kind = EmailProblemKind::from_code(parts.next()?.chars().next()?)?;
            Some(EmailProblem { line: number, kind, text: parts.next()?.to_string() })
        })
        .collect()
}

/// The page number asked for in a URL (`?page=`), from 1; anything unreadable is the first.
pub fn page_number(text: Option<&str>) -> u32 {
    text.and_then(|t| t.trim().parse::<u32>().ok()).filter(|n| *n >= 1).unwrap_or(1)
}

/// The SQL `LIMIT` and `OFFSET` of a page, one row more than shown so the page knows whether a
/// next one exists.
pub fn page_window(page: u32) -> (i64, i64) {
    (PAGE_SIZE + 1, (i64::from(page.max(1)) - 1) * PAGE_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_normalised_and_deduplicated() {
        let (emails, problems) = email_lines("Ona@Policija.lt\n\n  not an address \nona@policija.lt\njonas@vpk.lt\r\n");
        assert_eq!(emails, vec![(1, "ona@policija.lt".to_string()), (5, "jonas@vpk.lt".to_string())]);
        assert_eq!(problems, vec![EmailProblem { line: 3, text: "not an address".into(), kind: EmailProblemKind::Invalid }]);
    }

    #[test]
    fn too_many_lines_are_reported_once() {
        let text: String = (0..MAX_EMAIL_LINES + 5).map(|i| format!("p{i}@vpk.lt\n")).collect();
        let (emails, problems) = email_lines(&text);
        assert_eq!(emails.len(), MAX_EMAIL_LINES);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, EmailProblemKind::TooMany);
        assert_eq!(problems[0].line, MAX_EMAIL_LINES as u32 + 1);
    }

    #[test]
    fn problems_survive_the_round_trip_and_garbage_is_dropped() {
        let problems = vec![
            EmailProblem { line: 2, text: "x@y.lt".into(), kind: EmailProblemKind::Unknown },
            EmailProblem { line: 7, text: "a\tb".into(), kind: EmailProblemKind::OtherOrganisation },
        ];
        let decoded = decode_problems(&encode_problems(&problems));
        assert_eq!(decoded[0], problems[0]);
        assert_eq!(decoded[1].text, "a b");
        assert!(decode_problems("x\ty\tz\n3\tq\tz").is_empty());
    }

    #[test]
    fn pages_start_at_one() {
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("-2")), 1);
        assert_eq!(page_number(None), 1);
        assert_eq!(page_window(1), (PAGE_SIZE + 1, 0));
        assert_eq!(page_window(3), (PAGE_SIZE + 1, 2 * PAGE_SIZE));
    }
}
