//! The administrators' completion report, counted in the database: each figure is one grouped
//! query over enrolments, certificates, completions or attempts, whatever the number of
//! learners, and the lists behind a figure are read in keyset-paginated batches.
//!
//! Every query is limited the same way (`Conditions`): to the administrator's scope (an
//! organisation administrator's own organisation, in the SQL), to the report's filters, and to
//! people who are neither deactivated nor erased. The queries count facts (completed, started,
//! due date passed, expiry); `domain::reporting` decides what the facts mean.

use super::{Db, StorageResult};
use crate::domain::administration::AdminScope;
use crate::domain::reporting::{EnrolmentTotals, ReportFilter, ReportGrouping, ReportStatus};
use sqlx::FromRow;
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;

/// An enrolment's facts, kept on it (migration 14) by the learning service: started with the
/// first read, attempt or play, completed with the completion.
const STARTED: &str = "(e.started_at IS NOT NULL)";
const COMPLETED: &str = "(e.completed_at IS NOT NULL)";

/// A value bound to a numbered parameter.
enum Value {
    Text(String),
    Int(i64),
}

/// A query's numbered parameters, collected while its text is written.
#[derive(Default)]
struct Params(Vec<Value>);

impl Params {
    fn text(&mut self, value: &str) -> String {
        self.0.push(Value::Text(value.to_string()));
        format!("${}", self.0.len())
    }

    fn int(&mut self, value: i64) -> String {
        self.0.push(Value::Int(value));
        format!("${}", self.0.len())
    }

    fn bind<'q, O>(&'q self, mut query: QueryAs<'q, sqlx::Any, O, AnyArguments<'q>>) -> QueryAs<'q, sqlx::Any, O, AnyArguments<'q>> {
        for value in &self.0 {
            query = match value {
                Value::Text(text) => query.bind(text.as_str()),
                Value::Int(number) => query.bind(*number),
            };
        }
        query
    }
}

/// Who and what a report covers: the administrator's scope and the report's filters.
#[derive(Clone, Copy)]
pub struct ReportScope<'a> {
    pub scope: &'a AdminScope,
    pub filter: &'a ReportFilter,
    pub now: i64,
}

impl ReportScope<'_> {
    /// The conditions on the person (whose id is in `user_column`) and on the course column,
    /// joined with AND. The person's conditions are subqueries rather than a join with `users`:
    /// the set of people not counted is small (an index holds exactly them), so testing each of
    /// 400,000 enrolments against it is much cheaper than looking each person up.
    fn conditions(&self, params: &mut Params, course_column: &str, user_column: &str) -> String {
        let mut conditions = vec![format!(
            "{user_column} NOT IN (SELECT nu.id FROM users nu WHERE nu.deactivated_at IS NOT NULL OR nu.erased_at IS NOT NULL)"
        )];
        // The scope wins over the filter: an organisation administrator's `organisation`
        // parameter is ignored, not trusted.
        let organisation = self.scope.organisation_filter().or(self.filter.organisation.as_deref());
        if let Some(organisation) = organisation {
            conditions.push(format!("{user_column} IN (SELECT ou.id FROM users ou WHERE ou.organisation_id = {})", params.text(organisation)));
        }
        if let Some(cohort) = &self.filter.cohort {
            conditions.push(format!("{user_column} IN (SELECT fm.user_id FROM cohort_members fm WHERE fm.cohort_id = {})", params.text(cohort)));
        }
        if let Some(course) = &self.filter.course {
            conditions.push(format!("{course_column} = {}", params.text(course)));
        }
        conditions.join(" AND ")
    }

    /// How the rows of `table` (named `alias`, with the columns `course_slug`, `user_id` and
    /// `organisation_id`) are grouped: the group's key, the FROM clause, the condition (with its
    /// leading AND) that keeps a group's rows, and how the grouped rows are labelled.
    fn grouping(&self, params: &mut Params, table: &str, alias: &str) -> Grouping {
        let from = format!("{table} {alias}");
        match self.filter.group_by {
            ReportGrouping::Course => Grouping { key: format!("{alias}.course_slug"), from, only: String::new(), labels: Labels::Key },
            // Each row keeps its person's organisation (migration 21), so the figures by
            // organisation are one pass over an index in the groups' order, as by course. An
            // organisation's own report reads only its range of that index; who is counted is
            // still decided from the person (`conditions`).
            ReportGrouping::Organisation => {
                let organisation = self.scope.organisation_filter().or(self.filter.organisation.as_deref());
                let only = organisation.map(|o| format!(" AND {alias}.organisation_id = {}", params.text(o))).unwrap_or_default();
                Grouping {
                    key: format!("{alias}.organisation_id"),
                    from,
                    only,
                    labels: Labels::Joined { join: "LEFT JOIN organisations o ON o.id = t.group_key", label: "o.name" },
                }
            }
            ReportGrouping::Cohort => {
                // With a cohort filter, the rows are that cohort's, not every cohort its people are in.
                let only = self.filter.cohort.as_deref().map(|c| format!(" AND gm.cohort_id = {}", params.text(c))).unwrap_or_default();
                Grouping {
                    key: "gm.cohort_id".into(),
                    from: format!("{from} LEFT JOIN cohort_members gm ON gm.user_id = {alias}.user_id{only}"),
                    only: String::new(),
                    labels: Labels::Joined { join: "LEFT JOIN cohorts g ON g.id = t.group_key", label: "g.name" },
                }
            }
        }
    }
}

