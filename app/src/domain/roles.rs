//! Roles a person can hold. A person may hold several (a trainer who also administers).

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Learner,
    Trainer,
    /// Administers the whole platform: every organisation, person, cohort and report.
    Administrator,
    /// Administers the people, cohorts, assignments and reports of their own organisation only.
    OrganisationAdministrator,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Learner, Role::Trainer, Role::Administrator, Role::OrganisationAdministrator];

    /// The stable name stored in the database and used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Trainer => "trainer",
            Role::Administrator => "administrator",
            Role::OrganisationAdministrator => "organisation_administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Learner => Msg::RoleLearner,
            Role::Trainer => Msg::RoleTrainer,
            Role::Administrator => Msg::RoleAdministrator,
            Role::OrganisationAdministrator => Msg::RoleOrganisationAdministrator,
        }
    }
}

/// The roles ticked in a form's four role checkboxes (a checkbox is sent only when ticked).
pub fn ticked_roles(learner: &Option<String>, trainer: &Option<String>, administrator: &Option<String>, organisation_administrator: &Option<String>) -> Vec<Role> {
    [
        (Role::Learner, learner),
        (Role::Trainer, trainer),
        (Role::Administrator, administrator),
        (Role::OrganisationAdministrator, organisation_administrator),
    ]
    .into_iter()
    .filter(|(_, value)| value.is_some())
    .map(|(role, _)| role)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("admin"), None);
    }

    #[test]
    fn ticked_checkboxes_give_their_roles() {
        let on = Some("on".to_string());
        assert_eq!(ticked_roles(&on, &None, &None, &on), vec![Role::Learner, Role::OrganisationAdministrator]);
        assert_eq!(ticked_roles(&None, &None, &None, &None), Vec::<Role>::new());
    }
}
