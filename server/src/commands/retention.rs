//! `tiltas retention [--dry-run] [--days N]`: applies the retention rule for inactive accounts
//! (`TILTAS_RETENTION_INACTIVE_DAYS`, or `--days`). A dry run prints who would be erased (the
//! terminal of whoever runs the server may see that, as it may see the database); a real run
//! prints only how many were.

use super::{CommandError, open_migrated};
use crate::cli::RetentionArgs;
use tiltas_app::domain::calendar::date_text;
use tiltas_app::server::privacy::retention::apply_retention;

pub async fn run(database_url: &str, args: &RetentionArgs) -> Result<(), CommandError> {
    let Some(days) = args.days else {
        println!("Retention is off: set TILTAS_RETENTION_INACTIVE_DAYS (or --days) to erase accounts inactive that many days.");
        return Ok(());
    };
    let db = open_migrated(database_url).await?;
    let report = apply_retention(&db, days, args.dry_run)
        .await
        .map_err(|error| CommandError::Invalid(format!("cannot apply the retention rule: {error}")))?;
    db.close().await;
    if args.dry_run {
        println!("Would erase {} account(s) with no sign-in for {days} days:", report.inactive.len());
        for account in &report.inactive {
            println!("  {} <{}>, last active {}", account.name, account.email, date_text(account.last_active_at));
        }
        println!("Dry run: nothing was changed.");
    } else {
        // No names: this output ends up in logs and mail, which would keep what was just erased.
        println!("Erased {} account(s) with no sign-in for {days} days.", report.erased);
    }
    Ok(())
}
