//! Cohorts (groups of learners), their members and their course assignments.
//!
//! Every read takes the organisation an administrator is limited to (`organisation`: `None` for
//! a platform administrator) and applies it in the SQL, so a cohort outside someone's scope is
//! simply not found. Enrolling a cohort's learners in its courses is set-based (`enrol_members`):
//! a few statements whatever the cohort's size, inside the caller's transaction, so that joining
//! a cohort and being enrolled in its courses happen together or not at all.

use super::enrolments::{ENROLMENT_COLUMNS, Enrolment};
use super::{Db, StorageResult, now, organisation_of_person};
use crate::domain::roles::Role;
use sqlx::{AnyConnection, FromRow};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct CohortRow {
    pub id: String,
    pub name: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub members: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct MemberRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub joined_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct CohortAssignmentRow {
    pub course_slug: String,
    pub due_at: Option<i64>,
    pub assigned_by: Option<String>,
    pub created_at: i64,
}

/// A person as an email address resolves to, for adding them to a cohort.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRef {
    pub id: String,
    pub email: String,
    pub organisation_id: Option<String>,
    /// Whether they are a platform administrator, whom organisation administrators do not manage.
    pub administrator: bool,
}

#[derive(FromRow)]
struct PersonRefRow {
    id: String,
    email: String,
    organisation_id: Option<String>,
    administrator_roles: i64,
}

const COHORT_SELECT: &str = "SELECT c.id, c.name, c.organisation_id, o.name AS organisation_name, \
     (SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id) AS members \
     FROM cohorts c LEFT JOIN organisations o ON o.id = c.organisation_id";

/// One page of the cohorts in scope, by name: `limit` rows from `offset`.
pub async fn list(db: &Db, organisation: Option<&str>, limit: i64, offset: i64) -> StorageResult<Vec<CohortRow>> {
    let rows = match organisation {
        Some(org) => {
            let sql = format!("{COHORT_SELECT} WHERE c.organisation_id = $1 ORDER BY c.name, c.id LIMIT $2 OFFSET $3");
            sqlx::query_as::<_, CohortRow>(&sql).bind(org).bind(limit).bind(offset).fetch_all(db.pool()).await?
        }
        None => {
            let sql = format!("{COHORT_SELECT} ORDER BY c.name, c.id LIMIT $1 OFFSET $2");
            sqlx::query_as::<_, CohortRow>(&sql).bind(limit).bind(offset).fetch_all(db.pool()).await?
        }
    };
    Ok(rows)
}

/// The cohort with this id, if it is within `organisation` (any, for `None`).
pub async fn find(conn: &mut AnyConnection, id: &str, organisation: Option<&str>) -> StorageResult<Option<CohortRow>> {
    let sql = format!("{COHORT_SELECT} WHERE c.id = $1 AND ($2 IS NULL OR c.organisation_id = $2)");
    Ok(sqlx::query_as::<_, CohortRow>(&sql).bind(id).bind(organisation).fetch_optional(&mut *conn).await?)
}

