//! Validation of what people type when accounts are created or changed. Each rule returns the
//! message to show beside the field, so the same rules serve the browser form, the server
//! function and the command line.

use super::roles::Role;
use crate::i18n::Msg;

pub const MIN_PASSWORD_CHARS: usize = 12;
/// Argon2 accepts any length, but an unbounded password is a cheap way to make the server hash
/// megabytes; 200 characters leaves room for long passphrases.
pub const MAX_PASSWORD_CHARS: usize = 200;
pub const MAX_NAME_CHARS: usize = 120;

/// Lower-cases and trims an email address so `Ona@Policija.lt ` and `ona@policija.lt` are one account.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately modest check: one `@`, something before it, a dot in the domain, no spaces.
/// Full RFC 5322 validation rejects nothing a person mistypes more often than this does.
pub fn validate_email(email: &str) -> Result<String, Msg> {
    let email = normalise_email(email);
    let Some((local, domain)) = email.split_once('@') else {
        return Err(Msg::EmailInvalid);
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) || email.len() > 254 {
        return Err(Msg::EmailInvalid);
    }
    Ok(email)
}

pub fn validate_name(name: &str) -> Result<String, Msg> {
    let name = name.trim();
    if name.is_empty() {
        Err(Msg::NameRequired)
    } else if name.chars().count() > MAX_NAME_CHARS {
        Err(Msg::NameTooLong)
    } else {
        Ok(name.to_string())
    }
}

pub fn validate_new_password(password: &str, confirmation: &str) -> Result<(), Msg> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        Err(Msg::PasswordTooShort)
    } else if length > MAX_PASSWORD_CHARS {
        Err(Msg::PasswordTooLong)
    } else if password != confirmation {
        Err(Msg::PasswordsDiffer)
    } else {
        Ok(())
    }
}

/// Which of the two password fields a password rule's message belongs beside.
pub fn password_error_field<'a>(message: Msg, password_field: &'a str, confirmation_field: &'a str) -> &'a str {
    if message == Msg::PasswordsDiffer { confirmation_field } else { password_field }
}

/// Roles must not be empty, and a learner must belong to an organisation (their progress is
/// reported to it).
pub fn validate_roles(roles: &[Role], has_organisation: bool) -> Result<(), (&'static str, Msg)> {
    if roles.is_empty() {
        return Err(("roles", Msg::RoleRequired));
    }
    if (roles.contains(&Role::Learner) || roles.contains(&Role::OrganisationAdministrator)) && !has_organisation {
        return Err(("organisation", Msg::OrganisationRequired));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(validate_email("  Ona@Policija.LT "), Ok("ona@policija.lt".into()));
        for bad in ["", "ona", "@policija.lt", "ona@", "ona@lt", "ona@.lt", "ona@policija.", "o na@x.lt", "a@b@c.lt"] {
            assert_eq!(validate_email(bad), Err(Msg::EmailInvalid), "{bad:?}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(validate_name("  Ona Petraitienė "), Ok("Ona Petraitienė".into()));
        assert_eq!(validate_name("   "), Err(Msg::NameRequired));
        assert_eq!(validate_name(&"ą".repeat(121)), Err(Msg::NameTooLong));
        assert!(validate_name(&"ą".repeat(120)).is_ok());
    }

    #[test]
    fn password_rules_count_characters_not_bytes() {
        assert_eq!(validate_new_password("short", "short"), Err(Msg::PasswordTooShort));
        // Twelve Lithuanian letters are 24 bytes but twelve characters: acceptable.
        assert_eq!(validate_new_password("ąčęėįšųūžąčę", "ąčęėįšųūžąčę"), Ok(()));
        assert_eq!(validate_new_password("ąčęėįšųūžąč", "ąčęėįšųūžąč"), Err(Msg::PasswordTooShort));
        assert_eq!(validate_new_password("long enough pass", "long enough pas"), Err(Msg::PasswordsDiffer));
        let huge = "x".repeat(201);
        assert_eq!(validate_new_password(&huge, &huge), Err(Msg::PasswordTooLong));
    }

    #[test]
    fn a_mismatch_is_shown_beside_the_repeated_password() {
        assert_eq!(password_error_field(Msg::PasswordsDiffer, "password", "password_confirmation"), "password_confirmation");
        assert_eq!(password_error_field(Msg::PasswordTooShort, "password", "password_confirmation"), "password");
    }

    #[test]
    fn learners_need_an_organisation() {
        assert_eq!(validate_roles(&[], true), Err(("roles", Msg::RoleRequired)));
        assert_eq!(validate_roles(&[Role::Learner], false), Err(("organisation", Msg::OrganisationRequired)));
        assert_eq!(validate_roles(&[Role::Administrator], false), Ok(()));
        assert_eq!(validate_roles(&[Role::Learner, Role::Trainer], true), Ok(()));
    }
}
