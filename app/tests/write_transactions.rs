//! Write transactions (`Db::begin`, `Db::begin_grouped`). On SQLite the grouped writers queued
//! behind one another are committed together (`storage::group_commit`), and any other writer has
//! a transaction of its own; on PostgreSQL each has its own transaction. Either way a writer's
//! work is stored once its `commit` returns, and only its own work is lost when it fails, is
//! dropped or is cancelled, whatever the writers around it do.

use std::time::Duration;
use tiltas_app::server::storage::{Db, WriteTransaction};
use tiltas_app::server::testing::on_both_backends;

async fn insert_organisation(tx: &mut WriteTransaction, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, 0)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(name)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

async fn stored(db: &Db, name: &str) -> bool {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM organisations WHERE name = $1").bind(name).fetch_optional(db.pool()).await.unwrap();
    found.is_some()
}

async fn stored_names(db: &Db) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM organisations ORDER BY name").fetch_all(db.pool()).await.unwrap();
    rows.into_iter().map(|(name,)| name).collect()
}

/// Holds a grouped write transaction open while `writers` more are started, so that on SQLite
/// they queue behind it and form one group with it; `writer(i)` runs each of them.
async fn queued_behind_one_writer<F, Fut>(db: &Db, writers: usize, writer: F)
where
    F: Fn(Db, usize) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let mut first = db.begin_grouped().await.unwrap();
    insert_organisation(&mut first, "first").await.unwrap();
    let tasks: Vec<_> = (0..writers).map(|i| tokio::spawn(writer(db.clone(), i))).collect();
    // Time for every writer to reach the gate (on PostgreSQL they are already writing).
    tokio::time::sleep(Duration::from_millis(200)).await;
    first.commit().await.unwrap();
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_writer_is_stored_when_its_commit_returns() {
    on_both_backends(|db| async move {
        // Twelve, so that on PostgreSQL the writers' connections and their reads beside them fit
        // in the pool of 16.
        queued_behind_one_writer(&db, 12, |db, i| async move {
            let name = format!("writer {i:02}");
            let mut tx = db.begin_grouped().await.unwrap();
            insert_organisation(&mut tx, &name).await.unwrap();
            let (own,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations WHERE name = $1").bind(&name).fetch_one(&mut *tx).await.unwrap();
            assert_eq!(own, 1, "a writer reads its own work before committing");
            assert!(!stored(&db, &name).await, "nothing is seen outside before the commit");
            tx.commit().await.unwrap();
            assert!(stored(&db, &name).await, "{name} is stored once its commit returned");
        })
        .await;
        assert_eq!(stored_names(&db).await.len(), 13);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_that_fails_or_is_dropped_loses_only_its_own_work() {
    on_both_backends(|db| async move {
        queued_behind_one_writer(&db, 12, |db, i| async move {
            let mut tx = db.begin_grouped().await.unwrap();
            insert_organisation(&mut tx, &format!("writer {i:02}")).await.unwrap();
            match i % 4 {
                0 => tx.commit().await.unwrap(),
                1 => tx.rollback().await.unwrap(),
                // An early return: the transaction is dropped without a commit.
                2 => drop(tx),
                _ => {
                    // A refused statement (the name is taken), and the writer gives up.
                    let refused = insert_organisation(&mut tx, "first").await;
                    assert!(refused.is_err(), "organisation names are unique");
                }
            }
        })
        .await;
        let expected: Vec<String> =
            std::iter::once("first".to_string()).chain((0..12).filter(|i| i % 4 == 0).map(|i| format!("writer {i:02}"))).collect();
        assert_eq!(stored_names(&db).await, expected);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_writer_is_rolled_back_and_the_next_one_goes_ahead() {
    on_both_backends(|db| async move {
        let (holding, held) = tokio::sync::oneshot::channel();
        let cancelled = tokio::spawn({
            let db = db.clone();
            async move {
                let mut tx = db.begin_grouped().await.unwrap();
                insert_organisation(&mut tx, "cancelled").await.unwrap();
                holding.send(()).unwrap();
                // A request whose client went away: it never gets further.
                std::future::pending::<()>().await;
                tx.commit().await.unwrap();
            }
        });
        held.await.unwrap();
        let next = tokio::spawn({
            let db = db.clone();
            async move {
                let mut tx = db.begin_grouped().await.unwrap();
                insert_organisation(&mut tx, "next").await.unwrap();
                tx.commit().await.unwrap();
            }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        cancelled.abort();
        tokio::time::timeout(Duration::from_secs(10), next).await.expect("the next writer is not kept waiting").unwrap();
        assert_eq!(stored_names(&db).await, vec!["next".to_string()]);
    })
    .await;
}

/// A writer that is not grouped sees only committed work: the group waiting for its commit when
/// that writer's turn comes is committed first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_of_its_own_sees_only_committed_work() {
    on_both_backends(|db| async move {
        let mut grouped = db.begin_grouped().await.unwrap();
        insert_organisation(&mut grouped, "grouped").await.unwrap();
        let alone = tokio::spawn({
            let db = db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                let (seen,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM organisations WHERE name = 'grouped'").fetch_one(&mut *tx).await.unwrap();
                // On SQLite the group is committed before this writer's turn; on PostgreSQL it
                // sees the group's work only once committed.
                assert_eq!(seen == 1, stored(&db, "grouped").await, "what it sees is committed");
                insert_organisation(&mut tx, "alone").await.unwrap();
                tx.commit().await.unwrap();
                assert!(stored(&db, "alone").await);
            }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        grouped.commit().await.unwrap();
        alone.await.unwrap();
        assert_eq!(stored_names(&db).await, vec!["alone".to_string(), "grouped".to_string()]);
    })
    .await;
}
