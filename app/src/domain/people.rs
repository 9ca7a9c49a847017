//! The rules of the administrators' people pages: what state an account is in, how the people
//! list is filtered and split into pages (its filters travel in the URL), and which role
//! changes an administrator may make.

use super::administration::AdminScope;
use super::roles::Role;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// Where an account stands, from its stored facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PersonStatus {
    /// Has a password and may sign in.
    Active,
    /// Has no password yet: waiting for the person to open their one-time link.
    Invited,
    /// May not sign in; their records and certificates stay.
    Deactivated,
    /// Their personal data has been erased.
    Erased,
}

impl PersonStatus {
    /// The statuses the people list can be filtered by, in the order offered.
    pub const FILTERABLE: [PersonStatus; 4] = [PersonStatus::Active, PersonStatus::Invited, PersonStatus::Deactivated, PersonStatus::Erased];

    /// Erasure outranks deactivation, which outranks the password: a deactivated person who never
    /// set a password is deactivated, not waiting.
    pub fn of(has_password: bool, deactivated_at: Option<i64>, erased_at: Option<i64>) -> PersonStatus {
        if erased_at.is_some() {
            PersonStatus::Erased
        } else if deactivated_at.is_some() {
            PersonStatus::Deactivated
        } else if has_password {
            PersonStatus::Active
        } else {
            PersonStatus::Invited
        }
    }

    /// The value in the list's URL (`?status=…`).
    pub fn code(self) -> &'static str {
        match self {
            PersonStatus::Active => "active",
            PersonStatus::Invited => "invited",
            PersonStatus::Deactivated => "deactivated",
            PersonStatus::Erased => "erased",
        }
    }

    pub fn from_code(code: &str) -> Option<PersonStatus> {
        [PersonStatus::Active, PersonStatus::Invited, PersonStatus::Deactivated, PersonStatus::Erased]
            .into_iter()
            .find(|status| status.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            PersonStatus::Active => Msg::StatusActive,
            PersonStatus::Invited => Msg::StatusInvited,
            PersonStatus::Deactivated => Msg::StatusDeactivated,
            PersonStatus::Erased => Msg::StatusErased,
        }
    }
}

/// People shown on one page of the list.
pub const PEOPLE_PER_PAGE: u32 = 50;

/// The longest search text kept: a name or an address is never longer.
const MAX_SEARCH_CHARS: usize = 254;

/// The people list's filters and page, as read from its URL. Anything unknown in the URL (a
/// stale bookmark, a hand-edited address) is ignored rather than refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleFilter {
    /// Part of a name or email address; empty: everyone.
    pub search: String,
    /// Only people of this organisation (platform administrators' filter).
    pub organisation_id: Option<String>,
    pub role: Option<Role>,
    pub status: Option<PersonStatus>,
    /// The page, from 1.
    pub page: u32,
}

