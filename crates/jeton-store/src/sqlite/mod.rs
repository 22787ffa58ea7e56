//! The SQLite backend: the embedded default.
//!
//! One file in WAL mode with `synchronous=FULL`, so a commit is on disk before we answer.
//! All writes go through one connection (SQLite has one writer anyway; queueing in the pool
//! beats spinning on SQLITE_BUSY), reads through a pool of their own. Access tokens from the
//! hot client-credentials path are group-committed (see `batch.rs`).

use std::str::FromStr;
use std::time::Duration;

use jeton_core::clock::UnixTime;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::sql::db::Pool;
use crate::sql::{SWEPT, SqlStore};
use crate::{ConnectOptions, Maintenance, Result};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// One file, one process: the in-process caches see every change.
pub(crate) const SHARED: bool = false;

/// Opens (creating if missing) the SQLite database at `url`.
pub async fn connect(url: &str, options: &ConnectOptions) -> Result<SqlStore> {
    let base = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let memory = url.contains(":memory:") || url.contains("mode=memory");
    // No ping before every use: with SQLite each ping is a hand-off to the connection's
    // thread and back, for nothing (the file does not go away between queries).
    let writer = SqlitePoolOptions::new()
        .test_before_acquire(false)
        .max_connections(1)
        .min_connections(1)
        .connect_with(base.clone())
        .await?;
    // An in-memory database exists once per connection: share the writer.
    let reader = if memory {
        writer.clone()
    } else {
        SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(options.max_connections.max(1))
            .connect_with(base.read_only(true))
            .await?
    };
    let store = SqlStore::new(Pool::Sqlite(writer), Pool::Sqlite(reader));
    if options.migrate {
        store.migrate().await?;
    }
    Ok(store)
}

/// Applies pending migrations through the writer.
pub(crate) async fn migrate(writer: &SqlitePool) -> Result<()> {
    MIGRATOR.run(writer).await?;
    Ok(())
}

/// One batch per table; SQLite has one writer, so there is no other sweeper to exclude.
pub(crate) async fn sweep(writer: &SqlitePool, now: UnixTime, batch: u32) -> Result<u64> {
    let mut total = 0;
    for (table, key) in SWEPT {
        let sql = format!(
            "DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE expires_at <= $1 LIMIT $2)"
        );
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(batch as i64)
            .execute(writer)
            .await?;
        total += done.rows_affected();
    }
    Ok(total)
}