/// How a report's rows are grouped (`ReportScope::grouping`).
struct Grouping {
    key: String,
    from: String,
    /// A condition, with its leading AND, that narrows the rows to the group asked for.
    only: String,
    labels: Labels,
}

/// Where a group's label comes from.
enum Labels {
    /// The key is its own label (a course's slug, named in Rust).
    Key,
    /// A name joined to each group after grouping, so it is looked up once per group, not per row.
    Joined { join: &'static str, label: &'static str },
}

impl Grouping {
    /// A query of one row per group: `figures` (the aggregates) over the rows meeting `conditions`,
    /// grouped by the key, with the group's label added.
    fn query(&self, figures: &str, conditions: &str) -> String {
        let Grouping { key, from, only, labels } = self;
        let grouped = format!("SELECT {key} AS group_key, {figures} FROM {from} WHERE {conditions}{only} GROUP BY {key}");
        match labels {
            Labels::Key => format!("SELECT t.*, t.group_key AS group_label FROM ({grouped}) t"),
            Labels::Joined { join, label } => format!("SELECT t.*, {label} AS group_label FROM ({grouped}) t {join}"),
        }
    }
}

/// A group's current enrolments, by what was done in them (`EnrolmentTotals`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupEnrolments {
    pub group_key: Option<String>,
    pub group_label: Option<String>,
    pub totals: EnrolmentTotals,
}

#[derive(FromRow)]
struct GroupEnrolmentsRow {
    group_key: Option<String>,
    group_label: Option<String>,
    enrolled: i64,
    started: i64,
    completed: i64,
    overdue: i64,
}

pub async fn enrolment_totals(db: &Db, report: ReportScope<'_>) -> StorageResult<Vec<GroupEnrolments>> {
    let mut params = Params::default();
    let grouping = report.grouping(&mut params, "enrolments", "e");
    let now = params.int(report.now);
    let conditions = report.conditions(&mut params, "e.course_slug", "e.user_id");
    // Overdue as `domain::reporting::overdue` has it: the due date passed, not completed.
    let sql = grouping.query(
        &format!(
            "CAST(COUNT(*) AS BIGINT) AS enrolled, \
             CAST(COUNT(e.started_at) AS BIGINT) AS started, CAST(COUNT(e.completed_at) AS BIGINT) AS completed, \
             CAST(SUM(CASE WHEN NOT {COMPLETED} AND e.due_at < {now} THEN 1 ELSE 0 END) AS BIGINT) AS overdue"
        ),
        &format!("e.ended_at IS NULL AND {conditions}"),
    );
    let rows: Vec<GroupEnrolmentsRow> = params.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|row| GroupEnrolments {
            group_key: row.group_key,
            group_label: row.group_label,
            totals: EnrolmentTotals { enrolled: row.enrolled, started: row.started, completed: row.completed, overdue: row.overdue },
        })
        .collect())
}

