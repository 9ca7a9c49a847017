//! Receipts of submissions that carry a client-generated id: answers and "mark as read" that a
//! learner's device queued while offline and sent when the connection returned. The primary key
//! (enrolment, id) is what makes a repeated submission count once; a receipt is written in the
//! same transaction as the answer or read it carried, so either both are stored or neither.

use super::{StorageResult, now};
use sqlx::{AnyConnection, FromRow};

/// What a submission was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmissionKind {
    Answer,
    Read,
}

impl SubmissionKind {
    fn code(self) -> &'static str {
        match self {
            SubmissionKind::Answer => "answer",
            SubmissionKind::Read => "read",
        }
    }
}

/// A stored receipt: for an answer, which attempt and question it answered.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct Receipt {
    pub module_id: String,
    pub attempt_id: Option<String>,
    pub question_id: Option<String>,
}

/// The receipt of submission `submission_id` in an enrolment, if it arrived before.
pub async fn receipt(conn: &mut AnyConnection, enrolment_id: &str, submission_id: &str) -> StorageResult<Option<Receipt>> {
    Ok(sqlx::query_as::<_, Receipt>(
        "SELECT module_id, attempt_id, question_id FROM submission_receipts WHERE enrolment_id = $1 AND submission_id = $2",
    )
    .bind(enrolment_id)
    .bind(submission_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// What a new receipt records.
pub struct NewReceipt<'a> {
    pub enrolment_id: &'a str,
    pub submission_id: &'a str,
    pub kind: SubmissionKind,
    pub module_id: &'a str,
    /// For an answer: the attempt and the question it answered.
    pub answered: Option<(&'a str, &'a str)>,
}

/// Records a receipt; an id already recorded in the enrolment fails with `UniqueViolation`.
pub async fn insert_receipt(conn: &mut AnyConnection, receipt: NewReceipt<'_>) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO submission_receipts (enrolment_id, submission_id, kind, module_id, attempt_id, question_id, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(receipt.enrolment_id)
    .bind(receipt.submission_id)
    .bind(receipt.kind.code())
    .bind(receipt.module_id)
    .bind(receipt.answered.map(|(attempt, _)| attempt))
    .bind(receipt.answered.map(|(_, question)| question))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
