//! One-time invitation links that let a person set their own password.
//!
//! With email on, each link's message is stored in the outbox in the link's own transaction
//! (`mail`): the message exists exactly when the link does.

use super::outbox::{self, NewMail};
use super::{Db, StorageResult, now};
use crate::domain::email::MailKind;
use sqlx::AnyConnection;

/// Stores a new invitation and cancels the person's earlier unused ones, so only the newest
/// link works.
pub async fn replace_invite(db: &Db, user_id: &str, token_hash: &str, expires_at: i64, mail: Option<&NewMail>) -> StorageResult<()> {
    let mut tx = db.begin().await?;
    replace_invite_in(&mut tx, user_id, token_hash, expires_at, mail).await?;
    tx.commit().await?;
    Ok(())
}

/// `replace_invite` inside the caller's transaction (a password reset that also ends sessions).
pub async fn replace_invite_in(conn: &mut AnyConnection, user_id: &str, token_hash: &str, expires_at: i64, mail: Option<&NewMail>) -> StorageResult<()> {
    sqlx::query("DELETE FROM invites WHERE user_id = $1 AND used_at IS NULL").bind(user_id).execute(&mut *conn).await?;
    // An unsent message about a cancelled link would only confuse.
    outbox::cancel_unsent(conn, user_id, &[MailKind::Invitation.code(), MailKind::PasswordReset.code()]).await?;
    insert_first_invite(conn, user_id, token_hash, expires_at, mail).await
}

/// Stores the first invitation of a person created inside the caller's transaction (the CSV
/// import), who has no earlier one to cancel.
pub async fn insert_first_invite(conn: &mut AnyConnection, user_id: &str, token_hash: &str, expires_at: i64, mail: Option<&NewMail>) -> StorageResult<()> {
    sqlx::query("INSERT INTO invites (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now())
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    if let Some(mail) = mail {
        outbox::enqueue(conn, mail, now()).await?;
    }
    Ok(())
}

/// The invited person's id and email, if the link is unused and unexpired.
pub async fn find_open_invite(db: &Db, token_hash: &str, now: i64) -> StorageResult<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.email FROM invites i JOIN users u ON u.id = i.user_id \
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db.pool())
    .await?)
}

/// Marks the invitation used and sets the password in one transaction. The conditional update
/// makes a link usable exactly once even when two tabs submit it at the same moment.
pub async fn redeem_invite(db: &Db, token_hash: &str, password_hash: &str, now: i64) -> StorageResult<Option<String>> {
    let mut tx = db.begin().await?;
    let claimed = sqlx::query("UPDATE invites SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    let (user_id,): (String,) = sqlx::query_as("SELECT user_id FROM invites WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    // A new password ends every session opened with the old one (someone else may hold one).
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(&user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(Some(user_id))
}