/// How many current certificates (neither revoked nor replaced) a group has, and how many of
/// them have expired or expire within the report's window.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct GroupCertificates {
    pub group_key: Option<String>,
    pub group_label: Option<String>,
    pub current: i64,
    pub expired: i64,
    pub expiring: i64,
}

/// The condition of a current certificate (`ct`) at `now`, as `certificates::state` decides.
fn current_certificate(now: &str) -> String {
    format!("(ct.revoked_at IS NULL OR ct.revoked_at > {now}) AND ct.superseded_by IS NULL")
}

pub async fn certificate_totals(db: &Db, report: ReportScope<'_>) -> StorageResult<Vec<GroupCertificates>> {
    let mut params = Params::default();
    let grouping = report.grouping(&mut params, "certificates", "ct");
    let now = params.int(report.now);
    let window_end = params.int(report.now + report.filter.window_seconds());
    let conditions = report.conditions(&mut params, "ct.course_slug", "ct.user_id");
    let current = current_certificate(&now);
    let sql = grouping.query(
        &format!(
            "CAST(COUNT(*) AS BIGINT) AS current, \
             CAST(SUM(CASE WHEN ct.expires_at <= {now} THEN 1 ELSE 0 END) AS BIGINT) AS expired, \
             CAST(SUM(CASE WHEN ct.expires_at > {now} AND ct.expires_at <= {window_end} THEN 1 ELSE 0 END) AS BIGINT) AS expiring"
        ),
        &format!("{current} AND {conditions}"),
    );
    Ok(params.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await?)
}

/// Completions per organisation and month: `month_index` indexes `month_starts` (the first second of
/// each month, oldest first); completions before the first are not counted.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct MonthlyCompletions {
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub month_index: i64,
    pub completions: i64,
}

pub async fn monthly_completions(db: &Db, report: ReportScope<'_>, month_starts: &[i64]) -> StorageResult<Vec<MonthlyCompletions>> {
    let mut params = Params::default();
    // Months are bounds computed in Rust: month arithmetic on Unix seconds is not portable SQL.
    // Each month is counted by its own range of the index on completion time, grouped by
    // organisation id: cheaper than computing each completion's month with a CASE over twelve
    // bounds and sorting every completion by organisation and month (a quarter of the chart's
    // time at 100,000 learners). Each completion keeps its person's organisation (migration 21),
    // so no person is looked up. The names are joined to the few counts, not to each row.
    let starts: Vec<String> = month_starts.iter().map(|start| params.int(*start)).collect();
    let conditions = report.conditions(&mut params, "c.course_slug", "c.user_id");
    let months: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(index, start)| {
            // The last month runs on: a completion timed a moment after `now` still counts.
            let before_next = starts.get(index + 1).map(|next| format!(" AND c.completed_at < {next}")).unwrap_or_default();
            format!(
                "SELECT CAST({index} AS BIGINT) AS month_index, c.organisation_id AS organisation_id, CAST(COUNT(*) AS BIGINT) AS completions \
                 FROM completions c WHERE c.completed_at >= {start}{before_next} AND {conditions} GROUP BY c.organisation_id"
            )
        })
        .collect();
    if months.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT m.organisation_id AS organisation_id, o.name AS organisation_name, m.month_index AS month_index, \
           m.completions AS completions FROM ({}) m LEFT JOIN organisations o ON o.id = m.organisation_id",
        months.join(" UNION ALL ")
    );
    Ok(params.bind(sqlx::query_as::<_, MonthlyCompletions>(&sql)).fetch_all(db.pool()).await?)
}