/// The cohorts with these names (any scope: names are unique across the platform).
pub async fn find_by_names(conn: &mut AnyConnection, names: &[String]) -> StorageResult<Vec<CohortRow>> {
    let mut found = Vec::new();
    for chunk in names.chunks(500) {
        let sql = format!("{COHORT_SELECT} WHERE c.name IN ({})", placeholders(1, chunk.len()));
        let mut query = sqlx::query_as::<_, CohortRow>(&sql);
        for name in chunk {
            query = query.bind(name);
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

/// `$from, $from+1, …` for `count` values.
pub(super) fn placeholders(from: usize, count: usize) -> String {
    (from..from + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// Adds a cohort; a taken name is a `UniqueViolation`.
pub async fn insert(conn: &mut AnyConnection, name: &str, organisation_id: Option<&str>) -> StorageResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO cohorts (id, name, organisation_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(name)
        .bind(organisation_id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// One page of a cohort's members, by name.
pub async fn members(db: &Db, cohort_id: &str, limit: i64, offset: i64) -> StorageResult<Vec<MemberRow>> {
    Ok(sqlx::query_as::<_, MemberRow>(
        "SELECT u.id AS user_id, u.name, u.email, o.name AS organisation_name, m.joined_at \
         FROM cohort_members m JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = u.organisation_id \
         WHERE m.cohort_id = $1 ORDER BY u.name, u.email LIMIT $2 OFFSET $3",
    )
    .bind(cohort_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?)
}

/// The people with these (normalised) email addresses, whoever administers them.
pub async fn people_by_email(conn: &mut AnyConnection, emails: &[String]) -> StorageResult<Vec<PersonRef>> {
    let mut found = Vec::new();
    for chunk in emails.chunks(500) {
        let sql = format!(
            "SELECT id, email, organisation_id, \
             (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = users.id AND r.role = $1) AS administrator_roles \
             FROM users WHERE erased_at IS NULL AND email IN ({})",
            placeholders(2, chunk.len())
        );
        let mut query = sqlx::query_as::<_, PersonRefRow>(&sql).bind(Role::Administrator.code());
        for email in chunk {
            query = query.bind(email);
        }
        found.extend(query.fetch_all(&mut *conn).await?.into_iter().map(|row| PersonRef {
            id: row.id,
            email: row.email,
            organisation_id: row.organisation_id,
            administrator: row.administrator_roles > 0,
        }));
    }
    Ok(found)
}

/// The ids among `user_ids` who are already members of the cohort.
pub async fn existing_members(conn: &mut AnyConnection, cohort_id: &str, user_ids: &[String]) -> StorageResult<Vec<String>> {
    let mut found = Vec::new();
    for chunk in user_ids.chunks(500) {
        let sql = format!(
            "SELECT user_id FROM cohort_members WHERE cohort_id = $1 AND user_id IN ({})",
            placeholders(2, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String,)>(&sql).bind(cohort_id);
        for id in chunk {
            query = query.bind(id);
        }
        found.extend(query.fetch_all(&mut *conn).await?.into_iter().map(|(id,)| id));
    }
    Ok(found)
}

/// Adds people to a cohort (those already in it stay as they are) and enrols the learners among
/// them in the cohort's assigned courses, with each assignment's due date. Call inside a
/// transaction.
pub async fn add_members(conn: &mut AnyConnection, cohort_id: &str, user_ids: &[String]) -> StorageResult<Vec<Enrolment>> {
    let at = now();
    for chunk in user_ids.chunks(200) {
        let values = (0..chunk.len()).map(|i| format!("($1, ${}, $2)", i + 3)).collect::<Vec<_>>().join(", ");
        let sql = format!("INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES {values} ON CONFLICT DO NOTHING");
        let mut query = sqlx::query(&sql).bind(cohort_id).bind(at);
        for id in chunk {
            query = query.bind(id);
        }
        query.execute(&mut *conn).await?;
    }
    let mut enrolled = Vec::new();
    for assignment in assignments(conn, cohort_id).await? {
        // An assignment whose author's account is gone still enrols; the enrolment is then
        // recorded as assigned by nobody in particular, as the cohort's.
        let assigned_by = assignment.assigned_by.clone();
        let Some(version_id) = latest_version_id(conn, &assignment.course_slug).await? else { continue };
        let wanted = Enrolling {
            cohort_id,
            course_slug: &assignment.course_slug,
            version_id: &version_id,
            assigned_by: assigned_by.as_deref(),
            due_at: assignment.due_at,
            only: Some(user_ids),
        };
        enrolled.extend(enrol_members(conn, &wanted).await?);
    }
    Ok(enrolled)
}

/// Takes someone out of a cohort; returns whether they were in it. Their enrolments stay: they
/// may have progress, and an assignment once made is the learner's.
pub async fn remove_member(db: &Db, cohort_id: &str, user_id: &str) -> StorageResult<bool> {
    let removed = sqlx::query("DELETE FROM cohort_members WHERE cohort_id = $1 AND user_id = $2")
        .bind(cohort_id)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(removed.rows_affected() > 0)
}

pub async fn assignments(conn: &mut AnyConnection, cohort_id: &str) -> StorageResult<Vec<CohortAssignmentRow>> {
    Ok(sqlx::query_as::<_, CohortAssignmentRow>(
        "SELECT course_slug, due_at, assigned_by, created_at FROM cohort_assignments WHERE cohort_id = $1 ORDER BY created_at, course_slug",
    )
    .bind(cohort_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The newest version of a course, read inside the caller's transaction.
async fn latest_version_id(conn: &mut AnyConnection, slug: &str) -> StorageResult<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM course_versions WHERE course_slug = $1 ORDER BY version_number DESC LIMIT 1")
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// Records (or changes the due date of) a cohort's course assignment and enrols its current
/// learners, in the caller's transaction. Returns the enrolments it made.
pub async fn assign_course(
    tx: &mut AnyConnection,
    cohort_id: &str,
    course_slug: &str,
    version_id: &str,
    assigned_by: &str,
    due_at: Option<i64>,
) -> StorageResult<Vec<Enrolment>> {
    sqlx::query(
        "INSERT INTO cohort_assignments (cohort_id, course_slug, due_at, assigned_by, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (cohort_id, course_slug) DO UPDATE SET due_at = excluded.due_at, assigned_by = excluded.assigned_by",
    )
    .bind(cohort_id)
    .bind(course_slug)
    .bind(due_at)
    .bind(assigned_by)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let wanted = Enrolling { cohort_id, course_slug, version_id, assigned_by: Some(assigned_by), due_at, only: None };
    enrol_members(tx, &wanted).await
}

/// An enrolment of a cohort's learners (or of `only` those among them) in one course.
struct Enrolling<'a> {
    cohort_id: &'a str,
    course_slug: &'a str,
    version_id: &'a str,
    assigned_by: Option<&'a str>,
    due_at: Option<i64>,
    only: Option<&'a [String]>,
}

/// The rules of `learning::assign`, for many learners at once: only people with the learner
/// role; a learner with a current enrolment keeps it (and its progress) and it gets the
/// assignment and due date; the others are enrolled in `version_id`. An enrolment made meanwhile
/// by the learner themself is kept (`ON CONFLICT DO NOTHING`) and then gets the due date too.
/// Returns the enrolments it made.
async fn enrol_members(conn: &mut AnyConnection, wanted: &Enrolling<'_>) -> StorageResult<Vec<Enrolment>> {
    let learners = "SELECT m.user_id FROM cohort_members m JOIN users u ON u.id = m.user_id \
         JOIN user_roles r ON r.user_id = m.user_id AND r.role = $1 \
         WHERE m.cohort_id = $2 AND u.erased_at IS NULL";
    let mut missing: Vec<String> = Vec::new();
    let chunks: Vec<Option<&[String]>> = match wanted.only {
        Some(ids) => ids.chunks(500).map(Some).collect(),
        None => vec![None],
    };
    for chunk in &chunks {
        let restriction = chunk.map(|ids| format!(" AND m.user_id IN ({})", placeholders(4, ids.len()))).unwrap_or_default();
        let sql = format!(
            "{learners}{restriction} AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.user_id = m.user_id \
             AND e.course_slug = $3 AND e.ended_at IS NULL)"
        );
        let mut query = sqlx::query_as::<_, (String,)>(&sql).bind(Role::Learner.code()).bind(wanted.cohort_id).bind(wanted.course_slug);
        for id in chunk.unwrap_or_default() {
            query = query.bind(id);
        }
        missing.extend(query.fetch_all(&mut *conn).await?.into_iter().map(|(id,)| id));
    }
    let at = now();
    let mut enrolled = Vec::new();
    for chunk in missing.chunks(100) {
        let values = (0..chunk.len())
            .map(|i| {
                let (id, user) = (6 + 2 * i, 7 + 2 * i);
                format!("(${id}, ${user}, $1, $2, $3, $4, $5, {})", organisation_of_person(&format!("${user}")))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO enrolments (id, user_id, course_slug, version_id, assigned_by, due_at, enrolled_at, organisation_id) VALUES {values} \
             ON CONFLICT DO NOTHING"
        );
        let mut query =
            sqlx::query(&sql).bind(wanted.course_slug).bind(wanted.version_id).bind(wanted.assigned_by).bind(wanted.due_at).bind(at);
        let ids: Vec<String> = chunk.iter().map(|_| uuid::Uuid::new_v4().to_string()).collect();
        for (id, user_id) in ids.iter().zip(chunk) {
            query = query.bind(id).bind(user_id);
        }
        query.execute(&mut *conn).await?;
        // Those the learner did not enrol in meanwhile (ON CONFLICT DO NOTHING above).
        let made = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments WHERE id IN ({})", placeholders(1, ids.len()));
        let mut query = sqlx::query_as::<_, Enrolment>(&made);
        for id in &ids {
            query = query.bind(id);
        }
        enrolled.extend(query.fetch_all(&mut *conn).await?);
    }
    for chunk in &chunks {
        let restriction = chunk.map(|ids| format!(" AND m.user_id IN ({})", placeholders(6, ids.len()))).unwrap_or_default();
        let sql = format!(
            "UPDATE enrolments SET assigned_by = $3, due_at = $4 WHERE course_slug = $5 AND ended_at IS NULL \
             AND user_id IN ({learners}{restriction})"
        );
        let mut query = sqlx::query(&sql)
            .bind(Role::Learner.code())
            .bind(wanted.cohort_id)
            .bind(wanted.assigned_by)
            .bind(wanted.due_at)
            .bind(wanted.course_slug);
        for id in chunk.unwrap_or_default() {
            query = query.bind(id);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(enrolled)
}
