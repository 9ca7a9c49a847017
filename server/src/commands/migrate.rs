//! `tiltas migrate`: apply migrations and exit (useful before rolling out several instances).

use super::{CommandError, open_migrated};

pub async fn run(database_url: &str) -> Result<(), CommandError> {
    let db = open_migrated(database_url).await?;
    db.close().await;
    println!("Database is up to date.");
    Ok(())
}
