//! Email settings of `tiltas serve` (issue 15): the SMTP server and when reminders go out.
//! Without `--smtp-host` nothing is emailed and everything works as before.

use clap::{Args, ValueEnum};
use tiltas_app::domain::email::ReminderPolicy;
use tiltas_app::i18n::Locale;
use tiltas_app::server::email::MailOptions;
use tiltas_app::server::email::smtp::{SmtpSettings, TlsMode};

#[derive(Debug, Args, Clone)]
pub struct EmailArgs {
    /// Mail server that sends invitations, password resets, reminders and the approval digest.
    /// Unset: nothing is emailed, and one-time links are shown to the administrator only.
    #[arg(long, env = "TILTAS_SMTP_HOST")]
    pub smtp_host: Option<String>,

    /// Port of the mail server. Default: 465 with `--smtp-tls tls`, 587 with `starttls`, 25 with `none`.
    #[arg(long, env = "TILTAS_SMTP_PORT")]
    pub smtp_port: Option<u16>,

    /// How the connection is protected: `starttls` (upgrade, required), `tls` (from the first
    /// byte) or `none` (only for a relay on this machine or a private network).
    #[arg(long, env = "TILTAS_SMTP_TLS", value_enum, default_value_t = SmtpTls::Starttls)]
    pub smtp_tls: SmtpTls,

    /// User name at the mail server, if it wants one (then a password is needed too).
    #[arg(long, env = "TILTAS_SMTP_USER")]
    pub smtp_user: Option<String>,

    /// Password at the mail server. Prefer --smtp-password-file: a command line is visible to
    /// everyone on the machine.
    #[arg(long, env = "TILTAS_SMTP_PASSWORD", hide_env_values = true, conflicts_with = "smtp_password_file")]
    pub smtp_password: Option<Secret>,

    /// File holding the password at the mail server (its first line), such as a container secret.
    #[arg(long, env = "TILTAS_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<std::path::PathBuf>,

    /// The From address of every message, such as `Tiltas <tiltas@academy.example>`. Required
    /// with --smtp-host.
    #[arg(long, env = "TILTAS_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Language of messages to people who never chose one: `en` or `lt`.
    #[arg(long, env = "TILTAS_MAIL_LANGUAGE", default_value = "en", value_parser = parse_locale)]
    pub mail_language: Locale,

    /// Days before an assigned course's due date that its learner is reminded (and once more
    /// when it is overdue).
    #[arg(long, env = "TILTAS_REMINDER_DAYS", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub reminder_days: u32,

    /// Days before a certificate expires that its holder is reminded.
    #[arg(long, env = "TILTAS_EXPIRY_REMINDER_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub expiry_reminder_days: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

/// A value kept out of `Debug` output and logs.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(value: &str) -> Result<Secret, Self::Err> {
        Ok(Secret(value.to_string()))
    }
}

fn parse_locale(code: &str) -> Result<Locale, String> {
    Locale::from_code(code).ok_or_else(|| format!("unknown language {code:?}; use en or lt"))
}

