//! Everything done in a scope's enrolments (modules read, quiz attempts, scenario plays, extra
//! attempts granted, completions) read with one statement instead of five.
//!
//! Why one: sqlx runs each SQLite connection on its own thread, and every statement is a
//! hand-over to that thread and back. A module page's profile spent a third of its time in
//! those hand-overs, and these five reads were five of the page's eight statements. The five
//! tables' rows come back as one `UNION ALL` of a common shape (a kind, the enrolment, and
//! generic text and number columns), every column cast so that PostgreSQL sees one type per
//! column, and are turned back into the typed rows that the five single reads used to give.

use super::activity::{Attempt, AttemptRow, Play, PlayRow};
use super::assessments::Grant;
use super::enrolments::{Completion, EnrolmentScope};
use super::StorageResult;
use sqlx::{AnyConnection, FromRow};

/// The rows of one scope, each list in the order its consumers expect (see `activity_rows`).
#[derive(Debug, Default)]
pub struct ActivityRows {
    /// (enrolment id, module id).
    pub reads: Vec<(String, String)>,
    pub attempts: Vec<Attempt>,
    pub plays: Vec<Play>,
    pub grants: Vec<Grant>,
    pub completions: Vec<Completion>,
}

const READ: i64 = 0;
const ATTEMPT: i64 = 1;
const PLAY: i64 = 2;
const GRANT: i64 = 3;
const COMPLETION: i64 = 4;

/// One row of the union. Which columns a kind fills is written next to its SELECT below.
#[derive(FromRow)]
struct Row {
    kind: i64,
    enrolment_id: String,
    id: Option<String>,
    item: Option<String>,
    text_a: Option<String>,
    text_b: Option<String>,
    text_c: Option<String>,
    text_d: Option<String>,
    n1: Option<i64>,
    n2: Option<i64>,
    n3: Option<i64>,
    n4: Option<i64>,
    n5: Option<i64>,
    n6: Option<i64>,
}

/// The columns after `kind, enrolment_id` of a SELECT in the union, in `COLUMNS` order, each an
/// expression or NULL (empty), cast to one type for every kind.
fn columns(texts: [&str; 6], numbers: [&str; 6]) -> String {
    let typed = texts.iter().map(|c| (c, "TEXT")).chain(numbers.iter().map(|c| (c, "BIGINT")));
    typed
        .zip(COLUMNS)
        .map(|((expression, kind), name)| format!("CAST({} AS {kind}) AS {name}", if expression.is_empty() { "NULL" } else { expression }))
        .collect::<Vec<_>>()
        .join(", ")
}

const COLUMNS: [&str; 12] = ["id", "item", "text_a", "text_b", "text_c", "text_d", "n1", "n2", "n3", "n4", "n5", "n6"];

pub async fn activity_rows(conn: &mut AnyConnection, scope: EnrolmentScope<'_>) -> StorageResult<ActivityRows> {
    let (condition, value) = scope.condition("enrolment_id");
    let select = |kind: i64, columns: String, table: &str| {
        format!("SELECT CAST({kind} AS BIGINT) AS kind, enrolment_id, {columns} FROM {table} WHERE {condition}")
    };
    let sql = [
        // item: the module read.
        select(READ, columns(["", "module_id", "", "", "", ""], [""; 6]), "module_reads"),
        // n1 attempt number, n2 started, n3 finished, n4 points, n5 max points, n6 passed.
        select(
            ATTEMPT,
            columns(["id", "module_id", "", "", "", ""], ["attempt_number", "started_at", "finished_at", "points", "max_points", "passed"]),
            "quiz_attempts",
        ),
        // text_a scenario, text_b node, text_c path, text_d ending; n1 play number, n2 started,
        // n3 finished, n4 points, n5 score.
        select(
            PLAY,
            columns(["id", "module_id", "scenario_id", "node", "path", "ending_id"], ["play_number", "started_at", "finished_at", "points", "score", ""]),
            "scenario_plays",
        ),
        // item: the graded item; text_a granted by, text_b reason; n1 attempts before, n2 granted at.
        select(GRANT, columns(["id", "item_id", "granted_by", "reason", "", ""], ["attempts_before", "granted_at", "", "", "", ""]), "attempt_grants"),
        // item: the course; text_a version; n1 points, n2 max points, n3 completed at.
        select(COMPLETION, columns(["", "course_slug", "version_id", "", "", ""], ["points", "max_points", "completed_at", "", "", ""]), "completions"),
    ]
    .join(" UNION ALL ");
    let query = sqlx::query_as::<_, Row>(&sql);
    let query = match value {
        Some(value) => query.bind(value.to_string()),
        None => query,
    };
    let rows = query.fetch_all(&mut *conn).await?;

    let mut out = ActivityRows::default();
    for row in rows {
        let text = |value: Option<String>| value.unwrap_or_default();
        let number = |value: Option<i64>| value.unwrap_or_default();
        match row.kind {
            READ => out.reads.push((row.enrolment_id, text(row.item))),
            ATTEMPT => out.attempts.push(Attempt::from(AttemptRow {
                id: text(row.id),
                enrolment_id: row.enrolment_id,
                module_id: text(row.item),
                attempt_number: number(row.n1),
                started_at: number(row.n2),
                finished_at: row.n3,
                points: row.n4,
                max_points: number(row.n5),
                passed: row.n6,
            })),
            PLAY => out.plays.push(Play::try_from(PlayRow {
                id: text(row.id),
                enrolment_id: row.enrolment_id,
                module_id: text(row.item),
                scenario_id: text(row.text_a),
                node: text(row.text_b),
                path: text(row.text_c),
                ending_id: row.text_d,
                play_number: number(row.n1),
                started_at: number(row.n2),
                finished_at: row.n3,
                points: row.n4,
                score: number(row.n5),
            })?),
            GRANT => out.grants.push(Grant {
                id: text(row.id),
                enrolment_id: row.enrolment_id,
                item_id: text(row.item),
                granted_by: text(row.text_a),
                reason: text(row.text_b),
                attempts_before: number(row.n1),
                granted_at: number(row.n2),
            }),
            _ => out.completions.push(Completion {
                enrolment_id: row.enrolment_id,
                course_slug: text(row.item),
                version_id: text(row.text_a),
                points: number(row.n1),
                max_points: number(row.n2),
                completed_at: number(row.n3),
            }),
        }
    }
    // The orders the five single reads had: attempts and plays in number order per module or
    // scenario, grants oldest first, completions by time (the last one is the current one).
    out.attempts.sort_by(|a, b| (&a.enrolment_id, &a.module_id, a.attempt_number).cmp(&(&b.enrolment_id, &b.module_id, b.attempt_number)));
    out.plays.sort_by(|a, b| (&a.enrolment_id, &a.scenario_id, a.play_number).cmp(&(&b.enrolment_id, &b.scenario_id, b.play_number)));
    out.grants.sort_by(|a, b| (&a.enrolment_id, a.granted_at, &a.id).cmp(&(&b.enrolment_id, b.granted_at, &b.id)));
    out.completions.sort_by_key(|c| c.completed_at);
    Ok(out)
}
