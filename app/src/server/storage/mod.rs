//! Storage: one pool, SQLite or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! Why sqlx's `Any` driver and portable SQL rather than two implementations: Tiltas needs the
//! same behaviour on an embedded SQLite file and on a shared PostgreSQL, and two sets of queries
//! would drift apart. The queries here stick to what both engines accept (`$1` placeholders,
//! `ON CONFLICT … DO UPDATE`, TEXT ids, BIGINT Unix seconds), one migration folder serves both,
//! and every storage test runs against both engines. The cost is giving up engine-specific types
//! (UUID, TIMESTAMPTZ) and compile-time checked queries, which `Any` does not support.
//!
//! Read `Db` first, then the per-table modules; each function is one statement or one transaction.

pub mod account_changes;
pub mod activity;
pub mod activity_rows;
pub mod audit;
pub mod assessments;
pub mod certificates;
pub mod cohorts;
pub mod courses;
pub mod directory;
pub mod enrolments;
pub mod erasure;
pub mod glossaries;
mod group_commit;
pub mod invites;
pub mod organisations;
pub mod outbox;
pub mod reporting;
pub mod personal_data;
pub mod people_import;
mod schema;
pub mod sessions;
pub mod single_sign_on;
pub mod statistics;
pub mod submissions;
pub mod summaries;
pub mod throttle;
pub mod users;
pub mod work_queue;
pub mod xapi_statements;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

/// The storage layer's error: either a constraint the caller can explain to a person, or a
/// failure that is logged and shown as a generic error.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("a unique value already exists")]
    UniqueViolation,
    #[error("a referenced row does not exist")]
    ForeignKeyViolation,
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot prepare the database location: {0}")]
    Location(#[from] std::io::Error),
    /// A stored value that does not decode (a JSON list, an enum code): a bug or a manual edit.
    #[error("a stored value cannot be read: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StorageError {
    fn from(error: sqlx::Error) -> Self {
        // Classify by the driver's error kind, not by parsing its message text.
        if let sqlx::Error::Database(db_error) = &error {
            match db_error.kind() {
                sqlx::error::ErrorKind::UniqueViolation => return StorageError::UniqueViolation,
                sqlx::error::ErrorKind::ForeignKeyViolation => return StorageError::ForeignKeyViolation,
                _ => {}
            }
        }
        StorageError::Database(error)
    }
}

pub type StorageResult<T> = Result<T, StorageError>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// The database handle carried in the application state. Cloning shares the pool.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only: where this process's writers take turns (see `Db::begin`).
    write_gate: Option<group_commit::SharedGate>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("backend", &self.backend).finish_non_exhaustive()
    }
}

/// A write transaction: the connection (as `&mut *tx`) inside a transaction that `commit` makes
/// durable before it returns. Dropped without `commit`, its work is rolled back, like sqlx's.
pub struct WriteTransaction(Writer);

enum Writer {
    /// PostgreSQL: a transaction of its own; writers run side by side.
    Own(sqlx::Transaction<'static, sqlx::Any>),
    /// SQLite: a turn at the gate, alone or in a group of writers committed together
    /// (`group_commit`).
    Sqlite(group_commit::Turn),
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Writer::Own(tx) => tx.commit().await,
            Writer::Sqlite(turn) => turn.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Writer::Own(tx) => tx.rollback().await,
            Writer::Sqlite(turn) => turn.rollback().await,
        }
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        match &self.0 {
            Writer::Own(tx) => tx,
            Writer::Sqlite(turn) => turn.connection_ref(),
        }
    }
}

impl std::ops::DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        match &mut self.0 {
            Writer::Own(tx) => tx,
            Writer::Sqlite(turn) => turn.connection(),
        }
    }
}

/// How long a SQLite write waits for its turn before failing, as SQLite's own busy timeout
/// (set on every connection below) does for a writer in another process.
const WRITE_TURN_TIMEOUT: Duration = Duration::from_secs(5);

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tiltas.db";

const HEALTH_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

const IDLE_CONNECTION_TIMEOUT: Duration = Duration::from_secs(30);

