//! What the email and xAPI workers share (issue 15): one round of delivery from a table of work
//! claimed through the database (`storage::work_queue`), written once. A `Courier` says how to
//! claim, send and record its kind of work; `deliver_due` claims the due items, sends each,
//! and records it sent, to be tried again after the back-off of `domain::email::retry_delay`
//! (a minute, doubling, for about eight hours), or given up.

use crate::domain::email::retry_delay;
use crate::server::storage::{Db, StorageResult, now};
use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;

/// How sending one item ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Delivered (for xAPI also: the LRS has it already).
    Sent,
    /// Worth trying again later (the server down or busy).
    Transient(String),
    /// Will never work as it is: give up now, and keep the reason.
    Permanent(String),
}

/// What one delivery round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub given_up: usize,
}

/// One claimed item, as the round sees it.
pub struct Claimed<'a> {
    pub id: &'a str,
    /// For the log: the kind of message or statement.
    pub kind: &'a str,
    /// Tries made before this one.
    pub attempts: i64,
}

/// A worker's side of one table of work.
pub trait Courier: Sync {
    type Item: Send + Sync;
    /// For the log: "email", "xAPI statement".
    const WHAT: &'static str;

    fn claimed(item: &Self::Item) -> Claimed<'_>;
    fn claim(&self, db: &Db, now: i64, lease_seconds: i64, limit: i64) -> impl Future<Output = StorageResult<Vec<Self::Item>>> + Send;
    fn send(&self, item: &Self::Item) -> impl Future<Output = Delivery> + Send;
    /// Gives a claimed item back unsent.
    fn release(&self, db: &Db, id: &str) -> impl Future<Output = StorageResult<()>> + Send;
    fn mark_sent(&self, db: &Db, id: &str, now: i64) -> impl Future<Output = StorageResult<()>> + Send;
    /// A failed try: again from `retry_at`, or given up with `None`.
    fn mark_failed(&self, db: &Db, id: &str, now: i64, retry_at: Option<i64>, error: &str) -> impl Future<Output = StorageResult<()>> + Send;
}

/// Claims up to `batch` due items for `lease` and sends each, recording the outcome. Once
/// `stop` turns true, the items not yet sent are given back instead.
pub async fn deliver_due<C: Courier>(db: &Db, courier: &C, lease: Duration, batch: i64, stop: &watch::Receiver<bool>) -> StorageResult<Round> {
    let claimed = courier.claim(db, now(), lease.as_secs() as i64, batch).await?;
    let mut round = Round::default();
    for item in &claimed {
        let Claimed { id, kind, attempts } = C::claimed(item);
        if *stop.borrow() {
            courier.release(db, id).await?;
            continue;
        }
        let attempts = attempts + 1;
        let what = C::WHAT;
        match courier.send(item).await {
            Delivery::Sent => {
                courier.mark_sent(db, id, now()).await?;
                tracing::info!(what, kind, id, "sent");
                round.sent += 1;
            }
            Delivery::Transient(error) if retry_delay(attempts).is_some() => {
                let retry_at = now() + retry_delay(attempts).unwrap_or_default();
                courier.mark_failed(db, id, now(), Some(retry_at), &error).await?;
                tracing::warn!(what, kind, id, attempts, %error, "not sent; will try again");
                round.retrying += 1;
            }
            Delivery::Transient(error) | Delivery::Permanent(error) => {
                courier.mark_failed(db, id, now(), None, &error).await?;
                tracing::error!(what, kind, id, attempts, %error, "given up");
                round.given_up += 1;
            }
        }
    }
    Ok(round)
}
