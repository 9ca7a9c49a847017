//! The xAPI worker `tiltas serve` starts when an LRS is configured: every few seconds it claims
//! the due statements through the database and sends them. Several instances may run it against
//! one database: claims (see `storage::work_queue`) keep every statement to one sender at a
//! time, and a statement sent twice (a worker stopped mid-send) has the same id both times, so
//! the LRS keeps one.
//!
//! Retries back off as the email's do (`domain::email::retry_delay`): a minute, doubling, for
//! about eight hours; then the statement is given up and kept with the LRS's last answer.

use super::lrs::{Delivery, Lrs};
use crate::domain::email::retry_delay;
use crate::server::context::AppState;
use crate::server::email::worker::{Round, WorkerTiming};
use crate::server::storage::{StorageResult, now, xapi_statements};
use tokio::sync::watch;

/// Claims the due statements and sends each, recording the outcome. Once `stop` turns true,
/// the statements not yet sent are given back instead.
pub async fn deliver_due(state: &AppState, lrs: &Lrs, timing: &WorkerTiming, stop: &watch::Receiver<bool>) -> StorageResult<Round> {
    let claimed = xapi_statements::claim_due(&state.db, now(), timing.lease.as_secs() as i64, timing.batch).await?;
    let mut round = Round::default();
    for statement in claimed {
        if *stop.borrow() {
            xapi_statements::release(&state.db, &statement.id).await?;
            continue;
        }
        let attempts = statement.attempts + 1;
        match lrs.send(statement.statement).await {
            Delivery::Delivered => {
                xapi_statements::mark_sent(&state.db, &statement.id, now()).await?;
                tracing::debug!(kind = %statement.kind, id = %statement.id, "xAPI statement sent");
                round.sent += 1;
            }
            Delivery::Transient(error) if retry_delay(attempts).is_some() => {
                let retry_at = now() + retry_delay(attempts).unwrap_or_default();
                xapi_statements::mark_failed(&state.db, &statement.id, now(), Some(retry_at), &error).await?;
                tracing::warn!(kind = %statement.kind, id = %statement.id, attempts, %error, "xAPI statement not sent; will try again");
                round.retrying += 1;
            }
            Delivery::Transient(error) | Delivery::Permanent(error) => {
                xapi_statements::mark_failed(&state.db, &statement.id, now(), None, &error).await?;
                tracing::error!(kind = %statement.kind, id = %statement.id, attempts, %error, "xAPI statement given up");
                round.given_up += 1;
            }
        }
    }
    Ok(round)
}

/// Runs until `shutdown` turns true (or its sender is dropped).
pub async fn run(state: AppState, lrs: Lrs, timing: WorkerTiming, mut shutdown: watch::Receiver<bool>) {
    tracing::info!(endpoint = %lrs.settings().endpoint, "xAPI worker started");
    loop {
        if *shutdown.borrow() {
            break;
        }
        match deliver_due(&state, &lrs, &timing, &shutdown).await {
            Ok(round) if round != Round::default() => tracing::info!(?round, "xAPI statements delivered"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "cannot deliver xAPI statements; trying again later"),
        }
        tokio::select! {
            _ = tokio::time::sleep(timing.poll) => {}
            changed = shutdown.changed() => if changed.is_err() { break },
        }
    }
    tracing::info!("xAPI worker stopped");
}
