//! Real databases for tests: a fresh SQLite file and a fresh PostgreSQL database per test.
//! Shared by this crate's and the server crate's tests through the `testing` feature.
//!
//! PostgreSQL is required, not optional: a suite that silently skipped it would prove nothing
//! about half of the supported deployments. `TILTAS_TEST_POSTGRES_URL` points at a server where
//! databases may be created (default: the local one, with trust authentication).

use super::storage::Db;
use std::future::Future;

pub const DEFAULT_POSTGRES_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A migrated database that removes itself in `cleanup`.
pub struct TestDatabase {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    pub async fn sqlite() -> TestDatabase {
        let dir = std::env::temp_dir().join(format!("tiltas-test-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/tiltas.db", dir.display());
        let db = Db::connect(&url).await.expect("open SQLite test database");
        db.migrate().await.expect("migrate SQLite test database");
        TestDatabase { db, url, cleanup: Cleanup::SqliteFile(dir) }
    }

    pub async fn postgres() -> TestDatabase {
        let admin_url = std::env::var("TILTAS_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_ADMIN_URL.into());
        let name = format!("tiltas_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Db::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is required for the tests ({admin_url}): {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.expect("create test database");
        admin.close().await;
        let mut url = url::Url::parse(&admin_url).expect("PostgreSQL URL");
        url.set_path(&name);
        let url = url.to_string();
        let db = Db::connect(&url).await.expect("open PostgreSQL test database");
        db.migrate().await.expect("migrate PostgreSQL test database");
        TestDatabase { db, url, cleanup: Cleanup::PostgresDatabase { admin_url, name } }
    }

    pub async fn cleanup(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::SqliteFile(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(admin.pool()).await;
                    admin.close().await;
                }
            }
        }
    }
}

/// Runs the same test body against SQLite and then PostgreSQL.
pub async fn on_both_backends<F, Fut>(test: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    for database in [TestDatabase::sqlite().await, TestDatabase::postgres().await] {
        test(database.db.clone()).await;
        database.cleanup().await;
    }
}
