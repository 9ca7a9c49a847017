//! SQLite's write transactions, committed in groups.
//!
//! SQLite has one writer at a time, and every commit waits for the disk (one `fdatasync` of the
//! write-ahead log, about half a millisecond here) while no other writer may start. So the
//! writers of this process take turns at one gate, and each runs inside a savepoint of a
//! transaction that the writers queued behind it join: the transaction is committed once the
//! queue that stood behind its first writer has passed, by one `COMMIT`, one wait for the disk,
//! for all of them. A writer's `commit` returns only after that `COMMIT` succeeded, so nothing is
//! acknowledged before it is durable; if the `COMMIT` fails, every writer of the group is told.
//! A writer that fails or is dropped without committing rolls back to its savepoint: the others'
//! work stays. With one writer at a time this is a transaction of its own, as before.
//!
//! Only writers that ask for it join a group (`Db::begin_grouped`: a learner's progress). A
//! writer in a group sees the work of the writers before it that is not committed yet, so one
//! that fails because of it (a name already taken, say) and then looks through the pool might
//! not find it for a moment. Every other writer (`Db::begin`) has a transaction of its own: if
//! a group is open when its turn comes, it commits that group first, so it sees only what is
//! committed, as before groups.

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

/// What the writers of one group are told when it ends: committed, or why not.
type Outcome = Option<Result<(), String>>;

/// The gate: the open group, if any.
#[derive(Default)]
pub(super) struct Gate {
    open: Option<Group>,
    groups_begun: u64,
}

struct Group {
    number: u64,
    conn: PoolConnection<Any>,
    outcome: watch::Sender<Outcome>,
    /// Whether its commit is queued at the gate yet: once is enough.
    commit_queued: bool,
    /// Writers whose work it holds so far: a rollback that loses any is logged.
    writers: u32,
}

pub(super) type SharedGate = Arc<Mutex<Gate>>;

pub(super) fn new_gate() -> SharedGate {
    Arc::new(Mutex::new(Gate::default()))
}

/// One writer's turn, on the open group's connection.
pub(super) struct Turn {
    gate: Option<OwnedMutexGuard<Gate>>,
    shared: SharedGate,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Began a group that others may join. It needs no savepoint: nobody else's work is in the
    /// group before its turn ends.
    First,
    /// Joined an open group, in a savepoint.
    Joined,
    /// A transaction of its own, committed before the gate opens again.
    Alone,
}

const SAVEPOINT: &str = "SAVEPOINT tiltas_writer";
const RELEASE: &str = "RELEASE tiltas_writer";
const ROLLBACK_TO: &str = "ROLLBACK TO tiltas_writer; RELEASE tiltas_writer";

/// Waits for the gate (at most `wait`); then a writer that asks to be `grouped` joins the open
/// group (in a savepoint) or begins one, and any other commits the open group and begins a
/// transaction of its own.
pub(super) async fn begin(shared: &SharedGate, pool: &AnyPool, wait: Duration, grouped: bool) -> Result<Turn, sqlx::Error> {
    let mut gate = tokio::time::timeout(wait, shared.clone().lock_owned()).await.map_err(|_| sqlx::Error::PoolTimedOut)?;
    if !grouped {
        // Its writers are told if the commit fails; this writer goes on with a transaction of
        // its own either way.
        let _ = commit_open_group(&mut gate).await;
    }
    if gate.open.is_none() {
        let mut conn = pool.acquire().await?;
        // IMMEDIATE takes the write lock at once, so that no other process's writer can slip in
        // between this group's reads and its writes.
        conn.execute("BEGIN IMMEDIATE").await?;
        gate.groups_begun += 1;
        let (outcome, _) = watch::channel(None);
        gate.open = Some(Group { number: gate.groups_begun, conn, outcome, commit_queued: false, writers: 0 });
        let kind = if grouped { Kind::First } else { Kind::Alone };
        return Ok(Turn { gate: Some(gate), shared: shared.clone(), kind });
    }
    let group = gate.open.as_mut().expect("a group is open");
    if let Err(error) = group.conn.execute(SAVEPOINT).await {
        return Err(group_failed(&mut gate, error).await);
    }
    Ok(Turn { gate: Some(gate), shared: shared.clone(), kind: Kind::Joined })
}

impl Turn {
    pub(super) fn connection(&mut self) -> &mut AnyConnection {
        self.group_mut().conn.as_mut()
    }

    pub(super) fn connection_ref(&self) -> &AnyConnection {
        let group = self.gate.as_ref().and_then(|gate| gate.open.as_ref()).expect("a turn holds its open group");
        &group.conn
    }

    fn group_mut(&mut self) -> &mut Group {
        self.gate.as_mut().and_then(|gate| gate.open.as_mut()).expect("a turn holds its open group")
    }

