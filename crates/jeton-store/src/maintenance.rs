//! What keeps the store itself running: readiness, migrations, sweeping expired rows. The
//! one aggregate whose work differs per backend, so it hands each call to `sqlite/` or
//! `postgres/`.

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use sqlx::Executor;

use crate::sql::SqlStore;
use crate::sql::db::Pool;
use crate::{Result, postgres, sqlite};

#[async_trait]
pub trait Maintenance: Send + Sync {
    /// Whether other processes may change this database at the same time (several
    /// instances): then an instance must not trust what it cached about revocable things.
    fn is_shared(&self) -> bool;
    /// Answers when the database can be reached (readiness); SQLite: and has room to write.
    async fn ping(&self) -> Result<()>;
    /// Applies pending migrations.
    async fn migrate(&self) -> Result<()>;
    /// Deletes expired codes, tokens, sessions and failure counters, at most `batch` rows
    /// per table per call, so that no call holds a lock for long. Answers how many rows went.
    async fn sweep_expired(&self, now: UnixTime, batch: u32) -> Result<u64>;
    /// Connections open and idle in the writer and reader pools (for metrics).
    fn pool_use(&self) -> PoolUse;
}

/// Connections of the pools right now. On SQLite the writer is one connection; on
/// PostgreSQL writer and reader are the same pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub writer_open: u32,
    pub writer_idle: u32,
    pub reader_open: u32,
    pub reader_idle: u32,
}

#[async_trait]
impl Maintenance for SqlStore {
    fn is_shared(&self) -> bool {
        match &self.writer {
            Pool::Sqlite(_) => sqlite::SHARED,
            Pool::Postgres(_) => postgres::SHARED,
        }
    }

    async fn ping(&self) -> Result<()> {
        match &self.reader {
            Pool::Sqlite(p) => {
                p.execute("SELECT 1").await?;
                if let Some(folder) = &self.free_space_under {
                    sqlite::check_space(folder)?;
                }
            }
            Pool::Postgres(p) => {
                p.execute("SELECT 1").await?;
            }
        }
        Ok(())
    }

    async fn migrate(&self) -> Result<()> {
        match &self.writer {
            Pool::Sqlite(p) => sqlite::migrate(p).await,
            Pool::Postgres(p) => postgres::migrate(p).await,
        }
    }

    fn pool_use(&self) -> PoolUse {
        let (writer_open, writer_idle) = self.writer.use_now();
        let (reader_open, reader_idle) = self.reader.use_now();
        PoolUse {
            writer_open,
            writer_idle,
            reader_open,
            reader_idle,
        }
    }

    async fn sweep_expired(&self, now: UnixTime, batch: u32) -> Result<u64> {
        match &self.writer {
            Pool::Sqlite(p) => sqlite::sweep(p, now, batch).await,
            Pool::Postgres(p) => postgres::sweep(p, now, batch).await,
        }
    }
}