impl Db {
    /// Connects, creating the SQLite file (and its folder) on first start. Does not migrate.
    pub async fn connect(url: &str) -> StorageResult<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StorageError::Database(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres:".into(),
            )));
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                // SQLite has one writer at a time; a few readers are plenty.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            // Each open connection keeps its prepared statements and, on SQLite, a page cache of
            // up to 2 MB, so after a busy hour eight idle connections held memory that a quiet
            // server does not need. sqlx closes a connection idle for 10 minutes by default;
            // closed after 30 s, an idle server hands that memory back within about a minute
            // (the reaper runs every idle timeout), and a busy one never lets a connection idle.
            .idle_timeout(IDLE_CONNECTION_TIMEOUT)
            // The pool pings a connection before lending it, by default. A SQLite connection is a
            // file handle on a worker thread of this process and cannot go stale, and the ping is
            // a round trip to that thread: the module page's profile spent 8 % of its time in
            // it. A PostgreSQL connection can die with the server, so it is still checked.
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // The busy timeout comes first so that the others wait for a lock instead of
                        // failing; WAL lets readers proceed while a write commits; foreign keys are
                        // off by default in SQLite.
                        conn.execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let write_gate = (backend == Backend::Sqlite).then(group_commit::new_gate);
        Ok(Db { pool, backend, write_gate })
    }

    pub async fn migrate(&self) -> StorageResult<()> {
        sqlx::migrate!("./migrations").run(&self.pool).await?;
        schema::apply(&self.pool, self.backend).await
    }

    /// Begins a write transaction of its own. SQLite has one writer at a time: left to SQLite,
    /// writers that meet retry by sleeping in its busy handler (1, 2, 5, … 100 ms), and a
    /// transaction that read before writing fails outright if another wrote in between. So this
    /// process's SQLite writers take turns instead, in order and without sleeping (with 32
    /// learners answering at once, the slowest answers went from 410 to 92 ms, p99; README,
    /// "Benchmark suite"). PostgreSQL writers run side by side.
    pub async fn begin(&self) -> StorageResult<WriteTransaction> {
        self.begin_writer(false).await
    }

    /// Begins a write transaction that, on SQLite, the writers queued behind one another share,
    /// committed together with one wait for the disk (`group_commit`): for the many small writes
    /// of learners' progress. Its `commit` returns once the group is committed. A writer sees
    /// the group's work that is not committed yet. On PostgreSQL, the same as `begin`.
    pub async fn begin_grouped(&self) -> StorageResult<WriteTransaction> {
        self.begin_writer(true).await
    }

    async fn begin_writer(&self, grouped: bool) -> StorageResult<WriteTransaction> {
        let writer = match &self.write_gate {
            Some(gate) => Writer::Sqlite(group_commit::begin(gate, &self.pool, WRITE_TURN_TIMEOUT, grouped).await?),
            None => Writer::Own(self.pool.begin().await?),
        };
        Ok(WriteTransaction(writer))
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// True when the database answers a trivial query within two seconds; used by `/healthz`.
    /// Without the bound, a check while PostgreSQL is down would wait out the pool's ten-second
    /// acquire timeout (the pool keeps retrying the refused connection), longer than a load
    /// balancer waits for an answer.
    pub async fn is_healthy(&self) -> bool {
        let check = sqlx::query("SELECT 1").execute(&self.pool);
        matches!(tokio::time::timeout(HEALTH_CHECK_TIMEOUT, check).await, Ok(Ok(_)))
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes sure the folder of a SQLite file exists and asks SQLite to create the file if absent.
fn prepare_sqlite_url(url: &str) -> StorageResult<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// The organisation of the person whose id is bound at `placeholder` (such as `$2`), as a
/// subquery: a report row (enrolment, completion, certificate) keeps its person's organisation,
/// read in the same statement that writes the row.
pub(crate) fn organisation_of_person(placeholder: &str) -> String {
    format!("(SELECT u.organisation_id FROM users u WHERE u.id = {placeholder})")
}

/// The SHA-256 of `bytes` in lowercase hex: how session and invitation tokens are stored, and
/// how a stored glossary is told apart from another.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since the Unix epoch: the one time representation stored in every table.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode_and_keep_their_options() {
        let dir = std::env::temp_dir().join(format!("tiltas-url-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/x.db", dir.display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.is_dir());
        assert_eq!(
            prepare_sqlite_url(&format!("{url}?mode=ro")).unwrap(),
            format!("{url}?mode=ro")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
