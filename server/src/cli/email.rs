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