/// How many people's best finished attempt at each graded assessment has each whole percentage:
/// (percent, count), at most 101 rows; `domain::reporting::percent_band` groups them into bands.
pub async fn best_percent_counts(db: &Db, report: ReportScope<'_>) -> StorageResult<Vec<(i64, i64)>> {
    let mut params = Params::default();
    let conditions = report.conditions(&mut params, "b.course_slug", "b.user_id");
    // Each enrolment's best graded score is kept (`summaries`, migration 16) with its person and
    // course, so the chart reads that table alone; ended enrolments (taken again since) are left
    // out by testing each row against their small indexed set. Grouped by the kept percentage
    // itself, an index in that order (migration 20) gives the groups without sorting 300,000
    // rows, which computing each row's band in SQL needed.
    let sql = format!(
        "SELECT b.best_percent AS percent, CAST(COUNT(*) AS BIGINT) AS people FROM graded_bests b \
         WHERE b.enrolment_id NOT IN (SELECT x.id FROM enrolments x WHERE x.ended_at IS NOT NULL) AND {conditions} \
         GROUP BY b.best_percent"
    );
    Ok(params.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await?)
}

/// One line behind a figure: an enrolment, or a certificate for the certificate figures (then
/// `due_at` and `completed_at` are empty and `started` is true).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonLine {
    /// The enrolment's or certificate's id: the keyset cursor.
    pub row_id: String,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub course_slug: String,
    pub started: bool,
    pub due_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub issued_at: Option<i64>,
    pub expires_at: Option<i64>,
}

#[derive(FromRow)]
struct PersonLineRow {
    row_id: String,
    user_id: String,
    name: String,
    email: String,
    organisation: Option<String>,
    course_slug: String,
    started: i64,
    due_at: Option<i64>,
    completed_at: Option<i64>,
    issued_at: Option<i64>,
    expires_at: Option<i64>,
}

