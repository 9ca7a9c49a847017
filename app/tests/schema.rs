//! The schema steps that run after the migrations (`storage::schema`). SQLite cannot drop the
//! first schema's rule of one enrolment per person and course, so a database made before
//! migration 8 has its enrolments table rebuilt at start: the rebuilt table must keep every
//! column and index the later migrations gave the table, and every row.

use tiltas_app::server::storage::Db;
use tiltas_app::server::testing::{TestDatabase, enrolled_learners, import_fixture_courses};

/// Puts the first schema's table rule back, as a database from before migration 8 has it,
/// keeping the columns and rows the migrations since then gave the table: the table is made
/// again from its own definition with the rule added.
async fn restore_the_old_rule(db: &Db) {
    let (definition,): (String,) =
        sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'enrolments'").fetch_one(db.pool()).await.unwrap();
    let end = definition.rfind(')').expect("a table definition ends with its closing parenthesis");
    let with_rule = format!("{}, UNIQUE (user_id, course_slug))", &definition[..end]).replacen("enrolments", "enrolments_old", 1);
    sqlx::raw_sql(&format!(
        "PRAGMA foreign_keys = OFF; {with_rule}; INSERT INTO enrolments_old SELECT * FROM enrolments; DROP TABLE enrolments; \
         ALTER TABLE enrolments_old RENAME TO enrolments; PRAGMA foreign_keys = ON;"
    ))
    .execute(db.pool())
    .await
    .expect("restore the old table rule");
}

async fn names(db: &Db, sql: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(db.pool()).await.unwrap();
    rows.into_iter().map(|(name,)| name).collect()
}

#[tokio::test]
async fn rebuilding_sqlite_enrolments_keeps_every_column_index_and_row() {
    let test = TestDatabase::sqlite().await;
    let db = test.db.clone();
    test.run(async move {
        import_fixture_courses(&db).await;
        let learners = enrolled_learners(&db, "spotting-exploitation", 3).await;
        sqlx::query("UPDATE enrolments SET started_at = 5, completed_at = 7 WHERE user_id = $1").bind(&learners[0]).execute(db.pool()).await.unwrap();
        let columns = "SELECT name FROM pragma_table_info('enrolments') ORDER BY name";
        let indexes = "SELECT name FROM pragma_index_list('enrolments') WHERE origin = 'c' ORDER BY name";
        let (columns_before, indexes_before) = (names(&db, columns).await, names(&db, indexes).await);
        for index in ["enrolments_report", "enrolments_report_by_person", "enrolments_ended"] {
            assert!(indexes_before.contains(&index.to_string()), "{index} in {indexes_before:?}");
        }

        restore_the_old_rule(&db).await;
        db.migrate().await.expect("the start-up steps");

        assert_eq!(names(&db, columns).await, columns_before);
        assert_eq!(names(&db, indexes).await, indexes_before);
        let old_rule = names(&db, "SELECT name FROM pragma_index_list('enrolments') WHERE origin = 'u'").await;
        assert!(old_rule.is_empty(), "the old rule is gone: {old_rule:?}");
        let kept: (i64, i64) = sqlx::query_as("SELECT started_at, completed_at FROM enrolments WHERE user_id = $1")
            .bind(&learners[0])
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(kept, (5, 7));
        let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enrolments").fetch_one(db.pool()).await.unwrap();
        assert_eq!(rows, 3);
    })
    .await;
}
