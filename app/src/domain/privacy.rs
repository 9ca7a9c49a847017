//! The rules of the audit log's filters and pages, of erasing a person and of the retention of
//! inactive accounts: plain functions, shared by the pages, the CSV export and the command.

use super::audit::AuditAction;
use super::calendar::parse_end_of_day;
use crate::i18n::Msg;

/// Audit entries on one page. The CSV export reads in larger batches (`AUDIT_CSV_BATCH`).
pub const AUDIT_PAGE_SIZE: u32 = 50;

/// Audit entries read per batch of the streamed CSV export: memory stays bounded however long
/// the log is.
pub const AUDIT_CSV_BATCH: u32 = 1_000;

/// Longest person search kept; a longer one cannot match a name or an address anyway.
const MAX_PERSON_SEARCH_CHARS: usize = 200;

/// What the audit log is narrowed to, from the page's GET form (or the CSV link, which carries
/// the same query).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    /// Part of a name or email address, lowercased, matching who did it or to whom.
    pub person: Option<String>,
    /// The first second of the `from` day (UTC).
    pub from: Option<i64>,
    /// The last second of the `to` day (UTC).
    pub to: Option<i64>,
}

impl AuditFilter {
    /// Reads the form's fields as typed. Every field that cannot be read is reported with the
    /// message to show beside it, so that the person can correct them all at once.
    pub fn parse(action: &str, person: &str, from: &str, to: &str) -> Result<AuditFilter, Vec<(&'static str, Msg)>> {
        let mut problems = Vec::new();
        let action = match action.trim() {
            "" => None,
            code => AuditAction::from_code(code).or_else(|| {
                problems.push(("action", Msg::AuditActionUnknown));
                None
            }),
        };
        let person = Some(person.trim().to_lowercase()).filter(|p| !p.is_empty()).map(|p| p.chars().take(MAX_PERSON_SEARCH_CHARS).collect());
        let mut day = |field: &'static str, text: &str| match text.trim() {
            "" => None,
            text => parse_end_of_day(text).or_else(|| {
                problems.push((field, Msg::DateInvalid));
                None
            }),
        };
        let from = day("from", from).map(|end_of_day| end_of_day - 86_399);
        let to = day("to", to);
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            problems.push(("to", Msg::DateRangeReversed));
        }
        if problems.is_empty() { Ok(AuditFilter { action, person, from, to }) } else { Err(problems) }
    }

    /// The person search as a SQL `LIKE` pattern: anywhere in the text, with the pattern's own
    /// wildcards (`%`, `_`) and the escape character taken literally (`ESCAPE '\'`).
    pub fn person_pattern(&self) -> Option<String> {
        self.person.as_ref().map(|person| {
            let escaped: String = person
                .chars()
                .flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] })
                .collect();
            format!("%{escaped}%")
        })
    }
}

/// Where a page of the audit log starts: just after the entry at `occurred_at` with `id`
/// (keyset pagination, newest first), so that a page costs the same however far back it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditCursor {
    pub occurred_at: i64,
    pub id: String,
}

impl AuditCursor {
    /// As it travels in the page's address (`?after=…`).
    pub fn encode(&self) -> String {
        format!("{}.{}", self.occurred_at, self.id)
    }

    /// A cursor from an address; anything else (edited by hand) starts from the newest entry.
    pub fn decode(text: &str) -> Option<AuditCursor> {
        let (at, id) = text.trim().split_once('.')?;
        let id_is_plain = !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        Some(AuditCursor { occurred_at: at.parse().ok()?, id: id.to_string() }).filter(|_| id_is_plain)
    }
}

/// The name an erased person's account keeps: no one's name, the same in every language.
pub const ERASED_NAME: &str = "—";

/// The email an erased person's account gets: unique (it contains the account's id, and the
/// column is unique), and not an address (no `@`), so nothing can ever be sent to it and no
/// sign-in or invitation can match it.
pub fn erased_email(user_id: &str) -> String {
    format!("erased:{user_id}")
}

/// Whether the administrator typed the person's address to confirm an erasure (case and
/// surrounding spaces do not matter, as at sign-in).
pub fn confirms_erasure(typed: &str, email: &str) -> bool {
    let typed = typed.trim().to_lowercase();
    !typed.is_empty() && typed == email.trim().to_lowercase()
}

/// The moment before which an account counts as inactive, `days` days before `now`.
pub fn inactive_before(now: i64, days: u32) -> i64 {
    now - i64::from(days) * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_reads_what_was_typed_and_reports_each_bad_field() {
        let filter = AuditFilter::parse("sign_in_failed", "  Ona@Policija ", "2026-12-01", "2026-12-02").unwrap();
        assert_eq!(filter.action, Some(AuditAction::SignInFailed));
        assert_eq!(filter.person.as_deref(), Some("ona@policija"));
        assert_eq!(filter.from, Some(parse_end_of_day("2026-12-01").unwrap() - 86_399));
        assert_eq!(filter.to, Some(parse_end_of_day("2026-12-02").unwrap()));
        assert_eq!(filter.to.unwrap() - filter.from.unwrap(), 2 * 86_400 - 1, "both days whole");
        assert_eq!(AuditFilter::parse("", " ", "", ""), Ok(AuditFilter::default()));

        let problems = AuditFilter::parse("deleted", "", "2026-02-30", "yesterday").unwrap_err();
        assert_eq!(problems, vec![("action", Msg::AuditActionUnknown), ("from", Msg::DateInvalid), ("to", Msg::DateInvalid)]);
        assert_eq!(AuditFilter::parse("", "", "2026-12-02", "2026-12-01").unwrap_err(), vec![("to", Msg::DateRangeReversed)]);
        // One day is a valid range.
        assert!(AuditFilter::parse("", "", "2026-12-02", "2026-12-02").is_ok());
    }

    #[test]
    fn a_person_search_takes_wildcards_literally() {
        let filter = AuditFilter::parse("", "50%_a\\b", "", "").unwrap();
        assert_eq!(filter.person_pattern().as_deref(), Some("%50\\%\\_a\\\\b%"));
        assert_eq!(AuditFilter::default().person_pattern(), None);
    }

    #[test]
    fn cursors_round_trip_and_hand_edited_ones_are_ignored() {
        let cursor = AuditCursor { occurred_at: 1_800_000_000, id: "0190a6f2-7c1e-7a3b-9e1d-2b3c4d5e6f70".into() };
        assert_eq!(AuditCursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["", "12", "x.abc", "12.", "12.a'b", "12.a b"] {
            assert_eq!(AuditCursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn erasure_needs_the_exact_address_and_leaves_none() {
        assert!(confirms_erasure(" Ona@Policija.lt ", "ona@policija.lt"));
        assert!(!confirms_erasure("ona@policija.l", "ona@policija.lt"));
        assert!(!confirms_erasure("", ""));
        let email = erased_email("1234");
        assert!(!email.contains('@') && email.contains("1234"));
        assert_ne!(erased_email("a"), erased_email("b"));
    }

    #[test]
    fn inactivity_counts_whole_days_back() {
        assert_eq!(inactive_before(10 * 86_400, 3), 7 * 86_400);
        assert_eq!(inactive_before(100, 0), 100);
    }
}