/// The order of a list and where a batch starts.
#[derive(Clone, Copy, Debug)]
pub enum ListOrder<'a> {
    /// By name, for people to read, after the line with this id.
    ByName { after: Option<&'a str> },
    /// By id, the cheapest keyset, for exports, after the line with this id.
    ById { after: Option<&'a str> },
}

/// Up to `limit` lines behind the figure `status`, in `order`.
pub async fn people_lines(db: &Db, report: ReportScope<'_>, status: ReportStatus, order: ListOrder<'_>, limit: i64) -> StorageResult<Vec<PersonLine>> {
    let mut params = Params::default();
    let now = params.int(report.now);
    let (select, table, id_column, course_column, status_condition) = if status.is_certificate() {
        let window_end = params.int(report.now + report.filter.window_seconds());
        let condition = match status {
            ReportStatus::CertificatesExpiring => format!("ct.expires_at > {now} AND ct.expires_at <= {window_end}"),
            ReportStatus::CertificatesExpired => format!("ct.expires_at <= {now}"),
            _ => format!("(ct.expires_at IS NULL OR ct.expires_at > {now})"),
        };
        let select = "SELECT ct.id AS row_id, u.id AS user_id, u.name AS name, u.email AS email, o.name AS organisation, \
             ct.course_slug AS course_slug, CAST(1 AS BIGINT) AS started, CAST(NULL AS BIGINT) AS due_at, \
             CAST(NULL AS BIGINT) AS completed_at, ct.issued_at AS issued_at, ct.expires_at AS expires_at \
             FROM certificates ct JOIN users u ON u.id = ct.user_id LEFT JOIN organisations o ON o.id = u.organisation_id"
            .to_string();
        (select, "certificates", "ct.id", "ct.course_slug", format!("{} AND {condition}", current_certificate(&now)))
    } else {
        let condition = match status {
            ReportStatus::NotStarted => format!("NOT {STARTED}"),
            ReportStatus::InProgress => format!("{STARTED} AND NOT {COMPLETED}"),
            ReportStatus::Completed => COMPLETED.to_string(),
            ReportStatus::Overdue => format!("NOT {COMPLETED} AND e.due_at < {now}"),
            _ => "1 = 1".to_string(),
        };
        let select = format!(
            "SELECT e.id AS row_id, u.id AS user_id, u.name AS name, u.email AS email, o.name AS organisation, \
             e.course_slug AS course_slug, CAST(CASE WHEN {STARTED} THEN 1 ELSE 0 END AS BIGINT) AS started, e.due_at AS due_at, \
             e.completed_at AS completed_at, CAST(NULL AS BIGINT) AS issued_at, CAST(NULL AS BIGINT) AS expires_at \
             FROM enrolments e JOIN users u ON u.id = e.user_id LEFT JOIN organisations o ON o.id = u.organisation_id"
        );
        (select, "enrolments", "e.id", "e.course_slug", format!("e.ended_at IS NULL AND {condition}"))
    };
    let conditions = report.conditions(&mut params, course_column, "u.id");
    let (keyset, order_by) = match order {
        ListOrder::ById { after } => {
            let keyset = after.map(|id| format!(" AND {id_column} > {}", params.text(id))).unwrap_or_default();
            (keyset, id_column.to_string())
        }
        ListOrder::ByName { after } => {
            let keyset = after
                .map(|id| {
                    let id = params.text(id);
                    let name = format!("(SELECT nu.name FROM {table} nt JOIN users nu ON nu.id = nt.user_id WHERE nt.id = {id})");
                    format!(" AND (u.name > {name} OR (u.name = {name} AND {id_column} > {id}))")
                })
                .unwrap_or_default();
            (keyset, format!("u.name, {id_column}"))
        }
    };
    let limit = params.int(limit);
    let sql = format!("{select} WHERE {status_condition} AND {conditions}{keyset} ORDER BY {order_by} LIMIT {limit}");
    let rows: Vec<PersonLineRow> = params.bind(sqlx::query_as(&sql)).fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|row| PersonLine {
            row_id: row.row_id,
            user_id: row.user_id,
            name: row.name,
            email: row.email,
            organisation: row.organisation,
            course_slug: row.course_slug,
            started: row.started == 1,
            due_at: row.due_at,
            completed_at: row.completed_at,
            issued_at: row.issued_at,
            expires_at: row.expires_at,
        })
        .collect())
}

/// The cohorts an administrator may report on: every cohort for the platform; for an
/// organisation, its own cohorts and those with a member of it. (id, name) by name.
pub async fn cohorts_in_scope(db: &Db, scope: &AdminScope) -> StorageResult<Vec<(String, String)>> {
    let query = match scope.organisation_filter() {
        None => sqlx::query_as("SELECT id, name FROM cohorts ORDER BY name"),
        Some(organisation) => sqlx::query_as(
            "SELECT k.id, k.name FROM cohorts k WHERE k.organisation_id = $1 OR EXISTS (SELECT 1 FROM cohort_members m \
             JOIN users u ON u.id = m.user_id WHERE m.cohort_id = k.id AND u.organisation_id = $1) ORDER BY k.name",
        )
        .bind(organisation),
    };
    Ok(query.fetch_all(db.pool()).await?)
}

/// Who a person is, for their report page.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct PersonHeader {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub deactivated_at: Option<i64>,
}

pub async fn person(db: &Db, user_id: &str) -> StorageResult<Option<PersonHeader>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.organisation_id, o.name AS organisation_name, u.deactivated_at \
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1 AND u.erased_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?)
}

/// The names of the cohorts a person is in, by name.
pub async fn cohorts_of(db: &Db, user_id: &str) -> StorageResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT k.name FROM cohorts k JOIN cohort_members m ON m.cohort_id = k.id WHERE m.user_id = $1 ORDER BY k.name")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}
