//! Who administers what. A platform administrator administers everything; an organisation
//! administrator administers the people, cohorts, assignments and reports of their own
//! organisation and nothing else. Every administration service takes an [`AdminScope`] and
//! applies it in its queries, so a page and a direct call are limited alike.

use super::roles::Role;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminScope {
    /// Every organisation, and the people in none.
    Platform,
    /// The one organisation with this id.
    Organisation(String),
}

impl AdminScope {
    /// The scope of a person with `roles` in `organisation_id`, or `None` for someone who
    /// administers nothing. A platform administrator's scope wins over an organisation one; an
    /// organisation administrator without an organisation administers nothing.
    pub fn of(roles: &[Role], organisation_id: Option<&str>) -> Option<AdminScope> {
        if roles.contains(&Role::Administrator) {
            return Some(AdminScope::Platform);
        }
        if roles.contains(&Role::OrganisationAdministrator) {
            return organisation_id.map(|id| AdminScope::Organisation(id.to_string()));
        }
        None
    }

    /// Whether something belonging to `organisation_id` (`None`: to no organisation, or across
    /// organisations) is within this scope.
    pub fn covers(&self, organisation_id: Option<&str>) -> bool {
        match self {
            AdminScope::Platform => true,
            AdminScope::Organisation(own) => organisation_id == Some(own.as_str()),
        }
    }

    /// The organisation a query is limited to; `None` for the platform scope.
    pub fn organisation_filter(&self) -> Option<&str> {
        match self {
            AdminScope::Platform => None,
            AdminScope::Organisation(id) => Some(id),
        }
    }

    /// Roles this scope may give or take away: an organisation administrator manages learners,
    /// trainers and fellow organisation administrators, never platform administrators.
    pub fn may_grant(&self, role: Role) -> bool {
        match self {
            AdminScope::Platform => true,
            AdminScope::Organisation(_) => role != Role::Administrator,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_administrators_see_everything_and_organisation_administrators_their_own() {
        let platform = AdminScope::of(&[Role::Administrator, Role::OrganisationAdministrator], Some("a")).unwrap();
        assert_eq!(platform, AdminScope::Platform);
        assert!(platform.covers(Some("b")) && platform.covers(None));
        assert_eq!(platform.organisation_filter(), None);

        let own = AdminScope::of(&[Role::OrganisationAdministrator], Some("a")).unwrap();
        assert!(own.covers(Some("a")));
        assert!(!own.covers(Some("b")));
        assert!(!own.covers(None), "people in no organisation are the platform's");
        assert_eq!(own.organisation_filter(), Some("a"));
        assert!(own.may_grant(Role::Trainer) && own.may_grant(Role::OrganisationAdministrator));
        assert!(!own.may_grant(Role::Administrator));
    }

    #[test]
    fn others_administer_nothing() {
        assert_eq!(AdminScope::of(&[Role::Learner, Role::Trainer], Some("a")), None);
        assert_eq!(AdminScope::of(&[Role::OrganisationAdministrator], None), None);
    }
}
