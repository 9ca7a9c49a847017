//! The retention rule for inactive accounts (`TILTAS_RETENTION_INACTIVE_DAYS`, applied by
//! `tiltas retention`): accounts nobody has signed in to for that many days (counted from their
//! creation if they never did) are erased, as an administrator would erase them. Administrators
//! never are. A dry run lists who would be, and changes nothing.

use super::PrivacyResult;
use super::erasure::erase;
use crate::domain::audit::AuditAction;
use crate::domain::privacy::inactive_before;
use crate::server::storage::audit::{self, NewAuditEvent};
use crate::server::storage::erasure::{self as store, ErasureCandidate, InactiveAccount};
use crate::server::storage::{Db, now};

/// What a run found, and how many it erased (none in a dry run).
#[derive(Debug)]
pub struct RetentionReport {
    pub inactive: Vec<InactiveAccount>,
    pub erased: usize,
}

/// Applies the rule for `days`; with `dry_run`, only lists.
pub async fn apply_retention(db: &Db, days: u32, dry_run: bool) -> PrivacyResult<RetentionReport> {
    let before = inactive_before(now(), days);
    let inactive = store::inactive_accounts(db, before).await?;
    if dry_run {
        return Ok(RetentionReport { inactive, erased: 0 });
    }
    let detail = format!("retention rule: no sign-in for {days} days");
    let mut erased = 0;
    for account in &inactive {
        let candidate = ErasureCandidate {
            id: account.id.clone(),
            name: account.name.clone(),
            email: account.email.clone(),
            organisation_id: account.organisation_id.clone(),
            organisation_name: None,
            erased_at: None,
            certificates: 0,
        };
        if erase(db, &candidate, None, &detail, None, Some(before)).await? {
            erased += 1;
        }
    }
    let summary = format!("no sign-in for {days} days: {erased} account(s) erased");
    audit::record(db, AuditAction::RetentionApplied, &NewAuditEvent { detail: &summary, ..NewAuditEvent::default() }).await?;
    Ok(RetentionReport { inactive, erased })
}
