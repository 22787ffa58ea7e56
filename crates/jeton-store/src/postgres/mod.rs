//! The PostgreSQL backend: for several stateless Jeton instances behind a load balancer.
//!
//! Everything an instance needs is in the database, so any instance can serve any request.
//! Correctness under concurrency comes from the shared statements (conditional
//! `UPDATE ... RETURNING`, compare-and-swap); what is PostgreSQL's own here is pooling,
//! statement timeouts, TLS (from the URL: `sslmode`, `sslrootcert`), migrations under
//! sqlx's advisory lock (so instances starting together migrate once), and sweeping by one
//! instance at a time.

pub mod feed;

use std::str::FromStr;

use jeton_core::clock::UnixTime;
use sqlx::Executor;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::sql::db::Pool;
use crate::sql::{SWEPT, SqlStore};
use crate::{ConnectOptions, Maintenance, Result};

use crate::migrations::POSTGRES_MIGRATOR as MIGRATOR;

/// The advisory lock that makes one instance at a time sweep ("jtsw"), per schema: two
/// Jeton installations in one database (different schemas) sweep independently.
const SWEEP_LOCK: i32 = 0x6a74_7377;

/// Other instances write to the same database.
pub(crate) const SHARED: bool = true;

/// Connects to the PostgreSQL database at `url`.
pub async fn connect(url: &str, options: &ConnectOptions) -> Result<SqlStore> {
    let mut connect = PgConnectOptions::from_str(url)?;
    if let Some(timeout) = options.statement_timeout {
        // A runaway statement must not hold connections and locks forever.
        connect = connect.options([("statement_timeout", format!("{}ms", timeout.as_millis()))]);
    }
    let pool = PgPoolOptions::new()
        // No ping before every query: that is a second round trip per request. A dead
        // connection fails its query once and is then dropped by the pool.
        .test_before_acquire(false)
        .max_connections(options.max_connections.max(2))
        .acquire_timeout(options.acquire_timeout)
        .connect_with(connect.clone())
        .await?;
    let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(&pool)
        .await?;
    let mut store = SqlStore::new(Pool::Postgres(pool.clone()), Pool::Postgres(pool));
    store.feed = Some(crate::changes::Feed::Postgres(Box::new(feed::Feed::new(
        &schema, connect,
    ))));
    if options.migrate {
        store.migrate().await?;
    }
    Ok(store)
}

/// Applies pending migrations, under sqlx's advisory lock.
pub(crate) async fn migrate(pool: &PgPool) -> Result<()> {
    MIGRATOR.run(pool).await?;
    Ok(())
}

/// Each batch is its own short transaction holding a transaction-scoped advisory lock:
/// an instance that does not get the lock leaves this round to the one that did, and no
/// lock outlives a batch. `SKIP LOCKED` keeps the sweep out of the way of rows that a
/// request is using right now.
pub(crate) async fn sweep(pool: &PgPool, now: UnixTime, batch: u32) -> Result<u64> {
    let mut total = 0;
    for (table, key) in SWEPT {
        let mut tx = pool.begin().await?;
        let mine: bool =
            sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema()))")
                .bind(SWEEP_LOCK)
                .fetch_one(&mut *tx)
                .await?;
        if !mine {
            tx.rollback().await?;
            return Ok(total);
        }
        let sql = format!(
            "DELETE FROM {table} WHERE {key} IN
               (SELECT {key} FROM {table} WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)"
        );
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(batch as i64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        total += done.rows_affected();
    }
    total += sweep_changes(pool, batch).await?;
    Ok(total)
}

/// Deletes changes older than [`crate::changes::CHANGE_RETENTION_SECS`] (by the database's
/// clock, which also stamped them), in `seq` order and never the newest one, so that what is
/// left is always every change after some `seq` (`changes.rs` relies on it). Under the
/// sweep lock.
async fn sweep_changes(pool: &PgPool, batch: u32) -> Result<u64> {
    let mut tx = pool.begin().await?;
    let mine: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema()))")
            .bind(SWEEP_LOCK)
            .fetch_one(&mut *tx)
            .await?;
    if !mine {
        tx.rollback().await?;
        return Ok(0);
    }
    let done = sqlx::query(
        "DELETE FROM changes WHERE seq IN (
             SELECT seq FROM changes
             WHERE seq <= (SELECT MAX(seq) FROM changes
                           WHERE created_at < EXTRACT(EPOCH FROM now())::bigint - $1)
               AND seq < (SELECT MAX(seq) FROM changes)
             ORDER BY seq LIMIT $2)",
    )
    .bind(crate::changes::CHANGE_RETENTION_SECS)
    .bind(batch as i64)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// For tests and benchmarks: creates a fresh, empty schema in the database at `base_url` and
/// answers a URL whose connections use it (`search_path`), so that runs never share state.
/// Schemas left behind by runs more than an hour old are dropped on the way.
pub async fn scratch_schema_url(base_url: &str) -> Result<String> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(base_url)
        .await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'jeton\\_scratch\\_%'",
    )
    .fetch_all(&pool)
    .await?;
    for name in stale {
        let born = name
            .split('_')
            .nth(2)
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(0);
        if born + 3600 < now {
            let _ = pool
                .execute(sqlx::AssertSqlSafe(format!(
                    "DROP SCHEMA IF EXISTS \"{name}\" CASCADE"
                )))
                .await;
        }
    }
    let mut suffix = [0u8; 6];
    jeton_core::Random::fill(&jeton_core::OsRandom, &mut suffix);
    let suffix: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let schema = format!("jeton_scratch_{now}_{suffix}");
    pool.execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
        .await?;
    pool.close().await;
    let sep = if base_url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{base_url}{sep}options=-c%20search_path%3D{schema}"
    ))
}