impl EmailArgs {
    /// The mail server and the services' email options, or `None` when no SMTP host is set. An
    /// error names what is missing or unreadable.
    pub fn settings(&self) -> Result<Option<(SmtpSettings, MailOptions)>, String> {
        let Some(host) = self.smtp_host.as_deref().map(str::trim).filter(|host| !host.is_empty()) else {
            return Ok(None);
        };
        let sender = self.mail_from.clone().filter(|from| !from.trim().is_empty()).ok_or("--smtp-host needs --mail-from (TILTAS_MAIL_FROM)")?;
        let password = match (&self.smtp_password, &self.smtp_password_file) {
            (Some(secret), _) => Some(secret.0.clone()),
            (None, Some(path)) => {
                let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read --smtp-password-file {}: {error}", path.display()))?;
                Some(text.lines().next().unwrap_or_default().to_string())
            }
            (None, None) => None,
        };
        let credentials = match (&self.smtp_user, password) {
            (Some(user), Some(password)) => Some((user.clone(), password)),
            (None, None) => None,
            (Some(_), None) => return Err("--smtp-user needs --smtp-password-file or --smtp-password".into()),
            (None, Some(_)) => return Err("an SMTP password needs --smtp-user".into()),
        };
        let (tls, default_port) = match self.smtp_tls {
            SmtpTls::None => (TlsMode::None, 25),
            SmtpTls::Starttls => (TlsMode::StartTls, 587),
            SmtpTls::Tls => (TlsMode::Tls, 465),
        };
        let smtp = SmtpSettings {
            host: host.to_string(),
            port: self.smtp_port.unwrap_or(default_port),
            tls,
            credentials,
            sender,
            timeout: std::time::Duration::from_secs(30),
        };
        let options = MailOptions {
            default_locale: self.mail_language,
            reminders: ReminderPolicy { due_soon_days: i64::from(self.reminder_days), expiry_days: i64::from(self.expiry_reminder_days) },
        };
        Ok(Some((smtp, options)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn email_args(args: &[&str]) -> EmailArgs {
        // Flags only; like every test here, these assume no TILTAS_SMTP_* or TILTAS_MAIL_* variables.
        let cli = Cli::try_parse_from(["tiltas", "serve"].iter().chain(args)).expect("the flags parse");
        match cli.command {
            Some(Command::Serve(serve)) => serve.email,
            other => panic!("not serve: {other:?}"),
        }
    }

    #[test]
    fn without_a_host_nothing_is_emailed() {
        assert!(email_args(&["--mail-from", "t@x.example"]).settings().unwrap().is_none());
    }

    #[test]
    fn the_port_follows_the_tls_mode_unless_given() {
        let port = |extra: &[&str]| {
            let mut args = vec!["--smtp-host", "mail.example", "--mail-from", "Tiltas <t@x.example>"];
            args.extend_from_slice(extra);
            email_args(&args).settings().unwrap().unwrap().0.port
        };
        assert_eq!(port(&[]), 587);
        assert_eq!(port(&["--smtp-tls", "tls"]), 465);
        assert_eq!(port(&["--smtp-tls", "none"]), 25);
        assert_eq!(port(&["--smtp-tls", "none", "--smtp-port", "2525"]), 2525);
    }

    #[test]
    fn the_password_file_gives_its_first_line_and_the_password_never_shows_in_debug() {
        let file = std::env::temp_dir().join(format!("tiltas-smtp-password-{}", std::process::id()));
        std::fs::write(&file, "s3cret pass\nsecond line\n").unwrap();
        let args = email_args(&[
            "--smtp-host", "mail.example", "--mail-from", "t@x.example", "--smtp-user", "tiltas",
            "--smtp-password-file", file.to_str().unwrap(), "--mail-language", "lt", "--reminder-days", "5",
        ]);
        let (smtp, options) = args.settings().unwrap().unwrap();
        std::fs::remove_file(&file).unwrap();
        assert_eq!(smtp.credentials, Some(("tiltas".to_string(), "s3cret pass".to_string())));
        assert_eq!(options.default_locale, Locale::Lt);
        assert_eq!(options.reminders, ReminderPolicy { due_soon_days: 5, expiry_days: 30 });
        assert!(!format!("{smtp:?}").contains("s3cret"));
        let inline = email_args(&["--smtp-host", "h", "--mail-from", "t@x.example", "--smtp-user", "u", "--smtp-password", "s3cret"]);
        assert!(!format!("{inline:?}").contains("s3cret"));
    }

    #[test]
    fn incomplete_settings_are_refused_with_what_is_missing() {
        let error = |args: &[&str]| email_args(args).settings().unwrap_err();
        assert!(error(&["--smtp-host", "mail.example"]).contains("--mail-from"));
        assert!(error(&["--smtp-host", "h", "--mail-from", "t@x.example", "--smtp-user", "u"]).contains("password"));
        assert!(error(&["--smtp-host", "h", "--mail-from", "t@x.example", "--smtp-password", "p"]).contains("--smtp-user"));
        let missing = "/nonexistent/tiltas-password";
        assert!(error(&["--smtp-host", "h", "--mail-from", "t@x.example", "--smtp-user", "u", "--smtp-password-file", missing]).contains(missing));
        assert!(Cli::try_parse_from(["tiltas", "serve", "--mail-language", "de"]).is_err());
    }
}
