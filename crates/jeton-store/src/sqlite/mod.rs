//! The SQLite backend: the embedded default.
//!
//! One file in WAL mode with `synchronous=FULL`, so a commit is on disk before we answer.
//! All writes go through one connection (SQLite has one writer anyway; queueing in the pool
//! beats spinning on SQLITE_BUSY), reads through a pool of their own. Access tokens from the
//! hot client-credentials path are group-committed (see `batch.rs`).

use std::str::FromStr;
use std::time::Duration;

use jeton_core::clock::UnixTime;
use jeton_core::scope::ScopeDefinition;
use jeton_core::secret::SecretDigest;
use sqlx::Executor;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

use crate::batch::Batcher;
use crate::sql::rows::{grant_types_to_str, json_list, to_json_list};
use crate::sql::{SWEPT, bytes, conflict_or, shared_sql_store};
use crate::{
    AuthCode, Client, ConnectOptions, Domain, Grant, IssuedTokens, NewAccessToken, NewAuthCode,
    NewClient, NewConsent, NewDomain, NewRefreshToken, NewScope, NewSession, NewUser, Redemption,
    Result, Session, Store, StoreError, TokenRecord, User,
};

use crate::migrations::SQLITE_MIGRATOR as MIGRATOR;

pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    access_tokens: Batcher<NewAccessToken>,
    /// The folder of the database file (None in memory), whose free space readiness checks.
    folder: Option<std::path::PathBuf>,
}

/// Below this much free space under the database file, the store reports itself unavailable:
/// writes are about to fail (SQLite may still squeeze a small write into pages it holds, so
/// a write probe alone would say "ready" on a full disk).
const MIN_FREE_BYTES: u64 = 1024 * 1024;

impl SqliteStore {
    pub async fn connect(url: &str, options: &ConnectOptions) -> Result<Self> {
        let base = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let memory = url.contains(":memory:") || url.contains("mode=memory");
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
        let batch_pool = writer.clone();
        let access_tokens = Batcher::spawn(MAX_BATCH, move |batch| {
            let pool = batch_pool.clone();
            async move { insert_access_tokens(&pool, batch).await }
        });
        let store = Self {
            writer,
            reader,
            access_tokens,
            folder,
        };
        if options.migrate {
            store.migrate().await?;
        }
        Ok(store)
    }
}

impl SqliteStore {
    /// One file, one process: the in-process caches see every change.
    const SHARED: bool = false;

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Readiness: enough free space under the database file for writes to succeed.
    fn check_space(&self) -> Result<()> {
        let Some(folder) = &self.folder else {
            return Ok(());
        };
        let fs = rustix::fs::statvfs(folder)
            .map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::from(e))))?;
        let free = fs.f_bavail.saturating_mul(fs.f_frsize);
        if free < MIN_FREE_BYTES {
            return Err(StoreError::Database(sqlx::Error::Io(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                format!("{free} bytes free under the database file"),
            ))));
        }
        Ok(())
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    /// One batch per table; SQLite has one writer, so there is no other sweeper to exclude.
    async fn sweep(&self, now: UnixTime, batch: u32) -> Result<u64> {
        let mut total = 0;
        for (table, key) in SWEPT {
            let sql = format!(
                "DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE expires_at <= $1 LIMIT $2)"
            );
            let done = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(now)
                .bind(batch as i64)
                .execute(&self.writer)
                .await?;
            total += done.rows_affected();
        }
        Ok(total)
    }
}

shared_sql_store!(SqliteStore, Sqlite, sqlx::sqlite::SqliteRow);
