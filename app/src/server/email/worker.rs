//! The email worker `tiltas serve` starts when a mail server is configured: every few seconds it
//! claims the due messages through the database and sends them, and every few minutes it
//! stores the reminders the data calls for. Several instances may run it against one database:
//! claims and unique keys (see `storage::outbox`) keep every message to one sender.
//!
//! On shutdown it finishes the message in hand and stops claiming; a message claimed but not
//! sent is sent by whichever worker finds its claim expired.

use super::smtp::Smtp;
use super::{EmailError, MailOptions, reminders};
use crate::server::context::AppState;
use crate::server::delivery::{self, Claimed, Courier, Delivery};
use crate::server::storage::outbox::{self, ClaimedMail};
use crate::server::storage::{Db, StorageResult, now};
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

pub use crate::server::delivery::Round;

/// The outbox's side of a delivery round (`server::delivery`).
impl Courier for Smtp {
    type Item = ClaimedMail;
    const WHAT: &'static str = "email";

    fn claimed(mail: &ClaimedMail) -> Claimed<'_> {
        Claimed { id: &mail.id, kind: &mail.kind, attempts: mail.attempts }
    }

    async fn claim(&self, db: &Db, now: i64, lease_seconds: i64, limit: i64) -> StorageResult<Vec<ClaimedMail>> {
        outbox::claim_due(db, now, lease_seconds, limit).await
    }

    async fn send(&self, mail: &ClaimedMail) -> Delivery {
        Smtp::send(self, mail).await
    }

    async fn release(&self, db: &Db, id: &str) -> StorageResult<()> {
        outbox::release(db, id).await
    }

    async fn mark_sent(&self, db: &Db, id: &str, now: i64) -> StorageResult<()> {
        outbox::mark_sent(db, id, now).await
    }

    async fn mark_failed(&self, db: &Db, id: &str, now: i64, retry_at: Option<i64>, error: &str) -> StorageResult<()> {
        outbox::mark_failed(db, id, now, retry_at, error).await
    }
}

/// Claims the due messages and sends each, recording the outcome. Once `stop` turns true, the
/// messages not yet sent are given back instead.
pub async fn deliver_due(state: &AppState, smtp: &Smtp, timing: &WorkerTiming, stop: &watch::Receiver<bool>) -> Result<Round, EmailError> {
    Ok(delivery::deliver_due(&state.db, smtp, timing.lease, timing.batch, stop).await?)
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
