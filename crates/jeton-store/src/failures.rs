//! Failure counters for account lockout and throttling, shared by every instance.

use async_trait::async_trait;
use jeton_core::clock::UnixTime;

use crate::Result;
use crate::sql::SqlStore;
use crate::sql::db::sql;

#[async_trait]
pub trait FailureCounters: Send + Sync {
    /// Counts one failure for `key` in the fixed window of `window_secs` that contains
    /// `now`, atomically; answers the count in that window so far.
    async fn record_failure(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32>;
    /// The failures counted for `key` in the window that contains `now`.
    async fn failures(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32>;
    /// Takes back one count of `key` in the window that contains `now` (an attempt that was
    /// counted up front and then succeeded); never below zero.
    async fn forgive_failure(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<()>;
}

#[async_trait]
impl FailureCounters for SqlStore {
    async fn record_failure(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32> {
        let start = jeton_core::lockout::window_start(now, window_secs);
        // One upsert: concurrent failures on any instance all count.
        let row = sql("INSERT INTO failure_counters (key, window_start, count, expires_at) VALUES ($1, $2, 1, $3)
             ON CONFLICT (key) DO UPDATE SET
                 count = CASE WHEN failure_counters.window_start = excluded.window_start
                              THEN failure_counters.count + 1 ELSE 1 END,
                 window_start = excluded.window_start,
                 expires_at = excluded.expires_at
             RETURNING count")
        .bind(key)
        .bind(start)
        .bind(start + window_secs)
        .fetch_one(&self.writer)
        .await?;
        let count: i64 = row.get(0)?;
        Ok(count.clamp(0, u32::MAX as i64) as u32)
    }

    async fn failures(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32> {
        let start = jeton_core::lockout::window_start(now, window_secs);
        let row = sql("SELECT count FROM failure_counters WHERE key = $1 AND window_start = $2")
            .bind(key)
            .bind(start)
            .fetch_optional(&self.reader)
            .await?;
        let count: Option<i64> = row.map(|r| r.get(0)).transpose()?;
        Ok(count.unwrap_or(0).clamp(0, u32::MAX as i64) as u32)
    }

    async fn forgive_failure(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<()> {
        let start = jeton_core::lockout::window_start(now, window_secs);
        sql("UPDATE failure_counters SET count = count - 1
             WHERE key = $1 AND window_start = $2 AND count > 0")
        .bind(key)
        .bind(start)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
