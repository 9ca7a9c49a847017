//! The subcommands of `tiltas`. Each opens the database from `DATABASE_URL` itself.

pub mod check;
pub mod import;
pub mod migrate;
pub mod retention;
pub mod routes;
pub mod serve;
pub mod user;
pub mod verify;

use tiltas_app::server::course_import::ImportError;
use tiltas_app::server::storage::{Db, StorageError};

/// The error a command reports on the terminal before exiting non-zero.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("database: {0}")]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Invalid(String),
    #[error("cannot import the courses: {0}")]
    Import(#[from] ImportError),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

pub async fn open_migrated(database_url: &str) -> Result<Db, CommandError> {
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    Ok(db)
}