    /// Keeps this writer's work in the group and returns once the group's `COMMIT` succeeded.
    pub(super) async fn commit(mut self) -> Result<(), sqlx::Error> {
        let mut gate = self.gate.take().expect("a turn holds the gate until it ends");
        if self.kind == Kind::Alone {
            return commit_open_group(&mut gate).await.map_err(not_committed);
        }
        let group = gate.open.as_mut().expect("a turn holds its open group");
        if self.kind == Kind::Joined
            && let Err(error) = group.conn.execute(RELEASE).await
        {
            return Err(group_failed(&mut gate, error).await);
        }
        group.writers += 1;
        let mut outcome = group.outcome.subscribe();
        hand_on(gate, self.shared.clone());
        let told = outcome.wait_for(Option::is_some).await.map_err(|_| group_lost())?;
        match told.as_ref() {
            Some(Ok(())) => Ok(()),
            Some(Err(reason)) => Err(not_committed(reason.clone())),
            None => Err(group_lost()),
        }
    }

    /// Undoes this writer's work; the group goes on.
    pub(super) async fn rollback(mut self) -> Result<(), sqlx::Error> {
        let gate = self.gate.take().expect("a turn holds the gate until it ends");
        roll_back_turn(gate, self.shared.clone(), self.kind).await
    }
}

impl Drop for Turn {
    /// A writer that returned early (an error) or whose request was cancelled: its savepoint is
    /// rolled back before the next writer's turn, which waits for the gate until then.
    fn drop(&mut self) {
        if let Some(gate) = self.gate.take() {
            let (shared, kind) = (self.shared.clone(), self.kind);
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(async move {
                        let _ = roll_back_turn(gate, shared, kind).await;
                    });
                }
                // No runtime left (the process is ending): the connection is closed, which
                // rolls the whole group back; none of it was acknowledged.
                Err(_) => drop_group(gate),
            }
        }
    }
}

/// Undoes one writer's work: back to its savepoint, or, for a writer alone in its group so far,
/// the whole group.
async fn roll_back_turn(mut gate: OwnedMutexGuard<Gate>, shared: SharedGate, kind: Kind) -> Result<(), sqlx::Error> {
    let Some(group) = gate.open.as_mut() else { return Ok(()) };
    if kind != Kind::Joined {
        return end_group(&mut gate, Err("rolled back".into())).await;
    }
    if let Err(error) = group.conn.execute(ROLLBACK_TO).await {
        return Err(group_failed(&mut gate, error).await);
    }
    hand_on(gate, shared);
    Ok(())
}

/// Lets the writers queued at the gate join the open group and, unless it is queued already,
/// queues the group's commit behind them (the gate is fair: first come, first served).
fn hand_on(mut gate: OwnedMutexGuard<Gate>, shared: SharedGate) {
    let Some(group) = gate.open.as_mut().filter(|group| !group.commit_queued) else { return };
    group.commit_queued = true;
    let number = group.number;
    drop(gate);
    tokio::spawn(async move {
        let mut gate = shared.lock_owned().await;
        if gate.open.as_ref().is_some_and(|group| group.number == number) {
            let _ = commit_open_group(&mut gate).await;
        }
    });
}

/// Commits the open group, if any, and tells its writers.
async fn commit_open_group(gate: &mut Gate) -> Result<(), String> {
    let Some(group) = gate.open.as_mut() else { return Ok(()) };
    let committed = group.conn.execute("COMMIT").await.map(|_| ()).map_err(|error| error.to_string());
    let _ = end_group(gate, committed.clone()).await;
    committed
}

/// Ends the open group with `outcome`, rolling it back first unless it committed, and tells its
/// writers. Returns how the rollback went.
async fn end_group(gate: &mut Gate, outcome: Result<(), String>) -> Result<(), sqlx::Error> {
    let Some(mut group) = gate.open.take() else { return Ok(()) };
    let mut rolled_back = Ok(());
    if outcome.is_err() {
        if group.writers > 0 {
            tracing::error!(reason = ?outcome.as_ref().err(), writers = group.writers, "a group of SQLite writes was rolled back");
        }
        rolled_back = group.conn.execute("ROLLBACK").await.map(|_| ());
        if rolled_back.is_err() {
            // Its state is unknown: it is closed rather than lent to a reader.
            group.conn.close_on_drop();
        }
    }
    group.outcome.send_replace(Some(outcome));
    rolled_back
}

/// Ends the open group after one of its statements failed: what it holds is unknown now, so it
/// is rolled back and its writers told. Returns the error, for the writer whose statement it was.
async fn group_failed(gate: &mut Gate, error: sqlx::Error) -> sqlx::Error {
    let _ = end_group(gate, Err(error.to_string())).await;
    error
}

fn drop_group(mut gate: OwnedMutexGuard<Gate>) {
    if let Some(mut group) = gate.open.take() {
        group.conn.close_on_drop();
        group.outcome.send_replace(Some(Err("the process is ending".into())));
    }
}

fn not_committed(reason: String) -> sqlx::Error {
    sqlx::Error::Protocol(format!("the write was not committed: {reason}"))
}

fn group_lost() -> sqlx::Error {
    sqlx::Error::Protocol("the group of writes ended without an outcome".into())
}
