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

use crate::migrations::SQLITE_MIGRATOR as MIGRATOR;

pub(crate) mod feed;
pub use feed::POLL_EVERY;

/// Below this much free space under the database file, readiness fails: writes are about to
/// (SQLite may still squeeze a small write into pages it holds, so a write probe alone would
/// say "ready" on a full disk).
const MIN_FREE_BYTES: u64 = 1024 * 1024;

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
    // The folder of the file, whose free space readiness checks (none in memory).
    let folder = (!memory)
        .then(|| base.get_filename().parent().map(|p| p.to_path_buf()))
        .flatten()
        .map(|p| {
            if p.as_os_str().is_empty() {
                std::path::PathBuf::from(".")
            } else {
                p
            }
        });
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
    let mut store = SqlStore::new(Pool::Sqlite(writer), Pool::Sqlite(reader));
    store.free_space_under = folder;
    store.feed = Some(crate::changes::Feed::Sqlite(feed::Feed::new()));
    if options.migrate {
        store.migrate().await?;
    }
    Ok(store)
}

/// Readiness: enough free space under the database file for writes to succeed.
pub(crate) fn check_space(folder: &std::path::Path) -> Result<()> {
    let io = |e: std::io::Error| crate::StoreError::Database(sqlx::Error::Io(e));
    let fs = rustix::fs::statvfs(folder).map_err(|e| io(e.into()))?;
    let free = fs.f_bavail.saturating_mul(fs.f_frsize);
    if free < MIN_FREE_BYTES {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            format!("{free} bytes free under the database file"),
        )));
    }
    Ok(())
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
    // The change log: rows older than the retention, in `seq` order and never the newest
    // one, as on PostgreSQL (what is left is every change after some `seq`).
    let done = sqlx::query(
        "DELETE FROM changes WHERE seq IN (
             SELECT seq FROM changes
             WHERE seq <= (SELECT MAX(seq) FROM changes WHERE created_at < $1 - $2)
               AND seq < (SELECT MAX(seq) FROM changes)
             ORDER BY seq LIMIT $3)",
    )
    .bind(now)
    .bind(crate::changes::CHANGE_RETENTION_SECS)
    .bind(batch as i64)
    .execute(writer)
    .await?;
    total += done.rows_affected();
    Ok(total)
}
