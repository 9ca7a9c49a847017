//! The email worker `tiltas serve` starts when a mail server is configured: every few seconds it
//! claims the due messages through the database and sends them, and every few minutes it
//! stores the reminders the data calls for. Several instances may run it against one database:
//! claims and unique keys (see `storage::outbox`) keep every message to one sender.
//!
//! On shutdown it finishes the message in hand and stops claiming; a message claimed but not
//! sent is sent by whichever worker finds its claim expired.

use super::smtp::{Delivery, Smtp};
use super::{EmailError, MailOptions, reminders};
use crate::domain::email::retry_delay;
use crate::server::context::AppState;
use crate::server::storage::{now, outbox};
use std::time::Duration;
use tokio::sync::watch;

/// How often the worker looks, and how long a claim lasts.
#[derive(Clone, Copy, Debug)]
pub struct WorkerTiming {
    /// Pause between looks at the outbox.
    pub poll: Duration,
    /// Pause between computations of reminders.
    pub reminders_every: Duration,
    /// How long a claimed message is this worker's alone: longer than sending a batch takes.
    pub lease: Duration,
    /// Most messages claimed at once.
    pub batch: i64,
}

impl Default for WorkerTiming {
    fn default() -> Self {
        WorkerTiming {
            poll: Duration::from_secs(5),
            reminders_every: Duration::from_secs(10 * 60),
            lease: Duration::from_secs(15 * 60),
            batch: 10,
        }
    }
}

/// What one delivery round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub given_up: usize,
}

/// Claims the due messages and sends each, recording the outcome. Once `stop` turns true, the
/// messages not yet sent are given back instead.
pub async fn deliver_due(state: &AppState, smtp: &Smtp, timing: &WorkerTiming, stop: &watch::Receiver<bool>) -> Result<Round, EmailError> {
    let claimed = outbox::claim_due(&state.db, now(), timing.lease.as_secs() as i64, timing.batch).await?;
    let mut round = Round::default();
    for mail in claimed {
        if *stop.borrow() {
            outbox::release(&state.db, &mail.id).await?;
            continue;
        }
        let attempts = mail.attempts + 1;
        match smtp.send(&mail).await {
            Delivery::Sent => {
                outbox::mark_sent(&state.db, &mail.id, now()).await?;
                tracing::info!(kind = %mail.kind, id = %mail.id, "email sent");
                round.sent += 1;
            }
            Delivery::Transient(error) if retry_delay(attempts).is_some() => {
                let retry_at = now() + retry_delay(attempts).unwrap_or_default();
                outbox::mark_failed(&state.db, &mail.id, now(), Some(retry_at), &error).await?;
                tracing::warn!(kind = %mail.kind, id = %mail.id, attempts, %error, "email not sent; will try again");
                round.retrying += 1;
            }
            Delivery::Transient(error) | Delivery::Permanent(error) => {
                outbox::mark_failed(&state.db, &mail.id, now(), None, &error).await?;
                tracing::error!(kind = %mail.kind, id = %mail.id, attempts, %error, "email given up");
                round.given_up += 1;
            }
        }
    }
    Ok(round)
}

/// Runs until `shutdown` turns true (or its sender is dropped).
pub async fn run(state: AppState, options: MailOptions, smtp: Smtp, timing: WorkerTiming, mut shutdown: watch::Receiver<bool>) {
    tracing::info!("email worker started");
    let mut next_reminders = tokio::time::Instant::now();
    loop {
        if *shutdown.borrow() {
            break;
        }
        if tokio::time::Instant::now() >= next_reminders {
            match reminders::enqueue_reminders(&state, &options, now()).await {
                Ok(0) => {}
                Ok(stored) => tracing::info!(stored, "reminders queued"),
                Err(error) => tracing::warn!(%error, "cannot compute reminders; trying again later"),
            }
            next_reminders = tokio::time::Instant::now() + timing.reminders_every;
        }
        if let Err(error) = deliver_due(&state, &smtp, &timing, &shutdown).await {
            tracing::warn!(%error, "cannot deliver email; trying again later");
        }
        tokio::select! {
            _ = tokio::time::sleep(timing.poll) => {}
            changed = shutdown.changed() => if changed.is_err() { break },
        }
    }
    tracing::info!("email worker stopped");
}