impl PeopleFilter {
    /// The filter from the URL's values, each as typed (empty when absent).
    pub fn from_query(search: &str, organisation: &str, role: &str, status: &str, page: &str) -> PeopleFilter {
        let search: String = search.trim().chars().take(MAX_SEARCH_CHARS).collect();
        let organisation = organisation.trim();
        PeopleFilter {
            search,
            organisation_id: (!organisation.is_empty()).then(|| organisation.to_string()),
            role: Role::from_code(role.trim()),
            status: PersonStatus::from_code(status.trim()),
            page: page.trim().parse::<u32>().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// How many people the pages before this one hold.
    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * i64::from(PEOPLE_PER_PAGE)
    }

    /// The address of `page` of the list with the same filters.
    pub fn page_link(&self, path: &str, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if let Some(organisation) = &self.organisation_id {
            pairs.push(("organisation", organisation.clone()));
        }
        if let Some(role) = self.role {
            pairs.push(("role", role.code().to_string()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.code().to_string()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        if pairs.is_empty() {
            return path.to_string();
        }
        let query: Vec<String> = pairs.iter().map(|(name, value)| format!("{name}={}", percent_encode(value))).collect();
        format!("{path}?{}", query.join("&"))
    }
}

/// The number of pages `total` people fill (at least one, so that an empty list has a page 1).
pub fn page_count(total: i64) -> u32 {
    let per_page = i64::from(PEOPLE_PER_PAGE);
    u32::try_from(((total.max(0) + per_page - 1) / per_page).max(1)).unwrap_or(u32::MAX)
}

/// Encodes a query value: letters, digits and `-._~` stay, every other byte becomes `%XX`.
/// (The page also renders in the browser build, which has no URL crate.)
fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Whether `scope` may see and manage a person of `organisation_id` holding `roles`: within its
/// organisation and, for an organisation administrator, not a platform administrator (whose
/// account could otherwise be taken over from below).
pub fn may_manage(scope: &AdminScope, organisation_id: Option<&str>, roles: &[Role]) -> bool {
    scope.covers(organisation_id) && (scope == &AdminScope::Platform || !roles.contains(&Role::Administrator))
}

/// Checks a change of a person's roles from `before` to `after` by an administrator of `scope`
/// (`own`: their own account). Every role given or taken away must be one the scope may grant,
/// and nobody removes their own administrator role: the platform would otherwise be able to lose
/// its last administrator, and an organisation administrator would lock themselves out.
/// The error names the form field and the message to show beside it.
pub fn check_role_change(
    scope: &AdminScope,
    own: bool,
    before: &[Role],
    after: &[Role],
    has_organisation: bool,
) -> Result<(), (&'static str, Msg)> {
    super::accounts::validate_roles(after, has_organisation)?;
    let changed = Role::ALL.into_iter().filter(|role| before.contains(role) != after.contains(role));
    for role in changed {
        if !scope.may_grant(role) {
            return Err(("roles", Msg::MayNotGrantAdministrator));
        }
        if own && before.contains(&role) && matches!(role, Role::Administrator | Role::OrganisationAdministrator) {
            return Err(("roles", Msg::CannotRemoveOwnAdministrator));
        }
    }
    Ok(())
}

/// How a role change is written in the audit log: the role codes before and after.
pub fn roles_change_detail(before: &[Role], after: &[Role]) -> String {
    let codes = |roles: &[Role]| {
        let mut sorted = roles.to_vec();
        sorted.sort();
        sorted.iter().map(|role| role.code()).collect::<Vec<_>>().join(", ")
    };
    format!("{} -> {}", codes(before), codes(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_erasure_then_deactivation_then_password() {
        assert_eq!(PersonStatus::of(true, None, None), PersonStatus::Active);
        assert_eq!(PersonStatus::of(false, None, None), PersonStatus::Invited);
        assert_eq!(PersonStatus::of(false, Some(1), None), PersonStatus::Deactivated);
        assert_eq!(PersonStatus::of(true, Some(1), Some(2)), PersonStatus::Erased);
        for status in PersonStatus::FILTERABLE {
            assert_eq!(PersonStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(PersonStatus::from_code("archived"), None);
    }

    #[test]
    fn the_filter_reads_the_url_leniently_and_writes_it_back() {
        let filter = PeopleFilter::from_query("  Ona Ž&Co ", "org-1", "trainer", "invited", "3");
        assert_eq!(filter.search, "Ona Ž&Co");
        assert_eq!(filter.organisation_id.as_deref(), Some("org-1"));
        assert_eq!(filter.role, Some(Role::Trainer));
        assert_eq!(filter.status, Some(PersonStatus::Invited));
        assert_eq!(filter.page, 3);
        assert_eq!(filter.offset(), 100);
        assert_eq!(
            filter.page_link("/admin/people", 4),
            "/admin/people?q=Ona%20%C5%BD%26Co&organisation=org-1&role=trainer&status=invited&page=4"
        );
        assert_eq!(filter.page_link("/admin/people", 1), "/admin/people?q=Ona%20%C5%BD%26Co&organisation=org-1&role=trainer&status=invited");

        let stale = PeopleFilter::from_query("", "", "superuser", "archived", "-2");
        assert_eq!(stale, PeopleFilter { page: 1, ..PeopleFilter::default() });
        assert_eq!(stale.offset(), 0);
        assert_eq!(stale.page_link("/admin/people", 1), "/admin/people");
        assert_eq!(PeopleFilter::from_query("", "", "", "", "zero").page, 1);
        assert_eq!(PeopleFilter::from_query(&"x".repeat(1000), "", "", "", "").search.len(), 254);
    }

    #[test]
    fn pages_hold_fifty_people() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(50), 1);
        assert_eq!(page_count(51), 2);
        assert_eq!(page_count(100_000), 2_000);
    }

    #[test]
    fn organisation_administrators_manage_their_own_organisation_below_the_platform() {
        let own = AdminScope::Organisation("a".into());
        assert!(may_manage(&own, Some("a"), &[Role::Learner, Role::OrganisationAdministrator]));
        assert!(!may_manage(&own, Some("b"), &[Role::Learner]));
        assert!(!may_manage(&own, None, &[Role::Trainer]));
        assert!(!may_manage(&own, Some("a"), &[Role::Administrator]), "a platform administrator in the organisation");
        assert!(may_manage(&AdminScope::Platform, None, &[Role::Administrator]));
    }

    #[test]
    fn role_changes_respect_the_scope_and_nobody_drops_their_own_administrator_role() {
        let platform = AdminScope::Platform;
        let own = AdminScope::Organisation("a".into());
        use Role::*;
        assert_eq!(check_role_change(&platform, false, &[Learner], &[Learner, Administrator], true), Ok(()));
        assert_eq!(check_role_change(&own, false, &[Learner], &[Learner, Administrator], true), Err(("roles", Msg::MayNotGrantAdministrator)));
        assert_eq!(check_role_change(&own, false, &[Learner], &[Trainer, OrganisationAdministrator], true), Ok(()));
        assert_eq!(check_role_change(&platform, true, &[Administrator], &[Trainer], true), Err(("roles", Msg::CannotRemoveOwnAdministrator)));
        assert_eq!(check_role_change(&own, true, &[OrganisationAdministrator], &[Learner], true), Err(("roles", Msg::CannotRemoveOwnAdministrator)));
        // Adding a role to oneself while keeping the administrator role is fine.
        assert_eq!(check_role_change(&platform, true, &[Administrator], &[Administrator, Trainer], false), Ok(()));
        // Removing another administrator's role is fine: the one acting stays.
        assert_eq!(check_role_change(&platform, false, &[Administrator], &[Trainer], false), Ok(()));
        assert_eq!(check_role_change(&platform, false, &[Learner], &[], true), Err(("roles", Msg::RoleRequired)));
        assert_eq!(check_role_change(&platform, false, &[Trainer], &[Learner], false), Err(("organisation", Msg::OrganisationRequired)));
    }

    #[test]
    fn the_audit_detail_lists_the_role_codes_before_and_after() {
        assert_eq!(roles_change_detail(&[Role::Trainer, Role::Learner], &[Role::Learner]), "learner, trainer -> learner");
    }
}
