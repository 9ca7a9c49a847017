//! The mail server: its settings, the connection pool lettre keeps to it (rustls, no OpenSSL),
//! and one outbox message put on the wire.

use super::EmailError;
use crate::server::storage::outbox::ClaimedMail;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How the connection to the mail server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text: only for a relay on the same machine or a private network (and tests).
    None,
    /// Plain connection upgraded with STARTTLS, which must succeed (usually port 587).
    StartTls,
    /// TLS from the first byte ("SMTPS", usually port 465).
    Tls,
}

/// Where and as whom to send.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// User name and password, when the server wants them.
    pub credentials: Option<(String, String)>,
    /// The From address, such as `Tiltas <tiltas@academy.example>`.
    pub sender: String,
    /// Longest wait for the server at each step.
    pub timeout: Duration,
}

/// The password stays out of logs.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("sender", &self.sender)
            .finish()
    }
}

/// A connection pool to the mail server and the sender's address. Cheap to clone.
#[derive(Clone)]
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    sender: Mailbox,
    /// The domain of Message-IDs: the sender's, so that ids are unique to this deployment.
    id_domain: String,
}

/// How sending one message ended: `Transient` for a server down or busy or a 4xx answer,
/// `Permanent` for a malformed address or a 5xx answer.
pub use crate::server::delivery::Delivery;

impl Smtp {
    /// Checks the settings (the sender must be an address) and prepares the pool; connects
    /// only when the first message is sent.
    pub fn new(settings: &SmtpSettings) -> Result<Smtp, EmailError> {
        let sender: Mailbox = settings.sender.parse().map_err(|error| EmailError::Settings(format!("sender {:?}: {error}", settings.sender)))?;
        let builder = match settings.tls {
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
            TlsMode::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                .map_err(|error| EmailError::Settings(format!("TLS for {}: {error}", settings.host)))?,
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)
                .map_err(|error| EmailError::Settings(format!("TLS for {}: {error}", settings.host)))?,
        };
        let mut builder = builder.port(settings.port).timeout(Some(settings.timeout));
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let id_domain = sender.email.domain().to_string();
        Ok(Smtp { transport: builder.build(), sender, id_domain })
    }

    /// Sends one outbox message. Its Message-ID comes from the outbox row, so a message sent
    /// again after a crash between sending and recording it carries the same id.
    pub async fn send(&self, mail: &ClaimedMail) -> Delivery {
        let message = match self.message(mail) {
            Ok(message) => message,
            Err(problem) => return Delivery::Permanent(problem),
        };
        match self.transport.send(message).await {
            Ok(_) => Delivery::Sent,
            Err(error) if error.is_permanent() => Delivery::Permanent(error.to_string()),
            Err(error) => Delivery::Transient(error.to_string()),
        }
    }

    fn message(&self, mail: &ClaimedMail) -> Result<Message, String> {
        let to: Mailbox = mail.recipient.parse().map_err(|error| format!("recipient address: {error}"))?;
        Message::builder()
            .from(self.sender.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{}@{}>", mail.id, self.id_domain)))
            .multipart(MultiPart::alternative_plain_html(mail.body_text.clone(), mail.body_html.clone()))
            .map_err(|error| format!("message: {error}"))
    }
}
