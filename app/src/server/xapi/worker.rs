//! The xAPI worker `tiltas serve` starts when an LRS is configured: every few seconds it claims
//! the due statements through the database and sends them, one delivery round at a time
//! (`server::delivery`, shared with the email worker: claims, back-off, giving up). Several
//! instances may run it against one database: claims (see `storage::work_queue`) keep every
//! statement to one sender at a time, and a statement sent twice (a worker stopped mid-send) has
//! the same id both times, so the LRS keeps one.
//!
//! A statement the LRS refuses (a 4xx other than 409 and 429) is given up at once and kept
//! whole, with the LRS's answer, for inspection (docs/xapi.md says how to send it again).

use super::lrs::Lrs;
use crate::server::context::AppState;
use crate::server::delivery::{self, Claimed, Courier, Delivery, Round};
use crate::server::email::worker::WorkerTiming;
use crate::server::storage::xapi_statements::{self, ClaimedStatement};
use crate::server::storage::{Db, StorageResult};
use tokio::sync::watch;

/// The statements' side of a delivery round.
impl Courier for Lrs {
    type Item = ClaimedStatement;
    const WHAT: &'static str = "xAPI statement";

    fn claimed(statement: &ClaimedStatement) -> Claimed<'_> {
        Claimed { id: &statement.id, kind: &statement.kind, attempts: statement.attempts }
    }

    async fn claim(&self, db: &Db, now: i64, lease_seconds: i64, limit: i64) -> StorageResult<Vec<ClaimedStatement>> {
        xapi_statements::claim_due(db, now, lease_seconds, limit).await
    }

    async fn send(&self, statement: &ClaimedStatement) -> Delivery {
        Lrs::send(self, statement.statement.clone()).await
    }

    async fn release(&self, db: &Db, id: &str) -> StorageResult<()> {
        xapi_statements::release(db, id).await
    }

    async fn mark_sent(&self, db: &Db, id: &str, now: i64) -> StorageResult<()> {
        xapi_statements::mark_sent(db, id, now).await
    }

    async fn mark_failed(&self, db: &Db, id: &str, now: i64, retry_at: Option<i64>, error: &str) -> StorageResult<()> {
        xapi_statements::mark_failed(db, id, now, retry_at, error).await
    }
}

/// Claims the due statements and sends each, recording the outcome. Once `stop` turns true,
/// the statements not yet sent are given back instead.
pub async fn deliver_due(state: &AppState, lrs: &Lrs, timing: &WorkerTiming, stop: &watch::Receiver<bool>) -> StorageResult<Round> {
    delivery::deliver_due(&state.db, lrs, timing.lease, timing.batch, stop).await
}

/// Runs until `shutdown` turns true (or its sender is dropped).
pub async fn run(state: AppState, lrs: Lrs, timing: WorkerTiming, mut shutdown: watch::Receiver<bool>) {
    tracing::info!(endpoint = %lrs.settings().endpoint, "xAPI worker started");
    loop {
        if *shutdown.borrow() {
            break;
        }
        if let Err(error) = deliver_due(&state, &lrs, &timing, &shutdown).await {
            tracing::warn!(%error, "cannot deliver xAPI statements; trying again later");
        }
        tokio::select! {
            _ = tokio::time::sleep(timing.poll) => {}
            changed = shutdown.changed() => if changed.is_err() { break },
        }
    }
    tracing::info!("xAPI worker stopped");
}
